//! Property: over random sequences of lifecycle events, the state replayed from the chain is
//! the state the API reported, and `permits` agrees with a plain reference model — asked
//! about now, and (through `VerifiedRecord::as_of`, issue 14 finding 12) asked afterwards
//! about every earlier instant: the revision then in force answers as the model did then.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::lifecycle::{Event, State};
use govblocks_consent::permits::{Decision, DenyReason, Question};
use govblocks_consent::service::Change;
use govblocks_core::clock::{Clock, Timestamp};
use proptest::prelude::*;
use time::{Duration, OffsetDateTime};

/// The reference model: what the record should say, written without the crate's table.
#[derive(Debug, Clone)]
struct Model {
    state: Option<State>,
    purposes: Vec<String>,
    valid_from: Option<OffsetDateTime>,
    valid_until: Option<OffsetDateTime>,
}

impl Model {
    fn state_at(&self, at: OffsetDateTime) -> Option<State> {
        match self.state {
            Some(State::Given | State::RenewedGiven)
                if self.valid_until.is_some_and(|u| u < at) =>
            {
                Some(State::Expired)
            }
            other => other,
        }
    }

    fn allowed(&self, from: Option<State>, event: Event) -> bool {
        use Event::*;
        use State::*;
        match from {
            None => matches!(event, Request | Defer | Refuse | Give),
            Some(Requested) => matches!(event, Defer | Refuse | Give | Revoke),
            Some(Deferred) => matches!(event, Request | Refuse | Give | Revoke),
            Some(Refused | Withdrawn | Revoked) => matches!(event, Request | Give),
            Some(Given | RenewedGiven) => matches!(event, Renew | Withdraw | Revoke | Invalidate),
            Some(Expired) => matches!(event, Request | Give | Renew),
            Some(Invalidated) => matches!(event, Request | Refuse | Give | Renew),
        }
    }

    fn permits(
        &self,
        purpose: &str,
        category: &str,
        recipient: Option<&str>,
        at: OffsetDateTime,
    ) -> Decision {
        let deny = Decision::Deny;
        match self.state_at(at) {
            Some(State::Given | State::RenewedGiven) => {}
            Some(State::Withdrawn) => return deny(DenyReason::Withdrawn),
            Some(State::Revoked) => return deny(DenyReason::Revoked),
            Some(State::Expired) => return deny(DenyReason::Expired),
            Some(State::Invalidated) => return deny(DenyReason::AgreementSuperseded),
            _ => return deny(DenyReason::NotGiven),
        }
        if self.valid_from.is_some_and(|f| f > at) {
            return deny(DenyReason::NotYetValid);
        }
        if !self.purposes.iter().any(|p| p == purpose) {
            return deny(DenyReason::PurposeNotCovered);
        }
        let (categories, recipients): (&[&str], &[&str]) = match purpose {
            "eligibility" => (&["income", "household"], &[TAX]),
            _ => (&["household"], &[]),
        };
        if !categories.contains(&category) {
            return deny(DenyReason::DataNotCovered);
        }
        match recipient {
            Some(r) if !recipients.contains(&r) => deny(DenyReason::RecipientNotCovered),
            _ => Decision::Allow,
        }
    }
}

fn event() -> impl Strategy<Value = Event> {
    prop::sample::select(Event::ALL.to_vec())
}

fn purposes() -> impl Strategy<Value = Vec<&'static str>> {
    prop::sample::select(vec![
        vec!["eligibility"],
        vec!["research"],
        vec!["eligibility", "research"],
    ])
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

    #[test]
    fn replayed_state_and_permits_match_the_model(
        steps in prop::collection::vec((event(), purposes(), 0i64..4, prop::option::of(1i64..3)), 1..8)
    ) {
        let f = fixture();
        let mut model = Model { state: None, purposes: vec![], valid_from: None, valid_until: None };
        let mut record: Option<String> = None;
        // The model after each step, and when (from the record's first revision on).
        let mut history: Vec<(OffsetDateTime, Model)> = Vec::new();
        for (event, chosen, hours, lasts) in steps {
            f.clock.advance(Duration::hours(hours) + Duration::seconds(1));
            let now = f.clock.now();
            let giving = matches!(event, Event::Give | Event::Renew);
            let mut change = Change::none();
            if giving || record.is_none() {
                change = change.purposes(chosen.iter().copied());
            }
            let until = lasts.map(|h| now + Duration::hours(h));
            if giving {
                change.valid_until = until.map(|u| Timestamp::from_datetime(u).unwrap());
            }
            let result = match &record {
                None => f.service.create(AGREEMENT, "1", PRINCIPAL, event, change),
                Some(r) => f.service.update(r, event, change),
            };
            let from = model.state_at(now);
            if model.allowed(from, event) {
                let outcome = result.unwrap();
                prop_assert_eq!(outcome.state, event.target());
                record = Some(outcome.record.clone());
                if model.state.is_none() || giving {
                    model.purposes = chosen.iter().map(|p| p.to_string()).collect();
                }
                if model.state.is_none() && !giving {
                    model.valid_from = None;
                    model.valid_until = None;
                }
                if giving {
                    model.valid_from = Some(now);
                    model.valid_until = until;
                }
                model.state = Some(event.target());
            } else {
                prop_assert_eq!(result.unwrap_err().code(), "consent.transition_invalid");
            }
            if record.is_some() {
                history.push((now, model.clone()));
            }
            if let Some(r) = &record {
                let verified = f.service.load(r).unwrap();
                prop_assert_eq!(Some(verified.stored_state()), model.state);
                for at in [now, now + Duration::hours(2), now + Duration::hours(5)] {
                    prop_assert_eq!(Some(verified.state_at(at)), model.state_at(at));
                    for (purpose, category, recipient) in [
                        ("eligibility", "income", Some(TAX)),
                        ("eligibility", "household", None),
                        ("eligibility", "income", Some("did:web:bank.example.com")),
                        ("eligibility", "health", None),
                        ("research", "household", None),
                        ("research", "income", None),
                        ("marketing", "income", None),
                    ] {
                        prop_assert_eq!(
                            verified.permits(Question { purpose, data: category, recipient, at }),
                            model.permits(purpose, category, recipient, at),
                            "{} {} {:?} at {}", purpose, category, recipient, at
                        );
                    }
                }
            }
        }
        // Asked later about each earlier instant (and half a second after it, before the next
        // step), the whole record answers as the model did then.
        if let Some(r) = &record {
            let verified = f.service.load(r).unwrap();
            for (then, model) in &history {
                for at in [*then, *then + Duration::milliseconds(500)] {
                    let past = verified.as_of(at, f.verifier.agreements()).unwrap();
                    prop_assert_eq!(Some(past.stored_state()), model.state);
                    for (purpose, category, recipient) in [
                        ("eligibility", "income", Some(TAX)),
                        ("research", "household", None),
                        ("research", "income", None),
                    ] {
                        prop_assert_eq!(
                            past.permits(Question { purpose, data: category, recipient, at }),
                            model.permits(purpose, category, recipient, at),
                            "as of {}: {} {} {:?}", at, purpose, category, recipient
                        );
                    }
                }
            }
        }
    }
}
