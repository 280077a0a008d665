//! The one error type of `govblocks-consent`.
//!
//! Every variant has a stable dotted code ([`Error::code`]); core's errors keep their own codes
//! (`json.*`, `proof.*`, …). Render any of them with
//! [`govblocks_core::error::error_object`], as the CLI does.

use govblocks_core::error::{CodedError, Position, ProofLocation, SchemaViolation};

/// Everything that can go wrong with consent agreements, records, revisions and the ledger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),

    // ---- ledger ----------------------------------------------------------------------------------
    /// Another writer appended to the record first: the expected head is no longer the head.
    #[error("conflict: record {record:?} has moved on (expected head {expected}, found {found})")]
    Conflict {
        /// The record.
        record: String,
        /// The head the caller appended after (`none` for a new record).
        expected: String,
        /// The head the ledger holds (`none` when the record does not exist).
        found: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The stable, dotted, machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Core(e) => e.code(),
            Error::Conflict { .. } => "consent.conflict",
        }
    }
}

impl CodedError for Error {
    fn code(&self) -> &'static str {
        Error::code(self)
    }
    fn position(&self) -> Option<&Position> {
        match self {
            Error::Core(e) => CodedError::position(e),
            _ => None,
        }
    }
    fn violations(&self) -> &[SchemaViolation] {
        match self {
            Error::Core(e) => CodedError::violations(e),
            _ => &[],
        }
    }
    fn proof(&self) -> Option<ProofLocation<'_>> {
        match self {
            Error::Core(e) => CodedError::proof(e),
            _ => None,
        }
    }
}
