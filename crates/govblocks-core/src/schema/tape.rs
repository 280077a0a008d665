//! A [`Tape`](crate::json::Tape) as `jsonschema` sees an instance: the same validators, compiled
//! once more for this representation, check a canonical document without a tree
//! ([`SchemaRegistry::validate_tape`](super::SchemaRegistry::validate_tape)).
//!
//! Every string of a tape is its own text (a tape has no escapes), so strings are borrowed;
//! every number is an integer of at most 2^53 − 1 in magnitude. An invalid document is
//! reported from its tree, as any other (the tape is only the fast path of a valid one).

use crate::json::{Elements, Members, TapeKind as Kind, TapeValue};
use jsonschema::json::{Array, Json, JsonNumber, Node, NodeIdentity, Object};
use jsonschema::JsonType;
use serde_json::Value;
use std::borrow::Cow;

/// The tape representation, for `jsonschema::options_for`.
pub(crate) struct TapeJson;

/// A value of a tape, or a member name that `propertyNames` checks on its own.
#[derive(Clone, Copy)]
pub(crate) enum TapeNode<'a> {
    Value(TapeValue<'a>),
    Name(&'a str),
}

impl Json for TapeJson {
    type Node<'a> = TapeNode<'a>;
    type PreparedKey = String;
    type StringBuffer = ();

    // A lookup is a scan of the object's members: a pass over them costs no more than two.
    const KEYS_PER_LOOKUP: usize = 2;
    const ACYCLIC: bool = true;

    fn prepare_key(key: &str) -> String {
        key.to_owned()
    }

    fn with_string_node<T>((): &mut (), string: &str, f: impl FnOnce(TapeNode<'_>) -> T) -> T {
        f(TapeNode::Name(string))
    }
}

impl<'a> TapeNode<'a> {
    fn value(&self) -> Option<&TapeValue<'a>> {
        match self {
            TapeNode::Value(v) => Some(v),
            TapeNode::Name(_) => None,
        }
    }

    fn kind(&self) -> Kind {
        self.value().map_or(Kind::String, TapeValue::kind)
    }
}

impl<'a> Node<'a, TapeJson> for TapeNode<'a> {
    type Object = TapeObject<'a>;
    type Array = TapeArray<'a>;
    type Number = TapeNumber<'a>;

    fn as_object(&self) -> Option<TapeObject<'a>> {
        self.value()
            .filter(|v| v.kind() == Kind::Object)
            .map(|v| TapeObject(*v))
    }

    fn as_array(&self) -> Option<TapeArray<'a>> {
        self.value()
            .filter(|v| v.kind() == Kind::Array)
            .map(|v| TapeArray(*v))
    }

    fn as_string(&self) -> Option<Cow<'a, str>> {
        match self {
            TapeNode::Value(v) => v.as_str().map(Cow::Borrowed),
            TapeNode::Name(name) => Some(Cow::Borrowed(name)),
        }
    }

    fn as_number(&self) -> Option<TapeNumber<'a>> {
        self.value()
            .filter(|v| v.kind() == Kind::Number)
            .map(|v| TapeNumber(v.raw()))
    }

    fn as_boolean(&self) -> Option<bool> {
        match self.kind() {
            Kind::True => Some(true),
            Kind::False => Some(false),
            _ => None,
        }
    }

    fn is_null(&self) -> bool {
        self.kind() == Kind::Null
    }

    fn json_type(&self) -> JsonType {
        match self.kind() {
            Kind::Null => JsonType::Null,
            Kind::True | Kind::False => JsonType::Boolean,
            Kind::Number => JsonType::Number,
            Kind::String => JsonType::String,
            Kind::Array => JsonType::Array,
            Kind::Object => JsonType::Object,
        }
    }

    fn to_value(&self) -> Cow<'a, Value> {
        match self {
            TapeNode::Value(v) => Cow::Owned(v.to_value()),
            TapeNode::Name(name) => Cow::Owned(Value::String((*name).to_owned())),
        }
    }

    fn identity(&self) -> Option<NodeIdentity> {
        // The slot's index, tagged with the tape: values alive at once are distinct slots.
        let value = self.value()?;
        Some(NodeIdentity::tagged(
            value.tape_address(),
            u32::try_from(value.index()).ok()?,
        ))
    }
}

/// An object of a tape.
pub(crate) struct TapeObject<'a>(TapeValue<'a>);

impl<'a> Object<'a, TapeJson> for TapeObject<'a> {
    type Node = TapeNode<'a>;
    type MemberName = &'a str;
    type MembersIter = NamedMembers<'a>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn get(&self, key: &String) -> Option<TapeNode<'a>> {
        self.0.get(key).map(TapeNode::Value)
    }

    fn members(&self) -> Self::MembersIter {
        NamedMembers(self.0.member_iter())
    }
}

/// The members of an object of a tape, each name as text.
pub(crate) struct NamedMembers<'a>(Members<'a>);

impl<'a> Iterator for NamedMembers<'a> {
    type Item = (&'a str, TapeNode<'a>);

    fn next(&mut self) -> Option<Self::Item> {
        let (name, value) = self.0.next()?;
        Some((name.as_str().unwrap_or_default(), TapeNode::Value(value)))
    }
}

/// An array of a tape.
pub(crate) struct TapeArray<'a>(TapeValue<'a>);

impl<'a> Array<'a, TapeJson> for TapeArray<'a> {
    type Node = TapeNode<'a>;
    type ElementsIter = std::iter::Map<Elements<'a>, fn(TapeValue<'a>) -> TapeNode<'a>>;

    fn len(&self) -> usize {
        self.0.len()
    }

    fn elements(&self) -> Self::ElementsIter {
        self.0
            .elements()
            .map(TapeNode::Value as fn(TapeValue<'a>) -> TapeNode<'a>)
    }
}

/// A number of a tape: an integer's text.
pub(crate) struct TapeNumber<'a>(&'a str);

impl JsonNumber for TapeNumber<'_> {
    fn as_u64(&self) -> Option<u64> {
        self.0.parse().ok()
    }

    fn as_i64(&self) -> Option<i64> {
        self.0.parse().ok()
    }

    fn as_f64(&self) -> Option<f64> {
        // At most 2^53 − 1 in magnitude: exact.
        self.as_i64().map(|n| n as f64)
    }

    fn as_str(&self) -> Cow<'_, str> {
        Cow::Borrowed(self.0)
    }

    fn to_number(&self) -> Cow<'_, serde_json::Number> {
        Cow::Owned(match self.as_u64() {
            Some(n) => serde_json::Number::from(n),
            None => serde_json::Number::from(self.as_i64().unwrap_or_default()),
        })
    }

    fn is_integer(&self) -> bool {
        true
    }

    fn is_written_as_integer(&self) -> bool {
        true
    }
}
