//! Strict JSON parsing (interim stand-in; the strict parser replaces this).

use crate::error::{Error, Position, Result};
use serde_json::Value;

/// Limits applied while parsing untrusted JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// Largest accepted input, in bytes.
    pub max_bytes: usize,
    /// Deepest accepted nesting of arrays and objects.
    pub max_depth: usize,
    /// Longest accepted array.
    pub max_array_len: usize,
    /// Most members accepted in one object.
    pub max_object_members: usize,
    /// Longest accepted string or member name, in bytes (after unescaping).
    pub max_string_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: 4 * 1024 * 1024,
            max_depth: 64,
            max_array_len: 100_000,
            max_object_members: 10_000,
            max_string_bytes: 1024 * 1024,
        }
    }
}

/// Parses untrusted bytes with the default [`Limits`].
pub fn parse(bytes: &[u8]) -> Result<Value> {
    parse_with_limits(bytes, &Limits::default())
}

/// Parses untrusted bytes with the given [`Limits`].
pub fn parse_with_limits(bytes: &[u8], limits: &Limits) -> Result<Value> {
    if bytes.len() > limits.max_bytes {
        return Err(Error::JsonTooLarge {
            size: bytes.len(),
            limit: limits.max_bytes,
        });
    }
    serde_json::from_slice(bytes).map_err(|e| Error::JsonSyntax {
        message: e.to_string(),
        position: Position {
            path: String::new(),
            line: e.line(),
            column: e.column(),
        },
    })
}
