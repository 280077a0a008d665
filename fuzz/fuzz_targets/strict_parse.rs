//! Strict JSON parsing of arbitrary bytes; see `govblocks_core::fuzzing::strict_parse`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_core::fuzzing::strict_parse(data));
