//! The fuzz properties of X-Road addressing (`govblocks_exchange::xroad`): identifier parsing
//! held to a second, independent reading written here, and HTTP/X-Road request parsing held to
//! its own writing.

use govblocks_exchange::xroad::{
    check_document, check_response_document, ClientId, HttpLimits, HttpRequest, HttpResponse,
    RepresentedParty, ServiceId, XRoadRequest, XRoadResponse,
};

/// The limits text written back is read with: twice the default head, as a request read with
/// bare LF line ends is written with CRLF (a little longer).
fn roomy() -> HttpLimits {
    let limits = HttpLimits::default();
    HttpLimits {
        max_head_bytes: 2 * limits.max_head_bytes,
        ..limits
    }
}

/// The characters PR-REST §4.8 allows in an identifier part, read independently of the crate.
fn allowed(c: char) -> bool {
    matches!(c, 'A'..='Z' | 'a'..='z' | '0'..='9' | '\'' | '(' | ')' | '+' | ',' | '-' | '.' | '=' | '?')
}

/// A part of the slash form read independently: `%XX` escapes decoded, every other byte taken
/// as itself (a raw `?` excluded: it starts a URI query); `Some` exactly when the decoded text is
/// UTF-8 of 1 to 255 bytes made only of allowed characters.
fn reference_part(raw: &str) -> Option<String> {
    let b = raw.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = std::str::from_utf8(b.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|h| h.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else if b[i] == b'?' {
            return None;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    let text = String::from_utf8(out).ok()?;
    (!text.is_empty() && text.len() <= 255 && text.chars().all(allowed)).then_some(text)
}

/// The slash form read independently: `Some(parts)` when it has one of `counts` parts, each
/// accepted by [`reference_part`].
fn reference_slash(text: &str, counts: &[usize]) -> Option<Vec<String>> {
    let parts: Vec<&str> = text.split('/').collect();
    if !counts.contains(&parts.len()) {
        return None;
    }
    parts.into_iter().map(reference_part).collect()
}

/// The textual form read independently: the type, `:`, raw allowed parts.
fn reference_object(text: &str, types: &[(&str, usize)]) -> Option<Vec<String>> {
    let (ty, rest) = text.split_once(':')?;
    let count = types.iter().find(|(t, _)| *t == ty)?.1;
    let parts: Vec<&str> = rest.split('/').collect();
    (parts.len() == count
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.len() <= 255 && p.chars().all(allowed)))
    .then(|| parts.into_iter().map(str::to_owned).collect())
}

fn refused_well(e: &govblocks_exchange::Error, input: &str) {
    assert_eq!(e.code(), "exchange.xroad_id_invalid", "{input:?}: {e}");
    assert!(e.to_string().len() < 600, "{e}");
}

fn client_parts(id: &ClientId) -> Vec<String> {
    [id.instance(), id.member_class(), id.member_code()]
        .into_iter()
        .chain(id.subsystem_code())
        .map(str::to_owned)
        .collect()
}

fn service_parts(id: &ServiceId) -> Vec<String> {
    let mut parts = client_parts(id.provider());
    parts.push(id.service_code().to_owned());
    parts.extend(id.version().map(str::to_owned));
    parts
}

/// **Property:** reading the input as an X-Road client id, service id, represented party (slash
/// form) and as a client or service id in the object-type form (`SUBSYSTEM:…`) never panics;
/// each reading accepts exactly what an independent reading (written in this module: split on
/// `/`, `%XX` decoded, PR-REST §4.8's characters, 1 to 255 bytes a part) accepts, with the same
/// decoded parts; what is accepted prints canonically (printing and reading again gives the same
/// id and the same text, in both forms and as JSON); a refusal is `exchange.xroad_id_invalid`
/// with a bounded message.
///
/// Input: the bytes as text (invalid UTF-8 replaced).
pub fn xroad_id_parse(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let text = text.as_ref();

    match (ClientId::parse(text), reference_slash(text, &[3, 4])) {
        (Ok(id), Some(parts)) => {
            assert_eq!(client_parts(&id), parts, "{text:?}");
            let again = ClientId::parse(id.as_str()).unwrap();
            assert_eq!(again, id);
            assert_eq!(again.as_str(), id.as_str());
            assert_eq!(ClientId::parse_object(&id.to_object_string()).unwrap(), id);
            let json = serde_json::to_string(&id).unwrap();
            assert_eq!(serde_json::from_str::<ClientId>(&json).unwrap(), id);
        }
        (Err(e), None) => refused_well(&e, text),
        (got, want) => panic!("client id {text:?}: crate {got:?}, reference {want:?}"),
    }
    match (ServiceId::parse(text), reference_slash(text, &[5, 6])) {
        (Ok(id), Some(parts)) => {
            assert_eq!(service_parts(&id), parts, "{text:?}");
            assert_eq!(ServiceId::parse(id.as_str()).unwrap(), id);
            assert_eq!(ServiceId::parse_object(&id.to_object_string()).unwrap(), id);
            assert_eq!(
                ServiceId::parse(id.without_version().as_str())
                    .unwrap()
                    .version(),
                None
            );
        }
        (Err(e), None) => refused_well(&e, text),
        (got, want) => panic!("service id {text:?}: crate {got:?}, reference {want:?}"),
    }
    match (
        RepresentedParty::parse(text),
        reference_slash(text, &[1, 2]),
    ) {
        (Ok(p), Some(parts)) => {
            let mine: Vec<String> = p
                .member_class()
                .into_iter()
                .chain([p.member_code()])
                .map(str::to_owned)
                .collect();
            assert_eq!(mine, parts);
            assert_eq!(RepresentedParty::parse(p.as_str()).unwrap(), p);
        }
        (Err(e), None) => refused_well(&e, text),
        (got, want) => panic!("represented party {text:?}: crate {got:?}, reference {want:?}"),
    }
    match (
        ClientId::parse_object(text),
        reference_object(text, &[("MEMBER", 3), ("SUBSYSTEM", 4)]),
    ) {
        (Ok(id), Some(parts)) => {
            assert_eq!(client_parts(&id), parts);
            assert_eq!(id.to_object_string(), text);
            assert_eq!(ClientId::parse(id.as_str()).unwrap(), id);
        }
        (Err(e), None) => refused_well(&e, text),
        (got, want) => panic!("client object {text:?}: crate {got:?}, reference {want:?}"),
    }
    let services = [("SERVICE", 5), ("SERVICE", 6)];
    let service_object =
        reference_object(text, &services[..1]).or_else(|| reference_object(text, &services[1..]));
    match (ServiceId::parse_object(text), service_object) {
        (Ok(id), Some(parts)) => {
            assert_eq!(service_parts(&id), parts);
            assert_eq!(id.to_object_string(), text);
        }
        (Err(e), None) => refused_well(&e, text),
        (got, want) => panic!("service object {text:?}: crate {got:?}, reference {want:?}"),
    }
}

/// The codes a refused HTTP request may have.
const HTTP_CODES: [&str; 2] = ["exchange.http_invalid", "exchange.http_too_large"];

/// The codes a well-formed HTTP request refused as an X-Road request may have.
const XROAD_CODES: [&str; 4] = [
    "exchange.xroad_header_missing",
    "exchange.xroad_id_invalid",
    "exchange.xroad_request_invalid",
    "exchange.xroad_version_unsupported",
];

/// **Property:** reading the input as one raw HTTP/1.1 request never panics; an accepted
/// request writes back to text that reads as the same request (and, written again, to the same
/// bytes; read with twice the head bound, as CRLF may lengthen a head read with bare LF), its
/// body is exactly `Content-Length` bytes, no `Content-Length` or
/// `Transfer-Encoding` is left among its headers; a refused one is `exchange.http_invalid` or
/// `exchange.http_too_large`. An accepted request read as an X-Road request is either refused
/// with one of the `exchange.xroad_*` codes or accepted with its client the *last* of the
/// client headers (any spelling, any case), and round-trips (written and read again: the same
/// X-Road request); holding it to its body's addressing never panics and refuses with a code.
/// The same input read as an HTTP *response* obeys the same: refused with an `exchange.http_*`
/// code, or written back and read as the same response, then as an X-Road response refused with
/// a code or round-tripping, and held to its body's addressing without panicking.
///
/// Input: the raw request (or response) bytes.
pub fn http_request_parse(data: &[u8]) {
    response_property(data);
    let http = match HttpRequest::parse(data) {
        Ok(http) => http,
        Err(e) => {
            assert!(HTTP_CODES.contains(&e.code()), "{}: {e}", e.code());
            assert!(e.to_string().len() < 600, "{e}");
            return;
        }
    };
    assert!(http.headers.iter().all(|(n, _)| {
        !n.eq_ignore_ascii_case("content-length") && !n.eq_ignore_ascii_case("transfer-encoding")
    }));
    let text = http
        .to_bytes()
        .unwrap_or_else(|e| panic!("{http:?} does not write: {e}"));
    let again = HttpRequest::parse_with(&text, &roomy()).unwrap();
    assert_eq!(again, http);
    assert_eq!(again.to_bytes().unwrap(), text);

    match XRoadRequest::from_http(&http) {
        Err(e) => assert!(XROAD_CODES.contains(&e.code()), "{}: {e}", e.code()),
        Ok(request) => {
            let last = http
                .headers
                .iter()
                .rev()
                .find(|(n, _)| {
                    [
                        "x-road-client",
                        "x-govstack-client",
                        "information-mediator-client",
                    ]
                    .contains(&n.to_ascii_lowercase().as_str())
                })
                .map(|(_, v)| v.as_str())
                .unwrap();
            assert_eq!(request.client, ClientId::parse(last).unwrap());
            assert_eq!(request.body, http.body);
            let bytes = request
                .to_bytes()
                .unwrap_or_else(|e| panic!("{request:?} does not write: {e}"));
            assert_eq!(XRoadRequest::parse_with(&bytes, &roomy()).unwrap(), request);
            if let Err(e) = check_document(&request) {
                assert!(
                    e.code().starts_with("json.")
                        || e.code() == "exchange.xroad_addressing_mismatch"
                        || XROAD_CODES.contains(&e.code()),
                    "{}: {e}",
                    e.code()
                );
            }
        }
    }
}

/// [`http_request_parse`] for responses.
fn response_property(data: &[u8]) {
    let http = match HttpResponse::parse(data) {
        Ok(http) => http,
        Err(e) => {
            assert!(HTTP_CODES.contains(&e.code()), "{}: {e}", e.code());
            return;
        }
    };
    let text = http
        .to_bytes()
        .unwrap_or_else(|e| panic!("{http:?} does not write: {e}"));
    let again = HttpResponse::parse_with(&text, &roomy()).unwrap();
    assert_eq!(again, http);
    assert_eq!(again.to_bytes().unwrap(), text);
    match XRoadResponse::from_http(&http) {
        Err(e) => assert!(XROAD_CODES.contains(&e.code()), "{}: {e}", e.code()),
        Ok(response) => {
            let bytes = response
                .to_bytes()
                .unwrap_or_else(|e| panic!("{response:?} does not write: {e}"));
            assert_eq!(
                XRoadResponse::parse_with(&bytes, &roomy()).unwrap(),
                response
            );
            if let Err(e) = check_response_document(&response) {
                assert!(
                    e.code().starts_with("json.")
                        || e.code() == "exchange.xroad_addressing_mismatch"
                        || e.code() == "exchange.xroad_error"
                        || XROAD_CODES.contains(&e.code()),
                    "{}: {e}",
                    e.code()
                );
            }
        }
    }
}

/// Whether a seed of `target` is accepted: an X-Road client or service id (either form), an
/// X-Road request.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "xroad_id_parse" => {
            let text = String::from_utf8_lossy(data);
            let attempts = [
                ClientId::parse(&text).map(|_| ()),
                ServiceId::parse(&text).map(|_| ()),
                ClientId::parse_object(&text).map(|_| ()),
                ServiceId::parse_object(&text).map(|_| ()),
            ];
            Some(if attempts.iter().any(Result::is_ok) {
                Ok(())
            } else {
                Err("exchange.xroad_id_invalid")
            })
        }
        "http_request_parse" => Some(XRoadRequest::parse(data).map(|_| ()).map_err(|e| e.code())),
        _ => None,
    }
}
