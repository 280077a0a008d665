//! The `govblocks` command, run as a program: its output and exit-status contract, against the
//! W3C eddsa-jcs-2022 and RFC 8785 vectors (govblocks-core/tests/vectors, see each SOURCE.md).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run_with as run, Run};

use govblocks_core::keys::KeyFile;
use govblocks_core::{jcs, json};
use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const W3C: &str = "w3c-vc-di-eddsa";
const W3C_DID: &str = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
const W3C_CREATED: &str = "2023-02-24T23:36:38Z";

fn vector_path(rel: &str) -> PathBuf {
    std::env::var_os("GOVBLOCKS_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../govblocks-core/tests/vectors")
        })
        .join(rel)
}

fn vector(rel: &str) -> String {
    let path = vector_path(rel);
    assert!(
        path.exists(),
        "missing test vector {} (set GOVBLOCKS_VECTORS)",
        path.display()
    );
    path.to_str().unwrap().to_string()
}

fn read(path: &str) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A scratch file path unique to `name`.
fn scratch(name: &str) -> String {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("govblocks-cli-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name).to_str().unwrap().to_string()
}

fn write(name: &str, bytes: &[u8]) -> String {
    let path = scratch(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn key_pair() -> String {
    vector(&format!("{W3C}/keyPair.json"))
}

fn signed_vector() -> String {
    vector(&format!("{W3C}/eddsa-jcs-2022/signedJCS.json"))
}

/// A key file made by `keygen --seed` with `byte` repeated, and its DID.
fn seeded_key(name: &str, byte: u8) -> (String, String) {
    let seed = to_hex(&[byte; 32]);
    let out = run(&["keygen", "--seed", &seed], None);
    let did = out.ok().json()["did"].as_str().unwrap().to_string();
    (write(name, &out.stdout), did)
}

/// A canonical JSON object of exactly `size` bytes that passes every default limit of the
/// strict parser but the size: string members of at most 1,000,000 characters each.
fn big_document(size: usize) -> Vec<u8> {
    const PER_MEMBER: usize = 1_000_000;
    let mut doc = b"{".to_vec();
    for i in 0.. {
        let name = format!("\"m{i}\":\"");
        // What is left after this member's name, its closing quote and the closing brace.
        let room = size - doc.len() - name.len() - 2;
        doc.extend_from_slice(name.as_bytes());
        if room <= PER_MEMBER {
            doc.resize(doc.len() + room, b'x');
            doc.extend_from_slice(b"\"}");
            break;
        }
        doc.resize(doc.len() + PER_MEMBER, b'x');
        doc.extend_from_slice(b"\",");
    }
    assert_eq!(doc.len(), size);
    doc
}

/// Runs `govblocks args…` with a stdin that never ends (written until the command stops
/// reading).
fn run_endless(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_govblocks"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let chunk = vec![b' '; 1 << 20];
        while pipe.write_all(&chunk).is_ok() {}
    });
    let output = child.wait_with_output().unwrap();
    writer.join().unwrap();
    Run {
        status: output.status.code().expect("exited, not killed"),
        stdout: output.stdout,
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

// ---- keygen ----------------------------------------------------------------------------------

#[test]
fn keygen_with_the_w3c_seed_reproduces_the_w3c_key_pair() {
    let secret = KeyFile::parse(&read(&key_pair())).unwrap();
    let seed = to_hex(&*secret.to_seed());
    let first = run(&["keygen", "--seed", &seed], None);
    let second = run(&["keygen", "--seed", &seed.to_uppercase()], None);
    assert_eq!(first.ok().stdout, second.ok().stdout, "deterministic");
    assert!(first.stdout.ends_with(b"\n"));

    let v = first.json();
    let w3c = json::parse(&read(&key_pair())).unwrap();
    assert_eq!(v["publicKeyMultibase"], w3c["publicKeyMultibase"]);
    assert_eq!(v["privateKeyMultibase"], w3c["privateKeyMultibase"]);
    assert_eq!(v["did"], W3C_DID);
    assert_eq!(
        v["verificationMethod"],
        format!("{W3C_DID}#{}", &W3C_DID["did:key:".len()..])
    );
    assert_eq!(v["publicKeyJwk"]["kty"], "OKP");
    assert_eq!(v["publicKeyJwk"]["crv"], "Ed25519");
    assert!(v["publicKeyJwk"].get("d").is_none(), "no secret in the JWK");
    let members: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(members.len(), 5, "{members:?}");
}

#[test]
fn keygen_without_seed_is_random_and_its_output_is_a_key_file() {
    let a = run(&["keygen"], None);
    let b = run(&["keygen", "--pretty"], None);
    let (a, b) = (a.ok().json(), b.ok().json());
    assert_ne!(a["privateKeyMultibase"], b["privateKeyMultibase"]);
    let secret = KeyFile::parse(a.to_string().as_bytes()).unwrap();
    assert_eq!(secret.public_key().did(), a["did"].as_str().unwrap());
    // ... and `sign --key` takes it as it is.
    let key = write("random.key.json", a.to_string().as_bytes());
    run(&["sign", "--key", &key], Some(br#"{"a":1}"#)).ok();
}

#[test]
fn keygen_refuses_a_malformed_seed_as_usage() {
    for seed in [
        "00".repeat(31),
        "0".repeat(65),
        format!("{}zz", "00".repeat(31)),
        String::new(),
    ] {
        let out = run(&["keygen", "--seed", &seed], None);
        assert_eq!(out.error_code(2), "cli.usage", "{seed:?}");
        assert!(!out.stderr.is_empty(), "a hint for humans on stderr");
    }
}

#[test]
fn keygen_x25519_writes_an_x25519_key_file_and_keeps_seed() {
    use govblocks_core::keys::{X25519KeyFile, X25519PublicKey};
    let seed = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb";
    let first = run(&["keygen", "--x25519", "--seed", seed], None);
    let second = run(
        &["keygen", "--seed", &seed.to_uppercase(), "--x25519"],
        None,
    );
    assert_eq!(first.ok().stdout, second.ok().stdout, "deterministic");
    let v = first.json();
    // RFC 7748 §6.1's Bob: the secret is the seed, the public key the RFC's (RFC 8037 A.6 x).
    assert_eq!(v["publicKeyJwk"]["crv"], "X25519");
    assert_eq!(
        v["publicKeyJwk"]["x"],
        "3p7bfXt9wbTTW2HC7OQ1Nz-DQ8hbeGdNrfx-FG-IK08"
    );
    assert!(v["publicKeyJwk"].get("d").is_none(), "no secret in the JWK");
    let public = v["publicKeyMultibase"].as_str().unwrap();
    assert!(public.starts_with("z6LS"), "{public}");
    assert_eq!(v["did"], format!("did:key:{public}"));
    assert_eq!(v["keyId"], format!("did:key:{public}#{public}"));
    let members: Vec<&str> = v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(members.len(), 5, "{members:?}");
    let secret = X25519KeyFile::parse(v.to_string().as_bytes()).unwrap();
    assert_eq!(
        to_hex(&*secret.to_bytes()),
        seed,
        "--seed is the X25519 secret key"
    );
    assert_eq!(
        X25519PublicKey::parse_any(public).unwrap(),
        secret.public_key()
    );
    // Random without --seed; an X25519 key file is no signing key.
    let random = run(&["keygen", "--x25519", "--pretty"], None).ok().json();
    assert_ne!(random["privateKeyMultibase"], v["privateKeyMultibase"]);
    X25519KeyFile::parse(random.to_string().as_bytes()).unwrap();
    assert_eq!(
        KeyFile::parse(random.to_string().as_bytes())
            .unwrap_err()
            .code(),
        "key.type_unsupported"
    );
    let help = run(&["keygen", "--help"], None);
    let help = String::from_utf8(help.ok().stdout.clone()).unwrap();
    assert!(help.contains("--x25519"), "{help}");
}

// ---- canonicalize ------------------------------------------------------------------------------

#[test]
fn canonicalize_reproduces_the_rfc8785_vectors_byte_exact() {
    let inputs = std::fs::read_dir(vector_path("rfc8785-jcs/input")).unwrap();
    let mut count = 0;
    for entry in inputs {
        let input = entry.unwrap().path();
        let name = input.file_name().unwrap().to_str().unwrap().to_string();
        let expected = read(&vector(&format!("rfc8785-jcs/output/{name}")));
        let from_file = run(&["canonicalize", input.to_str().unwrap()], None);
        assert_eq!(
            String::from_utf8_lossy(&from_file.ok().stdout),
            String::from_utf8_lossy(&expected),
            "{name}"
        );
        let from_stdin = run(&["canonicalize"], Some(&read(input.to_str().unwrap())));
        assert_eq!(from_stdin.ok().stdout, expected, "{name} via stdin");
        let from_dash = run(&["canonicalize", "-"], Some(&read(input.to_str().unwrap())));
        assert_eq!(from_dash.ok().stdout, expected, "{name} via -");
        count += 1;
    }
    assert!(count >= 6, "found {count} RFC 8785 vectors");
}

#[test]
fn canonicalize_reports_malformed_input_with_its_code() {
    let cases: [(&[u8], &str); 4] = [
        (b"{\"a\":1,}", "json.syntax"),
        (b"{\"a\":1} x", "json.trailing_characters"),
        (b"", "json.syntax"),
        (b"\xff", "json.invalid_utf8"),
    ];
    for (input, code) in cases {
        let out = run(&["canonicalize"], Some(input));
        let got = out.error_code(1);
        // The interim parser reports all of these as json.syntax; the strict one is precise.
        assert!(
            got == code || got == "json.syntax",
            "{:?}: {got}",
            String::from_utf8_lossy(input)
        );
    }
    let missing = run(&["canonicalize", &scratch("does-not-exist.json")], None);
    assert_eq!(missing.error_code(1), "io.error");
}

#[test]

fn duplicate_keys_are_refused_everywhere() {
    let doc = br#"{"a":1,"a":2}"#;
    assert_eq!(
        run(&["canonicalize"], Some(doc)).error_code(1),
        "json.duplicate_key"
    );
    assert_eq!(
        run(&["verify"], Some(doc)).error_code(1),
        "json.duplicate_key"
    );
    assert_eq!(
        run(&["sign", "--key", &key_pair()], Some(doc)).error_code(1),
        "json.duplicate_key"
    );
    // A signed document with a duplicated member must not verify as the signed one.
    let signed = String::from_utf8(read(&signed_vector())).unwrap();
    let doubled = signed.replacen(
        "\"issuer\"",
        "\"issuer\": \"https://evil.example\", \"issuer\"",
        1,
    );
    assert_eq!(
        run(&["verify"], Some(doubled.as_bytes())).error_code(1),
        "json.duplicate_key"
    );
}

#[test]
fn input_over_the_size_limit_is_refused_with_its_size() {
    // 5 MiB of valid JSON (one long array), over the 4 MiB default limit.
    let mut big = Vec::with_capacity(5 << 20);
    big.push(b'[');
    while big.len() < 5 << 20 {
        big.extend_from_slice(b"0,");
    }
    big.extend_from_slice(b"0]");
    for cmd in ["canonicalize", "verify"] {
        let out = run(&[cmd], Some(&big));
        assert_eq!(out.error_code(1), "json.too_large", "{cmd} via stdin");
    }
    let path = write("big.json", &big);
    let out = run(&["canonicalize", &path], None);
    assert_eq!(out.error_code(1), "json.too_large");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains(&big.len().to_string()),
        "a file's real size is reported: {message}"
    );
    let out = run(&["sign", "--key", &key_pair(), &path], None);
    assert_eq!(out.error_code(1), "json.too_large");
}

#[test]
fn max_bytes_raises_the_size_limit_of_every_command_that_reads_a_document() {
    // 5 MiB, over the 4 MiB default; every other limit of the strict parser is met.
    let big = big_document(5 << 20);
    let path = write("max-bytes.json", &big);
    let raise = ["--max-bytes", "6000000"];

    let out = run(&["canonicalize", &path], None);
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run(&[&["canonicalize"][..], &raise, &[&path]].concat(), None);
    assert_eq!(out.ok().stdout, big, "the document is already canonical");
    let out = run(&[&["canonicalize"][..], &raise].concat(), Some(&big));
    assert_eq!(out.ok().stdout, big, "through stdin");
    // A limit below the size refuses it again.
    let out = run(&["canonicalize", "--max-bytes", "5242879", &path], None);
    assert_eq!(out.error_code(1), "json.too_large");
    run(&["canonicalize", "--max-bytes", "5242880", &path], None).ok();

    let key = key_pair();
    let out = run(&["sign", "--key", &key, &path], None);
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run(
        &[&["sign", "--key", &key][..], &raise, &[&path]].concat(),
        None,
    );
    let signed = write("max-bytes.signed.json", &out.ok().stdout);
    assert!(out.stdout.len() < 6_000_000);

    let out = run(&["verify", "--trust", W3C_DID, &signed], None);
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run(
        &[&["verify", "--trust", W3C_DID][..], &raise, &[&signed]].concat(),
        None,
    );
    assert_eq!(out.ok().json()["trusted"], true);

    let validate = ["validate", "--schema", "secured-document"];
    let out = run(&[&validate[..], &[&signed]].concat(), None);
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run(&[&validate[..], &raise, &[&signed]].concat(), None);
    assert_eq!(out.ok().json()["valid"], true);

    // JWS signs bytes: the payload (and, verifying, the JWS and a detached payload) is capped
    // the same way.
    let (jws_key, did) = seeded_key("max-bytes.jws.key.json", 41);
    let out = run(
        &["jws", "sign", "--key", &jws_key, "--detached", &path],
        None,
    );
    assert_eq!(out.error_code(1), "json.too_large");
    let out = run(
        &[
            &["jws", "sign", "--key", &jws_key, "--detached"][..],
            &raise,
            &[&path],
        ]
        .concat(),
        None,
    );
    let jws = write("max-bytes.jws", &out.ok().stdout);
    let verify = ["jws", "verify", "--key", &did, "--payload", &path, &jws];
    assert_eq!(run(&verify, None).error_code(1), "json.too_large");
    let out = run(&[&verify[..], &raise].concat(), None);
    assert_eq!(out.ok().json()["payloadBytes"], big.len());

    // N must be a positive number of bytes.
    for n in ["0", "-1", "4MiB", ""] {
        for cmd in [
            &["canonicalize"][..],
            &["sign", "--key", &key],
            &["verify"],
            &["validate", "--schema", "key-pair"],
            &["jws", "sign", "--key", &jws_key],
            &["jws", "verify", "--key", &did],
        ] {
            let out = run(&[cmd, &["--max-bytes", n, &path]].concat(), None);
            assert_eq!(out.error_code(2), "cli.usage", "{cmd:?} --max-bytes {n:?}");
        }
    }
}

#[test]
fn over_limit_stdin_is_counted_to_report_its_real_size() {
    // Not a multiple of anything the reader might use.
    for size in [5 << 20, (5 << 20) + 12_345] {
        let big = big_document(size);
        let out = run(&["canonicalize"], Some(&big));
        assert_eq!(out.error_code(1), "json.too_large");
        let message = out.json()["error"]["message"].as_str().unwrap().to_string();
        assert!(
            message.contains(&format!("input of {size} bytes")),
            "stdin's real size: {message}"
        );
        assert!(message.contains("4194304"), "{message}");
    }
    // With --max-bytes, the limit named is N.
    let out = run(
        &["verify", "--max-bytes", "1000"],
        Some(&big_document(4096)),
    );
    assert_eq!(out.error_code(1), "json.too_large");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("4096") && message.contains("1000"),
        "{message}"
    );
    // A key file from stdin is counted the same way.
    let out = run(
        &["sign", "--key", "-", &key_pair()],
        Some(&vec![b' '; 100_000]),
    );
    assert_eq!(out.error_code(1), "json.too_large");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(message.contains("100000"), "{message}");
}

#[test]
fn endless_stdin_is_counted_up_to_1_gib_only() {
    let out = run_endless(&["canonicalize"]);
    assert_eq!(out.error_code(1), "json.too_large");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("more than 1073741824 bytes"),
        "an endless stream: {message}"
    );
}

#[test]
fn a_failed_write_of_the_output_is_an_io_error() {
    let input = write("dev-full.json", br#"{"b":2,"a":1}"#);
    for args in [
        vec!["canonicalize", input.as_str()],
        vec!["keygen"],
        vec!["validate", "--list"],
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_govblocks"))
            .args(&args)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create("/dev/full").unwrap())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8(output.stderr).unwrap();
        assert!(stderr.contains("io.error"), "{args:?}: {stderr:?}");
        assert!(stderr.contains("stdout"), "{args:?}: {stderr:?}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    }
    // An error whose JSON cannot be written is told on stderr too, with its own code.
    let output = Command::new(env!("CARGO_BIN_EXE_govblocks"))
        .args(["canonicalize", &scratch("no-such-file.json")])
        .stdout(std::fs::File::create("/dev/full").unwrap())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("io.error"));
}

// ---- sign --------------------------------------------------------------------------------------

#[test]
fn sign_reproduces_the_w3c_signed_credential() {
    let out = run(
        &[
            "sign",
            "--key",
            &key_pair(),
            "--created",
            W3C_CREATED,
            &vector(&format!("{W3C}/unsigned.json")),
        ],
        None,
    );
    out.ok();
    let expected = json::parse(&read(&signed_vector())).unwrap();
    assert_eq!(out.json(), expected);
    // The default output is the canonical form and a newline.
    assert_eq!(out.stdout.last(), Some(&b'\n'));
    assert_eq!(
        &out.stdout[..out.stdout.len() - 1],
        jcs::canonicalize(&expected).as_slice()
    );

    // The same through stdin, and --pretty: the same value.
    let piped = run(
        &[
            "sign",
            "--key",
            &key_pair(),
            "--created",
            W3C_CREATED,
            "--pretty",
        ],
        Some(&read(&vector(&format!("{W3C}/unsigned.json")))),
    );
    assert_eq!(piped.ok().json(), expected);
    assert!(piped.stdout.contains(&b'\n') && piped.stdout.len() > out.stdout.len());
}

#[test]
fn sign_defaults_created_to_now_and_reads_the_key_from_stdin() {
    let unsigned = vector(&format!("{W3C}/unsigned.json"));
    let out = run(&["sign", "--key", "-", &unsigned], Some(&read(&key_pair())));
    let v = out.ok().json();
    let created = v["proof"]["created"].as_str().unwrap();
    let t = govblocks_core::clock::Timestamp::parse(created, "created").unwrap();
    let age = time::OffsetDateTime::now_utc() - t.to_datetime();
    assert!(age.whole_seconds().abs() < 600, "{created}");
    assert_eq!(created.len(), "2023-02-24T23:36:38Z".len(), "whole seconds");
    assert_eq!(v["proof"]["proofPurpose"], "assertionMethod");
    // Both from stdin cannot work.
    let both = run(&["sign", "--key", "-"], Some(&read(&key_pair())));
    assert_eq!(both.error_code(2), "cli.usage");
}

#[test]
fn sign_refuses_bad_keys_documents_and_methods() {
    let doc: &[u8] = br#"{"a":1}"#;
    assert_eq!(
        run(&["sign", "--key", &scratch("no-such.key.json")], Some(doc)).error_code(1),
        "io.error"
    );
    let not_a_key = write("not-a-key.json", br#"{"publicKeyMultibase":"z6Mk"}"#);
    assert_eq!(
        run(&["sign", "--key", &not_a_key], Some(doc)).error_code(1),
        "key.invalid"
    );
    let (other_key, _) = seeded_key("other.key.json", 7);
    let other = json::parse(&read(&other_key)).unwrap();
    let w3c = json::parse(&read(&key_pair())).unwrap();
    let mismatched = serde_json::json!({
        "publicKeyMultibase": other["publicKeyMultibase"],
        "privateKeyMultibase": w3c["privateKeyMultibase"],
    });
    let mismatched = write("mismatched.key.json", mismatched.to_string().as_bytes());
    assert_eq!(
        run(&["sign", "--key", &mismatched], Some(doc)).error_code(1),
        "key.mismatch"
    );
    assert_eq!(
        run(&["sign", "--key", &key_pair()], Some(b"[1]")).error_code(1),
        "document.not_object"
    );
    // A did:key verification method must name the signing key, with its fragment.
    let vm = other["verificationMethod"].as_str().unwrap();
    assert_eq!(
        run(
            &["sign", "--key", &key_pair(), "--verification-method", vm],
            Some(doc)
        )
        .error_code(1),
        "key.mismatch"
    );
    assert_eq!(
        run(
            &[
                "sign",
                "--key",
                &key_pair(),
                "--verification-method",
                W3C_DID
            ],
            Some(doc)
        )
        .error_code(1),
        "did.invalid"
    );
    // Any other method id is the caller's business.
    let out = run(
        &[
            "sign",
            "--key",
            &key_pair(),
            "--verification-method",
            "did:web:example.org#key-1",
        ],
        Some(doc),
    );
    assert_eq!(
        out.ok().json()["proof"]["verificationMethod"],
        "did:web:example.org#key-1"
    );
    assert_eq!(
        run(
            &["sign", "--key", &key_pair(), "--previous-proof", "urn:none"],
            Some(doc)
        )
        .error_code(1),
        "proof.previous_proof_missing"
    );
}

#[test]
fn sign_refuses_an_unknown_purpose_unless_it_is_meant() {
    let doc: &[u8] = br#"{"id":"urn:uuid:purpose"}"#;
    let key = key_pair();
    let out = run(
        &["sign", "--key", &key, "--purpose", "assertMethod"],
        Some(doc),
    );
    assert_eq!(out.error_code(2), "cli.usage");
    assert!(!out.stderr.is_empty(), "a hint on stderr");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("did you mean assertionMethod?"),
        "{message}"
    );
    assert!(message.contains("--custom-purpose"), "{message}");
    // No suggestion when nothing is close, but still the list and the way out.
    let out = run(&["sign", "--key", &key, "--purpose", "approval"], Some(doc));
    assert_eq!(out.error_code(2), "cli.usage");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(!message.contains("did you mean"), "{message}");
    assert!(message.contains("keyAgreement") && message.contains("--custom-purpose"));

    // Every known purpose is accepted as it is.
    for purpose in [
        "assertionMethod",
        "authentication",
        "capabilityInvocation",
        "capabilityDelegation",
        "keyAgreement",
    ] {
        let out = run(&["sign", "--key", &key, "--purpose", purpose], Some(doc));
        assert_eq!(out.ok().json()["proof"]["proofPurpose"], purpose);
    }
    // --custom-purpose: the user means it.
    let out = run(
        &[
            "sign",
            "--key",
            &key,
            "--purpose",
            "approval",
            "--custom-purpose",
        ],
        Some(doc),
    );
    assert_eq!(out.ok().json()["proof"]["proofPurpose"], "approval");
}

#[test]
fn verify_refuses_an_unknown_purpose_unless_it_is_meant() {
    let key = key_pair();
    let signed = run(
        &[
            "sign",
            "--key",
            &key,
            "--purpose",
            "approval",
            "--custom-purpose",
        ],
        Some(br#"{"id":"urn:uuid:approval"}"#),
    );
    let signed = write("custom-purpose.json", &signed.ok().stdout);

    let out = run(&["verify", "--purpose", "approval", &signed], None);
    assert_eq!(out.error_code(2), "cli.usage");
    let out = run(&["verify", "--purpose", "Authentication", &signed], None);
    assert_eq!(out.error_code(2), "cli.usage");
    let message = out.json()["error"]["message"].as_str().unwrap().to_string();
    assert!(
        message.contains("did you mean authentication?"),
        "{message}"
    );

    let out = run(
        &[
            "verify",
            "--purpose",
            "approval",
            "--custom-purpose",
            &signed,
        ],
        None,
    );
    assert_eq!(out.ok().json()["proofs"][0]["proofPurpose"], "approval");
    // The default purpose does not match it; --any-purpose inspects it.
    let out = run(&["verify", &signed], None);
    assert_eq!(out.error_code(1), "proof.purpose_mismatch");
    run(&["verify", "--any-purpose", &signed], None).ok();
    let out = run(
        &["verify", "--any-purpose", "--custom-purpose", &signed],
        None,
    );
    assert_eq!(out.error_code(2), "cli.usage");
}

// ---- verify ------------------------------------------------------------------------------------

#[test]
fn verify_the_w3c_signed_credential_with_and_without_trust() {
    let signed = signed_vector();
    let out = run(&["verify", &signed], None);
    let v = out.ok().json();
    assert_eq!(v["verified"], true);
    assert_eq!(v["trusted"], false, "no --trust, no trust decision");
    let proofs = v["proofs"].as_array().unwrap();
    assert_eq!(proofs.len(), 1);
    assert_eq!(proofs[0]["controller"], W3C_DID);
    assert_eq!(
        proofs[0]["verificationMethod"],
        format!("{W3C_DID}#{}", &W3C_DID["did:key:".len()..])
    );
    assert_eq!(proofs[0]["proofPurpose"], "assertionMethod");
    assert_eq!(proofs[0]["created"], W3C_CREATED);
    assert_eq!(proofs[0]["id"], Value::Null);
    assert_eq!(out.stdout.iter().filter(|&&b| b == b'\n').count(), 1);

    let trusted = run(&["verify", "--trust", W3C_DID, &signed], None);
    assert_eq!(trusted.ok().json()["trusted"], true);
    // Stdin works the same.
    let piped = run(&["verify", "--trust", W3C_DID], Some(&read(&signed)));
    assert_eq!(piped.ok().json(), trusted.json());

    let (_, other_did) = seeded_key("untrusted.key.json", 3);
    let out = run(&["verify", "--trust", &other_did, &signed], None);
    assert_eq!(out.error_code(1), "trust.untrusted");
    // Trusting the signer among others is enough.
    let out = run(
        &["verify", "--trust", &other_did, "--trust", W3C_DID, &signed],
        None,
    );
    assert_eq!(out.ok().json()["trusted"], true);
}

#[test]
fn verify_fails_on_tampering_with_its_code() {
    let signed = json::parse(&read(&signed_vector())).unwrap();

    let mut tampered = signed.clone();
    tampered["credentialSubject"]["alumniOf"] = "The School of Forgeries".into();
    let out = run(&["verify"], Some(tampered.to_string().as_bytes()));
    assert_eq!(out.error_code(1), "proof.signature_invalid");

    let mut tampered = signed.clone();
    tampered["proof"]["created"] = "2023-02-24T23:36:39Z".into();
    let out = run(&["verify"], Some(tampered.to_string().as_bytes()));
    assert_eq!(out.error_code(1), "proof.signature_invalid");

    let mut unsigned = signed.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    let out = run(&["verify"], Some(unsigned.to_string().as_bytes()));
    assert_eq!(out.error_code(1), "proof.missing");

    let mut suite = signed.clone();
    suite["proof"]["cryptosuite"] = "eddsa-rdfc-2022".into();
    let out = run(&["verify"], Some(suite.to_string().as_bytes()));
    assert_eq!(out.error_code(1), "proof.cryptosuite_unsupported");
}

#[test]
fn verify_checks_purpose_and_time() {
    let signed = signed_vector();
    let out = run(&["verify", "--purpose", "authentication", &signed], None);
    assert_eq!(out.error_code(1), "proof.purpose_mismatch");
    run(&["verify", "--any-purpose", &signed], None).ok();

    // created 2023-02-24T23:36:38Z: ten minutes earlier is outside the default 300 s skew ...
    let early = "2023-02-24T23:26:38Z";
    let out = run(&["verify", "--now", early, &signed], None);
    assert_eq!(out.error_code(1), "proof.not_yet_valid");
    // ... and inside a 900 s one.
    run(&["verify", "--now", early, "--skew", "900", &signed], None).ok();
    run(&["verify", "--now", W3C_CREATED, &signed], None).ok();

    // An expired proof.
    let doc: &[u8] = br#"{"id":"urn:uuid:1"}"#;
    let out = run(
        &[
            "sign",
            "--key",
            &key_pair(),
            "--created",
            "2024-01-01T00:00:00Z",
            "--expires",
            "2024-01-02T00:00:00Z",
        ],
        Some(doc),
    );
    let expiring = out.ok().stdout.clone();
    run(
        &["verify", "--now", "2024-01-01T12:00:00Z"],
        Some(&expiring),
    )
    .ok();
    let out = run(
        &["verify", "--now", "2024-01-03T00:00:00Z"],
        Some(&expiring),
    );
    assert_eq!(out.error_code(1), "proof.expired");
}

#[test]
fn sign_and_verify_a_chain_bound_to_a_challenge_and_domain() {
    let (maker_key, maker) = seeded_key("maker.key.json", 1);
    let (checker_key, checker) = seeded_key("checker.key.json", 2);
    let batch: &[u8] = br#"{"id":"urn:uuid:batch-1","total":"1250.00","currency":"EUR"}"#;
    let bind = [
        "--purpose",
        "authentication",
        "--challenge",
        "c-8f1e",
        "--domain",
        "pay.example.org",
    ];

    let mut args = vec!["sign", "--key", &maker_key, "--id", "urn:proof:maker"];
    args.extend(bind);
    let made = run(&args, Some(batch));
    let mut args = vec![
        "sign",
        "--key",
        &checker_key,
        "--id",
        "urn:proof:checker",
        "--previous-proof",
        "urn:proof:maker",
    ];
    args.extend(bind);
    let approved = run(&args, Some(&made.ok().stdout));
    let approved = approved.ok().stdout.clone();
    let doc = json::parse(&approved).unwrap();
    assert_eq!(doc["proof"].as_array().unwrap().len(), 2);
    assert_eq!(doc["proof"][1]["previousProof"], "urn:proof:maker");

    let verify = |extra: &[&str]| {
        let mut args = vec!["verify"];
        args.extend(extra);
        run(&args, Some(&approved))
    };
    let mut args = vec!["--trust", &maker, "--trust", &checker];
    args.extend(bind);
    let out = verify(&args);
    let v = out.ok().json();
    assert_eq!(v["trusted"], true);
    let proofs = v["proofs"].as_array().unwrap();
    assert_eq!(proofs[0]["controller"], maker.as_str());
    assert_eq!(proofs[0]["id"], "urn:proof:maker");
    assert_eq!(proofs[1]["controller"], checker.as_str());
    assert_eq!(
        proofs[1]["previousProof"],
        serde_json::json!(["urn:proof:maker"])
    );
    assert_eq!(proofs[1]["proofPurpose"], "authentication");

    let auth = ["--purpose", "authentication"];
    let out = verify(
        &[
            &auth[..],
            &["--challenge", "other", "--domain", "pay.example.org"],
        ]
        .concat(),
    );
    assert_eq!(out.error_code(1), "proof.challenge_mismatch");
    let out = verify(
        &[
            &auth[..],
            &["--challenge", "c-8f1e", "--domain", "evil.example"],
        ]
        .concat(),
    );
    assert_eq!(out.error_code(1), "proof.domain_mismatch");
    let out = verify(&[&auth[..], &["--trust", &maker]].concat());
    assert_eq!(out.error_code(1), "trust.untrusted");
    // Without the binding, the default purpose (assertionMethod) does not match.
    assert_eq!(verify(&[]).error_code(1), "proof.purpose_mismatch");

    // Changing the maker's signed proof breaks the chain.
    let mut broken = doc.clone();
    broken["proof"][0]["nonce"] = serde_json::json!("added later");
    let out = run(
        &[&["verify"][..], &auth[..]].concat(),
        Some(broken.to_string().as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.signature_invalid");
    // Copying the checker's signature over the maker's makes one signature count twice.
    let mut copied = doc.clone();
    copied["proof"][0]["proofValue"] = doc["proof"][1]["proofValue"].clone();
    let out = run(
        &[&["verify"][..], &auth[..]].concat(),
        Some(copied.to_string().as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.duplicate");
    // Dropping the endorsed proof leaves a dangling previousProof.
    let mut dangling = doc.clone();
    dangling["proof"].as_array_mut().unwrap().remove(0);
    let out = run(
        &[&["verify"][..], &auth[..]].concat(),
        Some(dangling.to_string().as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.previous_proof_missing");
}

// ---- usage -------------------------------------------------------------------------------------

#[test]
fn bad_usage_exits_2_with_a_usage_error() {
    let signed = signed_vector();
    let cases: Vec<Vec<&str>> = vec![
        vec![],
        vec!["frobnicate"],
        vec!["verify", "--bogus", &signed],
        vec!["sign"],
        vec!["sign", "--key"],
        vec!["sign", "--key", "k.json", "--created", "yesterday"],
        vec![
            "sign",
            "--key",
            "k.json",
            "--created",
            "2023-02-24T23:36:38",
        ],
        vec!["sign", "--key", "k.json", "--purpose", ""],
        vec!["verify", "--now", "2023-13-01T00:00:00Z", &signed],
        vec!["verify", "--skew", "-5", &signed],
        vec!["verify", "--trust", "not-a-did", &signed],
        vec!["verify", "--trust", "did:key:z6MkBroken", &signed],
        vec![
            "verify",
            "--purpose",
            "authentication",
            "--any-purpose",
            &signed,
        ],
        vec!["canonicalize", "a.json", "b.json"],
        vec![
            "sign",
            "--key",
            "k.json",
            "--created",
            "2024-01-02T00:00:00Z",
            "--expires",
            "2024-01-01T00:00:00Z",
        ],
    ];
    for args in cases {
        let out = run(&args, None);
        assert_eq!(out.error_code(2), "cli.usage", "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: a hint on stderr");
    }
}

#[test]
fn help_and_version_succeed() {
    for args in [
        vec!["--help"],
        vec!["--version"],
        vec!["verify", "--help"],
        vec!["sign", "-h"],
        vec!["help", "keygen"],
    ] {
        let out = run(&args, None);
        assert_eq!(out.status, 0, "{args:?}");
        assert!(!out.stdout.is_empty());
    }
    let help = run(&["verify", "--help"], None);
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("\"trusted\": false"), "trust is explained");
    assert!(text.contains("Example"), "with an example");
}

/// The `--flag`s of a subcommand's `--help` options list (not `--help`/`--version`).
fn help_flags(command: &[&str]) -> std::collections::BTreeSet<String> {
    let help = run(&[command, &["--help"]].concat(), None);
    let text = String::from_utf8(help.ok().stdout.clone()).unwrap();
    let options = text
        .split_once("\nOptions:\n")
        .unwrap_or_else(|| panic!("{command:?}: no options list in {text}"))
        .1;
    options
        .lines()
        .take_while(|line| line.is_empty() || line.starts_with(' '))
        // Option lines are indented by at most 6 spaces; their descriptions by 10.
        .filter(|line| {
            let indent = line.len() - line.trim_start().len();
            indent <= 6 && line.trim_start().starts_with('-')
        })
        .flat_map(flags_in)
        .filter(|flag| flag != "--help" && flag != "--version")
        .collect()
}

/// Every `--flag` token of `text`.
fn flags_in(text: &str) -> Vec<String> {
    let mut flags = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("--") {
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
            .unwrap_or(after.len());
        let preceded_by_word =
            rest[..at].ends_with(|c: char| c.is_ascii_alphanumeric() || c == '-');
        if len > 0 && !preceded_by_word {
            flags.push(format!("--{}", &after[..len]));
        }
        rest = &after[len..];
    }
    flags
}

/// The README's CLI summary (the code block under "The `govblocks` command") lists every flag
/// of every subcommand, and no flag a subcommand does not have.
#[test]
fn readme_cli_summary_lists_every_flag() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    let section = readme
        .split_once("## The `govblocks` command")
        .expect("the README has the CLI section")
        .1;
    let block = section
        .split_once("```sh\n")
        .and_then(|(_, rest)| rest.split_once("\n```"))
        .expect("a sh code block in the CLI section")
        .0;
    let commands: [&[&str]; 26] = [
        &["keygen"],
        &["canonicalize"],
        &["sign"],
        &["verify"],
        &["jws", "sign"],
        &["jws", "verify"],
        &["validate"],
        &["credential", "issue"],
        &["credential", "verify"],
        &["presentation", "create"],
        &["presentation", "verify"],
        &["status-list", "create"],
        &["status-list", "set"],
        &["status-list", "clear"],
        &["status-list", "check"],
        &["consent", "agreement", "create"],
        &["consent", "agreement", "verify"],
        &["consent", "give"],
        &["consent", "withdraw"],
        &["consent", "revoke"],
        &["consent", "renew"],
        &["consent", "check"],
        &["consent", "verify"],
        &["consent", "proof"],
        &["consent", "receipt"],
        &["consent", "export"],
    ];
    for command in commands {
        // The subcommand's line, and the indented lines that continue it; comments left out.
        let prefix = format!("govblocks {} ", command.join(" "));
        let mut lines = Vec::new();
        let mut inside = false;
        for line in block.lines() {
            if line.starts_with(&prefix) {
                inside = true;
            } else if !line.starts_with(' ') {
                inside = false;
            }
            if inside {
                lines.push(line.split(" # ").next().unwrap_or_default());
            }
        }
        assert!(!lines.is_empty(), "no README line starts with {prefix:?}");
        let listed: std::collections::BTreeSet<String> =
            lines.iter().flat_map(|line| flags_in(line)).collect();
        let flags = help_flags(command);
        assert!(!flags.is_empty(), "{command:?}");
        let missing: Vec<&String> = flags.difference(&listed).collect();
        assert!(
            missing.is_empty(),
            "README summary of `govblocks {}` misses {missing:?}",
            command.join(" ")
        );
        let stale: Vec<&String> = listed.difference(&flags).collect();
        assert!(
            stale.is_empty(),
            "README summary of `govblocks {}` lists {stale:?}, which --help does not have",
            command.join(" ")
        );
    }
}

// ---- jws -------------------------------------------------------------------------------------

/// RFC 8037 Appendix A.1/A.2 key (public JWK) and the A.4 compact JWS of
/// "Example of Ed25519 signing" with the header {"alg":"EdDSA"}.
const RFC8037_JWK: &str =
    r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
const RFC8037_JWS: &str = "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

#[test]
fn jws_verify_accepts_the_rfc8037_example_with_its_jwk() {
    let jwk = write("rfc8037.jwk.json", RFC8037_JWK.as_bytes());
    let out = run(
        &["jws", "verify", "--key", &jwk],
        Some(RFC8037_JWS.as_bytes()),
    );
    let summary = out.ok().json();
    assert_eq!(summary["verified"], true);
    assert_eq!(summary["alg"], "EdDSA");
    let out = run(
        &["jws", "verify", "--key", &jwk, "--print-payload"],
        Some(format!("{RFC8037_JWS}\n").as_bytes()),
    );
    assert_eq!(out.ok().stdout, b"Example of Ed25519 signing");
}

#[test]
fn jws_sign_with_the_rfc8037_key_and_no_kid_is_byte_exact() {
    // A.1's secret key as a key file: derive it through govblocks_core.
    let jwk = govblocks_core::keys::Jwk::parse(
        br#"{"kty":"OKP","crv":"Ed25519","d":"nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
    )
    .unwrap();
    let secret = jwk.secret_key().unwrap();
    let key = write(
        "rfc8037.key.json",
        &serde_json::to_vec(&KeyFile::new(&secret)).unwrap(),
    );
    let payload = write("rfc8037.payload", b"Example of Ed25519 signing");
    let out = run(&["jws", "sign", "--key", &key, "--no-kid", &payload], None);
    assert_eq!(
        String::from_utf8(out.ok().stdout.clone()).unwrap(),
        format!("{RFC8037_JWS}\n")
    );
}

#[test]
fn jws_round_trips_attached_detached_and_unencoded() {
    let (key, did) = seeded_key("jws.key.json", 21);
    let body = br#"{"msg_id":"123","amount":"10.00"}"#;
    let payload = write("jws.payload.json", body);
    for mode in [&[][..], &["--detached"][..], &["--unencoded"][..]] {
        let mut args = vec!["jws", "sign", "--key", &key];
        args.extend_from_slice(mode);
        args.push(&payload);
        let jws = run(&args, None).ok().stdout.clone();
        let jws_file = write("jws.out", &jws);
        let detached = !mode.is_empty();
        let mut verify = vec!["jws", "verify", "--key", did.as_str()];
        if detached {
            verify.extend_from_slice(&["--payload", &payload]);
        }
        verify.push(&jws_file);
        let summary = run(&verify, None).ok().json();
        assert_eq!(summary["detached"], detached, "{mode:?}");
        assert!(summary["kid"].as_str().unwrap().starts_with(&did));
        // The wrong key fails.
        let (_, other) = seeded_key("jws.other.json", 22);
        let mut wrong = verify.clone();
        wrong[3] = other.as_str();
        assert_eq!(run(&wrong, None).error_code(1), "jws.signature_invalid");
        // A detached JWS without its payload fails.
        if detached {
            let out = run(&["jws", "verify", "--key", &did, &jws_file], None);
            assert_eq!(out.error_code(1), "jws.payload");
        }
    }
}

#[test]
fn jws_verify_refuses_alg_none_and_unknown_crit() {
    let jwk = write("rfc8037b.jwk.json", RFC8037_JWK.as_bytes());
    // {"alg":"none"} . payload . (empty signature)
    let none = "eyJhbGciOiJub25lIn0.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc.";
    let out = run(&["jws", "verify", "--key", &jwk], Some(none.as_bytes()));
    assert_eq!(out.error_code(1), "jws.algorithm_unsupported");
    // {"alg":"EdDSA","crit":["exp"],"exp":1}
    let header =
        govblocks_core::encoding::base64url_encode(br#"{"alg":"EdDSA","crit":["exp"],"exp":1}"#);
    let crit = format!("{header}.e30.{}", RFC8037_JWS.rsplit('.').next().unwrap());
    let out = run(&["jws", "verify", "--key", &jwk], Some(crit.as_bytes()));
    assert_eq!(out.error_code(1), "jws.crit_unsupported");
    // A flipped signature character.
    let mut flipped = RFC8037_JWS.to_string();
    let last = flipped.pop().unwrap();
    flipped.push(if last == 'g' { 'w' } else { 'g' });
    let out = run(&["jws", "verify", "--key", &jwk], Some(flipped.as_bytes()));
    assert_ne!(out.status, 0);
}

// ---- validate --------------------------------------------------------------------------------

#[test]
fn validate_accepts_the_w3c_vectors_and_keygen_output() {
    let out = run(&["validate", "--schema", "key-pair", &key_pair()], None);
    let v = out.ok().json();
    assert_eq!(v["valid"], true);
    assert_eq!(
        v["schema"],
        "https://schemas.govblocks.org/core/v1/key-pair.json"
    );
    run(
        &[
            "validate",
            "--schema",
            "core/v1/secured-document",
            &signed_vector(),
        ],
        None,
    )
    .ok();
    let (key, _) = seeded_key("validate.key.json", 31);
    run(&["validate", "--schema", "key-pair", &key], None).ok();
    let list = run(&["validate", "--list"], None).ok().json();
    assert!(list["schemas"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s == "https://schemas.govblocks.org/core/v1/error.json"));
}

#[test]
fn validate_reports_every_violation_with_its_path() {
    let doc = br#"{"proof":{"type":"Other","cryptosuite":"eddsa-jcs-2022","created":"2023-02-30T00:00:00Z","verificationMethod":"did:key:z6Mk#z6Mk","proofPurpose":"assertionMethod","proofValue":"not-base58"}}"#;
    let out = run(&["validate", "--schema", "secured-document"], Some(doc));
    assert_eq!(out.error_code(1), "schema.invalid");
    let v = out.json();
    let violations = v["error"]["violations"].as_array().unwrap();
    let paths: Vec<&str> = violations
        .iter()
        .map(|x| x["instancePath"].as_str().unwrap())
        .collect();
    for expected in ["/proof/type", "/proof/created", "/proof/proofValue"] {
        assert!(paths.contains(&expected), "{expected} in {paths:?}");
    }
    // The error output itself conforms to the error schema.
    let error_file = write("validate.error.json", &out.stdout);
    run(&["validate", "--schema", "error", &error_file], None).ok();
}

#[test]
fn validate_usage_and_unknown_schemas() {
    let out = run(
        &["validate", "--schema", "no-such-schema", &key_pair()],
        None,
    );
    assert_eq!(out.error_code(1), "schema.unknown");
    assert_eq!(run(&["validate"], None).error_code(2), "cli.usage");
    assert_eq!(
        run(&["validate", "--list", "--schema", "key-pair"], None).error_code(2),
        "cli.usage"
    );
}

/// Issue 5: a date-time at the edge of the range, a clock at the end of time and the largest
/// skew make `verify` answer with an error code, never a crash (exit 101).
#[test]
fn verify_survives_dates_and_skews_at_the_edge_of_the_range() {
    let doc = serde_json::json!({
        "id": "urn:x",
        "proof": {
            "type": "DataIntegrityProof",
            "cryptosuite": "eddsa-jcs-2022",
            "created": "9999-12-31T23:59:59-00:01",
            "verificationMethod": "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2#z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "proofPurpose": "assertionMethod",
            "proofValue": format!("z{}", "1".repeat(64)),
        }
    })
    .to_string();
    let out = run(
        &["verify", "--now", "2024-01-01T00:00:00Z"],
        Some(doc.as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.not_yet_valid");
    let out = run(
        &[
            "verify",
            "--now",
            "9999-12-31T23:59:59Z",
            "--skew",
            "4294967295",
        ],
        Some(doc.as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.signature_invalid");
    let out = run(
        &[
            "verify",
            "--now",
            "9999-12-31T23:59:59-14:00",
            "--skew",
            "4294967295",
        ],
        Some(doc.as_bytes()),
    );
    assert_eq!(out.error_code(1), "proof.signature_invalid");
}
