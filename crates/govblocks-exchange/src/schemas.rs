//! The exchange JSON Schemas (`schemas/exchange/v1/` at the repository's top level, the single
//! source of truth), embedded and compiled once on top of the core schemas.
//!
//! The same registry also holds the SPDCI and G2P Connect message schemas
//! (`schemas/exchange/g2p/v1/`, ids in [`g2p`]): converted from the published OpenAPI 3.0
//! specifications by `schemas/exchange/g2p/convert.py`, with the deviations listed in
//! `schemas/exchange/g2p/DEVIATIONS.md`.
//!
//! ```
//! use govblocks_exchange::schemas::{g2p, registry};
//! use serde_json::json;
//!
//! let header = json!({
//!     "message_id": "123",
//!     "message_ts": "2022-12-04T17:20:07-04:00",
//!     "action": "search",
//!     "sender_id": "spp.example.org",
//!     "total_count": 1
//! });
//! registry().validate(g2p::SPDCI_MSG_HEADER, &header)?;
//! let error = registry()
//!     .validate(g2p::SPDCI_MSG_HEADER, &json!({"action": "search"}))
//!     .unwrap_err();
//! assert_eq!(error.code(), "schema.invalid");
//! # Ok::<(), govblocks_core::Error>(())
//! ```

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

/// `$id`s of the SPDCI and G2P Connect message schemas (`schemas/exchange/g2p/v1/`), converted
/// from the published specifications (SPDCI registry API v1.0.0, G2P Connect disbursement API
/// v1.0.0). Each file is self-contained: what it refers to is in its own `$defs`.
pub mod g2p {
    /// SPDCI `MsgHeader_V1.0.0`: the `header` of a request message.
    pub const SPDCI_MSG_HEADER: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-msg-header.json";
    /// SPDCI `MsgCallbackHeader_V1.0.0`: the `header` of a callback (`on-search`, …), with
    /// `status` `rcvd|pdng|succ|rjct` and a `MsgHeaderStatusReasonCode`.
    pub const SPDCI_MSG_CALLBACK_HEADER: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-msg-callback-header.json";
    /// SPDCI `EncryptedMessage`: an encrypted `message` (JWE parts).
    pub const SPDCI_ENCRYPTED_MESSAGE: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-encrypted-message.json";
    /// SPDCI registry `SearchRequest` (with `Consent` and `Authorize`): the `message` of a search.
    pub const SPDCI_SEARCH_REQUEST: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-search-request.json";
    /// The synchronous acknowledgement body (`Response`): `message.ack_status` `ACK|NACK|ERR`,
    /// `timestamp`, `error`, `correlation_id`.
    pub const SPDCI_ACK_RESPONSE: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-ack-response.json";
    /// The whole body of `POST /registry/search`: `{signature, header, message}`, the header's
    /// `action` `search`, the message a `SearchRequest` or an `EncryptedMessage`.
    pub const SPDCI_SEARCH_REQUEST_BODY: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/spdci-search-request-body.json";
    /// G2P Connect `DisburseRequest`: the `message` of a disbursement.
    pub const G2P_DISBURSE_REQUEST: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/g2p-disburse-request.json";
    /// G2P Connect `DisburseResponse`: the `message` of a disbursement's response
    /// (`on-disburse`), each disbursement's `status` `rcvd|pdng|succ|rjct` with its reason.
    pub const G2P_DISBURSE_RESPONSE: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/g2p-disburse-response.json";
    /// The whole body of G2P Connect `POST /disburse`: `{signature, header, message}`, the
    /// header's `action` `disburse`, the message a `DisburseRequest` or an `EncryptedMessage`.
    pub const G2P_DISBURSE_REQUEST_BODY: &str =
        "https://schemas.govblocks.org/exchange/g2p/v1/g2p-disburse-request-body.json";

    /// Every id above, sorted: exactly the files of `schemas/exchange/g2p/v1/`.
    pub const ALL: [&str; 9] = [
        G2P_DISBURSE_REQUEST,
        G2P_DISBURSE_REQUEST_BODY,
        G2P_DISBURSE_RESPONSE,
        SPDCI_ACK_RESPONSE,
        SPDCI_ENCRYPTED_MESSAGE,
        SPDCI_MSG_CALLBACK_HEADER,
        SPDCI_MSG_HEADER,
        SPDCI_SEARCH_REQUEST,
        SPDCI_SEARCH_REQUEST_BODY,
    ];
}

/// The embedded exchange schema texts, compiled once on top of the core schemas.
static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[
    include_str!("../schemas/v1/envelope.json"),
    include_str!("../schemas/v1/directory.json"),
    include_str!("../schemas/v1/access-list.json"),
    // SPDCI / G2P Connect, generated by schemas/g2p/convert.py (never edited by hand).
    include_str!("../schemas/g2p/v1/g2p-disburse-request.json"),
    include_str!("../schemas/g2p/v1/g2p-disburse-request-body.json"),
    include_str!("../schemas/g2p/v1/g2p-disburse-response.json"),
    include_str!("../schemas/g2p/v1/spdci-ack-response.json"),
    include_str!("../schemas/g2p/v1/spdci-encrypted-message.json"),
    include_str!("../schemas/g2p/v1/spdci-msg-callback-header.json"),
    include_str!("../schemas/g2p/v1/spdci-msg-header.json"),
    include_str!("../schemas/g2p/v1/spdci-search-request.json"),
    include_str!("../schemas/g2p/v1/spdci-search-request-body.json"),
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
        ]
        .into_iter()
        .chain(super::g2p::ALL)
        {
            assert!(super::registry().schema(id).is_some(), "{id}");
        }
    }
}
