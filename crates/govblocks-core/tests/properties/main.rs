//! Property tests of core: the fixed-width base58 decoders against `bs58`, canonicalization's
//! independence from the input's text, and sign → verify / change a byte → refused.
//!
//! One test binary, kept apart from the example-based ones (`api`, `conformance`): one module
//! per subject. (`api` holds the property tests of JWS and of the strict parser beside their
//! other tests.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod base58_decoders;
mod jcs_props;
mod proof_properties;
