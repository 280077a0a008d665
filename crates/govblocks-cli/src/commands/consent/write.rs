//! `govblocks consent give`, `withdraw`, `revoke`, `renew` (append a signed revision through
//! [`ConsentService`](govblocks_consent::service::ConsentService)) and `erase` (a person's
//! records to digest-only tombstones).

use super::store::{
    agreement_verifier, load_agreements, open_or_create, open_writing, record_verifier,
};
use super::{updated, Writer, Written};
use crate::commands::args::Ledger;
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values;
use clap::Args;
use govblocks_consent::agreement::Agreements;
use govblocks_consent::ledger::Log as _;
use govblocks_consent::lifecycle::Event;
use govblocks_consent::service::Change;
use govblocks_consent::service::{refuse_future, ConsentService};
use govblocks_consent::Error as ConsentError;
use govblocks_core::clock::{Clock, SystemClock, Timestamp, DEFAULT_SKEW};
use govblocks_core::json;
use serde_json::json;
use std::path::PathBuf;

const GIVE_LONG_ABOUT: &str = "\
Record that a person gives consent: a new record whose first revision (state given) is signed
by the controller's key, appended to the ledger.

--agreement FILE is the signed agreement (from `consent agreement create`). It is verified:
its controller signed it, and the controller is the key's DID (trust.untrusted otherwise: the
key file proves you are the controller). It is stored in the ledger with the record's first
revision (once: storing it again changes nothing; a refused give stores nothing), where every
other subcommand finds it. Another agreement with the same
id and version already in the ledger (re-signed, or changed) is refused with
consent.agreement_digest_mismatch: records name a version by its digest, so a changed text
needs a new version. The purposes default to all the
agreement's purposes; a --purpose the agreement does not define is consent.purpose_unknown and
nothing is stored.

--principal is the person's pseudonymous id (never a name or national id: it stays in the
ledger until erased). --valid-until ends the consent (consent.expired afterwards). --now dates
the revision (default: the system clock); a --now after the system clock plus 5 minutes (the
skew) is refused, consent.timestamp_in_future: the ledger is append-only, and a revision from
the future would fail every verification until its date. The same holds for withdraw, revoke
and renew; for them, a --now before the record's latest revision is refused as well,
consent.timestamp_backwards: a record's revisions go forward in time.

An agreement id belongs to the controller who first stored it in the ledger: an agreement of
another controller with the same id is refused (consent.agreement_id_taken), so that no other
controller can supersede the records given under it.

Output (exit 0): {\"record\":\"urn:uuid:…\",\"revision\":\"<digest>\",\"state\":\"given\"}

Example:
  govblocks consent give --ledger consent.db --key ministry.key.json --agreement agreement.json \\
    --principal pseudonym-4471 --purpose eligibility --valid-until 2027-01-01T00:00:00Z";

/// Arguments of `govblocks consent give`.
#[derive(Debug, Args)]
#[command(about = "Record consent given (a new record)", long_about = GIVE_LONG_ABOUT)]
pub struct GiveArgs {
    #[command(flatten)]
    writer: Writer,

    /// The signed agreement the consent is given under (stored in the ledger).
    #[arg(long, value_name = "FILE")]
    agreement: PathBuf,

    /// The data principal's pseudonymous id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    principal: String,

    /// A purpose consented to (an id of the agreement's purposes); repeatable. Default: all.
    #[arg(long, value_name = "P", value_parser = values::non_empty)]
    purpose: Vec<String>,

    /// When the consent ends.
    #[arg(long = "valid-until", value_name = "RFC3339", value_parser = values::datetime)]
    valid_until: Option<Timestamp>,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

crate::run_with!(GiveArgs, give);

fn give(args: &GiveArgs) -> Result<Vec<u8>, CliError> {
    let key = args.writer.key.read()?;
    let did = key.public_key().did();
    let bytes = read_document(
        &Source::from_arg(Some(&args.agreement)),
        args.max_bytes.limit(),
    )?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let mut check = Agreements::new();
    let reference = check.add_value(
        &agreement_verifier(std::slice::from_ref(&did)).with_limits(args.max_bytes.limits()),
        value.clone(),
    )?;
    let known = check.get(&reference.id, &reference.version)?;
    // Consent's rules, before anything is stored: the purposes exist (consent.purpose_unknown).
    let purposes = known.agreement().purposes_to_give(&args.purpose)?;
    // The service refuses a revision from the future; asked here too, before the ledger file
    // is created, so that such a give leaves no file behind.
    if let Some(now) = args.writer.now.now {
        refuse_future(now, SystemClock.now(), DEFAULT_SKEW)?;
    }
    let ledger = open_or_create(&args.writer.ledger.ledger)?;
    // The key's agreements in the ledger, and this one: a stored version never changes
    // (consent.agreement_digest_mismatch). The service stores it (with the same rules, and an
    // id belongs to its first controller: consent.agreement_id_taken) just before it appends
    // the revision, once the revision passed every check: a refused give stores nothing.
    let controllers = [did.clone()];
    let mut agreements = load_agreements(&ledger, &controllers)?;
    match agreements.get(&reference.id, &reference.version) {
        Ok(stored) if stored.digest() != known.digest() => {
            return Err(ConsentError::AgreementDigestMismatch {
                id: reference.id.clone(),
                version: reference.version.clone(),
                known: stored.digest().to_string(),
                named: known.digest().to_string(),
            }
            .into())
        }
        Ok(_) => {}
        Err(_) => {
            agreements.add_value(&agreement_verifier(&controllers), value)?;
        }
    }
    let verifier = record_verifier(agreements, &controllers, args.writer.now.now);
    let service = ConsentService::new(ledger, key, verifier);
    let outcome = service.give(
        &reference.id,
        &reference.version,
        &args.principal,
        &purposes,
        args.valid_until,
    )?;
    output::json_line(&Written::from(outcome), false)
}

const WITHDRAW_LONG_ABOUT: &str = "\
Record that the person withdraws consent: the next revision of the record, state withdrawn,
signed by the controller's key (the controller keeps the ledger and records the person's act).
With --principal-key the person's own key signs the revision as well (a proof set, its DID
written as principalKey): evidence that the withdrawal is the person's, not the controller's.

A withdrawn record permits nothing (consent.withdrawn) and cannot be given again (a new record
can). Output (exit 0): {\"record\":…,\"revision\":…,\"state\":\"withdrawn\"}

Example:
  govblocks consent withdraw --ledger consent.db --key ministry.key.json --record urn:uuid:…";

/// Arguments of `govblocks consent withdraw`.
#[derive(Debug, Args)]
#[command(about = "Record the person's withdrawal", long_about = WITHDRAW_LONG_ABOUT)]
pub struct WithdrawArgs {
    #[command(flatten)]
    writer: Writer,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The person's key file: adds the person's own proof to the revision.
    #[arg(long = "principal-key", value_name = "KEYFILE")]
    principal_key: Option<PathBuf>,
}

crate::run_with!(WithdrawArgs, withdraw);

fn withdraw(args: &WithdrawArgs) -> Result<Vec<u8>, CliError> {
    let person = args
        .principal_key
        .as_deref()
        .map(|p| read_secret_key(&Source::from_arg(Some(p))))
        .transpose()?;
    let service = args.writer.service()?;
    let mut change = Change::none();
    if let Some(person) = &person {
        change = change.signed_by_principal(person);
    }
    let outcome = updated(
        &service,
        &args.record,
        service.update(&args.record, Event::Withdraw, change),
    )?;
    output::json_line(&Written::from(outcome), false)
}

const REVOKE_LONG_ABOUT: &str = "\
Record that consent is revoked by another party than the person (the controller, a court, a
supervisory authority acting through the controller): the next revision, state revoked, signed
by the controller's key, with --reason written into it.

Output (exit 0): {\"record\":…,\"revision\":…,\"state\":\"revoked\"}

Example:
  govblocks consent revoke --ledger consent.db --key ministry.key.json --record urn:uuid:… \\
    --reason \"court order 2025/117\"";

/// Arguments of `govblocks consent revoke`.
#[derive(Debug, Args)]
#[command(about = "Record a revocation by another party", long_about = REVOKE_LONG_ABOUT)]
pub struct RevokeArgs {
    #[command(flatten)]
    writer: Writer,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// Why (written into the revision).
    #[arg(long, value_name = "TEXT", default_value = "revoked by the controller",
          value_parser = values::non_empty)]
    reason: String,
}

crate::run_with!(RevokeArgs, revoke);

fn revoke(args: &RevokeArgs) -> Result<Vec<u8>, CliError> {
    let service = args.writer.service()?;
    let outcome = updated(
        &service,
        &args.record,
        service.revoke(&args.record, &args.reason),
    )?;
    output::json_line(&Written::from(outcome), false)
}

const RENEW_LONG_ABOUT: &str = "\
Record that the person renews consent (a given consent, or one expired by its validUntil), for
a new period: the next revision, state renewed_given, under the same agreement version, signed
by the controller's key. Without --valid-until the renewed consent has no end.

Output (exit 0): {\"record\":…,\"revision\":…,\"state\":\"renewed_given\"}

Example:
  govblocks consent renew --ledger consent.db --key ministry.key.json --record urn:uuid:… \\
    --valid-until 2028-01-01T00:00:00Z";

/// Arguments of `govblocks consent renew`.
#[derive(Debug, Args)]
#[command(about = "Record a renewal", long_about = RENEW_LONG_ABOUT)]
pub struct RenewArgs {
    #[command(flatten)]
    writer: Writer,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// When the renewed consent ends.
    #[arg(long = "valid-until", value_name = "RFC3339", value_parser = values::datetime)]
    valid_until: Option<Timestamp>,
}

crate::run_with!(RenewArgs, renew);

fn renew(args: &RenewArgs) -> Result<Vec<u8>, CliError> {
    let service = args.writer.service()?;
    let outcome = updated(
        &service,
        &args.record,
        service.renew(&args.record, args.valid_until),
    )?;
    output::json_line(&Written::from(outcome), false)
}

const ERASE_LONG_ABOUT: &str = "\
Erase every record of a person (the right to be forgotten): each revision's signed document and
the person's id are removed from the ledger; what remains of each record is a tombstone of
digests (the record id, each revision's sequence number, digest and predecessor digest), which
still passes the ledger's tamper check and can never be appended to again
(store.erased). The ledger's files are then scrubbed of the removed bytes. This cannot
be undone. Erasing a person with no records left does nothing and succeeds.

Output (exit 0): {\"principal\":…,\"records\":[…],\"revisions\":N,\"scrubbed\":true|false}
(scrubbed false: another process was reading the ledger, and a copy of the removed bytes may
stay in the file's free pages until the next erasure or scrub).

Example:
  govblocks consent erase --ledger consent.db --principal pseudonym-7f3a";

/// Arguments of `govblocks consent erase`.
#[derive(Debug, Args)]
#[command(about = "Erase a person's records, keeping digest-only tombstones", long_about = ERASE_LONG_ABOUT)]
pub struct EraseArgs {
    #[command(flatten)]
    ledger: Ledger,

    /// The person's pseudonymous id, as given to `consent give --principal`.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    principal: String,
}

crate::run_with!(EraseArgs, erase);

fn erase(args: &EraseArgs) -> Result<Vec<u8>, CliError> {
    let ledger = open_writing(&args.ledger.ledger)?;
    let report = ledger.erase_subject(&args.principal)?;
    let out = json!({
        "principal": args.principal,
        "records": report.streams,
        "revisions": report.entries,
        "scrubbed": report.scrubbed,
    });
    output::json_line(&out, false)
}
