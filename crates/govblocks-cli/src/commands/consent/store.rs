//! What the `consent` subcommands share: the ledger file (`--ledger DB`), the agreements kept in
//! it, whom a record verifier trusts, and its clock.
//!
//! **The ledger file** is a [`SqliteLedger`]: opening it checks every stored digest and chain
//! (`consent.ledger_tampered`), and a file that is not a ledger is refused untouched
//! (`consent.ledger_invalid`). Only `consent give` creates a missing file; every other
//! subcommand refuses one (`io.error`), so that a typo in a path never yields an empty ledger
//! that "has no record".
//!
//! **Agreements live in the ledger** ([`Ledger::put_agreement`]): `consent give` verifies the
//! signed agreement and stores it before giving, and every subcommand loads the stored
//! agreements back — in the order they were first stored, so the last one stored of an id is
//! its current version — verifying each again (schema, its controller's signature, trust).
//! A stored agreement whose controller is not trusted is left out (records of that controller
//! fail anyway: their revisions are signed by an untrusted key, `trust.untrusted`); one whose controller is trusted but that does not verify
//! is an error.

use crate::output::CliError;
use govblocks_consent::agreement::Agreements;
use govblocks_consent::ledger::sqlite::SqliteLedger;
use govblocks_consent::ledger::Ledger;
use govblocks_consent::record::RecordVerifier;
use govblocks_consent::Error as ConsentError;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::json;
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use serde_json::Value;
use std::path::Path;
use std::sync::Arc;

/// Opens the ledger at `path`, which must exist (see the [module documentation](self)).
pub fn open_existing(path: &Path) -> Result<SqliteLedger, CliError> {
    match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => Ok(SqliteLedger::open(path)?),
        Ok(_) => Err(CliError::Io(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("{}: not a file", path.display()),
        ))),
        Err(e) => Err(CliError::Io(std::io::Error::new(
            e.kind(),
            format!("{}: {e}", path.display()),
        ))),
    }
}

/// Opens the ledger at `path`, creating it when missing (`consent give` only).
pub fn open_or_create(path: &Path) -> Result<SqliteLedger, CliError> {
    Ok(SqliteLedger::open(path)?)
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

/// Every stored agreement, parsed (strictly), in the order of storage.
fn stored(ledger: &dyn Ledger) -> Result<Vec<(ContentDigest, Value)>, CliError> {
    ledger
        .agreements()?
        .into_iter()
        .map(|a| Ok((a.digest, json::parse(&a.document)?)))
        .collect()
}

/// The controllers of the stored agreements, each once, in the order first seen: whom
/// `consent check`, `verify`, `receipt` and `export` trust by default (the ledger file is the
/// operator's own, and each agreement in it is still verified against its controller's key).
pub fn stored_controllers(ledger: &dyn Ledger) -> Result<Vec<String>, CliError> {
    let mut out: Vec<String> = Vec::new();
    for (_, value) in stored(ledger)? {
        if let Some(id) = controller_of(&value) {
            if !out.iter().any(|c| c == id) {
                out.push(id.to_owned());
            }
        }
    }
    Ok(out)
}

/// The stored agreements whose controller is in `trusted`, each verified (see the [module
/// documentation](self)).
pub fn load_agreements(ledger: &dyn Ledger, trusted: &[String]) -> Result<Agreements, CliError> {
    let verifier = agreement_verifier(trusted);
    let mut agreements = Agreements::new();
    for (digest, value) in stored(ledger)? {
        if !controller_of(&value).is_some_and(|c| trusted.iter().any(|t| t == c)) {
            continue;
        }
        if ContentDigest::of_json(&value) != digest {
            return Err(ConsentError::AgreementInvalid {
                reason: format!("the stored agreement {digest} is not in canonical form"),
            }
            .into());
        }
        agreements.add_value(&verifier, value)?;
    }
    Ok(agreements)
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
