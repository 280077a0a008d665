//! `govblocks sign`: add an eddsa-jcs-2022 Data Integrity proof to a JSON document.
//!
//! Reads the key file (`--key`, see [`govblocks_core::keys::KeyFile`]) and the document (FILE
//! or stdin, strict parser), adds a proof with [`add_proof`] and prints the signed document.
//! A document that already has proofs gets the new one appended to its proof set; with
//! `--previous-proof` the new proof also signs the proofs it names (a proof chain).

use crate::commands::args::KeyFile;
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::CliError;
use crate::values;
use clap::Args;
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose};
use govblocks_core::{jcs, json, Error};
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Add an eddsa-jcs-2022 Data Integrity proof to a JSON document and print the signed document.

KEYFILE is a JSON key file with publicKeyMultibase and privateKeyMultibase (the W3C
keyPair.json format; `govblocks keygen` writes one); `--key -` reads it from stdin (the
document must then be a FILE). The proof names the key by its did:key verification method
unless --verification-method says otherwise; `created` is now (UTC, whole seconds) unless
--created is given; the purpose is assertionMethod unless --purpose is given, and a purpose
other than assertionMethod, authentication, capabilityInvocation, capabilityDelegation and
keyAgreement is a usage error unless --custom-purpose says it is meant.

A document that already has proofs gets the new proof appended to its proof set. To chain
proofs (an approver endorsing an earlier signature), give the earlier proof an --id and name
it with --previous-proof when signing again.

Output: the signed document in RFC 8785 canonical form (compact, members sorted) and a
newline; --pretty indents it instead. Either form verifies the same.

Examples:
  govblocks sign --key issuer.key.json credential.json > signed.json
  govblocks sign --key maker.key.json --id urn:uuid:maker batch.json \\
    | govblocks sign --key checker.key.json --previous-proof urn:uuid:maker > approved.json
  govblocks sign --key holder.key.json --purpose authentication \\
    --challenge 1f44d55f --domain example.org presentation.json";

/// Arguments of `govblocks sign`.
#[derive(Debug, Args)]
#[command(
    about = "Add an eddsa-jcs-2022 proof to a JSON document",
    long_about = LONG_ABOUT
)]
pub struct SignArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The proof's `created` time [default: now, UTC, whole seconds].
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    pub created: Option<Timestamp>,

    /// The proof's `expires` time.
    #[arg(long, value_name = "RFC3339", value_parser = values::datetime)]
    pub expires: Option<Timestamp>,

    /// The proof purpose: assertionMethod, authentication, capabilityInvocation,
    /// capabilityDelegation or keyAgreement (others need --custom-purpose).
    #[arg(long, value_name = "PURPOSE", default_value = "assertionMethod",
          value_parser = values::purpose)]
    pub purpose: ProofPurpose,

    /// Allow a --purpose that is not one of the known ones (Data Integrity allows others).
    #[arg(long = "custom-purpose")]
    pub custom_purpose: bool,

    /// The verifier's challenge to bind the proof to (presentations).
    #[arg(long, value_name = "CHALLENGE", value_parser = values::non_empty)]
    pub challenge: Option<String>,

    /// A security domain to bind the proof to; repeat for several.
    #[arg(long, value_name = "DOMAIN", value_parser = values::non_empty)]
    pub domain: Vec<String>,

    /// The proof's `nonce`.
    #[arg(long, value_name = "NONCE", value_parser = values::non_empty)]
    pub nonce: Option<String>,

    /// The new proof's `id` (needed for a later proof to chain to it).
    #[arg(long, value_name = "ID", value_parser = values::non_empty)]
    pub id: Option<String>,

    /// Chain to the existing proof with this id; repeat for several.
    #[arg(long = "previous-proof", value_name = "ID", value_parser = values::non_empty)]
    pub previous_proof: Vec<String>,

    /// Name the key by this verification method [default: the key's did:key URL].
    #[arg(long = "verification-method", value_name = "VM", value_parser = values::non_empty)]
    pub verification_method: Option<String>,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,

    /// The JSON document to sign; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(SignArgs, run);

/// Runs `sign`: the signed document's bytes.
pub fn run(args: &SignArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let doc_source = Source::from_arg(args.file.as_deref());
    let created = match args.created {
        Some(created) => created,
        // Whole seconds, as the W3C examples write `created`.
        None => {
            let now = SystemClock.now();
            Timestamp::from_datetime(now.replace_nanosecond(0).unwrap_or(now))?
        }
    };
    values::check_purpose(&args.purpose, args.custom_purpose)?;
    if key_source == Source::Stdin && doc_source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the document must be given as a FILE".into(),
        ));
    }

    let mut options = ProofOptions::new(args.purpose.clone()).with_created(created);
    if let Some(expires) = args.expires {
        options = options.with_expires(expires);
    }
    if let Some(challenge) = &args.challenge {
        options = options.with_challenge(challenge);
    }
    for domain in &args.domain {
        options = options.with_domain(domain);
    }
    if let Some(nonce) = &args.nonce {
        options = options.with_nonce(nonce);
    }
    if let Some(id) = &args.id {
        options = options.with_id(id);
    }
    for previous in &args.previous_proof {
        options = options.with_previous_proof(previous);
    }
    if let Some(vm) = &args.verification_method {
        // add_proof refuses a did:key method that names another key (key.mismatch).
        options = options.with_verification_method(vm);
    }
    // The rule is core's; on the command line it is a usage mistake, found before any file is
    // read.
    if let Err(Error::ProofExpiresBeforeCreated { .. }) = options.check_window() {
        return Err(CliError::Usage(
            "--expires must be later than the proof's created time".into(),
        ));
    }

    let secret = read_secret_key(&key_source)?;
    let bytes = read_document(&doc_source, args.max_bytes.limit())?;
    let document = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let signed = add_proof(document, &secret, &options)?;

    if args.pretty {
        let mut out = serde_json::to_vec_pretty(&signed).map_err(CliError::output)?;
        out.push(b'\n');
        Ok(out)
    } else {
        let mut out = jcs::canonicalize(&signed);
        out.push(b'\n');
        Ok(out)
    }
}
