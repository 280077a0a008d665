//! Identity's credentials, presentations, status lists and foundational ID subject: issue and
//! verify, every refusal with its code, the W3C examples, and the pinned error codes
//! (`tests/error_codes.txt`).
//!
//! One test binary (each `tests/*.rs` file would be its own, each linking everything): one
//! module per subject. The W3C vectors live in `tests/vectors/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod credential;
mod credential_status;
mod error_codes;
mod foundational_id;
mod presentation;
mod presentation_policy;
mod sd_jwt;
mod sd_jwt_status;
#[cfg(feature = "status-http")]
mod status_http;
mod status_list;
mod status_service;
mod vc_rules;
mod w3c_examples;
