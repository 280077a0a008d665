//! See `govblocks_testkit::core::jwe_parse` (its first doc line is the property) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_testkit::core::jwe_parse(data));
