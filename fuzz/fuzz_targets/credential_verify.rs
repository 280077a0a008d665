//! Credential verification of arbitrary bytes (and sign then verify); see `govblocks_identity::fuzzing::credential_verify`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_identity::fuzzing::credential_verify(data));
