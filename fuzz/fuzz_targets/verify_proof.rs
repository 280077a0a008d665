//! Data Integrity verification (and sign then verify) of arbitrary bytes; see `govblocks_core::fuzzing::verify_proof`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_core::fuzzing::verify_proof(data));
