//! `payments to-govstack`, `from-govstack`, `to-g2p`, `from-g2p`: a batch in the shapes the
//! GovStack Payments BB and G2P Connect speak, and back ([`govblocks_payments::formats`]).
//! What each shape carries, drops or refuses is that crate's; these commands read the input,
//! give the frame from their flags and print the result.

use crate::commands::args::or_system;
use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::{Args, ValueEnum};
use govblocks_core::clock::Timestamp;
use govblocks_core::json;
use govblocks_payments::account::{Account, Iban};
use govblocks_payments::batch::model::Batch;
use govblocks_payments::formats::g2p::{DisburseRequest, DisburseResponse, Status};
use govblocks_payments::formats::govstack::{sub_batches, BulkPayment, SubBatch};
use govblocks_payments::formats::Frame;
use govblocks_payments::party::{Party, PartyIdentifier};
use govblocks_payments::Error as PaymentsError;
use serde_json::Value;
use std::path::PathBuf;

const TO_GOVSTACK_HELP: &str = "\
Writes a batch (JSON, signed or not; its counts, sums and ids checked) as the GovStack Payments
BB bulk payment: the array POST /batchtransactions takes, one element per transfer (requestId
the end-to-end id, creditParty/debitParty GSMA key-value lists, paymentMode the account mapper's
modality code, amount a JSON number written digit for digit, currency, descriptionText). With
--sub-batches, the per-bank sub-batches instead (a JSON array of {batchId, destinationDFSPID,
creditInstructions}).

What the shape cannot hold is refused, exit 1: payments.shape_unrepresentable (an end-to-end id
over 16 characters, remittance information over 50, an alias in a sub-batch).

Example:
  govblocks payments to-govstack batch.json > bulk.json";

const FROM_GOVSTACK_HELP: &str = "\
Reads a GovStack Payments BB bulk payment (an array) or a per-bank sub-batch (an object with
creditInstructions) and prints the batch (JSON), its counts and sums computed and every rule
checked. Amounts are read from the JSON number's text, never through a float: 12.345 USD is
refused (payments.amount_too_many_decimals), so are 1e3 (payments.amount_exponent) and a string
amount (payments.govstack_invalid).

What the shape does not carry comes from the flags: --message-id (a sub-batch's batchId
otherwise), --created (--now), the initiating party and debtor (--debtor-name, --debtor-id),
--execution-date, --block-prefix (blocks are PREFIX-1, PREFIX-2, …), and for a sub-batch the
debtor's account (--debtor-iban).

Example:
  govblocks payments from-govstack --message-id MSG-1 --debtor-iban DE89370400440532013000 bulk.json";

const TO_G2P_HELP: &str = "\
Writes a batch (JSON; its counts, sums and ids checked) as a G2P Connect DisburseRequest (the
message of POST /disburse): transaction_id the message id, one disbursement per transfer
(reference_id, payer_fa/payee_fa financial addresses, amount a decimal string, currency_code,
scheduled_timestamp, payer_name/payee_name, note, purpose, instruction). With --status, the
DisburseResponse instead: every transfer at that status (rcvd, pdng, succ, rjct) at --now.

Refused, exit 1: payments.shape_unrepresentable (an alias: resolve it first; a note over 99
characters).

Example:
  govblocks payments to-g2p batch.json > disburse.json
  govblocks payments to-g2p --status rcvd --now 2026-12-07T10:00:00Z batch.json";

const FROM_G2P_HELP: &str = "\
Reads a G2P Connect DisburseRequest and prints the batch (JSON), every rule checked; or a
DisburseResponse (with disbursements_status) and prints it normalised, checked against --batch
when given (payments.transfer_not_in_batch for an unknown reference_id). Amounts are decimal
strings read exactly; a disbursement without currency_code, a purpose that is not an ISO 20022
purpose code, an unknown member: payments.g2p_invalid.

Frame flags as for from-govstack (the message id is the transaction_id).

Example:
  govblocks payments from-g2p --debtor-name Ministry disburse.json > batch.json
  govblocks payments from-g2p --batch batch.json on-disburse.json";

/// What a shape does not carry: the flags that make the [`Frame`].
#[derive(Debug, Args)]
pub struct FrameArgs {
    /// The batch's message id, where the shape has none [default: MSG-<creation time>].
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,

    /// The batch's creation time (RFC 3339) [default: the system clock].
    #[arg(long = "now", value_name = "RFC3339", value_parser = crate::values::datetime)]
    now: Option<Timestamp>,

    /// The initiating party's and debtor's name.
    #[arg(long, value_name = "NAME", default_value = "Ministry")]
    debtor_name: String,

    /// The initiating party's and debtor's identifier.
    #[arg(long, value_name = "ID", default_value = "MINISTRY")]
    debtor_id: String,

    /// The requested execution date (YYYY-MM-DD) where the shape gives none [default: the
    /// creation date].
    #[arg(long, value_name = "D")]
    execution_date: Option<String>,

    /// Blocks are named PREFIX-1, PREFIX-2, … [default: the message id].
    #[arg(long, value_name = "PREFIX")]
    block_prefix: Option<String>,

    /// The debtor's IBAN, for a sub-batch (which names none).
    #[arg(long, value_name = "IBAN")]
    debtor_iban: Option<String>,
}

impl FrameArgs {
    fn frame(&self, message_id: Option<&str>) -> Result<Frame, CliError> {
        let created = Timestamp::from_datetime(or_system(self.now))?;
        let message_id = match (&self.message_id, message_id) {
            (Some(id), _) => id.clone(),
            (None, Some(id)) => id.to_owned(),
            (None, None) => format!("MSG-{}", created.to_datetime().unix_timestamp()),
        };
        let party = Party::new(
            self.debtor_name.clone(),
            PartyIdentifier::new(self.debtor_id.clone())?,
        )?;
        let mut frame = Frame::new(message_id, created, party);
        if let Some(date) = &self.execution_date {
            frame = frame.with_execution_date(date.clone());
        }
        if let Some(prefix) = &self.block_prefix {
            frame = frame.with_block_prefix(prefix.clone());
        }
        if let Some(iban) = &self.debtor_iban {
            frame = frame.with_debtor_account(Account::Iban(Iban::parse(iban)?));
        }
        Ok(frame)
    }
}

/// Reads `file` (or stdin) with the strict parser, keeping the numbers' texts.
fn read(file: Option<&std::path::Path>, max: &MaxBytes) -> Result<Vec<u8>, CliError> {
    read_document(&Source::from_arg(file), max.limit())
}

/// A batch document: strict JSON, the shape, the rules.
fn read_batch(file: Option<&std::path::Path>, max: &MaxBytes) -> Result<Batch, CliError> {
    let bytes = read(file, max)?;
    let value = json::parse_with_limits(&bytes, &max.limits())?;
    let batch: Batch = serde_json::from_value(value).map_err(|e| {
        CliError::from(PaymentsError::BatchInvalid {
            reason: format!("not a batch: {e}"),
        })
    })?;
    batch.check_rules()?;
    Ok(batch)
}

fn line(mut text: String) -> Vec<u8> {
    text.push('\n');
    text.into_bytes()
}

/// Arguments of `payments to-govstack`.
#[derive(Debug, Args)]
#[command(about = "A batch as the GovStack Payments BB bulk payment (or per-bank sub-batches)", long_about = TO_GOVSTACK_HELP)]
pub struct ToGovStackArgs {
    /// The per-bank sub-batches of creditInstructions instead of the bulk payment.
    #[arg(long)]
    sub_batches: bool,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The batch; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn to_govstack(args: &ToGovStackArgs) -> Result<Vec<u8>, CliError> {
    let batch = read_batch(args.file.as_deref(), &args.max_bytes)?;
    if args.sub_batches {
        let subs: Vec<String> = sub_batches(&batch)?.iter().map(SubBatch::to_json).collect();
        return Ok(line(format!("[{}]", subs.join(","))));
    }
    Ok(line(BulkPayment::from_batch(&batch)?.to_json()))
}

crate::run_with!(ToGovStackArgs, to_govstack);

/// Arguments of `payments from-govstack`.
#[derive(Debug, Args)]
#[command(about = "A GovStack bulk payment or sub-batch as a batch", long_about = FROM_GOVSTACK_HELP)]
pub struct FromGovStackArgs {
    #[command(flatten)]
    frame: FrameArgs,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The bulk payment or sub-batch; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn from_govstack(args: &FromGovStackArgs) -> Result<Vec<u8>, CliError> {
    let bytes = read(args.file.as_deref(), &args.max_bytes)?;
    let (value, numbers) = json::parse_keeping_number_texts(&bytes, &args.max_bytes.limits())?;
    let batch = if value.is_object() {
        let sub = SubBatch::from_value(&value, &numbers)?;
        sub.to_batch(&args.frame.frame(Some(&sub.batch_id))?)?
    } else {
        BulkPayment::from_value(&value, &numbers)?.to_batch(&args.frame.frame(None)?)?
    };
    output::json_line(&batch, false)
}

crate::run_with!(FromGovStackArgs, from_govstack);

/// A G2P Connect status (`rcvd`, `pdng`, `succ`, `rjct`).
#[derive(Debug, Clone, Copy, ValueEnum)]
enum StatusArg {
    /// Received.
    Rcvd,
    /// Pending.
    Pdng,
    /// Paid.
    Succ,
    /// Rejected.
    Rjct,
}

/// Arguments of `payments to-g2p`.
#[derive(Debug, Args)]
#[command(about = "A batch as a G2P Connect DisburseRequest (or its status response)", long_about = TO_G2P_HELP)]
pub struct ToG2pArgs {
    /// Write the DisburseResponse with every transfer at this status instead.
    #[arg(long, value_enum)]
    status: Option<StatusArg>,

    /// The status time [default: the system clock].
    #[arg(long = "now", value_name = "RFC3339", value_parser = crate::values::datetime)]
    now: Option<Timestamp>,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The batch; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn to_g2p(args: &ToG2pArgs) -> Result<Vec<u8>, CliError> {
    let batch = read_batch(args.file.as_deref(), &args.max_bytes)?;
    let value = match args.status {
        None => DisburseRequest::from_batch(&batch)?.to_value(),
        Some(status) => {
            let status = match status {
                StatusArg::Rcvd => Status::Received,
                StatusArg::Pdng => Status::Pending,
                StatusArg::Succ => Status::Succeeded,
                StatusArg::Rjct => Status::Rejected,
            };
            let at = Timestamp::from_datetime(or_system(args.now))?;
            DisburseResponse::for_batch(&batch, at, status)?.to_value()
        }
    };
    output::json_line(&value, false)
}

crate::run_with!(ToG2pArgs, to_g2p);

/// Arguments of `payments from-g2p`.
#[derive(Debug, Args)]
#[command(about = "A G2P Connect DisburseRequest as a batch, or a DisburseResponse checked", long_about = FROM_G2P_HELP)]
pub struct FromG2pArgs {
    /// For a DisburseResponse: the batch it answers (its transaction id and transfers checked).
    #[arg(long, value_name = "BATCH")]
    batch: Option<PathBuf>,

    #[command(flatten)]
    frame: FrameArgs,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The DisburseRequest or DisburseResponse; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn from_g2p(args: &FromG2pArgs) -> Result<Vec<u8>, CliError> {
    let bytes = read(args.file.as_deref(), &args.max_bytes)?;
    let value: Value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    if value.get("disbursements_status").is_some() {
        let response = DisburseResponse::from_value(&value)?;
        if let Some(path) = &args.batch {
            response.check_against(&read_batch(Some(path), &args.max_bytes)?)?;
        }
        return output::json_line(&response.to_value(), false);
    }
    let request = DisburseRequest::from_value(&value)?;
    let batch = request.to_batch(&args.frame.frame(Some(&request.transaction_id))?)?;
    output::json_line(&batch, false)
}

crate::run_with!(FromG2pArgs, from_g2p);
