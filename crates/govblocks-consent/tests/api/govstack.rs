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

// ---- every exported object against its published schema (both shapes) ---------------------

const SPEC_YAML: &[u8] = include_bytes!("../vectors/govstack-bb-consent-spec/consent-openapi.yaml");
const SPEC_SCHEMA: &str = include_str!("../govstack-schemas/spec.schema.json");
const REFERENCE_SCHEMA: &str = include_str!("../govstack-schemas/reference.schema.json");

/// A validator for definition `name` of a converted schema document (its `$ref`s to other
/// definitions resolved within the document).
fn definition(document: &str, name: &str) -> jsonschema::Validator {
    let mut schema: Value = serde_json::from_str(document).unwrap();
    assert!(schema["$defs"].get(name).is_some(), "no definition {name}");
    schema["$ref"] = Value::from(format!("#/$defs/{name}"));
    jsonschema::draft202012::new(&schema).unwrap()
}

fn valid(validator: &jsonschema::Validator, instance: &Value, what: &str) {
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{what}: {errors:?}\n{instance:#}");
}

/// The conversions were made from the vendored files as they are (convert.py records their
/// SHA-256): a vendored file replaced without running the script again fails here.
#[test]
fn conversions_are_of_the_vendored_files() {
    use govblocks_core::digest::ContentDigest;
    let spec: Value = serde_json::from_str(SPEC_SCHEMA).unwrap();
    assert_eq!(
        spec["x-source-sha256"]["consent-openapi.yaml"],
        ContentDigest::of_bytes(SPEC_YAML).to_hex()
    );
    let reference: Value = serde_json::from_str(REFERENCE_SCHEMA).unwrap();
    for (file, text) in [
        ("ConsentRecord.yaml", CONSENT_RECORD),
        ("Revision.yaml", REVISION),
        ("Signature.yaml", SIGNATURE),
        ("Policy.yaml", POLICY),
        ("DataAttribute.yaml", DATA_ATTRIBUTE),
    ] {
        assert_eq!(
            reference["x-source-sha256"][file],
            ContentDigest::of_bytes(text.as_bytes()).to_hex(),
            "{file}"
        );
    }
}

/// A record given (by the person too: two proofs), renewed and withdrawn, under an agreement
/// with a sensitive attribute and a category without attributes.
fn record() -> govblocks_consent::record::VerifiedRecord {
    let f = fixture();
    let person = govblocks_core::keys::SecretKey::from_seed(&[3; 32]);
    let given = f
        .service
        .create(
            AGREEMENT,
            "1",
            PRINCIPAL,
            govblocks_consent::lifecycle::Event::Give,
            govblocks_consent::service::Change::none()
                .purposes(["eligibility"])
                .signed_by_principal(&person),
        )
        .unwrap();
    f.clock.advance(time::Duration::minutes(1));
    f.service.renew(&given.record, None).unwrap();
    f.clock.advance(time::Duration::minutes(1));
    f.service.withdraw(&given.record).unwrap();
    f.service.load(&given.record).unwrap()
}

fn exported(shape: govstack::Shape) -> Value {
    govstack::export(&record(), shape)
}

fn each<'a>(export: &'a Value, list: &str) -> &'a [Value] {
    let items = export[list].as_array().unwrap();
    assert!(!items.is_empty(), "{list} is empty");
    items
}

/// "Validated against the GovStack specification's own (`GovStackWorkingGroup/bb-consent`,
/// `api/consent-openapi.yaml`), a `DataAgreement` misses the required `dpia` and `policy.id`
/// and writes `lifecycle` as a string where the specification has an object (`id`, `name`),
/// and a `Signature` misses its `id`." Every object of the specification shape is valid
/// against the specification's schema (its `$ref`s resolved), and the reference shape's
/// `DataAgreement` is not (so the check can fail).
#[test]
fn the_specification_shape_is_valid_against_the_specification() {
    let export = exported(govstack::Shape::Specification);
    for (list, name) in [
        ("dataAgreements", "DataAgreement"),
        ("dataAgreementAttributes", "DataAgreementAttribute"),
        ("consentRecords", "ConsentRecord"),
        ("revisions", "Revision"),
        ("signatures", "Signature"),
    ] {
        let validator = definition(SPEC_SCHEMA, name);
        for item in each(&export, list) {
            valid(&validator, item, name);
        }
    }
    let da = &export["dataAgreements"][0];
    assert_eq!(
        da["lifecycle"],
        serde_json::json!({"id": "complete", "name": "Complete"})
    );
    assert_eq!(da["dpia"], "");
    assert_eq!(da["policy"]["id"], da["policy"]["url"]);
    assert_eq!(
        export["signatures"].as_array().unwrap().len(),
        4,
        "2 + 1 + 1 proofs"
    );
    let sensitivities: Vec<&Value> = export["dataAgreementAttributes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| &a["sensitivity"])
        .collect();
    assert!(sensitivities.contains(&&Value::from("sensitive")));
    assert!(sensitivities.contains(&&Value::from("not_sensitive")));

    // The reference implementation's shape is what the issue found lacking.
    let reference = exported(govstack::Shape::ReferenceImplementation);
    let validator = definition(SPEC_SCHEMA, "DataAgreement");
    assert!(!validator.is_valid(&reference["dataAgreements"][0]));
    let validator = definition(SPEC_SCHEMA, "Signature");
    assert!(!validator.is_valid(&reference["signatures"][0]));
}

/// Every object of the reference shape is valid against the reference implementation's
/// published definitions (`DataAgreement` has no vendored definition: its `required` list is
/// checked above, and its `policy` and attributes against theirs).
#[test]
fn the_reference_shape_is_valid_against_the_reference_definitions() {
    let record = record();
    let export = govstack::export(&record, govstack::Shape::ReferenceImplementation);
    assert!(export == govstack::export(&record, govstack::Shape::default()));
    for (list, name) in [
        ("consentRecords", "ConsentRecord"),
        ("revisions", "Revision"),
        ("signatures", "Signature"),
    ] {
        let validator = definition(REFERENCE_SCHEMA, name);
        for item in each(&export, list) {
            valid(&validator, item, name);
        }
    }
    let policy = definition(REFERENCE_SCHEMA, "Policy");
    let attribute = definition(REFERENCE_SCHEMA, "DataAttribute");
    for da in each(&export, "dataAgreements") {
        for member in DATA_AGREEMENT_REQUIRED {
            assert!(da.get(member).is_some(), "{member}");
        }
        valid(&policy, &da["policy"], "Policy");
        for a in da["dataAttributes"].as_array().unwrap() {
            valid(&attribute, a, "DataAttribute");
        }
    }
}
