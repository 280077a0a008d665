//! The SPDCI / G2P Connect side of `govblocks exchange` (`to-g2p`, `from-g2p`,
//! `request --encrypt-to`, `verify --decrypt-key`), run as a program.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, Scratch};

use serde_json::{json, Value};

const CLIENT: &str = "EE/GOV/70000001/social";
const SERVICE: &str = "EE/GOV/70000002/population/residence/v1";
const PROVIDER: &str = "EE/GOV/70000002/population";
const NOW: &str = "2026-12-06T10:00:00Z";
const REQUEST_ID: &str = "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10";

struct Parties {
    dir: Scratch,
    client_key: String,
    other_key: String,
    directory: String,
    /// The provider's X25519 key file, and another one.
    x25519: String,
    x25519_other: String,
}

fn parties(tag: &str) -> Parties {
    let dir = Scratch::new(tag);
    let key = |name: &str| {
        let out = run(&["keygen"]);
        out.ok();
        let did = out.json()["did"].as_str().unwrap().to_owned();
        (dir.write(&format!("{name}.key"), &out.stdout), did)
    };
    let (client_key, client_did) = key("client");
    let (_, service_did) = key("service");
    let (other_key, other_did) = key("other");
    let directory =
        json!({CLIENT: [client_did], PROVIDER: [service_did], "EE/GOV/70000003/tax": [other_did]});
    let directory = dir.write("directory.json", directory.to_string().as_bytes());
    let x = |name: &str| {
        let out = run(&["keygen", "--x25519"]);
        out.ok();
        dir.write(name, &out.stdout)
    };
    let (x25519, x25519_other) = (x("population.x25519.json"), x("tax.x25519.json"));
    Parties {
        dir,
        client_key,
        other_key,
        directory,
        x25519,
        x25519_other,
    }
}

fn request(p: &Parties, extra: &[&str]) -> common::Run {
    let query = p.dir.write("query.json", br#"{"personId": "4471"}"#);
    let mut args = vec![
        "exchange",
        "request",
        "--key",
        &p.client_key,
        "--client",
        CLIENT,
        "--service",
        SERVICE,
        "--action",
        "getResidence",
        "--now",
        NOW,
        "--message-id",
        REQUEST_ID,
    ];
    args.extend(extra);
    args.push(&query);
    run(&args)
}

fn verify(p: &Parties, extra: &[&str], file: &str) -> common::Run {
    let mut args = vec![
        "exchange",
        "verify",
        "--directory",
        &p.directory,
        "--now",
        NOW,
    ];
    args.extend(extra);
    args.push(file);
    run(&args)
}

fn from_g2p(p: &Parties, extra: &[&str], file: &str) -> common::Run {
    let mut args = vec![
        "exchange",
        "from-g2p",
        "--directory",
        &p.directory,
        "--now",
        NOW,
    ];
    args.extend(extra);
    args.push(file);
    run(&args)
}

#[test]
fn an_envelope_goes_to_g2p_and_back_and_still_verifies() {
    let p = parties("g2p-round-trip");
    let out = request(&p, &[]);
    out.ok();
    let envelope = out.json();
    let request_file = p.dir.write("request.json", &out.stdout);

    let out = run(&["exchange", "to-g2p", "--key", &p.client_key, &request_file]);
    out.ok();
    let body = out.json();
    assert_eq!(body["header"]["message_id"], REQUEST_ID);
    assert_eq!(body["header"]["sender_id"], CLIENT);
    assert_eq!(body["header"]["receiver_id"], PROVIDER);
    assert_eq!(body["header"]["is_msg_encrypted"], false);
    assert_eq!(body["message"], json!({"personId": "4471"}));
    assert!(body["signature"].as_str().unwrap().contains(".."));
    let body_file = p.dir.write("body.json", &out.stdout);

    let out = from_g2p(&p, &[], &body_file);
    out.ok();
    assert_eq!(out.json(), envelope);
    let back = p.dir.write("back.json", &out.stdout);
    let report = verify(&p, &[], &back);
    report.ok();
    assert_eq!(report.json()["messageId"], REQUEST_ID);
    // `exchange verify` reads the body itself too.
    let report = verify(&p, &[], &body_file);
    report.ok();
    assert_eq!(report.json()["payload"], json!({"personId": "4471"}));
}

#[test]
fn an_encrypted_request_is_read_only_with_the_receivers_key() {
    let p = parties("g2p-encrypted");
    // The public half, given as the key file, as a Multikey, or as a did:key.
    let public = {
        let file: Value = serde_json::from_slice(&std::fs::read(&p.x25519).unwrap()).unwrap();
        file["publicKeyMultibase"].as_str().unwrap().to_owned()
    };
    for recipient in [
        p.x25519.clone(),
        public.clone(),
        format!("did:key:{public}"),
    ] {
        let out = request(&p, &["--encrypt-to", &recipient]);
        out.ok();
        let body = out.json();
        assert_eq!(body["header"]["is_msg_encrypted"], true);
        assert_eq!(body["message"]["header"]["alg"], "ECDH-ES");
        assert!(!out.text().contains("4471"));
        let body_file = p.dir.write("body.json", &out.stdout);

        let report = verify(&p, &["--decrypt-key", &p.x25519], &body_file);
        report.ok();
        assert_eq!(report.json()["payload"], json!({"personId": "4471"}));

        // Without the key, or with another receiver's: refused with their codes.
        assert_eq!(
            verify(&p, &[], &body_file).error_code(1),
            "exchange.g2p_decrypt_key_missing"
        );
        assert_eq!(
            verify(&p, &["--decrypt-key", &p.x25519_other], &body_file).error_code(1),
            "exchange.g2p_recipient_mismatch"
        );
        let out = from_g2p(&p, &["--decrypt-key", &p.x25519], &body_file);
        out.ok();
        assert_eq!(out.json()["payload"], json!({"personId": "4471"}));
    }
    // A bad public key.
    let out = request(
        &p,
        &[
            "--encrypt-to",
            "z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
        ],
    );
    assert!(out.error_code(1).starts_with("key."));
}

#[test]
fn a_body_signed_by_another_member_or_tampered_is_refused() {
    let p = parties("g2p-refused");
    let out = request(&p, &[]);
    out.ok();
    let request_file = p.dir.write("request.json", &out.stdout);
    // Signed (the JWS) by another member of the directory.
    let out = run(&["exchange", "to-g2p", "--key", &p.other_key, &request_file]);
    out.ok();
    let body_file = p.dir.write("body.json", &out.stdout);
    assert_eq!(
        from_g2p(&p, &[], &body_file).error_code(1),
        "exchange.sender_mismatch"
    );
    // Tampered after signing.
    let out = run(&["exchange", "to-g2p", "--key", &p.client_key, &request_file]);
    let mut body = out.json();
    body["message"]["personId"] = json!("4472");
    let body_file = p.dir.write("tampered.json", body.to_string().as_bytes());
    assert_eq!(
        from_g2p(&p, &[], &body_file).error_code(1),
        "jws.signature_invalid"
    );
    assert_eq!(
        verify(&p, &[], &body_file).error_code(1),
        "jws.signature_invalid"
    );
    // Not a body at all.
    let not_body = p.dir.write("not.json", br#"{"header": {}}"#);
    assert_eq!(
        from_g2p(&p, &[], &not_body).error_code(1),
        "exchange.g2p_invalid"
    );
    // An unsigned envelope cannot be carried.
    let mut unsigned: Value =
        serde_json::from_slice(&std::fs::read(&request_file).unwrap()).unwrap();
    unsigned.as_object_mut().unwrap().remove("proof");
    let unsigned = p
        .dir
        .write("unsigned.json", unsigned.to_string().as_bytes());
    assert_eq!(
        run(&["exchange", "to-g2p", "--key", &p.client_key, &unsigned]).error_code(1),
        "exchange.envelope_invalid"
    );
}

/// The payments block's G2P Connect disbursement (`payments to-g2p`) travels as the payload of
/// an encrypted `disburse` body and is held, once decrypted, to the published
/// `DisburseRequest` schema; one the schema refuses is refused as the payload.
#[test]
fn a_disbursement_from_the_payments_block_travels_encrypted() {
    let p = parties("g2p-disburse");
    let people = "name,account,amount,reference\nAmina,+254712345678@m-pesa,0.10,December relief\nChidi,token:12345@gtbank,7,\n";
    let list = p.dir.write("people.csv", people.as_bytes());
    let batch = run(&[
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
    batch.ok();
    let batch = p.dir.write("batch.json", &batch.stdout);
    let disburse = run(&["payments", "to-g2p", &batch]);
    disburse.ok();
    for (name, payload) in [
        ("disburse.json", disburse.json()),
        ("no-transaction.json", {
            let mut d = disburse.json();
            d.as_object_mut().unwrap().remove("transaction_id");
            d
        }),
    ] {
        let payload = p.dir.write(name, payload.to_string().as_bytes());
        let mut args = vec![
            "exchange",
            "request",
            "--key",
            &p.client_key,
            "--client",
            CLIENT,
            "--service",
            SERVICE,
            "--action",
            "disburse",
            "--now",
            NOW,
            "--encrypt-to",
            &p.x25519,
        ];
        args.push(&payload);
        let out = run(&args);
        out.ok();
        let body = p.dir.write("body.json", &out.stdout);
        let report = verify(&p, &["--decrypt-key", &p.x25519], &body);
        if name == "no-transaction.json" {
            assert_eq!(report.error_code(1), "exchange.payload_invalid");
        } else {
            assert_eq!(report.ok().json()["payload"]["transaction_id"], "MSG-9");
            // total_count: the number of disbursements.
            let sent: Value = serde_json::from_slice(&std::fs::read(&body).unwrap()).unwrap();
            assert_eq!(sent["header"]["total_count"], 2);
        }
    }
}
