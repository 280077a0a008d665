//! Replays the consent fuzz corpora on stable Rust, through the very functions the fuzz targets
//! call (`govblocks_consent::fuzzing`), so a regression a fuzzer once found fails CI without
//! nightly (as `crates/govblocks-core/tests/fuzz_corpus.rs` does for core).
//!
//! For every target in [`TARGETS`] it replays each file of `fuzz/corpus/<target>/` and of
//! `fuzz/regressions/<target>/`. Seeds named `accepted-*` must also verify as raw input of their
//! target ([`fuzzing::verdict`]), seeds named `refused-*` must not (the seeds are written by
//! `cargo run -p govblocks-consent --example fuzz_seeds -- fuzz/corpus`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_consent::fuzzing;
use std::path::{Path, PathBuf};

/// A property of `govblocks_consent::fuzzing`: `Err` only when violated.
type Property = fn(&[u8]) -> fuzzing::Outcome;

/// Fuzz target name (the directory under `fuzz/corpus/` and `fuzz/regressions/`) and the
/// property it checks. Adding a target is one line here; a test fails if a target of
/// `fuzz/fuzz_targets/` that calls `govblocks_consent::fuzzing` has no row.
const TARGETS: &[(&str, Property)] = &[
    ("consent_agreement", fuzzing::consent_agreement),
    ("consent_revision", fuzzing::consent_revision),
    ("consent_chain", fuzzing::consent_chain),
    ("consent_proof", fuzzing::consent_proof),
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
            if let Err(violation) = property(&data) {
                panic!("{name}: {violation}");
            }
            match fuzzing::verdict(target, &data) {
                Some(Err(code)) if name.starts_with("accepted-") => {
                    panic!("{name}: refused with {code}")
                }
                Some(Ok(())) if name.starts_with("refused-") => panic!("{name}: accepted"),
                Some(Err(code)) if name.starts_with("refused-") => {
                    println!("{target}/{name}: {code}")
                }
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
fn every_consent_fuzz_target_is_replayed() {
    // A target belongs to the crate whose fuzzing module its file calls; this crate replays
    // exactly its own (govblocks-core's replay test checks that every target and corpus
    // directory belongs to some crate).
    let targets = files(&fuzz_dir().join("fuzz_targets"));
    assert!(!targets.is_empty());
    let mut ours = Vec::new();
    for path in targets {
        let source = std::fs::read_to_string(&path).unwrap();
        if source.contains("govblocks_consent::fuzzing::") {
            ours.push(path.file_stem().unwrap().to_string_lossy().into_owned());
        }
    }
    let mut rows: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    ours.sort();
    rows.sort();
    assert_eq!(
        ours, rows,
        "the consent fuzz targets and the rows of TARGETS differ"
    );
}

/// A quick sweep of the structured properties over pseudo-random choices (the fuzzers go
/// further; this keeps a broken generator from reaching the corpus unnoticed).
#[test]
fn structured_properties_hold_on_random_choices() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..40 {
        let len = (next() % 48) as usize;
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        for (target, property) in TARGETS {
            if let Err(violation) = property(&data) {
                panic!("{target}, round {round}, input {data:02x?}: {violation}");
            }
        }
    }
}
