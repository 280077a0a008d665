//! ECDH-ES vectors: RFC 8037 Appendix A.6 (X25519 key agreement; RFC 7748 §6.1 keys) and RFC
//! 7518 Appendix C (the Concat KDF), from `tests/vectors/rfc8037-rfc7518-ecdh-es/` (see its
//! SOURCE.md), and a JWE to the A.6 recipient built from them by hand, decrypted by
//! [`jwe::decrypt`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::vector;
use aes_gcm::aead::{AeadInPlace, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::jwe::{self, Jwe};
use govblocks_core::keys::{Jwk, X25519PublicKey, X25519SecretKey};
use serde_json::Value;

fn vectors() -> Value {
    serde_json::from_slice(&vector("rfc8037-rfc7518-ecdh-es/vectors.json")).unwrap()
}

fn hex32(text: &str) -> [u8; 32] {
    hex::decode(text).unwrap().try_into().unwrap()
}

fn bytes(value: &Value) -> Vec<u8> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
        .collect()
}

#[test]
fn rfc8037_a6_keys_and_shared_secret() {
    let v = &vectors()["rfc8037_a6"];
    let bob = X25519SecretKey::from_bytes(&hex32(v["bob_secret_hex"].as_str().unwrap()));
    let bob_jwk = Jwk::from_value(&v["bob_public_jwk"]).unwrap();
    assert_eq!(bob_jwk.kid.as_deref(), Some("Bob"));
    assert_eq!(
        X25519PublicKey::from_jwk(&bob_jwk).unwrap(),
        bob.public_key()
    );

    let ephemeral =
        X25519SecretKey::from_bytes(&hex32(v["ephemeral_secret_hex"].as_str().unwrap()));
    let epk = ephemeral.public_key();
    assert_eq!(
        hex::encode(epk.to_bytes()),
        v["ephemeral_public_hex"].as_str().unwrap()
    );
    assert_eq!(
        epk.to_jwk().to_value(),
        v["ephemeral_public_jwk"],
        "the ephemeral JWK, member for member"
    );
    // The A.6 header's epk is read as the same key.
    let header_epk = Jwk::from_value(&v["header"]["epk"]).unwrap();
    assert_eq!(X25519PublicKey::from_jwk(&header_epk).unwrap(), epk);

    // Z, computed by both sides (x25519-dalek, the crate the keys use).
    let z = hex32(v["z_hex"].as_str().unwrap());
    let from_sender = x25519_dalek::StaticSecret::from(*ephemeral.to_bytes())
        .diffie_hellman(&x25519_dalek::PublicKey::from(bob.public_key().to_bytes()));
    let from_recipient = x25519_dalek::StaticSecret::from(*bob.to_bytes())
        .diffie_hellman(&x25519_dalek::PublicKey::from(epk.to_bytes()));
    assert_eq!(from_sender.as_bytes(), &z);
    assert_eq!(from_recipient.as_bytes(), &z);

    // The A.6 example itself is ECDH-ES+A128KW / A128GCM: both refused here.
    let protected = base64url_encode(v["header"].to_string().as_bytes());
    let compact = format!("{protected}..AAAAAAAAAAAAAAAA.AA.AAAAAAAAAAAAAAAAAAAAAA");
    assert_eq!(
        jwe::decrypt(&compact, &bob).unwrap_err().code(),
        "jwe.algorithm_unsupported"
    );
}

#[test]
fn rfc7518_appendix_c_concat_kdf() {
    let v = &vectors()["rfc7518_c"];
    let z = bytes(&v["z"]);
    let apu = base64url_decode(v["apu"].as_str().unwrap(), "apu").unwrap();
    let apv = base64url_decode(v["apv"].as_str().unwrap(), "apv").unwrap();
    assert_eq!((&apu[..], &apv[..]), (&b"Alice"[..], &b"Bob"[..]));
    let expected = bytes(&v["derived_key"]);
    assert_eq!(v["keydatalen"], 128);
    let mut key = vec![0u8; expected.len()];
    jwe::concat_kdf(&z, v["enc"].as_str().unwrap(), &apu, &apv, &mut key).unwrap();
    assert_eq!(key, expected);
    assert_eq!(
        base64url_encode(&key),
        v["derived_key_b64"].as_str().unwrap()
    );

    // The OtherInfo the appendix lists is the one hashed: one SHA-256 round by hand.
    use sha2::{Digest, Sha256};
    let mut round = Sha256::new();
    round.update(1u32.to_be_bytes());
    round.update(&z);
    round.update(bytes(&v["other_info"]));
    assert_eq!(&round.finalize()[..16], &expected[..]);
}

/// A JWE of this module's profile (ECDH-ES, A256GCM) to Bob of A.6, with A.6's ephemeral key,
/// assembled by hand from the vectors: Z from the RFC, the KDF as RFC 7518 §4.6.2 writes it,
/// AES-256-GCM from `aes-gcm` directly. `jwe::decrypt` must read it.
#[test]
fn a_hand_built_jwe_to_the_a6_recipient_decrypts() {
    let v = &vectors()["rfc8037_a6"];
    let bob = X25519SecretKey::from_bytes(&hex32(v["bob_secret_hex"].as_str().unwrap()));
    let z = hex32(v["z_hex"].as_str().unwrap());
    let header = serde_json::json!({
        "alg": "ECDH-ES",
        "enc": "A256GCM",
        "epk": v["ephemeral_public_jwk"],
        "kid": "Bob",
    });
    let protected = base64url_encode(header.to_string().as_bytes());
    // Concat KDF by hand: one SHA-256 round of counter ‖ Z ‖ OtherInfo.
    use sha2::{Digest, Sha256};
    let mut round = Sha256::new();
    round.update(1u32.to_be_bytes());
    round.update(z);
    round.update(7u32.to_be_bytes());
    round.update(b"A256GCM");
    round.update(0u32.to_be_bytes());
    round.update(0u32.to_be_bytes());
    round.update(256u32.to_be_bytes());
    let cek = round.finalize();
    let iv = [3u8; 12];
    let mut buffer = b"Example of X25519 JWE".to_vec();
    let tag = Aes256Gcm::new_from_slice(&cek)
        .unwrap()
        .encrypt_in_place_detached(&Nonce::from(iv), protected.as_bytes(), &mut buffer)
        .unwrap();
    let compact = format!(
        "{protected}..{}.{}.{}",
        base64url_encode(&iv),
        base64url_encode(&buffer),
        base64url_encode(&tag)
    );
    let parsed = Jwe::parse_compact(&compact).unwrap();
    assert_eq!(parsed.header().kid(), Some("Bob"));
    assert_eq!(&parsed.decrypt(&bob).unwrap()[..], b"Example of X25519 JWE");
}
