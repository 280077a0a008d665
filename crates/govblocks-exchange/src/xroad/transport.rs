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
//! The envelope's addresses ([`ClientAddress`], [`ServiceAddress`]) check only their shape;
//! [`ClientId`] and [`ServiceId`] hold X-Road's full rules, and convert from them with
//! `TryFrom` (`exchange.xroad_id_invalid` for an address X-Road does not allow).
//!
//! ```
//! use govblocks_exchange::envelope::address::{ClientAddress, ServiceAddress};
//! use govblocks_exchange::xroad::{ClientId, ServiceId};
//! let client = ClientAddress::parse("EE/GOV/70000001/social")?;
//! assert_eq!(ClientId::try_from(&client)?.as_str(), "EE/GOV/70000001/social");
//! let service = ServiceAddress::parse("EE/GOV/70000002/population/residence/v1")?;
//! assert_eq!(ServiceId::try_from(&service)?.version(), Some("v1"));
//! # Ok::<(), govblocks_exchange::Error>(())
//! ```

use super::document::{carrier_for_document, check_document, check_response_document, Carrier};
use super::http::HttpLimits;
use super::id::{ClientId, ServiceId};
use super::request::XRoadRequest;
use super::response::XRoadResponse;
use crate::envelope::address::{ClientAddress, ServiceAddress};
use crate::envelope::model::Envelope;
use crate::error::{Error, Result};
use serde_json::Value;

impl TryFrom<&ClientAddress> for ClientId {
    type Error = Error;
    fn try_from(address: &ClientAddress) -> Result<Self> {
        ClientId::parse(address.as_str())
    }
}

impl TryFrom<&ServiceAddress> for ServiceId {
    type Error = Error;
    fn try_from(address: &ServiceAddress) -> Result<Self> {
        ServiceId::parse(address.as_str())
    }
}

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
