//! W3C Verifiable Presentations 2.0: a holder wraps credentials and signs with an
//! `authentication` proof bound to the verifier's challenge and domain; the verifier checks
//! every credential, that each subject is the holder, and accepts a challenge once.
//!
//! The specification allows more (no holder, credentials about someone else, no proof at
//! all): the caller's [`PresentationPolicy`] says what of it is accepted, the same for
//! [`create_with_policy`] and [`PresentationVerifier`], and a verified presentation reports
//! each exception it used ([`VerifiedPresentation::exceptions`]).
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shape: [`Presentation`] |
//! | [`policy`] | what a presentation may leave out or be about: [`PresentationPolicy`] |
//! | [`challenge`] | a challenge is accepted once, in an [`AcceptOnce`] store |
//! | [`verifier`] | [`create`], [`create_with_policy`] and [`PresentationVerifier`] |

pub mod challenge;
pub mod model;
pub mod policy;
pub mod verifier;

#[cfg(feature = "sqlite")]
pub use challenge::SqliteAcceptOnce;
pub use challenge::{AcceptOnce, MemoryAcceptOnce, CHALLENGE_SCOPE};
pub use model::{
    EmbeddedCredential, Presentation, ENVELOPED_VERIFIABLE_CREDENTIAL,
    ENVELOPED_VERIFIABLE_PRESENTATION, VERIFIABLE_PRESENTATION,
};
pub use policy::{
    HolderRelation, PolicyException, PresentationPolicy, RelationSource, SubjectCase,
};
pub use verifier::{
    create, create_with_policy, signer_did, HolderProof, PresentationRequest, PresentationVerifier,
    VerifiedPresentation,
};
