//! SD-JWT (RFC 9901): the RFC's own examples reproduced digest by digest, issue → present →
//! verify, and every refusal with its `sdjwt.*` code.

use govblocks_core::clock::FixedClock;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::{
    self, rules, Disclosure, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVerifier,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

const NOW: i64 = 1_767_268_800; // 2026-01-01T12:00:00Z
const AUD: &str = "https://office.example.gov";
const NONCE: &str = "n-4711";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}
fn issuer() -> SecretKey {
    SecretKey::from_seed(&[1; 32])
}
fn holder() -> SecretKey {
    SecretKey::from_seed(&[2; 32])
}
fn other() -> SecretKey {
    SecretKey::from_seed(&[3; 32])
}

fn verifier() -> SdJwtVerifier {
    SdJwtVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust_all_purposes(issuer().public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    )
}

fn required() -> KeyBinding {
    KeyBinding::required(AUD, NONCE)
}

fn claims() -> Value {
    json!({
        "iss": "https://registry.example.gov",
        "given_name": "Olena",
        "family_name": "Shevchenko",
        "birthdate": "1990-04-01",
        "address": {"district": "Podilskyi", "street": "Kontraktova 4", "country": "UA"},
        "nationalities": ["UA", "PL"],
    })
}

fn all_pointers() -> Vec<&'static str> {
    vec![
        "/given_name",
        "/family_name",
        "/birthdate",
        "/address",
        "/address/district",
        "/address/street",
        "/nationalities/0",
        "/nationalities/1",
    ]
}

fn issued() -> String {
    let mut options = IssueOptions::new().holder(holder().public_key());
    for p in all_pointers() {
        options = options.disclose(p);
    }
    sd_jwt::issue(&claims(), &options, &issuer())
        .unwrap()
        .compact()
        .to_string()
}

fn present(reveal: &[&str]) -> String {
    let reveal: Vec<String> = reveal.iter().map(|s| s.to_string()).collect();
    sd_jwt::present(
        &issued(),
        &reveal,
        &holder(),
        &KeyBindingClaims::new(AUD, NONCE, now()),
        &Limits::default(),
    )
    .unwrap()
}

fn code(presentation: &str, binding: &KeyBinding) -> String {
    verifier()
        .verify(presentation, binding)
        .unwrap_err()
        .code()
        .to_string()
}

/// A disclosure of these JSON contents, written as given.
fn disclosure(contents: &str) -> String {
    base64url_encode(contents.as_bytes())
}

/// An SD-JWT of `payload` signed by the issuer (kid its did:key URL), with these disclosures.
fn forge(payload: &Value, disclosures: &[&str]) -> String {
    let jwt = jws::sign(
        payload.to_string().as_bytes(),
        &issuer(),
        &JwsOptions::attached().with_signer_kid(),
    )
    .unwrap();
    let mut out = jwt + "~";
    for d in disclosures {
        out.push_str(d);
        out.push('~');
    }
    out
}

fn vectors() -> Value {
    serde_json::from_str(include_str!("../vectors/sd-jwt/rfc9901-examples.json")).unwrap()
}

// ---- RFC 9901's own examples --------------------------------------------------------------

/// RFC 9901 §4.2.3: "The digest MUST be taken over the US-ASCII bytes of the base64url-encoded
/// value that is the Disclosure." Every disclosure printed in §4.2.1, §4.2.2, §4.2.6 and §5.1
/// has the printed digest, and decodes to the printed contents.
#[test]
fn rfc9901_digests_are_reproduced_exactly() {
    let vectors = vectors();
    let entries = vectors["disclosures"].as_array().unwrap();
    assert_eq!(entries.len(), 15);
    for (i, entry) in entries.iter().enumerate() {
        let text = entry["disclosure"].as_str().unwrap();
        assert_eq!(
            sd_jwt::digest(text),
            entry["digest"].as_str().unwrap(),
            "§{} {}",
            entry["section"],
            entry["claim"]
        );
        let parsed = Disclosure::parse(text, i, &Limits::default()).unwrap();
        let contents = entry["contents"].as_array().unwrap();
        assert_eq!(parsed.salt(), contents[0].as_str().unwrap());
        if contents.len() == 3 {
            assert_eq!(parsed.name(), contents[1].as_str());
            assert_eq!(parsed.value(), &contents[2]);
        } else {
            assert_eq!(parsed.name(), None);
            assert_eq!(parsed.value(), &contents[1]);
        }
        assert_eq!(parsed.digest(), entry["digest"].as_str().unwrap());
    }
}

/// RFC 9901 §4.2.1: "the following strings are all valid and encode the same claim value
/// "Möbius"" — and "the digest is calculated over the respective base64url-encoded value
/// itself", so each has its own digest.
#[test]
fn rfc9901_4_2_1_variants_are_the_same_claim_with_other_digests() {
    let vectors = vectors();
    let original = vectors["disclosures"][0]["disclosure"].as_str().unwrap();
    let mut digests = vec![sd_jwt::digest(original)];
    for text in vectors["variants_4_2_1"]["disclosures"].as_array().unwrap() {
        let text = text.as_str().unwrap();
        let d = Disclosure::parse(text, 0, &Limits::default()).unwrap();
        assert_eq!(d.name(), Some("family_name"));
        assert_eq!(d.value(), &json!("Möbius"));
        digests.push(d.digest().to_string());
    }
    digests.sort();
    digests.dedup();
    assert_eq!(digests.len(), 4);
}

/// RFC 9901 §5.1: the example's payload digests with its ten disclosures give the processed
/// payload of §5.2's end ("After validation, the Verifier will have the following Processed
/// SD-JWT Payload"), here with every disclosure, then with the four of §5.2's presentation.
#[test]
fn rfc9901_5_1_payload_is_processed() {
    let vectors = vectors();
    let digests = &vectors["example_5_1_payload_digests"];
    let payload = json!({
        "_sd": digests["_sd"],
        "iss": "https://issuer.example.com/",
        "iat": 1683000000,
        "exp": 1883000000,
        "sub": "user_42",
        "nationalities": digests["nationalities"],
        "_sd_alg": "sha-256",
    });
    let all: Vec<&str> = vectors["disclosures"].as_array().unwrap()[2..12]
        .iter()
        .map(|e| e["disclosure"].as_str().unwrap())
        .collect();
    let processed = rules::process_payload(payload.clone(), &all, &Limits::default()).unwrap();
    assert_eq!(
        processed,
        json!({
            "iss": "https://issuer.example.com/", "iat": 1683000000, "exp": 1883000000,
            "sub": "user_42", "given_name": "John", "family_name": "Doe",
            "email": "johndoe@example.com", "phone_number": "+1-202-555-0101",
            "phone_number_verified": true,
            "address": {"street_address": "123 Main St", "locality": "Anytown",
                        "region": "Anystate", "country": "US"},
            "birthdate": "1940-01-01", "updated_at": 1570000000,
            "nationalities": ["US", "DE"],
        })
    );
    // §5.2: given_name, family_name, address and one nationality.
    let some = [all[0], all[1], all[5], all[8]];
    let processed = rules::process_payload(payload, &some, &Limits::default()).unwrap();
    assert_eq!(
        processed,
        json!({
            "iss": "https://issuer.example.com/", "iat": 1683000000, "exp": 1883000000,
            "sub": "user_42", "given_name": "John", "family_name": "Doe",
            "address": {"street_address": "123 Main St", "locality": "Anytown",
                        "region": "Anystate", "country": "US"},
            "nationalities": ["US"],
        })
    );
}

/// RFC 9901 §4.2.4.2: "the verification process would output an array with only two
/// elements, ["DE", "US"], unless the matching Disclosure for the second element is received,
/// in which case the output would be a three element array, ["DE", "FR", "US"]."
#[test]
fn rfc9901_4_2_4_2_array_elements() {
    let vectors = vectors();
    let fr = vectors["disclosures"][1]["disclosure"].as_str().unwrap();
    let payload = json!({"nationalities":
        ["DE", {"...":"w0I8EKcdCtUPkGCNUrfwVp2xEgNjtoIDlOxc9-PlOhs"}, "US"]});
    let l = Limits::default();
    assert_eq!(
        rules::process_payload(payload.clone(), &[], &l).unwrap(),
        json!({"nationalities": ["DE", "US"]})
    );
    assert_eq!(
        rules::process_payload(payload, &[fr], &l).unwrap(),
        json!({"nationalities": ["DE", "FR", "US"]})
    );
}

/// RFC 9901 §4.2.6: the array elements of the recursive example, disclosed one by one.
#[test]
fn rfc9901_4_2_6_recursive_elements() {
    let vectors = vectors();
    let d: Vec<&str> = vectors["disclosures"].as_array().unwrap()[12..15]
        .iter()
        .map(|e| e["disclosure"].as_str().unwrap())
        .collect();
    let payload = json!({"family_name": "Möbius", "nationalities": [
        {"...": "PmnlrRjhLcwf8zTDdK15HVGwHtPYjddvD362WjBLwro"},
        {"...": "r823HFN6Ba_lpSANYtXqqCBAH-TsQlIzfOK0lRAFLCM"},
        {"...": "nP5GYjwhFm6ESlAeC4NCaIliW4tz0hTrUeoJB3lb5TA"}]});
    let processed =
        rules::process_payload(payload.clone(), &[d[0], d[2]], &Limits::default()).unwrap();
    assert_eq!(processed["nationalities"], json!(["DE", "UK"]));
    // Wrapped in a disclosure of its own (the recursive form), generated here.
    let outer = disclosure(
        &json!([
            "4drfeTtSUK3aY_-PF12gcX",
            "nationalities",
            payload["nationalities"]
        ])
        .to_string(),
    );
    let recursive = json!({"family_name": "Möbius", "_sd": [sd_jwt::digest(&outer)]});
    let processed =
        rules::process_payload(recursive.clone(), &[&outer, d[1]], &Limits::default()).unwrap();
    assert_eq!(
        processed,
        json!({"family_name": "Möbius", "nationalities": ["FR"]})
    );
    // "it would be illegal to include any one of the PmnlrRj..., r823HFN..., nP5GYjw..
    // disclosure objects without also including the 5G1srw3... disclosure object"
    assert_eq!(
        rules::process_payload(recursive, &[d[1]], &Limits::default())
            .unwrap_err()
            .code(),
        "sdjwt.disclosure_unreferenced"
    );
}

// ---- issue, present, verify ----------------------------------------------------------------

#[test]
fn reveal_district_only() {
    let verified = verifier()
        .verify(&present(&["/address/district"]), &required())
        .unwrap();
    assert_eq!(
        verified.claims(),
        &json!({
            "iss": "https://registry.example.gov",
            "address": {"country": "UA", "district": "Podilskyi"},
            "nationalities": [],
            "cnf": {"jwk": holder().public_key().to_jwk().to_value()},
        })
    );
    assert_eq!(
        verified.issuer(),
        Some(issuer().public_key().did().as_str())
    );
    assert_eq!(verified.holder(), Some(&holder().public_key()));
    assert_eq!(verified.key_binding().unwrap().nonce(), NONCE);
    assert_eq!(verified.disclosure_count(), 2);
}

#[test]
fn reveal_whole_address_and_one_nationality() {
    let verified = verifier()
        .verify(&present(&["/address", "/nationalities/1"]), &required())
        .unwrap();
    assert_eq!(
        verified.claims()["address"],
        json!({"country": "UA", "district": "Podilskyi", "street": "Kontraktova 4"})
    );
    assert_eq!(verified.claims()["nationalities"], json!(["PL"]));
    assert!(verified.claims().get("given_name").is_none());
}

#[test]
fn issued_payload_shape() {
    let issued = sd_jwt::issue(
        &claims(),
        &IssueOptions::new()
            .disclose("/given_name")
            .disclose("/nationalities/1")
            .decoys(3)
            .holder(holder().public_key())
            .typ(sd_jwt::TYP_DC_SD_JWT),
        &issuer(),
    )
    .unwrap();
    let payload = issued.payload();
    assert_eq!(payload["_sd_alg"], "sha-256");
    let sd: Vec<&str> = payload["_sd"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(sd.len(), 4, "one digest and three decoys");
    let mut sorted = sd.clone();
    sorted.sort();
    assert_eq!(sd, sorted, "digests sorted");
    assert_eq!(payload["nationalities"][0], "UA");
    assert!(payload["nationalities"][1]["..."].is_string());
    assert_eq!(payload["cnf"]["jwk"]["kty"], "OKP");
    assert_eq!(payload["cnf"]["jwk"]["crv"], "Ed25519");
    assert_eq!(issued.disclosures().len(), 2);
    for d in issued.disclosures() {
        // 128-bit salts: 22 base64url characters.
        assert_eq!(d.salt().len(), 22);
    }
    let header =
        jws::decode_unverified_header(issued.compact().split('~').next().unwrap()).unwrap();
    assert_eq!(header.typ(), Some("dc+sd-jwt"));
    assert_eq!(
        header.kid(),
        Some(issuer().public_key().verification_method().as_str())
    );
    // Two issuances never share a salt.
    let again = sd_jwt::issue(
        &claims(),
        &IssueOptions::new().disclose("/given_name"),
        &issuer(),
    )
    .unwrap();
    assert_ne!(
        again.disclosures()[0].salt(),
        issued.disclosures()[0].salt()
    );
    // Without key binding: verified as an SD-JWT, and holder selection works without a key.
    let sd = sd_jwt::select(
        issued.compact(),
        &["/given_name".into()],
        &Limits::default(),
    )
    .unwrap();
    assert!(sd.ends_with('~'));
    let v = verifier().verify(&sd, &KeyBinding::NotRequired).unwrap();
    assert_eq!(v.claims()["given_name"], "Olena");
    assert_eq!(v.claims()["nationalities"], json!(["UA"]));
    assert!(v.key_binding().is_none());
}

#[test]
fn recursive_disclosure_needs_its_parent() {
    // Revealing /address/district brings the address disclosure, not the street's.
    let p = present(&["/address/district"]);
    let body = p.rsplit_once('~').unwrap().0;
    assert_eq!(body.split('~').count(), 3, "JWT, address, district");
}

#[test]
fn ed25519_alg_name_is_accepted_on_input() {
    let header = json!({"alg": "Ed25519", "kid": issuer().public_key().verification_method()});
    let payload = json!({"iss": "x", "_sd_alg": "sha-256"});
    let h = base64url_encode(header.to_string().as_bytes());
    let b = base64url_encode(payload.to_string().as_bytes());
    let sig = issuer().sign(format!("{h}.{b}").as_bytes());
    let sdjwt = format!("{h}.{b}.{}~", base64url_encode(&sig));
    let v = verifier().verify(&sdjwt, &KeyBinding::NotRequired).unwrap();
    assert_eq!(v.claims(), &json!({"iss": "x"}));
}

#[test]
fn pinned_issuer_key() {
    let p = present(&["/given_name"]);
    let pinned = SdJwtVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::new()).with_clock(FixedClock::new(now())),
    );
    assert_eq!(
        pinned.verify(&p, &required()).unwrap_err().code(),
        "trust.untrusted"
    );
    let pinned = pinned.with_issuer_key(issuer().public_key());
    let v = pinned.verify(&p, &required()).unwrap();
    assert_eq!(v.issuer(), None);
    let wrong = SdJwtVerifier::new(Verifier::new(DidKeyResolver, TrustList::new()))
        .with_issuer_key(other().public_key());
    assert_eq!(
        wrong.verify(&p, &required()).unwrap_err().code(),
        "jws.signature_invalid"
    );
}

// ---- every refusal, with its code ----------------------------------------------------------

#[test]
fn refuses_malformed_and_oversized() {
    let n = KeyBinding::NotRequired;
    assert_eq!(code("no-tilde", &n), "sdjwt.malformed");
    let good = forge(&json!({}), &[]);
    assert_eq!(code(&format!("{good}~"), &n), "sdjwt.malformed");
    let small = verifier().with_limits(Limits::default().with_max_bytes(10));
    assert_eq!(small.verify(&good, &n).unwrap_err().code(), "sdjwt.limit");
    let d = disclosure(r#"["s","a",1]"#);
    let many = forge(&json!({}), &[&d, &d, &d]);
    let few = verifier().with_limits(Limits::default().with_max_disclosures(2));
    assert_eq!(few.verify(&many, &n).unwrap_err().code(), "sdjwt.limit");
    // Depth: disclosures nested in disclosures count.
    let mut value = json!(1);
    let mut ds = Vec::new();
    for i in 0..40 {
        let d = disclosure(&json!([format!("s{i}"), "x", value]).to_string());
        value = json!({"_sd": [sd_jwt::digest(&d)]});
        ds.push(d);
    }
    let refs: Vec<&str> = ds.iter().map(String::as_str).collect();
    assert_eq!(code(&forge(&value, &refs), &n), "sdjwt.limit");
    assert_eq!(
        code(&forge(&value, &refs[..10]), &n),
        "sdjwt.disclosure_unreferenced"
    );
}

#[test]
fn refuses_invalid_disclosures() {
    let n = KeyBinding::NotRequired;
    for contents in [
        r#"["s","a","b","c"]"#,
        r#"["s"]"#,
        r#"{"s":1}"#,
        r#"[1,"a","b"]"#,
        r#"["s",1,"b"]"#,
        r#"["s","a","b","a"]"#,
        r#"["s","a",{"x":1,"x":2}]"#,
    ] {
        let d = disclosure(contents);
        let payload = json!({"_sd": [sd_jwt::digest(&d)]});
        assert_eq!(
            code(&forge(&payload, &[&d]), &n),
            "sdjwt.disclosure_invalid",
            "{contents}"
        );
    }
    assert_eq!(
        code(&forge(&json!({}), &["!!"]), &n),
        "sdjwt.disclosure_invalid"
    );
    // An element disclosure from `_sd`, a property disclosure from an array.
    let element = disclosure(r#"["s","v"]"#);
    let p = json!({"_sd": [sd_jwt::digest(&element)]});
    assert_eq!(
        code(&forge(&p, &[&element]), &n),
        "sdjwt.disclosure_invalid"
    );
    let property = disclosure(r#"["s","a","v"]"#);
    let p = json!({"list": [{"...": sd_jwt::digest(&property)}]});
    assert_eq!(
        code(&forge(&p, &[&property]), &n),
        "sdjwt.disclosure_invalid"
    );
}

#[test]
fn refuses_unreferenced_duplicate_and_colliding() {
    let n = KeyBinding::NotRequired;
    let d = disclosure(r#"["s","given_name","Olena"]"#);
    assert_eq!(
        code(&forge(&json!({}), &[&d]), &n),
        "sdjwt.disclosure_unreferenced"
    );
    let p = json!({"_sd": [sd_jwt::digest(&d)]});
    assert_eq!(
        code(&forge(&p, &[&d, &d]), &n),
        "sdjwt.disclosure_duplicate"
    );
    let twice = json!({"_sd": [sd_jwt::digest(&d), sd_jwt::digest(&d)]});
    assert_eq!(code(&forge(&twice, &[&d]), &n), "sdjwt.digest_duplicate");
    // A digest twice, once in an object and once in an array, even undisclosed.
    let decoy = sd_jwt::digest("decoy");
    let twice = json!({"_sd": [decoy], "a": [{"...": decoy}]});
    assert_eq!(code(&forge(&twice, &[]), &n), "sdjwt.digest_duplicate");
    // Through a disclosure: the inner digest repeats one of the payload.
    let inner = disclosure(&json!(["s2", "x", {"_sd": [decoy]}]).to_string());
    let p = json!({"_sd": [decoy, sd_jwt::digest(&inner)]});
    assert_eq!(code(&forge(&p, &[&inner]), &n), "sdjwt.digest_duplicate");
    let collide = json!({"given_name": "Other", "_sd": [sd_jwt::digest(&d)]});
    assert_eq!(code(&forge(&collide, &[&d]), &n), "sdjwt.claim_collision");
    // Two disclosures of one name at one level collide too.
    let d2 = disclosure(r#"["t","given_name","Olha"]"#);
    let p = json!({"_sd": [sd_jwt::digest(&d), sd_jwt::digest(&d2)]});
    assert_eq!(code(&forge(&p, &[&d, &d2]), &n), "sdjwt.claim_collision");
}

#[test]
fn refuses_reserved_names_and_other_hash_algorithms() {
    let n = KeyBinding::NotRequired;
    for name in ["_sd", "..."] {
        let d = disclosure(&json!(["s", name, "x"]).to_string());
        let p = json!({"_sd": [sd_jwt::digest(&d)]});
        assert_eq!(code(&forge(&p, &[&d]), &n), "sdjwt.reserved_name", "{name}");
    }
    for alg in [json!("sha-512"), json!("SHA-256"), json!(1)] {
        let p = json!({"_sd_alg": alg});
        assert_eq!(
            code(&forge(&p, &[]), &n),
            "sdjwt.sd_alg_unsupported",
            "{alg}"
        );
    }
    for p in [
        json!({"_sd": "x"}),
        json!({"_sd": [1]}),
        json!({"a": {"_sd_alg": "sha-256"}}),
    ] {
        assert_eq!(code(&forge(&p, &[]), &n), "sdjwt.payload_invalid", "{p}");
    }
    // The issuer refuses reserved names in the claims it is given.
    for claims in [
        json!({"_sd": []}),
        json!({"a": {"...": 1}}),
        json!({"_sd_alg": "x"}),
    ] {
        assert_eq!(
            sd_jwt::issue(&claims, &IssueOptions::new(), &issuer())
                .unwrap_err()
                .code(),
            "sdjwt.reserved_name"
        );
    }
}

#[test]
fn refuses_outside_the_validity_window() {
    let n = KeyBinding::NotRequired;
    assert_eq!(
        code(&forge(&json!({"exp": NOW - 3600}), &[]), &n),
        "sdjwt.expired"
    );
    assert_eq!(
        code(&forge(&json!({"nbf": NOW + 3600}), &[]), &n),
        "sdjwt.not_yet_valid"
    );
    assert_eq!(
        code(&forge(&json!({"exp": "soon"}), &[]), &n),
        "sdjwt.payload_invalid"
    );
    // Within the skew both pass.
    verifier()
        .verify(&forge(&json!({"exp": NOW - 60, "nbf": NOW + 60}), &[]), &n)
        .unwrap();
}

#[test]
fn refuses_missing_or_foreign_key_binding() {
    let sd = sd_jwt::select(&issued(), &["/given_name".into()], &Limits::default()).unwrap();
    assert_eq!(code(&sd, &required()), "sdjwt.kb_missing");
    let p = present(&["/given_name"]);
    assert_eq!(
        code(&p, &KeyBinding::required("https://other.example", NONCE)),
        "sdjwt.kb_audience"
    );
    assert_eq!(
        code(&p, &KeyBinding::required(AUD, "other")),
        "sdjwt.kb_nonce"
    );
    // Signed by another key than cnf's.
    let kb = |key: &SecretKey, typ: &str, payload: Value| {
        jws::sign(
            payload.to_string().as_bytes(),
            key,
            &JwsOptions::attached().with_typ(typ),
        )
        .unwrap()
    };
    let claims =
        |sd: &str| json!({"aud": AUD, "nonce": NONCE, "iat": NOW, "sd_hash": sd_jwt::digest(sd)});
    assert_eq!(
        code(
            &format!("{sd}{}", kb(&other(), "kb+jwt", claims(&sd))),
            &required()
        ),
        "sdjwt.kb_signature"
    );
    // The right key, but not a kb+jwt.
    assert_eq!(
        code(
            &format!("{sd}{}", kb(&holder(), "JWT", claims(&sd))),
            &required()
        ),
        "sdjwt.kb_invalid"
    );
    let mut missing = claims(&sd);
    missing.as_object_mut().unwrap().remove("nonce");
    assert_eq!(
        code(
            &format!("{sd}{}", kb(&holder(), "kb+jwt", missing)),
            &required()
        ),
        "sdjwt.kb_invalid"
    );
    let mut array_aud = claims(&sd);
    array_aud["aud"] = json!([AUD]);
    assert_eq!(
        code(
            &format!("{sd}{}", kb(&holder(), "kb+jwt", array_aud)),
            &required()
        ),
        "sdjwt.kb_invalid"
    );
    // sd_hash over another selection.
    let other_sd = sd_jwt::select(&issued(), &["/family_name".into()], &Limits::default()).unwrap();
    assert_eq!(
        code(
            &format!("{sd}{}", kb(&holder(), "kb+jwt", claims(&other_sd))),
            &required()
        ),
        "sdjwt.kb_sd_hash"
    );
    // A disclosure dropped from a presentation breaks sd_hash.
    let p = present(&["/given_name", "/family_name"]);
    let parts: Vec<&str> = p.split('~').collect();
    let dropped = format!("{}~{}~{}", parts[0], parts[1], parts[3]);
    assert_eq!(code(&dropped, &required()), "sdjwt.kb_sd_hash");
    // iat too old or in the future.
    for iat in [NOW - 3600, NOW + 3600] {
        let mut c = claims(&sd);
        c["iat"] = json!(iat);
        assert_eq!(
            code(&format!("{sd}{}", kb(&holder(), "kb+jwt", c)), &required()),
            "sdjwt.kb_time"
        );
    }
    // A KB-JWT when the SD-JWT binds no key, or binds a key that is not Ed25519.
    let unbound = forge(&json!({}), &[]);
    assert_eq!(
        code(
            &format!("{unbound}{}", kb(&holder(), "kb+jwt", claims(&unbound))),
            &required()
        ),
        "sdjwt.cnf_invalid"
    );
    let ec = forge(
        &json!({"cnf": {"jwk": {"kty": "EC", "crv": "P-256", "x": "b28d4MwZMjw8-00CG4xfnn9SLMVMM19SlqZpVb_uNtQ", "y": "Xv5zWwuoaTgdS6hV43yI6gBwTnjukmFQQnJ_kCxzqk8"}}}),
        &[],
    );
    assert_eq!(code(&ec, &KeyBinding::NotRequired), "sdjwt.cnf_invalid");
}

#[test]
fn the_holder_refuses_bad_pointers_and_foreign_keys() {
    let issued = issued();
    let l = Limits::default();
    for bad in ["/nope", "given_name", "", "/address/~2"] {
        assert_eq!(
            sd_jwt::select(&issued, &[bad.to_string()], &l)
                .unwrap_err()
                .code(),
            "sdjwt.pointer_invalid",
            "{bad}"
        );
    }
    let kb = KeyBindingClaims::new(AUD, NONCE, now());
    assert_eq!(
        sd_jwt::present(&issued, &[], &other(), &kb, &l)
            .unwrap_err()
            .code(),
        "sdjwt.cnf_invalid"
    );
    // The holder is never given an SD-JWT+KB.
    let p = present(&[]);
    assert_eq!(
        sd_jwt::select(&p, &[], &l).unwrap_err().code(),
        "sdjwt.malformed"
    );
}

#[test]
fn the_issuer_refuses_bad_pointers() {
    for (pointers, expected) in [
        (vec!["/nope"], "sdjwt.pointer_invalid"),
        (vec!["/address/nope"], "sdjwt.pointer_invalid"),
        (vec!["/nationalities/7"], "sdjwt.pointer_invalid"),
        (vec!["/given_name", "/given_name"], "sdjwt.pointer_invalid"),
        (vec!["/cnf"], "sdjwt.pointer_invalid"),
        (vec![""], "sdjwt.pointer_invalid"),
    ] {
        let mut options = IssueOptions::new();
        for p in &pointers {
            options = options.disclose(*p);
        }
        assert_eq!(
            sd_jwt::issue(&claims(), &options, &issuer())
                .unwrap_err()
                .code(),
            expected,
            "{pointers:?}"
        );
    }
    let mut with_cnf = claims();
    with_cnf["cnf"] = json!({});
    assert_eq!(
        sd_jwt::issue(
            &with_cnf,
            &IssueOptions::new().holder(holder().public_key()),
            &issuer()
        )
        .unwrap_err()
        .code(),
        "sdjwt.claim_collision"
    );
    assert_eq!(
        sd_jwt::issue(&json!([1]), &IssueOptions::new(), &issuer())
            .unwrap_err()
            .code(),
        "sdjwt.payload_invalid"
    );
}

#[test]
fn tampered_issuer_jwt_and_untrusted_issuer() {
    let p = present(&["/given_name"]);
    let (jwt, rest) = p.split_once('~').unwrap();
    let mut bytes = jwt.as_bytes().to_vec();
    let i = jwt.find('.').unwrap() + 5;
    bytes[i] = if bytes[i] == b'A' { b'B' } else { b'A' };
    let tampered = format!("{}~{rest}", String::from_utf8(bytes).unwrap());
    assert!(verifier().verify(&tampered, &required()).is_err());
    let stranger = SdJwtVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust_all_purposes(other().public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    );
    assert_eq!(
        stranger.verify(&p, &required()).unwrap_err().code(),
        "trust.untrusted"
    );
}

/// A presentation with one signature's middle altered: the issuer JWT's (`kb` false) or the
/// key-binding JWT's.
fn with_signature_altered(presentation: &str, kb: bool) -> String {
    let at = if kb {
        presentation.rfind('.').unwrap() + 20
    } else {
        presentation.split_once('~').unwrap().0.rfind('.').unwrap() + 20
    };
    let mut bytes = presentation.as_bytes().to_vec();
    bytes[at] = if bytes[at] == b'A' { b'B' } else { b'A' };
    String::from_utf8(bytes).unwrap()
}

#[test]
fn with_a_key_binding_each_signature_still_answers_for_itself() {
    // verify checks the issuer's and the holder's signatures in one equation; when it fails,
    // or anything before it does, the presentation is verified one signature at a time, so
    // each error is the one, in the order, of that plain pass.
    let p = present(&["/given_name", "/address/district"]);
    assert!(verifier().verify(&p, &required()).is_ok());
    let issuer_bad = with_signature_altered(&p, false);
    let holder_bad = with_signature_altered(&p, true);
    let both_bad = with_signature_altered(&issuer_bad, true);
    assert_eq!(code(&issuer_bad, &required()), "jws.signature_invalid");
    assert_eq!(code(&holder_bad, &required()), "sdjwt.kb_signature");
    assert_eq!(code(&both_bad, &required()), "jws.signature_invalid");
    // The issuer's signature is refused before anything its payload would decide: a disclosure
    // it does not list, a broken disclosure.
    let (jwt, rest) = issuer_bad.split_once('~').unwrap();
    let unlisted = disclosure(r#"["c2FsdHNhbHRzYWx0","given_name","Mallory"]"#);
    for extra in [unlisted.as_str(), "not base64!"] {
        assert_eq!(
            code(&format!("{jwt}~{extra}~{rest}"), &required()),
            "jws.signature_invalid",
            "{extra}"
        );
    }
    // With a pinned issuer key too.
    let pinned = SdJwtVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::new()).with_clock(FixedClock::new(now())),
    )
    .with_issuer_key(issuer().public_key());
    assert!(pinned.verify(&p, &required()).is_ok());
    for (bad, expected) in [
        (&issuer_bad, "jws.signature_invalid"),
        (&holder_bad, "sdjwt.kb_signature"),
        (&both_bad, "jws.signature_invalid"),
    ] {
        assert_eq!(
            pinned.verify(bad, &required()).unwrap_err().code(),
            expected
        );
    }
    // Without a key binding required, a present one is still checked, and the same way.
    assert_eq!(
        code(&holder_bad, &KeyBinding::NotRequired),
        "sdjwt.kb_signature"
    );
    assert!(verifier().verify(&p, &KeyBinding::NotRequired).is_ok());
}
