//! TEMPORARY skeleton (replaced by the `store` branch's).

/// Errors of the stores.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// SQLite failed.
    #[cfg(feature = "sqlite")]
    #[error("storage failed: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// An accept-once id is longer than [`crate::accept_once::MAX_ID_BYTES`].
    #[error("an id of {len} bytes in scope {scope} is longer than the accept-once store allows")]
    IdTooLong {
        /// The scope's name.
        scope: &'static str,
        /// The id's length in bytes.
        len: usize,
    },
}

/// A result with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl govblocks_core::error::CodedError for Error {
    fn code(&self) -> &'static str {
        match self {
            #[cfg(feature = "sqlite")]
            Error::Sqlite(_) => "store.storage",
            Error::IdTooLong { .. } => "store.id_too_long",
        }
    }
}
