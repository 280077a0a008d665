//! A JSON value kept as its canonical text, parsed into a tree only when asked.
//!
//! A verifier reads a signed document's open content — an exchange envelope's payload, its
//! proof — only to hash it, check it and hand it on. Kept as a [`Value`] tree, every member
//! name and string of it is an allocation that the caller frees later, long after the tree
//! left the cache; kept as the canonical text the document was read from, it is one. A
//! [`LazyValue`] holds either or both: the canonical (RFC 8785) text, and the tree, each made
//! from the other on first use.
//!
//! **Invariant:** the text, when present, is the canonical form of a value: it is made by
//! [`jcs::canonicalize`](crate::jcs::canonicalize) from a tree, or taken by
//! [`CanonicalDocument::member`] from a member of a document that the strict parser read and
//! found canonical (a member of canonical JSON is the canonical form of its value). Nothing
//! outside this crate makes one from text, so reading the text back never fails.

use crate::json::{parse_with_limits, CanonicalBytes, Limits};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;
use std::fmt;
use std::sync::OnceLock;

/// A JSON value as its canonical (RFC 8785) text, its [`Value`] tree, or both, each made from
/// the other on first use. Derefs to the tree.
///
/// A verifier reads a signed document's open content (an exchange envelope's payload and
/// proof) only to hash it, check it and hand it on: kept as text, it is one allocation, where
/// a tree is one per member name and string. The text, when present, is always the canonical
/// form of a value: made from a tree by canonicalizing it, or taken by
/// [`CanonicalDocument::member`] from a document the strict parser read and found canonical.
/// Nothing outside this crate makes one from text, so reading it back never fails.
///
/// ```
/// use govblocks_core::json::LazyValue;
/// use serde_json::json;
/// let payload = LazyValue::from(json!({"personId": "4471", "age": 30}));
/// assert_eq!(payload["personId"], "4471");
/// assert_eq!(payload.canonical(), r#"{"age":30,"personId":"4471"}"#);
/// ```
#[derive(Clone, Default)]
pub struct LazyValue {
    text: OnceLock<Box<str>>,
    tree: OnceLock<Value>,
}

impl LazyValue {
    /// From canonical text (the invariant: see the type's documentation).
    pub(crate) fn from_canonical_text(text: &str) -> Self {
        LazyValue {
            text: OnceLock::from(Box::<str>::from(text)),
            tree: OnceLock::new(),
        }
    }

    /// The value's tree, parsed from the canonical text on first use.
    pub fn value(&self) -> &Value {
        self.tree.get_or_init(|| {
            let text = self.text.get().map_or("null", |t| t);
            // Invariant (module documentation): the text is canonical JSON that the strict
            // parser accepts; `null` stands for nothing only if that were ever broken. It was
            // read under the caller's limits (which may be wider than the defaults): not
            // limited again.
            let parsed = parse_with_limits(text.as_bytes(), &Limits::already_checked());
            debug_assert!(parsed.is_ok(), "a LazyValue's text is canonical JSON");
            parsed.unwrap_or(Value::Null)
        })
    }

    /// The value's canonical (RFC 8785) text: what a digest of its canonical form hashes.
    pub fn canonical(&self) -> &str {
        self.text.get_or_init(|| {
            let tree = self.tree.get().unwrap_or(&Value::Null);
            // RFC 8785 output is UTF-8 (JSON text of a `Value`, whose strings are `str`).
            String::from_utf8(crate::jcs::canonicalize(tree))
                .unwrap_or_default()
                .into_boxed_str()
        })
    }

    /// The tree, taken out (parsed if it was not yet).
    pub fn into_value(mut self) -> Value {
        self.value();
        self.tree.take().unwrap_or(Value::Null)
    }

    /// Whether the tree has been made (by the constructor, or by a use since).
    pub fn is_parsed(&self) -> bool {
        self.tree.get().is_some()
    }
}

impl From<Value> for LazyValue {
    fn from(value: Value) -> Self {
        LazyValue {
            text: OnceLock::new(),
            tree: OnceLock::from(value),
        }
    }
}

impl From<LazyValue> for Value {
    fn from(lazy: LazyValue) -> Self {
        lazy.into_value()
    }
}

impl std::ops::Deref for LazyValue {
    type Target = Value;
    fn deref(&self) -> &Value {
        self.value()
    }
}

/// Equal when their canonical forms are: the same JSON value (RFC 8785 writes each value one
/// way: `1.0` and `1` are the same number).
impl PartialEq for LazyValue {
    fn eq(&self, other: &Self) -> bool {
        self.canonical() == other.canonical()
    }
}

impl PartialEq<Value> for LazyValue {
    fn eq(&self, other: &Value) -> bool {
        self.value() == other
    }
}

impl fmt::Debug for LazyValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.tree.get(), self.text.get()) {
            (Some(tree), _) => fmt::Debug::fmt(tree, f),
            (None, Some(text)) => write!(f, "LazyValue({text})"),
            (None, None) => f.write_str("LazyValue(null)"),
        }
    }
}

impl Serialize for LazyValue {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for LazyValue {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(LazyValue::from)
    }
}

/// A document the strict parser read and found canonical, handed to
/// [`Document::from_canonical`](crate::document::Document::from_canonical): its top-level
/// members can be taken as their canonical text. Only the pipeline makes one.
#[derive(Debug, Clone, Copy)]
pub struct CanonicalDocument<'a> {
    bytes: CanonicalBytes<'a>,
}

impl<'a> CanonicalDocument<'a> {
    /// `bytes`: a JSON object the strict parser read and found canonical.
    pub(crate) fn new(bytes: CanonicalBytes<'a>) -> Self {
        CanonicalDocument { bytes }
    }

    /// The document's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes.bytes()
    }

    /// The top-level member `name`, as its canonical text (`None` if there is none); found
    /// where the parser noted it, without a scan of the bytes.
    pub fn member(&self, name: &str) -> Option<LazyValue> {
        let value = self.bytes.member_value(name)?;
        // A member of canonical JSON is valid UTF-8 (the parser checked the whole input).
        let text = std::str::from_utf8(value).ok()?;
        Some(LazyValue::from_canonical_text(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_and_tree_each_from_the_other() {
        let tree = json!({"b": [1, 2.5, "x\u{7}"], "a": {"é": null}});
        let from_tree = LazyValue::from(tree.clone());
        assert!(from_tree.is_parsed());
        let text = from_tree.canonical().to_owned();
        assert_eq!(text.as_bytes(), crate::jcs::canonicalize(&tree));
        let from_text = LazyValue::from_canonical_text(&text);
        assert!(!from_text.is_parsed());
        assert_eq!(from_text.canonical(), text);
        assert_eq!(*from_text, tree);
        assert!(from_text.is_parsed());
        assert_eq!(from_text, from_tree);
        assert_eq!(from_text.clone().into_value(), tree);
        assert_eq!(serde_json::to_value(&from_text).unwrap(), tree);
        let back: LazyValue = serde_json::from_value(tree.clone()).unwrap();
        assert_eq!(back, from_tree);
        assert_eq!(
            format!("{:?}", LazyValue::from_canonical_text("[1]")),
            "LazyValue([1])"
        );
    }

    #[test]
    fn text_read_under_wider_limits_reads_back_as_a_tree() {
        // A member the caller's wider limits accepted (here longer than the default 4 MiB)
        // must not be refused when read again as a tree.
        let long = "x".repeat(crate::json::Limits::default().max_bytes + 1);
        let text = format!("{{\"a\":\"{long}\"}}");
        let lazy = LazyValue::from_canonical_text(&text);
        assert_eq!(lazy["a"].as_str().map(str::len), Some(long.len()));
    }

    #[test]
    fn members_of_a_canonical_document() {
        let bytes = crate::jcs::canonicalize(&json!({"payload": {"q": "\"}"}, "type": "T"}));
        let parsed = crate::json::parse_with_layout(&bytes, &Default::default()).unwrap();
        let document = CanonicalDocument::new(parsed.canonical_bytes().unwrap());
        assert_eq!(document.member("payload").unwrap(), json!({"q": "\"}"}));
        assert_eq!(document.member("type").unwrap().canonical(), "\"T\"");
        assert!(document.member("proof").is_none());
    }
}
