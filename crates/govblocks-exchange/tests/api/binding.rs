//! Request/response binding: a response answers exactly one request, unaltered, and is signed
//! by the addressed service's provider.

use crate::fixtures::*;
use govblocks_exchange::envelope::builder::{sign, ResponseBuilder};
use govblocks_exchange::envelope::model::{Envelope, Kind};
use serde_json::json;

#[test]
fn a_response_bound_to_its_request_verifies() {
    let request = verified_request();
    let response = signed_response(&request);
    assert_eq!(response["type"], "ExchangeResponse");
    assert_eq!(response["header"]["inReplyTo"]["messageId"], REQUEST_ID);
    assert_eq!(
        response["header"]["inReplyTo"]["digest"],
        json!(request.digest().to_string())
    );
    let verified = verifier()
        .verify_response(&request, &bytes(&response))
        .unwrap();
    assert_eq!(verified.kind, Kind::Response);
    assert_eq!(verified.signer(), service_key().public_key().did());
    assert_eq!(verified.sender().as_str(), PROVIDER);
    assert_eq!(verified.header().client, request.header().client);
    assert_eq!(verified.header().service, request.header().service);
    assert_eq!(verified.header().action, "getResidence");
    assert_eq!(
        verified.header().correlation_id.as_deref(),
        Some("case-4471")
    );
    assert_eq!(verified.payload(), &json!({"residence": "Tallinn"}));
    // Built from the unverified request, the same binding.
    let typed: Envelope = serde_json::from_value(signed_request()).unwrap();
    let again = ResponseBuilder::new(&typed, json!({"residence": "Tallinn"}))
        .unwrap()
        .message_id(RESPONSE_ID.parse().unwrap())
        .timestamp(now())
        .build()
        .unwrap();
    assert_eq!(again, response_builder(&request).build().unwrap());
    // An unsigned request, or a response, is not answered.
    let unsigned = request_builder().build().unwrap();
    assert_eq!(
        ResponseBuilder::new(&unsigned, json!(1))
            .unwrap_err()
            .code(),
        "exchange.envelope_invalid"
    );
    let response_typed: Envelope = serde_json::from_value(response).unwrap();
    assert_eq!(
        ResponseBuilder::new(&response_typed, json!(1))
            .unwrap_err()
            .code(),
        "exchange.envelope_invalid"
    );
}

#[test]
fn a_response_to_another_request_is_unbound() {
    let request = verified_request();
    let response = signed_response(&request);
    let other_request = request_builder()
        .message_id("5a0c9f3e-1d2b-4c8a-9e7f-112233445566".parse().unwrap())
        .build()
        .unwrap();
    let other_request = verifier()
        .verify_request(&bytes(&sign(&other_request, &client_key()).unwrap()))
        .unwrap();
    let error = verifier()
        .verify_response(&other_request, &bytes(&response))
        .unwrap_err();
    assert_eq!(error.code(), "exchange.response_unbound");
    assert!(error.to_string().contains("message id"), "{error}");
}

#[test]
fn a_response_to_an_altered_request_is_unbound() {
    // The same message id, another payload (re-signed by the client): another digest.
    let request = verified_request();
    let response = signed_response(&request);
    let mut altered = request_builder().build().unwrap();
    altered.payload = json!({"personId": "9999"}).into();
    altered.header.payload_digest =
        govblocks_core::digest::ContentDigest::of_json(&altered.payload);
    let altered = verifier()
        .verify_request(&bytes(&sign(&altered, &client_key()).unwrap()))
        .unwrap();
    assert_eq!(altered.header().message_id, request.header().message_id);
    let error = verifier()
        .verify_response(&altered, &bytes(&response))
        .unwrap_err();
    assert_eq!(error.code(), "exchange.response_unbound");
    assert!(error.to_string().contains("digest"), "{error}");
    // Or the response's inReplyTo altered (then re-signed by the service).
    let mut forged = response.clone();
    forged["header"]["inReplyTo"]["digest"] = json!(altered.digest().to_string());
    let forged = force_sign(forged, &service_key());
    assert_eq!(
        code(verifier().verify_response(&request, &bytes(&forged))),
        "exchange.response_unbound"
    );
}

#[test]
fn a_response_signed_by_anyone_but_the_addressed_service_is_unbound() {
    let request = verified_request();
    let response = response_builder(&request).build().unwrap();
    // The client's own key, another member's key (both trusted and in the directory), a
    // stranger's key.
    for key in [client_key(), other_key(), stranger_key()] {
        let forged = sign(&response, &key).unwrap();
        let error = verifier()
            .verify_response(&request, &bytes(&forged))
            .unwrap_err();
        assert_eq!(error.code(), "exchange.response_unbound", "{error}");
    }
    // On its own, the sender check says why.
    let forged = sign(&response, &client_key()).unwrap();
    assert_eq!(
        code(verifier().verify(&bytes(&forged))),
        "exchange.sender_mismatch"
    );
}

#[test]
fn a_response_with_other_addresses_action_or_correlation_is_unbound() {
    let request = verified_request();
    for edit in [
        (|e: &mut Envelope| e.header.client = OTHER.parse().unwrap()) as fn(&mut Envelope),
        |e| e.header.action = "getIncome".into(),
        |e| e.header.correlation_id = Some("case-1".into()),
        |e| e.header.correlation_id = None,
    ] {
        let mut response = response_builder(&request).build().unwrap();
        edit(&mut response);
        let signed = sign(&response, &service_key()).unwrap();
        assert_eq!(
            code(verifier().verify_response(&request, &bytes(&signed))),
            "exchange.response_unbound"
        );
    }
    // Another service of another provider, signed by that provider.
    let mut response = response_builder(&request).build().unwrap();
    response.header.service = "EE/GOV/70000003/tax/income/v1".parse().unwrap();
    let signed = sign(&response, &other_key()).unwrap();
    assert!(verifier().verify(&bytes(&signed)).is_ok());
    assert_eq!(
        code(verifier().verify_response(&request, &bytes(&signed))),
        "exchange.response_unbound"
    );
}

#[test]
fn a_request_is_not_a_response() {
    let request = verified_request();
    assert_eq!(
        code(verifier().verify_response(&request, &bytes(&signed_request()))),
        "exchange.response_unbound"
    );
    // Nor is a response the request another response answers.
    let response = verifier()
        .verify_response(&request, &bytes(&signed_response(&request)))
        .unwrap();
    assert_eq!(
        code(verifier().verify_response(&response, &bytes(&signed_response(&request)))),
        "exchange.response_unbound"
    );
}
