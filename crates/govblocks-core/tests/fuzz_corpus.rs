//! Replays the fuzz corpora on stable Rust, through the very functions the fuzz targets call
//! (`govblocks_core::fuzzing`), so a regression a fuzzer once found fails CI without nightly.
//!
//! For every target in [`TARGETS`] it replays each file of `fuzz/corpus/<target>/` (the named,
//! hand-made seeds, and the inputs longer fuzzing runs grew, minimized with `cargo fuzz cmin`
//! and named by their SHA-1) and of `fuzz/regressions/<target>/` (crash inputs checked in after
//! a fix). Seeds named `valid-*` must also parse strictly, seeds named `bad-*` must not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// A property of `govblocks_core::fuzzing`: panics only when violated.
type Property = fn(&[u8]);

/// Fuzz target name (the directory under `fuzz/corpus/` and `fuzz/regressions/`) and the
/// property it checks. Adding a target is one line here.
const TARGETS: &[(&str, Property)] = &[
    ("strict_parse", govblocks_core::fuzzing::strict_parse),
    (
        "canonicalize",
        govblocks_core::fuzzing::canonicalize_roundtrip,
    ),
    ("verify_proof", govblocks_core::fuzzing::verify_proof),
    ("jws_parse", govblocks_core::fuzzing::jws_parse),
    (
        "verify_structured",
        govblocks_core::fuzzing::verify_structured,
    ),
];

/// The fuzz targets of govblocks-identity, whose corpora its own replay test
/// (`crates/govblocks-identity/tests/fuzz_corpus.rs`) replays through
/// `govblocks_identity::fuzzing`; core cannot depend on that crate.
const IDENTITY_TARGETS: &[&str] = &[
    "credential_verify",
    "credential_structured",
    "presentation_verify",
    "status_list_decode",
];

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
}

/// The files of `dir`, sorted; none if it does not exist.
fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.file_name().is_some_and(|n| n != "README.md"))
        .collect();
    files.sort();
    files
}

fn replay(target: &str, property: Property) -> usize {
    let corpus = files(&fuzz_dir().join("corpus").join(target));
    assert!(
        !corpus.is_empty(),
        "no seed corpus for fuzz target {target}"
    );
    let regressions = files(&fuzz_dir().join("regressions").join(target));
    let mut failures = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let data = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let outcome = std::panic::catch_unwind(|| {
            property(&data);
            let parsed = govblocks_core::json::parse(&data);
            if name.starts_with("valid-") {
                if let Err(e) = parsed {
                    panic!("valid seed rejected: {e}");
                }
            } else if name.starts_with("bad-") && parsed.is_ok() {
                panic!("bad seed accepted");
            }
        });
        if outcome.is_err() {
            failures.push(path.display().to_string());
        }
    }
    assert!(
        failures.is_empty(),
        "fuzz target {target}: {} input(s) fail (the panic messages are above): {failures:#?}",
        failures.len()
    );
    corpus.len() + regressions.len()
}

#[test]
fn fuzz_corpora_replay() {
    for (target, property) in TARGETS {
        let start = std::time::Instant::now();
        let n = replay(target, *property);
        println!("{target}: {n} inputs replayed in {:.1?}", start.elapsed());
    }
}

#[test]
fn every_fuzz_target_is_replayed() {
    // Each fuzz target binary must have a row in TARGETS (and so a corpus replay).
    let targets = files(&fuzz_dir().join("fuzz_targets"));
    assert!(!targets.is_empty());
    for path in targets {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            TARGETS.iter().any(|(t, _)| *t == name) || IDENTITY_TARGETS.contains(&name.as_str()),
            "fuzz target {name} has no row in TARGETS"
        );
    }
}
