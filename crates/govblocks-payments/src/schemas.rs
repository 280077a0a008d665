//! The payments JSON Schemas (`schemas/payments/v1/` at the repository's top level, the single
//! source of truth), embedded and compiled once on top of the core schemas.
//!
//! They describe the normal form govblocks writes; the parsers of [`crate::money`] and
//! [`crate::account`] are the full rule (they also read lenient forms, and check the currency's
//! minor unit, ISO 4217 list one and the IBAN registry, which a pattern cannot).

use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};

/// `$id`s of the payments schemas.
pub mod ids {
    /// Shared definitions: currency codes, amounts, account identifiers, aliases, modalities.
    pub const DEFS: &str = "https://schemas.govblocks.org/payments/v1/defs.json";
    /// [`Money`](crate::money::Money): `{"amount","currency"}`.
    pub const MONEY: &str = "https://schemas.govblocks.org/payments/v1/money.json";
    /// [`Account`](crate::account::Account).
    pub const ACCOUNT: &str = "https://schemas.govblocks.org/payments/v1/account.json";
    /// [`MappedAccount`](crate::mapper::MappedAccount).
    pub const MAPPED_ACCOUNT: &str =
        "https://schemas.govblocks.org/payments/v1/mapped-account.json";
    /// [`Party`](crate::party::Party).
    pub const PARTY: &str = "https://schemas.govblocks.org/payments/v1/party.json";
    /// [`Batch`](crate::batch::model::Batch), signed or not.
    pub const BATCH: &str = "https://schemas.govblocks.org/payments/v1/batch.json";
    /// One [`CreditTransfer`](crate::batch::model::CreditTransfer) of a batch (`batch.json`'s
    /// definition): what the verifier checks each transfer of a large batch against.
    pub const CREDIT_TRANSFER: &str =
        "https://schemas.govblocks.org/payments/v1/credit-transfer.json";
    /// [`ApprovalPolicy`](crate::approval::ApprovalPolicy).
    pub const APPROVAL_POLICY: &str =
        "https://schemas.govblocks.org/payments/v1/approval-policy.json";
    /// [`PaymentEvent`](crate::lifecycle::PaymentEvent), signed or not.
    pub const EVENT: &str = "https://schemas.govblocks.org/payments/v1/event.json";
}

/// The embedded payments schema texts, compiled once on top of the core schemas.
static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[
    include_str!("../schemas/v1/defs.json"),
    include_str!("../schemas/v1/money.json"),
    include_str!("../schemas/v1/account.json"),
    include_str!("../schemas/v1/mapped-account.json"),
    include_str!("../schemas/v1/party.json"),
    include_str!("../schemas/v1/batch.json"),
    include_str!("../schemas/v1/credit-transfer.json"),
    include_str!("../schemas/v1/approval-policy.json"),
    include_str!("../schemas/v1/event.json"),
]);

/// The registry of the core and payments schemas, compiled on first use.
pub fn registry() -> &'static SchemaRegistry {
    SCHEMAS.registry()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_compiles() {
        super::SCHEMAS.assert_compiles();
        for id in [
            super::ids::DEFS,
            super::ids::MONEY,
            super::ids::ACCOUNT,
            super::ids::MAPPED_ACCOUNT,
            super::ids::PARTY,
            super::ids::BATCH,
            super::ids::CREDIT_TRANSFER,
            super::ids::APPROVAL_POLICY,
            super::ids::EVENT,
        ] {
            assert!(super::registry().schema(id).is_some(), "{id}");
        }
    }
}
