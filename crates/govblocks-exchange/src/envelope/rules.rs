//! What makes an envelope valid: the rules, in the order they run, each with its code.
//!
//! **Before the schema** ([`precheck`], on the strictly parsed JSON, so that each of these has
//! its own code rather than `schema.invalid`):
//!
//! | rule | code |
//! | --- | --- |
//! | `header.protocolVersion` is [`PROTOCOL_VERSION`] (missing or another: refused) | `exchange.version_unsupported` |
//! | the sender is named: a request's `client`, a response's `service` | `exchange.sender_missing` |
//! | `client` and `service` are X-Road ids ([`ClientId`], [`ServiceId`]) written in their canonical form ([`ClientId::parse_canonical`]) | `exchange.xroad_id_invalid` |
//! | `messageId` (and `inReplyTo.messageId`) is a lower-case UUID v4 or v7 | `exchange.message_id_invalid` |
//!
//! **The schema** `schemas/exchange/v1/envelope.json` (`schema.invalid`): every member's form,
//! no unknown member, a request without `inReplyTo`, a response with one.
//!
//! **After the proofs** ([`Envelope::check_rules`], the envelope's [`Document::check`]):
//!
//! | rule | code |
//! | --- | --- |
//! | a request has no `inReplyTo`, a response has one | `exchange.envelope_invalid` |
//! | the proof's `created`, when present, is the header's `timestamp` (the same instant) | `exchange.envelope_invalid` |
//! | `payloadDigest` is the [`ContentDigest`] of the payload | `exchange.payload_digest_mismatch` |
//!
//! **Then the verifier's own checks**, which need state the document cannot hold (the
//! directory, the access list, the consent check, the payload schemas): see
//! [`verify`](crate::verify).

use crate::envelope::model::{Envelope, Kind, MessageId, PROTOCOL_VERSION, RESPONSE_TYPE};
use crate::error::{quote, Error, Result};
use crate::schemas::{ids, registry};
use crate::xroad::id::{is_canonical_client, is_canonical_service, ClientId, ServiceId};
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document};
use govblocks_core::json::CanonicalDocument;
use govblocks_core::json::{JsonRead, TapeValue};
use govblocks_core::schema::SchemaRegistry;
use serde_json::Value;

/// The header rules that run before the schema (see the [module documentation](self)), on a
/// strictly parsed envelope, a tree's or a tape's. A value that is not an object with a
/// `header` object is left to the schema.
pub fn precheck<'v>(value: impl JsonRead<'v>) -> Result<()> {
    let Some(header) = value.member("header").filter(|h| h.is_object()) else {
        return Ok(());
    };
    match header.member("protocolVersion") {
        Some(v) if v.text() == Some(PROTOCOL_VERSION) => {}
        Some(other) => {
            return Err(Error::VersionUnsupported {
                found: quote(&other.to_value().to_string()),
            })
        }
        None => {
            return Err(Error::VersionUnsupported {
                found: "none".to_owned(),
            })
        }
    }
    let is_response = value.member("type").and_then(JsonRead::text) == Some(RESPONSE_TYPE);
    let sender = if is_response { "service" } else { "client" };
    if header.member(sender).is_none_or(JsonRead::is_null) {
        return Err(Error::SenderMissing { field: sender });
    }
    // The allocation-free check first; the parser only to say what is wrong.
    if let Some(client) = header.member("client").and_then(JsonRead::text) {
        if !is_canonical_client(client) {
            ClientId::parse_canonical(client)?;
        }
    }
    if let Some(service) = header.member("service").and_then(JsonRead::text) {
        if !is_canonical_service(service) {
            ServiceId::parse_canonical(service)?;
        }
    }
    if let Some(id) = header.member("messageId").and_then(JsonRead::text) {
        MessageId::parse(id)?;
    }
    let in_reply_to = header
        .member("inReplyTo")
        .and_then(|r| r.member("messageId"));
    if let Some(id) = in_reply_to.and_then(JsonRead::text) {
        MessageId::parse(id)?;
    }
    Ok(())
}

impl Envelope {
    /// The rules that need no proof (see the [module documentation](self)): the kind and
    /// `inReplyTo` agree, the protocol version is ours, the payload digest is right. The
    /// builder runs them before signing, the verifier after the proofs.
    pub fn check_rules(&self) -> Result<()> {
        self.check_header_rules()?;
        self.check_payload_digest(ContentDigest::of_bytes(self.payload.canonical().as_bytes()))
    }

    /// [`Envelope::check_rules`] but the payload digest: the protocol version, the kind and
    /// `inReplyTo`.
    pub(crate) fn check_header_rules(&self) -> Result<()> {
        if self.header.protocol_version != PROTOCOL_VERSION {
            return Err(Error::VersionUnsupported {
                found: quote(&self.header.protocol_version),
            });
        }
        match (self.kind, &self.header.in_reply_to) {
            (Kind::Request, Some(_)) => {
                return Err(Error::EnvelopeInvalid {
                    reason: "a request answers nothing: it has no inReplyTo".to_owned(),
                })
            }
            (Kind::Response, None) => {
                return Err(Error::EnvelopeInvalid {
                    reason: "a response names the request it answers in inReplyTo".to_owned(),
                })
            }
            _ => {}
        }
        Ok(())
    }

    /// `payloadDigest` is `computed`, the [`ContentDigest`] of the payload (of its RFC 8785
    /// form: [`ContentDigest::of_json`], or, for a payload read from canonical bytes, of its
    /// own bytes).
    pub(crate) fn check_payload_digest(&self, computed: ContentDigest) -> Result<()> {
        if computed != self.header.payload_digest {
            return Err(Error::PayloadDigestMismatch {
                declared: self.header.payload_digest.to_string(),
                computed: computed.to_string(),
            });
        }
        Ok(())
    }

    /// The sender's id: the client of a request, the service's provider for a response.
    pub fn sender(&self) -> &ClientId {
        self.header.sender(self.kind)
    }

    /// The [`ContentDigest`] of this envelope as it stands (its RFC 8785 form, proof
    /// included): what a response's `inReplyTo.digest` names. A verified envelope has it at
    /// hand ([`VerifiedEnvelope::digest`](crate::verify::VerifiedEnvelope::digest)).
    pub fn digest(&self) -> Result<ContentDigest> {
        let value = serde_json::to_value(self).map_err(|e| Error::EnvelopeInvalid {
            reason: e.to_string(),
        })?;
        Ok(ContentDigest::of_json(&value))
    }

    /// Checks the payload against the schema `header.payloadSchema` names, when `schemas`
    /// knows it (`exchange.payload_invalid`); a payload without a schema, or with one the
    /// registry does not know, passes.
    pub fn check_payload(&self, schemas: &SchemaRegistry) -> Result<()> {
        let Some(schema) = &self.header.payload_schema else {
            return Ok(());
        };
        if schemas.resolve(schema).is_none() {
            return Ok(());
        }
        schemas
            .validate(schema, self.payload.value())
            .map_err(|source| Error::PayloadInvalid {
                schema: quote(schema),
                source,
            })
    }
}

impl Document for Envelope {
    const SCHEMA: &'static str = ids::ENVELOPE;
    type Error = Error;

    /// By move: the payload and the proof as they were parsed, the header member by member
    /// (what `Envelope::deserialize` reads, or its error; see `model::envelope_from_value`).
    fn from_value(value: Value) -> std::result::Result<Self, serde_json::Error> {
        crate::envelope::model::envelope_from_value(value)
    }

    /// [`from_value`](Self::from_value), the payload and the proof kept as their canonical
    /// text (their trees dropped while in the cache: a verified envelope holds two strings
    /// for them, not one per member name and value).
    fn from_canonical(
        value: Value,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        crate::envelope::model::envelope_from_canonical(value, canonical)
    }

    /// [`from_canonical`](Self::from_canonical) for an envelope read without a tree: the
    /// header read from its canonical text.
    fn from_tape(
        tape: TapeValue<'_>,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        crate::envelope::model::envelope_from_tape(tape, canonical)
    }

    /// [`Envelope::check_rules`], and a proof's `created`, when it has one, is the header's
    /// timestamp (the instant; `exchange.envelope_invalid` otherwise), so the time the replay
    /// guard judges is the time the sender signed. Who signed is the
    /// [directory](crate::directory)'s, checked by the
    /// [`EnvelopeVerifier`](crate::verify::EnvelopeVerifier).
    fn check(&self, context: &Context<'_>) -> Result<()> {
        self.check_rules()?;
        self.check_proof_time(context)
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}

impl Envelope {
    /// A proof's `created`, when it has one, is the header's timestamp (the instant;
    /// `exchange.envelope_invalid` otherwise).
    pub(crate) fn check_proof_time(&self, context: &Context<'_>) -> Result<()> {
        let timestamp = self.header.timestamp.unix_nanos();
        if context
            .proofs()
            .iter()
            .any(|p| p.created.is_some_and(|c| c.unix_nanos() != timestamp))
        {
            return Err(Error::EnvelopeInvalid {
                reason: "the proof's created is not the header's timestamp".to_owned(),
            });
        }
        Ok(())
    }
}
