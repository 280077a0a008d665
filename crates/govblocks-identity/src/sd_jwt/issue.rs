//! Issuing an SD-JWT (RFC 9901 §4): the chosen claims, addressed by JSON Pointer, replaced by
//! digests of salted disclosures, the payload signed by the issuer (EdDSA, through core's
//! [`Signer`], so an HSM or KMS key plugs in).

use super::wire::{self, Disclosure, Limits, ELLIPSIS, SD, SD_ALG, SD_ALG_SHA256};
use crate::error::{Error, Result};
use govblocks_core::encoding::base64url_encode;
use govblocks_core::json;
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::PublicKey;
use govblocks_core::signer::Signer;
use rand_core::{OsRng, RngCore};
use serde_json::{Map, Value};
use std::collections::HashSet;

/// The `typ` of an SD-JWT VC (SD-JWT-based Verifiable Credentials).
pub const TYP_DC_SD_JWT: &str = "dc+sd-jwt";

/// What to make selectively disclosable, and how.
///
/// ```
/// use govblocks_identity::sd_jwt::IssueOptions;
/// let options = IssueOptions::new().disclose("/given_name").disclose("/address/locality").decoys(2);
/// assert_eq!(options.pointers().len(), 2);
/// ```
#[derive(Debug, Clone, Default)]
pub struct IssueOptions {
    pointers: Vec<String>,
    decoys: usize,
    holder: Option<PublicKey>,
    typ: Option<String>,
    limits: Limits,
}

impl IssueOptions {
    /// No disclosable claim, no decoy, no holder key, no `typ`.
    pub fn new() -> Self {
        Self::default()
    }

    /// Makes the claim at this JSON Pointer (RFC 6901) selectively disclosable: an object
    /// member (`/address/locality`) or an array element (`/nationalities/1`). A pointer below
    /// another disclosable one makes a recursive disclosure (RFC 9901 §4.2.6).
    pub fn disclose(mut self, pointer: impl Into<String>) -> Self {
        self.pointers.push(pointer.into());
        self
    }

    /// Adds `n` decoy digests (RFC 9901 §4.2.5) to the top-level `_sd` and to every other `_sd`
    /// array written.
    pub fn decoys(mut self, n: usize) -> Self {
        self.decoys = n;
        self
    }

    /// Binds the SD-JWT to the holder's key: `cnf.jwk` (RFC 7800 §3.2), an OKP Ed25519 JWK.
    pub fn holder(mut self, key: PublicKey) -> Self {
        self.holder = Some(key);
        self
    }

    /// Sets the issuer-signed JWT's `typ` (explicit typing, RFC 9901 §9.11), such as
    /// [`TYP_DC_SD_JWT`].
    pub fn typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Bounds the claims (depth) as a verifier will.
    pub fn limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The pointers, as given.
    pub fn pointers(&self) -> &[String] {
        &self.pointers
    }

    /// The `typ` asked for, if any.
    pub fn typ_value(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// The holder's key asked for, if any.
    pub fn holder_key(&self) -> Option<&PublicKey> {
        self.holder.as_ref()
    }
}

/// An issued SD-JWT: the compact form and its parts.
#[derive(Debug, Clone)]
pub struct Issued {
    compact: String,
    payload: Value,
    disclosures: Vec<Disclosure>,
}

impl Issued {
    /// `<Issuer-signed JWT>~<Disclosure 1>~…~<Disclosure N>~`, what the holder receives.
    pub fn compact(&self) -> &str {
        &self.compact
    }

    /// The signed payload (digests in place of the disclosable claims).
    pub fn payload(&self) -> &Value {
        &self.payload
    }

    /// The disclosures, in the order they are written.
    pub fn disclosures(&self) -> &[Disclosure] {
        &self.disclosures
    }
}

/// Issues `claims` (a JSON object) as an SD-JWT signed by `signer`, the claims at
/// [`IssueOptions::disclose`] pointers selectively disclosable.
///
/// The header is `{"alg":"EdDSA","kid":<signer's verification method>[,"typ":…]}`, so a
/// verifier finds the key through its resolver. The payload gets `_sd_alg: "sha-256"` and, with
/// [`IssueOptions::holder`], `cnf`. Each salt is 128 bits from the operating system; `_sd`
/// arrays are sorted (RFC 9901 §4.2.4.1).
///
/// Refused: claims that are not an object, a claim named `_sd`, `_sd_alg` or `...` anywhere
/// (`sdjwt.reserved_name`), a top-level `cnf` with a holder key (`sdjwt.claim_collision`), a
/// pointer that is malformed, repeated, or names no claim or `/cnf` (`sdjwt.pointer_invalid`),
/// claims deeper than the limits, and numbers a verifier would not read back exactly
/// (`json.*`).
pub fn issue(claims: &Value, options: &IssueOptions, signer: &dyn Signer) -> Result<Issued> {
    issue_with_salts(claims, options, signer, &mut os_salt)
}

/// [`issue`] with the salts (and decoy seeds) from `salt`: the operating system's in [`issue`],
/// a fixed sequence only in `crate::testkit_hook` (reproducible fuzz seeds).
pub(crate) fn issue_with_salts(
    claims: &Value,
    options: &IssueOptions,
    signer: &dyn Signer,
    salt: &mut dyn FnMut() -> Result<String>,
) -> Result<Issued> {
    let Value::Object(top) = claims else {
        return Err(Error::SdJwtPayloadInvalid {
            reason: "the claims to issue are not a JSON object".into(),
        });
    };
    json::check_signable_numbers(claims)?;
    let mut selected = HashSet::new();
    for pointer in &options.pointers {
        let normal = wire::normalize_pointer(pointer)?;
        if normal == "/cnf" || normal.starts_with("/cnf/") {
            return Err(Error::PointerInvalid {
                pointer: pointer.clone(),
                reason: "cnf is always visible: the verifier needs the holder's key".into(),
            });
        }
        if !selected.insert(normal) {
            return Err(Error::PointerInvalid {
                pointer: pointer.clone(),
                reason: "given twice".into(),
            });
        }
    }
    if options.holder.is_some() && top.contains_key("cnf") {
        return Err(Error::ClaimCollision {
            name: "cnf".into(),
            at: "/".into(),
        });
    }
    let mut concealer = Concealer {
        selected: &selected,
        found: 0,
        disclosures: Vec::new(),
        decoys: options.decoys,
        max_depth: options.limits.max_depth,
        salt,
    };
    let mut pointer = String::new();
    let mut payload = concealer.object(top, &mut pointer, 0, true)?;
    if concealer.found != selected.len() {
        let missing = options
            .pointers
            .iter()
            .find(|p| {
                wire::normalize_pointer(p)
                    .ok()
                    .is_some_and(|n| claims.pointer(&n).is_none())
            })
            .cloned()
            .unwrap_or_default();
        return Err(Error::PointerInvalid {
            pointer: missing,
            reason: "names no claim".into(),
        });
    }
    if let Value::Object(map) = &mut payload {
        map.insert(SD_ALG.into(), SD_ALG_SHA256.into());
        if let Some(holder) = &options.holder {
            let mut cnf = Map::new();
            cnf.insert("jwk".into(), holder.to_jwk().to_value());
            map.insert("cnf".into(), Value::Object(cnf));
        }
    }
    let mut jws_options = JwsOptions::attached().with_signer_kid();
    if let Some(typ) = &options.typ {
        jws_options = jws_options.with_typ(typ.clone());
    }
    let bytes = serde_json::to_vec(&payload).map_err(|e| Error::SdJwtPayloadInvalid {
        reason: format!("cannot serialize the payload: {e}"),
    })?;
    let jwt = jws::sign(&bytes, signer, &jws_options)?;
    let disclosures = concealer.disclosures;
    let mut compact = jwt;
    compact.push('~');
    for disclosure in &disclosures {
        compact.push_str(disclosure.encoded());
        compact.push('~');
    }
    Ok(Issued {
        compact,
        payload,
        disclosures,
    })
}

struct Concealer<'a> {
    salt: &'a mut dyn FnMut() -> Result<String>,
    selected: &'a HashSet<String>,
    found: usize,
    disclosures: Vec<Disclosure>,
    decoys: usize,
    max_depth: usize,
}

impl Concealer<'_> {
    fn value(&mut self, value: &Value, pointer: &mut String, depth: usize) -> Result<Value> {
        match value {
            Value::Object(map) => self.object(map, pointer, depth, false),
            Value::Array(items) => self.array(items, pointer, depth),
            scalar => Ok(scalar.clone()),
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

    fn object(
        &mut self,
        map: &Map<String, Value>,
        pointer: &mut String,
        depth: usize,
        top: bool,
    ) -> Result<Value> {
        self.check_depth(depth)?;
        let mut out = Map::new();
        let mut digests = Vec::new();
        for (name, value) in map {
            if name == SD || name == SD_ALG || name == ELLIPSIS {
                return Err(Error::ReservedClaimName { name: name.clone() });
            }
            let len = pointer.len();
            wire::push_token(pointer, name);
            let value = self.value(value, pointer, depth + 1)?;
            if self.selected.contains(pointer.as_str()) {
                self.found += 1;
                let disclosure = Disclosure::property((self.salt)()?, name.clone(), value);
                digests.push(disclosure.digest().to_string());
                self.disclosures.push(disclosure);
            } else {
                out.insert(name.clone(), value);
            }
            pointer.truncate(len);
        }
        if !digests.is_empty() || (top && self.decoys > 0) {
            for _ in 0..self.decoys {
                digests.push(wire::digest(&(self.salt)()?));
            }
            digests.sort_unstable();
            out.insert(
                SD.into(),
                Value::Array(digests.into_iter().map(Value::String).collect()),
            );
        }
        Ok(Value::Object(out))
    }

    fn array(&mut self, items: &[Value], pointer: &mut String, depth: usize) -> Result<Value> {
        self.check_depth(depth)?;
        let mut out = Vec::with_capacity(items.len());
        for (index, item) in items.iter().enumerate() {
            let len = pointer.len();
            wire::push_token(pointer, &index.to_string());
            let value = self.value(item, pointer, depth + 1)?;
            if self.selected.contains(pointer.as_str()) {
                self.found += 1;
                let disclosure = Disclosure::element((self.salt)()?, value);
                let mut digest = Map::new();
                digest.insert(ELLIPSIS.into(), disclosure.digest().into());
                out.push(Value::Object(digest));
                self.disclosures.push(disclosure);
            } else {
                out.push(value);
            }
            pointer.truncate(len);
        }
        Ok(Value::Array(out))
    }
}

/// 128 bits from the operating system, base64url (RFC 9901 §9.3).
fn os_salt() -> Result<String> {
    let mut bytes = [0u8; 16];
    OsRng
        .try_fill_bytes(&mut bytes)
        .map_err(|e| Error::RandomFailed {
            reason: e.to_string(),
        })?;
    Ok(base64url_encode(&bytes))
}
