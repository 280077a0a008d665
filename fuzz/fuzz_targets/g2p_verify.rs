//! See `govblocks_testkit::exchange::g2p_verify` (its first doc line is the property) and fuzz/README.md.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_testkit::exchange::g2p_verify(data));
