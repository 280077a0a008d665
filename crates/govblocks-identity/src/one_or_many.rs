//! A member that is one value or a set of them (`"type": "VerifiableCredential"` or
//! `"type": ["VerifiableCredential", "…"]`), kept in the shape it came in so that a document
//! read and written again canonicalizes to the same bytes.

use serde::{Deserialize, Serialize};

/// One value, or an array of them. Serializes in the shape it was read in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany<T> {
    /// An array (possibly of one). Tried first when reading, so that a `OneOrMany<Value>`
    /// reads an array as many values, not as one array value.
    Many(Vec<T>),
    /// A single value.
    One(T),
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
}
