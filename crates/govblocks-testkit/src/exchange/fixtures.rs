//! The exchange fixtures: fixed keys for a client, a service's provider and another member, the
//! directory that names them, a verifier standing at [`NOW`] that trusts the directory, and a
//! fixed signed request and response. The property, the seed writer and tests share them.

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
use govblocks_exchange::envelope::model::ConsentReference;
use govblocks_exchange::verify::{EnvelopeVerifier, VerifiedEnvelope};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The client.
pub const CLIENT: &str = "EE/GOV/70000001/social";
/// The service called.
pub const SERVICE: &str = "EE/GOV/70000002/population/residence/v1";
/// The service's provider.
pub const PROVIDER: &str = "EE/GOV/70000002/population";
/// Another member, in the directory.
pub const OTHER: &str = "EE/GOV/70000003/tax";
/// The instant every verifier here stands at, and every envelope's timestamp.
pub const NOW: &str = "2026-12-06T10:00:00Z";
/// The fixed request's message id (v4).
pub const REQUEST_ID: &str = "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10";
/// The fixed response's message id (v7).
pub const RESPONSE_ID: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

/// The client's key.
pub fn client_key() -> SecretKey {
    SecretKey::from_seed(&[0x31; 32])
}

/// The provider's key.
pub fn service_key() -> SecretKey {
    SecretKey::from_seed(&[0x32; 32])
}

/// The other member's key.
pub fn other_key() -> SecretKey {
    SecretKey::from_seed(&[0x33; 32])
}

/// [`NOW`].
pub fn now() -> Timestamp {
    NOW.parse().unwrap()
}

/// The client, the provider and the other member, each with its key's DID.
pub fn directory() -> Directory {
    Directory::new()
        .with(CLIENT.parse().unwrap(), client_key().public_key().did())
        .with(PROVIDER.parse().unwrap(), service_key().public_key().did())
        .with(OTHER.parse().unwrap(), other_key().public_key().did())
}

/// A verifier at [`NOW`] (default skew) trusting exactly the directory's DIDs.
pub fn verifier() -> &'static EnvelopeVerifier {
    static VERIFIER: OnceLock<EnvelopeVerifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let directory = directory();
        let core = Verifier::new(DidKeyResolver, directory.trust_list())
            .with_clock(FixedClock::new(now()));
        EnvelopeVerifier::new(core, directory)
    })
}

/// The fixed request, unsigned.
pub fn request_builder() -> RequestBuilder {
    RequestBuilder::new(
        CLIENT.parse().unwrap(),
        SERVICE.parse().unwrap(),
        "getResidence",
        json!({"personId": "4471"}),
    )
    .message_id(REQUEST_ID.parse().unwrap())
    .timestamp(now())
    .correlation_id("case-4471")
}

/// The fixed request with a consent reference, signed by the client.
pub fn signed_request() -> Value {
    let consent = ConsentReference::new(
        "urn:uuid:6f1c1a52-2f0e-4c43-9a57-0b7e4a1d2c3f",
        govblocks_core::digest::ContentDigest::of_bytes(b"revision 3"),
        "eligibility",
        ["residence"],
    );
    let request = request_builder().consent(consent).build().unwrap();
    sign(&request, &client_key()).unwrap()
}

/// The fixed request, verified.
pub fn verified_request() -> &'static VerifiedEnvelope {
    static REQUEST: OnceLock<VerifiedEnvelope> = OnceLock::new();
    REQUEST.get_or_init(|| {
        verifier()
            .verify_request(&govblocks_core::jcs::canonicalize(&signed_request()))
            .unwrap()
    })
}

/// The response to the fixed request, unsigned.
pub fn response() -> govblocks_exchange::envelope::model::Envelope {
    ResponseBuilder::answer(verified_request(), json!({"residence": "Tallinn"}))
        .unwrap()
        .message_id(RESPONSE_ID.parse().unwrap())
        .timestamp(now())
        .build()
        .unwrap()
}

/// The response signed by the provider.
pub fn signed_response() -> Value {
    sign(&response(), &service_key()).unwrap()
}
