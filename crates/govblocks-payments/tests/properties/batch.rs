//! Properties of signed batches: any changed amount, count, control sum or id fails with a
//! specific code — the signature's when the figure changed after signing, the rule's when the
//! signers signed wrong figures — and the control sum is the exact sum of the amounts in any
//! currencies.

use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_payments::approval::MAKER_PROOF_ID;
use govblocks_payments::prelude::*;
use proptest::prelude::*;
use serde_json::{json, Value};

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn party() -> Party {
    Party::new("Person", PartyIdentifier::new("P").unwrap()).unwrap()
}

/// Blocks of (currency, amounts in minor units).
fn blocks() -> impl Strategy<Value = Vec<(Currency, Vec<u64>)>> {
    let all: Vec<Currency> = Currency::all().collect();
    proptest::collection::vec(
        (
            proptest::sample::select(all),
            proptest::collection::vec(1u64..10_000_000_000, 1..5),
        ),
        1..4,
    )
}

fn build(blocks: &[(Currency, Vec<u64>)]) -> Batch {
    let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let created = "2026-12-06T09:00:00Z".parse().unwrap();
    let mut builder = BatchBuilder::new("MSG-1", created, party());
    for (b, (currency, amounts)) in blocks.iter().enumerate() {
        let mut block =
            BlockBuilder::new(format!("PMT-{b}"), party(), account.clone(), "2026-12-07");
        for (t, minor) in amounts.iter().enumerate() {
            let money = Money::from_minor_units(*currency, *minor).unwrap();
            let alias = Alias::parse(&format!("NID-{b}-{t}")).unwrap();
            block = block.transfer(CreditTransfer::to_alias(
                format!("E2E-{b}-{t}"),
                money,
                party(),
                alias,
            ));
        }
        builder = builder.block(block);
    }
    builder.build().unwrap()
}

fn verifier() -> BatchVerifier {
    let policy = format!(
        r#"{{"makers":["{}"],"checkers":["{}"],"approvals":1}}"#,
        key(1).public_key().did(),
        key(2).public_key().did()
    );
    let policy = ApprovalPolicy::from_json(policy.as_bytes()).unwrap();
    BatchVerifier::new(Verifier::new(DidKeyResolver, TrustList::any()), policy)
}

/// Signed by the maker and the checker without any check of the figures (as a careless or
/// hostile signer outside this crate would).
fn sign_anyway(value: Value) -> Value {
    let made = add_proof(
        value,
        &key(1),
        &ProofOptions::assertion().with_id(MAKER_PROOF_ID),
    )
    .unwrap();
    add_proof(
        made,
        &key(2),
        &ProofOptions::assertion().with_previous_proof(MAKER_PROOF_ID),
    )
    .unwrap()
}

fn code(doc: &Value) -> &'static str {
    match verifier().verify(doc.to_string().as_bytes()) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

/// One change to a batch, and the rule's code for it.
#[derive(Debug, Clone, Copy)]
enum Change {
    Amount,
    BlockCount,
    HeaderCount,
    BlockSum,
    HeaderSum,
    EndToEndIdRepeated,
}

const CHANGES: [Change; 6] = [
    Change::Amount,
    Change::BlockCount,
    Change::HeaderCount,
    Change::BlockSum,
    Change::HeaderSum,
    Change::EndToEndIdRepeated,
];

/// Applies `change` to block `b`, transfer `t` (taken modulo the sizes); `None` when the change
/// cannot apply (a repeated id in a batch of one transfer).
fn apply(
    batch: &Batch,
    value: &mut Value,
    change: Change,
    b: usize,
    t: usize,
) -> Option<&'static str> {
    let b = b % batch.payment_information.len();
    let block = &batch.payment_information[b];
    let t = t % block.credit_transfers.len();
    let bump = |s: &str| -> String {
        // One more unit in the last place, in the same form.
        let digits: String = s.chars().filter(char::is_ascii_digit).collect();
        let n: u128 = digits.parse::<u128>().unwrap() + 1;
        let width = digits.len();
        let padded = format!("{n:0width$}");
        match s.find('.') {
            Some(point) => {
                let decimals = s.len() - point - 1;
                let (int, frac) = padded.split_at(padded.len() - decimals);
                format!("{int}.{frac}")
            }
            None => padded,
        }
    };
    let pb = &mut value["paymentInformation"][b];
    match change {
        Change::Amount => {
            let amount = &mut pb["creditTransfers"][t]["amount"]["amount"];
            *amount = json!(bump(amount.as_str().unwrap()));
            Some("payments.control_sum_mismatch")
        }
        Change::BlockCount => {
            pb["numberOfTransactions"] = json!((block.credit_transfers.len() + 1).to_string());
            Some("payments.count_mismatch")
        }
        Change::BlockSum => {
            pb["controlSum"] = json!(bump(&block.control_sum));
            Some("payments.control_sum_mismatch")
        }
        Change::HeaderCount => {
            let n: u64 = batch.group_header.number_of_transactions.parse().unwrap();
            value["groupHeader"]["numberOfTransactions"] = json!((n + 1).to_string());
            Some("payments.count_mismatch")
        }
        Change::HeaderSum => {
            value["groupHeader"]["controlSum"] = json!(bump(&batch.group_header.control_sum));
            Some("payments.control_sum_mismatch")
        }
        Change::EndToEndIdRepeated => {
            let count: usize = batch
                .payment_information
                .iter()
                .map(|p| p.credit_transfers.len())
                .sum();
            if count < 2 {
                return None;
            }
            // Another transfer's id: the first of the batch, or the second if that is this one.
            let first = &batch.payment_information[0].credit_transfers;
            let other = if b == 0 && t == 0 {
                first.get(1).map_or_else(
                    || {
                        batch.payment_information[1].credit_transfers[0]
                            .end_to_end_id
                            .clone()
                    },
                    |x| x.end_to_end_id.clone(),
                )
            } else {
                first[0].end_to_end_id.clone()
            };
            pb["creditTransfers"][t]["endToEndId"] = json!(other);
            Some("payments.duplicate_end_to_end_id")
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn any_changed_figure_or_id_fails_with_a_specific_code(
        blocks in blocks(),
        change in proptest::sample::select(CHANGES.to_vec()),
        b in 0usize..8,
        t in 0usize..8,
    ) {
        let batch = build(&blocks);
        let unsigned = serde_json::to_value(&batch).unwrap();
        let honest = sign_anyway(unsigned.clone());
        prop_assert_eq!(code(&honest), "ok");

        // Changed after signing: the signature no longer verifies.
        let mut tampered = honest.clone();
        if let Some(_rule) = apply(&batch, &mut tampered, change, b, t) {
            prop_assert_eq!(code(&tampered), "proof.signature_invalid");
        }
        // Changed before signing: the signatures verify, the rule refuses.
        let mut wrong = unsigned;
        if let Some(rule) = apply(&batch, &mut wrong, change, b, t) {
            prop_assert_eq!(code(&sign_anyway(wrong)), rule, "{:?}", change);
        }
    }

    #[test]
    fn the_control_sum_is_the_exact_sum_in_any_currencies(blocks in blocks()) {
        let batch = build(&blocks);
        // Independently: every amount scaled to 10^-4 and added in u128.
        let units: u128 = blocks
            .iter()
            .flat_map(|(c, amounts)| amounts.iter().map(move |m| u128::from(*m) * 10u128.pow(4 - u32::from(c.minor_unit()))))
            .sum();
        let totals = batch.check_rules().unwrap();
        prop_assert_eq!(totals.control_sum.to_string(), format!("{}.{:04}", units / 10_000, units % 10_000));
        prop_assert_eq!(ControlSum::parse(&batch.group_header.control_sum).unwrap(), totals.control_sum);
    }
}
