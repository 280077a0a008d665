//! `govblocks payments`: payment instructions ([`govblocks_payments`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `check-iban` | is this an IBAN? (exit 0 with its parts, 1 with the reason's code) |
//! | `check-amount` | is this an amount in this currency? (exit 0 with both string forms, 1 with the code) |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`check`] | `check-iban`, `check-amount` |
//!
//! What makes an IBAN or an amount valid is the `govblocks_payments` crate's (its `account`
//! and `money` modules), so that any front end applies the same rules; these commands only
//! read the arguments and print the answer.

pub mod check;

use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;

const LONG_ABOUT: &str = "\
Payment instructions: exact money in ISO 4217 currencies and the accounts money is sent to.

Example:
  govblocks payments check-iban DE89 3704 0044 0532 0130 00
  govblocks payments check-amount --currency USD 12.5";

/// Arguments of `govblocks payments`.
#[derive(Debug, Args)]
#[command(about = "Payment instructions: money and accounts", long_about = LONG_ABOUT)]
pub struct PaymentsArgs {
    #[command(subcommand)]
    command: PaymentsCommand,
}

crate::subcommands! {
    /// The `payments` subcommands.
    enum PaymentsCommand {
        CheckIban(check::CheckIbanArgs),
        CheckAmount(check::CheckAmountArgs),
    }
}

impl Run for PaymentsArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}
