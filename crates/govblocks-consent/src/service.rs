//! The consent service: the operations the CLI and an HTTP service call, over any [`Log`].
//!
//! Each operation takes the verified record, checks the event against the lifecycle table,
//! builds the next revision, signs it with the controller's key (and the person's, when given:
//! a proof set), checks the signed revision exactly as [`RecordVerifier`] would
//! ([`RecordVerifier::extend`]), and appends it naming the head it builds on. If another
//! writer appended first, the ledger's `store.conflict` comes back and nothing was written:
//! load again and decide again.
//!
//! **Cost per update.** Verifying the whole chain before every append would make an
//! n-revision record cost O(n²) signature checks to build. The service keeps the records it
//! verified last (at most [`DEFAULT_CACHE_CAPACITY`], least recently used out first; see
//! [`ConsentService::with_cache_capacity`]) and reuses one only while the ledger's head digest
//! is still its head: then only the new revision is verified. When the head moved (another
//! service or process appended) or the record was erased, the record is loaded and verified
//! in full. Since the ledger appends only onto the head it is told, a stale cached record can
//! never lead to an append: at worst `store.conflict`.
//!
//! **The agreements go into the ledger too.** Before the first revision under an agreement
//! version is appended, the service stores that version in the ledger's side table
//! ([`store_known`]: a version never changes, `consent.agreement_digest_mismatch`; an id
//! belongs to its first controller, `consent.agreement_id_taken`), as `govblocks consent give`
//! does: a ledger written by the service is read by the CLI and by
//! [`load_stored`](crate::agreement::load_stored).
//!
//! **No revision from the future.** The ledger is append-only, so a revision dated in the
//! future would stay, and fail every verification until its date comes. The service refuses to
//! append a revision dated after the *wall clock* plus the verifier's skew
//! (`consent.timestamp_in_future`): by default the system clock, whatever clock the verifier
//! dates revisions with (a fixed clock, the CLI's `--now`); see
//! [`ConsentService::with_wall_clock`]. A consent proof ([`ConsentService::consent_proof`]) is
//! held to the same rule ([`refuse_future`]), and a revision dated before the record's latest
//! is `consent.timestamp_backwards`.

use crate::agreement::{store_known, AgreementRef};
use crate::ledger::{Log, NewEntry, StoredEntry};
use crate::lifecycle::{transition, Event, State};
use crate::record::{chain_state_at, RecordVerifier, VerifiedRecord};
use crate::revision::{Revision, REVISION_TYPE};
use crate::{Error, Result};
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::add_proof_as;
use govblocks_core::proof::ProofOptions;
use govblocks_core::signer::Signer;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// How many verified records a service keeps by default to append without re-verifying.
pub const DEFAULT_CACHE_CAPACITY: usize = 256;

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
    cache: Mutex<RecordCache>,
    /// The agreement versions this service stored (or found stored) in its ledger.
    stored: Mutex<HashSet<ContentDigest>>,
    /// What a revision's date may not pass (plus the verifier's skew).
    wall: Arc<dyn Clock>,
}

impl<L: Log, S: Signer> ConsentService<L, S> {
    /// A service that keeps records in `ledger`, signs with `controller` (the key of the
    /// agreements' controller) and verifies with `verifier` (its agreements, trust list and
    /// clock; the clock also dates new revisions).
    pub fn new(ledger: L, controller: S, verifier: RecordVerifier) -> Self {
        ConsentService {
            ledger,
            controller,
            verifier,
            cache: Mutex::new(RecordCache::new(DEFAULT_CACHE_CAPACITY)),
            stored: Mutex::new(HashSet::new()),
            wall: Arc::new(SystemClock),
        }
    }

    /// Refuses revisions dated after `clock`'s time plus the verifier's skew
    /// (`consent.timestamp_in_future`) instead of the system clock's: for tests and
    /// simulations that run a ledger in another time.
    pub fn with_wall_clock(self, clock: impl Clock + 'static) -> Self {
        ConsentService {
            wall: Arc::new(clock),
            ..self
        }
    }

    /// Keeps at most `capacity` verified records (0: none, every update verifies the whole
    /// chain). Each cached record holds its whole chain in memory.
    pub fn with_cache_capacity(self, capacity: usize) -> Self {
        let cache = Mutex::new(RecordCache::new(capacity));
        ConsentService { cache, ..self }
    }

    /// Forgets every cached record (after erasing a principal through the ledger directly,
    /// say, so that no copy of the erased revisions stays in this service's memory).
    pub fn clear_cache(&self) {
        self.cache().clear();
    }

    /// The ledger.
    pub fn ledger(&self) -> &L {
        &self.ledger
    }

    /// The verifier.
    pub fn verifier(&self) -> &RecordVerifier {
        &self.verifier
    }

    /// Loads and verifies a record (its whole chain, never from the cache).
    pub fn load(&self, record: &str) -> Result<VerifiedRecord> {
        self.verifier.load(&self.ledger, record)
    }

    /// The record as the ledger holds it now: the cached one while the ledger's head is still
    /// its head (and its document is still there: not erased), otherwise loaded in full.
    fn current(&self, record: &str) -> Result<VerifiedRecord> {
        // Taken out, not borrowed: two updates of one record never share a cached value, and a
        // failed update leaves nothing stale behind.
        let cached = self.cache().take(record);
        if let Some(cached) = cached {
            let head = self.ledger.head(record)?;
            let unchanged =
                head.is_some_and(|h| h.digest == cached.head().digest() && h.document.is_some());
            if unchanged {
                return Ok(cached);
            }
        }
        self.load(record)
    }

    fn cache(&self) -> MutexGuard<'_, RecordCache> {
        // A poisoned lock only means a thread panicked while holding it; the cache is only a
        // shortcut (every use checks the ledger's head), so its content is still safe to use.
        lock(&self.cache)
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
        let current = self
            .current(record)
            .map_err(|e| self.backdated(record, e))?;
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
        self.sign_and_append(Some(current), revision, change.principal)
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

    /// The time a new revision is dated: the verifier's clock, refused when it is after the
    /// wall clock plus the skew (`consent.timestamp_in_future`), before anything else is
    /// decided.
    fn now(&self) -> Result<Timestamp> {
        let now = Timestamp::from_datetime(self.verifier.now())?;
        refuse_future(now, self.wall.now(), self.verifier.verifier().skew())?;
        Ok(now)
    }

    /// `error`, from loading `record` to update it, or `consent.timestamp_backwards` when the
    /// error is the record's latest revision dated after the verifier's clock: the new revision
    /// would be dated before the one it follows (a `--now` in the past), which the chain
    /// refuses; said so, rather than as that revision's proof "created in the future".
    fn backdated(&self, record: &str, error: Error) -> Error {
        if error.code() != "proof.not_yet_valid" {
            return error;
        }
        let head_time = self.ledger.head(record).ok().flatten().and_then(|head| {
            let document: Value = serde_json::from_slice(&head.document?).ok()?;
            Timestamp::parse(document.get("timestamp")?.as_str()?, "timestamp").ok()
        });
        match (head_time, Timestamp::from_datetime(self.verifier.now())) {
            (Some(previous), Ok(now)) if now < previous => Error::TimestampBackwards {
                previous: previous.to_string(),
                found: now.to_string(),
            },
            _ => error,
        }
    }

    /// A consent proof of `record` ([`VerifiedRecord::consent_proof`]), issued now by the
    /// controller's key and valid for `validity`: the record loaded and verified in full, and,
    /// as for a revision, refused when the verifier's clock is after the wall clock plus the
    /// skew (`consent.timestamp_in_future`): a proof dated in the future would be evidence of
    /// a consent that may be withdrawn before that date comes.
    pub fn consent_proof(&self, record: &str, validity: time::Duration) -> Result<Value> {
        let now = self.now()?;
        self.load(record)?
            .consent_proof(&self.controller, now.to_datetime(), validity)
    }

    /// Stores the agreement version `reference` names in the ledger, once per service.
    fn store_agreement(&self, reference: &AgreementRef) -> Result<()> {
        let stored = |s: &Self| lock(&s.stored).contains(&reference.digest);
        if stored(self) {
            return Ok(());
        }
        let known = self.verifier.agreements().resolve(reference)?;
        store_known(&self.ledger, known)?;
        lock(&self.stored).insert(reference.digest);
        Ok(())
    }

    /// Signs (person first, then controller: a proof set), checks the result exactly as the
    /// record verifier does, stores its agreement version, appends it after `current`'s head,
    /// and keeps the longer record.
    fn sign_and_append(
        &self,
        current: Option<VerifiedRecord>,
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

        // Never append what a verifier would refuse: the stored form, through the verifier's
        // own checks. The revision is not stored yet, so its errors name no revision.
        let document = govblocks_core::jcs::canonicalize(&value);
        let predecessor = current.as_ref().map(|c| c.head().digest());
        let stored = StoredEntry {
            stream: revision.record.clone(),
            sequence: revision.sequence,
            digest: ContentDigest::of_bytes(&document),
            predecessor,
            document: Some(document.clone()),
        };
        let verified = match current {
            Some(current) => self.verifier.extend(current, &stored),
            None => self
                .verifier
                .verify(&revision.record, std::slice::from_ref(&stored)),
        }
        .map_err(unnamed)?;
        self.store_agreement(&revision.agreement)?;
        let appended = self.ledger.append(NewEntry::new(
            revision.record.clone(),
            predecessor,
            document,
        ))?;
        if appended.digest == verified.head().digest() {
            self.cache().put(verified);
        }
        Ok(Outcome {
            record: revision.record,
            sequence: appended.sequence,
            digest: appended.digest,
            state: revision.state,
        })
    }
}

/// Refuses `time` when it lies after `wall` plus `skew` (`consent.timestamp_in_future`, naming
/// the latest time allowed): what a revision appended to the ledger, or a consent proof, may be
/// dated. The service's rule, for callers that date documents themselves (the CLI's
/// `consent proof --now`).
pub fn refuse_future(
    time: Timestamp,
    wall: time::OffsetDateTime,
    skew: time::Duration,
) -> Result<()> {
    if !time.is_after(wall, skew) {
        return Ok(());
    }
    let latest = wall.checked_add(skew.abs()).unwrap_or(wall);
    Err(Error::TimestampInFuture {
        timestamp: time.to_string(),
        latest: Timestamp::from_datetime(latest.replace_nanosecond(0).unwrap_or(latest))
            .map_or_else(|_| latest.to_string(), |t| t.to_string()),
    })
}

/// Locks `mutex`, poisoned or not: what this service keeps behind locks are shortcuts
/// (records checked against the ledger's head, digests of agreements stored idempotently).
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The last verified records, by id, at most `capacity`; the least recently stored goes first.
struct RecordCache {
    capacity: usize,
    /// Counts stores, to find the least recent one.
    clock: u64,
    records: HashMap<String, (u64, VerifiedRecord)>,
}

impl RecordCache {
    fn new(capacity: usize) -> Self {
        RecordCache {
            capacity,
            clock: 0,
            records: HashMap::new(),
        }
    }

    fn take(&mut self, record: &str) -> Option<VerifiedRecord> {
        self.records.remove(record).map(|(_, r)| r)
    }

    fn put(&mut self, record: VerifiedRecord) {
        if self.capacity == 0 {
            return;
        }
        if self.records.len() >= self.capacity && !self.records.contains_key(record.id()) {
            // O(capacity), only when full: the cache is small next to what a miss costs.
            let oldest = self
                .records
                .iter()
                .min_by_key(|(_, (stored, _))| *stored)
                .map(|(id, _)| id.clone());
            if let Some(oldest) = oldest {
                self.records.remove(&oldest);
            }
        }
        self.clock = self.clock.wrapping_add(1);
        self.records
            .insert(record.id().to_owned(), (self.clock, record));
    }

    fn clear(&mut self) {
        self.records.clear();
    }
}

/// `error` without the revision it names (see [`Error::InRevision`]).
fn unnamed(error: Error) -> Error {
    match error {
        Error::InRevision { source, .. } => *source,
        other => other,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agreement::{Agreement, Agreements, Controller, LawfulBasis, Purpose, Terms};
    use crate::ledger::MemoryLog;
    use govblocks_core::clock::FixedClock;
    use govblocks_core::keys::SecretKey;
    use govblocks_core::proof::Verifier;
    use govblocks_core::resolver::{DidKeyResolver, TrustList};
    use std::sync::Arc;

    fn service() -> ConsentService<MemoryLog, SecretKey> {
        let ministry = SecretKey::from_seed(&[7; 32]);
        let did = ministry.public_key().did();
        let agreement = Agreement::new(
            "urn:agreement:a",
            "1",
            Controller::new(did.clone(), "Ministry"),
            vec![Purpose::new("p", "A purpose", LawfulBasis::Consent, ["c"])],
            Terms::new(
                "KE",
                "P2Y",
                "KE",
                "en",
                "https://m.example/p",
                "https://m.example/c",
            ),
        );
        let signed = agreement
            .sign(&ministry, &ProofOptions::assertion())
            .unwrap();
        let trust = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(&did));
        let mut agreements = Agreements::new();
        agreements.add_value(&trust, signed).unwrap();
        let now = Timestamp::parse("2025-03-01T10:00:00Z", "now").unwrap();
        let verifier = RecordVerifier::new(Arc::new(agreements), [did])
            .with_clock(FixedClock::new(now.to_datetime()));
        ConsentService::new(crate::ledger::memory(), ministry, verifier)
    }

    #[test]
    fn the_cached_record_is_the_record_loaded_afresh() {
        let service = service();
        let id = service
            .give("urn:agreement:a", "1", "p-1", &["p"], None)
            .unwrap()
            .record;
        for n in 0..20 {
            match n % 4 {
                3 => service.withdraw(&id),
                0 if n > 0 => service.update(&id, Event::Give, Change::none().purposes(["p"])),
                _ => service.renew(&id, None),
            }
            .unwrap();
            let cached = service.cache().take(&id).unwrap();
            assert_eq!(cached, service.load(&id).unwrap());
            service.cache().put(cached);
        }
    }

    #[test]
    fn the_cache_keeps_at_most_its_capacity_least_recent_out_first() {
        let service = service().with_cache_capacity(2);
        let ids: Vec<String> = (0..3)
            .map(|i| {
                let principal = format!("p-{i}");
                service
                    .give("urn:agreement:a", "1", &principal, &["p"], None)
                    .unwrap()
                    .record
            })
            .collect();
        let mut cache = service.cache();
        assert_eq!(cache.records.len(), 2);
        assert!(cache.take(&ids[0]).is_none());
        assert!(cache.take(&ids[2]).is_some());
    }
}
