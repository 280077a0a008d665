//! The store's tests in one binary: the chained log's conformance suite run against every
//! backend, the SQLite log's own tests (file format, tamper detection with edits behind its
//! back, erasure scrubbing the file, locking), the opening routine, the consent ledger file
//! written by govblocks 0.1.0, and (feature `postgres`) the PostgreSQL log's own tests.
//!
//! Adding a backend to the conformance suite is one line: `log_suite!(name, || Fixture::new(
//! log, keep_alive))`, next to the others in `backends` below (a backend that may be absent, a
//! server, gives an `Option<Fixture>`); a backend several processes share adds a
//! `log_processes!` line as well.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod suite;
#[cfg(feature = "postgres")]
#[path = "../common/postgres.rs"]
mod pg;
#[cfg(feature = "postgres")]
mod postgres_log;
mod sqlite_file;
mod sqlite_log;

/// Every backend the conformance suite runs against (one line each).
mod backends {
    use crate::suite::sqlite::open_log;
    use crate::suite::{profile, Fixture, TempDir};
    use govblocks_store::log::memory::MemoryLog;

    log_suite!(memory, || Fixture::new(
        MemoryLog::with_profile(profile()),
        ()
    ));
    log_suite!(sqlite, || {
        let dir = TempDir::new("log-suite");
        let log = open_log(dir.path().join("suite.log")).unwrap();
        Fixture::new(log, dir)
    });
    #[cfg(feature = "postgres")]
    log_suite!(postgres, || {
        let schema = crate::pg::Schema::fresh("log")?;
        let log = crate::postgres_log::open(&schema.options()).unwrap();
        Some(Fixture::new(log, schema))
    });

    log_processes!(
        sqlite_processes,
        || {
            let dir = TempDir::new("log-processes");
            let file = dir.path().join("shared.log").to_str().unwrap().to_owned();
            Some((file, dir))
        },
        |file: &str| open_log(file).unwrap()
    );
    #[cfg(feature = "postgres")]
    log_processes!(
        postgres_processes,
        || {
            let schema = crate::pg::Schema::fresh("procs")?;
            Some((schema.name.clone(), schema))
        },
        |schema: &str| {
            let url = crate::pg::server().unwrap();
            let options = govblocks_store::postgres::PgOptions::new(url).with_schema(schema);
            crate::postgres_log::open(&options).unwrap()
        }
    );
}
