//! The payment hub's duplicate and replay refusal: a batch, or a transfer, seen before is
//! refused, for ever.
//!
//! The hub remembers, in `govblocks-store`'s [accept-once store](govblocks_store::accept_once),
//! every accepted batch's message id (scope [`BATCH_MESSAGE_ID`], `payments.batch_message_id`)
//! and every end-to-end id of its transfers (scope [`END_TO_END_ID`],
//! `payments.end_to_end_id`), each [`Until::Forever`]: a payment instruction is never
//! executed twice, however late the replay.
//!
//! ```
//! use govblocks_payments::hub::{accept_batch, BATCH_MESSAGE_ID};
//! use govblocks_payments::prelude::*;
//! use govblocks_payments::hub::MemoryAcceptOnce;
//!
//! # fn batch(id: &str, e2e: &str) -> Batch {
//! #     let ministry = Party::new("Ministry", PartyIdentifier::new("MSA").unwrap()).unwrap();
//! #     let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
//! #     let to = Alias::parse("NID-1").unwrap();
//! #     let money = Money::parse_in("USD", "10").unwrap();
//! #     BatchBuilder::new(id, "2026-12-06T09:00:00Z".parse().unwrap(), ministry.clone())
//! #         .block(BlockBuilder::new("PMT-1", ministry.clone(), account, "2026-12-07")
//! #             .transfer(CreditTransfer::to_alias(e2e, money, ministry, to)))
//! #         .build().unwrap()
//! # }
//! let store = MemoryAcceptOnce::new();
//! let now = "2026-12-06T10:00:00Z".parse()?;
//! accept_batch(&store, &batch("MSG-1", "E2E-1"), now)?;
//! // The same batch again, or a new batch that pays a transfer already paid: refused.
//! assert_eq!(accept_batch(&store, &batch("MSG-1", "E2E-2"), now).unwrap_err().code(), "payments.batch_replayed");
//! assert_eq!(accept_batch(&store, &batch("MSG-2", "E2E-1"), now).unwrap_err().code(), "payments.transfer_replayed");
//! // Refusals remember nothing: E2E-2 and MSG-2 are still new.
//! accept_batch(&store, &batch("MSG-2", "E2E-2"), now)?;
//! # Ok::<(), govblocks_payments::Error>(())
//! ```
//!
//! # Guarantees
//!
//! - **All or nothing.** A batch is accepted only if its message id *and* every end-to-end id
//!   are new, and then all of them are remembered in one atomic step
//!   ([`AcceptOnce::accept_all_once`]); a refused batch remembers nothing. Two hubs (threads,
//!   or processes sharing a SQLite file) accepting the same batch, or two batches sharing a
//!   transfer, at the same moment: exactly one succeeds.
//! - **After verification.** [`Hub::receive`] verifies the batch (every proof, every figure, the
//!   policy) before it remembers anything, so a forged or unapproved batch cannot use up the
//!   ids of a genuine one.
//! - **Failures refuse.** A store that fails is `payments.replay_store`, never an acceptance.
//! - **Linear.** One set of ids per batch, one store call; the store's checks are per id
//!   (hashing in memory, the primary key in SQLite).

use crate::approval::{Accepted, BatchVerifier};
use crate::batch::model::Batch;
use crate::error::{quote, Error, Result};
use crate::lifecycle::{Log, PaymentLog};
use govblocks_core::clock::Timestamp;
use govblocks_core::signer::Signer;
use govblocks_core::verified::Verified;
use govblocks_store::accept_once::{AcceptanceOfAll, Scope, Until};

#[cfg(feature = "sqlite")]
pub use govblocks_store::accept_once::SqliteAcceptOnce;
pub use govblocks_store::accept_once::{AcceptOnce, MemoryAcceptOnce};

/// The scope of accepted batches' message ids (`groupHeader.messageId`).
pub const BATCH_MESSAGE_ID: Scope = Scope::new("payments.batch_message_id");

/// The scope of accepted transfers' end-to-end ids (`endToEndId`).
pub const END_TO_END_ID: Scope = Scope::new("payments.end_to_end_id");

/// Remembers `batch` as accepted at `now`, for ever: its message id and every end-to-end id,
/// all or none. `payments.batch_replayed` when the message id was accepted before,
/// `payments.transfer_replayed` when an end-to-end id was (or appears twice in the batch);
/// nothing is then remembered. `payments.replay_store` when the store fails.
///
/// Call it on a batch already verified (as [`Hub::receive`] does).
pub fn accept_batch(store: &dyn AcceptOnce, batch: &Batch, now: Timestamp) -> Result<()> {
    let transfers = batch
        .payment_information
        .iter()
        .map(|block| block.credit_transfers.len())
        .sum::<usize>();
    let mut ids: Vec<(Scope, &str)> = Vec::with_capacity(transfers.saturating_add(1));
    ids.push((BATCH_MESSAGE_ID, batch.group_header.message_id.as_str()));
    for block in &batch.payment_information {
        for transfer in &block.credit_transfers {
            ids.push((END_TO_END_ID, transfer.end_to_end_id.as_str()));
        }
    }
    match store
        .accept_all_once(&ids, now, Until::Forever)
        .map_err(Error::ReplayStore)?
    {
        AcceptanceOfAll::Accepted => Ok(()),
        AcceptanceOfAll::AlreadyAccepted { index } => {
            let (scope, id) = ids.get(index).copied().unwrap_or((BATCH_MESSAGE_ID, ""));
            if scope == BATCH_MESSAGE_ID {
                Err(Error::BatchReplayed {
                    message_id: quote(id),
                })
            } else {
                Err(Error::TransferReplayed {
                    end_to_end_id: quote(id),
                    message_id: quote(&batch.group_header.message_id),
                })
            }
        }
    }
}

/// A payment hub's intake: verifies a batch under its approval policy, then refuses it if it or
/// any of its transfers was accepted before, else remembers it (see the [module](self)
/// documentation).
#[derive(Debug)]
pub struct Hub<S> {
    verifier: BatchVerifier,
    store: S,
}

impl<S: AcceptOnce> Hub<S> {
    /// A hub that verifies with `verifier` and remembers accepted ids in `store` (a
    /// [`MemoryAcceptOnce`] for one process, a
    /// `SqliteAcceptOnce` shared by every hub process on one file).
    pub fn new(verifier: BatchVerifier, store: S) -> Hub<S> {
        Hub { verifier, store }
    }

    /// The batch verifier.
    pub fn verifier(&self) -> &BatchVerifier {
        &self.verifier
    }

    /// The store of accepted ids.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The batch in `bytes`, verified ([`BatchVerifier::verify`]) and, only then, accepted
    /// once at `now` ([`accept_batch`]).
    pub fn receive(&self, bytes: &[u8], now: Timestamp) -> Result<Verified<Batch>> {
        let verified = self.verifier.verify(bytes)?;
        accept_batch(&self.store, verified.value(), now)?;
        Ok(verified)
    }

    /// The batch in `bytes`, verified ([`BatchVerifier::verify_resolved`]: its aliases resolved
    /// when the verifier has a mapper), accepted once at `now` ([`accept_batch`]), and its life
    /// started in `life` ([`PaymentLog::start`]: received, verified, approved), signed by the
    /// hub's `signer`.
    ///
    /// The ids are remembered before the life is started: a log that fails then (a full disk)
    /// leaves a batch accepted without a life, reported as the log's error; the hub starts it
    /// again with [`PaymentLog::start`] on the same bytes.
    pub fn receive_logged<L: Log>(
        &self,
        bytes: &[u8],
        now: Timestamp,
        life: &PaymentLog<L>,
        signer: &dyn Signer,
    ) -> Result<Accepted> {
        let accepted = self.verifier.verify_resolved(bytes)?;
        accept_batch(&self.store, accepted.batch.value(), now)?;
        life.start(
            signer,
            bytes,
            accepted.batch.value(),
            &accepted.approval,
            now,
        )?;
        Ok(accepted)
    }
}
