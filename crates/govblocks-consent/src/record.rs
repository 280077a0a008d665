//! Consent records: verifying a record's whole chain of revisions, and the verified view that
//! answers [`VerifiedRecord::permits`].
//!
//! A record is the chain of its revisions as the ledger stores them ([`Log::entries`]).
//! [`RecordVerifier`] checks all of it, and names the first revision that breaks it — the
//! record's id, the revision's sequence number and digest, through [`Error::InRevision`] (read
//! with [`Error::record`] and [`Error::revision`]):
//!
//! 1. each stored document is the canonical (RFC 8785) form of a revision, and its digest is
//!    the one stored (`consent.digest_mismatch`);
//! 2. every revision passes the pipeline of [`govblocks_core::document`]: strict parse, schema,
//!    every proof (`proof.*`, `trust.*`), signed by the controller
//!    (`consent.controller_signature_missing`) and by nobody else but the principal's key
//!    (`consent.signer_unexpected`). All signatures of the chain are checked in one batch
//!    ([`SignatureBatch`]); only when the batch fails is each checked alone to find which;
//! 3. the chain: `sequence` is the revision's position (`consent.sequence_invalid`: a revision
//!    removed, reordered or duplicated), `previous` is the digest of the revision before
//!    (`consent.chain_broken`), the record, principal and controller never change
//!    (`consent.record_mismatch`), timestamps never go backwards
//!    (`consent.timestamp_backwards`);
//! 4. the agreement: the version exists and has the digest named (`consent.agreement_unknown`,
//!    `consent.agreement_digest_mismatch`), its controller is the record's, the purposes exist
//!    (`consent.purpose_unknown`), and the id never changes nor the version outside a give or
//!    renewal (`consent.agreement_changed`);
//! 5. the lifecycle: each revision's state follows from the one before through
//!    [`crate::lifecycle::TRANSITIONS`] (`consent.transition_invalid`), where a consent whose
//!    `validUntil` passed before the revision's timestamp counts as expired.
//!
//! The result is a [`VerifiedRecord`]: the state, purposes and validity computed once, so that
//! `permits` is a few lookups however long the chain is.
//!
//! **Asking about the past.** [`VerifiedRecord::permits`] answers from the latest revision
//! (its state, purposes and validity at the question's time). [`VerifiedRecord::as_of`] is the
//! record as it stood at an earlier instant: the chain up to the last revision dated at or
//! before it, so that a question about the past is answered by the revision then in force
//! (a withdrawal made later does not count, and neither does a give made later).
//!
//! [`RecordVerifier::extend`] adds one revision to a verified record with the same per-revision
//! checks (the same code) and without checking the prefix again: the writer's path
//! ([`crate::service`]), where verifying the whole chain before each append would cost O(n²).

use crate::agreement::{Agreements, KnownAgreement};
use crate::ledger::{Log, StoredEntry};
use crate::lifecycle::{transition, Event, State};
use crate::permits::{Coverage, Decision, PurposeCoverage, Question};
use crate::revision::Revision;
use crate::{Error, Result};
use govblocks_core::clock::{Clock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{BatchOutcome, Prepared, SignatureBatch};
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{CachingResolver, DidKeyResolver, KeyResolver, TrustList};
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// How many keys one chain's verification remembers: the controller's and each principal key
/// (beyond that the memory is emptied and refilled: still correct, only slower).
const KEYS_PER_CHAIN: usize = 64;

/// Verifies consent records: which controllers are trusted, which agreement versions exist,
/// and a core [`Verifier`] for the rest (how keys are resolved, the clock and its skew, the
/// parser's limits), whose trust list is replaced for each revision by the controllers and
/// the principal key it names.
#[derive(Clone)]
pub struct RecordVerifier {
    verifier: Verifier,
    controllers: Vec<String>,
    agreements: Arc<Agreements>,
}

impl std::fmt::Debug for RecordVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordVerifier")
            .field("controllers", &self.controllers)
            .field("agreements", &self.agreements)
            .field("verifier", &self.verifier)
            .finish()
    }
}

impl RecordVerifier {
    /// A verifier that trusts these controllers (DIDs) to sign revisions, knows these
    /// agreement versions, resolves `did:key` keys, reads the system clock and allows
    /// [`DEFAULT_SKEW`](govblocks_core::clock::DEFAULT_SKEW). A data principal's key
    /// (`principalKey`) is trusted only for the revision that names it, which its controller
    /// signed.
    pub fn new(
        agreements: Arc<Agreements>,
        controllers: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        RecordVerifier {
            verifier: Verifier::new(DidKeyResolver, TrustList::new()),
            controllers: controllers.into_iter().map(Into::into).collect(),
            agreements,
        }
    }

    /// Takes resolver, clock, skew and limits from `verifier` (its trust list is not used:
    /// the trusted controllers are this verifier's, and a revision's principal key). What it
    /// expects of every proof (purpose, controllers, challenge) applies to revisions too: hand
    /// in a verifier built with [`Verifier::new`] and those left at their defaults.
    pub fn with_verifier(mut self, verifier: Verifier) -> Self {
        self.verifier = verifier;
        self
    }

    /// The core verifier underneath (its trust list is replaced for each revision).
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Resolves keys with `resolver` (for controllers named by `did:web`, say).
    pub fn with_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.verifier = self.verifier.with_resolver(resolver);
        self
    }

    /// Reads time from `clock`.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.verifier = self.verifier.with_clock(clock);
        self
    }

    /// Allows this much clock skew for proofs' `created`.
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.verifier = self.verifier.with_skew(skew);
        self
    }

    /// The agreement versions this verifier knows.
    pub fn agreements(&self) -> &Arc<Agreements> {
        &self.agreements
    }

    /// Now, by this verifier's clock.
    pub fn now(&self) -> OffsetDateTime {
        self.verifier.now()
    }

    /// The core verifier for one revision: the base verifier with `resolver`, trusting the
    /// controllers, and the principal's key when the revision names one.
    fn proof_verifier(
        &self,
        resolver: &Arc<dyn KeyResolver>,
        principal_key: Option<&str>,
    ) -> Verifier {
        let mut trust = TrustList::new();
        for controller in &self.controllers {
            trust = trust.trust(controller.clone(), [ProofPurpose::AssertionMethod]);
        }
        if let Some(key) = principal_key {
            trust = trust.trust(key.to_owned(), [ProofPurpose::AssertionMethod]);
        }
        self.verifier
            .clone()
            .with_resolver(Arc::clone(resolver))
            .with_trust(trust)
    }

    /// The core verifier for one revision with this verifier's own resolver (the testkit's
    /// properties check single revisions with it, through `testkit_hook`).
    pub(crate) fn revision_verifier(&self, principal_key: Option<&str>) -> Verifier {
        self.proof_verifier(self.verifier.resolver(), principal_key)
    }

    /// Reads `record` from `ledger` and verifies it (see the [module documentation](self)).
    /// A record with no revisions is `consent.record_not_found`.
    pub fn load(&self, ledger: &dyn Log, record: &str) -> Result<VerifiedRecord> {
        let stored = ledger.entries(record)?;
        self.verify(record, &stored)
    }

    /// Verifies the chain `stored` (oldest first) of `record`.
    pub fn verify(&self, record: &str, stored: &[StoredEntry]) -> Result<VerifiedRecord> {
        if stored.is_empty() {
            return Err(Error::RecordNotFound {
                record: record.to_owned(),
            });
        }
        // Every revision names the same few keys: resolve each once per chain (a did:key
        // decode is a base58 decode and a point decompression, a third of a signature check).
        let resolver: Arc<dyn KeyResolver> = Arc::new(CachingResolver::new(
            Arc::clone(self.verifier.resolver()),
            KEYS_PER_CHAIN,
        ));
        // Parse and check every revision but its signatures, then one batch for all of them.
        let controllers = self.proof_verifier(&resolver, None);
        let prepared: Vec<Result<Pending>> = stored
            .iter()
            .map(|s| self.prepare(&resolver, &controllers, record, s))
            .collect();
        let mut batch = SignatureBatch::new();
        for p in prepared.iter().flatten() {
            batch.add(&p.prepared);
        }
        let outcome = batch.verify();

        let mut chain: Vec<ChainEntry> = Vec::with_capacity(stored.len());
        for (s, p) in stored.iter().zip(prepared) {
            let entry = accept(&self.agreements, record, chain.last(), s, p, &outcome)?;
            chain.push(entry);
        }
        VerifiedRecord::build(chain, &self.agreements)
    }

    /// `record` with `next` appended, after exactly the checks [`RecordVerifier::verify`] runs
    /// on one revision (canonical bytes and digest, the pipeline and its signatures, the chain
    /// link from `record`'s head, sequence, timestamps, agreement, lifecycle) — without checking
    /// `record`'s revisions again. `record` must have been verified by a verifier with the same
    /// agreements and trust (this one); the result is then what `verify` returns on the whole
    /// chain. `next` is not appended to any ledger.
    pub fn extend(&self, record: VerifiedRecord, next: &StoredEntry) -> Result<VerifiedRecord> {
        let id = record.id().to_owned();
        let resolver = self.verifier.resolver();
        let controllers = self.proof_verifier(resolver, None);
        let prepared = self.prepare(resolver, &controllers, &id, next);
        let mut batch = SignatureBatch::new();
        if let Ok(p) = &prepared {
            batch.add(&p.prepared);
        }
        let outcome = batch.verify();
        let entry = accept(
            &self.agreements,
            &id,
            Some(record.head()),
            next,
            prepared,
            &outcome,
        )?;
        record.push(entry, &self.agreements)
    }

    /// One stored revision up to its signatures: canonical bytes, stored digest, pipeline.
    /// `controllers` is [`RecordVerifier::proof_verifier`] without a principal key, made once
    /// per chain.
    fn prepare(
        &self,
        resolver: &Arc<dyn KeyResolver>,
        controllers: &Verifier,
        record: &str,
        stored: &StoredEntry,
    ) -> Result<Pending> {
        let bytes = stored
            .document
            .as_deref()
            .ok_or_else(|| Error::RecordErased {
                record: record.to_owned(),
            })?;
        let of_bytes = ContentDigest::of_bytes(bytes);
        if of_bytes != stored.digest {
            return Err(Error::DigestMismatch {
                stored: stored.digest.to_string(),
                computed: of_bytes.to_string(),
            });
        }
        let parsed = controllers.parse(bytes)?;
        // The stored bytes must be the canonical form of what they say (so the digest is the
        // digest of the JCS form). The parser tells (re-serializing only for numbers it leaves
        // to judge), and the verifier then hashes the revision straight from these bytes.
        if !parsed.is_canonical() {
            return Err(Error::DigestMismatch {
                stored: of_bytes.to_string(),
                computed: ContentDigest::of_json(parsed.value()).to_string(),
            });
        }
        let principal_key = parsed.value().get("principalKey").and_then(Value::as_str);
        let prepared = match principal_key {
            // Co-signed by the person: their key is trusted for this revision only.
            Some(key) => self
                .proof_verifier(resolver, Some(key))
                .prepare_parsed_as::<Revision>(parsed)?,
            None => controllers.prepare_parsed_as::<Revision>(parsed)?,
        };
        Ok(Pending {
            prepared,
            digest: of_bytes,
        })
    }
}

/// One stored revision that passed everything but its signatures and the chain rules.
struct Pending {
    prepared: Prepared<Revision>,
    digest: ContentDigest,
}

/// The rest of the checks of one revision, shared by [`RecordVerifier::verify`] and
/// [`RecordVerifier::extend`]: its signatures (from `outcome`'s batch), its own rules, then
/// the chain rules against `previous`. An error names the revision.
fn accept(
    agreements: &Agreements,
    record: &str,
    previous: Option<&ChainEntry>,
    stored: &StoredEntry,
    pending: Result<Pending>,
    outcome: &BatchOutcome,
) -> Result<ChainEntry> {
    let name = |e: Error| e.in_revision(record, stored.sequence, stored.digest);
    let Pending { prepared, digest } = pending.map_err(name)?;
    let revision = prepared.finish(outcome).map_err(name)?.into_value();
    let entry = ChainEntry {
        digest,
        revision,
        // The stored bytes, checked to be the canonical form of the revision: one allocation,
        // where the parsed document would be one per member and string.
        canonical: stored.document.as_deref().unwrap_or_default().into(),
    };
    // The position the revision takes: one after `previous`.
    let position = previous.map_or(0, |p| p.revision.sequence.saturating_add(1));
    check_step(agreements, previous, &entry, position, record).map_err(name)?;
    Ok(entry)
}

/// A verified revision in its chain.
#[derive(Debug, Clone, PartialEq)]
pub struct ChainEntry {
    digest: ContentDigest,
    revision: Revision,
    canonical: Box<[u8]>,
}

impl ChainEntry {
    /// The revision's digest.
    pub fn digest(&self) -> ContentDigest {
        self.digest
    }

    /// The typed revision.
    pub fn revision(&self) -> &Revision {
        &self.revision
    }

    /// The signed revision as it was verified and is stored: its RFC 8785 canonical form,
    /// whose SHA-256 is [`ChainEntry::digest`].
    pub fn canonical(&self) -> &[u8] {
        &self.canonical
    }

    /// The signed revision document as it was verified, parsed from [`ChainEntry::canonical`]
    /// on each call (a chain keeps its revisions as bytes: far less memory than parsed JSON).
    pub fn document(&self) -> Value {
        // These bytes passed the strict parser under the verifier's limits; no limit here may
        // refuse them again, so the parse cannot fail (the default is never reached).
        let unlimited = govblocks_core::json::Limits {
            max_bytes: usize::MAX,
            max_depth: usize::MAX,
            max_array_len: usize::MAX,
            max_object_members: usize::MAX,
            max_string_bytes: usize::MAX,
        };
        govblocks_core::json::parse_with_limits(&self.canonical, &unlimited).unwrap_or_default()
    }
}

/// The state a chain is in when `event_at` happens: the stored state, or expired when consent
/// in force has passed its `validUntil` by then. (Invalidation by a later agreement version is
/// not a chain state: it needs a renewal, which the table allows from a given consent.)
pub(crate) fn chain_state_at(head: &Revision, event_at: Timestamp) -> State {
    let ended = head.valid_until.is_some_and(|until| until < event_at);
    if head.state.is_given() && ended {
        State::Expired
    } else {
        head.state
    }
}

/// The rules that tie `entry` to the chain before it (`previous`, `None` for the first).
fn check_step(
    agreements: &Agreements,
    previous: Option<&ChainEntry>,
    entry: &ChainEntry,
    position: u64,
    record: &str,
) -> Result<()> {
    let revision = &entry.revision;
    if revision.sequence != position {
        return Err(Error::SequenceInvalid {
            expected: position,
            found: revision.sequence,
        });
    }
    if revision.record != record {
        return Err(Error::RecordMismatch {
            reason: format!("revision of record {:?}", revision.record),
        });
    }
    let known = agreements.resolve(&revision.agreement)?;
    check_agreement(known, revision)?;
    let event = Event::writing(revision.state).ok_or_else(|| Error::RevisionInvalid {
        reason: "expired is never written".into(),
    })?;
    let Some(previous) = previous else {
        transition(None, event)?;
        return check_validity(revision, event);
    };
    let before = &previous.revision;
    if revision.previous != Some(previous.digest) {
        return Err(Error::ChainBroken {
            expected: previous.digest.to_string(),
            found: revision
                .previous
                .map_or_else(|| "none".to_owned(), |d| d.to_string()),
        });
    }
    if revision.principal != before.principal || revision.controller != before.controller {
        return Err(Error::RecordMismatch {
            reason: "the principal or the controller changed".into(),
        });
    }
    if revision.agreement.id != before.agreement.id {
        return Err(Error::AgreementChanged {
            reason: format!(
                "from {:?} to {:?}",
                before.agreement.id, revision.agreement.id
            ),
        });
    }
    if revision.agreement.version != before.agreement.version
        && !matches!(event, Event::Give | Event::Renew)
    {
        return Err(Error::AgreementChanged {
            reason: format!("a new agreement version needs a give or a renewal, not {event}"),
        });
    }
    if revision.timestamp < before.timestamp {
        return Err(Error::TimestampBackwards {
            previous: before.timestamp.to_string(),
            found: revision.timestamp.to_string(),
        });
    }
    transition(Some(chain_state_at(before, revision.timestamp)), event)?;
    check_validity(revision, event)
}

/// The agreement's controller is the revision's, and its purposes exist.
fn check_agreement(known: &KnownAgreement, revision: &Revision) -> Result<()> {
    let agreement = known.agreement();
    if agreement.controller.id != revision.controller {
        return Err(Error::RecordMismatch {
            reason: format!(
                "the revision's controller is not the agreement's ({:?})",
                agreement.controller.id
            ),
        });
    }
    for purpose in &revision.purposes {
        if agreement.purpose(purpose).is_none() {
            return Err(Error::PurposeUnknown {
                purpose: purpose.clone(),
                agreement: format!("{} version {}", agreement.id, agreement.version),
            });
        }
    }
    Ok(())
}

/// A consent given or renewed must not end before it is given.
fn check_validity(revision: &Revision, event: Event) -> Result<()> {
    if matches!(event, Event::Give | Event::Renew) {
        if let Some(until) = revision.valid_until {
            if until <= revision.timestamp {
                return Err(Error::ValidityInvalid {
                    reason: format!(
                        "validUntil {until} is not after the consent ({})",
                        revision.timestamp
                    ),
                });
            }
        }
    }
    Ok(())
}

/// A consent record whose whole chain verified: its state and coverage computed once.
/// Only [`RecordVerifier`] makes one. Two are equal when their chains, agreements and computed
/// views are (a record extended revision by revision equals the same chain verified whole).
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedRecord {
    chain: Vec<ChainEntry>,
    agreement: Arc<KnownAgreement>,
    coverage: Coverage,
    given_at: Option<Timestamp>,
}

impl VerifiedRecord {
    fn build(chain: Vec<ChainEntry>, agreements: &Agreements) -> Result<Self> {
        let given_at = chain
            .iter()
            .rev()
            .find(|e| e.revision.state.is_given())
            .map(|e| e.revision.timestamp);
        Self::with_head(chain, given_at, agreements)
    }

    /// This record with `entry` (already checked against its head) as the new head: what
    /// `build` computes on the longer chain, in time independent of its length.
    fn push(mut self, entry: ChainEntry, agreements: &Agreements) -> Result<Self> {
        let given_at = if entry.revision.state.is_given() {
            Some(entry.revision.timestamp)
        } else {
            self.given_at
        };
        self.chain.push(entry);
        Self::with_head(self.chain, given_at, agreements)
    }

    /// The state and coverage of the head of `chain`.
    fn with_head(
        chain: Vec<ChainEntry>,
        given_at: Option<Timestamp>,
        agreements: &Agreements,
    ) -> Result<Self> {
        let head = chain
            .last()
            .map(|e| &e.revision)
            .ok_or_else(|| Error::RecordNotFound {
                record: String::new(),
            })?;
        let agreement = Arc::clone(agreements.resolve(&head.agreement)?);
        let purposes = head
            .purposes
            .iter()
            .filter_map(|id| {
                let purpose = agreement.agreement().purpose(id)?;
                Some((
                    id.clone(),
                    PurposeCoverage {
                        categories: purpose.data_categories.iter().cloned().collect(),
                        recipients: purpose.recipients.iter().cloned().collect(),
                    },
                ))
            })
            .collect::<HashMap<_, _>>();
        let coverage = Coverage {
            state: head.state,
            superseded: agreements.superseded(&head.agreement),
            valid_from: head.valid_from,
            valid_until: head.valid_until,
            controller: head.controller.clone(),
            purposes,
        };
        Ok(VerifiedRecord {
            chain,
            agreement,
            coverage,
            given_at,
        })
    }

    /// The record as it stood at `at`: its chain up to the last revision dated at or before
    /// `at` (timestamps never go backwards in a verified chain), with its state, purposes and
    /// validity, so that [`VerifiedRecord::permits`] answers for the revision then in force.
    /// When every revision is dated after `at` the record did not exist yet: the first revision
    /// alone answers, which for a give is `consent.not_yet_valid` (its `validFrom` is to come)
    /// and for a request `consent.not_given`. Whether a later agreement version widens the one
    /// named is judged on `agreements` as they are now (agreement versions carry no date from
    /// which they apply). `agreements` are the verifier's ([`RecordVerifier::agreements`]).
    ///
    /// Errors: `consent.agreement_unknown` and `consent.agreement_digest_mismatch` when
    /// `agreements` are not those the record was verified with.
    pub fn as_of(&self, at: OffsetDateTime, agreements: &Agreements) -> Result<VerifiedRecord> {
        let in_force = self
            .chain
            .partition_point(|e| !e.revision.timestamp.is_after(at, Duration::ZERO))
            .max(1);
        if in_force == self.chain.len() {
            return Ok(self.clone());
        }
        let chain = self.chain.get(..in_force).unwrap_or_default().to_vec();
        VerifiedRecord::build(chain, agreements)
    }

    /// The latest revision.
    pub fn head(&self) -> &ChainEntry {
        // `build` refuses an empty chain.
        #[allow(clippy::indexing_slicing)]
        &self.chain[self.chain.len() - 1]
    }

    /// Every revision, oldest first.
    pub fn chain(&self) -> &[ChainEntry] {
        &self.chain
    }

    /// The record's id.
    pub fn id(&self) -> &str {
        &self.head().revision.record
    }

    /// The data principal's pseudonymous id.
    pub fn principal(&self) -> &str {
        &self.head().revision.principal
    }

    /// The controller's DID.
    pub fn controller(&self) -> &str {
        &self.coverage.controller
    }

    /// The agreement version of the latest revision.
    pub fn agreement(&self) -> &KnownAgreement {
        &self.agreement
    }

    /// The state the latest revision records.
    pub fn stored_state(&self) -> State {
        self.coverage.state
    }

    /// The state at `at`: the stored state, or [`State::Expired`] once `validUntil` has passed,
    /// or [`State::Invalidated`] when a later agreement version widens the one consent was
    /// given under.
    pub fn state_at(&self, at: OffsetDateTime) -> State {
        self.coverage.state_at(at)
    }

    /// The purposes consent covers (in the latest revision).
    pub fn purposes(&self) -> &[String] {
        &self.head().revision.purposes
    }

    /// When consent was last given or renewed, if ever.
    pub fn given_at(&self) -> Option<Timestamp> {
        self.given_at
    }

    /// `validFrom` and `validUntil` of the latest revision.
    pub fn validity(&self) -> (Option<Timestamp>, Option<Timestamp>) {
        (self.coverage.valid_from, self.coverage.valid_until)
    }

    /// The record's answer to `question` (see [`crate::permits`]).
    pub fn permits(&self, question: Question<'_>) -> Decision {
        self.coverage.decide(&question)
    }

    pub(crate) fn coverage(&self) -> &Coverage {
        &self.coverage
    }
}
