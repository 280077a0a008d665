//! clap value parsers shared by the subcommands: a malformed value is a usage error (exit 2)
//! reported by clap before anything is read. Also the check of `--purpose` against the known
//! proof purposes, which needs `--custom-purpose` as well and so runs after clap.

use govblocks_core::clock::Timestamp;
use govblocks_core::keys::{PublicKey, DID_KEY_PREFIX};
use govblocks_core::proof::ProofPurpose;

use crate::output::CliError;
use govblocks_identity::status_list::StatusPurpose;

/// The proof purposes `sign --purpose` and `verify --purpose` accept without
/// `--custom-purpose`: the verification relationships of DID Core that Data Integrity names
/// (the named variants of [`ProofPurpose`]).
pub const KNOWN_PURPOSES: [&str; 5] = [
    "assertionMethod",
    "authentication",
    "capabilityInvocation",
    "capabilityDelegation",
    "keyAgreement",
];

/// An RFC 3339 date-time with an offset (`2024-01-01T00:00:00Z`), as Data Integrity requires.
pub fn datetime(text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text, "argument").map_err(|_| {
        "expected an RFC 3339 date-time with an offset, e.g. 2024-01-01T00:00:00Z".to_string()
    })
}

/// A proof purpose name (`assertionMethod`, `authentication`, …): any non-blank name without
/// white space here, as Data Integrity allows other purposes; [`check_purpose`] then refuses
/// the unknown ones unless `--custom-purpose` is given.
pub fn purpose(text: &str) -> Result<ProofPurpose, String> {
    if text.is_empty() || text.chars().any(char::is_whitespace) {
        return Err("a proof purpose is a name such as assertionMethod or authentication".into());
    }
    Ok(ProofPurpose::parse(text))
}

/// Refuses a `--purpose` that is not one of [`KNOWN_PURPOSES`] unless `custom`
/// (`--custom-purpose`) says it is meant: a typo such as `assertMethod` would otherwise sign
/// proofs no verifier accepts, or verify expecting a purpose no proof has. The usage error
/// suggests the closest known purpose when one is close.
pub fn check_purpose(purpose: &ProofPurpose, custom: bool) -> Result<(), CliError> {
    let name = purpose.as_str();
    if custom || KNOWN_PURPOSES.contains(&name) {
        return Ok(());
    }
    let hint = closest_purpose(name)
        .map(|known| format!(" (did you mean {known}?)"))
        .unwrap_or_default();
    Err(CliError::Usage(format!(
        "unknown proof purpose {name:?}{hint}; the known purposes are {}; pass \
         --custom-purpose to use another",
        KNOWN_PURPOSES.join(", ")
    )))
}

/// The known purpose `name` most likely misspells: the one it is a prefix of (at least three
/// characters, ignoring case, and only one such), else the nearest within an edit distance of
/// a third of the known name's length.
fn closest_purpose(name: &str) -> Option<&'static str> {
    let lower = name.to_lowercase();
    let prefixed: Vec<&str> = KNOWN_PURPOSES
        .into_iter()
        .filter(|k| lower.chars().count() >= 3 && k.to_lowercase().starts_with(&lower))
        .collect();
    if let [only] = prefixed[..] {
        return Some(only);
    }
    KNOWN_PURPOSES
        .into_iter()
        .map(|k| (edit_distance(&lower, &k.to_lowercase()), k))
        .filter(|(d, k)| *d <= k.len() / 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitute = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitute.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// The status purposes the command line issues lists and entries for (`--purpose`,
/// `--status-purpose`): the two whose set bit makes a credential fail. `refresh` and `message`
/// lists are the library's (they need `statusMessages` and a refresh service).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListPurpose {
    /// A set bit revokes the credential, for good.
    Revocation,
    /// A set bit suspends the credential until it is cleared.
    Suspension,
}

impl From<ListPurpose> for StatusPurpose {
    fn from(purpose: ListPurpose) -> Self {
        match purpose {
            ListPurpose::Revocation => StatusPurpose::Revocation,
            ListPurpose::Suspension => StatusPurpose::Suspension,
        }
    }
}

/// `--max-bytes N`: a byte count of at least 1 (decimal digits only).
pub fn max_bytes(text: &str) -> Result<usize, String> {
    let n = if text.bytes().all(|b| b.is_ascii_digit()) {
        text.parse::<usize>().ok()
    } else {
        None
    };
    match n {
        Some(0) => Err("must be at least 1 (the default is 4194304, 4 MiB)".into()),
        Some(n) => Ok(n),
        None => Err(format!(
            "expected a number of bytes (decimal digits, at most {})",
            usize::MAX
        )),
    }
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
        for known in KNOWN_PURPOSES {
            assert!(check_purpose(&ProofPurpose::parse(known), false).is_ok());
            assert_eq!(ProofPurpose::parse(known).as_str(), known);
        }
        assert!(check_purpose(&ProofPurpose::parse("assertMethod"), false).is_err());
        assert!(check_purpose(&ProofPurpose::parse("assertMethod"), true).is_ok());
        assert_eq!(closest_purpose("assertMethod"), Some("assertionMethod"));
        assert_eq!(closest_purpose("AssertionMethod"), Some("assertionMethod"));
        assert_eq!(closest_purpose("auth"), Some("authentication"));
        assert_eq!(
            closest_purpose("capabilityInvokation"),
            Some("capabilityInvocation")
        );
        assert_eq!(closest_purpose("keyagreemnt"), Some("keyAgreement"));
        assert_eq!(closest_purpose("capability"), None, "two candidates");
        assert_eq!(closest_purpose("approval"), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        let did = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";
        assert!(controller(did).is_ok());
        assert!(controller(&format!("{did}#{}", &did[8..])).is_err());
        assert!(controller("did:key:z6MkBROKEN").is_err());
        assert!(controller("did:web:example.org").is_ok());
        assert!(controller("example.org").is_err());
        assert!(non_empty("").is_err());
        assert_eq!(max_bytes("6000000"), Ok(6_000_000));
        for bad in [
            "0",
            "",
            "-1",
            "+5",
            "1e6",
            "4 MiB",
            "99999999999999999999999",
        ] {
            assert!(max_bytes(bad).is_err(), "{bad:?}");
        }
    }
}
