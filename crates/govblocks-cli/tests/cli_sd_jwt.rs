//! The `govblocks sd-jwt` subcommands (`issue`, `present`, `verify`), run as a program: what
//! they print, refusals with their codes and exit statuses, usage errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use serde_json::json;

const AUD: &str = "https://office.example.gov";
const NONCE: &str = "n-4711";
const NOW: &str = "2026-12-06T10:00:00Z";

struct Setup {
    dir: Scratch,
    issuer: String,
    holder: String,
    other: String,
    issued: String,
}

fn key(dir: &Scratch, name: &str, seed: &str) -> String {
    let out = run(&["keygen", "--seed", seed]);
    out.ok();
    dir.write(&format!("{name}.key"), &out.stdout)
}

fn setup(tag: &str) -> Setup {
    let dir = Scratch::new(tag);
    let issuer = key(&dir, "issuer", &"11".repeat(32));
    let holder = key(&dir, "holder", &"22".repeat(32));
    let other = key(&dir, "other", &"33".repeat(32));
    let claims = dir.write(
        "claims.json",
        json!({
            "given_name": "Olena",
            "birthdate": "1990-04-01",
            "address": {"district": "Podilskyi", "street": "Kontraktova 4"},
            "nationalities": ["UA", "PL"],
        })
        .to_string()
        .as_bytes(),
    );
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &issuer,
        "--holder",
        &holder,
        "--vct",
        "https://credentials.example.gov/id",
        "--decoys",
        "2",
        "--now",
        NOW,
        "--disclose",
        "/given_name",
        "--disclose",
        "/birthdate",
        "--disclose",
        "/address",
        "--disclose",
        "/address/district",
        "--disclose",
        "/nationalities/1",
        &claims,
    ]);
    out.ok();
    let text = out.text();
    assert!(text.ends_with("~\n"), "{text}");
    let issued = dir.write("issued.txt", text.as_bytes());
    Setup {
        dir,
        issuer,
        holder,
        other,
        issued,
    }
}

fn present(s: &Setup, reveal: &[&str], nonce: &str) -> String {
    let mut args = vec![
        "sd-jwt",
        "present",
        "--holder-key",
        &s.holder,
        "--aud",
        AUD,
        "--nonce",
        nonce,
        "--now",
        NOW,
    ];
    for r in reveal {
        args.extend(["--reveal", r]);
    }
    args.push(&s.issued);
    let out = run(&args);
    out.ok();
    out.text()
}

fn verify(s: &Setup, presented: &str, extra: &[&str]) -> common::Run {
    let mut args = vec!["sd-jwt", "verify", "--issuer-key", &s.issuer, "--now", NOW];
    args.extend(extra);
    run_with(&args, Some(presented.as_bytes()))
}

#[test]
fn issue_present_verify() {
    let s = setup("sd-jwt-round-trip");
    let presented = present(&s, &["/address/district"], NONCE);
    let out = verify(&s, &presented, &["--aud", AUD, "--nonce", NONCE]);
    out.ok();
    let mut claims = out.json();
    assert!(claims["cnf"]["jwk"]["x"].is_string());
    claims.as_object_mut().unwrap().remove("cnf");
    // With --vct, iss is the key's did:key and iat --now.
    let issuer_did = run(&["keygen", "--seed", &"11".repeat(32)]).json()["did"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        claims,
        json!({
            "iss": issuer_did,
            "iat": 1_796_551_200,
            "vct": "https://credentials.example.gov/id",
            "address": {"district": "Podilskyi", "street": "Kontraktova 4"},
            "nationalities": ["UA"],
        })
    );
    assert_eq!(
        out.text().matches('\n').count(),
        1,
        "one JSON object, one line"
    );
    // Without --aud/--nonce no key binding is required; the one present is still checked.
    verify(&s, &presented, &[]).ok();
    // The file form, and a DID as the issuer key, work too.
    let file = s.dir.write("presented.txt", presented.as_bytes());
    let did = run(&["keygen", "--seed", &"11".repeat(32)]).json()["did"]
        .as_str()
        .unwrap()
        .to_string();
    run(&[
        "sd-jwt",
        "verify",
        "--issuer-key",
        &did,
        "--now",
        NOW,
        "--aud",
        AUD,
        "--nonce",
        NONCE,
        &file,
    ])
    .ok();
}

#[test]
fn refusals_have_their_codes() {
    let s = setup("sd-jwt-refusals");
    let presented = present(&s, &["/given_name"], NONCE);
    let kb = ["--aud", AUD, "--nonce", NONCE];
    assert_eq!(
        verify(&s, &presented, &["--aud", AUD, "--nonce", "other"]).error_code(1),
        "sdjwt.kb_nonce"
    );
    assert_eq!(
        verify(
            &s,
            &presented,
            &["--aud", "https://other", "--nonce", NONCE]
        )
        .error_code(1),
        "sdjwt.kb_audience"
    );
    // Verified a day later: the key binding is too old.
    let mut args = vec![
        "sd-jwt",
        "verify",
        "--issuer-key",
        &s.issuer,
        "--now",
        "2026-12-07T10:00:00Z",
    ];
    args.extend(kb);
    assert_eq!(
        run_with(&args, Some(presented.as_bytes())).error_code(1),
        "sdjwt.kb_time"
    );
    // No key binding when one is required.
    let issued = std::fs::read_to_string(&s.issued).unwrap();
    assert_eq!(verify(&s, &issued, &kb).error_code(1), "sdjwt.kb_missing");
    // Another issuer key.
    let mut args = vec!["sd-jwt", "verify", "--issuer-key", &s.other, "--now", NOW];
    args.extend(kb);
    assert_eq!(
        run_with(&args, Some(presented.as_bytes())).error_code(1),
        "jws.signature_invalid"
    );
    // A disclosure dropped after the key binding was made.
    let trimmed = presented.trim_end();
    let parts: Vec<&str> = trimmed.split('~').collect();
    let dropped = format!("{}~{}", parts[0], parts[parts.len() - 1]);
    assert_eq!(verify(&s, &dropped, &kb).error_code(1), "sdjwt.kb_sd_hash");
    // A disclosure repeated.
    let repeated = format!(
        "{}~{}~{}~{}",
        parts[0],
        parts[1],
        parts[1],
        parts[parts.len() - 1]
    );
    assert_eq!(
        verify(&s, &repeated, &kb).error_code(1),
        "sdjwt.disclosure_duplicate"
    );
    assert_eq!(
        verify(&s, "not an sd-jwt", &[]).error_code(1),
        "sdjwt.malformed"
    );
    // The holder: a pointer that names nothing, another key than cnf.
    let out = run(&[
        "sd-jwt",
        "present",
        "--holder-key",
        &s.holder,
        "--aud",
        AUD,
        "--nonce",
        NONCE,
        "--reveal",
        "/nope",
        &s.issued,
    ]);
    assert_eq!(out.error_code(1), "sdjwt.pointer_invalid");
    let out = run(&[
        "sd-jwt",
        "present",
        "--holder-key",
        &s.other,
        "--aud",
        AUD,
        "--nonce",
        NONCE,
        &s.issued,
    ]);
    assert_eq!(out.error_code(1), "sdjwt.cnf_invalid");
    // The issuer: a pointer that names nothing, a reserved name.
    let claims = s.dir.write("bad.json", br#"{"_sd": [], "a": 1}"#);
    let out = run(&[
        "sd-jwt", "issue", "--key", &s.issuer, "--holder", &s.holder, &claims,
    ]);
    assert_eq!(out.error_code(1), "sdjwt.reserved_name");
    let claims = s.dir.write("good.json", br#"{"a": 1}"#);
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--disclose",
        "/b",
        &claims,
    ]);
    assert_eq!(out.error_code(1), "sdjwt.pointer_invalid");
}

#[test]
fn usage_errors() {
    let s = setup("sd-jwt-usage");
    let presented = present(&s, &[], NONCE);
    // --nonce without --aud, and the reverse.
    assert_eq!(
        verify(&s, &presented, &["--nonce", NONCE]).error_code(2),
        "cli.usage"
    );
    assert_eq!(
        verify(&s, &presented, &["--aud", AUD]).error_code(2),
        "cli.usage"
    );
    // present needs --aud and --nonce.
    let out = run(&["sd-jwt", "present", "--holder-key", &s.holder, &s.issued]);
    assert_eq!(out.error_code(2), "cli.usage");
    // A --vct that disagrees with the file's.
    let claims = s.dir.write("vct.json", br#"{"vct": "a"}"#);
    let out = run(&[
        "sd-jwt", "issue", "--key", &s.issuer, "--holder", &s.holder, "--vct", "b", &claims,
    ]);
    assert_eq!(out.error_code(2), "cli.usage");
}

const FOUNDATIONAL_VCT: &str = "https://schemas.govblocks.org/identity/v1/vct/foundational-id";

fn subject() -> serde_json::Value {
    json!({
        "type": "FoundationalId",
        "uin": "7260181597",
        "givenName": "Olena",
        "familyName": "Kovalenko",
        "birthDate": "1990-04-01",
        "residence": {"country": "UA", "region": "Kyiv", "district": "Podilskyi"},
    })
}

#[test]
fn foundational_id_as_sd_jwt_vc_age_and_district() {
    let mut s = setup("sd-jwt-foundational");
    let file = s
        .dir
        .write("subject.json", subject().to_string().as_bytes());
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--foundational-id",
        "--now",
        NOW,
        "--expires",
        "2031-01-01T00:00:00Z",
        &file,
    ]);
    out.ok();
    s.issued = s.dir.write("olena.sd-jwt", out.text().as_bytes());
    let kb = ["--aud", AUD, "--nonce", NONCE, "--vct", FOUNDATIONAL_VCT];
    // The age check: age_over_18 alone.
    let presented = present(&s, &["/age_over_18"], NONCE);
    let out = verify(&s, &presented, &kb);
    out.ok();
    let mut claims = out.json();
    claims.as_object_mut().unwrap().remove("cnf");
    let issuer_did = run(&["keygen", "--seed", &"11".repeat(32)]).json()["did"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        claims,
        json!({
            "vct": FOUNDATIONAL_VCT, "iss": issuer_did, "iat": 1_796_551_200,
            "exp": 1_924_992_000, "age_over_18": true,
        })
    );
    // The district check: the district alone.
    let presented = present(&s, &["/address/district"], NONCE);
    let out = verify(&s, &presented, &["--aud", AUD, "--nonce", NONCE, "--vc"]);
    out.ok();
    let claims = out.json();
    assert_eq!(claims["address"], json!({"district": "Podilskyi"}));
    assert!(claims.get("birthdate").is_none() && claims.get("uin").is_none());
    // Another type expected.
    assert_eq!(
        verify(
            &s,
            &presented,
            &["--vct", "https://credentials.example.gov/other"]
        )
        .error_code(1),
        "sdjwtvc.vct_invalid"
    );
    // A credential holding the subject is read too.
    let file = s.dir.write(
        "credential.json",
        json!({"credentialSubject": subject()})
            .to_string()
            .as_bytes(),
    );
    run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--foundational-id",
        &file,
    ])
    .ok();
    // A subject that fails its checks.
    let mut bad = subject();
    bad["uin"] = json!("7260181598");
    let file = s.dir.write("bad.json", bad.to_string().as_bytes());
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--foundational-id",
        &file,
    ]);
    assert_eq!(out.error_code(1), "foundational_id.number_invalid");
    // --foundational-id fixes the disclosable claims; --expires needs an SD-JWT VC.
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--foundational-id",
        "--disclose",
        "/uin",
        &file,
    ]);
    assert_eq!(out.error_code(2), "cli.usage");
    let claims = s.dir.write("plain.json", br#"{"a": 1}"#);
    let out = run(&[
        "sd-jwt",
        "issue",
        "--key",
        &s.issuer,
        "--holder",
        &s.holder,
        "--expires",
        "2031-01-01T00:00:00Z",
        &claims,
    ]);
    assert_eq!(out.error_code(2), "cli.usage");
}

#[test]
fn sd_jwt_vc_refusals() {
    let s = setup("sd-jwt-vc-refusals");
    let vct = "https://credentials.example.gov/id";
    let claims = s.dir.write("claims.json", br#"{"a": 1}"#);
    let issue = |extra: &[&str], file: &str| {
        let mut args = vec![
            "sd-jwt", "issue", "--key", &s.issuer, "--holder", &s.holder, "--vct", vct,
        ];
        args.extend(extra);
        args.push(file);
        run(&args)
    };
    assert_eq!(
        issue(&["--disclose", "/iss"], &claims).error_code(1),
        "sdjwtvc.not_disclosable"
    );
    let foreign = s.dir.write(
        "foreign.json",
        br#"{"iss": "https://registry.example.gov"}"#,
    );
    assert_eq!(
        issue(&[], &foreign).error_code(1),
        "sdjwtvc.issuer_mismatch"
    );
    assert_eq!(
        run(&[
            "sd-jwt", "issue", "--key", &s.issuer, "--holder", &s.holder, "--vct", "plain",
            &claims,
        ])
        .error_code(1),
        "sdjwtvc.vct_invalid"
    );
    // A plain SD-JWT is not an SD-JWT VC.
    let out = run(&[
        "sd-jwt", "issue", "--key", &s.issuer, "--holder", &s.holder, &claims,
    ]);
    out.ok();
    let plain = out.text();
    verify(&s, &plain, &[]).ok();
    assert_eq!(
        verify(&s, &plain, &["--vc"]).error_code(1),
        "sdjwtvc.typ_invalid"
    );
}
