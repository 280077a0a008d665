//! The shapes other systems send and expect, to and from a [`Batch`]: the GovStack Payments
//! BB's bulk payment ([`govstack`]) and the G2P Connect (SPDCI) disbursement ([`g2p`]).
//!
//! **Guarantees.** Amounts never pass through a float: the GovStack API's JSON numbers are read
//! from their text ([`govblocks_core::json::parse_keeping_number_texts`]) and written digit for
//! digit, and an amount that is not exactly representable in its currency is refused with the
//! code [`Money::parse`](crate::money::Money::parse) gives it (`payments.amount_too_many_decimals`,
//! `payments.amount_exponent`, `payments.amount_negative`, …). Every document is read with
//! core's strict JSON (duplicate members refused) and its published shape checked member by
//! member, each refusal naming its place as a JSON Pointer (`payments.govstack_invalid`,
//! `payments.g2p_invalid`). A batch read from a shape passes every rule of
//! [`batch::rules`](crate::batch::rules) (it is made by the [builder](crate::batch::builder)).
//! Nothing is dropped silently on the way in: an unknown member or key is refused (G2P's `locale`
//! and `meta`, published members a batch has no place for, are read and dropped, as [`g2p`]
//! says). On the way
//! out, what the target shape cannot hold is either refused (`payments.shape_unrepresentable`:
//! an id or a text longer than the shape allows, an alias where it needs an account) or, for
//! what the shape has no place for at all, listed in each module's table of what is not carried.
//!
//! **What a shape does not carry** (the batch's message id for GovStack, its creation time, the
//! initiating party, the debtor's identifier, block ids, …) is given on the way in by a
//! [`Frame`]. With the frame of the original batch ([`Frame::of`]) and a batch whose blocks are
//! named the way [`Frame::block_id`] names them, `batch → shape → batch` is the identity on
//! everything the shape carries (tests/api/formats.rs checks it for both shapes).
//!
//! **Accounts as financial addresses.** G2P Connect names every account by a financial address
//! (`id-type:id@provider`), and so does the GovStack sub-batch's `financialAddress`;
//! [`address`] maps each [`Account`] to one and back.
//!
//! | module | what |
//! | --- | --- |
//! | [`address`] | accounts as G2P Connect financial addresses, both ways |
//! | [`govstack`] | the GovStack Payments BB bulk payment (`/batchtransactions`) and the per-bank sub-batch of `creditInstructions` |
//! | [`g2p`] | the G2P Connect `DisburseRequest` and its status response `DisburseResponse` |

pub mod address;
pub mod g2p;
pub mod govstack;
mod read;

use crate::account::{Account, Bic};
use crate::batch::builder::{BatchBuilder, BlockBuilder};
use crate::batch::model::{Batch, CreditTransfer};
use crate::currency::Currency;
use crate::error::{Error, Result};
use crate::party::Party;
use govblocks_core::clock::Timestamp;

/// What a batch needs and a shape may not carry, given when a batch is read from it (see the
/// [module](self) documentation): each shape's module says which fields it takes from here.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Frame {
    /// The batch's message id (`groupHeader.messageId`), unless the shape carries one.
    pub message_id: String,
    /// The batch's creation time (`groupHeader.creationDateTime`).
    pub created: Timestamp,
    /// The initiating party (`groupHeader.initiatingParty`).
    pub initiating_party: Party,
    /// The debtor of every block; a shape that carries the debtor's name replaces the name.
    pub debtor: Party,
    /// The debtor's account, for a shape that carries none (the GovStack sub-batch).
    pub debtor_account: Option<Account>,
    /// Block ids are `<block_prefix>-1`, `<block_prefix>-2`, … ([`Frame::block_id`]).
    pub block_prefix: String,
    /// The requested execution date (`YYYY-MM-DD`) of blocks whose shape gives none.
    pub execution_date: String,
}

impl Frame {
    /// A frame whose debtor is the initiating party, whose block prefix is the message id and
    /// whose execution date is the creation date (in the time zone it is written in).
    pub fn new(
        message_id: impl Into<String>,
        created: Timestamp,
        initiating_party: Party,
    ) -> Frame {
        let message_id = message_id.into();
        let text = created.to_string();
        Frame {
            block_prefix: message_id.clone(),
            message_id,
            execution_date: text.get(..10).unwrap_or_default().to_owned(),
            created,
            debtor: initiating_party.clone(),
            initiating_party,
            debtor_account: None,
        }
    }

    /// The frame a batch would need to be read back from a shape: its message id, creation
    /// time, initiating party, its first block's debtor, debtor account and execution date;
    /// `None` for a batch without blocks.
    pub fn of(batch: &Batch) -> Option<Frame> {
        let first = batch.payment_information.first()?;
        let header = &batch.group_header;
        Some(Frame {
            message_id: header.message_id.clone(),
            created: header.creation_date_time,
            initiating_party: header.initiating_party.clone(),
            debtor: first.debtor.clone(),
            debtor_account: Some(first.debtor_account.clone()),
            block_prefix: first
                .payment_information_id
                .rsplit_once('-')
                .map_or(first.payment_information_id.as_str(), |(prefix, _)| prefix)
                .to_owned(),
            execution_date: first.requested_execution_date.clone(),
        })
    }

    /// With another debtor.
    pub fn with_debtor(mut self, debtor: Party) -> Frame {
        self.debtor = debtor;
        self
    }

    /// With the debtor's account, for shapes that carry none.
    pub fn with_debtor_account(mut self, account: Account) -> Frame {
        self.debtor_account = Some(account);
        self
    }

    /// With another block prefix.
    pub fn with_block_prefix(mut self, prefix: impl Into<String>) -> Frame {
        self.block_prefix = prefix.into();
        self
    }

    /// With another execution date (`YYYY-MM-DD`).
    pub fn with_execution_date(mut self, date: impl Into<String>) -> Frame {
        self.execution_date = date.into();
        self
    }

    /// The id of the `n`th block (from 1): `<block_prefix>-<n>`.
    pub fn block_id(&self, n: usize) -> String {
        format!("{}-{n}", self.block_prefix)
    }
}

/// One transfer as a flat shape carries it, with what decides its block.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub(crate) debtor_account: Account,
    pub(crate) debtor_agent: Option<Bic>,
    pub(crate) debtor_name: Option<String>,
    pub(crate) execution_date: Option<String>,
    pub(crate) transfer: CreditTransfer,
}

/// What puts two rows in one block: the same debtor account, agent and name, currency and date
/// (a name or date the shape leaves out is the frame's, so that a row without one and a row
/// with the frame's own go to one block, as they will when the batch is written out again).
type BlockKey = (Account, Option<Bic>, String, Currency, String);

/// A batch of `rows`, blocks in the order their first row appears, every rule checked.
pub(crate) fn assemble(frame: &Frame, message_id: &str, rows: Vec<Row>) -> Result<Batch> {
    let mut blocks: Vec<(BlockKey, Vec<CreditTransfer>)> = Vec::new();
    for row in rows {
        let key = (
            row.debtor_account,
            row.debtor_agent,
            row.debtor_name
                .unwrap_or_else(|| frame.debtor.name().to_owned()),
            row.transfer.amount.currency(),
            row.execution_date
                .unwrap_or_else(|| frame.execution_date.clone()),
        );
        match blocks.iter_mut().find(|(k, _)| *k == key) {
            Some((_, transfers)) => transfers.push(row.transfer),
            None => blocks.push((key, vec![row.transfer])),
        }
    }
    if blocks.is_empty() {
        return Err(Error::BatchInvalid {
            reason: "no transfers".to_owned(),
        });
    }
    let mut builder = BatchBuilder::new(message_id, frame.created, frame.initiating_party.clone());
    for (n, ((account, agent, name, _, date), transfers)) in blocks.into_iter().enumerate() {
        let debtor = match name {
            name if name != frame.debtor.name() => {
                let party = Party::new(name, frame.debtor.identifier().clone())?;
                match frame.debtor.postal_address() {
                    Some(address) => party.with_address(address.clone()),
                    None => party,
                }
            }
            _ => frame.debtor.clone(),
        };
        let mut block =
            BlockBuilder::new(frame.block_id(n + 1), debtor, account, date).transfers(transfers);
        if let Some(agent) = agent {
            block = block.debtor_agent(agent);
        }
        builder = builder.block(block);
    }
    builder.build()
}

/// A creditor the shape names only by its name, or not at all: the name given (else the
/// end-to-end id), identified by the end-to-end id.
pub(crate) fn creditor(name: Option<&str>, end_to_end_id: &str) -> Result<Party> {
    let id = crate::party::PartyIdentifier::new(end_to_end_id)?;
    Party::new(name.unwrap_or(end_to_end_id), id)
}
