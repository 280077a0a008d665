//! `govblocks consent check`, `verify`, `proof`, `receipt` and `export`: read and verify
//! records of a ledger, and what can be made of a verified record (a consent proof, a Kantara
//! receipt, the GovStack Consent BB shapes).

use super::store::{explain, record_verifier};
use super::{load_record, Reader};
use crate::commands::args::{or_system, KeyFile, Ledger, Now};
use crate::output::{self, CliError};
use crate::values;
use clap::{Args, ValueEnum};
use govblocks_consent::consent_proof::DEFAULT_PROOF_VALIDITY;
use govblocks_consent::govstack;
use govblocks_consent::kantara::{self, ReceiptOptions};
use govblocks_consent::ledger::Log;
use govblocks_consent::service::refuse_future;
use govblocks_core::clock::{Clock, SystemClock, Timestamp, DEFAULT_SKEW};
use serde::Serialize;
use time::Duration;

const CHECK_LONG_ABOUT: &str = "\
Ask whether a record permits a use of personal data: purpose --purpose may use data of category
--data, shared with --recipient (without --recipient: used by the controller itself), at --at
(default: the system clock). The record's whole chain is verified first (signatures, hash
chain, lifecycle, its agreement version).

Exit 0 and {\"allowed\":true,\"record\":…,\"state\":…,\"purpose\":…,\"data\":…,\"recipient\":…}
when it does; exit 1 and the deny reason as the error code when it does not:
consent.purpose_not_covered, consent.data_not_covered, consent.recipient_not_covered,
consent.withdrawn, consent.revoked, consent.expired, consent.not_yet_valid, consent.not_given,
consent.agreement_superseded. Other failures (a tampered ledger, an unknown record) have their
own codes and also exit 1.

--at asks about that instant, past or future: the record is verified as it is now (every
revision, by the system clock), and the answer is the one the revision in force at --at gives —
the last revision dated at or before --at. Asked before a withdrawal, a record answers with the
consent it then had; asked before the consent was given, consent.not_yet_valid (or
consent.not_given when the record began with a request). A later agreement version that widens
the one given under counts whenever asked (agreement versions carry no date they apply from).
Without --at the latest revision answers, at the system clock's time.

TRUST. By default the controllers of the agreements stored in the ledger are trusted (the ledger
file is the operator's own; each stored agreement and revision is still verified against its
controller's signature). --trust DID (repeatable) trusts only those controllers: a record
signed by another controller then fails (trust.untrusted).

Example:
  govblocks consent check --ledger consent.db --record urn:uuid:… --purpose eligibility \\
    --data income --recipient did:web:tax.example.gov";

/// Arguments of `govblocks consent check`.
#[derive(Debug, Args)]
#[command(
    about = "Does a record permit this use? (exit 0 allow, 1 deny with its reason)",
    long_about = CHECK_LONG_ABOUT
)]
pub struct CheckArgs {
    #[command(flatten)]
    reader: Reader,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The purpose the data is used for.
    #[arg(long, value_name = "P", value_parser = values::non_empty)]
    purpose: String,

    /// The data category used.
    #[arg(long, value_name = "D", value_parser = values::non_empty)]
    data: String,

    /// Who receives the data (a URI); absent: the controller itself.
    #[arg(long, value_name = "R", value_parser = values::non_empty)]
    recipient: Option<String>,

    /// Ask about this instant instead of now: answered by the revision in force then (the
    /// record is still verified as it is now).
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    at: Option<Timestamp>,
}

/// What `check` prints when the use is allowed.
#[derive(Debug, Serialize)]
struct Allowed<'a> {
    allowed: bool,
    record: &'a str,
    state: &'static str,
    purpose: &'a str,
    data: &'a str,
    recipient: Option<&'a str>,
}

crate::run_with!(CheckArgs, check);

fn check(args: &CheckArgs) -> Result<Vec<u8>, CliError> {
    let (ledger, controllers, agreements) = args.reader.open()?;
    // Verified as it is now; --at chooses the revision that answers.
    let verifier = record_verifier(agreements, &controllers, None);
    let record = verifier
        .load(&ledger, &args.record)
        .map_err(|e| explain(&ledger, &args.record, e))?;
    let at = or_system(args.at);
    let record = match args.at {
        Some(_) => record.as_of(at, verifier.agreements())?,
        None => record,
    };
    let recipient = args.recipient.as_deref();
    record
        .permits(govblocks_consent::permits::Question {
            purpose: &args.purpose,
            data: &args.data,
            recipient,
            at,
        })
        .into_result()?;
    output::json_line(
        &Allowed {
            allowed: true,
            record: &args.record,
            state: record.state_at(at).as_str(),
            purpose: &args.purpose,
            data: &args.data,
            recipient,
        },
        false,
    )
}

const VERIFY_LONG_ABOUT: &str = "\
Verify the ledger: every stored digest and hash chain (when the file is opened), every stored
agreement (its controller's signature), and every record's whole chain (or only --record's):
signatures, chain, lifecycle, the agreement version each revision names. The first failure is
the error (exit 1). Erased records (tombstones) are listed, not verified: their documents are
gone.

Output (exit 0): {\"verified\":true,\"trusted\":false,\"controllers\":[…],\"agreements\":N,
\"records\":[{\"record\":…,\"state\":…,\"revisions\":N,\"head\":…}],\"erased\":[…]}
\"trusted\" is true when --trust named the controllers; without --trust the controllers of the
stored agreements were trusted, and \"controllers\" lists them: check them yourself.

TRUST. By default the controllers of the agreements stored in the ledger are trusted (each
stored agreement and revision is still verified against its controller's signature). --trust
DID (repeatable) trusts only those controllers.

Example:
  govblocks consent verify --ledger consent.db --trust did:key:z6Mk…";

/// Arguments of `govblocks consent verify`.
#[derive(Debug, Args)]
#[command(about = "Verify every record of a ledger (or one)", long_about = VERIFY_LONG_ABOUT)]
pub struct VerifyArgs {
    #[command(flatten)]
    reader: Reader,

    /// Verify only this record.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: Option<String>,

    #[command(flatten)]
    now: Now,
}

#[derive(Debug, Serialize)]
struct LedgerSummary {
    verified: bool,
    trusted: bool,
    controllers: Vec<String>,
    agreements: u64,
    records: Vec<RecordSummary>,
    erased: Vec<String>,
}

#[derive(Debug, Serialize)]
struct RecordSummary {
    record: String,
    state: &'static str,
    revisions: usize,
    head: String,
}

crate::run_with!(VerifyArgs, verify);

/// Every record id of the ledger, in order, read a page at a time.
fn every_record(ledger: &dyn Log) -> Result<Vec<String>, CliError> {
    const PAGE: usize = 1000;
    let mut ids = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = ledger.streams(after.as_deref(), PAGE)?;
        ids.extend(page.streams);
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(ids),
        }
    }
}

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let (ledger, controllers, agreements) = args.reader.open()?;
    let verifier = record_verifier(agreements, &controllers, args.now.now);
    let ids = match &args.record {
        Some(id) => vec![id.clone()],
        None => every_record(&ledger)?,
    };
    let at = args.now.or_system();
    let mut records = Vec::new();
    let mut erased = Vec::new();
    for id in ids {
        let stored = ledger.entries(&id)?;
        if args.record.is_none()
            && !stored.is_empty()
            && stored.iter().all(|r| r.document.is_none())
        {
            erased.push(id);
            continue;
        }
        let record = verifier
            .verify(&id, &stored)
            .map_err(|e| explain(&ledger, &id, e))?;
        records.push(RecordSummary {
            state: record.state_at(at).as_str(),
            revisions: record.chain().len(),
            head: record.head().digest().to_string(),
            record: id,
        });
    }
    output::json_line(
        &LedgerSummary {
            verified: true,
            trusted: args.reader.trust.given(),
            agreements: ledger.check()?.cited,
            controllers,
            records,
            erased,
        },
        false,
    )
}

const PROOF_LONG_ABOUT: &str = "\
Issue a consent proof of a record: a short-lived statement, signed by the controller's key,
that the record's consent is in force, with its purposes, data categories and recipients. A
receiving service verifies it with `govblocks verify --trust <controller>` and needs no access
to the ledger. It is evidence until its expires: --validity seconds after --now (default 300),
never after the consent's validUntil; a --now after the system clock plus 5 minutes (the skew)
is refused, consent.timestamp_in_future, as for a revision. A record not in force yields no
proof: the deny reason's code (consent.withdrawn, consent.expired, …), and one given with a
--now still to come (inside the clock skew) yields consent.not_yet_valid, as `consent check`
says at the same instant.

The key must be the controller's: only the agreements of its DID are trusted.

Output (exit 0): the signed consent proof in RFC 8785 canonical form and a newline.

Example:
  govblocks consent proof --ledger consent.db --record urn:uuid:… --key ministry.key.json";

/// Arguments of `govblocks consent proof`.
#[derive(Debug, Args)]
#[command(about = "Issue a signed, short-lived consent proof", long_about = PROOF_LONG_ABOUT)]
pub struct ProofArgs {
    #[command(flatten)]
    ledger: Ledger,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    // The controller's key: only the agreements of its DID are trusted.
    #[command(flatten)]
    key: KeyFile,

    // Issue as of --now.
    #[command(flatten)]
    now: Now,

    /// How long the proof is evidence, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_PROOF_VALIDITY.whole_seconds().unsigned_abs(),
          value_parser = clap::value_parser!(u64).range(1..=31_622_400))]
    validity: u64,
}

crate::run_with!(ProofArgs, proof);

fn proof(args: &ProofArgs) -> Result<Vec<u8>, CliError> {
    let key = args.key.read()?;
    let controllers = vec![key.public_key().did()];
    let record = load_record(
        &args.ledger.ledger,
        Some(controllers),
        &args.record,
        args.now.now,
    )?;
    let validity = Duration::seconds(i64::try_from(args.validity).unwrap_or(i64::MAX));
    // As for a revision: no proof dated after the system clock plus the skew.
    let now = args.now.or_system();
    refuse_future(
        Timestamp::from_datetime(now)?,
        SystemClock.now(),
        DEFAULT_SKEW,
    )?;
    let signed = record.consent_proof(&key, now, validity)?;
    output::signed_document(&signed, false)
}

const RECEIPT_LONG_ABOUT: &str = "\
Print a Kantara Initiative Consent Receipt v1.1 (KI-CR-v1.1.0) of a record: what the person
consented to, when, with whom. A record whose consent was never given (requested, deferred,
refused) has no receipt: consent.receipt_unavailable. A withdrawn, revoked or expired record
keeps the receipt of the consent it ended.

The controller's contact details are not part of an agreement: give them with
--controller-contact, --controller-email, --controller-phone (each empty when absent), and how
consent was collected with --collection-method. The rest comes from the record and its
agreement (see the govblocks_consent::kantara documentation for the mapping).

The controllers of the agreements stored in the ledger are trusted (the ledger file is the
operator's own).

Example:
  govblocks consent receipt --ledger consent.db --record urn:uuid:… \\
    --controller-contact \"Data Protection Office\" --controller-email dpo@msp.example.gov";

/// Arguments of `govblocks consent receipt`.
#[derive(Debug, Args)]
#[command(about = "Print a Kantara Consent Receipt v1.1 of a record", long_about = RECEIPT_LONG_ABOUT)]
pub struct ReceiptArgs {
    #[command(flatten)]
    ledger: Ledger,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The receipt's collectionMethod.
    #[arg(
        long = "collection-method",
        value_name = "TEXT",
        default_value = "govblocks consent give"
    )]
    collection_method: String,

    /// The controller's contact person or office.
    #[arg(long = "controller-contact", value_name = "TEXT", default_value = "")]
    controller_contact: String,

    /// The controller's e-mail.
    #[arg(long = "controller-email", value_name = "EMAIL", default_value = "")]
    controller_email: String,

    /// The controller's phone.
    #[arg(long = "controller-phone", value_name = "PHONE", default_value = "")]
    controller_phone: String,
}

crate::run_with!(ReceiptArgs, receipt);

fn receipt(args: &ReceiptArgs) -> Result<Vec<u8>, CliError> {
    let record = load_record(&args.ledger.ledger, None, &args.record, None)?;
    let options = ReceiptOptions::new(
        args.collection_method.clone(),
        args.controller_contact.clone(),
        args.controller_email.clone(),
        args.controller_phone.clone(),
    );
    output::json_line(&kantara::receipt(&record, &options)?, false)
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The GovStack Consent building block's shapes as its reference implementation's OpenAPI
    /// (v2023.11.1) defines them: what running services speak (the default).
    Govstack,
    /// The shapes of the GovStack specification's own OpenAPI (api/consent-openapi.yaml).
    GovstackSpec,
}

const EXPORT_LONG_ABOUT: &str = "\
Export a record in the GovStack Consent building block's shapes, as one JSON object:
{\"dataAgreements\":[…],\"consentRecords\":[…],\"revisions\":[…],\"signatures\":[…]}: one
DataAgreement and one ConsentRecord per purpose of the record's agreement version, every
revision oldest first (serializedSnapshot the canonical signed revision), and every proof of
every revision as a Signature (see the govblocks_consent::govstack documentation for the
mapping). The record is verified first; the controllers of the agreements stored in the ledger
are trusted.

--format govstack (the default) writes the shapes of the reference implementation's OpenAPI
(v2023.11.1): the API running GovStack Consent BB services speak. --format govstack-spec
writes those of the GovStack specification's own OpenAPI (api/consent-openapi.yaml,
1.1.0-rc1): a DataAgreement with dpia, controller {id,name,url}, policy {id,name,version,url},
lifecycle {id,name}; Signatures with an id; and the attributes apart, as
\"dataAgreementAttributes\":[…]. Where the specification contradicts itself, what is written
instead is in the govblocks_consent::govstack::spec documentation.

Example:
  govblocks consent export --ledger consent.db --record urn:uuid:… --format govstack";

/// Arguments of `govblocks consent export`.
#[derive(Debug, Args)]
#[command(about = "Export a record in the GovStack Consent BB shapes", long_about = EXPORT_LONG_ABOUT)]
pub struct ExportArgs {
    #[command(flatten)]
    ledger: Ledger,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The output format: govstack (the reference implementation's shapes) or govstack-spec
    /// (the specification's).
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "govstack")]
    format: Format,
}

crate::run_with!(ExportArgs, export);

fn export(args: &ExportArgs) -> Result<Vec<u8>, CliError> {
    let record = load_record(&args.ledger.ledger, None, &args.record, None)?;
    let shape = match args.format {
        Format::Govstack => govstack::Shape::ReferenceImplementation,
        Format::GovstackSpec => govstack::Shape::Specification,
    };
    output::json_line(&govstack::export(&record, shape), false)
}
