//! The fuzz properties of `govblocks-payments`: money parsing, IBAN parsing, batch JSON and
//! pain.001 import, pain.002 status report import ([`pain002_import`]); the GovStack and G2P
//! Connect shapes are in [`shapes`] ([`payment_shapes`]).
//!
//! The first two read their input as text (invalid UTF-8 replaced, so every input is read), and check
//! the parser against a second, independent reading written here: a money amount against
//! `u128` arithmetic on its digits, an IBAN against its own mod-97 computation. A batch is read
//! as the hub reads it (strict JSON, the schema, the typed shape, the rules) and, when accepted,
//! its declared figures are held to the recomputed ones and it round-trips. A pain.001 file is
//! imported as the hub imports a bank file, and what is accepted exports and reads back.

mod pain002;

pub use pain002::{pain002_import, MESSAGE_ID as PAIN002_MESSAGE_ID};

pub mod shapes;
pub use shapes::payment_shapes;

use govblocks_payments::account::Iban;
use govblocks_payments::batch::model::Batch;
use govblocks_payments::batch::rules::ControlSum;
use govblocks_payments::currency::Currency;
use govblocks_payments::money::Money;

/// The currencies every amount is also read in: one per minor unit (0, 2, 3, 4).
const EXPONENTS: [&str; 4] = ["JPY", "USD", "KWD", "CLF"];

/// The input of [`money_parse`] read as `(currency, amount)`: `CUR amount` when it starts with
/// three upper-case letters and a space, else `USD` and the whole text.
pub fn money_input(data: &[u8]) -> (String, String) {
    let text = String::from_utf8_lossy(data).into_owned();
    let b = text.as_bytes();
    if b.len() >= 4 && b[..3].iter().all(u8::is_ascii_uppercase) && b[3] == b' ' {
        (text[..3].to_owned(), text[4..].to_owned())
    } else {
        ("USD".to_owned(), text)
    }
}

/// What the input's amount is worth in minor units of a currency of minor unit `unit`, read
/// independently of the crate: `Some` exactly when it is a plain decimal (digits, then maybe a
/// point and digits; no leading zeros) with at most `unit` decimals and at most 18 significant
/// digits.
fn reference(amount: &str, unit: u32) -> Option<u128> {
    let (int, frac) = amount.split_once('.').unwrap_or((amount, ""));
    let plain = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !plain(int) || (amount.contains('.') && !plain(frac)) {
        return None;
    }
    if int.len() > 1 && int.starts_with('0') {
        return None;
    }
    if frac.len() > unit as usize {
        return None;
    }
    let digits = format!("{int}{frac}{}", "0".repeat(unit as usize - frac.len()));
    let significant = digits.trim_start_matches('0');
    if significant.len() > 18 {
        return None;
    }
    Some(significant.parse::<u128>().unwrap_or(0))
}

/// **Property:** parsing an amount never panics; it accepts exactly what the independent
/// reading accepts, with the same value, in each of JPY, USD, KWD, CLF (minor units 0, 2, 3,
/// 4) and in the input's own currency; an accepted amount writes back in both forms (the
/// fixed one with exactly the minor unit's decimals, the minimal one without trailing zeros)
/// that parse to the same value, and the JSON form reads back the same; a refused one has a
/// `payments.*` code and a message of bounded length; reading `{"amount","currency"}` agrees
/// with the parser.
///
/// Input: [`money_input`].
pub fn money_parse(data: &[u8]) {
    let (code, amount) = money_input(data);
    let mut currencies: Vec<Currency> = EXPONENTS
        .iter()
        .map(|c| Currency::parse(c).unwrap())
        .collect();
    match Currency::parse(&code) {
        Ok(c) => currencies.push(c),
        Err(e) => assert!(
            e.code() == "payments.currency_unknown"
                || e.code() == "payments.currency_no_minor_unit",
            "{code:?}: {}",
            e.code()
        ),
    }
    for c in currencies {
        let unit = u32::from(c.minor_unit());
        let expected = reference(&amount, unit);
        match Money::parse(c, &amount) {
            Ok(m) => {
                assert_eq!(
                    Some(u128::from(m.minor_units())),
                    expected,
                    "{c} {amount:?} accepted as {m}, the reference disagrees"
                );
                let fixed = m.fixed();
                let decimals = fixed.split_once('.').map_or(0, |(_, f)| f.len());
                assert_eq!(decimals, unit as usize, "{c} {fixed}");
                let minimal = m.minimal();
                assert!(
                    !minimal.contains('.') || !minimal.ends_with('0') && !minimal.ends_with('.'),
                    "{minimal}"
                );
                assert_eq!(Money::parse(c, &fixed).unwrap(), m);
                assert_eq!(Money::parse(c, &minimal).unwrap(), m);
                let json = serde_json::to_string(&m).unwrap();
                assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m, "{json}");
            }
            Err(e) => {
                assert!(
                    expected.is_none(),
                    "{c} {amount:?} refused ({e}), the reference reads {expected:?}"
                );
                assert!(e.code().starts_with("payments.amount_"), "{}", e.code());
                assert!(e.to_string().len() < 400, "{e}");
            }
        }
        let wire = serde_json::json!({"amount": amount, "currency": c.code()});
        let from_json = serde_json::from_value::<Money>(wire);
        assert_eq!(
            from_json.is_ok(),
            expected.is_some(),
            "{c} {amount:?} as JSON"
        );
    }
}

/// ISO 7064 mod 97-10 of an electronic IBAN, computed here: 1 for right check digits.
fn mod97(electronic: &str) -> u32 {
    let rotated = electronic[4..].chars().chain(electronic[..4].chars());
    rotated.fold(0, |rem, c| {
        let v = c.to_digit(36).unwrap();
        if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        }
    })
}

const IBAN_CODES: [&str; 4] = [
    "payments.iban_checksum",
    "payments.iban_country",
    "payments.iban_format",
    "payments.iban_structure",
];

/// **Property:** parsing an IBAN never panics; what it accepts is 5 to 34 upper-case letters
/// and digits (two letters, two digits first) whose mod 97 is 1 and whose check digits are
/// not `00` or `01`, equal to the input without its spaces in upper case; it parses again from
/// its electronic form, its print format, in lower case and from its JSON form, to the same
/// IBAN; a refusal is one of the four `payments.iban_*` codes, the same for the input in
/// another case.
///
/// Input: the IBAN as text.
pub fn iban_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let result = Iban::parse(&text);
    let upper = Iban::parse(&text.to_ascii_uppercase());
    let lower = Iban::parse(&text.to_ascii_lowercase());
    match result {
        Ok(iban) => {
            let e = iban.as_str();
            assert!((5..=34).contains(&e.len()), "{e}");
            assert!(
                e.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()),
                "{e}"
            );
            assert!(e[..2].bytes().all(|b| b.is_ascii_uppercase()), "{e}");
            assert!(e[2..4].bytes().all(|b| b.is_ascii_digit()), "{e}");
            assert_eq!(mod97(e), 1, "{e}: accepted with a wrong checksum");
            assert!(&e[2..4] != "00" && &e[2..4] != "01", "{e}");
            let stripped: String = text.chars().filter(|&c| c != ' ').collect();
            assert_eq!(stripped.to_ascii_uppercase(), e);
            assert_eq!(Iban::parse(e).unwrap(), iban);
            assert_eq!(Iban::parse(&iban.print_format()).unwrap(), iban);
            assert_eq!(upper.unwrap(), iban);
            assert_eq!(lower.unwrap(), iban);
            let json = serde_json::to_string(&iban).unwrap();
            assert_eq!(serde_json::from_str::<Iban>(&json).unwrap(), iban);
            assert_eq!(iban.country_code(), &e[..2]);
            assert_eq!(iban.bban(), &e[4..]);
        }
        Err(err) => {
            assert!(IBAN_CODES.contains(&err.code()), "{}", err.code());
            assert!(err.to_string().len() < 400, "{err}");
            assert_eq!(upper.unwrap_err().code(), err.code(), "{text:?} upper case");
            assert_eq!(lower.unwrap_err().code(), err.code(), "{text:?} lower case");
        }
    }
}

/// A batch read as the hub reads it before any signature: strict JSON, the batch schema, the
/// typed shape, the batch rules; the first refusal's code.
pub fn read_batch(data: &[u8]) -> Result<Batch, &'static str> {
    let value = govblocks_core::json::parse(data).map_err(|e| e.code())?;
    govblocks_payments::schemas::registry()
        .validate(govblocks_payments::schemas::ids::BATCH, &value)
        .map_err(|e| e.code())?;
    let batch: Batch = serde_json::from_value(value).map_err(|_| "document.invalid")?;
    batch.check_rules().map_err(|e| e.code())?;
    Ok(batch)
}

/// **Property:** reading a batch never panics; a batch the rules accept declares exactly the
/// figures recomputed from its transfers (every count, every block's control sum in its
/// currency, the batch's control sum across currencies), writes JSON that passes the schema
/// and reads back to the same batch with the same totals; a refusal has a `json.*`,
/// `schema.*`, `document.invalid` or `payments.*` code, and the rules' refusals a message of
/// bounded length.
///
/// Input: the batch's JSON bytes.
pub fn batch_json(data: &[u8]) {
    let batch = match read_batch(data) {
        Ok(batch) => batch,
        Err(code) => {
            assert!(
                ["json.", "schema.", "document.invalid", "payments."]
                    .iter()
                    .any(|p| code.starts_with(p)),
                "{code}"
            );
            if code.starts_with("payments.") {
                if let Ok(value) = govblocks_core::json::parse(data) {
                    if let Ok(batch) = serde_json::from_value::<Batch>(value) {
                        let e = batch.check_rules().unwrap_err();
                        assert!(e.to_string().len() < 1000, "{e}");
                    }
                }
            }
            return;
        }
    };
    let totals = batch.check_rules().unwrap();
    let count: usize = batch
        .payment_information
        .iter()
        .map(|b| b.credit_transfers.len())
        .sum();
    assert_eq!(totals.transactions, count as u64);
    assert_eq!(batch.group_header.number_of_transactions, count.to_string());
    assert_eq!(
        ControlSum::parse(&batch.group_header.control_sum).unwrap(),
        totals.control_sum
    );
    for (block, (n, total)) in batch.payment_information.iter().zip(&totals.blocks) {
        assert_eq!(block.credit_transfers.len() as u64, *n);
        assert_eq!(block.number_of_transactions, n.to_string());
        assert_eq!(
            Money::parse(total.currency(), &block.control_sum).unwrap(),
            *total
        );
        assert!(block
            .credit_transfers
            .iter()
            .all(|t| t.amount.currency() == total.currency()));
    }
    let written = serde_json::to_vec(&batch).unwrap();
    let again = read_batch(&written).unwrap();
    assert_eq!(again, batch);
    assert_eq!(again.check_rules().unwrap(), totals);
}

/// Whether `data`, as the raw input of `target`, is accepted (`Ok`) or refused (its code):
/// what the `accepted-*` and `refused-*` seeds promise.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "money_parse" => {
            let (code, amount) = money_input(data);
            Some(
                Money::parse_in(&code, &amount)
                    .map(|_| ())
                    .map_err(|e| e.code()),
            )
        }
        "iban_parse" => Some(
            Iban::parse(&String::from_utf8_lossy(data))
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        "batch_json" => Some(read_batch(data).map(|_| ())),
        "pain001_import" => Some(
            govblocks_payments::iso20022::pain001::import(&String::from_utf8_lossy(data))
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        "pain002_import" => Some(pain002::verdict(data)),
        "payment_shapes" => Some(shapes::verdict(data)),
        _ => None,
    }
}

/// The codes a pain.001 import may refuse with: the XML reader's, pain.001's, the batch's
/// values and rules (`payments.*`), and a creation time that is not a date-time (`time.*`).
fn pain001_code(code: &str) -> bool {
    code.starts_with("payments.") || code.starts_with("time.")
}

/// **Property:** importing a pain.001 file never panics; a refusal has a `payments.*` (or,
/// for `CreDtTm`, `time.*`) code and a message of bounded length (a location is cut at each
/// level); an accepted batch passes every rule of the batch, and either exports again (as
/// .09 and .03), each export reading back to the same batch, or is refused by the export only
/// because a value does not fit pain.001's lengths (`payments.pain001_element_unsupported`).
///
/// Input: the file's bytes (UTF-8 required, as the CLI reads it; other bytes are read as
/// UTF-8 with replacement characters).
pub fn pain001_import(data: &[u8]) {
    use govblocks_payments::iso20022::pain001::{export, import, Version};
    let text = String::from_utf8_lossy(data);
    let batch = match import(&text) {
        Ok(batch) => batch,
        Err(e) => {
            assert!(pain001_code(e.code()), "{}: {e}", e.code());
            assert!(e.to_string().len() < 4000, "{e}");
            return;
        }
    };
    batch.check_rules().unwrap();
    for version in [Version::V09, Version::V03] {
        match export(&batch, version) {
            Ok(xml) => assert_eq!(import(&xml).unwrap(), batch, "{xml}"),
            Err(e) => assert_eq!(e.code(), "payments.pain001_element_unsupported", "{e}"),
        }
    }
}
