//! # govblocks-consent
//!
//! Consent records shaped after ISO/IEC TS 27560:2023 (as the W3C DPV consent guide describes
//! it) and the GovStack Consent building block: agreements signed by a controller, records of
//! one data principal's choices, an enforced lifecycle, signed hash-chained revisions, the
//! `permits` question services ask, and a durable ledger.
//!
//! | module | what |
//! | --- | --- |
//! | [`error`] | the error enum and its stable codes (`consent.*`) |
//! | [`ledger`] | append-only storage of revisions: the trait, in memory, SQLite |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod error;
pub mod ledger;

pub use error::{Error, Result};
