//! `govblocks canonicalize`: the RFC 8785 (JCS) form of a JSON document.
//!
//! Reads FILE (or stdin), parses it with the strict parser (duplicate keys, lone surrogates,
//! oversized input are errors) and writes the canonical bytes to stdout, with nothing else (no
//! trailing newline), so the output can be hashed or compared byte for byte.

use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use clap::Args;
use govblocks_core::{jcs, json};
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Write the RFC 8785 (JSON Canonicalization Scheme) form of a JSON document to stdout.

The input goes through the strict parser first: duplicate member names, lone surrogates,
NaN/Infinity and input over the size, depth or length limits are errors (exit 1, error JSON
on stdout). The size limit is 4 MiB unless --max-bytes says otherwise. The output is exactly the canonical bytes, with no trailing newline, so it can
be hashed or compared byte for byte. This is what eddsa-jcs-2022 proofs sign.

Example:
  echo '{\"b\": 2, \"a\": 1.0}' | govblocks canonicalize        # {\"a\":1,\"b\":2}
  govblocks canonicalize credential.json | sha256sum
  govblocks canonicalize --max-bytes 16000000 registry-dump.json > canonical.json";

/// Arguments of `govblocks canonicalize`.
#[derive(Debug, Args)]
#[command(
    about = "Write the RFC 8785 canonical form of a JSON document",
    long_about = LONG_ABOUT
)]
pub struct CanonicalizeArgs {
    /// The JSON document; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(CanonicalizeArgs, run);

/// Runs `canonicalize`: the canonical bytes.
pub fn run(args: &CanonicalizeArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    Ok(jcs::canonicalize(&value))
}
