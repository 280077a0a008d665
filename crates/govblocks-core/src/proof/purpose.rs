//! Proof purposes (VC Data Integrity 1.0 §2.2): why a proof was made.

use std::fmt;

/// The reason a proof was created; a verifier refuses a proof made for another purpose, so an
/// authentication proof cannot be replayed as an issuer's assertion.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ProofPurpose {
    /// `assertionMethod`: the signer asserts the claims (issuing a credential, approving a batch).
    AssertionMethod,
    /// `authentication`: the signer proves control of an identifier (presentations, logins).
    Authentication,
    /// `capabilityInvocation`.
    CapabilityInvocation,
    /// `capabilityDelegation`.
    CapabilityDelegation,
    /// `keyAgreement`.
    KeyAgreement,
    /// Any other purpose, by name.
    Other(String),
}

impl ProofPurpose {
    /// Parses a purpose name; unknown names become [`ProofPurpose::Other`].
    pub fn parse(name: &str) -> Self {
        match name {
            "assertionMethod" => ProofPurpose::AssertionMethod,
            "authentication" => ProofPurpose::Authentication,
            "capabilityInvocation" => ProofPurpose::CapabilityInvocation,
            "capabilityDelegation" => ProofPurpose::CapabilityDelegation,
            "keyAgreement" => ProofPurpose::KeyAgreement,
            other => ProofPurpose::Other(other.to_string()),
        }
    }

    /// The purpose's name as it appears in `proofPurpose`.
    pub fn as_str(&self) -> &str {
        match self {
            ProofPurpose::AssertionMethod => "assertionMethod",
            ProofPurpose::Authentication => "authentication",
            ProofPurpose::CapabilityInvocation => "capabilityInvocation",
            ProofPurpose::CapabilityDelegation => "capabilityDelegation",
            ProofPurpose::KeyAgreement => "keyAgreement",
            ProofPurpose::Other(name) => name,
        }
    }
}

impl fmt::Display for ProofPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for ProofPurpose {
    type Err = std::convert::Infallible;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(Self::parse(s))
    }
}
