//! `govblocks payments`: payment instructions ([`govblocks_payments`]).
//!
//! | subcommand | what |
//! | --- | --- |
//! | `check-iban` | is this an IBAN? (exit 0 with its parts, 1 with the reason's code) |
//! | `check-amount` | is this an amount in this currency? (exit 0 with both string forms, 1 with the code) |
//! | `batch build` | an unsigned disbursement batch from CSV or JSON |
//! | `sign` | a batch signed by its maker, or approved by a checker |
//! | `verify` | an approved batch verified under a policy (`--seen`: refused when seen before; `--log`: its life starts in the payment log) |
//! | `record` | a batch released, a transfer settled or rejected, signed into the payment log |
//! | `status` | a transfer's status and history from the payment log, by end-to-end id |
//! | `export-pain001` | a batch written as an ISO 20022 pain.001 file (.09 or .03) |
//! | `import-pain001` | a pain.001 file (.03 or .09) read into a batch, every rule checked, a refusal naming its element |
//! | `import-pain002` | a bank's ISO 20022 pain.002 status report taken into the batch's life in the payment log |
//! | `to-govstack`, `from-govstack` | a batch as the GovStack Payments BB bulk payment (or per-bank sub-batches), and back |
//! | `to-g2p`, `from-g2p` | a batch as a G2P Connect DisburseRequest (or its status response), and back |
//!
//! | module | subcommands |
//! | --- | --- |
//! | [`check`] | `check-iban`, `check-amount` |
//! | [`batch`] | `batch build`, `sign`, `verify` |
//! | [`life`] | `record`, `status` |
//! | [`pain001`] | `export-pain001`, `import-pain001` |
//! | [`report`] | `import-pain002` |
//! | [`formats`] | `to-govstack`, `from-govstack`, `to-g2p`, `from-g2p` |
//!
//! What makes an IBAN or an amount valid is the `govblocks_payments` crate's (its `account`
//! and `money` modules), so that any front end applies the same rules; these commands only
//! read the arguments and print the answer.

pub mod batch;
pub mod check;
pub mod formats;
pub mod life;
pub mod pain001;
pub mod report;

use crate::commands::{Output, Run};
use crate::output::CliError;
use clap::Args;

const LONG_ABOUT: &str = "\
Payment instructions: exact money in ISO 4217 currencies and the accounts money is sent to.

Example:
  govblocks payments check-iban DE89 3704 0044 0532 0130 00
  govblocks payments check-amount --currency USD 12.5
  govblocks payments batch build --currency USD --debtor-iban DE89370400440532013000 people.csv
  govblocks payments sign --key maker.key --role maker batch.json
  govblocks payments verify --policy policy.json --seen hub.db --log payments.db --hub-key hub.key approved.json
  govblocks payments record --log payments.db --key hub.key --event released --message-id MSG-1
  govblocks payments record --log payments.db --key hub.key --event rejected --end-to-end-id MSG-1-2 --reason AC04
  govblocks payments status --log payments.db --end-to-end-id MSG-1-2
  govblocks payments export-pain001 --version 09 batch.json > batch.xml
  govblocks payments import-pain001 bank-file.xml > batch.json
  govblocks payments import-pain002 --log payments.db --key hub.key status-report.xml
  govblocks payments to-govstack batch.json > bulk.json
  govblocks payments from-g2p --debtor-name Ministry disburse.json > batch.json";

/// Arguments of `govblocks payments`.
#[derive(Debug, Args)]
#[command(about = "Payment instructions: money, accounts, batches, approval, the batch's life", long_about = LONG_ABOUT)]
pub struct PaymentsArgs {
    #[command(subcommand)]
    command: PaymentsCommand,
}

crate::subcommands! {
    /// The `payments` subcommands.
    enum PaymentsCommand {
        CheckIban(check::CheckIbanArgs),
        CheckAmount(check::CheckAmountArgs),
        Batch(batch::BatchArgs),
        Sign(batch::SignArgs),
        Verify(batch::VerifyArgs),
        Record(life::RecordArgs),
        Status(life::StatusArgs),
        ExportPain001(pain001::ExportArgs),
        ImportPain001(pain001::ImportArgs),
        ImportPain002(report::ImportPain002Args),
        ToGovstack(formats::ToGovStackArgs),
        FromGovstack(formats::FromGovStackArgs),
        ToG2p(formats::ToG2pArgs),
        FromG2p(formats::FromG2pArgs),
    }
}

impl Run for PaymentsArgs {
    fn run(&self) -> Result<Output, CliError> {
        self.command.run()
    }
}
