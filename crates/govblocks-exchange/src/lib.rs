//! # govblocks-exchange
//!
//! Registry data exchange: a social-protection registry asks the population registry for a
//! person's residence. The request says who asks, for which service, under which consent; the
//! answer is bound to that exact request; neither side can replay, alter or deny what was sent;
//! and the traffic crosses an X-Road-style information mediator unchanged.
//!
//! Every type is made only by its parser ("parse, don't validate"); every refusal is an
//! [`Error`] with a stable `exchange.*` code.
//!
//! | module | what |
//! | --- | --- |
//! | [`envelope`] | the envelope: its wire shape ([`envelope::model`]), its rules ([`envelope::rules`]), the builders and signing ([`envelope::builder`]), client and service addresses ([`envelope::address`]) |
//! | [`verify`] | [`EnvelopeVerifier`](verify::EnvelopeVerifier): core's pipeline, the sender, request/response binding, access, consent, payload schemas, steps; [`VerifiedEnvelope`](verify::VerifiedEnvelope) |
//! | [`directory`] | which DIDs speak for which client (the sender must be the signer) |
//! | [`access`] | the allow-list of who may call which service and action |
//! | [`consent`] | the [`ConsentCheck`](consent::ConsentCheck) the application implements, and the question it answers |
//! | [`schemas`](mod@schemas) | the exchange JSON Schemas (envelope, directory, access list), embedded on top of the core ones |
//! | [`error`] | the error enum and its stable codes (`exchange.*`) |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod access;
pub mod consent;
pub mod directory;
pub mod envelope;
pub mod error;
pub mod schemas;
pub mod verify;

pub use error::{Error, Result};
