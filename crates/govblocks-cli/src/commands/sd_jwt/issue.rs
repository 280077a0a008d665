//! `govblocks sd-jwt issue`: an SD-JWT of the claims in FILE, the claims at `--disclose`
//! pointers selectively disclosable, bound to the holder's key.

use crate::commands::args::KeyFile;
use crate::commands::core::jws::public_key;
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::json;
use govblocks_identity::sd_jwt::{self, IssueOptions, TYP_DC_SD_JWT};
use serde_json::Value;
use std::path::PathBuf;

/// Arguments of `govblocks sd-jwt issue`.
#[derive(Debug, Args)]
#[command(
    about = "Issue an SD-JWT: the claims of FILE, those at --disclose pointers selectively disclosable",
    long_about = "Issue an SD-JWT (RFC 9901) signed with EdDSA: FILE is a JSON object of claims; each \
--disclose POINTER (a JSON Pointer, repeatable) makes that claim selectively disclosable (object \
members, array elements, nested and recursive). The holder's public key goes into cnf.jwk. Prints \
<issuer-jwt>~<disclosure>~...~"
)]
pub struct IssueArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The holder's public key: a Multikey (z6Mk…), a did:key, or a file holding a public JWK
    /// or a key file.
    #[arg(long, value_name = "PUBLIC")]
    pub holder: String,

    /// Adds `vct` (the credential type) and types the JWT `dc+sd-jwt` (SD-JWT VC).
    #[arg(long, value_name = "TYPE", value_parser = values::non_empty)]
    pub vct: Option<String>,

    /// A claim to make selectively disclosable (JSON Pointer); repeatable.
    #[arg(long, value_name = "POINTER")]
    pub disclose: Vec<String>,

    /// Decoy digests added to the top-level `_sd` and to every other `_sd` written.
    #[arg(long, value_name = "N", default_value_t = 0, value_parser = clap::value_parser!(u16))]
    pub decoys: u16,

    /// The claims (a JSON object); stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(IssueArgs, run);

fn run(args: &IssueArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let source = Source::from_arg(args.file.as_deref());
    if key_source == Source::Stdin && source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the claims must be given as a FILE".into(),
        ));
    }
    let secret = args.key.read()?;
    let holder = public_key(&args.holder)?;
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let mut claims = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let mut options = IssueOptions::new()
        .holder(holder)
        .decoys(usize::from(args.decoys));
    if let Some(vct) = &args.vct {
        let Value::Object(map) = &mut claims else {
            return Err(govblocks_identity::Error::SdJwtPayloadInvalid {
                reason: "the claims to issue are not a JSON object".into(),
            }
            .into());
        };
        match map.get("vct") {
            Some(existing) if existing != vct.as_str() => {
                return Err(CliError::Usage(format!(
                    "--vct {vct:?} disagrees with the file's vct {existing}"
                )))
            }
            _ => {}
        }
        map.insert("vct".into(), Value::String(vct.clone()));
        options = options.typ(TYP_DC_SD_JWT);
    }
    for pointer in &args.disclose {
        options = options.disclose(pointer.clone());
    }
    let issued = sd_jwt::issue(&claims, &options, &secret)?;
    let mut out = issued.compact().as_bytes().to_vec();
    out.push(b'\n');
    Ok(out)
}
