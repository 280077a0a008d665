//! Our envelope as an SPDCI body and back, with its Data Integrity proof intact.
//!
//! | envelope | SPDCI header |
//! | --- | --- |
//! | `header.messageId` | `message_id` |
//! | `header.timestamp` | `message_ts` (the same text) |
//! | `header.action` | `action` |
//! | the sender (a request's `client`, a response's service provider) | `sender_id` (canonical slash form) |
//! | the other party (a request's service provider, a response's `client`) | `receiver_id` |
//! | one payload | `total_count` 1, or for `search` and `disburse` the number of requests in the payload (a response: a callback header, `status` `succ`, `completed_count` the same) |
//! | encrypted or not | `is_msg_encrypted` |
//! | `type`, the whole `header`, `proof` | `meta.govblocks` |
//! | `payload` | `message` (or, encrypted, the JWE of its RFC 8785 form) |
//!
//! **Where the proof travels.** SPDCI has no place for the envelope's own header members
//! (service, consent, payload digest, the request a response answers) nor for its proof, and
//! its `meta` is the place for "additional info" to intermediaries. So `meta.govblocks` holds
//! `{"type", "header", "proof"}` as they were signed, and [`from_g2p`] rebuilds the envelope
//! from them and the (decrypted) message, after checking that the SPDCI members say what the
//! envelope's header says (`exchange.g2p_envelope_mismatch`). The result verifies with the
//! [`EnvelopeVerifier`](crate::verify::EnvelopeVerifier) like any envelope.
//!
//! When the message is encrypted, the envelope's header would tell intermediaries too much
//! (its consent reference, and the payload's digest, from which a short payload can be
//! guessed): `meta.govblocks` is then `{"sealed": <a compact JWE of the RFC 8785 form of
//! {"type", "header", "proof"}>}` for the same receiver.

use super::model::{invalid, MsgHeader, RequestStatus};
use super::sign::seal;
use super::verify::{request_count, VerifiedG2p};
use super::G2pBody;
use crate::envelope::model::{Envelope, Kind};
use crate::error::{Error, Result};
use govblocks_core::jcs;
use govblocks_core::jwe::{self, Jwe, JweOptions};
use govblocks_core::keys::{X25519PublicKey, X25519SecretKey};
use govblocks_core::signer::Signer;
use serde::Deserialize;
use serde_json::{json, Map, Value};

/// The member of `meta` that carries the envelope.
pub const META_MEMBER: &str = "govblocks";

/// A signed envelope (its JSON, as [`sign`](crate::envelope::builder::sign) returns it) as an
/// SPDCI body signed by `signer` (the envelope's sender), its payload encrypted for
/// `encrypt_to` if given (see the [module documentation](self)).
pub fn to_g2p(
    envelope: &Value,
    signer: &dyn Signer,
    encrypt_to: Option<&X25519PublicKey>,
) -> Result<G2pBody> {
    let typed = Envelope::deserialize(envelope).map_err(|e| Error::EnvelopeInvalid {
        reason: e.to_string(),
    })?;
    let Some(proof) = envelope.get("proof") else {
        return Err(Error::EnvelopeInvalid {
            reason: "the envelope is not signed: it has no proof".to_owned(),
        });
    };
    let h = &typed.header;
    // One payload; for an action whose message is a list of requests, their number.
    let count = request_count(&h.action, &envelope["payload"]).unwrap_or(1);
    let (sender, receiver) = match typed.kind {
        Kind::Request => (h.client.to_string(), h.service.provider().to_string()),
        Kind::Response => (h.service.provider().to_string(), h.client.to_string()),
    };
    let mut header = match typed.kind {
        Kind::Request => MsgHeader::request(
            h.message_id.to_string(),
            h.timestamp,
            h.action.clone(),
            sender,
            count,
        ),
        Kind::Response => {
            let mut header = MsgHeader::callback(
                h.message_id.to_string(),
                h.timestamp,
                h.action.clone(),
                sender,
                RequestStatus::Succeeded,
            );
            header.total_count = Some(count);
            header.completed_count = Some(count);
            header
        }
    };
    header.receiver_id = Some(receiver);
    let carried = json!({
        "type": envelope["type"],
        "header": envelope["header"],
        "proof": proof,
    });
    let carried = match encrypt_to {
        None => carried,
        Some(recipient) => {
            let sealed = jwe::encrypt(
                &jcs::canonicalize(&carried),
                recipient,
                &JweOptions::new().with_recipient_kid(),
            )?;
            json!({ "sealed": sealed.to_compact() })
        }
    };
    let mut meta = Map::new();
    meta.insert(META_MEMBER.to_owned(), carried);
    header.meta = Some(Value::Object(meta));
    seal(header, envelope["payload"].clone(), signer, encrypt_to)
}

/// The envelope a verified body carries (see the [module documentation](self)), with its
/// proof as signed: verify it with the [`EnvelopeVerifier`](crate::verify::EnvelopeVerifier).
/// `decrypt_key` opens a sealed envelope (the one the [`G2pVerifier`](super::G2pVerifier)
/// decrypted the message with).
///
/// Errors: `exchange.g2p_invalid` (no envelope in `meta`, or not one),
/// `exchange.g2p_decrypt_key_missing`, `jwe.*`, `exchange.g2p_envelope_mismatch`.
pub fn from_g2p(verified: &VerifiedG2p, decrypt_key: Option<&X25519SecretKey>) -> Result<Value> {
    let header = verified.header();
    let carried = header
        .meta
        .as_ref()
        .and_then(|meta| meta.get(META_MEMBER))
        .ok_or_else(|| {
            invalid(format!(
                "the header's meta carries no {META_MEMBER} envelope"
            ))
        })?;
    let carried = match carried.get("sealed") {
        None => carried.clone(),
        Some(sealed) => {
            let key = decrypt_key.ok_or(Error::G2pDecryptKeyMissing)?;
            let sealed = sealed
                .as_str()
                .ok_or_else(|| invalid("meta.govblocks.sealed is not a string".to_owned()))?;
            let plaintext = Jwe::parse_compact(sealed)?.decrypt(key)?;
            govblocks_core::json::parse(&plaintext)?
        }
    };
    let payload = verified.payload().ok_or(Error::G2pDecryptKeyMissing)?;
    let member = |name: &str| {
        carried
            .get(name)
            .cloned()
            .ok_or_else(|| invalid(format!("meta.{META_MEMBER} has no {name}")))
    };
    let envelope = json!({
        "type": member("type")?,
        "header": member("header")?,
        "payload": payload,
        "proof": member("proof")?,
    });
    let typed = Envelope::deserialize(&envelope)
        .map_err(|e| invalid(format!("meta.{META_MEMBER}: {e}")))?;
    let h = &typed.header;
    let sender = h.sender(typed.kind).to_string();
    let mismatch = |field: &'static str| Error::G2pEnvelopeMismatch { field };
    if header.message_id != h.message_id.to_string() {
        return Err(mismatch("message_id"));
    }
    if header.message_ts.to_string() != h.timestamp.to_string() {
        return Err(mismatch("message_ts"));
    }
    if header.action != h.action {
        return Err(mismatch("action"));
    }
    if header.sender_id.as_deref() != Some(sender.as_str()) {
        return Err(mismatch("sender_id"));
    }
    Ok(envelope)
}
