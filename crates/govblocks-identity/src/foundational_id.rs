//! The subject of a foundational (national) ID credential: who a registered person is, as the
//! ID authority that registered them states it. It is the subject type the flagship scenario
//! issues.
//!
//! | member | wire name | what | checked by |
//! | --- | --- | --- | --- |
//! | [`id`](FoundationalIdSubject::id) | `id` | optional: the holder's DID or another URL, to bind the credential to a key | schema (`uri`) |
//! | [`types`](FoundationalIdSubject::types) | `type` | [`SUBJECT_TYPE`] (`"FoundationalId"`), or a set of types that includes it | schema |
//! | [`uin`](FoundationalIdSubject::uin) | `uin` | the unique identification number: [`UIN_MIN_DIGITS`] to [`UIN_MAX_DIGITS`] ASCII digits, the first not `0`, the last the [Verhoeff](crate::verhoeff) check digit | schema (shape), [`check`](FoundationalIdSubject::check) (check digit) |
//! | [`given_name`](FoundationalIdSubject::given_name) | `givenName` | optional: the given name(s), any script | schema (non-empty) |
//! | [`family_name`](FoundationalIdSubject::family_name) | `familyName` | the family name, any script | schema (non-empty) |
//! | [`birth_date`](FoundationalIdSubject::birth_date) | `birthDate` | a full calendar date `YYYY-MM-DD` ([`BirthDate`]) | schema (`format: date`), [`check`](FoundationalIdSubject::check) |
//! | [`sex`](FoundationalIdSubject::sex) | `sex` | optional: `F`, `M` or `X` ([`Sex`]) | schema, serde |
//! | [`residence`](FoundationalIdSubject::residence) | `residence` | `country` (ISO 3166-1 alpha-2), optional `district` and `region` ([`Residence`]) | schema (`^[A-Z]{2}$`), [`check`](FoundationalIdSubject::check) (assigned code) |
//! | [`photo_digest`](FoundationalIdSubject::photo_digest) | `photoDigest` | optional: multibase base58btc of the SHA-256 multihash of the photo | schema (shape), [`check`](FoundationalIdSubject::check) (multihash) |
//! | [`extra`](FoundationalIdSubject::extra) | anything else | extension members, kept as they came | — |
//!
//! The JSON Schema is `schemas/identity/v1/foundational-id.json`
//! ([`ids::FOUNDATIONAL_ID`](crate::schemas::ids::FOUNDATIONAL_ID)), and
//! `foundational-id-credential.json` describes a whole credential whose `credentialSubject` is
//! one such subject. The schema says everything a schema can; [`FoundationalIdSubject::check`]
//! says the rest — the Verhoeff check digit (a schema cannot compute it: a UIN with a wrong
//! check digit *passes* the schema and fails `check`, by design), that the birth date exists in
//! the calendar (which a validator without format assertion misses), that the country code is
//! assigned, and that the photo digest is a SHA-256 multihash — each with its own error code:
//!
//! | rule | error | code |
//! | --- | --- | --- |
//! | UIN shape and check digit | [`Error::IdNumberInvalid`] | `foundational_id.number_invalid` |
//! | birth date | [`Error::BirthDateInvalid`] | `foundational_id.birth_date_invalid` |
//! | residence country | [`Error::CountryInvalid`] | `foundational_id.country_invalid` |
//! | photo digest | [`Error::PhotoDigestInvalid`] | `foundational_id.photo_digest_invalid` |
//!
//! Reading a subject from JSON does not run these rules (serde keeps what the document says,
//! so that `check` can say what is wrong with its own code); run `check` — the credential's
//! verification does — before trusting one. Error messages never repeat the personal data they
//! refuse (the number, the date, the country), because error objects end up in logs.
//!
//! ```
//! use govblocks_identity::foundational_id::{BirthDate, FoundationalIdSubject, Residence, Sex};
//! let subject = FoundationalIdSubject::new(
//!     "7260181597",
//!     "Rahman",
//!     BirthDate::parse("1990-02-28")?,
//!     Residence::new("BD").with_region("Dhaka").with_district("Gazipur"),
//! )
//! .with_given_name("Ayesha")
//! .with_sex(Sex::Female)
//! .with_photo(b"the enrolment photo's bytes");
//! subject.check()?;
//! assert!(subject.photo_matches(b"the enrolment photo's bytes")?);
//!
//! let json = serde_json::to_value(&subject).unwrap();
//! assert_eq!(json["uin"], "7260181597");
//! assert_eq!(json["type"], "FoundationalId");
//! # Ok::<(), govblocks_identity::Error>(())
//! ```
//!
//! # As an SD-JWT VC
//!
//! The same subject is issued as an SD-JWT VC by
//! [`sd_jwt::foundational_id`](crate::sd_jwt::foundational_id): every personal claim
//! selectively disclosable and an `age_over_18` derived at issuance, so that a person proves
//! their age or their district alone.
//!
//! # Why a UIN, and not a pseudonym
//!
//! A foundational ID is the root every functional register (tax, health, social protection,
//! voter roll) links to; the number is what the ID authority is authoritative for, and the one
//! claim those registers need to find the person's record. The credential therefore carries it.
//! Pseudonymity belongs to the layers above: the subject's `id` can be a pairwise DID of the
//! holder's, and a relying party that must not learn the UIN is given a derived credential or a
//! token instead (MOSIP's revocable Virtual IDs and partner-specific tokens are derived from
//! the UIN for exactly this) — a pseudonym differs per relying party, so no single credential
//! could carry "the" pseudonym.
//!
//! # Why a photo digest, and not the photo
//!
//! A face image is biometric data, the most sensitive category data-protection law knows. A
//! credential is copied to every verifier it is shown to and into every wallet backup; the
//! photo in it would be too. The credential carries only a SHA-256 digest: it proves that *this*
//! photo — held elsewhere, on the card's chip, on the holder's device, in the ID authority's
//! authentication service — is the one the authority bound to this person
//! ([`FoundationalIdSubject::photo_matches`]), and tells a verifier without the photo nothing
//! about the face. It also keeps the credential small enough for a QR code.
//!
//! # Choices, and where they come from
//!
//! * **UIN length**: MOSIP's UIN length is a deployment setting (`mosip.kernel.uin.length`,
//!   10 by default) and India's Aadhaar has 12 digits, both with a Verhoeff check digit; the
//!   schema and [`check_uin`] accept [`UIN_MIN_DIGITS`] to [`UIN_MAX_DIGITS`] digits so that one
//!   schema fits every deployment. A deployment that wants its exact length adds it in its own
//!   schema (an `allOf` with a tighter `pattern`). MOSIP's generation filters (no leading `1`,
//!   no long runs or sequences) are issuance policy, not validity: a verifier checks only the
//!   leading digit (not `0`, so the number survives systems that store it as an integer) and
//!   the check digit.
//! * **Sex**: ICAO Doc 9303 (machine readable travel documents), part 4: `F` (female), `M`
//!   (male) and `X` (unspecified), the codes printed in passports and readable at every border.
//!   It is optional: leave it out where the law does not require it (data minimisation). ISO/IEC
//!   5218 codes map as 2 → `F`, 1 → `M`, 0 and 9 → `X`; MOSIP's configurable gender labels map
//!   by the deployment's own table.
//! * **Names** are any non-empty Unicode strings, in any script (Cyrillic, Arabic, Devanagari,
//!   Han …), written as the civil register writes them. They are not normalized (the signature
//!   covers the exact code points): issuers should write NFC, and verifiers that compare names
//!   should compare NFC forms. A person with a single name (a mononym) has only `familyName`,
//!   as ICAO 9303 puts a single name in the primary identifier and leaves the secondary empty.
//! * **Birth date**: a full date only (`1990-02-28`): civil registers that know only the year
//!   or the month conventionally record a fixed day (often 1 January or 1 July), and do so here.
//!   Years `0000`–`9999` parse, as RFC 3339's `full-date` (the schema's `format: date`) allows.
//!   Whether a date is plausible (not in the future, not 150 years ago) is the issuer's policy.
//! * **Country**: ISO 3166-1 alpha-2 codes assigned by the ISO 3166 Maintenance Agency (249),
//!   from the `celes` crate, upper case only. User-assigned codes (`AA`, `QM`–`QZ`, `XA`–`XZ`,
//!   `ZZ`) are refused, `XK` (Kosovo, used by the EU and others) included, as are exceptionally
//!   reserved ones (`UK`, `EU`) and withdrawn ones (`AN`, `YU`).
//! * **Photo digest**: SHA-256 as a multihash (`0x12` = sha2-256, `0x20` = 32 bytes), multibase
//!   base58btc, the one multibase govblocks accepts: always `zQm` followed by 44 characters.
//!
//! Nothing here panics on any input: the lints below hold the module to that.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use crate::one_or_many::OneOrMany;
use crate::verhoeff;
use crate::{Error, Result};
use govblocks_core::encoding::{multibase_decode, multibase_encode};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};
use std::fmt;
use std::str::FromStr;
use time::{Date, Month};

/// The subject's `type`: `"FoundationalId"`. A credential that carries a foundational ID subject
/// can itself be typed `["VerifiableCredential", "FoundationalIdCredential"]`.
pub const SUBJECT_TYPE: &str = "FoundationalId";

/// The fewest digits a UIN has (MOSIP's default UIN length), check digit included.
pub const UIN_MIN_DIGITS: usize = 10;

/// The most digits a UIN has, check digit included.
pub const UIN_MAX_DIGITS: usize = 30;

/// The multihash header of a SHA-256 digest: code `0x12` (sha2-256), length `0x20` (32 bytes).
pub const SHA2_256_MULTIHASH: [u8; 2] = [0x12, 0x20];

/// The subject of a foundational ID credential (see the [module documentation](self)).
///
/// Deserializing keeps what the document says, extension members included
/// ([`extra`](Self::extra)), and serializing writes it back: a subject read and written again
/// canonicalizes (JCS) to the same bytes. [`check`](Self::check) is what makes it valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FoundationalIdSubject {
    /// The holder's DID (or another URL) when the credential is bound to the holder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// `type`: [`SUBJECT_TYPE`], or a set of types that includes it.
    #[serde(rename = "type")]
    pub types: OneOrMany<String>,
    /// The unique identification number (see [`check_uin`]).
    pub uin: String,
    /// The given name(s); absent for a person with a single name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub given_name: Option<String>,
    /// The family name (or the single name of a person who has one).
    pub family_name: String,
    /// The date of birth.
    pub birth_date: BirthDate,
    /// Sex, as ICAO 9303 codes it; absent when not recorded or not to be disclosed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// The place of residence.
    pub residence: Residence,
    /// The SHA-256 digest of the enrolment photo (see [`photo_digest`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub photo_digest: Option<String>,
    /// Members this type does not name, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl FoundationalIdSubject {
    /// A subject of type [`SUBJECT_TYPE`] with the required members; add the optional ones
    /// with the `with_*` methods. Nothing is checked here: call [`check`](Self::check).
    pub fn new(
        uin: impl Into<String>,
        family_name: impl Into<String>,
        birth_date: BirthDate,
        residence: Residence,
    ) -> Self {
        FoundationalIdSubject {
            id: None,
            types: OneOrMany::One(SUBJECT_TYPE.to_owned()),
            uin: uin.into(),
            given_name: None,
            family_name: family_name.into(),
            birth_date,
            sex: None,
            residence,
            photo_digest: None,
            extra: Map::new(),
        }
    }

    /// With the holder's DID (or another URL) as `id`.
    pub fn with_id(mut self, id: impl Into<String>) -> Self {
        self.id = Some(id.into());
        self
    }

    /// With a given name.
    pub fn with_given_name(mut self, given_name: impl Into<String>) -> Self {
        self.given_name = Some(given_name.into());
        self
    }

    /// With a recorded sex.
    pub fn with_sex(mut self, sex: Sex) -> Self {
        self.sex = Some(sex);
        self
    }

    /// With the digest of `photo` (the photo's bytes exactly as the ID authority keeps them).
    pub fn with_photo(mut self, photo: &[u8]) -> Self {
        self.photo_digest = Some(photo_digest(photo));
        self
    }

    /// Everything the schema cannot say: the UIN's shape and Verhoeff check digit
    /// ([`check_uin`]), that the birth date exists ([`BirthDate::date`]), that the residence
    /// country is an assigned ISO 3166-1 alpha-2 code ([`check_country`]), and that the photo
    /// digest is a SHA-256 multihash ([`decode_photo_digest`]). The first rule broken is
    /// reported, in that order.
    ///
    /// # Errors
    ///
    /// [`Error::IdNumberInvalid`], [`Error::BirthDateInvalid`], [`Error::CountryInvalid`],
    /// [`Error::PhotoDigestInvalid`].
    pub fn check(&self) -> Result<()> {
        check_uin(&self.uin)?;
        self.birth_date.date()?;
        check_country(&self.residence.country)?;
        if let Some(digest) = &self.photo_digest {
            decode_photo_digest(digest)?;
        }
        Ok(())
    }

    /// Whether `photo` is the photo this subject's digest names; `false` when the subject has
    /// no photo digest.
    ///
    /// # Errors
    ///
    /// [`Error::PhotoDigestInvalid`] when the digest is not a SHA-256 multihash.
    pub fn photo_matches(&self, photo: &[u8]) -> Result<bool> {
        match &self.photo_digest {
            None => Ok(false),
            Some(digest) => {
                let expected = decode_photo_digest(digest)?;
                Ok(<[u8; 32]>::from(Sha256::digest(photo)) == expected)
            }
        }
    }
}

/// Sex, coded as ICAO Doc 9303 codes it in machine readable travel documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Sex {
    /// `F`.
    #[serde(rename = "F")]
    Female,
    /// `M`.
    #[serde(rename = "M")]
    Male,
    /// `X`: unspecified (neither `F` nor `M` is recorded).
    #[serde(rename = "X")]
    Unspecified,
}

impl Sex {
    /// The wire code: `F`, `M` or `X`.
    pub fn as_str(self) -> &'static str {
        match self {
            Sex::Female => "F",
            Sex::Male => "M",
            Sex::Unspecified => "X",
        }
    }
}

impl fmt::Display for Sex {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The place of residence: the country, and the region and district within it where the
/// country has them (their names as the country's administration writes them).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Residence {
    /// The district (or municipality, county …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub district: Option<String>,
    /// The region (or province, state …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// The ISO 3166-1 alpha-2 country code (see [`check_country`]).
    pub country: String,
    /// Members this type does not name (a postal code, a locality …), kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Residence {
    /// A residence in `country` (an ISO 3166-1 alpha-2 code, not checked here).
    pub fn new(country: impl Into<String>) -> Self {
        Residence {
            district: None,
            region: None,
            country: country.into(),
            extra: Map::new(),
        }
    }

    /// With a district.
    pub fn with_district(mut self, district: impl Into<String>) -> Self {
        self.district = Some(district.into());
        self
    }

    /// With a region.
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }
}

/// A date of birth, kept exactly as written (`YYYY-MM-DD`), so that a subject read and written
/// again is the same text.
///
/// [`BirthDate::parse`] and [`BirthDate::from_date`] make only valid dates; deserializing keeps
/// any string, and [`BirthDate::date`] (which [`FoundationalIdSubject::check`] runs) says
/// whether it is one. Valid means: four-digit year (`0000`–`9999`), two-digit month and day,
/// `-` separators, and a day that exists in the proleptic Gregorian calendar — exactly what the
/// schema's `pattern` and `format: date` accept together.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct BirthDate(String);

impl BirthDate {
    /// Parses a `YYYY-MM-DD` date.
    ///
    /// # Errors
    ///
    /// [`Error::BirthDateInvalid`] when `text` is not one, or names a day that does not exist.
    pub fn parse(text: &str) -> Result<Self> {
        parse_date(text)?;
        Ok(BirthDate(text.to_owned()))
    }

    /// The date `date`, written `YYYY-MM-DD`.
    ///
    /// # Errors
    ///
    /// [`Error::BirthDateInvalid`] for a year outside `0000`–`9999`.
    pub fn from_date(date: Date) -> Result<Self> {
        let year = date.year();
        if !(0..=9999).contains(&year) {
            return Err(birth_date_invalid("the year must be 0000 to 9999"));
        }
        Ok(BirthDate(format!(
            "{year:04}-{:02}-{:02}",
            u8::from(date.month()),
            date.day()
        )))
    }

    /// The date as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The calendar date.
    ///
    /// # Errors
    ///
    /// [`Error::BirthDateInvalid`] when the text (as deserialized) is not a valid `YYYY-MM-DD`
    /// date.
    pub fn date(&self) -> Result<Date> {
        parse_date(&self.0)
    }
}

impl fmt::Display for BirthDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl FromStr for BirthDate {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        BirthDate::parse(text)
    }
}

impl TryFrom<Date> for BirthDate {
    type Error = Error;
    fn try_from(date: Date) -> Result<Self> {
        BirthDate::from_date(date)
    }
}

fn birth_date_invalid(reason: &str) -> Error {
    Error::BirthDateInvalid {
        reason: reason.to_owned(),
    }
}

/// `YYYY-MM-DD`, ASCII digits only, and a day that exists.
fn parse_date(text: &str) -> Result<Date> {
    let shape = || birth_date_invalid("must be a full date written YYYY-MM-DD");
    let bytes: [u8; 10] = text.as_bytes().try_into().map_err(|_| shape())?;
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = bytes else {
        return Err(shape());
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return Err(shape());
    }
    let value = |b: u8| u16::from(b - b'0');
    let year = value(y0) * 1000 + value(y1) * 100 + value(y2) * 10 + value(y3);
    let month = value(m0) * 10 + value(m1);
    let day = value(d0) * 10 + value(d1);
    let month = u8::try_from(month)
        .ok()
        .and_then(|m| Month::try_from(m).ok())
        .ok_or_else(|| birth_date_invalid("the month must be 01 to 12"))?;
    let day = u8::try_from(day).map_err(|_| shape())?;
    Date::from_calendar_date(i32::from(year), month, day)
        .map_err(|_| birth_date_invalid("the day does not exist in that month"))
}

/// The subject rules of a foundational ID credential, for
/// [`CredentialVerifier::with_subject_rule`](crate::credential::CredentialVerifier::with_subject_rule):
/// every subject reads as a [`FoundationalIdSubject`] and passes [`FoundationalIdSubject::check`]
/// (the UIN's Verhoeff check digit, a real birth date, an ISO 3166 country, a SHA-256 photo
/// digest). A subject that does not read as one is `credential.schema_invalid`.
pub fn check_credential(credential: &crate::credential::Credential) -> Result<()> {
    for subject in credential.credential_subject.iter() {
        // Read from the map in place (no copy of the subject).
        let typed =
            FoundationalIdSubject::deserialize(subject).map_err(|e| Error::SchemaInvalid {
                schema: crate::schemas::ids::FOUNDATIONAL_ID.to_string(),
                violations: vec![govblocks_core::error::SchemaViolation {
                    instance_path: String::new(),
                    schema_path: String::new(),
                    message: e.to_string(),
                }],
            })?;
        typed.check()?;
    }
    Ok(())
}

/// Checks a unique identification number: [`UIN_MIN_DIGITS`] to [`UIN_MAX_DIGITS`] ASCII
/// digits, the first not `0`, the last the Verhoeff check digit of the others
/// ([`verhoeff::is_valid`]).
///
/// # Errors
///
/// [`Error::IdNumberInvalid`], saying which rule is broken (never repeating the number).
pub fn check_uin(uin: &str) -> Result<()> {
    let invalid = |reason: &str| Error::IdNumberInvalid {
        reason: reason.to_owned(),
    };
    if !uin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("must be ASCII digits 0-9 only"));
    }
    if !(UIN_MIN_DIGITS..=UIN_MAX_DIGITS).contains(&uin.len()) {
        return Err(invalid(&format!(
            "must have {UIN_MIN_DIGITS} to {UIN_MAX_DIGITS} digits, not {}",
            uin.len()
        )));
    }
    if uin.starts_with('0') {
        return Err(invalid("must not start with 0"));
    }
    if !verhoeff::is_valid(uin) {
        return Err(invalid("wrong check digit (Verhoeff)"));
    }
    Ok(())
}

/// Checks an ISO 3166-1 alpha-2 country code: two upper-case ASCII letters, assigned by the ISO
/// 3166 Maintenance Agency — the 249 officially assigned codes the `celes` crate lists; the
/// user-assigned `XK` it also lists is refused, as is every user-assigned code. Lower case is
/// refused rather than folded, as the schema refuses it.
///
/// # Errors
///
/// [`Error::CountryInvalid`].
pub fn check_country(code: &str) -> Result<()> {
    let invalid = |reason: &str| Error::CountryInvalid {
        reason: reason.to_owned(),
    };
    let letters: [u8; 2] = code
        .as_bytes()
        .try_into()
        .map_err(|_| invalid("must be two upper-case letters A-Z"))?;
    if !letters.iter().all(u8::is_ascii_uppercase) {
        return Err(invalid("must be two upper-case letters A-Z"));
    }
    if is_user_assigned(letters) || celes::Country::from_alpha2(code).is_err() {
        return Err(invalid("not an assigned ISO 3166-1 alpha-2 code"));
    }
    Ok(())
}

/// The alpha-2 codes ISO 3166-1 leaves to users (section 8.1.3): `AA`, `QM`–`QZ`, `XA`–`XZ`
/// and `ZZ`. They name nothing the same way everywhere.
fn is_user_assigned(code: [u8; 2]) -> bool {
    matches!(
        code,
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', _] | [b'Z', b'Z']
    )
}

/// The photo digest of `photo`: multibase base58btc (`z`) of the SHA-256 multihash
/// ([`SHA2_256_MULTIHASH`] followed by the 32-byte digest); always 47 characters, `zQm…`.
pub fn photo_digest(photo: &[u8]) -> String {
    let mut multihash = Vec::with_capacity(34);
    multihash.extend_from_slice(&SHA2_256_MULTIHASH);
    multihash.extend_from_slice(&Sha256::digest(photo));
    multibase_encode(&multihash)
}

/// The 32-byte SHA-256 digest a photo digest names.
///
/// # Errors
///
/// [`Error::PhotoDigestInvalid`] when `text` is not multibase base58btc, or does not decode to
/// a 34-byte multihash whose header is [`SHA2_256_MULTIHASH`].
pub fn decode_photo_digest(text: &str) -> Result<[u8; 32]> {
    let invalid = |reason: String| Error::PhotoDigestInvalid { reason };
    // 47 characters encode any 34 bytes but ones with many leading zeros (one '1' each): bound
    // the text before decoding so that hostile input costs nothing.
    if text.len() > 2 * 34 + 1 {
        return Err(invalid("longer than a SHA-256 multihash can be".to_owned()));
    }
    let bytes = multibase_decode(text, "photoDigest").map_err(|e| invalid(e.to_string()))?;
    let len = bytes.len();
    let multihash: [u8; 34] = bytes.try_into().map_err(|_| {
        invalid(format!(
            "decodes to {len} bytes; a SHA-256 multihash has 34"
        ))
    })?;
    let [code, size, digest @ ..] = multihash;
    if [code, size] != SHA2_256_MULTIHASH {
        return Err(invalid(format!(
            "multihash header 0x{code:02x}{size:02x} is not SHA-256 (0x1220)"
        )));
    }
    Ok(digest)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn user_assigned_codes() {
        for code in ["AA", "QM", "QZ", "XA", "XK", "XZ", "ZZ"] {
            let bytes: [u8; 2] = code.as_bytes().try_into().unwrap();
            assert!(is_user_assigned(bytes), "{code}");
        }
        for code in ["AB", "QA", "QL", "ZA", "ZW", "MX"] {
            let bytes: [u8; 2] = code.as_bytes().try_into().unwrap();
            assert!(!is_user_assigned(bytes), "{code}");
        }
    }

    #[test]
    fn photo_digest_shape() {
        for photo in [&b""[..], b"x", &[0xff; 1000]] {
            let digest = photo_digest(photo);
            assert_eq!(digest.len(), 47);
            assert!(digest.starts_with("zQm"));
            assert_eq!(
                decode_photo_digest(&digest).unwrap(),
                <[u8; 32]>::from(Sha256::digest(photo))
            );
        }
    }
}
