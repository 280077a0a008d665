//! Replays every fuzz corpus on stable Rust, through the very functions the fuzz targets call
//! (`govblocks_testkit::{core,identity,consent,payments,exchange}`), so a regression a fuzzer once found fails CI
//! without nightly.
//!
//! One test per target replays each file of `fuzz/corpus/<target>/` (the named, hand-made
//! seeds, and the inputs longer fuzzing runs grew, minimized with `cargo fuzz cmin` and named by
//! their SHA-1) and of `fuzz/regressions/<target>/` (crash inputs checked in after a fix), and
//! holds named seeds to what their name promises ([`replay::Verdict`]). Another checks that the
//! target files, the corpus directories and [`replay::TARGETS`] match one to one.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_testkit::replay::{self, TARGETS};

fn replay_target(name: &str) {
    let target = replay::target(name).unwrap_or_else(|| panic!("no target {name} in TARGETS"));
    let n =
        replay::replay(&replay::fuzz_dir(), target).unwrap_or_else(|failures| panic!("{failures}"));
    println!("{name}: {n} inputs replayed");
}

macro_rules! replays {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                replay_target(stringify!($name));
            }
        )*

        /// The targets with a test above, so that a row of TARGETS without one fails.
        const REPLAYED: &[&str] = &[$(stringify!($name)),*];
    };
}

replays!(
    strict_parse,
    canonicalize,
    verify_proof,
    jws_parse,
    jwe_parse,
    verify_structured,
    credential_verify,
    credential_structured,
    presentation_verify,
    status_list_decode,
    sd_jwt_verify,
    sd_jwt_status,
    consent_agreement,
    consent_revision,
    consent_chain,
    consent_proof,
    money_parse,
    iban_parse,
    batch_json,
    pain001_import,
    pain002_import,
    payment_shapes,
    envelope_verify,
    g2p_verify,
    xroad_id_parse,
    http_request_parse,
);

fn names_in(dir: &std::path::Path, dirs: bool) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_dir() == dirs && p.file_name().is_some_and(|n| n != "README.md"))
                .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

#[test]
fn every_fuzz_target_is_replayed() {
    let root = replay::fuzz_dir();
    let mut rows: Vec<String> = TARGETS.iter().map(|t| t.name.to_owned()).collect();
    rows.sort();
    let mut replayed: Vec<String> = REPLAYED.iter().map(|t| (*t).to_owned()).collect();
    replayed.sort();
    assert_eq!(
        rows, replayed,
        "TARGETS and the replay tests of this file differ"
    );
    assert_eq!(
        names_in(&root.join("fuzz_targets"), false),
        rows,
        "fuzz/fuzz_targets/ and TARGETS differ"
    );
    assert_eq!(
        names_in(&root.join("corpus"), true),
        rows,
        "fuzz/corpus/ and TARGETS differ"
    );
    for dir in names_in(&root.join("regressions"), true) {
        assert!(
            rows.contains(&dir),
            "fuzz/regressions/{dir} belongs to no fuzz target, so nothing replays it"
        );
    }
    // Each target file calls its own property, in the module TARGETS names.
    for target in TARGETS {
        let path = root
            .join("fuzz_targets")
            .join(format!("{}.rs", target.name));
        let source = std::fs::read_to_string(&path).unwrap();
        let call = format!("govblocks_testkit::{}::{}(", target.block, target.name);
        assert!(
            source.contains(&call),
            "{} does not call {call}…)",
            path.display()
        );
    }
    // And every target is a row of the index in fuzz/README.md.
    let index = std::fs::read_to_string(root.join("README.md")).unwrap();
    for target in TARGETS {
        assert!(
            index.contains(&format!("| `{}` |", target.name)),
            "fuzz/README.md has no row for {}",
            target.name
        );
    }
}

/// A seed check can fail: a `refused-*` name on an input that verifies is reported.
#[test]
fn a_broken_seed_promise_is_reported() {
    let target = replay::target("strict_parse").unwrap();
    assert!(replay::check(target, "bad-but-valid.json", b"{}").is_err());
    assert!(replay::check(target, "valid-but-bad.json", b"{").is_err());
    assert!(replay::check(target, "valid-ok.json", b"{}").is_ok());
    assert!(replay::check(target, "a1b2c3", b"{").is_ok());
}

/// A replay can fail: a property that panics on every input is reported, naming the inputs.
#[test]
fn a_broken_property_is_reported() {
    let broken = replay::Target {
        property: |_| panic!("a broken property"),
        ..*replay::target("jws_parse").unwrap()
    };
    let report = replay::replay(&replay::fuzz_dir(), &broken).unwrap_err();
    assert!(report.contains("panicked"), "{report}");
    assert!(report.contains("signed-"), "{report}");
}

/// The seed writer regenerates every generated seed byte for byte (so a change to a fixture or
/// to what a library writes shows here, not as a silently stale corpus).
#[test]
fn generated_seeds_match_the_corpus() {
    let scratch = std::env::temp_dir().join(format!("govblocks-seeds-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    govblocks_testkit::seeds::write_all(&scratch);
    let corpus = replay::fuzz_dir().join("corpus");
    let mut written = 0;
    let mut differ = Vec::new();
    for target in names_in(&scratch, true) {
        for path in replay::files(&scratch.join(&target)) {
            let name = path.file_name().unwrap();
            written += 1;
            if std::fs::read(&path).ok() != std::fs::read(corpus.join(&target).join(name)).ok() {
                differ.push(format!("{target}/{}", name.to_string_lossy()));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(written > 100, "only {written} seeds written");
    assert!(
        differ.is_empty(),
        "generated seeds differ from fuzz/corpus (regenerate with `cargo run -p govblocks-testkit --bin fuzz-seeds -- fuzz/corpus` if intended): {differ:#?}"
    );
}
