//! The PostgreSQL accept-once store's own tests (each returns at once, with a note, without
//! `GOVBLOCKS_TEST_POSTGRES`): a connection killed in the middle of `accept_all_once` leaves
//! none of its ids remembered; expired rows are swept in one call of every `SWEEP_EVERY`.

use crate::pg::Schema;
use crate::suite::{t, CHALLENGE};
use govblocks_store::accept_once::{AcceptOnce, AcceptanceOfAll, Until};
use govblocks_store::postgres::PgAcceptOnce;
use std::time::{Duration, Instant};

#[test]
fn a_connection_killed_mid_transaction_remembers_none_of_its_ids() {
    let Some(schema) = Schema::fresh("seen_kill") else {
        return;
    };
    let store = std::sync::Arc::new(PgAcceptOnce::open(&schema.options()).unwrap());
    // Another session is inserting "k3" (uncommitted): the call below inserts "k1" and "k2",
    // then waits on "k3", in the middle of its transaction.
    let mut holder = schema.admin();
    let mut hold = holder.transaction().unwrap();
    hold.execute(
        &format!(
            "INSERT INTO {}.accept_once (scope, id, expires_at) VALUES ($1, $2, NULL)",
            schema.name
        ),
        &[&CHALLENGE.name().as_bytes(), &b"k3".as_slice()],
    )
    .unwrap();
    let caller = {
        let store = std::sync::Arc::clone(&store);
        std::thread::spawn(move || {
            store.accept_all_once(
                &[(CHALLENGE, "k1"), (CHALLENGE, "k2"), (CHALLENGE, "k3")],
                t(0),
                Until::Forever,
            )
        })
    };
    let mut admin = schema.admin();
    let deadline = Instant::now() + Duration::from_secs(10);
    let pid: i32 = loop {
        let row = admin
            .query_opt(
                "SELECT pid FROM pg_stat_activity \
                 WHERE application_name = $1 AND wait_event_type = 'Lock' LIMIT 1",
                &[&format!("govblocks-store {}", schema.name)],
            )
            .unwrap();
        if let Some(row) = row {
            break row.get(0);
        }
        assert!(
            Instant::now() < deadline,
            "the store's session never waited"
        );
        std::thread::sleep(Duration::from_millis(20));
    };
    let killed: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(killed);
    assert_eq!(caller.join().unwrap().unwrap_err().code(), "store.storage");
    hold.rollback().unwrap();
    assert_eq!(store.remembered().unwrap(), 0);
    assert_eq!(
        store
            .accept_all_once(
                &[(CHALLENGE, "k1"), (CHALLENGE, "k2"), (CHALLENGE, "k3")],
                t(1),
                Until::Forever,
            )
            .unwrap(),
        AcceptanceOfAll::Accepted
    );
}

#[test]
fn expired_rows_are_swept_once_every_sweep_interval() {
    let Some(schema) = Schema::fresh("ao_sweep") else {
        return;
    };
    crate::suite::expired_rows_are_swept_once_every_sweep_interval(200, || {
        PgAcceptOnce::open(&schema.options()).unwrap()
    });
}
