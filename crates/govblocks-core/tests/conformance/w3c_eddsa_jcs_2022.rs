//! The W3C "Data Integrity EdDSA Cryptosuites v1.0" test vectors for eddsa-jcs-2022, every
//! intermediate reproduced byte for byte (tests/vectors/w3c-vc-di-eddsa, see its SOURCE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{vector, vector_text};

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::{KeyFile, PublicKey};
use govblocks_core::proof::eddsa_jcs_2022::Intermediates;
use govblocks_core::proof::{add_proof, proof_config, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::{jcs, json};
use serde_json::Value;

const DIR: &str = "w3c-vc-di-eddsa";

fn unsigned() -> Value {
    json::parse(&vector(&format!("{DIR}/unsigned.json"))).unwrap()
}

fn signed_vector() -> Value {
    json::parse(&vector(&format!("{DIR}/eddsa-jcs-2022/signedJCS.json"))).unwrap()
}

fn created() -> Timestamp {
    Timestamp::parse("2023-02-24T23:36:38Z", "created").unwrap()
}

#[test]
fn key_pair_decodes_to_the_did_key_of_the_vectors() {
    let secret = KeyFile::parse(&vector(&format!("{DIR}/keyPair.json"))).unwrap();
    let public = secret.public_key();
    assert_eq!(
        public.to_multikey(),
        "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
    );
    assert_eq!(
        secret.to_multikey().as_str(),
        "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
    );
    let signed = signed_vector();
    assert_eq!(
        public.verification_method(),
        signed["proof"]["verificationMethod"].as_str().unwrap()
    );
}

#[test]
fn every_intermediate_matches_from_the_vector_proof_config() {
    let config = json::parse(&vector(&format!(
        "{DIR}/eddsa-jcs-2022/proofConfigJCS.json"
    )))
    .unwrap();
    let steps = Intermediates::compute(&unsigned(), &config);
    assert_eq!(
        String::from_utf8(steps.canonical_document.clone()).unwrap(),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/canonDocJCS.txt"))
    );
    assert_eq!(
        String::from_utf8(steps.canonical_proof_config.clone()).unwrap(),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/proofCanonJCS.txt"))
    );
    assert_eq!(
        hex::encode(steps.document_hash),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/docHashJCS.txt"))
    );
    assert_eq!(
        hex::encode(steps.proof_config_hash),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/proofHashJCS.txt"))
    );
    assert_eq!(
        hex::encode(steps.hash_data()),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/combinedHashJCS.txt"))
    );
    let secret = KeyFile::parse(&vector(&format!("{DIR}/keyPair.json"))).unwrap();
    let signature = secret.sign(&steps.hash_data());
    assert_eq!(
        hex::encode(signature),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/sigHexJCS.txt"))
    );
    assert_eq!(
        govblocks_core::encoding::multibase_encode(&signature),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/sigBTC58JCS.txt"))
    );
}

#[test]
fn add_proof_reproduces_the_signed_credential() {
    let secret = KeyFile::parse(&vector(&format!("{DIR}/keyPair.json"))).unwrap();
    let options = ProofOptions::new(ProofPurpose::AssertionMethod).with_created(created());
    let signed = add_proof(unsigned(), &secret, &options).unwrap();
    // Same JSON value (member order aside) as the W3C signed credential ...
    assert_eq!(signed, signed_vector());
    // ... and the proof configuration canonicalizes to the vector's.
    let config = Value::Object(proof_config(signed["proof"].as_object().unwrap()));
    assert_eq!(
        String::from_utf8(jcs::canonicalize(&config)).unwrap(),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/proofCanonJCS.txt"))
    );
    assert_eq!(
        signed["proof"]["proofValue"].as_str().unwrap(),
        vector_text(&format!("{DIR}/eddsa-jcs-2022/sigBTC58JCS.txt"))
    );
}

#[test]
fn the_signed_vector_verifies() {
    let signed = signed_vector();
    let did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(did, [ProofPurpose::AssertionMethod]),
    )
    .with_clock(FixedClock::new(created()));
    let verified = verifier.verify(signed.clone()).unwrap();
    assert_eq!(verified.proofs().len(), 1);
    assert_eq!(verified.proofs()[0].controller, did);
    assert_eq!(verified.value(), &signed);
    assert_eq!(
        PublicKey::from_did_url(&verified.proofs()[0].verification_method)
            .unwrap()
            .did(),
        did
    );
    // The same, from the file's bytes through the strict parser.
    verifier
        .verify_bytes(&vector(&format!("{DIR}/eddsa-jcs-2022/signedJCS.json")))
        .unwrap();
}
