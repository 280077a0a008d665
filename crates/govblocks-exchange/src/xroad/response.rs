//! An X-Road REST response ([`XRoadResponse`]) mapped to and from an [`HttpResponse`]
//! (PR-REST 1.0.4 §4.3, §4.6).
//!
//! A provider answers with a plain HTTP response (status, headers, body); its security server
//! adds the X-Road headers, which "the provider service SHOULD NOT set … since in that case
//! they will be overwritten". So what a provider writes ([`XRoadResponse::to_http`]) carries
//! the X-Road fields only when they are set, and what a client receives carries them as its
//! security server wrote them:
//!
//! | field | header | also read (GovStack spellings) |
//! | --- | --- | --- |
//! | [`client`](XRoadResponse::client) | `X-Road-Client` | `X-GovStack-Client`, `Information-Mediator-Client` |
//! | [`service`](XRoadResponse::service) | `X-Road-Service` | `X-GovStack-Service` |
//! | [`message_id`](XRoadResponse::message_id) | `X-Road-Id` (the request's) | `X-GovStack-Id` |
//! | [`request_hash`](XRoadResponse::request_hash) | `X-Road-Request-Hash` | `X-GovStack-Request-Hash` |
//! | [`error`](XRoadResponse::error) | `X-Road-Error` (set when X-Road itself failed) | `X-GovStack-Error` |
//!
//! As for requests, names are case-insensitive and the last of a repeated header (any
//! spelling) wins. Every other header is kept in order among [`XRoadResponse::headers`].
//! `X-Road-Service` is the REST service id, without a version. Refusals: a bad client or
//! service is `exchange.xroad_id_invalid`; an empty value, or a field that cannot be written,
//! `exchange.xroad_request_invalid`.

use super::http::{HttpLimits, HttpResponse};
use super::id::{ClientId, ServiceId};
use super::request::{check_value, CLIENT_HEADERS};
use crate::error::{quote, Error, Result};

/// The spellings of the service header, the one written first.
pub const SERVICE_HEADERS: [&str; 2] = ["X-Road-Service", "X-GovStack-Service"];
/// The spellings of the message id header, the one written first.
pub const ID_HEADERS: [&str; 2] = ["X-Road-Id", "X-GovStack-Id"];
/// The spellings of the request hash header, the one written first.
pub const REQUEST_HASH_HEADERS: [&str; 2] = ["X-Road-Request-Hash", "X-GovStack-Request-Hash"];
/// The spellings of the error header, the one written first.
pub const ERROR_HEADERS: [&str; 2] = ["X-Road-Error", "X-GovStack-Error"];

fn is_field(name: &str) -> bool {
    CLIENT_HEADERS
        .iter()
        .chain(&SERVICE_HEADERS)
        .chain(&ID_HEADERS)
        .chain(&REQUEST_HASH_HEADERS)
        .chain(&ERROR_HEADERS)
        .any(|h| name.eq_ignore_ascii_case(h))
}

fn invalid(reason: String) -> Error {
    Error::XRoadRequestInvalid(reason)
}

/// A response through an X-Road security server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRoadResponse {
    /// The status code (200 by [`XRoadResponse::new`]).
    pub status: u16,
    /// The reason phrase (`OK`).
    pub reason: String,
    /// The client that asked (`X-Road-Client`, set by the provider's security server).
    pub client: Option<ClientId>,
    /// The service that answered (`X-Road-Service`, without a version).
    pub service: Option<ServiceId>,
    /// The request's message id (`X-Road-Id`).
    pub message_id: Option<String>,
    /// The provider security server's hash of the request (`X-Road-Request-Hash`).
    pub request_hash: Option<String>,
    /// The X-Road error type (`X-Road-Error`), when X-Road itself failed.
    pub error: Option<String>,
    /// Every other header, in order, passed unchanged.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl XRoadResponse {
    /// `200 OK` with `body` and no X-Road header (what a provider writes).
    pub fn new(body: Vec<u8>) -> Self {
        XRoadResponse {
            status: 200,
            reason: "OK".to_owned(),
            client: None,
            service: None,
            message_id: None,
            request_hash: None,
            error: None,
            headers: Vec::new(),
            body,
        }
    }

    /// The HTTP response: the set fields as `X-Road-*` headers, in the order of the module's
    /// table, then the other headers.
    pub fn to_http(&self) -> Result<HttpResponse> {
        let mut headers = Vec::new();
        if let Some(c) = &self.client {
            headers.push((CLIENT_HEADERS[0].to_owned(), c.to_string()));
        }
        if let Some(s) = &self.service {
            if s.version().is_some() {
                return Err(invalid(format!(
                    "the service id {:?} has a version: X-Road-Service is a REST service id",
                    quote(s.as_str())
                )));
            }
            headers.push((SERVICE_HEADERS[0].to_owned(), s.to_string()));
        }
        for (name, value) in [
            (ID_HEADERS[0], &self.message_id),
            (REQUEST_HASH_HEADERS[0], &self.request_hash),
            (ERROR_HEADERS[0], &self.error),
        ] {
            if let Some(v) = value {
                check_value(name, v)?;
                headers.push((name.to_owned(), v.clone()));
            }
        }
        for (name, value) in &self.headers {
            if is_field(name) {
                return Err(invalid(format!(
                    "the header {:?} is written from its field, not given among the other headers",
                    quote(name)
                )));
            }
            headers.push((name.clone(), value.clone()));
        }
        Ok(HttpResponse {
            status: self.status,
            reason: self.reason.clone(),
            headers,
            body: self.body.clone(),
        })
    }

    /// Reads an X-Road REST response from an HTTP response.
    pub fn from_http(http: &HttpResponse) -> Result<Self> {
        let text = |names: &[&str]| -> Result<Option<String>> {
            match http.last_of(names) {
                None => Ok(None),
                Some((name, value)) => check_value(name, value).map(|()| Some(value.to_owned())),
            }
        };
        let client = http
            .last_of(&CLIENT_HEADERS)
            .map(|(_, v)| ClientId::parse(v))
            .transpose()?;
        let service = http
            .last_of(&SERVICE_HEADERS)
            .map(|(_, v)| ServiceId::parse(v))
            .transpose()?;
        if let Some(s) = &service {
            if s.version().is_some() {
                return Err(invalid(format!(
                    "X-Road-Service {:?} has six parts: a REST service id has five",
                    quote(s.as_str())
                )));
            }
        }
        Ok(XRoadResponse {
            status: http.status,
            reason: http.reason.clone(),
            client,
            service,
            message_id: text(&ID_HEADERS)?,
            request_hash: text(&REQUEST_HASH_HEADERS)?,
            error: text(&ERROR_HEADERS)?,
            headers: http
                .headers
                .iter()
                .filter(|(n, _)| !is_field(n))
                .cloned()
                .collect(),
            body: http.body.clone(),
        })
    }

    /// The raw HTTP/1.1 response text.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.to_http()?.to_bytes()
    }

    /// Reads raw HTTP/1.1 response text with the default [`HttpLimits`].
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        Self::parse_with(bytes, &HttpLimits::default())
    }

    /// Reads raw HTTP/1.1 response text within `limits`.
    pub fn parse_with(bytes: &[u8], limits: &HttpLimits) -> Result<Self> {
        Self::from_http(&HttpResponse::parse_with(bytes, limits)?)
    }
}
