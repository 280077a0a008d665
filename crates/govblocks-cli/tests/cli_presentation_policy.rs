//! Presentation policies (issue 14): the library's `presentation::create_with_policy`, the
//! CLI's `presentation create`, the library's `PresentationVerifier` and the CLI's
//! `presentation verify` refuse the same presentations with the same codes. One table of cases
//! goes through all four.
//!
//! VC Data Model 2.0 §4.13: "The verifiable presentation MAY include a `holder` property."
//! §2 (subject): "a parent (the holder) might hold the verifiable credentials of a child (the
//! subject)". The safe default refuses both; each flag allows one, and nothing else.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;
use common::{run, Scratch};

use govblocks_core::document::Document;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::presentation::{
    create_with_policy, HolderProof, MemoryAcceptOnce, Presentation, PresentationPolicy,
    PresentationVerifier,
};
use serde_json::{json, Map, Value};

const CHALLENGE: &str = "c-policy-1";
const DOMAIN: &str = "office.example.gov";

/// Who the presentation names as holder.
#[derive(Clone, Copy, Debug)]
enum Holder {
    /// The key's DID (the signer).
    Key,
    /// Someone else's DID (the issuer's).
    Other,
    /// No `holder` property.
    Absent,
}

/// Which credential is presented.
#[derive(Clone, Copy, Debug)]
enum Held {
    /// About the holder.
    Own,
    /// About a child, whose subject names the holder as `parent`.
    Child,
    /// About a stranger, naming nobody.
    Stranger,
    /// An enveloped credential (VC DM 2.0 §4.13.1).
    Enveloped,
}

struct Case {
    holder: Holder,
    signed: bool,
    held: Held,
    flags: &'static [&'static str],
    /// `ok`, or the code every one of the four refuses with.
    expect: &'static str,
}

const fn case(
    holder: Holder,
    signed: bool,
    held: Held,
    flags: &'static [&'static str],
    expect: &'static str,
) -> Case {
    Case {
        holder,
        signed,
        held,
        flags,
        expect,
    }
}

/// The table: each row one thing relaxed (or not), and what all four say.
const CASES: &[Case] = &[
    // The safe default: the holder signs, the credential is theirs.
    case(Holder::Key, true, Held::Own, &[], "ok"),
    // A parent presents a child's credential: refused unless the relation is allowed.
    case(
        Holder::Key,
        true,
        Held::Child,
        &[],
        "presentation.subject_not_holder",
    ),
    case(
        Holder::Key,
        true,
        Held::Child,
        &["--allow-relation", "parent"],
        "ok",
    ),
    case(
        Holder::Key,
        true,
        Held::Child,
        &["--allow-relation", "guardian"],
        "presentation.subject_not_holder",
    ),
    case(
        Holder::Key,
        true,
        Held::Stranger,
        &["--allow-relation", "parent"],
        "presentation.subject_not_holder",
    ),
    case(
        Holder::Key,
        true,
        Held::Stranger,
        &["--allow-any-subject"],
        "ok",
    ),
    // No holder: refused unless allowed; then no subject is the holder.
    case(
        Holder::Absent,
        true,
        Held::Own,
        &[],
        "presentation.holder_missing",
    ),
    case(
        Holder::Absent,
        true,
        Held::Own,
        &["--allow-no-holder"],
        "presentation.subject_not_holder",
    ),
    case(
        Holder::Absent,
        true,
        Held::Child,
        &["--allow-no-holder", "--allow-relation", "parent"],
        "presentation.subject_not_holder",
    ),
    case(
        Holder::Absent,
        true,
        Held::Own,
        &["--allow-no-holder", "--allow-any-subject"],
        "ok",
    ),
    // Unsigned: refused unless allowed.
    case(Holder::Key, false, Held::Own, &[], "presentation.unsigned"),
    case(Holder::Key, false, Held::Own, &["--allow-unsigned"], "ok"),
    case(
        Holder::Absent,
        false,
        Held::Stranger,
        &[
            "--allow-no-holder",
            "--allow-unsigned",
            "--allow-any-subject",
        ],
        "ok",
    ),
    // Signed by someone other than the holder: refused whatever the policy.
    case(
        Holder::Other,
        true,
        Held::Own,
        &[
            "--allow-no-holder",
            "--allow-unsigned",
            "--allow-any-subject",
        ],
        "presentation.holder_mismatch",
    ),
    // Enveloped credentials are not supported.
    case(
        Holder::Key,
        true,
        Held::Enveloped,
        &["--allow-any-subject"],
        "presentation.enveloped_unsupported",
    ),
];

/// The library policy the CLI flags describe.
fn policy(flags: &[&str]) -> PresentationPolicy {
    let mut policy = PresentationPolicy::default();
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        policy = match *flag {
            "--allow-no-holder" => policy.allow_no_holder(),
            "--allow-unsigned" => policy.allow_unsigned(),
            "--allow-any-subject" => policy.allow_any_subject(),
            "--allow-relation" => policy.allow_relation(*flags.next().unwrap()),
            other => panic!("unknown flag {other}"),
        };
    }
    policy
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

struct World {
    dir: Scratch,
    issuer: SecretKey,
    holder: SecretKey,
    holder_key_file: String,
}

impl World {
    /// A scratch directory of its own (`tag`: tests run at once in one process).
    fn new(tag: &str) -> Self {
        let dir = Scratch::new(tag);
        let holder = SecretKey::from_seed(&[2; 32]);
        let out = run(&["keygen", "--seed", &"02".repeat(32)]);
        out.ok();
        let holder_key_file = dir.write("holder.key.json", &out.stdout);
        assert_eq!(
            out.json()["did"],
            holder.public_key().did(),
            "the CLI's key is the library's"
        );
        World {
            dir,
            issuer: SecretKey::from_seed(&[1; 32]),
            holder,
            holder_key_file,
        }
    }

    fn credential(&self, held: Held) -> Value {
        let me = self.holder.public_key().did();
        let subject = match held {
            Held::Own => json!({"id": me, "benefit": "B-1"}),
            // The Implementation Guide's "Holder Acts on Behalf of the Subject": the issuer
            // states the relation in the subject.
            Held::Child => json!({
                "id": "did:example:child-mykola",
                "birthDate": "2019-04-02",
                "parent": {"id": me, "type": "Mother"}
            }),
            Held::Stranger => json!({"id": "did:example:stranger", "benefit": "B-2"}),
            Held::Enveloped => {
                return json!({
                    "@context": "https://www.w3.org/ns/credentials/v2",
                    "id": "data:application/vc+sd-jwt,QzVjV...RMjU",
                    "type": "EnvelopedVerifiableCredential"
                })
            }
        };
        let mut c = Credential::new(self.issuer.public_key().did(), &[], object(subject));
        c.valid_from =
            Some(govblocks_core::clock::Timestamp::parse("2024-01-01T00:00:00Z", "t").unwrap());
        issue(&c, &self.issuer, &ProofOptions::assertion()).unwrap()
    }

    fn holder_did(&self, holder: Holder) -> Option<String> {
        match holder {
            Holder::Key => Some(self.holder.public_key().did()),
            Holder::Other => Some(self.issuer.public_key().did()),
            Holder::Absent => None,
        }
    }

    /// The library's `create_with_policy`: `ok` or the code.
    fn library_create(&self, case: &Case) -> String {
        let holder = self.holder_did(case.holder);
        let proof = case.signed.then_some(HolderProof {
            signer: &self.holder,
            challenge: CHALLENGE,
            domain: DOMAIN,
        });
        match create_with_policy(
            vec![self.credential(case.held)],
            holder.as_deref(),
            proof,
            &policy(case.flags),
        ) {
            Ok(_) => "ok".into(),
            Err(e) => e.code().to_string(),
        }
    }

    /// The CLI's `presentation create`: `ok` or the code.
    fn cli_create(&self, n: usize, case: &Case) -> String {
        let credential = self.dir.write(
            &format!("vc-{n}.json"),
            self.credential(case.held).to_string().as_bytes(),
        );
        let mut args = vec!["presentation", "create"];
        let holder = self.holder_did(case.holder);
        if case.signed {
            args.extend([
                "--key",
                &self.holder_key_file,
                "--challenge",
                CHALLENGE,
                "--domain",
                DOMAIN,
            ]);
        } else {
            args.push("--unsigned");
        }
        match (&holder, case.holder) {
            (_, Holder::Absent) => args.push("--no-holder"),
            (Some(did), _) => args.extend(["--holder", did.as_str()]),
            (None, _) => unreachable!(),
        }
        args.extend(case.flags);
        args.push(&credential);
        let out = run(&args);
        if out.status == 0 {
            out.json();
            "ok".into()
        } else {
            out.error_code(1)
        }
    }

    /// The presentation the case describes, built by hand (past `create`'s checks), as bytes.
    fn presentation(&self, case: &Case) -> Vec<u8> {
        let credentials = vec![object(self.credential(case.held))];
        let presentation = match self.holder_did(case.holder) {
            Some(holder) => Presentation::new(holder, credentials),
            None => Presentation::without_holder(credentials),
        };
        let value = if case.signed {
            presentation
                .sign(
                    &self.holder,
                    &ProofOptions::authentication(CHALLENGE, DOMAIN),
                )
                .unwrap()
        } else {
            serde_json::to_value(&presentation).unwrap()
        };
        serde_json::to_vec(&value).unwrap()
    }

    /// The library's `PresentationVerifier` under the case's policy: `ok` or the code.
    fn library_verify(&self, case: &Case, bytes: &[u8]) -> String {
        let trust = TrustList::new().trust(
            self.issuer.public_key().did(),
            [ProofPurpose::AssertionMethod],
        );
        let verifier = PresentationVerifier::new(
            CredentialVerifier::new(Verifier::new(DidKeyResolver, trust)),
            Verifier::new(DidKeyResolver, TrustList::any()),
            MemoryAcceptOnce::new(),
        )
        .with_policy(policy(case.flags));
        match verifier.verify(bytes, CHALLENGE, DOMAIN) {
            Ok(_) => "ok".into(),
            Err(e) => e.code().to_string(),
        }
    }

    /// The CLI's `presentation verify` with the case's flags: the output or the code.
    fn cli_verify(&self, n: usize, case: &Case, bytes: &[u8]) -> Result<Value, String> {
        let file = self.dir.write(&format!("vp-{n}.json"), bytes);
        let issuer = self.issuer.public_key().did();
        let mut args = vec![
            "presentation",
            "verify",
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--trust",
            &issuer,
        ];
        args.extend(case.flags);
        args.push(&file);
        let out = run(&args);
        if out.status == 0 {
            Ok(out.json())
        } else {
            Err(out.error_code(1))
        }
    }
}

#[test]
fn create_and_verify_refuse_the_same_presentations_in_the_library_and_the_cli() {
    let w = World::new("policy-table");
    for (n, case) in CASES.iter().enumerate() {
        let what = format!(
            "case {n}: holder {:?}, signed {}, {:?}, {:?}",
            case.holder, case.signed, case.held, case.flags
        );
        assert_eq!(
            w.library_create(case),
            case.expect,
            "library create, {what}"
        );
        assert_eq!(w.cli_create(n, case), case.expect, "CLI create, {what}");
        let bytes = w.presentation(case);
        assert_eq!(
            w.library_verify(case, &bytes),
            case.expect,
            "library verify, {what}"
        );
        let cli = w.cli_verify(n, case, &bytes);
        assert_eq!(
            cli.as_ref().map_or_else(Clone::clone, |_| "ok".to_string()),
            case.expect,
            "CLI verify, {what}"
        );
    }
}

#[test]
fn the_cli_reports_every_exception_it_accepted() {
    let w = World::new("policy-exceptions");
    let me = w.holder.public_key().did();
    let verified = |n: usize, case: &Case| {
        let bytes = w.presentation(case);
        w.cli_verify(n, case, &bytes).unwrap()
    };
    // The default case: signed, a holder, no exception.
    let out = verified(0, &case(Holder::Key, true, Held::Own, &[], "ok"));
    assert_eq!(out["signed"], true);
    assert_eq!(out["holder"], me.as_str());
    assert_eq!(out["exceptions"], json!([]));
    // A parent presenting a child's credential, by the issuer's `parent` claim.
    let out = verified(
        1,
        &case(
            Holder::Key,
            true,
            Held::Child,
            &["--allow-relation", "parent"],
            "ok",
        ),
    );
    assert_eq!(
        out["exceptions"],
        json!([{
            "exception": "relation",
            "credential": 0,
            "subject": 0,
            "subjectId": "did:example:child-mykola",
            "relation": "parent",
            "source": "claim"
        }])
    );
    // No holder, unsigned, a stranger's credential: all three said.
    let out = verified(
        2,
        &case(
            Holder::Absent,
            false,
            Held::Stranger,
            &[
                "--allow-no-holder",
                "--allow-unsigned",
                "--allow-any-subject",
            ],
            "ok",
        ),
    );
    assert_eq!(out["signed"], false);
    assert_eq!(out["holder"], Value::Null);
    assert_eq!(
        out["exceptions"],
        json!([
            {"exception": "noHolder"},
            {"exception": "unsigned"},
            {"exception": "notBound", "credential": 0, "subject": 0, "subjectId": "did:example:stranger"}
        ])
    );
}

#[test]
fn an_unsigned_presentation_needs_a_holder_or_no_holder_said_and_no_key() {
    let w = World::new("policy-unsigned");
    let credential = w
        .dir
        .write("vc.json", w.credential(Held::Own).to_string().as_bytes());
    // No key to take the holder from.
    assert_eq!(
        run(&[
            "presentation",
            "create",
            "--unsigned",
            "--allow-unsigned",
            &credential
        ])
        .error_code(2),
        "cli.usage"
    );
    // --unsigned with a key, a challenge or a domain is a contradiction.
    assert_eq!(
        run(&[
            "presentation",
            "create",
            "--unsigned",
            "--key",
            &w.holder_key_file,
            "--no-holder",
            &credential
        ])
        .error_code(2),
        "cli.usage"
    );
    assert_eq!(
        run(&[
            "presentation",
            "create",
            "--unsigned",
            "--challenge",
            CHALLENGE,
            "--no-holder",
            &credential
        ])
        .error_code(2),
        "cli.usage"
    );
    // --holder and --no-holder together.
    assert_eq!(
        run(&[
            "presentation",
            "create",
            "--key",
            &w.holder_key_file,
            "--challenge",
            CHALLENGE,
            "--domain",
            DOMAIN,
            "--no-holder",
            "--holder",
            &w.holder.public_key().did(),
            &credential
        ])
        .error_code(2),
        "cli.usage"
    );
    // The unsigned presentation, created, verifies only where unsigned ones are allowed.
    let me = w.holder.public_key().did();
    let out = run(&[
        "presentation",
        "create",
        "--unsigned",
        "--allow-unsigned",
        "--holder",
        &me,
        &credential,
    ]);
    let vp = out.ok().json();
    assert!(vp.get("proof").is_none());
    assert_eq!(vp["holder"], me.as_str());
}

#[test]
fn the_help_says_what_the_policy_flags_give_up() {
    let text = run(&["presentation", "verify", "--help"]).text();
    for said in [
        "--allow-no-holder",
        "--allow-relation",
        "--allow-any-subject",
        "--allow-unsigned",
        "its challenge is not used up",
        "presentation.subject_not_holder",
        "presentation.holder_missing",
    ] {
        assert!(text.contains(said), "verify --help says {said:?}");
    }
    let text = run(&["presentation", "create", "--help"]).text();
    for said in ["--no-holder", "--unsigned", "same policy flags"] {
        assert!(text.contains(said), "create --help says {said:?}");
    }
}
