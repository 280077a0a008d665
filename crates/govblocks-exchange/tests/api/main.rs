//! The public API of govblocks-exchange, one module per part (one test binary).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod error_codes;
mod message_log;
mod replay;
