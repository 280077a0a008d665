//! The scale run's unit of work (issue 14), next to its floor in the same group: 64
//! presentations, each a different person holding one foundational ID credential with a
//! revocation entry, verified by the scale run's office with one signature batch
//! (`tests/properties/scale.rs`), beside
//!
//! * `floor`: their 128 signatures alone, `ed25519_dalek::verify_batch` with the hash data
//!   computed and the keys decompressed beforehand (the scale run's floor, one call);
//! * `holder_keys`: the 64 holder keys decompressed alone (`PublicKey::from_bytes`), the one
//!   cost beyond the floor no cache saves;
//! * `what_any_verifier_does`: the verifier's signature work plus what no verifier of these
//!   documents can skip, whatever its code — each presentation's bytes read once, both
//!   documents checked against their schemas, both `proofValue`s decoded, the eddsa-jcs-2022
//!   hash data of both documents and both proof configurations. `verify_batch` minus this is
//!   the part that rules, typed models and bookkeeping cost, and what a target above the floor
//!   leaves for them.
//!
//! The replay store accepts everything (the same presentations are verified again at every
//! iteration); the scale run uses a `MemoryAcceptOnce`. Run:
//! `cargo bench -p govblocks-identity --bench scale_unit`.
//!
//! On a machine whose speed moves (another core busy, a shared host), read the interleaved
//! mode: `GOVBLOCKS_BENCH_CPU_ROUNDS=31 target/release/deps/scale_unit-* --bench
//! scale_unit_64_presentations` runs the arms in short alternating turns in this thread's CPU
//! time and prints `verify_batch / floor` (the scale run's ratio on one thread),
//! `what_any_verifier_does / floor` and `verify_batch / what_any_verifier_does`; for the median
//! over fresh processes, or an A/B of two builds, `crates/govblocks-testkit/interleaved-median.sh`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_identity::presentation::PresentationRequest;
use std::hint::black_box;

#[path = "../../govblocks-testkit/src/interleaved.rs"]
#[allow(dead_code)]
mod interleaved;
use interleaved::{interleaved, rounds_from_env, selected};

#[path = "support/no_replay.rs"]
mod no_replay;
use no_replay::NoReplayStore;

#[path = "../tests/properties/scale_world.rs"]
#[allow(dead_code)]
mod scale_world;
use scale_world::{office, presentation, raw_signatures_of, what_any_verifier_does, DOMAIN};

/// Presentations in the unit (the scale run's batch).
const BATCH: u64 = 64;

fn bench(c: &mut Criterion) {
    let registry = SecretKey::from_seed(&[1; 32]);
    let stream: Vec<Vec<u8>> = (0..BATCH).map(|i| presentation(&registry, i)).collect();
    let challenges: Vec<String> = (0..BATCH).map(|i| format!("c-{i}")).collect();
    let requests: Vec<PresentationRequest<'_>> = stream
        .iter()
        .zip(&challenges)
        .map(|(bytes, challenge)| PresentationRequest {
            bytes,
            challenge,
            domain: DOMAIN,
        })
        .collect();
    let office = office(&registry, NoReplayStore);
    for r in office.verify_batch(&requests) {
        r.unwrap();
    }
    let raw: Vec<_> = stream
        .iter()
        .flat_map(|bytes| raw_signatures_of(bytes))
        .collect();
    let messages: Vec<&[u8]> = raw.iter().map(|r| &r.message[..]).collect();
    let signatures: Vec<_> = raw.iter().map(|r| r.signature).collect();
    let keys: Vec<_> = raw.iter().map(|r| r.key).collect();
    let signature_bytes: Vec<[u8; 64]> = signatures.iter().map(|s| s.to_bytes()).collect();
    let holder_keys: Vec<[u8; 32]> = raw.iter().step_by(2).map(|r| r.key.to_bytes()).collect();

    let registry_key = registry.public_key();
    let floor = || {
        ed25519_dalek::verify_batch(black_box(&messages), &signatures, &keys).unwrap();
    };
    let ours = || {
        let holders: Vec<PublicKey> = holder_keys
            .iter()
            .map(|k| PublicKey::from_bytes(black_box(k)).unwrap())
            .collect();
        let items: Vec<(&[u8], &[u8; 64], &PublicKey)> = raw
            .iter()
            .enumerate()
            .map(|(i, r)| {
                let key = if i % 2 == 0 {
                    &holders[i / 2]
                } else {
                    &registry_key
                };
                (&r.message[..], &signature_bytes[i], key)
            })
            .collect();
        assert!(govblocks_core::testkit_hook::batch_verify_keys(&items));
    };
    let verify = || {
        for r in office.verify_batch(black_box(&requests)) {
            r.unwrap();
        }
    };
    // What any verifier of these presentations does, however it is written (the scale
    // world's `what_any_verifier_does`): what stands between it and `verify_batch` is what the
    // rules, the typed values and the bookkeeping cost.
    let slices: Vec<&[u8]> = stream.iter().map(Vec::as_slice).collect();
    let minimum = || what_any_verifier_does(black_box(&slices), &raw, &registry_key);
    const GROUP: &str = "scale_unit_64_presentations";
    if let Some(rounds) = rounds_from_env() {
        if selected(GROUP) {
            interleaved(
                GROUP,
                rounds,
                4,
                &[
                    ("floor", &floor),
                    ("signatures_as_the_verifier_checks_them", &ours),
                    ("verify_batch", &verify),
                    ("what_any_verifier_does", &minimum),
                ],
                &[(2, 0), (1, 0), (3, 0), (2, 3)],
            );
        }
        return;
    }
    let mut group = c.benchmark_group(GROUP);
    group.throughput(criterion::Throughput::Elements(BATCH));
    group.sample_size(30);
    group.bench_function("floor", |b| b.iter(floor));
    group.bench_function("holder_keys", |b| {
        b.iter(|| {
            for key in &holder_keys {
                black_box(PublicKey::from_bytes(black_box(key)).unwrap());
            }
        })
    });
    // The verifier's own signature batch on the same signatures: each holder key decompressed
    // (as the verifier does), the registry's key once (cached), one batch equation in which
    // the registry's terms are added up.
    group.bench_function("signatures_as_the_verifier_checks_them", |b| b.iter(ours));
    group.bench_function("verify_batch", |b| b.iter(verify));
    group.bench_function("what_any_verifier_does", |b| b.iter(minimum));
    group.finish();

    // What every verification must do beyond the signatures, whatever the code: read the bytes
    // and hash them (both documents, without their proofs).
    let limits = govblocks_core::json::Limits::default();
    let mut group = c.benchmark_group("scale_unit_parts_64");
    group.throughput(criterion::Throughput::Elements(BATCH));
    group.bench_function("tape_parse", |b| {
        b.iter(|| {
            for bytes in &stream {
                black_box(govblocks_core::json::Tape::parse(black_box(bytes), &limits).unwrap());
            }
        })
    });
    let tapes: Vec<_> = stream
        .iter()
        .map(|bytes| govblocks_core::json::Tape::parse(bytes, &limits).unwrap())
        .collect();
    group.bench_function("tree_of_presentation_made_and_dropped", |b| {
        b.iter(|| {
            for tape in &tapes {
                black_box(tape.root().to_value());
            }
        })
    });
    group.bench_function("tree_of_credential_made_and_dropped", |b| {
        b.iter(|| {
            for tape in &tapes {
                let credential = tape.root().get("verifiableCredential").unwrap();
                black_box(credential.elements().next().unwrap().to_value());
            }
        })
    });
    group.bench_function("strict_parse", |b| {
        b.iter(|| {
            for bytes in &stream {
                black_box(
                    govblocks_core::json::parse_with_layout(black_box(bytes), &limits).unwrap(),
                );
            }
        })
    });
    group.bench_function("sha256_all_bytes_twice", |b| {
        use sha2::Digest;
        b.iter(|| {
            for bytes in &stream {
                black_box(sha2::Sha256::digest(black_box(bytes)));
                black_box(sha2::Sha256::digest(black_box(bytes)));
            }
        })
    });
    group.finish();
    eprintln!(
        "presentation bytes: {} on average",
        stream.iter().map(Vec::len).sum::<usize>() / stream.len()
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
