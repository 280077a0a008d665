//! Creating and verifying presentations.

use super::challenge::{AcceptOnce, Acceptance, Until, CHALLENGE_SCOPE};
use super::model::{
    check_structure, has_type, includes_type, refuse_enveloped, Presentation,
    ENVELOPED_VERIFIABLE_CREDENTIAL, ENVELOPED_VERIFIABLE_PRESENTATION,
};
use super::policy::{PolicyException, PresentationPolicy};
use crate::credential::{Credential, CredentialReport, CredentialVerifier};
use crate::Error;
use govblocks_core::clock::Timestamp;
use govblocks_core::document::{BatchOutcome, Document, Prepared, SignatureBatch};
use govblocks_core::json::{Element, Tape, TapeValue};
use govblocks_core::proof::{ProofOptions, ProofPurpose, VerifiedProof, Verifier};
use govblocks_core::signer::Signer;
use govblocks_core::verified::Verified;
use serde_json::Value;
use std::sync::Arc;
use time::Duration;

/// Creates a presentation of `credentials` (secured credentials, as JSON) by `holder` (default:
/// the signer's DID, see [`signer_did`]), signed with an `authentication` proof bound to the
/// verifier's `challenge` and `domain`, under the safe default policy: every credential subject
/// must be the holder. [`create_with_policy`] with [`PresentationPolicy::default`]; it refuses
/// what a [`PresentationVerifier`] with the default policy would refuse for the holder, the
/// proof and the subjects.
pub fn create(
    credentials: Vec<Value>,
    signer: &dyn Signer,
    holder: Option<&str>,
    challenge: &str,
    domain: &str,
) -> Result<Value, Error> {
    let holder = holder.map_or_else(|| signer_did(signer), str::to_string);
    create_with_policy(
        credentials,
        Some(&holder),
        Some(HolderProof {
            signer,
            challenge,
            domain,
        }),
        &PresentationPolicy::default(),
    )
}

/// The holder's proof of a presentation being created: who signs, and the verifier's challenge
/// and domain it is bound to.
#[derive(Clone, Copy)]
pub struct HolderProof<'a> {
    /// The holder's signer; its DID ([`signer_did`]) must be the presentation's holder.
    pub signer: &'a dyn Signer,
    /// The verifier's challenge.
    pub challenge: &'a str,
    /// The verifier's domain.
    pub domain: &'a str,
}

impl std::fmt::Debug for HolderProof<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HolderProof")
            .field("signer", &self.signer.verification_method())
            .field("challenge", &self.challenge)
            .field("domain", &self.domain)
            .finish()
    }
}

/// Creates a presentation of `credentials` (secured credentials, as JSON) by `holder` (`None`:
/// no `holder` property), signed by `proof` (`None`: unsigned), refusing what a
/// [`PresentationVerifier`] with the same `policy` refuses about the presentation itself — in
/// this order, with the verifier's codes:
///
/// 1. an enveloped credential (`presentation.enveloped_unsupported`);
/// 2. no holder, unless the policy allows it (`presentation.holder_missing`);
/// 3. no proof, unless the policy allows it (`presentation.unsigned`);
/// 4. a holder that is not the signer's DID, [`signer_did`] (`presentation.holder_mismatch`:
///    the verifier would find the proof not made by the holder);
/// 5. a credential subject that is not the holder and that the policy does not accept
///    (`presentation.subject_not_holder`; a [`HolderRelation`](super::HolderRelation) hook is
///    asked about the credentials as given);
/// 6. the presentation's structure and schema.
///
/// The credentials themselves are not verified (their signatures, issuers, validity and status
/// are the verifier's).
pub fn create_with_policy(
    credentials: Vec<Value>,
    holder: Option<&str>,
    proof: Option<HolderProof<'_>>,
    policy: &PresentationPolicy,
) -> Result<Value, Error> {
    let embedded = credentials
        .into_iter()
        .map(|c| match c {
            Value::Object(map) => Ok(map),
            _ => Err(Error::Core(govblocks_core::Error::DocumentNotObject)),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    refuse_enveloped(embedded.iter())?;
    let mut exceptions = Vec::new();
    policy.check_shape(holder, proof.is_some(), &mut exceptions)?;
    if let (Some(holder), Some(proof)) = (holder, &proof) {
        let signer = signer_did(proof.signer);
        if holder != signer {
            return Err(Error::HolderMismatch {
                holder: holder.to_string(),
                signer,
            });
        }
    }
    let presentation = match holder {
        Some(holder) => Presentation::new(holder, embedded),
        None => Presentation::without_holder(embedded),
    };
    policy.check_subjects(holder, presentation.credentials(), None, &mut exceptions)?;
    check_structure(&presentation)?;
    match proof {
        Some(proof) => presentation.sign(
            proof.signer,
            &ProofOptions::authentication(proof.challenge, proof.domain),
        ),
        None => {
            let value = serde_json::to_value(&presentation).map_err(|e| {
                govblocks_core::Error::DocumentInvalid {
                    reason: e.to_string(),
                }
            })?;
            Presentation::schemas().validate(Presentation::SCHEMA, &value)?;
            Ok(value)
        }
    }
}

/// The DID that signs with `signer`: its verification method without the fragment
/// (`did:key:z6Mk…` for `did:key:z6Mk…#z6Mk…`, `did:web:example.gov` for
/// `did:web:example.gov#key-1`): the holder a presentation it signs must name.
pub fn signer_did(signer: &dyn Signer) -> String {
    let method = signer.verification_method();
    match method.split_once('#') {
        Some((did, _)) => did.to_string(),
        None => method,
    }
}

/// A presentation that verified, with each of its credentials verified, and the exceptions to
/// the default policy it used.
#[derive(Debug, Clone)]
pub struct VerifiedPresentation {
    presentation: Presentation,
    proofs: Vec<VerifiedProof>,
    credentials: Vec<Verified<Credential>>,
    reports: Vec<CredentialReport>,
    exceptions: Vec<PolicyException>,
}

impl VerifiedPresentation {
    /// The presentation.
    pub fn presentation(&self) -> &Presentation {
        &self.presentation
    }

    /// The holder's proofs, verified (empty for an unsigned presentation).
    pub fn proofs(&self) -> &[VerifiedProof] {
        &self.proofs
    }

    /// Whether the presentation was signed (bound to the challenge by a holder proof).
    pub fn is_signed(&self) -> bool {
        !self.proofs.is_empty()
    }

    /// Every embedded credential, verified, in order.
    pub fn credentials(&self) -> &[Verified<Credential>] {
        &self.credentials
    }

    /// For each embedded credential, in the order of
    /// [`VerifiedPresentation::credentials`], which of its `credentialSchema` references and
    /// related resources the credential verifier checked and which it could not (under
    /// [`SchemaPolicy::Report`](crate::credential::SchemaPolicy::Report), or related resources
    /// whose bytes were not supplied), as
    /// [`CredentialVerifier::verify_with_report`] says for one credential.
    pub fn reports(&self) -> &[CredentialReport] {
        &self.reports
    }

    /// The holder's URL, empty when the presentation names none (see
    /// [`VerifiedPresentation::holder_id`]).
    pub fn holder(&self) -> &str {
        self.presentation.holder_id().unwrap_or_default()
    }

    /// The holder's URL, if the presentation names one.
    pub fn holder_id(&self) -> Option<&str> {
        self.presentation.holder_id()
    }

    /// The exceptions to the default policy this presentation was accepted under, in the order
    /// they were found (no holder, unsigned, then each subject that is not the holder); empty
    /// for a presentation that needed none.
    pub fn exceptions(&self) -> &[PolicyException] {
        &self.exceptions
    }
}

/// Verifies presentations: the holder's proof (purpose `authentication`, the challenge and
/// domain this verifier handed out), every embedded credential (as [`CredentialVerifier`]
/// does, in one batch), the [`PresentationPolicy`] (by default: a holder, a holder proof, each
/// credential subject the holder), and the challenge accepted once (`presentation.replayed`).
///
/// # What trust holder proofs need
///
/// Two verifiers, two kinds of trust:
///
/// - **Issuers** are trusted by the credential verifier's trust list (for `assertionMethod`):
///   that is where the verifier decides whose claims it believes (`credential.untrusted_issuer`
///   otherwise).
/// - **Holders** are checked by the `holders` [`Verifier`]. Its resolver turns the proof's
///   `verificationMethod` into a public key and a controller: [`DidKeyResolver`] reads both
///   from a `did:key` URL itself (nothing fetched, nothing to trust); a holder with another
///   DID method needs a resolver that knows its keys (a `did:web` document you fetched and
///   pinned, a registry), and is only as sound as that resolver. Its trust list decides which
///   controllers may sign `authentication` proofs; it is usually [`TrustList::any`]: a holder
///   is not trusted for who they are, but because the credentials a trusted issuer signed name
///   the holder's DID (as subject, or in an allowed relation claim) and the holder proved
///   control of that DID's key, bound to this verifier's fresh challenge. A verifier that
///   knows its holders in advance can list them instead (`trust.untrusted` for others). The
///   clock and skew of `holders` apply to the proof's `created`/`expires`.
///
/// The presentation's proof must be by its `holder` (`presentation.holder_mismatch`),
/// whatever the policy. A presentation that names no holder (allowed by
/// [`PresentationPolicy::allow_no_holder`]) may be signed by any key the holders' trust list
/// accepts — with [`TrustList::any`], anybody: the proof then only binds it to the challenge.
/// An unsigned one ([`PresentationPolicy::allow_unsigned`]) is bound to nothing, and does not
/// use up its challenge (see [`policy`](super::policy)); it is checked against the same schema
/// registry as a signed one: the `holders` verifier's ([`Verifier::with_schemas`]) when it has
/// one.
///
/// Each credential's report — which `credentialSchema` references and related resources the
/// credential verifier checked and which it could not — is in
/// [`VerifiedPresentation::reports`].
///
/// [`DidKeyResolver`]: govblocks_core::resolver::DidKeyResolver
/// [`TrustList::any`]: govblocks_core::resolver::TrustList::any
#[derive(Clone)]
pub struct PresentationVerifier {
    credentials: Arc<CredentialVerifier>,
    holders: Verifier,
    challenges: Arc<dyn AcceptOnce>,
    challenge_ttl: Duration,
    policy: PresentationPolicy,
}

impl std::fmt::Debug for PresentationVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresentationVerifier")
            .field("credentials", &self.credentials)
            .field("holders", &self.holders)
            .field("challenge_ttl", &self.challenge_ttl)
            .field("policy", &self.policy)
            .finish_non_exhaustive()
    }
}

/// How long an accepted challenge is remembered by default: ten minutes, longer than any
/// sensible time between handing a challenge out and receiving the presentation.
pub const DEFAULT_CHALLENGE_TTL: Duration = Duration::minutes(10);

impl PresentationVerifier {
    /// Credentials are checked by `credentials`; holder proofs by `holders` (its resolver, trust
    /// list, clock and skew; its purpose, challenge and domain are set per presentation);
    /// challenges are remembered in `challenges` under [`CHALLENGE_SCOPE`] (a
    /// [`MemoryAcceptOnce`](super::MemoryAcceptOnce) for one process, a shared store for
    /// several; an `Arc` of a store shares it with other verifiers and other kinds of ids).
    pub fn new(
        credentials: CredentialVerifier,
        holders: Verifier,
        challenges: impl AcceptOnce + 'static,
    ) -> Self {
        PresentationVerifier {
            credentials: Arc::new(credentials),
            holders,
            challenges: Arc::new(challenges),
            challenge_ttl: DEFAULT_CHALLENGE_TTL,
            policy: PresentationPolicy::default(),
        }
    }

    /// The core verifier of holder proofs (its purpose, challenge and domain are set per
    /// presentation).
    pub fn verifier(&self) -> &Verifier {
        &self.holders
    }

    /// The verifier of the embedded credentials.
    pub fn credential_verifier(&self) -> &CredentialVerifier {
        &self.credentials
    }

    /// Accepts credentials whose subjects are not the holder (bearer credentials): the policy
    /// with [`PresentationPolicy::allow_any_subject`].
    pub fn allow_bearer_credentials(mut self) -> Self {
        self.policy = self.policy.allow_any_subject();
        self
    }

    /// Verifies under `policy` (the default: [`PresentationPolicy::default`], the safe case).
    pub fn with_policy(mut self, policy: PresentationPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy presentations are verified under.
    pub fn policy(&self) -> &PresentationPolicy {
        &self.policy
    }

    /// Remembers accepted challenges this long ([`DEFAULT_CHALLENGE_TTL`] by default).
    pub fn with_challenge_ttl(mut self, ttl: Duration) -> Self {
        self.challenge_ttl = ttl;
        self
    }

    /// Verifies a presentation that must answer `challenge` for `domain`.
    pub fn verify(
        &self,
        bytes: &[u8],
        challenge: &str,
        domain: &str,
    ) -> Result<VerifiedPresentation, Error> {
        let prepared = self.prepare(&PresentationRequest {
            bytes,
            challenge,
            domain,
        })?;
        let mut batch = SignatureBatch::new();
        prepared.add_to(&mut batch);
        let outcome = batch.verify();
        self.finish(prepared, &outcome, challenge)
    }

    /// Verifies many presentations with one batch signature verification for all their
    /// signatures (every holder's and every issuer's), as a verifier receiving a stream of
    /// presentations does: about twice the throughput of [`PresentationVerifier::verify`] one
    /// by one. One result per request, in order; a presentation that fails does not fail the
    /// others (a failed batch is retried one signature at a time).
    ///
    /// Challenges are accepted in request order, after every other check of their
    /// presentation: two requests with one challenge in the same call are a replay (the second
    /// fails with `presentation.replayed`).
    pub fn verify_batch(
        &self,
        requests: &[PresentationRequest<'_>],
    ) -> Vec<Result<VerifiedPresentation, Error>> {
        // Every check but the signatures, for each presentation and its credentials ...
        let prepared: Vec<Result<PreparedPresentation, Error>> = requests
            .iter()
            .map(|request| self.prepare(request))
            .collect();
        // ... then one batch for all their signatures ...
        let mut batch = SignatureBatch::new();
        for p in prepared.iter().flatten() {
            p.add_to(&mut batch);
        }
        let outcome = batch.verify();
        // ... then the rules, and last the challenge.
        prepared
            .into_iter()
            .zip(requests)
            .map(|(p, request)| self.finish(p?, &outcome, request.challenge))
            .collect()
    }

    /// The holder's verifier for one request: purpose, challenge and domain set.
    fn holders_for(&self, request: &PresentationRequest<'_>) -> Verifier {
        self.holders
            .clone()
            .expect_purpose(ProofPurpose::Authentication)
            .expect_challenge(request.challenge)
            .expect_domain([request.domain])
    }

    fn prepare(&self, request: &PresentationRequest<'_>) -> Result<PreparedPresentation, Error> {
        let holders = self.holders_for(request);
        // The common case, a signed presentation exactly as it was signed: read without a
        // tree. Anything else (and any refusal the tape cannot tell apart) is read strictly.
        if let Some(tape) = holders.read_tape(request.bytes) {
            if let Some(prepared) = self.prepare_tape(&holders, &tape) {
                return prepared;
            }
        }
        let parsed = holders.parse(request.bytes)?;
        // Two lookups, no copy: is it signed, is it enveloped.
        let signed = match parsed.value() {
            Value::Object(map) => {
                if has_type(map, ENVELOPED_VERIFIABLE_PRESENTATION) {
                    return Err(Error::EnvelopedUnsupported {
                        what: "the presentation".into(),
                    });
                }
                map.contains_key("proof")
            }
            // Not an object: the pipeline says so.
            _ => true,
        };
        // The embedded credentials, copied out of the parsed presentation before it is read
        // by move, each with its own bytes (hashed from them when the presentation's bytes
        // are canonical); prepared below, after the presentation's own checks, as before.
        let elements: Vec<Element<'_>> = (0..)
            .map_while(|i| parsed.element("verifiableCredential", i))
            .collect();
        let presentation = if signed {
            Holding::Signed(holders.prepare_parsed_as::<Presentation>(parsed)?)
        } else {
            Holding::Unsigned(read_unsigned(&holders, parsed.into_value())?)
        };
        let unverified = presentation.unverified();
        let mut exceptions = Vec::new();
        self.policy
            .check_shape(unverified.holder_id(), signed, &mut exceptions)?;
        refuse_enveloped(unverified.credentials().iter().map(|c| c.as_map()))?;
        let credentials = if elements.len() == unverified.credentials().len() {
            elements
                .into_iter()
                .map(|element| self.credentials.prepare_element(element))
                .collect::<Result<Vec<_>, Error>>()?
        } else {
            // One credential, not in an array: copied from the typed presentation.
            unverified
                .credentials()
                .iter()
                .map(|c| self.credentials.prepare_value(c.to_value()))
                .collect::<Result<Vec<_>, Error>>()?
        };
        Ok(PreparedPresentation {
            presentation,
            credentials,
            exceptions,
            now: holders.now(),
        })
    }

    /// [`PresentationVerifier::prepare`] for a presentation read as a tape: the same checks in
    /// the same order, with the same answers and errors. `None` for what it leaves to the
    /// strict parser: an unsigned presentation, or one credential not in an array.
    fn prepare_tape(
        &self,
        holders: &Verifier,
        tape: &Tape<'_>,
    ) -> Option<Result<PreparedPresentation, Error>> {
        let root = tape.root();
        root.as_object()?;
        if tape_has_type(root, ENVELOPED_VERIFIABLE_PRESENTATION) {
            return Some(Err(Error::EnvelopedUnsupported {
                what: "the presentation".into(),
            }));
        }
        root.get("proof")?;
        let embedded = root.get("verifiableCredential");
        if embedded.is_some_and(|c| !c.raw().starts_with('[')) {
            return None;
        }
        Some(self.prepare_tape_signed(holders, tape, embedded))
    }

    /// [`PresentationVerifier::prepare_tape`] from the presentation's pipeline on.
    fn prepare_tape_signed(
        &self,
        holders: &Verifier,
        tape: &Tape<'_>,
        embedded: Option<TapeValue<'_>>,
    ) -> Result<PreparedPresentation, Error> {
        let presentation = holders.prepare_tape_as::<Presentation>(tape)?;
        let unverified = presentation.unverified();
        let mut exceptions = Vec::new();
        self.policy
            .check_shape(unverified.holder_id(), true, &mut exceptions)?;
        // As `refuse_enveloped` on the typed presentation's credentials, read on the tape.
        let elements = embedded.into_iter().flat_map(|array| array.elements());
        if let Some(index) = elements
            .clone()
            .position(|c| tape_has_type(c, ENVELOPED_VERIFIABLE_CREDENTIAL))
        {
            return Err(Error::EnvelopedUnsupported {
                what: format!("credential {index}"),
            });
        }
        let credentials = elements
            .map(|element| self.credentials.prepare_tape_value(element))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(PreparedPresentation {
            presentation: Holding::Signed(presentation),
            credentials,
            exceptions,
            now: holders.now(),
        })
    }

    fn finish(
        &self,
        prepared: PreparedPresentation,
        outcome: &BatchOutcome,
        challenge: &str,
    ) -> Result<VerifiedPresentation, Error> {
        let PreparedPresentation {
            presentation,
            credentials,
            mut exceptions,
            now,
        } = prepared;
        let (presentation, proofs) = match presentation {
            Holding::Signed(prepared) => prepared.finish(outcome)?.into_parts(),
            Holding::Unsigned(presentation) => (presentation, Vec::new()),
        };
        // One status scope for the presentation: each status list is decoded once, however
        // many of its credentials name it (issue 14, hostile finding 8).
        let status = crate::credential::StatusScope::new();
        let mut verified = Vec::with_capacity(credentials.len());
        let mut reports = Vec::with_capacity(credentials.len());
        for credential in credentials {
            let (credential, report) = self
                .credentials
                .finish_with_report_in(credential, outcome, &status)?;
            verified.push(credential);
            reports.push(report);
        }
        // Every credential verified: now who they are about (a hook may rely on them), read
        // from the typed credentials (the same JSON, read once).
        self.policy.check_subjects(
            presentation.holder_id(),
            presentation.credentials(),
            Some(&verified),
            &mut exceptions,
        )?;
        let credentials = verified;

        // Last, and atomically: only a presentation that passed everything uses up its
        // challenge. A clock outside years 1-9999 is `time.out_of_range`. An unsigned
        // presentation is bound to no challenge, and uses none up.
        if !proofs.is_empty() {
            let now = Timestamp::from_datetime(now)?;
            let until = Until::Instant(now.checked_add(self.challenge_ttl)?);
            match self
                .challenges
                .accept_once(CHALLENGE_SCOPE, challenge, now, until)
                .map_err(Error::ReplayStore)?
            {
                Acceptance::Accepted => {}
                Acceptance::AlreadyAccepted => return Err(Error::Replayed),
            }
        }
        Ok(VerifiedPresentation {
            presentation,
            proofs,
            credentials,
            reports,
            exceptions,
        })
    }
}

/// An unsigned presentation (no `proof` member), checked as the pipeline checks a signed one
/// but for its proofs: schema — in the holders' verifier's registry when it has one
/// ([`Verifier::with_schemas`]), as for a signed presentation — typed value, structure.
fn read_unsigned(holders: &Verifier, value: Value) -> Result<Presentation, Error> {
    holders.check_schema::<Presentation>(&value)?;
    let presentation: Presentation =
        serde_json::from_value(value).map_err(|e| govblocks_core::Error::DocumentInvalid {
            reason: e.to_string(),
        })?;
    check_structure(&presentation)?;
    Ok(presentation)
}

/// Whether `document`'s `type` (a string or an array of strings) includes `wanted`: `has_type`
/// on a tape.
fn tape_has_type(document: TapeValue<'_>, wanted: &str) -> bool {
    document
        .get("type")
        .is_some_and(|types| includes_type(types, wanted))
}

/// One presentation to verify with [`PresentationVerifier::verify_batch`]: its bytes and the
/// challenge and domain the verifier handed out for it.
#[derive(Debug, Clone, Copy)]
pub struct PresentationRequest<'a> {
    /// The presentation, as received.
    pub bytes: &'a [u8],
    /// The challenge this verifier handed out.
    pub challenge: &'a str,
    /// The verifier's domain.
    pub domain: &'a str,
}

/// A presentation and its credentials, checked but for their signatures.
struct PreparedPresentation {
    presentation: Holding,
    credentials: Vec<Prepared<Credential>>,
    /// The policy exceptions found so far (no holder, unsigned).
    exceptions: Vec<PolicyException>,
    /// The holder verifier's clock reading (for the challenge's expiry).
    now: time::OffsetDateTime,
}

/// A presentation waiting for its holder's signatures, or one without any.
enum Holding {
    Signed(Prepared<Presentation>),
    Unsigned(Presentation),
}

impl Holding {
    fn unverified(&self) -> &Presentation {
        match self {
            Holding::Signed(prepared) => prepared.unverified(),
            Holding::Unsigned(presentation) => presentation,
        }
    }
}

impl PreparedPresentation {
    /// Adds the holder's signatures (if any) and every credential's to `batch`.
    fn add_to<'a>(&'a self, batch: &mut SignatureBatch<'a>) {
        if let Holding::Signed(presentation) = &self.presentation {
            batch.add(presentation);
        }
        for credential in &self.credentials {
            batch.add(credential);
        }
    }
}
