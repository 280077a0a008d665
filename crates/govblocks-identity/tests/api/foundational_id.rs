//! The foundational ID subject: sample subjects in several scripts, every invalid field with its
//! code, and the schema and `FoundationalIdSubject::check` run over the same lists.
//!
//! The schema cannot compute a Verhoeff check digit, nor know which two-letter codes ISO has
//! assigned, nor decode a multihash: for those, the expected outcome is "the schema passes,
//! `check` fails", and the tables below say so case by case.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::jcs::canonicalize;
use govblocks_identity::error::CODES;
use govblocks_identity::foundational_id::{
    check_country, check_uin, decode_photo_digest, photo_digest, BirthDate, FoundationalIdSubject,
    Residence, Sex, SUBJECT_TYPE,
};
use govblocks_identity::schemas::{ids, registry};
use govblocks_identity::{verhoeff, Error};
use serde_json::{json, Value};

/// A valid subject, every member present.
fn sample() -> Value {
    json!({
        "id": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "type": "FoundationalId",
        "uin": "7260181597",
        "givenName": "Ayesha",
        "familyName": "Rahman",
        "birthDate": "1990-02-28",
        "sex": "F",
        "residence": { "district": "Gazipur", "region": "Dhaka", "country": "BD" },
        "photoDigest": photo_digest(b"enrolment photo")
    })
}

fn with(member: &str, value: Value) -> Value {
    let mut subject = sample();
    subject[member] = value;
    subject
}

fn with_country(country: &str) -> Value {
    let mut subject = sample();
    subject["residence"]["country"] = json!(country);
    subject
}

/// The schema's verdict.
fn schema_accepts(subject: &Value) -> bool {
    registry().validate(ids::FOUNDATIONAL_ID, subject).is_ok()
}

/// The Rust verdict: serde, then `check`.
fn rust_check(subject: &Value) -> Result<(), String> {
    let typed: FoundationalIdSubject =
        serde_json::from_value(subject.clone()).map_err(|e| format!("serde: {e}"))?;
    typed.check().map_err(|e| e.code().to_owned())
}

/// Reads, writes back, and compares canonical forms.
fn assert_round_trips(subject: &Value) {
    let typed: FoundationalIdSubject = serde_json::from_value(subject.clone()).unwrap();
    let written = serde_json::to_value(&typed).unwrap();
    assert_eq!(canonicalize(&written), canonicalize(subject), "{subject}");
}

#[test]
fn valid_subjects_in_several_scripts() {
    let subjects = [
        sample(),
        // Cyrillic (Kazakhstan), no photo, no sex, no id.
        json!({
            "type": "FoundationalId",
            "uin": "2830166132",
            "givenName": "Анна",
            "familyName": "Иванова",
            "birthDate": "1984-11-03",
            "residence": { "district": "Медеуский район", "region": "Алматы", "country": "KZ" }
        }),
        // Arabic (Jordan), a set of types.
        json!({
            "type": ["FoundationalId", "Person"],
            "uin": "3860913907",
            "givenName": "فاطمة",
            "familyName": "الزهراء",
            "birthDate": "2000-02-29",
            "sex": "F",
            "residence": { "district": "عمان", "region": "محافظة العاصمة", "country": "JO" }
        }),
        // Devanagari (Nepal), 12 digits.
        json!({
            "type": "FoundationalId",
            "uin": "491827364553",
            "givenName": "सीता",
            "familyName": "शर्मा",
            "birthDate": "1975-07-01",
            "sex": "X",
            "residence": { "district": "काठमाडौं", "region": "बागमती प्रदेश", "country": "NP" }
        }),
        // A single name, 30 digits, country only, extension members at both levels.
        json!({
            "type": "FoundationalId",
            "uin": "999991234567890123456789043219",
            "familyName": "Sukarno",
            "birthDate": "1901-06-06",
            "sex": "M",
            "residence": { "country": "ID", "postalCode": "10110" },
            "placeOfBirth": { "country": "ID", "locality": "Surabaya" },
            "enrolledAt": "2019-03-01T09:00:00Z"
        }),
    ];
    for subject in &subjects {
        registry().validate(ids::FOUNDATIONAL_ID, subject).unwrap();
        assert_eq!(rust_check(subject), Ok(()), "{subject}");
        assert_round_trips(subject);
    }
}

#[test]
fn builder_matches_the_wire_form() {
    let subject = FoundationalIdSubject::new(
        "7260181597",
        "Rahman",
        BirthDate::parse("1990-02-28").unwrap(),
        Residence::new("BD")
            .with_district("Gazipur")
            .with_region("Dhaka"),
    )
    .with_id("did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    .with_given_name("Ayesha")
    .with_sex(Sex::Female)
    .with_photo(b"enrolment photo");
    subject.check().unwrap();
    let value = serde_json::to_value(&subject).unwrap();
    assert_eq!(canonicalize(&value), canonicalize(&sample()));
    assert_eq!(
        subject.types.first().map(String::as_str),
        Some(SUBJECT_TYPE)
    );
}

#[test]
fn round_trip_keeps_unknown_members_and_spelling() {
    let mut subject = sample();
    subject["x-notes"] = json!({ "z": [1, 2.5, null, true], "a": "é" });
    subject["residence"]["locality"] = json!("Tongi");
    subject["type"] = json!(["FoundationalId"]); // a set of one stays a set
    assert_round_trips(&subject);
    // Deserializing keeps an invalid birth date as written, for `check` to report.
    let odd = with("birthDate", json!("2023-02-29"));
    assert_round_trips(&odd);
}

#[test]
fn photo_digest_proves_the_photo() {
    let subject: FoundationalIdSubject = serde_json::from_value(sample()).unwrap();
    assert!(subject.photo_matches(b"enrolment photo").unwrap());
    assert!(!subject.photo_matches(b"another photo").unwrap());
    let mut no_photo = subject.clone();
    no_photo.photo_digest = None;
    assert!(!no_photo.photo_matches(b"enrolment photo").unwrap());
    // Known answer: SHA-256("x") = 2d711642…, as a multihash.
    assert_eq!(
        photo_digest(b"x"),
        "zQmRQ353oFNqt8zfZ9X1HgRUszwv9RkEEwmMZZkbkYEsybn"
    );
    assert_eq!(
        decode_photo_digest("zQmRQ353oFNqt8zfZ9X1HgRUszwv9RkEEwmMZZkbkYEsybn").unwrap()[..4],
        [0x2d, 0x71, 0x16, 0x42]
    );
}

/// Each invalid field: what the schema says, and what serde + `check` say (the error code, or
/// a serde failure). `true` in the schema column means the schema accepts it.
#[test]
fn each_invalid_field_has_its_code() {
    const NUMBER: &str = "foundational_id.number_invalid";
    const DATE: &str = "foundational_id.birth_date_invalid";
    const COUNTRY: &str = "foundational_id.country_invalid";
    const PHOTO: &str = "foundational_id.photo_digest_invalid";
    let cases: Vec<(&str, Value, bool, Option<&str>)> = vec![
        // uin
        (
            "wrong check digit",
            with("uin", json!("7260181598")),
            true,
            Some(NUMBER),
        ),
        (
            "adjacent digits swapped",
            with("uin", json!("7260181957")),
            true,
            Some(NUMBER),
        ),
        (
            "leading zero",
            with("uin", json!("0123456783")),
            false,
            Some(NUMBER),
        ),
        (
            "9 digits",
            with("uin", json!("726018159")),
            false,
            Some(NUMBER),
        ),
        (
            "31 digits",
            with("uin", json!("9999912345678901234567890432108")),
            false,
            Some(NUMBER),
        ),
        (
            "spaces",
            with("uin", json!("7260 1815 97")),
            false,
            Some(NUMBER),
        ),
        (
            "Devanagari digits",
            with("uin", json!("७२६०१८१५९७")),
            false,
            Some(NUMBER),
        ),
        (
            "number, not string",
            with("uin", json!(7260181597u64)),
            false,
            None,
        ),
        // birthDate
        (
            "29 February 2023",
            with("birthDate", json!("2023-02-29")),
            false,
            Some(DATE),
        ),
        (
            "31 April",
            with("birthDate", json!("1990-04-31")),
            false,
            Some(DATE),
        ),
        (
            "month 13",
            with("birthDate", json!("1990-13-01")),
            false,
            Some(DATE),
        ),
        (
            "day 00",
            with("birthDate", json!("1990-01-00")),
            false,
            Some(DATE),
        ),
        (
            "one-digit month",
            with("birthDate", json!("1990-2-28")),
            false,
            Some(DATE),
        ),
        (
            "date-time",
            with("birthDate", json!("1990-02-28T00:00:00Z")),
            false,
            Some(DATE),
        ),
        (
            "year only",
            with("birthDate", json!("1990")),
            false,
            Some(DATE),
        ),
        // residence.country
        ("user-assigned XK", with_country("XK"), true, Some(COUNTRY)),
        ("user-assigned ZZ", with_country("ZZ"), true, Some(COUNTRY)),
        ("reserved UK", with_country("UK"), true, Some(COUNTRY)),
        ("withdrawn AN", with_country("AN"), true, Some(COUNTRY)),
        ("lower case", with_country("bd"), false, Some(COUNTRY)),
        ("alpha-3", with_country("BGD"), false, Some(COUNTRY)),
        ("digit", with_country("B1"), false, Some(COUNTRY)),
        // photoDigest
        (
            "Qm… whose multihash header is 0x121e",
            with(
                "photoDigest",
                json!("zQm11111111111111111111111111111111111111111111"),
            ),
            true,
            Some(PHOTO),
        ),
        (
            "Qm… whose multihash header is 0x1222",
            with(
                "photoDigest",
                json!("zQmzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"),
            ),
            true,
            Some(PHOTO),
        ),
        (
            "sha3-256 multihash",
            with(
                "photoDigest",
                json!("zW1cWNbKZ1fpDDtk11FcyTyauM1orNh5MEabiLjy1pBhMeG"),
            ),
            false,
            Some(PHOTO),
        ),
        (
            "31-byte digest",
            with(
                "photoDigest",
                json!("z6PJJuaYStHjLk3eHM4B2y4HHYFi3N1jRTTMyKJ8RN8Duh"),
            ),
            false,
            Some(PHOTO),
        ),
        (
            "not multibase base58btc",
            with(
                "photoDigest",
                json!("mEiAtcRZCx-1Fc9X8P_6v5p2Gk5I6Hs6H8ZNrObmv7hzeYw"),
            ),
            false,
            Some(PHOTO),
        ),
        (
            "base58 alphabet broken (0)",
            with(
                "photoDigest",
                json!("zQm0Q353oFNqt8zfZ9X1HgRUszwv9RkEEwmMZZkbkYEsybn"),
            ),
            false,
            Some(PHOTO),
        ),
        // what only the schema and serde see
        ("sex spelled out", with("sex", json!("female")), false, None),
        ("sex lower case", with("sex", json!("f")), false, None),
        (
            "other type",
            with("type", json!("Person")),
            false,
            Some("ok"),
        ),
        (
            "type set without FoundationalId",
            with("type", json!(["Person"])),
            false,
            Some("ok"),
        ),
        (
            "empty given name",
            with("givenName", json!("")),
            false,
            Some("ok"),
        ),
        (
            "empty family name",
            with("familyName", json!("")),
            false,
            Some("ok"),
        ),
        (
            "empty district",
            {
                let mut s = sample();
                s["residence"]["district"] = json!("");
                s
            },
            false,
            Some("ok"),
        ),
        (
            "id not a URI",
            with("id", json!("not a uri")),
            false,
            Some("ok"),
        ),
    ];
    for (name, subject, schema_ok, expected) in &cases {
        assert_eq!(schema_accepts(subject), *schema_ok, "schema, {name}");
        let rust = rust_check(subject);
        match expected {
            Some("ok") => assert_eq!(rust, Ok(()), "{name}: the schema's rule alone"),
            Some(code) => assert_eq!(rust, Err((*code).to_owned()), "{name}"),
            None => assert!(
                matches!(&rust, Err(e) if e.starts_with("serde:")),
                "{name}: {rust:?}"
            ),
        }
    }
    // Missing required members.
    for member in ["type", "uin", "familyName", "birthDate", "residence"] {
        let mut subject = sample();
        subject.as_object_mut().unwrap().remove(member);
        assert!(!schema_accepts(&subject), "schema, without {member}");
        assert!(rust_check(&subject).is_err(), "serde, without {member}");
    }
    let mut subject = sample();
    subject["residence"]
        .as_object_mut()
        .unwrap()
        .remove("country");
    assert!(!schema_accepts(&subject));
    assert!(rust_check(&subject).is_err());
}

/// Schema and Rust over one list of UINs. The schema checks the shape; `check_uin` the shape
/// and the Verhoeff digit, so the only disagreement allowed is a well-shaped number with a
/// wrong check digit (schema yes, Rust no).
#[test]
fn schema_and_rust_agree_on_uins() {
    let cases = [
        ("7260181597", true, true),
        ("2830166132", true, true),
        ("491827364553", true, true),            // 12 digits, as Aadhaar
        ("2363000000", true, false),             // well-shaped, wrong check digit
        ("1234567890120", true, true),           // Rosetta Code's 123456789012 and its check digit
        ("1234567890129", true, false),          // … with 9 instead
        ("84736430954837284567892", true, true), // Code Review SE 221229
        ("84736430954837284567893", true, false),
        ("999991234567890123456789043219", true, true), // 30 digits
        ("9999912345678901234567890432108", false, false), // 31
        ("236", false, false),                          // valid Verhoeff, too short
        ("0123456783", false, false),                   // valid Verhoeff, leading 0
        ("", false, false),
        ("72601815 7", false, false),
        ("726018159७", false, false),
    ];
    for (uin, schema_ok, rust_ok) in cases {
        assert_eq!(
            schema_accepts(&with("uin", json!(uin))),
            schema_ok,
            "schema {uin:?}"
        );
        assert_eq!(check_uin(uin).is_ok(), rust_ok, "check_uin {uin:?}");
        assert_eq!(
            (10..=30).contains(&uin.len()) && verhoeff::is_valid(uin) && !uin.starts_with('0'),
            rust_ok,
            "{uin:?}"
        );
    }
}

/// Schema (pattern + format date) and `BirthDate::parse` accept exactly the same strings.
#[test]
fn schema_and_rust_agree_on_birth_dates() {
    let cases = [
        ("1990-02-28", true),
        ("2000-02-29", true),  // divisible by 400
        ("1900-02-29", false), // divisible by 100
        ("2024-02-29", true),
        ("2023-02-29", false),
        ("2024-04-30", true),
        ("2024-04-31", false),
        ("2024-12-31", true),
        ("0001-01-01", true),
        ("0000-01-01", true), // RFC 3339 full-date has year 0000
        ("9999-12-31", true),
        ("2024-00-10", false),
        ("2024-13-10", false),
        ("2024-01-00", false),
        ("2024-01-32", false),
        ("2024-1-01", false),
        ("24-01-01", false),
        ("+2024-01-01", false),
        ("12024-01-01", false),
        ("2024/01/01", false),
        ("2024-01-01 ", false),
        (" 2024-01-01", false),
        ("2024-01-01T00:00:00Z", false),
        ("２０２４-01-01", false), // full-width digits
        ("२०२४-01-01", false),     // Devanagari digits
        ("", false),
    ];
    for (text, valid) in cases {
        assert_eq!(
            schema_accepts(&with("birthDate", json!(text))),
            valid,
            "schema {text:?}"
        );
        let parsed = BirthDate::parse(text);
        assert_eq!(parsed.is_ok(), valid, "BirthDate::parse {text:?}");
        if let Ok(date) = parsed {
            assert_eq!(date.as_str(), text, "kept as written");
            assert_eq!(
                BirthDate::from_date(date.date().unwrap()).unwrap(),
                date,
                "one spelling per date"
            );
        } else {
            assert_eq!(
                parsed.unwrap_err().code(),
                "foundational_id.birth_date_invalid"
            );
        }
    }
    let too_late = time::Date::from_calendar_date(-1, time::Month::January, 1).unwrap();
    assert_eq!(
        BirthDate::from_date(too_late).unwrap_err().code(),
        "foundational_id.birth_date_invalid"
    );
}

/// Of the 676 two-letter codes, exactly the 249 that ISO 3166-1 assigns pass.
#[test]
fn country_codes() {
    let mut accepted = Vec::new();
    for a in b'A'..=b'Z' {
        for b in b'A'..=b'Z' {
            let code = String::from_utf8(vec![a, b]).unwrap();
            let ok = check_country(&code).is_ok();
            assert!(schema_accepts(&with_country(&code)), "schema {code}");
            if ok {
                accepted.push(code);
            }
        }
    }
    assert_eq!(accepted.len(), 249, "{accepted:?}");
    // Assigned, including the newest (SS 2011; BQ, CW, SX 2010), territories, and Antarctica.
    for code in [
        "AQ", "AX", "BD", "BQ", "CW", "GB", "IN", "JO", "KE", "KZ", "NP", "PS", "SS", "SX", "TW",
        "US", "ZW",
    ] {
        assert!(accepted.iter().any(|c| c == code), "{code}");
    }
    // User-assigned, exceptionally reserved, transitionally reserved or withdrawn.
    for code in [
        "AA", "XK", "XX", "QZ", "ZZ", "UK", "EU", "AN", "YU", "CS", "DD", "SU",
    ] {
        assert_eq!(
            check_country(code).unwrap_err().code(),
            "foundational_id.country_invalid",
            "{code}"
        );
    }
    for code in ["", "B", "bd", "Bd", "BGD", "B1", "ÉS", "ＢＤ"] {
        assert!(check_country(code).is_err(), "{code:?}");
    }
}

#[test]
fn the_credential_schema() {
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential", "FoundationalIdCredential"],
        "issuer": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSchema": {
            "id": ids::FOUNDATIONAL_ID,
            "type": "JsonSchema"
        },
        "credentialSubject": sample()
    });
    registry()
        .validate(ids::FOUNDATIONAL_ID_CREDENTIAL, &credential)
        .unwrap();

    // A bad subject is reported at its path.
    let mut bad = credential.clone();
    bad["credentialSubject"]["sex"] = json!("female");
    let error = registry()
        .validate(ids::FOUNDATIONAL_ID_CREDENTIAL, &bad)
        .unwrap_err();
    assert!(
        error
            .violations()
            .iter()
            .any(|v| v.instance_path == "/credentialSubject/sex"),
        "{:?}",
        error.violations()
    );

    // One subject, not a set.
    let mut set = credential.clone();
    set["credentialSubject"] = json!([sample()]);
    assert!(registry()
        .validate(ids::FOUNDATIONAL_ID_CREDENTIAL, &set)
        .is_err());

    // The credential rules still apply.
    let mut no_issuer = credential.clone();
    no_issuer.as_object_mut().unwrap().remove("issuer");
    assert!(registry()
        .validate(ids::FOUNDATIONAL_ID_CREDENTIAL, &no_issuer)
        .is_err());
}

#[test]
fn error_codes_are_listed_and_sorted() {
    let errors = [
        Error::IdNumberInvalid { reason: "x".into() },
        Error::BirthDateInvalid { reason: "x".into() },
        Error::CountryInvalid { reason: "x".into() },
        Error::PhotoDigestInvalid { reason: "x".into() },
    ];
    for error in &errors {
        assert!(CODES.contains(&error.code()), "{}", error.code());
        assert!(error.code().starts_with("foundational_id."));
    }
    assert!(
        CODES.windows(2).all(|w| w[0] < w[1]),
        "CODES sorted, no duplicates"
    );
}

#[test]
fn errors_do_not_repeat_personal_data() {
    type Check = Box<dyn Fn(&str) -> Result<(), Error>>;
    let cases: [(&str, Check); 3] = [
        ("7260181598", Box::new(check_uin)),
        ("2023-02-29", Box::new(|t| BirthDate::parse(t).map(|_| ()))),
        ("XK", Box::new(check_country)),
    ];
    for (value, check) in &cases {
        let message = check(value).unwrap_err().to_string();
        assert!(!message.contains(value), "{message}");
    }
}

/// A foundational ID credential whose UIN has a wrong check digit passes the subject schema
/// but is refused by the verifier's subject rule; a good one verifies.
#[test]
fn the_verifier_runs_the_foundational_id_rules() {
    use govblocks_core::clock::{FixedClock, Timestamp};
    use govblocks_core::keys::SecretKey;
    use govblocks_core::proof::{ProofOptions, Verifier};
    use govblocks_core::resolver::{DidKeyResolver, TrustList};
    use govblocks_identity::credential::{issue, Credential, CredentialSchema, CredentialVerifier};
    use govblocks_identity::foundational_id::{
        check_credential, BirthDate, FoundationalIdSubject, Residence,
    };
    use govblocks_identity::one_or_many::OneOrMany;

    let registry = SecretKey::from_seed(&[1; 32]);
    let credential_with_uin = |uin: &str| {
        let subject = FoundationalIdSubject::new(
            uin,
            "Коваленко",
            BirthDate::parse("1984-05-17").unwrap(),
            Residence::new("UA"),
        );
        let mut c = Credential::with_subject(registry.public_key().did(), &[], &subject).unwrap();
        c.credential_schema = Some(OneOrMany::One(CredentialSchema {
            id: govblocks_identity::schemas::ids::FOUNDATIONAL_ID.into(),
            schema_type: "JsonSchema".into(),
            rest: Default::default(),
        }));
        // issue() checks the credential's structure, not its subject's rules.
        serde_json::to_vec(&issue(&c, &registry, &ProofOptions::assertion()).unwrap()).unwrap()
    };
    let office = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust_all_purposes(registry.public_key().did()),
        )
        .with_clock(FixedClock::new(
            Timestamp::parse("2024-06-01T00:00:00Z", "t").unwrap(),
        )),
    )
    .with_subject_rule(check_credential);
    let good = govblocks_identity::verhoeff::with_check_digit("234567890").unwrap();
    office.verify(&credential_with_uin(&good)).unwrap();
    let mut bad = good.clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '0' { '1' } else { '0' });
    let e = office.verify(&credential_with_uin(&bad)).unwrap_err();
    assert_eq!(e.code(), "foundational_id.number_invalid");
}
