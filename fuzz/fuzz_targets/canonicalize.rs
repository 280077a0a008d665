//! Parse, canonicalize, re-parse, re-canonicalize; see
//! `govblocks_core::fuzzing::canonicalize_roundtrip`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_core::fuzzing::canonicalize_roundtrip(data));
