//! A disbursement batch from build to approval: a ministry builds a batch (counts and control
//! sums computed), a clerk signs it as maker, an officer approves it as checker, the payment
//! hub verifies every signature, every figure and the approval policy. Then what the hub
//! refuses: a clerk who approves with her second key, a batch over the threshold with one
//! approval, an amount changed after signing, and — once the hub accepted it — the same batch
//! again. Last, the batch's life in the hub's payment log: received, verified and approved on
//! intake, released to the bank, one transfer settled and one rejected (`AC04`, closed
//! account), a person's transfer asked by its end-to-end id, and the auditor's replay of who
//! approved and released what and when.
//!
//! `cargo run -p govblocks-payments --example disbursement`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::lifecycle::{self, Event, PaymentLog};
use govblocks_payments::prelude::*;

fn main() -> Result<(), govblocks_payments::Error> {
    let uah = Currency::parse("UAH")?;
    let (clerk, clerk_laptop) = (
        SecretKey::from_seed(&[1; 32]),
        SecretKey::from_seed(&[5; 32]),
    );
    let (officer, director) = (
        SecretKey::from_seed(&[2; 32]),
        SecretKey::from_seed(&[3; 32]),
    );
    let did = |k: &SecretKey| k.public_key().did();

    // The hub's policy: the clerk makes, officers check; above 1,000,000 UAH in total two
    // people approve (a threshold per currency). The clerk's laptop key is a checker's key
    // too — but it is still the clerk.
    let policy = ApprovalPolicy::from_json(
        serde_json::json!({
            "makers": [did(&clerk)],
            "checkers": [did(&officer), did(&director), did(&clerk_laptop)],
            "approvals": 1,
            "thresholds": [{"currency": "UAH", "above": "1000000.00", "approvals": 2}],
            "people": {"clerk": [did(&clerk), did(&clerk_laptop)]}
        })
        .to_string()
        .as_bytes(),
    )?;
    let hub = BatchVerifier::new(Verifier::new(DidKeyResolver, policy.trust_list()), policy);

    // The batch: three people paid by alias, from the ministry's account.
    let ministry = Party::new("Ministry of Social Policy", PartyIdentifier::new("MSP")?)?;
    let account = Account::Iban(Iban::parse("UA21 3223 1300 0002 6007 2335 6600 1")?);
    let mut block = BlockBuilder::new("PMT-2026-12-A", ministry.clone(), account, "2026-12-07");
    for (i, (name, amount)) in [
        ("Olena Koval", "6500"),
        ("Taras Bondar", "6500.00"),
        ("Iryna Melnyk", "3250.50"),
    ]
    .iter()
    .enumerate()
    {
        let creditor = Party::new(*name, PartyIdentifier::new(format!("P-{i}"))?)?;
        block = block.transfer(
            CreditTransfer::to_alias(
                format!("E2E-2026-12-{i}"),
                Money::parse(uah, amount)?,
                creditor,
                Alias::parse(&format!("NID-{i}"))?,
            )
            .with_purpose("GOVT"),
        );
    }
    let created = "2026-12-06T09:00:00Z".parse()?;
    let batch = BatchBuilder::new("MSP-2026-12-001", created, ministry.clone())
        .block(block)
        .build()?;
    println!(
        "built {}: {} transfers, control sum {}",
        batch.group_header.message_id,
        batch.group_header.number_of_transactions,
        batch.group_header.control_sum
    );

    // Maker, then checker (chained to the maker's proof), then the hub.
    let made = sign_as_maker(&batch, &clerk)?;
    let approved = approve(made.clone(), &officer)?;
    hub.verify_with(approved.to_string().as_bytes(), |_, _, approval| {
        println!(
            "verified: made by {}…, approved by {} of {} required",
            &approval.maker[..20],
            approval.people,
            approval.required
        );
        Ok(())
    })?;

    // Refused: the clerk approves her own batch with her laptop key.
    let own = approve(made, &clerk_laptop)?;
    let error = hub.verify(own.to_string().as_bytes()).unwrap_err();
    println!("self-approval refused: {}: {error}", error.code());

    // Refused: an amount changed after signing.
    let mut tampered = approved.clone();
    tampered["paymentInformation"][0]["creditTransfers"][2]["amount"]["amount"] = "32500.50".into();
    let error = hub.verify(tampered.to_string().as_bytes()).unwrap_err();
    println!("tampered amount refused: {}", error.code());

    // Refused: a large batch with one approval.
    let large = BatchBuilder::new("MSP-2026-12-002", created, ministry.clone())
        .block(
            BlockBuilder::new(
                "PMT-2026-12-B",
                ministry.clone(),
                Account::Iban(Iban::parse("UA213223130000026007233566001")?),
                "2026-12-07",
            )
            .transfer(CreditTransfer::to_alias(
                "E2E-LARGE",
                Money::parse(uah, "1500000.00")?,
                Party::new("Regional fund", PartyIdentifier::new("RF-1")?)?,
                Alias::parse("NID-RF-1")?,
            )),
        )
        .build()?;
    let once = approve(sign_as_maker(&large, &clerk)?, &officer)?;
    let error = hub.verify(once.to_string().as_bytes()).unwrap_err();
    println!("large batch, one approval: {}: {error}", error.code());
    let twice = approve(once, &director)?;
    hub.verify(twice.to_string().as_bytes())?;
    println!("large batch, two approvals: verified");

    // The hub's intake remembers what it accepted, for ever, and starts each batch's life in
    // its payment log (in memory here; `lifecycle::open` for the SQLite file), every entry
    // signed by the hub's own key: received, verified, and who approved in which role.
    let hub_key = SecretKey::from_seed(&[9; 32]);
    let life = PaymentLog::for_hub(lifecycle::memory(), did(&hub_key));
    let intake = Hub::new(hub, govblocks_payments::hub::MemoryAcceptOnce::new());
    let bytes = approved.to_string();
    let now = "2026-12-06T10:00:00Z".parse()?;
    intake.receive_logged(bytes.as_bytes(), now, &life, &hub_key)?;
    let error = intake
        .receive_logged(bytes.as_bytes(), now, &life, &hub_key)
        .unwrap_err();
    println!("the same batch again: {}", error.code());

    // Released to the bank; the bank's answers: Olena paid, Taras's account closed (AC04).
    life.release(&hub_key, "MSP-2026-12-001", "2026-12-06T11:00:00Z".parse()?)?;
    life.settle(&hub_key, "E2E-2026-12-0", "2026-12-07T08:00:00Z".parse()?)?;
    let closed = StatusReason::parse("AC04")?;
    life.reject(
        &hub_key,
        "E2E-2026-12-1",
        closed,
        "2026-12-07T08:00:05Z".parse()?,
    )?;
    // An outcome for a transfer that already has one is refused.
    let error = life
        .settle(&hub_key, "E2E-2026-12-1", "2026-12-07T09:00:00Z".parse()?)
        .unwrap_err();
    println!("a second outcome for Taras: {}", error.code());

    // Taras asks where his money is: the status by end-to-end id.
    let taras = life.status("E2E-2026-12-1")?;
    println!(
        "E2E-2026-12-1 in {}: {} ({})",
        taras.message_id,
        taras.state.as_str(),
        match taras.state {
            TransferState::Rejected(reason) => format!("{reason}: {}", reason.definition()),
            _ => String::new(),
        }
    );
    println!(
        "Iryna's transfer: {}",
        life.status("E2E-2026-12-2")?.state.as_str()
    );

    // The auditor replays the batch: every entry's signature, link and order checked.
    for logged in life.history("MSP-2026-12-001")?.events {
        let what = match &logged.event {
            Event::Approved { role, person, .. } => {
                format!("approved by {person} as {}", role.as_str())
            }
            Event::Settled { end_to_end_id } => format!("{end_to_end_id} settled"),
            Event::Rejected {
                end_to_end_id,
                reason,
            } => format!("{end_to_end_id} rejected, {reason}"),
            other => format!("{:?}", other.kind()).to_lowercase(),
        };
        println!("  #{} {} {what}", logged.sequence, logged.wire.at);
    }
    Ok(())
}
