//! # govblocks-identity
//!
//! W3C Verifiable Credentials Data Model 2.0 and Presentations, W3C Bitstring Status List v1.0
//! and a foundational ID credential, secured with `eddsa-jcs-2022` through the one
//! verification pipeline of [`govblocks_core::document`].
//!
//! | module | what |
//! | --- | --- |
//! | [`error`] | the error enum and its stable codes (`credential.*`, `presentation.*`, `status_list.*`, `foundational_id.*`) |
//! | [`one_or_many`] | a member that is one value or a set of them, written back as it came |
//! | [`schemas`](mod@schemas) | the identity JSON Schemas, embedded, on top of the core ones |
//! | [`status_list`] | W3C Bitstring Status List v1.0: the bitstring, `encodedList`, status entries and lists, resolvers |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod error;
pub mod one_or_many;
pub mod schemas;
pub mod status_list;

pub use error::{Error, Result};
