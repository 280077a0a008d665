//! What the CLI test files share: running the built `govblocks`, reading what it printed
//! (including the failure contract: one line of error JSON and its exit status), and a scratch
//! directory per test.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::json;
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// What one run of the command left behind.
pub struct Run {
    pub status: i32,
    pub stdout: Vec<u8>,
    pub stderr: String,
}

impl Run {
    pub fn text(&self) -> String {
        String::from_utf8(self.stdout.clone()).unwrap()
    }

    pub fn json(&self) -> Value {
        json::parse(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {:?}", self.text()))
    }

    /// Asserts success.
    pub fn ok(&self) -> &Self {
        assert_eq!(
            self.status,
            0,
            "stdout {:?}, stderr {:?}",
            String::from_utf8_lossy(&self.stdout),
            self.stderr
        );
        self
    }

    /// Asserts the failure contract (one line of error JSON on stdout, this exit status) and
    /// returns the error code.
    pub fn error_code(&self, status: i32) -> String {
        let text = self.text();
        assert_eq!(
            self.status, status,
            "exit status; stdout {text:?}, stderr {:?}",
            self.stderr
        );
        assert!(text.ends_with('\n'), "{text:?}");
        assert_eq!(text.matches('\n').count(), 1, "exactly one line: {text:?}");
        let v = self.json();
        let error = v["error"].as_object().expect("an error object");
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()));
        error["code"].as_str().unwrap().to_string()
    }
}

/// Runs `govblocks args…` with `stdin` (empty when `None`).
pub fn run_with(args: &[&str], stdin: Option<&[u8]>) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govblocks"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let input = stdin.unwrap_or_default().to_vec();
    // Written from a thread, so a command that prints before reading cannot deadlock.
    let writer = std::thread::spawn(move || {
        let _ = pipe.write_all(&input);
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        status: output.status.code().expect("exited, not killed"),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// Runs `govblocks args…` with nothing on stdin.
pub fn run(args: &[&str]) -> Run {
    run_with(args, None)
}

/// A scratch directory of its own for each test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// `<target tmp>/govblocks-cli/<tag>-<pid>`, empty.
    pub fn new(tag: &str) -> Self {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join("govblocks-cli")
            .join(format!("{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    pub fn path(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> String {
        let path = self.path(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
