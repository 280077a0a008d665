//! Crashes and races between processes, with real processes.
//!
//! The test binary re-invokes itself (`current_exe()`, `--exact <child test>`) with an
//! environment variable that turns one of the `child_*` tests below into a worker; run normally,
//! those tests return at once.
//!
//! * `sigkill_mid_append_loses_nothing_acknowledged`: a child appends revisions in a loop (single
//!   appends and groups of three with `append_many`) and prints each sequence number after
//!   `append` returned; the parent kills it with SIGKILL after a random delay, reopens the
//!   ledger (which checks every chain) and checks that every acknowledged revision is there,
//!   byte for byte, that at most the one transaction in flight was added beyond them — whole —
//!   and that the next child continues the chain. `GOVBLOCKS_CRASH_ROUNDS` (default 40) and
//!   `GOVBLOCKS_CRASH_SEED` (printed on every run) reproduce a run.
//! * `two_processes_race_for_one_head`: two children open the file, read the same head and
//!   append onto it at the same moment; exactly one wins, the other gets `store.conflict`.
//! * [`opening`]: many processes creating one missing file at once, and a reader in a
//!   directory it may not write to (as an unprivileged user).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../store/suite.rs"]
#[macro_use]
mod suite;
mod opening;

use govblocks_core::digest::ContentDigest;
use govblocks_store::log::{Log, NewEntry};
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};
use suite::sqlite::open_log;
use suite::{framed, TempDir};

const APPEND_CHILD: &str = "GOVBLOCKS_LEDGER_APPEND_CHILD";
const RACE_CHILD: &str = "GOVBLOCKS_LEDGER_RACE_CHILD";
const RACE_TAG: &str = "GOVBLOCKS_LEDGER_RACE_TAG";
const RACE_GO: &str = "GOVBLOCKS_LEDGER_RACE_GO";
const RECORD: &str = "urn:uuid:5b0c4a52-2d8e-4c1b-9f7e-crash";
const PRINCIPAL: &str = "pseudonym-crash";

/// The document the appender writes at `sequence`: some small, some spilling onto SQLite
/// overflow pages, so that a torn write would show.
fn expected_document(sequence: u64) -> Vec<u8> {
    let pad = match sequence % 4 {
        0 => 9000,
        1 => 10,
        2 => 1500,
        _ => 0,
    };
    format!(
        r#"{{"pad":"{}","record":"{RECORD}","sequence":{sequence}}}"#,
        "abcdefghij".repeat(pad / 10)
    )
    .into_bytes()
}

/// How many revisions the appender commits in the transaction starting at `sequence`.
fn transaction_len(sequence: u64) -> u64 {
    if sequence % 7 == 3 {
        3
    } else {
        1
    }
}

fn child(test: &str, envs: &[(&str, &str)]) -> Child {
    let mut command = Command::new(std::env::current_exe().unwrap());
    command
        .args(["--exact", test, "--nocapture", "--test-threads=1"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in envs {
        command.env(k, v);
    }
    command.spawn().unwrap()
}

/// Reads lines until one starts with `prefix`; returns it (or `None` at end of output).
fn line_starting(reader: &mut BufReader<ChildStdout>, prefix: &str) -> Option<String> {
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap() == 0 {
            return None;
        }
        if line.starts_with(prefix) && line.ends_with('\n') {
            return Some(line.trim_end().to_owned());
        }
    }
}

/// The appender: continues the chain of `RECORD` until killed.
#[test]
fn child_appender() {
    let Ok(path) = std::env::var(APPEND_CHILD) else {
        return;
    };
    let ledger = open_log(&path).unwrap();
    let mut head = ledger.head(RECORD).unwrap();
    let mut out = std::io::stdout().lock();
    // The new line ends the harness's "test child_appender ... " line.
    writeln!(out, "\nready").unwrap();
    out.flush().unwrap();
    // Bounded, in case the parent never kills it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        let start = head.as_ref().map_or(0, |h| h.sequence + 1);
        let mut batch = Vec::new();
        let mut predecessor = head.as_ref().map(|h| h.digest);
        for sequence in start..start + transaction_len(start) {
            let revision = NewEntry::new(
                RECORD,
                predecessor,
                framed(PRINCIPAL, &expected_document(sequence)),
            );
            predecessor = Some(revision.digest());
            batch.push(revision);
        }
        let stored = if batch.len() == 1 {
            vec![ledger.append(batch.remove(0)).unwrap()]
        } else {
            ledger.append_many(batch).unwrap()
        };
        // Acknowledged: `append` returned. One write for the whole transaction.
        let mut report = String::new();
        for s in &stored {
            report.push_str(&format!("ack {} {}\n", s.sequence, s.digest));
        }
        out.write_all(report.as_bytes()).unwrap();
        out.flush().unwrap();
        head = stored.last().cloned();
    }
}

/// A small reproducible random source (xorshift64*).
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % n
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

#[test]
fn sigkill_mid_append_loses_nothing_acknowledged() {
    let rounds = env_u64("GOVBLOCKS_CRASH_ROUNDS").unwrap_or(40);
    let seed = env_u64("GOVBLOCKS_CRASH_SEED").unwrap_or_else(|| {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64
            | 1
    });
    eprintln!("crash test: {rounds} rounds, GOVBLOCKS_CRASH_SEED={seed}");
    let mut rng = Rng(seed);
    let dir = TempDir::new("ledger-crash");
    let path = dir.path().join("crash.ledger");
    let path_text = path.to_str().unwrap().to_owned();
    let started = Instant::now();
    let (mut stored_len, mut total_acked, mut in_flight_found, mut early_kills) = (0u64, 0, 0, 0);
    for round in 0..rounds {
        let mut proc = child("child_appender", &[(APPEND_CHILD, &path_text)]);
        let mut stdout = BufReader::new(proc.stdout.take().unwrap());
        // One round in five is killed at once, perhaps while opening (WAL recovery, the check);
        // the others once the child is appending, after 0-40 ms.
        // A round killed "once appending" waits for the child's first acknowledgement, so that
        // on a loaded machine (slow start, slow fsync) the kill still lands among appends.
        let early = rng.below(5) == 0;
        let mut rest = String::new();
        if early {
            early_kills += 1;
            std::thread::sleep(Duration::from_millis(rng.below(15)));
        } else {
            let first = line_starting(&mut stdout, "ack ");
            let Some(first) = first else {
                panic!("round {round}: child died: {}", stderr(&mut proc));
            };
            rest.push_str(&first);
            rest.push('\n');
            std::thread::sleep(Duration::from_micros(rng.below(40_000)));
        }
        proc.kill().unwrap();
        let status = proc.wait().unwrap();
        stdout.read_to_string(&mut rest).unwrap();
        assert_eq!(
            status.signal(),
            Some(9),
            "round {round}: the child ended by itself ({status}): {}",
            stderr(&mut proc)
        );
        // Only complete lines count: a line cut short was never acknowledged.
        let acked: Vec<(u64, String)> = rest
            .split_inclusive('\n')
            .filter(|l| l.ends_with('\n') && l.starts_with("ack "))
            .map(|l| {
                let mut parts = l.trim_end().split(' ').skip(1);
                (
                    parts.next().unwrap().parse().unwrap(),
                    parts.next().unwrap().to_owned(),
                )
            })
            .collect();
        total_acked += acked.len();

        // Reopening checks every chain (digests, links, head).
        let ledger = open_log(&path)
            .unwrap_or_else(|e| panic!("round {round} (seed {seed}): reopen failed: {e}"));
        let chain = ledger.entries(RECORD).unwrap();
        let len = chain.len() as u64;
        // Every acknowledged revision is there, intact.
        for (sequence, digest) in &acked {
            let stored = chain
                .get(*sequence as usize)
                .unwrap_or_else(|| panic!("round {round}: acknowledged {sequence} lost"));
            assert_eq!(&stored.digest.to_string(), digest, "round {round}");
        }
        // Everything stored is exactly what the child meant to write (nothing half-written).
        for stored in &chain {
            assert_eq!(
                stored.document,
                Some(framed(PRINCIPAL, &expected_document(stored.sequence))),
                "round {round}: revision {} differs",
                stored.sequence
            );
            assert_eq!(
                stored.digest,
                ContentDigest::of_bytes(&framed(PRINCIPAL, &expected_document(stored.sequence)))
            );
        }
        // Nothing before this round was lost; what the child stored ends on a transaction
        // boundary, and at most the one transaction in flight was stored unacknowledged.
        assert!(len >= stored_len, "round {round}: the chain shrank");
        let mut boundaries = vec![stored_len];
        while boundaries.last() < Some(&len) {
            let b = *boundaries.last().unwrap();
            boundaries.push(b + transaction_len(b));
        }
        assert_eq!(
            boundaries.last(),
            Some(&len),
            "round {round}: a group commit was torn"
        );
        // A transaction counts as acknowledged once any of its revisions was reported (the
        // kill may cut the report of a group short).
        let acked_len = acked.last().map_or(stored_len, |(s, _)| s + 1);
        let acked_end = *boundaries
            .iter()
            .find(|b| **b >= acked_len)
            .unwrap_or_else(|| panic!("round {round}: acknowledged {acked_len} but stored {len}"));
        if len > acked_end {
            assert_eq!(len, acked_end + transaction_len(acked_end), "round {round}");
            in_flight_found += 1;
        }
        stored_len = len;
    }
    // Every round not killed early saw at least its first acknowledgement.
    assert!(
        total_acked >= (rounds - early_kills) as usize,
        "the children acknowledged only {total_acked} revisions in {rounds} rounds"
    );
    eprintln!(
        "crash test: {rounds} rounds ({early_kills} killed early) in {:.1?}: {stored_len} \
         revisions, {total_acked} acknowledged, {in_flight_found} committed but unacknowledged \
         at the kill",
        started.elapsed()
    );
}

fn stderr(proc: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut e) = proc.stderr.take() {
        let _ = e.read_to_string(&mut text);
    }
    text
}

/// The racer: reads the head, waits for the go signal, appends onto it.
#[test]
fn child_racer() {
    let Ok(path) = std::env::var(RACE_CHILD) else {
        return;
    };
    let tag = std::env::var(RACE_TAG).unwrap();
    let go = std::env::var(RACE_GO).unwrap();
    let ledger = open_log(&path).unwrap();
    let head = ledger.head(RECORD).unwrap().unwrap();
    let mine = NewEntry::new(
        RECORD,
        Some(head.digest),
        framed(
            PRINCIPAL,
            &format!(r#"{{"by":"{tag}","sequence":{}}}"#, head.sequence + 1).into_bytes(),
        ),
    );
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nready {}", mine.digest()).unwrap();
    out.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    while !Path::new(&go).exists() {
        assert!(Instant::now() < deadline, "no go signal");
        std::thread::sleep(Duration::from_micros(200));
    }
    match ledger.append(mine) {
        Ok(stored) => writeln!(out, "result won {}", stored.digest).unwrap(),
        Err(e) => writeln!(out, "result lost {}", e.code()).unwrap(),
    }
    out.flush().unwrap();
}

#[test]
fn two_processes_race_for_one_head() {
    let dir = TempDir::new("ledger-race");
    let path = dir.path().join("race.ledger");
    let path_text = path.to_str().unwrap().to_owned();
    {
        let ledger = open_log(&path).unwrap();
        ledger
            .append(NewEntry::new(
                RECORD,
                None,
                framed(PRINCIPAL, b"{\"sequence\":0}"),
            ))
            .unwrap();
    }
    for round in 0..4u64 {
        let go = dir.path().join(format!("go-{round}"));
        let go_text = go.to_str().unwrap().to_owned();
        let mut racers: Vec<_> = ["x", "y"]
            .iter()
            .map(|tag| {
                let mut proc = child(
                    "child_racer",
                    &[
                        (RACE_CHILD, &path_text),
                        (RACE_TAG, tag),
                        (RACE_GO, &go_text),
                    ],
                );
                let stdout = BufReader::new(proc.stdout.take().unwrap());
                (proc, stdout)
            })
            .collect();
        // Both have read the same head and built their revision.
        let intended: Vec<String> = racers
            .iter_mut()
            .map(|(proc, stdout)| {
                let line = line_starting(stdout, "ready ");
                let line = line.unwrap_or_else(|| panic!("racer died: {}", stderr(proc)));
                line["ready ".len()..].to_owned()
            })
            .collect();
        std::fs::write(&go, b"go").unwrap();
        let results: Vec<String> = racers
            .iter_mut()
            .map(|(proc, stdout)| {
                let line = line_starting(stdout, "result ");
                let status = proc.wait().unwrap();
                assert!(status.success(), "racer failed: {}", stderr(proc));
                line.unwrap()["result ".len()..].to_owned()
            })
            .collect();
        let won: Vec<_> = results.iter().filter(|r| r.starts_with("won ")).collect();
        let lost: Vec<_> = results.iter().filter(|r| r.starts_with("lost ")).collect();
        assert_eq!(
            (won.len(), lost.len()),
            (1, 1),
            "round {round}: {results:?}"
        );
        assert_eq!(lost[0], "lost store.conflict");
        let ledger = open_log(&path).unwrap();
        let chain = ledger.entries(RECORD).unwrap();
        assert_eq!(chain.len() as u64, round + 2, "round {round}");
        let head = chain.last().unwrap().digest.to_string();
        assert_eq!(won[0], &format!("won {head}"));
        // Both revisions-to-be are accounted for: the winner's is the head, the loser's is
        // nowhere.
        let winner = intended.iter().position(|d| *d == head).unwrap();
        let loser = &intended[1 - winner];
        assert!(chain.iter().all(|r| &r.digest.to_string() != loser));
    }
}
