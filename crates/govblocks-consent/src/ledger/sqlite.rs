//! The embedded default ledger: one SQLite file (bundled SQLite, nothing to install).
//!
//! ```no_run
//! use govblocks_consent::ledger::{sqlite::SqliteLedger, Ledger, NewRevision};
//! let ledger = SqliteLedger::open("consent.ledger")?; // checks every chain
//! let first = ledger.append(NewRevision {
//!     record: "urn:uuid:9f1c0b6e-3b7a-4d0e-9a51-8f0f4f1c2d3e".into(),
//!     principal: "pseudonym-41d2".into(),
//!     predecessor: None,
//!     document: br#"{"canonical":"signed revision"}"#.to_vec(),
//! })?;
//! assert_eq!(first.sequence, 0);
//! # Ok::<(), govblocks_consent::Error>(())
//! ```
//!
//! # Storage format (schema version 1)
//!
//! The file is marked with `PRAGMA application_id = 0x4742434C` (`"GBCL"`) and
//! `PRAGMA user_version = 1`. Opening a file that is not SQLite, or SQLite without this
//! application id and the three tables below, fails with `consent.ledger_invalid` and leaves the
//! file untouched; a file of a newer schema version fails with `consent.ledger_version`. An
//! empty or missing file becomes a new ledger. Both tables are `STRICT` (SQLite checks the
//! column types).
//!
//! `records`, one row per record:
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `record` | TEXT, primary key | the record id |
//! | `principal` | TEXT, NULL once erased | the data principal's pseudonymous id (indexed) |
//! | `head_sequence` | INTEGER ≥ 0 | sequence number of the last revision |
//! | `head_digest` | BLOB, 32 bytes | digest of the last revision |
//! | `erased` | INTEGER 0 or 1 | 1 once the record is a tombstone |
//!
//! `revisions`, one row per revision, `UNIQUE (record, sequence)`, `record` a foreign key to
//! `records`:
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `record` | TEXT | the record id |
//! | `sequence` | INTEGER ≥ 0 | position in the chain, from 0 without gaps |
//! | `digest` | BLOB, 32 bytes | SHA-256 of `document` |
//! | `predecessor` | BLOB, 32 bytes, or NULL | digest of the revision before (NULL for 0) |
//! | `document` | BLOB, NULL once erased | the RFC 8785 canonical bytes of the signed revision |
//!
//! `agreements`, one row per signed agreement ([`Ledger::put_agreement`]):
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `position` | INTEGER ≥ 0, primary key | the order of storage, from 0 without gaps |
//! | `digest` | BLOB, 32 bytes, unique | SHA-256 of `document` |
//! | `document` | BLOB | the RFC 8785 canonical bytes of the signed agreement |
//!
//! Triggers refuse, as a second line of defence, any `DELETE` of any table, any `UPDATE` of an
//! agreement, any `UPDATE` of
//! a revision other than setting its document to NULL, moving a head backwards and reviving an
//! erased record. They stop mistakes, not an attacker (who can drop them): tamper detection
//! does not rely on them.
//!
//! # Durability
//!
//! The file runs in WAL mode (write-ahead log: `<file>-wal` and `<file>-shm` beside it; keep
//! the three together). With [`Synchronous::Full`], the default, every commit is `fsync`ed
//! before [`Ledger::append`] returns: an acknowledged revision survives a crash of the process,
//! of the operating system and a power cut (on storage that honours `fsync`). Each append is
//! one transaction, so a revision is never half-written; `tests/ledger_crash.rs` kills a writer
//! with SIGKILL at random points, many times, and checks this.
//!
//! [`Synchronous::Normal`] skips the `fsync` of each commit (the log is synced at checkpoints):
//! appends are several times faster and still atomic, and a crash of the *process* still loses
//! nothing, but a crash of the *machine* or a power cut can lose the most recent acknowledged
//! revisions (never corrupt the file). Choose it only where the revisions can be recovered from
//! elsewhere. [`Ledger::append_many`] is the other way to go faster: many revisions in one
//! transaction, one `fsync` (group commit).
//!
//! # Concurrency
//!
//! One [`SqliteLedger`] holds one connection behind a mutex, so threads sharing it take turns.
//! Several ledgers (in one process or in many) may open the same file: WAL lets readers proceed
//! while one writer writes. Every append runs in one `BEGIN IMMEDIATE` transaction — take the
//! write lock, check that the record's head is the revision's predecessor, insert, move the
//! head, commit — so of two writers racing onto the same head exactly one wins and the other
//! gets `consent.conflict` with nothing written. A writer that finds the lock taken waits up to
//! the busy timeout ([`SqliteOptions::with_busy_timeout`], 5 s by default) before failing with
//! `consent.ledger_busy`, so a second process waits rather than failing spuriously.
//!
//! # Tamper detection
//!
//! [`SqliteLedger::open`] runs [`Ledger::check`] by default: every revision of every record is
//! read, its document hashed, its links followed (this reads the whole file once; see
//! [`OpenCheck::Heads`] for a cheaper check of very large ledgers); every stored agreement is
//! hashed too, by either check. The check runs in one read
//! transaction, so concurrent writers do not disturb it. Reads check what they return as well:
//! [`Ledger::revisions`] checks the record's chain as it reads it, [`Ledger::head`] the head
//! revision's digest, so a row changed while the ledger is open is reported, not returned.
//!
//! # Erasure
//!
//! [`Ledger::erase_principal`] sets the documents of the principal's revisions and the
//! principal's id to NULL in one transaction (see the [ledger documentation](super) for what
//! remains). The connection runs with `PRAGMA secure_delete = ON`, so SQLite overwrites the
//! freed bytes with zeros instead of leaving them in free pages; after the commit the
//! write-ahead log, which still holds page images from before, is checkpointed into the file
//! and truncated to zero bytes (`PRAGMA wal_checkpoint(TRUNCATE)`). When another connection is
//! reading at that moment the truncation cannot finish: [`ErasureReport::scrubbed`] is then
//! `false`, and [`SqliteLedger::scrub`] should be called again later. Below SQLite, file systems
//! and SSDs may keep copies of freed blocks: store the ledger on an encrypted volume.

use super::{
    check_agreement, describe, ChainChecker, CheckReport, ErasureReport, Ledger, NewRevision, Row,
    StoredAgreement, StoredRevision, Tamper, AGREEMENTS_RECORD,
};
use crate::{Error, Result};
use govblocks_core::digest::ContentDigest;
use rusqlite::types::ValueRef;
use rusqlite::{
    params, Connection, ErrorCode, OpenFlags, OptionalExtension, Transaction, TransactionBehavior,
};
use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// The ledger's `PRAGMA application_id`: `"GBCL"` (govblocks consent ledger).
pub const APPLICATION_ID: i64 = 0x4742_434C;

/// The schema version this crate writes and reads (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 1;

const SCHEMA: &str = "
CREATE TABLE records (
    record        TEXT    NOT NULL PRIMARY KEY,
    principal     TEXT,
    head_sequence INTEGER NOT NULL CHECK (head_sequence >= 0),
    head_digest   BLOB    NOT NULL CHECK (length(head_digest) = 32),
    erased        INTEGER NOT NULL DEFAULT 0 CHECK (erased IN (0, 1)),
    CHECK ((erased = 0) = (principal IS NOT NULL))
) STRICT;
CREATE INDEX records_principal ON records (principal) WHERE principal IS NOT NULL;
CREATE TABLE revisions (
    record      TEXT    NOT NULL REFERENCES records (record),
    sequence    INTEGER NOT NULL CHECK (sequence >= 0),
    digest      BLOB    NOT NULL CHECK (length(digest) = 32),
    predecessor BLOB    CHECK (predecessor IS NULL OR length(predecessor) = 32),
    document    BLOB,
    UNIQUE (record, sequence)
) STRICT;
CREATE TABLE agreements (
    position INTEGER NOT NULL PRIMARY KEY CHECK (position >= 0),
    digest   BLOB    NOT NULL UNIQUE CHECK (length(digest) = 32),
    document BLOB    NOT NULL
) STRICT;
";

const TRIGGERS: &str = "
CREATE TRIGGER IF NOT EXISTS revisions_append_only BEFORE DELETE ON revisions
BEGIN SELECT RAISE(ABORT, 'consent ledger: revisions are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS revisions_erase_only BEFORE UPDATE ON revisions
WHEN NEW.record IS NOT OLD.record OR NEW.sequence IS NOT OLD.sequence
  OR NEW.digest IS NOT OLD.digest OR NEW.predecessor IS NOT OLD.predecessor
  OR NEW.document IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'consent ledger: revisions are never changed, only erased'); END;
CREATE TRIGGER IF NOT EXISTS records_append_only BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'consent ledger: records are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS records_forward_only BEFORE UPDATE ON records
WHEN NEW.record IS NOT OLD.record OR NEW.head_sequence < OLD.head_sequence
  OR (OLD.erased = 1 AND (NEW.erased = 0 OR NEW.head_sequence IS NOT OLD.head_sequence))
  OR (NEW.principal IS NOT OLD.principal AND NEW.principal IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'consent ledger: heads only move forward, erasure is final'); END;
CREATE TRIGGER IF NOT EXISTS agreements_append_only BEFORE DELETE ON agreements
BEGIN SELECT RAISE(ABORT, 'consent ledger: agreements are never deleted'); END;
CREATE TRIGGER IF NOT EXISTS agreements_never_changed BEFORE UPDATE ON agreements
BEGIN SELECT RAISE(ABORT, 'consent ledger: agreements are never changed'); END;
";

const TRIGGER_COUNT: i64 = 6;

/// How hard SQLite pushes each commit to the disk (`PRAGMA synchronous`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Synchronous {
    /// `FULL`: every commit is synced before it is acknowledged; survives power loss.
    #[default]
    Full,
    /// `NORMAL`: commits are synced at checkpoints only; survives a process crash, but a power
    /// loss or OS crash may lose the latest acknowledged commits (the file stays consistent).
    Normal,
}

/// What [`SqliteLedger::open_with`] checks before returning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpenCheck {
    /// [`Ledger::check`]: every revision hashed and linked. Reads the whole file.
    #[default]
    Full,
    /// [`SqliteLedger::check_heads`]: every record's head revision hashed and its chain counted
    /// (through the index, without reading the other documents); a record that looks wrong is
    /// then checked in full. A change to a revision below the head is only found by
    /// [`Ledger::check`], which the operator should then run on a schedule.
    Heads,
}

/// Options of [`SqliteLedger::open_with`]; the [`Default`] is what [`SqliteLedger::open`] uses.
#[derive(Clone, Debug)]
pub struct SqliteOptions {
    synchronous: Synchronous,
    busy_timeout: Duration,
    open_check: OpenCheck,
}

impl Default for SqliteOptions {
    fn default() -> Self {
        Self {
            synchronous: Synchronous::Full,
            busy_timeout: Duration::from_secs(5),
            open_check: OpenCheck::Full,
        }
    }
}

impl SqliteOptions {
    /// The durability of each commit (default [`Synchronous::Full`]; see the [module
    /// documentation](self#durability)).
    #[must_use]
    pub fn with_synchronous(mut self, synchronous: Synchronous) -> Self {
        self.synchronous = synchronous;
        self
    }

    /// How long a writer waits for another connection's write lock before failing with
    /// `consent.ledger_busy` (default 5 s).
    #[must_use]
    pub fn with_busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// What opening checks (default [`OpenCheck::Full`]).
    #[must_use]
    pub fn with_open_check(mut self, check: OpenCheck) -> Self {
        self.open_check = check;
        self
    }
}

/// A [`Ledger`] in a SQLite file (see the [module documentation](self)).
#[derive(Debug)]
pub struct SqliteLedger {
    connection: Mutex<Connection>,
    path: PathBuf,
}

/// Maps SQLite's errors to the crate's, naming what the ledger was doing.
trait Sql<T> {
    fn or_storage(self, operation: &'static str) -> Result<T>;
}

impl<T> Sql<T> for rusqlite::Result<T> {
    fn or_storage(self, operation: &'static str) -> Result<T> {
        self.map_err(|e| storage_error(&e, operation))
    }
}

fn storage_error(e: &rusqlite::Error, operation: &'static str) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => {
            Error::LedgerBusy { operation }
        }
        _ => Error::LedgerStorage {
            operation,
            message: e.to_string(),
        },
    }
}

/// What kind of file [`SqliteLedger::open_with`] found.
enum Found {
    /// An empty database: becomes a new ledger.
    Empty,
    /// A ledger of our schema version.
    Ledger,
}

impl SqliteLedger {
    /// Opens (or creates) the ledger at `path` with the default [`SqliteOptions`]: durable
    /// commits, a 5 s busy timeout, and a full [`check`](Ledger::check).
    ///
    /// Errors: `consent.ledger_invalid`, `consent.ledger_version`, `consent.ledger_tampered`,
    /// `consent.ledger_busy`, `consent.ledger_storage`.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, SqliteOptions::default())
    }

    /// Opens (or creates) the ledger at `path` with `options`. A file that is not a ledger is
    /// refused before anything is written to it.
    ///
    /// Errors: as [`open`](Self::open).
    pub fn open_with(path: impl AsRef<Path>, options: SqliteOptions) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(&path, flags).or_storage("opening the file")?;
        conn.busy_timeout(options.busy_timeout)
            .or_storage("setting the busy timeout")?;
        let found = identify(&conn, &path)?;
        // Only now that the file is known to be ours (or empty) may anything be written to it.
        let mode: String = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get(0))
            .or_storage("switching to WAL")?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(Error::LedgerStorage {
                operation: "switching to WAL",
                message: format!("SQLite kept journal mode {mode:?}"),
            });
        }
        let synchronous = match options.synchronous {
            Synchronous::Full => "FULL",
            Synchronous::Normal => "NORMAL",
        };
        conn.pragma_update(None, "synchronous", synchronous)
            .or_storage("setting synchronous")?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .or_storage("enabling foreign keys")?;
        let secure: i64 = conn
            .pragma_update_and_check(None, "secure_delete", "ON", |row| row.get(0))
            .or_storage("enabling secure_delete")?;
        if secure != 1 {
            return Err(Error::LedgerStorage {
                operation: "enabling secure_delete",
                message: "SQLite refused secure_delete".to_owned(),
            });
        }
        if let Found::Empty = found {
            create(&mut conn, &path)?;
        }
        let triggers: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN \
                 ('revisions_append_only', 'revisions_erase_only', 'records_append_only', \
                  'records_forward_only', 'agreements_append_only', 'agreements_never_changed')",
                [],
                |row| row.get(0),
            )
            .or_storage("reading the schema")?;
        if triggers != TRIGGER_COUNT {
            conn.execute_batch(TRIGGERS)
                .or_storage("restoring the triggers")?;
        }
        let ledger = Self {
            connection: Mutex::new(conn),
            path,
        };
        match options.open_check {
            OpenCheck::Full => ledger.check()?,
            OpenCheck::Heads => ledger.check_heads()?,
        };
        Ok(ledger)
    }

    /// The file this ledger was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while the lock was held rolled its transaction back (rusqlite's `Transaction`
        // rolls back on drop), so the connection is usable.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Checkpoints the write-ahead log into the file and truncates it to zero bytes, so that no
    /// page image from before an erasure is left in it. Returns `false` when another connection
    /// was reading and the log could not be truncated within the busy timeout (call again
    /// later).
    ///
    /// Errors: storage errors.
    pub fn scrub(&self) -> Result<bool> {
        scrub(&self.lock())
    }

    /// The cheaper check of [`OpenCheck::Heads`]: for every record, the head revision's digest
    /// is recomputed and matches the recorded head, and the chain holds exactly
    /// `head_sequence + 1` revisions, the last at the head; a record failing this is checked in
    /// full to name the first wrong revision. Revisions below the head are not hashed; every
    /// stored agreement is.
    ///
    /// Errors: `consent.ledger_tampered`; storage errors.
    pub fn check_heads(&self) -> Result<CheckReport> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("checking")?;
        let mut report = CheckReport {
            agreements: read_agreements(&tx, "checking")?
                .len()
                .try_into()
                .unwrap_or(u64::MAX),
            ..CheckReport::default()
        };
        {
            let mut heads = tx
                .prepare("SELECT record, head_sequence, head_digest, erased FROM records")
                .or_storage("checking")?;
            let mut rows = heads.query([]).or_storage("checking")?;
            while let Some(row) = rows.next().or_storage("checking")? {
                let head = read_head(row)?;
                let (count, max): (i64, Option<i64>) = tx
                    .prepare_cached(
                        "SELECT count(*), max(sequence) FROM revisions WHERE record = ?1",
                    )
                    .and_then(|mut s| s.query_row([&head.record], |r| Ok((r.get(0)?, r.get(1)?))))
                    .or_storage("checking")?;
                let mut ok = u64::try_from(count).ok() == Some(head.sequence.saturating_add(1))
                    && max.and_then(|m| u64::try_from(m).ok()) == Some(head.sequence);
                if ok {
                    let mut stmt = tx
                        .prepare_cached(
                            "SELECT sequence, digest, predecessor, document FROM revisions \
                             WHERE record = ?1 AND sequence = ?2",
                        )
                        .or_storage("checking")?;
                    let mut revs = stmt
                        .query(params![head.record, to_sql_sequence(head.sequence)?])
                        .or_storage("checking")?;
                    ok = match revs.next().or_storage("checking")? {
                        Some(r) => {
                            let rev = read_row(r, &head.record, head.sequence)?;
                            rev.digest == head.digest
                                && match (rev.document, head.erased) {
                                    (Some(bytes), false) => {
                                        ContentDigest::of_bytes(bytes) == rev.digest
                                    }
                                    (None, true) => true,
                                    _ => false,
                                }
                        }
                        None => false,
                    };
                }
                let (revisions, tombstones) = if ok {
                    let n = head.sequence.saturating_add(1);
                    (n, if head.erased { n } else { 0 })
                } else {
                    check_chain(&tx, &head)?
                };
                report.records = report.records.saturating_add(1);
                report.revisions = report.revisions.saturating_add(revisions);
                report.tombstones = report.tombstones.saturating_add(tombstones);
            }
        }
        tx.finish().or_storage("checking")?;
        Ok(report)
    }
}

/// Reads the file's identity without writing anything.
fn identify(conn: &Connection, path: &Path) -> Result<Found> {
    let invalid = |reason: &str| Error::LedgerInvalid {
        path: path.display().to_string(),
        reason: reason.to_owned(),
    };
    let application_id: i64 = match conn.query_row("PRAGMA application_id", [], |r| r.get(0)) {
        Ok(id) => id,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            return Err(invalid("not a SQLite database"));
        }
        Err(e) => return Err(storage_error(&e, "reading the file header")),
    };
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .or_storage("reading the file header")?;
    let objects: i64 = conn
        .query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
        .or_storage("reading the schema")?;
    if application_id == 0 && version == 0 && objects == 0 {
        return Ok(Found::Empty);
    }
    if application_id != APPLICATION_ID {
        return Err(invalid(&format!(
            "a SQLite database of another application (application_id {application_id:#x})"
        )));
    }
    if version > SCHEMA_VERSION {
        return Err(Error::LedgerVersion {
            found: version,
            supported: SCHEMA_VERSION,
        });
    }
    if version < 1 {
        return Err(invalid("a ledger without a schema version"));
    }
    let tables: i64 = conn
        .query_row(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' \
             AND name IN ('records', 'revisions', 'agreements')",
            [],
            |r| r.get(0),
        )
        .or_storage("reading the schema")?;
    if tables != 3 {
        return Err(invalid("the ledger's tables are missing"));
    }
    Ok(Found::Ledger)
}

/// Creates the schema in an empty file (unless another process just did).
fn create(conn: &mut Connection, path: &Path) -> Result<()> {
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .or_storage("creating the ledger")?;
    if let Found::Empty = identify(&tx, path)? {
        tx.execute_batch(SCHEMA).or_storage("creating the ledger")?;
        tx.execute_batch(TRIGGERS)
            .or_storage("creating the ledger")?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)
            .or_storage("creating the ledger")?;
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)
            .or_storage("creating the ledger")?;
    }
    tx.commit().or_storage("creating the ledger")
}

fn scrub(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .or_storage("truncating the write-ahead log")?;
    Ok(busy == 0)
}

fn to_sql_sequence(sequence: u64) -> Result<i64> {
    i64::try_from(sequence).map_err(|_| Error::LedgerStorage {
        operation: "appending",
        message: "sequence number out of range".to_owned(),
    })
}

fn sequence_of(value: ValueRef<'_>) -> Option<u64> {
    match value {
        ValueRef::Integer(i) => u64::try_from(i).ok(),
        _ => None,
    }
}

fn digest_of(value: ValueRef<'_>) -> Option<ContentDigest> {
    match value {
        ValueRef::Blob(b) => <[u8; 32]>::try_from(b).ok().map(ContentDigest::from_bytes),
        _ => None,
    }
}

/// A `records` row.
struct Head {
    record: String,
    sequence: u64,
    digest: ContentDigest,
    erased: bool,
}

fn read_head(row: &rusqlite::Row<'_>) -> Result<Head> {
    let record = match row.get_ref(0).or_storage("reading a record")? {
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => {
            return Err(Error::LedgerTampered {
                record: String::new(),
                sequence: 0,
                tamper: Tamper::Malformed,
            })
        }
    };
    let malformed = |sequence| Error::LedgerTampered {
        record: record.clone(),
        sequence,
        tamper: Tamper::Malformed,
    };
    let sequence =
        sequence_of(row.get_ref(1).or_storage("reading a record")?).ok_or_else(|| malformed(0))?;
    let digest = digest_of(row.get_ref(2).or_storage("reading a record")?)
        .ok_or_else(|| malformed(sequence))?;
    let erased = match row.get_ref(3).or_storage("reading a record")? {
        ValueRef::Integer(0) => false,
        ValueRef::Integer(1) => true,
        _ => return Err(malformed(sequence)),
    };
    Ok(Head {
        record,
        sequence,
        digest,
        erased,
    })
}

/// Reads a `revisions` row (`sequence, digest, predecessor, document`), borrowing the document.
/// `expected` is the sequence reported when the sequence itself is unreadable.
fn read_row<'r>(row: &'r rusqlite::Row<'_>, record: &str, expected: u64) -> Result<Row<'r>> {
    let malformed = |sequence| Error::LedgerTampered {
        record: record.to_owned(),
        sequence,
        tamper: Tamper::Malformed,
    };
    let sequence = sequence_of(row.get_ref(0).or_storage("reading a revision")?)
        .ok_or_else(|| malformed(expected))?;
    let digest = digest_of(row.get_ref(1).or_storage("reading a revision")?)
        .ok_or_else(|| malformed(sequence))?;
    let predecessor = match row.get_ref(2).or_storage("reading a revision")? {
        ValueRef::Null => None,
        v => Some(digest_of(v).ok_or_else(|| malformed(sequence))?),
    };
    let document = match row.get_ref(3).or_storage("reading a revision")? {
        ValueRef::Null => None,
        ValueRef::Blob(b) => Some(b),
        _ => return Err(malformed(sequence)),
    };
    Ok(Row {
        sequence,
        digest,
        predecessor,
        document,
    })
}

fn owned(record: &str, row: &Row<'_>) -> StoredRevision {
    StoredRevision {
        record: record.to_owned(),
        sequence: row.sequence,
        digest: row.digest,
        predecessor: row.predecessor,
        document: row.document.map(<[u8]>::to_vec),
    }
}

/// The `records` row of `record`, if any.
fn find_head(conn: &Connection, record: &str) -> Result<Option<Head>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT record, head_sequence, head_digest, erased FROM records WHERE record = ?1",
        )
        .or_storage("reading")?;
    let mut rows = stmt.query([record]).or_storage("reading")?;
    match rows.next().or_storage("reading")? {
        Some(row) => read_head(row).map(Some),
        None => Ok(None),
    }
}

/// Checks one record's whole chain; returns (revisions, tombstones).
fn check_chain(conn: &Connection, head: &Head) -> Result<(u64, u64)> {
    let mut checker = ChainChecker::new(&head.record, head.erased, head.sequence);
    let mut stmt = conn
        .prepare_cached(
            "SELECT sequence, digest, predecessor, document FROM revisions \
             WHERE record = ?1 ORDER BY sequence",
        )
        .or_storage("checking")?;
    let mut rows = stmt.query([&head.record]).or_storage("checking")?;
    let mut expected = 0u64;
    while let Some(row) = rows.next().or_storage("checking")? {
        let row = read_row(row, &head.record, expected)?;
        checker.row(&row)?;
        expected = row.sequence.saturating_add(1);
    }
    checker.finish(head.digest)
}

/// The record's row as an append sees it.
struct Current {
    sequence: u64,
    digest: ContentDigest,
    erased: bool,
    principal: Option<String>,
}

fn append_in(tx: &Transaction<'_>, revision: NewRevision) -> Result<StoredRevision> {
    const OP: &str = "appending";
    let current = {
        let mut stmt = tx
            .prepare_cached(
                "SELECT record, head_sequence, head_digest, erased, principal FROM records \
                 WHERE record = ?1",
            )
            .or_storage(OP)?;
        let mut rows = stmt.query([&revision.record]).or_storage(OP)?;
        match rows.next().or_storage(OP)? {
            Some(row) => {
                let head = read_head(row)?;
                let principal = row.get::<_, Option<String>>(4).or_storage(OP)?;
                Some(Current {
                    sequence: head.sequence,
                    digest: head.digest,
                    erased: head.erased,
                    principal,
                })
            }
            None => None,
        }
    };
    if current.as_ref().is_some_and(|c| c.erased) {
        return Err(Error::LedgerErased {
            record: revision.record,
        });
    }
    let head = current.as_ref().map(|c| c.digest);
    if head != revision.predecessor {
        return Err(Error::Conflict {
            record: revision.record,
            expected: describe(revision.predecessor.as_ref()),
            found: describe(head.as_ref()),
        });
    }
    if current
        .as_ref()
        .is_some_and(|c| c.principal.as_deref() != Some(revision.principal.as_str()))
    {
        return Err(Error::LedgerPrincipalMismatch {
            record: revision.record,
        });
    }
    let sequence = current.map_or(0, |c| c.sequence.saturating_add(1));
    let digest = revision.digest();
    let sql_sequence = to_sql_sequence(sequence)?;
    if sequence == 0 {
        tx.prepare_cached(
            "INSERT INTO records (record, principal, head_sequence, head_digest) \
             VALUES (?1, ?2, 0, ?3)",
        )
        .and_then(|mut s| {
            s.execute(params![
                revision.record,
                revision.principal,
                digest.as_bytes()
            ])
        })
        .or_storage(OP)?;
    } else {
        tx.prepare_cached(
            "UPDATE records SET head_sequence = ?2, head_digest = ?3 WHERE record = ?1",
        )
        .and_then(|mut s| s.execute(params![revision.record, sql_sequence, digest.as_bytes()]))
        .or_storage(OP)?;
    }
    let inserted = tx
        .prepare_cached(
            "INSERT INTO revisions (record, sequence, digest, predecessor, document) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut s| {
            s.execute(params![
                revision.record,
                sql_sequence,
                digest.as_bytes(),
                revision.predecessor.as_ref().map(|d| d.as_bytes()),
                revision.document,
            ])
        });
    match inserted {
        Ok(_) => {}
        // The head said this place was free but a revision is already there: the head was
        // moved back behind the ledger's back. The UNIQUE constraint keeps the chain intact.
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            return Err(Error::LedgerTampered {
                record: revision.record,
                sequence,
                tamper: Tamper::BeyondHead,
            });
        }
        Err(e) => return Err(storage_error(&e, OP)),
    }
    Ok(StoredRevision {
        record: revision.record,
        sequence,
        digest,
        predecessor: revision.predecessor,
        document: Some(revision.document),
    })
}

/// Every stored agreement in order of position, each checked against its digest.
fn read_agreements(conn: &Connection, operation: &'static str) -> Result<Vec<StoredAgreement>> {
    let mut stmt = conn
        .prepare_cached("SELECT position, digest, document FROM agreements ORDER BY position")
        .or_storage(operation)?;
    let mut rows = stmt.query([]).or_storage(operation)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().or_storage(operation)? {
        let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
        let malformed = || Error::LedgerTampered {
            record: AGREEMENTS_RECORD.to_owned(),
            sequence: expected,
            tamper: Tamper::Malformed,
        };
        let position = sequence_of(row.get_ref(0).or_storage(operation)?).ok_or_else(malformed)?;
        let digest = digest_of(row.get_ref(1).or_storage(operation)?).ok_or_else(malformed)?;
        let document = match row.get_ref(2).or_storage(operation)? {
            ValueRef::Blob(b) => b,
            _ => return Err(malformed()),
        };
        check_agreement(expected, position, &digest, document)?;
        out.push(StoredAgreement {
            position,
            digest,
            document: document.to_vec(),
        });
    }
    Ok(out)
}

impl Ledger for SqliteLedger {
    fn put_agreement(&self, document: Vec<u8>) -> Result<ContentDigest> {
        const OP: &str = "storing an agreement";
        let digest = ContentDigest::of_bytes(&document);
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage(OP)?;
        let known: Option<i64> = tx
            .query_row(
                "SELECT position FROM agreements WHERE digest = ?1",
                [digest.as_bytes()],
                |r| r.get(0),
            )
            .optional()
            .or_storage(OP)?;
        if known.is_none() {
            tx.execute(
                "INSERT INTO agreements (position, digest, document) \
                 VALUES ((SELECT coalesce(max(position) + 1, 0) FROM agreements), ?1, ?2)",
                params![digest.as_bytes(), document],
            )
            .or_storage(OP)?;
        }
        tx.commit().or_storage(OP)?;
        Ok(digest)
    }

    fn agreements(&self) -> Result<Vec<StoredAgreement>> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("reading")?;
        let out = read_agreements(&tx, "reading")?;
        tx.finish().or_storage("reading")?;
        Ok(out)
    }

    fn append(&self, revision: NewRevision) -> Result<StoredRevision> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage("appending")?;
        let stored = append_in(&tx, revision)?;
        tx.commit().or_storage("committing")?;
        Ok(stored)
    }

    fn append_many(&self, revisions: Vec<NewRevision>) -> Result<Vec<StoredRevision>> {
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage("appending")?;
        let mut out = Vec::with_capacity(revisions.len());
        for revision in revisions {
            // On error the transaction is dropped, which rolls every earlier insert back.
            out.push(append_in(&tx, revision)?);
        }
        tx.commit().or_storage("committing")?;
        Ok(out)
    }

    fn head(&self, record: &str) -> Result<Option<StoredRevision>> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("reading")?;
        let Some(head) = find_head(&tx, record)? else {
            return Ok(None);
        };
        let stored = {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT sequence, digest, predecessor, document FROM revisions \
                     WHERE record = ?1 AND sequence = ?2",
                )
                .or_storage("reading")?;
            let mut rows = stmt
                .query(params![record, to_sql_sequence(head.sequence)?])
                .or_storage("reading")?;
            let tampered = |tamper| Error::LedgerTampered {
                record: record.to_owned(),
                sequence: head.sequence,
                tamper,
            };
            let Some(row) = rows.next().or_storage("reading")? else {
                return Err(tampered(Tamper::Missing));
            };
            let row = read_row(row, record, head.sequence)?;
            match (row.document, head.erased) {
                (Some(bytes), false) if ContentDigest::of_bytes(bytes) != row.digest => {
                    return Err(tampered(Tamper::DigestMismatch))
                }
                (None, false) => return Err(tampered(Tamper::DocumentMissing)),
                (Some(_), true) => return Err(tampered(Tamper::DocumentPresent)),
                _ => {}
            }
            if row.digest != head.digest {
                return Err(tampered(Tamper::HeadMismatch));
            }
            owned(record, &row)
        };
        tx.finish().or_storage("reading")?;
        Ok(Some(stored))
    }

    fn revisions(&self, record: &str) -> Result<Vec<StoredRevision>> {
        let mut conn = self.lock();
        // One snapshot for the head and the chain; the chain is checked as it is read.
        let tx = conn.transaction().or_storage("reading")?;
        let head = find_head(&tx, record)?;
        let mut out = Vec::new();
        {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT sequence, digest, predecessor, document FROM revisions \
                     WHERE record = ?1 ORDER BY sequence",
                )
                .or_storage("reading")?;
            let mut rows = stmt.query([record]).or_storage("reading")?;
            let mut checker = head
                .as_ref()
                .map(|h| ChainChecker::new(record, h.erased, h.sequence));
            while let Some(row) = rows.next().or_storage("reading")? {
                let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
                let row = read_row(row, record, expected)?;
                match checker.as_mut() {
                    Some(checker) => checker.row(&row)?,
                    None => {
                        return Err(Error::LedgerTampered {
                            record: record.to_owned(),
                            sequence: row.sequence,
                            tamper: Tamper::Orphan,
                        })
                    }
                }
                out.push(owned(record, &row));
            }
            if let (Some(checker), Some(head)) = (checker, head) {
                checker.finish(head.digest)?;
            }
        }
        tx.finish().or_storage("reading")?;
        Ok(out)
    }

    fn records(&self) -> Result<Vec<String>> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT record FROM records")
            .or_storage("reading")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .or_storage("reading")?;
        Ok(ids)
    }

    fn records_of(&self, principal: &str) -> Result<Vec<String>> {
        let conn = self.lock();
        let mut stmt = conn
            .prepare_cached("SELECT record FROM records WHERE principal = ?1 ORDER BY record")
            .or_storage("reading")?;
        let ids = stmt
            .query_map([principal], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            .or_storage("reading")?;
        Ok(ids)
    }

    fn erase_principal(&self, principal: &str) -> Result<ErasureReport> {
        const OP: &str = "erasing";
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage(OP)?;
        let records = tx
            .prepare_cached("SELECT record FROM records WHERE principal = ?1 ORDER BY record")
            .and_then(|mut s| {
                s.query_map([principal], |r| r.get::<_, String>(0))
                    .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
            })
            .or_storage(OP)?;
        let mut revisions = 0u64;
        for record in &records {
            let changed = tx
                .prepare_cached(
                    "UPDATE revisions SET document = NULL \
                     WHERE record = ?1 AND document IS NOT NULL",
                )
                .and_then(|mut s| s.execute([record]))
                .or_storage(OP)?;
            revisions = revisions.saturating_add(u64::try_from(changed).unwrap_or(u64::MAX));
        }
        tx.prepare_cached("UPDATE records SET principal = NULL, erased = 1 WHERE principal = ?1")
            .and_then(|mut s| s.execute([principal]))
            .or_storage(OP)?;
        tx.commit().or_storage(OP)?;
        let scrubbed = scrub(&conn)?;
        Ok(ErasureReport {
            records,
            revisions,
            scrubbed,
        })
    }

    fn check(&self) -> Result<CheckReport> {
        let mut conn = self.lock();
        // One read transaction: one snapshot, whatever other connections write meanwhile.
        let tx = conn.transaction().or_storage("checking")?;
        let mut report = CheckReport {
            agreements: read_agreements(&tx, "checking")?
                .len()
                .try_into()
                .unwrap_or(u64::MAX),
            ..CheckReport::default()
        };
        {
            let orphan: Option<(String, i64)> = tx
                .query_row(
                    "SELECT v.record, v.sequence FROM revisions v \
                     WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.record = v.record) \
                     ORDER BY v.record, v.sequence LIMIT 1",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .optional()
                .or_storage("checking")?;
            if let Some((record, sequence)) = orphan {
                return Err(Error::LedgerTampered {
                    record,
                    sequence: u64::try_from(sequence).unwrap_or(0),
                    tamper: Tamper::Orphan,
                });
            }
            let mut heads = tx
                .prepare(
                    "SELECT record, head_sequence, head_digest, erased FROM records \
                     ORDER BY record",
                )
                .or_storage("checking")?;
            let mut rows = heads.query([]).or_storage("checking")?;
            while let Some(row) = rows.next().or_storage("checking")? {
                let head = read_head(row)?;
                let (revisions, tombstones) = check_chain(&tx, &head)?;
                report.records = report.records.saturating_add(1);
                report.revisions = report.revisions.saturating_add(revisions);
                report.tombstones = report.tombstones.saturating_add(tombstones);
            }
        }
        tx.finish().or_storage("checking")?;
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pragmas(ledger: &SqliteLedger) -> (String, i64, i64, i64, i64) {
        let conn = ledger.lock();
        let get =
            |name: &str| -> i64 { conn.pragma_query_value(None, name, |r| r.get(0)).unwrap() };
        let mode: String = conn
            .pragma_query_value(None, "journal_mode", |r| r.get(0))
            .unwrap();
        (
            mode,
            get("synchronous"),
            get("foreign_keys"),
            get("secure_delete"),
            get("busy_timeout"),
        )
    }

    #[test]
    fn the_connection_runs_with_the_documented_settings() {
        let dir =
            std::env::temp_dir().join(format!("govblocks-ledger-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("unit.ledger");
        let ledger = SqliteLedger::open(&path).unwrap();
        // synchronous: 2 = FULL, 1 = NORMAL.
        assert_eq!(pragmas(&ledger), ("wal".to_owned(), 2, 1, 1, 5000));
        drop(ledger);
        let options = SqliteOptions::default()
            .with_synchronous(Synchronous::Normal)
            .with_busy_timeout(Duration::from_millis(250));
        let ledger = SqliteLedger::open_with(&path, options).unwrap();
        assert_eq!(pragmas(&ledger), ("wal".to_owned(), 1, 1, 1, 250));
        drop(ledger);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
