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

    // ---- replay guard and message log (modules replay and log) ---------------------------------
    /// The message's id was already accepted from this sender within the replay window: a
    /// replay (or a duplicate delivery), refused.
    #[error("message {message_id} from {sender} was already accepted: a replay")]
    Replayed {
        /// The sender, as given to the guard (quoted, cut).
        sender: String,
        /// The message id (quoted, cut).
        message_id: String,
    },
    /// The message's timestamp is at or before `now - window`: too old to be told from a
    /// replay of a message the guard has forgotten.
    #[error("message timestamp {timestamp} is too old: at or before {now} minus the replay window of {window_seconds} s")]
    TimestampTooOld {
        /// The message's timestamp.
        timestamp: String,
        /// The guard's clock.
        now: String,
        /// The window, in seconds.
        window_seconds: i64,
    },
    /// The message's timestamp lies after `now + skew`: in the future beyond the clock skew
    /// allowed.
    #[error("message timestamp {timestamp} is in the future: after {now} plus the allowed clock skew of {skew_seconds} s")]
    TimestampInFuture {
        /// The message's timestamp.
        timestamp: String,
        /// The guard's clock.
        now: String,
        /// The skew, in seconds.
        skew_seconds: i64,
    },
    /// The sender and message id together are longer than the accept-once store keeps
    /// ([`govblocks_store::accept_once::MAX_ID_BYTES`]): refused, not remembered.
    #[error(
        "a sender and message id of {len} bytes are longer than the replay guard keeps ({max})"
    )]
    ReplayIdTooLong {
        /// Their length in bytes, as the guard's key.
        len: usize,
        /// The most the guard keeps.
        max: usize,
    },
    /// A replay policy that cannot work: a window that is not positive, a negative skew, or
    /// either beyond [`crate::replay::MAX_WINDOW`].
    #[error("invalid replay policy: {reason}")]
    ReplayPolicyInvalid {
        /// What is wrong.
        reason: String,
    },
    /// The message log is not what was written: an entry changed, removed, inserted or
    /// reordered behind the log's back (the store's `store.tampered` is the source).
    #[error("the message log was tampered with: {0}")]
    LogTampered(#[source] govblocks_store::Error),
    /// An entry of the message log whose chain is intact but which is not a message-log record
    /// (a consistent rewrite of the file, or another application's log under our id).
    #[error("message log entry {sequence} is not a message-log record: {reason}")]
    LogEntryInvalid {
        /// The entry's sequence number.
        sequence: u64,
        /// What is wrong.
        reason: String,
    },
}

/// `input`, cut to [`QUOTE_LIMIT`] characters (`…` marks the cut), for a message.
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
            Error::LogEntryInvalid { .. } => "exchange.log_entry_invalid",
            Error::LogTampered(_) => "exchange.log_tampered",
            Error::ReplayIdTooLong { .. } => "exchange.replay_id_too_long",
            Error::ReplayPolicyInvalid { .. } => "exchange.replay_policy_invalid",
            Error::Replayed { .. } => "exchange.replayed",
            Error::Store(_) => "exchange.store",
            Error::TimestampInFuture { .. } => "exchange.timestamp_in_future",
            Error::TimestampTooOld { .. } => "exchange.timestamp_too_old",
        }
    }
    impl CodedError {}
}

/// Every code of this crate's own variants, sorted: [`Error::CODES`], from the one table that
/// makes [`Error::code`]; pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
