//! Parties: who pays and who is paid — a name, an identifier, optionally a postal address —
//! shaped after ISO 20022's `PartyIdentification` and `PostalAddress24` (the parts a
//! disbursement needs).
//!
//! Limits are ISO 20022's: a name is 1 to 140 characters (`Max140Text`), an identifier 1 to 35
//! (`Max35Text`) with an optional scheme code of 1 to 4 (`NIDN` national identity number,
//! `TXID` tax id, `CUST` customer number, …), address parts at most 70 (16 for a post code and
//! a building number), at most 7 address lines. An address always names its country, an ISO
//! 3166-1 alpha-2 code (user-assigned codes such as `XX` are refused). No text may be blank or
//! hold control characters. Each type is made only by its constructor or by serde, which run
//! the same checks: `payments.party_invalid`, `payments.address_invalid`.

use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// 1 to `max` characters, not blank (white space alone), no control characters: ISO 20022's
/// `MaxNText` as govblocks reads it (the batch rules' ids too).
pub(crate) fn text_ok(s: &str, max: usize) -> bool {
    if s.is_ascii() {
        // The same answer in one pass: ASCII's control characters are the bytes below 0x20 and
        // 0x7F, and its white space other than ' ' is among them.
        let bytes = s.as_bytes();
        return !bytes.is_empty()
            && bytes.len() <= max
            && bytes.iter().all(|&b| b >= 0x20 && b != 0x7f)
            && bytes.iter().any(|&b| b != b' ');
    }
    let n = s.chars().count();
    n >= 1 && n <= max && !s.trim().is_empty() && !s.chars().any(char::is_control)
}

/// A party: a name, an identifier, maybe a postal address.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "PartyWire", into = "PartyWire")]
pub struct Party {
    name: String,
    identifier: PartyIdentifier,
    /// Boxed: most parties of a large batch have none, and a party is then 80 bytes, not 240.
    postal_address: Option<Box<PostalAddress>>,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PartyWire {
    name: String,
    identifier: PartyIdentifier,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    postal_address: Option<PostalAddress>,
}

impl TryFrom<PartyWire> for Party {
    type Error = Error;
    fn try_from(w: PartyWire) -> Result<Party> {
        let party = Party::new(w.name, w.identifier)?;
        Ok(match w.postal_address {
            Some(a) => party.with_address(a),
            None => party,
        })
    }
}

impl From<Party> for PartyWire {
    fn from(p: Party) -> PartyWire {
        PartyWire {
            name: p.name,
            identifier: p.identifier,
            postal_address: p.postal_address.map(|a| *a),
        }
    }
}

impl Party {
    /// A party without an address: `payments.party_invalid` for a name that is empty, blank,
    /// over 140 characters or holds control characters.
    pub fn new(name: impl Into<String>, identifier: PartyIdentifier) -> Result<Party> {
        let name = name.into();
        if !text_ok(&name, 140) {
            return Err(Error::PartyInvalid {
                reason: "the name is not 1 to 140 characters of text".to_owned(),
            });
        }
        Ok(Party {
            name,
            identifier,
            postal_address: None,
        })
    }

    /// With a postal address.
    pub fn with_address(mut self, address: PostalAddress) -> Party {
        self.postal_address = Some(Box::new(address));
        self
    }

    /// The name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The identifier.
    pub fn identifier(&self) -> &PartyIdentifier {
        &self.identifier
    }

    /// The postal address, if any.
    pub fn postal_address(&self) -> Option<&PostalAddress> {
        self.postal_address.as_deref()
    }
}

/// A party's identifier: an id (1 to 35 characters) and, optionally, the code of its scheme (1
/// to 4 upper-case letters: `NIDN`, `TXID`, `CUST`, …).
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "IdWire", into = "IdWire")]
pub struct PartyIdentifier {
    id: String,
    scheme: Option<String>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct IdWire {
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    scheme: Option<String>,
}

impl TryFrom<IdWire> for PartyIdentifier {
    type Error = Error;
    fn try_from(w: IdWire) -> Result<PartyIdentifier> {
        let id = PartyIdentifier::new(w.id)?;
        match w.scheme {
            Some(s) => id.with_scheme(s),
            None => Ok(id),
        }
    }
}

impl From<PartyIdentifier> for IdWire {
    fn from(p: PartyIdentifier) -> IdWire {
        IdWire {
            id: p.id,
            scheme: p.scheme,
        }
    }
}

impl PartyIdentifier {
    /// An identifier without a scheme: `payments.party_invalid` unless 1 to 35 characters of
    /// text.
    pub fn new(id: impl Into<String>) -> Result<PartyIdentifier> {
        let id = id.into();
        if !text_ok(&id, 35) {
            return Err(Error::PartyInvalid {
                reason: "the identifier is not 1 to 35 characters of text".to_owned(),
            });
        }
        Ok(PartyIdentifier { id, scheme: None })
    }

    /// With its scheme code: `payments.party_invalid` unless 1 to 4 upper-case letters.
    pub fn with_scheme(mut self, scheme: impl Into<String>) -> Result<PartyIdentifier> {
        let scheme = scheme.into();
        if scheme.is_empty() || scheme.len() > 4 || !scheme.bytes().all(|b| b.is_ascii_uppercase())
        {
            return Err(Error::PartyInvalid {
                reason: "the identifier's scheme is not 1 to 4 upper-case letters".to_owned(),
            });
        }
        self.scheme = Some(scheme);
        Ok(self)
    }

    /// The id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The scheme code, if any.
    pub fn scheme(&self) -> Option<&str> {
        self.scheme.as_deref()
    }
}

/// A postal address (the parts of ISO 20022's `PostalAddress24` a disbursement needs). Built
/// with [`PostalAddress::new`] and the `with_*` methods, each checked.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(try_from = "AddressWire", into = "AddressWire")]
pub struct PostalAddress {
    wire: AddressWire,
}

#[derive(Clone, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct AddressWire {
    country: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    town_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    post_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    street_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    building_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    country_sub_division: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    address_lines: Vec<String>,
}

impl TryFrom<AddressWire> for PostalAddress {
    type Error = Error;
    fn try_from(w: AddressWire) -> Result<PostalAddress> {
        check_country(&w.country)?;
        for (part, value, max) in [
            ("townName", &w.town_name, 35),
            ("postCode", &w.post_code, 16),
            ("streetName", &w.street_name, 70),
            ("buildingNumber", &w.building_number, 16),
            ("countrySubDivision", &w.country_sub_division, 35),
        ] {
            if let Some(v) = value {
                check_part(part, v, max)?;
            }
        }
        if w.address_lines.len() > 7 {
            return Err(Error::AddressInvalid {
                reason: "more than 7 address lines".to_owned(),
            });
        }
        for line in &w.address_lines {
            check_part("addressLines", line, 70)?;
        }
        Ok(PostalAddress { wire: w })
    }
}

impl From<PostalAddress> for AddressWire {
    fn from(a: PostalAddress) -> AddressWire {
        a.wire
    }
}

fn check_country(country: &str) -> Result<()> {
    // ISO 3166-1 §8.1.3: AA, QM to QZ, XA to XZ and ZZ are for users, never for a country.
    let user_assigned = matches!(
        country.as_bytes(),
        [b'A', b'A'] | [b'Q', b'M'..=b'Z'] | [b'X', _] | [b'Z', b'Z']
    );
    let ok = country.len() == 2
        && country.bytes().all(|b| b.is_ascii_uppercase())
        && !user_assigned
        && celes::Country::from_alpha2(country).is_ok();
    if ok {
        Ok(())
    } else {
        Err(Error::AddressInvalid {
            reason: format!(
                "country {:?} is not an ISO 3166-1 alpha-2 code",
                crate::error::quote(country)
            ),
        })
    }
}

fn check_part(part: &str, value: &str, max: usize) -> Result<()> {
    if text_ok(value, max) {
        Ok(())
    } else {
        Err(Error::AddressInvalid {
            reason: format!("{part} is not 1 to {max} characters of text"),
        })
    }
}

impl PostalAddress {
    /// An address in `country` (ISO 3166-1 alpha-2, upper case).
    pub fn new(country: &str) -> Result<PostalAddress> {
        check_country(country)?;
        Ok(PostalAddress {
            wire: AddressWire {
                country: country.to_owned(),
                ..AddressWire::default()
            },
        })
    }

    /// With a town (1 to 35 characters).
    pub fn with_town(mut self, town: &str) -> Result<PostalAddress> {
        check_part("townName", town, 35)?;
        self.wire.town_name = Some(town.to_owned());
        Ok(self)
    }

    /// With a post code (1 to 16 characters).
    pub fn with_post_code(mut self, code: &str) -> Result<PostalAddress> {
        check_part("postCode", code, 16)?;
        self.wire.post_code = Some(code.to_owned());
        Ok(self)
    }

    /// With a street (1 to 70 characters).
    pub fn with_street(mut self, street: &str) -> Result<PostalAddress> {
        check_part("streetName", street, 70)?;
        self.wire.street_name = Some(street.to_owned());
        Ok(self)
    }

    /// With a building number (1 to 16 characters).
    pub fn with_building_number(mut self, number: &str) -> Result<PostalAddress> {
        check_part("buildingNumber", number, 16)?;
        self.wire.building_number = Some(number.to_owned());
        Ok(self)
    }

    /// With a region (1 to 35 characters).
    pub fn with_sub_division(mut self, region: &str) -> Result<PostalAddress> {
        check_part("countrySubDivision", region, 35)?;
        self.wire.country_sub_division = Some(region.to_owned());
        Ok(self)
    }

    /// With one more free-form line (1 to 70 characters; 7 lines at most).
    pub fn with_line(mut self, line: &str) -> Result<PostalAddress> {
        if self.wire.address_lines.len() == 7 {
            return Err(Error::AddressInvalid {
                reason: "more than 7 address lines".to_owned(),
            });
        }
        check_part("addressLines", line, 70)?;
        self.wire.address_lines.push(line.to_owned());
        Ok(self)
    }

    /// The country.
    pub fn country(&self) -> &str {
        &self.wire.country
    }

    /// The town, if any.
    pub fn town(&self) -> Option<&str> {
        self.wire.town_name.as_deref()
    }

    /// The post code, if any.
    pub fn post_code(&self) -> Option<&str> {
        self.wire.post_code.as_deref()
    }

    /// The street, if any.
    pub fn street(&self) -> Option<&str> {
        self.wire.street_name.as_deref()
    }

    /// The building number, if any.
    pub fn building_number(&self) -> Option<&str> {
        self.wire.building_number.as_deref()
    }

    /// The region, if any.
    pub fn sub_division(&self) -> Option<&str> {
        self.wire.country_sub_division.as_deref()
    }

    /// The free-form lines.
    pub fn lines(&self) -> &[String] {
        &self.wire.address_lines
    }
}
