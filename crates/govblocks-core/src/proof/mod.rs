//! W3C Data Integrity proofs with the `eddsa-jcs-2022` cryptosuite.
//!
//! This is the one way every govblocks artifact is secured. A *secured document* is a JSON
//! object with a `proof` member: one proof, or a set of them. Each proof is
//!
//! ```json
//! {
//!   "type": "DataIntegrityProof",
//!   "cryptosuite": "eddsa-jcs-2022",
//!   "created": "2023-02-24T23:36:38Z",
//!   "verificationMethod": "did:key:z6Mk…#z6Mk…",
//!   "proofPurpose": "assertionMethod",
//!   "proofValue": "z2HnFSSP…"
//! }
//! ```
//!
//! and `proofValue` is the Ed25519 signature of
//! `SHA-256(JCS(proof without proofValue)) || SHA-256(JCS(document without proof))`
//! (see [`eddsa_jcs_2022`]).
//!
//! * [`add_proof`] signs (and appends to a proof set, or chains with `previousProof`);
//! * [`Verifier`] checks every proof of a document, or of many documents in one batch, and
//!   hands back a [`Verified`](crate::verified::Verified) document.
//!
//! **Proof sets and chains** (VC Data Integrity 1.0 §2.1.1–2.1.2, §4.3, §4.5). Independent
//! signers make a *set*: each proof signs the document alone. An approver who must endorse an
//! earlier signature (a checker approving a maker's payment batch) makes a *chain*: the new
//! proof's `previousProof` names the earlier proof's `id`, and the document it signs carries
//! those earlier proofs, `proofValue` included, as its `proof` member. A proof without
//! `previousProof` signs the document with no `proof` member at all, so a proof made alone
//! still verifies when others are added to the set.
//!
//! **Allow-list.** Only `DataIntegrityProof` with `eddsa-jcs-2022` is accepted; anything else
//! is [`Error::ProofTypeUnsupported`](crate::Error::ProofTypeUnsupported) or
//! [`Error::CryptosuiteUnsupported`](crate::Error::CryptosuiteUnsupported).

pub(crate) mod batch;
pub mod eddsa_jcs_2022;
mod model;
mod purpose;
mod sign;
mod verify;

pub use model::{proof_config, ParsedProof};
pub use purpose::ProofPurpose;
pub use sign::{add_proof, ProofOptions};
pub use verify::{VerifiedProof, Verifier, DEFAULT_MAX_PROOFS};

/// The proof `type` of every Data Integrity proof.
pub const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";
/// The one cryptosuite on the allow-list.
pub const EDDSA_JCS_2022: &str = "eddsa-jcs-2022";
