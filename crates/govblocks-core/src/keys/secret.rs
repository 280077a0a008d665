//! Ed25519 secret keys: generated, imported, zeroized.

use super::{decode_multikey, Jwk, PublicKey, ED25519_PRIV_HEADER};
use crate::encoding::multibase_encode;
use crate::error::{Error, Result};
use ed25519_dalek::{Signer as _, SigningKey};
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// An Ed25519 secret key (the 32-byte seed of RFC 8032) held in memory.
///
/// Zeroized on drop (by `ed25519-dalek`), never printed by `Debug`, and not `Clone`: copies of a
/// secret are made on purpose, with [`SecretKey::to_seed`], or not at all. For keys that must
/// not live in process memory, implement [`crate::signer::Signer`] for your HSM or KMS instead.
pub struct SecretKey {
    signing: SigningKey,
    public: PublicKey,
}

impl SecretKey {
    /// Generates a new key from the operating system's random number generator.
    pub fn generate() -> Self {
        let signing = SigningKey::generate(&mut rand_core::OsRng);
        Self::from_signing_key(signing)
    }

    /// The key with this 32-byte seed (deterministic; for tests and imports).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self::from_signing_key(SigningKey::from_bytes(seed))
    }

    fn from_signing_key(signing: SigningKey) -> Self {
        // Invariant: the public key of a seed hashed and clamped per RFC 8032 is a multiple of
        // the base point, so it has large prime order and is never weak.
        let public = PublicKey::from_verifying_key(signing.verifying_key())
            .unwrap_or_else(|_| unreachable_weak());
        SecretKey { signing, public }
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        self.public
    }

    /// A copy of the 32-byte seed, wiped when the returned value is dropped.
    pub fn to_seed(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.signing.to_bytes())
    }

    /// Parses a secret Multikey (`z3u2…`: multicodec 0x8026 then the 32-byte seed).
    pub fn from_multikey(text: &str) -> Result<Self> {
        let seed = Zeroizing::new(decode_multikey(
            text,
            ED25519_PRIV_HEADER,
            "privateKeyMultibase",
        )?);
        Ok(Self::from_seed(&seed))
    }

    /// The secret Multikey (`z3u2…`), wiped when the returned string is dropped.
    pub fn to_multikey(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 34]);
        bytes[..2].copy_from_slice(&ED25519_PRIV_HEADER);
        bytes[2..].copy_from_slice(&*self.to_seed());
        Zeroizing::new(multibase_encode(&bytes[..]))
    }

    /// The private JWK (RFC 8037, with `d`).
    pub fn to_jwk(&self) -> Jwk {
        Jwk::from_secret_key(self)
    }

    /// Imports a private JWK (RFC 8037); `x` must match `d`.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self> {
        jwk.secret_key()
    }

    /// Signs `message` with Ed25519 (RFC 8032, deterministic).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

#[cold]
fn unreachable_weak() -> PublicKey {
    // Only reachable if ed25519-dalek returned a small-order point for a clamped scalar,
    // which the RFC 8032 key derivation rules out.
    #[allow(clippy::panic)]
    {
        panic!("ed25519-dalek derived a weak public key from a seed")
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// The JSON key file the CLI reads and `govblocks keygen` writes: the format of the W3C test
/// vector `keyPair.json` (`publicKeyMultibase` + `privateKeyMultibase`), plus informative
/// members that are ignored on input.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
    /// The public Multikey.
    pub public_key_multibase: String,
    /// The secret Multikey.
    pub private_key_multibase: Zeroizing<String>,
    /// The `did:key` DID (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<String>,
    /// The `did:key` verification method (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verification_method: Option<String>,
    /// The public JWK (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_jwk: Option<serde_json::Value>,
}

impl KeyFile {
    /// The full key file of `secret`.
    pub fn new(secret: &SecretKey) -> Self {
        let public = secret.public_key();
        KeyFile {
            public_key_multibase: public.to_multikey(),
            private_key_multibase: secret.to_multikey(),
            did: Some(public.did()),
            verification_method: Some(public.verification_method()),
            public_key_jwk: Some(public.to_jwk().to_value()),
        }
    }

    /// Parses a key file (strict JSON) and checks that its two halves belong together.
    pub fn parse(bytes: &[u8]) -> Result<SecretKey> {
        let mut value = crate::json::parse(bytes)?;
        let file = KeyFile::deserialize(&value).map_err(|e| Error::KeyInvalid {
            reason: format!("key file: {e}"),
        });
        // The parsed tree holds a copy of the secret: wipe every string in it before it is
        // freed (the caller owns `bytes`).
        wipe_strings(&mut value);
        file?.secret_key()
    }

    /// The secret key, after checking that `publicKeyMultibase` matches it.
    pub fn secret_key(&self) -> Result<SecretKey> {
        let secret = SecretKey::from_multikey(&self.private_key_multibase)?;
        let public = PublicKey::from_multikey(&self.public_key_multibase)?;
        if secret.public_key() != public {
            return Err(Error::KeyMismatch);
        }
        Ok(secret)
    }
}

pub(super) fn wipe_strings(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => s.zeroize(),
        Value::Array(items) => items.iter_mut().for_each(wipe_strings),
        Value::Object(map) => map.values_mut().for_each(wipe_strings),
        _ => {}
    }
}

impl fmt::Debug for KeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeyFile")
            .field("public_key_multibase", &self.public_key_multibase)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_prints_the_secret() {
        let key = SecretKey::from_seed(&[9u8; 32]);
        let printed = format!("{key:?} {:?}", KeyFile::new(&key));
        assert!(!printed.contains(key.to_multikey().as_str()));
        assert!(printed.contains(&key.public_key().to_multikey()));
    }

    #[test]
    fn key_file_round_trip_and_mismatch() {
        let key = SecretKey::generate();
        let text = serde_json::to_vec(&KeyFile::new(&key)).unwrap();
        assert_eq!(
            KeyFile::parse(&text).unwrap().public_key(),
            key.public_key()
        );
        let other = SecretKey::generate();
        let mut file = KeyFile::new(&key);
        file.public_key_multibase = other.public_key().to_multikey();
        assert_eq!(file.secret_key().unwrap_err().code(), "key.mismatch");
    }

    #[test]
    fn secret_multikey_refuses_a_public_key() {
        let public = SecretKey::generate().public_key().to_multikey();
        assert_eq!(
            SecretKey::from_multikey(&public).unwrap_err().code(),
            "key.type_unsupported"
        );
    }
}
