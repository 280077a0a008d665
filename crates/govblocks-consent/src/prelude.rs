//! What a program that records and checks consent needs, in one import:
//! `use govblocks_consent::prelude::*;` (core's [prelude](govblocks_core::prelude) included).
//!
//! Agreements and their parts, the service that signs and appends revisions, the record
//! verifier and its verified view, the `permits` [`Question`] and its answer, consent proofs.
//! Errors and ledgers are not here: name [`crate::Error`] and a [`crate::ledger`] backend by
//! their path.
//!
//! ```
//! use govblocks_consent::prelude::*;
//!
//! let question = Question::new("eligibility", "income", SystemClock.now());
//! assert_eq!(question.recipient, None);
//! ```

pub use crate::agreement::{Agreement, Agreements, Controller, LawfulBasis, Purpose, Terms};
pub use crate::consent_proof::{ConsentProof, DEFAULT_PROOF_VALIDITY};
pub use crate::permits::{Decision, DenyReason, Question};
pub use crate::record::{RecordVerifier, VerifiedRecord};
pub use crate::service::ConsentService;
pub use govblocks_core::prelude::*;
