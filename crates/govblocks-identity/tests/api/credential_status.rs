//! A civil registry issues a credential with a revocation and a suspension entry; an office
//! verifies it against the registry's signed status lists; the registry revokes or suspends it;
//! each refusal has its own code.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::one_or_many::OneOrMany;
use govblocks_identity::status_list::{
    InMemoryStatusResolver, StatusEntry, StatusList, StatusPurpose,
};
use govblocks_identity::Error;
use serde_json::{json, Map, Value};

const REVOCATION: &str = "https://registry.example.gov/status/revocation/1";
const SUSPENSION: &str = "https://registry.example.gov/status/suspension/1";

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn entry_map(entry: &StatusEntry) -> Map<String, Value> {
    entry.to_value().as_object().unwrap().clone()
}

/// A credential whose index 42 sits in both lists.
fn credential(registry: &SecretKey, lists: &[(StatusPurpose, &str)]) -> Vec<u8> {
    let Value::Object(subject) = json!({"id": "did:example:olena"}) else {
        unreachable!()
    };
    let mut c = Credential::new(registry.public_key().did(), &[], subject);
    c.valid_from = Some(t("2024-01-01T00:00:00Z"));
    let entries: Vec<Map<String, Value>> = lists
        .iter()
        .map(|(purpose, url)| entry_map(&StatusEntry::new(*purpose, *url, 42).unwrap()))
        .collect();
    c.credential_status = Some(OneOrMany::Many(entries));
    serde_json::to_vec(&issue(&c, registry, &ProofOptions::assertion()).unwrap()).unwrap()
}

/// The signed status list credential of `list`, issued by `issuer`.
fn signed_list(list: &StatusList, issuer: &SecretKey) -> Vec<u8> {
    let unsigned =
        list.unsigned_credential(&issuer.public_key().did(), Some(t("2024-01-01T00:00:00Z")));
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    serde_json::to_vec(&issue(&typed, issuer, &ProofOptions::assertion()).unwrap()).unwrap()
}

fn office(resolver: Option<InMemoryStatusResolver>, trusted: &[&SecretKey]) -> CredentialVerifier {
    let trust = trusted.iter().fold(TrustList::new(), |list, k| {
        list.trust(k.public_key().did(), [ProofPurpose::AssertionMethod])
    });
    let v = CredentialVerifier::new(
        Verifier::new(DidKeyResolver, trust).with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    );
    match resolver {
        Some(r) => v.with_status_resolver(r),
        None => v,
    }
}

fn lists(registry: &SecretKey, revoked: bool, suspended: bool) -> InMemoryStatusResolver {
    let mut revocation = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    let mut suspension = StatusList::new(SUSPENSION, StatusPurpose::Suspension, 131_072).unwrap();
    if revoked {
        revocation.set(42).unwrap();
    }
    if suspended {
        suspension.set(42).unwrap();
    }
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(REVOCATION, signed_list(&revocation, registry));
    resolver.insert(SUSPENSION, signed_list(&suspension, registry));
    resolver
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.expect_err("must fail").code()
}

#[test]
fn issue_verify_revoke_suspend() {
    let registry = key(1);
    let both = [
        (StatusPurpose::Revocation, REVOCATION),
        (StatusPurpose::Suspension, SUSPENSION),
    ];
    let bytes = credential(&registry, &both);
    office(Some(lists(&registry, false, false)), &[&registry])
        .verify(&bytes)
        .unwrap();
    assert_eq!(
        code(office(Some(lists(&registry, true, false)), &[&registry]).verify(&bytes)),
        "credential.revoked"
    );
    assert_eq!(
        code(office(Some(lists(&registry, false, true)), &[&registry]).verify(&bytes)),
        "credential.suspended"
    );
    // Lifting the suspension makes it valid again.
    office(Some(lists(&registry, false, false)), &[&registry])
        .verify(&bytes)
        .unwrap();
}

#[test]
fn a_status_that_cannot_be_known_is_refused() {
    let registry = key(1);
    let bytes = credential(&registry, &[(StatusPurpose::Revocation, REVOCATION)]);
    // No resolver at all.
    assert_eq!(
        code(office(None, &[&registry]).verify(&bytes)),
        "credential.status_unavailable"
    );
    // A resolver that does not know the list.
    assert_eq!(
        code(office(Some(InMemoryStatusResolver::new()), &[&registry]).verify(&bytes)),
        "credential.status_unavailable"
    );
}

#[test]
fn the_list_must_be_the_issuers_and_of_the_entrys_purpose() {
    let (registry, other) = (key(1), key(2));
    let bytes = credential(&registry, &[(StatusPurpose::Revocation, REVOCATION)]);
    // A list signed by someone else (trusted for their own credentials).
    let list = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(REVOCATION, signed_list(&list, &other));
    assert_eq!(
        code(office(Some(resolver), &[&registry, &other]).verify(&bytes)),
        "status_list.issuer_mismatch"
    );
    // A suspension list served where the revocation list should be.
    let wrong = StatusList::new(REVOCATION, StatusPurpose::Suspension, 131_072).unwrap();
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(REVOCATION, signed_list(&wrong, &registry));
    assert_eq!(
        code(office(Some(resolver), &[&registry]).verify(&bytes)),
        "status_list.purpose_mismatch"
    );
    // A tampered list: its signature fails.
    let mut tampered: Value = serde_json::from_slice(&signed_list(&list, &registry)).unwrap();
    let mut set = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    set.set(7).unwrap();
    tampered["credentialSubject"]["encodedList"] = json!(set.encoded_list());
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(REVOCATION, serde_json::to_vec(&tampered).unwrap());
    // Issue 14: a tampered list is the list's problem, not the credential's signature.
    assert_eq!(
        code(office(Some(resolver), &[&registry]).verify(&bytes)),
        "status_list.proof_invalid"
    );
}

#[test]
fn an_index_beyond_the_list_is_refused() {
    let registry = key(1);
    let Value::Object(subject) = json!({"id": "did:example:olena"}) else {
        unreachable!()
    };
    let mut c = Credential::new(registry.public_key().did(), &[], subject);
    let far = StatusEntry::new(StatusPurpose::Revocation, REVOCATION, 131_072).unwrap();
    c.credential_status = Some(OneOrMany::One(entry_map(&far)));
    let bytes =
        serde_json::to_vec(&issue(&c, &registry, &ProofOptions::assertion()).unwrap()).unwrap();
    assert_eq!(
        code(office(Some(lists(&registry, false, false)), &[&registry]).verify(&bytes)),
        "status_list.index_out_of_range"
    );
}

/// A resolver whose lists the registry republishes during the test, counting fetches.
#[derive(Default)]
struct Publisher {
    lists: std::sync::Mutex<std::collections::HashMap<String, Vec<u8>>>,
    fetches: std::sync::atomic::AtomicUsize,
}
impl govblocks_identity::status_list::StatusResolver for Publisher {
    fn resolve(&self, url: &str) -> Result<Vec<u8>, Error> {
        self.fetches
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.lists
            .lock()
            .unwrap()
            .get(url)
            .cloned()
            .ok_or_else(|| Error::StatusUnavailable {
                list: url.to_string(),
                reason: "not published".into(),
            })
    }
}
impl Publisher {
    fn publish(&self, list: &StatusList, issuer: &SecretKey) {
        self.lists
            .lock()
            .unwrap()
            .insert(list.url().to_string(), signed_list(list, issuer));
    }
    fn fetches(&self) -> usize {
        self.fetches.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[test]
fn a_cached_list_is_reused_until_its_max_age_then_fetched_again() {
    let registry = key(1);
    let clock = govblocks_core::clock::SettableClock::at(t("2024-06-01T00:00:00Z"));
    let publisher = std::sync::Arc::new(Publisher::default());
    let mut list = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    publisher.publish(&list, &registry);
    let office = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(clock.clone()),
    )
    .with_status_resolver(publisher.clone())
    .with_status_cache(time::Duration::minutes(5));
    let vc = credential(&registry, &[(StatusPurpose::Revocation, REVOCATION)]);

    // Many checks, one fetch.
    for _ in 0..10 {
        office.verify(&vc).unwrap();
    }
    assert_eq!(publisher.fetches(), 1);

    // The registry revokes: within max_age the office still uses the list it has ...
    list.set(42).unwrap();
    publisher.publish(&list, &registry);
    clock.advance(time::Duration::minutes(4));
    office.verify(&vc).unwrap();
    assert_eq!(publisher.fetches(), 1);
    // ... and after it, fetches the new list and sees the revocation.
    clock.advance(time::Duration::minutes(2));
    assert_eq!(code(office.verify(&vc)), "credential.revoked");
    assert_eq!(publisher.fetches(), 2);
}

#[test]
fn a_lists_own_ttl_shortens_the_cache() {
    let registry = key(1);
    let clock = govblocks_core::clock::SettableClock::at(t("2024-06-01T00:00:00Z"));
    let publisher = std::sync::Arc::new(Publisher::default());
    // The list says: fetch me again after 60 seconds.
    let list = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072)
        .unwrap()
        .with_ttl(60_000);
    publisher.publish(&list, &registry);
    let office = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(clock.clone()),
    )
    .with_status_resolver(publisher.clone())
    .with_status_cache(time::Duration::hours(1));
    let vc = credential(&registry, &[(StatusPurpose::Revocation, REVOCATION)]);
    office.verify(&vc).unwrap();
    clock.advance(time::Duration::seconds(59));
    office.verify(&vc).unwrap();
    assert_eq!(publisher.fetches(), 1);
    clock.advance(time::Duration::seconds(2));
    office.verify(&vc).unwrap();
    assert_eq!(publisher.fetches(), 2);
}

#[test]
fn a_cached_list_is_never_served_for_another_issuer() {
    let (registry, impostor) = (key(1), key(2));
    let publisher = std::sync::Arc::new(Publisher::default());
    let list = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    publisher.publish(&list, &registry);
    let office = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new()
                .trust(registry.public_key().did(), [ProofPurpose::AssertionMethod])
                .trust(impostor.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    )
    .with_status_resolver(publisher.clone())
    .with_status_cache(time::Duration::hours(1));
    office
        .verify(&credential(
            &registry,
            &[(StatusPurpose::Revocation, REVOCATION)],
        ))
        .unwrap();
    // Another trusted issuer's credential naming the registry's list: the list is fetched
    // again and refused, not taken from the cache.
    let other = credential(&impostor, &[(StatusPurpose::Revocation, REVOCATION)]);
    assert_eq!(code(office.verify(&other)), "status_list.issuer_mismatch");
    assert_eq!(publisher.fetches(), 2);
}

/// The list credential at REVOCATION, signed by `registry`, with its `encodedList` replaced
/// (before signing) by `encoded`.
fn signed_list_with(registry: &SecretKey, encoded: &str) -> InMemoryStatusResolver {
    let list = StatusList::new(REVOCATION, StatusPurpose::Revocation, 131_072).unwrap();
    let mut unsigned = list.unsigned_credential(
        &registry.public_key().did(),
        Some(t("2024-01-01T00:00:00Z")),
    );
    unsigned["credentialSubject"]["encodedList"] = json!(encoded);
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    let signed = issue(&typed, registry, &ProofOptions::assertion()).unwrap();
    let mut resolver = InMemoryStatusResolver::new();
    resolver.insert(REVOCATION, serde_json::to_vec(&signed).unwrap());
    resolver
}

#[test]
fn a_malformed_or_oversized_encoded_list_is_refused_through_the_verifier() {
    use flate2::write::GzEncoder;
    use govblocks_core::encoding::base64url_encode;
    use govblocks_identity::status_list::DecodeLimits;
    use std::io::Write;

    let registry = key(1);
    let bytes = credential(&registry, &[(StatusPurpose::Revocation, REVOCATION)]);
    let gzip = |len: usize| {
        let mut encoder = GzEncoder::new(Vec::new(), flate2::Compression::default());
        encoder.write_all(&vec![0u8; len]).unwrap();
        format!("u{}", base64url_encode(&encoder.finish().unwrap()))
    };
    // Signed by the issuer, but not a GZIP stream, padded, or not multibase.
    for malformed in ["uH4sIAAAA", "uAAAA", "H4sIAAAAAAAAA", "u===="] {
        let verifier = office(Some(signed_list_with(&registry, malformed)), &[&registry]);
        assert_eq!(
            code(verifier.verify(&bytes)),
            "status_list.encoding_invalid",
            "{malformed}"
        );
    }
    // Too few entries for herd privacy.
    let verifier = office(Some(signed_list_with(&registry, &gzip(1024))), &[&registry]);
    assert_eq!(code(verifier.verify(&bytes)), "status_list.size_invalid");
    // A GZIP bomb: 16 MiB of zeros (about 16 KB of text) against a verifier that allows lists
    // of 2^20 bits. Inflating stops one byte past the limit, which the error reports.
    let limit = 1u64 << 20;
    let verifier = office(
        Some(signed_list_with(&registry, &gzip(16 << 20))),
        &[&registry],
    )
    .with_status_limits(DecodeLimits::with_max_bits(limit));
    match verifier.verify(&bytes).unwrap_err() {
        Error::StatusListSize { bits, max, .. } => {
            assert_eq!(max, limit);
            assert_eq!(bits, limit + 8, "stopped one byte past the limit");
        }
        other => panic!("{}: {other}", other.code()),
    }
    // Text longer than the verifier allows is refused before it is decoded.
    let text = gzip(131_072 / 8);
    let verifier = office(Some(signed_list_with(&registry, &text)), &[&registry])
        .with_status_limits(DecodeLimits {
            max_bits: limit,
            max_encoded_len: text.len() - 1,
        });
    assert_eq!(
        code(verifier.verify(&bytes)),
        "status_list.encoding_invalid"
    );
}
