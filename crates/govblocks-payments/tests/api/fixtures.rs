//! Shared fixtures of the batch and approval tests: keys, parties, batches built by the
//! builder, policies.

use govblocks_core::keys::SecretKey;
use govblocks_payments::prelude::*;
use serde_json::Value;

/// The key of seed `n`.
pub fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

/// The DID of the key of seed `n`.
pub fn did(n: u8) -> String {
    key(n).public_key().did()
}

/// A party.
pub fn party(name: &str, id: &str) -> Party {
    Party::new(name, PartyIdentifier::new(id).unwrap()).unwrap()
}

/// A batch of one block per `(currency, amounts)`, every transfer to an alias, ids
/// `PMT-<block>` and `E2E-<block>-<transfer>`.
pub fn batch(blocks: &[(&str, &[&str])]) -> Batch {
    let ministry = party("Ministry of Social Affairs", "MSA");
    let mut builder = BatchBuilder::new(
        "MSG-2026-0001",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        ministry.clone(),
    );
    for (b, (currency, amounts)) in blocks.iter().enumerate() {
        let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
        let mut block =
            BlockBuilder::new(format!("PMT-{b}"), ministry.clone(), account, "2026-12-07");
        for (t, amount) in amounts.iter().enumerate() {
            let money = Money::parse_in(currency, amount).unwrap();
            let alias = Alias::parse(&format!("NID-{b}-{t}")).unwrap();
            block = block.transfer(
                CreditTransfer::to_alias(
                    format!("E2E-{b}-{t}"),
                    money,
                    party("Person", "P"),
                    alias,
                )
                .with_instruction_id(format!("INS-{b}-{t}"))
                .with_purpose("GOVT"),
            );
        }
        builder = builder.block(block);
    }
    builder.build().unwrap()
}

/// The usual test batch: two USD blocks.
pub fn usd_batch() -> Batch {
    batch(&[("USD", &["100.00", "50.50"]), ("USD", &["10"])])
}

/// The code of `result`, or `ok`.
pub fn code<T>(result: Result<T, govblocks_payments::Error>) -> &'static str {
    match result {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// `batch` as JSON.
pub fn json(batch: &Batch) -> Value {
    serde_json::to_value(batch).unwrap()
}
