//! `govblocks`: keys, canonical JSON, eddsa-jcs-2022 Data Integrity proofs, credentials,
//! consent records and payments from the shell.
//!
//! The commands live in [`commands`](mod@commands), one folder per group (block):
//! [`commands::core`], [`commands::identity`], [`commands::consent`], [`commands::payments`], [`commands::exchange`]. **A new block registers
//! with one line** in the [`subcommands!`] list of [`Command`] below (and `pub mod <block>;` in
//! [`commands`](mod@commands)); see that module for the steps.
//!
//! The output contract (stdout, stderr, exit status) is in [`output`]; reading with a size cap
//! in [`io`]; the arguments several commands share in [`commands::args`]; argument parsers in
//! [`values`]. This file only parses the arguments, runs the command, prints and exits.
#![forbid(unsafe_code)]

mod commands;
mod io;
mod output;
mod values;

use clap::Parser;
use commands::Run;
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
             Credentials, Presentations and Status Lists, consent records, payments, and registry \
             data exchange",
    after_long_help = AFTER_LONG_HELP,
    arg_required_else_help = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

subcommands! {
    /// The subcommands: one line per group. A `#[command(flatten)]` group's subcommands are
    /// top-level commands (`govblocks keygen`); another group is one command with
    /// subcommands (`govblocks consent give`).
    enum Command {
        #[command(flatten)]
        Core(commands::core::Command),
        #[command(flatten)]
        Identity(commands::identity::Command),
        Consent(commands::consent::ConsentArgs),
        Payments(commands::payments::PaymentsArgs),
        Exchange(commands::exchange::ExchangeArgs),
        SdJwt(commands::sd_jwt::SdJwtArgs),
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return output::clap_failure(e),
    };
    let result = cli
        .command
        .run()
        .and_then(|out| output::write_stdout(out.bytes()));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => output::report(&e),
    }
}
