//! `govblocks exchange`: registry data exchange ([`govblocks_exchange`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `to-http` | a message (an envelope, or any body with `--client`/`--service`) as the raw HTTP/1.1 request of the X-Road Message Protocol for REST |
//! | `from-http` | such a request read back: the envelope it carries, held to the request's addressing |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`http`] | `to-http`, `from-http` |
//!
//! What an X-Road identifier, request line or header may be is the `govblocks_exchange::xroad`
//! module's, so that any front end applies the same rules; these commands only read the input
//! and print the answer.

pub mod http;

use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;

const LONG_ABOUT: &str = "\
Registry data exchange: messages addressed as X-Road addresses them.

Example:
  govblocks exchange to-http request.json > request.http
  govblocks exchange from-http request.http";

/// Arguments of `govblocks exchange`.
#[derive(Debug, Args)]
#[command(about = "Registry data exchange: X-Road addressing", long_about = LONG_ABOUT)]
pub struct ExchangeArgs {
    #[command(subcommand)]
    command: ExchangeCommand,
}

crate::subcommands! {
    /// The `exchange` subcommands (parsed once per run: their size does not matter).
    #[allow(clippy::large_enum_variant)]
    enum ExchangeCommand {
        ToHttp(http::ToHttpArgs),
        FromHttp(http::FromHttpArgs),
    }
}

impl Run for ExchangeArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}
