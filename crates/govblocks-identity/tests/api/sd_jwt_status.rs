//! Token Status List (draft-ietf-oauth-status-list-20) for SD-JWTs: the draft's own examples
//! and test vectors reproduced (sections quoted), round trips for 1, 2, 4 and 8 bits, and every
//! refusal with its code.

use flate2::write::{GzEncoder, ZlibEncoder};
use flate2::Compression;
use govblocks_core::clock::FixedClock;
use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::status::{
    self, StatusListTokenClaims, StatusListVerifier, StatusReference, StatusType, TokenStatusList,
    INVALID, SUSPENDED, VALID,
};
use govblocks_identity::sd_jwt::{self, rules, IssueOptions, KeyBinding, Limits, SdJwtVerifier};
use govblocks_identity::status_list::{DecodeLimits, InMemoryStatusResolver};
use serde_json::{json, Value};
use std::io::Write;
use time::OffsetDateTime;

const NOW: i64 = 1_767_268_800; // 2026-01-01T12:00:00Z
const URI: &str = "https://registry.example.gov/statuslists/1";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}
fn issuer() -> SecretKey {
    SecretKey::from_seed(&[1; 32])
}
fn other() -> SecretKey {
    SecretKey::from_seed(&[3; 32])
}

fn vectors() -> Value {
    serde_json::from_str(include_str!(
        "../vectors/token-status-list/draft-20-examples.json"
    ))
    .unwrap()
}

/// A core verifier at NOW trusting the issuer (and `also`).
fn core(also: &[&SecretKey]) -> Verifier {
    let mut trust = TrustList::new().trust_all_purposes(issuer().public_key().did());
    for key in also {
        trust = trust.trust_all_purposes(key.public_key().did());
    }
    Verifier::new(DidKeyResolver, trust).with_clock(FixedClock::new(now()))
}

fn lists() -> StatusListVerifier {
    StatusListVerifier::new(core(&[&other()]))
}

/// An SD-JWT by the issuer with `status` (always visible unless `disclose` says otherwise),
/// verified.
fn verified_with(status: Option<Value>, disclose: &[&str]) -> sd_jwt::VerifiedSdJwt {
    let mut claims = json!({"iss": issuer().public_key().did(), "given_name": "Olena"});
    if let Some(status) = status {
        claims["status"] = status;
    }
    let mut options = IssueOptions::new().disclose("/given_name");
    for p in disclose {
        options = options.disclose(*p);
    }
    let issued = sd_jwt::issue(&claims, &options, &issuer()).unwrap();
    SdJwtVerifier::new(core(&[]))
        .verify(issued.compact(), &KeyBinding::NotRequired)
        .unwrap()
}

fn verified(idx: u64) -> sd_jwt::VerifiedSdJwt {
    verified_with(
        Some(
            StatusReference {
                idx,
                uri: URI.into(),
            }
            .to_claim(),
        ),
        &[],
    )
}

/// A list of 1,024 entries of `bits` bits, entry 1 INVALID, entry 2 SUSPENDED (when it fits),
/// entry 3 the application-specific 0x03 and entry 4 the reserved 0x04 (when they fit).
fn list(bits: u8) -> TokenStatusList {
    let mut list = TokenStatusList::new(1024, bits).unwrap();
    list.set(1, INVALID).unwrap();
    if bits >= 2 {
        list.set(2, SUSPENDED).unwrap();
        list.set(3, 0x03).unwrap();
    }
    if bits >= 4 {
        list.set(4, 0x04).unwrap();
    }
    list
}

fn token(list: &TokenStatusList, claims: &StatusListTokenClaims, key: &SecretKey) -> String {
    status::issue_token(list, claims, key).unwrap()
}

fn claims() -> StatusListTokenClaims {
    StatusListTokenClaims::new(URI, now())
}

/// A token of the raw `payload` with `typ`, signed by the issuer.
fn raw_token(payload: &Value, typ: Option<&str>) -> String {
    let mut options = JwsOptions::attached().with_signer_kid();
    if let Some(typ) = typ {
        options = options.with_typ(typ);
    }
    jws::sign(payload.to_string().as_bytes(), &issuer(), &options).unwrap()
}

fn good_payload() -> Value {
    json!({"sub": URI, "iat": NOW, "status_list": list(2).to_claim()})
}

fn code_of(token: &str, idx: u64) -> &'static str {
    lists()
        .check_status(&verified(idx), token.as_bytes())
        .unwrap_err()
        .code()
}

fn zlib(bytes: &[u8], level: Compression) -> Vec<u8> {
    let mut e = ZlibEncoder::new(Vec::new(), level);
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The list the printed statuses describe (later assignments of an index stand, as in the
/// draft's generator).
fn list_of(example: &Value) -> TokenStatusList {
    let bits = u8::try_from(example["bits"].as_u64().unwrap()).unwrap();
    let mut list = TokenStatusList::new(example["entries"].as_u64().unwrap(), bits).unwrap();
    for s in example["statuses"].as_array().unwrap() {
        let value = u8::try_from(s[1].as_u64().unwrap()).unwrap();
        list.set(s[0].as_u64().unwrap(), value).unwrap();
    }
    list
}

// ---- the draft's examples -------------------------------------------------------------------

/// Draft §4.1: "Each index identifies a contiguous block of bits in the byte array, with the
/// blocks being packed into bytes from the least significant bit ("0") to the most significant
/// bit ("7")." The two examples: 16 one-bit statuses are `0xB9 0xA3`, "compressed array (hex):
/// 78dadbb918000217015d"; 12 two-bit statuses are `0xC9 0x44 0xF9`, "compressed array (hex):
/// 78da3be9f2130003df0207". §4.2 prints their `lst`: "eNrbuRgAAhcBXQ" and "eNo76fITAAPfAgc".
#[test]
fn draft_4_1_and_4_2_examples_byte_for_byte() {
    let v = vectors();
    let examples = v["examples"].as_array().unwrap();
    for example in &examples[..2] {
        assert_eq!(example["section"], "4.1 and 4.2");
        let list = list_of(example);
        let bytes: Vec<u8> = example["byte_array"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| u8::try_from(b.as_u64().unwrap()).unwrap())
            .collect();
        assert_eq!(list.as_bytes(), bytes.as_slice());
        // Our encoding is the draft's, byte for byte.
        let lst = list.encode();
        assert_eq!(lst, example["lst"].as_str().unwrap());
        assert_eq!(
            hex(&base64url_decode(&lst, "lst").unwrap()),
            example["compressed_hex"].as_str().unwrap()
        );
        assert_eq!(list.to_claim()["lst"], example["lst"]);
        // And it reads back, status by status.
        let read = TokenStatusList::decode(&lst, list.bits(), &DecodeLimits::default()).unwrap();
        assert_eq!(read, list);
        for s in example["statuses"].as_array().unwrap() {
            assert_eq!(
                u64::from(read.get(s[0].as_u64().unwrap()).unwrap()),
                s[1].as_u64().unwrap()
            );
        }
    }
    assert_eq!(examples[0]["byte_array"], json!([0xb9, 0xa3]));
    assert_eq!(examples[1]["byte_array"], json!([0xc9, 0x44, 0xf9]));
}

/// Draft Appendix C: "All values that are not mentioned for the examples below can be assumed to
/// be 0 (VALID). All examples are initialized with a size of 2^20 entries." (C.1 1-bit, C.2
/// 2-bit, C.3 4-bit, C.4 8-bit.) Each printed `lst` decodes to exactly the printed statuses, and
/// our encoding of those statuses decodes to the same byte array. (Our `lst` is not the printed
/// one character for character here: DEFLATE leaves the compressor its choices, and flate2's
/// pure-Rust backend chooses otherwise than the zlib that printed these on long inputs; on the
/// §4.1 examples it is the same, see above. It is about as small: within 10 %.)
#[test]
fn draft_appendix_c_test_vectors() {
    let v = vectors();
    let examples = v["examples"].as_array().unwrap();
    for (example, (section, bits)) in
        examples[2..]
            .iter()
            .zip([("C.1", 1), ("C.2", 2), ("C.3", 4), ("C.4", 8)])
    {
        assert_eq!(example["section"], format!("Appendix {section}"));
        assert_eq!(example["bits"], bits);
        let lst = example["lst"].as_str().unwrap();
        let read = TokenStatusList::decode(lst, bits, &DecodeLimits::default()).unwrap();
        assert_eq!(read.len(), 1 << 20, "{section}");
        let expected = list_of(example);
        assert_eq!(read, expected, "{section}");
        let ours = read.encode();
        assert_eq!(
            TokenStatusList::decode(&ours, bits, &DecodeLimits::default()).unwrap(),
            expected,
            "{section}"
        );
        assert!(
            ours.len() <= lst.len() * 11 / 10,
            "{section}: {} vs {}",
            ours.len(),
            lst.len()
        );
        // Every value not mentioned is VALID.
        let set: usize = (0..read.len())
            .filter(|&i| read.get(i).unwrap() != VALID)
            .count();
        let mentioned: std::collections::HashSet<u64> = example["statuses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s[0].as_u64().unwrap())
            .collect();
        assert!(set <= mentioned.len(), "{section}");
        // The CBOR form (§4.3) carries the same compressed bytes after its 2-key map header.
        let cbor = example["cbor_hex"].as_str().unwrap();
        let compressed = hex(&base64url_decode(lst, "lst").unwrap());
        assert!(cbor.ends_with(&compressed), "{section}");
    }
    // C.1's first printed status: "status[0] = 0b1", entry 0 is bit 0 of byte 0.
    let c1 = TokenStatusList::decode(
        examples[2]["lst"].as_str().unwrap(),
        1,
        &DecodeLimits::default(),
    )
    .unwrap();
    assert_eq!(c1.as_bytes()[0], 0x01);
    assert_eq!(c1.get(1993).unwrap(), 1);
    assert_eq!(c1.get(1992).unwrap(), 0);
}

/// Draft §5.1's example status list token, decoded: our token with the same claims has the same
/// payload (the signature is ES256 there, EdDSA here) and the `typ` `statuslist+jwt`.
#[test]
fn draft_5_1_token_claims() {
    let v = vectors();
    let example = &v["status_list_token_example_5_1"];
    assert_eq!(example["header"]["typ"], status::TYP_STATUSLIST_JWT);
    let p = &example["payload"];
    let list = TokenStatusList::decode(
        p["status_list"]["lst"].as_str().unwrap(),
        1,
        &DecodeLimits::default(),
    )
    .unwrap();
    let claims = StatusListTokenClaims {
        sub: p["sub"].as_str().unwrap().into(),
        iat: p["iat"].as_i64().unwrap(),
        exp: p["exp"].as_i64(),
        ttl: p["ttl"].as_u64(),
        aggregation_uri: None,
    };
    let ours = token(&list, &claims, &issuer());
    let header = jws::decode_unverified_header(&ours).unwrap();
    assert_eq!(header.typ(), Some("statuslist+jwt"));
    let verified = jws::verify(&ours, &issuer().public_key(), None).unwrap();
    let payload: Value = serde_json::from_slice(verified.payload()).unwrap();
    assert_eq!(&payload, p);

    // And it verifies for a referenced token naming its `sub`, at a time before its `exp`.
    let at = OffsetDateTime::from_unix_timestamp(p["iat"].as_i64().unwrap() + 60).unwrap();
    let lists = StatusListVerifier::new(core(&[]).with_clock(FixedClock::new(at)));
    let read = lists
        .verify_token(
            ours.as_bytes(),
            "https://example.com/statuslists/1",
            Some(&issuer().public_key().did()),
        )
        .unwrap();
    assert_eq!(read.ttl(), Some(43_200));
    assert_eq!(read.expires(), Some(2_291_720_170));
    assert_eq!(read.list().get(0).unwrap(), 1);
}

/// Draft §6.2: the referenced token in SD-JWT serialized form: processed (its digests against its
/// disclosures; the signature is ES256), its `status.status_list` is `idx` 0 of
/// `https://example.com/statuslists/1`.
#[test]
fn draft_6_2_referenced_sd_jwt() {
    let v = vectors();
    let example = &v["referenced_token_sd_jwt_6_2"];
    let compact = example["compact"].as_str().unwrap();
    let mut parts: Vec<&str> = compact.split('~').collect();
    let jwt = parts.remove(0);
    parts.retain(|p| !p.is_empty());
    let payload_b64 = jwt.split('.').nth(1).unwrap();
    let payload: Value =
        serde_json::from_slice(&base64url_decode(payload_b64, "payload").unwrap()).unwrap();
    assert_eq!(payload, example["payload"]);
    let processed = rules::process_payload(payload, &parts, &Limits::default()).unwrap();
    assert_eq!(processed["address"]["country"], "DE");
    let reference = StatusReference::from_claims(&processed).unwrap().unwrap();
    assert_eq!(
        reference,
        StatusReference {
            idx: 0,
            uri: "https://example.com/statuslists/1".into()
        }
    );
    assert_eq!(
        reference.to_claim(),
        v["referenced_token_example_6_2"]["status"]
    );
}

// ---- round trips ----------------------------------------------------------------------------

#[test]
fn round_trips_for_1_2_4_8_bits() {
    for bits in [1u8, 2, 4, 8] {
        let list = list(bits);
        let t = token(
            &list,
            &claims().ttl(3600).expires(now() + time::Duration::days(1)),
            &issuer(),
        );
        let read = lists()
            .verify_token(t.as_bytes(), URI, Some(&issuer().public_key().did()))
            .unwrap();
        assert_eq!(read.list(), &list, "{bits}");
        assert_eq!(read.uri(), URI);
        assert_eq!(read.issuer(), Some(issuer().public_key().did().as_str()));
        assert_eq!(read.issued_at(), NOW);
        assert_eq!(read.ttl(), Some(3600));
        assert_eq!(
            lists()
                .check_status(&verified(0), t.as_bytes())
                .map_err(|e| e.code()),
            Ok(())
        );
        assert_eq!(code_of(&t, 1), "sdjwt.status_revoked");
        assert_eq!(
            lists().read_status(&verified(1), t.as_bytes()).unwrap(),
            StatusType::Invalid
        );
        if bits >= 2 {
            assert_eq!(code_of(&t, 2), "sdjwt.status_suspended");
            assert_eq!(code_of(&t, 3), "sdjwt.status_unrecognized");
            assert_eq!(
                lists().read_status(&verified(3), t.as_bytes()).unwrap(),
                StatusType::ApplicationSpecific(3)
            );
        }
        if bits >= 4 {
            assert_eq!(code_of(&t, 4), "sdjwt.status_unrecognized");
        }
        let entries = list.len();
        assert_eq!(
            lists()
                .check_status(&verified(entries - 1), t.as_bytes())
                .map_err(|e| e.code()),
            Ok(())
        );
        assert_eq!(code_of(&t, entries), "sdjwt.status_index_out_of_range");
        // The largest index a JSON number holds exactly.
        assert_eq!(
            code_of(&t, (1 << 53) - 1),
            "sdjwt.status_index_out_of_range"
        );
    }
}

#[test]
fn suspension_lifted_and_aggregation_uri() {
    let mut list = TokenStatusList::new(64, 2).unwrap();
    list.set(7, SUSPENDED).unwrap();
    let t = token(&list, &claims(), &issuer());
    assert_eq!(code_of(&t, 7), "sdjwt.status_suspended");
    list.set(7, VALID).unwrap();
    let t = token(
        &list,
        &claims().aggregation_uri("https://registry.example.gov/agg"),
        &issuer(),
    );
    assert!(status::check_status(&verified(7), t.as_bytes(), &lists()).is_ok());
    let read = lists()
        .verify_token(t.as_bytes(), URI, Some(&issuer().public_key().did()))
        .unwrap();
    assert_eq!(
        read.aggregation_uri(),
        Some("https://registry.example.gov/agg")
    );
}

#[test]
fn through_a_resolver_and_with_a_pinned_key() {
    let t = token(&list(1), &claims(), &issuer());
    let mut resolver = InMemoryStatusResolver::new();
    assert_eq!(
        lists()
            .check_status_with(&verified(1), &resolver)
            .unwrap_err()
            .code(),
        "credential.status_unavailable"
    );
    resolver.insert(URI, t.clone());
    assert_eq!(
        lists()
            .check_status_with(&verified(1), &resolver)
            .unwrap_err()
            .code(),
        "sdjwt.status_revoked"
    );
    assert!(lists().check_status_with(&verified(0), &resolver).is_ok());

    // The SD-JWT verified with a pinned key: the list verifier pins it too.
    let claims_ = json!({"given_name": "Olena", "status": {"status_list": {"idx": 0, "uri": URI}}});
    let issued = sd_jwt::issue(&claims_, &IssueOptions::new(), &issuer()).unwrap();
    let pinned = SdJwtVerifier::new(core(&[]))
        .with_issuer_key(issuer().public_key())
        .verify(issued.compact(), &KeyBinding::NotRequired)
        .unwrap();
    let pinned_lists = StatusListVerifier::new(core(&[])).with_issuer_key(issuer().public_key());
    assert!(pinned_lists.check_status(&pinned, t.as_bytes()).is_ok());
    // A token by another key than the pinned one.
    let foreign = token(&list(1), &claims(), &other());
    assert_eq!(
        pinned_lists
            .check_status(&pinned, foreign.as_bytes())
            .unwrap_err()
            .code(),
        "sdjwt.status_list_signature"
    );
    // Not pinned: whose token it is cannot be told from the SD-JWT's side.
    assert_eq!(
        lists()
            .check_status(&pinned, t.as_bytes())
            .unwrap_err()
            .code(),
        "sdjwt.status_list_issuer_mismatch"
    );
}

// ---- every refusal with its code ------------------------------------------------------------

#[test]
fn the_referenced_tokens_status_claim() {
    let t = token(&list(1), &claims(), &issuer());
    let check = |status: Option<Value>, disclose: &[&str]| {
        lists()
            .check_status(&verified_with(status, disclose), t.as_bytes())
            .unwrap_err()
            .code()
    };
    assert_eq!(check(None, &[]), "sdjwt.status_missing");
    assert_eq!(
        check(Some(json!({"other_mechanism": {}})), &[]),
        "sdjwt.status_missing"
    );
    for bad in [
        json!("status"),
        json!({"status_list": [0, URI]}),
        json!({"status_list": {"idx": -1, "uri": URI}}),
        json!({"status_list": {"idx": 1.5, "uri": URI}}),
        json!({"status_list": {"idx": "1", "uri": URI}}),
        json!({"status_list": {"uri": URI}}),
        json!({"status_list": {"idx": 1}}),
        json!({"status_list": {"idx": 1, "uri": 7}}),
        json!({"status_list": {"idx": 1, "uri": "statuslists/1"}}),
        json!({"status_list": {"idx": 1, "uri": "https://a b"}}),
    ] {
        assert_eq!(
            check(Some(bad.clone()), &[]),
            "sdjwt.status_invalid",
            "{bad}"
        );
    }
    // `status` must be always visible: disclosed, or a part of it disclosed, is refused.
    let good = StatusReference {
        idx: 0,
        uri: URI.into(),
    }
    .to_claim();
    assert!(lists()
        .check_status(&verified_with(Some(good.clone()), &[]), t.as_bytes())
        .is_ok());
    for pointer in ["/status", "/status/status_list", "/status/status_list/idx"] {
        assert_eq!(
            check(Some(good.clone()), &[pointer]),
            "sdjwt.status_invalid",
            "{pointer}"
        );
    }
}

#[test]
fn the_status_list_token() {
    let v = verified(0);
    let check = |t: &str| lists().check_status(&v, t.as_bytes()).unwrap_err().code();
    assert!(lists()
        .check_status(
            &v,
            raw_token(&good_payload(), Some("statuslist+jwt")).as_bytes()
        )
        .is_ok());

    // typ
    for typ in [
        None,
        Some("jwt"),
        Some("JWT"),
        Some("application/statuslist+jwt"),
        Some("dc+sd-jwt"),
    ] {
        assert_eq!(
            check(&raw_token(&good_payload(), typ)),
            "sdjwt.status_list_typ",
            "{typ:?}"
        );
    }
    // for another uri
    let mut other_sub = good_payload();
    other_sub["sub"] = json!("https://registry.example.gov/statuslists/2");
    assert_eq!(
        check(&raw_token(&other_sub, Some("statuslist+jwt"))),
        "sdjwt.status_list_uri_mismatch"
    );
    // expired (exp, with the default skew), not yet valid (nbf)
    let t = token(
        &list(1),
        &claims().expires(now() - time::Duration::hours(1)),
        &issuer(),
    );
    assert_eq!(check(&t), "sdjwt.status_list_expired");
    let t = token(
        &list(1),
        &claims().expires(now() + time::Duration::seconds(1)),
        &issuer(),
    );
    assert!(lists().check_status(&v, t.as_bytes()).is_ok());
    let mut nbf = good_payload();
    nbf["nbf"] = json!(NOW + 3600);
    assert_eq!(
        check(&raw_token(&nbf, Some("statuslist+jwt"))),
        "sdjwt.status_list_not_yet_valid"
    );
    // a bad signature: tampered, by an untrusted key
    let t = token(&list(1), &claims(), &issuer());
    let (head, sig) = t.rsplit_once('.').unwrap();
    let mut sig = base64url_decode(sig, "sig").unwrap();
    sig[5] ^= 1;
    assert_eq!(
        check(&format!("{head}.{}", base64url_encode(&sig))),
        "sdjwt.status_list_signature"
    );
    let stranger = SecretKey::from_seed(&[9; 32]);
    assert_eq!(
        check(&token(&list(1), &claims(), &stranger)),
        "sdjwt.status_list_signature"
    );
    // a payload changed under the signature
    let (h, rest) = t.split_once('.').unwrap();
    let (_, s) = rest.split_once('.').unwrap();
    let forged = format!(
        "{h}.{}.{s}",
        base64url_encode(good_payload().to_string().as_bytes())
    );
    assert_eq!(check(&forged), "sdjwt.status_list_signature");
    // by another (trusted) issuer than the SD-JWT's
    assert_eq!(
        check(&token(&list(1), &claims(), &other())),
        "sdjwt.status_list_issuer_mismatch"
    );
    // malformed tokens and claims
    assert_eq!(check("not a jwt"), "sdjwt.status_list_invalid");
    assert_eq!(
        lists().check_status(&v, &[0xff, 0xfe]).unwrap_err().code(),
        "sdjwt.status_list_invalid"
    );
    let alg_none = format!(
        "{}.{}.",
        base64url_encode(br#"{"alg":"none","typ":"statuslist+jwt"}"#),
        base64url_encode(good_payload().to_string().as_bytes())
    );
    assert_eq!(check(&alg_none), "sdjwt.status_list_invalid");
    let huge = vec![b'a'; 3 * 1024 * 1024];
    assert_eq!(
        lists().check_status(&v, &huge).unwrap_err().code(),
        "sdjwt.status_list_invalid"
    );
    for (name, change) in [
        ("no sub", json!({"sub": null})),
        ("sub a number", json!({"sub": 1})),
        ("no iat", json!({"iat": null})),
        ("iat a string", json!({"iat": "now"})),
        ("exp a string", json!({"exp": "later"})),
        ("ttl zero", json!({"ttl": 0})),
        ("ttl negative", json!({"ttl": -5})),
        ("ttl a string", json!({"ttl": "1h"})),
        ("no status_list", json!({"status_list": null})),
        ("status_list a string", json!({"status_list": "x"})),
        (
            "bits 3",
            json!({"status_list": {"bits": 3, "lst": "eNrbuRgAAhcBXQ"}}),
        ),
        (
            "bits 16",
            json!({"status_list": {"bits": 16, "lst": "eNrbuRgAAhcBXQ"}}),
        ),
        (
            "bits 256",
            json!({"status_list": {"bits": 257, "lst": "eNrbuRgAAhcBXQ"}}),
        ),
        (
            "bits a string",
            json!({"status_list": {"bits": "1", "lst": "eNrbuRgAAhcBXQ"}}),
        ),
        ("no lst", json!({"status_list": {"bits": 1}})),
        (
            "aggregation_uri a number",
            json!({"status_list": {"bits": 1, "lst": "eNrbuRgAAhcBXQ", "aggregation_uri": 1}}),
        ),
    ] {
        let mut payload = good_payload();
        for (k, value) in change.as_object().unwrap() {
            if value.is_null() {
                payload.as_object_mut().unwrap().remove(k);
            } else {
                payload[k] = value.clone();
            }
        }
        assert_eq!(
            check(&raw_token(&payload, Some("statuslist+jwt"))),
            "sdjwt.status_list_invalid",
            "{name}"
        );
    }
    let not_object = raw_token(&json!([1, 2]), Some("statuslist+jwt"));
    assert_eq!(check(&not_object), "sdjwt.status_list_invalid");
    // A fractional ttl is a positive number: accepted, rounded down.
    let mut frac = good_payload();
    frac["ttl"] = json!(0.5);
    let read = lists()
        .verify_token(
            raw_token(&frac, Some("statuslist+jwt")).as_bytes(),
            URI,
            Some(&issuer().public_key().did()),
        )
        .unwrap();
    assert_eq!(read.ttl(), Some(1));
}

#[test]
fn lst_encoding() {
    let v = verified(0);
    let bytes = list(1).as_bytes().to_vec();
    let with_lst = |lst: String| {
        let mut p = good_payload();
        p["status_list"] = json!({"bits": 1, "lst": lst});
        lists()
            .check_status(&v, raw_token(&p, Some("statuslist+jwt")).as_bytes())
            .map_err(|e| e.code())
    };
    let good = base64url_encode(&zlib(&bytes, Compression::default()));
    assert_eq!(
        with_lst(good.clone()),
        Ok(()),
        "any compression level reads"
    );
    let mut gzip = GzEncoder::new(Vec::new(), Compression::default());
    gzip.write_all(&bytes).unwrap();
    let gzip = gzip.finish().unwrap();
    let raw_deflate = {
        let mut e = flate2::write::DeflateEncoder::new(Vec::new(), Compression::default());
        e.write_all(&bytes).unwrap();
        e.finish().unwrap()
    };
    let compressed = zlib(&bytes, Compression::default());
    let mut trailing = compressed.clone();
    trailing.push(0);
    let mut bad_adler = compressed.clone();
    *bad_adler.last_mut().unwrap() ^= 1;
    let truncated = compressed[..compressed.len() - 5].to_vec();
    for (name, lst) in [
        ("padded", format!("{good}==")),
        (
            "standard alphabet",
            good.replace('-', "+").replace('_', "/") + "+/",
        ),
        ("white space", format!("{} {}", &good[..4], &good[4..])),
        ("not base64", "!!!!".to_string()),
        ("empty", String::new()),
        ("gzip", base64url_encode(&gzip)),
        ("raw deflate", base64url_encode(&raw_deflate)),
        ("trailing byte", base64url_encode(&trailing)),
        ("bad Adler-32", base64url_encode(&bad_adler)),
        ("truncated", base64url_encode(&truncated)),
        (
            "two streams",
            base64url_encode(&[compressed.clone(), compressed.clone()].concat()),
        ),
    ] {
        assert_eq!(with_lst(lst), Err("sdjwt.status_list_encoding"), "{name}");
    }
    // Longer than the limit, checked before decoding.
    let tight = DecodeLimits {
        max_encoded_len: good.len() - 1,
        ..DecodeLimits::default()
    };
    assert_eq!(
        TokenStatusList::decode(&good, 1, &tight)
            .unwrap_err()
            .code(),
        "sdjwt.status_list_encoding"
    );
    // Through a token too: the `lst` bound, not the JSON parser's.
    let t = token(&list(1), &claims(), &issuer());
    assert_eq!(
        lists()
            .with_limits(DecodeLimits {
                max_encoded_len: 5,
                ..DecodeLimits::default()
            })
            .check_status(&v, t.as_bytes())
            .unwrap_err()
            .code(),
        "sdjwt.status_list_encoding"
    );
    // 1,024 one-bit entries are 128 bytes: the limit is exact.
    assert!(TokenStatusList::decode(&good, 1, &DecodeLimits::with_max_bits(1024)).is_ok());
    assert_eq!(
        TokenStatusList::decode(&good, 1, &DecodeLimits::with_max_bits(1024 - 8))
            .unwrap_err()
            .code(),
        "sdjwt.status_list_size"
    );
}

/// A ZLIB bomb: 24 MiB of zeros compress to about 24 KiB; the default limit (the Bitstring
/// Status List's 2^27 bits, 16 MiB) stops inflating one byte past 16 MiB.
#[test]
fn a_zlib_bomb_is_refused() {
    let zeros = vec![0u8; 24 * 1024 * 1024];
    let bomb = zlib(&zeros, Compression::fast());
    drop(zeros);
    let lst = base64url_encode(&bomb);
    assert!(lst.len() < 1024 * 1024, "{}", lst.len());
    let err = TokenStatusList::decode(&lst, 1, &DecodeLimits::default()).unwrap_err();
    assert_eq!(err.code(), "sdjwt.status_list_size");
    assert!(err.to_string().contains("16777216"), "{err}");
    // Through a signed token too.
    let mut p = good_payload();
    p["status_list"] = json!({"bits": 1, "lst": lst});
    assert_eq!(
        lists()
            .check_status(
                &verified(0),
                raw_token(&p, Some("statuslist+jwt")).as_bytes()
            )
            .unwrap_err()
            .code(),
        "sdjwt.status_list_size"
    );
}

#[test]
fn the_issuer_side_refusals() {
    let list = list(1);
    assert_eq!(
        status::issue_token(&list, &claims().ttl(0), &issuer())
            .unwrap_err()
            .code(),
        "sdjwt.status_list_invalid"
    );
    assert_eq!(
        status::issue_token(
            &list,
            &StatusListTokenClaims::new("not a uri", now()),
            &issuer()
        )
        .unwrap_err()
        .code(),
        "sdjwt.status_list_invalid"
    );
    let mut one_bit = TokenStatusList::new(8, 1).unwrap();
    assert_eq!(
        one_bit.set(0, SUSPENDED).unwrap_err().code(),
        "sdjwt.status_list_invalid"
    );
    assert_eq!(
        one_bit.set(8, INVALID).unwrap_err().code(),
        "sdjwt.status_index_out_of_range"
    );
    assert_eq!(
        TokenStatusList::from_bytes(vec![0], 3).unwrap_err().code(),
        "sdjwt.status_list_invalid"
    );
    let eight = TokenStatusList::from_bytes(vec![1, 2, 0xff], 8).unwrap();
    assert_eq!(eight.status(2).unwrap(), StatusType::Reserved(0xff));
    // An empty list has no entries: every index is out of range.
    let empty = TokenStatusList::new(0, 1).unwrap();
    assert!(empty.is_empty());
    let read = TokenStatusList::decode(&empty.encode(), 1, &DecodeLimits::default()).unwrap();
    assert_eq!(
        read.get(0).unwrap_err().code(),
        "sdjwt.status_index_out_of_range"
    );
}
