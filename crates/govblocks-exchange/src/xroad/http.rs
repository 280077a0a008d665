//! A small HTTP/1.1 request ([`HttpRequest`]: method, request target, headers, body) and
//! response ([`HttpResponse`]: status, reason, headers, body) read from and written to raw
//! text, with every size bounded ([`HttpLimits`]).
//!
//! Reading uses the `httparse` crate for the request (or status) line and the headers, then
//! takes the body by `Content-Length`. What is refused, and with which code (a response also
//! when its status is not a final one, 200 to 599):
//!
//! - `exchange.http_invalid`: a malformed request line or header (httparse's refusal), a head
//!   without its empty line, an HTTP version other than 1.1, a header value that is not
//!   printable text, a `Transfer-Encoding` header (chunked bodies are not read: send
//!   `Content-Length`), more than one `Content-Length` or one that is not a decimal number, a
//!   body shorter or longer than `Content-Length` (bytes after the body, e.g. a second,
//!   pipelined request, are refused rather than ignored), a body without `Content-Length`, a
//!   `#` fragment in the request target;
//! - `exchange.http_too_large`: more than [`HttpLimits::max_headers`] headers, a head (request
//!   line and headers) over [`HttpLimits::max_head_bytes`], a request target over
//!   [`HttpLimits::max_target_bytes`], a body over [`HttpLimits::max_body_bytes`].
//!
//! Header names keep their case as received; every lookup is case-insensitive (RFC 9110 §5.1;
//! PR-REST §4.3: "`X-Road-Client` and `x-road-client` are both valid header names").
//! `Content-Length` is consumed into the body's length: it is not among
//! [`HttpRequest::headers`], and writing computes it.
//!
//! Writing ([`HttpRequest::to_bytes`]) refuses (`exchange.http_invalid`) what could not be read
//! back as the same request (a method that is not a token, a target with spaces or controls, a
//! header name that is not a token, a value with CR, LF or other controls, a `Content-Length`
//! or `Transfer-Encoding` among the headers), so that `parse(to_bytes(r)) == r`.

use crate::error::{quote, Error, Result};

/// The bounds applied while reading a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HttpLimits {
    /// The most headers (64).
    pub max_headers: usize,
    /// The most bytes of request line and headers, the empty line included (16 KiB).
    pub max_head_bytes: usize,
    /// The most bytes of the request target (2000: PR-REST §4.2 notes that most clients limit
    /// URLs to 2000 characters and that a security server may do so too).
    pub max_target_bytes: usize,
    /// The most bytes of body (4 MiB, the default size limit of govblocks documents).
    pub max_body_bytes: usize,
}

impl Default for HttpLimits {
    fn default() -> Self {
        HttpLimits {
            max_headers: 64,
            max_head_bytes: 16 * 1024,
            max_target_bytes: 2000,
            max_body_bytes: 4 * 1024 * 1024,
        }
    }
}

/// An HTTP/1.1 request: what an X-Road REST message is made of.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpRequest {
    /// The method (`POST`): an RFC 9110 token.
    pub method: String,
    /// The request target in origin form: the path and maybe `?` and a query
    /// (`/r1/EE/GOV/70000002/population/residence?x=1`).
    pub target: String,
    /// The headers in their order, names as received, `Content-Length` left out.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

fn invalid(reason: impl Into<String>) -> Error {
    Error::HttpInvalid(reason.into())
}

fn too_large(what: &'static str, limit: usize) -> Error {
    Error::HttpTooLarge { what, limit }
}

/// Whether `s` is an RFC 9110 token (a method or a header name).
pub fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `s` can be a header value written and read back unchanged: printable ASCII, spaces
/// and tabs inside, none at either end.
pub fn is_header_value(s: &str) -> bool {
    s.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
        && !s.starts_with([' ', '\t'])
        && !s.ends_with([' ', '\t'])
}

/// Whether `s` can be a request target written and read back: visible ASCII, starting with
/// `/`, no fragment.
fn is_target(s: &str) -> bool {
    s.starts_with('/') && s.bytes().all(|b| (b'!'..=b'~').contains(&b)) && !s.contains('#')
}

fn is_framing(name: &str) -> bool {
    name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("transfer-encoding")
}

/// What an httparse call left: the head's length, or the refusal (`what` names the head).
fn head_length(
    parsed: std::result::Result<httparse::Status<usize>, httparse::Error>,
    bytes: &[u8],
    limits: &HttpLimits,
    what: &'static str,
) -> Result<usize> {
    match parsed {
        Ok(httparse::Status::Complete(n)) if n > limits.max_head_bytes => {
            Err(too_large(what, limits.max_head_bytes))
        }
        Ok(httparse::Status::Complete(n)) => Ok(n),
        Ok(httparse::Status::Partial) if bytes.len() > limits.max_head_bytes => {
            Err(too_large(what, limits.max_head_bytes))
        }
        Ok(httparse::Status::Partial) => Err(invalid(format!(
            "{what} is incomplete (no empty line after the headers)"
        ))),
        Err(httparse::Error::TooManyHeaders) => {
            Err(too_large("the number of headers", limits.max_headers))
        }
        Err(e) => Err(invalid(format!("malformed {}: {e}", &what[4..]))),
    }
}

/// Headers in order: `(name, value)`.
type Headers = Vec<(String, String)>;

/// The headers (`Content-Length` consumed) and the body after a head of `head_len` bytes.
fn headers_and_body(
    parsed: &[httparse::Header<'_>],
    bytes: &[u8],
    head_len: usize,
    limits: &HttpLimits,
) -> Result<(Headers, Vec<u8>)> {
    let mut headers = Vec::with_capacity(parsed.len());
    let mut content_length: Option<usize> = None;
    for h in parsed {
        let value = std::str::from_utf8(h.value)
            .ok()
            .filter(|v| is_header_value(v))
            .ok_or_else(|| {
                invalid(format!(
                    "the value of the header {} is not printable ASCII text",
                    quote(h.name)
                ))
            })?;
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            return Err(invalid(
                "Transfer-Encoding is not read (send the body with Content-Length)",
            ));
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            if content_length.is_some() {
                return Err(invalid("more than one Content-Length header"));
            }
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return Err(invalid(format!(
                    "Content-Length {:?} is not a decimal number",
                    quote(value)
                )));
            }
            let n = value
                .parse::<usize>()
                .ok()
                .filter(|n| *n <= limits.max_body_bytes)
                .ok_or_else(|| too_large("the body", limits.max_body_bytes))?;
            content_length = Some(n);
            continue;
        }
        headers.push((h.name.to_owned(), value.to_owned()));
    }
    let rest = &bytes[head_len..];
    let body = match content_length {
        None if rest.is_empty() => Vec::new(),
        None => {
            return Err(invalid(format!(
                "{} bytes after the head without a Content-Length header",
                rest.len()
            )))
        }
        Some(n) if rest.len() < n => {
            return Err(invalid(format!(
                "the body has {} bytes, Content-Length says {n}",
                rest.len()
            )))
        }
        Some(n) if rest.len() > n => {
            return Err(invalid(format!(
                "{} bytes after the body of Content-Length {n} (one message only)",
                rest.len() - n
            )))
        }
        Some(_) => rest.to_vec(),
    };
    Ok((headers, body))
}

/// Writes the headers (refusing what would not read back), `Content-Length` when there is a
/// body, the empty line and the body.
fn write_headers_and_body(
    out: &mut Vec<u8>,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<()> {
    for (name, value) in headers {
        if !is_token(name) {
            return Err(invalid(format!(
                "the header name {:?} is not a token",
                quote(name)
            )));
        }
        if is_framing(name) {
            return Err(invalid(format!(
                "the header {name} is written from the body, not given"
            )));
        }
        if !is_header_value(value) {
            return Err(invalid(format!(
                "the value of the header {name} is not printable ASCII without spaces at its ends"
            )));
        }
        out.extend_from_slice(name.as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(value.as_bytes());
        out.extend_from_slice(b"\r\n");
    }
    if !body.is_empty() {
        out.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    Ok(())
}

/// The last header whose name is one of `names` (case-insensitive).
fn last_of<'a>(headers: &'a [(String, String)], names: &[&str]) -> Option<(&'a str, &'a str)> {
    headers
        .iter()
        .rev()
        .find(|(n, _)| names.iter().any(|want| n.eq_ignore_ascii_case(want)))
        .map(|(n, v)| (n.as_str(), v.as_str()))
}

impl HttpRequest {
    /// Reads one request from raw HTTP/1.1 text with the default [`HttpLimits`].
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        Self::parse_with(bytes, &HttpLimits::default())
    }

    /// Reads one request from raw HTTP/1.1 text: exactly one, the whole of `bytes`.
    pub fn parse_with(bytes: &[u8], limits: &HttpLimits) -> Result<Self> {
        let mut slots = vec![httparse::EMPTY_HEADER; limits.max_headers];
        let mut request = httparse::Request::new(&mut slots);
        // The head is looked for only in the first `max_head_bytes` bytes.
        let window = &bytes[..bytes.len().min(limits.max_head_bytes)];
        let head_len = head_length(request.parse(window), bytes, limits, "the request head")?;
        if request.version != Some(1) {
            return Err(invalid("only HTTP/1.1 is read"));
        }
        let method = request.method.unwrap_or_default().to_owned();
        let target = request.path.unwrap_or_default();
        if target.len() > limits.max_target_bytes {
            return Err(too_large("the request target", limits.max_target_bytes));
        }
        if !is_target(target) {
            return Err(invalid(format!(
                "the request target {:?} is not a path starting with '/' (no fragment)",
                quote(target)
            )));
        }
        let (headers, body) = headers_and_body(request.headers, bytes, head_len, limits)?;
        Ok(HttpRequest {
            method,
            target: target.to_owned(),
            headers,
            body,
        })
    }

    /// The raw HTTP/1.1 text: the request line, the headers in order, `Content-Length` when
    /// there is a body, the empty line, the body. Lines end with CRLF.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        if !is_token(&self.method) {
            return Err(invalid(format!(
                "the method {:?} is not a token",
                quote(&self.method)
            )));
        }
        if !is_target(&self.target) {
            return Err(invalid(format!(
                "the request target {:?} is not a path starting with '/' (visible ASCII, no fragment)",
                quote(&self.target)
            )));
        }
        let mut out = Vec::with_capacity(64 + self.target.len() + self.body.len());
        out.extend_from_slice(self.method.as_bytes());
        out.push(b' ');
        out.extend_from_slice(self.target.as_bytes());
        out.extend_from_slice(b" HTTP/1.1\r\n");
        write_headers_and_body(&mut out, &self.headers, &self.body)?;
        Ok(out)
    }

    /// The value of the last header named `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.last_of(&[name]).map(|(_, v)| v)
    }

    /// The last header whose name is one of `names` (case-insensitive): its name as received
    /// and its value. Spellings of one header ([`crate::xroad::request::CLIENT_HEADERS`]) are
    /// one header: the last of them wins.
    pub fn last_of(&self, names: &[&str]) -> Option<(&str, &str)> {
        last_of(&self.headers, names)
    }
}

/// An HTTP/1.1 response: how an X-Road REST answer travels back (PR-REST §4.3, §4.6).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HttpResponse {
    /// The status code, 200 to 599 (an interim 1xx response is not a message).
    pub status: u16,
    /// The reason phrase (`OK`), maybe empty.
    pub reason: String,
    /// The headers in their order, names as received, `Content-Length` left out.
    pub headers: Vec<(String, String)>,
    /// The body (`Content-Length` bytes).
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// Reads one response from raw HTTP/1.1 text with the default [`HttpLimits`].
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        Self::parse_with(bytes, &HttpLimits::default())
    }

    /// Reads one response from raw HTTP/1.1 text: exactly one, the whole of `bytes`, framed by
    /// `Content-Length` (a body read to the end of the connection is not: the text has no
    /// end), with the same refusals as [`HttpRequest::parse_with`].
    pub fn parse_with(bytes: &[u8], limits: &HttpLimits) -> Result<Self> {
        let mut slots = vec![httparse::EMPTY_HEADER; limits.max_headers];
        let mut response = httparse::Response::new(&mut slots);
        let window = &bytes[..bytes.len().min(limits.max_head_bytes)];
        let head_len = head_length(response.parse(window), bytes, limits, "the response head")?;
        if response.version != Some(1) {
            return Err(invalid("only HTTP/1.1 is read"));
        }
        let status = response.code.unwrap_or_default();
        if !(200..=599).contains(&status) {
            return Err(invalid(format!(
                "the status {status} is not a final response (200 to 599)"
            )));
        }
        let reason = response.reason.unwrap_or_default();
        if !is_header_value(reason) {
            return Err(invalid("the reason phrase is not printable ASCII"));
        }
        let (headers, body) = headers_and_body(response.headers, bytes, head_len, limits)?;
        Ok(HttpResponse {
            status,
            reason: reason.to_owned(),
            headers,
            body,
        })
    }

    /// The raw HTTP/1.1 text: the status line, the headers in order, `Content-Length` when
    /// there is a body, the empty line, the body.
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        if !(200..=599).contains(&self.status) {
            return Err(invalid(format!(
                "the status {} is not a final response (200 to 599)",
                self.status
            )));
        }
        if !is_header_value(&self.reason) {
            return Err(invalid(
                "the reason phrase is not printable ASCII without spaces at its ends",
            ));
        }
        let mut out = format!("HTTP/1.1 {} {}\r\n", self.status, self.reason).into_bytes();
        write_headers_and_body(&mut out, &self.headers, &self.body)?;
        Ok(out)
    }

    /// The value of the last header named `name` (case-insensitive), if any.
    pub fn header(&self, name: &str) -> Option<&str> {
        last_of(&self.headers, &[name]).map(|(_, v)| v)
    }

    /// The last header whose name is one of `names` (case-insensitive).
    pub fn last_of(&self, names: &[&str]) -> Option<(&str, &str)> {
        last_of(&self.headers, names)
    }
}
