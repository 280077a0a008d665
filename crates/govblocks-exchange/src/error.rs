//! The one error type of `govblocks-exchange`.
//!
//! Every variant has a stable dotted code ([`Error::code`], all of them in [`CODES`] and pinned
//! in `tests/error_codes.txt`); core's errors keep their own codes (`json.*`, `proof.*`, …).
//! Render any of them with [`govblocks_core::error::error_object`], as the CLI does.
//!
//! Messages quote the refused input, cut to [`QUOTE_LIMIT`] characters, so that an error built
//! from a hostile megabyte stays small.

use govblocks_core::coded_error;

/// How many characters of a refused input an error message quotes (the rest is elided).
pub const QUOTE_LIMIT: usize = 48;

/// Everything that can go wrong with envelopes, X-Road identifiers, binding, replay, the
/// message log, consent and access control.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),
    /// The replay guard's or the message log's store failed (I/O, a foreign or newer file):
    /// nothing was accepted or logged.
    #[error("the exchange store failed: {0}")]
    Store(#[source] govblocks_store::Error),
    // ---- X-Road identifiers and HTTP mapping (module xroad) ------------------------------------

    // ---- envelopes, binding, replay, log, consent, access (modules envelope and after) ---------
}

/// `input`, cut to [`QUOTE_LIMIT`] characters (`…` marks the cut), for a message.
#[allow(dead_code)] // used by the modules to come
pub(crate) fn quote(input: &str) -> String {
    match input.char_indices().nth(QUOTE_LIMIT) {
        None => input.to_owned(),
        Some((at, _)) => format!("{}…", &input[..at]),
    }
}

coded_error! {
    impl Error {
        wraps {
            Error::Core(e) => e,
        }
        codes {
            Error::Store(_) => "exchange.store",
        }
    }
    impl CodedError {}
}

/// Every code of this crate's own variants, sorted: [`Error::CODES`], from the one table that
/// makes [`Error::code`]; pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
