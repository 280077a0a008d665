//! Consent records: `permits`, whole-chain verification, and the service's cost per durable
//! append, each next to its baseline in the same group (issue 8).
//!
//! * `consent_permits`: `permits` on a [`VerifiedRecord`] of 100 revisions
//!   (`verified_record_100/permits`, target ≤ 2 µs) next to `baseline/hashmap_lookup`: the two
//!   `HashMap`/`HashSet` lookups (purpose, then data category) that are the least a `permits`
//!   answer can cost.
//! * `consent_verify_chain_10000` (one element = one revision): [`RecordVerifier::verify`] of
//!   a 10,000-revision chain from its stored bytes (`record_verify`) next to
//!   `core_verify_batch`: core's [`Verifier::verify_batch`] on the same 10,000 signed documents
//!   parsed from the same bytes (the same signatures in one batch, with JCS, hashing and cached
//!   key resolution, without the consent rules), and `raw_ed25519_verify_batch`: 10,000 signatures
//!   of 64-byte messages (what eddsa-jcs-2022 signs) by the same key through
//!   `ed25519_dalek::verify_batch`, the floor. Target: `record_verify` ≤ 1.2× `core_verify_batch`.
//! * `consent_durable_append` (one element = one revision, SQLite `synchronous=FULL`, WAL):
//!   `service_renew/sqlite_full`, [`ConsentService::renew`] end to end (build, sign, verify the
//!   new revision against the cached record, append with `fsync`) next to
//!   `ledger_append/sqlite_full`, the raw [`Log::append`] of a 1 KiB document (as
//!   govblocks-store's `benches/log.rs`); `service_renew/memory` is the same renewal on a `MemoryLog`: the
//!   signing and verifying alone.
//!
//! `cargo bench -p govblocks-consent --bench consent -- --warm-up-time 2 --measurement-time 5`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use govblocks_consent::agreement::{
    Agreement, Agreements, Controller, LawfulBasis, Purpose, Terms,
};
use govblocks_consent::ledger::{self as consent_ledger, OpenOptions, SqliteLog, SqliteLogOptions};
use govblocks_consent::ledger::{Log, NewEntry, StoredEntry};
use govblocks_consent::permits::{Decision, Question};
use govblocks_consent::record::{RecordVerifier, VerifiedRecord};
use govblocks_consent::service::ConsentService;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::path::PathBuf;
use std::sync::Arc;

const SEED: [u8; 32] = [7; 32];
const AGREEMENT: &str = "urn:agreement:child-benefit";
const TAX: &str = "did:web:tax.example.gov";
const NOW: &str = "2025-03-01T10:00:00Z";

fn ministry() -> SecretKey {
    SecretKey::from_seed(&SEED)
}

fn verifier() -> RecordVerifier {
    let did = ministry().public_key().did();
    let agreement = Agreement::new(
        AGREEMENT,
        "1",
        Controller::new(did.clone(), "Ministry of Social Protection"),
        vec![
            Purpose::new(
                "eligibility",
                "Check eligibility for the child benefit",
                LawfulBasis::Consent,
                ["income", "household"],
            )
            .with_recipient(TAX),
            Purpose::new(
                "research",
                "Statistics on household size",
                LawfulBasis::PublicTask,
                ["household"],
            ),
        ],
        Terms::new(
            "KE",
            "P2Y",
            "KE",
            "en",
            "https://msp.example.gov/privacy",
            "https://msp.example.gov/consent",
        ),
    );
    let signed = agreement
        .sign(&ministry(), &ProofOptions::assertion())
        .unwrap();
    let trust = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(did.clone()),
    );
    let mut agreements = Agreements::new();
    agreements.add_value(&trust, signed).unwrap();
    let now = Timestamp::parse(NOW, "now").unwrap();
    RecordVerifier::new(Arc::new(agreements), [did]).with_clock(FixedClock::new(now.to_datetime()))
}

fn service<L: Log>(ledger: L) -> ConsentService<L, SecretKey> {
    ConsentService::new(ledger, ministry(), verifier())
}

/// A record of `n` revisions (a give, then renewals), built through the service's incremental
/// path: each renewal verifies only itself.
fn record<L: Log>(service: &ConsentService<L, SecretKey>, n: usize) -> String {
    let id = service
        .give(
            AGREEMENT,
            "1",
            "pseudonym-4471",
            &["eligibility", "research"],
            None,
        )
        .unwrap()
        .record;
    for _ in 1..n {
        service.renew(&id, None).unwrap();
    }
    id
}

fn permits(c: &mut Criterion) {
    let service = service(consent_ledger::memory());
    let id = record(&service, 100);
    let verified: VerifiedRecord = service.load(&id).unwrap();
    assert_eq!(verified.chain().len(), 100);
    let at = verified.head().revision().timestamp.to_datetime();
    assert_eq!(
        verified.permits(Question::new("eligibility", "income", at).shared_with(TAX)),
        Decision::Allow
    );
    let table: HashMap<String, HashSet<String>> = [
        ("eligibility", &["income", "household"][..]),
        ("research", &["household"][..]),
    ]
    .into_iter()
    .map(|(p, cs)| (p.to_owned(), cs.iter().map(|c| (*c).to_owned()).collect()))
    .collect();

    let mut group = c.benchmark_group("consent_permits");
    group.bench_function("verified_record_100/permits", |b| {
        b.iter(|| {
            verified.permits(Question {
                purpose: black_box("eligibility"),
                data: black_box("income"),
                recipient: black_box(Some(TAX)),
                at: black_box(at),
            })
        })
    });
    group.bench_function("baseline/hashmap_lookup", |b| {
        b.iter(|| {
            table
                .get(black_box("eligibility"))
                .is_some_and(|cs| cs.contains(black_box("income")))
        })
    });
    group.finish();
}

fn verify_chain(c: &mut Criterion) {
    const N: usize = 10_000;
    let service = service(consent_ledger::memory());
    let id = record(&service, N);
    let stored: Vec<StoredEntry> = service.ledger().entries(&id).unwrap();
    assert_eq!(stored.len(), N);
    let records = verifier();
    let documents: Vec<&[u8]> = stored
        .iter()
        .map(|s| s.document.as_deref().unwrap())
        .collect();
    // Keys cached, as `RecordVerifier::verify` caches them for the chain: only the consent
    // work differs between the two arms.
    let core = Verifier::new(
        CachingResolver::new(DidKeyResolver, 16),
        TrustList::new().trust_all_purposes(ministry().public_key().did()),
    )
    .with_clock(FixedClock::new(
        Timestamp::parse(NOW, "now").unwrap().to_datetime(),
    ));
    let dalek = SigningKey::from_bytes(&SEED);
    let messages: Vec<[u8; 64]> = (0..N)
        .map(|i| {
            let mut m = [0u8; 64];
            m[..8].copy_from_slice(&(i as u64).to_le_bytes());
            m
        })
        .collect();
    let signatures: Vec<Signature> = messages.iter().map(|m| dalek.sign(m)).collect();
    let keys: Vec<VerifyingKey> = vec![dalek.verifying_key(); N];
    let message_refs: Vec<&[u8]> = messages.iter().map(|m| &m[..]).collect();

    let mut group = c.benchmark_group("consent_verify_chain_10000");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(10);
    group.bench_function("record_verify", |b| {
        b.iter(|| black_box(records.verify(&id, black_box(&stored)).unwrap()))
    });
    group.bench_function("core_verify_batch", |b| {
        b.iter(|| {
            let values = documents
                .iter()
                .map(|d| govblocks_core::json::parse(d).unwrap())
                .collect();
            for r in core.verify_batch(values) {
                r.unwrap();
            }
        })
    });
    group.bench_function("raw_ed25519_verify_batch", |b| {
        b.iter(|| ed25519_dalek::verify_batch(&message_refs, &signatures, &keys).unwrap())
    });
    group.finish();
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("consent-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    path
}

fn full(name: &str) -> SqliteLog {
    // The default options: synchronous = FULL.
    consent_ledger::open_with(
        scratch(name),
        SqliteLogOptions::default().with_file(OpenOptions::default()),
    )
    .unwrap()
}

fn durable_append(c: &mut Criterion) {
    let mut group = c.benchmark_group("consent_durable_append");
    group.throughput(Throughput::Elements(1));

    let renewing = service(full("service.ledger"));
    let id = record(&renewing, 1);
    group.bench_function("service_renew/sqlite_full", |b| {
        b.iter(|| black_box(renewing.renew(&id, None).unwrap()))
    });

    let ledger = full("raw.ledger");
    let mut head: Option<ContentDigest> = None;
    let mut sequence = 0u64;
    group.bench_function("ledger_append/sqlite_full", |b| {
        b.iter(|| {
            let mut document = format!(
                r#"{{"principal":"pseudonym-bench","record":"raw","sequence":{sequence},"pad":""#
            )
            .into_bytes();
            document.resize(1020, b'x');
            document.extend_from_slice(b"\"}");
            let revision = NewEntry::new("raw", head, document);
            head = Some(revision.digest());
            sequence += 1;
            black_box(ledger.append(revision).unwrap())
        })
    });

    let in_memory = service(consent_ledger::memory());
    let id = record(&in_memory, 1);
    group.bench_function("service_renew/memory", |b| {
        b.iter(|| black_box(in_memory.renew(&id, None).unwrap()))
    });
    group.finish();
}

criterion_group!(benches, permits, verify_chain, durable_append);
criterion_main!(benches);
