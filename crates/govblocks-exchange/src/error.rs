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
    /// The envelope's `protocolVersion` is missing or one this crate does not speak (only
    /// [`PROTOCOL_VERSION`](crate::envelope::model::PROTOCOL_VERSION)).
    #[error("protocol version {found} is not supported (this verifier speaks version 1)")]
    VersionUnsupported {
        /// The version found (quoted), or `none`.
        found: String,
    },
    /// The header names no sender: a request without its `client`, a response without its
    /// `service`.
    #[error("the envelope names no sender: its header has no {field}")]
    SenderMissing {
        /// The missing header member.
        field: &'static str,
    },
    /// A message id that is not a UUID of version 4 or 7 in its lower-case hyphenated form.
    #[error("message id {input:?} is not a UUID v4 or v7: {reason}")]
    MessageIdInvalid {
        /// The refused text (quoted, cut).
        input: String,
        /// Why.
        reason: &'static str,
    },
    /// An envelope whose parts do not fit together (a request with `inReplyTo`, a response
    /// without one, a builder without a payload).
    #[error("invalid envelope: {reason}")]
    EnvelopeInvalid {
        /// Why.
        reason: String,
    },
    /// The payload's digest is not the one the header declares.
    #[error("the payload's digest is {computed}, the header declares {declared}")]
    PayloadDigestMismatch {
        /// The header's `payloadDigest`.
        declared: String,
        /// The digest of the payload carried.
        computed: String,
    },
    /// The payload does not conform to the schema the header names (its violations are
    /// rendered with the error).
    #[error("the payload does not conform to {schema}: {source}")]
    PayloadInvalid {
        /// The payload schema's `$id`.
        schema: String,
        /// The schema error (`schema.invalid`, with its violations).
        #[source]
        source: govblocks_core::Error,
    },
    /// The directory maps the sender's address to no key.
    #[error("the directory knows no key for the sender {sender}")]
    SenderUnknown {
        /// The sender's address.
        sender: String,
    },
    /// The envelope is not signed by the sender the header names (or not by it alone).
    #[error("the envelope's sender is {sender}, but it is signed by {signer}")]
    SenderMismatch {
        /// The sender's address.
        sender: String,
        /// Who signed (the proofs' controllers).
        signer: String,
    },
    /// A response that does not answer this request: another request's id or digest, an
    /// altered request, other addresses, or a signer other than the addressed service.
    #[error("the response is not bound to the request: {reason}")]
    ResponseUnbound {
        /// Why.
        reason: String,
    },
    /// The client may not call this service with this action (the access list).
    #[error("{client} may not call {service} with action {action:?}")]
    AccessDenied {
        /// The client.
        client: String,
        /// The service.
        service: String,
        /// The action (quoted, cut).
        action: String,
    },
    /// The verifier requires a consent reference and the envelope carries none.
    #[error("the verifier requires a consent reference and the envelope carries none")]
    ConsentMissing,
    /// The application's consent check refused the consent the envelope refers to.
    #[error("consent {record} does not permit this exchange: {reason}")]
    ConsentDenied {
        /// The consent record's id.
        record: String,
        /// The check's reason (a code such as `consent.withdrawn`, and why).
        reason: String,
    },
    /// A directory (addresses to DIDs) that cannot be read.
    #[error("invalid directory: {reason}")]
    DirectoryInvalid {
        /// Why.
        reason: String,
    },
    /// An access list that cannot be read.
    #[error("invalid access list: {reason}")]
    AccessListInvalid {
        /// Why.
        reason: String,
    },

    // ---- SPDCI / G2P Connect bodies (module g2p) -------------------------------------------------
    /// An SPDCI body, header, encrypted message or acknowledgement not in its published shape.
    #[error("invalid SPDCI body: {reason}")]
    G2pInvalid {
        /// What is wrong.
        reason: String,
    },
    /// An SPDCI body without a signature.
    #[error("the SPDCI body has no signature")]
    G2pSignatureMissing,
    /// `is_msg_encrypted` and the message disagree (or a message marked encrypted cannot be).
    #[error("the message's encryption does not match its header: {reason}")]
    G2pEncryptionMismatch {
        /// What disagrees.
        reason: String,
    },
    /// An encrypted message for another key than the verifier's.
    #[error("the message is encrypted for {kid}, not for this receiver's key {expected}")]
    G2pRecipientMismatch {
        /// The JWE's `kid`.
        kid: String,
        /// The verifier's key id.
        expected: String,
    },
    /// An encrypted message (or sealed envelope) and no key to decrypt it.
    #[error("the message is encrypted and no decryption key was given")]
    G2pDecryptKeyMissing,
    /// The header names another receiver.
    #[error("the message is for {receiver}, not for {expected}")]
    G2pReceiverMismatch {
        /// The header's `receiver_id`.
        receiver: String,
        /// The verifier's own id.
        expected: String,
    },
    /// An action the verifier does not accept.
    #[error("action {action:?} is not supported here")]
    G2pActionUnsupported {
        /// The header's `action`.
        action: String,
    },
    /// The header's `total_count` is not the number of requests the message holds.
    #[error("total_count is {declared}, and the message holds {counted} requests")]
    G2pTotalCountInvalid {
        /// The header's `total_count`.
        declared: u64,
        /// The requests the message holds.
        counted: u64,
    },
    /// The SPDCI header and the envelope it carries disagree.
    #[error("the SPDCI header's {field} differs from the envelope's")]
    G2pEnvelopeMismatch {
        /// The SPDCI member.
        field: &'static str,
    },

    // ---- replay guard and message log (modules replay and log) ---------------------------------
    /// The message's id was already accepted from this sender within the replay window: a
    /// replay (or a duplicate delivery), refused.
    #[error("message {message_id} from {sender} was already accepted: a replay")]
    Replayed {
        /// The sender, as given to the guard (quoted, cut).
        sender: String,
        /// The message id (quoted, cut).
        message_id: String,
    },
    /// The message's timestamp is at or before `now - window`: too old to be told from a
    /// replay of a message the guard has forgotten.
    #[error("message timestamp {timestamp} is too old: at or before {now} minus the replay window of {window_seconds} s")]
    TimestampTooOld {
        /// The message's timestamp.
        timestamp: String,
        /// The guard's clock.
        now: String,
        /// The window, in seconds.
        window_seconds: i64,
    },
    /// The message's timestamp lies after `now + skew`: in the future beyond the clock skew
    /// allowed.
    #[error("message timestamp {timestamp} is in the future: after {now} plus the allowed clock skew of {skew_seconds} s")]
    TimestampInFuture {
        /// The message's timestamp.
        timestamp: String,
        /// The guard's clock.
        now: String,
        /// The skew, in seconds.
        skew_seconds: i64,
    },
    /// The sender and message id together are longer than the accept-once store keeps
    /// ([`govblocks_store::accept_once::MAX_ID_BYTES`]): refused, not remembered.
    #[error(
        "a sender and message id of {len} bytes are longer than the replay guard keeps ({max})"
    )]
    ReplayIdTooLong {
        /// Their length in bytes, as the guard's key.
        len: usize,
        /// The most the guard keeps.
        max: usize,
    },
    /// A replay policy that cannot work: a window that is not positive, a negative skew, or
    /// either beyond [`crate::replay::MAX_WINDOW`].
    #[error("invalid replay policy: {reason}")]
    ReplayPolicyInvalid {
        /// What is wrong.
        reason: String,
    },
    /// The message log is not what was written: an entry changed, removed, inserted or
    /// reordered behind the log's back (the store's `store.tampered` is the source).
    #[error("the message log was tampered with: {0}")]
    LogTampered(#[source] govblocks_store::Error),
    /// An entry of the message log whose chain is intact but which is not a message-log record
    /// (a consistent rewrite of the file, or another application's log under our id); or, when
    /// logging a verified envelope, bytes that are not the envelope verified (sequence
    /// `u64::MAX`: nothing was logged).
    #[error("message log entry {sequence} is not a message-log record: {reason}")]
    LogEntryInvalid {
        /// The entry's sequence number.
        sequence: u64,
        /// What is wrong.
        reason: String,
    },
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
            Error::AccessDenied { .. } => "exchange.access_denied",
            Error::AccessListInvalid { .. } => "exchange.access_list_invalid",
            Error::ConsentDenied { .. } => "exchange.consent_denied",
            Error::ConsentMissing => "exchange.consent_missing",
            Error::DirectoryInvalid { .. } => "exchange.directory_invalid",
            Error::EnvelopeInvalid { .. } => "exchange.envelope_invalid",
            Error::G2pActionUnsupported { .. } => "exchange.g2p_action_unsupported",
            Error::G2pDecryptKeyMissing => "exchange.g2p_decrypt_key_missing",
            Error::G2pEncryptionMismatch { .. } => "exchange.g2p_encryption_mismatch",
            Error::G2pEnvelopeMismatch { .. } => "exchange.g2p_envelope_mismatch",
            Error::G2pInvalid { .. } => "exchange.g2p_invalid",
            Error::G2pReceiverMismatch { .. } => "exchange.g2p_receiver_mismatch",
            Error::G2pRecipientMismatch { .. } => "exchange.g2p_recipient_mismatch",
            Error::G2pSignatureMissing => "exchange.g2p_signature_missing",
            Error::G2pTotalCountInvalid { .. } => "exchange.g2p_total_count_invalid",
            Error::HttpInvalid(_) => "exchange.http_invalid",
            Error::HttpTooLarge { .. } => "exchange.http_too_large",
            Error::LogEntryInvalid { .. } => "exchange.log_entry_invalid",
            Error::LogTampered(_) => "exchange.log_tampered",
            Error::MessageIdInvalid { .. } => "exchange.message_id_invalid",
            Error::PayloadDigestMismatch { .. } => "exchange.payload_digest_mismatch",
            Error::PayloadInvalid { .. } => "exchange.payload_invalid",
            Error::ReplayIdTooLong { .. } => "exchange.replay_id_too_long",
            Error::ReplayPolicyInvalid { .. } => "exchange.replay_policy_invalid",
            Error::Replayed { .. } => "exchange.replayed",
            Error::ResponseUnbound { .. } => "exchange.response_unbound",
            Error::SenderMismatch { .. } => "exchange.sender_mismatch",
            Error::SenderMissing { .. } => "exchange.sender_missing",
            Error::SenderUnknown { .. } => "exchange.sender_unknown",
            Error::Store(_) => "exchange.store",
            Error::TimestampInFuture { .. } => "exchange.timestamp_in_future",
            Error::TimestampTooOld { .. } => "exchange.timestamp_too_old",
            Error::VersionUnsupported { .. } => "exchange.version_unsupported",
            Error::XRoadAddressingMismatch(_) => "exchange.xroad_addressing_mismatch",
            Error::XRoadError(_) => "exchange.xroad_error",
            Error::XRoadHeaderMissing(_) => "exchange.xroad_header_missing",
            Error::XRoadIdInvalid { .. } => "exchange.xroad_id_invalid",
            Error::XRoadRequestInvalid(_) => "exchange.xroad_request_invalid",
            Error::XRoadVersionUnsupported(_) => "exchange.xroad_version_unsupported",
        }
    }
    impl CodedError {
        /// A payload that fails its schema carries the schema's violations.
        fn violations(&self) -> &[govblocks_core::error::SchemaViolation] {
            match self {
                Error::PayloadInvalid { source, .. } => source.violations(),
                other => other
                    .wrapped()
                    .map_or(&[], govblocks_core::error::CodedError::violations),
            }
        }
    }
}

/// Every code of this crate's own variants, sorted: [`Error::CODES`], from the one table that
/// makes [`Error::code`]; pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;

/// The result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
