//! Ed25519 keys as JSON Web Keys (RFC 8037) and their thumbprints (RFC 7638).

use super::{PublicKey, SecretKey};
use crate::encoding::{base64url_decode_array, base64url_encode};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// An Ed25519 JWK: `{"kty":"OKP","crv":"Ed25519","x":…}`, with `d` when it is private.
///
/// Only `OKP`/`Ed25519` keys are accepted. `kid` is kept; other members are ignored on input
/// (RFC 7517 §4) and not written on output. `d` is wiped on drop and not printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Jwk {
    x: String,
    d: Option<String>,
    /// The key id, if any.
    pub kid: Option<String>,
}

impl Jwk {
    pub(super) fn from_public_key(key: &PublicKey) -> Self {
        Jwk {
            x: base64url_encode(key.as_bytes()),
            d: None,
            kid: None,
        }
    }

    pub(super) fn from_secret_key(key: &SecretKey) -> Self {
        let mut jwk = Self::from_public_key(&key.public_key());
        jwk.d = Some(base64url_encode(&*key.to_seed()));
        jwk
    }

    /// Reads a JWK from a JSON value, checking `kty`, `crv` and the lengths of `x` and `d`.
    pub fn from_value(value: &Value) -> Result<Self> {
        let invalid = |reason: &str| Error::JwkInvalid {
            reason: reason.to_string(),
        };
        let obj = value
            .as_object()
            .ok_or_else(|| invalid("a JWK is a JSON object"))?;
        let member = |name: &str| -> Result<Option<&str>> {
            match obj.get(name) {
                None => Ok(None),
                Some(Value::String(s)) => Ok(Some(s)),
                Some(_) => Err(invalid(&format!("`{name}` must be a string"))),
            }
        };
        if member("kty")? != Some("OKP") {
            return Err(invalid("`kty` must be \"OKP\""));
        }
        if member("crv")? != Some("Ed25519") {
            return Err(invalid("`crv` must be \"Ed25519\""));
        }
        let x = member("x")?.ok_or_else(|| invalid("`x` is missing"))?;
        base64url_decode_array::<32>(x, "x")?;
        let d = member("d")?;
        let jwk = Jwk {
            x: x.to_string(),
            d: d.map(str::to_string),
            kid: member("kid")?.map(str::to_string),
        };
        if jwk.d.is_some() {
            jwk.secret_key()?; // checks d's encoding and that x matches it
        } else {
            jwk.public_key()?;
        }
        Ok(jwk)
    }

    /// Parses JWK text (strict JSON).
    pub fn parse(bytes: &[u8]) -> Result<Self> {
        Self::from_value(&crate::json::parse(bytes)?)
    }

    /// The JWK as a JSON object (with `d` if private).
    pub fn to_value(&self) -> Value {
        let mut map = Map::new();
        map.insert("kty".into(), "OKP".into());
        map.insert("crv".into(), "Ed25519".into());
        map.insert("x".into(), self.x.clone().into());
        if let Some(d) = &self.d {
            map.insert("d".into(), d.clone().into());
        }
        if let Some(kid) = &self.kid {
            map.insert("kid".into(), kid.clone().into());
        }
        Value::Object(map)
    }

    /// The same key without `d`.
    pub fn to_public(&self) -> Jwk {
        Jwk {
            x: self.x.clone(),
            d: None,
            kid: self.kid.clone(),
        }
    }

    /// Whether this JWK carries the secret `d`.
    pub fn is_private(&self) -> bool {
        self.d.is_some()
    }

    /// The public key (`x`), refusing weak keys.
    pub fn public_key(&self) -> Result<PublicKey> {
        PublicKey::from_bytes(&base64url_decode_array::<32>(&self.x, "x")?)
    }

    /// The secret key (`d`), checking that `x` belongs to it.
    pub fn secret_key(&self) -> Result<SecretKey> {
        let d = self.d.as_deref().ok_or_else(|| Error::JwkInvalid {
            reason: "`d` is missing: this is a public JWK".into(),
        })?;
        let seed = Zeroizing::new(base64url_decode_array::<32>(d, "d")?);
        let secret = SecretKey::from_seed(&seed);
        if secret.public_key() != self.public_key()? {
            return Err(Error::KeyMismatch);
        }
        Ok(secret)
    }

    /// The RFC 7638 thumbprint: base64url(SHA-256(`{"crv":"Ed25519","kty":"OKP","x":"…"}`)).
    pub fn thumbprint(&self) -> String {
        // The required members in lexicographic order, without white space (RFC 7638 §3.2);
        // `x` is base64url, so it needs no JSON escaping.
        let canonical = format!(r#"{{"crv":"Ed25519","kty":"OKP","x":"{}"}}"#, self.x);
        base64url_encode(&Sha256::digest(canonical.as_bytes()))
    }
}

impl Drop for Jwk {
    fn drop(&mut self) {
        if let Some(d) = self.d.as_mut() {
            d.zeroize();
        }
    }
}

impl fmt::Debug for Jwk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Jwk")
            .field("x", &self.x)
            .field("private", &self.d.is_some())
            .field("kid", &self.kid)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn refuses_other_key_types_and_bad_lengths() {
        for (jwk, code) in [
            (
                json!({"kty":"EC","crv":"P-256","x":"AA"}),
                "key.jwk_invalid",
            ),
            (
                json!({"kty":"OKP","crv":"X25519","x":"AA"}),
                "key.jwk_invalid",
            ),
            (json!({"kty":"OKP","crv":"Ed25519"}), "key.jwk_invalid"),
            (
                json!({"kty":"OKP","crv":"Ed25519","x":"AQID"}),
                "encoding.base64_invalid",
            ),
            (
                json!({"kty":"OKP","crv":"Ed25519","x":7}),
                "key.jwk_invalid",
            ),
            (json!([]), "key.jwk_invalid"),
        ] {
            assert_eq!(Jwk::from_value(&jwk).unwrap_err().code(), code, "{jwk}");
        }
    }

    #[test]
    fn mismatched_d_is_refused() {
        let a = SecretKey::from_seed(&[1u8; 32]).to_jwk().to_value();
        let b = SecretKey::from_seed(&[2u8; 32]).to_jwk().to_value();
        let mut mixed = a.clone();
        mixed["d"] = b["d"].clone();
        assert_eq!(Jwk::from_value(&mixed).unwrap_err().code(), "key.mismatch");
        assert!(Jwk::from_value(&a).unwrap().is_private());
    }
}
