//! `payments record`, `payments status`: the batch's life in the hub's payment log
//! ([`govblocks_payments::lifecycle`]). `payments verify --log` starts it (received, verified,
//! approved); `record` adds what happens next (released to the bank, each transfer settled or
//! rejected), signed by the hub's key; `status` replays a transfer's history by end-to-end id.

use crate::commands::args::{KeyFile, Now};
use crate::commands::stores;
use crate::output::{self, CliError};
use clap::{Args, ValueEnum};
use govblocks_core::clock::Timestamp;
use govblocks_core::keys::SecretKey;
use govblocks_payments::lifecycle::{
    self, Access, Event, LoggedEvent, PaymentLog, StatusReason, TransferState,
};
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};

const RECORD_HELP: &str = "\
Records what happened to a batch after the hub verified it (payments verify --log): released to
the bank (--event released --message-id ID), or one transfer's outcome (--event settled
--end-to-end-id ID, --event rejected --end-to-end-id ID --reason CODE, CODE an ISO 20022
ExternalStatusReason1Code such as AC04, closed account). The event is signed by the hub's key
(--key: the key that signed the batch's first entries) and appended to the batch's stream in
the log DB, dated --now (default: the system clock).

The batch's history is replayed and verified first, and the event is refused when its life does
not allow it: payments.event_out_of_order (released before a checker approved or twice, an
outcome before released), payments.transfer_not_in_batch, payments.outcome_repeated (a second
outcome for one transfer), payments.reason_code_unknown, payments.transfer_unknown,
payments.batch_unknown; nothing is then written. Another writer appending at the same moment:
store.conflict (run it again).

Prints {\"recorded\":EVENT,\"messageId\",\"endToEndId\"?,\"reason\"?,\"at\",\"sequence\",\"digest\"} and
exits 0, or exits 1 with the code.

Example:
  govblocks payments record --log payments.db --key hub.key --event released --message-id MSG-1
  govblocks payments record --log payments.db --key hub.key --event settled --end-to-end-id MSG-1-1
  govblocks payments record --log payments.db --key hub.key --event rejected \\
    --end-to-end-id MSG-1-2 --reason AC04";

const STATUS_HELP: &str = "\
Prints a transfer's status and history from the hub's payment log DB (opened read-only, every
chain checked): the batch that holds it (found by its end-to-end id), where it stands (pending,
released, reported with the bank's interim ISO status, settled, rejected with its reason) and every event of its life, oldest first — the
batch's received, verified, approved (signer, role, person), released, and its own outcome.

Every event's signature is verified, each event's signed link to the one before it, and the
order of the life. TRUST: with --hub DID, only that key may have signed the log's events;
without it, the key that signed the batch's first entry is taken as the hub's and named in the
output (\"hub\"): compare it with the hub's published key.

Prints {\"endToEndId\",\"messageId\",\"status\",\"reason\"?,\"reasonDefinition\"?,\"hub\",\"history\":[{\"sequence\",
\"event\",\"at\",…}]} and exits 0, or exits 1 with the code: payments.transfer_unknown,
store.tampered (an entry changed, removed or reordered behind the log's back), proof.* or
trust.* (an event not signed by the hub), payments.event_invalid, payments.event_out_of_order,
store.not_found (no such file).

Example:
  govblocks payments status --log payments.db --end-to-end-id MSG-1-2";

/// Opens the payment log at `path`: created when missing if `create`, read-only otherwise.
pub fn open_log(path: &Path, create: bool) -> Result<StoredLog, CliError> {
    let access = if create {
        Access::Create
    } else {
        Access::ReadOnly
    };
    open_at(path, access)
}

/// Opens the payment log at `path` (a SQLite file or a PostgreSQL connection string) with
/// `access`.
pub(super) fn open_at(path: &Path, access: Access) -> Result<StoredLog, CliError> {
    match stores::location(path) {
        stores::Location::File(path) => Ok(Box::new(lifecycle::open(path, access)?)),
        stores::Location::Server(url) => stores::server_log(url, stores::LogKind::Payments, access),
    }
}

/// The payment log as the commands hold it: a file or a server.
pub type StoredLog = Box<dyn govblocks_payments::lifecycle::Log>;

/// The payment log on `log` whose events `hub` signs.
pub fn payment_log(log: StoredLog, hub: &SecretKey) -> PaymentLog<StoredLog> {
    PaymentLog::for_hub(log, hub.public_key().did())
}

/// What `payments record` records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum EventArg {
    /// The batch was released to the bank (--message-id).
    Released,
    /// A transfer was paid (--end-to-end-id).
    Settled,
    /// A transfer was refused (--end-to-end-id, --reason).
    Rejected,
}

/// Arguments of `payments record`.
#[derive(Debug, Args)]
#[command(about = "Record a batch's release or a transfer's outcome in the payment log", long_about = RECORD_HELP)]
pub struct RecordArgs {
    /// The payment log file (made by payments verify --log).
    #[arg(long, value_name = "DB")]
    log: PathBuf,

    #[command(flatten)]
    key: KeyFile,

    /// What happened.
    #[arg(long, value_enum)]
    event: EventArg,

    /// The batch released (--event released).
    #[arg(long, value_name = "ID")]
    message_id: Option<String>,

    /// The transfer settled or rejected.
    #[arg(long, value_name = "ID")]
    end_to_end_id: Option<String>,

    /// Why a transfer was rejected: an ISO 20022 ExternalStatusReason1Code (AC04, AM04, …).
    #[arg(long, value_name = "CODE")]
    reason: Option<String>,

    #[command(flatten)]
    now: Now,
}

/// What `payments record` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct RecordReport {
    recorded: &'static str,
    message_id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end_to_end_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'static str>,
    at: String,
    sequence: u64,
    digest: String,
}

fn usage(message: &str) -> CliError {
    CliError::Usage(message.to_owned())
}

fn record(args: &RecordArgs) -> Result<Vec<u8>, CliError> {
    let event = args.event;
    // The arguments each event takes, checked before anything is opened.
    let (message_id, end_to_end_id) = match event {
        EventArg::Released => {
            if args.end_to_end_id.is_some() || args.reason.is_some() {
                return Err(usage("--event released takes --message-id only"));
            }
            let id = args
                .message_id
                .clone()
                .ok_or_else(|| usage("--event released needs --message-id"))?;
            (Some(id), None)
        }
        EventArg::Settled | EventArg::Rejected => {
            if args.message_id.is_some() {
                return Err(usage(
                    "an outcome names its transfer (--end-to-end-id); its batch is found in the log",
                ));
            }
            let id = args
                .end_to_end_id
                .clone()
                .ok_or_else(|| usage("an outcome needs --end-to-end-id"))?;
            (None, Some(id))
        }
    };
    let reason = match (event, &args.reason) {
        (EventArg::Rejected, Some(code)) => Some(StatusReason::parse(code)?),
        (EventArg::Rejected, None) => return Err(usage("--event rejected needs --reason")),
        (_, Some(_)) => return Err(usage("--reason goes with --event rejected")),
        (_, None) => None,
    };
    let key = args.key.read()?;
    let at = Timestamp::from_datetime(args.now.or_system())?;
    let life = payment_log(open_at(&args.log, Access::ReadWrite)?, &key);
    let history = match (message_id, &end_to_end_id, reason) {
        (Some(id), _, _) => life.release(&key, &id, at)?,
        (None, Some(e2e), Some(reason)) => life.reject(&key, e2e, reason, at)?,
        (None, Some(e2e), None) => life.settle(&key, e2e, at)?,
        (None, None, _) => return Err(usage("nothing to record")),
    };
    let last = history
        .events
        .last()
        .ok_or_else(|| usage("nothing was recorded"))?;
    output::json_line(
        &RecordReport {
            recorded: last.wire.event.as_str(),
            message_id: history.message_id.clone(),
            end_to_end_id,
            reason: reason.map(|r| r.code()),
            at: at.to_string(),
            sequence: last.sequence,
            digest: last.digest.to_string(),
        },
        false,
    )
}

crate::run_with!(RecordArgs, record);

/// Arguments of `payments status`.
#[derive(Debug, Args)]
#[command(about = "A transfer's status and history from the payment log (exit 0 found, 1 refused)", long_about = STATUS_HELP)]
pub struct StatusArgs {
    /// The payment log file.
    #[arg(long, value_name = "DB")]
    log: PathBuf,

    /// The transfer.
    #[arg(long, value_name = "ID")]
    end_to_end_id: String,

    /// The hub's DID: only its key may have signed the events.
    #[arg(long, value_name = "DID", value_parser = crate::values::controller)]
    hub: Option<String>,
}

fn status(args: &StatusArgs) -> Result<Vec<u8>, CliError> {
    let log = open_log(&args.log, false)?;
    let hub = match &args.hub {
        Some(hub) => hub.clone(),
        None => first_signer(&log, &args.end_to_end_id)?,
    };
    let life = PaymentLog::for_hub(log, hub.clone());
    let status = life.status(&args.end_to_end_id)?;
    let mut out = Map::new();
    out.insert("endToEndId".into(), json!(status.end_to_end_id));
    out.insert("messageId".into(), json!(status.message_id));
    out.insert("status".into(), json!(status.state.as_str()));
    match status.state {
        TransferState::Rejected(reason) => {
            out.insert("reason".into(), json!(reason.code()));
            out.insert("reasonDefinition".into(), json!(reason.definition()));
        }
        TransferState::Pending(stage) => {
            out.insert("stage".into(), json!(stage.as_str()));
        }
        TransferState::Reported(status) => {
            out.insert("bankStatus".into(), json!(status.code()));
            out.insert("bankStatusDefinition".into(), json!(status.definition()));
        }
        _ => {}
    }
    out.insert("hub".into(), json!(hub));
    out.insert(
        "history".into(),
        Value::Array(status.events.iter().map(history_item).collect()),
    );
    output::json_line(&Value::Object(out), false)
}

/// The controller of the key that signed the first entry of the batch holding `end_to_end_id`
/// (the log's verification then holds every entry to it).
fn first_signer(log: &StoredLog, end_to_end_id: &str) -> Result<String, CliError> {
    use govblocks_payments::lifecycle::Log as _;
    let message_id = lifecycle::batch_of(log, end_to_end_id)?;
    let entries = log.entries(&lifecycle::batch_stream(&message_id))?;
    let method = entries
        .first()
        .and_then(|e| e.document.as_deref())
        .and_then(|bytes| serde_json::from_slice::<Value>(bytes).ok())
        .and_then(|v| {
            v.get("proof")
                .and_then(|p| p.get("verificationMethod"))
                .and_then(Value::as_str)
                .map(str::to_owned)
        })
        .ok_or_else(|| {
            CliError::from(govblocks_payments::Error::BatchUnknown {
                message_id: message_id.clone(),
            })
        })?;
    Ok(method
        .split_once('#')
        .map_or(method.as_str(), |(did, _)| did)
        .to_owned())
}

/// One event of a history, without its proof and without the batch's list of end-to-end ids
/// (which may hold 100,000 of them).
fn history_item(logged: &LoggedEvent) -> Value {
    let wire = &logged.wire;
    let mut item = Map::new();
    item.insert("sequence".into(), json!(logged.sequence));
    item.insert("event".into(), json!(wire.event.as_str()));
    item.insert("at".into(), json!(wire.at.to_string()));
    match &logged.event {
        Event::Received { batch_digest } => {
            item.insert("batchDigest".into(), json!(batch_digest.to_string()));
        }
        Event::Verified {
            transactions,
            control_sum,
            totals,
            ..
        } => {
            item.insert("transactions".into(), json!(transactions));
            item.insert("controlSum".into(), json!(control_sum));
            item.insert("totals".into(), json!(totals));
        }
        Event::Approved {
            signer,
            role,
            person,
            signed_at,
        } => {
            item.insert("signer".into(), json!(signer));
            item.insert("role".into(), json!(role.as_str()));
            item.insert("person".into(), json!(person));
            if let Some(t) = signed_at {
                item.insert("signedAt".into(), json!(t.to_string()));
            }
        }
        Event::Settled { end_to_end_id } => {
            item.insert("endToEndId".into(), json!(end_to_end_id));
        }
        Event::Rejected {
            end_to_end_id,
            reason,
        } => {
            item.insert("endToEndId".into(), json!(end_to_end_id));
            item.insert("reason".into(), json!(reason.code()));
        }
        Event::Reported {
            report_id,
            report_digest,
            group_status,
            ..
        } => {
            item.insert("reportId".into(), json!(report_id));
            item.insert("reportDigest".into(), json!(report_digest.to_string()));
            if let Some(status) = group_status {
                item.insert("groupStatus".into(), json!(status.code()));
            }
        }
        Event::Status {
            end_to_end_id,
            status,
            reason,
        } => {
            item.insert("endToEndId".into(), json!(end_to_end_id));
            item.insert("status".into(), json!(status.code()));
            if let Some(reason) = reason {
                item.insert("reason".into(), json!(reason.code()));
            }
        }
        _ => {}
    }
    item.insert("digest".into(), json!(logged.digest.to_string()));
    Value::Object(item)
}

crate::run_with!(StatusArgs, status);
