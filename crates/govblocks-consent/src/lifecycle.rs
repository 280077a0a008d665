//! The consent lifecycle: the states of W3C DPV (as ISO/IEC TS 27560 records them), the events
//! that move a record between them, and the one table of allowed transitions.
//!
//! | state | DPV concept | who moves a record there |
//! | --- | --- | --- |
//! | `requested` | `dpv:ConsentRequested` | the controller asks |
//! | `deferred` | `dpv:ConsentRequestDeferred` | the person postpones the decision |
//! | `refused` | `dpv:ConsentRefused` | the person says no |
//! | `given` | `dpv:ConsentGiven` | the person says yes |
//! | `renewed_given` | `dpv:RenewedConsentGiven` | the person says yes again (a new period, or a new agreement version) |
//! | `withdrawn` | `dpv:ConsentWithdrawn` | the person takes consent back |
//! | `revoked` | `dpv:ConsentRevoked` | another party (the controller, an authority) ends it |
//! | `expired` | `dpv:ConsentExpired` | time: never stored, computed from `validUntil` and the clock |
//! | `invalidated` | `dpv:ConsentInvalidated` | the controller records that the agreement changed |
//!
//! `expired` is never written: a record whose `validUntil` has passed *is* expired, whatever its
//! last revision says, so no stored flag can drift from the clock. A record given under an
//! agreement version that a later version widens is treated as `invalidated` by
//! [`crate::record::VerifiedRecord::state_at`] even before the controller records it.
//!
//! The allowed transitions are [`TRANSITIONS`], and only [`transition`] reads it: the service
//! checks an event with it before signing, and the record verifier replays every revision of a
//! chain through it.

use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;

/// A state of a consent record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum State {
    /// Consent was asked for; no answer yet.
    Requested,
    /// The person postponed the decision.
    Deferred,
    /// The person said no.
    Refused,
    /// The person said yes.
    Given,
    /// The person said yes again, for a new period or a new agreement version.
    RenewedGiven,
    /// The person took consent back.
    Withdrawn,
    /// Another party ended consent.
    Revoked,
    /// The validity period ended (computed, never stored).
    Expired,
    /// The agreement changed in a way that needs consent again.
    Invalidated,
}

impl State {
    /// Every state, in the order of the table above.
    pub const ALL: [State; 9] = [
        State::Requested,
        State::Deferred,
        State::Refused,
        State::Given,
        State::RenewedGiven,
        State::Withdrawn,
        State::Revoked,
        State::Expired,
        State::Invalidated,
    ];

    /// The wire name (`given`, `renewed_given`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            State::Requested => "requested",
            State::Deferred => "deferred",
            State::Refused => "refused",
            State::Given => "given",
            State::RenewedGiven => "renewed_given",
            State::Withdrawn => "withdrawn",
            State::Revoked => "revoked",
            State::Expired => "expired",
            State::Invalidated => "invalidated",
        }
    }

    /// The W3C DPV concept (`https://w3id.org/dpv#…`).
    pub fn dpv(self) -> &'static str {
        match self {
            State::Requested => "https://w3id.org/dpv#ConsentRequested",
            State::Deferred => "https://w3id.org/dpv#ConsentRequestDeferred",
            State::Refused => "https://w3id.org/dpv#ConsentRefused",
            State::Given => "https://w3id.org/dpv#ConsentGiven",
            State::RenewedGiven => "https://w3id.org/dpv#RenewedConsentGiven",
            State::Withdrawn => "https://w3id.org/dpv#ConsentWithdrawn",
            State::Revoked => "https://w3id.org/dpv#ConsentRevoked",
            State::Expired => "https://w3id.org/dpv#ConsentExpired",
            State::Invalidated => "https://w3id.org/dpv#ConsentInvalidated",
        }
    }

    /// Whether consent is in force in this state (given or renewed).
    pub fn is_given(self) -> bool {
        matches!(self, State::Given | State::RenewedGiven)
    }
}

impl fmt::Display for State {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Something that happens to a consent record; each event writes one revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Event {
    /// The controller asks for consent.
    Request,
    /// The person postpones the decision.
    Defer,
    /// The person says no.
    Refuse,
    /// The person says yes.
    Give,
    /// The person says yes again (a new period, or a new agreement version).
    Renew,
    /// The person takes consent back.
    Withdraw,
    /// Another party ends consent.
    Revoke,
    /// The controller records that the agreement changed and consent is needed again.
    Invalidate,
}

impl Event {
    /// Every event.
    pub const ALL: [Event; 8] = [
        Event::Request,
        Event::Defer,
        Event::Refuse,
        Event::Give,
        Event::Renew,
        Event::Withdraw,
        Event::Revoke,
        Event::Invalidate,
    ];

    /// The name used in errors (`withdraw`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Event::Request => "request",
            Event::Defer => "defer",
            Event::Refuse => "refuse",
            Event::Give => "give",
            Event::Renew => "renew",
            Event::Withdraw => "withdraw",
            Event::Revoke => "revoke",
            Event::Invalidate => "invalidate",
        }
    }

    /// The state a revision written for this event records. [`State::Expired`] is never one.
    pub fn target(self) -> State {
        match self {
            Event::Request => State::Requested,
            Event::Defer => State::Deferred,
            Event::Refuse => State::Refused,
            Event::Give => State::Given,
            Event::Renew => State::RenewedGiven,
            Event::Withdraw => State::Withdrawn,
            Event::Revoke => State::Revoked,
            Event::Invalidate => State::Invalidated,
        }
    }

    /// The event that writes a revision recording `state` (`None` for [`State::Expired`],
    /// which is never written).
    pub fn writing(state: State) -> Option<Event> {
        Event::ALL.into_iter().find(|e| e.target() == state)
    }
}

impl fmt::Display for Event {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The allowed transitions: from a state (`None`: the record does not exist yet), the events
/// allowed there. The state an event leads to is always [`Event::target`]. Anything not listed
/// is `consent.transition_invalid`.
///
/// Why these: a record starts with a request or with the person's answer; an answer can be
/// changed while consent is not in force (refused → given, withdrawn → given); consent in force
/// can be renewed, withdrawn by the person, revoked by another party or invalidated by an
/// agreement change; once expired or invalidated, only a new yes (renew or give) or a new
/// request moves it on. Withdrawal needs consent in force: there is nothing to withdraw before
/// it was given, or after it ended.
pub const TRANSITIONS: &[(Option<State>, &[Event])] = &[
    (
        None,
        &[Event::Request, Event::Defer, Event::Refuse, Event::Give],
    ),
    (
        Some(State::Requested),
        &[Event::Defer, Event::Refuse, Event::Give, Event::Revoke],
    ),
    (
        Some(State::Deferred),
        &[Event::Request, Event::Refuse, Event::Give, Event::Revoke],
    ),
    (Some(State::Refused), &[Event::Request, Event::Give]),
    (
        Some(State::Given),
        &[
            Event::Renew,
            Event::Withdraw,
            Event::Revoke,
            Event::Invalidate,
        ],
    ),
    (
        Some(State::RenewedGiven),
        &[
            Event::Renew,
            Event::Withdraw,
            Event::Revoke,
            Event::Invalidate,
        ],
    ),
    (Some(State::Withdrawn), &[Event::Request, Event::Give]),
    (Some(State::Revoked), &[Event::Request, Event::Give]),
    (
        Some(State::Expired),
        &[Event::Request, Event::Give, Event::Renew],
    ),
    (
        Some(State::Invalidated),
        &[Event::Request, Event::Refuse, Event::Give, Event::Renew],
    ),
];

/// The state `event` leads to from `from`, if [`TRANSITIONS`] allows it; otherwise
/// `consent.transition_invalid`.
pub fn transition(from: Option<State>, event: Event) -> Result<State> {
    let allowed = TRANSITIONS
        .iter()
        .find(|(state, _)| *state == from)
        .is_some_and(|(_, events)| events.contains(&event));
    if allowed {
        Ok(event.target())
    } else {
        Err(Error::TransitionInvalid {
            from: from.map_or("none", State::as_str).to_string(),
            event: event.as_str().to_string(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_state_has_one_row_and_every_event_one_target() {
        let mut rows: Vec<Option<State>> = TRANSITIONS.iter().map(|(s, _)| *s).collect();
        rows.dedup();
        assert_eq!(rows.len(), TRANSITIONS.len());
        assert_eq!(rows.len(), State::ALL.len() + 1);
        for event in Event::ALL {
            assert_ne!(event.target(), State::Expired);
            assert_eq!(Event::writing(event.target()), Some(event));
        }
        assert_eq!(Event::writing(State::Expired), None);
    }
}
