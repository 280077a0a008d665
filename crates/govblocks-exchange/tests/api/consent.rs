//! Consent on the wire: required, missing, denied, allowed — before the payload is released.

use crate::fixtures::*;
use govblocks_core::digest::ContentDigest;
use govblocks_exchange::consent::ConsentQuestion;
use govblocks_exchange::envelope::builder::sign;
use govblocks_exchange::envelope::model::ConsentReference;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

fn reference() -> ConsentReference {
    ConsentReference::new(
        "urn:uuid:6f1c1a52-2f0e-4c43-9a57-0b7e4a1d2c3f",
        ContentDigest::of_bytes(b"revision 3"),
        "eligibility",
        ["residence"],
    )
    .with_proof(
        govblocks_core::proof::add_proof(
            json!({"type": "ConsentProof"}),
            &other_key(),
            &govblocks_core::proof::ProofOptions::assertion(),
        )
        .unwrap(),
    )
}

fn consented() -> Vec<u8> {
    let e = request_builder().consent(reference()).build().unwrap();
    bytes(&sign(&e, &client_key()).unwrap())
}

#[test]
fn a_verifier_that_requires_consent_refuses_an_envelope_without_one() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let verifier = verifier().require_consent(move |_: &ConsentQuestion<'_>| {
        c.fetch_add(1, Ordering::SeqCst);
        Ok(())
    });
    assert_eq!(
        code(verifier.verify(&bytes(&signed_request()))),
        "exchange.consent_missing"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
    assert!(verifier.verify(&consented()).is_ok());
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    // Without the requirement, no reference is fine.
    assert!(crate::fixtures::verifier()
        .verify(&bytes(&signed_request()))
        .is_ok());
}

#[test]
fn the_check_sees_the_question_the_envelope_asks() {
    let asked = Arc::new(Mutex::new(None));
    let a = asked.clone();
    let verifier = verifier().require_consent(move |q: &ConsentQuestion<'_>| {
        *a.lock().unwrap() = Some((
            q.reference.record.clone(),
            q.reference.revision,
            q.purpose.to_owned(),
            q.data_categories.to_vec(),
            q.recipient.to_string(),
            q.recipient_dids.to_vec(),
            q.reference.proof.clone(),
            q.envelope.header.action.clone(),
            q.at,
        ));
        Ok(())
    });
    let verified = verifier.verify(&consented()).unwrap();
    assert_eq!(verified.header().consent, Some(reference()));
    let asked = asked.lock().unwrap().clone().unwrap();
    assert_eq!(asked.0, "urn:uuid:6f1c1a52-2f0e-4c43-9a57-0b7e4a1d2c3f");
    assert_eq!(asked.1, ContentDigest::of_bytes(b"revision 3"));
    assert_eq!(asked.2, "eligibility");
    assert_eq!(asked.3, vec!["residence".to_owned()]);
    assert_eq!(asked.4, CLIENT);
    assert_eq!(asked.5, vec![client_key().public_key().did()]);
    assert_eq!(asked.6.unwrap()["type"], "ConsentProof");
    assert_eq!(asked.7, "getResidence");
    assert_eq!(asked.8, now().to_datetime());
}

#[test]
fn a_denied_consent_fails_with_the_reason_before_the_payload_is_released() {
    let verifier = verifier().require_consent(|q: &ConsentQuestion<'_>| {
        if q.data_categories.iter().any(|c| c == "residence") {
            Err("consent.withdrawn: the person withdrew their consent".to_owned())
        } else {
            Ok(())
        }
    });
    let error = verifier.verify(&consented()).unwrap_err();
    assert_eq!(error.code(), "exchange.consent_denied");
    assert!(error.to_string().contains("consent.withdrawn"), "{error}");
    assert!(error.to_string().contains("urn:uuid:6f1c1a52"), "{error}");
    // The response carries the request's consent reference, and a client that requires
    // consent checks it too.
    let request = crate::fixtures::verifier().verify(&consented()).unwrap();
    let response = signed_response(&request);
    assert_eq!(response["header"]["consent"]["purpose"], "eligibility");
    assert_eq!(
        code(verifier.verify_response(&request, &bytes(&response))),
        "exchange.consent_denied"
    );
    let without = response_builder(&request)
        .without_consent()
        .build()
        .unwrap();
    let without = sign(&without, &service_key()).unwrap();
    assert_eq!(
        code(verifier.verify_response(&request, &bytes(&without))),
        "exchange.consent_missing"
    );
}

#[test]
fn consent_is_asked_only_after_the_signature_and_the_sender() {
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let verifier = verifier().require_consent(move |_: &ConsentQuestion<'_>| {
        c.fetch_add(1, Ordering::SeqCst);
        Err("denied".to_owned())
    });
    let mut tampered: serde_json::Value = serde_json::from_slice(&consented()).unwrap();
    tampered["payload"]["personId"] = json!("1");
    assert_eq!(
        code(verifier.verify(&bytes(&tampered))),
        "proof.signature_invalid"
    );
    let e = request_builder().consent(reference()).build().unwrap();
    let forged = sign(&e, &other_key()).unwrap();
    assert_eq!(
        code(verifier.verify(&bytes(&forged))),
        "exchange.sender_mismatch"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 0);
}

#[test]
fn a_consent_reference_has_its_form() {
    for (field, value) in [
        ("record", json!("")),
        ("revision", json!("zQmnot")),
        ("dataCategories", json!([])),
        ("dataCategories", json!(["a", "a"])),
        ("purpose", json!(null)),
        ("proof", json!({"no": "proof"})),
        ("extra", json!(1)),
    ] {
        let mut v: serde_json::Value = serde_json::from_slice(&consented()).unwrap();
        v["header"]["consent"][field] = value.clone();
        assert_eq!(
            code(verifier().verify(&bytes(&v))),
            "schema.invalid",
            "{field}"
        );
    }
}
