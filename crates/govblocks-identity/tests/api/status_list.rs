//! W3C Bitstring Status List v1.0: the specification's example, bit order, round trips, every
//! refusal of `decode` with its code, GZIP bombs, status entries and their checks, a signed
//! list end to end, the list credential schema, and property tests.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use flate2::write::GzEncoder;
use flate2::Compression;
use govblocks_core::clock::Timestamp;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::schemas::{ids, registry};
use govblocks_identity::status_list::{
    decode, decode_with_limits, encode, Bitstring, DecodeLimits, InMemoryStatusResolver,
    StatusEntry, StatusList, StatusMessage, StatusPurpose, StatusResolver, DEFAULT_MAX_BITS,
    DEFAULT_MAX_ENCODED_LEN, MIN_BITS, MIN_ENTRIES,
};
use govblocks_identity::Error;
use proptest::prelude::*;
use serde_json::{json, Value};
use std::io::Write;

/// The `encodedList` of every example in the specification: 131,072 zero bits.
const SPEC_ENCODED_LIST: &str =
    "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA";

const LIST_URL: &str = "https://registry.example.gov/credentials/status/3";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

fn encoded(compressed: &[u8]) -> String {
    format!("u{}", base64url_encode(compressed))
}

fn code(result: Result<impl std::fmt::Debug, Error>) -> &'static str {
    result.unwrap_err().code()
}

fn entry(purpose: &str, index: &str) -> Value {
    json!({
        "id": format!("{LIST_URL}#{index}"),
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": LIST_URL
    })
}

// ---- the specification's example -------------------------------------------------------------

#[test]
fn the_spec_example_is_131072_zero_bits() {
    let bits = decode(SPEC_ENCODED_LIST, DEFAULT_MAX_BITS).unwrap();
    assert_eq!(bits.len(), 131_072);
    assert_eq!(bits.as_bytes().len(), 16_384);
    assert_eq!(bits.count_ones(), 0);
    assert!(!bits.get(0).unwrap());
    assert!(!bits.get(131_071).unwrap());
    assert_eq!(code(bits.get(131_072)), "status_list.index_out_of_range");
}

#[test]
fn the_spec_example_credential_reads_and_checks() {
    // Example 5 of the Recommendation (A.2), without its proof.
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "https://example.com/credentials/status/3",
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": "did:example:12345",
        "validFrom": "2021-04-05T14:27:40Z",
        "credentialSubject": {
            "id": "https://example.com/status/3#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": SPEC_ENCODED_LIST
        }
    });
    registry()
        .validate(ids::STATUS_LIST_CREDENTIAL, &credential)
        .unwrap();
    let url = "https://example.com/credentials/status/3";
    let list = StatusList::from_credential(url, &credential, &DecodeLimits::default()).unwrap();
    assert_eq!(list.purposes(), &[StatusPurpose::Revocation]);
    assert_eq!(list.entries(), MIN_ENTRIES);
    assert_eq!(list.ttl(), None);
    // The entry of the Recommendation's first example.
    let entry = StatusEntry::from_value(&json!({
        "id": "https://example.com/credentials/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": url
    }))
    .unwrap();
    let outcome = entry.check(&list).unwrap();
    assert!(outcome.valid);
    assert_eq!(outcome.status, 0);
    assert_eq!(outcome.message, "unset");
    assert_eq!(outcome.purpose, StatusPurpose::Revocation);
}

// ---- bit order and round trips ---------------------------------------------------------------

#[test]
fn index_zero_is_the_most_significant_bit_of_the_first_byte() {
    let mut bits = Bitstring::new(MIN_BITS).unwrap();
    bits.set(0, true).unwrap();
    assert_eq!(bits.as_bytes()[0], 0x80);
    bits.set(7, true).unwrap();
    assert_eq!(bits.as_bytes()[0], 0x81);
    bits.set(131_071, true).unwrap();
    assert_eq!(bits.as_bytes()[16_383], 0x01);
}

#[test]
fn bits_round_trip_through_encode_and_decode() {
    let set = [0u64, 1, 7, 8, 131_071];
    let mut bits = Bitstring::new(MIN_BITS).unwrap();
    for index in set {
        bits.set(index, true).unwrap();
    }
    assert_eq!(&bits.as_bytes()[..2], &[0xc1, 0x80]);
    let text = encode(&bits);
    assert!(text.starts_with("uH4sI"), "{text}"); // 'u', then the GZIP magic 1f 8b 08
    assert!(!text.contains('='));
    let back = decode(&text, DEFAULT_MAX_BITS).unwrap();
    assert_eq!(back, bits);
    for index in 0..MIN_BITS {
        assert_eq!(back.get(index).unwrap(), set.contains(&index), "{index}");
    }
}

#[test]
fn a_list_round_trips_through_its_credential() {
    let mut list = StatusList::new(LIST_URL, StatusPurpose::Revocation, MIN_ENTRIES).unwrap();
    for index in [0, 1, 7, 8, 131_071] {
        list.set(index).unwrap();
    }
    list.clear(1).unwrap();
    let valid_from = Timestamp::parse("2024-01-01T00:00:00Z", "validFrom").unwrap();
    let credential = list.unsigned_credential("did:example:registry", Some(valid_from));
    assert_eq!(
        credential,
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": LIST_URL,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"],
            "issuer": "did:example:registry",
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {
                "id": format!("{LIST_URL}#list"),
                "type": "BitstringStatusList",
                "statusPurpose": "revocation",
                "encodedList": list.encoded_list()
            }
        })
    );
    let read =
        StatusList::from_credential(LIST_URL, &credential, &DecodeLimits::default()).unwrap();
    assert_eq!(read, list);
    for (index, set) in [
        (0, true),
        (1, false),
        (2, false),
        (7, true),
        (8, true),
        (131_071, true),
    ] {
        assert_eq!(read.get(index).unwrap(), set, "{index}");
    }
    assert!(list.unsigned_credential("did:example:registry", None)["validFrom"].is_null());
}

// ---- refusals of decode ------------------------------------------------------------------------

#[test]
fn decode_refuses_bad_text() {
    let good = encode(&Bitstring::new(MIN_BITS).unwrap());
    let base64 = &good[1..];
    let cases: Vec<(String, &str)> = vec![
        (String::new(), "empty"),
        ("u".into(), "prefix only"),
        (format!("z{base64}"), "base58btc prefix"),
        (format!("U{base64}"), "base64urlpad prefix"),
        (format!("m{base64}"), "base64 prefix"),
        (base64.to_owned(), "no prefix"),
        (format!("u{base64}=="), "padded"),
        (
            format!("u{}", base64.replace('-', "+").replace('_', "/")),
            "standard alphabet",
        ),
        (format!("u {base64}"), "white space"),
        (format!("u{base64}\n"), "trailing newline"),
        (format!("{good}A"), "a dangling character"),
    ];
    for (text, what) in cases {
        if text == good {
            continue;
        }
        assert_eq!(
            code(decode(&text, DEFAULT_MAX_BITS)),
            "status_list.encoding_invalid",
            "{what}"
        );
    }
}

#[test]
fn decode_refuses_padded_base64_of_a_valid_list() {
    // A stream whose length is not a multiple of 3 needs padding in padded base64.
    let mut compressed = gzip(&[0u8; 16_384]);
    while compressed.len() % 3 == 0 {
        compressed = gzip(&vec![0u8; 16_384 + compressed.len()]);
    }
    let unpadded = encoded(&compressed);
    assert!(decode(&unpadded, DEFAULT_MAX_BITS).is_ok());
    let pad = "=".repeat(3 - compressed.len() % 3);
    assert_eq!(
        code(decode(&format!("{unpadded}{pad}"), DEFAULT_MAX_BITS)),
        "status_list.encoding_invalid"
    );
}

#[test]
fn decode_refuses_what_is_not_one_good_gzip_member() {
    let compressed = gzip(&[0u8; 16_384]);
    let mut bad_crc = compressed.clone();
    let crc_at = bad_crc.len() - 8;
    bad_crc[crc_at] ^= 1;
    let mut bad_size = compressed.clone();
    let size_at = bad_size.len() - 4;
    bad_size[size_at] ^= 1;
    let mut bad_method = compressed.clone();
    bad_method[2] = 7;
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (b"not gzip at all, just text".to_vec(), "not gzip"),
        (vec![0u8; 16_384], "raw bytes"),
        (vec![0x1f], "one magic byte"),
        (vec![0x1f, 0x8b], "magic only"),
        (compressed[..10].to_vec(), "header only"),
        (
            compressed[..compressed.len() / 2].to_vec(),
            "truncated body",
        ),
        (
            compressed[..compressed.len() - 1].to_vec(),
            "truncated trailer",
        ),
        (compressed[..compressed.len() - 8].to_vec(), "no trailer"),
        (bad_crc, "wrong CRC"),
        (bad_size, "wrong length"),
        (bad_method, "unknown compression method"),
        (
            [compressed.clone(), vec![0]].concat(),
            "a byte after the member",
        ),
        (
            [compressed.clone(), compressed.clone()].concat(),
            "two members",
        ),
    ];
    for (bytes, what) in cases {
        assert_eq!(
            code(decode(&encoded(&bytes), DEFAULT_MAX_BITS)),
            "status_list.encoding_invalid",
            "{what}"
        );
    }
    assert!(decode(&encoded(&compressed), DEFAULT_MAX_BITS).is_ok());
}

#[test]
fn decode_refuses_lists_below_the_minimum() {
    // 131,071 bits cannot be written as bytes; the largest too-small list is 16,383 bytes.
    for bytes in [0usize, 1, 16_383] {
        let error = decode(&encoded(&gzip(&vec![0u8; bytes])), DEFAULT_MAX_BITS).unwrap_err();
        assert_eq!(error.code(), "status_list.size_invalid", "{bytes}");
        match error {
            Error::StatusListSize { bits, min, .. } => {
                assert_eq!(bits, bytes as u64 * 8);
                assert_eq!(min, 131_072);
            }
            other => panic!("{other:?}"),
        }
    }
    assert!(decode(&encoded(&gzip(&[0u8; 16_384])), DEFAULT_MAX_BITS).is_ok());
    // ... and so do the issuer's constructors
    assert_eq!(
        code(StatusList::new(
            LIST_URL,
            StatusPurpose::Revocation,
            131_071
        )),
        "status_list.size_invalid"
    );
}

#[test]
fn decode_refuses_text_longer_than_the_limit() {
    // Pseudo-random (xorshift) bytes do not compress: 800,000 of them are over 1 MiB of text.
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let bytes: Vec<u8> = (0..800_000)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect();
    let text = encoded(&gzip(&bytes));
    assert!(text.len() > DEFAULT_MAX_ENCODED_LEN, "{}", text.len());
    assert_eq!(
        code(decode(&text, DEFAULT_MAX_BITS)),
        "status_list.encoding_invalid"
    );
    let roomy = DecodeLimits {
        max_bits: DEFAULT_MAX_BITS,
        max_encoded_len: text.len(),
    };
    assert_eq!(
        decode_with_limits(&text, &roomy).unwrap().as_bytes(),
        &bytes[..]
    );
}

/// GZIP of `mib` MiB of zeros, streamed through the encoder.
fn zeros_bomb(mib: usize) -> String {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..mib {
        encoder.write_all(&zeros).unwrap();
    }
    encoded(&encoder.finish().unwrap())
}

#[test]
fn a_gzip_bomb_is_refused_at_the_limit() {
    // 64 MiB of zeros (2^29 bits) compresses to about 64 KB: well within the text limit, so it
    // is inflation that must stop. It stops one byte past the limit, which the error reports;
    // the decoder's buffer never grows past the limit (see `gunzip`).
    let bomb = zeros_bomb(64);
    assert!(bomb.len() < DEFAULT_MAX_ENCODED_LEN / 8, "{}", bomb.len());
    for max_bits in [DEFAULT_MAX_BITS, 1 << 20, MIN_BITS] {
        let error = decode(&bomb, max_bits).unwrap_err();
        assert_eq!(error.code(), "status_list.size_invalid");
        match error {
            Error::StatusListSize { bits, max, .. } => {
                assert_eq!(max, max_bits);
                assert_eq!(bits, max_bits + 8, "stopped one byte past the limit");
            }
            other => panic!("{other:?}"),
        }
    }
    // With room for it, the same stream is a valid (if large) list.
    let bits = decode(&bomb, 1 << 29).unwrap();
    assert_eq!(bits.len(), 1 << 29);
}

/// A 1 GiB bomb: refused by the text limit by default (about 1.4 MB of text), and by the
/// inflation limit when the text limit is raised. Slow without optimizations (it compresses
/// 1 GiB): `cargo test -p govblocks-identity --test api -- --ignored status_list::`.
#[test]
#[ignore]
fn a_one_gib_gzip_bomb_is_refused() {
    let bomb = zeros_bomb(1024);
    assert_eq!(
        code(decode(&bomb, DEFAULT_MAX_BITS)),
        "status_list.encoding_invalid"
    );
    let limits = DecodeLimits {
        max_bits: DEFAULT_MAX_BITS,
        max_encoded_len: usize::MAX,
    };
    assert_eq!(
        code(decode_with_limits(&bomb, &limits)),
        "status_list.size_invalid"
    );
}

// ---- status entries ----------------------------------------------------------------------------

#[test]
fn entries_read_and_write_back_as_they_came() {
    let value = json!({
        "id": "https://registry.example.gov/credentials/status/3#94567",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "revocation",
        "statusListIndex": "94567",
        "statusListCredential": LIST_URL,
        "statusReference": "https://registry.example.gov/status-dictionary/",
        "x-extension": {"kept": true}
    });
    let entry = StatusEntry::from_value(&value).unwrap();
    assert_eq!(entry.index(), 94_567);
    assert_eq!(entry.index_text(), "94567");
    assert_eq!(entry.purpose(), StatusPurpose::Revocation);
    assert_eq!(entry.list_url(), LIST_URL);
    assert_eq!(entry.status_size(), 1);
    assert_eq!(entry.to_value(), value);
    assert_eq!(serde_json::to_value(&entry).unwrap(), value);
    let via_serde: StatusEntry = serde_json::from_value(value).unwrap();
    assert_eq!(via_serde, entry);

    let made = StatusEntry::new(StatusPurpose::Suspension, LIST_URL, 7).unwrap();
    assert_eq!(
        made.to_value(),
        json!({
            "type": "BitstringStatusListEntry",
            "statusPurpose": "suspension",
            "statusListIndex": "7",
            "statusListCredential": LIST_URL
        })
    );
    assert!(made.clone().with_id(LIST_URL).is_err());
    assert_eq!(made.with_id("urn:uuid:1").unwrap().id(), Some("urn:uuid:1"));
    assert!(StatusEntry::new(StatusPurpose::Revocation, "not a url", 0).is_err());
}

#[test]
fn status_list_index_is_a_strict_base_10_string() {
    for good in ["0", "1", "94567", "18446744073709551615"] {
        assert!(
            StatusEntry::from_value(&entry("revocation", good)).is_ok(),
            "{good}"
        );
    }
    for bad in [
        "01",
        "-1",
        "+1",
        " 1",
        "1 ",
        "1.0",
        "1e2",
        "0x1",
        "",
        "18446744073709551616",
    ] {
        assert_eq!(
            code(StatusEntry::from_value(&entry("revocation", bad))),
            "credential.status_invalid",
            "{bad:?}"
        );
    }
    // a number is not a string
    let mut number = entry("revocation", "1");
    number["statusListIndex"] = json!(1);
    assert_eq!(
        code(StatusEntry::from_value(&number)),
        "credential.status_invalid"
    );
    // serde refuses the same way
    assert!(serde_json::from_value::<StatusEntry>(entry("revocation", "01")).is_err());
}

#[test]
fn malformed_entries_are_refused() {
    let mut cases: Vec<(Value, &str)> = Vec::new();
    let base = entry("revocation", "5");
    let with = |member: &str, value: Value| {
        let mut e = base.clone();
        e[member] = value;
        e
    };
    let without = |member: &str| {
        let mut e = base.clone();
        e.as_object_mut().unwrap().remove(member);
        e
    };
    cases.push((with("type", json!("StatusList2021Entry")), "wrong type"));
    cases.push((
        with("type", json!(["BitstringStatusListEntry"])),
        "type as an array",
    ));
    cases.push((with("statusPurpose", json!("revoked")), "unknown purpose"));
    cases.push((
        with("statusPurpose", json!("Revocation")),
        "purpose in capitals",
    ));
    cases.push((
        with("statusListCredential", json!("status/3")),
        "relative list URL",
    ));
    cases.push((with("id", json!(LIST_URL)), "id is the list URL"));
    cases.push((with("statusSize", json!(0)), "statusSize 0"));
    cases.push((with("statusSize", json!(9)), "statusSize 9"));
    cases.push((with("statusSize", json!(1.5)), "fractional statusSize"));
    cases.push((with("statusSize", json!("1")), "statusSize as a string"));
    cases.push((
        with("statusSize", json!(2)),
        "statusSize 2 without messages",
    ));
    cases.push((
        with("statusMessage", json!([{"status": "0x0", "message": "ok"}])),
        "one message for two values",
    ));
    cases.push((
        with(
            "statusMessage",
            json!([{"status": "0x0", "message": "a"}, {"status": "0x0", "message": "b"}]),
        ),
        "a value twice",
    ));
    cases.push((
        with(
            "statusMessage",
            json!([{"status": "0x0", "message": "a"}, {"status": "0x2", "message": "b"}]),
        ),
        "a value out of range",
    ));
    cases.push((
        with(
            "statusMessage",
            json!([{"status": "0x0"}, {"status": "0x1"}]),
        ),
        "messages without message",
    ));
    for member in [
        "type",
        "statusPurpose",
        "statusListIndex",
        "statusListCredential",
    ] {
        cases.push((without(member), member));
    }
    cases.push((json!("BitstringStatusListEntry"), "not an object"));
    for (value, what) in cases {
        assert_eq!(
            code(StatusEntry::from_value(&value)),
            "credential.status_invalid",
            "{what}"
        );
    }
}

fn revocation_list() -> StatusList {
    let mut list = StatusList::new(LIST_URL, StatusPurpose::Revocation, MIN_ENTRIES).unwrap();
    list.set(5).unwrap();
    list
}

#[test]
fn check_reports_revocation_and_suspension_as_errors() {
    let list = revocation_list();
    let revoked = StatusEntry::from_value(&entry("revocation", "5")).unwrap();
    match revoked.check(&list).unwrap_err() {
        Error::Revoked { list, index } => {
            assert_eq!(list, LIST_URL);
            assert_eq!(index, 5);
        }
        other => panic!("{other:?}"),
    }
    // evaluate reads without judging
    let outcome = revoked.evaluate(&list).unwrap();
    assert!(!outcome.valid);
    assert_eq!((outcome.status, outcome.message.as_str()), (1, "set"));
    let fine = StatusEntry::from_value(&entry("revocation", "6")).unwrap();
    assert!(fine.check(&list).unwrap().valid);

    let mut suspensions =
        StatusList::new(LIST_URL, StatusPurpose::Suspension, MIN_ENTRIES).unwrap();
    suspensions.set(9).unwrap();
    let suspended = StatusEntry::from_value(&entry("suspension", "9")).unwrap();
    assert_eq!(code(suspended.check(&suspensions)), "credential.suspended");
    suspensions.clear(9).unwrap();
    assert!(suspended.check(&suspensions).unwrap().valid);

    // a set refresh bit is reported, not refused
    let mut refresh = StatusList::new(LIST_URL, StatusPurpose::Refresh, MIN_ENTRIES).unwrap();
    refresh.set(3).unwrap();
    let outcome = StatusEntry::from_value(&entry("refresh", "3"))
        .unwrap()
        .check(&refresh)
        .unwrap();
    assert!(!outcome.valid);
    assert_eq!(outcome.purpose, StatusPurpose::Refresh);
}

#[test]
fn check_refuses_an_index_beyond_the_list() {
    let list = revocation_list();
    for index in [
        "131072",
        "131073",
        "9223372036854775808",
        "18446744073709551615",
    ] {
        let error = StatusEntry::from_value(&entry("revocation", index))
            .unwrap()
            .check(&list)
            .unwrap_err();
        assert_eq!(error.code(), "status_list.index_out_of_range", "{index}");
    }
    assert!(StatusEntry::from_value(&entry("revocation", "131071"))
        .unwrap()
        .check(&list)
        .is_ok());
}

#[test]
fn check_refuses_a_purpose_mismatch() {
    let list = revocation_list();
    let error = StatusEntry::from_value(&entry("suspension", "5"))
        .unwrap()
        .check(&list)
        .unwrap_err();
    assert_eq!(error.code(), "status_list.purpose_mismatch");
    match error {
        Error::StatusPurposeMismatch { expected, found } => {
            assert_eq!(
                (expected.as_str(), found.as_str()),
                ("suspension", "revocation")
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn check_refuses_another_list() {
    let list = revocation_list();
    let mut other = entry("revocation", "5");
    other["statusListCredential"] = json!("https://registry.example.gov/credentials/status/4");
    other["id"] = json!("urn:uuid:1");
    assert_eq!(
        code(StatusEntry::from_value(&other).unwrap().check(&list)),
        "credential.status_invalid"
    );
}

#[test]
fn a_list_may_serve_several_purposes() {
    let list = revocation_list();
    let mut subject = list.credential_subject();
    subject["statusPurpose"] = json!(["revocation", "suspension"]);
    let list = StatusList::from_credential_subject(
        LIST_URL,
        subject.as_object().unwrap(),
        DEFAULT_MAX_BITS,
    )
    .unwrap();
    assert_eq!(
        list.purposes(),
        &[StatusPurpose::Revocation, StatusPurpose::Suspension]
    );
    let suspended = StatusEntry::from_value(&entry("suspension", "5")).unwrap();
    assert_eq!(code(suspended.check(&list)), "credential.suspended");
    assert_eq!(
        list.credential_subject()["statusPurpose"],
        json!(["revocation", "suspension"])
    );
}

#[test]
fn multi_bit_statuses_with_status_size_2() {
    let messages: Vec<StatusMessage> = ["pending_review", "accepted", "rejected", "undefined"]
        .iter()
        .enumerate()
        .map(|(value, message)| StatusMessage::new(value as u8, *message))
        .collect();
    let mut list = StatusList::new(LIST_URL, StatusPurpose::Message, 2 * MIN_ENTRIES)
        .unwrap()
        .with_status_size(2)
        .unwrap();
    list.set_status(0, 0b10).unwrap();
    list.set_status(1, 0b01).unwrap();
    list.set_status(MIN_ENTRIES - 1, 0b11).unwrap();
    assert_eq!(code(list.set_status(2, 4)), "credential.status_invalid");
    assert_eq!(
        code(list.set_status(MIN_ENTRIES, 1)),
        "status_list.index_out_of_range"
    );
    // entries 0 and 1 are the first four bits, most significant first: 10 01
    assert_eq!(list.bitstring().as_bytes()[0], 0b1001_0000);
    assert_eq!(list.bitstring().as_bytes()[32_767], 0b0000_0011);

    let subject = list.credential_subject();
    assert_eq!(subject["statusSize"], 2);
    let fetched = StatusList::from_credential_subject(
        LIST_URL,
        subject.as_object().unwrap(),
        DEFAULT_MAX_BITS,
    )
    .unwrap();
    let entry_at = |index: u64| {
        StatusEntry::new(StatusPurpose::Message, LIST_URL, index)
            .unwrap()
            .with_status_messages(2, messages.clone())
            .unwrap()
    };
    let outcome = entry_at(0).check(&fetched).unwrap();
    assert_eq!(
        (outcome.status, outcome.message.as_str(), outcome.valid),
        (2, "rejected", false)
    );
    assert_eq!(entry_at(1).check(&fetched).unwrap().message, "accepted");
    assert_eq!(
        entry_at(2).check(&fetched).unwrap().message,
        "pending_review"
    );
    assert_eq!(entry_at(MIN_ENTRIES - 1).check(&fetched).unwrap().status, 3);
    assert_eq!(
        code(entry_at(MIN_ENTRIES).check(&fetched)),
        "status_list.index_out_of_range"
    );
    let json = entry_at(1).to_value();
    assert_eq!(json["statusSize"], 2);
    assert_eq!(
        json["statusMessage"][2],
        json!({"status": "0x2", "message": "rejected"})
    );
    assert_eq!(StatusEntry::from_value(&json).unwrap(), entry_at(1));

    // A one-bit entry against a list that states two bits is refused ...
    let one_bit = StatusEntry::new(StatusPurpose::Message, LIST_URL, 0).unwrap();
    assert_eq!(code(one_bit.check(&fetched)), "credential.status_invalid");
    // ... and a 2-bit entry needs 131,072 two-bit entries: a 131,072-bit list is too short.
    let mut short = list.credential_subject();
    short["encodedList"] = json!(SPEC_ENCODED_LIST);
    short.as_object_mut().unwrap().remove("statusSize");
    let short =
        StatusList::from_credential_subject(LIST_URL, short.as_object().unwrap(), DEFAULT_MAX_BITS)
            .unwrap();
    assert_eq!(code(entry_at(0).check(&short)), "status_list.size_invalid");
    let mut stated = list.credential_subject();
    stated["encodedList"] = json!(SPEC_ENCODED_LIST);
    assert_eq!(
        code(StatusList::from_credential_subject(
            LIST_URL,
            stated.as_object().unwrap(),
            DEFAULT_MAX_BITS
        )),
        "status_list.size_invalid"
    );
}

// ---- list credentials --------------------------------------------------------------------------

#[test]
fn malformed_list_credentials_are_refused() {
    let good = revocation_list().unsigned_credential("did:example:registry", None);
    let limits = DecodeLimits::default();
    let read = |value: &Value| StatusList::from_credential(LIST_URL, value, &limits);
    assert!(read(&good).is_ok());
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut value = good.clone();
        f(&mut value);
        value
    };
    let cases: Vec<(Value, &str, &str)> = vec![
        (
            edit(&|v| v["type"] = json!(["VerifiableCredential"])),
            "credential.type_invalid",
            "credential type",
        ),
        (
            edit(&|v| v["credentialSubject"]["type"] = json!("StatusList2021")),
            "credential.type_invalid",
            "subject type",
        ),
        (
            edit(&|v| v["id"] = json!("https://registry.example.gov/credentials/status/4")),
            "credential.status_invalid",
            "another list's id",
        ),
        (
            edit(&|v| v["credentialSubject"] = json!([v["credentialSubject"].clone()])),
            "credential.status_invalid",
            "subject array",
        ),
        (
            edit(&|v| v["credentialSubject"]["statusPurpose"] = json!("revoked")),
            "credential.status_invalid",
            "unknown purpose",
        ),
        (
            edit(&|v| v["credentialSubject"]["statusPurpose"] = json!([])),
            "credential.status_invalid",
            "no purpose",
        ),
        (
            edit(&|v| v["credentialSubject"]["ttl"] = json!(-1)),
            "credential.status_invalid",
            "negative ttl",
        ),
        (
            edit(&|v| v["credentialSubject"]["statusSize"] = json!(16)),
            "credential.status_invalid",
            "statusSize 16",
        ),
        (
            edit(&|v| v["credentialSubject"]["encodedList"] = json!(1)),
            "status_list.encoding_invalid",
            "encodedList not a string",
        ),
        (
            edit(&|v| {
                v["credentialSubject"]
                    .as_object_mut()
                    .unwrap()
                    .remove("encodedList");
            }),
            "status_list.encoding_invalid",
            "no encodedList",
        ),
        (json!([]), "credential.status_invalid", "not an object"),
    ];
    for (value, expected, what) in cases {
        assert_eq!(code(read(&value)), expected, "{what}");
    }
}

#[test]
fn a_signed_list_end_to_end() {
    let issuer = SecretKey::from_seed(&[3u8; 32]);
    let did = issuer.public_key().did();
    let mut list = StatusList::new(LIST_URL, StatusPurpose::Revocation, MIN_ENTRIES).unwrap();
    list.set(42).unwrap();
    let valid_from = Timestamp::parse("2024-01-01T00:00:00Z", "validFrom").unwrap();
    let unsigned = list.unsigned_credential(&did, Some(valid_from));
    registry()
        .validate(ids::STATUS_LIST_CREDENTIAL, &unsigned)
        .unwrap();
    let signed = add_proof(
        unsigned,
        &issuer,
        &ProofOptions::assertion().with_created(valid_from),
    )
    .unwrap();
    registry()
        .validate(ids::STATUS_LIST_CREDENTIAL, &signed)
        .unwrap();

    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(LIST_URL, serde_json::to_vec(&signed).unwrap());

    // The verifier: resolve, parse strictly, verify, read, check.
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(did.clone(), [ProofPurpose::AssertionMethod]),
    );
    let fetch = |resolver: &dyn StatusResolver, url: &str| -> Result<StatusList, Error> {
        let bytes = resolver.resolve(url)?;
        let document = govblocks_core::json::parse(&bytes)?;
        let verified = verifier.verify(document)?;
        StatusList::from_credential(url, verified.value(), &DecodeLimits::default())
    };
    let fetched = fetch(&resolver, LIST_URL).unwrap();
    let revoked = StatusEntry::new(StatusPurpose::Revocation, LIST_URL, 42).unwrap();
    assert_eq!(code(revoked.check(&fetched)), "credential.revoked");
    let fine = StatusEntry::new(StatusPurpose::Revocation, LIST_URL, 43).unwrap();
    assert!(fine.check(&fetched).unwrap().valid);
    assert_eq!(
        code(fetch(&resolver, "https://registry.example.gov/nowhere")),
        "credential.status_unavailable"
    );

    // A list with bit 42 cleared but the proof of the old one is refused by the pipeline.
    let mut tampered = signed.clone();
    let mut cleared = list.clone();
    cleared.clear(42).unwrap();
    tampered["credentialSubject"]["encodedList"] = json!(cleared.encoded_list());
    resolver.insert(LIST_URL, serde_json::to_vec(&tampered).unwrap());
    assert_eq!(code(fetch(&resolver, LIST_URL)), "proof.signature_invalid");
}

#[test]
fn the_schema_refuses_malformed_list_credentials() {
    let good = revocation_list().unsigned_credential("did:example:registry", None);
    registry()
        .validate(ids::STATUS_LIST_CREDENTIAL, &good)
        .unwrap();
    let edit = |f: &dyn Fn(&mut Value)| {
        let mut value = good.clone();
        f(&mut value);
        value
    };
    for (bad, what) in [
        (
            edit(&|v| v["type"] = json!(["VerifiableCredential"])),
            "type",
        ),
        (
            edit(&|v| v["type"] = json!("BitstringStatusListCredential")),
            "type as a string",
        ),
        (
            edit(&|v| v["credentialSubject"]["type"] = json!("StatusList2021")),
            "subject type",
        ),
        (
            edit(&|v| v["credentialSubject"]["statusPurpose"] = json!("revoked")),
            "purpose",
        ),
        (
            edit(&|v| v["credentialSubject"]["encodedList"] = json!("zabc")),
            "encodedList prefix",
        ),
        (
            edit(&|v| v["credentialSubject"]["encodedList"] = json!("uab==")),
            "padded encodedList",
        ),
        (edit(&|v| v["credentialSubject"]["ttl"] = json!(-5)), "ttl"),
        (
            edit(&|v| {
                v["credentialSubject"]
                    .as_object_mut()
                    .unwrap()
                    .remove("encodedList");
            }),
            "no encodedList",
        ),
        (
            edit(&|v| {
                v.as_object_mut().unwrap().remove("issuer");
            }),
            "no issuer (credential.json)",
        ),
    ] {
        assert_eq!(
            registry()
                .validate(ids::STATUS_LIST_CREDENTIAL, &bad)
                .unwrap_err()
                .code(),
            "schema.invalid",
            "{what}"
        );
    }
}

// ---- properties ----------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn random_bits_round_trip(
        indices in proptest::collection::btree_set(0..MIN_BITS * 2, 0..200),
        sample in proptest::collection::vec(0..MIN_BITS * 2, 200),
    ) {
        let mut list = StatusList::new(LIST_URL, StatusPurpose::Revocation, MIN_BITS * 2).unwrap();
        for &index in &indices {
            list.set(index).unwrap();
        }
        let back = decode(&list.encoded_list(), DEFAULT_MAX_BITS).unwrap();
        prop_assert_eq!(back.count_ones(), indices.len() as u64);
        for index in indices.iter().copied().chain(sample) {
            prop_assert_eq!(back.get(index).unwrap(), indices.contains(&index));
        }
    }

    #[test]
    fn random_statuses_round_trip(
        size in 1u8..=8,
        writes in proptest::collection::vec((0..MIN_ENTRIES, any::<u8>()), 0..100),
    ) {
        let mut bits = Bitstring::new(MIN_ENTRIES * u64::from(size)).unwrap();
        let mut expected = std::collections::BTreeMap::new();
        for (index, value) in writes {
            let value = u32::from(value) & ((1 << size) - 1);
            bits.set_status(index, size, value).unwrap();
            expected.insert(index, value);
        }
        let back = decode(&encode(&bits), DEFAULT_MAX_BITS).unwrap();
        for (index, value) in expected {
            prop_assert_eq!(back.get_status(index, size).unwrap(), value);
        }
    }

    #[test]
    fn decode_never_panics_on_any_text(text in ".{0,300}") {
        let _ = decode(&text, 1 << 20);
        let _ = decode(&format!("u{text}"), 1 << 20);
    }

    #[test]
    fn decode_never_panics_on_base64url_text(text in "u[A-Za-z0-9_-]{0,400}") {
        let _ = decode(&text, 1 << 20);
    }

    #[test]
    fn decode_never_panics_on_damaged_gzip(
        position in any::<prop::sample::Index>(),
        byte in any::<u8>(),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut compressed = gzip(&[0x5au8; 16_384]);
        let at = position.index(compressed.len());
        compressed[at] = byte;
        let len = cut.index(compressed.len() + 1);
        let result = decode(&encoded(&compressed[..len]), 1 << 20);
        if let Err(error) = result {
            prop_assert!(matches!(
                error.code(),
                "status_list.encoding_invalid" | "status_list.size_invalid"
            ));
        }
    }

    #[test]
    fn bounds_never_panic(index in any::<u64>(), size in any::<u8>(), value in any::<u32>()) {
        let mut bits = Bitstring::new(64).unwrap();
        let _ = bits.get(index);
        let _ = bits.set(index, true);
        let _ = bits.get_status(index, size);
        let _ = bits.set_status(index, size, value);
    }
}

/// An optional member of an entry set to `null` is malformed (the specification gives none of
/// them a `null` value), not absent: read as absent, the entry would not write back as it came.
/// Found by the `status_list_decode` fuzz property.
#[test]
fn null_optional_entry_members_are_refused() {
    for member in ["id", "statusSize", "statusMessage", "statusReference"] {
        let mut value = entry("revocation", "1");
        value[member] = Value::Null;
        assert_eq!(
            code(StatusEntry::from_value(&value)),
            "credential.status_invalid",
            "{member}"
        );
    }
}
