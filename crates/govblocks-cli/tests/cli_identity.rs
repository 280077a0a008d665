//! The identity subcommands of `govblocks` (`credential`, `presentation`, `status-list`), run as
//! a program: happy paths, every failure with its code and exit status, and one end-to-end
//! script from key generation to revocation and back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, run_with, Scratch};

use govblocks_core::json;
use serde_json::{json, Value};

const LIST_URL: &str = "https://registry.example.gov/status/1";
const CHALLENGE: &str = "1f44d55f-office";
const DOMAIN: &str = "office.example.gov";

impl Scratch {
    fn write_json(&self, name: &str, value: &Value) -> String {
        self.write(name, value.to_string().as_bytes())
    }

    /// Runs the command and stores its successful stdout as `name`.
    fn save(&self, name: &str, args: &[&str]) -> String {
        let out = run(args);
        out.ok().json();
        self.write(name, &out.stdout)
    }

    /// A key file from a fixed seed byte; returns its path and DID.
    fn key(&self, name: &str, seed: u8) -> (String, String) {
        let seed = format!("{seed:02x}").repeat(32);
        let path = self.save(name, &["keygen", "--seed", &seed]);
        let did = json::parse(&std::fs::read(&path).unwrap()).unwrap()["did"]
            .as_str()
            .unwrap()
            .to_string();
        (path, did)
    }
}

/// An issuer, a holder, a revocation list, and a credential for the holder with an entry in it.
struct World {
    dir: Scratch,
    issuer_key: String,
    issuer: String,
    holder_key: String,
    holder: String,
    list: String,
    credential: String,
}

const INDEX: &str = "4711";

fn world(test: &str) -> World {
    let dir = Scratch::new(test);
    let (issuer_key, issuer) = dir.key("issuer.key.json", 1);
    let (holder_key, holder) = dir.key("holder.key.json", 2);
    let list = dir.save(
        "list.json",
        &[
            "status-list",
            "create",
            "--key",
            &issuer_key,
            "--id",
            LIST_URL,
            "--purpose",
            "revocation",
        ],
    );
    let subject = dir.write_json("subject.json", &json!({"id": holder, "name": "Olena"}));
    let credential = dir.save(
        "vc.json",
        &[
            "credential",
            "issue",
            "--key",
            &issuer_key,
            "--type",
            "ResidenceCredential",
            "--status-list",
            LIST_URL,
            "--status-index",
            INDEX,
            "--status-purpose",
            "revocation",
            &subject,
        ],
    );
    World {
        dir,
        issuer_key,
        issuer,
        holder_key,
        holder,
        list,
        credential,
    }
}

fn read_json(path: &str) -> Value {
    json::parse(&std::fs::read(path).unwrap()).unwrap()
}

// ---- the end-to-end script ------------------------------------------------------------------

/// keygen issuer and holder → status-list create → credential issue with a status entry →
/// credential verify → presentation create → presentation verify → status-list set →
/// credential verify fails credential.revoked → status-list clear → verifies again →
/// status-list check prints set false.
#[test]
fn end_to_end_issue_present_revoke_reinstate() {
    let w = world("end_to_end");
    let trust = ["--trust", w.issuer.as_str()];

    let verified = run(&[
        &["credential", "verify"][..],
        &trust,
        &["--status-list", &w.list, &w.credential],
    ]
    .concat())
    .ok()
    .json();
    assert_eq!(
        verified,
        json!({
            "verified": true,
            "trusted": true,
            "issuer": w.issuer,
            "subjects": [w.holder],
            "validFrom": null,
            "validUntil": null,
            "status": [{"list": LIST_URL, "index": 4711, "purpose": "revocation", "set": false,
                        "message": "unset"}],
            "schemas": {"checked": [], "unchecked": []},
            "relatedResources": {"checked": [], "unchecked": []}
        })
    );

    let vp = w.dir.save(
        "vp.json",
        &[
            "presentation",
            "create",
            "--key",
            &w.holder_key,
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            &w.credential,
        ],
    );
    let presented = run(&[
        &[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
        ][..],
        &trust,
        &["--status-list", &w.list, &vp],
    ]
    .concat())
    .ok()
    .json();
    assert_eq!(presented["verified"], true);
    assert_eq!(presented["trusted"], true);
    assert_eq!(presented["holder"], w.holder.as_str());
    assert_eq!(presented["credentials"][0]["issuer"], w.issuer.as_str());
    assert_eq!(presented["credentials"][0]["status"][0]["set"], false);

    let revoked = w.dir.save(
        "revoked.json",
        &[
            "status-list",
            "set",
            "--key",
            &w.issuer_key,
            "--index",
            INDEX,
            &w.list,
        ],
    );
    let out = run(&[
        &["credential", "verify"][..],
        &trust,
        &["--status-list", &revoked, &w.credential],
    ]
    .concat());
    assert_eq!(out.error_code(1), "credential.revoked");
    let out = run(&[
        &[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
        ][..],
        &trust,
        &["--status-list", &revoked, &vp],
    ]
    .concat());
    assert_eq!(out.error_code(1), "credential.revoked");
    let checked = run(&[
        &["status-list", "check", "--index", INDEX][..],
        &trust,
        &[&revoked],
    ]
    .concat())
    .ok()
    .json();
    assert_eq!(
        checked,
        json!({"index": 4711, "purpose": "revocation", "set": true})
    );

    let reinstated = w.dir.save(
        "reinstated.json",
        &[
            "status-list",
            "clear",
            "--key",
            &w.issuer_key,
            "--index",
            INDEX,
            &revoked,
        ],
    );
    run(&[
        &["credential", "verify"][..],
        &trust,
        &["--status-list", &reinstated, &w.credential],
    ]
    .concat())
    .ok()
    .json();
    let checked = run(&[
        &["status-list", "check", "--index", INDEX][..],
        &trust,
        &[&reinstated],
    ]
    .concat())
    .ok()
    .json();
    assert_eq!(
        checked,
        json!({"index": 4711, "purpose": "revocation", "set": false})
    );
}

// ---- credential issue -----------------------------------------------------------------------

#[test]
fn issue_from_a_subject_fills_in_the_credential() {
    let dir = Scratch::new("issue_subject");
    let (key, did) = dir.key("k.json", 3);
    let subject = dir.write_json("s.json", &json!({"id": "did:example:olena", "age": 40}));
    let out = run(&[
        "credential",
        "issue",
        "--key",
        &key,
        "--issuer",
        &did,
        "--id",
        "urn:uuid:0c4e4a3e-1111-4c0b-9d7e-0e3d2b1c0a99",
        "--type",
        "ResidenceCredential",
        "--type",
        "ExampleCredential",
        "--valid-from",
        "2024-01-01T00:00:00Z",
        "--valid-until",
        "2099-01-01T00:00:00Z",
        &subject,
    ]);
    let vc = out.ok().json();
    // Canonical form, one line.
    assert_eq!(out.text().matches('\n').count(), 1);
    assert_eq!(
        vc["@context"],
        json!(["https://www.w3.org/ns/credentials/v2"])
    );
    assert_eq!(
        vc["type"],
        json!([
            "VerifiableCredential",
            "ResidenceCredential",
            "ExampleCredential"
        ])
    );
    assert_eq!(vc["issuer"], did.as_str());
    assert_eq!(vc["id"], "urn:uuid:0c4e4a3e-1111-4c0b-9d7e-0e3d2b1c0a99");
    assert_eq!(vc["credentialSubject"]["age"], 40);
    assert_eq!(vc["proof"]["proofPurpose"], "assertionMethod");
    assert!(vc["proof"]["created"].is_string());
    assert!(vc.get("credentialStatus").is_none());

    let summary = run_with(
        &["credential", "verify", "--trust", &did],
        Some(&out.stdout),
    )
    .ok()
    .json();
    assert_eq!(summary["validFrom"], "2024-01-01T00:00:00Z");
    assert_eq!(summary["validUntil"], "2099-01-01T00:00:00Z");
    assert_eq!(summary["subjects"], json!(["did:example:olena"]));
    assert_eq!(summary["status"], json!([]));
}

#[test]
fn issue_from_an_unsigned_credential_keeps_its_members() {
    let dir = Scratch::new("issue_credential");
    let (key, did) = dir.key("k.json", 4);
    let unsigned = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2", {"@vocab": "https://example.org/#"}],
        "type": "VerifiableCredential",
        "issuer": {"id": did, "name": "Civil Registry"},
        "name": "Residence",
        "credentialSubject": [{"id": "did:example:a"}, {"id": "did:example:b"}],
    });
    let file = dir.write_json("u.json", &unsigned);
    // The key from stdin, the credential from a file; indented output.
    let key_bytes = std::fs::read(&key).unwrap();
    let out = run_with(
        &[
            "credential",
            "issue",
            "--key",
            "-",
            "--issuer",
            &did,
            "--type",
            "Extra",
            "--pretty",
            &file,
        ],
        Some(&key_bytes),
    );
    let vc = out.ok().json();
    assert!(out.text().matches('\n').count() > 1, "indented");
    assert_eq!(vc["issuer"]["name"], "Civil Registry");
    assert_eq!(vc["name"], "Residence");
    assert_eq!(vc["@context"][1]["@vocab"], "https://example.org/#");
    assert_eq!(vc["type"], json!(["VerifiableCredential", "Extra"]));
    let summary = run_with(
        &["credential", "verify", "--trust", &did],
        Some(&out.stdout),
    )
    .ok()
    .json();
    assert_eq!(
        summary["subjects"],
        json!(["did:example:a", "did:example:b"])
    );

    // A subject without an id is summarised as null.
    let file = dir.write_json("anon.json", &json!({"name": "anyone"}));
    let vc = run(&["credential", "issue", "--key", &key, &file]);
    let summary = run_with(&["credential", "verify"], Some(&vc.stdout))
        .ok()
        .json();
    assert_eq!(summary["subjects"], json!([null]));
    assert_eq!(summary["trusted"], false, "no --trust: no trust decision");
}

#[test]
fn issue_refuses_what_no_verifier_would_accept() {
    let dir = Scratch::new("issue_refusals");
    let (key, did) = dir.key("k.json", 5);
    let (_, other) = dir.key("other.json", 6);
    let subject = dir.write_json("s.json", &json!({"id": "did:example:olena"}));
    let issue =
        |extra: &[&str]| run(&[&["credential", "issue", "--key", &key][..], extra].concat());

    // An issuer that is not the key's DID.
    assert_eq!(
        issue(&["--issuer", &other, &subject]).error_code(1),
        "credential.issuer_mismatch"
    );
    let foreign = dir.write_json(
        "foreign.json",
        &json!({"@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiableCredential"], "issuer": "did:web:registry.example.gov",
                "credentialSubject": {"id": "did:example:olena"}}),
    );
    assert_eq!(
        issue(&[&foreign]).error_code(1),
        "credential.issuer_mismatch"
    );
    // The file and a flag disagree: usage.
    assert_eq!(
        issue(&["--issuer", &did, &foreign]).error_code(2),
        "cli.usage"
    );
    // Already signed: usage.
    let signed = dir.save(
        "signed.json",
        &["credential", "issue", "--key", &key, &subject],
    );
    assert_eq!(issue(&[&signed]).error_code(2), "cli.usage");
    // validUntil before validFrom.
    assert_eq!(
        issue(&[
            "--valid-from",
            "2030-01-01T00:00:00Z",
            "--valid-until",
            "2029-01-01T00:00:00Z",
            &subject
        ])
        .error_code(1),
        "credential.validity_invalid"
    );
    // A malformed date is a usage error caught by the argument parser.
    assert_eq!(
        issue(&["--valid-until", "tomorrow", &subject]).error_code(2),
        "cli.usage"
    );
    // Status triples must line up; purposes are revocation or suspension.
    assert_eq!(
        issue(&["--status-list", LIST_URL, "--status-index", "1", &subject]).error_code(2),
        "cli.usage"
    );
    assert_eq!(
        issue(&[
            "--status-list",
            LIST_URL,
            "--status-index",
            "1",
            "--status-purpose",
            "refresh",
            &subject
        ])
        .error_code(2),
        "cli.usage"
    );
    assert_eq!(
        issue(&[
            "--status-list",
            LIST_URL,
            "--status-index",
            "-1",
            "--status-purpose",
            "revocation",
            &subject
        ])
        .error_code(2),
        "cli.usage"
    );
    // An index no decodable list holds; a list URL that is not absolute.
    assert_eq!(
        issue(&[
            "--status-list",
            LIST_URL,
            "--status-index",
            "134217728",
            "--status-purpose",
            "revocation",
            &subject
        ])
        .error_code(1),
        "status_list.index_out_of_range"
    );
    assert_eq!(
        issue(&[
            "--status-list",
            "status/1",
            "--status-index",
            "1",
            "--status-purpose",
            "revocation",
            &subject
        ])
        .error_code(1),
        "credential.status_invalid"
    );
    // Schemas: unknown, and a subject that does not conform.
    assert_eq!(
        issue(&["--schema", "https://example.org/nope.json", &subject]).error_code(1),
        "credential.schema_unknown"
    );
    assert_eq!(
        issue(&["--schema", "identity/v1/foundational-id", &subject]).error_code(1),
        "credential.schema_invalid"
    );
    // Not a JSON object; not strict JSON.
    let array = dir.write("array.json", b"[1]");
    assert_eq!(issue(&[&array]).error_code(1), "document.not_object");
    let dup = dir.write("dup.json", br#"{"id":"a","id":"b"}"#);
    assert_eq!(issue(&[&dup]).error_code(1), "json.duplicate_key");
    // Missing --key, and both inputs on stdin.
    assert_eq!(
        run(&["credential", "issue", &subject]).error_code(2),
        "cli.usage"
    );
    assert_eq!(
        run_with(&["credential", "issue", "--key", "-"], Some(b"{}")).error_code(2),
        "cli.usage"
    );
    // A bad key file.
    let bad_key = dir.write("bad.key.json", b"{}");
    assert!(run(&["credential", "issue", "--key", &bad_key, &subject])
        .error_code(1)
        .starts_with("key."));
}

// ---- credential verify ----------------------------------------------------------------------

#[test]
fn verify_checks_time_with_now_and_skew() {
    let dir = Scratch::new("verify_time");
    let (key, did) = dir.key("k.json", 7);
    let subject = dir.write_json("s.json", &json!({"id": "did:example:olena"}));
    let vc = dir.save(
        "vc.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--valid-until",
            "2090-01-01T00:00:00Z",
            &subject,
        ],
    );
    let verify = |extra: &[&str]| {
        run(&[
            &["credential", "verify", "--trust", &did][..],
            extra,
            &[&vc],
        ]
        .concat())
    };
    verify(&[]).ok().json();
    assert_eq!(
        verify(&["--now", "2090-01-01T00:10:00Z"]).error_code(1),
        "credential.expired"
    );
    // Within the default skew of 300 s, and outside a skew of 0.
    verify(&["--now", "2090-01-01T00:04:00Z"]).ok().json();
    assert_eq!(
        verify(&["--now", "2090-01-01T00:04:00Z", "--skew", "0"]).error_code(1),
        "credential.expired"
    );
    assert_eq!(verify(&["--now", "yesterday"]).error_code(2), "cli.usage");
    assert_eq!(verify(&["--skew", "-1"]).error_code(2), "cli.usage");

    let later = dir.save(
        "later.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--valid-from",
            "2089-01-01T00:00:00Z",
            &subject,
        ],
    );
    assert_eq!(
        run(&["credential", "verify", &later]).error_code(1),
        "credential.not_yet_valid"
    );
}

#[test]
fn verify_refuses_untrusted_tampered_and_unchecked_status() {
    let w = world("verify_refusals");
    let trust = ["--trust", w.issuer.as_str()];
    let verify = |extra: &[&str]| run(&[&["credential", "verify"][..], extra].concat());

    // Trusting someone else.
    assert_eq!(
        verify(&[
            "--trust",
            &w.holder,
            "--status-list",
            &w.list,
            &w.credential
        ])
        .error_code(1),
        "credential.untrusted_issuer"
    );
    // A credentialStatus whose list is not given, or another list only.
    assert_eq!(
        verify(&[&trust[..], &[&w.credential]].concat()).error_code(1),
        "credential.status_unavailable"
    );
    let other_list = w.dir.save(
        "other-list.json",
        &[
            "status-list",
            "create",
            "--key",
            &w.issuer_key,
            "--id",
            "https://registry.example.gov/status/2",
            "--purpose",
            "revocation",
        ],
    );
    assert_eq!(
        verify(&[&trust[..], &["--status-list", &other_list, &w.credential]].concat())
            .error_code(1),
        "credential.status_unavailable"
    );
    // Lists not named are ignored.
    verify(
        &[
            &trust[..],
            &[
                "--status-list",
                &other_list,
                "--status-list",
                &w.list,
                &w.credential,
            ],
        ]
        .concat(),
    )
    .ok()
    .json();
    // Two files for one list: usage.
    assert_eq!(
        verify(
            &[
                &trust[..],
                &[
                    "--status-list",
                    &w.list,
                    "--status-list",
                    &w.list,
                    &w.credential
                ]
            ]
            .concat()
        )
        .error_code(2),
        "cli.usage"
    );
    // The list at that URL, but issued by someone else.
    let forged_list = w.dir.save(
        "forged-list.json",
        &[
            "status-list",
            "create",
            "--key",
            &w.holder_key,
            "--id",
            LIST_URL,
            "--purpose",
            "revocation",
        ],
    );
    assert_eq!(
        verify(&["--status-list", &forged_list, &w.credential]).error_code(1),
        "status_list.issuer_mismatch"
    );
    // With --trust too: the list's issuer is compared with the credential's before its
    // proof is checked (issue 14: the list's problem, named as such).
    assert_eq!(
        verify(&[&trust[..], &["--status-list", &forged_list, &w.credential]].concat())
            .error_code(1),
        "status_list.issuer_mismatch"
    );
    // A tampered credential, and a tampered list.
    let mut vc = read_json(&w.credential);
    vc["credentialSubject"]["name"] = json!("Mallory");
    let tampered = w.dir.write_json("tampered.json", &vc);
    assert_eq!(
        verify(&[&trust[..], &["--status-list", &w.list, &tampered]].concat()).error_code(1),
        "proof.signature_invalid"
    );
    let mut list = read_json(&w.list);
    list["credentialSubject"]["encodedList"] = read_json(&w.dir.save(
        "set.json",
        &[
            "status-list",
            "set",
            "--key",
            &w.issuer_key,
            "--index",
            "1",
            &w.list,
        ],
    ))["credentialSubject"]["encodedList"]
        .clone();
    let tampered_list = w.dir.write_json("tampered-list.json", &list);
    assert_eq!(
        verify(
            &[
                &trust[..],
                &["--status-list", &tampered_list, &w.credential]
            ]
            .concat()
        )
        .error_code(1),
        // Issue 14: the tampered list's proof, not the credential's signature.
        "status_list.proof_invalid"
    );
    // A list file without an id.
    let no_id = w
        .dir
        .write_json("no-id.json", &json!({"type": "VerifiableCredential"}));
    assert_eq!(
        verify(&[&trust[..], &["--status-list", &no_id, &w.credential]].concat()).error_code(1),
        "credential.status_invalid"
    );
    // The input size cap applies to the credential.
    assert_eq!(
        verify(&["--max-bytes", "100", &w.credential]).error_code(1),
        "json.too_large"
    );
    // Missing file.
    assert_eq!(
        verify(&[&w.dir.path("missing.json")]).error_code(1),
        "io.error"
    );
}

#[test]
fn suspension_is_reversible() {
    let dir = Scratch::new("suspension");
    let (key, did) = dir.key("k.json", 8);
    let url = "https://registry.example.gov/status/suspension/1";
    let list = dir.save(
        "list.json",
        &[
            "status-list",
            "create",
            "--key",
            &key,
            "--id",
            url,
            "--purpose",
            "suspension",
            "--size",
            "200000",
        ],
    );
    let subject = dir.write_json("s.json", &json!({"id": "did:example:olena"}));
    let vc = dir.save(
        "vc.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--status-list",
            url,
            "--status-index",
            "199999",
            "--status-purpose",
            "suspension",
            &subject,
        ],
    );
    let suspended = dir.save(
        "suspended.json",
        &[
            "status-list",
            "set",
            "--key",
            &key,
            "--index",
            "199999",
            &list,
        ],
    );
    let out = run(&[
        "credential",
        "verify",
        "--trust",
        &did,
        "--status-list",
        &suspended,
        &vc,
    ]);
    assert_eq!(out.error_code(1), "credential.suspended");
    let checked = run(&["status-list", "check", "--index", "199999", &suspended])
        .ok()
        .json();
    assert_eq!(
        checked,
        json!({"index": 199999, "purpose": "suspension", "set": true})
    );
    let lifted = dir.save(
        "lifted.json",
        &[
            "status-list",
            "clear",
            "--key",
            &key,
            "--index",
            "199999",
            &suspended,
        ],
    );
    let ok = run(&[
        "credential",
        "verify",
        "--trust",
        &did,
        "--status-list",
        &lifted,
        &vc,
    ])
    .ok()
    .json();
    assert_eq!(ok["status"][0]["purpose"], "suspension");
    // The size (rounded to whole bytes), id and purpose survive set and clear.
    let lifted = read_json(&lifted);
    assert_eq!(lifted["id"], url);
    assert_eq!(lifted["credentialSubject"]["statusPurpose"], "suspension");
    assert_eq!(
        lifted["credentialSubject"]["encodedList"],
        read_json(&list)["credentialSubject"]["encodedList"]
    );
    // (The proof is made afresh, but within the same second over the same content it is the
    // same bytes: Ed25519 is deterministic and `created` has whole seconds. Not asserted.)
    // A credential's revocation entry pointing at this suspension list.
    let wrong = dir.save(
        "wrong.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--status-list",
            url,
            "--status-index",
            "1",
            "--status-purpose",
            "revocation",
            &subject,
        ],
    );
    assert_eq!(
        run(&[
            "credential",
            "verify",
            "--status-list",
            &list.to_string(),
            &wrong
        ])
        .error_code(1),
        "status_list.purpose_mismatch"
    );
    // An index beyond the list.
    let beyond = dir.save(
        "beyond.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--status-list",
            url,
            "--status-index",
            "200000",
            "--status-purpose",
            "suspension",
            &subject,
        ],
    );
    assert_eq!(
        run(&["credential", "verify", "--status-list", &list, &beyond]).error_code(1),
        "status_list.index_out_of_range"
    );
}

// ---- presentations --------------------------------------------------------------------------

#[test]
fn presentation_binds_challenge_domain_and_holder() {
    let w = world("presentation");
    let trust = ["--trust", w.issuer.as_str()];
    let create = |extra: &[&str]| {
        run(&[
            &[
                "presentation",
                "create",
                "--challenge",
                CHALLENGE,
                "--domain",
                DOMAIN,
            ][..],
            extra,
        ]
        .concat())
    };
    let vp = w.dir.write(
        "vp.json",
        &create(&["--key", &w.holder_key, &w.credential]).stdout,
    );
    let verify = |challenge: &str, domain: &str, file: &str| {
        run(&[
            &[
                "presentation",
                "verify",
                "--challenge",
                challenge,
                "--domain",
                domain,
            ][..],
            &trust,
            &["--status-list", &w.list, file],
        ]
        .concat())
    };
    verify(CHALLENGE, DOMAIN, &vp).ok().json();
    assert_eq!(
        verify("another-challenge", DOMAIN, &vp).error_code(1),
        "proof.challenge_mismatch"
    );
    assert_eq!(
        verify(CHALLENGE, "evil.example", &vp).error_code(1),
        "proof.domain_mismatch"
    );
    // Tampered: the holder, or a credential inside.
    let mut value = read_json(&vp);
    value["holder"] = json!(w.issuer);
    let tampered = w.dir.write_json("tampered.json", &value);
    assert_eq!(
        verify(CHALLENGE, DOMAIN, &tampered).error_code(1),
        "proof.signature_invalid"
    );
    let mut value = read_json(&vp);
    value["verifiableCredential"][0]["credentialSubject"]["name"] = json!("Mallory");
    let tampered = w.dir.write_json("tampered-vc.json", &value);
    assert_eq!(
        verify(CHALLENGE, DOMAIN, &tampered).error_code(1),
        "proof.signature_invalid"
    );
    // The issuer cannot present the holder's credential.
    assert_eq!(
        create(&["--key", &w.issuer_key, &w.credential]).error_code(1),
        "presentation.subject_not_holder"
    );
    // --holder must be the key's DID: a presentation not signed by its holder is refused, by
    // create as by the verifier.
    assert_eq!(
        create(&["--key", &w.holder_key, "--holder", &w.issuer, &w.credential]).error_code(1),
        "presentation.holder_mismatch"
    );
    create(&["--key", &w.holder_key, "--holder", &w.holder, &w.credential])
        .ok()
        .json();
    // Usage: no credential, no challenge, two stdins.
    assert_eq!(create(&["--key", &w.holder_key]).error_code(2), "cli.usage");
    assert_eq!(
        run(&[
            "presentation",
            "create",
            "--key",
            &w.holder_key,
            "--domain",
            DOMAIN,
            &w.credential
        ])
        .error_code(2),
        "cli.usage"
    );
    assert_eq!(
        run_with(
            &[
                "presentation",
                "create",
                "--key",
                "-",
                "--challenge",
                "c",
                "--domain",
                "d",
                "-"
            ],
            Some(b"{}")
        )
        .error_code(2),
        "cli.usage"
    );
    assert_eq!(
        run(&["presentation", "verify", "--domain", DOMAIN, &vp]).error_code(2),
        "cli.usage"
    );
    // Untrusted issuer inside the presentation; status not given.
    assert_eq!(
        run(&[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--trust",
            &w.holder,
            "--status-list",
            &w.list,
            &vp,
        ])
        .error_code(1),
        "credential.untrusted_issuer"
    );
    assert_eq!(
        run(&[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            &vp
        ])
        .error_code(1),
        "credential.status_unavailable"
    );
    // Two credentials, the presentation read from stdin.
    let subject = w
        .dir
        .write_json("s2.json", &json!({"id": w.holder, "degree": "BSc"}));
    let second = w.dir.save(
        "vc2.json",
        &["credential", "issue", "--key", &w.issuer_key, &subject],
    );
    let two = create(&["--key", &w.holder_key, &w.credential, &second]);
    let summary = run_with(
        &[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--status-list",
            &w.list,
        ],
        Some(&two.ok().json().to_string().into_bytes()),
    )
    .ok()
    .json();
    assert_eq!(summary["trusted"], false);
    assert_eq!(summary["credentials"].as_array().unwrap().len(), 2);
    assert_eq!(summary["credentials"][1]["status"], json!([]));
}

/// `--replay-store FILE`: a presentation accepted by one run is refused by a second run (a
/// separate process) naming the same file, with `presentation.replayed`; without the flag each
/// run forgets; a failed verification uses up no challenge; a file that is not a store is
/// refused untouched.
#[test]
fn a_replay_store_file_refuses_a_presentation_replayed_to_another_run() {
    let w = world("replay_store");
    let vp = w.dir.write(
        "vp.json",
        &run(&[
            "presentation",
            "create",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--key",
            &w.holder_key,
            &w.credential,
        ])
        .stdout,
    );
    let store = w.dir.path("challenges.db");
    let verify = |extra: &[&str]| {
        run(&[
            &[
                "presentation",
                "verify",
                "--challenge",
                CHALLENGE,
                "--domain",
                DOMAIN,
                "--trust",
                &w.issuer,
                "--status-list",
                &w.list,
            ][..],
            extra,
            &[vp.as_str()],
        ]
        .concat())
    };
    // Without the flag, every run accepts the same presentation again (in memory only).
    verify(&[]).ok().json();
    verify(&[]).ok().json();

    // A verification that fails (the wrong domain) uses up nothing.
    let wrong_domain = run(&[
        "presentation",
        "verify",
        "--replay-store",
        &store,
        "--challenge",
        CHALLENGE,
        "--domain",
        "evil.example",
        "--trust",
        &w.issuer,
        "--status-list",
        &w.list,
        &vp,
    ]);
    assert_eq!(wrong_domain.error_code(1), "proof.domain_mismatch");

    // First run: accepted and remembered in the file; second run: a replay.
    let first = verify(&["--replay-store", &store]).ok().json();
    assert_eq!(first["verified"], true);
    assert!(std::path::Path::new(&store).exists());
    assert_eq!(
        verify(&["--replay-store", &store]).error_code(1),
        "presentation.replayed"
    );
    // Another store file has not seen it.
    let other = w.dir.path("other.db");
    verify(&["--replay-store", &other]).ok().json();

    // A file that is not an accept-once store is refused untouched.
    let not_a_store = w
        .dir
        .write("notes.db", b"not a database at all, just some text......");
    assert_eq!(
        verify(&["--replay-store", &not_a_store]).error_code(1),
        "presentation.replay_store"
    );
    assert_eq!(
        std::fs::read(&not_a_store).unwrap(),
        b"not a database at all, just some text......"
    );
}

// ---- status lists ---------------------------------------------------------------------------

#[test]
fn status_list_refusals() {
    let w = world("status_list");
    let create = |extra: &[&str]| {
        run(&[
            &["status-list", "create", "--key", &w.issuer_key][..],
            extra,
        ]
        .concat())
    };
    let created = create(&["--id", LIST_URL, "--purpose", "revocation"])
        .ok()
        .json();
    assert_eq!(
        created["type"],
        json!(["VerifiableCredential", "BitstringStatusListCredential"])
    );
    assert_eq!(created["issuer"], w.issuer.as_str());
    assert_eq!(
        created["credentialSubject"]["id"],
        format!("{LIST_URL}#list")
    );
    assert_eq!(
        create(&[
            "--id",
            LIST_URL,
            "--purpose",
            "revocation",
            "--size",
            "1000"
        ])
        .error_code(1),
        "status_list.size_invalid"
    );
    assert_eq!(
        create(&[
            "--id",
            LIST_URL,
            "--purpose",
            "revocation",
            "--size",
            "134217729"
        ])
        .error_code(1),
        "status_list.size_invalid"
    );
    assert_eq!(
        create(&["--id", "not a url", "--purpose", "revocation"]).error_code(1),
        "credential.status_invalid"
    );
    assert_eq!(
        create(&["--id", LIST_URL, "--purpose", "message"]).error_code(2),
        "cli.usage"
    );
    assert_eq!(create(&["--id", LIST_URL]).error_code(2), "cli.usage");

    let set = |key: &str, index: &str, file: &str| {
        run(&["status-list", "set", "--key", key, "--index", index, file])
    };
    assert_eq!(
        set(&w.issuer_key, "131072", &w.list).error_code(1),
        "status_list.index_out_of_range"
    );
    assert_eq!(set(&w.issuer_key, "x", &w.list).error_code(2), "cli.usage");
    // Only the list's issuer can update it.
    assert_eq!(
        set(&w.holder_key, "1", &w.list).error_code(1),
        "credential.untrusted_issuer"
    );
    // A tampered list is not signed again.
    let mut list = read_json(&w.list);
    list["credentialSubject"]["statusPurpose"] = json!("suspension");
    let tampered = w.dir.write_json("tampered.json", &list);
    assert_eq!(
        set(&w.issuer_key, "1", &tampered).error_code(1),
        "proof.signature_invalid"
    );
    // Not a status list: a credential without an id, and one with an id.
    assert_eq!(
        set(&w.issuer_key, "1", &w.credential).error_code(1),
        "credential.status_invalid"
    );
    let subject = w.dir.write_json("s.json", &json!({"id": w.holder}));
    let with_id = w.dir.save(
        "with-id.json",
        &[
            "credential",
            "issue",
            "--key",
            &w.issuer_key,
            "--id",
            "https://registry.example.gov/credentials/1",
            &subject,
        ],
    );
    assert_eq!(
        set(&w.issuer_key, "1", &with_id).error_code(1),
        "credential.type_invalid"
    );
    assert_eq!(
        run(&["status-list", "check", "--index", "1", &with_id]).error_code(1),
        "credential.type_invalid"
    );

    let check = |extra: &[&str]| run(&[&["status-list", "check"][..], extra].concat());
    assert_eq!(
        check(&["--index", "1", "--trust", &w.holder, &w.list]).error_code(1),
        "credential.untrusted_issuer"
    );
    assert_eq!(
        check(&["--index", "131072", &w.list]).error_code(1),
        "status_list.index_out_of_range"
    );
    assert_eq!(
        check(&["--index", "1", &tampered]).error_code(1),
        "proof.signature_invalid"
    );
    assert_eq!(check(&[&w.list]).error_code(2), "cli.usage");
    // From stdin, and as of a time.
    let out = run_with(
        &[
            "status-list",
            "check",
            "--index",
            "0",
            "--now",
            "2099-01-01T00:00:00Z",
        ],
        Some(&std::fs::read(&w.list).unwrap()),
    )
    .ok()
    .json();
    assert_eq!(
        out,
        json!({"index": 0, "purpose": "revocation", "set": false})
    );
}

#[test]
fn help_of_every_identity_subcommand() {
    for command in [
        &["credential", "issue"][..],
        &["credential", "verify"],
        &["presentation", "create"],
        &["presentation", "verify"],
        &["status-list", "create"],
        &["status-list", "set"],
        &["status-list", "clear"],
        &["status-list", "check"],
    ] {
        let out = run(&[command, &["--help"]].concat());
        let text = out.text();
        assert_eq!(out.status, 0, "{command:?}");
        assert!(text.contains("Example"), "{command:?} has an example");
    }
    for group in ["credential", "presentation", "status-list"] {
        assert_eq!(run(&[group]).error_code(2), "cli.usage");
        assert_eq!(run(&[group, "nope"]).error_code(2), "cli.usage");
    }
    let text = run(&["presentation", "verify", "--help"]).text();
    assert!(
        text.contains("this one invocation"),
        "the challenge store's scope is said"
    );
    assert!(
        text.contains("--replay-store challenges.db"),
        "the replay store has an example"
    );
}

// ---- VC Data Model 2.0 rules and credentialSchema policy (issue 14) --------------------------

/// `credential issue` refuses what breaks the VC Data Model 2.0 rules, each with its code, and
/// `--schema FILE` / `--schema-policy` decide which schemas are checked and what happens to the
/// others, on issue and on verify.
#[test]
fn data_model_rules_and_schema_files_and_policy() {
    let dir = Scratch::new("vc_rules");
    let (key, did) = dir.key("k.json", 9);
    let issue = |args: &[&str]| run(&[&["credential", "issue", "--key", &key][..], args].concat());
    // VC DM 2.0 §4.8: "each object MUST be the subject of one or more claims".
    let empty = dir.write_json("empty.json", &json!({}));
    assert_eq!(issue(&[&empty]).error_code(1), "credential.subject_empty");
    // §4.5: evidence objects MUST have a type; §4.6: name is a string or language values.
    let unsigned = |member: &str, value: Value| {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": "did:example:olena", "school": "Lyceum 27"},
            member: value
        })
    };
    let no_type = dir.write_json(
        "no-type.json",
        &unsigned("evidence", json!({"id": "https://e.example/1"})),
    );
    assert_eq!(issue(&[&no_type]).error_code(1), "credential.type_missing");
    let bad_name = dir.write_json("bad-name.json", &unsigned("name", json!({"@value": 1})));
    assert_eq!(
        issue(&[&bad_name]).error_code(1),
        "credential.language_value_invalid"
    );
    let bad_id = dir.write_json("bad-id.json", &unsigned("id", json!("not a url")));
    assert_eq!(issue(&[&bad_id]).error_code(1), "credential.id_invalid");

    // A schema file: issue adds its reference and checks every subject against it.
    let schema = dir.write_json(
        "pupil.schema.json",
        &json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://schemas.example/pupil.json",
            "type": "object",
            "required": ["id", "school"]
        }),
    );
    let subject = dir.write_json(
        "pupil.json",
        &json!({"id": "did:example:olena", "school": "Lyceum 27"}),
    );
    let vc = dir.save(
        "vc.json",
        &[
            "credential",
            "issue",
            "--key",
            &key,
            "--schema",
            &schema,
            &subject,
        ],
    );
    assert_eq!(
        read_json(&vc)["credentialSchema"],
        json!({"id": "https://schemas.example/pupil.json", "type": "JsonSchema"})
    );
    let nameless = dir.write_json("nameless.json", &json!({"id": "did:example:olena"}));
    assert_eq!(
        issue(&["--schema", &schema, &nameless]).error_code(1),
        "credential.schema_invalid"
    );

    // A credential naming a schema govblocks does not hold: issued as written by default,
    // refused with --schema-policy refuse.
    let foreign = dir.write_json(
        "foreign.json",
        &unsigned(
            "credentialSchema",
            json!({"id": "https://schemas.elsewhere.example/x.json", "type": "JsonSchema"}),
        ),
    );
    let foreign_vc = dir.save(
        "foreign-vc.json",
        &["credential", "issue", "--key", &key, &foreign],
    );
    assert_eq!(
        issue(&["--schema-policy", "refuse", &foreign]).error_code(1),
        "credential.schema_unknown"
    );

    let verify = |extra: &[&str], file: &str| {
        run(&[
            &["credential", "verify", "--trust", &did][..],
            extra,
            &[file],
        ]
        .concat())
    };
    // Verify: the schema file held → checked; without it → refused by default, reported on
    // request.
    let out = verify(&["--schema", &schema], &vc).ok().json();
    assert_eq!(
        out["schemas"],
        json!({"checked": ["https://schemas.example/pupil.json"], "unchecked": []})
    );
    assert_eq!(verify(&[], &vc).error_code(1), "credential.schema_unknown");
    let out = verify(&["--schema-policy", "report"], &vc).ok().json();
    assert_eq!(
        out["schemas"],
        json!({"checked": [], "unchecked": [{"id": "https://schemas.example/pupil.json", "type": "JsonSchema", "reason": "notHeld"}]})
    );
    assert_eq!(
        verify(&["--schema", &schema], &foreign_vc).error_code(1),
        "credential.schema_unknown"
    );
    assert_eq!(
        verify(&["--schema-policy", "report"], &foreign_vc)
            .ok()
            .json()["schemas"]["unchecked"][0]["id"],
        "https://schemas.elsewhere.example/x.json"
    );
    // A schema file without an $id, and a bad policy, are usage errors.
    let no_id = dir.write_json("no-id.schema.json", &json!({"type": "object"}));
    assert_eq!(
        verify(&["--schema", &no_id], &vc).error_code(2),
        "cli.usage"
    );
    assert_eq!(
        verify(&["--schema-policy", "maybe"], &vc).error_code(2),
        "cli.usage"
    );
}

/// `presentation verify` takes `--schema FILE` and `--schema-policy` as `credential verify`
/// does, applies them to every credential of the presentation, and reports per credential which
/// schemas were checked and which were not (VC DM 2.0 §4.10: an issuer may name a schema the
/// verifier does not hold; the verifier says which it could check).
#[test]
fn presentation_verify_checks_each_credentials_schemas_under_the_policy() {
    let dir = Scratch::new("vp_schemas");
    let (issuer_key, issuer) = dir.key("issuer.key.json", 9);
    let (holder_key, holder) = dir.key("holder.key.json", 10);
    let schema = dir.write_json(
        "pupil.schema.json",
        &json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://schemas.example/pupil.json",
            "type": "object",
            "required": ["id", "school"]
        }),
    );
    let pupil = dir.write_json("pupil.json", &json!({"id": holder, "school": "Lyceum 27"}));
    let pupil_vc = dir.save(
        "pupil-vc.json",
        &[
            "credential",
            "issue",
            "--key",
            &issuer_key,
            "--schema",
            &schema,
            &pupil,
        ],
    );
    let foreign = dir.write_json(
        "foreign.json",
        &json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": holder, "residence": "Kyiv"},
            "credentialSchema": {"id": "https://schemas.elsewhere.example/x.json", "type": "JsonSchema"}
        }),
    );
    let foreign_vc = dir.save(
        "foreign-vc.json",
        &["credential", "issue", "--key", &issuer_key, &foreign],
    );
    let vp = dir.save(
        "vp.json",
        &[
            "presentation",
            "create",
            "--key",
            &holder_key,
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            &pupil_vc,
            &foreign_vc,
        ],
    );
    let verify = |extra: &[&str]| {
        run(&[
            &[
                "presentation",
                "verify",
                "--challenge",
                CHALLENGE,
                "--domain",
                DOMAIN,
                "--trust",
                &issuer,
            ][..],
            extra,
            &[&vp],
        ]
        .concat())
    };

    // The default policy refuses a schema that cannot be checked, in any credential.
    assert_eq!(verify(&[]).error_code(1), "credential.schema_unknown");
    assert_eq!(
        verify(&["--schema", &schema]).error_code(1),
        "credential.schema_unknown",
        "the second credential names a schema no file holds"
    );
    // Reported: the file's schema checked in the first, the other listed in the second.
    let out = verify(&["--schema", &schema, "--schema-policy", "report"])
        .ok()
        .json();
    assert_eq!(
        out["credentials"][0]["schemas"],
        json!({"checked": ["https://schemas.example/pupil.json"], "unchecked": []})
    );
    assert_eq!(
        out["credentials"][1]["schemas"],
        json!({"checked": [], "unchecked": [{"id": "https://schemas.elsewhere.example/x.json",
                                              "type": "JsonSchema", "reason": "notHeld"}]})
    );
    assert_eq!(
        out["credentials"][0]["relatedResources"],
        json!({"checked": [], "unchecked": []})
    );
    // Without the file, the first one's schema is not held either.
    let out = verify(&["--schema-policy", "report"]).ok().json();
    assert_eq!(
        out["credentials"][0]["schemas"]["unchecked"][0]["reason"],
        "notHeld"
    );
    // The file's schema is enforced: a pupil schema that needs a grade refuses the credential.
    let strict = dir.write_json(
        "strict.schema.json",
        &json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://schemas.example/pupil.json",
            "type": "object",
            "required": ["grade"]
        }),
    );
    assert_eq!(
        verify(&["--schema", &strict, "--schema-policy", "report"]).error_code(1),
        "credential.schema_invalid"
    );
    // Usage errors as for `credential verify`.
    let no_id = dir.write_json("no-id.schema.json", &json!({"type": "object"}));
    assert_eq!(verify(&["--schema", &no_id]).error_code(2), "cli.usage");
    assert_eq!(
        verify(&["--schema-policy", "maybe"]).error_code(2),
        "cli.usage"
    );
    let from_stdin = run_with(
        &[
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--schema",
            "-",
        ],
        Some(&std::fs::read(&vp).unwrap()),
    );
    assert_eq!(from_stdin.error_code(2), "cli.usage");
}

/// VC DM 2.0 §5.3 Integrity of Related Resources: "it is desirable to know whether the resource
/// has been modified since the verifiable credential was issued"; `--related-resource ID=FILE`
/// supplies the bytes the caller holds (nothing is fetched), checked against the digests the
/// issuer signed, on `credential verify` and `presentation verify`.
#[test]
fn related_resources_are_checked_against_the_bytes_supplied() {
    use govblocks_identity::credential::RelatedResource;
    const PHOTO: &str = "https://photos.example/olena?size=full";
    let dir = Scratch::new("related");
    let (issuer_key, issuer) = dir.key("issuer.key.json", 11);
    let (holder_key, holder) = dir.key("holder.key.json", 12);
    let photo_bytes = b"\xff\xd8\xff\xe0 olena's photo";
    let photo = dir.write("photo.jpg", photo_bytes);
    let other = dir.write("other.jpg", b"\xff\xd8\xff\xe0 someone else");
    let unsigned = dir.write_json(
        "unsigned.json",
        &json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": {"id": holder, "name": "Olena"},
            "relatedResource": [serde_json::to_value(
                RelatedResource::of_bytes(PHOTO, photo_bytes).with_media_type("image/jpeg")
            ).unwrap()]
        }),
    );
    let vc = dir.save(
        "vc.json",
        &["credential", "issue", "--key", &issuer_key, &unsigned],
    );
    let verify = |extra: &[&str]| {
        run(&[
            &["credential", "verify", "--trust", &issuer][..],
            extra,
            &[&vc],
        ]
        .concat())
    };
    let right = format!("{PHOTO}={photo}");
    let wrong = format!("{PHOTO}={other}");

    // The right bytes: checked (the ID is split at the last `=`, so a URL may hold one).
    let out = verify(&["--related-resource", &right]).ok().json();
    assert_eq!(
        out["relatedResources"],
        json!({"checked": [PHOTO], "unchecked": []})
    );
    // Other bytes: refused, with the resource named.
    let out = verify(&["--related-resource", &wrong]);
    assert_eq!(out.error_code(1), "credential.related_resource_mismatch");
    assert!(out.text().contains(PHOTO), "{}", out.text());
    // No bytes: verified, listed as not checked.
    let out = verify(&[]).ok().json();
    assert_eq!(
        out["relatedResources"],
        json!({"checked": [], "unchecked": [PHOTO]})
    );
    // Bytes of a resource the credential does not name check nothing.
    let elsewhere = format!("https://photos.example/else={photo}");
    let out = verify(&["--related-resource", &elsewhere]).ok().json();
    assert_eq!(
        out["relatedResources"],
        json!({"checked": [], "unchecked": [PHOTO]})
    );

    // The same in a presentation, for each credential naming the resource.
    let vp = dir.save(
        "vp.json",
        &[
            "presentation",
            "create",
            "--key",
            &holder_key,
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            &vc,
        ],
    );
    let present = |extra: &[&str]| {
        run(&[
            &[
                "presentation",
                "verify",
                "--challenge",
                CHALLENGE,
                "--domain",
                DOMAIN,
                "--trust",
                &issuer,
            ][..],
            extra,
            &[&vp],
        ]
        .concat())
    };
    let out = present(&["--related-resource", &right]).ok().json();
    assert_eq!(
        out["credentials"][0]["relatedResources"],
        json!({"checked": [PHOTO], "unchecked": []})
    );
    assert_eq!(
        present(&["--related-resource", &wrong]).error_code(1),
        "credential.related_resource_mismatch"
    );
    let out = present(&[]).ok().json();
    assert_eq!(
        out["credentials"][0]["relatedResources"],
        json!({"checked": [], "unchecked": [PHOTO]})
    );

    // Usage errors: no `=`, an empty side, two files for one ID, a missing file, a FILE on
    // stdin while the credential is read from stdin.
    for bad in ["photo.jpg", "=photo.jpg", "https://photos.example/olena="] {
        assert_eq!(
            verify(&["--related-resource", bad]).error_code(2),
            "cli.usage",
            "{bad}"
        );
    }
    assert_eq!(
        verify(&["--related-resource", &right, "--related-resource", &wrong]).error_code(2),
        "cli.usage"
    );
    let missing = format!("{PHOTO}={}", dir.path("missing.jpg"));
    assert_eq!(
        verify(&["--related-resource", &missing]).error_code(1),
        "io.error"
    );
    let from_stdin = run_with(
        &[
            "credential",
            "verify",
            "--related-resource",
            &format!("{PHOTO}=-"),
        ],
        Some(&std::fs::read(&vc).unwrap()),
    );
    assert_eq!(from_stdin.error_code(2), "cli.usage");
}

/// The verifying commands' help says what they now accept: schemas and their policy, and the
/// related resources' bytes, on both; and each README synopsis line names the same flags.
#[test]
fn verify_helps_and_the_readme_name_the_schema_and_related_resource_flags() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../../README.md")).unwrap();
    for command in ["credential", "presentation"] {
        let text = run(&[command, "verify", "--help"]).text();
        for needle in [
            "--schema <FILE>",
            "--schema-policy <POLICY>",
            "--related-resource <ID=FILE>",
            "SCHEMAS.",
            "RELATED RESOURCES.",
            "credential.related_resource_mismatch",
        ] {
            assert!(text.contains(needle), "{command} verify --help: {needle}");
        }
        // The synopsis: from `govblocks <command> verify` to the next `govblocks` line.
        let start = readme
            .find(&format!("govblocks {command} verify "))
            .unwrap();
        let synopsis = &readme[start..];
        let end = synopsis[1..].find("\ngovblocks ").unwrap();
        let synopsis = &synopsis[..end];
        for flag in [
            "--schema FILE",
            "--schema-policy refuse|report",
            "--related-resource ID=FILE",
            "--status-list FILE",
        ] {
            assert!(synopsis.contains(flag), "README {command} verify: {flag}");
        }
    }
    let text = run(&["presentation", "verify", "--help"]).text();
    assert!(
        text.contains("\"schemas\":{\"checked\""),
        "each credential's output has its schemas"
    );
}
