//! The wire shape of an SPDCI / G2P Connect body, member for member: `{signature, header,
//! message}`, the message header (`MsgHeader`, and the callback header's status members), and
//! the `EncryptedMessage` form of an encrypted message.
//!
//! Reading here checks each value's own form; what the members mean together (the signature
//! over header and message, encryption, sender, replay) is [`verify`](super::verify)'s.

use crate::error::{quote, Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::jcs;
use govblocks_core::jwe::Jwe;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The SPDCI messaging protocol version this crate writes and reads (the header's `version`,
/// `1.0.0` by the specification's default). A header without `version` is read as this one.
pub const SPDCI_VERSION: &str = "1.0.0";

/// A request's or a callback's status (`RequestStatus`): the callback header's `status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum RequestStatus {
    /// `rcvd`: received.
    #[serde(rename = "rcvd")]
    Received,
    /// `pdng`: pending.
    #[serde(rename = "pdng")]
    Pending,
    /// `succ`: successful.
    #[serde(rename = "succ")]
    Succeeded,
    /// `rjct`: rejected (the header's `status_reason_code` says why).
    #[serde(rename = "rjct")]
    Rejected,
}

/// The header-level reasons a message is rejected (`MsgHeaderStatusReasonCode`): a callback
/// header's `status_reason_code`, every value the specification lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum StatusReasonCode {
    /// `rjct.version.invalid`
    #[serde(rename = "rjct.version.invalid")]
    VersionInvalid,
    /// `rjct.message_id.duplicate`
    #[serde(rename = "rjct.message_id.duplicate")]
    MessageIdDuplicate,
    /// `rjct.message_ts.invalid`
    #[serde(rename = "rjct.message_ts.invalid")]
    MessageTsInvalid,
    /// `rjct.action.invalid`
    #[serde(rename = "rjct.action.invalid")]
    ActionInvalid,
    /// `rjct.action.not_supported`
    #[serde(rename = "rjct.action.not_supported")]
    ActionNotSupported,
    /// `rjct.total_count.invalid`
    #[serde(rename = "rjct.total_count.invalid")]
    TotalCountInvalid,
    /// `rjct.total_count.limit_exceeded`
    #[serde(rename = "rjct.total_count.limit_exceeded")]
    TotalCountLimitExceeded,
    /// `rjct.errors.too_many`
    #[serde(rename = "rjct.errors.too_many")]
    ErrorsTooMany,
}

impl StatusReasonCode {
    /// The code as the specification writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            StatusReasonCode::VersionInvalid => "rjct.version.invalid",
            StatusReasonCode::MessageIdDuplicate => "rjct.message_id.duplicate",
            StatusReasonCode::MessageTsInvalid => "rjct.message_ts.invalid",
            StatusReasonCode::ActionInvalid => "rjct.action.invalid",
            StatusReasonCode::ActionNotSupported => "rjct.action.not_supported",
            StatusReasonCode::TotalCountInvalid => "rjct.total_count.invalid",
            StatusReasonCode::TotalCountLimitExceeded => "rjct.total_count.limit_exceeded",
            StatusReasonCode::ErrorsTooMany => "rjct.errors.too_many",
        }
    }
}

/// A message header: the request header (`MsgHeader`) and the callback header
/// (`MsgCallbackHeader`) in one type; a callback header is one with a `status`.
///
/// Members this type does not name are kept in [`MsgHeader::other`] and written back as they
/// came, so that what was signed is what is verified.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct MsgHeader {
    /// The protocol version ([`SPDCI_VERSION`]); absent reads as that version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The sender's id for this message, unique for the sender (any string: the specification
    /// does not fix a form).
    pub message_id: String,
    /// When the sender made the message.
    pub message_ts: Timestamp,
    /// What the message asks or answers (`search`, `on-search`, `disburse`, …).
    pub action: String,
    /// The sender, as registered with the receiver: which keys may sign for it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_id: Option<String>,
    /// Where the sender takes callbacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sender_uri: Option<String>,
    /// The receiver, as registered with the sender.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub receiver_id: Option<String>,
    /// How many requests the message holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total_count: Option<u64>,
    /// A callback's count of completed requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_count: Option<u64>,
    /// Whether `message` is an [`EncryptedMessage`]; absent reads as `false`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub is_msg_encrypted: Option<bool>,
    /// A callback's status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RequestStatus>,
    /// Why a callback's status is `rjct`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason_code: Option<StatusReasonCode>,
    /// A callback's status in words.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason_message: Option<String>,
    /// Information for intermediaries (unencrypted: keep it free of personal data). govblocks
    /// carries an envelope's own header and proof here ([`convert`](super::convert)).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub meta: Option<Value>,
    /// Members this type does not name, as they came.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

impl MsgHeader {
    /// A request header: `message_id`, `message_ts`, `action`, `sender_id`, `total_count`
    /// (the members the specification requires), version [`SPDCI_VERSION`], not encrypted.
    pub fn request(
        message_id: impl Into<String>,
        message_ts: Timestamp,
        action: impl Into<String>,
        sender_id: impl Into<String>,
        total_count: u64,
    ) -> Self {
        MsgHeader {
            version: Some(SPDCI_VERSION.to_owned()),
            message_id: message_id.into(),
            message_ts,
            action: action.into(),
            sender_id: Some(sender_id.into()),
            sender_uri: None,
            receiver_id: None,
            total_count: Some(total_count),
            completed_count: None,
            is_msg_encrypted: Some(false),
            status: None,
            status_reason_code: None,
            status_reason_message: None,
            meta: None,
            other: Map::new(),
        }
    }

    /// A callback header with `status` (and the sender, so that it can be verified).
    pub fn callback(
        message_id: impl Into<String>,
        message_ts: Timestamp,
        action: impl Into<String>,
        sender_id: impl Into<String>,
        status: RequestStatus,
    ) -> Self {
        MsgHeader {
            status: Some(status),
            total_count: None,
            ..MsgHeader::request(message_id, message_ts, action, sender_id, 0)
        }
    }

    /// Whether this is a callback header (it has a `status`).
    pub fn is_callback(&self) -> bool {
        self.status.is_some()
    }

    /// Whether the message is encrypted (`is_msg_encrypted`, absent is `false`).
    pub fn is_encrypted(&self) -> bool {
        self.is_msg_encrypted == Some(true)
    }

    /// The header as JSON (what is signed).
    pub fn to_value(&self) -> Value {
        // Invariant: every member serializes (strings, integers, a timestamp, JSON values).
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Reads a header from its JSON object, each member's own form checked.
    pub fn from_value(value: &Value) -> Result<Self> {
        if !value.is_object() {
            return Err(invalid("the header is not a JSON object".to_owned()));
        }
        MsgHeader::deserialize(value).map_err(|e| invalid(format!("header: {e}")))
    }
}

/// An encrypted message in the specification's `EncryptedMessage` form: the JWE's protected
/// header as a JSON object and its four other parts, base64url.
///
/// `BASE64URL(JCS(header)) '.' encrypted_key '.' iv '.' ciphertext '.' tag` is the RFC 7516
/// compact JWE ([`EncryptedMessage::to_jwe`]): the additional authenticated data is the
/// base64url of the header's RFC 8785 form, so any JOSE library decrypts it, and a header
/// changed in any member fails decryption.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EncryptedMessage {
    /// The JWE protected header (`alg`, `enc`, `kid`, `epk`, …).
    pub header: Map<String, Value>,
    /// Empty for ECDH-ES (the key is agreed, not sent).
    pub encrypted_key: String,
    /// The 96-bit IV, base64url.
    pub iv: String,
    /// The ciphertext, base64url.
    pub ciphertext: String,
    /// The 128-bit authentication tag, base64url.
    pub tag: String,
}

/// The members of an [`EncryptedMessage`], sorted.
const ENCRYPTED_MEMBERS: [&str; 5] = ["ciphertext", "encrypted_key", "header", "iv", "tag"];

impl EncryptedMessage {
    /// The `EncryptedMessage` form of a JWE made by [`govblocks_core::jwe::encrypt`] (whose
    /// protected header is already its RFC 8785 form).
    pub fn from_jwe(jwe: &Jwe) -> Result<Self> {
        let header = match jwe.header().to_value() {
            Value::Object(map) => map.clone(),
            _ => return Err(invalid("the JWE header is not an object".to_owned())),
        };
        let message = EncryptedMessage {
            header,
            encrypted_key: jwe.encrypted_key().to_owned(),
            iv: jwe.iv().to_owned(),
            ciphertext: jwe.ciphertext().to_owned(),
            tag: jwe.tag().to_owned(),
        };
        // Only a JWE whose protected header is its own RFC 8785 form keeps its AAD here.
        if message.protected() != jwe.protected() {
            return Err(invalid(
                "the JWE's protected header is not in its RFC 8785 form".to_owned(),
            ));
        }
        Ok(message)
    }

    /// Reads the `EncryptedMessage` form: exactly its five members, each a string but the
    /// header (an object).
    pub fn from_value(value: &Value) -> Result<Self> {
        EncryptedMessage::deserialize(value).map_err(|e| invalid(format!("encrypted message: {e}")))
    }

    /// Whether `value` has the shape of an encrypted message (an object with exactly its five
    /// members), whatever their values: a message not marked encrypted must not have it.
    pub fn looks_like(value: &Value) -> bool {
        match value.as_object() {
            Some(map) => {
                map.len() == ENCRYPTED_MEMBERS.len()
                    && ENCRYPTED_MEMBERS.iter().all(|m| map.contains_key(*m))
            }
            None => false,
        }
    }

    /// The JWE protected header as it travels in the compact form: BASE64URL(JCS(header)).
    pub fn protected(&self) -> String {
        let header = Value::Object(self.header.clone());
        base64url_encode(&jcs::canonicalize(&header))
    }

    /// The compact JWE, parsed under core's JWE policy (algorithms, sizes, encodings).
    pub fn to_jwe(&self) -> Result<Jwe> {
        Ok(Jwe::from_parts(
            &self.protected(),
            &self.encrypted_key,
            &self.iv,
            &self.ciphertext,
            &self.tag,
        )?)
    }

    /// The message as JSON.
    pub fn to_value(&self) -> Value {
        // Invariant: strings and a JSON object serialize.
        serde_json::to_value(self).unwrap_or(Value::Null)
    }
}

/// An SPDCI body: `{"signature": …, "header": …, "message": …}`, as it travels.
///
/// `header` and `message` are kept as the JSON they came as: the signature covers them as
/// they are ([`signing_input`](super::sign::signing_input)).
#[derive(Debug, Clone, PartialEq)]
pub struct G2pBody {
    /// The detached compact JWS over the header and the message (absent before signing).
    pub signature: Option<String>,
    /// The message header, as JSON.
    pub header: Value,
    /// The message: the payload, or an [`EncryptedMessage`].
    pub message: Value,
}

impl G2pBody {
    /// Reads a body from its JSON: an object with `header` (an object), `message`, and
    /// optionally `signature` (a string), nothing else.
    pub fn from_value(value: Value) -> Result<Self> {
        let Value::Object(map) = value else {
            return Err(invalid("the body is not a JSON object".to_owned()));
        };
        let (mut signature, mut header, mut message) = (None, None, None);
        for (key, value) in map {
            match key.as_str() {
                "signature" => match value {
                    Value::String(s) => signature = Some(s),
                    Value::Null => {}
                    _ => return Err(invalid("signature is not a string".to_owned())),
                },
                "header" if value.is_object() => header = Some(value),
                "header" => return Err(invalid("the header is not a JSON object".to_owned())),
                "message" => message = Some(value),
                other => {
                    return Err(invalid(format!(
                        "unknown member {:?} (a body has signature, header, message)",
                        quote(other)
                    )))
                }
            }
        }
        Ok(G2pBody {
            signature,
            header: header.ok_or_else(|| invalid("the body has no header".to_owned()))?,
            message: message.ok_or_else(|| invalid("the body has no message".to_owned()))?,
        })
    }

    /// The body as JSON (`signature` first when present, as the specification lists it).
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        if let Some(signature) = &self.signature {
            map.insert("signature".to_owned(), Value::String(signature.clone()));
        }
        map.insert("header".to_owned(), self.header.clone());
        map.insert("message".to_owned(), self.message.clone());
        Value::Object(map)
    }
}

/// The longest reason an `exchange.g2p_invalid` error gives: serde's messages quote the value
/// or the member name they refuse, which a hostile body makes as long as its limit allows.
const MAX_REASON: usize = 300;

pub(crate) fn invalid(mut reason: String) -> Error {
    if let Some((cut, _)) = reason.char_indices().nth(MAX_REASON) {
        reason.truncate(cut);
        reason.push('…');
    }
    Error::G2pInvalid { reason }
}
