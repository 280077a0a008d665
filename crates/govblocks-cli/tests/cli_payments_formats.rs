//! `govblocks payments to-govstack`, `from-govstack`, `to-g2p`, `from-g2p`, run as a program:
//! a batch out to each shape and back, amounts exact, every refusal with its code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use serde_json::{json, Value};

const NOW: &str = "2026-12-06T09:00:00Z";

/// A batch of three transfers built by `payments batch build`: its file.
fn batch(dir: &Scratch) -> String {
    let people = "name,account,amount,reference\n\
                  Amina,+254712345678@m-pesa,0.10,December relief\n\
                  Bola,GB82WEST12345698765432,1250.5,\n\
                  Chidi,token:12345@gtbank,7,\n";
    let list = dir.write("people.csv", people.as_bytes());
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--currency",
        "USD",
        "--debtor-iban",
        "DE89370400440532013000",
        "--execution-date",
        "2026-12-07",
        "--message-id",
        "MSG-9",
        "--now",
        NOW,
        &list,
    ]);
    out.ok();
    dir.write("batch.json", &out.stdout)
}

/// The flags that give back what the shapes do not carry, as `batch build` made it.
const FRAME: &[&str] = &[
    "--now",
    NOW,
    "--execution-date",
    "2026-12-07",
    "--debtor-name",
    "Ministry",
    "--block-prefix",
    "MSG-9",
];

/// What the shapes carry of a batch: everything but ids of blocks and parties.
fn carried(batch: &Value) -> Value {
    let mut b = batch.clone();
    for block in b["paymentInformation"].as_array_mut().unwrap() {
        block
            .as_object_mut()
            .unwrap()
            .remove("paymentInformationId");
        block.as_object_mut().unwrap().remove("debtor");
        for t in block["creditTransfers"].as_array_mut().unwrap() {
            t["creditor"].as_object_mut().unwrap().remove("identifier");
        }
    }
    b["groupHeader"]
        .as_object_mut()
        .unwrap()
        .remove("initiatingParty");
    b
}

#[test]
fn govstack_out_and_back() {
    let dir = Scratch::new("fmt-govstack");
    let file = batch(&dir);
    let out = run(&["payments", "to-govstack", &file]);
    out.ok();
    let text = out.text();
    assert!(text.contains(r#""amount":0.10,"currency":"USD""#), "{text}");
    assert!(text.contains(r#""amount":1250.50,"#), "{text}");
    let bulk = dir.write("bulk.json", &out.stdout);
    let mut args = vec!["payments", "from-govstack", "--message-id", "MSG-9"];
    args.extend(FRAME);
    args.push(&bulk);
    let back = run(&args);
    back.ok();
    let original: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(carried(&back.json()), carried(&original));
    assert_eq!(
        back.json()["paymentInformation"][0]["paymentInformationId"],
        "MSG-9-1"
    );

    // Sub-batches, one per receiving bank, and one read back with the debtor's IBAN.
    let out = run(&["payments", "to-govstack", "--sub-batches", &file]);
    out.ok();
    let subs = out.json();
    assert_eq!(subs.as_array().unwrap().len(), 3);
    assert_eq!(subs[0]["destinationDFSPID"], "m-pesa");
    let sub = dir.write("sub.json", subs[0].to_string().as_bytes());
    let out = run(&[
        "payments",
        "from-govstack",
        "--debtor-iban",
        "DE89370400440532013000",
        "--now",
        NOW,
        &sub,
    ]);
    out.ok();
    assert_eq!(out.json()["groupHeader"]["messageId"], "MSG-9-m-pesa");
    let out = run(&["payments", "from-govstack", "--now", NOW, &sub]);
    assert_eq!(out.error_code(1), "payments.batch_invalid");
}

#[test]
fn govstack_refusals() {
    let element = |amount: &str| {
        format!(
            r#"[{{"requestId":"R-1","creditParty":[{{"key":"iban","value":"GB82WEST12345698765432"}}],"debitParty":[{{"key":"iban","value":"DE89370400440532013000"}}],"paymentMode":"00","amount":{amount},"currency":"USD"}}]"#
        )
    };
    for (amount, code) in [
        ("12.345", "payments.amount_too_many_decimals"),
        ("1e3", "payments.amount_exponent"),
        ("-1", "payments.amount_negative"),
        (r#""12.50""#, "payments.govstack_invalid"),
    ] {
        let out = run_with(
            &["payments", "from-govstack", "--now", NOW],
            Some(element(amount).as_bytes()),
        );
        assert_eq!(out.error_code(1), code, "{amount}");
    }
    let ok = run_with(
        &["payments", "from-govstack", "--now", NOW],
        Some(element("0.1").as_bytes()),
    );
    ok.ok();
    assert_eq!(
        ok.json()["paymentInformation"][0]["creditTransfers"][0]["amount"],
        json!({"amount": "0.10", "currency": "USD"})
    );
    let out = run_with(&["payments", "from-govstack"], Some(b"{\"a\":1,\"a\":2}"));
    assert_eq!(out.error_code(1), "json.duplicate_key");
    // A batch whose end-to-end ids are longer than requestId's 16 characters.
    let dir = Scratch::new("fmt-govstack-long");
    let people = dir.write("p.csv", b"Amina,GB82WEST12345698765432,1\n");
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--debtor-iban",
        "DE89370400440532013000",
        "--message-id",
        "MSG-2026-12-DECEMBER",
        "--now",
        NOW,
        &people,
    ]);
    out.ok();
    let file = dir.write("b.json", &out.stdout);
    assert_eq!(
        run(&["payments", "to-govstack", &file]).error_code(1),
        "payments.shape_unrepresentable"
    );
}

#[test]
fn g2p_out_and_back() {
    let dir = Scratch::new("fmt-g2p");
    let file = batch(&dir);
    let out = run(&["payments", "to-g2p", &file]);
    out.ok();
    let request = out.json();
    assert_eq!(request["transaction_id"], "MSG-9");
    assert_eq!(request["disbursements"][0]["amount"], "0.10");
    assert_eq!(
        request["disbursements"][0]["payee_fa"],
        "mobile:254712345678@m-pesa"
    );
    let disburse = dir.write("disburse.json", &out.stdout);
    let mut args = vec!["payments", "from-g2p"];
    args.extend(FRAME);
    args.push(&disburse);
    let back = run(&args);
    back.ok();
    let original: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(carried(&back.json()), carried(&original));

    // The status response, checked against the batch it answers.
    let out = run(&[
        "payments",
        "to-g2p",
        "--status",
        "succ",
        "--now",
        "2026-12-07T10:00:00Z",
        &file,
    ]);
    out.ok();
    assert_eq!(out.json()["disbursements_status"][1]["status"], "succ");
    let status = dir.write("status.json", &out.stdout);
    let out = run(&["payments", "from-g2p", "--batch", &file, &status]);
    out.ok();
    assert_eq!(
        out.json()["disbursements_status"].as_array().unwrap().len(),
        3
    );
    let foreign = out.text().replace("MSG-9-2", "MSG-9-404");
    let foreign = dir.write("foreign.json", foreign.as_bytes());
    assert_eq!(
        run(&["payments", "from-g2p", "--batch", &file, &foreign]).error_code(1),
        "payments.transfer_not_in_batch"
    );
}

#[test]
fn g2p_refusals() {
    let request = |member: &str, value: Value| {
        let mut d = json!({"reference_id": "R-1", "payer_fa": "token:1@gtbank",
            "payee_fa": "token:2@gtbank", "amount": "1.00", "currency_code": "USD"});
        d[member] = value;
        json!({"transaction_id": "T-1", "disbursements": [d]}).to_string()
    };
    for (member, value, code) in [
        ("amount", json!(1.0), "payments.g2p_invalid"),
        (
            "amount",
            json!("1.001"),
            "payments.amount_too_many_decimals",
        ),
        ("currency_code", Value::Null, "payments.g2p_invalid"),
        (
            "purpose",
            json!("Farmer Relief 2023"),
            "payments.g2p_invalid",
        ),
        (
            "payee_fa",
            json!("gtbank"),
            "payments.financial_address_invalid",
        ),
    ] {
        let out = run_with(
            &["payments", "from-g2p", "--now", NOW],
            Some(request(member, value.clone()).as_bytes()),
        );
        assert_eq!(out.error_code(1), code, "{member}={value}");
    }
    let out = run_with(
        &["payments", "from-g2p", "--now", NOW],
        Some(request("note", json!("ok")).as_bytes()),
    );
    out.ok();
    assert_eq!(out.json()["groupHeader"]["messageId"], "T-1");
    // An alias cannot be written as a payee financial address.
    let dir = Scratch::new("fmt-g2p-alias");
    let people = dir.write("p.csv", b"Amina,NID-4471-2291,1\n");
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--debtor-iban",
        "DE89370400440532013000",
        "--message-id",
        "M",
        "--now",
        NOW,
        &people,
    ]);
    out.ok();
    let file = dir.write("b.json", &out.stdout);
    assert_eq!(
        run(&["payments", "to-g2p", &file]).error_code(1),
        "payments.shape_unrepresentable"
    );
}
