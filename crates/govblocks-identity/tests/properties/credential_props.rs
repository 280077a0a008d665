//! Property tests of credentials: arbitrary credentials (names in any script, one to three
//! subjects, extension members, optional members present or absent) issue and verify, and come
//! back byte-identical after canonicalization; parse → serialize → canonicalize is stable; and
//! any change to any member of a signed credential is refused with the code that kind of change
//! gets.
//!
//! The order of the pipeline decides which code a change gets: strict parse → the data model's
//! rules on the JSON (a subject left with no claim is `credential.subject_empty`) → schema →
//! typed value → proofs (shape, purpose, time, key, trust, `@context`, signature) → the credential's
//! rules (base context, type, validity, issuer) → the verifier's checks (schema, status). A
//! change to a signed credential is therefore refused by the first stage it breaks, and for
//! every change that keeps the shape that is the proof, never the rules: removing the base
//! context of a *signed* credential is `proof.context_mismatch` (the proof carries the
//! `@context` it was signed with), not `credential.context_invalid`, which only a credential
//! *signed* without the base context gets (see `tests/api/credential.rs`).
//!
//! Case counts are modest: signing and verifying are slow in debug builds.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::FixedClock;
use govblocks_core::jcs;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use proptest::prelude::*;
use serde_json::{json, Map, Value};

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

/// 2024-06-01T00:00:00Z.
fn clock() -> FixedClock {
    FixedClock::new(time::OffsetDateTime::from_unix_timestamp(1_717_200_000).unwrap())
}

/// Trusts keys 1 and 2 as issuers.
fn office() -> CredentialVerifier {
    let trust = TrustList::new()
        .trust(key(1).public_key().did(), [ProofPurpose::AssertionMethod])
        .trust(key(2).public_key().did(), [ProofPurpose::AssertionMethod]);
    CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(clock()))
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 64,
        ..ProptestConfig::default()
    }
}

/// A name in one of many scripts, or any printable text.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Олена Коваленко".to_string()),
        Just("أمينة بنت محمد".to_string()),
        Just("李小龙".to_string()),
        Just("अमित कुमार".to_string()),
        Just("Nguyễn Thị Hà".to_string()),
        Just("ʻIolani Kealoha".to_string()),
        Just("\u{200f}שלום".to_string()),
        "\\PC{0,24}",
        any::<String>(),
    ]
}

/// A JSON value a strict parser reads back as itself: strings, integers within ±(2^53 − 1),
/// finite doubles, booleans, null, and shallow arrays and objects of them.
fn member_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        name().prop_map(Value::from),
        (-(1i64 << 53) + 1..(1i64 << 53)).prop_map(Value::from),
        any::<f64>()
            .prop_filter("finite", |f| f.is_finite())
            .prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
        Just(Value::Null),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-zA-Z@][a-zA-Z0-9]{0,8}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

fn subject() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::option::of(prop_oneof![
            Just("did:example:ebfeb1f712ebc6f1c276e12ec21".to_string()),
            Just(key(3).public_key().did()),
            Just("urn:uuid:6a1676b8-b51f-11ed-937b-d76685a20ff5".to_string()),
        ]),
        name(),
        prop::collection::btree_map("[a-zA-Z][a-zA-Z0-9]{0,10}", member_value(), 0..4),
    )
        .prop_map(|(id, name, extra)| {
            let mut s: Map<String, Value> = extra.into_iter().collect();
            s.remove("id");
            if let Some(id) = id {
                s.insert("id".into(), id.into());
            }
            s.insert("name".into(), name.into());
            s
        })
}

/// Date-times the validity window may take, in order, all before 2024-06-01 or after it as the
/// window needs: `validFrom` in the past, `validUntil` in the future.
const FROM: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2020-02-29T23:59:59.999Z",
    "2024-05-31T23:00:00+05:30",
    "2010-01-01T19:23:24-00:00",
];
const UNTIL: &[&str] = &[
    "2029-01-01T00:00:00Z",
    "2024-06-01T01:00:00-01:00",
    "9999-12-31T23:59:59Z",
];

/// An unsigned credential by key 1 (as a URL or an object), with 1–3 subjects and every
/// optional member present or absent.
fn credential() -> impl Strategy<Value = Value> {
    (
        prop::collection::vec(subject(), 1..4),
        any::<bool>(),
        prop::option::of(0..FROM.len()),
        prop::option::of(0..UNTIL.len()),
        prop::option::of(name()),
        prop::option::of((name(), "[a-z]{2}")),
        prop::collection::btree_map("https://ext\\.example/[a-z]{1,8}", member_value(), 0..3),
        (any::<bool>(), any::<bool>(), any::<bool>(), name()),
    )
        .prop_map(
            |(subjects, issuer_object, from, until, title, description, ext, flags)| {
                let (with_id, extra_context, one_subject, issuer_name) = flags;
                let did = key(1).public_key().did();
                let mut c = Map::new();
                let mut context = vec![json!("https://www.w3.org/ns/credentials/v2")];
                if extra_context {
                    context.push(json!("https://www.w3.org/ns/credentials/examples/v2"));
                }
                c.insert("@context".into(), Value::Array(context));
                if with_id {
                    c.insert(
                        "id".into(),
                        json!("urn:uuid:0b5e4d8a-3c8b-4e57-9a54-6f0f1c3f5a11"),
                    );
                }
                c.insert(
                    "type".into(),
                    json!(["VerifiableCredential", "ExampleIdCredential"]),
                );
                c.insert(
                    "issuer".into(),
                    if issuer_object {
                        json!({"id": did, "name": issuer_name})
                    } else {
                        json!(did)
                    },
                );
                if let Some(i) = from {
                    c.insert("validFrom".into(), json!(FROM[i]));
                }
                if let Some(i) = until {
                    c.insert("validUntil".into(), json!(UNTIL[i]));
                }
                let subjects: Vec<Value> = subjects.into_iter().map(Value::Object).collect();
                c.insert(
                    "credentialSubject".into(),
                    if one_subject && subjects.len() == 1 {
                        subjects.into_iter().next().unwrap()
                    } else {
                        Value::Array(subjects)
                    },
                );
                if let Some(title) = title {
                    c.insert("name".into(), json!(title));
                }
                if let Some((text, language)) = description {
                    c.insert(
                        "description".into(),
                        json!({"@value": text, "@language": language}),
                    );
                }
                c.extend(ext);
                Value::Object(c)
            },
        )
}

fn signed(unsigned: &Value) -> Value {
    let typed: Credential = serde_json::from_value(unsigned.clone()).unwrap();
    issue(&typed, &key(1), &ProofOptions::assertion()).unwrap()
}

proptest! {
    #![proptest_config(config())]

    /// issue → verify succeeds, from the bytes a sender would send, and the verified credential
    /// canonicalizes byte-identical to what was signed; issuing adds `proof` and nothing else.
    #[test]
    fn issue_then_verify_round_trips(unsigned in credential()) {
        let signed = signed(&unsigned);
        let mut without_proof = signed.clone();
        without_proof.as_object_mut().unwrap().remove("proof");
        prop_assert_eq!(jcs::canonicalize(&without_proof), jcs::canonicalize(&unsigned));
        let bytes = serde_json::to_vec(&signed).unwrap();
        let verified = match office().verify(&bytes) {
            Ok(v) => v,
            Err(e) => return Err(TestCaseError::fail(format!("{}: {e}", e.code()))),
        };
        let (typed, proofs) = verified.into_parts();
        prop_assert_eq!(proofs.len(), 1);
        prop_assert_eq!(
            jcs::canonicalize(&serde_json::to_value(&typed).unwrap()),
            jcs::canonicalize(&signed)
        );
    }

    /// parse → serialize → canonicalize is stable: the typed model keeps every member (named,
    /// extension, `proof`) and the shape it came in (one subject or an array, a URL issuer or
    /// an object), and reading its output gives the same typed value.
    #[test]
    fn parse_serialize_canonicalize_is_stable(unsigned in credential(), sign in any::<bool>()) {
        let value = if sign { signed(&unsigned) } else { unsigned };
        let bytes = jcs::canonicalize(&value);
        let parsed = govblocks_core::json::parse(&bytes).unwrap();
        let typed: Credential = serde_json::from_value(parsed).unwrap();
        let written = serde_json::to_value(&typed).unwrap();
        prop_assert_eq!(jcs::canonicalize(&written), bytes.clone());
        let again: Credential = serde_json::from_value(written).unwrap();
        prop_assert_eq!(again, typed);
    }

    /// Any change to any member of a signed credential is refused, with the code of the first
    /// pipeline stage the change breaks (see the module docs); never accepted. Every change of
    /// [`CHANGES`] is tried on every credential.
    #[test]
    fn any_change_is_refused_with_its_code(unsigned in credential(), text in name()) {
        let signed = signed(&unsigned);
        let office = office();
        for (what, expected, apply) in CHANGES {
            let mut changed = signed.clone();
            apply(&mut changed, &text);
            if changed == signed {
                // e.g. a subject name replaced by the same name
                continue;
            }
            // A subject left with no member breaks the data model's rules (VC DM 2.0 §4.8),
            // which run before the schema and the proofs.
            let first = match &changed["credentialSubject"] {
                Value::Array(items) => items.first(),
                one => Some(one),
            };
            let expected = if first.and_then(Value::as_object).is_some_and(Map::is_empty) {
                "credential.subject_empty"
            } else {
                *expected
            };
            let bytes = serde_json::to_vec(&changed).unwrap();
            match office.verify(&bytes) {
                Ok(_) => return Err(TestCaseError::fail(format!("{what}: accepted"))),
                Err(e) => prop_assert_eq!(e.code(), expected, "{}: {}", what, e),
            }
        }
    }
}

/// A change to a signed credential: what it is, the code it must be refused with, and how to
/// make it (given an arbitrary string for changes that need one).
type Change = (&'static str, &'static str, fn(&mut Value, &str));

fn top(v: &mut Value) -> &mut Map<String, Value> {
    v.as_object_mut().unwrap()
}

fn first_subject(v: &mut Value) -> &mut Map<String, Value> {
    match &mut v["credentialSubject"] {
        Value::Array(items) => items[0].as_object_mut().unwrap(),
        one => one.as_object_mut().unwrap(),
    }
}

fn proof(v: &mut Value) -> &mut Map<String, Value> {
    v["proof"].as_object_mut().unwrap()
}

const SIG: &str = "proof.signature_invalid";

const CHANGES: &[Change] = &[
    // ---- top-level members, shape kept: the signature fails ----------------------------------
    ("id changed", SIG, |v, _| {
        top(v).insert(
            "id".into(),
            json!("urn:uuid:00000000-0000-4000-8000-000000000000"),
        );
    }),
    ("id removed (or added)", SIG, |v, _| {
        if top(v).remove("id").is_none() {
            top(v).insert("id".into(), json!("urn:uuid:1"));
        }
    }),
    ("a type added", SIG, |v, _| {
        v["type"]
            .as_array_mut()
            .unwrap()
            .push(json!("OtherCredential"));
    }),
    ("type without VerifiableCredential", SIG, |v, _| {
        v["type"] = json!(["ExampleIdCredential"]);
    }),
    ("issuer replaced by another trusted issuer", SIG, |v, _| {
        v["issuer"] = json!(key(2).public_key().did());
    }),
    ("validFrom moved", SIG, |v, _| {
        top(v).insert("validFrom".into(), json!("2023-01-01T00:00:00Z"));
    }),
    ("validUntil before validFrom", SIG, |v, _| {
        top(v).insert("validFrom".into(), json!("2024-01-01T00:00:00Z"));
        top(v).insert("validUntil".into(), json!("2023-01-01T00:00:00Z"));
    }),
    ("validUntil removed (or added)", SIG, |v, _| {
        if top(v).remove("validUntil").is_none() {
            top(v).insert("validUntil".into(), json!("2030-01-01T00:00:00Z"));
        }
    }),
    ("name set", SIG, |v, s| {
        top(v).insert("name".into(), json!(format!("{s}!")));
    }),
    ("an extension member added", SIG, |v, s| {
        top(v).insert("https://ext.example/added".into(), json!(s));
    }),
    ("credentialStatus added", SIG, |v, _| {
        top(v).insert(
            "credentialStatus".into(),
            json!({"type": "BitstringStatusListEntry", "statusPurpose": "revocation",
                   "statusListIndex": "1", "statusListCredential": "https://s.example/1"}),
        );
    }),
    // ---- subject fields ------------------------------------------------------------------------
    ("a subject's name changed", SIG, |v, s| {
        first_subject(v).insert("name".into(), json!(s));
    }),
    ("a subject's id changed", SIG, |v, _| {
        first_subject(v).insert("id".into(), json!("did:example:someone-else"));
    }),
    ("a subject member added", SIG, |v, s| {
        first_subject(v).insert("addedClaim".into(), json!(s));
    }),
    ("a subject member removed", SIG, |v, _| {
        first_subject(v).remove("name");
    }),
    ("a second subject added", SIG, |v, _| {
        let subject = v["credentialSubject"].clone();
        v["credentialSubject"] = match subject {
            Value::Array(mut items) => {
                items.push(json!({"name": "x"}));
                Value::Array(items)
            }
            one => json!([one, {"name": "x"}]),
        };
    }),
    // ---- @context: the proof carries the context it was signed with -------------------------
    ("base context removed", "proof.context_mismatch", |v, _| {
        v["@context"] = json!(["https://www.w3.org/ns/credentials/examples/v2"]);
    }),
    (
        "base context not first",
        "proof.context_mismatch",
        |v, _| {
            v["@context"] = json!([
                "https://www.w3.org/ns/credentials/examples/v2",
                "https://www.w3.org/ns/credentials/v2"
            ]);
        },
    ),
    ("a context appended", "proof.context_mismatch", |v, _| {
        v["@context"]
            .as_array_mut()
            .unwrap()
            .push(json!({"@vocab": "https://v.example/#"}));
    }),
    // ---- shape broken: the schema refuses before any signature is looked at -------------------
    ("type not a string or array", "schema.invalid", |v, _| {
        v["type"] = json!(42);
    }),
    ("credentialSubject a string", "schema.invalid", |v, _| {
        v["credentialSubject"] = json!("did:example:x");
    }),
    (
        "credentialSubject an empty array",
        "schema.invalid",
        |v, _| {
            v["credentialSubject"] = json!([]);
        },
    ),
    ("validFrom not a dateTimeStamp", "schema.invalid", |v, _| {
        top(v).insert("validFrom".into(), json!("2024-01-01"));
    }),
    ("issuer removed", "schema.invalid", |v, _| {
        top(v).remove("issuer");
    }),
    ("@context removed", "schema.invalid", |v, _| {
        top(v).remove("@context");
    }),
    // ---- proof fields ------------------------------------------------------------------------
    ("proof removed", "proof.missing", |v, _| {
        top(v).remove("proof");
    }),
    ("one signature character changed", SIG, |v, _| {
        let value = proof(v)["proofValue"].as_str().unwrap().to_string();
        // a valid base58btc character in the middle, so the value still decodes to 64 bytes
        let mut chars: Vec<char> = value.chars().collect();
        let i = chars.len() / 2;
        chars[i] = if chars[i] == '2' { '3' } else { '2' };
        proof(v).insert(
            "proofValue".into(),
            json!(chars.into_iter().collect::<String>()),
        );
    }),
    ("proofValue not base58btc", "proof.value_invalid", |v, _| {
        proof(v).insert("proofValue".into(), json!("uAAAA"));
    }),
    ("created added", SIG, |v, _| {
        proof(v).insert("created".into(), json!("2024-01-01T00:00:00Z"));
    }),
    ("a nonce added", SIG, |v, _| {
        proof(v).insert("nonce".into(), json!("n"));
    }),
    (
        "verificationMethod of another trusted issuer",
        SIG,
        |v, _| {
            let vm = key(2).public_key().verification_method();
            proof(v).insert("verificationMethod".into(), json!(vm));
        },
    ),
    (
        "verificationMethod of an untrusted key",
        "trust.untrusted",
        |v, _| {
            let vm = key(9).public_key().verification_method();
            proof(v).insert("verificationMethod".into(), json!(vm));
        },
    ),
    (
        "proofPurpose authentication",
        "proof.purpose_mismatch",
        |v, _| {
            proof(v).insert("proofPurpose".into(), json!("authentication"));
        },
    ),
    (
        "cryptosuite eddsa-rdfc-2022",
        "proof.cryptosuite_unsupported",
        |v, _| {
            proof(v).insert("cryptosuite".into(), json!("eddsa-rdfc-2022"));
        },
    ),
    (
        "proof type Ed25519Signature2020",
        "proof.type_unsupported",
        |v, _| {
            proof(v).insert("type".into(), json!("Ed25519Signature2020"));
        },
    ),
    ("expires in the past", "proof.expired", |v, _| {
        proof(v).insert("expires".into(), json!("2024-01-01T00:00:00Z"));
    }),
    ("created in the future", "proof.not_yet_valid", |v, _| {
        proof(v).insert("created".into(), json!("2030-01-01T00:00:00Z"));
    }),
];
