//! Replays the identity fuzz corpora on stable Rust, through the very functions the fuzz targets
//! call (`govblocks_identity::fuzzing`), so a regression a fuzzer once found fails CI without
//! nightly (as `crates/govblocks-core/tests/fuzz_corpus.rs` does for core).
//!
//! For every target in [`TARGETS`] it replays each file of `fuzz/corpus/<target>/` and of
//! `fuzz/regressions/<target>/`. Seeds of `credential_verify` and `presentation_verify` named
//! `accepted-*` must also verify, seeds named `refused-*` must not (the seeds are written by
//! `cargo run -p govblocks-identity --example fuzz_seeds -- fuzz/corpus`).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::fuzz_replay;
use govblocks_identity::fuzzing::{self, CHALLENGE, DOMAIN};
use std::path::PathBuf;

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
    fuzz_replay::fuzz_dir(env!("CARGO_MANIFEST_DIR"))
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

/// The property (it panics when violated), then what the seed's name promises.
fn check(target: &str, property: Property, name: &str, data: &[u8]) -> Result<(), String> {
    property(data);
    match verdict(target, data) {
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
fn every_identity_fuzz_target_is_replayed() {
    // A target belongs to the crate whose fuzzing module its file calls; this crate replays
    // exactly its own (govblocks-core's replay test checks that every target and corpus
    // directory belongs to some crate).
    let ours = fuzz_replay::targets_calling(&fuzz_dir(), "govblocks_identity::fuzzing::");
    let mut rows: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    rows.sort();
    assert_eq!(
        ours, rows,
        "the identity fuzz targets and the rows of TARGETS differ"
    );
}
