//! The question services ask: may this purpose use this data category, shared with this
//! recipient, at this time? The answer is [`Decision::Allow`] or a [`DenyReason`] with its own
//! stable code.
//!
//! The answer is computed from a verified view ([`crate::record::VerifiedRecord`], or a
//! verified [`crate::consent_proof::ConsentProof`]) that was built once: the chain is never
//! walked again per question, and the checks are a few hash lookups.
//!
//! The order of the checks decides which reason is given when several apply:
//!
//! | check | reason |
//! | --- | --- |
//! | the record is requested, deferred or refused | `consent.not_given` |
//! | withdrawn by the person | `consent.withdrawn` |
//! | revoked by another party | `consent.revoked` |
//! | invalidated, or given under an agreement version a later version widens | `consent.agreement_superseded` |
//! | `validUntil` has passed | `consent.expired` |
//! | `validFrom` is still to come | `consent.not_yet_valid` |
//! | the purpose is not one the person consented to (or not in the agreement) | `consent.purpose_not_covered` |
//! | the purpose does not use that data category | `consent.data_not_covered` |
//! | the recipient is neither the controller nor a recipient of that purpose | `consent.recipient_not_covered` |

use crate::lifecycle::State;
use crate::Error;
use govblocks_core::clock::Timestamp;
use std::collections::{HashMap, HashSet};
use std::fmt;
use time::{Duration, OffsetDateTime};

/// The question `permits` answers: may `purpose` use the `data` category, shared with
/// `recipient` (`None`: used by the controller itself), at `at`?
///
/// ```
/// use govblocks_consent::permits::Question;
/// use time::OffsetDateTime;
///
/// let now = OffsetDateTime::now_utc();
/// let question = Question::new("eligibility", "income", now).shared_with("did:web:tax.example.gov");
/// assert_eq!(question.recipient, Some("did:web:tax.example.gov"));
/// assert_eq!(Question::new("eligibility", "income", now).recipient, None);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question<'a> {
    /// The purpose the data would be used for (a purpose id of the agreement).
    pub purpose: &'a str,
    /// The data category.
    pub data: &'a str,
    /// Who would receive the data: `None` when the controller uses it itself.
    pub recipient: Option<&'a str>,
    /// When.
    pub at: OffsetDateTime,
}

impl<'a> Question<'a> {
    /// May `purpose` use the `data` category at `at`, used by the controller itself?
    pub fn new(purpose: &'a str, data: &'a str, at: OffsetDateTime) -> Self {
        Question {
            purpose,
            data,
            recipient: None,
            at,
        }
    }

    /// The same question with the data shared with `recipient`.
    pub fn shared_with(self, recipient: &'a str) -> Self {
        Question {
            recipient: Some(recipient),
            ..self
        }
    }
}

/// The answer to a `permits` question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Allowed.
    Allow,
    /// Not allowed, and why.
    Deny(DenyReason),
}

impl Decision {
    /// Whether it is [`Decision::Allow`].
    pub fn is_allowed(self) -> bool {
        self == Decision::Allow
    }

    /// `Ok(())` for an allow, [`Error::Denied`] (with the reason's code) for a deny.
    pub fn into_result(self) -> Result<(), Error> {
        match self {
            Decision::Allow => Ok(()),
            Decision::Deny(reason) => Err(Error::Denied(reason)),
        }
    }
}

/// Why a record does not permit what was asked (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DenyReason {
    /// Consent was requested, deferred or refused: never given.
    NotGiven,
    /// The person withdrew consent.
    Withdrawn,
    /// Another party revoked consent.
    Revoked,
    /// The agreement changed: the person must consent again.
    AgreementSuperseded,
    /// The validity period ended.
    Expired,
    /// The validity period has not started.
    NotYetValid,
    /// The purpose is not covered.
    PurposeNotCovered,
    /// The data category is not used by the purpose.
    DataNotCovered,
    /// The recipient does not receive data for the purpose.
    RecipientNotCovered,
}

govblocks_core::coded_error! {
    impl DenyReason {
        codes {
            DenyReason::AgreementSuperseded => "consent.agreement_superseded",
            DenyReason::DataNotCovered => "consent.data_not_covered",
            DenyReason::Expired => "consent.expired",
            DenyReason::NotGiven => "consent.not_given",
            DenyReason::NotYetValid => "consent.not_yet_valid",
            DenyReason::PurposeNotCovered => "consent.purpose_not_covered",
            DenyReason::RecipientNotCovered => "consent.recipient_not_covered",
            DenyReason::Revoked => "consent.revoked",
            DenyReason::Withdrawn => "consent.withdrawn",
        }
    }
}

impl DenyReason {
    /// The reason a record in `state` does not permit anything, if it does not (`None` when
    /// consent is in force).
    pub fn for_state(state: State) -> Option<DenyReason> {
        match state {
            State::Given | State::RenewedGiven => None,
            State::Requested | State::Deferred | State::Refused => Some(DenyReason::NotGiven),
            State::Withdrawn => Some(DenyReason::Withdrawn),
            State::Revoked => Some(DenyReason::Revoked),
            State::Expired => Some(DenyReason::Expired),
            State::Invalidated => Some(DenyReason::AgreementSuperseded),
        }
    }
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DenyReason::NotGiven => "consent was not given",
            DenyReason::Withdrawn => "consent was withdrawn",
            DenyReason::Revoked => "consent was revoked",
            DenyReason::AgreementSuperseded => "the agreement changed: consent must be given again",
            DenyReason::Expired => "consent expired",
            DenyReason::NotYetValid => "consent is not valid yet",
            DenyReason::PurposeNotCovered => "the purpose is not covered by the consent",
            DenyReason::DataNotCovered => "the data category is not covered for the purpose",
            DenyReason::RecipientNotCovered => "the recipient is not covered for the purpose",
        })
    }
}

/// What a purpose covers: its data categories and recipients.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct PurposeCoverage {
    pub(crate) categories: HashSet<String>,
    pub(crate) recipients: HashSet<String>,
}

/// Everything `permits` needs, computed once.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coverage {
    /// The stored state.
    pub(crate) state: State,
    /// Given under an agreement version a later version widens.
    pub(crate) superseded: bool,
    pub(crate) valid_from: Option<Timestamp>,
    pub(crate) valid_until: Option<Timestamp>,
    /// The controller (always a permitted recipient: it is not sharing).
    pub(crate) controller: String,
    /// The purposes consented to.
    pub(crate) purposes: HashMap<String, PurposeCoverage>,
}

impl Coverage {
    /// The state at `at`: the stored one, or expired / invalidated when time or a later
    /// agreement version ended consent in force.
    pub(crate) fn state_at(&self, at: OffsetDateTime) -> State {
        if !self.state.is_given() {
            return self.state;
        }
        if self.superseded {
            return State::Invalidated;
        }
        if self
            .valid_until
            .is_some_and(|u| u.is_before(at, Duration::ZERO))
        {
            return State::Expired;
        }
        self.state
    }

    /// The decision (see the [module documentation](self)).
    pub(crate) fn decide(&self, question: &Question<'_>) -> Decision {
        let Question {
            purpose,
            data: data_category,
            recipient,
            at,
        } = *question;
        if let Some(reason) = DenyReason::for_state(self.state_at(at)) {
            return Decision::Deny(reason);
        }
        if self
            .valid_from
            .is_some_and(|f| f.is_after(at, Duration::ZERO))
        {
            return Decision::Deny(DenyReason::NotYetValid);
        }
        let Some(covered) = self.purposes.get(purpose) else {
            return Decision::Deny(DenyReason::PurposeNotCovered);
        };
        if !covered.categories.contains(data_category) {
            return Decision::Deny(DenyReason::DataNotCovered);
        }
        match recipient {
            Some(r) if r != self.controller && !covered.recipients.contains(r) => {
                Decision::Deny(DenyReason::RecipientNotCovered)
            }
            _ => Decision::Allow,
        }
    }
}
