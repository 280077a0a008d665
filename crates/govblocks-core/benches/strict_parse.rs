//! Strict parsing next to its baseline, `serde_json::from_slice::<Value>`, on a 1 KiB
//! credential (the W3C eddsa-jcs-2022 signed test vector) and a 64 KiB credential-like document.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use govblocks_core::json;
use serde_json::{json, Value};
use std::hint::black_box;

const SIGNED_VC: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/w3c-vc-di-eddsa/eddsa-jcs-2022/signedJCS.json"
));

/// A credential whose subject is a register of people (names, dates, addresses, some numbers
/// and escapes), pretty-printed, just over 64 KiB.
fn credential_64k() -> Vec<u8> {
    let mut members = Vec::new();
    let mut doc = Value::Null;
    for i in 0u32.. {
        members.push(json!({
            "id": format!("did:example:person-{i:06}"),
            "givenName": format!("Ada {i}"),
            "familyName": "Nakamura-Okonkwo",
            "birthDate": format!("19{:02}-0{}-1{}", i % 100, 1 + i % 9, i % 10),
            "address": {
                "streetAddress": format!("{i} Rue de l'Église"),
                "postalCode": format!("{:05}", i * 7),
                "addressLocality": "Zürich",
                "addressCountry": "CH"
            },
            "household": i % 7,
            "benefit": {"amount": format!("{}.{:02}", 100 + i, i % 100), "currency": "XOF"},
            "score": f64::from(i) * 1.25 + 0.1,
            "note": "line one\nline \"two\"\t\u{e9}",
            "active": i % 3 != 0
        }));
        doc = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33",
            "type": ["VerifiableCredential", "HouseholdRegisterCredential"],
            "issuer": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "validFrom": "2025-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:register", "members": members},
            "proof": {
                "type": "DataIntegrityProof",
                "cryptosuite": "eddsa-jcs-2022",
                "created": "2025-01-01T00:00:00Z",
                "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
                "proofPurpose": "assertionMethod",
                "proofValue": "z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93FCzpvJpwTWd3GAVFuUfjoJdcnTMuVor51aX"
            }
        });
        if serde_json::to_vec_pretty(&doc).unwrap().len() >= 64 * 1024 {
            break;
        }
    }
    serde_json::to_vec_pretty(&doc).unwrap()
}

fn bench_doc(c: &mut Criterion, name: &str, doc: &[u8]) {
    // Same value as the baseline, or the comparison means nothing.
    assert_eq!(
        json::parse(doc).unwrap(),
        serde_json::from_slice::<Value>(doc).unwrap()
    );
    let mut group = c.benchmark_group(format!("strict_parse/{name}"));
    group.throughput(Throughput::Bytes(doc.len() as u64));
    group.bench_function("govblocks_json_parse", |b| {
        b.iter(|| json::parse(black_box(doc)).unwrap())
    });
    group.bench_function("baseline_serde_json_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Value>(black_box(doc)).unwrap())
    });
    group.finish();
}

fn strict_parse(c: &mut Criterion) {
    bench_doc(c, "1KiB", SIGNED_VC);
    bench_doc(c, "64KiB", &credential_64k());
}

criterion_group!(benches, strict_parse);
criterion_main!(benches);
