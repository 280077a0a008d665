//! `payments batch build`, `payments sign`, `payments verify`: a disbursement batch built from
//! a list of people, signed by its maker, approved by checkers, and verified by the hub under
//! an approval policy (with `--seen`, refused when it or a transfer was accepted before).

use crate::commands::args::{or_system, Clock, KeyFile, Now, Trust};
use crate::commands::payments::life;
use crate::commands::Run;
use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::{Args, ValueEnum};
use govblocks_core::clock::Timestamp;
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_payments::account::{Account, Alias, FinancialAddress, Iban, MobileMoneyAccount};
use govblocks_payments::approval::{
    approve, sign_as_maker, Approval, ApprovalPolicy, BatchVerifier,
};
use govblocks_payments::batch::builder::{BatchBuilder, BlockBuilder};
use govblocks_payments::batch::model::{Batch, CreditTransfer};
use govblocks_payments::currency::Currency;
use govblocks_payments::hub::accept_batch;
use govblocks_payments::money::Money;
use govblocks_payments::party::{Party, PartyIdentifier};
use govblocks_payments::Error as PaymentsError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::PathBuf;

const BUILD_HELP: &str = "\
Builds an unsigned disbursement batch (ISO 20022 pain.001 semantics) from a list of people and
prints it as one JSON line: one payment block in --currency from --debtor-iban, executed on
--execution-date, its counts and control sums computed.

FILE (or stdin) is CSV (RFC 4180), one transfer a row: name,account,amount[,reference] (a first
row whose first field is 'name' is a header and skipped; a field in double quotes may hold
commas and doubled quotes: \"Otieno, Amina \"\"Mama\"\"\"; blank rows are skipped), or a JSON array
of {\"name\",\"account\",\"amount\",\"reference\"?}. The account is an IBAN, an E.164 MSISDN
(+254712345678@provider, or with --mobile-provider), a G2P Connect financial address
(token:12345@gtbank), or else an alias the hub's account mapper resolves (a national-ID token).
The end-to-end ids are <message id>-<line number>.

Refusals exit 1 with the code of the first bad value (payments.iban_checksum,
payments.amount_too_many_decimals, payments.alias_invalid, …; a row without 3 or 4 fields, or
not CSV: payments.batch_invalid), the message naming its line (for JSON: its position, from 1).

Example:
  govblocks payments batch build --currency KES --debtor-iban DE89370400440532013000 \\
    --execution-date 2026-12-07 --message-id MSG-2026-12 people.csv > batch.json";

const SIGN_HELP: &str = "\
Signs a batch (eddsa-jcs-2022) and prints it. --role maker signs an unsigned batch (its figures
checked first); --role checker approves a batch its maker signed, with a proof chained to the
maker's (previousProof). Who may sign in which role, and how many must approve, is the hub's
policy (payments verify --policy).

Example:
  govblocks payments sign --key maker.key --role maker batch.json > made.json
  govblocks payments sign --key checker.key --role checker made.json > approved.json";

const VERIFY_HELP: &str = "\
Verifies an approved batch as a payment hub does: strict JSON, the schema, every proof, every
count and control sum recomputed, unique ids, then the approval policy (POLICY: {\"makers\",
\"checkers\", \"approvals\", \"thresholds\", \"people\"}): roles, no self-approval (one person with
two keys is one person), enough distinct approvers.

TRUST: without --trust, the policy's makers and checkers are trusted; with --trust DID
(repeatable), only those DIDs are, for assertionMethod proofs.

With --seen DB (an accept-once SQLite file, created when missing), the batch's message id and
every end-to-end id are remembered for ever once it verifies, all or none: a batch accepted
before is refused with payments.batch_replayed, one holding a transfer accepted before with
payments.transfer_replayed (nothing of it is then remembered).

With --log DB --hub-key KEYFILE (a payment log SQLite file, created when missing), the verified
batch starts its life in the log once accepted: received (the SHA-256 of FILE's bytes),
verified (counts, totals, end-to-end ids) and one approved entry per signature the policy
counted (signer, role, person), each signed by the hub's key; see payments record and
payments status. A batch whose life was started before is refused (store.conflict).

Prints {\"verified\":true,\"messageId\",\"blocks\",\"transactions\",\"totals\":{currency:
amount},\"controlSum\",\"maker\",\"approvers\",\"people\",\"required\",\"seen\",\"logged\"} and
exits 0, or exits 1 with the code (payments.approval_missing, payments.self_approval,
payments.role_not_allowed, payments.control_sum_mismatch, proof.*, …).

Example:
  govblocks payments verify --policy policy.json --seen hub.db --log payments.db \\
    --hub-key hub.key approved.json";

/// Arguments of `payments batch`.
#[derive(Debug, Args)]
#[command(about = "Disbursement batches: build one from a list of people")]
pub struct BatchArgs {
    #[command(subcommand)]
    command: BatchCommand,
}

crate::subcommands! {
    /// The `payments batch` subcommands.
    enum BatchCommand {
        Build(BuildArgs),
    }
}

impl Run for BatchArgs {
    fn run(&self) -> Result<crate::commands::Output, CliError> {
        self.command.run()
    }
}

/// Arguments of `payments batch build`.
#[derive(Debug, Args)]
#[command(about = "Build an unsigned batch from CSV or JSON", long_about = BUILD_HELP)]
pub struct BuildArgs {
    /// The currency of every transfer (ISO 4217).
    #[arg(long, value_name = "C", default_value = "USD")]
    currency: String,

    /// The account the money is paid from.
    #[arg(long, value_name = "IBAN")]
    debtor_iban: String,

    /// The debtor's (and initiating party's) name.
    #[arg(long, value_name = "NAME", default_value = "Ministry")]
    debtor_name: String,

    /// The requested execution date, YYYY-MM-DD [default: the creation date].
    #[arg(long, value_name = "D")]
    execution_date: Option<String>,

    /// The batch's message id (at most 28 characters, so that end-to-end ids fit in 35)
    /// [default: MSG-<creation time, seconds since 1970>].
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,

    /// The provider of MSISDNs written without @provider.
    #[arg(long, value_name = "PROVIDER")]
    mobile_provider: Option<String>,

    #[command(flatten)]
    now: Now,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The list of transfers (CSV or JSON); stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// One transfer of the input list.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Row {
    name: String,
    account: String,
    amount: String,
    #[serde(default)]
    reference: Option<String>,
}

/// One row of the list and its line number (1 for the first line of the input), so that an
/// error names the row.
struct Numbered {
    line: u64,
    row: Row,
}

fn rows(bytes: &[u8], args: &BuildArgs) -> Result<Vec<Numbered>, CliError> {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if first == Some(&b'[') {
        let value = govblocks_core::json::parse_with_limits(bytes, &args.max_bytes.limits())?;
        let rows: Vec<Row> =
            serde_json::from_value(value).map_err(|e| invalid(format!("the list: {e}")))?;
        return Ok(rows
            .into_iter()
            .zip(1u64..)
            .map(|(row, line)| Numbered { line, row })
            .collect());
    }
    std::str::from_utf8(bytes)
        .map_err(|e| invalid(format!("the CSV is not UTF-8 (byte {})", e.valid_up_to())))?;
    // RFC 4180: fields separated by commas, a field in double quotes may hold commas, line
    // breaks and quotes (doubled); rows may have 3 or 4 fields, checked below with their line.
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(bytes);
    // Line numbers counted from the bytes (the reader does not count the blank lines it
    // skips), incrementally: linear in the input.
    let mut lines = LineCounter::new(bytes);
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| lines.line_at(p.byte()));
            invalid(format!("line {line}: not CSV: {e}"))
        })?;
        let line = record.position().map_or(0, |p| lines.line_at(p.byte()));
        if record.iter().all(str::is_empty) {
            continue;
        }
        let header = n == 0
            && record
                .get(0)
                .is_some_and(|f| f.eq_ignore_ascii_case("name"));
        if header {
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or_default().to_owned();
        let reference = match record.len() {
            3 => None,
            4 => Some(field(3)).filter(|r| !r.is_empty()),
            count => {
                return Err(invalid(format!(
                    "line {line}: {count} fields, expected name,account,amount[,reference]"
                )))
            }
        };
        rows.push(Numbered {
            line,
            row: Row {
                name: field(0),
                account: field(1),
                amount: field(2),
                reference,
            },
        });
    }
    Ok(rows)
}

/// The line number (from 1) of byte offsets met in increasing order.
struct LineCounter<'a> {
    bytes: &'a [u8],
    offset: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        LineCounter {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of the record the reader places at byte `offset` (at or after the last one
    /// asked for). The reader places a record after blank lines at the first of them: they are
    /// skipped here.
    fn line_at(&mut self, offset: u64) -> u64 {
        let mut end = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(self.bytes.len());
        while matches!(self.bytes.get(end), Some(b'\r' | b'\n')) {
            end += 1;
        }
        if end > self.offset {
            let newlines = self
                .bytes
                .get(self.offset..end)
                .map_or(0, |s| s.iter().filter(|&&b| b == b'\n').count());
            self.line = self
                .line
                .saturating_add(u64::try_from(newlines).unwrap_or(u64::MAX));
            self.offset = end;
        }
        self.line
    }
}

/// An error found in one row of the list: the row's error, its code kept, its message prefixed
/// with the line.
#[derive(Debug)]
struct AtLine {
    line: u64,
    error: CliError,
}

impl std::fmt::Display for AtLine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.error)
    }
}

impl std::error::Error for AtLine {}

impl govblocks_core::error::CodedError for AtLine {
    fn code(&self) -> &'static str {
        self.error.code()
    }
}

/// `result`, its error located at `line`.
fn at_line<T>(line: u64, result: Result<T, impl Into<CliError>>) -> Result<T, CliError> {
    result.map_err(|e| {
        let error = e.into();
        match error {
            CliError::Usage(message) => CliError::Usage(format!("line {line}: {message}")),
            error => AtLine { line, error }.into(),
        }
    })
}

fn invalid(reason: String) -> CliError {
    PaymentsError::BatchInvalid { reason }.into()
}

/// Where the money goes: an account, or an alias the mapper resolves.
enum Destination {
    Account(Account),
    Alias(Alias),
}

fn destination(text: &str, provider: Option<&str>) -> Result<Destination, CliError> {
    if let Some(rest) = text.strip_prefix('+') {
        let (msisdn, provider) = match rest.split_once('@') {
            Some((msisdn, provider)) => (format!("+{msisdn}"), Some(provider)),
            None => (text.to_owned(), provider),
        };
        let provider = provider.ok_or_else(|| {
            CliError::Usage(format!(
                "{text}: an MSISDN needs its provider (+…@provider, or --mobile-provider)"
            ))
        })?;
        return Ok(Destination::Account(Account::MobileMoney(
            MobileMoneyAccount::parse(&msisdn, provider)?,
        )));
    }
    if text.contains(':') && text.contains('@') {
        return Ok(Destination::Account(Account::FinancialAddress(
            FinancialAddress::parse(text)?,
        )));
    }
    let bytes = text.as_bytes();
    let looks_like_iban = bytes.len() >= 4
        && bytes[..2].iter().all(u8::is_ascii_alphabetic)
        && bytes[2..4].iter().all(u8::is_ascii_digit);
    if looks_like_iban {
        return Ok(Destination::Account(Account::Iban(Iban::parse(text)?)));
    }
    Ok(Destination::Alias(Alias::parse(text)?))
}

fn build(args: &BuildArgs) -> Result<Vec<u8>, CliError> {
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let created = Timestamp::from_datetime(or_system(args.now.now))?;
    let currency = Currency::parse(&args.currency)?;
    let debtor_account = Account::Iban(Iban::parse(&args.debtor_iban)?);
    let debtor = Party::new(
        args.debtor_name.clone(),
        PartyIdentifier::new(debtor_account_id(&debtor_account))?,
    )?;
    let message_id = args
        .message_id
        .clone()
        .unwrap_or_else(|| format!("MSG-{}", created.to_datetime().unix_timestamp()));
    let date = match &args.execution_date {
        Some(date) => date.clone(),
        None => {
            let d = created.to_datetime().date();
            format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
        }
    };
    let mut block = BlockBuilder::new(
        format!("{message_id}-B1"),
        debtor.clone(),
        debtor_account,
        date,
    );
    for (n, Numbered { line, row }) in rows(&bytes, args)?.into_iter().enumerate() {
        let e2e = format!("{message_id}-{}", n + 1);
        let money = at_line(line, Money::parse(currency, &row.amount))?;
        let creditor = at_line(
            line,
            PartyIdentifier::new(row.account.clone()).and_then(|id| Party::new(row.name, id)),
        )?;
        let to = at_line(
            line,
            destination(&row.account, args.mobile_provider.as_deref()),
        )?;
        let mut transfer = match to {
            Destination::Account(account) => {
                CreditTransfer::to_account(e2e, money, creditor, account)
            }
            Destination::Alias(alias) => CreditTransfer::to_alias(e2e, money, creditor, alias),
        };
        if let Some(reference) = row.reference {
            transfer = transfer.with_remittance_information(reference);
        }
        block = block.transfer(transfer);
    }
    let batch = BatchBuilder::new(message_id, created, debtor)
        .block(block)
        .build()?;
    output::json_line(&batch, false)
}

fn debtor_account_id(account: &Account) -> String {
    match account {
        Account::Iban(iban) => iban.as_str().to_owned(),
        _ => "debtor".to_owned(),
    }
}

crate::run_with!(BuildArgs, build);

/// The role a signature is made in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// The maker: signs an unsigned batch.
    Maker,
    /// A checker: approves a batch its maker signed.
    Checker,
}

/// Arguments of `payments sign`.
#[derive(Debug, Args)]
#[command(about = "Sign a batch as its maker, or approve it as a checker", long_about = SIGN_HELP)]
pub struct SignArgs {
    #[command(flatten)]
    key: KeyFile,

    /// maker (signs an unsigned batch) or checker (approves a signed one).
    #[arg(long, value_enum)]
    role: Role,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The batch; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn sign(args: &SignArgs) -> Result<Vec<u8>, CliError> {
    let key = args.key.read()?;
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let value = govblocks_core::json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let signed = match args.role {
        Role::Maker => {
            let batch: Batch =
                serde_json::from_value(value).map_err(|e| invalid(format!("not a batch: {e}")))?;
            sign_as_maker(&batch, &key)?
        }
        Role::Checker => approve(value, &key)?,
    };
    output::signed_document(&signed, false)
}

crate::run_with!(SignArgs, sign);

/// Arguments of `payments verify`.
#[derive(Debug, Args)]
#[command(about = "Verify an approved batch under a policy (exit 0 verified, 1 refused)", long_about = VERIFY_HELP)]
pub struct VerifyArgs {
    /// The approval policy (JSON).
    #[arg(long, value_name = "POLICY")]
    policy: PathBuf,

    #[command(flatten)]
    trust: Trust,

    /// The hub's accept-once file: refuse a batch or transfer accepted before, remember this
    /// one.
    #[arg(long, value_name = "DB")]
    seen: Option<PathBuf>,

    /// The payment log: the verified batch starts its life there (with --hub-key).
    #[arg(long, value_name = "DB", requires = "hub_key")]
    log: Option<PathBuf>,

    /// The hub's key file, which signs the log's entries (with --log).
    #[arg(long, value_name = "KEYFILE", requires = "log")]
    hub_key: Option<PathBuf>,

    #[command(flatten)]
    clock: Clock,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The batch; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// What `payments verify` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VerifyReport {
    verified: bool,
    message_id: String,
    blocks: usize,
    transactions: u64,
    totals: BTreeMap<&'static str, String>,
    control_sum: String,
    maker: String,
    approvers: Vec<String>,
    people: u32,
    required: u32,
    seen: bool,
    logged: bool,
}

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let policy_bytes = read_document(&Source::File(args.policy.clone()), 1 << 20)?;
    let policy = ApprovalPolicy::from_json(&policy_bytes)?;
    let trust = if args.trust.given() {
        args.trust.trust.iter().fold(TrustList::new(), |list, did| {
            list.trust(did.clone(), [ProofPurpose::AssertionMethod])
        })
    } else {
        policy.trust_list()
    };
    let verifier = args
        .clock
        .apply(Verifier::new(DidKeyResolver, trust))
        .with_limits(args.max_bytes.limits());
    let verifier = BatchVerifier::new(verifier, policy);
    // The hub's key and log are read before the batch is verified and accepted, so that a
    // wrong key or file refuses the batch before its ids are remembered.
    let hub = match (&args.log, &args.hub_key) {
        (Some(path), Some(key)) => Some((
            life::open_log(path, true)?,
            KeyFile { key: key.clone() }.read()?,
        )),
        _ => None,
    };
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let accepted = verifier.verify_resolved(&bytes)?;
    let approval: Approval = accepted.approval;
    let batch = accepted.batch.value();
    let totals = batch.check_rules()?;
    let now = Timestamp::from_datetime(args.clock.now.or_system())?;
    if let Some(path) = &args.seen {
        let store = crate::commands::stores::open_seen(path, PaymentsError::ReplayStore)?;
        accept_batch(&*store, batch, now)?;
    }
    if let Some((log, key)) = hub {
        life::payment_log(log, &key).start(&key, &bytes, batch, &approval, now)?;
    }
    output::json_line(
        &VerifyReport {
            verified: true,
            message_id: batch.group_header.message_id.clone(),
            blocks: batch.payment_information.len(),
            transactions: totals.transactions,
            totals: totals
                .by_currency
                .iter()
                .map(|(c, m): (&Currency, &Money)| (c.code(), m.fixed()))
                .collect(),
            control_sum: batch.group_header.control_sum.clone(),
            maker: approval.maker,
            approvers: approval.approvers,
            people: approval.people,
            required: approval.required,
            seen: args.seen.is_some(),
            logged: args.log.is_some(),
        },
        false,
    )
}

crate::run_with!(VerifyArgs, verify);
