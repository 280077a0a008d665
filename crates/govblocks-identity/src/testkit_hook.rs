//! Not part of the API: what `govblocks-testkit` needs to write reproducible fuzz seeds. Never
//! use it to issue anything real.

use crate::sd_jwt::{issue::issue_with_salts, IssueOptions, Issued};
use crate::Result;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::signer::Signer;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// [`crate::sd_jwt::issue()`] with salts derived from `seed` and a counter instead of the
/// operating system's randomness, so the same call writes the same SD-JWT. **Salts anyone can
/// compute disclose nothing selectively**: for test fixtures only.
pub fn sd_jwt_issue_with_fixed_salts(
    claims: &Value,
    options: &IssueOptions,
    signer: &dyn Signer,
    seed: u64,
) -> Result<Issued> {
    let mut counter = 0u64;
    let mut salt = || {
        counter += 1;
        let mut hash = Sha256::new();
        hash.update(seed.to_be_bytes());
        hash.update(counter.to_be_bytes());
        Ok(base64url_encode(&hash.finalize()[..16]))
    };
    issue_with_salts(claims, options, signer, &mut salt)
}
