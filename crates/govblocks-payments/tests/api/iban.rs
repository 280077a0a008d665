//! IBANs: every example of the SWIFT IBAN registry (release 98, as `iban_validate` 5.0.1
//! extracted them: `tests/vectors/iban-registry-r98/`), in electronic and print format and in
//! lower case, then each damaged: check digits, transposed characters, one character more or
//! less (check digits recomputed, so only the length is wrong), structure; and hand-made
//! refusals.

#[path = "../vectors/iban-registry-r98/registry_examples_generated.rs"]
#[allow(dead_code, unreachable_pub)]
mod registry;

use govblocks_payments::account::Iban;

/// ISO 7064 mod 97-10 check digits for `country` and `bban`, computed here independently of
/// the crates under test.
fn check_digits(country: &str, bban: &str) -> String {
    let mut rem: u32 = 0;
    for c in bban.chars().chain(country.chars()).chain("00".chars()) {
        let v = c.to_digit(36).unwrap();
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    format!("{:02}", 98 - rem)
}

fn with_check_digits(country: &str, bban: &str) -> String {
    format!("{country}{}{bban}", check_digits(country, bban))
}

fn code(input: &str) -> &'static str {
    match Iban::parse(input) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn the_vendored_examples_are_the_published_file() {
    use sha2::{Digest, Sha256};
    let bytes = include_bytes!("../vectors/iban-registry-r98/registry_examples_generated.rs");
    let hex: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(
        hex,
        "de35894e4edf6cf6e456abece82aba2b3e799b40680382a1b122f6734eb95053"
    );
}

#[test]
fn every_registry_example_parses_in_every_format() {
    assert!(
        registry::EXAMPLES.len() >= 80,
        "{}",
        registry::EXAMPLES.len()
    );
    for ex in registry::EXAMPLES {
        // A few of the registry's BBAN examples are written with spaces (BY, FR, RU, …).
        let bban = ex.bban.replace(' ', "");
        // Our own check digits agree with the registry's.
        assert_eq!(
            with_check_digits(ex.country_code, &bban),
            ex.iban_electronic
        );
        for input in [
            ex.iban_electronic.to_owned(),
            ex.iban_print.to_owned(),
            ex.iban_electronic.to_ascii_lowercase(),
            ex.iban_print.to_ascii_lowercase(),
            format!(" {} ", ex.iban_print), // stray spaces around, as pasted
        ] {
            let iban = Iban::parse(&input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(iban.as_str(), ex.iban_electronic);
            // Groups of four (the registry's own print example for EG is not grouped).
            let groups: Vec<String> = ex
                .iban_electronic
                .as_bytes()
                .chunks(4)
                .map(|g| String::from_utf8(g.to_vec()).unwrap())
                .collect();
            assert_eq!(iban.print_format(), groups.join(" "));
            assert_eq!(iban.country_code(), ex.country_code);
            assert_eq!(iban.bban(), bban);
            assert_eq!(iban.bank_identifier(), ex.bank_identifier, "{input}");
            assert_eq!(iban.branch_identifier(), ex.branch_identifier, "{input}");
            let json = serde_json::to_string(&iban).unwrap();
            assert_eq!(json, format!("\"{}\"", ex.iban_electronic));
        }
    }
}

#[test]
fn every_registry_example_damaged_is_refused_with_its_code() {
    for ex in registry::EXAMPLES {
        let (cc, bban) = (ex.country_code, &ex.bban.replace(' ', ""));
        let right: u32 = ex.iban_electronic[2..4].parse().unwrap();
        // Other check digits (still two digits, never 00 or 01): the checksum.
        let wrong = if right >= 97 { 2 } else { right + 1 };
        assert_eq!(
            code(&format!("{cc}{wrong:02}{bban}")),
            "payments.iban_checksum",
            "{cc}"
        );
        // Two different adjacent characters swapped: mod 97 catches every such swap.
        let b = bban.as_bytes();
        if let Some(i) = (0..b.len() - 1).find(|&i| b[i] != b[i + 1]) {
            let mut swapped = b.to_vec();
            swapped.swap(i, i + 1);
            let swapped = String::from_utf8(swapped).unwrap();
            assert_eq!(
                code(&format!("{cc}{:02}{swapped}", right)),
                "payments.iban_checksum",
                "{cc} swap at {i}"
            );
        }
        // One character more or less, check digits recomputed: only the length is wrong.
        let longer = with_check_digits(cc, &format!("{bban}0"));
        assert_eq!(code(&longer), "payments.iban_structure", "{longer}");
        let shorter = with_check_digits(cc, &bban[..bban.len() - 1]);
        assert_eq!(code(&shorter), "payments.iban_structure", "{shorter}");
    }
}

#[test]
fn hand_made_vectors() {
    let de = "DE89370400440532013000";
    let rows: &[(&str, &str)] = &[
        // Accepted, and normalised.
        (de, "ok"),
        ("de89370400440532013000", "ok"),
        ("DE89 3704 0044 0532 0130 00", "ok"),
        ("de89 3704 0044 0532 0130 00", "ok"),
        ("DE89  3704 0044 05320130 00", "ok"), // irregular spacing: spaces are dropped
        ("GB29NWBK60161331926819", "ok"),
        ("NO9386011117947", "ok"),                  // the shortest (15)
        ("LC55HEMM000100010012001200023015", "ok"), // one of the longest (32)
        // Format.
        ("", "payments.iban_format"),
        ("DE", "payments.iban_format"),
        ("DE89", "payments.iban_format"),
        ("    ", "payments.iban_format"),
        ("8937040044053201300000", "payments.iban_format"),
        ("D189370400440532013000", "payments.iban_format"),
        ("DEX9370400440532013000", "payments.iban_format"),
        ("DE89-3704-0044-0532-0130-00", "payments.iban_format"),
        ("DE89\t370400440532013000", "payments.iban_format"),
        ("DE89\u{a0}370400440532013000", "payments.iban_format"), // a non-breaking space
        ("DE89370400440532013000\n", "payments.iban_format"),
        ("DÉ89370400440532013000", "payments.iban_format"),
        (
            "DE893704004405320130001234567890123",
            "payments.iban_format",
        ), // 35 characters
        // Checksum.
        ("DE88370400440532013000", "payments.iban_checksum"),
        ("DE00370400440532013000", "payments.iban_checksum"),
        ("DE01370400440532013000", "payments.iban_checksum"),
        ("DE99370400440532013000", "payments.iban_checksum"),
        ("GB29NWBK60161331926818", "payments.iban_checksum"),
    ];
    for (input, expected) in rows {
        assert_eq!(code(input), *expected, "{input:?}");
    }
    // Not in the registry, with right check digits: the country.
    for (cc, bban) in [
        ("US", "021000021123456789"),
        ("XX", "1234567890"),
        ("CA", "0001234567890"),
    ] {
        let iban = with_check_digits(cc, bban);
        assert_eq!(code(&iban), "payments.iban_country", "{iban}");
    }
    // Right check digits, wrong structure: letters where the registry has digits.
    for (cc, bban) in [
        ("DE", "37040044053201300A"),     // DE: 18 digits
        ("GB", "NWBK6016133192681X"),     // GB: 4 letters, 14 digits
        ("GB", "NWB160161331926819"),     // a digit in the bank code
        ("FR", "2004101005050001X02606"), // FR: 5n 5n 11c 2n; a letter in the key
        ("NL", "1BNA0417164300"),         // NL: 4 letters, 10 digits
    ] {
        let iban = with_check_digits(cc, bban);
        assert_eq!(code(&iban), "payments.iban_structure", "{iban}");
    }
    let e = Iban::parse("DE88370400440532013000").unwrap_err();
    assert!(e.to_string().contains("DE88370400440532013000"), "{e}");
}

#[test]
fn serde_reads_any_format_and_writes_the_electronic_one() {
    let iban: Iban = serde_json::from_str("\"DE89 3704 0044 0532 0130 00\"").unwrap();
    assert_eq!(
        serde_json::to_string(&iban).unwrap(),
        "\"DE89370400440532013000\""
    );
    let e = serde_json::from_str::<Iban>("\"DE88370400440532013000\"").unwrap_err();
    assert!(e.to_string().contains("check digits"), "{e}");
}
