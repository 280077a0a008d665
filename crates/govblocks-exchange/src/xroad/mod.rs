//! X-Road addressing: identifiers and the HTTP mapping of the X-Road Message Protocol for REST
//! (PR-REST 1.0.4, Nordic Institute for Interoperability Solutions), so that a message can travel
//! behind an X-Road (or GovStack Information Mediator) security server unchanged.
//!
//! | module | what |
//! | --- | --- |
//! | [`id`] | [`ClientId`], [`ServiceId`], [`RepresentedParty`], [`ObjectType`]: the slash form (percent-encoded parts), the textual form (`SUBSYSTEM:EE/GOV/70000001/social`), the characters X-Road allows |
//! | [`http`] | [`HttpRequest`], [`HttpResponse`]: raw HTTP/1.1 text read (with `httparse`) and written, every size bounded ([`HttpLimits`]) |
//! | [`document`] | a JSON document naming its own addressing (the envelope's `header.client`, `header.service`, `header.messageId`) sent as the body, and the HTTP addressing held to it on arrival |
//! | [`response`] | [`XRoadResponse`] ↔ [`HttpResponse`]: what a provider answers, and the `X-Road-Client`/`-Service`/`-Id`/`-Request-Hash`/`-Error` headers its security server adds |
//! | [`transport`] | an [`Envelope`](crate::envelope::model::Envelope) to and from that HTTP: [`transport::to_http`], [`transport::from_http`] (the envelope's bytes, for the verifier); `TryFrom` the envelope's addresses |
//! | [`request`] | [`XRoadRequest`] ↔ [`HttpRequest`]: the request line `POST /r1/{serviceId}[/path]`, the `X-Road-*` headers and their GovStack spellings, the last of a repeated header winning |
//!
//! The rules and where each comes from are in each module's documentation; the test vectors
//! taken from the protocol document are in `tests/vectors/xroad/` (with their `SOURCE`).

pub mod document;
pub mod http;
pub mod id;
pub mod request;
pub mod response;
pub mod transport;

pub use document::{
    carrier_for_document, check_document, check_response_document, request_for_document,
    response_for_document, Carrier, DocumentAddressing,
};
pub use http::{HttpLimits, HttpRequest, HttpResponse};
pub use id::{ClientId, ObjectType, RepresentedParty, ServiceId};
pub use request::XRoadRequest;
pub use response::XRoadResponse;
