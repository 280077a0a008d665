//! The subcommands, one folder (or file) per group, and how a group registers.
//!
//! | group | subcommands | folder |
//! | --- | --- | --- |
//! | core | `keygen [--x25519]`, `canonicalize`, `sign`, `verify`, `jws sign`/`verify`, `validate` | [`core`] |
//! | identity | `credential …`, `presentation …`, `status-list …` | [`identity`] |
//! | consent | `consent agreement …`, `give`, `withdraw`, `revoke`, `renew`, `check`, `verify`, `proof`, `receipt`, `export`, `erase` | [`consent`] |
//! | payments | `payments check-iban`, `check-amount` | [`payments`] |
//! | sd-jwt | `sd-jwt issue`, `present`, `verify` | [`sd_jwt`] |
//! | exchange | `exchange request`, `respond`, `verify`, `to-http`, `from-http`, `to-g2p`, `from-g2p` | [`exchange`] |
//!
//! **Adding a block** (payments, exchange, …): write `src/commands/<block>/mod.rs` with an
//! arguments type deriving [`clap::Args`] (a command with subcommands, like
//! `govblocks consent …`) or an enum deriving [`clap::Subcommand`] whose variants become
//! top-level commands (like [`core::Command`]), implement [`Run`] for it (the
//! [`subcommands!`](crate::subcommands!) macro does this for an enum of subcommands), add
//! `pub mod <block>;` below and one line to the `subcommands!` list in `main.rs`. No shared
//! `match` is edited and no output handling is written: a command returns its bytes
//! ([`Output`]) or a [`CliError`], and `main` prints either by the contract in
//! [`crate::output`]. Arguments several commands share (`--key`, `--now`, `--trust`,
//! `--ledger`, `--max-bytes`) are defined once in [`args`] and `#[command(flatten)]`ed.

pub mod args;
pub mod consent;
pub mod core;
pub mod exchange;
pub mod identity;
pub mod payments;
pub mod sd_jwt;
pub mod stores;

use crate::output::CliError;
use zeroize::Zeroizing;

/// What a command prints on success: the bytes for stdout. They are wiped when dropped
/// (`keygen` prints a secret key; for other commands wiping costs next to nothing).
#[derive(Debug)]
pub struct Output(Zeroizing<Vec<u8>>);

impl Output {
    /// The bytes to write to stdout.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Output {
    fn from(bytes: Vec<u8>) -> Self {
        Output(Zeroizing::new(bytes))
    }
}

impl From<Zeroizing<Vec<u8>>> for Output {
    fn from(bytes: Zeroizing<Vec<u8>>) -> Self {
        Output(bytes)
    }
}

/// A command, or a group of commands, that runs from its parsed arguments.
pub trait Run {
    /// Runs the command: its output, or why it failed.
    fn run(&self) -> Result<Output, CliError>;
}

/// Declares an enum of (sub)commands deriving [`clap::Subcommand`] and implements [`Run`] for
/// it by running the variant's arguments: one line per command, no hand-written `match`.
///
/// ```ignore
/// subcommands! {
///     /// The core commands.
///     pub enum Command {
///         Keygen(keygen::KeygenArgs),
///         #[command(flatten)]
///         Identity(identity::Command),
///     }
/// }
/// ```
///
/// Each variant's type implements [`Run`]; attributes (`#[command(flatten)]`, doc comments)
/// are passed on to clap.
#[macro_export]
macro_rules! subcommands {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($args:ty) ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, clap::Subcommand)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($args), )*
        }

        impl $crate::commands::Run for $name {
            fn run(&self) -> Result<$crate::commands::Output, $crate::output::CliError> {
                match self {
                    $( $name::$variant(args) => $crate::commands::Run::run(args), )*
                }
            }
        }
    };
}

/// Implements [`Run`] for an arguments type from a function `fn(&Args) -> Result<T, CliError>`
/// whose `T` converts into [`Output`].
#[macro_export]
macro_rules! run_with {
    ($args:ty, $function:path) => {
        impl $crate::commands::Run for $args {
            fn run(&self) -> Result<$crate::commands::Output, $crate::output::CliError> {
                $function(self).map($crate::commands::Output::from)
            }
        }
    };
}
