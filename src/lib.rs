//! # govblocks
//!
//! Interoperable building blocks for digital public infrastructure: identity credentials,
//! consent records, signed payment instructions and registry data-exchange envelopes, all
//! secured one way (W3C Data Integrity, `eddsa-jcs-2022`) and described by shared JSON Schemas.
//!
//! This facade re-exports the block crates so that one dependency brings them all. Each block is
//! also published on its own; depend on the one you need to keep your build small.
//!
//! | crate | what |
//! | --- | --- |
//! | [`core`] (`govblocks-core`) | strict JSON, RFC 8785 canonical JSON, keys and identifiers, Data Integrity proofs, JWS, schemas |
#![forbid(unsafe_code)]

pub use govblocks_core as core;
