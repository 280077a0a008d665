//! Every way a proof can be wrong, each with its own error code; proof sets, chains and batches.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::encoding::multibase_encode;
use govblocks_core::keys::{SecretKey, ED25519_PUB_HEADER};
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, StaticResolver, TrustList};
use govblocks_core::Error;
use serde_json::{json, Value};
use time::Duration;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn credential() -> Value {
    json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:11111111-2222-3333-4444-555555555555",
        "type": ["VerifiableCredential"],
        "issuer": key(1).public_key().did(),
        "validFrom": "2024-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:alice", "name": "Alice", "benefit": "cash-transfer"}
    })
}

fn signed() -> Value {
    let options = ProofOptions::assertion().with_created(t("2024-01-01T00:00:00Z"));
    add_proof(credential(), &key(1), &options).unwrap()
}

fn verifier() -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(key(1).public_key().did(), [ProofPurpose::AssertionMethod]),
    )
    .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z")))
}

fn code(r: Result<impl std::fmt::Debug, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

#[test]
fn a_good_proof_verifies() {
    let verified = verifier().verify(signed()).unwrap();
    assert_eq!(verified.proofs()[0].purpose, ProofPurpose::AssertionMethod);
    assert_eq!(verified.value(), &signed());
}

#[test]
fn a_flipped_bit_in_proof_value_fails() {
    let doc = signed();
    let value = doc["proof"]["proofValue"].as_str().unwrap();
    let mut sig = govblocks_core::encoding::multibase_decode(value, "t").unwrap();
    for (byte, bit) in [(0usize, 0u8), (31, 7), (32, 0), (63, 3)] {
        let mut flipped = sig.clone();
        flipped[byte] ^= 1 << bit;
        let mut d = doc.clone();
        d["proof"]["proofValue"] = multibase_encode(&flipped).into();
        let c = code(verifier().verify(d));
        assert!(c == "proof.signature_invalid", "byte {byte} bit {bit}: {c}");
    }
    sig.push(0);
    let mut d = doc.clone();
    d["proof"]["proofValue"] = multibase_encode(&sig).into();
    assert_eq!(code(verifier().verify(d)), "proof.value_invalid");
}

#[test]
fn malformed_proof_values_fail_with_value_invalid() {
    for bad in [
        "u".to_string() + "AAAA",        // base64url multibase
        "z0OIl".to_string(),             // not base58btc
        "z".to_string(),                 // empty
        multibase_encode(&[1u8; 63]),    // too short
        multibase_encode(&[1u8; 65]),    // too long
        format!("z{}", "1".repeat(500)), // absurdly long
    ] {
        let mut d = signed();
        d["proof"]["proofValue"] = bad.clone().into();
        assert_eq!(code(verifier().verify(d)), "proof.value_invalid", "{bad}");
    }
    let mut d = signed();
    d["proof"]["proofValue"] = json!(12);
    assert_eq!(code(verifier().verify(d)), "proof.malformed");
    let mut d = signed();
    d["proof"].as_object_mut().unwrap().remove("proofValue");
    assert_eq!(code(verifier().verify(d)), "proof.malformed");
}

#[test]
fn a_changed_document_field_fails() {
    for path in ["/credentialSubject/name", "/issuer", "/validFrom"] {
        let mut d = signed();
        *d.pointer_mut(path).unwrap() = json!("Mallory");
        assert_eq!(
            code(verifier().verify(d)),
            "proof.signature_invalid",
            "{path}"
        );
    }
    // Adding a member is a change too.
    let mut d = signed();
    d["credentialSubject"]["amount"] = json!("1000000");
    assert_eq!(code(verifier().verify(d)), "proof.signature_invalid");
    // So is changing a proof option.
    let mut d = signed();
    d["proof"]["created"] = json!("2024-01-01T00:00:01Z");
    assert_eq!(code(verifier().verify(d)), "proof.signature_invalid");
}

#[test]
fn a_proof_moved_to_another_document_fails() {
    let proof = signed()["proof"].clone();
    let mut other = credential();
    other["id"] = json!("urn:uuid:99999999-2222-3333-4444-555555555555");
    other["proof"] = proof;
    assert_eq!(code(verifier().verify(other)), "proof.signature_invalid");
}

#[test]
fn the_wrong_purpose_fails() {
    let options = ProofOptions::new(ProofPurpose::Authentication);
    let d = add_proof(credential(), &key(1), &options).unwrap();
    assert_eq!(code(verifier().verify(d.clone())), "proof.purpose_mismatch");
    // The same proof is fine where authentication is expected, if trusted for it.
    let v = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(key(1).public_key().did()),
    )
    .expect_purpose(ProofPurpose::Authentication);
    v.verify(d).unwrap();
}

#[test]
fn an_untrusted_key_fails() {
    let d = add_proof(credential(), &key(2), &ProofOptions::assertion()).unwrap();
    assert_eq!(code(verifier().verify(d.clone())), "trust.untrusted");
    // Trusted, but only for another purpose.
    let v = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(key(2).public_key().did(), [ProofPurpose::Authentication]),
    );
    assert_eq!(code(v.verify(d)), "trust.untrusted");
    // An empty trust list trusts nobody.
    let v = Verifier::new(DidKeyResolver, TrustList::new());
    assert_eq!(code(v.verify(signed())), "trust.untrusted");
}

#[test]
fn a_weak_key_fails() {
    // The identity point as a did:key: anyone can "sign" for it.
    let mut mk = ED25519_PUB_HEADER.to_vec();
    let mut identity = [0u8; 32];
    identity[0] = 1;
    mk.extend_from_slice(&identity);
    let weak = multibase_encode(&mk);
    let mut d = signed();
    d["proof"]["verificationMethod"] = format!("did:key:{weak}#{weak}").into();
    let v = Verifier::new(DidKeyResolver, TrustList::any());
    assert_eq!(code(v.verify(d)), "key.weak");
}

#[test]
fn unknown_types_and_cryptosuites_fail() {
    for (member, value, expected) in [
        (
            "cryptosuite",
            "eddsa-rdfc-2022",
            "proof.cryptosuite_unsupported",
        ),
        (
            "cryptosuite",
            "ecdsa-jcs-2019",
            "proof.cryptosuite_unsupported",
        ),
        ("type", "Ed25519Signature2020", "proof.type_unsupported"),
    ] {
        let mut d = signed();
        d["proof"][member] = value.into();
        assert_eq!(code(verifier().verify(d)), expected, "{member}={value}");
    }
    let mut d = signed();
    d["proof"]
        .as_object_mut()
        .unwrap()
        .remove("verificationMethod");
    assert_eq!(code(verifier().verify(d)), "proof.malformed");
}

#[test]
fn missing_proof_and_non_objects_fail() {
    let v = verifier();
    assert_eq!(code(v.verify(credential())), "proof.missing");
    let mut d = credential();
    d["proof"] = json!([]);
    assert_eq!(code(v.verify(d)), "proof.missing");
    let mut d = credential();
    d["proof"] = json!("z123");
    assert_eq!(code(v.verify(d)), "proof.malformed");
    assert_eq!(code(v.verify(json!([1, 2]))), "document.not_object");
}

#[test]
fn duplicate_keys_inside_a_proof_are_refused_by_the_parser() {
    let text = serde_json::to_string(&signed()).unwrap();
    let dup = text.replacen(
        "\"proofPurpose\":\"assertionMethod\"",
        "\"proofPurpose\":\"assertionMethod\",\"proofPurpose\":\"authentication\"",
        1,
    );
    assert_ne!(text, dup);
    assert_eq!(
        code(verifier().verify_bytes(dup.as_bytes())),
        "json.duplicate_key"
    );
}

#[test]
fn time_windows_are_enforced_with_skew() {
    let options = ProofOptions::assertion()
        .with_created(t("2024-01-01T00:00:00Z"))
        .with_expires(t("2024-02-01T00:00:00Z"));
    let d = add_proof(credential(), &key(1), &options).unwrap();
    let at = |now: &str| verifier().with_clock(FixedClock::new(t(now)));
    at("2024-01-15T00:00:00Z").verify(d.clone()).unwrap();
    assert_eq!(
        code(at("2024-02-01T00:05:01Z").verify(d.clone())),
        "proof.expired"
    );
    at("2024-02-01T00:04:59Z").verify(d.clone()).unwrap(); // within the default 5 min skew
    assert_eq!(
        code(at("2023-12-31T23:54:59Z").verify(d.clone())),
        "proof.not_yet_valid"
    );
    at("2023-12-31T23:55:01Z").verify(d.clone()).unwrap();
    let strict = at("2023-12-31T23:59:59Z").with_skew(Duration::ZERO);
    assert_eq!(code(strict.verify(d.clone())), "proof.not_yet_valid");
    let mut bad = d;
    bad["proof"]["created"] = json!("2024-01-01T00:00:00");
    assert_eq!(code(verifier().verify(bad)), "time.invalid");
}

#[test]
fn challenge_and_domain_bind_presentations() {
    let options = ProofOptions::authentication("nonce-123", "verifier.example");
    let d = add_proof(credential(), &key(1), &options).unwrap();
    let base = || {
        Verifier::new(DidKeyResolver, TrustList::any()).expect_purpose(ProofPurpose::Authentication)
    };
    base()
        .expect_challenge("nonce-123")
        .expect_domain(["verifier.example"])
        .verify(d.clone())
        .unwrap();
    assert_eq!(
        code(base().expect_challenge("nonce-999").verify(d.clone())),
        "proof.challenge_mismatch"
    );
    assert_eq!(
        code(base().expect_domain(["evil.example"]).verify(d.clone())),
        "proof.domain_mismatch"
    );
    let plain = add_proof(
        credential(),
        &key(1),
        &ProofOptions::new(ProofPurpose::Authentication),
    )
    .unwrap();
    assert_eq!(
        code(base().expect_challenge("nonce-123").verify(plain.clone())),
        "proof.challenge_mismatch"
    );
    assert_eq!(
        code(base().expect_domain(["verifier.example"]).verify(plain)),
        "proof.domain_mismatch"
    );
}

#[test]
fn the_expected_controller_must_have_signed() {
    let d = add_proof(credential(), &key(2), &ProofOptions::assertion()).unwrap();
    let v = Verifier::new(DidKeyResolver, TrustList::any())
        .expect_controller(key(1).public_key().did());
    assert_eq!(code(v.verify(d)), "proof.controller_mismatch");
    let v = Verifier::new(DidKeyResolver, TrustList::any())
        .expect_controller(key(1).public_key().did());
    v.verify(signed()).unwrap();
}

#[test]
fn purposes_not_authorised_by_the_controller_fail() {
    let mut resolver = StaticResolver::new();
    resolver.insert(
        "https://registry.example/keys#1",
        "https://registry.example",
        key(3).public_key(),
        [ProofPurpose::Authentication],
    );
    let options =
        ProofOptions::assertion().with_verification_method("https://registry.example/keys#1");
    let d = add_proof(credential(), &key(3), &options).unwrap();
    let v = Verifier::new(resolver, TrustList::any());
    assert_eq!(code(v.verify(d)), "proof.purpose_not_authorized");
}

#[test]
fn a_proof_context_must_prefix_the_document_context() {
    let mut d = signed();
    d["@context"] = json!(["https://www.w3.org/ns/credentials/v1"]);
    assert_eq!(code(verifier().verify(d)), "proof.context_mismatch");
    // The spec's prefix rule would let contexts appended after signing pass unsigned (the
    // proof's @context replaces the document's before hashing). govblocks refuses them.
    let mut d = signed();
    d["@context"] = json!([
        "https://www.w3.org/ns/credentials/v2",
        "https://x.example/v1"
    ]);
    assert_eq!(code(verifier().verify(d)), "proof.context_mismatch");
    // A document signed without @context in the proof still has its @context signed as data.
    let mut d = signed();
    d["proof"].as_object_mut().unwrap().remove("@context");
    assert_eq!(code(verifier().verify(d)), "proof.signature_invalid");
}

#[test]
fn unresolvable_methods_fail() {
    let mut d = signed();
    d["proof"]["verificationMethod"] = json!("https://elsewhere.example/keys#1");
    assert_eq!(code(verifier().verify(d)), "key.unresolvable");
    let mut d = signed();
    d["proof"]["verificationMethod"] = json!("did:web:elsewhere.example#key-1");
    assert_eq!(code(verifier().verify(d)), "key.unresolvable");
}

// ---- proof sets and chains -------------------------------------------------------------------

fn both_trusted() -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new()
            .trust_all_purposes(key(1).public_key().did())
            .trust_all_purposes(key(2).public_key().did()),
    )
}

#[test]
fn proof_sets_verify_every_proof() {
    let one = signed();
    let two = add_proof(one.clone(), &key(2), &ProofOptions::assertion()).unwrap();
    assert!(two["proof"].is_array());
    assert_eq!(two["proof"].as_array().unwrap().len(), 2);
    let verified = both_trusted().verify(two.clone()).unwrap();
    assert_eq!(verified.proofs().len(), 2);
    // Each proof of a set signs the bare document: the first is unchanged by the second.
    assert_eq!(two["proof"][0], one["proof"]);
    // Break the second proof only: the whole document fails.
    let mut broken = two.clone();
    broken["proof"][1]["nonce"] = json!("added later");
    let e = both_trusted().verify(broken).unwrap_err();
    assert_eq!(e.code(), "proof.signature_invalid");
    // The error names the proof that failed.
    assert_eq!(e.proof().unwrap().index, 1);
    // The first proof's signature copied into the second counts one signer twice.
    let mut copied = two.clone();
    copied["proof"][1]["proofValue"] = one["proof"]["proofValue"].clone();
    assert_eq!(code(both_trusted().verify(copied)), "proof.duplicate");
    // Only key 1 trusted: the set fails on key 2.
    assert_eq!(code(verifier().verify(two)), "trust.untrusted");
}

#[test]
fn proof_chains_sign_the_previous_proof() {
    let maker = add_proof(
        credential(),
        &key(1),
        &ProofOptions::assertion().with_id("urn:uuid:maker"),
    )
    .unwrap();
    let checker = add_proof(
        maker.clone(),
        &key(2),
        &ProofOptions::assertion()
            .with_id("urn:uuid:checker")
            .with_previous_proof("urn:uuid:maker"),
    )
    .unwrap();
    let verified = both_trusted()
        .expect_controller(key(1).public_key().did())
        .expect_controller(key(2).public_key().did())
        .verify(checker.clone())
        .unwrap();
    assert_eq!(
        verified.proofs()[1].previous_proof,
        vec!["urn:uuid:maker".to_string()]
    );

    // The chained proof covers the maker's proof: swapping in another maker proof (valid on its
    // own) breaks the checker's signature.
    let other_maker = add_proof(
        credential(),
        &key(1),
        &ProofOptions::assertion()
            .with_id("urn:uuid:maker")
            .with_created(t("2024-03-03T00:00:00Z")),
    )
    .unwrap();
    let mut swapped = checker.clone();
    swapped["proof"][0] = other_maker["proof"].clone();
    assert_eq!(
        code(both_trusted().verify(swapped)),
        "proof.signature_invalid"
    );

    // Removing the referenced proof is detected before any signature is checked.
    let mut orphan = checker.clone();
    orphan["proof"] = json!([checker["proof"][1].clone()]);
    assert_eq!(
        code(both_trusted().verify(orphan)),
        "proof.previous_proof_missing"
    );

    // Chaining to a proof that does not exist is refused when signing.
    let err = add_proof(
        maker,
        &key(2),
        &ProofOptions::assertion().with_previous_proof("urn:uuid:nobody"),
    )
    .unwrap_err();
    assert_eq!(err.code(), "proof.previous_proof_missing");
}

#[test]
fn duplicate_proof_ids_are_refused() {
    let a = add_proof(
        credential(),
        &key(1),
        &ProofOptions::assertion().with_id("urn:x"),
    )
    .unwrap();
    let b = add_proof(a, &key(2), &ProofOptions::assertion().with_id("urn:x")).unwrap();
    assert_eq!(code(both_trusted().verify(b)), "proof.malformed");
}

// ---- batches -----------------------------------------------------------------------------------

fn many(n: usize) -> Vec<Value> {
    (0..n)
        .map(|i| {
            let mut c = credential();
            c["credentialSubject"]["index"] = json!(i);
            add_proof(c, &key(1), &ProofOptions::assertion()).unwrap()
        })
        .collect()
}

#[test]
fn batch_verification_accepts_a_good_batch() {
    let docs = many(64);
    let results = verifier().verify_batch(docs.clone());
    assert_eq!(results.len(), 64);
    for (r, d) in results.iter().zip(&docs) {
        assert_eq!(r.as_ref().unwrap().value(), d);
    }
    assert!(verifier().verify_batch(Vec::new()).is_empty());
}

#[test]
fn batch_verification_pinpoints_the_bad_ones() {
    let mut docs = many(32);
    docs[7]["credentialSubject"]["name"] = json!("Mallory");
    docs[20]["proof"]["proofPurpose"] = json!("authentication");
    let results = verifier().verify_batch(docs);
    for (i, r) in results.iter().enumerate() {
        match i {
            7 => assert_eq!(r.as_ref().unwrap_err().code(), "proof.signature_invalid"),
            20 => assert_eq!(r.as_ref().unwrap_err().code(), "proof.purpose_mismatch"),
            _ => assert!(r.is_ok(), "{i}"),
        }
    }
}

#[test]
fn batch_verification_refuses_small_order_r() {
    // A signature whose R is the identity point: verify_strict refuses it; the batch must too.
    let mut docs = many(4);
    let mut sig = [0u8; 64];
    sig[0] = 1;
    docs[2]["proof"]["proofValue"] = multibase_encode(&sig).into();
    let results = verifier().verify_batch(docs);
    assert!(results[2].is_err());
    assert!(results[0].is_ok() && results[1].is_ok() && results[3].is_ok());
}

#[test]
fn signing_never_emits_a_document_that_fails_its_schema() {
    for options in [
        ProofOptions::assertion().with_verification_method("not a URL"),
        ProofOptions::assertion().with_domain(""),
        ProofOptions::assertion().with_id("no scheme"),
    ] {
        let err = add_proof(credential(), &key(1), &options).unwrap_err();
        assert_eq!(err.code(), "schema.invalid", "{options:?}");
    }
}

#[test]
fn proof_sets_are_bounded_and_previous_proof_ids_unique() {
    // 33 proofs: one over the default limit of 32, refused before any is checked.
    let mut d = signed();
    let proof = d["proof"].clone();
    d["proof"] = Value::Array(vec![proof; 33]);
    assert_eq!(code(verifier().verify(d.clone())), "proof.too_many");
    // A verifier may allow more; then these 33 copies of one proof are refused as duplicates.
    assert_eq!(
        code(verifier().with_max_proofs(64).verify(d)),
        "proof.duplicate"
    );

    // previousProof repeating one id is refused.
    let maker = add_proof(
        credential(),
        &key(1),
        &ProofOptions::assertion().with_id("urn:m"),
    )
    .unwrap();
    let mut chained = add_proof(
        maker,
        &key(2),
        &ProofOptions::assertion().with_previous_proof("urn:m"),
    )
    .unwrap();
    chained["proof"][1]["previousProof"] = json!(["urn:m", "urn:m"]);
    assert_eq!(code(both_trusted().verify(chained)), "proof.malformed");
}

#[test]
fn non_canonical_base58_spellings_are_refused() {
    // Base58 has one spelling per byte string; an extra leading '1' is an extra zero byte, so a
    // "re-spelled" signature or key no longer has its exact length.
    let mut d = signed();
    let value = d["proof"]["proofValue"].as_str().unwrap().to_string();
    d["proof"]["proofValue"] = json!(format!("z1{}", &value[1..]));
    assert_eq!(code(verifier().verify(d)), "proof.value_invalid");

    let mk = key(1).public_key().to_multikey();
    let respelled = format!("z1{}", &mk[1..]);
    assert_eq!(
        code(govblocks_core::keys::PublicKey::from_multikey(&respelled)),
        "key.type_unsupported" // the zero byte now stands where the multicodec header was
    );
    let mut d = signed();
    d["proof"]["verificationMethod"] = json!(format!("did:key:{respelled}#{respelled}"));
    assert_eq!(
        code(Verifier::new(DidKeyResolver, TrustList::any()).verify(d)),
        "key.type_unsupported"
    );
}

#[test]
fn non_canonical_key_encoding_is_refused() {
    // y = p + 3 (p = 2^255 - 19): the low 255 bits, little-endian, are f0 ff … ff 7f. Decoding
    // reduces y mod p and finds a real point (y = 3), so this was accepted as a key and only
    // failed at the signature; it is a second name of another key and must be refused.
    let mut bytes = [0xffu8; 32];
    bytes[0] = 0xed + 3;
    bytes[31] = 0x7f;
    let mut mk = ED25519_PUB_HEADER.to_vec();
    mk.extend_from_slice(&bytes);
    let mk = multibase_encode(&mk);
    let did_url = format!("did:key:{mk}#{mk}");

    use govblocks_core::keys::PublicKey;
    for r in [
        PublicKey::from_multikey(&mk),
        PublicKey::from_did_url(&did_url),
        PublicKey::from_did_url(&format!("did:key:{mk}")),
    ] {
        let e = r.expect_err("must fail");
        assert_eq!(e.code(), "key.invalid");
        assert!(e.to_string().contains("non-canonical"), "{e}");
    }

    let mut d = signed();
    d["proof"]["verificationMethod"] = did_url.clone().into();
    let v = Verifier::new(DidKeyResolver, TrustList::any());
    assert_eq!(code(v.verify(d.clone())), "key.invalid");
    let mut results = v.verify_batch(vec![signed(), d]);
    assert_eq!(code(results.pop().unwrap()), "key.invalid");
    assert!(results[0].is_ok());

    // The fuzz regression file is this same key in a document, refused the same way.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../fuzz/regressions/verify_proof/non-canonical-key-y-p-plus-3.json"
    );
    let doc: Value = serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
    assert_eq!(doc["proof"]["verificationMethod"], json!(did_url));
    assert_eq!(code(v.verify(doc)), "key.invalid");
}
