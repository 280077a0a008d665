//! `govblocks exchange`: registry data exchange ([`govblocks_exchange`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `request` | a signed request envelope: client, service, action, consent, payload |
//! | `respond` | a signed response bound to a request |
//! | `verify` | a request verified (or, with `--request`, a response bound to it) |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`envelope`] | `request`, `respond`, `verify` |
//!
//! What makes an envelope valid is the `govblocks_exchange` crate's (its `envelope::rules` and
//! `verify` modules); these commands read the arguments and print the result.

pub mod envelope;

use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;

const LONG_ABOUT: &str = "\
Registry data exchange: signed request and response envelopes between X-Road clients and
services, a response bound to the very request it answers.

Example:
  govblocks exchange request --key social.key --client EE/GOV/70000001/social \\
    --service EE/GOV/70000002/population/residence/v1 --action getResidence query.json > request.json
  govblocks exchange verify --directory directory.json request.json
  govblocks exchange respond --key population.key --request request.json answer.json > response.json
  govblocks exchange verify --directory directory.json --request request.json response.json";

/// Arguments of `govblocks exchange`.
#[derive(Debug, Args)]
#[command(about = "Registry data exchange: signed request and response envelopes", long_about = LONG_ABOUT)]
pub struct ExchangeArgs {
    #[command(subcommand)]
    command: ExchangeCommand,
}

crate::subcommands! {
    /// The `exchange` subcommands.
    enum ExchangeCommand {
        Request(envelope::RequestArgs),
        Respond(envelope::RespondArgs),
        Verify(envelope::VerifyArgs),
    }
}

impl Run for ExchangeArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}
