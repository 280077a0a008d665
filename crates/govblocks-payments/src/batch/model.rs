//! The wire shape of a batch: what is signed and verified, member for member (see the
//! [batch](super) module for the mapping from pain.001). Reading a batch here checks each
//! value's own form (money, accounts, parties, dates); the rules that tie values together —
//! counts, control sums, unique identifiers, one currency per block — are in
//! [`rules`](super::rules), run by [`Batch::check_rules`] and by the verifier.

use crate::account::{Account, Alias, Bic};
use crate::money::Money;
use crate::party::Party;
use govblocks_core::clock::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The value of a batch's `type` member.
pub const BATCH_TYPE: &str = "PaymentBatch";

/// A batch of credit transfers (pain.001's `CstmrCdtTrfInitn`): a group header and one or more
/// payment blocks, and — once signed — its proofs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct Batch {
    /// Always [`BATCH_TYPE`].
    #[serde(rename = "type")]
    pub kind: String,
    /// The group header.
    pub group_header: GroupHeader,
    /// The payment blocks.
    pub payment_information: Vec<PaymentBlock>,
    /// The proofs: the maker's, and the checkers' chained to it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

/// pain.001's `GrpHdr`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct GroupHeader {
    /// `MsgId`: the batch's id, unique for its initiating party.
    pub message_id: String,
    /// `CreDtTm`.
    pub creation_date_time: Timestamp,
    /// `NbOfTxs`: the number of credit transfers in the batch, as a string of digits.
    pub number_of_transactions: String,
    /// `CtrlSum`: the exact sum of every amount, irrespective of currency.
    pub control_sum: String,
    /// `InitgPty`: who initiates the payments (the ministry).
    pub initiating_party: Party,
}

/// pain.001's payment method (`PmtMtd`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum PaymentMethod {
    /// `TRF`: credit transfer.
    #[serde(rename = "TRF")]
    CreditTransfer,
    /// `CHK`: cheque.
    #[serde(rename = "CHK")]
    Cheque,
    /// `TRA`: transfer advice.
    #[serde(rename = "TRA")]
    TransferAdvice,
}

/// pain.001's `PmtInf`: the transfers from one debtor account on one date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct PaymentBlock {
    /// `PmtInfId`: the block's id, unique in the batch.
    pub payment_information_id: String,
    /// `PmtMtd`.
    pub payment_method: PaymentMethod,
    /// `ReqdExctnDt/Dt`: `YYYY-MM-DD`.
    pub requested_execution_date: String,
    /// `Dbtr`.
    pub debtor: Party,
    /// `DbtrAcct`.
    pub debtor_account: Account,
    /// `DbtrAgt`: the debtor's bank, by BIC.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debtor_agent: Option<Bic>,
    /// `NbOfTxs`: the number of transfers in the block.
    pub number_of_transactions: String,
    /// `CtrlSum`: the sum of the block's amounts, in its currency.
    pub control_sum: String,
    /// `CdtTrfTxInf`: the transfers.
    pub credit_transfers: Vec<CreditTransfer>,
}

/// pain.001's `CdtTrfTxInf`: one payment to one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[non_exhaustive]
pub struct CreditTransfer {
    /// `PmtId/InstrId`: the initiating party's id for the instruction, unique in the batch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instruction_id: Option<String>,
    /// `PmtId/EndToEndId`: the id that travels with the payment to the creditor, unique in the
    /// batch (and, at the hub, for ever).
    pub end_to_end_id: String,
    /// `Amt/InstdAmt`.
    pub amount: Money,
    /// `Cdtr`.
    pub creditor: Party,
    /// `CdtrAcct`: the account paid, unless an alias names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_account: Option<Account>,
    /// An alias the account mapper resolves to the account paid, unless the account is given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub creditor_alias: Option<Alias>,
    /// `Purp/Cd`: an ISO 20022 external purpose code (`GOVT`, `BENE`, `SSBE`, …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub purpose: Option<String>,
    /// `RmtInf/Ustrd`: a message for the creditor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remittance_information: Option<String>,
}

impl CreditTransfer {
    /// A transfer of `amount` to `creditor`'s `account`.
    pub fn to_account(
        end_to_end_id: impl Into<String>,
        amount: Money,
        creditor: Party,
        account: Account,
    ) -> CreditTransfer {
        CreditTransfer {
            instruction_id: None,
            end_to_end_id: end_to_end_id.into(),
            amount,
            creditor,
            creditor_account: Some(account),
            creditor_alias: None,
            purpose: None,
            remittance_information: None,
        }
    }

    /// A transfer of `amount` to the account the mapper resolves `alias` to.
    pub fn to_alias(
        end_to_end_id: impl Into<String>,
        amount: Money,
        creditor: Party,
        alias: Alias,
    ) -> CreditTransfer {
        CreditTransfer {
            instruction_id: None,
            end_to_end_id: end_to_end_id.into(),
            amount,
            creditor,
            creditor_account: None,
            creditor_alias: Some(alias),
            purpose: None,
            remittance_information: None,
        }
    }

    /// With an instruction id.
    pub fn with_instruction_id(mut self, id: impl Into<String>) -> CreditTransfer {
        self.instruction_id = Some(id.into());
        self
    }

    /// With a purpose code.
    pub fn with_purpose(mut self, code: impl Into<String>) -> CreditTransfer {
        self.purpose = Some(code.into());
        self
    }

    /// With remittance information.
    pub fn with_remittance_information(mut self, text: impl Into<String>) -> CreditTransfer {
        self.remittance_information = Some(text.into());
        self
    }
}
