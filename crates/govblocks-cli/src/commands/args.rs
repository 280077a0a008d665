//! Arguments several commands share, defined once and `#[command(flatten)]`ed into each
//! command's arguments, so that a flag is spelled, parsed and documented the same everywhere.
//!
//! | struct | flags |
//! | --- | --- |
//! | [`KeyFile`] | `--key KEYFILE` |
//! | [`Now`] | `--now RFC3339` |
//! | [`Clock`] | `--now RFC3339`, `--skew SECONDS` |
//! | [`Trust`] | `--trust DID` (repeatable) |
//! | [`Ledger`] | `--ledger DB` |
//! | [`MaxBytes`](crate::io::MaxBytes) | `--max-bytes N` (with the reading it caps, in [`crate::io`]) |
//!
//! What a `--trust DID` trusts (every proof purpose, issuers, controllers) is the command's
//! own: each command's `--help` says it under TRUST.

use crate::io::{read_secret_key, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::clock::{Clock as _, FixedClock, SystemClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::Verifier;
use std::path::PathBuf;
use time::{Duration, OffsetDateTime};

/// `--key KEYFILE`: the signer's key file.
#[derive(Debug, Clone, Args)]
pub struct KeyFile {
    /// The signer's key file (from `govblocks keygen`: publicKeyMultibase and
    /// privateKeyMultibase); `-` for stdin.
    #[arg(long, value_name = "KEYFILE")]
    pub key: PathBuf,
}

impl KeyFile {
    /// Where the key is read from.
    pub fn source(&self) -> Source {
        Source::from_arg(Some(&self.key))
    }

    /// Reads and checks the key file (see [`read_secret_key`]).
    pub fn read(&self) -> Result<SecretKey, CliError> {
        read_secret_key(&self.source())
    }
}

/// `--now RFC3339`: act as of this time instead of the system clock.
#[derive(Debug, Clone, Copy, Args)]
pub struct Now {
    /// Act (sign, date, verify) as of this time instead of the system clock.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    pub now: Option<Timestamp>,
}

impl Now {
    /// `--now`, or the system clock's time.
    pub fn or_system(&self) -> OffsetDateTime {
        or_system(self.now)
    }
}

/// `time`, or the system clock's time.
pub fn or_system(time: Option<Timestamp>) -> OffsetDateTime {
    time.map_or_else(|| SystemClock.now(), |t| t.to_datetime())
}

/// `--now`, `--skew`: a verifier's clock.
#[derive(Debug, Clone, Copy, Args)]
pub struct Clock {
    #[command(flatten)]
    pub now: Now,

    /// Clock skew allowed in time checks (proof times, validFrom, validUntil), in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 300)]
    pub skew: u32,
}

impl Clock {
    /// `verifier` with this clock and skew.
    pub fn apply(&self, verifier: Verifier) -> Verifier {
        let verifier = verifier.with_skew(Duration::seconds(i64::from(self.skew)));
        match self.now.now {
            Some(now) => verifier.with_clock(FixedClock::new(now)),
            None => verifier,
        }
    }
}

/// `--trust DID`, repeatable: the controller DIDs a command trusts.
#[derive(Debug, Clone, Args)]
pub struct Trust {
    /// Trust this controller DID; repeatable. What it is trusted for, and what happens
    /// without --trust: see TRUST in --help.
    #[arg(long, value_name = "DID", value_parser = values::controller)]
    pub trust: Vec<String>,
}

impl Trust {
    /// Whether some `--trust` was given (a trust decision is made).
    pub fn given(&self) -> bool {
        !self.trust.is_empty()
    }
}

/// `--ledger DB`: a block's ledger file.
#[derive(Debug, Clone, Args)]
pub struct Ledger {
    /// The ledger file.
    #[arg(long, value_name = "DB")]
    pub ledger: PathBuf,
}
