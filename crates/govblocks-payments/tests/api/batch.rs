//! Batches: the builder's figures, every rule with its code (a table of mutations of a valid
//! batch), the control sum across currencies, the schema.

use super::fixtures::*;
use govblocks_payments::batch::rules::ControlSum;
use govblocks_payments::prelude::*;
use serde_json::{json, Value};

#[test]
fn the_builder_computes_every_count_and_sum() {
    let b = usd_batch();
    assert_eq!(b.group_header.number_of_transactions, "3");
    assert_eq!(b.group_header.control_sum, "160.50");
    assert_eq!(b.payment_information[0].number_of_transactions, "2");
    assert_eq!(b.payment_information[0].control_sum, "150.50");
    assert_eq!(b.payment_information[1].control_sum, "10.00");
    let totals = b.check_rules().unwrap();
    assert_eq!(totals.transactions, 3);
    assert_eq!(totals.control_sum, ControlSum::parse("160.5").unwrap());
    let usd = Currency::parse("USD").unwrap();
    assert_eq!(
        totals.by_currency[&usd],
        Money::parse(usd, "160.50").unwrap()
    );
    assert_eq!(totals.blocks.len(), 2);
}

#[test]
fn the_control_sum_adds_every_currency_exactly() {
    // ISO 20022: the sum of every amount irrespective of currency, here exact at 10^-4.
    for (blocks, expected) in [
        (
            vec![("USD", &["100.50"][..]), ("JPY", &["3"][..])],
            "103.50",
        ),
        (
            vec![("KWD", &["1.005"][..]), ("USD", &["1.00"][..])],
            "2.005",
        ),
        (
            vec![("CLF", &["0.0001"][..]), ("JPY", &["1"][..])],
            "1.0001",
        ),
        (vec![("JPY", &["1", "2"][..])], "3"),
    ] {
        let b = batch(&blocks);
        assert_eq!(b.group_header.control_sum, expected, "{blocks:?}");
        assert_eq!(code(b.check_rules()), "ok");
    }
}

#[test]
fn the_control_sum_parser() {
    for (input, expected) in [
        ("0", Ok("0.0000")),
        ("150.5", Ok("150.5000")),
        ("150.50", Ok("150.5000")),
        ("1.2345", Ok("1.2345")),
        ("999999999999999999", Ok("999999999999999999.0000")),
        ("1.23456", Err("payments.amount_too_many_decimals")),
        (
            "9999999999999999999",
            Err("payments.amount_too_many_digits"),
        ),
        ("-1", Err("payments.amount_negative")),
        ("1e3", Err("payments.amount_exponent")),
        ("01", Err("payments.amount_invalid")),
        ("1.", Err("payments.amount_invalid")),
        (".5", Err("payments.amount_invalid")),
        ("+1", Err("payments.amount_invalid")),
        ("", Err("payments.amount_invalid")),
    ] {
        let got = ControlSum::parse(input)
            .map(|c| c.to_string())
            .map_err(|e| e.code());
        assert_eq!(got, expected.map(str::to_owned), "{input:?}");
    }
}

type Mutation = fn(&mut Value);

/// Each rule: a mutation of a valid batch (as JSON), and the code the rules give.
const RULES: &[(&str, Mutation, &str)] = &[
    ("unchanged", |_| {}, "ok"),
    (
        "a header sum written otherwise, same value",
        |b| b["groupHeader"]["controlSum"] = json!("160.5"),
        "ok",
    ),
    (
        "a block's count",
        |b| b["paymentInformation"][0]["numberOfTransactions"] = json!("3"),
        "payments.count_mismatch",
    ),
    (
        "a block's count with a leading zero",
        |b| b["paymentInformation"][0]["numberOfTransactions"] = json!("02"),
        "payments.count_mismatch",
    ),
    (
        "the header's count",
        |b| b["groupHeader"]["numberOfTransactions"] = json!("4"),
        "payments.count_mismatch",
    ),
    (
        "a block's sum",
        |b| b["paymentInformation"][0]["controlSum"] = json!("150.51"),
        "payments.control_sum_mismatch",
    ),
    (
        "the header's sum",
        |b| b["groupHeader"]["controlSum"] = json!("160.49"),
        "payments.control_sum_mismatch",
    ),
    (
        "an amount",
        |b| b["paymentInformation"][1]["creditTransfers"][0]["amount"]["amount"] = json!("10.01"),
        "payments.control_sum_mismatch",
    ),
    (
        "a block's sum with too many decimals",
        |b| b["paymentInformation"][0]["controlSum"] = json!("150.500"),
        "payments.amount_too_many_decimals",
    ),
    (
        "a header sum that is not a decimal",
        |b| b["groupHeader"]["controlSum"] = json!("lots"),
        "payments.amount_invalid",
    ),
    (
        "an end-to-end id twice, across blocks",
        |b| b["paymentInformation"][1]["creditTransfers"][0]["endToEndId"] = json!("E2E-0-1"),
        "payments.duplicate_end_to_end_id",
    ),
    (
        "an end-to-end id twice, in a block",
        |b| b["paymentInformation"][0]["creditTransfers"][1]["endToEndId"] = json!("E2E-0-0"),
        "payments.duplicate_end_to_end_id",
    ),
    (
        "an instruction id twice",
        |b| b["paymentInformation"][1]["creditTransfers"][0]["instructionId"] = json!("INS-0-0"),
        "payments.duplicate_instruction_id",
    ),
    (
        "a block id twice",
        |b| b["paymentInformation"][1]["paymentInformationId"] = json!("PMT-0"),
        "payments.duplicate_payment_information_id",
    ),
    (
        "two currencies in a block",
        |b| b["paymentInformation"][0]["creditTransfers"][1]["amount"]["currency"] = json!("EUR"),
        "payments.block_currency_mismatch",
    ),
    (
        "a zero amount",
        |b| b["paymentInformation"][1]["creditTransfers"][0]["amount"]["amount"] = json!("0.00"),
        "payments.batch_invalid",
    ),
    (
        "an account and an alias",
        |b| {
            b["paymentInformation"][1]["creditTransfers"][0]["creditorAccount"] =
                json!({"iban": "DE89370400440532013000"})
        },
        "payments.batch_invalid",
    ),
    (
        "neither account nor alias",
        |b| {
            b["paymentInformation"][1]["creditTransfers"][0]
                .as_object_mut()
                .unwrap()
                .remove("creditorAlias");
        },
        "payments.batch_invalid",
    ),
    (
        "no block",
        |b| b["paymentInformation"] = json!([]),
        "payments.batch_invalid",
    ),
    (
        "a block without transfers",
        |b| b["paymentInformation"][1]["creditTransfers"] = json!([]),
        "payments.batch_invalid",
    ),
    (
        "a date that does not exist",
        |b| b["paymentInformation"][0]["requestedExecutionDate"] = json!("2026-02-29"),
        "payments.batch_invalid",
    ),
    (
        "another type",
        |b| b["type"] = json!("Batch"),
        "payments.batch_invalid",
    ),
    (
        "a purpose in lower case",
        |b| b["paymentInformation"][0]["creditTransfers"][0]["purpose"] = json!("govt"),
        "payments.batch_invalid",
    ),
    (
        "a blank message id",
        |b| b["groupHeader"]["messageId"] = json!("  "),
        "payments.batch_invalid",
    ),
    (
        "an end-to-end id of 36 characters",
        |b| b["paymentInformation"][0]["creditTransfers"][0]["endToEndId"] = json!("x".repeat(36)),
        "payments.batch_invalid",
    ),
];

#[test]
fn every_rule_has_its_code() {
    for (name, mutate, expected) in RULES {
        let mut value = json(&usd_batch());
        mutate(&mut value);
        let batch: Batch = serde_json::from_value(value).unwrap();
        assert_eq!(code(batch.check_rules()), *expected, "{name}");
    }
}

#[test]
fn a_mismatch_names_its_block() {
    let mut value = json(&usd_batch());
    value["paymentInformation"][1]["controlSum"] = json!("10.01");
    let batch: Batch = serde_json::from_value(value).unwrap();
    let error = batch.check_rules().unwrap_err();
    assert!(
        matches!(&error, govblocks_payments::Error::ControlSumMismatch { block: Some(b), .. } if b == "PMT-1"),
        "{error}"
    );
    let mut value = json(&usd_batch());
    value["paymentInformation"][0]["numberOfTransactions"] = json!("7");
    let batch: Batch = serde_json::from_value(value).unwrap();
    let error = batch.check_rules().unwrap_err();
    assert!(
        matches!(&error, govblocks_payments::Error::CountMismatch { block: Some(b), computed: 2, .. } if b == "PMT-0"),
        "{error}"
    );
    let mut value = json(&usd_batch());
    value["groupHeader"]["numberOfTransactions"] = json!("7");
    let batch: Batch = serde_json::from_value(value).unwrap();
    let error = batch.check_rules().unwrap_err();
    assert!(
        matches!(
            &error,
            govblocks_payments::Error::CountMismatch {
                block: None,
                computed: 3,
                ..
            }
        ),
        "{error}"
    );
}

#[test]
fn the_builder_refuses_what_the_rules_refuse() {
    let usd = Currency::parse("USD").unwrap();
    let ministry = party("Ministry", "M");
    let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let t = |id: &str, amount: &str| {
        CreditTransfer::to_alias(
            id,
            Money::parse(usd, amount).unwrap(),
            party("P", "P"),
            Alias::parse("A").unwrap(),
        )
    };
    let created: govblocks_core::clock::Timestamp = "2026-12-06T09:00:00Z".parse().unwrap();
    let build = |block: BlockBuilder| {
        BatchBuilder::new("M-1", created, ministry.clone())
            .block(block)
            .build()
    };
    let block = || BlockBuilder::new("B", ministry.clone(), account.clone(), "2026-12-07");
    assert_eq!(
        code(build(block().transfer(t("A", "1")).transfer(t("A", "2")))),
        "payments.duplicate_end_to_end_id"
    );
    assert_eq!(code(build(block())), "payments.batch_invalid");
    assert_eq!(
        code(build(block().transfer(t("A", "0")))),
        "payments.batch_invalid"
    );
    let eur = CreditTransfer::to_alias(
        "B",
        Money::parse_in("EUR", "1").unwrap(),
        party("P", "P"),
        Alias::parse("A").unwrap(),
    );
    assert_eq!(
        code(build(block().transfer(t("A", "1")).transfer(eur))),
        "payments.block_currency_mismatch"
    );
    assert_eq!(
        code(BatchBuilder::new("M-1", created, ministry.clone()).build()),
        "payments.batch_invalid"
    );
    assert_eq!(
        code(build(
            BlockBuilder::new("B", ministry.clone(), account.clone(), "2026-13-01")
                .transfer(t("A", "1"))
        )),
        "payments.batch_invalid"
    );
}

#[test]
fn ids_are_checked_in_linear_time() {
    // 20,000 transfers, the last end-to-end id a repeat of the first: found by a hash set,
    // not by comparing every pair (which would be 2 × 10^8 comparisons).
    let usd = Currency::parse("USD").unwrap();
    let ministry = party("Ministry", "M");
    let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let alias = Alias::parse("A").unwrap();
    let one = Money::parse(usd, "1").unwrap();
    let transfers = (0..20_000)
        .map(|i| CreditTransfer::to_alias(format!("E-{i}"), one, party("P", "P"), alias.clone()));
    let block =
        BlockBuilder::new("B", ministry.clone(), account, "2026-12-07").transfers(transfers);
    let created: govblocks_core::clock::Timestamp = "2026-12-06T09:00:00Z".parse().unwrap();
    let batch = BatchBuilder::new("M", created, ministry)
        .block(block)
        .build()
        .unwrap();
    assert_eq!(batch.group_header.control_sum, "20000.00");
    let mut value = json(&batch);
    value["paymentInformation"][0]["creditTransfers"][19_999]["endToEndId"] = json!("E-0");
    let batch: Batch = serde_json::from_value(value).unwrap();
    let started = std::time::Instant::now();
    assert_eq!(
        code(batch.check_rules()),
        "payments.duplicate_end_to_end_id"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn what_the_builder_writes_is_valid_and_the_schema_refuses_wrong_shapes() {
    let registry = govblocks_payments::schemas::registry();
    let id = govblocks_payments::schemas::ids::BATCH;
    let good = json(&usd_batch());
    registry.validate(id, &good).unwrap();
    let multi = json(&batch(&[("USD", &["100.50"]), ("KWD", &["1.005"])]));
    registry.validate(id, &multi).unwrap();
    let refused: &[Mutation] = &[
        |b| b["groupHeader"]["controlSum"] = json!(160.5),
        |b| b["groupHeader"]["numberOfTransactions"] = json!(3),
        |b| b["paymentInformation"][0]["paymentMethod"] = json!("XXX"),
        |b| {
            b["paymentInformation"][0]["creditTransfers"][0]["creditorAccount"] =
                json!({"iban": "DE89370400440532013000"})
        },
        |b| b["paymentInformation"][0]["creditTransfers"][0]["extra"] = json!(1),
        |b| b["paymentInformation"][0]["requestedExecutionDate"] = json!("7 Dec 2026"),
        |b| b["type"] = json!("Other"),
    ];
    for (i, mutate) in refused.iter().enumerate() {
        let mut value = good.clone();
        mutate(&mut value);
        assert!(registry.validate(id, &value).is_err(), "mutation {i}");
    }
}
