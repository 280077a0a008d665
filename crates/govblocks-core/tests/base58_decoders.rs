//! The fast 64-byte base58 decoder (`five8`, used for every `proofValue`) accepts exactly the
//! strings `bs58` accepts, and decodes them to the same bytes.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::encoding::{
    base58_decode_64_reference, multibase_decode_array, multibase_encode,
};
use proptest::prelude::*;

const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

fn fast(text: &str) -> Option<[u8; 64]> {
    multibase_decode_array::<64>(&format!("z{text}"), "proofValue").ok()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn every_64_byte_value_round_trips(bytes in proptest::collection::vec(any::<u8>(), 64), zeros in 0usize..8) {
        let mut value = [0u8; 64];
        value.copy_from_slice(&bytes);
        for b in value.iter_mut().take(zeros) {
            *b = 0; // leading zero bytes are spelled as leading '1's
        }
        let text = multibase_encode(&value);
        prop_assert_eq!(fast(&text[1..]), Some(value));
        prop_assert_eq!(base58_decode_64_reference(&text[1..]), Some(value));
    }

    #[test]
    fn both_decoders_agree_on_any_string(
        digits in proptest::collection::vec(0usize..58, 0..100),
        odd in proptest::option::of((0usize..100, any::<char>())),
    ) {
        let mut text: String = digits.iter().map(|&d| char::from(ALPHABET[d])).collect();
        if let Some((at, c)) = odd {
            let at = at.min(text.len());
            if text.is_char_boundary(at) {
                text.insert(at, c);
            }
        }
        prop_assert_eq!(fast(&text), base58_decode_64_reference(&text), "{}", text);
    }

    #[test]
    fn both_decoders_agree_near_the_length_of_a_signature(
        digits in proptest::collection::vec(0usize..58, 84..90),
        ones in 0usize..4,
    ) {
        let text: String = std::iter::repeat_n('1', ones)
            .chain(digits.iter().map(|&d| char::from(ALPHABET[d])))
            .collect();
        prop_assert_eq!(fast(&text), base58_decode_64_reference(&text), "{}", text);
    }
}

#[test]
fn edge_strings_agree() {
    let max = "1".repeat(0) + &multibase_encode(&[0xff; 64])[1..];
    let cases = [
        String::new(),
        "1".into(),
        "1".repeat(64),
        "1".repeat(65),
        max.clone(),
        format!("{max}1"),
        format!("1{max}"),
        "z".repeat(88),
        "z".repeat(89),
        "2".repeat(88),
        "0OIl".into(),
    ];
    for text in cases {
        assert_eq!(fast(&text), base58_decode_64_reference(&text), "{text:?}");
    }
}
