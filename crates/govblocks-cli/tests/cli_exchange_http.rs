//! `govblocks exchange to-http` and `from-http`, run as a program: the HTTP text written, the
//! envelope read back, every refusal with its code and exit status.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use serde_json::json;

fn envelope(service: &str) -> Vec<u8> {
    let mut bytes = serde_json::to_vec(&json!({
        "type": "ExchangeRequest",
        "header": {
            "protocolVersion": "1",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c",
            "client": "EE/GOV/70000001/social",
            "service": service,
            "action": "residence"
        },
        "payload": {"person": "EE38001085718"}
    }))
    .unwrap();
    bytes.push(b'\n');
    bytes
}

#[test]
fn an_envelope_goes_to_http_and_back_byte_for_byte() {
    let body = envelope("EE/GOV/70000002/population/residence/v1");
    let out = run_with(&["exchange", "to-http"], Some(&body));
    out.ok();
    let text = out.text();
    let expected_head = format!(
        "POST /r1/EE/GOV/70000002/population/residence/v1 HTTP/1.1\r\n\
         X-Road-Client: EE/GOV/70000001/social\r\n\
         X-Road-Id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c\r\n\
         Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    assert_eq!(
        text,
        format!(
            "{expected_head}{}",
            String::from_utf8(body.clone()).unwrap()
        )
    );
    let back = run_with(&["exchange", "from-http"], Some(&out.stdout));
    back.ok();
    assert_eq!(back.stdout, body);
    // from a file too
    let dir = Scratch::new("exchange-http");
    let file = dir.write("request.http", &out.stdout);
    let back = run(&["exchange", "from-http", &file]);
    assert_eq!(back.stdout, body);
}

#[test]
fn from_http_addressing_prints_what_the_request_says() {
    let out = run_with(
        &[
            "exchange",
            "to-http",
            "--user-id",
            "EE38001085718",
            "--represented-party",
            "COM/12345678",
            "--issue",
            "CASE-17",
            "--header",
            "Accept: application/json",
        ],
        Some(&envelope("EE/GOV/70000002/population/residence")),
    );
    out.ok();
    let a = run_with(
        &["exchange", "from-http", "--addressing"],
        Some(&out.stdout),
    );
    a.ok();
    assert_eq!(
        a.json(),
        json!({
            "method": "POST",
            "client": "EE/GOV/70000001/social",
            "service": "EE/GOV/70000002/population/residence",
            "path": "",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c",
            "userId": "EE38001085718",
            "representedParty": "COM/12345678",
            "issue": "CASE-17",
            "headers": [["Content-Type", "application/json"], ["Accept", "application/json"]],
            "bodyBytes": envelope("x/x/x/x/x").len() + "EE/GOV/70000002/population/residence".len() - "x/x/x/x/x".len(),
        })
    );
}

#[test]
fn any_body_with_client_and_service() {
    let out = run_with(
        &[
            "exchange",
            "to-http",
            "--client",
            "EE/GOV/70000001/social",
            "--service",
            "EE/GOV/70000002/population/residence/v2",
            "--method",
            "GET",
            "--path",
            "/people/EE38001085718?fields=residence",
            "--message-id",
            "42",
        ],
        Some(b""),
    );
    out.ok();
    assert_eq!(
        out.text(),
        "GET /r1/EE/GOV/70000002/population/residence/v2/people/EE38001085718?fields=residence HTTP/1.1\r\n\
         X-Road-Client: EE/GOV/70000001/social\r\n\
         X-Road-Id: 42\r\n\r\n"
    );
    // not an envelope: only --raw prints it
    let back = run_with(&["exchange", "from-http"], Some(&out.stdout));
    assert!(back.error_code(1).starts_with("json."));
    let raw = run_with(&["exchange", "from-http", "--raw"], Some(&out.stdout));
    raw.ok();
    assert!(raw.stdout.is_empty());
}

#[test]
fn from_http_refuses_with_the_reason_code() {
    let body = envelope("EE/GOV/70000002/population/residence");
    let good = run_with(&["exchange", "to-http"], Some(&body)).stdout;
    let good = String::from_utf8(good).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (
            good.replace(
                "X-Road-Client: EE/GOV/70000001/social",
                "X-Road-Client: EE/GOV/70000009/social",
            ),
            "exchange.xroad_addressing_mismatch",
        ),
        (
            good.replace("X-Road-Id: 0190f7a4", "X-Road-Id: 9990f7a4"),
            "exchange.xroad_addressing_mismatch",
        ),
        (
            good.replace("/residence HTTP", "/other HTTP"),
            "exchange.xroad_addressing_mismatch",
        ),
        (
            good.replace("X-Road-Client: EE/GOV/70000001/social\r\n", ""),
            "exchange.xroad_header_missing",
        ),
        (
            good.replace(
                "X-Road-Client: EE/GOV/70000001/social",
                "X-Road-Client: EE/GOV/7:1",
            ),
            "exchange.xroad_id_invalid",
        ),
        (
            good.replace("/r1/", "/r2/"),
            "exchange.xroad_version_unsupported",
        ),
        (
            good.replace("/r1/", "/rest/"),
            "exchange.xroad_request_invalid",
        ),
        (
            good.replace("POST", "FETCH"),
            "exchange.xroad_request_invalid",
        ),
        (
            good.replace("HTTP/1.1", "HTTP/1.0"),
            "exchange.http_invalid",
        ),
        (
            good.replace(
                "Content-Length",
                "Transfer-Encoding: chunked\r\nContent-Length",
            ),
            "exchange.http_invalid",
        ),
        (format!("{good}trailing"), "exchange.http_invalid"),
        ("not http at all".to_owned(), "exchange.http_invalid"),
    ];
    for (text, code) in cases {
        let out = run_with(&["exchange", "from-http"], Some(text.as_bytes()));
        assert_eq!(out.error_code(1), code, "{text:?}");
    }
    // a body over --max-bytes
    let out = run_with(
        &["exchange", "from-http", "--max-bytes", "10"],
        Some(good.as_bytes()),
    );
    assert_eq!(out.error_code(1), "exchange.http_too_large");
    // GovStack's spelling and any case are read; the last client wins
    let govstack = good.replace(
        "X-Road-Client: EE/GOV/70000001/social",
        "x-road-client: EE/GOV/1/wrong\r\nX-GovStack-Client: EE/GOV/70000001/social",
    );
    let out = run_with(&["exchange", "from-http"], Some(govstack.as_bytes()));
    out.ok();
    assert_eq!(out.stdout, body);
}

#[test]
fn to_http_refuses_with_the_reason_code() {
    let cases: Vec<(Vec<&str>, &[u8], i32, &str)> = vec![
        (vec![], b"not json", 1, "json.invalid"),
        (vec![], b"{\"a\":1}", 1, "exchange.xroad_request_invalid"),
        (
            vec![],
            b"{\"header\":{\"client\":\"EE/GOV\",\"service\":\"EE/GOV/2/p/r\"}}",
            1,
            "exchange.xroad_id_invalid",
        ),
        (
            vec!["--client", "EE/GOV/1", "--service", "EE/GOV/2/r"],
            b"",
            1,
            "exchange.xroad_id_invalid",
        ),
        (
            vec!["--client", "EE/GOV/1;x", "--service", "EE/GOV/2/p/r"],
            b"",
            1,
            "exchange.xroad_id_invalid",
        ),
        (
            vec![
                "--client",
                "EE/GOV/1",
                "--service",
                "EE/GOV/2/p/r",
                "--path",
                "/../admin",
            ],
            b"",
            1,
            "exchange.xroad_request_invalid",
        ),
        (
            vec![
                "--client",
                "EE/GOV/1",
                "--service",
                "EE/GOV/2/p/r",
                "--method",
                "BREW",
            ],
            b"",
            1,
            "exchange.xroad_request_invalid",
        ),
        (
            vec!["--represented-party", "A/B/C"],
            b"{\"header\":{\"client\":\"EE/GOV/1\",\"service\":\"EE/GOV/2/p/r\"}}",
            1,
            "exchange.xroad_id_invalid",
        ),
        (
            vec![
                "--client",
                "EE/GOV/1",
                "--service",
                "EE/GOV/2/p/r",
                "--header",
                "no colon",
            ],
            b"",
            2,
            "cli.usage",
        ),
        (
            vec![
                "--client",
                "EE/GOV/1",
                "--service",
                "EE/GOV/2/p/r",
                "--header",
                "Bad Name: 1",
            ],
            b"",
            1,
            "exchange.http_invalid",
        ),
        (
            vec![
                "--client",
                "EE/GOV/1",
                "--service",
                "EE/GOV/2/p/r",
                "--header",
                "X-Road-Client: EE/GOV/9",
            ],
            b"",
            1,
            "exchange.xroad_request_invalid",
        ),
        (vec!["--client", "EE/GOV/1"], b"", 2, "cli.usage"),
        (vec!["--path", "/x"], b"", 2, "cli.usage"),
    ];
    for (flags, stdin, status, code) in cases {
        let mut args = vec!["exchange", "to-http"];
        args.extend(&flags);
        let out = run_with(&args, Some(stdin));
        if code.starts_with("json.") {
            assert!(out.error_code(status).starts_with("json."), "{flags:?}");
        } else {
            assert_eq!(out.error_code(status), code, "{flags:?}");
        }
    }
}

fn response_envelope() -> Vec<u8> {
    let mut bytes = serde_json::to_vec(&json!({
        "type": "ExchangeResponse",
        "header": {
            "protocolVersion": "1",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-aaaaaaaaaaaa",
            "client": "EE/GOV/70000001/social",
            "service": "EE/GOV/70000002/population/residence/v1",
            "action": "residence",
            "inReplyTo": {"messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c", "digest": "x"}
        },
        "payload": {"residence": "Tallinn"}
    }))
    .unwrap();
    bytes.push(b'\n');
    bytes
}

#[test]
fn a_response_envelope_goes_as_the_providers_response_and_back() {
    let body = response_envelope();
    let out = run_with(&["exchange", "to-http"], Some(&body));
    out.ok();
    assert_eq!(
        out.text(),
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
            body.len(),
            String::from_utf8(body.clone()).unwrap()
        )
    );
    let back = run_with(&["exchange", "from-http"], Some(&out.stdout));
    back.ok();
    assert_eq!(back.stdout, body);
    // as the client's security server passes it on: its X-Road headers agree
    let passed = out.text().replace(
        "HTTP/1.1 200 OK\r\n",
        "HTTP/1.1 200 OK\r\nx-road-id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c\r\nx-road-client: EE/GOV/70000001/social\r\nx-road-service: EE/GOV/70000002/population/residence\r\nx-road-request-hash: abc=\r\n",
    );
    let back = run_with(&["exchange", "from-http"], Some(passed.as_bytes()));
    back.ok();
    assert_eq!(back.stdout, body);
    let a = run_with(
        &["exchange", "from-http", "--addressing"],
        Some(passed.as_bytes()),
    );
    a.ok();
    assert_eq!(
        a.json(),
        json!({
            "status": 200,
            "reason": "OK",
            "client": "EE/GOV/70000001/social",
            "service": "EE/GOV/70000002/population/residence",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c",
            "requestHash": "abc=",
            "error": null,
            "headers": [["Content-Type", "application/json"]],
            "bodyBytes": body.len(),
        })
    );
    // readdressed, or an X-Road error
    for (from, to, code) in [
        (
            "x-road-client: EE/GOV/70000001/social",
            "x-road-client: EE/GOV/70000009/social",
            "exchange.xroad_addressing_mismatch",
        ),
        (
            "x-road-id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c",
            "x-road-id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0d",
            "exchange.xroad_addressing_mismatch",
        ),
        (
            "x-road-request-hash: abc=",
            "X-Road-Error: Server.ServerProxy.NetworkError",
            "exchange.xroad_error",
        ),
        (
            "HTTP/1.1 200 OK",
            "HTTP/1.0 200 OK",
            "exchange.http_invalid",
        ),
    ] {
        let text = passed.replace(from, to);
        let out = run_with(&["exchange", "from-http"], Some(text.as_bytes()));
        assert_eq!(out.error_code(1), code, "{to}");
    }
    // request flags do not apply to a response
    let out = run_with(&["exchange", "to-http", "--user-id", "EE1"], Some(&body));
    assert_eq!(out.error_code(2), "cli.usage");
}

/// `exchange request` → `to-http` → `from-http` → `exchange verify`, and the same for the
/// response: signed envelopes cross X-Road byte for byte and still verify.
#[test]
fn signed_envelopes_cross_x_road_and_verify() {
    const NOW: &str = "2026-12-06T10:00:00Z";
    let dir = Scratch::new("exchange-http-signed");
    let key = |name: &str| {
        let out = run(&["keygen"]);
        out.ok();
        let did = out.json()["did"].as_str().unwrap().to_owned();
        (dir.write(&format!("{name}.key"), &out.stdout), did)
    };
    let (client_key, client_did) = key("client");
    let (service_key, service_did) = key("service");
    let directory = dir.write(
        "directory.json",
        json!({
            "EE/GOV/70000001/social": [client_did],
            "EE/GOV/70000002/population": [service_did],
        })
        .to_string()
        .as_bytes(),
    );
    let query = dir.write("query.json", br#"{"personId": "4471"}"#);
    let out = run(&[
        "exchange",
        "request",
        "--key",
        &client_key,
        "--client",
        "EE/GOV/70000001/social",
        "--service",
        "EE/GOV/70000002/population/residence/v1",
        "--action",
        "getResidence",
        "--now",
        NOW,
        &query,
    ]);
    out.ok();
    let request = out.stdout;
    let http = run_with(&["exchange", "to-http"], Some(&request));
    http.ok();
    assert!(http.text().starts_with(
        "POST /r1/EE/GOV/70000002/population/residence/v1 HTTP/1.1\r\nX-Road-Client: EE/GOV/70000001/social\r\n"
    ));
    let received = run_with(&["exchange", "from-http"], Some(&http.stdout));
    received.ok();
    assert_eq!(received.stdout, request);
    let request_file = dir.write("request.json", &received.stdout);
    let verify = |extra: &[&str], file: &str| {
        let mut args = vec![
            "exchange",
            "verify",
            "--directory",
            &directory,
            "--now",
            NOW,
        ];
        args.extend(extra);
        args.push(file);
        run(&args)
    };
    verify(&[], &request_file).ok();

    let answer = dir.write("answer.json", br#"{"residence": "Tallinn"}"#);
    let out = run(&[
        "exchange",
        "respond",
        "--key",
        &service_key,
        "--request",
        &request_file,
        "--now",
        NOW,
        &answer,
    ]);
    out.ok();
    let response = out.stdout;
    let http = run_with(&["exchange", "to-http"], Some(&response));
    http.ok();
    assert!(http.text().starts_with("HTTP/1.1 200 OK\r\n"));
    let received = run_with(&["exchange", "from-http"], Some(&http.stdout));
    received.ok();
    assert_eq!(received.stdout, response);
    let response_file = dir.write("response.json", &received.stdout);
    let out = verify(&["--request", &request_file], &response_file);
    out.ok();
    assert_eq!(out.json()["payload"], json!({"residence": "Tallinn"}));
}
