//! A replay store that accepts every challenge, for the benches that verify the same
//! presentations again and again: they measure verification, not the store. Included with
//! `#[path]` by `identity.rs` and `scale_unit.rs`.

use govblocks_core::clock::Timestamp;
use govblocks_identity::presentation::AcceptOnce;
use govblocks_store::accept_once::{Acceptance, AcceptanceOfAll, Scope, Until};

/// Accepts every challenge.
pub struct NoReplayStore;

impl AcceptOnce for NoReplayStore {
    fn accept_once(
        &self,
        _: Scope,
        _: &str,
        _: Timestamp,
        _: Until,
    ) -> govblocks_store::Result<Acceptance> {
        Ok(Acceptance::Accepted)
    }

    fn accept_all_once(
        &self,
        _: &[(Scope, &str)],
        _: Timestamp,
        _: Until,
    ) -> govblocks_store::Result<AcceptanceOfAll> {
        Ok(AcceptanceOfAll::Accepted)
    }

    fn remembered(&self) -> govblocks_store::Result<u64> {
        Ok(0)
    }
}
