//! The SQLite backend beyond the conformance suite: what it writes (a stored-data contract),
//! the migration of a file written by schema 1, which files it refuses untouched, read-only
//! access, and the sweep's bound.

use crate::suite::{t, until, TempDir, CHALLENGE, MESSAGE};
use govblocks_store::accept_once::{
    AcceptOnce, Acceptance, SqliteAcceptOnce, Until, SQLITE_APPLICATION_ID, SWEEP_EVERY,
};
use govblocks_store::sqlite_file::{Access, OpenOptions, Synchronous};
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
    assert_eq!(version, 2);
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

/// The schema of the file at `path`: every object's type, name and SQL.
fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let conn = Connection::open(path).unwrap();
    let mut objects: Vec<(String, String, Option<String>)> = conn
        .prepare("SELECT type, name, sql FROM sqlite_schema")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    objects.sort();
    objects
}

fn version(path: &Path) -> i64 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn one_tree_keyed_by_scope_and_id() {
    // Schema 2: the table is its own primary-key index (`WITHOUT ROWID`) and has no other
    // index, so a check writes one B-tree (schema 1 wrote three: table, key, expiry).
    let dir = TempDir::new("one-tree");
    let path = dir.path().join("once.db");
    drop(SqliteAcceptOnce::open(&path).unwrap());
    let objects = schema(&path);
    assert_eq!(objects.len(), 1, "{objects:?}");
    let (kind, name, sql) = &objects[0];
    assert_eq!((kind.as_str(), name.as_str()), ("table", "accept_once"));
    let sql = sql.as_deref().unwrap();
    assert!(sql.contains("PRIMARY KEY (scope, id)"), "{sql}");
    assert!(sql.trim_end().ends_with("WITHOUT ROWID"), "{sql}");
}

/// A copy of `tests/fixtures/accept-once-v1.db`: a file written by the schema-1 code
/// (commit d48a0c3, `SqliteAcceptOnce::open` and its calls, then closed): at `t(0)`,
/// `test.challenge` `c-live` until `t(600)` and `c-expired` until `t(10)`, `test.message`
/// `m-forever` for ever and `c-live` until `t(300)`; at `t(1)`, by `accept_all_once`, for ever,
/// `test.message` `b-1` and `b-2` and `test.challenge` `b-1`.
fn fixture_v1(dir: &TempDir) -> std::path::PathBuf {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/accept-once-v1.db");
    let path = dir.path().join("accept-once-v1.db");
    std::fs::copy(fixture, &path).unwrap();
    path
}

#[test]
fn a_file_of_schema_1_is_read_as_it_is_and_migrated_by_a_writer() {
    let dir = TempDir::new("v1");
    let path = fixture_v1(&dir);
    assert_eq!(version(&path), 1);
    let names: Vec<String> = schema(&path).into_iter().map(|(_, name, _)| name).collect();
    assert!(
        names.contains(&"accept_once_expiry".to_owned()),
        "{names:?}"
    );

    // A reader reads schema 1 as it is and writes nothing.
    let before = read(&path);
    let reader =
        SqliteAcceptOnce::open_with(&path, OpenOptions::default().with_access(Access::ReadOnly))
            .unwrap();
    assert_eq!(reader.remembered().unwrap(), 7);
    drop(reader);
    assert_eq!(read(&path), before, "a reader migrated or wrote the file");

    // A writer migrates to schema 2, in one tree, every row kept as it was.
    let rows = |path: &Path| -> Vec<(String, String, Option<i64>)> {
        let conn = Connection::open(path).unwrap();
        let mut rows: Vec<(String, String, Option<i64>)> = conn
            .prepare("SELECT scope, id, expires_at FROM accept_once")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        rows.sort();
        rows
    };
    let old_rows = rows(&path);
    assert_eq!(old_rows.len(), 7);
    let store =
        SqliteAcceptOnce::open_with(&path, OpenOptions::default().with_access(Access::ReadWrite))
            .unwrap();
    assert_eq!(store.remembered().unwrap(), 7);
    assert_eq!(version(&path), 2);
    assert_eq!(rows(&path), old_rows, "the migration changed a row");
    let objects = schema(&path);
    assert_eq!(objects.len(), 1, "old table or index left: {objects:?}");
    assert!(objects[0].2.as_deref().unwrap().contains("WITHOUT ROWID"));

    // What schema 1 remembered is still refused; what expired is accepted again.
    for (scope, id) in [
        (CHALLENGE, "c-live"),
        (MESSAGE, "c-live"),
        (MESSAGE, "m-forever"),
        (MESSAGE, "b-1"),
        (MESSAGE, "b-2"),
        (CHALLENGE, "b-1"),
    ] {
        assert_eq!(
            store.accept_once(scope, id, t(20), until(900)).unwrap(),
            Acceptance::AlreadyAccepted,
            "{scope} {id}"
        );
    }
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c-expired", t(20), until(900))
            .unwrap(),
        Acceptance::Accepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "new", t(20), until(900))
            .unwrap(),
        Acceptance::Accepted
    );
    drop(store);

    // A process still running schema 1's code on the migrated file: its upsert still checks
    // correctly, its sweep fails (it names the rowid) instead of deleting anything.
    {
        let conn = Connection::open(&path).unwrap();
        let old_accept = "INSERT INTO accept_once (scope, id, expires_at) VALUES (?1, ?2, ?3)
            ON CONFLICT (scope, id) DO UPDATE SET expires_at = excluded.expires_at
            WHERE accept_once.expires_at IS NOT NULL AND accept_once.expires_at <= ?4";
        let old_sweep = "DELETE FROM accept_once WHERE rowid IN (
            SELECT rowid FROM accept_once WHERE expires_at <= ?1 LIMIT ?2)";
        let changed = conn
            .execute(
                old_accept,
                rusqlite::params!["test.message", "m-forever", 1, 2],
            )
            .unwrap();
        assert_eq!(changed, 0, "schema 1's upsert accepted a remembered id");
        assert!(conn
            .execute(old_sweep, rusqlite::params![i64::MAX, 1024])
            .is_err());
    }

    // Opened again: schema 2 as it is, the ids accepted since remembered.
    let store = SqliteAcceptOnce::open(&path).unwrap();
    assert_eq!(version(&path), 2);
    assert_eq!(
        store
            .accept_once(CHALLENGE, "new", t(30), until(900))
            .unwrap(),
        Acceptance::AlreadyAccepted
    );
    assert_eq!(store.remembered().unwrap(), 8);
}

#[test]
fn expired_rows_are_swept_once_every_sweep_interval() {
    let dir = TempDir::new("sweep-interval");
    let path = dir.path().join("once.db");
    crate::suite::expired_rows_are_swept_once_every_sweep_interval(500, || {
        SqliteAcceptOnce::open(&path).unwrap()
    });
}

#[test]
fn a_large_table_is_swept_by_a_hand_going_round_the_key_order() {
    // 1,000 live ids (each lives 1,000 s, one arrives a second), far more than one sweep
    // visits: the hand goes round the key order, and in this steady flow the table holds at
    // most 8/7 of the live ids (and of a sweep interval's). The ids are numbered so
    // that key order is not arrival order.
    let dir = TempDir::new("sweep-hand");
    let path = dir.path().join("once.db");
    let store = SqliteAcceptOnce::open_with(
        &path,
        OpenOptions::default().with_synchronous(Synchronous::Normal),
    )
    .unwrap();
    let live = 1000;
    let mut most = 0;
    for i in 0..6000i64 {
        let id = format!("{:04}-{i}", (i * 7919) % 10_000);
        assert_eq!(
            store
                .accept_once(MESSAGE, &id, t(i), until(i + live))
                .unwrap(),
            Acceptance::Accepted
        );
        if i > 2 * live {
            most = most.max(store.remembered().unwrap());
        }
    }
    // A round of the hand is `rows / 8` calls, and one sweep interval more when it stops at
    // the end of the key order: `rows ≤ live + rows / 8 + interval`.
    let bound = (live as u64 + SWEEP_EVERY as u64) * 8 / 7 + 1;
    assert!(most <= bound, "{most} rows held, bound {bound}");
    assert!(most > live as u64, "nothing waited for the hand: {most}");
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
