//! Consent proofs: issued from a verified record, checked without the history, short-lived.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::consent_proof::{ConsentProof, DEFAULT_PROOF_VALIDITY};
use govblocks_consent::permits::{Decision, DenyReason, Question};
use govblocks_core::clock::{Clock, FixedClock};
use time::Duration;

#[test]
fn issued_checked_and_expiring() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let now = f.clock.now();
    let proof = record
        .consent_proof(&ministry(), now, DEFAULT_PROOF_VALIDITY)
        .unwrap();
    let bytes = proof.to_string();

    // A service that trusts the ministry checks it without the record's history.
    let at = |t| trusting_ministry().with_clock(FixedClock::new(t));
    let verified = at(now).verify_as::<ConsentProof>(bytes.as_bytes()).unwrap();
    assert_eq!(verified.record, given.record);
    assert_eq!(verified.head, given.digest);
    assert_eq!(
        verified.permits(Question::new("eligibility", "income", now).shared_with(TAX)),
        Decision::Allow
    );
    assert_eq!(
        verified.permits(Question::new("research", "household", now)),
        Decision::Deny(DenyReason::PurposeNotCovered)
    );
    assert_eq!(
        verified.expires.to_datetime() - now,
        Duration::minutes(5),
        "the default validity"
    );

    // After its validity (and the verifier's five minutes of skew) it is refused.
    let late = now + Duration::minutes(11);
    let e = at(late)
        .verify_as::<ConsentProof>(bytes.as_bytes())
        .unwrap_err();
    assert_eq!(e.code(), "consent.proof_expired");
    assert_eq!(
        verified.permits(Question::new("eligibility", "income", late)),
        Decision::Deny(DenyReason::Expired)
    );

    // A changed purpose list breaks the signature.
    let mut tampered = proof.clone();
    tampered["purposes"][0]["dataCategories"] = serde_json::json!(["income", "health"]);
    let e = at(now)
        .verify_as::<ConsentProof>(tampered.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(e.code(), "proof.signature_invalid");

    // Once withdrawn, the record yields no proof.
    f.clock.advance(Duration::minutes(1));
    f.service.withdraw(&given.record).unwrap();
    let withdrawn = f.service.load(&given.record).unwrap();
    let e = withdrawn
        .consent_proof(&ministry(), f.clock.now(), DEFAULT_PROOF_VALIDITY)
        .unwrap_err();
    assert_eq!(e.code(), "consent.withdrawn");
    let e = record
        .consent_proof(&ministry(), now, Duration::ZERO)
        .unwrap_err();
    assert_eq!(e.code(), "consent.proof_validity_invalid");
}

#[test]
fn never_beyond_the_consent_and_only_by_the_controller() {
    let f = fixture();
    let until = ts("2025-03-01T10:02:00Z");
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], Some(until))
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let proof = record
        .consent_proof(&ministry(), f.clock.now(), DEFAULT_PROOF_VALIDITY)
        .unwrap();
    assert_eq!(proof["expires"], until.to_string());

    // Signed by a stranger the verifier trusts: not the controller's statement.
    let stranger = govblocks_core::keys::SecretKey::from_seed(&[9; 32]);
    let mut value = proof.clone();
    value.as_object_mut().unwrap().remove("proof");
    let forged = govblocks_core::proof::add_proof(
        value,
        &stranger,
        &govblocks_core::proof::ProofOptions::assertion(),
    )
    .unwrap();
    let verifier = govblocks_core::proof::Verifier::new(
        govblocks_core::resolver::DidKeyResolver,
        govblocks_core::resolver::TrustList::any(),
    )
    .with_clock(FixedClock::new(f.clock.now()));
    let e = verifier
        .verify_as::<ConsentProof>(forged.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(e.code(), "consent.signer_unexpected");
}

#[test]
fn a_malformed_consent_proof_has_its_own_code() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let now = f.clock.now();
    let proof = record
        .consent_proof(&ministry(), now, DEFAULT_PROOF_VALIDITY)
        .unwrap();
    // Signed by the controller, but not a consent proof: another type.
    let mut value = proof.clone();
    value.as_object_mut().unwrap().remove("proof");
    value["type"] = serde_json::json!("ConsentReceipt");
    let signed = govblocks_core::proof::add_proof(
        value,
        &ministry(),
        &govblocks_core::proof::ProofOptions::assertion(),
    )
    .unwrap();
    let bytes = signed.to_string();

    // The schema refuses it first ...
    let e = trusting_ministry()
        .with_clock(FixedClock::new(now))
        .verify_as::<ConsentProof>(bytes.as_bytes())
        .unwrap_err();
    assert_eq!(e.code(), "schema.invalid");

    // ... and the rule behind it holds without the schema (a registry whose consent-proof
    // schema accepts any object): consent.proof_invalid, not a revision's code.
    let permissive = govblocks_core::schema::SchemaRegistry::with_core_and(&[&serde_json::json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": govblocks_consent::schemas::ids::CONSENT_PROOF,
        "type": "object"
    })
    .to_string()]);
    let e = trusting_ministry()
        .with_clock(FixedClock::new(now))
        .with_schemas(std::sync::Arc::new(permissive))
        .verify_as::<ConsentProof>(bytes.as_bytes())
        .unwrap_err();
    assert_eq!(e.code(), "consent.proof_invalid");
}
