//! Shared fixtures: a ministry, its agreement versions, a clock the test moves, a service over
//! an in-memory ledger.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_consent::agreement::{
    Agreement, Agreements, Controller, DataAttribute, LawfulBasis, Purpose, Terms,
};
use govblocks_consent::ledger::{self as consent_ledger, MemoryLog};
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::service::ConsentService;
use govblocks_core::clock::{SettableClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use serde_json::Value;
use std::sync::Arc;

pub const AGREEMENT: &str = "urn:agreement:child-benefit";
pub const TAX: &str = "did:web:tax.example.gov";
pub const PRINCIPAL: &str = "pseudonym-4471";
pub const START: &str = "2025-03-01T10:00:00Z";

pub fn ministry() -> SecretKey {
    SecretKey::from_seed(&[7; 32])
}

/// Version `version` of the agreement with these purposes.
pub fn agreement(version: &str, purposes: Vec<Purpose>) -> Agreement {
    let mut a = Agreement::new(
        AGREEMENT,
        version,
        Controller::new(
            ministry().public_key().did(),
            "Ministry of Social Protection",
        )
        .with_url("https://msp.example.gov"),
        purposes,
        Terms::new(
            "KE",
            "P2Y",
            "KE",
            "en",
            "https://msp.example.gov/privacy/v1",
            "https://msp.example.gov/consent",
        ),
    );
    a.data_attributes = vec![
        DataAttribute::new("monthlyIncome", "income").sensitive(true),
        DataAttribute::new("householdSize", "household"),
    ];
    a
}

pub fn eligibility() -> Purpose {
    Purpose::new(
        "eligibility",
        "Check eligibility for the child benefit",
        LawfulBasis::Consent,
        ["income", "household"],
    )
    .with_recipient(TAX)
}

pub fn research() -> Purpose {
    Purpose::new(
        "research",
        "Statistics on household size",
        LawfulBasis::PublicTask,
        ["household"],
    )
}

/// Version 1: eligibility and research.
pub fn v1() -> Agreement {
    agreement("1", vec![eligibility(), research()])
}

/// Version 2 widens version 1: research now also uses income.
pub fn v2_wider() -> Agreement {
    let mut research = research();
    research.data_categories.push("income".into());
    agreement("2", vec![eligibility(), research])
}

/// Version 3 narrows version 1: research is gone.
pub fn v3_narrower() -> Agreement {
    agreement("3", vec![eligibility()])
}

pub fn sign(agreement: &Agreement) -> Value {
    agreement
        .sign(&ministry(), &ProofOptions::assertion())
        .unwrap()
}

pub fn trusting_ministry() -> Verifier {
    Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(ministry().public_key().did()),
    )
}

pub struct Fixture {
    pub clock: SettableClock,
    pub service: ConsentService<MemoryLog, SecretKey>,
    pub verifier: RecordVerifier,
}

pub fn fixture() -> Fixture {
    fixture_with(&[v1()])
}

pub fn fixture_with(versions: &[Agreement]) -> Fixture {
    let clock = SettableClock::at(Timestamp::parse(START, "t").unwrap());
    let mut agreements = Agreements::new();
    for version in versions {
        agreements
            .add_value(&trusting_ministry(), sign(version))
            .unwrap();
    }
    let verifier = RecordVerifier::new(Arc::new(agreements), [ministry().public_key().did()])
        .with_clock(clock.clone());
    let service = ConsentService::new(consent_ledger::memory(), ministry(), verifier.clone());
    Fixture {
        clock,
        service,
        verifier,
    }
}

pub fn ts(text: &str) -> Timestamp {
    Timestamp::parse(text, "t").unwrap()
}

/// What a settable clock says.
pub trait NowForTest {
    fn now_for_test(&self) -> time::OffsetDateTime;
}

impl NowForTest for SettableClock {
    fn now_for_test(&self) -> time::OffsetDateTime {
        govblocks_core::clock::Clock::now(self)
    }
}
