//! Replays the fuzz corpora on stable Rust, through the very functions the fuzz targets call
//! (`govblocks_core::fuzzing`), so a regression a fuzzer once found fails CI without nightly.
//!
//! For every target in [`TARGETS`] it replays each file of `fuzz/corpus/<target>/` (the named,
//! hand-made seeds, and the inputs longer fuzzing runs grew, minimized with `cargo fuzz cmin`
//! and named by their SHA-1) and of `fuzz/regressions/<target>/` (crash inputs checked in after
//! a fix). Seeds named `valid-*` must also parse strictly, seeds named `bad-*` must not.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::fuzz_replay;
use std::path::PathBuf;

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

fn fuzz_dir() -> PathBuf {
    fuzz_replay::fuzz_dir(env!("CARGO_MANIFEST_DIR"))
}

/// The property (it panics when violated), then what the seed's name promises: `valid-*`
/// parses strictly, `bad-*` does not.
fn check(property: Property, name: &str, data: &[u8]) -> Result<(), String> {
    property(data);
    let parsed = govblocks_core::json::parse(data);
    match parsed {
        Err(e) if name.starts_with("valid-") => Err(format!("valid seed rejected: {e}")),
        Ok(_) if name.starts_with("bad-") => Err("bad seed accepted".to_owned()),
        _ => Ok(()),
    }
}

#[test]
fn fuzz_corpora_replay() {
    for (target, property) in TARGETS {
        let n = fuzz_replay::replay(&fuzz_dir(), target, |name, data| {
            check(*property, name, data)
        })
        .unwrap_or_else(|failures| panic!("{failures}"));
        println!("{target}: {n} inputs replayed");
    }
}

/// The crate whose fuzzing module the target file `fuzz_targets/NAME.rs` calls
/// (`govblocks_identity::fuzzing::…` belongs to `govblocks-identity`), if it names one.
fn owner(source: &str) -> Option<String> {
    let start = source.find("govblocks_")?;
    let rest = source.get(start..)?;
    let end = rest.find("::fuzzing::")?;
    let name = rest.get(..end)?;
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
        .then(|| name.replace('_', "-"))
}

#[test]
fn every_fuzz_target_is_replayed() {
    // Each crate replays its own targets (those whose file calls its fuzzing module) in its
    // own `tests/fuzz_corpus.rs`; core cannot depend on the other crates, so here it checks that
    // every target belongs to a crate that has such a test naming it, that core's own targets
    // are exactly the rows of TARGETS, and that no corpus or regression directory is left
    // without a target (and so without a replay).
    let root = fuzz_dir();
    let targets = fuzz_replay::files(&root.join("fuzz_targets"));
    assert!(!targets.is_empty());
    let mut core = Vec::new();
    let mut names = Vec::new();
    for path in targets {
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let source = std::fs::read_to_string(&path).unwrap();
        let owner = owner(&source)
            .unwrap_or_else(|| panic!("fuzz target {name} calls no govblocks_*::fuzzing function"));
        if owner == "govblocks-core" {
            core.push(name.clone());
        } else {
            let test = root
                .join("../crates")
                .join(&owner)
                .join("tests/fuzz_corpus.rs");
            let replay = std::fs::read_to_string(&test).unwrap_or_else(|_| {
                panic!("fuzz target {name} belongs to {owner}, which has no tests/fuzz_corpus.rs")
            });
            assert!(
                replay.contains(&format!("(\"{name}\"")),
                "fuzz target {name} has no row in TARGETS of {}",
                test.display()
            );
        }
        names.push(name);
    }
    let mut rows: Vec<String> = TARGETS.iter().map(|(t, _)| (*t).to_owned()).collect();
    core.sort();
    rows.sort();
    assert_eq!(
        core, rows,
        "core's fuzz targets and the rows of TARGETS differ"
    );
    for area in ["corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(area)) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                let dir = path.file_name().unwrap().to_string_lossy().into_owned();
                assert!(
                    names.contains(&dir),
                    "fuzz/{area}/{dir} belongs to no fuzz target, so no crate replays it"
                );
            }
        }
    }
}
