//! The error codes are a contract with every program that matches on them: this test pins the
//! complete list, one code per line in `tests/error_codes.txt`, so that any change to the
//! contract shows up as a diff of that file in review.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn error_codes_are_pinned() {
    govblocks_core::error::assert_codes_pinned(
        include_str!("../error_codes.txt"),
        &[govblocks_core::Error::CODES],
        &[
            "did.",
            "document.",
            "encoding.",
            "json.",
            "jwe.",
            "jws.",
            "key.",
            "proof.",
            "schema.",
            "signer.",
            "time.",
            "trust.",
        ],
        true,
    );
}

#[test]
#[should_panic(expected = "not pinned")]
fn a_code_missing_from_the_pinned_list_fails() {
    let pinned = include_str!("../error_codes.txt").replace("proof.missing\n", "");
    govblocks_core::error::assert_codes_pinned(
        &pinned,
        &[govblocks_core::Error::CODES],
        &[""],
        true,
    );
}

#[test]
#[should_panic(expected = "also a core code")]
fn a_block_code_may_not_be_a_core_code() {
    govblocks_core::error::assert_codes_pinned(
        "proof.missing\n",
        &[&["proof.missing"]],
        &["proof."],
        false,
    );
}
