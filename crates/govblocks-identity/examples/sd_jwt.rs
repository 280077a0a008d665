//! An age check and a district check from the same SD-JWT VC (RFC 9901,
//! draft-ietf-oauth-sd-jwt-vc-18): the civil registry issues Olena's foundational ID credential
//! as an SD-JWT VC, every personal claim selectively disclosable and `age_over_18` computed at
//! issuance; she proves she is over 18 to a shop and her district to the district office, each
//! time revealing that claim alone, bound to the service and its nonce; a presentation replayed
//! to the other service, and one with a changed claim, are refused.
//!
//! ```text
//! cargo run -p govblocks-identity --example sd_jwt
//! ```

use govblocks_core::clock::FixedClock;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::foundational_id::{BirthDate, FoundationalIdSubject, Residence, Sex};
use govblocks_identity::sd_jwt::foundational_id::{self, FoundationalIdVc, FOUNDATIONAL_ID_VCT};
use govblocks_identity::sd_jwt::{
    self, KeyBinding, KeyBindingClaims, Limits, SdJwtVcVerifier, SdJwtVerifier,
};
use serde_json::json;
use time::OffsetDateTime;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let registry = SecretKey::generate();
    let olena = SecretKey::generate();
    let now = OffsetDateTime::now_utc();

    // Issue: the foundational ID as an SD-JWT VC; every personal claim disclosable, the
    // address both as a whole and member by member, age_over_18 derived from the birth date.
    let subject = FoundationalIdSubject::new(
        "7260181597",
        "Коваленко",
        BirthDate::parse("1990-04-01")?,
        Residence::new("UA")
            .with_region("Kyiv")
            .with_district("Podilskyi"),
    )
    .with_given_name("Олена")
    .with_sex(Sex::Female);
    let issued = foundational_id::issue(
        &subject,
        &FoundationalIdVc::new(olena.public_key(), now).decoys(2),
        &registry,
    )?;
    println!(
        "issued: {} disclosures, {} bytes, vct {}",
        issued.disclosures().len(),
        issued.compact().len(),
        issued.payload()["vct"]
    );

    // Each service trusts the registry for foundational IDs and nothing else.
    let verifier = |_service: &str| {
        SdJwtVcVerifier::new(SdJwtVerifier::new(
            Verifier::new(
                DidKeyResolver,
                TrustList::new().trust_all_purposes(registry.public_key().did()),
            )
            .with_clock(FixedClock::new(now)),
        ))
        .expect_vct(FOUNDATIONAL_ID_VCT)
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
    println!(
        "  a {} issued by {} at {:?}, disclosed: {:?}",
        seen.vct(),
        seen.issuer(),
        seen.issued_at(),
        seen.disclosed()
    );
    assert_eq!(seen.claims()["age_over_18"], true);
    assert_eq!(seen.disclosed(), ["/age_over_18"]);
    assert!(seen.claims().get("birthdate").is_none());
    assert!(seen.subject().is_none() && seen.claims().get("uin").is_none());

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
