//! The accept-once store in memory, for one process.
//!
//! # Memory per id
//!
//! An id is kept as the first 16 bytes of a SHA-256 of its text (not the text), with its
//! expiry in whole microseconds since the Unix epoch (an `i64`): 24 bytes a slot, with no
//! allocation of its own. The map keeps at least an eighth of its slots free and doubles, so a
//! map of `n` ids holds between `8n/7` and `16n/7` slots of 25 bytes (the slot and one control
//! byte): 29–57 bytes per id, 52 bytes with 1,000,000 ids (the map then has 2^21 slots).
//! [`MemoryAcceptOnce::with_capacity`] sizes the map up front (no doubling while it fills). A
//! sweep that frees a quarter of a map rebuilds it at its size, so that the freed slots can be
//! taken again (a removed slot in a full map is otherwise a tombstone, and the map would double
//! when it next filled up).
//!
//! The digest is keyed: SHA-256 of a random 16-byte secret drawn when the store is made,
//! then the id. Nobody outside the process can predict an id's digest, so nobody can choose
//! ids that collide, in the digest (two ids taken for one: the second refused as already
//! accepted, a false refusal, never a replay) or in the map's buckets (a slow map): the map
//! hashes an id by the first 8 bytes of its digest, with no second hash. Two ids collide by
//! chance with a probability of about `n² / 2^129` for `n` ids (the birthday bound).
//!
//! Expiries are rounded as the SQLite backend rounds them (an expiry up, `now` down, to the
//! microsecond), so an id is never forgotten early and both backends give the same answers.

use super::{check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until};
use crate::error::Result;
use govblocks_core::clock::Timestamp;
use sha2::{Digest, Sha256};
use std::collections::hash_map::{Entry, RandomState};
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, BuildHasherDefault, Hash, Hasher};
use std::sync::{Mutex, PoisonError};

/// The smallest map size at which a sweep runs.
const MIN_SWEEP: usize = 1024;

/// The expiry of an id remembered for ever: beyond every [`Timestamp`] (years 1–9999 are about
/// ±2.5e17 µs).
const FOREVER: i64 = i64::MAX;

/// An id as the map keeps it: the first 16 bytes of the SHA-256 of the store's secret and
/// the id's text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Key([u8; 16]);

impl Hash for Key {
    /// The digest's first 8 bytes: already uniform and unpredictable (keyed), so hashing them
    /// again would add time and nothing else.
    fn hash<H: Hasher>(&self, state: &mut H) {
        let mut low = [0u8; 8];
        low.copy_from_slice(&self.0[..8]);
        state.write_u64(u64::from_le_bytes(low));
    }
}

/// The map's hasher: passes a [`Key`]'s 8 bytes through.
#[derive(Clone, Copy, Debug, Default)]
struct KeyHasher(u64);

impl Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    /// Not used by [`Key`] (which writes one `u64`); folds bytes in, should anything else be
    /// hashed.
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }
}

/// One scope's ids and their expiries (µs since the epoch, [`FOREVER`] for ever).
type Ids = HashMap<Key, i64, BuildHasherDefault<KeyHasher>>;

/// 16 random bytes, from the standard library's per-process random hash keys (drawn from the
/// operating system's generator).
fn random_secret() -> [u8; 16] {
    let mut secret = [0u8; 16];
    let (a, b) = secret.split_at_mut(8);
    a.copy_from_slice(&RandomState::new().hash_one(0x5eed_u64).to_le_bytes());
    b.copy_from_slice(&RandomState::new().hash_one(0x5eed_u64).to_le_bytes());
    secret
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
/// ids), and before a scope's map would grow when a quarter of it was added since the last
/// sweep (expired ids make room instead), so memory stays proportional to the ids accepted
/// within one expiry window plus the [`Until::Forever`] ones. Each id costs 29–57 bytes: the store keeps the
/// first 16 bytes of a SHA-256 of the id keyed with a random secret of the store (so that no
/// one can choose ids that collide) and its expiry in microseconds, not the id's text.
#[derive(Debug)]
pub struct MemoryAcceptOnce {
    /// The key of the ids' digests.
    secret: [u8; 16],
    state: Mutex<State>,
}

impl Default for MemoryAcceptOnce {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

#[derive(Debug, Default)]
struct State {
    /// Per scope, each id's key and its expiry.
    seen: HashMap<Scope, Ids>,
    /// How many ids `seen` holds, in every scope.
    len: usize,
    /// `len` after the last sweep.
    swept_at: usize,
    /// Ids added since the last sweep.
    added: usize,
    /// The capacity a new scope's map is created with.
    capacity: usize,
}

impl State {
    fn sweep(&mut self, now: i64) {
        let mut len = 0;
        self.seen.retain(|_, ids| {
            let (capacity, before) = (ids.capacity(), ids.len());
            ids.retain(|_, expires| *expires > now);
            // In a full map most removed slots become tombstones that new ids cannot take
            // until the map is rebuilt, and the map would grow to twice its size as soon as it
            // fills again while more than half of it is live. When a quarter of it was freed,
            // rebuild it at its size (one pass over the live ids) so the freed slots are free.
            if !ids.is_empty() && before - ids.len() >= capacity / 4 {
                let mut rebuilt = Ids::with_capacity_and_hasher(capacity, Default::default());
                rebuilt.extend(ids.drain());
                *ids = rebuilt;
            }
            len += ids.len();
            !ids.is_empty()
        });
        self.len = len;
        self.swept_at = len;
        self.added = 0;
    }

    /// Sweeps when the store has doubled since the last sweep, or when the map of `scope` is
    /// full (its next new id would make it reallocate to twice the size) and a quarter of its
    /// capacity was added since the last sweep: expired ids then make room instead of a larger
    /// map, and a sweep (a pass over the map) is paid for by at least a quarter map of ids.
    fn sweep_if_due(&mut self, scope: Option<Scope>, now: i64) {
        let full = scope
            .and_then(|scope| self.seen.get(&scope))
            .is_some_and(|ids| {
                ids.len() >= ids.capacity() && self.added >= (ids.capacity() / 4).max(MIN_SWEEP)
            });
        if full || self.len >= self.swept_at.saturating_mul(2).max(MIN_SWEEP) {
            self.sweep(now);
        }
    }

    fn scope(&mut self, scope: Scope) -> &mut Ids {
        let capacity = self.capacity;
        self.seen
            .entry(scope)
            .or_insert_with(|| Ids::with_capacity_and_hasher(capacity, Default::default()))
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
            secret: random_secret(),
            state: Mutex::new(State {
                capacity: ids,
                ..State::default()
            }),
        }
    }

    /// The key `id` is kept under.
    fn key(&self, id: &str) -> Key {
        let digest = Sha256::new()
            .chain_update(self.secret)
            .chain_update(id.as_bytes())
            .finalize();
        let mut key = [0u8; 16];
        key.copy_from_slice(&digest[..16]);
        Key(key)
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
        let (key, now, expires) = (self.key(id), micros_floor(now), expiry(until));
        let mut state = self.state();
        state.sweep_if_due(Some(scope), now);
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
            state.added = state.added.saturating_add(1);
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
        let keys: Vec<(Scope, Key)> = ids
            .iter()
            .map(|&(scope, id)| (scope, self.key(id)))
            .collect();
        let (now, expires) = (micros_floor(now), expiry(until));
        let mut state = self.state();
        state.sweep_if_due(keys.first().map(|&(scope, _)| scope), now);
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
        state.added = state.added.saturating_add(added);
        Ok(AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> Result<u64> {
        Ok(u64::try_from(self.state().len).unwrap_or(u64::MAX))
    }
}
