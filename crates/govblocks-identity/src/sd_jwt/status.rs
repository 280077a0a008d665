//! Revocation and suspension of SD-JWTs with the IETF **Token Status List**
//! (`draft-ietf-oauth-status-list-20`, 20 April 2026, approved by the IESG and in the RFC
//! Editor's queue): the JWT form only (no CWT).
//!
//! The same story as the [Bitstring Status List](crate::status_list) of the Data Integrity
//! credential, in JOSE: the issuer gives each SD-JWT a position in a list and publishes the list
//! as a signed **status list token**; every verifier fetches the whole list, so the issuer never
//! learns which SD-JWT is checked.
//!
//! * The **referenced token** (the SD-JWT) carries, always visible (never selectively
//!   disclosable), `"status": {"status_list": {"idx": 94567, "uri": "https://…/status/3"}}`
//!   (draft §6.2) — read by [`StatusReference::from_claims`].
//! * The **status list** ([`TokenStatusList`], draft §4.1): `bits` 1, 2, 4 or 8 per entry; entry
//!   `idx` lives in byte `idx × bits / 8`, the entries of a byte **packed from its least
//!   significant bit** (entry 0 of `bits` 1 is `0x01` of byte 0, not `0x80` as in the Bitstring
//!   Status List); the byte array compressed with DEFLATE in the ZLIB format (RFC 1950, best
//!   compression) and base64url-encoded without padding in `lst` (§4.2).
//! * The **status list token** (§5.1): a JWT typed `statuslist+jwt` whose claims are `sub` (the
//!   list's URI, equal to the referenced token's `uri`), `iat`, optionally `exp` and `ttl`
//!   (seconds), and `status_list` `{bits, lst[, aggregation_uri]}` — made by
//!   [`issue_token`], signed with EdDSA through core's JWS ([`Signer`]).
//! * The **status values** ([`StatusType`], §7.1): VALID 0x00, INVALID 0x01 (revoked),
//!   SUSPENDED 0x02, application-specific 0x03 and 0x0C to 0x0F, every other value reserved.
//!
//! ```
//! use govblocks_core::clock::FixedClock;
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::Verifier;
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_identity::sd_jwt::{self, IssueOptions, KeyBinding, SdJwtVerifier};
//! use govblocks_identity::sd_jwt::status::{self, StatusListTokenClaims, StatusListVerifier, TokenStatusList};
//! use serde_json::json;
//! use time::OffsetDateTime;
//!
//! let registry = SecretKey::from_seed(&[1; 32]);
//! let uri = "https://registry.example.gov/statuslists/1";
//! let now = OffsetDateTime::from_unix_timestamp(1_767_268_800).unwrap();
//!
//! // The registry issues an SD-JWT that points at index 42 of its status list...
//! let claims = json!({
//!     "iss": registry.public_key().did(), "given_name": "Olena",
//!     "status": {"status_list": {"idx": 42, "uri": uri}},
//! });
//! let issued = sd_jwt::issue(&claims, &IssueOptions::new().disclose("/given_name"), &registry)?;
//! // ... revokes it, and publishes the list as a signed status list token.
//! let mut list = TokenStatusList::new(1 << 17, 1)?;
//! list.set(42, status::INVALID)?;
//! let token = status::issue_token(&list, &StatusListTokenClaims::new(uri, now), &registry)?;
//!
//! // The verifier verifies the SD-JWT, then its status against the token it fetched.
//! let core = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(registry.public_key().did()))
//!     .with_clock(FixedClock::new(now));
//! let verified = SdJwtVerifier::new(core.clone()).verify(issued.compact(), &KeyBinding::NotRequired)?;
//! let lists = StatusListVerifier::new(core);
//! let err = status::check_status(&verified, token.as_bytes(), &lists).unwrap_err();
//! assert_eq!(err.code(), "sdjwt.status_revoked");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! ## What the verifier checks
//!
//! [`StatusListVerifier::read_status`] follows the draft's validation rules (§8.3), after the
//! SD-JWT itself verified (its signature, disclosures and validity window come first: an expired
//! SD-JWT is expired whatever its status):
//!
//! | # | rule | code |
//! | --- | --- | --- |
//! | 1 | the SD-JWT has `status.status_list` | `sdjwt.status_missing` |
//! | 2 | `idx` a non-negative integer, `uri` a URI; `status` not selectively disclosed (nor anything in it) | `sdjwt.status_invalid` |
//! | 3 | the token at most 2 × [`DecodeLimits::max_encoded_len`] + 64 KiB, a compact JWS | `sdjwt.status_list_invalid` |
//! | 4 | its header: core's JWS policy (`alg` `EdDSA` or `Ed25519`), `typ` `statuslist+jwt` | `sdjwt.status_list_invalid`, `sdjwt.status_list_typ` |
//! | 5 | its signature: the `kid` resolved, authorised and trusted by core's verifier (or the pinned key) | `sdjwt.status_list_signature` |
//! | 6 | signed by the SD-JWT's issuer (the same controller, or the same pinned key) | `sdjwt.status_list_issuer_mismatch` |
//! | 7 | its claims: `sub` a string, `iat` a NumericDate, `exp`/`nbf` NumericDates and `ttl` a positive number when present, `status_list` an object with `bits` 1, 2, 4 or 8 and `lst` a string | `sdjwt.status_list_invalid` |
//! | 8 | `sub` equal to the SD-JWT's `uri` | `sdjwt.status_list_uri_mismatch` |
//! | 9 | `exp` not passed, `nbf` reached (with the verifier's skew) | `sdjwt.status_list_expired`, `sdjwt.status_list_not_yet_valid` |
//! | 10 | `lst` canonical base64url of one ZLIB stream, nothing after it, at most [`DecodeLimits::max_encoded_len`] characters | `sdjwt.status_list_encoding` |
//! | 11 | the byte array at most [`DecodeLimits::max_bits`] / 8 bytes (inflating stops one byte past it) | `sdjwt.status_list_size` |
//! | 12 | `idx` within the list | `sdjwt.status_index_out_of_range` |
//!
//! [`StatusListVerifier::check_status`] then accepts VALID only: INVALID is
//! `sdjwt.status_revoked`, SUSPENDED `sdjwt.status_suspended`, an application-specific or
//! reserved value `sdjwt.status_unrecognized` (fail closed: an application that gives 0x03 a
//! meaning reads the value with `read_status` and decides).
//!
//! A list token that cannot be had is the [`StatusResolver`]'s `credential.status_unavailable`
//! ([`StatusListVerifier::check_status_with`]); the library fetches nothing itself: the resolver
//! trait is the Bitstring Status List's, one abstraction for both kinds of list (an
//! `InMemoryStatusResolver`, a `SharedStatusResolver` a service publishes into, or the
//! `status-http` feature's fetcher).
//!
//! ## Limits and lengths
//!
//! The same [`DecodeLimits`] as the Bitstring Status List, through the same bounded inflater:
//! `lst` at most 1 MiB of text, checked before it is decoded; the byte array at most 2^27 bits
//! (16 MiB), a ZLIB bomb stopped one byte past it. There is no minimum size (the draft sets
//! none; the Bitstring Status List's 131,072-entry herd minimum does not apply).
//!
//! With `bits` 1, 2, 4 or 8 every byte holds a whole number of entries (8, 4, 2 or 1; draft §4.1
//! step 1 chose these sizes so that no entry straddles a byte), so any byte array is a whole
//! number of entries: a list of `n` bytes has `n × 8 / bits` entries, those past the issuer's
//! last token being padding ("a byte array of size = number of Referenced Tokens × bits / 8 **or
//! greater**", §4.1 step 2). [`TokenStatusList::new`] rounds the number of entries up to whole
//! bytes likewise (§13.6 recommends a size in bits divisible by 8).
//!
//! ## Deviations and choices
//!
//! * JWT only; CWT status list tokens and COSE referenced tokens are not supported.
//! * Status list tokens are signed and verified with EdDSA (Ed25519) only, and must carry a
//!   `kid` when verified through a resolver; MACs (§11.6) are not supported.
//! * `aggregation_uri` and Status List Aggregation (§9) are carried, not fetched; historical
//!   resolution (§8.4) is the resolver's business.
//! * A verifier has no cache of decoded token lists yet: each [`StatusListVerifier::read_status`]
//!   verifies and inflates the token it is given (a `ttl` is reported, for a caller's cache).

use super::verify::VerifiedSdJwt;
use super::wire::clip;
use crate::error::{Error, Result};
use crate::status_list::bitstring::{inflate_bounded, Inflate};
use crate::status_list::{DecodeLimits, StatusResolver};
use flate2::bufread::ZlibDecoder;
use flate2::write::ZlibEncoder;
use flate2::Compression;
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::json;
use govblocks_core::jws::{self, AlgorithmNames, JwsOptions};
use govblocks_core::keys::PublicKey;
use govblocks_core::proof::Verifier;
use govblocks_core::signer::Signer;
use serde_json::{Map, Value};
use std::io::Write;
use time::OffsetDateTime;

/// The draft this module implements.
pub const DRAFT: &str = "draft-ietf-oauth-status-list-20";

/// The `typ` of a status list token in JWT format (draft §5.1).
pub const TYP_STATUSLIST_JWT: &str = "statuslist+jwt";

/// VALID (0x00): the referenced token is valid (draft §7.1).
pub const VALID: u8 = 0x00;
/// INVALID (0x01): revoked, annulled, taken back, recalled or cancelled.
pub const INVALID: u8 = 0x01;
/// SUSPENDED (0x02): temporarily invalid.
pub const SUSPENDED: u8 = 0x02;

/// The status of a referenced token (draft §7.1 and the registry of §14.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum StatusType {
    /// 0x00, VALID.
    Valid,
    /// 0x01, INVALID: revoked.
    Invalid,
    /// 0x02, SUSPENDED.
    Suspended,
    /// 0x03 or 0x0C to 0x0F: permanently reserved as application-specific.
    ApplicationSpecific(u8),
    /// Any other value: reserved for future registration.
    Reserved(u8),
}

impl StatusType {
    /// The status type of a value.
    pub fn from_value(value: u8) -> Self {
        match value {
            VALID => StatusType::Valid,
            INVALID => StatusType::Invalid,
            SUSPENDED => StatusType::Suspended,
            0x03 | 0x0C..=0x0F => StatusType::ApplicationSpecific(value),
            other => StatusType::Reserved(other),
        }
    }

    /// The value written in the list.
    pub fn value(self) -> u8 {
        match self {
            StatusType::Valid => VALID,
            StatusType::Invalid => INVALID,
            StatusType::Suspended => SUSPENDED,
            StatusType::ApplicationSpecific(v) | StatusType::Reserved(v) => v,
        }
    }
}

/// Refuses a `bits` other than 1, 2, 4 or 8.
fn check_bits(bits: u8) -> Result<()> {
    if matches!(bits, 1 | 2 | 4 | 8) {
        Ok(())
    } else {
        Err(Error::StatusListTokenInvalid {
            reason: format!("bits is {bits}, not 1, 2, 4 or 8"),
        })
    }
}

/// A Token Status List: a byte array of entries of `bits` bits, packed from the least
/// significant bit of each byte (draft §4.1).
///
/// ```
/// use govblocks_identity::sd_jwt::status::TokenStatusList;
/// // Draft §4.1, the first example: 16 entries of 1 bit.
/// let mut list = TokenStatusList::new(16, 1)?;
/// for idx in [0, 3, 4, 5, 7, 8, 9, 13, 15] {
///     list.set(idx, 1)?;
/// }
/// assert_eq!(list.as_bytes(), &[0xB9, 0xA3]);
/// assert_eq!(list.get(3)?, 1);
/// assert_eq!(list.get(16).unwrap_err().code(), "sdjwt.status_index_out_of_range");
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct TokenStatusList {
    bits: u8,
    bytes: Vec<u8>,
}

impl std::fmt::Debug for TokenStatusList {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Up to megabytes: its shape, not its bytes.
        f.debug_struct("TokenStatusList")
            .field("bits", &self.bits)
            .field("entries", &self.len())
            .finish()
    }
}

impl TokenStatusList {
    /// A list of at least `entries` entries of `bits` bits, all VALID; the byte array is rounded
    /// up to whole bytes, so it holds `ceil(entries × bits / 8) × 8 / bits` entries.
    ///
    /// # Errors
    ///
    /// `sdjwt.status_list_invalid` for `bits` other than 1, 2, 4 or 8;
    /// `sdjwt.status_list_size` when the bytes cannot be held in memory.
    pub fn new(entries: u64, bits: u8) -> Result<Self> {
        check_bits(bits)?;
        let too_big = || Error::StatusListTokenSize {
            max_bytes: u64::try_from(isize::MAX).unwrap_or(u64::MAX),
        };
        let byte_len = entries
            .checked_mul(u64::from(bits))
            .map(|b| b.div_ceil(8))
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(too_big)?;
        let mut bytes = Vec::new();
        bytes.try_reserve_exact(byte_len).map_err(|_| too_big())?;
        bytes.resize(byte_len, 0);
        Ok(TokenStatusList { bits, bytes })
    }

    /// The list made of `bytes` (the uncompressed byte array) with entries of `bits` bits.
    ///
    /// # Errors
    ///
    /// `sdjwt.status_list_invalid` for `bits` other than 1, 2, 4 or 8.
    pub fn from_bytes(bytes: Vec<u8>, bits: u8) -> Result<Self> {
        check_bits(bits)?;
        Ok(TokenStatusList { bits, bytes })
    }

    /// Bits per entry: 1, 2, 4 or 8.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// The number of entries: bytes × 8 / bits.
    pub fn len(&self) -> u64 {
        let bytes = u64::try_from(self.bytes.len()).unwrap_or(u64::MAX);
        bytes.saturating_mul(8) / u64::from(self.bits)
    }

    /// Whether the list has no entry.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The uncompressed byte array.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// The byte, shift and mask of entry `idx`.
    fn locate(&self, idx: u64) -> Result<(usize, u32, u8)> {
        let per_byte = u64::from(8 / self.bits);
        let out_of_range = || Error::TokenStatusIndexOutOfRange {
            index: idx,
            len: self.len(),
        };
        if idx >= self.len() {
            return Err(out_of_range());
        }
        let byte = usize::try_from(idx / per_byte).map_err(|_| out_of_range())?;
        // (idx % per_byte) × bits < 8, so it fits.
        let shift = u32::try_from((idx % per_byte) * u64::from(self.bits)).unwrap_or(0);
        let mask = u8::MAX >> (8 - u32::from(self.bits));
        Ok((byte, shift, mask))
    }

    /// The status value of entry `idx`.
    ///
    /// # Errors
    ///
    /// `sdjwt.status_index_out_of_range` when `idx >= len()`.
    pub fn get(&self, idx: u64) -> Result<u8> {
        let (byte, shift, mask) = self.locate(idx)?;
        Ok(self.bytes.get(byte).map_or(0, |b| (b >> shift) & mask))
    }

    /// The status of entry `idx` ([`TokenStatusList::get`] as a [`StatusType`]).
    ///
    /// # Errors
    ///
    /// As [`TokenStatusList::get`].
    pub fn status(&self, idx: u64) -> Result<StatusType> {
        self.get(idx).map(StatusType::from_value)
    }

    /// Sets entry `idx` to `value`.
    ///
    /// # Errors
    ///
    /// `sdjwt.status_index_out_of_range` when `idx >= len()`; `sdjwt.status_list_invalid`
    /// when `value` does not fit in `bits` bits (SUSPENDED needs 2). Nothing is changed on error.
    pub fn set(&mut self, idx: u64, value: u8) -> Result<()> {
        let (byte, shift, mask) = self.locate(idx)?;
        if value & !mask != 0 {
            return Err(Error::StatusListTokenInvalid {
                reason: format!("status {value:#04x} does not fit in {} bit(s)", self.bits),
            });
        }
        if let Some(b) = self.bytes.get_mut(byte) {
            *b = (*b & !(mask << shift)) | (value << shift);
        }
        Ok(())
    }

    /// `lst`: the byte array compressed with DEFLATE in the ZLIB format (RFC 1950) at the best
    /// compression level (draft §4.1 step 4 recommends it), base64url without padding.
    pub fn encode(&self) -> String {
        base64url_encode(&zlib(&self.bytes))
    }

    /// Reads `lst` with entries of `bits` bits, within `limits` (the Bitstring Status List's,
    /// see the [module documentation](self)).
    ///
    /// # Errors
    ///
    /// `sdjwt.status_list_invalid` for `bits`; `sdjwt.status_list_encoding` for text longer than
    /// `limits.max_encoded_len`, base64url that is padded, of the standard alphabet or not
    /// canonical, a stream that is not ZLIB, truncated, fails its Adler-32 check, or has bytes
    /// after its end; `sdjwt.status_list_size` when the byte array would be larger than
    /// `limits.max_bits / 8` bytes (inflating stops one byte past it).
    pub fn decode(lst: &str, bits: u8, limits: &DecodeLimits) -> Result<Self> {
        check_bits(bits)?;
        if lst.len() > limits.max_encoded_len {
            return Err(Error::StatusListTokenEncoding {
                reason: format!(
                    "lst is {} characters, more than the {} allowed",
                    lst.len(),
                    limits.max_encoded_len
                ),
            });
        }
        let compressed =
            base64url_decode(lst, "lst").map_err(|_| Error::StatusListTokenEncoding {
                reason: "not canonical base64url without padding".into(),
            })?;
        let corrupt = |what: &str| Error::StatusListTokenEncoding {
            reason: format!("not a valid ZLIB stream: {what}"),
        };
        if compressed.is_empty() {
            return Err(corrupt("empty"));
        }
        let max_bytes = limits.max_bits / 8;
        let mut decoder = ZlibDecoder::new(compressed.as_slice());
        let bytes = inflate_bounded(&mut decoder, max_bytes).map_err(|e| match e {
            Inflate::TooBig => Error::StatusListTokenSize { max_bytes },
            Inflate::Corrupt(what) => corrupt(&what),
        })?;
        // The bufread decoder reads the slice without a buffer of its own: what it leaves is
        // what follows the ZLIB stream.
        if !decoder.into_inner().is_empty() {
            return Err(corrupt("bytes after the end of the ZLIB stream"));
        }
        Ok(TokenStatusList { bits, bytes })
    }

    /// The `status_list` claim: `{"bits": …, "lst": …}` (draft §4.2).
    pub fn to_claim(&self) -> Value {
        let mut map = Map::new();
        map.insert("bits".into(), Value::from(self.bits));
        map.insert("lst".into(), Value::String(self.encode()));
        Value::Object(map)
    }
}

/// ZLIB (RFC 1950) of `bytes` at the best level, into memory.
#[allow(clippy::expect_used)]
fn zlib(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(Vec::new(), Compression::best());
    // Writing to a Vec never fails, and the encoder only reports its writer's errors.
    encoder
        .write_all(bytes)
        .and_then(|()| encoder.finish())
        .expect("ZLIB into a Vec<u8> cannot fail")
}

/// The claims of a status list token to issue, besides `status_list` (draft §5.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusListTokenClaims {
    /// `sub`: the URI of the status list token, which referenced tokens name in `uri`.
    pub sub: String,
    /// `iat`, seconds since the epoch.
    pub iat: i64,
    /// `exp`, seconds since the epoch (RECOMMENDED).
    pub exp: Option<i64>,
    /// `ttl`: seconds a consumer may cache the token (RECOMMENDED; positive).
    pub ttl: Option<u64>,
    /// `status_list.aggregation_uri` (§9), if any.
    pub aggregation_uri: Option<String>,
}

impl StatusListTokenClaims {
    /// `sub` = `uri`, issued at `iat`, no `exp`, `ttl` or `aggregation_uri`.
    pub fn new(uri: impl Into<String>, iat: OffsetDateTime) -> Self {
        StatusListTokenClaims {
            sub: uri.into(),
            iat: iat.unix_timestamp(),
            exp: None,
            ttl: None,
            aggregation_uri: None,
        }
    }

    /// With `exp`.
    pub fn expires(mut self, exp: OffsetDateTime) -> Self {
        self.exp = Some(exp.unix_timestamp());
        self
    }

    /// With `ttl` (seconds).
    pub fn ttl(mut self, seconds: u64) -> Self {
        self.ttl = Some(seconds);
        self
    }

    /// With `aggregation_uri`.
    pub fn aggregation_uri(mut self, uri: impl Into<String>) -> Self {
        self.aggregation_uri = Some(uri.into());
        self
    }
}

/// Issues `list` as a status list token (draft §5.1): header
/// `{"alg":"EdDSA","kid":<signer's verification method>,"typ":"statuslist+jwt"}`, claims
/// `sub`, `iat`, `exp` and `ttl` when given, `status_list`.
///
/// # Errors
///
/// `sdjwt.status_list_invalid` for a `ttl` of 0 (the draft requires a positive number) or a
/// `sub` that is not a URI; the signer's errors.
pub fn issue_token(
    list: &TokenStatusList,
    claims: &StatusListTokenClaims,
    signer: &dyn Signer,
) -> Result<String> {
    if claims.ttl == Some(0) {
        return Err(Error::StatusListTokenInvalid {
            reason: "ttl must be a positive number of seconds".into(),
        });
    }
    if !is_uri(&claims.sub) {
        return Err(Error::StatusListTokenInvalid {
            reason: format!("sub {:?} is not a URI", clip(&claims.sub, 200)),
        });
    }
    let mut status_list = list.to_claim();
    if let (Some(uri), Value::Object(map)) = (&claims.aggregation_uri, &mut status_list) {
        map.insert("aggregation_uri".into(), Value::String(uri.clone()));
    }
    let mut payload = Map::new();
    payload.insert("sub".into(), Value::String(claims.sub.clone()));
    payload.insert("iat".into(), Value::from(claims.iat));
    if let Some(exp) = claims.exp {
        payload.insert("exp".into(), Value::from(exp));
    }
    if let Some(ttl) = claims.ttl {
        payload.insert("ttl".into(), Value::from(ttl));
    }
    payload.insert("status_list".into(), status_list);
    let bytes =
        serde_json::to_vec(&Value::Object(payload)).map_err(|e| Error::StatusListTokenInvalid {
            reason: format!("cannot serialize the claims: {e}"),
        })?;
    let options = JwsOptions::attached()
        .with_signer_kid()
        .with_typ(TYP_STATUSLIST_JWT);
    Ok(jws::sign(&bytes, signer, &options)?)
}

/// Whether `text` looks like an RFC 3986 URI: a scheme (`ALPHA *( ALPHA / DIGIT / "+" / "-" /
/// "." )`), a colon, and no white space or control characters.
fn is_uri(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !text.chars().any(|c| c.is_whitespace() || c.is_control())
}

/// A referenced token's `status.status_list` (draft §6.2): where its status is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StatusReference {
    /// `idx`: the entry of this token in the list.
    pub idx: u64,
    /// `uri`: the status list token's URI.
    pub uri: String,
}

impl StatusReference {
    /// Reads `status.status_list` of a referenced token's (processed) claims: `Ok(None)` when
    /// there is no `status` claim.
    ///
    /// # Errors
    ///
    /// `sdjwt.status_missing` when `status` holds no `status_list` (another status mechanism
    /// only); `sdjwt.status_invalid` when `status` is not an object, `status_list` not an
    /// object, `idx` not a non-negative integer or `uri` not a URI string.
    pub fn from_claims(claims: &Value) -> Result<Option<Self>> {
        let Some(status) = claims.get("status") else {
            return Ok(None);
        };
        let invalid = |reason: &str| Error::TokenStatusInvalid {
            reason: reason.to_owned(),
        };
        let Value::Object(status) = status else {
            return Err(invalid("`status` is not an object"));
        };
        let Some(list) = status.get("status_list") else {
            return Err(Error::TokenStatusMissing {
                reason: "`status` has no `status_list` (another status mechanism only)".into(),
            });
        };
        let Value::Object(list) = list else {
            return Err(invalid("`status.status_list` is not an object"));
        };
        let idx = match list.get("idx") {
            Some(Value::Number(n)) => n
                .as_u64()
                .ok_or_else(|| invalid("`idx` is not a non-negative integer"))?,
            Some(_) => return Err(invalid("`idx` is not a number")),
            None => return Err(invalid("`idx` is missing")),
        };
        let uri = match list.get("uri") {
            Some(Value::String(uri)) if is_uri(uri) => uri.clone(),
            Some(Value::String(_)) => return Err(invalid("`uri` is not a URI")),
            Some(_) => return Err(invalid("`uri` is not a string")),
            None => return Err(invalid("`uri` is missing")),
        };
        Ok(Some(StatusReference { idx, uri }))
    }

    /// The `status` claim that names this reference:
    /// `{"status_list": {"idx": …, "uri": …}}`, for the issuer to put in the SD-JWT's claims
    /// (always visible).
    pub fn to_claim(&self) -> Value {
        let mut list = Map::new();
        list.insert("idx".into(), Value::from(self.idx));
        list.insert("uri".into(), Value::String(self.uri.clone()));
        let mut status = Map::new();
        status.insert("status_list".into(), Value::Object(list));
        Value::Object(status)
    }
}

/// The reference of a verified SD-JWT: its `status.status_list`, refusing one that was
/// selectively disclosed (`status` must be always visible: the verifier must see it whatever
/// the holder reveals).
///
/// # Errors
///
/// `sdjwt.status_missing` when the SD-JWT carries none; `sdjwt.status_invalid` as in
/// [`StatusReference::from_claims`], or when `status` or a part of it came from a disclosure.
pub fn status_reference(verified: &VerifiedSdJwt) -> Result<StatusReference> {
    if let Some(pointer) = verified
        .disclosed_pointers()
        .iter()
        .find(|p| *p == "/status" || p.starts_with("/status/"))
    {
        return Err(Error::TokenStatusInvalid {
            reason: format!(
                "{:?} was selectively disclosed: the status must be always visible",
                clip(pointer, 200)
            ),
        });
    }
    StatusReference::from_claims(verified.claims())?.ok_or_else(|| Error::TokenStatusMissing {
        reason: "no `status` claim".into(),
    })
}

/// A status list token that verified (only [`StatusListVerifier::verify_token`] makes one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedStatusList {
    uri: String,
    issuer: Option<String>,
    iat: i64,
    exp: Option<i64>,
    ttl: Option<u64>,
    aggregation_uri: Option<String>,
    list: TokenStatusList,
}

impl VerifiedStatusList {
    /// `sub`: the list's URI.
    pub fn uri(&self) -> &str {
        &self.uri
    }
    /// The controller of the signing key, as the resolver said (`None` with a pinned key).
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }
    /// `iat`, seconds since the epoch.
    pub fn issued_at(&self) -> i64 {
        self.iat
    }
    /// `exp`, seconds since the epoch.
    pub fn expires(&self) -> Option<i64> {
        self.exp
    }
    /// `ttl`, seconds (a fractional `ttl` rounded down, at least 1).
    pub fn ttl(&self) -> Option<u64> {
        self.ttl
    }
    /// `status_list.aggregation_uri`.
    pub fn aggregation_uri(&self) -> Option<&str> {
        self.aggregation_uri.as_deref()
    }
    /// The decoded list.
    pub fn list(&self) -> &TokenStatusList {
        &self.list
    }
}

/// Verifies status list tokens and checks SD-JWTs against them (see the [module
/// documentation](self) for every rule and its code).
///
/// The token's signature is verified by core's [`Verifier::verify_jws_accepting`] (its `kid`
/// resolved, authorised for the verifier's purpose, default `assertionMethod`, its controller
/// trusted), or with a pinned key ([`StatusListVerifier::with_issuer_key`]). Time is the core
/// verifier's clock and skew.
#[derive(Clone)]
pub struct StatusListVerifier {
    verifier: Verifier,
    issuer_key: Option<PublicKey>,
    limits: DecodeLimits,
}

impl std::fmt::Debug for StatusListVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StatusListVerifier")
            .field("issuer_key", &self.issuer_key)
            .field("limits", &self.limits)
            .finish_non_exhaustive()
    }
}

impl StatusListVerifier {
    /// A verifier that finds the token's key through `verifier`'s resolver and trust list.
    pub fn new(verifier: Verifier) -> Self {
        StatusListVerifier {
            verifier,
            issuer_key: None,
            limits: DecodeLimits::default(),
        }
    }

    /// Verifies tokens with this key instead (the caller chose it: the SD-JWT's issuer key,
    /// as pinned in [`SdJwtVerifier::with_issuer_key`](super::SdJwtVerifier::with_issuer_key)).
    /// A token signed with it is the SD-JWT issuer's.
    pub fn with_issuer_key(mut self, key: PublicKey) -> Self {
        self.issuer_key = Some(key);
        self
    }

    /// Other decompression limits (default: the Bitstring Status List's [`DecodeLimits`]).
    pub fn with_limits(mut self, limits: DecodeLimits) -> Self {
        self.limits = limits;
        self
    }

    /// The longest token accepted: twice the longest `lst`, plus 64 KiB for the rest.
    fn max_token_len(&self) -> usize {
        self.limits
            .max_encoded_len
            .saturating_mul(2)
            .saturating_add(64 * 1024)
    }

    /// Verifies `token`, the status list token fetched for `uri`, expected to be signed by
    /// `issuer` (the SD-JWT's issuer as the resolver named it; `None` only with a pinned key),
    /// and decodes its list (rules 3 to 11 of the [module documentation](self)).
    ///
    /// # Errors
    ///
    /// The `sdjwt.status_list_*` codes of those rules.
    pub fn verify_token(
        &self,
        token: &[u8],
        uri: &str,
        issuer: Option<&str>,
    ) -> Result<VerifiedStatusList> {
        let invalid = |reason: String| Error::StatusListTokenInvalid { reason };
        if token.len() > self.max_token_len() {
            return Err(invalid(format!(
                "{} bytes, more than the {} allowed",
                token.len(),
                self.max_token_len()
            )));
        }
        let text = std::str::from_utf8(token)
            .map_err(|_| invalid("not a compact JWS: not UTF-8".into()))?
            .trim_ascii();
        let header = jws::decode_unverified_header_accepting(text, AlgorithmNames::EdDsaOrEd25519)
            .map_err(|e| invalid(format!("not a compact JWS: {e}")))?;
        if header.typ() != Some(TYP_STATUSLIST_JWT) {
            return Err(Error::StatusListTokenTyp {
                found: header.typ().map(|t| clip(t, 64)),
            });
        }
        let signature = |e: govblocks_core::Error| Error::StatusListTokenSignature {
            uri: clip(uri, 200),
            source: Box::new(Error::Core(e)),
        };
        let (verified, signer) = match &self.issuer_key {
            Some(key) => (
                jws::verify_accepting(text, key, None, AlgorithmNames::EdDsaOrEd25519)
                    .map_err(signature)?,
                None,
            ),
            None => {
                let verified = self
                    .verifier
                    .verify_jws_accepting(text, None, AlgorithmNames::EdDsaOrEd25519)
                    .map_err(signature)?;
                let (jwt, proofs) = verified.into_parts();
                (jwt, proofs.into_iter().next().map(|p| p.controller))
            }
        };
        if self.issuer_key.is_none() {
            match (issuer, signer.as_deref()) {
                (Some(expected), Some(found)) if expected == found => {}
                (expected, found) => return Err(Error::StatusListTokenIssuerMismatch {
                    expected: expected.map_or_else(
                        || {
                            "(unknown: the SD-JWT was verified with a pinned key; pin it here too)"
                                .into()
                        },
                        |e| clip(e, 200),
                    ),
                    found: clip(found.unwrap_or("(unknown)"), 200),
                }),
            }
        }
        // Strings as long as the token: an over-long `lst` is then refused by its own bound
        // (rule 10, `sdjwt.status_list_encoding`), not by the parser's.
        let limits = json::Limits {
            max_bytes: self.max_token_len(),
            max_string_bytes: self.max_token_len(),
            ..json::Limits::default()
        };
        let payload = json::parse_with_limits(verified.payload(), &limits)
            .map_err(|e| invalid(format!("the payload is not strict JSON: {e}")))?;
        let Value::Object(claims) = payload else {
            return Err(invalid("the payload is not a JSON object".into()));
        };
        let sub = match claims.get("sub") {
            Some(Value::String(s)) => s.clone(),
            Some(_) => return Err(invalid("`sub` is not a string".into())),
            None => return Err(invalid("`sub` is missing".into())),
        };
        let date = |name: &str| -> Result<Option<i64>> {
            match claims.get(name) {
                None => Ok(None),
                Some(value) => numeric_date(value)
                    .map(Some)
                    .ok_or_else(|| invalid(format!("`{name}` is not a NumericDate"))),
            }
        };
        let iat = date("iat")?.ok_or_else(|| invalid("`iat` is missing".into()))?;
        let exp = date("exp")?;
        let nbf = date("nbf")?;
        let ttl = match claims.get("ttl") {
            None => None,
            Some(Value::Number(n)) => match (n.as_u64(), n.as_f64()) {
                (Some(0), _) => return Err(invalid("`ttl` is not positive".into())),
                (Some(s), _) => Some(s),
                (None, Some(f)) if f.is_finite() && f > 0.0 => {
                    // A fractional ttl (draft: "a positive number"): whole seconds, at least 1.
                    Some((f.min(u64::MAX as f64) as u64).max(1))
                }
                _ => return Err(invalid("`ttl` is not a positive number".into())),
            },
            Some(_) => return Err(invalid("`ttl` is not a number".into())),
        };
        let Some(Value::Object(status_list)) = claims.get("status_list") else {
            return Err(invalid("`status_list` is missing or not an object".into()));
        };
        let bits = match status_list.get("bits") {
            Some(Value::Number(n)) => n
                .as_u64()
                .and_then(|b| u8::try_from(b).ok())
                .ok_or_else(|| invalid(format!("bits is {n}, not 1, 2, 4 or 8")))?,
            _ => {
                return Err(invalid(
                    "`status_list.bits` is missing or not a number".into(),
                ))
            }
        };
        check_bits(bits)?;
        let Some(Value::String(lst)) = status_list.get("lst") else {
            return Err(invalid(
                "`status_list.lst` is missing or not a string".into(),
            ));
        };
        let aggregation_uri = match status_list.get("aggregation_uri") {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => return Err(invalid("`aggregation_uri` is not a string".into())),
        };
        if sub != uri {
            return Err(Error::StatusListTokenUriMismatch {
                expected: clip(uri, 200),
                found: clip(&sub, 200),
            });
        }
        let now = self.verifier.now().unix_timestamp();
        let skew = self.verifier.skew().whole_seconds();
        if let Some(exp) = exp {
            if now > exp.saturating_add(skew) {
                return Err(Error::StatusListTokenExpired {
                    uri: clip(uri, 200),
                    exp,
                });
            }
        }
        if let Some(nbf) = nbf {
            if now.saturating_add(skew) < nbf {
                return Err(Error::StatusListTokenNotYetValid {
                    uri: clip(uri, 200),
                    nbf,
                });
            }
        }
        let list = TokenStatusList::decode(lst, bits, &self.limits)?;
        Ok(VerifiedStatusList {
            uri: sub,
            issuer: signer,
            iat,
            exp,
            ttl,
            aggregation_uri,
            list,
        })
    }

    /// The status of `sd_jwt` (a verified SD-JWT) in `token`, the status list token fetched
    /// from its `uri`, without judging it (rules 1 to 12).
    ///
    /// # Errors
    ///
    /// The codes of rules 1 to 12 of the [module documentation](self).
    pub fn read_status(&self, sd_jwt: &VerifiedSdJwt, token: &[u8]) -> Result<StatusType> {
        let reference = status_reference(sd_jwt)?;
        let verified = self.verify_token(token, &reference.uri, sd_jwt.issuer())?;
        verified.list().status(reference.idx)
    }

    /// Checks the status of `sd_jwt` against `token`: Ok for VALID only.
    ///
    /// # Errors
    ///
    /// Those of [`StatusListVerifier::read_status`]; then `sdjwt.status_revoked` (INVALID),
    /// `sdjwt.status_suspended` (SUSPENDED), `sdjwt.status_unrecognized` (any other value).
    pub fn check_status(&self, sd_jwt: &VerifiedSdJwt, token: &[u8]) -> Result<()> {
        let reference = status_reference(sd_jwt)?;
        let verified = self.verify_token(token, &reference.uri, sd_jwt.issuer())?;
        judge(&reference, verified.list().status(reference.idx)?)
    }

    /// [`StatusListVerifier::check_status`] with the token fetched from `resolver` at the
    /// SD-JWT's `uri`.
    ///
    /// # Errors
    ///
    /// The resolver's `credential.status_unavailable` when it cannot give the token; those of
    /// [`StatusListVerifier::check_status`].
    pub fn check_status_with(
        &self,
        sd_jwt: &VerifiedSdJwt,
        resolver: &dyn StatusResolver,
    ) -> Result<()> {
        let reference = status_reference(sd_jwt)?;
        let token = resolver.resolve(&reference.uri)?;
        let verified = self.verify_token(&token, &reference.uri, sd_jwt.issuer())?;
        judge(&reference, verified.list().status(reference.idx)?)
    }
}

/// VALID passes; every other status is refused with its code.
fn judge(reference: &StatusReference, status: StatusType) -> Result<()> {
    let uri = clip(&reference.uri, 200);
    let index = reference.idx;
    match status {
        StatusType::Valid => Ok(()),
        StatusType::Invalid => Err(Error::TokenRevoked { uri, index }),
        StatusType::Suspended => Err(Error::TokenSuspended { uri, index }),
        StatusType::ApplicationSpecific(value) => Err(Error::TokenStatusUnrecognized {
            uri,
            index,
            value,
            kind: "application-specific",
        }),
        StatusType::Reserved(value) => Err(Error::TokenStatusUnrecognized {
            uri,
            index,
            value,
            kind: "reserved",
        }),
    }
}

/// Checks the status of `sd_jwt` against `token` with `lists` (see
/// [`StatusListVerifier::check_status`]): what an SD-JWT verifier calls after
/// [`SdJwtVerifier::verify`](super::SdJwtVerifier::verify).
///
/// # Errors
///
/// Those of [`StatusListVerifier::check_status`].
pub fn check_status(
    sd_jwt: &VerifiedSdJwt,
    token: &[u8],
    lists: &StatusListVerifier,
) -> Result<()> {
    lists.check_status(sd_jwt, token)
}

/// A NumericDate (RFC 7519 §2): an integer, or a finite number whose whole seconds are taken.
fn numeric_date(value: &Value) -> Option<i64> {
    let Value::Number(n) = value else {
        return None;
    };
    n.as_i64().or_else(|| {
        n.as_f64()
            .filter(|f| f.is_finite() && f.abs() < 1e15)
            .map(|f| f as i64)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_are_packed_from_the_least_significant_bit() {
        let mut list = TokenStatusList::new(8, 2).unwrap();
        assert_eq!(list.len(), 8);
        list.set(0, 1).unwrap();
        assert_eq!(list.as_bytes(), &[0b01, 0]);
        list.set(3, 3).unwrap();
        assert_eq!(list.as_bytes(), &[0b1100_0001, 0]);
        list.set(4, 2).unwrap();
        assert_eq!(list.as_bytes(), &[0b1100_0001, 0b10]);
        list.set(0, 0).unwrap();
        assert_eq!(list.as_bytes(), &[0b1100_0000, 0b10]);
        assert_eq!(list.get(3).unwrap(), 3);
        assert!(list.set(1, 4).is_err());
        assert_eq!(list.as_bytes(), &[0b1100_0000, 0b10]);
    }

    #[test]
    fn sizes_round_up_to_whole_bytes() {
        for (entries, bits, bytes, len) in [
            (13, 1, 2, 16),
            (1, 2, 1, 4),
            (3, 4, 2, 4),
            (0, 8, 0, 0),
            (5, 8, 5, 5),
        ] {
            let list = TokenStatusList::new(entries, bits).unwrap();
            assert_eq!(list.as_bytes().len(), bytes);
            assert_eq!(list.len(), len);
        }
        assert!(TokenStatusList::new(u64::MAX, 8).is_err());
        for bits in [0, 3, 5, 16] {
            assert_eq!(
                TokenStatusList::new(8, bits).unwrap_err().code(),
                "sdjwt.status_list_invalid"
            );
        }
    }

    #[test]
    fn uris() {
        for ok in ["https://example.com/statuslists/1", "urn:x:1", "a+b.c-d:x"] {
            assert!(is_uri(ok), "{ok}");
        }
        for bad in [
            "",
            "example.com",
            ":x",
            "1a:x",
            "https://a b",
            "ht tp://x",
            "x\n:y",
        ] {
            assert!(!is_uri(bad), "{bad}");
        }
    }

    #[test]
    fn status_types() {
        for v in 0..=255u8 {
            assert_eq!(StatusType::from_value(v).value(), v);
        }
        assert_eq!(
            StatusType::from_value(3),
            StatusType::ApplicationSpecific(3)
        );
        assert_eq!(
            StatusType::from_value(0x0c),
            StatusType::ApplicationSpecific(0x0c)
        );
        assert_eq!(
            StatusType::from_value(0x0f),
            StatusType::ApplicationSpecific(0x0f)
        );
        assert_eq!(StatusType::from_value(4), StatusType::Reserved(4));
        assert_eq!(StatusType::from_value(0x10), StatusType::Reserved(0x10));
    }
}
