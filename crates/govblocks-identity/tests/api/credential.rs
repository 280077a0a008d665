//! Credentials: issue and verify through the core pipeline; the W3C test vector; every refusal
//! with its own code; byte-identical round trips.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, StaticResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::{jcs, json};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::Error;
use serde_json::{json, Map, Value};
use std::sync::Arc;

/// The W3C Data Integrity EdDSA test vector's signed credential (VC 2.0), kept in the core
/// crate's vectors with its SOURCE.md.
const W3C_SIGNED: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../govblocks-core/tests/vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json"
);

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn subject(id: &str) -> Map<String, Value> {
    let Value::Object(map) = json!({"id": id, "givenName": "Олена", "programme": "CT-2024"})
    else {
        unreachable!()
    };
    map
}

fn credential(issuer: &SecretKey) -> Credential {
    let mut c = Credential::new(
        issuer.public_key().did(),
        &["SocialProtectionCredential"],
        subject("did:example:olena"),
    );
    c.id = Some("urn:uuid:0b5e4d8a-3c8b-4e57-9a54-6f0f1c3f5a11".into());
    c.valid_from = Some(t("2024-01-01T00:00:00Z"));
    c.valid_until = Some(t("2029-01-01T00:00:00Z"));
    c
}

fn office(trusted: &[&SecretKey]) -> CredentialVerifier {
    let trust = trusted.iter().fold(TrustList::new(), |list, k| {
        list.trust(k.public_key().did(), [ProofPurpose::AssertionMethod])
    });
    CredentialVerifier::new(
        Verifier::new(DidKeyResolver, trust).with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    )
}

fn issued(issuer: &SecretKey) -> Vec<u8> {
    let signed = issue(&credential(issuer), issuer, &ProofOptions::assertion()).unwrap();
    serde_json::to_vec(&signed).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

/// Signs `value` with core's `add_proof`, bypassing `issue`'s checks: how a careless or hostile
/// issuer would make a credential the verifier must refuse.
fn sign_raw(value: Value, signer: &SecretKey) -> Vec<u8> {
    serde_json::to_vec(&add_proof(value, signer, &ProofOptions::assertion()).unwrap()).unwrap()
}

#[test]
fn issue_then_verify() {
    let registry = key(1);
    let verified = office(&[&registry]).verify(&issued(&registry)).unwrap();
    assert_eq!(verified.issuer.id(), registry.public_key().did());
    assert!(verified.has_type("SocialProtectionCredential"));
    assert_eq!(
        verified.subject_ids().collect::<Vec<_>>(),
        ["did:example:olena"]
    );
}

#[test]
fn the_w3c_test_vector_verifies_when_its_issuer_key_is_pinned() {
    let bytes = std::fs::read(W3C_SIGNED).unwrap();
    let vm = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    let issuer = "https://vc.example/issuers/5678";
    let clock = FixedClock::new(t("2024-01-01T00:00:00Z"));
    // With did:key alone, the key's controller is the did:key, not the issuer URL.
    let naive =
        CredentialVerifier::new(Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock));
    assert_eq!(code(naive.verify(&bytes)), "credential.issuer_mismatch");
    // A deployment that pins the issuer's key (from its DID document or registry) accepts it.
    let mut pinned = StaticResolver::new();
    pinned.insert(
        vm,
        issuer,
        PublicKey::from_did_url(vm).unwrap(),
        [ProofPurpose::AssertionMethod],
    );
    let office = CredentialVerifier::new(
        Verifier::new(
            pinned,
            TrustList::new().trust(issuer, [ProofPurpose::AssertionMethod]),
        )
        .with_clock(clock),
    );
    let verified = office.verify(&bytes).unwrap();
    assert_eq!(verified.issuer.id(), issuer);
    assert_eq!(
        verified.valid_from.unwrap().to_string(),
        "2023-01-01T00:00:00Z"
    );
    // The typed credential writes back to the very bytes that were signed.
    let original = json::parse(&bytes).unwrap();
    let (typed, _) = verified.into_parts();
    assert_eq!(
        jcs::canonicalize(&serde_json::to_value(&typed).unwrap()),
        jcs::canonicalize(&original)
    );
}

#[test]
fn a_credential_round_trips_byte_for_byte() {
    let issuer = key(1);
    let value = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            {"@vocab": "https://vocab.example/#"},
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "type": "VerifiableCredential",
        "issuer": {"id": issuer.public_key().did(), "name": "Civil Registry", "x": [1, 2.5]},
        "validFrom": "2024-01-01T02:00:00.50+02:00",
        "validUntil": "2030-01-01T00:00:00-00:00",
        "credentialSubject": [
            {"id": "did:example:a", "name": "Ада"},
            {"nested": {"deep": [null, true, "x"]}}
        ],
        "credentialSchema": {"id": "https://schemas.example/x.json", "type": "SomethingElse", "digestSRI": "sha384-abc"},
        "credentialStatus": {"type": "ExampleStatus", "id": "https://status.example/1"},
        "name": {"@value": "Identité", "@language": "fr"},
        "description": "d",
        "evidence": [{"type": ["DocumentVerification"]}],
        "termsOfUse": {"type": "Policy"},
        "refreshService": {"type": "Refresh", "id": "https://refresh.example"},
        "https://extension.example/member": {"kept": "as is"}
    });
    let typed: Credential = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        jcs::canonicalize(&serde_json::to_value(&typed).unwrap()),
        jcs::canonicalize(&value)
    );
    // A status entry of a type the verifier cannot evaluate is refused, not ignored.
    let signed = add_proof(value.clone(), &issuer, &ProofOptions::assertion()).unwrap();
    assert_eq!(
        code(office(&[&issuer]).verify(&serde_json::to_vec(&signed).unwrap())),
        "credential.schema_unknown"
    );
    // Signed and verified without the members a verifier must evaluate (an unknown schema
    // type, an unknown status type), the credential comes out the same.
    let mut value = value;
    value.as_object_mut().unwrap().remove("credentialSchema");
    let with_status = add_proof(value.clone(), &issuer, &ProofOptions::assertion()).unwrap();
    assert_eq!(
        code(office(&[&issuer]).verify(&serde_json::to_vec(&with_status).unwrap())),
        "credential.status_invalid"
    );
    value.as_object_mut().unwrap().remove("credentialStatus");
    let signed = add_proof(value, &issuer, &ProofOptions::assertion()).unwrap();
    let verified = office(&[&issuer])
        .verify(&serde_json::to_vec(&signed).unwrap())
        .unwrap();
    let (typed, _) = verified.into_parts();
    assert_eq!(
        jcs::canonicalize(&serde_json::to_value(&typed).unwrap()),
        jcs::canonicalize(&signed)
    );
}

#[test]
fn structural_rules_fail_with_their_codes_when_issuing_and_verifying() {
    let issuer = key(1);
    let did = issuer.public_key().did();
    let base = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:a"}
    });
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "missing base context",
            json!({"@context": ["https://www.w3.org/ns/credentials/examples/v2"]}),
            "credential.context_invalid",
        ),
        (
            "base context not first",
            json!({"@context": ["https://www.w3.org/ns/credentials/examples/v2", "https://www.w3.org/ns/credentials/v2"]}),
            "credential.context_invalid",
        ),
        (
            "type without VerifiableCredential",
            json!({"type": ["ExampleCredential"]}),
            "credential.type_invalid",
        ),
        (
            "validUntil before validFrom",
            json!({"validUntil": "2023-12-31T23:59:59Z"}),
            "credential.validity_invalid",
        ),
    ];
    for (what, patch, expected) in cases {
        let mut value = base.clone();
        for (k, v) in patch.as_object().unwrap() {
            value[k] = v.clone();
        }
        let typed: Credential = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(
            code(issue(&typed, &issuer, &ProofOptions::assertion())),
            expected,
            "issue: {what}"
        );
        assert_eq!(
            code(office(&[&issuer]).verify(&sign_raw(value, &issuer))),
            expected,
            "verify: {what}"
        );
    }
}

#[test]
fn the_issuer_must_control_the_key_and_be_trusted() {
    let issuer = key(1);
    let impostor = key(2);
    // issue() refuses to sign with a key that is not the did:key issuer's.
    assert_eq!(
        code(issue(
            &credential(&issuer),
            &impostor,
            &ProofOptions::assertion()
        )),
        "credential.issuer_mismatch"
    );
    // A credential naming `issuer` but signed by the impostor (trusted for something else).
    let forged = sign_raw(
        serde_json::to_value(credential(&issuer)).unwrap(),
        &impostor,
    );
    assert_eq!(
        code(office(&[&issuer, &impostor]).verify(&forged)),
        "credential.issuer_mismatch"
    );
    // A genuine credential from an issuer the office does not trust.
    assert_eq!(
        code(office(&[&impostor]).verify(&issued(&issuer))),
        "credential.untrusted_issuer"
    );
    // An authentication proof is not an issuer's assertion.
    let auth = add_proof(
        serde_json::to_value(credential(&issuer)).unwrap(),
        &issuer,
        &ProofOptions::authentication("c", "d"),
    )
    .unwrap();
    let any_purpose = CredentialVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::any())
            .any_purpose()
            .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    );
    assert_eq!(
        code(any_purpose.verify(&serde_json::to_vec(&auth).unwrap())),
        "credential.issuer_mismatch"
    );
}

#[test]
fn the_validity_window_is_checked_against_the_injected_clock_with_skew() {
    let issuer = key(1);
    let bytes = issued(&issuer);
    let at = |now: &str, skew: i64| {
        CredentialVerifier::new(
            Verifier::new(DidKeyResolver, TrustList::any())
                .with_clock(FixedClock::new(t(now)))
                .with_skew(time::Duration::seconds(skew)),
        )
        .verify(&bytes)
    };
    assert_eq!(
        code(at("2023-12-31T23:00:00Z", 300)),
        "credential.not_yet_valid"
    );
    assert!(at("2023-12-31T23:56:00Z", 300).is_ok(), "within the skew");
    assert_eq!(code(at("2029-01-01T00:10:00Z", 300)), "credential.expired");
    assert!(at("2029-01-01T00:04:00Z", 300).is_ok(), "within the skew");
    assert_eq!(code(at("2029-01-01T00:04:00Z", 0)), "credential.expired");
}

#[test]
fn credential_schema_entries_are_checked_against_the_registry() {
    let issuer = key(1);
    let schema_id = "https://schemas.example/social-protection-subject.json";
    let registry = Arc::new(SchemaRegistry::with_core_and(&[&json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": schema_id,
        "type": "object",
        "required": ["id", "programme"],
        "properties": {"programme": {"type": "string", "pattern": "^CT-[0-9]{4}$"}}
    })
    .to_string()]));
    let office = office(&[&issuer]).with_subject_schemas(registry);
    let with_schema = |id: &str, kind: &str, programme: &str| {
        let mut c = credential(&issuer);
        c.credential_subject = subject("did:example:olena").into();
        if let govblocks_identity::one_or_many::OneOrMany::One(s) = &mut c.credential_subject {
            s.insert("programme".into(), programme.into());
        }
        let mut value = serde_json::to_value(&c).unwrap();
        value["credentialSchema"] = json!({"id": id, "type": kind});
        sign_raw(value, &issuer)
    };
    office
        .verify(&with_schema(schema_id, "JsonSchema", "CT-2024"))
        .unwrap();
    let e = office
        .verify(&with_schema(schema_id, "JsonSchema", "cash"))
        .unwrap_err();
    assert_eq!(e.code(), "credential.schema_invalid");
    let rendered = govblocks_core::error::error_object(&e);
    assert_eq!(
        rendered["error"]["violations"][0]["instancePath"],
        "/programme"
    );
    assert_eq!(
        code(office.verify(&with_schema(
            "https://schemas.example/unknown.json",
            "JsonSchema",
            "CT-2024"
        ))),
        "credential.schema_unknown"
    );
    assert_eq!(
        code(office.verify(&with_schema(schema_id, "JsonSchemaCredential", "CT-2024"))),
        "credential.schema_unknown"
    );
}

#[test]
fn bad_input_fails_in_the_pipeline_with_core_codes() {
    let issuer = key(1);
    let office = office(&[&issuer]);
    assert_eq!(
        code(office.verify(b"{\"a\":1,\"a\":2}")),
        "json.duplicate_key"
    );
    assert_eq!(
        code(office.verify(br#"{"@context":[],"type":"VerifiableCredential"}"#)),
        "schema.invalid"
    );
    let mut tampered: Value = serde_json::from_slice(&issued(&issuer)).unwrap();
    tampered["credentialSubject"]["programme"] = json!("CT-9999");
    assert_eq!(
        code(office.verify(&serde_json::to_vec(&tampered).unwrap())),
        "proof.signature_invalid"
    );
    let mut unsigned: Value = serde_json::from_slice(&issued(&issuer)).unwrap();
    unsigned.as_object_mut().unwrap().remove("proof");
    assert_eq!(
        code(office.verify(&serde_json::to_vec(&unsigned).unwrap())),
        "proof.missing"
    );
}
