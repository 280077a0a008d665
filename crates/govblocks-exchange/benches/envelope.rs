//! Exchange envelopes, each next to raw Ed25519 `verify_strict` in the same group (issue 16
//! targets), measured as `govblocks-identity`'s bench measures a foundational ID credential:
//! the raw floor is one `verify_strict` of a signature over the unsigned document's JSON bytes
//! (the same size of message as the envelope), with the same key.
//!
//! * sign and verify (from bytes) envelopes with a 1 KiB and a 64 KiB payload; verify of a
//!   1 KiB envelope <= 1.1x raw;
//! * `verify_batch` of 1,000 envelopes next to 1,000 raw `verify_strict` (the floor:
//!   <= 0.5x each; median 0.447x of ten processes, README row (k)), and
//!   beside them the ed25519 batch floor: `ed25519_dalek::verify_batch` of the same 1,000
//!   signatures over their real hash data (about 0.3x `verify_strict`), to show the room left.
//!
//! The envelopes are canonical (as signed), so the verifier reads them without a tree
//! (`govblocks_core::json::Tape`), checks the schema on that reading, and hashes them, and finds
//! their payload's digest, straight from their bytes. In a batch, about half of the time is the
//! signature work (one `R` decompressed and one term of the multiscalar sum per envelope); the
//! rest is SHA-256, the schema, the proof checks, this crate's typed read and rules, and the
//! drop of the results (README, "Where the time goes in a batch of envelopes").
//!
//! **On a loaded machine, read the interleaved mode, not criterion's ratios.** Criterion
//! measures one function after the other, each for seconds: the floor and ours are timed in
//! different windows, and on a machine whose other core (or whose host) is busy some of the
//! time, the two windows run at different speeds: two runs of the same binary 20 s apart
//! (load 4.6) gave verify / raw 0.77x (96 against 124 µs), then 1.39x (158 against 114 µs),
//! while the interleaved ratio of the same minutes stayed within 1.09-1.33x. `GOVBLOCKS_BENCH_CPU_ROUNDS=N` instead runs each group's arms (the
//! floor first) interleaved in short turns, N rounds, the order reversed every other round,
//! and reads this thread's CPU time to the nanosecond around each turn; it prints each arm's
//! mean and the ratios, with the spread of the per-round ratios (the figure to report). The
//! groups run are those named on the command line (`envelope_1KiB`, `envelope_64KiB`,
//! `envelopes_1000`), or all.
//!
//! Run: `cargo bench -p govblocks-exchange --bench envelope -- --warm-up-time 1
//! --measurement-time 5` (or build once with `--no-run` and run the binary with a filter);
//! interleaved: `GOVBLOCKS_BENCH_CPU_ROUNDS=31 target/release/deps/envelope-* --bench
//! 'envelope_1KiB|envelopes_1000'`.
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

#[path = "../../govblocks-testkit/src/interleaved.rs"]
#[allow(dead_code)]
mod interleaved;
use interleaved::{interleaved, rounds_from_env, selected};

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
    let rounds = rounds_from_env();

    for (name, size, reps) in [
        ("envelope_1KiB", 1024, 40),
        ("envelope_64KiB", 64 * 1024, 10),
    ] {
        let envelope = request(size);
        let unsigned = serde_json::to_vec(&envelope).unwrap();
        let raw_sig = dalek.sign(&unsigned);
        let signed = govblocks_core::jcs::canonicalize(&sign(&envelope, &client).unwrap());
        verifier.verify(&signed).unwrap();
        let raw = || {
            dalek
                .verifying_key()
                .verify_strict(black_box(&unsigned), &raw_sig)
                .unwrap()
        };
        let ours = || drop(verifier.verify(black_box(&signed)).unwrap());

        if let Some(rounds) = rounds {
            if selected(name) {
                interleaved(
                    name,
                    rounds,
                    reps,
                    &[
                        ("raw verify_strict (the issue's floor)", &raw),
                        ("EnvelopeVerifier::verify from bytes", &ours),
                    ],
                    &[(1, 0)],
                );
            }
            continue;
        }
        let mut group = c.benchmark_group(name);
        group.bench_function("raw_ed25519_verify_strict", |b| b.iter(raw));
        group.bench_function("sign", |b| {
            b.iter(|| sign(black_box(&envelope), &client).unwrap())
        });
        group.bench_function("verify", |b| b.iter(ours));
        group.finish();
    }
    if rounds.is_some() && !selected("envelopes_1000") {
        return;
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
    let raw_x1000 = || {
        for _ in 0..1000 {
            dalek
                .verifying_key()
                .verify_strict(black_box(&unsigned), &raw_sig)
                .unwrap()
        }
    };
    let batch_floor =
        || ed25519_dalek::verify_batch(black_box(&message_refs), &signatures, &keys).unwrap();
    let ours = || {
        for r in verifier.verify_batch(black_box(&inputs)) {
            r.unwrap();
        }
    };
    if let Some(rounds) = rounds {
        interleaved(
            "envelopes_1000",
            rounds,
            1,
            &[
                ("raw verify_strict x1000 (the issue's floor)", &raw_x1000),
                (
                    "raw ed25519_dalek::verify_batch x1000 (the batch floor)",
                    &batch_floor,
                ),
                ("EnvelopeVerifier::verify_batch x1000", &ours),
            ],
            &[(1, 0), (2, 0), (2, 1)],
        );
        return;
    }
    let mut group = c.benchmark_group("envelopes_1000");
    group.throughput(Throughput::Elements(1000));
    group.sample_size(10);
    group.bench_function("raw_ed25519_verify_strict_x1000", |b| b.iter(raw_x1000));
    group.bench_function("raw_ed25519_verify_batch_x1000", |b| b.iter(batch_floor));
    group.bench_function("verify_batch", |b| b.iter(ours));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
