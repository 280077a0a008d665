//! The seeds of the exchange fuzz target: the fixed request and response (canonical and
//! indented), and each rule broken once, named by what it is refused for.

use crate::exchange::fixtures::*;
use serde_json::{json, Value};
use std::path::Path;

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    let dir = dir.join("envelope_verify");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn canonical(value: &Value) -> Vec<u8> {
    govblocks_core::jcs::canonicalize(value)
}

/// `value` re-signed by `key` with a plain core proof, no rule checked.
fn force_sign(mut value: Value, key: &govblocks_core::keys::SecretKey) -> Value {
    value.as_object_mut().unwrap().remove("proof");
    let options = govblocks_core::proof::ProofOptions::assertion().with_created(now());
    govblocks_core::proof::add_proof(value, key, &options).unwrap()
}

/// Writes the exchange seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    let request = signed_request();
    let response = signed_response();
    write(out, "accepted-request", &canonical(&request));
    write(
        out,
        "accepted-request-indented",
        &serde_json::to_vec_pretty(&request).unwrap(),
    );
    write(out, "accepted-response", &canonical(&response));
    let edited = |edit: &dyn Fn(&mut Value)| {
        let mut v = request.clone();
        edit(&mut v);
        canonical(&v)
    };
    write(
        out,
        "refused-version",
        &edited(&|v| v["header"]["protocolVersion"] = json!("2")),
    );
    write(
        out,
        "refused-sender-missing",
        &edited(&|v| {
            v["header"].as_object_mut().unwrap().remove("client");
        }),
    );
    write(
        out,
        "refused-message-id-v1",
        &edited(&|v| v["header"]["messageId"] = json!("c232ab00-9414-11ec-b3c8-9f6bdeced846")),
    );
    write(
        out,
        "refused-address",
        &edited(&|v| v["header"]["service"] = json!("EE/GOV/70000002")),
    );
    write(
        out,
        "refused-address-not-canonical",
        &edited(&|v| v["header"]["client"] = json!("EE/GOV/70000001/%73ocial")),
    );
    write(
        out,
        "refused-tampered-payload",
        &edited(&|v| v["payload"]["personId"] = json!("9999")),
    );
    write(
        out,
        "refused-unknown-member",
        &edited(&|v| v["header"]["priority"] = json!("high")),
    );
    let mut digest = request.clone();
    digest["payload"] = json!({"personId": "9999"});
    write(
        out,
        "refused-payload-digest",
        &canonical(&force_sign(digest, &client_key())),
    );
    write(
        out,
        "refused-sender-mismatch",
        &canonical(&force_sign(request.clone(), &other_key())),
    );
    write(
        out,
        "refused-response-by-client",
        &canonical(&force_sign(response.clone(), &client_key())),
    );
    let mut text = String::from_utf8(canonical(&request)).unwrap();
    text.insert_str(1, "\"type\":\"ExchangeRequest\",");
    write(out, "refused-duplicate-key", text.as_bytes());
}
