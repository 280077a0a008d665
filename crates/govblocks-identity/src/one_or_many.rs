//! A member that is one value or a set of them (`"type": "VerifiableCredential"` or
//! `"type": ["VerifiableCredential", "…"]`), kept in the shape it came in so that a document
//! read and written again canonicalizes to the same bytes.

use serde::de::value::{
    BoolDeserializer, F64Deserializer, I64Deserializer, MapAccessDeserializer,
    SeqAccessDeserializer, StrDeserializer, StringDeserializer, U64Deserializer, UnitDeserializer,
};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// One value, or an array of them. Serializes in the shape it was read in.
///
/// Reading looks at the JSON once: an array is [`OneOrMany::Many`] (so a `OneOrMany<Value>`
/// reads an array as many values, not as one array value), anything else is read as one `T`.
/// (Hand-written rather than `#[serde(untagged)]`, which buffers the whole member and tries
/// each variant in turn: credentials are read on every verification.)
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// An array (possibly of one).
    Many(Vec<T>),
    /// A single value.
    One(T),
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(OneOrManyVisitor(PhantomData))
    }
}

struct OneOrManyVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for OneOrManyVisitor<T> {
    type Value = OneOrMany<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("one value or an array of values")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(seq)).map(OneOrMany::Many)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        T::deserialize(MapAccessDeserializer::new(map)).map(OneOrMany::One)
    }

    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Self::Value, E> {
        T::deserialize(StrDeserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Self::Value, E> {
        T::deserialize(StringDeserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Self::Value, E> {
        T::deserialize(BoolDeserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Self::Value, E> {
        T::deserialize(I64Deserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Self::Value, E> {
        T::deserialize(U64Deserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Self::Value, E> {
        T::deserialize(F64Deserializer::<E>::new(v)).map(OneOrMany::One)
    }

    fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
        T::deserialize(UnitDeserializer::<E>::new()).map(OneOrMany::One)
    }
}

impl<T> OneOrMany<T> {
    /// The values, in order.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }

    /// The values, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }

    /// The first value, if any.
    pub fn first(&self) -> Option<&T> {
        self.as_slice().first()
    }

    /// How many values.
    pub fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether there is no value (an empty array).
    pub fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(one: T) -> Self {
        OneOrMany::One(one)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(many: Vec<T>) -> Self {
        OneOrMany::Many(many)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_its_shape() {
        let one: OneOrMany<String> = serde_json::from_str(r#""a""#).unwrap();
        let many: OneOrMany<String> = serde_json::from_str(r#"["a"]"#).unwrap();
        assert_eq!(one.as_slice(), many.as_slice());
        assert_eq!(serde_json::to_string(&one).unwrap(), r#""a""#);
        assert_eq!(serde_json::to_string(&many).unwrap(), r#"["a"]"#);
        let values: OneOrMany<serde_json::Value> =
            serde_json::from_str(r#"["a", {"b": 1}]"#).unwrap();
        assert_eq!(values.len(), 2);
    }

    #[test]
    fn reads_every_kind_of_single_value_and_refuses_mismatches() {
        use serde_json::{json, Map, Value};
        let from = |v: Value| serde_json::from_value::<OneOrMany<Value>>(v).unwrap();
        for one in [
            json!("a"),
            json!(true),
            json!(-1),
            json!(7),
            json!(1.5),
            json!(null),
            json!({"a": 1}),
        ] {
            assert_eq!(from(one.clone()), OneOrMany::One(one));
        }
        assert_eq!(from(json!([])), OneOrMany::Many(vec![]));
        let maps: OneOrMany<Map<String, Value>> =
            serde_json::from_value(json!({"id": "x"})).unwrap();
        assert_eq!(maps.len(), 1);
        let maps: OneOrMany<Map<String, Value>> =
            serde_json::from_value(json!([{"id": "x"}, {"id": "y"}])).unwrap();
        assert_eq!(maps.len(), 2);
        // A string where a map is expected, a number where a string is: errors, not panics.
        assert!(serde_json::from_value::<OneOrMany<Map<String, Value>>>(json!("x")).is_err());
        assert!(serde_json::from_value::<OneOrMany<String>>(json!(1)).is_err());
        assert!(serde_json::from_value::<OneOrMany<String>>(json!(["a", 1])).is_err());
        // Read from bytes too (borrowed strings).
        let s: OneOrMany<String> = serde_json::from_slice(br#""VerifiableCredential""#).unwrap();
        assert_eq!(s.first().map(String::as_str), Some("VerifiableCredential"));
    }
}
