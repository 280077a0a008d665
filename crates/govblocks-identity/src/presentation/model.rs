//! The wire shape of a W3C Verifiable Presentation 2.0, and what makes one valid by itself.

use crate::credential::model::{Issuer, CREDENTIALS_V2};
use crate::credential::rules::check_context_and_type;
use crate::one_or_many::OneOrMany;
use crate::schemas::{ids, registry};
use crate::Error;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The type every presentation has.
pub const VERIFIABLE_PRESENTATION: &str = "VerifiablePresentation";

/// A W3C Verifiable Presentation (Data Model 2.0 §4.13), as it travels: embedded credentials
/// stay JSON values until the verifier has checked them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    /// The structural rules; a presentation names its holder, and every proof is an
    /// `authentication` proof by a key the holder controls (`presentation.holder_mismatch`).
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        check_structure(self)?;
        let holder = self.holder_id().unwrap_or_default();
        context
            .require_all_by(holder, &ProofPurpose::Authentication)
            .map_err(|e| Error::HolderMismatch {
                // Who signed instead of the holder (the first proof's signer when nobody did).
                subject: match e {
                    govblocks_core::Error::SignerUnexpected { signer, .. } => signer,
                    _ => context
                        .proofs()
                        .first()
                        .map(|p| p.controller.clone())
                        .unwrap_or_default(),
                },
                holder: holder.to_string(),
            })
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}
