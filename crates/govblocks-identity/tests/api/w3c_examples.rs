//! The examples of the W3C Verifiable Credentials Data Model v2.0 and of Bitstring Status List
//! v1.0 (kept unmodified under `tests/vectors/`, with their SOURCE.md), read through the typed
//! model: each parses strictly, passes the credential schema and the structural rules (or is
//! refused with the documented code), and writes back byte-identical after canonicalization;
//! status entries read and write back; the status list credential's `encodedList` decodes.
//!
//! The signed W3C credential of the Data Integrity EdDSA test vectors is verified in
//! `tests/api/credential.rs` (`the_w3c_test_vector_verifies_when_its_issuer_key_is_pinned`), not
//! here again.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::FixedClock;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::{jcs, json};
use govblocks_identity::credential::rules::check_structure;
use govblocks_identity::credential::{Credential, CredentialVerifier};
use govblocks_identity::schemas::{ids, registry};
use govblocks_identity::status_list::{DecodeLimits, StatusEntry, StatusList, StatusPurpose};
use serde_json::Value;
use std::path::PathBuf;

fn vector(folder: &str, name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors")
        .join(folder)
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Strict parse, the credential schema, the typed model, the structural rules, and a
/// byte-identical (canonical) round trip. Returns the typed credential and the value.
fn read_credential(folder: &str, name: &str) -> (Credential, Value) {
    let value = json::parse(&vector(folder, name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    registry()
        .validate(ids::CREDENTIAL, &value)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let typed: Credential = serde_json::from_value(value.clone()).unwrap();
    check_structure(&typed).unwrap_or_else(|e| panic!("{name}: {}: {e}", e.code()));
    let written = serde_json::to_value(&typed).unwrap();
    assert_eq!(
        jcs::canonicalize_to_string(&written),
        jcs::canonicalize_to_string(&value),
        "{name}: the typed model does not write back what it read"
    );
    (typed, value)
}

const VC: &str = "w3c-vc-2.0";
const BSL: &str = "w3c-bitstring-status-list";

/// Every unsigned credential example of VC Data Model 2.0 kept here.
const VC_EXAMPLES: &[&str] = &[
    "usage-of-id.json",
    "name-and-description.json",
    "name-and-description-languages.json",
    "multiple-subjects.json",
    "issuer.json",
    "issuer-expanded.json",
    "valid-from-valid-until.json",
];

#[test]
fn the_vc_data_model_examples_are_accepted_by_the_structural_rules_and_round_trip() {
    for name in VC_EXAMPLES {
        read_credential(VC, name);
    }
}

#[test]
fn the_examples_read_as_the_specification_means_them() {
    let (c, _) = read_credential(VC, "multiple-subjects.json");
    assert_eq!(c.credential_subject.len(), 2);
    assert_eq!(
        c.subject_ids().collect::<Vec<_>>(),
        [
            "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "https://subject.example/subject/8675"
        ]
    );
    let (c, _) = read_credential(VC, "issuer-expanded.json");
    assert_eq!(c.issuer.id(), "did:example:76e12ec712ebc6f1c221ebfeb1f");
    let (c, _) = read_credential(VC, "valid-from-valid-until.json");
    assert!(c.valid_from.unwrap() < c.valid_until.unwrap());
    let (c, _) = read_credential(VC, "name-and-description-languages.json");
    assert_eq!(c.name.as_ref().unwrap()[2]["@language"], "ar");
    assert!(c.has_type("ExampleDegreeCredential"));
}

/// The embedded-proof example is structurally a credential, but its proof uses
/// `eddsa-rdfc-2022` (RDF canonicalization), which govblocks does not implement (only
/// `eddsa-jcs-2022` is on the allow-list), and its `proofValue` is elided with `...`. It is
/// refused at the proof, with `proof.cryptosuite_unsupported`, before any key is resolved.
#[test]
fn the_embedded_proof_example_is_refused_for_its_cryptosuite() {
    let (_, value) = read_credential(VC, "embedded-proof.json");
    let office = CredentialVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::any())
            .with_clock(FixedClock::new(time::OffsetDateTime::UNIX_EPOCH)),
    );
    let bytes = vector(VC, "embedded-proof.json");
    assert_eq!(
        office.verify(&bytes).unwrap_err().code(),
        "proof.cryptosuite_unsupported"
    );
    assert_eq!(
        office.verify_value(value).unwrap_err().code(),
        "proof.cryptosuite_unsupported"
    );
}

#[test]
fn the_status_list_credential_example_decodes_to_131072_unset_bits() {
    let (typed, value) = read_credential(BSL, "status-list-credential.json");
    assert!(typed.has_type("BitstringStatusListCredential"));
    registry()
        .validate(ids::STATUS_LIST_CREDENTIAL, &value)
        .unwrap();
    let url = "https://example.com/credentials/status/3";
    let list = StatusList::from_credential(url, &value, &DecodeLimits::default()).unwrap();
    assert_eq!(list.purposes(), &[StatusPurpose::Revocation]);
    assert_eq!(list.len_bits(), 131_072);
    assert_eq!(list.bitstring().count_ones(), 0);
    // Read from another URL, the same list credential is refused: its id names its own URL.
    assert_eq!(
        StatusList::from_credential(
            "https://example.com/credentials/status/4",
            &value,
            &DecodeLimits::default()
        )
        .unwrap_err()
        .code(),
        "credential.status_invalid"
    );
}

#[test]
fn the_credential_with_simple_entries_reads_and_its_entries_check_against_the_example_list() {
    let (typed, _) = read_credential(BSL, "credential-with-simple-entries.json");
    let entries = typed.credential_status.as_ref().unwrap();
    assert_eq!(entries.len(), 2);
    let entries: Vec<StatusEntry> = entries
        .iter()
        .map(|e| {
            let value = Value::Object(e.clone());
            let entry = StatusEntry::from_value(&value).unwrap();
            assert_eq!(
                jcs::canonicalize(&entry.to_value()),
                jcs::canonicalize(&value)
            );
            entry
        })
        .collect();
    assert_eq!(entries[0].purpose(), StatusPurpose::Revocation);
    assert_eq!(entries[0].index(), 94_567);
    assert_eq!(entries[1].purpose(), StatusPurpose::Suspension);
    assert_eq!(entries[1].index(), 23_452);
    // The revocation entry names the example list credential, whose bits are all unset.
    let list_value = json::parse(&vector(BSL, "status-list-credential.json")).unwrap();
    let list =
        StatusList::from_credential(entries[0].list_url(), &list_value, &DecodeLimits::default())
            .unwrap();
    let outcome = entries[0].check(&list).unwrap();
    assert!(outcome.valid);
    assert_eq!(outcome.message, "unset");
    // The suspension entry names another list (status/4); the revocation list is not it.
    assert_eq!(
        entries[1].check(&list).unwrap_err().code(),
        "credential.status_invalid"
    );
}

/// The "more complex entries" example elides members with `...` (inside `statusMessage` and
/// `credentialSubject`), so it is not JSON: kept verbatim as text, refused by the strict
/// parser. The entry it illustrates (`statusSize` 2, four messages, `statusReference`) is
/// tested, complete, in `tests/api/status_list.rs`.
#[test]
fn the_credential_with_complex_entries_is_not_json() {
    let text = vector(BSL, "credential-with-complex-entries.txt");
    assert_eq!(json::parse(&text).unwrap_err().code(), "json.syntax");
}
