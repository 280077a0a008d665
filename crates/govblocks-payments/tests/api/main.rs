//! Payments' money, currencies, accounts, the account mapper, parties, batches, approval, the batch's life in the log and the pinned error
//! codes (`tests/error_codes.txt`). Tables of edge vectors in the dalek style: each row an
//! input and its expected outcome, third-party vectors (SIX's ISO 4217 list one, the SWIFT
//! IBAN registry's examples) read from `tests/vectors/` as published.
//!
//! One test binary, one module per subject; the properties are in `tests/properties/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod accounts;
mod approval;
mod batch;
mod currency;
mod error_codes;
mod fixtures;
mod formats;
mod hub;
mod iban;
mod lifecycle;
mod mapper;
mod mojaloop;
mod money;
mod pain001;
mod pain002;
mod party;
mod processes;
mod schemas;
