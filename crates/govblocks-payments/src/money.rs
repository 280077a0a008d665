//! Exact money: an amount in the minor units of an ISO 4217 [`Currency`].
//!
//! **No float anywhere.** A [`Money`] is an integer count of minor units (cents, fils) and its
//! currency; it is read from and written to decimal strings, and JSON carries it as a string
//! (`{"amount":"12.50","currency":"USD"}`), never as a number.
//!
//! **Parsing** ([`Money::parse`]) accepts exactly a plain decimal: digits, optionally a `.`
//! followed by digits, no leading zeros (but a lone `0` before the point), at most as many
//! decimals as the currency's minor unit (trailing zeros count: `1.0` JPY is refused). Refused,
//! each with its code:
//!
//! | input | code |
//! | --- | --- |
//! | `-5`, `-0` | `payments.amount_negative` |
//! | `1e3`, `1.5E2` | `payments.amount_exponent` |
//! | `12.345` USD, `1.5` JPY | `payments.amount_too_many_decimals` |
//! | more than 18 significant digits (in minor units) | `payments.amount_too_many_digits` |
//! | empty, `+5`, `05`, `.5`, `5.`, `1.2.3`, ` 5`, `5,00`, `٥` | `payments.amount_invalid` |
//!
//! The 18 digits are ISO 20022's `totalDigits` of an amount (its `ActiveCurrencyAndAmount` has
//! 18 in all); Mojaloop's amount rule allows at most 18 before the point. Counted in minor
//! units, the largest amount is 999,999,999,999,999,999 minor units: 9,999,999,999,999,999.99
//! USD, 999,999,999,999,999,999 JPY. Every value in range fits a `u64` exactly.
//!
//! **Arithmetic** is checked: [`Money::checked_add`], [`checked_sub`](Money::checked_add),
//! [`checked_mul`](Money::checked_mul) and [`Money::sum`] refuse a result beyond 18 digits or
//! below zero (`payments.amount_overflow`) and mixed currencies (`payments.currency_mismatch`).
//! A sum is exact and does not depend on the order of its terms.
//!
//! **Two string forms:** [`Money::fixed`] writes every decimal of the minor unit (`"12.50"`,
//! `"100"` JPY, `"1.000"` KWD: ISO 20022), [`Money::minimal`] drops trailing zeros and a bare
//! point (`"12.5"`, `"1"`: Mojaloop's amount rule). Both parse back to the same value.

use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// At most this many significant digits in an amount (counted in minor units).
pub const MAX_DIGITS: u32 = 18;

/// One more than the largest count of minor units: 10^18.
const LIMIT: u64 = 1_000_000_000_000_000_000;

/// An exact amount of money: a count of minor units and its currency (see the
/// [module](self) documentation). Only the parser and the checked constructors make one, so
/// every value has at most 18 digits and is never negative.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "MoneyWire", into = "MoneyWire")]
pub struct Money {
    minor: u64,
    currency: Currency,
}

/// The JSON form: both members strings.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct MoneyWire {
    amount: String,
    currency: String,
}

impl TryFrom<MoneyWire> for Money {
    type Error = Error;
    fn try_from(wire: MoneyWire) -> Result<Money> {
        Money::parse(Currency::parse(&wire.currency)?, &wire.amount)
    }
}

impl From<Money> for MoneyWire {
    fn from(m: Money) -> MoneyWire {
        MoneyWire {
            amount: m.fixed(),
            currency: m.currency.code().to_owned(),
        }
    }
}

fn invalid(input: &str, reason: &'static str) -> Error {
    Error::AmountInvalid {
        input: quote(input),
        reason,
    }
}

fn overflow(operation: &'static str, reason: &'static str) -> Error {
    Error::AmountOverflow { operation, reason }
}

const TOO_BIG: &str = "exceed 18 significant digits";

impl Money {
    /// Parses a decimal amount in `currency` (see the [module](self) documentation for what is
    /// accepted and every refusal's code). Both string forms parse: `"12.50"` and `"12.5"`.
    pub fn parse(currency: Currency, input: &str) -> Result<Money> {
        let bytes = input.as_bytes();
        match bytes.first() {
            None => return Err(invalid(input, "empty")),
            Some(b'-') => {
                return Err(Error::AmountNegative {
                    input: quote(input),
                })
            }
            Some(b'+') => return Err(invalid(input, "a leading '+'")),
            Some(_) => {}
        }
        // The syntax first, over the whole input: digits, then maybe a point and digits.
        let mut point = None;
        for (i, &b) in bytes.iter().enumerate() {
            match b {
                b'0'..=b'9' => {}
                b'.' if point.is_none() => point = Some(i),
                b'.' => return Err(invalid(input, "more than one '.'")),
                b'e' | b'E' if i > 0 && bytes[i - 1].is_ascii_digit() => {
                    return Err(Error::AmountExponent {
                        input: quote(input),
                    })
                }
                _ => return Err(invalid(input, "a character other than digits and '.'")),
            }
        }
        let (int, frac) = match point {
            Some(at) => (&bytes[..at], &bytes[at + 1..]),
            None => (bytes, &bytes[..0]),
        };
        if int.is_empty() {
            return Err(invalid(input, "no digit before the '.'"));
        }
        if point.is_some() && frac.is_empty() {
            return Err(invalid(input, "no digit after the '.'"));
        }
        if int.len() > 1 && int[0] == b'0' {
            return Err(invalid(input, "leading zeros"));
        }
        let unit = usize::from(currency.minor_unit());
        if frac.len() > unit {
            return Err(Error::AmountTooManyDecimals {
                input: quote(input),
                decimals: frac.len(),
                currency: currency.code().to_owned(),
                allowed: currency.minor_unit(),
            });
        }
        // The value in minor units: the digits, then the decimals padded to the minor unit.
        let mut minor: u64 = 0;
        let mut significant = 0u32;
        let padding = std::iter::repeat_n(&b'0', unit - frac.len());
        for &digit in int.iter().chain(frac).chain(padding) {
            if minor == 0 && digit == b'0' {
                continue;
            }
            significant += 1;
            if significant > MAX_DIGITS {
                return Err(Error::AmountTooManyDigits {
                    input: quote(input),
                });
            }
            // At most 18 digits: below 10^18, no overflow of a u64.
            minor = minor * 10 + u64::from(digit - b'0');
        }
        Ok(Money { minor, currency })
    }

    /// [`Money::parse`] with the currency given by its code.
    pub fn parse_in(currency: &str, amount: &str) -> Result<Money> {
        Money::parse(Currency::parse(currency)?, amount)
    }

    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money { minor: 0, currency }
    }

    /// `minor` minor units of `currency` (`1250` USD is 12.50): `payments.amount_overflow` for
    /// more than 18 digits.
    pub fn from_minor_units(currency: Currency, minor: u64) -> Result<Money> {
        if minor >= LIMIT {
            return Err(overflow("from_minor_units", TOO_BIG));
        }
        Ok(Money { minor, currency })
    }

    /// The amount in minor units (`1250` for 12.50 USD).
    pub fn minor_units(&self) -> u64 {
        self.minor
    }

    /// The currency.
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    pub fn is_zero(&self) -> bool {
        self.minor == 0
    }

    fn same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                left: self.currency.code().to_owned(),
                right: other.currency.code().to_owned(),
            })
        }
    }

    /// `self + other`: `payments.currency_mismatch` for two currencies,
    /// `payments.amount_overflow` beyond 18 digits.
    pub fn checked_add(self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        // Both below 10^18: the sum fits a u64 (below 2 × 10^18 < 1.8 × 10^19).
        let minor = self.minor + other.minor;
        if minor >= LIMIT {
            return Err(overflow("add", TOO_BIG));
        }
        Ok(Money { minor, ..self })
    }

    /// `self - other`: `payments.currency_mismatch` for two currencies,
    /// `payments.amount_overflow` below zero.
    pub fn checked_sub(self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        match self.minor.checked_sub(other.minor) {
            Some(minor) => Ok(Money { minor, ..self }),
            None => Err(overflow("sub", "be negative")),
        }
    }

    /// `self × factor`: `payments.amount_overflow` beyond 18 digits.
    pub fn checked_mul(self, factor: u64) -> Result<Money> {
        match self.minor.checked_mul(factor) {
            Some(minor) if minor < LIMIT => Ok(Money { minor, ..self }),
            _ => Err(overflow("mul", TOO_BIG)),
        }
    }

    /// The exact sum of `amounts`, all in `currency` (zero for none): the first term in another
    /// currency is `payments.currency_mismatch`, a total beyond 18 digits
    /// `payments.amount_overflow`. Linear, and the same in any order (the total is checked, not
    /// each partial sum, so the order of the terms never decides whether it overflows).
    pub fn sum<I: IntoIterator<Item = Money>>(currency: Currency, amounts: I) -> Result<Money> {
        // Each term is below 10^18, so a u128 holds the sum of 3.4 × 10^20 terms.
        let mut total: u128 = 0;
        let zero = Money::zero(currency);
        for amount in amounts {
            zero.same_currency(&amount)?;
            total += u128::from(amount.minor);
        }
        match u64::try_from(total) {
            Ok(minor) if minor < LIMIT => Ok(Money { minor, currency }),
            _ => Err(overflow("sum", TOO_BIG)),
        }
    }

    /// Compares two amounts of one currency (`payments.currency_mismatch` otherwise).
    pub fn checked_cmp(&self, other: &Money) -> Result<Ordering> {
        self.same_currency(other)?;
        Ok(self.minor.cmp(&other.minor))
    }

    /// The fixed form: every decimal of the minor unit (`"12.50"` USD, `"100"` JPY, `"0.0010"`
    /// CLF), as ISO 20022 writes amounts.
    pub fn fixed(&self) -> String {
        let unit = usize::from(self.currency.minor_unit());
        let digits = format!("{:0width$}", self.minor, width = unit + 1);
        if unit == 0 {
            return digits;
        }
        let (int, frac) = digits.split_at(digits.len() - unit);
        format!("{int}.{frac}")
    }

    /// The minimal form: the fixed form without trailing zeros after the point, and without a
    /// bare point (`"12.5"`, `"12"`, `"0"`), as Mojaloop writes amounts.
    pub fn minimal(&self) -> String {
        let fixed = self.fixed();
        if !fixed.contains('.') {
            return fixed;
        }
        fixed.trim_end_matches('0').trim_end_matches('.').to_owned()
    }
}

impl fmt::Debug for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.fixed(), self.currency)
    }
}

/// `12.50 USD`: the fixed form and the code.
impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.fixed(), self.currency)
    }
}
