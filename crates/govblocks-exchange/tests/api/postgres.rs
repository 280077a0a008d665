//! The exchange block's PostgreSQL paths (feature `postgres`): the replay guard
//! (`ReplayGuard::open_postgres`: every case of the table, two guards of two processes sharing
//! one schema) and the message log (`MessageLog::open_postgres`: two writers never fork the
//! chain, a reopening checks it, a foreign schema is refused). Runs when
//! `GOVBLOCKS_TEST_POSTGRES` names a server (`.ci/run` does); otherwise each test passes with a
//! printed note. The store's guarantees themselves are proved by govblocks-store's suites.

use crate::replay::{code, run_cases, t, CLIENT, ID};
use govblocks_core::clock::SettableClock;
use govblocks_exchange::log::{Direction, MessageLog};
use govblocks_exchange::replay::ReplayGuard;
use govblocks_store::postgres::PgAcceptOnce;
use serde_json::json;
use std::cell::RefCell;

/// The PostgreSQL server of these tests: `GOVBLOCKS_TEST_POSTGRES` names it (a connection
/// string); when it is not set the tests return at once, with a note on stderr. Each test works
/// in a schema of its own (a unique name), dropped afterwards with `psql` when it is installed
/// (else left for the throwaway cluster to take away).
pub struct PgSchema {
    pub url: String,
    pub name: String,
}

impl PgSchema {
    /// A fresh schema name on the server, or `None` (with a note) when no server is named.
    pub fn fresh(tag: &str) -> Option<Self> {
        use std::sync::atomic::{AtomicU64, Ordering};
        static N: AtomicU64 = AtomicU64::new(0);
        let url = match std::env::var("GOVBLOCKS_TEST_POSTGRES") {
            Ok(url) if !url.is_empty() => url,
            _ => {
                use std::io::Write;
                let _ = writeln!(
                    std::io::stderr(),
                    "note: GOVBLOCKS_TEST_POSTGRES is not set: {tag} is skipped (passes without \
                     running); see .ci/postgres-cluster"
                );
                return None;
            }
        };
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let name = format!(
            "gbt_{tag}_{}_{}_{nanos}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        );
        Some(Self { url, name })
    }

    /// The store options for this schema.
    pub fn options(&self) -> govblocks_store::postgres::PgOptions {
        govblocks_store::postgres::PgOptions::new(&self.url).with_schema(&self.name)
    }
}

impl Drop for PgSchema {
    fn drop(&mut self) {
        let _ = std::process::Command::new("psql")
            .args([self.url.as_str(), "-q", "-c"])
            .arg(format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status();
    }
}

#[test]
fn every_replay_case_on_postgres() {
    if PgSchema::fresh("exchange_cases").is_none() {
        return;
    }
    let schemas = RefCell::new(Vec::new());
    run_cases(|_| {
        let schema = PgSchema::fresh("exchange_case").unwrap();
        let store = PgAcceptOnce::open(&schema.options()).unwrap();
        schemas.borrow_mut().push(schema);
        store
    });
}

#[test]
fn two_guards_on_one_postgres_schema_refuse_each_others_replays() {
    let Some(schema) = PgSchema::fresh("exchange_guards") else {
        return;
    };
    let clock = SettableClock::at(t(0));
    let first = ReplayGuard::open_postgres(&schema.options(), clock.clone()).unwrap();
    let second = ReplayGuard::open_postgres(&schema.options(), clock.clone()).unwrap();
    assert_eq!(code(first.check(CLIENT, ID, t(0))), "accepted");
    assert_eq!(code(second.check(CLIENT, ID, t(0))), "exchange.replayed");
    // Many threads of both guards on one new id: exactly one accepts it.
    let accepted = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..8)
            .map(|i| {
                let guard = if i % 2 == 0 { &first } else { &second };
                scope.spawn(move || guard.check(CLIENT, "raced", t(0)).is_ok())
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(|&accepted| accepted)
            .count()
    });
    assert_eq!(accepted, 1);
    // A guard opened later (a restarted process) still refuses, until the window is over.
    drop((first, second));
    let later = ReplayGuard::open_postgres(&schema.options(), clock.clone()).unwrap();
    clock.set(t(299_999));
    assert_eq!(code(later.check(CLIENT, ID, t(0))), "exchange.replayed");
    assert_eq!(later.remembered().unwrap(), 2);
}

#[test]
fn a_postgres_guard_refuses_a_foreign_schema() {
    let Some(schema) = PgSchema::fresh("exchange_foreign") else {
        return;
    };
    MessageLog::open_postgres(&schema.options(), SettableClock::at(t(0))).unwrap();
    let err = ReplayGuard::open_postgres(&schema.options(), SettableClock::at(t(0))).unwrap_err();
    assert_eq!(err.code(), "exchange.store");
    let err = MessageLog::open_postgres(
        &schema
            .options()
            .read_only()
            .with_schema(format!("{}_none", schema.name)),
        SettableClock::at(t(0)),
    )
    .unwrap_err();
    assert_eq!(err.code(), "exchange.store");
}

#[test]
fn two_message_logs_on_one_postgres_schema_never_fork_the_chain() {
    const EACH: usize = 20;
    let Some(schema) = PgSchema::fresh("exchange_log") else {
        return;
    };
    let clock = SettableClock::at(t(0));
    let logs: Vec<_> = (0..2)
        .map(|_| MessageLog::open_postgres(&schema.options(), clock.clone()).unwrap())
        .collect();
    std::thread::scope(|scope| {
        for (w, log) in logs.iter().enumerate() {
            scope.spawn(move || {
                for i in 0..EACH {
                    let id = format!("w{w}-{i}");
                    log.record(Direction::Received, &id, "c", &json!({"n": i}))
                        .unwrap();
                }
            });
        }
    });
    // A reopening checks the chain, and finds every message in one order.
    let again = MessageLog::open_postgres(&schema.options(), clock).unwrap();
    assert_eq!(again.check().unwrap(), (2 * EACH) as u64);
    let all = again.messages().unwrap();
    assert_eq!(all.len(), 2 * EACH);
    for (n, m) in all.iter().enumerate() {
        assert_eq!(m.receipt.sequence, n as u64);
    }
    let found = again.find("w1-7").unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].message, json!({"n": 7}));
    assert_eq!(again.conversation("c").unwrap().len(), 2 * EACH);
}
