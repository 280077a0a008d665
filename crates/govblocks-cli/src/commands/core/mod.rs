//! The core commands, each a top-level subcommand: keys, canonical JSON, Data Integrity proofs,
//! JWS and schema validation ([`govblocks_core`]).
//!
//! | subcommand | module |
//! | --- | --- |
//! | `keygen` | [`keygen`] |
//! | `canonicalize` | [`canonicalize`] |
//! | `sign` | [`sign`] |
//! | `verify` | [`verify`] |
//! | `jws sign`, `jws verify` | [`jws`] |
//! | `validate` | [`validate`] |

pub mod canonicalize;
pub mod jws;
pub mod keygen;
pub mod sign;
pub mod validate;
pub mod verify;

crate::subcommands! {
    /// The core commands (flattened into the top level: `govblocks keygen`, `govblocks sign`, …).
    pub enum Command {
        Keygen(keygen::KeygenArgs),
        Canonicalize(canonicalize::CanonicalizeArgs),
        Sign(sign::SignArgs),
        Verify(verify::VerifyArgs),
        Jws(jws::JwsArgs),
        Validate(validate::ValidateArgs),
    }
}
