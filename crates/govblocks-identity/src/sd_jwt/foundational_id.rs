//! The foundational ID credential ([`crate::foundational_id`]) issued as an SD-JWT VC
//! ([`super::vc`]): every personal claim selectively disclosable, and a derived `age_over_18`
//! boolean, so that a person proves their age or their district alone.
//!
//! Its type is [`FOUNDATIONAL_ID_VCT`],
//! `https://schemas.govblocks.org/identity/v1/vct/foundational-id`: a URL under the domain of
//! govblocks' JSON Schema ids (collision-resistant, draft-ietf-oauth-sd-jwt-vc-18 §2.2.2.1),
//! versioned by its path (`v1`). It names the claim set below; no Type Metadata document is
//! served or fetched. A change that breaks a reader of this set gets a new `vct` (`v2`).
//!
//! | claim | from the subject | disclosable |
//! | --- | --- | --- |
//! | `vct` | [`FOUNDATIONAL_ID_VCT`] | never |
//! | `iss` | the signer's DID | never |
//! | `iat` | the issuance time | no (always visible: a verifier needs it to read `age_over_18`) |
//! | `exp` | [`FoundationalIdVc::expires_at`], when given | never |
//! | `cnf` | the holder's key, `{"jwk": …}` | never |
//! | `status` | [`FoundationalIdVc::status`], when given, as written | never |
//! | `sub` | `id` (the holder's DID), when present | yes |
//! | `uin` | `uin` | yes |
//! | `given_name` | `givenName`, when present | yes |
//! | `family_name` | `familyName` | yes |
//! | `birthdate` | `birthDate` (`YYYY-MM-DD`) | yes |
//! | `age_over_18` | computed: 18 or older on the UTC date of `iat` | yes |
//! | `sex` | `sex` (`F`, `M`, `X`), when present | yes |
//! | `photo_digest` | `photoDigest`, when present | yes |
//! | `address` | `residence`: `country`, `region`, `district` and its extension members | yes, and each member too |
//! | any other name | an extension member of the subject, as it came | yes |
//!
//! `address` is disclosable as a whole and member by member, so revealing `/address/district`
//! discloses `{"address": {"district": …}}` and nothing else of it.
//!
//! **`age_over_18` is true as of `iat`**: a person 18 or older then stays so, but a `false`
//! only says they were under 18 on that date. A verifier that gets `false` reads `iat`;
//! issuers should re-issue (or give the credential an `exp`) at the 18th birthday. A person
//! born on 29 February is 18 from 1 March of a common year (their birthday is not reached on
//! 28 February).
//!
//! ```
//! use govblocks_core::keys::SecretKey;
//! use govblocks_identity::foundational_id::{BirthDate, FoundationalIdSubject, Residence};
//! use govblocks_identity::sd_jwt::foundational_id::{self, FoundationalIdVc};
//! use time::OffsetDateTime;
//!
//! let registry = SecretKey::from_seed(&[1; 32]);
//! let olena = SecretKey::from_seed(&[2; 32]);
//! let subject = FoundationalIdSubject::new(
//!     "7260181597", "Kovalenko", BirthDate::parse("1990-04-01")?,
//!     Residence::new("UA").with_district("Podilskyi"),
//! );
//! let issued_at = OffsetDateTime::from_unix_timestamp(1_767_268_800).unwrap();
//! let issued = foundational_id::issue(&subject, &FoundationalIdVc::new(olena.public_key(), issued_at), &registry)?;
//! assert_eq!(issued.payload()["vct"], foundational_id::FOUNDATIONAL_ID_VCT);
//! assert!(issued.payload().get("uin").is_none(), "every personal claim is a digest");
//! assert_eq!(issued.disclosures().len(), 7); // uin, family_name, birthdate, age_over_18, address, its country and district
//! # Ok::<(), govblocks_identity::Error>(())
//! ```

use super::issue::{IssueOptions, Issued};
use super::vc::{self, NEVER_DISCLOSABLE};
use super::wire;
use crate::error::{Error, Result};
use crate::foundational_id::FoundationalIdSubject;
use govblocks_core::keys::PublicKey;
use govblocks_core::signer::Signer;
use serde_json::{Map, Value};
use time::{Date, OffsetDateTime, UtcOffset};

/// The `vct` of the foundational ID credential as an SD-JWT VC.
pub const FOUNDATIONAL_ID_VCT: &str =
    "https://schemas.govblocks.org/identity/v1/vct/foundational-id";

/// The derived claim: 18 or older on the date of issuance.
pub const AGE_OVER_18: &str = "age_over_18";

/// The claim names this mapping writes itself (an extension member of the subject with one of
/// these names, or one of [`NEVER_DISCLOSABLE`], `sub` or `iat`, is refused).
pub const CLAIMS: &[&str] = &[
    "uin",
    "given_name",
    "family_name",
    "birthdate",
    AGE_OVER_18,
    "sex",
    "photo_digest",
    "address",
];

/// How to issue a foundational ID SD-JWT VC: to whom, when, until when.
#[derive(Debug, Clone)]
pub struct FoundationalIdVc {
    holder: PublicKey,
    issued_at: OffsetDateTime,
    expires_at: Option<OffsetDateTime>,
    status: Option<Value>,
    decoys: usize,
}

impl FoundationalIdVc {
    /// Bound to `holder`'s key, issued at `issued_at` (`iat`, and the date `age_over_18` is
    /// computed for); no `exp`, no `status`, no decoys.
    pub fn new(holder: PublicKey, issued_at: OffsetDateTime) -> Self {
        FoundationalIdVc {
            holder,
            issued_at,
            expires_at: None,
            status: None,
            decoys: 0,
        }
    }

    /// With an `exp`.
    pub fn expires_at(mut self, time: OffsetDateTime) -> Self {
        self.expires_at = Some(time);
        self
    }

    /// With a `status` claim, written as given (a Token Status List reference, say): always
    /// visible, not interpreted here.
    pub fn status(mut self, status: Value) -> Self {
        self.status = Some(status);
        self
    }

    /// With `n` decoy digests in every `_sd` array (RFC 9901 §4.2.5).
    pub fn decoys(mut self, n: usize) -> Self {
        self.decoys = n;
        self
    }
}

/// Whether a person born on `birth` is `years` old or older on `on`: their `years`-th
/// birthday is on or before `on` (born on 29 February: 1 March in a common year).
pub fn is_at_least(birth: Date, on: Date, years: u8) -> bool {
    let age = on.year() - birth.year();
    let before_birthday = (u8::from(on.month()), on.day()) < (u8::from(birth.month()), birth.day());
    age - i32::from(before_birthday) >= i32::from(years)
}

/// The SD-JWT VC's claims (the unsecured payload, without `cnf`) and the pointers of the
/// disclosable ones, for `subject` issued by `issuer` with `options`.
///
/// Refused: a subject that fails [`FoundationalIdSubject::check`] (`foundational_id.*`), and
/// an extension member whose name is one this mapping writes or a registered claim of the
/// profile (`sdjwt.claim_collision`).
pub fn claims(
    subject: &FoundationalIdSubject,
    issuer: &str,
    options: &FoundationalIdVc,
) -> Result<(Value, Vec<String>)> {
    subject.check()?;
    let birth = subject.birth_date.date()?;
    let issued_on = options.issued_at.to_offset(UtcOffset::UTC).date();
    let mut out = Map::new();
    let mut pointers = Vec::new();
    out.insert("vct".into(), FOUNDATIONAL_ID_VCT.into());
    out.insert("iss".into(), issuer.into());
    out.insert("iat".into(), vc::numeric(options.issued_at));
    if let Some(exp) = options.expires_at {
        out.insert("exp".into(), vc::numeric(exp));
    }
    if let Some(status) = &options.status {
        out.insert("status".into(), status.clone());
    }
    let mut personal = |name: &str, value: Value| {
        out.insert(name.into(), value);
        pointers.push(format!("/{name}"));
    };
    if let Some(id) = &subject.id {
        personal("sub", id.as_str().into());
    }
    personal("uin", subject.uin.as_str().into());
    if let Some(given) = &subject.given_name {
        personal("given_name", given.as_str().into());
    }
    personal("family_name", subject.family_name.as_str().into());
    personal("birthdate", subject.birth_date.as_str().into());
    personal(AGE_OVER_18, is_at_least(birth, issued_on, 18).into());
    if let Some(sex) = subject.sex {
        personal("sex", sex.as_str().into());
    }
    if let Some(digest) = &subject.photo_digest {
        personal("photo_digest", digest.as_str().into());
    }
    let residence =
        serde_json::to_value(&subject.residence).map_err(|e| Error::SdJwtPayloadInvalid {
            reason: format!("cannot write the residence: {e}"),
        })?;
    let members: Vec<String> = match &residence {
        Value::Object(map) => map.keys().cloned().collect(),
        _ => Vec::new(),
    };
    personal("address", residence);
    for member in members {
        let mut pointer = "/address".to_string();
        wire::push_token(&mut pointer, &member);
        pointers.push(pointer);
    }
    for (name, value) in &subject.extra {
        let taken = CLAIMS.contains(&name.as_str())
            || NEVER_DISCLOSABLE.contains(&name.as_str())
            || name == "sub"
            || name == "iat";
        if taken {
            return Err(Error::ClaimCollision {
                name: wire::clip(name, 64),
                at: "/".into(),
            });
        }
        out.insert(name.clone(), value.clone());
        let mut pointer = String::new();
        wire::push_token(&mut pointer, name);
        pointers.push(pointer);
    }
    Ok((Value::Object(out), pointers))
}

/// Issues `subject` as a foundational ID SD-JWT VC signed by `signer` (whose DID is `iss`),
/// bound to the holder's key: [`claims`], then [`vc::issue_vc`] with every personal claim
/// disclosable.
pub fn issue(
    subject: &FoundationalIdSubject,
    options: &FoundationalIdVc,
    signer: &dyn Signer,
) -> Result<Issued> {
    let verification_method = signer.verification_method();
    let issuer = verification_method
        .split_once('#')
        .map_or(verification_method.as_str(), |(did, _)| did);
    let (claims, pointers) = claims(subject, issuer, options)?;
    let mut issue_options = IssueOptions::new()
        .holder(options.holder)
        .decoys(options.decoys);
    for pointer in pointers {
        issue_options = issue_options.disclose(pointer);
    }
    vc::issue_vc(&claims, &issue_options, signer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    fn date(y: i32, m: Month, d: u8) -> Date {
        Date::from_calendar_date(y, m, d).unwrap()
    }

    #[test]
    fn eighteenth_birthday() {
        let birth = date(2008, Month::April, 1);
        assert!(!is_at_least(birth, date(2026, Month::March, 31), 18));
        assert!(is_at_least(birth, date(2026, Month::April, 1), 18));
        assert!(is_at_least(birth, date(2027, Month::January, 1), 18));
        assert!(!is_at_least(birth, date(2025, Month::December, 31), 18));
        let leap = date(2008, Month::February, 29);
        assert!(!is_at_least(leap, date(2026, Month::February, 28), 18));
        assert!(is_at_least(leap, date(2026, Month::March, 1), 18));
        assert!(is_at_least(leap, date(2028, Month::February, 29), 18));
    }
}
