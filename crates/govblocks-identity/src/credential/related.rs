//! Related resources (VC DM 2.0 §5.3 "Integrity of Related Resources"): the digests a
//! `relatedResource` entry carries, and checking them against the bytes of the resource that the
//! caller holds. Nothing is ever fetched: a resource whose bytes the caller did not supply is
//! reported as not checked ([`RelatedReport::unchecked`]), never as checked.
//!
//! # Digests
//!
//! - `digestSRI`: one hash expression of the Subresource Integrity grammar (SRI §3.5,
//!   `hash-algo "-" base64-value`), or a list of them. `hash-algo` is `sha256`, `sha384` or
//!   `sha512`; the base64 value may use the standard or the URL-safe alphabet, with or without
//!   padding (CSP's `base64-value`), and must decode to the algorithm's digest length.
//! - `digestMultibase`: one Multibase-encoded Multihash, or a list of them (Data Integrity 1.0
//!   §2.3 "Resource Integrity", which VC DM 2.0 §5.3 refers to; Multibase and Multihash as
//!   Controlled Identifiers 1.0 defines them). The multibase header is `z` (base58btc) or `u`
//!   (base64url without padding) — the two that Controlled Identifiers 1.0 says every
//!   implementation reads; the multihash is `varint(code) varint(length) digest` with a length
//!   that matches the digest.
//!
//! # Checking
//!
//! Every digest whose algorithm govblocks computes — SHA-2 256, 384 and 512 in either property
//! (multihash codes `0x12`, `0x20`, `0x13`) — must match the bytes
//! (`credential.related_resource_mismatch`). A well-formed digest of another algorithm (SHA-3,
//! say) is skipped; a resource whose digests are all of such algorithms cannot be checked and
//! is refused when its bytes were supplied (`credential.related_resource_unverifiable`): the
//! caller asked for a check that cannot be made.

use super::model::{Credential, RelatedResource};
use crate::one_or_many::OneOrMany;
use crate::Error;
use base64::alphabet::STANDARD;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD as B64};
use base64::engine::DecodePaddingMode;
use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest as _, Sha256, Sha384, Sha512};
use std::collections::HashMap;
use std::sync::Arc;

/// A hash algorithm govblocks computes for related resources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Algorithm {
    Sha256,
    Sha384,
    Sha512,
}

impl Algorithm {
    fn len(self) -> usize {
        match self {
            Algorithm::Sha256 => 32,
            Algorithm::Sha384 => 48,
            Algorithm::Sha512 => 64,
        }
    }

    fn digest(self, bytes: &[u8]) -> Vec<u8> {
        match self {
            Algorithm::Sha256 => Sha256::digest(bytes).to_vec(),
            Algorithm::Sha384 => Sha384::digest(bytes).to_vec(),
            Algorithm::Sha512 => Sha512::digest(bytes).to_vec(),
        }
    }
}

/// One digest of a related resource, parsed.
#[derive(Debug)]
struct ParsedDigest {
    /// How it is named in messages (`digestSRI sha384`, `digestMultibase 0x16`).
    name: String,
    /// `None`: well formed, of an algorithm govblocks does not compute.
    algorithm: Option<Algorithm>,
    digest: Vec<u8>,
}

/// The multihash codes of the SHA-2 and SHA-3 functions (multicodec table).
const MULTIHASH: &[(u64, &str, Option<Algorithm>, usize)] = &[
    (0x12, "sha2-256", Some(Algorithm::Sha256), 32),
    (0x20, "sha2-384", Some(Algorithm::Sha384), 48),
    (0x13, "sha2-512", Some(Algorithm::Sha512), 64),
    (0x16, "sha3-256", None, 32),
    (0x15, "sha3-384", None, 48),
    (0x14, "sha3-512", None, 64),
];

/// A `digestSRI` hash expression: `sha256|sha384|sha512` `-` base64 of the digest.
fn parse_sri(text: &str) -> Result<ParsedDigest, String> {
    let (algo, value) = text
        .split_once('-')
        .ok_or_else(|| format!("digestSRI {text:?} is not hash-algo \"-\" base64-value"))?;
    let algorithm = match algo {
        "sha256" => Algorithm::Sha256,
        "sha384" => Algorithm::Sha384,
        "sha512" => Algorithm::Sha512,
        other => {
            return Err(format!(
                "digestSRI algorithm {other:?} is not sha256, sha384 or sha512"
            ))
        }
    };
    // CSP's base64-value: the standard or the URL-safe alphabet, up to two `=`.
    let normalized: String = value
        .chars()
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let engine = GeneralPurpose::new(
        &STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );
    let digest = engine
        .decode(normalized.as_bytes())
        .map_err(|_| format!("digestSRI {algo} value is not base64"))?;
    if digest.len() != algorithm.len() {
        return Err(format!(
            "digestSRI {algo} holds {} bytes, not {}",
            digest.len(),
            algorithm.len()
        ));
    }
    Ok(ParsedDigest {
        name: format!("digestSRI {algo}"),
        algorithm: Some(algorithm),
        digest,
    })
}

/// An unsigned varint (multiformats: LEB128, at most 9 bytes), and the rest.
fn varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(9) {
        value |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            // The minimal encoding only: no trailing zero groups.
            if i > 0 && b == 0 {
                return None;
            }
            return Some((value, &bytes[i + 1..]));
        }
    }
    None
}

/// A `digestMultibase`: multibase (`z` base58btc, `u` base64url) of a multihash.
fn parse_multibase(text: &str) -> Result<ParsedDigest, String> {
    let bytes = match text.chars().next() {
        Some('z') => govblocks_core::encoding::multibase_decode(text, "digestMultibase"),
        Some('u') => govblocks_core::encoding::base64url_decode(&text[1..], "digestMultibase"),
        _ => {
            return Err(format!(
                "digestMultibase {text:?} is not multibase base58btc (z…) or base64url (u…)"
            ))
        }
    }
    .map_err(|e| format!("digestMultibase {text:?}: {e}"))?;
    let (code, rest) =
        varint(&bytes).ok_or_else(|| "digestMultibase is not a multihash".to_string())?;
    let (len, digest) =
        varint(rest).ok_or_else(|| "digestMultibase is not a multihash".to_string())?;
    if usize::try_from(len).ok() != Some(digest.len()) {
        return Err(format!(
            "digestMultibase multihash says {len} bytes but holds {}",
            digest.len()
        ));
    }
    let known = MULTIHASH.iter().find(|(c, ..)| *c == code);
    if let Some((_, name, _, expected)) = known {
        if digest.len() != *expected {
            return Err(format!(
                "digestMultibase {name} holds {} bytes, not {expected}",
                digest.len()
            ));
        }
    }
    Ok(ParsedDigest {
        name: match known {
            Some((_, name, ..)) => format!("digestMultibase {name}"),
            None => format!("digestMultibase 0x{code:x}"),
        },
        algorithm: known.and_then(|(_, _, algorithm, _)| *algorithm),
        digest: digest.to_vec(),
    })
}

/// The longest digest text read: a 64-byte digest with its multihash header is under 100
/// characters in base58btc; longer text is refused before it is decoded (base58 decoding costs
/// the square of its length).
const MAX_DIGEST_TEXT: usize = 256;

/// Whether `text` is a well-formed `digestSRI` (`sri` true) or `digestMultibase` value.
pub(crate) fn check_digest_text(sri: bool, text: &str) -> Result<(), String> {
    parse_digest(sri, text).map(|_| ())
}

fn parse_digest(sri: bool, text: &str) -> Result<ParsedDigest, String> {
    let member = if sri { "digestSRI" } else { "digestMultibase" };
    if text.len() > MAX_DIGEST_TEXT {
        return Err(format!(
            "a {member} value of {} characters is longer than any digest ({MAX_DIGEST_TEXT})",
            text.len()
        ));
    }
    if sri {
        parse_sri(text)
    } else {
        parse_multibase(text)
    }
}

/// Every digest of `resource`, parsed; a malformed one is the reason.
fn digests(resource: &RelatedResource) -> Result<Vec<ParsedDigest>, String> {
    let mut all = Vec::new();
    for text in resource.digest_sri.iter().flat_map(OneOrMany::iter) {
        all.push(parse_digest(true, text)?);
    }
    for text in resource.digest_multibase.iter().flat_map(OneOrMany::iter) {
        all.push(parse_digest(false, text)?);
    }
    Ok(all)
}

/// Checks `bytes` against the digests of `resource`: every digest govblocks computes must match
/// (`credential.related_resource_mismatch`), and there must be at least one
/// (`credential.related_resource_unverifiable`); a malformed digest is
/// `credential.related_resource_invalid`.
pub fn check_digests(resource: &RelatedResource, bytes: &[u8]) -> Result<(), Error> {
    let digests = digests(resource).map_err(|reason| Error::RelatedResourceInvalid { reason })?;
    let mut checked = 0;
    for d in &digests {
        if let Some(algorithm) = d.algorithm {
            if algorithm.digest(bytes) != d.digest {
                return Err(Error::RelatedResourceMismatch {
                    id: resource.id.clone(),
                    digest: d.name.clone(),
                });
            }
            checked += 1;
        }
    }
    if checked == 0 {
        return Err(Error::RelatedResourceUnverifiable {
            id: resource.id.clone(),
            reason: format!(
                "none of its digests ({}) is SHA-2 256, 384 or 512",
                digests
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    Ok(())
}

/// `sha384-<base64>` of `bytes`, as `digestSRI` writes it.
pub fn sri_sha384(bytes: &[u8]) -> String {
    format!("sha384-{}", B64.encode(Sha384::digest(bytes)))
}

/// Multibase base58btc of the SHA2-256 multihash of `bytes`, as `digestMultibase` writes it.
pub fn multibase_sha2_256(bytes: &[u8]) -> String {
    let mut multihash = Vec::with_capacity(34);
    multihash.extend_from_slice(&govblocks_core::digest::SHA2_256_MULTIHASH);
    multihash.extend_from_slice(&Sha256::digest(bytes));
    govblocks_core::encoding::multibase_encode(&multihash)
}

/// The bytes of related resources the caller holds, by `id`, for the verifier to check against
/// the credential's `relatedResource` digests
/// ([`CredentialVerifier::with_related_resources`](super::CredentialVerifier::with_related_resources)).
/// Cheap to clone (the bytes are shared).
#[derive(Debug, Clone, Default)]
pub struct RelatedResources {
    by_id: HashMap<String, Arc<[u8]>>,
}

impl RelatedResources {
    /// No resources.
    pub fn new() -> Self {
        Self::default()
    }

    /// These resources and the bytes of the resource `id`.
    pub fn with(mut self, id: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        self.insert(id, bytes);
        self
    }

    /// Adds (or replaces) the bytes of the resource `id`.
    pub fn insert(&mut self, id: impl Into<String>, bytes: impl Into<Arc<[u8]>>) {
        self.by_id.insert(id.into(), bytes.into());
    }

    /// The bytes of the resource `id`, if supplied.
    pub fn get(&self, id: &str) -> Option<&[u8]> {
        self.by_id.get(id).map(|b| &b[..])
    }

    /// Whether no resource was supplied.
    pub fn is_empty(&self) -> bool {
        self.by_id.is_empty()
    }
}

/// Which related resources of a credential were checked against bytes the caller supplied, and
/// which were not (their bytes were not supplied; nothing is fetched).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct RelatedReport {
    /// The `id`s whose digests matched the supplied bytes.
    pub checked: Vec<String>,
    /// The `id`s whose bytes were not supplied.
    pub unchecked: Vec<String>,
}

/// Checks each related resource of `credential` whose bytes are in `supplied`.
pub(crate) fn check_related(
    credential: &Credential,
    supplied: &RelatedResources,
) -> Result<RelatedReport, Error> {
    let mut report = RelatedReport::default();
    for resource in credential.related_resource.iter().flat_map(OneOrMany::iter) {
        match supplied.get(&resource.id) {
            Some(bytes) => {
                check_digests(resource, bytes)?;
                report.checked.push(resource.id.clone());
            }
            None => report.unchecked.push(resource.id.clone()),
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn varints_are_minimal() {
        assert_eq!(varint(&[0x12, 0x20]), Some((0x12, &[0x20][..])));
        assert_eq!(varint(&[0x80, 0x01]), Some((0x80, &[][..])));
        assert_eq!(varint(&[0x92, 0x00]), None, "a trailing zero group");
        assert_eq!(varint(&[0x80]), None, "unterminated");
    }

    #[test]
    fn the_writers_read_back() {
        let sri = parse_sri(&sri_sha384(b"x")).unwrap();
        assert_eq!(sri.algorithm, Some(Algorithm::Sha384));
        let mb = parse_multibase(&multibase_sha2_256(b"x")).unwrap();
        assert_eq!(mb.algorithm, Some(Algorithm::Sha256));
        assert_eq!(mb.digest, Sha256::digest(b"x").to_vec());
    }
}
