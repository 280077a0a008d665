//! W3C Verifiable Presentations 2.0: a holder wraps credentials and signs with an
//! `authentication` proof bound to the verifier's challenge and domain; the verifier checks
//! every credential, that each subject is the holder, and accepts a challenge once.
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shape: [`Presentation`] |
//! | [`challenge`] | a challenge is accepted once, in an [`AcceptOnce`] store |
//! | [`verifier`] | [`create`] and [`PresentationVerifier`] |

pub mod challenge;
pub mod model;
pub mod verifier;

#[cfg(feature = "sqlite")]
pub use challenge::SqliteAcceptOnce;
pub use challenge::{AcceptOnce, MemoryAcceptOnce, CHALLENGE_SCOPE};
pub use model::{Presentation, VERIFIABLE_PRESENTATION};
pub use verifier::{create, PresentationRequest, PresentationVerifier, VerifiedPresentation};
