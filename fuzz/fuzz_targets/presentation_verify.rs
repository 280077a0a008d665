//! Presentation verification of arbitrary bytes and of structured presentations; see `govblocks_identity::fuzzing::presentation_verify`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_identity::fuzzing::presentation_verify(data));
