//! What makes a credential valid: the data model's structural rules, and the rules that run
//! once every proof has verified. The verifier's further checks that need state of its own
//! (trust, `credentialSchema`, status, related resources) are in [`super::verifier`].
//!
//! # The data model's rules (VC DM 2.0), on issue and on verify
//!
//! [`check_data_model`] enforces the normative statements below on the credential's JSON, each
//! with its own code. [`issue`](super::issue()) runs it before signing;
//! [`CredentialVerifier`](super::CredentialVerifier) runs it on the parsed credential before
//! the schema and the proofs, so that each rule is reported with its code rather than as a
//! schema violation.
//!
//! | rule (VC DM 2.0) | code |
//! | --- | --- |
//! | §4.5: `credentialStatus`, `credentialSchema`, `termsOfUse`, `evidence` and `refreshService` objects MUST have a `type` | `credential.type_missing` |
//! | §4.6, §11.1: `name` and `description` (of the credential and of an `issuer` object) are a string or language value objects (`@value`, optional `@language`, `@direction`, nothing else) | `credential.language_value_invalid` |
//! | §4.8: each `credentialSubject` object MUST be the subject of one or more claims (`{}` is not) | `credential.subject_empty` |
//! | §4.4: an `id` (of the credential, a subject, a status entry, a schema reference, evidence, terms of use, a refresh service) is one URL | `credential.id_invalid` |
//! | §5.3: `relatedResource` entries are objects with a URL `id`, ids unique, each with a well-formed `digestSRI` or `digestMultibase` | `credential.related_resource_invalid` |
//!
//! The credential JSON Schema (`schemas/identity/v1/credential.json`) states the same rules
//! as far as a schema can (all but the uniqueness of related resource ids and the digests'
//! lengths and encodings), so a document checked by the core pipeline alone
//! (`Verifier::verify_as::<Credential>`, or by a service in another language) is refused too,
//! as `schema.invalid` with the path; [`CredentialVerifier`](super::CredentialVerifier) and
//! [`issue`](super::issue()) report each rule with its own code.
//!
//! ## Where govblocks reads the specification narrowly (documented deviations)
//!
//! - **A URL** (§4.4) is checked syntactically: an RFC 3986 scheme, `:`, then at least one
//!   character, with no white space, control characters or characters URLs never hold
//!   (`<>"{}|\^` and backtick). Nothing is dereferenced.
//! - **Language value objects** (§11.1): `@language` must look like a BCP 47 tag (letter-digit
//!   subtags of 1–8 characters separated by `-`); it is not checked against the IANA registry.
//!   An array of language value objects (as the specification's own examples write several
//!   languages) is accepted; an array of plain strings is not.
//! - **A subject with only an `id`** is accepted: it says nothing more than who the subject is,
//!   but the specification's test suite and examples treat it as a subject; `{}` is refused.
//! - **`digestMultibase`** accepts the multibase headers `z` (base58btc) and `u` (base64url
//!   without padding) only — the two Controlled Identifiers 1.0 requires every implementation
//!   to read; see [`super::related`] for the digests that can be checked.

use super::model::{Credential, CREDENTIALS_V2, VERIFIABLE_CREDENTIAL};
use crate::one_or_many::OneOrMany;
use crate::schemas::{ids, registry};
use crate::Error;
use govblocks_core::document::{Context, Document};
use govblocks_core::json::{JsonRead, TapeValue};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde_json::{Map, Value};

/// The structural rules of the data model, checked before a credential is issued and after it
/// is verified:
///
/// | rule | code |
/// | --- | --- |
/// | `@context` starts with `https://www.w3.org/ns/credentials/v2` | `credential.context_invalid` |
/// | `type` includes `VerifiableCredential` | `credential.type_invalid` |
/// | `validUntil` is not before `validFrom` | `credential.validity_invalid` |
///
/// and [`check_data_model`] on the credential's JSON (see the module docs).
pub fn check_structure(credential: &Credential) -> Result<(), Error> {
    check_typed(credential)?;
    match serde_json::to_value(credential) {
        Ok(Value::Object(json)) => check_data_model(&json),
        _ => Err(Error::Core(govblocks_core::Error::DocumentNotObject)),
    }
}

/// The rules of [`check_structure`] that read the typed credential (context, type, validity).
pub(crate) fn check_typed(credential: &Credential) -> Result<(), Error> {
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

    /// By move, keeping the parsed objects as they are (`credential/de.rs`): what
    /// `Credential::deserialize` reads, or its error.
    fn from_value(value: serde_json::Value) -> Result<Self, serde_json::Error> {
        super::de::credential_from_value(value)
    }

    /// Member by member from the tape (`credential/de.rs`): the top-level object is never
    /// built.
    fn from_tape(
        tape: TapeValue<'_>,
        _: govblocks_core::json::CanonicalDocument<'_>,
    ) -> Result<Self, serde_json::Error> {
        super::de::credential_from_tape(tape, None)
    }

    /// `from_tape`, keeping the proof tree the pipeline read.
    fn from_tape_with_proof(
        tape: TapeValue<'_>,
        _: govblocks_core::json::CanonicalDocument<'_>,
        proof: serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        super::de::credential_from_tape(tape, Some(proof))
    }

    /// The typed structural rules (context, type, validity order); every proof is an
    /// `assertionMethod` proof by a key the `issuer` controls (`credential.issuer_mismatch`);
    /// `validFrom` reached (`credential.not_yet_valid`) and `validUntil` not passed
    /// (`credential.expired`), against the verifier's clock with its skew. (The data model's
    /// rules on the JSON, [`check_data_model`], ran before the schema in the credential
    /// verifier.)
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        // The data model's rules on the JSON ran before the schema, in the credential verifier.
        check_typed(self)?;
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

/// The members whose objects MUST have a `type` (VC DM 2.0 §4.5), in the order checked.
const TYPED_MEMBERS: &[&str] = &[
    "credentialStatus",
    "credentialSchema",
    "termsOfUse",
    "evidence",
    "refreshService",
];

/// The data model's rules that a schema does not report with their own codes, on a credential's
/// JSON object (see the [module docs](self) for each rule, its section and its code). Members of
/// the wrong JSON kind that no rule here is about are left to the schema.
pub fn check_data_model(credential: &Map<String, Value>) -> Result<(), Error> {
    if let Some(id) = credential.get("id") {
        check_id(|| "credential".to_string(), id)?;
    }
    for member in TYPED_MEMBERS {
        let Some(value) = credential.get(*member) else {
            continue;
        };
        let many = matches!(value, Value::Array(_));
        for (i, item) in items(value).enumerate() {
            let label = || {
                if many {
                    format!("{member}[{i}]")
                } else {
                    (*member).to_string()
                }
            };
            let Value::Object(object) = item else {
                return Err(Error::TypeMissing { member: label() });
            };
            if !object.get("type").is_some_and(is_type_value) {
                return Err(Error::TypeMissing { member: label() });
            }
            if let Some(id) = object.get("id") {
                check_id(label, id)?;
            }
        }
    }
    for member in ["name", "description"] {
        if let Some(value) = credential.get(member) {
            check_language_value(member, value)?;
        }
    }
    if let Some(Value::Object(issuer)) = credential.get("issuer") {
        for member in ["name", "description"] {
            if let Some(value) = issuer.get(member) {
                check_language_value(&format!("issuer.{member}"), value)?;
            }
        }
    }
    if let Some(subjects) = credential.get("credentialSubject") {
        for (index, subject) in items(subjects).enumerate() {
            if let Value::Object(subject) = subject {
                if subject.is_empty() {
                    return Err(Error::SubjectEmpty { index });
                }
                if let Some(id) = subject.get("id") {
                    check_id(|| format!("credentialSubject[{index}]"), id)?;
                }
            }
        }
    }
    if let Some(related) = credential.get("relatedResource") {
        check_related_resources(related)?;
    }
    Ok(())
}

/// [`check_data_model`] on a credential read without a tree (a [`TapeValue`] of a canonical
/// document), with the same answer and error. The common credential — string or absent `id`,
/// typed status and schema entries, subjects that are objects with claims — is read straight
/// from the tape; anything else (`name`, `description`, an issuer object, `relatedResource`,
/// `termsOfUse`, `evidence`, `refreshService`, or any entry that breaks a rule) is checked on
/// its tree by [`check_data_model`] itself, which then gives the error.
pub fn check_data_model_tape(credential: TapeValue<'_>) -> Result<(), Error> {
    if plainly_valid(credential) {
        return Ok(());
    }
    match credential.to_value() {
        Value::Object(json) => check_data_model(&json),
        // Not an object: left to the schema, as `check_data_model`'s callers do.
        _ => Ok(()),
    }
}

/// Whether `credential` surely passes [`check_data_model`]: `false` when in doubt.
fn plainly_valid(credential: TapeValue<'_>) -> bool {
    if credential.as_object().is_none() {
        return false;
    }
    let id_ok = |value: TapeValue<'_>| value.as_str().is_some_and(is_url);
    let mut fine = true;
    for (name, value) in credential.members() {
        fine &= match name {
            "id" => id_ok(value),
            "credentialStatus" | "credentialSchema" => items(value).all(|item| {
                item.as_object().is_some()
                    && item.get("type").is_some_and(is_type_value)
                    && item.get("id").is_none_or(id_ok)
            }),
            "credentialSubject" => items(value).all(|subject| {
                subject.as_object().is_none()
                    || (!subject.is_empty() && subject.get("id").is_none_or(id_ok))
            }),
            "name" | "description" | "issuer" | "relatedResource" | "termsOfUse" | "evidence"
            | "refreshService" => {
                // A plain issuer URL needs nothing here; anything else is for the tree.
                name == "issuer" && value.as_str().is_some()
            }
            _ => true,
        };
        if !fine {
            return false;
        }
    }
    true
}

/// The items of a member that is one value or an array of them, on a tree or on a tape.
fn items<'v, J: JsonRead<'v>>(value: J) -> impl Iterator<Item = J> + use<'v, J> {
    let one = (!value.is_array()).then_some(value);
    value.elements().chain(one)
}

/// Whether a `type` value is a non-empty string or a non-empty array of them, on a tree or on a
/// tape.
fn is_type_value<'v>(value: impl JsonRead<'v>) -> bool {
    match value.text() {
        Some(one) => !one.is_empty(),
        None => {
            let mut all = value.elements().peekable();
            all.peek().is_some() && all.all(|t| t.text().is_some_and(|s| !s.is_empty()))
        }
    }
}

/// §4.4: an `id` is one URL.
///
/// `member` names the id's member for the error; it is written only when there is one (this
/// runs on every credential verified).
fn check_id(member: impl FnOnce() -> String, id: &Value) -> Result<(), Error> {
    let invalid = |reason: String| Error::IdInvalid {
        member: member(),
        reason,
    };
    match id {
        Value::String(s) if is_url(s) => Ok(()),
        Value::String(_) => Err(invalid("not a URL".into())),
        Value::Array(_) => Err(invalid("an array: an id is one URL".into())),
        other => Err(invalid(format!("{}: an id is one URL", kind(other)))),
    }
}

/// A URL as §4.4 needs it, checked syntactically: an RFC 3986 scheme, `:`, and at least one
/// character, none of them white space, control characters or characters URLs never hold.
pub(crate) fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !rest.chars().any(|c| {
            c.is_whitespace()
                || c.is_control()
                || matches!(c, '<' | '>' | '"' | '{' | '}' | '|' | '\\' | '^' | '`')
        })
}

/// §4.6, §11.1: a string, a language value object, or an array of language value objects.
fn check_language_value(member: &str, value: &Value) -> Result<(), Error> {
    let invalid = |reason: String| Error::LanguageValueInvalid {
        member: member.to_string(),
        reason,
    };
    match value {
        Value::String(_) => Ok(()),
        Value::Object(object) => check_language_object(object).map_err(invalid),
        Value::Array(all) if !all.is_empty() => all.iter().try_for_each(|item| match item {
            Value::Object(object) => check_language_object(object).map_err(invalid),
            other => Err(invalid(format!(
                "{} in a list: each entry must be a language value object",
                kind(other)
            ))),
        }),
        Value::Array(_) => Err(invalid("an empty list".into())),
        other => Err(invalid(format!(
            "{}: it must be a string or language value objects",
            kind(other)
        ))),
    }
}

/// A language value object: `@value` (a string), optional `@language` (a BCP 47 tag) and
/// `@direction` (`ltr` or `rtl`), nothing else.
fn check_language_object(object: &Map<String, Value>) -> Result<(), String> {
    if let Some(other) = object
        .keys()
        .find(|k| !matches!(k.as_str(), "@value" | "@language" | "@direction"))
    {
        return Err(format!(
            "a language value object holds only @value, @language and @direction, not {other:?}"
        ));
    }
    if !object.get("@value").is_some_and(Value::is_string) {
        return Err("a language value object needs a string @value".into());
    }
    if let Some(language) = object.get("@language") {
        if !language.as_str().is_some_and(is_language_tag) {
            return Err("@language is not a BCP 47 language tag".into());
        }
    }
    if let Some(direction) = object.get("@direction") {
        if !matches!(direction.as_str(), Some("ltr" | "rtl")) {
            return Err("@direction is neither \"ltr\" nor \"rtl\"".into());
        }
    }
    Ok(())
}

/// The shape of a BCP 47 tag: subtags of 1–8 letters or digits separated by `-`, the first
/// letters only.
fn is_language_tag(tag: &str) -> bool {
    let mut subtags = tag.split('-');
    subtags
        .next()
        .is_some_and(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphabetic()))
        && subtags
            .all(|s| (1..=8).contains(&s.len()) && s.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// §5.3: each related resource an object with a URL `id`, the ids unique, each with at least
/// one well-formed `digestSRI` or `digestMultibase`.
fn check_related_resources(related: &Value) -> Result<(), Error> {
    let invalid = |reason: String| Error::RelatedResourceInvalid { reason };
    let mut seen = std::collections::HashSet::new();
    for (i, item) in items(related).enumerate() {
        let Value::Object(resource) = item else {
            return Err(invalid(format!(
                "entry {i} is {}, not an object",
                kind(item)
            )));
        };
        let id = match resource.get("id") {
            Some(Value::String(id)) if is_url(id) => id,
            Some(Value::String(_)) => return Err(invalid(format!("entry {i}: id is not a URL"))),
            Some(other) => {
                return Err(invalid(format!(
                    "entry {i}: id is {}, not one URL",
                    kind(other)
                )))
            }
            None => return Err(invalid(format!("entry {i} has no id"))),
        };
        if !seen.insert(id.as_str()) {
            return Err(invalid(format!(
                "the id {id:?} appears twice: related resource ids are unique"
            )));
        }
        let mut digests = 0;
        for (member, sri) in [("digestSRI", true), ("digestMultibase", false)] {
            let Some(value) = resource.get(member) else {
                continue;
            };
            let texts: Vec<&Value> = items(value).collect();
            if texts.is_empty() {
                return Err(invalid(format!("{id:?}: {member} is an empty list")));
            }
            for text in texts {
                let Some(text) = text.as_str() else {
                    return Err(invalid(format!("{id:?}: {member} values are strings")));
                };
                super::related::check_digest_text(sri, text)
                    .map_err(|reason| invalid(format!("{id:?}: {reason}")))?;
                digests += 1;
            }
        }
        if digests == 0 {
            return Err(invalid(format!(
                "{id:?} has neither digestSRI nor digestMultibase"
            )));
        }
        if let Some(media_type) = resource.get("mediaType") {
            if !media_type.is_string() {
                return Err(invalid(format!("{id:?}: mediaType is not a string")));
            }
        }
    }
    Ok(())
}

/// The JSON kind of `value`, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
