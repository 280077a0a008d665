//! Compact JWE for one X25519 recipient: ECDH-ES with A256GCM (RFC 7516, RFC 7518 §4.6,
//! RFC 8037).
//!
//! A JSON Web Encryption here is the **JWE Compact Serialization** (RFC 7516 §7.1),
//! `BASE64URL(protected header) '.' encrypted_key '.' BASE64URL(iv) '.' BASE64URL(ciphertext)
//! '.' BASE64URL(tag)`, made one way only:
//!
//! * key management `alg` = **`ECDH-ES`** (direct key agreement, RFC 7518 §4.6): the sender
//!   makes a fresh ephemeral X25519 key (`epk`, RFC 8037 §3.2), agrees a secret with the
//!   recipient's [`X25519PublicKey`], and derives the content key from it with the Concat KDF
//!   ([`concat_kdf()`]); the encrypted key part is empty;
//! * content encryption `enc` = **`A256GCM`** (AES-256-GCM, a random 96-bit IV, a 128-bit tag,
//!   the protected header part as additional authenticated data).
//!
//! Why only this: it is what SPDCI / G2P Connect messages use for an encrypted message to one
//! receiver, X25519 is the key-agreement twin of the Ed25519 keys govblocks already signs with,
//! and every other choice is a way to get it wrong. RSA1_5 and RSA-OAEP (padding oracles,
//! large keys), `dir` (a shared secret key), the key-wrapping `ECDH-ES+A*KW` and the CBC-HMAC
//! encodings are refused, as are compression (`zip`) and critical extensions (`crit`). There is
//! no JWE JSON Serialization and no multi-recipient form. A JWE only hides the content: it says
//! nothing about who sent it (anyone can encrypt to a public key), so sign the message too (a
//! [`crate::proof`] inside the plaintext, or a [`crate::jws`] around the request).
//!
//! ```
//! use govblocks_core::jwe::{self, JweOptions};
//! use govblocks_core::keys::X25519SecretKey;
//!
//! let recipient = X25519SecretKey::generate();
//! let options = JweOptions::new().with_recipient_kid();
//! let jwe = jwe::encrypt(b"beneficiary list", &recipient.public_key(), &options).unwrap();
//! let compact = jwe.to_compact();
//! assert_eq!(compact.split('.').count(), 5);
//! assert_eq!(jwe.header().kid(), Some(recipient.public_key().key_id().as_str()));
//!
//! let plaintext = jwe::decrypt(&compact, &recipient).unwrap();
//! assert_eq!(&plaintext[..], b"beneficiary list");
//!
//! // Another key does not decrypt it, and says nothing more than that.
//! let other = X25519SecretKey::generate();
//! assert_eq!(jwe::decrypt(&compact, &other).unwrap_err().code(), "jwe.decryption_failed");
//! ```
//!
//! ## The SPDCI EncryptedMessage form
//!
//! An SPDCI / G2P Connect `EncryptedMessage` carries the same five values as JSON members: the
//! `header` object **is** the protected header, and `ciphertext`, `encrypted_key`, `tag` and
//! `iv` are the base64url parts. `BASE64URL(JCS(header)) '.' encrypted_key '.' iv '.'
//! ciphertext '.' tag` is the RFC 7516 compact JWE, and `BASE64URL(JCS(header))` is the AAD.
//! [`encrypt`] writes the protected part as exactly that (the RFC 8785 form of
//! [`JweHeader::to_value`]), so a writer can put `to_value()` in `header` and a reader can
//! rebuild the AAD byte for byte; [`Jwe::from_parts`] takes the five parts as strings and uses
//! the protected part as given. A header that was not written in its JCS form by its sender
//! cannot be carried as an object without changing the AAD: such a sender must send the compact
//! form.
//!
//! ## Validation policy
//!
//! [`decrypt`] checks, in this order, and stops at the first failure ([`Jwe::parse_compact`]
//! and [`Jwe::from_parts`] apply rules 1–15, [`Jwe::decrypt`] rules 16–17):
//!
//! | # | rule | error code |
//! | --- | --- | --- |
//! | 1 | exactly five `.`-separated parts | `jwe.malformed` |
//! | 2 | protected header part non-empty and at most [`MAX_HEADER_LEN`] characters (checked before decoding) | `jwe.malformed` |
//! | 3 | protected header part canonical unpadded base64url (no `=`, `+`, `/`, white space or non-zero trailing bits) | `encoding.base64_invalid` |
//! | 4 | header is strict JSON (duplicate members such as two `alg` refused, size and depth limited); the message starts `JWE header:` ([`Error::InJweHeader`](crate::Error::InJweHeader)) | `json.*`, e.g. `json.duplicate_key` |
//! | 5 | header is a JSON object | `jwe.malformed` |
//! | 6 | `alg` is exactly `"ECDH-ES"`; `dir`, `RSA1_5`, `RSA-OAEP`, `ECDH-ES+A256KW`, `none`, a missing or non-string `alg` are refused | `jwe.algorithm_unsupported` |
//! | 7 | `enc` is exactly `"A256GCM"`; `A128CBC-HS256`, `A256CBC-HS512`, `A128GCM`, a missing or non-string `enc` are refused | `jwe.encryption_unsupported` |
//! | 8 | no `zip` (compressed plaintext) | `jwe.encryption_unsupported` |
//! | 9 | no `crit`: no extension is understood (RFC 7516 §4.1.13) | `jwe.crit_unsupported` |
//! | 10 | `kid`, `typ`, `cty` strings if present | `jwe.malformed` |
//! | 11 | `apu`, `apv` strings of canonical base64url if present | `jwe.malformed`, `encoding.base64_invalid` |
//! | 12 | `epk` present: an OKP X25519 JWK with no `d`, `x` the canonical encoding of a point not of small order | `jwe.malformed`, `key.jwk_invalid`, `key.type_unsupported` (an Ed25519 key), `encoding.base64_invalid`, `key.invalid`, `key.weak` |
//! | 13 | encrypted key part empty (direct key agreement) | `jwe.malformed` |
//! | 14 | IV part exactly 16 characters (checked before decoding), canonical base64url of 12 bytes | `jwe.malformed`, `encoding.base64_invalid` |
//! | 15 | tag part exactly 22 characters, canonical base64url of 16 bytes; ciphertext part canonical base64url (may be empty) | `jwe.malformed`, `encoding.base64_invalid` |
//! | 16 | the X25519 shared secret is not all zero (`was_contributory`; rule 12 already keeps the small-order keys out) | `key.weak` |
//! | 17 | AES-256-GCM authenticates and decrypts, with the key from the Concat KDF (AlgorithmID `A256GCM`, `apu`, `apv`, 256 bits) and `ASCII(protected part)` as AAD | `jwe.decryption_failed` |
//!
//! Header members this module does not interpret (`typ`, `cty`, `jku`, `x5c`, …) are kept,
//! unread ([`JweHeader::get`]); no key is ever taken or fetched from the header except `epk`.
//!
//! **One failure, one code.** Rule 17 is one error whatever went wrong (the wrong recipient
//! key, or a changed protected header, IV, ciphertext or tag), and AES-GCM checks the tag before
//! it decrypts anything, so a failed decryption reveals nothing about the plaintext. Rules
//! 1–16 only look at what travels in the clear.
//!
//! **Sizes.** The protected header, IV and tag parts are bounded before they are decoded; the
//! ciphertext is not: parsing and decryption take time and memory linear in it (one decode,
//! one copy, one pass of AES-GCM). Bound untrusted input before calling [`decrypt`] (an HTTP
//! body limit, say).
//!
//! **Keys.** The recipient's [`X25519SecretKey`] is zeroized on drop; the shared secret and the
//! content key are wiped after use, the plaintext when the returned buffer is dropped. The
//! ephemeral key and the IV come from the operating system's random number generator for every
//! message.

mod compact;
mod header;
mod kdf;

pub use compact::{decrypt, encrypt, Jwe, JweOptions};
pub use header::{JweHeader, MAX_HEADER_LEN};
pub use kdf::concat_kdf;

#[allow(unused_imports)] // for the docs' links
use crate::keys::{X25519PublicKey, X25519SecretKey};

/// The one key management algorithm (RFC 7518 §4.6): ECDH-ES, direct key agreement.
pub const ALG_ECDH_ES: &str = "ECDH-ES";

/// The one content encryption algorithm (RFC 7518 §5.3): AES-256-GCM.
pub const ENC_A256GCM: &str = "A256GCM";
