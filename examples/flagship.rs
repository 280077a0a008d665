//! The flagship scenario: a foundational ID credential, issued, presented, revoked.
//!
//! A civil registry issues Olena a foundational ID credential (a UIN with its Verhoeff check
//! digit, her names, birth date and residence) with a revocation entry in the registry's
//! Bitstring Status List. A social-protection office asks her to present it, bound to its own
//! challenge and domain, and verifies everything: her proof, the registry's proof, trust, the
//! validity window, the subject schema and its rules (the UIN's check digit), and the status. Nobody can replay her presentation.
//! Then the registry revokes the credential and publishes its list again into the office's
//! running status resolver: the office's verifier is not rebuilt, and the next presentation is
//! refused.
//!
//! Run: `cargo run --example flagship`

use govblocks::identity::presentation::MemoryAcceptOnce;
use govblocks::identity::{foundational_id, schemas::ids, verhoeff};
use govblocks::prelude::*;
use std::sync::Arc;

const STATUS_LIST: &str = "https://registry.example.gov/status/revocation/2024-1";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The civil registry's key and its revocation list (131,072 entries: herd privacy).
    let registry = SecretKey::generate();
    let registry_did = registry.public_key().did();
    let mut revocations = StatusList::new(STATUS_LIST, StatusPurpose::Revocation, 131_072)?;
    let now = Timestamp::from_datetime(SystemClock.now())?;
    println!("registry:        {registry_did}");

    // 2. Olena's key (in her wallet) and her foundational ID credential.
    let olena = SecretKey::generate();
    // A MOSIP-style UIN: nine digits and their Verhoeff check digit.
    let uin = verhoeff::with_check_digit("234567890").ok_or("digits only")?;
    let subject = FoundationalIdSubject::new(
        uin,
        "Коваленко",
        BirthDate::parse("1984-05-17")?,
        Residence::new("UA")
            .with_region("Kharkiv")
            .with_district("Kharkiv"),
    )
    .with_given_name("Олена")
    .with_id(olena.public_key().did());
    subject.check()?;
    // Built from typed parts: the subject, the validity, the schema, the status entry.
    let index = 4_711;
    let credential = Credential::builder(registry_did.clone())
        .add_type("FoundationalIdCredential")
        .subject(&subject)
        .valid_from(now)
        .schema(ids::FOUNDATIONAL_ID)
        .status(StatusEntry::new(
            StatusPurpose::Revocation,
            STATUS_LIST,
            index,
        )?)
        .build()?;
    let signed = issue(
        &credential,
        &registry,
        &ProofOptions::assertion().with_created(now),
    )?;
    println!(
        "issued:          {}",
        serde_json::to_string_pretty(&signed)?
    );

    // 3. The office trusts the registry to issue credentials; holders prove their own keys.
    let publish = |list: &StatusList| -> Result<Vec<u8>, Box<dyn std::error::Error>> {
        let typed: Credential =
            serde_json::from_value(list.unsigned_credential(&registry_did, Some(now)))?;
        Ok(serde_json::to_vec(&issue(
            &typed,
            &registry,
            &ProofOptions::assertion(),
        )?)?)
    };
    // The office's status lists: shared between its verifier and whatever receives the
    // registry's new lists (here, this function), updated while the verifier runs.
    let status = Arc::new(SharedStatusResolver::new());
    status.publish(STATUS_LIST, publish(&revocations)?);
    let credentials = CredentialVerifier::new(Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(registry_did.clone(), [ProofPurpose::AssertionMethod]),
    ))
    .with_status_resolver(Arc::clone(&status))
    // Each list verified and decoded once per ttl (five minutes when it states none), and once
    // per publication.
    .with_status_cache(time::Duration::hours(1))
    .with_subject_rule(foundational_id::check_credential);
    let holders = Verifier::new(DidKeyResolver, TrustList::any());
    let desk = PresentationVerifier::new(credentials, holders, Arc::new(MemoryAcceptOnce::new()));

    // 4. Olena presents her credential, answering the office's challenge.
    let challenge = "a3f1c7e2-office-4471";
    let domain = "social-protection.example.gov";
    let presentation = create_presentation(vec![signed.clone()], &olena, None, challenge, domain)?;
    let bytes = serde_json::to_vec(&presentation)?;
    let verified = desk.verify(&bytes, challenge, domain)?;
    let credential = &verified.credentials()[0];
    println!(
        "verified:        holder {} presents a credential from {}",
        verified.holder(),
        credential.issuer.id()
    );

    // 5. The same presentation again is a replay.
    match desk.verify(&bytes, challenge, domain) {
        Err(e) => println!("replayed:        refused ({})", e.code()),
        Ok(_) => return Err("a replayed presentation was accepted".into()),
    }

    // 6. The registry revokes the credential and publishes its list again; the office's
    //    running verifier sees it at its next check.
    revocations.set(index)?;
    status.publish(STATUS_LIST, publish(&revocations)?);
    let challenge = "b81d20aa-office-4472";
    let again = create_presentation(vec![signed], &olena, None, challenge, domain)?;
    match desk.verify(&serde_json::to_vec(&again)?, challenge, domain) {
        Err(e) => println!("after revoking:  refused ({})", e.code()),
        Ok(_) => return Err("a revoked credential was accepted".into()),
    }
    Ok(())
}
