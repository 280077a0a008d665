//! # govblocks-store
//!
//! Everything that keeps state, for every govblocks block, in one crate: the blocks decide
//! *what* a document means; a store only keeps documents and proves it kept them.
//!
//! ## What a store is
//!
//! A store holds bytes a block has already judged (canonical signed documents, ids seen once)
//! and promises something precise about them: what was acknowledged is there after a crash,
//! what was not is wholly absent, two writers racing for one place cannot both win, and a
//! change made behind the store's back is reported instead of returned. It never interprets a
//! document beyond what a block asks it to (a hook that reads a document's subject).
//!
//! | module | what |
//! | --- | --- |
//! | [`log`] | the **chained log**: append-only, hash-chained streams of canonical documents, compare-and-append on a stream's head, group commit, a tamper check, erasure to tombstones by subject, a content-addressed side table, paged listing (consent's ledger, a payment batch's life in `govblocks-payments`' `lifecycle`; an exchange message log next) |
//! | [`accept_once`] | the **accept-once store**: check and remember an id atomically, until an expiry or for ever, in scopes (a presentation challenge now; an exchange message id, a payment batch or end-to-end id next), in memory or a SQLite file |
//! | [`sqlite_file`] | the **one SQLite opening routine** every store uses: the caller's `application_id`, versioned migrations, WAL, `synchronous = FULL`, a busy timeout, a foreign or newer file refused untouched, a read-only mode that never creates or writes (feature `sqlite`) |
//! | `postgres` | the **PostgreSQL backends** of both traits, for many processes on many machines sharing one database: versioned schema migrations, a connection pool, each operation's isolation level stated (feature `postgres`) |
//! | [`error`] | the one error enum and its stable codes (`store.*`) |
//!
//! ## The guarantees every store gives
//!
//! * **Typed refusals.** Every failure is an [`Error`] with a stable code: `store.conflict`
//!   (compare-and-append lost), `store.tampered` (what is stored is not what was written),
//!   `store.erased`, `store.invalid` (not a store of this kind), `store.version` (a newer
//!   schema), `store.not_found`, `store.read_only`, `store.busy`, `store.storage`.
//! * **Nothing written to a file that is not ours.** A foreign, corrupt or newer file is
//!   refused before the first write, and a reader ([`sqlite_file::Access::ReadOnly`]) never
//!   creates or writes a file at all.
//! * **Durable and atomic** (the SQLite backends with their defaults): an acknowledged write
//!   survives a crash of the process or of the machine; an unacknowledged one is wholly there
//!   or wholly absent.
//! * **One conformance suite per trait** runs against every backend (`tests/store/`), so a
//!   backend added later (PostgreSQL) is held to the same promises by adding one line.
//!
//! ## Features
//!
//! * `sqlite` (default): the SQLite backends and [`sqlite_file`], with SQLite compiled in
//!   (nothing to install). Without it the crate has the traits, the chain checker and the
//!   memory backends only: what a verifier-only service needs.
//! * `postgres` (off by default): the PostgreSQL backends (`postgres::PgLog`,
//!   `postgres::PgAcceptOnce`) on the synchronous `postgres` driver; nothing to install in the
//!   binary, a server to point them at.
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod accept_once;
pub mod error;
pub mod log;
#[cfg(feature = "postgres")]
pub mod postgres;
#[cfg(feature = "sqlite")]
pub mod sqlite_file;

pub use error::{Error, Result};

#[cfg(test)]
mod tests {
    /// The codes are a contract: pinned one per line in `tests/error_codes.txt`, so that a
    /// change shows up as a diff of that file.
    #[test]
    fn error_codes_are_pinned() {
        govblocks_core::error::assert_codes_pinned(
            include_str!("../tests/error_codes.txt"),
            &[crate::error::CODES],
            &["store."],
            false,
        );
    }
}
