//! Where status list credentials come from. The library has no network code: an application
//! implements [`StatusResolver`] over its HTTP client, cache or CDN, and tests use
//! [`InMemoryStatusResolver`].

use crate::error::{Error, Result};
use std::collections::HashMap;
use std::sync::Arc;

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
}

impl<R: StatusResolver + ?Sized> StatusResolver for &R {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for Box<R> {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
    }
}

impl<R: StatusResolver + ?Sized> StatusResolver for Arc<R> {
    fn resolve(&self, url: &str) -> Result<Vec<u8>> {
        (**self).resolve(url)
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
