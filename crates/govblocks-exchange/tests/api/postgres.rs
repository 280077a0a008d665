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

use govblocks_store::postgres::TestSchema;

#[test]
fn every_replay_case_on_postgres() {
    if TestSchema::fresh("exchange_cases").is_none() {
        return;
    }
    let schemas = RefCell::new(Vec::new());
    run_cases(|_| {
        let schema = TestSchema::fresh("exchange_case").unwrap();
        let store = PgAcceptOnce::open(&schema.options()).unwrap();
        schemas.borrow_mut().push(schema);
        store
    });
}

#[test]
fn two_guards_on_one_postgres_schema_refuse_each_others_replays() {
    let Some(schema) = TestSchema::fresh("exchange_guards") else {
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
    let Some(schema) = TestSchema::fresh("exchange_foreign") else {
        return;
    };
    MessageLog::open_postgres(&schema.options(), SettableClock::at(t(0))).unwrap();
    let err = ReplayGuard::open_postgres(&schema.options(), SettableClock::at(t(0))).unwrap_err();
    assert_eq!(err.code(), "exchange.store");
    let err = MessageLog::open_postgres(
        &schema
            .options()
            .read_only()
            .with_schema(format!("{}_none", schema.name())),
        SettableClock::at(t(0)),
    )
    .unwrap_err();
    assert_eq!(err.code(), "exchange.store");
}

#[test]
fn two_message_logs_on_one_postgres_schema_never_fork_the_chain() {
    const EACH: usize = 20;
    let Some(schema) = TestSchema::fresh("exchange_log") else {
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
