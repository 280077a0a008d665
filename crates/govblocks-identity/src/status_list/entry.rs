//! `BitstringStatusListEntry`: a credential's pointer into a status list, and the check of it.

use super::{check_min_entries, check_status_size, clip, StatusList, StatusPurpose};
use crate::error::{Error, Result};
use crate::one_or_many::OneOrMany;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// The `type` of a status entry.
pub const ENTRY_TYPE: &str = "BitstringStatusListEntry";

/// One `statusMessage` item: what an entry's value means (`{"status": "0x2", "message":
/// "rejected"}`). `status` is the value in hexadecimal with a `0x` prefix; `message` is meant
/// for developers, not end users. Further members are kept.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StatusMessage {
    /// The value, `0x` and hexadecimal digits.
    pub status: String,
    /// What the value means.
    pub message: String,
    /// Any further members, written back as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl StatusMessage {
    /// The message for `value`, written `0x…` in lower-case hexadecimal.
    pub fn new(value: u8, message: impl Into<String>) -> Self {
        StatusMessage {
            status: format!("{value:#x}"),
            message: message.into(),
            extra: Map::new(),
        }
    }

    /// The value `status` names, if it is `0x` followed by hexadecimal digits and fits in a
    /// byte.
    pub fn value(&self) -> Option<u8> {
        let digits = self.status.strip_prefix("0x")?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let significant = digits.trim_start_matches('0');
        if significant.len() > 2 {
            return None;
        }
        u8::from_str_radix(
            if significant.is_empty() {
                "0"
            } else {
                significant
            },
            16,
        )
        .ok()
    }

    pub(super) fn to_value(&self) -> Value {
        let mut object = self.extra.clone();
        object.insert("status".into(), Value::String(self.status.clone()));
        object.insert("message".into(), Value::String(self.message.clone()));
        Value::Object(object)
    }
}

/// Reads a `statusSize`: an integer from 1 to [`MAX_STATUS_SIZE`](super::MAX_STATUS_SIZE).
pub(super) fn read_status_size(value: &Value) -> Result<u8> {
    let size = value
        .as_u64()
        .filter(|&size| size > 0)
        .ok_or_else(|| Error::StatusInvalid {
            reason: format!(
                "statusSize {} is not a positive integer",
                clip(&value.to_string())
            ),
        })?;
    let size = u8::try_from(size).map_err(|_| Error::StatusInvalid {
        reason: format!("statusSize {size} is not supported (1 to 8)"),
    })?;
    check_status_size(size)?;
    Ok(size)
}

/// Reads a `statusMessage(s)` array.
pub(super) fn read_messages(value: &Value) -> Result<Vec<StatusMessage>> {
    Vec::<StatusMessage>::deserialize(value).map_err(|error| Error::StatusInvalid {
        reason: format!("invalid status messages: {error}"),
    })
}

/// Checks that `messages` has exactly one message for each of the 2^`status_size` values.
pub(super) fn check_messages(messages: &[StatusMessage], status_size: u8) -> Result<()> {
    check_status_size(status_size)?;
    let count = 1usize << status_size;
    let invalid = |reason: String| Error::StatusInvalid { reason };
    if messages.len() != count {
        return Err(invalid(format!(
            "{} status message(s) for a statusSize of {status_size}: there must be {count}",
            messages.len()
        )));
    }
    let mut seen = [false; 256];
    for message in messages {
        let value = message
            .value()
            .filter(|&value| usize::from(value) < count)
            .ok_or_else(|| {
                invalid(format!(
                    "status message value {:?} is not 0x0 to {:#x}",
                    clip(&message.status),
                    count.saturating_sub(1)
                ))
            })?;
        match seen.get_mut(usize::from(value)) {
            Some(slot) if !*slot => *slot = true,
            _ => {
                return Err(invalid(format!(
                    "status message value {:?} appears twice",
                    clip(&message.status)
                )))
            }
        }
    }
    Ok(())
}

/// Parses a `statusListIndex`: base-10 digits of a number that fits in 64 bits, with no sign,
/// no white space and no leading zero (except `"0"` itself).
fn parse_index(text: &str) -> Result<u64> {
    let invalid = |why: &str| Error::StatusInvalid {
        reason: format!("statusListIndex {:?} {why}", clip(text)),
    };
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("is not a string of base-10 digits"));
    }
    if text.len() > 1 && text.starts_with('0') {
        return Err(invalid("has a leading zero"));
    }
    text.parse::<u64>()
        .map_err(|_| invalid("is larger than 18446744073709551615"))
}

/// Whether `text` looks like an absolute URL: a scheme (a letter, then letters, digits, `+`,
/// `-`, `.`), a colon, then something, with no white space.
fn is_absolute_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once(':') else {
        return false;
    };
    let mut scheme_chars = scheme.chars();
    scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && !text.chars().any(char::is_whitespace)
}

/// A `BitstringStatusListEntry` (a credential's `credentialStatus`, or one item of it).
///
/// Read one with [`StatusEntry::from_value`] or serde; it serializes back as it came
/// (`statusListIndex` keeps its string, `statusSize` is written only when it was, further
/// members are kept). The rules of the specification are checked on reading:
///
/// * `type` is `BitstringStatusListEntry`;
/// * `statusPurpose` is one of the four [`StatusPurpose`]s;
/// * `statusListIndex` is a string of base-10 digits, without sign, white space or leading
///   zero, of at most 2^64 − 1 (the specification allows any size; larger is refused);
/// * `statusListCredential` is an absolute URL, and `id`, when present, is not that URL;
/// * `statusSize`, when present, is an integer from 1 to 8; above 1, `statusMessage` is
///   required;
/// * `statusMessage`, when present, has one message per value (2^`statusSize`), each
///   `status` a distinct `0x…` value.
///
/// Every refusal is [`Error::StatusInvalid`] (`credential.status_invalid`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "RawEntry", into = "RawEntry")]
pub struct StatusEntry {
    id: Option<String>,
    purpose: StatusPurpose,
    index_text: String,
    index: u64,
    list_url: String,
    status_size: Option<u8>,
    status_message: Option<Vec<StatusMessage>>,
    status_reference: Option<OneOrMany<String>>,
    extra: Map<String, Value>,
}

/// The entry as written, before its rules are checked.
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawEntry {
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    id: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    status_purpose: String,
    status_list_index: String,
    status_list_credential: String,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    status_size: Option<Value>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    status_message: Option<Value>,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    status_reference: Option<OneOrMany<String>>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// An optional member that, when present, holds a value: `null` is refused rather than read as
/// absent, so that an entry always writes back as it came (the specification gives none of
/// these members a `null` value).
fn present<'de, D, T>(deserializer: D) -> std::result::Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::de::DeserializeOwned,
{
    use serde::de::Error as _;
    let value = Value::deserialize(deserializer)?;
    if value.is_null() {
        return Err(D::Error::custom(
            "null is not a value here: leave the member out",
        ));
    }
    T::deserialize(value).map(Some).map_err(D::Error::custom)
}

impl TryFrom<RawEntry> for StatusEntry {
    type Error = Error;

    fn try_from(raw: RawEntry) -> Result<Self> {
        let invalid = |reason: String| Error::StatusInvalid { reason };
        if raw.kind != ENTRY_TYPE {
            return Err(invalid(format!(
                "type {:?} is not {ENTRY_TYPE}",
                clip(&raw.kind)
            )));
        }
        let purpose = StatusPurpose::parse(&raw.status_purpose)?;
        let index = parse_index(&raw.status_list_index)?;
        if !is_absolute_url(&raw.status_list_credential) {
            return Err(invalid(format!(
                "statusListCredential {:?} is not an absolute URL",
                clip(&raw.status_list_credential)
            )));
        }
        if raw.id.as_deref() == Some(raw.status_list_credential.as_str()) {
            return Err(invalid(
                "the entry's id must not be the URL of the status list".into(),
            ));
        }
        let status_size = raw.status_size.as_ref().map(read_status_size).transpose()?;
        let size = status_size.unwrap_or(1);
        let status_message = match &raw.status_message {
            None if size > 1 => {
                return Err(invalid(format!(
                    "statusMessage is required with a statusSize of {size}"
                )))
            }
            None => None,
            Some(messages) => {
                let messages = read_messages(messages)?;
                check_messages(&messages, size)?;
                Some(messages)
            }
        };
        Ok(StatusEntry {
            id: raw.id,
            purpose,
            index_text: raw.status_list_index,
            index,
            list_url: raw.status_list_credential,
            status_size,
            status_message,
            status_reference: raw.status_reference,
            extra: raw.extra,
        })
    }
}

impl From<StatusEntry> for RawEntry {
    fn from(entry: StatusEntry) -> Self {
        RawEntry {
            id: entry.id,
            kind: ENTRY_TYPE.into(),
            status_purpose: entry.purpose.as_str().into(),
            status_list_index: entry.index_text,
            status_list_credential: entry.list_url,
            status_size: entry.status_size.map(Value::from),
            status_message: entry
                .status_message
                .map(|messages| messages.iter().map(StatusMessage::to_value).collect()),
            status_reference: entry.status_reference,
            extra: entry.extra,
        }
    }
}

/// What a status entry says, read from its list: the validate algorithm's result.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusOutcome {
    /// The entry's purpose.
    pub purpose: StatusPurpose,
    /// The entry's value in the list (0 or 1 for one-bit entries).
    pub status: u32,
    /// Whether the value is 0.
    pub valid: bool,
    /// The value's message: from the entry's `statusMessage`, else the list's
    /// `statusMessages`, else `"unset"` for 0 and `"set"` for 1.
    pub message: String,
}

impl StatusEntry {
    /// An entry pointing at entry `index` of the list credential at `list_url`, for `purpose`,
    /// one bit wide.
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] when `list_url` is not an absolute URL.
    pub fn new(purpose: StatusPurpose, list_url: impl Into<String>, index: u64) -> Result<Self> {
        let list_url = list_url.into();
        if !is_absolute_url(&list_url) {
            return Err(Error::StatusInvalid {
                reason: format!(
                    "statusListCredential {:?} is not an absolute URL",
                    clip(&list_url)
                ),
            });
        }
        Ok(StatusEntry {
            id: None,
            purpose,
            index_text: index.to_string(),
            index,
            list_url,
            status_size: None,
            status_message: None,
            status_reference: None,
            extra: Map::new(),
        })
    }

    /// The same entry with an `id` (which must not be the list's URL).
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] when `id` is the list's URL.
    pub fn with_id(mut self, id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        if id == self.list_url {
            return Err(Error::StatusInvalid {
                reason: "the entry's id must not be the URL of the status list".into(),
            });
        }
        self.id = Some(id);
        Ok(self)
    }

    /// The same entry `status_size` bits wide, with one message per value.
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] for a size outside 1 to 8 or messages that are not one per
    /// value.
    pub fn with_status_messages(
        mut self,
        status_size: u8,
        messages: Vec<StatusMessage>,
    ) -> Result<Self> {
        check_messages(&messages, status_size)?;
        self.status_size = Some(status_size);
        self.status_message = Some(messages);
        Ok(self)
    }

    /// Reads an entry from JSON, checking every rule listed on [`StatusEntry`].
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] for anything malformed, a missing member or a wrong `type`.
    pub fn from_value(value: &Value) -> Result<Self> {
        let raw = RawEntry::deserialize(value).map_err(|error| Error::StatusInvalid {
            reason: clip(&error.to_string()),
        })?;
        StatusEntry::try_from(raw)
    }

    /// [`StatusEntry::from_value`] on an entry object, read in place (no copy of the object).
    ///
    /// # Errors
    ///
    /// As [`StatusEntry::from_value`].
    pub fn from_object(object: &serde_json::Map<String, Value>) -> Result<Self> {
        let raw = RawEntry::deserialize(object).map_err(|error| Error::StatusInvalid {
            reason: clip(&error.to_string()),
        })?;
        StatusEntry::try_from(raw)
    }

    /// The entry as JSON, as it was read.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(RawEntry::from(self.clone())).unwrap_or(Value::Null)
    }

    /// The entry's `id`, if any.
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// `statusPurpose`.
    pub fn purpose(&self) -> StatusPurpose {
        self.purpose
    }

    /// `statusListIndex`, parsed.
    pub fn index(&self) -> u64 {
        self.index
    }

    /// `statusListIndex` as written.
    pub fn index_text(&self) -> &str {
        &self.index_text
    }

    /// `statusListCredential`: the URL of the list credential.
    pub fn list_url(&self) -> &str {
        &self.list_url
    }

    /// `statusSize`, or 1 when absent.
    pub fn status_size(&self) -> u8 {
        self.status_size.unwrap_or(1)
    }

    /// `statusMessage`, if present.
    pub fn status_messages(&self) -> Option<&[StatusMessage]> {
        self.status_message.as_deref()
    }

    /// `statusReference`, if present.
    pub fn status_reference(&self) -> Option<&OneOrMany<String>> {
        self.status_reference.as_ref()
    }

    /// Reads this entry's value from `list` (which must come from a verified list credential,
    /// see [`StatusList::from_credential`]) and says what it means, without judging it.
    ///
    /// # Errors
    ///
    /// * [`Error::StatusInvalid`]: `list` is not the list this entry names, or it states a
    ///   `statusSize` other than the entry's.
    /// * [`Error::StatusPurposeMismatch`]: the list does not serve the entry's purpose.
    /// * [`Error::StatusListSize`]: the list holds fewer than
    ///   [`MIN_ENTRIES`](super::MIN_ENTRIES) entries of the entry's size.
    /// * [`Error::StatusIndexOutOfRange`]: the entry lies beyond the list.
    pub fn evaluate(&self, list: &StatusList) -> Result<StatusOutcome> {
        if list.url() != self.list_url {
            return Err(Error::StatusInvalid {
                reason: format!(
                    "the entry names status list {:?}, not {:?}",
                    clip(&self.list_url),
                    clip(list.url())
                ),
            });
        }
        if !list.has_purpose(self.purpose) {
            let found = list
                .purposes()
                .iter()
                .map(|purpose| purpose.as_str())
                .collect::<Vec<_>>()
                .join(", ");
            return Err(Error::StatusPurposeMismatch {
                expected: self.purpose.as_str().into(),
                found,
            });
        }
        let size = self.status_size();
        if let Some(stated) = list.stated_status_size() {
            if stated != size {
                return Err(Error::StatusInvalid {
                    reason: format!("the entry's statusSize is {size}, the list's {stated}"),
                });
            }
        }
        check_min_entries(list.len_bits(), size)?;
        let status = list.bitstring().get_status(self.index, size)?;
        let message = self
            .status_messages()
            .or(list.status_messages())
            .and_then(|messages| {
                messages
                    .iter()
                    .find(|message| message.value().map(u32::from) == Some(status))
            })
            .map(|message| message.message.clone())
            .unwrap_or_else(|| match status {
                0 => "unset".to_owned(),
                1 => "set".to_owned(),
                other => format!("{other:#x}"),
            });
        Ok(StatusOutcome {
            purpose: self.purpose,
            status,
            valid: status == 0,
            message,
        })
    }

    /// [`StatusEntry::evaluate`], then a judgement: a non-zero `revocation` entry is
    /// [`Error::Revoked`], a non-zero `suspension` entry [`Error::Suspended`], so that `?`
    /// refuses such a credential. Anything else — every `refresh` and `message` outcome, and a
    /// zero revocation or suspension entry — is returned for the caller to act on (a set
    /// `refresh` bit does not make a credential invalid; what a message means is the
    /// ecosystem's business).
    ///
    /// # Errors
    ///
    /// Those of [`StatusEntry::evaluate`], and [`Error::Revoked`] / [`Error::Suspended`] with
    /// the list URL and index.
    pub fn check(&self, list: &StatusList) -> Result<StatusOutcome> {
        let outcome = self.evaluate(list)?;
        if !outcome.valid {
            match self.purpose {
                StatusPurpose::Revocation => {
                    return Err(Error::Revoked {
                        list: self.list_url.clone(),
                        index: self.index,
                    })
                }
                StatusPurpose::Suspension => {
                    return Err(Error::Suspended {
                        list: self.list_url.clone(),
                        index: self.index,
                    })
                }
                StatusPurpose::Refresh | StatusPurpose::Message => {}
            }
        }
        Ok(outcome)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_parsing_is_strict() {
        assert_eq!(parse_index("0").unwrap(), 0);
        assert_eq!(parse_index("94567").unwrap(), 94_567);
        assert_eq!(parse_index("18446744073709551615").unwrap(), u64::MAX);
        for bad in [
            "",
            "01",
            "00",
            "-1",
            "+1",
            " 1",
            "1 ",
            "1.0",
            "1e3",
            "0x10",
            "١",
            "18446744073709551616",
        ] {
            assert_eq!(
                parse_index(bad).unwrap_err().code(),
                "credential.status_invalid",
                "{bad:?}"
            );
        }
    }

    #[test]
    fn message_values() {
        let m = |status: &str| StatusMessage {
            status: status.into(),
            message: String::new(),
            extra: Map::new(),
        };
        assert_eq!(m("0x0").value(), Some(0));
        assert_eq!(m("0xA").value(), Some(10));
        assert_eq!(m("0x00ff").value(), Some(255));
        for bad in ["0", "0x", "0X1", "1", "0x100", "0xg", " 0x1", "0x-1"] {
            assert_eq!(m(bad).value(), None, "{bad}");
        }
        assert_eq!(StatusMessage::new(10, "x").status, "0xa");
    }

    #[test]
    fn urls() {
        assert!(is_absolute_url("https://example.org/s/1"));
        assert!(is_absolute_url("urn:uuid:1"));
        for bad in [
            "",
            "example.org/s",
            ":x",
            "1http://x",
            "https:",
            "https://a b",
        ] {
            assert!(!is_absolute_url(bad), "{bad}");
        }
    }

    #[test]
    fn an_entry_read_in_place_is_read_as_from_its_value() {
        let good = serde_json::json!({
            "id": "https://registry.example.gov/status/1#7",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "7",
            "statusListCredential": "https://registry.example.gov/status/1",
        });
        let mut cases = vec![good.clone()];
        for (name, value) in [
            ("statusListIndex", serde_json::json!(7)),
            ("statusListIndex", serde_json::json!("07")),
            ("type", serde_json::json!("Other")),
            ("id", serde_json::Value::Null),
            ("statusSize", serde_json::json!(2)),
        ] {
            let mut case = good.clone();
            case[name] = value;
            cases.push(case);
        }
        let mut missing = good.clone();
        missing.as_object_mut().unwrap().remove("statusPurpose");
        cases.push(missing);
        for case in cases {
            let object = case.as_object().unwrap();
            match (
                StatusEntry::from_value(&case),
                StatusEntry::from_object(object),
            ) {
                (Ok(a), Ok(b)) => assert_eq!(a.to_value(), b.to_value()),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string()),
                (a, b) => panic!("{case}: {a:?} / {b:?}"),
            }
        }
    }
}
