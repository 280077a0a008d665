//! The wire shape of a W3C Verifiable Presentation 2.0, and what makes one valid by itself.

use crate::credential::model::{Issuer, CREDENTIALS_V2};
use crate::credential::rules::check_context_and_type;
use crate::one_or_many::OneOrMany;
use crate::schemas::{ids, registry};
use crate::Error;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde::Serialize;
use serde_json::{Map, Value};

/// The type every presentation has.
pub const VERIFIABLE_PRESENTATION: &str = "VerifiablePresentation";

/// A W3C Verifiable Presentation (Data Model 2.0 §4.13), as it travels: embedded credentials
/// stay JSON values until the verifier has checked them.
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
    pub verifiable_credential: Option<OneOrMany<Map<String, Value>>>,
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
            verifiable_credential: Some(OneOrMany::Many(credentials)),
            extensions: Map::new(),
        }
    }

    /// The holder's URL, if the presentation names one.
    pub fn holder_id(&self) -> Option<&str> {
        self.holder.as_ref().map(Issuer::id)
    }

    /// The embedded credentials, in order.
    pub fn credentials(&self) -> &[Map<String, Value>] {
        self.verifiable_credential
            .as_ref()
            .map_or(&[], OneOrMany::as_slice)
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
    match document.get("type") {
        Some(Value::String(one)) => one == wanted,
        Some(Value::Array(many)) => many.iter().any(|t| t.as_str() == Some(wanted)),
        _ => false,
    }
}

/// `presentation.enveloped_unsupported` for the first enveloped credential of `credentials`
/// (VC Data Model 2.0 §4.13.1), which only an enveloping mechanism (JOSE, COSE) could verify.
pub(crate) fn refuse_enveloped(credentials: &[Map<String, Value>]) -> Result<(), Error> {
    match credentials
        .iter()
        .position(|c| has_type(c, ENVELOPED_VERIFIABLE_CREDENTIAL))
    {
        Some(index) => Err(Error::EnvelopedUnsupported {
            what: format!("credential {index}"),
        }),
        None => Ok(()),
    }
}
