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

    /// The record was erased (right to be forgotten): only its tombstone remains, and nothing
    /// can be appended to it.
    #[error("record {record:?} was erased: nothing can be appended to its tombstone")]
    LedgerErased {
        /// The record.
        record: String,
    },

    /// A revision names a different data principal than the record it is appended to.
    #[error("record {record:?} belongs to another data principal than this revision names")]
    LedgerPrincipalMismatch {
        /// The record.
        record: String,
    },

    /// The stored chain of a record is not what the ledger wrote: a row was changed, removed,
    /// added or reordered behind the ledger's back.
    #[error("ledger tampered: record {record:?}, revision {sequence}: {tamper}")]
    LedgerTampered {
        /// The record.
        record: String,
        /// The sequence number of the first revision found wrong.
        sequence: u64,
        /// What is wrong with it.
        tamper: crate::ledger::Tamper,
    },

    /// The file is not a govblocks consent ledger (not SQLite, or SQLite without the ledger's
    /// application id and tables).
    #[error("not a consent ledger: {path}: {reason}")]
    LedgerInvalid {
        /// The file.
        path: String,
        /// Why it was refused.
        reason: String,
    },

    /// The ledger was written by a newer version of this crate, with a schema this version does
    /// not know.
    #[error("ledger schema version {found} is newer than the supported version {supported}")]
    LedgerVersion {
        /// The file's schema version.
        found: i64,
        /// The newest schema version this crate reads.
        supported: i64,
    },

    /// Another connection held the ledger's write lock for longer than the busy timeout.
    #[error("ledger busy: the write lock was not released within the busy timeout ({operation})")]
    LedgerBusy {
        /// What the ledger was doing.
        operation: &'static str,
    },

    /// The storage under the ledger failed (I/O, disk full, a SQLite error).
    #[error("ledger storage error while {operation}: {message}")]
    LedgerStorage {
        /// What the ledger was doing.
        operation: &'static str,
        /// The storage engine's message.
        message: String,
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
            Error::LedgerErased { .. } => "consent.ledger_erased",
            Error::LedgerPrincipalMismatch { .. } => "consent.ledger_principal_mismatch",
            Error::LedgerTampered { .. } => "consent.ledger_tampered",
            Error::LedgerInvalid { .. } => "consent.ledger_invalid",
            Error::LedgerVersion { .. } => "consent.ledger_version",
            Error::LedgerBusy { .. } => "consent.ledger_busy",
            Error::LedgerStorage { .. } => "consent.ledger_storage",
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
