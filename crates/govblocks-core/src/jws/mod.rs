//! Compact and detached JWS with EdDSA (RFC 7515, RFC 7797, RFC 8037).
//!
//! A JSON Web Signature here is the **JWS Compact Serialization** (RFC 7515 §7.1),
//! `BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature)`, signed with Ed25519
//! under the JOSE algorithm name `EdDSA` (RFC 8037 §3.1). Three payload modes
//! ([`PayloadMode`]):
//!
//! * **attached**: `header.payload.signature`;
//! * **detached** (RFC 7515 Appendix F): `header..signature`, the payload travels separately
//!   (an HTTP body, a file) and is supplied to [`verify`];
//! * **detached, unencoded** (RFC 7797): `"b64": false` with `"crit": ["b64"]`; the signing
//!   input holds the raw payload bytes, so a large body is not base64-encoded just to be
//!   signed. Unencoded payloads are only *produced* detached (RFC 7797 §5.2).
//!
//! Nothing else of JOSE is here: no JWS JSON Serialization, no JWE, no other algorithms.
//!
//! ## JWS or Data Integrity?
//!
//! Every govblocks document is secured with a W3C Data Integrity proof ([`crate::proof`]): the
//! proof lives inside the JSON, several parties can sign (proof sets and chains), and the proof
//! names its purpose and verification method. Prefer it. Use JWS where a peer expects JOSE,
//! typically a G2P Connect-style API that carries a detached JWS of the message body in an HTTP
//! header, or a system that only speaks JWS/JWT. A JWS signs **bytes**, not JSON: nothing is
//! canonicalized, so verify exactly the bytes that were signed (the raw HTTP body, not a
//! re-serialization of it).
//!
//! ## Signing
//!
//! [`sign`] writes a deterministic header: compact JSON with the members in lexicographic order
//! (`alg`, `b64`, `crit`, `cty`, `kid`, `typ`), which is also its RFC 8785 form, and
//! `{"alg":"EdDSA"}` when [`JwsOptions`] ask for nothing else (RFC 8037 Appendix A.4). `kid` is
//! left out by default; [`JwsOptions::with_signer_kid`] writes the signer's verification method
//! and [`JwsOptions::with_kid`] any id.
//!
//! ```
//! use govblocks_core::jws::{self, JwsOptions};
//! use govblocks_core::keys::SecretKey;
//!
//! let key = SecretKey::from_seed(&[1u8; 32]);
//! let compact = jws::sign(b"hello", &key, &JwsOptions::attached()).unwrap();
//! let verified = jws::verify(&compact, &key.public_key(), None).unwrap();
//! assert_eq!(verified.payload(), b"hello");
//!
//! // Detached and unencoded, with the signer's verification method as kid.
//! let body = br#"{"amount":"12.50"}"#;
//! let options = JwsOptions::detached_unencoded().with_signer_kid();
//! let compact = jws::sign(body, &key, &options).unwrap();
//! assert!(compact.contains(".."));
//! let header = jws::decode_unverified_header(&compact).unwrap(); // route by kid...
//! assert_eq!(header.kid(), Some(key.public_key().verification_method().as_str()));
//! let verified = jws::verify(&compact, &key.public_key(), Some(body)).unwrap(); // ...then verify
//! assert!(!verified.header().payload_encoded());
//! assert_eq!(
//!     jws::verify(&compact, &key.public_key(), None).unwrap_err().code(),
//!     "jws.payload"
//! );
//! ```
//!
//! ## Validation policy
//!
//! [`verify`] checks, in this order, and stops at the first failure:
//!
//! | # | rule | error code |
//! | --- | --- | --- |
//! | 1 | exactly three `.`-separated parts | `jws.malformed` |
//! | 2 | header part non-empty and at most [`MAX_HEADER_LEN`] characters (checked before decoding) | `jws.malformed` |
//! | 3 | header part canonical unpadded base64url (no `=`, `+`, `/`, white space or non-zero trailing bits) | `encoding.base64_invalid` |
//! | 4 | header is strict JSON (duplicate members such as two `alg` refused, size and depth limited); the message starts `JWS header:` ([`Error::InJwsHeader`](crate::Error::InJwsHeader)), the path points into the header | `json.*`, e.g. `json.duplicate_key` |
//! | 5 | header is a JSON object | `jws.malformed` |
//! | 6 | `alg` is exactly `"EdDSA"`; `none`, `HS256`, `ES256`, a missing or non-string `alg` are refused | `jws.algorithm_unsupported` |
//! | 7 | `crit`, if present: a non-empty array of distinct strings | `jws.malformed` |
//! | 8 | every `crit` name understood: only `b64`; names registered by RFC 7515/7516/7518 (`alg`, `kid`, …) refused (RFC 7515 §4.1.11) | `jws.crit_unsupported` |
//! | 9 | every `crit` name present in the header | `jws.malformed` |
//! | 10 | `b64`, if present, a boolean; `false` only with `crit` listing `b64` (RFC 7797 §6) | `jws.malformed` |
//! | 11 | `kid`, `typ`, `cty` strings | `jws.malformed` |
//! | 12 | `jwk`, if present, a public Ed25519 JWK (no `d`) | `key.*`, `encoding.*`, `jws.malformed` |
//! | 13 | `jwk`, if present, is the verifying key | `jws.malformed` |
//! | 14 | a payload is supplied exactly when the payload part is empty (detached) | `jws.payload` |
//! | 15 | signature part canonical base64url of 64 bytes (longer than 128 characters refused before decoding) | `encoding.base64_invalid`, `jws.signature_invalid` |
//! | 16 | attached payload part canonical base64url (unless `"b64": false`) | `encoding.base64_invalid` |
//! | 17 | Ed25519 `verify_strict` over `ASCII(header part) '.' payload part` (RFC 7515 §5.2; RFC 7797 §3 for unencoded payloads) | `jws.signature_invalid` |
//!
//! [`decode_unverified_header`] applies rules 1–12; [`decode_unverified`] too, and keeps the
//! parts, so that [`UnverifiedJws::verify`] applies rules 13–17 without reading the header
//! again (what [`verify`] does). Header members this module does not
//! interpret and that are not in `crit` are kept, unread (RFC 7515 §4).
//!
//! An attached payload with `"b64": false` is accepted (it is the payload part's bytes as they
//! are) only because it cannot contain `.`: one that did would make four or more parts.
//!
//! **Keys.** The caller supplies the verifying key, typically chosen by the `kid` of
//! [`decode_unverified_header`] among keys it already trusts. The `jwk`, `jku`, `x5u` and `x5c`
//! header parameters are never used to find or trust a key, and nothing is ever fetched. A
//! `jwk` header is tolerated only when it names the verifying key itself; one that names
//! another key is refused, so that no one downstream mistakes it for the signer. A
//! [`PublicKey`](crate::keys::PublicKey) cannot hold a weak (small-order) key, so none ever
//! reaches verification.
//!
//! **Sizes.** The header and signature parts are bounded before they are decoded; the payload
//! is not: verification takes time and memory linear in it. Bound untrusted input before
//! calling [`verify`] (an HTTP body limit, say).
//!
//! **Algorithm name.** RFC 9864 (October 2025) deprecates the polymorphic `EdDSA` in favour of
//! the fully-specified `Ed25519`. This module signs with `EdDSA`, the name RFC 8037 defines and
//! that deployed JOSE peers use, and accepts only it unless the caller asks for both names
//! ([`verify_accepting`] with [`AlgorithmNames::EdDsaOrEd25519`], as SD-JWT does).

mod compact;
mod header;
mod trusted;

pub use compact::{
    decode_unverified, decode_unverified_header, decode_unverified_header_accepting, sign, verify,
    verify_accepting, verify_pair, JwsOptions, PayloadMode, PreparedJws, UnverifiedJws,
    VerifiedJws,
};
pub use header::{AlgorithmNames, Header, ALG_ED25519, ALG_EDDSA, MAX_HEADER_LEN};
