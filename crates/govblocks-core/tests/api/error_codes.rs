//! The error codes are a contract with every program that matches on them: this test pins the
//! complete list, one code per line in `tests/error_codes.txt`, so that any change to the
//! contract shows up as a diff of that file in review.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn error_codes_are_pinned() {
    let pinned = include_str!("../error_codes.txt");
    let pinned: Vec<&str> = pinned.lines().filter(|l| !l.is_empty()).collect();
    assert_eq!(
        pinned,
        govblocks_core::error::CODES,
        "the error codes changed: update tests/error_codes.txt in the same change, on purpose"
    );
}
