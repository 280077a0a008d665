//! The properties of `govblocks-identity`: credentials (of arbitrary bytes and built from choices),
//! presentations and status lists. One function per fuzz target, by the crate's convention (see the
//! [crate documentation](crate)).
//!
//! Every verifier here works at a fixed instant ([`fixtures::NOW`]), trusts two fixed issuer keys
//! and fetches status lists from a fixed in-memory resolver, so a corpus replays the same way every
//! year. The structured properties read their input as a stream of choices ([`Choices`]: each read
//! takes the next bytes, zero once they run out, so a short input still builds a complete, typical
//! case) and sign what they build with the fixed keys, so that mutations get past the signature and
//! reach the rules.

use crate::Choices;
use govblocks_core::clock::Timestamp;
use govblocks_core::document::Document;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::proof::{add_proof, ProofOptions};
use govblocks_core::{jcs, json};
use govblocks_identity::credential::issue;
use govblocks_identity::presentation::Presentation;
use govblocks_identity::status_list::{
    decode_with_limits, encode, DecodeLimits, StatusEntry, StatusList, StatusPurpose, MIN_BITS,
};
use govblocks_identity::Error;
use serde_json::{json, Map, Value};

pub mod fixtures;
pub mod sd_jwt;
pub mod sd_jwt_status;
use fixtures::*;
pub use sd_jwt::sd_jwt_verify;
pub use sd_jwt_status::sd_jwt_status;

/// Every error must carry one of the pinned codes and a message.
fn check_error(e: &Error) {
    let code = e.code();
    if !govblocks_identity::error::CODES.contains(&code)
        && !govblocks_core::error::CODES.contains(&code)
    {
        panic!("error with an unknown code {code:?}: {e}");
    }
    if e.to_string().is_empty() {
        panic!("error {code} has an empty message");
    }
}

/// The codes a credential that [`issue()`] signed may still be refused with by the verifier of
/// this module: what depends on the verifier's clock, trust, registry and status lists, never on
/// the credential's shape or signature.
const REFUSALS_AFTER_ISSUE: &[&str] = &[
    "credential.expired",
    "credential.not_yet_valid",
    "proof.expired",
    "proof.not_yet_valid",
    "credential.issuer_mismatch",
    "credential.schema_unknown",
    "credential.schema_invalid",
    "credential.status_invalid",
    "credential.status_unavailable",
    "credential.revoked",
    "credential.suspended",
    "status_list.encoding_invalid",
    "status_list.size_invalid",
    // The list credential's own validity period against the verifier's clock (issue 14).
    "status_list.expired",
    "status_list.not_yet_valid",
    "status_list.index_out_of_range",
    "status_list.issuer_mismatch",
    "status_list.purpose_mismatch",
];

/// The outcome's code, or `None` for success.
fn outcome<T>(result: &Result<T, Error>) -> Option<&'static str> {
    result.as_ref().err().map(Error::code)
}

/// A verified credential writes back to the very value that was verified.
fn check_round_trip(verified: &govblocks_identity::credential::Credential, value: &Value) {
    let written = match serde_json::to_value(verified) {
        Ok(v) => v,
        Err(e) => panic!("a verified credential does not serialize: {e}"),
    };
    if jcs::canonicalize(&written) != jcs::canonicalize(value) {
        panic!(
            "a verified credential does not write back to what was signed:\n{}\n{}",
            jcs::canonicalize_to_string(value),
            jcs::canonicalize_to_string(&written)
        );
    }
}

/// Verifies `value` as a credential one by one and in a batch; both must agree. Returns the
/// one-by-one outcome's code.
fn verify_credential_value(value: &Value) -> Option<&'static str> {
    let verifier = credential_verifier();
    let single = verifier.verify_value(value.clone());
    let batch = verifier.verify_values(vec![value.clone()]);
    let batch_code = match batch.first() {
        Some(r) => outcome(r),
        None => panic!("verify_values returned no result"),
    };
    if outcome(&single) != batch_code {
        panic!(
            "one-by-one and batch verification disagree: {:?} vs {batch_code:?}",
            outcome(&single)
        );
    }
    match &single {
        Ok(verified) => {
            check_round_trip(verified, value);
            if let Err(e) = govblocks_identity::credential::rules::check_structure(verified) {
                panic!("a verified credential breaks the structural rules: {e}");
            }
            let issuer = verified.issuer.id();
            if issuer != issuer_key().public_key().did()
                && issuer != other_issuer_key().public_key().did()
            {
                panic!("a credential by an untrusted issuer {issuer:?} verified");
            }
        }
        Err(e) => check_error(e),
    }
    outcome(&single)
}

/// Credential verification of arbitrary bytes, through [`credential_verifier`]:
///
/// - never panics; every error has a pinned code; one-by-one and batch verification agree;
/// - a credential that verifies is by a trusted issuer, keeps the structural rules, and writes
///   back (typed model → JSON) to the canonical bytes that were signed;
/// - sign → verify: any proof-less object that [`issue()`] accepts, signed by the trusted
///   issuer, verifies or is refused only for what depends on the verifier
///   (`REFUSALS_AFTER_ISSUE`: clock, status, schema registry, an issuer that is not the signing
///   key's did:key), never for its shape or signature.
pub fn credential_verify(data: &[u8]) {
    let verifier = credential_verifier();
    let from_bytes = verifier.verify(data);
    if let Err(e) = &from_bytes {
        check_error(e);
    }
    let Ok(value) = json::parse_with_limits(data, verifier.verifier().limits()) else {
        return;
    };
    let code = verify_credential_value(&value);
    if code != outcome(&from_bytes) {
        panic!(
            "verify(bytes) and verify_value disagree: {:?} vs {code:?}",
            outcome(&from_bytes)
        );
    }
    sign_then_verify(value);
}

fn sign_then_verify(value: Value) {
    if value.as_object().is_none_or(|m| m.contains_key("proof")) {
        return;
    }
    let Ok(typed) = serde_json::from_value::<govblocks_identity::credential::Credential>(value)
    else {
        return;
    };
    match issue(&typed, issuer_key(), &ProofOptions::assertion()) {
        Ok(signed) => {
            if let Some(code) = verify_credential_value(&signed) {
                if !REFUSALS_AFTER_ISSUE.contains(&code) {
                    panic!(
                        "a credential just issued is refused with {code}: {}",
                        jcs::canonicalize_to_string(&signed)
                    );
                }
            }
        }
        Err(e) => check_error(&e),
    }
}

const V2: &str = "https://www.w3.org/ns/credentials/v2";
const EXAMPLES: &str = "https://www.w3.org/ns/credentials/examples/v2";

/// Names in many scripts, and strings that stress JCS (escapes, astral characters, a combining
/// sequence, a right-to-left mark).
const NAMES: &[&str] = &[
    "Olena Kovalenko",
    "Олена Коваленко",
    "أمينة",
    "अमित कुमार",
    "李小龙",
    "Nguyễn Thị Hà",
    "ʻIolani",
    "𐐷𝔘𝔫𝔦𝔠𝔬𝔡𝔢 😀",
    "e\u{301}",
    "\u{200f}שלום",
    "quote \" backslash \\ tab \t nul \u{0}",
    "",
];

const STAMPS: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2024-06-01T00:00:00Z",
    "2024-06-01T00:04:59Z",
    "2024-05-31T23:55:00+00:00",
    "2030-01-01T00:00:00-05:00",
    "2020-02-29T12:00:00.123Z",
    "2024-06-01T05:30:00+05:30",
    "9999-12-31T23:59:59Z",
    "0001-01-01T00:00:00Z",
    "2024-06-01T00:00:00-00:00",
];

fn context(c: &mut Choices) -> Value {
    match c.below(8) {
        0 => json!([V2]),
        1 => json!([V2, EXAMPLES]),
        2 => json!([V2, {"@vocab": "https://vocab.example/#"}]),
        3 => json!(V2),
        4 => json!([EXAMPLES, V2]),
        5 => json!([EXAMPLES]),
        6 => json!([]),
        _ => json!([V2, V2]),
    }
}

fn types(c: &mut Choices) -> Value {
    match c.below(6) {
        0 => json!(["VerifiableCredential"]),
        1 => json!(["VerifiableCredential", "ExampleCredential"]),
        2 => json!("VerifiableCredential"),
        3 => json!(["ExampleCredential"]),
        4 => json!(["VerifiableCredential", "BitstringStatusListCredential"]),
        _ => json!([]),
    }
}

fn issuer(c: &mut Choices) -> Value {
    let did = issuer_key().public_key().did();
    match c.below(5) {
        0 => json!(did),
        1 => json!({"id": did, "name": c.choose(NAMES)}),
        2 => json!(other_issuer_key().public_key().did()),
        3 => json!("https://issuer.example"),
        _ => json!(untrusted_key().public_key().did()),
    }
}

fn subject(c: &mut Choices) -> Value {
    let mut s = Map::new();
    match c.below(4) {
        0 => {
            s.insert("id".into(), json!(holder_key().public_key().did()));
        }
        1 => {
            s.insert(
                "id".into(),
                json!("did:example:ebfeb1f712ebc6f1c276e12ec21"),
            );
        }
        2 => {}
        _ => {
            s.insert("id".into(), json!(untrusted_key().public_key().did()));
        }
    }
    s.insert("name".into(), json!(c.choose(NAMES)));
    if c.bool() {
        s.insert(
            "address".into(),
            json!({"locality": c.choose(NAMES), "n": [1, 2.5, -0.0, 1e21, null, true]}),
        );
    }
    Value::Object(s)
}

fn status_entry(c: &mut Choices) -> Value {
    let url = c.choose(&[
        lists::REVOCATION,
        lists::SUSPENSION,
        lists::FOREIGN,
        lists::BOMB,
        lists::MALFORMED,
        lists::MISSING,
    ]);
    let purpose = c.choose(&["revocation", "suspension", "refresh", "message", "other"]);
    let index = match c.below(6) {
        0 => "0".to_string(),
        1 => "7".to_string(),
        2 => (MIN_BITS - 1).to_string(),
        3 => MIN_BITS.to_string(),
        4 => c.u64().to_string(),
        _ => "007".to_string(),
    };
    let mut entry = json!({
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": index,
        "statusListCredential": url
    });
    if c.bool() {
        entry["id"] = json!(format!("{url}#{index}"));
    }
    entry
}

/// A credential shaped by the choices: every member the data model names present or absent,
/// valid or not, and extension members.
fn credential(c: &mut Choices) -> Value {
    let mut m = Map::new();
    m.insert("@context".into(), context(c));
    if c.bool() {
        m.insert(
            "id".into(),
            json!("urn:uuid:0b5e4d8a-3c8b-4e57-9a54-6f0f1c3f5a11"),
        );
    }
    m.insert("type".into(), types(c));
    m.insert("issuer".into(), issuer(c));
    if c.bool() {
        m.insert("validFrom".into(), json!(c.choose(STAMPS)));
    }
    if c.bool() {
        m.insert("validUntil".into(), json!(c.choose(STAMPS)));
    }
    let subjects = match c.below(4) {
        0 => subject(c),
        n => Value::Array((0..n).map(|_| subject(c)).collect()),
    };
    m.insert("credentialSubject".into(), subjects);
    match c.below(4) {
        0 | 1 => {}
        2 => {
            m.insert("credentialStatus".into(), status_entry(c));
        }
        _ => {
            m.insert(
                "credentialStatus".into(),
                json!([status_entry(c), status_entry(c)]),
            );
        }
    }
    if c.below(4) == 0 {
        let id = c.choose(&[
            govblocks_identity::schemas::ids::FOUNDATIONAL_ID,
            "https://schemas.example/unknown.json",
        ]);
        m.insert(
            "credentialSchema".into(),
            json!({"id": id, "type": c.choose(&["JsonSchema", "JsonSchemaCredential"])}),
        );
    }
    if c.bool() {
        m.insert("name".into(), json!(c.choose(NAMES)));
    }
    if c.bool() {
        m.insert(
            "description".into(),
            json!([{"@value": c.choose(NAMES), "@language": "uk"}]),
        );
    }
    if c.bool() {
        m.insert(
            "https://extension.example/member".into(),
            json!({"kept": c.choose(NAMES)}),
        );
    }
    Value::Object(m)
}

/// Options of the proof the structured credential is signed with.
fn proof_options(c: &mut Choices) -> ProofOptions {
    let mut options = ProofOptions::assertion();
    if c.below(4) == 0 {
        if let Ok(t) = Timestamp::parse(c.choose(STAMPS), "created") {
            options = options.with_created(t);
        }
    }
    if c.below(4) == 0 {
        if let Ok(t) = Timestamp::parse(c.choose(STAMPS), "expires") {
            options = options.with_expires(t);
        }
    }
    options
}

/// One change to a signed document, chosen by `c`: a member replaced, removed or added, at the
/// top level, in a subject or in the proof. Returns whether the document changed.
fn mutate(c: &mut Choices, document: &mut Value) -> bool {
    let before = document.clone();
    let Some(top) = document.as_object_mut() else {
        return false;
    };
    let replacement = match c.below(8) {
        0 => json!("changed"),
        1 => json!(c.choose(NAMES)),
        2 => json!(null),
        3 => json!([]),
        4 => json!({}),
        5 => json!(c.choose(STAMPS)),
        6 => json!(holder_key().public_key().did()),
        _ => json!(c.u64()),
    };
    match c.below(4) {
        // a top-level member (proof included)
        0 => {
            let keys: Vec<String> = top.keys().cloned().collect();
            let k = c.choose(&keys);
            if c.bool() {
                top.remove(&k);
            } else {
                top.insert(k, replacement);
            }
        }
        // a new top-level member
        1 => {
            top.insert(
                c.choose(&["evidence", "x", "holder", "proof2", "@id"])
                    .to_string(),
                replacement,
            );
        }
        // a member of the (first) subject
        2 => {
            let subject = match top.get_mut("credentialSubject") {
                Some(Value::Array(items)) => items.first_mut(),
                other => other,
            };
            if let Some(Value::Object(s)) = subject {
                let keys: Vec<String> = s.keys().cloned().collect();
                if keys.is_empty() || c.bool() {
                    s.insert("extra".into(), replacement);
                } else {
                    let k = c.choose(&keys);
                    if c.bool() {
                        s.remove(&k);
                    } else {
                        s.insert(k, replacement);
                    }
                }
            }
        }
        // a member of the proof
        _ => {
            if let Some(Value::Object(p)) = top.get_mut("proof") {
                match c.below(4) {
                    0 => {
                        // one character of the signature
                        if let Some(Value::String(v)) = p.get_mut("proofValue") {
                            let mut chars: Vec<char> = v.chars().collect();
                            let i = c.below(chars.len());
                            if let Some(ch) = chars.get_mut(i) {
                                *ch = if *ch == 'z' { 'y' } else { 'z' };
                            }
                            *v = chars.into_iter().collect();
                        }
                    }
                    1 => {
                        p.insert(
                            "verificationMethod".into(),
                            json!(c
                                .choose(&[untrusted_key(), other_issuer_key(), holder_key()])
                                .public_key()
                                .verification_method()),
                        );
                    }
                    2 => {
                        let k = c.choose(&[
                            "type",
                            "cryptosuite",
                            "proofPurpose",
                            "created",
                            "expires",
                            "challenge",
                            "domain",
                            "nonce",
                        ]);
                        let v = match k {
                            "proofPurpose" => json!("authentication"),
                            "cryptosuite" => json!("eddsa-rdfc-2022"),
                            _ => replacement,
                        };
                        p.insert(k.to_string(), v);
                    }
                    _ => {
                        let keys: Vec<String> = p.keys().cloned().collect();
                        let k = c.choose(&keys);
                        p.remove(&k);
                    }
                }
            }
        }
    }
    *document != before
}

/// Structured credential verification: the input is a stream of choices that shape a
/// credential (every member present or absent, valid or not, any script, status entries into
/// the fixed lists, a credential schema), sign it (through [`issue()`], or straight with
/// `add_proof` by the issuer, the second issuer or an untrusted key, with or without `created`
/// and `expires`), and maybe change one member after signing. Then:
///
/// - verification (one by one, batch and from bytes) never panics, agrees, and every error has
///   a pinned code;
/// - a credential changed after signing is always refused;
/// - a credential [`issue()`] signed, unchanged, verifies or is refused only for what depends on
///   the verifier (`REFUSALS_AFTER_ISSUE`);
/// - whatever verifies writes back to the bytes that were signed.
pub fn credential_structured(data: &[u8]) {
    let mut c = Choices::new(data);
    let unsigned = credential(&mut c);
    let mode = c.below(4);
    let options = proof_options(&mut c);
    let signed = match mode {
        0 => {
            let Ok(typed) =
                serde_json::from_value::<govblocks_identity::credential::Credential>(unsigned)
            else {
                return;
            };
            match issue(&typed, issuer_key(), &options) {
                Ok(signed) => signed,
                Err(e) => {
                    check_error(&e);
                    return;
                }
            }
        }
        n => {
            let signer = match n {
                1 => issuer_key(),
                2 => other_issuer_key(),
                _ => untrusted_key(),
            };
            match add_proof(unsigned, signer, &options) {
                Ok(signed) => signed,
                Err(e) => {
                    check_error(&Error::from(e));
                    return;
                }
            }
        }
    };
    let mut document = signed;
    let changed = c.bool() && mutate(&mut c, &mut document);
    let code = verify_credential_value(&document);
    // The bytes path agrees, for documents the strict parser reads back (a mutation may write
    // an integer beyond 2^53, which the strict parser refuses as `json.number_inexact`).
    let bytes = serde_json::to_vec(&document).unwrap_or_default();
    let from_bytes = credential_verifier().verify(&bytes);
    let reparsed = json::parse(&bytes).is_ok();
    if reparsed && outcome(&from_bytes) != code {
        panic!(
            "verify(bytes) and verify_value disagree: {:?} vs {code:?}",
            outcome(&from_bytes)
        );
    }
    if let Err(e) = &from_bytes {
        check_error(e);
    }
    if changed && code.is_none() {
        panic!(
            "a credential changed after signing verified: {}",
            jcs::canonicalize_to_string(&document)
        );
    }
    if !changed && mode == 0 {
        if let Some(code) = code {
            if !REFUSALS_AFTER_ISSUE.contains(&code) {
                panic!(
                    "a credential just issued is refused with {code}: {}",
                    jcs::canonicalize_to_string(&document)
                );
            }
        }
    }
}

/// Presentation verification, of arbitrary bytes and of presentations built from the input as
/// a stream of choices:
///
/// - the bytes, verified for [`CHALLENGE`] and [`DOMAIN`]: never a panic, every error a pinned
///   code; a presentation that verifies has every subject its holder, and the same bytes again
///   are `presentation.replayed`;
/// - the structured case: 0–3 credentials by the trusted issuer (or an untrusted one) about the
///   holder (or someone else), maybe one changed after signing, presented by the holder (or a
///   thief claiming to be the holder) for the right or a wrong challenge and domain, maybe
///   changed after signing. It verifies exactly when nothing was wrong, and then a second time
///   is `presentation.replayed`.
pub fn presentation_verify(data: &[u8]) {
    let verifier = presentation_verifier();
    match verifier.verify(data, CHALLENGE, DOMAIN) {
        Ok(verified) => {
            let holder = verified.holder().to_string();
            for credential in verified.credentials() {
                for subject in credential.credential_subject.iter() {
                    if subject.get("id").and_then(Value::as_str) != Some(holder.as_str()) {
                        panic!("a presentation verified with a subject that is not its holder");
                    }
                }
            }
            match verifier.verify(data, CHALLENGE, DOMAIN) {
                Err(Error::Replayed) => {}
                other => panic!("a replayed presentation gave {:?}", outcome(&other)),
            }
        }
        Err(e) => check_error(&e),
    }
    both_readings_agree(data);
    presentation_structured(data);
}

/// A presentation exactly as it was signed (RFC 8785) is read without a tree (a tape); the
/// same value laid out otherwise is read strictly. Both readings give the same answer: the
/// same code, or both accept. Each on a fresh verifier (the replay store would tell them
/// apart).
fn both_readings_agree(bytes: &[u8]) {
    if govblocks_core::json::Tape::parse(bytes, &Default::default()).is_none() {
        return;
    }
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        panic!("the tape read what serde_json refuses");
    };
    let pretty = serde_json::to_vec_pretty(&value).unwrap_or_default();
    let tape = presentation_verifier().verify(bytes, CHALLENGE, DOMAIN);
    let strict = presentation_verifier().verify(&pretty, CHALLENGE, DOMAIN);
    if outcome(&tape) != outcome(&strict) {
        panic!(
            "the tape's reading gave {:?}, the strict reading {:?}: {}",
            outcome(&tape),
            outcome(&strict),
            String::from_utf8_lossy(bytes)
        );
    }
}

fn presentation_structured(data: &[u8]) {
    let mut c = Choices::new(data);
    let holder = holder_key().public_key().did();
    let mut wrong = false;
    let count = c.below(4);
    let mut credentials = Vec::new();
    for n in 0..count {
        let signer = if c.below(8) == 7 {
            wrong = true;
            untrusted_key()
        } else {
            issuer_key()
        };
        let subject_id = if c.below(8) == 7 {
            wrong = true;
            untrusted_key().public_key().did()
        } else {
            holder.clone()
        };
        let unsigned = json!({
            "@context": [V2],
            "type": ["VerifiableCredential"],
            "issuer": signer.public_key().did(),
            "validFrom": "2024-01-01T00:00:00Z",
            "credentialSubject": {"id": subject_id, "name": c.choose(NAMES), "n": n}
        });
        let mut signed = match add_proof(unsigned, signer, &ProofOptions::assertion()) {
            Ok(signed) => signed,
            Err(e) => panic!("signing a fixed credential failed: {e}"),
        };
        if c.below(8) == 7 && mutate(&mut c, &mut signed) {
            wrong = true;
        }
        credentials.push(signed);
    }
    let thief = c.below(8) == 7;
    let signer = if thief { untrusted_key() } else { holder_key() };
    wrong |= thief;
    let challenge = if c.below(8) == 7 {
        wrong = true;
        "c-other"
    } else {
        CHALLENGE
    };
    let domain = if c.below(8) == 7 {
        wrong = true;
        "elsewhere.example"
    } else {
        DOMAIN
    };
    // Signed by hand, past `create`'s own refusals (a thief, a subject who is not the holder),
    // so that the verifier meets them.
    let embedded = credentials
        .into_iter()
        .filter_map(|c| match c {
            Value::Object(map) => Some(map),
            _ => None,
        })
        .collect();
    let mut presentation = match Presentation::new(holder.clone(), embedded)
        .sign(signer, &ProofOptions::authentication(challenge, domain))
    {
        Ok(p) => p,
        // Signing refuses what cannot be signed exactly (a mutation may write an integer
        // beyond 2^53 into a credential); only a changed credential may cause that.
        Err(e) if wrong => {
            check_error(&e);
            return;
        }
        Err(e) => panic!("creating a presentation failed: {e}"),
    };
    if c.below(4) == 3 && mutate(&mut c, &mut presentation) {
        wrong = true;
    }
    let bytes = serde_json::to_vec(&presentation).unwrap_or_default();
    both_readings_agree(&bytes);
    let verifier = presentation_verifier();
    let first = verifier.verify(&bytes, CHALLENGE, DOMAIN);
    if let Err(e) = &first {
        check_error(e);
    }
    match (&first, wrong) {
        (Ok(_), true) => panic!(
            "a presentation with something wrong verified: {}",
            jcs::canonicalize_to_string(&presentation)
        ),
        (Err(e), false) => panic!(
            "a good presentation was refused with {}: {e}: {}",
            e.code(),
            jcs::canonicalize_to_string(&presentation)
        ),
        (Ok(_), false) => match verifier.verify(&bytes, CHALLENGE, DOMAIN) {
            Err(Error::Replayed) => {}
            other => panic!("a replayed presentation gave {:?}", outcome(&other)),
        },
        (Err(_), true) => {}
    }
}

/// Status lists: `encodedList` decoding, list credentials and status entries, from arbitrary
/// bytes:
///
/// - the input as `encodedList` text, and as the compressed bytes behind a well-formed
///   multibase base64url text (so the fuzzer reaches the GZIP decoder directly), decoded within
///   [`status_limits`]: never a panic, only `status_list.encoding_invalid` or
///   `status_list.size_invalid`; a list that decodes is within the limits and encodes and
///   decodes back to the same bits;
/// - the input as JSON, read as a list credential, a list subject and a status entry: never a
///   panic, every error a pinned code; a list read writes back to a subject that reads as the
///   same list; an entry read writes back to itself, and is evaluated against a fixed list
///   without panicking;
/// - bit access at any index and status size from the input never panics.
pub fn status_list_decode(data: &[u8]) {
    let limits = status_limits();
    let text = String::from_utf8_lossy(data);
    check_decoded(decode_with_limits(&text, &limits), &limits);
    let wrapped = format!("u{}", base64url_encode(data));
    check_decoded(decode_with_limits(&wrapped, &limits), &limits);

    let url = lists::REVOCATION;
    let fixed = fixed_list(url, StatusPurpose::Revocation, true);
    if let Ok(value) = json::parse(data) {
        match StatusList::from_credential(url, &value, &limits) {
            Ok(list) => check_list(&list, &limits),
            Err(e) => check_error(&e),
        }
        if let Some(subject) = value.as_object() {
            match StatusList::from_credential_subject_with_limits(url, subject, &limits) {
                Ok(list) => check_list(&list, &limits),
                Err(e) => check_error(&e),
            }
        }
        match StatusEntry::from_value(&value) {
            Ok(entry) => {
                match StatusEntry::from_value(&entry.to_value()) {
                    Ok(again) if again == entry => {}
                    other => panic!("a status entry does not read back as itself: {other:?}"),
                }
                if jcs::canonicalize(&entry.to_value()) != jcs::canonicalize(&value) {
                    panic!("a status entry does not write back as it came");
                }
                for result in [
                    entry.evaluate(&fixed).map(|_| ()),
                    entry.check(&fixed).map(|_| ()),
                ] {
                    if let Err(e) = result {
                        check_error(&e);
                    }
                }
            }
            Err(e) => check_error(&e),
        }
    }

    let mut c = Choices::new(data);
    let index = c.u64();
    let size = c.u8();
    let bits = fixed.bitstring();
    for result in [
        bits.get(index).map(u32::from),
        bits.get_status(index, size),
        fixed.get_status(index),
    ] {
        if let Err(e) = result {
            check_error(&e);
        }
    }
}

fn check_decoded(
    result: govblocks_identity::Result<govblocks_identity::status_list::Bitstring>,
    limits: &DecodeLimits,
) {
    match result {
        Ok(bits) => {
            if bits.len() < MIN_BITS || bits.len() > limits.max_bits {
                panic!("a list of {} bits decoded within {limits:?}", bits.len());
            }
            match decode_with_limits(&encode(&bits), &DecodeLimits::default()) {
                Ok(again) if again == bits => {}
                other => panic!("a decoded list does not encode and decode back: {other:?}"),
            }
        }
        Err(e) => {
            if !matches!(
                e.code(),
                "status_list.encoding_invalid" | "status_list.size_invalid"
            ) {
                panic!("decode failed with {}: {e}", e.code());
            }
            check_error(&e);
        }
    }
}

fn check_list(list: &StatusList, limits: &DecodeLimits) {
    if list.len_bits() > limits.max_bits {
        panic!("a list of {} bits read within {limits:?}", list.len_bits());
    }
    let subject = list.credential_subject();
    let Some(subject) = subject.as_object() else {
        panic!("a list subject is not an object");
    };
    match StatusList::from_credential_subject_with_limits(list.url(), subject, limits) {
        Ok(again) if &again == list => {}
        other => panic!("a list does not read back from its own subject: {other:?}"),
    }
}

/// How the raw inputs of `target` fare under the fixture verifiers: `Ok` when they verify, the
/// code otherwise; `None` for a target without raw verdicts. The replay holds `accepted-*` and
/// `refused-*` seeds to it.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    match target {
        "credential_verify" => Some(
            credential_verifier()
                .verify(data)
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        "presentation_verify" => Some(
            presentation_verifier()
                .verify(data, CHALLENGE, DOMAIN)
                .map(|_| ())
                .map_err(|e| e.code()),
        ),
        "sd_jwt_verify" => Some(sd_jwt::verdict(data)),
        "sd_jwt_status" => Some(sd_jwt_status::verdict(data)),
        _ => None,
    }
}
