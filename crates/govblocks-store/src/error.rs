//! The one error type of `govblocks-store`, for every store and every backend.
//!
//! Every variant has a stable dotted code `store.*` ([`Error::code`]), pinned in
//! `tests/error_codes.txt`. A block that wraps this error (consent's `Error::Store`) delegates
//! its code, so `store.conflict` reads the same whichever block hit it. Render it with
//! [`govblocks_core::error::error_object`] like any [`CodedError`](govblocks_core::error::CodedError).

use std::fmt;

/// Everything that can go wrong with a store.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// Compare-and-append lost: the stream's head is not the one the caller built on (another
    /// writer appended first, or the stream already exists and the caller named no head).
    #[error("conflict: stream {stream:?} has moved on (expected head {expected}, found {found})")]
    Conflict {
        /// The stream.
        stream: String,
        /// The head the caller appended after (`none` for a new stream).
        expected: String,
        /// The head the store holds (`none` when the stream does not exist).
        found: String,
    },

    /// The stream was erased (right to be forgotten): only its tombstone remains, and nothing
    /// can be appended to it.
    #[error("stream {stream:?} was erased: nothing can be appended to its tombstone")]
    Erased {
        /// The stream.
        stream: String,
    },

    /// A document names another subject than the stream it is appended to (every entry of a
    /// stream has the same subject), or names none where the store needs one.
    #[error("stream {stream:?}: {reason}")]
    SubjectMismatch {
        /// The stream.
        stream: String,
        /// What is wrong.
        reason: String,
    },

    /// What is stored is not what the store wrote: a row changed, removed, added or reordered
    /// behind its back, or an index (a stream's subject) that disagrees with the signed
    /// documents.
    #[error("store tampered: stream {stream:?}, entry {sequence}: {tamper}")]
    Tampered {
        /// The stream (or a pseudo-stream such as the side table's, see the log module).
        stream: String,
        /// The sequence number of the first entry found wrong.
        sequence: u64,
        /// What is wrong with it.
        tamper: Tamper,
    },

    /// The file is not a store of the expected kind: not SQLite, SQLite of another application
    /// (another `application_id`), its tables missing, or an empty file opened for reading.
    /// Nothing was written to it.
    #[error("not a {kind}: {path}: {reason}")]
    Invalid {
        /// What kind of store was expected (`consent ledger`, …).
        kind: &'static str,
        /// The file.
        path: String,
        /// Why it was refused.
        reason: String,
    },

    /// The file was written by a newer version, with a schema this version does not know.
    /// Nothing was written to it.
    #[error("{kind} schema version {found} is newer than the supported version {supported}")]
    Version {
        /// What kind of store.
        kind: &'static str,
        /// The file's schema version.
        found: i64,
        /// The newest schema version this crate reads.
        supported: i64,
    },

    /// The store's file does not exist, and it was opened in a mode that does not create one.
    #[error("no {kind} at {path}")]
    NotFound {
        /// What kind of store.
        kind: &'static str,
        /// The file.
        path: String,
    },

    /// A write to a store opened read-only.
    #[error("the store was opened read-only: {operation} is not possible")]
    ReadOnly {
        /// What was attempted.
        operation: &'static str,
    },

    /// Another connection held the write lock for longer than the busy timeout.
    #[error("store busy: the write lock was not released within the busy timeout ({operation})")]
    Busy {
        /// What the store was doing.
        operation: &'static str,
    },

    /// The storage under the store failed (I/O, permissions, disk full, a SQLite error).
    #[error("storage error while {operation}: {message}")]
    Storage {
        /// What the store was doing.
        operation: &'static str,
        /// The storage engine's message.
        message: String,
    },

    /// An accept-once id is longer than [`MAX_ID_BYTES`](crate::accept_once::MAX_ID_BYTES):
    /// refused, not remembered.
    #[error("an id of {len} bytes in scope {scope} is longer than an accept-once store takes")]
    IdTooLong {
        /// The scope's name.
        scope: &'static str,
        /// The id's length in bytes.
        len: usize,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

govblocks_core::coded_error! {
    impl Error {
        wraps {}
        codes {
            Error::Busy { .. } => "store.busy",
            Error::Conflict { .. } => "store.conflict",
            Error::Erased { .. } => "store.erased",
            Error::IdTooLong { .. } => "store.id_too_long",
            Error::Invalid { .. } => "store.invalid",
            Error::NotFound { .. } => "store.not_found",
            Error::ReadOnly { .. } => "store.read_only",
            Error::Storage { .. } => "store.storage",
            Error::SubjectMismatch { .. } => "store.subject_mismatch",
            Error::Tampered { .. } => "store.tampered",
            Error::Version { .. } => "store.version",
        }
    }
    impl CodedError {}
}

/// Every code of this crate, sorted: [`Error::CODES`], from the one table that makes
/// [`Error::code`]; pinned by `tests/error_codes.txt`.
pub const CODES: &[&str] = Error::CODES;

/// What is wrong with a stored entry (see `store.tampered`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tamper {
    /// The stored digest is not the SHA-256 of the stored document bytes.
    DigestMismatch,
    /// The stored predecessor is not the digest of the entry before it (or the first entry
    /// names a predecessor).
    PredecessorMismatch,
    /// There is no entry at this position although the chain goes on or the head is later.
    Missing,
    /// Two entries occupy this position.
    Duplicate,
    /// An entry lies after the stream's recorded head.
    BeyondHead,
    /// The stream's recorded head is not the digest of its last entry.
    HeadMismatch,
    /// The document is gone although the stream was not erased.
    DocumentMissing,
    /// The stream was erased but this entry still has a document.
    DocumentPresent,
    /// An entry whose stream is unknown to the store.
    Orphan,
    /// A stored value has an impossible type or size (a digest that is not 32 bytes, a
    /// negative sequence number, text where bytes belong).
    Malformed,
    /// The subject the stream is indexed by is not the subject its signed documents name (the
    /// index was changed behind the store's back).
    SubjectMismatch,
}

impl fmt::Display for Tamper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tamper::DigestMismatch => "the stored digest is not the SHA-256 of the stored document",
            Tamper::PredecessorMismatch => {
                "the predecessor is not the digest of the entry before it"
            }
            Tamper::Missing => "the entry is missing",
            Tamper::Duplicate => "two entries have this sequence number",
            Tamper::BeyondHead => "an entry lies after the stream's head",
            Tamper::HeadMismatch => "the stream's head is not its last entry",
            Tamper::DocumentMissing => "the document is missing but the stream was not erased",
            Tamper::DocumentPresent => "the stream was erased but the document is still there",
            Tamper::Orphan => "the entry belongs to no known stream",
            Tamper::Malformed => "a stored value has an impossible type or size",
            Tamper::SubjectMismatch => {
                "the stream's indexed subject is not the subject its signed documents name"
            }
        })
    }
}
