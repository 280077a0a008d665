//! `credentialSchema`: which of a credential's schemas can be checked, checking them, and
//! what to do with the others.
//!
//! VC DM 2.0 §4.10 lets an issuer name any data schema; a verifier checks those it can. Here a
//! reference is **checked** when its `type` is `JsonSchema` and its `id` is a schema that
//! govblocks holds ([`crate::schemas::registry`]) or that the caller supplied (a
//! [`SchemaRegistry`] of their own, built from schema files with
//! [`SchemaRegistry::builder`]): every subject is validated against it, and a subject that does
//! not conform is `credential.schema_invalid`, on issue as on verify. Any other reference is
//! **unchecked** (an unknown `id`, or another `type` such as `JsonSchemaCredential`, which would
//! need fetching).
//!
//! - Issuing never refuses an unchecked reference: the issuer may name a schema it does not
//!   hold ([`issue_with_schemas`](super::issue::issue_with_schemas) reports which were checked).
//! - Verifying follows a [`SchemaPolicy`]. The default is [`SchemaPolicy::Refuse`]: an
//!   unchecked reference is `credential.schema_unknown`. It is the safe default because the
//!   issuer asserted that the subjects conform to that schema, and a verifier that accepts the
//!   credential without checking would be trusting a claim it did not verify; a relying party
//!   that knows it does not need the schema chooses [`SchemaPolicy::Report`] and reads
//!   [`SchemaReport::unchecked`].
//!
//! # Cost
//!
//! The cost of the checks is linear in the credential's size: references are deduplicated (by
//! `id` and `type`) before anything is validated, each subject is validated once against each
//! distinct checkable schema, and the number of distinct references is capped
//! ([`DEFAULT_MAX_SCHEMA_REFERENCES`], `credential.schema_limit`). A signer who repeats one
//! reference 46,000 times costs one validation per subject, not 46,000.

use super::model::{Credential, CredentialSchema, JSON_SCHEMA};
use crate::Error;
use govblocks_core::schema::SchemaRegistry;
use serde::Serialize;
use serde_json::Value;
use std::collections::HashSet;

/// The most distinct `credentialSchema` references accepted by default: far more than any real
/// credential names (one or two), few enough that validating every subject against each stays
/// proportional to the credential's size.
pub const DEFAULT_MAX_SCHEMA_REFERENCES: usize = 16;

/// What a verifier does with a `credentialSchema` reference it cannot check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum SchemaPolicy {
    /// Refuse the credential (`credential.schema_unknown`). The default: see the
    /// [module docs](self).
    #[default]
    Refuse,
    /// Accept it, and list the reference in [`SchemaReport::unchecked`].
    Report,
}

/// Why a `credentialSchema` reference was not checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum UncheckedReason {
    /// Its `type` is not `JsonSchema` (`JsonSchemaCredential` would need the schema credential,
    /// fetched and verified).
    UnsupportedType,
    /// Neither govblocks nor the caller holds a schema with that `id` (nothing is fetched).
    NotHeld,
}

impl std::fmt::Display for UncheckedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            UncheckedReason::UnsupportedType => {
                "its type is not JsonSchema (the one type checked; a JsonSchemaCredential would \
                 need fetching)"
            }
            UncheckedReason::NotHeld => {
                "no JSON Schema with that id is held by govblocks or the caller (nothing is \
                 fetched)"
            }
        })
    }
}

/// A `credentialSchema` reference that was not checked, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct UncheckedSchema {
    /// The reference's `id`.
    pub id: String,
    /// The reference's `type`.
    #[serde(rename = "type")]
    pub schema_type: String,
    /// Why it was not checked.
    pub reason: UncheckedReason,
}

/// Which `credentialSchema` references of a credential were checked (every subject conformed)
/// and which could not be.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct SchemaReport {
    /// The `id`s of the distinct references checked, in order of first appearance.
    pub checked: Vec<String>,
    /// The distinct references not checked, in order of first appearance.
    pub unchecked: Vec<UncheckedSchema>,
    /// How many subject validations were run (distinct checked schemas × subjects): what the
    /// check cost, for tests and metrics.
    #[serde(skip)]
    pub validations: usize,
}

/// Where references are looked up and how many distinct ones are accepted.
pub(crate) struct SchemaSources<'a> {
    /// The caller's registries first, then govblocks' own.
    pub registries: Vec<&'a SchemaRegistry>,
    /// The most distinct references.
    pub max_references: usize,
}

/// The distinct references of `credential`, in order (`credential.schema_limit` past `max`).
fn distinct(credential: &Credential, max: usize) -> Result<Vec<&CredentialSchema>, Error> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for reference in credential.credential_schema.iter().flat_map(|s| s.iter()) {
        if seen.insert((reference.id.as_str(), reference.schema_type.as_str())) {
            if out.len() == max {
                return Err(Error::SchemaReferencesExceeded {
                    found: max + 1,
                    max,
                });
            }
            out.push(reference);
        }
    }
    Ok(out)
}

/// Checks every checkable reference of `credential` (see the [module docs](self)); an unchecked
/// one is refused under [`SchemaPolicy::Refuse`] and listed under [`SchemaPolicy::Report`].
pub(crate) fn check_schemas(
    credential: &Credential,
    sources: &SchemaSources<'_>,
    policy: SchemaPolicy,
) -> Result<SchemaReport, Error> {
    let mut report = SchemaReport::default();
    let references = distinct(credential, sources.max_references)?;
    if references.is_empty() {
        return Ok(report);
    }
    // Each subject as a JSON value once, whatever the number of schemas.
    let mut subjects: Option<Vec<Value>> = None;
    for reference in references {
        let holder = (reference.schema_type == JSON_SCHEMA)
            .then(|| {
                sources
                    .registries
                    .iter()
                    .find(|r| r.resolve(&reference.id).is_some())
            })
            .flatten();
        let Some(registry) = holder else {
            let reason = if reference.schema_type == JSON_SCHEMA {
                UncheckedReason::NotHeld
            } else {
                UncheckedReason::UnsupportedType
            };
            if policy == SchemaPolicy::Refuse {
                return Err(Error::SchemaUnknown {
                    id: reference.id.clone(),
                    reason,
                });
            }
            report.unchecked.push(UncheckedSchema {
                id: reference.id.clone(),
                schema_type: reference.schema_type.clone(),
                reason,
            });
            continue;
        };
        let subjects = subjects.get_or_insert_with(|| {
            credential
                .credential_subject
                .iter()
                .map(|s| Value::Object(s.clone()))
                .collect()
        });
        for subject in subjects.iter() {
            report.validations += 1;
            if let Err(e) = registry.validate(&reference.id, subject) {
                return Err(Error::SchemaInvalid {
                    schema: reference.id.clone(),
                    violations: e.violations().to_vec(),
                });
            }
        }
        report.checked.push(reference.id.clone());
    }
    Ok(report)
}
