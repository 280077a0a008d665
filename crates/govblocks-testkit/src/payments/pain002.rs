//! The pain.002 import property: a bank's status report read and taken into a released batch's
//! life.

use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::iso20022::pain002;
use govblocks_payments::lifecycle::{
    batch_stream, Log, MemoryLog, PaymentLog, StatusKind, TransferState,
};
use govblocks_payments::prelude::*;
use std::collections::HashSet;
use std::sync::OnceLock;

/// The batch the seeds report on: `MSG-2026-0001`, blocks `PMT-0` (`E2E-0-0` 100.00 USD,
/// `E2E-0-1` 50.50 USD) and `PMT-1` (`E2E-1-0` 10.00 USD), as the payments tests build it.
pub const MESSAGE_ID: &str = "MSG-2026-0001";

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn party(name: &str, id: &str) -> Party {
    Party::new(name, PartyIdentifier::new(id).unwrap()).unwrap()
}

/// The batch's bytes, signed by its maker (seed 1) and approved by its checker (seed 2), and
/// the policy that accepts it: made once.
fn approved() -> &'static (Vec<u8>, ApprovalPolicy) {
    static APPROVED: OnceLock<(Vec<u8>, ApprovalPolicy)> = OnceLock::new();
    APPROVED.get_or_init(|| {
        let ministry = party("Ministry of Social Affairs", "MSA");
        let mut builder = BatchBuilder::new(
            MESSAGE_ID,
            "2026-12-06T09:00:00Z".parse().unwrap(),
            ministry.clone(),
        );
        for (b, amounts) in [&["100.00", "50.50"][..], &["10"][..]].iter().enumerate() {
            let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
            let mut block =
                BlockBuilder::new(format!("PMT-{b}"), ministry.clone(), account, "2026-12-07");
            for (t, amount) in amounts.iter().enumerate() {
                block = block.transfer(CreditTransfer::to_alias(
                    format!("E2E-{b}-{t}"),
                    Money::parse_in("USD", amount).unwrap(),
                    party("Person", "P"),
                    Alias::parse(&format!("NID-{b}-{t}")).unwrap(),
                ));
            }
            builder = builder.block(block);
        }
        let batch = builder.build().unwrap();
        let made = sign_as_maker(&batch, &key(1)).unwrap();
        let bytes = approve(made, &key(2)).unwrap().to_string().into_bytes();
        let policy = serde_json::json!({
            "makers": [key(1).public_key().did()],
            "checkers": [key(2).public_key().did()],
            "approvals": 1
        });
        let policy = ApprovalPolicy::from_json(policy.to_string().as_bytes()).unwrap();
        (bytes, policy)
    })
}

/// A fresh in-memory payment log where the batch was verified and released (hub key seed 9).
fn released() -> PaymentLog<MemoryLog> {
    let (bytes, policy) = approved();
    let hub = key(9);
    let life = PaymentLog::for_hub(MemoryLog::new(), hub.public_key().did());
    let verifier = BatchVerifier::new(
        Verifier::new(DidKeyResolver, policy.trust_list()),
        policy.clone(),
    );
    let accepted = verifier.verify_resolved(bytes).unwrap();
    let at = |t: &str| t.parse::<Timestamp>().unwrap();
    life.start(
        &hub,
        bytes,
        accepted.batch.value(),
        &accepted.approval,
        at("2026-12-06T10:00:00Z"),
    )
    .unwrap();
    life.release(&hub, MESSAGE_ID, at("2026-12-06T11:00:00Z"))
        .unwrap();
    life
}

/// **Property:** reading a status report never panics; a refusal has a `payments.report_*` or
/// `payments.xml_*` code, and a `payments.report_*` one a message of bounded length; a report
/// read carries the SHA-256 of the bytes, located blocks and transactions, and a reason with
/// every rejecting status. Taken into a released batch's life (the batch of [`MESSAGE_ID`]),
/// it is recorded all or nothing: accepted, the log grows by exactly one `reported` entry and
/// one entry per status counted (settled, rejected, interim), every transfer the report settles
/// or rejects on its own is then settled or rejected, and replaying the batch's history
/// (every signature) succeeds; refused, with a `payments.*` code, the log is unchanged.
///
/// Input: the report's XML bytes.
pub fn pain002_import(data: &[u8]) {
    let report = match pain002::read(data) {
        Ok(report) => report,
        Err(e) => {
            let code = e.code();
            assert!(
                code.starts_with("payments.report_") || code.starts_with("payments.xml_"),
                "{code}"
            );
            if code.starts_with("payments.report_") {
                assert!(e.to_string().len() < 2000, "{}: {e}", e.to_string().len());
            }
            return;
        }
    };
    assert_eq!(report.digest, ContentDigest::of_bytes(data));
    for (i, block) in report.blocks.iter().enumerate() {
        let prefix = format!("/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[{}]", i + 1);
        assert_eq!(block.location, prefix);
        for (j, tx) in block.transactions.iter().enumerate() {
            assert_eq!(
                tx.status.location,
                format!("{prefix}/TxInfAndSts[{}]", j + 1)
            );
            if tx.status.status.kind() == StatusKind::Rejected {
                assert!(tx.status.reason.is_some());
            }
        }
    }
    let life = released();
    let stream = batch_stream(MESSAGE_ID);
    let before = life.log().entries(&stream).unwrap().len();
    let hub = key(9);
    let at: Timestamp = "2026-12-07T17:00:00Z".parse().unwrap();
    match life.import_report(&hub, &report, None, at) {
        Ok(imported) => {
            let after = life.log().entries(&stream).unwrap().len();
            let statuses = imported.settled + imported.rejected + imported.interim;
            assert_eq!(after as u64, before as u64 + 1 + statuses);
            let mut seen = HashSet::new();
            for tx in report.blocks.iter().flat_map(|b| &b.transactions) {
                assert!(seen.insert(tx.end_to_end_id.clone()));
                let state = life.status(&tx.end_to_end_id).unwrap().state;
                match tx.status.status.kind() {
                    StatusKind::Settled => assert_eq!(state, TransferState::Settled),
                    StatusKind::Rejected => {
                        assert_eq!(state, TransferState::Rejected(tx.status.reason.unwrap()))
                    }
                    _ => assert_eq!(state, TransferState::Reported(tx.status.status)),
                }
            }
            life.history(MESSAGE_ID).unwrap();
        }
        Err(e) => {
            assert!(e.code().starts_with("payments."), "{}", e.code());
            assert_eq!(life.log().entries(&stream).unwrap().len(), before);
        }
    }
}

/// Whether `data` is read as a status report (`Ok`) or refused (its code).
pub fn verdict(data: &[u8]) -> Result<(), &'static str> {
    pain002::read(data).map(|_| ()).map_err(|e| e.code())
}
