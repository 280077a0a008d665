//! The store's tests in one binary: the chained log's conformance suite run against every
//! backend, the SQLite log's own tests (file format, tamper detection with edits behind its
//! back, erasure scrubbing the file, locking), the opening routine, and the consent ledger
//! file written by govblocks 0.1.0.
//!
//! Adding a backend to the conformance suite is one line: `log_suite!(name, || Fixture::new(
//! log, keep_alive))`, next to the two in `backends` below.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod suite;
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
}
