//! Replays the identity fuzz corpora on stable Rust, through the very functions the fuzz targets
//! call (`govblocks_identity::fuzzing`), so a regression a fuzzer once found fails CI without
//! nightly (as `crates/govblocks-core/tests/fuzz_corpus.rs` does for core).
//!
//! For every target in [`TARGETS`] it replays each file of `fuzz/corpus/<target>/` and of
//! `fuzz/regressions/<target>/`. Seeds of `credential_verify` and `presentation_verify` named
//! `accepted-*` must also verify, seeds named `refused-*` must not (the seeds are written by
//! `cargo run -p govblocks-identity --example fuzz_seeds -- fuzz/corpus`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_identity::fuzzing::{self, CHALLENGE, DOMAIN};
use std::path::{Path, PathBuf};

/// A property of `govblocks_identity::fuzzing`: panics only when violated.
type Property = fn(&[u8]);

/// Fuzz target name (the directory under `fuzz/corpus/` and `fuzz/regressions/`) and the
/// property it checks. Adding a target is one line here.
const TARGETS: &[(&str, Property)] = &[
    ("credential_verify", fuzzing::credential_verify),
    ("credential_structured", fuzzing::credential_structured),
    ("presentation_verify", fuzzing::presentation_verify),
    ("status_list_decode", fuzzing::status_list_decode),
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

/// Whether a named seed verifies under the fuzzing module's verifiers (`None`: no verdict
/// expected of this target).
fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "credential_verify" => Some(
            fuzzing::credential_verifier()
                .verify(data)
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        "presentation_verify" => Some(
            fuzzing::presentation_verifier()
                .verify(data, CHALLENGE, DOMAIN)
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        _ => None,
    }
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
            match verdict(target, &data) {
                Some(Err(code)) if name.starts_with("accepted-") => {
                    panic!("{name}: refused with {code}")
                }
                Some(Ok(())) if name.starts_with("refused-") => panic!("{name}: accepted"),
                Some(Err(code)) => println!("{target}/{name}: {code}"),
                _ => {}
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
fn every_identity_fuzz_target_is_replayed() {
    // A target belongs to the crate whose fuzzing module its file calls; this crate replays
    // exactly its own (govblocks-core's replay test checks that every target and corpus
    // directory belongs to some crate).
    let targets = files(&fuzz_dir().join("fuzz_targets"));
    assert!(!targets.is_empty());
    let mut ours = Vec::new();
    for path in targets {
        let source = std::fs::read_to_string(&path).unwrap();
        if source.contains("govblocks_identity::fuzzing::") {
            ours.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    let mut rows: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    ours.sort();
    rows.sort();
    assert_eq!(
        ours, rows,
        "the identity fuzz targets and the rows of TARGETS differ"
    );
}
