//! SD-JWT VC: SD-JWT-based Verifiable Digital Credentials, following
//! **draft-ietf-oauth-sd-jwt-vc-18** (3 August 2026) on top of RFC 9901.
//!
//! An SD-JWT VC is an SD-JWT ([`super`]) whose issuer-signed JWT is typed `dc+sd-jwt` and
//! whose payload says what kind of credential it is (`vct`), who issued it (`iss`), when
//! (`iat`, `nbf`, `exp`), and to whose key it is bound (`cnf`). [`issue_vc`] refuses to sign
//! one that breaks the profile; [`SdJwtVcVerifier`] runs every rule of
//! [`SdJwtVerifier`] and the profile's, and returns a
//! [`VerifiedSdJwtVc`], which only it constructs.
//!
//! ```
//! use govblocks_core::clock::FixedClock;
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::Verifier;
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_identity::sd_jwt::{self, vc, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVerifier};
//! use serde_json::json;
//! use time::OffsetDateTime;
//!
//! let registry = SecretKey::from_seed(&[1; 32]);
//! let olena = SecretKey::from_seed(&[2; 32]);
//! let now = OffsetDateTime::from_unix_timestamp(1_767_268_800).unwrap();
//! let claims = json!({
//!     "vct": "https://credentials.example.gov/residence/1",
//!     "iss": registry.public_key().did(),
//!     "iat": 1_767_268_800,
//!     "district": "Podilskyi", "street": "Kontraktova 4",
//! });
//! let options = IssueOptions::new().disclose("/district").disclose("/street").holder(olena.public_key());
//! let issued = vc::issue_vc(&claims, &options, &registry)?;
//!
//! let kb = KeyBindingClaims::new("https://office.example.gov", "n-1", now);
//! let presented = sd_jwt::present(issued.compact(), &["/district".into()], &olena, &kb, &Limits::default())?;
//! let verifier = vc::SdJwtVcVerifier::new(SdJwtVerifier::new(
//!     Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(registry.public_key().did()))
//!         .with_clock(FixedClock::new(now)),
//! ))
//! .expect_vct("https://credentials.example.gov/residence/1");
//! let verified = verifier.verify(&presented, &KeyBinding::required("https://office.example.gov", "n-1"))?;
//! assert_eq!(verified.vct(), "https://credentials.example.gov/residence/1");
//! assert_eq!(verified.issuer(), registry.public_key().did());
//! assert_eq!(verified.claims()["district"], "Podilskyi");
//! assert_eq!(verified.disclosed(), ["/district"]);
//! assert!(verified.claims().get("street").is_none());
//!
//! // The registry's own name cannot be hidden: iss is never selectively disclosable.
//! let err = vc::issue_vc(&claims, &options.clone().disclose("/iss"), &registry).unwrap_err();
//! assert_eq!(err.code(), "sdjwtvc.not_disclosable");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! ## The rules, in the verifier's order
//!
//! First every rule of [`SdJwtVerifier::verify`] up to the
//! issuer's signature and payload (its rules 1 to 5), then:
//!
//! | # | rule (draft section) | code |
//! | --- | --- | --- |
//! | A | the header's `typ` is `dc+sd-jwt`, or the older `vc+sd-jwt` (unless [`SdJwtVcVerifier::refuse_legacy_typ`]) (§2.2.1) | `sdjwtvc.typ_invalid` |
//! | B | a `cnf` when the verifier requires a key binding (§2.2.2.3, §2.4) | `sdjwtvc.cnf_missing` |
//! | — | the SD-JWT's own rules 6 to 9 (`cnf.jwk`, the disclosures) | `sdjwt.*` |
//! | C | no disclosure discloses `iss`, `nbf`, `exp`, `cnf`, `vct`, `vct#integrity`, `aka_vcts` or `status`, nor anything inside them (§2.2.2.3) | `sdjwtvc.not_disclosable` |
//! | D | `vct` present (§2.2.2.3) | `sdjwtvc.vct_missing` |
//! | E | `vct` a collision-resistant name: a string, an absolute URI (`scheme:rest`, no white space or control characters), at most 2,048 bytes (§2.2.2.1); `vct#integrity`, when present, W3C SRI integrity metadata (`sha256-…`, `sha384-…` or `sha512-…`) (§5); `vct` the one the verifier expects ([`SdJwtVcVerifier::expect_vct`]) | `sdjwtvc.vct_invalid` |
//! | F | `iss` present | `sdjwtvc.iss_missing` |
//! | G | `iss` a non-empty string | `sdjwtvc.iss_invalid` |
//! | H | `sub`, when present, a string (RFC 7519 §4.1.2) | `sdjwtvc.sub_invalid` |
//! | I | `iat`, `nbf`, `exp`, when present, NumericDates (RFC 7519 §2), `exp` not before `nbf` | `sdjwtvc.date_invalid` |
//! | J | the issuer's key is controlled by `iss`: the controller the resolver said is `iss` (or, with a pinned key, `iss` is that key's `did:key`) (§2.4, §2.5) | `sdjwtvc.issuer_mismatch` |
//! | K | `iat` not after the verifier's clock plus the skew | `sdjwtvc.issued_in_future` |
//! | — | the SD-JWT's rules 10 to 17 (`exp`, `nbf` with the skew; the key binding) | `sdjwt.*` |
//!
//! ## Choices and deviations
//!
//! * **`iss` is required** (the draft makes it OPTIONAL when the issuer is conveyed by other
//!   means, such as an `x5c` header): govblocks finds the issuer's key by DID resolution (an
//!   ecosystem-specific mechanism, which §2.5 allows), so the issuer is the DID in `iss` and the
//!   signing key must be one it controls, as a Data Integrity credential's `issuer` must
//!   control its proof's key (`credential.issuer_mismatch`). JWT VC Issuer Metadata (§3) and
//!   X.509 (`x5c`) are not supported.
//! * **`sub` and `iat` may be selectively disclosable**, as §2.2.2.3 says they MAY: a `sub` is
//!   a correlatable identifier the holder may keep to themself. The other registered claims of
//!   §2.2.2.3 never are.
//! * **`status`** is passed through untouched, always visible (never disclosable); checking it
//!   against a Token Status List is not done here.
//! * **Type Metadata** (§4) is not retrieved and `vct#integrity` is not checked against any
//!   document (nothing is fetched); its shape is checked.
//! * Rules C to K run on the processed claims, so a `sub` or `iat` that came from a
//!   disclosure is checked like a visible one.

use super::issue::{issue, IssueOptions, Issued, TYP_DC_SD_JWT};
use super::verify::{
    KeyBinding, ProcessedClaims, Profile, SdJwtVerifier, VerifiedKeyBinding, VerifiedSdJwt,
};
use super::wire::{self, clip};
use crate::error::{Error, Result};
use govblocks_core::keys::PublicKey;
use govblocks_core::signer::Signer;
use serde_json::{Map, Value};
use time::OffsetDateTime;

/// The `typ` SD-JWT VCs were issued with until November 2024 (draft §2.2.1), accepted on input
/// during the transition, never issued.
pub const TYP_VC_SD_JWT: &str = "vc+sd-jwt";

/// The top-level claims that are never selectively disclosable in an SD-JWT VC (draft
/// §2.2.2.3), nor anything inside them.
pub const NEVER_DISCLOSABLE: &[&str] = &[
    "iss",
    "nbf",
    "exp",
    "cnf",
    "vct",
    "vct#integrity",
    "aka_vcts",
    "status",
];

/// The longest `vct` accepted, in bytes.
pub const MAX_VCT_BYTES: usize = 2048;

/// Issues `claims` as an SD-JWT VC: [`issue`](super::issue()) with the header `typ`
/// `dc+sd-jwt`, after the profile's rules.
///
/// Refused (each with its code): a `typ` other than `dc+sd-jwt` in `options`
/// (`sdjwtvc.typ_invalid`); a pointer at or below a claim of [`NEVER_DISCLOSABLE`]
/// (`sdjwtvc.not_disclosable`); a missing or malformed `vct`, `iss`, `sub`, `iat`, `nbf` or
/// `exp` (`sdjwtvc.vct_missing`, `sdjwtvc.vct_invalid`, `sdjwtvc.iss_missing`,
/// `sdjwtvc.iss_invalid`, `sdjwtvc.sub_invalid`, `sdjwtvc.date_invalid`); an `iss` that is not
/// the DID of the signer's verification method (`sdjwtvc.issuer_mismatch`: a verifier would
/// refuse it); then everything [`issue`](super::issue()) refuses. With no pointer to disclose,
/// no decoy is written either: an SD-JWT VC without selectively disclosable claims has no `_sd`
/// (draft §2.2.2.5).
pub fn issue_vc(claims: &Value, options: &IssueOptions, signer: &dyn Signer) -> Result<Issued> {
    let Value::Object(map) = claims else {
        return Err(Error::SdJwtPayloadInvalid {
            reason: "the claims to issue are not a JSON object".into(),
        });
    };
    match options.typ_value() {
        None | Some(TYP_DC_SD_JWT) => {}
        Some(other) => {
            return Err(Error::VcTypInvalid {
                found: Some(other.to_string()),
            })
        }
    }
    for pointer in options.pointers() {
        let normal = wire::normalize_pointer(pointer)?;
        check_disclosable(&normal)?;
    }
    let fields = Fields::read(map)?;
    let signer_did = controller_of(&signer.verification_method()).to_string();
    if fields.issuer != signer_did {
        return Err(Error::VcIssuerMismatch {
            iss: clip(&fields.issuer, 200),
            signer: signer_did,
        });
    }
    let mut options = options.clone().typ(TYP_DC_SD_JWT);
    if options.pointers().is_empty() {
        // §2.2.2.5: without selectively disclosable claims, no `_sd` (decoys alone would write
        // one).
        options = options.decoys(0);
    }
    issue(claims, &options, signer)
}

/// The DID of a verification method (`did:…#fragment` → `did:…`).
fn controller_of(verification_method: &str) -> &str {
    verification_method
        .split_once('#')
        .map_or(verification_method, |(did, _)| did)
}

/// `sdjwtvc.not_disclosable` when `pointer` (normalized) is at or below a claim of
/// [`NEVER_DISCLOSABLE`].
fn check_disclosable(pointer: &str) -> Result<()> {
    let first = pointer
        .strip_prefix('/')
        .map(|rest| rest.split('/').next().unwrap_or_default())
        .unwrap_or_default();
    // The names of NEVER_DISCLOSABLE hold neither `~` nor `/`: their escaped token is the name.
    if NEVER_DISCLOSABLE.contains(&first) {
        return Err(Error::VcClaimNotDisclosable {
            claim: clip(pointer, 200),
        });
    }
    Ok(())
}

/// The profile's claims, read and checked (rules D to I).
struct Fields {
    vct: String,
    vct_integrity: Option<String>,
    issuer: String,
    subject: Option<String>,
    issued_at: Option<i64>,
    not_before: Option<i64>,
    expires_at: Option<i64>,
}

impl Fields {
    fn read(claims: &Map<String, Value>) -> Result<Self> {
        let vct = match claims.get("vct") {
            None => return Err(Error::VctMissing),
            Some(Value::String(vct)) => {
                check_vct(vct)?;
                vct.clone()
            }
            Some(_) => return Err(vct_invalid("`vct` is not a string")),
        };
        let vct_integrity = match claims.get("vct#integrity") {
            None => None,
            Some(Value::String(sri)) => {
                check_sri(sri)?;
                Some(sri.clone())
            }
            Some(_) => return Err(vct_invalid("`vct#integrity` is not a string")),
        };
        let issuer = match claims.get("iss") {
            None => return Err(Error::VcIssuerMissing),
            Some(Value::String(iss)) if !iss.is_empty() => iss.clone(),
            Some(Value::String(_)) => {
                return Err(Error::VcIssuerInvalid {
                    reason: "`iss` is empty".into(),
                })
            }
            Some(_) => {
                return Err(Error::VcIssuerInvalid {
                    reason: "`iss` is not a string".into(),
                })
            }
        };
        let subject = match claims.get("sub") {
            None => None,
            Some(Value::String(sub)) => Some(sub.clone()),
            Some(_) => {
                return Err(Error::VcSubjectInvalid {
                    reason: "`sub` is not a string".into(),
                })
            }
        };
        let issued_at = numeric_date(claims, "iat")?;
        let not_before = numeric_date(claims, "nbf")?;
        let expires_at = numeric_date(claims, "exp")?;
        if let (Some(nbf), Some(exp)) = (not_before, expires_at) {
            if exp < nbf {
                return Err(Error::VcDateInvalid {
                    claim: "exp".into(),
                    reason: format!("{exp} is before nbf {nbf}: never valid"),
                });
            }
        }
        Ok(Fields {
            vct,
            vct_integrity,
            issuer,
            subject,
            issued_at,
            not_before,
            expires_at,
        })
    }
}

/// A NumericDate (RFC 7519 §2): a JSON number of seconds since the epoch, fractions allowed
/// (kept to the whole second below), within ±10^15.
fn numeric_date(claims: &Map<String, Value>, name: &str) -> Result<Option<i64>> {
    let invalid = |reason: &str| Error::VcDateInvalid {
        claim: name.to_string(),
        reason: reason.to_string(),
    };
    match claims.get(name) {
        None => Ok(None),
        Some(Value::Number(n)) => match n.as_i64() {
            Some(s) if s.unsigned_abs() < 1_000_000_000_000_000 => Ok(Some(s)),
            Some(_) => Err(invalid("out of range")),
            None => n
                .as_f64()
                .filter(|f| f.is_finite() && f.abs() < 1e15)
                .map(|f| Some(f.floor() as i64))
                .ok_or_else(|| invalid("out of range")),
        },
        Some(_) => Err(invalid("not a NumericDate (a number of seconds)")),
    }
}

fn vct_invalid(reason: &str) -> Error {
    Error::VctInvalid {
        reason: reason.to_string(),
    }
}

/// A collision-resistant name (RFC 7515 §2), as govblocks reads it: an absolute URI
/// (`scheme:rest`, RFC 3986 §3.1 scheme), no white space or control characters, at most
/// [`MAX_VCT_BYTES`].
fn check_vct(vct: &str) -> Result<()> {
    if vct.is_empty() {
        return Err(vct_invalid("`vct` is empty"));
    }
    if vct.len() > MAX_VCT_BYTES {
        return Err(vct_invalid("`vct` is longer than 2,048 bytes"));
    }
    if vct.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(vct_invalid("`vct` holds white space or control characters"));
    }
    let Some((scheme, rest)) = vct.split_once(':') else {
        return Err(vct_invalid(
            "`vct` is not a collision-resistant name: an absolute URI (https://…, urn:…) is expected",
        ));
    };
    let mut chars = scheme.chars();
    let scheme_ok = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok || rest.is_empty() {
        return Err(vct_invalid(
            "`vct` is not a collision-resistant name: an absolute URI (https://…, urn:…) is expected",
        ));
    }
    Ok(())
}

/// W3C Subresource Integrity metadata (SRI §3.5): one or more white-space separated
/// `sha256-`, `sha384-` or `sha512-` base64 digests of the right length, each optionally
/// followed by `?options`.
fn check_sri(sri: &str) -> Result<()> {
    let invalid = || vct_invalid("`vct#integrity` is not SRI integrity metadata (sha256-<base64>)");
    let mut any = false;
    for item in sri.split_ascii_whitespace() {
        any = true;
        let item = item.split_once('?').map_or(item, |(hash, _)| hash);
        let (alg, digest) = item.split_once('-').ok_or_else(invalid)?;
        let expected = match alg {
            "sha256" => 44,
            "sha384" => 64,
            "sha512" => 88,
            _ => return Err(invalid()),
        };
        if digest.len() != expected
            || !digest
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='))
        {
            return Err(invalid());
        }
    }
    if !any {
        return Err(invalid());
    }
    Ok(())
}

/// Verifies SD-JWT VCs: every rule of [`SdJwtVerifier`] (its resolver and trust list or pinned
/// key, its limits, clock and skew, its key-binding age), and the profile's (see the [module
/// documentation](self) for the order and codes).
pub struct SdJwtVcVerifier {
    inner: SdJwtVerifier,
    legacy_typ: bool,
    expected_vct: Option<String>,
}

impl SdJwtVcVerifier {
    /// Verifies with `verifier`'s rules and the profile's; the older `typ` `vc+sd-jwt` is
    /// accepted, and any `vct`.
    pub fn new(verifier: SdJwtVerifier) -> Self {
        SdJwtVcVerifier {
            inner: verifier,
            legacy_typ: true,
            expected_vct: None,
        }
    }

    /// Refuses the older `typ` `vc+sd-jwt` too (`sdjwtvc.typ_invalid`): only `dc+sd-jwt`.
    pub fn refuse_legacy_typ(mut self) -> Self {
        self.legacy_typ = false;
        self
    }

    /// Accepts only SD-JWT VCs of this type (`vct` compared exactly, as it is case-sensitive;
    /// another is `sdjwtvc.vct_invalid`).
    pub fn expect_vct(mut self, vct: impl Into<String>) -> Self {
        self.expected_vct = Some(vct.into());
        self
    }

    /// The SD-JWT verifier underneath.
    pub fn sd_jwt_verifier(&self) -> &SdJwtVerifier {
        &self.inner
    }

    /// Verifies `presentation` (an SD-JWT VC, or its presentation with a key binding) under
    /// `binding`.
    pub fn verify(&self, presentation: &str, binding: &KeyBinding) -> Result<VerifiedSdJwtVc> {
        let mut profile = VcProfile {
            verifier: self,
            fields: None,
        };
        let verified = self
            .inner
            .verify_with(presentation, binding, Some(&mut profile))?;
        // Read and checked by `processed`, which always runs before a verification succeeds.
        let Some(fields) = profile.fields else {
            return Err(wire::malformed("the payload is not a JSON object"));
        };
        let status = verified.claims().get("status").cloned();
        Ok(VerifiedSdJwtVc {
            vct: fields.vct,
            vct_integrity: fields.vct_integrity,
            issuer: fields.issuer,
            subject: fields.subject,
            issued_at: fields.issued_at,
            not_before: fields.not_before,
            expires_at: fields.expires_at,
            status,
            sd_jwt: verified,
        })
    }
}

/// The profile's rules for one verification, keeping the claims [`Fields::read`] read (once).
struct VcProfile<'a> {
    verifier: &'a SdJwtVcVerifier,
    fields: Option<Fields>,
}

impl Profile for VcProfile<'_> {
    fn issuer_signed(
        &mut self,
        typ: Option<&str>,
        payload: &Value,
        binding: &KeyBinding,
    ) -> Result<()> {
        let accepted = match typ {
            Some(TYP_DC_SD_JWT) => true,
            Some(TYP_VC_SD_JWT) => self.verifier.legacy_typ,
            _ => false,
        };
        if !accepted {
            return Err(Error::VcTypInvalid {
                found: typ.map(|t| clip(t, 64)),
            });
        }
        if matches!(binding, KeyBinding::Required { .. }) && payload.get("cnf").is_none() {
            return Err(Error::VcConfirmationMissing);
        }
        Ok(())
    }

    fn processed(&mut self, processed: &ProcessedClaims<'_>) -> Result<()> {
        for pointer in processed.pointers {
            check_disclosable(pointer)?;
        }
        let Value::Object(claims) = processed.claims else {
            return Err(wire::malformed("the payload is not a JSON object"));
        };
        let fields = Fields::read(claims)?;
        if let Some(expected) = &self.verifier.expected_vct {
            if &fields.vct != expected {
                return Err(Error::VctInvalid {
                    reason: format!(
                        "the type is {:?}, the verifier expects {:?}",
                        clip(&fields.vct, 200),
                        clip(expected, 200)
                    ),
                });
            }
        }
        let pinned;
        let signer = match (processed.controller, processed.pinned) {
            (Some(controller), _) => controller,
            (None, Some(key)) => {
                pinned = key.did();
                pinned.as_str()
            }
            // Unreachable: a verified signature has a controller or a pinned key.
            (None, None) => "",
        };
        if fields.issuer != signer {
            return Err(Error::VcIssuerMismatch {
                iss: clip(&fields.issuer, 200),
                signer: clip(signer, 200),
            });
        }
        if let Some(iat) = fields.issued_at {
            let latest = processed
                .now
                .unix_timestamp()
                .saturating_add(processed.skew.whole_seconds());
            if iat > latest {
                return Err(Error::VcIssuedInFuture { iat });
            }
        }
        self.fields = Some(fields);
        Ok(())
    }
}

/// An SD-JWT VC that verified. Only [`SdJwtVcVerifier::verify`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedSdJwtVc {
    vct: String,
    vct_integrity: Option<String>,
    issuer: String,
    subject: Option<String>,
    issued_at: Option<i64>,
    not_before: Option<i64>,
    expires_at: Option<i64>,
    status: Option<Value>,
    sd_jwt: VerifiedSdJwt,
}

impl VerifiedSdJwtVc {
    /// `vct`: the credential's type.
    pub fn vct(&self) -> &str {
        &self.vct
    }

    /// `vct#integrity`, as written (not checked against any document).
    pub fn vct_integrity(&self) -> Option<&str> {
        self.vct_integrity.as_deref()
    }

    /// `iss`: the issuer, a DID that controls the key that signed.
    pub fn issuer(&self) -> &str {
        &self.issuer
    }

    /// `sub`, when present (always visible or disclosed).
    pub fn subject(&self) -> Option<&str> {
        self.subject.as_deref()
    }

    /// `iat`, seconds since the epoch, when present (always visible or disclosed).
    pub fn issued_at(&self) -> Option<i64> {
        self.issued_at
    }

    /// `nbf`, seconds since the epoch (checked against the verifier's clock).
    pub fn not_before(&self) -> Option<i64> {
        self.not_before
    }

    /// `exp`, seconds since the epoch (checked against the verifier's clock).
    pub fn expires_at(&self) -> Option<i64> {
        self.expires_at
    }

    /// `status`, passed through as the issuer wrote it: **not checked** here.
    pub fn status(&self) -> Option<&Value> {
        self.status.as_ref()
    }

    /// The processed claims: the always-visible ones and exactly the disclosed ones.
    pub fn claims(&self) -> &Value {
        self.sd_jwt.claims()
    }

    /// The JSON Pointers of the claims that were disclosed (one per disclosure presented).
    pub fn disclosed(&self) -> &[String] {
        self.sd_jwt.disclosed_pointers()
    }

    /// The holder's key (`cnf.jwk`), if the credential binds one.
    pub fn holder(&self) -> Option<&PublicKey> {
        self.sd_jwt.holder()
    }

    /// The key binding, when the presentation had one.
    pub fn key_binding(&self) -> Option<&VerifiedKeyBinding> {
        self.sd_jwt.key_binding()
    }

    /// The header's `typ`: `dc+sd-jwt`, or the older `vc+sd-jwt`.
    pub fn typ(&self) -> &str {
        self.sd_jwt.typ().unwrap_or(TYP_DC_SD_JWT)
    }

    /// The SD-JWT underneath, as [`SdJwtVerifier::verify`] returns it.
    pub fn sd_jwt(&self) -> &VerifiedSdJwt {
        &self.sd_jwt
    }

    /// The claims, taken out.
    pub fn into_claims(self) -> Value {
        self.sd_jwt.into_claims()
    }
}

/// The seconds of `time` as a NumericDate.
pub(crate) fn numeric(time: OffsetDateTime) -> Value {
    Value::from(time.unix_timestamp())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vct_shapes() {
        for good in [
            "https://credentials.example.gov/id/1",
            "urn:eudi:pid:1",
            "urn:govblocks:x",
        ] {
            check_vct(good).unwrap();
        }
        for bad in [
            "",
            "IdentityCredential",
            ":x",
            "1a:x",
            "a b:c",
            "x:",
            "ht tp://a",
        ] {
            assert_eq!(
                check_vct(bad).unwrap_err().code(),
                "sdjwtvc.vct_invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn sri_shapes() {
        let sha256 = format!("sha256-{}", "A".repeat(43) + "=");
        check_sri(&sha256).unwrap();
        check_sri(&format!("{sha256} sha384-{}", "b".repeat(64))).unwrap();
        for bad in ["", "md5-abc", "sha256-short", "sha256", " "] {
            assert!(check_sri(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn disclosable_pointers() {
        for never in [
            "/iss",
            "/vct",
            "/status",
            "/status/status_list/idx",
            "/cnf/jwk",
            "/vct#integrity",
        ] {
            assert!(check_disclosable(never).is_err(), "{never}");
        }
        for ok in ["/sub", "/iat", "/given_name", "/address/exp", "/issuer"] {
            check_disclosable(ok).unwrap();
        }
    }
}
