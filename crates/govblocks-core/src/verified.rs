//! [`Verified`]: a value that has passed the verifier, and can only come from it.
//!
//! "Parse, don't validate": functions that act on a credential, a consent record or a payment
//! batch take a `Verified<T>`, so that code cannot act on unverified data by mistake. Only the
//! verifier in this crate constructs one — [`Verifier::verify`](crate::proof::Verifier::verify)
//! for a JSON value, [`Verifier::verify_as`](crate::proof::Verifier::verify_as) for a block's
//! typed [`Document`](crate::document::Document), and
//! [`Verifier::verify_jws`](crate::proof::Verifier::verify_jws) for a JWS. There is no way to
//! build one from outside this crate, and no way to swap the value inside for another: its
//! fields are private and it has no mapping method.
//!
//! ```compile_fail
//! use govblocks_core::verified::Verified;
//! // Private fields: outside code cannot forge a verified value...
//! let forged: Verified<u32> = Verified { value: 1_000_000, proofs: Vec::new() };
//! ```
//!
//! ```compile_fail
//! use govblocks_core::verified::Verified;
//! // ...nor call the crate-private constructor.
//! let forged = Verified::new(1_000_000u32, Vec::new());
//! ```

use crate::proof::VerifiedProof;

/// A value whose proofs have been verified (and, for a typed document, whose schema and rules
/// passed), with the report of what was verified.
#[derive(Debug, Clone)]
pub struct Verified<T> {
    value: T,
    proofs: Vec<VerifiedProof>,
}

impl<T> Verified<T> {
    /// Only the verifier builds these.
    pub(crate) fn new(value: T, proofs: Vec<VerifiedProof>) -> Self {
        Verified { value, proofs }
    }

    /// The verified value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The verified value, taken out (the report is dropped, and with it the proof that it
    /// was verified: pass the `Verified<T>` along instead where the callee should know).
    pub fn into_value(self) -> T {
        self.value
    }

    /// Each proof that was verified, in document order.
    pub fn proofs(&self) -> &[VerifiedProof] {
        &self.proofs
    }

    /// The value and the report, taken apart.
    pub fn into_parts(self) -> (T, Vec<VerifiedProof>) {
        (self.value, self.proofs)
    }
}

impl<T> std::ops::Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
