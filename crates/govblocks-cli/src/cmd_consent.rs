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
//! The ledger, the agreements stored in it, trust and the clock are in [`crate::consent_store`].

use crate::consent_store::{
    agreement_verifier, check_version_is_new, controller_of, load_agreements, open_existing,
    open_or_create, record_verifier, stored_controllers,
};
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values;
use clap::{Args, Subcommand, ValueEnum};
use govblocks_consent::agreement::{Agreement, Agreements};
use govblocks_consent::consent_proof::DEFAULT_PROOF_VALIDITY;
use govblocks_consent::govstack;
use govblocks_consent::kantara::{self, ReceiptOptions};
use govblocks_consent::ledger::sqlite::SqliteLedger;
use govblocks_consent::ledger::Ledger;
use govblocks_consent::lifecycle::Event;
use govblocks_consent::record::VerifiedRecord;
use govblocks_consent::service::{Change, ConsentService, Outcome};
use govblocks_consent::Error as ConsentError;
use govblocks_core::clock::{SystemClock, Timestamp};
use govblocks_core::document::add_proof_as;
use govblocks_core::json;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::ProofOptions;
use govblocks_core::Error;
use serde::Serialize;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use time::{Duration, OffsetDateTime};

const LONG_ABOUT: &str = "\
Consent agreements and records (ISO/IEC TS 27560-shaped, GovStack Consent BB), kept in a
ledger file: an append-only, hash-chained SQLite file holding every signed revision of every
record AND the signed agreements they were given under. A record is only ever verified against
the agreement versions it names (by id, version and digest), so `consent give` stores the
agreement in the ledger, and every other subcommand reads it back from there.

The ledger file is checked whenever it is opened: a changed, removed or inserted row (of a
record, a revision or an agreement) is consent.ledger_tampered; a file that is not a ledger is
consent.ledger_invalid. Only `give` creates a missing ledger file.

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

#[derive(Debug, Subcommand)]
enum ConsentCommand {
    Agreement(AgreementArgs),
    Give(GiveArgs),
    Withdraw(WithdrawArgs),
    Revoke(RevokeArgs),
    Renew(RenewArgs),
    Check(CheckArgs),
    Verify(VerifyArgs),
    Proof(ProofArgs),
    Receipt(ReceiptArgs),
    Export(ExportArgs),
    Erase(EraseArgs),
}

/// Runs `consent …`: the output's bytes.
pub fn run(args: &ConsentArgs) -> Result<Vec<u8>, CliError> {
    match &args.command {
        ConsentCommand::Agreement(a) => match &a.command {
            AgreementCommand::Create(a) => agreement_create(a),
            AgreementCommand::Verify(a) => agreement_verify(a),
        },
        ConsentCommand::Give(a) => give(a),
        ConsentCommand::Withdraw(a) => withdraw(a),
        ConsentCommand::Revoke(a) => revoke(a),
        ConsentCommand::Renew(a) => renew(a),
        ConsentCommand::Check(a) => check(a),
        ConsentCommand::Verify(a) => verify(a),
        ConsentCommand::Proof(a) => proof(a),
        ConsentCommand::Receipt(a) => receipt(a),
        ConsentCommand::Export(a) => export(a),
        ConsentCommand::Erase(a) => erase(a),
    }
}

// ---- agreements ------------------------------------------------------------------------------

/// Arguments of `govblocks consent agreement`.
#[derive(Debug, Args)]
#[command(about = "Create (sign) or verify a consent agreement")]
struct AgreementArgs {
    #[command(subcommand)]
    command: AgreementCommand,
}

#[derive(Debug, Subcommand)]
enum AgreementCommand {
    Create(AgreementCreateArgs),
    Verify(AgreementVerifyArgs),
}

const CREATE_LONG_ABOUT: &str = "\
Sign a consent agreement as its controller and print it.

FILE holds the agreement's members: id, version, controller {id (the controller's DID), name,
url}, purposes [{id, description, lawfulBasis (consent, legal_obligation, contract,
vital_interest, public_task, legitimate_interest), dataCategories [strings], recipients
[URIs]}], storageLocation, retentionPeriod (ISO 8601 duration such as P2Y), jurisdiction,
language, privacyNotice (URL), withdrawalMethod; optionally dataAttributes [{name, category,
description, sensitive}]. Any other member is refused by the agreement schema (schema.invalid).

controller.id defaults to the key's did:key; a controller.id other than the key's DID is a
usage error (the key must be the controller's: records are verified against the controller's
signature). A FILE that already has a proof is a usage error. The agreement is checked
(schema, unique purpose ids, a non-empty retentionPeriod: consent.agreement_invalid) before and
after signing.

Output: the signed agreement in RFC 8785 canonical form and a newline.

Example:
  govblocks consent agreement create --key ministry.key.json terms.json > agreement.json";

/// Arguments of `govblocks consent agreement create`.
#[derive(Debug, Args)]
#[command(about = "Sign a consent agreement as its controller", long_about = CREATE_LONG_ABOUT)]
struct AgreementCreateArgs {
    /// The controller's key file (from `govblocks keygen`).
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,

    /// The agreement's members as JSON; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

fn agreement_create(args: &AgreementCreateArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    if source == Source::Stdin && args.key.as_os_str() == "-" {
        return Err(CliError::Usage(
            "the key file and the agreement cannot both come from stdin".into(),
        ));
    }
    let key = read_secret_key(&Source::from_arg(Some(&args.key)))?;
    let did = key.public_key().did();
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let mut value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let Some(object) = value.as_object_mut() else {
        return Err(Error::DocumentInvalid {
            reason: "an agreement is a JSON object".into(),
        }
        .into());
    };
    if object.contains_key("proof") {
        return Err(CliError::Usage(
            "the agreement already has a proof; give its unsigned members".into(),
        ));
    }
    match object.get_mut("controller").and_then(Value::as_object_mut) {
        Some(controller) => match controller.get("id") {
            None => {
                controller.insert("id".into(), Value::from(did.clone()));
            }
            Some(id) if id.as_str() == Some(did.as_str()) => {}
            Some(id) => {
                return Err(CliError::Usage(format!(
                    "controller.id {id} is not the key's DID {did}: sign with the controller's key"
                )))
            }
        },
        None => {
            return Err(Error::DocumentInvalid {
                reason: "the agreement has no controller object {id, name, url}".into(),
            }
            .into())
        }
    }
    // The rules the schema cannot state, then sign (the schema is checked before and after).
    let typed: Agreement = serde_json::from_value(value.clone()).map_err(|e| {
        CliError::from(ConsentError::AgreementInvalid {
            reason: e.to_string(),
        })
    })?;
    typed.check_structure()?;
    let signed = add_proof_as::<Agreement>(value, &key, &ProofOptions::assertion())
        .map_err(CliError::from)?;
    // What a verifier will do: the controller's proof, trusted as the controller.
    Agreements::new().add_value(&agreement_verifier(&[did]), signed.clone())?;
    output::signed_document(&signed, false)
}

const AGREEMENT_VERIFY_LONG_ABOUT: &str = "\
Verify a signed consent agreement: strict parse, the agreement schema, its rules, and that
every proof is an assertionMethod proof by its controller (consent.agreement_signature_missing
otherwise).

TRUST. --trust DID (repeatable) trusts agreements whose controller is that DID; any other is
trust.untrusted. Without --trust the signature is fully checked but no trust decision is made
(\"trusted\": false): check the controller yourself.

Output (exit 0): {\"verified\":true,\"trusted\":false,\"id\":…,\"version\":…,\"controller\":…,
\"digest\":…} where digest is how records name this version.

Example:
  govblocks consent agreement verify --trust did:key:z6Mk… agreement.json";

/// Arguments of `govblocks consent agreement verify`.
#[derive(Debug, Args)]
#[command(about = "Verify a signed consent agreement", long_about = AGREEMENT_VERIFY_LONG_ABOUT)]
struct AgreementVerifyArgs {
    /// Trust agreements controlled by this DID; repeatable. Without --trust no trust decision
    /// is made ("trusted": false).
    #[arg(long, value_name = "DID", value_parser = values::controller)]
    trust: Vec<String>,

    /// The signed agreement; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

/// What a verified agreement is.
#[derive(Debug, Serialize)]
struct AgreementSummary {
    verified: bool,
    trusted: bool,
    id: String,
    version: String,
    controller: String,
    digest: String,
}

fn agreement_verify(args: &AgreementVerifyArgs) -> Result<Vec<u8>, CliError> {
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let trusted = !args.trust.is_empty();
    let verifier = if trusted {
        agreement_verifier(&args.trust)
    } else {
        govblocks_core::proof::Verifier::new(
            govblocks_core::resolver::DidKeyResolver,
            govblocks_core::resolver::TrustList::any(),
        )
    }
    .with_limits(args.max_bytes.limits());
    let controller = controller_of(&value).unwrap_or_default().to_owned();
    let reference = Agreements::new().add_value(&verifier, value)?;
    output::json_line(
        &AgreementSummary {
            verified: true,
            trusted,
            id: reference.id,
            version: reference.version,
            controller,
            digest: reference.digest.to_string(),
        },
        false,
    )
}

// ---- writing revisions -----------------------------------------------------------------------

/// What `give`, `withdraw`, `revoke` and `renew` print.
#[derive(Debug, Serialize)]
struct Written {
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
struct Writer {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

    /// The controller's key file: it signs the revision, and only the agreements of its DID
    /// are trusted.
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,

    /// Date the revision (and verify the record) as of this time instead of the system clock.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    now: Option<Timestamp>,
}

impl Writer {
    /// The controller's key and a service over the (existing) ledger that trusts its DID only.
    fn service(&self) -> Result<ConsentService<SqliteLedger, SecretKey>, CliError> {
        let key = read_secret_key(&Source::from_arg(Some(&self.key)))?;
        let ledger = open_existing(&self.ledger)?;
        service_over(ledger, key, self.now)
    }
}

fn service_over(
    ledger: SqliteLedger,
    key: SecretKey,
    now: Option<Timestamp>,
) -> Result<ConsentService<SqliteLedger, SecretKey>, CliError> {
    let controllers = [key.public_key().did()];
    let agreements = load_agreements(&ledger, &controllers)?;
    let verifier = record_verifier(agreements, &controllers, now);
    Ok(ConsentService::new(ledger, key, verifier))
}

const GIVE_LONG_ABOUT: &str = "\
Record that a person gives consent: a new record whose first revision (state given) is signed
by the controller's key, appended to the ledger.

--agreement FILE is the signed agreement (from `consent agreement create`). It is verified:
its controller signed it, and the controller is the key's DID (trust.untrusted otherwise: the
key file proves you are the controller). It is then stored in the ledger (once: storing it
again changes nothing), where every other subcommand finds it. Another agreement with the same
id and version already in the ledger (re-signed, or changed) is refused with
consent.agreement_digest_mismatch: records name a version by its digest, so a changed text
needs a new version. The purposes default to all the
agreement's purposes; a --purpose the agreement does not define is consent.purpose_unknown and
nothing is stored.

--principal is the person's pseudonymous id (never a name or national id: it stays in the
ledger until erased). --valid-until ends the consent (consent.expired afterwards). --now dates
the revision (default: the system clock).

Output (exit 0): {\"record\":\"urn:uuid:…\",\"revision\":\"<digest>\",\"state\":\"given\"}

Example:
  govblocks consent give --ledger consent.db --key ministry.key.json --agreement agreement.json \\
    --principal pseudonym-4471 --purpose eligibility --valid-until 2027-01-01T00:00:00Z";

/// Arguments of `govblocks consent give`.
#[derive(Debug, Args)]
#[command(about = "Record consent given (a new record)", long_about = GIVE_LONG_ABOUT)]
struct GiveArgs {
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

fn give(args: &GiveArgs) -> Result<Vec<u8>, CliError> {
    let key = read_secret_key(&Source::from_arg(Some(&args.writer.key)))?;
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
    let agreement = known.agreement();
    let purposes: Vec<&str> = if args.purpose.is_empty() {
        agreement.purposes.iter().map(|p| p.id.as_str()).collect()
    } else {
        args.purpose.iter().map(String::as_str).collect()
    };
    for purpose in &purposes {
        if agreement.purpose(purpose).is_none() {
            return Err(ConsentError::PurposeUnknown {
                purpose: (*purpose).to_owned(),
                agreement: format!("{} version {}", agreement.id, agreement.version),
            }
            .into());
        }
    }
    let ledger = open_or_create(&args.writer.ledger)?;
    check_version_is_new(&ledger, &value, reference.digest)?;
    ledger.put_agreement(govblocks_core::jcs::canonicalize(&value))?;
    let service = service_over(ledger, key, args.writer.now)?;
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
struct WithdrawArgs {
    #[command(flatten)]
    writer: Writer,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The person's key file: adds the person's own proof to the revision.
    #[arg(long = "principal-key", value_name = "KEYFILE")]
    principal_key: Option<PathBuf>,
}

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
    let outcome = service.update(&args.record, Event::Withdraw, change)?;
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
struct RevokeArgs {
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

fn revoke(args: &RevokeArgs) -> Result<Vec<u8>, CliError> {
    let service = args.writer.service()?;
    let outcome = service.revoke(&args.record, &args.reason)?;
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
struct RenewArgs {
    #[command(flatten)]
    writer: Writer,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// When the renewed consent ends.
    #[arg(long = "valid-until", value_name = "RFC3339", value_parser = values::datetime)]
    valid_until: Option<Timestamp>,
}

fn renew(args: &RenewArgs) -> Result<Vec<u8>, CliError> {
    let service = args.writer.service()?;
    let outcome = service.renew(&args.record, args.valid_until)?;
    output::json_line(&Written::from(outcome), false)
}

// ---- reading records -------------------------------------------------------------------------

/// `--ledger DB` and `--trust DID`: a ledger read by someone who may name whom to trust.
#[derive(Debug, Args)]
struct Reader {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

    /// Trust records and agreements of this controller DID only; repeatable. Default: the
    /// controllers of the agreements stored in the ledger (see TRUST in --help).
    #[arg(long, value_name = "DID", value_parser = values::controller)]
    trust: Vec<String>,
}

impl Reader {
    /// The ledger, the trusted controllers and the agreements they signed.
    fn open(&self) -> Result<(SqliteLedger, Vec<String>, Agreements), CliError> {
        let ledger = open_existing(&self.ledger)?;
        let controllers = if self.trust.is_empty() {
            stored_controllers(&ledger)?
        } else {
            self.trust.clone()
        };
        let agreements = load_agreements(&ledger, &controllers)?;
        Ok((ledger, controllers, agreements))
    }
}

/// Loads and verifies `record` from the ledger `path`, trusting the stored controllers (or
/// `controllers` when given: the key's DID), by `now` or the system clock.
fn load_record(
    path: &Path,
    controllers: Option<Vec<String>>,
    record: &str,
    now: Option<Timestamp>,
) -> Result<VerifiedRecord, CliError> {
    let ledger = open_existing(path)?;
    let controllers = match controllers {
        Some(c) => c,
        None => stored_controllers(&ledger)?,
    };
    let agreements = load_agreements(&ledger, &controllers)?;
    let verifier = record_verifier(agreements, &controllers, now);
    Ok(verifier.load(&ledger, record)?)
}

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

--at is also the clock the record is verified by: a record whose revisions were made after --at
fails (it did not exist yet).

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
struct CheckArgs {
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

    /// Ask as of this time instead of the system clock.
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

fn check(args: &CheckArgs) -> Result<Vec<u8>, CliError> {
    let (ledger, controllers, agreements) = args.reader.open()?;
    let verifier = record_verifier(agreements, &controllers, args.at);
    let record = verifier.load(&ledger, &args.record)?;
    let at = at_or_now(args.at);
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

fn at_or_now(at: Option<Timestamp>) -> OffsetDateTime {
    at.map_or_else(
        || govblocks_core::clock::Clock::now(&SystemClock),
        |t| t.to_datetime(),
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
struct VerifyArgs {
    #[command(flatten)]
    reader: Reader,

    /// Verify only this record.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: Option<String>,

    /// Verify as of this time instead of the system clock.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    now: Option<Timestamp>,
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

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let (ledger, controllers, agreements) = args.reader.open()?;
    let verifier = record_verifier(agreements, &controllers, args.now);
    let mut ids = match &args.record {
        Some(id) => vec![id.clone()],
        None => ledger.records()?,
    };
    ids.sort();
    let at = at_or_now(args.now);
    let mut records = Vec::new();
    let mut erased = Vec::new();
    for id in ids {
        let stored = ledger.revisions(&id)?;
        if args.record.is_none()
            && !stored.is_empty()
            && stored.iter().all(|r| r.document.is_none())
        {
            erased.push(id);
            continue;
        }
        let record = verifier.verify(&id, &stored)?;
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
            trusted: !args.reader.trust.is_empty(),
            agreements: ledger.check()?.agreements,
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
never after the consent's validUntil. A record not in force yields no proof: the deny reason's
code (consent.withdrawn, consent.expired, …).

The key must be the controller's: only the agreements of its DID are trusted.

Output (exit 0): the signed consent proof in RFC 8785 canonical form and a newline.

Example:
  govblocks consent proof --ledger consent.db --record urn:uuid:… --key ministry.key.json";

/// Arguments of `govblocks consent proof`.
#[derive(Debug, Args)]
#[command(about = "Issue a signed, short-lived consent proof", long_about = PROOF_LONG_ABOUT)]
struct ProofArgs {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The controller's key file.
    #[arg(long, value_name = "KEYFILE")]
    key: PathBuf,

    /// Issue as of this time instead of the system clock.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    now: Option<Timestamp>,

    /// How long the proof is evidence, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_PROOF_VALIDITY.whole_seconds().unsigned_abs(),
          value_parser = clap::value_parser!(u64).range(1..=31_622_400))]
    validity: u64,
}

fn proof(args: &ProofArgs) -> Result<Vec<u8>, CliError> {
    let key = read_secret_key(&Source::from_arg(Some(&args.key)))?;
    let controllers = vec![key.public_key().did()];
    let record = load_record(&args.ledger, Some(controllers), &args.record, args.now)?;
    let validity = Duration::seconds(i64::try_from(args.validity).unwrap_or(i64::MAX));
    let signed = record.consent_proof(&key, at_or_now(args.now), validity)?;
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
struct ReceiptArgs {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

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

fn receipt(args: &ReceiptArgs) -> Result<Vec<u8>, CliError> {
    let record = load_record(&args.ledger, None, &args.record, None)?;
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
    /// The GovStack Consent building block's shapes.
    Govstack,
}

const EXPORT_LONG_ABOUT: &str = "\
Export a record in the GovStack Consent building block's shapes, as one JSON object:
{\"dataAgreements\":[…],\"consentRecords\":[…],\"revisions\":[…],\"signatures\":[…]}: one
DataAgreement and one ConsentRecord per purpose of the record's agreement version, every
revision oldest first (serializedSnapshot the canonical signed revision), and every proof of
every revision as a Signature (see the govblocks_consent::govstack documentation for the
mapping). The record is verified first; the controllers of the agreements stored in the ledger
are trusted.

Example:
  govblocks consent export --ledger consent.db --record urn:uuid:… --format govstack";

/// Arguments of `govblocks consent export`.
#[derive(Debug, Args)]
#[command(about = "Export a record in the GovStack Consent BB shapes", long_about = EXPORT_LONG_ABOUT)]
struct ExportArgs {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

    /// The record's id.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    record: String,

    /// The output format.
    #[arg(long, value_name = "FORMAT", value_enum)]
    format: Format,
}

fn export(args: &ExportArgs) -> Result<Vec<u8>, CliError> {
    let record = load_record(&args.ledger, None, &args.record, None)?;
    match args.format {
        Format::Govstack => {
            let signatures: Vec<govstack::Signature> = record
                .chain()
                .iter()
                .flat_map(govstack::signatures)
                .collect();
            let out = json!({
                "dataAgreements": govstack::data_agreements(record.agreement().agreement()),
                "consentRecords": govstack::consent_records(&record),
                "revisions": govstack::revisions(&record),
                "signatures": signatures,
            });
            output::json_line(&out, false)
        }
    }
}

// ---- erasure ---------------------------------------------------------------------------------

const ERASE_LONG_ABOUT: &str = "\
Erase every record of a person (the right to be forgotten): each revision's signed document and
the person's id are removed from the ledger; what remains of each record is a tombstone of
digests (the record id, each revision's sequence number, digest and predecessor digest), which
still passes the ledger's tamper check and can never be appended to again
(consent.ledger_erased). The ledger's files are then scrubbed of the removed bytes. This cannot
be undone. Erasing a person with no records left does nothing and succeeds.

Output (exit 0): {\"principal\":…,\"records\":[…],\"revisions\":N,\"scrubbed\":true|false}
(scrubbed false: another process was reading the ledger, and a copy of the removed bytes may
stay in the file's free pages until the next erasure or scrub).

Example:
  govblocks consent erase --ledger consent.db --principal pseudonym-7f3a";

/// Arguments of `govblocks consent erase`.
#[derive(Debug, Args)]
#[command(about = "Erase a person's records, keeping digest-only tombstones", long_about = ERASE_LONG_ABOUT)]
struct EraseArgs {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    ledger: PathBuf,

    /// The person's pseudonymous id, as given to `consent give --principal`.
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    principal: String,
}

fn erase(args: &EraseArgs) -> Result<Vec<u8>, CliError> {
    let ledger = open_existing(&args.ledger)?;
    let report = ledger.erase_principal(&args.principal)?;
    let out = json!({
        "principal": args.principal,
        "records": report.records,
        "revisions": report.revisions,
        "scrubbed": report.scrubbed,
    });
    output::json_line(&out, false)
}
