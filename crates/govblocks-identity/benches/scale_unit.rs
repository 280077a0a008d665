//! The scale run's unit of work (issue 14), next to its floor in the same group: 64
//! presentations, each a different person holding one foundational ID credential with a
//! revocation entry, verified by the scale run's office with one signature batch
//! (`tests/properties/scale.rs`), beside
//!
//! * `floor`: their 128 signatures alone, `ed25519_dalek::verify_batch` with the hash data
//!   computed and the keys decompressed beforehand (the scale run's floor, one call);
//! * `holder_keys`: the 64 holder keys decompressed alone (`PublicKey::from_bytes`), the one
//!   cost beyond the floor no cache saves.
//!
//! The replay store accepts everything (the same presentations are verified again at every
//! iteration); the scale run uses a `MemoryAcceptOnce`. Run:
//! `cargo bench -p govblocks-identity --bench scale_unit`.
//!
//! On a machine whose speed moves (another core busy, a shared host), read the interleaved
//! mode: `GOVBLOCKS_BENCH_CPU_ROUNDS=31 target/release/deps/scale_unit-* --bench
//! scale_unit_64_presentations` runs the arms in short alternating turns in this thread's CPU
//! time and prints `verify_batch / floor` (the scale run's ratio on one thread); for an A/B of
//! two builds, `crates/govblocks-testkit/interleaved-median.sh`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::encoding::multibase_decode_array;
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::proof::eddsa_jcs_2022::hash_data;
use govblocks_core::proof::{proof_config, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::foundational_id::{self, BirthDate, FoundationalIdSubject, Residence};
use govblocks_identity::one_or_many::OneOrMany;
use govblocks_identity::presentation::{
    create, AcceptOnce, PresentationRequest, PresentationVerifier,
};
use govblocks_identity::status_list::{
    InMemoryStatusResolver, StatusEntry, StatusList, StatusPurpose,
};
use govblocks_identity::verhoeff;
use serde_json::Value;
use std::hint::black_box;

#[path = "../../govblocks-testkit/src/interleaved.rs"]
#[allow(dead_code)]
mod interleaved;
use interleaved::{interleaved, rounds_from_env, selected};

const LIST: &str = "https://registry.example.gov/status/revocation/1";
const LIST_SIZE: u64 = 1 << 20;
const DOMAIN: &str = "social-protection.example.gov";
const BATCH: u64 = 64;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

/// Person `i`'s presentation, as the scale run makes it.
fn presentation(registry: &SecretKey, i: u64) -> Vec<u8> {
    let mut seed = [0x5a; 32];
    seed[..8].copy_from_slice(&i.to_le_bytes());
    let person = SecretKey::from_seed(&seed);
    let uin = verhoeff::with_check_digit(&format!("{:011}", 20_000_000_000 + i)).unwrap();
    let subject = FoundationalIdSubject::new(
        uin,
        "Коваленко",
        BirthDate::parse("1984-05-17").unwrap(),
        Residence::new("UA")
            .with_region("Kharkiv")
            .with_district("Kharkiv"),
    )
    .with_given_name("Олена")
    .with_id(person.public_key().did());
    let mut credential = Credential::with_subject(
        registry.public_key().did(),
        &["FoundationalIdCredential"],
        &subject,
    )
    .unwrap();
    credential.valid_from = Some(t("2024-01-01T00:00:00Z"));
    let entry = StatusEntry::new(StatusPurpose::Revocation, LIST, i % LIST_SIZE).unwrap();
    credential.credential_status = Some(OneOrMany::One(
        entry.to_value().as_object().unwrap().clone(),
    ));
    let signed = issue(&credential, registry, &ProofOptions::assertion()).unwrap();
    let vp = create(vec![signed], &person, None, &format!("c-{i}"), DOMAIN).unwrap();
    serde_json::to_vec(&vp).unwrap()
}

/// Accepts every challenge: the benchmark verifies the same presentations again and again.
struct NoReplayStore;
impl AcceptOnce for NoReplayStore {
    fn accept_once(
        &self,
        _: govblocks_store::accept_once::Scope,
        _: &str,
        _: Timestamp,
        _: govblocks_store::accept_once::Until,
    ) -> govblocks_store::Result<govblocks_store::accept_once::Acceptance> {
        Ok(govblocks_store::accept_once::Acceptance::Accepted)
    }

    fn accept_all_once(
        &self,
        _: &[(govblocks_store::accept_once::Scope, &str)],
        _: Timestamp,
        _: govblocks_store::accept_once::Until,
    ) -> govblocks_store::Result<govblocks_store::accept_once::AcceptanceOfAll> {
        Ok(govblocks_store::accept_once::AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> govblocks_store::Result<u64> {
        Ok(0)
    }
}

/// The scale run's office, with a replay store that accepts everything.
fn office(registry: &SecretKey) -> PresentationVerifier {
    let clock = FixedClock::new(t("2025-01-01T00:00:00Z"));
    let list = StatusList::new(LIST, StatusPurpose::Revocation, LIST_SIZE).unwrap();
    let unsigned = list.unsigned_credential(
        &registry.public_key().did(),
        Some(t("2024-01-01T00:00:00Z")),
    );
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    let published = issue(&typed, registry, &ProofOptions::assertion()).unwrap();
    let mut status = InMemoryStatusResolver::new();
    status.insert(LIST, serde_json::to_vec(&published).unwrap());
    let credentials = CredentialVerifier::new(
        Verifier::new(
            CachingResolver::new(DidKeyResolver, 16),
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(clock),
    )
    .with_status_resolver(status)
    .with_status_cache(time::Duration::minutes(5))
    .with_subject_rule(foundational_id::check_credential);
    let holders = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock);
    PresentationVerifier::new(credentials, holders, NoReplayStore)
}

/// One signature as the floor checks it: hash data, signature, decompressed key.
fn raw_signature(
    document: &Value,
) -> (
    [u8; 64],
    ed25519_dalek::Signature,
    ed25519_dalek::VerifyingKey,
    [u8; 64],
) {
    let mut unsecured = document.as_object().unwrap().clone();
    let proof = unsecured.remove("proof").unwrap();
    let proof = proof.as_object().unwrap();
    let config = proof_config(proof);
    let message = hash_data(&Value::Object(unsecured), &Value::Object(config));
    let signature: [u8; 64] =
        multibase_decode_array(proof["proofValue"].as_str().unwrap(), "proofValue").unwrap();
    let method = proof["verificationMethod"].as_str().unwrap();
    let key = PublicKey::from_did_url(method).unwrap();
    (
        message,
        ed25519_dalek::Signature::from_bytes(&signature),
        *key.verifying_key(),
        signature,
    )
}

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
    let office = office(&registry);
    for r in office.verify_batch(&requests) {
        r.unwrap();
    }
    let raw: Vec<_> = stream
        .iter()
        .flat_map(|bytes| {
            let vp: Value = serde_json::from_slice(bytes).unwrap();
            [
                raw_signature(&vp),
                raw_signature(&vp["verifiableCredential"][0]),
            ]
        })
        .collect();
    let messages: Vec<&[u8]> = raw.iter().map(|r| &r.0[..]).collect();
    let signatures: Vec<_> = raw.iter().map(|r| r.1).collect();
    let keys: Vec<_> = raw.iter().map(|r| r.2).collect();
    let holder_keys: Vec<[u8; 32]> = raw.iter().step_by(2).map(|r| r.2.to_bytes()).collect();

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
                (&r.0[..], &r.3, key)
            })
            .collect();
        assert!(govblocks_core::testkit_hook::batch_verify_keys(&items));
    };
    let verify = || {
        for r in office.verify_batch(black_box(&requests)) {
            r.unwrap();
        }
    };
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
                ],
                &[(2, 0), (1, 0)],
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
