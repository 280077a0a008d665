//! The hostile findings of issue 14 about consent (9–13) and the library's own ledgers
//! (a ledger written by `ConsentService` holds its agreements), each quoting the attack.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::agreement::{load_stored, require_stored, store_agreement, Agreements};
use govblocks_consent::consent_proof::DEFAULT_PROOF_VALIDITY;
use govblocks_consent::ledger::{self, Log, NewEntry};
use govblocks_consent::permits::{Decision, DenyReason, Question};
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::service::ConsentService;
use govblocks_core::clock::FixedClock;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use std::sync::Arc;
use time::Duration;

/// A stranger's key, and v2_wider() re-signed by it under the ministry's agreement id.
fn strangers_v2() -> (SecretKey, serde_json::Value) {
    let stranger = SecretKey::from_seed(&[9; 32]);
    let mut theirs = v2_wider();
    theirs.controller.id = stranger.public_key().did();
    let signed = theirs.sign(&stranger, &ProofOptions::assertion()).unwrap();
    (stranger, signed)
}

fn trusting_all() -> Verifier {
    Verifier::new(DidKeyResolver, TrustList::any())
}

/// Finding 9: "controller B stores a B-signed agreement with A's id and a higher version, and
/// from then on A's records answer `consent.agreement_superseded`". An agreement id belongs to
/// the controller who first stored it; the other is refused with `consent.agreement_id_taken`.
#[test]
fn another_controller_cannot_supersede_an_agreement_it_does_not_own() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let ledger = f.service.ledger();
    let (_, theirs) = strangers_v2();

    // Refused by the versions a verifier knows...
    let mut known = Agreements::new();
    known.add_value(&trusting_all(), sign(&v1())).unwrap();
    let err = known
        .add_value(&trusting_all(), theirs.clone())
        .unwrap_err();
    assert_eq!(err.code(), "consent.agreement_id_taken");
    assert_eq!(
        known.owner(AGREEMENT),
        Some(ministry().public_key().did().as_str())
    );

    // ...and by the ledger (store_agreement, as `consent give` calls it).
    let mut mine = Agreements::new();
    mine.add_value(&trusting_all(), theirs.clone()).unwrap();
    let known_theirs = mine.current(AGREEMENT).unwrap();
    let err = store_agreement(ledger, known_theirs, &theirs).unwrap_err();
    assert_eq!(err.code(), "consent.agreement_id_taken");

    // Stored behind the ledger's rules (an older govblocks, a direct write), it is left out
    // when the ledger's agreements are loaded, even with both controllers trusted: the
    // ministry's record still permits.
    ledger
        .put_cited(govblocks_core::jcs::canonicalize(&theirs))
        .unwrap();
    let controllers = govblocks_consent::agreement::stored_controllers(ledger).unwrap();
    assert_eq!(controllers.len(), 2);
    let loaded = load_stored(ledger, &trusting_all(), &controllers).unwrap();
    assert_eq!(loaded.current(AGREEMENT).unwrap().agreement().version, "1");
    let verifier = RecordVerifier::new(Arc::new(loaded), controllers).with_clock(f.clock.clone());
    let record = verifier.load(ledger, &given.record).unwrap();
    let at = f.clock.now_for_test();
    assert_eq!(
        record.permits(Question::new("eligibility", "income", at)),
        Decision::Allow
    );
}

/// Finding 10: "Deleted agreement rows are reported as `trust.untrusted` (no controllers
/// left), not `consent.ledger_tampered`."
#[test]
fn a_record_whose_agreement_the_ledger_lost_is_ledger_tampered() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.service.withdraw(&given.record).unwrap();
    let stored = f.service.ledger().entries(&given.record).unwrap();
    require_stored(f.service.ledger(), &given.record, &stored).unwrap();

    // The same revisions in a ledger without the agreement (its row deleted).
    let bare = ledger::memory();
    let mut previous = None;
    for entry in &stored {
        let appended = bare
            .append(NewEntry::new(
                given.record.clone(),
                previous,
                entry.document.clone().unwrap(),
            ))
            .unwrap();
        previous = Some(appended.digest);
    }
    let err = require_stored(&bare, &given.record, &stored).unwrap_err();
    assert_eq!(err.code(), "consent.ledger_tampered");
    assert!(err.to_string().contains(&given.record), "{err}");
    assert!(err.to_string().contains(AGREEMENT), "{err}");
}

/// Finding 11: "`consent give --now 9999-12-31T23:59:59Z` is accepted, and from then on the
/// whole-ledger `consent verify` fails with `proof.not_yet_valid`". A revision dated beyond
/// the wall clock plus the skew is refused before anything is appended.
#[test]
fn a_revision_from_the_future_is_never_appended() {
    let f = fixture();
    f.clock.set(ts("9999-12-31T23:59:59Z"));
    let err = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap_err();
    assert_eq!(err.code(), "consent.timestamp_in_future");
    assert!(f
        .service
        .ledger()
        .streams(None, 10)
        .unwrap()
        .streams
        .is_empty());

    // Against a wall clock of the caller's choosing: within the skew (5 minutes) is accepted,
    // beyond it refused.
    let f = fixture();
    let wall = FixedClock::new(ts(START));
    let service =
        ConsentService::new(ledger::memory(), ministry(), f.verifier.clone()).with_wall_clock(wall);
    f.clock.advance(Duration::minutes(4));
    let given = service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.clock.advance(Duration::minutes(2));
    let err = service.withdraw(&given.record).unwrap_err();
    assert_eq!(err.code(), "consent.timestamp_in_future");
    assert_eq!(service.ledger().entries(&given.record).unwrap().len(), 1);
}

/// Found checking finding 11 again from outside: a consent proof could be issued dated years
/// ahead (`consent proof --now 2099-…`), evidence that a verifier would accept then even if the
/// consent were withdrawn in between. The service's `consent_proof` refuses a clock beyond the
/// wall clock plus the skew, as for a revision, with the same code; within the skew it issues.
#[test]
fn a_consent_proof_from_the_future_is_never_issued() {
    let f = fixture();
    let wall = FixedClock::new(ts(START));
    let service =
        ConsentService::new(ledger::memory(), ministry(), f.verifier.clone()).with_wall_clock(wall);
    let given = service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.clock.advance(Duration::minutes(4));
    let proof = service
        .consent_proof(&given.record, DEFAULT_PROOF_VALIDITY)
        .unwrap();
    assert_eq!(proof["record"], given.record.as_str(), "{proof}");
    f.clock.set(ts("2099-01-01T00:00:00Z"));
    let err = service
        .consent_proof(&given.record, DEFAULT_PROOF_VALIDITY)
        .unwrap_err();
    assert_eq!(err.code(), "consent.timestamp_in_future");
    assert!(err.to_string().contains("2099-01-01T00:00:00Z"), "{err}");
}

/// Found checking finding 11 again from outside: a revision dated before the record's latest
/// (`withdraw --now` a month before the give) was refused as `proof.not_yet_valid`, about the
/// stored revision's proof "created in the future". It is `consent.timestamp_backwards`, the
/// chain's own rule, naming both times; nothing is appended.
#[test]
fn a_revision_dated_before_the_last_one_is_refused_as_backwards() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let given_at = f.clock.now_for_test();
    f.clock.advance(Duration::days(-30));
    let err = f.service.withdraw(&given.record).unwrap_err();
    assert_eq!(err.code(), "consent.timestamp_backwards", "{err}");
    let message = err.to_string();
    let at = |t: time::OffsetDateTime| {
        govblocks_core::clock::Timestamp::from_datetime(t)
            .unwrap()
            .to_string()
    };
    assert!(message.contains(&at(given_at)), "{message}");
    assert!(message.contains(&at(f.clock.now_for_test())), "{message}");
    assert_eq!(f.service.ledger().entries(&given.record).unwrap().len(), 1);
    // Back at the give's time, the withdrawal goes through.
    f.clock.advance(Duration::days(30));
    f.service.withdraw(&given.record).unwrap();
}

/// Finding 12: "`consent check --at T` answers from the latest state, not the state at T:
/// four minutes before a withdrawal it says `withdrawn`, months earlier
/// `proof.not_yet_valid`." The record as of T answers for the revision in force at T.
#[test]
fn a_question_about_the_past_is_answered_by_the_revision_then_in_force() {
    let f = fixture();
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.clock.advance(Duration::days(30));
    f.service.withdraw(&given.record).unwrap();
    let withdrawn_at = f.clock.now_for_test();
    f.clock.advance(Duration::days(1));
    let record = f.verifier.load(f.service.ledger(), &given.record).unwrap();
    let agreements = f.verifier.agreements();
    let ask = |at: time::OffsetDateTime| {
        record
            .as_of(at, agreements)
            .unwrap()
            .permits(Question::new("eligibility", "income", at))
    };
    assert_eq!(ask(withdrawn_at - Duration::minutes(4)), Decision::Allow);
    assert_eq!(
        ask(withdrawn_at - Duration::days(200)),
        Decision::Deny(DenyReason::NotYetValid)
    );
    assert_eq!(ask(withdrawn_at), Decision::Deny(DenyReason::Withdrawn));
    assert_eq!(
        ask(withdrawn_at + Duration::days(1)),
        Decision::Deny(DenyReason::Withdrawn)
    );
    // The latest revision answers questions about now, as before.
    assert_eq!(
        record.permits(Question::new(
            "eligibility",
            "income",
            f.clock.now_for_test()
        )),
        Decision::Deny(DenyReason::Withdrawn)
    );
}

/// Finding 13: "`consent proof` issues a proof for consent not yet in force (inside the
/// skew), while `check` at the same instant says `consent.not_yet_valid`".
#[test]
fn no_consent_proof_before_the_consent_is_in_force() {
    let f = fixture();
    f.clock.advance(Duration::minutes(2));
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let now = ts(START).to_datetime();
    assert_eq!(
        record.permits(Question::new("eligibility", "income", now)),
        Decision::Deny(DenyReason::NotYetValid)
    );
    let err = record
        .consent_proof(&ministry(), now, DEFAULT_PROOF_VALIDITY)
        .unwrap_err();
    assert_eq!(err.code(), "consent.not_yet_valid");
    // Once in force, a proof.
    let later = now + Duration::minutes(2);
    record
        .consent_proof(&ministry(), later, DEFAULT_PROOF_VALIDITY)
        .unwrap();
}

/// "`ConsentService::give` stores the agreement it gives under, as the CLI does (today a
/// ledger written by the library cannot be reopened: `consent.agreement_unknown`)."
#[test]
fn a_ledger_written_by_the_service_holds_its_agreements() {
    let f = fixture_with(&[v1(), v2_wider()]);
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    f.service
        .update(
            &given.record,
            govblocks_consent::lifecycle::Event::Renew,
            govblocks_consent::service::Change::none().agreement_version("2"),
        )
        .unwrap();
    let ledger = f.service.ledger();
    assert_eq!(
        ledger.cited().unwrap().len(),
        2,
        "both versions stored, once each"
    );
    let did = ministry().public_key().did();
    let loaded = load_stored(ledger, &trusting_ministry(), std::slice::from_ref(&did)).unwrap();
    let reopened = RecordVerifier::new(Arc::new(loaded), [did]).with_clock(f.clock.clone());
    let record = reopened.load(ledger, &given.record).unwrap();
    assert_eq!(record.chain().len(), 2);
    assert_eq!(record.agreement().agreement().version, "2");
}
