//! The JWS Protected Header: how it is written when signing, and the policy it must pass when
//! read.

use crate::error::{clip, Error, Result};
use crate::jose::{decode_protected_header, HeaderErrors};
use crate::keys::{Jwk, PublicKey};
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// The one `alg` this module signs with and accepts (RFC 8037 §3.1).
pub const ALG_EDDSA: &str = "EdDSA";

/// The fully-specified name of the same algorithm (RFC 9864 §2.2), accepted on input only when
/// the caller asks for it ([`AlgorithmNames::EdDsaOrEd25519`]); never written.
pub const ALG_ED25519: &str = "Ed25519";

/// Which `alg` names verification accepts. Both name Ed25519 signatures; only the spelling differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AlgorithmNames {
    /// `EdDSA` only (RFC 8037): the default of [`verify`](super::verify).
    #[default]
    EdDsaOnly,
    /// `EdDSA` or `Ed25519` (RFC 9864), for profiles that accept the fully-specified name on input
    /// (SD-JWT in `govblocks-identity`).
    EdDsaOrEd25519,
}

/// The longest accepted protected header part, in base64url characters (48 KiB of JSON). Longer
/// headers are refused before they are decoded.
pub const MAX_HEADER_LEN: usize = 64 * 1024;

/// The only extension header parameter this module understands (RFC 7797).
const B64: &str = "b64";

/// A JWS Protected Header that passed the validation policy of the [module docs](super):
/// `alg` is `EdDSA`, `crit` and `b64` are well-formed and understood, `kid`, `typ` and `cty` are
/// strings, and a `jwk`, if present, is a public Ed25519 key.
///
/// Whether its contents are *authentic* depends on where it came from: a header in a
/// [`VerifiedJws`](super::VerifiedJws) is covered by the verified signature; one from
/// [`decode_unverified_header`](super::decode_unverified_header) is not.
#[derive(Debug, Clone, PartialEq)]
pub struct Header {
    members: Map<String, Value>,
    jwk: Option<PublicKey>,
}

impl Header {
    /// The algorithm: `"EdDSA"`, or `"Ed25519"` when verification accepted that name
    /// ([`AlgorithmNames::EdDsaOrEd25519`]); any other is refused.
    pub fn alg(&self) -> &str {
        self.string("alg").unwrap_or(ALG_EDDSA)
    }

    /// The `kid` (key id), if present.
    pub fn kid(&self) -> Option<&str> {
        self.string("kid")
    }

    /// The `typ` (media type of the whole JWS), if present.
    pub fn typ(&self) -> Option<&str> {
        self.string("typ")
    }

    /// The `cty` (media type of the payload), if present.
    pub fn cty(&self) -> Option<&str> {
        self.string("cty")
    }

    /// Whether the payload is base64url-encoded: `false` only for `"b64": false` (RFC 7797).
    pub fn payload_encoded(&self) -> bool {
        self.members
            .get(B64)
            .and_then(Value::as_bool)
            .unwrap_or(true)
    }

    /// The key of the `jwk` header parameter, if present. It is never used to pick the
    /// verifying key; [`verify`](super::verify) refuses a JWS whose `jwk` differs from the key
    /// it was given.
    pub fn jwk(&self) -> Option<&PublicKey> {
        self.jwk.as_ref()
    }

    /// Any member by name (including ones this module does not interpret, such as `x5c`).
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.members.get(name)
    }

    /// Every member of the header.
    pub fn members(&self) -> &Map<String, Value> {
        &self.members
    }

    fn string(&self, name: &str) -> Option<&str> {
        self.members.get(name).and_then(Value::as_str)
    }
}

/// What the signer puts in the header besides `alg`.
pub(super) struct HeaderFields<'a> {
    pub unencoded: bool,
    pub kid: Option<&'a str>,
    pub typ: Option<&'a str>,
    pub cty: Option<&'a str>,
}

/// The header JSON for signing: compact, members in lexicographic order (`alg`, `b64`, `crit`,
/// `cty`, `kid`, `typ`), which is also its RFC 8785 canonical form. `{"alg":"EdDSA"}` when
/// nothing else is asked for (RFC 8037 Appendix A.4).
pub(super) fn build(fields: &HeaderFields<'_>) -> Result<Vec<u8>> {
    // Inserted in lexicographic order, so the output is the same whether serde_json's map keeps
    // keys sorted (the default) or in insertion order (`preserve_order`, should a dependency
    // ever turn it on).
    let mut map = Map::new();
    map.insert("alg".into(), ALG_EDDSA.into());
    if fields.unencoded {
        map.insert(B64.into(), false.into());
        map.insert("crit".into(), Value::Array(vec![B64.into()]));
    }
    for (name, value) in [
        ("cty", fields.cty),
        ("kid", fields.kid),
        ("typ", fields.typ),
    ] {
        if let Some(value) = value {
            map.insert(name.into(), value.into());
        }
    }
    serde_json::to_vec(&Value::Object(map)).map_err(|e| Error::JwsMalformed {
        reason: format!("cannot serialize the protected header: {e}"),
    })
}

/// Decodes the protected header part and applies the validation policy.
pub(super) fn parse(encoded: &str, names: AlgorithmNames) -> Result<Header> {
    let members = decode_protected_header(encoded, MAX_HEADER_LEN, &HEADER_ERRORS)?;
    check_alg(&members, names)?;
    check_crit(&members)?;
    check_b64(&members)?;
    for name in ["kid", "typ", "cty"] {
        if members.get(name).is_some_and(|v| !v.is_string()) {
            return Err(malformed(format!("`{name}` must be a string")));
        }
    }
    let jwk = match members.get("jwk") {
        None => None,
        Some(value) => {
            let jwk = Jwk::from_value(value)?;
            if jwk.is_private() {
                return Err(malformed("the `jwk` header carries a private key (`d`)"));
            }
            Some(jwk.public_key()?)
        }
    };
    Ok(Header { members, jwk })
}

/// How this module's protected header names its errors.
const HEADER_ERRORS: HeaderErrors = HeaderErrors {
    what: "JWS protected header",
    malformed: |reason| Error::JwsMalformed { reason },
    in_header: |source| Error::InJwsHeader { source },
};

fn check_alg(members: &Map<String, Value>, names: AlgorithmNames) -> Result<()> {
    match members.get("alg") {
        Some(Value::String(alg)) if alg == ALG_EDDSA => Ok(()),
        Some(Value::String(alg))
            if alg == ALG_ED25519 && names == AlgorithmNames::EdDsaOrEd25519 =>
        {
            Ok(())
        }
        Some(Value::String(alg)) => Err(Error::JwsAlgorithmUnsupported { alg: clip(alg, 64) }),
        Some(other) => Err(Error::JwsAlgorithmUnsupported {
            alg: clip(&other.to_string(), 64),
        }),
        None => Err(Error::JwsAlgorithmUnsupported {
            alg: "(missing)".into(),
        }),
    }
}

/// RFC 7515 §4.1.11: a non-empty array of distinct names, all understood (only `b64`), each
/// present in the header.
fn check_crit(members: &Map<String, Value>) -> Result<()> {
    let Some(crit) = members.get("crit") else {
        return Ok(());
    };
    let Value::Array(names) = crit else {
        return Err(malformed("`crit` must be an array"));
    };
    if names.is_empty() {
        return Err(malformed("`crit` must not be empty"));
    }
    let mut seen = BTreeSet::new();
    for name in names {
        let Value::String(name) = name else {
            return Err(malformed("`crit` must list strings"));
        };
        if !seen.insert(name.as_str()) {
            return Err(malformed(format!(
                "`crit` lists {:?} twice",
                clip(name, 64)
            )));
        }
        // Only `b64` is understood. This also refuses the names registered by RFC 7515, 7516
        // and 7518 (`alg`, `kid`, `x5c`, …), which RFC 7515 §4.1.11 forbids in `crit`.
        if name != B64 {
            return Err(Error::JwsCriticalUnsupported {
                name: clip(name, 64),
            });
        }
        if !members.contains_key(name) {
            return Err(malformed(format!(
                "`crit` lists {:?}, which is not in the header",
                clip(name, 64)
            )));
        }
    }
    Ok(())
}

/// RFC 7797 §3 and §6: `b64` is a boolean, and `false` must be marked critical.
fn check_b64(members: &Map<String, Value>) -> Result<()> {
    match members.get(B64) {
        None | Some(Value::Bool(true)) => Ok(()),
        Some(Value::Bool(false)) => {
            let listed = members
                .get("crit")
                .and_then(Value::as_array)
                .is_some_and(|names| names.iter().any(|n| n == B64));
            if listed {
                Ok(())
            } else {
                Err(malformed(
                    "`\"b64\": false` requires `crit` to list \"b64\" (RFC 7797 §6)",
                ))
            }
        }
        Some(_) => Err(malformed("`b64` must be a boolean")),
    }
}

pub(super) fn malformed(reason: impl Into<String>) -> Error {
    Error::JwsMalformed {
        reason: reason.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::encoding::base64url_encode;

    fn parse_json(json: &str) -> Result<Header> {
        parse(
            &base64url_encode(json.as_bytes()),
            AlgorithmNames::EdDsaOnly,
        )
    }

    #[test]
    fn ed25519_only_when_asked() {
        let json = r#"{"alg":"Ed25519"}"#;
        assert_eq!(
            parse_json(json).unwrap_err().code(),
            "jws.algorithm_unsupported"
        );
        let h = parse(
            &base64url_encode(json.as_bytes()),
            AlgorithmNames::EdDsaOrEd25519,
        )
        .unwrap();
        assert_eq!(h.alg(), "Ed25519");
    }

    #[test]
    fn build_orders_members_lexicographically() {
        let all = HeaderFields {
            unencoded: true,
            kid: Some("k\"1"),
            typ: Some("JOSE"),
            cty: Some("json"),
        };
        assert_eq!(
            String::from_utf8(build(&all).unwrap()).unwrap(),
            r#"{"alg":"EdDSA","b64":false,"crit":["b64"],"cty":"json","kid":"k\"1","typ":"JOSE"}"#
        );
        let none = HeaderFields {
            unencoded: false,
            kid: None,
            typ: None,
            cty: None,
        };
        assert_eq!(build(&none).unwrap(), br#"{"alg":"EdDSA"}"#);
    }

    #[test]
    fn duplicate_members_are_refused_at_any_depth() {
        for json in [
            r#"{"alg":"EdDSA","alg":"EdDSA"}"#,
            r#"{"alg":"EdDSA","x":[{"a":1,"a":2}]}"#,
        ] {
            assert_eq!(
                parse_json(json).unwrap_err().code(),
                "json.duplicate_key",
                "{json}"
            );
        }
        assert!(parse_json(r#"{"alg":"EdDSA","x":[{"a":1},{"a":2}]}"#).is_ok());
    }

    #[test]
    fn accessors() {
        let h = parse_json(r#"{"alg":"EdDSA","kid":"k","typ":"t","cty":"c","x":1}"#).unwrap();
        assert_eq!(
            (h.alg(), h.kid(), h.typ(), h.cty()),
            ("EdDSA", Some("k"), Some("t"), Some("c"))
        );
        assert!(h.payload_encoded());
        assert_eq!(h.get("x"), Some(&Value::from(1)));
        assert_eq!(h.members().len(), 5);
        assert!(h.jwk().is_none());
    }

    #[test]
    fn long_values_are_truncated_in_errors() {
        let long = "A".repeat(10_000);
        let err = parse_json(&format!(r#"{{"alg":"{long}"}}"#)).unwrap_err();
        assert!(err.to_string().len() < 200, "{err}");
    }
}
