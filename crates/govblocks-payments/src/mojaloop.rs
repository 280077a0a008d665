//! Mojaloop conditional transfers: the ILP condition and fulfilment, and amounts in Mojaloop's
//! minimal form (the Open API for FSP Interoperability, FSPIOP API v1.1).
//!
//! **Conditions.** In a Mojaloop transfer the payee's FSP makes a secret 32-byte *fulfilment*
//! (an HMAC-SHA-256 of the ILP packet under a local secret) and hands out its *condition*, the
//! SHA-256 of the fulfilment (API Definition v1.1, §6.5.2.3, Listing 12). The transfer is
//! prepared against the condition and commits only when the fulfilment is shown: whoever holds
//! a fulfilment whose SHA-256 is the condition has proof that the payee was paid. Both travel as
//! base64url without padding, 43 characters (`BinaryString32`, §7.2.18: `^[A-Za-z0-9-_]{43}$`;
//! `IlpCondition` and `IlpFulfilment` in the v1.1 OpenAPI).
//!
//! [`Condition::parse`] and [`Fulfilment::parse`] read exactly that and nothing else ("parse,
//! don't validate": a value in hand is 32 bytes), so each value has one spelling:
//!
//! | refused | code |
//! | --- | --- |
//! | not 43 characters (a shorter or longer value, a padded `…=`) | `payments.condition_invalid` / `payments.fulfilment_invalid` |
//! | a character outside base64url (`+`, `/`, white space, `=` inside) | the same |
//! | a last character with non-zero trailing bits (43 characters carry 258 bits for 256) | the same |
//!
//! [`Fulfilment::condition`] computes the condition, [`Condition::is_fulfilled_by`] answers
//! whether a fulfilment fulfils it and [`Condition::check`] refuses one that does not
//! (`payments.condition_not_fulfilled`). The specification's own pair (§10.4.8, Listings 43
//! and 44: fulfilment `mhPUT9ZAwd-BXLfeSd7-YPh46rBWRNBiTCSWjpku90s`, condition
//! `fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xs`) is a test. A fulfilment's `Debug` does not
//! show it: until the transfer commits it is the payee FSP's secret.
//!
//! **Amounts.** Mojaloop's `Amount` (§7.2.13, Listing 23) is a string matching
//! `^([0]|([1-9][0-9]{0,17}))([.][0-9]{0,3}[1-9])?$`: no trailing zero, no bare point, at most
//! four decimals. That is [`Money::minimal`](crate::money::Money::minimal), which [`amount`]
//! writes; [`parse_amount`] reads only that form (`5.50` and `5.0` are refused with
//! `payments.amount_not_minimal`, though [`Money::parse`](crate::money::Money::parse) takes
//! them) and then every rule of [`Money`] (the currency's decimals, 18
//! significant digits in minor units: Mojaloop's 18 digits before the point are more than
//! that, so `555555555555555555` USD is refused with `payments.amount_too_many_digits`).
//! [`FspiopMoney`] is Mojaloop's `Money` object, `{"currency":"USD","amount":"99"}`.
//!
//! **Where a condition attaches.** Not to the batch: the condition comes from the payee's FSP
//! in its quote (`PUT /quotes/{ID}`), long after the ministry signed the batch, so it is no
//! member of the signed [`CreditTransfer`]. It attaches when the hub executes one transfer of
//! a released batch over Mojaloop: [`ConditionalTransfer::for_transfer`] takes the transfer's
//! end-to-end id and amount, the quote's condition and the transfer's expiry;
//! [`ConditionalTransfer::fulfil`] accepts the payee's fulfilment before the expiry
//! (`payments.transfer_expired` after it), and the hub then records the transfer `settled` in
//! the [lifecycle](crate::lifecycle).
//!
//! ```
//! use govblocks_payments::mojaloop::{Condition, Fulfilment};
//!
//! let fulfilment = Fulfilment::parse("mhPUT9ZAwd-BXLfeSd7-YPh46rBWRNBiTCSWjpku90s")?;
//! let condition = Condition::parse("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xs")?;
//! assert_eq!(fulfilment.condition(), condition);
//! assert!(condition.is_fulfilled_by(&fulfilment));
//! assert_eq!(Condition::parse("fH9pAYDQbmoZLPbvv3CSW2RfjU4jvM4ApG_fqGnR7Xs=").unwrap_err().code(),
//!     "payments.condition_invalid");
//!
//! let usd = govblocks_payments::currency::Currency::parse("USD")?;
//! let money = govblocks_payments::mojaloop::parse_amount(usd, "99.5")?;
//! assert_eq!(govblocks_payments::mojaloop::amount(&money), "99.5");
//! assert_eq!(govblocks_payments::mojaloop::parse_amount(usd, "99.50").unwrap_err().code(),
//!     "payments.amount_not_minimal");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use crate::batch::model::CreditTransfer;
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::money::Money;
use govblocks_core::clock::Timestamp;
use govblocks_core::digest::ContentDigest;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The length of a condition or fulfilment in base64url without padding: 43 characters for
/// 32 bytes.
pub const ENCODED_LEN: usize = 43;

/// The Mojaloop `Amount` pattern (API Definition v1.1, §7.2.13, Listing 23), for reference and
/// tests: [`parse_amount`] checks it by hand.
pub const AMOUNT_PATTERN: &str = r"^([0]|([1-9][0-9]{0,17}))([.][0-9]{0,3}[1-9])?$";

/// Why a 43-character value is not 32 bytes of canonical base64url, or `None` when it is.
fn decode32(input: &str) -> std::result::Result<[u8; 32], &'static str> {
    if input.len() != ENCODED_LEN {
        if input.ends_with('=') {
            return Err("padded: base64url without padding is 43 characters");
        }
        return Err("not 43 characters of base64url (32 bytes)");
    }
    if !input
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err("a character outside the base64url alphabet");
    }
    // Right length and alphabet: only non-zero trailing bits are left to refuse.
    govblocks_core::encoding::base64url_decode_array::<32>(input, "ILP value")
        .map_err(|_| "non-zero trailing bits in the last character (not canonical)")
}

/// A Mojaloop (ILP) fulfilment: 32 secret bytes whose SHA-256 is the transfer's
/// [`Condition`] (see the [module](self) documentation). Its `Debug` hides the bytes.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Fulfilment([u8; 32]);

impl Fulfilment {
    /// Reads a fulfilment: exactly 43 characters of canonical base64url without padding
    /// (`payments.fulfilment_invalid` otherwise).
    pub fn parse(input: &str) -> Result<Fulfilment> {
        decode32(input)
            .map(Fulfilment)
            .map_err(|reason| Error::FulfilmentInvalid { reason })
    }

    /// The fulfilment made of these 32 bytes (the payee FSP's HMAC-SHA-256 of the ILP packet).
    pub fn from_bytes(bytes: [u8; 32]) -> Fulfilment {
        Fulfilment(bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The condition it fulfils: the SHA-256 of the 32 bytes.
    pub fn condition(&self) -> Condition {
        Condition(*ContentDigest::of_bytes(&self.0).as_bytes())
    }
}

impl fmt::Display for Fulfilment {
    /// The wire form: base64url without padding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&govblocks_core::encoding::base64url_encode(&self.0))
    }
}

impl fmt::Debug for Fulfilment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Fulfilment(…)")
    }
}

impl TryFrom<String> for Fulfilment {
    type Error = Error;
    fn try_from(s: String) -> Result<Fulfilment> {
        Fulfilment::parse(&s)
    }
}

impl From<Fulfilment> for String {
    fn from(f: Fulfilment) -> String {
        f.to_string()
    }
}

/// A Mojaloop (ILP) condition: the SHA-256 of a [`Fulfilment`] (see the [module](self)
/// documentation).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Condition([u8; 32]);

impl Condition {
    /// Reads a condition: exactly 43 characters of canonical base64url without padding
    /// (`payments.condition_invalid` otherwise).
    pub fn parse(input: &str) -> Result<Condition> {
        decode32(input)
            .map(Condition)
            .map_err(|reason| Error::ConditionInvalid {
                input: quote(input),
                reason,
            })
    }

    /// The condition made of these 32 bytes (a SHA-256 digest).
    pub fn from_bytes(bytes: [u8; 32]) -> Condition {
        Condition(bytes)
    }

    /// The 32 bytes.
    pub fn as_bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// Whether `fulfilment`'s SHA-256 is this condition.
    pub fn is_fulfilled_by(&self, fulfilment: &Fulfilment) -> bool {
        fulfilment.condition() == *self
    }

    /// `Ok` when `fulfilment` fulfils this condition, `payments.condition_not_fulfilled`
    /// otherwise.
    pub fn check(&self, fulfilment: &Fulfilment) -> Result<()> {
        if self.is_fulfilled_by(fulfilment) {
            Ok(())
        } else {
            Err(Error::ConditionNotFulfilled {
                condition: self.to_string(),
            })
        }
    }
}

impl fmt::Display for Condition {
    /// The wire form: base64url without padding.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&govblocks_core::encoding::base64url_encode(&self.0))
    }
}

impl fmt::Debug for Condition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Condition({self})")
    }
}

impl TryFrom<String> for Condition {
    type Error = Error;
    fn try_from(s: String) -> Result<Condition> {
        Condition::parse(&s)
    }
}

impl From<Condition> for String {
    fn from(c: Condition) -> String {
        c.to_string()
    }
}

/// Whether `input` matches Mojaloop's `Amount` pattern ([`AMOUNT_PATTERN`]): `0` or 1 to 18
/// digits without a leading zero, then optionally a point and 1 to 4 digits, the last not `0`.
pub fn is_mojaloop_amount(input: &str) -> bool {
    let (int, frac) = match input.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (input, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let int_ok = int == "0" || (digits(int) && int.len() <= 18 && !int.starts_with('0'));
    let frac_ok = frac.is_none_or(|f| digits(f) && f.len() <= 4 && !f.ends_with('0'));
    int_ok && frac_ok
}

/// Reads an amount in Mojaloop's minimal form (see the [module](self) documentation): an
/// amount that [`Money::parse`] would take but that is not minimal (`5.50`, `5.0`) is refused
/// with `payments.amount_not_minimal`; every other refusal is [`Money::parse`]'s, with its
/// code (`payments.amount_invalid`, `amount_negative`, `amount_exponent`,
/// `amount_too_many_decimals`, `amount_too_many_digits`).
pub fn parse_amount(currency: Currency, input: &str) -> Result<Money> {
    let money = Money::parse(currency, input)?;
    if !is_mojaloop_amount(input) {
        return Err(Error::AmountNotMinimal {
            input: quote(input),
            minimal: money.minimal(),
        });
    }
    Ok(money)
}

/// `money` in Mojaloop's minimal form ([`Money::minimal`]: `"99"`, `"12.5"`).
pub fn amount(money: &Money) -> String {
    money.minimal()
}

/// Mojaloop's `Money` object: `{"currency":"USD","amount":"12.5"}`, the amount in the minimal
/// form, read with [`parse_amount`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "FspiopMoneyWire", into = "FspiopMoneyWire")]
pub struct FspiopMoney(pub Money);

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FspiopMoneyWire {
    currency: String,
    amount: String,
}

impl TryFrom<FspiopMoneyWire> for FspiopMoney {
    type Error = Error;
    fn try_from(wire: FspiopMoneyWire) -> Result<FspiopMoney> {
        parse_amount(Currency::parse(&wire.currency)?, &wire.amount).map(FspiopMoney)
    }
}

impl From<FspiopMoney> for FspiopMoneyWire {
    fn from(m: FspiopMoney) -> FspiopMoneyWire {
        FspiopMoneyWire {
            currency: m.0.currency().code().to_owned(),
            amount: m.0.minimal(),
        }
    }
}

/// One transfer of a released batch, executed over Mojaloop: prepared against the payee FSP's
/// condition, committed by its fulfilment before the expiry (see the [module](self)
/// documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct ConditionalTransfer {
    /// The batch transfer's end-to-end id.
    pub end_to_end_id: String,
    /// The amount, in Mojaloop's `Money` form.
    pub amount: FspiopMoney,
    /// The payee FSP's condition (from its quote).
    pub condition: Condition,
    /// When the prepared transfer lapses.
    pub expiration: Timestamp,
}

impl ConditionalTransfer {
    /// A conditional transfer of `amount` for batch transfer `end_to_end_id`.
    pub fn new(
        end_to_end_id: impl Into<String>,
        amount: Money,
        condition: Condition,
        expiration: Timestamp,
    ) -> ConditionalTransfer {
        ConditionalTransfer {
            end_to_end_id: end_to_end_id.into(),
            amount: FspiopMoney(amount),
            condition,
            expiration,
        }
    }

    /// The conditional transfer of a batch's `transfer`: its end-to-end id and amount.
    pub fn for_transfer(
        transfer: &CreditTransfer,
        condition: Condition,
        expiration: Timestamp,
    ) -> ConditionalTransfer {
        ConditionalTransfer::new(
            transfer.end_to_end_id.clone(),
            transfer.amount,
            condition,
            expiration,
        )
    }

    /// Accepts the payee's `fulfilment` at `at`: `payments.transfer_expired` when `at` is after
    /// the expiration, `payments.condition_not_fulfilled` when its SHA-256 is not the
    /// condition.
    pub fn fulfil(&self, fulfilment: &Fulfilment, at: Timestamp) -> Result<()> {
        if at > self.expiration {
            return Err(Error::TransferExpired {
                end_to_end_id: quote(&self.end_to_end_id),
                expiration: self.expiration.to_string(),
            });
        }
        self.condition.check(fulfilment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pattern_by_hand() {
        for ok in ["0", "5", "0.5", "5.5555", "555555555555555555", "10.01"] {
            assert!(is_mojaloop_amount(ok), "{ok}");
        }
        for bad in [
            "",
            "5.0",
            "5.",
            "5.00",
            "5.50",
            "5.55555",
            "5555555555555555555",
            "-5.5",
            ".5",
            "00.5",
            "01",
            "0.0",
            "1e3",
            " 1",
        ] {
            assert!(!is_mojaloop_amount(bad), "{bad}");
        }
    }
}
