//! The `eddsa-jcs-2022` cryptosuite (W3C Data Integrity EdDSA Cryptosuites v1.0 §3.3).
//!
//! ```text
//! hashData  = SHA-256(JCS(proofConfig)) || SHA-256(JCS(unsecuredDocument))   (64 bytes)
//! proofValue = "z" + base58btc(Ed25519-sign(secretKey, hashData))
//! ```
//!
//! `proofConfig` is the proof without `proofValue` (carrying the document's `@context`);
//! `unsecuredDocument` is the document without `proof` — or, for a chained proof, with `proof`
//! set to the proofs it names in `previousProof` (VC Data Integrity §4.3).
//!
//! [`Intermediates`] exposes every step, so the test suite can reproduce the W3C test vectors
//! byte for byte and so that an integrator can debug an interop failure step by step.

use crate::jcs;
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// Every intermediate value of `eddsa-jcs-2022` for one document and one proof configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Intermediates {
    /// JCS of the unsecured document (`canonDocJCS` in the W3C vectors).
    pub canonical_document: Vec<u8>,
    /// JCS of the proof configuration (`proofCanonJCS`).
    pub canonical_proof_config: Vec<u8>,
    /// SHA-256 of the canonical document (`docHashJCS`).
    pub document_hash: [u8; 32],
    /// SHA-256 of the canonical proof configuration (`proofHashJCS`).
    pub proof_config_hash: [u8; 32],
}

impl Intermediates {
    /// Computes every intermediate for `unsecured_document` and `proof_config`.
    pub fn compute(unsecured_document: &Value, proof_config: &Value) -> Self {
        let canonical_document = jcs::canonicalize(unsecured_document);
        let canonical_proof_config = jcs::canonicalize(proof_config);
        Intermediates {
            document_hash: Sha256::digest(&canonical_document).into(),
            proof_config_hash: Sha256::digest(&canonical_proof_config).into(),
            canonical_document,
            canonical_proof_config,
        }
    }

    /// The 64 bytes that are signed (`combinedHashJCS`): proof configuration hash first.
    pub fn hash_data(&self) -> [u8; 64] {
        join(&self.proof_config_hash, &self.document_hash)
    }
}

/// The signed bytes for `unsecured_document` and `proof_config`, without keeping the
/// intermediates.
pub fn hash_data(unsecured_document: &Value, proof_config: &Value) -> [u8; 64] {
    join(&jcs_sha256(proof_config), &jcs_sha256(unsecured_document))
}

/// SHA-256 of the RFC 8785 form of `value`: one half of the hash data. The verifier computes
/// the document's half once for all the proofs that sign the same content.
pub(crate) fn jcs_sha256(value: &Value) -> [u8; 32] {
    with_buffer(|buf| {
        jcs::canonicalize_into(value, buf);
        sha256_of_canonical(buf)
    })
}

/// The largest canonicalization buffer kept for the next hash on a thread: a rare large
/// document does not pin its memory.
const KEPT_BUFFER: usize = 64 * 1024;

thread_local! {
    /// The canonicalization buffer of this thread, reused from one hash to the next.
    static BUFFER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Runs `write_and_hash` on an empty buffer: this thread's reused one (a verifier hashing a
/// million documents allocates it once, not twice per document — and a fresh buffer of a
/// kilobyte or more is a large allocation that makes the system allocator sweep its free
/// lists), or a fresh one if that is in use.
fn with_buffer<R>(write_and_hash: impl FnOnce(&mut Vec<u8>) -> R) -> R {
    BUFFER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut buf) => {
            buf.clear();
            let result = write_and_hash(&mut buf);
            if buf.capacity() > KEPT_BUFFER {
                *buf = Vec::new();
            }
            result
        }
        Err(_) => write_and_hash(&mut Vec::with_capacity(1024)),
    })
}

/// [`jcs_sha256`] of the unsecured document: the secured document `map` as if it had no
/// `proof` member. The member stays where it is, so the caller's member order survives
/// (serde_json's `preserve_order`).
pub(crate) fn unsecured_sha256(map: &Map<String, Value>) -> [u8; 32] {
    with_buffer(|buf| {
        jcs::canonicalize_object_without(map, "proof", buf);
        sha256_of_canonical(buf)
    })
}

/// [`jcs_sha256`] of the proof configuration of the proof `object` (the object without
/// `proofValue`, [`super::model::proof_config`]), written without copying the object.
pub(crate) fn proof_config_sha256(object: &Map<String, Value>) -> [u8; 32] {
    with_buffer(|buf| {
        jcs::canonicalize_object_without(object, "proofValue", buf);
        sha256_of_canonical(buf)
    })
}

fn sha256_of_canonical(canonical: &[u8]) -> [u8; 32] {
    #[cfg(test)]
    tests::HASHED_BYTES.with(|n| n.set(n.get() + canonical.len()));
    Sha256::digest(canonical).into()
}

pub(crate) fn join(first: &[u8; 32], second: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    out[..32].copy_from_slice(first);
    out[32..].copy_from_slice(second);
    out
}

/// Whether the document's `@context` starts with every value of the proof's `@context`, in
/// order (§3.3.2 step 4.1). A single value counts as a list of one.
pub(crate) fn context_is_prefix(document_context: Option<&Value>, proof_context: &Value) -> bool {
    fn as_list(v: &Value) -> &[Value] {
        match v {
            Value::Array(items) => items,
            other => std::slice::from_ref(other),
        }
    }
    let Some(document_context) = document_context else {
        return false;
    };
    let doc = as_list(document_context);
    let proof = as_list(proof_context);
    proof.len() <= doc.len() && doc.iter().zip(proof).all(|(d, p)| d == p)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::json;

    thread_local! {
        /// Bytes canonicalized and hashed by [`jcs_sha256`] on this thread (tests only).
        pub(crate) static HASHED_BYTES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn context_prefix_rules() {
        let a = json!("https://www.w3.org/ns/credentials/v2");
        let ab = json!([
            "https://www.w3.org/ns/credentials/v2",
            "https://x.example/v1"
        ]);
        assert!(context_is_prefix(Some(&ab), &a));
        assert!(context_is_prefix(Some(&ab), &ab));
        assert!(context_is_prefix(Some(&a), &json!([a.clone()])));
        assert!(!context_is_prefix(Some(&a), &ab));
        assert!(!context_is_prefix(None, &a));
        assert!(!context_is_prefix(
            Some(&json!([
                "https://x.example/v1",
                "https://www.w3.org/ns/credentials/v2"
            ])),
            &a
        ));
    }
}
