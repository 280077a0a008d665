//! Agreement verification of arbitrary bytes and of agreements built from the input as choices; see `govblocks_consent::fuzzing::consent_agreement`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = govblocks_consent::fuzzing::consent_agreement(data) {
        panic!("{violation}");
    }
});
