//! SPDCI bodies checked by independent JOSE implementations (`tests/interop/run.sh`, run by
//! `.ci/run`): the ignored [`write_bodies_for_interop`] writes, for the recipient key run.sh
//! names, bodies signed and encrypted here, and
//!
//! * each body's `EncryptedMessage` rebuilt as the compact JWE
//!   `BASE64URL(JCS(header)) '.' encrypted_key '.' iv '.' ciphertext '.' tag`, in core's JWE
//!   interop case format, which jwcrypto (Python) and jose (JavaScript) decrypt to the RFC 8785
//!   form of the message;
//! * each body with the sender's public JWK, whose detached JWS jwcrypto verifies over the RFC
//!   8785 form of `{"header", "message"}` rebuilt by Python's own JSON canonicalization.

use govblocks_core::clock::Timestamp;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::jcs;
use govblocks_core::keys::{Jwk, SecretKey, X25519PublicKey};
use govblocks_exchange::g2p::{seal, EncryptedMessage, MsgHeader};
use serde_json::{json, Value};

/// The folder and the recipient's JWK file run.sh hands over.
const DIR_VAR: &str = "GOVBLOCKS_G2P_INTEROP_DIR";
const RECIPIENT_VAR: &str = "GOVBLOCKS_G2P_INTEROP_RECIPIENT";

#[test]
#[ignore = "run by tests/interop/run.sh"]
fn write_bodies_for_interop() {
    let dir = std::path::PathBuf::from(std::env::var(DIR_VAR).unwrap());
    let jwk = Jwk::parse(&std::fs::read(std::env::var(RECIPIENT_VAR).unwrap()).unwrap()).unwrap();
    let recipient = X25519PublicKey::from_jwk(&jwk.to_public()).unwrap();
    let sender = SecretKey::from_seed(&[0x51; 32]);
    let at = Timestamp::parse("2026-12-07T10:00:00+03:00", "ts").unwrap();
    let messages = [
        (
            "search",
            json!({"transaction_id": "T-1", "search_request": [{"reference_id": "R-1",
            "timestamp": "2026-12-07T10:00:00Z", "search_criteria": {"query_type": "idtype-value",
            "query": {"type": "UIN", "value": "4471"}}}]}),
        ),
        (
            "unicode",
            json!({"name": "Zoë Ångström", "note": "\u{1F600} €", "n": 1.5e-7}),
        ),
        (
            "large",
            json!({"records": vec![json!({"id": "x", "amount": "12.50"}); 2000]}),
        ),
    ];
    let (mut cases, mut bodies) = (Vec::new(), Vec::new());
    for (name, message) in messages {
        for encrypt in [false, true] {
            let header =
                MsgHeader::request(format!("m-{name}"), at, "search", "spp.example.org", 1);
            let body = seal(
                header,
                message.clone(),
                &sender,
                encrypt.then_some(&recipient),
            )
            .unwrap();
            if encrypt {
                let encrypted = EncryptedMessage::from_value(&body.message).unwrap();
                cases.push(json!({
                    "name": format!("spdci-{name}"),
                    "plaintext_b64": base64url_encode(&jcs::canonicalize(&message)),
                    "compact": encrypted.to_jwe().unwrap().to_compact(),
                }));
            }
            bodies.push(
                json!({"name": format!("{name}-{}", if encrypt { "encrypted" } else { "plain" }),
                               "body": body.to_value()}),
            );
        }
    }
    let write = |file: &str, value: Value| {
        std::fs::write(dir.join(file), serde_json::to_vec_pretty(&value).unwrap()).unwrap()
    };
    write(
        "ours.json",
        json!({"tool": "govblocks-exchange", "version": env!("CARGO_PKG_VERSION"), "cases": cases}),
    );
    write(
        "bodies.json",
        json!({"sender_jwk": sender.public_key().to_jwk().to_value(), "bodies": bodies}),
    );
}

/// core's stored JWEs of independent implementations (`tests/vectors/jwe-interop/`), read at
/// run time.
fn their_jwes(file: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../govblocks-core/tests/vectors/jwe-interop")
        .join(file);
    serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap()
}

/// A JWE made by jwcrypto 1.6.1, whose protected header is its RFC 8785 form, travels in the
/// `EncryptedMessage` form and decrypts here from it. One made by jose 6, whose header is not
/// (its members are in insertion order), cannot: its AAD is the header's bytes as written, so
/// `EncryptedMessage::from_jwe` refuses it rather than carry a header that will not decrypt.
#[test]
fn an_independent_jwe_in_the_encrypted_message_form() {
    use govblocks_core::encoding::base64url_decode;
    use govblocks_core::jwe::Jwe;
    use govblocks_core::keys::X25519SecretKey;
    let key_path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../govblocks-core/tests/vectors/jwe-interop/recipient.json");
    let key =
        X25519SecretKey::from_jwk(&Jwk::parse(&std::fs::read(key_path).unwrap()).unwrap()).unwrap();
    for (file, canonical_headers) in [("jwcrypto-1.6.1.json", true), ("jose-6.json", false)] {
        for case in their_jwes(file)["cases"].as_array().unwrap() {
            let jwe = Jwe::parse_compact(case["compact"].as_str().unwrap()).unwrap();
            let expected = base64url_decode(case["plaintext_b64"].as_str().unwrap(), "p").unwrap();
            match EncryptedMessage::from_jwe(&jwe) {
                Ok(message) => {
                    assert!(canonical_headers, "{file}");
                    let again = EncryptedMessage::from_value(&message.to_value()).unwrap();
                    assert_eq!(
                        &again.to_jwe().unwrap().decrypt(&key).unwrap()[..],
                        &expected[..]
                    );
                }
                Err(e) => {
                    assert!(!canonical_headers, "{file}: {e}");
                    assert_eq!(e.code(), "exchange.g2p_invalid");
                }
            }
        }
    }
}
