//! Where money goes: IBANs, BICs, mobile-money accounts, bank accounts with a clearing code,
//! G2P Connect financial addresses, aliases, and the GovStack Payments BB payment modalities.
//!
//! **Parse, don't validate.** Every type here is made only by its parser (`parse`, `FromStr`,
//! serde), so a value of it is well formed; each refusal is an [`Error`] with its own code.
//! Parsers are lenient where people write the same thing in several ways and normalise it to
//! one form; the JSON form is always the normal one:
//!
//! | type | accepts | normal form | refused as |
//! | --- | --- | --- | --- |
//! | [`Iban`] | ISO 13616: country, check digits, BBAN; lower case and spaces (the print format) | electronic, `DE89370400440532013000` | `payments.iban_format`, `iban_checksum`, `iban_country`, `iban_structure` |
//! | [`Bic`] | ISO 9362: 8 or 11 letters and digits, lower case | upper case | `payments.bic_invalid` |
//! | [`Msisdn`] | E.164: `+` and 7 to 15 digits (the `+` may be left out) | `+254712345678` | `payments.msisdn_invalid` |
//! | [`MobileMoneyAccount`] | an MSISDN at a provider | `{"msisdn","provider"}` | `payments.msisdn_invalid`, `provider_invalid` |
//! | [`BankAccount`] | an account number (1 to 34 letters and digits) and a clearing code `SYSTEM:MEMBER` | `{"number","clearing"}` | `payments.account_number_invalid`, `clearing_code_invalid` |
//! | [`FinancialAddress`] | G2P Connect's `id-type:id@provider` (or `id@provider`), any case | lower case | `payments.financial_address_invalid` |
//! | [`Alias`] | a functional id (a national-ID token, GovStack's `payeeFunctionalID`) | as given | `payments.alias_invalid` |
//! | [`PaymentModality`] | `00` to `04` | the code | `payments.modality_unknown` |
//!
//! **IBAN.** The per-country length and BBAN structure and the mod-97 check are the
//! [`iban_validate`](https://crates.io/crates/iban_validate) crate's (its tables are generated
//! from the SWIFT IBAN registry, release 98 in 5.0.1; its examples are this crate's test
//! vectors). This module adds the lenient reading (lower case, spaces anywhere, which that
//! crate refuses) and the codes. Only ASCII spaces are removed: a tab, a non-breaking space or
//! a dash is `payments.iban_format`.
//!
//! **Financial addresses.** G2P Connect (SPDCI) writes a store-of-value account as a "case
//! insensitive normative representation … `id-type:id@provider`", e.g. `token:12345@gtbank`,
//! `mobile:12345@m-pesa`, `account:12345@HDFC0000001.ifsc.npci`, `joeuser@gtbank`. Its schema's
//! pattern, `^[a-zA-Z0-9.-]+@[a-zA-Z0-9.-]+$`, leaves out the `:` of its own examples; govblocks
//! reads the examples' grammar: an optional `id-type:` (letters, digits, `.`, `-`, `_`), an id
//! (letters, digits, `.`, `-`, `_`), `@`, a provider (letters, digits, `.`, `-`), 256
//! characters at most, and writes it in lower case (case does not distinguish two addresses).
//!
//! **Payment modalities** are the GovStack Payments BB account mapper's (`api/AccountMapper.yaml`
//! of GovStackWorkingGroup/bb-payments, `updateBeneficiaryDetails`): "00 for Bank Account,
//! 01 for Mobile Money, 02 for Voucher, 03 for Digital Wallet, 04 for Proxy". An [`Account`]
//! says which modalities can pay it ([`PaymentModality::can_pay`]).

use crate::error::{quote, Error, Result};
use iban::IbanLike;
use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! string_type {
    ($ty:ident) => {
        impl std::str::FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<$ty> {
                $ty::parse(s)
            }
        }

        impl TryFrom<String> for $ty {
            type Error = Error;
            fn try_from(s: String) -> Result<$ty> {
                $ty::parse(&s)
            }
        }

        impl From<$ty> for String {
            fn from(v: $ty) -> String {
                v.as_str().to_owned()
            }
        }

        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

// ---- IBAN ----------------------------------------------------------------------------------------

/// An IBAN (ISO 13616) whose country, length, BBAN structure and check digits are right (see
/// the [module](self) documentation). Held in electronic form.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Iban(iban::Iban);

impl Iban {
    /// Reads an IBAN in electronic (`DE89370400440532013000`) or print
    /// (`DE89 3704 0044 0532 0130 00`) format, in any case, with ASCII spaces anywhere.
    pub fn parse(input: &str) -> Result<Iban> {
        let format = |reason| Error::IbanFormat {
            input: quote(input),
            reason,
        };
        // At most 34 characters, and the spaces a print format would have between them.
        if input.len() > 34 * 2 {
            return Err(format("longer than 34 characters"));
        }
        // The electronic format in a buffer on the stack: spaces dropped, letters upper-cased.
        let mut buffer = [0u8; 34];
        let mut len = 0;
        for &b in input.as_bytes() {
            match b {
                b' ' => {}
                b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' => {
                    if let Some(slot) = buffer.get_mut(len) {
                        *slot = b.to_ascii_uppercase();
                    }
                    len += 1;
                }
                _ => return Err(format("a character other than letters, digits and spaces")),
            }
        }
        if len < 5 {
            return Err(format("shorter than 5 characters"));
        }
        if len > 34 {
            return Err(format("longer than 34 characters"));
        }
        let bytes = &buffer[..len];
        // ASCII letters and digits only: always UTF-8.
        let electronic = std::str::from_utf8(bytes).map_err(|_| format("not an IBAN"))?;
        if !bytes[..2].iter().all(u8::is_ascii_alphabetic) {
            return Err(format("it does not start with two letters"));
        }
        if !bytes[2..4].iter().all(u8::is_ascii_digit) {
            return Err(format("the check digits are not two digits"));
        }
        match electronic.parse::<iban::Iban>() {
            Ok(iban) => Ok(Iban(iban)),
            Err(iban::ParseIbanError::InvalidBaseIban { source }) => match source {
                iban::ParseBaseIbanError::InvalidChecksum => Err(Error::IbanChecksum {
                    input: quote(input),
                }),
                _ => Err(format("not an IBAN")),
            },
            Err(iban::ParseIbanError::UnknownCountry(_)) => Err(Error::IbanCountry {
                input: quote(input),
                country: electronic[..2].to_owned(),
            }),
            Err(_) => Err(Error::IbanStructure {
                input: quote(input),
                country: electronic[..2].to_owned(),
            }),
        }
    }

    /// The electronic format (`DE89370400440532013000`).
    pub fn as_str(&self) -> &str {
        self.0.electronic_str()
    }

    /// The print format: groups of four separated by spaces (`DE89 3704 0044 0532 0130 00`).
    pub fn print_format(&self) -> String {
        self.0.to_string()
    }

    /// The country (`DE`).
    pub fn country_code(&self) -> &str {
        self.0.country_code()
    }

    /// The check digits (`89`).
    pub fn check_digits(&self) -> u8 {
        self.0.check_digits()
    }

    /// The BBAN: everything after the check digits.
    pub fn bban(&self) -> &str {
        self.0.bban()
    }

    /// The bank identifier inside the BBAN, where the registry gives one.
    pub fn bank_identifier(&self) -> Option<&str> {
        self.0.bank_identifier()
    }

    /// The branch identifier inside the BBAN, where the registry gives one.
    pub fn branch_identifier(&self) -> Option<&str> {
        self.0.branch_identifier()
    }
}

impl fmt::Debug for Iban {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Iban({})", self.as_str())
    }
}

string_type!(Iban);

// ---- BIC -----------------------------------------------------------------------------------------

/// A BIC (ISO 9362): party prefix (4 letters or digits), country (2 letters), location (2
/// letters or digits), optionally a branch (3 letters or digits). Held in upper case.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Bic(String);

impl Bic {
    /// Reads a BIC of 8 or 11 characters, in any case.
    pub fn parse(input: &str) -> Result<Bic> {
        let bad = |reason| Error::BicInvalid {
            input: quote(input),
            reason,
        };
        if input.len() != 8 && input.len() != 11 {
            return Err(bad("not 8 or 11 characters"));
        }
        if !input.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(bad("a character other than letters and digits"));
        }
        let upper = input.to_ascii_uppercase();
        if !upper.as_bytes()[4..6].iter().all(u8::is_ascii_alphabetic) {
            return Err(bad(
                "the country code (characters 5 and 6) is not two letters",
            ));
        }
        Ok(Bic(upper))
    }

    /// The BIC as held (upper case).
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The party prefix (`DEUT`).
    pub fn party_prefix(&self) -> &str {
        &self.0[..4]
    }

    /// The country code (`DE`).
    pub fn country_code(&self) -> &str {
        &self.0[4..6]
    }

    /// The location code (`FF`).
    pub fn location(&self) -> &str {
        &self.0[6..8]
    }

    /// The branch code, for an 11-character BIC (`XXX` names the primary office).
    pub fn branch(&self) -> Option<&str> {
        self.0.get(8..11)
    }

    /// Whether the location code's second character is `0`: a test and training BIC.
    pub fn is_test(&self) -> bool {
        self.0.as_bytes()[7] == b'0'
    }
}

impl fmt::Debug for Bic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bic({})", self.0)
    }
}

string_type!(Bic);

// ---- mobile money --------------------------------------------------------------------------------

/// A mobile number in E.164 form, held with its `+` (`+254712345678`).
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Msisdn(String);

impl Msisdn {
    /// Reads `+` and 7 to 15 digits, the first not `0` (the `+` may be left out, as Mojaloop's
    /// MSISDN party ids do).
    pub fn parse(input: &str) -> Result<Msisdn> {
        let bad = |reason| Error::MsisdnInvalid {
            input: quote(input),
            reason,
        };
        let digits = input.strip_prefix('+').unwrap_or(input);
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad("a character other than digits after the '+'"));
        }
        if !(7..=15).contains(&digits.len()) {
            return Err(bad("not 7 to 15 digits"));
        }
        if digits.starts_with('0') {
            return Err(bad("a country code cannot start with 0"));
        }
        let mut msisdn = String::with_capacity(digits.len() + 1);
        msisdn.push('+');
        msisdn.push_str(digits);
        Ok(Msisdn(msisdn))
    }

    /// With its `+`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The digits alone (`254712345678`).
    pub fn digits(&self) -> &str {
        &self.0[1..]
    }
}

impl fmt::Debug for Msisdn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Msisdn({})", self.0)
    }
}

string_type!(Msisdn);

/// Whether `s` is 1 to `max` of `A-Z a-z 0-9` and the bytes of `extra`.
fn token(s: &str, max: usize, extra: &[u8]) -> bool {
    !s.is_empty()
        && s.len() <= max
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

/// A mobile-money (or wallet) provider: 1 to 64 of `A-Z a-z 0-9 . - _` (`m-pesa`, `mtn-gh`).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Provider(String);

impl Provider {
    /// Reads a provider identifier.
    pub fn parse(input: &str) -> Result<Provider> {
        if token(input, 64, b".-_") {
            Ok(Provider(input.to_owned()))
        } else {
            Err(Error::ProviderInvalid {
                input: quote(input),
                reason: "not 1 to 64 of letters, digits, '.', '-', '_'",
            })
        }
    }

    /// As given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_type!(Provider);

/// A mobile-money account: an MSISDN at a provider.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MobileMoneyAccount {
    /// The account holder's number.
    pub msisdn: Msisdn,
    /// Who holds the account.
    pub provider: Provider,
}

impl MobileMoneyAccount {
    /// Reads both parts.
    pub fn parse(msisdn: &str, provider: &str) -> Result<MobileMoneyAccount> {
        Ok(MobileMoneyAccount {
            msisdn: Msisdn::parse(msisdn)?,
            provider: Provider::parse(provider)?,
        })
    }
}

// ---- bank accounts -------------------------------------------------------------------------------

/// A bank account number outside IBAN countries: 1 to 34 letters and digits (ISO 20022's
/// `Max34Text` other identification, without spaces). Held as given.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct AccountNumber(String);

impl AccountNumber {
    /// Reads an account number.
    pub fn parse(input: &str) -> Result<AccountNumber> {
        if token(input, 34, b"") {
            Ok(AccountNumber(input.to_owned()))
        } else {
            Err(Error::AccountNumberInvalid {
                input: quote(input),
                reason: "not 1 to 34 letters and digits",
            })
        }
    }

    /// As given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_type!(AccountNumber);

/// A clearing code: the clearing system (1 to 5 upper-case letters or digits, ISO 20022's
/// `ExternalClearingSystemIdentification1Code`: `USABA`, `GBDSC`, `INFSC`, …) and the bank's
/// member id in it (1 to 35 letters and digits), written `SYSTEM:MEMBER`
/// (`USABA:021000021`).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ClearingCode {
    text: String,
    colon: usize,
}

impl ClearingCode {
    /// Reads `SYSTEM:MEMBER`.
    pub fn parse(input: &str) -> Result<ClearingCode> {
        let bad = |reason| Error::ClearingCodeInvalid {
            input: quote(input),
            reason,
        };
        let Some((system, member)) = input.split_once(':') else {
            return Err(bad("not SYSTEM:MEMBER"));
        };
        if !token(system, 5, b"") || system.bytes().any(|b| b.is_ascii_lowercase()) {
            return Err(bad(
                "the system is not 1 to 5 upper-case letters and digits",
            ));
        }
        if !token(member, 35, b"") {
            return Err(bad("the member id is not 1 to 35 letters and digits"));
        }
        Ok(ClearingCode {
            text: input.to_owned(),
            colon: system.len(),
        })
    }

    /// `SYSTEM:MEMBER`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The clearing system (`USABA`).
    pub fn system(&self) -> &str {
        &self.text[..self.colon]
    }

    /// The member id (`021000021`).
    pub fn member(&self) -> &str {
        &self.text[self.colon + 1..]
    }
}

string_type!(ClearingCode);

/// A bank account named by its number and its bank's clearing code.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankAccount {
    /// The account number.
    pub number: AccountNumber,
    /// The bank's clearing code.
    pub clearing: ClearingCode,
}

impl BankAccount {
    /// Reads both parts.
    pub fn parse(number: &str, clearing: &str) -> Result<BankAccount> {
        Ok(BankAccount {
            number: AccountNumber::parse(number)?,
            clearing: ClearingCode::parse(clearing)?,
        })
    }
}

// ---- G2P Connect financial addresses -------------------------------------------------------------

/// A G2P Connect financial address, `id-type:id@provider` or `id@provider`
/// (`token:12345@gtbank`), held in lower case (see the [module](self) documentation).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FinancialAddress {
    text: String,
    colon: Option<usize>,
    at: usize,
}

impl FinancialAddress {
    /// Reads a financial address, in any case.
    pub fn parse(input: &str) -> Result<FinancialAddress> {
        let bad = |reason| Error::FinancialAddressInvalid {
            input: quote(input),
            reason,
        };
        if input.len() > 256 {
            return Err(bad("longer than 256 characters"));
        }
        let Some((left, provider)) = input.split_once('@') else {
            return Err(bad("no '@provider'"));
        };
        if !token(provider, 256, b".-") {
            return Err(bad("the provider is not letters, digits, '.' and '-'"));
        }
        let (kind, id) = match left.split_once(':') {
            Some((kind, id)) => (Some(kind), id),
            None => (None, left),
        };
        if kind.is_some_and(|k| !token(k, 256, b".-_")) {
            return Err(bad("the id type is not letters, digits, '.', '-' and '_'"));
        }
        if !token(id, 256, b".-_") {
            return Err(bad("the id is not letters, digits, '.', '-' and '_'"));
        }
        Ok(FinancialAddress {
            text: input.to_ascii_lowercase(),
            colon: kind.map(str::len),
            at: left.len(),
        })
    }

    /// `id-type:id@provider`, in lower case.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The id type (`token`), if written.
    pub fn id_type(&self) -> Option<&str> {
        self.colon.map(|c| &self.text[..c])
    }

    /// The id (`12345`).
    pub fn id(&self) -> &str {
        let start = self.colon.map_or(0, |c| c + 1);
        &self.text[start..self.at]
    }

    /// The provider (`gtbank`).
    pub fn provider(&self) -> &str {
        &self.text[self.at + 1..]
    }
}

string_type!(FinancialAddress);

// ---- aliases -------------------------------------------------------------------------------------

/// An alias that an [`AccountMapper`](crate::mapper::AccountMapper) resolves to an account: a
/// functional id such as a national-ID token (the GovStack Payments BB's `payeeFunctionalID`),
/// 1 to 64 printable ASCII characters without white space. Held as given (aliases are compared
/// exactly).
#[derive(Clone, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Alias(String);

impl Alias {
    /// Reads an alias.
    pub fn parse(input: &str) -> Result<Alias> {
        if input.is_empty() || input.len() > 64 {
            return Err(Error::AliasInvalid {
                input: quote(input),
                reason: "not 1 to 64 characters",
            });
        }
        if !input.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::AliasInvalid {
                input: quote(input),
                reason: "a character that is not printable ASCII, or white space",
            });
        }
        Ok(Alias(input.to_owned()))
    }

    /// As given.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_type!(Alias);

// ---- modalities and accounts ---------------------------------------------------------------------

/// How a payment reaches its payee: the GovStack Payments BB's payment modalities (see the
/// [module](self) documentation). Written as its two-digit code.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[non_exhaustive]
pub enum PaymentModality {
    /// `00`: a bank account.
    BankAccount,
    /// `01`: mobile money.
    MobileMoney,
    /// `02`: a voucher.
    Voucher,
    /// `03`: a digital wallet.
    DigitalWallet,
    /// `04`: a proxy (an address another system resolves).
    Proxy,
}

impl PaymentModality {
    /// Every modality, by code.
    pub const ALL: [PaymentModality; 5] = [
        PaymentModality::BankAccount,
        PaymentModality::MobileMoney,
        PaymentModality::Voucher,
        PaymentModality::DigitalWallet,
        PaymentModality::Proxy,
    ];

    /// Reads a two-digit code (`"00"` to `"04"`).
    pub fn parse(input: &str) -> Result<PaymentModality> {
        PaymentModality::ALL
            .into_iter()
            .find(|m| m.as_str() == input)
            .ok_or_else(|| Error::ModalityUnknown {
                input: quote(input),
            })
    }

    /// The two-digit code.
    pub fn as_str(self) -> &'static str {
        match self {
            PaymentModality::BankAccount => "00",
            PaymentModality::MobileMoney => "01",
            PaymentModality::Voucher => "02",
            PaymentModality::DigitalWallet => "03",
            PaymentModality::Proxy => "04",
        }
    }

    /// Whether this modality can pay `account`: `00` an IBAN or a bank account, `01` a
    /// mobile-money account, `02` to `04` a financial address (a voucher code, a wallet, a
    /// proxy are all written as G2P Connect addresses: `voucher:12345@food.sodexo`).
    pub fn can_pay(self, account: &Account) -> bool {
        matches!(
            (self, account),
            (
                PaymentModality::BankAccount,
                Account::Iban(_) | Account::Bank(_)
            ) | (PaymentModality::MobileMoney, Account::MobileMoney(_))
                | (
                    PaymentModality::Voucher
                        | PaymentModality::DigitalWallet
                        | PaymentModality::Proxy,
                    Account::FinancialAddress(_)
                )
        )
    }
}

impl std::str::FromStr for PaymentModality {
    type Err = Error;
    fn from_str(s: &str) -> Result<PaymentModality> {
        PaymentModality::parse(s)
    }
}

impl TryFrom<String> for PaymentModality {
    type Error = Error;
    fn try_from(s: String) -> Result<PaymentModality> {
        PaymentModality::parse(&s)
    }
}

impl From<PaymentModality> for String {
    fn from(m: PaymentModality) -> String {
        m.as_str().to_owned()
    }
}

impl fmt::Display for PaymentModality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// An account money can be sent to. In JSON, an object with one member naming its kind:
/// `{"iban":"DE89…"}`, `{"bank":{"number","clearing"}}`,
/// `{"mobileMoney":{"msisdn","provider"}}`, `{"financialAddress":"token:12345@gtbank"}`.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub enum Account {
    /// An IBAN.
    Iban(Iban),
    /// A bank account number with its bank's clearing code.
    Bank(BankAccount),
    /// A mobile-money account.
    MobileMoney(MobileMoneyAccount),
    /// A G2P Connect financial address (a voucher, a wallet, a proxy).
    FinancialAddress(FinancialAddress),
}

impl Account {
    /// The kind, as the JSON form names it (`iban`, `bank`, `mobileMoney`, `financialAddress`).
    pub fn kind(&self) -> &'static str {
        match self {
            Account::Iban(_) => "iban",
            Account::Bank(_) => "bank",
            Account::MobileMoney(_) => "mobileMoney",
            Account::FinancialAddress(_) => "financialAddress",
        }
    }
}
