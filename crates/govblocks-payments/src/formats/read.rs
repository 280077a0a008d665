//! Reading a published shape member by member, each refusal naming its JSON Pointer: the one
//! reader both formats use, so that a missing member, a wrong type, a text over its limit or an
//! unknown member is refused the same way (with the format's own code).

use crate::error::Error;
use serde_json::{Map, Value};

/// Which format's code a refusal takes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Format {
    GovStack,
    G2p,
}

impl Format {
    pub(crate) fn error(self, location: &str, reason: impl Into<String>) -> Error {
        let location = if location.is_empty() {
            "the document".to_owned()
        } else {
            location.to_owned()
        };
        match self {
            Format::GovStack => Error::GovStackInvalid {
                location,
                reason: reason.into(),
            },
            Format::G2p => Error::G2pInvalid {
                location,
                reason: reason.into(),
            },
        }
    }
}

/// `pointer` with one more step.
pub(crate) fn at(pointer: &str, step: impl std::fmt::Display) -> String {
    let step = step.to_string().replace('~', "~0").replace('/', "~1");
    format!("{pointer}/{step}")
}

/// An object being read.
pub(crate) struct Obj<'v> {
    pub(crate) map: &'v Map<String, Value>,
    pub(crate) at: String,
    pub(crate) format: Format,
}

impl<'v> Obj<'v> {
    /// `value` (at `pointer`) as an object whose members are all in `known`.
    pub(crate) fn new(
        value: &'v Value,
        pointer: String,
        format: Format,
        known: &[&str],
    ) -> crate::Result<Obj<'v>> {
        let Value::Object(map) = value else {
            return Err(format.error(&pointer, "not an object"));
        };
        if let Some(name) = map.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format.error(
                &at(&pointer, name),
                format!("an unknown member (the shape has {})", known.join(", ")),
            ));
        }
        Ok(Obj {
            map,
            at: pointer,
            format,
        })
    }

    pub(crate) fn error(&self, member: &str, reason: impl Into<String>) -> Error {
        self.format.error(&at(&self.at, member), reason)
    }

    /// A member, if present (`null` counts as absent).
    pub(crate) fn get(&self, member: &str) -> Option<&'v Value> {
        self.map.get(member).filter(|v| !v.is_null())
    }

    /// A string member of 1 to `max` characters, if present.
    pub(crate) fn opt_str(&self, member: &str, max: usize) -> crate::Result<Option<&'v str>> {
        match self.get(member) {
            None => Ok(None),
            Some(Value::String(s)) if s.is_empty() => Err(self.error(member, "empty")),
            Some(Value::String(s)) if s.chars().count() > max => {
                Err(self.error(member, format!("longer than {max} characters")))
            }
            Some(Value::String(s)) => Ok(Some(s)),
            Some(_) => Err(self.error(member, "not a string")),
        }
    }

    /// A required string member of 1 to `max` characters.
    pub(crate) fn str(&self, member: &str, max: usize) -> crate::Result<&'v str> {
        self.opt_str(member, max)?
            .ok_or_else(|| self.error(member, "missing"))
    }

    /// A required array member.
    pub(crate) fn array(&self, member: &str) -> crate::Result<&'v Vec<Value>> {
        match self.get(member) {
            Some(Value::Array(items)) => Ok(items),
            Some(_) => Err(self.error(member, "not an array")),
            None => Err(self.error(member, "missing")),
        }
    }
}
