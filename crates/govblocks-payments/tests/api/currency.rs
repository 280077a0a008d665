//! The currency table against SIX's ISO 4217 list one, as published
//! (`tests/vectors/six-iso4217/`), and the exponents the issue names.

use govblocks_payments::currency::Currency;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

const LIST_ONE: &str = include_str!("../vectors/six-iso4217/list-one.xml");

/// `(numeric, minor unit or None for "N.A.")` of every code in list one, read from the XML
/// with nothing but string search (no code shared with the table's generator).
fn list_one() -> BTreeMap<String, (u16, Option<u8>)> {
    fn element<'a>(entry: &'a str, name: &str) -> Option<&'a str> {
        let open = format!("<{name}>");
        let start = entry.find(&open)? + open.len();
        let end = entry[start..].find(&format!("</{name}>"))? + start;
        Some(&entry[start..end])
    }
    let mut out = BTreeMap::new();
    for entry in LIST_ONE.split("<CcyNtry>").skip(1) {
        let Some(code) = element(entry, "Ccy") else {
            continue; // "ANTARCTICA: No universal currency"
        };
        let numeric = element(entry, "CcyNbr").unwrap().parse().unwrap();
        let units = match element(entry, "CcyMnrUnts").unwrap() {
            "N.A." => None,
            n => Some(n.parse().unwrap()),
        };
        let previous = out.insert(code.to_owned(), (numeric, units));
        assert!(
            previous.is_none() || previous == Some((numeric, units)),
            "{code} differs"
        );
    }
    out
}

#[test]
fn the_vendored_list_is_the_published_file() {
    let digest = Sha256::digest(LIST_ONE.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(
        hex,
        "676e12766f6f1d0c7c10bdd15c27783c46daff1747e528172e6c3d4a9bf03467"
    );
    assert!(LIST_ONE.contains("<ISO_4217 Pblshd=\"2024-06-25\">"));
}

#[test]
fn every_code_of_list_one_is_in_the_table_as_published() {
    let list = list_one();
    assert_eq!(list.len(), 179);
    let mut payable = 0;
    for (code, (numeric, units)) in &list {
        match units {
            Some(units) => {
                let c = Currency::parse(code).unwrap();
                assert_eq!(c.code(), code);
                assert_eq!(c.numeric(), *numeric, "{code}");
                assert_eq!(c.minor_unit(), *units, "{code}");
                payable += 1;
            }
            None => assert_eq!(
                Currency::parse(code).unwrap_err().code(),
                "payments.currency_no_minor_unit",
                "{code}"
            ),
        }
    }
    // And nothing else: every currency of the table is in the list with its minor unit.
    let all: Vec<Currency> = Currency::all().collect();
    assert_eq!(all.len(), payable);
    for c in all {
        assert_eq!(list[c.code()].1, Some(c.minor_unit()));
    }
}

#[test]
fn exponents_named_by_the_issue() {
    for (code, exponent, numeric) in [
        ("JPY", 0, 392),
        ("USD", 2, 840),
        ("EUR", 2, 978),
        ("KWD", 3, 414),
        ("BHD", 3, 48),
        ("TND", 3, 788),
        ("CLF", 4, 990),
        ("UYW", 4, 927),
        ("XOF", 0, 952),
        ("KES", 2, 404),
        ("UAH", 2, 980),
    ] {
        let c = Currency::parse(code).unwrap();
        assert_eq!((c.minor_unit(), c.numeric()), (exponent, numeric), "{code}");
    }
    assert!(Currency::parse("CLF").unwrap().is_fund());
    assert!(!Currency::parse("USD").unwrap().is_fund());
    assert_eq!(Currency::parse("USD").unwrap().name(), "US Dollar");
}

#[test]
fn refused_currencies() {
    for (input, code) in [
        ("XAU", "payments.currency_no_minor_unit"), // gold
        ("XAG", "payments.currency_no_minor_unit"), // silver
        ("XDR", "payments.currency_no_minor_unit"), // SDR
        ("XTS", "payments.currency_no_minor_unit"), // testing
        ("XXX", "payments.currency_no_minor_unit"), // no currency
        ("XSU", "payments.currency_no_minor_unit"),
        ("usd", "payments.currency_unknown"), // codes are upper case
        ("US", "payments.currency_unknown"),
        ("USDX", "payments.currency_unknown"),
        ("", "payments.currency_unknown"),
        ("HRK", "payments.currency_unknown"), // withdrawn 2023 (Croatia uses EUR)
        ("ABC", "payments.currency_unknown"),
        ("840", "payments.currency_unknown"), // numeric codes are not read
    ] {
        assert_eq!(
            Currency::parse(input).unwrap_err().code(),
            code,
            "{input:?}"
        );
    }
}

#[test]
fn serde_is_the_code() {
    let usd = Currency::parse("USD").unwrap();
    assert_eq!(serde_json::to_string(&usd).unwrap(), "\"USD\"");
    assert_eq!(
        serde_json::from_str::<Currency>("\"KWD\"")
            .unwrap()
            .minor_unit(),
        3
    );
    let e = serde_json::from_str::<Currency>("\"XAU\"").unwrap_err();
    assert!(e.to_string().contains("no minor unit"), "{e}");
    assert!(serde_json::from_str::<Currency>("840").is_err());
}
