//! `govblocks consent`: consent agreements and records in a ledger file
//! ([`govblocks_consent`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `agreement create`, `agreement verify` | sign an agreement as its controller, verify one |
//! | `give`, `withdraw`, `revoke`, `renew` | append a signed revision ([`ConsentService`]) |
//! | `check` | may this purpose use this data, shared with this recipient? (exit 0 / 1) |
//! | `verify` | verify every record of the ledger (or one) against its stored agreements |
//! | `proof` | a short-lived signed consent proof of a record |
//! | `receipt` | a Kantara Consent Receipt v1.1 of a record |
//! | `export` | a record in the GovStack Consent BB shapes |
//! | `erase` | erase a person's records, keeping digest-only tombstones (right to be forgotten) |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`agreement`] | `agreement create`, `agreement verify` |
//! | [`write`](mod@write) | `give`, `withdraw`, `revoke`, `renew`, `erase` |
//! | [`read`] | `check`, `verify`, `proof`, `receipt`, `export` |
//!
//! The ledger, the agreements stored in it, trust and the clock are in [`store`]; the
//! arguments the subcommands share (`--ledger` with `--key` and `--now` to write, with
//! `--trust` to read) are here. Consent's own rules (which purposes a give covers, that a
//! stored agreement version never changes, the lifecycle) are the `govblocks_consent` crate's,
//! so that any front end applies them.

pub mod agreement;
pub mod read;
pub mod store;
pub mod write;

use crate::commands::args::{KeyFile, Ledger, Now, Trust};
use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;
use govblocks_consent::agreement::Agreements;
use govblocks_consent::ledger::Log;

/// The ledger as the commands hold it: a file or a server (see [`crate::commands::stores`]).
type SqliteLog = Box<dyn Log>;
use govblocks_consent::record::VerifiedRecord;
use govblocks_consent::service::{ConsentService, Outcome};
use govblocks_core::clock::Timestamp;
use govblocks_core::keys::SecretKey;
use serde::Serialize;
use std::path::Path;
use store::{
    explain, load_agreements, open_reading, open_writing, record_verifier, stored_controllers,
};

const LONG_ABOUT: &str = "\
Consent agreements and records (ISO/IEC TS 27560-shaped, GovStack Consent BB), kept in a
ledger file: an append-only, hash-chained SQLite file holding every signed revision of every
record AND the signed agreements they were given under. A record is only ever verified against
the agreement versions it names (by id, version and digest), so `consent give` stores the
agreement in the ledger, and every other subcommand reads it back from there.

The ledger file is checked whenever it is opened: a changed, removed or inserted row (of a
record, a revision, an agreement, or a record's principal) is store.tampered; a file that is
not a ledger is store.invalid. The agreements have no head to check their last row against:
removing the last one is found when a record names it (consent.ledger_tampered), and goes
unnoticed while none does (nothing then depends on it). Only `give` creates a missing ledger
file (store.not_found otherwise); the reading subcommands (check, verify, proof, receipt,
export) never write it.

Example:
  govblocks keygen > ministry.key.json
  govblocks consent agreement create --key ministry.key.json terms.json > agreement.json
  govblocks consent give --ledger consent.db --key ministry.key.json \\
    --agreement agreement.json --principal pseudonym-4471 --purpose eligibility
  govblocks consent check --ledger consent.db --record urn:uuid:… --purpose eligibility \\
    --data income --recipient did:web:tax.example.gov";

/// Arguments of `govblocks consent`.
#[derive(Debug, Args)]
#[command(
    about = "Consent agreements and records in a ledger file",
    long_about = LONG_ABOUT
)]
pub struct ConsentArgs {
    #[command(subcommand)]
    command: ConsentCommand,
}

crate::subcommands! {
    /// The `consent` subcommands.
    enum ConsentCommand {
        Agreement(agreement::AgreementArgs),
        Give(write::GiveArgs),
        Withdraw(write::WithdrawArgs),
        Revoke(write::RevokeArgs),
        Renew(write::RenewArgs),
        Check(read::CheckArgs),
        Verify(read::VerifyArgs),
        Proof(read::ProofArgs),
        Receipt(read::ReceiptArgs),
        Export(read::ExportArgs),
        Erase(write::EraseArgs),
    }
}

impl Run for ConsentArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}

/// What `give`, `withdraw`, `revoke` and `renew` print.
#[derive(Debug, Serialize)]
pub(super) struct Written {
    record: String,
    revision: String,
    state: &'static str,
}

impl From<Outcome> for Written {
    fn from(o: Outcome) -> Self {
        Written {
            record: o.record,
            revision: o.digest.to_string(),
            state: o.state.as_str(),
        }
    }
}

/// `--ledger`, `--key`, `--now`: what every writing subcommand takes.
#[derive(Debug, Args)]
pub(super) struct Writer {
    #[command(flatten)]
    pub(super) ledger: Ledger,

    // The controller's key: it signs the revision, and only the agreements of its DID are
    // trusted.
    #[command(flatten)]
    pub(super) key: KeyFile,

    // Dates the revision (and verifies the record) as of --now.
    #[command(flatten)]
    pub(super) now: Now,
}

impl Writer {
    /// The controller's key and a service over the (existing) ledger that trusts its DID only.
    pub(super) fn service(&self) -> Result<ConsentService<SqliteLog, SecretKey>, CliError> {
        let key = self.key.read()?;
        let ledger = open_writing(&self.ledger.ledger)?;
        service_over(ledger, key, self.now.now)
    }
}

/// A service over `ledger` that signs with `key` and trusts its DID only, by `now` or the
/// system clock.
pub(super) fn service_over(
    ledger: SqliteLog,
    key: SecretKey,
    now: Option<Timestamp>,
) -> Result<ConsentService<SqliteLog, SecretKey>, CliError> {
    let controllers = [key.public_key().did()];
    let agreements = load_agreements(&ledger, &controllers)?;
    let verifier = record_verifier(agreements, &controllers, now);
    Ok(ConsentService::new(ledger, key, verifier))
}

/// `--ledger DB` and `--trust DID`: a ledger read by someone who may name whom to trust.
#[derive(Debug, Args)]
pub(super) struct Reader {
    #[command(flatten)]
    pub(super) ledger: Ledger,

    // Records and agreements of a --trust controller only; default: the controllers of the
    // agreements stored in the ledger.
    #[command(flatten)]
    pub(super) trust: Trust,
}

impl Reader {
    /// The ledger, the trusted controllers and the agreements they signed.
    pub(super) fn open(&self) -> Result<(SqliteLog, Vec<String>, Agreements), CliError> {
        let ledger = open_reading(&self.ledger.ledger)?;
        let controllers = if !self.trust.given() {
            stored_controllers(&ledger)?
        } else {
            self.trust.trust.clone()
        };
        let agreements = load_agreements(&ledger, &controllers)?;
        Ok((ledger, controllers, agreements))
    }
}

/// Loads and verifies `record` from the ledger `path`, trusting the stored controllers (or
/// `controllers` when given: the key's DID), by `now` or the system clock.
pub(super) fn load_record(
    path: &Path,
    controllers: Option<Vec<String>>,
    record: &str,
    now: Option<Timestamp>,
) -> Result<VerifiedRecord, CliError> {
    let ledger = open_reading(path)?;
    let controllers = match controllers {
        Some(c) => c,
        None => stored_controllers(&ledger)?,
    };
    let agreements = load_agreements(&ledger, &controllers)?;
    let verifier = record_verifier(agreements, &controllers, now);
    verifier
        .load(&ledger, record)
        .map_err(|e| explain(&ledger, record, e))
}

/// What an update of `record` through `service` returned, with a record that fails to verify
/// because the ledger lost its agreement reported as `consent.ledger_tampered`.
pub(super) fn updated(
    service: &ConsentService<SqliteLog, SecretKey>,
    record: &str,
    outcome: Result<Outcome, govblocks_consent::Error>,
) -> Result<Outcome, CliError> {
    outcome.map_err(|e| explain(service.ledger(), record, e))
}
