//! The ledger: the shared storage suite against both backends, the two backends against each
//! other on random operations, and what only the SQLite file has (format checks, tamper
//! detection with edits behind the ledger's back, erasure scrubbing the file, locking).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::suite;

use govblocks_store::log::memory::MemoryLog;
use govblocks_store::log::sqlite::{OpenCheck, SqliteLog, SqliteLogOptions};
use govblocks_store::log::{Log, Tamper, CITED_STREAM};
use govblocks_store::sqlite_file::{OpenOptions, Synchronous};
use govblocks_store::Error;
use proptest::prelude::*;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;
use suite::sqlite::{open_log, open_log_with, KIND};
use suite::{all_streams, code, document, grow, profile, revision, TempDir};

// ---- both backends, same answers ---------------------------------------------------------------

#[derive(Clone, Debug)]
enum Op {
    /// Append to record `r` (of `p` principals) on its current head, or on a stale one.
    Append {
        r: u8,
        p: u8,
        stale: bool,
    },
    /// Append two revisions to `r` in one call, the second possibly conflicting.
    Many {
        r: u8,
        p: u8,
        bad_second: bool,
    },
    Erase {
        p: u8,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..4u8, 0..3u8, proptest::bool::weighted(0.2))
            .prop_map(|(r, p, stale)| Op::Append { r, p, stale }),
        2 => (0..4u8, 0..3u8, any::<bool>()).prop_map(|(r, p, bad_second)| Op::Many { r, p, bad_second }),
        1 => (0..3u8).prop_map(|p| Op::Erase { p }),
    ]
}

fn apply<L: Log>(ledger: &L, op: &Op, n: usize) -> Result<String, &'static str> {
    match *op {
        Op::Append { r, p, stale } => {
            let record = format!("r{r}");
            let revs = ledger.entries(&record).unwrap();
            let predecessor = if stale && revs.len() >= 2 {
                revs.get(revs.len() - 2).map(|x| x.digest)
            } else {
                revs.last().map(|x| x.digest)
            };
            ledger
                .append(revision(
                    &record,
                    &format!("p{p}"),
                    predecessor,
                    document(&record, revs.len() as u64, &format!("op{n}")),
                ))
                .map(|s| format!("{}:{}", s.sequence, s.digest))
                .map_err(|e| e.code())
        }
        Op::Many { r, p, bad_second } => {
            let record = format!("r{r}");
            let head = ledger.head(&record).unwrap().map(|h| h.digest);
            let first = revision(
                &record,
                &format!("p{p}"),
                head,
                document(&record, 0, &format!("many{n}a")),
            );
            let second = revision(
                &record,
                &format!("p{p}"),
                Some(if bad_second {
                    head.unwrap_or(first.digest())
                } else {
                    first.digest()
                }),
                document(&record, 1, &format!("many{n}b")),
            );
            ledger
                .append_many(vec![first, second])
                .map(|s| format!("{s:?}"))
                .map_err(|e| e.code())
        }
        Op::Erase { p } => ledger
            .erase_subject(&format!("p{p}"))
            .map(|r| format!("{:?} {}", r.streams, r.entries))
            .map_err(|e| e.code()),
    }
}

fn snapshot<L: Log>(ledger: &L) -> Vec<(String, Vec<govblocks_store::log::StoredEntry>)> {
    let mut records = all_streams(ledger);
    records.sort();
    records
        .into_iter()
        .map(|r| {
            let revs = ledger.entries(&r).unwrap();
            (r, revs)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The same random operations give the same results, the same stored chains and the same
    /// principal index on both backends.
    #[test]
    fn backends_agree(ops in proptest::collection::vec(op(), 1..40)) {
        let memory = MemoryLog::with_profile(profile());
        let dir = TempDir::new("ledger-prop");
        let sqlite = open_log_with(
            dir.path().join("l"),
            SqliteLogOptions::default().with_file(OpenOptions::default().with_synchronous(Synchronous::Normal)),
        ).unwrap();
        for (n, op) in ops.iter().enumerate() {
            let a = apply(&memory, op, n);
            let b = apply(&sqlite, op, n);
            prop_assert_eq!(&a, &b, "op {} {:?}", n, op);
        }
        prop_assert_eq!(snapshot(&memory), snapshot(&sqlite));
        for p in 0..3 {
            let p = format!("p{p}");
            prop_assert_eq!(memory.streams_of(&p).unwrap(), sqlite.streams_of(&p).unwrap());
        }
        prop_assert_eq!(memory.check().unwrap(), sqlite.check().unwrap());
        drop(sqlite);
        let reopened = open_log(dir.path().join("l")).unwrap();
        prop_assert_eq!(snapshot(&memory), snapshot(&reopened));
    }
}

// ---- the SQLite file ---------------------------------------------------------------------------

fn new_file(dir: &TempDir) -> PathBuf {
    dir.path().join("consent.ledger")
}

/// A ledger file with records `a` (3 revisions, principal `alice`) and `b` (2, `bob`).
fn populated(dir: &TempDir) -> PathBuf {
    let path = new_file(dir);
    let ledger = open_log(&path).unwrap();
    grow(&ledger, "a", "alice", 3);
    grow(&ledger, "b", "bob", 2);
    path
}

/// A raw connection, as someone editing the file behind the ledger's back would have, with the
/// ledger's protective triggers dropped.
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

fn tampered(result: Result<SqliteLog, Error>) -> (String, u64, Tamper) {
    match result {
        Err(Error::Tampered {
            stream: record,
            sequence,
            tamper,
        }) => (record, sequence, tamper),
        Err(other) => panic!("expected store.tampered, got {other:?}"),
        Ok(_) => panic!("expected store.tampered, the ledger opened"),
    }
}

#[test]
fn reopening_keeps_everything_and_continues_the_chain() {
    let dir = TempDir::new("ledger-reopen");
    let path = populated(&dir);
    let before = {
        let ledger = open_log(&path).unwrap();
        (ledger.entries("a").unwrap(), ledger.entries("b").unwrap())
    };
    let ledger = open_log(&path).unwrap();
    assert_eq!(ledger.entries("a").unwrap(), before.0);
    assert_eq!(ledger.entries("b").unwrap(), before.1);
    assert_eq!(ledger.path(), path);
    let more = grow(&ledger, "a", "alice", 1);
    assert_eq!(more[0].sequence, 3);
    assert_eq!(more[0].predecessor, Some(before.0[2].digest));
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_and_left_alone() {
    let dir = TempDir::new("ledger-invalid");
    // Not SQLite at all.
    let junk = dir.path().join("junk");
    let bytes: Vec<u8> = (0..8192u32).map(|i| (i * 7 % 256) as u8).collect();
    std::fs::write(&junk, &bytes).unwrap();
    assert_eq!(code(open_log(&junk)), "store.invalid");
    assert_eq!(std::fs::read(&junk).unwrap(), bytes);
    // A text file.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "SQLite format 3 is not enough\n".repeat(300)).unwrap();
    assert_eq!(code(open_log(&text)), "store.invalid");
    // SQLite of another application.
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("CREATE TABLE records (x); PRAGMA application_id = 1234;")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    let err = open_log(&other).unwrap_err();
    assert_eq!(err.code(), "store.invalid", "{err}");
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert!(!dir.path().join("other.db-wal").exists());
    // SQLite with tables but no application id.
    let plain = dir.path().join("plain.db");
    Connection::open(&plain)
        .unwrap()
        .execute_batch("CREATE TABLE t (x)")
        .unwrap();
    assert_eq!(code(open_log(&plain)), "store.invalid");
    // Our application id, but the tables are gone.
    let hollow = dir.path().join("hollow.db");
    Connection::open(&hollow)
        .unwrap()
        .execute_batch(&format!(
            "CREATE TABLE t (x); PRAGMA application_id = {}; PRAGMA user_version = 1;",
            KIND.application_id
        ))
        .unwrap();
    assert_eq!(code(open_log(&hollow)), "store.invalid");
    // A directory.
    assert!(open_log(dir.path()).is_err());
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = TempDir::new("ledger-version");
    let path = populated(&dir);
    Connection::open(&path)
        .unwrap()
        .pragma_update(None, "user_version", 2)
        .unwrap();
    match open_log(&path) {
        Err(
            e @ Error::Version {
                found: 2,
                kind: _,
                supported: 1,
            },
        ) => {
            assert_eq!(e.code(), "store.version")
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn an_empty_file_becomes_a_ledger() {
    let dir = TempDir::new("ledger-empty");
    let path = new_file(&dir);
    std::fs::write(&path, b"").unwrap();
    let ledger = open_log(&path).unwrap();
    grow(&ledger, "a", "p", 1);
    drop(ledger);
    let conn = Connection::open(&path).unwrap();
    let id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    let mode: String = conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(
        (id, version, mode.as_str()),
        (i64::from(KIND.application_id), 1, "wal")
    );
}

#[test]
fn the_triggers_refuse_updates_and_deletes() {
    let dir = TempDir::new("ledger-triggers");
    let path = populated(&dir);
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "DELETE FROM revisions WHERE record = 'a' AND sequence = 2",
        "UPDATE revisions SET document = x'00' WHERE record = 'a' AND sequence = 1",
        "UPDATE revisions SET digest = zeroblob(32) WHERE record = 'a' AND sequence = 1",
        "DELETE FROM records WHERE record = 'a'",
        "UPDATE records SET head_sequence = 1 WHERE record = 'a'",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("consent ledger"), "{sql}: {err}");
    }
    drop(conn);
    open_log(&path).unwrap();
}

/// Each edit, made with a raw connection, and what opening the ledger must report.
#[test]
fn edits_behind_the_ledgers_back_are_detected_on_open() {
    let cases: &[(&str, &str, u64, Tamper)] = &[
        (
            "a byte of a document",
            "UPDATE revisions SET document = CAST(replace(CAST(document AS TEXT), 'grow', 'grew') \
             AS BLOB) WHERE record = 'a' AND sequence = 1",
            1,
            Tamper::DigestMismatch,
        ),
        (
            "a digest",
            "UPDATE revisions SET digest = zeroblob(32) WHERE record = 'a' AND sequence = 1",
            1,
            Tamper::DigestMismatch,
        ),
        (
            "a middle row deleted",
            "DELETE FROM revisions WHERE record = 'a' AND sequence = 1",
            1,
            Tamper::Missing,
        ),
        (
            "the last row deleted",
            "DELETE FROM revisions WHERE record = 'a' AND sequence = 2",
            2,
            Tamper::Missing,
        ),
        (
            "two rows swapped",
            "UPDATE revisions SET sequence = 1000 WHERE record = 'a' AND sequence = 1;
             UPDATE revisions SET sequence = 1 WHERE record = 'a' AND sequence = 2;
             UPDATE revisions SET sequence = 2 WHERE record = 'a' AND sequence = 1000;",
            1,
            Tamper::PredecessorMismatch,
        ),
        (
            "a row duplicated after the head",
            "INSERT INTO revisions SELECT record, 3, digest, predecessor, document FROM revisions \
             WHERE record = 'a' AND sequence = 1",
            3,
            Tamper::BeyondHead,
        ),
        (
            "a row duplicated after the head, head moved",
            "INSERT INTO revisions SELECT record, 3, digest, predecessor, document FROM revisions \
             WHERE record = 'a' AND sequence = 1;
             UPDATE records SET head_sequence = 3, head_digest = \
               (SELECT digest FROM revisions WHERE record = 'a' AND sequence = 1) \
             WHERE record = 'a';",
            3,
            Tamper::PredecessorMismatch,
        ),
        (
            "the head digest",
            "UPDATE records SET head_digest = zeroblob(32) WHERE record = 'b'",
            1,
            Tamper::HeadMismatch,
        ),
        (
            "the head moved back",
            "UPDATE records SET head_sequence = 0, head_digest = \
               (SELECT digest FROM revisions WHERE record = 'b' AND sequence = 0) \
             WHERE record = 'b'",
            1,
            Tamper::BeyondHead,
        ),
        (
            "a document removed without erasure",
            "UPDATE revisions SET document = NULL WHERE record = 'b' AND sequence = 0",
            0,
            Tamper::DocumentMissing,
        ),
        (
            "a predecessor",
            "UPDATE revisions SET predecessor = NULL WHERE record = 'b' AND sequence = 1",
            1,
            Tamper::PredecessorMismatch,
        ),
        (
            "a record's head row removed",
            "PRAGMA foreign_keys = OFF; DELETE FROM records WHERE record = 'b'",
            0,
            Tamper::Orphan,
        ),
        (
            "a malformed digest",
            "PRAGMA ignore_check_constraints = ON;
             UPDATE revisions SET digest = zeroblob(31) WHERE record = 'b' AND sequence = 1",
            1,
            Tamper::Malformed,
        ),
    ];
    for (what, sql, sequence, tamper) in cases {
        let dir = TempDir::new("ledger-tamper");
        let path = populated(&dir);
        raw(&path).execute_batch(sql).unwrap();
        let expected_record = if sql.contains("'a'") { "a" } else { "b" };
        let found = tampered(open_log(&path));
        assert_eq!(
            found,
            (expected_record.to_owned(), *sequence, *tamper),
            "{what}"
        );
        let err = open_log(&path).unwrap_err();
        assert_eq!(err.code(), "store.tampered", "{what}");
        assert!(
            err.to_string().contains(&format!("entry {sequence}")),
            "{err}"
        );
    }
}

#[test]
fn check_finds_an_edit_made_while_the_ledger_is_open() {
    let dir = TempDir::new("ledger-check");
    let path = populated(&dir);
    let ledger = open_log(&path).unwrap();
    assert_eq!(ledger.check().unwrap().entries, 5);
    raw(&path)
        .execute(
            "UPDATE revisions SET document = CAST('{}' AS BLOB) \
             WHERE record = 'a' AND sequence = 0",
            [],
        )
        .unwrap();
    match ledger.check() {
        Err(Error::Tampered {
            stream: record,
            sequence: 0,
            tamper: Tamper::DigestMismatch,
        }) => assert_eq!(record, "a"),
        other => panic!("{other:?}"),
    }
    // Reads check what they return, too.
    assert_eq!(code(ledger.entries("a")), "store.tampered");
    assert_eq!(ledger.entries("b").unwrap().len(), 2);
    raw(&path)
        .execute(
            "UPDATE revisions SET document = CAST('{}' AS BLOB) \
             WHERE record = 'b' AND sequence = 1",
            [],
        )
        .unwrap();
    match ledger.head("b") {
        Err(Error::Tampered {
            sequence: 1,
            tamper: Tamper::DigestMismatch,
            ..
        }) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn heads_check_on_open_is_cheaper_and_still_names_the_revision() {
    let dir = TempDir::new("ledger-heads");
    let path = populated(&dir);
    let heads = SqliteLogOptions::default().with_open_check(OpenCheck::Heads);
    let ledger = open_log_with(&path, heads.clone()).unwrap();
    let report = ledger.check_heads().unwrap();
    assert_eq!((report.streams, report.entries), (2, 5));
    drop(ledger);
    // A change at the head is found, and named precisely by the full check of that record.
    raw(&path)
        .execute(
            "DELETE FROM revisions WHERE record = 'a' AND sequence = 1",
            [],
        )
        .unwrap();
    assert_eq!(
        tampered(open_log_with(&path, heads.clone())),
        ("a".to_owned(), 1, Tamper::Missing)
    );
    // A change below the head of a record is not hashed by the heads check: only `check`
    // finds it (documented).
    let dir = TempDir::new("ledger-heads");
    let path = populated(&dir);
    raw(&path)
        .execute(
            "UPDATE revisions SET document = CAST('{}' AS BLOB) WHERE record = 'a' AND sequence = 0",
            [],
        )
        .unwrap();
    let ledger = open_log_with(&path, heads).unwrap();
    assert_eq!(ledger.check().unwrap_err().code(), "store.tampered");
}

#[test]
fn an_edit_with_the_sqlite3_tool_is_detected() {
    let dir = TempDir::new("ledger-cli");
    let path = populated(&dir);
    if !sqlite3_tool(
        &path,
        "DROP TRIGGER revisions_erase_only; \
         UPDATE revisions SET document = CAST('{\"note\":\"forged\"}' AS BLOB) \
         WHERE record = 'b' AND sequence = 1;",
    ) {
        return;
    }
    assert_eq!(
        tampered(open_log(&path)),
        ("b".to_owned(), 1, Tamper::DigestMismatch)
    );
}

/// Runs the `sqlite3` tool on `path` with `sql`; `false` (with a notice) when it is missing.
fn sqlite3_tool(path: &Path, sql: &str) -> bool {
    let tool = std::process::Command::new("sqlite3")
        .arg("-version")
        .output();
    if !tool.is_ok_and(|o| o.status.success()) {
        eprintln!("NOTICE: sqlite3 command-line tool not found; skipping this test");
        return false;
    }
    let out = std::process::Command::new("sqlite3")
        .arg(path)
        .arg(sql)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    true
}

/// The subject column is an index, checked against the signed documents: moving a stream to
/// another subject (triggers dropped first, as an attacker would) is found on open by either
/// check, and erasure follows the signatures, not the column.
#[test]
fn a_subject_moved_behind_the_logs_back_is_tampering_on_open() {
    let dir = TempDir::new("ledger-subject-open");
    let path = populated(&dir);
    if !sqlite3_tool(
        &path,
        "DROP TRIGGER records_forward_only; \
         UPDATE records SET principal = 'someone-else' WHERE record = 'a';",
    ) {
        return;
    }
    let expected = ("a".to_owned(), 0, Tamper::SubjectMismatch);
    assert_eq!(tampered(open_log(&path)), expected);
    let heads = SqliteLogOptions::default().with_open_check(OpenCheck::Heads);
    assert_eq!(tampered(open_log_with(&path, heads)), expected);
}

/// Counts the documents still stored for `record`, read behind the log's back.
fn documents_left(path: &Path, record: &str) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM revisions WHERE record = ?1 AND document IS NOT NULL",
            [record],
            |r| r.get(0),
        )
        .unwrap()
}

#[test]
fn erasure_follows_what_was_signed_not_the_subject_column() {
    let dir = TempDir::new("ledger-subject-erase");
    let path = populated(&dir);
    let log = open_log(&path).unwrap();
    // Changed while the log is open, so that no open check stands in the way.
    raw(&path)
        .execute_batch("UPDATE records SET principal = 'someone-else' WHERE record = 'a'")
        .unwrap();
    match log.check() {
        Err(Error::Tampered {
            stream,
            sequence,
            tamper,
        }) => assert_eq!(
            (stream.as_str(), sequence, tamper),
            ("a", 0, Tamper::SubjectMismatch)
        ),
        other => panic!("expected store.tampered, got {other:?}"),
    }
    assert_eq!(code(log.check_heads()), "store.tampered");
    assert_eq!(code(log.head("a")), "store.tampered");
    assert_eq!(code(log.entries("a")), "store.tampered");
    assert_eq!(code(log.streams_of("someone-else")), "store.tampered");
    // Erasing the subject the column now names does not touch alice's record.
    let report = log.erase_subject("someone-else").unwrap();
    assert!(report.streams.is_empty(), "{report:?}");
    assert_eq!(documents_left(&path, "a"), 3);
    // Erasing alice finds her record from the revisions she signed.
    let report = log.erase_subject("alice").unwrap();
    assert_eq!(report.streams, ["a"]);
    assert_eq!(report.entries, 3);
    assert_eq!(documents_left(&path, "a"), 0);
    assert_eq!(documents_left(&path, "b"), 2);
    // The tombstone is whole again: the column was cleared with the documents.
    let check = log.check().unwrap();
    assert_eq!((check.streams, check.tombstones), (2, 3));
    drop(log);
    open_log(&path).unwrap();
}

#[test]
fn a_raw_insert_past_the_head_blocks_appends_without_breaking_the_chain() {
    // The UNIQUE (record, sequence) constraint is the second line of defence: a row planted at
    // the next sequence (with the head left alone) makes the next append fail rather than fork.
    let dir = TempDir::new("ledger-unique");
    let path = populated(&dir);
    let ledger = open_log_with(&path, SqliteLogOptions::default()).unwrap();
    raw(&path)
        .execute(
            "INSERT INTO revisions SELECT record, 3, digest, predecessor, document \
             FROM revisions WHERE record = 'a' AND sequence = 2",
            [],
        )
        .unwrap();
    let head = ledger.head("a").unwrap().unwrap();
    let err = ledger
        .append(revision(
            "a",
            "alice",
            Some(head.digest),
            document("a", 3, "next"),
        ))
        .unwrap_err();
    assert_eq!(err.code(), "store.tampered");
}

/// Every file SQLite keeps for `path`, concatenated.
fn file_bytes(path: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    for suffix in ["", "-wal", "-journal"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        if let Ok(bytes) = std::fs::read(PathBuf::from(p)) {
            out.extend(bytes);
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn erasure_leaves_no_personal_bytes_in_the_files() {
    let dir = TempDir::new("ledger-erase");
    let path = new_file(&dir);
    let ledger = open_log(&path).unwrap();
    let principal = "pseudonym-7c1e9a44d2b0";
    let secret = "health-data-of-the-person-Q8ZKX";
    let mut digests = Vec::new();
    for record in ["rec-1", "rec-2"] {
        let mut head = None;
        for i in 0..3u64 {
            // Small documents stay in the table's pages; the large ones spill to overflow pages.
            let pad = if i == 2 {
                "x".repeat(20_000)
            } else {
                String::new()
            };
            let doc =
                format!(r#"{{"record":"{record}","secret":"{secret}","i":{i},"pad":"{pad}"}}"#);
            let stored = ledger
                .append(revision(record, principal, head, doc.into_bytes()))
                .unwrap();
            head = Some(stored.digest);
            digests.push(stored.digest);
        }
    }
    grow(&ledger, "other", "someone-else", 2);
    // The scan works: before erasure the bytes are there.
    assert!(contains(&file_bytes(&path), secret.as_bytes()));
    assert!(contains(&file_bytes(&path), principal.as_bytes()));

    let report = ledger.erase_subject(principal).unwrap();
    assert_eq!(report.streams, ["rec-1", "rec-2"]);
    assert_eq!(report.entries, 6);
    assert!(report.scrubbed);
    let bytes = file_bytes(&path);
    assert!(
        !contains(&bytes, secret.as_bytes()),
        "document bytes left in the files"
    );
    assert!(
        !contains(&bytes, principal.as_bytes()),
        "principal id left in the files"
    );
    assert!(
        !contains(&bytes, &[b'x'; 64]),
        "overflow page left in the files"
    );
    // What remains: record ids and digests.
    assert!(contains(&bytes, b"rec-1"));
    for d in &digests {
        assert!(contains(&bytes, d.as_bytes()));
    }
    // And after closing and reopening (the tombstones pass the check).
    drop(ledger);
    let ledger = open_log(&path).unwrap();
    assert_eq!(ledger.check().unwrap().tombstones, 6);
    assert!(!contains(&file_bytes(&path), secret.as_bytes()));
    assert!(ledger.scrub().unwrap());
}

#[test]
fn erasure_reports_when_a_reader_keeps_the_log() {
    let dir = TempDir::new("ledger-erase-busy");
    let path = new_file(&dir);
    let ledger = open_log_with(
        &path,
        SqliteLogOptions::default()
            .with_file(OpenOptions::default().with_busy_timeout(Duration::from_millis(100))),
    )
    .unwrap();
    grow(&ledger, "r", "p", 2);
    // Another connection in the middle of a read transaction.
    let mut reader = Connection::open(&path).unwrap();
    let tx = reader.transaction().unwrap();
    let _: i64 = tx
        .query_row("SELECT count(*) FROM revisions", [], |r| r.get(0))
        .unwrap();
    let report = ledger.erase_subject("p").unwrap();
    assert_eq!(report.entries, 2);
    assert!(!report.scrubbed);
    drop(tx);
    assert!(ledger.scrub().unwrap());
    assert_eq!(ledger.entries("r").unwrap()[0].document, None);
}

#[test]
fn two_connections_to_one_file_serialize_appends() {
    let dir = TempDir::new("ledger-two");
    let path = populated(&dir);
    let one = open_log(&path).unwrap();
    let two = open_log(&path).unwrap();
    let head = one.head("a").unwrap().unwrap();
    one.append(revision(
        "a",
        "alice",
        Some(head.digest),
        document("a", 3, "one"),
    ))
    .unwrap();
    let err = two
        .append(revision(
            "a",
            "alice",
            Some(head.digest),
            document("a", 3, "two"),
        ))
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert_eq!(two.entries("a").unwrap().len(), 4);
    // Threads on separate connections.
    let one = std::sync::Arc::new(one);
    let two = std::sync::Arc::new(two);
    let head = one.head("b").unwrap().unwrap().digest;
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
    let handles: Vec<_> = [(one.clone(), "x"), (two.clone(), "y")]
        .into_iter()
        .map(|(ledger, tag)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                ledger
                    .append(revision("b", "bob", Some(head), document("b", 2, tag)))
                    .map_err(|e| e.code())
                    .map(|_| ())
            })
        })
        .collect();
    let mut results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    results.sort();
    assert_eq!(results, [Ok(()), Err("store.conflict")]);
    assert_eq!(one.entries("b").unwrap().len(), 3);
    one.check().unwrap();
}

#[test]
fn a_writer_waits_for_the_lock_then_times_out() {
    let dir = TempDir::new("ledger-busy");
    let path = populated(&dir);
    let patient = open_log(&path).unwrap();
    let hasty = open_log_with(
        &path,
        SqliteLogOptions::default()
            .with_file(OpenOptions::default().with_busy_timeout(Duration::from_millis(50))),
    )
    .unwrap();
    let (held_tx, held_rx) = std::sync::mpsc::channel();
    let holder_path = path.clone();
    let release = std::thread::spawn(move || {
        let mut holder = Connection::open(&holder_path).unwrap();
        let tx = holder
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .unwrap();
        held_tx.send(()).unwrap();
        std::thread::sleep(Duration::from_millis(400));
        tx.commit().unwrap();
    });
    held_rx.recv().unwrap();
    let head = patient.head("a").unwrap().unwrap().digest;
    let next = revision("a", "alice", Some(head), document("a", 3, "waited"));
    assert_eq!(code(hasty.append(next.clone())), "store.busy");
    // The patient writer waits (up to 5 s) until the lock is released.
    let started = std::time::Instant::now();
    let stored = patient.append(next).unwrap();
    assert!(started.elapsed() >= Duration::from_millis(100));
    assert_eq!(stored.sequence, 3);
    release.join().unwrap();
}

#[test]
fn a_missing_directory_is_a_storage_error() {
    let dir = TempDir::new("ledger-codes");
    let e = open_log(dir.path().join("missing-dir").join("x")).unwrap_err();
    assert_eq!(e.code(), "store.storage");
}

/// A ledger file with two agreements besides `populated`'s records.
fn with_agreements(dir: &TempDir) -> PathBuf {
    let path = populated(dir);
    let ledger = open_log(&path).unwrap();
    for version in ["1", "2"] {
        ledger
            .put_cited(suite::agreement_document(version))
            .unwrap();
    }
    path
}

#[test]
fn agreements_are_append_only_and_checked() {
    let dir = TempDir::new("ledger-agreements");
    let path = with_agreements(&dir);
    // The triggers refuse changes.
    let conn = Connection::open(&path).unwrap();
    for sql in [
        "DELETE FROM agreements WHERE position = 0",
        "UPDATE agreements SET document = x'00' WHERE position = 1",
    ] {
        let err = conn.execute(sql, []).unwrap_err();
        assert!(err.to_string().contains("consent ledger"), "{sql}: {err}");
    }
    drop(conn);
    let ledger = open_log(&path).unwrap();
    assert_eq!(ledger.check().unwrap().cited, 2);
    assert_eq!(ledger.check_heads().unwrap().cited, 2);
    // Kept across reopening, in order.
    let stored = ledger.cited().unwrap();
    assert_eq!(stored[1].document, suite::agreement_document("2"));
    // An edit made while the ledger is open is found by the read and by the check.
    raw(&path)
        .execute(
            "UPDATE agreements SET document = CAST('{\"forged\":1}' AS BLOB) WHERE position = 1",
            [],
        )
        .unwrap();
    let expected = (CITED_STREAM.to_owned(), 1, Tamper::DigestMismatch);
    for result in [
        ledger.cited().map(|_| ()),
        ledger.check().map(|_| ()),
        ledger.check_heads().map(|_| ()),
    ] {
        match result {
            Err(Error::Tampered {
                stream: record,
                sequence,
                tamper,
            }) => assert_eq!((record, sequence, tamper), expected),
            other => panic!("{other:?}"),
        }
    }
    drop(ledger);
    // And on open, with either check.
    assert_eq!(tampered(open_log(&path)), expected);
    let heads = SqliteLogOptions::default().with_open_check(OpenCheck::Heads);
    assert_eq!(tampered(open_log_with(&path, heads)), expected);
}

#[test]
fn a_removed_agreement_is_detected() {
    let dir = TempDir::new("ledger-agreements-gone");
    let path = with_agreements(&dir);
    raw(&path)
        .execute("DELETE FROM agreements WHERE position = 0", [])
        .unwrap();
    assert_eq!(
        tampered(open_log(&path)),
        (CITED_STREAM.to_owned(), 0, Tamper::Missing)
    );
}
