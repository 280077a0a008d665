//! The JWE Protected Header: how [`encrypt`](super::encrypt) writes it, and the policy it must
//! pass when read.

use super::{ALG_ECDH_ES, ENC_A256GCM};
use crate::encoding::{base64url_decode, base64url_encode};
use crate::error::{clip, Error, Result};
use crate::jose::{decode_protected_header, HeaderErrors};
use crate::keys::{Jwk, X25519PublicKey};
use serde_json::{Map, Value};

/// The longest accepted protected header part, in base64url characters (12 KiB of JSON).
/// Longer headers are refused before they are decoded.
pub const MAX_HEADER_LEN: usize = 16 * 1024;

/// A JWE Protected Header that passed the validation policy of the [module docs](super):
/// `alg` is `ECDH-ES`, `enc` is `A256GCM`, no `zip` and no `crit`, `epk` is a public X25519 key
/// that is not weak, `apu` and `apv` canonical base64url, `kid`, `typ` and `cty` strings.
///
/// Whether its contents are *authentic* depends on what happened next: the header is the AAD
/// of the content encryption, so once [`Jwe::decrypt`](super::Jwe::decrypt) succeeds it is
/// covered by the tag; before that, it is only well-formed.
#[derive(Clone, Debug, PartialEq)]
pub struct JweHeader {
    value: Value,
    epk: X25519PublicKey,
    apu: Option<Vec<u8>>,
    apv: Option<Vec<u8>>,
}

impl JweHeader {
    /// The key management algorithm: always [`ALG_ECDH_ES`] (any other is refused).
    pub fn alg(&self) -> &str {
        ALG_ECDH_ES
    }

    /// The content encryption algorithm: always [`ENC_A256GCM`] (any other is refused).
    pub fn enc(&self) -> &str {
        ENC_A256GCM
    }

    /// The `kid` (the recipient's key id), if present.
    pub fn kid(&self) -> Option<&str> {
        self.get("kid").and_then(Value::as_str)
    }

    /// The sender's ephemeral public key (`epk`).
    pub fn epk(&self) -> &X25519PublicKey {
        &self.epk
    }

    /// The decoded `apu` (Agreement PartyUInfo), if present.
    pub fn apu(&self) -> Option<&[u8]> {
        self.apu.as_deref()
    }

    /// The decoded `apv` (Agreement PartyVInfo), if present.
    pub fn apv(&self) -> Option<&[u8]> {
        self.apv.as_deref()
    }

    /// Any member by name (including ones this module does not interpret).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.value.get(name)
    }

    /// The whole protected header, the JSON object as received (or as written by
    /// [`encrypt`](super::encrypt)): what an SPDCI `EncryptedMessage` carries as its `header`.
    pub fn to_value(&self) -> &Value {
        &self.value
    }
}

/// What [`encrypt`](super::encrypt) puts in the header besides `alg`, `enc` and `epk`.
pub(super) struct HeaderFields<'a> {
    pub kid: Option<&'a str>,
    pub apu: Option<&'a [u8]>,
    pub apv: Option<&'a [u8]>,
}

/// The header for encrypting, and its protected part: `BASE64URL(JCS(header))`.
pub(super) fn build(epk: X25519PublicKey, fields: &HeaderFields<'_>) -> (JweHeader, String) {
    let mut map = Map::new();
    map.insert("alg".into(), ALG_ECDH_ES.into());
    map.insert("enc".into(), ENC_A256GCM.into());
    // {"crv":"X25519","kty":"OKP","x":…}: no `kid` on the ephemeral key.
    map.insert("epk".into(), epk.to_jwk().to_value());
    if let Some(kid) = fields.kid {
        map.insert("kid".into(), kid.into());
    }
    if let Some(apu) = fields.apu {
        map.insert("apu".into(), base64url_encode(apu).into());
    }
    if let Some(apv) = fields.apv {
        map.insert("apv".into(), base64url_encode(apv).into());
    }
    let value = Value::Object(map);
    let protected = base64url_encode(&crate::jcs::canonicalize(&value));
    let header = JweHeader {
        value,
        epk,
        apu: fields.apu.map(<[u8]>::to_vec),
        apv: fields.apv.map(<[u8]>::to_vec),
    };
    (header, protected)
}

fn malformed(reason: impl Into<String>) -> Error {
    Error::JweMalformed {
        reason: reason.into(),
    }
}

/// Decodes the protected header part and applies the validation policy (rules 2–12).
pub(super) fn parse(encoded: &str) -> Result<JweHeader> {
    let members = decode_protected_header(encoded, MAX_HEADER_LEN, &HEADER_ERRORS)?;
    match members.get("alg") {
        Some(Value::String(alg)) if alg == ALG_ECDH_ES => {}
        Some(Value::String(alg)) => {
            return Err(Error::JweAlgorithmUnsupported { alg: clip(alg, 64) })
        }
        Some(other) => {
            return Err(Error::JweAlgorithmUnsupported {
                alg: clip(&other.to_string(), 64),
            })
        }
        None => {
            return Err(Error::JweAlgorithmUnsupported {
                alg: "(missing)".into(),
            })
        }
    }
    match members.get("enc") {
        Some(Value::String(enc)) if enc == ENC_A256GCM => {}
        Some(Value::String(enc)) => {
            return Err(Error::JweEncryptionUnsupported { enc: clip(enc, 64) })
        }
        Some(other) => {
            return Err(Error::JweEncryptionUnsupported {
                enc: clip(&other.to_string(), 64),
            })
        }
        None => {
            return Err(Error::JweEncryptionUnsupported {
                enc: "(missing)".into(),
            })
        }
    }
    // Compression before encryption leaks the plaintext through the ciphertext's length (the
    // CRIME family); no supported peer sends it.
    if let Some(zip) = members.get("zip") {
        return Err(Error::JweEncryptionUnsupported {
            enc: format!("zip {}", clip(&zip.to_string(), 64)),
        });
    }
    // No extension is understood, so any `crit` is refused (RFC 7516 §4.1.13).
    if let Some(crit) = members.get("crit") {
        let name = match crit {
            Value::Array(names) => match names.first() {
                Some(Value::String(name)) => clip(name, 64),
                Some(other) => clip(&other.to_string(), 64),
                None => "(an empty list)".into(),
            },
            other => clip(&other.to_string(), 64),
        };
        return Err(Error::JweCriticalUnsupported { name });
    }
    for name in ["kid", "typ", "cty"] {
        if members.get(name).is_some_and(|v| !v.is_string()) {
            return Err(malformed(format!("`{name}` must be a string")));
        }
    }
    let apu = party_info(&members, "apu")?;
    let apv = party_info(&members, "apv")?;
    let epk = match members.get("epk") {
        None => return Err(malformed("`epk` (the ephemeral public key) is missing")),
        Some(value) => {
            let jwk = Jwk::from_value(value)?;
            if jwk.is_private() {
                return Err(malformed("`epk` carries a private key (`d`)"));
            }
            jwk.x25519_public_key()?
        }
    };
    Ok(JweHeader {
        value: Value::Object(members),
        epk,
        apu,
        apv,
    })
}

/// `apu` or `apv`: absent, or a string of canonical base64url.
fn party_info(members: &Map<String, Value>, name: &'static str) -> Result<Option<Vec<u8>>> {
    match members.get(name) {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(base64url_decode(text, name)?)),
        Some(_) => Err(malformed(format!("`{name}` must be a string"))),
    }
}

/// How this module's protected header names its errors.
const HEADER_ERRORS: HeaderErrors = HeaderErrors {
    what: "JWE protected header",
    malformed: |reason| Error::JweMalformed { reason },
    in_header: |source| Error::InJweHeader { source },
};
