//! Adding proofs: one proof, proof sets and proof chains (VC Data Integrity §4.2–4.3).

use super::eddsa_jcs_2022::{jcs_sha256, join, unsecured_sha256};
use super::model::{matching_proofs, proof_list};
use super::{ProofPurpose, DATA_INTEGRITY_PROOF, EDDSA_JCS_2022};
use crate::clock::Timestamp;
use crate::encoding::multibase_encode;
use crate::error::{Error, Result};
use crate::resolver::{DidKeyResolver, KeyResolver};
use crate::schema::{ids, SchemaRegistry};
use crate::signer::Signer;
use serde_json::{Map, Value};

/// What to put in a new proof besides the key. Build with [`ProofOptions::new`] and the
/// `with_*` methods.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ProofOptions {
    /// `proofPurpose`.
    pub purpose: ProofPurpose,
    /// `created`; `None` leaves it out.
    pub created: Option<Timestamp>,
    /// `expires`; `None` leaves it out.
    pub expires: Option<Timestamp>,
    /// `domain`: one or more security domains the proof is locked to.
    pub domain: Vec<String>,
    /// `challenge`: the verifier's nonce, for presentations.
    pub challenge: Option<String>,
    /// `nonce`.
    pub nonce: Option<String>,
    /// `id` of the new proof (needed if a later proof is to chain to it).
    pub id: Option<String>,
    /// `previousProof`: ids of existing proofs this one endorses (a proof chain).
    pub previous_proof: Vec<String>,
    /// `verificationMethod`; `None` takes the signer's.
    pub verification_method: Option<String>,
}

impl ProofOptions {
    /// Options for a proof with this purpose and nothing else.
    pub fn new(purpose: ProofPurpose) -> Self {
        ProofOptions {
            purpose,
            created: None,
            expires: None,
            domain: Vec::new(),
            challenge: None,
            nonce: None,
            id: None,
            previous_proof: Vec::new(),
            verification_method: None,
        }
    }

    /// Options for an `assertionMethod` proof (issuing, approving).
    pub fn assertion() -> Self {
        Self::new(ProofPurpose::AssertionMethod)
    }

    /// Options for an `authentication` proof bound to a verifier's `challenge` and `domain`.
    pub fn authentication(challenge: impl Into<String>, domain: impl Into<String>) -> Self {
        Self::new(ProofPurpose::Authentication)
            .with_challenge(challenge)
            .with_domain(domain)
    }

    /// Sets `created`.
    pub fn with_created(mut self, created: Timestamp) -> Self {
        self.created = Some(created);
        self
    }

    /// Sets `expires`.
    pub fn with_expires(mut self, expires: Timestamp) -> Self {
        self.expires = Some(expires);
        self
    }

    /// Adds a `domain`.
    pub fn with_domain(mut self, domain: impl Into<String>) -> Self {
        self.domain.push(domain.into());
        self
    }

    /// Sets `challenge`.
    pub fn with_challenge(mut self, challenge: impl Into<String>) -> Self {
        self.challenge = Some(challenge.into());
        self
    }

    /// Sets `nonce`.
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = Some(nonce.into());
        self
    }

    /// Sets the new proof's `id`.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// Chains the new proof to an existing proof with this `id`.
    pub fn with_previous_proof(mut self, id: impl Into<String>) -> Self {
        self.previous_proof.push(id.into());
        self
    }

    /// Names the key by this verification method instead of the signer's.
    pub fn with_verification_method(mut self, id: impl Into<String>) -> Self {
        self.verification_method = Some(id.into());
        self
    }

    /// Refuses an `expires` that is not later than `created` (`proof.expires_before_created`):
    /// nobody could ever verify such a proof. [`add_proof`] checks it; call it to check options
    /// early, before any key is read.
    pub fn check_window(&self) -> Result<()> {
        if let (Some(created), Some(expires)) = (self.created, self.expires) {
            if expires <= created {
                return Err(Error::ProofExpiresBeforeCreated {
                    created: created.to_string(),
                    expires: expires.to_string(),
                });
            }
        }
        Ok(())
    }

    /// The proof configuration (the new proof without `proofValue`), for `document_context`.
    fn config(&self, signer: &dyn Signer, document_context: Option<&Value>) -> Map<String, Value> {
        let mut proof = Map::new();
        proof.insert("type".into(), DATA_INTEGRITY_PROOF.into());
        proof.insert("cryptosuite".into(), EDDSA_JCS_2022.into());
        if let Some(created) = self.created {
            proof.insert("created".into(), created.to_string().into());
        }
        if let Some(expires) = self.expires {
            proof.insert("expires".into(), expires.to_string().into());
        }
        let method = self
            .verification_method
            .clone()
            .unwrap_or_else(|| signer.verification_method());
        proof.insert("verificationMethod".into(), method.into());
        proof.insert("proofPurpose".into(), self.purpose.as_str().into());
        if let Some(domain) = one_or_many(&self.domain) {
            proof.insert("domain".into(), domain);
        }
        if let Some(challenge) = &self.challenge {
            proof.insert("challenge".into(), challenge.clone().into());
        }
        if let Some(nonce) = &self.nonce {
            proof.insert("nonce".into(), nonce.clone().into());
        }
        if let Some(id) = &self.id {
            proof.insert("id".into(), id.clone().into());
        }
        if let Some(previous) = one_or_many(&self.previous_proof) {
            proof.insert("previousProof".into(), previous);
        }
        // eddsa-jcs-2022 §3.3.1 step 2: the proof carries the document's @context.
        if let Some(context) = document_context {
            proof.insert("@context".into(), context.clone());
        }
        proof
    }
}

fn one_or_many(items: &[String]) -> Option<Value> {
    match items {
        [] => None,
        [one] => Some(one.clone().into()),
        many => Some(many.iter().cloned().map(Value::from).collect()),
    }
}

/// The rules a proof must meet for anyone to verify it, checked before signing.
fn check_options(signer: &dyn Signer, options: &ProofOptions) -> Result<()> {
    options.check_window()?;
    // A did:key verification method names its key: one that names another key (or no key)
    // would make a proof nobody can verify.
    if let Some(method) = &options.verification_method {
        if method.starts_with(crate::keys::DID_KEY_PREFIX) {
            let named = DidKeyResolver.resolve(method)?;
            if named.public_key != signer.public_key() {
                return Err(Error::KeyMismatch);
            }
        }
    }
    Ok(())
}

/// Adds an `eddsa-jcs-2022` proof to `document`, signed by `signer`.
///
/// A document without a proof gets a single proof object. A document that already has proofs
/// gets the new one appended to its proof set; with [`ProofOptions::with_previous_proof`] the
/// new proof also signs the proofs it names (a proof chain: an approver endorsing a maker's
/// signature). The result is checked against the `secured-document` schema before it is
/// returned. A proof whose `expires` is not after its `created`
/// (`proof.expires_before_created`), or whose did:key verification method names another key
/// than the signer's (`key.mismatch`), is refused before signing. Numbers are held to the
/// strict parser's rules ([`crate::json::check_signable_numbers`]: `json.number_out_of_range`,
/// `json.number_inexact`), so that what is signed is the number the document holds, whatever
/// serde_json features the application enables. Nothing is changed when an error is returned
/// (the document is consumed either
/// way; clone it first if you need it back).
///
/// ```
/// use govblocks_core::keys::SecretKey;
/// use govblocks_core::proof::{add_proof, ProofOptions};
/// let key = SecretKey::from_seed(&[1u8; 32]);
/// let doc = serde_json::json!({"id": "urn:uuid:1", "amount": "10.00"});
/// let signed = add_proof(doc, &key, &ProofOptions::assertion()).unwrap();
/// assert_eq!(signed["proof"]["cryptosuite"], "eddsa-jcs-2022");
/// ```
pub fn add_proof(
    mut document: Value,
    signer: &dyn Signer,
    options: &ProofOptions,
) -> Result<Value> {
    check_options(signer, options)?;
    // The number rules of the strict parser, for a value built in code: an integer beyond
    // ±(2^53 − 1) would be signed as the nearest double, and (with serde_json's
    // `arbitrary_precision`) `1e400` as `null` and `1e-400` as `0`.
    crate::json::check_signable_numbers(&document)?;
    let map = document.as_object_mut().ok_or(Error::DocumentNotObject)?;
    let had_proof = map.contains_key("proof");
    // Taken in place (a null holds the slot) rather than removed: with serde_json's
    // `preserve_order`, removing would move the last member into the slot.
    let all_proofs = match map.get_mut("proof").map(std::mem::take) {
        Some(proof) => proof_list(proof)?,
        None => Vec::new(),
    };

    let mut proof = Value::Object(options.config(signer, map.get("@context")));
    let document_hash = if options.previous_proof.is_empty() {
        // The document without its proofs.
        unsecured_sha256(map)
    } else {
        // §4.3 steps 3–6: a chained proof also signs the proofs it names.
        let matching = matching_proofs(&all_proofs, &options.previous_proof, |id| {
            Error::PreviousProofMissing { id: id.to_string() }
        })?;
        map.insert("proof".into(), Value::Array(matching));
        jcs_sha256(&document)
    };
    let signature = signer.try_sign(&join(&jcs_sha256(&proof), &document_hash))?;
    if let Value::Object(p) = &mut proof {
        p.insert("proofValue".into(), multibase_encode(&signature).into());
    }

    let map = document.as_object_mut().ok_or(Error::DocumentNotObject)?;
    let proof = if had_proof {
        let mut all: Vec<Value> = all_proofs.into_iter().map(Value::Object).collect();
        all.push(proof);
        Value::Array(all)
    } else {
        proof
    };
    map.insert("proof".into(), proof);
    // Signing runs the pipeline in reverse: never emit what the verifier's schema would refuse
    // (e.g. an option that produced an invalid member).
    SchemaRegistry::builtin().validate(ids::SECURED_DOCUMENT, &document)?;
    Ok(document)
}
