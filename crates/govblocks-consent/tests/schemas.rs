//! Every consent document against its schema: what we produce validates, and invalid
//! instances are refused with the member named.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use govblocks_consent::consent_proof::DEFAULT_PROOF_VALIDITY;
use govblocks_consent::ledger::Log;
use govblocks_consent::schemas::{ids, registry};
use govblocks_core::clock::Clock;
use serde_json::{json, Value};

fn invalid(schema: &str, value: &Value, path: &str) {
    let e = registry().validate(schema, value).unwrap_err();
    assert_eq!(e.code(), "schema.invalid");
    assert!(
        e.violations().iter().any(|v| v.instance_path == path),
        "{path}: {:?}",
        e.violations()
    );
}

fn with(value: &Value, pointer: &str, member: Value) -> Value {
    let mut v = value.clone();
    *v.pointer_mut(pointer).unwrap() = member;
    v
}

fn without(value: &Value, member: &str) -> Value {
    let mut v = value.clone();
    v.as_object_mut().unwrap().remove(member);
    v
}

#[test]
fn agreements() {
    let signed = sign(&v1());
    registry().validate(ids::AGREEMENT, &signed).unwrap();
    invalid(ids::AGREEMENT, &without(&signed, "privacyNotice"), "");
    invalid(
        ids::AGREEMENT,
        &with(&signed, "/retentionPeriod", json!("2 years")),
        "/retentionPeriod",
    );
    invalid(
        ids::AGREEMENT,
        &with(&signed, "/purposes/0/lawfulBasis", json!("because")),
        "/purposes/0/lawfulBasis",
    );
    invalid(
        ids::AGREEMENT,
        &with(&signed, "/purposes", json!([])),
        "/purposes",
    );
    invalid(
        ids::AGREEMENT,
        &with(&signed, "/controller/id", json!("ministry")),
        "/controller/id",
    );
    invalid(
        ids::AGREEMENT,
        &with(&signed, "/language", json!("english!")),
        "/language",
    );
    let mut extra = signed.clone();
    extra["surprise"] = json!(1);
    invalid(ids::AGREEMENT, &extra, "");
    // Rules past the schema.
    let mut twice = v1();
    twice.purposes.push(eligibility());
    assert_eq!(
        twice.check_structure().unwrap_err().code(),
        "consent.agreement_invalid"
    );
    let mut empty = v1();
    empty.retention_period = "PT".into();
    assert_eq!(
        empty.check_structure().unwrap_err().code(),
        "consent.agreement_invalid"
    );
    // Signed by someone else than its controller.
    let stranger = govblocks_core::keys::SecretKey::from_seed(&[3; 32]);
    let forged = v1()
        .sign(&stranger, &govblocks_core::proof::ProofOptions::assertion())
        .unwrap();
    let verifier = govblocks_core::proof::Verifier::new(
        govblocks_core::resolver::DidKeyResolver,
        govblocks_core::resolver::TrustList::any(),
    );
    let e = govblocks_consent::agreement::Agreements::new()
        .add_value(&verifier, forged)
        .unwrap_err();
    assert_eq!(e.code(), "consent.agreement_signature_missing");
}

#[test]
fn revisions_and_consent_proofs() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let stored = f.service.ledger().entries(&given.record).unwrap();
    let revision: Value = serde_json::from_slice(stored[0].document.as_ref().unwrap()).unwrap();
    registry().validate(ids::REVISION, &revision).unwrap();
    invalid(
        ids::REVISION,
        &with(&revision, "/state", json!("expired")),
        "/state",
    );
    invalid(
        ids::REVISION,
        &with(&revision, "/purposes", json!([])),
        "/purposes",
    );
    invalid(
        ids::REVISION,
        &with(&revision, "/sequence", json!(-1)),
        "/sequence",
    );
    invalid(
        ids::REVISION,
        &with(&revision, "/agreement/digest", json!("abc")),
        "/agreement/digest",
    );
    invalid(
        ids::REVISION,
        &with(&revision, "/timestamp", json!("2025-02-30T00:00:00Z")),
        "/timestamp",
    );
    invalid(ids::REVISION, &without(&revision, "principal"), "");

    let record = f.service.load(&given.record).unwrap();
    let proof = record
        .consent_proof(&ministry(), f.clock.now(), DEFAULT_PROOF_VALIDITY)
        .unwrap();
    registry().validate(ids::CONSENT_PROOF, &proof).unwrap();
    invalid(
        ids::CONSENT_PROOF,
        &with(&proof, "/state", json!("withdrawn")),
        "/state",
    );
    invalid(ids::CONSENT_PROOF, &without(&proof, "expires"), "");
    invalid(
        ids::CONSENT_PROOF,
        &with(&proof, "/head", json!("zQm")),
        "/head",
    );
}
