//! [`CredentialBuilder`]: a credential from typed parts — a subject that serializes to a JSON
//! object, status entries, schema references, a validity window, related resources — without
//! building `serde_json::Map`s by hand. [`CredentialBuilder::build`] runs the data model's rules
//! ([`super::rules::check_structure`]), so a built credential is one [`issue`](super::issue())
//! accepts for its shape.
//!
//! ```
//! use govblocks_core::clock::Timestamp;
//! use govblocks_identity::credential::{Credential, RelatedResource};
//! use govblocks_identity::status_list::{StatusEntry, StatusPurpose};
//!
//! #[derive(serde::Serialize)]
//! struct Pupil { id: String, school: String }
//!
//! let photo = b"...the photo's bytes...";
//! let credential = Credential::builder("did:example:ministry")
//!     .id("urn:uuid:2f3c1e0a-9d1b-4c57-8d3e-4b8f0c6a7e21")
//!     .add_type("EnrolmentCredential")
//!     .name("Enrolment")
//!     .subject(&Pupil { id: "did:example:olena".into(), school: "Lyceum 27".into() })
//!     .valid_from(Timestamp::parse("2024-09-01T00:00:00Z", "validFrom")?)
//!     .valid_until(Timestamp::parse("2025-06-30T00:00:00Z", "validUntil")?)
//!     .status(StatusEntry::new(StatusPurpose::Revocation, "https://school.example/status/1", 94567)?)
//!     .schema("https://schemas.example/pupil.json")
//!     .related_resource(RelatedResource::of_bytes("https://school.example/photos/olena.jpg", photo))
//!     .build()?;
//! assert_eq!(credential.subject_ids().collect::<Vec<_>>(), ["did:example:olena"]);
//!
//! // A subject that is not a JSON object, or that makes no claim, is refused when building.
//! #[derive(serde::Serialize)]
//! struct Nothing {}
//! let empty = Credential::builder("did:example:ministry").subject(&Nothing {}).build();
//! assert_eq!(empty.unwrap_err().code(), "credential.subject_empty");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```

use super::model::{Credential, CredentialSchema, Issuer, RelatedResource, VERIFIABLE_CREDENTIAL};
use super::rules::check_structure;
use crate::one_or_many::OneOrMany;
use crate::status_list::StatusEntry;
use crate::Error;
use govblocks_core::clock::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value};

/// Builds a [`Credential`] from typed parts (see the [module docs](self)). Each setter takes
/// `self` and returns it; errors (a subject that does not serialize to an object) wait for
/// [`CredentialBuilder::build`], which reports the first.
#[derive(Debug)]
#[must_use = "a builder does nothing until build() is called"]
pub struct CredentialBuilder {
    credential: Credential,
    subjects: Vec<Map<String, Value>>,
    statuses: Vec<Map<String, Value>>,
    schemas: Vec<CredentialSchema>,
    related: Vec<RelatedResource>,
    error: Option<Error>,
}

impl Credential {
    /// A [`CredentialBuilder`] for a credential by `issuer` (its URL).
    pub fn builder(issuer: impl Into<String>) -> CredentialBuilder {
        let mut credential = Credential::new(issuer, &[], Map::new());
        credential.credential_subject = OneOrMany::Many(Vec::new());
        CredentialBuilder {
            credential,
            subjects: Vec::new(),
            statuses: Vec::new(),
            schemas: Vec::new(),
            related: Vec::new(),
            error: None,
        }
    }
}

impl CredentialBuilder {
    fn fail(mut self, error: Error) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// The issuer as an object: its URL `id` plus members such as `name` (a string, or language
    /// value objects) — any type that serializes to a JSON object; an `id` in it is replaced.
    pub fn issuer_details(mut self, details: impl Serialize) -> Self {
        let id = self.credential.issuer.id().to_string();
        match serde_json::to_value(details) {
            Ok(Value::Object(mut rest)) => {
                rest.remove("id");
                self.credential.issuer = Issuer::Object { id, rest };
                self
            }
            Ok(_) => self.fail(invalid("the issuer's details must be a JSON object")),
            Err(e) => self.fail(invalid(&e.to_string())),
        }
    }

    /// The credential's `id` (a URL).
    pub fn id(mut self, id: impl Into<String>) -> Self {
        self.credential.id = Some(id.into());
        self
    }

    /// Adds a type after `VerifiableCredential` (once).
    pub fn add_type(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        if !self.credential.has_type(&name) {
            let mut types: Vec<String> = self.credential.types.iter().cloned().collect();
            types.push(name);
            self.credential.types = OneOrMany::Many(types);
        }
        self
    }

    /// Adds a context after the base context (a URL or a context object).
    pub fn add_context(mut self, context: impl Into<Value>) -> Self {
        let mut all: Vec<Value> = self.credential.context.iter().cloned().collect();
        all.push(context.into());
        self.credential.context = OneOrMany::Many(all);
        self
    }

    /// `name`: a string, or language value objects (`{"@value", "@language"}`).
    pub fn name(mut self, name: impl Into<Value>) -> Self {
        self.credential.name = Some(name.into());
        self
    }

    /// `description`: a string, or language value objects.
    pub fn description(mut self, description: impl Into<Value>) -> Self {
        self.credential.description = Some(description.into());
        self
    }

    /// Adds a subject: any type that serializes to a JSON object (a
    /// [`FoundationalIdSubject`](crate::foundational_id::FoundationalIdSubject), a struct of
    /// your own). One subject is written as an object, several as an array.
    pub fn subject(mut self, subject: impl Serialize) -> Self {
        match serde_json::to_value(subject) {
            Ok(Value::Object(subject)) => {
                self.subjects.push(subject);
                self
            }
            Ok(_) => self.fail(invalid("a credential subject must be a JSON object")),
            Err(e) => self.fail(invalid(&format!(
                "a credential subject must be a JSON object: {e}"
            ))),
        }
    }

    /// `validFrom`.
    pub fn valid_from(mut self, at: Timestamp) -> Self {
        self.credential.valid_from = Some(at);
        self
    }

    /// `validUntil`.
    pub fn valid_until(mut self, at: Timestamp) -> Self {
        self.credential.valid_until = Some(at);
        self
    }

    /// Adds a `credentialStatus` entry (a Bitstring Status List entry).
    pub fn status(mut self, entry: StatusEntry) -> Self {
        if let Value::Object(entry) = entry.to_value() {
            self.statuses.push(entry);
        }
        self
    }

    /// Adds a `credentialSchema` reference of type `JsonSchema` to the schema `id`.
    pub fn schema(self, id: impl Into<String>) -> Self {
        self.credential_schema(CredentialSchema::json_schema(id))
    }

    /// Adds a `credentialSchema` reference of any type.
    pub fn credential_schema(mut self, reference: CredentialSchema) -> Self {
        self.schemas.push(reference);
        self
    }

    /// Adds a `relatedResource` entry ([`RelatedResource::of_bytes`] computes its digests).
    pub fn related_resource(mut self, resource: RelatedResource) -> Self {
        self.related.push(resource);
        self
    }

    /// Adds an extension member (a member the data model does not name), kept as it is.
    pub fn extension(mut self, name: impl Into<String>, value: impl Into<Value>) -> Self {
        self.credential.extensions.insert(name.into(), value.into());
        self
    }

    /// The credential, once it follows the data model's rules
    /// ([`check_structure`]): the first error of a setter, `credential.subject_empty` without a
    /// subject, or the code of the rule it breaks.
    pub fn build(self) -> Result<Credential, Error> {
        if let Some(error) = self.error {
            return Err(error);
        }
        let mut credential = self.credential;
        credential.credential_subject = match one_or_many(self.subjects) {
            Some(subjects) => subjects,
            None => return Err(Error::SubjectEmpty { index: 0 }),
        };
        credential.credential_status = one_or_many(self.statuses);
        credential.credential_schema = one_or_many(self.schemas);
        credential.related_resource = one_or_many(self.related);
        if !credential.has_type(VERIFIABLE_CREDENTIAL) {
            // `Credential::new` put it first; nothing removes it.
            return Err(Error::TypeInvalid {
                reason: format!("type must include {VERIFIABLE_CREDENTIAL}"),
            });
        }
        check_structure(&credential)?;
        Ok(credential)
    }
}

/// One item as itself, several as an array, none as absent.
fn one_or_many<T>(mut items: Vec<T>) -> Option<OneOrMany<T>> {
    match items.len() {
        0 => None,
        1 => items.pop().map(OneOrMany::One),
        _ => Some(OneOrMany::Many(items)),
    }
}

fn invalid(reason: &str) -> Error {
    Error::Core(govblocks_core::Error::DocumentInvalid {
        reason: reason.to_string(),
    })
}
