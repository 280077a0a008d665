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
use govblocks_core::fuzz_replay;
use std::path::PathBuf;

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
    fuzz_replay::fuzz_dir(env!("CARGO_MANIFEST_DIR"))
}

/// The property, then what the seed's name promises about its target's raw verdict.
fn check(target: &str, property: Property, name: &str, data: &[u8]) -> Result<(), String> {
    property(data).map_err(|violation| violation.to_string())?;
    match fuzzing::verdict(target, data) {
        Some(Err(code)) if name.starts_with("accepted-") => Err(format!("refused with {code}")),
        Some(Ok(())) if name.starts_with("refused-") => Err("accepted".to_owned()),
        _ => Ok(()),
    }
}

#[test]
fn fuzz_corpora_replay() {
    for (target, property) in TARGETS {
        let n = fuzz_replay::replay(&fuzz_dir(), target, |name, data| {
            check(target, *property, name, data)
        })
        .unwrap_or_else(|failures| panic!("{failures}"));
        println!("{target}: {n} inputs replayed");
    }
}

#[test]
fn every_consent_fuzz_target_is_replayed() {
    // A target belongs to the crate whose fuzzing module its file calls; this crate replays
    // exactly its own (govblocks-core's replay test checks that every target and corpus
    // directory belongs to some crate).
    let ours = fuzz_replay::targets_calling(&fuzz_dir(), "govblocks_consent::fuzzing::");
    let mut rows: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
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
