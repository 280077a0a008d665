//! `govblocks sd-jwt`: Selective Disclosure for JWTs (RFC 9901) with key binding
//! ([`govblocks_identity::sd_jwt`]).
//!
//! | subcommand | module |
//! | --- | --- |
//! | `issue` | [`issue`] |
//! | `present` | [`present`] |
//! | `verify` | [`verify`] |
//! | `status-list` | [`status_list`] |
//!
//! What makes an SD-JWT valid is the `govblocks_identity::sd_jwt` module's (its `rules` and
//! `verify`); these commands read the arguments and print the result.

pub mod issue;
pub mod present;
pub mod status_list;
pub mod verify;

use crate::commands::{Output, Run};
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use clap::Args;
use govblocks_identity::sd_jwt::Limits;
use std::path::Path;

const LONG_ABOUT: &str = "\
Selective Disclosure for JWTs (RFC 9901), EdDSA: an issuer makes chosen claims selectively
disclosable (JSON Pointers), the holder reveals only some of them to a verifier with a
key-binding JWT for the verifier's audience and nonce, and the verifier gets exactly those.
The issuer revokes or suspends SD-JWTs in a Token Status List (draft-ietf-oauth-status-list-20)
token; the verifier checks an SD-JWT's status.status_list against it.

Example:
  govblocks sd-jwt issue --key registry.key.json --holder olena.key.json \\
    --disclose /given_name --disclose /address --disclose /address/district claims.json > olena.sd-jwt
  govblocks sd-jwt present --holder-key olena.key.json --aud https://office.example.gov \\
    --nonce n-4711 --reveal /address/district olena.sd-jwt > presented.txt
  govblocks sd-jwt verify --issuer-key registry.key.json --aud https://office.example.gov \\
    --nonce n-4711 presented.txt
  govblocks sd-jwt status-list --key registry.key.json --uri https://registry.example.gov/statuslists/1 \
    --bits 2 --revoke 7 --suspend 42 > statuslist.jwt
  govblocks sd-jwt verify --issuer-key registry.key.json --status-list statuslist.jwt presented.txt";

/// Arguments of `govblocks sd-jwt`.
#[derive(Debug, Args)]
#[command(about = "Selective Disclosure for JWTs (RFC 9901): issue, present, verify; Token Status List", long_about = LONG_ABOUT)]
pub struct SdJwtArgs {
    #[command(subcommand)]
    command: SdJwtCommand,
}

crate::subcommands! {
    /// The `sd-jwt` subcommands.
    enum SdJwtCommand {
        Issue(issue::IssueArgs),
        Present(present::PresentArgs),
        Verify(verify::VerifyArgs),
        StatusList(status_list::StatusListArgs),
    }
}

impl Run for SdJwtArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}

/// Reads an SD-JWT (text, surrounding white space ignored) from FILE or stdin.
fn read_sd_jwt(file: Option<&Path>, max: &MaxBytes) -> Result<String, CliError> {
    let bytes = read_document(&Source::from_arg(file), max.limit())?;
    let text = String::from_utf8(bytes).map_err(|_| govblocks_identity::Error::SdJwtMalformed {
        reason: "an SD-JWT is ASCII text".into(),
    })?;
    Ok(text.trim_ascii().to_string())
}

/// The SD-JWT limits for a `--max-bytes`.
fn limits(max: &MaxBytes) -> Limits {
    Limits::default().with_max_bytes(max.limit())
}
