//! Presentations as VC Data Model 2.0 allows them (issue 14): without a holder, by a holder
//! who is not the subject, unsigned — each refused by default with its own code and message,
//! each accepted under the caller's `PresentationPolicy`, and reported when it was.
//!
//! The rules quoted are from "Verifiable Credentials Data Model v2.0" (W3C Recommendation,
//! https://www.w3.org/TR/vc-data-model-2.0/) and the "Verifiable Credentials Implementation
//! Guidelines 1.0" (https://www.w3.org/TR/vc-imp-guide/).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::document::Document;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::presentation::{
    create, create_with_policy, AcceptOnce, HolderProof, MemoryAcceptOnce, PolicyException,
    Presentation, PresentationPolicy, PresentationRequest, PresentationVerifier, RelationSource,
    SubjectCase,
};
use serde_json::{json, Map, Value};
use std::sync::Arc;

const DOMAIN: &str = "school.example.gov";

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// A credential from `issuer` with this subject.
fn credential(issuer: &SecretKey, subject: Value) -> Value {
    let mut c = Credential::new(issuer.public_key().did(), &[], object(subject));
    c.valid_from = Some(Timestamp::parse("2024-01-01T00:00:00Z", "t").unwrap());
    issue(&c, issuer, &ProofOptions::assertion()).unwrap()
}

fn verifier(
    store: impl AcceptOnce + 'static,
    issuer: &SecretKey,
    policy: PresentationPolicy,
) -> PresentationVerifier {
    let trust = TrustList::new().trust(issuer.public_key().did(), [ProofPurpose::AssertionMethod]);
    let clock = FixedClock::new(Timestamp::parse("2024-06-01T00:00:00Z", "t").unwrap());
    PresentationVerifier::new(
        CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(clock)),
        Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock),
        store,
    )
    .with_policy(policy)
}

fn signed(presentation: Presentation, signer: &SecretKey, challenge: &str) -> Vec<u8> {
    let value = presentation
        .sign(signer, &ProofOptions::authentication(challenge, DOMAIN))
        .unwrap();
    serde_json::to_vec(&value).unwrap()
}

fn unsigned(presentation: &Presentation) -> Vec<u8> {
    serde_json::to_vec(presentation).unwrap()
}

/// §4.13 Verifiable Presentations: "The verifiable presentation MAY include a `holder`
/// property. … If the `holder` property is absent, information about the holder is obtained
/// either via the securing mechanism or does not pertain to the validation of the verifiable
/// presentation."
#[test]
fn a_presentation_without_a_holder_is_refused_for_that_by_default_and_accepted_when_allowed() {
    let (registry, someone) = (key(1), key(3));
    let vc = credential(&registry, json!({"id": "did:example:pupil", "grade": 4}));
    let bytes = signed(
        Presentation::without_holder(vec![object(vc.clone())]),
        &someone,
        "c-1",
    );

    // The default: refused because it names no holder — said so, with its own code (it used
    // to be `credential subject "<signer>" is not the holder ""`).
    let strict = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default(),
    );
    let error = strict.verify(&bytes, "c-1", DOMAIN).unwrap_err();
    assert_eq!(error.code(), "presentation.holder_missing");
    assert_eq!(
        error.to_string(),
        "the presentation names no holder, and the policy requires one"
    );

    // Allowed without a holder: no subject can be the holder of a presentation naming none.
    let no_holder = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default().allow_no_holder(),
    );
    let error = no_holder.verify(&bytes, "c-1", DOMAIN).unwrap_err();
    assert_eq!(error.code(), "presentation.subject_not_holder");
    assert_eq!(
        error.to_string(),
        "credential 0: its subject \"did:example:pupil\" cannot be the holder: the presentation \
         names none"
    );

    // ... and with any subject it passes, reporting both exceptions.
    let store = Arc::new(MemoryAcceptOnce::new());
    let open = verifier(
        Arc::clone(&store),
        &registry,
        PresentationPolicy::default()
            .allow_no_holder()
            .allow_any_subject(),
    );
    let verified = open.verify(&bytes, "c-1", DOMAIN).unwrap();
    assert_eq!(verified.holder_id(), None);
    assert_eq!(verified.holder(), "");
    assert!(verified.is_signed());
    assert_eq!(
        verified.exceptions(),
        [
            PolicyException::NoHolder,
            PolicyException::NotBound {
                credential: 0,
                subject: 0,
                subject_id: Some("did:example:pupil".into()),
            }
        ]
    );
    // Signed without a holder, it is still bound to the challenge and accepted once.
    assert_eq!(
        open.verify(&bytes, "c-1", DOMAIN).unwrap_err().code(),
        "presentation.replayed"
    );
    assert_eq!(
        open.verify(&bytes, "c-2", DOMAIN).unwrap_err().code(),
        "proof.challenge_mismatch"
    );
    assert_eq!(store.remembered().unwrap(), 1);

    // `create` refuses and accepts the same.
    let proof = HolderProof {
        signer: &someone,
        challenge: "c-3",
        domain: DOMAIN,
    };
    let create_code = |policy: &PresentationPolicy| {
        create_with_policy(vec![vc.clone()], None, Some(proof), policy)
            .map(|_| "ok")
            .unwrap_or_else(|e| e.code())
    };
    assert_eq!(
        create_code(&PresentationPolicy::default()),
        "presentation.holder_missing"
    );
    assert_eq!(
        create_code(&PresentationPolicy::default().allow_no_holder()),
        "presentation.subject_not_holder"
    );
    assert_eq!(
        create_code(
            &PresentationPolicy::default()
                .allow_no_holder()
                .allow_any_subject()
        ),
        "ok"
    );
}

/// §2 Terminology (subject): "In many cases the holder of a verifiable credential is the
/// subject, but in certain cases it is not. For example, a parent (the holder) might hold the
/// verifiable credentials of a child (the subject)". Implementation Guide, "Holder Acts on
/// Behalf of the Subject": "Issuer can include the relationship between the holder and the
/// subject in the credentialSubject property."
#[test]
fn a_parent_presents_a_childs_credential_by_the_relation_the_issuer_stated() {
    let (registry, mother, stranger) = (key(1), key(4), key(5));
    let mum = mother.public_key().did();
    // The child has no DID of their own: a subject without an id, naming the parent.
    let birth = credential(
        &registry,
        json!({
            "name": "Mykola",
            "birthDate": "2019-04-02",
            "parent": {"id": mum, "type": "Mother"}
        }),
    );
    let present = |who: &SecretKey, challenge: &str| {
        signed(
            Presentation::new(who.public_key().did(), vec![object(birth.clone())]),
            who,
            challenge,
        )
    };

    let strict = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default(),
    );
    let error = strict
        .verify(&present(&mother, "c-1"), "c-1", DOMAIN)
        .unwrap_err();
    assert_eq!(error.code(), "presentation.subject_not_holder");
    assert_eq!(
        error.to_string(),
        format!("credential 0: its subject (which has no id) is not the holder {mum:?}")
    );

    let parents = PresentationPolicy::default()
        .allow_relation("parent")
        .allow_relation("guardian");
    let office = verifier(MemoryAcceptOnce::new(), &registry, parents.clone());
    let verified = office
        .verify(&present(&mother, "c-2"), "c-2", DOMAIN)
        .unwrap();
    assert_eq!(
        verified.exceptions(),
        [PolicyException::Relation {
            credential: 0,
            subject: 0,
            subject_id: None,
            relation: "parent".into(),
            source: RelationSource::Claim,
        }]
    );

    // A stranger presenting the same credential is not the parent it names.
    let error = office
        .verify(&present(&stranger, "c-3"), "c-3", DOMAIN)
        .unwrap_err();
    assert_eq!(error.code(), "presentation.subject_not_holder");
    assert!(
        error
            .to_string()
            .ends_with("nor names it in an allowed relation (parent, guardian)"),
        "{error}"
    );

    // A relation the policy does not list does not count.
    let aunts = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default().allow_relation("aunt"),
    );
    assert_eq!(
        aunts
            .verify(&present(&mother, "c-4"), "c-4", DOMAIN)
            .unwrap_err()
            .code(),
        "presentation.subject_not_holder"
    );

    // Two parents, as an array; either may present.
    let twins = credential(
        &registry,
        json!({
            "id": "did:example:child",
            "parent": [{"id": "did:example:father"}, {"id": mum}]
        }),
    );
    let bytes = signed(
        Presentation::new(mum.clone(), vec![object(twins)]),
        &mother,
        "c-5",
    );
    office.verify(&bytes, "c-5", DOMAIN).unwrap();

    // `create` agrees, under each policy.
    let proof = HolderProof {
        signer: &mother,
        challenge: "c-6",
        domain: DOMAIN,
    };
    assert_eq!(
        create(vec![birth.clone()], &mother, None, "c-6", DOMAIN)
            .unwrap_err()
            .code(),
        "presentation.subject_not_holder"
    );
    create_with_policy(vec![birth], Some(&mum), Some(proof), &parents).unwrap();
}

/// Implementation Guide, "Holder Acts on Behalf of the Subject": "Issuer can express the
/// relationship between the holder and the subject by issuing a new verifiable credential,
/// which the holder utilizes." How to check it is the verifier's business: a hook.
#[test]
fn a_hook_accepts_a_relationship_credential_presented_alongside() {
    let (registry, guardian) = (key(1), key(6));
    let me = guardian.public_key().did();
    let ward = credential(
        &registry,
        json!({"id": "did:example:ward", "school": "No. 5"}),
    );
    let guardianship = credential(
        &registry,
        json!({"id": me, "guardianOf": {"id": "did:example:ward"}}),
    );
    // The hook: another credential of the presentation, about the holder, names this subject
    // in `guardianOf`. (Every credential verified before the hook is asked.)
    let hook = |case: &SubjectCase<'_>| {
        let subject = case.subject.get("id")?.as_str()?;
        let holder = case.holder?;
        case.credentials
            .iter()
            .filter_map(|c| c.get("credentialSubject"))
            .any(|s| {
                s.get("id").and_then(Value::as_str) == Some(holder)
                    && s["guardianOf"]["id"].as_str() == Some(subject)
            })
            .then(|| "guardianOf".to_string())
    };
    let policy = PresentationPolicy::default().with_relation_hook(hook);
    assert!(!policy.is_strict());
    let office = verifier(MemoryAcceptOnce::new(), &registry, policy);

    let both = signed(
        Presentation::new(me.clone(), vec![object(ward.clone()), object(guardianship)]),
        &guardian,
        "c-1",
    );
    let verified = office.verify(&both, "c-1", DOMAIN).unwrap();
    assert_eq!(
        verified.exceptions(),
        [PolicyException::Relation {
            credential: 0,
            subject: 0,
            subject_id: Some("did:example:ward".into()),
            relation: "guardianOf".into(),
            source: RelationSource::Hook,
        }]
    );
    // Without the guardianship credential the hook refuses.
    let alone = signed(Presentation::new(me, vec![object(ward)]), &guardian, "c-2");
    assert_eq!(
        office.verify(&alone, "c-2", DOMAIN).unwrap_err().code(),
        "presentation.subject_not_holder"
    );
}

/// §4.13: "Verifiable presentations SHOULD be extremely short-lived and bound to a challenge
/// provided by a verifier." A presentation without a proof is bound to nothing: refused by
/// default; accepted when allowed, reported, and its challenge not used up.
#[test]
fn an_unsigned_presentation_is_refused_by_default_and_binds_no_challenge_when_allowed() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vc = credential(&registry, json!({"id": me, "grade": 4}));
    let bytes = unsigned(&Presentation::new(me.clone(), vec![object(vc.clone())]));

    let strict = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default(),
    );
    let error = strict.verify(&bytes, "c-1", DOMAIN).unwrap_err();
    assert_eq!(error.code(), "presentation.unsigned");
    assert_eq!(
        error.to_string(),
        "the presentation has no proof, and the policy requires a holder proof bound to the \
         challenge"
    );

    let store = Arc::new(MemoryAcceptOnce::new());
    let open = verifier(
        Arc::clone(&store),
        &registry,
        PresentationPolicy::default().allow_unsigned(),
    );
    let verified = open.verify(&bytes, "c-1", DOMAIN).unwrap();
    assert!(!verified.is_signed());
    assert!(verified.proofs().is_empty());
    assert_eq!(verified.holder(), me);
    assert_eq!(verified.exceptions(), [PolicyException::Unsigned]);
    // Bound to no challenge: any challenge, any number of times, and nothing remembered — so
    // an unsigned presentation cannot use up the challenge a signed one is due to answer.
    open.verify(&bytes, "c-1", DOMAIN).unwrap();
    open.verify(&bytes, "c-anything", DOMAIN).unwrap();
    assert_eq!(store.remembered().unwrap(), 0);
    let answer = create(vec![vc.clone()], &person, None, "c-1", DOMAIN).unwrap();
    open.verify(&serde_json::to_vec(&answer).unwrap(), "c-1", DOMAIN)
        .unwrap();
    assert_eq!(store.remembered().unwrap(), 1);

    // The credentials inside are still verified.
    let mut tampered = vc.clone();
    tampered["credentialSubject"]["grade"] = json!(5);
    let bytes = unsigned(&Presentation::new(me.clone(), vec![object(tampered)]));
    assert_eq!(
        open.verify(&bytes, "c-1", DOMAIN).unwrap_err().code(),
        "proof.signature_invalid"
    );
    // And a holder who is not the subject is refused as for a signed one.
    let bytes = unsigned(&Presentation::new(
        "did:example:someone-else",
        vec![object(vc.clone())],
    ));
    assert_eq!(
        open.verify(&bytes, "c-1", DOMAIN).unwrap_err().code(),
        "presentation.subject_not_holder"
    );

    // `create` makes one only when allowed.
    assert_eq!(
        create_with_policy(
            vec![vc.clone()],
            Some(&me),
            None,
            &PresentationPolicy::default()
        )
        .unwrap_err()
        .code(),
        "presentation.unsigned"
    );
    let made = create_with_policy(
        vec![vc],
        Some(&me),
        None,
        &PresentationPolicy::default().allow_unsigned(),
    )
    .unwrap();
    assert!(made.get("proof").is_none());
    open.verify(&serde_json::to_vec(&made).unwrap(), "c-9", DOMAIN)
        .unwrap();
}

/// The registry a service gives the holders' verifier (`Verifier::with_schemas`: its own
/// presentation schema, say one that admits only the holders it serves) is the one every
/// presentation is checked against, signed or unsigned. An unsigned presentation used to be
/// checked against the crate's built-in schemas only, so the service's schema did not apply to
/// exactly the presentations that carry no proof at all.
#[test]
fn an_unsigned_presentation_is_checked_against_the_holders_verifiers_schemas() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let vc = credential(&registry, json!({"id": me, "grade": 4}));
    let clock = FixedClock::new(Timestamp::parse("2024-06-01T00:00:00Z", "t").unwrap());
    // A presentation schema admitting only holders whose DID matches `pattern`.
    let holders_matching = |pattern: &str| {
        SchemaRegistry::builder()
            .with_core()
            .add_value(json!({
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": Presentation::SCHEMA,
                "type": "object",
                "required": ["holder"],
                "properties": {"holder": {"type": "string", "pattern": pattern}}
            }))
            .unwrap()
            .build()
            .unwrap()
    };
    let desk = |schemas: SchemaRegistry| {
        let trust =
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]);
        PresentationVerifier::new(
            CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(clock)),
            Verifier::new(DidKeyResolver, TrustList::any())
                .with_clock(clock)
                .with_schemas(Arc::new(schemas)),
            MemoryAcceptOnce::new(),
        )
        .with_policy(PresentationPolicy::default().allow_unsigned())
    };
    let signed =
        serde_json::to_vec(&create(vec![vc.clone()], &person, None, "c-1", DOMAIN).unwrap())
            .unwrap();
    let bare = unsigned(&Presentation::new(me.clone(), vec![object(vc)]));

    // The service serves did:web holders only: a did:key holder is refused, signed or not.
    let web_only = desk(holders_matching("^did:web:"));
    assert_eq!(
        web_only.verify(&signed, "c-1", DOMAIN).unwrap_err().code(),
        "schema.invalid"
    );
    assert_eq!(
        web_only.verify(&bare, "c-2", DOMAIN).unwrap_err().code(),
        "schema.invalid",
        "the unsigned presentation is checked against the service's registry too"
    );
    // A registry that admits the holder admits both.
    let key_holders = desk(holders_matching("^did:key:"));
    key_holders.verify(&signed, "c-1", DOMAIN).unwrap();
    assert!(!key_holders
        .verify(&bare, "c-2", DOMAIN)
        .unwrap()
        .is_signed());
}

/// §4.13.1: an enveloped credential's "`id` value of the object MUST be a `data:` URL that
/// expresses a secured verifiable credential using an enveloping security scheme"; §4.13.2 the
/// same for a presentation. govblocks verifies embedded Data Integrity proofs only, and says so.
#[test]
fn enveloped_credentials_and_presentations_are_refused_for_what_they_are() {
    let (registry, person) = (key(1), key(3));
    let me = person.public_key().did();
    let enveloped = json!({
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": "data:application/vc+sd-jwt,QzVjV...RMjU",
        "type": "EnvelopedVerifiableCredential"
    });
    let own = credential(&registry, json!({"id": me}));
    let office = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default(),
    );
    let bytes = signed(
        Presentation::new(
            me.clone(),
            vec![object(own.clone()), object(enveloped.clone())],
        ),
        &person,
        "c-1",
    );
    let error = office.verify(&bytes, "c-1", DOMAIN).unwrap_err();
    assert_eq!(error.code(), "presentation.enveloped_unsupported");
    assert!(error.to_string().starts_with("credential 1 is enveloped"));
    assert_eq!(
        create(vec![own, enveloped], &person, None, "c-1", DOMAIN)
            .unwrap_err()
            .code(),
        "presentation.enveloped_unsupported"
    );
    let vp = json!({
        "@context": "https://www.w3.org/ns/credentials/v2",
        "id": "data:application/vp+jwt,eyJraWQiO...zhwGfQ",
        "type": "EnvelopedVerifiablePresentation"
    });
    let error = office
        .verify(&serde_json::to_vec(&vp).unwrap(), "c-1", DOMAIN)
        .unwrap_err();
    assert_eq!(error.code(), "presentation.enveloped_unsupported");
    assert!(error
        .to_string()
        .starts_with("the presentation is enveloped"));
}

/// One batch, one policy: each presentation gets its own result and its own exceptions.
#[test]
fn a_batch_reports_each_presentations_exceptions() {
    let (registry, mother, person) = (key(1), key(4), key(3));
    let mum = mother.public_key().did();
    let me = person.public_key().did();
    let child = credential(&registry, json!({"name": "Mykola", "parent": {"id": mum}}));
    let own = credential(&registry, json!({"id": me}));
    let by_mother = signed(
        Presentation::new(mum.clone(), vec![object(child.clone())]),
        &mother,
        "c-1",
    );
    let by_person = signed(
        Presentation::new(me.clone(), vec![object(own)]),
        &person,
        "c-2",
    );
    let no_holder = signed(
        Presentation::without_holder(vec![object(child)]),
        &mother,
        "c-3",
    );
    let office = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default().allow_relation("parent"),
    );
    let request = |bytes: &'static [u8], challenge: &'static str| PresentationRequest {
        bytes,
        challenge,
        domain: DOMAIN,
    };
    let (a, b, c): (&'static [u8], &'static [u8], &'static [u8]) =
        (by_mother.leak(), by_person.leak(), no_holder.leak());
    let results = office.verify_batch(&[request(a, "c-1"), request(b, "c-2"), request(c, "c-3")]);
    assert_eq!(results[0].as_ref().unwrap().exceptions().len(), 1);
    assert!(results[1].as_ref().unwrap().exceptions().is_empty());
    assert_eq!(
        results[2].as_ref().unwrap_err().code(),
        "presentation.holder_missing"
    );
}

#[test]
fn the_policy_says_what_it_allows() {
    let strict = PresentationPolicy::strict();
    assert!(strict.is_strict());
    assert!(
        !strict.allows_no_holder() && !strict.allows_unsigned() && !strict.allows_any_subject()
    );
    let open = PresentationPolicy::default()
        .allow_no_holder()
        .allow_unsigned()
        .allow_relation("parent")
        .allow_relation("parent")
        .allow_any_subject();
    assert!(!open.is_strict());
    assert!(open.allows_no_holder() && open.allows_unsigned() && open.allows_any_subject());
    assert_eq!(open.relations(), ["parent"], "a relation is listed once");
    // The verifier keeps the policy it was given; `allow_bearer_credentials` is any subject.
    let registry = key(1);
    let v = verifier(
        MemoryAcceptOnce::new(),
        &registry,
        PresentationPolicy::default(),
    )
    .allow_bearer_credentials();
    assert!(v.policy().allows_any_subject());
    // Exceptions serialize as the CLI prints them.
    assert_eq!(
        serde_json::to_value(PolicyException::Relation {
            credential: 1,
            subject: 0,
            subject_id: None,
            relation: "parent".into(),
            source: RelationSource::Claim,
        })
        .unwrap(),
        json!({"exception": "relation", "credential": 1, "subject": 0, "subjectId": null,
               "relation": "parent", "source": "claim"})
    );
}
