//! SD-JWT next to raw Ed25519 `verify_strict` in the same group (issue 17 target): verify an
//! SD-JWT VC with 10 disclosures and a key binding, at most 1.15x the cost of two raw
//! `verify_strict` calls (the issuer's and the holder's signatures are the floor). The same
//! presentation is measured twice: through `SdJwtVerifier` (RFC 9901's rules alone) and through
//! `SdJwtVcVerifier` (the SD-JWT VC profile's rules on top), so the profile's cost shows.
//!
//! Two floors are printed:
//!
//! * `raw verify_strict x2 (the floor)`: the issue's floor, two `verify_strict` calls with
//!   `VerifyingKey`s built beforehand;
//! * `raw verify_strict x2 + holder key decompression`: the same, plus one
//!   `VerifyingKey::from_bytes` of a 32-byte key in each iteration. A verifier cannot avoid it:
//!   the holder's key arrives in the credential's `cnf.jwk` as a compressed point, different for
//!   every holder, so every verification decompresses it (a square root in the field, about a
//!   tenth of the issue's floor). The ratio to this floor is what the verifier adds beyond the
//!   cryptography it must do; the issue's ratio is reported beside it, not replaced.
//! * `raw verify_strict x2 over the presentation's own signing inputs`: the two signatures the
//!   verifier actually checks, the issuer's over its JWT's signing input (`header.payload`,
//!   about 1.2 KB here) and the holder's over the KB-JWT's, with the two `VerifyingKey`s built
//!   beforehand. Ed25519 verification hashes its message with SHA-512, so it costs more over
//!   these longer inputs than over the 300-byte message of the issue's floor: this is the
//!   cryptography the verification cannot avoid, without the holder key's decompression.
//!
//! Run: `cargo bench -p govblocks-identity --bench sd_jwt -- --warm-up-time 1 --measurement-time 5`.
//!
//! **On a noisy machine, read the interleaved mode** (criterion's windows for the floor and for
//! ours fall at different speeds; see `govblocks-testkit`'s `interleaved`):
//! `GOVBLOCKS_BENCH_CPU_ROUNDS=51 target/release/deps/sd_jwt-* --bench sd_jwt` (after
//! `--no-run`) runs the five arms in turns of 40 calls and prints each against each floor.
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used)]

use criterion::{criterion_group, criterion_main, Criterion};
use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use govblocks_core::clock::FixedClock;
use govblocks_core::encoding::base64url_decode;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::{
    self, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVcVerifier, SdJwtVerifier,
};
use serde_json::json;
use std::hint::black_box;

#[path = "../../govblocks-testkit/src/interleaved.rs"]
#[allow(dead_code)]
mod interleaved;
use interleaved::{interleaved, rounds_from_env, selected};
use time::OffsetDateTime;

fn bench(c: &mut Criterion) {
    let registry = SecretKey::from_seed(&[1; 32]);
    let holder = SecretKey::from_seed(&[2; 32]);
    let now = OffsetDateTime::from_unix_timestamp(1_767_268_800).unwrap();
    let claims = json!({
        "iss": registry.public_key().did(),
        "iat": 1_767_268_000,
        "vct": "https://credentials.example.gov/foundational-id",
        "uin": "2345678901", "given_name": "Олена", "family_name": "Коваленко",
        "birthdate": "1984-05-17", "age_over_18": true, "sex": "F",
        "nationality": "UA", "place_of_birth": "Kharkiv",
        "address": {"district": "Kharkiv", "region": "Kharkiv", "country": "UA"},
    });
    let pointers = [
        "/uin",
        "/given_name",
        "/family_name",
        "/birthdate",
        "/age_over_18",
        "/sex",
        "/nationality",
        "/place_of_birth",
        "/address",
        "/address/district",
    ];
    let mut options = IssueOptions::new().holder(holder.public_key());
    for p in pointers {
        options = options.disclose(p);
    }
    let issued = sd_jwt::issue_vc(&claims, &options, &registry).unwrap();
    let reveal: Vec<String> = pointers.iter().map(|p| p.to_string()).collect();
    let presented = sd_jwt::present(
        issued.compact(),
        &reveal,
        &holder,
        &KeyBindingClaims::new("https://office.example.gov", "n-1", now),
        &Limits::default(),
    )
    .unwrap();
    let verifier = SdJwtVerifier::new(
        Verifier::new(
            CachingResolver::new(DidKeyResolver, 64),
            TrustList::new().trust_all_purposes(registry.public_key().did()),
        )
        .with_clock(FixedClock::new(now)),
    );
    let binding = KeyBinding::required("https://office.example.gov", "n-1");
    assert_eq!(
        verifier
            .verify(&presented, &binding)
            .unwrap()
            .disclosure_count(),
        10
    );
    let vc_verifier = SdJwtVcVerifier::new(SdJwtVerifier::new(
        Verifier::new(
            CachingResolver::new(DidKeyResolver, 64),
            TrustList::new().trust_all_purposes(registry.public_key().did()),
        )
        .with_clock(FixedClock::new(now)),
    ))
    .expect_vct("https://credentials.example.gov/foundational-id");
    assert_eq!(
        vc_verifier
            .verify(&presented, &binding)
            .unwrap()
            .disclosed()
            .len(),
        10
    );

    let raw = SigningKey::from_bytes(&[9; 32]);
    let message = [7u8; 300];
    let signature = raw.sign(&message);
    let verifying = raw.verifying_key();

    let holder_raw = SigningKey::from_bytes(&[10; 32]);
    let holder_signature = holder_raw.sign(&message);
    let holder_bytes = holder_raw.verifying_key().to_bytes();

    // The presentation's own two signatures over their own signing inputs, keys built beforehand.
    let (issuer_input, issuer_signature) = signed_parts(presented.split('~').next().unwrap());
    let (kb_input, kb_signature) = signed_parts(presented.rsplit('~').next().unwrap());
    let issuer_key = VerifyingKey::from_bytes(registry.public_key().as_bytes()).unwrap();
    let holder_key = VerifyingKey::from_bytes(holder.public_key().as_bytes()).unwrap();
    issuer_key
        .verify_strict(&issuer_input, &issuer_signature)
        .unwrap();
    holder_key.verify_strict(&kb_input, &kb_signature).unwrap();
    println!(
        "signing inputs: issuer JWT {} bytes, KB-JWT {} bytes (the issue's floor: 2 x {} bytes)",
        issuer_input.len(),
        kb_input.len(),
        message.len()
    );

    let floor = || {
        verifying
            .verify_strict(black_box(&message), &signature)
            .unwrap();
        verifying
            .verify_strict(black_box(&message), &signature)
            .unwrap();
    };
    let floor_with_key = || {
        verifying
            .verify_strict(black_box(&message), &signature)
            .unwrap();
        let holder = VerifyingKey::from_bytes(black_box(&holder_bytes)).unwrap();
        holder
            .verify_strict(black_box(&message), &holder_signature)
            .unwrap();
    };
    let faithful_floor = || {
        issuer_key
            .verify_strict(black_box(&issuer_input), &issuer_signature)
            .unwrap();
        holder_key
            .verify_strict(black_box(&kb_input), &kb_signature)
            .unwrap();
    };
    let plain = || drop(verifier.verify(black_box(&presented), &binding).unwrap());
    let vc = || drop(vc_verifier.verify(black_box(&presented), &binding).unwrap());
    if let Some(rounds) = rounds_from_env() {
        if selected("sd_jwt") {
            interleaved(
                "sd_jwt",
                rounds,
                40,
                &[
                    ("raw verify_strict x2 (the issue's floor)", &floor),
                    (
                        "raw verify_strict x2 + holder key decompression",
                        &floor_with_key,
                    ),
                    (
                        "raw verify_strict x2 over the presentation's own signing inputs",
                        &faithful_floor,
                    ),
                    ("SdJwtVerifier::verify", &plain),
                    ("SdJwtVcVerifier::verify", &vc),
                ],
                &[(3, 0), (4, 0), (3, 1), (4, 1), (3, 2), (4, 2)],
            );
        }
        return;
    }

    let mut group = c.benchmark_group("sd_jwt");
    group.bench_function("raw verify_strict x2 (the floor)", |b| b.iter(floor));
    group.bench_function("raw verify_strict x2 + holder key decompression", |b| {
        b.iter(floor_with_key)
    });
    group.bench_function(
        "raw verify_strict x2 over the presentation's own signing inputs",
        |b| b.iter(faithful_floor),
    );
    group.bench_function("verify, 10 disclosures + key binding", |b| b.iter(plain));
    group.bench_function("verify SD-JWT VC, 10 disclosures + key binding", |b| {
        b.iter(vc)
    });
    group.finish();
}

/// A compact JWS's signing input (`header.payload`) and its signature.
fn signed_parts(jws: &str) -> (Vec<u8>, ed25519_dalek::Signature) {
    let (input, signature) = jws.rsplit_once('.').unwrap();
    let bytes: [u8; 64] = base64url_decode(signature, "signature")
        .unwrap()
        .try_into()
        .unwrap();
    (
        input.as_bytes().to_vec(),
        ed25519_dalek::Signature::from_bytes(&bytes),
    )
}

criterion_group!(benches, bench);
criterion_main!(benches);
