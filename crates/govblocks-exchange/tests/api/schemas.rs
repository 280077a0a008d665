//! What this crate writes validates against its schemas; the directory reads from its JSON.

use crate::fixtures::*;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::model::ConsentReference;
use govblocks_exchange::schemas::{ids, registry};
use serde_json::{json, Value};

fn valid(schema: &str, value: &Value) {
    registry()
        .validate(schema, value)
        .unwrap_or_else(|e| panic!("{value}: {e} {:?}", e.violations()));
}

fn invalid(schema: &str, value: &Value) {
    let e = registry().validate(schema, value).unwrap_err();
    assert_eq!(e.code(), "schema.invalid", "{value}");
}

#[test]
fn every_document_written_is_valid() {
    let unsigned = serde_json::to_value(request()).unwrap();
    valid(ids::ENVELOPE, &unsigned);
    valid(ids::ENVELOPE, &signed_request());
    let request = verified_request();
    valid(ids::ENVELOPE, &signed_response(&request));
    let with_consent = request_builder()
        .consent(ConsentReference::new(
            "r",
            govblocks_core::digest::ContentDigest::of_bytes(b"x"),
            "p",
            ["c"],
        ))
        .payload_schema("https://schemas.example.gov/q.json")
        .build()
        .unwrap();
    valid(ids::ENVELOPE, &serde_json::to_value(with_consent).unwrap());
    let directory = json!({
        CLIENT: [client_key().public_key().did()],
        PROVIDER: [service_key().public_key().did(), "did:web:population.example.gov"],
    });
    valid(ids::DIRECTORY, &directory);
    valid(
        ids::ACCESS_LIST,
        &json!([{"client": CLIENT, "service": SERVICE, "actions": ["*"]}]),
    );
}

#[test]
fn the_schemas_refuse_what_the_parsers_refuse() {
    let mut v = signed_request();
    v["header"]["messageId"] = json!("c232ab00-9414-11ec-b3c8-9f6bdeced846");
    invalid(ids::ENVELOPE, &v);
    for (field, text) in [
        ("client", "EE/GOV"),
        ("client", "EE/GOV/1/a/b"),
        ("client", "EE/GOV/1 2"),
        ("service", "EE/GOV/1/a"),
        ("service", "EE/GOV/1/a/b/c/d"),
        ("client", "EE/GOV/7000_0001"),
        ("client", "EE/GOV/a:b"),
        ("client", "EE/GOV/%zz"),
        ("service", "EE/GOV/2/population/res~idence"),
    ] {
        let mut v = signed_request();
        v["header"][field] = json!(text);
        invalid(ids::ENVELOPE, &v);
        let parsed = if field == "client" {
            govblocks_exchange::xroad::ClientId::parse(text).is_err()
        } else {
            govblocks_exchange::xroad::ServiceId::parse(text).is_err()
        };
        assert!(parsed, "{text}");
    }
    let mut v = signed_request();
    v["header"]["protocolVersion"] = json!("2");
    invalid(ids::ENVELOPE, &v);
    invalid(ids::DIRECTORY, &json!({"EE/GOV": ["did:key:z6Mk"]}));
    invalid(ids::DIRECTORY, &json!({CLIENT: []}));
    invalid(ids::DIRECTORY, &json!({CLIENT: ["not a did"]}));
    invalid(ids::ACCESS_LIST, &json!({}));
}

#[test]
fn a_directory_reads_from_json_and_trusts_its_members() {
    let text = json!({
        CLIENT: [client_key().public_key().did()],
        PROVIDER: [service_key().public_key().did()],
    })
    .to_string();
    let directory = Directory::from_json(text.as_bytes()).unwrap();
    assert_eq!(
        directory.dids(&client()).unwrap(),
        &[client_key().public_key().did()]
    );
    assert_eq!(directory.iter().count(), 2);
    let trust = directory.trust_list();
    assert!(trust
        .check(
            &client_key().public_key().did(),
            &govblocks_core::proof::ProofPurpose::AssertionMethod
        )
        .is_ok());
    assert!(trust
        .check(
            &other_key().public_key().did(),
            &govblocks_core::proof::ProofPurpose::AssertionMethod
        )
        .is_err());
    for bad in [
        "[]",
        "{\"EE/GOV\": [\"did:web:x\"]}",
        "{",
        "{\"a/b/c\": [1]}",
    ] {
        assert_eq!(
            Directory::from_json(bad.as_bytes()).unwrap_err().code(),
            "exchange.directory_invalid",
            "{bad}"
        );
    }
}
