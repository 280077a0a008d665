//! SPDCI / G2P Connect bodies: signing, encryption, verification, answers, and our envelope
//! carried in them (module `g2p`).

use crate::fixtures::{
    bytes, client_key, directory, now, other_key, service_key, signed_request, signed_response,
    stranger_key, verified_request, verifier, CLIENT, NOW, PROVIDER, REQUEST_ID,
};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::encoding::base64url_encode;
use govblocks_core::keys::{SecretKey, X25519SecretKey};
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::g2p::{
    from_g2p, seal, signing_input, to_g2p, AckErrorCode, AckResponse, AckStatus, EncryptedMessage,
    G2pBody, G2pVerifier, MsgHeader, Rejection, RequestStatus, Senders, StatusReasonCode,
    VerifiedG2p,
};
use govblocks_exchange::replay::ReplayGuard;
use serde_json::{json, Value};
use time::Duration;

const SENDER: &str = "spp.example.org";

fn receiver_key() -> X25519SecretKey {
    X25519SecretKey::from_bytes(&[7; 32])
}

fn other_receiver_key() -> X25519SecretKey {
    X25519SecretKey::from_bytes(&[8; 32])
}

fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text, "test").unwrap()
}

fn senders() -> Senders {
    Senders::new()
        .with(SENDER, client_key().public_key().did())
        .with("other.example.org", other_key().public_key().did())
}

/// A verifier of [`senders`] trusting their DIDs, decrypting with [`receiver_key`].
fn g2p_verifier() -> G2pVerifier {
    let senders = senders();
    let core =
        Verifier::new(DidKeyResolver, senders.trust_list()).with_clock(FixedClock::new(now()));
    G2pVerifier::new(core, senders).with_decrypt_key(receiver_key())
}

fn search() -> Value {
    json!({
        "transaction_id": "T-4471",
        "search_request": [{
            "reference_id": "R-1",
            "timestamp": NOW,
            "search_criteria": {
                "version": "1.0.0",
                "reg_type": "ns:org:RegistryType:Civil",
                "query_type": "idtype-value",
                "query": {"type": "UIN", "value": "4471"},
                "consent": {"@context": "https://schema.spdci.org/Consent", "@type": "Consent",
                            "ts": NOW, "purpose": {"text": "eligibility", "code": "E1",
                            "ref_uri": "https://registry.example.org/purposes/E1"}}
            },
            "locale": "eng"
        }]
    })
}

fn header() -> MsgHeader {
    let mut header = MsgHeader::request("msg-1", now(), "search", SENDER, 1);
    header.receiver_id = Some("civilregistry.example.org".to_owned());
    header
}

fn sealed(encrypt: bool) -> G2pBody {
    let recipient = receiver_key().public_key();
    seal(
        header(),
        search(),
        &client_key(),
        encrypt.then_some(&recipient),
    )
    .unwrap()
}

fn verify(
    verifier: &G2pVerifier,
    body: &G2pBody,
) -> Result<VerifiedG2p, govblocks_exchange::Error> {
    verifier.verify(&serde_json::to_vec(&body.to_value()).unwrap())
}

fn code_of(verifier: &G2pVerifier, body: &G2pBody) -> &'static str {
    match verify(verifier, body) {
        Ok(v) => panic!("verified: {:?}", v.header()),
        Err(e) => e.code(),
    }
}

/// `body` signed again by its sender after an edit (what a sender, not a forger, can send).
fn resigned(body: G2pBody) -> G2pBody {
    resigned_by(body, &client_key())
}

#[test]
fn a_body_signed_and_encrypted_verifies_and_decrypts() {
    for encrypt in [false, true] {
        let body = sealed(encrypt);
        assert_eq!(body.header["is_msg_encrypted"], json!(encrypt));
        let verified = verify(&g2p_verifier(), &body).unwrap();
        assert_eq!(verified.payload(), Some(&search()));
        assert_eq!(verified.signer(), client_key().public_key().did());
        assert_eq!(verified.header().message_id, "msg-1");
        if encrypt {
            // The ciphertext does not show the payload; the header is the JWE header.
            let message = EncryptedMessage::from_value(&body.message).unwrap();
            assert!(!body.message.to_string().contains("4471"));
            assert_eq!(message.header["alg"], "ECDH-ES");
            assert_eq!(message.header["enc"], "A256GCM");
            assert_eq!(message.header["kid"], receiver_key().public_key().key_id());
            assert_eq!(message.encrypted_key, "");
        }
    }
}

#[test]
fn an_encrypted_body_verifies_without_the_key_and_keeps_its_payload_closed() {
    let senders = senders();
    let core =
        Verifier::new(DidKeyResolver, senders.trust_list()).with_clock(FixedClock::new(now()));
    let relay = G2pVerifier::new(core, senders);
    let verified = verify(&relay, &sealed(true)).unwrap();
    assert_eq!(verified.payload(), None);
    assert_eq!(verified.signer(), client_key().public_key().did());
}

#[test]
fn the_signature_covers_the_canonical_form_of_header_and_message() {
    let body = sealed(false);
    let input = signing_input(&body.header, &body.message);
    let expected =
        govblocks_core::jcs::canonicalize(&json!({"header": body.header, "message": body.message}));
    assert_eq!(input, expected);
    // A detached JWS, EdDSA, kid the sender's verification method; any JOSE library checks
    // it with the payload rebuilt.
    let signature = body.signature.as_deref().unwrap();
    assert!(signature.contains(".."));
    let jws_header = govblocks_core::jws::decode_unverified_header(signature).unwrap();
    assert_eq!(
        jws_header.kid(),
        Some(client_key().public_key().verification_method().as_str())
    );
    govblocks_core::jws::verify(signature, &client_key().public_key(), Some(&input)).unwrap();

    // Sorted or not, pretty or not: the same body verifies (the bytes signed are canonical).
    let pretty = serde_json::to_vec_pretty(&body.to_value()).unwrap();
    g2p_verifier().verify(&pretty).unwrap();
    let mut reordered = String::from("{\"message\":");
    reordered.push_str(&body.message.to_string());
    reordered.push_str(",\"signature\":");
    reordered.push_str(&json!(signature).to_string());
    reordered.push_str(",\"header\":");
    reordered.push_str(&body.header.to_string());
    reordered.push('}');
    g2p_verifier().verify(reordered.as_bytes()).unwrap();
}

#[test]
fn every_header_member_is_written_and_read_back() {
    let mut header = header();
    header.sender_uri = Some("https://spp.example.org/callback/on-search".to_owned());
    header.meta = Some(json!({"tag": "pilot"}));
    header.other.insert("x_route".to_owned(), json!("north"));
    let body = seal(header.clone(), search(), &client_key(), None).unwrap();
    let expected = json!({
        "version": "1.0.0", "message_id": "msg-1", "message_ts": NOW, "action": "search",
        "sender_id": SENDER, "sender_uri": "https://spp.example.org/callback/on-search",
        "receiver_id": "civilregistry.example.org", "total_count": 1, "is_msg_encrypted": false,
        "meta": {"tag": "pilot"}, "x_route": "north"
    });
    assert_eq!(body.header, expected);
    let verified = verify(&g2p_verifier(), &body).unwrap();
    assert_eq!(verified.header(), &header);

    // The callback header: status, reason, counts.
    let mut callback = MsgHeader::callback(
        "msg-2",
        ts("2026-12-06T10:00:05+02:00"),
        "on-search",
        SENDER,
        RequestStatus::Rejected,
    );
    callback.status_reason_code = Some(StatusReasonCode::MessageIdDuplicate);
    callback.status_reason_message = Some("seen before".to_owned());
    callback.total_count = Some(3);
    callback.completed_count = Some(2);
    let body = seal(callback.clone(), json!({}), &client_key(), None).unwrap();
    assert_eq!(body.header["status"], "rjct");
    assert_eq!(
        body.header["status_reason_code"],
        "rjct.message_id.duplicate"
    );
    assert_eq!(body.header["completed_count"], 2);
    assert_eq!(body.header["message_ts"], "2026-12-06T10:00:05+02:00");
    let verified = verify(&g2p_verifier(), &body).unwrap();
    assert_eq!(verified.header(), &callback);
    assert!(verified.header().is_callback());
    for status in ["rcvd", "pdng", "succ", "rjct"] {
        let mut header = body.header.clone();
        header["status"] = json!(status);
        let parsed = MsgHeader::from_value(&header).unwrap();
        assert_eq!(serde_json::to_value(parsed.status).unwrap(), json!(status));
    }
    // A status the specification does not list: the header schema refuses it.
    let mut bad = body.clone();
    bad.header["status"] = json!("done");
    assert_eq!(code_of(&g2p_verifier(), &resigned(bad)), "schema.invalid");
}

/// An edit of a message.
type Edit = Box<dyn Fn(&mut Value)>;

#[test]
fn each_part_of_the_encrypted_message_tampered_is_refused() {
    let body = sealed(true);
    // Each edit, signed again by the sender: the JWE itself must refuse it.
    let cases: Vec<(&str, Edit, &str)> = vec![
        (
            "protected header member",
            Box::new(|m| m["header"]["x"] = json!(1)),
            "jwe.decryption_failed",
        ),
        (
            "protected header kid",
            Box::new(|m| m["header"]["kid"] = json!("did:key:z6LSother#x")),
            "exchange.g2p_recipient_mismatch",
        ),
        (
            "encrypted key",
            Box::new(|m| m["encrypted_key"] = json!("AAAA")),
            "jwe.malformed",
        ),
        (
            "iv",
            Box::new(|m| m["iv"] = json!(base64url_encode(&[0; 12]))),
            "jwe.decryption_failed",
        ),
        (
            "ciphertext",
            Box::new(|m| {
                let mut c = govblocks_core::encoding::base64url_decode(
                    m["ciphertext"].as_str().unwrap(),
                    "c",
                )
                .unwrap();
                c[0] ^= 1;
                m["ciphertext"] = json!(base64url_encode(&c));
            }),
            "jwe.decryption_failed",
        ),
        (
            "tag",
            Box::new(|m| m["tag"] = json!(base64url_encode(&[0; 16]))),
            "jwe.decryption_failed",
        ),
        (
            "alg dir",
            Box::new(|m| m["header"]["alg"] = json!("dir")),
            "jwe.algorithm_unsupported",
        ),
        (
            "alg RSA1_5",
            Box::new(|m| m["header"]["alg"] = json!("RSA1_5")),
            "jwe.algorithm_unsupported",
        ),
        (
            "alg ECDH-ES+A256KW",
            Box::new(|m| m["header"]["alg"] = json!("ECDH-ES+A256KW")),
            "jwe.algorithm_unsupported",
        ),
        (
            "enc A128CBC-HS256",
            Box::new(|m| m["header"]["enc"] = json!("A128CBC-HS256")),
            "jwe.encryption_unsupported",
        ),
        (
            "enc A128GCM",
            Box::new(|m| m["header"]["enc"] = json!("A128GCM")),
            "jwe.encryption_unsupported",
        ),
        (
            "a sixth member",
            Box::new(|m| m["aad"] = json!("")),
            "exchange.g2p_encryption_mismatch",
        ),
        (
            "header not an object",
            Box::new(|m| m["header"] = json!("e30")),
            "exchange.g2p_invalid",
        ),
    ];
    for (what, edit, expected) in cases {
        let mut tampered = body.clone();
        edit(&mut tampered.message);
        assert_eq!(
            code_of(&g2p_verifier(), &resigned(tampered)),
            expected,
            "{what}"
        );
    }
    // Not signed again: the signature refuses any edit first.
    let mut forged = body.clone();
    forged.message["tag"] = json!(base64url_encode(&[0; 16]));
    assert_eq!(code_of(&g2p_verifier(), &forged), "jws.signature_invalid");
}

#[test]
fn a_message_for_another_receiver_is_refused() {
    let other = {
        let senders = senders();
        let core =
            Verifier::new(DidKeyResolver, senders.trust_list()).with_clock(FixedClock::new(now()));
        G2pVerifier::new(core, senders).with_decrypt_key(other_receiver_key())
    };
    let body = sealed(true);
    assert_eq!(code_of(&other, &body), "exchange.g2p_recipient_mismatch");
    // Without a kid to tell, decryption itself fails: a JWE with no kid, for another key.
    let jwe = govblocks_core::jwe::encrypt(
        &govblocks_core::jcs::canonicalize(&search()),
        &receiver_key().public_key(),
        &govblocks_core::jwe::JweOptions::new(),
    )
    .unwrap();
    let mut no_kid = body.clone();
    no_kid.message = EncryptedMessage::from_jwe(&jwe).unwrap().to_value();
    let no_kid = resigned(no_kid);
    assert_eq!(code_of(&other, &no_kid), "jwe.decryption_failed");
    // ... and the right key reads it (kid is not required).
    assert_eq!(
        verify(&g2p_verifier(), &no_kid).unwrap().payload(),
        Some(&search())
    );
    // The header is authenticated: a kid removed after encryption fails for the right key too.
    let mut stripped = body.clone();
    stripped.message["header"]
        .as_object_mut()
        .unwrap()
        .remove("kid");
    assert_eq!(
        code_of(&g2p_verifier(), &resigned(stripped)),
        "jwe.decryption_failed"
    );
    // A receiver id the verifier does not answer to.
    let elsewhere = g2p_verifier().with_receiver_id("tax.example.org");
    assert_eq!(code_of(&elsewhere, &body), "exchange.g2p_receiver_mismatch");
    let here = g2p_verifier().with_receiver_id("civilregistry.example.org");
    verify(&here, &body).unwrap();
}

#[test]
fn a_message_marked_encrypted_must_be_and_the_reverse() {
    let mut marked = sealed(false);
    marked.header["is_msg_encrypted"] = json!(true);
    assert_eq!(
        code_of(&g2p_verifier(), &resigned(marked)),
        "exchange.g2p_encryption_mismatch"
    );
    let mut unmarked = sealed(true);
    unmarked.header["is_msg_encrypted"] = json!(false);
    assert_eq!(
        code_of(&g2p_verifier(), &resigned(unmarked)),
        "exchange.g2p_encryption_mismatch"
    );
    let mut absent = sealed(true);
    absent
        .header
        .as_object_mut()
        .unwrap()
        .remove("is_msg_encrypted");
    assert_eq!(
        code_of(&g2p_verifier(), &resigned(absent)),
        "exchange.g2p_encryption_mismatch"
    );
    let mut header = header();
    header.is_msg_encrypted = Some(true);
    let refused = seal(header, search(), &client_key(), None).unwrap_err();
    assert_eq!(refused.code(), "exchange.g2p_encryption_mismatch");
}

#[test]
fn who_signs_must_be_the_sender() {
    let verifier = g2p_verifier();
    let mut body = sealed(false);
    // Signed by another trusted sender's key.
    body.signature = Some(
        govblocks_exchange::g2p::sign::sign_parts(&body.header, &body.message, &other_key())
            .unwrap(),
    );
    assert_eq!(code_of(&verifier, &body), "exchange.sender_mismatch");
    // By a stranger: not trusted.
    body.signature = Some(
        govblocks_exchange::g2p::sign::sign_parts(&body.header, &body.message, &stranger_key())
            .unwrap(),
    );
    assert_eq!(code_of(&verifier, &body), "trust.untrusted");
    // No signature; an unknown or missing sender.
    body.signature = None;
    assert_eq!(code_of(&verifier, &body), "exchange.g2p_signature_missing");
    let mut unknown = header();
    unknown.sender_id = Some("nobody.example.org".to_owned());
    let body = seal(unknown, search(), &client_key(), None).unwrap();
    assert_eq!(code_of(&verifier, &body), "exchange.sender_unknown");
    let mut body = sealed(false);
    body.header.as_object_mut().unwrap().remove("sender_id");
    // The request header schema requires sender_id.
    assert_eq!(code_of(&verifier, &resigned(body)), "schema.invalid");
    // An attached JWS (the payload inside the signature) is not the body's signature.
    let body = sealed(false);
    let input = signing_input(&body.header, &body.message);
    let attached = govblocks_core::jws::sign(
        &input,
        &client_key(),
        &govblocks_core::jws::JwsOptions::attached().with_signer_kid(),
    )
    .unwrap();
    let mut with_attached = body.clone();
    with_attached.signature = Some(attached);
    assert_eq!(code_of(&verifier, &with_attached), "jws.payload");
}

#[test]
fn headers_and_payloads_are_held_to_the_published_schemas() {
    let verifier = g2p_verifier();
    // A version this crate does not speak.
    let mut header = header();
    header.version = Some("2.0.0".to_owned());
    let body = seal(header, search(), &client_key(), None).unwrap();
    assert_eq!(code_of(&verifier, &body), "exchange.version_unsupported");
    // A search without transaction_id.
    let mut payload = search();
    payload.as_object_mut().unwrap().remove("transaction_id");
    let body = seal(self::header(), payload, &client_key(), None).unwrap();
    assert_eq!(code_of(&verifier, &body), "exchange.payload_invalid");
    // The same, encrypted: checked once decrypted.
    let mut payload = search();
    payload.as_object_mut().unwrap().remove("transaction_id");
    let recipient = receiver_key().public_key();
    let body = seal(self::header(), payload, &client_key(), Some(&recipient)).unwrap();
    assert_eq!(code_of(&verifier, &body), "exchange.payload_invalid");
    // total_count is the number of search requests.
    let mut header = self::header();
    header.total_count = Some(2);
    let refused = verify(
        &verifier,
        &seal(header, search(), &client_key(), None).unwrap(),
    )
    .unwrap_err();
    assert_eq!(refused.code(), "exchange.g2p_total_count_invalid");
    assert_eq!(
        Rejection::of(&refused).reason,
        Some(StatusReasonCode::TotalCountInvalid)
    );
    // An action the verifier does not take.
    let only_disburse = g2p_verifier().with_actions(["disburse"]);
    let refused = verify(&only_disburse, &sealed(false)).unwrap_err();
    assert_eq!(refused.code(), "exchange.g2p_action_unsupported");
    assert_eq!(
        Rejection::of(&refused).reason,
        Some(StatusReasonCode::ActionNotSupported)
    );
    // Not a body.
    for (bytes, expected) in [
        (&b"[]"[..], "exchange.g2p_invalid"),
        (
            b"{\"header\":{},\"message\":{},\"extra\":1}",
            "exchange.g2p_invalid",
        ),
        (b"{\"header\":[],\"message\":{}}", "exchange.g2p_invalid"),
        (
            b"{\"signature\":\"a..b\",\"message\":{}}",
            "exchange.g2p_invalid",
        ),
        (
            b"{\"signature\":1,\"header\":{},\"message\":{}}",
            "exchange.g2p_invalid",
        ),
        (b"{\"header\":{},\"header\":{}}", "json.duplicate_key"),
    ] {
        assert_eq!(verifier.verify(bytes).unwrap_err().code(), expected);
    }
}

#[test]
fn a_replay_and_a_stale_timestamp_get_their_spdci_reason_codes() {
    let guard = ReplayGuard::in_memory(FixedClock::new(now()));
    let verifier = g2p_verifier().with_step(guard);
    let body = sealed(true);
    verify(&verifier, &body).unwrap();
    let replayed = verify(&verifier, &body).unwrap_err();
    assert_eq!(replayed.code(), "exchange.replayed");
    assert_eq!(
        Rejection::of(&replayed).reason,
        Some(StatusReasonCode::MessageIdDuplicate)
    );
    // The same id from another sender is another message.
    let mut other = header();
    other.sender_id = Some("other.example.org".to_owned());
    let body = seal(other, search(), &other_key(), None).unwrap();
    verify(&verifier, &body).unwrap();
    // A timestamp older than the window, or ahead of the clock beyond the skew.
    for (at, expected) in [
        (
            now().to_datetime() - Duration::hours(1),
            "exchange.timestamp_too_old",
        ),
        (
            now().to_datetime() + Duration::hours(1),
            "exchange.timestamp_in_future",
        ),
    ] {
        let mut header = header();
        header.message_id = format!("msg-{expected}");
        header.message_ts = Timestamp::from_datetime(at).unwrap();
        let body = seal(header, search(), &client_key(), None).unwrap();
        let refused = verify(&verifier, &body).unwrap_err();
        assert_eq!(refused.code(), expected);
        let rejection = Rejection::of(&refused);
        assert_eq!(rejection.reason, Some(StatusReasonCode::MessageTsInvalid));
        assert_eq!(rejection.ack, AckErrorCode::RequestBad);
    }
}

#[test]
fn refusals_map_to_the_specifications_codes() {
    for (code, ack, reason) in [
        (
            "exchange.version_unsupported",
            "err.version.not_supported",
            Some("rjct.version.invalid"),
        ),
        (
            "exchange.replayed",
            "err.request.bad",
            Some("rjct.message_id.duplicate"),
        ),
        (
            "exchange.timestamp_too_old",
            "err.request.bad",
            Some("rjct.message_ts.invalid"),
        ),
        (
            "exchange.timestamp_in_future",
            "err.request.bad",
            Some("rjct.message_ts.invalid"),
        ),
        (
            "time.invalid",
            "err.request.bad",
            Some("rjct.message_ts.invalid"),
        ),
        (
            "exchange.g2p_action_unsupported",
            "err.request.bad",
            Some("rjct.action.not_supported"),
        ),
        (
            "exchange.g2p_total_count_invalid",
            "err.request.bad",
            Some("rjct.total_count.invalid"),
        ),
        (
            "exchange.g2p_signature_missing",
            "err.signature.missing",
            None,
        ),
        ("jws.signature_invalid", "err.signature.invalid", None),
        ("jws.malformed", "err.signature.invalid", None),
        ("trust.untrusted", "err.signature.invalid", None),
        ("exchange.sender_mismatch", "err.signature.invalid", None),
        ("jwe.decryption_failed", "err.encryption.invalid", None),
        (
            "exchange.g2p_encryption_mismatch",
            "err.encryption.invalid",
            None,
        ),
        (
            "exchange.g2p_recipient_mismatch",
            "err.encryption.invalid",
            None,
        ),
        ("exchange.sender_unknown", "err.sender_id.invalid", None),
        ("exchange.sender_missing", "err.sender_id.invalid", None),
        (
            "exchange.g2p_receiver_mismatch",
            "err.receiver_id.invalid",
            None,
        ),
        ("exchange.access_denied", "err.request.forbidden", None),
        ("schema.invalid", "err.request.bad", None),
        ("json.duplicate_key", "err.request.bad", None),
        ("exchange.payload_invalid", "err.request.bad", None),
    ] {
        let rejection = Rejection::of_code(code);
        assert_eq!(rejection.ack.as_str(), ack, "{code}");
        assert_eq!(
            rejection.reason.map(StatusReasonCode::as_str),
            reason,
            "{code}"
        );
    }
}

#[test]
fn the_synchronous_answer_is_built_and_checked() {
    let at = ts("2026-12-06T10:00:01Z");
    let ack = AckResponse::accepted(true, "msg-1", at);
    let value = ack.to_value();
    assert_eq!(
        value,
        json!({"message": {"ack_status": "ACK", "timestamp": "2026-12-06T10:00:01Z",
                           "correlation_id": "msg-1"}})
    );
    assert_eq!(
        AckResponse::parse(value.to_string().as_bytes()).unwrap(),
        ack
    );
    let nack = AckResponse::accepted(false, "msg-1", at);
    assert_eq!(nack.message.ack_status, AckStatus::Nack);

    let mut forged = sealed(false);
    forged.message["transaction_id"] = json!("T-9");
    let refused = verify(&g2p_verifier(), &forged).unwrap_err();
    let err = AckResponse::rejecting(&refused, "msg-1", at);
    let value = err.to_value();
    assert_eq!(value["message"]["ack_status"], "ERR");
    assert_eq!(value["message"]["error"]["code"], "err.signature.invalid");
    assert_eq!(
        AckResponse::parse(value.to_string().as_bytes()).unwrap(),
        err
    );
    // Valid against the published Response schema too.
    govblocks_exchange::schemas::registry()
        .validate(govblocks_exchange::schemas::g2p::SPDCI_ACK_RESPONSE, &value)
        .unwrap();

    for (text, why) in [
        (
            r#"{"message":{"ack_status":"OK","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c"}}"#,
            "status",
        ),
        (
            r#"{"message":{"ack_status":"ERR","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c"}}"#,
            "ERR without error",
        ),
        (
            r#"{"message":{"ack_status":"ACK","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c","error":{"code":"err.request.bad"}}}"#,
            "ACK with error",
        ),
        (
            r#"{"message":{"ack_status":"ERR","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c","error":{"code":"err.nope"}}}"#,
            "unknown code",
        ),
        (
            r#"{"message":{"ack_status":"ACK","timestamp":"yesterday","correlation_id":"c"}}"#,
            "timestamp",
        ),
        (
            r#"{"message":{"ack_status":"ACK","timestamp":"2026-12-06T10:00:01Z"}}"#,
            "no correlation id",
        ),
        (
            r#"{"message":{"ack_status":"ACK","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c","x":1}}"#,
            "unknown member",
        ),
    ] {
        let refused = AckResponse::parse(text.as_bytes()).unwrap_err();
        assert_eq!(refused.code(), "exchange.g2p_invalid", "{why}");
    }
    let long = "x".repeat(1000);
    let text = format!(
        r#"{{"message":{{"ack_status":"ERR","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c","error":{{"code":"err.request.bad","message":"{long}"}}}}}}"#
    );
    assert_eq!(
        AckResponse::parse(text.as_bytes()).unwrap_err().code(),
        "exchange.g2p_invalid"
    );
}

/// A verifier of bodies from the envelope directory's clients.
fn envelope_g2p_verifier(key: Option<X25519SecretKey>) -> G2pVerifier {
    let directory = directory();
    let core =
        Verifier::new(DidKeyResolver, directory.trust_list()).with_clock(FixedClock::new(now()));
    let verifier = G2pVerifier::new(core, Senders::from_directory(&directory));
    match key {
        Some(key) => verifier.with_decrypt_key(key),
        None => verifier,
    }
}

#[test]
fn an_envelope_travels_as_a_body_and_comes_back_with_its_proof() {
    let request = signed_request();
    let recipient = receiver_key().public_key();
    for encrypt in [None, Some(&recipient)] {
        let body = to_g2p(&request, &client_key(), encrypt).unwrap();
        let h = &body.header;
        assert_eq!(h["message_id"], REQUEST_ID);
        assert_eq!(h["message_ts"], NOW);
        assert_eq!(h["action"], "getResidence");
        assert_eq!(h["sender_id"], CLIENT);
        assert_eq!(h["receiver_id"], PROVIDER);
        assert_eq!(h["total_count"], 1);
        assert_eq!(h["is_msg_encrypted"], json!(encrypt.is_some()));
        if encrypt.is_some() {
            // Sealed: neither the payload nor its digest nor the consent shows.
            let text = body.to_value().to_string();
            assert!(!text.contains("4471") && !text.contains("payloadDigest"));
        } else {
            assert_eq!(h["meta"]["govblocks"]["proof"], request["proof"]);
        }
        let verifier = envelope_g2p_verifier(Some(receiver_key()));
        let verified = verify(&verifier, &body).unwrap();
        let envelope = from_g2p(&verified, verifier.decrypt_key()).unwrap();
        assert_eq!(envelope, request);
        // The envelope verifier accepts it: the Data Integrity proof is intact.
        let again = verifier_bytes(&envelope);
        assert_eq!(again.payload()["personId"], "4471");
    }

    // A response: a callback header, status succ.
    let response = signed_response(&verified_request());
    let body = to_g2p(&response, &service_key(), None).unwrap();
    assert_eq!(body.header["status"], "succ");
    assert_eq!(body.header["sender_id"], PROVIDER);
    assert_eq!(body.header["receiver_id"], CLIENT);
    assert_eq!(body.header["completed_count"], 1);
    let verified = verify(&envelope_g2p_verifier(None), &body).unwrap();
    let envelope = from_g2p(&verified, None).unwrap();
    assert_eq!(envelope, response);
    verifier()
        .verify_response(&verified_request(), &bytes(&envelope))
        .unwrap();
}

fn verifier_bytes(envelope: &Value) -> govblocks_exchange::verify::VerifiedEnvelope {
    verifier().verify_request(&bytes(envelope)).unwrap()
}

#[test]
fn a_body_that_disagrees_with_its_envelope_is_refused() {
    let request = signed_request();
    let verifier = envelope_g2p_verifier(Some(receiver_key()));
    let body = to_g2p(&request, &client_key(), None).unwrap();
    for (member, value) in [
        ("message_id", json!("0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a11")),
        ("message_ts", json!("2026-12-06T10:00:00.000Z")),
        ("action", json!("getTaxes")),
    ] {
        let mut edited = body.clone();
        edited.header[member] = value;
        let verified = verify(&verifier, &resigned(edited)).unwrap();
        let refused = from_g2p(&verified, None).unwrap_err();
        assert_eq!(refused.code(), "exchange.g2p_envelope_mismatch", "{member}");
    }
    // A payload changed by the sender after signing its envelope: the envelope's own proof
    // (over the whole envelope, payload included) refuses it.
    let mut edited = body.clone();
    edited.message["personId"] = json!("4472");
    let edited = resigned_by(edited, &client_key());
    let verified = verify(&verifier, &edited).unwrap();
    let envelope = from_g2p(&verified, None).unwrap();
    let refused = self::verifier()
        .verify_request(&bytes(&envelope))
        .unwrap_err();
    assert_eq!(refused.code(), "proof.signature_invalid");
    // A sealed envelope without the key to open it; a body with no envelope in meta.
    let recipient = receiver_key().public_key();
    let sealed = to_g2p(&request, &client_key(), Some(&recipient)).unwrap();
    let relay = envelope_g2p_verifier(None);
    let verified = verify(&relay, &sealed).unwrap();
    assert_eq!(
        from_g2p(&verified, None).unwrap_err().code(),
        "exchange.g2p_decrypt_key_missing"
    );
    let plain = seal(
        MsgHeader::request("m", now(), "getResidence", CLIENT, 1),
        json!({}),
        &client_key(),
        None,
    )
    .unwrap();
    let verified = verify(&relay, &plain).unwrap();
    assert_eq!(
        from_g2p(&verified, None).unwrap_err().code(),
        "exchange.g2p_invalid"
    );
    // An unsigned envelope does not travel.
    let mut unsigned = request.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    assert_eq!(
        to_g2p(&unsigned, &client_key(), None).unwrap_err().code(),
        "exchange.envelope_invalid"
    );
}

fn resigned_by(mut body: G2pBody, key: &SecretKey) -> G2pBody {
    body.signature =
        Some(govblocks_exchange::g2p::sign::sign_parts(&body.header, &body.message, key).unwrap());
    body
}

/// A hostile member name or value a megabyte long: refused with a message of bounded size.
#[test]
fn a_refusal_quotes_little_of_a_hostile_body() {
    let long = "x".repeat(1 << 20);
    let mut body = sealed(true);
    body.message[long.as_str()] = json!(1);
    let refused = verify(&g2p_verifier(), &resigned(body)).unwrap_err();
    assert!(
        refused.to_string().len() < 1000,
        "{}",
        refused.to_string().len()
    );
    let text = format!(
        r#"{{"message":{{"ack_status":"ACK","timestamp":"2026-12-06T10:00:01Z","correlation_id":"c","{long}":1}}}}"#
    );
    let refused = AckResponse::parse(text.as_bytes()).unwrap_err();
    assert_eq!(refused.code(), "exchange.g2p_invalid");
    assert!(refused.to_string().len() < 1000);
}
