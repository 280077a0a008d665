//! The `consent` subcommands of `govblocks`, run as a program: every subcommand's happy path,
//! one end-to-end script (keygen → agreement → give → check → proof → receipt → export →
//! withdraw → check refused), every deny reason through `check`, and failures with their codes
//! and exit statuses (an unknown purpose, a file that is not a ledger, a row edited behind the
//! ledger's back, a receipt of a record without consent, bad usage).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, Run, Scratch as Dir};

use govblocks_consent::agreement::Agreements;
use govblocks_consent::ledger::{self, Access, Log};
use govblocks_consent::lifecycle::Event;
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::service::{Change, ConsentService};
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::json;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use serde_json::{json, Value};
use std::path::Path;
use std::sync::Arc;

const TAX: &str = "did:web:tax.example.gov";
const T0: &str = "2025-03-01T10:00:00Z";
const T1: &str = "2025-03-02T10:00:00Z";
const T2: &str = "2025-03-03T10:00:00Z";
const UNTIL: &str = "2025-09-01T00:00:00Z";
const AFTER: &str = "2025-09-02T00:00:00Z";
const AGREEMENT_ID: &str = "urn:agreement:child-benefit";

/// The controller's key file (seed 7…) and its DID.
fn ministry(dir: &Dir) -> (String, String) {
    seeded_key(dir, "ministry.key.json", 7)
}

fn seeded_key(dir: &Dir, name: &str, byte: u8) -> (String, String) {
    let seed: String = [byte; 32].iter().map(|b| format!("{b:02x}")).collect();
    let out = run(&["keygen", "--seed", &seed]);
    let did = out.ok().json()["did"].as_str().unwrap().to_string();
    (dir.write(name, &out.stdout), did)
}

/// The agreement's members, without controller.id (the key's DID fills it in).
fn terms() -> Value {
    json!({
        "id": AGREEMENT_ID,
        "version": "1",
        "controller": {"name": "Ministry of Social Protection", "url": "https://msp.example.gov"},
        "purposes": [
            {"id": "eligibility", "description": "Check eligibility for the child benefit",
             "lawfulBasis": "consent", "dataCategories": ["income", "household"],
             "recipients": [TAX]},
            {"id": "research", "description": "Anonymised statistics",
             "lawfulBasis": "public_task", "dataCategories": ["household"]}
        ],
        "dataAttributes": [{"name": "monthlyIncome", "category": "income", "sensitive": true}],
        "storageLocation": "KE", "retentionPeriod": "P2Y", "jurisdiction": "KE",
        "language": "en", "privacyNotice": "https://msp.example.gov/privacy",
        "withdrawalMethod": "https://msp.example.gov/consent"
    })
}

/// A signed agreement file made by `consent agreement create`.
fn agreement(dir: &Dir, key: &str) -> String {
    let terms = dir.write("terms.json", terms().to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", key, &terms]);
    dir.write("agreement.json", &out.ok().stdout)
}

/// Gives consent to `purposes` (all when empty) valid until [`UNTIL`], at [`T0`]; the record id.
fn give(dir: &Dir, db: &str, key: &str, purposes: &[&str]) -> String {
    let agreement = agreement(dir, key);
    let mut args = vec![
        "consent",
        "give",
        "--ledger",
        db,
        "--key",
        key,
        "--agreement",
        &agreement,
        "--principal",
        "pseudonym-4471",
        "--valid-until",
        UNTIL,
        "--now",
        T0,
    ];
    for p in purposes {
        args.extend(["--purpose", p]);
    }
    let out = run(&args);
    let v = out.ok().json();
    assert_eq!(v["state"], "given");
    assert!(v["revision"].as_str().is_some_and(|d| d.starts_with('z')));
    v["record"].as_str().unwrap().to_string()
}

/// `consent check` of `purpose`/`data`/`recipient` at `at`.
fn check(
    db: &str,
    record: &str,
    purpose: &str,
    data: &str,
    recipient: Option<&str>,
    at: &str,
) -> Run {
    let mut args = vec![
        "consent",
        "check",
        "--ledger",
        db,
        "--record",
        record,
        "--purpose",
        purpose,
        "--data",
        data,
        "--at",
        at,
    ];
    if let Some(r) = recipient {
        args.extend(["--recipient", r]);
    }
    run(&args)
}

#[test]
fn agreement_create_and_verify() {
    let dir = Dir::new("agreement");
    let (key, did) = ministry(&dir);
    let file = agreement(&dir, &key);
    let signed = json::parse(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(signed["controller"]["id"], did.as_str());
    assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
    // Canonical output.
    let bytes = std::fs::read(&file).unwrap();
    let mut canonical = govblocks_core::jcs::canonicalize(&signed);
    canonical.push(b'\n');
    assert_eq!(bytes, canonical);

    let out = run(&["consent", "agreement", "verify", "--trust", &did, &file]);
    let v = out.ok().json();
    assert_eq!(
        (&v["verified"], &v["trusted"], &v["id"], &v["version"]),
        (
            &json!(true),
            &json!(true),
            &json!(AGREEMENT_ID),
            &json!("1")
        )
    );
    assert_eq!(v["controller"], did.as_str());
    let out = run(&["consent", "agreement", "verify", &file]);
    assert_eq!(out.ok().json()["trusted"], false);
    // Another controller is not trusted.
    let (_, other) = seeded_key(&dir, "other.key.json", 9);
    let out = run(&["consent", "agreement", "verify", "--trust", &other, &file]);
    assert!(out.error_code(1).starts_with("trust."), "{}", out.text());
    // A changed agreement fails its signature.
    let mut forged = signed.clone();
    forged["retentionPeriod"] = json!("P99Y");
    let forged = dir.write("forged.json", forged.to_string().as_bytes());
    let out = run(&["consent", "agreement", "verify", &forged]);
    assert_eq!(out.error_code(1), "proof.signature_invalid");
}

#[test]
fn agreement_create_refuses_what_it_cannot_sign() {
    let dir = Dir::new("agreement-bad");
    let (key, _) = ministry(&dir);
    let (_, other) = key_pair(&dir);
    // controller.id of someone else: the key must be the controller's.
    let mut t = terms();
    t["controller"]["id"] = json!(other);
    let f = dir.write("t1.json", t.to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", &key, &f]);
    assert_eq!(out.error_code(2), "cli.usage");
    // Two purposes with one id.
    let mut t = terms();
    t["purposes"][1]["id"] = json!("eligibility");
    let f = dir.write("t2.json", t.to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", &key, &f]);
    assert_eq!(out.error_code(1), "consent.agreement_invalid");
    // A member the schema does not know.
    let mut t = terms();
    t["colour"] = json!("blue");
    let f = dir.write("t3.json", t.to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", &key, &f]);
    assert_eq!(out.error_code(1), "schema.invalid");
    // Already signed.
    let signed = agreement(&dir, &key);
    let out = run(&["consent", "agreement", "create", "--key", &key, &signed]);
    assert_eq!(out.error_code(2), "cli.usage");
}

fn key_pair(dir: &Dir) -> (String, String) {
    seeded_key(dir, "other.key.json", 9)
}

/// keygen → agreement create → give → check allow → proof → receipt → export → verify →
/// withdraw → check refused with consent.withdrawn.
#[test]
fn end_to_end() {
    let dir = Dir::new("e2e");
    let db = dir.path("consent.db");
    end_to_end_on(&dir, &db);
}

/// The end-to-end script on the ledger `db` (a file, or a PostgreSQL connection string).
fn end_to_end_on(dir: &Dir, db: &str) {
    let (key, did) = ministry(dir);
    let db = db.to_owned();
    let record = give(dir, &db, &key, &["eligibility"]);

    let out = check(&db, &record, "eligibility", "income", Some(TAX), T1);
    let v = out.ok().json();
    assert_eq!(v["allowed"], true);
    assert_eq!(v["state"], "given");
    assert_eq!(v["record"], record.as_str());

    // A consent proof, verified by anyone who trusts the controller.
    let out = run(&[
        "consent", "proof", "--ledger", &db, "--record", &record, "--key", &key, "--now", T1,
    ]);
    let proof = out.ok().json();
    assert_eq!(proof["type"], "ConsentProof");
    assert_eq!(proof["record"], record.as_str());
    assert_eq!(proof["issued"], T1);
    assert_eq!(proof["expires"], "2025-03-02T10:05:00Z");
    let proof_file = dir.write("proof.json", &out.stdout);
    let out = run(&["verify", "--trust", &did, "--now", T1, &proof_file]);
    assert_eq!(out.ok().json()["verified"], true);

    // The Kantara receipt.
    let out = run(&[
        "consent",
        "receipt",
        "--ledger",
        &db,
        "--record",
        &record,
        "--controller-contact",
        "Data Protection Office",
        "--controller-email",
        "dpo@msp.example.gov",
        "--controller-phone",
        "+254 20 000000",
        "--collection-method",
        "in person at the office",
    ]);
    let receipt = out.ok().json();
    assert_eq!(receipt["version"], "KI-CR-v1.1.0");
    assert_eq!(receipt["consentReceiptID"], record.as_str());
    assert_eq!(receipt["piiPrincipalId"], "pseudonym-4471");
    assert_eq!(receipt["collectionMethod"], "in person at the office");
    assert_eq!(receipt["publicKey"], did.as_str());
    assert_eq!(receipt["piiControllers"][0]["email"], "dpo@msp.example.gov");
    assert_eq!(
        receipt["piiControllers"][0]["contact"],
        "Data Protection Office"
    );
    assert_eq!(
        receipt["services"][0]["purposes"].as_array().unwrap().len(),
        1
    );
    assert_eq!(receipt["sensitive"], true);

    // The GovStack export.
    let out = run(&[
        "consent", "export", "--ledger", &db, "--record", &record, "--format", "govstack",
    ]);
    let export = out.ok().json();
    assert_eq!(export["dataAgreements"].as_array().unwrap().len(), 2);
    let records = export["consentRecords"].as_array().unwrap();
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["optIn"], true);
    assert_eq!(records[1]["optIn"], false);
    assert_eq!(export["revisions"].as_array().unwrap().len(), 1);
    assert_eq!(export["signatures"].as_array().unwrap().len(), 1);
    // govstack is the default format.
    let out = run(&["consent", "export", "--ledger", &db, "--record", &record]);
    assert_eq!(out.ok().json(), export);
    // The specification's shapes (validated against its schema in govblocks-consent's tests).
    let out = run(&[
        "consent",
        "export",
        "--ledger",
        &db,
        "--record",
        &record,
        "--format",
        "govstack-spec",
    ]);
    let spec = out.ok().json();
    let da = &spec["dataAgreements"][0];
    assert_eq!(
        da["lifecycle"],
        json!({"id": "complete", "name": "Complete"})
    );
    assert_eq!(da["dpia"], "");
    assert!(da["policy"]["id"].is_string());
    assert!(spec["signatures"][0]["id"].is_string());
    assert_eq!(
        spec["consentRecords"][0]["individual"]["id"],
        "pseudonym-4471"
    );
    assert!(!spec["dataAgreementAttributes"]
        .as_array()
        .unwrap()
        .is_empty());

    // The whole ledger verifies.
    let out = run(&["consent", "verify", "--ledger", &db, "--now", T1]);
    let v = out.ok().json();
    assert_eq!(v["trusted"], false);
    assert_eq!(v["controllers"], json!([did]));
    assert_eq!(v["agreements"], 1);
    assert_eq!(v["records"][0]["record"], record.as_str());
    assert_eq!(v["records"][0]["state"], "given");
    let out = run(&[
        "consent", "verify", "--ledger", &db, "--record", &record, "--trust", &did, "--now", T1,
    ]);
    assert_eq!(out.ok().json()["trusted"], true);

    // The person withdraws; the same question is refused, with its code.
    let out = run(&[
        "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record, "--now", T2,
    ]);
    let v = out.ok().json();
    assert_eq!(v["state"], "withdrawn");
    assert_eq!(v["record"], record.as_str());
    let out = check(&db, &record, "eligibility", "income", Some(TAX), T2);
    assert_eq!(out.error_code(1), "consent.withdrawn");
    // No proof for a withdrawn record; the receipt of the consent it ended remains.
    let out = run(&[
        "consent", "proof", "--ledger", &db, "--record", &record, "--key", &key, "--now", T2,
    ]);
    assert_eq!(out.error_code(1), "consent.withdrawn");
    let out = run(&["consent", "receipt", "--ledger", &db, "--record", &record]);
    out.ok();
}

#[test]
fn renew_revoke_and_the_persons_withdrawal() {
    let dir = Dir::new("lifecycle");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &[]);
    // Renewed after expiry, for a new period.
    let out = run(&[
        "consent",
        "renew",
        "--ledger",
        &db,
        "--key",
        &key,
        "--record",
        &record,
        "--valid-until",
        "2026-09-01T00:00:00Z",
        "--now",
        AFTER,
    ]);
    assert_eq!(out.ok().json()["state"], "renewed_given");
    let out = check(
        &db,
        &record,
        "research",
        "household",
        None,
        "2025-10-01T00:00:00Z",
    );
    assert_eq!(out.ok().json()["state"], "renewed_given");
    // Revoked by the controller, with a reason.
    let out = run(&[
        "consent",
        "revoke",
        "--ledger",
        &db,
        "--key",
        &key,
        "--record",
        &record,
        "--reason",
        "court order 2025/117",
        "--now",
        "2025-10-02T00:00:00Z",
    ]);
    assert_eq!(out.ok().json()["state"], "revoked");
    let out = check(
        &db,
        &record,
        "research",
        "household",
        None,
        "2025-10-03T00:00:00Z",
    );
    assert_eq!(out.error_code(1), "consent.revoked");
    let out = run(&[
        "consent", "export", "--ledger", &db, "--record", &record, "--format", "govstack",
    ]);
    let revisions = out.ok().json()["revisions"].clone();
    let last: Value = json::parse(
        revisions[2]["serializedSnapshot"]
            .as_str()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(last["reason"], "court order 2025/117");
    // Nothing follows a revocation.
    let out = run(&[
        "consent",
        "withdraw",
        "--ledger",
        &db,
        "--key",
        &key,
        "--record",
        &record,
        "--now",
        "2025-10-04T00:00:00Z",
    ]);
    assert_eq!(out.error_code(1), "consent.transition_invalid");

    // A withdrawal the person signs too.
    let (person, person_did) = seeded_key(&dir, "person.key.json", 11);
    let other = give(&dir, &db, &key, &["eligibility"]);
    let out = run(&[
        "consent",
        "withdraw",
        "--ledger",
        &db,
        "--key",
        &key,
        "--record",
        &other,
        "--principal-key",
        &person,
        "--now",
        T1,
    ]);
    assert_eq!(out.ok().json()["state"], "withdrawn");
    let out = run(&[
        "consent", "export", "--ledger", &db, "--record", &other, "--format", "govstack",
    ]);
    let export = out.ok().json();
    let last: Value = json::parse(
        export["revisions"][1]["serializedSnapshot"]
            .as_str()
            .unwrap()
            .as_bytes(),
    )
    .unwrap();
    assert_eq!(last["principalKey"], person_did.as_str());
    assert_eq!(last["proof"].as_array().map(Vec::len), Some(2));
    // Both records verify, the agreement was stored once.
    let out = run(&[
        "consent",
        "verify",
        "--ledger",
        &db,
        "--now",
        "2025-10-05T00:00:00Z",
    ]);
    let v = out.ok().json();
    assert_eq!(v["records"].as_array().unwrap().len(), 2);
    assert_eq!(v["agreements"], 1);
}

#[test]
fn check_names_every_deny_reason() {
    let dir = Dir::new("deny");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let cases: [(&str, &str, Option<&str>, &str, &str); 5] = [
        (
            "research",
            "household",
            None,
            T1,
            "consent.purpose_not_covered",
        ),
        (
            "eligibility",
            "health",
            Some(TAX),
            T1,
            "consent.data_not_covered",
        ),
        (
            "eligibility",
            "income",
            Some("did:web:bank.example.com"),
            T1,
            "consent.recipient_not_covered",
        ),
        ("eligibility", "income", Some(TAX), AFTER, "consent.expired"),
        ("unknown", "income", None, T1, "consent.purpose_not_covered"),
    ];
    for (purpose, data, recipient, at, code) in cases {
        let out = check(&db, &record, purpose, data, recipient, at);
        assert_eq!(
            out.error_code(1),
            code,
            "{purpose} {data} {recipient:?} {at}"
        );
    }
    // The controller itself may use the data.
    check(&db, &record, "eligibility", "household", None, T1).ok();
    // An unknown record.
    let out = check(&db, "urn:uuid:nope", "eligibility", "income", None, T1);
    assert_eq!(out.error_code(1), "consent.record_not_found");
    // Trusting another controller: the record is not signed by a trusted key.
    let (_, other) = key_pair(&dir);
    let out = run(&[
        "consent",
        "check",
        "--ledger",
        &db,
        "--record",
        &record,
        "--purpose",
        "eligibility",
        "--data",
        "income",
        "--at",
        T1,
        "--trust",
        &other,
    ]);
    assert_eq!(out.error_code(1), "trust.untrusted");
}

#[test]
fn give_refuses_an_unknown_purpose_and_a_key_that_is_not_the_controllers() {
    let dir = Dir::new("give-bad");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let agreement = agreement(&dir, &key);
    let base = [
        "consent",
        "give",
        "--ledger",
        &db,
        "--agreement",
        &agreement,
        "--principal",
        "p-1",
        "--now",
        T0,
    ];
    let out = run(&[&base[..], &["--key", &key, "--purpose", "marketing"]].concat());
    assert_eq!(out.error_code(1), "consent.purpose_unknown");
    assert!(!Path::new(&db).exists(), "nothing stored");
    let (other, _) = key_pair(&dir);
    let out = run(&[&base[..], &["--key", &other]].concat());
    assert!(out.error_code(1).starts_with("trust."), "{}", out.text());
    // A changed agreement under a version the ledger already holds.
    run(&[&base[..], &["--key", &key]].concat()).ok();
    let mut changed = terms();
    changed["purposes"][0]["description"] = json!("Something else");
    let changed = dir.write("changed-terms.json", changed.to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", &key, &changed]);
    let changed = dir.write("changed.json", &out.ok().stdout);
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &db,
        "--agreement",
        &changed,
        "--principal",
        "p-2",
        "--key",
        &key,
        "--now",
        T0,
    ]);
    assert_eq!(out.error_code(1), "consent.agreement_digest_mismatch");
    let out = run(&["consent", "verify", "--ledger", &db, "--now", T1]);
    assert_eq!(out.ok().json()["agreements"], 1);
    // A validUntil before the consent.
    let out = run(&[
        &base[..],
        &["--key", &key, "--valid-until", "2025-01-01T00:00:00Z"],
    ]
    .concat());
    assert_eq!(out.error_code(1), "consent.validity_invalid");
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused() {
    let dir = Dir::new("invalid");
    let (key, _) = ministry(&dir);
    let junk = dir.write("junk.db", &b"not a ledger at all\n".repeat(300));
    let out = run(&["consent", "verify", "--ledger", &junk]);
    assert_eq!(out.error_code(1), "store.invalid");
    let agreement = agreement(&dir, &key);
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &junk,
        "--key",
        &key,
        "--agreement",
        &agreement,
        "--principal",
        "p",
        "--now",
        T0,
    ]);
    assert_eq!(out.error_code(1), "store.invalid");
    assert_eq!(
        std::fs::read(&junk).unwrap(),
        b"not a ledger at all\n".repeat(300),
        "left untouched"
    );
    // A missing ledger is not created by a reader.
    let missing = dir.path("missing.db");
    let out = check(&missing, "urn:uuid:x", "p", "d", None, T1);
    assert_eq!(out.error_code(1), "store.not_found");
    assert!(!Path::new(&missing).exists());
}

/// Opens the ledger file as someone editing it behind the ledger's back would.
fn raw(db: &str) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "DROP TRIGGER IF EXISTS revisions_erase_only; \
         DROP TRIGGER IF EXISTS agreements_never_changed;",
    )
    .unwrap();
    conn
}

#[test]
fn a_tampered_ledger_row_is_reported() {
    let dir = Dir::new("tamper");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    check(&db, &record, "eligibility", "income", Some(TAX), T1).ok();
    // A revision's document rewritten: widen the purposes.
    {
        let conn = raw(&db);
        let doc: Vec<u8> = conn
            .query_row(
                "SELECT document FROM revisions WHERE sequence = 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        let forged = String::from_utf8(doc).unwrap().replace(
            r#""purposes":["eligibility"]"#,
            r#""purposes":["eligibility","research"]"#,
        );
        conn.execute(
            "UPDATE revisions SET document = ?1 WHERE sequence = 0",
            [forged.into_bytes()],
        )
        .unwrap();
    }
    for args in [
        vec!["consent", "verify", "--ledger", &db],
        vec![
            "consent",
            "check",
            "--ledger",
            &db,
            "--record",
            &record,
            "--purpose",
            "research",
            "--data",
            "household",
            "--at",
            T1,
        ],
        vec!["consent", "receipt", "--ledger", &db, "--record", &record],
        vec![
            "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record,
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.error_code(1), "store.tampered", "{args:?}");
        assert!(
            out.text().contains(&record),
            "names the record: {}",
            out.text()
        );
    }

    // A stored agreement rewritten.
    let dir = Dir::new("tamper-agreement");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    raw(&db)
        .execute(
            "UPDATE agreements SET document = CAST(replace(CAST(document AS TEXT), 'P2Y', 'P9Y') AS BLOB)",
            [],
        )
        .unwrap();
    let out = check(&db, &record, "eligibility", "income", Some(TAX), T1);
    assert_eq!(out.error_code(1), "store.tampered");
    assert!(out.text().contains("(agreements)"), "{}", out.text());
}

/// Writes a record that starts refused, with the library (the CLI has no `refuse`).
fn refused_record(db: &str) -> String {
    let ledger = ledger::open(db, Access::ReadWrite).unwrap();
    let ministry = SecretKey::from_seed(&[7; 32]);
    let did = ministry.public_key().did();
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(did.clone(), [ProofPurpose::AssertionMethod]),
    );
    let mut agreements = Agreements::new();
    for stored in ledger.cited().unwrap() {
        agreements.add(&verifier, &stored.document).unwrap();
    }
    let now = Timestamp::parse(T1, "now").unwrap();
    let verifier =
        RecordVerifier::new(Arc::new(agreements), [did]).with_clock(FixedClock::new(now));
    let service = ConsentService::new(ledger, &ministry, verifier);
    service
        .create(
            AGREEMENT_ID,
            "1",
            "pseudonym-9",
            Event::Refuse,
            Change::none(),
        )
        .unwrap()
        .record
}

#[test]
fn no_receipt_without_consent() {
    let dir = Dir::new("receipt");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    give(&dir, &db, &key, &["eligibility"]);
    let refused = refused_record(&db);
    let out = run(&["consent", "receipt", "--ledger", &db, "--record", &refused]);
    assert_eq!(out.error_code(1), "consent.receipt_unavailable");
    let out = check(&db, &refused, "eligibility", "income", None, T2);
    assert_eq!(out.error_code(1), "consent.not_given");
    let out = run(&[
        "consent",
        "receipt",
        "--ledger",
        &db,
        "--record",
        "urn:uuid:never",
    ]);
    assert_eq!(out.error_code(1), "consent.record_not_found");
}

#[test]
fn bad_usage_exits_2() {
    let dir = Dir::new("usage");
    let db = dir.path("consent.db");
    for args in [
        vec!["consent"],
        vec![
            "consent",
            "check",
            "--record",
            "r",
            "--purpose",
            "p",
            "--data",
            "d",
        ],
        vec![
            "consent",
            "check",
            "--ledger",
            &db,
            "--purpose",
            "p",
            "--data",
            "d",
        ],
        vec![
            "consent", "export", "--ledger", &db, "--record", "r", "--format", "csv",
        ],
        // --format defaults to govstack (issue 14); given, it needs a value.
        vec![
            "consent", "export", "--ledger", &db, "--record", "r", "--format",
        ],
        vec![
            "consent",
            "give",
            "--ledger",
            &db,
            "--key",
            "k",
            "--agreement",
            "a",
            "--principal",
            "p",
            "--now",
            "yesterday",
        ],
        vec![
            "consent",
            "verify",
            "--ledger",
            &db,
            "--trust",
            "example.org",
        ],
        vec![
            "consent",
            "proof",
            "--ledger",
            &db,
            "--record",
            "r",
            "--key",
            "k",
            "--validity",
            "0",
        ],
        vec!["consent", "frobnicate"],
    ] {
        let out = run(&args);
        assert_eq!(out.error_code(2), "cli.usage", "{args:?}");
    }
    assert!(!Path::new(&db).exists());
    // Help is documented.
    let out = run(&["consent", "check", "--help"]);
    let help = out.ok().text();
    assert!(help.contains("TRUST"), "{help}");
    assert!(help.contains("consent.withdrawn"));
}

/// `consent erase`: the person's records become digest-only tombstones that pass the ledger's
/// tamper check, refuse every read of their content and every new revision (the record can no
/// longer be loaded: `consent.record_erased`); erasing again (or
/// someone with no records) does nothing; the other people's records are untouched.
#[test]
fn erase_leaves_tombstones_and_nothing_of_the_person() {
    let dir = Dir::new("erase");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let withdrawn = run(&[
        "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record, "--now", T1,
    ]);
    withdrawn.ok();
    let other = refused_record(&db); // pseudonym-9's

    let out = run(&[
        "consent",
        "erase",
        "--ledger",
        &db,
        "--principal",
        "pseudonym-4471",
    ]);
    let report = out.ok().json();
    assert_eq!(report["principal"], "pseudonym-4471");
    assert_eq!(report["records"], json!([record]));
    assert_eq!(report["revisions"], 2);
    assert_eq!(report["scrubbed"], true);

    // Nothing of the person is left in the file.
    let bytes = std::fs::read(&db).unwrap();
    let needle = b"pseudonym-4471";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));

    // The tombstone refuses reads of its content and new revisions.
    let out = check(&db, &record, "eligibility", "income", None, T2);
    assert_eq!(out.error_code(1), "consent.record_erased");
    let out = run(&["consent", "receipt", "--ledger", &db, "--record", &record]);
    assert_eq!(out.error_code(1), "consent.record_erased");
    let out = run(&[
        "consent", "renew", "--ledger", &db, "--key", &key, "--record", &record, "--now", T2,
    ]);
    assert_eq!(out.error_code(1), "consent.record_erased");

    // The other person's record is untouched; the ledger still opens (tamper check).
    let out = check(&db, &other, "eligibility", "income", None, T2);
    assert_eq!(out.error_code(1), "consent.not_given");

    // Again, or for someone with no records: nothing to do.
    for principal in ["pseudonym-4471", "nobody"] {
        let out = run(&[
            "consent",
            "erase",
            "--ledger",
            &db,
            "--principal",
            principal,
        ]);
        let report = out.ok().json();
        assert_eq!(report["records"], json!([]));
        assert_eq!(report["revisions"], 0);
    }

    // A missing ledger is not found, never a new empty ledger.
    let missing = dir.path("missing.db");
    let out = run(&["consent", "erase", "--ledger", &missing, "--principal", "x"]);
    assert_eq!(out.error_code(1), "store.not_found");
    assert!(!Path::new(&missing).exists());
}

/// Stored data keeps opening: a ledger written by govblocks 0.1.0 (commit 931706a, see
/// `tests/fixtures/consent-ledger-v1/README.md`) verifies and answers `consent check` exactly as
/// that version did. Run on a copy, so the fixture itself is never written.
#[test]
fn a_ledger_written_by_0_1_0_still_opens() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/consent-ledger-v1");
    let expected = |name: &str| std::fs::read(fixture.join(name)).unwrap();
    let dir = Dir::new("ledger-v1");
    let db = dir.write("consent-v1.ledger", &expected("consent-v1.ledger"));
    const AT: &str = "2025-08-01T00:00:00Z";
    let out = run(&["consent", "verify", "--ledger", &db, "--now", AT]);
    assert_eq!(out.ok().stdout, expected("verify.out"));
    let first = "urn:uuid:adf7e33b-d6d7-45d3-935b-5b90bc5e9c35";
    let second = "urn:uuid:8c0eb1d2-15fe-4847-817b-a5d20785cb37";
    let third = "urn:uuid:5a9a489c-2078-4787-951e-d4352326f345";
    let out = check(&db, first, "eligibility", "income", Some(TAX), AT);
    assert_eq!(out.ok().stdout, expected("check1.out"));
    let out = check(&db, second, "eligibility", "income", None, AT);
    assert_eq!(out.error_code(1), "consent.withdrawn");
    assert_eq!(out.stdout, expected("check2.out"));
    let out = check(&db, third, "research", "household", None, AT);
    assert_eq!(out.error_code(1), "consent.record_erased");
    // 0.1.0's message, which now names the record before the revision (issue 14, finding 11).
    let then = String::from_utf8(expected("check3.out")).unwrap();
    let now = then.replace(
        r#""message":"revision 0"#,
        &format!(r#""message":"record \"{third}\", revision 0"#),
    );
    assert_ne!(then, now);
    assert_eq!(String::from_utf8(out.stdout).unwrap(), now);
}

/// The names in the directory of `file`, sorted.
fn siblings(file: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(Path::new(file).parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// The subcommands that only read: none of them may create or write the ledger file.
fn reading_commands<'a>(db: &'a str, key: &'a str, record: &'a str) -> Vec<Vec<&'a str>> {
    vec![
        vec!["consent", "verify", "--ledger", db],
        vec![
            "consent",
            "check",
            "--ledger",
            db,
            "--record",
            record,
            "--purpose",
            "eligibility",
            "--data",
            "income",
            "--at",
            T1,
        ],
        vec!["consent", "receipt", "--ledger", db, "--record", record],
        vec![
            "consent", "export", "--ledger", db, "--record", record, "--format", "govstack",
        ],
        vec![
            "consent", "proof", "--ledger", db, "--record", record, "--key", key, "--now", T1,
        ],
    ]
}

#[test]
fn reading_commands_never_create_or_write_a_ledger() {
    let dir = Dir::new("read-only");
    let (key, _) = ministry(&dir);
    // An empty file stays empty and is refused (0.1.0 turned it into a ledger).
    let empty = dir.write("empty.db", b"");
    for args in reading_commands(&empty, &key, "urn:uuid:x") {
        let out = run(&args);
        assert_eq!(out.error_code(1), "store.invalid", "{args:?}");
    }
    assert_eq!(std::fs::read(&empty).unwrap(), b"");
    // A missing file is not created.
    let missing = dir.path("missing.db");
    for args in reading_commands(&missing, &key, "urn:uuid:x") {
        let out = run(&args);
        assert_eq!(out.error_code(1), "store.not_found", "{args:?}");
        assert!(!Path::new(&missing).exists(), "{args:?}");
    }
    // A ledger is read and byte-identical afterwards. (In a directory the reader may write
    // to, SQLite may leave the `-wal`/`-shm` files of WAL mode beside it, as any reader of a
    // WAL database does; nothing else appears.)
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let before = std::fs::read(&db).unwrap();
    let around = siblings(&db);
    let beside = || -> Vec<String> {
        siblings(&db)
            .into_iter()
            .filter(|n| !n.ends_with("-wal") && !n.ends_with("-shm"))
            .collect()
    };
    for args in reading_commands(&db, &key, &record) {
        run(&args).ok();
        assert_eq!(std::fs::read(&db).unwrap(), before, "{args:?}");
        assert_eq!(beside(), around, "{args:?}");
    }
}

#[test]
fn a_principal_moved_behind_the_ledgers_back_is_tampering() {
    let dir = Dir::new("principal-moved");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute_batch(
            "DROP TRIGGER records_forward_only; \
             UPDATE records SET principal = 'someone-else';",
        )
        .unwrap();
    // 0.1.0 answered verified:true, erased nothing for the person and her record for
    // someone-else.
    let out = run(&["consent", "verify", "--ledger", &db]);
    assert_eq!(out.error_code(1), "store.tampered");
    assert!(out.text().contains(&record), "{}", out.text());
    for principal in ["pseudonym-4471", "someone-else"] {
        let out = run(&[
            "consent",
            "erase",
            "--ledger",
            &db,
            "--principal",
            principal,
        ]);
        assert_eq!(out.error_code(1), "store.tampered", "{principal}");
    }
    let documents: i64 = rusqlite::Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT count(*) FROM revisions WHERE document IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(documents, 1);
}

/// `consent verify` in a directory the user may not write to (run as uid 65534 through
/// `setpriv` when the tests run as root, since root ignores permissions).
#[test]
fn a_ledger_in_a_read_only_directory_can_be_verified() {
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0"));
    let drop_privileges = [
        "setpriv",
        "--reuid=65534",
        "--regid=65534",
        "--clear-groups",
    ];
    if root
        && !std::process::Command::new(drop_privileges[0])
            .args(&drop_privileges[1..])
            .arg("true")
            .status()
            .is_ok_and(|s| s.success())
    {
        eprintln!("NOTICE: running as root without a working setpriv; test skipped");
        return;
    }
    let dir = Dir::new("read-only-dir");
    let (key, _) = ministry(&dir);
    let sealed = Path::new(&dir.path("sealed")).to_path_buf();
    std::fs::create_dir(&sealed).unwrap();
    let db = sealed.join("consent.db").to_str().unwrap().to_owned();
    give(&dir, &db, &key, &["eligibility"]);
    let before = std::fs::read(&db).unwrap();
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path, mode| {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap()
    };
    mode(&sealed, 0o555);
    mode(Path::new(&db), 0o444);
    let parent = Path::new(&dir.path("x")).parent().unwrap().to_path_buf();
    let parent_mode = std::fs::metadata(&parent).unwrap().permissions().mode();
    mode(&parent, 0o755);
    let mut command = if root {
        let mut c = std::process::Command::new(drop_privileges[0]);
        c.args(&drop_privileges[1..])
            .arg(env!("CARGO_BIN_EXE_govblocks"));
        c
    } else {
        std::process::Command::new(env!("CARGO_BIN_EXE_govblocks"))
    };
    let out = command
        .args(["consent", "verify", "--ledger", &db])
        .output()
        .unwrap();
    mode(&sealed, 0o755);
    mode(&parent, parent_mode);
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{text} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(text.contains("\"verified\":true"), "{text}");
    assert_eq!(std::fs::read(&db).unwrap(), before);
    assert_eq!(siblings(&db), ["consent.db"]);
}

// ---- issue 14: the hostile findings about consent, each run as the attacker ran it ----------

/// A signed agreement with the ministry's id, as `consent agreement create` makes it with the
/// stranger's key (seed 9): version 2, research widened to income.
fn strangers_agreement(dir: &Dir, key: &str) -> String {
    let mut t = terms();
    t["version"] = json!("2");
    t["purposes"][1]["dataCategories"] = json!(["household", "income"]);
    let terms = dir.write("stranger-terms.json", t.to_string().as_bytes());
    let out = run(&["consent", "agreement", "create", "--key", key, &terms]);
    dir.write("stranger-agreement.json", &out.ok().stdout)
}

/// Finding 9: "controller B stores a B-signed agreement with A's id and a higher version, and
/// from then on A's records answer `consent.agreement_superseded` and `consent verify` lists
/// them invalidated."
#[test]
fn another_controller_cannot_supersede_the_ministrys_records() {
    let dir = Dir::new("hostile-9");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["research"]);
    let (stranger, _) = seeded_key(&dir, "stranger.key.json", 9);
    let theirs = strangers_agreement(&dir, &stranger);
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &db,
        "--key",
        &stranger,
        "--agreement",
        &theirs,
        "--principal",
        "pseudonym-1",
        "--now",
        T1,
    ]);
    assert_eq!(out.error_code(1), "consent.agreement_id_taken");
    check(&db, &record, "research", "household", None, T2).ok();
    let out = run(&["consent", "verify", "--ledger", &db, "--now", T2]);
    assert_eq!(out.ok().json()["records"][0]["state"], "given");
}

/// Finding 10: "Deleted agreement rows are reported as `trust.untrusted` (no controllers
/// left), not `consent.ledger_tampered`."
#[test]
fn a_deleted_agreement_row_is_ledger_tampered() {
    let dir = Dir::new("hostile-10");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    raw(&db)
        .execute_batch("DROP TRIGGER agreements_append_only; DELETE FROM agreements;")
        .unwrap();
    let at = ["--now", T1];
    for args in [
        vec!["consent", "verify", "--ledger", &db, at[0], at[1]],
        vec![
            "consent",
            "check",
            "--ledger",
            &db,
            "--record",
            &record,
            "--purpose",
            "eligibility",
            "--data",
            "income",
            "--at",
            T1,
        ],
        vec!["consent", "receipt", "--ledger", &db, "--record", &record],
        vec![
            "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record, "--now", T1,
        ],
    ] {
        let out = run(&args);
        assert_eq!(out.error_code(1), "consent.ledger_tampered", "{args:?}");
        assert!(out.text().contains(&record), "{}", out.text());
    }
}

/// Found checking finding 11 again from outside: `withdraw --now` before the record's give was
/// refused as `proof.not_yet_valid` (the give's proof "created in the future"); it is
/// `consent.timestamp_backwards`, naming both times, and nothing is appended.
#[test]
fn a_revision_dated_before_the_last_one_is_refused_as_backwards() {
    let dir = Dir::new("hostile-11-backwards");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let withdraw = |now: &str| {
        run(&[
            "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record, "--now",
            now,
        ])
    };
    let out = withdraw("2025-02-01T10:00:00Z");
    assert_eq!(out.error_code(1), "consent.timestamp_backwards");
    let message = out.json()["error"]["message"].to_string();
    assert!(
        message.contains(T0) && message.contains("2025-02-01T10:00:00Z"),
        "{message}"
    );
    assert_eq!(withdraw(T1).ok().json()["state"], "withdrawn");
}

/// Found checking finding 11 again from outside: `consent proof --now 2099-01-01T00:00:00Z`
/// signed a proof issued in 2099, which a verifier would accept then even if the consent were
/// withdrawn in between. Refused as a revision from the future is, with the same code (the
/// consent here runs until 2025-09-01, so the system clock's answer is `consent.expired`); a
/// proof as of a time in the past is still issued.
#[test]
fn a_consent_proof_from_the_future_is_refused() {
    let dir = Dir::new("hostile-11-proof");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let proof = |now: Option<&str>| {
        let mut args = vec![
            "consent", "proof", "--ledger", &db, "--record", &record, "--key", &key,
        ];
        args.extend(now.map(|now| ["--now", now]).into_iter().flatten());
        run(&args)
    };
    let out = proof(Some("2099-01-01T00:00:00Z"));
    assert_eq!(out.error_code(1), "consent.timestamp_in_future");
    assert_eq!(proof(None).error_code(1), "consent.expired");
    let signed = proof(Some(T1)).ok().json();
    assert_eq!(signed["record"], record.as_str(), "{signed}");
    assert_eq!(signed["issued"], T1, "{signed}");
}

/// Finding 11: "`consent give --now 9999-12-31T23:59:59Z` is accepted, and from then on the
/// whole-ledger `consent verify` fails with `proof.not_yet_valid`".
#[test]
fn a_revision_from_the_future_is_refused() {
    let dir = Dir::new("hostile-11");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    let agreement = dir.path("agreement.json");
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &db,
        "--key",
        &key,
        "--agreement",
        &agreement,
        "--principal",
        "pseudonym-2",
        "--now",
        "9999-12-31T23:59:59Z",
    ]);
    assert_eq!(out.error_code(1), "consent.timestamp_in_future");
    let out = run(&[
        "consent",
        "withdraw",
        "--ledger",
        &db,
        "--key",
        &key,
        "--record",
        &record,
        "--now",
        "9999-12-31T23:59:59Z",
    ]);
    assert_eq!(out.error_code(1), "consent.timestamp_in_future");
    let out = run(&["consent", "verify", "--ledger", &db]);
    let records = out.ok().json()["records"].clone();
    assert_eq!(records.as_array().unwrap().len(), 1, "{records}");
    // A refused give stores nothing, not even its agreement.
    let fresh = dir.path("fresh.db");
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &fresh,
        "--key",
        &key,
        "--agreement",
        &agreement,
        "--principal",
        "pseudonym-2",
        "--now",
        "9999-12-31T23:59:59Z",
    ]);
    assert_eq!(out.error_code(1), "consent.timestamp_in_future");
    // Not even the file: it is not created.
    let out = run(&["consent", "verify", "--ledger", &fresh]);
    assert_eq!(out.error_code(1), "store.not_found");
    assert!(!std::path::Path::new(&fresh).exists());
}

/// Finding 12: "`consent check --at T` answers from the latest state, not the state at T:
/// four minutes before a withdrawal it says `withdrawn`, months earlier
/// `proof.not_yet_valid`."
#[test]
fn check_at_answers_for_the_revision_in_force_then() {
    let dir = Dir::new("hostile-12");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let record = give(&dir, &db, &key, &["eligibility"]);
    run(&[
        "consent", "withdraw", "--ledger", &db, "--key", &key, "--record", &record, "--now", T2,
    ])
    .ok();
    let before = "2025-03-03T09:56:00Z";
    let out = check(&db, &record, "eligibility", "income", Some(TAX), before);
    assert_eq!(out.ok().json()["state"], "given");
    let months_earlier = "2024-11-01T00:00:00Z";
    let out = check(&db, &record, "eligibility", "income", None, months_earlier);
    assert_eq!(out.error_code(1), "consent.not_yet_valid");
    let out = check(&db, &record, "eligibility", "income", None, T2);
    assert_eq!(out.error_code(1), "consent.withdrawn");
    let out = check(&db, &record, "eligibility", "income", None, AFTER);
    assert_eq!(out.error_code(1), "consent.withdrawn");
}

/// Finding 13: "`consent proof` issues a proof for consent not yet in force (inside the skew),
/// while `check` at the same instant says `consent.not_yet_valid`".
#[test]
fn no_proof_for_consent_not_yet_in_force() {
    let dir = Dir::new("hostile-13");
    let (key, _) = ministry(&dir);
    let db = dir.path("consent.db");
    let agreement = agreement(&dir, &key);
    let soon = time::OffsetDateTime::now_utc() + time::Duration::minutes(2);
    let soon = Timestamp::from_datetime(soon.replace_nanosecond(0).unwrap())
        .unwrap()
        .to_string();
    let out = run(&[
        "consent",
        "give",
        "--ledger",
        &db,
        "--key",
        &key,
        "--agreement",
        &agreement,
        "--principal",
        "pseudonym-3",
        "--now",
        &soon,
    ]);
    let record = out.ok().json()["record"].as_str().unwrap().to_owned();
    let out = run(&[
        "consent", "proof", "--ledger", &db, "--key", &key, "--record", &record,
    ]);
    assert_eq!(out.error_code(1), "consent.not_yet_valid");
    let out = run(&[
        "consent",
        "check",
        "--ledger",
        &db,
        "--record",
        &record,
        "--purpose",
        "eligibility",
        "--data",
        "income",
    ]);
    assert_eq!(out.error_code(1), "consent.not_yet_valid");
    // At the instant it is in force, both agree again.
    run(&[
        "consent", "proof", "--ledger", &db, "--key", &key, "--record", &record, "--now", &soon,
    ])
    .ok();
}

/// "`ConsentService::give` stores the agreement it gives under, as the CLI does (today a
/// ledger written by the library cannot be reopened: `consent.agreement_unknown`, then the CLI
/// reports `trust.untrusted`)."
#[test]
fn a_ledger_written_by_the_library_is_read_by_the_cli() {
    let dir = Dir::new("library-ledger");
    let (key, did) = ministry(&dir);
    let file = agreement(&dir, &key);
    let signed = json::parse(&std::fs::read(&file).unwrap()).unwrap();
    let db = dir.path("consent.db");
    let record = {
        let ledger = ledger::open(&db, Access::Create).unwrap();
        let verifier = Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(did.clone(), [ProofPurpose::AssertionMethod]),
        );
        let mut agreements = Agreements::new();
        agreements.add_value(&verifier, signed).unwrap();
        let now = Timestamp::parse(T0, "now").unwrap();
        let verifier =
            RecordVerifier::new(Arc::new(agreements), [did]).with_clock(FixedClock::new(now));
        let ministry = SecretKey::from_seed(&[7; 32]);
        let service = ConsentService::new(ledger, &ministry, verifier);
        service
            .give(AGREEMENT_ID, "1", "pseudonym-4", &["eligibility"], None)
            .unwrap()
            .record
    };
    let out = run(&["consent", "verify", "--ledger", &db]);
    assert_eq!(out.ok().json()["agreements"], 1);
    check(&db, &record, "eligibility", "income", Some(TAX), T1).ok();
}

/// The CLI on a PostgreSQL server (built with `--features postgres`): `--ledger postgres://…`.
/// Runs when `GOVBLOCKS_TEST_POSTGRES` names a server (`.ci/run` does); otherwise each test
/// passes with a printed note. Each test uses schemas of its own (`?schema=NAME`), dropped
/// afterwards with `psql` when it is installed.
#[cfg(feature = "postgres")]
mod postgres {
    use super::*;

    use govblocks_store::postgres::TestSchema;

    #[test]
    fn end_to_end_on_postgres() {
        let Some(schema) = TestSchema::fresh("consent_e2e") else {
            return;
        };
        let dir = Dir::new("e2e-postgres");
        end_to_end_on(&dir, &schema.location());
    }

    #[test]
    fn reading_commands_never_create_a_postgres_ledger() {
        let Some(missing) = TestSchema::fresh("consent_missing") else {
            return;
        };
        let dir = Dir::new("read-only-postgres");
        let (key, _) = ministry(&dir);
        let db = missing.location();
        for _ in 0..2 {
            for args in reading_commands(&db, &key, "urn:uuid:x") {
                let out = run(&args);
                assert_eq!(out.error_code(1), "store.not_found", "{args:?}");
            }
        }
        // A ledger given to by one command is read by the next (another process).
        let record = give(&dir, &db, &key, &["eligibility"]);
        for args in reading_commands(&db, &key, &record) {
            run(&args).ok();
        }
    }

    #[test]
    fn erase_on_postgres_leaves_tombstones() {
        let Some(schema) = TestSchema::fresh("consent_erase") else {
            return;
        };
        let dir = Dir::new("erase-postgres");
        let (key, _) = ministry(&dir);
        let db = schema.location();
        let record = give(&dir, &db, &key, &["eligibility"]);
        let out = run(&[
            "consent",
            "erase",
            "--ledger",
            &db,
            "--principal",
            "pseudonym-4471",
        ]);
        let report = out.ok().json();
        assert_eq!(report["records"], json!([record]));
        assert_eq!(report["revisions"], 1);
        // PostgreSQL keeps old row versions until VACUUM (see the README's deployment notes).
        assert_eq!(report["scrubbed"], false);
        let out = check(&db, &record, "eligibility", "income", None, T2);
        assert_eq!(out.error_code(1), "consent.record_erased");
        let out = run(&[
            "consent", "renew", "--ledger", &db, "--key", &key, "--record", &record, "--now", T2,
        ]);
        assert_eq!(out.error_code(1), "consent.record_erased");
    }
}
