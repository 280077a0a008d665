//! The envelope property of `govblocks-exchange`: envelopes read and verified as a service and
//! a client verify them, standing at a fixed instant with a fixed directory
//! ([`fixtures`](super::fixtures)), so a corpus replays the same way every year.

use govblocks_core::digest::ContentDigest;
use govblocks_exchange::envelope::model::Kind;
use govblocks_exchange::Error;

use super::fixtures::*;

/// The areas of the codes a refusal may carry: core's and the exchange's.
const AREAS: [&str; 12] = [
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
];

fn check_error(e: &Error) {
    let code = e.code();
    assert!(AREAS.iter().any(|a| code.starts_with(a)), "{code}");
    if code.starts_with("exchange.") {
        assert!(e.to_string().len() < 2000, "{e}");
    }
}

/// **Property:** verifying bytes as an envelope never panics and every refusal is coded (a core
/// or `exchange.*` code; the exchange's messages bounded). What verifies: was signed by a DID
/// the directory lists for the sender the header names (the client of a request, the
/// provider of a response's service), carries a payload whose digest is the header's, has a
/// v4 or v7 message id, a kind that agrees with `inReplyTo`, a digest that is the content
/// digest of the input's value, and writes back to that value and verifies again from its
/// canonical form with the same digest. Verified as the response to the fixed request, what
/// passes names that request's id and digest, repeats its client, service, action and
/// correlation id, and is signed by the provider's key.
///
/// Input: the envelope's JSON bytes.
pub fn envelope_verify(data: &[u8]) {
    let verifier = verifier();
    match verifier.verify(data) {
        Ok(v) => {
            let dids = verifier.directory().dids(v.sender()).unwrap();
            assert!(dids.iter().any(|d| d == v.signer()), "{}", v.signer());
            assert_eq!(
                v.header().payload_digest,
                ContentDigest::of_json(v.payload())
            );
            assert!(matches!(v.header().message_id.version(), 4 | 7));
            assert_eq!(v.kind == Kind::Response, v.header().in_reply_to.is_some());
            let value = govblocks_core::json::parse(data).unwrap();
            assert_eq!(v.digest(), ContentDigest::of_json(&value));
            assert_eq!(serde_json::to_value(v.envelope()).unwrap(), value);
            let again = verifier
                .verify(&govblocks_core::jcs::canonicalize(&value))
                .unwrap();
            assert_eq!(again.digest(), v.digest());
        }
        Err(e) => check_error(&e),
    }
    let request = verified_request();
    match verifier.verify_response(request, data) {
        Ok(r) => {
            let reply = r.header().in_reply_to.as_ref().unwrap();
            assert_eq!(reply.message_id, request.header().message_id);
            assert_eq!(reply.digest, request.digest());
            assert_eq!(r.header().client, request.header().client);
            assert_eq!(r.header().service, request.header().service);
            assert_eq!(r.header().action, request.header().action);
            assert_eq!(r.header().correlation_id, request.header().correlation_id);
            assert_eq!(r.signer(), service_key().public_key().did());
        }
        Err(e) => check_error(&e),
    }
}

/// Whether `data`, as the raw input of `target`, is accepted (`Ok`) or refused (its code):
/// what the `accepted-*` and `refused-*` seeds promise. An envelope is accepted when it
/// verifies on its own (a response need not answer the fixed request).
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "envelope_verify" => Some(verifier().verify(data).map(|_| ()).map_err(|e| e.code())),
        _ => None,
    }
}
