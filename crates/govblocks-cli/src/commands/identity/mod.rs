//! The identity commands, each a top-level subcommand: W3C Verifiable Credentials,
//! Presentations and Bitstring Status Lists ([`govblocks_identity`]).
//!
//! | subcommand | module |
//! | --- | --- |
//! | `credential issue`, `credential verify` | [`credential`] |
//! | `presentation create`, `presentation verify` | [`presentation`] |
//! | `status-list create`, `set`, `clear`, `check` | [`status_list`] |
//!
//! The time, trust and status list options the verifying subcommands share are in
//! [`checks`].

pub mod checks;
pub mod credential;
pub mod presentation;
pub mod status_list;

crate::subcommands! {
    /// The identity commands (flattened into the top level: `govblocks credential …`, …).
    pub enum Command {
        Credential(credential::CredentialArgs),
        Presentation(presentation::PresentationArgs),
        StatusList(status_list::StatusListArgs),
    }
}
