//! The wire shape of a W3C Verifiable Credential 2.0: what each member holds, nothing about
//! whether the credential is valid (that is [`super::rules`]).

use crate::one_or_many::OneOrMany;
use govblocks_core::clock::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The base context every credential and presentation starts with.
pub const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";
/// The type every credential has.
pub const VERIFIABLE_CREDENTIAL: &str = "VerifiableCredential";

/// A W3C Verifiable Credential (Data Model 2.0, §4), as it travels.
///
/// Every member the data model names is typed; everything else — extension members, and the
/// `proof` — is kept in [`Credential::extensions`] in its place, so a credential read and
/// written again canonicalizes to the same bytes.
///
/// Read by a hand-written `Deserialize` (`credential/de.rs`): the derived one, with
/// `#[serde(flatten)]`, buffers the whole credential and reads it twice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Credential {
    /// `@context`: the base context first, then URLs or context objects, order kept.
    #[serde(rename = "@context")]
    pub context: OneOrMany<Value>,
    /// `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`: must include `VerifiableCredential`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// `issuer`.
    pub issuer: Issuer,
    /// `validFrom`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_from: Option<Timestamp>,
    /// `validUntil`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Timestamp>,
    /// `credentialSubject`: one subject or several, each a JSON object.
    pub credential_subject: OneOrMany<Map<String, Value>>,
    /// `credentialStatus`: one entry or several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_status: Option<OneOrMany<Map<String, Value>>>,
    /// `credentialSchema`: one reference or several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credential_schema: Option<OneOrMany<CredentialSchema>>,
    /// `name` (a string or language-tagged values).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<Value>,
    /// `description`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<Value>,
    /// `evidence`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<Value>,
    /// `termsOfUse`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub terms_of_use: Option<Value>,
    /// `refreshService`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_service: Option<Value>,
    /// `relatedResource` (§5.3): resources the credential refers to, each with its digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub related_resource: Option<OneOrMany<RelatedResource>>,
    /// Every other member, kept as it is: extensions, and `proof` on a secured credential.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

/// `issuer`: a URL, or an object whose `id` is one (with more members, such as `name`).
/// Read by a hand-written `Deserialize` (`credential/de.rs`) that accepts exactly what
/// `#[serde(untagged)]` accepts.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Issuer {
    /// The issuer's URL (a DID, typically).
    Url(String),
    /// An object with the issuer's `id` and more.
    Object {
        /// The issuer's URL.
        id: String,
        /// The object's other members.
        #[serde(flatten)]
        rest: Map<String, Value>,
    },
}

impl Issuer {
    /// The issuer's URL.
    pub fn id(&self) -> &str {
        match self {
            Issuer::Url(id) | Issuer::Object { id, .. } => id,
        }
    }
}

impl From<String> for Issuer {
    fn from(id: String) -> Self {
        Issuer::Url(id)
    }
}

/// A `credentialSchema` entry (VC JSON Schema): the `id` of a JSON Schema and its `type`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CredentialSchema {
    /// The schema's URL (its `$id`).
    pub id: String,
    /// `JsonSchema` is the one type the verifier checks.
    #[serde(rename = "type")]
    pub schema_type: String,
    /// Other members, kept.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

/// The `type` of a `credentialSchema` entry that names a JSON Schema directly.
pub const JSON_SCHEMA: &str = "JsonSchema";

impl CredentialSchema {
    /// A reference of type `JsonSchema` to the JSON Schema whose `$id` is `id`.
    pub fn json_schema(id: impl Into<String>) -> Self {
        CredentialSchema {
            id: id.into(),
            schema_type: JSON_SCHEMA.to_string(),
            rest: Map::new(),
        }
    }
}

/// A `relatedResource` entry (VC DM 2.0 §5.3): a resource the credential refers to, by its URL,
/// with one or more digests of its bytes, so that a verifier holding the bytes can tell whether
/// they changed since the credential was issued.
///
/// Whether the digests are well formed is [`super::rules`]'s business; checking them against
/// bytes is [`super::related`]'s.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RelatedResource {
    /// The resource's URL, unique among the credential's related resources.
    pub id: String,
    /// `mediaType`, optional.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// `digestSRI`: Subresource Integrity hash expressions (`sha384-<base64>`).
    #[serde(rename = "digestSRI", default, skip_serializing_if = "Option::is_none")]
    pub digest_sri: Option<OneOrMany<String>>,
    /// `digestMultibase`: multibase-encoded multihashes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest_multibase: Option<OneOrMany<String>>,
    /// Other members, kept.
    #[serde(flatten)]
    pub rest: Map<String, Value>,
}

impl RelatedResource {
    /// A related resource `id` with the digests of `bytes` the specification's examples use: a
    /// `digestSRI` with SHA-384 and a `digestMultibase` with SHA2-256 (base58btc).
    pub fn of_bytes(id: impl Into<String>, bytes: &[u8]) -> Self {
        RelatedResource {
            id: id.into(),
            media_type: None,
            digest_sri: Some(OneOrMany::One(super::related::sri_sha384(bytes))),
            digest_multibase: Some(OneOrMany::One(super::related::multibase_sha2_256(bytes))),
            rest: Map::new(),
        }
    }

    /// The same resource with its `mediaType`.
    pub fn with_media_type(mut self, media_type: impl Into<String>) -> Self {
        self.media_type = Some(media_type.into());
        self
    }
}

impl Credential {
    /// [`Credential::new`] with a typed subject (a
    /// [`FoundationalIdSubject`](crate::foundational_id::FoundationalIdSubject), any type that
    /// serializes to a JSON object): no conversion to a map by hand. A subject that does not
    /// serialize to an object is `document.invalid`.
    ///
    /// ```
    /// use govblocks_identity::credential::Credential;
    ///
    /// #[derive(serde::Serialize)]
    /// struct Pupil { id: String, school: String }
    ///
    /// let pupil = Pupil { id: "did:example:olena".into(), school: "Lyceum 27".into() };
    /// let credential = Credential::with_subject("did:example:ministry", &["EnrolmentCredential"], &pupil)?;
    /// assert_eq!(credential.subject_ids().collect::<Vec<_>>(), ["did:example:olena"]);
    /// assert_eq!(
    ///     Credential::with_subject("did:example:ministry", &[], "a string").unwrap_err().code(),
    ///     "document.invalid"
    /// );
    /// # Ok::<(), govblocks_identity::Error>(())
    /// ```
    pub fn with_subject(
        issuer: impl Into<String>,
        extra_types: &[&str],
        subject: impl Serialize,
    ) -> Result<Self, crate::Error> {
        let invalid = |reason: String| {
            crate::Error::Core(govblocks_core::Error::DocumentInvalid {
                reason: format!("a credential subject must be a JSON object: {reason}"),
            })
        };
        match serde_json::to_value(subject) {
            Ok(Value::Object(subject)) => Ok(Credential::new(issuer, extra_types, subject)),
            Ok(other) => Err(invalid(format!("found {}", json_kind(&other)))),
            Err(e) => Err(invalid(e.to_string())),
        }
    }

    /// A credential with the base context, `type` `["VerifiableCredential", …extra_types]`, this
    /// issuer and one subject; everything else empty. Add members before issuing.
    pub fn new(
        issuer: impl Into<String>,
        extra_types: &[&str],
        subject: Map<String, Value>,
    ) -> Self {
        let mut types = vec![VERIFIABLE_CREDENTIAL.to_string()];
        types.extend(extra_types.iter().map(|t| t.to_string()));
        Credential {
            context: OneOrMany::Many(vec![Value::from(CREDENTIALS_V2)]),
            id: None,
            types: OneOrMany::Many(types),
            issuer: Issuer::Url(issuer.into()),
            valid_from: None,
            valid_until: None,
            credential_subject: OneOrMany::One(subject),
            credential_status: None,
            credential_schema: None,
            name: None,
            description: None,
            evidence: None,
            terms_of_use: None,
            refresh_service: None,
            related_resource: None,
            extensions: Map::new(),
        }
    }

    /// Whether `type` includes `name`.
    pub fn has_type(&self, name: &str) -> bool {
        self.types.iter().any(|t| t == name)
    }

    /// The `id` of each subject that has one, in order.
    pub fn subject_ids(&self) -> impl Iterator<Item = &str> {
        self.credential_subject
            .iter()
            .filter_map(|s| s.get("id").and_then(Value::as_str))
    }
}

/// The JSON kind of `value`, for messages.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
