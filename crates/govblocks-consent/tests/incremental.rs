//! Incremental verification: extending a verified record by one revision gives what verifying
//! the whole chain gives, and a service that reuses its last verified record never appends on
//! a head that moved behind its back.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::*;
use govblocks_consent::ledger::{self as consent_ledger, MemoryLog};
use govblocks_consent::ledger::{
    CheckReport, CitedDocument, ErasureReport, Log, NewEntry, Page, StoredEntry,
};
use govblocks_consent::lifecycle::{Event, State};
use govblocks_consent::service::{Change, ConsentService};
use govblocks_consent::store::Result;
use govblocks_core::digest::ContentDigest;
use govblocks_core::keys::SecretKey;
use std::sync::{Arc, Mutex};
use time::Duration;

/// A record with every kind of step: a principal's proof set, a new agreement version,
/// withdrawal and a new give, a revocation.
fn varied_record(f: &Fixture) -> String {
    let person = SecretKey::from_seed(&[9; 32]);
    let s = &f.service;
    let id = s
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap()
        .record;
    let steps: Vec<(Event, Change<'_>)> = vec![
        (Event::Renew, Change::none().signed_by_principal(&person)),
        (
            Event::Renew,
            Change::none()
                .agreement_version("2")
                .purposes(["eligibility", "research"]),
        ),
        (Event::Withdraw, Change::none()),
        (
            Event::Give,
            Change::none()
                .purposes(["research"])
                .valid_until(ts("2027-01-01T00:00:00Z")),
        ),
        (Event::Renew, Change::none()),
        (Event::Revoke, Change::none().reason("fraud investigation")),
        (Event::Request, Change::none()),
    ];
    for (event, change) in steps {
        f.clock.advance(Duration::hours(1));
        s.update(&id, event, change).unwrap();
    }
    id
}

#[test]
fn extending_equals_verifying_the_whole_chain() {
    let f = fixture_with(&[v1(), v2_wider()]);
    let id = varied_record(&f);
    let stored = f.service.ledger().entries(&id).unwrap();
    assert_eq!(stored.len(), 8);
    let mut extended = f.verifier.verify(&id, &stored[..1]).unwrap();
    for n in 1..stored.len() {
        extended = f.verifier.extend(extended, &stored[n]).unwrap();
        let whole = f.verifier.verify(&id, &stored[..=n]).unwrap();
        assert_eq!(extended, whole, "after {} revisions", n + 1);
    }
    assert_eq!(extended.stored_state(), State::Requested);
}

#[test]
fn extend_refuses_what_verify_refuses() {
    let f = fixture();
    let id = varied_record_v1(&f);
    let stored = f.service.ledger().entries(&id).unwrap();
    let prefix = || f.verifier.verify(&id, &stored[..1]).unwrap();

    // Skipping a revision: the chain link (and sequence) breaks.
    let err = f.verifier.extend(prefix(), &stored[2]).unwrap_err();
    assert_eq!(err.code(), "consent.sequence_invalid");
    assert_eq!(err.revision().unwrap().0, 2);
    // Repeating the head.
    let err = f.verifier.extend(prefix(), &stored[0]).unwrap_err();
    assert_eq!(err.code(), "consent.sequence_invalid");
    // Bytes that are not what the digest says.
    let mut changed = stored[1].clone();
    if let Some(doc) = changed.document.as_mut() {
        let at = doc.len() / 2;
        doc[at] ^= 1;
    }
    let err = f.verifier.extend(prefix(), &changed).unwrap_err();
    assert_eq!(err.code(), "consent.digest_mismatch");
    // An erased revision.
    let mut erased = stored[1].clone();
    erased.document = None;
    let err = f.verifier.extend(prefix(), &erased).unwrap_err();
    assert_eq!(err.code(), "consent.record_erased");
    // A revision of another record.
    let other = varied_record_v1(&f);
    let other = f.service.ledger().entries(&other).unwrap();
    let err = f.verifier.extend(prefix(), &other[1]).unwrap_err();
    assert_eq!(err.code(), "consent.record_mismatch");
}

fn varied_record_v1(f: &Fixture) -> String {
    let s = &f.service;
    let id = s
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap()
        .record;
    for _ in 0..3 {
        f.clock.advance(Duration::minutes(5));
        s.renew(&id, None).unwrap();
    }
    id
}

#[test]
fn a_record_built_with_the_cache_is_the_record_loaded_afresh() {
    for capacity in [0, 1, 256] {
        let f = fixture_with(&[v1(), v2_wider()]);
        let service = ConsentService::new(consent_ledger::memory(), ministry(), f.verifier.clone())
            .with_cache_capacity(capacity);
        let f = Fixture {
            clock: f.clock,
            service,
            verifier: f.verifier,
        };
        // Two records interleaved, so that a capacity of 1 keeps evicting.
        let a = varied_record(&f);
        let b = varied_record(&f);
        for id in [a, b] {
            let fresh = f.verifier.load(f.service.ledger(), &id).unwrap();
            let stored = f.service.ledger().entries(&id).unwrap();
            assert_eq!(fresh, f.verifier.verify(&id, &stored).unwrap());
            assert_eq!(fresh.chain().len(), 8);
            // And the service goes on from there.
            f.clock.advance(Duration::hours(1));
            f.service
                .update(&id, Event::Give, Change::none().purposes(["eligibility"]))
                .unwrap();
            let after = f.verifier.load(f.service.ledger(), &id).unwrap();
            assert_eq!(after.chain()[..8], fresh.chain()[..]);
        }
    }
}

/// A ledger shared by several services; a hook can run another writer right after a `head`
/// read, between a service's check of its cached head and its append.
struct Shared {
    inner: Arc<MemoryLog>,
    after_head: Mutex<Option<Box<dyn FnOnce() + Send>>>,
}

impl Shared {
    fn new(inner: &Arc<MemoryLog>) -> Self {
        Shared {
            inner: Arc::clone(inner),
            after_head: Mutex::new(None),
        }
    }
}

impl Log for Shared {
    fn append(&self, revision: NewEntry) -> Result<StoredEntry> {
        self.inner.append(revision)
    }
    fn append_many(&self, revisions: Vec<NewEntry>) -> Result<Vec<StoredEntry>> {
        self.inner.append_many(revisions)
    }
    fn head(&self, record: &str) -> Result<Option<StoredEntry>> {
        let head = self.inner.head(record);
        let hook = self.after_head.lock().unwrap().take();
        if let Some(hook) = hook {
            hook();
        }
        head
    }
    fn entries(&self, record: &str) -> Result<Vec<StoredEntry>> {
        self.inner.entries(record)
    }
    fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page> {
        self.inner.streams(after, limit)
    }
    fn streams_of(&self, principal: &str) -> Result<Vec<String>> {
        self.inner.streams_of(principal)
    }
    fn erase_subject(&self, principal: &str) -> Result<ErasureReport> {
        self.inner.erase_subject(principal)
    }
    fn check(&self) -> Result<CheckReport> {
        self.inner.check()
    }
    fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest> {
        self.inner.put_cited(document)
    }
    fn cited(&self) -> Result<Vec<CitedDocument>> {
        self.inner.cited()
    }
}

#[test]
fn a_service_notices_a_head_moved_behind_its_back() {
    let f = fixture();
    let store = Arc::new(consent_ledger::memory());
    let first = ConsentService::new(Shared::new(&store), ministry(), f.verifier.clone());
    let second = ConsentService::new(Shared::new(&store), ministry(), f.verifier.clone());

    let id = first
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap()
        .record;
    f.clock.advance(Duration::minutes(1));
    first.renew(&id, None).unwrap(); // the first service now caches sequence 1
    f.clock.advance(Duration::minutes(1));
    let behind = second.withdraw(&id).unwrap(); // sequence 2, unseen by the first
    f.clock.advance(Duration::minutes(1));

    // The first must build on the withdrawal, not on its cached head: renewing a withdrawn
    // consent is not allowed, so the reload shows in the lifecycle's answer.
    let err = first.renew(&id, None).unwrap_err();
    assert_eq!(err.code(), "consent.transition_invalid");
    let given = first
        .update(&id, Event::Give, Change::none().purposes(["eligibility"]))
        .unwrap();
    assert_eq!(given.sequence, 3);
    let chain = f.verifier.load(&*store, &id).unwrap();
    assert_eq!(chain.chain()[3].revision().previous, Some(behind.digest));
    assert_eq!(chain.stored_state(), State::Given);
}

#[test]
fn a_service_never_appends_on_a_head_that_moved_after_its_check() {
    let f = fixture();
    let store = Arc::new(consent_ledger::memory());
    let first = ConsentService::new(Shared::new(&store), ministry(), f.verifier.clone());
    let second = Arc::new(ConsentService::new(
        Shared::new(&store),
        ministry(),
        f.verifier.clone(),
    ));
    let id = first
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap()
        .record;
    f.clock.advance(Duration::minutes(1));
    first.renew(&id, None).unwrap();
    f.clock.advance(Duration::minutes(1));

    // The second service withdraws right after the first read the (still current) head.
    let (other, record) = (Arc::clone(&second), id.clone());
    *first.ledger().after_head.lock().unwrap() = Some(Box::new(move || {
        other.withdraw(&record).unwrap();
    }));
    let err = first.renew(&id, None).unwrap_err();
    assert_eq!(err.code(), "store.conflict");
    let chain = f.verifier.load(&*store, &id).unwrap();
    assert_eq!(chain.chain().len(), 3);
    assert_eq!(chain.stored_state(), State::Withdrawn);

    // Next time the first reloads and decides on the real head.
    f.clock.advance(Duration::minutes(1));
    let err = first.renew(&id, None).unwrap_err();
    assert_eq!(err.code(), "consent.transition_invalid");
}
