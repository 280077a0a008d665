//! A challenge is accepted once: the replay guard of presentations.
//!
//! The verifier hands out a fresh `challenge`; the holder's proof is bound to it; once a
//! presentation with that challenge has verified, the challenge is remembered until it expires,
//! and a second presentation carrying it is refused (`presentation.replayed`). Memory is
//! bounded by expiry: a store holds only the challenges accepted within the last window.

use std::collections::HashMap;
use std::sync::Mutex;

/// Remembers accepted challenges. Implementations must make [`ChallengeStore::accept_once`]
/// atomic — two processes or threads presenting the same challenge at once: exactly one wins —
/// so a store shared by several verifiers (a database) works as one.
pub trait ChallengeStore: Send + Sync {
    /// Records `challenge` as used until `expires_at` (nanoseconds since the Unix epoch) and
    /// returns `true`, or returns `false` when it is already recorded and not expired at `now`
    /// (same unit).
    fn accept_once(&self, challenge: &str, now: i128, expires_at: i128) -> bool;
}

impl<S: ChallengeStore + ?Sized> ChallengeStore for &S {
    fn accept_once(&self, challenge: &str, now: i128, expires_at: i128) -> bool {
        (**self).accept_once(challenge, now, expires_at)
    }
}

impl<S: ChallengeStore + ?Sized> ChallengeStore for std::sync::Arc<S> {
    fn accept_once(&self, challenge: &str, now: i128, expires_at: i128) -> bool {
        (**self).accept_once(challenge, now, expires_at)
    }
}

/// A [`ChallengeStore`] in memory for one process. Expired challenges are dropped as new ones
/// arrive (every time the map doubles in size since the last sweep), so memory stays
/// proportional to the challenges accepted within one window.
#[derive(Debug, Default)]
pub struct InMemoryChallengeStore {
    state: Mutex<State>,
}

#[derive(Debug, Default)]
struct State {
    seen: HashMap<String, i128>,
    /// The map's size after the last sweep.
    swept_at: usize,
}

impl InMemoryChallengeStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many challenges are remembered now (expired ones included until the next sweep).
    pub fn len(&self) -> usize {
        self.state.lock().map_or(0, |s| s.seen.len())
    }

    /// Whether no challenge is remembered.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl ChallengeStore for InMemoryChallengeStore {
    fn accept_once(&self, challenge: &str, now: i128, expires_at: i128) -> bool {
        // A poisoned lock means another thread panicked mid-update; the map is still a valid
        // map (every update is one insert), so carry on with it.
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if state.seen.len() >= state.swept_at.saturating_mul(2).max(1024) {
            state.seen.retain(|_, expiry| *expiry > now);
            state.swept_at = state.seen.len();
        }
        match state.seen.get(challenge) {
            Some(expiry) if *expiry > now => false,
            _ => {
                state.seen.insert(challenge.to_string(), expires_at);
                true
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_challenge_is_accepted_once_until_it_expires() {
        let store = InMemoryChallengeStore::new();
        assert!(store.accept_once("c1", 0, 100));
        assert!(!store.accept_once("c1", 50, 150));
        assert!(store.accept_once("c1", 100, 200), "expired: may be reused");
        assert!(store.accept_once("c2", 100, 200));
    }

    #[test]
    fn memory_is_bounded_by_expiry() {
        let store = InMemoryChallengeStore::new();
        for i in 0..100_000i128 {
            // Each challenge lives 10 units; at most ~10 are live at a time.
            assert!(store.accept_once(&i.to_string(), i, i + 10));
        }
        assert!(store.len() < 4096, "{}", store.len());
    }
}
