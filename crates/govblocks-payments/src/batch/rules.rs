//! What makes a batch valid beyond its shape. Every figure a batch declares is recomputed and
//! compared, never trusted:
//!
//! | rule | code |
//! | --- | --- |
//! | a block's `numberOfTransactions` is the count of its transfers (the block named) | `payments.count_mismatch` |
//! | a block's `controlSum` is the exact sum of its amounts (the block named) | `payments.control_sum_mismatch` |
//! | the header's `numberOfTransactions` is the count of every transfer | `payments.count_mismatch` |
//! | the header's `controlSum` is the exact sum of every amount (see [`ControlSum`]) | `payments.control_sum_mismatch` |
//! | a block's transfers share one currency | `payments.block_currency_mismatch` |
//! | end-to-end ids are unique in the batch | `payments.duplicate_end_to_end_id` |
//! | instruction ids are unique in the batch | `payments.duplicate_instruction_id` |
//! | payment information ids are unique in the batch | `payments.duplicate_payment_information_id` |
//! | `type` is `PaymentBatch`; at least one block, each with at least one transfer; identifiers 1 to 35 characters of text; no zero amount; a creditor account or an alias, not both; a purpose of 4 upper-case letters; remittance information 1 to 140 characters; an execution date that exists | `payments.batch_invalid` |
//! | a declared control sum that is not a decimal, or has more decimals than its currency | `payments.amount_*` |
//! | a sum beyond 18 significant digits | `payments.amount_overflow` |
//!
//! Blocks are checked in order, each completely (its transfers, then its count, then its sum),
//! then the header: the first error found is returned. Everything is **linear** in the number
//! of transfers: the unique ids go through hash sets, the sums are integer additions.

use super::model::{Batch, CreditTransfer, PaymentBlock, BATCH_TYPE};
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::money::Money;
use std::collections::{BTreeMap, HashSet};

/// The id sets' hasher: aHash, keyed at random for each process (so that a file cannot be made
/// of colliding ids), several times cheaper than the standard SipHash on short ids.
type IdSet<'a> = HashSet<&'a str, ahash::RandomState>;
use std::fmt;

/// The scale of a [`ControlSum`]: units of 10⁻⁴, the largest minor unit of ISO 4217.
pub const CONTROL_SUM_DECIMALS: u8 = 4;

/// At most this many significant digits in a control sum (ISO 20022's `DecimalNumber`).
const MAX_DIGITS: usize = 18;

/// An exact non-negative decimal with at most [`CONTROL_SUM_DECIMALS`] decimals and 18
/// significant digits: a batch's control sum (the sum of its amounts irrespective of currency)
/// and the approval policy's thresholds. Compared by value (`150.0` equals `150.00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ControlSum {
    /// The value in units of 10⁻⁴.
    units: u128,
}

impl ControlSum {
    /// Reads a decimal: digits without leading zeros, optionally a `.` and 1 to 4 digits, at
    /// most 18 significant digits (`payments.amount_invalid`, `amount_negative`,
    /// `amount_exponent`, `amount_too_many_decimals`, `amount_too_many_digits`).
    pub fn parse(input: &str) -> Result<ControlSum> {
        let invalid = |reason| Error::AmountInvalid {
            input: quote(input),
            reason,
        };
        if input.starts_with('-') {
            return Err(Error::AmountNegative {
                input: quote(input),
            });
        }
        if input.contains(['e', 'E']) {
            return Err(Error::AmountExponent {
                input: quote(input),
            });
        }
        let (int, frac) = match input.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (input, None),
        };
        if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(invalid("not digits before the '.'"));
        }
        if int.len() > 1 && int.starts_with('0') {
            return Err(invalid("leading zeros"));
        }
        let frac = frac.unwrap_or("");
        if input.contains('.') && (frac.is_empty() || !frac.bytes().all(|b| b.is_ascii_digit())) {
            return Err(invalid("not digits after the '.'"));
        }
        if frac.len() > usize::from(CONTROL_SUM_DECIMALS) {
            return Err(Error::AmountTooManyDecimals {
                input: quote(input),
                decimals: frac.len(),
                currency: "a control sum".to_owned(),
                allowed: CONTROL_SUM_DECIMALS,
            });
        }
        let significant = int.trim_start_matches('0').len() + frac.len();
        if significant > MAX_DIGITS {
            return Err(Error::AmountTooManyDigits {
                input: quote(input),
            });
        }
        let mut units: u128 = 0;
        let padding = "0".repeat(usize::from(CONTROL_SUM_DECIMALS) - frac.len());
        for b in int.bytes().chain(frac.bytes()).chain(padding.bytes()) {
            // At most 18 + 4 digits: far below u128::MAX.
            units = units * 10 + u128::from(b - b'0');
        }
        Ok(ControlSum { units })
    }

    /// The exact value of `money`.
    pub fn of(money: Money) -> ControlSum {
        let scale = CONTROL_SUM_DECIMALS - money.currency().minor_unit().min(CONTROL_SUM_DECIMALS);
        ControlSum {
            units: u128::from(money.minor_units()) * 10u128.pow(u32::from(scale)),
        }
    }

    /// `self + other`, exact (`payments.amount_overflow` beyond 18 significant digits).
    pub fn checked_add(self, other: ControlSum) -> Result<ControlSum> {
        let units = self.units + other.units;
        ControlSum { units }.checked()
    }

    fn checked(self) -> Result<ControlSum> {
        // At most 18 digits before the point (a sum that needs more cannot be declared: a
        // parsed control sum has at most 18 significant digits, so it would not match).
        if self.units >= 10u128.pow(18 + u32::from(CONTROL_SUM_DECIMALS)) {
            return Err(Error::AmountOverflow {
                operation: "sum",
                reason: "exceed 18 significant digits",
            });
        }
        Ok(self)
    }

    /// The value written with `decimals` decimals (at most 4): `None` when it has non-zero
    /// digits beyond them.
    pub fn fixed(&self, decimals: u8) -> Option<String> {
        let decimals = decimals.min(CONTROL_SUM_DECIMALS);
        let cut = 10u128.pow(u32::from(CONTROL_SUM_DECIMALS - decimals));
        if self.units % cut != 0 {
            return None;
        }
        let value = self.units / cut;
        let digits = format!("{:0width$}", value, width = usize::from(decimals) + 1);
        if decimals == 0 {
            return Some(digits);
        }
        let (int, frac) = digits.split_at(digits.len() - usize::from(decimals));
        Some(format!("{int}.{frac}"))
    }
}

/// Four decimals (`1251.2500`).
impl fmt::Display for ControlSum {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.fixed(CONTROL_SUM_DECIMALS).unwrap_or_default())
    }
}

/// What a valid batch adds up to, recomputed from its transfers.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Totals {
    /// The number of transfers.
    pub transactions: u64,
    /// The exact sum of every amount, irrespective of currency.
    pub control_sum: ControlSum,
    /// The total in each currency, by currency code.
    pub by_currency: BTreeMap<Currency, Money>,
    /// Each block's count and total, in order.
    pub blocks: Vec<(u64, Money)>,
}

impl Totals {
    /// The largest minor unit among the batch's currencies: how many decimals its control sum
    /// is written with (0 for an empty batch).
    pub fn decimals(&self) -> u8 {
        self.by_currency
            .keys()
            .map(|c| c.minor_unit())
            .max()
            .unwrap_or(0)
    }
}

impl Batch {
    /// Every rule of the [module](self) on this batch; what it adds up to when it holds.
    pub fn check_rules(&self) -> Result<Totals> {
        check(self)
    }
}

/// Every rule of the [module](self) on `batch`; what it adds up to when it holds.
pub fn check(batch: &Batch) -> Result<Totals> {
    check_at(batch, &mut Spot::default())
}

/// Where in a batch [`check_at`] was when it found an error: the block (by index) and the
/// transfer in it, or neither for the group header. An import uses it to name the element of
/// its file (`PmtInf[2]/CdtTrfTxInf[5]`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Spot {
    /// The block being checked (from 0), `None` for the batch and its header.
    pub(crate) block: Option<usize>,
    /// The transfer being checked in that block (from 0), `None` for the block itself.
    pub(crate) transfer: Option<usize>,
}

/// [`check`], leaving in `spot` where the first error was found.
pub(crate) fn check_at(batch: &Batch, spot: &mut Spot) -> Result<Totals> {
    *spot = Spot::default();
    if batch.kind != BATCH_TYPE {
        return Err(invalid(format!("type must be {BATCH_TYPE}")));
    }
    text(&batch.group_header.message_id, 35, "the message id")?;
    if batch.payment_information.is_empty() {
        return Err(invalid("a batch without payment blocks".to_owned()));
    }
    let count: usize = batch
        .payment_information
        .iter()
        .map(|b| b.credit_transfers.len())
        .sum();
    let mut seen = Seen {
        end_to_end: IdSet::with_capacity_and_hasher(count, ahash::RandomState::new()),
        // Instruction ids are optional; a batch that has them usually has one a transfer.
        instruction: IdSet::with_capacity_and_hasher(
            batch
                .payment_information
                .first()
                .and_then(|b| b.credit_transfers.first())
                .map_or(0, |t| if t.instruction_id.is_some() { count } else { 0 }),
            ahash::RandomState::new(),
        ),
        block: IdSet::with_capacity_and_hasher(
            batch.payment_information.len(),
            ahash::RandomState::new(),
        ),
    };
    let mut totals = Totals {
        transactions: 0,
        control_sum: ControlSum::default(),
        by_currency: BTreeMap::new(),
        blocks: Vec::with_capacity(batch.payment_information.len()),
    };
    for (i, block) in batch.payment_information.iter().enumerate() {
        spot.block = Some(i);
        let (n, total) = check_block(block, &mut seen, spot)?;
        totals.transactions += n;
        totals.control_sum = totals.control_sum.checked_add(ControlSum::of(total))?;
        let entry = totals
            .by_currency
            .entry(total.currency())
            .or_insert_with(|| Money::zero(total.currency()));
        *entry = entry.checked_add(total)?;
        totals.blocks.push((n, total));
    }
    spot.block = None;
    let header = &batch.group_header;
    check_count(&header.number_of_transactions, totals.transactions, None)?;
    let declared = ControlSum::parse(&header.control_sum)?;
    if declared != totals.control_sum {
        return Err(Error::ControlSumMismatch {
            block: None,
            declared: quote(&header.control_sum),
            computed: totals
                .control_sum
                .fixed(totals.decimals())
                .unwrap_or_else(|| totals.control_sum.to_string()),
        });
    }
    Ok(totals)
}

/// The ids seen so far in a batch.
struct Seen<'a> {
    end_to_end: IdSet<'a>,
    instruction: IdSet<'a>,
    block: IdSet<'a>,
}

fn check_block<'a>(
    block: &'a PaymentBlock,
    seen: &mut Seen<'a>,
    spot: &mut Spot,
) -> Result<(u64, Money)> {
    let id = block.payment_information_id.as_str();
    text(id, 35, "a payment information id")?;
    if !seen.block.insert(id) {
        return Err(Error::DuplicatePaymentInformationId { id: quote(id) });
    }
    if !valid_date(&block.requested_execution_date) {
        return Err(invalid(format!(
            "block {:?}: requestedExecutionDate {:?} is not a date YYYY-MM-DD",
            quote(id),
            quote(&block.requested_execution_date)
        )));
    }
    let Some(first) = block.credit_transfers.first() else {
        return Err(invalid(format!(
            "block {:?} has no credit transfers",
            quote(id)
        )));
    };
    let currency = first.amount.currency();
    // Each amount is below 10^18: a u128 holds the sum of any number of them.
    let mut sum: u128 = 0;
    for (j, transfer) in block.credit_transfers.iter().enumerate() {
        spot.transfer = Some(j);
        check_transfer(transfer, id, seen)?;
        if transfer.amount.currency() != currency {
            return Err(Error::BlockCurrencyMismatch {
                block: quote(id),
                end_to_end_id: quote(&transfer.end_to_end_id),
                expected: currency.code().to_owned(),
                found: transfer.amount.currency().code().to_owned(),
            });
        }
        sum += u128::from(transfer.amount.minor_units());
    }
    spot.transfer = None;
    let n = u64::try_from(block.credit_transfers.len()).unwrap_or(u64::MAX);
    check_count(&block.number_of_transactions, n, Some(id))?;
    let total = u64::try_from(sum)
        .map_err(|_| overflow())
        .and_then(|minor| Money::from_minor_units(currency, minor))?;
    let declared = Money::parse(currency, &block.control_sum)?;
    if declared != total {
        return Err(Error::ControlSumMismatch {
            block: Some(quote(id)),
            declared: quote(&block.control_sum),
            computed: total.fixed(),
        });
    }
    Ok((n, total))
}

fn check_transfer<'a>(
    transfer: &'a CreditTransfer,
    block: &str,
    seen: &mut Seen<'a>,
) -> Result<()> {
    let e2e = transfer.end_to_end_id.as_str();
    text(e2e, 35, "an end-to-end id")?;
    if !seen.end_to_end.insert(e2e) {
        return Err(Error::DuplicateEndToEndId { id: quote(e2e) });
    }
    if let Some(instruction) = &transfer.instruction_id {
        text(instruction, 35, "an instruction id")?;
        if !seen.instruction.insert(instruction) {
            return Err(Error::DuplicateInstructionId {
                id: quote(instruction),
            });
        }
    }
    let at = || format!("block {:?}, transfer {:?}", quote(block), quote(e2e));
    if transfer.amount.is_zero() {
        return Err(invalid(format!("{}: the amount is zero", at())));
    }
    if transfer.creditor_account.is_some() == transfer.creditor_alias.is_some() {
        return Err(invalid(format!(
            "{}: exactly one of creditorAccount and creditorAlias",
            at()
        )));
    }
    if let Some(purpose) = &transfer.purpose {
        if purpose.len() != 4 || !purpose.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err(invalid(format!(
                "{}: the purpose is not 4 upper-case letters",
                at()
            )));
        }
    }
    if let Some(info) = &transfer.remittance_information {
        text(info, 140, "remittance information")?;
    }
    Ok(())
}

/// A declared count against the computed one (`payments.count_mismatch`, naming the block).
fn check_count(declared: &str, computed: u64, block: Option<&str>) -> Result<()> {
    // `Max15NumericText`: 1 to 15 digits; a leading zero would give one count two spellings.
    let well_formed = !declared.is_empty()
        && declared.len() <= 15
        && declared.bytes().all(|b| b.is_ascii_digit())
        && (declared == "0" || !declared.starts_with('0'));
    if well_formed && declared.parse::<u64>().ok() == Some(computed) {
        return Ok(());
    }
    Err(Error::CountMismatch {
        block: block.map(quote),
        declared: quote(declared),
        computed,
    })
}

/// 1 to `max` characters, not blank, no control characters (ISO 20022's `MaxNText`).
fn text(value: &str, max: usize, what: &str) -> Result<()> {
    if crate::party::text_ok(value, max) {
        Ok(())
    } else {
        Err(invalid(format!(
            "{what} {:?} is not 1 to {max} characters of text",
            quote(value)
        )))
    }
}

/// `YYYY-MM-DD`, a day that exists (years 0001 to 9999).
pub(crate) fn valid_date(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let part = s.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    y >= 1 && d >= 1 && d <= days
}

fn invalid(reason: String) -> Error {
    Error::BatchInvalid { reason }
}

fn overflow() -> Error {
    Error::AmountOverflow {
        operation: "sum",
        reason: "exceed 18 significant digits",
    }
}
