//! Consent proofs: a compact, signed statement that a record permits processing, checked
//! without the record's history.
//!
//! A service that holds the verified record ([`VerifiedRecord`]) issues one with
//! [`VerifiedRecord::consent_proof`]; it travels inside a data-exchange envelope, and the
//! receiving service verifies it with any core [`Verifier`](govblocks_core::proof::Verifier) that trusts the controller
//! (`verifier.verify_as::<ConsentProof>(bytes)`) and asks [`ConsentProof::permits`]. Schema:
//! `https://schemas.govblocks.org/consent/v1/consent-proof.json`.
//!
//! **How long a withdrawal takes to reach everyone.** A consent proof is evidence only until
//! its `expires`: [`DEFAULT_PROOF_VALIDITY`], five minutes after it was issued, unless the
//! issuer chooses another validity (and never after the consent's own `validUntil`). A
//! verifier refuses an expired proof (`consent.proof_expired`, with the verifier's clock skew,
//! five minutes by default), so a proof issued just before a withdrawal is accepted for at most
//! validity + skew — ten minutes with the defaults — after which a service must come back to
//! the record (or get a fresh proof, which the withdrawn record no longer yields). A service
//! that needs the withdrawal to take effect immediately asks the record itself.

use crate::agreement::AgreementRef;
use crate::lifecycle::State;
use crate::permits::{Coverage, Decision, DenyReason, PurposeCoverage, Question};
use crate::record::VerifiedRecord;
use crate::schemas::{ids, registry};
use crate::{Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::{ProofOptions, ProofPurpose};
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::signer::Signer;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// How long a consent proof is evidence by default: five minutes.
pub const DEFAULT_PROOF_VALIDITY: Duration = Duration::minutes(5);

/// The `type` of every consent proof.
pub const CONSENT_PROOF_TYPE: &str = "ConsentProof";

/// A consent proof (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ConsentProof {
    /// Always [`CONSENT_PROOF_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The record's id.
    pub record: String,
    /// The digest of the record's latest revision.
    pub head: ContentDigest,
    /// Its sequence number.
    pub sequence: u64,
    /// The record's state (given or renewed).
    pub state: State,
    /// The controller's DID.
    pub controller: String,
    /// The data principal's pseudonymous id.
    pub principal: String,
    /// The agreement version.
    pub agreement: AgreementRef,
    /// The purposes covered, with their data categories and recipients.
    pub purposes: Vec<CoveredPurpose>,
    /// When the consent starts to apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// When the consent ends.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// When this proof was issued.
    pub issued: Timestamp,
    /// When this proof stops being evidence.
    pub expires: Timestamp,
    /// The controller's proof.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

/// A purpose a consent proof covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CoveredPurpose {
    /// The purpose's id.
    pub id: String,
    /// Its data categories.
    pub data_categories: Vec<String>,
    /// Its recipients.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

impl ConsentProof {
    /// The answer to `question` (see [`crate::permits`]): the record's answer when the proof
    /// was issued, and `consent.expired` once the proof or the consent has expired.
    pub fn permits(&self, question: Question<'_>) -> Decision {
        if self.expires.is_before(question.at, Duration::ZERO) {
            return Decision::Deny(DenyReason::Expired);
        }
        let coverage = Coverage {
            state: self.state,
            superseded: false,
            valid_from: self.valid_from,
            valid_until: self.valid_until,
            controller: self.controller.clone(),
            purposes: self
                .purposes
                .iter()
                .map(|p| {
                    (
                        p.id.clone(),
                        PurposeCoverage {
                            categories: p.data_categories.iter().cloned().collect(),
                            recipients: p.recipients.iter().cloned().collect(),
                        },
                    )
                })
                .collect(),
        };
        coverage.decide(&question)
    }
}

impl Document for ConsentProof {
    const SCHEMA: &'static str = ids::CONSENT_PROOF;
    type Error = Error;

    /// Of type `ConsentProof` and for consent in force (`consent.proof_invalid`); signed by
    /// the controller and nobody else (`consent.controller_signature_missing`,
    /// `consent.signer_unexpected`); issued not in the future (`consent.proof_not_yet_valid`)
    /// and not expired (`consent.proof_expired`), with the verifier's skew.
    fn check(&self, context: &Context<'_>) -> Result<()> {
        if self.kind != CONSENT_PROOF_TYPE || !self.state.is_given() {
            return Err(Error::ProofInvalid {
                reason: "a consent proof is of type ConsentProof and for consent in force".into(),
            });
        }
        context
            .require_signers_among(&[&self.controller])
            .map_err(Error::signer_unexpected)?;
        context
            .require_by(&self.controller, &ProofPurpose::AssertionMethod)
            .map_err(|_| Error::ControllerSignatureMissing {
                controller: self.controller.clone(),
            })?;
        if context.is_in_future(self.issued) {
            return Err(Error::ProofNotYetValid {
                issued: self.issued.to_string(),
            });
        }
        if context.has_passed(self.expires) {
            return Err(Error::ProofExpired {
                expires: self.expires.to_string(),
            });
        }
        Ok(())
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}

impl VerifiedRecord {
    /// A consent proof of this record, issued at `now` and valid for `validity` (use
    /// [`DEFAULT_PROOF_VALIDITY`]), never beyond the consent's `validUntil`, signed by
    /// `controller`. Only a record whose consent is in force at `now` yields one; otherwise
    /// the deny reason's code (`consent.withdrawn`, `consent.expired`, …), and a consent whose
    /// `validFrom` is still to come at `now` (dated inside the clock skew) yields
    /// `consent.not_yet_valid`: the answer [`VerifiedRecord::permits`] gives at `now`.
    pub fn consent_proof(
        &self,
        controller: &dyn Signer,
        now: OffsetDateTime,
        validity: Duration,
    ) -> Result<Value> {
        if !validity.is_positive() {
            return Err(Error::ProofValidityInvalid);
        }
        if let Some(reason) = DenyReason::for_state(self.state_at(now)) {
            return Err(Error::Denied(reason));
        }
        // Not yet in force (a give dated after `now`, inside the clock skew): no proof, the
        // answer `permits` gives at the same instant.
        let (valid_from, valid_until) = self.validity();
        if valid_from.is_some_and(|from| from.is_after(now, Duration::ZERO)) {
            return Err(Error::Denied(DenyReason::NotYetValid));
        }
        let issued = Timestamp::from_datetime(now)?;
        let mut expires = issued.checked_add(validity)?;
        if let Some(until) = valid_until {
            if until < expires {
                expires = until;
            }
        }
        let agreement = self.agreement().agreement();
        let purposes = self
            .purposes()
            .iter()
            .filter_map(|id| {
                let purpose = agreement.purpose(id)?;
                Some(CoveredPurpose {
                    id: id.clone(),
                    data_categories: purpose.data_categories.clone(),
                    recipients: purpose.recipients.clone(),
                })
            })
            .collect();
        let head = self.head();
        let statement = ConsentProof {
            kind: CONSENT_PROOF_TYPE.to_owned(),
            record: self.id().to_owned(),
            head: head.digest(),
            sequence: head.revision().sequence,
            state: self.coverage().state,
            controller: self.controller().to_owned(),
            principal: self.principal().to_owned(),
            agreement: head.revision().agreement.clone(),
            purposes,
            valid_from,
            valid_until,
            issued,
            expires,
            proof: None,
        };
        statement.sign(controller, &ProofOptions::assertion().with_created(issued))
    }
}
