//! The SPDCI / G2P Connect property of `govblocks-exchange`: bodies verified (and decrypted) as
//! a receiver does, standing at the fixtures' fixed instant with the directory's clients as
//! senders, so a corpus replays the same way every year.

use govblocks_core::clock::FixedClock;
use govblocks_core::keys::X25519SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::g2p::{
    from_g2p, seal, signing_input, to_g2p, AckResponse, G2pBody, G2pVerifier, MsgHeader, Rejection,
    Senders,
};
use govblocks_exchange::Error;
use serde_json::{json, Value};
use std::sync::OnceLock;

use super::fixtures::*;

/// The areas of the codes a refusal may carry.
const AREAS: [&str; 14] = [
    "json.",
    "schema.",
    "document.",
    "proof.",
    "trust.",
    "key.",
    "did.",
    "encoding.",
    "time.",
    "signer.",
    "exchange.",
    "jws.",
    "jwe.",
    "resolver.",
];

/// The receiver's X25519 key (the provider's).
pub fn receiver_key() -> X25519SecretKey {
    X25519SecretKey::from_bytes(&[0x34; 32])
}

/// A receiver at [`NOW`] trusting the directory's DIDs, its clients as senders, decrypting
/// with [`receiver_key`].
pub fn g2p_verifier() -> &'static G2pVerifier {
    static VERIFIER: OnceLock<G2pVerifier> = OnceLock::new();
    VERIFIER.get_or_init(|| {
        let directory = directory();
        let core = Verifier::new(DidKeyResolver, directory.trust_list())
            .with_clock(FixedClock::new(now()));
        G2pVerifier::new(core, Senders::from_directory(&directory)).with_decrypt_key(receiver_key())
    })
}

/// The fixed request as a body, plain or encrypted for [`receiver_key`].
pub fn request_body(encrypt: bool) -> G2pBody {
    let recipient = receiver_key().public_key();
    to_g2p(
        &signed_request(),
        &client_key(),
        encrypt.then_some(&recipient),
    )
    .unwrap()
}

/// A native SPDCI search (no envelope in `meta`) from the client, plain or encrypted.
pub fn search_body(encrypt: bool) -> G2pBody {
    let recipient = receiver_key().public_key();
    let header = MsgHeader::request("search-1", now(), "search", CLIENT, 1);
    let search = json!({"transaction_id": "T-1", "search_request": [{
        "reference_id": "R-1", "timestamp": NOW,
        "search_criteria": {"query_type": "idtype-value", "query": {"type": "UIN", "value": "4471"}}
    }]});
    seal(header, search, &client_key(), encrypt.then_some(&recipient)).unwrap()
}

fn check_error(e: &Error) {
    let code = e.code();
    assert!(AREAS.iter().any(|a| code.starts_with(a)), "{code}");
    assert!(e.to_string().len() < 4000, "{e}");
    // Every refusal has an answer the specification lists, which its schema accepts.
    let at = now();
    let ack = AckResponse::rejecting(e, "c", at).to_value();
    AckResponse::from_value(&ack).unwrap();
    let _ = Rejection::of(e);
}

/// **Property:** verifying bytes as an SPDCI body never panics and every refusal is coded and
/// answerable (an acknowledgement that reads back). What verifies: has a detached JWS over the
/// RFC 8785 form of its header and message by a DID the directory lists for its `sender_id`;
/// its payload is readable exactly when its message is not encrypted or was decrypted with the
/// receiver's key; re-serialized in another member order it verifies again; and the envelope
/// it carries in `meta`, if any, is the one its SPDCI members describe.
///
/// Input: the body's JSON bytes.
pub fn g2p_verify(data: &[u8]) {
    let verifier = g2p_verifier();
    match verifier.verify(data) {
        Ok(v) => {
            let sender = v.header().sender_id.as_deref().unwrap();
            let dids = verifier.senders().dids(sender).unwrap();
            assert!(dids.iter().any(|d| d == v.signer()));
            let body = v.body();
            let input = signing_input(&body.header, &body.message);
            let signature = body.signature.as_deref().unwrap();
            let key =
                govblocks_core::keys::PublicKey::from_did_url(&v.proofs()[0].verification_method)
                    .unwrap();
            govblocks_core::jws::verify(signature, &key, Some(&input)).unwrap();
            assert!(v.payload().is_some());
            let again = verifier
                .verify(&serde_json::to_vec_pretty(&body.to_value()).unwrap())
                .unwrap();
            assert_eq!(again.payload(), v.payload());
            if let Ok(envelope) = from_g2p(&v, verifier.decrypt_key()) {
                let header = &envelope["header"];
                assert_eq!(
                    header["messageId"],
                    Value::from(v.header().message_id.clone())
                );
                assert_eq!(header["action"], Value::from(v.header().action.clone()));
                assert_eq!(&envelope["payload"], v.payload().unwrap());
            }
        }
        Err(e) => check_error(&e),
    }
}

/// Whether `data`, as the raw input of `target`, is accepted (`Ok`) or refused (its code).
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "g2p_verify" => Some(
            g2p_verifier()
                .verify(data)
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        _ => None,
    }
}
