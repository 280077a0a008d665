//! The one opening routine (`sqlite_file`): what each access may do to a file, migrations, and
//! the consent ledger file written by govblocks 0.1.0.

use crate::suite::sqlite::{open_log, open_log_with, KIND};
use crate::suite::{code, TempDir};
use govblocks_store::log::sqlite::SqliteLogOptions;
use govblocks_store::log::{Log, Profile, CITED_STREAM};
use govblocks_store::sqlite_file::{self, Access, FileKind, OpenOptions};
use rusqlite::Connection;
use std::path::Path;

fn read_only() -> SqliteLogOptions {
    SqliteLogOptions::default().with_file(OpenOptions::default().with_access(Access::ReadOnly))
}

fn read_write() -> SqliteLogOptions {
    SqliteLogOptions::default().with_file(OpenOptions::default().with_access(Access::ReadWrite))
}

/// The names in `dir`, sorted.
fn listing(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn only_create_creates_a_missing_file() {
    let dir = TempDir::new("file-missing");
    let path = dir.path().join("missing.log");
    assert_eq!(code(open_log_with(&path, read_only())), "store.not_found");
    assert_eq!(code(open_log_with(&path, read_write())), "store.not_found");
    assert!(listing(dir.path()).is_empty(), "{:?}", listing(dir.path()));
    open_log(&path).unwrap();
    open_log_with(&path, read_only()).unwrap();
}

#[test]
fn an_empty_file_is_refused_by_readers_and_writers_and_left_empty() {
    let dir = TempDir::new("file-empty");
    let path = dir.path().join("empty.log");
    std::fs::write(&path, b"").unwrap();
    let e = open_log_with(&path, read_only()).unwrap_err();
    assert_eq!(e.code(), "store.invalid", "{e}");
    assert!(e.to_string().contains("an empty file"), "{e}");
    assert_eq!(code(open_log_with(&path, read_write())), "store.invalid");
    assert_eq!(std::fs::read(&path).unwrap(), b"");
    assert_eq!(listing(dir.path()), ["empty.log"]);
    // Only a creating open makes it a store.
    open_log(&path).unwrap();
    open_log_with(&path, read_only()).unwrap();
}

#[test]
fn a_foreign_file_is_refused_read_only_and_stays_byte_identical() {
    let dir = TempDir::new("file-foreign");
    let other = dir.path().join("other.db");
    Connection::open(&other)
        .unwrap()
        .execute_batch("PRAGMA application_id = 42; CREATE TABLE t (x); INSERT INTO t VALUES (1);")
        .unwrap();
    let before = std::fs::read(&other).unwrap();
    for options in [read_only(), read_write(), SqliteLogOptions::default()] {
        let e = open_log_with(&other, options).unwrap_err();
        assert_eq!(e.code(), "store.invalid");
        assert!(e.to_string().contains("0x2a"), "{e}");
    }
    assert_eq!(std::fs::read(&other).unwrap(), before);
    assert_eq!(listing(dir.path()), ["other.db"]);
}

#[test]
fn a_read_only_store_refuses_writes_and_is_not_changed() {
    let dir = TempDir::new("file-read-only");
    let path = dir.path().join("ro.log");
    {
        let log = open_log(&path).unwrap();
        crate::suite::grow(&log, "r", "p", 3);
        log.put_cited(b"cited".to_vec()).unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let log = open_log_with(&path, read_only()).unwrap();
    assert!(log.is_read_only());
    assert_eq!(log.entries("r").unwrap().len(), 3);
    assert_eq!(log.check().unwrap().entries, 3);
    assert_eq!(log.check_heads().unwrap().entries, 3);
    assert_eq!(log.streams_of("p").unwrap(), ["r"]);
    let head = log.head("r").unwrap().unwrap();
    let entry = crate::suite::revision("r", "p", Some(head.digest), b"x".to_vec());
    assert_eq!(code(log.append(entry.clone())), "store.read_only");
    assert_eq!(code(log.append_many(vec![entry])), "store.read_only");
    assert_eq!(code(log.erase_subject("p")), "store.read_only");
    assert_eq!(code(log.put_cited(b"more".to_vec())), "store.read_only");
    assert_eq!(code(log.scrub()), "store.read_only");
    drop(log);
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

const V1: &str = "CREATE TABLE a (x INTEGER) STRICT;";
const V2: &str = "ALTER TABLE a ADD COLUMN y INTEGER; CREATE TABLE b (z INTEGER) STRICT;";
const ONE: FileKind = FileKind {
    name: "test store",
    application_id: 0x5445_5354,
    tables: &["a"],
    migrations: &[V1],
};
const TWO: FileKind = FileKind {
    migrations: &[V1, V2],
    ..ONE
};

fn user_version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn migrations_run_in_order_and_never_on_a_read_only_open() {
    let dir = TempDir::new("file-migrate");
    let path = dir.path().join("m.db");
    let one = sqlite_file::open(&path, &ONE, OpenOptions::default()).unwrap();
    assert_eq!(one.version(), 1);
    one.connection
        .execute("INSERT INTO a (x) VALUES (7)", [])
        .unwrap();
    drop(one);
    let before = std::fs::read(&path).unwrap();
    // A reader of the newer code reads the older file as it is.
    let reader = sqlite_file::open(
        &path,
        &TWO,
        OpenOptions::default().with_access(Access::ReadOnly),
    )
    .unwrap();
    assert_eq!(reader.version(), 1);
    let x: i64 = reader
        .connection
        .query_row("SELECT x FROM a", [], |r| r.get(0))
        .unwrap();
    assert_eq!(x, 7);
    assert!(reader
        .connection
        .execute("INSERT INTO a (x) VALUES (8)", [])
        .is_err());
    drop(reader);
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(user_version(&path), 1);
    // A writer migrates.
    let writer = sqlite_file::open(
        &path,
        &TWO,
        OpenOptions::default().with_access(Access::ReadWrite),
    )
    .unwrap();
    assert_eq!(writer.version(), 2);
    writer
        .connection
        .execute("INSERT INTO b (z) VALUES (1)", [])
        .unwrap();
    drop(writer);
    assert_eq!(user_version(&path), 2);
    // The older code refuses the newer file, untouched.
    let before = std::fs::read(&path).unwrap();
    for access in [Access::ReadOnly, Access::ReadWrite, Access::Create] {
        let e =
            sqlite_file::open(&path, &ONE, OpenOptions::default().with_access(access)).unwrap_err();
        assert_eq!(e.code(), "store.version", "{e}");
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
    // Another kind's file is foreign.
    let e = sqlite_file::open(&path, &KIND, OpenOptions::default()).unwrap_err();
    assert_eq!(e.code(), "store.invalid");
}

// ---- the consent ledger of govblocks 0.1.0 -------------------------------------------------------

/// The principal of a consent revision (consent's hook, restated here without depending on
/// the consent crate).
fn principal_of(document: &[u8]) -> Option<String> {
    let value: serde_json::Value = serde_json::from_slice(document).ok()?;
    value.get("principal")?.as_str().map(str::to_owned)
}

const FIRST: &str = "urn:uuid:adf7e33b-d6d7-45d3-935b-5b90bc5e9c35";
const SECOND: &str = "urn:uuid:8c0eb1d2-15fe-4847-817b-a5d20785cb37";
const THIRD: &str = "urn:uuid:5a9a489c-2078-4787-951e-d4352326f345";

fn fixture_copy(dir: &TempDir) -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/consent-v1.ledger");
    let path = dir.path().join("consent-v1.ledger");
    std::fs::copy(fixture, &path).unwrap();
    path
}

fn consent_options(base: SqliteLogOptions) -> SqliteLogOptions {
    base.with_profile(
        Profile::new()
            .with_subject(principal_of)
            .with_cited_name("(agreements)"),
    )
}

#[test]
fn the_consent_ledger_of_0_1_0_opens_read_only_untouched_and_read_write() {
    let dir = TempDir::new("file-v1");
    let path = fixture_copy(&dir);
    let before = std::fs::read(&path).unwrap();
    let kind = &KIND;
    let check = |log: &govblocks_store::log::sqlite::SqliteLog| {
        let report = log.check().unwrap();
        assert_eq!(
            (
                report.streams,
                report.entries,
                report.tombstones,
                report.cited
            ),
            (3, 5, 1, 1)
        );
        assert_eq!(log.check_heads().unwrap(), report);
        let page = log.streams(None, 2).unwrap();
        assert_eq!(page.streams.len(), 2);
        let rest = log.streams(page.next.as_deref(), 2).unwrap();
        let mut all = page.streams.clone();
        all.extend(rest.streams);
        let mut expected = vec![FIRST.to_owned(), SECOND.to_owned(), THIRD.to_owned()];
        expected.sort();
        assert_eq!(all, expected);
        assert_eq!(rest.next, None);
        assert_eq!(log.streams_of("pseudonym-4471").unwrap(), [FIRST]);
        assert_eq!(log.streams_of("pseudonym-9902").unwrap(), [SECOND]);
        assert!(log.streams_of("pseudonym-5150").unwrap().is_empty());
        assert_eq!(log.entries(FIRST).unwrap().len(), 2);
        assert!(log
            .entries(THIRD)
            .unwrap()
            .iter()
            .all(|e| e.document.is_none()));
        assert_eq!(log.cited().unwrap().len(), 1);
    };
    let reader =
        govblocks_store::log::sqlite::SqliteLog::open(&path, kind, consent_options(read_only()))
            .unwrap();
    check(&reader);
    drop(reader);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a read-only open wrote to the file"
    );
    let writer =
        govblocks_store::log::sqlite::SqliteLog::open(&path, kind, consent_options(read_write()))
            .unwrap();
    check(&writer);
    drop(writer);
    assert_eq!(user_version(&path), 1);
    // Without consent's hook the subjects are not what the documents say: the index is
    // checked against the documents, so the generic test profile sees a tampered file.
    let e = open_log_with(&path, read_only()).unwrap_err();
    assert_eq!(e.code(), "store.tampered", "{e}");
    assert_ne!(CITED_STREAM, "(agreements)");
}
