//! The wire shape of a payment event, and its typed view.
//!
//! A [`PaymentEvent`] is what the hub signs and the log keeps, member for member
//! (`schemas/payments/v1/event.json`): the event's kind, the batch's message id, when, the
//! digest of the entry it follows, the members of its kind, and the hub's proof. Reading one
//! here checks each value's own form; [`PaymentEvent::event`] checks that it has exactly the
//! members of its kind and gives the typed [`Event`]. Which event may follow which is the
//! [rules](super::rules)'.
//!
//! | `event` | members | meaning |
//! | --- | --- | --- |
//! | `received` | `batchDigest` | the hub received these bytes (SHA-256, multibase) |
//! | `verified` | `transactions`, `controlSum`, `totals`, `endToEndIds`, `blocks`? | every proof, figure and policy rule held; the transfers the batch holds (and, since issue 18, its payment information blocks: id, count, control sum) |
//! | `approved` | `signer`, `role`, `person`, `signedAt`? | one signature the policy counted: the maker's, or a checker's |
//! | `released` | — | the batch was released to the bank |
//! | `settled` | `endToEndId` | the transfer was paid |
//! | `rejected` | `endToEndId`, `reason` | the transfer was refused, with an ISO 20022 `ExternalStatusReason1Code` |
//! | `reported` | `reportId`, `reportDigest`, `groupStatus`?, `blockStatuses`?, `reason`? | the bank's status report (pain.002) was taken in: its message id, the SHA-256 of its bytes, the group's and the blocks' ISO statuses |
//! | `status` | `endToEndId`, `status`, `reason`? | the bank's status for one transfer (an ISO `ExternalPaymentTransactionStatus1Code`): final (`ACSC`, `ACCC`, `CPUC` settle it; `RJCT`, `CANC` reject it, `reason` then required) or interim (`ACSP`, `PDNG`, …) |
//!
//! `reported` and `status` came with issue 18: a log written before has none, and a `verified`
//! event without `blocks` (written before) still reads; such a batch's status reports are
//! matched by end-to-end id only (a report's payment information ids cannot be checked).
//!
//! Every event has `type` (`PaymentEvent`), `event`, `messageId`, `at`, `previous` (absent on
//! the first event of a batch) and, once signed, `proof`.

use super::reason::StatusReason;
use super::status::{GroupStatus, PaymentStatus, StatusKind};
use crate::approval::SignerRole;
use crate::error::{quote, Error, Result};
use crate::schemas::{ids, registry};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::ProofPurpose;
use govblocks_core::schema::SchemaRegistry;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// The value of an event's `type` member.
pub const EVENT_TYPE: &str = "PaymentEvent";

/// What happened to a batch or to one of its transfers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum EventKind {
    /// The hub received the batch.
    Received,
    /// The hub verified it.
    Verified,
    /// One signature the policy counted.
    Approved,
    /// Released to the bank.
    Released,
    /// A transfer paid.
    Settled,
    /// A transfer refused.
    Rejected,
    /// The bank's status report taken in.
    Reported,
    /// The bank's status for one transfer.
    Status,
}

impl EventKind {
    /// The kind's name on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            EventKind::Received => "received",
            EventKind::Verified => "verified",
            EventKind::Approved => "approved",
            EventKind::Released => "released",
            EventKind::Settled => "settled",
            EventKind::Rejected => "rejected",
            EventKind::Reported => "reported",
            EventKind::Status => "status",
        }
    }
}

/// A payment event as signed and logged (see the [module](self) documentation).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct PaymentEvent {
    /// Always [`EVENT_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// What happened.
    pub event: EventKind,
    /// The batch's message id (its stream in the log).
    pub message_id: String,
    /// When, as the hub's clock read it.
    pub at: Timestamp,
    /// The digest of the batch's entry before this one (absent on its first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<ContentDigest>,
    /// `received`: the SHA-256 of the bytes received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub batch_digest: Option<ContentDigest>,
    /// `verified`: the number of transfers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub transactions: Option<u64>,
    /// `verified`: the batch's control sum, as declared and checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub control_sum: Option<String>,
    /// `verified`: the total in each currency, fixed form.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub totals: Option<BTreeMap<String, String>>,
    /// `verified`: every end-to-end id of the batch, in document order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_to_end_ids: Option<Vec<String>>,
    /// `approved`: the signer's key (DID).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// `approved`: the role it signed in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<SignerRole>,
    /// `approved`: the person the policy maps the key to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// `approved`: the signer's proof's `created`, when it had one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<Timestamp>,
    /// `settled`, `rejected`: the transfer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_to_end_id: Option<String>,
    /// `rejected`: why; `reported`, `status`: the reason the bank gave, when it gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<StatusReason>,
    /// `verified`: the batch's payment information blocks, in order (absent in logs written
    /// before issue 18).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub blocks: Option<Vec<BlockSummary>>,
    /// `reported`: the report's message id (pain.002 `GrpHdr/MsgId`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_id: Option<String>,
    /// `reported`: the SHA-256 of the report's bytes as received.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub report_digest: Option<ContentDigest>,
    /// `reported`: the group status (`OrgnlGrpInfAndSts/GrpSts`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_status: Option<GroupStatus>,
    /// `reported`: each reported block's status (`OrgnlPmtInfAndSts/PmtInfSts`), by payment
    /// information id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub block_statuses: Option<BTreeMap<String, GroupStatus>>,
    /// `status`: the transfer's ISO status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<PaymentStatus>,
    /// The hub's proof.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

/// One payment information block of a verified batch: its id, how many transfers it holds
/// (they follow each other in the batch's `endToEndIds`) and its control sum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct BlockSummary {
    /// `PmtInfId`.
    pub payment_information_id: String,
    /// The number of its transfers.
    pub transactions: u64,
    /// Its control sum, in its currency, as declared and checked.
    pub control_sum: String,
}

impl BlockSummary {
    /// A block's summary.
    pub fn new(
        payment_information_id: impl Into<String>,
        transactions: u64,
        control_sum: impl Into<String>,
    ) -> BlockSummary {
        BlockSummary {
            payment_information_id: payment_information_id.into(),
            transactions,
            control_sum: control_sum.into(),
        }
    }
}

/// What an event says, typed: the members of its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Event {
    /// The hub received the batch whose bytes have this digest.
    Received {
        /// SHA-256 of the bytes received.
        batch_digest: ContentDigest,
    },
    /// The hub verified the batch.
    Verified {
        /// The number of transfers.
        transactions: u64,
        /// The control sum.
        control_sum: String,
        /// The total in each currency.
        totals: BTreeMap<String, String>,
        /// Every end-to-end id, in document order.
        end_to_end_ids: Vec<String>,
        /// The payment information blocks, in order (empty in logs written before issue 18).
        blocks: Vec<BlockSummary>,
    },
    /// One signature the policy counted.
    Approved {
        /// The signer's key.
        signer: String,
        /// Its role.
        role: SignerRole,
        /// The person.
        person: String,
        /// The proof's `created`.
        signed_at: Option<Timestamp>,
    },
    /// Released to the bank.
    Released,
    /// A transfer paid.
    Settled {
        /// The transfer.
        end_to_end_id: String,
    },
    /// A transfer refused.
    Rejected {
        /// The transfer.
        end_to_end_id: String,
        /// Why.
        reason: StatusReason,
    },
    /// The bank's status report taken in.
    Reported {
        /// The report's message id.
        report_id: String,
        /// The SHA-256 of its bytes.
        report_digest: ContentDigest,
        /// The group status.
        group_status: Option<GroupStatus>,
        /// Each reported block's status.
        block_statuses: BTreeMap<String, GroupStatus>,
        /// The group's reason.
        reason: Option<StatusReason>,
    },
    /// The bank's status for one transfer.
    Status {
        /// The transfer.
        end_to_end_id: String,
        /// Its ISO status.
        status: PaymentStatus,
        /// The reason (required for a rejecting status).
        reason: Option<StatusReason>,
    },
}

impl Event {
    /// Its kind.
    pub fn kind(&self) -> EventKind {
        match self {
            Event::Received { .. } => EventKind::Received,
            Event::Verified { .. } => EventKind::Verified,
            Event::Approved { .. } => EventKind::Approved,
            Event::Released => EventKind::Released,
            Event::Settled { .. } => EventKind::Settled,
            Event::Rejected { .. } => EventKind::Rejected,
            Event::Reported { .. } => EventKind::Reported,
            Event::Status { .. } => EventKind::Status,
        }
    }

    /// The transfer an outcome is about.
    pub fn end_to_end_id(&self) -> Option<&str> {
        match self {
            Event::Settled { end_to_end_id }
            | Event::Rejected { end_to_end_id, .. }
            | Event::Status { end_to_end_id, .. } => Some(end_to_end_id),
            _ => None,
        }
    }
}

impl PaymentEvent {
    /// The unsigned event `event` of batch `message_id` at `at`, after the entry whose digest
    /// is `previous`.
    pub fn new(
        message_id: impl Into<String>,
        at: Timestamp,
        previous: Option<ContentDigest>,
        event: Event,
    ) -> PaymentEvent {
        let mut wire = PaymentEvent {
            kind: EVENT_TYPE.to_owned(),
            event: event.kind(),
            message_id: message_id.into(),
            at,
            previous,
            batch_digest: None,
            transactions: None,
            control_sum: None,
            totals: None,
            end_to_end_ids: None,
            signer: None,
            role: None,
            person: None,
            signed_at: None,
            end_to_end_id: None,
            reason: None,
            blocks: None,
            report_id: None,
            report_digest: None,
            group_status: None,
            block_statuses: None,
            status: None,
            proof: None,
        };
        match event {
            Event::Received { batch_digest } => wire.batch_digest = Some(batch_digest),
            Event::Verified {
                transactions,
                control_sum,
                totals,
                end_to_end_ids,
                blocks,
            } => {
                wire.transactions = Some(transactions);
                wire.control_sum = Some(control_sum);
                wire.totals = Some(totals);
                wire.end_to_end_ids = Some(end_to_end_ids);
                wire.blocks = (!blocks.is_empty()).then_some(blocks);
            }
            Event::Approved {
                signer,
                role,
                person,
                signed_at,
            } => {
                wire.signer = Some(signer);
                wire.role = Some(role);
                wire.person = Some(person);
                wire.signed_at = signed_at;
            }
            Event::Released => {}
            Event::Settled { end_to_end_id } => wire.end_to_end_id = Some(end_to_end_id),
            Event::Rejected {
                end_to_end_id,
                reason,
            } => {
                wire.end_to_end_id = Some(end_to_end_id);
                wire.reason = Some(reason);
            }
            Event::Reported {
                report_id,
                report_digest,
                group_status,
                block_statuses,
                reason,
            } => {
                wire.report_id = Some(report_id);
                wire.report_digest = Some(report_digest);
                wire.group_status = group_status;
                wire.block_statuses = (!block_statuses.is_empty()).then_some(block_statuses);
                wire.reason = reason;
            }
            Event::Status {
                end_to_end_id,
                status,
                reason,
            } => {
                wire.end_to_end_id = Some(end_to_end_id);
                wire.status = Some(status);
                wire.reason = reason;
            }
        }
        wire
    }

    /// The typed event: `payments.event_invalid` when `type` is not [`EVENT_TYPE`] or the
    /// members are not exactly those of its kind.
    pub fn event(&self) -> Result<Event> {
        let invalid = |what: &str| Error::EventInvalid {
            reason: format!(
                "batch {:?}, {} event: {what}",
                quote(&self.message_id),
                self.event.as_str()
            ),
        };
        if self.kind != EVENT_TYPE {
            return Err(invalid(&format!("type must be {EVENT_TYPE}")));
        }
        let present = [
            ("batchDigest", self.batch_digest.is_some()),
            ("transactions", self.transactions.is_some()),
            ("controlSum", self.control_sum.is_some()),
            ("totals", self.totals.is_some()),
            ("endToEndIds", self.end_to_end_ids.is_some()),
            ("signer", self.signer.is_some()),
            ("role", self.role.is_some()),
            ("person", self.person.is_some()),
            ("signedAt", self.signed_at.is_some()),
            ("endToEndId", self.end_to_end_id.is_some()),
            ("reason", self.reason.is_some()),
            ("blocks", self.blocks.is_some()),
            ("reportId", self.report_id.is_some()),
            ("reportDigest", self.report_digest.is_some()),
            ("groupStatus", self.group_status.is_some()),
            ("blockStatuses", self.block_statuses.is_some()),
            ("status", self.status.is_some()),
        ];
        let (required, optional): (&[&str], &[&str]) = match self.event {
            EventKind::Received => (&["batchDigest"], &[]),
            EventKind::Verified => (
                &["transactions", "controlSum", "totals", "endToEndIds"],
                &["blocks"],
            ),
            EventKind::Approved => (&["signer", "role", "person"], &["signedAt"]),
            EventKind::Released => (&[], &[]),
            EventKind::Settled => (&["endToEndId"], &[]),
            EventKind::Rejected => (&["endToEndId", "reason"], &[]),
            EventKind::Reported => (
                &["reportId", "reportDigest"],
                &["groupStatus", "blockStatuses", "reason"],
            ),
            EventKind::Status => (&["endToEndId", "status"], &["reason"]),
        };
        for (name, is) in present {
            if required.contains(&name) && !is {
                return Err(invalid(&format!("{name} is missing")));
            }
            if is && !required.contains(&name) && !optional.contains(&name) {
                return Err(invalid(&format!("{name} does not belong to it")));
            }
        }
        let missing = || invalid("a member is missing");
        Ok(match self.event {
            EventKind::Received => Event::Received {
                batch_digest: self.batch_digest.ok_or_else(missing)?,
            },
            EventKind::Verified => {
                let ids = self.end_to_end_ids.clone().ok_or_else(missing)?;
                let transactions = self.transactions.ok_or_else(missing)?;
                if u64::try_from(ids.len()).ok() != Some(transactions) {
                    return Err(invalid(&format!(
                        "{} end-to-end ids for {transactions} transactions",
                        ids.len()
                    )));
                }
                let blocks = self.blocks.clone().unwrap_or_default();
                if self.blocks.is_some() {
                    let sum = blocks
                        .iter()
                        .try_fold(0u64, |sum, b| sum.checked_add(b.transactions));
                    if sum != Some(transactions) || blocks.iter().any(|b| b.transactions == 0) {
                        return Err(invalid(&format!(
                            "its blocks do not add up to {transactions} transactions"
                        )));
                    }
                }
                Event::Verified {
                    transactions,
                    control_sum: self.control_sum.clone().ok_or_else(missing)?,
                    totals: self.totals.clone().ok_or_else(missing)?,
                    end_to_end_ids: ids,
                    blocks,
                }
            }
            EventKind::Approved => Event::Approved {
                signer: self.signer.clone().ok_or_else(missing)?,
                role: self.role.ok_or_else(missing)?,
                person: self.person.clone().ok_or_else(missing)?,
                signed_at: self.signed_at,
            },
            EventKind::Released => Event::Released,
            EventKind::Settled => Event::Settled {
                end_to_end_id: self.end_to_end_id.clone().ok_or_else(missing)?,
            },
            EventKind::Rejected => Event::Rejected {
                end_to_end_id: self.end_to_end_id.clone().ok_or_else(missing)?,
                reason: self.reason.ok_or_else(missing)?,
            },
            EventKind::Reported => Event::Reported {
                report_id: self.report_id.clone().ok_or_else(missing)?,
                report_digest: self.report_digest.ok_or_else(missing)?,
                group_status: self.group_status,
                block_statuses: self.block_statuses.clone().unwrap_or_default(),
                reason: self.reason,
            },
            EventKind::Status => {
                let status = self.status.ok_or_else(missing)?;
                if status.kind() == StatusKind::Rejected && self.reason.is_none() {
                    return Err(invalid(&format!("a {status} status without a reason")));
                }
                Event::Status {
                    end_to_end_id: self.end_to_end_id.clone().ok_or_else(missing)?,
                    status,
                    reason: self.reason,
                }
            }
        })
    }
}

impl Document for PaymentEvent {
    const SCHEMA: &'static str = ids::EVENT;
    type Error = Error;

    /// The event's own shape ([`PaymentEvent::event`]) and an `assertionMethod` proof. Who may
    /// sign is the verifier's trust list (the hub's key); what may follow what is the
    /// [rules](super::rules)', which need the batch's other events.
    fn check(&self, context: &Context<'_>) -> Result<()> {
        self.event()?;
        if context
            .proofs()
            .iter()
            .any(|p| p.purpose != ProofPurpose::AssertionMethod)
        {
            return Err(Error::EventInvalid {
                reason: format!(
                    "batch {:?}: an event is signed with assertionMethod proofs",
                    quote(&self.message_id)
                ),
            });
        }
        Ok(())
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}
