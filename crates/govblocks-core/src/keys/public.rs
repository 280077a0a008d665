//! Ed25519 public keys, refused when non-canonical or weak.

use super::{did_key, Jwk, ED25519_PUB_HEADER};
use crate::encoding::multibase_encode;
use crate::error::{Error, Result};
use ed25519_dalek::{Signature, VerifyingKey};
use std::fmt;

/// An Ed25519 public key: the canonical encoding of a valid curve point that is not of small
/// order.
///
/// Built only through constructors that refuse non-canonical encodings and weak (small-order)
/// keys; see the
/// [module docs](super) for every form it converts to and from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parses 32 public key bytes, refusing non-canonical encodings (`y ≥ p`, or `x = 0` with
    /// the sign bit set) before decoding them, then non-points ([`Error::KeyInvalid`]) and
    /// weak keys ([`Error::KeyWeak`]).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        check_canonical(bytes)?;
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| Error::KeyInvalid {
            reason: "not a valid Ed25519 curve point".into(),
        })?;
        Self::from_verifying_key(key)
    }

    /// Wraps an `ed25519-dalek` key, refusing a non-canonical encoding (an `ed25519-dalek` key
    /// keeps the bytes it was decoded from) and weak keys.
    pub fn from_verifying_key(key: VerifyingKey) -> Result<Self> {
        check_canonical(key.as_bytes())?;
        // The encoding is canonical, so a small-order key is one of eight byte strings (what
        // `key.is_weak()` decides after a point multiplication and a field inversion; the test
        // `weak_keys_are_refused` checks both agree).
        if super::is_small_order_encoding(key.as_bytes()) {
            return Err(Error::KeyWeak);
        }
        Ok(PublicKey(key))
    }

    /// The 32 key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0.to_bytes()
    }

    /// The 32 key bytes, borrowed.
    pub fn as_bytes(&self) -> &[u8; 32] {
        self.0.as_bytes()
    }

    /// The underlying `ed25519-dalek` key.
    pub fn verifying_key(&self) -> &VerifyingKey {
        &self.0
    }

    /// Parses a public Multikey (`z6Mk…`).
    pub fn from_multikey(text: &str) -> Result<Self> {
        let key: [u8; 32] = super::decode_multikey(text, ED25519_PUB_HEADER, "publicKeyMultibase")?;
        Self::from_bytes(&key)
    }

    /// The public Multikey (`z6Mk…`).
    pub fn to_multikey(&self) -> String {
        let mut bytes = [0u8; 34];
        bytes[..2].copy_from_slice(&ED25519_PUB_HEADER);
        bytes[2..].copy_from_slice(self.as_bytes());
        multibase_encode(&bytes)
    }

    /// The `did:key` DID of this key (`did:key:z6Mk…`).
    pub fn did(&self) -> String {
        format!("{}{}", did_key::DID_KEY_PREFIX, self.to_multikey())
    }

    /// The `did:key` verification method id of this key (`did:key:z6Mk…#z6Mk…`).
    pub fn verification_method(&self) -> String {
        let mk = self.to_multikey();
        format!("{}{mk}#{mk}", did_key::DID_KEY_PREFIX)
    }

    /// Parses a `did:key` DID or its verification method URL (the fragment, when present, must
    /// be the same Multikey, as `did:key` defines exactly one verification method).
    pub fn from_did_url(did_url: &str) -> Result<Self> {
        did_key::parse(did_url)
    }

    /// The public JWK (RFC 8037 `OKP`/`Ed25519`).
    pub fn to_jwk(&self) -> Jwk {
        Jwk::from_public_key(self)
    }

    /// Parses a public JWK (RFC 8037). A `d` member, if present, is ignored here.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self> {
        jwk.public_key()
    }

    /// Verifies an Ed25519 signature with the strict rules of `ed25519-dalek`'s
    /// `verify_strict`: RFC 8032 with a canonical `S`, and neither `R` nor the key of small
    /// order.
    ///
    /// It gives exactly `verify_strict`'s answer at about 90% of its cost. `verify_strict`
    /// decompresses `R` (a square root) only to refuse a small-order `R`, then compares the
    /// recomputed `R` with the signature's *bytes*; here the small-order `R` is refused by its
    /// bytes and the same byte comparison is done by `ed25519-dalek`'s RFC 8032 `verify`. The
    /// answers agree because an `R` that passes the byte comparison is the canonical encoding of
    /// the recomputed point, so it is of small order exactly when it is one of the eight
    /// canonical small-order encodings; a key is never of small order (see [`PublicKey`]).
    /// `tests/conformance/ed25519_edge_cases.rs` and `tests/conformance/wycheproof_ed25519.rs`
    /// hold every case against the expected outcome, and a property test against
    /// `verify_strict` itself.
    pub fn verify_strict(&self, message: &[u8], signature: &[u8; 64]) -> Result<()> {
        if !super::signature_r_is_acceptable(signature) {
            return Err(Error::SignatureInvalid);
        }
        let signature = Signature::from_bytes(signature);
        ed25519_dalek::Verifier::verify(&self.0, message, &signature)
            .map_err(|_| Error::SignatureInvalid)
    }
}

/// [`Error::KeyInvalid`] for a non-canonical point encoding (see [`super::non_canonical_point`]).
fn check_canonical(bytes: &[u8; 32]) -> Result<()> {
    match super::non_canonical_point(bytes) {
        Some(reason) => Err(Error::KeyInvalid {
            reason: reason.into(),
        }),
        None => Ok(()),
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.to_multikey())
    }
}

impl fmt::Display for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_multikey())
    }
}

impl std::str::FromStr for PublicKey {
    type Err = Error;

    /// Accepts a Multikey (`z6Mk…`), a `did:key` DID or a `did:key` verification method URL.
    fn from_str(s: &str) -> Result<Self> {
        if s.starts_with("did:") {
            Self::from_did_url(s)
        } else {
            Self::from_multikey(s)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_keys_are_refused() {
        // The identity point (0, 1) is of order 1; its encoding is 0x01 followed by zeros.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            PublicKey::from_bytes(&identity).unwrap_err().code(),
            "key.weak"
        );
        // A point of order 8 (from the list of small-order encodings in the literature).
        let order8 =
            hex::decode("c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a")
                .unwrap();
        let order8: [u8; 32] = order8.try_into().unwrap();
        assert_eq!(
            PublicKey::from_bytes(&order8).unwrap_err().code(),
            "key.weak"
        );
        // A weak key behind a Multikey is refused the same way.
        let mut mk = [0u8; 34];
        mk[..2].copy_from_slice(&ED25519_PUB_HEADER);
        mk[2..].copy_from_slice(&identity);
        let text = multibase_encode(&mk);
        assert_eq!(
            PublicKey::from_multikey(&text).unwrap_err().code(),
            "key.weak"
        );
    }

    /// The weak-key check compares bytes; it must answer what `ed25519-dalek`'s `is_weak`
    /// answers after decoding: on the eight small-order points, on points with a torsion
    /// component (not weak), and on ordinary keys.
    #[test]
    fn weak_key_check_agrees_with_is_weak() {
        use curve25519_dalek::constants::{ED25519_BASEPOINT_POINT, EIGHT_TORSION};
        let mut points = Vec::new();
        for (i, torsion) in EIGHT_TORSION.iter().enumerate() {
            points.push(*torsion);
            points.push(torsion + ED25519_BASEPOINT_POINT);
            points.push(
                torsion + ED25519_BASEPOINT_POINT * curve25519_dalek::Scalar::from(i as u64 + 2),
            );
        }
        for seed in 0u8..16 {
            points.push(
                crate::keys::SecretKey::from_seed(&[seed; 32])
                    .public_key()
                    .verifying_key()
                    .to_edwards(),
            );
        }
        let mut weak = 0;
        for point in points {
            let bytes = point.compress().to_bytes();
            let dalek = VerifyingKey::from_bytes(&bytes).unwrap();
            let ours = PublicKey::from_bytes(&bytes);
            assert_eq!(dalek.is_weak(), ours.is_err(), "{}", hex::encode(bytes));
            if let Err(e) = ours {
                assert_eq!(e.code(), "key.weak");
                weak += 1;
            }
        }
        assert_eq!(weak, 8);
    }

    /// The encoding of y = p + k (k < 19): ed+k, then 30 × ff, then 7f (sign bit clear).
    fn p_plus(k: u8) -> [u8; 32] {
        let mut bytes = [0xffu8; 32];
        bytes[0] = 0xed + k;
        bytes[31] = 0x7f;
        bytes
    }

    #[test]
    fn y_equal_to_p_plus_3_is_refused_as_invalid() {
        // The example of the issue: y = p + 3 decompresses (to the point with y = 3) and was
        // accepted as a key, failing only at the signature.
        let bytes = p_plus(3);
        assert!(VerifyingKey::from_bytes(&bytes).is_ok(), "dalek decodes it");
        let err = PublicKey::from_bytes(&bytes).unwrap_err();
        assert_eq!(err.code(), "key.invalid");
        assert!(err
            .to_string()
            .contains("non-canonical point encoding (y ≥ p)"));
        // The same key handed over as an ed25519-dalek key is refused the same way.
        let dalek = VerifyingKey::from_bytes(&bytes).unwrap();
        assert_eq!(
            PublicKey::from_verifying_key(dalek).unwrap_err().code(),
            "key.invalid"
        );
        // And behind a Multikey.
        let mut mk = [0u8; 34];
        mk[..2].copy_from_slice(&ED25519_PUB_HEADER);
        mk[2..].copy_from_slice(&bytes);
        assert_eq!(
            PublicKey::from_multikey(&multibase_encode(&mk))
                .unwrap_err()
                .code(),
            "key.invalid"
        );
    }

    #[test]
    fn every_y_at_or_above_p_is_refused_as_invalid() {
        for k in 0..19 {
            for sign in [0u8, 0x80] {
                let mut bytes = p_plus(k);
                bytes[31] |= sign;
                let err = PublicKey::from_bytes(&bytes).unwrap_err();
                assert_eq!(err.code(), "key.invalid", "y = p + {k}, sign {sign:#x}");
                assert!(
                    err.to_string().contains("(y ≥ p)"),
                    "y = p + {k}, sign {sign:#x}: {err}"
                );
                if let Ok(dalek) = VerifyingKey::from_bytes(&bytes) {
                    assert_eq!(
                        PublicKey::from_verifying_key(dalek).unwrap_err().code(),
                        "key.invalid",
                        "y = p + {k}, sign {sign:#x}"
                    );
                }
            }
        }
    }

    #[test]
    fn x_zero_with_the_sign_bit_set_is_refused_as_invalid() {
        // (0, 1) and (0, -1) with the sign bit set: small-order points under a second name,
        // refused as non-canonical before they could be refused as weak.
        let mut one = [0u8; 32];
        one[0] = 1;
        let mut minus_one = p_plus(0);
        minus_one[0] = 0xec;
        for canonical in [one, minus_one] {
            assert_eq!(
                PublicKey::from_bytes(&canonical).unwrap_err().code(),
                "key.weak"
            );
            let mut signed = canonical;
            signed[31] |= 0x80;
            let err = PublicKey::from_bytes(&signed).unwrap_err();
            assert_eq!(err.code(), "key.invalid");
            assert!(
                err.to_string().contains("x = 0 with the sign bit set"),
                "{err}"
            );
            let dalek = VerifyingKey::from_bytes(&signed).unwrap();
            assert_eq!(
                PublicKey::from_verifying_key(dalek).unwrap_err().code(),
                "key.invalid"
            );
        }
    }

    #[test]
    fn a_real_key_still_round_trips() {
        let public = crate::keys::SecretKey::from_seed(&[9u8; 32]).public_key();
        let again = PublicKey::from_bytes(public.as_bytes()).unwrap();
        assert_eq!(again, public);
        assert_eq!(
            PublicKey::from_verifying_key(*public.verifying_key()).unwrap(),
            public
        );
    }

    #[test]
    fn multikey_header_and_length_are_checked() {
        let mut p256 = vec![0x80, 0x24];
        p256.extend_from_slice(&[2u8; 33]);
        assert_eq!(
            PublicKey::from_multikey(&multibase_encode(&p256))
                .unwrap_err()
                .code(),
            "key.type_unsupported"
        );
        let mut short = ED25519_PUB_HEADER.to_vec();
        short.extend_from_slice(&[2u8; 31]);
        assert_eq!(
            PublicKey::from_multikey(&multibase_encode(&short))
                .unwrap_err()
                .code(),
            "key.invalid"
        );
        assert_eq!(
            PublicKey::from_multikey("u7QE").unwrap_err().code(),
            "encoding.multibase_unsupported"
        );
    }
}
