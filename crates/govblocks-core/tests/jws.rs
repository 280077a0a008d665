//! Compact and detached JWS: round trips, every rule of the validation policy with its error
//! code, tampering, and property tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::encoding::base64url_encode;
use govblocks_core::jws::{self, JwsOptions, PayloadMode, MAX_HEADER_LEN};
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::signer::{ExternalSigner, Signer};
use proptest::prelude::*;

fn key() -> SecretKey {
    SecretKey::from_seed(&[11u8; 32])
}

fn other_key() -> SecretKey {
    SecretKey::from_seed(&[12u8; 32])
}

/// A JWS with any header JSON and payload part, correctly signed by `key`, so that a failure
/// can only come from the rule under test.
fn forge(header_json: &str, payload_part: &str, key: &SecretKey) -> String {
    let input = format!(
        "{}.{payload_part}",
        base64url_encode(header_json.as_bytes())
    );
    let signature = key.sign(input.as_bytes());
    format!("{input}.{}", base64url_encode(&signature))
}

fn code(result: govblocks_core::Result<jws::VerifiedJws>) -> &'static str {
    result.unwrap_err().code()
}

fn verify_code(jws_text: &str, payload: Option<&[u8]>) -> &'static str {
    code(jws::verify(jws_text, &key().public_key(), payload))
}

// ---- round trips ---------------------------------------------------------------------------------

#[test]
fn round_trips_in_every_mode() {
    let key = key();
    let payload = br#"{"msg":"pay 10 to acct-7","dots":"a.b.c"}"#;
    for mode in [
        PayloadMode::Attached,
        PayloadMode::Detached,
        PayloadMode::DetachedUnencoded,
    ] {
        let compact = jws::sign(payload, &key, &JwsOptions::new(mode)).unwrap();
        let attached = mode == PayloadMode::Attached;
        assert_eq!(compact.contains(".."), !attached, "{mode:?}");
        let supplied = (!attached).then_some(&payload[..]);
        let verified = jws::verify(&compact, &key.public_key(), supplied).unwrap();
        assert_eq!(verified.payload(), payload);
        assert_eq!(verified.is_detached(), !attached);
        assert_eq!(
            verified.header().payload_encoded(),
            mode != PayloadMode::DetachedUnencoded
        );
        assert_eq!(verified.clone().into_payload(), payload.to_vec());
    }
}

#[test]
fn kid_typ_cty_and_header_order() {
    let key = key();
    let options = JwsOptions::detached_unencoded()
        .with_kid("did:web:registry.example#key-1")
        .with_typ("JOSE")
        .with_cty("application/json");
    let compact = jws::sign(b"x", &key, &options).unwrap();
    let header_b64 = compact.split('.').next().unwrap();
    assert_eq!(
        header_b64,
        base64url_encode(
            br#"{"alg":"EdDSA","b64":false,"crit":["b64"],"cty":"application/json","kid":"did:web:registry.example#key-1","typ":"JOSE"}"#
        )
    );
    let header = jws::decode_unverified_header(&compact).unwrap();
    assert_eq!(header.kid(), Some("did:web:registry.example#key-1"));
    assert_eq!(header.typ(), Some("JOSE"));
    assert_eq!(header.cty(), Some("application/json"));
    let verified = jws::verify(&compact, &key.public_key(), Some(b"x")).unwrap();
    assert_eq!(verified.header(), &header);

    // The signer's verification method as kid (the did:key URL by default, or the one an
    // external signer was given).
    let compact = jws::sign(b"x", &key, &JwsOptions::attached().with_signer_kid()).unwrap();
    assert_eq!(
        jws::decode_unverified_header(&compact).unwrap().kid(),
        Some(key.public_key().verification_method().as_str())
    );
    let dalek = ed25519_dalek::SigningKey::from_bytes(&[11u8; 32]);
    let external = ExternalSigner::new(dalek, key.public_key())
        .with_verification_method("did:web:hsm.example#k");
    let compact = jws::sign(b"x", &external, &JwsOptions::attached().with_signer_kid()).unwrap();
    assert_eq!(
        jws::decode_unverified_header(&compact).unwrap().kid(),
        Some("did:web:hsm.example#k")
    );
    jws::verify(&compact, &external.public_key(), None).unwrap();

    // Default: no kid.
    let compact = jws::sign(b"x", &key, &JwsOptions::default()).unwrap();
    assert!(compact.starts_with(&format!("{}.", base64url_encode(br#"{"alg":"EdDSA"}"#))));
}

#[test]
fn empty_payload() {
    let key = key();
    // An attached JWS of the empty payload looks detached: verify it with Some(b"").
    let compact = jws::sign(b"", &key, &JwsOptions::attached()).unwrap();
    assert_eq!(verify_code(&compact, None), "jws.payload");
    assert!(jws::verify(&compact, &key.public_key(), Some(b""))
        .unwrap()
        .payload()
        .is_empty());
    let compact = jws::sign(b"", &key, &JwsOptions::detached_unencoded()).unwrap();
    jws::verify(&compact, &key.public_key(), Some(b"")).unwrap();
}

#[test]
fn unknown_non_critical_members_are_kept_and_ignored() {
    let compact = forge(
        r#"{"alg":"EdDSA","x5c":["MIIB"],"jku":"https://evil.example/jwks","iat":1}"#,
        "cA",
        &key(),
    );
    let verified = jws::verify(&compact, &key().public_key(), None).unwrap();
    assert_eq!(verified.payload(), b"p");
    assert!(verified.header().get("x5c").is_some());
    assert_eq!(verified.header().get("iat"), Some(&serde_json::json!(1)));
}

// ---- shape and encoding ---------------------------------------------------------------------------

#[test]
fn exactly_three_parts() {
    let good = jws::sign(b"p", &key(), &JwsOptions::attached()).unwrap();
    for bad in [
        String::new(),
        "abc".into(),
        good.replacen('.', "", 1),
        format!("{good}."),
        format!("{good}.AAAA"),
        format!(".{good}"),
    ] {
        assert_eq!(verify_code(&bad, None), "jws.malformed", "{bad}");
        assert_eq!(
            jws::decode_unverified_header(&bad).unwrap_err().code(),
            "jws.malformed"
        );
    }
    // An empty header part.
    let (_, rest) = good.split_once('.').unwrap();
    assert_eq!(verify_code(&format!(".{rest}"), None), "jws.malformed");
}

#[test]
fn every_part_must_be_canonical_base64url() {
    let key = key();
    let good = jws::sign(b"pp", &key, &JwsOptions::attached()).unwrap();
    let parts: Vec<&str> = good.split('.').collect();
    let join = |h: &str, p: &str, s: &str| format!("{h}.{p}.{s}");
    assert_eq!(parts[1], "cHA");

    // header: padding, standard alphabet, white space
    let header = parts[0];
    for bad_header in [
        format!("{header}="),
        format!("+{}", &header[1..]),
        format!("/{}", &header[1..]),
        format!(" {header}"),
        format!("{header}\n"),
    ] {
        assert_eq!(
            verify_code(&join(&bad_header, parts[1], parts[2]), None),
            "encoding.base64_invalid",
            "{bad_header}"
        );
    }
    // payload: padding, non-zero trailing bits ("cHB" would decode to the same bytes as "cHA"
    // if trailing bits were ignored), standard alphabet
    for bad_payload in ["cHA=", "cHB", "cH+", "cH/"] {
        assert_eq!(
            verify_code(&join(parts[0], bad_payload, parts[2]), None),
            "encoding.base64_invalid",
            "{bad_payload}"
        );
    }
    // signature: padding, standard alphabet, non-zero trailing bits (86 characters carry 516
    // bits, of which the last 4 are trailing and zero: setting the lowest one re-spells the same
    // 64 bytes, which must not be accepted)
    const ALPHABET: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let sig = parts[2];
    let last = ALPHABET.find(&sig[85..]).unwrap();
    assert_eq!(last & 0xf, 0);
    let respelled = format!("{}{}", &sig[..85], &ALPHABET[last + 1..last + 2]);
    for bad_sig in [
        format!("{sig}=="),
        format!("{}+", &sig[..85]),
        format!("/{}", &sig[1..]),
        respelled,
    ] {
        assert_eq!(
            verify_code(&join(parts[0], parts[1], &bad_sig), None),
            "encoding.base64_invalid",
            "{bad_sig}"
        );
    }
}

// ---- header ---------------------------------------------------------------------------------------

#[test]
fn header_must_be_a_strict_json_object() {
    let key = key();
    assert_eq!(
        verify_code(&forge(r#"{"alg":"EdDSA","alg":"EdDSA"}"#, "cA", &key), None),
        "json.duplicate_key"
    );
    // A duplicate that would smuggle a second algorithm past a last-wins parser.
    assert_eq!(
        verify_code(&forge(r#"{"alg":"none","alg":"EdDSA"}"#, "cA", &key), None),
        "json.duplicate_key"
    );
    assert_eq!(
        verify_code(&forge(r#"{"alg":"EdDSA""#, "cA", &key), None),
        "json.syntax"
    );
    for not_object in [r#"["EdDSA"]"#, r#""EdDSA""#, "null", "1"] {
        assert_eq!(
            verify_code(&forge(not_object, "cA", &key), None),
            "jws.malformed",
            "{not_object}"
        );
    }
    // Not UTF-8.
    let bad_utf8 = format!(
        "{}.cA.{}",
        base64url_encode(b"{\"alg\":\"EdDSA\xff\"}"),
        base64url_encode(&[0u8; 64])
    );
    assert!(verify_code(&bad_utf8, None).starts_with("json."));
}

/// Every `json.*` error of the protected header keeps its code and its path into the header,
/// and its message says that it is the JWS header (not the payload) that is not strict JSON.
#[test]
fn header_json_errors_say_they_are_the_jws_header() {
    let key = key();
    let deep = format!(
        r#"{{"alg":"EdDSA","x":{}1{}}}"#,
        "[".repeat(20),
        "]".repeat(20)
    );
    let many = format!("[{}]", vec!["0"; 300].join(","));
    let cases: Vec<(Vec<u8>, &str, &str)> = vec![
        (
            br#"{"alg":"EdDSA","alg":"EdDSA"}"#.to_vec(),
            "json.duplicate_key",
            "",
        ),
        (
            br#"{"alg":"EdDSA","x":{"a":1,"a":2}}"#.to_vec(),
            "json.duplicate_key",
            "/x",
        ),
        (br#"{"alg":"EdDSA""#.to_vec(), "json.syntax", ""),
        (
            br#"{"alg":"EdDSA"} x"#.to_vec(),
            "json.trailing_characters",
            "",
        ),
        (
            br#"{"alg":"EdDSA","n":NaN}"#.to_vec(),
            "json.non_finite_number",
            "/n",
        ),
        (
            br#"{"alg":"EdDSA","n":1e400}"#.to_vec(),
            "json.number_out_of_range",
            "/n",
        ),
        (
            br#"{"alg":"EdDSA","n":9007199254740993}"#.to_vec(),
            "json.number_inexact",
            "/n",
        ),
        (
            br#"{"alg":"EdDSA","s":"\uD800"}"#.to_vec(),
            "json.lone_surrogate",
            "/s",
        ),
        (b"{\"alg\":\"EdDSA\xff\"}".to_vec(), "json.invalid_utf8", ""),
        (deep.into_bytes(), "json.too_deep", ""),
        (
            format!(r#"{{"alg":"EdDSA","x":{many}}}"#).into_bytes(),
            "json.array_too_long",
            "/x",
        ),
    ];
    for (header, code, path) in cases {
        let compact = format!(
            "{}.cA.{}",
            base64url_encode(&header),
            base64url_encode(&key.sign(b"irrelevant"))
        );
        let shown = String::from_utf8_lossy(&header).into_owned();
        for err in [
            jws::verify(&compact, &key.public_key(), None).unwrap_err(),
            jws::decode_unverified_header(&compact).unwrap_err(),
        ] {
            assert_eq!(err.code(), code, "{shown}");
            let message = err.to_string();
            assert!(message.starts_with("JWS header: "), "{shown}: {message}");
            let object = govblocks_core::error::error_object(&err);
            assert_eq!(object["error"]["code"], code);
            assert!(object["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("JWS header: ")));
            if !path.is_empty() {
                assert_eq!(
                    err.position().map(|p| p.path.as_str()),
                    Some(path),
                    "{shown}"
                );
                assert_eq!(object["error"]["path"], path, "{shown}");
            }
        }
    }
    // Errors of the header that are not JSON errors are unchanged.
    let err = jws::verify(
        &forge(r#"{"alg":"none"}"#, "cA", &key),
        &key.public_key(),
        None,
    )
    .unwrap_err();
    assert_eq!(err.code(), "jws.algorithm_unsupported");
    assert!(!err.to_string().starts_with("JWS header: "));
}

#[test]
fn alg_must_be_eddsa() {
    let key = key();
    for header in [
        r#"{"alg":"none"}"#,
        r#"{"alg":"HS256"}"#,
        r#"{"alg":"ES256"}"#,
        r#"{"alg":"RS256"}"#,
        r#"{"alg":"eddsa"}"#,
        r#"{"alg":"Ed25519"}"#,
        r#"{"alg":"EdDSA "}"#,
        r#"{"alg":null}"#,
        r#"{"alg":["EdDSA"]}"#,
        r#"{"kid":"k"}"#,
        r#"{}"#,
    ] {
        let compact = forge(header, "cA", &key);
        assert_eq!(
            verify_code(&compact, None),
            "jws.algorithm_unsupported",
            "{header}"
        );
        assert_eq!(
            jws::decode_unverified_header(&compact).unwrap_err().code(),
            "jws.algorithm_unsupported"
        );
    }
}

#[test]
fn alg_none_with_empty_signature() {
    // The classic: {"alg":"none"} and no signature at all.
    let unsecured = format!(
        "{}.{}.",
        base64url_encode(br#"{"alg":"none"}"#),
        base64url_encode(b"{\"admin\":true}")
    );
    assert_eq!(verify_code(&unsecured, None), "jws.algorithm_unsupported");
    // And with the right alg but no signature.
    let empty_sig = format!(
        "{}.{}.",
        base64url_encode(br#"{"alg":"EdDSA"}"#),
        base64url_encode(b"{\"admin\":true}")
    );
    assert_eq!(verify_code(&empty_sig, None), "jws.signature_invalid");
}

#[test]
fn crit_rules() {
    let key = key();
    for (header, expected) in [
        // shape
        (
            r#"{"alg":"EdDSA","crit":"b64","b64":true}"#,
            "jws.malformed",
        ),
        (r#"{"alg":"EdDSA","crit":[]}"#, "jws.malformed"),
        (r#"{"alg":"EdDSA","crit":[1]}"#, "jws.malformed"),
        (r#"{"alg":"EdDSA","crit":null}"#, "jws.malformed"),
        (
            r#"{"alg":"EdDSA","crit":["b64","b64"],"b64":true}"#,
            "jws.malformed",
        ),
        // not understood
        (
            r#"{"alg":"EdDSA","crit":["exp"],"exp":1}"#,
            "jws.crit_unsupported",
        ),
        (r#"{"alg":"EdDSA","crit":["exp"]}"#, "jws.crit_unsupported"),
        (
            r#"{"alg":"EdDSA","crit":["b64","http://example/x"],"b64":true,"http://example/x":1}"#,
            "jws.crit_unsupported",
        ),
        // registered names must not be listed (RFC 7515 §4.1.11)
        (r#"{"alg":"EdDSA","crit":["alg"]}"#, "jws.crit_unsupported"),
        (
            r#"{"alg":"EdDSA","crit":["kid"],"kid":"k"}"#,
            "jws.crit_unsupported",
        ),
        (
            r#"{"alg":"EdDSA","crit":["x5c"],"x5c":[]}"#,
            "jws.crit_unsupported",
        ),
        (r#"{"alg":"EdDSA","crit":["crit"]}"#, "jws.crit_unsupported"),
        // understood but absent
        (r#"{"alg":"EdDSA","crit":["b64"]}"#, "jws.malformed"),
    ] {
        assert_eq!(
            verify_code(&forge(header, "cA", &key), None),
            expected,
            "{header}"
        );
    }
    // b64 listed and present is fine, true or false.
    jws::verify(
        &forge(r#"{"alg":"EdDSA","crit":["b64"],"b64":true}"#, "cA", &key),
        &key.public_key(),
        None,
    )
    .unwrap();
}

#[test]
fn b64_rules() {
    let key = key();
    for (header, expected) in [
        (
            r#"{"alg":"EdDSA","b64":"false","crit":["b64"]}"#,
            "jws.malformed",
        ),
        (r#"{"alg":"EdDSA","b64":0,"crit":["b64"]}"#, "jws.malformed"),
        (r#"{"alg":"EdDSA","b64":null}"#, "jws.malformed"),
        // false must be critical (RFC 7797 §6)
        (r#"{"alg":"EdDSA","b64":false}"#, "jws.malformed"),
    ] {
        assert_eq!(
            verify_code(&forge(header, "", &key), Some(b"p")),
            expected,
            "{header}"
        );
    }
    // b64: true without crit is harmless (the payload is encoded as usual).
    let verified = jws::verify(
        &forge(r#"{"alg":"EdDSA","b64":true}"#, "cA", &key),
        &key.public_key(),
        None,
    )
    .unwrap();
    assert_eq!(verified.payload(), b"p");
}

#[test]
fn attached_unencoded_payload() {
    let key = key();
    let header = r#"{"alg":"EdDSA","b64":false,"crit":["b64"]}"#;
    // Accepted: the payload part is the payload.
    let compact = forge(header, "$02", &key);
    let verified = jws::verify(&compact, &key.public_key(), None).unwrap();
    assert_eq!(verified.payload(), b"$02");
    assert!(!verified.is_detached());
    // With a '.', the JWS has four parts.
    assert_eq!(
        verify_code(&forge(header, "$.02", &key), None),
        "jws.malformed"
    );
}

#[test]
fn member_types() {
    let key = key();
    for header in [
        r#"{"alg":"EdDSA","kid":1}"#,
        r#"{"alg":"EdDSA","typ":["JOSE"]}"#,
        r#"{"alg":"EdDSA","cty":null}"#,
    ] {
        assert_eq!(
            verify_code(&forge(header, "cA", &key), None),
            "jws.malformed",
            "{header}"
        );
    }
}

#[test]
fn jwk_header_is_never_trusted() {
    let key = key();
    let own = key.public_key().to_jwk().to_value();
    let other = other_key().public_key().to_jwk().to_value();

    // Naming the verifying key itself: tolerated.
    let compact = forge(&format!(r#"{{"alg":"EdDSA","jwk":{own}}}"#), "cA", &key);
    let verified = jws::verify(&compact, &key.public_key(), None).unwrap();
    assert_eq!(verified.header().jwk(), Some(&key.public_key()));

    // Signed by `other`, which it names: the jwk does not make it verify with `key`...
    let compact = forge(
        &format!(r#"{{"alg":"EdDSA","jwk":{other}}}"#),
        "cA",
        &other_key(),
    );
    assert_eq!(verify_code(&compact, None), "jws.malformed");
    // ...and is refused even though the signature is good for the key it names, unless that is
    // the key the caller chose.
    jws::verify(&compact, &other_key().public_key(), None).unwrap();

    // A private key in the header, a foreign key type, a weak key.
    let private = key.to_jwk().to_value();
    let compact = forge(&format!(r#"{{"alg":"EdDSA","jwk":{private}}}"#), "cA", &key);
    assert_eq!(verify_code(&compact, None), "jws.malformed");
    let compact = forge(
        r#"{"alg":"EdDSA","jwk":{"kty":"EC","crv":"P-256","x":"AA","y":"AA"}}"#,
        "cA",
        &key,
    );
    assert_eq!(verify_code(&compact, None), "key.jwk_invalid");
    let mut identity = [0u8; 32];
    identity[0] = 1;
    let weak = format!(
        r#"{{"alg":"EdDSA","jwk":{{"kty":"OKP","crv":"Ed25519","x":"{}"}}}}"#,
        base64url_encode(&identity)
    );
    assert_eq!(verify_code(&forge(&weak, "cA", &key), None), "key.weak");
}

// ---- payload presence -----------------------------------------------------------------------------

#[test]
fn detached_and_attached_payload_rules() {
    let key = key();
    let detached = jws::sign(b"p", &key, &JwsOptions::detached()).unwrap();
    assert_eq!(verify_code(&detached, None), "jws.payload");
    let attached = jws::sign(b"p", &key, &JwsOptions::attached()).unwrap();
    assert_eq!(verify_code(&attached, Some(b"p")), "jws.payload");
    // The payload rule comes before the signature: a wrong signature still says jws.payload.
    let unencoded = jws::sign(b"p", &key, &JwsOptions::detached_unencoded()).unwrap();
    assert_eq!(verify_code(&unencoded, None), "jws.payload");
}

// ---- signatures and tampering ---------------------------------------------------------------------

#[test]
fn signature_must_be_64_bytes() {
    let key = key();
    let good = jws::sign(b"p", &key, &JwsOptions::attached()).unwrap();
    let (input, _) = good.rsplit_once('.').unwrap();
    for len in [0, 1, 32, 63, 65, 96] {
        let bad = format!("{input}.{}", base64url_encode(&vec![7u8; len]));
        assert_eq!(verify_code(&bad, None), "jws.signature_invalid", "{len}");
    }
}

#[test]
fn flipped_bit_in_signature() {
    let key = key();
    let good = jws::sign(b"payload", &key, &JwsOptions::attached()).unwrap();
    let (input, sig) = good.rsplit_once('.').unwrap();
    let sig = govblocks_core::encoding::base64url_decode(sig, "s").unwrap();
    for bit in [0, 7, 255, 256, 511] {
        let mut flipped = sig.clone();
        flipped[bit / 8] ^= 1 << (bit % 8);
        let bad = format!("{input}.{}", base64url_encode(&flipped));
        assert_eq!(
            verify_code(&bad, None),
            "jws.signature_invalid",
            "bit {bit}"
        );
    }
}

#[test]
fn non_canonical_s_is_refused() {
    // S + L (the group order) verifies under lax rules; verify_strict refuses it.
    const L: [u8; 32] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde,
        0x14, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ];
    let key = key();
    let good = jws::sign(b"payload", &key, &JwsOptions::attached()).unwrap();
    let (input, sig) = good.rsplit_once('.').unwrap();
    let mut sig = govblocks_core::encoding::base64url_decode(sig, "s").unwrap();
    let mut carry = 0u16;
    for i in 0..32 {
        let sum = u16::from(sig[32 + i]) + u16::from(L[i]) + carry;
        sig[32 + i] = sum as u8;
        carry = sum >> 8;
    }
    if carry == 0 && sig[63] & 0xe0 == 0 {
        let bad = format!("{input}.{}", base64url_encode(&sig));
        assert_eq!(verify_code(&bad, None), "jws.signature_invalid");
    }
}

#[test]
fn changed_payload() {
    let key = key();
    let attached = jws::sign(b"pay 10", &key, &JwsOptions::attached()).unwrap();
    let parts: Vec<&str> = attached.split('.').collect();
    let changed = format!("{}.{}.{}", parts[0], base64url_encode(b"pay 99"), parts[2]);
    assert_eq!(verify_code(&changed, None), "jws.signature_invalid");

    for options in [JwsOptions::detached(), JwsOptions::detached_unencoded()] {
        let detached = jws::sign(b"pay 10", &key, &options).unwrap();
        assert_eq!(
            verify_code(&detached, Some(b"pay 99")),
            "jws.signature_invalid"
        );
        assert_eq!(
            verify_code(&detached, Some(b"pay 10 ")),
            "jws.signature_invalid"
        );
    }
}

#[test]
fn mode_confusion_fails() {
    // A detached signature over the encoded payload does not verify as unencoded, or back.
    let key = key();
    let encoded = jws::sign(b"p", &key, &JwsOptions::detached()).unwrap();
    let unencoded = jws::sign(b"p", &key, &JwsOptions::detached_unencoded()).unwrap();
    let swap = |a: &str, b: &str| {
        format!(
            "{}..{}",
            a.split_once("..").unwrap().0,
            b.split_once("..").unwrap().1
        )
    };
    assert_eq!(
        verify_code(&swap(&encoded, &unencoded), Some(b"p")),
        "jws.signature_invalid"
    );
    assert_eq!(
        verify_code(&swap(&unencoded, &encoded), Some(b"p")),
        "jws.signature_invalid"
    );
}

#[test]
fn header_swapped_from_another_jws() {
    let key = key();
    let a = jws::sign(b"same", &key, &JwsOptions::attached().with_kid("a")).unwrap();
    let b = jws::sign(b"same", &key, &JwsOptions::attached().with_kid("b")).unwrap();
    let (a_header, _) = a.split_once('.').unwrap();
    let (_, b_rest) = b.split_once('.').unwrap();
    assert_eq!(
        verify_code(&format!("{a_header}.{b_rest}"), None),
        "jws.signature_invalid"
    );
}

#[test]
fn wrong_or_weak_key() {
    let good = jws::sign(b"p", &key(), &JwsOptions::attached()).unwrap();
    assert_eq!(
        code(jws::verify(&good, &other_key().public_key(), None)),
        "jws.signature_invalid"
    );
    // A weak key cannot even be built, so it cannot reach verify.
    let mut identity = [0u8; 32];
    identity[0] = 1;
    assert_eq!(
        PublicKey::from_bytes(&identity).unwrap_err().code(),
        "key.weak"
    );
    // The "signature" (R = identity, S = 0) that verifies anything under a weak key does not
    // verify under a real one.
    let mut forged = [0u8; 64];
    forged[0] = 1;
    let (input, _) = good.rsplit_once('.').unwrap();
    assert_eq!(
        verify_code(&format!("{input}.{}", base64url_encode(&forged)), None),
        "jws.signature_invalid"
    );
}

// ---- sizes ----------------------------------------------------------------------------------------

#[test]
fn oversized_parts_are_refused_before_decoding() {
    let key = key();
    let good = jws::sign(b"p", &key, &JwsOptions::attached()).unwrap();
    let (_, rest) = good.split_once('.').unwrap();
    // A header part of 2 MiB.
    let huge_header = "A".repeat(2 * 1024 * 1024);
    assert_eq!(
        verify_code(&format!("{huge_header}.{rest}"), None),
        "jws.malformed"
    );
    // Just over the limit, and a header at the limit that is well-formed.
    let over = "A".repeat(MAX_HEADER_LEN + 1);
    assert_eq!(
        verify_code(&format!("{over}.{rest}"), None),
        "jws.malformed"
    );
    let padding = "x".repeat(MAX_HEADER_LEN / 4 * 3 - 40);
    let header = format!(r#"{{"alg":"EdDSA","pad":"{padding}"}}"#);
    assert!(base64url_encode(header.as_bytes()).len() <= MAX_HEADER_LEN);
    jws::verify(&forge(&header, "cA", &key), &key.public_key(), None).unwrap();
    // A signature part of 1 MiB.
    let (input, _) = good.rsplit_once('.').unwrap();
    let huge_sig = "A".repeat(1024 * 1024);
    assert_eq!(
        verify_code(&format!("{input}.{huge_sig}"), None),
        "jws.signature_invalid"
    );
    // Deeply nested header JSON.
    let deep = format!(
        r#"{{"alg":"EdDSA","x":{}{}}}"#,
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let compact = format!(
        "{}.cA.{}",
        base64url_encode(deep.as_bytes()),
        "A".repeat(86)
    );
    assert!(verify_code(&compact, None).starts_with("json."));
}

#[test]
fn large_payloads_are_the_callers_business() {
    let key = key();
    // Past any header limit (and past 1 MiB); kept small enough for a debug-build test.
    let payload = vec![0xabu8; 1024 * 1024 + 1];
    let compact = jws::sign(&payload, &key, &JwsOptions::attached()).unwrap();
    assert_eq!(
        jws::verify(&compact, &key.public_key(), None)
            .unwrap()
            .payload(),
        &payload[..]
    );
    let compact = jws::sign(&payload, &key, &JwsOptions::detached_unencoded()).unwrap();
    jws::verify(&compact, &key.public_key(), Some(&payload)).unwrap();
}

// ---- properties -----------------------------------------------------------------------------------

fn mode() -> impl Strategy<Value = PayloadMode> {
    prop_oneof![
        Just(PayloadMode::Attached),
        Just(PayloadMode::Detached),
        Just(PayloadMode::DetachedUnencoded),
    ]
}

fn options() -> impl Strategy<Value = JwsOptions> {
    (
        mode(),
        proptest::option::of("\\PC{0,12}"),
        proptest::option::of("[a-zA-Z/+.-]{1,16}"),
    )
        .prop_map(|(mode, kid, typ)| {
            let mut options = JwsOptions::new(mode);
            if let Some(kid) = kid {
                options = options.with_kid(kid);
            }
            if let Some(typ) = typ {
                options = options.with_typ(typ);
            }
            options
        })
}

/// What verify should be given for this JWS and payload.
fn supplied<'a>(compact: &str, payload: &'a [u8]) -> Option<&'a [u8]> {
    compact.contains("..").then_some(payload)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn sign_then_verify(
        payload in proptest::collection::vec(any::<u8>(), 0..300),
        options in options(),
        seed in any::<[u8; 32]>(),
    ) {
        let key = SecretKey::from_seed(&seed);
        let compact = jws::sign(&payload, &key, &options).unwrap();
        let verified = jws::verify(&compact, &key.public_key(), supplied(&compact, &payload)).unwrap();
        prop_assert_eq!(verified.payload(), &payload[..]);
        let header = jws::decode_unverified_header(&compact).unwrap();
        prop_assert_eq!(verified.header(), &header);
    }

    #[test]
    fn any_single_byte_change_fails(
        payload in proptest::collection::vec(any::<u8>(), 1..64),
        options in options(),
        index in any::<prop::sample::Index>(),
        replacement in 0x20u8..0x7f,
    ) {
        let key = key();
        let compact = jws::sign(&payload, &key, &options).unwrap();
        let i = index.index(compact.len());
        prop_assume!(compact.as_bytes()[i] != replacement);
        let mut bytes = compact.clone().into_bytes();
        bytes[i] = replacement;
        let changed = String::from_utf8(bytes).unwrap();
        let result = jws::verify(&changed, &key.public_key(), supplied(&compact, &payload));
        prop_assert!(result.is_err(), "{} verified after changing byte {}", changed, i);
    }

    #[test]
    fn any_payload_byte_change_fails_detached(
        payload in proptest::collection::vec(any::<u8>(), 1..64),
        unencoded in any::<bool>(),
        index in any::<prop::sample::Index>(),
        xor in 1u8..=255,
    ) {
        let key = key();
        let options = if unencoded { JwsOptions::detached_unencoded() } else { JwsOptions::detached() };
        let compact = jws::sign(&payload, &key, &options).unwrap();
        let mut changed = payload.clone();
        changed[index.index(payload.len())] ^= xor;
        prop_assert_eq!(
            jws::verify(&compact, &key.public_key(), Some(&changed)).unwrap_err().code(),
            "jws.signature_invalid"
        );
    }

}
