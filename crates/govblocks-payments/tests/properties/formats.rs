//! Properties of the GovStack and G2P Connect shapes: for random batches (any currency, any
//! amount, every account kind), batch → shape → batch is the identity on what the shape
//! carries, and an amount is read back to the minor unit it was written with.

use govblocks_payments::formats::g2p::DisburseRequest;
use govblocks_payments::formats::govstack::BulkPayment;
use govblocks_payments::formats::Frame;
use govblocks_payments::prelude::*;
use proptest::prelude::*;

fn account(kind: u8, n: usize) -> Account {
    match kind % 4 {
        0 => Account::Iban(Iban::parse("GB82WEST12345698765432").unwrap()),
        1 => Account::MobileMoney(
            MobileMoneyAccount::parse(&format!("+2547{n:08}"), "m-pesa").unwrap(),
        ),
        2 => Account::Bank(BankAccount::parse(&format!("{n}77"), "USABA:021000021").unwrap()),
        _ => Account::FinancialAddress(
            FinancialAddress::parse(&format!("token:{n}@gtbank")).unwrap(),
        ),
    }
}

/// Blocks of (currency, [(amount in minor units, account kind)]).
fn blocks() -> impl Strategy<Value = Vec<(Currency, Vec<(u64, u8)>)>> {
    let all: Vec<Currency> = Currency::all().collect();
    proptest::collection::vec(
        (
            proptest::sample::select(all),
            proptest::collection::vec((1u64..10_000_000_000, any::<u8>()), 1..5),
        ),
        1..4,
    )
}

/// A batch whose blocks differ by debtor name (so that a flat shape puts them apart again),
/// creditors identified by their end-to-end id, as the shapes read them back.
fn build(blocks: &[(Currency, Vec<(u64, u8)>)], remittance: bool) -> Batch {
    let debtor = |b: usize| {
        Party::new(
            format!("Ministry {b}"),
            PartyIdentifier::new("MIN").unwrap(),
        )
        .unwrap()
    };
    let mut builder =
        BatchBuilder::new("MSG-1", "2026-12-06T09:00:00Z".parse().unwrap(), debtor(0));
    let mut n = 0;
    for (b, (currency, transfers)) in blocks.iter().enumerate() {
        let debtor_account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
        let mut block = BlockBuilder::new(
            format!("MSG-1-{}", b + 1),
            debtor(b),
            debtor_account,
            "2026-12-07",
        );
        for (minor, kind) in transfers {
            n += 1;
            let e2e = format!("E2E-{n}");
            let creditor =
                Party::new(format!("Person {n}"), PartyIdentifier::new(&e2e).unwrap()).unwrap();
            let money = Money::from_minor_units(*currency, *minor).unwrap();
            let mut t = CreditTransfer::to_account(&e2e, money, creditor, account(*kind, n));
            if remittance {
                t = t.with_remittance_information(format!("payment {n}"));
            }
            block = block.transfer(t);
        }
        builder = builder.block(block);
    }
    builder.build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn govstack_round_trip_is_the_identity(blocks in blocks(), remittance in any::<bool>()) {
        let batch = build(&blocks, remittance);
        let json = BulkPayment::from_batch(&batch).unwrap().to_json();
        let back = BulkPayment::parse(json.as_bytes()).unwrap().to_batch(&Frame::of(&batch).unwrap()).unwrap();
        prop_assert_eq!(back, batch);
    }

    #[test]
    fn g2p_round_trip_is_the_identity(blocks in blocks(), remittance in any::<bool>()) {
        let batch = build(&blocks, remittance);
        let text = DisburseRequest::from_batch(&batch).unwrap().to_value().to_string();
        let back = DisburseRequest::parse(text.as_bytes()).unwrap().to_batch(&Frame::of(&batch).unwrap()).unwrap();
        prop_assert_eq!(back, batch);
    }
}
