//! Selective Disclosure for JSON Web Tokens: SD-JWT and SD-JWT+KB (RFC 9901, November 2025),
//! signed with EdDSA (Ed25519).
//!
//! A registry issues an SD-JWT whose chosen claims are replaced by salted digests; the person
//! keeps the disclosures and, for each service, reveals only the ones it needs, binding the
//! presentation to that service and its nonce with a key-binding JWT signed by the key the
//! registry put in `cnf`. The service learns exactly the revealed claims and the always-visible
//! ones, and that they come from the registry and from the holder of the key, for it, now.
//!
//! ```
//! use govblocks_core::clock::FixedClock;
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::Verifier;
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_identity::sd_jwt::{self, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVerifier};
//! use serde_json::json;
//! use time::OffsetDateTime;
//!
//! let registry = SecretKey::from_seed(&[1; 32]);
//! let olena = SecretKey::from_seed(&[2; 32]);
//! let claims = json!({
//!     "iss": registry.public_key().did(),
//!     "given_name": "Olena", "birthdate": "1990-04-01",
//!     "address": {"district": "Podilskyi", "street": "Kontraktova 4"},
//! });
//! let options = IssueOptions::new()
//!     .disclose("/given_name").disclose("/birthdate")
//!     .disclose("/address").disclose("/address/district").disclose("/address/street")
//!     .holder(olena.public_key());
//! let issued = sd_jwt::issue(&claims, &options, &registry)?;
//!
//! // Olena reveals her district only, to the district office, for its nonce.
//! let now = OffsetDateTime::from_unix_timestamp(1_767_268_800).unwrap(); // 2026-01-01T12:00Z
//! let kb = KeyBindingClaims::new("https://office.example.gov", "n-4711", now);
//! let reveal = ["/address/district".to_string()];
//! let presented = sd_jwt::present(issued.compact(), &reveal, &olena, &kb, &Limits::default())?;
//!
//! let verifier = SdJwtVerifier::new(
//!     Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(registry.public_key().did()))
//!         .with_clock(FixedClock::new(now)),
//! );
//! let binding = KeyBinding::required("https://office.example.gov", "n-4711");
//! let verified = verifier.verify(&presented, &binding)?;
//! assert_eq!(verified.claims(), &json!({
//!     "iss": registry.public_key().did(),
//!     "address": {"district": "Podilskyi"},
//!     "cnf": {"jwk": olena.public_key().to_jwk().to_value()},
//! }));
//! // Another nonce is another transaction.
//! let err = verifier.verify(&presented, &KeyBinding::required("https://office.example.gov", "n-1")).unwrap_err();
//! assert_eq!(err.code(), "sdjwt.kb_nonce");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`wire`] | the `~`-separated form, disclosures, digests, JSON Pointers, size bounds |
//! | [`rules`] | processing the disclosures against the payload (RFC 9901 §7.1), every refusal |
//! | [`issue`](mod@issue) | the issuer: claims by pointer made disclosable, decoys, `cnf`, signing |
//! | [`present`](mod@present) | the holder: disclosures chosen by pointer, the key-binding JWT |
//! | [`verify`](mod@verify) | the verifier: issuer signature under the resolver and trust list, key binding, time |
//! | [`status`] | revocation and suspension with the IETF Token Status List (`draft-ietf-oauth-status-list-20`): the list, the `statuslist+jwt` token, the status check after verification |
//! | [`vc`] | SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-18): `dc+sd-jwt`, `vct`, `iss` bound to the key, the claims never disclosable; its issuer and verifier |
//! | [`foundational_id`](mod@foundational_id) | the foundational ID credential as an SD-JWT VC: every personal claim disclosable, `age_over_18` |
//!
//! ## What the verifier refuses
//!
//! [`SdJwtVerifier::verify`] checks, in this order:
//!
//! | # | rule | code |
//! | --- | --- | --- |
//! | 1 | at most [`Limits::max_bytes`], at most [`Limits::max_disclosures`] disclosures | `sdjwt.limit` |
//! | 2 | the compact form: `<JWT>~` then non-empty disclosures each followed by `~`, then an optional KB-JWT | `sdjwt.malformed` |
//! | 3 | a key binding when the verifier requires one | `sdjwt.kb_missing` |
//! | 4 | the issuer-signed JWT: core's JWS policy, `alg` `EdDSA` or `Ed25519`, its `kid` resolved, authorised and trusted (or the pinned key) | `jws.*`, `key.*`, `trust.*`, `json.*` |
//! | 5 | its payload strict JSON, an object; `typ` not `kb+jwt` | `json.*`, `sdjwt.malformed` |
//! | 6 | `cnf.jwk`, when present, a public Ed25519 JWK | `sdjwt.cnf_invalid` |
//! | 7 | each disclosure: base64url of strict JSON, `[salt, name, value]` or `[salt, value]`, strings where strings belong | `sdjwt.disclosure_invalid` |
//! | 8 | no disclosure named `_sd` or `...` | `sdjwt.reserved_name` |
//! | 9 | the rules of [`rules`]: `_sd_alg` `sha-256`, no disclosure twice, no digest twice, no collision, every disclosure referenced, depth | `sdjwt.sd_alg_unsupported`, `sdjwt.disclosure_duplicate`, `sdjwt.digest_duplicate`, `sdjwt.claim_collision`, `sdjwt.disclosure_unreferenced`, `sdjwt.payload_invalid`, `sdjwt.limit` |
//! | 10 | `exp` not passed, `nbf` reached (NumericDates, with the skew) | `sdjwt.expired`, `sdjwt.not_yet_valid`, `sdjwt.payload_invalid` |
//! | 11 | a KB-JWT's header: core's JWS policy, `typ` `kb+jwt` | `jws.*`, `sdjwt.kb_invalid` |
//! | 12 | the SD-JWT binds a holder key | `sdjwt.cnf_invalid` |
//! | 13 | the KB-JWT signed by that key (`verify_strict`) | `sdjwt.kb_signature` |
//! | 14 | its payload: `aud`, `nonce`, `sd_hash` strings, `iat` an integer | `sdjwt.kb_invalid` |
//! | 15 | `iat` within [now − max age − skew, now + skew] | `sdjwt.kb_time` |
//! | 16 | `aud` and `nonce` the verifier's (when required) | `sdjwt.kb_audience`, `sdjwt.kb_nonce` |
//! | 17 | `sd_hash` the SHA-256 of the presented `<JWT>~<disclosures>~` | `sdjwt.kb_sd_hash` |
//!
//! **The two signatures, checked together.** With a key binding, rules 4 and 13 are one check:
//! the issuer's signature and the KB-JWT's are verified in one batch equation
//! ([`govblocks_core::jws::verify_pair`]) at rule 13's turn, about a fifth less signature work
//! than two checks. Nothing read before that equation holds is trusted: if any rule before it
//! fails, or the equation does, the presentation is verified again with each signature at its
//! own turn, so the error, and the order of the rules, are exactly those of the table. The one
//! difference from two `verify_strict` calls is the batch equation's (core's
//! `proof/batch.rs`): a signature with a small-order residual, which only its key's holder can
//! make and `verify_strict` refuses, is refused at least half the time, fresh at each call.
//!
//! ## Costs and bounds
//!
//! A hostile SD-JWT costs about its bytes: the length and the number of disclosures are checked
//! before anything is decoded, each disclosure is decoded and hashed once, digests are found in
//! hash maps, each disclosure's value is moved into place once, and the nesting of the
//! processed claims (disclosures within disclosures included) is bounded by
//! [`Limits::max_depth`], so no recursion is unbounded.
//!
//! ## Deviations and choices
//!
//! * Only `sha-256` is accepted as `_sd_alg` (the one RFC 9901 requires every implementation to
//!   support), and only Ed25519 signatures.
//! * A key binding present but not required is still checked (signature, `typ`, `iat`,
//!   `sd_hash`); only its `aud` and `nonce` are not judged.
//! * Pointers address the fully disclosed claims. The issuer adds decoys to `_sd` arrays only,
//!   never to arrays, so that array positions are the same for the issuer and the holder.
//! * A nested `_sd_alg` is refused (`sdjwt.payload_invalid`; RFC 9901 §4.1.1 forbids it).
//! * The SD-JWT VC profile (`dc+sd-jwt`, `vct`, `iss` against the key, the claims that are never
//!   disclosable) is [`vc`], a verifier on top of this one. Status (Token Status List) is
//!   checked after verification, by [`status::check_status`], against the status list token
//!   the verifier fetched.

pub mod foundational_id;
pub mod issue;
pub mod present;
pub mod rules;
pub mod status;
pub mod vc;
pub mod verify;
pub mod wire;

pub use issue::{issue, IssueOptions, Issued, TYP_DC_SD_JWT};
pub use present::{present, select, KeyBindingClaims};
pub use vc::{issue_vc, SdJwtVcVerifier, VerifiedSdJwtVc, TYP_VC_SD_JWT};
pub use verify::{KeyBinding, SdJwtVerifier, VerifiedKeyBinding, VerifiedSdJwt};
pub use wire::{digest, Disclosure, Limits, SD_ALG_SHA256, TYP_KB_JWT};
