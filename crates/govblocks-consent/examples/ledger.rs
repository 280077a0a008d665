//! The consent ledger in a SQLite file: records outlive the process that wrote them, a reader
//! opens the file read-only and checks every chain, records are listed page by page, and a
//! person's records are erased to digest-only tombstones (right to be forgotten).
//!
//! (`cargo run --example consent` at the workspace root shows a record's life in memory:
//! give, `permits`, withdraw.)
//!
//! Run: `cargo run -p govblocks-consent --example ledger`

use govblocks_consent::ledger::{self, Access, Log};
use govblocks_consent::prelude::*;
use std::sync::Arc;

const AGREEMENT: &str = "urn:agreement:child-benefit";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::temp_dir().join(format!("govblocks-ledger-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("consent.ledger");

    // The controller's signed agreement, and the verifier every reader of the ledger uses.
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
        )],
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
    let trust = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(&did));
    let mut agreements = Agreements::new();
    agreements.add_value(&trust, signed.clone())?;
    let verifier = RecordVerifier::new(Arc::new(agreements), [did.clone()]);

    // 1. A writer creates the file, keeps the agreement beside the records (its canonical
    //    bytes, under their digest) and records consent for three people; one withdraws.
    let records = {
        let file = ledger::open(&path, Access::Create)?;
        file.put_cited(govblocks_core::jcs::canonicalize(&signed))?;
        let service = ConsentService::new(file, &ministry, verifier.clone());
        let mut records = Vec::new();
        for person in ["pseudonym-4471", "pseudonym-9902", "pseudonym-5150"] {
            let given = service.give(AGREEMENT, "1", person, &["eligibility"], None)?;
            records.push(given.record);
        }
        service.withdraw(&records[1])?;
        records
    }; // the file is closed here: every acknowledged revision is on disk (synchronous=FULL).

    // 2. A reader (another process, say an auditor) opens it read-only: nothing can be written
    //    and the file stays byte for byte as it was. Opening checked every chain already;
    //    `check` says what it went over.
    let reader = ledger::open(&path, Access::ReadOnly)?;
    let report = reader.check()?;
    println!(
        "checked:   {} records, {} revisions, {} agreement(s)",
        report.streams, report.entries, report.cited
    );
    // Tens of millions of records are listed a page at a time, never all at once.
    let mut after: Option<String> = None;
    loop {
        let page = reader.streams(after.as_deref(), 2)?;
        println!("page:      {:?}", page.streams);
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    let service = ConsentService::new(reader, &ministry, verifier.clone());
    println!(
        "record 2:  {:?}",
        service.load(&records[1])?.state_at(SystemClock.now())
    );
    drop(service);

    // 3. The first person asks to be forgotten: each revision's document is removed, the
    //    chain of digests stays (a tombstone), and the record can no longer be loaded.
    let writer = ledger::open(&path, Access::ReadWrite)?;
    let erased = writer.erase_subject("pseudonym-4471")?;
    println!(
        "erased:    {:?} ({} revision(s), scrubbed: {})",
        erased.streams, erased.entries, erased.scrubbed
    );
    let service = ConsentService::new(writer, &ministry, verifier);
    match service.load(&records[0]) {
        Err(e) => println!("record 1:  {}", e.code()),
        Ok(_) => return Err("the record was erased: expected a refusal".into()),
    }

    std::fs::remove_dir_all(&dir)?;
    Ok(())
}
