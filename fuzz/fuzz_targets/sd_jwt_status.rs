//! See `govblocks_testkit::identity::sd_jwt_status` (its first doc line is the property) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_testkit::identity::sd_jwt_status(data));
