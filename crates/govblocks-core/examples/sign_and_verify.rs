//! Sign a JSON document with an `eddsa-jcs-2022` Data Integrity proof and verify it against a
//! trust list; then the same payload as a compact JWS (RFC 7515, EdDSA). Refusals carry stable
//! codes.
//!
//! Run: `cargo run -p govblocks-core --example sign_and_verify`

use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The issuer's key; its public key is also a did:key.
    let issuer = SecretKey::generate();
    let did = issuer.public_key().did();
    println!("issuer:   {did}");

    // 2. Sign: the document gains a `proof` over its RFC 8785 canonical form.
    let document = json!({
        "id": "urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5",
        "issuer": did,
        "credentialSubject": {"id": "did:example:household-4471", "monthlyAmount": "6600.00"}
    });
    let signed = add_proof(document, &issuer, &ProofOptions::assertion())?;
    println!("signed:   {}", signed["proof"]["proofValue"]);

    // 3. Verify from bytes, as a service receives it: the key is resolved from the did:key and
    //    must be trusted for the proof's purpose.
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(did.clone(), [ProofPurpose::AssertionMethod]),
    );
    let bytes = govblocks_core::serde_json::to_vec(&signed)?;
    let verified = verifier.verify_bytes(&bytes)?;
    println!("verified: signed by {}", verified.proofs()[0].controller);

    // 4. A changed amount breaks the signature; the error has a stable code.
    let mut tampered = signed;
    tampered["credentialSubject"]["monthlyAmount"] = json!("66000.00");
    match verifier.verify(tampered) {
        Err(e) => println!("tampered: refused, {}", e.code()),
        Ok(_) => return Err("a tampered document verified".into()),
    }

    // 5. The same key signs a compact JWS; verification returns the payload.
    let compact = jws::sign(br#"{"amount":"6600.00"}"#, &issuer, &JwsOptions::attached())?;
    let payload = jws::verify(&compact, &issuer.public_key(), None)?;
    println!("jws:      {compact}");
    println!("payload:  {}", String::from_utf8_lossy(payload.payload()));

    // 6. A stranger's key does not verify it.
    let stranger = SecretKey::generate().public_key();
    match jws::verify(&compact, &stranger, None) {
        Err(e) => println!("stranger: refused, {}", e.code()),
        Ok(_) => return Err("a JWS verified under another key".into()),
    }
    Ok(())
}
