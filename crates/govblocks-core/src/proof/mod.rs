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
//!
//! ## What the verifier refuses
//!
//! The proof rules of the validation policy (the README summarises them and points here). The
//! order in which [`Verifier`] applies them is on its own page.
//!
//! * **Shape.** A document without `proof` is `proof.missing`. Each proof is a
//!   `DataIntegrityProof` (`proof.type_unsupported`) with `eddsa-jcs-2022`
//!   (`proof.cryptosuite_unsupported`), its required members present and well-typed
//!   (`proof.malformed`), its `proofValue` a base58btc 64-byte signature
//!   (`proof.value_invalid`). Numbers in the document are held to the strict parser's rules
//!   ([`crate::json::check_signable_numbers`]: `json.number_out_of_range`,
//!   `json.number_inexact`), also in values built in code and whatever serde_json features
//!   the application enables.
//! * **The verifier's expectations.** `proofPurpose` (default `assertionMethod`,
//!   `proof.purpose_mismatch`), `challenge` (`proof.challenge_mismatch`) and `domain`, compared
//!   as sets (`proof.domain_mismatch`).
//! * **Time.** `created` not in the future (`proof.not_yet_valid`) and `expires` not past
//!   (`proof.expired`), each with an explicit clock skew (default
//!   [`DEFAULT_SKEW`](crate::clock::DEFAULT_SKEW), 5 minutes) and an injected
//!   [`Clock`](crate::clock::Clock); the comparisons are [`crate::clock`]'s.
//! * **The key.** Resolved from `verificationMethod` (`key.unresolvable`), authorised by its
//!   controller for the purpose (`proof.purpose_not_authorized`), from an expected controller
//!   when the verifier names one (`proof.controller_mismatch`), and trusted for that purpose by
//!   the trust list (`trust.untrusted`; an empty trust list trusts nobody).
//! * **Sets and chains.** Every proof of a set or chain must verify; a chained proof signs the
//!   proofs it names (above); a `previousProof` that names no proof of the set fails
//!   (`proof.previous_proof_missing`); two proofs with one `id`, and a `previousProof` naming
//!   one id twice, are `proof.malformed`; so is (`proof.duplicate`) a proof set in which one
//!   signature appears twice, or one key signs the same content twice, since any rule that
//!   counts signers would count it twice.
//! * **Cost.** A document with more proofs than the verifier accepts ([`DEFAULT_MAX_PROOFS`],
//!   32, or [`Verifier::with_max_proofs`]) is refused before any is checked
//!   (`proof.too_many`). Every check that needs no hashing runs on every proof first, and the
//!   document is canonicalized and hashed once per distinct content signed (once for a plain
//!   proof set), so a forged proof set costs about what one forged proof costs.
//! * **`@context`, a deliberate deviation.** eddsa-jcs-2022 (§3.3.2 step 4) only asks that
//!   the document's `@context` *start with* the proof's, then hashes with the proof's, so
//!   contexts appended after signing would verify unsigned. govblocks returns the document it
//!   verified, so it requires the two to be equal (`proof.context_mismatch`).
//! * **Signatures** (`proof.signature_invalid`) are checked with the rules of `ed25519-dalek`'s
//!   `verify_strict` (canonical `S`, no small-order `R` or `A`), by
//!   [`PublicKey::verify_strict`](crate::keys::PublicKey::verify_strict): the same answers,
//!   with a small-order `R` refused by its bytes rather than by decompressing it.
//!   [`Verifier::verify_batch`] (and every [`SignatureBatch`](crate::document::SignatureBatch))
//!   first screens every `R` the same way and `S` for canonical form (keys are never weak:
//!   [`crate::keys`]), then checks one randomized batch equation, in which the terms of one key
//!   are added up (a batch of credentials by one issuer costs one point for the issuer, not one
//!   per credential); when the equation fails, each signature is checked alone to report which.
//!   One difference remains: a signature whose residual is a nonzero small-order point — which
//!   only the key's holder can make — fails `verify_strict` but passes the batch equation with
//!   probability at most 1/2, fresh at each verification (the reasoning, and why no cheap check
//!   closes it, in `proof/batch.rs`).
//!
//! [`add_proof`] runs the same rules in reverse: it never emits what a verifier would refuse.

pub(crate) mod batch;
pub mod eddsa_jcs_2022;
mod model;
mod purpose;
mod sign;
mod verify;

pub use model::{proof_config, ParsedProof};
pub use purpose::ProofPurpose;
pub use sign::{add_proof, ProofOptions};
pub(crate) use verify::{PendingSignatures, Source};
pub use verify::{VerifiedProof, Verifier, DEFAULT_MAX_PROOFS};

/// The proof `type` of every Data Integrity proof.
pub const DATA_INTEGRITY_PROOF: &str = "DataIntegrityProof";
/// The one cryptosuite on the allow-list.
pub const EDDSA_JCS_2022: &str = "eddsa-jcs-2022";
