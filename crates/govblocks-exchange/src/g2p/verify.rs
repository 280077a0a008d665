//! Verifying a body: the JWS under core's resolver and trust list, the sender, encryption, the
//! payload's schema, the replay guard, in a fixed order, and a [`VerifiedG2p`] only this module
//! makes.
//!
//! | # | check | code |
//! | --- | --- | --- |
//! | 1 | strict JSON within the core verifier's limits | `json.*` |
//! | 2 | the body: an object of `signature`, `header` (an object), `message` | `exchange.g2p_invalid` |
//! | 3 | a signature | `exchange.g2p_signature_missing` |
//! | 4 | the header against the published `MsgHeader` (or, with a `status`, `MsgCallbackHeader`) schema, then each member's form | `schema.invalid`, `exchange.g2p_invalid` |
//! | 5 | `version` absent or [`SPDCI_VERSION`] | `exchange.version_unsupported` |
//! | 6 | `action` one the verifier accepts, if it names them ([`G2pVerifier::with_actions`]) | `exchange.g2p_action_unsupported` |
//! | 7 | `sender_id` present and known ([`Senders`]) | `exchange.sender_missing`, `exchange.sender_unknown` |
//! | 8 | the detached JWS over [`signing_input`]: `kid` resolved, its controller authorised and trusted by core's [`Verifier`], the signature | `jws.*`, `proof.*`, `trust.untrusted`, … |
//! | 9 | the signer's DID is one the senders list for `sender_id` | `exchange.sender_mismatch` |
//! | 10 | `receiver_id` is the verifier's own, if it has one ([`G2pVerifier::with_receiver_id`]) | `exchange.g2p_receiver_mismatch` |
//! | 11 | `is_msg_encrypted` agrees with the message: an `EncryptedMessage` exactly when set | `exchange.g2p_encryption_mismatch` |
//! | 12 | an encrypted message: the JWE under core's policy; its `kid`, if any, names the verifier's decryption key; decrypted; its plaintext strict JSON | `jwe.*`, `exchange.g2p_recipient_mismatch`, `json.*` |
//! | 13 | the payload (when readable) against the published schema of its action (`search`: `SearchRequest`, `disburse`: `DisburseRequest`), and `total_count`, if given, the number of its requests (`search_request`, `disbursements`) | `exchange.payload_invalid`, `exchange.g2p_total_count_invalid` |
//! | 14 | each step ([`G2pVerifier::with_step`]; the replay guard on `sender_id`, `message_id`, `message_ts`) | the step's (`exchange.replayed`, `exchange.timestamp_*`) |
//!
//! A verifier without a decryption key still verifies an encrypted body (who sent it, when,
//! not replayed): [`VerifiedG2p::payload`] is then `None`. Answer a refusal with
//! [`Rejection::of`](super::status::Rejection::of).

use super::model::{EncryptedMessage, G2pBody, MsgHeader, SPDCI_VERSION};
use super::sign::{signing_input, signing_input_of};
use crate::directory::Directory;
use crate::error::{quote, Error, Result};
use crate::replay::{AcceptOnce, ReplayGuard};
use crate::schemas::{g2p as schema, registry};
use govblocks_core::clock::Clock;
use govblocks_core::keys::X25519SecretKey;
use govblocks_core::proof::{VerifiedProof, Verifier};
use govblocks_core::resolver::TrustList;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// Sender ids to the DIDs whose keys may sign for them (the `sender_id` of a header, as
/// registered with the receiver).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Senders {
    members: BTreeMap<String, Vec<String>>,
}

impl Senders {
    /// No sender known.
    pub fn new() -> Self {
        Self::default()
    }

    /// With `did` signing for `sender_id` too.
    pub fn with(mut self, sender_id: impl Into<String>, did: impl Into<String>) -> Self {
        let did = did.into();
        let dids = self.members.entry(sender_id.into()).or_default();
        if !dids.contains(&did) {
            dids.push(did);
        }
        self
    }

    /// The senders of a [`Directory`]: each client id, in its canonical slash form
    /// (`EE/GOV/70000001/social`: the `sender_id` [`convert`](super::convert) writes), with
    /// its DIDs.
    pub fn from_directory(directory: &Directory) -> Self {
        directory
            .iter()
            .flat_map(|(client, dids)| dids.iter().map(move |did| (client.to_string(), did)))
            .fold(Senders::new(), |senders, (id, did)| {
                senders.with(id, did.clone())
            })
    }

    /// The DIDs that sign for `sender_id`.
    pub fn dids(&self, sender_id: &str) -> Option<&[String]> {
        self.members.get(sender_id).map(Vec::as_slice)
    }

    /// A trust list of exactly these DIDs, for `assertionMethod`.
    pub fn trust_list(&self) -> TrustList {
        crate::directory::trust_for_assertions(self.members.values().flatten())
    }
}

/// A check with state of its own, run after every other check (the replay guard).
pub trait G2pStep: Send + Sync {
    /// Checks (and records) the verified `header` of a message signed by `signer`.
    fn run(&self, header: &MsgHeader, signer: &str) -> Result<()>;
}

/// The replay guard on a body: its `sender_id`, `message_id` and `message_ts` (a message id
/// is accepted once per sender, within the guard's window and skew), at the guard's own clock
/// (give it the verifier's, as the CLI gives both its `--now`).
impl<S: AcceptOnce, C: Clock> G2pStep for ReplayGuard<S, C> {
    fn run(&self, header: &MsgHeader, _signer: &str) -> Result<()> {
        // Invariant: the verifier checked the sender is present (rule 7) before any step.
        let sender = header.sender_id.as_deref().unwrap_or_default();
        self.check(sender, &header.message_id, header.message_ts)
    }
}

/// How many requests `payload` holds for an action whose message is a list of them (`search`:
/// `search_request`, `disburse`: `disbursements`), what `total_count` declares; `None` for other
/// actions.
pub fn request_count(action: &str, payload: &Value) -> Option<u64> {
    let list = match action {
        "search" => "search_request",
        "disburse" => "disbursements",
        _ => return None,
    };
    Some(payload[list].as_array().map_or(0, Vec::len) as u64)
}

/// A body that passed every check of its [`G2pVerifier`]; only the verifier makes one.
#[derive(Debug, Clone)]
pub struct VerifiedG2p {
    body: G2pBody,
    header: MsgHeader,
    payload: Payload,
    proofs: Vec<VerifiedProof>,
}

/// Where a verified body's payload is.
#[derive(Debug, Clone)]
enum Payload {
    /// The message itself (not encrypted).
    Message,
    /// The decrypted message.
    Decrypted(Value),
    /// Encrypted, and the verifier had no key.
    Closed,
}

impl VerifiedG2p {
    /// The body as received.
    pub fn body(&self) -> &G2pBody {
        &self.body
    }

    /// The header, read.
    pub fn header(&self) -> &MsgHeader {
        &self.header
    }

    /// The payload: the message, or the decrypted message; `None` for an encrypted message the
    /// verifier had no key for.
    pub fn payload(&self) -> Option<&Value> {
        match &self.payload {
            Payload::Message => Some(&self.body.message),
            Payload::Decrypted(value) => Some(value),
            Payload::Closed => None,
        }
    }

    /// The controller DID whose key signed.
    pub fn signer(&self) -> &str {
        // Invariant: the verifier keeps the one report core's JWS verification returns.
        &self.proofs[0].controller
    }

    /// The signature's report (verification method, controller, purpose).
    pub fn proofs(&self) -> &[VerifiedProof] {
        &self.proofs
    }
}

/// Verifies SPDCI / G2P Connect bodies (see the [module documentation](self)).
#[derive(Clone)]
pub struct G2pVerifier {
    verifier: Verifier,
    senders: Senders,
    receiver_id: Option<String>,
    decrypt_key: Option<Arc<X25519SecretKey>>,
    actions: Option<BTreeSet<String>>,
    steps: Vec<Arc<dyn G2pStep>>,
}

impl std::fmt::Debug for G2pVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("G2pVerifier")
            .field("senders", &self.senders)
            .field("receiver_id", &self.receiver_id)
            .field("decrypts", &self.decrypt_key.is_some())
            .field("actions", &self.actions)
            .field("steps", &self.steps.len())
            .finish_non_exhaustive()
    }
}

impl G2pVerifier {
    /// A verifier of bodies from `senders`, whose keys `verifier` resolves and trusts (for a
    /// verifier that trusts exactly the senders: `Verifier::new(resolver,
    /// senders.trust_list())`).
    pub fn new(verifier: Verifier, senders: Senders) -> Self {
        G2pVerifier {
            verifier,
            senders,
            receiver_id: None,
            decrypt_key: None,
            actions: None,
            steps: Vec::new(),
        }
    }

    /// Refuses a body whose `receiver_id` is present and not `receiver_id`.
    pub fn with_receiver_id(mut self, receiver_id: impl Into<String>) -> Self {
        self.receiver_id = Some(receiver_id.into());
        self
    }

    /// Decrypts encrypted messages with `key` (the receiver's).
    pub fn with_decrypt_key(mut self, key: X25519SecretKey) -> Self {
        self.decrypt_key = Some(Arc::new(key));
        self
    }

    /// Accepts only these actions (`rjct.action.not_supported` for others).
    pub fn with_actions<I: IntoIterator<Item = S>, S: Into<String>>(mut self, actions: I) -> Self {
        self.actions = Some(actions.into_iter().map(Into::into).collect());
        self
    }

    /// Runs `step` after every other check (the replay guard), in the order added.
    pub fn with_step(mut self, step: impl G2pStep + 'static) -> Self {
        self.steps.push(Arc::new(step));
        self
    }

    /// The core verifier (resolver, trust list, limits).
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The key encrypted messages are decrypted with, if any.
    pub fn decrypt_key(&self) -> Option<&X25519SecretKey> {
        self.decrypt_key.as_deref()
    }

    /// The senders.
    pub fn senders(&self) -> &Senders {
        &self.senders
    }

    /// Verifies a body's bytes (see the [module documentation](self) for the checks).
    pub fn verify(&self, bytes: &[u8]) -> Result<VerifiedG2p> {
        let parsed = govblocks_core::json::parse_with_layout(bytes, self.verifier.limits())?;
        // Canonical input (as signed here) holds the canonical form of its header and message:
        // the signing input is taken from its bytes, not written again.
        let input = match (
            parsed.canonical_member("header"),
            parsed.canonical_member("message"),
        ) {
            (Some(header), Some(message)) => Some(signing_input_of(header, message)),
            _ => None,
        };
        self.verify_parsed(parsed.into_value(), input)
    }

    /// [`G2pVerifier::verify`] on JSON already parsed (strictly, within limits).
    pub fn verify_value(&self, value: Value) -> Result<VerifiedG2p> {
        self.verify_parsed(value, None)
    }

    fn verify_parsed(&self, value: Value, input: Option<Vec<u8>>) -> Result<VerifiedG2p> {
        let body = G2pBody::from_value(value)?;
        let signature = body
            .signature
            .as_deref()
            .ok_or(Error::G2pSignatureMissing)?;
        let schema = match body.header.get("status") {
            Some(_) => schema::SPDCI_MSG_CALLBACK_HEADER,
            None => schema::SPDCI_MSG_HEADER,
        };
        registry().validate(schema, &body.header)?;
        let header = MsgHeader::from_value(&body.header)?;
        if let Some(version) = header.version.as_deref().filter(|v| *v != SPDCI_VERSION) {
            return Err(Error::VersionUnsupported {
                found: quote(version),
            });
        }
        if let Some(actions) = &self.actions {
            if !actions.contains(&header.action) {
                return Err(Error::G2pActionUnsupported {
                    action: quote(&header.action),
                });
            }
        }
        let sender = header
            .sender_id
            .as_deref()
            .ok_or(Error::SenderMissing { field: "sender_id" })?;
        let dids = self
            .senders
            .dids(sender)
            .ok_or_else(|| Error::SenderUnknown {
                sender: quote(sender),
            })?;

        let input = input.unwrap_or_else(|| signing_input(&body.header, &body.message));
        let verified = self.verifier.verify_jws(signature, Some(&input))?;
        let (_, proofs) = verified.into_parts();
        let signer = &proofs[0].controller;
        if !dids.contains(signer) {
            return Err(Error::SenderMismatch {
                sender: quote(sender),
                signer: quote(signer),
            });
        }
        if let (Some(own), Some(named)) = (&self.receiver_id, &header.receiver_id) {
            if own != named {
                return Err(Error::G2pReceiverMismatch {
                    receiver: quote(named),
                    expected: quote(own),
                });
            }
        }

        let payload = self.read_message(&header, &body.message)?;
        let readable = match &payload {
            Payload::Message => Some(&body.message),
            Payload::Decrypted(value) => Some(value),
            Payload::Closed => None,
        };
        if let Some(payload) = readable {
            let schema = match header.action.as_str() {
                "search" => Some(schema::SPDCI_SEARCH_REQUEST),
                "disburse" => Some(schema::G2P_DISBURSE_REQUEST),
                _ => None,
            };
            if let Some(schema) = schema {
                registry()
                    .validate(schema, payload)
                    .map_err(|source| Error::PayloadInvalid {
                        schema: schema.to_owned(),
                        source,
                    })?;
            }
            if let Some(counted) = request_count(&header.action, payload) {
                if let Some(declared) = header.total_count.filter(|d| *d != counted) {
                    return Err(Error::G2pTotalCountInvalid { declared, counted });
                }
            }
        }
        for step in &self.steps {
            step.run(&header, signer)?;
        }
        Ok(VerifiedG2p {
            body,
            header,
            payload,
            proofs,
        })
    }

    /// Where the payload of `message` is: itself, or decrypted (rules 11 and 12).
    fn read_message(&self, header: &MsgHeader, message: &Value) -> Result<Payload> {
        if !header.is_encrypted() {
            if EncryptedMessage::looks_like(message) {
                return Err(Error::G2pEncryptionMismatch {
                    reason: "the message is an EncryptedMessage and is_msg_encrypted is not set"
                        .to_owned(),
                });
            }
            return Ok(Payload::Message);
        }
        if !EncryptedMessage::looks_like(message) {
            return Err(Error::G2pEncryptionMismatch {
                reason: "is_msg_encrypted is set and the message is not an EncryptedMessage"
                    .to_owned(),
            });
        }
        let jwe = EncryptedMessage::from_value(message)?.to_jwe()?;
        let Some(key) = &self.decrypt_key else {
            return Ok(Payload::Closed);
        };
        let own = key.public_key().key_id();
        if let Some(kid) = jwe.header().kid() {
            if kid != own {
                return Err(Error::G2pRecipientMismatch {
                    kid: quote(kid),
                    expected: quote(&own),
                });
            }
        }
        let plaintext = jwe.decrypt(key)?;
        Ok(Payload::Decrypted(govblocks_core::json::parse_with_limits(
            &plaintext,
            self.verifier.limits(),
        )?))
    }
}
