//! The PostgreSQL backends (feature `postgres`): one database shared by many processes on
//! many machines, with the guarantees the SQLite file gives on one machine.
//!
//! | store | type | default schema |
//! | --- | --- | --- |
//! | chained log | [`PgLog`] | the block's ([`PgKind::schema`]: `govblocks_consent_ledger`, …) |
//! | accept-once store | [`PgAcceptOnce`] | `govblocks_accept_once` |
//!
//! ```no_run
//! use govblocks_store::postgres::{PgAcceptOnce, PgOptions};
//! let options = PgOptions::new("postgresql://verifier@db.example/govblocks");
//! let seen = PgAcceptOnce::open(&options)?;
//! # Ok::<(), govblocks_store::Error>(())
//! ```
//!
//! **Testing** code built on these stores against a server: [`TestSchema`], a throwaway schema
//! on the server `GOVBLOCKS_TEST_POSTGRES` names (the blocks' and the CLI's tests use it).
//!
//! # Where a store lives
//!
//! A store is one PostgreSQL **schema** (namespace) of a database named by a connection string
//! ([`PgOptions::new`]: a URL `postgresql://user:password@host:port/database` or libpq's
//! `key=value` form). Each kind of store has a default schema, so the consent ledger, the
//! payment log, the exchange message log and the accept-once store can share one database; a
//! deployment (or a test) names another with [`PgOptions::with_schema`]. The schema's
//! `govblocks_store` table records which kind of store it is (an `application_id`, as in the
//! SQLite files) and its schema version.
//!
//! # Opening: identify before writing, migrate under a lock
//!
//! * The schema is **identified first, in a read-only transaction**: a schema holding tables
//!   but no `govblocks_store` table, or one of another kind, is `store.invalid`; one of a
//!   **newer version** is `store.version`. Either is refused with **nothing written**.
//! * Creating and migrating run in **one transaction holding a transaction-scoped advisory
//!   lock** named after the schema, which identifies the schema again: of many processes
//!   opening a missing store at once one creates it, the others find it made. Migrations run in
//!   order, each taking the version from `n` to `n + 1` (`CREATE SCHEMA`, the tables, the
//!   version row), all in that one transaction: a crash leaves the old version or the new one.
//! * Opened [read-only](PgOptions::read_only), nothing is ever created or migrated (a missing
//!   store is `store.not_found`), every session is `default_transaction_read_only`, and every
//!   writing method is `store.read_only`.
//!
//! # Connections
//!
//! Each store holds a small **connection pool** ([`PgOptions::with_pool_size`], 4 by default):
//! a call takes a connection (opening one when fewer than the pool's size are open, waiting up
//! to [`PgOptions::with_busy_timeout`] otherwise, then `store.busy`), runs its transaction and
//! gives the connection back. A connection the server closed (a restart, a failover, an
//! administrator's `pg_terminate_backend`) is dropped, never reused; a call whose first
//! statement finds its connection dead (nothing sent yet) takes a fresh one once. Every
//! session sets its `search_path` to the store's schema and an `application_name`
//! (`govblocks-store <schema>`), so the store's sessions are visible in `pg_stat_activity`.
//!
//! **No TLS** is built in (the driver's `NoTls`): connect over a unix socket
//! (`host=/var/run/postgresql`) or a network the deployment trusts (a private network, a
//! tunnel, a sidecar proxy that speaks TLS); a connection string asking for `sslmode=require`
//! fails to connect rather than fall back.
//!
//! # Isolation, atomicity, durability
//!
//! Each operation says in its backend's documentation which isolation level it runs at and
//! why; the short version: **writes run at `READ COMMITTED` and never decide from a read**.
//! The compare-and-append is one conditional `UPDATE … WHERE head_digest = $expected` (or an
//! `INSERT … ON CONFLICT DO NOTHING` for a new stream), which PostgreSQL evaluates under the
//! row's lock, re-checking the condition against the latest committed version; accept-once is
//! one `INSERT … ON CONFLICT DO UPDATE … WHERE expired`, which is atomic under concurrency by
//! PostgreSQL's guarantee for upserts; primary keys back both. **Reads that span statements**
//! (a chain, a check) run in one `REPEATABLE READ READ ONLY` transaction: one snapshot. A
//! deadlock or serialization failure (`40P01`, `40001`) aborts the whole transaction, which is
//! then retried (up to 5 times, then `store.busy`).
//!
//! An acknowledged write has been committed, and PostgreSQL's commit is durable when the
//! server runs with `fsync = on` and `synchronous_commit` other than `off` (the defaults); with
//! a synchronous standby (`synchronous_standby_names`, `synchronous_commit = on` or
//! `remote_apply`) it is on the standby too before it is acknowledged. The store does not
//! change these settings: they are the operator's. A connection lost mid-transaction leaves
//! nothing of it (the server rolls the transaction back), and the call is an error: when the
//! connection died *during* the commit the outcome is unknown to the caller, as with any
//! database; a retried append then finds its own entry as the head (`store.conflict`) and a
//! retried accept-once finds its id (`already accepted`), never a duplicate.

pub mod accept_once;
pub mod log;
mod pool;
mod test_schema;

pub use accept_once::{PgAcceptOnce, APPLICATION_ID as ACCEPT_ONCE_APPLICATION_ID};
pub use log::{PgLog, PgLogOptions};
pub use test_schema::{TestSchema, TEST_SERVER_VARIABLE};

use crate::error::{Error, Result};
use pool::Pool;
use std::time::Duration;

/// How a kind of store is recognised in a database: its name in messages, its
/// `application_id` (the SQLite file's, so one number names a kind of store in either engine)
/// and its default schema.
#[derive(Clone, Copy, Debug)]
pub struct PgKind {
    /// What the store is called in messages (`consent ledger`).
    pub name: &'static str,
    /// The number that marks the store's schema (consent: `0x4742434C`, `"GBCL"`).
    pub application_id: i32,
    /// The schema the store lives in unless [`PgOptions::with_schema`] names another.
    pub schema: &'static str,
}

impl PgKind {
    /// A kind of store.
    pub const fn new(name: &'static str, application_id: i32, schema: &'static str) -> Self {
        Self {
            name,
            application_id,
            schema,
        }
    }
}

/// Where and how a PostgreSQL store is opened.
#[derive(Clone, Debug)]
pub struct PgOptions {
    url: String,
    schema: Option<String>,
    pool_size: usize,
    busy_timeout: Duration,
    connect_timeout: Duration,
    read_only: bool,
}

impl PgOptions {
    /// A store in the database `url` names: a connection URL
    /// (`postgresql://user:password@host:port/database`, `postgres://…`) or libpq's
    /// `key=value` form (`host=/var/run/postgresql dbname=govblocks`). Defaults: the kind's
    /// schema, a pool of 4 connections, a 5 s busy timeout, a 10 s connect timeout, read and
    /// write (creating the store when missing).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            schema: None,
            pool_size: 4,
            busy_timeout: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(10),
            read_only: false,
        }
    }

    /// The schema to use instead of the kind's default: a lower-case SQL identifier
    /// (`[a-z_][a-z0-9_]*`, at most 63 bytes; anything else is `store.invalid` on open).
    #[must_use]
    pub fn with_schema(mut self, schema: impl Into<String>) -> Self {
        self.schema = Some(schema.into());
        self
    }

    /// How many connections the store's pool holds at most (at least 1).
    #[must_use]
    pub fn with_pool_size(mut self, size: usize) -> Self {
        self.pool_size = size.max(1);
        self
    }

    /// How long a call waits for a connection of the pool, for a lock held by another
    /// transaction (`lock_timeout`), before `store.busy`.
    #[must_use]
    pub fn with_busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// How long connecting to the server may take.
    #[must_use]
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Read only: never create, migrate or write (see the [module documentation](self)).
    #[must_use]
    pub fn read_only(mut self) -> Self {
        self.read_only = true;
        self
    }

    /// The connection string.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Whether opened read-only.
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }
}

/// Whether `location` is a PostgreSQL connection string rather than a file path: a
/// `postgres://` or `postgresql://` URL (what the CLI's `--ledger`, `--seen` and `--log`
/// accept).
pub fn is_connection_string(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// Maps a driver error to `store.busy` (a deadlock, a serialization failure, a lock or
/// statement timeout) or `store.storage`, naming what was being done.
pub(crate) fn storage_error(e: &::postgres::Error, operation: &'static str) -> Error {
    match e.as_db_error() {
        Some(db) => {
            let code = db.code().code();
            if matches!(code, "40001" | "40P01") {
                Error::Busy {
                    operation: pool::RETRYABLE,
                }
            } else if matches!(code, "55P03" | "57014") {
                Error::Busy { operation }
            } else {
                Error::Storage {
                    operation,
                    message: format!("PostgreSQL {code}: {}", db.message()),
                }
            }
        }
        None => Error::Storage {
            operation,
            message: match std::error::Error::source(e) {
                Some(source) => format!("{e}: {source}"),
                None => e.to_string(),
            },
        },
    }
}

/// `postgres::Result` to this crate's.
pub(crate) trait OrStorage<T> {
    /// Maps the error with [`storage_error`].
    fn or_storage(self, operation: &'static str) -> Result<T>;
}

impl<T> OrStorage<T> for std::result::Result<T, ::postgres::Error> {
    fn or_storage(self, operation: &'static str) -> Result<T> {
        self.map_err(|e| storage_error(&e, operation))
    }
}

/// The bytes a store's schema takes on the server: `pg_total_relation_size` (heap, TOAST,
/// every index, free-space and visibility maps) summed over the schema's tables, old row
/// versions not yet vacuumed included. One statement in autocommit.
pub(crate) fn bytes_on_disk(pool: &pool::Pool, schema: &str) -> Result<u64> {
    const OP: &str = "measuring the store";
    const SIZE: &str = "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0)::bigint \
                        FROM pg_catalog.pg_class c \
                        JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace \
                        WHERE n.nspname = $1 AND c.relkind = 'r'";
    let bytes: i64 = pool.autocommit(|client, _| {
        client
            .query_one(SIZE, &[&schema])
            .and_then(|row| row.try_get(0))
            .or_storage(OP)
    })?;
    Ok(u64::try_from(bytes).unwrap_or(0))
}

/// The table every store's schema has: what kind of store it is, and its version.
const META: &str = "govblocks_store";

/// What a schema holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    /// No schema, or an empty one.
    Empty,
    /// A store of this kind at this version.
    Version(i64),
}

/// A checked schema name.
fn schema_name(kind: &PgKind, options: &PgOptions) -> Result<String> {
    let name = options.schema.as_deref().unwrap_or(kind.schema);
    let ok = !name.is_empty()
        && name.len() <= 63
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        && !name.as_bytes()[0].is_ascii_digit()
        && !name.starts_with("pg_");
    if !ok {
        return Err(Error::Invalid {
            kind: kind.name,
            path: name.to_owned(),
            reason: "a schema name must be a lower-case SQL identifier ([a-z_][a-z0-9_]*, \
                     at most 63 bytes, not pg_…)"
                .to_owned(),
        });
    }
    Ok(name.to_owned())
}

/// Opens the pool of a store of `kind` (each session also running `session`, SQL settings of
/// the store's own) and brings its schema to the newest of `migrations` (`migrations[n]` takes
/// version `n` to `n + 1`), or refuses it untouched.
pub(crate) fn open(
    options: &PgOptions,
    kind: &PgKind,
    migrations: &[&str],
    session: &str,
) -> Result<(Pool, String)> {
    let schema = schema_name(kind, options)?;
    let pool = Pool::new(options, &schema, session)?;
    let newest = i64::try_from(migrations.len()).unwrap_or(i64::MAX);
    let found = {
        let mut conn = pool.get()?;
        let mut tx = conn
            .client()?
            .build_transaction()
            .isolation_level(::postgres::IsolationLevel::RepeatableRead)
            .read_only(true)
            .start()
            .or_storage("reading the store's version")?;
        let found = identify(&mut tx, kind, &schema, newest)?;
        tx.commit().or_storage("reading the store's version")?;
        found
    };
    match found {
        Found::Version(v) if v == newest => return Ok((pool, schema)),
        Found::Version(_) if options.read_only => return Ok((pool, schema)),
        Found::Empty if options.read_only => {
            return Err(Error::NotFound {
                kind: kind.name,
                path: format!("schema {schema}"),
            })
        }
        _ => {}
    }
    const OP: &str = "creating or migrating the store";
    {
        let mut conn = pool.get()?;
        let mut tx = conn.client()?.transaction().or_storage(OP)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock(hashtextextended($1, 4742))",
            &[&format!("govblocks-store {schema}")],
        )
        .or_storage(OP)?;
        let from = match identify(&mut tx, kind, &schema, newest)? {
            Found::Empty => 0,
            Found::Version(v) => v,
        };
        if from < newest {
            tx.batch_execute(&format!(
                "CREATE SCHEMA IF NOT EXISTS {schema};
             SET LOCAL search_path TO {schema};
             CREATE TABLE IF NOT EXISTS {META} (
                 singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
                 application_id integer NOT NULL,
                 version        bigint  NOT NULL
             );"
            ))
            .or_storage(OP)?;
            let start = usize::try_from(from).unwrap_or(usize::MAX);
            for migration in migrations.iter().skip(start) {
                tx.batch_execute(migration).or_storage(OP)?;
            }
            tx.execute(
                &format!(
                    "INSERT INTO {META} (application_id, version) VALUES ($1, $2)
                 ON CONFLICT (singleton) DO UPDATE SET version = EXCLUDED.version"
                ),
                &[&kind.application_id, &newest],
            )
            .or_storage(OP)?;
        }
        tx.commit().or_storage(OP)?;
    }
    Ok((pool, schema))
}

/// Reads what `schema` holds, writing nothing.
fn identify(
    tx: &mut ::postgres::Transaction<'_>,
    kind: &PgKind,
    schema: &str,
    newest: i64,
) -> Result<Found> {
    const OP: &str = "reading the store's version";
    let invalid = |reason: &str| Error::Invalid {
        kind: kind.name,
        path: format!("schema {schema}"),
        reason: reason.to_owned(),
    };
    let tables: i64 = tx
        .query_one(
            "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = $1",
            &[&schema],
        )
        .and_then(|r| r.try_get(0))
        .or_storage(OP)?;
    if tables == 0 {
        return Ok(Found::Empty);
    }
    let has_meta: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_tables
                            WHERE schemaname = $1 AND tablename = $2)",
            &[&schema, &META],
        )
        .and_then(|r| r.try_get(0))
        .or_storage(OP)?;
    if !has_meta {
        return Err(invalid("the schema holds tables of something else"));
    }
    let row = tx
        .query_opt(
            &format!("SELECT application_id, version FROM {schema}.{META}"),
            &[],
        )
        .or_storage(OP)?;
    let Some(row) = row else {
        return Err(invalid("a store without a version"));
    };
    let application_id: i32 = row.try_get(0).or_storage(OP)?;
    let version: i64 = row.try_get(1).or_storage(OP)?;
    if application_id != kind.application_id {
        return Err(invalid(&format!(
            "a store of another kind (application_id {application_id:#x})"
        )));
    }
    if version > newest {
        return Err(Error::Version {
            kind: kind.name,
            found: version,
            supported: newest,
        });
    }
    if version < 1 {
        return Err(invalid("a store without a version"));
    }
    Ok(Found::Version(version))
}
