//! Bulk disbursement batches with ISO 20022 pain.001 (customer credit transfer initiation)
//! semantics: a batch, its payment blocks, their credit transfers.
//!
//! * [`model`] is the wire shape: the JSON a ministry signs and a hub verifies (described by
//!   `schemas/payments/v1/batch.json`).
//! * [`rules`] is what makes a batch valid beyond its shape: counts and control sums always
//!   recomputed, identifiers unique, one currency per block.
//! * [`builder`] makes a batch whose counts and sums are right by construction.
//!
//! Signing and approval (the maker/checker proof chain and the approval policy) are in
//! [`crate::approval`].
//!
//! # From pain.001 to JSON
//!
//! | ISO 20022 (pain.001) | JSON member | type |
//! | --- | --- | --- |
//! | `GrpHdr/MsgId` | `groupHeader.messageId` | 1 to 35 characters |
//! | `GrpHdr/CreDtTm` | `groupHeader.creationDateTime` | `dateTimeStamp` |
//! | `GrpHdr/NbOfTxs` | `groupHeader.numberOfTransactions` | string of digits (`Max15NumericText`) |
//! | `GrpHdr/CtrlSum` | `groupHeader.controlSum` | decimal string |
//! | `GrpHdr/InitgPty` | `groupHeader.initiatingParty` | [`Party`](crate::party::Party) |
//! | `PmtInf` | `paymentInformation[]` | [`PaymentBlock`](model::PaymentBlock) |
//! | `PmtInf/PmtInfId` | `paymentInformationId` | 1 to 35 characters |
//! | `PmtInf/PmtMtd` | `paymentMethod` | `TRF`, `CHK`, `TRA` |
//! | `PmtInf/ReqdExctnDt/Dt` | `requestedExecutionDate` | `YYYY-MM-DD` |
//! | `PmtInf/Dbtr`, `DbtrAcct`, `DbtrAgt` | `debtor`, `debtorAccount`, `debtorAgent` | party, [`Account`](crate::account::Account), BIC |
//! | `PmtInf/NbOfTxs`, `CtrlSum` | `numberOfTransactions`, `controlSum` | as in the header |
//! | `CdtTrfTxInf` | `creditTransfers[]` | [`CreditTransfer`](model::CreditTransfer) |
//! | `PmtId/InstrId`, `PmtId/EndToEndId` | `instructionId`, `endToEndId` | 1 to 35 characters |
//! | `Amt/InstdAmt` | `amount` | [`Money`](crate::money::Money): `{"amount":"12.50","currency":"USD"}` |
//! | `Cdtr`, `CdtrAcct` | `creditor`, `creditorAccount` | party, account |
//! | (the GovStack account mapper's alias) | `creditorAlias` | [`Alias`](crate::account::Alias), instead of `creditorAccount` |
//! | `Purp/Cd` | `purpose` | 4 upper-case letters (`ExternalPurpose1Code`: `GOVT`, `BENE`, `SSBE`, …) |
//! | `RmtInf/Ustrd` | `remittanceInformation` | 1 to 140 characters |
//!
//! # Control sums across currencies
//!
//! ISO 20022 defines `CtrlSum` as the "total of all individual amounts included in the
//! message, irrespective of currencies". govblocks keeps that meaning and makes it exact:
//! a block's transfers share one currency (`payments.block_currency_mismatch` otherwise) and its
//! control sum is an amount in that currency; the batch's control sum is the exact decimal sum
//! of every amount, whatever its currency, computed in units of 10⁻⁴ (the largest minor unit of
//! ISO 4217, CLF's) in a `u128`, so `12.50` USD and `3` JPY add up to `15.50` with no rounding
//! and no float. The builder writes it with the largest minor unit among the batch's currencies;
//! a verifier compares values, not strings. The approval policy's thresholds are compared with
//! this sum, exactly ([`rules::ControlSum`]). A batch in one currency — the usual case — has a
//! control sum that is simply its total in that currency ([`rules::Totals::by_currency`]).

pub mod builder;
pub mod model;
pub mod rules;
