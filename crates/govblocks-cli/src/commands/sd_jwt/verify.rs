//! `govblocks sd-jwt verify`: the issuer's signature with `--issuer-key`, the disclosures, the
//! validity window, (with `--aud` and `--nonce`) the key binding, and (with `--status-list`) the
//! status in a Token Status List token; prints the disclosed claims.

use super::{limits, read_sd_jwt};
use crate::commands::args::Clock;
use crate::commands::core::jws::public_key;
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::sd_jwt::status::{self, StatusListVerifier};
use govblocks_identity::sd_jwt::{KeyBinding, SdJwtVerifier};
use std::path::PathBuf;

/// Arguments of `govblocks sd-jwt verify`.
#[derive(Debug, Args)]
#[command(
    about = "Verify an SD-JWT (or SD-JWT+KB); print the disclosed claims",
    long_about = "Verify an SD-JWT (RFC 9901): the issuer's signature with --issuer-key (EdDSA or \
Ed25519), every disclosure (digests, duplicates, collisions, reserved names, _sd_alg sha-256), exp \
and nbf; with --aud and --nonce a key-binding JWT is required, signed by the cnf key, for that \
audience and nonce, issued within five minutes (plus --skew) of --now, its sd_hash over what was \
presented. With --status-list FILE (a status list token, statuslist+jwt, of the IETF Token Status \
List, draft-ietf-oauth-status-list-20, as fetched from the SD-JWT's status.status_list.uri) the \
token must be signed by --issuer-key, be for that uri (sub), not expired, and hold VALID at idx: \
revoked is sdjwt.status_revoked, suspended sdjwt.status_suspended. Prints the processed claims \
(always-visible and disclosed, no _sd, _sd_alg or digests) as one JSON object; on failure the \
error object, exit status 1."
)]
pub struct VerifyArgs {
    /// The issuer's public key: a Multikey (z6Mk…), a did:key, or a file holding a public JWK or
    /// a key file.
    #[arg(long = "issuer-key", value_name = "PUBLIC")]
    pub issuer_key: String,

    /// Require a key binding with this nonce (requires --aud).
    #[arg(long, value_name = "N", requires = "aud", value_parser = values::non_empty)]
    pub nonce: Option<String>,

    /// Require a key binding for this audience (requires --nonce).
    #[arg(long, value_name = "A", requires = "nonce", value_parser = values::non_empty)]
    pub aud: Option<String>,

    /// Check the SD-JWT's status in this status list token (`statuslist+jwt`, signed by the
    /// issuer's key), fetched from the SD-JWT's `status.status_list.uri`.
    #[arg(long = "status-list", value_name = "FILE")]
    pub status_list: Option<PathBuf>,

    #[command(flatten)]
    pub clock: Clock,

    /// The SD-JWT or SD-JWT+KB; stdin when absent or `-`.
    #[arg(value_name = "SDJWT")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(VerifyArgs, run);

fn run(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let key = public_key(&args.issuer_key)?;
    let list_source = args
        .status_list
        .as_deref()
        .map(|p| Source::from_arg(Some(p)));
    if list_source == Some(Source::Stdin) && Source::from_arg(args.file.as_deref()) == Source::Stdin
    {
        return Err(CliError::Usage(
            "`--status-list -` reads the token from stdin, so the SD-JWT must be given as a FILE"
                .into(),
        ));
    }
    let text = read_sd_jwt(args.file.as_deref(), &args.max_bytes)?;
    let binding = match (&args.aud, &args.nonce) {
        (Some(aud), Some(nonce)) => KeyBinding::required(aud, nonce),
        _ => KeyBinding::NotRequired,
    };
    // The key is the caller's: no resolver or trust list decides it.
    let core = args
        .clock
        .apply(Verifier::new(DidKeyResolver, TrustList::new()));
    let verifier = SdJwtVerifier::new(core.clone())
        .with_issuer_key(key)
        .with_limits(limits(&args.max_bytes));
    let verified = verifier.verify(&text, &binding)?;
    if let Some(source) = list_source {
        // The status list token must be the same issuer's: signed with the same key.
        let token = read_document(&source, args.max_bytes.limit())?;
        let lists = StatusListVerifier::new(core).with_issuer_key(key);
        status::check_status(&verified, &token, &lists)?;
    }
    let mut out = serde_json::to_vec(verified.claims()).map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}
