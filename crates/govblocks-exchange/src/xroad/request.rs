//! An X-Road REST request ([`XRoadRequest`]: who asks, which service, the message id, the
//! user, the represented party, the body) mapped to and from an [`HttpRequest`] as the X-Road
//! Message Protocol for REST (PR-REST 1.0.4) defines it.
//!
//! ## The request line (PR-REST §4.1)
//!
//! `{method} /r1/{serviceId}[/path][?query] HTTP/1.1`, where `{serviceId}` is the five parts
//! `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE`, each percent-encoded on its own (see
//! [`crate::xroad::id`]), and `[/path][?query]` ([`XRoadRequest::path`]) is passed to the
//! provider unchanged. PR-REST's example `GET /r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE/v1/bar/zyggy?quu=1`
//! reads as the service `INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE` and the path
//! `/v1/bar/zyggy?quu=1`.
//!
//! - The method is one of X-Road's (`RestRequest.Verb`): `DELETE GET HEAD OPTIONS PATCH POST
//!   PUT TRACE`; another is `exchange.xroad_request_invalid`.
//! - A first segment `r<digits>` other than `r1` is `exchange.xroad_version_unsupported`; a
//!   target not starting with `/r<digits>/`, or with fewer than five parts after it, is
//!   `exchange.xroad_request_invalid`; a refused part is `exchange.xroad_id_invalid`.
//! - A service id with a version cannot be written: the URL has no place for it (a REST
//!   service's versions live in its path, `/v1/…`): `exchange.xroad_request_invalid`.
//!   [`XRoadRequest::to_service`] writes the version as the first segment of the path.
//! - A `.` or `..` segment (also percent-encoded, `%2e`) in the path is refused
//!   (`exchange.xroad_request_invalid`): PR-REST §4.2 asks for strict validation against path
//!   traversal and server-side request forgery, and such a path could climb out of the service.
//!
//! ## The headers (PR-REST §4.3)
//!
//! | field | header | also read (GovStack spellings) |
//! | --- | --- | --- |
//! | [`client`](XRoadRequest::client), required | `X-Road-Client` | `X-GovStack-Client`, `Information-Mediator-Client` |
//! | [`message_id`](XRoadRequest::message_id) | `X-Road-Id` | `X-GovStack-Id` |
//! | [`user_id`](XRoadRequest::user_id) | `X-Road-UserId` | `X-GovStack-UserId` |
//! | [`issue`](XRoadRequest::issue) | `X-Road-Issue` | `X-GovStack-Issue` |
//! | [`represented_party`](XRoadRequest::represented_party) | `X-Road-Represented-Party` | |
//!
//! - Names are case-insensitive (PR-REST §4.3: "HTTP headers are not case-sensitive").
//! - **When a header appears more than once, the last one wins**, and the spellings of one
//!   header count as one header: PR-REST §4.3 says of `X-Road-Client` that "if multiple
//!   `X-Road-Client` headers are present in the request, the Security Server SHOULD use the
//!   last defined header", and X-Road's own reader (`RestRequest.decodeHeaders`) keeps the last
//!   value of every header it reads; this crate does the same for each row above. The earlier
//!   ones are dropped (not checked).
//! - A missing client is `exchange.xroad_header_missing`; a bad client or represented party is
//!   `exchange.xroad_id_invalid`; an empty `X-Road-Id`, `X-Road-UserId` or `X-Road-Issue` is
//!   `exchange.xroad_request_invalid`.
//! - Writing uses the `X-Road-*` spellings, in the order of the table, then
//!   [`XRoadRequest::headers`] (every other header — `Content-Type`, `Accept`,
//!   `X-Road-Security-Server`, user-defined ones — kept in order and passed unchanged, as
//!   PR-REST §4.3 requires of user-defined headers). Filtering hop-by-hop headers is the
//!   security server's business, not this mapping's.
//!
//! ## Guarantees
//!
//! `XRoadRequest::from_http(&r.to_http()?)? == r` for every request that `to_http` accepts, and
//! the same through raw bytes ([`XRoadRequest::to_bytes`], [`XRoadRequest::parse`]).
//!
//! ## The envelope
//!
//! This mapping is neutral: the body is bytes. The signed envelope travels as the body, its
//! client and service as [`client`](XRoadRequest::client) and
//! [`service`](XRoadRequest::service), its message id as `X-Road-Id`: see
//! [`crate::xroad::document`] (on the envelope's JSON) and [`crate::xroad::transport`] (on the
//! [`Envelope`](crate::envelope::model::Envelope) type).

use super::http::{is_header_value, HttpLimits, HttpRequest};
use super::id::{ClientId, RepresentedParty, ServiceId};
use crate::error::{quote, Error, Result};

/// The protocol version segment of the request target.
pub const PROTOCOL_VERSION: &str = "r1";

/// The methods X-Road reads (`RestRequest.Verb`).
pub const METHODS: [&str; 8] = [
    "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE",
];

/// The spellings of the client header, the one written first.
pub const CLIENT_HEADERS: [&str; 3] = [
    "X-Road-Client",
    "X-GovStack-Client",
    "Information-Mediator-Client",
];
/// The spellings of the message id header, the one written first.
pub const ID_HEADERS: [&str; 2] = ["X-Road-Id", "X-GovStack-Id"];
/// The spellings of the user id header, the one written first.
pub const USER_ID_HEADERS: [&str; 2] = ["X-Road-UserId", "X-GovStack-UserId"];
/// The spellings of the issue header, the one written first.
pub const ISSUE_HEADERS: [&str; 2] = ["X-Road-Issue", "X-GovStack-Issue"];
/// The spellings of the represented party header.
pub const REPRESENTED_PARTY_HEADERS: [&str; 1] = ["X-Road-Represented-Party"];

/// Every header this mapping reads into a field (not kept among [`XRoadRequest::headers`]).
fn is_addressing(name: &str) -> bool {
    CLIENT_HEADERS
        .iter()
        .chain(&ID_HEADERS)
        .chain(&USER_ID_HEADERS)
        .chain(&ISSUE_HEADERS)
        .chain(&REPRESENTED_PARTY_HEADERS)
        .any(|h| name.eq_ignore_ascii_case(h))
}

fn request_invalid(reason: impl Into<String>) -> Error {
    Error::XRoadRequestInvalid(reason.into())
}

/// A request through an X-Road security server (PR-REST).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XRoadRequest {
    /// The method, one of [`METHODS`] (`POST` by [`XRoadRequest::new`]).
    pub method: String,
    /// The service client (`X-Road-Client`).
    pub client: ClientId,
    /// The service called (in the request target), without a version.
    pub service: ServiceId,
    /// What follows the service id in the request target: empty, or `/path`, `?query`,
    /// `/path?query`, passed to the provider unchanged.
    pub path: String,
    /// The message id (`X-Road-Id`; PR-REST recommends a UUID).
    pub message_id: Option<String>,
    /// The user whose action caused the request (`X-Road-UserId`, e.g. `EE12345678901`).
    pub user_id: Option<String>,
    /// The party the client represents (`X-Road-Represented-Party`).
    pub represented_party: Option<RepresentedParty>,
    /// The case or document that caused the request (`X-Road-Issue`).
    pub issue: Option<String>,
    /// Every other header, in order, passed unchanged.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: Vec<u8>,
}

impl XRoadRequest {
    /// A `POST` of `body` from `client` to `service`, with no path and no optional header.
    pub fn new(client: ClientId, service: ServiceId, body: Vec<u8>) -> Self {
        XRoadRequest {
            method: "POST".to_owned(),
            client,
            service,
            path: String::new(),
            message_id: None,
            user_id: None,
            represented_party: None,
            issue: None,
            headers: Vec::new(),
            body,
        }
    }

    /// A `POST` of `body` from `client` to `service`, a versioned service written as PR-REST
    /// writes one: the service id without its version in the request target, the version as
    /// the first segment of the path (PR-REST §4.1's `/r1/…/BARSERVICE/v1/bar/zyggy`). So
    /// `EE/GOV/70000002/population/residence/v1` is sent to
    /// `/r1/EE/GOV/70000002/population/residence/v1`.
    pub fn to_service(client: ClientId, service: &ServiceId, body: Vec<u8>) -> Self {
        let mut request = Self::new(client, service.without_version(), body);
        if let Some(version) = service.version() {
            request.path = format!("/{version}");
        }
        request
    }

    /// The HTTP request: the request line `{method} /r1/{service}{path} HTTP/1.1` and the
    /// headers of the module's table.
    pub fn to_http(&self) -> Result<HttpRequest> {
        if !METHODS.contains(&self.method.as_str()) {
            return Err(request_invalid(format!(
                "the method {:?} is not one of {}",
                quote(&self.method),
                METHODS.join(" ")
            )));
        }
        if self.service.version().is_some() {
            return Err(request_invalid(format!(
                "the service id {:?} has a version: a REST request URL has no place for one (put it in the path)",
                quote(self.service.as_str())
            )));
        }
        check_path(&self.path)?;
        let mut headers = vec![(CLIENT_HEADERS[0].to_owned(), self.client.to_string())];
        let optional = [
            (ID_HEADERS[0], self.message_id.as_deref()),
            (USER_ID_HEADERS[0], self.user_id.as_deref()),
            (ISSUE_HEADERS[0], self.issue.as_deref()),
        ];
        for (name, value) in optional {
            if let Some(v) = value {
                check_value(name, v)?;
                headers.push((name.to_owned(), v.to_owned()));
            }
        }
        if let Some(p) = &self.represented_party {
            headers.push((REPRESENTED_PARTY_HEADERS[0].to_owned(), p.to_string()));
        }
        for (name, value) in &self.headers {
            if is_addressing(name) {
                return Err(request_invalid(format!(
                    "the header {:?} is written from its field, not given among the other headers",
                    quote(name)
                )));
            }
            headers.push((name.clone(), value.clone()));
        }
        Ok(HttpRequest {
            method: self.method.clone(),
            target: format!("/{PROTOCOL_VERSION}/{}{}", self.service, self.path),
            headers,
            body: self.body.clone(),
        })
    }

    /// Reads an X-Road REST request from an HTTP request (see the module documentation).
    pub fn from_http(http: &HttpRequest) -> Result<Self> {
        if !METHODS.contains(&http.method.as_str()) {
            return Err(request_invalid(format!(
                "the method {:?} is not one of {}",
                quote(&http.method),
                METHODS.join(" ")
            )));
        }
        let (service, path) = split_target(&http.target)?;
        let (_, client) = http
            .last_of(&CLIENT_HEADERS)
            .ok_or(Error::XRoadHeaderMissing(CLIENT_HEADERS[0]))?;
        let client = ClientId::parse(client)?;
        let text = |names: &[&str]| -> Result<Option<String>> {
            match http.last_of(names) {
                None => Ok(None),
                Some((name, value)) => check_value(name, value).map(|()| Some(value.to_owned())),
            }
        };
        let message_id = text(&ID_HEADERS)?;
        let user_id = text(&USER_ID_HEADERS)?;
        let issue = text(&ISSUE_HEADERS)?;
        let represented_party = http
            .last_of(&REPRESENTED_PARTY_HEADERS)
            .map(|(_, v)| RepresentedParty::parse(v))
            .transpose()?;
        let headers = http
            .headers
            .iter()
            .filter(|(n, _)| !is_addressing(n))
            .cloned()
            .collect();
        Ok(XRoadRequest {
            method: http.method.clone(),
            client,
            service,
            path,
            message_id,
            user_id,
            represented_party,
            issue,
            headers,
            body: http.body.clone(),
        })
    }

    /// The raw HTTP/1.1 request text.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        self.to_http()?.to_bytes()
    }

    /// Reads raw HTTP/1.1 request text with the default [`HttpLimits`].
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        Self::parse_with(bytes, &HttpLimits::default())
    }

    /// Reads raw HTTP/1.1 request text within `limits`.
    pub fn parse_with(bytes: &[u8], limits: &HttpLimits) -> Result<Self> {
        Self::from_http(&HttpRequest::parse_with(bytes, limits)?)
    }
}

/// An optional X-Road header's value, of a request or a response: not empty, printable, no
/// spaces at its ends.
pub(super) fn check_value(name: &str, value: &str) -> Result<()> {
    if value.is_empty() {
        return Err(request_invalid(format!("the {name} header is empty")));
    }
    if !is_header_value(value) {
        return Err(request_invalid(format!(
            "the {name} header {:?} is not printable ASCII without spaces at its ends",
            quote(value)
        )));
    }
    Ok(())
}

/// Whether a path segment is `.` or `..`, also percent-encoded.
fn is_dot_segment(segment: &str) -> bool {
    let s = segment.to_ascii_lowercase().replace("%2e", ".");
    s == "." || s == ".."
}

/// Checks [`XRoadRequest::path`]: empty, or `/…` or `?…`, visible ASCII, no fragment, no dot
/// segment.
fn check_path(path: &str) -> Result<()> {
    if path.is_empty() {
        return Ok(());
    }
    if !(path.starts_with('/') || path.starts_with('?'))
        || !path.bytes().all(|b| (b'!'..=b'~').contains(&b))
        || path.contains('#')
    {
        return Err(request_invalid(format!(
            "the path {:?} must be empty or start with '/' or '?' (visible ASCII, no fragment)",
            quote(path)
        )));
    }
    let before_query = path.split('?').next().unwrap_or_default();
    if before_query.split('/').any(is_dot_segment) {
        return Err(request_invalid(format!(
            "the path {:?} has a '.' or '..' segment (PR-REST 4.2: no path traversal)",
            quote(path)
        )));
    }
    Ok(())
}

/// Splits `/r1/I/C/M/S/SERVICE[/path][?query]` into the service id and the rest.
fn split_target(target: &str) -> Result<(ServiceId, String)> {
    let query_at = target.find('?').unwrap_or(target.len());
    let (before_query, _) = target.split_at(query_at);
    // The first six segments after the leading '/': the version and the five id parts.
    let mut ends = Vec::with_capacity(6);
    let mut at = 0;
    if !before_query.starts_with('/') {
        return Err(request_invalid("the request target must start with /r1/"));
    }
    while ends.len() < 6 {
        let start = at + 1;
        if start > before_query.len() {
            break;
        }
        let end = before_query[start..]
            .find('/')
            .map_or(before_query.len(), |i| start + i);
        ends.push((start, end));
        at = end;
        if end == before_query.len() {
            break;
        }
    }
    let version = ends
        .first()
        .map(|(s, e)| &before_query[*s..*e])
        .unwrap_or_default();
    let numbered = version.len() > 1
        && version.starts_with('r')
        && version[1..].bytes().all(|b| b.is_ascii_digit());
    if !numbered {
        return Err(request_invalid(format!(
            "the request target {:?} must start with /{PROTOCOL_VERSION}/ (the protocol version)",
            quote(target)
        )));
    }
    if version != PROTOCOL_VERSION {
        return Err(Error::XRoadVersionUnsupported(quote(version)));
    }
    if ends.len() < 6 {
        return Err(request_invalid(format!(
            "the request target {:?} has no full service id: /{PROTOCOL_VERSION}/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE",
            quote(target)
        )));
    }
    let (id_start, _) = ends[1];
    let (_, id_end) = ends[5];
    let service = ServiceId::parse(&before_query[id_start..id_end])?;
    let path = target[id_end..].to_owned();
    check_path(&path)?;
    Ok((service, path))
}
