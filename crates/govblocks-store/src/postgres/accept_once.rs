//! The accept-once store in PostgreSQL.
//!
//! # Schema (version 1)
//!
//! One table, `accept_once (scope bytea, id bytea, expires_at bigint)`, primary key
//! `(scope, id)`, indexed on `expires_at` (whole microseconds since the Unix epoch, `NULL` for
//! [`Until::Forever`]; an expiry rounded up and `now` down, as in SQLite). Scopes and ids are
//! `bytea`, compared byte for byte: PostgreSQL's `text` cannot hold a NUL and compares by
//! collation.
//!
//! # Isolation and atomicity
//!
//! * [`AcceptOnce::accept_once`] is **one statement in autocommit, at `READ COMMITTED`**: an
//!   `INSERT … ON CONFLICT (scope, id) DO UPDATE SET expires_at = … WHERE expired`. PostgreSQL
//!   guarantees an upsert either inserts or locks and re-checks the existing row's latest
//!   version, so of calls racing on one id exactly one changes a row, and a call is accepted
//!   exactly when it changed one. No read decides anything; a higher isolation level would
//!   only add serialization failures.
//! * [`AcceptOnce::accept_all_once`] is **one transaction at `READ COMMITTED`**: a sweep, then
//!   one upsert of every id (in `(scope, id)` order, so that two calls with overlapping ids
//!   lock them in the same order and cannot deadlock) returning the ids it changed; when one is
//!   missing the transaction is rolled back and nothing is remembered. Two calls racing on an
//!   id: the second waits on the first's uncommitted row and then sees it (committed: refused)
//!   or not (rolled back: accepted).
//! * **The sweep** runs in every [`SWEEP_EVERY`]th `accept_once` of a store (its first
//!   included), as a statement of its own in autocommit just before the upsert, and in every
//!   `accept_all_once`: it deletes up to [`SWEEP_BATCH`] expired rows, found through the
//!   expiry index (`FOR UPDATE SKIP LOCKED`: a sweep never waits on another call). Up to 128
//!   rows in one call of 16 is 8 a call, against the one a steady flow expires per call: the
//!   table holds the live ids and at most the expired ones of the last few calls. Until
//!   issue 20's scale work the sweep ran inside every check (a data-modifying `WITH` in front
//!   of the upsert); in the scale test's eight processes it was work in the one statement
//!   every check waits on, for a table it kept at the same size. A sweep that fails is the
//!   call's error, as before (a caller that cannot reach its store refuses the id).
//! * [`AcceptOnce::remembered`] is one `count(*)`.
//!
//! # Plans
//!
//! A check costs the same with ten ids remembered or a million: the sweep finds expired rows
//! through the expiry index and deletes them by TID. The store's sessions run with
//! `enable_seqscan = off` so that the generic plan PostgreSQL keeps for a prepared statement
//! after five runs, costed on the table as it was then, never becomes a sequential scan when a
//! store starts empty (it did, before: 17 ms a check with 50,000 ids remembered).

use super::pool::{End, Pool};
use super::{OrStorage, PgKind, PgOptions};
use crate::accept_once::{
    check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until, SWEEP_BATCH, SWEEP_EVERY,
};
use crate::error::{Error, Result};
use govblocks_core::clock::Timestamp;
use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The store's `application_id` (the SQLite file's): `"GBAO"`.
pub const APPLICATION_ID: i32 = 0x4742_414F;

const KIND: PgKind = PgKind::new(
    "store of ids accepted once",
    APPLICATION_ID,
    "govblocks_accept_once",
);

const MIGRATIONS: &[&str] = &[
    // Version 1.
    "CREATE TABLE accept_once (
         scope      bytea  NOT NULL,
         id         bytea  NOT NULL,
         expires_at bigint,
         PRIMARY KEY (scope, id)
     );
     CREATE INDEX accept_once_expiry ON accept_once (expires_at);",
];

/// The upsert of `($1, $2)`: one row changed is an acceptance.
const ACCEPT: &str = "INSERT INTO accept_once (scope, id, expires_at) VALUES ($1, $2, $3)
    ON CONFLICT (scope, id) DO UPDATE SET expires_at = EXCLUDED.expires_at
    WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= $4";

/// Up to `$2` rows expired at `$1`, through the expiry index, skipping rows another call holds.
const SWEEP: &str = "DELETE FROM accept_once WHERE ctid = ANY (ARRAY (
        SELECT ctid FROM accept_once WHERE expires_at <= $1
        LIMIT $2 FOR UPDATE SKIP LOCKED))";

/// Every id of the call, in key order; returns the ids whose row changed.
const ACCEPT_ALL: &str = "INSERT INTO accept_once (scope, id, expires_at)
    SELECT s, i, $3 FROM unnest($1::bytea[], $2::bytea[]) AS t (s, i) ORDER BY s, i
    ON CONFLICT (scope, id) DO UPDATE SET expires_at = EXCLUDED.expires_at
    WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= $4
    RETURNING scope, id";

/// An [`AcceptOnce`] store in a PostgreSQL schema, shared by every process (on every machine)
/// that opens it (see the [module documentation](self)).
#[derive(Debug)]
pub struct PgAcceptOnce {
    pool: Pool,
    schema: String,
    read_only: bool,
    /// `accept_once` calls made, for the sweep's cadence (every [`SWEEP_EVERY`]th, the first
    /// included).
    calls: AtomicUsize,
}

impl PgAcceptOnce {
    /// Opens the store in the database `options` names (schema `govblocks_accept_once` unless
    /// [`PgOptions::with_schema`] names another), creating or migrating it unless read-only. A
    /// schema of another kind (`store.invalid`) or of a newer version (`store.version`) is
    /// refused untouched.
    ///
    /// Errors: `store.invalid`, `store.version`, `store.not_found` (read-only, no store),
    /// `store.busy`, `store.storage` (the server cannot be reached).
    pub fn open(options: &PgOptions) -> Result<Self> {
        let (pool, schema) = super::open(options, &KIND, MIGRATIONS, SESSION)?;
        Ok(Self {
            pool,
            schema,
            read_only: options.read_only,
            calls: AtomicUsize::new(0),
        })
    }

    /// The schema the store lives in.
    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The bytes the store takes on the server: its tables with their indexes, TOAST and old
    /// row versions not yet vacuumed (`pg_total_relation_size`). For sizing a deployment.
    ///
    /// Errors: `store.busy`, `store.storage`.
    pub fn bytes_on_disk(&self) -> Result<u64> {
        super::bytes_on_disk(&self.pool, &self.schema)
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

fn clamp(micros: i128) -> i64 {
    i64::try_from(micros).unwrap_or(if micros < 0 { i64::MIN } else { i64::MAX })
}

fn expiry(until: Until) -> Option<i64> {
    match until {
        Until::Instant(at) => Some(micros_ceil(at)),
        Until::Forever => None,
    }
}

const SWEEP_LIMIT: i64 = SWEEP_BATCH as i64;

/// The store's sessions never plan a sequential scan where an index or a TID scan can do
/// (`enable_seqscan = off`: a cost, not a ban; `remembered`'s `count(*)` still scans). The
/// statements are prepared once per connection, and PostgreSQL switches a prepared statement
/// to a generic plan after five runs, costed on the table as it was then: on a new, nearly
/// empty store that is a sequential scan for the sweep's expired rows and for its
/// `ctid = ANY (…)`, which then reads every remembered id on every check (17 ms a check with
/// 50,000 ids, measured; the scale run of issue 20 found it). The expiry index and the TID
/// scan are right at every size.
const SESSION: &str = " SET enable_seqscan = off;";

impl AcceptOnce for PgAcceptOnce {
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
        const OP: &str = "accepting an id once";
        let (now, expires_at) = (micros_floor(now), expiry(until));
        if self.calls.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == 0 {
            self.pool.autocommit(|client, statements| {
                let sweep = statements.get(client, SWEEP, OP)?;
                client.execute(&sweep, &[&now, &SWEEP_LIMIT]).or_storage(OP)
            })?;
        }
        let changed = self.pool.autocommit(|client, statements| {
            let statement = statements.get(client, ACCEPT, OP)?;
            client
                .execute(
                    &statement,
                    &[&scope.name().as_bytes(), &id.as_bytes(), &expires_at, &now],
                )
                .or_storage(OP)
        })?;
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
        let mut in_call: HashSet<(Scope, &str)> = HashSet::with_capacity(ids.len());
        for (index, &(scope, id)) in ids.iter().enumerate() {
            if !in_call.insert((scope, id)) {
                return Ok(AcceptanceOfAll::AlreadyAccepted { index });
            }
        }
        if ids.is_empty() {
            return Ok(AcceptanceOfAll::Accepted);
        }
        const OP: &str = "accepting ids once, all or none";
        let (now, expires_at) = (micros_floor(now), expiry(until));
        let scopes: Vec<&[u8]> = ids.iter().map(|(s, _)| s.name().as_bytes()).collect();
        let names: Vec<&[u8]> = ids.iter().map(|(_, i)| i.as_bytes()).collect();
        self.pool.transaction(
            ::postgres::IsolationLevel::ReadCommitted,
            false,
            OP,
            |tx, statements| {
                let sweep = statements.get(tx, SWEEP, OP)?;
                tx.execute(&sweep, &[&now, &SWEEP_LIMIT]).or_storage(OP)?;
                let accept = statements.get(tx, ACCEPT_ALL, OP)?;
                let rows = tx
                    .query(&accept, &[&scopes, &names, &expires_at, &now])
                    .or_storage(OP)?;
                if rows.len() == ids.len() {
                    return Ok(End::Commit(AcceptanceOfAll::Accepted));
                }
                let mut changed: HashSet<(Vec<u8>, Vec<u8>)> = HashSet::with_capacity(rows.len());
                for row in rows {
                    changed.insert((
                        row.try_get(0).or_storage(OP)?,
                        row.try_get(1).or_storage(OP)?,
                    ));
                }
                let index = ids
                    .iter()
                    .position(|(s, i)| {
                        !changed.contains(&(s.name().as_bytes().to_vec(), i.as_bytes().to_vec()))
                    })
                    .unwrap_or(0);
                Ok(End::Rollback(AcceptanceOfAll::AlreadyAccepted { index }))
            },
        )
    }

    fn remembered(&self) -> Result<u64> {
        const OP: &str = "counting remembered ids";
        let count: i64 = self.pool.autocommit(|client, _| {
            client
                .query_one("SELECT count(*) FROM accept_once", &[])
                .and_then(|row| row.try_get(0))
                .or_storage(OP)
        })?;
        Ok(u64::try_from(count).unwrap_or(0))
    }
}
