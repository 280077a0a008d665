//! The wire shape of a W3C Verifiable Presentation 2.0, and what makes one valid by itself.

use crate::credential::model::{Issuer, CREDENTIALS_V2};
use crate::credential::rules::check_context_and_type;
use crate::one_or_many::OneOrMany;
use crate::schemas::{ids, registry};
use crate::Error;
use govblocks_core::document::{Context, Document};
use govblocks_core::json::{JsonRead, LazyValue};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde::Serialize;
use serde_json::{Map, Value};

/// The type every presentation has.
pub const VERIFIABLE_PRESENTATION: &str = "VerifiablePresentation";

/// A W3C Verifiable Presentation (Data Model 2.0 §4.13), as it travels: embedded credentials
/// stay JSON ([`EmbeddedCredential`]) — each the verifier checks on its own, and hands back
/// typed in [`VerifiedPresentation::credentials`](super::VerifiedPresentation::credentials).
///
/// Read by a hand-written `Deserialize` (`credential/de.rs`), without the double reading of
/// `#[serde(flatten)]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Presentation {
    /// `@context`, base context first.
    #[serde(rename = "@context")]
    pub context: OneOrMany<Value>,
    /// `id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`: must include `VerifiablePresentation`.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// `holder` (same shape as an issuer: a URL or an object with `id`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub holder: Option<Issuer>,
    /// `verifiableCredential`: the embedded, secured credentials.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verifiable_credential: Option<OneOrMany<EmbeddedCredential>>,
    /// Every other member, kept: extensions and `proof`.
    #[serde(flatten)]
    pub extensions: Map<String, Value>,
}

impl Presentation {
    /// A presentation of these secured credentials without a `holder` (VC Data Model 2.0
    /// §4.13: the holder is optional; a verifier accepts it only under a policy that allows
    /// it).
    pub fn without_holder(credentials: Vec<Map<String, Value>>) -> Self {
        Presentation {
            holder: None,
            ..Presentation::new(String::new(), credentials)
        }
    }

    /// A presentation by `holder` of these secured credentials.
    pub fn new(holder: impl Into<String>, credentials: Vec<Map<String, Value>>) -> Self {
        Presentation {
            context: OneOrMany::Many(vec![Value::from(CREDENTIALS_V2)]),
            id: None,
            types: OneOrMany::Many(vec![VERIFIABLE_PRESENTATION.to_string()]),
            holder: Some(Issuer::Url(holder.into())),
            verifiable_credential: Some(OneOrMany::Many(
                credentials
                    .into_iter()
                    .map(EmbeddedCredential::from)
                    .collect(),
            )),
            extensions: Map::new(),
        }
    }

    /// The holder's URL, if the presentation names one.
    pub fn holder_id(&self) -> Option<&str> {
        self.holder.as_ref().map(Issuer::id)
    }

    /// The embedded credentials, in order, as JSON.
    pub fn credentials(&self) -> &[EmbeddedCredential] {
        self.verifiable_credential
            .as_ref()
            .map_or(&[], OneOrMany::as_slice)
    }
}

/// A credential embedded in a presentation's `verifiableCredential`, as JSON: a JSON object
/// (derefs to its [`Map`]).
///
/// A verifier reads each embedded credential once, as a [`Credential`](crate::credential::Credential)
/// of its own ([`VerifiedPresentation::credentials`](super::VerifiedPresentation::credentials)).
/// When the presentation arrived as it was signed (RFC 8785), the credential is kept here as
/// its canonical text and becomes a tree only if someone reads it as one: the verifier of a
/// stream of presentations does not build, for every credential, a second tree nobody reads.
///
/// ```
/// use govblocks_identity::presentation::EmbeddedCredential;
/// use serde_json::json;
/// let json = json!({"type": ["VerifiableCredential"], "issuer": "did:example:ministry"});
/// let embedded = EmbeddedCredential::from(json.as_object().unwrap().clone());
/// assert_eq!(embedded["issuer"], "did:example:ministry");
/// assert_eq!(embedded.canonical(), r#"{"issuer":"did:example:ministry","type":["VerifiableCredential"]}"#);
/// ```
#[derive(Clone, PartialEq)]
pub struct EmbeddedCredential(LazyValue);

impl EmbeddedCredential {
    /// From the canonical text of an object of a tape (the caller checked it is an object).
    pub(crate) fn from_lazy(json: LazyValue) -> Self {
        EmbeddedCredential(json)
    }

    /// The credential as a JSON object (parsed from its canonical text on first use).
    pub fn as_map(&self) -> &Map<String, Value> {
        static EMPTY: std::sync::OnceLock<Map<String, Value>> = std::sync::OnceLock::new();
        // Invariant: always an object (made from a `Map`, or from a tape's object).
        self.0
            .as_object()
            .unwrap_or_else(|| EMPTY.get_or_init(Map::new))
    }

    /// The credential as a JSON value.
    pub fn to_value(&self) -> Value {
        Value::Object(self.as_map().clone())
    }

    /// The credential's canonical (RFC 8785) text.
    pub fn canonical(&self) -> &str {
        self.0.canonical()
    }

    /// Whether the tree has been made.
    pub fn is_parsed(&self) -> bool {
        self.0.is_parsed()
    }
}

impl From<Map<String, Value>> for EmbeddedCredential {
    fn from(map: Map<String, Value>) -> Self {
        EmbeddedCredential(LazyValue::from(Value::Object(map)))
    }
}

impl std::ops::Deref for EmbeddedCredential {
    type Target = Map<String, Value>;
    fn deref(&self) -> &Map<String, Value> {
        self.as_map()
    }
}

impl std::fmt::Debug for EmbeddedCredential {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&self.0, f)
    }
}

impl Serialize for EmbeddedCredential {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.as_map().serialize(serializer)
    }
}

impl<'de> serde::Deserialize<'de> for EmbeddedCredential {
    /// As a [`Map`]: anything else is refused as a map refuses it.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Map::<String, Value>::deserialize(deserializer).map(EmbeddedCredential::from)
    }
}

/// The structural rules: base context first (`credential.context_invalid`), `type` includes
/// `VerifiablePresentation` (`credential.type_invalid`).
pub fn check_structure(presentation: &Presentation) -> Result<(), Error> {
    check_context_and_type(
        &presentation.context,
        &presentation.types,
        VERIFIABLE_PRESENTATION,
    )
}

impl Document for Presentation {
    const SCHEMA: &'static str = ids::PRESENTATION;
    type Error = Error;

    /// By move, keeping the parsed objects (the embedded credentials) as they are
    /// (`credential/de.rs`): what `Presentation::deserialize` reads, or its error.
    fn from_value(value: Value) -> Result<Self, serde_json::Error> {
        crate::credential::de::presentation_from_value(value)
    }

    /// Without a tree of the embedded credentials: each kept as its canonical text
    /// ([`EmbeddedCredential`]), which the credential verifier reads on its own.
    fn from_tape(
        tape: govblocks_core::json::TapeValue<'_>,
        _: govblocks_core::json::CanonicalDocument<'_>,
    ) -> Result<Self, serde_json::Error> {
        crate::credential::de::presentation_from_tape(tape, None)
    }

    /// `from_tape`, keeping the proof tree the pipeline read.
    fn from_tape_with_proof(
        tape: govblocks_core::json::TapeValue<'_>,
        _: govblocks_core::json::CanonicalDocument<'_>,
        proof: serde_json::Value,
    ) -> Result<Self, serde_json::Error> {
        crate::credential::de::presentation_from_tape(tape, Some(proof))
    }

    /// The structural rules, and who signed: every proof is an `authentication` proof, and
    /// when the presentation names a holder, every proof is by the holder
    /// (`presentation.holder_mismatch`, whatever the policy). Whether a holder and a proof are
    /// required, and who the credentials may be about, is the caller's
    /// [`PresentationPolicy`](super::PresentationPolicy), checked by the verifier.
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        check_structure(self)?;
        match self.holder_id() {
            Some(holder) => context
                .require_all_by(holder, &ProofPurpose::Authentication)
                .map_err(|e| match e {
                    govblocks_core::Error::SignerUnexpected { signer, .. } => {
                        Error::HolderMismatch {
                            holder: holder.to_string(),
                            signer,
                        }
                    }
                    other => Error::Core(other),
                }),
            None => match context
                .proofs()
                .iter()
                .find(|p| p.purpose != ProofPurpose::Authentication)
            {
                Some(other) => Err(Error::Core(govblocks_core::Error::SignerUnexpected {
                    signer: other.controller.clone(),
                    purpose: other.purpose.to_string(),
                })),
                None => Ok(()),
            },
        }
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}

/// The type of an enveloped credential in `verifiableCredential` (VC Data Model 2.0 §4.13.1).
pub const ENVELOPED_VERIFIABLE_CREDENTIAL: &str = "EnvelopedVerifiableCredential";

/// The type of an enveloped presentation (VC Data Model 2.0 §4.13.2).
pub const ENVELOPED_VERIFIABLE_PRESENTATION: &str = "EnvelopedVerifiablePresentation";

/// Whether `document`'s `type` (a string or an array of strings) includes `wanted`.
pub(crate) fn has_type(document: &Map<String, Value>, wanted: &str) -> bool {
    document
        .get("type")
        .is_some_and(|types| includes_type(types, wanted))
}

/// Whether a `type` value (a string or an array of strings) includes `wanted`, on a tree or on
/// a tape.
pub(crate) fn includes_type<'v>(types: impl JsonRead<'v>, wanted: &str) -> bool {
    types.text() == Some(wanted) || types.elements().any(|t| t.text() == Some(wanted))
}

/// `presentation.enveloped_unsupported` for the first enveloped credential of `credentials`
/// (VC Data Model 2.0 §4.13.1), which only an enveloping mechanism (JOSE, COSE) could verify.
pub(crate) fn refuse_enveloped<'a>(
    credentials: impl IntoIterator<Item = &'a Map<String, Value>>,
) -> Result<(), Error> {
    match credentials
        .into_iter()
        .position(|c| has_type(c, ENVELOPED_VERIFIABLE_CREDENTIAL))
    {
        Some(index) => Err(Error::EnvelopedUnsupported {
            what: format!("credential {index}"),
        }),
        None => Ok(()),
    }
}
