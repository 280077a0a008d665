//! The consent service: the operations the CLI and an HTTP service call, over any [`Ledger`].
//!
//! Each operation loads the record and verifies its whole chain ([`RecordVerifier`]), checks
//! the event against the lifecycle table, builds the next revision, signs it with the
//! controller's key (and the person's, when given: a proof set), checks the signed revision as
//! a verifier would, and appends it naming the head it builds on. If another writer appended
//! first, the ledger's `consent.conflict` comes back and nothing was written: load again and
//! decide again.

use crate::agreement::AgreementRef;
use crate::ledger::{Ledger, NewRevision};
use crate::lifecycle::{transition, Event, State};
use crate::record::{chain_state_at, check_step, ChainEntry, RecordVerifier, VerifiedRecord};
use crate::revision::{Revision, REVISION_TYPE};
use crate::{Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::add_proof_as;
use govblocks_core::proof::ProofOptions;
use govblocks_core::signer::Signer;

/// What an operation did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Outcome {
    /// The record's id.
    pub record: String,
    /// The new revision's sequence number.
    pub sequence: u64,
    /// The new revision's digest.
    pub digest: ContentDigest,
    /// The state the new revision records.
    pub state: State,
}

/// What an event changes besides the state. Everything is optional: by default a revision
/// keeps the purposes, agreement version and validity of the one before.
#[derive(Default)]
#[non_exhaustive]
pub struct Change<'a> {
    /// Purposes consented to (give, renew; for a new record, the purposes asked about).
    pub purposes: Option<Vec<String>>,
    /// A new agreement version (give and renew only).
    pub agreement_version: Option<String>,
    /// When the consent ends (give and renew).
    pub valid_until: Option<Timestamp>,
    /// Why (revoke, invalidate).
    pub reason: Option<String>,
    /// The data principal's signer, to add the person's proof.
    pub principal: Option<&'a dyn Signer>,
}

impl<'a> Change<'a> {
    /// No change but the state.
    pub fn none() -> Self {
        Self::default()
    }

    /// These purposes.
    pub fn purposes(mut self, purposes: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.purposes = Some(purposes.into_iter().map(Into::into).collect());
        self
    }

    /// Under this agreement version.
    pub fn agreement_version(mut self, version: impl Into<String>) -> Self {
        self.agreement_version = Some(version.into());
        self
    }

    /// Valid until then.
    pub fn valid_until(mut self, until: Timestamp) -> Self {
        self.valid_until = Some(until);
        self
    }

    /// For this reason.
    pub fn reason(mut self, reason: impl Into<String>) -> Self {
        self.reason = Some(reason.into());
        self
    }

    /// Signed by the person too.
    pub fn signed_by_principal(mut self, principal: &'a dyn Signer) -> Self {
        self.principal = Some(principal);
        self
    }
}

/// The consent service of one controller (see the [module documentation](self)).
pub struct ConsentService<L, S> {
    ledger: L,
    controller: S,
    verifier: RecordVerifier,
}

impl<L: Ledger, S: Signer> ConsentService<L, S> {
    /// A service that keeps records in `ledger`, signs with `controller` (the key of the
    /// agreements' controller) and verifies with `verifier` (its agreements, trust list and
    /// clock; the clock also dates new revisions).
    pub fn new(ledger: L, controller: S, verifier: RecordVerifier) -> Self {
        ConsentService {
            ledger,
            controller,
            verifier,
        }
    }

    /// The ledger.
    pub fn ledger(&self) -> &L {
        &self.ledger
    }

    /// The verifier.
    pub fn verifier(&self) -> &RecordVerifier {
        &self.verifier
    }

    /// Loads and verifies a record.
    pub fn load(&self, record: &str) -> Result<VerifiedRecord> {
        self.verifier.load(&self.ledger, record)
    }

    /// A new record in which `principal` gives consent to `purposes` of agreement
    /// `agreement_id` version `version`, valid until `valid_until` if given.
    pub fn give(
        &self,
        agreement_id: &str,
        version: &str,
        principal: &str,
        purposes: &[&str],
        valid_until: Option<Timestamp>,
    ) -> Result<Outcome> {
        let mut change = Change::none().purposes(purposes.iter().copied());
        change.valid_until = valid_until;
        self.create(agreement_id, version, principal, Event::Give, change)
    }

    /// A new record for `principal` under agreement `agreement_id` version `version`, starting
    /// with `event` (request, defer, refuse or give, as the lifecycle table allows).
    pub fn create(
        &self,
        agreement_id: &str,
        version: &str,
        principal: &str,
        event: Event,
        change: Change<'_>,
    ) -> Result<Outcome> {
        let state = transition(None, event)?;
        let known = self.verifier.agreements().get(agreement_id, version)?;
        let now = self.now()?;
        let purposes = change.purposes.unwrap_or_default();
        let (valid_from, valid_until) = if state.is_given() {
            (Some(now), change.valid_until)
        } else {
            (None, None)
        };
        let revision = Revision {
            kind: REVISION_TYPE.to_owned(),
            record: new_record_id()?,
            sequence: 0,
            principal: principal.to_owned(),
            principal_key: change.principal.map(|p| p.public_key().did()),
            controller: known.agreement().controller.id.clone(),
            agreement: known.reference(),
            state,
            purposes,
            timestamp: now,
            valid_from,
            valid_until,
            previous: None,
            reason: change.reason,
            proof: None,
        };
        self.sign_and_append(None, revision, change.principal)
    }

    /// Applies `event` to an existing record.
    pub fn update(&self, record: &str, event: Event, change: Change<'_>) -> Result<Outcome> {
        let current = self.load(record)?;
        let now = self.now()?;
        let head = current.head().revision();
        let state = transition(Some(chain_state_at(head, now)), event)?;
        let giving = matches!(event, Event::Give | Event::Renew);
        if change.agreement_version.is_some() && !giving {
            return Err(Error::AgreementChanged {
                reason: format!("a new agreement version needs a give or a renewal, not {event}"),
            });
        }
        let agreement: AgreementRef = match &change.agreement_version {
            Some(version) => self
                .verifier
                .agreements()
                .get(&head.agreement.id, version)?
                .reference(),
            None => head.agreement.clone(),
        };
        let (valid_from, valid_until) = if giving {
            (Some(now), change.valid_until)
        } else {
            (head.valid_from, head.valid_until)
        };
        let revision = Revision {
            kind: REVISION_TYPE.to_owned(),
            record: head.record.clone(),
            sequence: head.sequence.saturating_add(1),
            principal: head.principal.clone(),
            principal_key: change.principal.map(|p| p.public_key().did()),
            controller: head.controller.clone(),
            agreement,
            state,
            purposes: change.purposes.unwrap_or_else(|| head.purposes.clone()),
            timestamp: now,
            valid_from,
            valid_until,
            previous: Some(current.head().digest()),
            reason: change.reason,
            proof: None,
        };
        self.sign_and_append(Some(current.head()), revision, change.principal)
    }

    /// The person withdraws consent.
    pub fn withdraw(&self, record: &str) -> Result<Outcome> {
        self.update(record, Event::Withdraw, Change::none())
    }

    /// The controller (or another party acting through it) revokes consent.
    pub fn revoke(&self, record: &str, reason: &str) -> Result<Outcome> {
        self.update(record, Event::Revoke, Change::none().reason(reason))
    }

    /// The person renews consent, for a new period (`valid_until`) under the same agreement
    /// version; use [`ConsentService::update`] with [`Change::agreement_version`] to renew
    /// under a new version.
    pub fn renew(&self, record: &str, valid_until: Option<Timestamp>) -> Result<Outcome> {
        let mut change = Change::none();
        change.valid_until = valid_until;
        self.update(record, Event::Renew, change)
    }

    /// The person refuses.
    pub fn refuse(&self, record: &str) -> Result<Outcome> {
        self.update(record, Event::Refuse, Change::none())
    }

    /// The person defers the decision.
    pub fn defer(&self, record: &str) -> Result<Outcome> {
        self.update(record, Event::Defer, Change::none())
    }

    /// The controller asks (again).
    pub fn request(&self, record: &str) -> Result<Outcome> {
        self.update(record, Event::Request, Change::none())
    }

    fn now(&self) -> Result<Timestamp> {
        Ok(Timestamp::from_datetime(self.verifier.now())?)
    }

    /// Signs (person first, then controller: a proof set), checks the result as the record
    /// verifier will, appends it after `head`.
    fn sign_and_append(
        &self,
        head: Option<&ChainEntry>,
        revision: Revision,
        principal: Option<&dyn Signer>,
    ) -> Result<Outcome> {
        let options = ProofOptions::assertion().with_created(revision.timestamp);
        let mut value = serde_json::to_value(&revision).map_err(|e| {
            Error::from(govblocks_core::Error::DocumentInvalid {
                reason: e.to_string(),
            })
        })?;
        revision.check_structure()?;
        if let Some(person) = principal {
            value = add_proof_as::<Revision>(value, person, &options)?;
        }
        value = add_proof_as::<Revision>(value, &self.controller, &options)?;

        // Never append what a verifier would refuse: the pipeline, then the chain rules.
        let verifier = self
            .verifier
            .proof_verifier(revision.principal_key.as_deref());
        let digest = ContentDigest::of_json(&value);
        let checked = verifier
            .verify_value_as::<Revision>(value.clone())?
            .into_value();
        let entry = ChainEntry::new(digest, checked, value);
        check_step(
            self.verifier.agreements(),
            head,
            &entry,
            revision.sequence,
            &revision.record,
        )?;
        let document = govblocks_core::jcs::canonicalize(entry.document());
        let stored = self.ledger.append(NewRevision {
            record: revision.record.clone(),
            principal: revision.principal.clone(),
            predecessor: head.map(ChainEntry::digest),
            document,
        })?;
        Ok(Outcome {
            record: revision.record,
            sequence: stored.sequence,
            digest: stored.digest,
            state: revision.state,
        })
    }
}

/// A fresh record id: `urn:uuid:` and a random (version 4) UUID.
fn new_record_id() -> Result<String> {
    use rand_core::{OsRng, RngCore};
    let mut bytes = [0u8; 16];
    OsRng.try_fill_bytes(&mut bytes).map_err(|e| {
        Error::from(govblocks_core::Error::SignerFailed {
            reason: format!("no randomness for a record id: {e}"),
        })
    })?;
    // RFC 9562 §5.4: version 4 in the high nibble of byte 6, variant 10 in byte 8.
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        hex.get(0..8).unwrap_or_default(),
        hex.get(8..12).unwrap_or_default(),
        hex.get(12..16).unwrap_or_default(),
        hex.get(16..20).unwrap_or_default(),
        hex.get(20..32).unwrap_or_default()
    ))
}
