//! SPDCI / G2P Connect bodies: `{signature, header, message}`, signed, optionally encrypted for
//! the receiver, verified, answered; and our envelope carried in them.
//!
//! Social registries and payment platforms built on OpenG2P and the SPDCI (Social Protection
//! Digital Convergence Initiative) standards exchange bodies of three members:
//!
//! ```json
//! {
//!   "signature": "eyJhbGciOiJFZERTQSIsImtpZCI6ImRpZDprZXk6ejZNay4uLiJ9..c2lnbmF0dXJl",
//!   "header": {"version": "1.0.0", "message_id": "123", "message_ts": "2026-12-07T10:00:00Z",
//!              "action": "search", "sender_id": "spp.example.org",
//!              "receiver_id": "civilregistry.example.org", "total_count": 1,
//!              "is_msg_encrypted": false},
//!   "message": {"transaction_id": "T-1", "search_request": […]}
//! }
//! ```
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shapes: [`G2pBody`], [`MsgHeader`] (request and callback header), [`EncryptedMessage`], the status and reason codes |
//! | [`sign`] | what is signed (the RFC 8785 form of `{"header", "message"}`, a detached JWS) and encrypt-then-sign ([`seal`]) |
//! | [`verify`] | [`G2pVerifier`]: the JWS under core's resolver and trust list, the sender, encryption, the payload's published schema, the replay guard; [`VerifiedG2p`] |
//! | [`status`] | the synchronous answer ([`AckResponse`]: `ACK`, `NACK`, `ERR`) and a refusal's codes ([`Rejection`]) |
//! | [`convert`] | our [`Envelope`](crate::envelope::model::Envelope) as a body and back, its proof in `meta` |
//!
//! **Encryption.** An encrypted message is a JWE for the receiver's X25519 key: ECDH-ES and
//! A256GCM (RFC 7516, RFC 7518, RFC 8037; [`govblocks_core::jwe`]), in the specification's
//! `EncryptedMessage` form, whose `header` object is the JWE protected header:
//! `BASE64URL(JCS(header)) '.' encrypted_key '.' iv '.' ciphertext '.' tag` is a compact JWE
//! any JOSE library decrypts (jwcrypto and jose do, in CI). The message is encrypted first and
//! the signature covers the encrypted form (encrypt-then-sign): anyone can check who sent it,
//! only the receiver reads it. A sender must write the protected header in its RFC 8785 form,
//! since the receiver rebuilds the AAD from the `header` object: jwcrypto does, jose (members in
//! insertion order) does not, and [`EncryptedMessage::from_jwe`] refuses a JWE whose header would
//! not survive the trip (`exchange.g2p_invalid`).
//!
//! **Schemas.** Headers, the `SearchRequest` of the SPDCI registry API and the G2P Connect
//! `DisburseRequest` are validated against JSON Schemas converted from the published OpenAPI
//! files ([`crate::schemas::g2p`]; the deviations from the published files are listed
//! in `schemas/g2p/DEVIATIONS.md`).
//!
//! A social registry sends an encrypted search to the civil registry, which verifies and
//! decrypts it:
//!
//! ```
//! use govblocks_core::clock::Timestamp;
//! use govblocks_core::keys::{SecretKey, X25519SecretKey};
//! use govblocks_core::proof::Verifier;
//! use govblocks_core::resolver::DidKeyResolver;
//! use govblocks_exchange::g2p::{seal, AckResponse, G2pVerifier, MsgHeader, Rejection, Senders};
//! use serde_json::json;
//!
//! let social = SecretKey::from_seed(&[1; 32]);
//! let registry_x25519 = X25519SecretKey::from_bytes(&[2; 32]);
//!
//! let header = MsgHeader::request("m-1", Timestamp::parse("2026-12-07T10:00:00Z", "ts")?,
//!     "search", "spp.example.org", 1);
//! let search = json!({"transaction_id": "T-1", "search_request": [{
//!     "reference_id": "R-1", "timestamp": "2026-12-07T10:00:00Z",
//!     "search_criteria": {"query_type": "idtype-value",
//!                         "query": {"type": "UIN", "value": "4471"}}}]});
//! let body = seal(header, search, &social, Some(&registry_x25519.public_key()))?;
//! let bytes = serde_json::to_vec(&body.to_value()).unwrap();
//!
//! let senders = Senders::new().with("spp.example.org", social.public_key().did());
//! let verifier = G2pVerifier::new(Verifier::new(DidKeyResolver, senders.trust_list()), senders)
//!     .with_decrypt_key(registry_x25519);
//! let received = verifier.verify(&bytes)?;
//! assert_eq!(received.payload().unwrap()["transaction_id"], "T-1");
//!
//! // One changed byte of the ciphertext: the signature no longer holds.
//! let mut forged = body.clone();
//! forged.message["ciphertext"] = json!("AAAA");
//! let refused = verifier.verify(&serde_json::to_vec(&forged.to_value()).unwrap()).unwrap_err();
//! assert_eq!(refused.code(), "jws.signature_invalid");
//! let at = Timestamp::parse("2026-12-07T10:00:01Z", "ts")?;
//! let answer = AckResponse::rejecting(&refused, "m-1", at);
//! assert_eq!(answer.message.error.unwrap().code.as_str(), "err.signature.invalid");
//! assert_eq!(Rejection::of(&refused).reason, None);
//! # Ok::<(), govblocks_exchange::Error>(())
//! ```

pub mod convert;
pub mod model;
pub mod sign;
pub mod status;
pub mod verify;

pub use convert::{from_g2p, to_g2p};
pub use model::{
    EncryptedMessage, G2pBody, MsgHeader, RequestStatus, StatusReasonCode, SPDCI_VERSION,
};
pub use sign::{seal, signing_input};
pub use status::{AckErrorCode, AckResponse, AckStatus, Rejection};
pub use verify::{request_count, G2pStep, G2pVerifier, Senders, VerifiedG2p};
