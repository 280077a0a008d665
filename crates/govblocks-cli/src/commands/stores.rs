//! Where the CLI's stores live: `--ledger`, `--log`, `--seen` and `--replay-store` name a
//! SQLite file, or (built with the feature `postgres`) a PostgreSQL database by its connection
//! string (`postgres://…` or `postgresql://…`), each kind of store in its default schema
//! (`govblocks_consent_ledger`, `govblocks_payment_log`, `govblocks_exchange_log`,
//! `govblocks_accept_once`). Either way the commands see one `Box<dyn Log>` or
//! `Box<dyn AcceptOnce>`.
//!
//! A `schema=NAME` query parameter (`postgres://host/db?schema=ledger_2026`) names another
//! schema; the other parameters go to the driver. A connection string given to a CLI built
//! without the feature is a usage error (never a file of that name).

use crate::output::CliError;
use govblocks_store::accept_once::{AcceptOnce, SqliteAcceptOnce};
use govblocks_store::log::Log;
use govblocks_store::sqlite_file::Access;
use std::path::Path;

/// Which block's log a location holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogKind {
    /// The consent ledger.
    Consent,
    /// The payment log.
    Payments,
    /// The exchange message log.
    Exchange,
}

/// A store's location: a file, or a PostgreSQL server.
pub enum Location<'a> {
    /// A SQLite file.
    File(&'a Path),
    /// A PostgreSQL connection string.
    Server(&'a str),
}

/// Where `location` points.
pub fn location(location: &Path) -> Location<'_> {
    match location.to_str() {
        Some(url) if url.starts_with("postgres://") || url.starts_with("postgresql://") => {
            Location::Server(url)
        }
        _ => Location::File(location),
    }
}

#[cfg(not(feature = "postgres"))]
fn no_postgres() -> CliError {
    CliError::Usage(
        "a PostgreSQL connection string needs a govblocks built with the feature `postgres` \
         (cargo install govblocks-cli --features postgres)"
            .to_owned(),
    )
}

/// The store options of `url`: its `schema=` parameter taken out (see the module docs).
#[cfg(feature = "postgres")]
fn options(url: &str) -> govblocks_store::postgres::PgOptions {
    let (base, query) = url.split_once('?').unwrap_or((url, ""));
    let mut schema = None;
    let rest: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .filter(|p| match p.strip_prefix("schema=") {
            Some(name) => {
                schema = Some(name.to_owned());
                false
            }
            None => true,
        })
        .collect();
    let url = if rest.is_empty() {
        base.to_owned()
    } else {
        format!("{base}?{}", rest.join("&"))
    };
    let options = govblocks_store::postgres::PgOptions::new(url);
    match schema {
        Some(schema) => options.with_schema(schema),
        None => options,
    }
}

/// The log of `kind` in the database `url` names, with `access` (read-only, or created when
/// missing).
#[cfg(feature = "postgres")]
pub fn server_log(url: &str, kind: LogKind, access: Access) -> Result<Box<dyn Log>, CliError> {
    let mut options = options(url);
    if access == Access::ReadOnly {
        options = options.read_only();
    }
    Ok(match kind {
        LogKind::Consent => Box::new(govblocks_consent::ledger::open_postgres(&options)?),
        LogKind::Payments => Box::new(govblocks_payments::lifecycle::open_postgres(&options)?),
        LogKind::Exchange => Box::new(govblocks_store::postgres::PgLog::open(
            &options,
            &govblocks_exchange::log::PG_KIND,
            govblocks_store::postgres::PgLogOptions::default(),
        )?),
    })
}

/// Without the feature `postgres`: a usage error.
#[cfg(not(feature = "postgres"))]
pub fn server_log(_url: &str, _kind: LogKind, _access: Access) -> Result<Box<dyn Log>, CliError> {
    Err(no_postgres())
}

/// The accept-once store in the database `url` names.
#[cfg(feature = "postgres")]
pub fn server_seen(url: &str) -> Result<Box<dyn AcceptOnce>, CliError> {
    let options = options(url);
    Ok(Box::new(govblocks_store::postgres::PgAcceptOnce::open(
        &options,
    )?))
}

/// Without the feature `postgres`: a usage error.
#[cfg(not(feature = "postgres"))]
pub fn server_seen(_url: &str) -> Result<Box<dyn AcceptOnce>, CliError> {
    Err(no_postgres())
}

/// The accept-once store at `location` (a file created when missing, or a server); a store
/// error is wrapped by `wrap` (the block's own replay-store error).
pub fn open_seen<E: govblocks_core::error::CodedError + 'static>(
    location: &Path,
    wrap: impl FnOnce(govblocks_store::Error) -> E,
) -> Result<Box<dyn AcceptOnce>, CliError> {
    match self::location(location) {
        Location::File(path) => Ok(Box::new(SqliteAcceptOnce::open(path).map_err(wrap)?)),
        Location::Server(url) => server_seen(url),
    }
}
