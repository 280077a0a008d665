//! What `govblocks-testkit` needs of private items, and nothing else.
//!
//! Not part of the public API: hidden from the documentation and free to change in any release.

use crate::record::RecordVerifier;
use govblocks_core::proof::Verifier;

/// The core verifier `verifier` checks one revision with (its resolver, trust, clock, skew and
/// limits; the principal's key trusted too when the revision names one).
pub fn revision_verifier(verifier: &RecordVerifier, principal_key: Option<&str>) -> Verifier {
    verifier.revision_verifier(principal_key)
}
