//! Presentations: a person presents credentials to an office that asked for them; every
//! refusal has its own code, and a presentation is accepted once.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::document::Document;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::presentation::{
    create, create_with_policy, AcceptOnce, HolderProof, MemoryAcceptOnce, PolicyException,
    Presentation, PresentationPolicy, PresentationRequest, PresentationVerifier,
};
use govblocks_identity::Error;
use serde_json::{json, Map, Value};
use std::sync::Arc;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn now() -> FixedClock {
    FixedClock::new(t("2024-06-01T00:00:00Z"))
}

/// A credential from `issuer` about `subject_did`.
fn credential_for(issuer: &SecretKey, subject_did: &str, n: u32) -> Value {
    let Value::Object(subject) = json!({"id": subject_did, "benefit": format!("B-{n}")}) else {
        unreachable!()
    };
    let mut c = Credential::new(issuer.public_key().did(), &[], subject);
    c.valid_from = Some(t("2024-01-01T00:00:00Z"));
    issue(&c, issuer, &ProofOptions::assertion()).unwrap()
}

fn office(store: impl AcceptOnce + 'static, issuers: &[&SecretKey]) -> PresentationVerifier {
    let trust = issuers.iter().fold(TrustList::new(), |list, k| {
        list.trust(k.public_key().did(), [ProofPurpose::AssertionMethod])
    });
    let credentials =
        CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(now()));
    // Any did:key may be a holder: holders prove control of the key their credentials name.
    let holders = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(now());
    PresentationVerifier::new(credentials, holders, store)
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

fn bytes(v: &Value) -> Vec<u8> {
    serde_json::to_vec(v).unwrap()
}

#[test]
fn a_person_presents_three_credentials_once() {
    let (registry, ministry, person) = (key(1), key(2), key(3));
    let me = person.public_key().did();
    let credentials = vec![
        credential_for(&registry, &me, 1),
        credential_for(&ministry, &me, 2),
        credential_for(&registry, &me, 3),
    ];
    let vp = create(credentials, &person, None, "c-4f1e", "social.example.gov").unwrap();
    let store = Arc::new(MemoryAcceptOnce::new());
    let office = office(store.clone(), &[&registry, &ministry]);
    let verified = office
        .verify(&bytes(&vp), "c-4f1e", "social.example.gov")
        .unwrap();
    assert_eq!(verified.holder(), me);
    assert_eq!(verified.credentials().len(), 3);
    assert!(
        verified.exceptions().is_empty(),
        "the default case needs no exception"
    );
    assert_eq!(verified.proofs()[0].purpose, ProofPurpose::Authentication);
    // The same presentation again is a replay.
    assert_eq!(
        code(office.verify(&bytes(&vp), "c-4f1e", "social.example.gov")),
        "presentation.replayed"
    );
    assert_eq!(store.remembered().unwrap(), 1);
}

#[test]
fn the_challenge_and_domain_must_be_the_verifiers() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vp = create(
        vec![credential_for(&registry, &me, 1)],
        &person,
        None,
        "c-1",
        "a.example",
    )
    .unwrap();
    let office = office(Arc::new(MemoryAcceptOnce::new()), &[&registry]);
    assert_eq!(
        code(office.verify(&bytes(&vp), "c-2", "a.example")),
        "proof.challenge_mismatch"
    );
    assert_eq!(
        code(office.verify(&bytes(&vp), "c-1", "b.example")),
        "proof.domain_mismatch"
    );
    // A failed attempt does not use the challenge up.
    office.verify(&bytes(&vp), "c-1", "a.example").unwrap();
}

#[test]
fn the_holder_must_be_the_subject_unless_bearer_credentials_are_allowed() {
    let (registry, person, someone_else) = (key(1), key(3), key(4));
    let theirs = credential_for(&registry, &someone_else.public_key().did(), 1);
    // `create` refuses what the default verifier refuses ...
    assert_eq!(
        code(create(
            vec![theirs.clone()],
            &person,
            None,
            "c-1",
            "a.example"
        )),
        "presentation.subject_not_holder"
    );
    // ... and creates it under a policy that accepts it.
    let vp = create_with_policy(
        vec![theirs],
        Some(&person.public_key().did()),
        Some(HolderProof {
            signer: &person,
            challenge: "c-1",
            domain: "a.example",
        }),
        &PresentationPolicy::default().allow_any_subject(),
    )
    .unwrap();
    let strict = office(Arc::new(MemoryAcceptOnce::new()), &[&registry]);
    assert_eq!(
        code(strict.verify(&bytes(&vp), "c-1", "a.example")),
        "presentation.subject_not_holder"
    );
    let bearer = office(Arc::new(MemoryAcceptOnce::new()), &[&registry]).allow_bearer_credentials();
    let verified = bearer.verify(&bytes(&vp), "c-1", "a.example").unwrap();
    assert_eq!(
        verified.exceptions(),
        [PolicyException::NotBound {
            credential: 0,
            subject: 0,
            subject_id: Some(someone_else.public_key().did()),
        }]
    );
}

#[test]
fn the_holder_must_sign() {
    let (registry, person, thief) = (key(1), key(3), key(5));
    let me = person.public_key().did();
    // `create` refuses to sign for another holder ...
    assert_eq!(
        code(create(
            vec![credential_for(&registry, &me, 1)],
            &thief,
            Some(&me),
            "c-1",
            "a.example",
        )),
        "presentation.holder_mismatch"
    );
    // ... so the thief wraps the person's credential by hand, claiming to be the person.
    let Value::Object(credential) = credential_for(&registry, &me, 1) else {
        unreachable!()
    };
    let vp = Presentation::new(me.clone(), vec![credential])
        .sign(&thief, &ProofOptions::authentication("c-1", "a.example"))
        .unwrap();
    let office = office(Arc::new(MemoryAcceptOnce::new()), &[&registry]);
    let error = office.verify(&bytes(&vp), "c-1", "a.example").unwrap_err();
    assert_eq!(error.code(), "presentation.holder_mismatch");
    // The message names the holder and who signed instead (not a credential subject).
    assert_eq!(
        error.to_string(),
        format!(
            "the presentation is not signed by its holder {me:?}: a proof is by {:?}",
            thief.public_key().did()
        )
    );
}

#[test]
fn every_embedded_credential_is_verified() {
    let (registry, stranger, person) = (key(1), key(6), key(3));
    let me = person.public_key().did();
    let mut tampered = credential_for(&registry, &me, 1);
    tampered["credentialSubject"]["benefit"] = json!("B-999");
    let vp = create(
        vec![credential_for(&registry, &me, 2), tampered],
        &person,
        None,
        "c-1",
        "a.example",
    )
    .unwrap();
    let office = office(Arc::new(MemoryAcceptOnce::new()), &[&registry]);
    assert_eq!(
        code(office.verify(&bytes(&vp), "c-1", "a.example")),
        "proof.signature_invalid"
    );
    let vp = create(
        vec![credential_for(&stranger, &me, 1)],
        &person,
        None,
        "c-2",
        "a.example",
    )
    .unwrap();
    assert_eq!(
        code(office.verify(&bytes(&vp), "c-2", "a.example")),
        "credential.untrusted_issuer"
    );
    // A presentation whose type is wrong is refused for its structure.
    let mut not_vp: Map<String, Value> =
        serde_json::from_value(create(vec![], &person, None, "c-3", "a.example").unwrap()).unwrap();
    not_vp.insert("type".into(), json!(["Something"]));
    not_vp.remove("proof");
    let resigned = govblocks_core::proof::add_proof(
        Value::Object(not_vp),
        &person,
        &ProofOptions::authentication("c-3", "a.example"),
    )
    .unwrap();
    assert_eq!(
        code(office.verify(&bytes(&resigned), "c-3", "a.example")),
        "credential.type_invalid"
    );
}

#[test]
fn a_batch_of_presentations_fails_only_the_bad_ones() {
    let registry = key(1);
    let people: Vec<SecretKey> = (10..15).map(key).collect();
    let vps: Vec<Vec<u8>> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let c = credential_for(&registry, &p.public_key().did(), i as u32);
            bytes(&create(vec![c], p, None, &format!("c-{i}"), "social.example.gov").unwrap())
        })
        .collect();
    // A forged signature in the third presentation's credential.
    let mut forged: Value = serde_json::from_slice(&vps[2]).unwrap();
    forged["verifiableCredential"][0]["credentialSubject"]["benefit"] = json!("B-999");
    let forged = bytes(&forged);
    let store = Arc::new(MemoryAcceptOnce::new());
    let office = office(store.clone(), &[&registry]);
    fn request<'a>(bytes: &'a [u8], challenge: &'a str) -> PresentationRequest<'a> {
        PresentationRequest {
            bytes,
            challenge,
            domain: "social.example.gov",
        }
    }
    let requests = [
        request(&vps[0], "c-0"),
        request(&vps[1], "c-wrong"),
        request(&forged, "c-2"),
        request(&vps[3], "c-3"),
        // The first presentation again, in the same batch: a replay.
        request(&vps[0], "c-0"),
        request(&vps[4], "c-4"),
    ];
    let results = office.verify_batch(&requests);
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.code(), |_| "ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "proof.challenge_mismatch",
            "proof.signature_invalid",
            "ok",
            "presentation.replayed",
            "ok"
        ]
    );
    assert_eq!(
        results[3].as_ref().unwrap().holder(),
        people[3].public_key().did()
    );
    // Only the presentations that verified used up their challenges.
    assert_eq!(store.remembered().unwrap(), 3);
}

/// A store that cannot remember anything: every call fails.
struct BrokenStore;

impl AcceptOnce for BrokenStore {
    fn accept_once(
        &self,
        scope: govblocks_store::accept_once::Scope,
        id: &str,
        _: Timestamp,
        _: govblocks_store::accept_once::Until,
    ) -> govblocks_store::Result<govblocks_store::accept_once::Acceptance> {
        Err(govblocks_store::Error::IdTooLong {
            scope: scope.name(),
            len: id.len(),
        })
    }

    fn accept_all_once(
        &self,
        ids: &[(govblocks_store::accept_once::Scope, &str)],
        _: Timestamp,
        _: govblocks_store::accept_once::Until,
    ) -> govblocks_store::Result<govblocks_store::accept_once::AcceptanceOfAll> {
        Err(govblocks_store::Error::IdTooLong {
            scope: ids.first().map_or("none", |(scope, _)| scope.name()),
            len: 0,
        })
    }

    fn remembered(&self) -> govblocks_store::Result<u64> {
        Ok(0)
    }
}

#[test]
fn a_store_that_fails_never_accepts() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vp = create(
        vec![credential_for(&registry, &me, 1)],
        &person,
        None,
        "c-9",
        "a.example",
    )
    .unwrap();
    let broken = office(BrokenStore, &[&registry]);
    let error = broken.verify(&bytes(&vp), "c-9", "a.example").unwrap_err();
    assert_eq!(error.code(), "presentation.replay_store");
    assert!(
        std::error::Error::source(&error).is_some(),
        "the store's error is kept"
    );

    // A challenge too long to remember (over the store's bound) is refused, not accepted.
    let long = "c".repeat(govblocks_store::accept_once::MAX_ID_BYTES + 1);
    let vp = create(
        vec![credential_for(&registry, &me, 2)],
        &person,
        None,
        &long,
        "a.example",
    )
    .unwrap();
    let store = Arc::new(MemoryAcceptOnce::new());
    let office = office(Arc::clone(&store), &[&registry]);
    assert_eq!(
        code(office.verify(&bytes(&vp), &long, "a.example")),
        "presentation.replay_store"
    );
    assert_eq!(store.remembered().unwrap(), 0);
}

#[test]
fn the_challenge_is_remembered_for_its_ttl() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vp = create(
        vec![credential_for(&registry, &me, 1)],
        &person,
        None,
        "c-ttl",
        "a.example",
    )
    .unwrap();
    let store = Arc::new(MemoryAcceptOnce::new());
    let at = |now: &str| {
        let trust =
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]);
        let clock = FixedClock::new(t(now));
        let credentials =
            CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(clock));
        let holders = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock);
        PresentationVerifier::new(credentials, holders, Arc::clone(&store))
            .with_challenge_ttl(time::Duration::minutes(10))
    };
    let vp = bytes(&vp);
    at("2024-06-01T00:00:00Z")
        .verify(&vp, "c-ttl", "a.example")
        .unwrap();
    assert_eq!(
        code(at("2024-06-01T00:09:59Z").verify(&vp, "c-ttl", "a.example")),
        "presentation.replayed"
    );
    // Ten minutes on, the challenge is forgotten (a service hands each out once).
    at("2024-06-01T00:10:00Z")
        .verify(&vp, "c-ttl", "a.example")
        .unwrap();
}

/// Two verifiers — two processes in production — sharing one SQLite file refuse a presentation
/// replayed from one to the other, even after the first has closed the file.
#[cfg(feature = "sqlite")]
#[test]
fn verifiers_sharing_a_store_file_refuse_a_replay() {
    use govblocks_identity::presentation::SqliteAcceptOnce;
    let dir =
        std::env::temp_dir().join(format!("govblocks-identity-replay-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("challenges.db");

    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vp = create(
        vec![credential_for(&registry, &me, 1)],
        &person,
        None,
        "c-db",
        "a.example",
    )
    .unwrap();
    {
        let first = office(SqliteAcceptOnce::open(&file).unwrap(), &[&registry]);
        first.verify(&bytes(&vp), "c-db", "a.example").unwrap();
    }
    let second = office(SqliteAcceptOnce::open(&file).unwrap(), &[&registry]);
    assert_eq!(
        code(second.verify(&bytes(&vp), "c-db", "a.example")),
        "presentation.replayed"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// A presentation as it was signed (RFC 8785) is read without a tree, each embedded credential
/// kept as its canonical text until someone reads it; the same presentation laid out otherwise
/// is read strictly. Both give the same verified presentation.
#[test]
fn a_canonical_presentation_keeps_its_credentials_as_text_and_agrees_with_the_strict_reading() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let credentials = vec![
        credential_for(&registry, &me, 1),
        credential_for(&registry, &me, 2),
    ];
    let vp = create(
        credentials.clone(),
        &person,
        None,
        "c-1",
        "social.example.gov",
    )
    .unwrap();
    let canonical = bytes(&vp);
    let pretty = serde_json::to_vec_pretty(&vp).unwrap();
    let from_tape = office(MemoryAcceptOnce::new(), &[&registry])
        .verify(&canonical, "c-1", "social.example.gov")
        .unwrap();
    let strict = office(MemoryAcceptOnce::new(), &[&registry])
        .verify(&pretty, "c-1", "social.example.gov")
        .unwrap();
    let embedded = from_tape.presentation().credentials();
    assert_eq!(embedded.len(), 2);
    // Nobody read them as trees: the verifier read each credential on its own.
    assert!(embedded.iter().all(|c| !c.is_parsed()));
    assert_eq!(
        embedded[1].canonical(),
        govblocks_core::jcs::canonicalize_to_string(&credentials[1])
    );
    // Read now, as JSON.
    assert_eq!(embedded[0]["issuer"], registry.public_key().did());
    assert_eq!(Value::Object(embedded[0].as_map().clone()), credentials[0]);
    // The same presentation, the same credentials, whichever way it was read.
    assert_eq!(from_tape.presentation(), strict.presentation());
    assert_eq!(
        from_tape
            .credentials()
            .iter()
            .map(|c| (**c).clone())
            .collect::<Vec<_>>(),
        strict
            .credentials()
            .iter()
            .map(|c| (**c).clone())
            .collect::<Vec<_>>()
    );
    // It writes back to what was presented.
    assert_eq!(serde_json::to_value(from_tape.presentation()).unwrap(), vp);
}

/// Each refusal is the same, whichever way the presentation was read: the tape never decides
/// a refusal the strict reading would not make.
#[test]
fn a_refusal_is_the_same_from_the_tape_and_from_the_strict_reading() {
    let (registry, person, stranger) = (key(1), key(3), key(9));
    let me = person.public_key().did();
    let good = create(
        vec![credential_for(&registry, &me, 1)],
        &person,
        None,
        "c-1",
        "social.example.gov",
    )
    .unwrap();
    let mut cases: Vec<(&str, Value)> = Vec::new();
    // A credential changed after signing.
    let mut changed = good.clone();
    changed["verifiableCredential"][0]["credentialSubject"]["benefit"] = json!("B-999");
    cases.push(("proof.signature_invalid", changed));
    // The presentation changed after signing.
    let mut moved = good.clone();
    moved["holder"] = json!(stranger.public_key().did());
    cases.push(("proof.signature_invalid", moved));
    // An enveloped credential among the credentials.
    let mut enveloped = good.clone();
    enveloped["verifiableCredential"][0]["type"] =
        json!(["VerifiableCredential", "EnvelopedVerifiableCredential"]);
    cases.push(("presentation.enveloped_unsupported", enveloped));
    // A credential that is not an object.
    let mut not_object = good.clone();
    not_object["verifiableCredential"][0] = json!("a string");
    cases.push(("schema.invalid", not_object));
    // An empty credential subject (VC DM 2.0 §4.8).
    let mut empty_subject = good.clone();
    empty_subject["verifiableCredential"][0]["credentialSubject"] = json!({});
    cases.push(("credential.subject_empty", empty_subject));
    // A credential by an issuer nobody trusts.
    let untrusted = create(
        vec![credential_for(&stranger, &me, 1)],
        &person,
        None,
        "c-1",
        "social.example.gov",
    )
    .unwrap();
    cases.push(("credential.untrusted_issuer", untrusted));
    for (expected, vp) in cases {
        let canonical = bytes(&vp);
        assert!(
            govblocks_core::json::Tape::parse(&canonical, &Default::default()).is_some(),
            "{expected}: the case must take the tape"
        );
        let pretty = serde_json::to_vec_pretty(&vp).unwrap();
        let from_tape = office(MemoryAcceptOnce::new(), &[&registry]).verify(
            &canonical,
            "c-1",
            "social.example.gov",
        );
        let strict = office(MemoryAcceptOnce::new(), &[&registry]).verify(
            &pretty,
            "c-1",
            "social.example.gov",
        );
        assert_eq!(code(from_tape), expected);
        assert_eq!(code(strict), expected);
    }
}
