//! The one error type of `govblocks-exchange`.
//!
//! Every variant has a stable dotted code ([`Error::code`], all of them in [`CODES`] and pinned
//! in `tests/error_codes.txt`); core's errors keep their own codes (`json.*`, `proof.*`, …).
//! Render any of them with [`govblocks_core::error::error_object`], as the CLI does.
//!
//! Messages quote the refused input, cut to [`QUOTE_LIMIT`] characters, so that an error built
//! from a hostile megabyte stays small.

use govblocks_core::coded_error;

/// How many characters of a refused input an error message quotes (the rest is elided).
pub const QUOTE_LIMIT: usize = 48;

/// Everything that can go wrong with envelopes, X-Road identifiers, binding, replay, the
/// message log, consent and access control.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),
    /// The replay guard's or the message log's store failed (I/O, a foreign or newer file):
    /// nothing was accepted or logged.
    #[error("the exchange store failed: {0}")]
    Store(#[source] govblocks_store::Error),
    // ---- X-Road identifiers and HTTP mapping (module xroad) ------------------------------------
    /// An X-Road identifier (client, service, represented party) that the X-Road Message
    /// Protocol for REST does not allow: the message says which identifier, the refused input,
    /// and what is wrong (a part empty or too long, a character outside `A-Z a-z 0-9 '()+,-.=?`,
    /// a bad percent escape, the wrong number of parts, a wrong object type).
    #[error("invalid X-Road {kind} {input:?}: {reason}")]
    XRoadIdInvalid {
        /// Which identifier: `client id`, `service id`, `represented party`.
        kind: &'static str,
        /// The refused input, cut to [`QUOTE_LIMIT`] characters.
        input: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Bytes that are not one well-formed HTTP/1.1 request (a malformed request line or header,
    /// an incomplete head, `Transfer-Encoding`, a body that does not match `Content-Length`).
    #[error("invalid HTTP/1.1 request: {0}")]
    HttpInvalid(String),
    /// An HTTP request over a bound of [`crate::xroad::http::HttpLimits`] (header count, head
    /// size, request target, body): refused before more of it is read.
    #[error("HTTP request too large: {what} exceeds the limit of {limit}")]
    HttpTooLarge {
        /// What is over its bound.
        what: &'static str,
        /// The bound.
        limit: usize,
    },
    /// A well-formed HTTP request without the mandatory `X-Road-Client` header (nor one of its
    /// GovStack spellings).
    #[error("not an X-Road REST request: no {0} header")]
    XRoadHeaderMissing(&'static str),
    /// A well-formed HTTP request that the X-Road Message Protocol for REST does not allow (a
    /// method outside its list, a request target too short for a service id, a dot segment in
    /// the path, a header value it cannot carry), or an [`crate::xroad::XRoadRequest`] that
    /// cannot be written as one.
    #[error("not an X-Road REST request: {0}")]
    XRoadRequestInvalid(String),
    /// A received X-Road request whose transport addressing (`X-Road-Client`, the service id
    /// and version path of the request line, `X-Road-Id`) is not what the document it carries
    /// says about itself (`header.client`, `header.service`, `header.messageId`).
    #[error("the X-Road addressing differs from the document's: {0}")]
    XRoadAddressingMismatch(String),
    /// A response marked `X-Road-Error`: X-Road itself (a security server) failed, and the body
    /// is its error, not the provider's answer (PR-REST §4.6).
    #[error("X-Road failed: {0}")]
    XRoadError(String),
    /// A request target of another protocol version than `r1`
    /// (`/r2/…`), the only version of the X-Road Message Protocol for REST.
    #[error("unsupported X-Road REST protocol version {0:?}: only r1 is defined")]
    XRoadVersionUnsupported(String),
    // ---- envelopes, binding, replay, log, consent, access (modules envelope and after) ---------
}

/// `input`, cut to [`QUOTE_LIMIT`] characters (`…` marks the cut), for a message.
pub(crate) fn quote(input: &str) -> String {
    match input.char_indices().nth(QUOTE_LIMIT) {
        None => input.to_owned(),
        Some((at, _)) => format!("{}…", &input[..at]),
    }
}

coded_error! {
    impl Error {
        wraps {
            Error::Core(e) => e,
        }
        codes {
            Error::HttpInvalid(_) => "exchange.http_invalid",
            Error::HttpTooLarge { .. } => "exchange.http_too_large",
            Error::Store(_) => "exchange.store",
            Error::XRoadAddressingMismatch(_) => "exchange.xroad_addressing_mismatch",
            Error::XRoadError(_) => "exchange.xroad_error",
            Error::XRoadHeaderMissing(_) => "exchange.xroad_header_missing",
            Error::XRoadIdInvalid { .. } => "exchange.xroad_id_invalid",
            Error::XRoadRequestInvalid(_) => "exchange.xroad_request_invalid",
            Error::XRoadVersionUnsupported(_) => "exchange.xroad_version_unsupported",
        }
    }
    impl CodedError {}
}

/// Every code of this crate's own variants, sorted: [`Error::CODES`], from the one table that
/// makes [`Error::code`]; pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
