//! [`JsonRead`]: what a check reads of a parsed value, the same for a tree ([`Value`]) and for
//! a canonical document read without one ([`TapeValue`]), so that a rule that runs before the
//! schema is written once for both.

use super::tape::Kind;
use super::TapeValue;
use serde_json::Value;

/// Read access to a parsed JSON value (a tree's node or a tape's value).
pub trait JsonRead<'v>: Copy {
    /// The member `name` of an object (`None` for anything else).
    fn member(self, name: &str) -> Option<Self>;
    /// The string, if the value is one.
    fn text(self) -> Option<&'v str>;
    /// Whether the value is `null`.
    fn is_null(self) -> bool;
    /// Whether the value is an object.
    fn is_object(self) -> bool;
    /// The value as a tree (for messages: cold).
    fn to_value(self) -> Value;
}

impl<'v> JsonRead<'v> for &'v Value {
    fn member(self, name: &str) -> Option<Self> {
        self.as_object()?.get(name)
    }

    fn text(self) -> Option<&'v str> {
        self.as_str()
    }

    fn is_null(self) -> bool {
        Value::is_null(self)
    }

    fn is_object(self) -> bool {
        Value::is_object(self)
    }

    fn to_value(self) -> Value {
        self.clone()
    }
}

impl<'v> JsonRead<'v> for TapeValue<'v> {
    fn member(self, name: &str) -> Option<Self> {
        self.get(name)
    }

    fn text(self) -> Option<&'v str> {
        self.as_str()
    }

    fn is_null(self) -> bool {
        self.kind() == Kind::Null
    }

    fn is_object(self) -> bool {
        self.kind() == Kind::Object
    }

    fn to_value(self) -> Value {
        TapeValue::to_value(&self)
    }
}
