//! The consent ledger in PostgreSQL (`ledger::open_postgres`, feature `postgres`): a consent
//! service writing through it, a second service (another process's) sharing it, a read-only
//! opening, erasure of a principal. Runs when `GOVBLOCKS_TEST_POSTGRES` names a server
//! (`.ci/run` does); otherwise each test passes with a printed note. The store's own
//! guarantees are proved by govblocks-store's suites; these prove the block's wiring.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use crate::common::*;
use govblocks_consent::ledger::{self, Log};
use govblocks_consent::lifecycle::State;
use govblocks_consent::service::ConsentService;
use time::Duration;

use govblocks_store::postgres::TestSchema;

#[test]
fn a_service_on_the_postgres_ledger_shares_it_with_another() {
    let Some(schema) = TestSchema::fresh("consent_service") else {
        return;
    };
    let f = fixture();
    let first = ConsentService::new(
        ledger::open_postgres(&schema.options()).unwrap(),
        ministry(),
        f.verifier.clone(),
    );
    // Another process on another machine: its own pool on the same schema.
    let second = ConsentService::new(
        ledger::open_postgres(&schema.options()).unwrap(),
        ministry(),
        f.verifier.clone(),
    );
    let id = first
        .give(AGREEMENT, "1", PRINCIPAL, &["eligibility"], None)
        .unwrap()
        .record;
    f.clock.advance(Duration::minutes(1));
    first.renew(&id, None).unwrap(); // the first service caches sequence 1
    f.clock.advance(Duration::minutes(1));
    let withdrawn = second.withdraw(&id).unwrap(); // sequence 2, unseen by the first
    assert_eq!(withdrawn.sequence, 2);
    f.clock.advance(Duration::minutes(1));
    // The first builds on the withdrawal, not on its cached head.
    let err = first.renew(&id, None).unwrap_err();
    assert_eq!(err.code(), "consent.transition_invalid");

    // A third opening, read-only, sees the verified chain and the agreements it names.
    let reader = ledger::open_postgres(&schema.options().read_only()).unwrap();
    let chain = f.verifier.load(&reader, &id).unwrap();
    assert_eq!(chain.chain().len(), 3);
    assert_eq!(chain.stored_state(), State::Withdrawn);
    assert_eq!(
        reader.streams_of(PRINCIPAL).unwrap(),
        std::slice::from_ref(&id)
    );
    assert_eq!(reader.check().unwrap().entries, 3);
    assert!(!reader.cited().unwrap().is_empty());
    let err = reader
        .erase_subject(PRINCIPAL)
        .expect_err("a read-only ledger writes nothing");
    assert_eq!(
        govblocks_core::error::CodedError::code(&err),
        "store.read_only"
    );

    // Erasure: tombstones, found again by a fresh opening (which checks every chain).
    let report = first.ledger().erase_subject(PRINCIPAL).unwrap();
    assert_eq!(report.streams, std::slice::from_ref(&id));
    assert_eq!(report.entries, 3);
    assert!(
        !report.scrubbed,
        "PostgreSQL keeps old row versions until VACUUM"
    );
    let reopened = ledger::open_postgres(&schema.options()).unwrap();
    assert!(reopened.streams_of(PRINCIPAL).unwrap().is_empty());
    assert_eq!(reopened.check().unwrap().tombstones, 3);
}

#[test]
fn a_missing_postgres_ledger_is_not_created_by_a_reader() {
    let Some(schema) = TestSchema::fresh("consent_missing") else {
        return;
    };
    let err = ledger::open_postgres(&schema.options().read_only()).unwrap_err();
    assert_eq!(
        govblocks_core::error::CodedError::code(&err),
        "store.not_found"
    );
    // The payment log's schema is not a consent ledger.
    let other = TestSchema::fresh("consent_foreign").unwrap();
    govblocks_store::postgres::PgLog::open(
        &other.options(),
        &govblocks_store::postgres::PgKind::new("payment log", 0x4742_504C, "x"),
        govblocks_store::postgres::PgLogOptions::default(),
    )
    .unwrap();
    let err = ledger::open_postgres(&other.options()).unwrap_err();
    assert_eq!(
        govblocks_core::error::CodedError::code(&err),
        "store.invalid"
    );
}
