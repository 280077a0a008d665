//! The properties swept over generated inputs, beside the corpus replay: a broken generator or
//! property shows here before it reaches a corpus. (Moved from govblocks-core's `jws` and
//! `strict_json` tests and govblocks-consent's `fuzz_corpus` test with the fuzz modules.)
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::jws::{self, JwsOptions, PayloadMode};
use govblocks_core::keys::SecretKey;
use govblocks_testkit::replay::TARGETS;
use proptest::prelude::*;

fn key() -> SecretKey {
    SecretKey::from_seed(&[11u8; 32])
}

#[test]
fn jws_property_survives_odd_input() {
    let good = jws::sign(b"p", &key(), &JwsOptions::attached()).unwrap();
    for input in [
        &b""[..],
        b".",
        b"..",
        b"...",
        b"\xff\xfe.\x00.",
        good.as_bytes(),
        b"eyJhbGciOiJFZERTQSJ9..",
        b"eyJhbGciOiJFZERTQSIsImNyaXQiOlsiYjY0Il0sImI2NCI6ZmFsc2V9..AAAA",
    ] {
        govblocks_testkit::core::jws_parse(input);
    }
}

/// A quick sweep of the consent properties over pseudo-random choices (the fuzzers go further;
/// this keeps a broken generator from reaching the corpus unnoticed).
#[test]
fn consent_properties_hold_on_random_choices() {
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _round in 0..40 {
        let len = (next() % 48) as usize;
        let data: Vec<u8> = (0..len).map(|_| next() as u8).collect();
        for target in TARGETS.iter().filter(|t| t.block == "consent") {
            (target.property)(&data);
        }
    }
}

fn mode() -> impl Strategy<Value = PayloadMode> {
    prop_oneof![
        Just(PayloadMode::Attached),
        Just(PayloadMode::Detached),
        Just(PayloadMode::DetachedUnencoded),
    ]
}

fn options() -> impl Strategy<Value = JwsOptions> {
    (
        mode(),
        proptest::option::of("\\PC{0,12}"),
        proptest::option::of("[a-zA-Z/+.-]{1,16}"),
    )
        .prop_map(|(mode, kid, typ)| {
            let mut options = JwsOptions::new(mode);
            if let Some(kid) = kid {
                options = options.with_kid(kid);
            }
            if let Some(typ) = typ {
                options = options.with_typ(typ);
            }
            options
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Amount-like text (digits, points, signs, exponents, a currency prefix) and IBAN-like
    /// text (registry examples mutated) through the payments properties.
    #[test]
    fn payments_properties_hold_on_generated_text(
        amount in "((JPY|USD|KWD|CLF|XAU|EUR) )?[-+]?[0-9]{0,20}(\\.[0-9]{0,6})?([eE][0-9])?",
        iban in "(DE89370400440532013000|GB29NWBK60161331926819|NO9386011117947|[A-Za-z]{2}[0-9]{2}[ A-Za-z0-9]{0,30})",
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
    ) {
        govblocks_testkit::payments::money_parse(amount.as_bytes());
        let mut bytes = iban.into_bytes();
        for (at, byte) in edits {
            if !bytes.is_empty() {
                let i = at.index(bytes.len());
                bytes[i] = byte;
            }
        }
        govblocks_testkit::payments::iban_parse(&bytes);
    }

    /// The seed batches with a few bytes changed (a digit of an amount, a count, a sum, an id)
    /// through the batch property.
    #[test]
    fn batch_property_holds_on_edited_batches(
        seed in prop::sample::select(vec!["accepted-one-currency", "accepted-three-currencies"]),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(b"0123456789.\"E-".to_vec())), 0..3),
    ) {
        let path = govblocks_testkit::replay::fuzz_dir().join("corpus/batch_json").join(seed);
        let mut bytes = std::fs::read(path).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        govblocks_testkit::payments::batch_json(&bytes);
    }

    /// The seed envelopes with a few bytes changed (a digit, a quote, a letter of an id or an
    /// address) through the envelope property.
    #[test]
    fn envelope_property_holds_on_edited_envelopes(
        seed in prop::sample::select(vec!["accepted-request", "accepted-response", "accepted-request-indented"]),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), prop::sample::select(b"0123456789abcdef\"/-:zQ{}".to_vec())), 0..3),
    ) {
        let path = govblocks_testkit::replay::fuzz_dir().join("corpus/envelope_verify").join(seed);
        let mut bytes = std::fs::read(path).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        govblocks_testkit::exchange::envelope_verify(&bytes);
    }

    #[test]
    fn arbitrary_input_never_breaks_the_jws_property(data in proptest::collection::vec(any::<u8>(), 0..400)) {
        govblocks_testkit::core::jws_parse(&data);
    }

    #[test]
    fn mutated_jws_never_breaks_the_jws_property(
        options in options(),
        edits in proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..8),
    ) {
        let mut bytes = jws::sign(b"{\"a\":1}", &key(), &options).unwrap().into_bytes();
        for (index, byte) in edits {
            let i = index.index(bytes.len());
            bytes[i] = byte;
        }
        govblocks_testkit::core::jws_parse(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn json_like_bytes_never_panic_and_agree_with_serde_json(
        bytes in prop::collection::vec(
            prop::sample::select(b"[]{}\",:0123456789-+.eE \\u\xc3\xa9\x80\xffDd8tnrfalsNI".to_vec()),
            0..48,
        )
    ) {
        govblocks_testkit::core::strict_parse(&bytes);
        govblocks_testkit::core::canonicalize(&bytes);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Identifier-like text (parts of allowed and forbidden characters, escapes good and bad,
    /// object-type prefixes) through the X-Road identifier property.
    #[test]
    fn xroad_id_property_holds_on_generated_text(
        text in "((MEMBER|SUBSYSTEM|SERVICE|SERVER|member):)?([A-Za-z0-9'()+,.=?:;_~@ \\\\ä-]|%[0-9A-Fa-fG]{0,2}){0,6}(/([A-Za-z0-9'()+,.=?:;_~@ \\\\ä-]|%[0-9A-Fa-fG]{0,2}){0,6}){0,6}",
    ) {
        govblocks_testkit::exchange::xroad_id_parse(text.as_bytes());
    }

    /// The seed requests with a few bytes changed (a separator, a letter, a line end, a digit)
    /// through the HTTP property.
    #[test]
    fn http_property_holds_on_edited_requests(
        seed in prop::sample::select(vec![
            "accepted-pr-rest-example",
            "accepted-envelope",
            "accepted-all-headers",
            "accepted-govstack-last-wins",
            "response-envelope",
        ]),
        edits in proptest::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b"/:%?.\r\n 0129aZ-{}\"\t\x00\xff".to_vec())),
            0..4,
        ),
    ) {
        let path = govblocks_testkit::replay::fuzz_dir().join("corpus/http_request_parse").join(seed);
        let mut bytes = std::fs::read(path).unwrap();
        for (at, byte) in edits {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        govblocks_testkit::exchange::http_request_parse(&bytes);
    }
}

/// What the pain.002 property gets from its seeds: a status changed, an id swapped, a reason
/// or a figure removed, a block or group status made final.
const PAIN002_EDITS: &[(&str, &str)] = &[
    ("<TxSts>ACSC<", "<TxSts>RJCT<"),
    ("<TxSts>ACSP<", "<TxSts>ACSC<"),
    ("<TxSts>ACSP<", "<TxSts>CANC<"),
    ("<TxSts>RJCT<", "<TxSts>PDNG<"),
    ("<TxSts>ACSC<", "<TxSts>CPUC<"),
    ("<GrpSts>PART<", "<GrpSts>RJCT<"),
    ("<GrpSts>PART<", "<GrpSts>ACSC<"),
    ("<GrpSts>RJCT<", "<GrpSts>ACCC<"),
    ("<PmtInfSts>PART<", "<PmtInfSts>ACCC<"),
    ("<PmtInfSts>ACSP<", "<PmtInfSts>RJCT<"),
    ("<PmtInfSts>ACSC<", "<PmtInfSts>PDNG<"),
    (">E2E-0-0<", ">E2E-1-0<"),
    (">E2E-1-0<", ">E2E-0-1<"),
    (">E2E-0-1<", ">E2E-0-0<"),
    (">PMT-1<", ">PMT-0<"),
    ("<Cd>AC04</Cd>", "<Prtry>X</Prtry>"),
    ("<Cd>AM10</Cd>", "<Cd>AM04</Cd>"),
    ("<OrgnlNbOfTxs>3</OrgnlNbOfTxs>", ""),
    ("<OrgnlCtrlSum>160.50<", "<OrgnlCtrlSum>160.5<"),
    ("<OrgnlMsgId>MSG-2026-0001<", "<OrgnlMsgId>MSG-2026-0002<"),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// The accepted status report seeds with a few statuses, ids, reasons or figures changed
    /// (and maybe a byte) through the pain.002 import property.
    #[test]
    fn pain002_property_holds_on_edited_reports(
        seed in prop::sample::select(vec![
            "accepted-partial",
            "accepted-block-settled",
            "accepted-rejected-file",
        ]),
        edits in proptest::collection::vec(prop::sample::select(PAIN002_EDITS.to_vec()), 0..4),
        bytes in proptest::collection::vec(
            (any::<prop::sample::Index>(), prop::sample::select(b"<>/0-AZ \"&".to_vec())),
            0..2,
        ),
    ) {
        let path = govblocks_testkit::replay::fuzz_dir().join("corpus/pain002_import").join(seed);
        let mut text = std::fs::read_to_string(path).unwrap();
        for (from, to) in edits {
            text = text.replacen(from, to, 1);
        }
        let mut data = text.into_bytes();
        for (at, byte) in bytes {
            let i = at.index(data.len());
            data[i] = byte;
        }
        govblocks_testkit::payments::pain002_import(&data);
    }
}
