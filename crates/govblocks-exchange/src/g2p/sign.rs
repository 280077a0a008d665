//! Signing a body: what is signed, and encrypt-then-sign.
//!
//! The signature is a **detached compact JWS** (RFC 7515 Appendix F; `EdDSA`, RFC 8037) whose
//! payload is the RFC 8785 form of `{"header": <header>, "message": <message>}`:
//!
//! ```text
//! signature = BASE64URL(jws-header) '..' BASE64URL(Ed25519(BASE64URL(jws-header) '.' BASE64URL(JCS({"header": h, "message": m}))))
//! jws-header = {"alg":"EdDSA","kid":"<the sender's verification method>"}
//! ```
//!
//! The specification leaves the algorithm and the signed bytes open, and two OpenG2P code bases
//! disagree on them (one signs the JSON with its members sorted, the other as serialized).
//! Signing the canonical form removes that ambiguity: a receiver re-serializes nothing it
//! cannot reproduce, and any JOSE library verifies the signature with the payload rebuilt
//! from the body. When the message is encrypted, the signature covers the `EncryptedMessage`
//! (encrypt-then-sign): anyone can check who sent it; only the receiver reads it.

use super::model::{EncryptedMessage, G2pBody, MsgHeader};
use crate::error::{Error, Result};
use govblocks_core::jcs;
use govblocks_core::jwe::{self, JweOptions};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::X25519PublicKey;
use govblocks_core::signer::Signer;
use serde_json::Value;

/// The bytes the signature covers: the RFC 8785 form of `{"header": header, "message":
/// message}`.
pub fn signing_input(header: &Value, message: &Value) -> Vec<u8> {
    // One buffer around the two canonical members ("header" sorts before "message").
    let mut out = Vec::with_capacity(64);
    out.extend_from_slice(b"{\"header\":");
    jcs::canonicalize_into(header, &mut out);
    out.extend_from_slice(b",\"message\":");
    jcs::canonicalize_into(message, &mut out);
    out.push(b'}');
    out
}

/// [`signing_input`] around the RFC 8785 forms of the header and the message, as they are
/// (`"header"` sorts before `"message"`).
pub(crate) fn signing_input_of(header: &[u8], message: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(header.len() + message.len() + 24);
    out.extend_from_slice(b"{\"header\":");
    out.extend_from_slice(header);
    out.extend_from_slice(b",\"message\":");
    out.extend_from_slice(message);
    out.push(b'}');
    out
}

/// Signs `header` and `message` as a body: encrypts the message first for `encrypt_to` (and
/// sets `is_msg_encrypted`), then signs header and message with `signer`, its verification
/// method as the JWS `kid`.
///
/// The message is encrypted as its RFC 8785 form; the JWE's `kid` is the recipient key's id
/// (`did:key:z6LS…#z6LS…`).
pub fn seal(
    mut header: MsgHeader,
    message: Value,
    signer: &dyn Signer,
    encrypt_to: Option<&X25519PublicKey>,
) -> Result<G2pBody> {
    let message = match encrypt_to {
        Some(recipient) => {
            header.is_msg_encrypted = Some(true);
            encrypt_message(&message, recipient)?.to_value()
        }
        None => {
            if header.is_encrypted() {
                return Err(Error::G2pEncryptionMismatch {
                    reason: "is_msg_encrypted is set and there is no key to encrypt for".to_owned(),
                });
            }
            message
        }
    };
    let header = header.to_value();
    let signature = sign_parts(&header, &message, signer)?;
    Ok(G2pBody {
        signature: Some(signature),
        header,
        message,
    })
}

/// The detached JWS over `header` and `message` ([`signing_input`]), `kid` the signer's
/// verification method.
pub fn sign_parts(header: &Value, message: &Value, signer: &dyn Signer) -> Result<String> {
    let input = signing_input(header, message);
    Ok(jws::sign(
        &input,
        signer,
        &JwsOptions::detached().with_signer_kid(),
    )?)
}

/// `message` (its RFC 8785 form) encrypted for `recipient`, in the `EncryptedMessage` form.
pub fn encrypt_message(message: &Value, recipient: &X25519PublicKey) -> Result<EncryptedMessage> {
    let plaintext = jcs::canonicalize(message);
    let jwe = jwe::encrypt(
        &plaintext,
        recipient,
        &JweOptions::new().with_recipient_kid(),
    )?;
    EncryptedMessage::from_jwe(&jwe)
}
