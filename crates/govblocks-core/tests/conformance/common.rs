//! Shared test helpers: where the third-party vectors live.
#![allow(dead_code)]

use std::path::PathBuf;

/// The vectors kept in the repository, `tests/vectors/` of this crate (see its README.md).
pub const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");

/// `tests/vectors/<rel>`, or `<rel>` below `$GOVBLOCKS_VECTORS` when that is set.
pub fn vector_path(rel: &str) -> PathBuf {
    let root = std::env::var_os("GOVBLOCKS_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(VECTORS));
    root.join(rel)
}

/// The bytes of a vector file; panics with a clear message when the file is missing.
pub fn vector(rel: &str) -> Vec<u8> {
    let path = vector_path(rel);
    std::fs::read(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read test vector {} ({e}); the vectors live in crates/govblocks-core/tests/vectors \
             (or set GOVBLOCKS_VECTORS)",
            path.display()
        )
    })
}

/// A vector file as text, with a trailing newline trimmed.
pub fn vector_text(rel: &str) -> String {
    String::from_utf8(vector(rel))
        .expect("vector is UTF-8")
        .trim_end_matches(['\n', '\r'])
        .to_string()
}
