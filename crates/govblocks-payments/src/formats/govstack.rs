//! The GovStack Payments BB bulk payment, to and from a [`Batch`]: the request of
//! `POST /batchtransactions` (`v1_0_1_fixed_BulkPayment.yml`, an array of credit instructions,
//! [`BulkPayment`]) and the per-bank sub-batch of `creditInstructions`
//! (`BulkValidateAccountRequest.yml`, [`SubBatch`]), as vendored in
//! `tests/vectors/govstack-bb-payments/` with their SOURCE.
//!
//! **Amounts are JSON numbers** in this API (`type: number, format: float`). They are written
//! digit for digit in the currency's fixed form (`12.50`, `100` for JPY) and read from their
//! text, never through a float ([`govblocks_core::json::parse_keeping_number_texts`]): `0.10`
//! USD is ten cents, `12.345` USD is refused (`payments.amount_too_many_decimals`), so are
//! `1e3` (`payments.amount_exponent`) and `-5` (`payments.amount_negative`), and an amount
//! written as a string is not the published shape (`payments.govstack_invalid`).
//!
//! # One transfer, one element
//!
//! | batch | bulk payment element | |
//! | --- | --- | --- |
//! | `endToEndId` | `requestId` | at most 16 characters (`payments.shape_unrepresentable` beyond) |
//! | `creditorAccount`, `creditorAlias` | `creditParty` | the account's keys below |
//! | `creditor.name` | `creditParty` `bankaccounttitle` | |
//! | the block's `debtorAccount` | `debitParty` | the account's keys below |
//! | the block's `debtor.name` | `debitParty` `bankaccounttitle` | |
//! | the block's `debtorAgent` | `debitParty` `swiftbic` | |
//! | the account's kind | `paymentMode` | the account mapper's modality code: `00` IBAN or bank account, `01` mobile money, `04` financial address or alias |
//! | `amount` | `amount`, `currency` | a JSON number in the fixed form, the ISO 4217 code |
//! | `remittanceInformation` | `descriptionText` | at most 50 characters (`payments.shape_unrepresentable` beyond) |
//!
//! The keys of `creditParty` and `debitParty` are the GSMA Mobile Money API's identifier types,
//! which the Payments BB's key-value lists come from:
//!
//! | account | keys |
//! | --- | --- |
//! | IBAN | `iban` |
//! | bank account | `bankaccountno` (the number), `sortcode` (the clearing code, `USABA:021000021`) |
//! | mobile money | `msisdn` (E.164 with `+`), `serviceprovider` |
//! | financial address | `accountid` (`token:12345@gtbank`) |
//! | alias (credit only) | `identityalias` |
//!
//! Read back, a list must hold exactly one account (an unknown key, a key twice, two accounts
//! or none: `payments.govstack_invalid`), each value parsed with its own code
//! (`payments.iban_checksum`, `payments.msisdn_invalid`, …), and a `paymentMode` that cannot pay
//! the account is `payments.modality_mismatch` (any modality may name an alias, which the
//! account mapper resolves).
//!
//! **Not carried** (taken from the [`Frame`] on the way in): the message id, creation time and
//! initiating party, block ids (`<prefix>-1`, …), the payment method (always `TRF`), the
//! requested execution date, the debtor's identifier and address. Dropped on the way out: a
//! transfer's `instructionId` and `purpose`, the creditor's identifier and postal address (read
//! back, the creditor is identified by the end-to-end id). Elements go to one block per debtor
//! account, agent, name and currency, in the order they first appear.
//!
//! # The per-bank sub-batch
//!
//! [`sub_batches`] splits a batch by receiving bank: `batchId` is `<message id>-<bank>`,
//! `destinationDFSPID` the bank (a financial address's or a mobile-money account's provider, a
//! bank account's clearing member id, an IBAN's country and registry bank identifier, at most 11
//! characters), each `creditInstructions` element a transfer: `instructionID` the end-to-end id
//! (at most 16), `financialAddress` the creditor's account as a [financial address](super::address),
//! `amount` and `currency`, `narration` the remittance information (at most 50). Aliases must be
//! resolved first (`payments.shape_unrepresentable`). Read back ([`SubBatch::to_batch`]), the
//! batch's message id is the `batchId`, its one debtor account the frame's.
//!
//! ```
//! use govblocks_payments::prelude::*;
//! use govblocks_payments::formats::{govstack::BulkPayment, Frame};
//!
//! let usd = Currency::parse("USD")?;
//! let ministry = Party::new("Ministry", PartyIdentifier::new("MIN")?)?;
//! let amina = Party::new("Amina", PartyIdentifier::new("E2E-1")?)?;
//! let wallet = Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa")?);
//! let block = BlockBuilder::new("MSG-1-1", ministry.clone(),
//!         Account::Iban(Iban::parse("DE89370400440532013000")?), "2026-12-07")
//!     .transfer(CreditTransfer::to_account("E2E-1", Money::parse(usd, "0.10")?, amina, wallet));
//! let batch = BatchBuilder::new("MSG-1", "2026-12-07T09:00:00Z".parse()?, ministry)
//!     .block(block).build()?;
//!
//! let json = BulkPayment::from_batch(&batch)?.to_json();
//! assert!(json.contains(r#""amount":0.10,"currency":"USD""#));
//! let back = BulkPayment::parse(json.as_bytes())?.to_batch(&Frame::of(&batch).unwrap())?;
//! assert_eq!(back, batch);
//!
//! let err = BulkPayment::parse(json.replace("0.10", "0.105").as_bytes()).unwrap_err();
//! assert_eq!(err.code(), "payments.amount_too_many_decimals");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use super::address::{account_of, financial_address};
use super::read::{at, Format, Obj};
use super::{assemble, creditor, Frame, Row};
use crate::account::{
    Account, Alias, BankAccount, Bic, FinancialAddress, Iban, MobileMoneyAccount, PaymentModality,
};
use crate::batch::model::{Batch, CreditTransfer};
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::money::Money;
use govblocks_core::json::{self, Limits, NumberTexts};
use serde_json::Value;

/// The name of the bulk payment shape, in `payments.shape_unrepresentable` errors.
pub const SHAPE: &str = "the GovStack bulk payment";
/// The name of the sub-batch shape, in `payments.shape_unrepresentable` errors.
pub const SUB_BATCH_SHAPE: &str = "the GovStack credit-instruction sub-batch";

/// `requestId` and `instructionID`: at most 16 characters.
pub const MAX_REQUEST_ID: usize = 16;
/// `descriptionText` and `narration`: at most 50 characters.
pub const MAX_DESCRIPTION: usize = 50;
/// `paymentMode`: at most 20 characters.
pub const MAX_PAYMENT_MODE: usize = 20;
/// `destinationDFSPID`: at most 11 characters.
pub const MAX_DFSP_ID: usize = 11;
/// `batchId`: at most 50 characters.
pub const MAX_BATCH_ID: usize = 50;
/// `financialAddress`: at most 256 characters, a financial address's own limit (the published
/// 20 is shorter than the IBANs the specification asks for: see `docs/DESIGN.md`).
pub const MAX_FINANCIAL_ADDRESS: usize = 256;
/// A key or value of a party list: at most 256 characters (the GSMA API's limit).
pub const MAX_KEY_VALUE: usize = 256;

/// One element of the bulk payment: one transfer (see the [module](self) documentation).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct BulkPaymentItem {
    /// `requestId`: the transfer's end-to-end id.
    pub request_id: String,
    /// `creditParty`: the account paid, or the alias that names it.
    pub credit: Payee,
    /// `creditParty`'s `bankaccounttitle`: the creditor's name.
    pub credit_name: Option<String>,
    /// `debitParty`: the account paid from.
    pub debit: Account,
    /// `debitParty`'s `bankaccounttitle`: the debtor's name.
    pub debit_name: Option<String>,
    /// `debitParty`'s `swiftbic`: the debtor's bank.
    pub debit_agent: Option<Bic>,
    /// `paymentMode`.
    pub payment_mode: PaymentModality,
    /// `amount` and `currency`.
    pub amount: Money,
    /// `descriptionText`.
    pub description_text: Option<String>,
}

/// Who a transfer pays: an account, or an alias the account mapper resolves.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Payee {
    /// An account.
    Account(Account),
    /// An alias (`identityalias`).
    Alias(Alias),
}

/// The bulk payment request: the array `POST /batchtransactions` takes.
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct BulkPayment {
    /// The elements, one per transfer.
    pub items: Vec<BulkPaymentItem>,
}

fn unrepresentable(shape: &'static str, location: String, reason: impl Into<String>) -> Error {
    Error::ShapeUnrepresentable {
        shape,
        location,
        reason: reason.into(),
    }
}

/// `text` if it has at most `max` characters, else `payments.shape_unrepresentable`.
fn fits<'t>(
    shape: &'static str,
    text: &'t str,
    max: usize,
    location: impl FnOnce() -> String,
) -> Result<&'t str> {
    if text.chars().count() > max {
        return Err(unrepresentable(
            shape,
            location(),
            format!("{:?} is longer than {max} characters", quote(text)),
        ));
    }
    Ok(text)
}

fn modality_of(payee: &Payee) -> PaymentModality {
    match payee {
        Payee::Account(Account::Iban(_) | Account::Bank(_)) => PaymentModality::BankAccount,
        Payee::Account(Account::MobileMoney(_)) => PaymentModality::MobileMoney,
        _ => PaymentModality::Proxy,
    }
}

impl BulkPayment {
    /// One element per transfer of `batch`, in order: `payments.shape_unrepresentable` for an
    /// end-to-end id over 16 characters or remittance information over 50.
    pub fn from_batch(batch: &Batch) -> Result<BulkPayment> {
        let mut items = Vec::new();
        for block in &batch.payment_information {
            for t in &block.credit_transfers {
                let location = || format!("transfer {:?}", quote(&t.end_to_end_id));
                fits(SHAPE, &t.end_to_end_id, MAX_REQUEST_ID, || {
                    format!("{} endToEndId (requestId)", location())
                })?;
                if let Some(text) = &t.remittance_information {
                    fits(SHAPE, text, MAX_DESCRIPTION, || {
                        format!("{} remittanceInformation (descriptionText)", location())
                    })?;
                }
                let credit = match (&t.creditor_account, &t.creditor_alias) {
                    (Some(account), _) => Payee::Account(account.clone()),
                    (None, Some(alias)) => Payee::Alias(alias.clone()),
                    (None, None) => {
                        return Err(Error::BatchInvalid {
                            reason: format!("{} has no creditor account or alias", location()),
                        })
                    }
                };
                items.push(BulkPaymentItem {
                    request_id: t.end_to_end_id.clone(),
                    payment_mode: modality_of(&credit),
                    credit,
                    credit_name: Some(t.creditor.name().to_owned()),
                    debit: block.debtor_account.clone(),
                    debit_name: Some(block.debtor.name().to_owned()),
                    debit_agent: block.debtor_agent.clone(),
                    amount: t.amount,
                    description_text: t.remittance_information.clone(),
                });
            }
        }
        Ok(BulkPayment { items })
    }

    /// Reads a bulk payment request with core's strict JSON and default [`Limits`], amounts
    /// from their text (see the [module](self) documentation for every refusal).
    pub fn parse(bytes: &[u8]) -> Result<BulkPayment> {
        let (value, numbers) = json::parse_keeping_number_texts(bytes, &Limits::default())?;
        BulkPayment::from_value(&value, &numbers)
    }

    /// Reads a bulk payment request already parsed, its numbers' texts beside it.
    pub fn from_value(value: &Value, numbers: &NumberTexts<'_>) -> Result<BulkPayment> {
        let Value::Array(elements) = value else {
            return Err(Format::GovStack.error("", "not an array of credit instructions"));
        };
        if elements.is_empty() {
            return Err(Format::GovStack.error("", "no credit instructions"));
        }
        let items = elements
            .iter()
            .enumerate()
            .map(|(i, element)| read_item(element, format!("/{i}"), numbers))
            .collect::<Result<Vec<_>>>()?;
        Ok(BulkPayment { items })
    }

    /// The JSON array, amounts as JSON numbers in the fixed form, written digit for digit.
    pub fn to_json(&self) -> String {
        let mut out = String::from("[");
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"requestId\":");
            out.push_str(&string(&item.request_id));
            out.push_str(",\"creditParty\":");
            let mut credit = match &item.credit {
                Payee::Account(account) => account_keys(account),
                Payee::Alias(alias) => vec![("identityalias", alias.as_str().to_owned())],
            };
            if let Some(name) = &item.credit_name {
                credit.push(("bankaccounttitle", name.clone()));
            }
            write_pairs(&mut out, &credit);
            out.push_str(",\"debitParty\":");
            let mut debit = account_keys(&item.debit);
            if let Some(name) = &item.debit_name {
                debit.push(("bankaccounttitle", name.clone()));
            }
            if let Some(bic) = &item.debit_agent {
                debit.push(("swiftbic", bic.as_str().to_owned()));
            }
            write_pairs(&mut out, &debit);
            out.push_str(",\"paymentMode\":");
            out.push_str(&string(item.payment_mode.as_str()));
            // A JSON number, digit for digit: the fixed form is a valid JSON number literal.
            out.push_str(",\"amount\":");
            out.push_str(&item.amount.fixed());
            out.push_str(",\"currency\":");
            out.push_str(&string(item.amount.currency().code()));
            if let Some(text) = &item.description_text {
                out.push_str(",\"descriptionText\":");
                out.push_str(&string(text));
            }
            out.push('}');
        }
        out.push(']');
        out
    }

    /// The batch of these transfers (see the [module](self) documentation for what `frame`
    /// gives), every rule of a batch checked.
    pub fn to_batch(&self, frame: &Frame) -> Result<Batch> {
        let rows = self
            .items
            .iter()
            .map(|item| {
                let creditor = creditor(item.credit_name.as_deref(), &item.request_id)?;
                let mut transfer = match &item.credit {
                    Payee::Account(account) => CreditTransfer::to_account(
                        item.request_id.clone(),
                        item.amount,
                        creditor,
                        account.clone(),
                    ),
                    Payee::Alias(alias) => CreditTransfer::to_alias(
                        item.request_id.clone(),
                        item.amount,
                        creditor,
                        alias.clone(),
                    ),
                };
                transfer.remittance_information = item.description_text.clone();
                Ok(Row {
                    debtor_account: item.debit.clone(),
                    debtor_agent: item.debit_agent.clone(),
                    debtor_name: item.debit_name.clone(),
                    execution_date: None,
                    transfer,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        assemble(frame, &frame.message_id, rows)
    }
}

/// A JSON string.
fn string(text: &str) -> String {
    Value::String(text.to_owned()).to_string()
}

fn write_pairs(out: &mut String, pairs: &[(&str, String)]) {
    out.push('[');
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"key\":");
        out.push_str(&string(key));
        out.push_str(",\"value\":");
        out.push_str(&string(value));
        out.push('}');
    }
    out.push(']');
}

/// The GSMA identifier types and values that name `account`.
fn account_keys(account: &Account) -> Vec<(&'static str, String)> {
    match account {
        Account::Iban(iban) => vec![("iban", iban.as_str().to_owned())],
        Account::Bank(b) => vec![
            ("bankaccountno", b.number.as_str().to_owned()),
            ("sortcode", b.clearing.as_str().to_owned()),
        ],
        Account::MobileMoney(m) => vec![
            ("msisdn", m.msisdn.as_str().to_owned()),
            ("serviceprovider", m.provider.as_str().to_owned()),
        ],
        Account::FinancialAddress(fa) => vec![("accountid", fa.as_str().to_owned())],
    }
}

const ITEM_MEMBERS: &[&str] = &[
    "requestId",
    "creditParty",
    "debitParty",
    "paymentMode",
    "amount",
    "currency",
    "descriptionText",
];

const CREDIT_KEYS: &[&str] = &[
    "iban",
    "bankaccountno",
    "sortcode",
    "msisdn",
    "serviceprovider",
    "accountid",
    "identityalias",
    "bankaccounttitle",
];

const DEBIT_KEYS: &[&str] = &[
    "iban",
    "bankaccountno",
    "sortcode",
    "msisdn",
    "serviceprovider",
    "accountid",
    "bankaccounttitle",
    "swiftbic",
];

/// The amount at `pointer`: a JSON number read from its text, in `currency`.
fn amount(
    obj: &Obj<'_>,
    member: &str,
    currency: Currency,
    numbers: &NumberTexts<'_>,
    required: bool,
) -> Result<Option<Money>> {
    match obj.get(member) {
        None if required => Err(obj.error(member, "missing")),
        None => Ok(None),
        Some(Value::Number(_)) => {
            let pointer = at(&obj.at, member);
            let text = numbers
                .get(&pointer)
                .ok_or_else(|| obj.error(member, "the number's text was not kept"))?;
            Money::parse(currency, text).map(Some)
        }
        Some(_) => Err(obj.error(
            member,
            "not a JSON number (the API writes amounts as numbers)",
        )),
    }
}

fn currency(obj: &Obj<'_>) -> Result<Currency> {
    Currency::parse(obj.str("currency", 3)?)
}

/// A party list: its pairs by key, each key once and known.
fn pairs<'v>(
    obj: &Obj<'v>,
    member: &str,
    known: &[&str],
) -> Result<Vec<(&'v str, &'v str, String)>> {
    let list = obj.array(member)?;
    let base = at(&obj.at, member);
    let mut out: Vec<(&str, &str, String)> = Vec::new();
    for (i, pair) in list.iter().enumerate() {
        let entry = Obj::new(pair, at(&base, i), Format::GovStack, &["key", "value"])?;
        let key = entry.str("key", MAX_KEY_VALUE)?;
        let value = entry.str("value", MAX_KEY_VALUE)?;
        if !known.contains(&key) {
            return Err(entry.error(
                "key",
                format!(
                    "{:?} is not a key this shape maps (it has {})",
                    quote(key),
                    known.join(", ")
                ),
            ));
        }
        if out.iter().any(|(k, _, _)| *k == key) {
            return Err(entry.error("key", format!("{key:?} given twice")));
        }
        out.push((key, value, at(&entry.at, "value")));
    }
    Ok(out)
}

/// The one account (or alias) a party list names.
fn payee(obj: &Obj<'_>, member: &str, pairs: &[(&str, &str, String)]) -> Result<Payee> {
    let get = |key: &str| pairs.iter().find(|(k, _, _)| *k == key).map(|(_, v, _)| *v);
    let forms = [
        get("iban").is_some(),
        get("bankaccountno").is_some() || get("sortcode").is_some(),
        get("msisdn").is_some() || get("serviceprovider").is_some(),
        get("accountid").is_some(),
        get("identityalias").is_some(),
    ];
    if forms.iter().filter(|f| **f).count() != 1 {
        return Err(obj.error(
            member,
            "not exactly one account (iban; bankaccountno and sortcode; msisdn and \
             serviceprovider; accountid; or, to credit, identityalias)",
        ));
    }
    let both = |a: &str, b: &str| match (get(a), get(b)) {
        (Some(x), Some(y)) => Ok((x, y)),
        _ => Err(obj.error(member, format!("{a} and {b} go together"))),
    };
    Ok(if let Some(iban) = get("iban") {
        Payee::Account(Account::Iban(Iban::parse(iban)?))
    } else if forms[1] {
        let (number, clearing) = both("bankaccountno", "sortcode")?;
        Payee::Account(Account::Bank(BankAccount::parse(number, clearing)?))
    } else if forms[2] {
        let (msisdn, provider) = both("msisdn", "serviceprovider")?;
        Payee::Account(Account::MobileMoney(MobileMoneyAccount::parse(
            msisdn, provider,
        )?))
    } else if let Some(fa) = get("accountid") {
        Payee::Account(Account::FinancialAddress(FinancialAddress::parse(fa)?))
    } else {
        Payee::Alias(Alias::parse(get("identityalias").unwrap_or_default())?)
    })
}

fn read_item(value: &Value, pointer: String, numbers: &NumberTexts<'_>) -> Result<BulkPaymentItem> {
    let obj = Obj::new(value, pointer, Format::GovStack, ITEM_MEMBERS)?;
    let request_id = obj.str("requestId", MAX_REQUEST_ID)?.to_owned();
    let credit_pairs = pairs(&obj, "creditParty", CREDIT_KEYS)?;
    let debit_pairs = pairs(&obj, "debitParty", DEBIT_KEYS)?;
    let credit = payee(&obj, "creditParty", &credit_pairs)?;
    let debit = match payee(&obj, "debitParty", &debit_pairs)? {
        Payee::Account(account) => account,
        Payee::Alias(_) => return Err(obj.error("debitParty", "an alias cannot be debited")),
    };
    let name = |pairs: &[(&str, &str, String)]| {
        pairs
            .iter()
            .find(|(k, _, _)| *k == "bankaccounttitle")
            .map(|(_, v, _)| (*v).to_owned())
    };
    let debit_agent = debit_pairs
        .iter()
        .find(|(k, _, _)| *k == "swiftbic")
        .map(|(_, v, _)| Bic::parse(v))
        .transpose()?;
    let mode = obj.str("paymentMode", MAX_PAYMENT_MODE)?;
    let payment_mode = PaymentModality::parse(mode)?;
    if let Payee::Account(account) = &credit {
        if !payment_mode.can_pay(account) {
            return Err(Error::ModalityMismatch {
                modality: payment_mode.as_str(),
                account: account.kind(),
            });
        }
    }
    let currency = currency(&obj)?;
    let amount = amount(&obj, "amount", currency, numbers, true)?.unwrap_or(Money::zero(currency));
    Ok(BulkPaymentItem {
        request_id,
        credit,
        credit_name: name(&credit_pairs),
        debit,
        debit_name: name(&debit_pairs),
        debit_agent,
        payment_mode,
        amount,
        description_text: obj
            .opt_str("descriptionText", MAX_DESCRIPTION)?
            .map(str::to_owned),
    })
}

// ---- the per-bank sub-batch ----------------------------------------------------------------------

/// One element of a sub-batch's `creditInstructions`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct CreditInstruction {
    /// `instructionID`: the transfer's end-to-end id.
    pub instruction_id: String,
    /// `financialAddress`: the account paid.
    pub financial_address: FinancialAddress,
    /// `amount` and `currency` (the API makes the amount optional; a payment needs one).
    pub amount: Money,
    /// `narration`.
    pub narration: Option<String>,
}

/// The credit instructions for one receiving bank (see the [module](self) documentation).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SubBatch {
    /// `batchId`.
    pub batch_id: String,
    /// `destinationDFSPID`: the receiving bank.
    pub destination_dfsp_id: String,
    /// `creditInstructions`.
    pub credit_instructions: Vec<CreditInstruction>,
}

/// The receiving bank of an account (see the [module](self) documentation).
fn dfsp(account: &Account) -> String {
    match account {
        Account::FinancialAddress(fa) => fa.provider().to_owned(),
        Account::MobileMoney(m) => m.provider.as_str().to_owned(),
        Account::Bank(b) => b.clearing.member().to_owned(),
        Account::Iban(iban) => format!(
            "{}{}",
            iban.country_code(),
            iban.bank_identifier().unwrap_or_default()
        ),
    }
}

/// The batch split by receiving bank, banks in the order they first appear:
/// `payments.shape_unrepresentable` for an alias (resolve it first), an end-to-end id over 16
/// characters, remittance information over 50, a bank id over 11.
pub fn sub_batches(batch: &Batch) -> Result<Vec<SubBatch>> {
    let mut out: Vec<SubBatch> = Vec::new();
    for t in batch
        .payment_information
        .iter()
        .flat_map(|b| &b.credit_transfers)
    {
        let location = || format!("transfer {:?}", quote(&t.end_to_end_id));
        let Some(account) = &t.creditor_account else {
            return Err(unrepresentable(
                SUB_BATCH_SHAPE,
                format!("{} creditorAlias", location()),
                "a sub-batch names accounts: resolve the alias with the account mapper first",
            ));
        };
        fits(SUB_BATCH_SHAPE, &t.end_to_end_id, MAX_REQUEST_ID, || {
            format!("{} endToEndId (instructionID)", location())
        })?;
        if let Some(text) = &t.remittance_information {
            fits(SUB_BATCH_SHAPE, text, MAX_DESCRIPTION, || {
                format!("{} remittanceInformation (narration)", location())
            })?;
        }
        let bank = dfsp(account);
        fits(SUB_BATCH_SHAPE, &bank, MAX_DFSP_ID, || {
            format!("{} receiving bank (destinationDFSPID)", location())
        })?;
        let instruction = CreditInstruction {
            instruction_id: t.end_to_end_id.clone(),
            financial_address: financial_address(account)?,
            amount: t.amount,
            narration: t.remittance_information.clone(),
        };
        match out.iter_mut().find(|s| s.destination_dfsp_id == bank) {
            Some(sub) => sub.credit_instructions.push(instruction),
            None => out.push(SubBatch {
                batch_id: format!("{}-{bank}", batch.group_header.message_id),
                destination_dfsp_id: bank,
                credit_instructions: vec![instruction],
            }),
        }
    }
    Ok(out)
}

const SUB_BATCH_MEMBERS: &[&str] = &["batchId", "destinationDFSPID", "creditInstructions"];
const INSTRUCTION_MEMBERS: &[&str] = &[
    "instructionID",
    "financialAddress",
    "amount",
    "currency",
    "narration",
];

impl SubBatch {
    /// Reads a sub-batch with core's strict JSON, amounts from their text.
    pub fn parse(bytes: &[u8]) -> Result<SubBatch> {
        let (value, numbers) = json::parse_keeping_number_texts(bytes, &Limits::default())?;
        SubBatch::from_value(&value, &numbers)
    }

    /// Reads a sub-batch already parsed, its numbers' texts beside it.
    pub fn from_value(value: &Value, numbers: &NumberTexts<'_>) -> Result<SubBatch> {
        let obj = Obj::new(value, String::new(), Format::GovStack, SUB_BATCH_MEMBERS)?;
        let batch_id = obj.str("batchId", MAX_BATCH_ID)?.to_owned();
        let destination_dfsp_id = obj.str("destinationDFSPID", MAX_DFSP_ID)?.to_owned();
        let list = obj.array("creditInstructions")?;
        if list.is_empty() {
            return Err(obj.error("creditInstructions", "no credit instructions"));
        }
        let mut credit_instructions = Vec::new();
        for (i, element) in list.iter().enumerate() {
            let item = Obj::new(
                element,
                at("/creditInstructions", i),
                Format::GovStack,
                INSTRUCTION_MEMBERS,
            )?;
            let currency = currency(&item)?;
            credit_instructions.push(CreditInstruction {
                instruction_id: item.str("instructionID", MAX_REQUEST_ID)?.to_owned(),
                financial_address: FinancialAddress::parse(
                    item.str("financialAddress", MAX_FINANCIAL_ADDRESS)?,
                )?,
                amount: amount(&item, "amount", currency, numbers, true)?
                    .unwrap_or(Money::zero(currency)),
                narration: item
                    .opt_str("narration", MAX_DESCRIPTION)?
                    .map(str::to_owned),
            });
        }
        Ok(SubBatch {
            batch_id,
            destination_dfsp_id,
            credit_instructions,
        })
    }

    /// The JSON object, amounts as JSON numbers in the fixed form, written digit for digit.
    pub fn to_json(&self) -> String {
        let mut out = String::from("{\"batchId\":");
        out.push_str(&string(&self.batch_id));
        out.push_str(",\"destinationDFSPID\":");
        out.push_str(&string(&self.destination_dfsp_id));
        out.push_str(",\"creditInstructions\":[");
        for (i, c) in self.credit_instructions.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str("{\"instructionID\":");
            out.push_str(&string(&c.instruction_id));
            out.push_str(",\"financialAddress\":");
            out.push_str(&string(c.financial_address.as_str()));
            out.push_str(",\"amount\":");
            out.push_str(&c.amount.fixed());
            out.push_str(",\"currency\":");
            out.push_str(&string(c.amount.currency().code()));
            if let Some(text) = &c.narration {
                out.push_str(",\"narration\":");
                out.push_str(&string(text));
            }
            out.push('}');
        }
        out.push_str("]}");
        out
    }

    /// The batch of these transfers: message id the `batchId`, debtor and debtor account the
    /// frame's (`payments.batch_invalid` when the frame has no debtor account), each creditor's
    /// account read back from its financial address ([`account_of`]).
    pub fn to_batch(&self, frame: &Frame) -> Result<Batch> {
        let Some(debtor_account) = &frame.debtor_account else {
            return Err(Error::BatchInvalid {
                reason: "a sub-batch names no debtor account: the frame must give one".to_owned(),
            });
        };
        let rows = self
            .credit_instructions
            .iter()
            .map(|c| {
                let mut transfer = CreditTransfer::to_account(
                    c.instruction_id.clone(),
                    c.amount,
                    creditor(None, &c.instruction_id)?,
                    account_of(c.financial_address.clone()),
                );
                transfer.remittance_information = c.narration.clone();
                Ok(Row {
                    debtor_account: debtor_account.clone(),
                    debtor_agent: None,
                    debtor_name: None,
                    execution_date: None,
                    transfer,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        assemble(frame, &self.batch_id, rows)
    }
}
