//! `did:key` for Ed25519 and X25519 keys (W3C CCG did:key method v0.7).
//!
//! `did:key:<multikey>` names a key by itself: the DID document is derived from the key, its
//! one verification method is `did:key:<multikey>#<multikey>`, and that method is listed under
//! every verification relationship (assertionMethod, authentication, capabilityInvocation,
//! capabilityDelegation). Nothing is fetched.

use super::PublicKey;
use crate::error::{clip, Error, Result};

/// The prefix of every `did:key` DID.
pub const DID_KEY_PREFIX: &str = "did:key:";

/// Parses `did:key:z…` or `did:key:z…#z…` into the key it names.
pub(super) fn parse(did_url: &str) -> Result<PublicKey> {
    PublicKey::from_multikey(multikey_of(did_url)?)
}

/// The Multikey a `did:key:z…` or `did:key:z…#z…` names (not yet decoded): the one place the
/// DID URL's shape is checked, for Ed25519 and X25519 keys alike.
pub(super) fn multikey_of(did_url: &str) -> Result<&str> {
    let invalid = |reason: &str| Error::DidInvalid {
        did: clip(did_url, 120),
        reason: reason.to_string(),
    };
    let Some(rest) = did_url.strip_prefix(DID_KEY_PREFIX) else {
        return if did_url.starts_with("did:") {
            Err(Error::DidMethodUnsupported {
                did: clip(did_url, 120),
            })
        } else {
            Err(invalid("not a DID"))
        };
    };
    let (multikey, fragment) = match rest.split_once('#') {
        Some((mk, fragment)) => (mk, Some(fragment)),
        None => (rest, None),
    };
    if let Some(fragment) = fragment {
        if fragment != multikey {
            return Err(invalid(
                "the fragment of a did:key verification method must repeat the key",
            ));
        }
    }
    if multikey.contains(['/', '?', ':']) {
        return Err(invalid("paths, queries and versions are not supported"));
    }
    Ok(multikey)
}

/// The controller (the DID) of a `did:key` verification method URL: the part before `#`.
/// Returns `None` for anything that is not a `did:key` URL.
pub fn did_key_controller(verification_method: &str) -> Option<&str> {
    if !verification_method.starts_with(DID_KEY_PREFIX) {
        return None;
    }
    Some(
        verification_method
            .split_once('#')
            .map_or(verification_method, |(did, _)| did),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const MK: &str = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2";

    #[test]
    fn parses_did_and_verification_method() {
        let did = format!("did:key:{MK}");
        let vm = format!("did:key:{MK}#{MK}");
        let a = parse(&did).unwrap();
        let b = parse(&vm).unwrap();
        assert_eq!(a, b);
        assert_eq!(a.did(), did);
        assert_eq!(a.verification_method(), vm);
        assert_eq!(did_key_controller(&vm), Some(did.as_str()));
    }

    #[test]
    fn refuses_wrong_forms() {
        let other = "z6MkiTBz1ymuepAQ4HEHYSF1H8quG5GLVVQR3djdX3mDooWp";
        for (input, code) in [
            (format!("did:key:{MK}#{other}"), "did.invalid"),
            (
                format!("did:web:example.com#{MK}"),
                "did.method_unsupported",
            ),
            ("key:z6Mk".to_string(), "did.invalid"),
            (format!("did:key:{MK}/path"), "did.invalid"),
            ("did:key:".to_string(), "encoding.multibase_unsupported"),
        ] {
            assert_eq!(parse(&input).unwrap_err().code(), code, "{input}");
        }
    }
}
