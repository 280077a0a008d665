//! Disbursement batches of any size for the scale tests and the `batch` benchmark: built by the
//! builder, made by a maker and approved by a checker, written as the bytes a hub receives.
//!
//! A batch of `n` transfers has blocks of at most [`BLOCK`] transfers (one per region, each
//! from the ministry's IBAN in KES); its transfers go, in turn, to an IBAN, a mobile-money
//! account and an alias the account mapper resolves, each with an instruction id, a purpose
//! code and remittance information: 280 to 330 bytes of JSON each. Everything is derived from
//! `(tag, n)`, so batches with different tags share no message id or end-to-end id.
#![allow(dead_code)]

use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::prelude::*;

/// The most transfers in one block.
pub const BLOCK: usize = 20_000;

/// The maker's key.
pub fn maker() -> SecretKey {
    SecretKey::from_seed(&[0x4d; 32])
}

/// The checker's key.
pub fn checker() -> SecretKey {
    SecretKey::from_seed(&[0x43; 32])
}

/// The ministry's policy: the maker makes, the checker approves, one approval.
pub fn policy() -> ApprovalPolicy {
    let json = serde_json::json!({
        "makers": [maker().public_key().did()],
        "checkers": [checker().public_key().did()],
        "approvals": 1,
    });
    ApprovalPolicy::from_json(json.to_string().as_bytes()).unwrap()
}

/// The hub's verifier of batches: the policy's keys trusted, the batch verifier's default
/// limits.
pub fn verifier() -> BatchVerifier {
    let policy = policy();
    BatchVerifier::new(Verifier::new(DidKeyResolver, policy.trust_list()), policy)
}

fn party(name: &str, id: &str) -> Party {
    Party::new(name, PartyIdentifier::new(id).unwrap()).unwrap()
}

/// A German IBAN with this 10-digit account number (bank code 37040044), check digits
/// computed (ISO 7064 mod 97-10).
pub fn iban(account: u64) -> Iban {
    let bban = format!("37040044{account:010}");
    // The BBAN, then "DE00" as digits (D = 13, E = 14), mod 97.
    let digits = format!("{bban}131400");
    let remainder = digits
        .bytes()
        .fold(0u64, |r, b| (r * 10 + u64::from(b - b'0')) % 97);
    Iban::parse(&format!("DE{:02}{bban}", 98 - remainder)).unwrap()
}

/// The `i`-th transfer of batch `tag`.
fn transfer(tag: u32, i: usize, kes: Currency) -> CreditTransfer {
    // 500.00 to 5,499.99 shillings.
    let minor = 50_000 + (i as u64 * 7_919) % 500_000;
    let amount = Money::from_minor_units(kes, minor).unwrap();
    let person = party(
        &format!("Beneficiary {i:06} of programme {tag}"),
        &format!("NID-{tag}-{i:07}"),
    );
    let e2e = format!("E2E-{tag}-{i:07}");
    let t = match i % 3 {
        0 => CreditTransfer::to_account(
            e2e,
            amount,
            person,
            Account::Iban(iban(u64::from(tag) * 10_000_000 + i as u64)),
        ),
        1 => CreditTransfer::to_account(
            e2e,
            amount,
            person,
            Account::MobileMoney(
                MobileMoneyAccount::parse(&format!("+2547{:08}", i % 100_000_000), "m-pesa")
                    .unwrap(),
            ),
        ),
        _ => CreditTransfer::to_alias(
            e2e,
            amount,
            person,
            Alias::parse(&format!("NID-{tag}-{i:07}")).unwrap(),
        ),
    };
    t.with_instruction_id(format!("INS-{tag}-{i:07}"))
        .with_purpose("GOVT")
        .with_remittance_information(format!("Cash transfer December 2026, household {i}"))
}

/// An unsigned batch of `n` transfers.
pub fn batch(tag: u32, n: usize) -> Batch {
    let kes = Currency::parse("KES").unwrap();
    let ministry = party("Ministry of Social Protection", "MSP-KE");
    let mut builder = BatchBuilder::new(
        format!("MSG-2026-12-{tag:05}"),
        "2026-12-06T09:00:00Z".parse().unwrap(),
        ministry.clone(),
    );
    let mut start = 0;
    let mut region = 0;
    while start < n {
        let end = (start + BLOCK).min(n);
        let account = Account::Iban(iban(9_000_000_000 + u64::from(tag)));
        let block = BlockBuilder::new(
            format!("PMT-{tag}-{region:03}"),
            ministry.clone(),
            account,
            "2026-12-07",
        )
        .transfers((start..end).map(|i| transfer(tag, i, kes)));
        builder = builder.block(block);
        start = end;
        region += 1;
    }
    builder.build().unwrap()
}

/// `batch` with the message id, payment information ids, end-to-end ids and instruction ids of
/// batch `tag` (quicker than building it again).
pub fn renamed(batch: &Batch, tag: u32) -> Batch {
    let mut batch = batch.clone();
    batch.group_header.message_id = format!("MSG-2026-12-{tag:05}");
    let mut i = 0usize;
    for (region, block) in batch.payment_information.iter_mut().enumerate() {
        block.payment_information_id = format!("PMT-{tag}-{region:03}");
        for t in &mut block.credit_transfers {
            t.end_to_end_id = format!("E2E-{tag}-{i:07}");
            t.instruction_id = Some(format!("INS-{tag}-{i:07}"));
            i += 1;
        }
    }
    batch
}

/// `batch` made by the maker and approved by the checker, as the bytes a hub receives
/// (serde_json's output: RFC 8785 canonical).
pub fn sign(batch: &Batch) -> Vec<u8> {
    let made = sign_as_maker(batch, &maker()).unwrap();
    let approved = approve(made, &checker()).unwrap();
    serde_json::to_vec(&approved).unwrap()
}

/// `batch(tag, n)`, signed ([`sign`]).
pub fn signed(tag: u32, n: usize) -> Vec<u8> {
    sign(&batch(tag, n))
}
