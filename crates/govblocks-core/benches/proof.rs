//! eddsa-jcs-2022 sign and verify of a 1 KiB credential, each next to its raw Ed25519 baseline,
//! and batch verification of 256 proofs next to one-by-one verification.
//!
//! Targets (issue #2): verify <= 1.3x raw `verify_strict`; batch of 256 >= 1.8x the one-by-one
//! throughput. Run: `cargo bench -p govblocks-core --bench proof`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ed25519_dalek::{Signer as _, SigningKey};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use serde_json::{json, Value};
use std::hint::black_box;

/// A credential-shaped document of about 1 KiB once serialized (without its proof).
fn credential(i: usize) -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://www.w3.org/ns/credentials/examples/v2"],
        "id": format!("urn:uuid:58172aac-d8ba-11ed-83dd-{i:012}"),
        "type": ["VerifiableCredential", "SocialProtectionCredential"],
        "issuer": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "validFrom": "2024-01-01T00:00:00Z",
        "validUntil": "2029-01-01T00:00:00Z",
        "name": "Social protection enrolment",
        "description": "Enrolment of a household in the national cash-transfer programme.",
        "credentialSubject": {
            "id": "did:example:ebfeb1f712ebc6f1c276e12ec21",
            "givenName": "Olena", "familyName": "Kovalenko", "birthDate": "1984-05-17",
            "household": {"size": 4, "region": "Kharkiv", "registeredAt": "2022-03-14T09:30:00Z"},
            "programme": {"code": "CT-2024-UA", "name": "Multipurpose cash assistance", "currency": "UAH", "monthlyAmount": "6600.00"},
            "paymentAccount": {"scheme": "IBAN", "id": "UA213223130000026007233566001", "holder": "Olena Kovalenko"},
            "languages": ["uk", "ru", "en"],
            "notes": "Displaced; registered through the unified application. Priority: élevée — Ünïcødé ✓"
        }
    })
}

fn bench_sign(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[7u8; 32]);
    let dalek = SigningKey::from_bytes(&[7u8; 32]);
    let doc = credential(0);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let mut group = c.benchmark_group("sign_1KiB");
    group.bench_function("raw_ed25519_sign", |b| {
        b.iter(|| dalek.sign(black_box(&bytes)))
    });
    group.bench_function("eddsa_jcs_2022_add_proof", |b| {
        b.iter_batched(
            || doc.clone(),
            |d| add_proof(d, &key, &ProofOptions::assertion()).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn bench_verify(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[7u8; 32]);
    let dalek = SigningKey::from_bytes(&[7u8; 32]);
    let verifying = dalek.verifying_key();
    let doc = credential(0);
    let bytes = serde_json::to_vec(&doc).unwrap();
    let raw_sig = dalek.sign(&bytes);
    let signed = add_proof(doc, &key, &ProofOptions::assertion()).unwrap();
    let signed_bytes = serde_json::to_vec(&signed).unwrap();
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(key.public_key().did()),
    );
    let cached = Verifier::new(
        CachingResolver::new(DidKeyResolver, 1024),
        TrustList::new().trust_all_purposes(key.public_key().did()),
    );
    let mut group = c.benchmark_group("verify_1KiB");
    group.bench_function("raw_ed25519_verify_strict", |b| {
        b.iter(|| {
            verifying
                .verify_strict(black_box(&bytes), &raw_sig)
                .unwrap()
        })
    });
    group.bench_function("eddsa_jcs_2022_verify", |b| {
        b.iter_batched(
            || signed.clone(),
            |d| verifier.verify(d).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("eddsa_jcs_2022_verify_cached_key", |b| {
        b.iter_batched(
            || signed.clone(),
            |d| cached.verify(d).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("eddsa_jcs_2022_verify_from_bytes", |b| {
        b.iter(|| verifier.verify_bytes(black_box(&signed_bytes)).unwrap())
    });
    group.finish();
}

fn bench_batch(c: &mut Criterion) {
    const N: usize = 256;
    let key = SecretKey::from_seed(&[7u8; 32]);
    let docs: Vec<Value> = (0..N)
        .map(|i| add_proof(credential(i), &key, &ProofOptions::assertion()).unwrap())
        .collect();
    // Both arms share the verifier (and its key cache): only the signature checks differ.
    let verifier = Verifier::new(
        CachingResolver::new(DidKeyResolver, 1024),
        TrustList::new().trust_all_purposes(key.public_key().did()),
    );
    let mut group = c.benchmark_group("verify_256_proofs");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    group.bench_function("one_by_one", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                for d in docs {
                    verifier.verify(d).unwrap();
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.bench_function("batch", |b| {
        b.iter_batched(
            || docs.clone(),
            |docs| {
                for r in verifier.verify_batch(docs) {
                    r.unwrap();
                }
            },
            BatchSize::LargeInput,
        )
    });
    group.finish();
}

/// Issue 5, point 5: a 4 MiB document with 32 forged proofs, each naming its own trusted key,
/// next to the same document with one forged proof. Target: refusing 32 costs <= 2x refusing 1.
fn bench_forged_proof_set(c: &mut Criterion) {
    let forged = |n: u8| {
        let proofs: Vec<Value> = (0..n)
            .map(|i| {
                let key = SecretKey::from_seed(&[i.wrapping_add(1); 32]);
                json!({
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-jcs-2022",
                    "verificationMethod": key.public_key().verification_method(),
                    "proofPurpose": "assertionMethod",
                    "proofValue": govblocks_core::encoding::multibase_encode(&[i; 64]),
                })
            })
            .collect();
        // Strings are limited to 1 MiB: 63 strings of 64 KiB.
        let blob = vec!["x".repeat(64 * 1024); 63];
        let bytes = serde_json::to_vec(&json!({"blob": blob, "proof": proofs})).unwrap();
        // Refused for its signature, after the document was hashed.
        let code = Verifier::new(DidKeyResolver, TrustList::any())
            .verify_bytes(&bytes)
            .unwrap_err()
            .code();
        assert_eq!(code, "proof.signature_invalid");
        bytes
    };
    let one = forged(1);
    let many = forged(32);
    let verifier = Verifier::new(DidKeyResolver, TrustList::any());
    let mut group = c.benchmark_group("refuse_forged_4MiB");
    group.sample_size(10);
    group.bench_function("one_proof", |b| {
        b.iter(|| verifier.verify_bytes(black_box(&one)).unwrap_err())
    });
    group.bench_function("32_proofs", |b| {
        b.iter(|| verifier.verify_bytes(black_box(&many)).unwrap_err())
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_sign,
    bench_verify,
    bench_batch,
    bench_forged_proof_set
);
criterion_main!(benches);
