//! The consent fixtures: fixed keys (a controller, a data principal, a stranger), fixed
//! agreements ([`BENEFITS`] versions 1 and 2, where 2 narrows 1; [`SURVEY`] versions 1 and 2,
//! where 2 widens 1), fixed instants, and verifiers trusting the controller. The properties, the
//! seed writer and tests share them.

use super::{fail, Violation};
use govblocks_consent::agreement::{
    Agreement, Agreements, Controller, DataAttribute, LawfulBasis, Purpose, Terms,
};
use govblocks_consent::record::RecordVerifier;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use std::sync::{Arc, OnceLock};
use time::OffsetDateTime;

/// The instant the fixtures are signed at and the structured chains start from:
/// 2025-03-01T10:00:00Z.
pub const NOW: i64 = 1_740_823_200;

/// An agreement whose version 2 narrows version 1 (consent under 1 still holds).
pub const BENEFITS: &str = "urn:agreement:benefits";
/// An agreement whose version 2 widens version 1 (consent under 1 is superseded).
pub const SURVEY: &str = "urn:agreement:survey";
/// The recipient the agreements name.
pub const TAX_OFFICE: &str = "did:web:tax.example.gov";
/// A recipient no agreement names.
pub const OTHER_RECIPIENT: &str = "did:web:broker.example";
/// The record id of the chains the raw `consent_chain` and `consent_revision` inputs form.
pub const RAW_RECORD: &str = "urn:uuid:00000000-0000-4000-8000-000000000000";

/// The instant raw `consent_chain` and `consent_revision` inputs are verified at: a year after
/// [`NOW`], so chains built over some months verify.
pub const RAW_AT: i64 = NOW + 366 * 86_400;

/// The seeds of the fixed keys: the controller, the data principal, a stranger.
const SEEDS: [u8; 3] = [0x51, 0x52, 0x53];

fn key(n: usize) -> &'static SecretKey {
    static KEYS: OnceLock<[SecretKey; 3]> = OnceLock::new();
    let keys = KEYS.get_or_init(|| SEEDS.map(|s| SecretKey::from_seed(&[s; 32])));
    let [controller, ..] = keys;
    keys.get(n).unwrap_or(controller)
}

/// The controller: signs the agreements, the revisions and the consent proofs; trusted.
pub fn controller_key() -> &'static SecretKey {
    key(0)
}

/// The data principal, who co-signs some revisions (`principalKey`).
pub fn principal_key() -> &'static SecretKey {
    key(1)
}

/// A key nobody trusts.
pub fn stranger_key() -> &'static SecretKey {
    key(2)
}

/// The instant `seconds` after the epoch (the epoch when out of range).
pub fn at(seconds: i64) -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(seconds).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// [`at`] as a [`Timestamp`].
pub fn timestamp(seconds: i64) -> Result<Timestamp, Violation> {
    Timestamp::from_datetime(at(seconds)).or_else(|e| fail(format!("fixed instant: {e}")))
}

/// The agreement versions, unsigned, in the order they are added: benefits 1 and 2, survey 1
/// and 2.
pub fn agreement_versions() -> Vec<Agreement> {
    let did = controller_key().public_key().did();
    let controller =
        Controller::new(did, "Ministry of Social Protection").with_url("https://msp.example.gov");
    let terms = || {
        Terms::new(
            "KE",
            "P2Y",
            "KE",
            "en",
            "https://msp.example.gov/privacy",
            "https://msp.example.gov/consent",
        )
    };
    let eligibility = |categories: &[&str]| {
        Purpose::new(
            "eligibility",
            "Check eligibility for the child benefit",
            LawfulBasis::Consent,
            categories.iter().copied(),
        )
        .with_recipient(TAX_OFFICE)
    };
    let research = Purpose::new(
        "research",
        "Anonymised research",
        LawfulBasis::PublicTask,
        ["health"],
    );
    let census = |categories: &[&str]| {
        Purpose::new(
            "census",
            "Household survey",
            LawfulBasis::Consent,
            categories.iter().copied(),
        )
    };
    let mut benefits1 = Agreement::new(
        BENEFITS,
        "1",
        controller.clone(),
        vec![eligibility(&["income", "household"]), research.clone()],
        terms(),
    );
    benefits1.data_attributes = vec![DataAttribute::new("diagnosis", "health").sensitive(true)];
    let benefits2 = Agreement::new(
        BENEFITS,
        "2",
        controller.clone(),
        vec![eligibility(&["income"]), research],
        terms(),
    );
    let survey1 = Agreement::new(
        SURVEY,
        "1",
        controller.clone(),
        vec![census(&["household"])],
        terms(),
    );
    let survey2 = Agreement::new(
        SURVEY,
        "2",
        controller,
        vec![census(&["household", "income"])],
        terms(),
    );
    vec![benefits1, benefits2, survey1, survey2]
}

/// The fixed agreement versions, signed by the controller at [`NOW`] and verified.
pub fn agreements() -> Result<&'static Arc<Agreements>, Violation> {
    static AGREEMENTS: OnceLock<Result<Arc<Agreements>, String>> = OnceLock::new();
    let built = AGREEMENTS.get_or_init(|| {
        let mut known = Agreements::new();
        let trust = agreement_verifier(NOW);
        let created = Timestamp::from_datetime(at(NOW)).map_err(|e| e.to_string())?;
        for agreement in agreement_versions() {
            let signed = agreement
                .sign(
                    controller_key(),
                    &ProofOptions::assertion().with_created(created),
                )
                .map_err(|e| format!("signing a fixed agreement: {e}"))?;
            known
                .add_value(&trust, signed)
                .map_err(|e| format!("adding a fixed agreement: {e}"))?;
        }
        Ok(Arc::new(known))
    });
    match built {
        Ok(known) => Ok(known),
        Err(e) => fail(e.clone()),
    }
}

/// A verifier trusting the controller for every purpose, at `now` (unix seconds).
pub fn agreement_verifier(now: i64) -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(controller_key().public_key().did()),
    )
    .with_clock(FixedClock::new(at(now)))
}

/// A record verifier trusting the controller, knowing the fixed agreements, at `now`.
pub fn record_verifier(now: i64) -> Result<RecordVerifier, Violation> {
    Ok(RecordVerifier::new(
        Arc::clone(agreements()?),
        [controller_key().public_key().did()],
    )
    .with_clock(FixedClock::new(at(now))))
}
