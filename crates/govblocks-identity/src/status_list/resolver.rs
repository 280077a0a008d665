//! Where status list credentials come from (and the status list tokens of the IETF Token Status
//! List, [`sd_jwt::status`](crate::sd_jwt::status): the same trait, bytes by URL).
//!
//! * [`StatusResolver`]: the trait a verifier asks for the bytes of a list credential by URL.
//!   An application may implement it over its own HTTP client, cache or CDN.
//! * [`SharedStatusResolver`]: lists a running service **publishes while verifiers run**
//!   (`&self` updates behind a read-write lock; a read takes a shared read lock
//!   and a hash lookup). Each publication gets a new [version](StatusResolver::version), so a
//!   verifier's cache of decoded lists sees a republished list at once. Lists it does not hold
//!   may be asked of a fallback resolver (an HTTP fetcher, say).
//! * [`InMemoryStatusResolver`]: a plain map, filled before the verifier is built (tests, a
//!   one-shot command line).
//! * `HttpStatusResolver` (cargo feature `status-http`, off by default): fetches a list's URL,
//!   bounded in size and time.

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, PoisonError, RwLock};

/// Fetches the bytes of the status list credential published at a URL.
///
/// The bytes are untrusted: parse them with `govblocks_core::json` and verify them through
/// the pipeline (proof, trusted issuer, validity period) before reading the list with
/// [`StatusList::from_credential`](super::StatusList::from_credential). An implementation
/// should bound what it downloads (a list credential with a 1 MiB `encodedList` is a little
/// over 1 MiB) and may cache within the list's `ttl` and validity period.
pub trait StatusResolver: Send + Sync {
    /// The bytes of the list credential at `url`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusUnavailable`] with the URL when it cannot be had (the specification's
    /// `STATUS_RETRIEVAL_ERROR`).
    fn resolve(&self, url: &str) -> Result<Vec<u8>>;

    /// A number that changes whenever the list credential at `url` changes, if this resolver
    /// knows one (`None`, the default, when it does not: an HTTP fetcher cannot tell without
    /// fetching).
    ///
    /// A verifier's [cache](super::StatusListCache) compares it on every use: a cached list
    /// whose version is no longer the resolver's is fetched, verified and decoded again at
    /// once, without waiting for its `ttl`. It must be cheap (no I/O): it is asked on the hot
    /// path.
    fn version(&self, url: &str) -> Option<u64> {
        let _ = url;
        None
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for &R {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
    }
    fn version(&self, url: &str) -> Option<u64> {
        (**self).version(url)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for Box<R> {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
    }
    fn version(&self, url: &str) -> Option<u64> {
        (**self).version(url)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for Arc<R> {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
    }
    fn version(&self, url: &str) -> Option<u64> {
        (**self).version(url)
    }
}

/// Status list credentials a running service publishes while verifiers use them: the
/// resolver of a relying party that runs for months while the registry republishes its lists
/// every hour.
///
/// Share it (`Arc`) between the verifier (hand the `Arc` to
/// [`CredentialVerifier::with_status_resolver`](crate::credential::CredentialVerifier::with_status_resolver))
/// and whatever receives new lists (a timer that downloads them, a message queue, an admin
/// endpoint); [`SharedStatusResolver::publish`] takes `&self`, so the verifier is never rebuilt.
/// Each publication gets a new [version](StatusResolver::version): a verifier with a
/// [status cache](crate::credential::CredentialVerifier::with_status_cache) drops its decoded
/// copy of that list at its next use and verifies and decodes the new one once.
///
/// The bytes are untrusted as always: the verifier checks the list credential's proof, issuer
/// and validity period before reading it. Publishing does not parse anything.
///
/// A list not published here is asked of the [fallback](SharedStatusResolver::with_fallback)
/// (an HTTP fetcher, say) when there is one; otherwise it is `credential.status_unavailable`.
///
/// ```
/// use govblocks_identity::status_list::{SharedStatusResolver, StatusResolver};
/// use std::sync::Arc;
/// let lists = Arc::new(SharedStatusResolver::new());
/// let for_the_verifier = Arc::clone(&lists);
/// lists.publish("https://example.org/status/1", b"{}".to_vec());
/// let first = for_the_verifier.version("https://example.org/status/1");
/// assert_eq!(for_the_verifier.resolve("https://example.org/status/1")?, b"{}");
/// // The registry republishes: same URL, new version, seen by the verifier at once.
/// lists.publish("https://example.org/status/1", b"{ }".to_vec());
/// assert_ne!(for_the_verifier.version("https://example.org/status/1"), first);
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
#[derive(Default)]
pub struct SharedStatusResolver {
    lists: RwLock<HashMap<String, Published>>,
    /// The version the next publication gets (never reused, even after a removal).
    next_version: AtomicU64,
    fallback: Option<Arc<dyn StatusResolver>>,
}

struct Published {
    bytes: Arc<[u8]>,
    version: u64,
}

impl std::fmt::Debug for SharedStatusResolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SharedStatusResolver")
            .field("lists", &self.len())
            .field("fallback", &self.fallback.is_some())
            .finish()
    }
}

impl SharedStatusResolver {
    /// An empty resolver without a fallback.
    pub fn new() -> Self {
        SharedStatusResolver::default()
    }

    /// Asks `fallback` for the lists not published here (and for their versions).
    pub fn with_fallback(mut self, fallback: impl StatusResolver + 'static) -> Self {
        self.fallback = Some(Arc::new(fallback));
        self
    }

    /// Publishes `bytes` as the list credential at `url` (replacing what was there), while
    /// verifiers run; returns the publication's version.
    pub fn publish(&self, url: impl Into<String>, bytes: impl Into<Vec<u8>>) -> u64 {
        let bytes: Arc<[u8]> = Arc::from(bytes.into());
        let mut lists = self.lists.write().unwrap_or_else(PoisonError::into_inner);
        // Taken under the write lock, so versions grow in publication order.
        let version = self.next_version.fetch_add(1, Ordering::Relaxed);
        lists.insert(url.into(), Published { bytes, version });
        version
    }

    /// Withdraws the list at `url`; whether one was published there.
    pub fn remove(&self, url: &str) -> bool {
        self.lists
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(url)
            .is_some()
    }

    /// Whether a list is published at `url` (the fallback is not asked).
    pub fn contains(&self, url: &str) -> bool {
        self.read().contains_key(url)
    }

    /// How many lists are published here.
    pub fn len(&self) -> usize {
        self.read().len()
    }

    /// Whether none is.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    // A poisoned lock only means a thread panicked while holding it; each change is one map
    // operation, so the map is consistent and still served.
    fn read(&self) -> std::sync::RwLockReadGuard<'_, HashMap<String, Published>> {
        self.lists.read().unwrap_or_else(PoisonError::into_inner)
    }
}

impl StatusResolver for SharedStatusResolver {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        if let Some(published) = self.read().get(url) {
            return Ok(published.bytes.to_vec());
        }
        match &self.fallback {
            Some(fallback) => fallback.resolve(url),
            None => Err(Error::StatusUnavailable {
                list: url.to_owned(),
                reason: "no status list credential is published at this URL".into(),
            }),
        }
    }

    fn version(&self, url: &str) -> Option<u64> {
        if let Some(published) = self.read().get(url) {
            return Some(published.version);
        }
        self.fallback.as_ref().and_then(|f| f.version(url))
    }
}

/// Status list credentials held in memory, by exact URL (tests, stapled lists, a cache filled
/// by the application).
///
/// ```
/// use govblocks_identity::status_list::{InMemoryStatusResolver, StatusResolver};
/// let mut lists = InMemoryStatusResolver::new();
/// lists.insert("https://example.org/status/1", b"{}".to_vec());
/// assert_eq!(lists.resolve("https://example.org/status/1")?, b"{}");
/// assert_eq!(
///     lists.resolve("https://example.org/status/2").unwrap_err().code(),
///     "credential.status_unavailable"
/// );
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct InMemoryStatusResolver {
    lists: HashMap<String, Vec<u8>>,
}

impl InMemoryStatusResolver {
    /// An empty resolver.
    pub fn new() -> Self {
        InMemoryStatusResolver::default()
    }

    /// Holds `bytes` as the list credential at `url`, returning what was held there before.
    pub fn insert(&mut self, url: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Option<Vec<u8>> {
        self.lists.insert(url.into(), bytes.into())
    }

    /// Forgets the list credential at `url`, returning it.
    pub fn remove(&mut self, url: &str) -> Option<Vec<u8>> {
        self.lists.remove(url)
    }

    /// How many list credentials are held.
    pub fn len(&self) -> usize {
        self.lists.len()
    }

    /// Whether none is held.
    pub fn is_empty(&self) -> bool {
        self.lists.is_empty()
    }
}

impl StatusResolver for InMemoryStatusResolver {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        self.lists
            .get(url)
            .cloned()
            .ok_or_else(|| Error::StatusUnavailable {
                list: url.to_owned(),
                reason: "the resolver holds no status list credential at this URL".into(),
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_resolver<R: StatusResolver>(resolver: R) -> Result<Vec<u8>> {
        resolver.resolve("u")
    }

    #[test]
    fn wrappers_delegate() {
        let mut lists = InMemoryStatusResolver::new();
        assert!(lists.is_empty());
        lists.insert("u", vec![1]);
        assert_eq!(lists.len(), 1);
        assert_eq!(assert_resolver(&lists).unwrap(), vec![1]);
        assert_eq!(assert_resolver(Arc::new(lists.clone())).unwrap(), vec![1]);
        let boxed: Box<dyn StatusResolver> = Box::new(lists.clone());
        assert_eq!(assert_resolver(boxed).unwrap(), vec![1]);
        assert_eq!(lists.remove("u"), Some(vec![1]));
        assert_eq!(
            assert_resolver(&lists).unwrap_err().code(),
            "credential.status_unavailable"
        );
    }
}
