//! `govblocks jws`: compact and detached JWS with EdDSA (RFC 7515, RFC 7797, RFC 8037), the
//! second envelope for peers that expect JOSE (G2P Connect style).
//!
//! `jws sign` signs the raw bytes of FILE (not parsed) with the key file's key;
//! `jws verify --key PUBLIC` checks a compact JWS against the one key the caller names (the
//! JWS's own `kid`/`jwk` headers never choose the key).

use crate::commands::args::KeyFile;
use crate::io::{read_capped, read_document, read_secret_key, MaxBytes, Source, KEY_FILE_LIMIT};
use crate::output::CliError;
use crate::values;
use clap::{Args, Subcommand};
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::{Jwk, PublicKey};
use govblocks_core::{json, Error};
use serde::Serialize;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

const LONG_ABOUT: &str = "\
Sign or verify a compact JWS with EdDSA (RFC 7515, RFC 8037), attached or detached
(RFC 7515 Appendix F; RFC 7797 unencoded payload with --unencoded), for peers that expect JOSE.

A JWS signs bytes: the payload is not parsed. The JWS and payload read are limited to 4 MiB
each unless --max-bytes says otherwise (json.too_large beyond it, as for JSON documents).

Only alg EdDSA is produced or accepted (`none` and every other alg are refused); the only
critical header understood is b64. The verifying key is the one given with --key, never one
named inside the JWS.

Examples:
  govblocks jws sign --key me.key.json body.json > body.jws
  govblocks jws verify --key did:key:z6Mk… body.jws
  govblocks jws sign --key me.key.json --detached body.json > sig.jws
  govblocks jws verify --key me.jwk.json --payload body.json sig.jws";

/// Arguments of `govblocks jws`.
#[derive(Debug, Args)]
#[command(about = "Sign or verify a compact JWS (EdDSA)", long_about = LONG_ABOUT)]
pub struct JwsArgs {
    /// `sign` or `verify`.
    #[command(subcommand)]
    pub command: JwsCommand,
}

/// `jws sign` and `jws verify`.
#[derive(Debug, Subcommand)]
pub enum JwsCommand {
    /// Sign a payload; print the compact JWS.
    Sign(JwsSignArgs),
    /// Verify a compact JWS with a given public key; print a summary (or the payload).
    Verify(JwsVerifyArgs),
}

/// Arguments of `govblocks jws sign`.
#[derive(Debug, Args)]
pub struct JwsSignArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The `kid` header [default: the key's did:key verification method].
    #[arg(long, value_name = "KID", value_parser = values::non_empty, conflicts_with = "no_kid")]
    pub kid: Option<String>,

    /// Leave out the `kid` header (the header is then exactly {"alg":"EdDSA"}).
    #[arg(long = "no-kid")]
    pub no_kid: bool,

    /// Leave the payload out of the output (RFC 7515 Appendix F).
    #[arg(long)]
    pub detached: bool,

    /// Sign the payload unencoded (RFC 7797, b64=false); implies --detached.
    #[arg(long)]
    pub unencoded: bool,

    /// The payload (raw bytes); stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    // The largest payload read.
    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// Arguments of `govblocks jws verify`.
#[derive(Debug, Args)]
pub struct JwsVerifyArgs {
    /// The public key: a Multikey (z6Mk…), a did:key DID or verification method, or a file
    /// holding a public JWK or a key file.
    #[arg(long, value_name = "PUBLIC")]
    pub key: String,

    /// The payload of a detached JWS.
    #[arg(long, value_name = "FILE")]
    pub payload: Option<PathBuf>,

    /// On success print the verified payload bytes instead of the JSON summary.
    #[arg(long = "print-payload")]
    pub print_payload: bool,

    /// The compact JWS; stdin when absent or `-`.
    #[arg(value_name = "JWS")]
    pub file: Option<PathBuf>,

    // The largest JWS, and detached payload, read.
    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(JwsArgs, run);

/// Runs `jws sign` or `jws verify`.
pub fn run(args: &JwsArgs) -> Result<Vec<u8>, CliError> {
    match &args.command {
        JwsCommand::Sign(a) => sign(a),
        JwsCommand::Verify(a) => verify(a),
    }
}

fn sign(args: &JwsSignArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let payload_source = Source::from_arg(args.file.as_deref());
    if key_source == Source::Stdin && payload_source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the payload must be given as a FILE".into(),
        ));
    }
    let secret = read_secret_key(&key_source)?;
    let payload = read_document(&payload_source, args.max_bytes.limit())?;

    let mut options = if args.unencoded {
        JwsOptions::detached_unencoded()
    } else if args.detached {
        JwsOptions::detached()
    } else {
        JwsOptions::attached()
    };
    if let Some(kid) = &args.kid {
        options = options.with_kid(kid);
    } else if !args.no_kid {
        options = options.with_kid(secret.public_key().verification_method());
    }
    let mut out = jws::sign(&payload, &secret, &options)?.into_bytes();
    out.push(b'\n');
    Ok(out)
}

#[derive(Serialize)]
struct Summary<'a> {
    verified: bool,
    alg: &'a str,
    kid: Option<&'a str>,
    detached: bool,
    #[serde(rename = "payloadBytes")]
    payload_bytes: usize,
}

fn verify(args: &JwsVerifyArgs) -> Result<Vec<u8>, CliError> {
    let jws_source = Source::from_arg(args.file.as_deref());
    let payload_source = args.payload.as_deref().map(|p| Source::from_arg(Some(p)));
    if jws_source == Source::Stdin && payload_source == Some(Source::Stdin) {
        return Err(CliError::Usage(
            "the JWS and its --payload cannot both come from stdin".into(),
        ));
    }
    let key = public_key(&args.key)?;
    let limit = args.max_bytes.limit();
    let text = read_document(&jws_source, limit)?;
    let text = std::str::from_utf8(&text).map_err(|_| Error::JwsMalformed {
        reason: "a compact JWS is ASCII text".into(),
    })?;
    let payload = payload_source
        .map(|s| read_document(&s, limit))
        .transpose()?;
    let verified = jws::verify(text.trim_ascii(), &key, payload.as_deref())?;
    if args.print_payload {
        return Ok(verified.payload().to_vec());
    }
    let summary = Summary {
        verified: true,
        alg: verified.header().alg(),
        kid: verified.header().kid(),
        detached: verified.is_detached(),
        payload_bytes: verified.payload().len(),
    };
    let mut out = serde_json::to_vec(&summary).map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}

/// `--key PUBLIC`: a Multikey or did:key text, else a file with a public JWK or a key file.
pub(crate) fn public_key(arg: &str) -> Result<PublicKey, CliError> {
    if arg.starts_with("did:") || (arg.starts_with('z') && !Path::new(arg).exists()) {
        return Ok(arg.parse::<PublicKey>()?);
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(KEY_FILE_LIMIT + 1));
    read_capped(
        &Source::File(PathBuf::from(arg)),
        KEY_FILE_LIMIT,
        &mut bytes,
    )?;
    let value = json::parse(&bytes)?;
    if let Some(multikey) = value.get("publicKeyMultibase").and_then(|v| v.as_str()) {
        return Ok(PublicKey::from_multikey(multikey)?);
    }
    Ok(Jwk::from_value(&value)?.public_key()?)
}
