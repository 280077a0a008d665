//! Record chains from arbitrary bytes and built through the consent service from lifecycle events, maybe tampered with; see `govblocks_consent::fuzzing::consent_chain`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = govblocks_consent::fuzzing::consent_chain(data) {
        panic!("{violation}");
    }
});
