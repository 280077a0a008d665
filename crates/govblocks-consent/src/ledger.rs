//! The consent ledger: consent's words on top of `govblocks-store`'s chained log.
//!
//! The ledger is a [`Log`] (see [`govblocks_store::log`] for what it guarantees: append-only,
//! compare-and-append, durable and atomic, tamper evidence, erasure to tombstones, paged
//! listing) in which
//!
//! * a **stream** is a consent record (its id is the record id),
//! * an **entry** is the RFC 8785 canonical form of a signed revision,
//! * the **subject** a record is indexed by is its data principal's pseudonymous id, read out
//!   of each signed revision by [`principal_of`] (so the index is checked against what was
//!   signed, and erasure finds a principal's records from the signed revisions),
//! * the **side table** ([`Log::put_cited`], [`Log::cited`]) holds the signed agreements the
//!   records name, reported as `(agreements)` when one is wrong.
//!
//! What the ledger checks is digests, links and the principal; signatures, the lifecycle and
//! agreement versions are the [`RecordVerifier`](crate::record::RecordVerifier)'s business,
//! run on what the ledger returns.
//!
//! # Files
//!
//! A SQLite ledger ([`open`], feature `sqlite`) is marked with `application_id` 0x4742434C
//! (`"GBCL"`) and schema version 1, the format of govblocks 0.1.0: a ledger written then opens
//! unchanged. Commands that only read open it with [`Access::ReadOnly`]: a missing file is
//! `store.not_found`, an empty or foreign one is refused (`store.invalid`), and the file is
//! never created or written.
//!
//! ```
//! use govblocks_consent::ledger::{self, Log, NewEntry};
//! let ledger = ledger::memory();
//! let revision = br#"{"principal":"pseudonym-41d2","record":"urn:uuid:1"}"#.to_vec();
//! let first = ledger.append(NewEntry::new("urn:uuid:1", None, revision))?;
//! assert_eq!(first.sequence, 0);
//! assert_eq!(ledger.streams_of("pseudonym-41d2")?, ["urn:uuid:1"]);
//! # Ok::<(), govblocks_consent::Error>(())
//! ```

pub use govblocks_store::log::memory::MemoryLog;
#[cfg(feature = "sqlite")]
pub use govblocks_store::log::sqlite::{OpenCheck, SqliteLog, SqliteLogOptions};
pub use govblocks_store::log::{
    CheckReport, CitedDocument, ErasureReport, Log, NewEntry, Page, Profile, StoredEntry, Tamper,
};
#[cfg(feature = "postgres")]
pub use govblocks_store::postgres::{PgLog, PgLogOptions, PgOptions};
#[cfg(feature = "sqlite")]
pub use govblocks_store::sqlite_file::{Access, OpenOptions, Synchronous};

use serde::Deserialize;

/// The ledger file's `PRAGMA application_id`: `"GBCL"` (govblocks consent ledger).
pub const APPLICATION_ID: i32 = 0x4742_434C;

/// The ledger file's schema version (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

/// The name `store.tampered` gives the agreements table when a stored agreement is wrong (its
/// `sequence` is then the agreement's position).
pub const AGREEMENTS: &str = "(agreements)";

/// How the store recognises a consent ledger file.
#[cfg(feature = "sqlite")]
pub const FILE_KIND: govblocks_store::sqlite_file::FileKind =
    govblocks_store::log::sqlite::file_kind("consent ledger", APPLICATION_ID);

/// The subject hook: the `principal` of a signed revision's canonical bytes (`None` when the
/// bytes are not a JSON object with one string `principal`).
pub fn principal_of(document: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Principal {
        principal: String,
    }
    // serde refuses a duplicated `principal` member, so the bytes name at most one.
    serde_json::from_slice::<Principal>(document)
        .ok()
        .map(|p| p.principal)
}

/// Consent's [`Profile`]: records indexed by [`principal_of`], the side table named
/// [`AGREEMENTS`].
pub fn profile() -> Profile {
    Profile::new()
        .with_subject(principal_of)
        .with_cited_name(AGREEMENTS)
}

/// An empty ledger in memory (tests, short-lived tools).
pub fn memory() -> MemoryLog {
    MemoryLog::with_profile(profile())
}

/// Opens the SQLite ledger at `path` with `access`, durable commits, a 5 s busy timeout and a
/// full check of every chain.
///
/// Errors: `store.not_found`, `store.invalid`, `store.version`, `store.tampered`,
/// `store.busy`, `store.storage`.
#[cfg(feature = "sqlite")]
pub fn open(
    path: impl AsRef<std::path::Path>,
    access: Access,
) -> govblocks_store::Result<SqliteLog> {
    open_with(
        path,
        SqliteLogOptions::default().with_file(OpenOptions::default().with_access(access)),
    )
}

/// Opens the SQLite ledger at `path` with `options` (consent's [`profile`] is put in).
///
/// Errors: as [`open`].
#[cfg(feature = "sqlite")]
pub fn open_with(
    path: impl AsRef<std::path::Path>,
    options: SqliteLogOptions,
) -> govblocks_store::Result<SqliteLog> {
    SqliteLog::open(path, &FILE_KIND, options.with_profile(profile()))
}

/// How the store recognises a consent ledger in PostgreSQL: schema `govblocks_consent_ledger`
/// by default, marked with [`APPLICATION_ID`] (feature `postgres`).
#[cfg(feature = "postgres")]
pub const PG_KIND: govblocks_store::postgres::PgKind = govblocks_store::postgres::PgKind::new(
    "consent ledger",
    APPLICATION_ID,
    "govblocks_consent_ledger",
);

/// Opens the consent ledger in the PostgreSQL database `options` names (created when missing
/// unless [`PgOptions::read_only`]), with consent's [`profile`] and a full check of every chain
/// (feature `postgres`). Many processes on many machines may share it.
///
/// Errors: `store.not_found`, `store.invalid`, `store.version`, `store.tampered`,
/// `store.busy`, `store.storage`.
#[cfg(feature = "postgres")]
pub fn open_postgres(options: &PgOptions) -> govblocks_store::Result<PgLog> {
    PgLog::open(
        options,
        &PG_KIND,
        PgLogOptions::default().with_profile(profile()),
    )
}
