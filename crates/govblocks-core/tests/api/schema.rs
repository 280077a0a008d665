//! The embedded JSON Schema registry: the schema files themselves, the W3C test vectors, negative
//! cases with their instance paths, short names, the extension builder, and offline `$ref`s.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use govblocks_core::schema::{self, ids, SchemaRegistry, DIALECT, SCHEMA_BASE};
use govblocks_core::Error;
use serde_json::{json, Value};

const VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors/w3c-vc-di-eddsa");

fn vector(name: &str) -> Value {
    let path = format!("{VECTORS}/{name}");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_slice(&bytes).unwrap()
}

fn signed_credential() -> Value {
    vector("eddsa-jcs-2022/signedJCS.json")
}

fn registry() -> &'static SchemaRegistry {
    SchemaRegistry::builtin()
}

/// The violations of `instance` against `schema`, as (instance path, schema path) pairs; panics
/// when the instance is valid.
fn violations(registry: &SchemaRegistry, schema: &str, instance: &Value) -> Vec<(String, String)> {
    match registry.validate(schema, instance) {
        Err(Error::SchemaInvalid { violations, .. }) => {
            assert!(!violations.is_empty());
            violations
                .into_iter()
                .map(|v| {
                    assert!(!v.message.is_empty());
                    (v.instance_path, v.schema_path)
                })
                .collect()
        }
        Err(other) => panic!("expected schema.invalid, got {other:?}"),
        Ok(()) => panic!("expected {instance} to be invalid against {schema}"),
    }
}

/// The instance paths of the violations, deduplicated.
fn paths(registry: &SchemaRegistry, schema: &str, instance: &Value) -> Vec<String> {
    let set: BTreeSet<String> = violations(registry, schema, instance)
        .into_iter()
        .map(|(path, _)| path)
        .collect();
    set.into_iter().collect()
}

/// Asserts that exactly the instance paths `expected` are reported, each by a keyword ending in
/// one of `keywords` (JSON Schema keyword names, e.g. "format").
fn assert_violations(schema: &str, instance: &Value, expected: &[(&str, &str)]) {
    let found = violations(registry(), schema, instance);
    for (path, keyword) in expected {
        assert!(
            found
                .iter()
                .any(|(p, s)| p == path && s.ends_with(&format!("/{keyword}"))),
            "no {keyword} violation at {path:?} in {found:?}"
        );
    }
    let expected_paths: BTreeSet<&str> = expected.iter().map(|(p, _)| *p).collect();
    let found_paths: BTreeSet<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(found_paths, expected_paths, "{found:?}");
}

/// The credential with `edit` applied to its proof.
fn with_proof(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut doc = signed_credential();
    edit(doc["proof"].as_object_mut().unwrap());
    doc
}

// ---- the schema files ------------------------------------------------------------------------

#[test]
fn every_core_file_is_registered_under_its_path() {
    let files: Vec<(&str, &str)> = schema::core_schema_files().collect();
    assert_eq!(files.len(), 5, "{files:?}");
    let mut from_files = BTreeSet::new();
    for (path, text) in files {
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(value["$id"], format!("{SCHEMA_BASE}{path}"), "{path}");
        from_files.insert(value["$id"].as_str().unwrap().to_owned());
    }
    let registered: BTreeSet<String> = registry().ids().map(str::to_owned).collect();
    assert_eq!(registered, from_files);
    for id in [
        ids::DEFS,
        ids::DATA_INTEGRITY_PROOF,
        ids::SECURED_DOCUMENT,
        ids::KEY_PAIR,
        ids::ERROR,
    ] {
        assert!(registered.contains(id), "{id}");
    }
    let sorted: Vec<&str> = registry().ids().collect();
    assert!(sorted.windows(2).all(|w| w[0] < w[1]));
}

#[test]
fn every_schema_is_a_documented_2020_12_schema() {
    for id in registry().ids() {
        let schema = registry().schema(id).unwrap();
        assert_eq!(schema["$schema"], DIALECT, "{id}");
        assert!(
            schema["title"].as_str().is_some_and(|t| !t.is_empty()),
            "{id}"
        );
        assert!(
            schema["description"]
                .as_str()
                .is_some_and(|t| !t.is_empty()),
            "{id}"
        );
        if let Err(error) = jsonschema::draft202012::meta::validate(schema) {
            panic!("{id} is not a valid 2020-12 schema: {error}");
        }
        // Every `$defs` member is documented too.
        if let Some(defs) = schema["$defs"].as_object() {
            for (name, def) in defs {
                assert!(def["title"].is_string(), "{id}#/$defs/{name} has no title");
                assert!(def["description"].is_string(), "{id}#/$defs/{name}");
            }
        }
    }
}

#[test]
fn schema_files_are_strict_json() {
    for (path, text) in schema::core_schema_files() {
        if let Err(error) = govblocks_core::json::parse(text.as_bytes()) {
            panic!("{path}: {error}");
        }
    }
}

/// The crate embeds the repository's `schemas/core/` (through the `schemas/core` link, or the
/// build script's fallback): the embedded copy must be exactly the files there.
#[test]
fn embedded_schemas_are_the_top_level_files() {
    let top = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schemas");
    if !top.join("core").is_dir() {
        return; // a packaged crate, outside the repository: nothing to compare with
    }
    let mut on_disk = BTreeSet::new();
    let mut stack = vec![top.join("core")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                let relative = path.strip_prefix(&top).unwrap();
                let relative = relative
                    .components()
                    .map(|c| c.as_os_str().to_str().unwrap())
                    .collect::<Vec<_>>()
                    .join("/");
                on_disk.insert((relative, std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let embedded: BTreeSet<(String, String)> = schema::core_schema_files()
        .map(|(p, t)| (p.to_owned(), t.to_owned()))
        .collect();
    assert_eq!(embedded, on_disk);
}

#[test]
fn builtin_is_built_once() {
    let threads: Vec<_> = (0..4)
        .map(|_| std::thread::spawn(|| SchemaRegistry::builtin() as *const _ as usize))
        .collect();
    let addresses: BTreeSet<usize> = threads.into_iter().map(|t| t.join().unwrap()).collect();
    assert_eq!(addresses.len(), 1);
}

// ---- the W3C test vectors --------------------------------------------------------------------

#[test]
fn w3c_signed_credential_is_a_secured_document() {
    let doc = signed_credential();
    registry().validate(ids::SECURED_DOCUMENT, &doc).unwrap();
    registry()
        .validate(ids::DATA_INTEGRITY_PROOF, &doc["proof"])
        .unwrap();
    // The same proof as a one-element proof set.
    let mut set = doc.clone();
    set["proof"] = json!([doc["proof"]]);
    registry().validate(ids::SECURED_DOCUMENT, &set).unwrap();
}

#[test]
fn w3c_key_pair_is_a_key_pair() {
    registry()
        .validate(ids::KEY_PAIR, &vector("keyPair.json"))
        .unwrap();
}

#[test]
fn w3c_proof_configuration_lacks_only_the_proof_value() {
    // proofConfigJCS.json is the proof before signing: everything but proofValue.
    let config = vector("eddsa-jcs-2022/proofConfigJCS.json");
    assert_violations(ids::DATA_INTEGRITY_PROOF, &config, &[("", "required")]);
}

#[test]
fn w3c_unsigned_credential_is_not_a_secured_document() {
    assert_violations(
        ids::SECURED_DOCUMENT,
        &vector("unsigned.json"),
        &[("", "required")],
    );
}

// ---- negative cases: the proof ---------------------------------------------------------------

#[test]
fn created_must_be_a_real_date() {
    let doc = with_proof(|p| {
        p.insert("created".into(), json!("2023-02-30T00:00:00Z"));
    });
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("/proof/created", "format")]);
}

#[test]
fn created_must_have_an_offset() {
    let doc = with_proof(|p| {
        p.insert("created".into(), json!("2023-02-24T23:36:38"));
    });
    assert_violations(
        ids::SECURED_DOCUMENT,
        &doc,
        &[("/proof/created", "format"), ("/proof/created", "pattern")],
    );
}

#[test]
fn expires_is_a_date_time_stamp_too() {
    let doc = with_proof(|p| {
        p.insert("expires".into(), json!("tomorrow"));
    });
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("/proof/expires", "format")]);
}

#[test]
fn proof_type_must_be_data_integrity_proof() {
    let doc = with_proof(|p| {
        p.insert("type".into(), json!("Ed25519Signature2020"));
    });
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("/proof/type", "const")]);
}

#[test]
fn proof_value_must_be_base58btc_multibase() {
    for bad in [
        "u3q2-bad",    // base64url multibase
        "z0OIl",       // characters outside the base58 alphabet
        "z",           // header only
        "Z2HnFSSPPBz", // upper-case header
        "",
    ] {
        let doc = with_proof(|p| {
            p.insert("proofValue".into(), json!(bad));
        });
        assert_violations(
            ids::SECURED_DOCUMENT,
            &doc,
            &[("/proof/proofValue", "pattern")],
        );
    }
    let doc = with_proof(|p| {
        p.insert("proofValue".into(), json!(12));
    });
    assert_violations(
        ids::SECURED_DOCUMENT,
        &doc,
        &[("/proof/proofValue", "type")],
    );
}

#[test]
fn proof_array_must_not_be_empty() {
    let mut doc = signed_credential();
    doc["proof"] = json!([]);
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("/proof", "minItems")]);
}

#[test]
fn proof_must_be_an_object_or_array() {
    let mut doc = signed_credential();
    doc["proof"] = json!("z2HnFSSPPBzR36zdDgK8PbEHeXbR56YF24jwMpt3R1eHXQzJDMWS93");
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("/proof", "type")]);
    doc.as_object_mut().unwrap().remove("proof");
    assert_violations(ids::SECURED_DOCUMENT, &doc, &[("", "required")]);
    assert_violations(ids::SECURED_DOCUMENT, &json!([doc]), &[("", "type")]);
}

#[test]
fn required_proof_members() {
    for member in [
        "type",
        "cryptosuite",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    ] {
        let doc = with_proof(|p| {
            p.remove(member);
        });
        let found = violations(registry(), ids::SECURED_DOCUMENT, &doc);
        assert_eq!(found.len(), 1, "{member}: {found:?}");
        assert_eq!(found[0].0, "/proof", "{member}");
        assert!(found[0].1.ends_with("/required"), "{member}: {found:?}");
    }
    // The optional ones.
    for member in ["created", "@context"] {
        let doc = with_proof(|p| {
            p.remove(member);
        });
        registry().validate(ids::SECURED_DOCUMENT, &doc).unwrap();
    }
}

#[test]
fn optional_members_with_the_wrong_type() {
    let cases = [
        ("nonce", json!(5), "/proof/nonce", "type"),
        ("challenge", json!(""), "/proof/challenge", "minLength"),
        ("domain", json!([1, "a"]), "/proof/domain/0", "type"),
        ("domain", json!(["a", "a"]), "/proof/domain", "uniqueItems"),
        ("domain", json!({}), "/proof/domain", "type"),
        (
            "previousProof",
            json!([]),
            "/proof/previousProof",
            "minItems",
        ),
        ("previousProof", json!(true), "/proof/previousProof", "type"),
        ("@context", json!(5), "/proof/@context", "type"),
        ("@context", json!([]), "/proof/@context", "minItems"),
        (
            "@context",
            json!(["not a url"]),
            "/proof/@context/0",
            "format",
        ),
        ("id", json!("not a url"), "/proof/id", "format"),
        (
            "verificationMethod",
            json!("key-1"),
            "/proof/verificationMethod",
            "format",
        ),
        (
            "cryptosuite",
            json!(["eddsa-jcs-2022"]),
            "/proof/cryptosuite",
            "type",
        ),
        (
            "proofPurpose",
            json!(""),
            "/proof/proofPurpose",
            "minLength",
        ),
    ];
    for (member, value, path, keyword) in cases {
        let doc = with_proof(|p| {
            p.insert(member.into(), value.clone());
        });
        assert_violations(ids::SECURED_DOCUMENT, &doc, &[(path, keyword)]);
    }
}

#[test]
fn optional_members_with_the_right_type() {
    let doc = with_proof(|p| {
        p.insert(
            "id".into(),
            json!("urn:uuid:26329423-bec9-4b2e-88cb-a7c7d9dc4544"),
        );
        p.insert("expires".into(), json!("2033-02-24T23:36:38.5+05:30"));
        p.insert(
            "domain".into(),
            json!(["https://example.org", "mycorp-intranet"]),
        );
        p.insert("challenge".into(), json!("1235abcd6789"));
        p.insert("nonce".into(), json!("x"));
        p.insert("previousProof".into(), json!("urn:uuid:1"));
        p.insert("cryptosuite".into(), json!("some-other-suite")); // code decides, not the schema
        p.insert("extension".into(), json!({"any": "thing"}));
    });
    registry().validate(ids::SECURED_DOCUMENT, &doc).unwrap();
}

#[test]
fn every_proof_of_a_set_is_checked() {
    let doc = signed_credential();
    let mut second = doc["proof"].clone();
    second["created"] = json!("2023-13-01T00:00:00Z");
    second["previousProof"] = json!(["urn:uuid:a", "urn:uuid:b"]);
    let mut set = doc.clone();
    set["proof"] = json!([doc["proof"], second]);
    assert_violations(
        ids::SECURED_DOCUMENT,
        &set,
        &[
            ("/proof/1/created", "format"),
            ("/proof/1/created", "pattern"),
        ],
    );
}

#[test]
fn every_violation_is_reported() {
    let doc = with_proof(|p| {
        p.insert("type".into(), json!("Proof"));
        p.insert("created".into(), json!("2023-02-30T00:00:00Z"));
        p.insert("proofValue".into(), json!("not-multibase"));
        p.insert("nonce".into(), json!(7));
        p.remove("proofPurpose");
    });
    let Err(Error::SchemaInvalid { schema, violations }) =
        registry().validate("secured-document", &doc)
    else {
        panic!("expected schema.invalid");
    };
    assert_eq!(schema, ids::SECURED_DOCUMENT);
    let found: Vec<(&str, &str)> = violations
        .iter()
        .map(|v| (v.instance_path.as_str(), v.schema_path.as_str()))
        .collect();
    assert_eq!(
        found,
        [
            ("/proof", "/properties/proof/else/$ref/required"),
            (
                "/proof/created",
                "/properties/proof/else/$ref/properties/created/$ref/format"
            ),
            (
                "/proof/nonce",
                "/properties/proof/else/$ref/properties/nonce/$ref/type"
            ),
            (
                "/proof/proofValue",
                "/properties/proof/else/$ref/properties/proofValue/$ref/pattern"
            ),
            (
                "/proof/type",
                "/properties/proof/else/$ref/properties/type/const"
            ),
        ],
        "{violations:#?}"
    );
    let error = registry()
        .validate("secured-document", &doc)
        .unwrap_err()
        .to_string();
    assert!(error.contains("5 violation(s)"), "{error}");
}

// ---- negative cases: defs, key pair, error ---------------------------------------------------

/// A registry with one wrapper schema per core definition, `test/v1/<def>`.
fn defs_registry() -> SchemaRegistry {
    let defs = registry().schema(ids::DEFS).unwrap()["$defs"]
        .as_object()
        .unwrap()
        .clone();
    let mut builder = SchemaRegistry::builder().with_core();
    for name in defs.keys() {
        builder = builder
            .add_value(json!({
                "$schema": DIALECT,
                "$id": format!("{SCHEMA_BASE}test/v1/{name}.json"),
                "$ref": format!("{}#/$defs/{name}", ids::DEFS),
            }))
            .unwrap();
    }
    builder.build().unwrap()
}

#[test]
fn shared_definitions() {
    let registry = defs_registry();
    let check = |def: &str, value: Value, valid: bool| {
        let id = format!("test/v1/{def}");
        let result = registry.validate(&id, &value);
        assert_eq!(result.is_ok(), valid, "{def} {value}: {result:?}");
    };
    for ok in [
        "2023-02-24T23:36:38Z",
        "2023-02-24T23:36:38.123456Z",
        "2024-02-29T00:00:00+14:00",
        "2023-02-24T23:36:38-09:30",
        "0001-01-01T00:00:00Z",
    ] {
        check("dateTimeStamp", json!(ok), true);
    }
    for bad in [
        "2023-02-30T00:00:00Z",      // no such day
        "2023-02-29T00:00:00Z",      // not a leap year
        "2023-02-24T23:36:38",       // no offset
        "2023-02-24",                // no time
        "2023-02-24t23:36:38z",      // lower case (RFC 3339 allows it, XML Schema does not)
        "2023-02-24 23:36:38Z",      // space separator
        "2016-12-31T23:59:60Z",      // leap second (XML Schema has none)
        "2023-02-24T24:00:00Z",      // end of day
        "2023-02-24T23:36:38+15:00", // offset out of range
        "2023-02-24T23:36:38+0100",  // offset without colon
        "23-02-24T23:36:38Z",
        "+2023-02-24T23:36:38Z",
    ] {
        check("dateTimeStamp", json!(bad), false);
    }
    check("dateTimeStamp", json!(20230224), false);

    // A date without time (ISO 20022 ReqdExctnDt), and its calendar.
    for ok in ["2024-02-29", "0001-01-01", "9999-12-31", "2023-12-01"] {
        check("date", json!(ok), true);
    }
    for bad in [
        "2023-02-29",           // not a leap year
        "2023-04-31",           // no such day
        "0000-01-01",           // no year 0
        "2023-13-01",           // no month 13
        "2023-1-01",            // two-digit month
        "20230101",             // basic format
        "2023-02-24T00:00:00Z", // a time
        "2023-02-24Z",          // an offset
        " 2023-02-24",
    ] {
        check("date", json!(bad), false);
    }
    check("date", json!(20230224), false);

    // An ISO 3166-1 alpha-2 country code (ISO 20022 Ctry), assigned ones only.
    for ok in ["KE", "PH", "BD", "DE", "SS"] {
        check("countryCode", json!(ok), true);
    }
    for bad in ["ke", "Ke", "KEN", "K", "", "XK", "AA", "QM", "ZZ", "UK"] {
        check("countryCode", json!(bad), false);
    }

    // A content digest: SHA-256 multihash, multibase base58btc.
    let digest = govblocks_core::digest::ContentDigest::of_bytes(b"x").to_string();
    check("contentDigest", json!(digest), true);
    check(
        "contentDigest",
        json!("zQmdfTbBqBPQ7VNxZEYEj14VmRuZBkqFbiwReogJgS1zR1n"),
        true,
    );
    check("contentDigest", json!(&digest[..46]), false);
    check("contentDigest", json!(format!("{digest}1")), false);
    check("contentDigest", json!(digest.replace("zQm", "zQn")), false);
    check("contentDigest", json!(digest.replacen('z', "u", 1)), false);
    check(
        "contentDigest",
        json!(format!("zQm{}", "0".repeat(44))),
        false,
    );

    let key = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
    check("did", json!(format!("did:key:{key}")), true);
    check("did", json!("did:web:example.com:user%3Aalice"), true);
    check("did", json!("did:example:123:"), false);
    check("did", json!("did:Example:123"), false);
    check("did", json!(format!("did:key:{key}#{key}")), false);
    check("did", json!("did:key:"), false);
    check("didUrl", json!(format!("did:key:{key}#{key}")), true);
    check(
        "didUrl",
        json!("did:web:example.com/path/x?service=a#frag"),
        true,
    );
    check("didUrl", json!("did:key:abc#frag ment"), false);
    check("didUrl", json!("https://example.com#key"), false);

    check("ed25519Multikey", json!(key), true);
    check("ed25519Multikey", json!(&key[..47]), false);
    check("ed25519Multikey", json!(format!("{key}a")), false);
    check("ed25519Multikey", json!(key.replace("z6Mk", "z6Mx")), false);
    check(
        "ed25519PrivateMultikey",
        json!("z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"),
        true,
    );
    check("ed25519PrivateMultikey", json!(key), false);
    check("multibaseBase58btc", json!("z1"), true);
    check("multibaseBase58btc", json!("zl"), false);

    let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo";
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": x}),
        true,
    );
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": x, "d": x, "kid": "k", "use": "sig", "alg": "EdDSA", "key_ops": ["verify"]}),
        true,
    );
    check(
        "jwkEd25519",
        json!({"kty": "EC", "crv": "Ed25519", "x": x}),
        false,
    );
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "X25519", "x": x}),
        false,
    );
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": &x[..42]}),
        false,
    );
    // 43 characters, but the last one carries non-zero padding bits: not canonical.
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": format!("{}p", &x[..42])}),
        false,
    );
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": format!("{}+", &x[..42])}),
        false,
    );
    check(
        "jwkEd25519",
        json!({"kty": "OKP", "crv": "Ed25519", "x": x, "alg": "ES256"}),
        false,
    );
    check("jwkEd25519", json!({"kty": "OKP", "crv": "Ed25519"}), false);
    check(
        "jwkEd25519Public",
        json!({"kty": "OKP", "crv": "Ed25519", "x": x}),
        true,
    );
    check(
        "jwkEd25519Public",
        json!({"kty": "OKP", "crv": "Ed25519", "x": x, "d": x}),
        false,
    );

    check(
        "context",
        json!("https://www.w3.org/ns/credentials/v2"),
        true,
    );
    check(
        "context",
        json!(["https://www.w3.org/ns/credentials/v2", {"@vocab": "https://example.org/#"}]),
        true,
    );
    check("context", json!([]), false);
    check("context", json!([1]), false);
    check("context", json!({"@vocab": "x"}), false);

    check("jsonPointer", json!(""), true);
    check("jsonPointer", json!("/a~1b/0/~0"), true);
    check("jsonPointer", json!("a"), false);
    check("jsonPointer", json!("/a~2"), false);
    check("nonEmptyString", json!(""), false);
    check("stringOrSet", json!("a"), true);
    check("stringOrSet", json!(["a", "b"]), true);
    check("stringOrSet", json!([""]), false);
    check(
        "uri",
        json!("urn:uuid:58172aac-d8ba-11ed-83dd-0b3aef56cc33"),
        true,
    );
    check("uri", json!("/relative/path"), false);
}

#[test]
fn key_pair_negative_cases() {
    let good = vector("keyPair.json");
    let key = good["publicKeyMultibase"].as_str().unwrap().to_owned();
    let mut full = good.clone();
    full["did"] = json!(format!("did:key:{key}"));
    full["verificationMethod"] = json!(format!("did:key:{key}#{key}"));
    full["publicKeyJwk"] =
        json!({"kty": "OKP", "crv": "Ed25519", "x": "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"});
    registry().validate(ids::KEY_PAIR, &full).unwrap();

    let mut swapped = good.clone();
    swapped["publicKeyMultibase"] = good["privateKeyMultibase"].clone();
    swapped["privateKeyMultibase"] = good["publicKeyMultibase"].clone();
    assert_violations(
        ids::KEY_PAIR,
        &swapped,
        &[
            ("/publicKeyMultibase", "pattern"),
            ("/privateKeyMultibase", "pattern"),
        ],
    );

    let mut with_secret_jwk = full.clone();
    with_secret_jwk["publicKeyJwk"]["d"] = json!("11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo");
    // `"d": false`: the member itself is the violation.
    assert_violations(
        ids::KEY_PAIR,
        &with_secret_jwk,
        &[("/publicKeyJwk/d", "properties/d")],
    );

    let mut extra = good.clone();
    extra["secretKeyMultibase"] = good["privateKeyMultibase"].clone();
    assert_violations(ids::KEY_PAIR, &extra, &[("", "additionalProperties")]);

    let mut bad_did = good.clone();
    bad_did["did"] = json!("key:z6Mk");
    bad_did["verificationMethod"] = json!(5);
    assert_violations(
        ids::KEY_PAIR,
        &bad_did,
        &[("/did", "pattern"), ("/verificationMethod", "type")],
    );

    let mut missing = good.clone();
    missing
        .as_object_mut()
        .unwrap()
        .remove("privateKeyMultibase");
    assert_violations(ids::KEY_PAIR, &missing, &[("", "required")]);
}

#[test]
fn messages_do_not_echo_document_values() {
    let secret = "z3u2SECRETSECRETSECRETSECRETSECRETSECRETSECRET0";
    let doc = json!({
        "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
        "privateKeyMultibase": secret,
    });
    let error = registry().validate(ids::KEY_PAIR, &doc).unwrap_err();
    let Error::SchemaInvalid { violations, .. } = &error else {
        panic!("{error:?}");
    };
    assert_eq!(violations.len(), 1);
    assert!(
        !format!("{error} {error:?}").contains("SECRET"),
        "{error:?}"
    );
}

#[test]
fn error_objects() {
    let ok = [
        json!({"error": {"code": "proof.signature_invalid", "message": "signature does not verify"}}),
        json!({"error": {"code": "json.duplicate_key", "message": "m", "path": "/a/0"}}),
        json!({"error": {"code": "schema.invalid", "message": "m", "violations": [
            {"instancePath": "", "schemaPath": "/required", "message": "\"proof\" is a required property"}
        ]}}),
    ];
    for value in ok {
        registry().validate(ids::ERROR, &value).unwrap();
    }
    let bad = [
        (
            json!({"error": {"code": "Proof.Invalid", "message": "m"}}),
            "/error/code",
        ),
        (
            json!({"error": {"code": "invalid", "message": "m"}}),
            "/error/code",
        ),
        (
            json!({"error": {"code": "a.b.", "message": "m"}}),
            "/error/code",
        ),
        (
            json!({"error": {"code": "a.b", "message": ""}}),
            "/error/message",
        ),
        (
            json!({"error": {"code": "a.b", "message": "m", "path": "x"}}),
            "/error/path",
        ),
        (json!({"error": {"code": "a.b"}}), "/error"),
        (
            json!({"error": {"code": "a.b", "message": "m", "hint": 1}}),
            "/error",
        ),
        (
            json!({"error": {"code": "a.b", "message": "m", "violations": [{"instancePath": ""}]}}),
            "/error/violations/0",
        ),
        (json!({"code": "a.b", "message": "m"}), ""),
    ];
    for (value, path) in bad {
        assert_eq!(paths(registry(), ids::ERROR, &value), [path], "{value}");
    }
}

/// A real `schema.invalid` error, rendered as the CLI prints it, conforms to error.json.
#[test]
fn schema_invalid_errors_render_to_valid_error_objects() {
    let doc = with_proof(|p| {
        p.insert("created".into(), json!("yesterday"));
        p.remove("type");
    });
    let error = registry()
        .validate(ids::SECURED_DOCUMENT, &doc)
        .unwrap_err();
    let Error::SchemaInvalid { violations, .. } = &error else {
        panic!("{error:?}");
    };
    let rendered = json!({"error": {
        "code": error.code(),
        "message": error.to_string(),
        "violations": violations.iter().map(|v| json!({
            "instancePath": v.instance_path,
            "schemaPath": v.schema_path,
            "message": v.message,
        })).collect::<Vec<_>>(),
    }});
    registry().validate(ids::ERROR, &rendered).unwrap();
}

// ---- names ---------------------------------------------------------------------------------

#[test]
fn unknown_schema() {
    for name in [
        "https://schemas.govblocks.org/core/v1/nope.json",
        "nope",
        "core/v1/nope",
        "",
        "/",
        "https://schemas.govblocks.org/core/v1/",
        "https://schemas.govblocks.org/core/v1/defs.json#/$defs/did",
        "core/v1",
        "v1/key-pair",
        "KEY-PAIR",
    ] {
        let error = registry().validate(name, &json!({})).unwrap_err();
        assert_eq!(error.code(), "schema.unknown", "{name}");
        assert!(matches!(&error, Error::SchemaUnknown { id } if id == name));
        assert!(registry().schema(name).is_none());
        assert!(registry().resolve(name).is_none());
    }
}

#[test]
fn short_names() {
    let doc = vector("keyPair.json");
    for name in [
        ids::KEY_PAIR,
        "core/v1/key-pair",
        "core/v1/key-pair.json",
        "key-pair",
        "key-pair.json",
    ] {
        assert_eq!(registry().resolve(name), Some(ids::KEY_PAIR), "{name}");
        registry().validate(name, &doc).unwrap();
        assert_eq!(registry().schema(name).unwrap()["$id"], ids::KEY_PAIR);
    }
    assert_eq!(
        registry().resolve("data-integrity-proof"),
        Some(ids::DATA_INTEGRITY_PROOF)
    );
    // The canonical $id is reported, whichever name was used.
    let Err(Error::SchemaInvalid { schema, .. }) = registry().validate("key-pair", &json!({}))
    else {
        panic!()
    };
    assert_eq!(schema, ids::KEY_PAIR);
}

#[test]
fn ambiguous_bare_names_are_refused() {
    let registry = SchemaRegistry::builder()
        .with_core()
        .add_value(json!({
            "$schema": DIALECT,
            "$id": "https://schemas.govblocks.org/example/v1/error.json",
            "type": "string",
        }))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(registry.resolve("error"), None);
    assert_eq!(
        registry.validate("error", &json!("x")).unwrap_err().code(),
        "schema.unknown"
    );
    assert_eq!(registry.resolve("core/v1/error"), Some(ids::ERROR));
    assert_eq!(
        registry.resolve("example/v1/error"),
        Some("https://schemas.govblocks.org/example/v1/error.json")
    );
    registry
        .validate("example/v1/error.json", &json!("x"))
        .unwrap();
    // Ids outside the govblocks base have no path alias, only the full $id and the bare name.
    let registry = SchemaRegistry::builder()
        .add_value(json!({"$schema": DIALECT, "$id": "https://example.org/s/thing.json"}))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(
        registry.ids().collect::<Vec<_>>(),
        ["https://example.org/s/thing.json"]
    );
    assert!(registry.resolve("s/thing").is_none());
    assert!(registry.resolve("thing").is_some());
}

// ---- the extension builder -------------------------------------------------------------------

const CONSENT_LIKE: &str = r##"{
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://schemas.govblocks.org/example/v1/grant.json",
    "title": "Grant",
    "description": "A test message that reuses core definitions.",
    "type": "object",
    "required": ["subject", "grantedAt", "proof"],
    "properties": {
        "subject": { "$ref": "https://schemas.govblocks.org/core/v1/defs.json#/$defs/did" },
        "grantedAt": { "$ref": "https://schemas.govblocks.org/core/v1/defs.json#/$defs/dateTimeStamp" },
        "purposes": { "type": "array", "items": { "$ref": "#/$defs/purpose" } }
    },
    "allOf": [{ "$ref": "https://schemas.govblocks.org/core/v1/secured-document.json" }],
    "$defs": { "purpose": { "enum": ["research", "service"] } }
}"##;

#[test]
fn block_schemas_reference_core_definitions() {
    let registry = SchemaRegistry::builder()
        .with_core()
        .add_json(CONSENT_LIKE)
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(registry.ids().len(), 6);
    let proof = signed_credential()["proof"].clone();
    let good = json!({
        "subject": "did:example:alice",
        "grantedAt": "2024-05-01T10:00:00Z",
        "purposes": ["research"],
        "proof": proof,
    });
    registry.validate("example/v1/grant", &good).unwrap();
    registry.validate("grant", &good).unwrap();
    // Core schemas stay available in the block's registry.
    registry.validate(ids::SECURED_DOCUMENT, &good).unwrap();

    let mut bad = good.clone();
    bad["subject"] = json!("alice");
    bad["grantedAt"] = json!("2024-05-01T10:00:00");
    bad["purposes"] = json!(["research", "marketing"]);
    bad["proof"]["proofValue"] = json!("xyz");
    assert_eq!(
        paths(&registry, "grant", &bad),
        ["/grantedAt", "/proof/proofValue", "/purposes/1", "/subject"]
    );
    let found = violations(&registry, "grant", &bad);
    assert!(found.contains(&(
        "/proof/proofValue".to_owned(),
        "/allOf/0/$ref/properties/proof/else/$ref/properties/proofValue/$ref/pattern".to_owned()
    )));
    // The builtin registry does not know the block's schema.
    assert_eq!(
        SchemaRegistry::builtin()
            .validate("grant", &good)
            .unwrap_err()
            .code(),
        "schema.unknown"
    );
}

#[test]
fn a_registry_without_core_cannot_reference_it() {
    let error = SchemaRegistry::builder()
        .add_json(CONSENT_LIKE)
        .unwrap()
        .build()
        .unwrap_err();
    assert_eq!(error.code(), "schema.compile");
    assert!(
        matches!(&error, Error::SchemaCompile { id, reason }
            if id == "https://schemas.govblocks.org/example/v1/grant.json"
            // The schema refs both defs.json and secured-document.json; which unresolved
            // reference jsonschema reports first is not specified.
            && reason.contains("https://schemas.govblocks.org/core/v1/")),
        "{error:?}"
    );
}

fn build_one(schema: Value) -> Result<SchemaRegistry, Error> {
    SchemaRegistry::builder()
        .with_core()
        .add_value(schema)?
        .build()
}

fn compile_error(schema: Value) -> (String, String) {
    match build_one(schema) {
        Err(Error::SchemaCompile { id, reason }) => (id, reason),
        other => panic!("expected schema.compile, got {other:?}"),
    }
}

#[test]
fn unknown_references_are_errors_and_nothing_is_fetched() {
    let id = "https://schemas.govblocks.org/example/v1/refs.json";
    for target in [
        "https://schemas.govblocks.org/core/v1/nope.json",
        "nope.json",
        "https://example.com/schema.json",
        "http://127.0.0.1:9/schema.json",
        "file:///etc/passwd",
        "urn:example:missing",
    ] {
        let (blamed, reason) = compile_error(json!({
            "$schema": DIALECT,
            "$id": id,
            "properties": { "x": { "$ref": target } }
        }));
        assert_eq!(blamed, id, "{target}");
        assert!(reason.contains("never fetched"), "{target}: {reason}");
    }
    // A registered document, but a pointer to nothing in it.
    let (blamed, reason) = compile_error(json!({
        "$schema": DIALECT,
        "$id": id,
        "$ref": "https://schemas.govblocks.org/core/v1/defs.json#/$defs/nope",
    }));
    assert_eq!(blamed, id);
    assert!(reason.contains("/$defs/nope"), "{reason}");
    // A missing local definition.
    let (blamed, _) = compile_error(json!({"$schema": DIALECT, "$id": id, "$ref": "#/$defs/nope"}));
    assert_eq!(blamed, id);
}

#[test]
fn invalid_schemas_are_refused() {
    let id = "https://schemas.govblocks.org/example/v1/bad.json";
    let cases = [
        (
            json!({"$schema": DIALECT, "$id": id, "type": "strin"}),
            "not a valid schema",
        ),
        (
            json!({"$schema": DIALECT, "$id": id, "format": "date_time"}),
            "unknown format",
        ),
        (
            json!({"$schema": DIALECT, "$id": id, "pattern": "^(?=a)"}),
            "lookaround",
        ),
        (
            json!({"$schema": DIALECT, "$id": id, "pattern": "(a)\\1"}),
            "backreference",
        ),
        (
            json!({"$schema": DIALECT, "$id": id, "pattern": "["}),
            "bad regex",
        ),
        (
            json!({"$schema": DIALECT, "$id": id, "minLength": -1}),
            "negative",
        ),
    ];
    for (schema, why) in cases {
        let (blamed, reason) = compile_error(schema);
        assert_eq!(blamed, id, "{why}: {reason}");
    }
}

#[test]
fn schema_documents_need_a_2020_12_dialect_and_an_absolute_id() {
    let cases = [
        json!(true),
        json!([]),
        json!({"$schema": DIALECT}),
        json!({"$schema": DIALECT, "$id": 5}),
        json!({"$id": "https://schemas.govblocks.org/x/v1/a.json"}),
        json!({"$schema": "http://json-schema.org/draft-07/schema#", "$id": "https://schemas.govblocks.org/x/v1/a.json"}),
        json!({"$schema": DIALECT, "$id": "x/v1/a.json"}),
        json!({"$schema": DIALECT, "$id": "https://schemas.govblocks.org/x/v1/a.json#frag"}),
        json!({"$schema": DIALECT, "$id": "https://schemas.govblocks.org/x/v1/a.json#"}),
        json!({"$schema": DIALECT, "$id": "HTTPS://schemas.govblocks.org/x/v1/a.json"}),
        json!({"$schema": DIALECT, "$id": "https://schemas.govblocks.org/x/v1/../v1/a.json"}),
    ];
    for schema in cases {
        let error = SchemaRegistry::builder()
            .add_value(schema.clone())
            .unwrap_err();
        assert_eq!(error.code(), "schema.compile", "{schema}");
    }
    // Not JSON.
    for text in ["{", "{} {}", ""] {
        let error = SchemaRegistry::builder().add_json(text).unwrap_err();
        assert_eq!(error.code(), "schema.compile", "{text}");
    }
    // Text goes through the project's strict parser: whatever it refuses (duplicate keys, …)
    // is refused as a schema too.
    let duplicate = r#"{"$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://schemas.govblocks.org/x/v1/a.json", "type": "string", "type": "number"}"#;
    assert_eq!(
        SchemaRegistry::builder().add_json(duplicate).is_err(),
        govblocks_core::json::parse(duplicate.as_bytes()).is_err()
    );
}

#[test]
fn duplicate_ids_are_refused() {
    let core_again = registry().schema(ids::KEY_PAIR).unwrap().clone();
    let (blamed, reason) = compile_error(core_again);
    assert_eq!(blamed, ids::KEY_PAIR);
    assert!(reason.contains("two schemas"), "{reason}");
}

#[test]
fn an_empty_registry_knows_nothing() {
    let registry = SchemaRegistry::builder().build().unwrap();
    assert_eq!(registry.ids().len(), 0);
    assert_eq!(
        registry
            .validate(ids::KEY_PAIR, &json!({}))
            .unwrap_err()
            .code(),
        "schema.unknown"
    );
}

// ---- the tape: a canonical document checked without a tree gets the tree's answer ----------

const TAPE_SCHEMA: &str = "https://test.example/tape.json";

/// A schema with a keyword of every kind the tape's view must answer like the tree's.
fn tape_registry() -> &'static SchemaRegistry {
    static REGISTRY: std::sync::OnceLock<SchemaRegistry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        SchemaRegistry::builder()
            .with_core()
            .add_value(json!({
                "$schema": DIALECT,
                "$id": TAPE_SCHEMA,
                "type": "object",
                "required": ["a"],
                "propertyNames": {"maxLength": 3},
                "dependentRequired": {"b": ["c"]},
                "properties": {
                    "a": {"type": "integer", "minimum": -5, "maximum": 1000, "multipleOf": 5},
                    "b": {"type": ["string", "null"], "pattern": "^[a-c]+$", "minLength": 2},
                    "c": {"enum": [1, "x", null, true, [1], {"k": 0}]},
                    "d": {"const": {"k": [0, "v"]}},
                    "e": {"type": "array", "uniqueItems": true, "maxItems": 3,
                          "prefixItems": [{"type": "boolean"}], "contains": {"type": "string"}},
                    "f": {"type": "string", "format": "date-time"},
                    "g": {"$ref": format!("{}#/$defs/dateTimeStamp", ids::DEFS)},
                    "h": {"type": "object", "additionalProperties": {"type": "number"},
                          "minProperties": 1},
                    "é": {"type": "string", "maxLength": 1}
                },
                "if": {"properties": {"a": {"const": 0}}},
                "then": {"required": ["d"]},
                "else": {"not": {"required": ["d"]}},
                "additionalProperties": false
            }))
            .unwrap()
            .build()
            .unwrap()
    })
}

fn arb_tape_value() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        (-10i64..1010).prop_map(Value::from),
        "[a-cx]{0,3}".prop_map(Value::String),
        Just(json!("2026-12-07T10:00:00Z")),
        Just(json!("2026-13-07T10:00:00Z")),
        Just(json!("ñ")),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-hk]|é|long", inner, 0..6)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest::proptest! {
    #[test]
    fn a_document_checked_on_its_tape_gets_the_trees_answer(
        mut value in arb_tape_value(),
        a in proptest::option::of(-10i64..20),
    ) {
        // Most random documents would miss the required member: give half of them one.
        if let (Some(map), Some(a)) = (value.as_object_mut(), a) {
            map.insert("a".into(), json!(a * 5));
        }
        let registry = tape_registry();
        let bytes = govblocks_core::jcs::canonicalize(&value);
        let tape = govblocks_core::json::Tape::parse(&bytes, &Default::default()).unwrap();
        let by_tape = registry.validate_tape(TAPE_SCHEMA, tape.root()).map_err(|e| e.to_string());
        let by_tree = registry.validate(TAPE_SCHEMA, &value).map_err(|e| e.to_string());
        proptest::prop_assert_eq!(by_tape, by_tree);
    }
}

#[test]
fn the_tape_check_accepts_and_refuses_as_the_tree_on_chosen_documents() {
    let registry = tape_registry();
    let cases = [
        (json!({"a": 5}), true),
        (json!({"a": 0, "d": {"k": [0, "v"]}}), true),
        (json!({"a": 0}), false),
        (json!({"a": 5, "d": {"k": [0, "v"]}}), false),
        (json!({"a": 7}), false),
        (json!({"a": 5, "b": "ab", "c": {"k": 0}}), true),
        (json!({"a": 5, "b": "ab"}), false),
        (json!({"a": 5, "e": [true, "x", "y"]}), true),
        (json!({"a": 5, "e": [true, "x", "x"]}), false),
        (json!({"a": 5, "e": [true]}), false),
        (
            json!({"a": 5, "f": "2026-12-07T10:00:00Z", "g": "2026-12-07T10:00:00Z"}),
            true,
        ),
        (json!({"a": 5, "f": "2026-12-07 10:00"}), false),
        (json!({"a": 5, "h": {"x": 1}}), true),
        (json!({"a": 5, "h": {}}), false),
        (json!({"a": 5, "é": "ñ"}), true),
        (json!({"a": 5, "é": "ññ"}), false),
        (json!({"a": 5, "long": 1}), false),
        (json!([1]), false),
    ];
    for (value, valid) in cases {
        let bytes = govblocks_core::jcs::canonicalize(&value);
        let tape = govblocks_core::json::Tape::parse(&bytes, &Default::default()).unwrap();
        let by_tape = registry.validate_tape(TAPE_SCHEMA, tape.root());
        assert_eq!(by_tape.is_ok(), valid, "{value}");
        assert_eq!(
            by_tape.map_err(|e| e.to_string()),
            registry
                .validate(TAPE_SCHEMA, &value)
                .map_err(|e| e.to_string()),
            "{value}"
        );
    }
}
