//! Ed25519 public keys, refused when weak.

use super::{did_key, Jwk, ED25519_PUB_HEADER};
use crate::encoding::multibase_encode;
use crate::error::{Error, Result};
use ed25519_dalek::{Signature, VerifyingKey};
use std::fmt;

/// An Ed25519 public key that is a valid curve point of large order.
///
/// Built only through constructors that refuse weak (small-order) keys; see the
/// [module docs](super) for every form it converts to and from.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct PublicKey(VerifyingKey);

impl PublicKey {
    /// Parses 32 public key bytes, refusing non-points and weak keys.
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        let key = VerifyingKey::from_bytes(bytes).map_err(|_| Error::KeyInvalid {
            reason: "not a valid Ed25519 curve point".into(),
        })?;
        Self::from_verifying_key(key)
    }

    /// Wraps an `ed25519-dalek` key, refusing weak keys.
    pub fn from_verifying_key(key: VerifyingKey) -> Result<Self> {
        if key.is_weak() {
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

    /// Verifies an Ed25519 signature with the strict rules of `verify_strict` (RFC 8032 with
    /// canonical `S`, and no small-order `R`).
    pub fn verify_strict(&self, message: &[u8], signature: &[u8; 64]) -> Result<()> {
        let signature = Signature::from_bytes(signature);
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| Error::SignatureInvalid)
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
