//! `govblocks sd-jwt status-list` and `govblocks sd-jwt verify --status-list`: the Token Status
//! List (draft-ietf-oauth-status-list-20) run as a program: a revoked, a suspended and a valid
//! SD-JWT, a token for another list, an expired one, one by another key, usage errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, Scratch};

use serde_json::json;

const NOW: &str = "2026-12-06T10:00:00Z";
const URI: &str = "https://registry.example.gov/statuslists/1";

fn key(dir: &Scratch, name: &str, seed: &str) -> String {
    let out = run(&["keygen", "--seed", seed]);
    out.ok();
    dir.write(&format!("{name}.key"), &out.stdout)
}

/// An SD-JWT by `issuer` at index `idx` of URI.
fn issue(dir: &Scratch, issuer: &str, holder: &str, idx: u64) -> String {
    let claims = dir.write(
        &format!("claims-{idx}.json"),
        json!({
            "iss": "https://registry.example.gov",
            "given_name": "Olena",
            "status": {"status_list": {"idx": idx, "uri": URI}},
        })
        .to_string()
        .as_bytes(),
    );
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        issuer,
        "--holder",
        holder,
        "--disclose",
        "/given_name",
        &claims,
    ]);
    out.ok();
    dir.write(&format!("issued-{idx}.txt"), &out.stdout)
}

fn status_list(dir: &Scratch, name: &str, args: &[&str]) -> String {
    let mut all = vec!["sd-jwt", "status-list", "--now", NOW];
    all.extend_from_slice(args);
    let out = run(&all);
    out.ok();
    let text = out.text();
    assert_eq!(text.matches('.').count(), 2, "{text}");
    dir.write(name, text.as_bytes())
}

#[test]
fn revoked_suspended_and_valid() {
    let dir = Scratch::new("sd-jwt-status");
    let issuer = key(&dir, "issuer", &"11".repeat(32));
    let holder = key(&dir, "holder", &"22".repeat(32));
    let other = key(&dir, "other", &"33".repeat(32));
    let list = status_list(
        &dir,
        "list.jwt",
        &[
            "--key",
            &issuer,
            "--uri",
            URI,
            "--bits",
            "2",
            "--size",
            "1024",
            "--revoke",
            "7",
            "--suspend",
            "42",
            "--ttl",
            "3600",
            "--expires",
            "2026-12-07T10:00:00Z",
        ],
    );
    let verify = |sd_jwt: &str, list: &str, extra: &[&str]| {
        let mut args = vec![
            "sd-jwt",
            "verify",
            "--issuer-key",
            &issuer,
            "--status-list",
            list,
        ];
        if extra.is_empty() {
            args.extend_from_slice(&["--now", NOW]);
        }
        args.extend_from_slice(extra);
        args.push(sd_jwt);
        run(&args)
    };
    let valid = issue(&dir, &issuer, &holder, 0);
    let out = verify(&valid, &list, &[]);
    out.ok();
    assert_eq!(out.json()["status"]["status_list"]["idx"], 0);
    assert_eq!(
        verify(&issue(&dir, &issuer, &holder, 7), &list, &[]).error_code(1),
        "sdjwt.status_revoked"
    );
    assert_eq!(
        verify(&issue(&dir, &issuer, &holder, 42), &list, &[]).error_code(1),
        "sdjwt.status_suspended"
    );
    assert_eq!(
        verify(&issue(&dir, &issuer, &holder, 4096), &list, &[]).error_code(1),
        "sdjwt.status_index_out_of_range"
    );
    // Without --status-list the status is not checked.
    run(&[
        "sd-jwt",
        "verify",
        "--issuer-key",
        &issuer,
        "--now",
        NOW,
        &issue(&dir, &issuer, &holder, 7),
    ])
    .ok();
    // A token for another list, an expired one, one by another key, not a token.
    let elsewhere = status_list(
        &dir,
        "elsewhere.jwt",
        &[
            "--key",
            &issuer,
            "--uri",
            "https://registry.example.gov/statuslists/2",
        ],
    );
    assert_eq!(
        verify(&valid, &elsewhere, &[]).error_code(1),
        "sdjwt.status_list_uri_mismatch"
    );
    assert_eq!(
        verify(&valid, &list, &["--now", "2026-12-08T10:00:00Z"]).error_code(1),
        "sdjwt.status_list_expired"
    );
    let foreign = status_list(&dir, "foreign.jwt", &["--key", &other, "--uri", URI]);
    assert_eq!(
        verify(&valid, &foreign, &[]).error_code(1),
        "sdjwt.status_list_signature"
    );
    let not_a_token = dir.write("not.jwt", b"{}");
    assert_eq!(
        verify(&valid, &not_a_token, &[]).error_code(1),
        "sdjwt.status_list_invalid"
    );
    // An SD-JWT without a status, checked against a list.
    let plain_claims = dir.write("plain.json", br#"{"given_name":"Olena"}"#);
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &issuer,
        "--holder",
        &holder,
        &plain_claims,
    ]);
    out.ok();
    let plain = dir.write("plain.txt", &out.stdout);
    assert_eq!(
        verify(&plain, &list, &[]).error_code(1),
        "sdjwt.status_missing"
    );
}

#[test]
fn status_list_refusals_and_usage() {
    let dir = Scratch::new("sd-jwt-status-usage");
    let issuer = key(&dir, "issuer", &"11".repeat(32));
    let base = [
        "sd-jwt",
        "status-list",
        "--key",
        issuer.as_str(),
        "--uri",
        URI,
    ];
    let with = |extra: &[&str]| {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        run(&args)
    };
    // Suspension needs two bits; an index beyond the list; bits other than 1, 2, 4, 8.
    assert_eq!(
        with(&["--suspend", "1"]).error_code(1),
        "sdjwt.status_list_invalid"
    );
    assert_eq!(
        with(&["--size", "8", "--revoke", "8"]).error_code(1),
        "sdjwt.status_index_out_of_range"
    );
    assert_eq!(
        with(&["--bits", "3"]).error_code(1),
        "sdjwt.status_list_invalid"
    );
    assert_eq!(
        run(&[
            "sd-jwt",
            "status-list",
            "--key",
            &issuer,
            "--uri",
            "not a uri"
        ])
        .error_code(1),
        "sdjwt.status_list_invalid"
    );
    assert_eq!(
        with(&["--bits", "2", "--revoke", "1", "--suspend", "1"]).error_code(2),
        "cli.usage"
    );
    assert_eq!(with(&["--ttl", "0"]).error_code(2), "cli.usage");
    assert_eq!(
        run(&["sd-jwt", "status-list", "--key", &issuer]).error_code(2),
        "cli.usage"
    );
    // The SD-JWT and the token cannot both come from stdin.
    assert_eq!(
        run(&[
            "sd-jwt",
            "verify",
            "--issuer-key",
            &issuer,
            "--status-list",
            "-"
        ])
        .error_code(2),
        "cli.usage"
    );
}
