//! Creating and verifying presentations.

use super::challenge::{AcceptOnce, Acceptance, Until, CHALLENGE_SCOPE};
use super::model::{check_structure, Presentation};
use crate::credential::{Credential, CredentialVerifier};
use crate::Error;
use govblocks_core::clock::Timestamp;
use govblocks_core::document::{BatchOutcome, Document, Prepared, SignatureBatch};
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::signer::Signer;
use govblocks_core::verified::Verified;
use serde_json::Value;
use std::sync::Arc;
use time::Duration;

/// Creates a presentation of `credentials` (secured credentials, as JSON) by `holder` (default:
/// the signer's did:key), signed with an `authentication` proof bound to the verifier's
/// `challenge` and `domain`.
pub fn create(
    credentials: Vec<Value>,
    signer: &dyn Signer,
    holder: Option<&str>,
    challenge: &str,
    domain: &str,
) -> Result<Value, Error> {
    let holder = holder.map_or_else(|| signer.public_key().did(), str::to_string);
    let embedded = credentials
        .into_iter()
        .map(|c| match c {
            Value::Object(map) => Ok(map),
            _ => Err(Error::Core(govblocks_core::Error::DocumentNotObject)),
        })
        .collect::<Result<Vec<_>, Error>>()?;
    let presentation = Presentation::new(holder, embedded);
    check_structure(&presentation)?;
    presentation.sign(signer, &ProofOptions::authentication(challenge, domain))
}

/// A presentation that verified, with each of its credentials verified.
#[derive(Debug, Clone)]
pub struct VerifiedPresentation {
    presentation: Verified<Presentation>,
    credentials: Vec<Verified<Credential>>,
}

impl VerifiedPresentation {
    /// The presentation and the holder's proof.
    pub fn presentation(&self) -> &Verified<Presentation> {
        &self.presentation
    }

    /// Every embedded credential, verified, in order.
    pub fn credentials(&self) -> &[Verified<Credential>] {
        &self.credentials
    }

    /// The holder's URL.
    pub fn holder(&self) -> &str {
        self.presentation.holder_id().unwrap_or_default()
    }
}

/// Verifies presentations: the holder's proof (purpose `authentication`, the challenge and
/// domain this verifier handed out), every embedded credential (as [`CredentialVerifier`]
/// does, in one batch), each credential subject being the holder (unless bearer credentials
/// are allowed), and the challenge accepted once (`presentation.replayed`).
#[derive(Clone)]
pub struct PresentationVerifier {
    credentials: Arc<CredentialVerifier>,
    holders: Verifier,
    challenges: Arc<dyn AcceptOnce>,
    challenge_ttl: Duration,
    bearer: bool,
}

impl std::fmt::Debug for PresentationVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PresentationVerifier")
            .field("credentials", &self.credentials)
            .field("holders", &self.holders)
            .field("challenge_ttl", &self.challenge_ttl)
            .field("bearer", &self.bearer)
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
            bearer: false,
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

    /// Accepts credentials whose subjects are not the holder (bearer credentials).
    pub fn allow_bearer_credentials(mut self) -> Self {
        self.bearer = true;
        self
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
        let presentation =
            holders.prepare_parsed_as::<Presentation>(holders.parse(request.bytes)?)?;
        let credentials = presentation
            .unverified()
            .credentials()
            .iter()
            .map(|c| self.credentials.prepare_value(Value::Object(c.clone())))
            .collect::<Result<Vec<_>, Error>>()?;
        Ok(PreparedPresentation {
            presentation,
            credentials,
            now: holders.now(),
        })
    }

    fn finish(
        &self,
        prepared: PreparedPresentation,
        outcome: &BatchOutcome,
        challenge: &str,
    ) -> Result<VerifiedPresentation, Error> {
        let presentation = prepared.presentation.finish(outcome)?;
        let holder = presentation.holder_id().unwrap_or_default().to_string();
        // One status scope for the presentation: each status list is decoded once, however
        // many of its credentials name it (issue 14, hostile finding 8).
        let status = crate::credential::StatusScope::new();
        let credentials = prepared
            .credentials
            .into_iter()
            .map(|c| self.credentials.finish_in(c, outcome, &status))
            .collect::<Result<Vec<_>, Error>>()?;
        if !self.bearer {
            for credential in &credentials {
                for subject in credential.credential_subject.iter() {
                    let id = subject
                        .get("id")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    if id != holder {
                        return Err(Error::HolderMismatch {
                            subject: id.to_string(),
                            holder,
                        });
                    }
                }
            }
        }

        // Last, and atomically: only a presentation that passed everything uses up its
        // challenge. A clock outside years 1-9999 is `time.out_of_range`.
        let now = Timestamp::from_datetime(prepared.now)?;
        let until = Until::Instant(now.checked_add(self.challenge_ttl)?);
        match self
            .challenges
            .accept_once(CHALLENGE_SCOPE, challenge, now, until)
            .map_err(Error::ReplayStore)?
        {
            Acceptance::Accepted => {}
            Acceptance::AlreadyAccepted => return Err(Error::Replayed),
        }
        Ok(VerifiedPresentation {
            presentation,
            credentials,
        })
    }
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
    presentation: Prepared<Presentation>,
    credentials: Vec<Prepared<Credential>>,
    /// The holder verifier's clock reading (for the challenge's expiry).
    now: time::OffsetDateTime,
}

impl PreparedPresentation {
    /// Adds the holder's signatures and every credential's to `batch`.
    fn add_to<'a>(&'a self, batch: &mut SignatureBatch<'a>) {
        batch.add(&self.presentation);
        for credential in &self.credentials {
            batch.add(credential);
        }
    }
}
