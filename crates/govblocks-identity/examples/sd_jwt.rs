//! An age check and a district check from the same SD-JWT (RFC 9901): the civil registry issues
//! Olena's identity claims with every personal claim selectively disclosable; she proves she is
//! over 18 to a shop and her district to the district office, each time revealing that claim
//! alone, bound to the service and its nonce; a presentation replayed to the other service, and
//! one with a changed claim, are refused.
//!
//! ```text
//! cargo run -p govblocks-identity --example sd_jwt
//! ```

use govblocks_core::clock::FixedClock;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::{
    self, IssueOptions, KeyBinding, KeyBindingClaims, Limits, SdJwtVerifier,
};
use serde_json::json;
use time::OffsetDateTime;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let registry = SecretKey::generate();
    let olena = SecretKey::generate();
    let now = OffsetDateTime::now_utc();

    // Issue: every personal claim disclosable; the address both as a whole and member by member.
    let claims = json!({
        "iss": registry.public_key().did(),
        "given_name": "Олена",
        "family_name": "Коваленко",
        "birthdate": "1990-04-01",
        "age_over_18": true,
        "address": {"district": "Podilskyi", "street": "Kontraktova 4", "locality": "Kyiv"},
    });
    let mut options = IssueOptions::new().holder(olena.public_key()).decoys(2);
    for p in [
        "/given_name",
        "/family_name",
        "/birthdate",
        "/age_over_18",
        "/address",
        "/address/district",
        "/address/street",
        "/address/locality",
    ] {
        options = options.disclose(p);
    }
    let issued = sd_jwt::issue(&claims, &options, &registry)?;
    println!(
        "issued: {} disclosures, {} bytes",
        issued.disclosures().len(),
        issued.compact().len()
    );

    let verifier = |_service: &str| {
        SdJwtVerifier::new(
            Verifier::new(
                DidKeyResolver,
                TrustList::new().trust_all_purposes(registry.public_key().did()),
            )
            .with_clock(FixedClock::new(now)),
        )
    };
    let limits = Limits::default();

    // The shop: over 18, nothing else.
    let shop = "https://shop.example";
    let at_shop = sd_jwt::present(
        issued.compact(),
        &["/age_over_18".into()],
        &olena,
        &KeyBindingClaims::new(shop, "shop-nonce-1", now),
        &limits,
    )?;
    let seen = verifier(shop).verify(&at_shop, &KeyBinding::required(shop, "shop-nonce-1"))?;
    println!("the shop sees: {}", seen.claims());
    assert_eq!(seen.claims()["age_over_18"], true);
    assert!(seen.claims().get("birthdate").is_none());

    // The district office: the district, nothing else.
    let office = "https://podilskyi.kyiv.example.gov";
    let at_office = sd_jwt::present(
        issued.compact(),
        &["/address/district".into()],
        &olena,
        &KeyBindingClaims::new(office, "office-nonce-7", now),
        &limits,
    )?;
    let seen =
        verifier(office).verify(&at_office, &KeyBinding::required(office, "office-nonce-7"))?;
    println!("the office sees: {}", seen.claims());
    assert_eq!(seen.claims()["address"], json!({"district": "Podilskyi"}));
    assert!(seen.claims().get("age_over_18").is_none());

    // The shop's presentation replayed at the office: another audience.
    let Err(replayed) =
        verifier(office).verify(&at_shop, &KeyBinding::required(office, "office-nonce-7"))
    else {
        return Err("a presentation for the shop verified at the office".into());
    };
    println!("replayed at the office: {}", replayed.code());
    assert_eq!(replayed.code(), "sdjwt.kb_audience");

    // A disclosure swapped for one saying something else: its digest is nowhere signed.
    let forged_disclosure = govblocks_core::encoding::base64url_encode(
        json!(["salt-salt-salt-salt-sa", "age_over_18", true])
            .to_string()
            .as_bytes(),
    );
    let parts: Vec<&str> = at_office.split('~').collect();
    let forged = format!("{}~{forged_disclosure}~", parts[0]);
    let Err(refused) = verifier(office).verify(&forged, &KeyBinding::NotRequired) else {
        return Err("a forged disclosure verified".into());
    };
    println!("a forged disclosure: {}", refused.code());
    assert_eq!(refused.code(), "sdjwt.disclosure_unreferenced");
    Ok(())
}
