//! `govblocks presentation`: create and verify W3C Verifiable Presentations 2.0
//! ([`govblocks_identity::presentation`]).
//!
//! `presentation create` wraps secured credentials and signs them with the holder's key, an
//! `authentication` proof bound to the verifier's challenge and domain. `presentation verify`
//! runs [`PresentationVerifier`] with the shared time, trust and status list options of
//! [`super::checks`]; accepted challenges are remembered in memory for this one invocation, or
//! with `--replay-store FILE` in an accept-once SQLite file shared by every invocation naming it.

use super::checks::{CredentialSummary, StatusListFiles, TimeAndTrust};
use crate::commands::args::KeyFile;
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values;
use clap::{Args, Subcommand};
use govblocks_core::json;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::presentation::{
    self, MemoryAcceptOnce, PresentationVerifier, SqliteAcceptOnce,
};
use govblocks_identity::Error as IdentityError;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Create or verify W3C Verifiable Presentations 2.0: a holder presents credentials issued to
them, signed with an authentication proof bound to the verifier's challenge and domain.

Examples:
  govblocks presentation create --key holder.key.json --challenge 1f44d55f \\
    --domain office.example.gov vc.json > vp.json
  govblocks presentation verify --challenge 1f44d55f --domain office.example.gov \\
    --trust did:key:z6Mk… --status-list list.json vp.json";

const CREATE_LONG_ABOUT: &str = "\
Create a presentation of one or more signed credentials (each CREDENTIAL a file, one of them
may be `-` for stdin) by the holder whose key file is given, signed with an authentication
proof bound to --challenge and --domain, and print it.

The holder defaults to the key's did:key; --holder must be that DID (the proof is made with
the key's did:key, so another holder could never verify: a usage error). Every subject of
every credential must have the holder as its id, as the verifier requires; otherwise
presentation.holder_mismatch. The credentials themselves are not verified here.

Output: the signed presentation in RFC 8785 canonical form and a newline (--pretty indents it).

Example:
  govblocks presentation create --key holder.key.json --challenge 1f44d55f \\
    --domain office.example.gov vc.json > vp.json";

const VERIFY_LONG_ABOUT: &str = "\
Verify a presentation: the holder's proof (authentication, a key the holder controls, bound to
--challenge and --domain: otherwise proof.challenge_mismatch or proof.domain_mismatch), every
credential in it as `credential verify` does (in one batch with the holder's proof), and that
every credential subject is the holder (presentation.holder_mismatch).

TRUST. --trust DID (repeatable) trusts credentials issued by that DID; any other issuer is
credential.untrusted_issuer. The holder needs no --trust: a holder is trusted by proving the
key that the credentials were issued to. Without --trust no trust decision is made about
issuers and the output says \"trusted\": false.

STATUS. --status-list FILE as for `credential verify`: a credential whose status list is not
given fails with credential.status_unavailable.

REPLAY. A challenge is accepted once: a presentation whose challenge was already accepted is
refused with presentation.replayed. --replay-store FILE remembers accepted challenges in that
file (an accept-once store: SQLite, created when missing, safe to share between processes
running at once; other kinds of ids may share it), for 10 minutes after the verification time
(--now, or the clock): a presentation replayed to any later run naming the same FILE is
refused. A FILE that is not such a store is refused untouched, and a store that cannot be
read or written fails with presentation.replay_store: a challenge that cannot be remembered
is never accepted. Without --replay-store, accepted challenges are remembered in memory for
this one invocation only, so a later run accepts the same presentation again: protection
against a replay is then the calling service's job (hand out each challenge once and remember
the ones answered).

Output on success (exit 0), one line:
  {\"verified\":true,\"trusted\":true,\"holder\":\"did:key:z6Mk…\",\"credentials\":[{\"issuer\":…,
   \"subjects\":[…],\"validFrom\":…,\"validUntil\":…,\"status\":[…]}]}
each credential summarised as by `credential verify`.

Examples:
  govblocks presentation verify --challenge 1f44d55f --domain office.example.gov \\
    --trust did:key:z6Mk… --status-list list.json vp.json
  govblocks presentation verify --replay-store challenges.db --challenge 1f44d55f \\
    --domain office.example.gov --trust did:key:z6Mk… --status-list list.json vp.json";

/// Arguments of `govblocks presentation`.
#[derive(Debug, Args)]
#[command(about = "Create or verify a Verifiable Presentation", long_about = LONG_ABOUT)]
pub struct PresentationArgs {
    /// `create` or `verify`.
    #[command(subcommand)]
    pub command: PresentationCommand,
}

/// `presentation create` and `presentation verify`.
#[derive(Debug, Subcommand)]
pub enum PresentationCommand {
    /// Present signed credentials, bound to a challenge and domain; print the presentation.
    #[command(long_about = CREATE_LONG_ABOUT)]
    Create(CreateArgs),
    /// Verify a presentation and every credential in it; print a summary.
    #[command(long_about = VERIFY_LONG_ABOUT)]
    Verify(VerifyArgs),
}

/// Arguments of `govblocks presentation create`.
#[derive(Debug, Args)]
pub struct CreateArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The verifier's challenge to bind the proof to.
    #[arg(long, value_name = "CHALLENGE", value_parser = values::non_empty)]
    pub challenge: String,

    /// The verifier's domain to bind the proof to.
    #[arg(long, value_name = "DOMAIN", value_parser = values::non_empty)]
    pub domain: String,

    /// The holder [default: the key's did:key]; must be the key's DID.
    #[arg(long, value_name = "DID", value_parser = values::controller)]
    pub holder: Option<String>,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,

    /// The signed credentials to present; one may be `-` for stdin.
    #[arg(value_name = "CREDENTIAL", required = true)]
    pub credentials: Vec<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// Arguments of `govblocks presentation verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The challenge this verifier handed out.
    #[arg(long, value_name = "CHALLENGE", value_parser = values::non_empty)]
    pub challenge: String,

    /// This verifier's domain.
    #[arg(long, value_name = "DOMAIN", value_parser = values::non_empty)]
    pub domain: String,

    #[command(flatten)]
    pub checks: TimeAndTrust,

    #[command(flatten)]
    pub status_lists: StatusListFiles,

    /// Remember accepted challenges in this accept-once store file (SQLite, created when
    /// missing), shared by every run naming it [default: in memory, for this run only].
    #[arg(long, value_name = "FILE")]
    pub replay_store: Option<PathBuf>,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,

    /// The presentation; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(PresentationArgs, run);

/// Runs `presentation create` or `presentation verify`.
pub fn run(args: &PresentationArgs) -> Result<Vec<u8>, CliError> {
    match &args.command {
        PresentationCommand::Create(args) => create(args),
        PresentationCommand::Verify(args) => verify(args),
    }
}

fn create(args: &CreateArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let sources: Vec<Source> = args
        .credentials
        .iter()
        .map(|path| Source::from_arg(Some(path)))
        .collect();
    let from_stdin = sources.iter().filter(|s| **s == Source::Stdin).count()
        + usize::from(key_source == Source::Stdin);
    if from_stdin > 1 {
        return Err(CliError::Usage(
            "only one of --key and the CREDENTIALs can be `-` (stdin)".into(),
        ));
    }

    let secret = read_secret_key(&key_source)?;
    let key_did = secret.public_key().did();
    let holder = args.holder.clone().unwrap_or_else(|| key_did.clone());
    if holder != key_did {
        return Err(CliError::Usage(format!(
            "--holder must be the DID of --key ({key_did}): the proof is made with that key"
        )));
    }
    let mut credentials = Vec::with_capacity(sources.len());
    for source in &sources {
        let bytes = read_document(source, args.max_bytes.limit())?;
        let credential = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
        check_subjects(&credential, &holder)?;
        credentials.push(credential);
    }
    let signed = presentation::create(
        credentials,
        &secret,
        Some(&holder),
        &args.challenge,
        &args.domain,
    )?;
    output::signed_document(&signed, args.pretty)
}

/// Every subject of `credential` has `holder` as its id (what the verifier will require).
/// A credential too malformed to name its subjects is left to the verifier.
fn check_subjects(credential: &Value, holder: &str) -> Result<(), CliError> {
    let subjects = match credential.get("credentialSubject") {
        Some(Value::Array(many)) => many.iter().collect(),
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for subject in subjects {
        let id = subject
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or_default();
        if id != holder {
            return Err(IdentityError::HolderMismatch {
                subject: id.to_string(),
                holder: holder.to_string(),
            }
            .into());
        }
    }
    Ok(())
}

/// The success output of `presentation verify`.
#[derive(Debug, Serialize)]
struct Verified {
    /// Always `true` (a failure prints an error instead).
    verified: bool,
    /// Whether a trust decision about the issuers was made (`--trust` given) and passed.
    trusted: bool,
    /// The holder's URL.
    holder: String,
    /// Each credential, in order.
    credentials: Vec<CredentialSummary>,
}

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    if source == Source::Stdin && args.status_lists.reads_stdin() {
        return Err(CliError::Usage(
            "`--status-list -` reads a list from stdin, so the presentation must be a FILE".into(),
        ));
    }
    let lists = args.status_lists.load(&args.max_bytes)?;
    let credentials = lists.credential_verifier(args.checks.issuer_verifier(&args.max_bytes));
    // Holders prove their own keys: trust comes from the credentials naming them.
    let holders = args
        .checks
        .with_time(Verifier::new(DidKeyResolver, TrustList::any()))
        .with_limits(args.max_bytes.limits());
    let verifier = match &args.replay_store {
        Some(path) => {
            let store = SqliteAcceptOnce::open(path).map_err(IdentityError::ReplayStore)?;
            PresentationVerifier::new(credentials, holders, store)
        }
        None => PresentationVerifier::new(credentials, holders, MemoryAcceptOnce::new()),
    };

    let bytes = read_document(&source, args.max_bytes.limit())?;
    let verified = verifier.verify(&bytes, &args.challenge, &args.domain)?;
    let credentials = verified
        .credentials()
        .iter()
        .map(|c| CredentialSummary::new(c, verifier.credential_verifier()))
        .collect::<Result<Vec<_>, _>>()?;
    output::json_line(
        &Verified {
            verified: true,
            trusted: args.checks.trusted(),
            holder: verified.holder().to_string(),
            credentials,
        },
        args.pretty,
    )
}
