//! A social registry searches the civil registry for a person, SPDCI style: the body
//! `{signature, header, message}`, the person's record readable only by the receiving registry,
//! and anyone on the way able to check who sent it.
//!
//! 1. The civil registry publishes its X25519 key (a Multikey, `z6LS…`, or a JWK).
//! 2. The social registry writes an SPDCI `SearchRequest` (with its consent object), encrypts it
//!    for the civil registry and signs header and message (encrypt-then-sign: a detached JWS over
//!    the RFC 8785 form of `{"header", "message"}`).
//! 3. A gateway on the way, without the key, verifies who sent it and when: the payload stays
//!    closed.
//! 4. The civil registry verifies, decrypts, holds the search to the published SPDCI schema and
//!    its replay guard, and acknowledges (`ACK`).
//! 5. The same body again is refused (`exchange.replayed`), answered `ERR` and, in a callback
//!    header, `rjct.message_id.duplicate`; a body whose ciphertext was changed on the way is
//!    refused (`jws.signature_invalid`), answered `err.signature.invalid`.
//!
//! Run: `cargo run -p govblocks-exchange --example spdci_search`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::keys::{SecretKey, X25519PublicKey, X25519SecretKey};
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::g2p::{
    seal, AckResponse, G2pVerifier, MsgHeader, Rejection, RequestStatus, Senders,
};
use govblocks_exchange::replay::ReplayGuard;
use serde_json::json;

fn main() {
    let now: Timestamp = "2026-12-07T10:00:00Z".parse().unwrap();
    let social = SecretKey::from_seed(&[1; 32]);
    let civil = X25519SecretKey::from_bytes(&[2; 32]);

    // 1. The civil registry's public key, as it publishes it.
    let published = civil.public_key().to_multikey();
    println!("civil registry's X25519 key: {published}");
    let recipient = X25519PublicKey::parse_any(&published).unwrap();

    // 2. The social registry's search, encrypted and signed.
    let mut header = MsgHeader::request("msg-4471", now, "search", "social.example.gov", 1);
    header.receiver_id = Some("civil.example.gov".into());
    header.sender_uri = Some("https://social.example.gov/spdci/on-search".into());
    let search = json!({
        "transaction_id": "T-4471",
        "search_request": [{
            "reference_id": "R-1",
            "timestamp": "2026-12-07T10:00:00Z",
            "search_criteria": {
                "version": "1.0.0",
                "reg_type": "ns:org:RegistryType:Civil",
                "query_type": "idtype-value",
                "query": {"type": "UIN", "value": "4471"},
                "consent": {"@type": "Consent", "ts": "2026-12-01T09:00:00Z",
                            "purpose": {"text": "eligibility for the winter allowance"}}
            }
        }]
    });
    let body = seal(header, search, &social, Some(&recipient)).unwrap();
    let bytes = serde_json::to_vec(&body.to_value()).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains("4471\"}"));
    println!(
        "sent {} bytes, message encrypted: {}",
        bytes.len(),
        body.header["is_msg_encrypted"]
    );

    let senders = Senders::new().with("social.example.gov", social.public_key().did());
    let core = Verifier::new(DidKeyResolver, senders.trust_list()).with_clock(FixedClock::new(now));

    // 3. A gateway without the key: who sent it, not what.
    let gateway = G2pVerifier::new(core.clone(), senders.clone());
    let seen = gateway.verify(&bytes).unwrap();
    println!(
        "gateway: from {} ({}), payload readable: {}",
        seen.header().sender_id.as_deref().unwrap(),
        seen.signer(),
        seen.payload().is_some()
    );

    // 4. The civil registry: verified, decrypted, schema, replay guard; then ACK.
    let registry = G2pVerifier::new(core, senders)
        .with_receiver_id("civil.example.gov")
        .with_actions(["search"])
        .with_decrypt_key(civil)
        .with_step(ReplayGuard::in_memory(FixedClock::new(now)));
    let received = registry.verify(&bytes).unwrap();
    let query = &received.payload().unwrap()["search_request"][0]["search_criteria"]["query"];
    println!("civil registry: search for {query}");
    let ack = AckResponse::accepted(true, "T-4471", now);
    println!("ack: {}", ack.to_value());

    // 5. The same body again; a body changed on the way.
    let replayed = registry.verify(&bytes).unwrap_err();
    assert_eq!(replayed.code(), "exchange.replayed");
    let mut callback = MsgHeader::callback(
        "msg-9001",
        now,
        "on-search",
        "civil.example.gov",
        RequestStatus::Rejected,
    );
    callback.status_reason_code = Rejection::of(&replayed).reason;
    println!(
        "replayed: {} -> ack {}, callback status_reason_code {}",
        replayed.code(),
        AckResponse::rejecting(&replayed, "T-4471", now).to_value()["message"]["error"]["code"],
        callback.to_value()["status_reason_code"]
    );
    let mut changed = body.clone();
    changed.message["ciphertext"] = json!("AAAA");
    let refused = registry
        .verify(&serde_json::to_vec(&changed.to_value()).unwrap())
        .unwrap_err();
    assert_eq!(refused.code(), "jws.signature_invalid");
    println!(
        "changed on the way: {} -> {}",
        refused.code(),
        Rejection::of(&refused).ack.as_str()
    );
}
