//! `govblocks status-list`: issue, update and read W3C Bitstring Status List v1.0 credentials
//! ([`govblocks_identity::status_list`]).
//!
//! `create` signs a new, all-zero list; `set` and `clear` verify a list the key's DID issued,
//! flip one entry and sign it again with a fresh proof, keeping every other member (`id`,
//! purpose, size, validity, …); `check` verifies a list and reads one entry.

use super::checks::TimeAndTrust;
use super::credential::created_now;
use crate::commands::args::KeyFile;
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values::{self, ListPurpose};
use clap::{Args, Subcommand};
use govblocks_core::json;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{self, Credential, CredentialVerifier};
use govblocks_identity::status_list::{
    DecodeLimits, StatusEntry, StatusList, StatusPurpose, DEFAULT_MAX_BITS, MIN_BITS, MIN_ENTRIES,
};
use govblocks_identity::Error as IdentityError;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Create, update and read W3C Bitstring Status List v1.0 credentials, with which an issuer
revokes or suspends the credentials it issued.

Examples:
  govblocks status-list create --key registry.key.json --id https://registry.example.gov/status/1 \\
    --purpose revocation > list.json
  govblocks status-list set --key registry.key.json --index 4711 list.json > revoked.json
  govblocks status-list check --index 4711 --trust did:key:z6Mk… revoked.json";

const CREATE_LONG_ABOUT: &str = "\
Create a status list credential: --size entries (default and minimum 131072, the herd-privacy
minimum; at most 134217728, the verifier's decoding limit; rounded up to whole bytes), all
zero, for --purpose revocation or suspension, published at --id (the URL that credentials'
credentialStatus entries name), issued by the key's did:key and signed (assertionMethod,
created now). A size outside the limits is status_list.size_invalid; an --id that is not an
absolute URL credential.status_invalid.

Output: the signed BitstringStatusListCredential in RFC 8785 canonical form (--pretty indents).

Example:
  govblocks status-list create --key registry.key.json --id https://registry.example.gov/status/1 \\
    --purpose revocation > list.json";

const SET_LONG_ABOUT: &str = "\
Set entry --index of a status list credential to 1 (revoke or suspend the credential issued
with that index) and print the list signed again.

The list is verified first, as of now: it must be a status list credential issued by the
key's DID (another issuer is credential.untrusted_issuer) with a valid proof, so a tampered
list is never signed again; a list whose validUntil has passed is credential.expired. The new
list keeps every member of the old one (id, purpose, size, validity, …) but the encodedList
and the proof, which is made fresh (assertionMethod, created now). An index beyond the list
is status_list.index_out_of_range.

Example:
  govblocks status-list set --key registry.key.json --index 4711 list.json > list.new.json";

const CLEAR_LONG_ABOUT: &str = "\
Set entry --index of a status list credential back to 0 (lift a suspension; for a revocation
list, undo a mistaken revocation) and print the list signed again. Otherwise as `set`: the
list is verified first, every member but encodedList and the proof is kept.

Example:
  govblocks status-list clear --key registry.key.json --index 4711 list.json > list.new.json";

const CHECK_LONG_ABOUT: &str = "\
Verify a status list credential and read entry --index.

The list is verified as a credential (proof, validity against --now with --skew).
TRUST. With --trust DID (repeatable) its issuer must be one of those DIDs
(credential.untrusted_issuer otherwise); without --trust the signature is checked but no trust
decision is made, so check the list's issuer yourself before believing it.
An index beyond the list is status_list.index_out_of_range.

Output on success (exit 0), one line:
  {\"index\":4711,\"purpose\":\"revocation\",\"set\":false}
purpose is the list's statusPurpose (an array if the list serves several).

Example:
  govblocks status-list check --index 4711 --trust did:key:z6Mk… list.json";

/// Arguments of `govblocks status-list`.
#[derive(Debug, Args)]
#[command(about = "Create, update or read a Bitstring Status List credential",
          long_about = LONG_ABOUT)]
pub struct StatusListArgs {
    /// `create`, `set`, `clear` or `check`.
    #[command(subcommand)]
    pub command: StatusListCommand,
}

/// `status-list create`, `set`, `clear` and `check`.
#[derive(Debug, Subcommand)]
pub enum StatusListCommand {
    /// Create and sign an all-zero status list credential.
    #[command(long_about = CREATE_LONG_ABOUT)]
    Create(CreateArgs),
    /// Set an entry (revoke, suspend) and sign the list again.
    #[command(long_about = SET_LONG_ABOUT)]
    Set(UpdateArgs),
    /// Clear an entry (lift a suspension) and sign the list again.
    #[command(long_about = CLEAR_LONG_ABOUT)]
    Clear(UpdateArgs),
    /// Verify a status list credential and read one entry.
    #[command(long_about = CHECK_LONG_ABOUT)]
    Check(CheckArgs),
}

/// Arguments of `govblocks status-list create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The URL the list is published at: its credential's id, which status entries name.
    #[arg(long, value_name = "URL", value_parser = values::non_empty)]
    pub id: String,

    /// What a set entry means.
    #[arg(long, value_name = "PURPOSE", value_enum)]
    pub purpose: ListPurpose,

    /// Entries in the list.
    #[arg(long, value_name = "N", default_value_t = MIN_ENTRIES)]
    pub size: u64,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,
}

/// Arguments of `govblocks status-list set` and `clear`.
#[derive(Debug, Args)]
pub struct UpdateArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The entry to change.
    #[arg(long, value_name = "N")]
    pub index: u64,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,

    /// The signed status list credential; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// Arguments of `govblocks status-list check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The entry to read.
    #[arg(long, value_name = "N")]
    pub index: u64,

    #[command(flatten)]
    pub checks: TimeAndTrust,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,

    /// The signed status list credential; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(StatusListArgs, run);

/// Runs a `status-list` subcommand.
pub fn run(args: &StatusListArgs) -> Result<Vec<u8>, CliError> {
    match &args.command {
        StatusListCommand::Create(args) => create(args),
        StatusListCommand::Set(args) => update(args, true),
        StatusListCommand::Clear(args) => update(args, false),
        StatusListCommand::Check(args) => check(args),
    }
}

fn create(args: &CreateArgs) -> Result<Vec<u8>, CliError> {
    let purpose = StatusPurpose::from(args.purpose);
    // A list larger than verifiers decode could never be checked.
    if args.size > DEFAULT_MAX_BITS {
        return Err(IdentityError::StatusListSize {
            bits: args.size,
            min: MIN_BITS,
            max: DEFAULT_MAX_BITS,
        }
        .into());
    }
    // The entry's rule for the URL it names (an absolute URL), checked on the list's side.
    StatusEntry::new(purpose, args.id.as_str(), 0)?;
    let list = StatusList::new(args.id.as_str(), purpose, args.size)?;
    let secret = read_secret_key(&args.key.source())?;
    let unsigned = list.unsigned_credential(&secret.public_key().did(), None);
    let signed = sign_list(unsigned, &secret)?;
    output::signed_document(&signed, args.pretty)
}

fn update(args: &UpdateArgs, set: bool) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let doc_source = Source::from_arg(args.file.as_deref());
    if key_source == Source::Stdin && doc_source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the list must be given as a FILE".into(),
        ));
    }
    let secret = read_secret_key(&key_source)?;
    let did = secret.public_key().did();
    let bytes = read_document(&doc_source, args.max_bytes.limit())?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;

    // A status list at all (read within the decoding limits), then only the key's own, intact
    // list is signed again: a tampered one must not be laundered.
    let (url, mut list) = read_list(&value)?;
    let verifier = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust(did, [ProofPurpose::AssertionMethod]),
    )
    .with_limits(args.max_bytes.limits());
    CredentialVerifier::new(verifier).verify_value(value.clone())?;
    if set {
        list.set(args.index)?;
    } else {
        list.clear(args.index)?;
    }

    let Value::Object(mut unsigned) = value else {
        return Err(govblocks_core::Error::DocumentNotObject.into());
    };
    unsigned.remove("proof");
    match unsigned.get_mut("credentialSubject") {
        Some(Value::Object(subject)) => {
            subject.insert("encodedList".into(), Value::String(list.encoded_list()));
        }
        // read_list has found one subject object.
        _ => {
            return Err(IdentityError::StatusInvalid {
                reason: format!("the status list {url:?} has no credentialSubject object"),
            }
            .into())
        }
    }
    let signed = sign_list(Value::Object(unsigned), &secret)?;
    output::signed_document(&signed, args.pretty)
}

/// The success output of `status-list check`.
#[derive(Debug, Serialize)]
struct Checked {
    /// The entry read.
    index: u64,
    /// The list's `statusPurpose`: one purpose, or several.
    purpose: Value,
    /// Whether the entry is not zero.
    set: bool,
}

fn check(args: &CheckArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let verifier = CredentialVerifier::new(args.checks.issuer_verifier(&args.max_bytes));
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    // A status list at all (so a credential given by mistake says so), then verified.
    let (_, list) = read_list(&value)?;
    verifier.verify_value(value.clone())?;
    let purpose = match list.purposes() {
        [one] => Value::String(one.as_str().into()),
        many => many
            .iter()
            .map(|p| Value::String(p.as_str().into()))
            .collect(),
    };
    output::json_line(
        &Checked {
            index: args.index,
            purpose,
            set: list.get(args.index)?,
        },
        args.pretty,
    )
}

/// The list a verified status list credential holds, and its URL (the credential's `id`).
fn read_list(value: &Value) -> Result<(String, StatusList), CliError> {
    let Some(url) = value.get("id").and_then(Value::as_str) else {
        return Err(IdentityError::StatusInvalid {
            reason: "a status list credential needs an id (the URL status entries name)".into(),
        }
        .into());
    };
    let list = StatusList::from_credential(url, value, &DecodeLimits::default())?;
    Ok((url.to_string(), list))
}

/// Issues an unsigned status list credential with `secret` (assertionMethod, created now).
fn sign_list(unsigned: Value, secret: &SecretKey) -> Result<Value, CliError> {
    let typed: Credential =
        serde_json::from_value(unsigned).map_err(|e| govblocks_core::Error::DocumentInvalid {
            reason: e.to_string(),
        })?;
    let options = ProofOptions::assertion().with_created(created_now()?);
    Ok(credential::issue(&typed, secret, &options)?)
}
