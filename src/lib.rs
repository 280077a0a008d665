//! # govblocks
//!
//! Interoperable building blocks for digital public infrastructure: identity credentials,
//! consent records, signed payment instructions and registry data-exchange envelopes, all
//! secured one way (W3C Data Integrity, `eddsa-jcs-2022`) and described by shared JSON Schemas.
//!
//! This facade re-exports the block crates so that one dependency brings them all. Each block is
//! also published on its own; depend on the one you need to keep your build small.
//!
//! | crate | what |
//! | --- | --- |
//! | [`core`] (`govblocks-core`) | strict JSON, RFC 8785 canonical JSON, keys and identifiers, Data Integrity proofs, JWS, schemas, the verification pipeline |
//! | [`store`] (`govblocks-store`) | state for every block: the chained log (consent's ledger), the one SQLite opening routine (feature `sqlite`, default) |
//! | [`identity`] (`govblocks-identity`) | W3C Verifiable Credentials 2.0 and Presentations |
//! | [`consent`] (`govblocks-consent`) | consent agreements and records, their lifecycle, `permits`, consent proofs, a durable ledger |
//! | [`payments`] (`govblocks-payments`) | exact ISO 4217 money, IBAN, BIC, mobile-money, bank and G2P Connect financial addresses, the account mapper, parties |
//! | [`exchange`] (`govblocks-exchange`) | registry data exchange: signed envelopes, X-Road addressing, request/response binding, replay protection |
//!
//! ```
//! use govblocks::core::keys::SecretKey;
//! use govblocks::core::proof::{add_proof, ProofOptions, Verifier};
//! use govblocks::core::resolver::{DidKeyResolver, TrustList};
//!
//! let issuer = SecretKey::generate();
//! let signed = add_proof(
//!     serde_json::json!({"credentialSubject": {"id": "did:example:alice"}}),
//!     &issuer,
//!     &ProofOptions::assertion(),
//! )?;
//! let verifier = Verifier::new(
//!     DidKeyResolver,
//!     TrustList::new().trust_all_purposes(issuer.public_key().did()),
//! );
//! let verified = verifier.verify(signed)?;
//! assert_eq!(verified.proofs()[0].controller, issuer.public_key().did());
//! # Ok::<(), govblocks::core::Error>(())
//! ```
#![forbid(unsafe_code)]

/// What most programs need from every block, in one import: `use govblocks::prelude::*;`
/// (the preludes of [`identity`](govblocks_identity::prelude),
/// [`consent`](govblocks_consent::prelude) and [`payments`](govblocks_payments::prelude), each with [`core`'s](govblocks_core::prelude)). Errors are named by their crate
/// (`govblocks::consent::Error`).
pub mod prelude {
    pub use govblocks_consent::prelude::*;
    pub use govblocks_identity::prelude::*;
    pub use govblocks_payments::prelude::*;
}

pub use govblocks_consent as consent;
pub use govblocks_core as core;
pub use govblocks_exchange as exchange;
pub use govblocks_identity as identity;
pub use govblocks_payments as payments;
pub use govblocks_store as store;
