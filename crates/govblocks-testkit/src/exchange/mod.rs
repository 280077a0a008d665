//! The fuzz properties of `govblocks-exchange`: envelopes verified ([`envelope`], with the
//! [`fixtures`] they share with the seed writer).

pub mod envelope;
pub mod fixtures;

pub use envelope::envelope_verify;

/// Whether a seed of `target` is accepted (its code when refused); `None` for a target without
/// named seeds.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    envelope::verdict(target, data)
}
