//! Core's API and rules: strict JSON, JWS, proofs and every way one can be wrong, the typed
//! pipeline, the schema registry, the hostile-input regressions, feature unification, and the
//! pinned error codes (`tests/error_codes.txt`).
//!
//! One test binary (each `tests/*.rs` file would be its own, each linking everything): one
//! module per subject. `.ci/run` runs it a second time with serde_json's
//! `arbitrary_precision` and `preserve_order` (`feature_unification.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod error_codes;
mod feature_unification;
mod hardening;
mod jwe;
mod jws;
mod pipeline;
mod proof_security;
mod schema;
mod strict_json;
