//! The order of a batch's life: which event may follow which.
//!
//! ```text
//! received ─► verified ─► approved (maker) ─► approved (checker)… ─► released ─► settled / rejected, per transfer
//!                                                                          └─► reported (a bank's status report) ─► status, per transfer
//! ```
//!
//! | rule | code |
//! | --- | --- |
//! | the first event is `received`, and there is one | `payments.event_out_of_order` |
//! | `verified` follows `received`, once | `payments.event_out_of_order` |
//! | `approved` follows `verified` (or another `approved`), never after `released`; the first is the maker's, then checkers' | `payments.event_out_of_order` |
//! | `released` follows at least one checker's `approved`, once | `payments.event_out_of_order` |
//! | an outcome (`settled`, `rejected`), a `reported` report and a transfer's `status` follow `released` | `payments.event_out_of_order` |
//! | an outcome or a `status` names a transfer of the batch (one of `verified`'s end-to-end ids) | `payments.transfer_not_in_batch` |
//! | a transfer has one final outcome (`settled`, `rejected`, or a final `status`: `ACSC`, `ACCC`, `CPUC` settle, `RJCT`, `CANC` reject); no `status` after it | `payments.outcome_repeated` |
//! | a report (its `reportId`) is taken in once | `payments.report_repeated` |
//! | no event is dated before the one it follows | `payments.event_out_of_order` |
//! | every event names the batch's message id | `payments.event_invalid` |
//!
//! [`BatchLife::apply`] checks one event against the life so far and, only when it is allowed,
//! takes it in: a refused event changes nothing. Each check is constant time (the transfers are
//! a hash map), so replaying a batch's whole life is linear in its events.

use super::event::{BlockSummary, Event, EventKind};
use super::reason::StatusReason;
use super::status::{PaymentStatus, StatusKind};
use crate::approval::SignerRole;
use crate::error::{quote, Error, Result};
use govblocks_core::clock::Timestamp;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// How far a batch has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Stage {
    /// Nothing logged yet.
    New,
    /// Received.
    Received,
    /// Verified.
    Verified,
    /// At least one signature logged.
    Approved,
    /// Released to the bank.
    Released,
}

impl Stage {
    /// Its name.
    pub fn as_str(self) -> &'static str {
        match self {
            Stage::New => "new",
            Stage::Received => "received",
            Stage::Verified => "verified",
            Stage::Approved => "approved",
            Stage::Released => "released",
        }
    }
}

/// A transfer's final outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Outcome {
    /// Paid.
    Settled,
    /// Refused, with this reason.
    Rejected(StatusReason),
}

impl Outcome {
    /// `settled` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Settled => "settled",
            Outcome::Rejected(_) => "rejected",
        }
    }
}

/// A batch's life so far, replayed from its events (see the [module](self) documentation).
#[derive(Debug, Clone)]
pub struct BatchLife {
    message_id: String,
    stage: Stage,
    last_at: Option<Timestamp>,
    checkers: u32,
    /// End-to-end id → (position in the batch, outcome so far).
    transfers: HashMap<String, (usize, Option<Outcome>)>,
    settled: u64,
    rejected: u64,
    /// `verified`'s control sum.
    control_sum: Option<String>,
    /// `verified`'s blocks (empty in logs written before issue 18), and where each ends in
    /// the transfers' order.
    blocks: Vec<BlockSummary>,
    block_ends: Vec<usize>,
    /// The reports taken in, by id.
    reports: HashSet<String>,
    /// Each open transfer's latest interim status.
    interim: HashMap<String, PaymentStatus>,
}

impl BatchLife {
    /// The life of batch `message_id` before its first event.
    pub fn new(message_id: impl Into<String>) -> BatchLife {
        BatchLife {
            message_id: message_id.into(),
            stage: Stage::New,
            last_at: None,
            checkers: 0,
            transfers: HashMap::new(),
            settled: 0,
            rejected: 0,
            control_sum: None,
            blocks: Vec::new(),
            block_ends: Vec::new(),
            reports: HashSet::new(),
            interim: HashMap::new(),
        }
    }

    /// The control sum `verified` recorded.
    pub fn control_sum(&self) -> Option<&str> {
        self.control_sum.as_deref()
    }

    /// The batch's payment information blocks, in order, as `verified` recorded them (empty
    /// for a batch logged before issue 18).
    pub fn blocks(&self) -> &[BlockSummary] {
        &self.blocks
    }

    /// The block that holds transfer `end_to_end_id`, when the batch holds it and its blocks
    /// are recorded.
    pub fn block_of(&self, end_to_end_id: &str) -> Option<&BlockSummary> {
        let (position, _) = self.transfers.get(end_to_end_id)?;
        let at = self.block_ends.partition_point(|end| end <= position);
        self.blocks.get(at)
    }

    /// Whether the report `report_id` was taken in.
    pub fn has_report(&self, report_id: &str) -> bool {
        self.reports.contains(report_id)
    }

    /// The transfer's latest interim status from a bank's report (`ACSP`, `PDNG`, …), while it
    /// has no final outcome.
    pub fn interim(&self, end_to_end_id: &str) -> Option<PaymentStatus> {
        self.interim.get(end_to_end_id).copied()
    }

    /// The batch's message id.
    pub fn message_id(&self) -> &str {
        &self.message_id
    }

    /// How far it has come.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// When its last event happened.
    pub fn last_at(&self) -> Option<Timestamp> {
        self.last_at
    }

    /// Whether the batch holds the transfer `end_to_end_id` (known once `verified`).
    pub fn holds(&self, end_to_end_id: &str) -> bool {
        self.transfers.contains_key(end_to_end_id)
    }

    /// The transfer's outcome so far: `None` when the batch does not hold it, `Some(None)`
    /// when it has none yet.
    pub fn outcome(&self, end_to_end_id: &str) -> Option<Option<Outcome>> {
        self.transfers
            .get(end_to_end_id)
            .map(|(_, outcome)| *outcome)
    }

    /// How many transfers the batch holds.
    pub fn transfers(&self) -> usize {
        self.transfers.len()
    }

    /// How many are settled.
    pub fn settled(&self) -> u64 {
        self.settled
    }

    /// How many are rejected.
    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    /// Takes in `event` of batch `message_id` at `at` if the life allows it (see the
    /// [module](self) documentation); a refused event changes nothing.
    pub fn apply(&mut self, message_id: &str, at: Timestamp, event: &Event) -> Result<()> {
        if message_id != self.message_id {
            return Err(Error::EventInvalid {
                reason: format!(
                    "an event of batch {:?} in the life of batch {:?}",
                    quote(message_id),
                    quote(&self.message_id)
                ),
            });
        }
        let kind = event.kind();
        if let Some(last) = self.last_at {
            if at < last {
                return Err(self.out_of_order(kind, format!("dated {at}, before {last}")));
            }
        }
        let stage = self.stage;
        let wrong = |this: &Self, after: &str| this.out_of_order(kind, after.to_owned());
        match event {
            Event::Received { .. } => {
                if stage != Stage::New {
                    return Err(wrong(self, "twice"));
                }
                self.stage = Stage::Received;
            }
            Event::Verified {
                end_to_end_ids,
                control_sum,
                blocks,
                ..
            } => match stage {
                Stage::Received => {
                    let mut transfers = HashMap::with_capacity(end_to_end_ids.len());
                    for (n, id) in end_to_end_ids.iter().enumerate() {
                        if transfers.insert(id.clone(), (n, None)).is_some() {
                            return Err(Error::EventInvalid {
                                reason: format!(
                                    "batch {:?}: end-to-end id {:?} listed twice",
                                    quote(&self.message_id),
                                    quote(id)
                                ),
                            });
                        }
                    }
                    let mut block_ends = Vec::with_capacity(blocks.len());
                    let mut end = 0usize;
                    for block in blocks {
                        end = end.saturating_add(usize::try_from(block.transactions).unwrap_or(0));
                        block_ends.push(end);
                    }
                    if !blocks.is_empty() && end != end_to_end_ids.len() {
                        return Err(Error::EventInvalid {
                            reason: format!(
                                "batch {:?}: its blocks hold {end} transfers, not {}",
                                quote(&self.message_id),
                                end_to_end_ids.len()
                            ),
                        });
                    }
                    self.transfers = transfers;
                    self.control_sum = Some(control_sum.clone());
                    self.blocks = blocks.clone();
                    self.block_ends = block_ends;
                    self.stage = Stage::Verified;
                }
                Stage::New => return Err(wrong(self, "before received")),
                _ => return Err(wrong(self, "twice")),
            },
            Event::Approved { role, .. } => match (stage, role) {
                (Stage::Verified, SignerRole::Maker) => self.stage = Stage::Approved,
                (Stage::Verified, SignerRole::Checker) => {
                    return Err(wrong(self, "by a checker before the maker's"))
                }
                (Stage::Approved, SignerRole::Checker) => {
                    self.checkers = self.checkers.saturating_add(1);
                }
                (Stage::Approved, SignerRole::Maker) => {
                    return Err(wrong(self, "by a second maker"))
                }
                (Stage::Released, _) => return Err(wrong(self, "after released")),
                _ => return Err(wrong(self, "before verified")),
            },
            Event::Released => match stage {
                Stage::Approved if self.checkers > 0 => self.stage = Stage::Released,
                Stage::Released => return Err(wrong(self, "twice")),
                Stage::New | Stage::Received => return Err(wrong(self, "before verified")),
                _ => return Err(wrong(self, "before a checker approved")),
            },
            Event::Settled { end_to_end_id } | Event::Rejected { end_to_end_id, .. } => {
                if stage != Stage::Released {
                    return Err(wrong(self, "before released"));
                }
                let Some((_, outcome)) = self.transfers.get_mut(end_to_end_id.as_str()) else {
                    return Err(Error::TransferNotInBatch {
                        end_to_end_id: quote(end_to_end_id),
                        message_id: quote(&self.message_id),
                    });
                };
                if let Some(before) = outcome {
                    return Err(Error::OutcomeRepeated {
                        end_to_end_id: quote(end_to_end_id),
                        outcome: before.as_str(),
                    });
                }
                *outcome = Some(match event {
                    Event::Rejected { reason, .. } => {
                        self.rejected = self.rejected.saturating_add(1);
                        Outcome::Rejected(*reason)
                    }
                    _ => {
                        self.settled = self.settled.saturating_add(1);
                        Outcome::Settled
                    }
                });
                self.interim.remove(end_to_end_id.as_str());
            }
            Event::Reported { report_id, .. } => {
                if stage != Stage::Released {
                    return Err(wrong(self, "before released"));
                }
                if self.reports.contains(report_id) {
                    return Err(Error::ReportRepeated {
                        report_id: quote(report_id),
                        message_id: quote(&self.message_id),
                    });
                }
                self.reports.insert(report_id.clone());
            }
            Event::Status {
                end_to_end_id,
                status,
                reason,
            } => {
                if stage != Stage::Released {
                    return Err(wrong(self, "before released"));
                }
                let Some((_, outcome)) = self.transfers.get_mut(end_to_end_id.as_str()) else {
                    return Err(Error::TransferNotInBatch {
                        end_to_end_id: quote(end_to_end_id),
                        message_id: quote(&self.message_id),
                    });
                };
                if let Some(before) = outcome {
                    return Err(Error::OutcomeRepeated {
                        end_to_end_id: quote(end_to_end_id),
                        outcome: before.as_str(),
                    });
                }
                match (status.kind(), reason) {
                    (StatusKind::Settled, _) => {
                        *outcome = Some(Outcome::Settled);
                        self.settled = self.settled.saturating_add(1);
                        self.interim.remove(end_to_end_id.as_str());
                    }
                    (StatusKind::Rejected, Some(reason)) => {
                        *outcome = Some(Outcome::Rejected(*reason));
                        self.rejected = self.rejected.saturating_add(1);
                        self.interim.remove(end_to_end_id.as_str());
                    }
                    (StatusKind::Rejected, None) => {
                        return Err(Error::EventInvalid {
                            reason: format!(
                                "batch {:?}: transfer {:?} {status} without a reason",
                                quote(&self.message_id),
                                quote(end_to_end_id)
                            ),
                        })
                    }
                    _ => {
                        self.interim.insert(end_to_end_id.clone(), *status);
                    }
                }
            }
        }
        self.last_at = Some(at);
        Ok(())
    }

    fn out_of_order(&self, kind: EventKind, reason: String) -> Error {
        Error::EventOutOfOrder {
            message_id: quote(&self.message_id),
            event: kind.as_str(),
            reason,
        }
    }
}
