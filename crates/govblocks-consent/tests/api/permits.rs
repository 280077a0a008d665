//! Every answer of `permits`: allow, and each deny reason with its code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::lifecycle::Event;
use govblocks_consent::permits::{Decision, DenyReason, Question};
use govblocks_consent::service::Change;
use govblocks_core::clock::Clock;
use time::Duration;

fn deny(decision: Decision, reason: DenyReason, code: &str) {
    assert_eq!(decision, Decision::Deny(reason));
    assert_eq!(decision.into_result().unwrap_err().code(), code);
}

#[test]
fn allow_and_every_deny_reason() {
    let f = fixture();
    let until = ts("2025-06-01T00:00:00Z");
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], Some(until))
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let now = f.clock.now();

    assert_eq!(
        record.permits(Question::new("eligibility", "income", now)),
        Decision::Allow
    );
    assert_eq!(
        record.permits(Question::new("eligibility", "income", now).shared_with(TAX)),
        Decision::Allow
    );
    let controller = record.controller().to_owned();
    assert!(record
        .permits(Question::new("eligibility", "household", now).shared_with(&controller))
        .is_allowed());
    // A purpose of the agreement the person did not choose, and one it does not have.
    deny(
        record.permits(Question::new("research", "household", now)),
        DenyReason::PurposeNotCovered,
        "consent.purpose_not_covered",
    );
    deny(
        record.permits(Question::new("marketing", "income", now)),
        DenyReason::PurposeNotCovered,
        "consent.purpose_not_covered",
    );
    deny(
        record.permits(Question::new("eligibility", "health", now)),
        DenyReason::DataNotCovered,
        "consent.data_not_covered",
    );
    deny(
        record.permits(
            Question::new("eligibility", "income", now).shared_with("did:web:bank.example.com"),
        ),
        DenyReason::RecipientNotCovered,
        "consent.recipient_not_covered",
    );
    // Before validFrom, after validUntil.
    deny(
        record.permits(Question::new(
            "eligibility",
            "income",
            now - Duration::days(1),
        )),
        DenyReason::NotYetValid,
        "consent.not_yet_valid",
    );
    deny(
        record.permits(Question::new(
            "eligibility",
            "income",
            until.to_datetime() + Duration::seconds(1),
        )),
        DenyReason::Expired,
        "consent.expired",
    );

    // Withdrawn.
    f.clock.advance(Duration::minutes(1));
    f.service.withdraw(&given.record).unwrap();
    let withdrawn = f.service.load(&given.record).unwrap();
    deny(
        withdrawn.permits(Question::new("eligibility", "income", f.clock.now())),
        DenyReason::Withdrawn,
        "consent.withdrawn",
    );

    // Revoked.
    let other = f
        .service
        .give(AGREEMENT, "1", "pseudonym-2", &["eligibility"], None)
        .unwrap();
    f.service.revoke(&other.record, "court order").unwrap();
    let revoked = f.service.load(&other.record).unwrap();
    deny(
        revoked.permits(Question::new("eligibility", "income", f.clock.now())),
        DenyReason::Revoked,
        "consent.revoked",
    );

    // Never given: requested, deferred, refused.
    for event in [Event::Request, Event::Defer, Event::Refuse] {
        let r = f
            .service
            .create(
                AGREEMENT,
                "1",
                "pseudonym-3",
                event,
                Change::none().purposes(["eligibility"]),
            )
            .unwrap();
        let record = f.service.load(&r.record).unwrap();
        deny(
            record.permits(Question::new("eligibility", "income", f.clock.now())),
            DenyReason::NotGiven,
            "consent.not_given",
        );
    }

    // Invalidated by the controller.
    let third = f
        .service
        .give(AGREEMENT, "1", "pseudonym-4", &["eligibility"], None)
        .unwrap();
    f.service
        .update(
            &third.record,
            Event::Invalidate,
            Change::none().reason("agreement changed"),
        )
        .unwrap();
    let invalidated = f.service.load(&third.record).unwrap();
    deny(
        invalidated.permits(Question::new("eligibility", "income", f.clock.now())),
        DenyReason::AgreementSuperseded,
        "consent.agreement_superseded",
    );
}

#[test]
fn a_widening_version_supersedes_a_narrowing_does_not() {
    // The record is given under version 1; the verifier also knows version 2, which widens it.
    let f = fixture_with(&[v1(), v2_wider()]);
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    deny(
        record.permits(Question::new("eligibility", "income", f.clock.now())),
        DenyReason::AgreementSuperseded,
        "consent.agreement_superseded",
    );
    // Consenting again under version 2 (a renewal) restores it.
    f.clock.advance(Duration::minutes(1));
    f.service
        .update(
            &given.record,
            Event::Renew,
            Change::none().agreement_version("2"),
        )
        .unwrap();
    let renewed = f.service.load(&given.record).unwrap();
    assert!(renewed
        .permits(Question::new("eligibility", "income", f.clock.now()))
        .is_allowed());

    // A narrowing version changes nothing for consent given under version 1.
    let f = fixture_with(&[v1(), v3_narrower()]);
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    assert!(record
        .permits(Question::new("eligibility", "income", f.clock.now()).shared_with(TAX))
        .is_allowed());
    assert!(v2_wider().widens(&v1()));
    assert!(!v3_narrower().widens(&v1()));
    assert!(!v1().widens(&v1()));
}

// ---- consent's rules around a give, for every front end (CLI, HTTP service) -----------------

/// A give covers the purposes asked for, each of which the agreement must define
/// (`consent.purpose_unknown` naming the first that does not), or every purpose of the
/// agreement when none is asked for.
#[test]
fn a_give_covers_purposes_of_the_agreement_only() {
    let agreement = v1();
    assert_eq!(
        agreement.purposes_to_give(&[]).unwrap(),
        ["eligibility", "research"]
    );
    let asked = vec!["research".to_string()];
    assert_eq!(agreement.purposes_to_give(&asked).unwrap(), ["research"]);
    let asked = vec!["eligibility".to_string(), "marketing".to_string()];
    let err = agreement.purposes_to_give(&asked).unwrap_err();
    assert_eq!(err.code(), "consent.purpose_unknown");
    assert!(err.to_string().contains("marketing"), "{err}");
    assert!(err.to_string().contains("version 1"), "{err}");
    // Narrower version 3 has no research.
    let asked = vec!["research".to_string()];
    let err = v3_narrower().purposes_to_give(&asked).unwrap_err();
    assert_eq!(err.code(), "consent.purpose_unknown");
}

/// An agreement version stored in a ledger never changes: the same id and version with other
/// bytes is `consent.agreement_digest_mismatch` and nothing is stored; storing the same
/// agreement again changes nothing; a new version is stored; bytes other than the verified
/// agreement's are `consent.agreement_invalid`.
#[test]
fn a_stored_agreement_version_is_immutable() {
    use govblocks_consent::agreement::{store_agreement, Agreements};
    use govblocks_consent::ledger::{self, Log};

    let verified = |signed: &serde_json::Value| {
        let mut agreements = Agreements::new();
        let reference = agreements
            .add_value(&trusting_ministry(), signed.clone())
            .unwrap();
        std::sync::Arc::clone(agreements.get(&reference.id, &reference.version).unwrap())
    };
    let ledger = ledger::memory();
    let signed = sign(&v1());
    let known = verified(&signed);
    let digest = store_agreement(&ledger, &known, &signed).unwrap();
    assert_eq!(digest, known.digest());
    assert_eq!(store_agreement(&ledger, &known, &signed).unwrap(), digest);
    assert_eq!(ledger.cited().unwrap().len(), 1);

    // Version 1 changed (research gone) but still called version 1.
    let changed = sign(&agreement("1", vec![eligibility()]));
    let changed_known = verified(&changed);
    let err = store_agreement(&ledger, &changed_known, &changed).unwrap_err();
    assert_eq!(err.code(), "consent.agreement_digest_mismatch");
    assert!(err.to_string().contains(&digest.to_string()), "{err}");
    assert_eq!(ledger.cited().unwrap().len(), 1, "nothing stored");

    // The verified agreement and the bytes to store must be the same.
    let err = store_agreement(&ledger, &known, &changed).unwrap_err();
    assert_eq!(err.code(), "consent.agreement_invalid");
    assert_eq!(ledger.cited().unwrap().len(), 1, "nothing stored");

    // A new version is a new agreement.
    let v2 = sign(&v2_wider());
    store_agreement(&ledger, &verified(&v2), &v2).unwrap();
    let stored = ledger.cited().unwrap();
    assert_eq!(stored.len(), 2);
    assert_eq!(stored[1].document, govblocks_core::jcs::canonicalize(&v2));
}

/// Whoever holds a ledger loads its agreements from it the same way (the CLI, an HTTP
/// service): in the order stored, each verified again from its stored bytes, the last stored
/// version of an id current; another controller's agreements are left out, and a stored
/// agreement that is not canonical is refused.
#[test]
fn agreements_load_back_from_the_ledger_verified() {
    use govblocks_consent::agreement::{
        load_stored, store_agreement, stored_controllers, Agreements,
    };
    use govblocks_consent::ledger::{self, Log};
    use govblocks_core::digest::ContentDigest;
    use govblocks_core::keys::SecretKey;
    use govblocks_core::proof::ProofOptions;

    let ledger = ledger::memory();
    for agreement in [v1(), v2_wider()] {
        let signed = sign(&agreement);
        let mut agreements = Agreements::new();
        let reference = agreements
            .add_value(&trusting_ministry(), signed.clone())
            .unwrap();
        let known =
            std::sync::Arc::clone(agreements.get(&reference.id, &reference.version).unwrap());
        store_agreement(&ledger, &known, &signed).unwrap();
    }
    // Another controller's agreement, stored beside them.
    let stranger = SecretKey::generate();
    let mut theirs = v1();
    theirs.id = "urn:agreement:the-strangers-own".into();
    theirs.controller.id = stranger.public_key().did();
    let theirs = theirs.sign(&stranger, &ProofOptions::assertion()).unwrap();
    ledger
        .put_cited(govblocks_core::jcs::canonicalize(&theirs))
        .unwrap();

    let did = ministry().public_key().did();
    assert_eq!(
        stored_controllers(&ledger).unwrap(),
        [did.clone(), stranger.public_key().did()]
    );
    let loaded = load_stored(&ledger, &trusting_ministry(), std::slice::from_ref(&did)).unwrap();
    let current = loaded.current(AGREEMENT).unwrap();
    assert_eq!(
        current.agreement().version,
        "2",
        "the last stored version is current"
    );
    assert!(loaded.get(AGREEMENT, "1").is_ok());
    // The stored digest is the one records name.
    assert_eq!(current.digest(), ContentDigest::of_json(&sign(&v2_wider())));

    // Trusting only the stranger, the ministry's agreements are left out; the stranger's
    // verifies only under a verifier that trusts it.
    let err = load_stored(
        &ledger,
        &trusting_ministry(),
        &[stranger.public_key().did()],
    )
    .unwrap_err();
    assert_eq!(err.code(), "trust.untrusted");

    // A stored agreement that is not in canonical form is refused.
    let ledger = ledger::memory();
    let mut pretty = serde_json::to_vec_pretty(&sign(&v1())).unwrap();
    pretty.push(b'\n');
    ledger.put_cited(pretty).unwrap();
    let err = load_stored(&ledger, &trusting_ministry(), &[did]).unwrap_err();
    assert_eq!(err.code(), "consent.agreement_invalid");
}
