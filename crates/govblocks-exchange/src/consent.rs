//! Consent on the wire: the verifier can require a consent reference and hand it, with the
//! question the envelope asks, to the application's [`ConsentCheck`] before the payload is
//! released.
//!
//! # Where the question comes from
//!
//! | part of the question | taken from |
//! | --- | --- |
//! | the consent record and revision | `header.consent.record`, `header.consent.revision` |
//! | the purpose | `header.consent.purpose` |
//! | the data categories | `header.consent.dataCategories` |
//! | the recipient | `header.client`: the client receives the data (in the response), for a request and for a response alike; with the DIDs the [directory](crate::directory) lists for it, since consent records name recipients by DID |
//! | the time | the verifier's clock |
//! | the controller's consent proof, if carried | `header.consent.proof` (opaque here) |
//!
//! This crate does not depend on the consent block: an application implements
//! [`ConsentCheck`] with it — for instance by verifying the carried consent proof with a core
//! verifier that trusts the controller (`verify_value_as::<ConsentProof>`), checking that its
//! record and head are the reference's, and asking its `permits` for each data category with
//! the recipient's DID — or by asking its own consent ledger. See
//! `examples/registry_query.rs`.
//!
//! A missing reference is `exchange.consent_missing`; a refusal is `exchange.consent_denied`,
//! whose message carries the check's reason (a consent code such as `consent.withdrawn`).

use crate::envelope::model::{ConsentReference, Envelope};
use crate::xroad::id::ClientId;
use time::OffsetDateTime;

/// The question a consent check answers (see the [module documentation](self)).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ConsentQuestion<'a> {
    /// The consent reference the envelope carries.
    pub reference: &'a ConsentReference,
    /// The purpose asked for.
    pub purpose: &'a str,
    /// The data categories asked for.
    pub data_categories: &'a [String],
    /// Who receives the data: the client.
    pub recipient: &'a ClientId,
    /// The DIDs the directory lists for the recipient (empty when it lists none).
    pub recipient_dids: &'a [String],
    /// The whole envelope (verified but for this check), for a check that needs more.
    pub envelope: &'a Envelope,
    /// The verifier's now.
    pub at: OffsetDateTime,
}

/// The application's consent check: `Ok` when the consent permits the exchange, `Err` with the
/// reason otherwise (see the [module documentation](self)).
pub trait ConsentCheck: Send + Sync {
    /// Answers `question`.
    fn check(&self, question: &ConsentQuestion<'_>) -> Result<(), String>;
}

impl<F> ConsentCheck for F
where
    F: Fn(&ConsentQuestion<'_>) -> Result<(), String> + Send + Sync,
{
    fn check(&self, question: &ConsentQuestion<'_>) -> Result<(), String> {
        self(question)
    }
}
