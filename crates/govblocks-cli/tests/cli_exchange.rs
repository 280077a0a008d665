//! The exchange subcommands of `govblocks` (`exchange request`, `respond`, `verify`), run as a
//! program: what they print, every refusal with its code and exit status.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use serde_json::{json, Value};

const CLIENT: &str = "EE/GOV/70000001/social";
const SERVICE: &str = "EE/GOV/70000002/population/residence/v1";
const PROVIDER: &str = "EE/GOV/70000002/population";
const NOW: &str = "2026-12-06T10:00:00Z";
const REQUEST_ID: &str = "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10";

/// A key file in `dir`: its path and DID.
fn key(dir: &Scratch, name: &str) -> (String, String) {
    let out = run(&["keygen"]);
    out.ok();
    let did = out.json()["did"].as_str().unwrap().to_owned();
    (dir.write(&format!("{name}.key"), &out.stdout), did)
}

/// Three parties: the client, the service's provider, another; and the directory file.
struct Parties {
    dir: Scratch,
    client: (String, String),
    service: (String, String),
    other: (String, String),
    directory: String,
}

fn parties(tag: &str) -> Parties {
    let dir = Scratch::new(tag);
    let client = key(&dir, "client");
    let service = key(&dir, "service");
    let other = key(&dir, "other");
    let directory = json!({
        CLIENT: [client.1],
        PROVIDER: [service.1],
        "EE/GOV/70000003/tax": [other.1],
    });
    let directory = dir.write("directory.json", directory.to_string().as_bytes());
    Parties {
        dir,
        client,
        service,
        other,
        directory,
    }
}

fn request(p: &Parties, key: &str, extra: &[&str]) -> common::Run {
    let query = p.dir.write("query.json", br#"{"personId": "4471"}"#);
    let mut args = vec![
        "exchange",
        "request",
        "--key",
        key,
        "--client",
        CLIENT,
        "--service",
        SERVICE,
        "--action",
        "getResidence",
        "--now",
        NOW,
        "--correlation-id",
        "case-4471",
    ];
    if !extra.contains(&"--message-id") {
        args.extend(["--message-id", REQUEST_ID]);
    }
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

#[test]
fn request_respond_verify_round_trip() {
    let p = parties("exchange-round-trip");
    let out = request(&p, &p.client.0, &[]);
    out.ok();
    let signed = out.json();
    assert_eq!(signed["type"], "ExchangeRequest");
    assert_eq!(signed["header"]["messageId"], REQUEST_ID);
    assert_eq!(signed["header"]["timestamp"], NOW);
    assert_eq!(signed["header"]["correlationId"], "case-4471");
    assert_eq!(signed["payload"], json!({"personId": "4471"}));
    let request_file = p.dir.write("request.json", &out.stdout);

    let out = verify(&p, &[], &request_file);
    out.ok();
    let report = out.json();
    assert_eq!(report["verified"], true);
    assert_eq!(report["type"], "ExchangeRequest");
    assert_eq!(report["messageId"], REQUEST_ID);
    assert_eq!(report["client"], CLIENT);
    assert_eq!(report["service"], SERVICE);
    assert_eq!(report["action"], "getResidence");
    assert_eq!(report["sender"], CLIENT);
    assert_eq!(report["signer"], json!(p.client.1));
    assert_eq!(report["inReplyTo"], Value::Null);
    assert_eq!(report["payload"], json!({"personId": "4471"}));
    let request_digest = report["digest"].clone();
    assert!(request_digest.as_str().unwrap().starts_with("zQm"));

    let answer = p.dir.write("answer.json", br#"{"residence": "Tallinn"}"#);
    let out = run(&[
        "exchange",
        "respond",
        "--key",
        &p.service.0,
        "--request",
        &request_file,
        "--now",
        NOW,
        &answer,
    ]);
    out.ok();
    let response = out.json();
    assert_eq!(response["type"], "ExchangeResponse");
    assert_eq!(response["header"]["inReplyTo"]["messageId"], REQUEST_ID);
    assert_eq!(response["header"]["inReplyTo"]["digest"], request_digest);
    let response_file = p.dir.write("response.json", &out.stdout);

    let out = verify(&p, &["--request", &request_file], &response_file);
    out.ok();
    let report = out.json();
    assert_eq!(report["type"], "ExchangeResponse");
    assert_eq!(report["inReplyTo"], REQUEST_ID);
    assert_eq!(report["sender"], PROVIDER);
    assert_eq!(report["signer"], json!(p.service.1));
    assert_eq!(report["payload"], json!({"residence": "Tallinn"}));

    // From stdin too.
    let out = run_with(
        &[
            "exchange",
            "verify",
            "--directory",
            &p.directory,
            "--now",
            NOW,
            "--request",
            &request_file,
        ],
        Some(response.to_string().as_bytes()),
    );
    out.ok();
    // A response without --request is not a request.
    assert_eq!(
        verify(&p, &[], &response_file).error_code(1),
        "exchange.envelope_invalid"
    );
}

#[test]
fn a_response_to_another_request_or_by_another_signer_is_unbound() {
    let p = parties("exchange-unbound");
    let request_file = p
        .dir
        .write("request.json", &request(&p, &p.client.0, &[]).stdout);
    let other_request = request(
        &p,
        &p.client.0,
        &["--message-id", "5a0c9f3e-1d2b-4c8a-9e7f-112233445566"],
    );
    other_request.ok();
    let other_request = p.dir.write("other-request.json", &other_request.stdout);
    let answer = p.dir.write("answer.json", b"{}");
    let respond = |key: &str| {
        let out = run(&[
            "exchange",
            "respond",
            "--key",
            key,
            "--request",
            &request_file,
            "--now",
            NOW,
            &answer,
        ]);
        out.ok();
        out.stdout
    };
    let response = p.dir.write("response.json", &respond(&p.service.0));
    assert_eq!(
        verify(&p, &["--request", &other_request], &response).error_code(1),
        "exchange.response_unbound"
    );
    for signer in [&p.client.0, &p.other.0] {
        let forged = p.dir.write("forged.json", &respond(signer));
        assert_eq!(
            verify(&p, &["--request", &request_file], &forged).error_code(1),
            "exchange.response_unbound"
        );
    }
}

#[test]
fn refusals_have_their_codes() {
    let p = parties("exchange-refusals");
    // Signed by another member: not the client's key.
    let forged = p
        .dir
        .write("forged.json", &request(&p, &p.other.0, &[]).stdout);
    assert_eq!(
        verify(&p, &[], &forged).error_code(1),
        "exchange.sender_mismatch"
    );
    let good = request(&p, &p.client.0, &[]).json();
    let edit = |name: &str, f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        p.dir.write(name, v.to_string().as_bytes())
    };
    let cases: Vec<(&str, String)> = vec![
        (
            "exchange.version_unsupported",
            edit("v2.json", &|v| v["header"]["protocolVersion"] = json!("2")),
        ),
        (
            "exchange.sender_missing",
            edit("nosender.json", &|v| {
                v["header"].as_object_mut().unwrap().remove("client");
            }),
        ),
        (
            "exchange.message_id_invalid",
            edit("v1.json", &|v| {
                v["header"]["messageId"] = json!("c232ab00-9414-11ec-b3c8-9f6bdeced846")
            }),
        ),
        (
            "proof.signature_invalid",
            edit("tampered.json", &|v| v["payload"]["personId"] = json!("1")),
        ),
        (
            "schema.invalid",
            edit("extra.json", &|v| v["header"]["extra"] = json!(1)),
        ),
    ];
    for (code, file) in &cases {
        assert_eq!(verify(&p, &[], file).error_code(1), *code, "{file}");
    }
    // Over the size limit.
    let good_file = p.dir.write("good.json", good.to_string().as_bytes());
    assert_eq!(
        verify(&p, &["--max-bytes", "100"], &good_file).error_code(1),
        "json.too_large"
    );
    // Trust: only --trust DIDs.
    assert_eq!(
        verify(&p, &["--trust", &p.service.1], &good_file).error_code(1),
        "trust.untrusted"
    );
    verify(&p, &["--trust", &p.client.1], &good_file).ok();
    // Access list.
    let allow = json!([{"client": CLIENT, "service": SERVICE, "actions": ["getAddress"]}]);
    let access = p.dir.write("access.json", allow.to_string().as_bytes());
    assert_eq!(
        verify(&p, &["--access", &access], &good_file).error_code(1),
        "exchange.access_denied"
    );
    let allow = json!([{"client": CLIENT, "service": SERVICE, "actions": ["*"]}]);
    let access = p.dir.write("access.json", allow.to_string().as_bytes());
    verify(&p, &["--access", &access], &good_file).ok();
    // A bad directory.
    let bad = p.dir.write("bad-directory.json", b"{\"EE\": []}");
    let out = run(&[
        "exchange",
        "verify",
        "--directory",
        &bad,
        "--now",
        NOW,
        &good_file,
    ]);
    assert_eq!(out.error_code(1), "exchange.directory_invalid");
}

#[test]
fn a_consent_reference_travels_and_bad_arguments_are_usage_errors() {
    let p = parties("exchange-consent");
    let consent = json!({
        "record": "urn:uuid:6f1c1a52-2f0e-4c43-9a57-0b7e4a1d2c3f",
        "revision": "zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n",
        "purpose": "eligibility",
        "dataCategories": ["residence"]
    });
    let consent_file = p.dir.write("consent.json", consent.to_string().as_bytes());
    let out = request(&p, &p.client.0, &["--consent", &consent_file]);
    out.ok();
    assert_eq!(out.json()["header"]["consent"], consent);
    let file = p.dir.write("request.json", &out.stdout);
    let report = verify(&p, &[], &file);
    report.ok();
    assert_eq!(
        report.json()["consentRecord"],
        "urn:uuid:6f1c1a52-2f0e-4c43-9a57-0b7e4a1d2c3f"
    );
    let bad = p.dir.write("bad-consent.json", br#"{"record": "x"}"#);
    assert_eq!(
        request(&p, &p.client.0, &["--consent", &bad]).error_code(1),
        "exchange.envelope_invalid"
    );
    for (flag, value) in [
        ("--client", "EE/GOV"),
        ("--message-id", "c232ab00-9414-11ec-b3c8-9f6bdeced846"),
    ] {
        let out = request(&p, &p.client.0, &[flag, value]);
        assert_eq!(out.error_code(2), "cli.usage", "{flag}");
    }
    assert_eq!(run(&["exchange", "verify"]).status, 2, "no directory");
}

#[test]
fn seen_refuses_a_replay_and_log_keeps_what_was_verified() {
    let p = parties("exchange-seen-log");
    let request_file = p
        .dir
        .write("request.json", &request(&p, &p.client.0, &[]).stdout);
    let (seen, log, fresh) = (
        p.dir.path("seen.db"),
        p.dir.path("messages.db"),
        p.dir.path("fresh.db"),
    );
    seen_and_log_on(&p, &request_file, &seen, &log, &fresh);
}

/// The `--seen`/`--log` script on the stores `seen`, `log` and `fresh` (files, or PostgreSQL
/// connection strings): `fresh` is a second accept-once store, empty.
fn seen_and_log_on(p: &Parties, request_file: &str, seen: &str, log: &str, fresh: &str) {
    let request_file = request_file.to_owned();
    // First time: verified, remembered, logged as entry 0.
    let out = verify(p, &["--seen", seen, "--log", log], &request_file);
    out.ok();
    let report = out.json();
    assert_eq!(report["seen"], true);
    assert_eq!(report["logged"], 0);

    // The same message again is a replay (the guard is a file: a new process remembers it),
    // and nothing more is logged.
    assert_eq!(
        verify(p, &["--seen", seen, "--log", log], &request_file).error_code(1),
        "exchange.replayed"
    );
    // Outside the window (an hour later) it is too old, whatever the guard holds.
    let late = run(&[
        "exchange",
        "verify",
        "--directory",
        &p.directory,
        "--now",
        "2026-12-06T11:00:00Z",
        "--seen",
        seen,
        &request_file,
    ]);
    assert_eq!(late.error_code(1), "exchange.timestamp_too_old");

    // Verifying a response bound to the request does not use up the request's id, and the
    // response goes into the log after the request.
    let answer = p.dir.write("answer.json", br#"{"residence": "Tallinn"}"#);
    let out = run(&[
        "exchange",
        "respond",
        "--key",
        &p.service.0,
        "--request",
        &request_file,
        "--now",
        NOW,
        &answer,
    ]);
    out.ok();
    let response_file = p.dir.write("response.json", &out.stdout);
    let out = verify(
        p,
        &["--request", &request_file, "--seen", fresh, "--log", log],
        &response_file,
    );
    out.ok();
    assert_eq!(out.json()["logged"], 1);
    let out = verify(p, &["--seen", fresh], &request_file);
    out.ok();
    // Without --log, nothing is logged and the report says so.
    assert_eq!(out.json()["logged"], Value::Null);
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
    fn seen_and_log_on_postgres() {
        let Some(schema) = TestSchema::fresh("exchange") else {
            return;
        };
        let (fresh, log) = (
            TestSchema::fresh("exchange_fresh").unwrap(),
            TestSchema::fresh("exchange_log").unwrap(),
        );
        let p = parties("exchange-seen-log-postgres");
        let request_file = p
            .dir
            .write("request.json", &request(&p, &p.client.0, &[]).stdout);
        seen_and_log_on(
            &p,
            &request_file,
            &schema.location(),
            &log.location(),
            &fresh.location(),
        );
    }
}
