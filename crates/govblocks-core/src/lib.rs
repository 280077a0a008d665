//! # govblocks-core
//!
//! What every govblocks building block shares: one way to read JSON, one way to canonicalize
//! it, one kind of key, one proof format.
//!
//! | module | what |
//! | --- | --- |
//! | [`json`] | strict JSON parsing: duplicate keys, lone surrogates and oversized input are errors |
//! | [`jcs`] | RFC 8785 JSON Canonicalization Scheme, byte-exact |
//! | [`encoding`] | multibase base58btc and base64url, strict and canonical |
//! | [`keys`] | Ed25519 keys, Multikey, `did:key`, JWK (RFC 8037) and thumbprints (RFC 7638) |
//! | [`signer`] | the signing trait an HSM or KMS implements |
//! | [`resolver`] | from a `verificationMethod` to a key and its controller; trust lists |
//! | [`proof`] | W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite: sets, chains, batches |
//! | [`jws`] | compact and detached JWS with EdDSA (RFC 7515, 7797, 8037) |
//! | [`schema`] | the embedded JSON Schema 2020-12 registry |
//! | [`clock`] | injected time, clock skew, and [`clock::Timestamp`], the one date-time type |
//! | [`document`] | the verification pipeline every block's document types go through |
//! | [`verified`] | [`verified::Verified`], a value only the verifier can produce |
//! | [`error`] | the error enum and its stable codes |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod clock;
pub mod document;
pub mod encoding;
pub mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod jcs;
pub mod json;
pub mod jws;
pub mod keys;
pub mod proof;
pub mod resolver;
pub mod schema;
pub mod signer;
pub mod verified;

pub use error::{Error, Result};
