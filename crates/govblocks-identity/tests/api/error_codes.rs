//! The identity error codes are a contract: pinned here, one per line in `error_codes.txt`, so a
//! change shows up as a diff of that file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[test]
fn error_codes_are_pinned() {
    govblocks_core::error::assert_codes_pinned(
        include_str!("../error_codes.txt"),
        &[govblocks_identity::Error::CODES],
        &[
            "credential.",
            "foundational_id.",
            "presentation.",
            "sdjwt.",
            "sdjwtvc.",
            "status_list.",
        ],
        false,
    );
}
