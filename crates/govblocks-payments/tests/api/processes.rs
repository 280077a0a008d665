//! Hub processes racing on one SQLite file: `PROCESSES` processes, each its own hub (its own
//! verifier and its own handle on the file), receive a signed batch at the same moment; exactly
//! one accepts it, every other is refused with `payments.batch_replayed`. In odd rounds half of
//! them receive another batch that pays one of the first batch's transfers again: still exactly
//! one process accepts, those holding the winner's batch get `payments.batch_replayed`, the
//! others `payments.transfer_replayed`.
//!
//! The test binary re-invokes itself (`current_exe()`, `--exact processes::child_hub`) with
//! an environment variable that turns `child_hub` into a hub process (the pattern of
//! `govblocks-store`'s `tests/processes`); run normally, `child_hub` returns at once. Each
//! child verifies its batch once before it says it is ready (so that the race is not decided
//! by start-up), then waits for the go file and receives the batch.

use super::fixtures::*;
use govblocks_core::clock::Timestamp;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::hub::{AcceptOnce, Hub, SqliteAcceptOnce};
use govblocks_payments::prelude::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PROCESSES: usize = 4;
const ROUNDS: usize = 4;
const HUB_CHILD: &str = "GOVBLOCKS_PAYMENTS_HUB_CHILD";
const HUB_BATCH: &str = "GOVBLOCKS_PAYMENTS_HUB_BATCH";
const HUB_GO: &str = "GOVBLOCKS_PAYMENTS_HUB_GO";

fn hub_on(path: &str) -> Hub<SqliteAcceptOnce> {
    let json = serde_json::json!({"makers": [did(1)], "checkers": [did(2)], "approvals": 1});
    let policy = ApprovalPolicy::from_json(json.to_string().as_bytes()).unwrap();
    let verifier = Verifier::new(DidKeyResolver, policy.trust_list());
    Hub::new(
        BatchVerifier::new(verifier, policy),
        SqliteAcceptOnce::open(path).unwrap(),
    )
}

/// `usd_batch` with this message id and end-to-end ids `E2E-<prefix>-…`.
fn batch_as(message_id: &str, prefix: &str) -> Batch {
    let mut b = usd_batch();
    b.group_header.message_id = message_id.to_owned();
    for block in &mut b.payment_information {
        for t in &mut block.credit_transfers {
            t.end_to_end_id = t.end_to_end_id.replacen("E2E", &format!("E2E-{prefix}"), 1);
        }
    }
    b
}

fn signed(batch: &Batch) -> Vec<u8> {
    let doc = approve(sign_as_maker(batch, &key(1)).unwrap(), &key(2)).unwrap();
    serde_json::to_vec(&doc).unwrap()
}

/// A hub process: verifies its batch, says it is ready, waits for the go file, receives it.
#[test]
fn child_hub() {
    let Ok(path) = std::env::var(HUB_CHILD) else {
        return;
    };
    let bytes = std::fs::read(std::env::var(HUB_BATCH).unwrap()).unwrap();
    let go = std::env::var(HUB_GO).unwrap();
    let hub = hub_on(&path);
    hub.verifier().verify(&bytes).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nready").unwrap();
    out.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !Path::new(&go).exists() {
        assert!(Instant::now() < deadline, "no go signal");
        std::thread::sleep(Duration::from_micros(200));
    }
    let now: Timestamp = "2026-12-06T10:00:00Z".parse().unwrap();
    match hub.receive(&bytes, now) {
        Ok(_) => writeln!(out, "result ok").unwrap(),
        Err(e) => writeln!(out, "result {}", e.code()).unwrap(),
    }
    out.flush().unwrap();
}

fn line_starting(reader: &mut impl BufRead, prefix: &str) -> Option<String> {
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

fn stderr(proc: &mut Child) -> String {
    let mut text = String::new();
    if let Some(mut e) = proc.stderr.take() {
        let _ = e.read_to_string(&mut text);
    }
    text
}

#[test]
fn hub_processes_on_one_file_accept_a_batch_exactly_once() {
    let dir = std::env::temp_dir().join(format!("govblocks-hub-processes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("seen.db");
    let db_text = db.to_str().unwrap().to_owned();
    // The file exists before the race (creating it is the store's own race, tested there).
    drop(SqliteAcceptOnce::open(&db).unwrap());
    for round in 0..ROUNDS {
        let same = batch_as(&format!("M-{round}"), &format!("r{round}"));
        let mut files = vec![dir.join(format!("batch-{round}-a.json"))];
        std::fs::write(&files[0], signed(&same)).unwrap();
        if round % 2 == 1 {
            // Another batch that pays the first batch's second transfer again.
            let mut other = batch_as(&format!("M-{round}-bis"), &format!("r{round}-bis"));
            other.payment_information[0].credit_transfers[1].end_to_end_id =
                same.payment_information[0].credit_transfers[1]
                    .end_to_end_id
                    .clone();
            files.push(dir.join(format!("batch-{round}-b.json")));
            std::fs::write(&files[1], signed(&other)).unwrap();
        }
        let go = dir.join(format!("go-{round}"));
        let go_text = go.to_str().unwrap().to_owned();
        let mut hubs: Vec<(usize, Child, BufReader<std::process::ChildStdout>)> = (0..PROCESSES)
            .map(|i| {
                let which = i % files.len();
                let mut proc = Command::new(std::env::current_exe().unwrap())
                    .args([
                        "--exact",
                        "processes::child_hub",
                        "--nocapture",
                        "--test-threads=1",
                    ])
                    .env(HUB_CHILD, &db_text)
                    .env(HUB_BATCH, &files[which])
                    .env(HUB_GO, &go_text)
                    .stdin(Stdio::null())
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap();
                let stdout = BufReader::new(proc.stdout.take().unwrap());
                (which, proc, stdout)
            })
            .collect();
        for (_, proc, stdout) in &mut hubs {
            if line_starting(stdout, "ready").is_none() {
                panic!("round {round}: a hub died: {}", stderr(proc));
            }
        }
        std::fs::write(&go, b"go").unwrap();
        let results: Vec<(usize, String)> = hubs
            .iter_mut()
            .map(|(which, proc, stdout)| {
                let line = line_starting(stdout, "result ");
                let status = proc.wait().unwrap();
                assert!(status.success(), "round {round}: {}", stderr(proc));
                (*which, line.unwrap()["result ".len()..].to_owned())
            })
            .collect();
        let winners: Vec<usize> = results
            .iter()
            .filter(|(_, r)| r == "ok")
            .map(|(w, _)| *w)
            .collect();
        assert_eq!(winners.len(), 1, "round {round}: {results:?}");
        for (which, result) in &results {
            if result == "ok" {
                continue;
            }
            let expected = if *which == winners[0] {
                "payments.batch_replayed"
            } else {
                "payments.transfer_replayed"
            };
            assert_eq!(result, expected, "round {round}: {results:?}");
        }
    }
    // Exactly the winners' ids are remembered: one batch of three transfers per round.
    let store = SqliteAcceptOnce::open(&db).unwrap();
    assert_eq!(store.remembered().unwrap(), ROUNDS as u64 * 4);
    drop(store);
    let _ = std::fs::remove_dir_all(&dir);
}
