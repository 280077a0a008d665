//! The consent JSON Schemas (`schemas/consent/v1/` at the repository's top level, the single
//! source of truth), embedded and compiled once on top of the core schemas.

use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};

/// `$id`s of the consent schemas.
pub mod ids {
    /// A consent agreement ([`Agreement`](crate::agreement::Agreement)).
    pub const AGREEMENT: &str = "https://schemas.govblocks.org/consent/v1/agreement.json";
    /// A revision of a consent record ([`Revision`](crate::revision::Revision)).
    pub const REVISION: &str = "https://schemas.govblocks.org/consent/v1/revision.json";
    /// A consent proof ([`ConsentProof`](crate::consent_proof::ConsentProof)).
    pub const CONSENT_PROOF: &str = "https://schemas.govblocks.org/consent/v1/consent-proof.json";
}

/// The embedded consent schema texts, compiled once on top of the core schemas.
static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[
    include_str!("../schemas/v1/agreement.json"),
    include_str!("../schemas/v1/revision.json"),
    include_str!("../schemas/v1/consent-proof.json"),
]);

/// The registry of the core and consent schemas, compiled on first use.
pub fn registry() -> &'static SchemaRegistry {
    SCHEMAS.registry()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_compiles() {
        super::SCHEMAS.assert_compiles();
        for id in [
            super::ids::AGREEMENT,
            super::ids::REVISION,
            super::ids::CONSENT_PROOF,
        ] {
            assert!(super::registry().schema(id).is_some(), "{id}");
        }
    }
}
