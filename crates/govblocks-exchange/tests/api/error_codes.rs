//! The exchange error codes are a contract: pinned here, one per line in `error_codes.txt`, so
//! a change shows up as a diff of that file.

#[test]
fn error_codes_are_pinned() {
    govblocks_core::error::assert_codes_pinned(
        include_str!("../error_codes.txt"),
        &[govblocks_exchange::Error::CODES],
        &["exchange."],
        false,
    );
}

#[test]
fn a_core_error_keeps_its_code() {
    let core = govblocks_core::json::parse(b"{\"a\":1,\"a\":2}").unwrap_err();
    let wrapped = govblocks_exchange::Error::from(core);
    assert_eq!(wrapped.code(), "json.duplicate_key");
}
