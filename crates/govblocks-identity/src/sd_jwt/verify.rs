//! The verifier's side (RFC 9901 §7.1 and §7.3): the issuer's signature under core's resolver
//! and trust list (or a key the caller pins), the disclosures ([`rules`](mod@super::rules)), the
//! validity window, and the key binding when the verifier requires one.

use super::rules;
use super::wire::clip;
use super::wire::{self, Limits, TYP_KB_JWT};
use crate::error::{Error, Result};
use govblocks_core::clock::DEFAULT_SKEW;
use govblocks_core::jws::{self, AlgorithmNames, PreparedJws, VerifiedJws};
use govblocks_core::keys::{Jwk, PublicKey};
use govblocks_core::proof::Verifier;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// Whether the verifier requires a key binding, and to what. The decision is the verifier's
/// policy, never whether the presentation happens to carry one (RFC 9901 §7.3 step 1).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum KeyBinding {
    /// A key-binding JWT for this audience and nonce, signed by the `cnf` key, is required.
    Required {
        /// The expected `aud`.
        audience: String,
        /// The expected `nonce`.
        nonce: String,
    },
    /// No key binding is required. One that is present is still checked (signature by the
    /// `cnf` key, `typ`, `iat`, `sd_hash`), its `aud` and `nonce` are reported, not judged.
    NotRequired,
}

impl KeyBinding {
    /// [`KeyBinding::Required`].
    pub fn required(audience: impl Into<String>, nonce: impl Into<String>) -> Self {
        KeyBinding::Required {
            audience: audience.into(),
            nonce: nonce.into(),
        }
    }
}

/// A verified key binding: what the holder signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedKeyBinding {
    audience: String,
    nonce: String,
    issued_at: i64,
}

impl VerifiedKeyBinding {
    /// `aud`.
    pub fn audience(&self) -> &str {
        &self.audience
    }
    /// `nonce`.
    pub fn nonce(&self) -> &str {
        &self.nonce
    }
    /// `iat`, seconds since the epoch.
    pub fn issued_at(&self) -> i64 {
        self.issued_at
    }
}

/// An SD-JWT (or SD-JWT+KB) that verified. Only [`SdJwtVerifier::verify`] makes one.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedSdJwt {
    claims: Value,
    issuer: Option<String>,
    typ: Option<String>,
    holder: Option<PublicKey>,
    key_binding: Option<VerifiedKeyBinding>,
    disclosures: usize,
    disclosed: Vec<String>,
}

impl VerifiedSdJwt {
    /// The processed payload (RFC 9901 §7.1): the always-visible claims and exactly the
    /// disclosed ones, without `_sd`, `_sd_alg` or the digests of undisclosed array elements.
    pub fn claims(&self) -> &Value {
        &self.claims
    }

    /// The claims, taken out.
    pub fn into_claims(self) -> Value {
        self.claims
    }

    /// The controller of the issuer's key, as the resolver said (`None` when the verifier was
    /// given the key itself, [`SdJwtVerifier::with_issuer_key`]).
    pub fn issuer(&self) -> Option<&str> {
        self.issuer.as_deref()
    }

    /// The issuer-signed JWT's `typ`, if any.
    pub fn typ(&self) -> Option<&str> {
        self.typ.as_deref()
    }

    /// The holder's key of `cnf.jwk`, if the SD-JWT binds one.
    pub fn holder(&self) -> Option<&PublicKey> {
        self.holder.as_ref()
    }

    /// The key binding, when the presentation had one (always, under [`KeyBinding::Required`]).
    pub fn key_binding(&self) -> Option<&VerifiedKeyBinding> {
        self.key_binding.as_ref()
    }

    /// How many disclosures were presented.
    pub fn disclosure_count(&self) -> usize {
        self.disclosures
    }

    /// Where each presented disclosure landed in [`claims`](Self::claims), by position: the
    /// JSON Pointers of the disclosed claims (RFC 6901), in the order the disclosures came.
    pub fn disclosed_pointers(&self) -> &[String] {
        &self.disclosed
    }
}

/// A profile of SD-JWT (SD-JWT VC, [`super::vc`]) hooks its own rules into
/// [`SdJwtVerifier::verify`]'s order: once the issuer's signature is verified, and once the
/// disclosures are processed (before the validity window and the key binding).
pub(crate) trait Profile {
    /// After the issuer's signature (rule 5): the header's `typ`, the issuer-signed payload
    /// (nothing disclosed yet), the verifier's key-binding policy.
    fn issuer_signed(
        &mut self,
        typ: Option<&str>,
        payload: &Value,
        binding: &KeyBinding,
    ) -> Result<()>;

    /// After the disclosures (rule 9): the processed claims, the pointer of each disclosure,
    /// who signed (the controller the resolver said, or the pinned key), the verifier's clock.
    /// `&mut self`, so that the profile can keep what it read for its own result.
    fn processed(&mut self, processed: &ProcessedClaims<'_>) -> Result<()>;
}

/// What [`Profile::processed`] is given.
pub(crate) struct ProcessedClaims<'a> {
    pub claims: &'a Value,
    pub pointers: &'a [String],
    pub controller: Option<&'a str>,
    pub pinned: Option<&'a PublicKey>,
    pub now: OffsetDateTime,
    pub skew: Duration,
}

/// Verifies SD-JWTs and SD-JWT+KBs.
///
/// The issuer's JWT is verified by core's [`Verifier::verify_jws_accepting`] (its `kid` resolved,
/// the key authorised for the verifier's purpose, default `assertionMethod`, and its controller
/// trusted), or with a pinned key ([`SdJwtVerifier::with_issuer_key`]); `alg` `EdDSA`, or
/// `Ed25519` (RFC 9864). Time is the core verifier's clock and skew.
pub struct SdJwtVerifier {
    verifier: Verifier,
    issuer_key: Option<PublicKey>,
    limits: Limits,
    max_age: Duration,
}

impl SdJwtVerifier {
    /// A verifier that finds the issuer's key through `verifier`'s resolver and trust list.
    pub fn new(verifier: Verifier) -> Self {
        SdJwtVerifier {
            verifier,
            issuer_key: None,
            limits: Limits::default(),
            max_age: DEFAULT_SKEW,
        }
    }

    /// Verifies the issuer's signature with this key instead (no resolver, no trust list: the
    /// caller chose the key). The clock and skew are still `verifier`'s.
    pub fn with_issuer_key(mut self, key: PublicKey) -> Self {
        self.issuer_key = Some(key);
        self
    }

    /// Other size bounds (default [`Limits::default`]).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// The oldest a key-binding JWT may be (default five minutes), the skew added.
    pub fn with_key_binding_max_age(mut self, max_age: Duration) -> Self {
        self.max_age = max_age;
        self
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Verifies `presentation` under `binding` (see the [module docs](super) for every rule and
    /// its code).
    pub fn verify(&self, presentation: &str, binding: &KeyBinding) -> Result<VerifiedSdJwt> {
        self.verify_with(presentation, binding, None)
    }

    /// [`verify`](Self::verify), with a profile's rules hooked in.
    ///
    /// With a key binding, the issuer's and the holder's signatures are checked together, in
    /// one batch equation ([`jws::verify_pair`]), at the key binding's turn, after every other
    /// check that comes before it: the same checks in the same order, about a fifth less
    /// signature work. Nothing that pass read is trusted before the equation holds: if anything
    /// before it fails, or the equation does, the presentation is verified again one signature
    /// at a time, so that every error is the one, and comes in the order, of that plain pass.
    pub(crate) fn verify_with(
        &self,
        presentation: &str,
        binding: &KeyBinding,
        mut profile: Option<&mut dyn Profile>,
    ) -> Result<VerifiedSdJwt> {
        let parts = wire::split(presentation, &self.limits)?;
        if matches!(binding, KeyBinding::Required { .. }) && parts.key_binding.is_none() {
            return Err(Error::KeyBindingMissing);
        }
        if parts.key_binding.is_some() {
            match self.run(
                &parts,
                binding,
                profile.as_deref_mut(),
                Signatures::Together,
            ) {
                Ok(verified) => return Ok(verified),
                Err(Attempt::Final(error)) => return Err(error),
                Err(Attempt::OneByOne) => {}
            }
        }
        self.run(&parts, binding, profile, Signatures::OneByOne)
            .map_err(|attempt| match attempt {
                Attempt::Final(error) => error,
                // Unreachable: only a `Together` pass asks for another.
                Attempt::OneByOne => Error::KeyBindingSignature,
            })
    }

    /// The rules in order (see [`verify_with`](Self::verify_with)), the signatures checked as
    /// `signatures` says.
    fn run(
        &self,
        parts: &wire::Parts<'_>,
        binding: &KeyBinding,
        mut profile: Option<&mut (dyn Profile + '_)>,
        signatures: Signatures,
    ) -> std::result::Result<VerifiedSdJwt, Attempt> {
        // Before the equation holds nothing read is authentic: an error then says only that
        // the plain pass must find the real one.
        let early = |error: Error| match signatures {
            Signatures::Together => Attempt::OneByOne,
            Signatures::OneByOne => Attempt::Final(error),
        };
        let (jwt, issuer) = self
            .issuer_jwt(parts.issuer_jwt, signatures)
            .map_err(early)?;
        let typ = jwt.header().typ().map(str::to_string);
        if typ.as_deref() == Some(TYP_KB_JWT) {
            return Err(early(wire::malformed(
                "the issuer-signed JWT is typed kb+jwt",
            )));
        }
        let payload = wire::payload_json(jwt.payload(), &self.limits).map_err(early)?;
        if let Some(profile) = profile.as_deref_mut() {
            profile
                .issuer_signed(typ.as_deref(), &payload, binding)
                .map_err(early)?;
        }
        let holder = match payload.get("cnf") {
            None => None,
            Some(cnf) => match cnf.get("jwk") {
                None => None,
                Some(jwk) => Some(holder_key(jwk).map_err(early)?),
            },
        };
        let disclosures =
            wire::read_disclosures(&parts.disclosures, &self.limits).map_err(early)?;
        let count = disclosures.len();
        let processed = rules::process(payload, disclosures, &self.limits).map_err(early)?;
        let now = self.verifier.now();
        let skew = self.verifier.skew();
        if let Some(profile) = profile {
            profile
                .processed(&ProcessedClaims {
                    claims: &processed.claims,
                    pointers: &processed.pointers,
                    controller: issuer.as_deref(),
                    pinned: self.issuer_key.as_ref(),
                    now,
                    skew,
                })
                .map_err(early)?;
        }
        check_window(&processed.claims, now, skew).map_err(early)?;
        let key_binding = match (parts.key_binding, jwt) {
            (None, IssuerJwt::Verified(_)) => None,
            // Unreachable: a `Together` pass is made only with a key binding.
            (None, IssuerJwt::Prepared(_)) => return Err(Attempt::OneByOne),
            (Some(kb), jwt) => {
                let kb_jwt = self
                    .prepare_key_binding(kb, holder.as_ref())
                    .map_err(early)?;
                let kb_jwt = match jwt {
                    IssuerJwt::Verified(_) => kb_jwt.verify().map_err(kb_signature),
                    IssuerJwt::Prepared(issuer_jwt) => jws::verify_pair(issuer_jwt, kb_jwt)
                        .map(|(_, kb_jwt)| kb_jwt)
                        .map_err(|_| Error::KeyBindingSignature),
                }
                .map_err(early)?;
                // Both signatures hold: from here on, errors are the answer.
                Some(
                    self.key_binding(kb_jwt, parts.sd_jwt, binding, now, skew)
                        .map_err(Attempt::Final)?,
                )
            }
        };
        Ok(VerifiedSdJwt {
            claims: processed.claims,
            issuer,
            typ,
            holder,
            key_binding,
            disclosures: count,
            disclosed: processed.pointers,
        })
    }

    /// The issuer's JWT under the pinned key, or the verifier's resolver and trust list, and
    /// the controller of its key: verified, or (`Signatures::Together`) prepared for the
    /// equation with the key binding's signature.
    fn issuer_jwt<'a>(
        &self,
        jwt: &'a str,
        signatures: Signatures,
    ) -> Result<(IssuerJwt<'a>, Option<String>)> {
        let names = AlgorithmNames::EdDsaOrEd25519;
        let (prepared, issuer) = match &self.issuer_key {
            Some(key) => (
                jws::decode_unverified(jwt, names)?.prepare(key, None)?,
                None,
            ),
            None => {
                let (prepared, report) = self.verifier.prepare_jws_accepting(jwt, None, names)?;
                (prepared, Some(report.controller))
            }
        };
        let jwt = match signatures {
            Signatures::OneByOne => IssuerJwt::Verified(prepared.verify()?),
            Signatures::Together => IssuerJwt::Prepared(prepared),
        };
        Ok((jwt, issuer))
    }

    /// The key-binding JWT up to its signature: its `typ`, and the holder's key to check it.
    fn prepare_key_binding<'a>(
        &self,
        kb: &'a str,
        holder: Option<&PublicKey>,
    ) -> Result<PreparedJws<'a>> {
        // The header is read once: checked here, then verified with the same parse.
        let unverified = jws::decode_unverified(kb, AlgorithmNames::EdDsaOrEd25519)?;
        let typ = unverified.header().typ();
        if typ != Some(TYP_KB_JWT) {
            return Err(kb_invalid(format!(
                "`typ` is {:?}, not \"kb+jwt\"",
                typ.map(|t| clip(t, 64))
            )));
        }
        let Some(holder) = holder else {
            return Err(Error::ConfirmationKeyInvalid {
                reason: "the SD-JWT binds no holder key (cnf.jwk), so no key binding can verify"
                    .into(),
            });
        };
        unverified.prepare(holder, None).map_err(kb_signature)
    }

    /// The key-binding JWT's claims, its signature verified.
    fn key_binding(
        &self,
        verified: VerifiedJws,
        sd_jwt: &str,
        binding: &KeyBinding,
        now: OffsetDateTime,
        skew: Duration,
    ) -> Result<VerifiedKeyBinding> {
        let payload = wire::payload_json(verified.payload(), &self.limits)?;
        let Value::Object(mut claims) = payload else {
            return Err(kb_invalid("the payload is not a JSON object".into()));
        };
        // Taken out of the payload, not copied.
        let mut string = |name: &str| match claims.remove(name) {
            Some(Value::String(s)) => Ok(s),
            Some(_) => Err(kb_invalid(format!("`{name}` is not a string"))),
            None => Err(kb_invalid(format!("`{name}` is missing"))),
        };
        let audience = string("aud")?;
        let nonce = string("nonce")?;
        let sd_hash = string("sd_hash")?;
        let iat = match claims.get("iat") {
            Some(Value::Number(n)) => n
                .as_i64()
                .ok_or_else(|| kb_invalid("`iat` is not an integer".into()))?,
            Some(_) => return Err(kb_invalid("`iat` is not a number".into())),
            None => return Err(kb_invalid("`iat` is missing".into())),
        };
        let now_s = now.unix_timestamp();
        let skew_s = skew.whole_seconds();
        if iat > now_s.saturating_add(skew_s)
            || iat
                < now_s
                    .saturating_sub(self.max_age.whole_seconds())
                    .saturating_sub(skew_s)
        {
            return Err(Error::KeyBindingTime { iat });
        }
        if let KeyBinding::Required {
            audience: expected,
            nonce: expected_nonce,
        } = binding
        {
            if &audience != expected {
                return Err(Error::KeyBindingAudience {
                    expected: clip(expected, 200),
                    found: clip(&audience, 200),
                });
            }
            if &nonce != expected_nonce {
                return Err(Error::KeyBindingNonce);
            }
        }
        if sd_hash.as_bytes() != wire::digest_text(sd_jwt) {
            return Err(Error::KeyBindingSdHash);
        }
        Ok(VerifiedKeyBinding {
            audience,
            nonce,
            issued_at: iat,
        })
    }
}

/// How [`SdJwtVerifier::run`] checks the signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signatures {
    /// The issuer's and the key binding's in one equation, at the key binding's turn.
    Together,
    /// Each at its own turn.
    OneByOne,
}

/// Why a pass of [`SdJwtVerifier::run`] ended without a result.
enum Attempt {
    /// The answer.
    Final(Error),
    /// A `Together` pass met an error, or a failed equation, before the signatures were known
    /// to be good: the answer is the `OneByOne` pass's.
    OneByOne,
}

/// The issuer's JWT as a pass holds it.
#[allow(clippy::large_enum_variant)] // one a verification, on its stack
enum IssuerJwt<'a> {
    Verified(VerifiedJws),
    /// Checked but for its signature, which the equation with the key binding's will check.
    Prepared(PreparedJws<'a>),
}

impl IssuerJwt<'_> {
    fn header(&self) -> &jws::Header {
        match self {
            IssuerJwt::Verified(jwt) => jwt.header(),
            IssuerJwt::Prepared(jwt) => jwt.header(),
        }
    }

    /// Authentic only once the equation holds (see [`Attempt`]).
    fn payload(&self) -> &[u8] {
        match self {
            IssuerJwt::Verified(jwt) => jwt.payload(),
            IssuerJwt::Prepared(jwt) => jwt.unverified_payload(),
        }
    }
}

/// The key binding's signature refused gets its own code; core's other errors stay as they are.
fn kb_signature(error: govblocks_core::Error) -> Error {
    match error.code() {
        "jws.signature_invalid" => Error::KeyBindingSignature,
        _ => Error::Core(error),
    }
}

/// The holder's key of `cnf.jwk`: a public Ed25519 JWK (`kty` `OKP`, `crv` `Ed25519`, `x` the
/// key, `kid` a string if present, no `d`).
///
/// A well-formed public JWK is read straight from the payload's members, its point decompressed
/// once ([`Jwk::from_value`] followed by [`Jwk::public_key`] would decompress it twice: once to
/// check it, once to use it). Anything else goes through [`Jwk::from_value`], which refuses it
/// with its own reason, or is refused as a private key: the same answers, only the accepted
/// path is shorter.
fn holder_key(jwk: &Value) -> Result<PublicKey> {
    if let Some(key) = public_jwk(jwk) {
        return Ok(key);
    }
    Jwk::from_value(jwk)
        .and_then(|jwk| {
            if jwk.is_private() {
                Err(govblocks_core::Error::JwkInvalid {
                    reason: "a private key".into(),
                })
            } else {
                jwk.public_key()
            }
        })
        .map_err(|e| Error::ConfirmationKeyInvalid {
            reason: format!("cnf.jwk: {e}"),
        })
}

/// The key of a public Ed25519 JWK that [`Jwk::from_value`] accepts, or `None` for any other
/// value (left to it to refuse).
fn public_jwk(jwk: &Value) -> Option<PublicKey> {
    let members = jwk.as_object()?;
    // A member absent, or a string; `None` for another type.
    let string = |name: &str| match members.get(name) {
        None => Some(None),
        Some(Value::String(s)) => Some(Some(s.as_str())),
        Some(_) => None,
    };
    if string("kty")? != Some("OKP") || string("crv")? != Some("Ed25519") {
        return None;
    }
    if string("d")?.is_some() {
        return None;
    }
    string("kid")?;
    let x = string("x")??;
    let bytes = govblocks_core::encoding::base64url_decode_array::<32>(x, "x").ok()?;
    PublicKey::from_bytes(&bytes).ok()
}

/// `exp` and `nbf` of the processed payload (RFC 9901 §7.1 step 6), with the skew.
fn check_window(claims: &Value, now: OffsetDateTime, skew: Duration) -> Result<()> {
    let seconds = |name: &str| -> Result<Option<i64>> {
        match claims.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(s) => Ok(Some(s)),
                // A fractional NumericDate (RFC 7519 §2): the whole seconds, toward the
                // stricter side is not needed at this precision.
                None => n
                    .as_f64()
                    .filter(|f| f.is_finite() && f.abs() < 1e15)
                    .map(|f| Some(f as i64))
                    .ok_or_else(|| Error::SdJwtPayloadInvalid {
                        reason: format!("`{name}` is not a NumericDate"),
                    }),
            },
            Some(_) => Err(Error::SdJwtPayloadInvalid {
                reason: format!("`{name}` is not a NumericDate"),
            }),
        }
    };
    let now_s = now.unix_timestamp();
    let skew_s = skew.whole_seconds();
    if let Some(exp) = seconds("exp")? {
        if now_s > exp.saturating_add(skew_s) {
            return Err(Error::SdJwtExpired { exp });
        }
    }
    if let Some(nbf) = seconds("nbf")? {
        if now_s.saturating_add(skew_s) < nbf {
            return Err(Error::SdJwtNotYetValid { nbf });
        }
    }
    Ok(())
}

fn kb_invalid(reason: String) -> Error {
    Error::KeyBindingInvalid { reason }
}
