//! The memory target of issue 18: importing a pain.001 file of 100,000 transfers takes at most
//! 3× the file's size in heap.
//!
//! This test binary counts every byte the heap hands out ([`peak_alloc::PeakAlloc`] as its
//! global allocator, so the count is exact and does not depend on the build: the figure of a
//! debug build is the figure of a release one). `pain001_import_peak_heap` (ignored: it builds
//! and exports the batch first, about half a minute in a debug build) writes the file as the
//! `pain001` benchmark does, then imports it: the import's peak heap — the high-water mark of
//! the bytes allocated while it runs, above what was held before (the file itself), the batch
//! it returns included — divided by the file's size must be at most 3. It prints the figures:
//!
//! ```sh
//! cargo test -p govblocks-payments --test memory -- --ignored --nocapture
//! ```
//!
//! `GOVBLOCKS_PAIN001_TRANSFERS` (default 100,000) changes the size.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_payments::iso20022::pain001::{export, import, Version};
use govblocks_payments::prelude::*;
use peak_alloc::PeakAlloc;

#[global_allocator]
static HEAP: PeakAlloc = PeakAlloc;

/// The same batch as the `pain001` benchmark's: `n` transfers in 10 blocks, IBAN creditors
/// (every tenth a mobile-money account), instruction ids, purposes and remittance information.
fn batch(n: usize) -> Batch {
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

#[test]
#[ignore = "builds a 40 MB file first (about half a minute in a debug build): the memory run"]
fn pain001_import_peak_heap() {
    let n = std::env::var("GOVBLOCKS_PAIN001_TRANSFERS")
        .ok()
        .and_then(|v| v.replace('_', "").parse().ok())
        .unwrap_or(100_000);
    let (xml, expected_transfers) = {
        let batch = batch(n);
        (
            export(&batch, Version::V09).unwrap(),
            batch
                .payment_information
                .iter()
                .map(|b| b.credit_transfers.len())
                .sum::<usize>(),
        )
    };
    // Only the file is held now: the import's figures are measured from here.
    let before = HEAP.current_usage();
    HEAP.reset_peak_usage();
    let imported = import(&xml).unwrap();
    let peak = HEAP.peak_usage() - before;
    let kept = HEAP.current_usage() - before;
    let transfers: usize = imported
        .payment_information
        .iter()
        .map(|b| b.credit_transfers.len())
        .sum();
    assert_eq!(transfers, expected_transfers);
    drop(imported);
    let size = xml.len();
    let ratio = peak as f64 / size as f64;
    println!(
        "pain.001 import of {transfers} transfers: file {size} bytes; peak heap of the import \
         {peak} bytes = {ratio:.2}x the file (the batch it returns: {kept} bytes = {:.2}x; \
         with the file itself: {:.2}x)",
        kept as f64 / size as f64,
        (peak + size) as f64 / size as f64,
    );
    assert!(
        ratio <= 3.0,
        "the import's peak heap is {ratio:.2}x the file's size, more than 3x"
    );
}
