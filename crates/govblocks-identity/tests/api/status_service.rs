//! Status lists a running service can use (issue 14): lists published while the verifier runs,
//! cached by their `ttl` and `validUntil`, decoded once per verification; and every failure of
//! a list credential reported as the list's, with its URL and its own code.
//!
//! Rules quoted:
//! * Bitstring Status List v1.0 §2.2, `credentialSubject.ttl`: "The `ttl` indicates the "time
//!   to live" in milliseconds. This property MAY be present. If not present, implementers MUST
//!   use a value of `300000` for this property. A verifier MUST NOT use a cached
//!   `BitstringStatusListCredential` that was cached for more than the `ttl` duration prior to
//!   the start of verification operation on a verifiable credential."
//! * Bitstring Status List v1.0 §3.2, Validate Algorithm, step 4: "Dereference the
//!   `statusListCredential` URL, and ensure that all proofs verify successfully. If the
//!   dereference fails, raise a STATUS_RETRIEVAL_ERROR. If any of the proof verifications
//!   fail, raise a STATUS_VERIFICATION_ERROR."
//! * VC Data Model 2.0 §4.9 Validity Period, for the list credential's own `validFrom` and
//!   `validUntil` (Bitstring Status List v1.0 §2.2 names them "the earliest/latest point in
//!   time at which the status list is valid").
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, SettableClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier, StatusScope};
use govblocks_identity::one_or_many::OneOrMany;
use govblocks_identity::presentation::{create, MemoryAcceptOnce, PresentationVerifier};
use govblocks_identity::status_list::{
    InMemoryStatusResolver, SharedStatusResolver, StatusEntry, StatusList, StatusPurpose,
    DEFAULT_MAX_BITS, DEFAULT_TTL_MS,
};
use govblocks_identity::Error;
use serde_json::{json, Map, Value};
use std::error::Error as _;
use std::sync::{Arc, OnceLock};

const LIST: &str = "https://registry.example.gov/status/revocation/7";
const NOW: &str = "2024-06-01T00:00:00Z";

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn registry() -> SecretKey {
    SecretKey::from_seed(&[7; 32])
}

fn trust(key: &SecretKey) -> TrustList {
    TrustList::new().trust(key.public_key().did(), [ProofPurpose::AssertionMethod])
}

/// A credential by `issuer` for `holder` with one revocation entry on LIST per index.
fn credential_value(issuer: &SecretKey, holder: &str, indexes: &[u64]) -> Value {
    let Value::Object(subject) = json!({"id": holder}) else {
        unreachable!()
    };
    let mut c = Credential::new(issuer.public_key().did(), &[], subject);
    c.valid_from = Some(t("2024-01-01T00:00:00Z"));
    let entries: Vec<Map<String, Value>> = indexes
        .iter()
        .map(|&i| {
            let entry = StatusEntry::new(StatusPurpose::Revocation, LIST, i).unwrap();
            entry.to_value().as_object().unwrap().clone()
        })
        .collect();
    c.credential_status = Some(OneOrMany::Many(entries));
    issue(&c, issuer, &ProofOptions::assertion()).unwrap()
}

fn credential(issuer: &SecretKey, indexes: &[u64]) -> Vec<u8> {
    serde_json::to_vec(&credential_value(issuer, "did:example:olena", indexes)).unwrap()
}

/// The list credential of `list`, signed by `issuer`, with `edit` applied before signing.
fn signed_list_with(list: &StatusList, issuer: &SecretKey, edit: impl Fn(&mut Value)) -> Vec<u8> {
    let mut unsigned =
        list.unsigned_credential(&issuer.public_key().did(), Some(t("2024-01-01T00:00:00Z")));
    edit(&mut unsigned);
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    serde_json::to_vec(&issue(&typed, issuer, &ProofOptions::assertion()).unwrap()).unwrap()
}

fn signed_list(list: &StatusList, issuer: &SecretKey) -> Vec<u8> {
    signed_list_with(list, issuer, |_| {})
}

fn empty_list() -> StatusList {
    StatusList::new(LIST, StatusPurpose::Revocation, 131_072).unwrap()
}

/// The registry's list at its largest (2^27 entries, the size `status-list create --size
/// 134217728` makes), signed once for every test that needs it.
fn maximum_size_list() -> &'static [u8] {
    static SIGNED: OnceLock<Vec<u8>> = OnceLock::new();
    SIGNED.get_or_init(|| {
        let list = StatusList::new(LIST, StatusPurpose::Revocation, DEFAULT_MAX_BITS).unwrap();
        signed_list(&list, &registry())
    })
}

fn office(
    resolver: impl govblocks_identity::status_list::StatusResolver + 'static,
) -> CredentialVerifier {
    CredentialVerifier::new(
        Verifier::new(DidKeyResolver, trust(&registry())).with_clock(FixedClock::new(t(NOW))),
    )
    .with_status_resolver(resolver)
}

fn in_memory(bytes: Vec<u8>) -> InMemoryStatusResolver {
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(LIST, bytes);
    resolver
}

fn err<T: std::fmt::Debug>(r: Result<T, Error>) -> Error {
    r.expect_err("must fail")
}

// ---- errors say which list ---------------------------------------------------------------------

#[test]
fn an_expired_list_is_the_lists_problem_not_the_credentials() {
    // VC DM 2.0 §4.9 / BSL §2.2 `validUntil`: "The latest point in time at which the status
    // list is valid." Today's bug (issue 14): reported as the credential's `credential.expired`.
    let key = registry();
    let bytes = signed_list_with(&empty_list(), &key, |v| {
        v["validUntil"] = json!("2024-03-01T00:00:00Z");
    });
    let error = err(office(in_memory(bytes)).verify(&credential(&key, &[42])));
    assert_eq!(error.code(), "status_list.expired");
    assert!(error.to_string().contains(LIST), "{error}");
    assert!(
        error.to_string().contains("2024-03-01T00:00:00Z"),
        "{error}"
    );
}

#[test]
fn a_list_not_yet_valid_is_the_lists_problem() {
    // BSL §2.2 `validFrom`: "The earliest point in time at which the status list is valid."
    let key = registry();
    let bytes = signed_list_with(&empty_list(), &key, |v| {
        v["validFrom"] = json!("2025-01-01T00:00:00Z");
    });
    let error = err(office(in_memory(bytes)).verify(&credential(&key, &[42])));
    assert_eq!(error.code(), "status_list.not_yet_valid");
    assert!(error.to_string().contains(LIST), "{error}");
}

#[test]
fn a_tampered_list_is_the_lists_proof_not_the_credentials_signature() {
    // BSL §3.2 step 4: "If any of the proof verifications fail, raise a
    // STATUS_VERIFICATION_ERROR." The attack: flip a bit of a signed list (clear a revocation).
    // Today's bug (issue 14): reported as the credential's own `proof.signature_invalid`.
    let key = registry();
    let mut revoked = empty_list();
    revoked.set(42).unwrap();
    let mut tampered: Value = serde_json::from_slice(&signed_list(&revoked, &key)).unwrap();
    tampered["credentialSubject"]["encodedList"] = json!(empty_list().encoded_list());
    let error =
        err(office(in_memory(serde_json::to_vec(&tampered).unwrap()))
            .verify(&credential(&key, &[42])));
    assert_eq!(error.code(), "status_list.proof_invalid");
    assert!(error.to_string().contains(LIST), "{error}");
    // The proof's own error is kept as the source.
    let Error::StatusListProofInvalid { list, source } = &error else {
        panic!("{error:?}")
    };
    assert_eq!(list, LIST);
    assert_eq!(source.code(), "proof.signature_invalid");
    assert!(error.source().is_some());

    // Signed by a key its issuer does not control: the list's proof again.
    let other = SecretKey::from_seed(&[8; 32]);
    let unsigned = empty_list().unsigned_credential(&key.public_key().did(), None);
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    let forged = govblocks_core::proof::add_proof(
        serde_json::to_value(&typed).unwrap(),
        &other,
        &ProofOptions::assertion(),
    )
    .unwrap();
    let error =
        err(office(in_memory(serde_json::to_vec(&forged).unwrap()))
            .verify(&credential(&key, &[42])));
    assert_eq!(error.code(), "status_list.proof_invalid", "{error}");
}

#[test]
fn a_list_credential_that_is_not_one_is_status_list_invalid() {
    // BSL §2.1 `statusListCredential`: "When the URL is dereferenced, the resulting verifiable
    // credential MUST have `type` property that includes the `BitstringStatusListCredential`
    // value." Not JSON, and a signed credential of another type: the list's problem.
    let key = registry();
    let vc = credential(&key, &[42]);
    let error = err(office(in_memory(b"not json".to_vec())).verify(&vc));
    assert_eq!(error.code(), "status_list.invalid");
    assert!(error.to_string().contains(LIST), "{error}");
    let Error::StatusListInvalid { source, .. } = &error else {
        panic!("{error:?}")
    };
    assert!(source.code().starts_with("json."), "{}", source.code());

    let not_a_list = signed_list_with(&empty_list(), &key, |v| {
        v["type"] = json!(["VerifiableCredential"]);
    });
    let error = err(office(in_memory(not_a_list)).verify(&vc));
    assert_eq!(error.code(), "status_list.invalid", "{error}");
    assert!(error.to_string().contains(LIST), "{error}");
}

#[test]
fn a_missing_list_says_which_and_whether_a_resolver_was_supplied() {
    // BSL §3.2 step 4: "If the dereference fails, raise a STATUS_RETRIEVAL_ERROR."
    let key = registry();
    let vc = credential(&key, &[42]);
    let none = CredentialVerifier::new(
        Verifier::new(DidKeyResolver, trust(&key)).with_clock(FixedClock::new(t(NOW))),
    );
    let error = err(none.verify(&vc));
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains(LIST), "{error}");
    assert!(
        error
            .to_string()
            .contains("no status resolver was supplied"),
        "{error}"
    );
    let error = err(office(InMemoryStatusResolver::new()).verify(&vc));
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains(LIST), "{error}");
    assert!(!error.to_string().contains("no status resolver"), "{error}");
    let error = err(office(SharedStatusResolver::new()).verify(&vc));
    assert!(error.to_string().contains("published"), "{error}");
}

// ---- hostile finding 8: one decode per verification --------------------------------------------

#[test]
fn a_hundred_entries_on_a_maximum_size_list_decode_it_once() {
    // The attack (issue 14, finding 8): a credential with 100 entries on a 2^27-entry list
    // made the verifier inflate 16 MiB for every entry.
    let key = registry();
    let indexes: Vec<u64> = (0..100).map(|i| i * 1_000_003).collect();
    let verifier = office(in_memory(maximum_size_list().to_vec()));
    let scope = StatusScope::new();
    let verified = verifier
        .verify_in(&credential(&key, &indexes), &scope)
        .unwrap();
    assert_eq!(verified.credential_status.as_ref().unwrap().len(), 100);
    let stats = verifier.status_stats();
    assert_eq!(stats.fetched, 1, "{stats:?}");
    assert_eq!(stats.decoded, 1, "{stats:?}");
    assert_eq!(stats.scope_hits, 99, "{stats:?}");
    // The scope holds the list it decoded, for a report.
    assert_eq!(scope.len(), 1);
    assert_eq!(scope.list(LIST).unwrap().len_bits(), DEFAULT_MAX_BITS);
}

#[test]
fn a_presentation_of_a_thousand_copies_decodes_the_list_once() {
    // The attack (issue 14, finding 8): a presentation holding 1,000 copies of one credential
    // decoded the list 1,000 times (7.9 s on a maximum-size list).
    let key = registry();
    let holder = SecretKey::from_seed(&[9; 32]);
    let vc = credential_value(&key, &holder.public_key().did(), &[42]);
    let presentation = create(vec![vc; 1000], &holder, None, "c-1", "office.example").unwrap();
    let bytes = serde_json::to_vec(&presentation).unwrap();
    let desk = PresentationVerifier::new(
        office(in_memory(maximum_size_list().to_vec())),
        Verifier::new(DidKeyResolver, TrustList::any()).with_clock(FixedClock::new(t(NOW))),
        MemoryAcceptOnce::new(),
    );
    let verified = desk.verify(&bytes, "c-1", "office.example").unwrap();
    assert_eq!(verified.credentials().len(), 1000);
    let stats = desk.credential_verifier().status_stats();
    assert_eq!(stats.fetched, 1, "{stats:?}");
    assert_eq!(stats.decoded, 1, "{stats:?}");
    assert_eq!(stats.scope_hits, 999, "{stats:?}");
}

#[test]
fn a_batch_of_credentials_decodes_each_list_once() {
    let key = registry();
    let values: Vec<Value> = (0..20)
        .map(|i| credential_value(&key, &format!("did:example:{i}"), &[i]))
        .collect();
    let verifier = office(in_memory(signed_list(&empty_list(), &key)));
    for result in verifier.verify_values(values) {
        result.unwrap();
    }
    let stats = verifier.status_stats();
    assert_eq!((stats.fetched, stats.decoded, stats.scope_hits), (1, 1, 19));
}

#[test]
fn a_scope_never_serves_a_list_to_another_issuer() {
    // Two credentials in one verification naming one URL, from two trusted issuers: the
    // second is refused as the list's issuer mismatch, not served the first one's list.
    let (key, other) = (registry(), SecretKey::from_seed(&[8; 32]));
    let verifier = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            trust(&key).trust(other.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(FixedClock::new(t(NOW))),
    )
    .with_status_resolver(in_memory(signed_list(&empty_list(), &key)));
    let results = verifier.verify_values(vec![
        credential_value(&key, "did:example:a", &[1]),
        credential_value(&other, "did:example:b", &[2]),
    ]);
    assert!(results[0].is_ok());
    assert_eq!(
        results[1].as_ref().unwrap_err().code(),
        "status_list.issuer_mismatch"
    );
}

// ---- a running service ---------------------------------------------------------------------------

#[test]
fn a_service_publishes_new_lists_while_its_verifier_runs() {
    // A relying party runs for months while the registry revokes every hour: the list is
    // published into the running resolver (`&self`), the verifier is never rebuilt, a
    // publication is seen at the next check, and each list is decoded once per publication.
    let key = registry();
    let clock = SettableClock::at(t(NOW));
    let lists = Arc::new(SharedStatusResolver::new());
    let mut list = empty_list().with_ttl(3_600_000);
    lists.publish(LIST, signed_list(&list, &key));
    let verifier = Arc::new(
        CredentialVerifier::new(
            Verifier::new(DidKeyResolver, trust(&key)).with_clock(clock.clone()),
        )
        .with_status_resolver(Arc::clone(&lists))
        .with_status_cache(time::Duration::days(30)),
    );
    let vc = credential(&key, &[42]);

    // Verifiers on two threads, many checks: the list is decoded once.
    std::thread::scope(|s| {
        for _ in 0..2 {
            let verifier = Arc::clone(&verifier);
            let vc = &vc;
            s.spawn(move || {
                for _ in 0..10 {
                    verifier.verify(vc).unwrap();
                }
            });
        }
    });
    let stats = verifier.status_stats();
    assert!(stats.decoded <= 2, "{stats:?}"); // the two threads may race on the first one
    assert!(stats.cache_hits >= 18, "{stats:?}");

    // The registry revokes; the service publishes the new list while the verifier runs.
    list.set(42).unwrap();
    lists.publish(LIST, signed_list(&list, &key));
    clock.advance(time::Duration::seconds(1));
    assert_eq!(err(verifier.verify(&vc)).code(), "credential.revoked");
    let decoded = verifier.status_stats().decoded;
    assert_eq!(err(verifier.verify(&vc)).code(), "credential.revoked");
    assert_eq!(
        verifier.status_stats().decoded,
        decoded,
        "decoded once per publication"
    );

    // Lifted (a suspension would be; a revocation list here only shows the mechanism).
    list.clear(42).unwrap();
    lists.publish(LIST, signed_list(&list, &key));
    verifier.verify(&vc).unwrap();
    assert!(lists.remove(LIST));
    assert!(!lists.contains(LIST));
}

/// A resolver over a shared resolver that counts fetches and knows no versions (as an HTTP
/// fetcher), so that only time makes the cache fetch again.
struct Unversioned {
    inner: SharedStatusResolver,
    fetches: std::sync::atomic::AtomicUsize,
}

impl govblocks_identity::status_list::StatusResolver for Unversioned {
    fn resolve(&self, url: &str) -> Result<Vec<u8>, Error> {
        self.fetches
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.inner.resolve(url)
    }
}

fn cached_office(lists: Arc<Unversioned>, clock: SettableClock) -> CredentialVerifier {
    CredentialVerifier::new(Verifier::new(DidKeyResolver, trust(&registry())).with_clock(clock))
        .with_status_resolver(lists)
        .with_status_cache(time::Duration::days(1))
}

#[test]
fn a_list_without_a_ttl_is_cached_for_the_specified_300000_ms() {
    // BSL §2.2 `ttl`: "If not present, implementers MUST use a value of `300000` for this
    // property. A verifier MUST NOT use a cached BitstringStatusListCredential that was cached
    // for more than the `ttl` duration prior to the start of verification operation".
    assert_eq!(DEFAULT_TTL_MS, 300_000);
    let key = registry();
    let clock = SettableClock::at(t(NOW));
    let lists = Arc::new(Unversioned {
        inner: SharedStatusResolver::new(),
        fetches: Default::default(),
    });
    lists.inner.publish(LIST, signed_list(&empty_list(), &key));
    let verifier = cached_office(Arc::clone(&lists), clock.clone());
    let vc = credential(&key, &[42]);
    verifier.verify(&vc).unwrap();
    // Cached for exactly the ttl: still used.
    clock.advance(time::Duration::milliseconds(300_000));
    verifier.verify(&vc).unwrap();
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 1);
    // Cached for more than the ttl: fetched again, although max_age is a day.
    clock.advance(time::Duration::milliseconds(1));
    verifier.verify(&vc).unwrap();
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 2);
    assert_eq!(verifier.status_stats().decoded, 2);
}

#[test]
fn a_lists_own_ttl_is_honoured_both_ways() {
    // BSL §2.2 `ttl`: "The `ttl` indicates the "time to live" in milliseconds." A list that
    // says one hour is kept one hour (not the default five minutes) ...
    let key = registry();
    let clock = SettableClock::at(t(NOW));
    let lists = Arc::new(Unversioned {
        inner: SharedStatusResolver::new(),
        fetches: Default::default(),
    });
    lists
        .inner
        .publish(LIST, signed_list(&empty_list().with_ttl(3_600_000), &key));
    let verifier = cached_office(Arc::clone(&lists), clock.clone());
    let vc = credential(&key, &[42]);
    verifier.verify(&vc).unwrap();
    clock.advance(time::Duration::minutes(59));
    verifier.verify(&vc).unwrap();
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 1);
    clock.advance(time::Duration::minutes(2));
    verifier.verify(&vc).unwrap();
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 2);
    // ... and a ttl of 0 is never reused across verifications (each verification fetches).
    lists
        .inner
        .publish(LIST, signed_list(&empty_list().with_ttl(0), &key));
    clock.advance(time::Duration::hours(2));
    verifier.verify(&vc).unwrap();
    clock.advance(time::Duration::milliseconds(1));
    verifier.verify(&vc).unwrap();
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 4);
}

#[test]
fn a_cached_list_past_its_valid_until_is_fetched_again_and_refused() {
    // BSL §2.2 `validUntil`: "The latest point in time at which the status list is valid." A
    // cached list is not used past it; fetched again, the same list is the list's problem.
    let key = registry();
    let clock = SettableClock::at(t(NOW));
    let lists = Arc::new(Unversioned {
        inner: SharedStatusResolver::new(),
        fetches: Default::default(),
    });
    lists.inner.publish(
        LIST,
        signed_list_with(&empty_list().with_ttl(86_400_000), &key, |v| {
            v["validUntil"] = json!("2024-06-01T01:00:00Z");
        }),
    );
    let verifier = cached_office(Arc::clone(&lists), clock.clone());
    let vc = credential(&key, &[42]);
    verifier.verify(&vc).unwrap();
    clock.advance(time::Duration::hours(2));
    let error = err(verifier.verify(&vc));
    assert_eq!(error.code(), "status_list.expired");
    assert_eq!(lists.fetches.load(std::sync::atomic::Ordering::SeqCst), 2);
}

/// A resolver that counts fetches and answers every one with `answer`.
struct Counting<F: Fn() -> Result<Vec<u8>, Error> + Send + Sync> {
    answer: F,
    fetches: std::sync::atomic::AtomicUsize,
}

impl<F: Fn() -> Result<Vec<u8>, Error> + Send + Sync>
    govblocks_identity::status_list::StatusResolver for Counting<F>
{
    fn resolve(&self, _: &str) -> Result<Vec<u8>, Error> {
        self.fetches
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        (self.answer)()
    }
}

#[test]
fn a_list_that_failed_costly_fails_the_rest_of_the_batch_without_a_second_try() {
    // The attack (issue 14, finding 8, on the failure path): 20 credentials of a batch naming
    // a list whose download fails (each try could take the fetcher's whole timeout), or a
    // GZIP bomb (each try inflates to the limit). One try per verification.
    let key = registry();
    let values = || -> Vec<Value> {
        (0..20)
            .map(|i| credential_value(&key, &format!("did:example:{i}"), &[i]))
            .collect()
    };
    let unavailable = Arc::new(Counting {
        answer: || {
            Err(Error::StatusUnavailable {
                list: LIST.into(),
                reason: "timed out".into(),
            })
        },
        fetches: Default::default(),
    });
    let verifier = office(Arc::clone(&unavailable));
    for result in verifier.verify_values(values()) {
        assert_eq!(result.unwrap_err().code(), "credential.status_unavailable");
    }
    assert_eq!(
        unavailable
            .fetches
            .load(std::sync::atomic::Ordering::SeqCst),
        1
    );

    // A bomb: 2^28 zero bits, twice what the verifier inflates.
    let bomb = {
        use std::io::Write;
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&vec![0u8; 1 << 25]).unwrap();
        format!(
            "u{}",
            govblocks_core::encoding::base64url_encode(&gz.finish().unwrap())
        )
    };
    let signed = signed_list_with(&empty_list(), &key, |v| {
        v["credentialSubject"]["encodedList"] = json!(bomb);
    });
    let verifier = office(in_memory(signed));
    for result in verifier.verify_values(values()) {
        assert_eq!(result.unwrap_err().code(), "status_list.size_invalid");
    }
    let stats = verifier.status_stats();
    assert_eq!((stats.fetched, stats.decoded), (1, 1), "{stats:?}");
}
