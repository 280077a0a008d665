//! pain.001 export and import of a 100,000-transfer batch, next to quick-xml reading the same
//! file event by event without building anything (issue 18), in one group, `payments_pain001`:
//!
//! * `floor/100000`: `quick_xml::Reader` over the exported file, every event read and
//!   dropped (the text of each element looked at, nothing decoded or kept): the floor;
//! * `import/100000`: [`import`] of the same file: the bounded, located reader, every value
//!   parsed into its type (amounts, IBANs, parties), the batch built and every rule of the
//!   batch checked;
//! * `export/100000`: [`export`] of the batch as pain.001.001.09 (its rules checked first).
//!
//! Targets: each of import and export at most 3x the floor and at most 1 s on one core;
//! memory at most 3x the file size. Memory is measured outside criterion, by the ignored test
//! `tests/memory` (a counting global allocator in its own test binary, so that this one's
//! timings carry no counting): the import's peak heap over the same file, printed with its
//! ratio to the file's size,
//! `cargo test -p govblocks-payments --test memory -- --ignored --nocapture`. The file is built
//! (by `tests/memory/payroll.rs`, which the memory test shares, so both measure the same file)
//! and exported before timing; its size is printed. Each import's batch is dropped inside the
//! timed loop (criterion's `iter`): its freeing is counted in the import's time.
//!
//! `cargo bench -p govblocks-payments --bench pain001 -- --warm-up-time 1 --measurement-time 5`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use govblocks_payments::iso20022::pain001::{export, import, Version};
use quick_xml::events::Event;
use std::hint::black_box;

#[path = "../tests/memory/payroll.rs"]
mod payroll;

const N: usize = 100_000;

/// Every event of `xml` read and dropped: the number of element starts.
fn floor(xml: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut starts = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(_) => starts += 1,
            Event::Text(t) => {
                black_box(t.len());
            }
            Event::Eof => return starts,
            _ => {}
        }
    }
}

fn pain001(c: &mut Criterion) {
    let batch = payroll::batch(N);
    let xml = export(&batch, Version::V09).unwrap();
    // Both directions work before they are timed.
    assert_eq!(import(&xml).unwrap(), batch);
    println!(
        "pain.001.001.09 file of {N} transfers: {} bytes ({} element starts)",
        xml.len(),
        floor(&xml)
    );
    let mut group = c.benchmark_group("payments_pain001");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_with_input(BenchmarkId::new("floor", N), &xml, |b, xml| {
        b.iter(|| floor(black_box(xml)))
    });
    group.bench_with_input(BenchmarkId::new("import", N), &xml, |b, xml| {
        b.iter(|| import(black_box(xml)).unwrap())
    });
    group.bench_with_input(BenchmarkId::new("export", N), &batch, |b, batch| {
        b.iter(|| export(black_box(batch), Version::V09).unwrap())
    });
    group.finish();
}

criterion_group!(benches, pain001);
criterion_main!(benches);
