//! The VC Data Model 2.0 rules the issuer and the verifier enforce (issue 14), each test quoting
//! the normative statement it holds govblocks to (W3C Recommendation, 15 May 2025), and the
//! hostile finding on `credentialSchema` × `credentialSubject`.
//!
//! Every rule is checked both ways: [`issue`] refuses to sign a credential that breaks it, and
//! [`CredentialVerifier`] refuses one signed anyway (by a careless or hostile issuer, here
//! core's `add_proof`), each with the rule's own code. Where the typed model cannot even hold the
//! broken credential (an `id` that is an array), that is asserted instead of `issue`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
use govblocks_identity::credential::{
    issue, issue_with_schemas, Credential, CredentialSchema, CredentialVerifier, RelatedResource,
    RelatedResources, SchemaPolicy, UncheckedReason, DEFAULT_MAX_SCHEMA_REFERENCES,
};
use govblocks_identity::presentation::{create, MemoryAcceptOnce, PresentationVerifier};
use govblocks_identity::Error;
use serde_json::{json, Value};
use std::sync::Arc;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key() -> SecretKey {
    SecretKey::from_seed(&[7; 32])
}

/// A valid unsigned credential by `key()`, as JSON, to break one member at a time.
fn base() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6a1f3f4e-52b0-4c1e-9d55-0d5b8a7e0c11",
        "type": ["VerifiableCredential", "ResidenceCredential"],
        "issuer": key().public_key().did(),
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:olena", "residence": "Kyiv"}
    })
}

fn with(member: &str, value: Value) -> Value {
    let mut credential = base();
    credential[member] = value;
    credential
}

fn office() -> CredentialVerifier {
    CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(key().public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    )
}

fn sign_raw(value: Value) -> Vec<u8> {
    serde_json::to_vec(&add_proof(value, &key(), &ProofOptions::assertion()).unwrap()).unwrap()
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

/// `credential` is refused with `expected` by the verifier (signed regardless) and by `issue`
/// (or cannot be held by the typed model at all).
fn refused_both_ways(credential: Value, expected: &str) {
    assert_eq!(
        code(office().verify(&sign_raw(credential.clone()))),
        expected,
        "verify: {credential}"
    );
    // When the typed model cannot even hold it, issue() can never be asked.
    if let Ok(typed) = serde_json::from_value::<Credential>(credential.clone()) {
        assert_eq!(
            code(issue(&typed, &key(), &ProofOptions::assertion())),
            expected,
            "issue: {credential}"
        );
    }
}

fn accepted_both_ways(credential: Value) {
    let typed: Credential = serde_json::from_value(credential.clone()).unwrap();
    let signed = issue(&typed, &key(), &ProofOptions::assertion()).unwrap();
    office()
        .verify(&serde_json::to_vec(&signed).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}: {credential}", e.code()));
}

#[test]
fn the_base_credential_is_valid() {
    accepted_both_ways(base());
}

/// VC DM 2.0 §4.5 Types: "`credentialStatus` objects MUST have a type specified", and likewise
/// `termsOfUse`, `evidence`, `refreshService` and `credentialSchema` objects (the table of
/// objects that MUST have a type); §4.11 "Each refreshService value MUST specify its type",
/// §4.13 "Each termsOfUse value MUST specify its type".
#[test]
fn section_4_5_typed_objects_must_have_a_type() {
    let cases = [
        (
            "credentialStatus",
            json!({"id": "https://status.example/1#3"}),
        ),
        (
            "credentialSchema",
            json!({"id": "https://schemas.example/x.json"}),
        ),
        ("termsOfUse", json!({"id": "https://terms.example/1"})),
        (
            "evidence",
            json!([{"type": "DocumentVerification"}, {"verifier": "x"}]),
        ),
        ("refreshService", json!({"id": "https://refresh.example/1"})),
        ("evidence", json!({"type": []})),
        ("termsOfUse", json!({"type": ""})),
        ("refreshService", json!("https://refresh.example/1")),
    ];
    for (member, value) in cases {
        refused_both_ways(with(member, value), "credential.type_missing");
    }
    // A schema reference built with an empty type through the typed API.
    let mut typed: Credential = serde_json::from_value(base()).unwrap();
    let mut reference = CredentialSchema::json_schema("https://schemas.example/x.json");
    reference.schema_type = String::new();
    typed.credential_schema = Some(reference.into());
    assert_eq!(
        code(issue(&typed, &key(), &ProofOptions::assertion())),
        "credential.type_missing"
    );
    // With their types, the same objects are accepted.
    accepted_both_ways(with(
        "evidence",
        json!([{"type": ["DocumentVerification"]}]),
    ));
    accepted_both_ways(with(
        "termsOfUse",
        json!({"type": "IssuerPolicy", "id": "https://terms.example/1"}),
    ));
}

/// VC DM 2.0 §4.6 Names and Descriptions: "If present, the value of the name property MUST be
/// a string or a language value object as described in 11.1 Language and Base Direction", the
/// same for `description`, and for `name` and `description` of an `issuer` object. §11.1: a
/// language value object holds `@value`, optional `@language` and `@direction`, and nothing else.
#[test]
fn section_4_6_names_and_descriptions_are_strings_or_language_values() {
    let issuer = key().public_key().did();
    let bad = [
        with("name", json!(42)),
        with(
            "name",
            json!({"@value": "Residence", "@language": "en", "note": "x"}),
        ),
        with("description", json!({"@language": "en"})),
        with("description", json!(["a", "b"])),
        with("name", json!({"@value": "Residence", "@direction": "up"})),
        with(
            "name",
            json!({"@value": "Residence", "@language": "english language"}),
        ),
        with("name", json!([])),
        with("issuer", json!({"id": issuer, "name": {"@value": 1}})),
        with("issuer", json!({"id": issuer, "description": true})),
    ];
    for credential in bad {
        refused_both_ways(credential, "credential.language_value_invalid");
    }
    accepted_both_ways(with("name", json!("Residence")));
    accepted_both_ways(with(
        "name",
        json!([{"@value": "Residence", "@language": "en"}, {"@value": "الإقامة", "@language": "ar", "@direction": "rtl"}]),
    ));
    accepted_both_ways(with(
        "issuer",
        json!({"id": issuer, "name": {"@value": "Міністерство", "@language": "uk"}, "description": "d"}),
    ));
}

/// VC DM 2.0 §4.8 Credential Subject: "The value of the credentialSubject property is a set of
/// objects where each object MUST be the subject of one or more claims, which MUST be serialized
/// inside the credentialSubject property."
#[test]
fn section_4_8_every_subject_makes_a_claim() {
    refused_both_ways(
        with("credentialSubject", json!({})),
        "credential.subject_empty",
    );
    refused_both_ways(
        with(
            "credentialSubject",
            json!([{"id": "did:example:olena", "residence": "Kyiv"}, {}]),
        ),
        "credential.subject_empty",
    );
    let e = office()
        .verify(&sign_raw(with("credentialSubject", json!([{"a": 1}, {}]))))
        .unwrap_err();
    assert!(e.to_string().contains("credentialSubject[1]"), "{e}");
}

/// VC DM 2.0 §4.4 Identifiers: "If present, the value of the id property MUST be a single URL,
/// which MAY be dereferenceable." §4.10/§4.11/§4.12: "If present, the normative guidance in
/// Section 4.4 Identifiers MUST be followed" for the ids of status entries, schemas and more.
#[test]
fn section_4_4_an_id_is_one_url() {
    let bad = [
        with("id", json!("not a url")),
        with("id", json!(["urn:uuid:1", "urn:uuid:2"])),
        with(
            "credentialStatus",
            json!({"type": "ExampleStatus", "id": ["https://status.example/1"]}),
        ),
        with(
            "evidence",
            json!({"type": "DocumentVerification", "id": 42}),
        ),
        with(
            "credentialSchema",
            json!({"type": "JsonSchema", "id": "schemas/x.json"}),
        ),
        with("termsOfUse", json!({"type": "IssuerPolicy", "id": "1:x"})),
        with(
            "credentialSubject",
            json!({"id": "olena", "residence": "Kyiv"}),
        ),
    ];
    for credential in bad {
        refused_both_ways(credential, "credential.id_invalid");
    }
}

fn sri256(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(bytes);
    // Standard base64 with padding, written by hand to test the reader, not our writer.
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::from("sha256-");
    for chunk in digest.chunks(3) {
        let n = chunk.iter().fold(0u32, |n, b| (n << 8) | u32::from(*b)) << (8 * (3 - chunk.len()));
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    while (out.len() - 7) % 4 != 0 {
        out.push('=');
    }
    out
}

/// VC DM 2.0 §5.3 Integrity of Related Resources: "The value of the relatedResource property
/// MUST be one or more objects of the following form"; `id`: "The identifier for the resource is
/// REQUIRED and conforms to the format defined in Section 4.4 Identifiers. The value MUST be
/// unique among the list of related resource objects."; "Each object associated with
/// relatedResource MUST contain at least a digestSRI or a digestMultibase value." `digestSRI`:
/// "as defined by the hash-expression ABNF grammar defined in the Subresource Integrity
/// specification, Section 3.5"; `digestMultibase` as Data Integrity 1.0 §2.3 defines it: "a
/// single string value, or an list of string values, each of which is a Multibase-encoded
/// Multihash value."
#[test]
fn section_5_3_related_resources_are_well_formed() {
    let sri = sri256(b"photo");
    let bad = [
        json!("https://photos.example/1"),
        json!({"digestSRI": sri}),
        json!({"id": "photo 1", "digestSRI": sri}),
        json!([{"id": "https://photos.example/1", "digestSRI": sri}, {"id": "https://photos.example/1", "digestSRI": sri}]),
        json!({"id": "https://photos.example/1", "mediaType": "image/jpeg"}),
        json!({"id": "https://photos.example/1", "digestSRI": "md5-1B2M2Y8AsgTpgAmY7PhCfg=="}),
        json!({"id": "https://photos.example/1", "digestSRI": "sha384-AAAA"}),
        json!({"id": "https://photos.example/1", "digestSRI": "sha256 abc"}),
        json!({"id": "https://photos.example/1", "digestSRI": []}),
        json!({"id": "https://photos.example/1", "digestMultibase": "f1220abcd"}),
        // A sha2-256 multihash that says 32 bytes but holds 2.
        json!({"id": "https://photos.example/1", "digestMultibase": "uEiCrzQ"}),
        json!({"id": "https://photos.example/1", "digestMultibase": 7}),
        json!({"id": "https://photos.example/1", "digestMultibase": format!("z{}", "1".repeat(5000))}),
    ];
    for related in bad {
        refused_both_ways(
            with("relatedResource", related),
            "credential.related_resource_invalid",
        );
    }
    // Well formed: the specification's own digestMultibase example (a base58btc sha2-256
    // multihash), an SRI sha256 in standard base64, several digests, lists of digests.
    accepted_both_ways(with(
        "relatedResource",
        json!([
            {"id": "https://university.example/images/58473", "digestMultibase": "zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n"},
            {"id": "https://photos.example/1", "mediaType": "image/jpeg", "digestSRI": [sri, sri256(b"other")]}
        ]),
    ));
}

/// VC DM 2.0 §5.3: "it is desirable to know whether the resource has been modified since the
/// verifiable credential was issued … as well as to cases where the issuer and/or verifier might
/// have locally cached copies of a resource": the verifier checks the digests against the bytes
/// the caller supplies, and fetches nothing.
#[test]
fn section_5_3_related_resource_digests_are_checked_against_supplied_bytes() {
    let photo = b"\xff\xd8 a photo".to_vec();
    let credential = Credential::builder(key().public_key().did())
        .subject(json!({"id": "did:example:olena", "residence": "Kyiv"}))
        .related_resource(
            RelatedResource::of_bytes("https://photos.example/olena", &photo)
                .with_media_type("image/jpeg"),
        )
        .related_resource(RelatedResource::of_bytes(
            "https://docs.example/form",
            b"form",
        ))
        .build()
        .unwrap();
    let signed =
        serde_json::to_vec(&issue(&credential, &key(), &ProofOptions::assertion()).unwrap())
            .unwrap();

    // Nothing supplied: verified, nothing checked, both listed as unchecked.
    let (_, report) = office().verify_with_report(&signed).unwrap();
    assert!(report.related_resources.checked.is_empty());
    assert_eq!(
        report.related_resources.unchecked,
        ["https://photos.example/olena", "https://docs.example/form"]
    );

    let with_photo = |bytes: &[u8]| {
        office().with_related_resources(
            RelatedResources::new().with("https://photos.example/olena", bytes.to_vec()),
        )
    };
    let (_, report) = with_photo(&photo).verify_with_report(&signed).unwrap();
    assert_eq!(
        report.related_resources.checked,
        ["https://photos.example/olena"]
    );
    assert_eq!(
        report.related_resources.unchecked,
        ["https://docs.example/form"]
    );
    assert_eq!(
        code(with_photo(b"another photo").verify(&signed)),
        "credential.related_resource_mismatch"
    );

    // Only digests govblocks cannot compute (a sha3-256 multihash, code 0x16): the bytes were
    // supplied but cannot be checked, which is refused rather than passed off as checked.
    let mut multihash = vec![0x16, 0x20];
    multihash.extend_from_slice(&[0xab; 32]);
    let sha3_only = with(
        "relatedResource",
        json!({"id": "https://photos.example/olena", "digestMultibase": govblocks_core::encoding::multibase_encode(&multihash)}),
    );
    let signed = sign_raw(sha3_only);
    office().verify(&signed).unwrap();
    assert_eq!(
        code(with_photo(&photo).verify(&signed)),
        "credential.related_resource_unverifiable"
    );

    // digestSRI written with the URL-safe alphabet and no padding reads the same.
    let url_safe = sri256(&photo)
        .replace('+', "-")
        .replace('/', "_")
        .trim_end_matches('=')
        .to_string();
    let signed = sign_raw(with(
        "relatedResource",
        json!({"id": "https://photos.example/olena", "digestSRI": url_safe}),
    ));
    with_photo(&photo).verify(&signed).unwrap();
    assert_eq!(
        code(with_photo(b"x").verify(&signed)),
        "credential.related_resource_mismatch"
    );
}

/// §5.3 and §4.10 in a presentation: each embedded credential's related resources are checked
/// against the bytes the caller supplied and its schemas under the caller's policy, as for a
/// credential verified alone, and `VerifiedPresentation::reports` says per credential what was
/// checked and what was not.
#[test]
fn a_presentations_credentials_are_each_reported() {
    let holder = SecretKey::from_seed(&[8; 32]);
    let me = holder.public_key().did();
    let photo = b"\xff\xd8 a photo";
    let pupil = Credential::builder(key().public_key().did())
        .subject(json!({"id": me, "school": "Lyceum 27"}))
        .schema("https://schemas.example/pupil.json")
        .related_resource(RelatedResource::of_bytes(
            "https://photos.example/olena",
            photo,
        ))
        .build()
        .unwrap();
    let resident = Credential::builder(key().public_key().did())
        .subject(json!({"id": me, "residence": "Kyiv"}))
        .schema("https://schemas.elsewhere.example/unknown.json")
        .build()
        .unwrap();
    let vcs = [pupil, resident].map(|c| issue(&c, &key(), &ProofOptions::assertion()).unwrap());
    let vp = create(vcs.to_vec(), &holder, None, "c-1", "office.example").unwrap();
    let bytes = serde_json::to_vec(&vp).unwrap();
    let desk = |credentials: CredentialVerifier| {
        PresentationVerifier::new(
            credentials,
            Verifier::new(DidKeyResolver, TrustList::any())
                .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
            MemoryAcceptOnce::new(),
        )
        .verify(&bytes, "c-1", "office.example")
    };
    let reporting = || {
        office()
            .with_subject_schemas(pupil_schema())
            .with_schema_policy(SchemaPolicy::Report)
    };
    let supplied =
        |bytes: &[u8]| RelatedResources::new().with("https://photos.example/olena", bytes.to_vec());

    let verified = desk(reporting().with_related_resources(supplied(photo))).unwrap();
    let reports = verified.reports();
    assert_eq!(reports.len(), 2);
    assert_eq!(
        reports[0].schemas.checked,
        ["https://schemas.example/pupil.json"]
    );
    assert!(reports[0].schemas.unchecked.is_empty());
    assert_eq!(
        reports[0].related_resources.checked,
        ["https://photos.example/olena"]
    );
    assert!(reports[1].schemas.checked.is_empty());
    assert_eq!(
        reports[1].schemas.unchecked[0].id,
        "https://schemas.elsewhere.example/unknown.json"
    );
    assert_eq!(
        reports[1].schemas.unchecked[0].reason,
        UncheckedReason::NotHeld
    );
    // No bytes supplied: verified, the resource listed as not checked.
    let verified = desk(reporting()).unwrap();
    assert_eq!(
        verified.reports()[0].related_resources.unchecked,
        ["https://photos.example/olena"]
    );
    // Other bytes: refused; a schema not held, under the default policy: refused.
    assert_eq!(
        code(desk(
            reporting().with_related_resources(supplied(b"another photo"))
        )),
        "credential.related_resource_mismatch"
    );
    assert_eq!(
        code(desk(office().with_subject_schemas(pupil_schema()))),
        "credential.schema_unknown"
    );
}

fn pupil_schema() -> Arc<SchemaRegistry> {
    Arc::new(SchemaRegistry::with_core_and(&[&json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://schemas.example/pupil.json",
        "type": "object",
        "required": ["id", "school"],
        "properties": {"school": {"type": "string"}}
    })
    .to_string()]))
}

/// VC DM 2.0 §4.10 Data Schemas: "The value of the credentialSchema property MUST be one or more
/// data schemas that provide verifiers with enough information to determine whether the provided
/// data conforms to the provided schema(s)" and "Each credentialSchema MUST specify its type
/// (for example, JsonSchema), and an id property that MUST be a URL identifying the schema
/// file." An issuer may name any schema: issuing does not refuse one govblocks does not hold;
/// the verifier checks those it holds and, by policy, refuses or reports the others.
#[test]
fn section_4_10_schemas_not_held_are_issued_and_reported_or_refused_by_policy() {
    let credential = Credential::builder(key().public_key().did())
        .subject(json!({"id": "did:example:olena", "school": "Lyceum 27"}))
        .schema("https://schemas.example/pupil.json")
        .schema("https://schemas.elsewhere.example/unknown.json")
        .credential_schema({
            let mut r = CredentialSchema::json_schema("https://schemas.example/pupil-vc.json");
            r.schema_type = "JsonSchemaCredential".into();
            r
        })
        .build()
        .unwrap();

    // Issued with only the library's schemas: nothing held, nothing refused, all reported.
    let plain = issue_with_schemas(&credential, &key(), &ProofOptions::assertion(), &[]).unwrap();
    assert!(plain.schemas.checked.is_empty());
    assert_eq!(plain.schemas.unchecked.len(), 3);
    // With the caller's schema file: that one is checked.
    let registry = pupil_schema();
    let issued = issue_with_schemas(
        &credential,
        &key(),
        &ProofOptions::assertion(),
        &[&registry],
    )
    .unwrap();
    assert_eq!(
        issued.schemas.checked,
        ["https://schemas.example/pupil.json"]
    );
    let reasons: Vec<_> = issued.schemas.unchecked.iter().map(|u| u.reason).collect();
    assert_eq!(
        reasons,
        [UncheckedReason::NotHeld, UncheckedReason::UnsupportedType]
    );
    let signed = serde_json::to_vec(&issued.credential).unwrap();

    // The default policy refuses what it cannot check.
    assert_eq!(
        code(
            office()
                .with_subject_schemas(pupil_schema())
                .verify(&signed)
        ),
        "credential.schema_unknown"
    );
    // Report: accepted, with the list of what was and was not checked.
    let (_, report) = office()
        .with_subject_schemas(pupil_schema())
        .with_schema_policy(SchemaPolicy::Report)
        .verify_with_report(&signed)
        .unwrap();
    assert_eq!(
        report.schemas.checked,
        ["https://schemas.example/pupil.json"]
    );
    assert_eq!(
        report
            .schemas
            .unchecked
            .iter()
            .map(|u| u.id.as_str())
            .collect::<Vec<_>>(),
        [
            "https://schemas.elsewhere.example/unknown.json",
            "https://schemas.example/pupil-vc.json"
        ]
    );
    // Without the caller's schema, it is unchecked too (never silently passed as checked).
    let (_, report) = office()
        .with_schema_policy(SchemaPolicy::Report)
        .verify_with_report(&signed)
        .unwrap();
    assert!(report.schemas.checked.is_empty());

    // A schema that is held is checked on issue as on verify, whatever the policy.
    let nonconforming = Credential::builder(key().public_key().did())
        .subject(json!({"id": "did:example:olena"}))
        .schema("https://schemas.example/pupil.json")
        .build()
        .unwrap();
    assert_eq!(
        code(issue_with_schemas(
            &nonconforming,
            &key(),
            &ProofOptions::assertion(),
            &[&registry]
        )),
        "credential.schema_invalid"
    );
    let signed =
        serde_json::to_vec(&issue(&nonconforming, &key(), &ProofOptions::assertion()).unwrap())
            .unwrap();
    assert_eq!(
        code(
            office()
                .with_subject_schemas(pupil_schema())
                .with_schema_policy(SchemaPolicy::Report)
                .verify(&signed)
        ),
        "credential.schema_invalid"
    );
    // The library's own schemas are held without being supplied.
    let foundational = Credential::builder(key().public_key().did())
        .subject(json!({"id": "did:example:olena"}))
        .schema(govblocks_identity::schemas::ids::FOUNDATIONAL_ID)
        .build()
        .unwrap();
    assert_eq!(
        code(issue(&foundational, &key(), &ProofOptions::assertion())),
        "credential.schema_invalid"
    );
}

/// Hostile finding 7 (quadratic cost chosen by the signer): a credential with thousands of
/// `credentialSchema` references and hundreds of subjects must cost about what its bytes cost.
/// References are deduplicated, so 5,000 copies of one reference × 300 subjects run 300
/// validations (the pairwise version ran 1,500,000); distinct references are capped. The cost is
/// counted, not timed.
#[test]
fn hostile_schema_references_times_subjects_cost_linear_work() {
    let subjects: Vec<Value> = (0..300)
        .map(|i| json!({"id": format!("did:example:{i}"), "school": "Lyceum 27"}))
        .collect();
    let mut credential = with("credentialSubject", Value::Array(subjects));
    credential["credentialSchema"] = Value::Array(vec![
        json!({"id": "https://schemas.example/pupil.json", "type": "JsonSchema"});
        5_000
    ]);
    let signed = sign_raw(credential.clone());
    let (_, report) = office()
        .with_subject_schemas(pupil_schema())
        .verify_with_report(&signed)
        .unwrap();
    assert_eq!(
        report.schemas.checked,
        ["https://schemas.example/pupil.json"]
    );
    assert_eq!(report.schemas.validations, 300);
    let typed: Credential = serde_json::from_value(credential.clone()).unwrap();
    let registry = pupil_schema();
    let issued =
        issue_with_schemas(&typed, &key(), &ProofOptions::assertion(), &[&registry]).unwrap();
    assert_eq!(issued.schemas.validations, 300);

    // Distinct references past the cap are refused before any validation, on both sides.
    credential["credentialSchema"] = Value::Array(
        (0..=DEFAULT_MAX_SCHEMA_REFERENCES)
            .map(|i| json!({"id": format!("https://schemas.example/{i}.json"), "type": "JsonSchema"}))
            .collect(),
    );
    let signed = sign_raw(credential.clone());
    for policy in [SchemaPolicy::Refuse, SchemaPolicy::Report] {
        assert_eq!(
            code(office().with_schema_policy(policy).verify(&signed)),
            "credential.schema_limit"
        );
    }
    let typed: Credential = serde_json::from_value(credential.clone()).unwrap();
    assert_eq!(
        code(issue(&typed, &key(), &ProofOptions::assertion())),
        "credential.schema_limit"
    );
    // At the cap, accepted (under Report: none of them is held).
    credential["credentialSchema"].as_array_mut().unwrap().pop();
    let (_, report) = office()
        .with_schema_policy(SchemaPolicy::Report)
        .verify_with_report(&sign_raw(credential))
        .unwrap();
    assert_eq!(
        report.schemas.unchecked.len(),
        DEFAULT_MAX_SCHEMA_REFERENCES
    );
    assert_eq!(report.schemas.validations, 0);
    // The cap is the verifier's to choose.
    let signed = sign_raw(with(
        "credentialSchema",
        json!([{"id": "https://schemas.example/a.json", "type": "JsonSchema"}, {"id": "https://schemas.example/b.json", "type": "JsonSchema"}]),
    ));
    assert_eq!(
        code(
            office()
                .with_schema_policy(SchemaPolicy::Report)
                .with_max_schema_references(1)
                .verify(&signed)
        ),
        "credential.schema_limit"
    );
}

/// Data Integrity 1.0 §2.1 (proof purposes): "assertionMethod: Indicates that a proof can only
/// be used for making assertions, for example signing a verifiable credential." `issue()` with
/// another purpose says so, not that the issuer does not match.
#[test]
fn issuing_with_another_proof_purpose_is_its_own_error() {
    let typed: Credential = serde_json::from_value(base()).unwrap();
    let e = issue(
        &typed,
        &key(),
        &ProofOptions::authentication("challenge", "domain.example"),
    )
    .unwrap_err();
    assert_eq!(e.code(), "credential.proof_purpose_invalid");
    assert!(e.to_string().contains("authentication"), "{e}");
}

/// Every rule also holds inside a presentation: a credential that breaks one is refused with
/// the rule's code when it is verified as part of a batch.
#[test]
fn the_rules_hold_for_credentials_verified_in_a_batch() {
    let good: Value = serde_json::from_slice(&sign_raw(base())).unwrap();
    let bad: Value =
        serde_json::from_slice(&sign_raw(with("credentialSubject", json!({})))).unwrap();
    let results = office().verify_values(vec![good.clone(), bad, good]);
    let codes: Vec<_> = results
        .iter()
        .map(|r| r.as_ref().err().map(Error::code))
        .collect();
    assert_eq!(codes, [None, Some("credential.subject_empty"), None]);
}

/// The published credential schema states the same rules (as far as a schema can), so a
/// service that validates with the schema alone refuses these credentials too.
#[test]
fn the_credential_schema_states_the_rules_too() {
    use govblocks_identity::schemas::{ids, registry};
    let issuer = key().public_key().did();
    let refused = [
        with("evidence", json!({"id": "https://e.example/1"})),
        with("termsOfUse", json!([{"type": "IssuerPolicy"}, {}])),
        with("refreshService", json!({"type": ""})),
        with("name", json!({"@value": "x", "note": 1})),
        with("description", json!({"@value": "x", "@direction": "up"})),
        with("issuer", json!({"id": issuer, "name": 7})),
        with("credentialSubject", json!({})),
        with("credentialSubject", json!([{"a": 1}, {}])),
        with("evidence", json!({"type": "X", "id": "not a url"})),
        with("relatedResource", json!({"id": "https://r.example/1"})),
        with(
            "relatedResource",
            json!({"id": "https://r.example/1", "digestSRI": "md5-abc"}),
        ),
    ];
    for credential in refused {
        assert_eq!(
            registry()
                .validate(ids::CREDENTIAL, &credential)
                .map_err(|e| e.code())
                .err(),
            Some("schema.invalid"),
            "{credential}"
        );
    }
    registry().validate(ids::CREDENTIAL, &base()).unwrap();
    registry()
        .validate(
            ids::CREDENTIAL,
            &with(
                "relatedResource",
                json!({"id": "https://r.example/1", "digestMultibase": "zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n"}),
            ),
        )
        .unwrap();
}
