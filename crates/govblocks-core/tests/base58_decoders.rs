//! The fast fixed-width base58 decoders accept exactly the strings `bs58` accepts, and decode
//! them to the same bytes: `five8` for 64 bytes (every `proofValue`), and govblocks' own for
//! other sizes (34-byte content digests, 34-byte Multikeys, and any `N` ≤ 64).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::encoding::{multibase_decode_array, multibase_encode};
use govblocks_core::testkit_hook::base58_decode_array_reference;
use proptest::prelude::*;

const ALPHABET: &[u8] = b"123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/// Base58 text: `ones` leading `1`s (zero bytes), then `digits` in the alphabet, then `odd`
/// (a character at a position, any character) inserted where it falls on a char boundary.
fn base58_text(ones: usize, digits: &[usize], odd: Option<(usize, char)>) -> String {
    let mut text: String = std::iter::repeat_n('1', ones)
        .chain(digits.iter().map(|&d| char::from(ALPHABET[d])))
        .collect();
    if let Some((at, c)) = odd {
        let at = at.min(text.len());
        if text.is_char_boundary(at) {
            text.insert(at, c);
        }
    }
    text
}

fn fast(text: &str) -> Option<[u8; 64]> {
    multibase_decode_array::<64>(&format!("z{text}"), "proofValue").ok()
}

fn base58_decode_64_reference(text: &str) -> Option<[u8; 64]> {
    base58_decode_array_reference::<64>(text)
}

/// The fast decoder and `bs58` on `text` for a width `N`: equal, or the message.
fn agree<const N: usize>(text: &str) -> Result<(), String> {
    let fast = multibase_decode_array::<N>(&format!("z{text}"), "digest").ok();
    let reference = base58_decode_array_reference::<N>(text);
    // The multibase decoder refuses text longer than any N-byte value needs before decoding.
    let reference = reference.filter(|_| text.len() <= N * 2 + 2);
    if fast == reference {
        Ok(())
    } else {
        Err(format!(
            "N = {N}, {text:?}: fast {fast:?}, bs58 {reference:?}"
        ))
    }
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
        let text = base58_text(0, &digits, odd);
        prop_assert_eq!(fast(&text), base58_decode_64_reference(&text), "{}", text);
    }

    #[test]
    fn both_decoders_agree_near_the_length_of_a_signature(
        digits in proptest::collection::vec(0usize..58, 84..90),
        ones in 0usize..4,
    ) {
        let text = base58_text(ones, &digits, None);
        prop_assert_eq!(fast(&text), base58_decode_64_reference(&text), "{}", text);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn every_34_and_32_byte_value_round_trips(bytes in proptest::collection::vec(any::<u8>(), 34), zeros in 0usize..6) {
        let mut value = [0u8; 34];
        value.copy_from_slice(&bytes);
        for b in value.iter_mut().take(zeros) {
            *b = 0;
        }
        let text = multibase_encode(&value);
        prop_assert_eq!(multibase_decode_array::<34>(&text, "digest").ok(), Some(value));
        let mut short = [0u8; 32];
        short.copy_from_slice(&value[2..]);
        let text = multibase_encode(&short);
        prop_assert_eq!(multibase_decode_array::<32>(&text, "key").ok(), Some(short));
    }

    #[test]
    fn fixed_width_decoders_agree_with_bs58(
        digits in proptest::collection::vec(0usize..58, 0..80),
        ones in 0usize..40,
        odd in proptest::option::of((0usize..80, any::<char>())),
    ) {
        let text = base58_text(ones, &digits, odd);
        for result in [agree::<1>(&text), agree::<2>(&text), agree::<32>(&text), agree::<33>(&text), agree::<34>(&text), agree::<35>(&text), agree::<48>(&text)] {
            prop_assert!(result.is_ok(), "{}", result.unwrap_err());
        }
    }

    #[test]
    fn fixed_width_decoders_agree_near_the_length_of_a_digest(
        digits in proptest::collection::vec(0usize..58, 44..50),
        ones in 0usize..4,
    ) {
        let text = base58_text(ones, &digits, None);
        let result = agree::<34>(&text);
        prop_assert!(result.is_ok(), "{}", result.unwrap_err());
    }
}

#[test]
fn fixed_width_edge_strings_agree() {
    let max = multibase_encode(&[0xff; 34])[1..].to_owned();
    let one_more = format!("{max}1");
    let cases = [
        String::new(),
        "1".into(),
        "1".repeat(33),
        "1".repeat(34),
        "1".repeat(35),
        max.clone(),
        one_more,
        format!("1{max}"),
        "z".repeat(46),
        "z".repeat(47),
        "2".repeat(46),
        "0OIl".into(),
        "é".into(),
    ];
    for text in cases {
        for result in [agree::<32>(&text), agree::<34>(&text), agree::<35>(&text)] {
            assert!(result.is_ok(), "{}", result.unwrap_err());
        }
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
