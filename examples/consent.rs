//! The consent scenario: a ministry signs an agreement, a person gives consent (recorded in a
//! durable SQLite ledger), the tax office checks it and receives a consent proof, the person
//! withdraws, and the same check is refused with `consent.withdrawn`.
//!
//! The ledger lives in a fresh temporary directory that is removed at the end, even on error.
//!
//! Run: `cargo run --example consent`

use govblocks::consent::ledger::{self, Access};
use govblocks::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;

const AGREEMENT: &str = "urn:agreement:child-benefit";
const TAX_OFFICE: &str = "did:web:tax.example.gov";

/// A fresh directory under the system's temporary directory, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> std::io::Result<Self> {
        let path = std::env::temp_dir().join(unique_name());
        std::fs::create_dir(&path)?;
        Ok(TempDir(path))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Best effort: nothing to do if it is already gone.
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A name no other run uses: the process id and the time in nanoseconds.
fn unique_name() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("govblocks-consent-example-{}-{nanos}", std::process::id())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The ministry (the controller) signs version 1 of its agreement.
    let ministry = SecretKey::generate();
    let did = ministry.public_key().did();
    let agreement = Agreement::new(
        AGREEMENT,
        "1",
        Controller::new(did.clone(), "Ministry of Social Protection"),
        vec![Purpose::new(
            "eligibility",
            "Check eligibility for the child benefit",
            LawfulBasis::Consent,
            ["income", "household"],
        )
        .with_recipient(TAX_OFFICE)],
        Terms::new(
            "KE",
            "P2Y",
            "KE",
            "en",
            "https://msp.example.gov/privacy",
            "https://msp.example.gov/consent",
        ),
    );
    let signed = agreement.sign(&ministry, &ProofOptions::assertion())?;
    println!("1. ministry {did}");
    println!("   signed agreement {AGREEMENT} version 1");

    // 2. Everyone who checks consent knows the agreement and trusts the ministry.
    let trust = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(&did));
    let mut agreements = Agreements::new();
    agreements.add_value(&trust, signed)?;
    let verifier = RecordVerifier::new(Arc::new(agreements), [did.clone()]);

    // 3. The person gives consent; the revision is signed and appended to a SQLite ledger.
    let dir = TempDir::new()?;
    let path = dir.0.join("consent.ledger");
    let service = ConsentService::new(ledger::open(&path, Access::Create)?, &ministry, verifier);
    let given = service.give(AGREEMENT, "1", "pseudonym-4471", &["eligibility"], None)?;
    println!("2. pseudonym-4471 gave consent to \"eligibility\"");
    println!(
        "   record {} revision {} ({}), state {}, in {}",
        given.record,
        given.sequence,
        given.digest,
        given.state,
        path.display()
    );

    // 4. The tax office asks whether it may read the income: allowed.
    let now = SystemClock.now();
    let record = service.load(&given.record)?;
    let decision =
        record.permits(Question::new("eligibility", "income", now).shared_with(TAX_OFFICE));
    println!("3. may {TAX_OFFICE} use \"income\" for \"eligibility\"? {decision:?}");
    if decision != Decision::Allow {
        return Err("consent was just given: expected Allow".into());
    }

    // 5. It obtains a short-lived consent proof, checked without the record's history.
    let proof = record.consent_proof(&ministry, now, DEFAULT_PROOF_VALIDITY)?;
    let checked = trust.verify_as::<ConsentProof>(&serde_json::to_vec(&proof)?)?;
    let checked = checked.value();
    println!(
        "4. consent proof for revision {} ({}), valid until {}: {:?}",
        checked.sequence,
        checked.head,
        checked.expires,
        checked.permits(Question::new("eligibility", "income", now).shared_with(TAX_OFFICE))
    );

    // 6. The person withdraws; the same question is refused, with its code.
    let withdrawn = service.withdraw(&given.record)?;
    println!(
        "5. pseudonym-4471 withdrew: revision {}, state {}",
        withdrawn.sequence, withdrawn.state
    );
    let record = service.load(&given.record)?;
    match record
        .permits(Question::new("eligibility", "income", SystemClock.now()).shared_with(TAX_OFFICE))
        .into_result()
    {
        Ok(()) => return Err("consent was withdrawn: expected a refusal".into()),
        Err(e) => println!("6. the same question now: refused, {} ({e})", e.code()),
    }

    drop(service);
    drop(dir);
    println!("7. ledger directory removed");
    Ok(())
}
