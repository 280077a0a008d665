//! Every header rule, the sender, the payload digest, the size limit, steps and hooks.

use crate::fixtures::*;
use govblocks_core::digest::ContentDigest;
use govblocks_core::json::Limits;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, sign_checked, RequestBuilder};
use govblocks_exchange::envelope::model::{Envelope, Kind, MessageId};
use govblocks_exchange::verify::{EnvelopeVerifier, Step, StepContext};
use govblocks_exchange::Error;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

#[test]
fn a_signed_request_verifies_and_says_who_what_and_its_digest() {
    let signed = signed_request();
    assert_eq!(signed["type"], "ExchangeRequest");
    assert_eq!(signed["header"]["protocolVersion"], "1");
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
    let verified = verifier().verify_request(&bytes(&signed)).unwrap();
    assert_eq!(verified.kind, Kind::Request);
    assert_eq!(verified.header().client.as_str(), CLIENT);
    assert_eq!(verified.header().service.as_str(), SERVICE);
    assert_eq!(verified.header().action, "getResidence");
    assert_eq!(
        verified.header().correlation_id.as_deref(),
        Some("case-4471")
    );
    assert_eq!(verified.header().message_id.to_string(), REQUEST_ID);
    assert_eq!(verified.payload(), &json!({"personId": "4471"}));
    assert_eq!(verified.signer(), client_key().public_key().did());
    assert_eq!(verified.sender().as_str(), CLIENT);
    assert_eq!(verified.digest(), ContentDigest::of_json(&signed));
    assert_eq!(verified.envelope().digest().unwrap(), verified.digest());
    // Not canonical (indented, a trailing newline): the same value, the same digest.
    let mut pretty = serde_json::to_vec_pretty(&signed).unwrap();
    pretty.extend_from_slice(b"\n\n");
    let again = verifier().verify(&pretty).unwrap();
    assert_eq!(again.digest(), verified.digest());
    // Canonical with a trailing newline (as the CLI prints it).
    let mut line = bytes(&signed);
    line.push(b'\n');
    assert_eq!(
        verifier().verify(&line).unwrap().digest(),
        verified.digest()
    );
}

#[test]
fn a_verified_envelope_keeps_its_payload_and_proof_as_canonical_text() {
    // Read from canonical bytes, the payload and the proof are kept as their text (what the
    // payload digest covers), parsed into trees only when used; read from other bytes, as
    // trees. Either way the same values, the same text, the same digests.
    let signed = signed_request();
    let canonical = bytes(&signed);
    let verified = verifier().verify(&canonical).unwrap();
    assert!(!verified.envelope().payload.is_parsed());
    assert!(!verified.envelope().proof.as_ref().unwrap().is_parsed());
    let payload_text =
        String::from_utf8(govblocks_core::jcs::canonicalize(&signed["payload"])).unwrap();
    assert_eq!(verified.payload_canonical(), payload_text);
    assert_eq!(
        verified
            .envelope()
            .proof
            .as_ref()
            .unwrap()
            .canonical()
            .as_bytes(),
        govblocks_core::jcs::canonicalize(&signed["proof"])
    );
    assert_eq!(
        ContentDigest::of_bytes(verified.payload_canonical().as_bytes()),
        verified.header().payload_digest
    );
    // Typed straight from the text, without a tree.
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Query {
        person_id: String,
    }
    let query: Query = serde_json::from_str(verified.payload_canonical()).unwrap();
    assert_eq!(query.person_id, "4471");
    assert!(!verified.envelope().payload.is_parsed());
    assert_eq!(verified.payload(), &signed["payload"]);
    assert!(verified.envelope().payload.is_parsed());
    let pretty = serde_json::to_vec_pretty(&signed).unwrap();
    let from_pretty = verifier().verify(&pretty).unwrap();
    assert!(from_pretty.envelope().payload.is_parsed());
    assert_eq!(from_pretty.envelope(), verified.envelope());
    assert_eq!(from_pretty.payload_canonical(), payload_text);
    // Written back, the same signed envelope.
    assert_eq!(serde_json::to_value(verified.envelope()).unwrap(), signed);
    assert_eq!(
        serde_json::to_value(from_pretty.envelope()).unwrap(),
        signed
    );
}

#[test]
fn the_builder_fills_a_fresh_v4_id_and_the_time() {
    let envelope = RequestBuilder::new(client(), service(), "a", json!(null))
        .build()
        .unwrap();
    assert_eq!(envelope.header.message_id.version(), 4);
    assert_eq!(
        envelope.header.payload_digest,
        ContentDigest::of_json(&json!(null))
    );
    let other = RequestBuilder::new(client(), service(), "a", json!(null))
        .build()
        .unwrap();
    assert_ne!(envelope.header.message_id, other.header.message_id);
    // A signed envelope is not signed twice.
    let signed: Envelope = serde_json::from_value(signed_request()).unwrap();
    assert_eq!(
        sign(&signed, &client_key()).unwrap_err().code(),
        "exchange.envelope_invalid"
    );
}

/// The signed request with `edit` applied (not re-signed: the header rules run before the
/// signature).
fn edited(edit: impl FnOnce(&mut Value)) -> Vec<u8> {
    let mut v = signed_request();
    edit(&mut v);
    bytes(&v)
}

#[test]
fn an_unknown_or_missing_protocol_version_is_refused_first() {
    for version in [json!("2"), json!(1), json!("1.0"), json!(null)] {
        let b = edited(|v| v["header"]["protocolVersion"] = version.clone());
        assert_eq!(
            code(verifier().verify(&b)),
            "exchange.version_unsupported",
            "{version}"
        );
    }
    let b = edited(|v| {
        v["header"]
            .as_object_mut()
            .unwrap()
            .remove("protocolVersion");
    });
    assert_eq!(code(verifier().verify(&b)), "exchange.version_unsupported");
    // Re-signed, still refused: the version is a rule, not only a precheck.
    let mut e = request();
    e.header.protocol_version = "2".into();
    assert_eq!(
        e.check_rules().unwrap_err().code(),
        "exchange.version_unsupported"
    );
}

#[test]
fn a_missing_sender_is_refused() {
    let b = edited(|v| {
        v["header"].as_object_mut().unwrap().remove("client");
    });
    assert_eq!(code(verifier().verify(&b)), "exchange.sender_missing");
    let b = edited(|v| v["header"]["client"] = Value::Null);
    assert_eq!(code(verifier().verify(&b)), "exchange.sender_missing");
    // A response's sender is its service.
    let request = verified_request();
    let mut response = signed_response(&request);
    response["header"]
        .as_object_mut()
        .unwrap()
        .remove("service");
    let error = verifier().verify(&bytes(&response)).unwrap_err();
    assert_eq!(error.code(), "exchange.sender_missing");
    assert!(error.to_string().contains("service"), "{error}");
}

#[test]
fn message_ids_addresses_and_the_rest_of_the_header_have_their_form() {
    for (id, expected) in [
        (
            "c232ab00-9414-11ec-b3c8-9f6bdeced846",
            "exchange.message_id_invalid",
        ), // v1
        (
            "0D7BA0A5-6AB0-4B5E-9C39-3C1C7B1F7A10",
            "exchange.message_id_invalid",
        ), // upper case
        (
            "0d7ba0a5-6ab0-4b5e-1c39-3c1c7b1f7a10",
            "exchange.message_id_invalid",
        ), // variant
        ("not-a-uuid", "exchange.message_id_invalid"),
    ] {
        let b = edited(|v| v["header"]["messageId"] = json!(id));
        assert_eq!(code(verifier().verify(&b)), expected, "{id}");
    }
    let b = edited(|v| v["header"]["messageId"] = json!(42));
    assert_eq!(code(verifier().verify(&b)), "schema.invalid");
    for (field, text) in [
        ("client", "EE/GOV"),
        ("client", "EE/GOV/1 2"),
        ("service", "EE/GOV/1/sub"),
        ("client", "EE/GOV/7000_0001"),
        ("client", "EE/GOV/70000001/%73ocial"),
        ("service", "EE/GOV/70000002/population/res:idence/v1"),
        ("service", "EE/GOV/70000002/population/residence/v%31"),
    ] {
        let b = edited(|v| v["header"][field] = json!(text));
        assert_eq!(
            code(verifier().verify(&b)),
            "exchange.xroad_id_invalid",
            "{text}"
        );
    }
    for (field, value) in [
        ("timestamp", json!("2026-12-06 10:00:00")),
        ("action", json!("")),
        ("action", json!("get residence")),
        ("correlationId", json!("")),
        ("payloadDigest", json!("abc")),
        ("payloadSchema", json!("not a uri")),
        ("unknown", json!(1)),
    ] {
        let b = edited(|v| v["header"][field] = value.clone());
        assert_eq!(
            code(verifier().verify(&b)),
            "schema.invalid",
            "{field} {value}"
        );
    }
    let b = edited(|v| v["extra"] = json!(1));
    assert_eq!(code(verifier().verify(&b)), "schema.invalid");
    let b = edited(|v| v["type"] = json!("ExchangeNotice"));
    assert_eq!(code(verifier().verify(&b)), "schema.invalid");
    // One sender, one proof: a proof set does not fit the schema.
    let b = edited(|v| v["proof"] = json!([v["proof"].clone()]));
    assert_eq!(code(verifier().verify(&b)), "schema.invalid");
    // Unsigned: no proof.
    let b = edited(|v| {
        v.as_object_mut().unwrap().remove("proof");
    });
    assert_eq!(code(verifier().verify(&b)), "proof.missing");
}

#[test]
fn a_request_has_no_in_reply_to_and_a_response_has_one() {
    let request = verified_request();
    let response = signed_response(&request);
    // A request that names a request: the schema, then the rule.
    let mut forged = signed_request();
    forged["header"]["inReplyTo"] = response["header"]["inReplyTo"].clone();
    let forged = force_sign(forged, &client_key());
    assert_eq!(code(verifier().verify(&bytes(&forged))), "schema.invalid");
    let typed: Envelope = serde_json::from_value(forged).unwrap();
    assert_eq!(
        typed.check_rules().unwrap_err().code(),
        "exchange.envelope_invalid"
    );
    // A response that names nothing.
    let mut forged = response.clone();
    forged["header"]
        .as_object_mut()
        .unwrap()
        .remove("inReplyTo");
    let forged = force_sign(forged, &service_key());
    assert_eq!(code(verifier().verify(&bytes(&forged))), "schema.invalid");
    let typed: Envelope = serde_json::from_value(forged).unwrap();
    assert_eq!(
        typed.check_rules().unwrap_err().code(),
        "exchange.envelope_invalid"
    );
    // A service that expects a request refuses a response.
    assert_eq!(
        code(verifier().verify_request(&bytes(&response))),
        "exchange.envelope_invalid"
    );
}

#[test]
fn the_signer_must_be_the_sender_named_in_the_header() {
    // Signed by another member's (trusted) key.
    let forged = sign(&request(), &other_key()).unwrap();
    let error = verifier().verify(&bytes(&forged)).unwrap_err();
    assert_eq!(error.code(), "exchange.sender_mismatch");
    assert!(error.to_string().contains(CLIENT), "{error}");
    // Signed by the service's provider: still not the client.
    let forged = sign(&request(), &service_key()).unwrap();
    assert_eq!(
        code(verifier().verify(&bytes(&forged))),
        "exchange.sender_mismatch"
    );
    // A sender the directory does not know.
    let stranger = RequestBuilder::new(
        "EE/GOV/70000009/unknown".parse().unwrap(),
        service(),
        "getResidence",
        json!({}),
    )
    .timestamp(now())
    .build()
    .unwrap();
    let signed = sign(&stranger, &other_key()).unwrap();
    assert_eq!(
        code(verifier().verify(&bytes(&signed))),
        "exchange.sender_unknown"
    );
    // A key nobody trusts: core's trust list decides first.
    let signed = sign(&request(), &stranger_key()).unwrap();
    assert_eq!(code(verifier().verify(&bytes(&signed))), "trust.untrusted");
    // A verifier that trusts anyone still holds the signer to the directory.
    let open = EnvelopeVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::any())
            .with_clock(govblocks_core::clock::FixedClock::new(now())),
        directory(),
    );
    assert_eq!(
        code(open.verify(&bytes(&signed))),
        "exchange.sender_mismatch"
    );
    // An empty directory knows nobody.
    let empty = EnvelopeVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::any())
            .with_clock(govblocks_core::clock::FixedClock::new(now())),
        Directory::new(),
    );
    assert_eq!(
        code(empty.verify(&bytes(&signed_request()))),
        "exchange.sender_unknown"
    );
}

#[test]
fn the_payload_digest_must_match_and_the_signature_covers_everything() {
    // Signed over a payload its header does not digest.
    let mut forged = signed_request();
    forged["payload"] = json!({"personId": "9999"});
    let forged = force_sign(forged, &client_key());
    let error = verifier().verify(&bytes(&forged)).unwrap_err();
    assert_eq!(error.code(), "exchange.payload_digest_mismatch");
    // The same refusal whether the payload's digest is read from canonical bytes (above) or
    // taken by canonicalizing the payload (pretty-printed input), one by one or in a batch;
    // and the honest envelope passes either way.
    let pretty = serde_json::to_vec_pretty(&forged).unwrap();
    assert_eq!(
        verifier().verify(&pretty).unwrap_err().code(),
        "exchange.payload_digest_mismatch"
    );
    let honest = bytes(&signed_request());
    let honest_pretty = serde_json::to_vec_pretty(&signed_request()).unwrap();
    let forged_bytes = bytes(&forged);
    let inputs: [&[u8]; 4] = [&honest, &forged_bytes, &honest_pretty, &pretty];
    let results = verifier().verify_batch(&inputs);
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.code(), |_| "ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "exchange.payload_digest_mismatch",
            "ok",
            "exchange.payload_digest_mismatch"
        ]
    );
    // The builder would not sign it.
    let typed: Envelope = serde_json::from_value(forged).unwrap();
    let mut unsigned = typed;
    unsigned.proof = None;
    assert_eq!(
        sign(&unsigned, &client_key()).unwrap_err().code(),
        "exchange.payload_digest_mismatch"
    );
    // Changed after signing: the signature.
    for edit in [
        (|v: &mut Value| v["payload"]["personId"] = json!("9999")) as fn(&mut Value),
        |v| v["header"]["action"] = json!("getIncome"),
        |v| v["header"]["correlationId"] = json!("case-1"),
        |v| v["header"]["timestamp"] = json!("2026-12-06T09:59:00Z"),
    ] {
        assert_eq!(
            code(verifier().verify(&edited(edit))),
            "proof.signature_invalid"
        );
    }
}

#[test]
fn an_envelope_over_the_size_limit_is_refused_before_anything_else() {
    let big = request_builder()
        .build()
        .map(|mut e| {
            e.payload = json!({"blob": "x".repeat(2048)}).into();
            e.header.payload_digest = ContentDigest::of_json(&e.payload);
            e
        })
        .unwrap();
    let signed = bytes(&sign(&big, &client_key()).unwrap());
    assert!(verifier().verify(&signed).is_ok());
    let limits = Limits {
        max_bytes: 1024,
        ..Limits::default()
    };
    let directory = directory();
    let small = EnvelopeVerifier::new(
        Verifier::new(DidKeyResolver, directory.trust_list())
            .with_clock(govblocks_core::clock::FixedClock::new(now()))
            .with_limits(limits),
        directory,
    );
    assert_eq!(code(small.verify(&signed)), "json.too_large");
    assert!(small.verify(&bytes(&signed_request())).is_ok());
}

#[test]
fn a_timestamp_in_the_future_beyond_the_skew_is_refused_by_the_proof() {
    let later: govblocks_core::clock::Timestamp = "2026-12-06T11:00:00Z".parse().unwrap();
    let e = request_builder().timestamp(later).build().unwrap();
    let signed = sign(&e, &client_key()).unwrap();
    assert_eq!(signed["proof"]["created"], "2026-12-06T11:00:00Z");
    assert_eq!(
        code(verifier().verify(&bytes(&signed))),
        "proof.not_yet_valid"
    );
}

/// A step that records what it saw, and fails when told to.
struct Recorder {
    seen: Mutex<Vec<(MessageId, String, ContentDigest)>>,
    fail: bool,
}

impl Step for Recorder {
    fn run(
        &self,
        envelope: &Envelope,
        context: &StepContext<'_>,
    ) -> govblocks_exchange::Result<()> {
        self.seen.lock().unwrap().push((
            envelope.header.message_id,
            context.signer().to_owned(),
            context.digest(),
        ));
        assert_eq!(context.proofs().len(), 1);
        assert_eq!(context.now(), now().to_datetime());
        if self.fail {
            return Err(Error::EnvelopeInvalid {
                reason: "seen before".into(),
            });
        }
        Ok(())
    }
}

#[test]
fn steps_run_in_order_after_every_other_check_and_the_hook_last() {
    let first = Arc::new(Recorder {
        seen: Mutex::new(Vec::new()),
        fail: false,
    });
    let verifier = verifier()
        .with_shared_step(first.clone())
        .with_step(|_: &Envelope, _: &StepContext<'_>| Ok(()));
    let signed = signed_request();
    let verified = verifier.verify(&bytes(&signed)).unwrap();
    {
        let seen = first.seen.lock().unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].0.to_string(), REQUEST_ID);
        assert_eq!(seen[0].1, client_key().public_key().did());
        assert_eq!(seen[0].2, verified.digest());
    }
    // A step is not reached by an envelope another check refuses.
    let forged = sign(&request(), &other_key()).unwrap();
    assert_eq!(
        code(verifier.verify(&bytes(&forged))),
        "exchange.sender_mismatch"
    );
    assert_eq!(first.seen.lock().unwrap().len(), 1);
    // A failing step fails the verification, and stops the later ones and the hook.
    let later = Arc::new(AtomicUsize::new(0));
    let counter = later.clone();
    let failing = verifier.clone().with_step(Recorder {
        seen: Mutex::new(Vec::new()),
        fail: true,
    });
    let failing = failing.with_step(move |_: &Envelope, _: &StepContext<'_>| {
        counter.fetch_add(1, Ordering::SeqCst);
        Ok(())
    });
    let hooked = AtomicUsize::new(0);
    let error = failing
        .verify_with(&bytes(&signed), |_, _| {
            hooked.fetch_add(1, Ordering::SeqCst);
            Ok(())
        })
        .unwrap_err();
    assert_eq!(error.code(), "exchange.envelope_invalid");
    assert_eq!(later.load(Ordering::SeqCst), 0);
    assert_eq!(hooked.load(Ordering::SeqCst), 0);
    // The caller's hook can refuse too.
    let error = verifier
        .verify_with(&bytes(&signed), |e, _| {
            Err(Error::AccessDenied {
                client: e.header.client.to_string(),
                service: e.header.service.to_string(),
                action: "hook".into(),
            })
        })
        .unwrap_err();
    assert_eq!(error.code(), "exchange.access_denied");
}

const QUERY_SCHEMA: &str = r#"{
  "$schema": "https://json-schema.org/draft/2020-12/schema",
  "$id": "https://schemas.example.gov/residence-query.json",
  "type": "object",
  "required": ["personId"],
  "additionalProperties": false,
  "properties": {"personId": {"type": "string", "pattern": "^[0-9]+$"}}
}"#;

#[test]
fn a_payload_is_checked_against_its_schema_on_both_sides_when_it_is_known() {
    let schemas = Arc::new(SchemaRegistry::with_core_and(&[QUERY_SCHEMA]));
    let schema_id = "https://schemas.example.gov/residence-query.json";
    let checking = verifier().with_payload_schemas(schemas.clone());
    let good = request_builder().payload_schema(schema_id).build().unwrap();
    let signed = sign_checked(&good, &client_key(), &schemas).unwrap();
    assert!(checking.verify(&bytes(&signed)).is_ok());
    let bad = RequestBuilder::new(
        client(),
        service(),
        "getResidence",
        json!({"personId": "x"}),
    )
    .timestamp(now())
    .payload_schema(schema_id)
    .build()
    .unwrap();
    let error = sign_checked(&bad, &client_key(), &schemas).unwrap_err();
    assert_eq!(error.code(), "exchange.payload_invalid");
    let signed = sign(&bad, &client_key()).unwrap();
    let error = checking.verify(&bytes(&signed)).unwrap_err();
    assert_eq!(error.code(), "exchange.payload_invalid");
    let violations = govblocks_core::error::CodedError::violations(&error);
    assert_eq!(violations.len(), 1, "{violations:?}");
    assert_eq!(violations[0].instance_path, "/personId");
    // A verifier without payload schemas, or a schema it does not know, lets it pass.
    assert!(verifier().verify(&bytes(&signed)).is_ok());
    let unknown = RequestBuilder::new(client(), service(), "getResidence", json!(1))
        .timestamp(now())
        .payload_schema("https://schemas.example.gov/unknown.json")
        .build()
        .unwrap();
    let signed = sign(&unknown, &client_key()).unwrap();
    assert!(checking.verify(&bytes(&signed)).is_ok());
}

#[test]
fn errors_render_as_core_error_objects() {
    let forged = sign(&request(), &other_key()).unwrap();
    let error = verifier().verify(&bytes(&forged)).unwrap_err();
    let object = govblocks_core::error::error_object(&error);
    assert_eq!(object["error"]["code"], "exchange.sender_mismatch");
    let long = "x".repeat(10_000);
    let error = govblocks_exchange::xroad::ClientId::parse(&long).unwrap_err();
    assert!(error.to_string().len() < 300, "{error}");
}

#[test]
fn a_batch_verifies_each_envelope_as_alone_with_one_signature_batch() {
    let request = verified_request();
    let good = bytes(&signed_request());
    let response = bytes(&signed_response(&request));
    let forged = bytes(&sign(&request_builder().build().unwrap(), &other_key()).unwrap());
    let tampered = edited(|v| v["payload"]["personId"] = json!("1"));
    let v2 = edited(|v| v["header"]["protocolVersion"] = json!("2"));
    let inputs: Vec<&[u8]> = vec![&good, &response, &forged, &tampered, &v2, &good];
    let results = verifier().verify_batch(&inputs);
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.code(), |_| "ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "ok",
            "exchange.sender_mismatch",
            "proof.signature_invalid",
            "exchange.version_unsupported",
            "ok"
        ]
    );
    for (input, result) in inputs.iter().zip(&results) {
        let alone = verifier().verify(input);
        assert_eq!(
            alone.as_ref().map(|v| v.digest()).map_err(|e| e.code()),
            result.as_ref().map(|v| v.digest()).map_err(|e| e.code())
        );
    }
    assert_eq!(
        results[1].as_ref().unwrap().signer(),
        service_key().public_key().did()
    );
    assert!(verifier().verify_batch(&[]).is_empty());
}

#[test]
fn the_proofs_created_is_the_headers_timestamp() {
    let signed = signed_request();
    assert_eq!(signed["proof"]["created"], signed["header"]["timestamp"]);
    // The same instant with another offset is the same time.
    let mut same = signed.clone();
    same["header"]["timestamp"] = json!("2026-12-06T12:00:00+02:00");
    let same = force_sign(same, &client_key());
    assert!(verifier().verify(&bytes(&same)).is_ok());
    let mut other = signed.clone();
    other["header"]["timestamp"] = json!("2026-12-06T09:00:00Z");
    let other = force_sign(other, &client_key());
    let error = verifier().verify(&bytes(&other)).unwrap_err();
    assert_eq!(error.code(), "exchange.envelope_invalid");
    assert!(error.to_string().contains("created"), "{error}");
    // A proof without created is judged by the header alone.
    let mut bare = signed;
    bare.as_object_mut().unwrap().remove("proof");
    let bare = govblocks_core::proof::add_proof(
        bare,
        &client_key(),
        &govblocks_core::proof::ProofOptions::assertion(),
    )
    .unwrap();
    assert!(bare["proof"].get("created").is_none());
    assert!(verifier().verify(&bytes(&bare)).is_ok());
}

/// `value` verified from its canonical bytes (read without a tree) and pretty-printed (parsed
/// into one), alone and in a batch: the same envelope, digest and signer, or the same error.
fn read_both_ways(value: &Value) -> String {
    let canonical = bytes(value);
    let pretty = serde_json::to_vec_pretty(value).unwrap();
    let verifier = verifier();
    let answer = |r: Result<govblocks_exchange::verify::VerifiedEnvelope, Error>| match r {
        Ok(v) => format!(
            "ok {:?} {} {}",
            serde_json::to_value(v.envelope()).unwrap(),
            v.digest(),
            v.signer()
        ),
        Err(e) => format!("{} {e}", e.code()),
    };
    let by_tape = answer(verifier.verify(&canonical));
    assert_eq!(by_tape, answer(verifier.verify(&pretty)), "{value}");
    let batch = verifier.verify_batch(&[&canonical, &pretty]);
    for result in batch {
        assert_eq!(answer(result), by_tape, "{value}");
    }
    by_tape
}

#[test]
fn canonical_envelopes_read_without_a_tree_get_the_trees_answers() {
    type Edit = (&'static str, fn(&mut Value));
    let edits: Vec<Edit> = vec![
        ("none", |_| {}),
        ("version", |v| v["header"]["protocolVersion"] = json!("2")),
        ("version number", |v| {
            v["header"]["protocolVersion"] = json!(1)
        }),
        ("no sender", |v| {
            drop(v["header"].as_object_mut().unwrap().remove("client"))
        }),
        ("null sender", |v| v["header"]["client"] = Value::Null),
        ("message id", |v| {
            v["header"]["messageId"] = json!("not-a-uuid")
        }),
        ("message id number", |v| {
            v["header"]["messageId"] = json!(42)
        }),
        ("client", |v| {
            v["header"]["client"] = json!("EE/GOV/7000_0001")
        }),
        ("service", |v| {
            v["header"]["service"] = json!("EE/GOV/1/sub")
        }),
        ("timestamp", |v| {
            v["header"]["timestamp"] = json!("2026-12-06 10:00:00")
        }),
        ("a real date it is not", |v| {
            v["header"]["timestamp"] = json!("2026-02-30T10:00:00Z")
        }),
        ("action", |v| v["header"]["action"] = json!("get residence")),
        ("digest", |v| v["header"]["payloadDigest"] = json!("abc")),
        ("extra", |v| v["extra"] = json!(1)),
        ("type", |v| v["type"] = json!("ExchangeNotice")),
        ("response type", |v| v["type"] = json!("ExchangeResponse")),
        ("proof set", |v| v["proof"] = json!([v["proof"].clone()])),
        ("no proof", |v| {
            drop(v.as_object_mut().unwrap().remove("proof"))
        }),
        ("payload changed", |v| {
            v["payload"]["personId"] = json!("4472")
        }),
        ("payload number", |v| v["payload"]["n"] = json!(7)),
        ("proof value", |v| v["proof"]["proofValue"] = json!("z1111")),
        ("proof created", |v| {
            v["proof"]["created"] = json!("2030-01-01T00:00:00Z")
        }),
        ("proof purpose", |v| {
            v["proof"]["proofPurpose"] = json!("authentication")
        }),
    ];
    for (what, edit) in edits {
        let mut value = signed_request();
        edit(&mut value);
        let answer = read_both_ways(&value);
        assert_eq!(answer.starts_with("ok"), what == "none", "{what}: {answer}");
    }
    let request = verified_request();
    assert!(read_both_ways(&signed_response(&request)).starts_with("ok"));
    // The canonical side did take the tape.
    let signed = bytes(&signed_request());
    assert!(verifier().verifier().read_tape(&signed).is_some());
}
