//! X25519 keys (RFC 7748): the key-agreement keys a JWE is encrypted to (ECDH-ES, RFC 8037).
//!
//! They are never used to sign, and an Ed25519 key is never used for key agreement: the two
//! kinds have their own types, Multikey headers and JWK curves, and each refuses the other
//! (`key.type_unsupported`).

use super::{decode_multikey, did_key, Jwk};
use crate::encoding::multibase_encode;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::fmt;
use zeroize::Zeroizing;

/// Multicodec header of an X25519 public key (`x25519-pub`, 0xec, as an unsigned varint).
pub const X25519_PUB_HEADER: [u8; 2] = [0xec, 0x01];
/// Multicodec header of an X25519 secret key (`x25519-priv`, 0x1302, as an unsigned varint).
pub const X25519_PRIV_HEADER: [u8; 2] = [0x82, 0x26];

/// The canonical encodings (u < p, top bit clear) of the five points of small order on
/// Curve25519 and its twist: u = 0, 1 and p − 1, and the two points of order 8. With any of
/// them as the peer's key, X25519 gives an all-zero or otherwise predictable shared secret.
/// (libsodium's blocklist has two more entries, p and p + 1: non-canonical spellings of 0 and
/// 1, which [`X25519PublicKey::from_bytes`] refuses as non-canonical before this list.)
const SMALL_ORDER: [[u8; 32]; 5] = [
    [0; 32],
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
    [
        0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
        0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
        0x11, 0x57,
    ],
    [
        0xec, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0x7f,
    ],
];

/// Why 32 bytes are not the canonical encoding of a u-coordinate, or `None` when they are:
/// the top bit must be clear (RFC 7748 §5 masks it, so a set bit would be a second name of the
/// same key) and u must be below p = 2^255 − 19.
fn non_canonical_u(bytes: &[u8; 32]) -> Option<&'static str> {
    if bytes[31] & 0x80 != 0 {
        return Some("non-canonical X25519 public key (the top bit is set)");
    }
    // u ≥ p with the top bit clear: ed..=ff, then 30 × ff, then 7f.
    if bytes[31] == 0x7f && bytes[1..31].iter().all(|&b| b == 0xff) && bytes[0] >= 0xed {
        return Some("non-canonical X25519 public key (u ≥ p)");
    }
    None
}

/// An X25519 secret key (RFC 7748): 32 bytes, clamped when used (so any 32 bytes are a key).
///
/// Zeroized on drop (by `x25519-dalek`), never printed by `Debug`, and not `Clone`: copies are
/// made on purpose, with [`X25519SecretKey::to_bytes`].
pub struct X25519SecretKey {
    secret: x25519_dalek::StaticSecret,
    public: X25519PublicKey,
}

impl X25519SecretKey {
    /// Generates a new key from the operating system's random number generator.
    pub fn generate() -> Self {
        Self::from_static(x25519_dalek::StaticSecret::random_from_rng(
            rand_core::OsRng,
        ))
    }

    /// The key with these 32 bytes (deterministic; for tests and imports).
    pub fn from_bytes(bytes: &[u8; 32]) -> Self {
        Self::from_static(x25519_dalek::StaticSecret::from(*bytes))
    }

    fn from_static(secret: x25519_dalek::StaticSecret) -> Self {
        // Invariant: a clamped scalar is a multiple of 8 below 2^255 with bit 254 set, so its
        // product with the base point has large prime order: canonical and never weak.
        let public = x25519_dalek::PublicKey::from(&secret);
        X25519SecretKey {
            public: X25519PublicKey(public.to_bytes()),
            secret,
        }
    }

    /// A copy of the 32 secret bytes, wiped when the returned value is dropped.
    pub fn to_bytes(&self) -> Zeroizing<[u8; 32]> {
        Zeroizing::new(self.secret.to_bytes())
    }

    /// The matching public key.
    pub fn public_key(&self) -> X25519PublicKey {
        self.public
    }

    /// The secret Multikey (multicodec `x25519-priv` 0x1302, then the 32 bytes), wiped when
    /// the returned string is dropped.
    pub fn to_multikey(&self) -> Zeroizing<String> {
        let mut bytes = Zeroizing::new([0u8; 34]);
        bytes[..2].copy_from_slice(&X25519_PRIV_HEADER);
        bytes[2..].copy_from_slice(&*self.to_bytes());
        Zeroizing::new(multibase_encode(&bytes[..]))
    }

    /// Parses a secret X25519 Multikey; another key type is `key.type_unsupported`.
    pub fn from_multikey(text: &str) -> Result<Self> {
        let bytes = Zeroizing::new(decode_multikey(
            text,
            X25519_PRIV_HEADER,
            "privateKeyMultibase",
        )?);
        Ok(Self::from_bytes(&bytes))
    }

    /// The private JWK: `{"kty":"OKP","crv":"X25519","x":…,"d":…}` (RFC 8037).
    pub fn to_jwk(&self) -> Jwk {
        Jwk::from_x25519_secret_key(self)
    }

    /// Imports a private X25519 JWK; `x` must match `d` (`key.mismatch`), and an Ed25519 JWK
    /// is `key.type_unsupported`.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self> {
        jwk.x25519_secret_key()
    }

    /// X25519 with `peer`: the raw shared secret (RFC 7748 §6.1), wiped on drop. A
    /// [`X25519PublicKey`] is never of small order, so the result is never all zero; callers
    /// still check [`x25519_dalek::SharedSecret::was_contributory`].
    pub(crate) fn diffie_hellman(&self, peer: &X25519PublicKey) -> x25519_dalek::SharedSecret {
        self.secret
            .diffie_hellman(&x25519_dalek::PublicKey::from(peer.0))
    }
}

impl fmt::Debug for X25519SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("X25519SecretKey")
            .field("public", &self.public)
            .finish_non_exhaustive()
    }
}

/// An X25519 public key: the canonical encoding of a u-coordinate (below p, top bit clear)
/// that is not of small order.
///
/// Built only through constructors that refuse non-canonical encodings (`key.invalid`) and the
/// small-order points (`key.weak`), with which the shared secret would be known to anyone.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct X25519PublicKey([u8; 32]);

impl X25519PublicKey {
    /// Parses 32 public key bytes, refusing non-canonical encodings ([`Error::KeyInvalid`])
    /// and the small-order points ([`Error::KeyWeak`]).
    pub fn from_bytes(bytes: &[u8; 32]) -> Result<Self> {
        if let Some(reason) = non_canonical_u(bytes) {
            return Err(Error::KeyInvalid {
                reason: reason.into(),
            });
        }
        if SMALL_ORDER.contains(bytes) {
            return Err(Error::KeyWeak);
        }
        Ok(X25519PublicKey(*bytes))
    }

    /// The 32 key bytes.
    pub fn to_bytes(&self) -> [u8; 32] {
        self.0
    }

    /// The public Multikey (`z6LS…`: multicodec `x25519-pub` 0xec, then the 32 bytes).
    pub fn to_multikey(&self) -> String {
        let mut bytes = [0u8; 34];
        bytes[..2].copy_from_slice(&X25519_PUB_HEADER);
        bytes[2..].copy_from_slice(&self.0);
        multibase_encode(&bytes)
    }

    /// Parses a public X25519 Multikey (`z6LS…`); another key type (an Ed25519 `z6Mk…`) is
    /// `key.type_unsupported`.
    pub fn from_multikey(text: &str) -> Result<Self> {
        Self::from_bytes(&decode_multikey(
            text,
            X25519_PUB_HEADER,
            "publicKeyMultibase",
        )?)
    }

    /// The public JWK: `{"kty":"OKP","crv":"X25519","x":…}` (RFC 8037).
    pub fn to_jwk(&self) -> Jwk {
        Jwk::from_x25519_public_key(self)
    }

    /// Reads the key of an X25519 JWK (public or private: only `x` is used); an Ed25519 JWK
    /// is `key.type_unsupported`.
    pub fn from_jwk(jwk: &Jwk) -> Result<Self> {
        jwk.x25519_public_key()
    }

    /// The `did:key` DID of this key (`did:key:z6LS…`).
    pub fn did(&self) -> String {
        format!("{}{}", did_key::DID_KEY_PREFIX, self.to_multikey())
    }

    /// The `did:key` key id of this key (`did:key:z6LS…#z6LS…`): the JWE `kid`
    /// [`JweOptions::with_recipient_kid`](crate::jwe::JweOptions::with_recipient_kid) writes.
    pub fn key_id(&self) -> String {
        let mk = self.to_multikey();
        format!("{}{mk}#{mk}", did_key::DID_KEY_PREFIX)
    }

    /// Parses `did:key:z6LS…` or `did:key:z6LS…#z6LS…`.
    pub fn from_did_url(text: &str) -> Result<Self> {
        Self::from_multikey(did_key::multikey_of(text)?)
    }

    /// Reads a recipient key given as text (white space around it is trimmed): a public
    /// Multikey (`z6LS…`), a `did:key` DID or key id, or a public JWK as JSON text (strict
    /// JSON; a JWK with `d` is refused, `key.jwk_invalid`, so that a secret is not passed where
    /// a public key is meant). What `--encrypt-to` accepts.
    pub fn parse_any(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.starts_with('{') {
            let jwk = Jwk::parse(text.as_bytes())?;
            if jwk.is_private() {
                return Err(Error::JwkInvalid {
                    reason: "a private JWK (with `d`) where a public key is expected".into(),
                });
            }
            return Self::from_jwk(&jwk);
        }
        if text.starts_with("did:") {
            return Self::from_did_url(text);
        }
        Self::from_multikey(text)
    }
}

impl fmt::Debug for X25519PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "X25519PublicKey({})", self.to_multikey())
    }
}

/// The JSON key file `govblocks keygen --x25519` writes: `publicKeyMultibase` and
/// `privateKeyMultibase` (X25519 Multikeys), plus informative members that are ignored on
/// input (`did`, `keyId`, `publicKeyJwk`). The counterpart of the Ed25519
/// [`KeyFile`](super::KeyFile).
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct X25519KeyFile {
    /// The public Multikey (`z6LS…`).
    pub public_key_multibase: String,
    /// The secret Multikey.
    pub private_key_multibase: Zeroizing<String>,
    /// The `did:key` DID (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub did: Option<String>,
    /// The `did:key` key id, the JWE `kid` (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_id: Option<String>,
    /// The public JWK (informative).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub public_key_jwk: Option<serde_json::Value>,
}

impl X25519KeyFile {
    /// The full key file of `secret`.
    pub fn new(secret: &X25519SecretKey) -> Self {
        let public = secret.public_key();
        X25519KeyFile {
            public_key_multibase: public.to_multikey(),
            private_key_multibase: secret.to_multikey(),
            did: Some(public.did()),
            key_id: Some(public.key_id()),
            public_key_jwk: Some(public.to_jwk().to_value()),
        }
    }

    /// Parses a key file (strict JSON) and checks that its two halves belong together
    /// (`key.mismatch`).
    pub fn parse(bytes: &[u8]) -> Result<X25519SecretKey> {
        let mut value = crate::json::parse(bytes)?;
        let file = X25519KeyFile::deserialize(&value).map_err(|e| Error::KeyInvalid {
            reason: format!("key file: {e}"),
        });
        // The parsed tree holds a copy of the secret: wipe every string in it before it is
        // freed (the caller owns `bytes`).
        super::secret::wipe_strings(&mut value);
        file?.secret_key()
    }

    /// The secret key, after checking that `publicKeyMultibase` matches it.
    pub fn secret_key(&self) -> Result<X25519SecretKey> {
        let secret = X25519SecretKey::from_multikey(&self.private_key_multibase)?;
        let public = X25519PublicKey::from_multikey(&self.public_key_multibase)?;
        if secret.public_key() != public {
            return Err(Error::KeyMismatch);
        }
        Ok(secret)
    }
}

impl fmt::Debug for X25519KeyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("X25519KeyFile")
            .field("public_key_multibase", &self.public_key_multibase)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use curve25519_dalek::montgomery::MontgomeryPoint;
    use curve25519_dalek::scalar::Scalar;

    /// Whether [8]u is the identity (u = 0 after the ladder): the point has small order.
    fn small_order_by_ladder(bytes: &[u8; 32]) -> bool {
        (MontgomeryPoint(*bytes) * Scalar::from(8u8)).to_bytes() == [0u8; 32]
    }

    #[test]
    fn the_small_order_list_is_exactly_what_the_ladder_says() {
        for point in SMALL_ORDER {
            assert!(small_order_by_ladder(&point), "{point:02x?}");
            assert_eq!(
                X25519PublicKey::from_bytes(&point).unwrap_err().code(),
                "key.weak"
            );
            // A peer key of small order gives a non-contributory (all-zero) secret.
            let shared = X25519SecretKey::from_bytes(&[9; 32])
                .secret
                .diffie_hellman(&x25519_dalek::PublicKey::from(point));
            assert!(!shared.was_contributory());
        }
        for seed in 0..64u8 {
            let public = X25519SecretKey::from_bytes(&[seed; 32]).public_key();
            assert!(!small_order_by_ladder(&public.to_bytes()));
            let mut other = [seed.wrapping_mul(37); 32];
            other[31] &= 0x7f;
            if non_canonical_u(&other).is_none() {
                assert_eq!(
                    SMALL_ORDER.contains(&other),
                    small_order_by_ladder(&other),
                    "{other:02x?}"
                );
            }
        }
    }

    #[test]
    fn non_canonical_encodings_are_refused() {
        // p and p + 1 (libsodium's other two blocklist entries), p + 18, and a set top bit.
        let mut p = [0xffu8; 32];
        p[0] = 0xed;
        p[31] = 0x7f;
        let mut p_plus_1 = p;
        p_plus_1[0] = 0xee;
        let mut p_plus_18 = p;
        p_plus_18[0] = 0xff;
        let mut top_bit = X25519SecretKey::from_bytes(&[3; 32])
            .public_key()
            .to_bytes();
        top_bit[31] |= 0x80;
        for bytes in [p, p_plus_1, p_plus_18, top_bit] {
            assert_eq!(
                X25519PublicKey::from_bytes(&bytes).unwrap_err().code(),
                "key.invalid",
                "{bytes:02x?}"
            );
        }
        // p − 1 is canonical but of small order; p − 2 is a fine key.
        let mut below = p;
        below[0] = 0xec;
        assert_eq!(
            X25519PublicKey::from_bytes(&below).unwrap_err().code(),
            "key.weak"
        );
        below[0] = 0xeb;
        assert!(X25519PublicKey::from_bytes(&below).is_ok());
    }

    #[test]
    fn multikey_did_and_jwk_round_trips() {
        let secret = X25519SecretKey::from_bytes(&[5; 32]);
        let public = secret.public_key();
        let mk = public.to_multikey();
        assert!(mk.starts_with("z6LS"), "{mk}");
        assert_eq!(X25519PublicKey::from_multikey(&mk).unwrap(), public);
        assert_eq!(
            X25519PublicKey::from_did_url(&public.did()).unwrap(),
            public
        );
        assert_eq!(
            X25519PublicKey::from_did_url(&public.key_id()).unwrap(),
            public
        );
        assert_eq!(X25519PublicKey::from_jwk(&public.to_jwk()).unwrap(), public);
        let text = serde_json::to_string(&public.to_jwk().to_value()).unwrap();
        for given in [mk.clone(), public.did(), public.key_id(), text] {
            let padded = format!("  {given}\n");
            assert_eq!(X25519PublicKey::parse_any(&padded).unwrap(), public);
        }
        let private = serde_json::to_string(&secret.to_jwk().to_value()).unwrap();
        assert_eq!(
            X25519PublicKey::parse_any(&private).unwrap_err().code(),
            "key.jwk_invalid"
        );
        let smk = secret.to_multikey();
        assert_eq!(
            X25519SecretKey::from_multikey(&smk).unwrap().public_key(),
            public
        );
        assert_eq!(
            X25519SecretKey::from_jwk(&secret.to_jwk())
                .unwrap()
                .public_key(),
            public
        );
        assert_eq!(*secret.to_bytes(), [5; 32]);
    }

    #[test]
    fn the_other_key_type_is_refused() {
        let ed = crate::keys::SecretKey::from_seed(&[1; 32]);
        let x = X25519SecretKey::from_bytes(&[1; 32]);
        for e in [
            X25519PublicKey::from_multikey(&ed.public_key().to_multikey()).map(drop),
            X25519PublicKey::from_did_url(&ed.public_key().did()).map(drop),
            X25519PublicKey::from_jwk(&ed.public_key().to_jwk()).map(drop),
            X25519SecretKey::from_multikey(&ed.to_multikey()).map(drop),
            X25519SecretKey::from_jwk(&ed.to_jwk()).map(drop),
            X25519SecretKey::from_multikey(&x.public_key().to_multikey()).map(drop),
            crate::keys::PublicKey::from_multikey(&x.public_key().to_multikey()).map(drop),
            crate::keys::PublicKey::from_did_url(&x.public_key().did()).map(drop),
            crate::keys::SecretKey::from_multikey(&x.to_multikey()).map(drop),
        ] {
            assert_eq!(e.unwrap_err().code(), "key.type_unsupported");
        }
    }

    #[test]
    fn key_file_round_trip_mismatch_and_debug() {
        let key = X25519SecretKey::generate();
        let text = serde_json::to_vec(&X25519KeyFile::new(&key)).unwrap();
        assert_eq!(
            X25519KeyFile::parse(&text).unwrap().public_key(),
            key.public_key()
        );
        let mut file = X25519KeyFile::new(&key);
        file.public_key_multibase = X25519SecretKey::generate().public_key().to_multikey();
        assert_eq!(file.secret_key().unwrap_err().code(), "key.mismatch");
        let printed = format!("{key:?} {:?}", X25519KeyFile::new(&key));
        assert!(!printed.contains(key.to_multikey().as_str()));
        assert!(printed.contains(&key.public_key().to_multikey()));
        // An Ed25519 key file is not an X25519 one.
        let ed = serde_json::to_vec(&crate::keys::KeyFile::new(
            &crate::keys::SecretKey::from_seed(&[2; 32]),
        ))
        .unwrap();
        assert_eq!(
            X25519KeyFile::parse(&ed).unwrap_err().code(),
            "key.type_unsupported"
        );
        // Strict JSON: a duplicate member is refused.
        let dup =
            br#"{"publicKeyMultibase":"a","publicKeyMultibase":"b","privateKeyMultibase":"c"}"#;
        assert_eq!(
            X25519KeyFile::parse(dup).unwrap_err().code(),
            "json.duplicate_key"
        );
    }
}
