//! Compact JWS parsing and verification (and sign then verify) of arbitrary bytes; see `govblocks_core::fuzzing::jws_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_core::fuzzing::jws_parse(data));
