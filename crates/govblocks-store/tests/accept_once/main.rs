//! The accept-once store's tests: one conformance suite (`suite.rs`) run against every
//! backend — a new backend is one line below — and the SQLite backend's own tests
//! (`sqlite.rs`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// Without SQLite no backend is `shared`: the suite's durable tests go unused.
#![cfg_attr(not(feature = "sqlite"), allow(dead_code))]

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
