//! Verifying disbursement batches, next to reading the same bytes with serde_json (issue 15,
//! point 7), in one group, `payments_batch`:
//!
//! * `verify/N`: [`BatchVerifier::verify`] of a batch of N transfers made by a maker and
//!   approved by a checker: strict parse, schema, the typed batch, both proofs (the maker's
//!   over the batch, the checker's over the batch and the maker's proof), every count, control
//!   sum and identifier rule, the approval policy;
//! * `from_slice/N`: `serde_json::from_slice::<serde_json::Value>` of the same bytes, the
//!   floor (reading the bytes once into a tree).
//!
//! N is 1,000, 10,000 and 100,000 (the last with 10 samples), so the cost's linearity from
//! 10,000 to 100,000 reads in the same run. The batches are built and signed before timing
//! (`tests/scale/batches.rs`, shared with the scale tests).
//!
//! `cargo bench -p govblocks-payments --bench batch -- --warm-up-time 1 --measurement-time 5`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../tests/scale/batches.rs"]
mod batches;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn batch(c: &mut Criterion) {
    let verifier = batches::verifier();
    let mut group = c.benchmark_group("payments_batch");
    for n in [1_000usize, 10_000, 100_000] {
        let bytes = batches::signed(1, n);
        // The batch verifies before it is timed.
        verifier.verify(&bytes).unwrap();
        if n >= 100_000 {
            group.sample_size(10);
        }
        group.throughput(Throughput::Bytes(bytes.len() as u64));
        group.bench_with_input(BenchmarkId::new("verify", n), &bytes, |b, bytes| {
            b.iter(|| verifier.verify(black_box(bytes)).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("from_slice", n), &bytes, |b, bytes| {
            b.iter(|| serde_json::from_slice::<serde_json::Value>(black_box(bytes)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, batch);
criterion_main!(benches);
