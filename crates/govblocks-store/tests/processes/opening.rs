//! Opening a store from many processes and as another user.
//!
//! * `many_processes_create_one_missing_file`: 3 rounds of 40 processes open (creating) the
//!   same missing file at the same moment; every one must open it (the file is identified in
//!   one read transaction and created in one `BEGIN IMMEDIATE` transaction that identifies it
//!   again, so none sees a half-made file as "another application's").
//! * `a_store_in_a_read_only_directory_can_be_read`: an unprivileged user (uid 65534, through
//!   `setpriv`, since root ignores permissions) checks a store in a directory it may not write
//!   to; the file is byte-identical afterwards and nothing is created beside it.

use super::{child, line_starting, stderr};
use crate::suite::sqlite::{open_log, open_log_with};
use crate::suite::{grow, TempDir};
use govblocks_store::log::sqlite::SqliteLogOptions;
use govblocks_store::log::Log;
use govblocks_store::sqlite_file::{Access, OpenOptions};
use std::io::{BufReader, Write};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const CREATE_CHILD: &str = "GOVBLOCKS_STORE_CREATE_CHILD";
const CREATE_GO: &str = "GOVBLOCKS_STORE_CREATE_GO";
const READER_CHILD: &str = "GOVBLOCKS_STORE_READER_CHILD";

/// The creator: waits for the go signal, then opens (creating) the file.
#[test]
fn child_creator() {
    let Ok(path) = std::env::var(CREATE_CHILD) else {
        return;
    };
    let go = std::env::var(CREATE_GO).unwrap();
    let mut out = std::io::stdout().lock();
    writeln!(out, "\nready").unwrap();
    out.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !Path::new(&go).exists() {
        assert!(Instant::now() < deadline, "no go signal");
        std::thread::sleep(Duration::from_micros(200));
    }
    match open_log(&path) {
        Ok(_) => writeln!(out, "result ok").unwrap(),
        Err(e) => writeln!(out, "result {}: {e}", e.code()).unwrap(),
    }
    out.flush().unwrap();
}

#[test]
fn many_processes_create_one_missing_file() {
    const PROCESSES: usize = 40;
    let dir = TempDir::new("store-create-race");
    let mut failures = Vec::new();
    for round in 0..3 {
        let path = dir.path().join(format!("created-{round}.log"));
        let go = dir.path().join(format!("go-{round}"));
        let (path_text, go_text) = (path.to_str().unwrap(), go.to_str().unwrap());
        let mut creators: Vec<_> = (0..PROCESSES)
            .map(|_| {
                let mut proc = child(
                    "opening::child_creator",
                    &[(CREATE_CHILD, path_text), (CREATE_GO, go_text)],
                );
                let stdout = BufReader::new(proc.stdout.take().unwrap());
                (proc, stdout)
            })
            .collect();
        for (proc, stdout) in &mut creators {
            if line_starting(stdout, "ready").is_none() {
                panic!("creator died: {}", stderr(proc));
            }
        }
        std::fs::write(&go, b"go").unwrap();
        for (proc, stdout) in &mut creators {
            let line = line_starting(stdout, "result ");
            let status = proc.wait().unwrap();
            assert!(status.success(), "creator failed: {}", stderr(proc));
            let result = line.unwrap()["result ".len()..].to_owned();
            if result != "ok" {
                failures.push(format!("round {round}: {result}"));
            }
        }
        open_log(&path).unwrap();
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed: {failures:?}",
        failures.len(),
        3 * PROCESSES
    );
}

/// The reader: opens the store read-only and checks it.
#[test]
fn child_reader() {
    let Ok(path) = std::env::var(READER_CHILD) else {
        return;
    };
    let options =
        SqliteLogOptions::default().with_file(OpenOptions::default().with_access(Access::ReadOnly));
    let mut out = std::io::stdout().lock();
    match open_log_with(&path, options) {
        Ok(log) => {
            let report = log.check().unwrap();
            writeln!(
                out,
                "\nresult ok entries={} immutable={}",
                report.entries,
                log.is_immutable()
            )
            .unwrap();
        }
        Err(e) => writeln!(out, "\nresult {}: {e}", e.code()).unwrap(),
    }
    out.flush().unwrap();
}

/// How to run a command as an unprivileged user, or why it cannot be done here.
fn unprivileged() -> Result<Vec<String>, String> {
    // SAFETY-free check of the effective user: `id -u`.
    let uid = Command::new("id")
        .arg("-u")
        .output()
        .map_err(|e| format!("cannot run id: {e}"))?;
    let uid = String::from_utf8_lossy(&uid.stdout).trim().to_owned();
    if uid != "0" {
        // Already unprivileged: permissions apply as they are.
        return Ok(Vec::new());
    }
    let probe = Command::new("setpriv")
        .args(["--reuid=65534", "--regid=65534", "--clear-groups", "true"])
        .status();
    match probe {
        Ok(status) if status.success() => Ok(vec![
            "setpriv".into(),
            "--reuid=65534".into(),
            "--regid=65534".into(),
            "--clear-groups".into(),
        ]),
        Ok(status) => Err(format!("setpriv cannot drop privileges here ({status})")),
        Err(e) => Err(format!("setpriv is not available ({e})")),
    }
}

#[test]
fn a_store_in_a_read_only_directory_can_be_read() {
    let prefix = match unprivileged() {
        Ok(prefix) => prefix,
        Err(reason) => {
            eprintln!("NOTICE: no way to drop privileges, test skipped: {reason}");
            return;
        }
    };
    let dir = TempDir::new("store-read-only-dir");
    let store_dir = dir.path().join("readonly");
    std::fs::create_dir(&store_dir).unwrap();
    let path = store_dir.join("ro.log");
    {
        let log = open_log(&path).unwrap();
        grow(&log, "a", "alice", 3);
        grow(&log, "b", "bob", 2);
    }
    let before = std::fs::read(&path).unwrap();
    let listing = || {
        let mut names: Vec<String> = std::fs::read_dir(&store_dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    assert_eq!(listing(), ["ro.log"]);
    use std::os::unix::fs::PermissionsExt;
    // Readable and traversable by everyone, writable by no one but root (who is not the
    // reader); the file readable by everyone.
    for d in [dir.path(), store_dir.as_path()] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o555)).unwrap();
    }
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let exe = std::env::current_exe().unwrap();
    let mut command = match prefix.split_first() {
        Some((program, args)) => {
            let mut c = Command::new(program);
            c.args(args).arg(&exe);
            c
        }
        None => Command::new(&exe),
    };
    let output = command
        .args([
            "--exact",
            "opening::child_reader",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(READER_CHILD, &path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    for d in [dir.path(), store_dir.as_path()] {
        std::fs::set_permissions(d, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    assert!(
        output.status.success(),
        "reader failed: {text} {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let result = text
        .lines()
        .find_map(|l| l.strip_prefix("result "))
        .unwrap_or_else(|| panic!("no result: {text}"));
    assert_eq!(result, "ok entries=5 immutable=true", "{text}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(listing(), ["ro.log"]);
}
