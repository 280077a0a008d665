//! The PostgreSQL tests' server: `GOVBLOCKS_TEST_POSTGRES` names it (a connection string); when
//! it is not set the PostgreSQL tests return at once, saying so on stderr. Every test works in
//! a schema of its own, dropped at the end. `GOVBLOCKS_TEST_POSTGRES_RESTART`, when set, is a
//! shell command that restarts the server (CI's `.ci/postgres-cluster restart DIR`): the restart
//! tests run only then.
#![allow(dead_code)]

use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

/// Taken shared by every test's schema, and exclusively by a test that restarts the server, so
/// that a restart never lands in another test of the same binary.
static SERVER_IN_USE: RwLock<()> = RwLock::new(());

/// How a test holds the server.
pub enum Hold {
    Shared(RwLockReadGuard<'static, ()>),
    Exclusive(RwLockWriteGuard<'static, ()>),
}

fn shared() -> Hold {
    Hold::Shared(SERVER_IN_USE.read().unwrap_or_else(PoisonError::into_inner))
}

/// The variable naming the server.
pub const SERVER: &str = "GOVBLOCKS_TEST_POSTGRES";
/// The variable holding a command that restarts the server.
pub const RESTART: &str = "GOVBLOCKS_TEST_POSTGRES_RESTART";

/// The server's connection string, or `None` (with a note, once) when none is named.
pub fn server() -> Option<String> {
    govblocks_store::postgres::TestSchema::server()
}

/// A schema of its own for one test (or one group of processes), dropped when dropped.
pub struct Schema {
    pub url: String,
    pub name: String,
    pub hold: Option<Hold>,
}

impl Schema {
    /// A fresh schema name (nothing is created: the store creates it).
    pub fn fresh(tag: &str) -> Option<Self> {
        let hold = shared();
        let mut schema = Self::fresh_unheld(tag)?;
        schema.hold = Some(hold);
        Some(schema)
    }

    fn fresh_unheld(tag: &str) -> Option<Self> {
        static N: AtomicU64 = AtomicU64::new(0);
        let url = server()?;
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "gbt_{tag}_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        Some(Self {
            url,
            name,
            hold: None,
        })
    }

    /// A fresh schema, for a test that restarts the server: no other test of this binary uses
    /// the server meanwhile.
    pub fn fresh_exclusive(tag: &str) -> Option<Self> {
        server()?;
        let hold = Hold::Exclusive(
            SERVER_IN_USE
                .write()
                .unwrap_or_else(PoisonError::into_inner),
        );
        let mut schema = Self::fresh_unheld(tag)?;
        schema.hold = Some(hold);
        Some(schema)
    }

    /// Another schema on the server, held as `self` holds it (by `self`).
    pub fn sibling(&self, suffix: &str) -> Self {
        Self {
            url: self.url.clone(),
            name: format!("{}_{suffix}", self.name),
            hold: None,
        }
    }

    /// The schema of a test directory: every process given `place` opens the same one.
    pub fn of_place(place: &Path) -> Option<Self> {
        use sha2::Digest;
        let url = server()?;
        let digest = sha2::Sha256::digest(place.as_os_str().as_encoded_bytes());
        Some(Self {
            url,
            hold: Some(shared()),
            name: format!(
                "gbt_place_{}",
                digest[..10]
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>()
            ),
        })
    }

    /// The store options for this schema.
    pub fn options(&self) -> govblocks_store::postgres::PgOptions {
        govblocks_store::postgres::PgOptions::new(&self.url).with_schema(&self.name)
    }

    /// A plain client on the server (the test's own, as an administrator would use).
    pub fn admin(&self) -> postgres::Client {
        postgres::Client::connect(&self.url, postgres::NoTls).unwrap()
    }

    /// Keeps the schema (for another process to drop).
    pub fn forget(mut self) {
        self.hold = None;
        std::mem::forget(self)
    }
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// Restarts the server with `GOVBLOCKS_TEST_POSTGRES_RESTART`; `false` (with a note) when it is
/// not set.
pub fn restart_server() -> bool {
    let Ok(command) = std::env::var(RESTART) else {
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "note: {RESTART} is not set: the test does not control the server, the restart \
             part is skipped"
        );
        return false;
    };
    let status = std::process::Command::new("sh")
        .args(["-c", &command])
        .status()
        .unwrap();
    assert!(status.success(), "restarting the server: {status}");
    true
}
