//! W3C Bitstring Status List v1.0: revocation and suspension of credentials, with herd
//! privacy.
//!
//! An issuer keeps, per status list, one long string of bits and gives each credential a
//! position in it. The credential carries a `credentialStatus` entry naming the list and the
//! position ([`StatusEntry`]); the list itself is published as a signed
//! `BitstringStatusListCredential` ([`StatusList`]), which every verifier fetches whole, so the
//! issuer never learns which credential is being checked. A set bit means revoked (or
//! suspended, …); most bits are zero, so the list compresses to almost nothing.
//!
//! ## The format
//!
//! * The **bitstring**: at least [`MIN_ENTRIES`] = 131,072 entries (16 KiB for one-bit
//!   entries) — the "herd privacy" minimum. Index `0` is the left-most bit, the most
//!   significant bit of the first byte; index 131,071 is the least significant bit of the
//!   last. An entry of `statusSize` bits (default 1) starts at bit `index × statusSize`.
//! * **`encodedList`**: the bitstring compressed with GZIP (RFC 1952), then encoded as
//!   multibase base64url without padding: the letter `u` followed by RFC 4648 §5 base64url.
//!   The specification's own example, 131,072 zero bits, is
//!   `uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA`.
//! * **`statusPurpose`** ([`StatusPurpose`]): `revocation` (permanent), `suspension`
//!   (reversible), `refresh` (a newer credential is available) or `message` (entries of
//!   `statusSize` bits whose values are explained by `statusMessage`).
//! * The **entry**, in the credential:
//!
//! ```json
//! "credentialStatus": {
//!   "id": "https://registry.example.gov/status/3#94567",
//!   "type": "BitstringStatusListEntry",
//!   "statusPurpose": "revocation",
//!   "statusListIndex": "94567",
//!   "statusListCredential": "https://registry.example.gov/status/3"
//! }
//! ```
//!
//! * The **list credential**, a VC 2.0 credential whose subject is the list:
//!
//! ```json
//! {
//!   "@context": ["https://www.w3.org/ns/credentials/v2"],
//!   "id": "https://registry.example.gov/status/3",
//!   "type": ["VerifiableCredential", "BitstringStatusListCredential"],
//!   "issuer": "did:key:z6Mk…",
//!   "validFrom": "2024-01-01T00:00:00Z",
//!   "credentialSubject": {
//!     "id": "https://registry.example.gov/status/3#list",
//!     "type": "BitstringStatusList",
//!     "statusPurpose": "revocation",
//!     "encodedList": "uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA"
//!   }
//! }
//! ```
//!
//! ## Issuing and checking
//!
//! ```
//! use govblocks_identity::status_list::{
//!     InMemoryStatusResolver, StatusEntry, StatusList, StatusPurpose, StatusResolver,
//!     DecodeLimits, MIN_ENTRIES,
//! };
//! use govblocks_core::serde_json::{self, json};
//!
//! // The issuer: a revocation list, credential 94567 revoked.
//! let url = "https://registry.example.gov/status/3";
//! let mut list = StatusList::new(url, StatusPurpose::Revocation, MIN_ENTRIES)?;
//! list.set(94_567)?;
//! let unsigned = list.unsigned_credential("did:example:registry", None);
//! assert_eq!(unsigned["credentialSubject"]["type"], "BitstringStatusList");
//! // ... sign `unsigned` with govblocks_core::proof::add_proof and publish it at `url`.
//!
//! // The verifier: fetch the list credential (here from memory), verify it through the
//! // pipeline, then read its subject.
//! let mut resolver = InMemoryStatusResolver::new();
//! resolver.insert(url, serde_json::to_vec(&unsigned).unwrap());
//! let entry = StatusEntry::from_value(&json!({
//!     "type": "BitstringStatusListEntry",
//!     "statusPurpose": "revocation",
//!     "statusListIndex": "94567",
//!     "statusListCredential": url
//! }))?;
//! let bytes = resolver.resolve(entry.list_url())?;
//! let credential: serde_json::Value = serde_json::from_slice(&bytes).unwrap(); // (verify it!)
//! let fetched = StatusList::from_credential(url, &credential, &DecodeLimits::default())?;
//! assert_eq!(entry.check(&fetched).unwrap_err().code(), "credential.revoked");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! ## In a running service
//!
//! A [`StatusResolver`] hands over the bytes of a list credential; the
//! [`CredentialVerifier`](crate::credential::CredentialVerifier) verifies them (proof, the
//! credential's issuer, validity period) before reading the list: the validate algorithm of
//! the specification requires the list credential's proofs to verify, and a list read from
//! unverified bytes proves nothing.
//!
//! * One verification decodes each list once, however many entries and credentials name it
//!   ([`StatusScope`](crate::credential::StatusScope)).
//! * A service publishes new lists into a [`SharedStatusResolver`] while its verifiers run
//!   (`&self`), and gives its verifier a
//!   [status cache](crate::credential::CredentialVerifier::with_status_cache): each list is
//!   then verified and decoded once per `ttl` ([`DEFAULT_TTL_MS`] when it states none) and once
//!   per publication.
//! * With the cargo feature `status-http` (off by default), `HttpStatusResolver` (module
//!   `http`) fetches a list's URL, bounded in size and time; without it the crate has no
//!   network code.
//!
//! A list that cannot be used is the list's problem, reported with the list's URL and its own
//! code: `status_list.expired`, `status_list.not_yet_valid`, `status_list.proof_invalid`
//! (tampered, or not signed by its issuer), `status_list.invalid`, `status_list.issuer_mismatch`,
//! `status_list.encoding_invalid`, `status_list.size_invalid`; a list that cannot be had is
//! `credential.status_unavailable`, saying which and why (no resolver, not held, download
//! failed).
//!
//! ## Limits
//!
//! | what | default | error |
//! | --- | --- | --- |
//! | `encodedList` length | [`DEFAULT_MAX_ENCODED_LEN`], 1 MiB of text | `status_list.encoding_invalid` |
//! | decompressed list | [`DEFAULT_MAX_BITS`], 2^27 bits = 16 MiB (inflating stops one byte past it) | `status_list.size_invalid` |
//! | smallest list | [`MIN_ENTRIES`] entries of `statusSize` bits | `status_list.size_invalid` |
//! | `statusSize` | 1 to [`MAX_STATUS_SIZE`] = 8 | `credential.status_invalid` |
//! | `statusListIndex` | 0 to 2^64 − 1 | `credential.status_invalid` |
//!
//! The IETF Token Status List of SD-JWTs ([`sd_jwt::status`](crate::sd_jwt::status)) shares
//! these [`DecodeLimits`], the bounded inflater (ZLIB there, GZIP here) and the
//! [`StatusResolver`]; its bit order (least significant bit first) and codes (`sdjwt.status_*`)
//! are its own.

pub(crate) mod bitstring;
pub mod cache;
mod entry;
#[cfg(feature = "status-http")]
pub mod http;
mod resolver;

pub use bitstring::{
    decode, decode_with_limits, encode, Bitstring, DecodeLimits, DEFAULT_MAX_BITS,
    DEFAULT_MAX_ENCODED_LEN, MAX_STATUS_SIZE, MIN_BITS, MIN_ENTRIES,
};
pub use cache::{StatusListCache, DEFAULT_TTL_MS};
pub use entry::{StatusEntry, StatusMessage, StatusOutcome, ENTRY_TYPE};
#[cfg(feature = "status-http")]
pub use http::HttpStatusResolver;
pub use resolver::{InMemoryStatusResolver, SharedStatusResolver, StatusResolver};

use crate::error::{Error, Result};
use crate::one_or_many::OneOrMany;
use bitstring::check_status_size;
use govblocks_core::clock::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::fmt;

/// The `type` of a status list credential's subject.
pub const LIST_TYPE: &str = "BitstringStatusList";

/// The `type` a status list credential includes (besides `VerifiableCredential`).
pub const CREDENTIAL_TYPE: &str = "BitstringStatusListCredential";

/// The base context of a VC 2.0 credential.
const CREDENTIALS_V2: &str = "https://www.w3.org/ns/credentials/v2";

/// What a status list (and a status entry) is for.
///
/// The specification lets `statusPurpose` be any string but fixes the meaning of these four;
/// govblocks accepts only these four ([`Error::StatusInvalid`] otherwise): a purpose the
/// verifier cannot interpret gives it nothing to decide on, so it fails closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StatusPurpose {
    /// `revocation`: a set bit cancels the credential, for good.
    Revocation,
    /// `suspension`: a set bit suspends the credential; clearing it lifts the suspension.
    Suspension,
    /// `refresh`: a set bit says a newer credential is available from its refresh service; the
    /// credential stays valid.
    Refresh,
    /// `message`: the entry's value selects one of its `statusMessage`s.
    Message,
}

impl StatusPurpose {
    /// Every purpose, in the order of the specification's table.
    pub const ALL: [StatusPurpose; 4] = [
        StatusPurpose::Refresh,
        StatusPurpose::Revocation,
        StatusPurpose::Suspension,
        StatusPurpose::Message,
    ];

    /// The purpose as the specification spells it (`revocation`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusPurpose::Revocation => "revocation",
            StatusPurpose::Suspension => "suspension",
            StatusPurpose::Refresh => "refresh",
            StatusPurpose::Message => "message",
        }
    }

    /// Reads a purpose, refusing any other string ([`Error::StatusInvalid`]).
    pub fn parse(text: &str) -> Result<Self> {
        StatusPurpose::ALL
            .into_iter()
            .find(|purpose| purpose.as_str() == text)
            .ok_or_else(|| Error::StatusInvalid {
                reason: format!("statusPurpose {:?} is not supported", clip(text)),
            })
    }
}

impl fmt::Display for StatusPurpose {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl std::str::FromStr for StatusPurpose {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        StatusPurpose::parse(text)
    }
}

/// A status list: its URL, purpose(s) and bits. The issuer builds one with
/// [`StatusList::new`], flips bits and publishes [`StatusList::unsigned_credential`] once
/// signed; the verifier reads one from a verified list credential with
/// [`StatusList::from_credential`] and hands it to [`StatusEntry::check`].
#[derive(Debug, Clone, PartialEq)]
pub struct StatusList {
    url: String,
    purposes: OneOrMany<StatusPurpose>,
    bits: Bitstring,
    /// `credentialSubject.statusSize`, when the list states one.
    status_size: Option<u8>,
    /// `credentialSubject.statusMessages`, when the list states them.
    status_messages: Option<Vec<StatusMessage>>,
    /// `credentialSubject.ttl` (milliseconds).
    ttl: Option<u64>,
}

impl StatusList {
    /// A new list at `url` (the status list credential's `id`, which entries name in
    /// `statusListCredential`), for `purpose`, of `size_bits` bits, all zero. `size_bits` is
    /// rounded up to a whole number of bytes (the list is published as bytes). Use
    /// [`MIN_ENTRIES`] unless a larger crowd is wanted. A `message` list states
    /// `statusSize` 1 until [`StatusList::with_status_size`] says otherwise.
    ///
    /// # Errors
    ///
    /// [`Error::StatusListSize`] when `size_bits` is below [`MIN_BITS`] or cannot be held in
    /// memory.
    pub fn new(url: impl Into<String>, purpose: StatusPurpose, size_bits: u64) -> Result<Self> {
        if size_bits < MIN_BITS {
            return Err(Error::StatusListSize {
                bits: size_bits,
                min: MIN_BITS,
                max: u64::MAX,
            });
        }
        let rounded = size_bits
            .checked_next_multiple_of(8)
            .ok_or(Error::StatusListSize {
                bits: size_bits,
                min: MIN_BITS,
                max: u64::MAX,
            })?;
        Ok(StatusList {
            url: url.into(),
            purposes: OneOrMany::One(purpose),
            bits: Bitstring::new(rounded)?,
            status_size: (purpose == StatusPurpose::Message).then_some(1),
            status_messages: None,
            ttl: None,
        })
    }

    /// States `statusSize` (bits per entry, 1 to [`MAX_STATUS_SIZE`]) in the list's subject,
    /// as the specification requires of a `message` list. [`StatusList::set_status`] and
    /// [`StatusList::get_status`] then work in entries of that size.
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] for an unsupported size or one that disagrees with the
    /// status messages already set; [`Error::StatusListSize`] when the list then holds fewer
    /// than [`MIN_ENTRIES`] entries.
    pub fn with_status_size(mut self, status_size: u8) -> Result<Self> {
        check_status_size(status_size)?;
        check_min_entries(self.bits.len(), status_size)?;
        if let Some(messages) = &self.status_messages {
            entry::check_messages(messages, status_size)?;
        }
        self.status_size = Some(status_size);
        Ok(self)
    }

    /// States `statusMessages` in the list's subject: one message for each of the
    /// 2^[`status_size`](StatusList::status_size) values.
    ///
    /// # Errors
    ///
    /// [`Error::StatusInvalid`] when the messages are not one per value.
    pub fn with_status_messages(mut self, messages: Vec<StatusMessage>) -> Result<Self> {
        entry::check_messages(&messages, self.status_size())?;
        self.status_messages = Some(messages);
        Ok(self)
    }

    /// States `ttl`, the milliseconds after which a verifier should fetch the list again.
    pub fn with_ttl(mut self, ttl_ms: u64) -> Self {
        self.ttl = Some(ttl_ms);
        self
    }

    /// The URL of the list credential.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// The list's purposes (one, for a list this crate issues; a fetched list may state
    /// several).
    pub fn purposes(&self) -> &[StatusPurpose] {
        self.purposes.as_slice()
    }

    /// Whether the list serves `purpose`.
    pub fn has_purpose(&self, purpose: StatusPurpose) -> bool {
        self.purposes().contains(&purpose)
    }

    /// Bits per entry: the stated `statusSize`, or 1.
    pub fn status_size(&self) -> u8 {
        self.status_size.unwrap_or(1)
    }

    /// The `statusSize` the list's subject states, if any.
    pub fn stated_status_size(&self) -> Option<u8> {
        self.status_size
    }

    /// The list's `statusMessages`, if it states them.
    pub fn status_messages(&self) -> Option<&[StatusMessage]> {
        self.status_messages.as_deref()
    }

    /// `ttl` in milliseconds, if stated. A verifier caching the list uses
    /// [`DEFAULT_TTL_MS`] (300,000) when it states none (Bitstring Status List v1.0 §2.2).
    pub fn ttl(&self) -> Option<u64> {
        self.ttl
    }

    /// The bits.
    pub fn bitstring(&self) -> &Bitstring {
        &self.bits
    }

    /// The length of the list in bits.
    pub fn len_bits(&self) -> u64 {
        self.bits.len()
    }

    /// How many entries of [`status_size`](StatusList::status_size) bits the list holds.
    pub fn entries(&self) -> u64 {
        self.bits.len() / u64::from(self.status_size())
    }

    /// Sets entry `index` to 1 (revokes, suspends, … the credential at `index`).
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index` is beyond the list.
    pub fn set(&mut self, index: u64) -> Result<()> {
        self.set_status(index, 1)
    }

    /// Sets entry `index` back to 0.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index` is beyond the list.
    pub fn clear(&mut self, index: u64) -> Result<()> {
        self.set_status(index, 0)
    }

    /// Whether entry `index` is not 0.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index` is beyond the list.
    pub fn get(&self, index: u64) -> Result<bool> {
        Ok(self.get_status(index)? != 0)
    }

    /// The value of entry `index`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index` is beyond the list.
    pub fn get_status(&self, index: u64) -> Result<u32> {
        self.bits.get_status(index, self.status_size())
    }

    /// Sets entry `index` to `value`.
    ///
    /// # Errors
    ///
    /// [`Error::StatusIndexOutOfRange`] when `index` is beyond the list;
    /// [`Error::StatusInvalid`] when `value` does not fit in the status size.
    pub fn set_status(&mut self, index: u64, value: u32) -> Result<()> {
        self.bits.set_status(index, self.status_size(), value)
    }

    /// The `encodedList` of the current bits.
    pub fn encoded_list(&self) -> String {
        encode(&self.bits)
    }

    /// The list credential's subject: `id` (`<url>#list`), `type` (`BitstringStatusList`),
    /// `statusPurpose`, `encodedList`, and `ttl`, `statusSize` and `statusMessages` when set.
    pub fn credential_subject(&self) -> Value {
        let mut subject = Map::new();
        subject.insert("id".into(), Value::String(format!("{}#list", self.url)));
        subject.insert("type".into(), Value::String(LIST_TYPE.into()));
        subject.insert("statusPurpose".into(), purposes_value(&self.purposes));
        subject.insert("encodedList".into(), Value::String(self.encoded_list()));
        if let Some(ttl) = self.ttl {
            subject.insert("ttl".into(), Value::from(ttl));
        }
        if let Some(size) = self.status_size {
            subject.insert("statusSize".into(), Value::from(size));
        }
        if let Some(messages) = &self.status_messages {
            let messages = messages.iter().map(StatusMessage::to_value).collect();
            subject.insert("statusMessages".into(), Value::Array(messages));
        }
        Value::Object(subject)
    }

    /// The complete unsigned `BitstringStatusListCredential` (VC 2.0): `@context`, `id` (the
    /// list URL), `type`, `issuer`, `validFrom` when given, and
    /// [`credential_subject`](StatusList::credential_subject). Sign it with
    /// `govblocks_core::proof::add_proof` and publish it at the list URL.
    pub fn unsigned_credential(&self, issuer: &str, valid_from: Option<Timestamp>) -> Value {
        let mut credential = Map::new();
        credential.insert(
            "@context".into(),
            Value::Array(vec![Value::String(CREDENTIALS_V2.into())]),
        );
        credential.insert("id".into(), Value::String(self.url.clone()));
        credential.insert(
            "type".into(),
            Value::Array(vec![
                Value::String("VerifiableCredential".into()),
                Value::String(CREDENTIAL_TYPE.into()),
            ]),
        );
        credential.insert("issuer".into(), Value::String(issuer.into()));
        if let Some(valid_from) = valid_from {
            credential.insert("validFrom".into(), Value::String(valid_from.to_string()));
        }
        credential.insert("credentialSubject".into(), self.credential_subject());
        Value::Object(credential)
    }

    /// Reads the list from a list credential that the caller has **already verified** (proof,
    /// trusted issuer, validity period), fetched from `list_url`.
    ///
    /// Checks that its `type` includes `BitstringStatusListCredential`
    /// ([`Error::TypeInvalid`] otherwise), that its `id`, when present, is `list_url`
    /// ([`Error::StatusInvalid`] otherwise: a list published for another URL, even by the same
    /// issuer, must not stand in for this one), that `credentialSubject` is one object, then
    /// reads it with [`StatusList::from_credential_subject_with_limits`].
    pub fn from_credential(
        list_url: &str,
        credential: &Value,
        limits: &DecodeLimits,
    ) -> Result<Self> {
        let Some(credential) = credential.as_object() else {
            return Err(Error::StatusInvalid {
                reason: "the status list credential is not a JSON object".into(),
            });
        };
        let typed = match credential.get("type") {
            Some(Value::String(one)) => one == CREDENTIAL_TYPE,
            Some(Value::Array(many)) => many.iter().any(|t| t == CREDENTIAL_TYPE),
            _ => false,
        };
        if !typed {
            return Err(Error::TypeInvalid {
                reason: format!("a status list credential's type must include {CREDENTIAL_TYPE}"),
            });
        }
        match credential.get("id") {
            None => {}
            Some(Value::String(id)) if id == list_url => {}
            Some(other) => {
                return Err(Error::StatusInvalid {
                    reason: format!(
                        "the status list credential's id {} is not the URL it came from, {:?}",
                        clip(&other.to_string()),
                        clip(list_url)
                    ),
                })
            }
        }
        let Some(Value::Object(subject)) = credential.get("credentialSubject") else {
            return Err(Error::StatusInvalid {
                reason: "a status list credential's credentialSubject must be one object".into(),
            });
        };
        StatusList::from_credential_subject_with_limits(list_url, subject, limits)
    }

    /// Reads the list from the `credentialSubject` of a list credential that the caller has
    /// **already verified**, fetched from `list_url`, inflating at most `max_bits` bits (and
    /// reading at most [`DEFAULT_MAX_ENCODED_LEN`] characters of `encodedList`).
    pub fn from_credential_subject(
        list_url: &str,
        subject: &Map<String, Value>,
        max_bits: u64,
    ) -> Result<Self> {
        StatusList::from_credential_subject_with_limits(
            list_url,
            subject,
            &DecodeLimits::with_max_bits(max_bits),
        )
    }

    /// [`StatusList::from_credential_subject`] with explicit [`DecodeLimits`].
    ///
    /// # Errors
    ///
    /// * [`Error::TypeInvalid`]: `type` is not `BitstringStatusList`.
    /// * [`Error::StatusInvalid`]: `statusPurpose` is not one of the four purposes or a
    ///   non-empty array of them; `ttl` is not a non-negative integer; `statusSize` is not 1 to
    ///   [`MAX_STATUS_SIZE`]; `statusMessages` is not one message per value.
    /// * [`Error::StatusListEncoding`], [`Error::StatusListSize`]: see
    ///   [`decode_with_limits`]; also a list with fewer than [`MIN_ENTRIES`] entries of the
    ///   stated `statusSize`.
    pub fn from_credential_subject_with_limits(
        list_url: &str,
        subject: &Map<String, Value>,
        limits: &DecodeLimits,
    ) -> Result<Self> {
        if subject.get("type").and_then(Value::as_str) != Some(LIST_TYPE) {
            return Err(Error::TypeInvalid {
                reason: format!("a status list's credentialSubject.type must be {LIST_TYPE}"),
            });
        }
        let purposes = read_purposes(subject.get("statusPurpose"))?;
        let ttl = match subject.get("ttl") {
            None => None,
            Some(ttl) => Some(ttl.as_u64().ok_or_else(|| Error::StatusInvalid {
                reason: "a status list's ttl must be a non-negative integer".into(),
            })?),
        };
        let status_size = match subject.get("statusSize") {
            None => None,
            Some(size) => Some(entry::read_status_size(size)?),
        };
        let status_messages = match subject.get("statusMessages") {
            None => None,
            Some(messages) => {
                let messages = entry::read_messages(messages)?;
                entry::check_messages(&messages, status_size.unwrap_or(1))?;
                Some(messages)
            }
        };
        let Some(Value::String(encoded)) = subject.get("encodedList") else {
            return Err(Error::StatusListEncoding {
                reason: "credentialSubject.encodedList must be a string".into(),
            });
        };
        let bits = decode_with_limits(encoded, limits)?;
        if let Some(size) = status_size {
            check_min_entries(bits.len(), size)?;
        }
        Ok(StatusList {
            url: list_url.to_owned(),
            purposes,
            bits,
            status_size,
            status_messages,
            ttl,
        })
    }
}

/// `statusPurpose` of a list: one purpose, or a non-empty array of them.
fn read_purposes(value: Option<&Value>) -> Result<OneOrMany<StatusPurpose>> {
    let invalid = || Error::StatusInvalid {
        reason: "a status list's statusPurpose must be a purpose or a non-empty array of them"
            .into(),
    };
    match value {
        Some(Value::String(one)) => Ok(OneOrMany::One(StatusPurpose::parse(one)?)),
        Some(Value::Array(many)) if !many.is_empty() => many
            .iter()
            .map(|item| {
                item.as_str()
                    .ok_or_else(invalid)
                    .and_then(StatusPurpose::parse)
            })
            .collect::<Result<Vec<_>>>()
            .map(OneOrMany::Many),
        _ => Err(invalid()),
    }
}

fn purposes_value(purposes: &OneOrMany<StatusPurpose>) -> Value {
    match purposes {
        OneOrMany::One(one) => Value::String(one.as_str().into()),
        OneOrMany::Many(many) => many
            .iter()
            .map(|purpose| Value::String(purpose.as_str().into()))
            .collect(),
    }
}

/// Refuses a list of `bits` bits that holds fewer than [`MIN_ENTRIES`] entries of
/// `status_size` bits (the validate algorithm's `STATUS_LIST_LENGTH_ERROR`).
fn check_min_entries(bits: u64, status_size: u8) -> Result<()> {
    let entries = bits / u64::from(status_size.max(1));
    if entries < MIN_ENTRIES {
        return Err(Error::StatusListSize {
            bits,
            min: MIN_ENTRIES.saturating_mul(u64::from(status_size)),
            max: u64::MAX,
        });
    }
    Ok(())
}

/// Untrusted text quoted in an error message, cut to 100 bytes at a character boundary.
fn clip(text: &str) -> String {
    const MAX: usize = 100;
    if text.len() <= MAX {
        return text.to_owned();
    }
    let end = (0..=MAX)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0);
    format!("{}…", text.get(..end).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_are_the_spec_strings() {
        for purpose in StatusPurpose::ALL {
            let json = serde_json::to_value(purpose).unwrap();
            assert_eq!(json, purpose.as_str());
            assert_eq!(
                serde_json::from_value::<StatusPurpose>(json).unwrap(),
                purpose
            );
            assert_eq!(purpose.as_str().parse::<StatusPurpose>().unwrap(), purpose);
        }
        assert!(StatusPurpose::parse("Revocation").is_err());
        assert!(serde_json::from_str::<StatusPurpose>(r#""revoked""#).is_err());
    }

    #[test]
    fn new_refuses_small_lists_and_rounds_up_to_bytes() {
        let url = "https://example.org/s/1";
        assert_eq!(
            StatusList::new(url, StatusPurpose::Revocation, MIN_BITS - 1)
                .unwrap_err()
                .code(),
            "status_list.size_invalid"
        );
        let list = StatusList::new(url, StatusPurpose::Revocation, MIN_BITS + 1).unwrap();
        assert_eq!(list.len_bits(), MIN_BITS + 8);
        assert_eq!(
            StatusList::new(url, StatusPurpose::Revocation, u64::MAX)
                .unwrap_err()
                .code(),
            "status_list.size_invalid"
        );
    }

    #[test]
    fn subject_round_trips() {
        let url = "https://example.org/s/1";
        let mut list = StatusList::new(url, StatusPurpose::Suspension, MIN_BITS)
            .unwrap()
            .with_ttl(60_000);
        list.set(5).unwrap();
        let subject = list.credential_subject();
        assert_eq!(subject["id"], "https://example.org/s/1#list");
        assert_eq!(subject["ttl"], 60_000);
        let read = StatusList::from_credential_subject(
            url,
            subject.as_object().unwrap(),
            DEFAULT_MAX_BITS,
        )
        .unwrap();
        assert_eq!(read, list);
    }

    #[test]
    fn message_lists_state_their_size() {
        let url = "https://example.org/s/m";
        let list = StatusList::new(url, StatusPurpose::Message, MIN_BITS).unwrap();
        assert_eq!(list.credential_subject()["statusSize"], 1);
        // two-bit entries need twice the bits
        assert_eq!(
            list.clone().with_status_size(2).unwrap_err().code(),
            "status_list.size_invalid"
        );
        let list = StatusList::new(url, StatusPurpose::Message, 2 * MIN_BITS)
            .unwrap()
            .with_status_size(2)
            .unwrap();
        assert_eq!(list.entries(), MIN_ENTRIES);
        let messages = (0..4)
            .map(|v| StatusMessage::new(v, format!("m{v}")))
            .collect::<Vec<_>>();
        let list = list.with_status_messages(messages.clone()).unwrap();
        assert!(list.clone().with_status_size(3).is_err());
        let subject = list.credential_subject();
        let read = StatusList::from_credential_subject(
            url,
            subject.as_object().unwrap(),
            DEFAULT_MAX_BITS,
        )
        .unwrap();
        assert_eq!(read.status_messages(), Some(&messages[..]));
        assert!(StatusList::new(url, StatusPurpose::Message, 2 * MIN_BITS)
            .unwrap()
            .with_status_messages(messages[..3].to_vec())
            .is_err());
    }

    #[test]
    fn clip_cuts_at_a_character_boundary() {
        assert_eq!(clip("short"), "short");
        let long = "é".repeat(80);
        let clipped = clip(&long);
        assert!(clipped.len() <= 100 + '…'.len_utf8());
        assert!(clipped.ends_with('…'));
    }
}
