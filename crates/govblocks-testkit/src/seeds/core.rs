//! The generated seeds of the `verify_proof` and `jws_parse` fuzz targets (deterministic keys,
//! fixed times): signed documents, documents verification must refuse, JWS in every mode and
//! refused headers.

use govblocks_core::clock::Timestamp;
use govblocks_core::encoding::{base64url_encode, multibase_encode};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::{SecretKey, ED25519_PUB_HEADER};
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose};
use serde_json::{json, Value};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the core seeds under `root` (a `fuzz/corpus`).
pub fn write_all(root: &Path) {
    let key = SecretKey::from_seed(&[0x5a; 32]); // the fuzz properties' key
    let other = SecretKey::from_seed(&[0x11; 32]);
    let created = Timestamp::parse("2023-06-01T00:00:00Z", "t").unwrap();
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0",
        "type": ["VerifiableCredential"],
        "issuer": key.public_key().did(),
        "credentialSubject": {"id": "did:example:alice", "amount": "10.00"}
    });
    let proofs = root.join("verify_proof");
    let json = |v: &Value| serde_json::to_vec_pretty(v).unwrap();

    let single = add_proof(
        credential.clone(),
        &key,
        &ProofOptions::assertion()
            .with_created(created)
            .with_id("urn:uuid:p1"),
    )
    .unwrap();
    write(&proofs, "signed-single.json", &json(&single));
    let set = add_proof(single.clone(), &other, &ProofOptions::assertion()).unwrap();
    write(&proofs, "signed-set.json", &json(&set));
    let chain = add_proof(
        single.clone(),
        &other,
        &ProofOptions::assertion()
            .with_previous_proof("urn:uuid:p1")
            .with_id("urn:uuid:p2"),
    )
    .unwrap();
    write(&proofs, "signed-chain.json", &json(&chain));
    let presentation = add_proof(
        credential.clone(),
        &key,
        &ProofOptions::authentication("c0ffee", "verifier.example")
            .with_created(created)
            .with_expires(Timestamp::parse("2030-01-01T00:00:00Z", "t").unwrap()),
    )
    .unwrap();
    write(&proofs, "signed-presentation.json", &json(&presentation));
    write(&proofs, "unsigned.json", &json(&credential));

    let mut flipped = single.clone();
    flipped["credentialSubject"]["amount"] = json!("10000.00");
    write(&proofs, "refused-tampered.json", &json(&flipped));
    let mut suite = single.clone();
    suite["proof"]["cryptosuite"] = json!("eddsa-rdfc-2022");
    write(&proofs, "refused-cryptosuite.json", &json(&suite));
    let mut orphan = chain.clone();
    orphan["proof"] = json!([chain["proof"][1].clone()]);
    write(
        &proofs,
        "refused-previous-proof-missing.json",
        &json(&orphan),
    );
    let mut weak = single.clone();
    let mut mk = ED25519_PUB_HEADER.to_vec();
    mk.extend_from_slice(&{
        let mut identity = [0u8; 32];
        identity[0] = 1;
        identity
    });
    let weak_mk = multibase_encode(&mk);
    weak["proof"]["verificationMethod"] = json!(format!("did:key:{weak_mk}#{weak_mk}"));
    write(&proofs, "refused-weak-key.json", &json(&weak));
    let mut small_r = single.clone();
    let mut sig = [0u8; 64];
    sig[0] = 1;
    small_r["proof"]["proofValue"] = json!(multibase_encode(&sig));
    write(&proofs, "refused-small-order-r.json", &json(&small_r));
    let mut future = single.clone();
    future["proof"]["created"] = json!("2099-01-01T00:00:00Z");
    write(&proofs, "refused-future.json", &json(&future));
    let mut context = single.clone();
    context["@context"] = json!(["https://www.w3.org/ns/credentials/v2", "https://x.example"]);
    write(&proofs, "refused-context-extended.json", &json(&context));
    let mut purpose = single;
    purpose["proof"]["proofPurpose"] = json!(ProofPurpose::Other("x".into()).as_str());
    write(&proofs, "refused-purpose.json", &json(&purpose));

    let jws_dir = root.join("jws_parse");
    let payload = br#"{"header":{"message_id":"123"},"message":{"amount":"10.00"}}"#;
    for (name, options) in [
        ("signed-attached.txt", JwsOptions::attached()),
        ("signed-detached.txt", JwsOptions::detached()),
        ("signed-unencoded.txt", JwsOptions::detached_unencoded()),
        (
            "signed-kid.txt",
            JwsOptions::attached().with_kid(key.public_key().verification_method()),
        ),
    ] {
        write(
            &jws_dir,
            name,
            jws::sign(payload, &key, &options).unwrap().as_bytes(),
        );
    }
    let header = |h: &str| base64url_encode(h.as_bytes());
    let p = base64url_encode(payload);
    for (name, text) in [
        (
            "refused-alg-none.txt",
            format!("{}.{p}.", header(r#"{"alg":"none"}"#)),
        ),
        (
            "refused-crit.txt",
            format!(
                "{}.{p}.AA",
                header(r#"{"alg":"EdDSA","crit":["exp"],"exp":1}"#)
            ),
        ),
        (
            "refused-duplicate-alg.txt",
            format!("{}.{p}.AA", header(r#"{"alg":"EdDSA","alg":"none"}"#)),
        ),
        (
            "refused-b64-without-crit.txt",
            format!("{}..AA", header(r#"{"alg":"EdDSA","b64":false}"#)),
        ),
        (
            "refused-padding.txt",
            format!("{}=.{p}.AA", header(r#"{"alg":"EdDSA"}"#)),
        ),
        (
            "refused-two-parts.txt",
            format!("{}.{p}", header(r#"{"alg":"EdDSA"}"#)),
        ),
    ] {
        write(&jws_dir, name, text.as_bytes());
    }
    println!("seeds written under {}", root.display());
}
