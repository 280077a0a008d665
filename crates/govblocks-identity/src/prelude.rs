//! What a program that issues, presents and verifies credentials needs, in one import:
//! `use govblocks_identity::prelude::*;` (core's [prelude](govblocks_core::prelude) included).
//!
//! Errors are not here: name [`crate::Error`] by its crate. Modules of functions
//! ([`crate::verhoeff`], [`crate::foundational_id`]) are used by their path.
//!
//! ```
//! use govblocks_identity::prelude::*;
//!
//! let registry = SecretKey::from_seed(&[1; 32]);
//! let subject = serde_json::json!({"id": "did:example:olena"});
//! let signed = issue(&Credential::with_subject(registry.public_key().did(), &[], &subject)?, &registry, &ProofOptions::assertion())?;
//! let office = CredentialVerifier::new(Verifier::new(
//!     DidKeyResolver,
//!     TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
//! ));
//! assert!(office.verify(signed.to_string().as_bytes()).is_ok());
//! # Ok::<(), govblocks_identity::Error>(())
//! ```

pub use crate::credential::{issue, Credential, CredentialSchema, CredentialVerifier};
pub use crate::foundational_id::{BirthDate, FoundationalIdSubject, Residence, Sex};
pub use crate::one_or_many::OneOrMany;
/// [`crate::presentation::create`], under a name that says what it creates.
pub use crate::presentation::create as create_presentation;
pub use crate::presentation::{
    Presentation, PresentationPolicy, PresentationVerifier, VerifiedPresentation,
};
pub use crate::status_list::{
    InMemoryStatusResolver, SharedStatusResolver, StatusEntry, StatusList, StatusPurpose,
    StatusResolver,
};
pub use govblocks_core::prelude::*;
