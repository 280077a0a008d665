//! # govblocks-consent
//!
//! Consent records shaped after ISO/IEC TS 27560:2023 (as the W3C DPV consent guide describes
//! it) and the GovStack Consent building block: agreements signed by a controller, records of
//! one data principal's choices, an enforced lifecycle, signed hash-chained revisions, the
//! `permits` question services ask, short-lived consent proofs, GovStack Consent BB and Kantara
//! Consent Receipt shapes, and a durable ledger.
//!
//! A ministry publishes an agreement, a person gives consent, a service asks whether it may
//! use the data, the person withdraws, and the same question is refused:
//!
//! ```
//! use govblocks_consent::agreement::{Agreement, Agreements, Controller, LawfulBasis, Purpose, Terms};
//! use govblocks_consent::ledger;
//! use govblocks_consent::permits::{Decision, DenyReason, Question};
//! use govblocks_consent::record::RecordVerifier;
//! use govblocks_consent::service::ConsentService;
//! use govblocks_core::clock::{FixedClock, Timestamp};
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::{ProofOptions, Verifier};
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use std::sync::Arc;
//!
//! // The ministry (the controller) and its agreement, signed with its key.
//! let ministry = SecretKey::from_seed(&[7; 32]);
//! let did = ministry.public_key().did();
//! let tax_office = "did:web:tax.example.gov";
//! let agreement = Agreement::new(
//!     "urn:agreement:child-benefit",
//!     "1",
//!     Controller::new(did.clone(), "Ministry of Social Protection"),
//!     vec![Purpose::new("eligibility", "Check eligibility for the child benefit",
//!         LawfulBasis::Consent, ["income", "household"]).with_recipient(tax_office)],
//!     Terms::new("KE", "P2Y", "KE", "en", "https://msp.example.gov/privacy",
//!         "https://msp.example.gov/consent"),
//! );
//! let signed = agreement.sign(&ministry, &ProofOptions::assertion())?;
//!
//! // Everyone who checks consent knows the agreement versions and trusts the ministry.
//! let now = Timestamp::parse("2025-03-01T10:00:00Z", "now")?;
//! let trust = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(did.clone()));
//! let mut agreements = Agreements::new();
//! agreements.add_value(&trust, signed)?;
//! let verifier = RecordVerifier::new(Arc::new(agreements), [did.clone()])
//!     .with_clock(FixedClock::new(now));
//! let service = ConsentService::new(ledger::memory(), &ministry, verifier);
//!
//! // The person (known by a pseudonym) gives consent; the tax office may read the income.
//! let given = service.give("urn:agreement:child-benefit", "1", "pseudonym-4471", &["eligibility"], None)?;
//! let record = service.load(&given.record)?;
//! let at = now.to_datetime();
//! assert_eq!(record.permits(Question::new("eligibility", "income", at).shared_with(tax_office)), Decision::Allow);
//!
//! // The person withdraws; the same question is now refused, with its code.
//! service.withdraw(&given.record)?;
//! let record = service.load(&given.record)?;
//! let decision = record.permits(Question::new("eligibility", "income", at).shared_with(tax_office));
//! assert_eq!(decision, Decision::Deny(DenyReason::Withdrawn));
//! assert_eq!(decision.into_result().unwrap_err().code(), "consent.withdrawn");
//! # Ok::<(), govblocks_consent::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`agreement`] | consent agreements (the wire shape, its rules, signing), the versions a verifier knows, widening |
//! | [`lifecycle`] | DPV states, events, and the one table of allowed transitions |
//! | [`revision`] | one revision of a record: the wire shape and its own rules |
//! | [`record`] | verifying a record's whole chain (batch signatures), the verified view |
//! | [`permits`] | the question services ask, and its deny reasons |
//! | [`prelude`] | what most programs need (core's prelude included), in one `use govblocks_consent::prelude::*` |
//! | [`consent_proof`] | short-lived signed consent proofs, checked without the history |
//! | [`service`] | give, withdraw, revoke, renew, …: sign and append over any ledger |
//! | [`govstack`] | GovStack Consent BB shapes (`DataAgreement`, `ConsentRecord`, `Revision`, `Signature`): the reference implementation's, and the specification's own ([`govstack::spec`]); [`govstack::export`] |
//! | [`kantara`] | Kantara Consent Receipt v1.1 export |
//! | [`schemas`](mod@schemas) | the consent JSON Schemas, embedded, on top of the core ones |
//! | [`error`] | the error enum and its stable codes (`consent.*`) |
//! | [`ledger`] | the consent ledger: `govblocks-store`'s chained log with consent's words (principal, agreements), in memory or SQLite |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod agreement;
pub mod consent_proof;
pub mod error;
pub mod govstack;
pub mod kantara;
pub mod ledger;
pub mod lifecycle;
pub mod permits;
pub mod prelude;
pub mod record;
pub mod revision;
pub mod schemas;
pub mod service;
#[doc(hidden)]
pub mod testkit_hook;

pub use error::{Error, Result};
/// The store crate the ledger is built on (its log trait, backends and `store.*` errors).
pub use govblocks_store as store;
