//! eddsa-jcs-2022 sign and verify of a 1 KiB credential, each next to its raw Ed25519 baseline,
//! and batch verification of 256 proofs next to one-by-one verification.
//!
//! Targets (issue #2): verify <= 1.3x raw `verify_strict`; batch of 256 >= 1.8x the one-by-one
//! throughput. Run: `cargo bench -p govblocks-core --bench proof`.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use ed25519_dalek::{Signer as _, SigningKey};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::document::{Context, Document};
use govblocks_core::error::CodedError;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
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

/// The bench credential as a block would type it: the typed pipeline's document.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct BenchCredential {
    #[serde(rename = "@context")]
    context: Vec<String>,
    id: String,
    #[serde(rename = "type")]
    types: Vec<String>,
    issuer: String,
    valid_from: Timestamp,
    valid_until: Timestamp,
    name: String,
    description: String,
    credential_subject: Value,
}

#[derive(Debug, thiserror::Error)]
enum BenchError {
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),
    #[error("rule")]
    Rule,
}

impl CodedError for BenchError {
    fn code(&self) -> &'static str {
        match self {
            BenchError::Core(e) => e.code(),
            BenchError::Rule => "bench.rule",
        }
    }
}

const BENCH_SCHEMA: &str = "https://bench.example/credential.json";

impl Document for BenchCredential {
    const SCHEMA: &'static str = BENCH_SCHEMA;
    type Error = BenchError;
    fn check(&self, context: &Context<'_>) -> Result<(), BenchError> {
        let valid = context.signed_by(&self.issuer)
            && !context.is_in_future(self.valid_from)
            && !context.has_passed(self.valid_until);
        if valid {
            Ok(())
        } else {
            Err(BenchError::Rule)
        }
    }
    fn schemas() -> &'static SchemaRegistry {
        static SCHEMAS: std::sync::OnceLock<SchemaRegistry> = std::sync::OnceLock::new();
        SCHEMAS.get_or_init(|| {
            let date = format!("{}#/$defs/dateTimeStamp", govblocks_core::schema::ids::DEFS);
            let schema = json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": BENCH_SCHEMA,
                "type": "object",
                "required": ["@context", "type", "issuer", "validFrom", "credentialSubject"],
                "properties": {
                    "@context": {"type": "array", "minItems": 1, "items": {"type": "string"}},
                    "id": {"type": "string", "format": "uri"},
                    "type": {"type": "array", "contains": {"const": "VerifiableCredential"}},
                    "issuer": {"type": "string", "format": "uri"},
                    "validFrom": {"$ref": date},
                    "validUntil": {"$ref": date},
                    "name": {"type": "string"},
                    "description": {"type": "string"},
                    "credentialSubject": {
                        "type": "object",
                        "required": ["id"],
                        "properties": {"id": {"type": "string", "format": "uri"}}
                    }
                }
            });
            SchemaRegistry::builder()
                .with_core()
                .add_value(schema)
                .unwrap()
                .build()
                .unwrap()
        })
    }
}

/// Issue 6: verify of a 1 KiB credential from bytes through the typed path (strict parse,
/// schema, serde, proof, rules), next to raw `verify_strict` of the bytes and to an EdDSA JWT
/// of the same content verified by the `jsonwebtoken` crate with its key cached. Targets:
/// typed path with the did:key decoded on every call <= 1.5x raw; cached <= the JWT.
fn bench_verify_typed(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[7u8; 32]);
    let dalek = SigningKey::from_bytes(&[7u8; 32]);
    let verifying = dalek.verifying_key();
    let mut doc = credential(0);
    doc["issuer"] = json!(key.public_key().did());
    let bytes = serde_json::to_vec(&doc).unwrap();
    let raw_sig = dalek.sign(&bytes);
    let signed = add_proof(doc.clone(), &key, &ProofOptions::assertion()).unwrap();
    let signed_bytes = serde_json::to_vec(&signed).unwrap();
    let trust = || TrustList::new().trust_all_purposes(key.public_key().did());
    let now = FixedClock::new(Timestamp::parse("2025-01-01T00:00:00Z", "now").unwrap());
    let uncached = Verifier::new(DidKeyResolver, trust()).with_clock(now);
    let cached = Verifier::new(CachingResolver::new(DidKeyResolver, 1024), trust()).with_clock(now);
    uncached
        .verify_as::<BenchCredential>(&signed_bytes)
        .unwrap();

    // The JWT: the same credential as its claims, EdDSA, verified by jsonwebtoken.
    let jwt = govblocks_core::jws::sign(&bytes, &key, &govblocks_core::jws::JwsOptions::attached())
        .unwrap();
    let decoding = jsonwebtoken::DecodingKey::from_ed_der(&key.public_key().to_bytes());
    let mut validation = jsonwebtoken::Validation::new(jsonwebtoken::Algorithm::EdDSA);
    validation.required_spec_claims.clear();
    validation.validate_exp = false;
    jsonwebtoken::decode::<Value>(&jwt, &decoding, &validation).unwrap();

    let mut group = c.benchmark_group("verify_typed_1KiB");
    group.bench_function("raw_ed25519_verify_strict", |b| {
        b.iter(|| {
            verifying
                .verify_strict(black_box(&bytes), &raw_sig)
                .unwrap()
        })
    });
    group.bench_function("jsonwebtoken_eddsa_jwt_cached_key", |b| {
        b.iter(|| jsonwebtoken::decode::<Value>(black_box(&jwt), &decoding, &validation).unwrap())
    });
    group.bench_function("verify_as_from_bytes", |b| {
        b.iter(|| {
            uncached
                .verify_as::<BenchCredential>(black_box(&signed_bytes))
                .unwrap()
        })
    });
    group.bench_function("verify_as_from_bytes_cached_key", |b| {
        b.iter(|| {
            cached
                .verify_as::<BenchCredential>(black_box(&signed_bytes))
                .unwrap()
        })
    });
    group.finish();
}

criterion_group!(
    benches,
    bench_sign,
    bench_verify,
    bench_verify_typed,
    bench_batch,
    bench_forged_proof_set
);
criterion_main!(benches);
