//! The JWS Compact Serialization (RFC 7515 §7.1): signing and verifying.

use super::header::{self, malformed, AlgorithmNames, Header, HeaderFields};
use crate::encoding::{base64url_decode, base64url_encode};
use crate::error::{Error, Result};
use crate::keys::PublicKey;
use crate::signer::Signer;
use std::borrow::Cow;

/// Where the payload goes, and how it is encoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PayloadMode {
    /// `header.payload.signature`, the payload base64url-encoded (RFC 7515).
    #[default]
    Attached,
    /// `header..signature`: the payload travels separately (RFC 7515 Appendix F) and is
    /// base64url-encoded only inside the signing input.
    Detached,
    /// `header..signature` with `"b64": false` and `"crit": ["b64"]` (RFC 7797): the signing
    /// input holds the payload bytes as they are. Only produced detached (RFC 7797 §5.2), so the
    /// payload may contain any byte, including `.`.
    DetachedUnencoded,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Kid {
    #[default]
    None,
    Signer,
    Given(String),
}

/// What to put in a new JWS besides the signature. The default is an attached payload and the
/// header `{"alg":"EdDSA"}`; build others with the constructors and `with_*` methods.
///
/// ```
/// use govblocks_core::jws::{JwsOptions, PayloadMode};
/// let options = JwsOptions::detached().with_signer_kid().with_typ("JOSE");
/// assert_eq!(options.payload_mode(), PayloadMode::Detached);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct JwsOptions {
    mode: PayloadMode,
    kid: Kid,
    typ: Option<String>,
    cty: Option<String>,
}

impl JwsOptions {
    /// Options with this payload mode and nothing else in the header.
    pub fn new(mode: PayloadMode) -> Self {
        JwsOptions {
            mode,
            ..Self::default()
        }
    }

    /// `header.payload.signature`.
    pub fn attached() -> Self {
        Self::new(PayloadMode::Attached)
    }

    /// `header..signature`, payload base64url-encoded in the signing input.
    pub fn detached() -> Self {
        Self::new(PayloadMode::Detached)
    }

    /// `header..signature` with the unencoded payload option (RFC 7797 `"b64": false`).
    pub fn detached_unencoded() -> Self {
        Self::new(PayloadMode::DetachedUnencoded)
    }

    /// Sets `kid` to this key id.
    pub fn with_kid(mut self, kid: impl Into<String>) -> Self {
        self.kid = Kid::Given(kid.into());
        self
    }

    /// Sets `kid` to the signer's verification method id ([`Signer::verification_method`]).
    pub fn with_signer_kid(mut self) -> Self {
        self.kid = Kid::Signer;
        self
    }

    /// Sets `typ`, the media type of the whole JWS (RFC 7515 §4.1.9).
    pub fn with_typ(mut self, typ: impl Into<String>) -> Self {
        self.typ = Some(typ.into());
        self
    }

    /// Sets `cty`, the media type of the payload (RFC 7515 §4.1.10).
    pub fn with_cty(mut self, cty: impl Into<String>) -> Self {
        self.cty = Some(cty.into());
        self
    }

    /// The payload mode.
    pub fn payload_mode(&self) -> PayloadMode {
        self.mode
    }
}

/// A JWS whose signature verified with the key the caller supplied.
///
/// Only [`verify`] builds one. The header and payload are both covered by the signature.
#[derive(Debug, Clone, PartialEq)]
pub struct VerifiedJws {
    header: Header,
    payload: Vec<u8>,
    detached: bool,
}

impl VerifiedJws {
    /// The protected header.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The payload bytes (decoded from the JWS, or the detached payload that was supplied).
    pub fn payload(&self) -> &[u8] {
        &self.payload
    }

    /// The payload, taken out.
    pub fn into_payload(self) -> Vec<u8> {
        self.payload
    }

    /// Whether the JWS was detached (its payload part empty).
    pub fn is_detached(&self) -> bool {
        self.detached
    }
}

/// Signs `payload` with `signer` and returns the compact JWS.
///
/// For [`PayloadMode::Attached`] the result is `header.payload.signature`; for the detached
/// modes it is `header..signature` and the payload must reach the verifier by other means.
/// Errors are the signer's ([`Error::SignerFailed`]).
pub fn sign(payload: &[u8], signer: &dyn Signer, options: &JwsOptions) -> Result<String> {
    let kid = match &options.kid {
        Kid::None => None,
        Kid::Signer => Some(signer.verification_method()),
        Kid::Given(kid) => Some(kid.clone()),
    };
    let unencoded = options.mode == PayloadMode::DetachedUnencoded;
    let header = header::build(&HeaderFields {
        unencoded,
        kid: kid.as_deref(),
        typ: options.typ.as_deref(),
        cty: options.cty.as_deref(),
    })?;
    let header_b64 = base64url_encode(&header);
    match options.mode {
        PayloadMode::Attached => {
            // The signing input is the JWS up to the second '.'; sign it in place.
            let mut jws = header_b64;
            jws.push('.');
            jws.push_str(&base64url_encode(payload));
            let signature = signer.try_sign(jws.as_bytes())?;
            jws.push('.');
            jws.push_str(&base64url_encode(&signature));
            Ok(jws)
        }
        PayloadMode::Detached | PayloadMode::DetachedUnencoded => {
            let input = signing_input(&header_b64, payload, !unencoded);
            let signature = signer.try_sign(&input)?;
            Ok(format!("{header_b64}..{}", base64url_encode(&signature)))
        }
    }
}

/// Verifies a compact JWS with `key` and returns its header and payload.
///
/// `detached_payload` must be `Some` exactly when the JWS is detached (its payload part is
/// empty); an attached JWS of the empty payload looks detached, so verify it with `Some(b"")`.
/// The key is the caller's choice: the `jwk`, `jku`, `x5u` and `x5c` header parameters are never
/// used to find one (see the [module docs](super) for the whole validation policy).
pub fn verify(jws: &str, key: &PublicKey, detached_payload: Option<&[u8]>) -> Result<VerifiedJws> {
    verify_accepting(jws, key, detached_payload, AlgorithmNames::EdDsaOnly)
}

/// [`verify`], accepting the `alg` names `names` allows (`Ed25519` of RFC 9864 besides `EdDSA`
/// for [`AlgorithmNames::EdDsaOrEd25519`]); everything else is the same.
pub fn verify_accepting(
    jws: &str,
    key: &PublicKey,
    detached_payload: Option<&[u8]>,
    names: AlgorithmNames,
) -> Result<VerifiedJws> {
    decode_unverified(jws, names)?.verify(key, detached_payload)
}

/// A compact JWS split into its parts and its protected header read under the validation
/// policy (rules 1 to 12 of the [module docs](super)), **not verified**: what
/// [`decode_unverified`] returns, so that a caller can choose the key by the header (its `kid`,
/// say) and then [`verify`](UnverifiedJws::verify) without reading the header a second time.
///
/// Nothing in it is authentic until [`UnverifiedJws::verify`] returns: the same caution as for
/// [`decode_unverified_header`].
#[derive(Debug, Clone, PartialEq)]
pub struct UnverifiedJws<'a> {
    parts: Parts<'a>,
    header: Header,
}

impl<'a> UnverifiedJws<'a> {
    /// The protected header, as read and checked, not yet authentic.
    pub fn header(&self) -> &Header {
        &self.header
    }

    /// The header, taken out.
    pub fn into_header(self) -> Header {
        self.header
    }

    /// Verifies the signature with `key`: [`verify_accepting`]'s rules 13 to 17 on the header
    /// already read, the same checks in the same order and with the same codes.
    pub fn verify(self, key: &PublicKey, detached_payload: Option<&[u8]>) -> Result<VerifiedJws> {
        self.prepare(key, detached_payload)?.verify()
    }

    /// Every check of [`verify`](Self::verify) but the signature itself (rules 13 to 16, the
    /// payload decoded): a [`PreparedJws`], whose signature [`PreparedJws::verify`] checks
    /// alone or [`verify_pair`] together with another's.
    pub fn prepare(
        self,
        key: &PublicKey,
        detached_payload: Option<&[u8]>,
    ) -> Result<PreparedJws<'a>> {
        let UnverifiedJws { parts, header } = self;
        if header.jwk().is_some_and(|jwk| jwk != key) {
            return Err(malformed(
                "the `jwk` header names another key than the one verifying",
            ));
        }
        let detached = parts.payload.is_empty();
        match (detached, detached_payload) {
            (true, None) => {
                return Err(Error::JwsPayload {
                    reason: "is detached but none was supplied".into(),
                })
            }
            (false, Some(_)) => {
                return Err(Error::JwsPayload {
                    reason: "is attached but a detached payload was also supplied".into(),
                })
            }
            _ => {}
        }
        let signature = decode_signature(parts.signature)?;
        let encoded = header.payload_encoded();
        let (payload, signing_input) = match detached_payload {
            None => {
                // Attached. An unencoded (b64: false) payload is the part's bytes as they are; it
                // cannot contain '.', as `split` found exactly two.
                let payload = if encoded {
                    base64url_decode(parts.payload, "JWS payload")?
                } else {
                    parts.payload.as_bytes().to_vec()
                };
                (payload, Cow::Borrowed(parts.signing_input.as_bytes()))
            }
            Some(payload) => (
                payload.to_vec(),
                Cow::Owned(signing_input(parts.header, payload, encoded)),
            ),
        };
        Ok(PreparedJws {
            verified: VerifiedJws {
                header,
                payload,
                detached,
            },
            signing_input,
            signature,
            key: *key,
        })
    }
}

/// A JWS that passed every check but its signature ([`UnverifiedJws::prepare`]). Nothing in it
/// is authentic yet: [`PreparedJws::verify`] checks the signature alone, [`verify_pair`] checks
/// two in one equation; either gives the [`VerifiedJws`].
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedJws<'a> {
    /// What the verified JWS will be; private, handed out only after the signature.
    verified: VerifiedJws,
    signing_input: Cow<'a, [u8]>,
    signature: [u8; 64],
    key: PublicKey,
}

impl PreparedJws<'_> {
    /// The protected header, as read and checked, not yet authentic.
    pub fn header(&self) -> &Header {
        &self.verified.header
    }

    /// The payload, decoded, **not yet authentic**: read it only to find what the signature
    /// check needs (another key to check with [`verify_pair`]), never to act on it.
    pub fn unverified_payload(&self) -> &[u8] {
        &self.verified.payload
    }

    /// Checks the signature ([`PublicKey::verify_strict`]): rule 17.
    pub fn verify(self) -> Result<VerifiedJws> {
        self.key
            .verify_strict(&self.signing_input, &self.signature)
            .map_err(|_| Error::JwsSignatureInvalid)?;
        Ok(self.verified)
    }
}

/// Checks the signatures of two prepared JWS in one batch equation (an SD-JWT's issuer JWT and
/// its key-binding JWT): both verified, or both handed back, for the caller to check each alone
/// with [`PreparedJws::verify`] and learn which failed.
///
/// Two signatures cost about 0.8 to 0.85 of two single checks: the base point's multiple comes
/// from a table built once, and the other points share one chain of doublings. The screening is
/// `verify_strict`'s; the equation is a random combination of the two, as in every batch of
/// this crate ([`Verifier::verify_batch`](crate::proof::Verifier::verify_batch)): a signature
/// that only its key's holder could make, with a small-order residual, which `verify_strict`
/// refuses, is refused here with probability at least 1/2, fresh at each call.
#[allow(clippy::result_large_err)] // the error hands the two prepared values back, by design
pub fn verify_pair<'a, 'b>(
    first: PreparedJws<'a>,
    second: PreparedJws<'b>,
) -> std::result::Result<(VerifiedJws, VerifiedJws), (PreparedJws<'a>, PreparedJws<'b>)> {
    let items = [
        (&*first.signing_input, &first.signature, &first.key),
        (&*second.signing_input, &second.signature, &second.key),
    ];
    if crate::proof::batch::verify_few(&items) {
        Ok((first.verified, second.verified))
    } else {
        Err((first, second))
    }
}

/// Reads the protected header of a compact JWS **without verifying anything**, so that the
/// caller can pick the verifying key (by `kid`, say) before calling [`verify`].
///
/// The header passes the same policy as in [`verify`] (`alg`, `crit`, `b64`, member types), but
/// nothing in it is authentic: anyone can write any `kid`. Use it to choose a key among the
/// ones you already trust, never to decide whether to trust a key, and act on nothing else in
/// it.
pub fn decode_unverified_header(jws: &str) -> Result<Header> {
    decode_unverified_header_accepting(jws, AlgorithmNames::EdDsaOnly)
}

/// [`decode_unverified_header`], accepting the `alg` names `names` allows.
pub fn decode_unverified_header_accepting(jws: &str, names: AlgorithmNames) -> Result<Header> {
    decode_unverified(jws, names).map(UnverifiedJws::into_header)
}

/// Splits a compact JWS and reads its protected header (rules 1 to 12, the `alg` names `names`
/// allows) **without verifying anything**; [`UnverifiedJws::verify`] then verifies it with the
/// key the caller chose. `decode_unverified(jws, names)?.verify(key, payload)` is
/// [`verify_accepting`], which is written so.
pub fn decode_unverified(jws: &str, names: AlgorithmNames) -> Result<UnverifiedJws<'_>> {
    let parts = split(jws)?;
    let header = header::parse(parts.header, names)?;
    Ok(UnverifiedJws { parts, header })
}

/// The three parts of a compact JWS.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Parts<'a> {
    header: &'a str,
    payload: &'a str,
    signature: &'a str,
    /// `header.payload`, the signing input of an attached JWS.
    signing_input: &'a str,
}

fn split(jws: &str) -> Result<Parts<'_>> {
    let shape = || malformed("a compact JWS has exactly three parts separated by '.'");
    let (header, rest) = jws.split_once('.').ok_or_else(shape)?;
    let (payload, signature) = rest.split_once('.').ok_or_else(shape)?;
    if signature.contains('.') {
        return Err(shape());
    }
    Ok(Parts {
        header,
        payload,
        signature,
        signing_input: &jws[..header.len() + 1 + payload.len()],
    })
}

/// ASCII(header) || '.' || payload, the payload base64url-encoded unless `"b64": false`.
fn signing_input(header_b64: &str, payload: &[u8], encoded: bool) -> Vec<u8> {
    let payload_len = if encoded {
        base64url_len(payload.len())
    } else {
        payload.len()
    };
    let mut input = Vec::with_capacity(header_b64.len() + 1 + payload_len);
    input.extend_from_slice(header_b64.as_bytes());
    input.push(b'.');
    if encoded {
        input.extend_from_slice(base64url_encode(payload).as_bytes());
    } else {
        input.extend_from_slice(payload);
    }
    input
}

/// The length of the unpadded base64url encoding of `n` bytes.
fn base64url_len(n: usize) -> usize {
    n / 3 * 4 + [0, 2, 3][n % 3]
}

/// An Ed25519 signature is 64 bytes: 86 base64url characters.
fn decode_signature(text: &str) -> Result<[u8; 64]> {
    // Refuse long input before decoding it; anything this short decodes in no time.
    if text.len() > 128 {
        return Err(Error::JwsSignatureInvalid);
    }
    let bytes = base64url_decode(text, "JWS signature")?;
    bytes.try_into().map_err(|_| Error::JwsSignatureInvalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_needs_exactly_two_dots() {
        for bad in ["", "a", "a.b", "a.b.c.d", "...", "a..b."] {
            assert_eq!(
                split(bad).err().map(|e| e.code()),
                Some("jws.malformed"),
                "{bad}"
            );
        }
        let parts = split("h.p.s").unwrap();
        assert_eq!(
            (
                parts.header,
                parts.payload,
                parts.signature,
                parts.signing_input
            ),
            ("h", "p", "s", "h.p")
        );
    }

    #[test]
    fn decode_unverified_then_verify_is_verify() {
        use crate::keys::SecretKey;
        let key = SecretKey::from_seed(&[5; 32]);
        let other = SecretKey::from_seed(&[6; 32]);
        let compact = sign(
            b"{}",
            &key,
            &JwsOptions::attached().with_signer_kid().with_typ("kb+jwt"),
        )
        .unwrap();
        let unverified = decode_unverified(&compact, AlgorithmNames::EdDsaOnly).unwrap();
        assert_eq!(unverified.header().typ(), Some("kb+jwt"));
        assert_eq!(
            unverified.header(),
            &decode_unverified_header(&compact).unwrap()
        );
        assert_eq!(
            unverified.clone().verify(&key.public_key(), None).unwrap(),
            verify(&compact, &key.public_key(), None).unwrap()
        );
        assert_eq!(
            unverified
                .clone()
                .verify(&other.public_key(), None)
                .unwrap_err()
                .code(),
            "jws.signature_invalid"
        );
        assert_eq!(
            unverified
                .verify(&key.public_key(), Some(b"{}"))
                .unwrap_err()
                .code(),
            "jws.payload"
        );
        assert_eq!(
            decode_unverified("a.b", AlgorithmNames::EdDsaOnly)
                .unwrap_err()
                .code(),
            "jws.malformed"
        );
    }

    #[test]
    fn base64url_len_is_exact() {
        for n in 0..100 {
            assert_eq!(
                base64url_len(n),
                base64url_encode(&vec![7u8; n]).len(),
                "{n}"
            );
        }
    }
}
