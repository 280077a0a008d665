//! `payments import-pain002`: a bank's ISO 20022 pain.002.001.10 status report taken into the
//! batch's life in the hub's payment log ([`govblocks_payments::iso20022::pain002`],
//! [`PaymentLog::import_report`](govblocks_payments::lifecycle::PaymentLog::import_report)).

use crate::commands::args::{KeyFile, Now};
use crate::io::{read_document, Source};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_core::clock::Timestamp;
use govblocks_payments::iso20022::pain002;
use govblocks_payments::iso20022::xml::Limits;
use govblocks_payments::lifecycle::Access;
use serde::Serialize;
use std::path::PathBuf;

/// The largest report read: 256 MiB (a status report on 100,000 transfers is about 40 MiB).
const MAX_REPORT_BYTES: usize = 256 * 1024 * 1024;

const HELP: &str = "\
Takes a bank's status report (ISO 20022 pain.002.001.10, CustomerPaymentStatusReport) on a
released batch into the batch's life in the hub's payment log DB: one reported event (the
report's id and SHA-256, the group's and blocks' statuses), then one status event per transfer
it gives a status to — ACSC, ACCC, CPUC settle the transfer, RJCT and CANC reject it with their
ISO reason code (StsRsnInf/Rsn/Cd, such as AC04 or AM04), the others (ACSP, PDNG, ...) are
noted and leave it open; a final group or block status (ACSC, ACCC, RJCT) applies to each of its
transfers the report does not list. Every event is signed by the hub's key (--key) and all are
appended together, or none.

Refused, nothing written, exit 1 with the code and the XPath-like location in the file:
payments.report_invalid (not a well-formed pain.002.001.10 in the XSD's order and types),
payments.xml_* (DOCTYPE, entities, size, depth), payments.report_status_unknown (a code outside
its ISO set), payments.report_reason_missing (a rejection without an ISO reason code),
payments.report_batch_unknown (OrgnlMsgId is no batch of the log, or not --message-id),
payments.report_batch_mismatch (OrgnlMsgNmId not a pain.001, OrgnlNbOfTxs or OrgnlCtrlSum not the
batch's), payments.report_block_unknown (OrgnlPmtInfId), payments.report_transfer_unknown
(OrgnlEndToEndId not a transfer of the batch or of that block), payments.report_transfer_repeated,
payments.report_inconsistent, payments.report_repeated (the report was taken in before),
payments.event_out_of_order (the batch is not released), payments.outcome_repeated.

Prints {\"imported\":REPORT_ID,\"messageId\",\"settled\",\"rejected\",\"interim\",\"at\",\"sequence\",
\"digest\"} (the last entry written) and exits 0.

Example:
  govblocks payments import-pain002 --log payments.db --key hub.key status-report.xml";

/// Arguments of `payments import-pain002`.
#[derive(Debug, Args)]
#[command(about = "Take a bank's pain.002 status report into the payment log", long_about = HELP)]
pub struct ImportPain002Args {
    /// The payment log file (made by payments verify --log).
    #[arg(long, value_name = "DB")]
    log: PathBuf,

    #[command(flatten)]
    key: KeyFile,

    /// The batch the report must be about (its OrgnlMsgId); any batch of the log otherwise.
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,

    #[command(flatten)]
    now: Now,

    /// The pain.002 XML file; stdin when absent or `-`.
    file: Option<PathBuf>,
}

/// What `payments import-pain002` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct ImportReport {
    imported: String,
    message_id: String,
    settled: u64,
    rejected: u64,
    interim: u64,
    at: String,
    sequence: u64,
    digest: String,
}

fn import(args: &ImportPain002Args) -> Result<Vec<u8>, CliError> {
    let bytes = read_document(&Source::from_arg(args.file.as_deref()), MAX_REPORT_BYTES)?;
    let report = pain002::read_with(&bytes, Limits::default().with_max_bytes(MAX_REPORT_BYTES))?;
    let key = args.key.read()?;
    let at = Timestamp::from_datetime(args.now.or_system())?;
    let life = super::life::payment_log(super::life::open_at(&args.log, Access::ReadWrite)?, &key);
    let imported = life.import_report(&key, &report, args.message_id.as_deref(), at)?;
    let last = imported
        .history
        .events
        .last()
        .ok_or_else(|| CliError::Usage("nothing was recorded".to_owned()))?;
    output::json_line(
        &ImportReport {
            imported: imported.report_id.clone(),
            message_id: imported.message_id.clone(),
            settled: imported.settled,
            rejected: imported.rejected,
            interim: imported.interim,
            at: at.to_string(),
            sequence: last.sequence,
            digest: last.digest.to_string(),
        },
        false,
    )
}

crate::run_with!(ImportPain002Args, import);
