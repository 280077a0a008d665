//! # govblocks-identity
//!
//! W3C Verifiable Credentials Data Model 2.0 and Presentations, W3C Bitstring Status List v1.0
//! and a foundational ID credential, secured with `eddsa-jcs-2022` through the one
//! verification pipeline of [`govblocks_core::document`].
//!
//! | module | what |
//! | --- | --- |
//! | [`credential`] | Verifiable Credentials: the wire shape, the rules, issuing, verifying |
//! | [`error`] | the error enum and its stable codes (`credential.*`, `presentation.*`, `status_list.*`, `foundational_id.*`) |
//! | [`presentation`] | Verifiable Presentations: creating them, verifying them, replay protection, the policy for what a presentation may leave out (holder, proof) or be about |
//! | [`one_or_many`] | a member that is one value or a set of them, written back as it came |
//! | [`schemas`](mod@schemas) | the identity JSON Schemas, embedded, on top of the core ones |
//! | [`verhoeff`] | the Verhoeff check digit (D5 tables), as MOSIP UINs and Aadhaar numbers use it |
//! | [`foundational_id`] | the foundational (national) ID credential subject: UIN, names, birth date, sex, residence, photo digest |
//! | [`status_list`] | W3C Bitstring Status List v1.0: the bitstring, `encodedList`, status entries and lists, resolvers |
//! | [`prelude`] | what most programs need (core's prelude included), in one `use govblocks_identity::prelude::*` |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod credential;
pub mod error;
pub mod foundational_id;
pub mod one_or_many;
pub mod prelude;
pub mod presentation;
pub mod schemas;
pub mod status_list;
pub mod verhoeff;

pub use error::{Error, Result};
