//! The wire shape of an envelope, member for member: what is signed and verified. Reading an
//! envelope here checks each value's own form (addresses, message id, digests, times); the
//! rules that tie values together are in [`rules`](super::rules).
//!
//! ```json
//! {
//!   "type": "ExchangeRequest",
//!   "header": {
//!     "protocolVersion": "1",
//!     "messageId": "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10",
//!     "timestamp": "2026-12-06T10:00:00Z",
//!     "client": "EE/GOV/70000001/social",
//!     "service": "EE/GOV/70000002/population/residence/v1",
//!     "action": "getResidence",
//!     "correlationId": "case-4471",
//!     "consent": {"record": "urn:uuid:…", "revision": "zQm…", "purpose": "eligibility",
//!                 "dataCategories": ["residence"], "proof": {…a signed consent proof…}},
//!     "payloadSchema": "https://schemas.example.gov/residence-query.json",
//!     "payloadDigest": "zQm…"
//!   },
//!   "payload": {"personId": "4471"},
//!   "proof": {…eddsa-jcs-2022, by the sender…}
//! }
//! ```
//!
//! A response has `"type": "ExchangeResponse"` and `inReplyTo` (the request's message id and
//! the [`ContentDigest`] of the whole signed request); it repeats the request's `client`,
//! `service`, `action` and `correlationId`, as an X-Road response repeats the request's
//! headers. **Who sends:** a request's sender is its `client`; a response's sender is the
//! provider of its `service` ([`ServiceId::provider`]).

use crate::error::{quote, Error, Result};
use crate::xroad::id::{ClientId, ServiceId};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::json::{CanonicalDocument, LazyValue, TapeValue};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;

/// The one protocol version this crate speaks: the header's `protocolVersion`.
pub const PROTOCOL_VERSION: &str = "1";

/// The `type` of a request.
pub const REQUEST_TYPE: &str = "ExchangeRequest";

/// The `type` of a response.
pub const RESPONSE_TYPE: &str = "ExchangeResponse";

/// Whether an envelope asks or answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Kind {
    /// `ExchangeRequest`: sent by the client to the service.
    #[serde(rename = "ExchangeRequest")]
    Request,
    /// `ExchangeResponse`: sent by the service's provider back to the client.
    #[serde(rename = "ExchangeResponse")]
    Response,
}

impl Kind {
    /// `ExchangeRequest` or `ExchangeResponse`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Request => REQUEST_TYPE,
            Kind::Response => RESPONSE_TYPE,
        }
    }
}

/// A signed exchange envelope: a header, a payload and the sender's proof.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Envelope {
    /// Request or response.
    #[serde(rename = "type")]
    pub kind: Kind,
    /// Who, to whom, what, under which consent, about which payload.
    pub header: Header,
    /// The payload: any JSON value, described by `header.payloadSchema` and digested in
    /// `header.payloadDigest`. A [`LazyValue`]: an envelope the verifier read from canonical
    /// bytes keeps it as its canonical text (what the digest covers, and what a typed reader
    /// can deserialize straight from: `serde_json::from_str(payload.canonical())`), parsed into
    /// a tree on first use (`*payload`, `payload["personId"]`).
    pub payload: LazyValue,
    /// The sender's eddsa-jcs-2022 proof (absent before signing); kept as the payload is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<LazyValue>,
}

/// The envelope's header.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Header {
    /// Always [`PROTOCOL_VERSION`]; another is refused (`exchange.version_unsupported`).
    pub protocol_version: String,
    /// This message's id: a UUID v4 or v7, unique for its sender.
    pub message_id: MessageId,
    /// When the sender made the message.
    pub timestamp: Timestamp,
    /// The client that asks (the request's sender, the response's receiver), an X-Road
    /// client id in its canonical slash form (read with [`ClientId::parse_canonical`]).
    #[serde(deserialize_with = "canonical_client")]
    pub client: ClientId,
    /// The service called (its provider sends the response), an X-Road service id in its
    /// canonical slash form (read with [`ServiceId::parse_canonical`]).
    #[serde(deserialize_with = "canonical_service")]
    pub service: ServiceId,
    /// What the client asks the service to do.
    pub action: String,
    /// The client's id for the conversation this message belongs to (a case number).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation_id: Option<String>,
    /// For a response: the request it answers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub in_reply_to: Option<InReplyTo>,
    /// The consent the exchange relies on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<ConsentReference>,
    /// The `$id` of the payload's JSON Schema, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload_schema: Option<String>,
    /// The [`ContentDigest`] of the payload (SHA-256 of its RFC 8785 form).
    pub payload_digest: ContentDigest,
}

impl Header {
    /// The sender's id: the client of a request, the service's provider for a response.
    pub fn sender(&self, kind: Kind) -> &ClientId {
        match kind {
            Kind::Request => &self.client,
            Kind::Response => self.service.provider(),
        }
    }
}

/// Reads a header's `client`: only the canonical form, so the envelope writes back its bytes.
fn canonical_client<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<ClientId, D::Error> {
    // Owned when read by move from the parsed tree: kept as the id's text, not copied.
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    ClientId::parse_canonical_owned(text.into_owned()).map_err(serde::de::Error::custom)
}

/// Reads a header's `service`: only the canonical form.
fn canonical_service<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<ServiceId, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
    ServiceId::parse_canonical_owned(text.into_owned()).map_err(serde::de::Error::custom)
}

/// The members of an [`Envelope`], in the order serde's derive lists them (for its messages).
const ENVELOPE_FIELDS: &[&str] = &["type", "header", "payload", "proof"];

/// The members of a [`Header`], in the order serde's derive lists them.
const HEADER_FIELDS: &[&str] = &[
    "protocolVersion",
    "messageId",
    "timestamp",
    "client",
    "service",
    "action",
    "correlationId",
    "inReplyTo",
    "consent",
    "payloadSchema",
    "payloadDigest",
];

/// Sets `slot` to `value` (a JSON object holds each member once: no duplicate to refuse).
fn put<T>(slot: &mut Option<T>, value: T) -> serde_json::Result<()> {
    *slot = Some(value);
    Ok(())
}

/// What `Envelope::deserialize` reads from `value`, or its error, reading by move: the
/// payload and the proof are moved out of the parsed tree as they are (serde would rebuild
/// every object in them), and the header's members are read one by one with their own readers
/// (so every value is refused with the message serde's derive gives). A value that is not an
/// object goes to serde.
pub(crate) fn envelope_from_value(value: Value) -> serde_json::Result<Envelope> {
    envelope_from(value, None)
}

/// [`envelope_from_value`] for an envelope read from canonical bytes: the payload and the proof
/// are taken as their canonical text from `canonical`, and their trees dropped here.
pub(crate) fn envelope_from_canonical(
    value: Value,
    canonical: CanonicalDocument<'_>,
) -> serde_json::Result<Envelope> {
    envelope_from(value, Some(canonical))
}

/// `value`'s member `name` as a [`LazyValue`]: its canonical text when the envelope's bytes
/// are canonical, else its tree.
fn lazy(value: Value, name: &str, canonical: Option<CanonicalDocument<'_>>) -> LazyValue {
    match canonical.and_then(|c| c.member(name)) {
        Some(text) => text,
        None => LazyValue::from(value),
    }
}

/// [`envelope_from_canonical`] for an envelope read as a tape: the header read member by member
/// from the tape's text ([`header_from_tape`]), the payload and the proof kept as their
/// canonical text. Anything this reading does not take (cold: the schema passed) is read again
/// by the tree path, which gives the answer and its message.
pub(crate) fn envelope_from_tape(
    root: TapeValue<'_>,
    canonical: CanonicalDocument<'_>,
) -> serde_json::Result<Envelope> {
    let read = || -> Option<Envelope> {
        let (mut kind, mut header, mut payload, mut proof) = (None, None, None, None);
        for (key, value) in root.members() {
            match key {
                "type" => {
                    kind = Some(match value.as_str()? {
                        REQUEST_TYPE => Kind::Request,
                        RESPONSE_TYPE => Kind::Response,
                        _ => return None,
                    })
                }
                "header" => header = Some(header_from_tape(value)?),
                "payload" => payload = Some(value.to_lazy()),
                "proof" => proof = (!value.is_null()).then(|| value.to_lazy()),
                _ => return None,
            }
        }
        Some(Envelope {
            kind: kind?,
            header: header?,
            payload: payload?,
            proof,
        })
    };
    match read() {
        Some(envelope) => Ok(envelope),
        None => envelope_from(root.to_value(), Some(canonical)),
    }
}

/// The header as [`Header::deserialize`] reads it, from a tape (every string is its own text,
/// so nothing is copied but what the header keeps); `None` for anything it would refuse, or
/// that this reading leaves to it (a member that is an object is read by serde from its text).
fn header_from_tape(header: TapeValue<'_>) -> Option<Header> {
    // `null` reads as absent for the optional members, as serde's `Option` reads it.
    let optional = |value: TapeValue<'_>| -> Option<Option<String>> {
        match value.is_null() {
            true => Some(None),
            false => Some(Some(value.as_str()?.to_owned())),
        }
    };
    let mut p = HeaderParts::default();
    for (key, value) in header.members() {
        let text = || value.as_str();
        match key {
            "protocolVersion" => p.protocol_version = Some(text()?.to_owned()),
            "messageId" => p.message_id = Some(MessageId::parse(text()?).ok()?),
            "timestamp" => p.timestamp = Some(Timestamp::parse(text()?, "date-time").ok()?),
            "client" => p.client = Some(ClientId::parse_canonical_owned(text()?.to_owned()).ok()?),
            "service" => {
                p.service = Some(ServiceId::parse_canonical_owned(text()?.to_owned()).ok()?)
            }
            "action" => p.action = Some(text()?.to_owned()),
            "correlationId" => p.correlation_id = Some(optional(value)?),
            "inReplyTo" => p.in_reply_to = Some(serde_json::from_str(value.raw()).ok()?),
            "consent" => p.consent = Some(serde_json::from_str(value.raw()).ok()?),
            "payloadSchema" => p.payload_schema = Some(optional(value)?),
            "payloadDigest" => {
                p.payload_digest = Some(ContentDigest::parse(text()?, "digest").ok()?)
            }
            _ => return None,
        }
    }
    p.finish().ok()
}

fn envelope_from(
    value: Value,
    canonical: Option<CanonicalDocument<'_>>,
) -> serde_json::Result<Envelope> {
    use serde::de::Error as _;
    let map = match value {
        Value::Object(map) => map,
        other => return Envelope::deserialize(other),
    };
    let (mut kind, mut header, mut payload, mut proof) = (None, None, None, None);
    for (key, value) in map {
        match key.as_str() {
            "type" => put(&mut kind, Kind::deserialize(value)?)?,
            "header" => put(&mut header, header_from_value(value)?)?,
            "payload" => put(&mut payload, lazy(value, "payload", canonical))?,
            // `Option<Value>`: `null` reads as absent.
            "proof" => put(
                &mut proof,
                (!value.is_null()).then(|| lazy(value, "proof", canonical)),
            )?,
            other => return Err(serde_json::Error::unknown_field(other, ENVELOPE_FIELDS)),
        }
    }
    Ok(Envelope {
        kind: kind.ok_or_else(|| serde_json::Error::missing_field("type"))?,
        header: header.ok_or_else(|| serde_json::Error::missing_field("header"))?,
        payload: payload.ok_or_else(|| serde_json::Error::missing_field("payload"))?,
        proof: proof.flatten(),
    })
}

/// What `Header::deserialize` reads from `value`, or its error, member by member (see
/// [`envelope_from_value`]).
fn header_from_value(value: Value) -> serde_json::Result<Header> {
    use serde::de::Error as _;
    let map = match value {
        Value::Object(map) => map,
        other => return Header::deserialize(other),
    };
    let mut p = HeaderParts::default();
    for (key, value) in map {
        match key.as_str() {
            "protocolVersion" => put(&mut p.protocol_version, String::deserialize(value)?)?,
            "messageId" => put(&mut p.message_id, MessageId::deserialize(value)?)?,
            "timestamp" => put(&mut p.timestamp, Timestamp::deserialize(value)?)?,
            "client" => put(&mut p.client, canonical_client(value)?)?,
            "service" => put(&mut p.service, canonical_service(value)?)?,
            "action" => put(&mut p.action, String::deserialize(value)?)?,
            "correlationId" => put(&mut p.correlation_id, Option::deserialize(value)?)?,
            "inReplyTo" => put(&mut p.in_reply_to, Option::deserialize(value)?)?,
            "consent" => put(&mut p.consent, Option::deserialize(value)?)?,
            "payloadSchema" => put(&mut p.payload_schema, Option::deserialize(value)?)?,
            "payloadDigest" => put(&mut p.payload_digest, ContentDigest::deserialize(value)?)?,
            other => return Err(serde_json::Error::unknown_field(other, HEADER_FIELDS)),
        }
    }
    p.finish().map_err(serde_json::Error::missing_field)
}

/// A header's members as a reader (of a tree or of a tape) finds them; an optional member
/// read as `null` is `Some(None)`.
#[derive(Default)]
struct HeaderParts {
    protocol_version: Option<String>,
    message_id: Option<MessageId>,
    timestamp: Option<Timestamp>,
    client: Option<ClientId>,
    service: Option<ServiceId>,
    action: Option<String>,
    correlation_id: Option<Option<String>>,
    in_reply_to: Option<Option<InReplyTo>>,
    consent: Option<Option<ConsentReference>>,
    payload_schema: Option<Option<String>>,
    payload_digest: Option<ContentDigest>,
}

impl HeaderParts {
    /// The header, or the first required member that is missing (serde's derive's order).
    fn finish(self) -> std::result::Result<Header, &'static str> {
        Ok(Header {
            protocol_version: self.protocol_version.ok_or("protocolVersion")?,
            message_id: self.message_id.ok_or("messageId")?,
            timestamp: self.timestamp.ok_or("timestamp")?,
            client: self.client.ok_or("client")?,
            service: self.service.ok_or("service")?,
            action: self.action.ok_or("action")?,
            correlation_id: self.correlation_id.flatten(),
            in_reply_to: self.in_reply_to.flatten(),
            consent: self.consent.flatten(),
            payload_schema: self.payload_schema.flatten(),
            payload_digest: self.payload_digest.ok_or("payloadDigest")?,
        })
    }
}

/// What a response answers: the request's message id and the digest of the whole signed
/// request (its RFC 8785 form, proof included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct InReplyTo {
    /// The request's message id.
    pub message_id: MessageId,
    /// The request's [`ContentDigest`].
    pub digest: ContentDigest,
}

impl InReplyTo {
    /// A reference to the request with this id and digest.
    pub fn new(message_id: MessageId, digest: ContentDigest) -> Self {
        InReplyTo { message_id, digest }
    }
}

/// The consent an exchange relies on, by reference: the consent record's id and the digest of
/// the revision relied on, the purpose and data categories asked for, and optionally the
/// controller's signed consent proof, carried opaque (this crate does not read it: the
/// application's [`ConsentCheck`](crate::consent::ConsentCheck) does, with the consent block).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct ConsentReference {
    /// The consent record's id.
    pub record: String,
    /// The digest of the record's revision relied on.
    pub revision: ContentDigest,
    /// The purpose the data is asked for (a purpose id of the consent agreement).
    pub purpose: String,
    /// The data categories asked for.
    pub data_categories: Vec<String>,
    /// The controller's signed consent proof (a secured JSON document), carried opaque.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

impl ConsentReference {
    /// A reference to `revision` of `record`, for `purpose` and `data_categories`.
    pub fn new(
        record: impl Into<String>,
        revision: ContentDigest,
        purpose: impl Into<String>,
        data_categories: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        ConsentReference {
            record: record.into(),
            revision,
            purpose: purpose.into(),
            data_categories: data_categories.into_iter().map(Into::into).collect(),
            proof: None,
        }
    }

    /// The same reference carrying the controller's signed consent proof.
    pub fn with_proof(mut self, proof: Value) -> Self {
        self.proof = Some(proof);
        self
    }
}

/// A message id: a UUID of version 4 (random) or 7 (time-ordered), RFC 9562 variant, written
/// in its lower-case hyphenated form (`0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10`). Any other
/// spelling, version or variant is `exchange.message_id_invalid`.
///
/// ```
/// use govblocks_exchange::envelope::model::MessageId;
/// let id = MessageId::generate();
/// assert_eq!(MessageId::parse(&id.to_string())?, id);
/// assert_eq!(id.version(), 4);
/// let v1 = "c232ab00-9414-11ec-b3c8-9f6bdeced846";
/// assert_eq!(MessageId::parse(v1).unwrap_err().code(), "exchange.message_id_invalid");
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct MessageId(uuid::Uuid);

impl MessageId {
    /// A fresh random (v4) id, from the operating system's randomness.
    pub fn generate() -> Self {
        MessageId(uuid::Uuid::new_v4())
    }

    /// Reads a message id (see the type's documentation).
    pub fn parse(text: &str) -> Result<Self> {
        let invalid = |reason| Error::MessageIdInvalid {
            input: quote(text),
            reason,
        };
        let shape =
            || invalid("not a UUID in lower-case hyphenated form (8-4-4-4-12 hexadecimal digits)");
        if text.len() != 36 {
            return Err(shape());
        }
        // The shape checked and the 16 bytes read in one pass (every message id is read twice:
        // by the precheck, then by the typed read).
        let mut bytes = [0u8; 16];
        let mut digits = 0usize;
        for (i, b) in text.bytes().enumerate() {
            if matches!(i, 8 | 13 | 18 | 23) {
                if b != b'-' {
                    return Err(shape());
                }
                continue;
            }
            let digit = match b {
                b'0'..=b'9' => b - b'0',
                b'a'..=b'f' => b - b'a' + 10,
                _ => return Err(shape()),
            };
            if let Some(byte) = bytes.get_mut(digits / 2) {
                *byte = *byte << 4 | digit;
            }
            digits += 1;
        }
        let uuid = uuid::Uuid::from_bytes(bytes);
        if uuid.get_variant() != uuid::Variant::RFC4122 {
            return Err(invalid("not of the RFC 9562 variant"));
        }
        match uuid.get_version_num() {
            4 | 7 => Ok(MessageId(uuid)),
            _ => Err(invalid("neither version 4 nor version 7")),
        }
    }

    /// Wraps 16 bytes that are a v4 or v7 UUID of the RFC 9562 variant.
    pub fn from_bytes(bytes: [u8; 16]) -> Result<Self> {
        Self::parse(&uuid::Uuid::from_bytes(bytes).hyphenated().to_string())
    }

    /// The UUID's version: 4 or 7.
    pub fn version(&self) -> usize {
        self.0.get_version_num()
    }

    /// The 16 bytes.
    pub fn as_bytes(&self) -> &[u8; 16] {
        self.0.as_bytes()
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0.hyphenated(), f)
    }
}

impl fmt::Debug for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "MessageId({self})")
    }
}

impl std::str::FromStr for MessageId {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl Serialize for MessageId {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for MessageId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reader by move agrees with serde's derive on every variant: the same envelope, or
    /// the same message.
    #[test]
    fn the_reader_by_move_reads_and_refuses_as_serde_does() {
        let digest = ContentDigest::of_json(&serde_json::json!({"personId": "4471"})).to_string();
        let base = serde_json::json!({
            "type": "ExchangeResponse",
            "header": {
                "protocolVersion": "1",
                "messageId": "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10",
                "timestamp": "2026-12-06T10:00:00Z",
                "client": "EE/GOV/70000001/social",
                "service": "EE/GOV/70000002/population/residence%3F/v1",
                "action": "getResidence",
                "correlationId": "case-4471",
                "inReplyTo": {"messageId": "01890a5d-ac96-774b-bcce-b302099a8057", "digest": digest},
                "consent": {"record": "urn:uuid:1", "revision": digest, "purpose": "p",
                            "dataCategories": ["residence"], "proof": {"a": [1, {"b": null}]}},
                "payloadSchema": "https://schemas.example.gov/q.json",
                "payloadDigest": digest
            },
            "payload": {"personId": "4471", "nested": [{"x": 1.5}, null]},
            "proof": {"type": "DataIntegrityProof", "proofValue": "z1"}
        });
        let mut variants = vec![
            base.clone(),
            Value::Null,
            serde_json::json!([1]),
            serde_json::json!("x"),
        ];
        let set = |path: &[&str], v: Option<Value>| {
            let mut doc = base.clone();
            let (last, parents) = path.split_last().unwrap();
            let mut at = &mut doc;
            for p in parents {
                at = &mut at[*p];
            }
            let map = at.as_object_mut().unwrap();
            match v {
                Some(v) => {
                    map.insert((*last).to_owned(), v);
                }
                None => {
                    map.remove(*last);
                }
            }
            doc
        };
        let header_members = HEADER_FIELDS.iter().map(|m| vec!["header", m]);
        let members = ENVELOPE_FIELDS
            .iter()
            .map(|m| vec![*m])
            .chain(header_members);
        for path in members.collect::<Vec<_>>() {
            variants.push(set(&path, None));
            for v in [
                Value::Null,
                serde_json::json!(7),
                serde_json::json!("zQmNotADigest"),
                serde_json::json!("EE/GOV/%41"),
                serde_json::json!("0D7BA0A5-6AB0-4B5E-9C39-3C1C7B1F7A10"),
                serde_json::json!({"u": 1}),
                serde_json::json!([]),
            ] {
                variants.push(set(&path, Some(v)));
            }
        }
        variants.push(set(&["unknown"], Some(Value::Null)));
        variants.push(set(&["header", "unknown"], Some(Value::Null)));
        variants.push(set(&["header"], Some(serde_json::json!(["1"]))));
        let mut read_from_tape = 0;
        for (i, variant) in variants.into_iter().enumerate() {
            let by_serde = Envelope::deserialize(variant.clone()).map_err(|e| e.to_string());
            let by_move = envelope_from_value(variant.clone()).map_err(|e| e.to_string());
            assert_eq!(by_move, by_serde, "variant {i}: {variant}");
            // Read from a tape, the header is serde's, or nothing where serde refuses it.
            if let Some(header) = variant.get("header") {
                let bytes = govblocks_core::jcs::canonicalize(header);
                let limits = govblocks_core::json::Limits::default();
                let tape = govblocks_core::json::Tape::parse(&bytes, &limits).unwrap();
                let by_serde = Header::deserialize(header.clone()).ok();
                assert_eq!(
                    header_from_tape(tape.root()),
                    by_serde,
                    "variant {i}: {header}"
                );
                read_from_tape += usize::from(by_serde.is_some());
            }
        }
        assert!(read_from_tape > 10, "{read_from_tape}");
    }

    #[test]
    fn message_ids() {
        let v4 = "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10";
        let v7 = "01890a5d-ac96-774b-bcce-b302099a8057";
        assert_eq!(MessageId::parse(v4).unwrap().version(), 4);
        assert_eq!(MessageId::parse(v7).unwrap().version(), 7);
        assert_eq!(MessageId::parse(v7).unwrap().to_string(), v7);
        for bad in [
            "0D7BA0A5-6AB0-4B5E-9C39-3C1C7B1F7A10",   // upper case
            "{0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10}", // braced
            "urn:uuid:0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10",
            "0d7ba0a56ab04b5e9c393c1c7b1f7a10",     // simple
            "0d7ba0a5-6ab0-1b5e-9c39-3c1c7b1f7a10", // v1
            "0d7ba0a5-6ab0-8b5e-9c39-3c1c7b1f7a10", // v8
            "0d7ba0a5-6ab0-4b5e-c c39-3c1c7b1f7a1",
            "0d7ba0a5-6ab0-4b5e-1c39-3c1c7b1f7a10", // NCS variant
            "0d7ba0a5-6ab0-4b5e-dc39-3c1c7b1f7a10", // Microsoft variant
            "00000000-0000-0000-0000-000000000000", // nil
            "",
        ] {
            assert_eq!(
                MessageId::parse(bad).unwrap_err().code(),
                "exchange.message_id_invalid",
                "{bad}"
            );
        }
        let a = MessageId::generate();
        let b = MessageId::generate();
        assert_ne!(a, b);
        assert_eq!(MessageId::from_bytes(*a.as_bytes()).unwrap(), a);
    }
}
