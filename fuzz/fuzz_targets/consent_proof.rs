//! Consent proofs from arbitrary bytes and issued from built records, verified around their validity, maybe changed; see `govblocks_consent::fuzzing::consent_proof`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    if let Err(violation) = govblocks_consent::fuzzing::consent_proof(data) {
        panic!("{violation}");
    }
});
