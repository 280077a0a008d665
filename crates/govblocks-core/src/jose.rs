//! What JWS ([`crate::jws`]) and JWE ([`crate::jwe`]) share: reading a protected header.

use crate::encoding::base64url_decode;
use crate::error::{Error, Result};
use crate::json::{self, Limits};
use serde_json::{Map, Value};

/// How a protected header's reader names its errors: the header's name in messages, the
/// format's `*.malformed` error and the wrapper that keeps a JSON error's own code.
pub(crate) struct HeaderErrors {
    /// `"JWS protected header"`, `"JWE protected header"`.
    pub what: &'static str,
    /// The format's malformed error.
    pub malformed: fn(String) -> Error,
    /// Wraps a strict-JSON error so its message says which header it was in.
    pub in_header: fn(Box<Error>) -> Error,
}

/// Decodes a protected header part: non-empty, at most `max_len` characters (checked before
/// decoding), canonical base64url, strict JSON within limits sized from `max_len` (duplicate
/// members refused, as RFC 7515 §4 and RFC 7516 §4 require unique names), a JSON object.
pub(crate) fn decode_protected_header(
    encoded: &str,
    max_len: usize,
    errors: &HeaderErrors,
) -> Result<Map<String, Value>> {
    if encoded.is_empty() {
        return Err((errors.malformed)(
            "the protected header is empty".to_owned(),
        ));
    }
    if encoded.len() > max_len {
        return Err((errors.malformed)(format!(
            "the protected header is longer than {max_len} characters"
        )));
    }
    let bytes = base64url_decode(encoded, errors.what)?;
    let limits = Limits {
        max_bytes: max_len / 4 * 3,
        max_depth: 16,
        max_array_len: 256,
        max_object_members: 256,
        ..Limits::default()
    };
    match json::parse_with_limits(&bytes, &limits) {
        Ok(Value::Object(members)) => Ok(members),
        Ok(_) => Err((errors.malformed)(
            "the protected header is not a JSON object".to_owned(),
        )),
        Err(e) => Err((errors.in_header)(Box::new(e))),
    }
}
