//! The signing trait: where a signature comes from.
//!
//! Everything in govblocks that signs (Data Integrity proofs, JWS) takes a `&dyn Signer`, so an
//! HSM, a cloud KMS or a remote signing service can stand in for a key held in memory. An
//! in-memory [`SecretKey`] implements it; so does [`ExternalSigner`], which adapts any signer
//! written against the RustCrypto `signature::Signer<ed25519::Signature>` trait (the one HSM
//! and KMS crates implement).
//!
//! ```
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::signer::Signer;
//! let key = SecretKey::from_seed(&[1u8; 32]);
//! let signature = Signer::try_sign(&key, b"hello").unwrap();
//! key.public_key().verify_strict(b"hello", &signature).unwrap();
//! ```

use crate::error::{Error, Result};
use crate::keys::{PublicKey, SecretKey};
use ed25519_dalek::ed25519::signature;

/// Something that produces Ed25519 signatures for one key.
pub trait Signer {
    /// The public key that verifies this signer's signatures.
    fn public_key(&self) -> PublicKey;

    /// The verification method id proofs should name. Defaults to the key's `did:key` URL;
    /// override it when the key is published under another id (e.g. `did:web:…#key-1`).
    fn verification_method(&self) -> String {
        self.public_key().verification_method()
    }

    /// Signs `message` (Ed25519, RFC 8032). Errors are the signer's (device unreachable,
    /// permission denied), reported as [`Error::SignerFailed`].
    fn try_sign(&self, message: &[u8]) -> Result<[u8; 64]>;
}

impl Signer for SecretKey {
    fn public_key(&self) -> PublicKey {
        SecretKey::public_key(self)
    }

    fn try_sign(&self, message: &[u8]) -> Result<[u8; 64]> {
        Ok(self.sign(message))
    }
}

impl<S: Signer + ?Sized> Signer for &S {
    fn public_key(&self) -> PublicKey {
        (**self).public_key()
    }
    fn verification_method(&self) -> String {
        (**self).verification_method()
    }
    fn try_sign(&self, message: &[u8]) -> Result<[u8; 64]> {
        (**self).try_sign(message)
    }
}

/// Adapts a RustCrypto `signature::Signer<ed25519::Signature>` (HSM, KMS) to [`Signer`], with
/// the public key and verification method it signs for.
pub struct ExternalSigner<S> {
    inner: S,
    public: PublicKey,
    verification_method: String,
}

impl<S> ExternalSigner<S>
where
    S: signature::Signer<ed25519_dalek::Signature>,
{
    /// Wraps `inner`, whose signatures verify with `public`, named by its `did:key` URL.
    pub fn new(inner: S, public: PublicKey) -> Self {
        let verification_method = public.verification_method();
        ExternalSigner {
            inner,
            public,
            verification_method,
        }
    }

    /// Names the key by another verification method id (e.g. `did:web:…#key-1`).
    pub fn with_verification_method(mut self, id: impl Into<String>) -> Self {
        self.verification_method = id.into();
        self
    }
}

impl<S> Signer for ExternalSigner<S>
where
    S: signature::Signer<ed25519_dalek::Signature>,
{
    fn public_key(&self) -> PublicKey {
        self.public
    }

    fn verification_method(&self) -> String {
        self.verification_method.clone()
    }

    fn try_sign(&self, message: &[u8]) -> Result<[u8; 64]> {
        let signature = self
            .inner
            .try_sign(message)
            .map_err(|e| Error::SignerFailed {
                reason: e.to_string(),
            })?;
        let bytes = signature.to_bytes();
        // A signer that signs with another key than it claims would produce proofs nobody can
        // verify; catch it here, where the cause is still obvious.
        self.public
            .verify_strict(message, &bytes)
            .map_err(|_| Error::SignerFailed {
                reason: "the external signer's signature does not verify with its public key"
                    .into(),
            })?;
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_signer_adapts_dalek_and_checks_its_key() {
        let dalek = ed25519_dalek::SigningKey::from_bytes(&[3u8; 32]);
        let public = PublicKey::from_verifying_key(dalek.verifying_key()).unwrap();
        let signer = ExternalSigner::new(dalek.clone(), public);
        let sig = signer.try_sign(b"m").unwrap();
        public.verify_strict(b"m", &sig).unwrap();

        let wrong = SecretKey::from_seed(&[4u8; 32]).public_key();
        let liar = ExternalSigner::new(dalek, wrong).with_verification_method("did:example:1#k");
        assert_eq!(liar.verification_method(), "did:example:1#k");
        assert_eq!(liar.try_sign(b"m").unwrap_err().code(), "signer.failed");
    }
}
