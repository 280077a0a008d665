//! RFC 8785 canonicalization next to its baseline, `serde_json::to_vec` (compact serialization
//! of the same `Value`, which does everything JCS does except the ordering check and the
//! ECMAScript number rules), on credential-like documents of 1 KiB, 64 KiB and 1 MiB.
//!
//! `cargo bench -p govblocks-core --bench canonicalize -- --warm-up-time 1 --measurement-time 3`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use govblocks_core::jcs;
use serde_json::{json, Value};
use std::hint::black_box;

/// Deterministic pseudo-random numbers (a 64-bit LCG), so every run benchmarks the same bytes.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() as usize) % items.len()]
    }
}

const GIVEN: &[&str] = &[
    "Amina",
    "José",
    "Zoë",
    "Nguyễn",
    "Søren",
    "Aleksandr",
    "Fatuma",
    "Łukasz",
    "Chidi",
    "Ana",
];
const FAMILY: &[&str] = &[
    "Okafor",
    "García",
    "Müller",
    "Tran",
    "Ødegaard",
    "Ivanova",
    "Mwangi",
    "Wójcik",
    "Dubois",
    "Silva",
];
const CITIES: &[&str] = &[
    "Nairobi",
    "São Paulo",
    "Kraków",
    "Hà Nội",
    "Reykjavík",
    "Addis Ababa",
    "Zürich",
    "Lagos",
];
const PROGRAMMES: &[&str] = &[
    "child-benefit",
    "disability-support",
    "old-age-pension",
    "school-meals",
    "cash-for-work",
];

/// One benefit-payment record of the credential subject: nested objects, numbers (integers
/// and decimals), ISO dates, a mix of ASCII and non-ASCII text.
fn record(rng: &mut Lcg, i: u64) -> Value {
    json!({
        "id": format!("urn:uuid:{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            rng.next(), rng.next() & 0xffff, rng.next() & 0xfff, rng.next() & 0xfff, rng.next()),
        "sequence": i,
        "programme": rng.pick(PROGRAMMES),
        "period": { "start": format!("2025-{:02}-01", 1 + i % 12), "months": 1 + rng.next() % 3 },
        "amount": { "value": format!("{}.{:02}", 20 + rng.next() % 500, rng.next() % 100), "currency": "KES" },
        "score": (rng.next() % 10_000) as f64 / 100.0,
        "ratio": 1.0 / (1 + rng.next() % 97) as f64,
        "paid": rng.next() % 4 != 0,
        "channel": { "type": "mobile-money", "provider": rng.pick(&["M-Pesa", "Airtel Money", "T-Kash"]),
                     "msisdn": format!("+2547{:08}", rng.next() % 100_000_000) },
        "note": format!("Zahlung für {} {} in {} – geprüft ✓", rng.pick(GIVEN), rng.pick(FAMILY), rng.pick(CITIES)),
    })
}

/// A W3C VC 2.0-shaped credential with a Data Integrity proof, grown by payment records until
/// its compact serialization reaches `target` bytes.
fn credential(target: usize) -> Value {
    let mut rng = Lcg(0x5eed_0fc0_ffee);
    let mut doc = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", "https://govblocks.example/ns/benefits/v1"],
        "id": "urn:uuid:2f1e6d3c-8b7a-4c5d-9e0f-123456789abc",
        "type": ["VerifiableCredential", "BenefitEntitlementCredential"],
        "issuer": { "id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", "name": "Ministère de la Protection Sociale" },
        "validFrom": "2025-01-01T00:00:00Z",
        "validUntil": "2027-12-31T23:59:59Z",
        "credentialSubject": {
            "id": "did:key:z6MkpTHR8VNsBxYAAWHut2Geadd9jSwuBV8xRoAnwWsdvktH",
            "name": { "given": "Zoë", "family": "Ødegaard-Müller" },
            "birthDate": "1987-04-12",
            "address": { "street": "Rua das Flores 12", "city": "São Paulo", "country": "BR" },
            "household": { "size": 4, "dependants": 2, "income": 1234.5 },
            "payments": []
        },
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "2025-01-01T00:00:00Z",
            "verificationMethod": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
            "proofPurpose": "assertionMethod",
            "proofValue": "z58DAdFfa9SkqZMVPxAQpic7ndSayn1PzZs6ZjWp1CktyGesjuTSwRdoWhAfGFCF5bppETSTojQCrfFPP2oumHKtz"
        }
    });
    let mut size = serde_json::to_vec(&doc).unwrap().len();
    let mut records = Vec::new();
    let mut i = 0;
    while size < target {
        let r = record(&mut rng, i);
        let add = serde_json::to_vec(&r).unwrap().len() + 1;
        if size + add > target && !records.is_empty() {
            break;
        }
        size += add;
        records.push(r);
        i += 1;
    }
    doc["credentialSubject"]["payments"] = Value::Array(records);
    doc
}

fn bench(c: &mut Criterion) {
    for (label, target) in [("1KiB", 1 << 10), ("64KiB", 64 << 10), ("1MiB", 1 << 20)] {
        let doc = credential(target);
        let len = serde_json::to_vec(&doc).unwrap().len();
        let mut group = c.benchmark_group(format!("canonicalize/{label}"));
        group.throughput(Throughput::Bytes(len as u64));
        group.bench_function(BenchmarkId::new("serde_json::to_vec", len), |b| {
            b.iter(|| serde_json::to_vec(black_box(&doc)).unwrap())
        });
        group.bench_function(BenchmarkId::new("jcs::canonicalize", len), |b| {
            b.iter(|| jcs::canonicalize(black_box(&doc)))
        });
        group.finish();
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
