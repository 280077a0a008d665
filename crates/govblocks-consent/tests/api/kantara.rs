//! Kantara Consent Receipt v1.1: our receipts validate against Kantara's published schema
//! (vendored unmodified; its `//` comment lines are stripped here, before reading it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::kantara::{receipt, ReceiptOptions, VERSION};
use govblocks_consent::lifecycle::Event;
use govblocks_consent::service::Change;
use serde_json::Value;

const SCHEMA: &str =
    include_str!("../vectors/kantara-cr-v1.1/kantara-consent-receipt-v1_1-schema.json");

fn validator() -> jsonschema::Validator {
    let text: String = SCHEMA
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let schema: Value = serde_json::from_str(&text).unwrap();
    jsonschema::draft4::new(&schema).unwrap()
}

fn options() -> ReceiptOptions {
    ReceiptOptions::new(
        "web form",
        "Data Protection Office",
        "dpo@msp.example.gov",
        "+254 20 000000",
    )
}

#[test]
fn a_receipt_validates_against_kantaras_schema() {
    let f = fixture();
    let given = f
        .service
        .give(
            AGREEMENT,
            "1",
            PRINCIPAL,
            &["eligibility", "research"],
            Some(ts("2026-03-01T00:00:00Z")),
        )
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let r = receipt(&record, &options()).unwrap();
    let validator = validator();
    let errors: Vec<String> = validator.iter_errors(&r).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}\n{r:#}");
    assert_eq!(r["version"], VERSION);
    assert_eq!(r["consentTimestamp"], 1_740_823_200);
    assert_eq!(r["sensitive"], true);
    assert_eq!(r["spiCat"], serde_json::json!(["income"]));
    assert_eq!(r["services"][0]["purposes"][0]["thirdPartyName"], TAX);

    // A withdrawn record keeps the receipt of the consent it ended.
    f.service.withdraw(&given.record).unwrap();
    let withdrawn = f.service.load(&given.record).unwrap();
    assert!(validator.is_valid(&receipt(&withdrawn, &options()).unwrap()));
    // The schema refuses what a receipt must not be.
    let mut bad = r.clone();
    bad["consentTimestamp"] = Value::from("2025-03-01T10:00:00Z");
    assert!(!validator.is_valid(&bad));
}

#[test]
fn no_receipt_for_a_refused_or_never_given_record() {
    let f = fixture();
    for event in [Event::Refuse, Event::Request, Event::Defer] {
        let r = f
            .service
            .create(
                AGREEMENT,
                "1",
                PRINCIPAL,
                event,
                Change::none().purposes(["eligibility"]),
            )
            .unwrap();
        let record = f.service.load(&r.record).unwrap();
        let e = receipt(&record, &options()).unwrap_err();
        assert_eq!(e.code(), "consent.receipt_unavailable");
    }
}
