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
//! | [`xroad`] | X-Road addressing: client and service ids, HTTP/1.1 requests, the PR-REST request line and `X-Road-*` headers |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod error;
pub mod xroad;

pub use error::{Error, Result};
