//! The accept-once store in a SQLite file, shared by every process that opens it.
//!
//! One table, `accept_once (scope, id, expires_at)`, keyed by scope and id, with an index on
//! `expires_at` (whole microseconds since the Unix epoch, `NULL` for [`Until::Forever`]). A
//! call is one upsert that inserts the id, or overwrites its expiry only when the row is
//! expired, and is accepted when it changed a row: the check and the write are that one
//! statement, run under SQLite's write lock (a statement that writes takes it before it reads,
//! waiting for it as `BEGIN IMMEDIATE` does), so processes racing on one id in one file accept
//! it exactly once. Every [`SWEEP_EVERY`]th call of a store (its first included) runs in one
//! `BEGIN IMMEDIATE` transaction that first deletes up to [`SWEEP_EVERY`] × [`SWEEP_BATCH`]
//! expired rows.
//!
//! Why not a transaction and a sweep in every call (as before): a lone statement commits with
//! no `BEGIN` and `COMMIT` to run, and the sweep's `expires_at <= ?` is compiled again at each
//! run (SQLite's planner, built with `STAT4`, re-prepares a statement whose range bound is a
//! parameter when the parameter changes); sweeping every 16th call in a batch 16 times larger
//! removes as many rows for a sixteenth of that cost. Together: about 1.5 times the checks a
//! second with `synchronous = NORMAL` (CPU time per check, measured on a loaded machine).

use super::{
    check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until, SWEEP_BATCH, SWEEP_EVERY,
};
use crate::error::{Error, Result};
use crate::sqlite_file::{self, FileKind, OpenOptions, OrStorage, SqliteFile};
use govblocks_core::clock::Timestamp;
use rusqlite::{params, TransactionBehavior};
use std::collections::HashSet;
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// The file's `PRAGMA application_id`: `"GBAO"` (govblocks accept-once).
pub const APPLICATION_ID: i32 = 0x4742_414F;

/// The file: its application id, tables and migrations (one per schema version).
const KIND: FileKind = FileKind {
    name: "store of ids accepted once",
    application_id: APPLICATION_ID,
    tables: &["accept_once"],
    migrations: &[
        // Version 1.
        "CREATE TABLE accept_once (
             scope      TEXT    NOT NULL,
             id         TEXT    NOT NULL,
             expires_at INTEGER,
             PRIMARY KEY (scope, id)
         );
         CREATE INDEX accept_once_expiry ON accept_once (expires_at);",
    ],
};

/// Deletes up to `?2` rows expired at `?1`.
const SWEEP: &str = "DELETE FROM accept_once WHERE rowid IN (
    SELECT rowid FROM accept_once WHERE expires_at <= ?1 LIMIT ?2)";

/// Inserts the id, or renews it only when expired at `?4`: one row changed means accepted.
const ACCEPT: &str = "INSERT INTO accept_once (scope, id, expires_at) VALUES (?1, ?2, ?3)
    ON CONFLICT (scope, id) DO UPDATE SET expires_at = excluded.expires_at
    WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= ?4";

/// An [`AcceptOnce`] store in a SQLite file: atomic across the threads of this process (one
/// connection behind a lock) and across processes (SQLite's write lock), and durable (it
/// survives a crash and a reopen).
///
/// The file holds one table, `accept_once (scope, id, expires_at)`, keyed by scope and id,
/// with an index on `expires_at` (whole microseconds since the Unix epoch, `NULL` for
/// [`Until::Forever`]). Each call is one upsert that inserts the id, or overwrites its expiry
/// only when the row is expired, and is accepted when it changed a row; every
/// [`SWEEP_EVERY`](super::SWEEP_EVERY)th call (and every
/// [`AcceptOnce::accept_all_once`]) also deletes up to
/// [`SWEEP_EVERY`](super::SWEEP_EVERY) × [`SWEEP_BATCH`](super::SWEEP_BATCH) expired rows,
/// in the same `BEGIN IMMEDIATE` transaction.
#[derive(Debug)]
pub struct SqliteAcceptOnce {
    file: Mutex<Connected>,
    read_only: bool,
}

/// The file, and how many calls of [`AcceptOnce::accept_once`] it has had (for the sweep).
#[derive(Debug)]
struct Connected {
    file: SqliteFile,
    calls: u64,
}

/// The most expired rows one sweep deletes.
const SWEEP_LIMIT: i64 = (SWEEP_BATCH * SWEEP_EVERY) as i64;

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
        Ok(SqliteAcceptOnce {
            read_only: file.is_read_only(),
            file: Mutex::new(Connected { file, calls: 0 }),
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
            tx.prepare_cached(SWEEP)
                .and_then(|mut sweep| sweep.execute(params![now, SWEEP_LIMIT]))
                .or_storage(OPERATION)?;
            let changed = tx
                .prepare_cached(ACCEPT)
                .and_then(|mut accept| accept.execute(params![scope.name(), id, expires_at, now]))
                .or_storage(OPERATION)?;
            tx.commit().or_storage(OPERATION)?;
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
        let tx = guard
            .file
            .connection
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .or_storage(OPERATION)?;
        tx.prepare_cached(SWEEP)
            .and_then(|mut sweep| sweep.execute(params![now, SWEEP_LIMIT]))
            .or_storage(OPERATION)?;
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
