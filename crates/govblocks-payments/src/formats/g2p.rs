//! The G2P Connect (SPDCI) disbursement, to and from a [`Batch`]: the `message` of
//! `POST /disburse`, a [`DisburseRequest`], and of its answer `POST /on-disburse`, a
//! [`DisburseResponse`] with one status per disbursement (`disburse_core_api_v1.0.0.yaml` of
//! G2P-Connect/specs, vendored in the exchange block's `tests/vectors/g2p-connect/` with its SOURCE,
//! converted once for both blocks in `schemas/exchange/g2p/`). The envelope
//! around the message (`signature`, `header`) is the exchange block's business, not this
//! module's.
//!
//! # One transfer, one disbursement
//!
//! | batch | `disbursements[]` | |
//! | --- | --- | --- |
//! | `groupHeader.messageId` | `transaction_id` (of the request) | |
//! | `endToEndId` | `reference_id` | |
//! | the block's `debtorAccount` | `payer_fa` | as a [financial address](super::address) |
//! | the block's `debtor.name` | `payer_name` | |
//! | `creditorAccount` | `payee_fa` | as a financial address; an alias is `payments.shape_unrepresentable` (resolve it first) |
//! | `creditor.name` | `payee_name` | |
//! | `amount` | `amount`, `currency_code` | a decimal string in the fixed form (`"12.50"`, `"100"` JPY) |
//! | the block's `requestedExecutionDate` | `scheduled_timestamp` | `YYYY-MM-DDT00:00:00Z`; read back, the date as written (a batch schedules by day) |
//! | `remittanceInformation` | `note` | at most 99 characters (`payments.shape_unrepresentable` beyond) |
//! | `purpose` | `purpose` | read back, it must be an ISO 20022 purpose code, 4 upper-case letters (`payments.g2p_invalid` otherwise) |
//! | `instructionId` | `instruction` | |
//!
//! **Read strictly**: the amount is a string read by [`Money::parse`] (a number, an exponent, a
//! negative amount or more decimals than the currency has are refused with their codes), a
//! disbursement without `currency_code` is refused (`payments.g2p_invalid`: the published
//! schema leaves it optional, but an amount means nothing without its currency), an unknown
//! member is refused. `locale` and `meta` are read and dropped: a batch has no place for them.
//!
//! **Not carried** (taken from the [`Frame`] on the way in): the creation time, the initiating
//! party, the debtor's identifier and address, block ids, the payment method (`TRF`), the
//! creditor's identifier (read back: the end-to-end id) and address, the debtor agent. A
//! disbursement without `scheduled_timestamp` is in a block executed on the frame's date.
//!
//! **Where the published schema is wrong**, this module follows its intent (each point is in
//! `docs/DESIGN.md`): the request's `required` list names `disburemsents` (read:
//! `disbursements`, which is required); the financial-address rule
//! `^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$` (published under `format`, not `pattern`) rejects the
//! `id-type:` of every one of its examples (read: the examples' grammar,
//! [`FinancialAddress`]); the amount pattern `^\d{1,13}\.\d{1,2}$` forbids the amounts of
//! currencies without two decimals (`"100"` JPY, `"1.000"` KWD), which are written in their
//! currency's fixed form.
//!
//! ```
//! use govblocks_payments::prelude::*;
//! use govblocks_payments::formats::{g2p::{DisburseRequest, DisburseResponse, Status}, Frame};
//!
//! let usd = Currency::parse("USD")?;
//! let ministry = Party::new("Ministry", PartyIdentifier::new("MIN")?)?;
//! let amina = Party::new("Amina", PartyIdentifier::new("E2E-1")?)?;
//! let payee = Account::FinancialAddress(FinancialAddress::parse("token:12345@gtbank")?);
//! let block = BlockBuilder::new("MSG-1-1", ministry.clone(),
//!         Account::Iban(Iban::parse("DE89370400440532013000")?), "2026-12-07")
//!     .transfer(CreditTransfer::to_account("E2E-1", Money::parse(usd, "12.5")?, amina, payee));
//! let batch = BatchBuilder::new("MSG-1", "2026-12-07T09:00:00Z".parse()?, ministry)
//!     .block(block).build()?;
//!
//! let request = DisburseRequest::from_batch(&batch)?.to_value();
//! assert_eq!(request["disbursements"][0]["amount"], "12.50");
//! assert_eq!(request["disbursements"][0]["payer_fa"], "iban:de89370400440532013000@iban");
//! let back = DisburseRequest::parse(request.to_string().as_bytes())?
//!     .to_batch(&Frame::of(&batch).unwrap())?;
//! assert_eq!(back, batch);
//!
//! let status = DisburseResponse::for_batch(&batch, "2026-12-07T10:00:00Z".parse()?, Status::Received)?;
//! assert_eq!(status.to_value()["disbursements_status"][0]["status"], "rcvd");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use super::address::{account_of, financial_address};
use super::read::{at, Format, Obj};
use super::{assemble, creditor, Frame, Row};
use crate::account::FinancialAddress;
use crate::batch::model::{Batch, CreditTransfer};
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::money::Money;
use govblocks_core::clock::Timestamp;
use govblocks_core::json;
use serde_json::{Map, Value};

/// The name of the request shape, in `payments.shape_unrepresentable` errors.
pub const SHAPE: &str = "the G2P Connect DisburseRequest";

/// `transaction_id`, `note`, `purpose`: at most 99 characters.
pub const MAX_TEXT: usize = 99;
/// `instruction`, `status_reason_message`: at most 999 characters.
pub const MAX_INSTRUCTION: usize = 999;
/// A financial address: at most 256 characters (govblocks' limit; the schema gives none).
pub const MAX_FINANCIAL_ADDRESS: usize = 256;
/// A name, `reference_id`: at most 140 characters (govblocks' limit; the schema gives none).
pub const MAX_NAME: usize = 140;

/// The published `DisburseStatusReasonCode`s.
pub const REASON_CODES: &[&str] = &[
    "rjct.reference_id.invalid",
    "rjct.reference_id.duplicate",
    "rjct.timestamp.invalid",
    "rjct.payer_fa.invalid",
    "rjct.payee_fa.invalid",
    "rjct.amount.invalid",
    "rjct.schedule_ts.invalid",
    "rjct.currency_code.invalid",
];

/// One disbursement: one transfer (see the [module](self) documentation).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Disbursement {
    /// `reference_id`: the end-to-end id.
    pub reference_id: String,
    /// `payer_fa`: the account paid from.
    pub payer_fa: FinancialAddress,
    /// `payee_fa`: the account paid.
    pub payee_fa: FinancialAddress,
    /// `amount` and `currency_code`.
    pub amount: Money,
    /// The date of `scheduled_timestamp` (`YYYY-MM-DD`).
    pub scheduled_date: Option<String>,
    /// `payer_name`.
    pub payer_name: Option<String>,
    /// `payee_name`.
    pub payee_name: Option<String>,
    /// `note`.
    pub note: Option<String>,
    /// `purpose`.
    pub purpose: Option<String>,
    /// `instruction`.
    pub instruction: Option<String>,
}

/// The disbursement request.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DisburseRequest {
    /// `transaction_id`: the batch's message id.
    pub transaction_id: String,
    /// `disbursements`.
    pub disbursements: Vec<Disbursement>,
}

fn unrepresentable(location: String, reason: impl Into<String>) -> Error {
    Error::ShapeUnrepresentable {
        shape: SHAPE,
        location,
        reason: reason.into(),
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: Option<&str>) {
    if let Some(v) = value {
        map.insert(key.to_owned(), Value::String(v.to_owned()));
    }
}

impl DisburseRequest {
    /// One disbursement per transfer of `batch`, in order: `payments.shape_unrepresentable`
    /// for an alias, remittance information over 99 characters, an account without a financial
    /// address.
    pub fn from_batch(batch: &Batch) -> Result<DisburseRequest> {
        let mut disbursements = Vec::new();
        for block in &batch.payment_information {
            let payer_fa = financial_address(&block.debtor_account)?;
            for t in &block.credit_transfers {
                let location =
                    |what: &str| format!("transfer {:?} {what}", quote(&t.end_to_end_id));
                let Some(account) = &t.creditor_account else {
                    return Err(unrepresentable(
                        location("creditorAlias"),
                        "payee_fa names an account: resolve the alias with the account mapper first",
                    ));
                };
                if let Some(note) = &t.remittance_information {
                    if note.chars().count() > MAX_TEXT {
                        return Err(unrepresentable(
                            location("remittanceInformation (note)"),
                            format!("longer than {MAX_TEXT} characters"),
                        ));
                    }
                }
                disbursements.push(Disbursement {
                    reference_id: t.end_to_end_id.clone(),
                    payer_fa: payer_fa.clone(),
                    payee_fa: financial_address(account)?,
                    amount: t.amount,
                    scheduled_date: Some(block.requested_execution_date.clone()),
                    payer_name: Some(block.debtor.name().to_owned()),
                    payee_name: Some(t.creditor.name().to_owned()),
                    note: t.remittance_information.clone(),
                    purpose: t.purpose.clone(),
                    instruction: t.instruction_id.clone(),
                });
            }
        }
        Ok(DisburseRequest {
            transaction_id: batch.group_header.message_id.clone(),
            disbursements,
        })
    }

    /// The JSON object (every value a string: no number to lose).
    pub fn to_value(&self) -> Value {
        let disbursements = self
            .disbursements
            .iter()
            .map(|d| {
                let mut m = Map::new();
                m.insert("reference_id".into(), Value::String(d.reference_id.clone()));
                m.insert("payer_fa".into(), Value::String(d.payer_fa.to_string()));
                m.insert("payee_fa".into(), Value::String(d.payee_fa.to_string()));
                m.insert("amount".into(), Value::String(d.amount.fixed()));
                m.insert(
                    "currency_code".into(),
                    Value::String(d.amount.currency().code().to_owned()),
                );
                let scheduled = d.scheduled_date.as_ref().map(|d| format!("{d}T00:00:00Z"));
                put(&mut m, "scheduled_timestamp", scheduled.as_deref());
                put(&mut m, "payer_name", d.payer_name.as_deref());
                put(&mut m, "payee_name", d.payee_name.as_deref());
                put(&mut m, "note", d.note.as_deref());
                put(&mut m, "purpose", d.purpose.as_deref());
                put(&mut m, "instruction", d.instruction.as_deref());
                Value::Object(m)
            })
            .collect();
        let mut m = Map::new();
        m.insert(
            "transaction_id".into(),
            Value::String(self.transaction_id.clone()),
        );
        m.insert("disbursements".into(), Value::Array(disbursements));
        Value::Object(m)
    }

    /// Reads a request with core's strict JSON (see the [module](self) documentation for every
    /// refusal).
    pub fn parse(bytes: &[u8]) -> Result<DisburseRequest> {
        DisburseRequest::from_value(&json::parse(bytes)?)
    }

    /// Reads a request already parsed.
    pub fn from_value(value: &Value) -> Result<DisburseRequest> {
        let obj = Obj::new(
            value,
            String::new(),
            Format::G2p,
            &["transaction_id", "disbursements"],
        )?;
        let transaction_id = obj.str("transaction_id", MAX_TEXT)?.to_owned();
        let list = obj.array("disbursements")?;
        if list.is_empty() {
            return Err(obj.error("disbursements", "no disbursements"));
        }
        let disbursements = list
            .iter()
            .enumerate()
            .map(|(i, d)| read_disbursement(d, at("/disbursements", i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(DisburseRequest {
            transaction_id,
            disbursements,
        })
    }

    /// The batch of these disbursements (message id the `transaction_id`; see the
    /// [module](self) documentation for what `frame` gives), every rule of a batch checked.
    pub fn to_batch(&self, frame: &Frame) -> Result<Batch> {
        let rows = self
            .disbursements
            .iter()
            .map(|d| {
                let mut transfer = CreditTransfer::to_account(
                    d.reference_id.clone(),
                    d.amount,
                    creditor(d.payee_name.as_deref(), &d.reference_id)?,
                    account_of(d.payee_fa.clone()),
                );
                transfer.remittance_information = d.note.clone();
                transfer.purpose = d.purpose.clone();
                transfer.instruction_id = d.instruction.clone();
                Ok(Row {
                    debtor_account: account_of(d.payer_fa.clone()),
                    debtor_agent: None,
                    debtor_name: d.payer_name.clone(),
                    execution_date: d.scheduled_date.clone(),
                    transfer,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        assemble(frame, &self.transaction_id, rows)
    }
}

const DISBURSEMENT_MEMBERS: &[&str] = &[
    "reference_id",
    "payer_fa",
    "payee_fa",
    "amount",
    "scheduled_timestamp",
    "payer_name",
    "payee_name",
    "note",
    "purpose",
    "instruction",
    "meta",
    "currency_code",
    "locale",
];

fn fa(obj: &Obj<'_>, member: &str) -> Result<FinancialAddress> {
    FinancialAddress::parse(obj.str(member, MAX_FINANCIAL_ADDRESS)?)
}

/// `amount` (a decimal string) in `currency_code` (required here).
fn money(obj: &Obj<'_>) -> Result<Money> {
    let Some(code) = obj.opt_str("currency_code", 3)? else {
        return Err(obj.error(
            "currency_code",
            "missing: an amount means nothing without its currency",
        ));
    };
    let currency = Currency::parse(code)?;
    match obj.get("amount") {
        Some(Value::String(text)) => Money::parse(currency, text),
        Some(_) => Err(obj.error(
            "amount",
            "not a string (the API writes amounts as decimal strings)",
        )),
        None => Err(obj.error("amount", "missing")),
    }
}

fn read_disbursement(value: &Value, pointer: String) -> Result<Disbursement> {
    let obj = Obj::new(value, pointer, Format::G2p, DISBURSEMENT_MEMBERS)?;
    let scheduled_date = match obj.opt_str("scheduled_timestamp", 64)? {
        Some(text) => {
            Timestamp::parse(text, "scheduled_timestamp")
                .map_err(|e| obj.error("scheduled_timestamp", e.to_string()))?;
            Some(text.get(..10).unwrap_or_default().to_owned())
        }
        None => None,
    };
    let purpose = obj.opt_str("purpose", MAX_TEXT)?;
    if let Some(p) = purpose {
        if p.len() != 4 || !p.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(obj.error(
                "purpose",
                format!(
                    "{:?} is not an ISO 20022 purpose code (4 upper-case letters), which a batch holds",
                    quote(p)
                ),
            ));
        }
    }
    if let Some(meta) = obj.get("meta") {
        if !meta.is_object() {
            return Err(obj.error("meta", "not an object"));
        }
    }
    if let Some(locale) = obj.opt_str("locale", 3)? {
        if !locale.bytes().all(|b| b.is_ascii_lowercase()) {
            return Err(obj.error("locale", "not an ISO 639-3 code"));
        }
    }
    Ok(Disbursement {
        reference_id: obj.str("reference_id", MAX_NAME)?.to_owned(),
        payer_fa: fa(&obj, "payer_fa")?,
        payee_fa: fa(&obj, "payee_fa")?,
        amount: money(&obj)?,
        scheduled_date,
        payer_name: obj.opt_str("payer_name", MAX_NAME)?.map(str::to_owned),
        payee_name: obj.opt_str("payee_name", MAX_NAME)?.map(str::to_owned),
        note: obj.opt_str("note", MAX_TEXT)?.map(str::to_owned),
        purpose: purpose.map(str::to_owned),
        instruction: obj
            .opt_str("instruction", MAX_INSTRUCTION)?
            .map(str::to_owned),
    })
}

// ---- the status response -------------------------------------------------------------------------

/// A disbursement's status (`RequestStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Status {
    /// `rcvd`: received.
    Received,
    /// `pdng`: pending.
    Pending,
    /// `succ`: paid.
    Succeeded,
    /// `rjct`: rejected.
    Rejected,
}

impl Status {
    /// Every status.
    pub const ALL: [Status; 4] = [
        Status::Received,
        Status::Pending,
        Status::Succeeded,
        Status::Rejected,
    ];

    /// The code (`rcvd`, `pdng`, `succ`, `rjct`).
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Received => "rcvd",
            Status::Pending => "pdng",
            Status::Succeeded => "succ",
            Status::Rejected => "rjct",
        }
    }

    /// Reads a code: `payments.g2p_invalid` for another.
    pub fn parse(code: &str) -> Result<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.as_str() == code)
            .ok_or_else(|| {
                Format::G2p.error(
                    "status",
                    format!("{:?} is not rcvd, pdng, succ or rjct", quote(code)),
                )
            })
    }
}

/// One element of `disbursements_status`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DisbursementStatus {
    /// `reference_id`: the end-to-end id.
    pub reference_id: String,
    /// `timestamp`.
    pub timestamp: Timestamp,
    /// `status`.
    pub status: Status,
    /// `status_reason_code`: one of [`REASON_CODES`].
    pub reason_code: Option<String>,
    /// `status_reason_message`.
    pub reason_message: Option<String>,
    /// `amount` and `currency_code`, if given.
    pub amount: Option<Money>,
    /// `payer_fa`, if given.
    pub payer_fa: Option<FinancialAddress>,
    /// `payee_fa`, if given.
    pub payee_fa: Option<FinancialAddress>,
}

/// The status response (`DisburseResponse`).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct DisburseResponse {
    /// `transaction_id`: the batch's message id.
    pub transaction_id: String,
    /// `disbursements_status`.
    pub statuses: Vec<DisbursementStatus>,
}

impl DisburseResponse {
    /// Every transfer of `batch` at `status` at `timestamp`, with its amount and accounts
    /// (an alias's `payee_fa` is left out).
    pub fn for_batch(
        batch: &Batch,
        timestamp: Timestamp,
        status: Status,
    ) -> Result<DisburseResponse> {
        let mut statuses = Vec::new();
        for block in &batch.payment_information {
            let payer_fa = financial_address(&block.debtor_account)?;
            for t in &block.credit_transfers {
                statuses.push(DisbursementStatus {
                    reference_id: t.end_to_end_id.clone(),
                    timestamp,
                    status,
                    reason_code: None,
                    reason_message: None,
                    amount: Some(t.amount),
                    payer_fa: Some(payer_fa.clone()),
                    payee_fa: t
                        .creditor_account
                        .as_ref()
                        .map(financial_address)
                        .transpose()?,
                });
            }
        }
        Ok(DisburseResponse {
            transaction_id: batch.group_header.message_id.clone(),
            statuses,
        })
    }

    /// The JSON object.
    pub fn to_value(&self) -> Value {
        let statuses = self
            .statuses
            .iter()
            .map(|s| {
                let mut m = Map::new();
                m.insert("reference_id".into(), Value::String(s.reference_id.clone()));
                m.insert("timestamp".into(), Value::String(s.timestamp.to_string()));
                m.insert("status".into(), Value::String(s.status.as_str().to_owned()));
                put(&mut m, "status_reason_code", s.reason_code.as_deref());
                put(&mut m, "status_reason_message", s.reason_message.as_deref());
                if let Some(amount) = s.amount {
                    m.insert("amount".into(), Value::String(amount.fixed()));
                    m.insert(
                        "currency_code".into(),
                        Value::String(amount.currency().code().to_owned()),
                    );
                }
                put(
                    &mut m,
                    "payer_fa",
                    s.payer_fa.as_ref().map(FinancialAddress::as_str),
                );
                put(
                    &mut m,
                    "payee_fa",
                    s.payee_fa.as_ref().map(FinancialAddress::as_str),
                );
                Value::Object(m)
            })
            .collect();
        let mut m = Map::new();
        m.insert(
            "transaction_id".into(),
            Value::String(self.transaction_id.clone()),
        );
        m.insert("disbursements_status".into(), Value::Array(statuses));
        Value::Object(m)
    }

    /// Reads a status response with core's strict JSON: `payments.g2p_invalid` for a member
    /// missing or unknown, a status or reason code that is not published, a reference id given
    /// twice.
    pub fn parse(bytes: &[u8]) -> Result<DisburseResponse> {
        DisburseResponse::from_value(&json::parse(bytes)?)
    }

    /// Reads a status response already parsed.
    pub fn from_value(value: &Value) -> Result<DisburseResponse> {
        let obj = Obj::new(
            value,
            String::new(),
            Format::G2p,
            &["transaction_id", "disbursements_status"],
        )?;
        let transaction_id = obj.str("transaction_id", MAX_TEXT)?.to_owned();
        let mut statuses: Vec<DisbursementStatus> = Vec::new();
        for (i, item) in obj.array("disbursements_status")?.iter().enumerate() {
            let s = read_status(item, at("/disbursements_status", i))?;
            if statuses.iter().any(|x| x.reference_id == s.reference_id) {
                return Err(Format::G2p.error(
                    &at(&at("/disbursements_status", i), "reference_id"),
                    format!("{:?} given twice", quote(&s.reference_id)),
                ));
            }
            statuses.push(s);
        }
        Ok(DisburseResponse {
            transaction_id,
            statuses,
        })
    }

    /// Checks the response against the batch it answers: its `transaction_id` is the batch's
    /// message id (`payments.g2p_invalid`), each `reference_id` a transfer of the batch
    /// (`payments.transfer_not_in_batch`), each amount given the transfer's
    /// (`payments.g2p_invalid`).
    pub fn check_against(&self, batch: &Batch) -> Result<()> {
        let message_id = &batch.group_header.message_id;
        if &self.transaction_id != message_id {
            return Err(Format::G2p.error(
                "/transaction_id",
                format!(
                    "{:?} answers another batch than {:?}",
                    quote(&self.transaction_id),
                    quote(message_id)
                ),
            ));
        }
        for (i, s) in self.statuses.iter().enumerate() {
            let transfer = batch
                .payment_information
                .iter()
                .flat_map(|b| &b.credit_transfers)
                .find(|t| t.end_to_end_id == s.reference_id)
                .ok_or_else(|| Error::TransferNotInBatch {
                    end_to_end_id: quote(&s.reference_id),
                    message_id: quote(message_id),
                })?;
            if let Some(amount) = s.amount {
                if amount != transfer.amount {
                    return Err(Format::G2p.error(
                        &at(&at("/disbursements_status", i), "amount"),
                        format!("{amount} is not the transfer's {}", transfer.amount),
                    ));
                }
            }
        }
        Ok(())
    }
}

const STATUS_MEMBERS: &[&str] = &[
    "reference_id",
    "timestamp",
    "status",
    "status_reason_code",
    "status_reason_message",
    "instruction",
    "amount",
    "payer_fa",
    "payer_name",
    "payee_fa",
    "payee_name",
    "currency_code",
    "locale",
];

fn read_status(value: &Value, pointer: String) -> Result<DisbursementStatus> {
    let obj = Obj::new(value, pointer, Format::G2p, STATUS_MEMBERS)?;
    let timestamp = Timestamp::parse(obj.str("timestamp", 64)?, "timestamp")
        .map_err(|e| obj.error("timestamp", e.to_string()))?;
    let status = Status::parse(obj.str("status", 4)?)
        .map_err(|_| obj.error("status", "not rcvd, pdng, succ or rjct"))?;
    let reason_code = obj.opt_str("status_reason_code", 64)?;
    if let Some(code) = reason_code {
        if !REASON_CODES.contains(&code) {
            return Err(obj.error(
                "status_reason_code",
                format!(
                    "{:?} is not a published DisburseStatusReasonCode",
                    quote(code)
                ),
            ));
        }
    }
    let amount = match obj.get("amount") {
        Some(_) => Some(money(&obj)?),
        None => None,
    };
    let opt_fa = |member| {
        obj.opt_str(member, MAX_FINANCIAL_ADDRESS)?
            .map(FinancialAddress::parse)
            .transpose()
    };
    Ok(DisbursementStatus {
        reference_id: obj.str("reference_id", MAX_NAME)?.to_owned(),
        timestamp,
        status,
        reason_code: reason_code.map(str::to_owned),
        reason_message: obj
            .opt_str("status_reason_message", MAX_INSTRUCTION)?
            .map(str::to_owned),
        amount,
        payer_fa: opt_fa("payer_fa")?,
        payee_fa: opt_fa("payee_fa")?,
    })
}
