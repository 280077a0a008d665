//! `govblocks`: keys, canonical JSON and eddsa-jcs-2022 Data Integrity proofs from the shell.
//!
//! | subcommand | module |
//! | --- | --- |
//! | `keygen` | [`cmd_keygen`] |
//! | `canonicalize` | [`cmd_canonicalize`] |
//! | `sign` | [`cmd_sign`] |
//! | `verify` | [`cmd_verify`] |
//! | `jws sign`, `jws verify` | [`cmd_jws`] |
//! | `validate` | [`cmd_validate`] |
//! | `credential issue`, `credential verify` | [`cmd_credential`] |
//! | `presentation create`, `presentation verify` | [`cmd_presentation`] |
//! | `status-list create`, `set`, `clear`, `check` | [`cmd_status_list`] |
//! | `consent agreement create`, `agreement verify`, `give`, `withdraw`, `revoke`, `renew`, `check`, `verify`, `proof`, `receipt`, `export` | [`cmd_consent`] |
//!
//! The output contract (stdout, stderr, exit status) is in [`output`]; reading with a size cap
//! in [`io`]; the time, trust and status list options the identity subcommands share in
//! [`checks`]. This file only parses the arguments, dispatches, prints and exits.
#![forbid(unsafe_code)]

mod checks;
mod cmd_canonicalize;
mod cmd_consent;
mod cmd_credential;
mod cmd_jws;
mod cmd_keygen;
mod cmd_presentation;
mod cmd_sign;
mod cmd_status_list;
mod cmd_validate;
mod cmd_verify;
mod consent_store;
mod io;
mod output;
mod values;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

const AFTER_LONG_HELP: &str = "\
Output and exit status (the same for every subcommand):
  stdout  the result on success; on failure exactly one line
          {\"error\":{\"code\":\"<code>\",\"message\":\"<text>\"}}
          where code is stable (e.g. proof.signature_invalid, json.duplicate_key, io.error,
          cli.usage) and message is for humans
  stderr  hints for humans only (usage text after a usage error), and the error in one line
          when stdout itself cannot be written (a full disk, a closed pipe: io.error)
  exit    0 success, 1 failure, 2 bad usage (unknown flag, missing or malformed argument)

FILE arguments default to stdin (also `-`). Input over 4 MiB, or over --max-bytes N, is
refused (json.too_large) and never held in memory; the message gives its size (a stream is
counted, and discarded, up to 1 GiB: beyond, \"more than 1073741824 bytes\").

Example:
  govblocks keygen > me.key.json       # its \"did\" member is the DID to --trust
  govblocks sign --key me.key.json doc.json > signed.json
  govblocks verify --trust did:key:z6Mk… signed.json";

/// The `govblocks` command line.
#[derive(Debug, Parser)]
#[command(
    name = "govblocks",
    version,
    about = "Keys, canonical JSON, eddsa-jcs-2022 Data Integrity proofs, Verifiable \
             Credentials, Presentations and Status Lists, and consent records",
    after_long_help = AFTER_LONG_HELP,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
enum Command {
    Keygen(cmd_keygen::KeygenArgs),
    Canonicalize(cmd_canonicalize::CanonicalizeArgs),
    Sign(cmd_sign::SignArgs),
    Verify(cmd_verify::VerifyArgs),
    Jws(cmd_jws::JwsArgs),
    Validate(cmd_validate::ValidateArgs),
    Credential(cmd_credential::CredentialArgs),
    Presentation(cmd_presentation::PresentationArgs),
    StatusList(cmd_status_list::StatusListArgs),
    Consent(cmd_consent::ConsentArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::clap_failure(e),
    };
    let result = match &cli.command {
        // keygen output holds the secret key: written from a buffer that is wiped on drop.
        Command::Keygen(args) => cmd_keygen::run(args).and_then(|out| output::write_stdout(&out)),
        Command::Canonicalize(args) => {
            cmd_canonicalize::run(args).and_then(|out| output::write_stdout(&out))
        }
        Command::Sign(args) => cmd_sign::run(args).and_then(|out| output::write_stdout(&out)),
        Command::Verify(args) => cmd_verify::run(args).and_then(|out| output::write_stdout(&out)),
        Command::Jws(args) => cmd_jws::run(args).and_then(|out| output::write_stdout(&out)),
        Command::Validate(args) => {
            cmd_validate::run(args).and_then(|out| output::write_stdout(&out))
        }
        Command::Credential(args) => {
            cmd_credential::run(args).and_then(|out| output::write_stdout(&out))
        }
        Command::Presentation(args) => {
            cmd_presentation::run(args).and_then(|out| output::write_stdout(&out))
        }
        Command::StatusList(args) => {
            cmd_status_list::run(args).and_then(|out| output::write_stdout(&out))
        }
        Command::Consent(args) => cmd_consent::run(args).and_then(|out| output::write_stdout(&out)),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::report(&e),
    }
}
