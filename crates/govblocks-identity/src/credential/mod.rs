//! W3C Verifiable Credentials Data Model 2.0: the credential, issuing it, verifying it.
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shape: [`Credential`], [`Issuer`], [`CredentialSchema`], [`RelatedResource`] |
//! | [`builder`] | [`CredentialBuilder`]: a credential from a typed subject, status entries, schemas, validity, related resources |
//! | [`rules`] | what makes a credential valid (the data model's normative rules, each with its code), and its [`Document`](govblocks_core::document::Document) implementation |
//! | [`schema_check`] | `credentialSchema`: which references can be checked, the [`SchemaPolicy`] for the others, the [`SchemaReport`] |
//! | [`related`] | `relatedResource` digests (`digestSRI`, `digestMultibase`) checked against bytes the caller supplies |
//! | [`issue`](mod@issue) | [`issue()`] and [`issue_with_schemas`]: the rules, then the signature |
//! | [`verifier`] | [`CredentialVerifier`]: the pipeline, trust, `credentialSchema`, related resources, status |
//!
//! The deviations from the specification (where govblocks reads a rule narrowly, or cannot
//! check something) are listed in [`rules`] (identifiers, language values, subjects, digests),
//! [`related`] (which digests can be checked) and [`schema_check`] (which schemas can be
//! checked, and why unchecked ones are refused by default).

pub mod builder;
pub(crate) mod de;
pub mod issue;
pub mod model;
pub mod related;
pub mod rules;
pub mod schema_check;
pub mod verifier;

pub use builder::CredentialBuilder;
pub use issue::{issue, issue_with_schemas, IssuedCredential};
pub use model::{
    Credential, CredentialSchema, Issuer, RelatedResource, CREDENTIALS_V2, VERIFIABLE_CREDENTIAL,
};
pub use related::{RelatedReport, RelatedResources};
pub use schema_check::{
    SchemaPolicy, SchemaReport, UncheckedReason, UncheckedSchema, DEFAULT_MAX_SCHEMA_REFERENCES,
};
pub use verifier::{CredentialReport, CredentialVerifier, StatusScope, StatusStats};
