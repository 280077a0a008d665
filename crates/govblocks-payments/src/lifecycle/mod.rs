//! The batch's life, kept: every event of a batch — received, verified, approved (by whom, in
//! which role), released to the bank, and each transfer's outcome (settled, or rejected with an
//! ISO 20022 reason code), and the bank's status reports on it (pain.002: see [`report`]) — as an entry signed by the hub in `govblocks-store`'s
//! [chained log](govblocks_store::log), so that an auditor can replay who approved and released
//! what and when, and a changed, removed or reordered entry is detected.
//!
//! ```
//! use govblocks_payments::lifecycle::{Event, PaymentLog, StatusReason, TransferState};
//! use govblocks_payments::prelude::*;
//! # use govblocks_core::keys::SecretKey;
//! # let hub = SecretKey::from_seed(&[9; 32]);
//! # let maker = SecretKey::from_seed(&[1; 32]);
//! # let checker = SecretKey::from_seed(&[2; 32]);
//! # let ministry = Party::new("Ministry", PartyIdentifier::new("MSA")?)?;
//! # let from = Account::Iban(Iban::parse("DE89370400440532013000")?);
//! # let batch = BatchBuilder::new("MSG-1", "2026-12-06T09:00:00Z".parse()?, ministry.clone())
//! #     .block(BlockBuilder::new("PMT-1", ministry.clone(), from, "2026-12-07")
//! #         .transfer(CreditTransfer::to_alias("E2E-1", Money::parse_in("USD", "10")?, ministry.clone(), Alias::parse("NID-1")?))
//! #         .transfer(CreditTransfer::to_alias("E2E-2", Money::parse_in("USD", "20")?, ministry, Alias::parse("NID-2")?)))
//! #     .build()?;
//! # let approved = approve(sign_as_maker(&batch, &maker)?, &checker)?;
//! # let bytes = approved.to_string().into_bytes();
//! # let policy = ApprovalPolicy::new(vec![maker.public_key().did()], vec![checker.public_key().did()], 1, vec![], Default::default())?;
//! # let verifier = BatchVerifier::new(Verifier::new(DidKeyResolver, policy.trust_list()), policy);
//! // The hub's log, in memory here (`lifecycle::open` for the SQLite file).
//! let life = PaymentLog::for_hub(govblocks_payments::lifecycle::memory(), hub.public_key().did());
//! let at = |t: &str| t.parse::<Timestamp>();
//!
//! // Verified: received, verified and approved go in together.
//! let accepted = verifier.verify_resolved(&bytes)?;
//! life.start(&hub, &bytes, accepted.batch.value(), &accepted.approval, at("2026-12-06T10:00:00Z")?)?;
//! life.release(&hub, "MSG-1", at("2026-12-06T11:00:00Z")?)?;
//! life.settle(&hub, "E2E-1", at("2026-12-07T09:00:00Z")?)?;
//! life.reject(&hub, "E2E-2", StatusReason::parse("AC04")?, at("2026-12-07T09:05:00Z")?)?;
//!
//! // A person's transfer, by end-to-end id; a second outcome is refused.
//! assert_eq!(life.status("E2E-2")?.state, TransferState::Rejected(StatusReason::parse("AC04")?));
//! assert_eq!(life.settle(&hub, "E2E-2", at("2026-12-07T10:00:00Z")?).unwrap_err().code(), "payments.outcome_repeated");
//! // The auditor's replay: every signature, every link, every rule.
//! let history = life.history("MSG-1")?;
//! assert_eq!(history.events.len(), 7); // received, verified, maker, checker, released, 2 outcomes
//! # Ok::<(), govblocks_payments::Error>(())
//! ```
//!
//! # In the log
//!
//! * **One stream per batch**, `payments.batch:<message id>`: its events, in order. Each
//!   event is a [`PaymentEvent`] (`schemas/payments/v1/event.json`) signed by the hub's key
//!   (eddsa-jcs-2022, through core's [`Signer`] trait: a key in memory, an HSM), stored as its
//!   RFC 8785 canonical bytes. Each event names, in what is signed, the digest of the entry
//!   before it (`previous`), so the order is the hub's signed word, not only the log's.
//! * **One index stream per transfer**, `payments.transfer:<end-to-end id>`, holding one
//!   unsigned entry `{"endToEndId","messageId","type":"PaymentTransferIndex"}`: how a transfer
//!   is found by its end-to-end id. It is a pointer, not evidence: [`PaymentLog::status`]
//!   follows it and then checks, in the batch's signed `verified` event, that the batch holds
//!   the transfer. (Signing it would cost one signature per transfer, 100,000 per batch.)
//! * The events of a batch's start — `received`, `verified`, one `approved` per signature the
//!   policy counted — and every index entry are appended **all together or not at all**
//!   ([`Log::append_many`]); later events are appended on the batch's head
//!   (compare-and-append): two hubs recording on one batch at once cannot both win, the loser
//!   gets `store.conflict` and nothing is written.
//!
//! # What an auditor gets
//!
//! [`PaymentLog::history`] reads a batch's stream and, entry by entry: verifies the hub's
//! signature (the verifier's trust list names the hub's key), checks `previous` against the
//! log's link, checks the event's members ([`PaymentEvent::event`]) and the
//! [order of the life](self::rules) — so the whole history comes back, or an error:
//!
//! | what happened to the file | found as |
//! | --- | --- |
//! | an entry's bytes changed | `store.tampered` (digest mismatch); if the digests and links were recomputed too, a signature that does not verify (the head, or any entry for [`PaymentLog::history`]) or `payments.event_invalid` (an earlier entry: the next one signed its old digest) |
//! | an entry removed | `store.tampered` (a missing sequence, a broken link) |
//! | two entries swapped | `store.tampered` (links), or `payments.event_invalid` (`previous` is signed) if the links were rewritten |
//! | an event inserted by someone without the hub's key | `trust.*` or a proof that does not verify (appended at the head), `store.tampered` or `payments.event_invalid` (inserted before an entry, whose signed `previous` names another digest) |
//!
//! A SQLite log ([`open`]) checks every chain when it is opened, too. What no digest can catch
//! is a consistent truncation by someone with write access (the latest entries cut off and the
//! head moved back): an auditor who noted a batch's head digest ([`BatchHistory::head`]) detects
//! it by comparing.
//!
//! # Writing
//!
//! Each write replays the batch's history first, checks the new events against the rules,
//! signs them and appends them: a write costs one replay of the batch. Outcomes for many
//! transfers go in one [`PaymentLog::record`] call (one replay, one append) rather than one
//! call each.
//!
//! # Anchored replays
//!
//! [`PaymentLog::history`], the auditor's replay, verifies every entry's signature.
//! [`PaymentLog::status`] and [`PaymentLog::record`] verify the signatures of the head (the
//! last entry), of every event that is not an outcome (received, verified, approved,
//! released: a handful) and of the outcomes of the transfer asked about; every other entry is
//! read, its link and its place in the life checked, but its signature not verified. Nothing is
//! lost: each event signs the digest of the entry before it, and the log checks each entry's
//! bytes against its digest, so the head's signature fixes the bytes of every entry before it
//! (a hash chain anchored by a signature), and the hub signs a new head only after the old one
//! verified. A batch of 100,000 settled transfers costs its status a few signature
//! verifications, not 100,000.

pub mod event;
pub mod reason;
pub mod report;
pub mod rules;
pub mod status;

pub use event::{BlockSummary, Event, EventKind, PaymentEvent, EVENT_TYPE};
pub use reason::{StatusReason, STATUS_REASONS};
pub use report::{BlockStatus, ImportedReport, Reported, StatusReport, TransactionStatus};
pub use rules::{BatchLife, Outcome, Stage};
pub use status::{GroupStatus, PaymentStatus, StatusKind, GROUP_STATUSES, PAYMENT_STATUSES};

use crate::approval::Approval;
use crate::batch::model::Batch;
use crate::error::{quote, Error, Result};
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::Document;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::signer::Signer;
pub use govblocks_store::log::memory::MemoryLog;
#[cfg(feature = "sqlite")]
pub use govblocks_store::log::sqlite::{SqliteLog, SqliteLogOptions};
pub use govblocks_store::log::{Log, NewEntry, StoredEntry};
#[cfg(feature = "sqlite")]
pub use govblocks_store::sqlite_file::{Access, OpenOptions};
use serde::{Deserialize, Serialize};

/// The prefix of a batch's stream id: `payments.batch:<message id>`.
pub const BATCH_STREAM: &str = "payments.batch:";

/// The prefix of a transfer's index stream id: `payments.transfer:<end-to-end id>`.
pub const TRANSFER_STREAM: &str = "payments.transfer:";

/// The value of an index entry's `type` member.
pub const INDEX_TYPE: &str = "PaymentTransferIndex";

/// The payment log file's `PRAGMA application_id`: `"GBPL"` (govblocks payment log).
pub const APPLICATION_ID: i32 = 0x4742_504C;

/// How the store recognises a payment log file.
#[cfg(feature = "sqlite")]
pub const FILE_KIND: govblocks_store::sqlite_file::FileKind =
    govblocks_store::log::sqlite::file_kind("payment log", APPLICATION_ID);

/// How the store recognises a payment log in PostgreSQL: schema `govblocks_payment_log` by
/// default, marked with [`APPLICATION_ID`] (feature `postgres`).
#[cfg(feature = "postgres")]
pub const PG_KIND: govblocks_store::postgres::PgKind =
    govblocks_store::postgres::PgKind::new("payment log", APPLICATION_ID, "govblocks_payment_log");

/// Opens the payment log in the PostgreSQL database `options` names (created when missing
/// unless read-only) and checks every chain (feature `postgres`): one log for many hub
/// processes.
///
/// Errors: `store.not_found`, `store.invalid` (not a payment log), `store.version`,
/// `store.tampered`, `store.busy`, `store.storage`.
#[cfg(feature = "postgres")]
pub fn open_postgres(
    options: &govblocks_store::postgres::PgOptions,
) -> Result<govblocks_store::postgres::PgLog> {
    Ok(govblocks_store::postgres::PgLog::open(
        options,
        &PG_KIND,
        govblocks_store::postgres::PgLogOptions::default(),
    )?)
}

/// The stream id of batch `message_id`.
pub fn batch_stream(message_id: &str) -> String {
    format!("{BATCH_STREAM}{message_id}")
}

/// The index stream id of transfer `end_to_end_id`.
pub fn transfer_stream(end_to_end_id: &str) -> String {
    format!("{TRANSFER_STREAM}{end_to_end_id}")
}

/// An empty payment log in memory (tests, short-lived tools).
pub fn memory() -> MemoryLog {
    MemoryLog::new()
}

/// Opens the SQLite payment log at `path` with `access` (created when missing and writable),
/// durable commits, a 5 s busy timeout and a full check of every chain.
///
/// Errors: `store.not_found`, `store.invalid` (not a payment log), `store.version`,
/// `store.tampered`, `store.busy`, `store.storage`.
#[cfg(feature = "sqlite")]
pub fn open(path: impl AsRef<std::path::Path>, access: Access) -> Result<SqliteLog> {
    Ok(SqliteLog::open(
        path,
        &FILE_KIND,
        SqliteLogOptions::default().with_file(OpenOptions::default().with_access(access)),
    )?)
}

/// The message id of the batch that holds transfer `end_to_end_id`, read from its index
/// stream in `log` (a pointer, not evidence: check it against the batch's signed `verified`
/// event, as [`PaymentLog::status`] does). Reads no signature.
///
/// Errors: `payments.transfer_unknown` when the log has no such transfer;
/// `payments.event_invalid` when its index entry is not one; the store's errors.
pub fn batch_of(log: &dyn Log, end_to_end_id: &str) -> Result<String> {
    let unknown = || Error::TransferUnknown {
        end_to_end_id: quote(end_to_end_id),
    };
    let entry = log
        .head(&transfer_stream(end_to_end_id))?
        .ok_or_else(unknown)?;
    let document = entry.document.ok_or_else(unknown)?;
    let index: IndexEntry = serde_json::from_slice(&document).map_err(|e| Error::EventInvalid {
        reason: format!(
            "the index entry of transfer {:?} is not one: {e}",
            quote(end_to_end_id)
        ),
    })?;
    if index.kind != INDEX_TYPE || index.end_to_end_id != end_to_end_id {
        return Err(Error::EventInvalid {
            reason: format!(
                "the index entry of transfer {:?} names another transfer",
                quote(end_to_end_id)
            ),
        });
    }
    Ok(index.message_id)
}

/// Which signatures a replay verifies.
#[derive(Clone, Copy)]
enum Check<'a> {
    /// Every entry's.
    Every,
    /// The head's, every event's that is not an outcome, and the outcomes of this transfer.
    Anchored { end_to_end_id: Option<&'a str> },
}

/// The controller an unverified event's proof names (its verification method without the
/// fragment).
fn claimed_signer(wire: &PaymentEvent) -> String {
    wire.proof
        .as_ref()
        .and_then(|p| p.get("verificationMethod"))
        .and_then(serde_json::Value::as_str)
        .map(|m| m.split_once('#').map_or(m, |(did, _)| did).to_owned())
        .unwrap_or_default()
}

/// An index entry: which batch holds a transfer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct IndexEntry {
    end_to_end_id: String,
    message_id: String,
    #[serde(rename = "type")]
    kind: String,
}

/// One event of a batch's history, as replayed.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct LoggedEvent {
    /// Its position in the batch's stream (0 for `received`).
    pub sequence: u64,
    /// The digest the log keeps for it (SHA-256 of its canonical bytes).
    pub digest: ContentDigest,
    /// The event as signed (proof included).
    pub wire: PaymentEvent,
    /// What it says.
    pub event: Event,
    /// Who signed it (the hub's DID): verified for every event by [`PaymentLog::history`]; by
    /// [`PaymentLog::status`] and [`PaymentLog::record`] for the events they verify, and named
    /// by the proof for the others (see [Anchored replays](self#anchored-replays)).
    pub signer: String,
}

/// A batch's whole history, replayed and verified ([`PaymentLog::history`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct BatchHistory {
    /// The batch's message id.
    pub message_id: String,
    /// Every event, oldest first.
    pub events: Vec<LoggedEvent>,
    /// The life they add up to.
    pub life: BatchLife,
    /// The digest of the last entry: note it to detect a later truncation.
    pub head: ContentDigest,
}

/// Where a transfer stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransferState {
    /// Its batch is in the hub, not yet released (received, verified or approved).
    Pending(Stage),
    /// Released to the bank, no outcome yet.
    Released,
    /// Released to the bank, no outcome yet, and this is the bank's latest interim status of
    /// it (a status report's `ACSP`, `PDNG`, …).
    Reported(PaymentStatus),
    /// Paid.
    Settled,
    /// Refused, with this reason.
    Rejected(StatusReason),
}

impl TransferState {
    /// `pending`, `released`, `reported`, `settled` or `rejected`.
    pub fn as_str(self) -> &'static str {
        match self {
            TransferState::Pending(_) => "pending",
            TransferState::Released => "released",
            TransferState::Reported(_) => "reported",
            TransferState::Settled => "settled",
            TransferState::Rejected(_) => "rejected",
        }
    }
}

/// A transfer's status and its history ([`PaymentLog::status`]).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TransferStatus {
    /// The transfer's end-to-end id.
    pub end_to_end_id: String,
    /// The batch that holds it.
    pub message_id: String,
    /// Where it stands.
    pub state: TransferState,
    /// The events of its life: its batch's events (received, verified, approved, released)
    /// and its own outcome, oldest first; other transfers' outcomes are left out.
    pub events: Vec<LoggedEvent>,
}

/// The hub's payment log: a [`Log`] and the verifier of the hub's signatures (see the
/// [module](self) documentation).
#[derive(Debug)]
pub struct PaymentLog<L> {
    log: L,
    verifier: Verifier,
}

impl<L: Log> PaymentLog<L> {
    /// A payment log on `log`, whose events `verifier` verifies: its trust list must trust the
    /// hub's key for `assertionMethod` proofs (and nothing else should sign events). Its parser
    /// limits bound each event: a `verified` event lists every end-to-end id, so a hub that
    /// raised its [`BatchVerifier`](crate::approval::BatchVerifier)'s array limit for batches
    /// of more than 100,000 transfers raises this one too ([`Verifier::with_limits`]).
    pub fn new(log: L, verifier: Verifier) -> PaymentLog<L> {
        PaymentLog { log, verifier }
    }

    /// A payment log on `log` that trusts exactly `hub` (a `did:key`) to sign events, with
    /// core's default parser limits (batches of up to 100,000 transfers).
    pub fn for_hub(log: L, hub: impl Into<String>) -> PaymentLog<L> {
        let trust = TrustList::new().trust(hub, [ProofPurpose::AssertionMethod]);
        PaymentLog::new(log, Verifier::new(DidKeyResolver, trust))
    }

    /// The log.
    pub fn log(&self) -> &L {
        &self.log
    }

    /// The log, given back.
    pub fn into_log(self) -> L {
        self.log
    }

    /// The verifier of events.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Starts the life of a verified batch: `received` (the digest of `received`, the bytes as
    /// they came), `verified` (its counts, totals and end-to-end ids), one `approved` per
    /// signature the policy counted, all at `at`, signed by `hub`, with an index entry per
    /// transfer — all together or nothing.
    ///
    /// Call it with a batch [verified](crate::approval::BatchVerifier) and its approval.
    /// Errors: `store.conflict` when the batch, or one of its transfers, has a life already;
    /// the store's errors; `signer.*`.
    pub fn start(
        &self,
        hub: &dyn Signer,
        received: &[u8],
        batch: &Batch,
        approval: &Approval,
        at: Timestamp,
    ) -> Result<BatchHistory> {
        let totals = batch.check_rules()?;
        let message_id = batch.group_header.message_id.as_str();
        let mut end_to_end_ids =
            Vec::with_capacity(usize::try_from(totals.transactions).unwrap_or(0));
        for block in &batch.payment_information {
            for transfer in &block.credit_transfers {
                end_to_end_ids.push(transfer.end_to_end_id.clone());
            }
        }
        let index: Vec<NewEntry> = end_to_end_ids
            .iter()
            .map(|id| {
                let entry = IndexEntry {
                    end_to_end_id: id.clone(),
                    message_id: message_id.to_owned(),
                    kind: INDEX_TYPE.to_owned(),
                };
                let value = serde_json::to_value(&entry).map_err(|e| Error::EventInvalid {
                    reason: e.to_string(),
                })?;
                Ok(NewEntry::new(
                    transfer_stream(id),
                    None,
                    govblocks_core::jcs::canonicalize(&value),
                ))
            })
            .collect::<Result<_>>()?;
        let mut events = Vec::with_capacity(approval.signatures.len().saturating_add(2));
        events.push(Event::Received {
            batch_digest: ContentDigest::of_bytes(received),
        });
        let blocks = batch
            .payment_information
            .iter()
            .zip(&totals.blocks)
            .map(|(block, (n, _))| {
                BlockSummary::new(
                    block.payment_information_id.clone(),
                    *n,
                    block.control_sum.clone(),
                )
            })
            .collect();
        events.push(Event::Verified {
            transactions: totals.transactions,
            control_sum: batch.group_header.control_sum.clone(),
            totals: totals
                .by_currency
                .iter()
                .map(|(currency, money)| (currency.code().to_owned(), money.fixed()))
                .collect(),
            end_to_end_ids,
            blocks,
        });
        for signature in &approval.signatures {
            events.push(Event::Approved {
                signer: signature.signer.clone(),
                role: signature.role,
                person: signature.person.clone(),
                signed_at: signature.created,
            });
        }
        let life = BatchLife::new(message_id);
        let history = BatchHistory {
            message_id: message_id.to_owned(),
            events: Vec::new(),
            life,
            head: ContentDigest::of_bytes(b""),
        };
        self.append(hub, history, None, events, at, index)
    }

    /// Records `events` of batch `message_id` at `at`, signed by `hub`, after its history so
    /// far (replayed first, an [anchored replay](self#anchored-replays)): all of them or none.
    ///
    /// Errors: `payments.batch_unknown`; the [`rules`]' codes
    /// (`payments.event_out_of_order`, `payments.transfer_not_in_batch`,
    /// `payments.outcome_repeated`); `store.conflict` when another writer appended meanwhile;
    /// the history's errors ([`PaymentLog::history`]).
    pub fn record(
        &self,
        hub: &dyn Signer,
        message_id: &str,
        events: Vec<Event>,
        at: Timestamp,
    ) -> Result<BatchHistory> {
        let history = self.replay(
            message_id,
            Check::Anchored {
                end_to_end_id: None,
            },
        )?;
        let head = Some(history.head);
        self.append(hub, history, head, events, at, Vec::new())
    }

    /// Records that batch `message_id` was released to the bank.
    pub fn release(
        &self,
        hub: &dyn Signer,
        message_id: &str,
        at: Timestamp,
    ) -> Result<BatchHistory> {
        self.record(hub, message_id, vec![Event::Released], at)
    }

    /// Records that transfer `end_to_end_id` was paid (its batch found through the index).
    pub fn settle(
        &self,
        hub: &dyn Signer,
        end_to_end_id: &str,
        at: Timestamp,
    ) -> Result<BatchHistory> {
        let message_id = self.batch_of(end_to_end_id)?;
        let event = Event::Settled {
            end_to_end_id: end_to_end_id.to_owned(),
        };
        self.record(hub, &message_id, vec![event], at)
    }

    /// Records that transfer `end_to_end_id` was refused for `reason`.
    pub fn reject(
        &self,
        hub: &dyn Signer,
        end_to_end_id: &str,
        reason: StatusReason,
        at: Timestamp,
    ) -> Result<BatchHistory> {
        let message_id = self.batch_of(end_to_end_id)?;
        let event = Event::Rejected {
            end_to_end_id: end_to_end_id.to_owned(),
            reason,
        };
        self.record(hub, &message_id, vec![event], at)
    }

    /// Signs `events` after `history` (whose head is `head`), checks them against its life, and
    /// appends them with `extra` entries, all in one group.
    fn append(
        &self,
        hub: &dyn Signer,
        mut history: BatchHistory,
        head: Option<ContentDigest>,
        events: Vec<Event>,
        at: Timestamp,
        extra: Vec<NewEntry>,
    ) -> Result<BatchHistory> {
        let stream = batch_stream(&history.message_id);
        let mut entries = Vec::with_capacity(events.len().saturating_add(extra.len()));
        let mut previous = head;
        let mut signed = Vec::with_capacity(events.len());
        for event in events {
            history.life.apply(&history.message_id, at, &event)?;
            let wire = PaymentEvent::new(history.message_id.clone(), at, previous, event.clone());
            let value = wire.sign(hub, &ProofOptions::assertion())?;
            let bytes = govblocks_core::jcs::canonicalize(&value);
            let entry = NewEntry::new(stream.clone(), previous, bytes);
            let digest = entry.digest();
            let wire: PaymentEvent =
                serde_json::from_value(value).map_err(|e| Error::EventInvalid {
                    reason: e.to_string(),
                })?;
            signed.push((digest, wire, event));
            entries.push(entry);
            previous = Some(digest);
        }
        entries.extend(extra);
        let stored = self.log.append_many(entries)?;
        let signer = hub.public_key().did();
        for ((digest, wire, event), entry) in signed.into_iter().zip(stored) {
            history.events.push(LoggedEvent {
                sequence: entry.sequence,
                digest,
                wire,
                event,
                signer: signer.clone(),
            });
            history.head = digest;
        }
        Ok(history)
    }

    /// The message id of the batch that holds transfer `end_to_end_id`, from its index stream
    /// ([`batch_of`]).
    pub fn batch_of(&self, end_to_end_id: &str) -> Result<String> {
        batch_of(&self.log, end_to_end_id)
    }

    /// Batch `message_id`'s whole history, replayed: every entry's signature verified, its
    /// `previous` compared with the log's link, its members and its place in the
    /// [life](self::rules) checked (see the [module](self) documentation). This is the
    /// auditor's replay.
    ///
    /// Errors: `payments.batch_unknown`; `store.tampered`; `payments.event_invalid`; proof and
    /// trust codes; the rules' codes.
    pub fn history(&self, message_id: &str) -> Result<BatchHistory> {
        self.replay(message_id, Check::Every)
    }

    /// The history as [`PaymentLog::history`] replays it, but with the signatures verified of
    /// the head and of the events `check` names only: the others are authenticated through the
    /// chain (see [Anchored replays](self#anchored-replays)).
    fn replay(&self, message_id: &str, check: Check<'_>) -> Result<BatchHistory> {
        let entries = self.log.entries(&batch_stream(message_id))?;
        let Some(last) = entries.last() else {
            return Err(Error::BatchUnknown {
                message_id: quote(message_id),
            });
        };
        let head = last.digest;
        let at_entry = |sequence: u64, what: &str| Error::EventInvalid {
            reason: format!("batch {:?}, entry {sequence}: {what}", quote(message_id)),
        };
        let mut documents = Vec::with_capacity(entries.len());
        for entry in &entries {
            let Some(document) = entry.document.as_deref() else {
                return Err(at_entry(entry.sequence, "its document was erased"));
            };
            documents.push(document);
        }
        // Each entry's event and signer: verified (in one batch verification), or read.
        let mut read: Vec<Option<(PaymentEvent, String)>> = Vec::with_capacity(entries.len());
        let verify: Vec<usize> = match check {
            Check::Every => {
                read.resize_with(documents.len(), || None);
                (0..documents.len()).collect()
            }
            Check::Anchored { end_to_end_id } => {
                let head_index = documents.len().saturating_sub(1);
                let mut verify = Vec::new();
                for (i, (document, entry)) in documents.iter().zip(&entries).enumerate() {
                    let wire: PaymentEvent = serde_json::from_slice(document).map_err(|e| {
                        at_entry(entry.sequence, &format!("not a payment event: {e}"))
                    })?;
                    // Per-transfer events: outcomes and the bank's statuses.
                    let outcome = matches!(
                        wire.event,
                        EventKind::Settled | EventKind::Rejected | EventKind::Status
                    );
                    if i == head_index
                        || !outcome
                        || (end_to_end_id.is_some()
                            && wire.end_to_end_id.as_deref() == end_to_end_id)
                    {
                        verify.push(i);
                        read.push(None);
                    } else {
                        let signer = claimed_signer(&wire);
                        read.push(Some((wire, signer)));
                    }
                }
                verify
            }
        };
        let chosen: Vec<&[u8]> = verify
            .iter()
            .filter_map(|&i| documents.get(i).copied())
            .collect();
        let verified = self.verifier.verify_batch_as::<PaymentEvent>(&chosen);
        for (&i, verified) in verify.iter().zip(verified) {
            let verified = verified?;
            let signer = verified
                .proofs()
                .first()
                .map(|p| p.controller.clone())
                .unwrap_or_default();
            if let Some(slot) = read.get_mut(i) {
                *slot = Some((verified.into_value(), signer));
            }
        }
        let mut life = BatchLife::new(message_id);
        let mut events = Vec::with_capacity(entries.len());
        for (entry, slot) in entries.iter().zip(read) {
            let Some((wire, signer)) = slot else {
                return Err(at_entry(entry.sequence, "not read"));
            };
            if wire.previous != entry.predecessor {
                return Err(at_entry(
                    entry.sequence,
                    "its signed previous is not the entry before it",
                ));
            }
            let event = wire.event()?;
            life.apply(&wire.message_id, wire.at, &event)?;
            events.push(LoggedEvent {
                sequence: entry.sequence,
                digest: entry.digest,
                wire,
                event,
                signer,
            });
        }
        Ok(BatchHistory {
            message_id: message_id.to_owned(),
            events,
            life,
            head,
        })
    }

    /// Transfer `end_to_end_id`'s status and history: its batch found through the index, the
    /// batch's history replayed (an [anchored replay](self#anchored-replays)), and the transfer
    /// checked to be one of
    /// the batch's (`payments.transfer_not_in_batch` when the index points at a batch that
    /// does not hold it).
    ///
    /// Errors: `payments.transfer_unknown`; those of [`PaymentLog::history`].
    pub fn status(&self, end_to_end_id: &str) -> Result<TransferStatus> {
        let message_id = self.batch_of(end_to_end_id)?;
        let history = self.replay(
            &message_id,
            Check::Anchored {
                end_to_end_id: Some(end_to_end_id),
            },
        )?;
        let outcome =
            history
                .life
                .outcome(end_to_end_id)
                .ok_or_else(|| Error::TransferNotInBatch {
                    end_to_end_id: quote(end_to_end_id),
                    message_id: quote(&message_id),
                })?;
        let state = match (outcome, history.life.stage()) {
            (Some(Outcome::Settled), _) => TransferState::Settled,
            (Some(Outcome::Rejected(reason)), _) => TransferState::Rejected(reason),
            (None, Stage::Released) => match history.life.interim(end_to_end_id) {
                Some(status) => TransferState::Reported(status),
                None => TransferState::Released,
            },
            (None, stage) => TransferState::Pending(stage),
        };
        let events = history
            .events
            .into_iter()
            .filter(|e| e.event.end_to_end_id().is_none_or(|id| id == end_to_end_id))
            .collect();
        Ok(TransferStatus {
            end_to_end_id: end_to_end_id.to_owned(),
            message_id,
            state,
            events,
        })
    }
}
