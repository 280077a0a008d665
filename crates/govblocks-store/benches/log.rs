//! Log appends per second, durable and not, next to their baselines.
//!
//! Group `ledger_append` (one element = one revision of 1 KiB appended onto its record's head):
//!
//! * `sqlite_full/append`: one durable transaction per revision (`synchronous=FULL`, WAL): the
//!   default, an `fsync` per append;
//! * `sqlite_full/append_many_100`: group commit, 100 revisions per transaction and `fsync`;
//! * `sqlite_normal/append`: `synchronous=NORMAL` (no `fsync` per commit; see the durability
//!   notes in `log::sqlite`);
//! * baselines: `memory/append` (`MemoryLog`, the cost without storage) and
//!   `fsync/write_1k` (write 1 KiB to a file and `fsync` it: the floor of a durable append on
//!   this disk). The ratio `sqlite_full/append` : `fsync/write_1k` is what SQLite adds.
//!
//! Group `ledger_check`: [`Log::check`] over 2,000 revisions of 1 KiB (what opening costs
//! per revision).
//!
//! `cargo bench -p govblocks-store --bench log -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govblocks_core::digest::ContentDigest;
use govblocks_store::log::memory::MemoryLog;
use govblocks_store::log::sqlite::{file_kind, SqliteLog, SqliteLogOptions};
use govblocks_store::log::{Log, NewEntry, Profile};
use govblocks_store::sqlite_file::{FileKind, OpenOptions, Synchronous};
use std::hint::black_box;
use std::io::Write;
use std::path::PathBuf;

const KIND: FileKind = file_kind("bench log", 0x4245_4E43);

/// A profile like consent's: the subject is the document's `principal` (read on every append
/// and every check, so its cost is measured too).
fn profile() -> Profile {
    Profile::new().with_subject(|document: &[u8]| {
        #[derive(serde::Deserialize)]
        struct Principal {
            principal: String,
        }
        serde_json::from_slice::<Principal>(document)
            .ok()
            .map(|p| p.principal)
    })
}

/// A 1 KiB stand-in for a signed revision document.
fn document(record: &str, sequence: u64) -> Vec<u8> {
    let mut doc = format!(
        r#"{{"principal":"pseudonym-bench","record":"{record}","sequence":{sequence},"pad":""#
    )
    .into_bytes();
    doc.resize(1020, b'x');
    doc.extend_from_slice(b"\"}");
    doc
}

/// Appends onto one record's head, keeping the head between iterations.
struct Appender {
    record: String,
    head: Option<ContentDigest>,
    sequence: u64,
}

impl Appender {
    fn new(record: &str) -> Self {
        Self {
            record: record.to_owned(),
            head: None,
            sequence: 0,
        }
    }

    fn next(&mut self) -> NewEntry {
        let revision = NewEntry::new(
            self.record.clone(),
            self.head,
            document(&self.record, self.sequence),
        );
        self.head = Some(revision.digest());
        self.sequence += 1;
        revision
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("ledger-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.clone().into_os_string();
        p.push(suffix);
        let _ = std::fs::remove_file(p);
    }
    path
}

fn open(name: &str, synchronous: Synchronous) -> SqliteLog {
    SqliteLog::open(
        scratch(name),
        &KIND,
        SqliteLogOptions::default()
            .with_file(OpenOptions::default().with_synchronous(synchronous))
            .with_profile(profile()),
    )
    .unwrap()
}

fn append(c: &mut Criterion) {
    let mut group = c.benchmark_group("ledger_append");
    group.throughput(Throughput::Elements(1));

    let ledger = open("full.ledger", Synchronous::Full);
    let mut appender = Appender::new("bench-full");
    group.bench_function("sqlite_full/append", |b| {
        b.iter(|| black_box(ledger.append(appender.next()).unwrap()))
    });

    let ledger = open("normal.ledger", Synchronous::Normal);
    let mut appender = Appender::new("bench-normal");
    group.bench_function("sqlite_normal/append", |b| {
        b.iter(|| black_box(ledger.append(appender.next()).unwrap()))
    });

    let ledger = MemoryLog::with_profile(profile());
    let mut appender = Appender::new("bench-memory");
    group.bench_function("memory/append", |b| {
        b.iter(|| black_box(ledger.append(appender.next()).unwrap()))
    });

    let path = scratch("fsync.bin");
    let mut file = std::fs::File::create(&path).unwrap();
    let block = document("fsync", 0);
    group.bench_function("fsync/write_1k", |b| {
        b.iter(|| {
            file.write_all(&block).unwrap();
            file.sync_data().unwrap();
        })
    });

    group.throughput(Throughput::Elements(100));
    let ledger = open("group.ledger", Synchronous::Full);
    let mut appender = Appender::new("bench-group");
    group.bench_function("sqlite_full/append_many_100", |b| {
        b.iter(|| {
            let batch: Vec<_> = (0..100).map(|_| appender.next()).collect();
            black_box(ledger.append_many(batch).unwrap())
        })
    });
    group.finish();
}

fn check(c: &mut Criterion) {
    let mut group = c.benchmark_group("ledger_check");
    let ledger = open("check.ledger", Synchronous::Normal);
    for r in 0..20 {
        let mut appender = Appender::new(&format!("record-{r}"));
        ledger
            .append_many((0..100).map(|_| appender.next()).collect())
            .unwrap();
    }
    group.throughput(Throughput::Elements(2000));
    group.bench_function("sqlite/check_2000", |b| {
        b.iter(|| black_box(ledger.check().unwrap()))
    });
    group.finish();
}

criterion_group!(benches, append, check);
criterion_main!(benches);
