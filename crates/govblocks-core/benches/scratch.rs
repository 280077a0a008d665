#![allow(missing_docs, clippy::unwrap_used)]
use criterion::{criterion_group, criterion_main, Criterion};
use govblocks_core::keys::{PublicKey, SecretKey};
use govblocks_core::proof::{add_proof, ProofOptions};
use govblocks_core::resolver::{DidKeyResolver, KeyResolver};
use govblocks_core::{jcs, json};
use sha2::{Digest, Sha256};
use std::hint::black_box;

fn b(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[7u8; 32]);
    let vm = key.public_key().verification_method();
    let doc: serde_json::Value = json::parse(br#"{"@context":["https://www.w3.org/ns/credentials/v2","https://www.w3.org/ns/credentials/examples/v2"],"id":"urn:uuid:58172aac-d8ba-11ed-83dd-000000000000","type":["VerifiableCredential","SocialProtectionCredential"],"issuer":"did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2","validFrom":"2024-01-01T00:00:00Z","validUntil":"2029-01-01T00:00:00Z","name":"Social protection enrolment","description":"Enrolment of a household in the national cash-transfer programme.","credentialSubject":{"id":"did:example:ebfeb1f712ebc6f1c276e12ec21","givenName":"Olena","familyName":"Kovalenko","birthDate":"1984-05-17","household":{"size":4,"region":"Kharkiv","registeredAt":"2022-03-14T09:30:00Z"},"programme":{"code":"CT-2024-UA","name":"Multipurpose cash assistance","currency":"UAH","monthlyAmount":"6600.00"},"paymentAccount":{"scheme":"IBAN","id":"UA213223130000026007233566001","holder":"Olena Kovalenko"},"languages":["uk","ru","en"],"notes":"Displaced; registered through the unified application."}}"#).unwrap();
    let signed = add_proof(doc.clone(), &key, &ProofOptions::assertion()).unwrap();
    let pv = signed["proof"]["proofValue"].as_str().unwrap().to_string();
    let canon = jcs::canonicalize(&doc);
    println!("canonical doc {} bytes", canon.len());
    c.bench_function("did_key_resolve", |b| {
        b.iter(|| DidKeyResolver.resolve(black_box(&vm)).unwrap())
    });
    let bytes = key.public_key().to_bytes();
    c.bench_function("pubkey_from_bytes", |b| {
        b.iter(|| PublicKey::from_bytes(black_box(&bytes)).unwrap())
    });
    c.bench_function("proofvalue_decode", |b| {
        b.iter(|| {
            govblocks_core::encoding::multibase_decode_array::<64>(black_box(&pv), "x").unwrap()
        })
    });
    c.bench_function("jcs_doc", |b| b.iter(|| jcs::canonicalize(black_box(&doc))));
    c.bench_function("sha256_doc", |b| {
        b.iter(|| Sha256::digest(black_box(&canon)))
    });
    c.bench_function("serde_to_vec", |b| {
        b.iter(|| serde_json::to_vec(black_box(&doc)).unwrap())
    });
    c.bench_function("clone_doc", |b| b.iter(|| black_box(&signed).clone()));
}
criterion_group!(benches, b);
criterion_main!(benches);
