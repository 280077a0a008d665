//! What makes a credential valid: the data model's structural rules, and the rules that run
//! once every proof has verified. The verifier's further checks that need state of its own
//! (trust, `credentialSchema`, status) are in [`super::verifier`].

use super::model::{Credential, CREDENTIALS_V2, VERIFIABLE_CREDENTIAL};
use crate::one_or_many::OneOrMany;
use crate::schemas::{ids, registry};
use crate::Error;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde_json::Value;

/// The structural rules of the data model that a schema cannot state, checked before a
/// credential is issued and after it is verified:
///
/// | rule | code |
/// | --- | --- |
/// | `@context` starts with `https://www.w3.org/ns/credentials/v2` | `credential.context_invalid` |
/// | `type` includes `VerifiableCredential` | `credential.type_invalid` |
/// | `validUntil` is not before `validFrom` | `credential.validity_invalid` |
pub fn check_structure(credential: &Credential) -> Result<(), Error> {
    check_context_and_type(
        &credential.context,
        &credential.types,
        VERIFIABLE_CREDENTIAL,
    )?;
    if let (Some(from), Some(until)) = (credential.valid_from, credential.valid_until) {
        if until < from {
            return Err(Error::ValidityInvalid {
                valid_from: from.to_string(),
                valid_until: until.to_string(),
            });
        }
    }
    Ok(())
}

/// The rules credentials and presentations share: `@context` starts with the base context
/// (`credential.context_invalid`), `type` includes `required` (`credential.type_invalid`).
pub(crate) fn check_context_and_type(
    context: &OneOrMany<Value>,
    types: &OneOrMany<String>,
    required: &str,
) -> Result<(), Error> {
    if context.first().and_then(Value::as_str) != Some(CREDENTIALS_V2) {
        let present = context.iter().any(|c| c.as_str() == Some(CREDENTIALS_V2));
        return Err(Error::ContextInvalid {
            reason: if present {
                format!("{CREDENTIALS_V2} must be the first @context entry")
            } else {
                format!("the base context {CREDENTIALS_V2} is missing")
            },
        });
    }
    if !types.iter().any(|t| t == required) {
        return Err(Error::TypeInvalid {
            reason: format!("type must include {required}"),
        });
    }
    Ok(())
}

impl Document for Credential {
    const SCHEMA: &'static str = ids::CREDENTIAL;
    type Error = Error;

    /// The structural rules ([`check_structure`]); every proof is an `assertionMethod` proof
    /// by a key the `issuer` controls (`credential.issuer_mismatch`); `validFrom` reached
    /// (`credential.not_yet_valid`) and `validUntil` not passed (`credential.expired`), against
    /// the verifier's clock with its skew.
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        check_structure(self)?;
        let issuer = self.issuer.id();
        context
            .require_all_by(issuer, &ProofPurpose::AssertionMethod)
            .map_err(|_| Error::IssuerMismatch {
                issuer: issuer.to_string(),
            })?;
        if let Some(from) = self.valid_from {
            if context.is_in_future(from) {
                return Err(Error::NotYetValid {
                    valid_from: from.to_string(),
                });
            }
        }
        if let Some(until) = self.valid_until {
            if context.has_passed(until) {
                return Err(Error::Expired {
                    valid_until: until.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The issuer's key untrusted: `credential.untrusted_issuer`.
    fn untrusted_signer(&self, controller: &str) -> Option<Error> {
        (controller == self.issuer.id()).then(|| Error::UntrustedIssuer {
            issuer: controller.to_string(),
        })
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}
