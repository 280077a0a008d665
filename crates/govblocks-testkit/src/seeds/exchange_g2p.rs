//! The seeds of the SPDCI / G2P Connect fuzz target: the fixed request as a body and a native
//! search (canonical and indented), and each check broken once, named by what it is refused
//! for.
//!
//! Only plain bodies are generated here: an encrypted one has a fresh ephemeral key and IV
//! each time, so it cannot regenerate byte for byte. The encrypted seeds
//! (`accepted-encrypted-*`, `refused-encrypted-*`) were written once by
//! [`write_encrypted`] and are kept as they are.

use crate::exchange::fixtures::*;
use crate::exchange::g2p::{request_body, search_body};
use govblocks_exchange::g2p::sign::sign_parts;
use govblocks_exchange::g2p::G2pBody;
use serde_json::{json, Value};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let dir = dir.join("g2p_verify");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn canonical(body: &G2pBody) -> Vec<u8> {
    govblocks_core::jcs::canonicalize(&body.to_value())
}

/// `body` after `edit`, signed again by the client (a sender's edit, not a forger's).
fn resigned(body: &G2pBody, edit: &dyn Fn(&mut G2pBody)) -> Vec<u8> {
    let mut body = body.clone();
    edit(&mut body);
    body.signature = Some(sign_parts(&body.header, &body.message, &client_key()).unwrap());
    canonical(&body)
}

/// Writes the generated seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    let request = request_body(false);
    let search = search_body(false);
    write(out, "accepted-request", &canonical(&request));
    write(
        out,
        "accepted-request-indented",
        &serde_json::to_vec_pretty(&request.to_value()).unwrap(),
    );
    write(out, "accepted-search", &canonical(&search));
    let mut forged = search.clone();
    forged.message["transaction_id"] = json!("T-2");
    write(out, "refused-forged-message", &canonical(&forged));
    let mut unsigned = search.clone();
    unsigned.signature = None;
    write(out, "refused-unsigned", &canonical(&unsigned));
    write(
        out,
        "refused-version",
        &resigned(&search, &|b| b.header["version"] = json!("2.0.0")),
    );
    write(
        out,
        "refused-unknown-sender",
        &resigned(&search, &|b| b.header["sender_id"] = json!("nobody")),
    );
    write(
        out,
        "refused-marked-encrypted",
        &resigned(&search, &|b| b.header["is_msg_encrypted"] = json!(true)),
    );
    write(
        out,
        "refused-search-invalid",
        &resigned(&search, &|b| {
            b.message.as_object_mut().unwrap().remove("transaction_id");
        }),
    );
    write(
        out,
        "refused-header-schema",
        &resigned(&search, &|b| b.header["status"] = json!("done")),
    );
    let mut by_other = search.clone();
    by_other.signature =
        Some(sign_parts(&by_other.header, &by_other.message, &other_key()).unwrap());
    write(out, "refused-sender-mismatch", &canonical(&by_other));
    let mut text = String::from_utf8(canonical(&search)).unwrap();
    text.insert_str(1, "\"header\":{},");
    write(out, "refused-duplicate-key", text.as_bytes());
}

/// Writes the encrypted seeds (not regenerated: see the module documentation) under `out`.
pub fn write_encrypted(out: &Path) {
    let request = request_body(true);
    let search = search_body(true);
    write(out, "accepted-encrypted-request", &canonical(&request));
    write(out, "accepted-encrypted-search", &canonical(&search));
    let edit = |body: &G2pBody, member: &str, value: Value| {
        resigned(body, &|b| b.message[member] = value.clone())
    };
    write(
        out,
        "refused-encrypted-tag",
        &edit(&search, "tag", json!("AAAAAAAAAAAAAAAAAAAAAA")),
    );
    write(
        out,
        "refused-encrypted-alg",
        &resigned(&search, &|b| b.message["header"]["alg"] = json!("dir")),
    );
}
