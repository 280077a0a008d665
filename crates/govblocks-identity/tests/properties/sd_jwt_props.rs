//! SD-JWT properties: for random claim trees, random disclosable claims and random selections,
//! issue → present → verify returns exactly the revealed claims plus the always-visible ones
//! (as a plain SD-JWT, and as an SD-JWT VC through the profile's verifier); any single changed
//! character of a presentation makes it fail; and the SD-JWT VC issuer never makes a
//! registered claim of draft-ietf-oauth-sd-jwt-vc-18 §2.2.2.3 disclosable.

use govblocks_core::clock::FixedClock;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::{
    self, vc, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVcVerifier, SdJwtVerifier,
};
use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::HashSet;
use time::OffsetDateTime;

const NOW: i64 = 1_767_268_800;
const AUD: &str = "https://office.example.gov";
const NONCE: &str = "n-4711";
const VCT: &str = "https://credentials.example.gov/any/1";

fn leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        any::<bool>().prop_map(Value::from),
        (-1000i64..1000).prop_map(Value::from),
        "[a-zé ]{0,5}".prop_map(Value::from),
        Just(Value::Null),
    ]
}

fn tree() -> impl Strategy<Value = Value> {
    leaf().prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map("[a-c~/]{1,2}", inner, 0..4)
                .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

fn claims() -> impl Strategy<Value = Value> {
    prop::collection::btree_map("[a-f~/]{1,2}", tree(), 1..6)
        .prop_map(|m| Value::Object(m.into_iter().collect::<Map<_, _>>()))
}

fn token(pointer: &str, token: &str) -> String {
    format!("{pointer}/{}", token.replace('~', "~0").replace('/', "~1"))
}

/// Every pointer of the tree below the root, parents before children.
fn pointers(value: &Value, at: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (k, v) in map {
                let p = token(at, k);
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let p = token(at, &i.to_string());
                out.push(p.clone());
                pointers(v, &p, out);
            }
        }
        _ => {}
    }
}

fn related(p: &str, reveals: &[String]) -> bool {
    reveals
        .iter()
        .any(|r| r == p || r.starts_with(&format!("{p}/")) || p.starts_with(&format!("{r}/")))
}

/// The model: a claim is seen when it is always visible or related to a revealed pointer (on
/// its path or inside it), and everything around it is seen.
fn expected(value: &Value, at: &str, disclosable: &HashSet<String>, reveals: &[String]) -> Value {
    match value {
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let p = token(at, k);
                if !disclosable.contains(&p) || related(&p, reveals) {
                    out.insert(k.clone(), expected(v, &p, disclosable, reveals));
                }
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(
            items
                .iter()
                .enumerate()
                .filter_map(|(i, v)| {
                    let p = token(at, &i.to_string());
                    (!disclosable.contains(&p) || related(&p, reveals))
                        .then(|| expected(v, &p, disclosable, reveals))
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap()
}

fn verifier(issuer: &SecretKey) -> SdJwtVerifier {
    SdJwtVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust_all_purposes(issuer.public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    )
}

/// Issues `claims` with the masked pointers disclosable and presents the masked reveals.
fn round(
    claims: &Value,
    disclose: &[bool],
    reveal: &[bool],
    decoys: usize,
) -> (String, Value, SecretKey) {
    round_as(claims, disclose, reveal, decoys, false)
}

/// [`round`], as an SD-JWT VC when `as_vc` (`vct`, `iss` and `iat` added, always visible).
fn round_as(
    claims: &Value,
    disclose: &[bool],
    reveal: &[bool],
    decoys: usize,
    as_vc: bool,
) -> (String, Value, SecretKey) {
    let issuer = SecretKey::from_seed(&[1; 32]);
    let holder = SecretKey::from_seed(&[2; 32]);
    let mut all = Vec::new();
    pointers(claims, "", &mut all);
    let disclosable: HashSet<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| disclose[i % disclose.len()])
        .map(|(_, p)| p.clone())
        .collect();
    let reveals: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| reveal[i % reveal.len()])
        .map(|(_, p)| p.clone())
        .collect();
    let mut options = IssueOptions::new()
        .holder(holder.public_key())
        .decoys(decoys);
    for p in &all {
        if disclosable.contains(p) {
            options = options.disclose(p.clone());
        }
    }
    let issued = if as_vc {
        let mut vc_claims = claims.clone();
        let map = vc_claims.as_object_mut().unwrap();
        map.insert("vct".into(), VCT.into());
        map.insert("iss".into(), issuer.public_key().did().into());
        map.insert("iat".into(), NOW.into());
        vc::issue_vc(&vc_claims, &options, &issuer).unwrap()
    } else {
        sd_jwt::issue(claims, &options, &issuer).unwrap()
    };
    let presented = sd_jwt::present(
        issued.compact(),
        &reveals,
        &holder,
        &KeyBindingClaims::new(AUD, NONCE, now()),
        &Limits::default(),
    )
    .unwrap();
    (
        presented,
        expected(claims, "", &disclosable, &reveals),
        issuer,
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn verify_returns_exactly_the_revealed_and_visible_claims(
        claims in claims(),
        disclose in prop::collection::vec(any::<bool>(), 1..16),
        reveal in prop::collection::vec(prop::bool::weighted(0.3), 1..16),
        decoys in 0usize..3,
    ) {
        let (presented, expected, issuer) = round(&claims, &disclose, &reveal, decoys);
        let verified = verifier(&issuer)
            .verify(&presented, &KeyBinding::required(AUD, NONCE))
            .unwrap();
        let mut got = verified.into_claims();
        got.as_object_mut().unwrap().remove("cnf");
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn an_sd_jwt_vc_verifies_to_exactly_the_revealed_and_visible_claims(
        claims in claims(),
        disclose in prop::collection::vec(any::<bool>(), 1..16),
        reveal in prop::collection::vec(prop::bool::weighted(0.3), 1..16),
    ) {
        let (presented, expected, issuer) = round_as(&claims, &disclose, &reveal, 1, true);
        let verified = SdJwtVcVerifier::new(verifier(&issuer))
            .expect_vct(VCT)
            .verify(&presented, &KeyBinding::required(AUD, NONCE))
            .unwrap();
        prop_assert_eq!(verified.issuer(), issuer.public_key().did());
        prop_assert_eq!(verified.issued_at(), Some(NOW));
        let mut got = verified.into_claims();
        let map = got.as_object_mut().unwrap();
        for visible in ["cnf", "vct", "iss", "iat"] {
            prop_assert!(map.remove(visible).is_some(), "{} not visible", visible);
        }
        prop_assert_eq!(got, expected);
    }

    #[test]
    fn the_vc_issuer_never_makes_a_registered_claim_disclosable(
        name in prop::sample::select(vc::NEVER_DISCLOSABLE.to_vec()),
        below in prop::option::of("[a-z0-9]{1,4}"),
    ) {
        let issuer = SecretKey::from_seed(&[1; 32]);
        let claims = serde_json::json!({
            "vct": VCT, "iss": issuer.public_key().did(), "nbf": NOW, "exp": NOW + 60,
            "vct#integrity": format!("sha256-{}=", "A".repeat(43)), "aka_vcts": ["urn:a:b"],
            "status": {"status_list": {"idx": 0, "uri": "https://s.example/1"}},
        });
        let pointer = match &below {
            Some(token) => format!("/{name}/{token}"),
            None => format!("/{name}"),
        };
        let err = vc::issue_vc(&claims, &IssueOptions::new().disclose(pointer), &issuer).unwrap_err();
        prop_assert_eq!(err.code(), "sdjwtvc.not_disclosable");
    }

    #[test]
    fn any_changed_character_fails(
        claims in claims(),
        disclose in prop::collection::vec(any::<bool>(), 1..8),
        reveal in prop::collection::vec(any::<bool>(), 1..8),
        at in any::<prop::sample::Index>(),
        with in prop::sample::select(
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_~.=".chars().collect::<Vec<_>>()
        ),
    ) {
        let (presented, _, issuer) = round(&claims, &disclose, &reveal, 1);
        let i = at.index(presented.len());
        let original = presented.as_bytes()[i] as char;
        prop_assume!(original != with);
        let mut changed = presented.clone();
        changed.replace_range(i..=i, &with.to_string());
        let result = verifier(&issuer).verify(&changed, &KeyBinding::required(AUD, NONCE));
        prop_assert!(result.is_err(), "changed {:?} to {:?} at {}", original, with, i);
    }
}
