//! The holder's side (RFC 9901 §7.2): choosing which disclosures to reveal, by JSON Pointer, and
//! binding the presentation to a verifier with a key-binding JWT (§4.3).

use super::rules;
use super::wire::{self, Limits, TYP_KB_JWT};
use crate::error::{Error, Result};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::{Jwk, PublicKey};
use govblocks_core::signer::Signer;
use serde_json::{Map, Value};
use std::collections::HashSet;
use time::OffsetDateTime;

/// What the key-binding JWT says: for whom, the verifier's nonce, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyBindingClaims {
    /// `aud`: the verifier.
    pub audience: String,
    /// `nonce`: the verifier's nonce for this transaction.
    pub nonce: String,
    /// `iat`, seconds since the epoch.
    pub issued_at: i64,
}

impl KeyBindingClaims {
    /// For `audience` and `nonce`, issued at `now`.
    pub fn new(audience: impl Into<String>, nonce: impl Into<String>, now: OffsetDateTime) -> Self {
        KeyBindingClaims {
            audience: audience.into(),
            nonce: nonce.into(),
            issued_at: now.unix_timestamp(),
        }
    }
}

/// Selects the disclosures of the issued SD-JWT `issued` that reveal the claims at the pointers
/// `reveal`, and returns the SD-JWT with only those (`<JWT>~<selected>~…~`, no key binding).
///
/// A pointer reveals the claim it names with everything in it, and the disclosures of the
/// claims around it that it needs (revealing `/address/locality` also reveals a disclosable
/// `address`, not its other disclosable members). Pointers are those of the fully disclosed
/// claims, as given to [`issue`](super::issue()). The issuer's signature is not checked here:
/// verify what you were issued with [`SdJwtVerifier`](super::SdJwtVerifier).
///
/// Refused: an SD-JWT+KB (the issuer sends none, RFC 9901 §7.2), the refusals of
/// [`rules`](mod@super::rules), and a pointer that names no claim (`sdjwt.pointer_invalid`).
pub fn select(issued: &str, reveal: &[String], limits: &Limits) -> Result<String> {
    Ok(Selection::new(issued, reveal, limits)?.sd_jwt)
}

/// [`select`], then a key-binding JWT signed by `holder` (`typ` `kb+jwt`, `iat`, `aud`,
/// `nonce`, `sd_hash` over the selected SD-JWT) appended: the SD-JWT+KB for the verifier.
///
/// When the SD-JWT binds a holder key (`cnf.jwk`), `holder` must be that key
/// (`sdjwt.cnf_invalid` otherwise: the verifier would refuse the signature).
pub fn present(
    issued: &str,
    reveal: &[String],
    holder: &dyn Signer,
    claims: &KeyBindingClaims,
    limits: &Limits,
) -> Result<String> {
    let selection = Selection::new(issued, reveal, limits)?;
    if let Some(cnf) = selection.cnf {
        if cnf != holder.public_key() {
            return Err(Error::ConfirmationKeyInvalid {
                reason: "the holder's key is not the key of the SD-JWT's cnf".into(),
            });
        }
    }
    let mut payload = Map::new();
    payload.insert("aud".into(), claims.audience.clone().into());
    payload.insert("iat".into(), claims.issued_at.into());
    payload.insert("nonce".into(), claims.nonce.clone().into());
    payload.insert("sd_hash".into(), wire::digest(&selection.sd_jwt).into());
    let bytes = Value::Object(payload).to_string();
    let kb = jws::sign(
        bytes.as_bytes(),
        holder,
        &JwsOptions::attached().with_typ(TYP_KB_JWT),
    )?;
    let mut out = selection.sd_jwt;
    out.push_str(&kb);
    Ok(out)
}

struct Selection {
    sd_jwt: String,
    cnf: Option<PublicKey>,
}

impl Selection {
    fn new(issued: &str, reveal: &[String], limits: &Limits) -> Result<Self> {
        let parts = wire::split(issued, limits)?;
        if parts.key_binding.is_some() {
            return Err(wire::malformed(
                "an SD-JWT+KB: the holder presents an SD-JWT as issued, without key binding",
            ));
        }
        let payload = wire::unverified_payload(parts.issuer_jwt, limits)?;
        let cnf = match payload.get("cnf").and_then(|cnf| cnf.get("jwk")) {
            Some(jwk) => Some(Jwk::from_value(jwk)?.public_key()?),
            None => None,
        };
        let disclosures = wire::read_disclosures(&parts.disclosures, limits)?;
        let processed = rules::process(payload, disclosures, limits)?;
        // A disclosure is selected when its claim is a revealed claim, inside one, or around
        // one: its pointer is a prefix of a revealed pointer (token-wise), or one is of it.
        let mut reveals = HashSet::new();
        let mut around = HashSet::new();
        for pointer in reveal {
            let normal = wire::normalize_pointer(pointer)?;
            if processed.claims.pointer(&normal).is_none() {
                return Err(Error::PointerInvalid {
                    pointer: pointer.clone(),
                    reason: "names no claim of this SD-JWT".into(),
                });
            }
            let mut prefix = normal.as_str();
            loop {
                around.insert(prefix.to_string());
                match prefix.rfind('/') {
                    Some(0) | None => break,
                    Some(at) => prefix = &prefix[..at],
                }
            }
            reveals.insert(normal);
        }
        let mut sd_jwt = String::with_capacity(issued.len());
        sd_jwt.push_str(parts.issuer_jwt);
        sd_jwt.push('~');
        for (text, pointer) in parts.disclosures.iter().zip(&processed.pointers) {
            if around.contains(pointer) || inside(pointer, &reveals) {
                sd_jwt.push_str(text);
                sd_jwt.push('~');
            }
        }
        Ok(Selection { sd_jwt, cnf })
    }
}

/// Whether `pointer` is a revealed pointer or below one.
fn inside(pointer: &str, reveals: &HashSet<String>) -> bool {
    let mut prefix = pointer;
    loop {
        if reveals.contains(prefix) {
            return true;
        }
        match prefix.rfind('/') {
            Some(0) | None => return false,
            Some(at) => prefix = &prefix[..at],
        }
    }
}
