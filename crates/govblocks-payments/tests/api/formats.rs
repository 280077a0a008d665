//! The GovStack bulk payment and the G2P Connect disbursement: every document written is valid
//! against the published schema, reads back to the batch it came from, and every refusal has its
//! code. The GovStack schemas are converted to JSON Schema by `tests/format-schemas/convert.py`;
//! the G2P Connect ones are the exchange block's (`schemas/exchange/g2p/v1/`, converted by
//! `schemas/exchange/g2p/convert.py`, the one conversion of that schema in the repository), read
//! from the repository at run time so that what this block writes is held to exactly what the
//! exchange block accepts. Corrections: `docs/DESIGN.md`, `schemas/exchange/g2p/DEVIATIONS.md`.

use govblocks_payments::formats::g2p::{DisburseRequest, DisburseResponse, Status};
use govblocks_payments::formats::govstack::{sub_batches, BulkPayment, SubBatch};
use govblocks_payments::formats::Frame;
use govblocks_payments::prelude::*;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const BULK_SCHEMA: &str = include_str!("../format-schemas/govstack-bulk-payment.schema.json");
const SUB_SCHEMA: &str = include_str!("../format-schemas/govstack-sub-batch.schema.json");

/// The repository's top level (this crate is `crates/govblocks-payments`).
fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A G2P Connect schema converted by `schemas/exchange/g2p/convert.py` (the exchange block
/// registers the same files; no dependency on it is needed to read them).
fn g2p_schema(file: &str) -> String {
    read(repository().join("schemas/exchange/g2p/v1").join(file))
}

/// `DisburseRequest`, as the exchange block checks a `disburse` payload.
fn request_schema() -> String {
    g2p_schema("g2p-disburse-request.json")
}

/// `DisburseResponse`.
fn response_schema() -> String {
    g2p_schema("g2p-disburse-response.json")
}

/// The published G2P Connect bundle the exchange's converter reads.
fn g2p_yaml() -> String {
    read(
        repository().join(
            "crates/govblocks-exchange/tests/vectors/g2p-connect/disburse_core_api_v1.0.0.yaml",
        ),
    )
}

fn validator(schema: &str) -> jsonschema::Validator {
    jsonschema::draft202012::new(&serde_json::from_str::<Value>(schema).unwrap()).unwrap()
}

fn valid(schema: &str, instance: &Value) {
    let v = validator(schema);
    let errors: Vec<String> = v.iter_errors(instance).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?} in {instance}");
}

fn party(name: &str, id: &str) -> Party {
    Party::new(name, PartyIdentifier::new(id).unwrap()).unwrap()
}

/// A creditor as the shapes read one back: identified by the end-to-end id.
fn creditor(name: &str, e2e: &str) -> Party {
    party(name, e2e)
}

fn iban(text: &str) -> Account {
    Account::Iban(Iban::parse(text).unwrap())
}

fn wallet(msisdn: &str, provider: &str) -> Account {
    Account::MobileMoney(MobileMoneyAccount::parse(msisdn, provider).unwrap())
}

fn fa(text: &str) -> Account {
    Account::FinancialAddress(FinancialAddress::parse(text).unwrap())
}

fn bank(number: &str, clearing: &str) -> Account {
    Account::Bank(BankAccount::parse(number, clearing).unwrap())
}

fn money(currency: &str, amount: &str) -> Money {
    Money::parse_in(currency, amount).unwrap()
}

/// Three blocks (two debtor names, two currencies), creditors of every account kind; with
/// `alias`, one transfer to an alias, with `g2p_extras`, purposes, instruction ids and a second
/// execution date (which G2P carries and GovStack does not).
fn batch(alias: bool, g2p_extras: bool) -> Batch {
    let ministry = party("Ministry of Social Affairs", "MSA");
    let fund = party("Ministry of Social Affairs relief fund", "MSA");
    let mut b1 = BlockBuilder::new(
        "MSG-1-1",
        ministry.clone(),
        iban("DE89370400440532013000"),
        "2026-12-07",
    )
    .transfer(
        CreditTransfer::to_account(
            "E2E-1",
            money("USD", "0.10"),
            creditor("Amina", "E2E-1"),
            wallet("+254712345678", "m-pesa"),
        )
        .with_remittance_information("December relief"),
    )
    .transfer(CreditTransfer::to_account(
        "E2E-2",
        money("USD", "1250.50"),
        creditor("Bola", "E2E-2"),
        iban("GB82WEST12345698765432"),
    ))
    .transfer(CreditTransfer::to_account(
        "E2E-3",
        money("USD", "99999999999999.99"),
        creditor("Chidi", "E2E-3"),
        fa("token:12345@gtbank"),
    ))
    .transfer(CreditTransfer::to_account(
        "E2E-4",
        money("USD", "7"),
        creditor("Dede", "E2E-4"),
        bank("12345", "USABA:021000021"),
    ));
    if alias {
        b1 = b1.transfer(CreditTransfer::to_alias(
            "E2E-5",
            money("USD", "3.5"),
            creditor("Efua", "E2E-5"),
            Alias::parse("NID-4471-2291").unwrap(),
        ));
    }
    let mut b2 = BlockBuilder::new(
        "MSG-1-2",
        fund,
        iban("DE89370400440532013000"),
        if g2p_extras {
            "2026-12-08"
        } else {
            "2026-12-07"
        },
    )
    .transfer(CreditTransfer::to_account(
        "E2E-6",
        money("USD", "20"),
        creditor("Femi", "E2E-6"),
        wallet("+233241234567", "mtn-gh"),
    ));
    if g2p_extras {
        b2 = b2.transfer(
            CreditTransfer::to_account(
                "E2E-7",
                money("USD", "5.05"),
                creditor("Gifty", "E2E-7"),
                fa("voucher:778@food.coupon-network"),
            )
            .with_purpose("GOVT")
            .with_instruction_id("INSTR-7"),
        );
    }
    let b3 = BlockBuilder::new(
        "MSG-1-3",
        ministry.clone(),
        iban("DE89370400440532013000"),
        "2026-12-07",
    )
    .transfer(CreditTransfer::to_account(
        "E2E-8",
        money("JPY", "15000"),
        creditor("Hana", "E2E-8"),
        iban("GB82WEST12345698765432"),
    ))
    .transfer(CreditTransfer::to_account(
        "E2E-9",
        money("JPY", "1"),
        creditor("Isamu", "E2E-9"),
        fa("mobile:12345@mobile-pymt"),
    ));
    BatchBuilder::new("MSG-1", "2026-12-06T09:00:00Z".parse().unwrap(), ministry)
        .block(b1)
        .block(b2)
        .block(b3)
        .build()
        .unwrap()
}

fn frame(batch: &Batch) -> Frame {
    Frame::of(batch).unwrap()
}

#[test]
fn conversions_are_of_the_vendored_files() {
    let sha = |bytes: &[u8]| hex(&Sha256::digest(bytes));
    for (schema, vendored) in [
        (
            BULK_SCHEMA,
            &include_bytes!("../vectors/govstack-bb-payments/v1_0_1_fixed_BulkPayment.yml")[..],
        ),
        (
            SUB_SCHEMA,
            include_bytes!("../vectors/govstack-bb-payments/BulkValidateAccountRequest.yml"),
        ),
    ] {
        let schema: Value = serde_json::from_str(schema).unwrap();
        assert_eq!(
            schema["x-source-sha256"],
            sha(vendored),
            "run convert.py again"
        );
    }
    // The G2P Connect schemas are the exchange's conversion of the published bundle at commit
    // f8dd3d5e (kept byte for byte by `python3 schemas/exchange/g2p/convert.py --check`).
    assert_eq!(
        sha(g2p_yaml().as_bytes()),
        "460d9f7b214a1045e47cfe03789b612bee1c377edc44fc07ac8ed11e677d7475"
    );
    for schema in [request_schema(), response_schema()] {
        let schema: Value = serde_json::from_str(&schema).unwrap();
        let comment = schema["$comment"].as_str().unwrap();
        assert!(
            comment.contains(
                "disburse_core_api_v1.0.0.yaml at commit f8dd3d5e3c6637c1eb2230cf9403ba324f6d2ee0"
            ),
            "{comment}"
        );
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

// ---- GovStack --------------------------------------------------------------------------------

#[test]
fn govstack_bulk_payment_is_valid_and_reads_back_to_the_batch() {
    let batch = batch(true, false);
    let json = BulkPayment::from_batch(&batch).unwrap().to_json();
    let value: Value = serde_json::from_str(&json).unwrap();
    valid(BULK_SCHEMA, &value);
    assert_eq!(value.as_array().unwrap().len(), 8);
    // Amounts are JSON numbers written digit for digit, never through a float.
    assert!(json.contains(r#""amount":0.10,"currency":"USD""#), "{json}");
    assert!(json.contains(r#""amount":99999999999999.99,"#), "{json}");
    assert!(
        json.contains(r#""amount":15000,"currency":"JPY""#),
        "{json}"
    );
    assert_eq!(value[0]["paymentMode"], "01");
    assert_eq!(
        value[0]["creditParty"],
        json!([
            {"key": "msisdn", "value": "+254712345678"},
            {"key": "serviceprovider", "value": "m-pesa"},
            {"key": "bankaccounttitle", "value": "Amina"}
        ])
    );
    assert_eq!(
        value[4]["creditParty"][0],
        json!({"key": "identityalias", "value": "NID-4471-2291"})
    );
    assert_eq!(value[4]["paymentMode"], "04");
    let back = BulkPayment::parse(json.as_bytes())
        .unwrap()
        .to_batch(&frame(&batch))
        .unwrap();
    assert_eq!(back, batch);
}

#[test]
fn govstack_drops_what_it_cannot_carry_and_refuses_what_it_would_change() {
    // instructionId and purpose have no member: the batch read back has neither.
    let batch = batch(false, true);
    let back = BulkPayment::parse(
        BulkPayment::from_batch(&batch)
            .unwrap()
            .to_json()
            .as_bytes(),
    )
    .unwrap()
    .to_batch(&frame(&batch))
    .unwrap();
    let gifty = &back.payment_information[1].credit_transfers[1];
    assert_eq!(
        (gifty.purpose.as_deref(), gifty.instruction_id.as_deref()),
        (None, None)
    );
    assert_eq!(
        back.payment_information[1].requested_execution_date,
        "2026-12-07"
    );

    let ministry = party("M", "M");
    let long = |e2e: &str, text: &str| {
        let block = BlockBuilder::new(
            "P-1",
            ministry.clone(),
            iban("DE89370400440532013000"),
            "2026-12-07",
        )
        .transfer(
            CreditTransfer::to_account(
                e2e,
                money("USD", "1"),
                ministry.clone(),
                iban("GB82WEST12345698765432"),
            )
            .with_remittance_information(text),
        );
        BatchBuilder::new(
            "M",
            "2026-12-06T09:00:00Z".parse().unwrap(),
            ministry.clone(),
        )
        .block(block)
        .build()
        .unwrap()
    };
    for b in [
        long("E2E-0123456789-AB", "x"),
        long("E2E-1", &"x".repeat(51)),
    ] {
        let err = BulkPayment::from_batch(&b).unwrap_err();
        assert_eq!(err.code(), "payments.shape_unrepresentable", "{err}");
    }
    assert!(BulkPayment::from_batch(&long("E2E-0123456789-A", &"x".repeat(50))).is_ok());
}

fn item(amount: &str, currency: &str) -> String {
    format!(
        r#"[{{"requestId":"R-1","creditParty":[{{"key":"iban","value":"GB82WEST12345698765432"}}],"debitParty":[{{"key":"iban","value":"DE89370400440532013000"}}],"paymentMode":"00","amount":{amount},"currency":"{currency}"}}]"#
    )
}

#[test]
fn govstack_amounts_are_read_from_their_text() {
    for (amount, currency, minor) in [
        ("0.10", "USD", 10u64),
        ("0.1", "USD", 10),
        ("12.5", "USD", 1250),
        ("100", "JPY", 100),
        ("1.000", "KWD", 1000),
        ("9007199254740993", "USD", 900_719_925_474_099_300),
        ("9999999999999999.99", "USD", 999_999_999_999_999_999),
    ] {
        let parsed = BulkPayment::parse(item(amount, currency).as_bytes()).unwrap();
        assert_eq!(parsed.items[0].amount.minor_units(), minor, "{amount}");
    }
    for (amount, currency, code) in [
        ("12.345", "USD", "payments.amount_too_many_decimals"),
        ("0.105", "USD", "payments.amount_too_many_decimals"),
        ("1.5", "JPY", "payments.amount_too_many_decimals"),
        ("100.0", "JPY", "payments.amount_too_many_decimals"),
        ("1e3", "USD", "payments.amount_exponent"),
        ("1.5E2", "USD", "payments.amount_exponent"),
        ("-5", "USD", "payments.amount_negative"),
        ("-0", "USD", "payments.amount_negative"),
        (
            "12345678901234567.89",
            "USD",
            "payments.amount_too_many_digits",
        ),
        (r#""12.50""#, "USD", "payments.govstack_invalid"),
        ("null", "USD", "payments.govstack_invalid"),
        ("1e400", "USD", "json.number_out_of_range"),
        ("12", "XAU", "payments.currency_no_minor_unit"),
        ("12", "usd", "payments.currency_unknown"),
    ] {
        let err = BulkPayment::parse(item(amount, currency).as_bytes()).unwrap_err();
        assert_eq!(err.code(), code, "{amount} {currency}: {err}");
    }
}

#[test]
fn govstack_refusals_name_their_place() {
    let good = item("1", "USD");
    let cases: &[(&str, &str, &str)] = &[
        (
            r#""paymentMode":"00""#,
            r#""paymentMode":"00","extra":1"#,
            "/0/extra",
        ),
        (
            r#""requestId":"R-1""#,
            r#""requestId":"R-0123456789abcdef""#,
            "/0/requestId",
        ),
        (
            r#"{"key":"iban","value":"GB82WEST12345698765432"}"#,
            r#"{"key":"iban","value":"GB82WEST12345698765432"},{"key":"iban","value":"GB82WEST12345698765432"}"#,
            "/0/creditParty/1/key",
        ),
        (
            r#"{"key":"iban","value":"GB82WEST12345698765432"}"#,
            r#"{"key":"accountNumber","value":"1"}"#,
            "/0/creditParty/0/key",
        ),
        (
            r#"{"key":"iban","value":"GB82WEST12345698765432"}"#,
            r#"{"key":"iban","value":"GB82WEST12345698765432"},{"key":"accountid","value":"a@b"}"#,
            "/0/creditParty",
        ),
        (
            r#"[{"key":"iban","value":"DE89370400440532013000"}]"#,
            r#"[{"key":"identityalias","value":"NID-1"}]"#,
            "/0/debitParty/0/key",
        ),
        (
            r#"{"key":"iban","value":"GB82WEST12345698765432"}"#,
            r#"{"key":"msisdn","value":"+254712345678"}"#,
            "/0/creditParty",
        ),
        (r#","currency":"USD""#, "", "/0/currency"),
    ];
    for (from, to, location) in cases {
        let bad = good.replacen(from, to, 1);
        assert_ne!(bad, good);
        let err = BulkPayment::parse(bad.as_bytes()).unwrap_err();
        assert_eq!(err.code(), "payments.govstack_invalid", "{bad}: {err}");
        assert!(
            err.to_string().contains(location),
            "{err} should name {location}"
        );
    }
    for (from, to, code) in [
        (
            "GB82WEST12345698765432",
            "GB83WEST12345698765432",
            "payments.iban_checksum",
        ),
        (
            r#""paymentMode":"00""#,
            r#""paymentMode":"01""#,
            "payments.modality_mismatch",
        ),
        (
            r#""paymentMode":"00""#,
            r#""paymentMode":"mojaloop""#,
            "payments.modality_unknown",
        ),
        ("[{", r#"[{"requestId":"R-1","#, "json.duplicate_key"),
    ] {
        let err = BulkPayment::parse(good.replacen(from, to, 1).as_bytes()).unwrap_err();
        assert_eq!(err.code(), code, "{err}");
    }
    for bad in ["{}", "[]", "[1]"] {
        assert_eq!(
            BulkPayment::parse(bad.as_bytes()).unwrap_err().code(),
            "payments.govstack_invalid"
        );
    }
}

#[test]
fn govstack_sub_batches_split_by_bank() {
    let batch = batch(false, false);
    let subs = sub_batches(&batch).unwrap();
    let banks: Vec<&str> = subs
        .iter()
        .map(|s| s.destination_dfsp_id.as_str())
        .collect();
    assert_eq!(
        banks,
        [
            "m-pesa",
            "GBWEST",
            "gtbank",
            "021000021",
            "mtn-gh",
            "mobile-pymt"
        ]
    );
    assert_eq!(subs[1].batch_id, "MSG-1-GBWEST");
    assert_eq!(
        subs[1].credit_instructions.len(),
        2,
        "a USD and a JPY transfer to GB IBANs"
    );
    for sub in &subs {
        let json = sub.to_json();
        valid(SUB_SCHEMA, &serde_json::from_str(&json).unwrap());
        assert_eq!(&SubBatch::parse(json.as_bytes()).unwrap(), sub);
    }
    assert!(subs[0].to_json().contains(r#""financialAddress":"mobile:254712345678@m-pesa","amount":0.10,"currency":"USD","narration":"December relief""#));

    // Read back: the sub-batch's id, the frame's debtor account, the accounts from their
    // financial addresses.
    let back = subs[0].to_batch(&frame(&batch)).unwrap();
    assert_eq!(back.group_header.message_id, "MSG-1-m-pesa");
    let t = &back.payment_information[0].credit_transfers[0];
    assert_eq!(t.creditor_account, Some(wallet("+254712345678", "m-pesa")));
    assert_eq!(t.amount, money("USD", "0.10"));
    let mut no_account = frame(&batch);
    no_account.debtor_account = None;
    assert_eq!(
        subs[0].to_batch(&no_account).unwrap_err().code(),
        "payments.batch_invalid"
    );

    let err = sub_batches(&self::batch(true, false)).unwrap_err();
    assert_eq!(
        err.code(),
        "payments.shape_unrepresentable",
        "an alias: {err}"
    );
    let bad = subs[0].to_json().replace("0.10", "0.101");
    assert_eq!(
        SubBatch::parse(bad.as_bytes()).unwrap_err().code(),
        "payments.amount_too_many_decimals"
    );
    let bad = subs[0].to_json().replace(r#""amount":0.10,"#, "");
    assert_eq!(
        SubBatch::parse(bad.as_bytes()).unwrap_err().code(),
        "payments.govstack_invalid"
    );
}

// ---- G2P Connect -----------------------------------------------------------------------------

#[test]
fn g2p_request_is_valid_and_reads_back_to_the_batch() {
    let batch = batch(false, true);
    let value = DisburseRequest::from_batch(&batch).unwrap().to_value();
    valid(&request_schema(), &value);
    assert_eq!(value["transaction_id"], "MSG-1");
    let d = &value["disbursements"];
    assert_eq!(d.as_array().unwrap().len(), 8);
    assert_eq!(d[0]["amount"], "0.10");
    assert_eq!(d[0]["payee_fa"], "mobile:254712345678@m-pesa");
    assert_eq!(d[0]["payer_fa"], "iban:de89370400440532013000@iban");
    assert_eq!(d[0]["scheduled_timestamp"], "2026-12-07T00:00:00Z");
    assert_eq!(d[0]["note"], "December relief");
    assert_eq!(d[3]["payee_fa"], "account:12345@021000021.usaba");
    assert_eq!(d[5]["purpose"], "GOVT");
    assert_eq!(d[5]["instruction"], "INSTR-7");
    assert_eq!(d[6]["amount"], "15000");
    let back = DisburseRequest::parse(value.to_string().as_bytes())
        .unwrap()
        .to_batch(&frame(&batch))
        .unwrap();
    assert_eq!(back, batch);
}

#[test]
fn g2p_published_schema_faults_are_what_the_conversion_corrects() {
    let g2p_yaml = g2p_yaml();
    // The financial-address rule as published rejects the schema's own example.
    let published = "^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$";
    assert!(g2p_yaml.contains(&format!("format: '{published}'")));
    let rule = jsonschema::draft202012::new(&json!({"pattern": published})).unwrap();
    assert!(g2p_yaml.contains("example: 'token:12345@gtbank'"));
    assert!(!rule.is_valid(&json!("token:12345@gtbank")));
    assert!(validator(&request_schema()).is_valid(&json!({"transaction_id": "T", "disbursements": [
        {"reference_id": "R", "payer_fa": "token:12345@gtbank", "payee_fa": "joeuser@national-bank", "amount": "1.00"}
    ]})));
    // The required list's typo, and its correction.
    assert!(g2p_yaml.contains("        - disburemsents\n"));
    assert!(!validator(&request_schema()).is_valid(&json!({"transaction_id": "T"})));
    // The published amount pattern refuses a JPY amount's fixed form; the corrected one not.
    let amount =
        jsonschema::draft202012::new(&json!({"pattern": "^\\d{1,13}\\.\\d{1,2}$"})).unwrap();
    assert!(g2p_yaml.contains(r"pattern: '^\d{1,13}\.\d{1,2}$'"));
    assert!(!amount.is_valid(&json!("15000")));
    for fixed in ["15000", "1.000", "12.50"] {
        let doc = disbursement("amount", json!(fixed));
        assert!(validator(&request_schema()).is_valid(&doc), "{doc}");
    }
}

fn disbursement(member: &str, value: Value) -> Value {
    let mut d = json!({
        "reference_id": "R-1", "payer_fa": "token:1@gtbank", "payee_fa": "mobile:254712345678@m-pesa",
        "amount": "12.50", "currency_code": "USD"
    });
    if value.is_null() {
        d.as_object_mut().unwrap().remove(member);
    } else {
        d[member] = value;
    }
    json!({"transaction_id": "T-1", "disbursements": [d]})
}

#[test]
fn g2p_request_refusals() {
    let ok = DisburseRequest::parse(disbursement("locale", json!("eng")).to_string().as_bytes())
        .unwrap();
    assert_eq!(ok.disbursements[0].amount, money("USD", "12.50"));
    let cases: &[(&str, Value, &str)] = &[
        ("amount", json!(12.5), "payments.g2p_invalid"),
        (
            "amount",
            json!("12.345"),
            "payments.amount_too_many_decimals",
        ),
        ("amount", json!("1e3"), "payments.amount_exponent"),
        ("amount", json!("-1.00"), "payments.amount_negative"),
        ("amount", json!(" 1.00"), "payments.amount_invalid"),
        ("currency_code", Value::Null, "payments.g2p_invalid"),
        (
            "currency_code",
            json!("XXX"),
            "payments.currency_no_minor_unit",
        ),
        (
            "payee_fa",
            json!("no-at-sign"),
            "payments.financial_address_invalid",
        ),
        ("payer_fa", Value::Null, "payments.g2p_invalid"),
        (
            "purpose",
            json!("Farmer Relief 2023"),
            "payments.g2p_invalid",
        ),
        (
            "scheduled_timestamp",
            json!("2026-12-07"),
            "payments.g2p_invalid",
        ),
        ("meta", json!("x"), "payments.g2p_invalid"),
        ("note", json!("x".repeat(100)), "payments.g2p_invalid"),
        ("surprise", json!(1), "payments.g2p_invalid"),
    ];
    for (member, value, code) in cases {
        let doc = disbursement(member, value.clone()).to_string();
        let err = DisburseRequest::parse(doc.as_bytes()).unwrap_err();
        assert_eq!(err.code(), *code, "{member}={value}: {err}");
    }
    let err = DisburseRequest::parse(br#"{"transaction_id":"T","disburemsents":[]}"#).unwrap_err();
    assert_eq!(err.code(), "payments.g2p_invalid");
    assert!(err.to_string().contains("/disburemsents"), "{err}");
    // Two disbursements with one reference id: the batch's rule.
    let mut doc = disbursement("locale", Value::Null);
    let d = doc["disbursements"][0].clone();
    doc["disbursements"].as_array_mut().unwrap().push(d);
    let frame = Frame::new(
        "unused",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        party("M", "M"),
    );
    let err = DisburseRequest::parse(doc.to_string().as_bytes())
        .unwrap()
        .to_batch(&frame)
        .unwrap_err();
    assert_eq!(err.code(), "payments.duplicate_end_to_end_id");
    // An alias cannot be a payee_fa.
    let err = DisburseRequest::from_batch(&batch(true, false)).unwrap_err();
    assert_eq!(err.code(), "payments.shape_unrepresentable");
}

#[test]
fn g2p_status_response_both_ways() {
    let batch = batch(false, true);
    let at = "2026-12-07T10:00:00Z".parse().unwrap();
    let response = DisburseResponse::for_batch(&batch, at, Status::Succeeded).unwrap();
    let value = response.to_value();
    valid(&response_schema(), &value);
    assert_eq!(value["disbursements_status"][2]["status"], "succ");
    let back = DisburseResponse::parse(value.to_string().as_bytes()).unwrap();
    assert_eq!(back, response);
    back.check_against(&batch).unwrap();

    let rejected = json!({"transaction_id": "MSG-1", "disbursements_status": [{
        "reference_id": "E2E-2", "timestamp": "2026-12-07T10:00:00+01:00", "status": "rjct",
        "status_reason_code": "rjct.payee_fa.invalid", "status_reason_message": "no such account"
    }]});
    valid(&response_schema(), &rejected);
    let parsed = DisburseResponse::parse(rejected.to_string().as_bytes()).unwrap();
    assert_eq!(parsed.statuses[0].status, Status::Rejected);
    assert_eq!(
        parsed.statuses[0].reason_code.as_deref(),
        Some("rjct.payee_fa.invalid")
    );
    parsed.check_against(&batch).unwrap();

    let with = |pointer: &str, v: Value| {
        let mut doc = rejected.clone();
        *doc.pointer_mut(pointer).unwrap() = v;
        DisburseResponse::parse(doc.to_string().as_bytes()).and_then(|r| r.check_against(&batch))
    };
    for (pointer, v, code) in [
        (
            "/disbursements_status/0/status",
            json!("done"),
            "payments.g2p_invalid",
        ),
        (
            "/disbursements_status/0/status_reason_code",
            json!("AC04"),
            "payments.g2p_invalid",
        ),
        (
            "/disbursements_status/0/timestamp",
            json!("yesterday"),
            "payments.g2p_invalid",
        ),
        (
            "/disbursements_status/0/reference_id",
            json!("E2E-404"),
            "payments.transfer_not_in_batch",
        ),
        ("/transaction_id", json!("MSG-2"), "payments.g2p_invalid"),
    ] {
        assert_eq!(with(pointer, v).unwrap_err().code(), code, "{pointer}");
    }
    let mut twice = rejected.clone();
    let s = twice["disbursements_status"][0].clone();
    twice["disbursements_status"]
        .as_array_mut()
        .unwrap()
        .push(s);
    assert_eq!(
        DisburseResponse::parse(twice.to_string().as_bytes())
            .unwrap_err()
            .code(),
        "payments.g2p_invalid"
    );
    // An amount other than the transfer's.
    let mut wrong = value.clone();
    wrong["disbursements_status"][0]["amount"] = json!("0.11");
    let err = DisburseResponse::parse(wrong.to_string().as_bytes())
        .unwrap()
        .check_against(&batch)
        .unwrap_err();
    assert_eq!(err.code(), "payments.g2p_invalid");
}

#[test]
fn financial_addresses_map_accounts_both_ways() {
    use govblocks_payments::formats::address::{account_of, financial_address};
    for (account, text) in [
        (
            iban("DE89370400440532013000"),
            "iban:de89370400440532013000@iban",
        ),
        (
            wallet("+254712345678", "m-pesa"),
            "mobile:254712345678@m-pesa",
        ),
        (
            bank("12345", "USABA:021000021"),
            "account:12345@021000021.usaba",
        ),
        (fa("token:12345@gtbank"), "token:12345@gtbank"),
    ] {
        let address = financial_address(&account).unwrap();
        assert_eq!(address.as_str(), text);
        assert_eq!(account_of(address), account);
    }
    // Addresses of no mapped form stay addresses; a provider with '_' has none.
    for text in [
        "iban:de88370400440532013000@iban",
        "mobile:12345@mobile-pymt",
        "account:1@national-bank",
    ] {
        assert_eq!(account_of(FinancialAddress::parse(text).unwrap()), fa(text));
    }
    let err = financial_address(&wallet("+254712345678", "m_pesa")).unwrap_err();
    assert_eq!(err.code(), "payments.shape_unrepresentable");
}
