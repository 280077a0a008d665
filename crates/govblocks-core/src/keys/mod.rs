//! Ed25519 keys and the names they go by.
//!
//! One kind of key signs everything in govblocks: Ed25519 (RFC 8032). A key travels under
//! several names, and this module converts between all of them:
//!
//! | form | example | type |
//! | --- | --- | --- |
//! | Multikey (public) | `z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2` | [`PublicKey::to_multikey`] |
//! | Multikey (secret) | `z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq` | [`SecretKey::to_multikey`] |
//! | `did:key` | `did:key:z6Mk…` | [`PublicKey::did`] |
//! | verification method | `did:key:z6Mk…#z6Mk…` | [`PublicKey::verification_method`] |
//! | JWK (RFC 8037) | `{"kty":"OKP","crv":"Ed25519","x":"…"}` | [`Jwk`] |
//! | JWK thumbprint (RFC 7638) | `kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k` | [`Jwk::thumbprint`] |
//!
//! A Multikey is the multicodec header (`0xed 0x01` for an Ed25519 public key, `0x80 0x26` for
//! an Ed25519 secret seed) followed by the 32 key bytes, in multibase base58btc.
//!
//! **Validation policy.** A [`PublicKey`] can only be built from bytes that decode to a curve
//! point that is *not* of small order: weak keys, with which anyone can forge signatures that
//! verify, are refused when the key is parsed ([`crate::Error::KeyWeak`]), so no
//! code path (single or batch verification) ever sees one. A [`SecretKey`] is zeroized when
//! dropped and never printed by `Debug`.
//!
//! ```
//! use govblocks_core::keys::{PublicKey, SecretKey};
//! let secret = SecretKey::from_seed(&[7u8; 32]);
//! let public = secret.public_key();
//! let multikey = public.to_multikey();
//! assert!(multikey.starts_with("z6Mk"));
//! assert_eq!(PublicKey::from_multikey(&multikey).unwrap(), public);
//! assert_eq!(PublicKey::from_did_url(&public.verification_method()).unwrap(), public);
//! assert!(!format!("{secret:?}").contains(&*secret.to_multikey()));
//! ```

use crate::encoding::multibase_decode;
use crate::error::{Error, Result};

mod did_key;
mod jwk;
mod public;
mod secret;

pub use did_key::{did_key_controller, DID_KEY_PREFIX};
pub use jwk::Jwk;
pub use public::PublicKey;
pub use secret::{KeyFile, SecretKey};

/// Multicodec header of an Ed25519 public key (`ed25519-pub`, 0xed, as an unsigned varint).
pub const ED25519_PUB_HEADER: [u8; 2] = [0xed, 0x01];
/// Multicodec header of an Ed25519 secret seed (`ed25519-priv`, 0x1300, as an unsigned varint).
pub const ED25519_PRIV_HEADER: [u8; 2] = [0x80, 0x26];

/// Decodes a Multikey: multibase base58btc, the expected two-byte multicodec `header`, then
/// exactly 32 key bytes. Another header is [`Error::KeyTypeUnsupported`]; another length is
/// [`Error::KeyInvalid`].
fn decode_multikey(text: &str, header: [u8; 2], what: &'static str) -> Result<[u8; 32]> {
    // 34 bytes take at most 47 base58 characters; refuse long input before decoding it.
    if text.len() > 64 {
        return Err(Error::KeyInvalid {
            reason: format!("{what} is too long for an Ed25519 Multikey"),
        });
    }
    let bytes = multibase_decode(text, what)?;
    if bytes.len() < 2 || bytes[..2] != header {
        return Err(Error::KeyTypeUnsupported {
            header: bytes.iter().take(2).map(|b| format!("{b:02x}")).collect(),
        });
    }
    bytes[2..].try_into().map_err(|_| Error::KeyInvalid {
        reason: format!("{what}: an Ed25519 Multikey holds 32 key bytes"),
    })
}
