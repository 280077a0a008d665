//! Fixed keys, addresses, times and envelopes shared by the tests.

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
use govblocks_exchange::envelope::model::{Envelope, MessageId};
use govblocks_exchange::verify::{EnvelopeVerifier, VerifiedEnvelope};
use govblocks_exchange::xroad::{ClientId, ServiceId};
use serde_json::{json, Value};

pub const CLIENT: &str = "EE/GOV/70000001/social";
pub const SERVICE: &str = "EE/GOV/70000002/population/residence/v1";
pub const PROVIDER: &str = "EE/GOV/70000002/population";
pub const OTHER: &str = "EE/GOV/70000003/tax";
pub const NOW: &str = "2026-12-06T10:00:00Z";
pub const REQUEST_ID: &str = "0d7ba0a5-6ab0-4b5e-9c39-3c1c7b1f7a10";
pub const RESPONSE_ID: &str = "01890a5d-ac96-774b-bcce-b302099a8057";

pub fn client_key() -> SecretKey {
    SecretKey::from_seed(&[1; 32])
}

pub fn service_key() -> SecretKey {
    SecretKey::from_seed(&[2; 32])
}

pub fn other_key() -> SecretKey {
    SecretKey::from_seed(&[3; 32])
}

pub fn stranger_key() -> SecretKey {
    SecretKey::from_seed(&[9; 32])
}

pub fn client() -> ClientId {
    CLIENT.parse().unwrap()
}

pub fn service() -> ServiceId {
    SERVICE.parse().unwrap()
}

pub fn now() -> Timestamp {
    NOW.parse().unwrap()
}

/// The client, the service's provider and another member, each with its key's DID.
pub fn directory() -> Directory {
    Directory::new()
        .with(client(), client_key().public_key().did())
        .with(PROVIDER.parse().unwrap(), service_key().public_key().did())
        .with(OTHER.parse().unwrap(), other_key().public_key().did())
}

/// A verifier at [`NOW`] that trusts the directory's DIDs.
pub fn verifier() -> EnvelopeVerifier {
    let directory = directory();
    let core =
        Verifier::new(DidKeyResolver, directory.trust_list()).with_clock(FixedClock::new(now()));
    EnvelopeVerifier::new(core, directory)
}

pub fn request_builder() -> RequestBuilder {
    RequestBuilder::new(
        client(),
        service(),
        "getResidence",
        json!({"personId": "4471"}),
    )
    .message_id(REQUEST_ID.parse().unwrap())
    .timestamp(now())
    .correlation_id("case-4471")
}

pub fn request() -> Envelope {
    request_builder().build().unwrap()
}

/// The request signed by the client, as a value.
pub fn signed_request() -> Value {
    sign(&request(), &client_key()).unwrap()
}

pub fn bytes(value: &Value) -> Vec<u8> {
    govblocks_core::jcs::canonicalize(value)
}

pub fn verified_request() -> VerifiedEnvelope {
    verifier()
        .verify_request(&bytes(&signed_request()))
        .unwrap()
}

pub fn response_builder(request: &VerifiedEnvelope) -> ResponseBuilder {
    ResponseBuilder::answer(request, json!({"residence": "Tallinn"}))
        .unwrap()
        .message_id(RESPONSE_ID.parse::<MessageId>().unwrap())
        .timestamp(now())
}

/// The response to [`verified_request`], signed by the service's provider.
pub fn signed_response(request: &VerifiedEnvelope) -> Value {
    sign(&response_builder(request).build().unwrap(), &service_key()).unwrap()
}

/// `value` signed by `key` with a plain core proof, no rule checked (to forge envelopes the
/// builder refuses to sign).
pub fn force_sign(mut value: Value, key: &SecretKey) -> Value {
    if let Some(o) = value.as_object_mut() {
        o.remove("proof");
    }
    let options = govblocks_core::proof::ProofOptions::assertion().with_created(now());
    govblocks_core::proof::add_proof(value, key, &options).unwrap()
}

pub fn code(result: Result<VerifiedEnvelope, govblocks_exchange::Error>) -> &'static str {
    match result {
        Ok(v) => panic!("verified: {:?}", v.header()),
        Err(e) => e.code(),
    }
}
