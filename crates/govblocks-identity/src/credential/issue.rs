//! Issuing: the structural rules, the issuer's own key, then the core pipeline in reverse
//! (schema before and after signing).

use super::model::Credential;
use super::rules::check_structure;
use crate::Error;
use govblocks_core::document::Document;
use govblocks_core::keys::DID_KEY_PREFIX;
use govblocks_core::proof::{ProofOptions, ProofPurpose};
use govblocks_core::signer::Signer;
use serde_json::Value;

/// Issues `credential`: checks the data model's structural rules, that the proof will be an
/// `assertionMethod` proof and — when the issuer is a `did:key` — that `signer` is the issuer's
/// key (`credential.issuer_mismatch`), then signs with eddsa-jcs-2022 and returns the secured
/// credential. Nothing is issued that the credential verifier would refuse for its shape or its
/// signer.
pub fn issue(
    credential: &Credential,
    signer: &dyn Signer,
    options: &ProofOptions,
) -> Result<Value, Error> {
    check_structure(credential)?;
    let issuer = credential.issuer.id();
    if options.purpose != ProofPurpose::AssertionMethod {
        return Err(Error::IssuerMismatch {
            issuer: issuer.to_string(),
        });
    }
    if issuer.starts_with(DID_KEY_PREFIX) && signer.public_key().did() != issuer {
        return Err(Error::IssuerMismatch {
            issuer: issuer.to_string(),
        });
    }
    credential.sign(signer, options)
}
