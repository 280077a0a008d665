//! Money: parsing per currency exponent, boundary values, both string forms, checked
//! arithmetic, serde. Each row of a table is an input and its one expected outcome.

use govblocks_payments::currency::Currency;
use govblocks_payments::money::{Money, MAX_DIGITS};

fn cur(code: &str) -> Currency {
    Currency::parse(code).unwrap()
}

/// The outcome of parsing: the value in minor units with both forms, or a code.
#[derive(Debug, PartialEq)]
enum Outcome {
    Ok(u64, &'static str, &'static str),
    Err(&'static str),
}
use Outcome::{Err, Ok};

const INVALID: Outcome = Err("payments.amount_invalid");
const NEGATIVE: Outcome = Err("payments.amount_negative");
const EXPONENT: Outcome = Err("payments.amount_exponent");
const DECIMALS: Outcome = Err("payments.amount_too_many_decimals");
const DIGITS: Outcome = Err("payments.amount_too_many_digits");

#[rustfmt::skip]
const VECTORS: &[(&str, &str, Outcome)] = &[
    // JPY: minor unit 0, no decimals at all.
    ("JPY", "0", Ok(0, "0", "0")),
    ("JPY", "1", Ok(1, "1", "1")),
    ("JPY", "1500", Ok(1500, "1500", "1500")),
    ("JPY", "1.0", DECIMALS),
    ("JPY", "1.5", DECIMALS),
    ("JPY", "0.0", DECIMALS),
    ("JPY", "999999999999999999", Ok(999_999_999_999_999_999, "999999999999999999", "999999999999999999")),
    ("JPY", "1000000000000000000", DIGITS),
    // USD: minor unit 2.
    ("USD", "0", Ok(0, "0.00", "0")),
    ("USD", "0.00", Ok(0, "0.00", "0")),
    ("USD", "0.0", Ok(0, "0.00", "0")),
    ("USD", "0.01", Ok(1, "0.01", "0.01")),           // the smallest unit
    ("USD", "0.1", Ok(10, "0.10", "0.1")),
    ("USD", "12.5", Ok(1250, "12.50", "12.5")),
    ("USD", "12.50", Ok(1250, "12.50", "12.5")),
    ("USD", "12", Ok(1200, "12.00", "12")),
    ("USD", "100.00", Ok(10000, "100.00", "100")),
    ("USD", "1000000.01", Ok(100_000_001, "1000000.01", "1000000.01")),
    ("USD", "12.500", DECIMALS),                    // a trailing zero is still a third decimal
    ("USD", "0.001", DECIMALS),
    ("USD", "9999999999999999.99", Ok(999_999_999_999_999_999, "9999999999999999.99", "9999999999999999.99")),
    ("USD", "9999999999999999.9", Ok(999_999_999_999_999_990, "9999999999999999.90", "9999999999999999.9")),
    ("USD", "10000000000000000", DIGITS),           // 10^16 dollars = 10^18 cents: 19 digits
    ("USD", "10000000000000000.00", DIGITS),
    ("USD", "99999999999999999", DIGITS),
    // KWD: minor unit 3.
    ("KWD", "0.001", Ok(1, "0.001", "0.001")),
    ("KWD", "1.5", Ok(1500, "1.500", "1.5")),
    ("KWD", "1.250", Ok(1250, "1.250", "1.25")),
    ("KWD", "1.0001", DECIMALS),
    ("KWD", "999999999999999.999", Ok(999_999_999_999_999_999, "999999999999999.999", "999999999999999.999")),
    ("KWD", "1000000000000000", DIGITS),
    // CLF: minor unit 4.
    ("CLF", "0.0001", Ok(1, "0.0001", "0.0001")),
    ("CLF", "0.001", Ok(10, "0.0010", "0.001")),
    ("CLF", "35000.1234", Ok(350_001_234, "35000.1234", "35000.1234")),
    ("CLF", "1.00001", DECIMALS),
    ("CLF", "99999999999999.9999", Ok(999_999_999_999_999_999, "99999999999999.9999", "99999999999999.9999")),
    ("CLF", "100000000000000", DIGITS),
    // Refused whatever the currency.
    ("USD", "", INVALID),
    ("USD", "-1", NEGATIVE),
    ("USD", "-0", NEGATIVE),
    ("USD", "-0.00", NEGATIVE),
    ("USD", "--1", NEGATIVE),
    ("USD", "+1", INVALID),
    ("USD", "+0.50", INVALID),
    ("USD", "1e3", EXPONENT),
    ("USD", "1E3", EXPONENT),
    ("USD", "1.5e2", EXPONENT),
    ("USD", "1e-2", EXPONENT),
    ("USD", "e3", INVALID),
    ("USD", "01", INVALID),                         // leading zeros
    ("USD", "00.50", INVALID),
    ("USD", "007", INVALID),
    ("USD", ".5", INVALID),
    ("USD", "5.", INVALID),
    ("USD", ".", INVALID),
    ("USD", "1.2.3", INVALID),
    ("USD", " 1", INVALID),
    ("USD", "1 ", INVALID),
    ("USD", "1 000", INVALID),
    ("USD", "1,000.00", INVALID),
    ("USD", "1,50", INVALID),
    ("USD", "NaN", INVALID),
    ("USD", "Infinity", INVALID),
    ("USD", "0x10", INVALID),
    ("USD", "١٢", INVALID),                         // Arabic-Indic digits
    ("USD", "１２", INVALID),                        // full-width digits
    ("USD", "12\u{0}", INVALID),
    ("USD", "$12", INVALID),
    ("USD", "12USD", INVALID),
];

#[test]
fn parsing_vectors() {
    for (currency, input, expected) in VECTORS {
        let got = match Money::parse(cur(currency), input) {
            Result::Ok(m) => {
                assert_eq!(m.currency().code(), *currency);
                let (fixed, minimal) = (m.fixed(), m.minimal());
                // Both forms parse back to the same value.
                assert_eq!(Money::parse(cur(currency), &fixed).unwrap(), m);
                assert_eq!(Money::parse(cur(currency), &minimal).unwrap(), m);
                Ok(
                    m.minor_units(),
                    Box::leak(fixed.into_boxed_str()),
                    Box::leak(minimal.into_boxed_str()),
                )
            }
            Result::Err(e) => Err(e.code()),
        };
        assert_eq!(&got, expected, "{currency} {input:?}");
    }
}

#[test]
fn eighteen_significant_digits_in_every_exponent() {
    assert_eq!(MAX_DIGITS, 18);
    for c in Currency::all() {
        let unit = usize::from(c.minor_unit());
        // 18 nines, the point placed by the minor unit: the largest amount.
        let nines = "9".repeat(18);
        let largest = if unit == 0 {
            nines.clone()
        } else {
            format!("{}.{}", &nines[..18 - unit], &nines[18 - unit..])
        };
        let m = Money::parse(c, &largest).unwrap();
        assert_eq!(m.minor_units(), 999_999_999_999_999_999, "{c}");
        assert_eq!(m.fixed(), largest);
        // One more digit before the point: 19 significant digits.
        let over = format!("1{largest}");
        assert_eq!(
            Money::parse(c, &over).unwrap_err().code(),
            "payments.amount_too_many_digits",
            "{c}"
        );
        // The smallest unit.
        let smallest = if unit == 0 {
            "1".to_owned()
        } else {
            format!("0.{}1", "0".repeat(unit - 1))
        };
        assert_eq!(Money::parse(c, &smallest).unwrap().minor_units(), 1, "{c}");
        // One decimal more than allowed.
        let finer = format!("0.{}1", "0".repeat(unit));
        assert_eq!(
            Money::parse(c, &finer).unwrap_err().code(),
            "payments.amount_too_many_decimals",
            "{c}"
        );
    }
}

#[test]
fn a_long_input_is_refused_without_reading_it_all_into_a_number() {
    let usd = cur("USD");
    let long = "1".repeat(1_000_000);
    assert_eq!(
        Money::parse(usd, &long).unwrap_err().code(),
        "payments.amount_too_many_digits"
    );
    // Zeros after the point are significant only once a non-zero digit came before them.
    assert_eq!(Money::parse(usd, "0.00").unwrap().minor_units(), 0);
    let message = Money::parse(usd, &format!("x{long}"))
        .unwrap_err()
        .to_string();
    assert!(message.len() < 200, "{message}");
}

#[test]
fn arithmetic_is_checked() {
    let usd = cur("USD");
    let eur = cur("EUR");
    let m = |s| Money::parse(usd, s).unwrap();
    assert_eq!(m("0.10").checked_add(m("0.20")).unwrap(), m("0.30")); // no float: exactly 0.30
    assert_eq!(m("1.00").checked_sub(m("0.01")).unwrap(), m("0.99"));
    assert_eq!(m("0.01").checked_mul(100).unwrap(), m("1"));
    let max = m("9999999999999999.99");
    assert_eq!(max.checked_add(m("0")).unwrap(), max);
    for (result, code) in [
        (max.checked_add(m("0.01")), "payments.amount_overflow"),
        (m("0.01").checked_sub(m("0.02")), "payments.amount_overflow"),
        (max.checked_mul(2), "payments.amount_overflow"),
        (m("1").checked_mul(u64::MAX), "payments.amount_overflow"),
        (
            m("1").checked_add(Money::parse(eur, "1").unwrap()),
            "payments.currency_mismatch",
        ),
        (
            m("1").checked_sub(Money::parse(eur, "1").unwrap()),
            "payments.currency_mismatch",
        ),
        (
            Money::from_minor_units(usd, 1_000_000_000_000_000_000),
            "payments.amount_overflow",
        ),
        (
            Money::sum(usd, [max, m("0.01")]),
            "payments.amount_overflow",
        ),
        (
            Money::sum(usd, [m("1"), Money::parse(eur, "1").unwrap()]),
            "payments.currency_mismatch",
        ),
    ] {
        assert_eq!(result.unwrap_err().code(), code);
    }
    assert_eq!(Money::sum(usd, []).unwrap(), Money::zero(usd));
    assert_eq!(Money::sum(usd, [m("0.10"); 10]).unwrap(), m("1"));
    // A sum whose partial sums would overflow in one order but whose total does not cannot
    // exist (all terms are non-negative); the total decides, whatever the order.
    assert_eq!(
        Money::sum(usd, [max, Money::zero(usd)]).unwrap(),
        Money::sum(usd, [Money::zero(usd), max]).unwrap()
    );
    assert!(m("2").checked_cmp(&m("10")).unwrap().is_lt());
    assert_eq!(
        m("2")
            .checked_cmp(&Money::parse(eur, "2").unwrap())
            .unwrap_err()
            .code(),
        "payments.currency_mismatch"
    );
    assert_eq!(Money::from_minor_units(usd, 1250).unwrap().fixed(), "12.50");
    assert!(Money::zero(usd).is_zero());
}

#[test]
fn serde_carries_amounts_as_strings() {
    let usd = cur("USD");
    let m = Money::parse(usd, "12.5").unwrap();
    let json = serde_json::to_string(&m).unwrap();
    assert_eq!(json, r#"{"amount":"12.50","currency":"USD"}"#);
    assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    assert_eq!(
        serde_json::from_str::<Money>(r#"{"currency":"USD","amount":"12.5"}"#).unwrap(),
        m
    );
    for (json, fragment) in [
        (r#"{"amount":12.5,"currency":"USD"}"#, "invalid type"), // a JSON number: refused
        (r#"{"amount":"12.505","currency":"USD"}"#, "decimals"),
        (r#"{"amount":"1","currency":"XAU"}"#, "no minor unit"),
        (r#"{"amount":"1","currency":"USD","fx":1}"#, "unknown field"),
        (r#"{"amount":"1"}"#, "missing field"),
        (r#"{"amount":"-1","currency":"USD"}"#, "negative"),
    ] {
        let e = serde_json::from_str::<Money>(json).unwrap_err().to_string();
        assert!(e.contains(fragment), "{json}: {e}");
    }
    assert_eq!(m.to_string(), "12.50 USD");
    assert_eq!(format!("{m:?}"), "12.50 USD");
}
