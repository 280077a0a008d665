//! Ed25519 and X25519 keys as JSON Web Keys (RFC 8037) and their thumbprints (RFC 7638).

use super::{PublicKey, SecretKey, X25519PublicKey, X25519SecretKey};
use crate::encoding::{base64url_decode_array, base64url_encode};
use crate::error::{Error, Result};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;
use zeroize::{Zeroize, Zeroizing};

/// An OKP JWK (RFC 8037): `{"kty":"OKP","crv":"Ed25519","x":…}` (a signing key) or
/// `{"kty":"OKP","crv":"X25519","x":…}` (a key-agreement key, for JWE), with `d` when it is
/// private.
///
/// Only `OKP` keys on `Ed25519` or `X25519` are accepted ([`Jwk::crv`] tells which). An X25519
/// JWK asked for an Ed25519 key ([`Jwk::public_key`], [`Jwk::secret_key`]), or an Ed25519 JWK
/// asked for an X25519 key ([`Jwk::x25519_public_key`], [`Jwk::x25519_secret_key`]), is
/// `key.type_unsupported`. `kid` is kept; other members are ignored on input (RFC 7517 §4) and
/// not written on output. `d` is wiped on drop and not printed by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Jwk {
    crv: Curve,
    x: String,
    d: Option<String>,
    /// The key id, if any.
    pub kid: Option<String>,
}

/// The two curves an OKP JWK may name here.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Curve {
    Ed25519,
    X25519,
}

impl Curve {
    fn name(self) -> &'static str {
        match self {
            Curve::Ed25519 => CRV_ED25519,
            Curve::X25519 => CRV_X25519,
        }
    }
}

/// The `crv` of an Ed25519 JWK (RFC 8037 §2).
pub const CRV_ED25519: &str = "Ed25519";
/// The `crv` of an X25519 JWK (RFC 8037 §2).
pub const CRV_X25519: &str = "X25519";

impl Jwk {
    pub(super) fn from_public_key(key: &PublicKey) -> Self {
        Jwk {
            crv: Curve::Ed25519,
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

    pub(super) fn from_x25519_public_key(key: &X25519PublicKey) -> Self {
        Jwk {
            crv: Curve::X25519,
            x: base64url_encode(&key.to_bytes()),
            d: None,
            kid: None,
        }
    }

    pub(super) fn from_x25519_secret_key(key: &X25519SecretKey) -> Self {
        let mut jwk = Self::from_x25519_public_key(&key.public_key());
        jwk.d = Some(base64url_encode(&*key.to_bytes()));
        jwk
    }

    /// Reads a JWK from a JSON value, checking `kty`, `crv` (`Ed25519` or `X25519`), `x` (a
    /// valid, not weak, public key of that curve) and `d` (which must give `x`).
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
        let crv = match member("crv")? {
            Some(CRV_ED25519) => Curve::Ed25519,
            Some(CRV_X25519) => Curve::X25519,
            _ => return Err(invalid("`crv` must be \"Ed25519\" or \"X25519\"")),
        };
        let x = member("x")?.ok_or_else(|| invalid("`x` is missing"))?;
        base64url_decode_array::<32>(x, "x")?;
        let d = member("d")?;
        let jwk = Jwk {
            crv,
            x: x.to_string(),
            d: d.map(str::to_string),
            kid: member("kid")?.map(str::to_string),
        };
        match (crv, jwk.d.is_some()) {
            // Checks d's encoding and that x matches it.
            (Curve::Ed25519, true) => drop(jwk.secret_key()?),
            (Curve::Ed25519, false) => drop(jwk.public_key()?),
            (Curve::X25519, true) => drop(jwk.x25519_secret_key()?),
            (Curve::X25519, false) => drop(jwk.x25519_public_key()?),
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
        map.insert("crv".into(), self.crv.name().into());
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
            crv: self.crv,
            x: self.x.clone(),
            d: None,
            kid: self.kid.clone(),
        }
    }

    /// The curve: [`CRV_ED25519`] (a signing key) or [`CRV_X25519`] (a key-agreement key).
    pub fn crv(&self) -> &'static str {
        self.crv.name()
    }

    /// `Ok` when this JWK is on `curve`, `key.type_unsupported` otherwise.
    fn expect_curve(&self, curve: Curve) -> Result<()> {
        if self.crv == curve {
            Ok(())
        } else {
            Err(Error::KeyTypeUnsupported {
                header: format!(
                    "JWK crv {:?} where an {} key is expected",
                    self.crv.name(),
                    curve.name()
                ),
            })
        }
    }

    /// Whether this JWK carries the secret `d`.
    pub fn is_private(&self) -> bool {
        self.d.is_some()
    }

    /// The Ed25519 public key (`x`), refusing weak keys; an X25519 JWK is
    /// `key.type_unsupported`.
    pub fn public_key(&self) -> Result<PublicKey> {
        self.expect_curve(Curve::Ed25519)?;
        PublicKey::from_bytes(&base64url_decode_array::<32>(&self.x, "x")?)
    }

    /// The Ed25519 secret key (`d`), checking that `x` belongs to it; an X25519 JWK is
    /// `key.type_unsupported`.
    pub fn secret_key(&self) -> Result<SecretKey> {
        self.expect_curve(Curve::Ed25519)?;
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

    /// The X25519 public key (`x`), refusing non-canonical encodings and weak (small-order)
    /// keys; an Ed25519 JWK is `key.type_unsupported`.
    pub fn x25519_public_key(&self) -> Result<X25519PublicKey> {
        self.expect_curve(Curve::X25519)?;
        X25519PublicKey::from_bytes(&base64url_decode_array::<32>(&self.x, "x")?)
    }

    /// The X25519 secret key (`d`), checking that `x` belongs to it; an Ed25519 JWK is
    /// `key.type_unsupported`.
    pub fn x25519_secret_key(&self) -> Result<X25519SecretKey> {
        self.expect_curve(Curve::X25519)?;
        let d = self.d.as_deref().ok_or_else(|| Error::JwkInvalid {
            reason: "`d` is missing: this is a public JWK".into(),
        })?;
        let bytes = Zeroizing::new(base64url_decode_array::<32>(d, "d")?);
        let secret = X25519SecretKey::from_bytes(&bytes);
        if secret.public_key() != self.x25519_public_key()? {
            return Err(Error::KeyMismatch);
        }
        Ok(secret)
    }

    /// The RFC 7638 thumbprint: base64url(SHA-256(`{"crv":"Ed25519","kty":"OKP","x":"…"}`)),
    /// with `X25519` for an X25519 key.
    pub fn thumbprint(&self) -> String {
        // The required members in lexicographic order, without white space (RFC 7638 §3.2);
        // `x` is base64url, so it needs no JSON escaping.
        let canonical = format!(
            r#"{{"crv":"{}","kty":"OKP","x":"{}"}}"#,
            self.crv.name(),
            self.x
        );
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
            .field("crv", &self.crv.name())
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
                json!({"kty":"OKP","crv":"X448","x":"AA"}),
                "key.jwk_invalid",
            ),
            // X25519 is accepted (for JWE), so a short `x` is a bad encoding.
            (
                json!({"kty":"OKP","crv":"X25519","x":"AA"}),
                "encoding.base64_invalid",
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

    #[test]
    fn the_other_curve_is_type_unsupported() {
        let ed = SecretKey::from_seed(&[1u8; 32]).to_jwk();
        let x = X25519SecretKey::from_bytes(&[1u8; 32]).to_jwk();
        assert_eq!(ed.crv(), CRV_ED25519);
        assert_eq!(x.crv(), CRV_X25519);
        for e in [
            ed.x25519_public_key().map(drop),
            ed.x25519_secret_key().map(drop),
            x.public_key().map(drop),
            x.secret_key().map(drop),
        ] {
            assert_eq!(e.unwrap_err().code(), "key.type_unsupported");
        }
        let back = Jwk::from_value(&x.to_value()).unwrap();
        assert_eq!(back, x);
        assert_eq!(
            back.x25519_public_key().unwrap(),
            X25519SecretKey::from_bytes(&[1u8; 32]).public_key()
        );
        assert_eq!(x.thumbprint(), x.to_public().thumbprint());
        assert!(format!("{x:?}").contains("X25519"));
    }
}
