//! The SQLite backend beyond the conformance suite: what it writes (a stored-data contract),
//! which files it refuses untouched, read-only access, and that the sweep uses its index.

use crate::suite::{t, until, TempDir, CHALLENGE, MESSAGE};
use govblocks_store::accept_once::{
    AcceptOnce, Acceptance, SqliteAcceptOnce, Until, SQLITE_APPLICATION_ID, SWEEP_EVERY,
};
use govblocks_store::sqlite_file::{Access, OpenOptions};
use rusqlite::Connection;
use std::path::Path;

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

#[test]
fn the_file_holds_scope_id_and_expiry_in_microseconds() {
    let dir = TempDir::new("format");
    let path = dir.path().join("once.db");
    let store = SqliteAcceptOnce::open(&path).unwrap();
    let _ = store
        .accept_once(CHALLENGE, "c1", t(0), until(600))
        .unwrap();
    let _ = store
        .accept_once(MESSAGE, "m1", t(0), Until::Forever)
        .unwrap();
    drop(store);

    let conn = Connection::open(&path).unwrap();
    let app: i32 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .unwrap();
    assert_eq!(app, SQLITE_APPLICATION_ID);
    assert_eq!(app, 0x4742_414F, "\"GBAO\": files in the field carry it");
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap();
    assert_eq!(version, 1);
    let mut rows: Vec<(String, String, Option<i64>)> = conn
        .prepare("SELECT scope, id, expires_at FROM accept_once ORDER BY scope")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    rows.sort();
    let micros = (t(600).unix_nanos() / 1000) as i64;
    assert_eq!(
        rows,
        [
            ("test.challenge".into(), "c1".into(), Some(micros)),
            ("test.message".into(), "m1".into(), None),
        ]
    );
}

#[test]
fn the_sweep_uses_the_expiry_index() {
    let dir = TempDir::new("index");
    let path = dir.path().join("once.db");
    drop(SqliteAcceptOnce::open(&path).unwrap());
    let conn = Connection::open(&path).unwrap();
    let plan: Vec<String> = conn
        .prepare("EXPLAIN QUERY PLAN SELECT rowid FROM accept_once WHERE expires_at <= 5 LIMIT 64")
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter().any(|step| step.contains("accept_once_expiry")),
        "{plan:?}"
    );
}

#[test]
fn expired_rows_are_swept_once_every_sweep_interval() {
    let dir = TempDir::new("sweep-interval");
    let path = dir.path().join("once.db");
    let store = SqliteAcceptOnce::open(&path).unwrap();
    // Each id lives 10 s, one arrives per second: 10 live, and at most the expired ids of the
    // calls since the last sweep beside them.
    let mut most = 0;
    for i in 0..500 {
        assert_eq!(
            store
                .accept_once(CHALLENGE, &format!("s{i}"), t(i), until(i + 10))
                .unwrap(),
            Acceptance::Accepted
        );
        most = most.max(store.remembered().unwrap());
    }
    let bound = 10 + SWEEP_EVERY as u64;
    assert!(most <= bound, "{most} rows held, bound {bound}");
    // A store opened again sweeps at its first call.
    drop(store);
    let store = SqliteAcceptOnce::open(&path).unwrap();
    assert!(store.remembered().unwrap() > 10);
    let _ = store
        .accept_once(CHALLENGE, "late", t(1000), until(1010))
        .unwrap();
    assert_eq!(store.remembered().unwrap(), 1, "every expired row swept");
}

#[test]
fn a_foreign_file_is_refused_untouched() {
    let dir = TempDir::new("foreign");
    // Another application's SQLite file, and a file that is not SQLite.
    let other = dir.path().join("other.db");
    {
        let conn = Connection::open(&other).unwrap();
        conn.execute_batch("PRAGMA application_id = 0x4742434C; CREATE TABLE records (x);")
            .unwrap();
    }
    let text = dir.path().join("notes.txt");
    std::fs::write(
        &text,
        "not a database, but long enough to look like a header.....",
    )
    .unwrap();
    for path in [&other, &text] {
        let before = read(path);
        let error = SqliteAcceptOnce::open(path).unwrap_err();
        assert_eq!(error.code(), "store.invalid", "{path:?}: {error}");
        assert_eq!(read(path), before, "{path:?} untouched");
    }
}

#[test]
fn read_only_counts_but_never_writes() {
    let dir = TempDir::new("read-only");
    let path = dir.path().join("once.db");
    let read_only = OpenOptions::default().with_access(Access::ReadOnly);
    let missing = SqliteAcceptOnce::open_with(&path, read_only).unwrap_err();
    assert_eq!(missing.code(), "store.not_found");
    assert!(!path.exists(), "a reader created the file");

    let store = SqliteAcceptOnce::open(&path).unwrap();
    let _ = store.accept_once(CHALLENGE, "c1", t(0), until(10)).unwrap();
    drop(store);
    let before = read(&path);
    let reader = SqliteAcceptOnce::open_with(&path, read_only).unwrap();
    assert_eq!(reader.remembered().unwrap(), 1);
    let error = reader
        .accept_once(CHALLENGE, "c2", t(0), until(10))
        .unwrap_err();
    assert_eq!(error.code(), "store.read_only");
    let error = reader
        .accept_all_once(&[(CHALLENGE, "c3")], t(0), until(10))
        .unwrap_err();
    assert_eq!(error.code(), "store.read_only");
    drop(reader);
    assert_eq!(read(&path), before);
}

#[test]
fn a_storage_failure_is_an_error_not_an_acceptance() {
    let dir = TempDir::new("failure");
    let path = dir.path().join("once.db");
    let store = SqliteAcceptOnce::open(&path).unwrap();
    // Someone drops the table behind the store's back: every call fails, none accepts.
    Connection::open(&path)
        .unwrap()
        .execute_batch("DROP TABLE accept_once")
        .unwrap();
    let error = store
        .accept_once(CHALLENGE, "c1", t(0), until(10))
        .unwrap_err();
    assert_eq!(error.code(), "store.storage", "{error}");
    assert_eq!(store.remembered().unwrap_err().code(), "store.storage");
}
