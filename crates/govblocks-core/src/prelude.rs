//! What a program that signs and verifies needs, in one import:
//! `use govblocks_core::prelude::*;`.
//!
//! Keys and signers, proof options and the [`Verifier`] with its resolver and trust list, the
//! clocks and [`Timestamp`], the [`Document`] trait a block implements, [`Verified`] and the
//! [`CodedError`] trait that gives every error its stable code. Errors themselves are not here
//! (each crate has its own `Error`): name them by their crate.
//!
//! ```
//! use govblocks_core::prelude::*;
//!
//! let key = SecretKey::from_seed(&[1; 32]);
//! let signed = add_proof(serde_json::json!({"a": 1}), &key, &ProofOptions::assertion())?;
//! let verifier = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(key.public_key().did()));
//! assert_eq!(verifier.verify(signed)?.proofs()[0].purpose, ProofPurpose::AssertionMethod);
//! # Ok::<(), govblocks_core::Error>(())
//! ```

pub use crate::clock::{Clock, FixedClock, SettableClock, SystemClock, Timestamp};
pub use crate::document::{Context, Document};
pub use crate::error::CodedError;
pub use crate::keys::{PublicKey, SecretKey};
pub use crate::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
pub use crate::resolver::{DidKeyResolver, KeyResolver, TrustList};
pub use crate::signer::Signer;
pub use crate::verified::Verified;
