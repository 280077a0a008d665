//! # govblocks-core
//!
//! What every govblocks building block shares: one way to read JSON, one way to canonicalize
//! it, one kind of key, one proof format.
//!
//! Sign a document with an `eddsa-jcs-2022` Data Integrity proof, verify it against a trust
//! list, and see what a tampered or a stranger's document is refused with:
//!
//! ```
//! use govblocks_core::clock::Timestamp;
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_core::serde_json::json;
//!
//! // The issuer's key: `SecretKey::generate()` draws one from the operating system; a fixed
//! // seed keeps this example reproducible.
//! let issuer = SecretKey::from_seed(&[7u8; 32]);
//! let issuer_did = issuer.public_key().did(); // did:key:z6Mk…
//!
//! // Sign: the document gains a `proof` member.
//! let credential = json!({
//!     "id": "urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5",
//!     "issuer": issuer_did,
//!     "credentialSubject": { "id": "did:example:household-4471", "monthlyAmount": "6600.00" }
//! });
//! let created = Timestamp::parse("2024-01-01T00:00:00Z", "created")?;
//! let signed = add_proof(credential, &issuer, &ProofOptions::assertion().with_created(created))?;
//! assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
//!
//! // Verify: every proof checked, its key resolved from the did:key and trusted for the
//! // purpose by the trust list.
//! let verifier = Verifier::new(
//!     DidKeyResolver,
//!     TrustList::new().trust(issuer_did.clone(), [ProofPurpose::AssertionMethod]),
//! );
//! let verified = verifier.verify(signed.clone())?;
//! assert_eq!(verified.proofs()[0].controller, issuer_did);
//! assert_eq!(verified.value()["credentialSubject"]["monthlyAmount"], "6600.00");
//!
//! // Refusals carry a stable code: a changed amount breaks the signature ...
//! let mut tampered = signed;
//! tampered["credentialSubject"]["monthlyAmount"] = json!("66000.00");
//! let refused = verifier.verify(tampered).unwrap_err();
//! assert_eq!(refused.code(), "proof.signature_invalid");
//!
//! // ... and a valid signature by a key nobody trusts is refused too.
//! let stranger = SecretKey::generate();
//! let stray = json!({"issuer": stranger.public_key().did()});
//! let forged = add_proof(stray, &stranger, &ProofOptions::assertion())?;
//! assert_eq!(verifier.verify(forged).unwrap_err().code(), "trust.untrusted");
//! # Ok::<(), govblocks_core::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`json`] | strict JSON parsing: duplicate keys, lone surrogates and oversized input are errors |
//! | [`jcs`] | RFC 8785 JSON Canonicalization Scheme, byte-exact |
//! | [`digest`] | SHA-256 content digests of canonical JSON, as multibase multihash |
//! | [`encoding`] | multibase base58btc and base64url, strict and canonical |
//! | [`keys`] | Ed25519 keys, Multikey, `did:key`, JWK (RFC 8037) and thumbprints (RFC 7638); X25519 key-agreement keys for JWE |
//! | [`signer`] | the signing trait an HSM or KMS implements |
//! | [`resolver`] | from a `verificationMethod` to a key and its controller; trust lists |
//! | [`proof`] | W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite: sets, chains, batches |
//! | [`jws`] | compact and detached JWS with EdDSA (RFC 7515, 7797, 8037) |
//! | [`jwe`] | compact JWE to one X25519 key: ECDH-ES with A256GCM (RFC 7516, 7518 §4.6, 8037) |
//! | [`schema`] | the embedded JSON Schema 2020-12 registry |
//! | [`clock`] | injected time, clock skew, and [`clock::Timestamp`], the one date-time type |
//! | [`document`] | the verification pipeline every block's document types go through |
//! | [`verified`] | [`verified::Verified`], a value only the verifier can produce |
//! | [`error`] | the error enum and its stable codes |
//! | [`prelude`] | the few types most programs need, in one `use govblocks_core::prelude::*` |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod clock;
pub mod digest;
pub mod document;
pub mod encoding;
pub mod error;
pub mod jcs;
mod jose;
pub mod json;
pub mod jwe;
pub mod jws;
pub mod keys;
pub mod prelude;
pub mod proof;
pub mod resolver;
pub mod schema;
pub mod signer;
#[doc(hidden)]
pub mod testkit_hook;
pub mod verified;

pub use error::{Error, Result};

/// The `serde_json` this crate is built with: documents are [`serde_json::Value`]s, so use this
/// re-export (`govblocks_core::serde_json::json!`) and a `serde_json` version of your own
/// cannot drift from ours.
///
/// ```
/// use govblocks_core::serde_json::{json, Value};
///
/// let document: Value = json!({"id": "urn:uuid:1", "amount": "10.00"});
/// let canonical = govblocks_core::jcs::canonicalize(&document);
/// assert_eq!(canonical, br#"{"amount":"10.00","id":"urn:uuid:1"}"#);
/// ```
pub use serde_json;
