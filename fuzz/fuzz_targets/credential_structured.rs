//! Credentials built from the input as a stream of choices, signed, maybe changed, verified; see `govblocks_identity::fuzzing::credential_structured`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_identity::fuzzing::credential_structured(data));
