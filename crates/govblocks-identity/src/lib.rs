//! # govblocks-identity
//!
//! W3C Verifiable Credentials Data Model 2.0 and Presentations, W3C Bitstring Status List v1.0
//! and a foundational ID credential, secured with `eddsa-jcs-2022` through the one
//! verification pipeline of [`govblocks_core::document`].
//!
//! A registry issues a credential about a person, the person presents it to an office bound to
//! the office's challenge, and the office verifies the presentation and every credential in it:
//!
//! ```
//! use govblocks_core::clock::Timestamp;
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
//! use govblocks_identity::presentation::{self, MemoryAcceptOnce, PresentationVerifier};
//!
//! #[derive(serde::Serialize)]
//! struct Resident { id: String, city: String }
//!
//! let registry = SecretKey::from_seed(&[1; 32]); // the civil registry's key
//! let olena = SecretKey::from_seed(&[2; 32]); // the person's key (her wallet's)
//!
//! // Issue: a typed subject, a validity window; the data model's rules are checked, then signed.
//! let credential = Credential::builder(registry.public_key().did())
//!     .add_type("ResidenceCredential")
//!     .subject(&Resident { id: olena.public_key().did(), city: "Kyiv".into() })
//!     .valid_from(Timestamp::parse("2024-01-01T00:00:00Z", "validFrom")?)
//!     .build()?;
//! let signed = issue(&credential, &registry, &ProofOptions::assertion())?;
//!
//! // Present: Olena signs a presentation bound to the office's challenge and domain.
//! let vp = presentation::create(vec![signed], &olena, None, "c-7d2a", "office.example.gov")?;
//!
//! // Verify: credentials must come from the registry; holders prove control of their own
//! // did:key (any did:key may hold); a challenge is accepted once.
//! let credentials = CredentialVerifier::new(Verifier::new(
//!     DidKeyResolver,
//!     TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
//! ));
//! let holders = Verifier::new(DidKeyResolver, TrustList::any());
//! let office = PresentationVerifier::new(credentials, holders, MemoryAcceptOnce::new());
//! let verified = office.verify(vp.to_string().as_bytes(), "c-7d2a", "office.example.gov")?;
//! assert_eq!(verified.holder(), olena.public_key().did());
//! assert_eq!(verified.credentials()[0].subject_ids().collect::<Vec<_>>(), [olena.public_key().did()]);
//!
//! // The same presentation again is a replay.
//! let again = office.verify(vp.to_string().as_bytes(), "c-7d2a", "office.example.gov");
//! assert_eq!(again.unwrap_err().code(), "presentation.replayed");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`credential`] | Verifiable Credentials: the wire shape, the rules, issuing, verifying |
//! | [`error`] | the error enum and its stable codes (`credential.*`, `presentation.*`, `status_list.*`, `sdjwt.*`, `foundational_id.*`) |
//! | [`presentation`] | Verifiable Presentations: creating them, verifying them, replay protection, the policy for what a presentation may leave out (holder, proof) or be about |
//! | [`one_or_many`] | a member that is one value or a set of them, written back as it came |
//! | [`schemas`](mod@schemas) | the identity JSON Schemas, embedded, on top of the core ones |
//! | [`verhoeff`] | the Verhoeff check digit (D5 tables), as MOSIP UINs and Aadhaar numbers use it |
//! | [`foundational_id`] | the foundational (national) ID credential subject: UIN, names, birth date, sex, residence, photo digest |
//! | [`sd_jwt`] | Selective Disclosure for JWTs (RFC 9901): issuing, presenting with key binding, verifying; revocation and suspension with the IETF Token Status List ([`sd_jwt::status`]) |
//! | [`status_list`] | W3C Bitstring Status List v1.0: the bitstring, `encodedList`, status entries and lists, resolvers |
//! | [`prelude`] | what most programs need (core's prelude included), in one `use govblocks_identity::prelude::*` |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod credential;
pub mod error;
pub mod foundational_id;
pub mod one_or_many;
pub mod prelude;
pub mod presentation;
pub mod schemas;
pub mod sd_jwt;
pub mod status_list;
#[doc(hidden)]
pub mod testkit_hook;
pub mod verhoeff;

pub use error::{Error, Result};
