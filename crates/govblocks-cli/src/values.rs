//! clap value parsers shared by the subcommands: a malformed value is a usage error (exit 2)
//! reported by clap before anything is read.

use govblocks_core::clock::Timestamp;
use govblocks_core::keys::{PublicKey, DID_KEY_PREFIX};
use govblocks_core::proof::ProofPurpose;

/// An RFC 3339 date-time with an offset (`2024-01-01T00:00:00Z`), as Data Integrity requires.
pub fn datetime(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text, "argument").map_err(|_| {
        "expected an RFC 3339 date-time with an offset, e.g. 2024-01-01T00:00:00Z".to_string()
    })
}

/// A proof purpose name (`assertionMethod`, `authentication`, …); any non-blank name without
/// white space is accepted, as Data Integrity allows other purposes.
pub fn purpose(text: &str) -> Result<ProofPurpose, String> {
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return Err("a proof purpose is a name such as assertionMethod or authentication".into());
    }
    Ok(ProofPurpose::parse(text))
}

/// A non-empty string (ids, challenges, domains).
pub fn non_empty(text: &str) -> Result<String, String> {
    if text.is_empty() {
        return Err("must not be empty".into());
    }
    Ok(text.to_string())
}

/// A controller DID for `--trust`: not a verification method URL (no `#fragment`), and a
/// well-formed one when it is a `did:key`.
pub fn controller(text: &str) -> Result<String, String> {
    if !text.starts_with("did:") {
        return Err("expected a controller DID such as did:key:z6Mk…".into());
    }
    if text.contains('#') {
        return Err(
            "expected the controller DID, not a verification method URL (drop the #fragment)"
                .into(),
        );
    }
    if text.starts_with(DID_KEY_PREFIX) {
        PublicKey::from_did_url(text).map_err(|e| e.to_string())?;
    }
    Ok(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_checked() {
        assert!(datetime("2023-02-24T23:36:38Z").is_ok());
        assert!(datetime("2023-02-24T23:36:38").is_err());
        assert!(purpose("authentication").is_ok_and(|p| p == ProofPurpose::Authentication));
        assert!(purpose("").is_err());
        assert!(purpose("a b").is_err());
        let did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        assert!(controller(did).is_ok());
        assert!(controller(&format!("{did}#{}", &did[8..])).is_err());
        assert!(controller("did:key:z6MkBROKEN").is_err());
        assert!(controller("did:web:example.org").is_ok());
        assert!(controller("example.org").is_err());
        assert!(non_empty("").is_err());
    }
}
