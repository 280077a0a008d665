//! The Token Status List property (fuzz target `sd_jwt_status`): status list tokens
//! (`statuslist+jwt`), their `lst` and the SD-JWT `status` claim, raw and built.

use super::check_error;
use super::fixtures::{issuer_key, other_issuer_key, status_limits, NOW};
use crate::Choices;
use govblocks_core::clock::FixedClock;
use govblocks_core::json;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::status::{
    self, StatusListTokenClaims, StatusListVerifier, StatusReference, TokenStatusList,
};
use serde_json::json;
use time::OffsetDateTime;

/// The URI the verifier of this module expects status list tokens for.
pub const STATUS_URI: &str = "https://status.example/token/1";

fn now() -> OffsetDateTime {
    OffsetDateTime::from_unix_timestamp(NOW).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// The status list token verifier of the fuzz property: stands at [`NOW`], trusts the fixture
/// issuer and the second issuer, decodes within [`status_limits`] (bombs are cheap).
pub fn status_list_verifier() -> StatusListVerifier {
    StatusListVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new()
                .trust_all_purposes(issuer_key().public_key().did())
                .trust_all_purposes(other_issuer_key().public_key().did()),
        )
        .with_clock(FixedClock::new(now())),
    )
    .with_limits(status_limits())
}

/// Issues a status list token for [`STATUS_URI`] of `list` by the fixture issuer, with `ttl`.
pub fn issue(list: &TokenStatusList, ttl: u64) -> String {
    status::issue_token(
        list,
        &StatusListTokenClaims::new(STATUS_URI, now()).ttl(ttl.max(1)),
        issuer_key(),
    )
    .unwrap()
}

/// Never panics; every refusal has a pinned code. Raw input: as a status list token for
/// [`STATUS_URI`] expected from the fixture issuer (what verifies is for that URI and its list
/// reads at its last index and not past it), as an `lst` of each `bits` (what decodes re-encodes
/// to the same list), and as claims carrying `status` (a reference writes back to itself).
/// Built: a list of random `bits`, size and entries, issued as a token, verifies to exactly that
/// list; one changed character of the token is refused.
pub fn sd_jwt_status(data: &[u8]) {
    let lists = status_list_verifier();
    let limits = status_limits();
    let issuer = issuer_key().public_key().did();
    match lists.verify_token(data, STATUS_URI, Some(&issuer)) {
        Ok(verified) => {
            assert_eq!(verified.uri(), STATUS_URI);
            let list = verified.list();
            if !list.is_empty() {
                if let Err(e) = list.get(list.len() - 1) {
                    panic!("the last entry of a verified list cannot be read: {e}");
                }
            }
            assert!(list.get(list.len()).is_err(), "read past the end");
        }
        Err(e) => check_error(&e),
    }
    if let Ok(text) = std::str::from_utf8(data) {
        for bits in [1, 2, 4, 8] {
            match TokenStatusList::decode(text.trim_ascii(), bits, &limits) {
                Ok(list) => {
                    let again = TokenStatusList::decode(&list.encode(), bits, &limits);
                    assert!(
                        matches!(&again, Ok(l) if *l == list),
                        "lst does not re-encode"
                    );
                }
                Err(e) => check_error(&e),
            }
        }
    }
    if let Ok(value) = json::parse(data) {
        match StatusReference::from_claims(&value) {
            Ok(Some(reference)) => {
                let again = StatusReference::from_claims(&json!({"status": reference.to_claim()}));
                assert!(
                    matches!(&again, Ok(Some(r)) if *r == reference),
                    "a status reference does not write back to itself"
                );
            }
            Ok(None) => {}
            Err(e) => check_error(&e),
        }
    }

    let mut c = Choices::new(data);
    let bits = c.choose(&[1u8, 2, 4, 8]);
    let entries = 1 + c.below(4096) as u64;
    let mut list = TokenStatusList::new(entries, bits).unwrap();
    let mask = u8::MAX >> (8 - bits);
    for _ in 0..c.below(16) {
        let idx = u64::from(c.u32()) % list.len();
        list.set(idx, c.u8() & mask).unwrap();
    }
    let token = issue(&list, c.below(86_400) as u64);
    let verified = lists
        .verify_token(token.as_bytes(), STATUS_URI, Some(&issuer))
        .unwrap_or_else(|e| panic!("a fresh status list token is refused: {e}"));
    assert!(
        verified.list() == &list,
        "the token's list is not the one issued"
    );
    let at = c.below(token.len());
    let with = c.choose(b"Az0-_.");
    if token.as_bytes()[at] != with {
        let mut bytes = token.into_bytes();
        bytes[at] = with;
        match lists.verify_token(&bytes, STATUS_URI, Some(&issuer)) {
            Ok(_) => panic!("a changed status list token verifies (byte {at})"),
            Err(e) => check_error(&e),
        }
    }
}

/// The verdict of an `sd_jwt_status` seed: verified as a status list token for [`STATUS_URI`]
/// by the fixture issuer.
pub fn verdict(data: &[u8]) -> Result<(), &'static str> {
    status_list_verifier()
        .verify_token(data, STATUS_URI, Some(&issuer_key().public_key().did()))
        .map(|_| ())
        .map_err(|e| e.code())
}
