//! What the `consent` subcommands share: the ledger file (`--ledger DB`), the agreements kept in
//! it, whom a record verifier trusts, and its clock.
//!
//! **The ledger file** is a [`SqliteLog`] opened through [`ledger::open`]: opening it checks
//! every stored digest, chain and principal (`store.tampered`), and a file that is not a
//! ledger is refused untouched (`store.invalid`). Only `consent give` creates a missing file;
//! every other subcommand refuses one (`store.not_found`), so that a typo in a path never
//! yields an empty ledger that "has no record". The subcommands that only read (`check`,
//! `verify`, `proof`, `receipt`, `export`) open the file read-only: they never create or write
//! it, and work in a directory they may not write to.
//!
//! **Agreements live in the ledger** ([`Log::put_cited`]): `consent give` verifies the
//! signed agreement and stores it before giving, and every subcommand loads the stored
//! agreements back — in the order they were first stored, so the last one stored of an id is
//! its current version — verifying each again (schema, its controller's signature, trust).
//! A stored agreement whose controller is not trusted is left out (records of that controller
//! fail anyway: their revisions are signed by an untrusted key, `trust.untrusted`); one whose controller is trusted but that does not verify
//! is an error. An agreement id belongs to the controller who stored it first: another
//! controller's agreement with that id is refused (`consent.agreement_id_taken`).
//!
//! **A deleted agreement** is reported as such: when a record fails to verify and the ledger
//! no longer holds an agreement version its revisions name, the error is
//! `consent.ledger_tampered` ([`explain`]), not what follows from the loss
//! (`consent.agreement_unknown`, or `trust.untrusted` once no agreement of the controller is
//! left to trust it by).

use crate::commands::stores::{self, LogKind};
use crate::output::CliError;
use govblocks_consent::agreement::{self, Agreements};
use govblocks_consent::ledger::{self, Access, Log};
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::Error as ConsentError;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// Opens the existing ledger at `path` for reading only: never created, never written
/// (`check`, `verify`, `receipt`, `export`, `proof`).
pub fn open_reading(path: &Path) -> Result<Box<dyn Log>, CliError> {
    open(path, Access::ReadOnly)
}

/// Opens the ledger at `path`: a SQLite file, or a PostgreSQL connection string (see
/// [`stores`]).
fn open(path: &Path, access: Access) -> Result<Box<dyn Log>, CliError> {
    match stores::location(path) {
        stores::Location::File(path) => Ok(Box::new(ledger::open(path, access)?)),
        stores::Location::Server(url) => stores::server_log(url, LogKind::Consent, access),
    }
}

/// Opens the existing ledger at `path` for appending (`withdraw`, `revoke`, `renew`, `erase`).
pub fn open_writing(path: &Path) -> Result<Box<dyn Log>, CliError> {
    open(path, Access::ReadWrite)
}

/// Opens the ledger at `path`, creating it when missing (`consent give` only).
pub fn open_or_create(path: &Path) -> Result<Box<dyn Log>, CliError> {
    open(path, Access::Create)
}

/// A core verifier for agreements that trusts `controllers` for `assertionMethod` proofs.
/// Agreements are verified by the system clock.
pub fn agreement_verifier(controllers: &[String]) -> Verifier {
    let trust = controllers.iter().fold(TrustList::new(), |list, did| {
        list.trust(did.clone(), [ProofPurpose::AssertionMethod])
    });
    Verifier::new(DidKeyResolver, trust)
}

/// The `controller.id` of an agreement document, if it has one.
pub fn controller_of(agreement: &Value) -> Option<&str> {
    agreement
        .get("controller")
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
}

/// The controllers of the stored agreements, each once, in the order first seen: whom
/// `consent check`, `verify`, `receipt` and `export` trust by default (the ledger file is the
/// operator's own, and each agreement in it is still verified against its controller's key).
pub fn stored_controllers(ledger: &dyn Log) -> Result<Vec<String>, CliError> {
    Ok(agreement::stored_controllers(ledger)?)
}

/// The stored agreements whose controller is in `trusted`, each verified from its stored bytes
/// (see the [module documentation](self) and [`agreement::load_stored`]).
pub fn load_agreements(ledger: &dyn Log, trusted: &[String]) -> Result<Agreements, CliError> {
    Ok(agreement::load_stored(
        ledger,
        &agreement_verifier(trusted),
        trusted,
    )?)
}

/// A record verifier over `agreements` that trusts `controllers`, reading `now` (or the system
/// clock).
pub fn record_verifier(
    agreements: Agreements,
    controllers: &[String],
    now: Option<Timestamp>,
) -> RecordVerifier {
    let verifier = RecordVerifier::new(Arc::new(agreements), controllers.iter().cloned());
    match now {
        Some(now) => verifier.with_clock(FixedClock::new(now)),
        None => verifier,
    }
}

/// `error`, found verifying `record` of `ledger`, or `consent.ledger_tampered` when the ledger
/// no longer holds an agreement version the record's revisions name (see the
/// [module documentation](self)).
pub fn explain(ledger: &dyn Log, record: &str, error: ConsentError) -> CliError {
    let Ok(stored) = ledger.entries(record) else {
        return error.into();
    };
    match agreement::require_stored(ledger, record, &stored) {
        Err(tampered) => tampered.into(),
        Ok(()) => error.into(),
    }
}
