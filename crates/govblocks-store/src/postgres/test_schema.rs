//! A throwaway schema on a test server, for tests of code built on these stores (the blocks'
//! own, the CLI's, and a deployment's).
//!
//! `GOVBLOCKS_TEST_POSTGRES` names the server (a connection string). When it is not set,
//! [`TestSchema::fresh`] returns `None` and prints a note on stderr once per process, so a test
//! that starts with `let Some(schema) = TestSchema::fresh("tag") else { return };` passes
//! without a server and runs against one when it is named (`.ci/run` starts one; see
//! `.ci/postgres-cluster`).
//!
//! ```no_run
//! use govblocks_store::postgres::{PgAcceptOnce, TestSchema};
//! let Some(schema) = TestSchema::fresh("my_service") else { return Ok(()) };
//! let seen = PgAcceptOnce::open(&schema.options())?;
//! // … the schema and everything in it is dropped with `schema`.
//! # Ok::<(), govblocks_store::Error>(())
//! ```

use super::PgOptions;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Once;

/// The variable naming the test server.
pub const TEST_SERVER_VARIABLE: &str = "GOVBLOCKS_TEST_POSTGRES";

/// A schema of its own for one test on the server `GOVBLOCKS_TEST_POSTGRES` names: a name no
/// other test or process uses (a tag, the process id, a counter, the clock's nanoseconds),
/// nothing created (the store creates it when opened), and the schema **dropped with
/// everything in it when this value is dropped** (through a connection of its own; a failure
/// to drop is ignored: a throwaway cluster takes it away).
#[derive(Debug)]
pub struct TestSchema {
    url: String,
    name: String,
}

impl TestSchema {
    /// A fresh schema name on the test server, or `None` (and a note on stderr, once) when
    /// `GOVBLOCKS_TEST_POSTGRES` is not set. `tag` is put in the name (letters, digits and `_`
    /// keep it a plain SQL identifier).
    pub fn fresh(tag: &str) -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let url = Self::server()?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "gbt_{}_{}_{}_{nanos}",
            plain(tag),
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        Some(Self { url, name })
    }

    /// Another schema on the same server, named after this one (`NAME_suffix`), dropped when
    /// it is dropped: for a test whose stores live in two schemas. `suffix` is sanitised as
    /// `fresh`'s tag is.
    pub fn sibling(&self, suffix: &str) -> Self {
        Self {
            url: self.url.clone(),
            name: format!("{}_{}", self.name, plain(suffix)),
        }
    }

    /// The test server's connection string (`GOVBLOCKS_TEST_POSTGRES`), or `None` and a note on
    /// stderr (once per process) when it is not set: for a test that needs the server but not
    /// a schema of this kind.
    pub fn server() -> Option<String> {
        server()
    }

    /// The server's connection string, as `GOVBLOCKS_TEST_POSTGRES` gives it.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The schema's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The store options of this schema ([`PgOptions::with_schema`]).
    pub fn options(&self) -> PgOptions {
        PgOptions::new(&self.url).with_schema(&self.name)
    }

    /// The connection string with a `schema=NAME` parameter, as the `govblocks` command takes
    /// it wherever a store file is accepted (`--ledger`, `--seen`, `--log`).
    pub fn location(&self) -> String {
        let join = if self.url.contains('?') { '&' } else { '?' };
        format!("{}{join}schema={}", self.url, self.name)
    }
}

impl Drop for TestSchema {
    fn drop(&mut self) {
        if let Ok(mut client) = ::postgres::Client::connect(&self.url, ::postgres::NoTls) {
            // The name is ours (made in `fresh` from safe characters): no quoting needed.
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// `text` as a plain SQL identifier's part: ASCII letters (lower-cased), digits, `_` for the
/// rest.
fn plain(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// The test server's connection string, or `None` (with a note, once) when none is named.
fn server() -> Option<String> {
    static NOTE: Once = Once::new();
    match std::env::var(TEST_SERVER_VARIABLE) {
        Ok(url) if !url.is_empty() => Some(url),
        _ => {
            NOTE.call_once(|| {
                // Straight to the process's stderr, past the test harness's capture, so that
                // the note shows in a plain `cargo test`.
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: {TEST_SERVER_VARIABLE} is not set: the PostgreSQL tests are skipped \
                     (they pass without running). Set it to a connection string, e.g. \
                     postgresql://postgres@127.0.0.1:5432/postgres, or see .ci/postgres-cluster."
                );
            });
            None
        }
    }
}
