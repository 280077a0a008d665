//! ISO 4217 currencies that a payment can be made in.
//!
//! The table is ISO 4217 list one as its maintenance agency (SIX) publishes it (the copy in
//! `tests/vectors/six-iso4217/`, published 2024-06-25, with its `SOURCE.md`); a test reads that
//! file and checks every entry of the table against it. A currency's *minor unit* is the number
//! of decimals its amounts have: JPY 0, USD 2, KWD 3, CLF 4.
//!
//! **Guarantee:** a [`Currency`] value is always a currency of the list with a minor unit. Codes
//! the list gives no minor unit ("N.A.": gold `XAU`, silver, palladium, platinum, the bond
//! market units, SDR `XDR`, `XSU`, `XUA`, the testing code `XTS`, "no currency" `XXX`) are
//! refused with `payments.currency_no_minor_unit`: an amount in them has no defined precision,
//! so no payment is made in them. Any other string is `payments.currency_unknown`; codes are
//! matched exactly (three upper-case letters, as ISO 4217 writes them).

use crate::error::{quote, Error, Result};
use crate::iso4217::TABLE;
use serde::{Deserialize, Serialize};
use std::fmt;

/// An ISO 4217 currency with a minor unit (see the [module](self) documentation). Two bytes,
/// `Copy`; ordered by code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Currency(u16);

impl Currency {
    /// The currency with this alphabetic code (`"USD"`): `payments.currency_unknown` for a code
    /// not in ISO 4217 list one, `payments.currency_no_minor_unit` for one without a minor unit.
    pub fn parse(code: &str) -> Result<Currency> {
        match TABLE.binary_search_by(|entry| entry.0.cmp(code)) {
            Ok(index) => {
                let entry = TABLE[index];
                if entry.2.is_none() {
                    return Err(Error::CurrencyNoMinorUnit {
                        code: entry.0.to_owned(),
                    });
                }
                // The table has 179 rows: the index always fits.
                Ok(Currency(u16::try_from(index).unwrap_or(u16::MAX)))
            }
            Err(_) => Err(Error::CurrencyUnknown { input: quote(code) }),
        }
    }

    /// Every currency a payment can be made in, by code.
    pub fn all() -> impl Iterator<Item = Currency> {
        (0..TABLE.len())
            .filter(|&i| TABLE[i].2.is_some())
            .filter_map(|i| u16::try_from(i).ok().map(Currency))
    }

    fn entry(self) -> (&'static str, u16, Option<u8>, &'static str, bool) {
        // Only `parse` and `all` make a `Currency`, from an index of the table.
        TABLE[usize::from(self.0)]
    }

    /// The alphabetic code (`"USD"`).
    pub fn code(self) -> &'static str {
        self.entry().0
    }

    /// The numeric code (`840` for USD; written with three digits, `008` for ALL).
    pub fn numeric(self) -> u16 {
        self.entry().1
    }

    /// The minor unit: how many decimals an amount has (JPY 0, USD 2, KWD 3, CLF 4).
    pub fn minor_unit(self) -> u8 {
        self.entry().2.unwrap_or(0)
    }

    /// The currency's name as the list gives it (`"US Dollar"`).
    pub fn name(self) -> &'static str {
        self.entry().3
    }

    /// Whether the list marks it a fund (`IsFund`: CLF, BOV, USN, …).
    pub fn is_fund(self) -> bool {
        self.entry().4
    }
}

impl fmt::Debug for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl std::str::FromStr for Currency {
    type Err = Error;
    fn from_str(s: &str) -> Result<Currency> {
        Currency::parse(s)
    }
}

impl TryFrom<String> for Currency {
    type Error = Error;
    fn try_from(s: String) -> Result<Currency> {
        Currency::parse(&s)
    }
}

impl From<Currency> for String {
    fn from(c: Currency) -> String {
        c.code().to_owned()
    }
}
