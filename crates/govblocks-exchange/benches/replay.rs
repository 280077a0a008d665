//! The replay guard: one check with 1,000,000 remembered ids in memory (and the memory they
//! take), and checks per second on SQLite with `synchronous=NORMAL` and `FULL`.
//!
//! Group `replay_guard` (one element = one message checked):
//!
//! * `memory_1M/new`: a new message id accepted by a guard that remembers about 1,000,000 ids
//!   (the clock moves 300 µs a message, so with the 300 s window the ids live at any time stay
//!   at 1,000,000: old ones expire and are swept as new ones arrive);
//! * `memory_1M/replay`: a remembered id refused by the same guard;
//! * `memory_1M/traffic_only`: the baseline, what `memory_1M/new` spends outside the guard
//!   (moving the test clock, writing the next id);
//! * `sqlite_normal/new`, `sqlite_full/new`: a new id accepted by a guard on a SQLite file
//!   holding 100,000 ids, with `synchronous=NORMAL` and with the store's default `FULL`.
//!
//! Before the group, the resident memory the 1,000,000 ids take is printed (growth of `VmRSS`
//! while the guard is filled; the target is ≤ 100 bytes an id), and before each
//! measurement a plain loop of checks prints its wall time, its time on the CPU and its time
//! waiting for a CPU per check (`/proc/thread-self/schedstat`): on a busy shared machine the
//! time on the CPU is the figure that does not depend on the other processes.
//!
//! `cargo bench -p govblocks-exchange --bench replay -- --warm-up-time 1 --measurement-time 5`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govblocks_core::clock::{SettableClock, Timestamp};
use govblocks_exchange::replay::{
    AcceptOnce, MemoryAcceptOnce, OpenOptions, ReplayGuard, SqliteAcceptOnce, Synchronous,
    MESSAGE_ID,
};
use govblocks_store::accept_once::{Scope, Until};
use std::fmt::Write;
use std::hint::black_box;
use time::Duration;

const SENDER: &str = "SUBSYSTEM:EE/GOV/70000001/social";
const REMEMBERED: u64 = 1_000_000;
const SQLITE_REMEMBERED: u64 = 100_000;
/// The clock's step per message: 1,000,000 messages in the 300 s window.
const STEP: Duration = Duration::microseconds(300);

fn base() -> Timestamp {
    Timestamp::parse("2026-12-06T10:00:00Z", "t").unwrap()
}

/// A UUID-shaped message id for `n`.
fn message_id(out: &mut String, n: u64) {
    out.clear();
    write!(
        out,
        "0193a1b2-7c3d-7e4f-{:04x}-{:012x}",
        (n >> 48) & 0xffff,
        n & 0xffff_ffff_ffff
    )
    .unwrap();
}

/// `VmRSS` of this process, in bytes.
fn resident_bytes() -> i64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmRSS:")).unwrap();
    line.split_whitespace()
        .nth(1)
        .unwrap()
        .parse::<i64>()
        .unwrap()
        * 1024
}

/// This thread's time on a CPU and time waiting for one, in nanoseconds
/// (`/proc/thread-self/schedstat`): on the shared 2-core machine the wall time of a check
/// includes the wait; the time on the CPU does not.
fn schedstat() -> (u64, u64) {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    let mut fields = text.split_whitespace().map(|f| f.parse::<u64>().unwrap());
    (fields.next().unwrap(), fields.next().unwrap())
}

/// Runs `n` calls of `f` and prints the wall time, the time on the CPU and the time waiting
/// for a CPU, per call.
fn timed(what: &str, n: u64, mut f: impl FnMut()) {
    let (cpu0, wait0) = schedstat();
    let start = std::time::Instant::now();
    for _ in 0..n {
        f();
    }
    let wall = start.elapsed().as_nanos() as f64 / n as f64;
    let (cpu1, wait1) = schedstat();
    let per = |a: u64, b: u64| (b - a) as f64 / n as f64;
    eprintln!(
        "{what}: {n} calls, per call {:.3} µs wall, {:.3} µs on the CPU, {:.3} µs waiting for a CPU ({:.0} calls/s on the CPU)",
        wall / 1000.0,
        per(cpu0, cpu1) / 1000.0,
        per(wait0, wait1) / 1000.0,
        1e9 / per(cpu0, cpu1)
    );
}

/// A guard in memory with the clock moving `STEP` a message; `next` is the next message.
struct Traffic {
    guard: ReplayGuard<MemoryAcceptOnce, SettableClock>,
    clock: SettableClock,
    now: Timestamp,
    next: u64,
    id: String,
}

impl Traffic {
    fn check_next(&mut self) {
        self.now = self.now.checked_add(STEP).unwrap();
        self.clock.set(self.now);
        message_id(&mut self.id, self.next);
        self.next += 1;
        self.guard.check(SENDER, &self.id, self.now).unwrap();
    }
}

fn memory(c: &mut Criterion) {
    let clock = SettableClock::at(base());
    let mut traffic = Traffic {
        guard: ReplayGuard::in_memory(clock.clone()),
        clock,
        now: base(),
        next: 0,
        id: String::with_capacity(40),
    };
    traffic.check_next();
    let before = resident_bytes();
    while traffic.next <= REMEMBERED {
        traffic.check_next();
    }
    let after = resident_bytes();
    let held = traffic.guard.remembered().unwrap();
    eprintln!(
        "replay guard in memory: {held} ids remembered, resident set grew {} bytes: {:.1} bytes per id",
        after - before,
        (after - before) as f64 / held as f64
    );

    timed("memory_1M/new", 2_000_000, || traffic.check_next());
    // Two windows of traffic later: the memory held for the 1,000,000 ids live at any time,
    // once the expired ones have been swept (not before: a sweep runs as the map fills).
    let steady = resident_bytes();
    eprintln!(
        "replay guard in memory after 2,000,000 more messages: resident set {} bytes above the empty guard for 1,000,000 live ids: {:.1} bytes per live id ({} held, expired ones not yet swept included)",
        steady - before,
        (steady - before) as f64 / REMEMBERED as f64,
        traffic.guard.remembered().unwrap()
    );
    // The bench's own share of a check: moving the clock and writing the next id.
    let (mut now, mut n, mut id) = (traffic.now, 0u64, String::with_capacity(40));
    timed("memory_1M/traffic_only (baseline)", 2_000_000, || {
        now = now.checked_add(STEP).unwrap();
        traffic.clock.set(now);
        message_id(&mut id, black_box(n));
        n += 1;
    });
    traffic.clock.set(traffic.now);
    let mut group = c.benchmark_group("replay_guard");
    group.throughput(Throughput::Elements(1));
    group.bench_function("memory_1M/new", |b| b.iter(|| traffic.check_next()));
    group.bench_function("memory_1M/traffic_only", |b| {
        let (mut now, mut n, mut id) = (traffic.now, 0u64, String::with_capacity(40));
        b.iter(|| {
            now = now.checked_add(STEP).unwrap();
            traffic.clock.set(now);
            message_id(&mut id, black_box(n));
            n += 1;
        })
    });
    traffic.clock.set(traffic.now);
    let remembered_id = {
        let mut id = String::new();
        message_id(&mut id, traffic.next - 1);
        id
    };
    let stamp = traffic.now;
    group.bench_function("memory_1M/replay", |b| {
        b.iter(|| {
            let refused = traffic
                .guard
                .check(SENDER, black_box(&remembered_id), stamp);
            assert!(refused.is_err());
        })
    });
    group.finish();
}

fn sqlite(c: &mut Criterion) {
    let mut group = c.benchmark_group("replay_guard");
    group.throughput(Throughput::Elements(1));
    for (name, synchronous) in [
        ("sqlite_normal/new", Synchronous::Normal),
        ("sqlite_full/new", Synchronous::Full),
    ] {
        let dir = std::env::temp_dir().join(format!(
            "govblocks-bench-replay-{}-{}",
            std::process::id(),
            name.replace('/', "-")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("seen.db");
        let options = OpenOptions::default().with_synchronous(synchronous);
        // 100,000 ids remembered beforehand, in transactions of 10,000.
        {
            let store = SqliteAcceptOnce::open_with(&path, options).unwrap();
            let until = Until::Instant(base().checked_add(Duration::days(1)).unwrap());
            let mut ids = Vec::new();
            for n in 0..SQLITE_REMEMBERED {
                let mut id = String::new();
                message_id(&mut id, u64::MAX - n);
                ids.push(id);
            }
            for chunk in ids.chunks(10_000) {
                let set: Vec<(Scope, &str)> =
                    chunk.iter().map(|id| (MESSAGE_ID, id.as_str())).collect();
                assert!(store
                    .accept_all_once(&set, base(), until)
                    .unwrap()
                    .is_accepted());
            }
        }
        let clock = SettableClock::at(base());
        let guard = ReplayGuard::open(&path, options, clock.clone()).unwrap();
        let (mut now, mut next, mut id) = (base(), 0u64, String::new());
        let calls = if synchronous == Synchronous::Normal {
            20_000
        } else {
            500
        };
        timed(name, calls, || {
            now = now.checked_add(STEP).unwrap();
            clock.set(now);
            message_id(&mut id, next);
            next += 1;
            guard.check(SENDER, &id, now).unwrap();
        });
        group.bench_function(name, |b| {
            b.iter(|| {
                now = now.checked_add(STEP).unwrap();
                clock.set(now);
                message_id(&mut id, next);
                next += 1;
                guard.check(SENDER, &id, now).unwrap();
            })
        });
        drop(guard);
        let _ = std::fs::remove_dir_all(&dir);
    }
    group.finish();
}

criterion_group!(benches, memory, sqlite);
criterion_main!(benches);
