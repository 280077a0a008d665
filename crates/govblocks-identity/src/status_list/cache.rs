//! Verified, decoded status lists kept for reuse, so that a verifier checking many credentials
//! against one list does not fetch, verify and inflate it for each of them.
//!
//! Without a cache (the default), every credential's status check fetches the list credential
//! from the resolver, verifies its proof and decodes `encodedList` (one signature check and
//! the inflation of at least 16 KiB). With [`StatusListCache`], a list that verified is reused
//! until the first of:
//!
//! * `max_age` after it was fetched (the verifier's choice: how late may a revocation be
//!   seen?);
//! * its own `ttl` (Bitstring Status List v1.0 §2.1: the milliseconds after which a verifier
//!   should fetch the list again), when the list states one;
//! * its `validUntil` (with the verifier's skew).
//!
//! A list is cached under its URL together with its issuer: a credential from another issuer
//! that names the same URL never gets this list (it is fetched and refused as before).
//! Times come from the verifier's injected clock.

use super::StatusList;
use govblocks_core::clock::Timestamp;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use time::{Duration, OffsetDateTime};

/// How many lists a cache holds by default. A national registry publishes one list per
/// 131,072 or more credentials: 1,024 lists cover well over a hundred million.
pub const DEFAULT_CAPACITY: usize = 1024;

/// A cache of verified, decoded status lists (see the [module documentation](self)).
#[derive(Debug)]
pub struct StatusListCache {
    max_age: Duration,
    capacity: usize,
    lists: Mutex<HashMap<String, Cached>>,
}

#[derive(Debug)]
struct Cached {
    issuer: String,
    list: Arc<StatusList>,
    /// Unix nanoseconds after which the list must be fetched again.
    fresh_until: i128,
    valid_until: Option<Timestamp>,
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
            lists: Mutex::new(HashMap::new()),
        }
    }

    /// The list at `url` issued by `issuer`, if one is cached and still fresh at `now`.
    pub(crate) fn get(
        &self,
        url: &str,
        issuer: &str,
        now: OffsetDateTime,
        skew: Duration,
    ) -> Option<Arc<StatusList>> {
        let lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
        let cached = lists.get(url)?;
        let fresh = cached.issuer == issuer
            && now.unix_timestamp_nanos() < cached.fresh_until
            && !cached.valid_until.is_some_and(|t| t.is_before(now, skew));
        fresh.then(|| Arc::clone(&cached.list))
    }

    /// Remembers a list that verified at `now`.
    pub(crate) fn insert(
        &self,
        url: &str,
        issuer: &str,
        list: Arc<StatusList>,
        valid_until: Option<Timestamp>,
        now: OffsetDateTime,
    ) {
        let now = now.unix_timestamp_nanos();
        let mut fresh_until = now.saturating_add(self.max_age.whole_nanoseconds());
        if let Some(ttl_ms) = list.ttl() {
            let ttl = i128::from(ttl_ms).saturating_mul(1_000_000);
            fresh_until = fresh_until.min(now.saturating_add(ttl));
        }
        // A poisoned lock only means another thread panicked between statements that leave the
        // map consistent (each change is one insert or retain), so the data is still good.
        let mut lists = self.lists.lock().unwrap_or_else(PoisonError::into_inner);
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
            },
        );
    }

    /// How many lists are cached (fresh or not).
    pub fn len(&self) -> usize {
        self.lists
            .lock()
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
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }
}
