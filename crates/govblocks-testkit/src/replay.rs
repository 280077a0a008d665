//! Replaying the fuzz corpora on stable Rust: the one harness behind every crate's
//! `tests/fuzz_corpus.rs`, so that core, identity and consent (and the blocks to come) replay
//! their targets the same way.
//!
//! Not part of the public API: hidden from the documentation and free to change in any release.
//!
//! A crate's replay test names its targets and, for each, a check of one input (`name`, bytes):
//! the fuzz property, plus what a seed's name promises (`accepted-*` verifies, `refused-*` does
//! not, …). [`replay`] runs the check over every file of `fuzz/corpus/<target>/` and
//! `fuzz/regressions/<target>/`, catching panics, and reports every failing file at once.
//! [`targets_calling`] lists the targets whose file calls a crate's fuzzing module, so a test
//! can insist that its table of targets is complete.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// `fuzz/` of the workspace, from a crate's `CARGO_MANIFEST_DIR` (`crates/<crate>`).
pub fn fuzz_dir(manifest_dir: &str) -> PathBuf {
    Path::new(manifest_dir).join("../../fuzz")
}

/// The files of `dir` but `README.md`, sorted; none if it does not exist.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

/// Runs `check(name, bytes)` on every seed and regression input of `target`. A check fails by
/// returning `Err` or panicking (fuzz properties panic, as a fuzzer expects). Returns how many
/// inputs were replayed, or a message naming every input that failed (and an empty corpus).
pub fn replay(
    fuzz_dir: &Path,
    target: &str,
    check: impl Fn(&str, &[u8]) -> Result<(), String>,
) -> Result<usize, String> {
    let corpus = files(&fuzz_dir.join("corpus").join(target));
    if corpus.is_empty() {
        return Err(format!("no seed corpus for fuzz target {target}"));
    }
    let regressions = files(&fuzz_dir.join("regressions").join(target));
    let mut failures = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = match std::fs::read(path) {
            Err(e) => Err(format!("cannot read: {e}")),
            // A panicking check leaves nothing of ours half-updated: each input is independent.
            Ok(data) => catch_unwind(AssertUnwindSafe(|| check(&name, &data)))
                .unwrap_or_else(|_| Err("panicked (the message is above)".to_owned())),
        };
        if let Err(why) = outcome {
            failures.push(format!("{}: {why}", path.display()));
        }
    }
    if failures.is_empty() {
        Ok(corpus.len() + regressions.len())
    } else {
        Err(format!(
            "fuzz target {target}: {} input(s) fail: {failures:#?}",
            failures.len()
        ))
    }
}

/// The names of the targets in `fuzz/fuzz_targets/` whose file calls `module` (such as
/// `"govblocks_consent::fuzzing::"`), sorted.
pub fn targets_calling(fuzz_dir: &Path, module: &str) -> Vec<String> {
    let mut names: Vec<String> = files(&fuzz_dir.join("fuzz_targets"))
        .into_iter()
        .filter(|path| std::fs::read_to_string(path).is_ok_and(|s| s.contains(module)))
        .filter_map(|path| path.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    names.sort();
    names
}
