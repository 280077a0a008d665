//! pain.001 export and import of a 100,000-transfer batch, next to quick-xml reading the same
//! file event by event without building anything (issue 18), in one group, `payments_pain001`:
//!
//! * `floor/100000`: `quick_xml::Reader` over the exported file, every event read and
//!   dropped (the text of each element looked at, nothing decoded or kept): the floor;
//! * `import/100000`: [`import`] of the same file: the bounded, located reader, every value
//!   parsed into its type (amounts, IBANs, parties), the batch built and every rule of the
//!   batch checked;
//! * `export/100000`: [`export`] of the batch as pain.001.001.09 (its rules checked first).
//!
//! Targets: each of import and export at most 3x the floor and at most 1 s on one core;
//! memory at most 3x the file size. Memory is measured outside criterion, by the ignored test
//! `tests/memory` (a counting global allocator in its own test binary, so that this one's
//! timings carry no counting): the import's peak heap over the same file, printed with its
//! ratio to the file's size,
//! `cargo test -p govblocks-payments --test memory -- --ignored --nocapture`. The file is built
//! and exported before timing; its size is printed. Each import's batch is dropped inside the
//! timed loop (criterion's `iter`): its freeing is counted in the import's time.
//!
//! `cargo bench -p govblocks-payments --bench pain001 -- --warm-up-time 1 --measurement-time 5`
#![allow(missing_docs, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use govblocks_payments::iso20022::pain001::{export, import, Version};
use govblocks_payments::prelude::*;
use quick_xml::events::Event;
use std::hint::black_box;

const N: usize = 100_000;

/// A batch of `n` transfers in 10 blocks: IBAN creditors (every tenth a mobile-money
/// account), instruction ids, purposes and remittance information, as a ministry's payroll.
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

/// Every event of `xml` read and dropped: the number of element starts.
fn floor(xml: &str) -> usize {
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut starts = 0;
    loop {
        match reader.read_event().unwrap() {
            Event::Start(_) => starts += 1,
            Event::Text(t) => {
                black_box(t.len());
            }
            Event::Eof => return starts,
            _ => {}
        }
    }
}

fn pain001(c: &mut Criterion) {
    let batch = batch(N);
    let xml = export(&batch, Version::V09).unwrap();
    // Both directions work before they are timed.
    assert_eq!(import(&xml).unwrap(), batch);
    println!(
        "pain.001.001.09 file of {N} transfers: {} bytes ({} element starts)",
        xml.len(),
        floor(&xml)
    );
    let mut group = c.benchmark_group("payments_pain001");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(xml.len() as u64));
    group.bench_with_input(BenchmarkId::new("floor", N), &xml, |b, xml| {
        b.iter(|| floor(black_box(xml)))
    });
    group.bench_with_input(BenchmarkId::new("import", N), &xml, |b, xml| {
        b.iter(|| import(black_box(xml)).unwrap())
    });
    group.bench_with_input(BenchmarkId::new("export", N), &batch, |b, batch| {
        b.iter(|| export(black_box(batch), Version::V09).unwrap())
    });
    group.finish();
}

criterion_group!(benches, pain001);
criterion_main!(benches);
