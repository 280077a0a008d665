//! The embedded default log: one SQLite file (bundled SQLite, nothing to install; feature
//! `sqlite`), opened through [`crate::sqlite_file`].
//!
//! ```no_run
//! use govblocks_store::log::sqlite::{file_kind, SqliteLog, SqliteLogOptions};
//! use govblocks_store::log::{Log, NewEntry};
//! const KIND: govblocks_store::sqlite_file::FileKind = file_kind("example log", 0x4558_4C47);
//! let log = SqliteLog::open("example.log", &KIND, SqliteLogOptions::default())?; // checks
//! let first = log.append(NewEntry::new("stream-1", None, br#"{"n":1}"#.to_vec()))?;
//! assert_eq!(first.sequence, 0);
//! # Ok::<(), govblocks_store::Error>(())
//! ```
//!
//! # Storage format (schema version 1)
//!
//! The file is marked with the block's `PRAGMA application_id` (consent: `0x4742434C`,
//! `"GBCL"`) and `PRAGMA user_version = 1`. The format is the consent ledger's of govblocks
//! 0.1.0, so its files open unchanged; the table and column names are consent's words
//! (`records` are streams, `revisions` entries, `principal` the subject, `agreements` the side
//! table). All tables are `STRICT`.
//!
//! `records`, one row per stream:
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `record` | TEXT, primary key | the stream id |
//! | `principal` | TEXT, NULL once erased | the subject (indexed; `''` for a log without subjects) |
//! | `head_sequence` | INTEGER ≥ 0 | sequence number of the last entry |
//! | `head_digest` | BLOB, 32 bytes | digest of the last entry |
//! | `erased` | INTEGER 0 or 1 | 1 once the stream is a tombstone |
//!
//! `revisions`, one row per entry, `UNIQUE (record, sequence)`, `record` a foreign key to
//! `records`:
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `record` | TEXT | the stream id |
//! | `sequence` | INTEGER ≥ 0 | position in the chain, from 0 without gaps |
//! | `digest` | BLOB, 32 bytes | SHA-256 of `document` |
//! | `predecessor` | BLOB, 32 bytes, or NULL | digest of the entry before (NULL for 0) |
//! | `document` | BLOB, NULL once erased | the canonical bytes of the signed document |
//!
//! `agreements`, the side table ([`Log::put_cited`]):
//!
//! | column | type | |
//! | --- | --- | --- |
//! | `position` | INTEGER ≥ 0, primary key | the order of storage, from 0 without gaps |
//! | `digest` | BLOB, 32 bytes, unique | SHA-256 of `document` |
//! | `document` | BLOB | the canonical bytes |
//!
//! Triggers refuse, as a second line of defence, any `DELETE` of any table, any `UPDATE` of a
//! side-table document, any `UPDATE` of an entry other than setting its document to NULL,
//! moving a head backwards, changing a subject and reviving an erased stream. They stop
//! mistakes, not an attacker (who can drop them): tamper detection does not rely on them, and
//! a read-write open puts back any that are missing.
//!
//! # The subject index
//!
//! The `principal` column is an index, not a source of truth: [`Log::check`] reads the subject
//! out of every stored document with the block's hook and compares ([`Tamper::SubjectMismatch`]),
//! the heads check ([`OpenCheck::Heads`]) does so for every head document, [`Log::head`] for the
//! one it returns, and [`Log::erase_subject`] finds a person's streams from the head documents
//! themselves (reading every live stream's head document once, in the erasing transaction), so
//! a changed column neither hides a person's streams from erasure nor exposes another's.
//!
//! # Durability
//!
//! WAL, and with [`Synchronous::Full`](crate::sqlite_file::Synchronous::Full), the default,
//! every commit is `fsync`ed before [`Log::append`] returns: an acknowledged entry survives a
//! crash of the process, of the operating system and a power cut (on storage that honours
//! `fsync`). Each append is one transaction, so an entry is never half-written; the crash
//! tests kill a writer with SIGKILL at random points, many times, and check this.
//! [`Synchronous::Normal`](crate::sqlite_file::Synchronous::Normal) skips the `fsync` of each
//! commit: faster, still atomic, but a machine crash can lose the latest acknowledged entries.
//! [`Log::append_many`] is the other way to go faster: one transaction, one `fsync`.
//!
//! # Concurrency
//!
//! One [`SqliteLog`] holds one connection behind a mutex, so threads sharing it take turns.
//! Several logs (in one process or in many) may open the same file: WAL lets readers proceed
//! while one writer writes. Every append runs in one `BEGIN IMMEDIATE` transaction — take the
//! write lock, check that the stream's head is the entry's predecessor, insert, move the head,
//! commit — so of two writers racing onto the same head exactly one wins and the other gets
//! `store.conflict` with nothing written. A writer that finds the lock taken waits up to the
//! busy timeout before failing with `store.busy`.
//!
//! # Reading only
//!
//! Opened with [`Access::ReadOnly`](crate::sqlite_file::Access::ReadOnly), the log never
//! creates, migrates or writes its file (see [`crate::sqlite_file`]); every writing method
//! fails with `store.read_only`, and the triggers are not put back.
//!
//! # Tamper detection
//!
//! [`SqliteLog::open`] runs [`Log::check`] by default (reads the whole file once; see
//! [`OpenCheck::Heads`] for a cheaper check of very large logs); every side-table document is
//! hashed by either check. The check runs in one read transaction, so concurrent writers do not
//! disturb it. Reads check what they return as well: [`Log::entries`] checks the stream's
//! chain as it reads it, [`Log::head`] the head entry, so a row changed while the log is open
//! is reported, not returned.
//!
//! # Erasure
//!
//! [`Log::erase_subject`] sets the documents of the subject's entries and the stream's subject
//! to NULL in one transaction. The connection runs with `PRAGMA secure_delete = ON`, so SQLite
//! overwrites the freed bytes with zeros instead of leaving them in free pages; after the
//! commit the write-ahead log, which still holds page images from before, is checkpointed into
//! the file and truncated to zero bytes (`PRAGMA wal_checkpoint(TRUNCATE)`). When another
//! connection is reading at that moment the truncation cannot finish:
//! [`ErasureReport::scrubbed`] is then `false`, and [`SqliteLog::scrub`] should be called again
//! later. Below SQLite, file systems and SSDs may keep copies of freed blocks: store the log on
//! an encrypted volume.

use super::{
    check_cited, check_head, conflict, tampered, ChainChecker, CheckReport, CitedDocument,
    ErasureReport, Log, NewEntry, Page, Profile, Row, StoredEntry, Tamper,
};
use crate::error::{Error, Result};
use crate::sqlite_file::{self, storage_error, FileKind, OpenOptions, OrStorage};
use govblocks_core::digest::ContentDigest;
use rusqlite::types::ValueRef;
use rusqlite::{
    params, Connection, ErrorCode, OptionalExtension, Transaction, TransactionBehavior,
};
use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// The tables of every schema version.
pub const TABLES: &[&str] = &["records", "revisions", "agreements"];

/// The triggers, written once: part of schema version 1, and run alone by a read-write open
/// that finds one missing.
macro_rules! triggers {
    () => {
        "
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
"
    };
}

/// The triggers alone (put back by a read-write open when one is missing).
const TRIGGERS: &str = triggers!();

/// Schema version 1 (the consent ledger's of govblocks 0.1.0): the tables, then the triggers.
const SCHEMA_V1: &str = concat!(
    "
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
",
    triggers!()
);

const TRIGGER_COUNT: i64 = 6;

/// The migrations of a log file: `[0]` builds schema version 1.
pub const MIGRATIONS: &[&str] = &[SCHEMA_V1];

/// The [`FileKind`] of a block's log: its name in messages and its `application_id`; the
/// tables and migrations are the log's.
pub const fn file_kind(name: &'static str, application_id: i32) -> FileKind {
    FileKind {
        name,
        application_id,
        tables: TABLES,
        migrations: MIGRATIONS,
    }
}

/// What [`SqliteLog::open`] checks before returning.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum OpenCheck {
    /// [`Log::check`]: every entry hashed, linked and its subject compared. Reads the whole
    /// file.
    #[default]
    Full,
    /// [`SqliteLog::check_heads`]: every stream's head entry hashed and its subject compared,
    /// its chain counted (through the index, without reading the other documents); a stream
    /// that looks wrong is then checked in full. A change to an entry below the head is only
    /// found by [`Log::check`], which the operator should then run on a schedule.
    Heads,
}

/// Options of [`SqliteLog::open`].
#[derive(Clone, Debug, Default)]
pub struct SqliteLogOptions {
    file: OpenOptions,
    open_check: OpenCheck,
    profile: Profile,
}

impl SqliteLogOptions {
    /// How the file is opened (access, durability, busy timeout; see [`crate::sqlite_file`]).
    #[must_use]
    pub fn with_file(mut self, file: OpenOptions) -> Self {
        self.file = file;
        self
    }

    /// What opening checks (default [`OpenCheck::Full`]).
    #[must_use]
    pub fn with_open_check(mut self, check: OpenCheck) -> Self {
        self.open_check = check;
        self
    }

    /// The block's [`Profile`] (its subject hook).
    #[must_use]
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// The file options.
    pub fn file(&self) -> &OpenOptions {
        &self.file
    }
}

/// A [`Log`] in a SQLite file (see the [module documentation](self)).
#[derive(Debug)]
pub struct SqliteLog {
    connection: Mutex<Connection>,
    file: FileMeta,
    profile: Profile,
}

#[derive(Debug)]
struct FileMeta {
    path: std::path::PathBuf,
    read_only: bool,
    immutable: bool,
}

impl SqliteLog {
    /// Opens the log at `path` as `kind` with `options` (by default: creating it when missing,
    /// durable commits, a 5 s busy timeout, and a full [`check`](Log::check)). A file that is
    /// not a log of this kind is refused before anything is written to it.
    ///
    /// Errors: `store.not_found`, `store.invalid`, `store.version`, `store.tampered`,
    /// `store.busy`, `store.storage`.
    pub fn open(
        path: impl AsRef<Path>,
        kind: &FileKind,
        options: SqliteLogOptions,
    ) -> Result<Self> {
        let file = sqlite_file::open(path.as_ref(), kind, options.file)?;
        let read_only = file.is_read_only();
        let meta = FileMeta {
            path: file.path().to_path_buf(),
            read_only,
            immutable: file.is_immutable(),
        };
        let conn = file.connection;
        conn.pragma_update(None, "foreign_keys", "ON")
            .or_storage("enabling foreign keys")?;
        if !read_only {
            let secure: i64 = conn
                .pragma_update_and_check(None, "secure_delete", "ON", |row| row.get(0))
                .or_storage("enabling secure_delete")?;
            if secure != 1 {
                return Err(Error::Storage {
                    operation: "enabling secure_delete",
                    message: "SQLite refused secure_delete".to_owned(),
                });
            }
            let triggers: i64 = conn
                .query_row(
                    "SELECT count(*) FROM sqlite_schema WHERE type = 'trigger' AND name IN \
                     ('revisions_append_only', 'revisions_erase_only', 'records_append_only', \
                      'records_forward_only', 'agreements_append_only', \
                      'agreements_never_changed')",
                    [],
                    |row| row.get(0),
                )
                .or_storage("reading the schema")?;
            if triggers != TRIGGER_COUNT {
                conn.execute_batch(TRIGGERS)
                    .or_storage("restoring the triggers")?;
            }
        }
        let log = Self {
            connection: Mutex::new(conn),
            file: meta,
            profile: options.profile,
        };
        match options.open_check {
            OpenCheck::Full => log.check()?,
            OpenCheck::Heads => log.check_heads()?,
        };
        Ok(log)
    }

    /// The file this log was opened from.
    pub fn path(&self) -> &Path {
        &self.file.path
    }

    /// Whether it was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.file.read_only
    }

    /// Whether the read-only fallback for a directory without `-shm` was taken (see
    /// [`crate::sqlite_file`]).
    pub fn is_immutable(&self) -> bool {
        self.file.immutable
    }

    /// The block's profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn lock(&self) -> MutexGuard<'_, Connection> {
        // A panic while the lock was held rolled its transaction back (rusqlite's `Transaction`
        // rolls back on drop), so the connection is usable.
        self.connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn writable(&self, operation: &'static str) -> Result<()> {
        if self.file.read_only {
            return Err(Error::ReadOnly { operation });
        }
        Ok(())
    }

    /// Checkpoints the write-ahead log into the file and truncates it to zero bytes, so that no
    /// page image from before an erasure is left in it. Returns `false` when another connection
    /// was reading and the log could not be truncated within the busy timeout (call again
    /// later).
    ///
    /// Errors: `store.read_only`; storage errors.
    pub fn scrub(&self) -> Result<bool> {
        self.writable("scrubbing")?;
        scrub(&self.lock())
    }

    /// The cheaper check of [`OpenCheck::Heads`]: for every stream, the head entry's digest is
    /// recomputed and matches the recorded head, its document names the stream's subject, and
    /// the chain holds exactly `head_sequence + 1` entries, the last at the head; a stream
    /// failing this is checked in full to name the first wrong entry. Entries below the head
    /// are not hashed; every side-table document is.
    ///
    /// Errors: `store.tampered`; storage errors.
    pub fn check_heads(&self) -> Result<CheckReport> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("checking")?;
        let mut report = CheckReport {
            cited: read_cited(&tx, &self.profile, "checking")?
                .len()
                .try_into()
                .unwrap_or(u64::MAX),
            ..CheckReport::default()
        };
        {
            let mut heads = tx
                .prepare(&format!("{HEAD_SELECT} ORDER BY record"))
                .or_storage("checking")?;
            let mut rows = heads.query([]).or_storage("checking")?;
            while let Some(row) = rows.next().or_storage("checking")? {
                let head = read_head(row)?;
                let (count, max): (i64, Option<i64>) = tx
                    .prepare_cached(
                        "SELECT count(*), max(sequence) FROM revisions WHERE record = ?1",
                    )
                    .and_then(|mut s| s.query_row([&head.stream], |r| Ok((r.get(0)?, r.get(1)?))))
                    .or_storage("checking")?;
                let mut ok = u64::try_from(count).ok() == Some(head.sequence.saturating_add(1))
                    && max.and_then(|m| u64::try_from(m).ok()) == Some(head.sequence);
                if ok {
                    let mut stmt = tx.prepare_cached(ENTRY_AT).or_storage("checking")?;
                    let mut revs = stmt
                        .query(params![head.stream, to_sql_sequence(head.sequence)?])
                        .or_storage("checking")?;
                    ok = match revs.next().or_storage("checking")? {
                        Some(r) => {
                            let rev = read_row(r, &head.stream, head.sequence)?;
                            check_head(
                                &head.stream,
                                &self.profile,
                                head.subject.as_deref(),
                                head.erased,
                                head.digest,
                                &rev,
                            )
                            .is_ok()
                        }
                        None => false,
                    };
                }
                let (entries, tombstones) = if ok {
                    let n = head.sequence.saturating_add(1);
                    (n, if head.erased { n } else { 0 })
                } else {
                    check_chain(&tx, &self.profile, &head)?
                };
                report.streams = report.streams.saturating_add(1);
                report.entries = report.entries.saturating_add(entries);
                report.tombstones = report.tombstones.saturating_add(tombstones);
            }
        }
        tx.finish().or_storage("checking")?;
        Ok(report)
    }
}

const HEAD_SELECT: &str =
    "SELECT record, head_sequence, head_digest, erased, principal FROM records";
const ENTRY_AT: &str = "SELECT sequence, digest, predecessor, document FROM revisions \
                        WHERE record = ?1 AND sequence = ?2";
const CHAIN: &str = "SELECT sequence, digest, predecessor, document FROM revisions \
                     WHERE record = ?1 ORDER BY sequence";

fn scrub(conn: &Connection) -> Result<bool> {
    let busy: i64 = conn
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))
        .or_storage("truncating the write-ahead log")?;
    Ok(busy == 0)
}

fn to_sql_sequence(sequence: u64) -> Result<i64> {
    i64::try_from(sequence).map_err(|_| Error::Storage {
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
    stream: String,
    sequence: u64,
    digest: ContentDigest,
    erased: bool,
    subject: Option<String>,
}

/// Reads a row of [`HEAD_SELECT`].
fn read_head(row: &rusqlite::Row<'_>) -> Result<Head> {
    const OP: &str = "reading a stream";
    let stream = match row.get_ref(0).or_storage(OP)? {
        ValueRef::Text(t) => String::from_utf8_lossy(t).into_owned(),
        _ => return Err(tampered("", 0, Tamper::Malformed)),
    };
    let malformed = |sequence| tampered(&stream, sequence, Tamper::Malformed);
    let sequence = sequence_of(row.get_ref(1).or_storage(OP)?).ok_or_else(|| malformed(0))?;
    let digest = digest_of(row.get_ref(2).or_storage(OP)?).ok_or_else(|| malformed(sequence))?;
    let erased = match row.get_ref(3).or_storage(OP)? {
        ValueRef::Integer(0) => false,
        ValueRef::Integer(1) => true,
        _ => return Err(malformed(sequence)),
    };
    let subject = match row.get_ref(4).or_storage(OP)? {
        ValueRef::Null => None,
        ValueRef::Text(t) => Some(String::from_utf8_lossy(t).into_owned()),
        _ => return Err(malformed(sequence)),
    };
    Ok(Head {
        stream,
        sequence,
        digest,
        erased,
        subject,
    })
}

/// Reads a `revisions` row (`sequence, digest, predecessor, document`), borrowing the document.
/// `expected` is the sequence reported when the sequence itself is unreadable.
fn read_row<'r>(row: &'r rusqlite::Row<'_>, stream: &str, expected: u64) -> Result<Row<'r>> {
    const OP: &str = "reading an entry";
    let malformed = |sequence| tampered(stream, sequence, Tamper::Malformed);
    let sequence =
        sequence_of(row.get_ref(0).or_storage(OP)?).ok_or_else(|| malformed(expected))?;
    let digest = digest_of(row.get_ref(1).or_storage(OP)?).ok_or_else(|| malformed(sequence))?;
    let predecessor = match row.get_ref(2).or_storage(OP)? {
        ValueRef::Null => None,
        v => Some(digest_of(v).ok_or_else(|| malformed(sequence))?),
    };
    let document = match row.get_ref(3).or_storage(OP)? {
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

fn owned(stream: &str, row: &Row<'_>) -> StoredEntry {
    StoredEntry {
        stream: stream.to_owned(),
        sequence: row.sequence,
        digest: row.digest,
        predecessor: row.predecessor,
        document: row.document.map(<[u8]>::to_vec),
    }
}

/// The `records` row of `stream`, if any.
fn find_head(conn: &Connection, stream: &str) -> Result<Option<Head>> {
    let mut stmt = conn
        .prepare_cached(&format!("{HEAD_SELECT} WHERE record = ?1"))
        .or_storage("reading")?;
    let mut rows = stmt.query([stream]).or_storage("reading")?;
    match rows.next().or_storage("reading")? {
        Some(row) => read_head(row).map(Some),
        None => Ok(None),
    }
}

/// Checks one stream's whole chain; returns (entries, tombstones).
fn check_chain(conn: &Connection, profile: &Profile, head: &Head) -> Result<(u64, u64)> {
    let mut checker = ChainChecker::new(
        &head.stream,
        profile,
        head.subject.as_deref(),
        head.erased,
        head.sequence,
    );
    let mut stmt = conn.prepare_cached(CHAIN).or_storage("checking")?;
    let mut rows = stmt.query([&head.stream]).or_storage("checking")?;
    let mut expected = 0u64;
    while let Some(row) = rows.next().or_storage("checking")? {
        let row = read_row(row, &head.stream, expected)?;
        checker.row(&row)?;
        expected = row.sequence.saturating_add(1);
    }
    checker.finish(head.digest)
}

fn append_in(tx: &Transaction<'_>, profile: &Profile, entry: NewEntry) -> Result<StoredEntry> {
    const OP: &str = "appending";
    let current = find_head(tx, &entry.stream)?;
    if current.as_ref().is_some_and(|c| c.erased) {
        return Err(Error::Erased {
            stream: entry.stream,
        });
    }
    let head = current.as_ref().map(|c| c.digest);
    if head != entry.predecessor {
        return Err(conflict(
            entry.stream,
            entry.predecessor.as_ref(),
            head.as_ref(),
        ));
    }
    let subject = profile.subject_for_append(&entry.stream, &entry.document)?;
    if current
        .as_ref()
        .is_some_and(|c| c.subject.as_deref() != Some(subject.as_str()))
    {
        return Err(Error::SubjectMismatch {
            stream: entry.stream,
            reason: "the document names another subject than the stream's".to_owned(),
        });
    }
    let sequence = current.map_or(0, |c| c.sequence.saturating_add(1));
    let digest = entry.digest();
    let sql_sequence = to_sql_sequence(sequence)?;
    if sequence == 0 {
        tx.prepare_cached(
            "INSERT INTO records (record, principal, head_sequence, head_digest) \
             VALUES (?1, ?2, 0, ?3)",
        )
        .and_then(|mut s| s.execute(params![entry.stream, subject, digest.as_bytes()]))
        .or_storage(OP)?;
    } else {
        tx.prepare_cached(
            "UPDATE records SET head_sequence = ?2, head_digest = ?3 WHERE record = ?1",
        )
        .and_then(|mut s| s.execute(params![entry.stream, sql_sequence, digest.as_bytes()]))
        .or_storage(OP)?;
    }
    let inserted = tx
        .prepare_cached(
            "INSERT INTO revisions (record, sequence, digest, predecessor, document) \
             VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .and_then(|mut s| {
            s.execute(params![
                entry.stream,
                sql_sequence,
                digest.as_bytes(),
                entry.predecessor.as_ref().map(|d| d.as_bytes()),
                entry.document,
            ])
        });
    match inserted {
        Ok(_) => {}
        // The head said this place was free but an entry is already there: the head was moved
        // back behind the log's back. The UNIQUE constraint keeps the chain intact.
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation) => {
            return Err(tampered(&entry.stream, sequence, Tamper::BeyondHead));
        }
        Err(e) => return Err(storage_error(&e, OP)),
    }
    Ok(StoredEntry {
        stream: entry.stream,
        sequence,
        digest,
        predecessor: entry.predecessor,
        document: Some(entry.document),
    })
}

/// Every side-table document in order of position, each checked against its digest.
fn read_cited(
    conn: &Connection,
    profile: &Profile,
    operation: &'static str,
) -> Result<Vec<CitedDocument>> {
    let mut stmt = conn
        .prepare_cached("SELECT position, digest, document FROM agreements ORDER BY position")
        .or_storage(operation)?;
    let mut rows = stmt.query([]).or_storage(operation)?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().or_storage(operation)? {
        let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
        let malformed = || tampered(profile.cited_name(), expected, Tamper::Malformed);
        let position = sequence_of(row.get_ref(0).or_storage(operation)?).ok_or_else(malformed)?;
        let digest = digest_of(row.get_ref(1).or_storage(operation)?).ok_or_else(malformed)?;
        let document = match row.get_ref(2).or_storage(operation)? {
            ValueRef::Blob(b) => b,
            _ => return Err(malformed()),
        };
        check_cited(profile, expected, position, &digest, document)?;
        out.push(CitedDocument {
            position,
            digest,
            document: document.to_vec(),
        });
    }
    Ok(out)
}

/// The head entry of `head`'s stream, checked ([`check_head`]).
fn read_head_entry(conn: &Connection, profile: &Profile, head: &Head) -> Result<StoredEntry> {
    let mut stmt = conn.prepare_cached(ENTRY_AT).or_storage("reading")?;
    let mut rows = stmt
        .query(params![head.stream, to_sql_sequence(head.sequence)?])
        .or_storage("reading")?;
    let Some(row) = rows.next().or_storage("reading")? else {
        return Err(tampered(&head.stream, head.sequence, Tamper::Missing));
    };
    let row = read_row(row, &head.stream, head.sequence)?;
    check_head(
        &head.stream,
        profile,
        head.subject.as_deref(),
        head.erased,
        head.digest,
        &row,
    )?;
    Ok(owned(&head.stream, &row))
}

impl Log for SqliteLog {
    fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest> {
        const OP: &str = "storing a cited document";
        self.writable(OP)?;
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

    fn cited(&self) -> Result<Vec<CitedDocument>> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("reading")?;
        let out = read_cited(&tx, &self.profile, "reading")?;
        tx.finish().or_storage("reading")?;
        Ok(out)
    }

    fn append(&self, entry: NewEntry) -> Result<StoredEntry> {
        self.writable("appending")?;
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage("appending")?;
        let stored = append_in(&tx, &self.profile, entry)?;
        tx.commit().or_storage("committing")?;
        Ok(stored)
    }

    fn append_many(&self, entries: Vec<NewEntry>) -> Result<Vec<StoredEntry>> {
        self.writable("appending")?;
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage("appending")?;
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            // On error the transaction is dropped, which rolls every earlier insert back.
            out.push(append_in(&tx, &self.profile, entry)?);
        }
        tx.commit().or_storage("committing")?;
        Ok(out)
    }

    fn head(&self, stream: &str) -> Result<Option<StoredEntry>> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("reading")?;
        let Some(head) = find_head(&tx, stream)? else {
            return Ok(None);
        };
        let stored = read_head_entry(&tx, &self.profile, &head)?;
        tx.finish().or_storage("reading")?;
        Ok(Some(stored))
    }

    fn entries(&self, stream: &str) -> Result<Vec<StoredEntry>> {
        let mut conn = self.lock();
        // One snapshot for the head and the chain; the chain is checked as it is read.
        let tx = conn.transaction().or_storage("reading")?;
        let head = find_head(&tx, stream)?;
        let mut out = Vec::new();
        {
            let mut stmt = tx.prepare_cached(CHAIN).or_storage("reading")?;
            let mut rows = stmt.query([stream]).or_storage("reading")?;
            let mut checker = head.as_ref().map(|h| {
                ChainChecker::new(
                    stream,
                    &self.profile,
                    h.subject.as_deref(),
                    h.erased,
                    h.sequence,
                )
            });
            while let Some(row) = rows.next().or_storage("reading")? {
                let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
                let row = read_row(row, stream, expected)?;
                match checker.as_mut() {
                    Some(checker) => checker.row(&row)?,
                    None => return Err(tampered(stream, row.sequence, Tamper::Orphan)),
                }
                out.push(owned(stream, &row));
            }
            if let (Some(checker), Some(digest)) = (checker, head.as_ref().map(|h| h.digest)) {
                checker.finish(digest)?;
            }
        }
        tx.finish().or_storage("reading")?;
        Ok(out)
    }

    fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page> {
        let conn = self.lock();
        let sql_limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let ids = match after {
            Some(after) => conn
                .prepare_cached(
                    "SELECT record FROM records WHERE record > ?1 ORDER BY record LIMIT ?2",
                )
                .and_then(|mut s| {
                    s.query_map(params![after, sql_limit], |r| r.get::<_, String>(0))
                        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                }),
            None => conn
                .prepare_cached("SELECT record FROM records ORDER BY record LIMIT ?1")
                .and_then(|mut s| {
                    s.query_map(params![sql_limit], |r| r.get::<_, String>(0))
                        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<_>>>())
                }),
        }
        .or_storage("listing streams")?;
        Ok(Page::new(ids, limit))
    }

    fn streams_of(&self, subject: &str) -> Result<Vec<String>> {
        let mut conn = self.lock();
        let tx = conn.transaction().or_storage("reading")?;
        let heads = {
            let mut stmt = tx
                .prepare_cached(&format!(
                    "{HEAD_SELECT} WHERE principal = ?1 AND erased = 0 ORDER BY record"
                ))
                .or_storage("reading")?;
            let mut rows = stmt.query([subject]).or_storage("reading")?;
            let mut heads = Vec::new();
            while let Some(row) = rows.next().or_storage("reading")? {
                heads.push(read_head(row)?);
            }
            heads
        };
        let mut out = Vec::with_capacity(heads.len());
        for head in heads {
            // The index is checked against what was signed before it is believed.
            read_head_entry(&tx, &self.profile, &head)?;
            out.push(head.stream);
        }
        tx.finish().or_storage("reading")?;
        Ok(out)
    }

    fn erase_subject(&self, subject: &str) -> Result<ErasureReport> {
        const OP: &str = "erasing";
        self.writable(OP)?;
        if subject.is_empty() {
            return Ok(ErasureReport::default());
        }
        let mut conn = self.lock();
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage(OP)?;
        // The streams are found from what was signed: every live stream's head document.
        let streams = {
            let mut stmt = tx
                .prepare(
                    "SELECT r.record, v.document FROM records r JOIN revisions v \
                     ON v.record = r.record AND v.sequence = r.head_sequence \
                     WHERE r.erased = 0 ORDER BY r.record",
                )
                .or_storage(OP)?;
            let mut rows = stmt.query([]).or_storage(OP)?;
            let mut found = Vec::new();
            while let Some(row) = rows.next().or_storage(OP)? {
                let signed = match row.get_ref(1).or_storage(OP)? {
                    ValueRef::Blob(b) => self.profile.subject_of(b),
                    _ => None,
                };
                if signed.as_deref() == Some(subject) {
                    found.push(row.get::<_, String>(0).or_storage(OP)?);
                }
            }
            found
        };
        let mut entries = 0u64;
        for stream in &streams {
            let changed = tx
                .prepare_cached(
                    "UPDATE revisions SET document = NULL \
                     WHERE record = ?1 AND document IS NOT NULL",
                )
                .and_then(|mut s| s.execute([stream]))
                .or_storage(OP)?;
            entries = entries.saturating_add(u64::try_from(changed).unwrap_or(u64::MAX));
            tx.prepare_cached("UPDATE records SET principal = NULL, erased = 1 WHERE record = ?1")
                .and_then(|mut s| s.execute([stream]))
                .or_storage(OP)?;
        }
        tx.commit().or_storage(OP)?;
        let scrubbed = scrub(&conn)?;
        Ok(ErasureReport {
            streams,
            entries,
            scrubbed,
        })
    }

    fn check(&self) -> Result<CheckReport> {
        let mut conn = self.lock();
        // One read transaction: one snapshot, whatever other connections write meanwhile.
        let tx = conn.transaction().or_storage("checking")?;
        let mut report = CheckReport {
            cited: read_cited(&tx, &self.profile, "checking")?
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
            if let Some((stream, sequence)) = orphan {
                return Err(tampered(
                    &stream,
                    u64::try_from(sequence).unwrap_or(0),
                    Tamper::Orphan,
                ));
            }
            let mut heads = tx
                .prepare(&format!("{HEAD_SELECT} ORDER BY record"))
                .or_storage("checking")?;
            let mut rows = heads.query([]).or_storage("checking")?;
            while let Some(row) = rows.next().or_storage("checking")? {
                let head = read_head(row)?;
                let (entries, tombstones) = check_chain(&tx, &self.profile, &head)?;
                report.streams = report.streams.saturating_add(1);
                report.entries = report.entries.saturating_add(entries);
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
    use crate::sqlite_file::Synchronous;
    use std::time::Duration;

    const KIND: FileKind = file_kind("test log", 0x5445_5354);

    fn pragmas(log: &SqliteLog) -> (String, i64, i64, i64, i64) {
        let conn = log.lock();
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
        let dir = std::env::temp_dir().join(format!("govblocks-log-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("unit.log");
        let log = SqliteLog::open(&path, &KIND, SqliteLogOptions::default()).unwrap();
        // synchronous: 2 = FULL, 1 = NORMAL.
        assert_eq!(pragmas(&log), ("wal".to_owned(), 2, 1, 1, 5000));
        drop(log);
        let options = SqliteLogOptions::default().with_file(
            OpenOptions::default()
                .with_synchronous(Synchronous::Normal)
                .with_busy_timeout(Duration::from_millis(250)),
        );
        let log = SqliteLog::open(&path, &KIND, options).unwrap();
        assert_eq!(pragmas(&log), ("wal".to_owned(), 1, 1, 1, 250));
        drop(log);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
