//! The message log: every request and response a side sent or received, kept for disputes.
//!
//! As an X-Road security server keeps a message log, each side of an exchange can keep every
//! signed message it sent or received, after verifying it, in one call:
//! [`MessageLog::record`]. A later dispute ("you never asked", "you answered something else")
//! is settled by the signed messages themselves: [`MessageLog::find`] returns a message by its
//! id (and [`MessageLog::conversation`] a request with its response, by correlation id)
//! exactly as it was signed, ready to be verified again by anyone; and the log shows whether
//! it was kept honestly.
//!
//! ```
//! use govblocks_core::clock::{FixedClock, Timestamp};
//! use govblocks_exchange::log::{Direction, MessageLog};
//! use serde_json::json;
//!
//! let clock = FixedClock::new(Timestamp::parse("2026-12-06T10:00:00Z", "now")?);
//! let log = MessageLog::in_memory(clock);
//! let signed = json!({"header": {"messageId": "m-1"}, "payload": {}, "proof": {"proofValue": "z…"}});
//! let receipt = log.record(Direction::Received, "m-1", "c-1", &signed)?;
//! assert_eq!(receipt.sequence, 0);
//! let found = log.find("m-1")?;
//! assert_eq!(found[0].message, signed);
//! # Ok::<(), govblocks_exchange::Error>(())
//! ```
//!
//! # What is kept, and how
//!
//! The log is one stream ([`STREAM`]) of `govblocks-store`'s [chained log](govblocks_store::log):
//! every message is one entry, appended after the one before it, whose bytes are the RFC 8785
//! canonical form of a record
//!
//! ```json
//! {"correlationId": "…", "direction": "sent" | "received", "loggedAt": "<the log's clock>",
//!  "message": <the signed message, as given>, "messageId": "…"}
//! ```
//!
//! and whose digest chains it to every entry before it. Because a canonical form's members are
//! the canonical forms of their values, the canonical bytes of `message` inside an entry are
//! exactly the canonical bytes the message's eddsa-jcs-2022 proof covers
//! ([`LoggedMessage::message_bytes`]): the log returns the signed message itself, not a copy
//! that might verify differently.
//!
//! # Guarantees
//!
//! * **Tamper evidence.** An entry changed, removed, inserted or reordered behind the log's back
//!   breaks a digest or a link of the chain: opening a SQLite log ([`MessageLog::open`]) checks
//!   the whole chain, and every read ([`MessageLog::find`], [`MessageLog::messages`]) checks
//!   the chain it reads; both refuse with `exchange.log_tampered` naming the entry. A record
//!   whose chain is intact but which is not a message-log record is
//!   `exchange.log_entry_invalid`.
//! * **Order.** Entries are in the order they were logged, by every process sharing the file:
//!   an append names the head it builds on and, when another writer got there first, reads the
//!   new head and tries again (compare-and-append), so two processes never fork the chain.
//! * **Durable** with SQLite's defaults (`synchronous = FULL`): a logged message survives a
//!   crash of the process or of the machine.
//!
//! What the chain cannot show alone (see the store's [log documentation](govblocks_store::log)):
//! someone with write access to the file rewriting it consistently — then the signatures of the
//! messages still show what each party signed — or cutting its newest entries off together
//! with the head: keep the last [`Receipt`] (its digest) elsewhere, or anchor it, to detect
//! that.
//!
//! # What the caller does
//!
//! The log does not read the messages: the caller verifies a message first (its signature,
//! its binding, its replay guard) and logs it with the message id and correlation id the
//! verifier read from its header; messages it sent are logged as signed. This keeps the log
//! independent of the envelope type: the envelope verifier's verified envelope feeds it (its
//! header's `messageId` and `correlationId`, its signed JSON). A lookup is a walk over the
//! log (a dispute is rare; the chain is checked on the way); split logs by period (one file a
//! month, as X-Road archives its message log) to keep them short.

use crate::error::{Error, Result};
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_store::log::memory::MemoryLog;
#[cfg(feature = "sqlite")]
use govblocks_store::log::sqlite::{file_kind, SqliteLog, SqliteLogOptions};
use govblocks_store::log::{Log, NewEntry, StoredEntry};
#[cfg(feature = "sqlite")]
pub use govblocks_store::sqlite_file::{OpenOptions, Synchronous};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::{Mutex, PoisonError};

/// The stream of the chained log that holds the messages.
pub const STREAM: &str = "exchange.messages";

/// The SQLite message log's `PRAGMA application_id`: `"GBXL"` (govblocks exchange log).
pub const SQLITE_APPLICATION_ID: i32 = 0x4742_584C;

#[cfg(feature = "sqlite")]
const KIND: govblocks_store::sqlite_file::FileKind =
    file_kind("exchange message log", SQLITE_APPLICATION_ID);

/// How many times [`MessageLog::record`] reads a moved head and tries again before giving up
/// with the store's `store.conflict` (as `exchange.store`).
const ATTEMPTS: usize = 64;

/// Whether a message was sent or received by the side keeping the log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    /// Signed and sent by this side (a request it made, a response it gave).
    Sent,
    /// Received and verified by this side.
    Received,
}

impl Direction {
    /// `sent` or `received`, as the record writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Sent => "sent",
            Direction::Received => "received",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        match text {
            "sent" => Some(Direction::Sent),
            "received" => Some(Direction::Received),
            _ => None,
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where a message was logged: its place in the chain and the digest of its entry. The digest
/// of the newest entry, kept elsewhere, shows later that nothing was cut off the log's end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The entry's position in the log: 0, 1, 2, …
    pub sequence: u64,
    /// SHA-256 of the entry's bytes (the record's canonical form).
    pub digest: ContentDigest,
}

/// A message as the log holds it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct LoggedMessage {
    /// Where it is in the log.
    pub receipt: Receipt,
    /// Sent or received.
    pub direction: Direction,
    /// The message id given when it was logged.
    pub message_id: String,
    /// The correlation id given when it was logged.
    pub correlation_id: String,
    /// When it was logged, by the log's clock.
    pub logged_at: Timestamp,
    /// The signed message, exactly as logged.
    pub message: Value,
}

impl LoggedMessage {
    /// The RFC 8785 canonical bytes of the signed message: the bytes its proof covers, as they
    /// stand inside the logged entry.
    pub fn message_bytes(&self) -> Vec<u8> {
        govblocks_core::jcs::canonicalize(&self.message)
    }
}

/// The message log (see the [module docs](self)): a chained log `L` and a clock `C` for each
/// record's `loggedAt`.
#[derive(Debug)]
pub struct MessageLog<L = MemoryLog, C = SystemClock> {
    log: L,
    clock: C,
    /// The head this handle last saw (appends build on it; a conflict reads the new one).
    head: Mutex<Option<ContentDigest>>,
}

impl<C: Clock> MessageLog<MemoryLog, C> {
    /// A log in memory (tests, short-lived tools): forgotten when the process ends.
    pub fn in_memory(clock: C) -> Self {
        MessageLog::new(MemoryLog::new(), clock)
    }
}

#[cfg(feature = "sqlite")]
impl<C: Clock> MessageLog<SqliteLog, C> {
    /// Opens the SQLite message log at `path` (created when missing) and checks every entry
    /// of its chain. `options`: [`OpenOptions::default`] is durable (`synchronous = FULL`);
    /// [`OpenOptions::with_access`] opens it read-only for an audit.
    ///
    /// Errors: `exchange.log_tampered` (an entry changed, removed, inserted or reordered);
    /// `exchange.store` (not a message log, a newer version, an I/O error), the file untouched.
    pub fn open(path: impl AsRef<std::path::Path>, options: OpenOptions, clock: C) -> Result<Self> {
        let log = SqliteLog::open(path, &KIND, SqliteLogOptions::default().with_file(options))
            .map_err(store_error)?;
        Ok(MessageLog::new(log, clock))
    }
}

/// How the store recognises a message log in PostgreSQL: schema `govblocks_exchange_log` by
/// default, marked with [`SQLITE_APPLICATION_ID`] (feature `postgres`).
#[cfg(feature = "postgres")]
pub const PG_KIND: govblocks_store::postgres::PgKind = govblocks_store::postgres::PgKind::new(
    "exchange message log",
    SQLITE_APPLICATION_ID,
    "govblocks_exchange_log",
);

#[cfg(feature = "postgres")]
impl<C: Clock> MessageLog<govblocks_store::postgres::PgLog, C> {
    /// Opens the message log in the PostgreSQL database `options` names (created when missing
    /// unless read-only) and checks its chain (feature `postgres`): one log for many processes.
    ///
    /// Errors: `exchange.log_tampered`; `exchange.store` (not a message log, a newer version,
    /// the server unreachable), the schema untouched.
    pub fn open_postgres(options: &govblocks_store::postgres::PgOptions, clock: C) -> Result<Self> {
        let log = govblocks_store::postgres::PgLog::open(
            options,
            &PG_KIND,
            govblocks_store::postgres::PgLogOptions::default(),
        )
        .map_err(store_error)?;
        Ok(MessageLog::new(log, clock))
    }
}

impl<L: Log, C: Clock> MessageLog<L, C> {
    /// A message log on `log` (its stream [`STREAM`]), dating records by `clock`.
    pub fn new(log: L, clock: C) -> Self {
        MessageLog {
            log,
            clock,
            head: Mutex::new(None),
        }
    }

    /// The chained log under this one.
    pub fn log(&self) -> &L {
        &self.log
    }

    /// Logs `message`, a signed message this side sent or received (after verifying it), with
    /// the message id and correlation id of its header; returns where it was logged. Appends
    /// after the newest entry, whoever wrote it (compare-and-append, tried again when another
    /// writer moved the head).
    ///
    /// Errors: `exchange.log_tampered` (the head entry is not what was written);
    /// `exchange.store` (a read-only log, storage errors, or the head still moving after 64
    /// tries); `time.out_of_range` when the clock is outside years 1–9999.
    pub fn record(
        &self,
        direction: Direction,
        message_id: &str,
        correlation_id: &str,
        message: &Value,
    ) -> Result<Receipt> {
        let logged_at = Timestamp::from_datetime(self.clock.now())?.to_utc();
        let mut record = Map::new();
        record.insert("correlationId".into(), correlation_id.into());
        record.insert("direction".into(), direction.as_str().into());
        record.insert("loggedAt".into(), logged_at.to_string().into());
        record.insert("message".into(), message.clone());
        record.insert("messageId".into(), message_id.into());
        let bytes = govblocks_core::jcs::canonicalize(&Value::Object(record));
        let mut head = self.head.lock().unwrap_or_else(PoisonError::into_inner);
        let mut last_conflict = None;
        for attempt in 0..ATTEMPTS {
            if attempt > 0 || head.is_none() {
                *head = self
                    .log
                    .head(STREAM)
                    .map_err(store_error)?
                    .map(|e| e.digest);
            }
            match self.log.append(NewEntry::new(STREAM, *head, bytes.clone())) {
                Ok(stored) => {
                    *head = Some(stored.digest);
                    return Ok(Receipt {
                        sequence: stored.sequence,
                        digest: stored.digest,
                    });
                }
                Err(conflict @ govblocks_store::Error::Conflict { .. }) => {
                    last_conflict = Some(conflict);
                }
                Err(other) => return Err(store_error(other)),
            }
        }
        Err(store_error(last_conflict.unwrap_or(
            govblocks_store::Error::Busy {
                operation: "logging a message",
            },
        )))
    }

    /// Logs a verified envelope as `direction`, from the `bytes` it was verified from: the
    /// bytes are parsed strictly and must be the envelope the verifier checked (their RFC 8785
    /// form's digest is [`VerifiedEnvelope::digest`](crate::verify::VerifiedEnvelope::digest));
    /// the message id and correlation id are the header's (without a correlation id: the
    /// request's message id, its own for a request, `inReplyTo`'s for a response, so that a
    /// request and its answer share one).
    ///
    /// Errors: `exchange.log_entry_invalid` (sequence `u64::MAX`: nothing was logged) when the
    /// bytes are not the verified envelope; those of [`record`](Self::record).
    pub fn record_verified(
        &self,
        direction: Direction,
        envelope: &crate::verify::VerifiedEnvelope,
        bytes: &[u8],
    ) -> Result<Receipt> {
        let value = govblocks_core::json::parse(bytes)?;
        if ContentDigest::of_json(&value) != envelope.digest() {
            return Err(Error::LogEntryInvalid {
                sequence: u64::MAX,
                reason: "the bytes given are not the envelope that was verified".to_owned(),
            });
        }
        let header = envelope.header();
        let message_id = header.message_id.to_string();
        let correlation_id = match (&header.correlation_id, &header.in_reply_to) {
            (Some(id), _) => id.clone(),
            (None, Some(request)) => request.message_id.to_string(),
            (None, None) => message_id.clone(),
        };
        self.record(direction, &message_id, &correlation_id, &value)
    }

    /// Every logged message, oldest first, the chain checked as it is read.
    ///
    /// Errors: `exchange.log_tampered`, `exchange.log_entry_invalid`, `exchange.store`.
    pub fn messages(&self) -> Result<Vec<LoggedMessage>> {
        self.read(|_| true)
    }

    /// The messages logged under `message_id` (one, or two when both sides log to one file;
    /// none when it was never logged), oldest first, the chain checked as it is read.
    ///
    /// Errors: `exchange.log_tampered`, `exchange.log_entry_invalid`, `exchange.store`.
    pub fn find(&self, message_id: &str) -> Result<Vec<LoggedMessage>> {
        self.read(|m| m.message_id == message_id)
    }

    /// The messages logged under `correlation_id` (a request and its response), oldest
    /// first, the chain checked as it is read.
    ///
    /// Errors: `exchange.log_tampered`, `exchange.log_entry_invalid`, `exchange.store`.
    pub fn conversation(&self, correlation_id: &str) -> Result<Vec<LoggedMessage>> {
        self.read(|m| m.correlation_id == correlation_id)
    }

    /// Checks the whole log: every digest recomputed, every link followed, the head compared;
    /// returns how many messages it holds.
    ///
    /// Errors: `exchange.log_tampered`, `exchange.store`.
    pub fn check(&self) -> Result<u64> {
        let report = self.log.check().map_err(store_error)?;
        Ok(report.entries)
    }

    fn read(&self, keep: impl Fn(&LoggedMessage) -> bool) -> Result<Vec<LoggedMessage>> {
        let entries = self.log.entries(STREAM).map_err(store_error)?;
        let mut out = Vec::new();
        for entry in entries {
            let message = parse_entry(entry)?;
            if keep(&message) {
                out.push(message);
            }
        }
        Ok(out)
    }
}

/// A store error as this crate reports it: a tampered chain is `exchange.log_tampered`.
fn store_error(error: govblocks_store::Error) -> Error {
    match error {
        tampered @ govblocks_store::Error::Tampered { .. } => Error::LogTampered(tampered),
        other => Error::Store(other),
    }
}

/// Reads a stored entry back into a [`LoggedMessage`].
fn parse_entry(entry: StoredEntry) -> Result<LoggedMessage> {
    let sequence = entry.sequence;
    let invalid = |reason: &str| Error::LogEntryInvalid {
        sequence,
        reason: reason.to_owned(),
    };
    let bytes = entry
        .document
        .ok_or_else(|| invalid("the entry has no document"))?;
    let value =
        govblocks_core::json::parse(&bytes).map_err(|e| invalid(&format!("not JSON: {e}")))?;
    let Value::Object(mut record) = value else {
        return Err(invalid("not a JSON object"));
    };
    if record.len() != 5 {
        return Err(invalid("not the five members of a record"));
    }
    let mut text = |name: &str| match record.remove(name) {
        Some(Value::String(s)) => Ok(s),
        _ => Err(invalid(&format!("no text member {name}"))),
    };
    let correlation_id = text("correlationId")?;
    let direction = text("direction")?;
    let logged_at = text("loggedAt")?;
    let message_id = text("messageId")?;
    let message = record
        .remove("message")
        .ok_or_else(|| invalid("no member message"))?;
    let direction = Direction::parse(&direction).ok_or_else(|| invalid("unknown direction"))?;
    let logged_at = Timestamp::parse(&logged_at, "loggedAt")
        .map_err(|_| invalid("loggedAt is not a date-time"))?;
    Ok(LoggedMessage {
        receipt: Receipt {
            sequence,
            digest: entry.digest,
        },
        direction,
        message_id,
        correlation_id,
        logged_at,
        message,
    })
}
