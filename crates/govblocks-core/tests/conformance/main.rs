//! Conformance: the published test vectors and edge cases of the standards core implements —
//! RFC 8785 (JCS) input/output pairs and number formatting, RFC 8037 JWS, RFC 8037 A.6 and RFC
//! 7518 Appendix C ECDH-ES (X25519 and the Concat KDF), the W3C eddsa-jcs-2022
//! vectors, Project Wycheproof's and the edge cases' Ed25519 keys and signatures — and that the
//! repository's copy of the vectors still equals the project's shared folder.
//!
//! One test binary (each `tests/*.rs` file would be its own, each linking everything): one
//! module per subject. The vectors live in `tests/vectors/` (`common.rs` finds them).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod ed25519_edge_cases;
mod jcs_numbers;
mod jcs_vectors;
mod jwe_interop;
mod rfc8037_jwe;
mod rfc8037_jws;
mod vectors_match_shared;
mod w3c_eddsa_jcs_2022;
mod wycheproof_ed25519;
