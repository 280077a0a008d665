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
//! | [`error`] | the error enum and its stable codes (`exchange.*`) |
//! | [`replay`] | the replay guard: a message id accepted once per sender, within a window and a clock skew (300 s and 30 s by default), on the store's accept-once store (memory or a SQLite file shared by processes) |
//! | [`log`] | the message log: every request and response sent or received, kept in the store's chained log; a message found by its id exactly as signed; a changed, removed or reordered entry detected |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod error;
pub mod log;
pub mod replay;

pub use error::{Error, Result};
