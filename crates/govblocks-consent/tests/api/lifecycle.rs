//! Every transition of the lifecycle table, allowed and refused, through the service: a record
//! is brought into each state, then every event is tried on it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::lifecycle::{transition, Event, State, TRANSITIONS};
use govblocks_consent::service::{Change, Outcome};
use time::Duration;

/// A fresh fixture and, unless `state` is `None`, a record brought into `state`.
fn record_in(state: Option<State>) -> (Fixture, Option<String>) {
    let f = fixture();
    let create = |event| {
        f.service
            .create(AGREEMENT, "1", PRINCIPAL, event, change_for(event))
            .unwrap()
            .record
    };
    let record = match state {
        None => None,
        Some(State::Requested) => Some(create(Event::Request)),
        Some(State::Deferred) => Some(create(Event::Defer)),
        Some(State::Refused) => Some(create(Event::Refuse)),
        Some(State::Given) => Some(create(Event::Give)),
        Some(State::RenewedGiven) => {
            let r = create(Event::Give);
            f.service.renew(&r, None).unwrap();
            Some(r)
        }
        Some(State::Withdrawn) => {
            let r = create(Event::Give);
            f.service.withdraw(&r).unwrap();
            Some(r)
        }
        Some(State::Revoked) => {
            let r = create(Event::Give);
            f.service.revoke(&r, "fraud investigation").unwrap();
            Some(r)
        }
        Some(State::Expired) => {
            let mut change = change_for(Event::Give);
            change.valid_until = Some(ts("2025-03-02T10:00:00Z"));
            let r = f
                .service
                .create(AGREEMENT, "1", PRINCIPAL, Event::Give, change)
                .unwrap()
                .record;
            f.clock.advance(Duration::days(2));
            Some(r)
        }
        Some(State::Invalidated) => {
            let r = create(Event::Give);
            f.service
                .update(
                    &r,
                    Event::Invalidate,
                    Change::none().reason("agreement changed"),
                )
                .unwrap();
            Some(r)
        }
    };
    if let (Some(state), Some(record)) = (state, &record) {
        let at = f.clock.clone();
        let loaded = f.service.load(record).unwrap();
        assert_eq!(
            loaded.state_at(govblocks_core::clock::Clock::now(&at)),
            state
        );
    }
    (f, record)
}

fn change_for(event: Event) -> Change<'static> {
    match event {
        Event::Give | Event::Renew | Event::Request => Change::none().purposes(["eligibility"]),
        _ => Change::none(),
    }
}

fn apply(f: &Fixture, record: Option<&str>, event: Event) -> govblocks_consent::Result<Outcome> {
    f.clock.advance(Duration::seconds(1));
    match record {
        None => f
            .service
            .create(AGREEMENT, "1", PRINCIPAL, event, change_for(event)),
        Some(r) => f.service.update(r, event, change_for(event)),
    }
}

#[test]
fn every_transition_allowed_and_refused() {
    let mut from_states: Vec<Option<State>> = vec![None];
    from_states.extend(State::ALL.into_iter().map(Some));
    let mut allowed = 0;
    for from in from_states {
        let row = TRANSITIONS
            .iter()
            .find(|(s, _)| *s == from)
            .map(|(_, events)| *events)
            .unwrap_or_default();
        for event in Event::ALL {
            let (f, record) = record_in(from);
            let result = apply(&f, record.as_deref(), event);
            if row.contains(&event) {
                allowed += 1;
                let outcome = result.unwrap_or_else(|e| panic!("{from:?} {event}: {e}"));
                assert_eq!(outcome.state, event.target(), "{from:?} {event}");
                assert_eq!(transition(from, event).unwrap(), event.target());
                // The chain replays to the state the API reported.
                let loaded = f.service.load(&outcome.record).unwrap();
                assert_eq!(loaded.stored_state(), outcome.state);
                assert_eq!(loaded.head().digest(), outcome.digest);
            } else {
                let e = result.expect_err(&format!("{from:?} {event} must be refused"));
                assert_eq!(
                    e.code(),
                    "consent.transition_invalid",
                    "{from:?} {event}: {e}"
                );
            }
        }
    }
    let table: usize = TRANSITIONS.iter().map(|(_, e)| e.len()).sum();
    assert_eq!(allowed, table);
}

#[test]
fn a_withdrawal_before_consent_was_given_is_refused() {
    let f = fixture();
    let requested = f
        .service
        .create(
            AGREEMENT,
            "1",
            PRINCIPAL,
            Event::Request,
            change_for(Event::Request),
        )
        .unwrap();
    let e = f.service.withdraw(&requested.record).unwrap_err();
    assert_eq!(e.code(), "consent.transition_invalid");
    assert!(e.to_string().contains("withdraw"), "{e}");
}

#[test]
fn bad_input_is_refused_with_its_code() {
    let f = fixture();
    // An unknown purpose.
    let e = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["marketing"], None)
        .unwrap_err();
    assert_eq!(e.code(), "consent.purpose_unknown");
    // An agreement version that does not exist.
    let e = f
        .service
        .give(AGREEMENT, "9", PRINCIPAL, &["eligibility"], None)
        .unwrap_err();
    assert_eq!(e.code(), "consent.agreement_unknown");
    // Consent that ends before it is given.
    let e = f
        .service
        .give(
            AGREEMENT,
            "1",
            PRINCIPAL,
            &["eligibility"],
            Some(ts("2025-01-01T00:00:00Z")),
        )
        .unwrap_err();
    assert_eq!(e.code(), "consent.validity_invalid");
    // Given to no purpose.
    let e = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &[], None)
        .unwrap_err();
    assert_eq!(e.code(), "consent.revision_invalid");
    // A record that does not exist.
    let e = f.service.withdraw("urn:uuid:nothing").unwrap_err();
    assert_eq!(e.code(), "consent.record_not_found");
    // A new agreement version outside a give or renewal.
    let given = f
        .service
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap();
    let e = f
        .service
        .update(
            &given.record,
            Event::Withdraw,
            Change::none().agreement_version("1"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "consent.agreement_changed");
}

#[test]
fn the_person_can_sign_too() {
    let f = fixture();
    let person = govblocks_core::keys::SecretKey::from_seed(&[44; 32]);
    let given = f
        .service
        .create(
            AGREEMENT,
            "1",
            PRINCIPAL,
            Event::Give,
            change_for(Event::Give).signed_by_principal(&person),
        )
        .unwrap();
    let record = f.service.load(&given.record).unwrap();
    let proofs = record.head().document()["proof"].as_array().unwrap().len();
    assert_eq!(proofs, 2, "a proof set: the person and the controller");
    assert_eq!(
        record.head().revision().principal_key.as_deref(),
        Some(person.public_key().did().as_str())
    );
}
