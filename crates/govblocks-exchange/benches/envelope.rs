//! Exchange envelopes, each next to raw Ed25519 `verify_strict` in the same group (issue 16
//! targets), measured as `govblocks-identity`'s bench measures a foundational ID credential:
//! the raw floor is one `verify_strict` of a signature over the unsigned document's JSON bytes
//! (the same size of message as the envelope), with the same key.
//!
//! * sign and verify (from bytes) envelopes with a 1 KiB and a 64 KiB payload; verify of a
//!   1 KiB envelope <= 1.1x raw;
//! * `verify_batch` of 1,000 envelopes next to 1,000 raw `verify_strict` (the floor:
//!   <= 0.5x each; branch `i16-batch2`, under load: 0.47x wall, 0.49-0.56x in CPU time: at the
//!   bound, not clear of it), and
//!   beside them the ed25519 batch floor: `ed25519_dalek::verify_batch` of the same 1,000
//!   signatures over their real hash data (about 0.3x `verify_strict`), to show the room left.
//!
//! The envelopes are canonical (as signed), so the verifier hashes them, and finds their
//! payload's digest, straight from their bytes. In a batch, about two fifths of the time is the
//! signature work (one `R` decompressed and one term of the multiscalar sum per envelope); the
//! rest is core's pipeline (strict parse, schema, proof checks), the hashes, this crate's typed
//! read and rules, and the drop of the results (README, "Where the time goes in a batch of
//! envelopes"). `GOVBLOCKS_BENCH_CPU_ROUNDS=N` runs the batch group's three arms interleaved,
//! N times, in thread CPU time, and prints the medians and ratios instead (for a loaded machine).
//!
//! Run: `cargo bench -p govblocks-exchange --bench envelope -- --warm-up-time 1
//! --measurement-time 5` (or build once with `--no-run` and run the binary with a filter).
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ed25519_dalek::{Signer as _, SigningKey};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{CachingResolver, DidKeyResolver};
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, RequestBuilder};
use govblocks_exchange::envelope::model::Envelope;
use govblocks_exchange::verify::EnvelopeVerifier;
use serde_json::json;
use std::hint::black_box;

const CLIENT: &str = "EE/GOV/70000001/social";
const SERVICE: &str = "EE/GOV/70000002/population/residence/v1";

fn now() -> Timestamp {
    "2026-12-06T10:00:00Z".parse().unwrap()
}

/// A request whose payload serializes to about `size` bytes (a fresh v4 message id each).
fn request(size: usize) -> Envelope {
    let filler = "x".repeat(size.saturating_sub(40));
    RequestBuilder::new(
        CLIENT.parse().unwrap(),
        SERVICE.parse().unwrap(),
        "getResidence",
        json!({"personId": "4471", "note": filler}),
    )
    .timestamp(now())
    .correlation_id("case-4471")
    .build()
    .unwrap()
}

fn bench(c: &mut Criterion) {
    let client = SecretKey::from_seed(&[1; 32]);
    let dalek = SigningKey::from_bytes(&[1; 32]);
    let directory = Directory::new().with(CLIENT.parse().unwrap(), client.public_key().did());
    let verifier = EnvelopeVerifier::new(
        Verifier::new(
            CachingResolver::new(DidKeyResolver, 1024),
            directory.trust_list(),
        )
        .with_clock(FixedClock::new(now())),
        directory,
    );

    for (name, size) in [("envelope_1KiB", 1024), ("envelope_64KiB", 64 * 1024)] {
        let envelope = request(size);
        let unsigned = serde_json::to_vec(&envelope).unwrap();
        let raw_sig = dalek.sign(&unsigned);
        let signed = govblocks_core::jcs::canonicalize(&sign(&envelope, &client).unwrap());
        verifier.verify(&signed).unwrap();

        let mut group = c.benchmark_group(name);
        group.bench_function("raw_ed25519_verify_strict", |b| {
            b.iter(|| {
                dalek
                    .verifying_key()
                    .verify_strict(black_box(&unsigned), &raw_sig)
                    .unwrap()
            })
        });
        group.bench_function("sign", |b| {
            b.iter(|| sign(black_box(&envelope), &client).unwrap())
        });
        group.bench_function("verify", |b| {
            b.iter(|| verifier.verify(black_box(&signed)).unwrap())
        });
        group.finish();
    }

    // 1,000 envelopes (1 KiB payloads, each its own message id), one signature batch.
    let envelopes: Vec<Vec<u8>> = (0..1000)
        .map(|_| govblocks_core::jcs::canonicalize(&sign(&request(1024), &client).unwrap()))
        .collect();
    let inputs: Vec<&[u8]> = envelopes.iter().map(Vec::as_slice).collect();
    for r in verifier.verify_batch(&inputs) {
        r.unwrap();
    }
    let unsigned = serde_json::to_vec(&request(1024)).unwrap();
    let raw_sig = dalek.sign(&unsigned);
    // The ed25519 batch floor: the same 1,000 signatures over their real signing inputs (the
    // eddsa-jcs-2022 hash data of each envelope), checked by `ed25519_dalek::verify_batch`
    // with the key already decompressed. Not the floor (that is 1,000 raw
    // `verify_strict`): printed beside it, to show how much room the batch leaves.
    let (messages, signatures): (Vec<[u8; 64]>, Vec<ed25519_dalek::Signature>) = envelopes
        .iter()
        .map(|bytes| {
            let mut document = govblocks_core::json::parse(bytes).unwrap();
            let proof = document.as_object_mut().unwrap().remove("proof").unwrap();
            let proof = proof.as_object().unwrap();
            let value = proof["proofValue"].as_str().unwrap();
            let signature =
                govblocks_core::encoding::multibase_decode_array::<64>(value, "proofValue")
                    .unwrap();
            let config = serde_json::Value::Object(govblocks_core::proof::proof_config(proof));
            (
                govblocks_core::proof::eddsa_jcs_2022::hash_data(&document, &config),
                ed25519_dalek::Signature::from_bytes(&signature),
            )
        })
        .unzip();
    let message_refs: Vec<&[u8]> = messages.iter().map(|m| &m[..]).collect();
    let keys = vec![dalek.verifying_key(); envelopes.len()];
    ed25519_dalek::verify_batch(&message_refs, &signatures, &keys).unwrap();
    if let Some(rounds) = std::env::var("GOVBLOCKS_BENCH_CPU_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
    {
        // On a loaded machine, wall-clock ratios swing with the other core's load: this runs
        // the three arms of the group interleaved, `rounds` times, and reads this thread's CPU
        // time (`/proc/thread-self/schedstat`) and the wall time, then prints them and the
        // ratios.
        let arms: [(&str, &dyn Fn()); 3] = [
            ("raw verify_strict x1000 (the issue's floor)", &|| {
                for _ in 0..1000 {
                    dalek
                        .verifying_key()
                        .verify_strict(black_box(&unsigned), &raw_sig)
                        .unwrap()
                }
            }),
            (
                "raw ed25519_dalek::verify_batch x1000 (the batch floor)",
                &|| {
                    ed25519_dalek::verify_batch(black_box(&message_refs), &signatures, &keys)
                        .unwrap()
                },
            ),
            ("EnvelopeVerifier::verify_batch x1000", &|| {
                for r in verifier.verify_batch(black_box(&inputs)) {
                    r.unwrap();
                }
            }),
        ];
        // The kernel brings a running thread's `schedstat` up to date only at its scheduler
        // ticks (4 ms here), so one reading is ±4 ms: a median of 20 ms runs is mostly that
        // rounding. The CPU time is the mean over every round (the roundings average out:
        // about ±2% over 21 rounds of these arms), beside the median of the wall time.
        let mut cpu = vec![0u64; arms.len()];
        let mut wall = vec![Vec::new(); arms.len()];
        for _ in 0..rounds {
            for (i, (_, arm)) in arms.iter().enumerate() {
                let (start, clock) = (thread_cpu_ns(), std::time::Instant::now());
                arm();
                wall[i].push(clock.elapsed().as_secs_f64() * 1e3);
                cpu[i] += thread_cpu_ns() - start;
            }
        }
        let means: Vec<f64> = cpu
            .iter()
            .map(|&t| t as f64 / rounds as f64 / 1e6)
            .collect();
        let medians: Vec<f64> = wall
            .iter_mut()
            .map(|t| {
                t.sort_by(f64::total_cmp);
                t[t.len() / 2]
            })
            .collect();
        for ((name, _), (m, w)) in arms.iter().zip(means.iter().zip(&medians)) {
            println!("{name}: {m:.2} ms CPU (mean of {rounds}), {w:.2} ms wall (median)");
        }
        for (what, v) in [("cpu", &means), ("wall", &medians)] {
            println!(
                "{what} ratio: ours / verify_strict {:.3}, ours / batch floor {:.3}, batch floor / verify_strict {:.3}",
                v[2] / v[0],
                v[2] / v[1],
                v[1] / v[0]
            );
        }
        return;
    }
    let mut group = c.benchmark_group("envelopes_1000");
    group.throughput(Throughput::Elements(1000));
    group.sample_size(10);
    group.bench_function("raw_ed25519_verify_strict_x1000", |b| {
        b.iter(|| {
            for _ in 0..1000 {
                dalek
                    .verifying_key()
                    .verify_strict(black_box(&unsigned), &raw_sig)
                    .unwrap()
            }
        })
    });
    group.bench_function("raw_ed25519_verify_batch_x1000", |b| {
        b.iter(|| {
            ed25519_dalek::verify_batch(black_box(&message_refs), &signatures, &keys).unwrap()
        })
    });
    group.bench_function("verify_batch", |b| {
        b.iter(|| {
            for r in verifier.verify_batch(black_box(&inputs)) {
                r.unwrap();
            }
        })
    });
    group.finish();
}

/// This thread's time on a CPU so far, in nanoseconds (Linux: the first field of
/// `/proc/thread-self/schedstat`).
fn thread_cpu_ns() -> u64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .unwrap()
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

criterion_group!(benches, bench);
criterion_main!(benches);
