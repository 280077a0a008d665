//! [`Verified`]: a value that has passed the verifier, and can only come from it.
//!
//! "Parse, don't validate": functions that act on a credential, a consent record or a payment
//! batch take a `Verified<T>`, so that code cannot act on unverified data by mistake. Only
//! the verifier in this crate constructs one; a block crate turns a `Verified<Value>` into its
//! own typed value with [`Verified::try_map`], which keeps the verification report attached.

use crate::proof::VerifiedProof;

/// A value whose proofs have been verified, with the report of what was verified.
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

    /// The verified value, taken out (the report is dropped).
    pub fn into_value(self) -> T {
        self.value
    }

    /// Each proof that was verified, in document order.
    pub fn proofs(&self) -> &[VerifiedProof] {
        &self.proofs
    }

    /// Converts the value (e.g. parses the verified JSON into a typed struct), keeping the
    /// verification report.
    pub fn try_map<U, E>(self, f: impl FnOnce(T) -> Result<U, E>) -> Result<Verified<U>, E> {
        Ok(Verified {
            value: f(self.value)?,
            proofs: self.proofs,
        })
    }
}

impl<T> std::ops::Deref for Verified<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}
