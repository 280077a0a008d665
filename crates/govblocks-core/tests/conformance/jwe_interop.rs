//! JWE interoperability with two independent implementations, Python `jwcrypto` and
//! JavaScript `jose`, both ways (ECDH-ES + X25519 + A256GCM).
//!
//! * Theirs decrypt here: `tests/vectors/jwe-interop/` keeps JWEs that jwcrypto 1.6.1 and jose
//!   6 made for one fixed recipient (`recipient.json`; see its SOURCE.md for the tool, version,
//!   script and date); [`their_stored_jwes_decrypt`] decrypts every one to its plaintext.
//! * Ours decrypt there: `tests/interop/jwe/run.sh` (run by `.ci/run`) calls the ignored
//!   [`write_ours_for_interop`] to write our JWEs to a folder, decrypts them with jwcrypto and
//!   jose, has both tools encrypt afresh, and calls the ignored [`read_theirs_from_interop`] to
//!   decrypt those here.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::{vector, vector_path};
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::jwe::{self, JweOptions};
use govblocks_core::keys::{Jwk, X25519SecretKey};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// The folder run.sh hands to the ignored tests.
const DIR_VAR: &str = "GOVBLOCKS_JWE_INTEROP_DIR";

fn recipient() -> X25519SecretKey {
    let jwk = Jwk::parse(&vector("jwe-interop/recipient.json")).unwrap();
    X25519SecretKey::from_jwk(&jwk).unwrap()
}

/// Decrypts every case of a case file (`{"tool","version","cases":[{"name","plaintext_b64",
/// "compact"}]}`) and returns how many there were.
fn decrypt_all(file: &Value, key: &X25519SecretKey) -> usize {
    let tool = file["tool"].as_str().unwrap();
    let cases = file["cases"].as_array().unwrap();
    assert!(!cases.is_empty(), "{tool}: no cases");
    for case in cases {
        let name = case["name"].as_str().unwrap();
        let expected = base64url_decode(case["plaintext_b64"].as_str().unwrap(), "p").unwrap();
        let compact = case["compact"].as_str().unwrap();
        let plaintext = jwe::decrypt(compact, key)
            .unwrap_or_else(|e| panic!("{tool} {name}: {e} ({})", e.code()));
        assert_eq!(&plaintext[..], &expected[..], "{tool} {name}");
        // And another key cannot.
        let other = X25519SecretKey::from_bytes(&[1; 32]);
        assert_eq!(
            jwe::decrypt(compact, &other).unwrap_err().code(),
            "jwe.decryption_failed",
            "{tool} {name}"
        );
    }
    cases.len()
}

#[test]
fn their_stored_jwes_decrypt() {
    let key = recipient();
    let mut total = 0;
    for file in ["jwcrypto-1.6.1.json", "jose-6.json"] {
        let value: Value = serde_json::from_slice(&vector(&format!("jwe-interop/{file}"))).unwrap();
        total += decrypt_all(&value, &key);
    }
    assert_eq!(total, 10);
    assert!(vector_path("jwe-interop/SOURCE.md").is_file());
}

fn interop_dir() -> Option<PathBuf> {
    let dir = std::env::var_os(DIR_VAR).map(PathBuf::from);
    if dir.is_none() {
        eprintln!("{DIR_VAR} is not set: run tests/interop/jwe/run.sh");
    }
    dir
}

/// The cases we encrypt for the other tools (the same names as theirs, and a few more).
fn our_cases() -> Vec<(&'static str, Vec<u8>, JweOptions)> {
    let message =
        br#"{"header":{"action":"search"},"message":{"reg_type":"ns:org:RegistryType:Civil"}}"#;
    vec![
        ("short", b"hello, registry".to_vec(), JweOptions::new()),
        ("json-message", message.to_vec(), JweOptions::new()),
        (
            "binary-1kib",
            (0..1024).map(|i| (i * 7 % 251) as u8).collect(),
            JweOptions::new(),
        ),
        (
            "with-kid",
            b"kid names the recipient".to_vec(),
            JweOptions::new().with_kid("did:key:recipient#1"),
        ),
        (
            "with-recipient-kid",
            b"kid is the did:key key id".to_vec(),
            JweOptions::new().with_recipient_kid(),
        ),
        (
            "with-apu-apv",
            b"party info in the KDF".to_vec(),
            JweOptions::new().with_apu(b"Alice").with_apv(b"Bob"),
        ),
        ("empty", Vec::new(), JweOptions::new()),
        (
            "binary-64kib",
            (0..65_536).map(|i| (i * 13 % 256) as u8).collect(),
            JweOptions::new(),
        ),
    ]
}

/// Writes `ours.json` (our JWEs to the stored recipient) into `$GOVBLOCKS_JWE_INTEROP_DIR`.
#[test]
#[ignore = "run by tests/interop/jwe/run.sh"]
fn write_ours_for_interop() {
    let Some(dir) = interop_dir() else { return };
    let public = recipient().public_key();
    let cases: Vec<Value> = our_cases()
        .into_iter()
        .map(|(name, plaintext, options)| {
            let compact = jwe::encrypt(&plaintext, &public, &options)
                .unwrap()
                .to_compact();
            json!({"name": name, "plaintext_b64": base64url_encode(&plaintext), "compact": compact})
        })
        .collect();
    let file = json!({"tool": "govblocks", "version": env!("CARGO_PKG_VERSION"), "cases": cases});
    write(&dir.join("ours.json"), &file);
}

/// Decrypts `jwcrypto.json` and `jose.json`, fresh from the other tools, found in
/// `$GOVBLOCKS_JWE_INTEROP_DIR` (either may be missing when its tool is).
#[test]
#[ignore = "run by tests/interop/jwe/run.sh"]
fn read_theirs_from_interop() {
    let Some(dir) = interop_dir() else { return };
    let key = recipient();
    for file in ["jwcrypto.json", "jose.json"] {
        let path = dir.join(file);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("{} is absent: skipped", path.display());
            continue;
        };
        let value: Value = serde_json::from_slice(&bytes).unwrap();
        let n = decrypt_all(&value, &key);
        println!("  govblocks decrypts {file}: {n} cases ok");
    }
}

fn write(path: &Path, value: &Value) {
    let mut text = serde_json::to_string_pretty(value).unwrap();
    text.push('\n');
    std::fs::write(path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
