//! The fuzz properties of `govblocks-exchange`: envelopes verified ([`envelope`], with the
//! [`fixtures`] they share with the seed writer); SPDCI / G2P Connect bodies verified and
//! decrypted ([`g2p`]); X-Road identifiers and HTTP/X-Road request and response parsing
//! ([`xroad`]).

pub mod envelope;
pub mod fixtures;
pub mod g2p;
pub mod xroad;

pub use envelope::envelope_verify;
pub use g2p::g2p_verify;
pub use xroad::{http_request_parse, xroad_id_parse};

/// Whether a seed of `target` is accepted (its code when refused); `None` for a target without
/// named seeds.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    envelope::verdict(target, data)
        .or_else(|| g2p::verdict(target, data))
        .or_else(|| xroad::verdict(target, data))
}
