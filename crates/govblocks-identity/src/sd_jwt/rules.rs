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
//! looked up in hash maps, and each disclosure's value is moved into place once (a digest is
//! accepted once), so the work is linear in the input.

use super::wire::clip;
use super::wire::{Disclosure, Limits, ELLIPSIS, SD, SD_ALG, SD_ALG_SHA256};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use std::collections::{HashMap, HashSet};

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
    let disclosures = disclosures
        .iter()
        .enumerate()
        .map(|(index, text)| Disclosure::parse(text, index, limits))
        .collect::<Result<Vec<_>>>()?;
    Ok(process(payload, disclosures, limits)?.claims)
}

/// Processes `payload` with `disclosures` (RFC 9901 §7.1 steps 2.4, 3, 4, 5).
pub(crate) fn process(
    payload: Value,
    disclosures: Vec<Disclosure>,
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
    let mut by_digest = HashMap::with_capacity(disclosures.len());
    for (index, disclosure) in disclosures.iter().enumerate() {
        if by_digest
            .insert(disclosure.digest().to_string(), index)
            .is_some()
        {
            return Err(Error::DisclosureDuplicate { index });
        }
    }
    let count = disclosures.len();
    let mut walker = Walker {
        by_digest,
        disclosures: disclosures.into_iter().map(Some).collect(),
        pointers: vec![None; count],
        seen: HashSet::new(),
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

struct Walker {
    by_digest: HashMap<String, usize>,
    /// Taken out once used.
    disclosures: Vec<Option<Disclosure>>,
    pointers: Vec<Option<String>>,
    seen: HashSet<String>,
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
    fn take(&mut self, digest: String) -> Result<Option<(usize, Disclosure)>> {
        if self.seen.contains(&digest) {
            return Err(Error::DigestDuplicate {
                digest: clip(&digest, 64),
            });
        }
        let found = self.by_digest.get(&digest).copied();
        self.seen.insert(digest);
        Ok(found.and_then(|index| self.disclosures[index].take().map(|d| (index, d))))
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
            Some(Value::Array(items)) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(digest) => Ok(digest),
                    _ => Err(payload_invalid(pointer, "`_sd` must hold only strings")),
                })
                .collect::<Result<Vec<_>>>()?,
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
            let Some((index, disclosure)) = self.take(digest)? else {
                continue; // a decoy, or a claim not disclosed
            };
            let Some(name) = disclosure.name().map(str::to_string) else {
                return Err(Error::DisclosureInvalid {
                    index,
                    reason: format!(
                        "an array element disclosure [salt, value] is referenced from `_sd` at {:?}",
                        display(pointer)
                    ),
                });
            };
            if out.contains_key(&name) {
                return Err(Error::ClaimCollision {
                    name: clip(&name, 64),
                    at: display(pointer),
                });
            }
            let len = pointer.len();
            super::wire::push_token(pointer, &name);
            let value = self.value(disclosure.into_value(), pointer, depth + 1)?;
            self.pointers[index] = Some(pointer.clone());
            pointer.truncate(len);
            out.insert(name, value);
        }
        Ok(Value::Object(out))
    }

    fn array(&mut self, items: Vec<Value>, pointer: &mut String, depth: usize) -> Result<Value> {
        self.check_depth(depth)?;
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let len = pointer.len();
            super::wire::push_token(pointer, &out.len().to_string());
            match element_digest(item) {
                Ok(digest) => {
                    let found = self.take(digest)?;
                    if let Some((index, disclosure)) = found {
                        if disclosure.name().is_some() {
                            return Err(Error::DisclosureInvalid {
                                index,
                                reason: format!(
                                    "a [salt, name, value] disclosure is referenced from an array element at {:?}",
                                    display(pointer)
                                ),
                            });
                        }
                        let value = self.value(disclosure.into_value(), pointer, depth + 1)?;
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
