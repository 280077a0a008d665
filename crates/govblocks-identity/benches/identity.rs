//! Identity, each next to raw Ed25519 `verify_strict` in the same group (issue 7 targets):
//! issue and verify a foundational ID credential (verify without status <= 1.5x raw); verify a
//! presentation holding three credentials (<= 4.5x raw); a status-bit check on a decoded list
//! (<= 1 us). Run: `cargo bench -p govblocks-identity --bench identity`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use ed25519_dalek::{Signer as _, SigningKey};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::presentation::{create, PresentationRequest, PresentationVerifier};
use govblocks_identity::status_list::{StatusEntry, StatusList, StatusPurpose};
use std::hint::black_box;

#[path = "support/no_replay.rs"]
mod no_replay;
use no_replay::NoReplayStore;

#[path = "../tests/properties/scale_world.rs"]
#[allow(dead_code)]
mod scale_world;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

/// The scale run's foundational ID credential, number `234567890 + n` (9 digits and the check
/// digit).
fn foundational_id(registry: &SecretKey, holder: &SecretKey, n: u32) -> Credential {
    scale_world::foundational_id(registry, holder, &format!("{:09}", 234_567_890 + n))
}

fn bench(c: &mut Criterion) {
    let registry = SecretKey::from_seed(&[1; 32]);
    let holder = SecretKey::from_seed(&[2; 32]);
    let dalek = SigningKey::from_bytes(&[1; 32]);
    let credential = foundational_id(&registry, &holder, 0);
    let unsigned = serde_json::to_vec(&credential).unwrap();
    let raw_sig = dalek.sign(&unsigned);
    let signed = issue(&credential, &registry, &ProofOptions::assertion()).unwrap();
    let signed_bytes = serde_json::to_vec(&signed).unwrap();
    let clock = FixedClock::new(t("2025-01-01T00:00:00Z"));
    let trust =
        || TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]);
    let credentials = CredentialVerifier::new(
        Verifier::new(CachingResolver::new(DidKeyResolver, 1024), trust()).with_clock(clock),
    );
    credentials.verify(&signed_bytes).unwrap();

    let mut group = c.benchmark_group("foundational_id_credential");
    group.bench_function("raw_ed25519_verify_strict", |b| {
        b.iter(|| {
            dalek
                .verifying_key()
                .verify_strict(black_box(&unsigned), &raw_sig)
                .unwrap()
        })
    });
    group.bench_function("issue", |b| {
        b.iter(|| {
            issue(
                black_box(&credential),
                &registry,
                &ProofOptions::assertion(),
            )
            .unwrap()
        })
    });
    group.bench_function("verify", |b| {
        b.iter(|| credentials.verify(black_box(&signed_bytes)).unwrap())
    });
    group.finish();

    // A presentation of three credentials.
    let three: Vec<serde_json::Value> = (0..3)
        .map(|n| {
            issue(
                &foundational_id(&registry, &holder, n),
                &registry,
                &ProofOptions::assertion(),
            )
            .unwrap()
        })
        .collect();
    let vp = create(three, &holder, None, "challenge", "office.example").unwrap();
    let vp_bytes = serde_json::to_vec(&vp).unwrap();
    let office = PresentationVerifier::new(
        CredentialVerifier::new(
            Verifier::new(CachingResolver::new(DidKeyResolver, 1024), trust()).with_clock(clock),
        ),
        Verifier::new(CachingResolver::new(DidKeyResolver, 1024), TrustList::any())
            .with_clock(clock),
        NoReplayStore,
    );
    office
        .verify(&vp_bytes, "challenge", "office.example")
        .unwrap();
    let mut group = c.benchmark_group("presentation_of_3");
    group.bench_function("raw_ed25519_verify_strict", |b| {
        b.iter(|| {
            dalek
                .verifying_key()
                .verify_strict(black_box(&unsigned), &raw_sig)
                .unwrap()
        })
    });
    group.bench_function("verify", |b| {
        b.iter(|| {
            office
                .verify(black_box(&vp_bytes), "challenge", "office.example")
                .unwrap()
        })
    });
    group.finish();

    // A stream of presentations from different people (the scale run's unit of work): 64
    // presentations of one credential each, every holder a different key, verified with one
    // signature batch; next to 128 raw `verify_strict` calls (the signatures they hold).
    let people: Vec<SecretKey> = (0..64u8)
        .map(|i| SecretKey::from_seed(&[i.wrapping_add(100); 32]))
        .collect();
    let stream: Vec<Vec<u8>> = people
        .iter()
        .enumerate()
        .map(|(i, person)| {
            let c = issue(
                &foundational_id(&registry, person, i as u32),
                &registry,
                &ProofOptions::assertion(),
            )
            .unwrap();
            serde_json::to_vec(
                &create(vec![c], person, None, &format!("c-{i}"), "office.example").unwrap(),
            )
            .unwrap()
        })
        .collect();
    let challenges: Vec<String> = (0..stream.len()).map(|i| format!("c-{i}")).collect();
    let requests: Vec<PresentationRequest<'_>> = stream
        .iter()
        .zip(&challenges)
        .map(|(bytes, challenge)| PresentationRequest {
            bytes,
            challenge,
            domain: "office.example",
        })
        .collect();
    let holders_uncached = PresentationVerifier::new(
        CredentialVerifier::new(
            Verifier::new(CachingResolver::new(DidKeyResolver, 1024), trust()).with_clock(clock),
        ),
        Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock),
        NoReplayStore,
    );
    for r in holders_uncached.verify_batch(&requests) {
        r.unwrap();
    }
    let mut group = c.benchmark_group("presentations_64_people");
    group.throughput(criterion::Throughput::Elements(64));
    group.sample_size(20);
    group.bench_function("raw_ed25519_verify_strict_x128", |b| {
        b.iter(|| {
            for _ in 0..128 {
                dalek
                    .verifying_key()
                    .verify_strict(black_box(&unsigned), &raw_sig)
                    .unwrap()
            }
        })
    });
    group.bench_function("verify_batch", |b| {
        b.iter(|| {
            for r in holders_uncached.verify_batch(black_box(&requests)) {
                r.unwrap();
            }
        })
    });
    group.finish();

    // A status-bit check on a decoded list.
    let list_url = "https://registry.example.gov/status/1";
    let mut list = StatusList::new(list_url, StatusPurpose::Revocation, 1 << 20).unwrap();
    list.set(123_456).unwrap();
    let fine = StatusEntry::new(StatusPurpose::Revocation, list_url, 654_321).unwrap();
    let mut group = c.benchmark_group("status_check_decoded_list");
    group.bench_function("check", |b| {
        b.iter(|| black_box(&fine).check(&list).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
