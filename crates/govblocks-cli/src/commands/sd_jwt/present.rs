//! `govblocks sd-jwt present`: the holder's presentation, the `--reveal` claims only, with a
//! key-binding JWT for `--aud` and `--nonce`.

use super::{limits, read_sd_jwt};
use crate::commands::args::Now;
use crate::io::{read_secret_key, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_identity::sd_jwt::{self, KeyBindingClaims};
use std::path::PathBuf;

/// Arguments of `govblocks sd-jwt present`.
#[derive(Debug, Args)]
#[command(
    about = "Present an SD-JWT: reveal the --reveal claims, bound to --aud and --nonce",
    long_about = "Present an SD-JWT (RFC 9901) as its holder: keep the disclosures of the claims at \
the --reveal pointers (repeatable; revealing a nested claim also reveals the disclosures around it \
that it needs, and everything inside it), and append a key-binding JWT (typ kb+jwt: iat, aud, \
nonce, sd_hash) signed with the holder's key, which must be the SD-JWT's cnf key. Prints \
<issuer-jwt>~<disclosure>~...~<kb-jwt>"
)]
pub struct PresentArgs {
    /// The holder's key file; `-` for stdin.
    #[arg(long = "holder-key", value_name = "KEYFILE")]
    pub holder_key: PathBuf,

    /// The verifier's nonce.
    #[arg(long, value_name = "N", value_parser = values::non_empty)]
    pub nonce: String,

    /// The verifier (the key-binding JWT's `aud`).
    #[arg(long, value_name = "A", value_parser = values::non_empty)]
    pub aud: String,

    /// A claim to reveal (JSON Pointer into the fully disclosed claims); repeatable.
    #[arg(long, value_name = "POINTER")]
    pub reveal: Vec<String>,

    #[command(flatten)]
    pub now: Now,

    /// The SD-JWT as issued; stdin when absent or `-`.
    #[arg(value_name = "SDJWT")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(PresentArgs, run);

fn run(args: &PresentArgs) -> Result<Vec<u8>, CliError> {
    let key_source = Source::from_arg(Some(&args.holder_key));
    if key_source == Source::Stdin && Source::from_arg(args.file.as_deref()) == Source::Stdin {
        return Err(CliError::Usage(
            "`--holder-key -` reads the key from stdin, so the SD-JWT must be given as a FILE"
                .into(),
        ));
    }
    let holder = read_secret_key(&key_source)?;
    let issued = read_sd_jwt(args.file.as_deref(), &args.max_bytes)?;
    let claims = KeyBindingClaims::new(&args.aud, &args.nonce, args.now.or_system());
    let presented = sd_jwt::present(
        &issued,
        &args.reveal,
        &holder,
        &claims,
        &limits(&args.max_bytes),
    )?;
    let mut out = presented.into_bytes();
    out.push(b'\n');
    Ok(out)
}
