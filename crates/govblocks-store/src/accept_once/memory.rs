//! The accept-once store in memory, for one process.
//!
//! # Memory per id
//!
//! An id is kept as a 16-byte keyed digest of its scope and text (not the text), with its
//! expiry in whole microseconds since the Unix epoch (an `i64`): a 24-byte slot of one flat
//! table, with no allocation of its own and nothing else per id. The table (open addressing,
//! linear probing, a power of two slots) is at most three quarters full and doubles when a
//! sweep leaves it more than five eighths full, so a table of `n` ids (live, or expired and
//! not yet removed) holds between `4n/3` and `16n/5` slots: 32–77 bytes per id, 50.3 bytes with
//! 1,000,000 ids (2^21 slots).
//! [`MemoryAcceptOnce::with_capacity`] sizes the table up front (no doubling while it fills).
//!
//! # The digest
//!
//! The digest is SipHash-1-3 (the keyed hash of the standard library's `HashMap`) with a
//! 128-bit output, keyed with a random 16-byte secret drawn when the store is made, of the
//! scope's length, the scope and the id. SipHash is a keyed hash made for this job (short
//! inputs chosen by an attacker, a hash table that must not be flooded): nobody outside the process can predict an id's digest, so nobody
//! can choose ids that collide, in the digest (two ids taken for one: the second refused as
//! already accepted, a false refusal, never a replay) or in the table's slots (a slow table):
//! an id's place in the table is the digest's first 8 bytes, with no second hash. Two ids
//! collide by chance with a probability of about `n² / 2^129` for `n` ids (the birthday bound).
//!
//! # Expiry: a hand going round the table
//!
//! An expired id is as good as absent: a check of it is accepted, and a new id may take its
//! slot. Expired ids are also removed (the slot emptied and the ids after it in their run
//! moved back: linear probing's deletion, so no tombstone is left) by a *hand* that visits the
//! next 8 slots of the table with every id accepted, going round it in order: a table of `s`
//! slots is visited whole every `s / 8` accepted ids, so in a steady flow (one id expiring for each
//! one accepted) at most `s / 8` expired ids wait for the hand. Its work is sequential (the
//! next slots, the runs after them), and nothing is allocated or rebuilt in steady traffic.
//! When the table would pass three quarters full (a burst), one pass removes every expired id
//! first; only when more than five eighths of it are still live does it double.
//!
//! Expiries are rounded as the SQLite backend rounds them (an expiry up, `now` down, to the
//! microsecond), so an id is never forgotten early and both backends give the same answers.

use super::{check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until};
use crate::error::Result;
use govblocks_core::clock::Timestamp;
use siphasher::sip128::{Hasher128, SipHasher13};
use std::collections::hash_map::RandomState;
use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};
use std::sync::{Mutex, PoisonError};

/// The expiry of an id remembered for ever: beyond every [`Timestamp`] (years 1–9999 are about
/// ±2.5e17 µs).
const FOREVER: i64 = i64::MAX;

/// The expiry field of an empty slot: before every [`Timestamp`], never an id's expiry.
const EMPTY: i64 = i64::MIN;

/// The fewest slots a table has.
const MIN_SLOTS: usize = 16;

/// How many slots the hand visits with each id accepted.
const HAND_STEP: usize = 8;

/// An id as the table keeps it: the 128-bit SipHash-1-3, under the store's secret, of its
/// scope and text. The first half places it in the table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
struct Key(u64, u64);

/// One slot of the table: an id and its expiry (µs since the epoch, [`FOREVER`] for ever), or
/// empty ([`EMPTY`]).
#[derive(Clone, Copy, Debug)]
struct Slot {
    key: Key,
    expires: i64,
}

impl Slot {
    const EMPTY: Slot = Slot {
        key: Key(0, 0),
        expires: EMPTY,
    };

    fn is_empty(&self) -> bool {
        self.expires == EMPTY
    }

    /// Whether the slot holds an id expired at `now` (an empty slot is not expired).
    fn is_expired(&self, now: i64) -> bool {
        self.expires != EMPTY && self.expires <= now
    }
}

/// 16 random bytes, from the standard library's per-process random hash keys (drawn from the
/// operating system's generator).
fn random_secret() -> (u64, u64) {
    (
        RandomState::new().hash_one(0x5eed_u64),
        RandomState::new().hash_one(0x5eed_u64),
    )
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
            // Never FOREVER for an instant (years 1–9999 are far below it), never EMPTY.
            ceil.clamp(EMPTY + 1, FOREVER - 1)
        }
    }
}

/// The table: open addressing with linear probing over a power of two slots, at most three
/// quarters of them taken (so every probe ends at an empty slot).
#[derive(Debug)]
struct Table {
    slots: Vec<Slot>,
    /// Slots holding an id, expired or not.
    taken: usize,
    /// The next slot the hand visits.
    hand: usize,
}

impl Table {
    fn new(slots: usize) -> Self {
        Table {
            slots: vec![Slot::EMPTY; slots],
            taken: 0,
            hand: 0,
        }
    }

    /// The slots a table for `ids` ids has: the least power of two (at least [`MIN_SLOTS`])
    /// of which `ids` take at most five eighths.
    fn slots_for(ids: usize) -> usize {
        ids.saturating_mul(8)
            .div_ceil(5)
            .max(MIN_SLOTS)
            .checked_next_power_of_two()
            .unwrap_or(1 << (usize::BITS - 2))
    }

    fn mask(&self) -> usize {
        self.slots.len() - 1
    }

    /// The slot an id's probe starts at.
    fn home(&self, key: Key) -> usize {
        // The digest's first 8 bytes, uniform and unpredictable; truncated on 32-bit targets.
        (key.0 as usize) & self.mask()
    }

    /// The slot holding `key`, expired or not.
    fn find(&self, key: Key) -> Option<usize> {
        let mask = self.mask();
        let mut i = self.home(key);
        loop {
            let slot = &self.slots[i];
            if slot.is_empty() {
                return None;
            }
            if slot.key == key {
                return Some(i);
            }
            i = (i + 1) & mask;
        }
    }

    /// Whether `key` is remembered and not expired at `now`.
    fn holds(&self, key: Key, now: i64) -> bool {
        self.find(key).is_some_and(|i| self.slots[i].expires > now)
    }

    /// Accepts `key` unless it is remembered and not expired at `now`, remembering it until
    /// `expires`: one probe for the check and the write. A new id takes the first expired slot
    /// on its probe, or else the empty slot that ends it. The caller has made room
    /// ([`Self::make_room`]).
    fn accept(&mut self, key: Key, now: i64, expires: i64) -> Acceptance {
        let mask = self.mask();
        let mut i = self.home(key);
        let mut expired = None;
        loop {
            let slot = self.slots[i];
            if slot.is_empty() {
                break;
            }
            if slot.key == key {
                if slot.expires > now {
                    return Acceptance::AlreadyAccepted;
                }
                self.slots[i].expires = expires;
                return Acceptance::Accepted;
            }
            if expired.is_none() && slot.expires <= now {
                expired = Some(i);
            }
            i = (i + 1) & mask;
        }
        // The key is not in the table: its probe ran from its home to the empty slot `i`
        // without meeting it. An expired slot on that probe is free for it.
        match expired {
            Some(free) => self.slots[free] = Slot { key, expires },
            None => {
                self.slots[i] = Slot { key, expires };
                self.taken += 1;
            }
        }
        Acceptance::Accepted
    }

    /// Empties slot `i` and moves back the ids after it in its run that may take it (linear
    /// probing's deletion: no tombstone, every id still found from its home).
    fn remove(&mut self, mut i: usize) {
        let mask = self.mask();
        let mut j = i;
        loop {
            j = (j + 1) & mask;
            let slot = self.slots[j];
            if slot.is_empty() {
                break;
            }
            // The id at `j` may move to `i` when `i` lies on its probe, from its home to `j`.
            let from_home = j.wrapping_sub(self.home(slot.key)) & mask;
            let from_gap = j.wrapping_sub(i) & mask;
            if from_home >= from_gap {
                self.slots[i] = slot;
                i = j;
            }
        }
        self.slots[i] = Slot::EMPTY;
        self.taken -= 1;
    }

    /// Moves the hand over the next [`HAND_STEP`] slots, removing the ids expired at `now`
    /// (a slot refilled by the removal is visited again).
    fn sweep_step(&mut self, now: i64) {
        let mask = self.mask();
        for _ in 0..HAND_STEP {
            let at = self.hand;
            if self.slots[at].is_expired(now) {
                self.remove(at);
            } else {
                self.hand = (at + 1) & mask;
            }
        }
    }

    /// Removes every id expired at `now`, in one pass in slot order.
    fn sweep_all(&mut self, now: i64) {
        for at in 0..self.slots.len() {
            // A removal moves a later id of the run into `at`: look at it again.
            while self.slots[at].is_expired(now) {
                self.remove(at);
            }
        }
    }

    /// Makes sure one more id fits: at three quarters full, removes every expired id, and
    /// doubles the table when more than five eighths of it are still taken.
    fn make_room(&mut self, now: i64) {
        let len = self.slots.len();
        if self.taken < len / 4 * 3 {
            return;
        }
        self.sweep_all(now);
        if self.taken > len / 8 * 5 {
            self.resize(len.saturating_mul(2), now);
        }
    }

    /// Moves the ids not expired at `now` into a table of `slots` slots.
    fn resize(&mut self, slots: usize, now: i64) {
        let old = std::mem::replace(self, Table::new(slots));
        for slot in old.slots {
            if !slot.is_empty() && slot.expires > now {
                let _ = self.accept(slot.key, now, slot.expires);
            }
        }
    }
}

/// An [`AcceptOnce`] store in memory, shared by the threads of one process (forgotten when the
/// process ends). One lock covers the check and the write. Each id costs one 24-byte slot of
/// one table (32–77 bytes an id with the table's free slots): a 128-bit SipHash of the id
/// keyed with a random secret of the store (so that no one can choose ids that collide) and
/// its expiry in microseconds, not the id's text. Expired ids are removed by a hand that goes
/// round the table, 8 slots with each id accepted (an expired id's slot is also taken by the
/// next new id whose probe passes it), and all at once before the table would grow (it
/// doubles only when more than five eighths of it are still live), so memory stays
/// proportional to the ids accepted within one expiry window plus the [`Until::Forever`] ones.
#[derive(Debug)]
pub struct MemoryAcceptOnce {
    /// The key of the ids' digests.
    secret: (u64, u64),
    table: Mutex<Table>,
}

impl Default for MemoryAcceptOnce {
    fn default() -> Self {
        Self::with_capacity(0)
    }
}

impl MemoryAcceptOnce {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty store whose table has room for `ids` ids, so that it does not grow (and,
    /// while growing, briefly hold two tables) until it holds more: size it to the ids
    /// expected within one expiry window. The table takes `24 × 8/5 × ids` bytes rounded up to
    /// a power of two slots, allocated now.
    pub fn with_capacity(ids: usize) -> Self {
        let (k0, k1) = random_secret();
        MemoryAcceptOnce {
            secret: (k0, k1),
            table: Mutex::new(Table::new(Table::slots_for(ids))),
        }
    }

    /// The key `id` of `scope` is kept under.
    fn key(&self, scope: Scope, id: &str) -> Key {
        let mut hasher = SipHasher13::new_with_keys(self.secret.0, self.secret.1);
        // The scope's length first: no (scope, id) pair reads as another.
        hasher.write_u64(scope.name().len() as u64);
        hasher.write(scope.name().as_bytes());
        hasher.write(id.as_bytes());
        let digest = hasher.finish128();
        Key(digest.h1, digest.h2)
    }

    fn table(&self) -> std::sync::MutexGuard<'_, Table> {
        // A poisoned lock means another thread panicked mid-call; every update leaves the
        // table valid (a slot written whole), so carry on with it.
        self.table.lock().unwrap_or_else(PoisonError::into_inner)
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
        let (key, now, expires) = (self.key(scope, id), micros_floor(now), expiry(until));
        let mut table = self.table();
        table.make_room(now);
        let acceptance = table.accept(key, now, expires);
        if acceptance.is_accepted() {
            table.sweep_step(now);
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
        let keys: Vec<Key> = ids.iter().map(|&(scope, id)| self.key(scope, id)).collect();
        let (now, expires) = (micros_floor(now), expiry(until));
        let mut table = self.table();
        // Check every id first, under the lock, then write them all.
        let mut in_call: HashSet<Key> = HashSet::with_capacity(keys.len());
        for (index, &key) in keys.iter().enumerate() {
            if table.holds(key, now) || !in_call.insert(key) {
                return Ok(AcceptanceOfAll::AlreadyAccepted { index });
            }
        }
        for &key in &keys {
            table.make_room(now);
            // Checked above: each is accepted.
            let _ = table.accept(key, now, expires);
            table.sweep_step(now);
        }
        Ok(AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> Result<u64> {
        Ok(u64::try_from(self.table().taken).unwrap_or(u64::MAX))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A small deterministic generator (xorshift), so that a failure is reproducible.
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Every id in the table is found from its home (no run broken by a removal).
    fn assert_findable(table: &Table) {
        let mut taken = 0;
        for (at, slot) in table.slots.iter().enumerate() {
            if !slot.is_empty() {
                taken += 1;
                assert_eq!(table.find(slot.key), Some(at), "slot {at} not found");
            }
        }
        assert_eq!(taken, table.taken);
        assert!(
            taken < table.slots.len() / 4 * 3 + 1,
            "{taken} of {}",
            table.slots.len()
        );
    }

    /// The table against a map of every id's expiry: keys drawn from a small set (so that ids
    /// come back, expired or not), clustered homes (the first half of the key from a few
    /// values, so that runs are long and wrap around the end), the clock moving forward (a
    /// clock stepped back may find ids forgotten by a later `now`: the store's documented
    /// caveat, which a map would not share).
    #[test]
    fn the_table_answers_as_a_map_does() {
        for seed in 1..=20u64 {
            let mut rng = Rng(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
            let mut table = Table::new(MIN_SLOTS);
            let mut model: HashMap<Key, i64> = HashMap::new();
            let mut now = 1_000i64;
            for step in 0..4_000 {
                now += i64::try_from(rng.below(5)).unwrap();
                let home = rng.below(8) * (u64::MAX / 8) + rng.below(3);
                let key = Key(home, rng.below(300));
                let expires = match rng.below(20) {
                    0 => FOREVER,
                    1 => now - 1,
                    _ => now + i64::try_from(rng.below(200)).unwrap(),
                };
                let expected = match model.get(&key) {
                    Some(&e) if e > now => Acceptance::AlreadyAccepted,
                    _ => Acceptance::Accepted,
                };
                if expected == Acceptance::Accepted {
                    model.insert(key, expires);
                }
                table.make_room(now);
                let got = table.accept(key, now, expires);
                if got.is_accepted() {
                    table.sweep_step(now);
                }
                assert_eq!(got, expected, "seed {seed}, step {step}");
                if step % 500 == 0 {
                    assert_findable(&table);
                }
            }
            assert_findable(&table);
            // Every id the model remembers unexpired is in the table, unexpired.
            for (key, expires) in &model {
                assert_eq!(table.holds(*key, now), *expires > now, "seed {seed}");
            }
            // A full sweep leaves exactly the unexpired ones.
            table.sweep_all(now);
            assert_findable(&table);
            let live = model.values().filter(|&&e| e > now).count();
            assert_eq!(table.taken, live, "seed {seed}");
        }
    }

    #[test]
    fn a_table_grows_only_when_a_sweep_leaves_it_full() {
        let mut table = Table::new(MIN_SLOTS);
        // 1,000 ids alive together: the table grows to hold them.
        for n in 0..1_000u64 {
            table.make_room(0);
            assert!(table
                .accept(Key(n.wrapping_mul(0x9e37_79b9_7f4a_7c15), n), 0, 10)
                .is_accepted());
        }
        assert_eq!(table.slots.len(), 2048);
        assert_findable(&table);
        // Then a steady flow, 100 alive at a time: the table does not grow again, and the hand
        // keeps the expired ones few.
        for n in 1_000..200_000u64 {
            let now = i64::try_from(n).unwrap() + 10;
            table.make_room(now);
            let key = Key(n.wrapping_mul(0x9e37_79b9_7f4a_7c15), n);
            assert!(table.accept(key, now, now + 100).is_accepted());
            table.sweep_step(now);
        }
        assert_eq!(table.slots.len(), 2048);
        assert!(table.taken <= 100 + 2048 / HAND_STEP + 1, "{}", table.taken);
        assert_findable(&table);
    }

    #[test]
    fn with_capacity_sizes_the_table_up_front() {
        assert_eq!(Table::slots_for(0), MIN_SLOTS);
        assert_eq!(Table::slots_for(1_000_000), 1 << 21);
        assert_eq!(Table::slots_for(1_310_720), 1 << 21);
        assert_eq!(Table::slots_for(1_310_721), 1 << 22);
    }

    #[test]
    fn scope_and_id_are_both_in_the_key() {
        let store = MemoryAcceptOnce::new();
        let (a, b) = (Scope::new("a.b"), Scope::new("a.bc"));
        assert_ne!(store.key(a, "cd"), store.key(b, "d"));
        assert_ne!(store.key(a, "x"), store.key(a, "y"));
        assert_eq!(store.key(a, "x"), store.key(a, "x"));
        // Another store, another secret.
        assert_ne!(MemoryAcceptOnce::new().key(a, "x"), store.key(a, "x"));
    }
}
