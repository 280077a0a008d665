//! The flagship scenario (for now: issue and verify one credential).
//!
//! A social-protection agency generates a key, issues a credential to a household, and a
//! payment hub verifies it before paying — with a trust list that names the agency. Then the
//! hub sees what happens to a tampered credential and to one signed by an unknown key.
//!
//! Run: `cargo run --example flagship`

use govblocks::core::clock::{Clock, SystemClock, Timestamp};
use govblocks::core::keys::SecretKey;
use govblocks::core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks::core::resolver::{DidKeyResolver, TrustList};
use serde_json::json;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The agency's signing key, fresh from the operating system's randomness.
    let agency = SecretKey::generate();
    let agency_did = agency.public_key().did();
    println!(
        "agency key:      {}",
        agency.public_key().verification_method()
    );

    // 2. A credential-shaped document, signed with an eddsa-jcs-2022 Data Integrity proof.
    let now = Timestamp::from_datetime(SystemClock.now())?;
    let credential = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "id": "urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5",
        "type": ["VerifiableCredential", "SocialProtectionCredential"],
        "issuer": agency_did,
        "validFrom": now.to_string(),
        "credentialSubject": {
            "id": "did:example:household-4471",
            "programme": "Multipurpose cash assistance",
            "monthlyAmount": "6600.00",
            "currency": "UAH"
        }
    });
    let signed = add_proof(
        credential,
        &agency,
        &ProofOptions::assertion().with_created(now),
    )?;
    println!(
        "signed:          {}",
        serde_json::to_string_pretty(&signed)?
    );

    // 3. The payment hub trusts the agency to make assertions, and nobody else.
    let hub = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(agency_did.clone(), [ProofPurpose::AssertionMethod]),
    )
    .expect_controller(agency_did);
    let verified = hub.verify(signed.clone())?;
    println!(
        "verified:        issued by {} at {}",
        verified.proofs()[0].controller,
        verified.proofs()[0]
            .created
            .map(|t| t.to_string())
            .unwrap_or_default()
    );

    // 4. Someone raises the amount: the signature no longer holds.
    let mut tampered = signed;
    tampered["credentialSubject"]["monthlyAmount"] = json!("66000.00");
    match hub.verify(tampered) {
        Err(e) => println!("tampered:        refused ({})", e.code()),
        Ok(_) => return Err("a tampered credential verified".into()),
    }

    // 5. A valid signature by a key the hub does not trust is refused too.
    let stranger = SecretKey::generate();
    let forged = add_proof(
        json!({"issuer": stranger.public_key().did(), "credentialSubject": {"monthlyAmount": "6600.00"}}),
        &stranger,
        &ProofOptions::assertion(),
    )?;
    match hub.verify(forged) {
        Err(e) => println!("unknown issuer:  refused ({})", e.code()),
        Ok(_) => return Err("an untrusted issuer was accepted".into()),
    }
    Ok(())
}
