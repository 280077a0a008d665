//! Building and signing envelopes: a [`RequestBuilder`] for the client, a [`ResponseBuilder`]
//! for the service, bound to the request it answers, and [`sign`], which runs the
//! [rules](super::rules) and the schema before signing and never returns an envelope its
//! verifier would refuse for its shape.
//!
//! ```
//! use govblocks_core::keys::SecretKey;
//! use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
//! use govblocks_exchange::envelope::model::Envelope;
//! use serde_json::json;
//!
//! let client_key = SecretKey::from_seed(&[1; 32]);
//! let request = RequestBuilder::new(
//!     "EE/GOV/70000001/social".parse()?,
//!     "EE/GOV/70000002/population/residence/v1".parse()?,
//!     "getResidence",
//!     json!({"personId": "4471"}),
//! )
//! .correlation_id("case-4471")
//! .build()?;
//! let signed_request = sign(&request, &client_key)?;
//!
//! let service_key = SecretKey::from_seed(&[2; 32]);
//! let request: Envelope = serde_json::from_value(signed_request)?;
//! let response = ResponseBuilder::new(&request, json!({"residence": "Tallinn"}))?.build()?;
//! assert_eq!(response.header.in_reply_to.as_ref().unwrap().message_id, request.header.message_id);
//! let signed_response = sign(&response, &service_key)?;
//! assert_eq!(signed_response["type"], "ExchangeResponse");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use crate::envelope::model::{
    ConsentReference, Envelope, Header, InReplyTo, Kind, MessageId, PROTOCOL_VERSION,
};
use crate::error::{Error, Result};
use crate::verify::VerifiedEnvelope;
use crate::xroad::id::{ClientId, ServiceId};
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::Document;
use govblocks_core::json::LazyValue;
use govblocks_core::proof::ProofOptions;
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::signer::Signer;
use serde_json::Value;

/// What both builders set the same way.
#[derive(Debug, Clone, Default)]
struct Common {
    message_id: Option<MessageId>,
    timestamp: Option<Timestamp>,
    payload_schema: Option<String>,
}

impl Common {
    fn message_id(&self) -> MessageId {
        self.message_id.unwrap_or_else(MessageId::generate)
    }

    fn timestamp(&self) -> Result<Timestamp> {
        match self.timestamp {
            Some(t) => Ok(t),
            None => Ok(Timestamp::from_datetime(SystemClock.now())?),
        }
    }
}

/// Builds a request (see the [module documentation](self)).
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    client: ClientId,
    service: ServiceId,
    action: String,
    payload: Value,
    correlation_id: Option<String>,
    consent: Option<ConsentReference>,
    common: Common,
}

impl RequestBuilder {
    /// A request from `client` to `service` for `action`, carrying `payload`. Unless set: a
    /// fresh v4 message id, the system clock's time, no correlation id, no consent, no payload
    /// schema.
    pub fn new(
        client: ClientId,
        service: ServiceId,
        action: impl Into<String>,
        payload: Value,
    ) -> Self {
        RequestBuilder {
            client,
            service,
            action: action.into(),
            payload,
            correlation_id: None,
            consent: None,
            common: Common::default(),
        }
    }

    /// The message id (a v4 or v7 UUID).
    pub fn message_id(mut self, id: MessageId) -> Self {
        self.common.message_id = Some(id);
        self
    }

    /// The timestamp (the proof's `created` too).
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.common.timestamp = Some(at);
        self
    }

    /// The payload's schema `$id`.
    pub fn payload_schema(mut self, id: impl Into<String>) -> Self {
        self.common.payload_schema = Some(id.into());
        self
    }

    /// The conversation's id.
    pub fn correlation_id(mut self, id: impl Into<String>) -> Self {
        self.correlation_id = Some(id.into());
        self
    }

    /// The consent the request relies on.
    pub fn consent(mut self, consent: ConsentReference) -> Self {
        self.consent = Some(consent);
        self
    }

    /// The unsigned request (its payload digest computed), checked by the rules.
    pub fn build(self) -> Result<Envelope> {
        let payload = LazyValue::from(self.payload);
        let header = Header {
            protocol_version: PROTOCOL_VERSION.to_owned(),
            message_id: self.common.message_id(),
            timestamp: self.common.timestamp()?,
            client: self.client,
            service: self.service,
            action: self.action,
            correlation_id: self.correlation_id,
            in_reply_to: None,
            consent: self.consent,
            payload_schema: self.common.payload_schema,
            payload_digest: ContentDigest::of_bytes(payload.canonical().as_bytes()),
        };
        let envelope = Envelope {
            kind: Kind::Request,
            header,
            payload,
            proof: None,
        };
        envelope.check_rules()?;
        Ok(envelope)
    }
}

/// Builds the response to a request: bound to it by its message id and the digest of the
/// whole signed request, repeating its client, service, action, correlation id and consent
/// reference (see the [module documentation](self)).
#[derive(Debug, Clone)]
pub struct ResponseBuilder {
    request: Header,
    digest: ContentDigest,
    payload: Value,
    consent: Option<ConsentReference>,
    common: Common,
}

impl ResponseBuilder {
    /// The response to `request` (a signed request), carrying `payload`.
    /// `exchange.envelope_invalid` when `request` is a response or is not signed. Prefer
    /// [`ResponseBuilder::answer`]: a service answers a request it verified.
    pub fn new(request: &Envelope, payload: Value) -> Result<Self> {
        if request.kind != Kind::Request {
            return Err(Error::EnvelopeInvalid {
                reason: "a response answers a request, not a response".to_owned(),
            });
        }
        if request.proof.is_none() {
            return Err(Error::EnvelopeInvalid {
                reason: "a response answers a signed request: this one has no proof".to_owned(),
            });
        }
        Ok(Self::with_digest(request, request.digest()?, payload))
    }

    /// The response to a verified request (its digest already known), carrying `payload`.
    pub fn answer(request: &VerifiedEnvelope, payload: Value) -> Result<Self> {
        if request.kind != Kind::Request {
            return Err(Error::EnvelopeInvalid {
                reason: "a response answers a request, not a response".to_owned(),
            });
        }
        Ok(Self::with_digest(request, request.digest(), payload))
    }

    fn with_digest(request: &Envelope, digest: ContentDigest, payload: Value) -> Self {
        ResponseBuilder {
            request: request.header.clone(),
            digest,
            payload,
            consent: request.header.consent.clone(),
            common: Common::default(),
        }
    }

    /// The message id (a v4 or v7 UUID).
    pub fn message_id(mut self, id: MessageId) -> Self {
        self.common.message_id = Some(id);
        self
    }

    /// The timestamp (the proof's `created` too).
    pub fn timestamp(mut self, at: Timestamp) -> Self {
        self.common.timestamp = Some(at);
        self
    }

    /// The payload's schema `$id`.
    pub fn payload_schema(mut self, id: impl Into<String>) -> Self {
        self.common.payload_schema = Some(id.into());
        self
    }

    /// Leaves the request's consent reference out of the response.
    pub fn without_consent(mut self) -> Self {
        self.consent = None;
        self
    }

    /// The unsigned response, checked by the rules.
    pub fn build(self) -> Result<Envelope> {
        let request = self.request;
        let payload = LazyValue::from(self.payload);
        let header = Header {
            protocol_version: PROTOCOL_VERSION.to_owned(),
            message_id: self.common.message_id(),
            timestamp: self.common.timestamp()?,
            client: request.client,
            service: request.service,
            action: request.action,
            correlation_id: request.correlation_id,
            in_reply_to: Some(InReplyTo::new(request.message_id, self.digest)),
            consent: self.consent,
            payload_schema: self.common.payload_schema,
            payload_digest: ContentDigest::of_bytes(payload.canonical().as_bytes()),
        };
        let envelope = Envelope {
            kind: Kind::Response,
            header,
            payload,
            proof: None,
        };
        envelope.check_rules()?;
        Ok(envelope)
    }
}

/// `envelope` signed by its sender: the rules ([`Envelope::check_rules`]), then the schema
/// before and after an eddsa-jcs-2022 `assertionMethod` proof whose `created` is the header's
/// timestamp. An envelope that holds a proof already is `exchange.envelope_invalid` (one
/// sender, one proof). Whether `signer` speaks for the sender is the verifier's directory's to
/// say.
pub fn sign(envelope: &Envelope, signer: &dyn Signer) -> Result<Value> {
    if envelope.proof.is_some() {
        return Err(Error::EnvelopeInvalid {
            reason: "the envelope is signed already".to_owned(),
        });
    }
    envelope.check_rules()?;
    envelope.sign(
        signer,
        &ProofOptions::assertion().with_created(envelope.header.timestamp),
    )
}

/// [`sign`], after checking the payload against its schema when `schemas` knows it
/// (`exchange.payload_invalid`): the sending side's half of "validated on both sides".
pub fn sign_checked(
    envelope: &Envelope,
    signer: &dyn Signer,
    schemas: &SchemaRegistry,
) -> Result<Value> {
    envelope.check_payload(schemas)?;
    sign(envelope, signer)
}
