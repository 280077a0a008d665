//! The accept-once store in a SQLite file, shared by every process that opens it.
//!
//! One table, `accept_once (scope, id, expires_at)`, a `WITHOUT ROWID` table keyed by scope
//! and id — the table is its own primary-key B-tree, with no other index — and `expires_at` in
//! whole microseconds since the Unix epoch (`NULL` for [`Until::Forever`]). A call is one
//! upsert that inserts the id, or overwrites its expiry only when the row is expired, and is
//! accepted when it changed a row: the check and the write are that one statement, run under
//! SQLite's write lock (a statement that writes takes it before it reads, waiting for it as
//! `BEGIN IMMEDIATE` does), so processes racing on one id in one file accept it exactly once.
//!
//! # The sweep: a hand going round the key order
//!
//! Every [`SWEEP_EVERY`]th call of a store (its first included), and every
//! [`AcceptOnce::accept_all_once`], runs in one `BEGIN IMMEDIATE` transaction that first
//! visits the next 128 rows in key order after where the store's previous sweep stopped (its
//! *hand*, kept in memory) and deletes those expired; a sweep that reaches the end of the key
//! order stops there and the next starts again at the beginning, and a table of fewer than 128
//! rows is swept whole. The hand goes round a table of `R` rows in about `R / 8` calls: in a
//! steady flow (an id expires for each one accepted) at most that many expired rows wait for
//! it, so the table holds at most 8/7 of the live ids (plus a sweep interval's), about 1/16
//! more on average. A burst of ids that later expire together is swept at 128 rows each 16
//! calls, as fast as schema 1 swept (1,024 at most). Each process sharing a file has its own
//! hand; every one deletes only rows expired by its own `now`.
//!
//! # Why this schema (version 2)
//!
//! Schema 1 kept a rowid table, its primary-key index and an index on `expires_at`: every
//! check wrote a page of each of the three B-trees to the write-ahead log (three 4 KiB
//! frames) and every checkpoint copied them back, which was most of a check's time (`perf`: a
//! third of it writing WAL frames, an eighth checkpointing, an eighth in the `-shm` locks,
//! against an eighth in the B-tree insert itself). Schema 2 writes one B-tree: one frame a
//! check, plus the sweep's pages every sixteenth. The expiry index, needed only to find expired
//! rows, is replaced by the hand, which finds them by reading the table in key order (a
//! sequential read of pages that are mostly in the page cache). A file of schema 1 is migrated
//! when a writer opens it (in the opening routine's transaction: every row copied, the old
//! table and its index dropped); a reader reads it as it is.
//!
//! # Durability
//!
//! With [`Synchronous::Full`](crate::sqlite_file::Synchronous::Full) (the default) an accepted
//! id is on disk before the call returns. With
//! [`Synchronous::Normal`](crate::sqlite_file::Synchronous::Normal) the write-ahead log is
//! synced only at checkpoints: a crash of the process loses nothing, but a power cut or a crash
//! of the operating system may lose the ids accepted since the last checkpoint (the file stays
//! consistent: it holds a prefix of the commits). After such a loss a message whose id was lost
//! can be accepted a second time within its window: a replay is possible for the messages of
//! the last moments before the power cut. Choose `NORMAL` only where that is acceptable.
//!
//! # Checkpoints off the check's path
//!
//! A writable store runs passive checkpoints on a thread of its own, with a second connection
//! to the file, after every 256 calls and at least once a second, so that the syncs of a
//! checkpoint are waited for there and not by the check that fills the log (see
//! [`SqliteAcceptOnce`]'s *Checkpoints*). SQLite's automatic checkpoint stays on and keeps the
//! log bounded.

use super::{check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until, SWEEP_EVERY};
use crate::error::{Error, Result};
use crate::sqlite_file::{self, Access, FileKind, OpenOptions, OrStorage, SqliteFile};
use govblocks_core::clock::Timestamp;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// The file's `PRAGMA application_id`: `"GBAO"` (govblocks accept-once).
pub const APPLICATION_ID: i32 = 0x4742_414F;

/// The file: its application id, tables and migrations (one per schema version). The
/// migration to version 2 copies every row into a `WITHOUT ROWID` table and drops the old
/// table and its expiry index, in the opening routine's one `BEGIN IMMEDIATE` transaction:
/// another process sees the file at version 1 or 2, never between. A process still running
/// the schema-1 code on a file migrated under it keeps checking correctly (its upsert names
/// the same columns and key) but its sweeps fail (`store.storage`: they name the rowid), and
/// it cannot open the file again (`store.version`): upgrade every process sharing a file
/// together.
const KIND: FileKind = FileKind {
    name: "store of ids accepted once",
    application_id: APPLICATION_ID,
    tables: &["accept_once"],
    migrations: &[
        // Version 1: a rowid table, its primary-key index and an index on the expiry (three
        // B-trees written by every check).
        "CREATE TABLE accept_once (
             scope      TEXT    NOT NULL,
             id         TEXT    NOT NULL,
             expires_at INTEGER,
             PRIMARY KEY (scope, id)
         );
         CREATE INDEX accept_once_expiry ON accept_once (expires_at);",
        // Version 2: the same rows in one B-tree, keyed by scope and id (`WITHOUT ROWID`), and
        // no expiry index: the sweep walks the key order instead (see the module docs). The
        // rows are copied as they are; the old table and its index are dropped. Run by the
        // opening routine in its one `BEGIN IMMEDIATE` transaction, so another process sees
        // the file at version 1 or 2, never between.
        "CREATE TABLE accept_once_v2 (
             scope      TEXT    NOT NULL,
             id         TEXT    NOT NULL,
             expires_at INTEGER,
             PRIMARY KEY (scope, id)
         ) WITHOUT ROWID;
         INSERT INTO accept_once_v2 (scope, id, expires_at)
             SELECT scope, id, expires_at FROM accept_once;
         DROP TABLE accept_once;
         ALTER TABLE accept_once_v2 RENAME TO accept_once;",
    ],
};

/// The key `?1` rows after the start of the key order (the end of a sweep from the start).
const SWEEP_END_FROM_START: &str =
    "SELECT scope, id FROM accept_once ORDER BY scope, id LIMIT 1 OFFSET ?1";

/// The key `?3` rows after the key (`?1`, `?2`) (the end of a sweep from the hand).
const SWEEP_END_FROM_HAND: &str = "SELECT scope, id FROM accept_once
    WHERE (scope, id) > (?1, ?2) ORDER BY scope, id LIMIT 1 OFFSET ?3";

/// Deletes the rows expired at `?3` from the start of the key order to (`?1`, `?2`).
const SWEEP_FROM_START: &str = "DELETE FROM accept_once
    WHERE (scope, id) <= (?1, ?2) AND expires_at <= ?3";

/// Deletes the rows expired at `?5` after (`?1`, `?2`) up to (`?3`, `?4`).
const SWEEP_FROM_HAND: &str = "DELETE FROM accept_once
    WHERE (scope, id) > (?1, ?2) AND (scope, id) <= (?3, ?4) AND expires_at <= ?5";

/// Deletes the rows expired at `?3` after (`?1`, `?2`), to the end of the key order.
const SWEEP_REST: &str = "DELETE FROM accept_once
    WHERE (scope, id) > (?1, ?2) AND expires_at <= ?3";

/// Deletes every row expired at `?1` (the table holds fewer rows than one sweep visits).
const SWEEP_ALL: &str = "DELETE FROM accept_once WHERE expires_at <= ?1";

/// Inserts the id, or renews it only when expired at `?4`: one row changed means accepted.
const ACCEPT: &str = "INSERT INTO accept_once (scope, id, expires_at) VALUES (?1, ?2, ?3)
    ON CONFLICT (scope, id) DO UPDATE SET expires_at = excluded.expires_at
    WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= ?4";

/// The page cache of a store's connection, in KiB (`PRAGMA cache_size = -N`; SQLite's default
/// is 2,000 KiB): enough for the inner pages and the hot leaves of a table of a million ids.
const CACHE_KIB: i64 = 16 * 1024;

/// An [`AcceptOnce`] store in a SQLite file: atomic across the threads of this process (one
/// connection behind a lock) and across processes (SQLite's write lock), and durable (it
/// survives a crash and a reopen; a power cut too with `synchronous = FULL`, see
/// [Durability](#durability)).
///
/// The file holds one `WITHOUT ROWID` table, `accept_once (scope, id, expires_at)`, keyed by
/// scope and id (`expires_at` in whole microseconds since the Unix epoch, `NULL` for
/// [`Until::Forever`]). Each call is one upsert that inserts the id, or overwrites its expiry
/// only when the row is expired, and is accepted when it changed a row; every
/// [`SWEEP_EVERY`](super::SWEEP_EVERY)th call (and every
/// [`AcceptOnce::accept_all_once`]) also visits the next 128 rows in key order and deletes
/// those expired, in the same `BEGIN IMMEDIATE` transaction.
///
/// # The sweep: a hand going round the key order
///
/// The store keeps in memory where its last sweep stopped (its *hand*); a sweep visits the next
/// 128 rows in key order from there and deletes those expired; one that reaches the end of the
/// key order stops there and the next starts again at the beginning, and a table of fewer than
/// 128 rows is swept whole. The hand goes round a table of `R` rows in about `R / 8` calls: in
/// a steady flow (an id expires for each one accepted) at most that many expired rows wait for
/// it, so the file holds at most 8/7 of the live ids (and of a sweep interval's), about 1/16
/// more on average. Each process sharing a file has its own hand, and deletes only rows
/// expired by its own `now`.
///
/// # Schema and migration
///
/// Schema 2 (this one) has one B-tree, so a check writes one page to the write-ahead log;
/// schema 1 had a rowid table, its key index and an index on the expiry (three pages a check).
/// A file of schema 1 is migrated by the first writer that opens it, in the opening routine's
/// one transaction (every row copied, the old table and its index dropped); a reader reads
/// it as it is. A process still running the schema-1 code on a migrated file keeps checking
/// correctly but its sweeps fail (`store.storage`), and it cannot open the file again
/// (`store.version`): upgrade every process sharing a file together.
///
/// # Durability
///
/// With `synchronous = FULL` (the default) an accepted id is on disk before the call returns.
/// With `synchronous = NORMAL` the write-ahead log is synced only at checkpoints: a crash of
/// the process loses nothing, but a power cut or a crash of the operating system may lose the
/// ids accepted since the last checkpoint. The file stays consistent (it holds every commit up
/// to some point), but an id lost so may be accepted a second time: a replay of the messages
/// of the last moments before a power cut is possible. Choose `NORMAL` only where that is
/// acceptable.
///
/// # Checkpoints
///
/// A checkpoint copies the write-ahead log's pages into the file and syncs both (with
/// `NORMAL`, the only syncs there are). SQLite runs one in the commit that takes the log past
/// 1,000 pages, and that check waits for the syncs: with `NORMAL`, about a third of a
/// check's wall time on average was that wait. A writable store therefore starts a thread with a second connection to the
/// file that runs passive checkpoints (`PRAGMA wal_checkpoint(PASSIVE)`, which neither waits
/// for nor blocks a writer) after every 256 calls of the store and at least once a second:
/// they copy and sync nearly all of the log in the background, and the automatic checkpoint,
/// which stays on (it restarts the log and so keeps it bounded, about 4 MB), finds little
/// left to copy and sync. Nothing about durability changes (a commit is as durable as
/// `synchronous` says when its call returns; the extra checkpoints only sync sooner), nor for
/// other processes sharing the file. The thread stops when the store is dropped.
#[derive(Debug)]
pub struct SqliteAcceptOnce {
    file: Mutex<Connected>,
    read_only: bool,
    /// The thread that checkpoints the write-ahead log (none for a read-only store). Dropped
    /// after `file`: fields drop in order.
    checkpointer: Option<Checkpointer>,
}

/// How many calls of a store pass between two nudges of its checkpointer.
const CHECKPOINT_EVERY: u64 = 256;

/// The longest the checkpointer waits for a nudge before it checkpoints anyway.
const CHECKPOINT_AT_LEAST_EVERY: Duration = Duration::from_secs(1);

/// A thread of the store, with a connection of its own to the file, that runs SQLite's
/// passive checkpoint (`PRAGMA wal_checkpoint(PASSIVE)`: copy the log's committed pages into
/// the file, then sync it as `synchronous` says, never waiting for or blocking a writer) after
/// every [`CHECKPOINT_EVERY`] calls of the store and at least every
/// [`CHECKPOINT_AT_LEAST_EVERY`]. The syncs of a checkpoint are then waited for by that thread,
/// not by the check that happened to fill the log (see [Checkpoints](SqliteAcceptOnce#checkpoints)).
#[derive(Debug)]
struct Checkpointer {
    signal: Arc<Signal>,
    thread: Option<JoinHandle<()>>,
}

/// The nudges and the stop order sent to a checkpointer.
#[derive(Debug, Default)]
struct Signal {
    state: Mutex<Nudge>,
    wake: Condvar,
}

#[derive(Debug, Default)]
struct Nudge {
    due: bool,
    stop: bool,
}

impl Signal {
    fn lock(&self) -> std::sync::MutexGuard<'_, Nudge> {
        // Only flags are kept under this lock: a poisoned one is still valid.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Checkpointer {
    /// Starts the thread on `file`, a second connection to the store's file.
    fn start(file: SqliteFile) -> Result<Self> {
        let signal = Arc::new(Signal::default());
        let thread = {
            let signal = Arc::clone(&signal);
            std::thread::Builder::new()
                .name("accept-once checkpoints".into())
                .spawn(move || Self::run(&file.connection, &signal))
                .map_err(|e| crate::error::Error::Storage {
                    operation: "starting the checkpoint thread",
                    message: e.to_string(),
                })?
        };
        Ok(Checkpointer {
            signal,
            thread: Some(thread),
        })
    }

    fn run(connection: &Connection, signal: &Signal) {
        loop {
            {
                let mut nudge = signal.lock();
                if !nudge.due && !nudge.stop {
                    nudge = signal
                        .wake
                        .wait_timeout(nudge, CHECKPOINT_AT_LEAST_EVERY)
                        .map(|(nudge, _)| nudge)
                        .unwrap_or_else(|poisoned| poisoned.into_inner().0);
                }
                if nudge.stop {
                    return;
                }
                nudge.due = false;
            }
            // A checkpoint that fails or finds the log busy is tried again at the next nudge;
            // meanwhile the writers' own automatic checkpoint keeps the log bounded.
            let _ = connection.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |_| Ok(()));
        }
    }

    /// Asks for a checkpoint (without waiting for it).
    fn nudge(&self) {
        self.signal.lock().due = true;
        self.signal.wake.notify_one();
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        self.signal.lock().stop = true;
        self.signal.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            // The thread returns as soon as a checkpoint in progress ends; it cannot panic
            // (its one call's error is ignored), and a store being dropped has nobody to tell.
            let _ = thread.join();
        }
    }
}

/// The file, how many calls of [`AcceptOnce::accept_once`] it has had (for the sweep), and
/// where the sweep stopped.
#[derive(Debug)]
struct Connected {
    file: SqliteFile,
    calls: u64,
    /// The last key (scope, id) the previous sweep visited; `None`: the next sweep starts at
    /// the beginning of the key order.
    hand: Option<(String, String)>,
}

/// How many rows one sweep visits (in key order, from where the last one stopped): 8 a call.
/// In a steady flow (one id expiring for each one accepted) the hand goes round a table of
/// `R` rows in `R / 8` calls, so at most `R / 8` expired rows wait for it: the table holds at
/// most 8/7 of the live ids (about 1/16 more on average). Visiting more costs more on every
/// call (each row visited is read and compared twice) for a table barely smaller.
const SWEEP_LIMIT: i64 = 8 * SWEEP_EVERY as i64;

/// Visits the next [`SWEEP_LIMIT`] rows in key order after `hand` and deletes those expired
/// at `now`; a sweep that reaches the end of the key order stops there, and the next one starts
/// again at the beginning. Fewer rows than a sweep visits: every expired row is deleted.
/// Returns where the sweep stopped: the caller moves its hand there once the transaction has
/// committed (a sweep rolled back is visited again).
fn sweep(
    connection: &Connection,
    hand: &Option<(String, String)>,
    now: i64,
) -> rusqlite::Result<Option<(String, String)>> {
    let key = |row: &rusqlite::Row<'_>| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?));
    let end = match hand.as_ref() {
        None => connection
            .prepare_cached(SWEEP_END_FROM_START)?
            .query_row(params![SWEEP_LIMIT - 1], key)
            .optional()?,
        Some((scope, id)) => connection
            .prepare_cached(SWEEP_END_FROM_HAND)?
            .query_row(params![scope, id, SWEEP_LIMIT - 1], key)
            .optional()?,
    };
    let next = match (hand.as_ref(), end) {
        (None, Some(end)) => {
            connection
                .prepare_cached(SWEEP_FROM_START)?
                .execute(params![end.0, end.1, now])?;
            Some(end)
        }
        (None, None) => {
            connection
                .prepare_cached(SWEEP_ALL)?
                .execute(params![now])?;
            None
        }
        (Some((scope, id)), Some(end)) => {
            connection
                .prepare_cached(SWEEP_FROM_HAND)?
                .execute(params![scope, id, end.0, end.1, now])?;
            Some(end)
        }
        (Some((scope, id)), None) => {
            connection
                .prepare_cached(SWEEP_REST)?
                .execute(params![scope, id, now])?;
            None
        }
    };
    Ok(next)
}

impl SqliteAcceptOnce {
    /// Opens the store at `path`, creating it when missing, with the defaults of
    /// [`OpenOptions`] (`synchronous = FULL`, a 5 s busy timeout). See [`Self::open_with`].
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        Self::open_with(path, OpenOptions::default())
    }

    /// Opens the store at `path` through the crate's one opening routine
    /// ([`crate::sqlite_file::open`]): a file that is not an accept-once store (another
    /// application's, or not SQLite: `store.invalid`) or of a newer schema (`store.version`)
    /// is refused and left untouched. Opened [read-only](crate::sqlite_file::Access::ReadOnly),
    /// [`AcceptOnce::remembered`] works and every [`AcceptOnce::accept_once`] is
    /// `store.read_only` (accepting is remembering).
    pub fn open_with(path: impl AsRef<Path>, options: OpenOptions) -> Result<Self> {
        let file = sqlite_file::open(path, &KIND, options)?;
        file.connection
            .pragma_update(None, "cache_size", -CACHE_KIB)
            .or_storage("setting the page cache")?;
        let checkpointer = if file.is_read_only() {
            None
        } else {
            // The second connection opens the file the first one has just created or
            // migrated (the same opening routine: same checks, same `synchronous`, which also
            // says how a checkpoint syncs).
            let second =
                sqlite_file::open(file.path(), &KIND, options.with_access(Access::ReadWrite))?;
            Some(Checkpointer::start(second)?)
        };
        Ok(SqliteAcceptOnce {
            read_only: file.is_read_only(),
            file: Mutex::new(Connected {
                file,
                calls: 0,
                hand: None,
            }),
            checkpointer,
        })
    }

    fn file(&self) -> std::sync::MutexGuard<'_, Connected> {
        // A poisoned lock: another thread panicked during a call, whose transaction was rolled
        // back when dropped; the connection is usable.
        self.file.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// `now` in whole microseconds since the Unix epoch, rounded down.
fn micros_floor(at: Timestamp) -> i64 {
    clamp(at.unix_nanos().div_euclid(1000))
}

/// An expiry in whole microseconds since the Unix epoch, rounded up (never forgotten early).
fn micros_ceil(at: Timestamp) -> i64 {
    let nanos = at.unix_nanos();
    let floor = nanos.div_euclid(1000);
    clamp(if nanos.rem_euclid(1000) == 0 {
        floor
    } else {
        floor.saturating_add(1)
    })
}

/// Years 1–9999 are about ±2.5e17 µs, well within `i64`; clamping is only a guard.
fn clamp(micros: i128) -> i64 {
    i64::try_from(micros).unwrap_or(if micros < 0 { i64::MIN } else { i64::MAX })
}

impl AcceptOnce for SqliteAcceptOnce {
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance> {
        check_id(scope, id)?;
        if self.read_only {
            return Err(Error::ReadOnly {
                operation: "accept_once",
            });
        }
        let now = micros_floor(now);
        let expires_at = match until {
            Until::Instant(at) => Some(micros_ceil(at)),
            Until::Forever => None,
        };
        const OPERATION: &str = "accepting an id once";
        let mut guard = self.file();
        let state = &mut *guard;
        let sweep = state.calls % SWEEP_EVERY as u64 == 0;
        let connection = &mut state.file.connection;
        let changed = if sweep {
            let tx = connection
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .or_storage(OPERATION)?;
            let hand = self::sweep(&tx, &state.hand, now).or_storage(OPERATION)?;
            let changed = tx
                .prepare_cached(ACCEPT)
                .and_then(|mut accept| accept.execute(params![scope.name(), id, expires_at, now]))
                .or_storage(OPERATION)?;
            tx.commit().or_storage(OPERATION)?;
            state.hand = hand;
            changed
        } else {
            // One statement in autocommit mode: its own write transaction, atomic.
            connection
                .prepare_cached(ACCEPT)
                .and_then(|mut accept| accept.execute(params![scope.name(), id, expires_at, now]))
                .or_storage(OPERATION)?
        };
        // Counted once the call succeeded: a failed sweep is tried again at the next call.
        state.calls = state.calls.wrapping_add(1);
        if state.calls % CHECKPOINT_EVERY == 0 {
            if let Some(checkpointer) = &self.checkpointer {
                checkpointer.nudge();
            }
        }
        Ok(if changed == 1 {
            Acceptance::Accepted
        } else {
            Acceptance::AlreadyAccepted
        })
    }

    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll> {
        for (scope, id) in ids {
            check_id(*scope, id)?;
        }
        if self.read_only {
            return Err(Error::ReadOnly {
                operation: "accept_all_once",
            });
        }
        // An id twice in the list is refused whatever its expiry (the upsert alone would
        // accept the second one when `until` is already past).
        let mut in_call: HashSet<(Scope, &str)> = HashSet::with_capacity(ids.len());
        for (index, &(scope, id)) in ids.iter().enumerate() {
            if !in_call.insert((scope, id)) {
                return Ok(AcceptanceOfAll::AlreadyAccepted { index });
            }
        }
        let now = micros_floor(now);
        let expires_at = match until {
            Until::Instant(at) => Some(micros_ceil(at)),
            Until::Forever => None,
        };
        const OPERATION: &str = "accepting ids once, all or none";
        let mut guard = self.file();
        let state = &mut *guard;
        let tx = state
            .file
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage(OPERATION)?;
        let hand = sweep(&tx, &state.hand, now).or_storage(OPERATION)?;
        {
            let mut accept = tx.prepare_cached(ACCEPT).or_storage(OPERATION)?;
            for (index, (scope, id)) in ids.iter().enumerate() {
                let changed = accept
                    .execute(params![scope.name(), id, expires_at, now])
                    .or_storage(OPERATION)?;
                if changed != 1 {
                    // Dropping the transaction rolls back every upsert before this one.
                    return Ok(AcceptanceOfAll::AlreadyAccepted { index });
                }
            }
        }
        tx.commit().or_storage(OPERATION)?;
        state.hand = hand;
        Ok(AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> Result<u64> {
        let count: i64 = self
            .file()
            .file
            .connection
            .query_row("SELECT count(*) FROM accept_once", [], |r| r.get(0))
            .or_storage("counting remembered ids")?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The plan of `sql`, its parameters bound to 0.
    fn plan(connection: &Connection, sql: &str) -> Vec<String> {
        let mut statement = connection
            .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
            .unwrap();
        let parameters = vec![0i64; statement.parameter_count()];
        statement
            .query_map(rusqlite::params_from_iter(parameters), |r| {
                r.get::<_, String>(3)
            })
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    }

    #[test]
    fn the_sweep_walks_the_primary_key_in_order() {
        let connection = Connection::open_in_memory().unwrap();
        for migration in KIND.migrations {
            connection.execute_batch(migration).unwrap();
        }
        // From the hand: a search of the key, never a scan of the table or a sort.
        for sql in [
            SWEEP_END_FROM_HAND,
            SWEEP_FROM_START,
            SWEEP_FROM_HAND,
            SWEEP_REST,
        ] {
            let steps = plan(&connection, sql);
            assert_eq!(
                steps,
                [steps[0].clone()],
                "{sql}: one step expected: {steps:?}"
            );
            assert!(
                steps[0].starts_with("SEARCH accept_once USING PRIMARY KEY"),
                "{sql}: {steps:?}"
            );
        }
        // From the start: the key order read from its beginning, without a sort.
        let steps = plan(&connection, SWEEP_END_FROM_START);
        assert_eq!(steps, ["SCAN accept_once"], "{steps:?}");
        // The check itself: an upsert on the key.
        let steps = plan(&connection, ACCEPT);
        assert!(steps.iter().all(|s| !s.contains("SCAN")), "{steps:?}");
    }
}
