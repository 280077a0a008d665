//! The scale run's world, shared by the scale test (`scale.rs`) and the `scale_unit` bench
//! (which includes this file with `#[path]`): the registry's people, each with a key, a
//! foundational ID credential with a revocation entry and a presentation; the office that
//! verifies them; and a signature as the floor checks it.

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::encoding::multibase_decode_array;
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::proof::eddsa_jcs_2022::hash_data;
use govblocks_core::proof::{proof_config, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::foundational_id::{self, BirthDate, FoundationalIdSubject, Residence};
use govblocks_identity::one_or_many::OneOrMany;
use govblocks_identity::presentation::{create, AcceptOnce, PresentationVerifier};
use govblocks_identity::status_list::{
    InMemoryStatusResolver, StatusEntry, StatusList, StatusPurpose,
};
use govblocks_identity::verhoeff;
use serde_json::Value;

/// The registry's revocation list.
pub const LIST: &str = "https://registry.example.gov/status/revocation/1";
/// Its size: 1,048,576 entries.
pub const LIST_SIZE: u64 = 1 << 20;
/// The office's domain.
pub const DOMAIN: &str = "social-protection.example.gov";

pub fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

/// A foundational ID credential from `registry` about `holder`, whose number is `digits` with
/// its Verhoeff check digit, valid from 2024 (unsigned).
pub fn foundational_id(registry: &SecretKey, holder: &SecretKey, digits: &str) -> Credential {
    let uin = verhoeff::with_check_digit(digits).unwrap();
    let subject = FoundationalIdSubject::new(
        uin,
        "Коваленко",
        BirthDate::parse("1984-05-17").unwrap(),
        Residence::new("UA")
            .with_region("Kharkiv")
            .with_district("Kharkiv"),
    )
    .with_given_name("Олена")
    .with_id(holder.public_key().did());
    let mut credential = Credential::with_subject(
        registry.public_key().did(),
        &["FoundationalIdCredential"],
        &subject,
    )
    .unwrap();
    credential.valid_from = Some(t("2024-01-01T00:00:00Z"));
    credential
}

/// Person `i`'s key, credential and presentation (answering challenge `c-i`).
pub fn presentation(registry: &SecretKey, i: u64) -> Vec<u8> {
    let mut seed = [0x5a; 32];
    seed[..8].copy_from_slice(&i.to_le_bytes());
    let person = SecretKey::from_seed(&seed);
    let mut credential = foundational_id(registry, &person, &format!("{:011}", 20_000_000_000 + i));
    let entry = StatusEntry::new(StatusPurpose::Revocation, LIST, i % LIST_SIZE).unwrap();
    credential.credential_status = Some(OneOrMany::One(
        entry.to_value().as_object().unwrap().clone(),
    ));
    let signed = issue(&credential, registry, &ProofOptions::assertion()).unwrap();
    let vp = create(vec![signed], &person, None, &format!("c-{i}"), DOMAIN).unwrap();
    serde_json::to_vec(&vp).unwrap()
}

/// The office: the flagship's verifier, with a cached status list and cached issuer key, its
/// challenges remembered in `challenges`.
pub fn office(registry: &SecretKey, challenges: impl AcceptOnce + 'static) -> PresentationVerifier {
    let clock = FixedClock::new(t("2025-01-01T00:00:00Z"));
    let list = StatusList::new(LIST, StatusPurpose::Revocation, LIST_SIZE).unwrap();
    let unsigned = list.unsigned_credential(
        &registry.public_key().did(),
        Some(t("2024-01-01T00:00:00Z")),
    );
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    let published = issue(&typed, registry, &ProofOptions::assertion()).unwrap();
    let mut status = InMemoryStatusResolver::new();
    status.insert(LIST, serde_json::to_vec(&published).unwrap());
    let credentials = CredentialVerifier::new(
        Verifier::new(
            CachingResolver::new(DidKeyResolver, 16),
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(clock),
    )
    .with_status_resolver(status)
    .with_status_cache(time::Duration::minutes(5))
    .with_subject_rule(foundational_id::check_credential);
    // Holders are a million different people: their keys are decoded from the did:key each
    // time (a cache would only miss).
    let holders = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock);
    PresentationVerifier::new(credentials, holders, challenges)
}

/// One signature as the floor checks it: the eddsa-jcs-2022 hash data, the signature, the
/// did:key's key (decompressed).
pub struct RawSignature {
    pub message: [u8; 64],
    pub signature: ed25519_dalek::Signature,
    pub key: ed25519_dalek::VerifyingKey,
}

/// The signature of `document` (a secured JSON object with one proof) as the floor checks it.
pub fn raw_signature(document: &Value) -> RawSignature {
    let mut unsecured = document.as_object().unwrap().clone();
    let proof = unsecured.remove("proof").unwrap();
    let proof = proof.as_object().unwrap();
    // The proof configuration is the proof less `proofValue` (it carries `@context` itself).
    let config = proof_config(proof);
    let message = hash_data(&Value::Object(unsecured), &Value::Object(config));
    let signature: [u8; 64] =
        multibase_decode_array(proof["proofValue"].as_str().unwrap(), "proofValue").unwrap();
    let method = proof["verificationMethod"].as_str().unwrap();
    let key = govblocks_core::keys::PublicKey::from_did_url(method).unwrap();
    RawSignature {
        message,
        signature: ed25519_dalek::Signature::from_bytes(&signature),
        key: *key.verifying_key(),
    }
}

/// A presentation's two signatures as the floor checks them: the holder's, then the issuer's.
pub fn raw_signatures_of(presentation: &[u8]) -> [RawSignature; 2] {
    let vp: Value = serde_json::from_slice(presentation).unwrap();
    [
        raw_signature(&vp),
        raw_signature(&vp["verifiableCredential"][0]),
    ]
}

/// What any verifier of `presentations` does, however it is written (the scale run's third
/// measure, and the `scale_unit` bench's `what_any_verifier_does`): their signatures (`raw`,
/// the holder's then the issuer's for each) checked as this verifier checks them — each
/// holder's key decompressed from its bytes, the registry's key once, one batch equation in
/// which the registry's terms are added up — then, for each presentation, its bytes read once
/// as a tape, the presentation and its credential checked against their schemas, both
/// `proofValue`s decoded from base58, and the eddsa-jcs-2022 hash data hashed (both documents
/// and both proof configurations; here each whole, a few bytes more than the parts signed).
/// No rule, no typed value, no bookkeeping: what stands between this and the verifier is what
/// those cost.
pub fn what_any_verifier_does(presentations: &[&[u8]], raw: &[RawSignature], registry: &PublicKey) {
    use govblocks_core::document::Document;
    use govblocks_core::json::{Limits, Tape};
    use govblocks_identity::presentation::Presentation;
    use sha2::Digest;
    use std::hint::black_box;

    let holders: Vec<PublicKey> = raw
        .iter()
        .step_by(2)
        .map(|r| PublicKey::from_bytes(black_box(r.key.as_bytes())).unwrap())
        .collect();
    let signatures: Vec<[u8; 64]> = raw.iter().map(|r| r.signature.to_bytes()).collect();
    let items: Vec<(&[u8], &[u8; 64], &PublicKey)> = raw
        .iter()
        .zip(&signatures)
        .enumerate()
        .map(|(i, (r, signature))| {
            let key = if i % 2 == 0 {
                &holders[i / 2]
            } else {
                registry
            };
            (&r.message[..], signature, key)
        })
        .collect();
    assert!(govblocks_core::testkit_hook::batch_verify_keys(&items));

    let limits = Limits::default();
    let presentation_schemas = <Presentation as Document>::schemas();
    let credential_schemas = <Credential as Document>::schemas();
    for bytes in presentations {
        let tape = Tape::parse(black_box(bytes), &limits).unwrap();
        let root = tape.root();
        presentation_schemas
            .validate_tape(Presentation::SCHEMA, root)
            .unwrap();
        let credential = root
            .get("verifiableCredential")
            .and_then(|list| list.elements().next())
            .unwrap();
        credential_schemas
            .validate_tape(Credential::SCHEMA, credential)
            .unwrap();
        for document in [root, credential] {
            let proof = document.get("proof").unwrap();
            let value = proof.get("proofValue").and_then(|v| v.as_str()).unwrap();
            black_box(multibase_decode_array::<64>(value, "proofValue").unwrap());
            black_box(sha2::Sha256::digest(document.raw()));
            black_box(sha2::Sha256::digest(proof.raw()));
        }
    }
}
