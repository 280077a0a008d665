//! RFC 8785 input/output pairs from the RFC author's test suite (cyberphone/json-canonicalization
//! `testdata/`, see tests/vectors/rfc8785-jcs/SOURCE.md): each input must canonicalize to its
//! output byte for byte.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::jcs;
use std::path::PathBuf;

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/rfc8785-jcs");

const NAMES: [&str; 6] = [
    "arrays",
    "french",
    "structures",
    "unicode",
    "values",
    "weird",
];

fn read(dir: &str, name: &str) -> Vec<u8> {
    let path: PathBuf = [VECTORS, dir, &format!("{name}.json")].iter().collect();
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn all_six_vectors_are_byte_exact() {
    for name in NAMES {
        let input = read("input", name);
        let expected = read("output", name);
        let value: serde_json::Value = serde_json::from_slice(&input).unwrap();
        let got = jcs::canonicalize(&value);
        assert_eq!(
            String::from_utf8_lossy(&got),
            String::from_utf8_lossy(&expected),
            "vector {name}"
        );
        assert_eq!(got, expected, "vector {name}");

        // The same bytes through the other entry points.
        assert_eq!(
            jcs::canonicalize_to_string(&value).as_bytes(),
            &expected[..]
        );
        let mut appended = b"prefix".to_vec();
        jcs::canonicalize_into(&value, &mut appended);
        assert_eq!(&appended[6..], &expected[..]);

        // Canonical output is a fixed point.
        let again: serde_json::Value = serde_json::from_slice(&expected).unwrap();
        assert_eq!(
            jcs::canonicalize(&again),
            expected,
            "vector {name} (fixed point)"
        );
    }
}

#[test]
fn vector_directory_has_exactly_these_six() {
    let mut found: Vec<String> = std::fs::read_dir(format!("{VECTORS}/input"))
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    found.sort();
    assert_eq!(found, NAMES);
}
