//! JWS vectors from RFC 8037 Appendix A (Ed25519) and RFC 7797 §4 (unencoded payload).
//!
//! Where the values come from. The stored corpus of the search tool holds RFC 8037 itself
//! (<https://www.rfc-editor.org/pdfrfc/rfc8037.txt.pdf>) but returned only its first page, not
//! the appendix; every value below was therefore checked against several independent public
//! test suites that quote RFC 8037 Appendix A verbatim (searched by exact string: a Haskell JOSE
//! test "Ed25519 Data from https://tools.ietf.org/html/rfc8037#appendix-A", the Erlang `jose`
//! suite "A.4. Ed25519 Signing", Go, PHP and C++ tests "RFC 8037 appendix A.4/A.5", a Python
//! test "[RFC8037 A.3]" for the thumbprint) and is in addition self-consistent here: `d`
//! derives `x`, the payload part decodes to the message, the signature verifies.
//!
//! * A.1 private key `d` = `nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A` (the RFC 8032 §7.1
//!   TEST 1 seed `9d61b19d…7f60`);
//! * A.2 public key `x` = `11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo` (`d75a9801…511a`);
//! * A.3 thumbprint `kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k`;
//! * A.4 header `{"alg":"EdDSA"}`, message **`Example of Ed25519 signing`** (lower-case "s": the
//!   payload part `RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc` decodes to it), and the compact JWS
//!   `eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_…M0KAg`;
//! * A.5 validates that JWS with the public key.
//!
//! RFC 7797 §4.1 and §4.2 (checked the same way: a Rust test vector citing
//! https://tools.ietf.org/html/rfc7797#section-4.2, jose4j, a C test): payload `$.02`, HMAC key
//! of RFC 7515 Appendix A.1, JWSs `eyJhbGciOiJIUzI1NiJ9.JC4wMg.5mvfOroL-…` (`{"alg":"HS256"}`)
//! and `eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19..A5dxf2s96_…`
//! (`{"alg":"HS256","b64":false,"crit":["b64"]}`, detached). Those are HS256, which this
//! module refuses; the test recomputes their HMACs (a few lines over `sha2`) to prove the
//! signing input format `ASCII(BASE64URL(header)) '.' payload`, then checks that this module's
//! `b64: false` signing input is exactly that.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::{Jwk, PublicKey, SecretKey};
use sha2::{Digest, Sha256};

const D: &str = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A";
const X: &str = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
const THUMBPRINT: &str = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k";
const MESSAGE: &str = "Example of Ed25519 signing";
const A4_JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.\
                      hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

fn a1_private_jwk() -> Jwk {
    Jwk::parse(format!(r#"{{"kty":"OKP","crv":"Ed25519","d":"{D}","x":"{X}"}}"#).as_bytes())
        .unwrap()
}

fn a2_public_key() -> PublicKey {
    Jwk::parse(format!(r#"{{"kty":"OKP","crv":"Ed25519","x":"{X}"}}"#).as_bytes())
        .unwrap()
        .public_key()
        .unwrap()
}

#[test]
fn a1_a2_keys() {
    let secret = SecretKey::from_jwk(&a1_private_jwk()).unwrap();
    assert_eq!(
        hex::encode(*secret.to_seed()),
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    );
    assert_eq!(secret.public_key(), a2_public_key());
    assert_eq!(
        hex::encode(a2_public_key().as_bytes()),
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    );
    // The public JWK written back is A.2.
    assert_eq!(
        a2_public_key().to_jwk().to_value(),
        serde_json::json!({"kty":"OKP","crv":"Ed25519","x":X})
    );
}

#[test]
fn a3_thumbprint() {
    assert_eq!(a1_private_jwk().thumbprint(), THUMBPRINT);
    assert_eq!(a2_public_key().to_jwk().thumbprint(), THUMBPRINT);
}

#[test]
fn a4_signing_is_byte_exact() {
    let secret = SecretKey::from_jwk(&a1_private_jwk()).unwrap();
    let compact = jws::sign(MESSAGE.as_bytes(), &secret, &JwsOptions::attached()).unwrap();
    assert_eq!(compact, A4_JWS);

    let mut parts = A4_JWS.split('.');
    assert_eq!(
        base64url_decode(parts.next().unwrap(), "h").unwrap(),
        br#"{"alg":"EdDSA"}"#
    );
    assert_eq!(
        base64url_decode(parts.next().unwrap(), "p").unwrap(),
        MESSAGE.as_bytes()
    );
}

#[test]
fn a5_validation() {
    let verified = jws::verify(A4_JWS, &a2_public_key(), None).unwrap();
    assert_eq!(verified.payload(), MESSAGE.as_bytes());
    assert_eq!(verified.header().alg(), "EdDSA");
    assert_eq!(verified.header().members().len(), 1);
    assert!(!verified.is_detached());

    // The same signature, detached: the payload supplied separately.
    let detached = A4_JWS.replace(".RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.", "..");
    let verified = jws::verify(&detached, &a2_public_key(), Some(MESSAGE.as_bytes())).unwrap();
    assert!(verified.is_detached());
    assert_eq!(
        jws::verify(
            &detached,
            &a2_public_key(),
            Some(b"Example of Ed25519 Signing")
        )
        .unwrap_err()
        .code(),
        "jws.signature_invalid"
    );
}

// ---- RFC 7797 ----------------------------------------------------------------------------------

/// RFC 7515 Appendix A.1's HMAC key, used by both RFC 7797 §4 examples.
const HS256_KEY: &str =
    "AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow";
const RFC7797_PAYLOAD: &[u8] = b"$.02";
const RFC7797_4_1: &str = "eyJhbGciOiJIUzI1NiJ9.JC4wMg.5mvfOroL-g7HyqJoozehmsaqmvTYGEq5jTI1gVvoEoQ";
const RFC7797_4_2: &str = "eyJhbGciOiJIUzI1NiIsImI2NCI6ZmFsc2UsImNyaXQiOlsiYjY0Il19\
                           ..A5dxf2s96_n5FLueVuW1Z_vh161FwXZC4YLPff6dmDY";

/// HMAC-SHA256 (RFC 2104), only to recompute the RFC 7797 examples.
fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; 64];
    if key.len() > 64 {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let pad = |byte: u8| block.map(|b| b ^ byte);
    let inner = Sha256::new()
        .chain_update(pad(0x36))
        .chain_update(message)
        .finalize();
    Sha256::new()
        .chain_update(pad(0x5c))
        .chain_update(inner)
        .finalize()
        .into()
}

#[test]
fn rfc7797_examples_recomputed() {
    let key = base64url_decode(HS256_KEY, "k").unwrap();

    // §4.1: {"alg":"HS256"}, the usual BASE64URL(header) '.' BASE64URL(payload).
    let (input, signature) = RFC7797_4_1.rsplit_once('.').unwrap();
    assert_eq!(
        base64url_encode(&hmac_sha256(&key, input.as_bytes())),
        signature
    );

    // §4.2: {"alg":"HS256","b64":false,"crit":["b64"]}, detached; the signing input is
    // ASCII(BASE64URL(header)) '.' payload, with the payload bytes as they are.
    let (header_b64, signature) = RFC7797_4_2.split_once("..").unwrap();
    assert_eq!(
        base64url_decode(header_b64, "h").unwrap(),
        br#"{"alg":"HS256","b64":false,"crit":["b64"]}"#
    );
    let mut input = format!("{header_b64}.").into_bytes();
    input.extend_from_slice(RFC7797_PAYLOAD);
    assert_eq!(base64url_encode(&hmac_sha256(&key, &input)), signature);

    // Both are HS256, which is refused before anything else is looked at.
    for jws_text in [RFC7797_4_1, RFC7797_4_2] {
        assert_eq!(
            jws::decode_unverified_header(jws_text).unwrap_err().code(),
            "jws.algorithm_unsupported"
        );
    }
}

#[test]
fn unencoded_signing_input_is_header_dot_raw_payload() {
    let secret = SecretKey::from_jwk(&a1_private_jwk()).unwrap();
    let compact = jws::sign(RFC7797_PAYLOAD, &secret, &JwsOptions::detached_unencoded()).unwrap();
    let (header_b64, signature_b64) = compact.split_once("..").unwrap();
    // The header is the RFC 7797 §4.2 one with EdDSA for HS256, members in the same order.
    assert_eq!(
        base64url_decode(header_b64, "h").unwrap(),
        br#"{"alg":"EdDSA","b64":false,"crit":["b64"]}"#
    );
    let signature: [u8; 64] = base64url_decode(signature_b64, "s")
        .unwrap()
        .try_into()
        .unwrap();

    let mut raw_input = format!("{header_b64}.").into_bytes();
    raw_input.extend_from_slice(RFC7797_PAYLOAD);
    secret
        .public_key()
        .verify_strict(&raw_input, &signature)
        .unwrap();
    // Not the encoded form.
    let encoded_input = format!("{header_b64}.{}", base64url_encode(RFC7797_PAYLOAD));
    assert!(secret
        .public_key()
        .verify_strict(encoded_input.as_bytes(), &signature)
        .is_err());

    let verified = jws::verify(&compact, &secret.public_key(), Some(RFC7797_PAYLOAD)).unwrap();
    assert_eq!(verified.payload(), RFC7797_PAYLOAD);
    assert!(!verified.header().payload_encoded());
}
