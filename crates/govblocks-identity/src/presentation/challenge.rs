//! A challenge is accepted once: the replay guard of presentations.
//!
//! The verifier hands out a fresh `challenge`; the holder's proof is bound to it; once a
//! presentation with that challenge has verified, the challenge is remembered in an
//! accept-once store ([`govblocks_store::accept_once`]) under [`CHALLENGE_SCOPE`] until it
//! expires ([`DEFAULT_CHALLENGE_TTL`](super::verifier::DEFAULT_CHALLENGE_TTL) after the
//! verifier's clock reading), and a second presentation carrying it is refused
//! (`presentation.replayed`). A store that fails is `presentation.replay_store`: a challenge
//! that cannot be remembered is never accepted.
//!
//! Memory is bounded by expiry: a store holds only the challenges accepted within the last
//! window. Which store decides who shares the guard: [`MemoryAcceptOnce`] for the threads of
//! one process, [`SqliteAcceptOnce`] (feature `sqlite`) for every process opening one file.
//! One store may serve other kinds of ids too (exchange message ids, payment ids): the scope
//! keeps them apart.

#[cfg(feature = "sqlite")]
pub use govblocks_store::accept_once::SqliteAcceptOnce;
pub use govblocks_store::accept_once::{AcceptOnce, Acceptance, MemoryAcceptOnce, Scope, Until};

/// The scope presentation challenges are remembered under in an accept-once store.
pub const CHALLENGE_SCOPE: Scope = Scope::new("identity.presentation_challenge");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scope_is_the_documented_name() {
        // Files written by one version are read by the next: the name never changes.
        assert_eq!(CHALLENGE_SCOPE.name(), "identity.presentation_challenge");
    }
}
