//! `govblocks exchange`: registry data exchange ([`govblocks_exchange`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `request` | a signed request envelope: client, service, action, consent, payload |
//! | `respond` | a signed response bound to a request |
//! | `verify` | a request verified (or, with `--request`, a response bound to it) |
//! | `to-http` | a message (an envelope, or any body with `--client`/`--service`) as the raw HTTP/1.1 request (or, a response envelope, the provider's response) of the X-Road Message Protocol for REST |
//! | `from-http` | such a request or response read back: the envelope it carries, held to the X-Road addressing |
//! | `to-g2p` | a signed envelope as an SPDCI / G2P Connect body (`{signature, header, message}`, a detached JWS, the payload optionally encrypted for the receiver) |
//! | `from-g2p` | such a body read back: its JWS checked, decrypted, the envelope it carries with its proof intact |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`envelope`] | `request`, `respond`, `verify` |
//! | [`http`] | `to-http`, `from-http` |
//! | [`g2p`] | `to-g2p`, `from-g2p` (and what `request --encrypt-to`, `verify --decrypt-key` use) |
//!
//! What makes an envelope valid is the `govblocks_exchange` crate's (its `envelope::rules` and
//! `verify` modules), and what an X-Road identifier, request line or header may be its `xroad`
//! module's; these commands read the arguments and print the result.

pub mod envelope;
pub mod g2p;
pub mod http;

use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;

const LONG_ABOUT: &str = "\
Registry data exchange: signed request and response envelopes between X-Road clients and
services, a response bound to the very request it answers; carried as X-Road REST HTTP messages.

Example:
  govblocks exchange request --key social.key --client EE/GOV/70000001/social \\
    --service EE/GOV/70000002/population/residence/v1 --action getResidence query.json > request.json
  govblocks exchange verify --directory directory.json request.json
  govblocks exchange to-http request.json > request.http
  govblocks exchange from-http request.http > received.json
  govblocks exchange respond --key population.key --request request.json answer.json > response.json
  govblocks exchange verify --directory directory.json --request request.json response.json
  govblocks keygen --x25519 > population.x25519.json
  govblocks exchange request --key social.key --client EE/GOV/70000001/social \\
    --service EE/GOV/70000002/population/residence/v1 --action getResidence \\
    --encrypt-to population.x25519.json query.json > body.json
  govblocks exchange verify --directory directory.json --decrypt-key population.x25519.json body.json";

/// Arguments of `govblocks exchange`.
#[derive(Debug, Args)]
#[command(about = "Registry data exchange: signed request and response envelopes, X-Road HTTP", long_about = LONG_ABOUT)]
pub struct ExchangeArgs {
    /// Boxed: the request's X-Road ids make this the largest group of `Command` by far.
    #[command(subcommand)]
    command: Box<ExchangeCommand>,
}

crate::subcommands! {
    /// The `exchange` subcommands (parsed once per run: their size does not matter).
    #[allow(clippy::large_enum_variant)]
    enum ExchangeCommand {
        Request(envelope::RequestArgs),
        Respond(envelope::RespondArgs),
        Verify(envelope::VerifyArgs),
        ToHttp(http::ToHttpArgs),
        FromHttp(http::FromHttpArgs),
        ToG2p(g2p::ToG2pArgs),
        FromG2p(g2p::FromG2pArgs),
    }
}

impl Run for ExchangeArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}
