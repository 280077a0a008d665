//! The hub's duplicate and replay refusal: batches and transfers accepted once, for ever, all
//! or nothing, in memory and in a SQLite file shared by two hubs racing.

use super::fixtures::*;
use govblocks_core::clock::Timestamp;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::hub::{
    accept_batch, AcceptOnce, Hub, MemoryAcceptOnce, SqliteAcceptOnce, BATCH_MESSAGE_ID,
    END_TO_END_ID,
};
use govblocks_payments::prelude::*;
use govblocks_store::accept_once::Until;
use std::sync::{Arc, Barrier};

fn now() -> Timestamp {
    "2026-12-06T10:00:00Z".parse().unwrap()
}

/// `usd_batch` with another message id and end-to-end ids `E2E-<prefix>-…`.
fn batch_as(message_id: &str, prefix: &str) -> Batch {
    let mut b = usd_batch();
    b.group_header.message_id = message_id.to_owned();
    for block in &mut b.payment_information {
        for t in &mut block.credit_transfers {
            t.end_to_end_id = t.end_to_end_id.replacen("E2E", &format!("E2E-{prefix}"), 1);
        }
    }
    b
}

fn hub<S: AcceptOnce>(store: S) -> Hub<S> {
    let policy = ApprovalPolicy::from_json(
        serde_json::json!({"makers": [did(1)], "checkers": [did(2)], "approvals": 1})
            .to_string()
            .as_bytes(),
    )
    .unwrap();
    let trust = policy.trust_list();
    Hub::new(
        BatchVerifier::new(Verifier::new(DidKeyResolver, trust), policy),
        store,
    )
}

fn signed(batch: &Batch) -> Vec<u8> {
    let doc = approve(sign_as_maker(batch, &key(1)).unwrap(), &key(2)).unwrap();
    doc.to_string().into_bytes()
}

#[test]
fn a_batch_is_accepted_once() {
    let store = MemoryAcceptOnce::new();
    let batch = usd_batch();
    assert_eq!(code(accept_batch(&store, &batch, now())), "ok");
    // The message id and the three end-to-end ids, for ever.
    assert_eq!(store.remembered().unwrap(), 4);
    assert_eq!(
        code(accept_batch(&store, &batch, now())),
        "payments.batch_replayed"
    );
    let years_later = "2099-01-01T00:00:00Z".parse().unwrap();
    assert_eq!(
        code(accept_batch(&store, &batch, years_later)),
        "payments.batch_replayed"
    );
}

#[test]
fn a_transfer_seen_before_refuses_the_batch_and_nothing_is_remembered() {
    let store = MemoryAcceptOnce::new();
    assert_eq!(
        code(accept_batch(&store, &batch_as("M-1", "a"), now())),
        "ok"
    );
    // A new message id resubmitting the same transfers.
    let error = accept_batch(&store, &batch_as("M-2", "a"), now()).unwrap_err();
    assert_eq!(error.code(), "payments.transfer_replayed");
    assert!(error.to_string().contains("E2E-a-0-0"), "{error}");
    // M-2 was not remembered: with new transfers it is accepted.
    assert_eq!(
        code(accept_batch(&store, &batch_as("M-2", "b"), now())),
        "ok"
    );
    // One old transfer among new ones: refused, the new ones stay new.
    let mut mixed = batch_as("M-3", "c");
    mixed.payment_information[1].credit_transfers[0].end_to_end_id = "E2E-b-1-0".into();
    assert_eq!(
        code(accept_batch(&store, &mixed, now())),
        "payments.transfer_replayed"
    );
    assert_eq!(
        code(accept_batch(&store, &batch_as("M-3", "c"), now())),
        "ok"
    );
}

#[test]
fn message_ids_and_end_to_end_ids_do_not_collide() {
    let store = MemoryAcceptOnce::new();
    // A message id equal to an end-to-end id of another batch is no replay.
    assert_eq!(code(accept_batch(&store, &batch_as("X", "a"), now())), "ok");
    assert_eq!(
        code(accept_batch(&store, &batch_as("E2E-a-0-0", "b"), now())),
        "ok"
    );
    assert!(!store
        .accept_once(BATCH_MESSAGE_ID, "X", now(), Until::Forever)
        .unwrap()
        .is_accepted());
    assert!(!store
        .accept_once(END_TO_END_ID, "E2E-b-0-1", now(), Until::Forever)
        .unwrap()
        .is_accepted());
}

#[test]
fn the_hub_verifies_before_it_remembers() {
    let hub = hub(MemoryAcceptOnce::new());
    let batch = usd_batch();
    // Made and approved by one key: refused, and nothing of it remembered.
    let doc = approve(sign_as_maker(&batch, &key(1)).unwrap(), &key(1)).unwrap();
    assert_ne!(code(hub.receive(doc.to_string().as_bytes(), now())), "ok");
    assert_eq!(hub.store().remembered().unwrap(), 0);
    let verified = hub.receive(&signed(&batch), now()).unwrap();
    assert_eq!(verified.group_header.message_id, "MSG-2026-0001");
    assert_eq!(
        code(hub.receive(&signed(&batch), now())),
        "payments.batch_replayed"
    );
}

#[test]
fn a_failing_store_refuses() {
    let dir = std::env::temp_dir().join(format!("govblocks-hub-ro-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seen.db");
    drop(SqliteAcceptOnce::open(&path).unwrap());
    let read_only = govblocks_store::sqlite_file::OpenOptions::default()
        .with_access(govblocks_store::sqlite_file::Access::ReadOnly);
    let store = SqliteAcceptOnce::open_with(&path, read_only).unwrap();
    assert_eq!(
        code(accept_batch(&store, &usd_batch(), now())),
        "payments.replay_store"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// Two hubs with their own handle on one SQLite file receive the same batches at the same
/// moment (and, in odd rounds, two batches sharing one transfer): exactly one accepts.
#[test]
fn two_hubs_on_one_file_accept_a_batch_exactly_once() {
    let dir = std::env::temp_dir().join(format!("govblocks-hub-race-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("seen.db");
    let hubs: Vec<_> = (0..2)
        .map(|_| Arc::new(hub(SqliteAcceptOnce::open(&path).unwrap())))
        .collect();
    for round in 0..12 {
        let same = batch_as(&format!("M-{round}"), &format!("r{round}"));
        let docs: Vec<Vec<u8>> = if round % 2 == 0 {
            vec![signed(&same), signed(&same)]
        } else {
            // Two different batches, one transfer in common.
            let mut other = batch_as(&format!("M-{round}-bis"), &format!("r{round}-bis"));
            other.payment_information[0].credit_transfers[1].end_to_end_id =
                same.payment_information[1].credit_transfers[0]
                    .end_to_end_id
                    .clone();
            vec![signed(&same), signed(&other)]
        };
        let barrier = Arc::new(Barrier::new(2));
        let results: Vec<&'static str> = docs
            .into_iter()
            .zip(&hubs)
            .map(|(doc, hub)| {
                let (hub, barrier) = (Arc::clone(hub), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    code(hub.receive(&doc, now()))
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|h| h.join().unwrap())
            .collect();
        let mut sorted = results.clone();
        sorted.sort();
        let refusal = if round % 2 == 0 {
            "payments.batch_replayed"
        } else {
            "payments.transfer_replayed"
        };
        assert_eq!(sorted, ["ok", refusal], "round {round}: {results:?}");
    }
    // Every accepted batch remembered whole: 12 message ids, 3 transfers each.
    assert_eq!(hubs[0].store().remembered().unwrap(), 12 * 4);
    drop(hubs);
    let _ = std::fs::remove_dir_all(&dir);
}
