//! The 100,000-transfer payroll of issue 18's pain.001 figures, shared by the memory test
//! (`tests/memory`, this module) and the `pain001` benchmark (`benches/pain001.rs`, which
//! includes this file with `#[path]`), so that both measure the same file.

use govblocks_payments::prelude::*;

/// A batch of `n` transfers in 10 blocks: IBAN creditors (every tenth a mobile-money
/// account), instruction ids, purposes and remittance information, as a ministry's payroll.
pub fn batch(n: usize) -> Batch {
    let usd = Currency::parse("USD").unwrap();
    let ministry = Party::new(
        "Ministry of Social Affairs",
        PartyIdentifier::new("MSA").unwrap(),
    )
    .unwrap();
    let debtor = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let ibans = [
        "GB82WEST12345698765432",
        "FR1420041010050500013M02606",
        "CH9300762011623852957",
        "NL91ABNA0417164300",
    ]
    .map(|i| Account::Iban(Iban::parse(i).unwrap()));
    let mobile =
        Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap());
    let mut builder = BatchBuilder::new(
        "MSG-2026-12-PAYROLL",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        ministry.clone(),
    );
    let per_block = n / 10;
    for b in 0..10 {
        let mut block = BlockBuilder::new(
            format!("PMT-{b}"),
            ministry.clone(),
            debtor.clone(),
            "2026-12-07",
        )
        .debtor_agent(Bic::parse("DEUTDEFF").unwrap());
        for t in 0..per_block {
            let i = b * per_block + t;
            let account = if i % 10 == 9 {
                mobile.clone()
            } else {
                ibans[i % ibans.len()].clone()
            };
            let amount =
                Money::from_minor_units(usd, 1_000 + (i as u64 * 7_919) % 500_000).unwrap();
            let creditor = Party::new(
                format!("Beneficiary {i}"),
                PartyIdentifier::new(format!("NID-{i}")).unwrap(),
            )
            .unwrap();
            block = block.transfer(
                CreditTransfer::to_account(format!("E2E-{i}"), amount, creditor, account)
                    .with_instruction_id(format!("INS-{i}"))
                    .with_purpose("GOVT")
                    .with_remittance_information("Social grant December 2026"),
            );
        }
        builder = builder.block(block);
    }
    builder.build().unwrap()
}
