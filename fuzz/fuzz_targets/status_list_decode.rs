//! `encodedList` decoding, list credentials and status entries; see `govblocks_identity::fuzzing::status_list_decode`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| govblocks_identity::fuzzing::status_list_decode(data));
