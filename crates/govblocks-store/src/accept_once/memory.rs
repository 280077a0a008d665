//! The accept-once store in memory, for one process.
//!
//! # Memory per id
//!
//! An id is kept as the first 16 bytes of the SHA-256 of its text (not the text), with its
//! expiry in whole microseconds since the Unix epoch (an `i64`): 24 bytes a slot, with no
//! allocation of its own. The map keeps at least an eighth of its slots free and doubles, so a
//! map of `n` ids holds between `8n/7` and `16n/7` slots of 25 bytes (the slot and one control
//! byte): 29–57 bytes per id, 52 bytes with 1,000,000 ids (the map then has 2^21 slots).
//! [`MemoryAcceptOnce::with_capacity`] sizes the map up front (no doubling while it fills).
//!
//! Two different ids whose 128-bit digests are equal would be taken for one: the second would
//! be refused as already accepted, never accepted twice (a false refusal, not a replay). By the
//! birthday bound that takes about 2^64 ids to happen by chance, and finding two such ids on
//! purpose costs about 2^64 SHA-256 evaluations.
//!
//! Expiries are rounded as the SQLite backend rounds them (an expiry up, `now` down, to the
//! microsecond), so an id is never forgotten early and both backends give the same answers.

use super::{check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until};
use crate::error::Result;
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

/// The smallest map size at which a sweep runs.
const MIN_SWEEP: usize = 1024;

/// The expiry of an id remembered for ever: beyond every [`Timestamp`] (years 1–9999 are about
/// ±2.5e17 µs).
const FOREVER: i64 = i64::MAX;

/// An id as the map keeps it: the first 16 bytes of the SHA-256 of its text.
type Key = [u8; 16];

fn key(id: &str) -> Key {
    let digest = ContentDigest::of_bytes(id.as_bytes());
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest.as_bytes()[..16]);
    key
}

/// `at` as whole seconds since the Unix epoch and whole microseconds past them, rounded down,
/// and whether microseconds were rounded off. In `i64` (years 1–9999 are about ±2.5e17 µs):
/// no `i128` division on the path of every call.
fn micros(at: Timestamp) -> (i64, bool) {
    let at = at.to_datetime();
    let nanos = at.nanosecond();
    let micros = at
        .unix_timestamp()
        .saturating_mul(1_000_000)
        .saturating_add(i64::from(nanos / 1000));
    (micros, nanos % 1000 != 0)
}

/// `now` in whole microseconds since the Unix epoch, rounded down.
fn micros_floor(at: Timestamp) -> i64 {
    micros(at).0
}

/// An expiry in whole microseconds since the Unix epoch, rounded up (never forgotten early);
/// [`FOREVER`] for [`Until::Forever`].
fn expiry(until: Until) -> i64 {
    match until {
        Until::Forever => FOREVER,
        Until::Instant(at) => {
            let (floor, rounded) = micros(at);
            let ceil = if rounded {
                floor.saturating_add(1)
            } else {
                floor
            };
            // Never FOREVER for an instant (years 1–9999 are far below it).
            ceil.min(FOREVER - 1)
        }
    }
}

/// An [`AcceptOnce`] store in memory, shared by the threads of one process (forgotten when the
/// process ends). One lock covers the check and the write. Expired ids are swept as new ones
/// arrive, whenever the map has doubled in size since the last sweep (and holds at least 1,024
/// ids), so memory stays proportional to the ids accepted within one expiry window plus the
/// [`Until::Forever`] ones. Each id costs 29–57 bytes (see the [module docs](self)).
#[derive(Debug, Default)]
pub struct MemoryAcceptOnce {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Per scope, each id's key and its expiry (µs since the epoch, [`FOREVER`] for ever).
    seen: HashMap<Scope, HashMap<Key, i64>>,
    /// How many ids `seen` holds, in every scope.
    len: usize,
    /// `len` after the last sweep.
    swept_at: usize,
    /// The capacity a new scope's map is created with.
    capacity: usize,
}

impl State {
    fn sweep(&mut self, now: i64) {
        let mut len = 0;
        self.seen.retain(|_, ids| {
            ids.retain(|_, expires| *expires > now);
            len += ids.len();
            !ids.is_empty()
        });
        self.len = len;
        self.swept_at = len;
    }

    fn sweep_if_due(&mut self, now: i64) {
        if self.len >= self.swept_at.saturating_mul(2).max(MIN_SWEEP) {
            self.sweep(now);
        }
    }

    fn scope(&mut self, scope: Scope) -> &mut HashMap<Key, i64> {
        let capacity = self.capacity;
        self.seen
            .entry(scope)
            .or_insert_with(|| HashMap::with_capacity(capacity))
    }
}

impl MemoryAcceptOnce {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store whose map for each scope is created with room for `ids` ids, so that it
    /// does not grow (and, while growing, briefly hold two tables) until it holds more: size it
    /// to the ids expected within one expiry window. The map of a scope is allocated at its
    /// first id, about `25 × 8/7 × ids` bytes rounded up to a power of two slots.
    pub fn with_capacity(ids: usize) -> Self {
        MemoryAcceptOnce {
            state: Mutex::new(State {
                capacity: ids,
                ..State::default()
            }),
        }
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        // A poisoned lock means another thread panicked mid-call; every update is one insert
        // into a valid map, so the state is still valid: carry on with it.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl AcceptOnce for MemoryAcceptOnce {
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance> {
        check_id(scope, id)?;
        let (key, now, expires) = (key(id), micros_floor(now), expiry(until));
        let mut state = self.state();
        state.sweep_if_due(now);
        // One probe of the map for the check and the write.
        let (acceptance, added) = match state.scope(scope).entry(key) {
            Entry::Occupied(remembered) if *remembered.get() > now => {
                (Acceptance::AlreadyAccepted, false)
            }
            Entry::Occupied(mut remembered) => {
                *remembered.get_mut() = expires;
                (Acceptance::Accepted, false)
            }
            Entry::Vacant(slot) => {
                slot.insert(expires);
                (Acceptance::Accepted, true)
            }
        };
        if added {
            state.len = state.len.saturating_add(1);
        }
        Ok(acceptance)
    }

    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll> {
        for (scope, id) in ids {
            check_id(*scope, id)?;
        }
        let keys: Vec<(Scope, Key)> = ids.iter().map(|&(scope, id)| (scope, key(id))).collect();
        let (now, expires) = (micros_floor(now), expiry(until));
        let mut state = self.state();
        state.sweep_if_due(now);
        // Check every id first, under the lock, then write them all.
        let mut in_call: HashSet<(Scope, Key)> = HashSet::with_capacity(keys.len());
        for (index, &(scope, key)) in keys.iter().enumerate() {
            let remembered = state
                .seen
                .get(&scope)
                .and_then(|seen| seen.get(&key))
                .is_some_and(|expires| *expires > now);
            if remembered || !in_call.insert((scope, key)) {
                return Ok(AcceptanceOfAll::AlreadyAccepted { index });
            }
        }
        let mut added = 0usize;
        for &(scope, key) in &keys {
            if state.scope(scope).insert(key, expires).is_none() {
                added = added.saturating_add(1);
            }
        }
        state.len = state.len.saturating_add(added);
        Ok(AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> Result<u64> {
        Ok(u64::try_from(self.state().len).unwrap_or(u64::MAX))
    }
}
