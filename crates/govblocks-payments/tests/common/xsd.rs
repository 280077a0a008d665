//! Validation of pain.001 files against the official XSDs (`tests/vectors/iso20022/`) by an
//! independent validator, libxml2's `xmllint --schema`. Without xmllint the validation is
//! skipped with a notice, unless `GOVBLOCKS_REQUIRE_XMLLINT` is set (CI sets it, after
//! installing libxml2-utils), which makes a missing xmllint a failure.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The XSD of version `v` (`03` or `09`).
pub fn schema(v: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/iso20022")
        .join(format!("pain.001.001.{v}.xsd"))
}

/// Validates every file against the XSD of version `v` in one xmllint run; panics with
/// xmllint's report when one is invalid. `false` when xmllint is missing (and not required).
pub fn validate(v: &str, files: &[PathBuf]) -> bool {
    if Command::new("xmllint").arg("--version").output().is_err() {
        assert!(
            std::env::var_os("GOVBLOCKS_REQUIRE_XMLLINT").is_none(),
            "xmllint is required (GOVBLOCKS_REQUIRE_XMLLINT) and missing"
        );
        eprintln!("NOTICE: xmllint not found; skipping the XSD validation of pain.001 files");
        return false;
    }
    for chunk in files.chunks(500) {
        let out = Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(schema(v))
            .args(chunk)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "xmllint refused exported files (pain.001.001.{v}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    true
}

/// A fresh directory under the target directory for files to validate.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
