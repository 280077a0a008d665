//! GovStack Consent BB shapes: our exports carry every member the vendored definitions
//! require, and convert back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::govstack;
use serde_json::Value;

/// The top-level `required:` list of a vendored definition (the definitions are flat YAML: the
/// list is the first `required:` key, one `- name` per line).
fn required(file: &str) -> Vec<String> {
    let mut lines = file
        .lines()
        .skip_while(|l| l.trim_end() != "required:")
        .skip(1);
    let mut out = Vec::new();
    for line in lines.by_ref() {
        match line.trim().strip_prefix("- ") {
            Some(name) => out.push(name.to_owned()),
            None => break,
        }
    }
    assert!(!out.is_empty());
    out
}

/// Our corrections of the published definitions (documented in `govstack.rs`).
fn corrected(member: &str) -> &str {
    match member {
        "serizalizedSnapshot" => "serializedSnapshot",
        other => other,
    }
}

fn has_required(value: &Value, definition: &str) {
    for member in required(definition) {
        assert!(
            value.get(corrected(&member)).is_some(),
            "{member} missing from {value}"
        );
    }
}

const CONSENT_RECORD: &str = include_str!("../vectors/govstack-consent-bb/ConsentRecord.yaml");
const REVISION: &str = include_str!("../vectors/govstack-consent-bb/Revision.yaml");
const SIGNATURE: &str = include_str!("../vectors/govstack-consent-bb/Signature.yaml");
const POLICY: &str = include_str!("../vectors/govstack-consent-bb/Policy.yaml");
const DATA_ATTRIBUTE: &str = include_str!("../vectors/govstack-consent-bb/DataAttribute.yaml");
/// `DataAgreement`'s `required` list in `openapi/v2023.11.1/bundled.yaml` (see SOURCE.md).
const DATA_AGREEMENT_REQUIRED: &[&str] = &[
    "purpose",
    "purposeDescription",
    "controllerUrl",
    "controllerName",
    "policy",
    "lawfulBasis",
    "methodOfUse",
    "active",
    "forgettable",
    "lifecycle",
];

#[test]
fn agreements_convert_both_ways() {
    let das = govstack::data_agreements(&v1());
    assert_eq!(das.len(), 2, "one DataAgreement per purpose");
    for da in &das {
        let value = serde_json::to_value(da).unwrap();
        for member in DATA_AGREEMENT_REQUIRED {
            assert!(value.get(member).is_some(), "{member}");
        }
        has_required(&value["policy"], POLICY);
        for attribute in value["dataAttributes"].as_array().unwrap() {
            has_required(attribute, DATA_ATTRIBUTE);
        }
    }
    assert_eq!(das[0].lawful_basis, "consent");
    assert_eq!(das[0].policy.data_retention_period_days, Some(730));
    assert_eq!(das[0].policy.third_party_data_sharing, Some(true));

    let back = govstack::agreement_from(&das, "en", "https://msp.example.gov/consent").unwrap();
    let mut expected = v1();
    // GovStack has no recipients, and writes the retention period in days.
    for p in &mut expected.purposes {
        p.recipients.clear();
    }
    expected.retention_period = "P730D".into();
    assert_eq!(back, expected);

    let mut bad = das.clone();
    bad[0].lawful_basis = "because".into();
    let e = govstack::agreement_from(&bad, "en", "x").unwrap_err();
    assert_eq!(e.code(), "consent.govstack_invalid");
}

#[test]
fn records_revisions_and_signatures() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.clock.advance(time::Duration::minutes(1));
    f.service.withdraw(&given.record).unwrap();
    let record = f.service.load(&given.record).unwrap();

    let records = govstack::consent_records(&record);
    assert_eq!(records.len(), 2);
    for r in &records {
        has_required(&serde_json::to_value(r).unwrap(), CONSENT_RECORD);
        assert!(!r.opt_in, "withdrawn is optIn false");
        assert_eq!(r.state, "signed");
    }

    let revisions = govstack::revisions(&record);
    assert_eq!(revisions.len(), 2);
    for r in &revisions {
        has_required(&serde_json::to_value(r).unwrap(), REVISION);
    }
    assert_eq!(
        revisions[1].predecessor_hash.as_deref(),
        Some(revisions[0].serialized_hash.as_str())
    );
    // Back to stored revisions, which verify as the same record.
    let stored = govstack::stored_revisions(&revisions).unwrap();
    let again = f.verifier.verify(&given.record, &stored).unwrap();
    assert_eq!(again.head().digest(), record.head().digest());
    // A snapshot changed without its hash is refused.
    let mut tampered = revisions.clone();
    tampered[0].serialized_snapshot = tampered[0]
        .serialized_snapshot
        .replace("eligibility", "research");
    assert_eq!(
        govstack::stored_revisions(&tampered).unwrap_err().code(),
        "consent.govstack_invalid"
    );

    let signatures = govstack::signatures(record.head());
    assert_eq!(signatures.len(), 1);
    has_required(&serde_json::to_value(&signatures[0]).unwrap(), SIGNATURE);
    assert_eq!(signatures[0].verification_method, "eddsa-jcs-2022");
    let proof = govstack::proof_from_signature(&signatures[0]).unwrap();
    assert_eq!(proof, record.head().document()["proof"]);
}
