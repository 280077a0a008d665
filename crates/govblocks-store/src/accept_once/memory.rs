//! The accept-once store in memory, for one process.

use super::{check_id, AcceptOnce, Acceptance, AcceptanceOfAll, Scope, Until};
use crate::error::Result;
use govblocks_core::clock::Timestamp;
use std::collections::{HashMap, HashSet};
use std::sync::{Mutex, PoisonError};

/// The smallest map size at which a sweep runs.
const MIN_SWEEP: usize = 1024;

/// An [`AcceptOnce`] store in memory, shared by the threads of one process (forgotten when the
/// process ends). One lock covers the check and the write. Expired ids are swept as new ones
/// arrive, whenever the map has doubled in size since the last sweep (and holds at least 1,024
/// ids), so memory stays proportional to the ids accepted within one expiry window plus the
/// [`Until::Forever`] ones.
#[derive(Debug, Default)]
pub struct MemoryAcceptOnce {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    /// Per scope, each id and how long it is remembered.
    seen: HashMap<Scope, HashMap<Box<str>, Until>>,
    /// How many ids `seen` holds, in every scope.
    len: usize,
    /// `len` after the last sweep.
    swept_at: usize,
}

impl State {
    fn sweep(&mut self, now: Timestamp) {
        let mut len = 0;
        self.seen.retain(|_, ids| {
            ids.retain(|_, until| !until.is_expired_at(now));
            len += ids.len();
            !ids.is_empty()
        });
        self.len = len;
        self.swept_at = len;
    }
}

impl MemoryAcceptOnce {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
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
        let mut state = self.state();
        if state.len >= state.swept_at.saturating_mul(2).max(MIN_SWEEP) {
            state.sweep(now);
        }
        let ids = state.seen.entry(scope).or_default();
        let acceptance = match ids.get_mut(id) {
            Some(remembered) if !remembered.is_expired_at(now) => Acceptance::AlreadyAccepted,
            Some(remembered) => {
                *remembered = until;
                Acceptance::Accepted
            }
            None => {
                ids.insert(id.into(), until);
                state.len = state.len.saturating_add(1);
                Acceptance::Accepted
            }
        };
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
        let mut state = self.state();
        if state.len >= state.swept_at.saturating_mul(2).max(MIN_SWEEP) {
            state.sweep(now);
        }
        // Check every id first, under the lock, then write them all.
        let mut in_call: HashSet<(Scope, &str)> = HashSet::with_capacity(ids.len());
        for (index, &(scope, id)) in ids.iter().enumerate() {
            let remembered = state
                .seen
                .get(&scope)
                .and_then(|seen| seen.get(id))
                .is_some_and(|until| !until.is_expired_at(now));
            if remembered || !in_call.insert((scope, id)) {
                return Ok(AcceptanceOfAll::AlreadyAccepted { index });
            }
        }
        let mut added = 0usize;
        for &(scope, id) in ids {
            let seen = state.seen.entry(scope).or_default();
            if seen.insert(id.into(), until).is_none() {
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
