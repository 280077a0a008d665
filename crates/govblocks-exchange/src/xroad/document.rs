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
//! A body that is not strict JSON keeps core's `json.*` code; a document without a `header`
//! object holding `client` and `service` strings is `exchange.xroad_request_invalid`; an
//! address X-Road does not allow is `exchange.xroad_id_invalid`.

use super::id::{ClientId, ServiceId};
use super::request::XRoadRequest;
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
    Ok(DocumentAddressing {
        client: ClientId::parse(client)?,
        service: ServiceId::parse(service)?,
        message_id: text("messageId")?.map(str::to_owned),
    })
}

/// A `POST` carrying `body`, addressed as the document says: `X-Road-Client`, the service id
/// (its version as the first path segment), `X-Road-Id`, `Content-Type: application/json`.
pub fn request_for_document(body: Vec<u8>) -> Result<XRoadRequest> {
    let addressing = document_addressing(&body)?;
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
