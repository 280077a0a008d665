//! A consent record's life: a controller signs an agreement, a person gives consent, a
//! recipient asks whether it may use some data (`permits`), the person withdraws, and the same
//! question is refused. The ledger is in memory here (`ledger::open` keeps it in a SQLite file).
//!
//! Run: `cargo run -p govblocks-consent --example consent`

use govblocks_consent::ledger;
use govblocks_consent::prelude::*;
use std::sync::Arc;

const AGREEMENT: &str = "urn:agreement:child-benefit";
const TAX_OFFICE: &str = "did:web:tax.example.gov";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    // 1. The controller (a ministry) signs version 1 of its agreement: one purpose, the data
    //    categories it covers, the recipient it may share them with.
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

    // 2. Whoever checks consent knows the agreement (verified) and trusts the controller.
    let trust = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(&did));
    let mut agreements = Agreements::new();
    agreements.add_value(&trust, signed)?;
    let verifier = RecordVerifier::new(Arc::new(agreements), [did.clone()]);

    // 3. The person gives consent: a signed revision appended to the record's chain.
    let service = ConsentService::new(ledger::memory(), &ministry, verifier);
    let given = service.give(AGREEMENT, "1", "pseudonym-4471", &["eligibility"], None)?;
    println!("given:     record {}, state {}", given.record, given.state);

    // 4. The tax office asks: may it use "income" for "eligibility"? The record is loaded and
    //    its whole chain verified first.
    let record = service.load(&given.record)?;
    let decision = record
        .permits(Question::new("eligibility", "income", SystemClock.now()).shared_with(TAX_OFFICE));
    println!("permits:   {decision:?}");
    record
        .permits(Question::new("eligibility", "income", SystemClock.now()).shared_with(TAX_OFFICE))
        .into_result()?;

    // 5. The person withdraws; the same question is now refused, with a stable code.
    let withdrawn = service.withdraw(&given.record)?;
    println!(
        "withdrawn: revision {}, state {}",
        withdrawn.sequence, withdrawn.state
    );
    let record = service.load(&given.record)?;
    match record
        .permits(Question::new("eligibility", "income", SystemClock.now()).shared_with(TAX_OFFICE))
        .into_result()
    {
        Err(e) => println!("permits:   refused, {}", e.code()),
        Ok(()) => return Err("consent was withdrawn: expected a refusal".into()),
    }
    Ok(())
}
