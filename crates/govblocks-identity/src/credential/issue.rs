//! Issuing: the data model's rules, the issuer's own key, the `credentialSchema` references
//! that can be checked, then the core pipeline in reverse (schema before and after signing).

use super::model::Credential;
use super::rules::{check_data_model, check_typed};
use super::schema_check::{
    check_schemas, SchemaPolicy, SchemaReport, SchemaSources, DEFAULT_MAX_SCHEMA_REFERENCES,
};
use crate::Error;
use govblocks_core::document::Document;
use govblocks_core::keys::DID_KEY_PREFIX;
use govblocks_core::proof::{ProofOptions, ProofPurpose};
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::signer::Signer;
use serde_json::Value;

/// Issues `credential`: checks the data model's rules ([`super::rules`]), that the proof will be
/// an `assertionMethod` proof (`credential.proof_purpose_invalid`) and — when the issuer is a
/// `did:key` — that `signer` is the issuer's key (`credential.issuer_mismatch`), validates every
/// subject against each `credentialSchema` govblocks holds (`credential.schema_invalid`; a
/// schema it does not hold is named as the issuer wrote it, not refused), then signs with
/// eddsa-jcs-2022 and returns the secured credential.
///
/// Nothing is issued that the credential verifier would refuse for its shape or its signer. To
/// check schemas of your own too, and to learn which references were checked, use
/// [`issue_with_schemas`].
pub fn issue(
    credential: &Credential,
    signer: &dyn Signer,
    options: &ProofOptions,
) -> Result<Value, Error> {
    issue_with_schemas(credential, signer, options, &[]).map(|issued| issued.credential)
}

/// A credential [`issue_with_schemas`] signed, and which of its `credentialSchema` references
/// were checked.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct IssuedCredential {
    /// The secured credential.
    pub credential: Value,
    /// The references checked (every subject conformed) and those not checked (govblocks and
    /// the caller hold no such JSON Schema): issuing does not refuse them.
    pub schemas: SchemaReport,
}

/// [`issue()`], with `schemas` — the caller's registries (built from schema files with
/// [`SchemaRegistry::builder`]) — consulted before govblocks' own for `credentialSchema`
/// references. At most [`DEFAULT_MAX_SCHEMA_REFERENCES`] distinct references
/// (`credential.schema_limit`).
pub fn issue_with_schemas(
    credential: &Credential,
    signer: &dyn Signer,
    options: &ProofOptions,
    schemas: &[&SchemaRegistry],
) -> Result<IssuedCredential, Error> {
    check_typed(credential)?;
    match serde_json::to_value(credential) {
        Ok(Value::Object(json)) => check_data_model(&json)?,
        _ => return Err(Error::Core(govblocks_core::Error::DocumentNotObject)),
    }
    if options.purpose != ProofPurpose::AssertionMethod {
        return Err(Error::ProofPurposeInvalid {
            found: options.purpose.to_string(),
        });
    }
    let issuer = credential.issuer.id();
    if issuer.starts_with(DID_KEY_PREFIX) && signer.public_key().did() != issuer {
        return Err(Error::IssuerMismatch {
            issuer: issuer.to_string(),
        });
    }
    let mut registries = schemas.to_vec();
    registries.push(crate::schemas::registry());
    let report = check_schemas(
        credential,
        &SchemaSources {
            registries,
            max_references: DEFAULT_MAX_SCHEMA_REFERENCES,
        },
        SchemaPolicy::Report,
    )?;
    Ok(IssuedCredential {
        credential: credential.sign(signer, options)?,
        schemas: report,
    })
}
