//! Data Integrity verification of proof sets built from the input as a stream of choices
//! (date-times across the whole range, every offset, any clock and skew); see
//! `govblocks_core::fuzzing::verify_structured`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_core::fuzzing::verify_structured(data));
