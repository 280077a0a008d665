//! Mojaloop conditional transfers: the specification's own fulfilment and condition, every
//! refusal of a malformed one with its code, amounts in Mojaloop's minimal form checked
//! against the Amount pattern and Table 44 of the API Definition, the conditional transfer's
//! expiry.

use govblocks_payments::currency::Currency;
use govblocks_payments::mojaloop::{
    amount, is_mojaloop_amount, parse_amount, Condition, ConditionalTransfer, FspiopMoney,
    Fulfilment, AMOUNT_PATTERN,
};
use govblocks_payments::money::Money;

/// The Mojaloop FSPIOP API Definition v1.1, §10.4.8 (End-to-End Example, step 11), Listing 43:
/// "Calculated fulfilment from the ILP Packet and secret, encoded in base64url"
/// (mojaloop/mojaloop-specification, fspiop-api/documents/v1.1-document-set/API-Definition_v1.1.md).
const SPEC_FULFILMENT: &str = "mhPUT9ZAwd-BXLfeSd7-YPh46rBWRNBiTCSWjpku90s";
/// The same document, Listing 44: "Calculated condition from the fulfilment, encoded in
/// base64url" (also the `condition` of its `PUT /quotes` and `POST /transfers` examples).
const SPEC_CONDITION: &str = "fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xs";

fn usd() -> Currency {
    Currency::parse("USD").unwrap()
}

#[test]
fn the_specifications_pair() {
    let fulfilment = Fulfilment::parse(SPEC_FULFILMENT).unwrap();
    let condition = Condition::parse(SPEC_CONDITION).unwrap();
    assert_eq!(fulfilment.condition(), condition);
    assert!(condition.is_fulfilled_by(&fulfilment));
    condition.check(&fulfilment).unwrap();
    // Both written back exactly as read.
    assert_eq!(fulfilment.to_string(), SPEC_FULFILMENT);
    assert_eq!(condition.to_string(), SPEC_CONDITION);
    // The fulfilment's Debug keeps the secret out of logs.
    assert!(!format!("{fulfilment:?}").contains("mhPUT"));
}

#[test]
fn another_fulfilment_does_not_fulfil_it() {
    let condition = Condition::parse(SPEC_CONDITION).unwrap();
    let mut bytes = *Fulfilment::parse(SPEC_FULFILMENT).unwrap().as_bytes();
    bytes[31] ^= 1;
    let other = Fulfilment::from_bytes(bytes);
    assert!(!condition.is_fulfilled_by(&other));
    assert_eq!(
        condition.check(&other).unwrap_err().code(),
        "payments.condition_not_fulfilled"
    );
    // A condition is not its own fulfilment.
    let as_fulfilment = Fulfilment::from_bytes(*condition.as_bytes());
    assert!(!condition.is_fulfilled_by(&as_fulfilment));
}

#[test]
fn malformed_values_are_refused_with_their_code() {
    let long = format!("{SPEC_CONDITION}A");
    let cases: &[(&str, &str)] = &[
        ("", "not 43"),
        (&SPEC_CONDITION[..42], "not 43"),
        (&long, "not 43"),
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xs=", "padded"),
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG/fqGnR7Xs", "alphabet"), // standard base64's '/'
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7X+", "alphabet"),
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7X ", "alphabet"),
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7X=", "alphabet"), // '=' inside 43
        ("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xé", "not 43"),   // 44 bytes
        (
            "fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xt",
            "trailing bits",
        ), // 's' re-spelled
        (
            "fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xv",
            "trailing bits",
        ),
    ];
    for (input, why) in cases {
        let e = Condition::parse(input).unwrap_err();
        assert_eq!(e.code(), "payments.condition_invalid", "{input:?}");
        let reason = e.to_string();
        assert!(
            reason.contains(why) || (why == &"alphabet" && reason.contains("alphabet")),
            "{input:?}: {reason}"
        );
        assert_eq!(
            Fulfilment::parse(input).unwrap_err().code(),
            "payments.fulfilment_invalid",
            "{input:?}"
        );
    }
    // A fulfilment's error does not repeat the (maybe secret) input.
    let padded = format!("{SPEC_FULFILMENT}=");
    let e = Fulfilment::parse(&padded).unwrap_err();
    assert!(!e.to_string().contains("mhPUT"), "{e}");
    assert!(!format!("{e:?}").contains("mhPUT"), "{e:?}");
}

#[test]
fn serde_reads_and_writes_the_wire_form() {
    let c: Condition = serde_json::from_str(&format!("\"{SPEC_CONDITION}\"")).unwrap();
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        format!("\"{SPEC_CONDITION}\"")
    );
    let f: Fulfilment = serde_json::from_str(&format!("\"{SPEC_FULFILMENT}\"")).unwrap();
    assert_eq!(f.condition(), c);
    assert!(serde_json::from_str::<Condition>("\"abc\"").is_err());
}

/// Table 44 of the API Definition v1.1 (§7.2.13.2): example Amount values and whether the
/// pattern accepts them.
#[rustfmt::skip]
const TABLE_44: &[(&str, bool)] = &[
    ("5", true), ("5.0", false), ("5.", false), ("5.00", false), ("5.5", true), ("5.50", false),
    ("5.5555", true), ("5.55555", false), ("555555555555555555", true),
    ("5555555555555555555", false), ("-5.5", false), ("0.5", true), (".5", false),
    ("00.5", false), ("0", true),
];

#[test]
fn the_amount_pattern_and_table_44() {
    let pattern = regex::Regex::new(AMOUNT_PATTERN).unwrap();
    for (value, accepted) in TABLE_44 {
        assert_eq!(pattern.is_match(value), *accepted, "the regex on {value}");
        assert_eq!(is_mojaloop_amount(value), *accepted, "by hand on {value}");
    }
    // CLF has four decimals, as many as Mojaloop allows.
    let clf = Currency::parse("CLF").unwrap();
    for (value, accepted) in TABLE_44 {
        let parsed = parse_amount(clf, value);
        if parsed.is_ok() {
            assert!(accepted, "{value} parsed, Mojaloop refuses it");
        }
    }
    assert_eq!(parse_amount(clf, "5.5555").unwrap().minor_units(), 55555);
    // Refusals, each with its code.
    for (value, code) in [
        ("5.0", "payments.amount_not_minimal"),
        ("5.50", "payments.amount_not_minimal"),
        ("5.00", "payments.amount_not_minimal"),
        ("5.", "payments.amount_invalid"),
        (".5", "payments.amount_invalid"),
        ("00.5", "payments.amount_invalid"),
        ("-5.5", "payments.amount_negative"),
        ("5e2", "payments.amount_exponent"),
        ("5.555", "payments.amount_too_many_decimals"),
        // 18 digits before the point are Mojaloop's limit, 18 in minor units ours.
        ("555555555555555555", "payments.amount_too_many_digits"),
    ] {
        assert_eq!(
            parse_amount(usd(), value).unwrap_err().code(),
            code,
            "{value}"
        );
    }
    let e = parse_amount(usd(), "5.50").unwrap_err();
    assert!(e.to_string().contains("\"5.5\""), "{e}");
}

#[test]
fn every_amount_written_matches_the_pattern_and_reads_back() {
    let pattern = regex::Regex::new(AMOUNT_PATTERN).unwrap();
    for currency in Currency::all() {
        for minor in [
            0u64,
            1,
            5,
            10,
            100,
            1250,
            99_999,
            123_456_789,
            999_999_999_999_999_999,
        ] {
            let money = Money::from_minor_units(currency, minor).unwrap();
            let text = amount(&money);
            assert!(pattern.is_match(&text), "{currency} {text}");
            assert_eq!(
                parse_amount(currency, &text).unwrap(),
                money,
                "{currency} {text}"
            );
        }
    }
}

#[test]
fn the_money_object() {
    let m: FspiopMoney = serde_json::from_str(r#"{"currency":"USD","amount":"99.5"}"#).unwrap();
    assert_eq!(m.0, Money::parse(usd(), "99.5").unwrap());
    assert_eq!(
        serde_json::to_string(&FspiopMoney(Money::parse(usd(), "100.00").unwrap())).unwrap(),
        r#"{"currency":"USD","amount":"100"}"#
    );
    for bad in [
        r#"{"currency":"USD","amount":"99.50"}"#,
        r#"{"currency":"USD","amount":99.5}"#,
        r#"{"currency":"XAU","amount":"1"}"#,
        r#"{"currency":"USD","amount":"1","extra":1}"#,
    ] {
        assert!(serde_json::from_str::<FspiopMoney>(bad).is_err(), "{bad}");
    }
}

#[test]
fn a_conditional_transfer_commits_before_its_expiry() {
    let condition = Condition::parse(SPEC_CONDITION).unwrap();
    let fulfilment = Fulfilment::parse(SPEC_FULFILMENT).unwrap();
    let expiry = "2026-12-07T10:00:00Z".parse().unwrap();
    let transfer = ConditionalTransfer::new(
        "E2E-1",
        Money::parse(usd(), "99").unwrap(),
        condition,
        expiry,
    );
    transfer
        .fulfil(&fulfilment, "2026-12-07T09:59:59Z".parse().unwrap())
        .unwrap();
    transfer.fulfil(&fulfilment, expiry).unwrap();
    assert_eq!(
        transfer
            .fulfil(&fulfilment, "2026-12-07T10:00:01Z".parse().unwrap())
            .unwrap_err()
            .code(),
        "payments.transfer_expired"
    );
    let wrong = Fulfilment::from_bytes([7; 32]);
    assert_eq!(
        transfer
            .fulfil(&wrong, "2026-12-07T09:00:00Z".parse().unwrap())
            .unwrap_err()
            .code(),
        "payments.condition_not_fulfilled"
    );
    // Its JSON: the amount in Mojaloop's Money form, the condition in base64url.
    let json = serde_json::to_value(&transfer).unwrap();
    assert_eq!(
        json["amount"],
        serde_json::json!({"currency":"USD","amount":"99"})
    );
    assert_eq!(json["condition"], SPEC_CONDITION);
    let back: ConditionalTransfer = serde_json::from_value(json).unwrap();
    assert_eq!(back, transfer);
}
