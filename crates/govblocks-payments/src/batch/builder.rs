//! Batches whose counts and control sums are right by construction: add blocks and transfers,
//! [`BatchBuilder::build`] computes every `numberOfTransactions` and `controlSum` and runs
//! every [rule](super::rules) before returning the batch.
//!
//! ```
//! use govblocks_payments::prelude::*;
//!
//! let usd = Currency::parse("USD")?;
//! let ministry = Party::new("Ministry of Social Affairs", PartyIdentifier::new("MSA")?)?;
//! let debtor_account = Account::Iban(Iban::parse("DE89370400440532013000")?);
//! let person = |name: &str, id: &str| Party::new(name, PartyIdentifier::new(id)?);
//! let block = BlockBuilder::new("PMT-1", ministry.clone(), debtor_account, "2026-12-07")
//!     .transfer(CreditTransfer::to_alias("E2E-1", Money::parse(usd, "100")?,
//!         person("Amina", "P-1")?, Alias::parse("NID-1")?))
//!     .transfer(CreditTransfer::to_alias("E2E-2", Money::parse(usd, "50.5")?,
//!         person("Bola", "P-2")?, Alias::parse("NID-2")?));
//! let created = "2026-12-06T09:00:00Z".parse()?;
//! let batch = BatchBuilder::new("MSG-1", created, ministry).block(block).build()?;
//! assert_eq!(batch.group_header.number_of_transactions, "2");
//! assert_eq!(batch.group_header.control_sum, "150.50");
//! assert_eq!(batch.payment_information[0].control_sum, "150.50");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use super::model::{Batch, CreditTransfer, GroupHeader, PaymentBlock, PaymentMethod, BATCH_TYPE};
use super::rules::{check, ControlSum};
use crate::account::{Account, Bic};
use crate::error::Result;
use crate::money::Money;
use crate::party::Party;
use govblocks_core::clock::Timestamp;

/// Builds one payment block (see the [module](self) documentation).
#[derive(Debug, Clone)]
pub struct BlockBuilder {
    block: PaymentBlock,
}

impl BlockBuilder {
    /// A block of credit transfers (`TRF`) from `debtor`'s `account`, to be executed on `date`
    /// (`YYYY-MM-DD`).
    pub fn new(
        payment_information_id: impl Into<String>,
        debtor: Party,
        account: Account,
        date: impl Into<String>,
    ) -> BlockBuilder {
        BlockBuilder {
            block: PaymentBlock {
                payment_information_id: payment_information_id.into(),
                payment_method: PaymentMethod::CreditTransfer,
                requested_execution_date: date.into(),
                debtor,
                debtor_account: account,
                debtor_agent: None,
                number_of_transactions: String::new(),
                control_sum: String::new(),
                credit_transfers: Vec::new(),
            },
        }
    }

    /// With the debtor's bank.
    pub fn debtor_agent(mut self, bic: Bic) -> BlockBuilder {
        self.block.debtor_agent = Some(bic);
        self
    }

    /// With another payment method.
    pub fn method(mut self, method: PaymentMethod) -> BlockBuilder {
        self.block.payment_method = method;
        self
    }

    /// With one more transfer.
    pub fn transfer(mut self, transfer: CreditTransfer) -> BlockBuilder {
        self.block.credit_transfers.push(transfer);
        self
    }

    /// With more transfers.
    pub fn transfers(
        mut self,
        transfers: impl IntoIterator<Item = CreditTransfer>,
    ) -> BlockBuilder {
        self.block.credit_transfers.extend(transfers);
        self
    }
}

/// Builds a batch (see the [module](self) documentation).
#[derive(Debug, Clone)]
pub struct BatchBuilder {
    message_id: String,
    created: Timestamp,
    initiating_party: Party,
    blocks: Vec<PaymentBlock>,
}

impl BatchBuilder {
    /// A batch with this message id, creation time and initiating party.
    pub fn new(message_id: impl Into<String>, created: Timestamp, initiating_party: Party) -> Self {
        BatchBuilder {
            message_id: message_id.into(),
            created,
            initiating_party,
            blocks: Vec::new(),
        }
    }

    /// With one more block.
    pub fn block(mut self, block: BlockBuilder) -> Self {
        self.blocks.push(block.block);
        self
    }

    /// The batch, every count and control sum computed, every rule checked
    /// (`payments.batch_invalid`, `payments.duplicate_*`, `payments.block_currency_mismatch`,
    /// `payments.amount_overflow`).
    pub fn build(self) -> Result<Batch> {
        let mut blocks = self.blocks;
        let mut control_sum = ControlSum::default();
        let mut transactions: u64 = 0;
        let mut decimals = 0;
        for block in &mut blocks {
            let n = block.credit_transfers.len();
            block.number_of_transactions = n.to_string();
            if let Some(first) = block.credit_transfers.first() {
                let currency = first.amount.currency();
                // A transfer in another currency is left for the rules to name.
                let total = Money::sum(
                    currency,
                    block
                        .credit_transfers
                        .iter()
                        .map(|t| t.amount)
                        .filter(|m| m.currency() == currency),
                )?;
                block.control_sum = total.fixed();
                control_sum = control_sum.checked_add(ControlSum::of(total))?;
                decimals = decimals.max(currency.minor_unit());
            }
            transactions += u64::try_from(n).unwrap_or(u64::MAX);
        }
        let batch = Batch {
            kind: BATCH_TYPE.to_owned(),
            group_header: GroupHeader {
                message_id: self.message_id,
                creation_date_time: self.created,
                number_of_transactions: transactions.to_string(),
                // Every amount has at most `decimals` decimals, and so has their sum.
                control_sum: control_sum
                    .fixed(decimals)
                    .unwrap_or_else(|| control_sum.to_string()),
                initiating_party: self.initiating_party,
            },
            payment_information: blocks,
            proof: None,
        };
        check(&batch)?;
        Ok(batch)
    }
}
