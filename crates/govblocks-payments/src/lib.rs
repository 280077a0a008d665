//! # govblocks-payments
//!
//! Payment instructions for government-to-person disbursements. This first part of the block
//! holds what every payment is made of: **exact money** in an ISO 4217 currency, the
//! **accounts** money is sent to (IBAN, BIC, mobile money, bank account with a clearing code,
//! G2P Connect financial addresses), **aliases** and the GovStack Payments BB **account
//! mapper** that resolves them, and **parties**; on these, **batches** with ISO 20022 pain.001
//! semantics and their **maker/checker approval** as a proof chain under an approval policy.
//! The [`hub`] refuses a batch or a transfer it accepted before, and keeps each batch's
//! [`lifecycle`] — received, verified, approved, released, settled or rejected — as signed
//! entries of a chained log.
//!
//! Every type is made only by its parser ("parse, don't validate"), so a value in hand is well
//! formed; every refusal is an [`Error`] with a stable `payments.*` code.
//!
//! ```
//! use govblocks_payments::prelude::*;
//!
//! // Exact money: the currency decides the decimals, arithmetic is checked.
//! let usd = Currency::parse("USD")?;
//! let a = Money::parse(usd, "1250.5")?;
//! let b = Money::parse(usd, "0.75")?;
//! let total = a.checked_add(b)?;
//! assert_eq!(total.fixed(), "1251.25");        // ISO 20022
//! assert_eq!(Money::parse(usd, "10.50")?.minimal(), "10.5"); // Mojaloop
//! assert_eq!(Money::parse(usd, "1.999").unwrap_err().code(), "payments.amount_too_many_decimals");
//! assert_eq!(Money::parse_in("JPY", "1.5").unwrap_err().code(), "payments.amount_too_many_decimals");
//! assert_eq!(Currency::parse("XAU").unwrap_err().code(), "payments.currency_no_minor_unit");
//!
//! // Accounts: read leniently, held in their normal form.
//! let iban = Iban::parse("de89 3704 0044 0532 0130 00")?;
//! assert_eq!(iban.as_str(), "DE89370400440532013000");
//! assert_eq!(Iban::parse("DE88370400440532013000").unwrap_err().code(), "payments.iban_checksum");
//!
//! // An alias resolved by the account mapper, with its payment modality.
//! let mapper = MemoryAccountMapper::new();
//! let alias = Alias::parse("NID-4471-2291")?;
//! let wallet = Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa")?);
//! mapper.register(alias.clone(), MappedAccount::new(PaymentModality::MobileMoney, wallet)?)?;
//! assert_eq!(mapper.resolve(&alias)?.modality().as_str(), "01");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`currency`] | ISO 4217 currencies with a minor unit (SIX's list one, vendored and checked) |
//! | [`money`] | exact amounts: parsing, the fixed and minimal forms, checked arithmetic |
//! | [`account`] | IBAN, BIC, MSISDN, mobile-money and bank accounts, clearing codes, G2P Connect financial addresses, aliases, payment modalities |
//! | [`mapper`] | the account mapper: a trait and an in-memory implementation |
//! | [`party`] | parties: name, identifier, postal address |
//! | [`batch`] | bulk disbursement batches (ISO 20022 pain.001 semantics): the wire [`model`](batch::model), the [`rules`](batch::rules) (counts and control sums recomputed, unique ids, one currency per block), the [`builder`](batch::builder) |
//! | [`approval`] | maker/checker signing as a proof chain, the approval policy, [`BatchVerifier`](approval::BatchVerifier) |
//! | [`hub`] | the hub's refusal of batches and transfers seen before (an accept-once store, for ever, all or nothing), [`Hub`](hub::Hub) |
//! | [`lifecycle`] | the batch's life, kept: received, verified, approved, released, each transfer settled or rejected (ISO 20022 reason codes), a bank's status reports (pain.002: `reported`, and each transfer's ISO `status`, [`import_report`](lifecycle::PaymentLog::import_report)), as hub-signed entries of a chained log; a transfer's status by end-to-end id, [`PaymentLog`](lifecycle::PaymentLog) |
//! | [`iso20022`] | ISO 20022 XML: a bounded, located XML reader (no DOCTYPE, no entity expansion); pain.001.001.09/.03 export and .03/.09 import of batches, every refusal located by an XPath-like path |
//! | [`mojaloop`] | Mojaloop conditional transfers: the ILP condition and fulfilment (SHA-256, base64url), amounts in Mojaloop's minimal form, [`ConditionalTransfer`](mojaloop::ConditionalTransfer) |
//! | [`formats`] | the shapes other systems speak, to and from a batch: the GovStack Payments BB bulk payment and per-bank sub-batch ([`govstack`](formats::govstack)), the G2P Connect `DisburseRequest` and its status response ([`g2p`](formats::g2p)); amounts never through a float |
//! | [`schemas`](mod@schemas) | the payments JSON Schemas (money, accounts, mapped accounts, parties), embedded, on top of the core ones |
//! | [`prelude`] | what most programs need (core's prelude included) |
//! | [`error`] | the error enum and its stable codes (`payments.*`) |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod account;
pub mod approval;
pub mod batch;
pub mod currency;
pub mod error;
pub mod formats;
pub mod hub;
pub mod iso20022;
mod iso4217;
pub mod lifecycle;
pub mod mapper;
pub mod mojaloop;
pub mod money;
pub mod party;
pub mod prelude;
pub mod schemas;

pub use error::{Error, Result};
