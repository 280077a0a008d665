//! The payments subcommands of `govblocks` (`payments check-iban`, `payments check-amount`),
//! run as a program: what they print, every refusal with its code and exit status.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::run;

use serde_json::json;

#[test]
fn check_iban_prints_the_parts_of_a_valid_iban() {
    for args in [
        vec!["DE89370400440532013000"],
        vec!["de89 3704 0044 0532 0130 00"],
        vec!["DE89", "3704", "0044", "0532", "0130", "00"], // an unquoted print format
    ] {
        let mut all = vec!["payments", "check-iban"];
        all.extend(&args);
        let out = run(&all);
        out.ok();
        assert_eq!(
            out.json(),
            json!({
                "valid": true,
                "iban": "DE89370400440532013000",
                "print": "DE89 3704 0044 0532 0130 00",
                "country": "DE",
                "checkDigits": "89",
                "bban": "370400440532013000",
                "bankIdentifier": "37040044",
                "branchIdentifier": null,
            }),
            "{args:?}"
        );
    }
}

#[test]
fn check_iban_refuses_with_the_reason_code() {
    for (iban, code) in [
        ("DE88370400440532013000", "payments.iban_checksum"),
        ("DE8937040044053201300", "payments.iban_checksum"),
        ("US64SVBKUS6S3300958879", "payments.iban_country"),
        ("DE89-3704-0044", "payments.iban_format"),
        ("hello", "payments.iban_format"),
        ("-5", "payments.iban_format"),
        // Right check digits, one character short for Germany.
        ("DE5137040044053201300", "payments.iban_structure"),
    ] {
        let out = run(&["payments", "check-iban", iban]);
        assert_eq!(out.error_code(1), code, "{iban}");
    }
    // No IBAN at all is a usage error.
    assert_eq!(run(&["payments", "check-iban"]).status, 2);
}

#[test]
fn check_amount_prints_both_forms() {
    for (currency, amount, fixed, minimal, minor) in [
        ("USD", "12.5", "12.50", "12.5", "1250"),
        ("USD", "0", "0.00", "0", "0"),
        ("JPY", "1500", "1500", "1500", "1500"),
        ("KWD", "1.25", "1.250", "1.25", "1250"),
        ("CLF", "0.0001", "0.0001", "0.0001", "1"),
        (
            "USD",
            "9999999999999999.99",
            "9999999999999999.99",
            "9999999999999999.99",
            "999999999999999999",
        ),
    ] {
        let out = run(&["payments", "check-amount", "--currency", currency, amount]);
        out.ok();
        let v = out.json();
        assert_eq!(v["valid"], true);
        assert_eq!(v["currency"], currency);
        assert_eq!(v["fixed"], fixed, "{currency} {amount}");
        assert_eq!(v["minimal"], minimal, "{currency} {amount}");
        assert_eq!(v["minorUnits"], minor, "{currency} {amount}");
    }
    let out = run(&["payments", "check-amount", "--currency", "KWD", "1"]);
    assert_eq!(out.json()["minorUnit"], 3);
}

#[test]
fn check_amount_refuses_with_the_reason_code() {
    for (currency, amount, code) in [
        ("USD", "12.345", "payments.amount_too_many_decimals"),
        ("JPY", "1.5", "payments.amount_too_many_decimals"),
        ("USD", "-5", "payments.amount_negative"),
        ("USD", "+5", "payments.amount_invalid"),
        ("USD", "1e3", "payments.amount_exponent"),
        ("USD", "05", "payments.amount_invalid"),
        ("USD", "1,000", "payments.amount_invalid"),
        (
            "USD",
            "10000000000000000",
            "payments.amount_too_many_digits",
        ),
        ("XAU", "1", "payments.currency_no_minor_unit"),
        ("XDR", "1", "payments.currency_no_minor_unit"),
        ("usd", "1", "payments.currency_unknown"),
        ("ABC", "1", "payments.currency_unknown"),
    ] {
        let out = run(&["payments", "check-amount", "--currency", currency, amount]);
        assert_eq!(out.error_code(1), code, "{currency} {amount}");
    }
    // No currency is a usage error.
    assert_eq!(run(&["payments", "check-amount", "12"]).status, 2);
}
