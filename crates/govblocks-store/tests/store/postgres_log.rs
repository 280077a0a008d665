//! The PostgreSQL log's own tests, against the server `GOVBLOCKS_TEST_POSTGRES` names (each
//! returns at once, with a note, when it is not set): rows changed directly in the database
//! are found by the chain check; a connection killed mid-transaction leaves nothing of it; a
//! server restart loses nothing acknowledged (only when `GOVBLOCKS_TEST_POSTGRES_RESTART` says
//! how to restart it); a newer or foreign schema is refused untouched; read-only opening
//! never creates or writes.

use crate::pg::{restart_server, Schema};
use crate::suite::{code, document, grow, profile, revision};
use govblocks_store::log::{Log, Tamper};
use govblocks_store::postgres::{PgKind, PgLog, PgLogOptions, PgOptions};
use govblocks_store::Error;
use std::time::{Duration, Instant};

/// The kind the tests' logs have (the consent ledger's application id).
pub const KIND: PgKind = PgKind::new("consent ledger", 0x4742_434C, "govblocks_test_log");

/// Opens the log at `options` with the suite's profile.
pub fn open(options: &PgOptions) -> govblocks_store::Result<PgLog> {
    PgLog::open(
        options,
        &KIND,
        PgLogOptions::default().with_profile(profile()),
    )
}

fn tamper_of(result: govblocks_store::Result<impl std::fmt::Debug>) -> (String, u64, Tamper) {
    match result.unwrap_err() {
        Error::Tampered {
            stream,
            sequence,
            tamper,
        } => (stream, sequence, tamper),
        other => panic!("{other:?}"),
    }
}

#[test]
fn rows_changed_in_postgres_are_found_by_the_chain_check() {
    let Some(schema) = Schema::fresh("tamper") else {
        return;
    };
    let log = open(&schema.options()).unwrap();
    grow(&log, "r", "alice", 4);
    grow(&log, "s", "bob", 2);
    let mut admin = schema.admin();
    let name = &schema.name;
    let edit = |admin: &mut postgres::Client, sql: &str| {
        admin
            .batch_execute(&format!("SET search_path TO {name}; {sql}"))
            .unwrap()
    };
    // A document's bytes changed.
    edit(
        &mut admin,
        "UPDATE entries SET document = document || '\\x20'::bytea \
         WHERE stream = 'r'::bytea AND sequence = 1",
    );
    assert_eq!(
        tamper_of(log.check()),
        ("r".to_owned(), 1, Tamper::DigestMismatch)
    );
    assert_eq!(
        tamper_of(log.entries("r")),
        ("r".to_owned(), 1, Tamper::DigestMismatch)
    );
    assert_eq!(
        tamper_of(open(&schema.options())),
        ("r".to_owned(), 1, Tamper::DigestMismatch)
    );
    // Put back: whole again.
    edit(
        &mut admin,
        "UPDATE entries SET document = substring(document FROM 1 FOR length(document) - 1) \
         WHERE stream = 'r'::bytea AND sequence = 1",
    );
    log.check().unwrap();
    // An entry removed (the chain has a hole).
    edit(
        &mut admin,
        "CREATE TABLE saved AS SELECT * FROM entries WHERE stream = 'r'::bytea AND sequence = 2; \
         DELETE FROM entries WHERE stream = 'r'::bytea AND sequence = 2",
    );
    assert_eq!(tamper_of(log.check()), ("r".to_owned(), 2, Tamper::Missing));
    edit(
        &mut admin,
        "INSERT INTO entries SELECT * FROM saved; DROP TABLE saved",
    );
    log.check().unwrap();
    // The subject index pointed at another person.
    edit(
        &mut admin,
        "UPDATE streams SET subject = 'bob'::bytea WHERE stream = 'r'::bytea",
    );
    assert_eq!(
        tamper_of(log.check()),
        ("r".to_owned(), 0, Tamper::SubjectMismatch)
    );
    assert_eq!(code(log.streams_of("bob")), "store.tampered");
    edit(
        &mut admin,
        "UPDATE streams SET subject = 'alice'::bytea WHERE stream = 'r'::bytea",
    );
    // The head moved back (a consistent truncation of the head row alone).
    edit(
        &mut admin,
        "UPDATE streams SET head_sequence = 2, head_digest = \
         (SELECT digest FROM entries WHERE stream = 'r'::bytea AND sequence = 2) \
         WHERE stream = 'r'::bytea",
    );
    assert_eq!(
        tamper_of(log.check()),
        ("r".to_owned(), 3, Tamper::BeyondHead)
    );
    // And an append onto that head finds the place taken: refused, nothing written.
    let chain = grow_error(&log);
    assert_eq!(chain, "store.tampered");
}

fn grow_error(log: &PgLog) -> &'static str {
    let head = log.head("r").unwrap().unwrap();
    code(log.append(revision(
        "r",
        "alice",
        Some(head.digest),
        document("r", 3, "again"),
    )))
}

/// The backend pid of the store's session that waits on a lock, within 10 s.
fn waiting_session(admin: &mut postgres::Client, schema: &str) -> i32 {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let row = admin
            .query_opt(
                "SELECT pid FROM pg_stat_activity \
                 WHERE application_name = $1 AND wait_event_type = 'Lock' LIMIT 1",
                &[&format!("govblocks-store {schema}")],
            )
            .unwrap();
        if let Some(row) = row {
            return row.get(0);
        }
        assert!(
            Instant::now() < deadline,
            "the store's session never waited"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn a_connection_killed_mid_transaction_leaves_no_partial_write() {
    let Some(schema) = Schema::fresh("kill") else {
        return;
    };
    let log = std::sync::Arc::new(open(&schema.options()).unwrap());
    let r = grow(&*log, "r", "alice", 1);
    let s = grow(&*log, "s", "alice", 1);
    // Another session holds stream "s": the group below moves "r" and writes its entry, then
    // waits on "s", in the middle of its transaction.
    let mut holder = schema.admin();
    let mut hold = holder.transaction().unwrap();
    hold.execute(
        &format!(
            "SELECT 1 FROM {}.streams WHERE stream = 's'::bytea FOR UPDATE",
            schema.name
        ),
        &[],
    )
    .unwrap();
    let group = vec![
        revision("r", "alice", Some(r[0].digest), document("r", 1, "group")),
        revision("new", "alice", None, document("new", 0, "group")),
        revision("s", "alice", Some(s[0].digest), document("s", 1, "group")),
    ];
    let writer = {
        let log = std::sync::Arc::clone(&log);
        std::thread::spawn(move || log.append_many(group))
    };
    let mut admin = schema.admin();
    let pid = waiting_session(&mut admin, &schema.name);
    let killed: bool = admin
        .query_one("SELECT pg_terminate_backend($1)", &[&pid])
        .unwrap()
        .get(0);
    assert!(killed);
    let result = writer.join().unwrap();
    assert_eq!(code(result), "store.storage");
    hold.rollback().unwrap();
    // Nothing of the group: "r" has its one entry, "new" does not exist.
    assert_eq!(log.entries("r").unwrap(), r);
    assert_eq!(log.head("new").unwrap(), None);
    assert_eq!(log.entries("s").unwrap(), s);
    log.check().unwrap();
    // The store carries on with a new connection.
    let next = log
        .append(revision(
            "r",
            "alice",
            Some(r[0].digest),
            document("r", 1, "after"),
        ))
        .unwrap();
    assert_eq!(next.sequence, 1);
}

#[test]
fn a_server_restart_loses_nothing_acknowledged() {
    let Some(schema) = Schema::fresh_exclusive("restart") else {
        return;
    };
    let log = open(&schema.options()).unwrap();
    let seen_schema = schema.sibling("seen");
    let seen = govblocks_store::postgres::PgAcceptOnce::open(&seen_schema.options()).unwrap();
    use govblocks_store::accept_once::{AcceptOnce, Acceptance, Scope, Until};
    const SCOPE: Scope = Scope::new("test.restart");
    let now = govblocks_core::clock::Timestamp::parse("2026-01-01T00:00:00Z", "now").unwrap();
    let stored = grow(&log, "r", "alice", 5);
    log.put_cited(b"cited".to_vec()).unwrap();
    for id in ["a", "b", "c"] {
        assert_eq!(
            seen.accept_once(SCOPE, id, now, Until::Forever).unwrap(),
            Acceptance::Accepted
        );
    }
    if !restart_server() {
        return;
    }
    // The same handles (their pooled connections died with the server) and a new one.
    assert_eq!(log.entries("r").unwrap(), stored);
    assert_eq!(log.cited().unwrap().len(), 1);
    for id in ["a", "b", "c"] {
        assert_eq!(
            seen.accept_once(SCOPE, id, now, Until::Forever).unwrap(),
            Acceptance::AlreadyAccepted
        );
    }
    let reopened = open(&schema.options()).unwrap();
    assert_eq!(reopened.entries("r").unwrap(), stored);
    let more = grow(&log, "r", "alice", 1);
    assert_eq!(more[0].sequence, 5);
}

#[test]
fn a_newer_or_foreign_schema_is_refused_untouched() {
    let Some(schema) = Schema::fresh("version") else {
        return;
    };
    let log = open(&schema.options()).unwrap();
    grow(&log, "r", "alice", 2);
    drop(log);
    let mut admin = schema.admin();
    let name = &schema.name;
    admin
        .batch_execute(&format!("UPDATE {name}.govblocks_store SET version = 99"))
        .unwrap();
    let err = open(&schema.options()).unwrap_err();
    assert_eq!(err.code(), "store.version");
    let err = open(&schema.options().read_only()).unwrap_err();
    assert_eq!(err.code(), "store.version");
    let version: i64 = admin
        .query_one(&format!("SELECT version FROM {name}.govblocks_store"), &[])
        .unwrap()
        .get(0);
    assert_eq!(version, 99);
    // Another kind of store in that schema: the accept-once store refuses it.
    admin
        .batch_execute(&format!("UPDATE {name}.govblocks_store SET version = 1"))
        .unwrap();
    let err = govblocks_store::postgres::PgAcceptOnce::open(&schema.options()).unwrap_err();
    assert_eq!(err.code(), "store.invalid");
    let tables: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1",
            &[&name.as_str()],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 4, "nothing was created beside the log's tables");
    // A schema of something else altogether.
    let Some(foreign) = Schema::fresh("foreign") else {
        return;
    };
    admin
        .batch_execute(&format!(
            "CREATE SCHEMA {0}; CREATE TABLE {0}.accounts (id int)",
            foreign.name
        ))
        .unwrap();
    assert_eq!(
        open(&foreign.options()).unwrap_err().code(),
        "store.invalid"
    );
    let tables: i64 = admin
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = $1",
            &[&foreign.name.as_str()],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1);
    // A bad schema name is refused before connecting.
    assert_eq!(
        open(&schema.options().with_schema("Robert'); DROP"))
            .unwrap_err()
            .code(),
        "store.invalid"
    );
}

#[test]
fn read_only_never_creates_or_writes() {
    let Some(schema) = Schema::fresh("readonly") else {
        return;
    };
    let err = open(&schema.options().read_only()).unwrap_err();
    assert_eq!(err.code(), "store.not_found");
    let mut admin = schema.admin();
    let exists: bool = admin
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)",
            &[&schema.name.as_str()],
        )
        .unwrap()
        .get(0);
    assert!(!exists, "a read-only open created the schema");
    let stored = grow(&open(&schema.options()).unwrap(), "r", "alice", 2);
    let reader = open(&schema.options().read_only()).unwrap();
    assert_eq!(reader.entries("r").unwrap(), stored);
    assert_eq!(
        code(reader.append(revision(
            "r",
            "alice",
            Some(stored[1].digest),
            b"x".to_vec()
        ))),
        "store.read_only"
    );
    assert_eq!(code(reader.erase_subject("alice")), "store.read_only");
    assert_eq!(code(reader.put_cited(b"x".to_vec())), "store.read_only");
}

#[test]
fn many_processes_worth_of_handles_open_one_missing_schema_at_once() {
    let Some(schema) = Schema::fresh("create") else {
        return;
    };
    let options = schema.options();
    let barrier = std::sync::Arc::new(std::sync::Barrier::new(12));
    let handles: Vec<_> = (0..12)
        .map(|_| {
            let options = options.clone();
            let barrier = std::sync::Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                open(&options).map(|_| ()).map_err(|e| e.to_string())
            })
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
}
