//! From a `verificationMethod` to a key, and whom to trust for what.
//!
//! A proof names its key by a verification method id. A [`KeyResolver`] turns that id into a
//! [`ResolvedKey`]: the public key, the **controller** (the DID or URL of the party that controls
//! the key) and the proof purposes (verification relationships) the controller authorises the
//! key for. `did:key` is built in ([`DidKeyResolver`]); keys published elsewhere (a `did:web`
//! document fetched and pinned by the deployment, a registry's key list) go in a
//! [`StaticResolver`]. Resolvers never touch the network: whatever must be fetched is fetched,
//! checked and pinned by the deployment beforehand.
//!
//! A [`TrustList`] then says which controllers the verifier trusts, and for which purposes.
//!
//! ```
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::ProofPurpose;
//! use govblocks_core::resolver::{DidKeyResolver, KeyResolver, TrustList};
//! let key = SecretKey::from_seed(&[5u8; 32]).public_key();
//! let resolved = DidKeyResolver.resolve(&key.verification_method()).unwrap();
//! assert_eq!(resolved.controller, key.did());
//! let trust = TrustList::new().trust(key.did(), [ProofPurpose::AssertionMethod]);
//! assert!(trust.check(&resolved.controller, &ProofPurpose::AssertionMethod).is_ok());
//! assert!(trust.check(&resolved.controller, &ProofPurpose::Authentication).is_err());
//! ```

use crate::error::{clip, Error, Result};
use crate::keys::{did_key_controller, PublicKey};
use crate::proof::ProofPurpose;
use std::collections::{HashMap, HashSet};

/// A verification method resolved to its key, its controller and what it may be used for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolvedKey {
    /// The verification method id, as resolved.
    pub id: String,
    /// The controller of the key (the DID or URL of its owner).
    pub controller: String,
    /// The public key.
    pub public_key: PublicKey,
    /// The proof purposes the controller authorises this key for; `None` means every purpose
    /// (as `did:key`, whose one key is listed under every verification relationship).
    pub purposes: Option<HashSet<ProofPurpose>>,
}

impl ResolvedKey {
    /// Whether the controller authorises this key for `purpose`.
    pub fn allows(&self, purpose: &ProofPurpose) -> bool {
        self.purposes.as_ref().is_none_or(|p| p.contains(purpose))
    }
}

/// Turns a verification method id into a key. Implement it for your own key registries.
pub trait KeyResolver: Send + Sync {
    /// Resolves `verification_method`, or fails with [`Error::KeyUnresolvable`] (or a more
    /// precise key or DID error).
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey>;
}

impl<R: KeyResolver + ?Sized> KeyResolver for &R {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        (**self).resolve(verification_method)
    }
}

impl<R: KeyResolver + ?Sized> KeyResolver for Box<R> {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        (**self).resolve(verification_method)
    }
}

impl<R: KeyResolver + ?Sized> KeyResolver for std::sync::Arc<R> {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        (**self).resolve(verification_method)
    }
}

/// Resolves `did:key` verification methods (`did:key:z6Mk…#z6Mk…`) by decoding them.
#[derive(Debug, Clone, Copy, Default)]
pub struct DidKeyResolver;

impl KeyResolver for DidKeyResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        let controller =
            did_key_controller(verification_method).ok_or_else(|| Error::KeyUnresolvable {
                id: clip(verification_method, 200),
            })?;
        // A bare DID is not a verification method: a proof must name the key itself.
        if !verification_method.contains('#') {
            return Err(Error::DidInvalid {
                did: clip(verification_method, 200),
                reason: "a verification method needs the #fragment naming the key".into(),
            });
        }
        let public_key = PublicKey::from_did_url(verification_method)?;
        Ok(ResolvedKey {
            id: verification_method.to_string(),
            controller: controller.to_string(),
            public_key,
            purposes: None,
        })
    }
}

/// A fixed table of verification methods (keys pinned by the deployment), falling back to
/// `did:key` when built with [`StaticResolver::with_did_key`].
#[derive(Debug, Clone, Default)]
pub struct StaticResolver {
    keys: HashMap<String, ResolvedKey>,
    did_key: bool,
}

impl StaticResolver {
    /// An empty table that resolves nothing.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty table that also resolves `did:key`.
    pub fn with_did_key() -> Self {
        StaticResolver {
            keys: HashMap::new(),
            did_key: true,
        }
    }

    /// Adds a key: `id` (the verification method id), its controller, and the purposes the
    /// controller authorises it for.
    pub fn insert(
        &mut self,
        id: impl Into<String>,
        controller: impl Into<String>,
        public_key: PublicKey,
        purposes: impl IntoIterator<Item = ProofPurpose>,
    ) -> &mut Self {
        let id = id.into();
        self.keys.insert(
            id.clone(),
            ResolvedKey {
                id,
                controller: controller.into(),
                public_key,
                purposes: Some(purposes.into_iter().collect()),
            },
        );
        self
    }
}

impl KeyResolver for StaticResolver {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        if let Some(key) = self.keys.get(verification_method) {
            return Ok(key.clone());
        }
        if self.did_key && verification_method.starts_with(crate::keys::DID_KEY_PREFIX) {
            return DidKeyResolver.resolve(verification_method);
        }
        Err(Error::KeyUnresolvable {
            id: clip(verification_method, 200),
        })
    }
}

/// Remembers what an inner resolver returned, so a verifier that sees the same issuers again
/// and again decodes each key once (for `did:key`, a base58 decode and a curve point
/// decompression: about a tenth of an Ed25519 verification).
///
/// Only successful resolutions are cached. At most `capacity` entries are kept; when full, the
/// cache is emptied and refilled (simple and bounded: hostile input naming fresh keys cannot
/// grow it). Wrap only resolvers whose answers do not change, or clear it when they do.
pub struct CachingResolver<R> {
    inner: R,
    capacity: usize,
    cache: std::sync::RwLock<HashMap<String, ResolvedKey>>,
}

impl<R: KeyResolver> CachingResolver<R> {
    /// Caches up to `capacity` resolutions of `inner`.
    pub fn new(inner: R, capacity: usize) -> Self {
        CachingResolver {
            inner,
            capacity,
            cache: std::sync::RwLock::new(HashMap::new()),
        }
    }

    /// Forgets every cached resolution.
    pub fn clear(&self) {
        if let Ok(mut cache) = self.cache.write() {
            cache.clear();
        }
    }
}

impl<R: KeyResolver> KeyResolver for CachingResolver<R> {
    fn resolve(&self, verification_method: &str) -> Result<ResolvedKey> {
        if let Ok(cache) = self.cache.read() {
            if let Some(hit) = cache.get(verification_method) {
                return Ok(hit.clone());
            }
        }
        let resolved = self.inner.resolve(verification_method)?;
        // A poisoned lock only means another thread panicked mid-insert; skipping the cache
        // is always correct.
        if let Ok(mut cache) = self.cache.write() {
            if cache.len() >= self.capacity {
                cache.clear();
            }
            if self.capacity > 0 {
                cache.insert(verification_method.to_string(), resolved.clone());
            }
        }
        Ok(resolved)
    }
}

impl<R> std::fmt::Debug for CachingResolver<R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CachingResolver")
            .field("capacity", &self.capacity)
            .finish_non_exhaustive()
    }
}

/// Which controllers are trusted, and for which proof purposes.
///
/// Empty by default: a verifier with an empty trust list trusts nobody. To verify signatures
/// without a trust decision (e.g. to inspect a document), use [`TrustList::any`] explicitly.
#[derive(Debug, Clone, Default)]
pub struct TrustList {
    entries: HashMap<String, Option<HashSet<ProofPurpose>>>,
    any: bool,
}

impl TrustList {
    /// A trust list that trusts nobody.
    pub fn new() -> Self {
        Self::default()
    }

    /// A trust list that trusts every controller for every purpose: signatures are still
    /// checked, but *who* signed is left to the caller (read it from the verification report).
    pub fn any() -> Self {
        TrustList {
            entries: HashMap::new(),
            any: true,
        }
    }

    /// Trusts `controller` for the given purposes.
    pub fn trust(
        mut self,
        controller: impl Into<String>,
        purposes: impl IntoIterator<Item = ProofPurpose>,
    ) -> Self {
        let controller = controller.into();
        let entry = self
            .entries
            .entry(controller)
            .or_insert_with(|| Some(HashSet::new()));
        if let Some(set) = entry {
            set.extend(purposes);
        }
        self
    }

    /// Trusts `controller` for every purpose.
    pub fn trust_all_purposes(mut self, controller: impl Into<String>) -> Self {
        self.entries.insert(controller.into(), None);
        self
    }

    /// Whether this list trusts everyone ([`TrustList::any`]).
    pub fn is_any(&self) -> bool {
        self.any
    }

    /// Fails with [`Error::Untrusted`] unless `controller` is trusted for `purpose`.
    pub fn check(&self, controller: &str, purpose: &ProofPurpose) -> Result<()> {
        if self.any {
            return Ok(());
        }
        match self.entries.get(controller) {
            Some(None) => Ok(()),
            Some(Some(purposes)) if purposes.contains(purpose) => Ok(()),
            _ => Err(Error::Untrusted {
                controller: clip(controller, 200),
                purpose: purpose.as_str().to_string(),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::keys::SecretKey;

    #[test]
    fn did_key_needs_a_fragment_and_static_falls_back() {
        let key = SecretKey::from_seed(&[1u8; 32]).public_key();
        assert_eq!(
            DidKeyResolver.resolve(&key.did()).unwrap_err().code(),
            "did.invalid"
        );
        assert_eq!(
            DidKeyResolver
                .resolve("https://example.com/keys#1")
                .unwrap_err()
                .code(),
            "key.unresolvable"
        );
        let mut table = StaticResolver::with_did_key();
        table.insert(
            "https://example.com/keys#1",
            "https://example.com",
            key,
            [ProofPurpose::AssertionMethod],
        );
        let r = table.resolve("https://example.com/keys#1").unwrap();
        assert!(r.allows(&ProofPurpose::AssertionMethod));
        assert!(!r.allows(&ProofPurpose::Authentication));
        assert!(table.resolve(&key.verification_method()).is_ok());
        assert!(StaticResolver::new()
            .resolve(&key.verification_method())
            .is_err());
    }

    #[test]
    fn caching_resolver_caches_successes_only_and_stays_bounded() {
        let keys: Vec<_> = (1..=5u8)
            .map(|n| SecretKey::from_seed(&[n; 32]).public_key())
            .collect();
        let cache = CachingResolver::new(DidKeyResolver, 3);
        for k in &keys {
            let r = cache.resolve(&k.verification_method()).unwrap();
            assert_eq!(r.public_key, *k);
            // The second time comes from the cache, and is the same.
            assert_eq!(cache.resolve(&k.verification_method()).unwrap(), r);
            assert!(cache.cache.read().unwrap().len() <= 3);
        }
        assert!(cache.resolve("did:key:zBad#zBad").is_err());
        assert!(!cache
            .cache
            .read()
            .unwrap()
            .contains_key("did:key:zBad#zBad"));
        cache.clear();
        assert!(cache.cache.read().unwrap().is_empty());
    }

    #[test]
    fn trust_list_is_closed_by_default() {
        let p = ProofPurpose::AssertionMethod;
        assert_eq!(
            TrustList::new().check("did:x", &p).unwrap_err().code(),
            "trust.untrusted"
        );
        assert!(TrustList::any().check("did:x", &p).is_ok());
        assert!(TrustList::new()
            .trust_all_purposes("did:x")
            .check("did:x", &ProofPurpose::Authentication)
            .is_ok());
    }
}
