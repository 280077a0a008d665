//! The two addresses of an envelope, held as checked text: the **client** that asks
//! (`INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`) and the **service** it calls
//! (`INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`), in the X-Road Message Protocol for
//! REST's path spelling.
//!
//! # The contract of these types
//!
//! [`ClientAddress`] and [`ServiceAddress`] check the *shape* of an address and nothing more:
//!
//! * parts are separated by `/`: 3 or 4 for a client, 5 or 6 for a service;
//! * every part is non-empty and made of printable ASCII other than space and `/` (`!` to `~`
//!   but `/`): a part that needs another character carries it percent-encoded, as X-Road
//!   writes it;
//! * the text is kept exactly as given (no decoding, no case folding), so an envelope
//!   round-trips byte for byte and two addresses are equal when their texts are.
//!
//! The exact X-Road rules — which characters each part may hold once decoded, the object-type
//! form `SUBSYSTEM:EE/GOV/70000001/social` — are the [`xroad`](crate) module's, whose parsers
//! accept a subset of what these types accept. The envelope needs only the shape: an address
//! names a directory entry ([`Directory`](crate::directory::Directory)) and an access-list
//! rule ([`AccessList`](crate::access::AccessList)), compared as text.
//!
//! The service's **provider** is the client address of its first four parts (the subsystem
//! that offers it): the response to a request is signed by the provider's key.

use crate::error::{quote, Error, Result};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// The longest address accepted, in bytes (X-Road's parts are short; this bounds a hostile one).
pub const MAX_ADDRESS_LEN: usize = 1024;

/// Splits `text` into its `/`-separated parts after checking each (see the
/// [module documentation](self)); `what` names the address in the error.
fn parts<'a>(text: &'a str, what: &'static str, counts: [usize; 2]) -> Result<Vec<&'a str>> {
    let invalid = |reason| Error::AddressInvalid {
        what,
        input: quote(text),
        reason,
    };
    if text.len() > MAX_ADDRESS_LEN {
        return Err(invalid("longer than 1024 bytes"));
    }
    let parts: Vec<&str> = text.split('/').collect();
    if !counts.contains(&parts.len()) {
        return Err(invalid(if what == "client" {
            "a client address has 3 or 4 parts (INSTANCE/CLASS/MEMBER[/SUBSYSTEM])"
        } else {
            "a service address has 5 or 6 parts (INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION])"
        }));
    }
    if parts.iter().any(|p| p.is_empty()) {
        return Err(invalid("a part is empty"));
    }
    if !text.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(invalid(
            "a part holds a character other than printable ASCII (percent-encode it)",
        ));
    }
    Ok(parts)
}

/// A client address, `INSTANCE/CLASS/MEMBER[/SUBSYSTEM]` (see the
/// [module documentation](self) for what is checked).
///
/// ```
/// use govblocks_exchange::envelope::address::ClientAddress;
/// let client = ClientAddress::parse("EE/GOV/70000001/social")?;
/// assert_eq!(client.as_str(), "EE/GOV/70000001/social");
/// assert_eq!(ClientAddress::parse("EE/GOV").unwrap_err().code(), "exchange.address_invalid");
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ClientAddress(String);

impl ClientAddress {
    /// Reads a client address (`exchange.address_invalid` when it is not one).
    pub fn parse(text: &str) -> Result<Self> {
        parts(text, "client", [3, 4])?;
        Ok(Self(text.to_owned()))
    }

    /// The address as written.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A service address, `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]` (see the
/// [module documentation](self)).
///
/// ```
/// use govblocks_exchange::envelope::address::ServiceAddress;
/// let service = ServiceAddress::parse("EE/GOV/70000002/population/residence/v1")?;
/// assert_eq!(service.provider().as_str(), "EE/GOV/70000002/population");
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ServiceAddress {
    text: String,
    /// The byte length of the provider's part (the first four parts).
    provider_len: usize,
}

impl ServiceAddress {
    /// Reads a service address (`exchange.address_invalid` when it is not one).
    pub fn parse(text: &str) -> Result<Self> {
        let parts = parts(text, "service", [5, 6])?;
        let provider_len = parts[..4].iter().map(|p| p.len()).sum::<usize>() + 3;
        Ok(Self {
            text: text.to_owned(),
            provider_len,
        })
    }

    /// The address as written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The subsystem that provides the service (its first four parts), whose key signs the
    /// service's responses.
    pub fn provider(&self) -> ClientAddress {
        ClientAddress(self.text[..self.provider_len].to_owned())
    }
}

impl fmt::Display for ClientAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for ServiceAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl std::str::FromStr for ClientAddress {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl std::str::FromStr for ServiceAddress {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self> {
        Self::parse(s)
    }
}

impl Serialize for ClientAddress {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl Serialize for ServiceAddress {
    fn serialize<S: Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for ClientAddress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for ServiceAddress {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for ok in ["EE/GOV/70000001", "EE/GOV/70000001/social", "a/b/c%2Fd/e"] {
            assert!(ClientAddress::parse(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "EE/GOV",
            "EE//1/x",
            "EE/GOV/1/x/y",
            "EE/GOV/1 2",
            "EE/GOV/é",
        ] {
            assert_eq!(
                ClientAddress::parse(bad).unwrap_err().code(),
                "exchange.address_invalid",
                "{bad}"
            );
        }
        let s = ServiceAddress::parse("EE/GOV/70000002/population/residence").unwrap();
        assert_eq!(s.provider().as_str(), "EE/GOV/70000002/population");
        assert!(ServiceAddress::parse("EE/GOV/70000002/population").is_err());
        assert!(ServiceAddress::parse("EE/GOV/1/p/s/v1/x").is_err());
        assert!(ServiceAddress::parse(&"a/".repeat(600)).is_err());
    }
}
