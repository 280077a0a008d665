//! The message log: one call to log, a dispute settled by the signed messages found again,
//! and a changed, removed, reordered or inserted entry detected (the SQLite file edited with
//! rusqlite behind the log's back, as the store's own tests do).

use crate::replay::TempDir;
use govblocks_core::clock::{SettableClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_exchange::log::{Direction, MessageLog, OpenOptions, SQLITE_APPLICATION_ID, STREAM};
use govblocks_store::log::sqlite::{file_kind, SqliteLog, SqliteLogOptions};
use govblocks_store::log::{Log, NewEntry};
use govblocks_store::sqlite_file::Access;
use rusqlite::Connection;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn t(seconds: i64) -> Timestamp {
    let base = Timestamp::parse("2026-12-06T10:00:00Z", "t").unwrap();
    base.checked_add(time::Duration::seconds(seconds)).unwrap()
}

fn key(seed: u8) -> SecretKey {
    SecretKey::from_seed(&[seed; 32])
}

/// A signed stand-in for an envelope (the envelope type is another module's): a header and a
/// payload with an eddsa-jcs-2022 proof by `signer`.
fn signed(signer: &SecretKey, message_id: &str, correlation_id: &str, payload: Value) -> Value {
    let document = json!({
        "header": {
            "messageId": message_id,
            "correlationId": correlation_id,
            "sender": signer.public_key().did(),
        },
        "payload": payload,
    });
    add_proof(document, signer, &ProofOptions::assertion()).unwrap()
}

fn verifier(signer: &SecretKey) -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(signer.public_key().did(), [ProofPurpose::AssertionMethod]),
    )
}

/// A request and its response, logged by the side that asked.
fn conversation() -> (Value, Value) {
    let request = signed(
        &key(1),
        "m-1",
        "c-1",
        json!({"personalCode": "38001085718"}),
    );
    let response = signed(&key(2), "m-2", "c-1", json!({"residence": "Tallinn"}));
    (request, response)
}

fn logged(path: &Path) -> (Value, Value) {
    let clock = SettableClock::at(t(0));
    let log = MessageLog::open(path, OpenOptions::default(), clock.clone()).unwrap();
    let (request, response) = conversation();
    let first = log.record(Direction::Sent, "m-1", "c-1", &request).unwrap();
    clock.set(t(1));
    let second = log
        .record(Direction::Received, "m-2", "c-1", &response)
        .unwrap();
    let third = log
        .record(
            Direction::Sent,
            "m-3",
            "c-2",
            &signed(
                &key(1),
                "m-3",
                "c-2",
                json!({"personalCode": "49403136526"}),
            ),
        )
        .unwrap();
    assert_eq!((first.sequence, second.sequence, third.sequence), (0, 1, 2));
    (request, response)
}

#[test]
fn a_dispute_is_settled_by_the_signed_messages() {
    let dir = TempDir::new("log-dispute");
    let path = dir.path().join("messages.db");
    let (request, response) = logged(&path);
    // Later, after a restart: the population registry says it never answered c-1.
    let log = MessageLog::open(&path, OpenOptions::default(), SettableClock::at(t(100))).unwrap();
    assert_eq!(log.check().unwrap(), 3);
    let found = log.find("m-2").unwrap();
    assert_eq!(found.len(), 1);
    let answer = &found[0];
    assert_eq!(answer.direction, Direction::Received);
    assert_eq!(answer.message_id, "m-2");
    assert_eq!(answer.correlation_id, "c-1");
    assert_eq!(answer.logged_at, t(1));
    assert_eq!(answer.receipt.sequence, 1);
    // Exactly what was signed: the same JSON, the same canonical bytes …
    assert_eq!(answer.message, response);
    assert_eq!(
        answer.message_bytes(),
        govblocks_core::jcs::canonicalize(&response)
    );
    // … which still verify under the registry's key, and under no other.
    let proofs = verifier(&key(2))
        .verify_bytes(&answer.message_bytes())
        .unwrap();
    assert_eq!(proofs.proofs()[0].controller, key(2).public_key().did());
    assert!(verifier(&key(1))
        .verify_bytes(&answer.message_bytes())
        .is_err());
    // The whole conversation, in order.
    let both = log.conversation("c-1").unwrap();
    assert_eq!(
        both.iter().map(|m| &m.message).collect::<Vec<_>>(),
        [&request, &response]
    );
    assert_eq!(log.messages().unwrap().len(), 3);
    assert!(log.find("m-404").unwrap().is_empty());
}

#[test]
fn the_entry_is_the_canonical_record() {
    let clock = SettableClock::at(t(0));
    let log = MessageLog::in_memory(clock);
    let message = json!({"b": 1, "a": [true, null], "proof": {"proofValue": "z1"}});
    log.record(Direction::Received, "m", "c", &message).unwrap();
    let entries = log.log().entries(STREAM).unwrap();
    assert_eq!(
        String::from_utf8(entries[0].document.clone().unwrap()).unwrap(),
        r#"{"correlationId":"c","direction":"received","loggedAt":"2026-12-06T10:00:00Z","message":{"a":[true,null],"b":1,"proof":{"proofValue":"z1"}},"messageId":"m"}"#
    );
}

#[test]
fn two_writers_on_one_file_never_fork_the_chain() {
    const EACH: usize = 40;
    let dir = TempDir::new("log-writers");
    let path = dir.path().join("messages.db");
    let clock = SettableClock::at(t(0));
    let logs: Vec<_> = (0..2)
        .map(|_| MessageLog::open(&path, OpenOptions::default(), clock.clone()).unwrap())
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
    let all = MessageLog::open(&path, OpenOptions::default(), clock)
        .unwrap()
        .messages()
        .unwrap();
    assert_eq!(all.len(), 2 * EACH);
    for (n, m) in all.iter().enumerate() {
        assert_eq!(m.receipt.sequence, n as u64);
    }
}

#[test]
fn a_read_only_log_is_read_not_written() {
    let dir = TempDir::new("log-read-only");
    let path = dir.path().join("messages.db");
    logged(&path);
    let log = MessageLog::open(
        &path,
        OpenOptions::default().with_access(Access::ReadOnly),
        SettableClock::at(t(0)),
    )
    .unwrap();
    assert_eq!(log.find("m-1").unwrap().len(), 1);
    let error = log
        .record(Direction::Sent, "m-9", "c-9", &json!({}))
        .unwrap_err();
    assert_eq!(error.code(), "exchange.store");
    // A file that is not a message log is refused, untouched.
    let other = dir.path().join("other.db");
    std::fs::write(&other, b"not a log").unwrap();
    let error =
        MessageLog::open(&other, OpenOptions::default(), SettableClock::at(t(0))).unwrap_err();
    assert_eq!(error.code(), "exchange.store");
    assert_eq!(std::fs::read(&other).unwrap(), b"not a log");
}

/// A connection to the file with the store's triggers dropped (an attacker with the file).
fn raw(path: &Path) -> Connection {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS revisions_append_only; DROP TRIGGER IF EXISTS revisions_erase_only;
         DROP TRIGGER IF EXISTS records_append_only; DROP TRIGGER IF EXISTS records_forward_only;
         DROP TRIGGER IF EXISTS agreements_append_only;
         DROP TRIGGER IF EXISTS agreements_never_changed;",
    )
    .unwrap();
    conn
}

fn populated(dir: &TempDir) -> PathBuf {
    let path = dir.path().join("messages.db");
    logged(&path);
    path
}

/// Every edit behind the log's back: `(what, sql, the entry reported)`.
const EDITS: &[(&str, &str, u64)] = &[
    (
        "the residence in a logged response changed",
        "UPDATE revisions SET document = CAST(replace(CAST(document AS TEXT), 'Tallinn', 'Tartu') \
         AS BLOB) WHERE sequence = 1",
        1,
    ),
    (
        "a response removed",
        "DELETE FROM revisions WHERE sequence = 1",
        1,
    ),
    (
        "the newest entry removed",
        "DELETE FROM revisions WHERE sequence = 2",
        2,
    ),
    (
        "a request and its response reordered",
        "UPDATE revisions SET sequence = 1000 WHERE sequence = 0;
         UPDATE revisions SET sequence = 0 WHERE sequence = 1;
         UPDATE revisions SET sequence = 1 WHERE sequence = 1000;",
        0,
    ),
    (
        "an entry inserted after the head",
        "INSERT INTO revisions SELECT record, 3, digest, predecessor, document FROM revisions \
         WHERE sequence = 1",
        3,
    ),
    (
        "a digest changed",
        "UPDATE revisions SET digest = zeroblob(32) WHERE sequence = 0",
        0,
    ),
];

#[test]
fn an_edit_behind_the_logs_back_is_detected_on_open() {
    for (what, sql, sequence) in EDITS {
        let dir = TempDir::new("log-tamper");
        let path = populated(&dir);
        raw(&path).execute_batch(sql).unwrap();
        let error =
            MessageLog::open(&path, OpenOptions::default(), SettableClock::at(t(0))).unwrap_err();
        assert_eq!(error.code(), "exchange.log_tampered", "{what}");
        let source = std::error::Error::source(&error).unwrap().to_string();
        assert!(
            source.contains(&format!("entry {sequence}")),
            "{what}: {source}"
        );
    }
}

#[test]
fn an_edit_while_the_log_is_open_is_detected_on_reading() {
    for (what, sql, _) in EDITS {
        let dir = TempDir::new("log-tamper-open");
        let path = populated(&dir);
        let log = MessageLog::open(&path, OpenOptions::default(), SettableClock::at(t(0))).unwrap();
        raw(&path).execute_batch(sql).unwrap();
        let error = log.find("m-2").unwrap_err();
        assert_eq!(error.code(), "exchange.log_tampered", "{what}");
        assert_eq!(
            log.check().unwrap_err().code(),
            "exchange.log_tampered",
            "{what}"
        );
    }
}

#[test]
fn an_intact_chain_of_something_else_is_not_a_message_log() {
    let dir = TempDir::new("log-foreign-entry");
    let path = dir.path().join("messages.db");
    logged(&path);
    // Appended through the store itself (the chain stays intact), bypassing the message log.
    {
        const KIND: govblocks_store::sqlite_file::FileKind =
            file_kind("exchange message log", SQLITE_APPLICATION_ID);
        let store = SqliteLog::open(&path, &KIND, SqliteLogOptions::default()).unwrap();
        let head = store.head(STREAM).unwrap().unwrap();
        store
            .append(NewEntry::new(
                STREAM,
                Some(head.digest),
                br#"{"hello":"world"}"#.to_vec(),
            ))
            .unwrap();
    }
    let log = MessageLog::open(&path, OpenOptions::default(), SettableClock::at(t(0))).unwrap();
    let error = log.find("m-1").unwrap_err();
    assert_eq!(error.code(), "exchange.log_entry_invalid");
    assert!(error.to_string().contains("entry 3"), "{error}");
}

#[test]
fn directions_are_written_and_read_back() {
    let log = MessageLog::in_memory(SettableClock::at(t(0)));
    log.record(Direction::Sent, "a", "c", &json!(1)).unwrap();
    log.record(Direction::Received, "b", "c", &json!("x"))
        .unwrap();
    let all = log.messages().unwrap();
    assert_eq!(
        all.iter().map(|m| m.direction).collect::<Vec<_>>(),
        [Direction::Sent, Direction::Received]
    );
    assert_eq!(Direction::Sent.to_string(), "sent");
    assert_eq!(Direction::Received.as_str(), "received");
}

/// A verified envelope logged from the bytes it was verified from; other bytes are refused.
#[test]
fn a_verified_envelope_is_logged_from_its_bytes() {
    use crate::fixtures;
    let log = MessageLog::in_memory(SettableClock::at(t(0)));
    let request_value = fixtures::signed_request();
    let request = fixtures::bytes(&request_value);
    let verified = fixtures::verifier().verify_request(&request).unwrap();
    let receipt = log
        .record_verified(Direction::Received, &verified, &request)
        .unwrap();
    assert_eq!(receipt.sequence, 0);
    let found = log.find(fixtures::REQUEST_ID).unwrap();
    assert_eq!(found[0].message, request_value);
    assert_eq!(found[0].correlation_id, "case-4471");
    assert_eq!(found[0].message_bytes(), request);
    // The answer shares the request's correlation id.
    let response_value = fixtures::signed_response(&verified);
    let response = fixtures::bytes(&response_value);
    let answered = fixtures::verifier()
        .verify_response(&verified, &response)
        .unwrap();
    log.record_verified(Direction::Sent, &answered, &response)
        .unwrap();
    assert_eq!(log.conversation("case-4471").unwrap().len(), 2);
    // Bytes other than the verified envelope's are not logged.
    let error = log
        .record_verified(Direction::Received, &verified, &response)
        .unwrap_err();
    assert_eq!(error.code(), "exchange.log_entry_invalid");
    assert_eq!(log.messages().unwrap().len(), 2);
}
