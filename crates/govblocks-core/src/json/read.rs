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
    /// The elements of an array, in order (none for anything else).
    fn elements(self) -> impl Iterator<Item = Self>;
    /// The string, if the value is one.
    fn text(self) -> Option<&'v str>;
    /// Whether the value is `null`.
    fn is_null(self) -> bool;
    /// Whether the value is an object.
    fn is_object(self) -> bool;
    /// Whether the value is an array.
    fn is_array(self) -> bool;
    /// The value as a tree (for messages: cold).
    fn to_value(self) -> Value;
}

impl<'v> JsonRead<'v> for &'v Value {
    fn member(self, name: &str) -> Option<Self> {
        self.as_object()?.get(name)
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        self.as_array().into_iter().flatten()
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

    fn is_array(self) -> bool {
        Value::is_array(self)
    }

    fn to_value(self) -> Value {
        self.clone()
    }
}

impl<'v> JsonRead<'v> for TapeValue<'v> {
    fn member(self, name: &str) -> Option<Self> {
        self.get(name)
    }

    fn elements(self) -> impl Iterator<Item = Self> {
        TapeValue::elements(&self)
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

    fn is_array(self) -> bool {
        self.kind() == Kind::Array
    }

    fn to_value(self) -> Value {
        TapeValue::to_value(&self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::{Limits, Tape};

    /// What a rule reads is the same on the tree and on the tape, member by member.
    fn same<'v>(a: impl JsonRead<'v>, b: impl JsonRead<'v>) {
        assert_eq!(a.text(), b.text());
        assert_eq!(a.is_null(), b.is_null());
        assert_eq!(a.is_object(), b.is_object());
        assert_eq!(a.is_array(), b.is_array());
        assert_eq!(a.to_value(), b.to_value());
        assert_eq!(a.elements().count(), b.elements().count());
        for (x, y) in a.elements().zip(b.elements()) {
            same(x, y);
        }
    }

    #[test]
    fn a_tree_and_a_tape_read_the_same() {
        let text = r#"{"a":["x",{"b":null},[]],"n":1,"s":"t","z":{}}"#;
        let tree: Value = serde_json::from_str(text).unwrap();
        let tape = Tape::parse(text.as_bytes(), &Limits::default()).unwrap();
        same(&tree, tape.root());
        for name in ["a", "n", "s", "z", "missing"] {
            match (tree.member(name), tape.root().member(name)) {
                (Some(x), Some(y)) => same(x, y),
                (None, None) => {}
                other => panic!("{name}: {other:?}"),
            }
        }
        // Elements of what is not an array: none.
        assert_eq!(tree.member("s").unwrap().elements().count(), 0);
        assert_eq!(tape.root().member("z").unwrap().elements().count(), 0);
    }
}
