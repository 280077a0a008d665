//! The storage test suite every [`Log`] backend must pass, written against the trait only.
//!
//! A backend runs it with `log_suite!(module_name, || Fixture::new(ledger, keep_alive))`
//! (see `tests/ledger.rs`): one `#[test]` per case, each on a fresh, empty ledger. A future
//! PostgreSQL backend adds one line there.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::digest::ContentDigest;
use govblocks_store::log::{Log, NewEntry, Profile, StoredEntry};
use govblocks_store::Error;
use std::any::Any;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Barrier};

/// The test subject hook: a document is `<subject>\n<payload>`; no newline, no subject.
pub fn subject_of(document: &[u8]) -> Option<String> {
    let end = document.iter().position(|&b| b == b'\n')?;
    String::from_utf8(document[..end].to_vec()).ok()
}

/// The profile the suite runs with: subjects read by [`subject_of`].
pub fn profile() -> Profile {
    Profile::new().with_subject(subject_of)
}

/// The document the suite stores for `subject` with `payload`.
pub fn framed(subject: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = subject.as_bytes().to_vec();
    out.push(b'\n');
    out.extend_from_slice(payload);
    out
}

/// Every stream id, walking the pages (of 2, to exercise the cursor).
pub fn all_streams<L: Log + ?Sized>(ledger: &L) -> Vec<String> {
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = ledger.streams(after.as_deref(), 2).unwrap();
        assert!(page.streams.len() <= 2);
        out.extend(page.streams);
        match page.next {
            Some(next) => after = Some(next),
            None => return out,
        }
    }
}

#[cfg(feature = "sqlite")]
pub mod sqlite {
    use govblocks_store::log::sqlite::{file_kind, SqliteLog, SqliteLogOptions};
    use govblocks_store::sqlite_file::FileKind;
    use std::path::Path;

    /// The kind the tests' log files have (the consent ledger's application id, so that the
    /// files of 0.1.0 are of this kind).
    pub const KIND: FileKind = file_kind("consent ledger", 0x4742_434C);

    /// Opens `path` with the suite's profile and default options.
    pub fn open_log(path: impl AsRef<Path>) -> govblocks_store::Result<SqliteLog> {
        open_log_with(path, SqliteLogOptions::default())
    }

    /// Opens `path` with the suite's profile and `options`.
    pub fn open_log_with(
        path: impl AsRef<Path>,
        options: SqliteLogOptions,
    ) -> govblocks_store::Result<SqliteLog> {
        SqliteLog::open(path, &KIND, options.with_profile(super::profile()))
    }
}

/// A fresh ledger and whatever must outlive it (a temporary directory); dropped in that order.
pub struct Fixture<L> {
    pub ledger: Arc<L>,
    _keep: Box<dyn Any>,
}

impl<L: Log> Fixture<L> {
    pub fn new(ledger: L, keep: impl Any) -> Self {
        Self {
            ledger: Arc::new(ledger),
            _keep: Box::new(keep),
        }
    }
}

/// What a backend's constructor gives: a fixture, or none when the backend is not available
/// here (a server not named).
pub trait Fresh<L> {
    fn fresh(self) -> Option<Fixture<L>>;
}

impl<L> Fresh<L> for Fixture<L> {
    fn fresh(self) -> Option<Fixture<L>> {
        Some(self)
    }
}

impl<L> Fresh<L> for Option<Fixture<L>> {
    fn fresh(self) -> Option<Fixture<L>> {
        self
    }
}

/// A temporary directory under Cargo's target directory, removed on drop.
pub struct TempDir(PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
            "{tag}-{}-{}-{nanos}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::Relaxed)
        ));
        std::fs::create_dir_all(&dir).unwrap();
        Self(dir)
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A stand-in for the canonical bytes of a signed revision document.
pub fn document(record: &str, sequence: u64, note: &str) -> Vec<u8> {
    format!(r#"{{"note":"{note}","record":"{record}","sequence":{sequence}}}"#).into_bytes()
}

pub fn revision(
    record: &str,
    principal: &str,
    predecessor: Option<ContentDigest>,
    document: Vec<u8>,
) -> NewEntry {
    NewEntry::new(record, predecessor, framed(principal, &document))
}

/// Appends `n` revisions to `record` (continuing its chain); returns what was stored.
pub fn grow<L: Log + ?Sized>(
    ledger: &L,
    record: &str,
    principal: &str,
    n: u64,
) -> Vec<StoredEntry> {
    let mut head = ledger.head(record).unwrap();
    let mut out = Vec::new();
    for _ in 0..n {
        let sequence = head.as_ref().map_or(0, |h| h.sequence + 1);
        let stored = ledger
            .append(revision(
                record,
                principal,
                head.as_ref().map(|h| h.digest),
                document(record, sequence, "grow"),
            ))
            .unwrap();
        assert_eq!(stored.sequence, sequence);
        head = Some(stored.clone());
        out.push(stored);
    }
    out
}

pub fn code<T: std::fmt::Debug>(result: Result<T, Error>) -> &'static str {
    result.unwrap_err().code()
}

/// Runs every case of the suite for one backend: `$fresh` is an expression of type
/// `Fn() -> Fixture<L>`.
#[macro_export]
macro_rules! log_suite {
    ($backend:ident, $fresh:expr) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::*;
            $crate::log_suite!(@cases $fresh;
                empty, append_and_read, chain_links, conflict_on_stale_head, principal_is_fixed,
                append_many_builds_in_order, append_many_is_all_or_nothing, records_are_separate,
                documents_are_opaque_bytes, erase_leaves_tombstones, erased_cannot_be_revived,
                erase_is_idempotent_and_selective, racing_threads_one_wins, check_counts,
                agreements_are_stored_once_in_order, agreements_outlive_erasure,
                agreements_are_opaque_bytes);
        }
    };
    (@cases $fresh:expr; $($case:ident),* $(,)?) => {
        $(
            #[test]
            fn $case() {
                // A backend whose server is not there (PostgreSQL without
                // GOVBLOCKS_TEST_POSTGRES) gives no fixture: the test is skipped, with a note.
                let Some(fixture) = $crate::suite::Fresh::fresh(($fresh)()) else {
                    return;
                };
                $crate::suite::$case(&fixture.ledger);
            }
        )*
    };
}

// ---- the cases ---------------------------------------------------------------------------------

pub fn empty<L: Log + 'static>(ledger: &Arc<L>) {
    assert_eq!(ledger.head("r").unwrap(), None);
    assert!(ledger.entries("r").unwrap().is_empty());
    assert!(all_streams(&**ledger).is_empty());
    assert!(ledger.streams_of("p").unwrap().is_empty());
    let report = ledger.check().unwrap();
    assert_eq!(
        (report.streams, report.entries, report.tombstones),
        (0, 0, 0)
    );
}

pub fn append_and_read<L: Log + 'static>(ledger: &Arc<L>) {
    let payload = document("r1", 0, "first");
    let doc = framed("p1", &payload);
    let first = ledger.append(revision("r1", "p1", None, payload)).unwrap();
    assert_eq!(first.stream, "r1");
    assert_eq!(first.sequence, 0);
    assert_eq!(first.digest, ContentDigest::of_bytes(&doc));
    assert_eq!(first.predecessor, None);
    assert_eq!(first.document.as_deref(), Some(&doc[..]));
    assert_eq!(ledger.head("r1").unwrap(), Some(first.clone()));
    assert_eq!(ledger.entries("r1").unwrap(), vec![first]);
    assert_eq!(all_streams(&**ledger), vec!["r1".to_owned()]);
    assert_eq!(ledger.streams_of("p1").unwrap(), vec!["r1".to_owned()]);
    assert!(ledger.streams_of("p2").unwrap().is_empty());
}

pub fn chain_links<L: Log + 'static>(ledger: &Arc<L>) {
    let stored = grow(&**ledger, "r", "p", 5);
    let read = ledger.entries("r").unwrap();
    assert_eq!(read, stored);
    for (i, r) in read.iter().enumerate() {
        assert_eq!(r.sequence, i as u64);
        let expected = i.checked_sub(1).map(|j| read[j].digest);
        assert_eq!(r.predecessor, expected);
        assert_eq!(
            r.digest,
            ContentDigest::of_bytes(r.document.as_deref().unwrap())
        );
    }
    assert_eq!(ledger.head("r").unwrap().as_ref(), read.last());
}

pub fn conflict_on_stale_head<L: Log + 'static>(ledger: &Arc<L>) {
    let stored = grow(&**ledger, "r", "p", 3);
    let before = ledger.entries("r").unwrap();
    // Builds on an old head.
    let stale = revision("r", "p", Some(stored[1].digest), document("r", 2, "stale"));
    let err = ledger.append(stale).unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    match err {
        Error::Conflict {
            stream: record,
            expected,
            found,
        } => {
            assert_eq!(record, "r");
            assert_eq!(expected, stored[1].digest.to_string());
            assert_eq!(found, stored[2].digest.to_string());
        }
        other => panic!("{other:?}"),
    }
    // Starts a record that exists.
    assert_eq!(
        code(ledger.append(revision("r", "p", None, document("r", 0, "again")))),
        "store.conflict"
    );
    // Builds on a head of a record that does not exist.
    assert_eq!(
        code(ledger.append(revision("new", "p", Some(stored[2].digest), b"x".to_vec()))),
        "store.conflict"
    );
    assert_eq!(ledger.entries("r").unwrap(), before);
    assert_eq!(ledger.head("new").unwrap(), None);
    ledger.check().unwrap();
}

pub fn principal_is_fixed<L: Log + 'static>(ledger: &Arc<L>) {
    let stored = grow(&**ledger, "r", "alice", 1);
    let other = revision("r", "bob", Some(stored[0].digest), document("r", 1, "bob"));
    assert_eq!(code(ledger.append(other)), "store.subject_mismatch");
    assert_eq!(ledger.entries("r").unwrap().len(), 1);
    assert_eq!(ledger.streams_of("alice").unwrap(), vec!["r".to_owned()]);
    assert!(ledger.streams_of("bob").unwrap().is_empty());
}

pub fn append_many_builds_in_order<L: Log + 'static>(ledger: &Arc<L>) {
    let existing = grow(&**ledger, "a", "p", 1);
    let a1 = revision("a", "p", Some(existing[0].digest), document("a", 1, "m"));
    let a2 = revision("a", "p", Some(a1.digest()), document("a", 2, "m"));
    let b0 = revision("b", "q", None, document("b", 0, "m"));
    let b1 = revision("b", "q", Some(b0.digest()), document("b", 1, "m"));
    let out = ledger
        .append_many(vec![a1.clone(), b0.clone(), a2.clone(), b1.clone()])
        .unwrap();
    let seqs: Vec<_> = out
        .iter()
        .map(|r| (r.stream.as_str(), r.sequence))
        .collect();
    assert_eq!(seqs, [("a", 1), ("b", 0), ("a", 2), ("b", 1)]);
    assert_eq!(ledger.entries("a").unwrap().len(), 3);
    assert_eq!(ledger.head("a").unwrap().unwrap().digest, a2.digest());
    assert_eq!(ledger.head("b").unwrap().unwrap().digest, b1.digest());
    assert_eq!(ledger.streams_of("q").unwrap(), vec!["b".to_owned()]);
    assert!(ledger.append_many(Vec::new()).unwrap().is_empty());
    ledger.check().unwrap();
}

pub fn append_many_is_all_or_nothing<L: Log + 'static>(ledger: &Arc<L>) {
    let existing = grow(&**ledger, "a", "p", 1);
    let a1 = revision("a", "p", Some(existing[0].digest), document("a", 1, "m"));
    let c0 = revision("c", "p", None, document("c", 0, "m"));
    // The third builds on the first revision again: a conflict inside the batch.
    let a1_again = revision(
        "a",
        "p",
        Some(existing[0].digest),
        document("a", 1, "other"),
    );
    let err = ledger
        .append_many(vec![a1.clone(), c0, a1_again])
        .unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    assert_eq!(ledger.entries("a").unwrap(), existing);
    assert_eq!(ledger.head("c").unwrap(), None);
    assert!(ledger.entries("c").unwrap().is_empty());
    let mut records = all_streams(&**ledger);
    records.sort();
    assert_eq!(records, vec!["a".to_owned()]);
    // The good part alone goes through.
    ledger.append_many(vec![a1]).unwrap();
    ledger.check().unwrap();
}

pub fn records_are_separate<L: Log + 'static>(ledger: &Arc<L>) {
    for round in 0..3 {
        for record in ["x", "y", "z"] {
            let stored = grow(&**ledger, record, &format!("owner-{record}"), 1);
            assert_eq!(stored[0].sequence, round);
        }
    }
    let mut records = all_streams(&**ledger);
    records.sort();
    assert_eq!(records, ["x", "y", "z"]);
    for record in ["x", "y", "z"] {
        assert_eq!(ledger.entries(record).unwrap().len(), 3);
        assert_eq!(
            ledger.streams_of(&format!("owner-{record}")).unwrap(),
            [record]
        );
    }
    let report = ledger.check().unwrap();
    assert_eq!((report.streams, report.entries), (3, 9));
}

pub fn documents_are_opaque_bytes<L: Log + 'static>(ledger: &Arc<L>) {
    let big: Vec<u8> = (0..200_000u32).map(|i| (i % 251) as u8).collect();
    let odd = vec![0u8, 0xff, 0xfe, b'"', 0, b'\n'];
    let first = ledger
        .append(revision("bytes", "p", None, big.clone()))
        .unwrap();
    let second = ledger
        .append(revision("bytes", "p", Some(first.digest), odd.clone()))
        .unwrap();
    let third = ledger
        .append(revision("bytes", "p", Some(second.digest), Vec::new()))
        .unwrap();
    let read = ledger.entries("bytes").unwrap();
    assert_eq!(read[0].document, Some(framed("p", &big)));
    assert_eq!(read[1].document, Some(framed("p", &odd)));
    assert_eq!(read[2].document, Some(framed("p", &[])));
    assert_eq!(read[2].digest, third.digest);
    ledger.check().unwrap();
    // Record and principal ids are opaque text too.
    let id = "urn:uuid:0f0e\u{e9}'\"; DROP TABLE records; --";
    ledger
        .append(revision(id, "p\u{0}q", None, b"{}".to_vec()))
        .unwrap();
    assert_eq!(ledger.streams_of("p\u{0}q").unwrap(), [id]);
    assert!(ledger
        .streams_of("p")
        .unwrap()
        .contains(&"bytes".to_owned()));
    ledger.check().unwrap();
}

pub fn erase_leaves_tombstones<L: Log + 'static>(ledger: &Arc<L>) {
    let a = grow(&**ledger, "alice-1", "alice", 3);
    let a2 = grow(&**ledger, "alice-2", "alice", 2);
    let b = grow(&**ledger, "bob-1", "bob", 2);
    let report = ledger.erase_subject("alice").unwrap();
    assert_eq!(report.streams, ["alice-1", "alice-2"]);
    assert_eq!(report.entries, 5);
    for (record, before) in [("alice-1", &a), ("alice-2", &a2)] {
        let after = ledger.entries(record).unwrap();
        assert_eq!(after.len(), before.len());
        for (x, y) in after.iter().zip(before.iter()) {
            assert_eq!(x.document, None);
            assert_eq!(
                (&x.stream, x.sequence, x.digest, x.predecessor),
                (&y.stream, y.sequence, y.digest, y.predecessor)
            );
        }
        let head = ledger.head(record).unwrap().unwrap();
        assert_eq!(head.digest, before.last().unwrap().digest);
        assert_eq!(head.document, None);
    }
    assert_eq!(ledger.entries("bob-1").unwrap(), b);
    assert!(ledger.streams_of("alice").unwrap().is_empty());
    assert_eq!(ledger.streams_of("bob").unwrap(), ["bob-1"]);
    let mut records = all_streams(&**ledger);
    records.sort();
    assert_eq!(records, ["alice-1", "alice-2", "bob-1"]);
    let check = ledger.check().unwrap();
    assert_eq!((check.streams, check.entries, check.tombstones), (3, 7, 5));
}

pub fn erased_cannot_be_revived<L: Log + 'static>(ledger: &Arc<L>) {
    let a = grow(&**ledger, "r", "alice", 2);
    ledger.erase_subject("alice").unwrap();
    // Onto the tombstone's head, as a fresh start, with the old principal or another one.
    for (predecessor, principal) in [
        (Some(a[1].digest), "alice"),
        (None, "alice"),
        (Some(a[1].digest), "mallory"),
        (Some(a[0].digest), "alice"),
    ] {
        let attempt = revision("r", principal, predecessor, document("r", 2, "revive"));
        assert_eq!(code(ledger.append(attempt.clone())), "store.erased");
        assert_eq!(code(ledger.append_many(vec![attempt])), "store.erased");
    }
    assert_eq!(ledger.entries("r").unwrap().len(), 2);
    assert!(ledger.streams_of("alice").unwrap().is_empty());
    assert!(ledger.streams_of("mallory").unwrap().is_empty());
    // The same person may start a new record (with a new random id).
    grow(&**ledger, "r-new", "alice", 1);
    assert_eq!(ledger.streams_of("alice").unwrap(), ["r-new"]);
    ledger.check().unwrap();
}

pub fn erase_is_idempotent_and_selective<L: Log + 'static>(ledger: &Arc<L>) {
    assert_eq!(ledger.erase_subject("nobody").unwrap().streams.len(), 0);
    grow(&**ledger, "r", "alice", 2);
    let first = ledger.erase_subject("alice").unwrap();
    assert_eq!(first.entries, 2);
    let second = ledger.erase_subject("alice").unwrap();
    assert!(second.streams.is_empty());
    assert_eq!(second.entries, 0);
    ledger.check().unwrap();
}

pub fn racing_threads_one_wins<L: Log + 'static>(ledger: &Arc<L>) {
    const THREADS: usize = 8;
    let base = grow(&**ledger, "r", "p", 1);
    let barrier = Arc::new(Barrier::new(THREADS));
    let handles: Vec<_> = (0..THREADS)
        .map(|t| {
            let ledger = Arc::clone(ledger);
            let barrier = Arc::clone(&barrier);
            let head = base[0].digest;
            std::thread::spawn(move || {
                let mine = revision("r", "p", Some(head), document("r", 1, &format!("t{t}")));
                let digest = mine.digest();
                barrier.wait();
                (digest, ledger.append(mine).map_err(|e| e.code()))
            })
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let winners: Vec<_> = results.iter().filter(|(_, r)| r.is_ok()).collect();
    assert_eq!(winners.len(), 1, "{results:?}");
    for (_, r) in &results {
        if let Err(code) = r {
            assert_eq!(*code, "store.conflict");
        }
    }
    let chain = ledger.entries("r").unwrap();
    assert_eq!(chain.len(), 2);
    assert_eq!(chain[1].digest, winners[0].0);
    ledger.check().unwrap();
}

pub fn check_counts<L: Log + 'static>(ledger: &Arc<L>) {
    grow(&**ledger, "a", "p", 4);
    grow(&**ledger, "b", "q", 1);
    ledger.erase_subject("q").unwrap();
    let report = ledger.check().unwrap();
    assert_eq!(
        (report.streams, report.entries, report.tombstones),
        (2, 5, 1)
    );
}

// ---- agreements --------------------------------------------------------------------------------

/// A stand-in for the canonical bytes of a signed agreement.
pub fn agreement_document(version: &str) -> Vec<u8> {
    format!(r#"{{"id":"urn:agreement:a","proof":{{}},"version":"{version}"}}"#).into_bytes()
}

pub fn agreements_are_stored_once_in_order<L: Log + 'static>(ledger: &Arc<L>) {
    assert!(ledger.cited().unwrap().is_empty());
    let (one, two) = (agreement_document("1"), agreement_document("2"));
    let d2 = ledger.put_cited(two.clone()).unwrap();
    let d1 = ledger.put_cited(one.clone()).unwrap();
    assert_eq!(d1, ContentDigest::of_bytes(&one));
    assert_eq!(d2, ContentDigest::of_bytes(&two));
    // Idempotent: the same bytes again change nothing, not even the order.
    assert_eq!(ledger.put_cited(two.clone()).unwrap(), d2);
    assert_eq!(ledger.put_cited(one.clone()).unwrap(), d1);
    let stored = ledger.cited().unwrap();
    let seen: Vec<_> = stored
        .iter()
        .map(|a| (a.position, a.digest, a.document.clone()))
        .collect();
    assert_eq!(seen, vec![(0, d2, two), (1, d1, one)]);
    // Agreements and records live side by side.
    grow(&**ledger, "r", "p", 2);
    let report = ledger.check().unwrap();
    assert_eq!((report.streams, report.entries, report.cited), (1, 2, 2));
}

pub fn agreements_outlive_erasure<L: Log + 'static>(ledger: &Arc<L>) {
    let digest = ledger.put_cited(agreement_document("1")).unwrap();
    grow(&**ledger, "r", "alice", 2);
    ledger.erase_subject("alice").unwrap();
    let stored = ledger.cited().unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].digest, digest);
    assert_eq!(stored[0].document, agreement_document("1"));
    assert_eq!(ledger.check().unwrap().cited, 1);
}

pub fn agreements_are_opaque_bytes<L: Log + 'static>(ledger: &Arc<L>) {
    let odd = vec![0u8, 0xff, b'"', 0];
    let big: Vec<u8> = (0..100_000u32).map(|i| (i % 253) as u8).collect();
    for bytes in [odd.clone(), Vec::new(), big.clone()] {
        assert_eq!(
            ledger.put_cited(bytes.clone()).unwrap(),
            ContentDigest::of_bytes(&bytes)
        );
    }
    let stored = ledger.cited().unwrap();
    let docs: Vec<_> = stored.iter().map(|a| a.document.clone()).collect();
    assert_eq!(docs, vec![odd, Vec::new(), big]);
    ledger.check().unwrap();
}

// ---- shared backends: processes appending to one stream ----------------------------------------

/// The environment variable that turns a backend's `child_appender` test into an appending
/// process: the store's location (a file, a schema).
pub const PROCESS_CHILD: &str = "GOVBLOCKS_LOG_PROCESS_CHILD";
/// When the appenders start: Unix milliseconds.
const PROCESS_GO: &str = "GOVBLOCKS_LOG_PROCESS_GO";
const PROCESSES: usize = 6;
const WINS_EACH: usize = 8;
const SHARED_STREAM: &str = "urn:uuid:processes";

/// A shared backend: `PROCESSES` processes append to one stream at once, each reading the head
/// and appending onto it until it has won `WINS_EACH` times. Exactly one process wins each
/// position (no sequence number acknowledged twice), and every acknowledged entry is in the
/// chain at its place, which holds nothing else. `child_test` is the backend's
/// `child_appender` test, `location` what its `open` is given.
pub fn processes_append_to_one_stream<L: Log>(ledger: &L, child_test: &str, location: &str) {
    use std::collections::BTreeMap;
    use std::process::{Command, Stdio};
    let first = ledger
        .append(revision(SHARED_STREAM, "p", None, b"{}".to_vec()))
        .unwrap();
    let go = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        + 1500;
    let children: Vec<_> = (0..PROCESSES)
        .map(|_| {
            Command::new(std::env::current_exe().unwrap())
                .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
                .env(PROCESS_CHILD, location)
                .env(PROCESS_GO, go.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut acked: BTreeMap<u64, String> = BTreeMap::new();
    let mut conflicts = 0usize;
    for child in children {
        let output = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success(),
            "appender failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        for line in stdout.lines() {
            if let Some(rest) = line.strip_prefix("ack ") {
                let (sequence, digest) = rest.split_once(' ').unwrap();
                let sequence: u64 = sequence.parse().unwrap();
                let before = acked.insert(sequence, digest.to_owned());
                assert!(before.is_none(), "position {sequence} acknowledged twice");
            } else if line == "conflict" {
                conflicts += 1;
            }
        }
    }
    assert_eq!(acked.len(), PROCESSES * WINS_EACH, "every appender won");
    let chain = ledger.entries(SHARED_STREAM).unwrap();
    assert_eq!(
        chain.len(),
        1 + PROCESSES * WINS_EACH,
        "nothing beyond the acknowledged"
    );
    assert_eq!(chain[0], first);
    for (sequence, digest) in &acked {
        assert_eq!(&chain[*sequence as usize].digest.to_string(), digest);
    }
    ledger.check().unwrap();
    eprintln!(
        "{PROCESSES} processes appended {} entries to one stream ({conflicts} conflicts lost)",
        acked.len()
    );
}

/// The body of an appending process (when [`PROCESS_CHILD`] is set).
pub fn append_racer<L: Log>(ledger: L) {
    let go: u128 = std::env::var(PROCESS_GO).unwrap().parse().unwrap();
    while std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        < go
    {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    // Start on a line of our own (the harness has printed "test … ... ").
    println!();
    let tag = std::process::id();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
    let (mut wins, mut attempt) = (0, 0u64);
    while wins < WINS_EACH {
        assert!(std::time::Instant::now() < deadline, "no progress");
        attempt += 1;
        let head = ledger.head(SHARED_STREAM).unwrap().unwrap();
        let mine = revision(
            SHARED_STREAM,
            "p",
            Some(head.digest),
            format!(r#"{{"attempt":{attempt},"by":{tag}}}"#).into_bytes(),
        );
        match ledger.append(mine) {
            Ok(stored) => {
                println!("ack {} {}", stored.sequence, stored.digest);
                wins += 1;
            }
            Err(e) if e.code() == "store.conflict" => println!("conflict"),
            Err(e) => panic!("append failed: {e}"),
        }
    }
}

/// The processes test for a shared backend: `log_processes!(name, location, open)`, where
/// `location` is `Fn() -> Option<(String, keep_alive)>` (`None`: backend not available here)
/// and `open` is `Fn(&str) -> impl Log`, given the location in the parent and in every child.
#[macro_export]
macro_rules! log_processes {
    ($backend:ident, $location:expr, $open:expr) => {
        mod $backend {
            #[allow(unused_imports)]
            use super::*;

            #[test]
            fn processes_append_to_one_stream() {
                let Some((location, _keep)) = ($location)() else {
                    return;
                };
                let ledger = ($open)(location.as_str());
                let path = module_path!();
                let module = path.split_once("::").map_or(path, |(_, rest)| rest);
                $crate::suite::processes_append_to_one_stream(
                    &ledger,
                    &format!("{module}::child_appender"),
                    &location,
                );
            }

            /// An appending process of `processes_append_to_one_stream`; returns at once in a
            /// normal run.
            #[test]
            fn child_appender() {
                if let Ok(location) = std::env::var($crate::suite::PROCESS_CHILD) {
                    $crate::suite::append_racer(($open)(location.as_str()));
                }
            }
        }
    };
}
