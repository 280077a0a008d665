//! What most programs that handle payments need, in one import:
//! `use govblocks_payments::prelude::*;` (core's [prelude](govblocks_core::prelude) included).
//!
//! Money and currencies, every account type, aliases and the account mapper, parties, batches,
//! their builder and approval, the hub and the payment log. The error
//! is not here: name it [`crate::Error`].
//!
//! ```
//! use govblocks_payments::prelude::*;
//!
//! let usd = Currency::parse("USD")?;
//! assert_eq!(Money::parse(usd, "12.5")?.fixed(), "12.50");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

pub use crate::account::{
    Account, AccountNumber, Alias, BankAccount, Bic, ClearingCode, FinancialAddress, Iban,
    MobileMoneyAccount, Msisdn, PaymentModality, Provider,
};
pub use crate::approval::{
    approve, sign_as_maker, Accepted, Approval, ApprovalPolicy, BatchVerifier, SignerRole,
};
pub use crate::batch::builder::{BatchBuilder, BlockBuilder};
pub use crate::batch::model::{Batch, CreditTransfer, PaymentBlock, PaymentMethod};
pub use crate::batch::rules::{ControlSum, Totals};
pub use crate::currency::Currency;
pub use crate::hub::{accept_batch, Hub};
pub use crate::lifecycle::{PaymentLog, StatusReason, TransferState};
pub use crate::mapper::{AccountMapper, MappedAccount, MemoryAccountMapper};
pub use crate::money::Money;
pub use crate::party::{Party, PartyIdentifier, PostalAddress};
pub use govblocks_core::prelude::*;
