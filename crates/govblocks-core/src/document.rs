//! The one verification pipeline, for every block's document types.
//!
//! A building block (identity, consent, payments, exchange) implements [`Document`] once for
//! each of its document types: the typed shape (serde), the `$id` of its JSON Schema, its error
//! type, and the rules that make a verified document valid. Everything else is here, the same
//! for every block:
//!
//! ```text
//! bytes ─► strict parse ─► schema ─► typed value ─► proofs ─► rules ─► Verified<D>
//!          (verifier's     (D::SCHEMA) (serde)      (eddsa-jcs-2022,   (D::check, then
//!           Limits)                                  trust, time)       the caller's hook)
//! ```
//!
//! [`Verifier::verify_as`] runs it on bytes, [`Verifier::verify_value_as`] on a value already
//! parsed (a credential embedded in a presentation), [`Verifier::verify_batch_as`] on many
//! documents with one batch signature verification. Signing runs it in reverse:
//! [`Document::sign`] and [`add_proof_as`] check the block's schema before and after signing
//! and never return a document its verifier would refuse for its shape.
//!
//! The rules see the verified proofs and the verifier's time through a [`Context`]; a rule
//! that needs state the document type cannot hold (a status list, a replay store) is a hook the
//! caller passes to [`Verifier::verify_as_with`], which runs after the document's own rules.
//!
//! # What a block writes, and what it takes from here
//!
//! * **Who signed.** The signer rules are [`Context`]'s, written once with stable `signer.*`
//!   codes: [`Context::require_all_by`] ("every proof is an `assertionMethod` proof by the
//!   issuer"), [`Context::require_by`], [`Context::require_signers_among`],
//!   [`Context::require_each_at_most_once`] ("this set of controllers, each at most once") and
//!   [`Context::require_maker_and_checker`] ("a maker and a distinct checker"),
//!   [`Context::require_maker_and_checkers`] ("a maker and distinct checkers"). A block with a
//!   refined code of its own (`credential.issuer_mismatch`) maps the rule's error with
//!   `map_err`; it never writes the rule again.
//! * **An untrusted signer.** Core decides trust (the verifier's [`TrustList`](crate::resolver::TrustList));
//!   a block that has a refined code for a signer with a role in the document
//!   (`credential.untrusted_issuer`) names it in [`Document::untrusted_signer`].
//! * **Errors.** [`coded_error!`](crate::coded_error) writes each code once (the block's
//!   `code()`, its sorted `CODES`, and a [`CodedError`] that takes position, violations and
//!   proof location from the wrapped core error); `tests/error_codes.txt` pins the list through
//!   [`assert_codes_pinned`](crate::error::assert_codes_pinned).
//! * **Schemas.** The block's texts in one [`EmbeddedSchemas`](crate::schema::EmbeddedSchemas)
//!   `static`, returned by [`Document::schemas`]; shared shapes (`dateTimeStamp`, `date`,
//!   `countryCode`, `contentDigest`, `did`, …) are `$ref`s into core's `defs.json`.
//!
//! # One style of block verifier
//!
//! Every block's verifier (`CredentialVerifier`, `PresentationVerifier`, `RecordVerifier`, a
//! payments batch verifier next) wraps core's [`Verifier`] the same way:
//!
//! 1. **It holds a [`Verifier`]** — key resolution, trust list, clock, skew, parser limits —
//!    built by the caller and handed back by a `verifier()` accessor; it implements none of
//!    them again. A verifier whose trust depends on the document (a revision co-signed by the
//!    person's key) derives one per document with [`Verifier::with_trust`] /
//!    [`Verifier::with_resolver`], keeping the rest.
//! 2. **It verifies bytes through the pipeline**: `verify(bytes)` is [`Verifier::verify_as_with`],
//!    so canonical input takes the canonical-bytes fast path (the document hashed straight from
//!    its bytes). A block that must read the document before it can choose its verifier or
//!    options calls [`Verifier::parse`], peeks at
//!    [`Parsed::value`](crate::json::Parsed::value), then [`Verifier::verify_parsed_as_with`]
//!    (or [`Verifier::prepare_parsed_as`] for a batch) on the verifier it chose — never
//!    `parse` then [`Verifier::verify_value_as`], which loses the fast path.
//!    `verify_value` (a document already parsed, such as a credential inside a presentation)
//!    is [`Verifier::verify_value_as_with`].
//! 3. **Its checks that need state of its own** (a status list, a registry of credential
//!    schemas, a chain's previous revision) are the hook, which runs after [`Document::check`];
//!    the document's own rules stay in `check`.
//! 4. **Many documents** go through [`Verifier::prepare_parsed_as`] /
//!    [`Verifier::prepare_value_as`], one [`SignatureBatch`], then [`Prepared::finish_with`]
//!    with the same hook. A document embedded in a parsed one (a credential in a
//!    presentation's `verifiableCredential`) goes through [`Verifier::prepare_element_as`]
//!    with [`Parsed::element`](crate::json::Parsed::element): hashed from its own bytes when
//!    the outer document's are canonical.
//!
//! # Example: a block-style document with one rule about its signer
//!
//! ```
//! use govblocks_core::document::{Context, Document};
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
//! use govblocks_core::resolver::{DidKeyResolver, TrustList};
//! use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};
//! use serde::{Deserialize, Serialize};
//!
//! /// A toy payment order: the payer must have signed it.
//! #[derive(Debug, Serialize, Deserialize)]
//! struct PaymentOrder {
//!     payer: String,
//!     amount: String,
//! }
//!
//! /// The block's error: core's errors, plus its own rules, each with a stable code.
//! #[derive(Debug, thiserror::Error)]
//! enum PaymentError {
//!     #[error(transparent)]
//!     Core(#[from] govblocks_core::Error),
//!     #[error("the payer did not sign the order")]
//!     NotSignedByPayer,
//!     #[error("the payer is not trusted")]
//!     UntrustedPayer,
//! }
//!
//! govblocks_core::coded_error! {
//!     impl PaymentError {
//!         wraps { PaymentError::Core(e) => e }
//!         codes {
//!             PaymentError::NotSignedByPayer => "payments.not_signed_by_payer",
//!             PaymentError::UntrustedPayer => "payments.untrusted_payer",
//!         }
//!     }
//!     impl CodedError {}
//! }
//!
//! /// The block's schemas, on top of the core ones, compiled once.
//! static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[ORDER_SCHEMA]);
//!
//! impl Document for PaymentOrder {
//!     const SCHEMA: &'static str = "https://example.org/payment-order.json";
//!     type Error = PaymentError;
//!     fn check(&self, context: &Context<'_>) -> Result<(), PaymentError> {
//!         context
//!             .require_all_by(&self.payer, &ProofPurpose::AssertionMethod)
//!             .map_err(|_| PaymentError::NotSignedByPayer)
//!     }
//!     fn untrusted_signer(&self, controller: &str) -> Option<PaymentError> {
//!         (controller == self.payer).then_some(PaymentError::UntrustedPayer)
//!     }
//!     fn schemas() -> &'static SchemaRegistry {
//!         SCHEMAS.registry()
//!     }
//! }
//!
//! const ORDER_SCHEMA: &str = r#"{
//!   "$schema": "https://json-schema.org/draft/2020-12/schema",
//!   "$id": "https://example.org/payment-order.json",
//!   "type": "object",
//!   "required": ["payer", "amount"],
//!   "properties": {
//!     "payer": {"type": "string"},
//!     "amount": {"type": "string", "pattern": "^[0-9]+[.][0-9]{2}$"}
//!   }
//! }"#;
//!
//! let payer = SecretKey::from_seed(&[1; 32]);
//! let order = PaymentOrder { payer: payer.public_key().did(), amount: "12.50".into() };
//! let signed = order.sign(&payer, &ProofOptions::assertion())?;
//!
//! let verifier = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(payer.public_key().did()));
//! let verified = verifier.verify_as::<PaymentOrder>(signed.to_string().as_bytes())?;
//! assert_eq!(verified.amount, "12.50");
//!
//! // Signed by someone else (whom the verifier trusts): the proof is fine, the rule is not.
//! let other = SecretKey::from_seed(&[2; 32]);
//! let forged = order.sign(&other, &ProofOptions::assertion())?;
//! let verifier = Verifier::new(DidKeyResolver, TrustList::any());
//! let error = verifier.verify_as::<PaymentOrder>(forged.to_string().as_bytes()).unwrap_err();
//! assert_eq!(error.code(), "payments.not_signed_by_payer");
//!
//! // The payer, untrusted: core decided, the block named its code.
//! let nobody = Verifier::new(DidKeyResolver, TrustList::new());
//! let error = nobody.verify_as::<PaymentOrder>(signed.to_string().as_bytes()).unwrap_err();
//! assert_eq!(error.code(), "payments.untrusted_payer");
//! # Ok::<(), PaymentError>(())
//! ```

use crate::clock::Timestamp;
use crate::error::{CodedError, Error};
use crate::json::{CanonicalBytes, CanonicalDocument, Tape, TapeValue};
use crate::proof::{add_proof, ProofOptions, ProofPurpose, Source, VerifiedProof, Verifier};
use crate::schema::SchemaRegistry;
use crate::signer::Signer;
use crate::verified::Verified;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;
use time::{Duration, OffsetDateTime};

/// A document type of a building block: what the block writes once, and the pipeline runs.
///
/// The type is the document's wire shape (serde). Its schema (`SCHEMA`) describes the document
/// with `proof` optional — the same schema checks it before signing and after — and is looked
/// up in [`Document::schemas`] (or the verifier's own registry, [`Verifier::with_schemas`]).
pub trait Document: Serialize + DeserializeOwned {
    /// The `$id` (or short name) of the document's JSON Schema.
    const SCHEMA: &'static str;

    /// The block's error type: core's errors convert into it, and it has stable codes.
    type Error: From<Error> + CodedError;

    /// The rules that make a verified document valid, run after every proof has verified:
    /// who must have signed, validity windows, totals, policy.
    fn check(&self, context: &Context<'_>) -> Result<(), Self::Error>;

    /// The block's own error for a proof whose signer the trust list does not trust, when
    /// that signer has a role in this document (a credential's issuer:
    /// `credential.untrusted_issuer`). Core decides trust; this only names the refined error.
    /// The pipeline asks it only for a document that passed its schema and reads as a `D`.
    /// Default: none, core's `trust.untrusted` stands.
    fn untrusted_signer(&self, controller: &str) -> Option<Self::Error> {
        let _ = controller;
        None
    }

    /// Reads the typed document, by move, from a value that passed [`Document::SCHEMA`]: the
    /// pipeline's typed step. Default: serde (`Self::deserialize(value)`), which for a
    /// [`Value`] rebuilds every object it keeps as a `Map` and every value it keeps as a
    /// `Value`. A block whose document is read on every verification may override it with a
    /// reader that moves the parsed members into their fields instead; it must accept and
    /// refuse exactly what `deserialize` does, with the same messages.
    fn from_value(value: Value) -> std::result::Result<Self, serde_json::Error> {
        Self::deserialize(value)
    }

    /// [`Document::from_value`], for a document read from canonical bytes, which `canonical`
    /// holds: a block may keep members it only hashes, checks and hands on as their canonical
    /// text ([`CanonicalDocument::member`], a [`LazyValue`](crate::json::LazyValue)) and drop
    /// their trees here, while they are still in the cache, instead of handing the caller trees
    /// to free later. It must accept and refuse exactly what `from_value` does. Default:
    /// `from_value`.
    fn from_canonical(
        value: Value,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        let _ = canonical;
        Self::from_value(value)
    }

    /// [`Document::from_canonical`], for a canonical document read without a tree
    /// ([`Tape`]): a block reads its typed value from `tape`'s members'
    /// text. It must accept and refuse exactly what `from_value` does. Default: the tree, then
    /// `from_canonical`.
    fn from_tape(
        tape: TapeValue<'_>,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        Self::from_canonical(tape.to_value(), canonical)
    }

    /// [`Document::from_tape`], with the document's one `proof` member already read as a tree
    /// (the pipeline read it to check the proof): a block that keeps the proof in its typed
    /// value takes this tree instead of reading the proof from the tape a second time. It must
    /// accept and refuse exactly what `from_tape` does. Default: `from_tape` (the tree is
    /// dropped).
    fn from_tape_with_proof(
        tape: TapeValue<'_>,
        canonical: CanonicalDocument<'_>,
        proof: Value,
    ) -> std::result::Result<Self, serde_json::Error> {
        let _ = proof;
        Self::from_tape(tape, canonical)
    }

    /// The registry that holds [`Document::SCHEMA`] and what it refers to; a block returns a
    /// registry of its own schemas on top of the core ones. Default: the built-in registry.
    fn schemas() -> &'static SchemaRegistry {
        SchemaRegistry::builtin()
    }

    /// Signs this document with an eddsa-jcs-2022 proof, checking its schema before and after
    /// (see [`add_proof_as`]); returns the secured JSON document.
    fn sign(&self, signer: &dyn Signer, options: &ProofOptions) -> Result<Value, Self::Error> {
        let value = serde_json::to_value(self).map_err(|e| Error::DocumentInvalid {
            reason: e.to_string(),
        })?;
        add_proof_as::<Self>(value, signer, options)
    }
}

/// What a document's rules see: the proofs that verified and the verifier's time.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    proofs: &'a [VerifiedProof],
    now: OffsetDateTime,
    skew: Duration,
}

impl<'a> Context<'a> {
    /// Every verified proof of the document, in document order.
    pub fn proofs(&self) -> &'a [VerifiedProof] {
        self.proofs
    }

    /// Whether `controller` signed at least one of the proofs.
    pub fn signed_by(&self, controller: &str) -> bool {
        self.proofs.iter().any(|p| p.controller == controller)
    }

    /// The verifier's now (read once per verification).
    pub fn now(&self) -> OffsetDateTime {
        self.now
    }

    /// The clock skew the verifier allows.
    pub fn skew(&self) -> Duration {
        self.skew
    }

    /// Whether `t` lies in the future beyond the skew (a `validFrom` not reached yet).
    pub fn is_in_future(&self, t: Timestamp) -> bool {
        t.is_after(self.now, self.skew)
    }

    /// Whether `t` has passed beyond the skew (a `validUntil` gone by).
    pub fn has_passed(&self, t: Timestamp) -> bool {
        t.is_before(self.now, self.skew)
    }

    // ---- signer rules ---------------------------------------------------------------------------
    // Who must have signed, written once for every block. Each returns a core error with a
    // stable `signer.*` code; a block that has a refined code of its own (an issuer, a holder, a
    // controller) maps it with `map_err`, and the rule itself stays here.

    /// "Every proof is a `purpose` proof by `controller`" (an issuer's credential, a holder's
    /// presentation, a controller's agreement): at least one proof, and none by anyone else or
    /// for another purpose (`signer.unexpected`; `signer.missing` for a document with no proof).
    pub fn require_all_by(&self, controller: &str, purpose: &ProofPurpose) -> crate::Result<()> {
        if let Some(other) = self
            .proofs
            .iter()
            .find(|p| p.controller != controller || &p.purpose != purpose)
        {
            return Err(unexpected(other));
        }
        self.require_by(controller, purpose)
    }

    /// "`controller` made a `purpose` proof" (others may have signed too): `signer.missing`
    /// otherwise.
    pub fn require_by(&self, controller: &str, purpose: &ProofPurpose) -> crate::Result<()> {
        if self
            .proofs
            .iter()
            .any(|p| p.controller == controller && &p.purpose == purpose)
        {
            Ok(())
        } else {
            Err(Error::SignerMissing {
                expected: controller.to_string(),
                purpose: purpose.to_string(),
            })
        }
    }

    /// "Every proof is by one of `allowed`" (a controller and the person's own key):
    /// `signer.unexpected` for the first proof by anyone else.
    pub fn require_signers_among(&self, allowed: &[&str]) -> crate::Result<()> {
        match self
            .proofs
            .iter()
            .find(|p| !allowed.contains(&p.controller.as_str()))
        {
            Some(other) => Err(unexpected(other)),
            None => Ok(()),
        }
    }

    /// "This set of controllers, each at most once": every proof is by one of `allowed`
    /// (`signer.unexpected`) and nobody signed twice (`signer.repeated`). Together with
    /// [`Context::require_by`] for each, "exactly these signers".
    pub fn require_each_at_most_once(&self, allowed: &[&str]) -> crate::Result<()> {
        self.require_signers_among(allowed)?;
        for (i, p) in self.proofs.iter().enumerate() {
            if self.proofs[..i]
                .iter()
                .any(|q| q.controller == p.controller)
            {
                return Err(Error::SignerRepeated {
                    signer: p.controller.clone(),
                });
            }
        }
        Ok(())
    }

    /// "A maker and a distinct checker" (four eyes: a payment batch, an approval): exactly two
    /// `purpose` proofs, a maker's — by one of `makers`, signing the document alone (no
    /// `previousProof`) — and a checker's, by one of `checkers`, chained to the maker's proof
    /// (its `previousProof` names the maker proof's `id`: the checker endorses what the maker
    /// signed, VC Data Integrity §2.1.2). The checker is never the maker
    /// (`signer.not_distinct`); a proof by anyone else, for another purpose, or a third proof
    /// is `signer.unexpected`; two maker proofs are `signer.repeated`; no maker, or no checker
    /// chained to the maker, is `signer.missing`. Returns who made and who checked.
    ///
    /// ```
    /// use govblocks_core::document::{Context, Document};
    /// use govblocks_core::keys::SecretKey;
    /// use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
    /// use govblocks_core::resolver::{DidKeyResolver, TrustList};
    ///
    /// #[derive(Debug, serde::Serialize, serde::Deserialize)]
    /// struct Batch { total: String }
    ///
    /// impl Document for Batch {
    ///     const SCHEMA: &'static str = govblocks_core::schema::ids::SECURED_DOCUMENT;
    ///     type Error = govblocks_core::Error;
    ///     fn check(&self, context: &Context<'_>) -> Result<(), Self::Error> {
    ///         let clerk = SecretKey::from_seed(&[1; 32]).public_key().did();
    ///         let officer = SecretKey::from_seed(&[2; 32]).public_key().did();
    ///         let assertion = ProofPurpose::AssertionMethod;
    ///         context.require_maker_and_checker(&[&clerk], &[&officer], &assertion)?;
    ///         Ok(())
    ///     }
    /// }
    ///
    /// let (clerk, officer) = (SecretKey::from_seed(&[1; 32]), SecretKey::from_seed(&[2; 32]));
    /// let made = add_proof(serde_json::json!({"total": "10.00"}), &clerk,
    ///     &ProofOptions::assertion().with_id("urn:proof:maker"))?;
    /// let checked = add_proof(made.clone(), &officer,
    ///     &ProofOptions::assertion().with_previous_proof("urn:proof:maker"))?;
    /// let verifier = Verifier::new(DidKeyResolver, TrustList::any());
    /// assert!(verifier.verify_value_as::<Batch>(checked).is_ok());
    /// let error = verifier.verify_value_as::<Batch>(made).unwrap_err();
    /// assert_eq!(error.code(), "signer.missing");
    /// # Ok::<(), govblocks_core::Error>(())
    /// ```
    pub fn require_maker_and_checker(
        &self,
        makers: &[&str],
        checkers: &[&str],
        purpose: &ProofPurpose,
    ) -> crate::Result<MakerChecker<'a>> {
        let found = self.maker_and_checkers(makers, checkers, purpose, Some(1))?;
        match found.checkers.as_slice() {
            [checker] => Ok(MakerChecker {
                maker: found.maker,
                checker,
            }),
            // `maker_and_checkers` returns at least one checker, and at most the one asked.
            _ => Err(Error::SignerMissing {
                expected: "one checker".to_string(),
                purpose: purpose.to_string(),
            }),
        }
    }

    /// "A maker and one or more distinct checkers" (a payment batch whose policy asks for
    /// several approvals): [`Context::require_maker_and_checker`] with any number of checkers,
    /// each by one of `checkers`, each chained to the maker's proof, each a different controller
    /// (a second proof by one checker is `signer.repeated`) and none the maker
    /// (`signer.not_distinct`). No checker at all is `signer.missing`. Returns the maker's proof
    /// and the checkers', in document order. How many checkers are enough is the caller's rule
    /// (a block counts people, not keys).
    pub fn require_maker_and_checkers(
        &self,
        makers: &[&str],
        checkers: &[&str],
        purpose: &ProofPurpose,
    ) -> crate::Result<MakerCheckers<'a>> {
        self.maker_and_checkers(makers, checkers, purpose, None)
    }

    /// The maker/checker rule, with at most `max` checkers (a further chained proof is
    /// `signer.unexpected`).
    fn maker_and_checkers(
        &self,
        makers: &[&str],
        checkers: &[&str],
        purpose: &ProofPurpose,
        max: Option<usize>,
    ) -> crate::Result<MakerCheckers<'a>> {
        let mut maker: Option<&'a VerifiedProof> = None;
        for p in self.proofs.iter().filter(|p| p.previous_proof.is_empty()) {
            if &p.purpose != purpose || !makers.contains(&p.controller.as_str()) {
                return Err(unexpected(p));
            }
            if maker.is_some() {
                return Err(Error::SignerRepeated {
                    signer: p.controller.clone(),
                });
            }
            maker = Some(p);
        }
        let maker = maker.ok_or_else(|| Error::SignerMissing {
            expected: format!("a maker (one of {})", makers.join(", ")),
            purpose: purpose.to_string(),
        })?;
        let chained = |p: &VerifiedProof| matches!((&maker.id, p.previous_proof.as_slice()), (Some(id), [previous]) if previous == id);
        let mut found: Vec<&'a VerifiedProof> = Vec::new();
        for p in self.proofs.iter().filter(|p| !p.previous_proof.is_empty()) {
            if &p.purpose != purpose
                || !checkers.contains(&p.controller.as_str())
                || !chained(p)
                || max.is_some_and(|max| found.len() >= max)
            {
                return Err(unexpected(p));
            }
            if p.controller == maker.controller {
                return Err(Error::SignerNotDistinct {
                    signer: p.controller.clone(),
                });
            }
            // At most as many checkers as the policy lists: a short scan.
            if found.iter().any(|q| q.controller == p.controller) {
                return Err(Error::SignerRepeated {
                    signer: p.controller.clone(),
                });
            }
            found.push(p);
        }
        if found.is_empty() {
            return Err(Error::SignerMissing {
                expected: format!(
                    "a checker (one of {}) chained to the maker's proof",
                    checkers.join(", ")
                ),
                purpose: purpose.to_string(),
            });
        }
        Ok(MakerCheckers {
            maker,
            checkers: found,
        })
    }
}

/// Who made and who checked a document with several approvals
/// ([`Context::require_maker_and_checkers`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct MakerCheckers<'a> {
    /// The maker's proof.
    pub maker: &'a VerifiedProof,
    /// The checkers' proofs, each chained to the maker's, in document order.
    pub checkers: Vec<&'a VerifiedProof>,
}

/// Who made and who checked a four-eyes document ([`Context::require_maker_and_checker`]).
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct MakerChecker<'a> {
    /// The maker's proof.
    pub maker: &'a VerifiedProof,
    /// The checker's proof, chained to the maker's.
    pub checker: &'a VerifiedProof,
}

/// `signer.unexpected` for `proof`.
fn unexpected(proof: &VerifiedProof) -> Error {
    Error::SignerUnexpected {
        signer: proof.controller.clone(),
        purpose: proof.purpose.to_string(),
    }
}

impl Verifier {
    /// The whole pipeline on `bytes`: strict parse with the verifier's limits, `D`'s schema,
    /// the typed value, every proof, `D`'s rules. The only way to a `Verified<D>`.
    pub fn verify_as<D: Document>(&self, bytes: &[u8]) -> Result<Verified<D>, D::Error> {
        self.verify_as_with(bytes, |_, _| Ok(()))
    }

    /// [`Verifier::verify_as`], then `hook` (a rule that needs state of the caller's, such as a
    /// status list), which runs after `D`'s own rules and before success.
    pub fn verify_as_with<D: Document>(
        &self,
        bytes: &[u8],
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        let parsed = self.parse(bytes)?;
        self.verify_parsed_as_with(parsed, hook)
    }

    /// `bytes` read without a tree, if they are canonical JSON of the plain kind a
    /// [`Tape`] reads, within this verifier's limits; `None` otherwise (then
    /// [`Verifier::parse`]). For [`Verifier::prepare_tape_as`].
    pub fn read_tape<'b>(&self, bytes: &'b [u8]) -> Option<Tape<'b>> {
        Tape::parse(bytes, self.limits())
    }

    /// The first step of [`Verifier::verify_as`]: `bytes` strictly parsed with this verifier's
    /// limits, keeping what the canonical-bytes fast path needs. A block that must read the
    /// document before it can choose its verifier (a key to trust for this document only, a
    /// digest of the bytes) parses with this, peeks at [`Parsed::value`](crate::json::Parsed::value),
    /// then hands the parsed document to [`Verifier::verify_parsed_as`] (or
    /// [`Verifier::prepare_parsed_as`]) of the verifier it chose.
    pub fn parse<'b>(&self, bytes: &'b [u8]) -> crate::Result<crate::json::Parsed<'b>> {
        crate::json::parse_with_layout(bytes, &self.limits)
    }

    /// The pipeline from schema on, for a document from [`Verifier::parse`] (or
    /// [`json::parse_with_layout`](crate::json::parse_with_layout)): canonical input is hashed
    /// straight from its bytes, as in [`Verifier::verify_as`].
    pub fn verify_parsed_as<D: Document>(
        &self,
        parsed: crate::json::Parsed<'_>,
    ) -> Result<Verified<D>, D::Error> {
        self.verify_parsed_as_with(parsed, |_, _| Ok(()))
    }

    /// [`Verifier::verify_parsed_as`] with a caller's hook (see [`Verifier::verify_as_with`]).
    pub fn verify_parsed_as_with<D: Document>(
        &self,
        parsed: crate::json::Parsed<'_>,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        self.verify_parsed_as_completed_with(parsed, |_| Ok(()), hook)
    }

    /// [`Verifier::verify_parsed_as_with`] for a document parsed whole or in part
    /// ([`json::parse_streaming`](crate::json::parse_streaming)): `complete` gives the typed
    /// value what the parser handed to its sink (the elements it did not keep), and may
    /// refuse it (with an error the sink recorded while typing those elements), before the
    /// signatures are checked and `D`'s rules run on the completed value.
    ///
    /// In the order of [`Verifier::verify_as`]: schema (of the partial value: the caller checks
    /// the elements handed over, against their own schema, before calling), every proof check
    /// but the signature, the typed value, `complete`, the signatures, `D`'s rules, `hook`.
    /// A partial document must be canonical (the hashes are read from its bytes, never from
    /// the partial tree): otherwise `document.invalid`, and the caller parses it whole.
    pub fn verify_parsed_as_completed_with<D: Document>(
        &self,
        parsed: crate::json::Parsed<'_>,
        complete: impl FnOnce(&mut D) -> Result<(), D::Error>,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        let source = parsed_source(&parsed)?;
        let mut prepared = self.prepare_typed::<D>(parsed.into_value(), source)?;
        complete(&mut prepared.typed)?;
        let proofs = prepared.signatures.finish(false)?;
        finish_rules(prepared.typed, proofs, prepared.now, prepared.skew, hook)
    }

    /// The pipeline from schema on, for a value already parsed (strictly: a credential
    /// embedded in a verified presentation, say).
    pub fn verify_value_as<D: Document>(&self, value: Value) -> Result<Verified<D>, D::Error> {
        self.verify_value_as_with(value, |_, _| Ok(()))
    }

    /// [`Verifier::verify_value_as`] with a caller's hook (see [`Verifier::verify_as_with`]).
    pub fn verify_value_as_with<D: Document>(
        &self,
        value: Value,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        self.verify_typed(value, Source::Value, hook)
    }

    /// The pipeline from schema on; `source` says whether the strict parser read the value
    /// (and, for canonical bytes, carries the hash of the document without its proofs).
    fn verify_typed<D: Document>(
        &self,
        value: Value,
        source: Source<'_>,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        // The typed value is read by move once every check but the signatures passed (no copy
        // of the document), and reaches the rules only after the signatures verified.
        let prepared = self.prepare_typed::<D>(value, source)?;
        let proofs = prepared.signatures.finish(false)?;
        finish_rules(prepared.typed, proofs, prepared.now, prepared.skew, hook)
    }

    /// The pipeline on many documents, with one batch signature verification for all their
    /// proofs (about twice the throughput of one by one). One result per input, in order.
    pub fn verify_batch_as<D: Document>(
        &self,
        inputs: &[&[u8]],
    ) -> Vec<Result<Verified<D>, D::Error>> {
        let prepared = inputs
            .iter()
            .map(|bytes| self.prepare_parsed_as::<D>(self.parse(bytes)?))
            .collect();
        finish_batch(prepared, |_, _| Ok(()))
    }

    /// [`Verifier::verify_batch_as`] for values already parsed (or already failed).
    pub fn verify_batch_values_as<D: Document>(
        &self,
        values: Vec<crate::Result<Value>>,
    ) -> Vec<Result<Verified<D>, D::Error>> {
        self.verify_batch_values_as_with(values, |_, _| Ok(()))
    }

    /// [`Verifier::verify_batch_values_as`] with a caller's hook, run on each document that
    /// passed everything else (see [`Verifier::verify_as_with`]).
    pub fn verify_batch_values_as_with<D: Document>(
        &self,
        values: Vec<crate::Result<Value>>,
        hook: impl Fn(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Vec<Result<Verified<D>, D::Error>> {
        // Each document as `prepare_value_as` takes it; one that fails holds its place in the
        // results as its error.
        let prepared = values
            .into_iter()
            .map(|value| self.prepare_value_as::<D>(value?))
            .collect();
        finish_batch(prepared, hook)
    }

    /// Checks `value` against `D`'s schema (`D::SCHEMA`) in this verifier's registry
    /// ([`Verifier::with_schemas`]) or, without one, in `D::schemas()`: the schema step of the
    /// pipeline, for a block that checks a document the pipeline does not (one without proofs
    /// that its policy accepts) against the same registry.
    pub fn check_schema<D: Document>(&self, value: &Value) -> Result<(), D::Error> {
        let registry = match &self.schemas {
            Some(own) => own.as_ref(),
            None => D::schemas(),
        };
        Ok(registry.validate(D::SCHEMA, value)?)
    }

    /// Every check of `value` as a `D` but its signatures, which wait for a
    /// [`SignatureBatch`] (see [`Prepared`]). In the order of [`Verifier::verify_as`]:
    /// schema, every proof check but the signature (hashing the document), then the typed
    /// value, read by move: nothing of the document is kept but the typed value.
    pub fn prepare_value_as<D: Document>(&self, value: Value) -> Result<Prepared<D>, D::Error> {
        self.prepare_typed(value, Source::Value)
    }

    /// [`Verifier::prepare_value_as`] on an element of a parsed document
    /// ([`Parsed::element`](crate::json::Parsed::element): a credential embedded in a
    /// presentation). The strict parser read it, so its numbers are not held to the parser's
    /// rules a second time; when the input was canonical it is hashed straight from its own
    /// bytes, as a whole document is ([`Verifier::prepare_parsed_as`]).
    pub fn prepare_element_as<D: Document>(
        &self,
        element: crate::json::Element<'_>,
    ) -> Result<Prepared<D>, D::Error> {
        let canonical = element.canonical;
        let source = Source::Parsed {
            unsecured: canonical.and_then(|c| c.unsecured_sha256()),
            canonical,
        };
        self.prepare_typed(element.into_value(), source)
    }

    /// [`Verifier::prepare_value_as`] on a document parsed by
    /// [`json::parse_with_layout`](crate::json::parse_with_layout): canonical input is hashed
    /// straight from its bytes.
    pub fn prepare_parsed_as<D: Document>(
        &self,
        parsed: crate::json::Parsed<'_>,
    ) -> Result<Prepared<D>, D::Error> {
        let source = parsed_source(&parsed)?;
        self.prepare_typed(parsed.into_value(), source)
    }

    /// [`Verifier::prepare_parsed_as`] for a canonical document read without a tree
    /// ([`Tape::parse`](crate::json::Tape::parse)): the same checks in the same order, with
    /// the same answers and errors. The schema is checked on the tape, the document's hashes
    /// are read from its bytes, the typed value comes from [`Document::from_tape`]; only the
    /// proof becomes a tree. A document whose proofs need the whole tree (a proof set, a
    /// chain) or that is not an object takes the tree path.
    pub fn prepare_tape_as<D: Document>(&self, tape: &Tape<'_>) -> Result<Prepared<D>, D::Error> {
        self.prepare_tape_object::<D>(tape.root(), tape.canonical_bytes(), || {
            tape.unsecured_sha256()
        })
    }

    /// [`Verifier::prepare_tape_as`] on a document embedded in a canonical document read as a
    /// tape (a credential in a presentation's `verifiableCredential`): hashed from its own
    /// bytes (a part of canonical JSON is the canonical form of its value), its schema checked
    /// on the tape, its typed value from [`Document::from_tape`]. The same checks in the same
    /// order, with the same answers and errors, as [`Verifier::prepare_element_as`] on the
    /// same element strictly parsed.
    pub fn prepare_tape_value_as<D: Document>(
        &self,
        value: TapeValue<'_>,
    ) -> Result<Prepared<D>, D::Error> {
        let canonical = value.canonical_bytes();
        self.prepare_tape_object::<D>(value, canonical, || canonical?.unsecured_sha256())
    }

    /// [`Verifier::prepare_tape_as`] on `root`, whose bytes are `canonical` (`None` when it is
    /// not an object) and whose hash without its `proof` `unsecured` gives.
    fn prepare_tape_object<'b, D: Document>(
        &self,
        root: TapeValue<'b>,
        canonical: Option<CanonicalBytes<'b>>,
        unsecured: impl FnOnce() -> Option<[u8; 32]>,
    ) -> Result<Prepared<D>, D::Error> {
        let registry = match &self.schemas {
            Some(own) => own.as_ref(),
            None => D::schemas(),
        };
        registry.validate_tape(D::SCHEMA, root)?;
        let proof = root.get("proof");
        let single = proof.filter(|p| p.as_object().is_some() && p.get("previousProof").is_none());
        let unsecured = unsecured();
        let (Some(canonical), Some(proof), Some(unsecured)) = (canonical, single, unsecured) else {
            let source = Source::Parsed {
                unsecured,
                canonical,
            };
            return self.prepare_checked(root.to_value(), source);
        };
        // What the proof checks read of the document: its `@context` and its one proof (the
        // document's hash is `unsecured`, from the bytes).
        let mut skeleton = serde_json::Map::new();
        if let Some(context) = root.get("@context") {
            skeleton.insert("@context".to_owned(), context.to_value());
        }
        skeleton.insert("proof".to_owned(), proof.to_value());
        let mut skeleton = Value::Object(skeleton);
        let now = self.now();
        let source = Source::Parsed {
            unsecured: Some(unsecured),
            canonical: Some(canonical),
        };
        let signatures = match self.prepare_signatures(&mut skeleton, source, now) {
            Ok(signatures) => signatures,
            Err(e) => return Err(refine_untrusted::<D>(e, root.to_value())),
        };
        // The proof, as the checks read it (and put it back), for the typed value.
        let proof = match &mut skeleton {
            Value::Object(members) => members.remove("proof").unwrap_or_default(),
            _ => Value::Null,
        };
        let typed = D::from_tape_with_proof(root, CanonicalDocument::new(canonical), proof)
            .map_err(typed_error::<D>)?;
        Ok(Prepared::new(typed, signatures, now, self.skew()))
    }

    /// [`Verifier::verify_parsed_as_with`] for a canonical document read as a tape (see
    /// [`Verifier::prepare_tape_as`]).
    pub fn verify_tape_as_with<D: Document>(
        &self,
        tape: &Tape<'_>,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        let prepared = self.prepare_tape_as::<D>(tape)?;
        let proofs = prepared.signatures.finish(false)?;
        finish_rules(prepared.typed, proofs, prepared.now, prepared.skew, hook)
    }

    fn prepare_typed<D: Document>(
        &self,
        value: Value,
        source: Source<'_>,
    ) -> Result<Prepared<D>, D::Error> {
        self.check_schema::<D>(&value)?;
        self.prepare_checked(value, source)
    }

    /// [`Verifier::prepare_typed`] after the schema.
    fn prepare_checked<D: Document>(
        &self,
        mut value: Value,
        source: Source<'_>,
    ) -> Result<Prepared<D>, D::Error> {
        let now = self.now();
        let signatures = match self.prepare_signatures(&mut value, source, now) {
            Ok(signatures) => signatures,
            Err(e) => return Err(refine_untrusted::<D>(e, value)),
        };
        let canonical = match &source {
            Source::Parsed {
                canonical: Some(bytes),
                ..
            } => Some(CanonicalDocument::new(*bytes)),
            _ => None,
        };
        let typed = read_typed::<D>(value, canonical)?;
        Ok(Prepared::new(typed, signatures, now, self.skew()))
    }
}

/// How a parsed document is hashed: from its bytes where they are canonical. A document parsed
/// in part ([`json::parse_streaming`](crate::json::parse_streaming)) must be: its tree is not
/// the document (`document.invalid` otherwise).
fn parsed_source<'b>(parsed: &crate::json::Parsed<'b>) -> crate::Result<Source<'b>> {
    let canonical = parsed.canonical_bytes();
    if parsed.is_partial() && canonical.is_none() {
        return Err(Error::DocumentInvalid {
            reason: "a document parsed in part is verified only from canonical bytes".into(),
        });
    }
    Ok(Source::Parsed {
        unsecured: parsed.unsecured_sha256(),
        canonical,
    })
}

/// One signature batch for every prepared document, then each finished (with `hook`); a
/// document that failed before holds its place as its error.
fn finish_batch<D: Document>(
    prepared: Vec<Result<Prepared<D>, D::Error>>,
    hook: impl Fn(&D, &Context<'_>) -> Result<(), D::Error>,
) -> Vec<Result<Verified<D>, D::Error>> {
    let mut batch = SignatureBatch::new();
    for p in prepared.iter().flatten() {
        batch.add(p);
    }
    let outcome = batch.verify();
    prepared
        .into_iter()
        .map(|p| p?.finish_with(&outcome, &hook))
        .collect()
}

/// `error` from the proof checks of `document` (which passed `D`'s schema): an untrusted
/// signer becomes `D`'s refined error when `D` names one ([`Document::untrusted_signer`]).
fn refine_untrusted<D: Document>(error: Error, document: Value) -> D::Error {
    if let Error::Untrusted { controller, .. } = error.reason() {
        if let Some(refined) = D::from_value(document)
            .ok()
            .and_then(|typed| typed.untrusted_signer(controller))
        {
            return refined;
        }
    }
    D::Error::from(error)
}

/// The typed value of a document that passed `D`'s schema, by move.
fn read_typed<D: Document>(
    value: Value,
    canonical: Option<CanonicalDocument<'_>>,
) -> Result<D, D::Error> {
    match canonical {
        Some(canonical) => D::from_canonical(value, canonical),
        None => D::from_value(value),
    }
    .map_err(typed_error::<D>)
}

/// A typed read's refusal, as `D`'s `document.invalid`.
fn typed_error<D: Document>(e: serde_json::Error) -> D::Error {
    D::Error::from(Error::DocumentInvalid {
        reason: e.to_string(),
    })
}

/// `D`'s rules, then the hook, on a document whose proofs verified.
fn finish_rules<D: Document>(
    typed: D,
    proofs: Vec<VerifiedProof>,
    now: OffsetDateTime,
    skew: Duration,
    hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
) -> Result<Verified<D>, D::Error> {
    let context = Context {
        proofs: &proofs,
        now,
        skew,
    };
    typed.check(&context)?;
    hook(&typed, &context)?;
    Ok(Verified::new(typed, proofs))
}

/// A typed document that passed every check but its signatures, waiting to join a
/// [`SignatureBatch`] with documents of any type from any verifier — a presentation's holder
/// proof (checked against this presentation's challenge) with the proofs of the credentials it
/// holds, or many presentations at once. Made by [`Verifier::prepare_value_as`]; turned into a
/// `Verified<D>` only by [`Prepared::finish`] with the outcome of a batch that held it.
pub struct Prepared<D: Document> {
    typed: D,
    signatures: crate::proof::PendingSignatures,
    now: OffsetDateTime,
    skew: Duration,
    /// Names this document in a batch outcome.
    ticket: u64,
}

/// Signatures gathered from [`Prepared`] documents, verified together with one Ed25519 batch
/// verification (strict screening first, as [`Verifier::verify_batch`]).
#[derive(Default)]
pub struct SignatureBatch<'a> {
    items: Vec<crate::proof::batch::Item<'a>>,
    tickets: Vec<u64>,
}

/// What a [`SignatureBatch`] found: which documents were in it, and whether all their
/// signatures verified. Only [`SignatureBatch::verify`] makes one.
#[derive(Debug)]
pub struct BatchOutcome {
    ok: bool,
    /// The tickets of the documents in the batch, sorted.
    tickets: Vec<u64>,
}

impl<'a> SignatureBatch<'a> {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds every signature of `document`.
    pub fn add<D: Document>(&mut self, document: &'a Prepared<D>) {
        self.items.extend(document.signatures.items());
        self.tickets.push(document.ticket);
    }

    /// Verifies every signature added, at once.
    pub fn verify(self) -> BatchOutcome {
        let mut tickets = self.tickets;
        // Sorted, so that finishing each of n documents is a binary search, not a scan.
        tickets.sort_unstable();
        BatchOutcome {
            ok: crate::proof::batch::verify(&self.items),
            tickets,
        }
    }
}

impl<D: Document> Prepared<D> {
    fn new(
        typed: D,
        signatures: crate::proof::PendingSignatures,
        now: OffsetDateTime,
        skew: Duration,
    ) -> Self {
        Prepared {
            typed,
            signatures,
            now,
            skew,
            ticket: next_ticket(),
        }
    }

    /// The typed document, before its signatures are verified (to route it, say: nothing may
    /// act on it yet).
    pub fn unverified(&self) -> &D {
        &self.typed
    }

    /// The verified document: its signatures verified in `outcome`'s batch (or, if that batch
    /// failed or did not hold this document, one by one), then `D`'s rules.
    pub fn finish(self, outcome: &BatchOutcome) -> Result<Verified<D>, D::Error> {
        self.finish_with(outcome, |_, _| Ok(()))
    }

    /// [`Prepared::finish`] with a caller's hook after `D`'s rules.
    pub fn finish_with(
        self,
        outcome: &BatchOutcome,
        hook: impl FnOnce(&D, &Context<'_>) -> Result<(), D::Error>,
    ) -> Result<Verified<D>, D::Error> {
        let in_batch = outcome.ok && outcome.tickets.binary_search(&self.ticket).is_ok();
        let proofs = self.signatures.finish(in_batch)?;
        finish_rules(self.typed, proofs, self.now, self.skew, hook)
    }
}

impl<D: Document + std::fmt::Debug> std::fmt::Debug for Prepared<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prepared")
            .field("unverified", &self.typed)
            .finish_non_exhaustive()
    }
}

/// A fresh ticket for a prepared document.
fn next_ticket() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// Adds a proof to `document` as a `D` (a first proof, or one more to a proof set or chain):
/// the document must be a `D` and pass `D`'s schema before signing, and the result must pass
/// it after. The proof itself is made by [`add_proof`], with its own checks.
pub fn add_proof_as<D: Document>(
    document: Value,
    signer: &dyn Signer,
    options: &ProofOptions,
) -> Result<Value, D::Error> {
    let schemas = D::schemas();
    schemas.validate(D::SCHEMA, &document)?;
    D::deserialize(&document).map_err(|e| Error::DocumentInvalid {
        reason: e.to_string(),
    })?;
    let signed = add_proof(document, signer, options)?;
    schemas.validate(D::SCHEMA, &signed)?;
    Ok(signed)
}
