//! An exchange [`Envelope`] through an X-Road security server: [`to_http`] writes the HTTP
//! message it travels in (a request envelope in the PR-REST request to its service, a response
//! envelope in the provider's `200` response), [`from_http`] reads one back and returns the
//! envelope's bytes, for [`EnvelopeVerifier`](crate::verify::EnvelopeVerifier) to verify.
//!
//! The envelope is the body, as its RFC 8785 bytes (what its proof signs; any serialization
//! verifies the same). The HTTP addressing is the envelope's own (see [`super::document`]):
//! on the way out it is written from the header, on the way in it must agree with the header
//! (`exchange.xroad_addressing_mismatch`), so a security server or anyone between cannot
//! readdress a signed envelope unnoticed. Whether the envelope itself is genuine — its
//! signature, sender, binding, consent, access — is the verifier's to say, after this.
//!
//! The envelope's `client` and `service` are the X-Road ids themselves ([`ClientId`],
//! [`ServiceId`]), held in their canonical form, so the request line and `X-Road-Client` are
//! written from them as they are, with no conversion.
//!
//! [`ClientId`]: super::ClientId
//! [`ServiceId`]: super::ServiceId

use super::document::{carrier_for_document, check_document, check_response_document, Carrier};
use super::http::HttpLimits;
use super::request::XRoadRequest;
use super::response::XRoadResponse;
use crate::envelope::model::Envelope;
use crate::error::{Error, Result};
use serde_json::Value;

/// The HTTP message `envelope` travels in: a request envelope as the request to its service,
/// a response envelope as the provider's response; the envelope's RFC 8785 bytes as the body.
pub fn to_http(envelope: &Envelope) -> Result<Carrier> {
    let value = serde_json::to_value(envelope)
        .map_err(|e| Error::XRoadRequestInvalid(format!("the envelope does not serialize: {e}")))?;
    signed_to_http(&value)
}

/// [`to_http`] for a signed envelope held as JSON (what `envelope::builder::sign` returns).
pub fn signed_to_http(signed: &Value) -> Result<Carrier> {
    carrier_for_document(govblocks_core::jcs::canonicalize(signed))
}

/// Reads an HTTP request or (text starting `HTTP/`) response carrying an envelope, within the
/// default [`HttpLimits`], holds its X-Road addressing to the envelope's, and returns the
/// envelope's bytes.
pub fn from_http(bytes: &[u8]) -> Result<Vec<u8>> {
    from_http_with(bytes, &HttpLimits::default())
}

/// [`from_http`] within `limits`.
pub fn from_http_with(bytes: &[u8], limits: &HttpLimits) -> Result<Vec<u8>> {
    if bytes.starts_with(b"HTTP/") {
        let response = XRoadResponse::parse_with(bytes, limits)?;
        check_response_document(&response)?;
        Ok(response.body)
    } else {
        let request = XRoadRequest::parse_with(bytes, limits)?;
        check_document(&request)?;
        Ok(request.body)
    }
}
