//! The wire shape of SD-JWT (RFC 9901 §4): the `~`-separated form, disclosures, digests and JSON
//! Pointers, with the bounds that keep a hostile input's cost at about its bytes.
//!
//! Nothing here decides whether an SD-JWT is valid; that is [`super::rules`] (the processing of
//! RFC 9901 §7.1) and [`super::verify`] (signatures, key binding, time).

use crate::error::{Error, Result};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::json;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// The one hash algorithm (`_sd_alg`) issued and accepted: SHA-256 (RFC 9901 §4.1.1; the
/// default when `_sd_alg` is absent).
pub const SD_ALG_SHA256: &str = "sha-256";

/// The `typ` of a key-binding JWT (RFC 9901 §4.3).
pub const TYP_KB_JWT: &str = "kb+jwt";

/// The claim holding the digests of an object's disclosable members (RFC 9901 §4.2.4.1).
pub const SD: &str = "_sd";

/// The claim naming the hash algorithm (RFC 9901 §4.1.1).
pub const SD_ALG: &str = "_sd_alg";

/// The key of an array element's digest object (RFC 9901 §4.2.4.2).
pub const ELLIPSIS: &str = "...";

/// Bounds on what an SD-JWT may cost to read. Each is inclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The longest accepted SD-JWT (or SD-JWT+KB), in bytes, checked before anything else.
    pub max_bytes: usize,
    /// The most disclosures accepted (counting stops at the first one past it).
    pub max_disclosures: usize,
    /// The deepest nesting of the processed claims, disclosures embedded in disclosures included.
    pub max_depth: usize,
}

impl Default for Limits {
    /// 1 MiB, 1,024 disclosures, depth 32.
    fn default() -> Self {
        Limits {
            max_bytes: 1024 * 1024,
            max_disclosures: 1024,
            max_depth: 32,
        }
    }
}

impl Limits {
    /// These limits with another maximum size.
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Self {
        self.max_bytes = max_bytes;
        self
    }

    /// These limits with another maximum number of disclosures.
    pub fn with_max_disclosures(mut self, max: usize) -> Self {
        self.max_disclosures = max;
        self
    }

    /// These limits with another maximum depth.
    pub fn with_max_depth(mut self, max: usize) -> Self {
        self.max_depth = max;
        self
    }

    fn json(&self, max_bytes: usize) -> json::Limits {
        json::Limits {
            max_bytes,
            max_depth: self.max_depth,
            ..json::Limits::default()
        }
    }
}

/// The parts of an SD-JWT or SD-JWT+KB in its compact form (RFC 9901 §4):
/// `<Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~[<KB-JWT>]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts<'a> {
    /// The issuer-signed JWT.
    pub issuer_jwt: &'a str,
    /// The disclosures, in order, as they were written.
    pub disclosures: Vec<&'a str>,
    /// The key-binding JWT, when the last part is not empty.
    pub key_binding: Option<&'a str>,
    /// Everything up to and including the last `~`: what `sd_hash` is computed over.
    pub sd_jwt: &'a str,
}

/// Splits the compact form, refusing input over `limits` and empty disclosures (two `~` in a
/// row). Nothing is decoded.
pub fn split<'a>(text: &'a str, limits: &Limits) -> Result<Parts<'a>> {
    if text.len() > limits.max_bytes {
        return Err(Error::SdJwtLimit {
            reason: format!(
                "{} bytes, more than the {} accepted",
                text.len(),
                limits.max_bytes
            ),
        });
    }
    let Some(last) = text.rfind('~') else {
        return Err(malformed("no `~`: an SD-JWT is `<JWT>~<disclosures>~`"));
    };
    let sd_jwt = &text[..=last];
    let tail = &text[last + 1..];
    let mut pieces = text[..last].split('~');
    let issuer_jwt = pieces.next().unwrap_or_default();
    if issuer_jwt.is_empty() {
        return Err(malformed("the issuer-signed JWT is empty"));
    }
    // One allocation: at most as many disclosures as `~` (bounded by the limit).
    let tildes = sd_jwt.bytes().filter(|&b| b == b'~').count();
    let mut disclosures = Vec::with_capacity(tildes.min(limits.max_disclosures));
    for piece in pieces {
        if piece.is_empty() {
            return Err(malformed("an empty disclosure (two `~` in a row)"));
        }
        if disclosures.len() == limits.max_disclosures {
            return Err(Error::SdJwtLimit {
                reason: format!("more than {} disclosures", limits.max_disclosures),
            });
        }
        disclosures.push(piece);
    }
    Ok(Parts {
        issuer_jwt,
        disclosures,
        key_binding: (!tail.is_empty()).then_some(tail),
        sd_jwt,
    })
}

/// The base64url-encoded SHA-256 digest of the US-ASCII bytes of `text` (RFC 9901 §4.2.3): of a
/// disclosure as it was written, or of the SD-JWT for `sd_hash` (§4.3.1).
pub fn digest(text: &str) -> String {
    base64url_encode(&Sha256::digest(text.as_bytes()))
}

/// The length of a SHA-256 digest in unpadded base64url: 32 bytes, 43 characters.
pub(crate) const DIGEST_LEN: usize = 43;

/// [`digest`] written into a fixed array (no allocation): the ASCII characters of the digest.
pub(crate) type DigestText = [u8; DIGEST_LEN];

/// [`digest`] of `text`, into a [`DigestText`].
pub(crate) fn digest_text(text: &str) -> DigestText {
    let mut out = [0u8; DIGEST_LEN];
    // 32 bytes always encode to exactly 43 characters, so this cannot fail; were it ever to, the
    // zeros left in `out` are not base64url and match no digest of a payload.
    let _ = URL_SAFE_NO_PAD.encode_slice(Sha256::digest(text.as_bytes()), &mut out);
    out
}

/// What a disclosure discloses, as the verifier reads it (RFC 9901 §7.1 step 3): its digest, the
/// claim name (`None` for an array element) and the value. The salt was checked to be a string
/// and is not kept; the disclosure's text is not copied.
#[derive(Debug)]
pub(crate) struct Revealed {
    pub digest: DigestText,
    pub name: Option<String>,
    pub value: Value,
}

/// Reads every disclosure of a presentation ([`Disclosure::parse`]'s rules and codes, in order),
/// with one decoding buffer for all of them.
pub(crate) fn read_disclosures(texts: &[&str], limits: &Limits) -> Result<Vec<Revealed>> {
    let mut out = Vec::with_capacity(texts.len());
    let mut buffer = Vec::new();
    for (index, encoded) in texts.iter().enumerate() {
        let (_, name, value) = read(encoded, index, limits, &mut buffer)?;
        out.push(Revealed {
            digest: digest_text(encoded),
            name,
            value,
        });
    }
    Ok(out)
}

/// The checks of [`Disclosure::parse`], decoding into `buffer` (cleared first): the salt, the
/// name and the value.
fn read(
    encoded: &str,
    index: usize,
    limits: &Limits,
    buffer: &mut Vec<u8>,
) -> Result<(String, Option<String>, Value)> {
    let invalid = |reason: String| Error::DisclosureInvalid { index, reason };
    buffer.clear();
    // The same engine and rules as core's `base64url_decode` (canonical, unpadded); on failure
    // its error is taken from it, so the message is the same.
    if URL_SAFE_NO_PAD
        .decode_vec(encoded.as_bytes(), buffer)
        .is_err()
    {
        let reason = match base64url_decode(encoded, "disclosure") {
            Err(e) => format!("not base64url: {e}"),
            Ok(_) => "not base64url".to_string(),
        };
        return Err(invalid(reason));
    }
    let value = json::parse_with_limits(buffer, &limits.json(buffer.len()))
        .map_err(|e| invalid(format!("not strict JSON: {e}")))?;
    let Value::Array(mut items) = value else {
        return Err(invalid("not a JSON array".into()));
    };
    let (salt, name, value) = match items.len() {
        2 => {
            let value = items.pop().unwrap_or(Value::Null);
            (items.pop().unwrap_or(Value::Null), None, value)
        }
        3 => {
            let value = items.pop().unwrap_or(Value::Null);
            let name = items.pop().unwrap_or(Value::Null);
            (items.pop().unwrap_or(Value::Null), Some(name), value)
        }
        n => {
            return Err(invalid(format!(
                "an array of {n} elements, not [salt, name, value] or [salt, value]"
            )))
        }
    };
    let Value::String(salt) = salt else {
        return Err(invalid("the salt is not a string".into()));
    };
    let name = match name {
        None => None,
        Some(Value::String(name)) => {
            if name == SD || name == ELLIPSIS {
                return Err(Error::ReservedClaimName { name });
            }
            Some(name)
        }
        Some(_) => return Err(invalid("the claim name is not a string".into())),
    };
    Ok((salt, name, value))
}

/// One disclosure: the string as it was written (its digest is over that string, not over a
/// re-serialization), and what it discloses.
#[derive(Debug, Clone, PartialEq)]
pub struct Disclosure {
    encoded: String,
    digest: String,
    salt: String,
    name: Option<String>,
    value: Value,
}

impl Disclosure {
    /// Reads a disclosure: canonical base64url of strict JSON (duplicate members, lone
    /// surrogates and the other refusals of [`govblocks_core::json`]), an array of three
    /// elements `[salt, name, value]` or two `[salt, value]`, the salt and name strings, the
    /// name neither `_sd` nor `...`. `index` is its position, for errors.
    pub fn parse(encoded: &str, index: usize, limits: &Limits) -> Result<Self> {
        let (salt, name, value) = read(encoded, index, limits, &mut Vec::new())?;
        Ok(Disclosure {
            encoded: encoded.to_string(),
            digest: digest(encoded),
            salt,
            name,
            value,
        })
    }

    /// A disclosure of an object member, `[salt, name, value]` written as compact JSON.
    pub(crate) fn property(salt: String, name: String, value: Value) -> Self {
        let json = Value::Array(vec![
            Value::String(salt.clone()),
            Value::String(name.clone()),
            value.clone(),
        ]);
        Self::from_parts(json.to_string(), salt, Some(name), value)
    }

    /// A disclosure of an array element, `[salt, value]` written as compact JSON.
    pub(crate) fn element(salt: String, value: Value) -> Self {
        let json = Value::Array(vec![Value::String(salt.clone()), value.clone()]);
        Self::from_parts(json.to_string(), salt, None, value)
    }

    fn from_parts(json: String, salt: String, name: Option<String>, value: Value) -> Self {
        let encoded = base64url_encode(json.as_bytes());
        Disclosure {
            digest: digest(&encoded),
            encoded,
            salt,
            name,
            value,
        }
    }

    /// The disclosure as written (base64url).
    pub fn encoded(&self) -> &str {
        &self.encoded
    }

    /// Its digest, base64url SHA-256 of [`Disclosure::encoded`].
    pub fn digest(&self) -> &str {
        &self.digest
    }

    /// The salt.
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// The claim name, for an object member; `None` for an array element.
    pub fn name(&self) -> Option<&str> {
        self.name.as_deref()
    }

    /// The disclosed value.
    pub fn value(&self) -> &Value {
        &self.value
    }
}

/// Decodes the payload of a compact JWS **without verifying it** (the holder reading what it
/// was issued), as strict JSON within `limits`.
pub(crate) fn unverified_payload(jwt: &str, limits: &Limits) -> Result<Value> {
    let mut parts = jwt.split('.');
    let (Some(_), Some(payload), Some(_), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(malformed("the issuer-signed JWT is not a compact JWS"));
    };
    let bytes = base64url_decode(payload, "JWT payload")?;
    Ok(json::parse_with_limits(
        &bytes,
        &limits.json(limits.max_bytes),
    )?)
}

/// Parses a JWT payload (verified bytes) as strict JSON within `limits`.
pub(crate) fn payload_json(bytes: &[u8], limits: &Limits) -> Result<Value> {
    Ok(json::parse_with_limits(
        bytes,
        &limits.json(limits.max_bytes),
    )?)
}

/// Appends one JSON Pointer reference token (RFC 6901 §3: `~` as `~0`, `/` as `~1`).
pub(crate) fn push_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    for c in token.chars() {
        match c {
            '~' => pointer.push_str("~0"),
            '/' => pointer.push_str("~1"),
            c => pointer.push(c),
        }
    }
}

/// Reads a JSON Pointer (RFC 6901) into its reference tokens; the root (`""`) and malformed
/// pointers (no leading `/`, a `~` not followed by `0` or `1`) are refused.
pub(crate) fn pointer_tokens(pointer: &str) -> Result<Vec<String>> {
    let invalid = |reason: &str| Error::PointerInvalid {
        pointer: clip(pointer, 200),
        reason: reason.into(),
    };
    if pointer.is_empty() {
        return Err(invalid("the root cannot be disclosable: name a claim"));
    }
    let Some(rest) = pointer.strip_prefix('/') else {
        return Err(invalid("a JSON Pointer starts with `/`"));
    };
    rest.split('/')
        .map(|token| {
            let mut out = String::with_capacity(token.len());
            let mut chars = token.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => out.push('~'),
                        Some('1') => out.push('/'),
                        _ => return Err(invalid("`~` must be followed by 0 or 1")),
                    }
                } else {
                    out.push(c);
                }
            }
            Ok(out)
        })
        .collect()
}

/// The pointer in its one spelling (tokens escaped again), so that two spellings of one pointer
/// compare equal.
pub(crate) fn normalize_pointer(pointer: &str) -> Result<String> {
    let mut out = String::with_capacity(pointer.len());
    for token in pointer_tokens(pointer)? {
        push_token(&mut out, &token);
    }
    Ok(out)
}

pub(crate) use govblocks_core::error::clip;

pub(crate) fn malformed(reason: impl Into<String>) -> Error {
    Error::SdJwtMalformed {
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_shapes() {
        let l = Limits::default();
        let p = split("j~", &l).unwrap();
        assert_eq!(
            (p.issuer_jwt, p.disclosures.len(), p.key_binding),
            ("j", 0, None)
        );
        let p = split("j~a~b~k", &l).unwrap();
        assert_eq!(p.disclosures, ["a", "b"]);
        assert_eq!(p.key_binding, Some("k"));
        assert_eq!(p.sd_jwt, "j~a~b~");
        for bad in ["", "j", "~", "~a~", "j~~", "j~a~~b~"] {
            assert_eq!(
                split(bad, &l).unwrap_err().code(),
                "sdjwt.malformed",
                "{bad}"
            );
        }
        let small = Limits::default().with_max_disclosures(1);
        assert_eq!(split("j~a~b~", &small).unwrap_err().code(), "sdjwt.limit");
        assert_eq!(
            split("j~", &Limits::default().with_max_bytes(1))
                .unwrap_err()
                .code(),
            "sdjwt.limit"
        );
    }

    #[test]
    fn digest_text_is_digest() {
        for text in ["", "WyJzYWx0IiwiYSIsMV0", &"x".repeat(1000)] {
            assert_eq!(digest_text(text).as_slice(), digest(text).as_bytes());
        }
    }

    #[test]
    fn read_disclosures_is_parse() {
        let l = Limits::default();
        let texts = [
            "WyJzYWx0IiwiYSIsMV0", // ["salt","a",1]
            "WyJzYWx0IiwyXQ",      // ["salt",2]
        ];
        let read = read_disclosures(&texts, &l).unwrap();
        for (index, (text, revealed)) in texts.iter().zip(&read).enumerate() {
            let parsed = Disclosure::parse(text, index, &l).unwrap();
            assert_eq!(revealed.digest.as_slice(), parsed.digest().as_bytes());
            assert_eq!(revealed.name.as_deref(), parsed.name());
            assert_eq!(&revealed.value, parsed.value());
        }
        // The same refusals, with the same messages, at the same index.
        for bad in ["WyJzYWx0IiwiYSIsMV0=", "e30", "WyJzYWx0IiwiX3NkIiwxXQ", "!"] {
            assert_eq!(
                read_disclosures(&[texts[0], bad], &l)
                    .unwrap_err()
                    .to_string(),
                Disclosure::parse(bad, 1, &l).unwrap_err().to_string(),
                "{bad}"
            );
        }
    }

    #[test]
    fn pointers() {
        assert_eq!(pointer_tokens("/a~1b/~0c/0").unwrap(), ["a/b", "~c", "0"]);
        assert_eq!(normalize_pointer("/a~1b").unwrap(), "/a~1b");
        for bad in ["", "a", "/~2", "/a~"] {
            assert_eq!(
                pointer_tokens(bad).unwrap_err().code(),
                "sdjwt.pointer_invalid"
            );
        }
    }
}
