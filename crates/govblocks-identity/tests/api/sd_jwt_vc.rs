//! SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-18): issuing and verifying the profile, the
//! foundational ID as an SD-JWT VC (an age check and a district check from one credential),
//! and every refusal with its `sdjwtvc.*` code, each test quoting the draft's section.

use govblocks_core::clock::FixedClock;
use govblocks_core::encoding::base64url_encode;
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::foundational_id::{BirthDate, FoundationalIdSubject, Residence, Sex};
use govblocks_identity::sd_jwt::foundational_id::{self, FoundationalIdVc, FOUNDATIONAL_ID_VCT};
use govblocks_identity::sd_jwt::{
    self, vc, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVcVerifier, SdJwtVerifier,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

const NOW: i64 = 1_767_268_800; // 2026-01-01T12:00:00Z
const AUD: &str = "https://office.example.gov";
const NONCE: &str = "n-4711";
const VCT: &str = "https://credentials.example.gov/residence/1";

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

fn sd_jwt_verifier() -> SdJwtVerifier {
    SdJwtVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new()
                .trust_all_purposes(issuer().public_key().did())
                .trust_all_purposes(other().public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    )
}

fn verifier() -> SdJwtVcVerifier {
    SdJwtVcVerifier::new(sd_jwt_verifier())
}

fn required() -> KeyBinding {
    KeyBinding::required(AUD, NONCE)
}

fn code(presentation: &str, binding: &KeyBinding) -> String {
    verifier()
        .verify(presentation, binding)
        .unwrap_err()
        .code()
        .to_string()
}

/// The claims of a small SD-JWT VC issued by `issuer()`.
fn claims() -> Value {
    json!({
        "vct": VCT,
        "iss": issuer().public_key().did(),
        "iat": NOW - 86_400,
        "exp": NOW + 86_400,
        "sub": "did:example:olena",
        "district": "Podilskyi",
        "street": "Kontraktova 4",
        "status": {"status_list": {"idx": 4711, "uri": "https://registry.example.gov/status/1"}},
    })
}

fn options() -> IssueOptions {
    IssueOptions::new()
        .disclose("/district")
        .disclose("/street")
        .holder(holder().public_key())
}

fn present(issued: &str, reveal: &[&str]) -> String {
    let reveal: Vec<String> = reveal.iter().map(|s| s.to_string()).collect();
    sd_jwt::present(
        issued,
        &reveal,
        &holder(),
        &KeyBindingClaims::new(AUD, NONCE, now()),
        &Limits::default(),
    )
    .unwrap()
}

/// A disclosure of these JSON contents.
fn disclosure(contents: &Value) -> String {
    base64url_encode(contents.to_string().as_bytes())
}

/// An SD-JWT signed by `key` (kid its did:key URL) with this `typ` (none: no `typ`), payload
/// and disclosures.
fn forge_by(key: &SecretKey, typ: Option<&str>, payload: &Value, disclosures: &[&str]) -> String {
    let mut options = JwsOptions::attached().with_signer_kid();
    if let Some(typ) = typ {
        options = options.with_typ(typ);
    }
    let jwt = jws::sign(payload.to_string().as_bytes(), key, &options).unwrap();
    let mut out = jwt + "~";
    for d in disclosures {
        out.push_str(d);
        out.push('~');
    }
    out
}

fn forge(payload: &Value, disclosures: &[&str]) -> String {
    forge_by(&issuer(), Some("dc+sd-jwt"), payload, disclosures)
}

/// `claims()` with `name` changed (`Value::Null`: removed).
fn with(name: &str, value: Value) -> Value {
    let mut c = claims();
    let map = c.as_object_mut().unwrap();
    if value.is_null() {
        map.remove(name);
    } else {
        map.insert(name.into(), value);
    }
    c
}

fn subject() -> FoundationalIdSubject {
    FoundationalIdSubject::new(
        "7260181597",
        "Kovalenko",
        BirthDate::parse("1990-04-01").unwrap(),
        Residence::new("UA")
            .with_region("Kyiv")
            .with_district("Podilskyi"),
    )
    .with_id("did:example:olena")
    .with_given_name("Olena")
    .with_sex(Sex::Female)
    .with_photo(b"photo")
}

fn foundational() -> String {
    foundational_id::issue(
        &subject(),
        &FoundationalIdVc::new(holder().public_key(), now()).decoys(1),
        &issuer(),
    )
    .unwrap()
    .compact()
    .to_string()
}

// ---- the foundational ID: an age check and a district check from one SD-JWT VC -----------

#[test]
fn foundational_id_age_check_reveals_the_age_alone() {
    let issued = foundational();
    let v = verifier()
        .expect_vct(FOUNDATIONAL_ID_VCT)
        .verify(&present(&issued, &["/age_over_18"]), &required())
        .unwrap();
    assert_eq!(
        v.claims(),
        &json!({
            "vct": FOUNDATIONAL_ID_VCT,
            "iss": issuer().public_key().did(),
            "iat": NOW,
            "cnf": {"jwk": holder().public_key().to_jwk().to_value()},
            "age_over_18": true,
        })
    );
    assert_eq!(v.disclosed(), ["/age_over_18"]);
    assert_eq!(v.vct(), FOUNDATIONAL_ID_VCT);
    assert_eq!(v.issuer(), issuer().public_key().did());
    assert_eq!(
        v.subject(),
        None,
        "sub is disclosable, and was not disclosed"
    );
    assert_eq!(v.issued_at(), Some(NOW));
    assert_eq!((v.not_before(), v.expires_at()), (None, None));
    assert_eq!(v.typ(), "dc+sd-jwt");
    assert_eq!(v.holder(), Some(&holder().public_key()));
    assert_eq!(v.key_binding().unwrap().audience(), AUD);
}

#[test]
fn foundational_id_district_check_reveals_the_district_alone() {
    let issued = foundational();
    let v = verifier()
        .verify(&present(&issued, &["/address/district"]), &required())
        .unwrap();
    let mut claims = v.claims().clone();
    let map = claims.as_object_mut().unwrap();
    for visible in ["vct", "iss", "iat", "cnf"] {
        assert!(map.remove(visible).is_some(), "{visible}");
    }
    assert_eq!(claims, json!({"address": {"district": "Podilskyi"}}));
    let mut disclosed = v.disclosed().to_vec();
    disclosed.sort();
    assert_eq!(disclosed, ["/address", "/address/district"]);
}

#[test]
fn foundational_id_every_personal_claim_is_disclosable() {
    let issued = foundational_id::issue(
        &subject(),
        &FoundationalIdVc::new(holder().public_key(), now())
            .expires_at(now() + time::Duration::days(365)),
        &issuer(),
    )
    .unwrap();
    let payload = issued.payload().as_object().unwrap();
    let mut visible: Vec<&str> = payload.keys().map(String::as_str).collect();
    visible.sort_unstable();
    assert_eq!(
        visible,
        ["_sd", "_sd_alg", "cnf", "exp", "iat", "iss", "vct"]
    );
    // sub, uin, given_name, family_name, birthdate, age_over_18, sex, photo_digest, address,
    // and address's country, region, district.
    assert_eq!(issued.disclosures().len(), 12);
    let header =
        jws::decode_unverified_header(issued.compact().split('~').next().unwrap()).unwrap();
    assert_eq!(header.typ(), Some("dc+sd-jwt"));
    // Revealing everything gives back the whole mapping.
    let all = [
        "/sub",
        "/uin",
        "/given_name",
        "/family_name",
        "/birthdate",
        "/age_over_18",
        "/sex",
        "/photo_digest",
        "/address",
    ];
    let v = verifier()
        .verify(&present(issued.compact(), &all), &required())
        .unwrap();
    let c = v.claims();
    assert_eq!(c["uin"], "7260181597");
    assert_eq!(c["given_name"], "Olena");
    assert_eq!(c["family_name"], "Kovalenko");
    assert_eq!(c["birthdate"], "1990-04-01");
    assert_eq!(c["sex"], "F");
    assert!(c["photo_digest"].as_str().unwrap().starts_with("zQm"));
    assert_eq!(
        c["address"],
        json!({"country": "UA", "region": "Kyiv", "district": "Podilskyi"})
    );
    assert_eq!(v.subject(), Some("did:example:olena"));
    assert_eq!(v.expires_at(), Some(NOW + 365 * 86_400));
}

#[test]
fn foundational_id_age_over_18_is_computed_at_issuance() {
    let at = |birth: &str, issued: OffsetDateTime| {
        let subject = FoundationalIdSubject::new(
            "7260181597",
            "Kovalenko",
            BirthDate::parse(birth).unwrap(),
            Residence::new("UA"),
        );
        let (claims, _) = foundational_id::claims(
            &subject,
            "did:example:registry",
            &FoundationalIdVc::new(holder().public_key(), issued),
        )
        .unwrap();
        claims["age_over_18"].as_bool().unwrap()
    };
    // NOW is 2026-01-01.
    assert!(at("2008-01-01", now()), "18 on the day");
    assert!(!at("2008-01-02", now()), "18 tomorrow");
    assert!(at("1950-06-30", now()));
    assert!(!at("2020-01-01", now()));
    // 29 February: 18 from 1 March of a common year.
    let feb28 = OffsetDateTime::from_unix_timestamp(1_772_236_800).unwrap(); // 2026-02-28
    assert!(!at("2008-02-29", feb28));
    assert!(at("2008-02-29", feb28 + time::Duration::days(1)));
    // The issuance date is the UTC date of iat.
    let late = OffsetDateTime::from_unix_timestamp(NOW + 11 * 3600 + 59 * 60).unwrap(); // 23:59Z
    assert!(!at("2008-01-02", late));
}

#[test]
fn foundational_id_refusals() {
    let bad_uin = FoundationalIdSubject::new(
        "7260181598",
        "Kovalenko",
        BirthDate::parse("1990-04-01").unwrap(),
        Residence::new("UA"),
    );
    let options = FoundationalIdVc::new(holder().public_key(), now());
    assert_eq!(
        foundational_id::issue(&bad_uin, &options, &issuer())
            .unwrap_err()
            .code(),
        "foundational_id.number_invalid"
    );
    for name in ["given_name", "iss", "status", "sub", "age_over_18"] {
        let mut s = subject();
        s.extra.insert(name.into(), json!("x"));
        assert_eq!(
            foundational_id::issue(&s, &options, &issuer())
                .unwrap_err()
                .code(),
            "sdjwt.claim_collision",
            "{name}"
        );
    }
    // An extension member is disclosable like the rest.
    let mut s = subject();
    s.extra.insert("placeOfBirth".into(), json!("Kharkiv"));
    let issued = foundational_id::issue(&s, &options, &issuer()).unwrap();
    assert!(issued.payload().get("placeOfBirth").is_none());
    let v = verifier()
        .verify(&present(issued.compact(), &["/placeOfBirth"]), &required())
        .unwrap();
    assert_eq!(v.claims()["placeOfBirth"], "Kharkiv");
    // A status is passed through, always visible.
    let status = json!({"status_list": {"idx": 7, "uri": "https://registry.example.gov/status/1"}});
    let issued = foundational_id::issue(
        &subject(),
        &FoundationalIdVc::new(holder().public_key(), now()).status(status.clone()),
        &issuer(),
    )
    .unwrap();
    assert_eq!(issued.payload()["status"], status);
}

// ---- the profile ---------------------------------------------------------------------------

#[test]
fn issue_and_verify_a_vc() {
    let issued = vc::issue_vc(&claims(), &options(), &issuer()).unwrap();
    let v = verifier()
        .expect_vct(VCT)
        .verify(&present(issued.compact(), &["/district"]), &required())
        .unwrap();
    assert_eq!(v.claims()["district"], "Podilskyi");
    assert!(v.claims().get("street").is_none());
    assert_eq!(v.subject(), Some("did:example:olena"));
    assert_eq!(
        (v.issued_at(), v.expires_at()),
        (Some(NOW - 86_400), Some(NOW + 86_400))
    );
    // draft §2.4: "If `status` is present in the verified payload of the SD-JWT, the status
    // SHOULD be checked" — passed through here, for the status list's checker.
    assert_eq!(v.status(), Some(&claims()["status"]));
    assert_eq!(v.vct_integrity(), None);
    assert_eq!(v.sd_jwt().disclosure_count(), 1);
    // draft §2.2.2.5: "In that case, the SD-JWT VC MUST NOT contain the `_sd` claim in the JWT
    // body": no decoys without a disclosable claim.
    let plain = vc::issue_vc(
        &claims(),
        &IssueOptions::new().holder(holder().public_key()).decoys(3),
        &issuer(),
    )
    .unwrap();
    assert!(plain.payload().get("_sd").is_none());
    assert!(plain.disclosures().is_empty());
    // Without key binding, as an SD-JWT VC presented without KB-JWT.
    let sd = sd_jwt::select(issued.compact(), &[], &Limits::default()).unwrap();
    let v = verifier().verify(&sd, &KeyBinding::NotRequired).unwrap();
    assert!(v.key_binding().is_none());
    assert!(v.disclosed().is_empty());
}

/// draft §2.2.1: "The Issuer MUST include the `typ` header parameter in the SD-JWT. The `typ`
/// value MUST use `dc+sd-jwt`." ... "both `vc+sd-jwt` and `dc+sd-jwt` should be accepted as the
/// value of the `typ` header for a reasonable transitional period."
#[test]
fn typ_dc_sd_jwt_and_the_older_vc_sd_jwt() {
    let n = KeyBinding::NotRequired;
    let legacy = forge_by(&issuer(), Some("vc+sd-jwt"), &claims(), &[]);
    assert_eq!(verifier().verify(&legacy, &n).unwrap().typ(), "vc+sd-jwt");
    assert_eq!(
        verifier()
            .refuse_legacy_typ()
            .verify(&legacy, &n)
            .unwrap_err()
            .code(),
        "sdjwtvc.typ_invalid"
    );
    for typ in [
        None,
        Some("JWT"),
        Some("sd-jwt"),
        Some("DC+SD-JWT"),
        Some("kb+jwt"),
    ] {
        let sd = forge_by(&issuer(), typ, &claims(), &[]);
        let expected = if typ == Some("kb+jwt") {
            "sdjwt.malformed" // the SD-JWT's own rule 5 comes first
        } else {
            "sdjwtvc.typ_invalid"
        };
        assert_eq!(code(&sd, &n), expected, "{typ:?}");
    }
    // The issuer writes dc+sd-jwt, and refuses another typ.
    assert_eq!(
        vc::issue_vc(&claims(), &options().typ("vc+sd-jwt"), &issuer())
            .unwrap_err()
            .code(),
        "sdjwtvc.typ_invalid"
    );
    // A plain SdJwtVerifier still verifies any typ: the profile is the VC verifier's.
    sd_jwt_verifier()
        .verify(&forge_by(&issuer(), Some("JWT"), &claims(), &[]), &n)
        .unwrap();
}

/// draft §2.2.2.3: "The following registered JWT claims are used within the SD-JWT component of
/// the SD-JWT VC and MUST NOT be included in the Disclosures, i.e., cannot be selectively
/// disclosed: `iss` ... `nbf` ... `exp` ... `cnf` ... `vct` ... `vct#integrity` ... `aka_vcts`
/// ... `status`".
#[test]
fn registered_claims_are_never_disclosable() {
    // The issuer refuses to make them disclosable, or anything inside them.
    for pointer in [
        "/iss",
        "/nbf",
        "/exp",
        "/vct",
        "/status",
        "/status/status_list",
        "/status/status_list/idx",
    ] {
        let mut c = claims();
        c["nbf"] = json!(NOW - 60);
        assert_eq!(
            vc::issue_vc(&c, &options().disclose(pointer), &issuer())
                .unwrap_err()
                .code(),
            "sdjwtvc.not_disclosable",
            "{pointer}"
        );
    }
    for pointer in ["/cnf", "/cnf/jwk", "/vct#integrity", "/aka_vcts/0"] {
        assert_eq!(
            vc::issue_vc(&claims(), &options().disclose(pointer), &issuer())
                .unwrap_err()
                .code(),
            "sdjwtvc.not_disclosable",
            "{pointer}"
        );
    }
    // The verifier refuses a disclosure that carries one.
    let n = KeyBinding::NotRequired;
    for (name, value) in [
        ("iss", json!(issuer().public_key().did())),
        ("nbf", json!(NOW - 60)),
        ("exp", json!(NOW + 60)),
        (
            "cnf",
            json!({"jwk": holder().public_key().to_jwk().to_value()}),
        ),
        ("vct", json!(VCT)),
        (
            "vct#integrity",
            json!(format!("sha256-{}=", "A".repeat(43))),
        ),
        ("aka_vcts", json!(["urn:example:other"])),
        (
            "status",
            json!({"status_list": {"idx": 1, "uri": "https://x.example/s"}}),
        ),
    ] {
        let d = disclosure(&json!(["salt", name, value]));
        let mut payload = with(name, Value::Null);
        payload["_sd"] = json!([sd_jwt::digest(&d)]);
        assert_eq!(
            code(&forge(&payload, &[&d]), &n),
            "sdjwtvc.not_disclosable",
            "{name}"
        );
    }
    // Nor a disclosure inside one (an element of `aka_vcts`, a member of `status`).
    let d = disclosure(&json!(["salt", "urn:example:other"]));
    let payload = with("aka_vcts", json!([{"...": sd_jwt::digest(&d)}]));
    assert_eq!(code(&forge(&payload, &[&d]), &n), "sdjwtvc.not_disclosable");
}

/// draft §2.2.2.3: "The following registered JWT claims ... MAY be included in Disclosures,
/// i.e., can be selectively disclosed: `sub` ... `iat`".
#[test]
fn sub_and_iat_may_be_disclosable() {
    let issued = vc::issue_vc(
        &claims(),
        &options().disclose("/sub").disclose("/iat"),
        &issuer(),
    )
    .unwrap();
    assert!(issued.payload().get("sub").is_none());
    let v = verifier()
        .verify(&present(issued.compact(), &[]), &required())
        .unwrap();
    assert_eq!((v.subject(), v.issued_at()), (None, None));
    let v = verifier()
        .verify(&present(issued.compact(), &["/sub", "/iat"]), &required())
        .unwrap();
    assert_eq!(v.subject(), Some("did:example:olena"));
    assert_eq!(v.issued_at(), Some(NOW - 86_400));
    // A disclosed iat is checked like a visible one.
    let d = disclosure(&json!(["salt", "iat", NOW + 3600]));
    let mut payload = with("iat", Value::Null);
    payload["_sd"] = json!([sd_jwt::digest(&d)]);
    assert_eq!(
        code(&forge(&payload, &[&d]), &KeyBinding::NotRequired),
        "sdjwtvc.issued_in_future"
    );
}

/// draft §2.2.2.3: "`vct`: REQUIRED."; §2.2.2.1: "Its value MUST be a case-sensitive string
/// ... The `vct` value MUST be a Collision-Resistant Name as defined in Section 2 of
/// [RFC7515]."; §5: the `#integrity` value "MUST be an "integrity metadata" string as defined in
/// Section 3 of [W3C.SRI]".
#[test]
fn vct_is_required_and_collision_resistant() {
    let n = KeyBinding::NotRequired;
    assert_eq!(
        code(&forge(&with("vct", Value::Null), &[]), &n),
        "sdjwtvc.vct_missing"
    );
    for bad in [
        json!(1),
        json!(""),
        json!("identity_credential"),
        json!("https://example.gov/a b"),
        json!(["urn:a:b"]),
    ] {
        assert_eq!(
            code(&forge(&with("vct", bad.clone()), &[]), &n),
            "sdjwtvc.vct_invalid",
            "{bad}"
        );
    }
    assert_eq!(
        code(&forge(&with("vct#integrity", json!("md5-x")), &[]), &n),
        "sdjwtvc.vct_invalid"
    );
    let sri = format!("sha256-{}=", "A".repeat(43));
    let v = verifier()
        .verify(&forge(&with("vct#integrity", json!(sri)), &[]), &n)
        .unwrap();
    assert_eq!(v.vct_integrity(), Some(sri.as_str()));
    // A verifier expecting one type refuses another (case-sensitive).
    let upper = forge(&with("vct", json!(VCT.to_uppercase())), &[]);
    assert_eq!(
        verifier()
            .expect_vct(VCT)
            .verify(&upper, &n)
            .unwrap_err()
            .code(),
        "sdjwtvc.vct_invalid"
    );
    // The issuer refuses the same.
    for (name, value, expected) in [
        ("vct", Value::Null, "sdjwtvc.vct_missing"),
        ("vct", json!("nope"), "sdjwtvc.vct_invalid"),
    ] {
        assert_eq!(
            vc::issue_vc(&with(name, value), &options(), &issuer())
                .unwrap_err()
                .code(),
            expected
        );
    }
}

/// draft §2.4: "The check in point 2.c of Section 7.1 of [RFC9901], which validates the Issuer
/// and ensures that the signing key belongs to the Issuer, MUST be satisfied". govblocks finds
/// the key by DID resolution, so `iss` is required and is the key's controller.
#[test]
fn iss_is_required_and_controls_the_signing_key() {
    let n = KeyBinding::NotRequired;
    assert_eq!(
        code(&forge(&with("iss", Value::Null), &[]), &n),
        "sdjwtvc.iss_missing"
    );
    for bad in [json!(""), json!(7), json!({"id": "did:example:x"})] {
        assert_eq!(
            code(&forge(&with("iss", bad.clone()), &[]), &n),
            "sdjwtvc.iss_invalid",
            "{bad}"
        );
    }
    // Signed by a trusted key, but one that `iss` does not control.
    let by_other = forge_by(&other(), Some("dc+sd-jwt"), &claims(), &[]);
    assert_eq!(code(&by_other, &n), "sdjwtvc.issuer_mismatch");
    let https = forge(&with("iss", json!("https://registry.example.gov")), &[]);
    assert_eq!(code(&https, &n), "sdjwtvc.issuer_mismatch");
    // With a pinned key: `iss` is that key's did:key.
    let pinned = SdJwtVcVerifier::new(sd_jwt_verifier().with_issuer_key(issuer().public_key()));
    pinned.verify(&forge(&claims(), &[]), &n).unwrap();
    assert_eq!(
        pinned.verify(&https, &n).unwrap_err().code(),
        "sdjwtvc.issuer_mismatch"
    );
    // The issuer refuses to sign for another iss.
    for (value, expected) in [
        (Value::Null, "sdjwtvc.iss_missing"),
        (json!(5), "sdjwtvc.iss_invalid"),
        (json!(other().public_key().did()), "sdjwtvc.issuer_mismatch"),
    ] {
        assert_eq!(
            vc::issue_vc(&with("iss", value), &options(), &issuer())
                .unwrap_err()
                .code(),
            expected
        );
    }
}

/// draft §2.2.2.3: "`cnf`: OPTIONAL unless cryptographic Key Binding is to be supported, in
/// which case it is REQUIRED."
#[test]
fn cnf_is_required_for_key_binding() {
    let unbound = forge(&claims(), &[]);
    verifier()
        .verify(&unbound, &KeyBinding::NotRequired)
        .unwrap();
    let kb = sd_jwt::present(
        &unbound,
        &[],
        &holder(),
        &KeyBindingClaims::new(AUD, NONCE, now()),
        &Limits::default(),
    )
    .unwrap();
    assert_eq!(code(&kb, &required()), "sdjwtvc.cnf_missing");
    // Without a KB-JWT at all, the SD-JWT's rule 3 answers first.
    assert_eq!(code(&unbound, &required()), "sdjwt.kb_missing");
}

/// draft §2.2.2.3: `nbf` "The time before which the Verifiable Digital Credential MUST NOT be
/// accepted", `exp` "The expiry time of the Verifiable Digital Credential after which the
/// Verifiable Digital Credential is no longer valid"; RFC 7519 §2: a NumericDate is a JSON
/// numeric value.
#[test]
fn times_are_numeric_dates_checked_against_the_clock() {
    let n = KeyBinding::NotRequired;
    for name in ["iat", "nbf", "exp"] {
        assert_eq!(
            code(&forge(&with(name, json!("2026-01-01")), &[]), &n),
            "sdjwtvc.date_invalid",
            "{name}"
        );
    }
    let mut never = claims();
    never["nbf"] = json!(NOW);
    never["exp"] = json!(NOW - 1);
    assert_eq!(code(&forge(&never, &[]), &n), "sdjwtvc.date_invalid");
    assert_eq!(
        code(&forge(&with("exp", json!(NOW - 3600)), &[]), &n),
        "sdjwt.expired"
    );
    assert_eq!(
        code(&forge(&with("nbf", json!(NOW + 3600)), &[]), &n),
        "sdjwt.not_yet_valid"
    );
    assert_eq!(
        code(&forge(&with("iat", json!(NOW + 3600)), &[]), &n),
        "sdjwtvc.issued_in_future"
    );
    // Within the skew (five minutes) all pass; fractions are NumericDates too.
    let mut edge = claims();
    edge["iat"] = json!(NOW + 60);
    edge["nbf"] = json!(NOW + 60);
    let v = verifier().verify(&forge(&edge, &[]), &n).unwrap();
    assert_eq!(v.not_before(), Some(NOW + 60));
    let v = verifier()
        .verify(&forge(&with("exp", json!(NOW as f64 - 59.5)), &[]), &n)
        .unwrap();
    assert_eq!(v.expires_at(), Some(NOW - 60));
    // The issuer refuses malformed dates.
    assert_eq!(
        vc::issue_vc(&with("exp", json!("soon")), &options(), &issuer())
            .unwrap_err()
            .code(),
        "sdjwtvc.date_invalid"
    );
}

/// RFC 7519 §4.1.2: "The "sub" value is a case-sensitive string containing a StringOrURI
/// value."
#[test]
fn sub_is_a_string() {
    assert_eq!(
        code(
            &forge(&with("sub", json!(42)), &[]),
            &KeyBinding::NotRequired
        ),
        "sdjwtvc.sub_invalid"
    );
    assert_eq!(
        vc::issue_vc(&with("sub", json!(["a"])), &options(), &issuer())
            .unwrap_err()
            .code(),
        "sdjwtvc.sub_invalid"
    );
}

/// The SD-JWT's own refusals still apply under the profile.
#[test]
fn the_sd_jwt_rules_still_apply() {
    let issued = vc::issue_vc(&claims(), &options(), &issuer()).unwrap();
    let p = present(issued.compact(), &["/street"]);
    assert_eq!(
        code(&p, &KeyBinding::required(AUD, "other")),
        "sdjwt.kb_nonce"
    );
    let d = disclosure(&json!(["salt", "district", "Obolonskyi"]));
    let forged = format!(
        "{}{d}~",
        sd_jwt::select(issued.compact(), &[], &Limits::default()).unwrap()
    );
    assert_eq!(
        code(&forged, &KeyBinding::NotRequired),
        "sdjwt.disclosure_unreferenced"
    );
    let untrusted = SdJwtVcVerifier::new(SdJwtVerifier::new(
        Verifier::new(DidKeyResolver, TrustList::new()).with_clock(FixedClock::new(now())),
    ));
    assert_eq!(
        untrusted.verify(&p, &required()).unwrap_err().code(),
        "trust.untrusted"
    );
}
