//! The accept-once store's tests: one conformance suite (`suite.rs`) run against every
//! backend — a new backend is one line below — and the SQLite and PostgreSQL backends' own
//! tests (`sqlite.rs`, `postgres_store.rs`, the latter with feature `postgres` and a server named by
//! `GOVBLOCKS_TEST_POSTGRES`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Without SQLite no backend is `shared`: the suite's durable tests go unused.
#![cfg_attr(not(feature = "sqlite"), allow(dead_code))]

#[cfg(feature = "postgres")]
#[path = "../common/postgres.rs"]
mod pg;
#[cfg(feature = "postgres")]
mod postgres_store;
#[cfg(feature = "sqlite")]
mod sqlite;
mod suite;

use govblocks_store::accept_once::MemoryAcceptOnce;
use std::path::Path;

suite::conformance!(memory, in_process, |_: &Path| MemoryAcceptOnce::new());
#[cfg(feature = "sqlite")]
suite::conformance!(sqlite_file, shared, |place: &Path| {
    govblocks_store::accept_once::SqliteAcceptOnce::open(place.join("accept-once.db")).unwrap()
});
#[cfg(feature = "postgres")]
suite::conformance!(
    postgres,
    shared,
    |place: &Path| {
        // The schema named after the test's directory: the racing processes, given the same
        // directory, open the same store. Dropped with the directory.
        let schema = crate::pg::Schema::of_place(place).unwrap();
        let store = govblocks_store::postgres::PgAcceptOnce::open(&schema.options()).unwrap();
        schema.forget();
        store
    },
    when crate::pg::server().is_some()
);
