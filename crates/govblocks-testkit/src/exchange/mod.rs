//! The fuzz properties of `govblocks-exchange`: X-Road identifiers and HTTP/X-Road request
//! parsing ([`xroad`]).

pub mod xroad;

pub use xroad::{http_request_parse, xroad_id_parse};

/// Whether a seed of `target` is accepted (its code when refused); `None` for a target without
/// named seeds.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    xroad::verdict(target, data)
}
