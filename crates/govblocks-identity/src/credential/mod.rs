//! W3C Verifiable Credentials Data Model 2.0: the credential, issuing it, verifying it.
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shape: [`Credential`], [`Issuer`], [`CredentialSchema`] |
//! | [`rules`] | what makes a credential valid, and its [`Document`](govblocks_core::document::Document) implementation |
//! | [`issue`](mod@issue) | [`issue()`]: the rules, then the signature |
//! | [`verifier`] | [`CredentialVerifier`]: the pipeline, trust, `credentialSchema` |

pub mod issue;
pub mod model;
pub mod rules;
pub mod verifier;

pub use issue::issue;
pub use model::{Credential, CredentialSchema, Issuer, CREDENTIALS_V2, VERIFIABLE_CREDENTIAL};
pub use verifier::CredentialVerifier;
pub use verifier::{StatusScope, StatusStats};
