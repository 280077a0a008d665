//! Scale of the shared state (issue 20, point 4): accept-once checks and durable consent
//! appends from 1, 2 and 8 concurrent **processes**, on PostgreSQL and on a SQLite file (WAL,
//! `synchronous = FULL`), and the bytes each remembered id and each revision takes.
//!
//! Ignored (it measures, it does not test); run in release mode:
//!
//! ```sh
//! GOVBLOCKS_TEST_POSTGRES=postgresql://postgres@127.0.0.1:57231/postgres \
//!   cargo test --release -p govblocks-consent --features postgres --test scale -- --ignored --nocapture
//! ```
//!
//! Without `GOVBLOCKS_TEST_POSTGRES` only the SQLite figures are taken. The test binary
//! re-invokes itself (`current_exe()`, `--exact child_worker`) with `GOVBLOCKS_SCALE_CHILD` set:
//! each child opens the store on its own (its own pool of connections, or its own SQLite
//! connection), says `ready`, waits for the parent's `go` on stdin, works for
//! `GOVBLOCKS_SCALE_SECONDS` (default 5) and prints how many operations it completed.
//!
//! * **accept-once check**: `accept_once` of a new id (36 bytes, a UUID's form) in one scope,
//!   remembered for 330 s (the exchange replay guard's window and skew): the path of every
//!   fresh challenge or message id. PostgreSQL: `PgAcceptOnce`; SQLite: `SqliteAcceptOnce`
//!   with its defaults (`synchronous = FULL`).
//! * **durable consent append**: `Log::append` of a 1 KiB revision (JSON naming its
//!   principal, as consent's profile requires) onto the head the child holds, each child on
//!   its own 16 records in turn: the consent ledger of `govblocks_consent::ledger`
//!   (`open_postgres`; `open` for SQLite, `synchronous = FULL`). PostgreSQL runs with the
//!   server's `synchronous_commit` (the test cluster: `on`, `fsync = on`): every acknowledged
//!   append is on disk.
//!
//! Sizes: `GOVBLOCKS_SCALE_ROWS` (default 100,000) ids accepted and revisions appended (100 to
//! a record) into a fresh store, then PostgreSQL's `pg_total_relation_size` of the store's
//! tables (indexes included: `bytes_on_disk`) or the SQLite file's size once closed
//! (`page_count × page_size`, the WAL checkpointed), divided by the rows.
#![cfg(feature = "postgres")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_consent::ledger::{self, Log, NewEntry, PgOptions};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_store::accept_once::SqliteAcceptOnce;
use govblocks_store::accept_once::{AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until};
use govblocks_store::postgres::PgAcceptOnce;
use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const CHILD: &str = "GOVBLOCKS_SCALE_CHILD";
const PLACE: &str = "GOVBLOCKS_SCALE_PLACE";
const WORKER: &str = "GOVBLOCKS_SCALE_WORKER";
const SECONDS: &str = "GOVBLOCKS_SCALE_SECONDS";
const SERVER: &str = "GOVBLOCKS_TEST_POSTGRES";
const SCOPE: Scope = Scope::new("scale.check");
const RECORDS_PER_CHILD: usize = 16;

fn now() -> Timestamp {
    Timestamp::from_datetime(time::OffsetDateTime::now_utc()).unwrap()
}

fn window() -> time::Duration {
    time::Duration::seconds(330)
}

/// A 36-byte id in a UUID's form, unique per (run, worker, n).
fn id(run: u32, worker: u32, n: u64) -> String {
    format!("{run:08x}-{worker:04x}-4000-8000-{n:012x}")
}

/// A 1 KiB revision of `record` at `sequence`, naming its principal.
fn revision(record: &str, principal: &str, sequence: u64) -> Vec<u8> {
    let head =
        format!(r#"{{"principal":"{principal}","record":"{record}","sequence":{sequence},"pad":""#);
    let mut doc = head.into_bytes();
    while doc.len() < 1022 {
        doc.push(b'x');
    }
    doc.extend_from_slice(b"\"}");
    doc
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Backend {
    Postgres,
    Sqlite,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Work {
    Accept,
    Append,
}

impl Work {
    fn name(self) -> &'static str {
        match self {
            Work::Accept => "accept",
            Work::Append => "append",
        }
    }
}

fn role(backend: Backend, work: Work) -> String {
    format!(
        "{}-{}",
        match backend {
            Backend::Postgres => "pg",
            Backend::Sqlite => "sqlite",
        },
        work.name()
    )
}

/// Where a store is: a PostgreSQL schema or a SQLite file.
fn pg_options(place: &str) -> PgOptions {
    let (url, schema) = place.rsplit_once('#').unwrap();
    PgOptions::new(url).with_schema(schema)
}

/// The worker: opens the store, waits for `go`, works for the given seconds.
#[test]
fn child_worker() {
    let Ok(role) = std::env::var(CHILD) else {
        return;
    };
    let place = std::env::var(PLACE).unwrap();
    let worker: u32 = std::env::var(WORKER).unwrap().parse().unwrap();
    let seconds: f64 = std::env::var(SECONDS).unwrap().parse().unwrap();
    let run = std::process::id();
    let go = || {
        // The new line ends the harness's "test child_worker ... " line.
        writeln!(std::io::stdout(), "\nready").unwrap();
        std::io::stdout().flush().unwrap();
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).unwrap();
        assert_eq!(line.trim(), "go");
    };
    let (count, elapsed) = match role.as_str() {
        "pg-accept" | "sqlite-accept" => {
            let store: Box<dyn AcceptOnce> = if role == "pg-accept" {
                Box::new(PgAcceptOnce::open(&pg_options(&place)).unwrap())
            } else {
                Box::new(SqliteAcceptOnce::open(&place).unwrap())
            };
            // One call before the clock starts (a connection, the prepared statement).
            let t = now();
            let first = store
                .accept_once(
                    SCOPE,
                    &id(run, worker, u64::MAX >> 16),
                    t,
                    Until::Instant(t.checked_add(window()).unwrap()),
                )
                .unwrap();
            assert_eq!(first, Acceptance::Accepted);
            go();
            let start = Instant::now();
            let deadline = start + Duration::from_secs_f64(seconds);
            let mut n = 0u64;
            let mut busy = 0u64;
            while Instant::now() < deadline {
                let t = now();
                let until = Until::Instant(t.checked_add(window()).unwrap());
                // `store.busy` (eight processes contending for SQLite's one writer past the
                // busy timeout) is what a caller retries: counted and retried.
                let got = loop {
                    match store.accept_once(SCOPE, &id(run, worker, n), t, until) {
                        Ok(got) => break got,
                        Err(govblocks_store::Error::Busy { .. }) => busy += 1,
                        Err(e) => panic!("accept_once: {e}"),
                    }
                };
                assert_eq!(got, Acceptance::Accepted);
                n += 1;
            }
            if busy > 0 {
                eprintln!("worker {worker}: {busy} checks retried after store.busy");
            }
            (n, start.elapsed())
        }
        "pg-append" | "sqlite-append" => {
            let log: Box<dyn Log> = if role == "pg-append" {
                Box::new(ledger::open_postgres(&pg_options(&place)).unwrap())
            } else {
                Box::new(ledger::open(&place, ledger::Access::Create).unwrap())
            };
            let records: Vec<String> = (0..RECORDS_PER_CHILD)
                .map(|k| format!("urn:uuid:{run:08x}-{worker:04x}-4000-8000-{k:012x}"))
                .collect();
            let busy = std::cell::Cell::new(0u64);
            let mut heads: Vec<Option<ContentDigest>> = vec![None; RECORDS_PER_CHILD];
            let mut sequences = vec![0u64; RECORDS_PER_CHILD];
            let append = |k: usize, heads: &mut Vec<Option<ContentDigest>>, seqs: &mut Vec<u64>| {
                let principal = format!("pseudonym-{worker}-{k}");
                // `store.busy` (SQLite's lock not had within the busy timeout, when eight
                // processes contend for the one writer) is what a caller retries: counted and
                // retried, not a failure of the run.
                let stored = loop {
                    let entry = NewEntry::new(
                        records[k].clone(),
                        heads[k],
                        revision(&records[k], &principal, seqs[k]),
                    );
                    match log.append(entry) {
                        Ok(stored) => break stored,
                        Err(govblocks_store::Error::Busy { .. }) => busy.set(busy.get() + 1),
                        Err(e) => panic!("append: {e}"),
                    }
                };
                heads[k] = Some(stored.digest);
                seqs[k] += 1;
            };
            append(0, &mut heads, &mut sequences);
            go();
            let start = Instant::now();
            let deadline = start + Duration::from_secs_f64(seconds);
            let mut n = 0u64;
            while Instant::now() < deadline {
                let k = usize::try_from(n % RECORDS_PER_CHILD as u64).unwrap();
                append(k, &mut heads, &mut sequences);
                n += 1;
            }
            if busy.get() > 0 {
                eprintln!(
                    "worker {worker}: {} appends retried after store.busy",
                    busy.get()
                );
            }
            (n, start.elapsed())
        }
        other => panic!("unknown role {other}"),
    };
    let mut out = std::io::stdout().lock();
    writeln!(out, "done {count} {}", elapsed.as_nanos()).unwrap();
    out.flush().unwrap();
}

/// Runs `processes` children on `place`; returns the operations per second of all together.
fn run_children(backend: Backend, work: Work, place: &str, processes: u32, seconds: f64) -> f64 {
    let mut children = Vec::new();
    for worker in 0..processes {
        let child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "child_worker", "--nocapture", "--test-threads=1"])
            .env(CHILD, role(backend, work))
            .env(PLACE, place)
            .env(WORKER, worker.to_string())
            .env(SECONDS, seconds.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        children.push(child);
    }
    let mut readers = Vec::new();
    for child in &mut children {
        let mut reader = BufReader::new(child.stdout.take().unwrap());
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "a child ended early"
            );
            if line.trim() == "ready" {
                break;
            }
        }
        readers.push(reader);
    }
    for child in &mut children {
        let stdin = child.stdin.as_mut().unwrap();
        stdin.write_all(b"go\n").unwrap();
        stdin.flush().unwrap();
    }
    let mut per_second = 0.0;
    for (child, reader) in children.iter_mut().zip(&mut readers) {
        let mut line = String::new();
        loop {
            line.clear();
            assert!(
                reader.read_line(&mut line).unwrap() > 0,
                "a child ended early"
            );
            if let Some(rest) = line.trim().strip_prefix("done ") {
                let (count, nanos) = rest.split_once(' ').unwrap();
                let count: f64 = count.parse().unwrap();
                let nanos: f64 = nanos.parse().unwrap();
                per_second += count / (nanos / 1e9);
                break;
            }
        }
        assert!(child.wait().unwrap().success());
    }
    per_second
}

fn load() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "?".to_owned())
}

struct Places {
    server: Option<String>,
    dir: PathBuf,
    tag: String,
    schemas: Vec<String>,
}

impl Places {
    fn new() -> Self {
        let tag = format!("{}", std::process::id());
        let dir = std::env::temp_dir().join(format!("govblocks-scale-{tag}"));
        std::fs::create_dir_all(&dir).unwrap();
        Self {
            server: std::env::var(SERVER).ok().filter(|s| !s.is_empty()),
            dir,
            tag,
            schemas: Vec::new(),
        }
    }

    fn place(&mut self, backend: Backend, name: &str) -> String {
        match backend {
            Backend::Postgres => {
                let schema = format!("gbscale_{}_{name}", self.tag);
                self.schemas.push(schema.clone());
                format!("{}#{schema}", self.server.as_deref().unwrap())
            }
            Backend::Sqlite => self
                .dir
                .join(format!("{name}.sqlite"))
                .to_string_lossy()
                .into_owned(),
        }
    }
}

impl Drop for Places {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        // This crate's tests have no PostgreSQL client of their own: the schemas are dropped
        // with `psql` when it is there (else a throwaway cluster takes them away).
        if let Some(server) = &self.server {
            for schema in &self.schemas {
                let _ = Command::new("psql")
                    .args([server.as_str(), "-q", "-c"])
                    .arg(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .status();
            }
        }
    }
}

fn rows() -> u64 {
    std::env::var("GOVBLOCKS_SCALE_ROWS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000)
}

/// Bytes per remembered id: `rows` ids accepted into a fresh store, 1,000 a call.
fn bytes_per_id(backend: Backend, places: &mut Places) -> f64 {
    let place = places.place(backend, "size_ids");
    let rows = rows();
    let t = now();
    let until = Until::Instant(t.checked_add(window()).unwrap());
    let accept_all = |store: &dyn AcceptOnce| {
        let mut n = 0u64;
        while n < rows {
            let ids: Vec<String> = (n..(n + 1000).min(rows)).map(|i| id(7, 1, i)).collect();
            let call: Vec<(Scope, &str)> = ids.iter().map(|i| (SCOPE, i.as_str())).collect();
            let all = store.accept_all_once(&call, t, until).unwrap();
            assert_eq!(all, AcceptanceOfAll::Accepted);
            n += 1000;
        }
        assert_eq!(store.remembered().unwrap(), rows);
    };
    let bytes = match backend {
        Backend::Postgres => {
            let store = PgAcceptOnce::open(&pg_options(&place)).unwrap();
            accept_all(&store);
            store.bytes_on_disk().unwrap()
        }
        Backend::Sqlite => {
            {
                let store = SqliteAcceptOnce::open(&place).unwrap();
                accept_all(&store);
            }
            std::fs::metadata(&place).unwrap().len()
        }
    };
    bytes as f64 / rows as f64
}

/// Bytes per revision: `rows` 1 KiB revisions, 100 to a record, in groups of 100.
fn bytes_per_revision(backend: Backend, places: &mut Places) -> f64 {
    let place = places.place(backend, "size_revisions");
    let rows = rows();
    let fill = |log: &dyn Log| {
        let mut n = 0u64;
        while n < rows {
            let record = format!("urn:uuid:00000000-0000-4000-8000-{:012x}", n / 100);
            let principal = format!("pseudonym-{}", n / 100);
            let mut predecessor = None;
            let mut group = Vec::new();
            for sequence in 0..100.min(rows - n) {
                let entry = NewEntry::new(
                    record.clone(),
                    predecessor,
                    revision(&record, &principal, sequence),
                );
                predecessor = Some(entry.digest());
                group.push(entry);
            }
            n += group.len() as u64;
            log.append_many(group).unwrap();
        }
    };
    let bytes = match backend {
        Backend::Postgres => {
            let log = ledger::open_postgres(&pg_options(&place)).unwrap();
            fill(&log);
            log.bytes_on_disk().unwrap()
        }
        Backend::Sqlite => {
            {
                let log = ledger::open(&place, ledger::Access::Create).unwrap();
                fill(&log);
            }
            std::fs::metadata(&place).unwrap().len()
        }
    };
    bytes as f64 / rows as f64
}

#[test]
#[ignore = "measures throughput with child processes: run in release mode with --ignored"]
fn fleet_scale() {
    let seconds: f64 = std::env::var(SECONDS)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5.0);
    let mut places = Places::new();
    let mut backends = vec![Backend::Sqlite];
    if places.server.is_some() {
        backends.insert(0, Backend::Postgres);
    } else {
        eprintln!("note: {SERVER} is not set: only the SQLite figures are taken");
    }
    println!("load before: {}", load());
    for &backend in &backends {
        for work in [Work::Accept, Work::Append] {
            for processes in [1u32, 2, 8] {
                let name = format!("{}_{processes}", work.name());
                let place = places.place(backend, &name);
                let per_second = run_children(backend, work, &place, processes, seconds);
                println!(
                    "{backend:?} {} from {processes} process(es): {per_second:.0}/s (load {})",
                    match work {
                        Work::Accept => "accept-once checks",
                        Work::Append => "durable consent appends",
                    },
                    load()
                );
            }
        }
    }
    for &backend in &backends {
        println!(
            "{backend:?}: {:.1} bytes per remembered id, {:.1} bytes per 1 KiB revision ({} rows)",
            bytes_per_id(backend, &mut places),
            bytes_per_revision(backend, &mut places),
            rows()
        );
    }
    println!("load after: {}", load());
}
