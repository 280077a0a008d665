//! The seeds of the payments fuzz targets: amounts in each minor unit, at the boundaries and
//! refused for each reason (`CUR amount`, see [`crate::payments::money_input`]); IBANs from the
//! SWIFT IBAN registry's examples in both formats and each refusal.

use std::path::Path;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the payments seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    for (name, input) in [
        ("accepted-usd", "USD 12.50"),
        ("accepted-usd-minimal", "USD 12.5"),
        ("accepted-usd-default", "1250.75"),
        ("accepted-zero", "USD 0"),
        ("accepted-smallest-usd", "USD 0.01"),
        ("accepted-jpy", "JPY 1500"),
        ("accepted-kwd", "KWD 1.250"),
        ("accepted-clf", "CLF 0.0001"),
        ("accepted-max-usd", "USD 9999999999999999.99"),
        ("accepted-max-jpy", "JPY 999999999999999999"),
        ("refused-negative", "USD -5"),
        ("refused-plus", "USD +5"),
        ("refused-exponent", "USD 1e3"),
        ("refused-leading-zero", "USD 05.00"),
        ("refused-decimals-usd", "USD 12.345"),
        ("refused-decimals-jpy", "JPY 1.0"),
        ("refused-digits", "USD 10000000000000000"),
        ("refused-no-minor-unit", "XAU 1"),
        ("refused-unknown-currency", "ABC 1"),
        ("refused-empty", "USD "),
        ("refused-comma", "EUR 1,50"),
        ("refused-point-only", "USD ."),
    ] {
        write(out, "money_parse", name, input.as_bytes());
    }
    for (name, input) in [
        ("accepted-de", "DE89370400440532013000"),
        ("accepted-de-print-lower", "de89 3704 0044 0532 0130 00"),
        ("accepted-gb", "GB29NWBK60161331926819"),
        ("accepted-fr", "FR1420041010050500013M02606"),
        ("accepted-no-shortest", "NO9386011117947"),
        ("accepted-lc-longest", "LC55HEMM000100010012001200023015"),
        ("accepted-mt", "MT84MALT011000012345MTLCAST001S"),
        ("accepted-sa", "SA0380000000608010167519"),
        ("accepted-ua", "UA213223130000026007233566001"),
        ("accepted-kw", "KW81CBKU0000000000001234560101"),
        ("accepted-br", "BR1800360305000010009795493C1"),
        ("refused-checksum", "DE88370400440532013000"),
        ("refused-check-digits-00", "DE00370400440532013000"),
        ("refused-country", "US64SVBKUS6S3300958879"),
        ("refused-structure-length", "DE5137040044053201300"),
        ("refused-format-dash", "DE89-3704-0044-0532-0130-00"),
        ("refused-format-tab", "DE89\t370400440532013000"),
        ("refused-empty", ""),
    ] {
        write(out, "iban_parse", name, input.as_bytes());
    }
}
