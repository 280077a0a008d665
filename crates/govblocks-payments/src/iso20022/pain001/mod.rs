//! ISO 20022 pain.001 (`CustomerCreditTransferInitiation`) files: a [`Batch`](crate::batch::model::Batch) written as
//! pain.001.001.09 or .03 ([`export()`]), and read back from .03 or .09 ([`import()`]) with
//! **every rule of the batch** checked (the [rules](crate::batch::rules) themselves, run on
//! the batch read) and every refusal **located** in the file by an XPath-like path:
//!
//! ```text
//! /Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[5]/Amt/InstdAmt: "12.345" has 3 decimals, USD allows 2
//! ```
//!
//! A located refusal ([`Error::InXml`]) keeps the code of what is wrong:
//!
//! | the file | code |
//! | --- | --- |
//! | `NbOfTxs` (of `GrpHdr` or a `PmtInf`) is not the count of its transfers | `payments.count_mismatch` |
//! | `CtrlSum` is not the exact sum of the amounts | `payments.control_sum_mismatch` |
//! | an amount with more decimals than its `Ccy` allows | `payments.amount_too_many_decimals` |
//! | an IBAN failing mod-97 | `payments.iban_checksum` (and `iban_*`) |
//! | an end-to-end id used twice | `payments.duplicate_end_to_end_id` |
//! | any other rule of the batch (instruction ids, one currency a block, …) | its own `payments.*` code |
//! | not well-formed, DOCTYPE, undeclared entity, too large, too deep | `payments.xml_*` ([`xml`](super::xml)) |
//! | a root namespace other than .03 (or its Swiss variant) and .09 | `payments.pain001_version_unsupported` |
//! | a required element absent | `payments.pain001_element_missing` |
//! | an element repeated, or a choice the batch cannot hold | `payments.pain001_element_unsupported` |
//!
//! ```
//! use govblocks_payments::iso20022::pain001::{export, import, Version};
//! use govblocks_payments::prelude::*;
//!
//! let usd = Currency::parse("USD")?;
//! let ministry = Party::new("Ministry of Social Affairs", PartyIdentifier::new("MSA")?)?;
//! let account = Account::Iban(Iban::parse("DE89370400440532013000")?);
//! let block = BlockBuilder::new("PMT-1", ministry.clone(), account.clone(), "2026-12-07")
//!     .transfer(CreditTransfer::to_account("E2E-1", Money::parse(usd, "100.25")?,
//!         Party::new("Amina", PartyIdentifier::new("P-1")?)?, account));
//! let batch = BatchBuilder::new("MSG-1", "2026-12-06T09:00:00Z".parse()?, ministry)
//!     .block(block)
//!     .build()?;
//! let xml = export(&batch, Version::V09)?;
//! assert!(xml.contains("<InstdAmt Ccy=\"USD\">100.25</InstdAmt>"));
//! assert_eq!(import(&xml)?, batch);
//!
//! let broken = xml.replace("<PmtMtd>TRF</PmtMtd><NbOfTxs>1<", "<PmtMtd>TRF</PmtMtd><NbOfTxs>2<");
//! let error = import(&broken).unwrap_err();
//! assert_eq!(error.code(), "payments.count_mismatch");
//! assert!(error.to_string().starts_with("/Document/CstmrCdtTrfInitn/PmtInf[1]/NbOfTxs: "));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The mapping
//!
//! The batch model is pain.001's (see [`batch`](crate::batch)); what needs a choice:
//!
//! | batch | pain.001.001.09 (.03 where it differs) |
//! | --- | --- |
//! | `requestedExecutionDate` | `ReqdExctnDt/Dt` (.03: `ReqdExctnDt`) |
//! | a party's identifier and scheme | `Id/OrgId/Othr/Id` and `SchmeNm/Cd` (creditors: `Id/PrvtId/Othr`) |
//! | a postal address | `PstlAdr`: `StrtNm`, `BldgNb`, `PstCd`, `TwnNm`, `CtrySubDvsn`, `Ctry`, `AdrLine` |
//! | an IBAN | `Id/IBAN` |
//! | a bank account (number, clearing code) | `Id/Othr/Id`, the clearing code in the agent's `FinInstnId/ClrSysMmbId` (`ClrSysId/Cd`, `MmbId`): `DbtrAgt`, or `CdtrAgt` for a creditor |
//! | a mobile-money account | `Id/Othr/Id` the MSISDN, `SchmeNm/Prtry` `MSISDN`, `Issr` the provider |
//! | a G2P Connect financial address | `Id/Othr/Id`, `SchmeNm/Prtry` `G2PFA` |
//! | a creditor alias (the account mapper resolves it) | `CdtrAcct/Id/Othr/Id`, `SchmeNm/Prtry` `ALIAS` |
//! | `debtorAgent` | `DbtrAgt/FinInstnId/BICFI` (.03: `BIC`); `Othr/Id` `NOTPROVIDED` when absent (the XSD requires a `DbtrAgt`) |
//! | `amount` | `Amt/InstdAmt` in the currency's fixed decimals, with `Ccy` |
//! | `purpose`, `remittanceInformation` | `Purp/Cd`, `RmtInf/Ustrd` |
//!
//! Export writes every figure the batch declares (`NbOfTxs`, `CtrlSum` of the header and of
//! each block) as the batch writes it, so that import gives back the same batch: the round
//! trip is the identity on an unsigned batch (proofs have no place in pain.001 and are not
//! written).
//!
//! # Real-world files and the XSD
//!
//! Files found in the wild deviate from the XSD; the import's answer to each:
//!
//! * The Swiss SPS variant of .03 has its own namespace
//!   (`http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd`): read as .03.
//! * `CreDtTm` without a time-zone offset (`2020-06-24T14:42:44`, which xs:dateTime allows but
//!   govblocks' timestamps do not): read as UTC.
//! * `NbOfTxs` or `CtrlSum` of a `PmtInf` (optional in the XSD) absent: computed from its
//!   transfers; the header's `CtrlSum` (optional) absent: computed. A figure that is present is
//!   always checked.
//! * Elements the batch has no member for (`BtchBookg`, `PmtTpInf`, `ChrgBr`, `CtctDtls`, an
//!   account's `Tp`/`Ccy`/`Nm`, the creditor agent's BIC, `UltmtDbtr`, `SplmtryData`, …) are
//!   read over (still bounded and checked for well-formedness) and not kept. Elements that
//!   change what is paid or to whom are refused instead: `EqvtAmt`, `ReqdExctnDt/DtTm`,
//!   structured remittance (`RmtInf/Strd`), a second `Ustrd`, an account other than an IBAN
//!   that has no clearing code or known scheme, a party without `Id/*/Othr/Id`, a postal
//!   address without `Ctry` (optional in .03; govblocks' parties require it).
//!
//! The Swiss sample published with moov-io/iso20022 (`tests/vectors/iso20022-real-world`)
//! is refused: its parties have no identifier, one address has no country, a creditor account
//! is a Swiss postal account number, it pays an equivalent amount and has structured
//! remittance information — and its header declares 7 transactions where it holds 8 (the
//! tests show the count with the bounded reader and the first refusals in order). The
//! Lithuanian SEPA sample is refused for its placeholder IBANs (check digits `00`).

pub mod export;
pub mod import;

pub use export::export;
pub use import::{import, import_with};

use crate::error::{quote, Error, Result};

/// The location of the `CstmrCdtTrfInitn` element, the start of every location.
pub(crate) const INITN: &str = "/Document/CstmrCdtTrfInitn";
/// `SchmeNm/Prtry` of a mobile-money account's `Othr`.
pub const MSISDN_SCHEME: &str = "MSISDN";
/// `SchmeNm/Prtry` of a G2P Connect financial address's `Othr`.
pub const FA_SCHEME: &str = "G2PFA";
/// `SchmeNm/Prtry` of a creditor alias's `Othr`.
pub const ALIAS_SCHEME: &str = "ALIAS";
/// `DbtrAgt/FinInstnId/Othr/Id` when the batch names no debtor agent.
pub const NOT_PROVIDED: &str = "NOTPROVIDED";

/// A version of pain.001.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Version {
    /// pain.001.001.03 (`CustomerCreditTransferInitiationV03`, SEPA's and the Swiss SPS's).
    V03,
    /// pain.001.001.09 (`CustomerCreditTransferInitiationV09`, ISO 20022 2019).
    V09,
}

/// The namespace of pain.001.001.03.
pub const NAMESPACE_03: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03";
/// The namespace of pain.001.001.09.
pub const NAMESPACE_09: &str = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09";
/// The namespace of the Swiss SPS variant of .03 (read as .03).
pub const NAMESPACE_03_CH: &str =
    "http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd";

impl Version {
    /// Its namespace.
    pub fn namespace(self) -> &'static str {
        match self {
            Version::V03 => NAMESPACE_03,
            Version::V09 => NAMESPACE_09,
        }
    }

    /// The version a document's root namespace names (`payments.pain001_version_unsupported`
    /// for any other).
    pub fn from_namespace(namespace: &str) -> Result<Version> {
        match namespace {
            NAMESPACE_03 | NAMESPACE_03_CH => Ok(Version::V03),
            NAMESPACE_09 => Ok(Version::V09),
            other => Err(Error::Pain001VersionUnsupported {
                namespace: quote(other),
            }),
        }
    }

    /// `03` or `09` (also `001.001.03`, `pain.001.001.09`), as a command line writes it.
    pub fn parse(input: &str) -> Result<Version> {
        match input
            .trim_start_matches("pain.")
            .trim_start_matches("001.001.")
        {
            "03" | "3" => Ok(Version::V03),
            "09" | "9" => Ok(Version::V09),
            _ => Err(Error::Pain001VersionUnsupported {
                namespace: quote(input),
            }),
        }
    }

    /// `03` or `09`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V03 => "03",
            Version::V09 => "09",
        }
    }
}
