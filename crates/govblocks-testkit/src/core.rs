//! The properties of `govblocks-core`: strict JSON, RFC 8785 canonicalization, Data Integrity
//! proofs (of arbitrary bytes and of proof sets built from choices), JWS and JWE. One function per fuzz
//! target, by the crate's convention (see the [crate documentation](crate)).
//!
//! `verify_structured` reads its input as a stream of choices ([`Choices`]) rather than through the
//! `arbitrary` crate: the generator is small and keeps a fuzz-only dependency out of the build.

use crate::Choices;
use govblocks_core::json::{self, Limits};
use govblocks_core::{jcs, Error};
use serde_json::Value;
use sha2::Digest as _;

/// The error codes for input that is well-formed JSON but refused by policy (strictness rules
/// `serde_json` does not apply, or a limit).
const POLICY_CODES: &[&str] = &[
    "json.duplicate_key",
    "json.number_inexact",
    // serde_json reads `1e-400` as 0; the strict parser refuses the underflow.
    "json.number_out_of_range",
    "json.too_large",
    "json.too_deep",
    "json.array_too_long",
    "json.too_many_members",
    "json.string_too_long",
];

const LIMIT_CODES: &[&str] = &[
    "json.too_large",
    "json.too_deep",
    "json.array_too_long",
    "json.too_many_members",
    "json.string_too_long",
];

/// Limits small enough that short fuzz inputs cross every one of them.
fn tight_limits() -> Limits {
    Limits {
        max_bytes: 1024,
        max_depth: 4,
        max_array_len: 4,
        max_object_members: 4,
        max_string_bytes: 8,
    }
}

/// Strict parsing of arbitrary bytes:
///
/// - never panics, and every error has a `json.*` code and a printable message;
/// - agrees with `serde_json::from_slice::<Value>`: whatever the strict parser accepts,
///   serde_json accepts as the same value (numbers compared as doubles); whatever serde_json rejects, the strict parser
///   rejects; what only the strict parser rejects is rejected for a policy reason (duplicate
///   key or a limit);
/// - limits only ever take away: under tight limits the parser accepts a subset with equal
///   values, and any error other than a limit is exactly the error of the default limits;
/// - what the tape ([`json::Tape`], the verifier's tree-free reading of canonical input) reads,
///   under the default and the tight limits, the strict parser reads under the same limits, as
///   canonical input and as the same value; and the tape reads the canonical form of what the
///   strict parser reads whenever its strings have no escape and its numbers are safe integers.
pub fn strict_parse(data: &[u8]) {
    for limits in [Limits::default(), tight_limits()] {
        if let Some(tape) = json::Tape::parse(data, &limits) {
            match json::parse_with_layout(data, &limits) {
                Ok(parsed)
                    if parsed.is_canonical() && *parsed.value() == tape.root().to_value() => {}
                other => panic!(
                    "the tape read {}, the strict parser {other:?}",
                    String::from_utf8_lossy(data)
                ),
            }
        }
    }
    let strict = json::parse(data);
    if let Err(e) = &strict {
        check_error(e);
    }
    let reference = serde_json::from_slice::<Value>(data);
    match (&strict, &reference) {
        (Ok(ours), Ok(theirs)) => {
            // Integers beyond ±(2^53 − 1) are read as the double RFC 8785 signs; serde_json
            // keeps a u64 of the same value.
            if !same_as_doubles(ours, theirs) {
                panic!("strict parse and serde_json disagree: {ours:?} != {theirs:?}");
            }
        }
        (Ok(ours), Err(e)) => {
            panic!("strict parse accepted what serde_json rejects ({e}): {ours:?}")
        }
        (Err(e), Ok(_)) => {
            if !POLICY_CODES.contains(&e.code()) {
                panic!("strict parse rejected valid JSON with {}: {e}", e.code());
            }
        }
        (Err(_), Err(_)) => {}
    }

    if let Ok(value) = &strict {
        let canonical = jcs::canonicalize(value);
        let unbounded = Limits {
            max_bytes: usize::MAX,
            ..Limits::default()
        };
        if is_plain(value) && json::Tape::parse(&canonical, &unbounded).is_none() {
            panic!(
                "the tape declined plain canonical input {}",
                String::from_utf8_lossy(&canonical)
            );
        }
    }

    let tight = json::parse_with_limits(data, &tight_limits());
    match (&tight, &strict) {
        (Ok(t), Ok(d)) => {
            if t != d {
                panic!("tight and default limits give different values: {t:?} != {d:?}");
            }
        }
        (Ok(t), Err(e)) => panic!("tight limits accepted {t:?}, default limits rejected: {e}"),
        (Err(t), _) => {
            check_error(t);
            if !LIMIT_CODES.contains(&t.code()) {
                match &strict {
                    Err(d) if d.to_string() == t.to_string() => {}
                    other => panic!("under tight limits {t}, under default limits {other:?}"),
                }
            }
        }
    }
}

/// RFC 8785 canonicalization of whatever strict parsing accepts:
///
/// - the canonical bytes parse strictly again (they may be longer than the input, so without a
///   byte limit);
/// - canonicalizing that value gives the same bytes (canonicalization is idempotent);
/// - the value is unchanged, numbers compared as doubles.
pub fn canonicalize(data: &[u8]) {
    let Ok(value) = json::parse(data) else {
        return;
    };
    let c1 = jcs::canonicalize(&value);
    let unbounded = Limits {
        max_bytes: usize::MAX,
        ..Limits::default()
    };
    let v2 = match json::parse_with_limits(&c1, &unbounded) {
        Ok(v) => v,
        Err(e) => panic!(
            "canonical form does not parse ({e}): {}",
            String::from_utf8_lossy(&c1)
        ),
    };
    let c2 = jcs::canonicalize(&v2);
    if c1 != c2 {
        panic!(
            "canonicalization is not idempotent:\n{}\n{}",
            String::from_utf8_lossy(&c1),
            String::from_utf8_lossy(&c2)
        );
    }
    if !same_as_doubles(&value, &v2) {
        panic!("canonicalization changed the value: {value:?} became {v2:?}");
    }
    // The parser's judgement of canonical layout is exact, on the input and on its canonical
    // form; and the unsecured-document hash it reads from canonical bytes is the one the
    // canonical form without `proof` gives.
    for text in [data, &c1[..]] {
        let Ok(parsed) = json::parse_with_layout(text, &unbounded) else {
            continue;
        };
        let truly = jcs::canonicalize(parsed.value()) == text;
        if parsed.is_canonical() != truly {
            panic!(
                "is_canonical() says {} for {}",
                parsed.is_canonical(),
                String::from_utf8_lossy(text)
            );
        }
        if let Some(shortcut) = govblocks_core::testkit_hook::unsecured_sha256(&parsed) {
            let mut without = parsed.value().clone();
            if let Some(map) = without.as_object_mut() {
                map.remove("proof");
            }
            let expected: [u8; 32] = sha2::Sha256::digest(jcs::canonicalize(&without)).into();
            if shortcut != expected {
                panic!(
                    "unsecured hash from bytes differs: {}",
                    String::from_utf8_lossy(text)
                );
            }
        }
    }
}

/// Whether every string (and member name) of `value` is written without an escape in its
/// canonical form, and every number is an integer within ±(2^53 − 1): what a tape reads.
fn is_plain(value: &Value) -> bool {
    let plain = |s: &str| !s.chars().any(|c| c < ' ' || c == '"' || c == '\\');
    match value {
        Value::String(s) => plain(s),
        Value::Number(n) => {
            n.as_i64().is_some_and(|i| {
                i.unsigned_abs() <= json::MAX_SAFE_INTEGER && !(i == 0 && n.is_f64())
            }) || n.as_u64().is_some_and(|u| u <= json::MAX_SAFE_INTEGER)
        }
        Value::Array(items) => items.iter().all(is_plain),
        Value::Object(map) => map.iter().all(|(k, v)| plain(k) && is_plain(v)),
        _ => true,
    }
}

fn check_error(e: &Error) {
    let code = e.code();
    if !code.starts_with("json.") {
        panic!("strict parse returned a non-JSON error {code}: {e}");
    }
    let _message = e.to_string();
}

/// Structural equality where numbers compare as doubles.
fn same_as_doubles(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(xs), Value::Array(ys)) => {
            xs.len() == ys.len() && xs.iter().zip(ys).all(|(x, y)| same_as_doubles(x, y))
        }
        (Value::Object(xs), Value::Object(ys)) => {
            xs.len() == ys.len()
                && xs
                    .iter()
                    .all(|(k, x)| ys.get(k).is_some_and(|y| same_as_doubles(x, y)))
        }
        _ => a == b,
    }
}

/// The key the proof and JWS properties sign with and verify against.
fn fuzz_key() -> &'static govblocks_core::keys::SecretKey {
    static KEY: std::sync::OnceLock<govblocks_core::keys::SecretKey> = std::sync::OnceLock::new();
    KEY.get_or_init(|| govblocks_core::keys::SecretKey::from_seed(&[0x5a; 32]))
}

/// Data Integrity verification of arbitrary bytes (did:key, any controller, any purpose, a
/// fixed clock):
///
/// - never panics; every error has a code;
/// - a document that verifies comes back unchanged, and also verifies in a batch (whatever
///   `verify_strict` accepts, the batch accepts);
/// - sign → verify: any object without a `proof` can be signed, and then verifies (signing may
///   only refuse it for a schema reason, e.g. an `@context` that is not a context).
pub fn verify_proof(data: &[u8]) {
    use govblocks_core::clock::FixedClock;
    use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
    use govblocks_core::resolver::{DidKeyResolver, TrustList};

    let Ok(value) = json::parse(data) else {
        return;
    };
    // 2024-01-01T00:00:00Z: fixed, so a corpus replays the same way every year.
    let now = time::OffsetDateTime::from_unix_timestamp(1_704_067_200)
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    let verifier = Verifier::new(DidKeyResolver, TrustList::any())
        .any_purpose()
        .with_clock(FixedClock::new(now));
    match verifier.verify(value.clone()) {
        Ok(verified) => {
            assert_eq!(
                verified.value(),
                &value,
                "verification changed the document"
            );
            for result in verifier.verify_batch(vec![value.clone(), value.clone()]) {
                if let Err(e) = result {
                    panic!("verify_strict accepted a document the batch refused: {e}");
                }
            }
        }
        Err(e) => assert!(!e.code().is_empty() && !e.to_string().is_empty()),
    }
    if value.as_object().is_some_and(|m| !m.contains_key("proof")) {
        match add_proof(value, fuzz_key(), &ProofOptions::assertion()) {
            Ok(signed) => {
                if let Err(e) = verifier.verify(signed) {
                    panic!("a document just signed does not verify: {e}");
                }
            }
            Err(e) => assert!(
                e.code().starts_with("schema."),
                "signing refused a proof-less object for a non-schema reason: {e}"
            ),
        }
    }
}

/// Compact JWS of arbitrary bytes (read as UTF-8, lossily):
///
/// - header decoding and verification, attached and detached, never panic;
/// - sign → verify: the bytes as a payload, in every mode, sign and then verify to the same
///   payload.
pub fn jws_parse(data: &[u8]) {
    use govblocks_core::jws::{self, JwsOptions};

    let key = fuzz_key().public_key();
    let text = String::from_utf8_lossy(data);
    let _ = jws::decode_unverified_header(&text);
    let _ = jws::verify(&text, &key, None);
    let _ = jws::verify(&text, &key, Some(b"fuzz"));

    for options in [
        JwsOptions::attached(),
        JwsOptions::detached(),
        JwsOptions::detached_unencoded(),
    ] {
        let compact = match jws::sign(data, fuzz_key(), &options) {
            Ok(compact) => compact,
            Err(e) => panic!("signing a payload failed: {e}"),
        };
        // An empty attached payload looks exactly like a detached one (`header..signature`),
        // so it is verified by supplying it.
        let detached = (options.payload_mode() != jws::PayloadMode::Attached || data.is_empty())
            .then_some(data);
        match jws::verify(&compact, &key, detached) {
            Ok(verified) => assert_eq!(verified.payload(), data, "payload changed"),
            Err(e) => panic!("a JWS just signed does not verify: {e}"),
        }
    }
}

/// The X25519 key the `jwe_parse` seeds are encrypted to (`[0x5a; 32]`, like [`fuzz_key`]).
fn fuzz_x25519_key() -> &'static govblocks_core::keys::X25519SecretKey {
    static KEY: std::sync::OnceLock<govblocks_core::keys::X25519SecretKey> =
        std::sync::OnceLock::new();
    KEY.get_or_init(|| govblocks_core::keys::X25519SecretKey::from_bytes(&[0x5a; 32]))
}

/// Compact JWE of arbitrary bytes (read as UTF-8, lossily):
///
/// - parsing and decryption with a fixed X25519 key never panic, and every refusal has a
///   `jwe.*`, `json.*`, `key.*`, `did.*` or `encoding.*` code; what parses writes back to the
///   same text, and its five parts read back through `Jwe::from_parts` to the same header;
/// - encrypt → decrypt: the bytes as a plaintext, encrypted to the fixed key, decrypt to the
///   same bytes (and the protected part is the base64url of the header's RFC 8785 form).
pub fn jwe_parse(data: &[u8]) {
    use govblocks_core::jwe::{self, Jwe, JweOptions};

    let key = fuzz_x25519_key();
    let text = String::from_utf8_lossy(data);
    let coded = |e: &Error| {
        let code = e.code();
        assert!(
            ["jwe.", "json.", "key.", "did.", "encoding."]
                .iter()
                .any(|p| code.starts_with(p)),
            "unexpected code {code} for a JWE"
        );
    };
    match Jwe::parse_compact(&text) {
        Ok(parsed) => {
            assert_eq!(
                parsed.to_compact(),
                text,
                "a parsed JWE writes back changed"
            );
            let again = Jwe::from_parts(
                parsed.protected(),
                parsed.encrypted_key(),
                parsed.iv(),
                parsed.ciphertext(),
                parsed.tag(),
            )
            .unwrap_or_else(|e| panic!("the parts of a parsed JWE do not parse: {e}"));
            assert_eq!(again.header(), parsed.header());
            if let Err(e) = parsed.decrypt(key) {
                coded(&e);
            }
        }
        Err(e) => coded(&e),
    }
    let _ = govblocks_core::keys::X25519PublicKey::parse_any(&text);

    let encrypted = jwe::encrypt(
        data,
        &key.public_key(),
        &JweOptions::new().with_recipient_kid(),
    )
    .unwrap_or_else(|e| panic!("encrypting a plaintext failed: {e}"));
    assert_eq!(
        encrypted.protected(),
        govblocks_core::encoding::base64url_encode(&jcs::canonicalize(
            encrypted.header().to_value()
        ))
    );
    match jwe::decrypt(&encrypted.to_compact(), key) {
        Ok(plaintext) => assert_eq!(&plaintext[..], data, "plaintext changed"),
        Err(e) => panic!("a JWE just made does not decrypt: {e}"),
    }
}

/// What a named `jwe_parse` seed promises: `accepted-*` decrypts with the fixed X25519 key,
/// `refused-*` does not (its code is the reason).
pub fn jwe_verdict(data: &[u8]) -> Result<(), String> {
    let text = std::str::from_utf8(data).map_err(|e| e.to_string())?;
    govblocks_core::jwe::decrypt(text, fuzz_x25519_key())
        .map(drop)
        .map_err(|e| e.code().to_owned())
}

/// A date-time string from the whole space around the `dateTimeStamp` grammar: mostly valid
/// shapes with fields drawn from their full ranges or their edges, and now and then a field,
/// separator, fraction or offset the grammar refuses.
fn date_time(c: &mut Choices) -> String {
    // Whole dates and times at the edges now and then, since fields drawn one by one rarely
    // meet at the ends of the range together (9999-12-31, then 23:59:59, then a negative
    // offset: an instant in the year 10000 in UTC).
    let date = if c.u8() % 4 == 0 {
        c.choose(&[
            "9999-12-31",
            "0001-01-01",
            "2024-02-29",
            "2023-02-29",
            "1970-01-01",
            "9999-12-30",
            "0001-01-02",
            "2000-02-30",
        ])
        .to_string()
    } else {
        let year = match c.u8() % 16 {
            0..=6 => format!("{:04}", c.range(0, 9999)),
            7..=11 => format!("{:04}", c.choose(&[9999, 1, 0, 1970, 2024, 9998, 2])),
            12 => format!("{}", c.range(10_000, 99_999)),
            13 => format!("-{:04}", c.range(0, 9999)),
            14 => format!("+{:04}", c.range(0, 9999)),
            _ => format!("{:03}", c.range(0, 999)),
        };
        let month = field(c, 1, 12, &[12, 1, 2, 0, 13]);
        let day = field(c, 1, 31, &[31, 1, 28, 29, 30, 0, 32]);
        format!("{year}-{month}-{day}")
    };
    let separator = c.choose(&["T", "T", "T", "T", "T", "T", "t", " "]);
    let time = if c.u8() % 4 == 0 {
        c.choose(&["23:59:59", "00:00:00", "23:59:60", "24:00:00", "12:00:00"])
            .to_string()
    } else {
        let hour = field(c, 0, 23, &[23, 0, 24]);
        let minute = field(c, 0, 59, &[59, 0, 60]);
        let second = field(c, 0, 59, &[59, 0, 60]);
        format!("{hour}:{minute}:{second}")
    };
    let fraction = match c.u8() % 16 {
        0..=7 => String::new(),
        8..=13 => {
            let digits = c.range(1, 12);
            let digits: String = (0..digits)
                .map(|_| char::from(b'0' + c.u8() % 10))
                .collect();
            format!(".{digits}")
        }
        14 => format!(".{}", "7".repeat(1000)),
        _ => c.choose(&[".", ",5", ".5e"]).to_string(),
    };
    let offset = match c.u8() % 16 {
        0..=4 => "Z".to_string(),
        5 => "z".to_string(),
        6..=11 => {
            let sign = if c.bool() { '-' } else { '+' };
            format!("{sign}{:02}:{:02}", c.range(0, 23), c.range(0, 59))
        }
        12..=14 => c
            .choose(&[
                "-00:00", "+00:00", "-00:01", "+00:01", "+14:00", "-14:00", "+14:01", "-14:01",
                "+23:59", "-23:59", "+05:30",
            ])
            .to_string(),
        _ => c
            .choose(&["", "+0530", "+05", "+5:30", "UTC", "+05:60", "+24:00"])
            .to_string(),
    };
    format!("{date}{separator}{time}{fraction}{offset}")
}

/// A two-digit field: from `lo..=hi`, or one of `edges` (some out of range), or rarely not two
/// digits at all.
fn field(c: &mut Choices, lo: u32, hi: u32, edges: &[u32]) -> String {
    match c.u8() % 16 {
        0..=8 => format!("{:02}", c.range(lo, hi)),
        9..=14 => format!("{:02}", c.choose(edges)),
        _ => c.choose(&["1", "123", "ab", ""]).to_string(),
    }
}

/// The purposes a structured proof is made for or a structured verifier expects.
const PURPOSES: &[&str] = &[
    "assertionMethod",
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
    "fuzzing",
];

/// The three signers of the structured proof sets.
fn structured_keys() -> &'static [govblocks_core::keys::SecretKey; 3] {
    static KEYS: std::sync::OnceLock<[govblocks_core::keys::SecretKey; 3]> =
        std::sync::OnceLock::new();
    KEYS.get_or_init(|| [1u8, 2, 3].map(|n| govblocks_core::keys::SecretKey::from_seed(&[n; 32])))
}

const STAMP_SCHEMA: &str = "https://fuzz.test.example/date-time.json";

/// A registry whose one schema is "a `dateTimeStamp` string", the reference the verifier's
/// date-time parser must agree with.
fn stamp_schema() -> &'static govblocks_core::schema::SchemaRegistry {
    use govblocks_core::schema::{ids, SchemaRegistry};
    static REGISTRY: std::sync::OnceLock<SchemaRegistry> = std::sync::OnceLock::new();
    REGISTRY.get_or_init(|| {
        let schema = serde_json::json!({
            "$schema": govblocks_core::schema::DIALECT,
            "$id": STAMP_SCHEMA,
            "$ref": format!("{}#/$defs/dateTimeStamp", ids::DEFS),
        });
        match SchemaRegistry::builder()
            .with_core()
            .add_value(schema)
            .and_then(|b| b.build())
        {
            Ok(registry) => registry,
            Err(e) => panic!("the dateTimeStamp test schema does not build: {e}"),
        }
    })
}

/// What the generator did to make one proof.
struct Made {
    /// Signed by `add_proof` exactly as configured (its own key, date-times it accepted), and
    /// left alone afterwards.
    genuine: bool,
    key: usize,
    purpose: &'static str,
    previous: Vec<String>,
}

/// A proof object written by hand (forged, or refused by `add_proof`).
fn hand_made_proof(
    verification_method: String,
    purpose: &str,
    created: Option<&String>,
    expires: Option<&String>,
    id: Option<&String>,
    previous: &[String],
    signature: &[u8; 64],
) -> Value {
    let mut proof = serde_json::Map::new();
    proof.insert(
        "type".into(),
        govblocks_core::proof::DATA_INTEGRITY_PROOF.into(),
    );
    proof.insert(
        "cryptosuite".into(),
        govblocks_core::proof::EDDSA_JCS_2022.into(),
    );
    for (name, value) in [("created", created), ("expires", expires), ("id", id)] {
        if let Some(value) = value {
            proof.insert(name.into(), value.clone().into());
        }
    }
    proof.insert("verificationMethod".into(), verification_method.into());
    proof.insert("proofPurpose".into(), purpose.into());
    match previous {
        [] => {}
        [one] => {
            proof.insert("previousProof".into(), one.clone().into());
        }
        many => {
            proof.insert("previousProof".into(), many.to_vec().into());
        }
    }
    let value = govblocks_core::encoding::multibase_encode(signature);
    proof.insert("proofValue".into(), value.into());
    Value::Object(proof)
}

/// Appends `proof` to the document's proof set (a single proof object becomes a set).
fn push_proof(document: &mut Value, proof: Value) {
    let Some(map) = document.as_object_mut() else {
        return;
    };
    let all = match map.remove("proof") {
        None => proof,
        Some(Value::Array(mut items)) => {
            items.push(proof);
            Value::Array(items)
        }
        Some(one) => Value::Array(vec![one, proof]),
    };
    map.insert("proof".into(), all);
}

/// The document's proof objects, in order.
fn proof_objects(document: &Value) -> Vec<&serde_json::Map<String, Value>> {
    match document.get("proof") {
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_object).collect(),
        Some(Value::Object(one)) => vec![one],
        _ => Vec::new(),
    }
}

fn check_reported(e: &Error) {
    if e.code().is_empty() || e.to_string().is_empty() {
        panic!("an error without a code or a message: {e:?}");
    }
}

/// An instant anywhere in the range of `time`: its ends, the epoch, the last second of year
/// 9999, near one of the generated date-times, or random; sometimes in an odd offset.
fn structured_now(
    c: &mut Choices,
    stamps: &[govblocks_core::clock::Timestamp],
) -> time::OffsetDateTime {
    use time::{Date, Duration, OffsetDateTime, Time, UtcOffset};
    let epoch = OffsetDateTime::UNIX_EPOCH;
    let min = OffsetDateTime::new_utc(Date::MIN, Time::MIDNIGHT);
    let last = Time::from_hms_nano(23, 59, 59, 999_999_999).unwrap_or(Time::MIDNIGHT);
    let max = OffsetDateTime::new_utc(Date::MAX, last);
    let at = match c.u8() % 8 {
        0 if !stamps.is_empty() => {
            let near = Duration::seconds(i64::from(c.u16() as i16));
            let stamp = c.choose(stamps).to_datetime();
            stamp.checked_add(near).unwrap_or(stamp)
        }
        0 | 1 => epoch,
        2 => min,
        3 => max,
        4 => govblocks_core::clock::Timestamp::parse("9999-12-31T23:59:59Z", "now")
            .map_or(max, Into::into),
        5 => {
            let span = (max.unix_timestamp() - min.unix_timestamp()).unsigned_abs();
            let seconds = min.unix_timestamp() + (c.u64() % (span + 1)) as i64;
            OffsetDateTime::from_unix_timestamp(seconds)
                .and_then(|t| t.replace_nanosecond(c.u32() % 1_000_000_000))
                .unwrap_or(epoch)
        }
        _ => OffsetDateTime::from_unix_timestamp(i64::from(c.u32() as i32)).unwrap_or(epoch),
    };
    if c.u8() % 4 == 3 {
        // Any offset `time` allows (±25:59:59), if the instant can be written in it.
        match UtcOffset::from_whole_seconds(c.u32() as i32 % 93_600) {
            Ok(offset) => at.checked_to_offset(offset).unwrap_or(at),
            Err(_) => at,
        }
    } else {
        at
    }
}

/// A clock skew: none, the usual ones, the extremes of `Duration`, or random.
fn structured_skew(c: &mut Choices) -> time::Duration {
    use time::Duration;
    match c.u8() % 8 {
        0 => Duration::ZERO,
        1 => Duration::SECOND,
        2 => Duration::minutes(5),
        3 => Duration::DAY,
        4 => Duration::MAX,
        5 => Duration::MIN,
        6 => Duration::seconds(i64::from(c.u32() as i32)),
        _ => {
            let seconds = Duration::seconds(c.u64() as i64);
            let nanos = Duration::nanoseconds(i64::from(c.u32() % 1_000_000_000));
            seconds.checked_add(nanos).unwrap_or(seconds)
        }
    }
}

/// Data Integrity verification of proof sets built from the input, read as a stream of
/// choices (`Choices`):
///
/// - date-times across the whole space, valid or not: years 0000–9999 and a few outside the
///   grammar, every field at its edges and one past them (and whole edge dates and times), `T`/`t`/space, `Z`/`z` and offsets
///   from -23:59 to +23:59, fractions of 0 to 12 digits (sometimes 1000);
/// - a document with 1–4 proofs by three fixed keys, each with an optional `created` and
///   `expires`, a purpose, an optional `id` and `previousProof` naming other proofs: signed for
///   real by `add_proof` when it accepts the options (a date-time `Timestamp::parse` refuses is
///   written into the proof after signing), signed with another key's verification method,
///   forged, zero, or a copy of an earlier proof;
/// - a verifier whose fixed clock stands anywhere in the range of `time` and whose skew is
///   anything from zero to `Duration::MAX` or `Duration::MIN`, expecting some purpose or any,
///   sometimes a controller or a smaller proof limit.
///
/// Properties:
///
/// - `Timestamp::parse` accepts exactly the generated strings the `dateTimeStamp` schema
///   accepts, and whatever it accepts prints as a string it accepts again, naming the same
///   instant;
/// - `verify`, `verify_batch` and `verify_bytes` (of the serialized document) never panic and
///   agree: whatever `verify` accepts the batch and `verify_bytes` accept, whatever they refuse
///   they refuse with the same code (the batch equation alone may accept a signature
///   `verify_strict` refuses), and every error has a code and a message;
/// - an accepted document comes back unchanged, and each proof's `created` and `expires` in
///   the report are the instants written in the proof, print as valid date-times of the same
///   instant, and lie within the skew of the clock; a `proof.not_yet_valid` or
///   `proof.expired` error comes with a proof that is outside it;
/// - a document whose proofs were all signed as configured, within the skew, with unique ids
///   and no signer signing the same content twice, with the expected purposes and controllers
///   and not too many proofs, verifies.
pub fn verify_structured(data: &[u8]) {
    use govblocks_core::clock::{FixedClock, Timestamp};
    use govblocks_core::proof::{
        add_proof, ProofOptions, ProofPurpose, Verifier, DEFAULT_MAX_PROOFS,
    };
    use govblocks_core::resolver::{DidKeyResolver, TrustList};

    let c = &mut Choices::new(data);
    let keys = structured_keys();
    let mut document = serde_json::json!({"id": "urn:uuid:5e1f", "amount": "10.00"});
    if c.bool() {
        document["@context"] = serde_json::json!(["https://www.w3.org/ns/credentials/v2"]);
    }

    let mut raw_stamps: Vec<String> = Vec::new();
    let mut made: Vec<Made> = Vec::new();
    let mut known_ids: Vec<String> = Vec::new();
    for i in 0..c.range(1, 4) {
        let key = usize::from(c.u8() % 3);
        let purpose = c.choose(PURPOSES);
        let created = (c.u8() % 4 != 3).then(|| date_time(c));
        let expires = (c.u8() % 4 == 0).then(|| date_time(c));
        raw_stamps.extend(created.iter().chain(&expires).cloned());
        let id = match c.u8() % 4 {
            0 => None,
            // Perhaps the id of another proof.
            3 => Some(format!("urn:proof:{}", c.range(0, 3))),
            _ => Some(format!("urn:proof:{i}")),
        };
        let previous = match c.u8() % 4 {
            2 if !known_ids.is_empty() => vec![c.choose(&known_ids)],
            // Perhaps missing, itself, or a later proof.
            3 => vec![format!("urn:proof:{}", c.range(0, 4))],
            _ => Vec::new(),
        };
        known_ids.extend(id.iter().cloned());
        let mut genuine = false;
        let mode = c.u8() % 8;
        let forged = match mode {
            0..=4 => {
                let mut options = ProofOptions::new(ProofPurpose::parse(purpose));
                let mut written_after = Vec::new();
                if let Some(raw) = &created {
                    match Timestamp::parse(raw, "created") {
                        Ok(t) => options = options.with_created(t),
                        Err(e) => {
                            check_reported(&e);
                            written_after.push(("created", raw.clone()));
                        }
                    }
                }
                if let Some(raw) = &expires {
                    match Timestamp::parse(raw, "expires") {
                        Ok(t) => options = options.with_expires(t),
                        Err(e) => {
                            check_reported(&e);
                            written_after.push(("expires", raw.clone()));
                        }
                    }
                }
                if let Some(id) = &id {
                    options = options.with_id(id.clone());
                }
                for p in &previous {
                    options = options.with_previous_proof(p.clone());
                }
                if mode == 4 {
                    let other = &keys[(key + 1) % 3];
                    options =
                        options.with_verification_method(other.public_key().verification_method());
                }
                match add_proof(document.clone(), &keys[key], &options) {
                    Ok(signed) => {
                        document = signed;
                        genuine = mode != 4 && written_after.is_empty();
                        if let Some(Value::Object(last)) = match document.get_mut("proof") {
                            Some(Value::Array(items)) => items.last_mut(),
                            other => other,
                        } {
                            for (name, raw) in written_after {
                                last.insert(name.into(), raw.into());
                            }
                        }
                        None
                    }
                    Err(e) => {
                        // The date-times are ones it accepted, the rest is well-formed; the
                        // signing rules refuse a window that ends before it starts and a
                        // did:key method naming another key (mode 4).
                        let code = e.code();
                        let empty_window = matches!(
                            (options.created, options.expires),
                            (Some(c), Some(x)) if x <= c
                        );
                        let allowed = code == "proof.previous_proof_missing"
                            || code.starts_with("schema.")
                            || (code == "proof.expires_before_created" && empty_window)
                            || (code == "key.mismatch" && mode == 4);
                        if !allowed {
                            panic!("add_proof refused a well-formed proof: {e}");
                        }
                        check_reported(&e);
                        Some([0x11; 64])
                    }
                }
            }
            5 => Some([0; 64].map(|_: u8| c.u8())),
            6 => Some([0; 64]),
            _ => {
                let earlier = proof_objects(&document);
                if earlier.is_empty() {
                    Some([0x22; 64])
                } else {
                    let copy = Value::Object(c.choose(&earlier).clone());
                    push_proof(&mut document, copy);
                    None
                }
            }
        };
        if let Some(signature) = forged {
            let proof = hand_made_proof(
                keys[key].public_key().verification_method(),
                purpose,
                created.as_ref(),
                expires.as_ref(),
                id.as_ref(),
                &previous,
                &signature,
            );
            push_proof(&mut document, proof);
        }
        made.push(Made {
            genuine,
            key,
            purpose,
            previous,
        });
    }

    // The date-time parser against the schema, and printing against parsing.
    let mut stamps = Vec::new();
    for raw in &raw_stamps {
        let parsed = Timestamp::parse(raw, "t");
        let schema_says = stamp_schema()
            .validate(STAMP_SCHEMA, &Value::String(raw.clone()))
            .is_ok();
        if parsed.is_ok() != schema_says {
            panic!("Timestamp::parse says {parsed:?}, the dateTimeStamp schema says {schema_says}: {raw:?}");
        }
        match parsed {
            Ok(t) => {
                check_printed(t);
                stamps.push(t);
            }
            Err(e) => check_reported(&e),
        }
    }

    let now = structured_now(c, &stamps);
    let skew = structured_skew(c);
    let mut verifier = Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(now))
        .with_skew(skew);
    let expected_purpose = match c.u8() % 4 {
        0 | 1 => {
            verifier = verifier.any_purpose();
            None
        }
        2 => Some("assertionMethod"),
        _ => {
            let p = c.choose(PURPOSES);
            verifier = verifier.expect_purpose(ProofPurpose::parse(p));
            Some(p)
        }
    };
    let max_proofs = if c.u8() % 8 == 7 {
        let max = c.range(0, 4) as usize;
        verifier = verifier.with_max_proofs(max);
        max
    } else {
        DEFAULT_MAX_PROOFS
    };
    let controller = (c.u8() % 8 == 7).then(|| usize::from(c.u8() % 3));
    if let Some(k) = controller {
        verifier = verifier.expect_controller(keys[k].public_key().did());
    }

    // The time rule, independently: created ≤ now + |skew|, expires ≥ now − |skew|.
    let now_nanos = now.unix_timestamp_nanos();
    let skew_nanos = skew.whole_nanoseconds().saturating_abs();
    let too_early = |t: Timestamp| t.unix_nanos() > now_nanos.saturating_add(skew_nanos);
    let too_late = |t: Timestamp| t.unix_nanos() < now_nanos.saturating_sub(skew_nanos);
    let objects = proof_objects(&document);
    let read = |object: &serde_json::Map<String, Value>, name: &'static str| {
        object
            .get(name)
            .and_then(Value::as_str)
            .map(|s| Timestamp::parse(s, name))
    };
    let in_time = |object: &serde_json::Map<String, Value>| {
        let created_ok = match read(object, "created") {
            None => true,
            Some(Ok(t)) => !too_early(t),
            Some(Err(_)) => false,
        };
        let expires_ok = match read(object, "expires") {
            None => true,
            Some(Ok(t)) => !too_late(t),
            Some(Err(_)) => false,
        };
        created_ok && expires_ok
    };

    let outcome = verifier.verify(document.clone());
    match &outcome {
        Ok(verified) => {
            assert_eq!(
                verified.value(),
                &document,
                "verification changed the document"
            );
            let report = verified.proofs();
            if report.len() != objects.len() {
                panic!(
                    "{} proofs verified, the document has {}",
                    report.len(),
                    objects.len()
                );
            }
            for (proof, object) in report.iter().zip(&objects) {
                for (name, stamp) in [("created", proof.created), ("expires", proof.expires)] {
                    match (stamp, read(object, name)) {
                        (None, None) => {}
                        (Some(t), Some(Ok(written))) if t == written => check_printed(t),
                        (stamp, written) => {
                            panic!("`{name}` reported as {stamp:?}, written as {written:?}")
                        }
                    }
                }
                if !in_time(object) {
                    panic!("accepted a proof outside the skew of {now} (skew {skew}): {object:?}");
                }
            }
        }
        Err(e) => {
            check_reported(e);
            let code = e.code();
            if code == "proof.not_yet_valid"
                && !objects
                    .iter()
                    .any(|o| matches!(read(o, "created"), Some(Ok(t)) if too_early(t)))
            {
                panic!("not yet valid at {now} (skew {skew}), but no proof is: {e}");
            }
            if code == "proof.expired"
                && !objects
                    .iter()
                    .any(|o| matches!(read(o, "expires"), Some(Ok(t)) if too_late(t)))
            {
                panic!("expired at {now} (skew {skew}), but no proof is: {e}");
            }
        }
    }

    // Whether everything the verifier checks holds, by construction.
    let mut ids: Vec<&str> = objects
        .iter()
        .filter_map(|o| o.get("id")?.as_str())
        .collect();
    let id_count = ids.len();
    ids.sort_unstable();
    ids.dedup();
    let should_verify = made.len() == objects.len()
        && made.iter().all(|m| m.genuine)
        && objects.iter().all(|o| in_time(o))
        && ids.len() == id_count
        && made.len() <= max_proofs
        && made.iter().enumerate().all(|(i, a)| {
            made[..i]
                .iter()
                .all(|b| a.key != b.key || a.previous != b.previous)
        })
        && expected_purpose.is_none_or(|p| made.iter().all(|m| m.purpose == p))
        && controller.is_none_or(|k| made.iter().all(|m| m.key == k));
    if should_verify {
        if let Err(e) = &outcome {
            panic!("a proof set signed as configured is refused: {e}\n{document}");
        }
    }

    for result in verifier.verify_batch(vec![document.clone(), document.clone()]) {
        match (&outcome, result) {
            (Ok(_), Ok(_)) => {}
            (Ok(_), Err(b)) => panic!("verify accepted a document the batch refused: {b}"),
            // The batch equation may accept what `verify_strict` refuses (see proof::batch),
            // but nothing else may differ.
            (Err(e), Ok(_)) if e.code() == "proof.signature_invalid" => {}
            (Err(e), Ok(_)) => panic!("verify says {e}, the batch accepts"),
            (Err(e), Err(b)) if e.code() == b.code() => check_reported(&b),
            (Err(e), Err(b)) => panic!("verify says {e}, the batch says {b}"),
        }
    }

    let bytes = match serde_json::to_vec(&document) {
        Ok(bytes) => bytes,
        Err(e) => panic!("a built document does not serialize: {e}"),
    };
    match (&outcome, verifier.verify_bytes(&bytes)) {
        (Ok(_), Ok(_)) => {}
        (Err(e), Err(b)) if e.code() == b.code() => check_reported(&b),
        (a, b) => panic!("verify says {a:?}, verify_bytes of its serialization says {b:?}"),
    }
}

/// A timestamp prints as a string that parses again, to the same instant, and that the
/// `dateTimeStamp` schema accepts.
fn check_printed(t: govblocks_core::clock::Timestamp) {
    let printed = t.to_string();
    match govblocks_core::clock::Timestamp::parse(&printed, "printed") {
        Ok(again) if again == t => {}
        other => panic!("{t:?} prints as {printed:?}, which parses as {other:?}"),
    }
    if stamp_schema()
        .validate(STAMP_SCHEMA, &Value::String(printed.clone()))
        .is_err()
    {
        panic!("{t:?} prints as {printed:?}, which the dateTimeStamp schema refuses");
    }
}
