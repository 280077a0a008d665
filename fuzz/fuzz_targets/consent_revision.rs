//! One revision, alone and as a record, from arbitrary bytes and built with at most one fault; see `govblocks_consent::fuzzing::consent_revision`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = govblocks_consent::fuzzing::consent_revision(data) {
        panic!("{violation}");
    }
});
