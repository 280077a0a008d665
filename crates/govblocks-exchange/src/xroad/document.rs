//! A JSON document that names its own addressing — the exchange envelope's
//! `header.client`, `header.service` and `header.messageId` — sent as the body of an X-Road
//! REST request, and the HTTP addressing held to it on arrival.
//!
//! This is the envelope ↔ HTTP mapping done on the envelope's JSON shape (the members named by
//! `schemas/exchange/v1/envelope.json`), so that it needs nothing of the envelope type: the
//! document is the body, byte for byte; the request's `X-Road-Client` is the document's
//! client, its service id (and the version, as the first path segment, see
//! [`XRoadRequest::to_service`]) the document's service, its `X-Road-Id` the document's
//! message id.
//!
//! On arrival ([`check_document`]) the security servers' view (the HTTP headers and request
//! line, which they may rewrite or which a man in the middle may) must agree with the signed
//! document: a different client, service, version path or `X-Road-Id` is
//! `exchange.xroad_addressing_mismatch`. An absent `X-Road-Id` is accepted (the protocol lets the
//! consumer's security server make one up only when the client sent none, and this module
//! always sends one). The document's own signature, schema and rules are the envelope
//! verifier's business; this check only makes sure the transport did not say something else.
//!
//! A response document (`"type": "ExchangeResponse"`, or with `header.inReplyTo`) travels
//! back as the provider's HTTP response ([`response_for_document`]: `200 OK`, no X-Road header,
//! which the provider's security server adds); on arrival ([`check_response_document`]) the
//! X-Road headers its client's security server passes on (`X-Road-Client`, `X-Road-Service`,
//! `X-Road-Id`: the *request's* id) must agree with the document where present, and an
//! `X-Road-Error` response is `exchange.xroad_error`.
//!
//! A body that is not strict JSON keeps core's `json.*` code; a document without a `header`
//! object holding `client` and `service` strings is `exchange.xroad_request_invalid`; an
//! address X-Road does not allow is `exchange.xroad_id_invalid`.

use super::id::{ClientId, ServiceId};
use super::request::XRoadRequest;
use super::response::XRoadResponse;
use crate::error::{quote, Error, Result};
use serde_json::Value;

/// The addressing a document states about itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentAddressing {
    /// `header.client`.
    pub client: ClientId,
    /// `header.service` (maybe with a version).
    pub service: ServiceId,
    /// `header.messageId`, if present.
    pub message_id: Option<String>,
    /// `header.inReplyTo.messageId`: the request a response answers.
    pub in_reply_to: Option<String>,
    /// Whether the document is a response (`"type": "ExchangeResponse"`, or an
    /// `header.inReplyTo`).
    pub is_response: bool,
}

fn not_addressed(reason: &str) -> Error {
    Error::XRoadRequestInvalid(format!("the body is not an addressed document: {reason}"))
}

/// Reads the addressing of a JSON document (strict JSON, core's default limits).
pub fn document_addressing(body: &[u8]) -> Result<DocumentAddressing> {
    let value = govblocks_core::json::parse(body)?;
    let header = value
        .get("header")
        .and_then(Value::as_object)
        .ok_or_else(|| not_addressed("no \"header\" object"))?;
    let text = |name: &str| -> Result<Option<&str>> {
        match header.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.as_str())),
            Some(_) => Err(not_addressed(&format!("header.{name} is not a string"))),
        }
    };
    let client = text("client")?.ok_or_else(|| not_addressed("no header.client"))?;
    let service = text("service")?.ok_or_else(|| not_addressed("no header.service"))?;
    let in_reply_to = match header.get("inReplyTo") {
        None => None,
        Some(reply) => match reply.get("messageId") {
            Some(Value::String(s)) => Some(s.clone()),
            _ => return Err(not_addressed("header.inReplyTo has no messageId string")),
        },
    };
    let is_response =
        in_reply_to.is_some() || value.get("type") == Some(&Value::from("ExchangeResponse"));
    Ok(DocumentAddressing {
        client: ClientId::parse(client)?,
        service: ServiceId::parse(service)?,
        message_id: text("messageId")?.map(str::to_owned),
        in_reply_to,
        is_response,
    })
}

/// What a document travels as: a request, or (a response document) the provider's response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Carrier {
    /// A request document in an HTTP request.
    Request(XRoadRequest),
    /// A response document in an HTTP response.
    Response(XRoadResponse),
}

impl Carrier {
    /// The raw HTTP/1.1 text.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        match self {
            Carrier::Request(r) => r.to_bytes(),
            Carrier::Response(r) => r.to_bytes(),
        }
    }
}

/// The HTTP message a document travels in: [`request_for_document`] for a request,
/// [`response_for_document`] for a response.
pub fn carrier_for_document(body: Vec<u8>) -> Result<Carrier> {
    if document_addressing(&body)?.is_response {
        response_for_document(body).map(Carrier::Response)
    } else {
        request_for_document(body).map(Carrier::Request)
    }
}

/// `200 OK` carrying a response document, with `Content-Type: application/json` and no X-Road
/// header: the provider's security server adds them (PR-REST §4.3). A document that is not a
/// response is `exchange.xroad_request_invalid`.
pub fn response_for_document(body: Vec<u8>) -> Result<XRoadResponse> {
    if !document_addressing(&body)?.is_response {
        return Err(not_addressed(
            "a request document (no header.inReplyTo) does not travel as a response",
        ));
    }
    let mut response = XRoadResponse::new(body);
    response.headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    Ok(response)
}

/// Holds a received response's X-Road headers, where present, to its body's addressing: the
/// same client (`X-Road-Client`), service (`X-Road-Service`, the document's without its
/// version) and request (`X-Road-Id` is the request's id, the document's
/// `header.inReplyTo.messageId`). An `X-Road-Error` response (X-Road itself failed; the body is
/// its error, not a document) is `exchange.xroad_error`.
pub fn check_response_document(response: &XRoadResponse) -> Result<DocumentAddressing> {
    if let Some(error) = &response.error {
        return Err(Error::XRoadError(format!(
            "{} (status {})",
            quote(error),
            response.status
        )));
    }
    let addressing = document_addressing(&response.body)?;
    if !addressing.is_response {
        return Err(not_addressed(
            "a request document (no header.inReplyTo) in a response",
        ));
    }
    if let Some(client) = &response.client {
        if *client != addressing.client {
            return Err(mismatch(
                "the client",
                client.as_str(),
                addressing.client.as_str(),
            ));
        }
    }
    if let Some(service) = &response.service {
        if *service != addressing.service.without_version() {
            return Err(mismatch(
                "the service",
                service.as_str(),
                addressing.service.without_version().as_str(),
            ));
        }
    }
    if let (Some(http), Some(document)) = (&response.message_id, &addressing.in_reply_to) {
        if http != document {
            return Err(mismatch(
                "the request's message id (X-Road-Id)",
                http,
                document,
            ));
        }
    }
    Ok(addressing)
}

/// A `POST` carrying `body`, addressed as the document says: `X-Road-Client`, the service id
/// (its version as the first path segment), `X-Road-Id`, `Content-Type: application/json`.
pub fn request_for_document(body: Vec<u8>) -> Result<XRoadRequest> {
    let addressing = document_addressing(&body)?;
    if addressing.is_response {
        return Err(not_addressed(
            "a response document (with header.inReplyTo) travels as a response",
        ));
    }
    let mut request = XRoadRequest::to_service(addressing.client, &addressing.service, body);
    request.message_id = addressing.message_id;
    request.headers = vec![("Content-Type".to_owned(), "application/json".to_owned())];
    Ok(request)
}

fn mismatch(what: &str, http: &str, document: &str) -> Error {
    Error::XRoadAddressingMismatch(format!(
        "{what}: the HTTP request says {:?}, the document {:?}",
        quote(http),
        quote(document)
    ))
}

/// Holds a received request's addressing to its body's: the same client, the same service
/// (version path included), the same message id when `X-Road-Id` is present. Returns the
/// document's addressing.
pub fn check_document(request: &XRoadRequest) -> Result<DocumentAddressing> {
    let addressing = document_addressing(&request.body)?;
    if addressing.is_response {
        return Err(not_addressed(
            "a response document (with header.inReplyTo) in a request",
        ));
    }
    if request.client != addressing.client {
        return Err(mismatch(
            "the client",
            request.client.as_str(),
            addressing.client.as_str(),
        ));
    }
    let expected_path = addressing
        .service
        .version()
        .map(|v| format!("/{v}"))
        .unwrap_or_default();
    if request.service != addressing.service.without_version() || request.path != expected_path {
        return Err(mismatch(
            "the service",
            &format!("{}{}", request.service, request.path),
            &format!("{}{}", addressing.service.without_version(), expected_path),
        ));
    }
    if let (Some(http), Some(document)) = (&request.message_id, &addressing.message_id) {
        if http != document {
            return Err(mismatch("the message id (X-Road-Id)", http, document));
        }
    }
    Ok(addressing)
}
