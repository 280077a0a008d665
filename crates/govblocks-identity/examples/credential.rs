//! Issue a W3C Verifiable Credential, present it to a verifier bound to its challenge and
//! domain, verify the presentation, and see a replay refused.
//!
//! Run: `cargo run -p govblocks-identity --example credential`

use govblocks_identity::prelude::*;
use govblocks_identity::presentation::MemoryAcceptOnce;
use std::sync::Arc;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. An issuer (a ministry) and a holder (a person, whose wallet holds this key).
    let ministry = SecretKey::generate();
    let ministry_did = ministry.public_key().did();
    let holder = SecretKey::generate();
    let holder_did = holder.public_key().did();

    // 2. Issue: a credential about the holder, signed by the ministry.
    let subject =
        serde_json::json!({"id": holder_did, "benefit": "child-benefit", "since": "2024-01"});
    let credential =
        Credential::with_subject(ministry_did.clone(), &["BenefitCredential"], &subject)?;
    let signed = issue(&credential, &ministry, &ProofOptions::assertion())?;
    println!("issued by {ministry_did}");

    // 3. The verifier trusts the ministry to issue credentials; any did:key may hold one.
    let credentials = CredentialVerifier::new(Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(ministry_did.clone(), [ProofPurpose::AssertionMethod]),
    ));
    let holders = Verifier::new(DidKeyResolver, TrustList::any());
    let desk = PresentationVerifier::new(credentials, holders, Arc::new(MemoryAcceptOnce::new()));

    // 4. The holder presents it, answering the verifier's challenge for its domain.
    let (challenge, domain) = ("c-7f3a", "benefits.example.gov");
    let presentation = create_presentation(vec![signed], &holder, None, challenge, domain)?;
    let bytes = serde_json::to_vec(&presentation)?;

    // 5. Verify: the holder's proof, the ministry's proof, trust, and that the subject is the
    //    holder.
    let verified = desk.verify(&bytes, challenge, domain)?;
    println!(
        "verified: {} presents a credential from {}",
        verified.holder(),
        verified.credentials()[0].issuer.id()
    );

    // 6. The same presentation again is a replay.
    match desk.verify(&bytes, challenge, domain) {
        Err(e) => println!("replayed: refused, {}", e.code()),
        Ok(_) => return Err("a replayed presentation was accepted".into()),
    }
    Ok(())
}
