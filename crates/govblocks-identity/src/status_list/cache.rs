//! Verified, decoded status lists kept for reuse, so that a verifier checking many credentials
//! against one list does not fetch, verify and inflate it for each of them.
//!
//! Within **one verification** (a credential, a batch of credentials, a presentation and the
//! credentials in it) a list is always fetched, verified and decoded at most once, cache or no
//! cache: see [`StatusScope`](crate::credential::StatusScope).
//!
//! **Across verifications** (a service), [`StatusListCache`] keeps each list that verified, and
//! reuses it until the first of:
//!
//! * its `ttl`. Bitstring Status List v1.0 §2.2, `credentialSubject.ttl`: "The `ttl`
//!   indicates the "time to live" in milliseconds. This property MAY be present. If not
//!   present, implementers MUST use a value of `300000` for this property. A verifier MUST NOT
//!   use a cached `BitstringStatusListCredential` that was cached for more than the `ttl`
//!   duration prior to the start of verification operation on a verifiable credential." So a
//!   list without a `ttl` is kept at most [`DEFAULT_TTL_MS`] = five minutes;
//! * `max_age` after it was fetched (the verifier's own bound: how late may a revocation be
//!   seen?);
//! * its `validUntil` (with the verifier's skew);
//! * a new [version](super::StatusResolver::version) of the list at the resolver: a
//!   [`SharedStatusResolver`](super::SharedStatusResolver) on which the service published the
//!   list again. The republished list is verified and decoded at its next use, at once.
//!
//! A list is cached under its URL together with its issuer: a credential from another issuer
//! that names the same URL never gets this list (it is fetched and refused as before).
//! Times come from the verifier's injected clock. Reads take a shared read lock, so verifiers
//! on several threads do not wait on each other.

use super::StatusList;
use govblocks_core::clock::Timestamp;
use std::collections::HashMap;
use std::sync::{Arc, PoisonError, RwLock};
use time::{Duration, OffsetDateTime};

/// How many lists a cache holds by default. A national registry publishes one list per
/// 131,072 or more credentials: 1,024 lists cover well over a hundred million.
pub const DEFAULT_CAPACITY: usize = 1024;

/// The `ttl` of a list that states none, in milliseconds: 300,000 (five minutes), as Bitstring
/// Status List v1.0 §2.2 requires ("If not present, implementers MUST use a value of
/// `300000`").
pub const DEFAULT_TTL_MS: u64 = 300_000;

/// A cache of verified, decoded status lists (see the [module documentation](self)).
#[derive(Debug)]
pub struct StatusListCache {
    max_age: Duration,
    capacity: usize,
    lists: RwLock<HashMap<String, Cached>>,
}

#[derive(Debug)]
struct Cached {
    issuer: String,
    list: Arc<StatusList>,
    /// Unix nanoseconds after which the list must be fetched again.
    fresh_until: i128,
    valid_until: Option<Timestamp>,
    /// The resolver's version of the list when it was fetched.
    version: Option<u64>,
}

impl StatusListCache {
    /// A cache that keeps each list at most `max_age` (and at most [`DEFAULT_CAPACITY`] lists).
    pub fn new(max_age: Duration) -> Self {
        Self::with_capacity(max_age, DEFAULT_CAPACITY)
    }

    /// A cache of at most `capacity` lists, each kept at most `max_age`.
    pub fn with_capacity(max_age: Duration, capacity: usize) -> Self {
        StatusListCache {
            max_age,
            capacity: capacity.max(1),
            lists: RwLock::new(HashMap::new()),
        }
    }

    /// The list at `url` issued by `issuer`, if one is cached and still fresh at `now`, and
    /// the resolver's current `version` of it is the one cached.
    pub fn get(
        &self,
        url: &str,
        issuer: &str,
        now: OffsetDateTime,
        skew: Duration,
        version: Option<u64>,
    ) -> Option<Arc<StatusList>> {
        let lists = self.lists.read().unwrap_or_else(PoisonError::into_inner);
        let cached = lists.get(url)?;
        let fresh = cached.issuer == issuer
            && cached.version == version
            // "cached for more than the ttl" is what is refused: exactly the ttl is fine.
            && now.unix_timestamp_nanos() <= cached.fresh_until
            && !cached.valid_until.is_some_and(|t| t.is_before(now, skew));
        fresh.then(|| Arc::clone(&cached.list))
    }

    /// Remembers a list issued by `issuer` that verified at `now`, at the resolver's
    /// `version`.
    pub(crate) fn insert(
        &self,
        url: &str,
        issuer: &str,
        list: Arc<StatusList>,
        valid_until: Option<Timestamp>,
        now: OffsetDateTime,
        version: Option<u64>,
    ) {
        let now = now.unix_timestamp_nanos();
        let ttl_ms = list.ttl().unwrap_or(DEFAULT_TTL_MS);
        let ttl = i128::from(ttl_ms).saturating_mul(1_000_000);
        let fresh_until = now
            .saturating_add(self.max_age.whole_nanoseconds())
            .min(now.saturating_add(ttl));
        // A poisoned lock only means another thread panicked between statements that leave the
        // map consistent (each change is one insert or retain), so the data is still good.
        let mut lists = self.lists.write().unwrap_or_else(PoisonError::into_inner);
        if lists.len() >= self.capacity && !lists.contains_key(url) {
            lists.retain(|_, c| c.fresh_until > now);
            if lists.len() >= self.capacity {
                // Still full of fresh lists: drop the one that goes stale first.
                let oldest = lists
                    .iter()
                    .min_by_key(|(_, c)| c.fresh_until)
                    .map(|(k, _)| k.clone());
                if let Some(oldest) = oldest {
                    lists.remove(&oldest);
                }
            }
        }
        lists.insert(
            url.to_string(),
            Cached {
                issuer: issuer.to_string(),
                list,
                fresh_until,
                valid_until,
                version,
            },
        );
    }

    /// How many lists are cached (fresh or not).
    pub fn len(&self) -> usize {
        self.lists
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// Whether no list is cached.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Forgets every list (after a revocation the verifier must see at once, say).
    pub fn clear(&self) {
        self.lists
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}
