//! Consent's agreements, records and their hash chain, the lifecycle, `permits`, consent
//! proofs, the GovStack and Kantara mappings, the schemas, and the pinned error codes
//! (`tests/error_codes.txt`). The stores themselves are tested in `govblocks-store`.
//!
//! One test binary (each `tests/*.rs` file would be its own, each linking everything): one
//! module per subject. The helpers shared with `properties` live in `tests/common/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod chain;
mod consent_proof;
mod error_codes;
mod govstack;
mod hostile;
mod incremental;
mod kantara;
mod lifecycle;
mod permits;
#[cfg(feature = "postgres")]
mod postgres;
mod schemas;
