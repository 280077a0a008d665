//! The public API of govblocks-exchange, one module per part (one test binary).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod access;
mod binding;
mod consent;
mod envelope;
mod error_codes;
mod fixtures;
mod g2p;
mod g2p_interop;
mod g2p_schemas;
mod message_log;
#[cfg(feature = "postgres")]
mod postgres;
mod replay;
mod schemas;
mod xroad;
