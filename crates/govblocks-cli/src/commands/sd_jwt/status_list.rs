//! `govblocks sd-jwt status-list`: issues a status list token (`statuslist+jwt`) of the IETF
//! Token Status List (draft-ietf-oauth-status-list-20), the entries at `--revoke` INVALID and
//! those at `--suspend` SUSPENDED, signed with EdDSA.

use crate::commands::args::{KeyFile, Now};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::clock::Timestamp;
use govblocks_identity::sd_jwt::status::{
    self, StatusListTokenClaims, TokenStatusList, INVALID, SUSPENDED,
};

/// Arguments of `govblocks sd-jwt status-list`.
#[derive(Debug, Args)]
#[command(
    about = "Issue a Token Status List token (statuslist+jwt): --revoke and --suspend entries",
    long_about = "Issue a status list token of the IETF Token Status List \
(draft-ietf-oauth-status-list-20), a JWT typed statuslist+jwt signed with EdDSA by --key: sub is \
--uri (what SD-JWTs name in status.status_list.uri), iat is --now, exp and ttl when given, and \
status_list holds --size entries of --bits bits (1, 2, 4 or 8; rounded up to whole bytes), all \
VALID (0x00) but those at --revoke (INVALID, 0x01) and --suspend (SUSPENDED, 0x02, needs --bits 2 \
or more), ZLIB-compressed and base64url-encoded in lst. Prints the token. The list is written \
whole each time: give every revoked and suspended index."
)]
pub struct StatusListArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The list's URI (`sub`), which the SD-JWTs name in `status.status_list.uri`.
    #[arg(long, value_name = "URI", value_parser = values::non_empty)]
    pub uri: String,

    /// Bits per entry: 1, 2, 4 or 8 (2 or more to suspend).
    #[arg(long, value_name = "N", default_value_t = 1)]
    pub bits: u8,

    /// Entries in the list (at least; rounded up to whole bytes). The default, 131,072, is the
    /// Bitstring Status List's herd-privacy minimum.
    #[arg(long, value_name = "N", default_value_t = 131_072)]
    pub size: u64,

    /// An index to mark INVALID (revoked); repeatable.
    #[arg(long, value_name = "IDX")]
    pub revoke: Vec<u64>,

    /// An index to mark SUSPENDED; repeatable.
    #[arg(long, value_name = "IDX")]
    pub suspend: Vec<u64>,

    /// `ttl`: seconds a verifier may cache the token (positive).
    #[arg(long, value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub ttl: Option<u64>,

    /// `exp`: when the token expires.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    pub expires: Option<Timestamp>,

    #[command(flatten)]
    pub now: Now,
}

crate::run_with!(StatusListArgs, run);

fn run(args: &StatusListArgs) -> Result<Vec<u8>, CliError> {
    let secret = args.key.read()?;
    let mut list = TokenStatusList::new(args.size, args.bits)?;
    for &idx in &args.revoke {
        list.set(idx, INVALID)?;
    }
    for &idx in &args.suspend {
        if args.revoke.contains(&idx) {
            return Err(CliError::Usage(format!(
                "index {idx} is given to both --revoke and --suspend"
            )));
        }
        list.set(idx, SUSPENDED)?;
    }
    let mut claims = StatusListTokenClaims::new(args.uri.clone(), args.now.or_system());
    if let Some(ttl) = args.ttl {
        claims = claims.ttl(ttl);
    }
    if let Some(exp) = args.expires {
        claims = claims.expires(exp.to_datetime());
    }
    let token = status::issue_token(&list, &claims, &secret)?;
    let mut out = token.into_bytes();
    out.push(b'\n');
    Ok(out)
}
