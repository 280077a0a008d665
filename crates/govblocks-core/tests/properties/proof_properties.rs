//! Property tests: sign → verify succeeds; any single-byte change of the signed document's
//! bytes → verification fails (or the bytes no longer parse).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use proptest::prelude::*;
use serde_json::{json, Value};

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i32>().prop_map(Value::from),
        "[ -~é€😀]{0,12}".prop_map(Value::from),
    ]
}

fn document() -> impl Strategy<Value = Value> {
    let value = leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z@]{1,6}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    });
    prop::collection::btree_map("[a-z]{1,8}", value, 1..6).prop_map(|m| {
        let mut doc: serde_json::Map<String, Value> = m.into_iter().collect();
        doc.remove("proof");
        doc.insert(
            "id".into(),
            json!("urn:uuid:00000000-0000-0000-0000-000000000000"),
        );
        Value::Object(doc)
    })
}

fn verifier(key: &SecretKey) -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(key.public_key().did()),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn sign_then_verify_succeeds(doc in document(), seed in any::<[u8; 32]>()) {
        let key = SecretKey::from_seed(&seed);
        let signed = add_proof(doc.clone(), &key, &ProofOptions::assertion()).unwrap();
        let verified = verifier(&key).verify(signed).unwrap();
        let mut original = verified.value().clone();
        original.as_object_mut().unwrap().remove("proof");
        prop_assert_eq!(original, doc);
    }

    #[test]
    fn any_single_byte_change_fails(doc in document(), index in any::<prop::sample::Index>(), delta in 1u8..=255) {
        let key = SecretKey::from_seed(&[42u8; 32]);
        let signed = add_proof(doc, &key, &ProofOptions::assertion()).unwrap();
        let mut bytes = serde_json::to_vec(&signed).unwrap();
        let i = index.index(bytes.len());
        bytes[i] = bytes[i].wrapping_add(delta);
        // Either the bytes no longer parse, or they parse to a document that fails — unless
        // the change only touched insignificant text (then the parsed value is unchanged).
        if let Ok(value) = govblocks_core::json::parse(&bytes) {
            if value != signed {
                prop_assert!(verifier(&key).verify(value).is_err());
            }
        }
    }
}
