//! A social-protection registry asks the population registry for a person's residence, under
//! the person's consent, and gets an answer bound to its request.
//!
//! 1. The Ministry of Social Protection (the consent controller) publishes an agreement; the
//!    person consents to their residence being shared with the social registry; the ministry
//!    issues a short-lived signed consent proof.
//! 2. The social registry (X-Road client `EE/GOV/70000001/social`) signs a request to the
//!    population registry's service `EE/GOV/70000002/population/residence/v1`, carrying the
//!    consent reference and the proof.
//! 3. The population registry verifies it: the signature, the sender by its directory, its
//!    access list, and the consent — through a `ConsentCheck` written with the consent block —
//!    before it reads the payload; it answers with a response bound to the request.
//! 4. The social registry verifies the response against its own request.
//! 5. A request for data the person did not consent to is refused (`exchange.consent_denied`);
//!    a response to another request is refused (`exchange.response_unbound`).
//!
//! 6. The same request sent again is refused by the service's replay guard
//!    (`exchange.replayed`), a step of its verifier (`EnvelopeVerifier::with_step`).
//!
//! Run: `cargo run -p govblocks-exchange --example registry_query`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_consent::agreement::{
    Agreement, Agreements, Controller, LawfulBasis, Purpose, Terms,
};
use govblocks_consent::consent_proof::{ConsentProof, DEFAULT_PROOF_VALIDITY};
use govblocks_consent::ledger;
use govblocks_consent::permits::{Decision, Question};
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::service::ConsentService;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_exchange::access::AccessList;
use govblocks_exchange::consent::{ConsentCheck, ConsentQuestion};
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
use govblocks_exchange::envelope::model::ConsentReference;
use govblocks_exchange::replay::{MemoryAcceptOnce, ReplayGuard};
use govblocks_exchange::verify::EnvelopeVerifier;
use serde_json::json;
use std::sync::Arc;

/// The population registry's consent check: the carried consent proof, verified with a core
/// verifier that trusts the ministry, must be about the referenced record and revision, and
/// permit the purpose for every data category, shared with the client's DID.
struct ConsentProofCheck {
    trusted: Verifier,
}

impl ConsentCheck for ConsentProofCheck {
    fn check(&self, q: &ConsentQuestion<'_>) -> Result<(), String> {
        let carried = q
            .reference
            .proof
            .clone()
            .ok_or("no consent proof is carried")?;
        let proof = self
            .trusted
            .verify_value_as::<ConsentProof>(carried)
            .map_err(|e| format!("{}: {e}", e.code()))?;
        if proof.record != q.reference.record || proof.head != q.reference.revision {
            return Err("the consent proof is about another record or revision".into());
        }
        let recipient = q.recipient_dids.first().ok_or("the client has no DID")?;
        for category in q.data_categories {
            let question = Question::new(q.purpose, category, q.at).shared_with(recipient);
            if let Decision::Deny(reason) = proof.permits(question) {
                return Err(format!("{} ({category})", reason.code()));
            }
        }
        Ok(())
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let now = Timestamp::parse("2026-12-06T10:00:00Z", "now")?;
    let clock = FixedClock::new(now);

    // The parties' keys (fixed seeds, so the run is reproducible).
    let ministry = SecretKey::from_seed(&[7; 32]);
    let social = SecretKey::from_seed(&[1; 32]);
    let population = SecretKey::from_seed(&[2; 32]);
    let (ministry_did, social_did) = (ministry.public_key().did(), social.public_key().did());

    // 1. Consent: the agreement, the person's consent, a consent proof.
    let agreement = Agreement::new(
        "urn:agreement:child-benefit",
        "1",
        Controller::new(ministry_did.clone(), "Ministry of Social Protection"),
        vec![Purpose::new(
            "eligibility",
            "Check eligibility for the child benefit",
            LawfulBasis::Consent,
            ["residence"],
        )
        .with_recipient(social_did.clone())],
        Terms::new(
            "EE",
            "P2Y",
            "EE",
            "en",
            "https://msp.example.gov/privacy",
            "https://msp.example.gov/consent",
        ),
    );
    let trusts_ministry = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(ministry_did.clone()),
    )
    .with_clock(clock);
    let mut agreements = Agreements::new();
    agreements.add_value(
        &trusts_ministry,
        agreement.sign(&ministry, &ProofOptions::assertion())?,
    )?;
    let records =
        RecordVerifier::new(Arc::new(agreements), [ministry_did.clone()]).with_clock(clock);
    let consent = ConsentService::new(ledger::memory(), &ministry, records);
    let given = consent.give(
        "urn:agreement:child-benefit",
        "1",
        "pseudonym-4471",
        &["eligibility"],
        None,
    )?;
    let record = consent.load(&given.record)?;
    let consent_proof =
        record.consent_proof(&ministry, now.to_datetime(), DEFAULT_PROOF_VALIDITY)?;
    println!("consent {} given, proof issued", record.id());

    // Who signs for whom, and who may call what: the same directory on both sides.
    let directory = Directory::new()
        .with("EE/GOV/70000001/social".parse()?, social_did.clone())
        .with(
            "EE/GOV/70000002/population".parse()?,
            population.public_key().did(),
        );
    let core = Verifier::new(DidKeyResolver, directory.trust_list()).with_clock(clock);

    // 2. The social registry's request.
    let reference = ConsentReference::new(
        record.id(),
        record.head().digest(),
        "eligibility",
        ["residence"],
    )
    .with_proof(consent_proof);
    let request = RequestBuilder::new(
        "EE/GOV/70000001/social".parse()?,
        "EE/GOV/70000002/population/residence/v1".parse()?,
        "getResidence",
        json!({"personId": "4471"}),
    )
    .timestamp(now)
    .correlation_id("case-4471")
    .consent(reference.clone())
    .build()?;
    let request_bytes = sign(&request, &social)?.to_string();

    // 3. The population registry verifies, then answers.
    let service = EnvelopeVerifier::new(core.clone(), directory.clone())
        .with_access_list(AccessList::new().allow(
            "EE/GOV/70000001/social".parse()?,
            "EE/GOV/70000002/population/residence/v1".parse()?,
            ["getResidence"],
        ))
        .require_consent(ConsentProofCheck {
            trusted: trusts_ministry,
        })
        // Remembers every message it let through for the window (300 s): after every other
        // check, so a forged message cannot use up a genuine one's id.
        .with_step(ReplayGuard::new(MemoryAcceptOnce::new(), clock));
    let verified = service.verify_request(request_bytes.as_bytes())?;
    println!(
        "request {} from {} verified (consent checked): {}",
        verified.header().message_id,
        verified.sender(),
        verified.payload()
    );
    let response = ResponseBuilder::answer(&verified, json!({"residence": "Tallinn, Kesklinn"}))?
        .timestamp(now)
        .build()?;
    let response_bytes = sign(&response, &population)?.to_string();

    // 4. The social registry verifies the answer against its own request.
    let client = EnvelopeVerifier::new(core, directory);
    let own_request = client.verify_request(request_bytes.as_bytes())?;
    let answer = client.verify_response(&own_request, response_bytes.as_bytes())?;
    println!(
        "response {} bound to request {}: {}",
        answer.header().message_id,
        own_request.header().message_id,
        answer.payload()
    );

    // 5. Refusals. Data the person did not consent to share:
    let mut greedy = reference;
    greedy.data_categories.push("income".into());
    let greedy = RequestBuilder::new(
        "EE/GOV/70000001/social".parse()?,
        "EE/GOV/70000002/population/residence/v1".parse()?,
        "getResidence",
        json!({"personId": "4471"}),
    )
    .timestamp(now)
    .consent(greedy)
    .build()?;
    let refused = service
        .verify_request(sign(&greedy, &social)?.to_string().as_bytes())
        .unwrap_err();
    assert_eq!(refused.code(), "exchange.consent_denied");
    println!("a request for more data: {} ({refused})", refused.code());
    // The answer presented as the answer to another request:
    let other = client.verify_request(sign(&greedy, &social)?.to_string().as_bytes())?;
    let unbound = client
        .verify_response(&other, response_bytes.as_bytes())
        .unwrap_err();
    assert_eq!(unbound.code(), "exchange.response_unbound");
    println!("the answer to another request: {}", unbound.code());

    // 6. The first request, sent again.
    let replayed = service
        .verify_request(request_bytes.as_bytes())
        .unwrap_err();
    assert_eq!(replayed.code(), "exchange.replayed");
    println!("the same request again: {}", replayed.code());
    Ok(())
}
