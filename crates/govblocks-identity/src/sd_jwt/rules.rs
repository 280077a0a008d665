//! What makes an SD-JWT's disclosures valid: the processing of RFC 9901 §7.1 step 3 to 5, in
//! one pass over the payload, at a cost linear in the payload and the disclosures.
//!
//! [`process_payload`] (and the verifier, through the same code) takes the issuer-signed payload and the disclosures and returns the processed
//! payload, refusing (each with its code):
//!
//! | rule | code |
//! | --- | --- |
//! | the payload is a JSON object | `sdjwt.malformed` |
//! | `_sd_alg`, when present, is `"sha-256"` (RFC 9901 §4.1.1, §7.1 step 2.4) | `sdjwt.sd_alg_unsupported` |
//! | `_sd_alg` appears only at the top level (§4.1.1) | `sdjwt.payload_invalid` |
//! | every `_sd` is an array of strings (§4.2.4.1) | `sdjwt.payload_invalid` |
//! | the same disclosure is not given twice (§4) | `sdjwt.disclosure_duplicate` |
//! | no digest appears twice, directly or through disclosures (§7.1 step 4) | `sdjwt.digest_duplicate` |
//! | a disclosure referenced from `_sd` is `[salt, name, value]`, one referenced from an array element `[salt, value]` (§7.1 step 3.3) | `sdjwt.disclosure_invalid` |
//! | a disclosed name is not `_sd` nor `...` (§4.2.1) | `sdjwt.reserved_name` |
//! | a disclosed name is not already a member of its object (§7.1 step 3.3.2.3) | `sdjwt.claim_collision` |
//! | every disclosure is referenced (§7.1 step 5) | `sdjwt.disclosure_unreferenced` |
//! | the processed claims nest at most [`Limits::max_depth`] deep | `sdjwt.limit` |
//!
//! The result has no `_sd` nor `_sd_alg`, and the array elements whose digest no disclosure
//! matched (undisclosed elements and decoys) are removed (§7.1 steps 3.4 to 3.6). Digests are
//! looked up in one hash map (each digest of the payload hashed once: the lookup of its
//! disclosure and the check that it was not seen before are the same probe), and each
//! disclosure's value is moved into place once (a digest is accepted once), so the work is
//! linear in the input. Nothing of the payload is copied: its digests and values are moved.

use super::wire::clip;
use super::wire::{self, DigestText, Limits, Revealed, ELLIPSIS, SD, SD_ALG, SD_ALG_SHA256};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::collections::hash_map::{Entry, HashMap};
use std::fmt::Write as _;

/// The processed payload, and where each disclosure landed.
#[derive(Debug)]
pub(crate) struct Processed {
    /// The processed SD-JWT payload (RFC 9901 §7.1).
    pub claims: Value,
    /// For each disclosure, by position, the JSON Pointer of the claim it disclosed in
    /// [`Processed::claims`].
    pub pointers: Vec<String>,
}

/// The processing step alone (RFC 9901 §7.1 steps 2.4 to 5) for an issuer-signed payload whose
/// signature the caller verified by other means (another algorithm than Ed25519, say), with the
/// disclosures as written: returns the processed payload, with every refusal above. It checks
/// **no signature** and no time: [`SdJwtVerifier`](super::SdJwtVerifier) is the verifier.
pub fn process_payload(payload: Value, disclosures: &[&str], limits: &Limits) -> Result<Value> {
    if disclosures.len() > limits.max_disclosures {
        return Err(Error::SdJwtLimit {
            reason: format!("more than {} disclosures", limits.max_disclosures),
        });
    }
    let disclosures = wire::read_disclosures(disclosures, limits)?;
    Ok(process(payload, disclosures, limits)?.claims)
}

/// Processes `payload` with `disclosures` (RFC 9901 §7.1 steps 2.4, 3, 4, 5).
pub(crate) fn process(
    payload: Value,
    disclosures: Vec<Revealed>,
    limits: &Limits,
) -> Result<Processed> {
    let Value::Object(mut top) = payload else {
        return Err(super::wire::malformed("the payload is not a JSON object"));
    };
    match top.remove(SD_ALG) {
        None => {}
        Some(Value::String(alg)) if alg == SD_ALG_SHA256 => {}
        Some(Value::String(alg)) => {
            return Err(Error::HashAlgorithmUnsupported {
                found: clip(&alg, 64),
            })
        }
        Some(other) => {
            return Err(Error::HashAlgorithmUnsupported {
                found: clip(&other.to_string(), 64),
            })
        }
    }
    let count = disclosures.len();
    // Every digest met, and for each the disclosure it references, if any. Room for the
    // disclosures and as many digests again (decoys, undisclosed claims) before growing.
    let mut digests = HashMap::with_capacity(2 * count + 8);
    let mut bodies = Vec::with_capacity(count);
    for (index, disclosure) in disclosures.into_iter().enumerate() {
        match digests.entry(Digest::Disclosure(disclosure.digest)) {
            Entry::Occupied(_) => return Err(Error::DisclosureDuplicate { index }),
            Entry::Vacant(slot) => {
                slot.insert(Slot {
                    disclosure: Some(index),
                    seen: false,
                });
            }
        }
        bodies.push(Some((disclosure.name, disclosure.value)));
    }
    let mut walker = Walker {
        digests,
        disclosures: bodies,
        pointers: vec![None; count],
        max_depth: limits.max_depth,
    };
    let mut pointer = String::new();
    let claims = walker.object(top, &mut pointer, 0)?;
    let mut pointers = Vec::with_capacity(count);
    for (index, pointer) in walker.pointers.into_iter().enumerate() {
        match pointer {
            Some(pointer) => pointers.push(pointer),
            None => return Err(Error::DisclosureUnreferenced { index }),
        }
    }
    Ok(Processed { claims, pointers })
}

/// A digest as a key: a disclosure's (always 43 characters), or one of the payload's that
/// cannot be a disclosure's (any other length), kept as it was written. The two never compare
/// equal, and a payload digest of 43 characters is looked up as [`Digest::Disclosure`].
#[derive(Debug, PartialEq, Eq, Hash)]
enum Digest {
    Disclosure(DigestText),
    Other(String),
}

impl Digest {
    fn of(text: String) -> Self {
        match <DigestText>::try_from(text.as_bytes()) {
            Ok(bytes) => Digest::Disclosure(bytes),
            Err(_) => Digest::Other(text),
        }
    }

    /// The digest as it was written.
    fn text(&self) -> String {
        match self {
            Digest::Disclosure(bytes) => String::from_utf8_lossy(bytes).into_owned(),
            Digest::Other(text) => text.clone(),
        }
    }
}

/// What the walk knows of a digest.
struct Slot {
    /// The disclosure with this digest.
    disclosure: Option<usize>,
    /// Whether the payload (or a disclosed value) referenced it already.
    seen: bool,
}

/// A disclosure's claim name (`None` for an array element) and value.
type Body = (Option<String>, Value);

struct Walker {
    digests: HashMap<Digest, Slot>,
    /// Taken out once used.
    disclosures: Vec<Option<Body>>,
    pointers: Vec<Option<String>>,
    max_depth: usize,
}

impl Walker {
    fn value(&mut self, value: Value, pointer: &mut String, depth: usize) -> Result<Value> {
        match value {
            Value::Object(map) => self.object(map, pointer, depth),
            Value::Array(items) => self.array(items, pointer, depth),
            scalar => Ok(scalar),
        }
    }

    fn check_depth(&self, depth: usize) -> Result<()> {
        if depth >= self.max_depth {
            return Err(Error::SdJwtLimit {
                reason: format!("claims nested more than {} deep", self.max_depth),
            });
        }
        Ok(())
    }

    /// Records `digest` as seen; a second sighting is `sdjwt.digest_duplicate`. Returns the
    /// disclosure it references, if any was given.
    fn take(&mut self, digest: String) -> Result<Option<(usize, Body)>> {
        let index = match self.digests.entry(Digest::of(digest)) {
            Entry::Vacant(slot) => {
                slot.insert(Slot {
                    disclosure: None,
                    seen: true,
                });
                return Ok(None);
            }
            Entry::Occupied(mut entry) => {
                if entry.get().seen {
                    return Err(Error::DigestDuplicate {
                        digest: clip(&entry.key().text(), 64),
                    });
                }
                let slot = entry.get_mut();
                slot.seen = true;
                slot.disclosure
            }
        };
        Ok(index.and_then(|index| self.disclosures[index].take().map(|d| (index, d))))
    }

    fn object(
        &mut self,
        mut map: Map<String, Value>,
        pointer: &mut String,
        depth: usize,
    ) -> Result<Value> {
        self.check_depth(depth)?;
        let digests = match map.remove(SD) {
            None => Vec::new(),
            Some(Value::Array(items)) => {
                if !items.iter().all(Value::is_string) {
                    return Err(payload_invalid(pointer, "`_sd` must hold only strings"));
                }
                items
            }
            Some(_) => return Err(payload_invalid(pointer, "`_sd` must be an array")),
        };
        if depth > 0 && map.contains_key(SD_ALG) {
            return Err(payload_invalid(
                pointer,
                "`_sd_alg` is only allowed at the top level",
            ));
        }
        // The always-visible members are processed where they are (in the map's order, as
        // before), and the disclosed ones added to the same map: nothing is moved twice.
        let mut out = map;
        for (name, slot) in out.iter_mut() {
            if !matches!(slot, Value::Object(_) | Value::Array(_)) {
                continue; // a scalar: nothing to process
            }
            let len = pointer.len();
            super::wire::push_token(pointer, name);
            let value = std::mem::take(slot);
            *slot = self.value(value, pointer, depth + 1)?;
            pointer.truncate(len);
        }
        for digest in digests {
            let Value::String(digest) = digest else {
                continue; // not reached: every element was checked to be a string
            };
            let Some((index, (name, value))) = self.take(digest)? else {
                continue; // a decoy, or a claim not disclosed
            };
            let Some(name) = name else {
                return Err(Error::DisclosureInvalid {
                    index,
                    reason: format!(
                        "an array element disclosure [salt, value] is referenced from `_sd` at {:?}",
                        display(pointer)
                    ),
                });
            };
            let slot = match out.entry(name) {
                serde_json::map::Entry::Occupied(taken) => {
                    return Err(Error::ClaimCollision {
                        name: clip(taken.key(), 64),
                        at: display(pointer),
                    })
                }
                serde_json::map::Entry::Vacant(slot) => slot,
            };
            let len = pointer.len();
            super::wire::push_token(pointer, slot.key());
            let value = self.value(value, pointer, depth + 1)?;
            self.pointers[index] = Some(pointer.clone());
            pointer.truncate(len);
            slot.insert(value);
        }
        Ok(Value::Object(out))
    }

    fn array(&mut self, items: Vec<Value>, pointer: &mut String, depth: usize) -> Result<Value> {
        self.check_depth(depth)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let len = pointer.len();
            // An index needs no escaping: written straight into the pointer.
            let _ = write!(pointer, "/{}", out.len());
            match element_digest(item) {
                Ok(digest) => {
                    let found = self.take(digest)?;
                    if let Some((index, (name, value))) = found {
                        if name.is_some() {
                            return Err(Error::DisclosureInvalid {
                                index,
                                reason: format!(
                                    "a [salt, name, value] disclosure is referenced from an array element at {:?}",
                                    display(pointer)
                                ),
                            });
                        }
                        let value = self.value(value, pointer, depth + 1)?;
                        self.pointers[index] = Some(pointer.clone());
                        out.push(value);
                    }
                    // No disclosure: removed (RFC 9901 §7.1 step 3.4).
                }
                Err(item) => {
                    let value = self.value(item, pointer, depth + 1)?;
                    out.push(value);
                }
            }
            pointer.truncate(len);
        }
        Ok(Value::Array(out))
    }
}

/// An array element `{"...": "<digest>"}` (one member, a string) gives its digest; any other
/// element is given back.
fn element_digest(item: Value) -> std::result::Result<String, Value> {
    match item {
        Value::Object(map) if map.len() == 1 && map.get(ELLIPSIS).is_some_and(Value::is_string) => {
            match map.into_iter().next() {
                Some((_, Value::String(digest))) => Ok(digest),
                Some((key, value)) => {
                    let mut map = Map::new();
                    map.insert(key, value);
                    Err(Value::Object(map))
                }
                None => Err(Value::Object(Map::new())),
            }
        }
        other => Err(other),
    }
}

fn display(pointer: &str) -> String {
    if pointer.is_empty() {
        "/".to_string()
    } else {
        clip(pointer, 200)
    }
}

fn payload_invalid(pointer: &str, reason: &str) -> Error {
    Error::SdJwtPayloadInvalid {
        reason: format!("{reason} (at {:?})", display(pointer)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const A: &str = "WyJzYWx0IiwiYSIsMV0"; // ["salt","a",1]
    const B: &str = "WyJzYWx0IiwyXQ"; // ["salt",2]

    fn code(payload: Value, disclosures: &[&str]) -> &'static str {
        match process_payload(payload, disclosures, &Limits::default()) {
            Ok(_) => "ok",
            Err(e) => e.code(),
        }
    }

    /// The one digest map tells a disclosure's digest, a payload digest of another length and a
    /// second sighting of either apart.
    #[test]
    fn one_map_for_every_digest() {
        let a = wire::digest(A);
        let b = wire::digest(B);
        assert_eq!(
            process_payload(
                json!({"_sd": [a, "decoy", "x".repeat(43)], "l": [{"...": b}, {"...": "y"}]}),
                &[A, B],
                &Limits::default()
            )
            .unwrap(),
            json!({"a": 1, "l": [2]})
        );
        for payload in [
            json!({"_sd": [a, a]}),
            json!({"_sd": [a], "o": {"_sd": [a]}}),
            json!({"_sd": [a], "l": [{"...": b}, {"...": b}]}),
            json!({"_sd": [a, "short", "short"], "l": [{"...": b}]}),
            json!({"_sd": [a, "z".repeat(43)], "l": [{"...": b}, {"...": "z".repeat(43)}]}),
        ] {
            assert_eq!(
                code(payload.clone(), &[A, B]),
                "sdjwt.digest_duplicate",
                "{payload}"
            );
        }
        assert_eq!(
            code(json!({"_sd": [a]}), &[A, A]),
            "sdjwt.disclosure_duplicate"
        );
        assert_eq!(
            code(json!({"_sd": [a]}), &[A, B]),
            "sdjwt.disclosure_unreferenced"
        );
        assert_eq!(
            code(json!({"a": 0, "_sd": [a]}), &[A]),
            "sdjwt.claim_collision"
        );
        assert_eq!(code(json!({"_sd": [b]}), &[B]), "sdjwt.disclosure_invalid");
        assert_eq!(
            code(json!({"l": [{"...": a}]}), &[A]),
            "sdjwt.disclosure_invalid"
        );
    }
}
