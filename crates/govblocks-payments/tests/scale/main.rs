//! Payments at the scale of a national programme (issue 15, point 7): batches of 100,000
//! transfers, made by a maker, approved by a checker and verified by the hub.
//!
//! * `a_batch_over_core_limits_verifies` (runs always, small enough for a debug build): a batch
//!   of 20,000 transfers (about 6 MB, beyond core's 4 MiB default) verifies under the batch
//!   verifier's default limits, and is refused with core's limit codes under tighter ones.
//! * `peak_memory_of_one_batch` (ignored; release): a fresh process reads a signed batch of
//!   100,000 transfers from a file and verifies it; its peak resident memory (`VmHWM` of
//!   `/proc/self/status`, reset through `/proc/self/clear_refs` once the bytes are read) above
//!   what it held before reading, input bytes included, is at most 3× the batch's size.
//! * `eighty_batches_on_two_cores` (ignored; release): 80 batches of 100,000 transfers (8
//!   million people), each built and signed (not timed), verified two at a time, one per
//!   core: at most 30 s of verifying, memory bounded by the batches in flight (the test prints
//!   its peak resident memory while verifying and over the whole run).
//!
//! ```sh
//! cargo test --release -p govblocks-payments --test scale -- --ignored --nocapture
//! ```
//!
//! `GOVBLOCKS_SCALE_BATCHES` (default 80) and `GOVBLOCKS_SCALE_TRANSFERS` (default 100,000)
//! change the run's size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod batches;

use govblocks_core::json::Limits;
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const MEMORY_CHILD: &str = "GOVBLOCKS_PAYMENTS_MEMORY_CHILD";

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(default)
}

/// A field of `/proc/self/status` in bytes (`VmHWM`, `VmRSS`).
fn status_bytes(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with(field) && l[field.len()..].starts_with(':'))
        .unwrap_or_else(|| panic!("no {field} in /proc/self/status"));
    let kib: u64 = line[field.len() + 1..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .unwrap();
    kib * 1024
}

/// CPU time of the calling thread so far (`/proc/thread-self/schedstat`, nanoseconds on a
/// CPU): what a verification costs on one core, whatever else the machine runs.
fn thread_cpu() -> Duration {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").unwrap();
    let ns: u64 = stat.split(' ').next().unwrap().parse().unwrap();
    Duration::from_nanos(ns)
}

/// Resets the peak resident memory (`VmHWM`) to the current one.
fn reset_peak() {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
}

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1e6
}

#[test]
fn a_batch_over_core_limits_verifies() {
    let bytes = batches::signed(7, 20_000);
    assert!(bytes.len() > Limits::default().max_bytes, "{}", bytes.len());
    let verifier = batches::verifier();
    assert_eq!(
        verifier.limits(),
        &govblocks_payments::approval::BatchVerifier::default_limits()
    );
    let verified = verifier.verify(&bytes).unwrap();
    assert_eq!(
        verified.value().group_header.number_of_transactions,
        "20000"
    );
    // Core's defaults refuse it by its size, before parsing.
    let core = batches::verifier().with_limits(Limits::default());
    assert_eq!(core.verify(&bytes).unwrap_err().code(), "json.too_large");
    // Limits are inclusive.
    let exact = Limits {
        max_bytes: bytes.len(),
        max_array_len: batches::BLOCK,
        ..Limits::default()
    };
    verifier_with(exact.clone()).verify(&bytes).unwrap();
    let one_byte_less = Limits {
        max_bytes: bytes.len() - 1,
        ..exact.clone()
    };
    assert_eq!(
        verifier_with(one_byte_less)
            .verify(&bytes)
            .unwrap_err()
            .code(),
        "json.too_large"
    );
    let one_transfer_less = Limits {
        max_array_len: batches::BLOCK - 1,
        ..exact
    };
    assert_eq!(
        verifier_with(one_transfer_less)
            .verify(&bytes)
            .unwrap_err()
            .code(),
        "json.array_too_long"
    );
}

fn verifier_with(limits: Limits) -> govblocks_payments::approval::BatchVerifier {
    batches::verifier().with_limits(limits)
}

/// The child of `peak_memory_of_one_batch`: reads the batch, verifies it, prints its memory.
#[test]
fn child_measures_memory() {
    let Ok(path) = std::env::var(MEMORY_CHILD) else {
        return;
    };
    let verifier = batches::verifier();
    let before = status_bytes("VmRSS");
    reset_peak();
    let bytes = std::fs::read(&path).unwrap();
    let cpu = thread_cpu();
    let verified = verifier.verify(&bytes).unwrap();
    let elapsed = thread_cpu() - cpu;
    let transfers = verified.value().group_header.number_of_transactions.clone();
    drop(verified);
    let peak = status_bytes("VmHWM");
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "\nmemory {} {} {} {} {}",
        bytes.len(),
        before,
        peak,
        elapsed.as_micros(),
        transfers
    )
    .unwrap();
    out.flush().unwrap();
}

#[test]
#[ignore = "release build, ~1 GB of memory: the scale run"]
fn peak_memory_of_one_batch() {
    let n = env_usize("GOVBLOCKS_SCALE_TRANSFERS", 100_000);
    let dir =
        std::env::temp_dir().join(format!("govblocks-payments-memory-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("batch.json");
    let bytes = batches::signed(3, n);
    std::fs::write(&path, &bytes).unwrap();
    let len = bytes.len() as u64;
    drop(bytes);
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_measures_memory",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(MEMORY_CHILD, &path)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("memory "))
        .unwrap_or_else(|| panic!("no figures: {stdout}"));
    let f: Vec<u64> = line
        .split(' ')
        .take(4)
        .map(|v| v.parse().unwrap())
        .collect();
    let (size, before, peak, micros) = (f[0], f[1], f[2], f[3]);
    assert_eq!(size, len);
    let used = peak.saturating_sub(before);
    let ratio = used as f64 / size as f64;
    eprintln!(
        "peak memory: {n} transfers, {:.1} MB of JSON; resident before reading {:.1} MB, peak \
         {:.1} MB: {:.1} MB for the batch = {ratio:.2}x its size (verified in {:.0} ms of CPU)",
        mb(size),
        mb(before),
        mb(peak),
        mb(used),
        micros as f64 / 1e3
    );
    assert!(ratio <= 3.0, "peak memory {ratio:.2}x the batch's size");
}

#[test]
#[ignore = "release build, about two minutes: the scale run"]
fn eighty_batches_on_two_cores() {
    let batches_n = env_usize("GOVBLOCKS_SCALE_BATCHES", 80);
    let n = env_usize("GOVBLOCKS_SCALE_TRANSFERS", 100_000);
    let threads = std::thread::available_parallelism().map_or(2, usize::from);
    let verifier = batches::verifier();
    let started = Instant::now();
    // Each batch is this one with its own message id and transfer ids.
    let template = batches::batch(99, n);
    let mut verifying = Duration::ZERO;
    let mut cpu_total = Duration::ZERO;
    // The most resident memory grew while a round verified (the set-up's freed memory, which
    // the allocator keeps, is in the resident figure but not in this).
    let mut growth = 0u64;
    let (mut bytes_total, mut transfers_total, mut peak_verifying) = (0u64, 0u64, 0u64);
    let mut tag = 0u32;
    while (tag as usize) < batches_n {
        // Set-up, not timed: one batch per core, built and signed in parallel.
        let round: Vec<u32> = (tag..(tag + threads as u32).min(batches_n as u32)).collect();
        tag += round.len() as u32;
        let signed: Vec<Vec<u8>> = std::thread::scope(|s| {
            let template = &template;
            let handles: Vec<_> = round
                .iter()
                .map(|&t| s.spawn(move || batches::sign(&batches::renamed(template, t + 100))))
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        // Timed: the round's batches verified, one per core.
        reset_peak();
        let resident = status_bytes("VmRSS");
        let t0 = Instant::now();
        let counts: Vec<(u64, Duration)> = std::thread::scope(|s| {
            let handles: Vec<_> = signed
                .iter()
                .map(|bytes| {
                    let verifier = &verifier;
                    s.spawn(move || {
                        let cpu = thread_cpu();
                        let verified = verifier.verify(bytes).unwrap();
                        let n = verified
                            .value()
                            .group_header
                            .number_of_transactions
                            .parse::<u64>()
                            .unwrap();
                        drop(verified);
                        (n, thread_cpu() - cpu)
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        verifying += t0.elapsed();
        peak_verifying = peak_verifying.max(status_bytes("VmHWM"));
        growth = growth.max(status_bytes("VmHWM").saturating_sub(resident));
        transfers_total += counts.iter().map(|c| c.0).sum::<u64>();
        cpu_total += counts.iter().map(|c| c.1).sum::<Duration>();
        bytes_total += signed.iter().map(|b| b.len() as u64).sum::<u64>();
    }
    let whole = started.elapsed();
    assert_eq!(transfers_total, (batches_n * n) as u64);
    eprintln!(
        "scale: {batches_n} batches of {n} transfers ({transfers_total} transfers, {:.0} MB of \
         JSON) verified on {threads} threads in {:.2} s ({:.0} ms per batch per core; {:.0} ms of \
         CPU per batch); peak resident memory while verifying {:.0} MB, of which at most {:.0} \
         MB ({:.1}x one batch) added by a round's verifying; whole run with set-up {:.1} s",
        mb(bytes_total),
        verifying.as_secs_f64(),
        verifying.as_secs_f64() * 1e3 * threads as f64 / batches_n as f64,
        cpu_total.as_secs_f64() * 1e3 / batches_n as f64,
        mb(peak_verifying),
        mb(growth),
        growth as f64 / (bytes_total as f64 / batches_n as f64),
        whole.as_secs_f64()
    );
    assert!(
        verifying <= Duration::from_secs(30) || batches_n * n < 8_000_000,
        "verifying took {verifying:?}"
    );
}
