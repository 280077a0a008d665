//! The accept-once conformance suite: every backend runs every test here.
//!
//! A backend is added with one line in `main.rs`:
//!
//! ```text
//! conformance!(name, in_process, |place: &Path| <open a store in place>);
//! conformance!(name, shared, |place: &Path| <open a store in place>);
//! ```
//!
//! `place` is a fresh directory per test; the constructor opens the backend's store there
//! (a file in it, or for a server a fresh schema named after it). A `shared` backend — one that
//! several processes open at once and that outlives them — also runs the durable tests:
//! survives reopen, and many processes racing on one id accept it exactly once (the test binary
//! re-runs itself as the racing processes, see `processes_race_on_one_id`).

use govblocks_core::clock::Timestamp;
use govblocks_store::accept_once::{
    AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until, MAX_ID_BYTES, SWEEP_EVERY,
};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Barrier};
use time::{Duration, OffsetDateTime};

pub const CHALLENGE: Scope = Scope::new("test.challenge");
pub const MESSAGE: Scope = Scope::new("test.message");
const RACE: Scope = Scope::new("test.race");

/// The environment variable that turns a backend's `child_racer` test into a racing process:
/// the directory of the shared store.
pub const RACE_CHILD: &str = "GOVBLOCKS_ACCEPT_ONCE_RACE_CHILD";
/// When the racers start: Unix milliseconds.
const RACE_GO: &str = "GOVBLOCKS_ACCEPT_ONCE_RACE_GO";
const RACE_PROCESSES: usize = 6;
const RACE_IDS: usize = 40;

/// `seconds` after 2026-01-01T00:00:00Z.
pub fn t(seconds: i64) -> Timestamp {
    let base = OffsetDateTime::from_unix_timestamp(1_767_225_600).unwrap();
    Timestamp::from_datetime(base + Duration::seconds(seconds)).unwrap()
}

pub fn until(seconds: i64) -> Until {
    Until::Instant(t(seconds))
}

/// A fresh directory, removed when dropped.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(name: &str) -> Self {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "govblocks-accept-once-{}-{name}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        TempDir(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // A PostgreSQL store opened "in" this directory is the schema named after it.
        #[cfg(feature = "postgres")]
        drop(crate::pg::Schema::of_place(&self.0));
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

use Acceptance::{Accepted, AlreadyAccepted};

pub fn accept_then_refuse<S: AcceptOnce>(store: S) {
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c1", t(0), until(600))
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c1", t(1), until(601))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c1", t(599), until(900))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c2", t(1), until(601))
            .unwrap(),
        Accepted
    );
    assert_eq!(store.remembered().unwrap(), 2);
}

pub fn scopes_do_not_collide<S: AcceptOnce>(store: S) {
    assert_eq!(
        store
            .accept_once(CHALLENGE, "id-1", t(0), until(60))
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store.accept_once(MESSAGE, "id-1", t(0), until(60)).unwrap(),
        Accepted
    );
    assert_eq!(
        store.accept_once(MESSAGE, "id-1", t(0), until(60)).unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "id-1", t(0), until(60))
            .unwrap(),
        AlreadyAccepted
    );
    // Nothing in an id reaches into another scope.
    let joined = Scope::new("test.challenge\u{0}id-1");
    assert_eq!(
        store.accept_once(joined, "", t(0), until(60)).unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(Scope::new("test"), "challenge.id-1", t(0), until(60))
            .unwrap(),
        Accepted
    );
}

pub fn ids_are_compared_exactly<S: AcceptOnce>(store: S) {
    for id in [
        "a", "A", "a ", " a", "", "é", "e\u{301}", "a\u{0}b", "a\u{0}c",
    ] {
        assert_eq!(
            store.accept_once(CHALLENGE, id, t(0), until(60)).unwrap(),
            Accepted,
            "{id:?}"
        );
    }
    for id in ["a", "", "é", "a\u{0}b"] {
        assert_eq!(
            store.accept_once(CHALLENGE, id, t(1), until(60)).unwrap(),
            AlreadyAccepted,
            "{id:?}"
        );
    }
}

pub fn an_expired_id_is_accepted_again<S: AcceptOnce>(store: S) {
    assert_eq!(
        store.accept_once(CHALLENGE, "c", t(0), until(10)).unwrap(),
        Accepted
    );
    assert_eq!(
        store.accept_once(CHALLENGE, "c", t(9), until(100)).unwrap(),
        AlreadyAccepted
    );
    // At its expiry an id is expired.
    assert_eq!(
        store.accept_once(CHALLENGE, "c", t(10), until(20)).unwrap(),
        Accepted
    );
    // The new expiry counts, not the refused call's longer one.
    assert_eq!(
        store
            .accept_once(CHALLENGE, "c", t(19), until(1000))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store.accept_once(CHALLENGE, "c", t(25), until(30)).unwrap(),
        Accepted
    );
    // An expiry already passed: accepted, and forgotten at once.
    assert_eq!(
        store.accept_once(CHALLENGE, "d", t(50), until(40)).unwrap(),
        Accepted
    );
    assert_eq!(
        store.accept_once(CHALLENGE, "d", t(50), until(60)).unwrap(),
        Accepted
    );
}

/// Times compare by instant whatever their offset; sub-microsecond expiries are never
/// forgotten early, and forgotten within a microsecond.
pub fn times_are_instants<S: AcceptOnce>(store: S) {
    let at = |s: &str| Timestamp::parse(s, "t").unwrap();
    let noon_paris = Until::Instant(at("2026-01-01T13:00:00+01:00"));
    assert_eq!(
        store
            .accept_once(CHALLENGE, "tz", at("2026-01-01T11:00:00Z"), noon_paris)
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "tz", at("2026-01-01T06:59:59-05:00"), noon_paris)
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "tz", at("2026-01-01T12:00:00Z"), noon_paris)
            .unwrap(),
        Accepted
    );

    let fine = Until::Instant(at("2026-01-01T00:00:00.000000001Z"));
    assert_eq!(
        store
            .accept_once(CHALLENGE, "ns", at("2026-01-01T00:00:00Z"), fine)
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "ns", at("2026-01-01T00:00:00Z"), fine)
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "ns", at("2026-01-01T00:00:00.000001001Z"), fine)
            .unwrap(),
        Accepted
    );

    // The ends of the range of a Timestamp (to the microsecond).
    let first = at("0001-01-01T00:00:00+14:00");
    let last = at("9999-12-31T23:59:59.999999-14:00");
    assert_eq!(
        store
            .accept_once(CHALLENGE, "range", first, Until::Instant(last))
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(
                CHALLENGE,
                "range",
                at("9999-12-31T23:59:59Z"),
                Until::Instant(last)
            )
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "range", last, Until::Instant(last))
            .unwrap(),
        Accepted
    );
}

pub fn forever_never_expires<S: AcceptOnce>(store: S) {
    assert_eq!(
        store
            .accept_once(MESSAGE, "e2e-1", t(0), Until::Forever)
            .unwrap(),
        Accepted
    );
    let last = Timestamp::parse("9999-12-31T23:59:59.999999999-14:00", "t").unwrap();
    assert_eq!(
        store
            .accept_once(MESSAGE, "e2e-1", last, Until::Forever)
            .unwrap(),
        AlreadyAccepted
    );
    // Nor does a sweep remove it.
    for i in 0..3000 {
        let _ = store
            .accept_once(CHALLENGE, &i.to_string(), t(i), until(i + 1))
            .unwrap();
    }
    assert_eq!(
        store.accept_once(MESSAGE, "e2e-1", last, until(1)).unwrap(),
        AlreadyAccepted
    );
    // An id accepted for a while and expired may be remembered for ever next.
    assert_eq!(
        store.accept_once(MESSAGE, "e2e-2", t(0), until(5)).unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(MESSAGE, "e2e-2", t(5), Until::Forever)
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store.accept_once(MESSAGE, "e2e-2", last, until(1)).unwrap(),
        AlreadyAccepted
    );
}

pub fn an_id_too_long_is_an_error<S: AcceptOnce>(store: S) {
    let longest = "x".repeat(MAX_ID_BYTES);
    assert_eq!(
        store
            .accept_once(CHALLENGE, &longest, t(0), until(1))
            .unwrap(),
        Accepted
    );
    let error = store
        .accept_once(CHALLENGE, &format!("{longest}y"), t(0), until(1))
        .unwrap_err();
    assert_eq!(error.code(), "store.id_too_long");
    assert_eq!(store.remembered().unwrap(), 1);
}

/// Memory (or rows) stays proportional to the ids live within one window.
pub fn bounded_by_expiry<S: AcceptOnce>(store: S) {
    // Each id lives 10 s, one arrives per second: about 10 are live at a time.
    for i in 0..3000 {
        assert_eq!(
            store
                .accept_once(CHALLENGE, &format!("b{i}"), t(i), until(i + 10))
                .unwrap(),
            Accepted
        );
    }
    let held = store.remembered().unwrap();
    assert!(held <= 1100, "{held} ids held for ~10 live");
    assert!(held >= 10, "{held}: live ids were dropped");
    // The live ones are still refused.
    assert_eq!(
        store
            .accept_once(CHALLENGE, "b2999", t(3000), until(3010))
            .unwrap(),
        AlreadyAccepted
    );
}

/// The SQLite and PostgreSQL backends sweep in one call of every `SWEEP_EVERY` (the first
/// included): with each id living 10 s and one arriving a second, 10 are live, and at most the
/// expired ids of the calls since the last sweep lie beside them; a store opened again (`open`)
/// sweeps at its first call.
pub fn expired_rows_are_swept_once_every_sweep_interval<S: AcceptOnce>(
    calls: i64,
    open: impl Fn() -> S,
) {
    let store = open();
    let mut most = 0;
    for i in 0..calls {
        assert_eq!(
            store
                .accept_once(CHALLENGE, &format!("s{i}"), t(i), until(i + 10))
                .unwrap(),
            Accepted
        );
        most = most.max(store.remembered().unwrap());
    }
    let bound = 10 + SWEEP_EVERY as u64;
    assert!(most <= bound, "{most} rows held, bound {bound}");
    assert!(
        most > 10,
        "{most}: expired rows are swept in one call of {SWEEP_EVERY}"
    );
    drop(store);
    let store = open();
    assert!(store.remembered().unwrap() > 10);
    let _ = store
        .accept_once(CHALLENGE, "late", t(1000), until(1010))
        .unwrap();
    assert_eq!(store.remembered().unwrap(), 1, "every expired row swept");
}

pub fn threads_race_on_one_id<S: AcceptOnce + 'static>(store: S) {
    const THREADS: usize = 8;
    const IDS: usize = 200;
    let store = Arc::new(store);
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|_| {
            let store = Arc::clone(&store);
            let barrier = Arc::clone(&barrier);
            std::thread::spawn(move || {
                barrier.wait();
                (0..IDS)
                    .filter(|i| {
                        store
                            .accept_once(RACE, &format!("r{i}"), t(0), until(60))
                            .unwrap()
                            .is_accepted()
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let mut wins = vec![0; IDS];
    for handle in handles {
        for i in handle.join().unwrap() {
            wins[i] += 1;
        }
    }
    assert!(wins.iter().all(|&w| w == 1), "{wins:?}");
}

/// A shared backend: an id accepted, then the store closed and opened again, is still refused.
pub fn survives_reopen<S: AcceptOnce>(open: impl Fn(&Path) -> S, place: &Path) {
    {
        let store = open(place);
        assert_eq!(
            store
                .accept_once(CHALLENGE, "kept", t(0), until(60))
                .unwrap(),
            Accepted
        );
        assert_eq!(
            store
                .accept_once(MESSAGE, "kept", t(0), Until::Forever)
                .unwrap(),
            Accepted
        );
    }
    let store = open(place);
    assert_eq!(
        store
            .accept_once(CHALLENGE, "kept", t(59), until(120))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(MESSAGE, "kept", t(1_000_000), until(1))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "kept", t(60), until(120))
            .unwrap(),
        Accepted
    );
    // Two stores open on one place at once see each other's ids.
    let other = open(place);
    assert_eq!(
        other
            .accept_once(CHALLENGE, "kept", t(61), until(120))
            .unwrap(),
        AlreadyAccepted
    );
    assert_eq!(
        other
            .accept_once(CHALLENGE, "new", t(61), until(120))
            .unwrap(),
        Accepted
    );
    assert_eq!(
        store
            .accept_once(CHALLENGE, "new", t(62), until(120))
            .unwrap(),
        AlreadyAccepted
    );
}

/// A shared backend: `RACE_PROCESSES` processes open one store and race on the same ids, each
/// id accepted by exactly one of them; then each offers the same set of ids (a batch: a message
/// id and its transfers) with `accept_all_once`, and exactly one accepts it. `child_test` is the
/// backend's `child_racer` test.
pub fn processes_race_on_one_id(child_test: &str, place: &Path) {
    let go = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 1500;
    let children: Vec<_> = (0..RACE_PROCESSES)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
                .env(RACE_CHILD, place)
                .env(RACE_GO, go.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut wins: HashMap<String, usize> = HashMap::new();
    let mut attempts = 0;
    let (mut sets_won, mut sets_refused) = (0, 0);
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "racer failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for line in stdout.lines() {
            if let Some(id) = line.strip_prefix("accepted ") {
                *wins.entry(id.to_string()).or_default() += 1;
                attempts += 1;
            } else if line.starts_with("refused ") {
                attempts += 1;
            } else if line == "set accepted" {
                sets_won += 1;
            } else if line == "set refused" {
                sets_refused += 1;
            }
        }
    }
    assert_eq!(attempts, RACE_PROCESSES * RACE_IDS, "every racer ran");
    assert_eq!(wins.len(), RACE_IDS, "{wins:?}");
    assert!(wins.values().all(|&w| w == 1), "{wins:?}");
    assert_eq!(
        (sets_won, sets_refused),
        (1, RACE_PROCESSES - 1),
        "one process accepts the set of ids"
    );
}

/// `accept_all_once` accepts every id or none, across scopes, and names the first one seen.
pub fn all_or_nothing<S: AcceptOnce>(store: S) {
    let all = |ids: &[(Scope, &str)], at: i64| store.accept_all_once(ids, t(at), Until::Forever);
    assert_eq!(all(&[], 0).unwrap(), AcceptanceOfAll::Accepted);
    assert_eq!(
        all(
            &[(MESSAGE, "batch-1"), (CHALLENGE, "e1"), (CHALLENGE, "e2")],
            0
        )
        .unwrap(),
        AcceptanceOfAll::Accepted
    );
    assert_eq!(store.remembered().unwrap(), 3);
    // One id seen before: nothing of this call is remembered.
    assert_eq!(
        all(
            &[(MESSAGE, "batch-2"), (CHALLENGE, "e3"), (CHALLENGE, "e2")],
            1
        )
        .unwrap(),
        AcceptanceOfAll::AlreadyAccepted { index: 2 }
    );
    assert_eq!(store.remembered().unwrap(), 3);
    assert!(store
        .accept_once(MESSAGE, "batch-2", t(2), Until::Forever)
        .unwrap()
        .is_accepted());
    assert!(store
        .accept_once(CHALLENGE, "e3", t(2), Until::Forever)
        .unwrap()
        .is_accepted());
    // An id twice in one call is a replay within the call.
    assert_eq!(
        all(&[(CHALLENGE, "e4"), (MESSAGE, "e4"), (CHALLENGE, "e4")], 3).unwrap(),
        AcceptanceOfAll::AlreadyAccepted { index: 2 }
    );
    assert!(store
        .accept_once(CHALLENGE, "e4", t(3), Until::Forever)
        .unwrap()
        .is_accepted());
    // Single-id calls and many-id calls see each other's ids.
    assert_eq!(
        all(&[(MESSAGE, "batch-3"), (MESSAGE, "batch-2")], 4).unwrap(),
        AcceptanceOfAll::AlreadyAccepted { index: 1 }
    );
    // Expired ids may be accepted again, together.
    assert!(store
        .accept_once(CHALLENGE, "x", t(0), until(10))
        .unwrap()
        .is_accepted());
    assert_eq!(
        store
            .accept_all_once(&[(CHALLENGE, "x"), (CHALLENGE, "y")], t(9), until(20))
            .unwrap(),
        AcceptanceOfAll::AlreadyAccepted { index: 0 }
    );
    assert_eq!(
        store
            .accept_all_once(&[(CHALLENGE, "x"), (CHALLENGE, "y")], t(10), until(20))
            .unwrap(),
        AcceptanceOfAll::Accepted
    );
    // An id twice in one call is refused even with an expiry already passed.
    assert_eq!(
        store
            .accept_all_once(&[(CHALLENGE, "w"), (CHALLENGE, "w")], t(30), until(20))
            .unwrap(),
        AcceptanceOfAll::AlreadyAccepted { index: 1 }
    );
    // An id too long: an error, nothing remembered.
    let long = "x".repeat(MAX_ID_BYTES + 1);
    let before = store.remembered().unwrap();
    let error = store
        .accept_all_once(
            &[(CHALLENGE, "z"), (CHALLENGE, &long)],
            t(11),
            Until::Forever,
        )
        .unwrap_err();
    assert_eq!(error.code(), "store.id_too_long");
    assert_eq!(store.remembered().unwrap(), before);
}

/// Threads calling `accept_all_once` with overlapping sets of ids, through one store handle
/// each (`stores`, possibly the same store): every id is accepted by at most one call, and a
/// call that won holds all of its ids. Each set is a "batch": its own message id and ids
/// shared with others.
pub fn threads_race_on_overlapping_sets<S: AcceptOnce + 'static>(stores: Vec<S>) {
    const ROUNDS: usize = 20;
    let threads = 4;
    let stores: Vec<Arc<S>> = stores.into_iter().map(Arc::new).collect();
    for round in 0..ROUNDS {
        let barrier = Arc::new(Barrier::new(threads));
        let handles: Vec<_> = (0..threads)
            .map(|n| {
                let store = Arc::clone(&stores[n % stores.len()]);
                let barrier = Arc::clone(&barrier);
                std::thread::spawn(move || {
                    // Every call holds the round's shared transfer ids; half also one of its own.
                    let ids: Vec<String> = (0..30)
                        .map(|i| format!("r{round}-e{i}"))
                        .chain((n % 2 == 0).then(|| format!("r{round}-own{n}")))
                        .collect();
                    let list: Vec<(Scope, &str)> = ids.iter().map(|i| (RACE, i.as_str())).collect();
                    barrier.wait();
                    store.accept_all_once(&list, t(0), Until::Forever).unwrap()
                })
            })
            .collect();
        let results: Vec<AcceptanceOfAll> =
            handles.into_iter().map(|h| h.join().unwrap()).collect();
        let won = results.iter().filter(|r| r.is_accepted()).count();
        assert_eq!(won, 1, "round {round}: {results:?}");
        // The winner's ids all remembered, the losers' own ids none.
        let winner = results.iter().position(|r| r.is_accepted()).unwrap();
        for n in 0..threads {
            if n % 2 == 0 {
                let fresh = stores[0]
                    .accept_once(RACE, &format!("r{round}-own{n}"), t(1), Until::Forever)
                    .unwrap()
                    .is_accepted();
                assert_eq!(fresh, n != winner, "round {round}: thread {n}");
            }
        }
    }
}

/// The body of a racing process (when [`RACE_CHILD`] is set).
pub fn race<S: AcceptOnce>(store: S) {
    let go: u128 = std::env::var(RACE_GO).unwrap().parse().unwrap();
    loop {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis();
        if now >= go {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // Start on a line of our own (the harness has printed "test … ... ").
    println!();
    for i in 0..RACE_IDS {
        let id = format!("p{i}");
        match store.accept_once(RACE, &id, t(0), until(60)).unwrap() {
            Accepted => println!("accepted {id}"),
            AlreadyAccepted => println!("refused {id}"),
        }
    }
    let ids: Vec<String> = (0..RACE_IDS).map(|i| format!("set-{i}")).collect();
    let set: Vec<(Scope, &str)> = ids.iter().map(|id| (RACE, id.as_str())).collect();
    match store.accept_all_once(&set, t(0), Until::Forever).unwrap() {
        AcceptanceOfAll::Accepted => println!("set accepted"),
        AcceptanceOfAll::AlreadyAccepted { .. } => println!("set refused"),
    }
}

/// Runs the conformance suite against a backend: `conformance!(name, in_process, open)` or
/// `conformance!(name, shared, open)`, where `open` is `|place: &Path| -> impl AcceptOnce`.
macro_rules! conformance {
    ($name:ident, $kind:ident, $open:expr) => {
        crate::suite::conformance!($name, $kind, $open, when true);
    };
    ($name:ident, $kind:ident, $open:expr, when $available:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            use crate::suite::{self, TempDir};
            use govblocks_store::accept_once::AcceptOnce;

            fn open(place: &std::path::Path) -> impl AcceptOnce + 'static {
                ($open)(place)
            }

            /// Whether the backend is there (a server named); each test returns at once when not.
            fn available() -> bool {
                $available
            }

            fn fresh() -> Option<(TempDir, impl AcceptOnce + 'static)> {
                if !available() {
                    return None;
                }
                let dir = TempDir::new(stringify!($name));
                let store = open(dir.path());
                Some((dir, store))
            }

            #[test]
            fn accept_then_refuse() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::accept_then_refuse(store);
            }
            #[test]
            fn scopes_do_not_collide() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::scopes_do_not_collide(store);
            }
            #[test]
            fn ids_are_compared_exactly() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::ids_are_compared_exactly(store);
            }
            #[test]
            fn an_expired_id_is_accepted_again() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::an_expired_id_is_accepted_again(store);
            }
            #[test]
            fn times_are_instants() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::times_are_instants(store);
            }
            #[test]
            fn forever_never_expires() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::forever_never_expires(store);
            }
            #[test]
            fn an_id_too_long_is_an_error() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::an_id_too_long_is_an_error(store);
            }
            #[test]
            fn bounded_by_expiry() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::bounded_by_expiry(store);
            }
            #[test]
            fn threads_race_on_one_id() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::threads_race_on_one_id(store);
            }
            #[test]
            fn all_or_nothing() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::all_or_nothing(store);
            }
            #[test]
            fn threads_race_on_overlapping_sets() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                suite::threads_race_on_overlapping_sets(vec![store]);
            }
            #[test]
            fn shared_through_arc_box_and_reference() {
                let Some((_dir, store)) = fresh() else {
                    return;
                };
                let shared = std::sync::Arc::new(store);
                suite::accept_then_refuse(&shared);
                let boxed: Box<dyn AcceptOnce> = Box::new(std::sync::Arc::clone(&shared));
                assert!(!boxed
                    .accept_once(suite::CHALLENGE, "c1", suite::t(2), suite::until(3))
                    .unwrap()
                    .is_accepted());
            }

            crate::suite::conformance!(@$kind);
        }
    };
    (@in_process) => {};
    (@shared) => {
        /// Two handles on one store (two connections to one file), racing like two hubs.
        #[test]
        fn two_handles_race_on_overlapping_sets() {
            if !available() {
                return;
            }
            let dir = TempDir::new("two-handles");
            suite::threads_race_on_overlapping_sets(vec![open(dir.path()), open(dir.path())]);
        }

        #[test]
        fn survives_reopen() {
            if !available() {
                return;
            }
            let dir = TempDir::new("reopen");
            suite::survives_reopen(open, dir.path());
        }

        #[test]
        fn processes_race_on_one_id() {
            if !available() {
                return;
            }
            let dir = TempDir::new("race");
            // This module's `child_racer`, as the test harness names it (no crate name).
            let path = module_path!();
            let module = path.split_once("::").map_or(path, |(_, rest)| rest);
            suite::processes_race_on_one_id(&format!("{module}::child_racer"), dir.path());
        }

        /// A racing process of `processes_race_on_one_id`; returns at once in a normal run.
        #[test]
        fn child_racer() {
            if let Some(place) = std::env::var_os(suite::RACE_CHILD) {
                suite::race(open(std::path::Path::new(&place)));
            }
        }
    };
}

pub(crate) use conformance;
