//! Reading credentials, issuers and presentations from JSON without `#[serde(flatten)]` or
//! `#[serde(untagged)]`.
//!
//! The derived readers buffer every member of a struct with a flattened member (and every
//! untagged value) into serde's intermediate `Content`, then read them a second time: the
//! whole credential, twice, on every verification. These read each member once, straight
//! into its typed field; every member they do not name goes to `extensions` (`rest`), in the
//! order it came. They accept and refuse exactly what the derived readers did: a required
//! member missing is "missing field `…`", a named member twice is "duplicate field `…`", a
//! value of the wrong type is the field type's own error, an `issuer` that is neither a string
//! nor an object with a string `id` is "data did not match any variant of untagged enum
//! Issuer".

use super::model::{Credential, CredentialSchema, Issuer, RelatedResource};
use crate::one_or_many::OneOrMany;
use crate::presentation::{EmbeddedCredential, Presentation};
use govblocks_core::clock::Timestamp;
use govblocks_core::json::TapeValue;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Value};
use std::fmt;

/// Sets `slot` to the next value of `map`, or fails if `name` was already read.
fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// [`once`] for an optional member: `null` reads as absent (as `Option<T>` does), and a
/// second occurrence is a duplicate whatever the first held.
fn once_optional<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<Option<T>>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value::<Option<T>>()?);
    Ok(())
}

fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

impl<'de> Deserialize<'de> for Credential {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(CredentialVisitor)
    }
}

struct CredentialVisitor;

impl<'de> Visitor<'de> for CredentialVisitor {
    type Value = Credential;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Credential")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Credential, A::Error> {
        let mut context = None;
        let mut id = None;
        let mut types = None;
        let mut issuer = None;
        let mut valid_from = None;
        let mut valid_until = None;
        let mut credential_subject = None;
        let mut credential_status = None;
        let mut credential_schema = None;
        let mut name = None;
        let mut description = None;
        let mut evidence = None;
        let mut terms_of_use = None;
        let mut refresh_service = None;
        let mut related_resource = None;
        let mut extensions = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@context" => once(&mut map, &mut context, "@context")?,
                "id" => once_optional(&mut map, &mut id, "id")?,
                "type" => once(&mut map, &mut types, "type")?,
                "issuer" => once(&mut map, &mut issuer, "issuer")?,
                "validFrom" => once_optional(&mut map, &mut valid_from, "validFrom")?,
                "validUntil" => once_optional(&mut map, &mut valid_until, "validUntil")?,
                "credentialSubject" => {
                    once(&mut map, &mut credential_subject, "credentialSubject")?;
                }
                "credentialStatus" => {
                    once_optional(&mut map, &mut credential_status, "credentialStatus")?;
                }
                "credentialSchema" => {
                    once_optional(&mut map, &mut credential_schema, "credentialSchema")?;
                }
                "name" => once_optional(&mut map, &mut name, "name")?,
                "description" => once_optional(&mut map, &mut description, "description")?,
                "evidence" => once_optional(&mut map, &mut evidence, "evidence")?,
                "termsOfUse" => once_optional(&mut map, &mut terms_of_use, "termsOfUse")?,
                "refreshService" => {
                    once_optional(&mut map, &mut refresh_service, "refreshService")?;
                }
                "relatedResource" => {
                    once_optional(&mut map, &mut related_resource, "relatedResource")?;
                }
                _ => {
                    let value: Value = map.next_value()?;
                    extensions.insert(key, value);
                }
            }
        }
        Ok(Credential {
            context: required(context, "@context")?,
            id: id.flatten(),
            types: required(types, "type")?,
            issuer: required(issuer, "issuer")?,
            valid_from: valid_from.flatten(),
            valid_until: valid_until.flatten(),
            credential_subject: required(credential_subject, "credentialSubject")?,
            credential_status: credential_status.flatten(),
            credential_schema: credential_schema.flatten(),
            name: name.flatten(),
            description: description.flatten(),
            evidence: evidence.flatten(),
            terms_of_use: terms_of_use.flatten(),
            refresh_service: refresh_service.flatten(),
            related_resource: related_resource.flatten(),
            extensions,
        })
    }
}

/// The message of `#[serde(untagged)]` when no variant matches.
const NO_ISSUER_VARIANT: &str = "data did not match any variant of untagged enum Issuer";

impl<'de> Deserialize<'de> for Issuer {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(IssuerVisitor)
    }
}

struct IssuerVisitor;

impl IssuerVisitor {
    fn no_variant<E: de::Error>() -> E {
        E::custom(NO_ISSUER_VARIANT)
    }
}

impl<'de> Visitor<'de> for IssuerVisitor {
    type Value = Issuer;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a URL, or an object with an `id`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Issuer, E> {
        Ok(Issuer::Url(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Issuer, E> {
        Ok(Issuer::Url(v))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Issuer, A::Error> {
        // Every member is read whatever happens (as the untagged reader buffers them all),
        // then the object is an issuer only with a string `id`.
        let mut id: Option<Value> = None;
        let mut rest = Map::new();
        let mut duplicate_id = false;
        while let Some(key) = map.next_key::<String>()? {
            let value: Value = map.next_value()?;
            if key == "id" {
                duplicate_id |= id.is_some();
                id = Some(value);
            } else {
                rest.insert(key, value);
            }
        }
        match id {
            Some(Value::String(id)) if !duplicate_id => Ok(Issuer::Object { id, rest }),
            _ => Err(Self::no_variant()),
        }
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_unit<E: de::Error>(self) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_none<E: de::Error>(self) -> Result<Issuer, E> {
        Err(Self::no_variant())
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Issuer, A::Error> {
        while seq.next_element::<de::IgnoredAny>()?.is_some() {}
        Err(Self::no_variant())
    }
}

impl<'de> Deserialize<'de> for Presentation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(PresentationVisitor)
    }
}

struct PresentationVisitor;

impl<'de> Visitor<'de> for PresentationVisitor {
    type Value = Presentation;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("struct Presentation")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Presentation, A::Error> {
        let mut context = None;
        let mut id = None;
        let mut types = None;
        let mut holder = None;
        let mut verifiable_credential = None;
        let mut extensions = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "@context" => once(&mut map, &mut context, "@context")?,
                "id" => once_optional(&mut map, &mut id, "id")?,
                "type" => once(&mut map, &mut types, "type")?,
                "holder" => once_optional(&mut map, &mut holder, "holder")?,
                "verifiableCredential" => {
                    once_optional(&mut map, &mut verifiable_credential, "verifiableCredential")?;
                }
                _ => {
                    let value: Value = map.next_value()?;
                    extensions.insert(key, value);
                }
            }
        }
        Ok(Presentation {
            context: required(context, "@context")?,
            id: id.flatten(),
            types: required(types, "type")?,
            holder: holder.flatten(),
            verifiable_credential: verifiable_credential.flatten(),
            extensions,
        })
    }
}

// ---- by move, from a parsed value ---------------------------------------------------------
//
// The verifier reads every credential and presentation from the strict parser's `Value`. serde
// reads a `Value` by move but rebuilds every object it keeps (`credentialSubject`, status
// entries, `proof`, …) member by member, and frees the old one. These readers move the parsed
// members into their fields as they are: an object kept as a `Map` is the parsed map itself.
// Each member of an unexpected shape is read by its serde reader, alone: a `Value`'s
// deserializer carries no position, so its error is the message the whole-document serde
// reader gives for that member; members are visited in the map's order and the required ones
// checked last, in serde's order, so the first error is serde's too (tested below).

type JsonResult<T> = Result<T, serde_json::Error>;

/// A member read by move when `fast` recognises its shape, otherwise by its serde reader.
fn member<T: serde::de::DeserializeOwned>(
    value: Value,
    fast: impl FnOnce(Value) -> Result<T, Value>,
) -> JsonResult<T> {
    fast(value).or_else(T::deserialize)
}

/// `Option<T>`: `null` is absent, anything else as `fast` (or serde) reads it.
fn optional<T: serde::de::DeserializeOwned>(
    value: Value,
    fast: impl FnOnce(Value) -> Result<T, Value>,
) -> JsonResult<Option<T>> {
    match value {
        Value::Null => Ok(None),
        other => member(other, fast).map(Some),
    }
}

/// Sets a member's slot (a parsed map has each name once).
fn put<T>(slot: &mut Option<T>, value: JsonResult<T>) -> JsonResult<()> {
    *slot = Some(value?);
    Ok(())
}

fn string(value: Value) -> Result<String, Value> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(other),
    }
}

fn object(value: Value) -> Result<Map<String, Value>, Value> {
    match value {
        Value::Object(map) => Ok(map),
        other => Err(other),
    }
}

/// A value kept as a `Value`: itself (serde reads a `Value` into an equal one, rebuilt).
fn any(value: Value) -> Result<Value, Value> {
    Ok(value)
}

/// `OneOrMany<T>` whose elements are objects kept as maps: an array of objects, or one object.
fn maps(value: Value) -> Result<OneOrMany<Map<String, Value>>, Value> {
    match value {
        Value::Array(items) if items.iter().all(Value::is_object) => Ok(OneOrMany::Many(
            items.into_iter().filter_map(|v| object(v).ok()).collect(),
        )),
        Value::Object(map) => Ok(OneOrMany::One(map)),
        other => Err(other),
    }
}

/// `OneOrMany<EmbeddedCredential>`: as [`maps`].
fn embedded(value: Value) -> Result<OneOrMany<EmbeddedCredential>, Value> {
    Ok(match maps(value)? {
        OneOrMany::One(map) => OneOrMany::One(EmbeddedCredential::from(map)),
        OneOrMany::Many(all) => {
            OneOrMany::Many(all.into_iter().map(EmbeddedCredential::from).collect())
        }
    })
}

/// `OneOrMany<String>`: an array of strings, or one string.
fn strings(value: Value) -> Result<OneOrMany<String>, Value> {
    match value {
        Value::Array(items) if items.iter().all(Value::is_string) => Ok(OneOrMany::Many(
            items.into_iter().filter_map(|v| string(v).ok()).collect(),
        )),
        Value::String(s) => Ok(OneOrMany::One(s)),
        other => Err(other),
    }
}

/// `OneOrMany<Value>`: an array is many values, anything else one (a number: serde, which
/// reads it through its own visitor).
fn values(value: Value) -> Result<OneOrMany<Value>, Value> {
    match value {
        Value::Array(items) => Ok(OneOrMany::Many(items)),
        Value::Number(_) => Err(value),
        other => Ok(OneOrMany::One(other)),
    }
}

/// `Issuer`: a string, or an object with a string `id` (the rest kept).
fn issuer(value: Value) -> Result<Issuer, Value> {
    match value {
        Value::String(id) => Ok(Issuer::Url(id)),
        Value::Object(mut rest) if rest.get("id").is_some_and(Value::is_string) => {
            match rest.remove("id") {
                Some(Value::String(id)) => Ok(Issuer::Object { id, rest }),
                // Just checked: a string `id` is there.
                _ => Err(Value::Object(rest)),
            }
        }
        other => Err(other),
    }
}

/// A required member, or serde's error for its absence.
fn required_member<T>(slot: Option<T>, name: &'static str) -> JsonResult<T> {
    required(slot, name)
}

/// Anything else: serde reads it.
fn serde_only<T>(value: Value) -> Result<T, Value> {
    Err(value)
}

/// [`Credential`] read by move from a parsed value: what `Credential::deserialize(value)`
/// reads, or its error, without rebuilding the objects it keeps.
pub(crate) fn credential_from_value(value: Value) -> JsonResult<Credential> {
    let map = match value {
        Value::Object(map) => map,
        other => return Credential::deserialize(other),
    };
    let mut reader = CredentialMembers::default();
    for (key, value) in map {
        reader.read(MemberName::Owned(key), value)?;
    }
    reader.finish()
}

/// [`Credential`] read from a canonical document without a tree ([`TapeValue`]): what
/// [`credential_from_value`] reads from the same document's tree, or its error. Each member's
/// value becomes the tree its field keeps; the top-level object is never built (its member
/// names are allocated only for the extensions).
///
/// `proof`, when given, is the tree of the credential's `proof` member, already read (by the
/// pipeline's proof checks): it is kept instead of being read again.
pub(crate) fn credential_from_tape(
    tape: TapeValue<'_>,
    mut proof: Option<Value>,
) -> JsonResult<Credential> {
    if tape.as_object().is_none() {
        return credential_from_value(tape.to_value());
    }
    let mut reader = CredentialMembers::default();
    for (name, value) in tape.members() {
        let tree = match (name, proof.take()) {
            ("proof", Some(tree)) => tree,
            (_, kept) => {
                proof = kept;
                value.to_value()
            }
        };
        if reader.read(MemberName::Borrowed(name), tree).is_err() {
            // The tree's reader names the first failing member in its own order.
            return credential_from_value(tape.to_value());
        }
    }
    reader.finish()
}

/// A member name, owned (a tree's, moved into the extensions as it is) or borrowed (a tape's,
/// allocated only for the extensions).
enum MemberName<'a> {
    Owned(String),
    Borrowed(&'a str),
}

impl MemberName<'_> {
    fn as_str(&self) -> &str {
        match self {
            MemberName::Owned(name) => name,
            MemberName::Borrowed(name) => name,
        }
    }

    fn into_owned(self) -> String {
        match self {
            MemberName::Owned(name) => name,
            MemberName::Borrowed(name) => name.to_owned(),
        }
    }
}

/// A credential's members as they are read, one by one; [`CredentialMembers::finish`] makes the
/// credential (or serde's error for a required member that is missing).
#[derive(Default)]
struct CredentialMembers {
    context: Option<OneOrMany<Value>>,
    id: Option<Option<String>>,
    types: Option<OneOrMany<String>>,
    issuer: Option<Issuer>,
    valid_from: Option<Option<Timestamp>>,
    valid_until: Option<Option<Timestamp>>,
    credential_subject: Option<OneOrMany<Map<String, Value>>>,
    credential_status: Option<Option<OneOrMany<Map<String, Value>>>>,
    credential_schema: Option<Option<OneOrMany<CredentialSchema>>>,
    name: Option<Option<Value>>,
    description: Option<Option<Value>>,
    evidence: Option<Option<Value>>,
    terms_of_use: Option<Option<Value>>,
    refresh_service: Option<Option<Value>>,
    related_resource: Option<Option<OneOrMany<RelatedResource>>>,
    extensions: Map<String, Value>,
}

impl CredentialMembers {
    /// Reads the member `key` (each name once, as in a parsed object).
    fn read(&mut self, key: MemberName<'_>, value: Value) -> JsonResult<()> {
        match key.as_str() {
            "@context" => put(&mut self.context, member(value, values)),
            "id" => put(&mut self.id, optional(value, string)),
            "type" => put(&mut self.types, member(value, strings)),
            "issuer" => put(&mut self.issuer, member(value, issuer)),
            "validFrom" => put(&mut self.valid_from, optional(value, serde_only)),
            "validUntil" => put(&mut self.valid_until, optional(value, serde_only)),
            "credentialSubject" => put(&mut self.credential_subject, member(value, maps)),
            "credentialStatus" => put(&mut self.credential_status, optional(value, maps)),
            "credentialSchema" => put(&mut self.credential_schema, optional(value, serde_only)),
            "name" => put(&mut self.name, optional(value, any)),
            "description" => put(&mut self.description, optional(value, any)),
            "evidence" => put(&mut self.evidence, optional(value, any)),
            "termsOfUse" => put(&mut self.terms_of_use, optional(value, any)),
            "refreshService" => put(&mut self.refresh_service, optional(value, any)),
            "relatedResource" => put(&mut self.related_resource, optional(value, serde_only)),
            _ => {
                let value = member(value, any)?;
                self.extensions.insert(key.into_owned(), value);
                Ok(())
            }
        }
    }

    fn finish(self) -> JsonResult<Credential> {
        Ok(Credential {
            context: required_member(self.context, "@context")?,
            id: self.id.flatten(),
            types: required_member(self.types, "type")?,
            issuer: required_member(self.issuer, "issuer")?,
            valid_from: self.valid_from.flatten(),
            valid_until: self.valid_until.flatten(),
            credential_subject: required_member(self.credential_subject, "credentialSubject")?,
            credential_status: self.credential_status.flatten(),
            credential_schema: self.credential_schema.flatten(),
            name: self.name.flatten(),
            description: self.description.flatten(),
            evidence: self.evidence.flatten(),
            terms_of_use: self.terms_of_use.flatten(),
            refresh_service: self.refresh_service.flatten(),
            related_resource: self.related_resource.flatten(),
            extensions: self.extensions,
        })
    }
}

/// [`Presentation`] read by move from a parsed value (see [`credential_from_value`]).
pub(crate) fn presentation_from_value(value: Value) -> JsonResult<Presentation> {
    let map = match value {
        Value::Object(map) => map,
        other => return Presentation::deserialize(other),
    };
    let mut reader = PresentationMembers::default();
    for (key, value) in map {
        match key.as_str() {
            "verifiableCredential" => reader.credentials(optional(value, embedded))?,
            _ => reader.read(MemberName::Owned(key), value)?,
        }
    }
    reader.finish()
}

/// A presentation's members as they are read (see [`CredentialMembers`]).
#[derive(Default)]
struct PresentationMembers {
    context: Option<OneOrMany<Value>>,
    id: Option<Option<String>>,
    types: Option<OneOrMany<String>>,
    holder: Option<Option<Issuer>>,
    verifiable_credential: Option<Option<OneOrMany<EmbeddedCredential>>>,
    extensions: Map<String, Value>,
}

impl PresentationMembers {
    /// Reads the member `key`, but `verifiableCredential` (see
    /// [`PresentationMembers::credentials`]).
    fn read(&mut self, key: MemberName<'_>, value: Value) -> JsonResult<()> {
        match key.as_str() {
            "@context" => put(&mut self.context, member(value, values)),
            "id" => put(&mut self.id, optional(value, string)),
            "type" => put(&mut self.types, member(value, strings)),
            "holder" => put(&mut self.holder, optional(value, issuer)),
            _ => {
                let value = member(value, any)?;
                self.extensions.insert(key.into_owned(), value);
                Ok(())
            }
        }
    }

    /// `verifiableCredential`, read.
    fn credentials(
        &mut self,
        credentials: JsonResult<Option<OneOrMany<EmbeddedCredential>>>,
    ) -> JsonResult<()> {
        put(&mut self.verifiable_credential, credentials)
    }

    fn finish(self) -> JsonResult<Presentation> {
        Ok(Presentation {
            context: required_member(self.context, "@context")?,
            id: self.id.flatten(),
            types: required_member(self.types, "type")?,
            holder: self.holder.flatten(),
            verifiable_credential: self.verifiable_credential.flatten(),
            extensions: self.extensions,
        })
    }
}

/// [`Presentation`] read from a canonical document without a tree ([`TapeValue`]): what
/// [`presentation_from_value`] reads from the same document's tree, or its error, with each
/// embedded credential kept as its canonical text ([`EmbeddedCredential`]) instead of a tree.
///
/// `proof`, when given, is the tree of its `proof` member, already read (see
/// [`credential_from_tape`]).
pub(crate) fn presentation_from_tape(
    tape: TapeValue<'_>,
    mut proof: Option<Value>,
) -> JsonResult<Presentation> {
    if tape.as_object().is_none() {
        return presentation_from_value(tape.to_value());
    }
    let mut reader = PresentationMembers::default();
    for (name, value) in tape.members() {
        let read = match (name, proof.take()) {
            ("verifiableCredential", kept) => {
                proof = kept;
                match embedded_texts(value) {
                    Some(credentials) => reader.credentials(Ok(credentials)),
                    // Not objects: the tree's reader gives the error.
                    None => return presentation_from_value(tape.to_value()),
                }
            }
            ("proof", Some(tree)) => reader.read(MemberName::Borrowed(name), tree),
            (_, kept) => {
                proof = kept;
                reader.read(MemberName::Borrowed(name), value.to_value())
            }
        };
        if read.is_err() {
            // The tree's reader names the first failing member in its own order.
            return presentation_from_value(tape.to_value());
        }
    }
    reader.finish()
}

/// `verifiableCredential` on a tape as [`embedded`] reads its tree (`null` is absent), each
/// object kept as its text; `None` for what `embedded` refuses.
fn embedded_texts(value: TapeValue<'_>) -> Option<Option<OneOrMany<EmbeddedCredential>>> {
    let text = |object: TapeValue<'_>| {
        object
            .as_object()
            .map(|()| EmbeddedCredential::from_lazy(object.to_lazy()))
    };
    if value.is_null() {
        return Some(None);
    }
    if value.raw().starts_with('[') {
        let all = value.elements().map(text).collect::<Option<Vec<_>>>()?;
        return Some(Some(OneOrMany::Many(all)));
    }
    text(value).map(|one| Some(OneOrMany::One(one)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The readers that serde derives (with `flatten` and `untagged`): the reference the
    /// hand-written ones must agree with.
    mod derived {
        use crate::credential::model::{CredentialSchema, RelatedResource};
        use crate::one_or_many::OneOrMany;
        use govblocks_core::clock::Timestamp;
        use serde::Deserialize;
        use serde_json::{Map, Value};

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        pub struct Credential {
            #[serde(rename = "@context")]
            pub context: OneOrMany<Value>,
            #[serde(default)]
            pub id: Option<String>,
            #[serde(rename = "type")]
            pub types: OneOrMany<String>,
            pub issuer: Issuer,
            #[serde(default)]
            pub valid_from: Option<Timestamp>,
            #[serde(default)]
            pub valid_until: Option<Timestamp>,
            pub credential_subject: OneOrMany<Map<String, Value>>,
            #[serde(default)]
            pub credential_status: Option<OneOrMany<Map<String, Value>>>,
            #[serde(default)]
            pub credential_schema: Option<OneOrMany<CredentialSchema>>,
            #[serde(default)]
            pub name: Option<Value>,
            #[serde(default)]
            pub description: Option<Value>,
            #[serde(default)]
            pub evidence: Option<Value>,
            #[serde(default)]
            pub terms_of_use: Option<Value>,
            #[serde(default)]
            pub refresh_service: Option<Value>,
            #[serde(default)]
            pub related_resource: Option<OneOrMany<RelatedResource>>,
            #[serde(flatten)]
            pub extensions: Map<String, Value>,
        }

        #[derive(Debug, Deserialize)]
        #[serde(untagged)]
        #[allow(dead_code)]
        pub enum Issuer {
            Url(String),
            Object {
                id: String,
                #[serde(flatten)]
                rest: Map<String, Value>,
            },
        }

        #[derive(Debug, Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[allow(dead_code)]
        pub struct Presentation {
            #[serde(rename = "@context")]
            pub context: OneOrMany<Value>,
            #[serde(default)]
            pub id: Option<String>,
            #[serde(rename = "type")]
            pub types: OneOrMany<String>,
            #[serde(default)]
            pub holder: Option<Issuer>,
            #[serde(default)]
            pub verifiable_credential: Option<OneOrMany<Map<String, Value>>>,
            #[serde(flatten)]
            pub extensions: Map<String, Value>,
        }
    }

    fn credential() -> Value {
        json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "id": "urn:uuid:1",
            "type": ["VerifiableCredential", "FoundationalIdCredential"],
            "issuer": {"id": "did:example:registry", "name": "Registry"},
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": "did:example:olena", "uin": "1"},
            "credentialStatus": {"type": "BitstringStatusListEntry", "statusListIndex": "7"},
            "credentialSchema": {"id": "https://x.example/s.json", "type": "JsonSchema"},
            "name": "ID",
            "evidence": [{"type": ["Evidence"]}],
            "proof": {"type": "DataIntegrityProof"},
            "zExtension": [1, 2, {"a": null}],
        })
    }

    /// Whether the hand-written and the derived reader both accept `value` (and read the same
    /// credential, compared through its JSON) or both refuse it with the same message.
    fn same_credential(value: Value) {
        same_by_move(
            value.clone(),
            credential_from_value,
            Credential::deserialize,
        );
        let ours = Credential::deserialize(value.clone());
        let theirs = derived::Credential::deserialize(value.clone());
        match (ours, theirs) {
            (Ok(ours), Ok(_)) => {
                // The typed credential writes back what was read (less members that were null).
                let mut expected = value.as_object().unwrap().clone();
                expected.retain(|_, v| !v.is_null());
                assert_eq!(
                    serde_json::to_value(&ours).unwrap(),
                    Value::Object(expected)
                );
            }
            (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
            (ours, theirs) => panic!("{value}: ours {ours:?}, derived {theirs:?}"),
        }
    }

    fn same_presentation(value: Value) {
        same_by_move(
            value.clone(),
            presentation_from_value,
            Presentation::deserialize,
        );
        let ours = Presentation::deserialize(value.clone());
        let theirs = derived::Presentation::deserialize(value.clone());
        match (ours, theirs) {
            (Ok(ours), Ok(_)) => {
                let mut expected = value.as_object().unwrap().clone();
                expected.retain(|_, v| !v.is_null());
                assert_eq!(
                    serde_json::to_value(&ours).unwrap(),
                    Value::Object(expected)
                );
            }
            (Err(ours), Err(theirs)) => assert_eq!(ours.to_string(), theirs.to_string()),
            (ours, theirs) => panic!("{value}: ours {ours:?}, derived {theirs:?}"),
        }
    }

    #[test]
    fn the_credential_reader_agrees_with_the_derived_one() {
        same_credential(credential());
        let mut cases = Vec::new();
        for name in [
            "@context",
            "type",
            "issuer",
            "credentialSubject",
            "id",
            "validFrom",
        ] {
            let mut missing = credential();
            missing.as_object_mut().unwrap().remove(name);
            cases.push(missing);
        }
        for (name, wrong) in [
            ("id", json!(7)),
            ("id", Value::Null),
            ("validFrom", json!("yesterday")),
            ("validUntil", Value::Null),
            ("type", json!(3)),
            ("issuer", json!(3)),
            ("issuer", json!(["did:example:a"])),
            ("issuer", json!({"name": "no id"})),
            ("issuer", json!({"id": 5})),
            ("issuer", json!("did:example:plain")),
            ("issuer", Value::Null),
            ("credentialSubject", json!("a string")),
            ("credentialSubject", json!([{"a": 1}, {"b": 2}])),
            ("credentialStatus", json!([{"type": "X"}])),
            ("credentialStatus", json!(4)),
            (
                "credentialSchema",
                json!({"id": "https://x.example/s.json"}),
            ),
            ("name", Value::Null),
            ("@context", json!("https://www.w3.org/ns/credentials/v2")),
        ] {
            let mut case = credential();
            case[name] = wrong;
            cases.push(case);
        }
        for case in cases {
            same_credential(case);
        }
        for not_an_object in [json!([1]), json!("x"), json!(null), json!(1)] {
            same_credential_error(not_an_object);
        }
    }

    /// The reader by move reads what serde reads from the same value, or fails with its
    /// message.
    fn same_by_move<T: PartialEq + fmt::Debug>(
        value: Value,
        by_move: fn(Value) -> JsonResult<T>,
        by_serde: fn(Value) -> JsonResult<T>,
    ) {
        match (by_move(value.clone()), by_serde(value.clone())) {
            (Ok(a), Ok(b)) => assert_eq!(a, b, "{value}"),
            (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{value}"),
            (a, b) => panic!("{value}: by move {a:?}, serde {b:?}"),
        }
    }

    #[test]
    fn the_readers_by_move_agree_with_serde_on_odd_shapes() {
        let mut cases = Vec::new();
        for (name, odd) in [
            ("@context", json!(5)),
            ("@context", json!([5, "x", {"a": 1.5}])),
            ("@context", json!({"a": 1})),
            ("@context", Value::Null),
            ("type", json!(["VerifiableCredential", 3])),
            ("type", json!([])),
            (
                "issuer",
                json!({"id": "did:example:a", "name": {"@value": "x"}}),
            ),
            ("issuer", json!({"id": ["did:example:a"]})),
            ("issuer", json!(true)),
            ("credentialSubject", json!([{"a": 1}, "b"])),
            ("credentialSubject", json!([])),
            ("credentialSubject", Value::Null),
            ("credentialStatus", Value::Null),
            ("credentialStatus", json!([{"a": 1}, 2])),
            (
                "credentialSchema",
                json!([{"id": "x", "type": "JsonSchema"}, 1]),
            ),
            ("validFrom", json!(5)),
            ("validUntil", json!("2024-01-01T00:00:00Z")),
            ("relatedResource", json!([{"id": 1}])),
            ("relatedResource", Value::Null),
            ("evidence", json!(1.25)),
            ("zExtension", json!(-0.0)),
            ("zExtension", Value::Null),
        ] {
            let mut case = credential();
            case[name] = odd;
            cases.push(case);
        }
        // Two bad members: the first in the map's order is the error, as serde says.
        let mut two = credential();
        two["validFrom"] = json!("yesterday");
        two["credentialSchema"] = json!({"id": 1});
        cases.push(two);
        let mut missing_and_bad = credential();
        missing_and_bad.as_object_mut().unwrap().remove("issuer");
        missing_and_bad["type"] = json!(1);
        cases.push(missing_and_bad);
        for case in cases {
            same_by_move(case.clone(), credential_from_value, Credential::deserialize);
            let presentation = json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiablePresentation"],
                "holder": "did:example:olena",
                "verifiableCredential": [case.clone()],
            });
            same_by_move(
                presentation,
                presentation_from_value,
                Presentation::deserialize,
            );
        }
        for odd in [json!(1), json!([case_object()]), json!(null), json!("x")] {
            same_by_move(odd.clone(), credential_from_value, Credential::deserialize);
            same_by_move(odd, presentation_from_value, Presentation::deserialize);
        }
        for (name, odd) in [
            ("holder", json!({"id": 1})),
            ("holder", json!(["did:example:a"])),
            ("verifiableCredential", json!([{"a": 1}, 2])),
            ("verifiableCredential", json!([])),
            ("type", json!(["VerifiablePresentation", null])),
            ("id", Value::Null),
        ] {
            let mut case = json!({
                "@context": ["https://www.w3.org/ns/credentials/v2"],
                "type": ["VerifiablePresentation"],
                "verifiableCredential": [credential()],
            });
            case[name] = odd;
            same_by_move(case, presentation_from_value, Presentation::deserialize);
        }
    }

    fn case_object() -> Value {
        json!({"a": 1})
    }

    fn same_credential_error(value: Value) {
        let ours = Credential::deserialize(value.clone())
            .unwrap_err()
            .to_string();
        let theirs = derived::Credential::deserialize(value)
            .unwrap_err()
            .to_string();
        // Both refuse; the derived reader's wording names its own struct the same way.
        assert_eq!(ours, theirs);
    }

    #[test]
    fn the_presentation_reader_agrees_with_the_derived_one() {
        let presentation = json!({
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiablePresentation"],
            "holder": "did:example:olena",
            "verifiableCredential": [credential()],
            "proof": {"type": "DataIntegrityProof"},
        });
        same_presentation(presentation.clone());
        for (name, value) in [
            (
                "holder",
                json!({"id": "did:example:olena", "name": "Olena"}),
            ),
            ("holder", json!({"name": "no id"})),
            ("holder", Value::Null),
            ("holder", json!(1)),
            ("verifiableCredential", credential()),
            ("verifiableCredential", json!("x")),
            ("verifiableCredential", Value::Null),
            ("id", json!("urn:uuid:2")),
            ("id", json!(2)),
            ("type", json!("VerifiablePresentation")),
        ] {
            let mut case = presentation.clone();
            case[name] = value;
            same_presentation(case);
        }
        for name in ["@context", "type", "holder", "verifiableCredential"] {
            let mut case = presentation.clone();
            case.as_object_mut().unwrap().remove(name);
            same_presentation(case);
        }
    }

    #[test]
    fn a_named_member_twice_is_refused_from_text() {
        // A strict parse never yields two members of one name; serde_json's own reader can.
        let text = r#"{"@context":["https://www.w3.org/ns/credentials/v2"],"type":"VerifiableCredential","issuer":"did:example:a","issuer":"did:example:b","credentialSubject":{"a":1}}"#;
        let error = serde_json::from_str::<Credential>(text).unwrap_err();
        assert!(
            error.to_string().contains("duplicate field `issuer`"),
            "{error}"
        );
        let parsed =
            serde_json::from_str::<Credential>(&text.replace(r#""issuer":"did:example:b","#, ""));
        assert!(parsed.is_ok());
    }
}
