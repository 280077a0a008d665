//! The exchange JSON Schemas (`schemas/exchange/v1/` at the repository's top level, the single
//! source of truth), embedded and compiled once on top of the core schemas.

use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};

/// `$id`s of the exchange schemas.
pub mod ids {
    /// [`Envelope`](crate::envelope::model::Envelope), request or response, signed or not.
    pub const ENVELOPE: &str = "https://schemas.govblocks.org/exchange/v1/envelope.json";
    /// [`Directory`](crate::directory::Directory): client addresses to DIDs.
    pub const DIRECTORY: &str = "https://schemas.govblocks.org/exchange/v1/directory.json";
    /// [`AccessList`](crate::access::AccessList): who may call which service and action.
    pub const ACCESS_LIST: &str = "https://schemas.govblocks.org/exchange/v1/access-list.json";
}

/// The embedded exchange schema texts, compiled once on top of the core schemas.
static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[
    include_str!("../schemas/v1/envelope.json"),
    include_str!("../schemas/v1/directory.json"),
    include_str!("../schemas/v1/access-list.json"),
]);

/// The registry of the core and exchange schemas, compiled on first use.
pub fn registry() -> &'static SchemaRegistry {
    SCHEMAS.registry()
}

/// The embedded texts (for a caller that builds a registry of its own payload schemas on top
/// of these: [`SchemaRegistry::builder`] with each text).
pub fn texts() -> &'static [&'static str] {
    SCHEMAS.texts()
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_schema_compiles() {
        super::SCHEMAS.assert_compiles();
        for id in [
            super::ids::ENVELOPE,
            super::ids::DIRECTORY,
            super::ids::ACCESS_LIST,
        ] {
            assert!(super::registry().schema(id).is_some(), "{id}");
        }
    }
}
