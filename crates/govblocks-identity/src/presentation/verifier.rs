//! Creating and verifying presentations.

use super::challenge::ChallengeStore;
use super::model::{check_structure, Presentation};
use crate::credential::{Credential, CredentialVerifier};
use crate::Error;
use govblocks_core::document::{Document, SignatureBatch};
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
    challenges: Arc<dyn ChallengeStore>,
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
    /// challenges are remembered in `challenges`.
    pub fn new(
        credentials: CredentialVerifier,
        holders: Verifier,
        challenges: impl ChallengeStore + 'static,
    ) -> Self {
        PresentationVerifier {
            credentials: Arc::new(credentials),
            holders,
            challenges: Arc::new(challenges),
            challenge_ttl: DEFAULT_CHALLENGE_TTL,
            bearer: false,
        }
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
        let holders = self
            .holders
            .clone()
            .expect_purpose(ProofPurpose::Authentication)
            .expect_challenge(challenge)
            .expect_domain([domain]);
        // Every check but the signatures, for the presentation and each credential; then one
        // batch for all their signatures (the holder's and every issuer's).
        let value = govblocks_core::json::parse_with_limits(bytes, holders.limits())?;
        let presentation = holders.prepare_value_as::<Presentation>(value)?;
        let embedded = presentation
            .unverified()
            .credentials()
            .iter()
            .map(|c| self.credentials.prepare_value(Value::Object(c.clone())))
            .collect::<Result<Vec<_>, Error>>()?;
        let mut batch = SignatureBatch::new();
        batch.add(&presentation);
        for credential in &embedded {
            batch.add(credential);
        }
        let outcome = batch.verify();
        let presentation = presentation.finish(&outcome)?;
        let holder = presentation.holder_id().unwrap_or_default().to_string();
        let credentials = embedded
            .into_iter()
            .map(|c| self.credentials.finish(c, &outcome))
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
        // challenge.
        let now = holders.now().unix_timestamp_nanos();
        let expires_at = now.saturating_add(self.challenge_ttl.whole_nanoseconds());
        if !self.challenges.accept_once(challenge, now, expires_at) {
            return Err(Error::Replayed);
        }
        Ok(VerifiedPresentation {
            presentation,
            credentials,
        })
    }
}
