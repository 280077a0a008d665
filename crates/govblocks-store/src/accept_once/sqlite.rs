//! The accept-once store in a SQLite file, shared by every process that opens it.
//!
//! One table, `accept_once (scope, id, expires_at)`, keyed by scope and id, with an index on
//! `expires_at` (whole microseconds since the Unix epoch, `NULL` for [`Until::Forever`]). Each
//! call is one `BEGIN IMMEDIATE` transaction: delete up to [`SWEEP_BATCH`] expired rows, then
//! one upsert that inserts the id, or overwrites its expiry only when the row is expired, and
//! is accepted when it changed a row. The check and the write are that one statement, under
//! SQLite's write lock, so processes racing on one id in one file accept it exactly once.

use super::{check_id, AcceptOnce, Acceptance, Scope, Until, SWEEP_BATCH};
use crate::error::Result;
use crate::sqlite_file::{self, Schema};
use govblocks_core::clock::Timestamp;
use rusqlite::{params, Connection, TransactionBehavior};
use std::path::Path;
use std::sync::{Mutex, PoisonError};

/// The file's `PRAGMA application_id`: `"GBAO"` (govblocks accept-once).
pub const APPLICATION_ID: i32 = 0x4742_414F;

/// The schema, one migration per version.
const SCHEMA: Schema = Schema {
    application_id: APPLICATION_ID,
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

/// Deletes up to [`SWEEP_BATCH`] rows expired at `?1`.
const SWEEP: &str = "DELETE FROM accept_once WHERE rowid IN (
    SELECT rowid FROM accept_once WHERE expires_at <= ?1 LIMIT ?2)";

/// Inserts the id, or renews it only when expired at `?4`: one row changed means accepted.
const ACCEPT: &str = "INSERT INTO accept_once (scope, id, expires_at) VALUES (?1, ?2, ?3)
    ON CONFLICT (scope, id) DO UPDATE SET expires_at = excluded.expires_at
    WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= ?4";

/// An [`AcceptOnce`] store in a SQLite file: atomic across the threads of this process (one
/// connection behind a lock) and across processes (SQLite's write lock), and durable (it
/// survives a crash and a reopen). See the [module docs](self) for the table.
#[derive(Debug)]
pub struct SqliteAcceptOnce {
    conn: Mutex<Connection>,
}

impl SqliteAcceptOnce {
    /// Opens the store at `path`, creating it when missing, through the crate's one opening
    /// routine ([`crate::sqlite_file`]): a file of another application or of a newer version
    /// is refused and left untouched.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let conn = sqlite_file::open(path.as_ref(), &SCHEMA)?;
        Ok(SqliteAcceptOnce {
            conn: Mutex::new(conn),
        })
    }

    fn conn(&self) -> std::sync::MutexGuard<'_, Connection> {
        // A poisoned lock: another thread panicked during a call, whose transaction was rolled
        // back when dropped; the connection is usable.
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
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
        let now = micros_floor(now);
        let expires_at = match until {
            Until::Instant(at) => Some(micros_ceil(at)),
            Until::Forever => None,
        };
        let mut conn = self.conn();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.prepare_cached(SWEEP)?
            .execute(params![now, SWEEP_BATCH as i64])?;
        let changed =
            tx.prepare_cached(ACCEPT)?
                .execute(params![scope.name(), id, expires_at, now])?;
        tx.commit()?;
        Ok(if changed == 1 {
            Acceptance::Accepted
        } else {
            Acceptance::AlreadyAccepted
        })
    }

    fn remembered(&self) -> Result<u64> {
        let count: i64 = self
            .conn()
            .query_row("SELECT count(*) FROM accept_once", [], |r| r.get(0))?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
