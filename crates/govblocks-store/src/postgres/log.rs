//! The chained log in PostgreSQL: the same [`Log`] as the SQLite file, for many processes on
//! many machines.
//!
//! # Schema (version 1)
//!
//! Stream ids and subjects are `bytea` (their UTF-8 bytes): PostgreSQL's `text` cannot hold a
//! NUL and orders by collation, and [`Log::streams`] promises byte order.
//!
//! * `streams (stream bytea primary key, subject bytea, head_sequence bigint, head_digest
//!   bytea, erased boolean)`: one row per stream, its head, and its subject (`NULL` once
//!   erased), indexed by subject;
//! * `entries (stream bytea references streams, sequence bigint, digest bytea, predecessor
//!   bytea, document bytea)`, primary key `(stream, sequence)`: one row per entry, the document
//!   `NULL` once erased;
//! * `cited (position bigint primary key, digest bytea unique, document bytea)`: the side table.
//!
//! `CHECK` constraints keep digests 32 bytes long and sequence numbers non-negative. Tamper
//! detection does not rely on them: [`Log::check`] recomputes every digest, follows every chain
//! and reads every subject out of the documents, as for SQLite, so a row changed directly in the
//! database (by anyone with the right to write the tables) is reported, not returned.
//!
//! # Isolation of each operation
//!
//! | operation | isolation | why it is enough |
//! | --- | --- | --- |
//! | [`Log::append`] | `READ COMMITTED`, one statement in autocommit (one round trip) | as [`Log::append_many`]'s, in one statement: a data-modifying `WITH` moves the head (or makes the stream's row) and inserts the entry from the row it returns; without `ON CONFLICT` on the entry, a place already taken fails the whole statement, head move included (`store.tampered`, nothing written) |
//! | [`Log::append_many`] | `READ COMMITTED`, one transaction | the compare-and-append is one statement: `UPDATE streams SET head … WHERE stream = $1 AND head_digest = $expected AND NOT erased AND subject = $subject` (a new stream: `INSERT … ON CONFLICT DO NOTHING`). PostgreSQL takes the row's lock and re-evaluates the `WHERE` on its latest committed version, so of writers racing onto one head exactly one updates the row; the others wait for it, then match nothing and get `store.conflict`. The entry's primary key `(stream, sequence)` is a second guard. Only after a refusal is the row read, to say why. Streams of one [`Log::append_many`] are locked in the order given: a deadlock with another group aborts one, which is retried. |
//! | [`Log::head`], [`Log::streams`] | `READ COMMITTED`, one statement in autocommit | a statement sees one snapshot |
//! | [`Log::cited`] | `REPEATABLE READ READ ONLY` | one snapshot |
//! | [`Log::entries`], [`Log::streams_of`], [`Log::check`] | `REPEATABLE READ READ ONLY` | several statements must see one snapshot (a head and its chain) |
//! | [`Log::erase_subject`] | `READ COMMITTED` | the live streams' head documents are read to find the subject's streams; each is then marked erased (`UPDATE … WHERE NOT erased`, taking its lock and waiting for an append in flight) *before* its documents are removed by a statement that sees every committed entry, and an append that waited finds the stream erased |
//! | [`Log::put_cited`] | `READ COMMITTED`, the table locked `SHARE ROW EXCLUSIVE` | positions are `max + 1`: side-table writers take turns (readers do not wait); the digest's unique constraint makes it idempotent |
//!
//! # Erasure
//!
//! Documents are set to `NULL` in one transaction. PostgreSQL keeps the old row versions until
//! `VACUUM` reclaims them, and its write-ahead log, archives and base backups keep copies for
//! as long as they are kept: [`ErasureReport::scrubbed`] is always `false`. Run `VACUUM` on the
//! `entries` table after an erasure, and erase from backups as the README's deployment notes
//! say (keep backups encrypted, with a retention period the erasure policy allows).

use super::pool::{End, Pool, Statements};
use super::{OrStorage, PgKind, PgOptions};
use crate::error::{Error, Result};
use crate::log::{
    check_cited, check_head, conflict, tampered, ChainChecker, CheckReport, CitedDocument,
    ErasureReport, Log, NewEntry, Page, Profile, Row, StoredEntry, Tamper,
};
use ::postgres::error::SqlState;
use ::postgres::{GenericClient, IsolationLevel, Transaction};
use govblocks_core::digest::ContentDigest;

/// The log's migrations: `[0]` builds schema version 1 (run with the store's schema as the
/// `search_path`).
pub const MIGRATIONS: &[&str] = &["
CREATE TABLE streams (
    stream        bytea   NOT NULL PRIMARY KEY,
    subject       bytea,
    head_sequence bigint  NOT NULL CHECK (head_sequence >= 0),
    head_digest   bytea   NOT NULL CHECK (length(head_digest) = 32),
    erased        boolean NOT NULL DEFAULT false,
    CHECK (erased = (subject IS NULL))
);
CREATE INDEX streams_subject ON streams (subject) WHERE subject IS NOT NULL;
CREATE TABLE entries (
    stream      bytea  NOT NULL REFERENCES streams (stream),
    sequence    bigint NOT NULL CHECK (sequence >= 0),
    digest      bytea  NOT NULL CHECK (length(digest) = 32),
    predecessor bytea  CHECK (predecessor IS NULL OR length(predecessor) = 32),
    document    bytea,
    PRIMARY KEY (stream, sequence)
);
CREATE TABLE cited (
    position bigint NOT NULL PRIMARY KEY CHECK (position >= 0),
    digest   bytea  NOT NULL UNIQUE CHECK (length(digest) = 32),
    document bytea  NOT NULL
);
"];

/// Options of [`PgLog::open`] beyond where the database is.
#[derive(Clone, Debug)]
pub struct PgLogOptions {
    profile: Profile,
    check_on_open: bool,
}

impl Default for PgLogOptions {
    fn default() -> Self {
        Self {
            profile: Profile::default(),
            check_on_open: true,
        }
    }
}

impl PgLogOptions {
    /// The block's [`Profile`] (its subject hook).
    #[must_use]
    pub fn with_profile(mut self, profile: Profile) -> Self {
        self.profile = profile;
        self
    }

    /// Whether opening runs [`Log::check`] (default `true`: reads the whole log once; a large
    /// shared log is better checked by one process on a schedule).
    #[must_use]
    pub fn with_check_on_open(mut self, check: bool) -> Self {
        self.check_on_open = check;
        self
    }
}

/// A [`Log`] in a PostgreSQL schema (see the [module documentation](self)).
#[derive(Debug)]
pub struct PgLog {
    pool: Pool,
    schema: String,
    read_only: bool,
    profile: Profile,
}

impl PgLog {
    /// Opens the log of `kind` in the database `options` names (the kind's schema unless
    /// [`PgOptions::with_schema`] names another), creating or migrating it unless read-only,
    /// and checks it unless told not to. A schema of another kind (`store.invalid`) or of a
    /// newer version (`store.version`) is refused untouched.
    ///
    /// Errors: `store.invalid`, `store.version`, `store.not_found` (read-only, no log),
    /// `store.tampered`, `store.busy`, `store.storage` (the server cannot be reached).
    pub fn open(options: &PgOptions, kind: &PgKind, log_options: PgLogOptions) -> Result<Self> {
        let (pool, schema) = super::open(options, kind, MIGRATIONS, "")?;
        let log = Self {
            pool,
            schema,
            read_only: options.read_only,
            profile: log_options.profile,
        };
        if log_options.check_on_open {
            log.check()?;
        }
        Ok(log)
    }

    /// The schema the log lives in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The bytes the log takes on the server: its tables with their indexes, TOAST and old
    /// row versions not yet vacuumed (`pg_total_relation_size`). For sizing a deployment.
    ///
    /// Errors: `store.busy`, `store.storage`.
    pub fn bytes_on_disk(&self) -> Result<u64> {
        super::bytes_on_disk(&self.pool, &self.schema)
    }

    /// Whether it was opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// The block's profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn writable(&self, operation: &'static str) -> Result<()> {
        if self.read_only {
            return Err(Error::ReadOnly { operation });
        }
        Ok(())
    }

    fn read<T>(
        &self,
        operation: &'static str,
        body: impl FnMut(&mut Transaction<'_>, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        let mut body = body;
        self.pool.transaction(
            IsolationLevel::RepeatableRead,
            true,
            operation,
            |tx, statements| body(tx, statements).map(End::Commit),
        )
    }

    fn write<T>(
        &self,
        operation: &'static str,
        body: impl FnMut(&mut Transaction<'_>, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        self.writable(operation)?;
        let mut body = body;
        self.pool.transaction(
            IsolationLevel::ReadCommitted,
            false,
            operation,
            |tx, statements| body(tx, statements).map(End::Commit),
        )
    }
}

const HEAD: &str = "SELECT s.stream, s.head_sequence, s.head_digest, s.erased, s.subject, \
                    e.sequence, e.digest, e.predecessor, e.document \
                    FROM streams s LEFT JOIN entries e \
                    ON e.stream = s.stream AND e.sequence = s.head_sequence \
                    WHERE s.stream = $1";
const HEADS_OF: &str = "SELECT s.stream, s.head_sequence, s.head_digest, s.erased, s.subject, \
                        e.sequence, e.digest, e.predecessor, e.document \
                        FROM streams s LEFT JOIN entries e \
                        ON e.stream = s.stream AND e.sequence = s.head_sequence \
                        WHERE s.subject = $1 AND NOT s.erased ORDER BY s.stream";
const STREAM_ROW: &str = "SELECT stream, head_sequence, head_digest, erased, subject \
                          FROM streams WHERE stream = $1";
const ALL_STREAMS: &str = "SELECT stream, head_sequence, head_digest, erased, subject \
                           FROM streams ORDER BY stream";
const CHAIN: &str = "SELECT sequence, digest, predecessor, document FROM entries \
                     WHERE stream = $1 ORDER BY sequence";
const CITED: &str = "SELECT position, digest, document FROM cited ORDER BY position";
const START: &str = "INSERT INTO streams (stream, subject, head_sequence, head_digest) \
                     VALUES ($1, $2, 0, $3) ON CONFLICT (stream) DO NOTHING";
const MOVE_HEAD: &str = "UPDATE streams SET head_sequence = head_sequence + 1, head_digest = $3 \
                         WHERE stream = $1 AND head_digest = $2 AND NOT erased AND subject = $4 \
                         RETURNING head_sequence";
/// A single append onto a new stream, one statement: the stream's row, then its first entry
/// when the row was made.
const APPEND_START: &str = "WITH started AS ( \
                                INSERT INTO streams (stream, subject, head_sequence, head_digest) \
                                VALUES ($1::bytea, $2::bytea, 0, $3::bytea) \
                                ON CONFLICT (stream) DO NOTHING RETURNING head_sequence) \
                            INSERT INTO entries (stream, sequence, digest, predecessor, document) \
                            SELECT $1::bytea, head_sequence, $3::bytea, NULL, $4::bytea \
                            FROM started RETURNING sequence";
/// A single append onto a head, one statement: the compare-and-append of `MOVE_HEAD`, then
/// the entry when the head moved. No `ON CONFLICT` on the entry: a place already taken (a
/// head moved back behind the log's back) fails the whole statement, head move included.
const APPEND_MOVE: &str = "WITH moved AS ( \
                               UPDATE streams SET head_sequence = head_sequence + 1, \
                               head_digest = $3::bytea \
                               WHERE stream = $1::bytea AND head_digest = $2::bytea \
                               AND NOT erased AND subject = $4::bytea \
                               RETURNING head_sequence) \
                           INSERT INTO entries (stream, sequence, digest, predecessor, document) \
                           SELECT $1::bytea, head_sequence, $3::bytea, $2::bytea, $5::bytea \
                           FROM moved RETURNING sequence";
const INSERT_ENTRY: &str = "INSERT INTO entries (stream, sequence, digest, predecessor, document) \
                            VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING";

/// A `streams` row.
struct Head {
    stream: String,
    sequence: u64,
    digest: ContentDigest,
    erased: bool,
    subject: Option<String>,
}

/// An entry row, owned.
struct EntryRow {
    sequence: u64,
    digest: ContentDigest,
    predecessor: Option<ContentDigest>,
    document: Option<Vec<u8>>,
}

impl EntryRow {
    fn as_row(&self) -> Row<'_> {
        Row {
            sequence: self.sequence,
            digest: self.digest,
            predecessor: self.predecessor,
            document: self.document.as_deref(),
        }
    }

    fn stored(self, stream: &str) -> StoredEntry {
        StoredEntry {
            stream: stream.to_owned(),
            sequence: self.sequence,
            digest: self.digest,
            predecessor: self.predecessor,
            document: self.document,
        }
    }
}

fn digest_of(bytes: Option<Vec<u8>>) -> Option<ContentDigest> {
    bytes
        .and_then(|b| <[u8; 32]>::try_from(b.as_slice()).ok())
        .map(ContentDigest::from_bytes)
}

fn text_of(bytes: Vec<u8>) -> Option<String> {
    String::from_utf8(bytes).ok()
}

/// Reads a `streams` row from columns `at..at + 5` (stream, head_sequence, head_digest,
/// erased, subject).
fn read_head(row: &::postgres::Row) -> Result<Head> {
    const OP: &str = "reading a stream";
    let stream: Vec<u8> = row.try_get(0).or_storage(OP)?;
    let Some(stream) = text_of(stream) else {
        return Err(tampered("", 0, Tamper::Malformed));
    };
    let sequence: i64 = row.try_get(1).or_storage(OP)?;
    let Ok(sequence) = u64::try_from(sequence) else {
        return Err(tampered(&stream, 0, Tamper::Malformed));
    };
    let Some(digest) = digest_of(row.try_get(2).or_storage(OP)?) else {
        return Err(tampered(&stream, sequence, Tamper::Malformed));
    };
    let erased: bool = row.try_get(3).or_storage(OP)?;
    let subject: Option<Vec<u8>> = row.try_get(4).or_storage(OP)?;
    let subject = match subject {
        None => None,
        Some(bytes) => match text_of(bytes) {
            Some(s) => Some(s),
            None => return Err(tampered(&stream, sequence, Tamper::Malformed)),
        },
    };
    Ok(Head {
        stream,
        sequence,
        digest,
        erased,
        subject,
    })
}

/// Reads an entry row from columns `at..at + 4` (sequence, digest, predecessor, document);
/// `None` when the sequence is `NULL` (no entry joined).
fn read_entry(
    row: &::postgres::Row,
    at: usize,
    stream: &str,
    expected: u64,
) -> Result<Option<EntryRow>> {
    const OP: &str = "reading an entry";
    let sequence: Option<i64> = row.try_get(at).or_storage(OP)?;
    let Some(sequence) = sequence else {
        return Ok(None);
    };
    let Ok(sequence) = u64::try_from(sequence) else {
        return Err(tampered(stream, expected, Tamper::Malformed));
    };
    let malformed = || tampered(stream, sequence, Tamper::Malformed);
    let digest = digest_of(row.try_get(at + 1).or_storage(OP)?).ok_or_else(malformed)?;
    let predecessor: Option<Vec<u8>> = row.try_get(at + 2).or_storage(OP)?;
    let predecessor = match predecessor {
        None => None,
        bytes => Some(digest_of(bytes).ok_or_else(malformed)?),
    };
    let document: Option<Vec<u8>> = row.try_get(at + 3).or_storage(OP)?;
    Ok(Some(EntryRow {
        sequence,
        digest,
        predecessor,
        document,
    }))
}

/// The head entry of a `HEAD`-shaped row, checked.
fn checked_head(row: &::postgres::Row, profile: &Profile) -> Result<(Head, StoredEntry)> {
    let head = read_head(row)?;
    let Some(entry) = read_entry(row, 5, &head.stream, head.sequence)? else {
        return Err(tampered(&head.stream, head.sequence, Tamper::Missing));
    };
    check_head(
        &head.stream,
        profile,
        head.subject.as_deref(),
        head.erased,
        head.digest,
        &entry.as_row(),
    )?;
    let stored = entry.stored(&head.stream);
    Ok((head, stored))
}

fn to_sql(sequence: u64) -> Result<i64> {
    i64::try_from(sequence).map_err(|_| Error::Storage {
        operation: "appending",
        message: "sequence number out of range".to_owned(),
    })
}

/// Checks one stream's whole chain; returns (entries, tombstones).
fn check_chain(
    tx: &mut Transaction<'_>,
    statements: &mut Statements,
    profile: &Profile,
    head: &Head,
) -> Result<(u64, u64)> {
    const OP: &str = "checking";
    let mut checker = ChainChecker::new(
        &head.stream,
        profile,
        head.subject.as_deref(),
        head.erased,
        head.sequence,
    );
    let chain = statements.get(tx, CHAIN, OP)?;
    let rows = tx
        .query(&chain, &[&head.stream.as_bytes()])
        .or_storage(OP)?;
    let mut expected = 0u64;
    for row in &rows {
        if let Some(entry) = read_entry(row, 0, &head.stream, expected)? {
            checker.row(&entry.as_row())?;
            expected = entry.sequence.saturating_add(1);
        }
    }
    checker.finish(head.digest)
}

/// Why an append that changed nothing was refused, read after the fact.
fn refusal(
    tx: &mut impl GenericClient,
    statements: &mut Statements,
    entry: NewEntry,
    subject: Result<String>,
) -> Result<StoredEntry> {
    const OP: &str = "appending";
    let stream_row = statements.get(tx, STREAM_ROW, OP)?;
    let current = tx
        .query_opt(&stream_row, &[&entry.stream.as_bytes()])
        .or_storage(OP)?
        .map(|r| read_head(&r))
        .transpose()?;
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
    let subject = subject?;
    if current
        .as_ref()
        .is_some_and(|c| c.subject.as_deref() != Some(subject.as_str()))
    {
        return Err(Error::SubjectMismatch {
            stream: entry.stream,
            reason: "the document names another subject than the stream's".to_owned(),
        });
    }
    // The row agrees now: another writer changed it between the statement and this read (it
    // cannot have been this one's own). A conflict all the same.
    Err(conflict(
        entry.stream,
        entry.predecessor.as_ref(),
        head.as_ref(),
    ))
}

fn append_in(
    tx: &mut Transaction<'_>,
    statements: &mut Statements,
    profile: &Profile,
    entry: NewEntry,
) -> Result<StoredEntry> {
    const OP: &str = "appending";
    let subject = profile.subject_for_append(&entry.stream, &entry.document);
    let Ok(named) = subject.as_ref() else {
        return refusal(tx, statements, entry, subject);
    };
    let digest = entry.digest();
    let stream = entry.stream.as_bytes();
    let sequence = match entry.predecessor {
        None => {
            let start = statements.get(tx, START, OP)?;
            let changed = tx
                .execute(
                    &start,
                    &[&stream, &named.as_bytes(), &digest.as_bytes().as_slice()],
                )
                .or_storage(OP)?;
            if changed != 1 {
                let named = named.clone();
                return refusal(tx, statements, entry, Ok(named));
            }
            0u64
        }
        Some(predecessor) => {
            let move_head = statements.get(tx, MOVE_HEAD, OP)?;
            let moved = tx
                .query_opt(
                    &move_head,
                    &[
                        &stream,
                        &predecessor.as_bytes().as_slice(),
                        &digest.as_bytes().as_slice(),
                        &named.as_bytes(),
                    ],
                )
                .or_storage(OP)?;
            let Some(moved) = moved else {
                let named = named.clone();
                return refusal(tx, statements, entry, Ok(named));
            };
            let sequence: i64 = moved.try_get(0).or_storage(OP)?;
            u64::try_from(sequence).map_err(|_| tampered(&entry.stream, 0, Tamper::Malformed))?
        }
    };
    let insert = statements.get(tx, INSERT_ENTRY, OP)?;
    let inserted = tx
        .execute(
            &insert,
            &[
                &stream,
                &to_sql(sequence)?,
                &digest.as_bytes().as_slice(),
                &entry.predecessor.as_ref().map(|d| d.as_bytes().as_slice()),
                &entry.document,
            ],
        )
        .or_storage(OP)?;
    if inserted != 1 {
        // The head said this place was free but an entry is already there: the head was moved
        // back behind the log's back. The primary key keeps the chain intact.
        return Err(tampered(&entry.stream, sequence, Tamper::BeyondHead));
    }
    Ok(StoredEntry {
        stream: entry.stream,
        sequence,
        digest,
        predecessor: entry.predecessor,
        document: Some(entry.document),
    })
}

/// A single append as one statement in autocommit (one round trip): `APPEND_START` or
/// `APPEND_MOVE`. Atomic as the transaction of [`append_in`] is (the statement's row lock and
/// re-check on the head, the entry's primary key); a refusal is explained by a read after it.
fn append_one(
    client: &mut ::postgres::Client,
    statements: &mut Statements,
    profile: &Profile,
    entry: NewEntry,
) -> Result<StoredEntry> {
    const OP: &str = "appending";
    let subject = profile.subject_for_append(&entry.stream, &entry.document);
    let Ok(named) = subject.as_ref() else {
        return refusal(client, statements, entry, subject);
    };
    let digest = entry.digest();
    let stream = entry.stream.as_bytes();
    let appended = match entry.predecessor {
        None => {
            let start = statements.get(client, APPEND_START, OP)?;
            client.query(
                &start,
                &[
                    &stream,
                    &named.as_bytes(),
                    &digest.as_bytes().as_slice(),
                    &entry.document,
                ],
            )
        }
        Some(predecessor) => {
            let append = statements.get(client, APPEND_MOVE, OP)?;
            client.query(
                &append,
                &[
                    &stream,
                    &predecessor.as_bytes().as_slice(),
                    &digest.as_bytes().as_slice(),
                    &named.as_bytes(),
                    &entry.document,
                ],
            )
        }
    };
    let rows = match appended {
        Ok(rows) => rows,
        Err(e) if e.code() == Some(&SqlState::UNIQUE_VIOLATION) => {
            // The head said the place was free but an entry is there: the head was moved back
            // behind the log's back. The statement failed whole: nothing was written.
            let stream_row = statements.get(client, STREAM_ROW, OP)?;
            let head = client
                .query_opt(&stream_row, &[&stream])
                .or_storage(OP)?
                .map(|r| read_head(&r))
                .transpose()?;
            let sequence = match (entry.predecessor, head) {
                (Some(_), Some(head)) => head.sequence.saturating_add(1),
                _ => 0,
            };
            return Err(tampered(&entry.stream, sequence, Tamper::BeyondHead));
        }
        Err(e) => return Err(super::storage_error(&e, OP)),
    };
    let Some(row) = rows.first() else {
        let named = named.clone();
        return refusal(client, statements, entry, Ok(named));
    };
    let sequence: i64 = row.try_get(0).or_storage(OP)?;
    let sequence =
        u64::try_from(sequence).map_err(|_| tampered(&entry.stream, 0, Tamper::Malformed))?;
    Ok(StoredEntry {
        stream: entry.stream,
        sequence,
        digest,
        predecessor: entry.predecessor,
        document: Some(entry.document),
    })
}

fn read_cited(
    tx: &mut Transaction<'_>,
    statements: &mut Statements,
    profile: &Profile,
    operation: &'static str,
) -> Result<Vec<CitedDocument>> {
    let cited = statements.get(tx, CITED, operation)?;
    let rows = tx.query(&cited, &[]).or_storage(operation)?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
        let malformed = || tampered(profile.cited_name(), expected, Tamper::Malformed);
        let position: i64 = row.try_get(0).or_storage(operation)?;
        let position = u64::try_from(position).map_err(|_| malformed())?;
        let digest = digest_of(row.try_get(1).or_storage(operation)?).ok_or_else(malformed)?;
        let document: Vec<u8> = row.try_get(2).or_storage(operation)?;
        check_cited(profile, expected, position, &digest, &document)?;
        out.push(CitedDocument {
            position,
            digest,
            document,
        });
    }
    Ok(out)
}

impl Log for PgLog {
    fn append(&self, entry: NewEntry) -> Result<StoredEntry> {
        self.writable("appending")?;
        self.pool.autocommit(|client, statements| {
            append_one(client, statements, &self.profile, entry.clone())
        })
    }

    fn append_many(&self, entries: Vec<NewEntry>) -> Result<Vec<StoredEntry>> {
        if entries.is_empty() {
            self.writable("appending")?;
            return Ok(Vec::new());
        }
        self.write("appending", |tx, statements| {
            let mut out = Vec::with_capacity(entries.len());
            for entry in &entries {
                // An error drops the transaction: every earlier entry of the call is rolled
                // back.
                out.push(append_in(tx, statements, &self.profile, entry.clone())?);
            }
            Ok(out)
        })
    }

    fn head(&self, stream: &str) -> Result<Option<StoredEntry>> {
        const OP: &str = "reading";
        self.pool.autocommit(|client, statements| {
            let head = statements.get(client, HEAD, OP)?;
            let Some(row) = client
                .query_opt(&head, &[&stream.as_bytes()])
                .or_storage(OP)?
            else {
                return Ok(None);
            };
            Ok(Some(checked_head(&row, &self.profile)?.1))
        })
    }

    fn entries(&self, stream: &str) -> Result<Vec<StoredEntry>> {
        const OP: &str = "reading";
        self.read(OP, |tx, statements| {
            let stream_row = statements.get(tx, STREAM_ROW, OP)?;
            let head = tx
                .query_opt(&stream_row, &[&stream.as_bytes()])
                .or_storage(OP)?
                .map(|r| read_head(&r))
                .transpose()?;
            let chain = statements.get(tx, CHAIN, OP)?;
            let rows = tx.query(&chain, &[&stream.as_bytes()]).or_storage(OP)?;
            let mut checker = head.as_ref().map(|h| {
                ChainChecker::new(
                    stream,
                    &self.profile,
                    h.subject.as_deref(),
                    h.erased,
                    h.sequence,
                )
            });
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                let expected = u64::try_from(out.len()).unwrap_or(u64::MAX);
                let Some(entry) = read_entry(row, 0, stream, expected)? else {
                    return Err(tampered(stream, expected, Tamper::Malformed));
                };
                match checker.as_mut() {
                    Some(checker) => checker.row(&entry.as_row())?,
                    None => return Err(tampered(stream, entry.sequence, Tamper::Orphan)),
                }
                out.push(entry.stored(stream));
            }
            if let (Some(checker), Some(head)) = (checker, head.as_ref()) {
                checker.finish(head.digest)?;
            }
            Ok(out)
        })
    }

    fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page> {
        const OP: &str = "listing streams";
        const PAGE: &str = "SELECT stream FROM streams \
                            WHERE $1::bytea IS NULL OR stream > $1 ORDER BY stream LIMIT $2";
        let sql_limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let after = after.map(str::as_bytes);
        let ids = self.pool.autocommit(|client, statements| {
            let page = statements.get(client, PAGE, OP)?;
            let rows = client.query(&page, &[&after, &sql_limit]).or_storage(OP)?;
            let mut ids = Vec::with_capacity(rows.len());
            for row in rows {
                let bytes: Vec<u8> = row.try_get(0).or_storage(OP)?;
                ids.push(text_of(bytes).ok_or_else(|| tampered("", 0, Tamper::Malformed))?);
            }
            Ok(ids)
        })?;
        Ok(Page::new(ids, limit))
    }

    fn streams_of(&self, subject: &str) -> Result<Vec<String>> {
        const OP: &str = "reading";
        self.read(OP, |tx, statements| {
            let heads = statements.get(tx, HEADS_OF, OP)?;
            let rows = tx.query(&heads, &[&subject.as_bytes()]).or_storage(OP)?;
            let mut out = Vec::with_capacity(rows.len());
            for row in &rows {
                // The index is checked against what was signed before it is believed.
                let (head, _) = checked_head(row, &self.profile)?;
                out.push(head.stream);
            }
            Ok(out)
        })
    }

    fn erase_subject(&self, subject: &str) -> Result<ErasureReport> {
        const OP: &str = "erasing";
        self.writable(OP)?;
        if subject.is_empty() {
            return Ok(ErasureReport::default());
        }
        const LIVE_HEADS: &str = "SELECT s.stream, e.document FROM streams s JOIN entries e \
                                  ON e.stream = s.stream AND e.sequence = s.head_sequence \
                                  WHERE NOT s.erased ORDER BY s.stream";
        const MARK: &str = "UPDATE streams SET subject = NULL, erased = true \
                            WHERE stream = $1 AND NOT erased";
        const BLANK: &str = "UPDATE entries SET document = NULL \
                             WHERE stream = $1 AND document IS NOT NULL";
        let (streams, entries) = self.write(OP, |tx, statements| {
            // The streams are found from what was signed: every live stream's head document.
            let live = statements.get(tx, LIVE_HEADS, OP)?;
            let rows = tx.query(&live, &[]).or_storage(OP)?;
            let mut found = Vec::new();
            for row in rows {
                let document: Option<Vec<u8>> = row.try_get(1).or_storage(OP)?;
                let signed = document.and_then(|d| self.profile.subject_of(&d));
                if signed.as_deref() == Some(subject) {
                    let stream: Vec<u8> = row.try_get(0).or_storage(OP)?;
                    found.push(stream);
                }
            }
            let mark = statements.get(tx, MARK, OP)?;
            let blank = statements.get(tx, BLANK, OP)?;
            let mut erased = Vec::with_capacity(found.len());
            let mut entries = 0u64;
            for stream in found {
                // First the stream (its lock: an append in flight finishes first, and any
                // later one finds it erased), then every committed entry's document.
                if tx.execute(&mark, &[&stream]).or_storage(OP)? == 0 {
                    continue;
                }
                let blanked = tx.execute(&blank, &[&stream]).or_storage(OP)?;
                entries = entries.saturating_add(blanked);
                erased.push(text_of(stream).ok_or_else(|| tampered("", 0, Tamper::Malformed))?);
            }
            Ok((erased, entries))
        })?;
        Ok(ErasureReport::new(streams, entries, false))
    }

    fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest> {
        const OP: &str = "storing a cited document";
        const PUT: &str = "INSERT INTO cited (position, digest, document) \
                           SELECT coalesce(max(position) + 1, 0), $1, $2 FROM cited \
                           ON CONFLICT (digest) DO NOTHING";
        let digest = ContentDigest::of_bytes(&document);
        self.write(OP, |tx, statements| {
            tx.batch_execute("LOCK TABLE cited IN SHARE ROW EXCLUSIVE MODE")
                .or_storage(OP)?;
            let put = statements.get(tx, PUT, OP)?;
            tx.execute(&put, &[&digest.as_bytes().as_slice(), &document])
                .or_storage(OP)?;
            Ok(())
        })?;
        Ok(digest)
    }

    fn cited(&self) -> Result<Vec<CitedDocument>> {
        self.read("reading", |tx, statements| {
            read_cited(tx, statements, &self.profile, "reading")
        })
    }

    fn check(&self) -> Result<CheckReport> {
        const OP: &str = "checking";
        const ORPHAN: &str = "SELECT e.stream, e.sequence FROM entries e \
                              WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream = e.stream) \
                              ORDER BY e.stream, e.sequence LIMIT 1";
        self.read(OP, |tx, statements| {
            let cited = read_cited(tx, statements, &self.profile, OP)?;
            let mut report = CheckReport::new(0, 0, 0, u64::try_from(cited.len()).unwrap_or(0));
            if let Some(row) = tx.query_opt(ORPHAN, &[]).or_storage(OP)? {
                let stream: Vec<u8> = row.try_get(0).or_storage(OP)?;
                let sequence: i64 = row.try_get(1).or_storage(OP)?;
                return Err(tampered(
                    &String::from_utf8_lossy(&stream),
                    u64::try_from(sequence).unwrap_or(0),
                    Tamper::Orphan,
                ));
            }
            let all = statements.get(tx, ALL_STREAMS, OP)?;
            let rows = tx.query(&all, &[]).or_storage(OP)?;
            for row in &rows {
                let head = read_head(row)?;
                let (entries, tombstones) = check_chain(tx, statements, &self.profile, &head)?;
                report.streams = report.streams.saturating_add(1);
                report.entries = report.entries.saturating_add(entries);
                report.tombstones = report.tombstones.saturating_add(tombstones);
            }
            Ok(report)
        })
    }
}
