//! The seed writer: the generated seeds of every fuzz target, built with the fixed keys, times
//! and documents of the fixtures, so the checked-in files regenerate byte for byte
//! (`cargo run -p govblocks-testkit --bin fuzz-seeds -- fuzz/corpus`; a test regenerates them
//! into a scratch directory and compares).
//!
//! `accepted-*`/`valid-*` seeds must be accepted and `refused-*`/`bad-*` seeds refused by their
//! target's verdict ([`crate::replay::Verdict`]); `choices-*.bin` steer the structured half of a
//! property.

pub mod consent;
pub mod core;
pub mod exchange_envelope;
pub mod exchange_g2p;
pub mod exchange_xroad;
pub mod identity;
pub mod payment_shapes;
pub mod payments;

use std::path::Path;

/// Writes the generated seeds of every target under `root` (a `fuzz/corpus`).
pub fn write_all(root: &Path) {
    core::write_all(root);
    identity::write_all(root);
    consent::write_all(root);
    payments::write_all(root);
    payment_shapes::write_all(root);
    exchange_envelope::write_all(root);
    exchange_g2p::write_all(root);
    exchange_xroad::write_all(root);
}
