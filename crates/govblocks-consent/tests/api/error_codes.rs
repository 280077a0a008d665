//! The consent error codes are a contract: pinned here, one per line in `error_codes.txt`, so a
//! change shows up as a diff of that file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn error_codes_are_pinned() {
    let pinned: Vec<&str> = include_str!("../error_codes.txt")
        .lines()
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(
        pinned,
        govblocks_consent::error::CODES,
        "the consent error codes changed: update tests/error_codes.txt on purpose"
    );
    let mut sorted = pinned.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted, pinned, "sorted and distinct");
    // Block codes never collide with core's.
    for code in govblocks_consent::error::CODES {
        assert!(code.starts_with("consent."), "{code}");
        assert!(!govblocks_core::error::CODES.contains(code), "{code}");
    }
}
