//! A revision of a consent record: the wire shape, and the rules one revision must meet on
//! its own. The rules that tie revisions into a chain (sequence, previous digest, time order,
//! transitions, agreement) are in [`crate::record`].
//!
//! Schema: `https://schemas.govblocks.org/consent/v1/revision.json`.
//!
//! ```json
//! {
//!   "type": "ConsentRecordRevision",
//!   "record": "urn:uuid:…", "sequence": 1, "previous": "zQm…",
//!   "principal": "pseudonym-4471", "controller": "did:key:z6Mk…",
//!   "agreement": {"id": "urn:agreement:benefits", "version": "1", "digest": "zQm…"},
//!   "state": "withdrawn", "purposes": ["eligibility"],
//!   "timestamp": "2025-03-01T10:00:00Z", "validUntil": "2026-03-01T00:00:00Z",
//!   "proof": {…}
//! }
//! ```
//!
//! **Why a pseudonym.** `principal` is the person's pseudonymous id at this controller, never a
//! national ID number: revisions are shown to every service that checks consent and to
//! auditors, and kept for years; a national ID would link the person across every register
//! that sees one, and cannot be changed once leaked. The controller keeps the mapping from
//! pseudonym to person, where erasure can reach it.

use crate::agreement::AgreementRef;
use crate::lifecycle::State;
use crate::schemas::{ids, registry};
use crate::{Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The `type` of every revision.
pub const REVISION_TYPE: &str = "ConsentRecordRevision";

/// One revision of a consent record (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Revision {
    /// Always [`REVISION_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The record's id.
    pub record: String,
    /// Position in the chain (0 for the first revision).
    pub sequence: u64,
    /// The data principal's pseudonymous id.
    pub principal: String,
    /// The DID of a key the principal signs with, if the principal signs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub principal_key: Option<String>,
    /// The controller's DID.
    pub controller: String,
    /// The agreement version.
    pub agreement: AgreementRef,
    /// The state after this revision's event.
    pub state: State,
    /// The purposes consent covers.
    pub purposes: Vec<String>,
    /// When the event happened.
    pub timestamp: Timestamp,
    /// When consent starts to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// When consent ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// The digest of the revision before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<ContentDigest>,
    /// Why (a revocation, an invalidation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// The proofs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

impl Revision {
    /// The rules of one revision that a schema cannot state:
    ///
    /// | rule | code |
    /// | --- | --- |
    /// | `type` is `ConsentRecordRevision`, `state` is not `expired` | `consent.revision_invalid` |
    /// | a given or renewed consent covers at least one purpose | `consent.revision_invalid` |
    /// | `validUntil` is not before `validFrom` | `consent.validity_invalid` |
    /// | `previous` is absent exactly in the first revision | `consent.chain_broken` |
    pub fn check_structure(&self) -> Result<()> {
        if self.kind != REVISION_TYPE {
            return Err(Error::RevisionInvalid {
                reason: format!("type must be {REVISION_TYPE}"),
            });
        }
        if self.state == State::Expired {
            return Err(Error::RevisionInvalid {
                reason: "expired is computed from validUntil, never written".into(),
            });
        }
        if self.state.is_given() && self.purposes.is_empty() {
            return Err(Error::RevisionInvalid {
                reason: "consent given to no purpose".into(),
            });
        }
        if let (Some(from), Some(until)) = (self.valid_from, self.valid_until) {
            if until < from {
                return Err(Error::ValidityInvalid {
                    reason: format!("validUntil {until} is before validFrom {from}"),
                });
            }
        }
        match (self.sequence, &self.previous) {
            (0, Some(previous)) => Err(Error::ChainBroken {
                expected: "none".into(),
                found: previous.to_string(),
            }),
            (1.., None) => Err(Error::ChainBroken {
                expected: "the previous revision's digest".into(),
                found: "none".into(),
            }),
            _ => Ok(()),
        }
    }
}

impl Document for Revision {
    const SCHEMA: &'static str = ids::REVISION;
    type Error = Error;

    /// [`Revision::check_structure`]; an `assertionMethod` proof by the controller
    /// (`consent.controller_signature_missing`); every other proof by the principal's key
    /// (`consent.signer_unexpected`).
    fn check(&self, context: &Context<'_>) -> Result<()> {
        self.check_structure()?;
        context
            .require_by(&self.controller, &ProofPurpose::AssertionMethod)
            .map_err(|_| Error::ControllerSignatureMissing {
                controller: self.controller.clone(),
            })?;
        let mut allowed = vec![self.controller.as_str()];
        allowed.extend(self.principal_key.as_deref());
        context
            .require_signers_among(&allowed)
            .map_err(Error::signer_unexpected)
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}
