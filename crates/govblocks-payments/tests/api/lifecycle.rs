//! The batch's life, kept: the order rules (one test per rule, each a table of lives and the
//! code the log gives), the auditor's replay, status by end-to-end id, and tamper detection on
//! a SQLite log edited behind its back (changed, removed, reordered entries, a forged index).

use super::fixtures::*;
use govblocks_core::digest::ContentDigest;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_payments::approval::SignerRole;
use govblocks_payments::hub::MemoryAcceptOnce;
use govblocks_payments::lifecycle::{
    self, Access, BatchLife, Event, EventKind, Log, MemoryLog, PaymentLog, SqliteLog, Stage,
    StatusReason, TransferState, STATUS_REASONS,
};
use govblocks_payments::prelude::*;
use serde_json::json;
use std::path::PathBuf;

/// The hub's key.
fn hub_key() -> govblocks_core::keys::SecretKey {
    key(9)
}

fn at(t: &str) -> Timestamp {
    t.parse().unwrap()
}

fn policy() -> ApprovalPolicy {
    let policy = json!({"makers": [did(1)], "checkers": [did(2), did(3)], "approvals": 1,
                        "people": {"alice": [did(1)], "bob": [did(2)]}});
    ApprovalPolicy::from_json(policy.to_string().as_bytes()).unwrap()
}

/// The usual batch (MSG-2026-0001: E2E-0-0, E2E-0-1, E2E-1-0), made by Alice and approved by
/// Bob and Chen.
fn approved() -> Vec<u8> {
    let made = sign_as_maker(&usd_batch(), &key(1)).unwrap();
    let approved = approve(approve(made, &key(2)).unwrap(), &key(3)).unwrap();
    approved.to_string().into_bytes()
}

const MSG: &str = "MSG-2026-0001";

/// The batch's life started in `log` at 10:00.
fn started<L: Log>(log: L) -> PaymentLog<L> {
    let life = PaymentLog::for_hub(log, hub_key().public_key().did());
    let verifier = BatchVerifier::new(
        Verifier::new(DidKeyResolver, policy().trust_list()),
        policy(),
    );
    let bytes = approved();
    let accepted = verifier.verify_resolved(&bytes).unwrap();
    life.start(
        &hub_key(),
        &bytes,
        accepted.batch.value(),
        &accepted.approval,
        at("2026-12-06T10:00:00Z"),
    )
    .unwrap();
    life
}

fn record<L: Log>(life: &PaymentLog<L>, events: Vec<Event>, t: &str) -> &'static str {
    code(life.record(&hub_key(), MSG, events, at(t)))
}

fn settled(e2e: &str) -> Event {
    Event::Settled {
        end_to_end_id: e2e.to_owned(),
    }
}

fn rejected(e2e: &str, reason: &str) -> Event {
    Event::Rejected {
        end_to_end_id: e2e.to_owned(),
        reason: StatusReason::parse(reason).unwrap(),
    }
}

#[test]
fn a_batch_lives_from_received_to_settled_and_rejected() {
    let life = started(MemoryLog::new());
    let start = life.history(MSG).unwrap();
    let kinds: Vec<EventKind> = start.events.iter().map(|e| e.wire.event).collect();
    assert_eq!(
        kinds,
        [
            EventKind::Received,
            EventKind::Verified,
            EventKind::Approved,
            EventKind::Approved,
            EventKind::Approved
        ]
    );
    // Who approved, in which role, as the policy counted them.
    let approvals: Vec<(String, SignerRole, String)> = start
        .events
        .iter()
        .filter_map(|e| match &e.event {
            Event::Approved {
                signer,
                role,
                person,
                ..
            } => Some((signer.clone(), *role, person.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        approvals,
        [
            (did(1), SignerRole::Maker, "alice".to_owned()),
            (did(2), SignerRole::Checker, "bob".to_owned()),
            (did(3), SignerRole::Checker, did(3)),
        ]
    );
    // What was received: the digest of the bytes as they came.
    assert_eq!(
        start.events[0].event,
        Event::Received {
            batch_digest: ContentDigest::of_bytes(&approved())
        }
    );
    assert!(start
        .events
        .iter()
        .all(|e| e.signer == hub_key().public_key().did()));
    for e2e in ["E2E-0-0", "E2E-0-1", "E2E-1-0"] {
        let status = life.status(e2e).unwrap();
        assert_eq!(status.state, TransferState::Pending(Stage::Approved));
        assert_eq!(status.message_id, MSG);
    }

    life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
        .unwrap();
    assert_eq!(
        life.status("E2E-0-0").unwrap().state,
        TransferState::Released
    );
    life.settle(&hub_key(), "E2E-0-0", at("2026-12-07T09:00:00Z"))
        .unwrap();
    let ac04 = StatusReason::parse("AC04").unwrap();
    life.reject(&hub_key(), "E2E-0-1", ac04, at("2026-12-07T09:01:00Z"))
        .unwrap();

    let settled = life.status("E2E-0-0").unwrap();
    assert_eq!(settled.state, TransferState::Settled);
    // Its history: the batch's events and its own outcome, not the others'.
    let kinds: Vec<EventKind> = settled.events.iter().map(|e| e.wire.event).collect();
    assert_eq!(kinds.len(), 7);
    assert_eq!(kinds[5], EventKind::Released);
    assert_eq!(kinds[6], EventKind::Settled);
    assert_eq!(
        life.status("E2E-0-1").unwrap().state,
        TransferState::Rejected(ac04)
    );
    assert_eq!(
        life.status("E2E-1-0").unwrap().state,
        TransferState::Released
    );

    let history = life.history(MSG).unwrap();
    assert_eq!(history.events.len(), 8);
    assert_eq!(history.life.settled(), 1);
    assert_eq!(history.life.rejected(), 1);
    // Each event names, signed, the digest of the entry before it.
    for pair in history.events.windows(2) {
        assert_eq!(pair[1].wire.previous, Some(pair[0].digest));
    }
    assert_eq!(history.events[0].wire.previous, None);
    assert_eq!(history.head, history.events[7].digest);
}

#[test]
fn nothing_is_released_before_it_is_verified_and_approved() {
    let life = PaymentLog::for_hub(MemoryLog::new(), hub_key().public_key().did());
    // A batch with no life.
    assert_eq!(
        code(life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))),
        "payments.batch_unknown"
    );
    // The rules themselves, on lives built event by event.
    let received = Event::Received {
        batch_digest: ContentDigest::of_bytes(b"x"),
    };
    let verified = Event::Verified {
        transactions: 2,
        control_sum: "30".into(),
        totals: Default::default(),
        end_to_end_ids: vec!["A".into(), "B".into()],
        blocks: vec![],
    };
    let approved = |role| Event::Approved {
        signer: did(1),
        role,
        person: "p".into(),
        signed_at: None,
    };
    let maker = approved(SignerRole::Maker);
    let checker = approved(SignerRole::Checker);
    let cases: Vec<(Vec<Event>, &str)> = vec![
        (vec![verified.clone()], "payments.event_out_of_order"),
        (vec![Event::Released], "payments.event_out_of_order"),
        (
            vec![received.clone(), received.clone()],
            "payments.event_out_of_order",
        ),
        (
            vec![received.clone(), Event::Released],
            "payments.event_out_of_order",
        ),
        (
            vec![received.clone(), maker.clone()],
            "payments.event_out_of_order",
        ),
        (
            vec![received.clone(), verified.clone(), Event::Released],
            "payments.event_out_of_order",
        ),
        (
            vec![received.clone(), verified.clone(), checker.clone()],
            "payments.event_out_of_order",
        ),
        // A maker alone does not release.
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                Event::Released,
            ],
            "payments.event_out_of_order",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                maker.clone(),
            ],
            "payments.event_out_of_order",
        ),
        (
            vec![received.clone(), verified.clone(), verified.clone()],
            "payments.event_out_of_order",
        ),
        // An outcome before release.
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                settled("A"),
            ],
            "payments.event_out_of_order",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                Event::Released,
                Event::Released,
            ],
            "payments.event_out_of_order",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                Event::Released,
                checker.clone(),
            ],
            "payments.event_out_of_order",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                Event::Released,
                settled("C"),
            ],
            "payments.transfer_not_in_batch",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                Event::Released,
                settled("A"),
                rejected("A", "AC04"),
            ],
            "payments.outcome_repeated",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                Event::Released,
                settled("A"),
                settled("A"),
            ],
            "payments.outcome_repeated",
        ),
        (
            vec![
                received.clone(),
                verified.clone(),
                maker.clone(),
                checker.clone(),
                checker.clone(),
                Event::Released,
                rejected("B", "AM04"),
                settled("A"),
            ],
            "ok",
        ),
    ];
    for (events, expected) in cases {
        let mut life = BatchLife::new(MSG);
        let result = events
            .iter()
            .try_for_each(|e| life.apply(MSG, at("2026-12-06T10:00:00Z"), e));
        assert_eq!(code(result), expected, "{events:?}");
    }
    // An event dated before the one it follows.
    let mut life = BatchLife::new(MSG);
    life.apply(MSG, at("2026-12-06T10:00:00Z"), &received)
        .unwrap();
    assert_eq!(
        code(life.apply(MSG, at("2026-12-06T09:59:59Z"), &verified)),
        "payments.event_out_of_order"
    );
    // An event of another batch.
    assert_eq!(
        code(life.apply("MSG-OTHER", at("2026-12-06T10:00:00Z"), &verified)),
        "payments.event_invalid"
    );
    // A refused event changes nothing.
    assert_eq!(life.stage(), Stage::Received);
}

#[test]
fn the_log_refuses_what_the_rules_refuse_and_writes_nothing() {
    let life = started(MemoryLog::new());
    let before = life.history(MSG).unwrap().events.len();
    assert_eq!(
        record(&life, vec![settled("E2E-0-0")], "2026-12-06T11:00:00Z"),
        "payments.event_out_of_order"
    );
    assert_eq!(
        code(life.settle(&hub_key(), "E2E-0-0", at("2026-12-06T11:00:00Z"))),
        "payments.event_out_of_order"
    );
    // All or nothing: released is fine, the outcome after it is not, so neither is written.
    assert_eq!(
        record(
            &life,
            vec![Event::Released, settled("E2E-9-9")],
            "2026-12-06T11:00:00Z"
        ),
        "payments.transfer_not_in_batch"
    );
    assert_eq!(life.history(MSG).unwrap().events.len(), before);
    assert_eq!(
        record(&life, vec![Event::Released], "2026-12-06T09:00:00Z"),
        "payments.event_out_of_order"
    );
    assert_eq!(
        record(&life, vec![Event::Released], "2026-12-06T11:00:00Z"),
        "ok"
    );
    assert_eq!(
        code(life.settle(&hub_key(), "E2E-NOPE", at("2026-12-06T12:00:00Z"))),
        "payments.transfer_unknown"
    );
    assert_eq!(code(life.status("E2E-NOPE")), "payments.transfer_unknown");
    // A second start of the same batch: its stream exists.
    let again = started_again(&life);
    assert_eq!(again, "store.conflict");
    // Many outcomes in one call: one replay, one append.
    assert_eq!(
        record(
            &life,
            vec![
                settled("E2E-0-0"),
                rejected("E2E-0-1", "AC01"),
                settled("E2E-1-0")
            ],
            "2026-12-07T09:00:00Z"
        ),
        "ok"
    );
    assert_eq!(
        record(&life, vec![settled("E2E-1-0")], "2026-12-07T10:00:00Z"),
        "payments.outcome_repeated"
    );
}

fn started_again<L: Log>(life: &PaymentLog<L>) -> &'static str {
    let verifier = BatchVerifier::new(
        Verifier::new(DidKeyResolver, policy().trust_list()),
        policy(),
    );
    let bytes = approved();
    let accepted = verifier.verify_resolved(&bytes).unwrap();
    code(life.start(
        &hub_key(),
        &bytes,
        accepted.batch.value(),
        &accepted.approval,
        at("2026-12-06T12:00:00Z"),
    ))
}

#[test]
fn only_the_hub_signs_the_life() {
    let life = started(MemoryLog::new());
    // Someone else's key writes an event into the log: the replay refuses it.
    let intruder = key(7);
    life.record(
        &intruder,
        MSG,
        vec![Event::Released],
        at("2026-12-06T11:00:00Z"),
    )
    .unwrap();
    let error = life.history(MSG).unwrap_err();
    assert!(error.code().starts_with("trust."), "{error}");
    // An auditor who trusts another key than the hub's sees nothing verify.
    let log = started(MemoryLog::new()).into_log();
    let auditor = PaymentLog::new(
        log,
        Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(did(8))),
    );
    assert!(auditor
        .history(MSG)
        .unwrap_err()
        .code()
        .starts_with("trust."));
}

#[test]
fn reason_codes_are_iso_20022_status_reasons() {
    let source: serde_json::Value = serde_json::from_str(include_str!(
        "../vectors/iso20022-external-code-sets/ExternalStatusReason1Code.json"
    ))
    .unwrap();
    let mut codes: Vec<&str> = source["ExternalStatusReason1Code"]["enum"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    codes.sort_unstable();
    let table: Vec<&str> = STATUS_REASONS.iter().map(|(c, _)| *c).collect();
    assert_eq!(table, codes);
    assert_eq!(table.len(), 271);
    use sha2::Digest;
    let digest = sha2::Sha256::digest(include_bytes!(
        "../vectors/iso20022-external-code-sets/ExternalStatusReason1Code.json"
    ));
    assert_eq!(
        format!("{digest:x}"),
        "1a29c7553f255428ef4c925a0506f9c812ecc254b4d0716512fa81c262f500b9"
    );
    for (input, expected) in [
        ("AC04", "ok"),
        ("AC01", "ok"),
        ("AM04", "ok"),
        ("MD07", "ok"),
        ("NARR", "ok"),
        ("DS0A", "ok"),
        ("ac04", "payments.reason_code_unknown"),
        ("AC4", "payments.reason_code_unknown"),
        ("AC044", "payments.reason_code_unknown"),
        ("ZZ99", "payments.reason_code_unknown"),
        ("", "payments.reason_code_unknown"),
    ] {
        assert_eq!(code(StatusReason::parse(input)), expected, "{input:?}");
    }
    // On the wire, too: an event with an unknown reason does not read.
    let wire = json!({"type": "PaymentEvent", "event": "rejected", "messageId": "M",
                      "at": "2026-12-06T10:00:00Z", "endToEndId": "E", "reason": "ZZ99"});
    assert!(serde_json::from_value::<lifecycle::PaymentEvent>(wire).is_err());
}

#[test]
fn an_event_has_exactly_the_members_of_its_kind() {
    let base = json!({"type": "PaymentEvent", "messageId": "M", "at": "2026-12-06T10:00:00Z"});
    let with = |extra: serde_json::Value| {
        let mut v = base.clone();
        for (k, x) in extra.as_object().unwrap() {
            v[k] = x.clone();
        }
        let event: lifecycle::PaymentEvent = serde_json::from_value(v).unwrap();
        code(event.event())
    };
    assert_eq!(with(json!({"event": "released"})), "ok");
    assert_eq!(
        with(json!({"event": "released", "endToEndId": "E"})),
        "payments.event_invalid"
    );
    assert_eq!(with(json!({"event": "settled"})), "payments.event_invalid");
    assert_eq!(
        with(json!({"event": "rejected", "endToEndId": "E"})),
        "payments.event_invalid"
    );
    assert_eq!(
        with(json!({"event": "settled", "endToEndId": "E", "reason": "AC04"})),
        "payments.event_invalid"
    );
    assert_eq!(
        with(
            json!({"event": "verified", "transactions": 2, "controlSum": "1",
                    "totals": {}, "endToEndIds": ["A"]})
        ),
        "payments.event_invalid"
    );
    assert_eq!(
        with(json!({"event": "approved", "signer": did(1), "role": "checker"})),
        "payments.event_invalid"
    );
}

// ---- SQLite: the file edited behind the log's back ---------------------------------------

struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!(
            "govblocks-payments-life-{name}-{}",
            std::process::id()
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Dir(dir)
    }
    fn path(&self, file: &str) -> PathBuf {
        self.0.join(file)
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A SQLite log holding the batch's life up to two outcomes (8 entries).
fn lived(dir: &Dir) -> PathBuf {
    let path = dir.path("payments.db");
    let life = started(lifecycle::open(&path, Access::Create).unwrap());
    life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
        .unwrap();
    life.settle(&hub_key(), "E2E-0-0", at("2026-12-07T09:00:00Z"))
        .unwrap();
    life.reject(
        &hub_key(),
        "E2E-0-1",
        StatusReason::parse("AC04").unwrap(),
        at("2026-12-07T09:01:00Z"),
    )
    .unwrap();
    path
}

fn reopen(path: &PathBuf) -> Result<PaymentLog<SqliteLog>, govblocks_payments::Error> {
    lifecycle::open(path, Access::ReadOnly)
        .map(|log| PaymentLog::for_hub(log, hub_key().public_key().did()))
}

/// The file, opened as someone editing it behind the log's back would.
fn raw(path: &PathBuf) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS revisions_append_only; DROP TRIGGER IF EXISTS revisions_erase_only;
         DROP TRIGGER IF EXISTS records_append_only; DROP TRIGGER IF EXISTS records_forward_only;",
    )
    .unwrap();
    conn
}

const STREAM: &str = "payments.batch:MSG-2026-0001";

fn document(conn: &rusqlite::Connection, sequence: i64) -> Vec<u8> {
    conn.query_row(
        "SELECT document FROM revisions WHERE record = ?1 AND sequence = ?2",
        rusqlite::params![STREAM, sequence],
        |row| row.get(0),
    )
    .unwrap()
}

#[test]
fn an_intact_sqlite_log_replays_after_reopening() {
    let dir = Dir::new("intact");
    let path = lived(&dir);
    let life = reopen(&path).unwrap();
    assert_eq!(life.history(MSG).unwrap().events.len(), 8);
    assert_eq!(
        life.status("E2E-0-0").unwrap().state,
        TransferState::Settled
    );
    // Read-only: the auditor cannot write.
    assert_eq!(
        code(life.settle(&hub_key(), "E2E-1-0", at("2026-12-08T09:00:00Z"))),
        "store.read_only"
    );
}

#[test]
fn a_changed_entry_is_detected() {
    let dir = Dir::new("changed");
    let path = lived(&dir);
    let conn = raw(&path);
    // The settled transfer turned into a rejection: the bytes no longer match their digest.
    let settled = String::from_utf8(document(&conn, 6)).unwrap();
    assert!(settled.contains("\"settled\""));
    let forged = settled.replace("\"settled\"", "\"rejected\"");
    conn.execute(
        "UPDATE revisions SET document = ?1 WHERE record = ?2 AND sequence = 6",
        rusqlite::params![forged.as_bytes(), STREAM],
    )
    .unwrap();
    drop(conn);
    assert_eq!(code(reopen(&path)), "store.tampered");

    // The same change with the digests recomputed all along the chain (someone who can
    // write the whole file): the log's check passes, the hub's signature does not.
    let dir = Dir::new("changed-consistently");
    let path = lived(&dir);
    let conn = raw(&path);
    let changed = String::from_utf8(document(&conn, 7))
        .unwrap()
        .replace("AC04", "AC01");
    let digest = ContentDigest::of_bytes(changed.as_bytes());
    conn.execute(
        "UPDATE revisions SET document = ?1, digest = ?2 WHERE record = ?3 AND sequence = 7",
        rusqlite::params![changed.as_bytes(), digest.as_bytes().as_slice(), STREAM],
    )
    .unwrap();
    conn.execute(
        "UPDATE records SET head_digest = ?1 WHERE record = ?2",
        rusqlite::params![digest.as_bytes().as_slice(), STREAM],
    )
    .unwrap();
    drop(conn);
    let life = reopen(&path).unwrap();
    let error = life.history(MSG).unwrap_err();
    assert!(error.code().starts_with("proof."), "{error}");
    assert!(life.status("E2E-0-1").is_err());
    // The head verifies everything before it: a status that does not verify another
    // transfer's outcome still finds it changed (the next entry signed its digest).
    assert!(life
        .status("E2E-1-0")
        .unwrap_err()
        .code()
        .starts_with("proof."));

    // A middle entry changed, its digest and the next entry's link recomputed: the next
    // entry's signed previous no longer matches, whichever transfer is asked about.
    let dir = Dir::new("changed-middle");
    let path = lived(&dir);
    let conn = raw(&path);
    let changed = String::from_utf8(document(&conn, 6))
        .unwrap()
        .replace("\"settled\"", "\"settled\" ");
    let digest = ContentDigest::of_bytes(changed.as_bytes());
    conn.execute(
        "UPDATE revisions SET document = ?1, digest = ?2 WHERE record = ?3 AND sequence = 6",
        rusqlite::params![changed.as_bytes(), digest.as_bytes().as_slice(), STREAM],
    )
    .unwrap();
    conn.execute(
        "UPDATE revisions SET predecessor = ?1 WHERE record = ?2 AND sequence = 7",
        rusqlite::params![digest.as_bytes().as_slice(), STREAM],
    )
    .unwrap();
    drop(conn);
    let life = reopen(&path).unwrap();
    for e2e in ["E2E-0-0", "E2E-0-1", "E2E-1-0"] {
        assert_eq!(code(life.status(e2e)), "payments.event_invalid", "{e2e}");
    }
    assert_eq!(code(life.history(MSG)), "payments.event_invalid");
    // The hub will not write on it either.
    assert_eq!(
        code(life.release(&hub_key(), MSG, at("2026-12-08T00:00:00Z"))),
        "payments.event_invalid"
    );
}

#[test]
fn a_removed_entry_is_detected() {
    let dir = Dir::new("removed");
    let path = lived(&dir);
    // The release removed: the outcomes now seem to follow the approvals.
    raw(&path)
        .execute(
            "DELETE FROM revisions WHERE record = ?1 AND sequence = 5",
            rusqlite::params![STREAM],
        )
        .unwrap();
    assert_eq!(code(reopen(&path)), "store.tampered");
    // The last entry removed (a rejection erased): the head no longer matches.
    let dir = Dir::new("removed-last");
    let path = lived(&dir);
    raw(&path)
        .execute(
            "DELETE FROM revisions WHERE record = ?1 AND sequence = 7",
            rusqlite::params![STREAM],
        )
        .unwrap();
    assert_eq!(code(reopen(&path)), "store.tampered");
}

#[test]
fn a_reordered_entry_is_detected() {
    let dir = Dir::new("reordered");
    let path = lived(&dir);
    let conn = raw(&path);
    // The release and the maker's approval swapped (documents and digests moved together).
    let swap = |a: i64, b: i64| {
        conn.execute_batch(&format!(
            "UPDATE revisions SET sequence = 1000000 WHERE record = '{STREAM}' AND sequence = {a};
             UPDATE revisions SET sequence = {a} WHERE record = '{STREAM}' AND sequence = {b};
             UPDATE revisions SET sequence = {b} WHERE record = '{STREAM}' AND sequence = 1000000;"
        ))
        .unwrap();
    };
    swap(2, 5);
    drop(conn);
    assert_eq!(code(reopen(&path)), "store.tampered");

    // Reordered with every link rewritten to match the new order: the log's check passes,
    // but each event signed the digest of the one before it.
    let dir = Dir::new("reordered-consistently");
    let path = lived(&dir);
    let conn = raw(&path);
    let docs: Vec<Vec<u8>> = (0..8).map(|n| document(&conn, n)).collect();
    // New order: the two outcomes swapped (6 ↔ 7).
    let order = [0usize, 1, 2, 3, 4, 5, 7, 6];
    let mut previous: Option<ContentDigest> = None;
    conn.execute("DELETE FROM revisions WHERE record = ?1", [STREAM])
        .unwrap();
    for (sequence, &from) in order.iter().enumerate() {
        let doc = &docs[from];
        let digest = ContentDigest::of_bytes(doc);
        conn.execute(
            "INSERT INTO revisions (record, sequence, digest, predecessor, document) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![
                STREAM,
                sequence as i64,
                digest.as_bytes().as_slice(),
                previous.map(|p| p.as_bytes().to_vec()),
                doc
            ],
        )
        .unwrap();
        previous = Some(digest);
    }
    conn.execute(
        "UPDATE records SET head_digest = ?1 WHERE record = ?2",
        rusqlite::params![previous.unwrap().as_bytes().as_slice(), STREAM],
    )
    .unwrap();
    drop(conn);
    let life = reopen(&path).unwrap();
    assert_eq!(code(life.history(MSG)), "payments.event_invalid");
}

#[test]
fn a_forged_index_entry_is_caught_by_the_signed_batch() {
    let dir = Dir::new("index");
    let path = dir.path("payments.db");
    let life = started(lifecycle::open(&path, Access::Create).unwrap());
    // Another transfer's index pointed at this batch, written by someone without the hub's
    // key (index entries are unsigned pointers).
    let forged =
        json!({"endToEndId": "E2E-STRANGER", "messageId": MSG, "type": "PaymentTransferIndex"});
    life.log()
        .append(lifecycle::NewEntry::new(
            lifecycle::transfer_stream("E2E-STRANGER"),
            None,
            govblocks_core::jcs::canonicalize(&forged),
        ))
        .unwrap();
    assert_eq!(
        code(life.status("E2E-STRANGER")),
        "payments.transfer_not_in_batch"
    );
    assert_eq!(
        code(life.settle(&hub_key(), "E2E-STRANGER", at("2026-12-07T09:00:00Z"))),
        "payments.event_out_of_order" // not released yet; after release: not in the batch
    );
}

#[test]
fn two_hubs_recording_at_once_never_both_win() {
    use std::sync::{Arc, Barrier};
    let dir = Dir::new("race");
    let path = dir.path("payments.db");
    started(lifecycle::open(&path, Access::Create).unwrap())
        .release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
        .unwrap();
    let barrier = Arc::new(Barrier::new(3));
    let handles: Vec<_> = ["E2E-0-0", "E2E-0-1", "E2E-1-0"]
        .into_iter()
        .map(|e2e| {
            let path = path.clone();
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                let life = PaymentLog::for_hub(
                    lifecycle::open(&path, Access::ReadWrite).unwrap(),
                    hub_key().public_key().did(),
                );
                barrier.wait();
                // Retry on a lost compare-and-append, as a hub does.
                loop {
                    match life.settle(&hub_key(), e2e, at("2026-12-07T09:00:00Z")) {
                        Err(e) if e.code() == "store.conflict" || e.code() == "store.busy" => {
                            continue
                        }
                        other => return code(other),
                    }
                }
            })
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().unwrap(), "ok");
    }
    let life = reopen(&path).unwrap();
    let history = life.history(MSG).unwrap();
    assert_eq!(history.life.settled(), 3);
    assert_eq!(history.events.len(), 9);
}

#[test]
fn the_hub_starts_the_life_of_what_it_accepts() {
    let hub = Hub::new(
        BatchVerifier::new(
            Verifier::new(DidKeyResolver, policy().trust_list()),
            policy(),
        ),
        MemoryAcceptOnce::new(),
    );
    let life = PaymentLog::for_hub(MemoryLog::new(), hub_key().public_key().did());
    let now = at("2026-12-06T10:00:00Z");
    let accepted = hub
        .receive_logged(&approved(), now, &life, &hub_key())
        .unwrap();
    assert_eq!(accepted.approval.people, 2);
    assert_eq!(
        life.status("E2E-1-0").unwrap().state,
        TransferState::Pending(Stage::Approved)
    );
    // A replay is refused by the accept-once store before the log is touched.
    assert_eq!(
        code(hub.receive_logged(&approved(), now, &life, &hub_key())),
        "payments.batch_replayed"
    );
    assert_eq!(life.history(MSG).unwrap().events.len(), 5);
}

#[test]
fn a_batch_of_five_thousand_transfers_lives_in_a_sqlite_log() {
    let dir = Dir::new("large");
    let amounts: Vec<String> = (1..=5_000).map(|i| format!("{i}.25")).collect();
    let amounts: Vec<&str> = amounts.iter().map(String::as_str).collect();
    let batch = batch(&[("USD", &amounts[..2_500]), ("USD", &amounts[2_500..])]);
    let bytes = approve(sign_as_maker(&batch, &key(1)).unwrap(), &key(2))
        .unwrap()
        .to_string()
        .into_bytes();
    let verifier = BatchVerifier::new(
        Verifier::new(DidKeyResolver, policy().trust_list()),
        policy(),
    );
    let accepted = verifier.verify_resolved(&bytes).unwrap();
    let life = PaymentLog::for_hub(
        lifecycle::open(dir.path("payments.db"), Access::Create).unwrap(),
        hub_key().public_key().did(),
    );
    let started = std::time::Instant::now();
    life.start(
        &hub_key(),
        &bytes,
        accepted.batch.value(),
        &accepted.approval,
        at("2026-12-06T10:00:00Z"),
    )
    .unwrap();
    println!("started (5,000 index entries) in {:?}", started.elapsed());
    life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
        .unwrap();
    // Every outcome in one call: one replay, one append.
    let outcomes: Vec<Event> = (0..2)
        .flat_map(|b| (0..2_500).map(move |t| format!("E2E-{b}-{t}")))
        .enumerate()
        .map(|(n, e2e)| {
            if n % 100 == 7 {
                rejected(&e2e, "AC04")
            } else {
                settled(&e2e)
            }
        })
        .collect();
    let started = std::time::Instant::now();
    life.record(&hub_key(), MSG, outcomes, at("2026-12-07T09:00:00Z"))
        .unwrap();
    println!("5,000 outcomes recorded in {:?}", started.elapsed());
    let started = std::time::Instant::now();
    let status = life.status("E2E-1-2499").unwrap();
    println!("status replayed 5,005 events in {:?}", started.elapsed());
    assert_eq!(status.state, TransferState::Settled);
    assert_eq!(
        life.status("E2E-0-7").unwrap().state,
        TransferState::Rejected(StatusReason::parse("AC04").unwrap())
    );
    let started = std::time::Instant::now();
    let entries = life.log().entries(&lifecycle::batch_stream(MSG)).unwrap();
    println!("{} entries read in {:?}", entries.len(), started.elapsed());
    let started = std::time::Instant::now();
    let history = life.history(MSG).unwrap();
    println!("history (every signature) in {:?}", started.elapsed());
    assert_eq!(history.life.settled(), 4_950);
    assert_eq!(history.life.rejected(), 50);
}

/// The payment log and the hub's accept-once store in PostgreSQL (feature `postgres`:
/// `lifecycle::open_postgres`, `PgAcceptOnce`): a life kept and read back by an auditor's
/// read-only opening, two hubs recording at once, two hubs receiving one batch. Runs when
/// `GOVBLOCKS_TEST_POSTGRES` names a server (`.ci/run` does); otherwise each test passes with a
/// printed note. The store's guarantees themselves are proved by govblocks-store's suites.
#[cfg(feature = "postgres")]
mod postgres {
    use super::*;
    use govblocks_payments::hub::Hub;
    use govblocks_store::postgres::{PgAcceptOnce, PgLog};

    use govblocks_store::postgres::TestSchema;

    fn open(schema: &TestSchema) -> PgLog {
        lifecycle::open_postgres(&schema.options()).unwrap()
    }

    #[test]
    fn a_life_kept_in_postgres_is_read_back_by_an_auditor() {
        let Some(schema) = TestSchema::fresh("payments_life") else {
            return;
        };
        let life = started(open(&schema));
        life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
            .unwrap();
        life.settle(&hub_key(), "E2E-0-0", at("2026-12-07T09:00:00Z"))
            .unwrap();
        life.reject(
            &hub_key(),
            "E2E-0-1",
            StatusReason::parse("AC04").unwrap(),
            at("2026-12-07T09:01:00Z"),
        )
        .unwrap();
        let auditor = PaymentLog::for_hub(
            lifecycle::open_postgres(&schema.options().read_only()).unwrap(),
            hub_key().public_key().did(),
        );
        assert_eq!(auditor.history(MSG).unwrap().events.len(), 8);
        assert_eq!(
            auditor.status("E2E-0-0").unwrap().state,
            TransferState::Settled
        );
        assert_eq!(
            code(auditor.settle(&hub_key(), "E2E-1-0", at("2026-12-08T09:00:00Z"))),
            "store.read_only"
        );
        // Another kind of store in the schema is refused, untouched.
        let other = TestSchema::fresh("payments_foreign").unwrap();
        PgAcceptOnce::open(&other.options()).unwrap();
        assert_eq!(
            lifecycle::open_postgres(&other.options())
                .map(drop)
                .unwrap_err()
                .code(),
            "store.invalid"
        );
    }

    #[test]
    fn two_hubs_recording_at_once_in_postgres_never_both_win() {
        let Some(schema) = TestSchema::fresh("payments_race") else {
            return;
        };
        started(open(&schema))
            .release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
            .unwrap();
        let barrier = std::sync::Barrier::new(3);
        std::thread::scope(|scope| {
            let handles: Vec<_> = ["E2E-0-0", "E2E-0-1", "E2E-1-0"]
                .into_iter()
                .map(|e2e| {
                    let (schema, barrier) = (&schema, &barrier);
                    scope.spawn(move || {
                        let life = PaymentLog::for_hub(open(schema), hub_key().public_key().did());
                        barrier.wait();
                        // Retry on a lost compare-and-append, as a hub does.
                        loop {
                            match life.settle(&hub_key(), e2e, at("2026-12-07T09:00:00Z")) {
                                Err(e)
                                    if e.code() == "store.conflict" || e.code() == "store.busy" =>
                                {
                                    continue
                                }
                                other => return code(other),
                            }
                        }
                    })
                })
                .collect();
            for handle in handles {
                assert_eq!(handle.join().unwrap(), "ok");
            }
        });
        let history = PaymentLog::for_hub(open(&schema), hub_key().public_key().did())
            .history(MSG)
            .unwrap();
        assert_eq!(history.life.settled(), 3);
        assert_eq!(history.events.len(), 9);
    }

    #[test]
    fn two_hubs_on_postgres_receive_a_batch_once() {
        let Some(schema) = TestSchema::fresh("payments_hub") else {
            return;
        };
        let seen_schema = schema.sibling("seen");
        let seen = seen_schema.options();
        let hub = || {
            Hub::new(
                BatchVerifier::new(
                    Verifier::new(DidKeyResolver, policy().trust_list()),
                    policy(),
                ),
                PgAcceptOnce::open(&seen).unwrap(),
            )
        };
        let (first, second) = (hub(), hub());
        let life = PaymentLog::for_hub(open(&schema), hub_key().public_key().did());
        let now = at("2026-12-06T10:00:00Z");
        first
            .receive_logged(&approved(), now, &life, &hub_key())
            .unwrap();
        // The other hub process, on the same schemas: a replay, refused before the log.
        assert_eq!(
            code(second.receive_logged(&approved(), now, &life, &hub_key())),
            "payments.batch_replayed"
        );
        assert_eq!(life.history(MSG).unwrap().events.len(), 5);
        assert_eq!(
            life.status("E2E-1-0").unwrap().state,
            TransferState::Pending(Stage::Approved)
        );
    }
}
