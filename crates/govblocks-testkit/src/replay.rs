//! Replaying the fuzz corpora on stable Rust: every target of [`TARGETS`] over every file of
//! `fuzz/corpus/<target>/` and `fuzz/regressions/<target>/`, through the very function its fuzz
//! target calls, so a regression a fuzzer once found fails `cargo test` without nightly.
//!
//! A check of one input is the property (it panics when broken), then what the seed's name
//! promises ([`Verdict`]: `accepted-*` verifies, `refused-*` does not, …). [`replay`] runs it
//! over every file of a target, catching panics, and reports every failing file at once.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

/// What a seed's name promises about its input, judged by `check` (`Ok` when the input is
/// accepted, the code or reason otherwise).
#[derive(Debug, Clone, Copy)]
pub struct Verdict {
    /// Seeds named with this prefix must be accepted.
    pub accepted: &'static str,
    /// Seeds named with this prefix must be refused.
    pub refused: &'static str,
    /// Whether the raw input is accepted.
    pub check: fn(&[u8]) -> Result<(), String>,
}

/// A fuzz target: its name (the file `fuzz/fuzz_targets/NAME.rs` and the directories under
/// `fuzz/corpus/` and `fuzz/regressions/`), the block whose module holds its property, the
/// property, and what its named seeds promise.
#[derive(Debug, Clone, Copy)]
pub struct Target {
    /// The target's name, also the property's.
    pub name: &'static str,
    /// The module of this crate holding the property (`core`, `identity`, `consent`, `payments`, `exchange`).
    pub block: &'static str,
    /// The property: panics only when broken.
    pub property: fn(&[u8]),
    /// What named seeds promise, if anything.
    pub verdict: Option<Verdict>,
}

/// Strict parsing is the judge of core's `valid-*` and `bad-*` seeds, whatever their target.
fn parses(data: &[u8]) -> Result<(), String> {
    govblocks_core::json::parse(data)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

const PARSES: Option<Verdict> = Some(Verdict {
    accepted: "valid-",
    refused: "bad-",
    check: parses,
});

macro_rules! verdict_of {
    ($block:ident, $name:literal) => {
        Some(Verdict {
            accepted: "accepted-",
            refused: "refused-",
            check: |data| match crate::$block::verdict($name, data) {
                Some(Ok(())) => Ok(()),
                Some(Err(code)) => Err(code.to_owned()),
                None => Err(format!("no verdict for {}", $name)),
            },
        })
    };
}

macro_rules! target {
    ($block:ident, $name:ident, $verdict:expr) => {
        Target {
            name: stringify!($name),
            block: stringify!($block),
            property: crate::$block::$name,
            verdict: $verdict,
        }
    };
}

/// Every fuzz target. Adding one is one row here (and see the crate documentation).
pub const TARGETS: &[Target] = &[
    target!(core, strict_parse, PARSES),
    target!(core, canonicalize, PARSES),
    target!(core, verify_proof, PARSES),
    target!(core, jws_parse, PARSES),
    target!(
        core,
        jwe_parse,
        Some(Verdict {
            accepted: "accepted-",
            refused: "refused-",
            check: crate::core::jwe_verdict,
        })
    ),
    target!(core, verify_structured, PARSES),
    target!(
        identity,
        credential_verify,
        verdict_of!(identity, "credential_verify")
    ),
    target!(identity, credential_structured, None),
    target!(
        identity,
        presentation_verify,
        verdict_of!(identity, "presentation_verify")
    ),
    target!(identity, status_list_decode, None),
    target!(
        identity,
        sd_jwt_verify,
        verdict_of!(identity, "sd_jwt_verify")
    ),
    target!(
        identity,
        sd_jwt_status,
        verdict_of!(identity, "sd_jwt_status")
    ),
    target!(
        consent,
        consent_agreement,
        verdict_of!(consent, "consent_agreement")
    ),
    target!(
        consent,
        consent_revision,
        verdict_of!(consent, "consent_revision")
    ),
    target!(
        consent,
        consent_chain,
        verdict_of!(consent, "consent_chain")
    ),
    target!(
        consent,
        consent_proof,
        verdict_of!(consent, "consent_proof")
    ),
    target!(payments, money_parse, verdict_of!(payments, "money_parse")),
    target!(payments, iban_parse, verdict_of!(payments, "iban_parse")),
    target!(payments, batch_json, verdict_of!(payments, "batch_json")),
    target!(
        payments,
        pain001_import,
        verdict_of!(payments, "pain001_import")
    ),
    target!(
        payments,
        pain002_import,
        verdict_of!(payments, "pain002_import")
    ),
    target!(
        payments,
        payment_shapes,
        verdict_of!(payments, "payment_shapes")
    ),
    target!(
        exchange,
        envelope_verify,
        verdict_of!(exchange, "envelope_verify")
    ),
    target!(exchange, g2p_verify, verdict_of!(exchange, "g2p_verify")),
    target!(
        exchange,
        xroad_id_parse,
        verdict_of!(exchange, "xroad_id_parse")
    ),
    target!(
        exchange,
        http_request_parse,
        verdict_of!(exchange, "http_request_parse")
    ),
];

/// The target named `name`.
pub fn target(name: &str) -> Option<&'static Target> {
    TARGETS.iter().find(|t| t.name == name)
}

/// `fuzz/` of the workspace.
pub fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz")
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

/// The property on one input, then what its name promises.
pub fn check(target: &Target, name: &str, data: &[u8]) -> Result<(), String> {
    (target.property)(data);
    let Some(verdict) = target.verdict else {
        return Ok(());
    };
    if name.starts_with(verdict.accepted) {
        (verdict.check)(data).map_err(|why| format!("refused ({why})"))
    } else if name.starts_with(verdict.refused) {
        match (verdict.check)(data) {
            Ok(()) => Err("accepted".to_owned()),
            Err(_) => Ok(()),
        }
    } else {
        Ok(())
    }
}

/// Runs [`check`] on every seed and regression input of `target` under `fuzz_dir`. Returns how
/// many inputs were replayed, or a message naming every input that failed (and an empty
/// corpus).
pub fn replay(fuzz_dir: &Path, target: &Target) -> Result<usize, String> {
    let corpus = files(&fuzz_dir.join("corpus").join(target.name));
    if corpus.is_empty() {
        return Err(format!("no seed corpus for fuzz target {}", target.name));
    }
    let regressions = files(&fuzz_dir.join("regressions").join(target.name));
    let mut failures = Vec::new();
    for path in corpus.iter().chain(&regressions) {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let outcome = match std::fs::read(path) {
            Err(e) => Err(format!("cannot read: {e}")),
            // A panicking check leaves nothing half-updated: each input is independent.
            Ok(data) => catch_unwind(AssertUnwindSafe(|| check(target, &name, &data)))
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
            "fuzz target {}: {} input(s) fail: {failures:#?}",
            target.name,
            failures.len()
        ))
    }
}
