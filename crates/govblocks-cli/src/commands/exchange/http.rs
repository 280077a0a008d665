//! `exchange to-http` and `exchange from-http`: a message as the raw HTTP/1.1 request of the
//! X-Road Message Protocol for REST, and back ([`govblocks_exchange::xroad`]).

use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_exchange::xroad::{
    carrier_for_document, check_document, check_response_document, Carrier, ClientId, HttpLimits,
    RepresentedParty, ServiceId, XRoadRequest, XRoadResponse,
};
use serde::Serialize;
use std::path::PathBuf;

const TO_HTTP_HELP: &str = "\
Writes the raw HTTP/1.1 request that carries FILE (or stdin) through an X-Road security
server, as the X-Road Message Protocol for REST (r1) defines it:

  POST /r1/{serviceId}[/path] HTTP/1.1
  X-Road-Client: {client}
  X-Road-Id: {message id}
  …
  Content-Length: {bytes}

  {FILE, byte for byte}

Without --client and --service, FILE is an exchange envelope (any JSON document with a
\"header\" holding \"client\", \"service\" and maybe \"messageId\"): the request is addressed
as the envelope says, a service version becoming the first path segment
(EE/GOV/70000002/population/residence/v1 is sent to /r1/EE/GOV/70000002/population/residence/v1),
with Content-Type: application/json. A response envelope (\"type\": \"ExchangeResponse\", or a
header.inReplyTo) is written as the provider's HTTP response instead: HTTP/1.1 200 OK,
Content-Type: application/json and the envelope, without X-Road headers (the provider's
security server adds them); the request flags do not apply to it. With --client and
--service, FILE is any body.

Identifiers are INSTANCE/CLASS/MEMBER[/SUBSYSTEM] (client) and
INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION] (service), each part percent-encoded, made
of A-Z a-z 0-9 and '()+,-.=? only. Exits 1 with exchange.xroad_id_invalid,
exchange.xroad_request_invalid, exchange.http_invalid or json.* when the request cannot be
written.

Example:
  govblocks exchange to-http request.json > request.http
  govblocks exchange to-http --client EE/GOV/70000001/social \\
      --service EE/GOV/70000002/population/residence --message-id 42 body.json";

/// Arguments of `exchange to-http`.
#[derive(Debug, Args)]
#[command(about = "Write a message as an X-Road REST HTTP request", long_about = TO_HTTP_HELP)]
pub struct ToHttpArgs {
    /// The client (X-Road-Client), INSTANCE/CLASS/MEMBER[/SUBSYSTEM]; with --service, instead
    /// of the envelope's header.
    #[arg(long, value_name = "ID", requires = "service")]
    client: Option<String>,

    /// The service, INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]; with --client.
    #[arg(long, value_name = "ID", requires = "client")]
    service: Option<String>,

    /// X-Road-Id (with --client and --service; an envelope gives its own messageId).
    #[arg(long, value_name = "ID", requires = "client")]
    message_id: Option<String>,

    /// The method (with --client and --service) [default: POST].
    #[arg(long, value_name = "METHOD", requires = "client")]
    method: Option<String>,

    /// The path and query after the service id, e.g. /people/42?fields=residence (with
    /// --client and --service; after the version's segment).
    #[arg(long, value_name = "PATH", requires = "client")]
    path: Option<String>,

    /// X-Road-UserId: the user whose action caused the request (e.g. EE12345678901).
    #[arg(long, value_name = "ID")]
    user_id: Option<String>,

    /// X-Road-Represented-Party: [CLASS/]CODE of the party the client acts for.
    #[arg(long, value_name = "PARTY")]
    represented_party: Option<String>,

    /// X-Road-Issue: the case or document that caused the request.
    #[arg(long, value_name = "TEXT")]
    issue: Option<String>,

    /// Another header, "Name: value" (repeatable; passed unchanged).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The body (an envelope, without --client/--service); stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn to_http(args: &ToHttpArgs) -> Result<Vec<u8>, CliError> {
    let body = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let mut request = match (&args.client, &args.service) {
        (Some(client), Some(service)) => {
            let service = ServiceId::parse(service)?;
            let mut r = XRoadRequest::to_service(ClientId::parse(client)?, &service, body);
            if let Some(method) = &args.method {
                r.method = method.clone();
            }
            if let Some(path) = &args.path {
                r.path.push_str(path);
            }
            r.message_id = args.message_id.clone();
            r
        }
        _ => match carrier_for_document(body)? {
            Carrier::Request(r) => r,
            Carrier::Response(r) => return response_to_http(args, r),
        },
    };
    request.user_id = args.user_id.clone();
    request.issue = args.issue.clone();
    request.represented_party = args
        .represented_party
        .as_deref()
        .map(RepresentedParty::parse)
        .transpose()?;
    request.headers.extend(extra_headers(args)?);
    Ok(request.to_bytes()?)
}

/// `--header "Name: value"`s.
fn extra_headers(args: &ToHttpArgs) -> Result<Vec<(String, String)>, CliError> {
    args.headers
        .iter()
        .map(|h| {
            let (name, value) = h.split_once(':').ok_or_else(|| {
                CliError::Usage(format!("--header {h:?}: expected \"Name: value\""))
            })?;
            Ok((name.trim().to_owned(), value.trim().to_owned()))
        })
        .collect()
}

/// A response envelope: the provider's `200 OK` (only `--header` applies).
fn response_to_http(args: &ToHttpArgs, mut response: XRoadResponse) -> Result<Vec<u8>, CliError> {
    if args.user_id.is_some() || args.represented_party.is_some() || args.issue.is_some() {
        return Err(CliError::Usage(
            "--user-id, --represented-party and --issue are request headers: FILE is a response envelope".to_owned(),
        ));
    }
    response.headers.extend(extra_headers(args)?);
    Ok(response.to_bytes()?)
}

crate::run_with!(ToHttpArgs, to_http);

const FROM_HTTP_HELP: &str = "\
Reads a raw HTTP/1.1 request of the X-Road Message Protocol for REST (r1) from FILE (or stdin)
and prints its body, byte for byte: the envelope it carries. Text starting with HTTP/ is a
response: its X-Road headers, where present (X-Road-Client, X-Road-Service, X-Road-Id: the
request's id), must agree with the response envelope it carries (its client, service, and
header.inReplyTo.messageId), and a response marked X-Road-Error (X-Road itself failed) is
exchange.xroad_error.

What is checked: one well-formed HTTP/1.1 request (Content-Length framing, no chunked body, at
most 64 headers and 16 KiB of head, a request target of at most 2000 bytes); the request line
/r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/path] and an X-Road-Client header (GovStack's
X-GovStack-Client and Information-Mediator-Client are read too; header names in any case; when
a header is repeated the last one wins, as the protocol says of X-Road-Client); the identifiers'
characters. Then the body must be an envelope whose header says the same client, service (and
version path) and message id (X-Road-Id) as the HTTP request: a security server, or anyone on
the way, cannot readdress it unnoticed (exchange.xroad_addressing_mismatch). --raw prints any
body without that check. --addressing prints what the request says instead of the body:
{\"method\",\"client\",\"service\",\"path\",\"messageId\",\"userId\",\"representedParty\",
\"issue\",\"headers\":[[name,value],…],\"bodyBytes\"} for a request,
{\"status\",\"reason\",\"client\",\"service\",\"messageId\",\"requestHash\",\"error\",\"headers\",
\"bodyBytes\"} for a response.

Exits 1 with exchange.http_invalid, exchange.http_too_large, exchange.xroad_header_missing,
exchange.xroad_version_unsupported, exchange.xroad_request_invalid, exchange.xroad_id_invalid,
exchange.xroad_addressing_mismatch, exchange.xroad_error or json.*.

Example:
  govblocks exchange from-http request.http > request.json
  govblocks exchange from-http --addressing request.http";

/// Arguments of `exchange from-http`.
#[derive(Debug, Args)]
#[command(about = "Read an X-Road REST HTTP request or response: print the envelope it carries", long_about = FROM_HTTP_HELP)]
pub struct FromHttpArgs {
    /// Print the request's addressing as one line of JSON instead of the body.
    #[arg(long, conflicts_with = "raw")]
    addressing: bool,

    /// Print the body even when it is not an envelope addressed as the request.
    #[arg(long)]
    raw: bool,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The HTTP request (or response) text; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// What `from-http --addressing` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct Addressing<'a> {
    method: &'a str,
    client: &'a ClientId,
    service: &'a ServiceId,
    path: &'a str,
    message_id: Option<&'a str>,
    user_id: Option<&'a str>,
    represented_party: Option<&'a RepresentedParty>,
    issue: Option<&'a str>,
    headers: &'a [(String, String)],
    body_bytes: usize,
}

/// What `from-http --addressing` prints for a response.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ResponseAddressing<'a> {
    status: u16,
    reason: &'a str,
    client: Option<&'a ClientId>,
    service: Option<&'a ServiceId>,
    message_id: Option<&'a str>,
    request_hash: Option<&'a str>,
    error: Option<&'a str>,
    headers: &'a [(String, String)],
    body_bytes: usize,
}

fn from_http(args: &FromHttpArgs) -> Result<Vec<u8>, CliError> {
    let limits = HttpLimits {
        max_body_bytes: args.max_bytes.limit(),
        ..HttpLimits::default()
    };
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        limits.max_body_bytes.saturating_add(limits.max_head_bytes),
    )?;
    if bytes.starts_with(b"HTTP/") {
        let response = XRoadResponse::parse_with(&bytes, &limits)?;
        if args.addressing {
            return output::json_line(
                &ResponseAddressing {
                    status: response.status,
                    reason: &response.reason,
                    client: response.client.as_ref(),
                    service: response.service.as_ref(),
                    message_id: response.message_id.as_deref(),
                    request_hash: response.request_hash.as_deref(),
                    error: response.error.as_deref(),
                    headers: &response.headers,
                    body_bytes: response.body.len(),
                },
                false,
            );
        }
        if !args.raw {
            check_response_document(&response)?;
        }
        return Ok(response.body);
    }
    let request = XRoadRequest::parse_with(&bytes, &limits)?;
    if args.addressing {
        return output::json_line(
            &Addressing {
                method: &request.method,
                client: &request.client,
                service: &request.service,
                path: &request.path,
                message_id: request.message_id.as_deref(),
                user_id: request.user_id.as_deref(),
                represented_party: request.represented_party.as_ref(),
                issue: request.issue.as_deref(),
                headers: &request.headers,
                body_bytes: request.body.len(),
            },
            false,
        );
    }
    if !args.raw {
        check_document(&request)?;
    }
    Ok(request.body)
}

crate::run_with!(FromHttpArgs, from_http);
