//! The payments subcommands of `govblocks` (`payments check-iban`, `check-amount`,
//! `batch build`, `sign`, `verify`, `record`, `status`, `export-pain001`, `import-pain001`,
//! `import-pain002`), run as a program: what they print, every refusal with its
//! code and exit status.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use serde_json::json;

#[test]
fn check_iban_prints_the_parts_of_a_valid_iban() {
    for args in [
        vec!["DE89370400440532013000"],
        vec!["de89 3704 0044 0532 0130 00"],
        vec!["DE89", "3704", "0044", "0532", "0130", "00"], // an unquoted print format
    ] {
        let mut all = vec!["payments", "check-iban"];
        all.extend(&args);
        let out = run(&all);
        out.ok();
        assert_eq!(
            out.json(),
            json!({
                "valid": true,
                "iban": "DE89370400440532013000",
                "print": "DE89 3704 0044 0532 0130 00",
                "country": "DE",
                "checkDigits": "89",
                "bban": "370400440532013000",
                "bankIdentifier": "37040044",
                "branchIdentifier": null,
            }),
            "{args:?}"
        );
    }
}

#[test]
fn check_iban_refuses_with_the_reason_code() {
    for (iban, code) in [
        ("DE88370400440532013000", "payments.iban_checksum"),
        ("DE8937040044053201300", "payments.iban_checksum"),
        ("US64SVBKUS6S3300958879", "payments.iban_country"),
        ("DE89-3704-0044", "payments.iban_format"),
        ("hello", "payments.iban_format"),
        ("-5", "payments.iban_format"),
        // Right check digits, one character short for Germany.
        ("DE5137040044053201300", "payments.iban_structure"),
    ] {
        let out = run(&["payments", "check-iban", iban]);
        assert_eq!(out.error_code(1), code, "{iban}");
    }
    // No IBAN at all is a usage error.
    assert_eq!(run(&["payments", "check-iban"]).status, 2);
}

#[test]
fn check_amount_prints_both_forms() {
    for (currency, amount, fixed, minimal, minor) in [
        ("USD", "12.5", "12.50", "12.5", "1250"),
        ("USD", "0", "0.00", "0", "0"),
        ("JPY", "1500", "1500", "1500", "1500"),
        ("KWD", "1.25", "1.250", "1.25", "1250"),
        ("CLF", "0.0001", "0.0001", "0.0001", "1"),
        (
            "USD",
            "9999999999999999.99",
            "9999999999999999.99",
            "9999999999999999.99",
            "999999999999999999",
        ),
    ] {
        let out = run(&["payments", "check-amount", "--currency", currency, amount]);
        out.ok();
        let v = out.json();
        assert_eq!(v["valid"], true);
        assert_eq!(v["currency"], currency);
        assert_eq!(v["fixed"], fixed, "{currency} {amount}");
        assert_eq!(v["minimal"], minimal, "{currency} {amount}");
        assert_eq!(v["minorUnits"], minor, "{currency} {amount}");
    }
    let out = run(&["payments", "check-amount", "--currency", "KWD", "1"]);
    assert_eq!(out.json()["minorUnit"], 3);
}

#[test]
fn check_amount_refuses_with_the_reason_code() {
    for (currency, amount, code) in [
        ("USD", "12.345", "payments.amount_too_many_decimals"),
        ("JPY", "1.5", "payments.amount_too_many_decimals"),
        ("USD", "-5", "payments.amount_negative"),
        ("USD", "+5", "payments.amount_invalid"),
        ("USD", "1e3", "payments.amount_exponent"),
        ("USD", "05", "payments.amount_invalid"),
        ("USD", "1,000", "payments.amount_invalid"),
        (
            "USD",
            "10000000000000000",
            "payments.amount_too_many_digits",
        ),
        ("XAU", "1", "payments.currency_no_minor_unit"),
        ("XDR", "1", "payments.currency_no_minor_unit"),
        ("usd", "1", "payments.currency_unknown"),
        ("ABC", "1", "payments.currency_unknown"),
    ] {
        let out = run(&["payments", "check-amount", "--currency", currency, amount]);
        assert_eq!(out.error_code(1), code, "{currency} {amount}");
    }
    // No currency is a usage error.
    assert_eq!(run(&["payments", "check-amount", "12"]).status, 2);
}

/// Key files for `n` signers in `dir`: their paths and DIDs.
fn keys(dir: &Scratch, names: &[&str]) -> Vec<(String, String)> {
    names
        .iter()
        .map(|name| {
            let out = run(&["keygen"]);
            out.ok();
            let did = out.json()["did"].as_str().unwrap().to_owned();
            (dir.write(&format!("{name}.key"), &out.stdout), did)
        })
        .collect()
}

const PEOPLE: &str = "name,account,amount,reference
Amina Otieno,DE89370400440532013000,100.50,December
Juma Mwangi,+254712345678@m-pesa,20
Wanjiru Kamau,NID-4471-2291,5.25
Baraka Njoroge,token:12345@gtbank,4
";

/// `people` built into a batch with message id `id`, saved in `dir`; its path.
fn build(dir: &Scratch, id: &str, people: &str) -> String {
    let list = dir.write(&format!("{id}.csv"), people.as_bytes());
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--currency",
        "USD",
        "--debtor-iban",
        "DE89 3704 0044 0532 0130 00",
        "--execution-date",
        "2026-12-07",
        "--message-id",
        id,
        "--now",
        "2026-12-06T09:00:00Z",
        &list,
    ]);
    out.ok();
    dir.write(&format!("{id}.json"), &out.stdout)
}

/// `file` signed by `key` in `role`, saved as `name`; its path.
fn sign(dir: &Scratch, key: &str, role: &str, file: &str, name: &str) -> String {
    let out = run(&["payments", "sign", "--key", key, "--role", role, file]);
    out.ok();
    dir.write(name, &out.stdout)
}

fn policy(dir: &Scratch, makers: &[&str], checkers: &[&str], people: serde_json::Value) -> String {
    let policy = json!({
        "makers": makers,
        "checkers": checkers,
        "approvals": 1,
        "thresholds": [{"above": "1000000.00", "approvals": 2}],
        "people": people,
    });
    dir.write("policy.json", policy.to_string().as_bytes())
}

#[test]
fn batch_build_prints_the_unsigned_batch() {
    let dir = Scratch::new("payments-build");
    let batch: serde_json::Value =
        serde_json::from_slice(&std::fs::read(build(&dir, "MSG-B", PEOPLE)).unwrap()).unwrap();
    assert_eq!(batch["type"], "PaymentBatch");
    assert_eq!(batch["groupHeader"]["messageId"], "MSG-B");
    assert_eq!(batch["groupHeader"]["numberOfTransactions"], "4");
    assert_eq!(batch["groupHeader"]["controlSum"], "129.75");
    assert!(batch.get("proof").is_none());
    let block = &batch["paymentInformation"][0];
    assert_eq!(block["requestedExecutionDate"], "2026-12-07");
    assert_eq!(block["debtorAccount"]["iban"], "DE89370400440532013000");
    let transfers = block["creditTransfers"].as_array().unwrap();
    assert_eq!(transfers[0]["endToEndId"], "MSG-B-1");
    assert_eq!(
        transfers[0]["amount"],
        json!({"amount": "100.50", "currency": "USD"})
    );
    assert_eq!(transfers[0]["remittanceInformation"], "December");
    assert_eq!(
        transfers[0]["creditorAccount"]["iban"],
        "DE89370400440532013000"
    );
    assert!(
        transfers[1]["creditorAccount"].get("mobileMoney").is_some(),
        "{}",
        transfers[1]
    );
    assert_eq!(transfers[2]["creditorAlias"], "NID-4471-2291");
    assert!(
        transfers[3]["creditorAccount"]
            .get("financialAddress")
            .is_some(),
        "{}",
        transfers[3]
    );

    // The same list as JSON, from stdin.
    let list = json!([
        {"name": "Amina Otieno", "account": "DE89370400440532013000", "amount": "100.5"},
        {"name": "Wanjiru Kamau", "account": "NID-4471-2291", "amount": "5.25", "reference": "x"}
    ]);
    let out = run_with(
        &[
            "payments",
            "batch",
            "build",
            "--currency",
            "KWD",
            "--debtor-iban",
            "DE89370400440532013000",
            "--message-id",
            "M-J",
            "-",
        ],
        Some(list.to_string().as_bytes()),
    );
    out.ok();
    assert_eq!(out.json()["groupHeader"]["controlSum"], "105.750");
}

#[test]
fn batch_build_refuses_a_bad_line_with_its_code() {
    let dir = Scratch::new("payments-build-bad");
    for (people, code) in [
        ("A,DE88370400440532013000,1\n", "payments.iban_checksum"),
        ("A,NID-1,1.005\n", "payments.amount_too_many_decimals"),
        ("A,NID-1,-1\n", "payments.amount_negative"),
        ("A,NID-1\n", "payments.batch_invalid"),
        ("A,NID-1,1\nB,NID-2,1e3\n", "payments.amount_exponent"),
    ] {
        let list = dir.write("bad.csv", people.as_bytes());
        let out = run(&[
            "payments",
            "batch",
            "build",
            "--debtor-iban",
            "DE89370400440532013000",
            "--message-id",
            "M",
            &list,
        ]);
        assert_eq!(out.error_code(1), code, "{people:?}");
    }
    // A bare MSISDN without a provider is a usage error.
    let list = dir.write("msisdn.csv", b"A,+254712345678,1\n");
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--debtor-iban",
        "DE89370400440532013000",
        &list,
    ]);
    assert_eq!(out.error_code(2), "cli.usage");
}

#[test]
fn batch_build_reads_quoted_csv_fields() {
    let dir = Scratch::new("payments-build-quoted");
    // RFC 4180: commas and doubled quotes inside quoted fields; spaces around
    // fields trimmed; a header, a blank row and CRLF line ends.
    let people = "name,account,amount,reference\r\n\
\"Otieno, Amina\",DE89370400440532013000,100.50,\"December, week 1\"\r\n\
\r\n\
\"Juma \"\"JJ\"\" Mwangi\", NID-1 ,20\r\n\
\"Kamau, Wanjiru\",NID-2,5.25,\"say \"\"hi\"\"\"\r\n";
    let list = dir.write("quoted.csv", people.as_bytes());
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--debtor-iban",
        "DE89370400440532013000",
        "--message-id",
        "MSG-Q",
        &list,
    ]);
    out.ok();
    let batch = out.json();
    let transfers = batch["paymentInformation"][0]["creditTransfers"]
        .as_array()
        .unwrap();
    assert_eq!(transfers.len(), 3);
    assert_eq!(transfers[0]["creditor"]["name"], "Otieno, Amina");
    assert_eq!(transfers[0]["remittanceInformation"], "December, week 1");
    assert_eq!(transfers[1]["creditor"]["name"], "Juma \"JJ\" Mwangi");
    assert_eq!(transfers[1]["creditorAlias"], "NID-1");
    assert_eq!(transfers[2]["creditor"]["name"], "Kamau, Wanjiru");
    assert_eq!(transfers[2]["remittanceInformation"], "say \"hi\"");
    assert_eq!(batch["groupHeader"]["controlSum"], "125.75");
}

#[test]
fn batch_build_names_the_line_of_a_bad_row() {
    let dir = Scratch::new("payments-build-lines");
    for (people, code, line) in [
        // A quoted name with a comma is one field: three fields are fine, five are not.
        (
            "name,account,amount\n\"A, B\",NID-1,1\nC,D,NID-2,1,x\n",
            "payments.batch_invalid",
            "line 3",
        ),
        (
            "\"A, B\",NID-1,1\n\"C\",NID-2\n",
            "payments.batch_invalid",
            "line 2",
        ),
        // A value refused on its row: the code is the value's, the message names the line.
        (
            "A,NID-1,1\n\n\"B, C\",DE88370400440532013000,1\n",
            "payments.iban_checksum",
            "line 3",
        ),
        (
            "A,NID-1,1\nB,NID-2,1.005\n",
            "payments.amount_too_many_decimals",
            "line 2",
        ),
        // A row that spans two lines (a quoted line break) is numbered by its first line, and
        // the rows after it by their own.
        (
            "A,NID-1,1\n\"B\nC\",NID-2,1\n",
            "payments.party_invalid",
            "line 2",
        ),
        (
            "A,NID-1,\"1\n\"\nC,NID-2,-1\n",
            "payments.amount_negative",
            "line 3",
        ),
    ] {
        let list = dir.write("bad.csv", people.as_bytes());
        let out = run(&[
            "payments",
            "batch",
            "build",
            "--debtor-iban",
            "DE89370400440532013000",
            "--message-id",
            "M",
            &list,
        ]);
        assert_eq!(out.error_code(1), code, "{people:?}");
        assert!(out.text().contains(line), "{people:?}: {}", out.text());
    }
    // Not UTF-8.
    let list = dir.write("latin1.csv", b"Ren\xe9,NID-1,1\n");
    let out = run(&[
        "payments",
        "batch",
        "build",
        "--debtor-iban",
        "DE89370400440532013000",
        &list,
    ]);
    assert_eq!(out.error_code(1), "payments.batch_invalid");
}

#[test]
fn build_sign_as_maker_and_checker_then_verify() {
    let dir = Scratch::new("payments-flow");
    let k = keys(&dir, &["maker", "checker"]);
    let (maker, checker) = (&k[0], &k[1]);
    let batch = build(&dir, "MSG-F", PEOPLE);
    let made = sign(&dir, &maker.0, "maker", &batch, "made.json");
    let approved = sign(&dir, &checker.0, "checker", &made, "approved.json");
    let policy = policy(&dir, &[&maker.1], &[&checker.1], json!({}));

    let out = run(&["payments", "verify", "--policy", &policy, &approved]);
    out.ok();
    assert_eq!(
        out.json(),
        json!({
            "verified": true,
            "messageId": "MSG-F",
            "blocks": 1,
            "transactions": 4,
            "totals": {"USD": "129.75"},
            "controlSum": "129.75",
            "maker": maker.1,
            "approvers": [checker.1],
            "people": 1,
            "required": 1,
            "seen": false,
            "logged": false,
        })
    );
    // Trusting only the maker: the checker's proof is not trusted.
    let out = run(&[
        "payments", "verify", "--policy", &policy, "--trust", &maker.1, &approved,
    ]);
    assert_ne!(out.status, 0);
    // Made but not approved.
    let out = run(&["payments", "verify", "--policy", &policy, &made]);
    assert_eq!(out.error_code(1), "payments.approval_missing");
    // A tampered amount.
    let text = std::fs::read_to_string(&approved).unwrap();
    let tampered = dir.write(
        "tampered.json",
        text.replacen("\"100.50\"", "\"1000.50\"", 1).as_bytes(),
    );
    let out = run(&["payments", "verify", "--policy", &policy, &tampered]);
    assert_ne!(out.status, 0);
    assert!(
        out.error_code(1)
            .starts_with("payments.control_sum_mismatch")
            || out.error_code(1).starts_with("proof."),
        "{}",
        out.text()
    );
    // A checker signing an unsigned batch, a maker signing a signed one.
    let out = run(&[
        "payments", "sign", "--key", &checker.0, "--role", "checker", &batch,
    ]);
    assert_eq!(out.error_code(1), "payments.approval_missing");
    let out = run(&[
        "payments", "sign", "--key", &maker.0, "--role", "maker", &made,
    ]);
    assert_eq!(out.error_code(1), "payments.batch_invalid");
}

#[test]
fn a_self_approval_is_refused() {
    let dir = Scratch::new("payments-self");
    // Alice makes with one key and checks with another; the policy knows both are hers.
    let k = keys(&dir, &["alice", "alice2", "bob"]);
    let (alice, alice2, bob) = (&k[0], &k[1], &k[2]);
    let policy = policy(
        &dir,
        &[&alice.1],
        &[&alice.1, &alice2.1, &bob.1],
        json!({"alice": [alice.1, alice2.1]}),
    );
    let batch = build(&dir, "MSG-S", PEOPLE);
    let made = sign(&dir, &alice.0, "maker", &batch, "made.json");
    for (key, name) in [(&alice.0, "same-key.json"), (&alice2.0, "second-key.json")] {
        let approved = sign(&dir, key, "checker", &made, name);
        let out = run(&["payments", "verify", "--policy", &policy, &approved]);
        assert_eq!(out.error_code(1), "payments.self_approval", "{name}");
    }
    let approved = sign(&dir, &bob.0, "checker", &made, "bob.json");
    run(&["payments", "verify", "--policy", &policy, &approved]).ok();
}

#[test]
fn a_replay_is_refused_with_seen() {
    let dir = Scratch::new("payments-seen");
    let seen = dir.path("hub.db");
    replay_refused_with_seen_on(&dir, &seen);
}

/// The `--seen` script on the accept-once store `seen` (a file, or a PostgreSQL connection
/// string).
fn replay_refused_with_seen_on(dir: &Scratch, seen: &str) {
    let k = keys(dir, &["maker", "checker"]);
    let (maker, checker) = (&k[0], &k[1]);
    let policy = policy(dir, &[&maker.1], &[&checker.1], json!({}));
    let seen = seen.to_owned();
    let approve = |id: &str, people: &str| {
        let batch = build(dir, id, people);
        let made = sign(dir, &maker.0, "maker", &batch, &format!("{id}-made.json"));
        sign(
            dir,
            &checker.0,
            "checker",
            &made,
            &format!("{id}-approved.json"),
        )
    };
    let first = approve("MSG-1", PEOPLE);
    let verify = |file: &str| {
        run(&[
            "payments", "verify", "--policy", &policy, "--seen", &seen, file,
        ])
    };
    let out = verify(&first);
    out.ok();
    assert_eq!(out.json()["seen"], true);
    assert_eq!(verify(&first).error_code(1), "payments.batch_replayed");
    // Without --seen the hub remembers nothing: it verifies again.
    run(&["payments", "verify", "--policy", &policy, &first]).ok();

    // A new batch with new ids is accepted.
    verify(&approve("MSG-2", PEOPLE)).ok();

    // A new message id over MSG-1's transfers (its unsigned batch, renamed, signed again): the
    // transfers were paid before.
    let unsigned = std::fs::read_to_string(dir.path("MSG-1.json")).unwrap();
    let renamed = dir.write(
        "MSG-3.json",
        unsigned
            .replacen("\"messageId\":\"MSG-1\"", "\"messageId\":\"MSG-3\"", 1)
            .as_bytes(),
    );
    let made = sign(dir, &maker.0, "maker", &renamed, "MSG-3-made.json");
    let replay = sign(dir, &checker.0, "checker", &made, "MSG-3-approved.json");
    let out = verify(&replay);
    assert_eq!(
        out.error_code(1),
        "payments.transfer_replayed",
        "{}",
        out.text()
    );
    // Refused whole: MSG-3 itself was not remembered, so with new transfers it is accepted.
    let fresh = approve("MSG-3", "A,NID-9,1\n");
    verify(&fresh).ok();
}

/// A batch made by `maker`, approved by `checker` and verified into the payment log `log`
/// (signed by `hub`); the batch file.
fn logged(dir: &Scratch, id: &str, log: &str, hub: &str) -> (String, Vec<(String, String)>) {
    let k = keys(dir, &["maker", "checker"]);
    let (maker, checker) = (&k[0], &k[1]);
    let policy = policy(dir, &[&maker.1], &[&checker.1], json!({"alice": [maker.1]}));
    let batch = build(dir, id, PEOPLE);
    let made = sign(dir, &maker.0, "maker", &batch, "made.json");
    let approved = sign(dir, &checker.0, "checker", &made, "approved.json");
    let out = run(&[
        "payments",
        "verify",
        "--policy",
        &policy,
        "--log",
        log,
        "--hub-key",
        hub,
        &approved,
    ]);
    out.ok();
    assert_eq!(out.json()["logged"], true);
    (approved, k)
}

fn status(log: &str, e2e: &str) -> common::Run {
    run(&["payments", "status", "--log", log, "--end-to-end-id", e2e])
}

fn record(log: &str, hub: &str, rest: &[&str]) -> common::Run {
    let mut args = vec!["payments", "record", "--log", log, "--key", hub];
    args.extend(rest);
    run(&args)
}

#[test]
fn a_batch_lives_in_the_log_from_verify_to_status() {
    let dir = Scratch::new("payments-life");
    let log = dir.path("payments.db");
    a_batch_lives_in(&dir, &log);
}

/// The payment log script on the log `log` (a file, or a PostgreSQL connection string).
fn a_batch_lives_in(dir: &Scratch, log: &str) {
    let hub = keys(dir, &["hub"]).remove(0);
    let log = log.to_owned();
    let (_, k) = logged(dir, "MSG-L", &log, &hub.0);

    // Verified, approved, not released.
    let out = status(&log, "MSG-L-2");
    out.ok();
    let v = out.json();
    assert_eq!(v["status"], "pending");
    assert_eq!(v["stage"], "approved");
    assert_eq!(v["messageId"], "MSG-L");
    assert_eq!(v["hub"], hub.1);
    let events: Vec<&str> = v["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event"].as_str().unwrap())
        .collect();
    assert_eq!(events, ["received", "verified", "approved", "approved"]);
    assert_eq!(v["history"][1]["transactions"], 4);
    assert_eq!(v["history"][1]["totals"], json!({"USD": "129.75"}));
    assert_eq!(v["history"][2]["role"], "maker");
    assert_eq!(v["history"][2]["signer"], k[0].1);
    assert_eq!(v["history"][2]["person"], "alice");
    assert_eq!(v["history"][3]["role"], "checker");
    assert_eq!(v["history"][3]["signer"], k[1].1);

    // Released, then outcomes.
    let out = record(
        &log,
        &hub.0,
        &["--event", "released", "--message-id", "MSG-L"],
    );
    out.ok();
    assert_eq!(out.json()["recorded"], "released");
    assert_eq!(out.json()["sequence"], 4);
    assert_eq!(status(&log, "MSG-L-1").json()["status"], "released");
    record(
        &log,
        &hub.0,
        &["--event", "settled", "--end-to-end-id", "MSG-L-1"],
    )
    .ok();
    let out = record(
        &log,
        &hub.0,
        &[
            "--event",
            "rejected",
            "--end-to-end-id",
            "MSG-L-2",
            "--reason",
            "AC04",
        ],
    );
    out.ok();
    assert_eq!(out.json()["reason"], "AC04");

    let v = status(&log, "MSG-L-1").json();
    assert_eq!(v["status"], "settled");
    assert_eq!(v["history"].as_array().unwrap().len(), 6);
    let v = status(&log, "MSG-L-2").json();
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["reason"], "AC04");
    assert!(v["reasonDefinition"].as_str().unwrap().contains("closed"));
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "rejected");
    assert_eq!(last["endToEndId"], "MSG-L-2");
    // With --hub: the hub's key is checked, not taken from the log.
    run(&[
        "payments",
        "status",
        "--log",
        &log,
        "--end-to-end-id",
        "MSG-L-2",
        "--hub",
        &hub.1,
    ])
    .ok();
    let out = run(&[
        "payments",
        "status",
        "--log",
        &log,
        "--end-to-end-id",
        "MSG-L-2",
        "--hub",
        &k[0].1,
    ]);
    assert!(out.error_code(1).starts_with("trust."), "{}", out.text());
}

#[test]
fn the_log_refuses_events_out_of_order() {
    let dir = Scratch::new("payments-life-order");
    let hub = keys(&dir, &["hub"]).remove(0);
    let log = dir.path("payments.db");
    let (approved, k) = logged(&dir, "MSG-O", &log, &hub.0);
    // An outcome before release.
    let out = record(
        &log,
        &hub.0,
        &["--event", "settled", "--end-to-end-id", "MSG-O-1"],
    );
    assert_eq!(out.error_code(1), "payments.event_out_of_order");
    record(
        &log,
        &hub.0,
        &["--event", "released", "--message-id", "MSG-O"],
    )
    .ok();
    for (rest, code) in [
        (
            vec!["--event", "released", "--message-id", "MSG-O"],
            "payments.event_out_of_order",
        ),
        (
            vec!["--event", "released", "--message-id", "MSG-NOPE"],
            "payments.batch_unknown",
        ),
        (
            vec!["--event", "settled", "--end-to-end-id", "MSG-X-1"],
            "payments.transfer_unknown",
        ),
        (
            vec![
                "--event",
                "rejected",
                "--end-to-end-id",
                "MSG-O-1",
                "--reason",
                "ZZ99",
            ],
            "payments.reason_code_unknown",
        ),
        (
            vec![
                "--event",
                "rejected",
                "--end-to-end-id",
                "MSG-O-1",
                "--reason",
                "ac04",
            ],
            "payments.reason_code_unknown",
        ),
    ] {
        assert_eq!(record(&log, &hub.0, &rest).error_code(1), code, "{rest:?}");
    }
    record(
        &log,
        &hub.0,
        &["--event", "settled", "--end-to-end-id", "MSG-O-1"],
    )
    .ok();
    let out = record(
        &log,
        &hub.0,
        &[
            "--event",
            "rejected",
            "--end-to-end-id",
            "MSG-O-1",
            "--reason",
            "AC04",
        ],
    );
    assert_eq!(out.error_code(1), "payments.outcome_repeated");
    // Another key than the hub's: the history does not verify under it, nothing is written.
    let out = record(
        &log,
        &k[0].0,
        &["--event", "settled", "--end-to-end-id", "MSG-O-2"],
    );
    assert!(out.error_code(1).starts_with("trust."), "{}", out.text());
    assert_eq!(status(&log, "MSG-O-2").json()["status"], "released");
    // Usage: the arguments each event takes.
    for rest in [
        vec!["--event", "released"],
        vec!["--event", "released", "--end-to-end-id", "MSG-O-2"],
        vec!["--event", "settled", "--message-id", "MSG-O"],
        vec!["--event", "rejected", "--end-to-end-id", "MSG-O-2"],
        vec![
            "--event",
            "settled",
            "--end-to-end-id",
            "MSG-O-2",
            "--reason",
            "AC04",
        ],
    ] {
        assert_eq!(
            record(&log, &hub.0, &rest).error_code(2),
            "cli.usage",
            "{rest:?}"
        );
    }
    // --log without --hub-key is a usage error (clap's).
    let policy = dir.path("policy.json");
    let out = run(&[
        "payments", "verify", "--policy", &policy, "--log", &log, &approved,
    ]);
    assert_eq!(out.status, 2);
    // The same batch again: its life exists.
    let out = run(&[
        "payments",
        "verify",
        "--policy",
        &policy,
        "--log",
        &log,
        "--hub-key",
        &hub.0,
        &approved,
    ]);
    assert_eq!(out.error_code(1), "store.conflict");
    // Status of a transfer the log does not know, of a log that does not exist.
    assert_eq!(
        status(&log, "MSG-X-1").error_code(1),
        "payments.transfer_unknown"
    );
    assert_eq!(
        status(&dir.path("missing.db"), "MSG-O-1").error_code(1),
        "store.not_found"
    );
}

#[test]
fn a_tampered_log_is_reported_by_status() {
    let dir = Scratch::new("payments-life-tamper");
    let hub = keys(&dir, &["hub"]).remove(0);
    let log = dir.path("payments.db");
    logged(&dir, "MSG-T", &log, &hub.0);
    record(
        &log,
        &hub.0,
        &["--event", "released", "--message-id", "MSG-T"],
    )
    .ok();
    record(
        &log,
        &hub.0,
        &[
            "--event",
            "rejected",
            "--end-to-end-id",
            "MSG-T-3",
            "--reason",
            "AC04",
        ],
    )
    .ok();
    status(&log, "MSG-T-3").ok();
    // The rejection turned into a settlement, behind the log's back.
    let conn = rusqlite::Connection::open(&log).unwrap();
    conn.execute_batch("DROP TRIGGER IF EXISTS revisions_erase_only; DROP TRIGGER IF EXISTS revisions_append_only;")
        .unwrap();
    let changed = conn
        .execute(
            "UPDATE revisions SET document = CAST(replace(CAST(document AS TEXT), '\"rejected\"', '\"settled\"') AS BLOB) \
             WHERE record = 'payments.batch:MSG-T' AND sequence = 5",
            [],
        )
        .unwrap();
    assert_eq!(changed, 1);
    drop(conn);
    let out = status(&log, "MSG-T-3");
    assert_eq!(out.error_code(1), "store.tampered");
    assert!(
        out.text().contains("payments.batch:MSG-T"),
        "{}",
        out.text()
    );
}

#[test]
fn export_pain001_writes_the_batch_and_import_reads_it_back() {
    let dir = Scratch::new("payments-pain001");
    let file = build(&dir, "MSG-P", PEOPLE);
    let batch: serde_json::Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    for version in ["09", "03"] {
        let out = run(&["payments", "export-pain001", "--version", version, &file]);
        out.ok();
        let xml = out.text();
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(xml.contains(&format!("pain.001.001.{version}")));
        assert!(xml.contains("<InstdAmt Ccy=\"USD\">100.50</InstdAmt>"));
        assert!(xml.contains("<NbOfTxs>4</NbOfTxs><CtrlSum>129.75</CtrlSum>"));
        // Back from the file and from stdin: the same batch.
        let path = dir.write(&format!("batch-{version}.xml"), xml.as_bytes());
        let back = run(&["payments", "import-pain001", &path]);
        back.ok();
        assert_eq!(back.json(), batch);
        let back = run_with(&["payments", "import-pain001", "-"], Some(xml.as_bytes()));
        back.ok();
        assert_eq!(back.json(), batch);
    }
    // The default version is 09.
    let out = run(&["payments", "export-pain001", &file]);
    out.ok();
    assert!(out
        .text()
        .contains("<ReqdExctnDt><Dt>2026-12-07</Dt></ReqdExctnDt>"));
    // A version that does not exist, a batch whose figures are wrong.
    let out = run(&["payments", "export-pain001", "--version", "10", &file]);
    assert_eq!(out.error_code(1), "payments.pain001_version_unsupported");
    let mut wrong = batch.clone();
    wrong["groupHeader"]["numberOfTransactions"] = json!("5");
    let wrong = dir.write("wrong.json", wrong.to_string().as_bytes());
    let out = run(&["payments", "export-pain001", &wrong]);
    assert_eq!(out.error_code(1), "payments.count_mismatch");
    let out = run_with(&["payments", "export-pain001"], Some(b"{\"type\":1}"));
    assert_eq!(out.error_code(1), "payments.batch_invalid");
}

#[test]
fn import_pain001_names_the_transfer_it_refuses() {
    let dir = Scratch::new("payments-pain001-bad");
    let file = build(&dir, "MSG-Q", PEOPLE);
    let out = run(&["payments", "export-pain001", &file]);
    out.ok();
    let xml = out.text();
    for (broken, code, location) in [
        (
            xml.replace(">20.00<", ">20.001<"),
            "payments.amount_too_many_decimals",
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[2]/Amt/InstdAmt",
        ),
        (
            xml.replace("<EndToEndId>MSG-Q-3<", "<EndToEndId>MSG-Q-1<"),
            "payments.duplicate_end_to_end_id",
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/CdtTrfTxInf[3]/PmtId/EndToEndId",
        ),
        (
            xml.replace(
                "<NbOfTxs>4</NbOfTxs><CtrlSum>129.75</CtrlSum><ReqdExctnDt>",
                "<NbOfTxs>3</NbOfTxs><CtrlSum>129.75</CtrlSum><ReqdExctnDt>",
            ),
            "payments.count_mismatch",
            "/Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs",
        ),
    ] {
        let out = run_with(&["payments", "import-pain001"], Some(broken.as_bytes()));
        assert_eq!(out.error_code(1), code);
        let message = out.json()["error"]["message"].as_str().unwrap().to_owned();
        assert!(
            message.starts_with(&format!("{location}: ")),
            "{message} does not name {location}"
        );
    }
    let laughs = b"<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"a\">]><Document>&a;</Document>";
    let out = run_with(&["payments", "import-pain001"], Some(laughs));
    assert_eq!(out.error_code(1), "payments.xml_doctype");
    let out = run_with(
        &["payments", "import-pain001", "--max-bytes", "100"],
        Some(xml.as_bytes()),
    );
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run_with(&["payments", "import-pain001"], Some(b"\xff\xfe<"));
    assert_eq!(out.error_code(1), "payments.xml_malformed");
}

/// A pain.002.001.10 status report from the bank on batch `id` (block `id-B1`): each
/// `(transfer number, status, reason)`.
fn status_report(report_id: &str, id: &str, txs: &[(u32, &str, Option<&str>)]) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\"><CstmrPmtStsRpt>\
         <GrpHdr><MsgId>{report_id}</MsgId><CreDtTm>2026-12-07T16:00:00Z</CreDtTm></GrpHdr>\
         <OrgnlGrpInfAndSts><OrgnlMsgId>{id}</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>\
         <OrgnlNbOfTxs>4</OrgnlNbOfTxs><OrgnlCtrlSum>129.75</OrgnlCtrlSum><GrpSts>PART</GrpSts>\
         </OrgnlGrpInfAndSts><OrgnlPmtInfAndSts><OrgnlPmtInfId>{id}-B1</OrgnlPmtInfId>"
    );
    for (n, status, reason) in txs {
        xml.push_str(&format!(
            "<TxInfAndSts><OrgnlEndToEndId>{id}-{n}</OrgnlEndToEndId><TxSts>{status}</TxSts>"
        ));
        if let Some(reason) = reason {
            xml.push_str(&format!(
                "<StsRsnInf><Rsn><Cd>{reason}</Cd></Rsn></StsRsnInf>"
            ));
        }
        xml.push_str("</TxInfAndSts>");
    }
    xml.push_str("</OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>\n");
    xml
}

fn import_pain002(log: &str, hub: &str, rest: &[&str]) -> common::Run {
    let mut args = vec!["payments", "import-pain002", "--log", log, "--key", hub];
    args.extend(rest);
    run(&args)
}

#[test]
fn a_status_report_from_the_bank_goes_into_the_log() {
    let dir = Scratch::new("payments-pain002");
    let hub = keys(&dir, &["hub"]).remove(0);
    let log = dir.path("payments.db");
    logged(&dir, "MSG-R", &log, &hub.0);
    let report = dir.write(
        "report.xml",
        status_report(
            "STS-1",
            "MSG-R",
            &[
                (1, "ACSC", None),
                (2, "RJCT", Some("AC04")),
                (3, "ACSP", None),
            ],
        )
        .as_bytes(),
    );
    // Not released yet: refused.
    assert_eq!(
        import_pain002(&log, &hub.0, &[&report]).error_code(1),
        "payments.event_out_of_order"
    );
    record(
        &log,
        &hub.0,
        &["--event", "released", "--message-id", "MSG-R"],
    )
    .ok();

    let out = import_pain002(&log, &hub.0, &[&report]);
    out.ok();
    let v = out.json();
    assert_eq!(v["imported"], "STS-1");
    assert_eq!(v["messageId"], "MSG-R");
    assert_eq!(
        (
            v["settled"].as_u64(),
            v["rejected"].as_u64(),
            v["interim"].as_u64()
        ),
        (Some(1), Some(1), Some(1))
    );
    // reported + three statuses after released (sequence 4).
    assert_eq!(v["sequence"], 8);

    assert_eq!(status(&log, "MSG-R-1").json()["status"], "settled");
    let v = status(&log, "MSG-R-2").json();
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["reason"], "AC04");
    let last = v["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["event"], "status");
    assert_eq!(last["status"], "RJCT");
    let v = status(&log, "MSG-R-3").json();
    assert_eq!(v["status"], "reported");
    assert_eq!(v["bankStatus"], "ACSP");
    assert_eq!(status(&log, "MSG-R-4").json()["status"], "released");

    // The same report again, a report for another batch, an unknown transfer: refused.
    assert_eq!(
        import_pain002(&log, &hub.0, &[&report]).error_code(1),
        "payments.report_repeated"
    );
    assert_eq!(
        import_pain002(&log, &hub.0, &["--message-id", "MSG-OTHER", &report]).error_code(1),
        "payments.report_batch_unknown"
    );
    let unknown = dir.write(
        "unknown.xml",
        status_report("STS-2", "MSG-R", &[(9, "ACSC", None)]).as_bytes(),
    );
    let out = import_pain002(&log, &hub.0, &[&unknown]);
    assert_eq!(out.error_code(1), "payments.report_transfer_unknown");
    let rejected_without_reason = dir.write(
        "no-reason.xml",
        status_report("STS-3", "MSG-R", &[(4, "RJCT", None)]).as_bytes(),
    );
    assert_eq!(
        import_pain002(&log, &hub.0, &[&rejected_without_reason]).error_code(1),
        "payments.report_reason_missing"
    );
    // From stdin: the last transfer settles.
    let settled = status_report("STS-4", "MSG-R", &[(4, "ACCC", None)]);
    let out = run_with(
        &["payments", "import-pain002", "--log", &log, "--key", &hub.0],
        Some(settled.as_bytes()),
    );
    out.ok();
    assert_eq!(status(&log, "MSG-R-4").json()["status"], "settled");
}

/// The CLI on a PostgreSQL server (built with `--features postgres`): `--seen postgres://…`, `--log postgres://…`.
/// Runs when `GOVBLOCKS_TEST_POSTGRES` names a server (`.ci/run` does); otherwise each test
/// passes with a printed note. Each test uses schemas of its own (`?schema=NAME`), dropped
/// afterwards with `psql` when it is installed.
#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    use govblocks_store::postgres::TestSchema;

    #[test]
    fn a_replay_is_refused_with_seen_on_postgres() {
        let Some(schema) = TestSchema::fresh("payments_seen") else {
            return;
        };
        let dir = Scratch::new("payments-seen-postgres");
        replay_refused_with_seen_on(&dir, &schema.location());
    }

    #[test]
    fn a_batch_lives_in_a_postgres_log() {
        let Some(schema) = TestSchema::fresh("payments_log") else {
            return;
        };
        let dir = Scratch::new("payments-life-postgres");
        a_batch_lives_in(&dir, &schema.location());
    }
}
