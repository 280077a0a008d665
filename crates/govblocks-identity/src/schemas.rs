//! The identity JSON Schemas (`schemas/identity/v1/` at the repository's top level, the single
//! source of truth), embedded and compiled once on top of the core schemas.

use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};

/// `$id`s of the identity schemas.
pub mod ids {
    /// A W3C Verifiable Credential 2.0 (unsecured or secured).
    pub const CREDENTIAL: &str = "https://schemas.govblocks.org/identity/v1/credential.json";
    /// A W3C Verifiable Presentation 2.0.
    pub const PRESENTATION: &str = "https://schemas.govblocks.org/identity/v1/presentation.json";
    /// A foundational (national) ID credential subject
    /// ([`FoundationalIdSubject`](crate::foundational_id::FoundationalIdSubject)).
    pub const FOUNDATIONAL_ID: &str =
        "https://schemas.govblocks.org/identity/v1/foundational-id.json";
    /// A credential whose `credentialSubject` is one foundational ID subject.
    pub const FOUNDATIONAL_ID_CREDENTIAL: &str =
        "https://schemas.govblocks.org/identity/v1/foundational-id-credential.json";
    /// A W3C Bitstring Status List v1.0 `BitstringStatusListCredential` (unsecured or secured).
    pub const STATUS_LIST_CREDENTIAL: &str =
        "https://schemas.govblocks.org/identity/v1/status-list-credential.json";
}

/// The embedded identity schema texts, compiled once on top of the core schemas.
static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[
    include_str!("../schemas/v1/credential.json"),
    include_str!("../schemas/v1/presentation.json"),
    include_str!("../schemas/v1/foundational-id.json"),
    include_str!("../schemas/v1/foundational-id-credential.json"),
    include_str!("../schemas/v1/status-list-credential.json"),
]);

/// The registry of the core and identity schemas, compiled on first use.
pub fn registry() -> &'static SchemaRegistry {
    SCHEMAS.registry()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_compiles() {
        super::SCHEMAS.assert_compiles();
        for id in [
            super::ids::CREDENTIAL,
            super::ids::PRESENTATION,
            super::ids::FOUNDATIONAL_ID,
            super::ids::FOUNDATIONAL_ID_CREDENTIAL,
            super::ids::STATUS_LIST_CREDENTIAL,
        ] {
            assert!(super::registry().schema(id).is_some(), "{id}");
        }
    }
}
