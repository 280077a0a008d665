//! Tampering with a record's chain: each kind is refused with its code, naming the first
//! revision that breaks the chain (its sequence number and digest).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::ledger::{Log, StoredEntry};
use govblocks_consent::Error;
use govblocks_core::digest::ContentDigest;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions};
use serde_json::{json, Value};
use time::Duration;

/// A record of four revisions: given, renewed, renewed, withdrawn.
fn record(f: &Fixture) -> (String, Vec<StoredEntry>) {
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    for _ in 0..2 {
        f.clock.advance(Duration::minutes(1));
        f.service.renew(&given.record, None).unwrap();
    }
    f.clock.advance(Duration::minutes(1));
    f.service.withdraw(&given.record).unwrap();
    let stored = f.service.ledger().entries(&given.record).unwrap();
    assert_eq!(stored.len(), 4);
    (given.record, stored)
}

fn value(s: &StoredEntry) -> Value {
    serde_json::from_slice(s.document.as_ref().unwrap()).unwrap()
}

/// A stored revision holding `value`, with an honest digest of it.
fn store(s: &StoredEntry, value: &Value) -> StoredEntry {
    let document = govblocks_core::jcs::canonicalize(value);
    StoredEntry {
        digest: ContentDigest::of_bytes(&document),
        document: Some(document),
        ..s.clone()
    }
}

/// The code and the revision named.
fn refused(f: &Fixture, record: &str, chain: &[StoredEntry]) -> (&'static str, u64, String) {
    let e: Error = f.verifier.verify(record, chain).unwrap_err();
    let (sequence, digest) = e
        .revision()
        .unwrap_or_else(|| panic!("no revision named: {e}"));
    (e.code(), sequence, digest.to_owned())
}

#[test]
fn the_honest_chain_verifies() {
    let f = fixture();
    let (id, chain) = record(&f);
    let verified = f.verifier.verify(&id, &chain).unwrap();
    assert_eq!(verified.chain().len(), 4);
    assert_eq!(verified.head().digest(), chain[3].digest);
}

#[test]
fn a_changed_field_breaks_the_signature() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    let mut v = value(&chain[2]);
    v["purposes"] = json!(["eligibility", "research"]);
    chain[2] = store(&chain[2], &v);
    let (code, sequence, digest) = refused(&f, &id, &chain);
    assert_eq!(code, "proof.signature_invalid");
    assert_eq!(sequence, 2);
    assert_eq!(digest, chain[2].digest.to_string());
    // The error object names the record and the revision too.
    let e = f.verifier.verify(&id, &chain).unwrap_err();
    assert_eq!(e.record(), Some(id.as_str()));
    let object = govblocks_core::error::error_object(&e);
    assert!(object["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with(&format!("record {id:?}, revision 2 (zQm")));
}

#[test]
fn a_changed_byte_without_a_new_digest_is_a_digest_mismatch() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    let mut v = value(&chain[1]);
    v["reason"] = json!("edited");
    let tampered = store(&chain[1], &v);
    chain[1].document = tampered.document;
    assert_eq!(refused(&f, &id, &chain).0, "consent.digest_mismatch");
    assert_eq!(refused(&f, &id, &chain).1, 1);
}

#[test]
fn removed_reordered_duplicated() {
    let f = fixture();
    let (id, chain) = record(&f);

    let mut removed = chain.clone();
    removed.remove(1);
    let (code, sequence, _) = refused(&f, &id, &removed);
    assert_eq!(
        (code, sequence),
        ("consent.sequence_invalid", chain[2].sequence)
    );

    let mut reordered = chain.clone();
    reordered.swap(1, 2);
    assert_eq!(refused(&f, &id, &reordered).0, "consent.sequence_invalid");

    let mut duplicated = chain.clone();
    duplicated.insert(2, chain[1].clone());
    let (code, sequence, _) = refused(&f, &id, &duplicated);
    assert_eq!(
        (code, sequence),
        ("consent.sequence_invalid", chain[1].sequence)
    );

    // A removal the attacker renumbers (so sequences fit) still breaks the hash chain; the
    // renumbered revision's signature breaks first.
    let mut renumbered = chain.clone();
    renumbered.remove(1);
    let mut v = value(&renumbered[1]);
    v["sequence"] = json!(1);
    renumbered[1] = store(&renumbered[1], &v);
    let (code, sequence, _) = refused(&f, &id, &renumbered);
    assert_eq!((code, sequence), ("proof.signature_invalid", 2));
}

/// Re-signs the unsigned `v` with `key` (as an honest controller would, wrongly).
fn resign(mut v: Value, key: &SecretKey) -> Value {
    v.as_object_mut().unwrap().remove("proof");
    add_proof(v, key, &ProofOptions::assertion().with_created(ts(START))).unwrap()
}

#[test]
fn a_revision_signed_by_another_key() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    let stranger = SecretKey::from_seed(&[66; 32]);
    chain[3] = store(&chain[3], &resign(value(&chain[3]), &stranger));
    let (code, sequence, _) = refused(&f, &id, &chain);
    assert_eq!((code, sequence), ("trust.untrusted", 3));

    // A key the verifier trusts, but not the record's controller.
    let f2 = {
        let mut f = fixture();
        f.verifier = govblocks_consent::record::RecordVerifier::new(
            f.verifier.agreements().clone(),
            [ministry().public_key().did(), stranger.public_key().did()],
        )
        .with_clock(f.clock.clone());
        f
    };
    let (code, sequence, _) = refused(&f2, &id, &chain);
    assert_eq!(
        (code, sequence),
        ("consent.controller_signature_missing", 3)
    );
}

#[test]
fn a_timestamp_going_backwards() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    // The controller itself signs a revision dated before the one it follows.
    let mut v = value(&chain[3]);
    v["timestamp"] = json!("2025-03-01T09:00:00Z");
    chain[3] = store(&chain[3], &resign(v, &ministry()));
    let (code, sequence, _) = refused(&f, &id, &chain);
    assert_eq!((code, sequence), ("consent.timestamp_backwards", 3));
}

#[test]
fn a_record_for_an_agreement_version_that_does_not_exist() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    let mut v = value(&chain[0]);
    v["agreement"]["version"] = json!("7");
    chain.truncate(1);
    chain[0] = store(&chain[0], &resign(v, &ministry()));
    let (code, sequence, _) = refused(&f, &id, &chain);
    assert_eq!((code, sequence), ("consent.agreement_unknown", 0));

    // The right version named by another digest.
    let (id, mut chain) = record(&f);
    let mut v = value(&chain[0]);
    v["agreement"]["digest"] = json!(ContentDigest::of_bytes(b"another text").to_string());
    chain.truncate(1);
    chain[0] = store(&chain[0], &resign(v, &ministry()));
    assert_eq!(
        refused(&f, &id, &chain).0,
        "consent.agreement_digest_mismatch"
    );
}

#[test]
fn a_transition_the_table_forbids_inside_the_chain() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    // Withdrawn, then "withdrawn" again, properly chained and signed.
    let mut v = value(&chain[3]);
    v["sequence"] = json!(4);
    v["previous"] = json!(chain[3].digest.to_string());
    let next = StoredEntry {
        sequence: 4,
        predecessor: Some(chain[3].digest),
        ..chain[3].clone()
    };
    chain.push(store(&next, &resign(v, &ministry())));
    let (code, sequence, _) = refused(&f, &id, &chain);
    assert_eq!((code, sequence), ("consent.transition_invalid", 4));
}

#[test]
fn an_erased_or_missing_record() {
    let f = fixture();
    let (id, mut chain) = record(&f);
    assert_eq!(
        f.verifier.verify(&id, &[]).unwrap_err().code(),
        "consent.record_not_found"
    );
    chain[0].document = None;
    assert_eq!(refused(&f, &id, &chain).0, "consent.record_erased");
}

#[test]
fn another_records_revision() {
    let f = fixture();
    let (id, chain) = record(&f);
    assert_eq!(
        refused(&f, "urn:uuid:another", &chain),
        ("consent.record_mismatch", 0, chain[0].digest.to_string())
    );
    let _ = id;
}

#[test]
fn a_stale_head_is_a_conflict() {
    let f = fixture();
    let (id, chain) = record(&f);
    let e = f
        .service
        .ledger()
        .append(govblocks_consent::ledger::NewEntry::new(
            id,
            Some(chain[1].digest),
            chain[2].document.clone().unwrap(),
        ))
        .unwrap_err();
    assert_eq!(e.code(), "store.conflict");
}

#[test]
fn a_record_verifier_wraps_a_core_verifier_and_keeps_its_own_trust() {
    use govblocks_consent::record::RecordVerifier;
    use govblocks_core::clock::{Clock, FixedClock};
    use govblocks_core::proof::Verifier;
    use govblocks_core::resolver::{DidKeyResolver, TrustList};

    let f = fixture();
    let (id, chain) = record(&f);
    let later = f.clock.now() + Duration::days(1);
    // Clock, resolver, skew and limits come from the core verifier handed in ...
    let base = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(FixedClock::new(later));
    let wrapped = RecordVerifier::new(
        std::sync::Arc::clone(f.verifier.agreements()),
        [ministry().public_key().did()],
    )
    .with_verifier(base.clone());
    assert_eq!(wrapped.now(), later);
    assert_eq!(wrapped.verifier().now(), later);
    assert_eq!(wrapped.verify(&id, &chain).unwrap().chain().len(), 4);

    // ... but its trust list is not used: the controllers trusted are the record verifier's.
    let stranger = SecretKey::from_seed(&[42; 32]).public_key().did();
    let untrusting =
        RecordVerifier::new(std::sync::Arc::clone(f.verifier.agreements()), [stranger])
            .with_verifier(base);
    let e = untrusting.verify(&id, &chain).unwrap_err();
    assert_eq!(e.code(), "trust.untrusted");
    assert_eq!(e.revision().map(|(sequence, _)| sequence), Some(0));
}
