//! SPDCI / G2P Connect bodies (issue 19): sign+encrypt and verify+decrypt of a body with a
//! 1 KiB and a 64 KiB payload, each next to the two floors in the same group: one raw Ed25519
//! `verify_strict` of a signature over a message the size of the body, and one raw X25519
//! agreement (`x25519_dalek`, what ECDH-ES costs at least once per message). Plain sign and
//! verify (no encryption) show what encryption adds.
//!
//! Run: `cargo bench -p govblocks-exchange --bench g2p -- --warm-up-time 1
//! --measurement-time 5`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ed25519_dalek::{Signer as _, SigningKey};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::{SecretKey, X25519SecretKey};
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{CachingResolver, DidKeyResolver};
use govblocks_exchange::g2p::{seal, G2pVerifier, MsgHeader, Senders};
use serde_json::{json, Value};
use std::hint::black_box;

const SENDER: &str = "spp.example.org";

fn now() -> Timestamp {
    "2026-12-06T10:00:00Z".parse().unwrap()
}

/// A payload of about `bytes` bytes of JSON: records of a few short fields.
fn payload(bytes: usize) -> Value {
    let record =
        json!({"id": "4471-0000", "name": "Maria Tamm", "district": "Tallinn", "amount": "12.50"});
    let per = record.to_string().len() + 1;
    json!({"records": vec![record; bytes / per]})
}

fn bench(c: &mut Criterion) {
    let sender = SecretKey::from_seed(&[1; 32]);
    let receiver = X25519SecretKey::from_bytes(&[2; 32]);
    let receiver_public = receiver.public_key();
    let senders = Senders::new().with(SENDER, sender.public_key().did());
    let core = Verifier::new(
        CachingResolver::new(DidKeyResolver, 16),
        senders.trust_list(),
    )
    .with_clock(FixedClock::new(now()));
    let verifier = G2pVerifier::new(core, senders).with_decrypt_key(receiver);
    let header = MsgHeader::request("m-1", now(), "records", SENDER, 1);

    // The floors' keys.
    let raw = SigningKey::from_bytes(&[1; 32]);
    let raw_public = raw.verifying_key();
    let ephemeral = x25519_dalek::StaticSecret::from([3; 32]);
    let peer = x25519_dalek::PublicKey::from(&x25519_dalek::StaticSecret::from([2; 32]));

    for (name, size) in [("1KiB", 1024), ("64KiB", 64 * 1024)] {
        let payload = payload(size);
        let plain = serde_json::to_vec(
            &seal(header.clone(), payload.clone(), &sender, None)
                .unwrap()
                .to_value(),
        )
        .unwrap();
        let encrypted = serde_json::to_vec(
            &seal(
                header.clone(),
                payload.clone(),
                &sender,
                Some(&receiver_public),
            )
            .unwrap()
            .to_value(),
        )
        .unwrap();
        let message = vec![b'x'; encrypted.len()];
        let signature = raw.sign(&message);

        let mut group = c.benchmark_group(format!("g2p_{name}"));
        group.throughput(Throughput::Bytes(size as u64));
        group.bench_function("raw_verify_strict", |b| {
            b.iter(|| {
                raw_public
                    .verify_strict(black_box(&message), &signature)
                    .unwrap()
            })
        });
        group.bench_function("raw_x25519_agreement", |b| {
            b.iter(|| black_box(&ephemeral).diffie_hellman(black_box(&peer)))
        });
        group.bench_with_input(BenchmarkId::new("sign", name), &payload, |b, p| {
            b.iter(|| seal(header.clone(), p.clone(), &sender, None).unwrap())
        });
        group.bench_with_input(BenchmarkId::new("sign_encrypt", name), &payload, |b, p| {
            b.iter(|| seal(header.clone(), p.clone(), &sender, Some(&receiver_public)).unwrap())
        });
        group.bench_function("verify", |b| {
            b.iter(|| verifier.verify(black_box(&plain)).unwrap())
        });
        group.bench_function("verify_decrypt", |b| {
            b.iter(|| verifier.verify(black_box(&encrypted)).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
