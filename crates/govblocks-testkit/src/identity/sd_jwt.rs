//! The SD-JWT property (fuzz target `sd_jwt_verify`): the `~`-separated form, disclosures and
//! key-binding JWTs, raw and built.

use super::check_error;
use super::fixtures::{holder_key, issuer_key, NOW};
use crate::Choices;
use govblocks_core::clock::FixedClock;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::{
    self, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVcVerifier, SdJwtVerifier,
};
use serde_json::{json, Value};
use time::OffsetDateTime;

/// The audience the SD-JWT verifier of this module expects.
pub const SD_AUD: &str = "https://verifier.example";
/// The nonce it expects.
pub const SD_NONCE: &str = "n-fuzz-1";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The SD-JWT verifier of the fuzz property: stands at [`NOW`], trusts the fixture issuer.
pub fn sd_jwt_verifier() -> SdJwtVerifier {
    SdJwtVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust_all_purposes(issuer_key().public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    )
    .with_limits(Limits::default().with_max_bytes(64 * 1024))
}

/// The key binding the verifier of this module requires.
pub fn required() -> KeyBinding {
    KeyBinding::required(SD_AUD, SD_NONCE)
}

/// The claims the built cases issue.
pub fn claims() -> Value {
    json!({
        "iss": "https://registry.example",
        "given_name": "Олена",
        "birthdate": "1990-04-01",
        "age_over_18": true,
        "address": {"district": "Podilskyi", "street": "Kontraktova 4", "country": "UA"},
        "nationalities": ["UA", "PL", "DE"],
    })
}

/// The pointers the built cases may make disclosable (and reveal).
pub const POINTERS: &[&str] = &[
    "/given_name",
    "/birthdate",
    "/age_over_18",
    "/address",
    "/address/district",
    "/address/street",
    "/nationalities/0",
    "/nationalities/1",
    "/nationalities/2",
];

/// Issues [`claims`] with the pointers of `disclose` (a bit per pointer) disclosable, bound to
/// the fixture holder, `decoys` decoys.
pub fn issue(disclose: u32, decoys: usize) -> String {
    let mut options = IssueOptions::new()
        .holder(holder_key().public_key())
        .decoys(decoys);
    for (i, p) in POINTERS.iter().enumerate() {
        if disclose & (1 << i) != 0 {
            options = options.disclose(*p);
        }
    }
    // Fixed salts, so that seeds regenerate byte for byte (never outside tests).
    govblocks_identity::testkit_hook::sd_jwt_issue_with_fixed_salts(
        &claims(),
        &options,
        issuer_key(),
        u64::from(disclose) << 8 | decoys as u64,
    )
    .unwrap()
    .compact()
    .to_string()
}

/// Presents `issued` revealing the pointers of `reveal` for the verifier's audience and nonce.
pub fn present(issued: &str, reveal: u32) -> String {
    let reveal: Vec<String> = POINTERS
        .iter()
        .enumerate()
        .filter(|(i, _)| reveal & (1 << i) != 0)
        .map(|(_, p)| p.to_string())
        .collect();
    sd_jwt::present(
        issued,
        &reveal,
        holder_key(),
        &KeyBindingClaims::new(SD_AUD, SD_NONCE, now()),
        &Limits::default(),
    )
    .unwrap()
}

fn no_sd(value: &Value, top: bool) {
    match value {
        Value::Object(map) => {
            assert!(!map.contains_key("_sd"), "`_sd` left in verified claims");
            assert!(!top || !map.contains_key("_sd_alg"), "`_sd_alg` left");
            map.values().for_each(|v| no_sd(v, false));
        }
        Value::Array(items) => items.iter().for_each(|v| no_sd(v, false)),
        _ => {}
    }
}

/// Never panics; every refusal has a pinned code; what verifies has no `_sd`, `_sd_alg` left and,
/// under a required key binding, a key binding; the SD-JWT VC verifier likewise on the same
/// text. Built cases: an issued and presented SD-JWT+KB
/// verifies, to exactly the always-visible and revealed claims' names; one changed character
/// of it is refused.
pub fn sd_jwt_verify(data: &[u8]) {
    let verifier = sd_jwt_verifier();
    if let Ok(text) = std::str::from_utf8(data) {
        for binding in [KeyBinding::NotRequired, required()] {
            match verifier.verify(text, &binding) {
                Ok(v) => {
                    no_sd(v.claims(), true);
                    if binding != KeyBinding::NotRequired {
                        assert!(v.key_binding().is_some(), "accepted without key binding");
                    }
                }
                Err(e) => check_error(&e),
            }
            // The SD-JWT VC profile on the same text: never panics, pinned codes, and what
            // verifies has a type and an issuer.
            match SdJwtVcVerifier::new(sd_jwt_verifier()).verify(text, &binding) {
                Ok(v) => {
                    no_sd(v.claims(), true);
                    assert!(!v.vct().is_empty() && !v.issuer().is_empty());
                }
                Err(e) => check_error(&e),
            }
        }
        // The holder's reading of the same text never panics either.
        if let Err(e) = sd_jwt::select(text, &["/given_name".to_string()], &Limits::default()) {
            check_error(&e);
        }
    }

    let mut c = Choices::new(data);
    let disclose = c.u32() & 0x1ff;
    let reveal = c.u32() & 0x1ff;
    let decoys = c.below(3);
    let issued = issue(disclose, decoys);
    let presented = present(&issued, reveal);
    let verified = verifier
        .verify(&presented, &required())
        .unwrap_or_else(|e| panic!("a fresh presentation is refused: {e}"));
    for (i, p) in POINTERS.iter().enumerate() {
        let seen = verified.claims().pointer(p).is_some();
        // Top-level and address members are addressed by name, so their presence is exact.
        if !p.starts_with("/nationalities") {
            let hidden = disclose & (1 << i) != 0;
            let around = POINTERS.iter().enumerate().any(|(j, r)| {
                reveal & (1 << j) != 0
                    && (r == p
                        || r.starts_with(&format!("{p}/"))
                        || p.starts_with(&format!("{r}/")))
            });
            let parent_hidden = p.starts_with("/address/")
                && disclose & (1 << 3) != 0
                && !POINTERS
                    .iter()
                    .enumerate()
                    .any(|(j, r)| reveal & (1 << j) != 0 && r.starts_with("/address"));
            let expect = !parent_hidden && (!hidden || around);
            assert_eq!(
                seen, expect,
                "{p}: disclose {disclose:#x} reveal {reveal:#x}"
            );
        }
    }
    let at = c.below(presented.len());
    let with = c.choose(b"Az0-_~.");
    if presented.as_bytes()[at] != with {
        let mut bytes = presented.into_bytes();
        bytes[at] = with;
        let changed = String::from_utf8(bytes).unwrap();
        match verifier.verify(&changed, &required()) {
            Ok(_) => panic!("a changed presentation verifies (byte {at})"),
            Err(e) => check_error(&e),
        }
    }
}

/// The verdict of an `sd_jwt_verify` seed: verified under the required key binding.
pub fn verdict(data: &[u8]) -> Result<(), &'static str> {
    let text = std::str::from_utf8(data).map_err(|_| "not UTF-8")?;
    sd_jwt_verifier()
        .verify(text, &required())
        .map(|_| ())
        .map_err(|e| e.code())
}
