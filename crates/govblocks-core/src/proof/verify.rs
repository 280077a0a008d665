//! Verifying proofs: one proof, proof sets and chains, one document or a batch
//! (VC Data Integrity §4.4–4.5, eddsa-jcs-2022 §3.3.2).

use super::eddsa_jcs_2022::{
    context_is_prefix, jcs_sha256, join, proof_config_sha256, unsecured_sha256,
};
use super::model::{matching_proofs, proof_list, ParsedProof};
use super::{batch, ProofPurpose};
use crate::clock::Timestamp;
use crate::clock::{Clock, SystemClock, DEFAULT_SKEW};
use crate::encoding::multibase_decode_array;
use crate::error::{clip, Error, Result};
use crate::json::Limits;
use crate::keys::PublicKey;
use crate::resolver::{KeyResolver, TrustList};
use crate::schema::SchemaRegistry;
use crate::verified::Verified;
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// What was verified about one proof.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct VerifiedProof {
    /// The proof's `id`, if any.
    pub id: Option<String>,
    /// The verification method that signed.
    pub verification_method: String,
    /// Its controller (who signed).
    pub controller: String,
    /// The proof purpose.
    pub purpose: ProofPurpose,
    /// `created`, if present.
    pub created: Option<Timestamp>,
    /// `expires`, if present.
    pub expires: Option<Timestamp>,
    /// The ids of the proofs this one chains to.
    pub previous_proof: Vec<String>,
}

/// Where a document being verified comes from, and so what the verifier may skip.
#[derive(Debug, Clone, Copy)]
#[allow(clippy::large_enum_variant)] // one per verification, on its stack
pub(crate) enum Source<'b> {
    /// Built in code: first held to the strict parser's number rules.
    Value,
    /// Read by the strict parser (its numbers already passed those rules), with the hash of
    /// the document without its proofs when the bytes were canonical (`json::Parsed`), and
    /// then the bytes themselves, to hash the document with the proofs a chained proof signs
    /// without canonicalizing the tree again.
    Parsed {
        unsecured: Option<[u8; 32]>,
        canonical: Option<crate::json::CanonicalBytes<'b>>,
    },
}

/// One proof that passed every check but the signature: what the signature check needs.
pub(super) struct Pending {
    pub(super) message: [u8; 64],
    pub(super) signature: [u8; 64],
    pub(super) key: PublicKey,
    /// The proof's index in its document's proof set.
    index: usize,
}

impl Pending {
    /// `verify_strict` of this signature; a failure names the proof (`report` is its
    /// document's).
    fn verify_strict(&self, report: &[VerifiedProof]) -> Result<()> {
        self.key
            .verify_strict(&self.message, &self.signature)
            .map_err(|e| {
                let id = report.get(self.index).and_then(|r| r.id.as_deref());
                e.in_proof(self.index, id)
            })
    }
}

/// The signatures of a document that passed every other check: what a signature batch needs,
/// and the report to hand back once they verify. Holds no copy of the document, so a typed
/// pipeline can read the document by move as soon as its hashes are taken.
pub(crate) struct PendingSignatures {
    pending: Vec<Pending>,
    report: Vec<VerifiedProof>,
}

impl PendingSignatures {
    /// The signatures, for a batch.
    pub(crate) fn items(&self) -> impl Iterator<Item = batch::Item<'_>> {
        self.pending
            .iter()
            .map(|p| (&p.message[..], &p.signature, &p.key))
    }

    /// The report, once the signatures are known good: `batch_ok` says a batch holding all of
    /// them verified; otherwise each is checked alone (`verify_strict`), and the first that
    /// fails is the error.
    pub(crate) fn finish(self, batch_ok: bool) -> Result<Vec<VerifiedProof>> {
        if !batch_ok {
            for p in &self.pending {
                p.verify_strict(&self.report)?;
            }
        }
        Ok(self.report)
    }
}

/// A document that passed every check but its signatures.
struct PendingDocument {
    document: Value,
    signatures: PendingSignatures,
}

/// Verifies secured documents: the proof checks of the govblocks pipeline.
///
/// Every proof of the document must verify; each is checked in this order, and the first
/// failure is returned with its own error code (the rules in full, with their codes:
/// [the module docs](crate::proof#what-the-verifier-refuses)):
///
/// 1. shape: `type` is `DataIntegrityProof`, `cryptosuite` is `eddsa-jcs-2022`, required
///    members present and well-typed, `proofValue` a base58btc 64-byte signature;
/// 2. the verifier's expectations: `proofPurpose` (default `assertionMethod`), `challenge`,
///    `domain`;
/// 3. time: not `created` in the future and not past `expires`, each with the clock skew;
/// 4. the key: resolved from `verificationMethod`, authorised by its controller for the
///    purpose, controller expected (if the verifier names controllers) and trusted;
/// 5. `previousProof` references exist, the proof's `@context` equals the document's;
/// 6. the Ed25519 signature, with `verify_strict`, over the eddsa-jcs-2022 hash data.
///
/// ```
/// use govblocks_core::keys::SecretKey;
/// use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
/// use govblocks_core::resolver::{DidKeyResolver, TrustList};
/// let key = SecretKey::from_seed(&[1u8; 32]);
/// let signed = add_proof(serde_json::json!({"a": 1}), &key, &ProofOptions::assertion()).unwrap();
/// let verifier = Verifier::new(DidKeyResolver, TrustList::new().trust_all_purposes(key.public_key().did()));
/// let verified = verifier.verify(signed).unwrap();
/// assert_eq!(verified.proofs()[0].controller, key.public_key().did());
/// ```
#[derive(Clone)]
pub struct Verifier {
    // Shared, so that a clone (a per-request copy with its own challenge) costs little.
    resolver: Arc<dyn KeyResolver>,
    trust: Arc<TrustList>,
    clock: Arc<dyn Clock>,
    skew: Duration,
    purpose: Option<ProofPurpose>,
    challenge: Option<String>,
    domain: Option<Vec<String>>,
    controllers: Vec<String>,
    max_proofs: usize,
    pub(crate) limits: Limits,
    pub(crate) schemas: Option<Arc<SchemaRegistry>>,
}

impl fmt::Debug for Verifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The resolver and the clock are trait objects; the rest says what this verifier
        // accepts.
        f.debug_struct("Verifier")
            .field("trust", &self.trust)
            .field("now", &self.clock.now())
            .field("skew", &self.skew)
            .field("purpose", &self.purpose)
            .field("challenge", &self.challenge)
            .field("domain", &self.domain)
            .field("controllers", &self.controllers)
            .field("max_proofs", &self.max_proofs)
            .field("limits", &self.limits)
            .field("schemas", &self.schemas.as_ref().map(|s| s.ids().len()))
            .finish_non_exhaustive()
    }
}

/// The default [`Verifier::with_max_proofs`]: more than enough for multi-party signing (maker
/// and checker, data subject and controller), and small enough that a hostile proof set costs
/// little.
pub const DEFAULT_MAX_PROOFS: usize = 32;

impl Verifier {
    /// A verifier that resolves keys with `resolver` and trusts what `trust` says; expects
    /// `assertionMethod` proofs, reads the system clock and allows [`DEFAULT_SKEW`].
    pub fn new(resolver: impl KeyResolver + 'static, trust: TrustList) -> Self {
        Verifier {
            resolver: Arc::new(resolver),
            trust: Arc::new(trust),
            clock: Arc::new(SystemClock),
            skew: DEFAULT_SKEW,
            purpose: Some(ProofPurpose::AssertionMethod),
            challenge: None,
            domain: None,
            controllers: Vec::new(),
            max_proofs: DEFAULT_MAX_PROOFS,
            limits: Limits::default(),
            schemas: None,
        }
    }

    /// Resolves keys with `resolver` instead (a cache in front of this verifier's own, say:
    /// [`Verifier::resolver`]).
    pub fn with_resolver(mut self, resolver: impl KeyResolver + 'static) -> Self {
        self.resolver = Arc::new(resolver);
        self
    }

    /// The key resolver this verifier uses.
    pub fn resolver(&self) -> &Arc<dyn KeyResolver> {
        &self.resolver
    }

    /// Trusts what `trust` says instead: a block verifier whose trust depends on the document
    /// (a revision co-signed by the person's own key) derives one verifier per document from
    /// its base verifier with this, keeping resolver, clock, skew and limits.
    pub fn with_trust(mut self, trust: TrustList) -> Self {
        self.trust = Arc::new(trust);
        self
    }

    /// Parses input with these limits instead of [`Limits::default`] (a 100,000-transfer
    /// payment batch needs more than 4 MiB).
    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }

    /// Checks typed documents against this registry instead of the document type's own
    /// ([`Document::schemas`](crate::document::Document::schemas), by default the built-in one).
    pub fn with_schemas(mut self, schemas: Arc<SchemaRegistry>) -> Self {
        self.schemas = Some(schemas);
        self
    }

    /// The limits this verifier parses input with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The time this verifier checks against: its clock's now.
    pub fn now(&self) -> OffsetDateTime {
        self.clock.now()
    }

    /// The clock skew this verifier allows in every time comparison.
    pub fn skew(&self) -> Duration {
        self.skew
    }

    /// Refuses documents with more than `max` proofs ([`DEFAULT_MAX_PROOFS`] by default): every
    /// proof costs a key resolution and a signature check, and chained proofs are hashed again
    /// for each proof that names them.
    pub fn with_max_proofs(mut self, max: usize) -> Self {
        self.max_proofs = max;
        self
    }

    /// Reads time from `clock`.
    pub fn with_clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Allows this much clock skew in every time comparison.
    pub fn with_skew(mut self, skew: Duration) -> Self {
        self.skew = skew;
        self
    }

    /// Requires every proof to have this purpose.
    pub fn expect_purpose(mut self, purpose: ProofPurpose) -> Self {
        self.purpose = Some(purpose);
        self
    }

    /// Accepts proofs of any purpose (the purpose still must be authorised for the key and
    /// trusted); for inspection tools, not for acting on documents.
    pub fn any_purpose(mut self) -> Self {
        self.purpose = None;
        self
    }

    /// Requires every proof to carry this `challenge`.
    pub fn expect_challenge(mut self, challenge: impl Into<String>) -> Self {
        self.challenge = Some(challenge.into());
        self
    }

    /// Requires every proof's `domain` to be exactly this set of domains.
    pub fn expect_domain(mut self, domain: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.domain = Some(domain.into_iter().map(Into::into).collect());
        self
    }

    /// Requires `controller` to have signed: every proof must come from one of the expected
    /// controllers, and each expected controller must have signed at least one proof.
    pub fn expect_controller(mut self, controller: impl Into<String>) -> Self {
        self.controllers.push(controller.into());
        self
    }

    /// Verifies every proof of `document`.
    ///
    /// A document built in code (not read by [`crate::json::parse`]) is first held to the
    /// strict parser's number rules ([`crate::json::check_signable_numbers`]), so it is refused
    /// with the code [`Verifier::verify_bytes`] would give its serialized form.
    pub fn verify(&self, document: Value) -> Result<Verified<Value>> {
        self.verify_at(document, self.clock.now())
    }

    /// [`Verifier::verify`] as of `now` (the typed pipeline reads the clock once, for the
    /// proofs and for the document's own rules).
    pub(crate) fn verify_at(
        &self,
        mut document: Value,
        now: OffsetDateTime,
    ) -> Result<Verified<Value>> {
        let (pending, report) = self.prepare(&mut document, now, Source::Value)?;
        for p in &pending {
            p.verify_strict(&report)?;
        }
        Ok(Verified::new(document, report))
    }

    /// Strictly parses `bytes` (with the verifier's [`Limits`]), then verifies.
    pub fn verify_bytes(&self, bytes: &[u8]) -> Result<Verified<Value>> {
        self.verify(crate::json::parse_with_limits(bytes, &self.limits)?)
    }

    /// Verifies many documents at once, with one Ed25519 batch verification for all their
    /// signatures (about twice the throughput of one by one). Returns one result per document,
    /// in order; when the batch fails, each signature is checked on its own to find which.
    ///
    /// Batch verification does not run `verify_strict`'s checks, so they are done first: every
    /// key is already known not to be weak ([`PublicKey`] refuses weak keys) and every
    /// signature's `R` is screened for small-order and non-canonical encodings. The one
    /// difference that remains is in the [module docs](crate::proof#what-the-verifier-refuses).
    pub fn verify_batch(&self, documents: Vec<Value>) -> Vec<Result<Verified<Value>>> {
        let now = self.clock.now();
        let prepared: Vec<Result<PendingDocument>> = documents
            .into_iter()
            .map(|mut document| {
                let signatures = self.prepare_signatures(&mut document, Source::Value, now)?;
                Ok(PendingDocument {
                    document,
                    signatures,
                })
            })
            .collect();
        let all: Vec<batch::Item<'_>> = prepared
            .iter()
            .filter_map(|r| r.as_ref().ok())
            .flat_map(|p| p.signatures.items())
            .collect();
        let batch_ok = batch::verify(&all);
        prepared
            .into_iter()
            .map(|r| {
                let PendingDocument {
                    document,
                    signatures,
                } = r?;
                Ok(Verified::new(document, signatures.finish(batch_ok)?))
            })
            .collect()
    }

    /// Every check of `document` but its signatures, as of `now`; the document is left as it
    /// came in.
    pub(crate) fn prepare_signatures(
        &self,
        document: &mut Value,
        source: Source<'_>,
        now: OffsetDateTime,
    ) -> Result<PendingSignatures> {
        let (pending, report) = self.prepare(document, now, source)?;
        Ok(PendingSignatures { pending, report })
    }

    /// Every check but the signatures; returns what the signature checks need. The document
    /// is left as it came in.
    fn prepare(
        &self,
        document: &mut Value,
        now: OffsetDateTime,
        source: Source<'_>,
    ) -> Result<(Vec<Pending>, Vec<VerifiedProof>)> {
        // A value built in code (not by the strict parser) may hold numbers that the
        // canonical form would sign as some other number (the parser's rules, with the same
        // codes, whatever serde_json features are on).
        let (unsecured, canonical) = match source {
            Source::Value => {
                crate::json::check_signable_numbers(document)?;
                (None, None)
            }
            Source::Parsed {
                unsecured,
                canonical,
            } => (unsecured, canonical),
        };
        let map = document.as_object_mut().ok_or(Error::DocumentNotObject)?;
        // Taken in place (a null holds the slot while the proofs are checked) rather than
        // removed: with serde_json's `preserve_order`, removing would move the last member
        // into the slot, and the document would not come back as it came in.
        let proof = map
            .get_mut("proof")
            .map(std::mem::take)
            .ok_or(Error::ProofMissing)?;
        let was_set = proof.is_array();
        let proofs = proof_list(proof)?;
        let result = if proofs.len() > self.max_proofs {
            Err(Error::ProofSetTooLarge {
                count: proofs.len(),
                limit: self.max_proofs,
            })
        } else {
            self.prepare_proofs(document, &proofs, now, unsecured, canonical)
        };
        // Put the proofs back exactly as they were, in their own slot.
        let restored = if was_set {
            Value::Array(proofs.into_iter().map(Value::Object).collect())
        } else {
            Value::Object(proofs.into_iter().next().unwrap_or_default())
        };
        // Into the slot it came from (no new member name to allocate).
        if let Some(slot) = document.get_mut("proof") {
            *slot = restored;
        }
        result
    }

    fn prepare_proofs(
        &self,
        document: &mut Value,
        proofs: &[Map<String, Value>],
        now: OffsetDateTime,
        unsecured: Option<[u8; 32]>,
        canonical: Option<crate::json::CanonicalBytes<'_>>,
    ) -> Result<(Vec<Pending>, Vec<VerifiedProof>)> {
        check_unique_ids(proofs)?;
        // First everything that costs no hashing, for every proof: a forged proof set is
        // refused before the document is canonicalized even once.
        let mut checked = Vec::with_capacity(proofs.len());
        for (index, object) in proofs.iter().enumerate() {
            let proof = self
                .check_proof(object, now)
                .map_err(|e| e.in_proof(index, proof_id(object)))?;
            checked.push(proof);
        }
        check_no_duplicates(&checked)?;
        for expected in &self.controllers {
            if !checked.iter().any(|c| &c.controller == expected) {
                return Err(Error::ProofControllerMismatch {
                    expected: expected.clone(),
                    verification_method: String::new(),
                });
            }
        }
        for (index, object) in proofs.iter().enumerate() {
            check_context(document, object).map_err(|e| e.in_proof(index, proof_id(object)))?;
        }

        // Then the hashes: the document once per distinct content signed (every proof without
        // `previousProof` signs the same document), the proof configuration once per proof.
        // `unsecured`, when the caller has it, is the hash of the document without proofs, read
        // from canonical input bytes by the parser (`json::Parsed`).
        let mut document_hashes: Vec<(Vec<String>, [u8; 32])> =
            unsecured.map(|h| (Vec::new(), h)).into_iter().collect();
        let mut pending = Vec::with_capacity(proofs.len());
        let mut report = Vec::with_capacity(proofs.len());
        for (index, (object, proof)) in proofs.iter().zip(checked).enumerate() {
            let previous = proof.parsed.previous_proof.as_slice();
            let document_hash = match document_hashes.iter().find(|(p, _)| p == previous) {
                Some((_, hash)) => *hash,
                None => {
                    let hash = unsecured_document_hash(document, previous, proofs, canonical)
                        .map_err(|e| e.in_proof(index, proof_id(object)))?;
                    document_hashes.push((previous.to_vec(), hash));
                    hash
                }
            };
            // The one proof of canonical input: its configuration hashed from its bytes.
            let config_hash = canonical
                .filter(|_| proofs.len() == 1)
                .and_then(|c| c.proof_config_sha256())
                .unwrap_or_else(|| proof_config_sha256(object));
            pending.push(Pending {
                message: join(&config_hash, &document_hash),
                signature: proof.signature,
                key: proof.key,
                index,
            });
            let parsed = proof.parsed;
            report.push(VerifiedProof {
                id: parsed.id,
                verification_method: parsed.verification_method,
                controller: proof.controller,
                purpose: parsed.purpose,
                created: parsed.created,
                expires: parsed.expires,
                previous_proof: parsed.previous_proof,
            });
        }
        Ok((pending, report))
    }

    /// Every check of one proof that needs no hashing: shape, the verifier's expectations,
    /// time, the key, its purpose, its controller and trust.
    fn check_proof(&self, object: &Map<String, Value>, now: OffsetDateTime) -> Result<Checked> {
        let parsed = ParsedProof::from_object(object)?;
        let signature = decode_proof_value(parsed.proof_value.as_deref())?;
        self.check_expectations(&parsed)?;
        self.check_time(&parsed, now)?;
        let resolved = self.authorize(&parsed.verification_method, &parsed.purpose)?;
        Ok(Checked {
            parsed,
            signature,
            key: resolved.public_key,
            controller: resolved.controller,
        })
    }

    /// The key named by `verification_method`, once its controller authorises it for
    /// `purpose`, it is from an expected controller (if the verifier names any) and the trust
    /// list trusts its controller for `purpose`. Data Integrity proofs and JWS both go through
    /// here.
    pub(crate) fn authorize(
        &self,
        verification_method: &str,
        purpose: &ProofPurpose,
    ) -> Result<crate::resolver::ResolvedKey> {
        let resolved = self.resolver.resolve(verification_method)?;
        if !resolved.allows(purpose) {
            return Err(Error::ProofPurposeNotAuthorized {
                purpose: purpose.as_str().to_string(),
                verification_method: verification_method.to_string(),
            });
        }
        if !self.controllers.is_empty() && !self.controllers.contains(&resolved.controller) {
            return Err(Error::ProofControllerMismatch {
                expected: self.controllers.join(" "),
                verification_method: verification_method.to_string(),
            });
        }
        self.trust.check(&resolved.controller, purpose)?;
        Ok(resolved)
    }

    /// The purpose every proof must have, if the verifier insists on one.
    pub(crate) fn expected_purpose(&self) -> Option<&ProofPurpose> {
        self.purpose.as_ref()
    }

    fn check_expectations(&self, proof: &ParsedProof) -> Result<()> {
        if let Some(expected) = &self.purpose {
            if &proof.purpose != expected {
                return Err(Error::ProofPurposeMismatch {
                    expected: expected.as_str().to_string(),
                    found: clip(proof.purpose.as_str(), 64),
                });
            }
        }
        if let Some(expected) = &self.challenge {
            if proof.challenge.as_ref() != Some(expected) {
                return Err(Error::ProofChallengeMismatch);
            }
        }
        if let Some(expected) = &self.domain {
            // VC Data Integrity §4.4 step 6: the same strings, as sets.
            let same = expected.iter().all(|d| proof.domain.contains(d))
                && proof.domain.iter().all(|d| expected.contains(d));
            if !same {
                return Err(Error::ProofDomainMismatch);
            }
        }
        Ok(())
    }

    fn check_time(&self, proof: &ParsedProof, now: OffsetDateTime) -> Result<()> {
        if let Some(created) = proof.created {
            if created.is_after(now, self.skew) {
                return Err(Error::ProofNotYetValid {
                    created: created.to_string(),
                });
            }
        }
        if let Some(expires) = proof.expires {
            if expires.is_before(now, self.skew) {
                return Err(Error::ProofExpired {
                    expires: expires.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// One proof that passed [`Verifier::check_proof`].
struct Checked {
    parsed: ParsedProof,
    signature: [u8; 64],
    key: PublicKey,
    controller: String,
}

/// The `id` of a proof object, if it has a string one.
fn proof_id(object: &Map<String, Value>) -> Option<&str> {
    object.get("id").and_then(Value::as_str)
}

/// Refuses a proof set in which one signature appears twice, or one key signs the same content
/// (the same `previousProof` list) twice: either would count one signer as two.
fn check_no_duplicates(checked: &[Checked]) -> Result<()> {
    for (second, b) in checked.iter().enumerate() {
        for (first, a) in checked.iter().enumerate().take(second) {
            let same_signature = a.signature == b.signature;
            let same_signer_and_content =
                a.key == b.key && a.parsed.previous_proof == b.parsed.previous_proof;
            if same_signature || same_signer_and_content {
                return Err(Error::ProofDuplicate { first, second });
            }
        }
    }
    Ok(())
}

/// eddsa-jcs-2022 §3.3.2 step 4 only asks the document's @context to *start with* the proof's,
/// then signs over the proof's: contexts appended after signing would pass unsigned. govblocks
/// hands back the document it verified, so it requires them to be equal.
fn check_context(document: &Value, proof: &Map<String, Value>) -> Result<()> {
    let Some(proof_context) = proof.get("@context") else {
        return Ok(());
    };
    let document_context = document.get("@context");
    if document_context == Some(proof_context) {
        return Ok(());
    }
    let reason = if context_is_prefix(document_context, proof_context) {
        "the document's @context extends the signed one"
    } else {
        "the document's @context does not start with the signed one"
    };
    Err(Error::ProofContextMismatch { reason })
}

/// The document half of the eddsa-jcs-2022 hash data for proofs chained to `previous` (empty:
/// the document alone). `document`'s `proof` member is a null placeholder while this runs: it
/// is left out of the hash, or, for a chained proof, holds the chained proofs for the hash and
/// then the placeholder again.
fn unsecured_document_hash(
    document: &mut Value,
    previous: &[String],
    all: &[Map<String, Value>],
    canonical: Option<crate::json::CanonicalBytes<'_>>,
) -> Result<[u8; 32]> {
    let map = document.as_object_mut().ok_or(Error::DocumentNotObject)?;
    if previous.is_empty() {
        return Ok(unsecured_sha256(map));
    }
    let matching = matching_proofs(all, previous, |id| Error::PreviousProofMissing {
        id: id.to_string(),
    })?;
    // Canonical input: the document with the proofs it chains to in the place of its own is
    // its bytes with the `proof` member replaced (no second canonicalization of the document).
    if let Some(canonical) = canonical {
        let proofs = crate::jcs::canonicalize(&Value::Array(matching));
        if let Some(hash) = canonical.sha256_with_proof(&proofs) {
            return Ok(hash);
        }
        return Err(Error::DocumentInvalid {
            reason: "the proof member lies outside the input".into(),
        });
    }
    map.insert("proof".into(), Value::Array(matching));
    let hash = jcs_sha256(document);
    if let Some(map) = document.as_object_mut() {
        map.insert("proof".into(), Value::Null);
    }
    Ok(hash)
}

fn decode_proof_value(value: Option<&str>) -> Result<[u8; 64]> {
    let value = value.ok_or_else(|| Error::ProofMalformed {
        reason: "`proofValue` is missing".into(),
    })?;
    multibase_decode_array::<64>(value, "proofValue").map_err(|e| Error::ProofValueInvalid {
        reason: match e {
            Error::MultibaseUnsupported { .. } => "not multibase base58btc ('z')".into(),
            _ => "not a base58btc encoding of a 64-byte Ed25519 signature".into(),
        },
    })
}

/// Two proofs with one `id` would make `previousProof` ambiguous.
fn check_unique_ids(proofs: &[Map<String, Value>]) -> Result<()> {
    let ids: Vec<&str> = proofs
        .iter()
        .filter_map(|p| p.get("id").and_then(Value::as_str))
        .collect();
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            return Err(Error::ProofMalformed {
                reason: format!("two proofs share the id {id:?}"),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::eddsa_jcs_2022::tests::HASHED_BYTES;
    use super::*;
    use crate::keys::SecretKey;
    use crate::resolver::DidKeyResolver;
    use serde_json::json;

    /// A document of about 256 KiB with `proofs` forged proofs, each by its own trusted key.
    fn forged(proofs: u8) -> Value {
        let set: Vec<Value> = (0..proofs)
            .map(|i| {
                let key = SecretKey::from_seed(&[i.wrapping_add(1); 32]);
                json!({
                    "type": "DataIntegrityProof",
                    "cryptosuite": "eddsa-jcs-2022",
                    "verificationMethod": key.public_key().verification_method(),
                    "proofPurpose": "assertionMethod",
                    "proofValue": crate::encoding::multibase_encode(&[i; 64]),
                })
            })
            .collect();
        json!({"blob": "x".repeat(256 * 1024), "proof": set})
    }

    fn bytes_hashed_to_refuse(document: Value) -> usize {
        let verifier = Verifier::new(DidKeyResolver, TrustList::any());
        HASHED_BYTES.with(|n| n.set(0));
        let result = verifier.verify(document);
        assert!(result.is_err());
        HASHED_BYTES.with(|n| n.get())
    }

    #[test]
    fn one_document_hash_for_a_proof_set() {
        let one = bytes_hashed_to_refuse(forged(1));
        let many = bytes_hashed_to_refuse(forged(32));
        assert!(one > 256 * 1024, "{one}");
        // The document once, plus 32 small proof configurations.
        assert!(
            many < one + 32 * 1024,
            "one proof: {one} bytes, 32 proofs: {many} bytes"
        );
    }

    #[test]
    fn nothing_is_hashed_when_a_cheap_check_fails() {
        let mut document = forged(32);
        document["proof"][31]["proofPurpose"] = json!("authentication");
        assert_eq!(bytes_hashed_to_refuse(document), 0);
    }
}
