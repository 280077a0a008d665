//! The identity fixtures: fixed keys (an issuer, a holder, a second issuer, an untrusted key),
//! fixed status lists served by an in-memory resolver, and verifiers standing at [`NOW`] that
//! trust the two issuers. The properties, the seed writer and tests share them.

use govblocks_core::clock::FixedClock;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::CredentialVerifier;
use govblocks_identity::presentation::{MemoryAcceptOnce, PresentationVerifier};
use govblocks_identity::status_list::{
    DecodeLimits, InMemoryStatusResolver, StatusList, StatusPurpose, MIN_BITS,
};
use serde_json::Value;
use std::io::Write;
use std::sync::OnceLock;

/// The instant every verifier of this module stands at: 2024-06-01T00:00:00Z.
pub const NOW: i64 = 1_717_200_000;

/// The challenge and domain the presentation verifiers expect.
pub const CHALLENGE: &str = "c-fuzz-1";
/// See [`CHALLENGE`].
pub const DOMAIN: &str = "verifier.example";

/// Status list URLs the fixed resolver serves. Index 7 is set in the revocation and suspension
/// lists.
pub mod lists {
    /// A revocation list by the issuer, bit 7 set.
    pub const REVOCATION: &str = "https://status.example/revocation";
    /// A suspension list by the issuer, bit 7 set.
    pub const SUSPENSION: &str = "https://status.example/suspension";
    /// A revocation list signed by the second trusted key, not the credential's issuer.
    pub const FOREIGN: &str = "https://status.example/foreign";
    /// A revocation list by the issuer whose `encodedList` inflates past the verifier's limit.
    pub const BOMB: &str = "https://status.example/bomb";
    /// A revocation list by the issuer whose `encodedList` is not GZIP.
    pub const MALFORMED: &str = "https://status.example/malformed";
    /// A URL the resolver does not know.
    pub const MISSING: &str = "https://status.example/missing";
}

/// The seeds of the fixed keys: the issuer, the holder, a second trusted issuer, an untrusted
/// key.
const SEEDS: [u8; 4] = [0x11, 0x22, 0x33, 0x44];

fn key(n: usize) -> &'static SecretKey {
    static KEYS: OnceLock<Vec<SecretKey>> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        SEEDS
            .iter()
            .map(|s| SecretKey::from_seed(&[*s; 32]))
            .collect()
    });
    match keys.get(n) {
        Some(k) => k,
        None => panic!("no fixed key {n}"),
    }
}

/// The issuer every verifier of this module trusts.
pub fn issuer_key() -> &'static SecretKey {
    key(0)
}

/// The holder of the structured presentations.
pub fn holder_key() -> &'static SecretKey {
    key(1)
}

/// A second trusted issuer (it signs the foreign status list).
pub fn other_issuer_key() -> &'static SecretKey {
    key(2)
}

/// A key no verifier of this module trusts.
pub fn untrusted_key() -> &'static SecretKey {
    key(3)
}

fn now() -> FixedClock {
    FixedClock::new(
        time::OffsetDateTime::from_unix_timestamp(NOW).unwrap_or(time::OffsetDateTime::UNIX_EPOCH),
    )
}

/// The limits status lists are decoded within here: four times the minimum, so bombs are cheap.
pub fn status_limits() -> DecodeLimits {
    DecodeLimits {
        max_bits: 4 * MIN_BITS,
        max_encoded_len: 64 * 1024,
    }
}

fn sign_list(list: &StatusList, signer: &SecretKey, encoded: Option<String>) -> Vec<u8> {
    let mut unsigned = list.unsigned_credential(&signer.public_key().did(), None);
    if let (Some(text), Some(subject)) = (encoded, unsigned.get_mut("credentialSubject")) {
        subject["encodedList"] = Value::String(text);
    }
    match add_proof(unsigned, signer, &ProofOptions::assertion()) {
        Ok(signed) => serde_json::to_vec(&signed).unwrap_or_default(),
        Err(e) => panic!("signing a fixed status list failed: {e}"),
    }
}

/// A status list at `url` of [`MIN_BITS`] bits, bit 7 set when `set`.
pub fn fixed_list(url: &str, purpose: StatusPurpose, set: bool) -> StatusList {
    let mut list = match StatusList::new(url, purpose, MIN_BITS) {
        Ok(list) => list,
        Err(e) => panic!("fixed list: {e}"),
    };
    if set {
        if let Err(e) = list.set(7) {
            panic!("fixed list: {e}");
        }
    }
    list
}

/// GZIP of `len` zero bytes, as an `encodedList`.
fn zeros_encoded(len: usize) -> String {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let zeros = vec![0u8; len];
    let compressed = encoder
        .write_all(&zeros)
        .and_then(|()| encoder.finish())
        .unwrap_or_default();
    format!("u{}", base64url_encode(&compressed))
}

/// The fixed status list resolver: see [`lists`].
pub fn status_resolver() -> &'static InMemoryStatusResolver {
    static RESOLVER: OnceLock<InMemoryStatusResolver> = OnceLock::new();
    RESOLVER.get_or_init(|| {
        let mut resolver = InMemoryStatusResolver::new();
        let issuer = issuer_key();
        let revocation = fixed_list(lists::REVOCATION, StatusPurpose::Revocation, true);
        resolver.insert(lists::REVOCATION, sign_list(&revocation, issuer, None));
        let suspension = fixed_list(lists::SUSPENSION, StatusPurpose::Suspension, true);
        resolver.insert(lists::SUSPENSION, sign_list(&suspension, issuer, None));
        let foreign = fixed_list(lists::FOREIGN, StatusPurpose::Revocation, false);
        resolver.insert(
            lists::FOREIGN,
            sign_list(&foreign, other_issuer_key(), None),
        );
        // 1 MiB of zeros: 64 times the limit of `status_limits`, about 1 KB of text.
        let bomb = fixed_list(lists::BOMB, StatusPurpose::Revocation, false);
        resolver.insert(
            lists::BOMB,
            sign_list(&bomb, issuer, Some(zeros_encoded(1 << 20))),
        );
        let malformed = fixed_list(lists::MALFORMED, StatusPurpose::Revocation, false);
        resolver.insert(
            lists::MALFORMED,
            sign_list(&malformed, issuer, Some("uH4sIAAAA".into())),
        );
        resolver
    })
}

/// The credential verifier of this module: did:key, the issuer and the second issuer trusted
/// for `assertionMethod`, [`NOW`], the fixed status lists within [`status_limits`].
pub fn credential_verifier() -> &'static CredentialVerifier {
    static VERIFIER: OnceLock<CredentialVerifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let trust = TrustList::new()
            .trust(
                issuer_key().public_key().did(),
                [ProofPurpose::AssertionMethod],
            )
            .trust(
                other_issuer_key().public_key().did(),
                [ProofPurpose::AssertionMethod],
            );
        CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(now()))
            .with_status_resolver(status_resolver())
            .with_status_limits(status_limits())
    })
}

/// A presentation verifier over [`credential_verifier`]'s rules (any did:key may be a holder)
/// with a fresh challenge store.
pub fn presentation_verifier() -> PresentationVerifier {
    let trust = TrustList::new()
        .trust(
            issuer_key().public_key().did(),
            [ProofPurpose::AssertionMethod],
        )
        .trust(
            other_issuer_key().public_key().did(),
            [ProofPurpose::AssertionMethod],
        );
    let credentials =
        CredentialVerifier::new(Verifier::new(DidKeyResolver, trust).with_clock(now()))
            .with_status_resolver(status_resolver())
            .with_status_limits(status_limits());
    let holders = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(now());
    PresentationVerifier::new(credentials, holders, MemoryAcceptOnce::new())
}
