//! A bank's status report on a released batch — what an ISO 20022 pain.002
//! (`CustomerPaymentStatusReport`) says, read by
//! [`iso20022::pain002`](crate::iso20022::pain002) — and how it goes into the batch's life
//! ([`PaymentLog::import_report`]).
//!
//! # In the log
//!
//! A report becomes, in the batch's stream, one `reported` event (the report's message id, the
//! SHA-256 of its bytes, the group status and each reported block's status, the group's reason)
//! followed by one `status` event per transfer it gives a status to (the ISO
//! `ExternalPaymentTransactionStatus1Code` and the reason), every one signed by the hub like
//! the rest of the life and chained to the one before — **all appended together or none**
//! (one [`Log::append_many`]). A final status settles (`ACSC`, `ACCC`, `CPUC`) or rejects
//! (`RJCT`, `CANC`, with its `ExternalStatusReason1Code`) the transfer, exactly as `settled` and
//! `rejected` do, so [`PaymentLog::status`] answers the same; an interim one (`ACSP`, `PDNG`, …)
//! leaves it open ([`TransferState::Reported`](super::TransferState::Reported)).
//!
//! A **final group or block status** (`GrpSts`, `PmtInfSts`: `ACSC`, `ACCC`, `RJCT`) applies to
//! every transfer of its group or block that the report does not give a status of its own and
//! that has no final outcome yet: each gets its `status` event, with the group's or block's
//! reason. An interim one (`PART`, `ACTC`, …) is kept in the `reported` event only.
//!
//! # What is checked first (nothing is written when one fails)
//!
//! | check | code |
//! | --- | --- |
//! | `OrgnlMsgId` is a batch of the log (and the batch asked for, when one is) | `payments.report_batch_unknown` |
//! | `OrgnlMsgNmId` is a pain.001; `OrgnlNbOfTxs`, `OrgnlCtrlSum` (group and block), when given, are the batch's | `payments.report_batch_mismatch` |
//! | `OrgnlPmtInfId` is a block of the batch (checked when the log records the batch's blocks: batches logged since issue 18) | `payments.report_block_unknown` |
//! | `OrgnlEndToEndId` is a transfer of the batch, of the block it is reported under | `payments.report_transfer_unknown` |
//! | an end-to-end id is reported once in a report | `payments.report_transfer_repeated` |
//! | a transaction's final status agrees with its block's and group's final status | `payments.report_inconsistent` |
//! | the batch was released, the report not taken in before, no status after a transfer's final outcome | `payments.event_out_of_order`, `payments.report_repeated`, `payments.outcome_repeated` |

use super::event::Event;
use super::reason::StatusReason;
use super::status::{GroupStatus, PaymentStatus, StatusKind};
use super::{BatchHistory, Check, PaymentLog};
use crate::batch::rules::ControlSum;
use crate::error::{quote, Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::signer::Signer;
use govblocks_store::log::Log;
use std::collections::{BTreeMap, HashSet};

/// A status and its reason, where the report gives them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reported<S> {
    /// The status.
    pub status: S,
    /// The first ISO reason code given with it (`StsRsnInf/Rsn/Cd`), if any.
    pub reason: Option<StatusReason>,
    /// The XPath-like location of the element that holds the status.
    pub location: String,
}

impl<S> Reported<S> {
    /// A status with its reason at `location`.
    pub fn new(status: S, reason: Option<StatusReason>, location: impl Into<String>) -> Self {
        Reported {
            status,
            reason,
            location: location.into(),
        }
    }
}

/// One transaction's status (`TxInfAndSts`).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TransactionStatus {
    /// `OrgnlEndToEndId`.
    pub end_to_end_id: String,
    /// `TxSts` and its reason; the location is the `TxInfAndSts` element's.
    pub status: Reported<PaymentStatus>,
}

impl TransactionStatus {
    /// Transfer `end_to_end_id`'s status.
    pub fn new(end_to_end_id: impl Into<String>, status: Reported<PaymentStatus>) -> Self {
        TransactionStatus {
            end_to_end_id: end_to_end_id.into(),
            status,
        }
    }
}

/// One block's statuses (`OrgnlPmtInfAndSts`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct BlockStatus {
    /// `OrgnlPmtInfId`.
    pub payment_information_id: String,
    /// `OrgnlNbOfTxs`, as written.
    pub original_transactions: Option<String>,
    /// `OrgnlCtrlSum`, as written.
    pub original_control_sum: Option<String>,
    /// `PmtInfSts` and its reason.
    pub status: Option<Reported<GroupStatus>>,
    /// `TxInfAndSts`, in document order.
    pub transactions: Vec<TransactionStatus>,
    /// The XPath-like location of the `OrgnlPmtInfAndSts` element.
    pub location: String,
}

/// What a status report says (see the [module](self) documentation). Read from XML by
/// [`iso20022::pain002::read`](crate::iso20022::pain002::read).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusReport {
    /// `GrpHdr/MsgId`: the report's own id.
    pub message_id: String,
    /// `GrpHdr/CreDtTm`, as written.
    pub created: String,
    /// The SHA-256 of the report's bytes as received.
    pub digest: ContentDigest,
    /// `OrgnlGrpInfAndSts/OrgnlMsgId`: the batch's message id.
    pub original_message_id: String,
    /// `OrgnlGrpInfAndSts/OrgnlMsgNmId` (`pain.001.001.09`).
    pub original_message_name: String,
    /// `OrgnlGrpInfAndSts/OrgnlNbOfTxs`, as written.
    pub original_transactions: Option<String>,
    /// `OrgnlGrpInfAndSts/OrgnlCtrlSum`, as written.
    pub original_control_sum: Option<String>,
    /// `OrgnlGrpInfAndSts/GrpSts` and its reason.
    pub group_status: Option<Reported<GroupStatus>>,
    /// `OrgnlPmtInfAndSts`, in document order.
    pub blocks: Vec<BlockStatus>,
    /// The XPath-like location of the `OrgnlGrpInfAndSts` element.
    pub location: String,
}

/// What [`PaymentLog::import_report`] recorded.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ImportedReport {
    /// The batch's message id.
    pub message_id: String,
    /// The report's message id.
    pub report_id: String,
    /// The transfers it settled.
    pub settled: u64,
    /// The transfers it rejected.
    pub rejected: u64,
    /// The transfers it gave an interim status.
    pub interim: u64,
    /// The batch's history after it.
    pub history: BatchHistory,
}

fn child(location: &str, name: &str) -> String {
    format!("{location}/{name}")
}

fn mismatch(location: String, reason: String) -> Error {
    Error::ReportBatchMismatch { location, reason }
}

/// Declared figures against the batch's: a count (as written) and a control sum (compared by
/// value).
fn check_figures(
    location: &str,
    what: &str,
    transactions: (Option<&String>, u64),
    control_sum: (Option<&String>, Option<&str>),
) -> Result<()> {
    if let Some(declared) = transactions.0 {
        if declared.parse::<u64>().ok() != Some(transactions.1) {
            return Err(mismatch(
                child(location, "OrgnlNbOfTxs"),
                format!(
                    "{what} holds {} transfers, the report says {:?}",
                    transactions.1,
                    quote(declared)
                ),
            ));
        }
    }
    if let (Some(declared), Some(recorded)) = control_sum {
        let at = child(location, "OrgnlCtrlSum");
        let value = ControlSum::parse(declared).map_err(|e| Error::ReportInvalid {
            location: at.clone(),
            reason: e.to_string(),
        })?;
        if ControlSum::parse(recorded).ok() != Some(value) {
            return Err(mismatch(
                at,
                format!(
                    "{what}'s control sum is {recorded}, the report says {:?}",
                    quote(declared)
                ),
            ));
        }
    }
    Ok(())
}

/// A final transaction status under a final group or block status of the other way.
fn contradicts(status: PaymentStatus, scope: Option<&Reported<GroupStatus>>) -> bool {
    let Some(scope) = scope else { return false };
    matches!(
        (status.kind(), scope.status.kind()),
        (StatusKind::Settled, StatusKind::Rejected) | (StatusKind::Rejected, StatusKind::Settled)
    )
}

impl<L: Log> PaymentLog<L> {
    /// Takes in a bank's status report on a released batch (see the [module](self)
    /// documentation): checks it against the batch's life — which batch, which blocks, which
    /// transfers, the figures — then signs and appends its `reported` event and one `status`
    /// event per transfer it gives a status to, all together or none. `expected`, when given,
    /// is the batch the report must be about.
    ///
    /// Errors: the `payments.report_*` codes of the table above, `payments.event_out_of_order`
    /// (a batch not released), `payments.outcome_repeated`, `store.conflict` when another
    /// writer appended meanwhile; the history's errors ([`PaymentLog::history`]).
    pub fn import_report(
        &self,
        hub: &dyn Signer,
        report: &StatusReport,
        expected: Option<&str>,
        at: Timestamp,
    ) -> Result<ImportedReport> {
        let message_id = report.original_message_id.as_str();
        let id_at = child(&report.location, "OrgnlMsgId");
        if let Some(expected) = expected {
            if expected != message_id {
                return Err(Error::ReportBatchUnknown {
                    location: id_at,
                    message_id: quote(message_id),
                    reason: format!("not batch {:?}", quote(expected)),
                });
            }
        }
        let history = self
            .replay(
                message_id,
                Check::Anchored {
                    end_to_end_id: None,
                },
            )
            .map_err(|e| match e {
                Error::BatchUnknown { .. } => Error::ReportBatchUnknown {
                    location: id_at.clone(),
                    message_id: quote(message_id),
                    reason: "the payment log holds no such batch".to_owned(),
                },
                other => other,
            })?;
        let life = &history.life;
        if !report.original_message_name.starts_with("pain.001.") {
            return Err(mismatch(
                child(&report.location, "OrgnlMsgNmId"),
                format!(
                    "the report is about a {:?} message, the batch is a pain.001",
                    quote(&report.original_message_name)
                ),
            ));
        }
        let transfers = u64::try_from(life.transfers()).unwrap_or(u64::MAX);
        check_figures(
            &report.location,
            "the batch",
            (report.original_transactions.as_ref(), transfers),
            (report.original_control_sum.as_ref(), life.control_sum()),
        )?;
        // Every end-to-end id of the batch, in order (for the final group and block statuses).
        let all_ids: &[String] = history
            .events
            .iter()
            .find_map(|e| match &e.event {
                Event::Verified { end_to_end_ids, .. } => Some(end_to_end_ids.as_slice()),
                _ => None,
            })
            .unwrap_or(&[]);
        let blocks_known = !life.blocks().is_empty();
        let mut block_statuses = BTreeMap::new();
        let mut seen_blocks = HashSet::new();
        let mut reported: HashSet<&str> = HashSet::new();
        let mut events = Vec::new();
        let group = report.group_status.as_ref();
        for block in &report.blocks {
            let id = block.payment_information_id.as_str();
            let id_at = child(&block.location, "OrgnlPmtInfId");
            if !seen_blocks.insert(id) {
                return Err(Error::ReportInvalid {
                    location: id_at,
                    reason: format!("block {:?} is reported twice", quote(id)),
                });
            }
            if blocks_known {
                let Some(summary) = life
                    .blocks()
                    .iter()
                    .find(|b| b.payment_information_id == id)
                else {
                    return Err(Error::ReportBlockUnknown {
                        location: id_at,
                        payment_information_id: quote(id),
                        message_id: quote(message_id),
                    });
                };
                check_figures(
                    &block.location,
                    &format!("block {:?}", quote(id)),
                    (block.original_transactions.as_ref(), summary.transactions),
                    (
                        block.original_control_sum.as_ref(),
                        Some(summary.control_sum.as_str()),
                    ),
                )?;
            }
            if let Some(status) = &block.status {
                block_statuses.insert(id.to_owned(), status.status);
            }
            for tx in &block.transactions {
                let e2e = tx.end_to_end_id.as_str();
                let unknown = |block: Option<String>| Error::ReportTransferUnknown {
                    location: child(&tx.status.location, "OrgnlEndToEndId"),
                    end_to_end_id: quote(e2e),
                    message_id: quote(message_id),
                    block,
                };
                if !life.holds(e2e) {
                    return Err(unknown(None));
                }
                if blocks_known
                    && life
                        .block_of(e2e)
                        .map(|b| b.payment_information_id.as_str())
                        != Some(id)
                {
                    return Err(unknown(Some(quote(id))));
                }
                if !reported.insert(e2e) {
                    return Err(Error::ReportTransferRepeated {
                        location: child(&tx.status.location, "OrgnlEndToEndId"),
                        end_to_end_id: quote(e2e),
                    });
                }
                let status = tx.status.status;
                for scope in [block.status.as_ref(), group] {
                    if contradicts(status, scope) {
                        let scope = scope.map_or("", |s| s.status.code());
                        return Err(Error::ReportInconsistent {
                            location: child(&tx.status.location, "TxSts"),
                            reason: format!(
                                "transfer {:?} is {status} under a {scope} status",
                                quote(e2e)
                            ),
                        });
                    }
                }
                events.push(Event::Status {
                    end_to_end_id: e2e.to_owned(),
                    status,
                    reason: tx.status.reason,
                });
            }
        }
        // Final block statuses, then the final group status, for the transfers not reported.
        let open = |e2e: &str, reported: &HashSet<&str>| {
            !reported.contains(e2e) && life.outcome(e2e) == Some(None)
        };
        let mut filled: Vec<Event> = Vec::new();
        for block in &report.blocks {
            let Some(scope) = &block.status else { continue };
            let Some(status) = scope.status.for_transfers() else {
                continue;
            };
            if !blocks_known {
                return Err(mismatch(
                    child(&block.location, "PmtInfSts"),
                    "the payment log does not record the batch's blocks (it was logged before \
                     they were): report each transaction's status"
                        .to_owned(),
                ));
            }
            let mut start = 0usize;
            for summary in life.blocks() {
                let n = usize::try_from(summary.transactions).unwrap_or(0);
                let end = start.saturating_add(n).min(all_ids.len());
                if summary.payment_information_id == block.payment_information_id {
                    for e2e in all_ids.get(start..end).unwrap_or(&[]) {
                        if open(e2e, &reported) {
                            reported.insert(e2e.as_str());
                            filled.push(Event::Status {
                                end_to_end_id: e2e.clone(),
                                status,
                                reason: scope.reason,
                            });
                        }
                    }
                }
                start = end;
            }
        }
        if let Some(scope) = group {
            if let Some(status) = scope.status.for_transfers() {
                for e2e in all_ids {
                    if open(e2e, &reported) {
                        filled.push(Event::Status {
                            end_to_end_id: e2e.clone(),
                            status,
                            reason: scope.reason,
                        });
                    }
                }
            }
        }
        events.extend(filled);
        let (mut settled, mut rejected, mut interim) = (0u64, 0u64, 0u64);
        for event in &events {
            if let Event::Status { status, .. } = event {
                match status.kind() {
                    StatusKind::Settled => settled += 1,
                    StatusKind::Rejected => rejected += 1,
                    _ => interim += 1,
                }
            }
        }
        events.insert(
            0,
            Event::Reported {
                report_id: report.message_id.clone(),
                report_digest: report.digest,
                group_status: group.map(|g| g.status),
                block_statuses,
                reason: group.and_then(|g| g.reason),
            },
        );
        let head = Some(history.head);
        let history = self.append(hub, history, head, events, at, Vec::new())?;
        Ok(ImportedReport {
            message_id: message_id.to_owned(),
            report_id: report.message_id.clone(),
            settled,
            rejected,
            interim,
            history,
        })
    }
}
