//! A `proof` object, read and checked field by field.

use super::{ProofPurpose, DATA_INTEGRITY_PROOF, EDDSA_JCS_2022};
use crate::clock::Timestamp;
use crate::error::{clip, Error, Result};
use serde_json::{Map, Value};

/// A Data Integrity proof, parsed: every member this crate reads has the right JSON type, the
/// type and cryptosuite are on the allow-list, and date-times are RFC 3339 with an offset.
///
/// Members this crate does not read still count in the signature: the proof configuration that
/// is canonicalized is the proof object itself, less `proofValue` ([`proof_config`]).
#[derive(Debug, Clone)]
pub struct ParsedProof {
    /// `verificationMethod`.
    pub verification_method: String,
    /// `proofPurpose`.
    pub purpose: ProofPurpose,
    /// `proofValue` (absent while a proof is being created).
    pub proof_value: Option<String>,
    /// `id`.
    pub id: Option<String>,
    /// `created`.
    pub created: Option<Timestamp>,
    /// `expires`.
    pub expires: Option<Timestamp>,
    /// `domain`, as a set (a single string is a set of one).
    pub domain: Vec<String>,
    /// `challenge`.
    pub challenge: Option<String>,
    /// `previousProof`, as a list (a single string is a list of one).
    pub previous_proof: Vec<String>,
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::ProofMalformed {
        reason: reason.into(),
    }
}

fn opt_str<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<Option<&'a str>> {
    match obj.get(name) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(_) => Err(malformed(format!("`{name}` must be a string"))),
    }
}

fn req_str<'a>(obj: &'a Map<String, Value>, name: &str) -> Result<&'a str> {
    opt_str(obj, name)?.ok_or_else(|| malformed(format!("`{name}` is missing")))
}

/// A string or a non-empty array of strings, as a list.
fn str_or_list(obj: &Map<String, Value>, name: &str) -> Result<Vec<String>> {
    match obj.get(name) {
        None => Ok(Vec::new()),
        Some(Value::String(s)) => Ok(vec![s.clone()]),
        Some(Value::Array(items)) if !items.is_empty() => items
            .iter()
            .map(|v| {
                v.as_str()
                    .map(str::to_string)
                    .ok_or_else(|| malformed(format!("`{name}` must hold strings")))
            })
            .collect(),
        Some(_) => Err(malformed(format!(
            "`{name}` must be a string or a non-empty array of strings"
        ))),
    }
}

impl ParsedProof {
    /// Reads a proof object. `proofValue` is optional here; the verifier requires it.
    pub fn from_object(object: &Map<String, Value>) -> Result<Self> {
        let ty = req_str(object, "type")?;
        if ty != DATA_INTEGRITY_PROOF {
            return Err(Error::ProofTypeUnsupported {
                found: clip(ty, 64),
            });
        }
        let suite = req_str(object, "cryptosuite")?;
        if suite != EDDSA_JCS_2022 {
            return Err(Error::CryptosuiteUnsupported {
                found: clip(suite, 64),
            });
        }
        let verification_method = req_str(object, "verificationMethod")?.to_string();
        let purpose = ProofPurpose::parse(req_str(object, "proofPurpose")?);
        let proof_value = opt_str(object, "proofValue")?.map(str::to_string);
        let id = opt_str(object, "id")?.map(str::to_string);
        let created = opt_str(object, "created")?
            .map(|t| Timestamp::parse(t, "created"))
            .transpose()?;
        let expires = opt_str(object, "expires")?
            .map(|t| Timestamp::parse(t, "expires"))
            .transpose()?;
        let domain = str_or_list(object, "domain")?;
        let challenge = opt_str(object, "challenge")?.map(str::to_string);
        opt_str(object, "nonce")?;
        let previous_proof = str_or_list(object, "previousProof")?;
        // Each id names one earlier proof; a repeated id would only make the verifier copy and
        // hash the same proof again (an amplification, not a meaning).
        for (i, id) in previous_proof.iter().enumerate() {
            if previous_proof[..i].contains(id) {
                return Err(malformed(format!(
                    "`previousProof` repeats {:?}",
                    clip(id, 64)
                )));
            }
        }
        if let Some(ctx) = object.get("@context") {
            if !matches!(ctx, Value::String(_) | Value::Array(_) | Value::Object(_)) {
                return Err(malformed(
                    "`@context` must be a string, an array or an object",
                ));
            }
        }
        Ok(ParsedProof {
            verification_method,
            purpose,
            proof_value,
            id,
            created,
            expires,
            domain,
            challenge,
            previous_proof,
        })
    }
}

/// The proof configuration of a proof object: the object without `proofValue`.
pub fn proof_config(object: &Map<String, Value>) -> Map<String, Value> {
    let mut config = object.clone();
    config.remove("proofValue");
    config
}

/// The proofs of a secured document's `proof` member, as a list (one object is a list of one).
pub(crate) fn proof_list(proof: Value) -> Result<Vec<Map<String, Value>>> {
    match proof {
        Value::Object(map) => Ok(vec![map]),
        Value::Array(items) if !items.is_empty() => items
            .into_iter()
            .map(|item| match item {
                Value::Object(map) => Ok(map),
                _ => Err(malformed("every element of a proof set must be an object")),
            })
            .collect(),
        Value::Array(_) => Err(Error::ProofMissing),
        _ => Err(malformed(
            "`proof` must be an object or an array of objects",
        )),
    }
}

/// The proofs among `all` whose `id` is one of `ids`, in the order of `ids` (VC Data Integrity
/// §4.3 step 4–5, §4.5 step 3.2). `missing` builds the error for an id with no match.
pub(crate) fn matching_proofs(
    all: &[Map<String, Value>],
    ids: &[String],
    missing: impl Fn(&str) -> Error,
) -> Result<Vec<Value>> {
    ids.iter()
        .map(|id| {
            all.iter()
                .find(|p| p.get("id").and_then(Value::as_str) == Some(id.as_str()))
                .map(|p| Value::Object(p.clone()))
                .ok_or_else(|| missing(id))
        })
        .collect()
}
