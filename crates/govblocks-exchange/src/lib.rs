//! # govblocks-exchange
//!
//! Registry data exchange: a social-protection registry asks the population registry for a
//! person's residence. The request says who asks, for which service, under which consent; the
//! answer is bound to that exact request; neither side can replay, alter or deny what was sent;
//! and the traffic crosses an X-Road-style information mediator unchanged.
//!
//! Every type is made only by its parser ("parse, don't validate"); every refusal is an
//! [`Error`] with a stable `exchange.*` code.
//!
//! A client signs a request, the service verifies it and answers, the client holds the answer
//! to its own request:
//!
//! ```
//! use govblocks_core::keys::SecretKey;
//! use govblocks_core::proof::Verifier;
//! use govblocks_core::resolver::DidKeyResolver;
//! use govblocks_exchange::directory::Directory;
//! use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
//! use govblocks_exchange::verify::EnvelopeVerifier;
//! use serde_json::json;
//!
//! let (social, population) = (SecretKey::from_seed(&[1; 32]), SecretKey::from_seed(&[2; 32]));
//! // Who signs for whom: the client, and the provider of the service (its first four parts).
//! let directory = Directory::new()
//!     .with("EE/GOV/70000001/social".parse()?, social.public_key().did())
//!     .with("EE/GOV/70000002/population".parse()?, population.public_key().did());
//! let verifier = EnvelopeVerifier::new(
//!     Verifier::new(DidKeyResolver, directory.trust_list()),
//!     directory,
//! );
//!
//! let request = RequestBuilder::new(
//!     "EE/GOV/70000001/social".parse()?,
//!     "EE/GOV/70000002/population/residence/v1".parse()?,
//!     "getResidence",
//!     json!({"personId": "4471"}),
//! )
//! .build()?;
//! let request_bytes = sign(&request, &social)?.to_string();
//!
//! // The service: verified before the payload is read.
//! let received = verifier.verify_request(request_bytes.as_bytes())?;
//! assert_eq!(received.payload()["personId"], "4471");
//! let answer = ResponseBuilder::answer(&received, json!({"residence": "Tallinn"}))?.build()?;
//! let answer_bytes = sign(&answer, &population)?.to_string();
//!
//! // The client: the answer to this very request, by the service's provider.
//! let answered = verifier.verify_response(&received, answer_bytes.as_bytes())?;
//! assert_eq!(answered.payload()["residence"], "Tallinn");
//!
//! // Signed by the client's key instead: not the service's answer.
//! let forged = sign(&answer, &social)?.to_string();
//! let refused = verifier.verify_response(&received, forged.as_bytes()).unwrap_err();
//! assert_eq!(refused.code(), "exchange.response_unbound");
//! # Ok::<(), govblocks_exchange::Error>(())
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`envelope`] | the envelope: its wire shape ([`envelope::model`]), its rules ([`envelope::rules`]), the builders and signing ([`envelope::builder`]) |
//! | [`verify`] | [`EnvelopeVerifier`](verify::EnvelopeVerifier): core's pipeline, the sender, request/response binding, access, consent, payload schemas, steps; [`VerifiedEnvelope`](verify::VerifiedEnvelope) |
//! | [`directory`] | which DIDs speak for which client (the sender must be the signer) |
//! | [`access`] | the allow-list of who may call which service and action |
//! | [`consent`] | the [`ConsentCheck`](consent::ConsentCheck) the application implements, and the question it answers |
//! | [`schemas`](mod@schemas) | the exchange JSON Schemas (envelope, directory, access list), embedded on top of the core ones |
//! | [`error`] | the error enum and its stable codes (`exchange.*`) |
//! | [`xroad`] | X-Road addressing: client and service ids (the envelope's `client` and `service`), HTTP/1.1 requests and responses, the PR-REST request line and `X-Road-*` headers, an envelope to and from that HTTP (`xroad::transport`) |
//! | [`replay`] | the replay guard: a message id accepted once per sender, within a window and a clock skew (300 s and 30 s by default), on the store's accept-once store (memory or a SQLite file shared by processes) |
//! | [`g2p`] | SPDCI / G2P Connect bodies (`{signature, header, message}`): signed with a detached JWS over the RFC 8785 form of header and message, the message optionally encrypted for the receiver (ECDH-ES X25519, A256GCM), verified under core's resolver and trust list, answered (`ACK`/`NACK`/`ERR`, `rjct.*` reasons); our envelope carried in them, its proof intact |
//! | [`log`] | the message log: every request and response sent or received, kept in the store's chained log; a message found by its id exactly as signed; a changed, removed or reordered entry detected |
#![forbid(unsafe_code)]
#![warn(missing_docs)]
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used, clippy::panic))]

pub mod access;
pub mod consent;
pub mod directory;
pub mod envelope;
pub mod error;
pub mod g2p;
pub mod log;
pub mod replay;
pub mod schemas;
pub mod verify;
pub mod xroad;

pub use error::{Error, Result};
