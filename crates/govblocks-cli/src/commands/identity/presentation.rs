//! `govblocks presentation`: create and verify W3C Verifiable Presentations 2.0
//! ([`govblocks_identity::presentation`]).
//!
//! `presentation create` wraps secured credentials and signs them with the holder's key, an
//! `authentication` proof bound to the verifier's challenge and domain. `presentation verify`
//! runs [`PresentationVerifier`] with the options shared with `credential verify` in
//! [`super::checks`] (time, trust, status lists, schema files and schema policy, related
//! resources' bytes: each applied to every credential of the presentation, each credential
//! reported with its schemas and related resources checked and not); accepted challenges are remembered in memory for this one invocation, or
//! with `--replay-store FILE` in an accept-once SQLite file shared by every invocation naming it.
//!
//! Both take the same policy flags ([`PolicyArgs`]: `--allow-no-holder`, `--allow-unsigned`,
//! `--allow-relation CLAIM`, `--allow-any-subject`), turned into one
//! [`PresentationPolicy`]: `create` calls [`presentation::create_with_policy`] and `verify`
//! verifies under it, so the two refuse the same presentations with the same codes.

use super::checks::{
    CheckedCredential, RelatedResourceFiles, SchemaChecks, StatusListFiles, TimeAndTrust,
};
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values;
use clap::{Args, Subcommand};
use govblocks_core::json;
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::presentation::{
    self, HolderProof, MemoryAcceptOnce, PolicyException, PresentationPolicy, PresentationVerifier,
};
use govblocks_identity::Error as IdentityError;
use serde::Serialize;
use std::path::PathBuf;

const LONG_ABOUT: &str = "\
Create or verify W3C Verifiable Presentations 2.0: a holder presents credentials (by default
issued to them), signed with an authentication proof bound to the verifier's challenge and
domain (the policy flags accept the other cases VC Data Model 2.0 allows: see
`presentation verify --help`).

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
the key, and a presentation not signed by its holder is refused: presentation.holder_mismatch).
--no-holder leaves the holder out; --unsigned makes no proof (no --key, --challenge or
--domain then; the holder comes from --holder, or --no-holder).

POLICY. create refuses what `presentation verify` with the same policy flags refuses about
the presentation itself, with the same codes: no holder without --allow-no-holder
(presentation.holder_missing), no proof without --allow-unsigned (presentation.unsigned), a
credential subject that is not the holder (presentation.subject_not_holder) unless the
subject names the holder in a claim given with --allow-relation CLAIM, or
--allow-any-subject; an enveloped credential (presentation.enveloped_unsupported). The
credentials themselves are not verified here.

Output: the signed presentation in RFC 8785 canonical form and a newline (--pretty indents it).

Example:
  govblocks presentation create --key holder.key.json --challenge 1f44d55f \\
    --domain office.example.gov vc.json > vp.json";

const VERIFY_LONG_ABOUT: &str = "\
Verify a presentation: the holder's proof (authentication, a key the holder controls, bound to
--challenge and --domain: otherwise proof.challenge_mismatch or proof.domain_mismatch; a proof
by anyone but the holder: presentation.holder_mismatch), every credential in it as
`credential verify` does (in one batch with the holder's proof), and that every credential
subject is the holder (presentation.subject_not_holder).

POLICY. VC Data Model 2.0 makes the holder optional and lets a holder present credentials
about someone else (a parent a child's). By default neither is accepted, nor a presentation
without a proof; each is allowed by a flag, and every exception a presentation used is listed
in the output (\"exceptions\"):
  --allow-no-holder       a presentation that names no holder (otherwise
                          presentation.holder_missing). Its proof still binds it to the
                          challenge, but no subject can be its holder: it passes only with
                          --allow-any-subject.
  --allow-relation CLAIM  a subject that names the holder in its claim CLAIM: an object, or an
                          array of objects, whose id is the holder, as an issuer states a
                          relation (\"parent\": {\"id\": \"did:key:…\", \"type\": \"Mother\"}).
                          Repeatable.
  --allow-any-subject     any subject (bearer credentials).
  --allow-unsigned        a presentation without a proof (otherwise presentation.unsigned).
                          Nothing binds it to the challenge or to its holder: anybody can
                          replay it, and its challenge is not used up.
An enveloped credential or presentation (JOSE/COSE in a data: URL) is
presentation.enveloped_unsupported.

TRUST. --trust DID (repeatable) trusts credentials issued by that DID; any other issuer is
credential.untrusted_issuer. The holder needs no --trust: a holder is trusted by proving the
key that the credentials were issued to. Without --trust no trust decision is made about
issuers and the output says \"trusted\": false.

STATUS. --status-list FILE as for `credential verify`: a credential whose status list is not
given fails with credential.status_unavailable.

SCHEMAS. --schema FILE (repeatable) and --schema-policy refuse|report as for `credential
verify`, applied to every credential: a credentialSchema whose schema govblocks embeds or a
FILE holds is checked (credential.schema_invalid); any other is refused
(credential.schema_unknown, the default) or, with --schema-policy report, accepted and listed
under the credential's \"schemas\".\"unchecked\".

RELATED RESOURCES. --related-resource ID=FILE (repeatable) as for `credential verify`: every
credential naming ID in relatedResource has its digests checked against FILE
(credential.related_resource_mismatch); one whose bytes are not given is listed as not
checked.

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
  {\"verified\":true,\"trusted\":true,\"signed\":true,\"holder\":\"did:key:z6Mk…\",
   \"exceptions\":[],\"credentials\":[{\"issuer\":…,\"subjects\":[…],\"validFrom\":…,
   \"validUntil\":…,\"status\":[…],\"schemas\":{\"checked\":[…],\"unchecked\":[…]},
   \"relatedResources\":{\"checked\":[…],\"unchecked\":[…]}}]}
each credential summarised as by `credential verify`; \"holder\" is null when the presentation
names none; each exception is {\"exception\":\"noHolder\"}, {\"exception\":\"unsigned\"},
{\"exception\":\"relation\",\"credential\":0,\"subject\":0,\"subjectId\":…,\"relation\":\"parent\",
\"source\":\"claim\"} or {\"exception\":\"notBound\",\"credential\":0,\"subject\":0,\"subjectId\":…}.

Examples:
  govblocks presentation verify --challenge 1f44d55f --domain office.example.gov \\
    --trust did:key:z6Mk… --status-list list.json vp.json
  govblocks presentation verify --allow-relation parent --challenge 1f44d55f \\
    --domain office.example.gov --trust did:key:z6Mk… child-vp.json
  govblocks presentation verify --schema pupil.schema.json --schema-policy report \\
    --challenge 1f44d55f --domain office.example.gov --trust did:key:z6Mk… vp.json
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
    /// The holder's key file (from `govblocks keygen`); `-` for stdin. Required unless
    /// --unsigned.
    #[arg(
        long,
        value_name = "KEYFILE",
        required_unless_present = "unsigned",
        conflicts_with = "unsigned"
    )]
    pub key: Option<PathBuf>,

    /// The verifier's challenge to bind the proof to.
    #[arg(
        long,
        value_name = "CHALLENGE",
        value_parser = values::non_empty,
        required_unless_present = "unsigned",
        conflicts_with = "unsigned"
    )]
    pub challenge: Option<String>,

    /// The verifier's domain to bind the proof to.
    #[arg(
        long,
        value_name = "DOMAIN",
        value_parser = values::non_empty,
        required_unless_present = "unsigned",
        conflicts_with = "unsigned"
    )]
    pub domain: Option<String>,

    /// The holder [default: the key's did:key]; must be the key's DID.
    #[arg(long, value_name = "DID", value_parser = values::controller, conflicts_with = "no_holder")]
    pub holder: Option<String>,

    /// Name no holder (accepted only with --allow-no-holder).
    #[arg(long)]
    pub no_holder: bool,

    /// Make no proof: the presentation is bound to no challenge and no holder (accepted only
    /// with --allow-unsigned).
    #[arg(long)]
    pub unsigned: bool,

    #[command(flatten)]
    pub policy: PolicyArgs,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,

    /// The signed credentials to present; one may be `-` for stdin.
    #[arg(value_name = "CREDENTIAL", required = true)]
    pub credentials: Vec<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// The presentation policy, the same flags for `create` and `verify`
/// ([`PresentationPolicy`]; the default is the safe case).
#[derive(Debug, Clone, Args)]
pub struct PolicyArgs {
    /// Accept a presentation that names no holder (otherwise presentation.holder_missing).
    #[arg(long)]
    pub allow_no_holder: bool,

    /// Accept a presentation without a proof, bound to no challenge and no holder (otherwise
    /// presentation.unsigned).
    #[arg(long)]
    pub allow_unsigned: bool,

    /// Accept a credential subject that is not the holder when its claim CLAIM (parent,
    /// guardian, …) is an object whose id is the holder; repeatable.
    #[arg(long = "allow-relation", value_name = "CLAIM", value_parser = values::non_empty)]
    pub relations: Vec<String>,

    /// Accept any credential subject (bearer credentials).
    #[arg(long)]
    pub allow_any_subject: bool,
}

impl PolicyArgs {
    /// The policy these flags describe.
    pub fn policy(&self) -> PresentationPolicy {
        let mut policy = PresentationPolicy::default();
        if self.allow_no_holder {
            policy = policy.allow_no_holder();
        }
        if self.allow_unsigned {
            policy = policy.allow_unsigned();
        }
        for claim in &self.relations {
            policy = policy.allow_relation(claim.clone());
        }
        if self.allow_any_subject {
            policy = policy.allow_any_subject();
        }
        policy
    }
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

    #[command(flatten)]
    pub schemas: SchemaChecks,

    #[command(flatten)]
    pub related: RelatedResourceFiles,

    #[command(flatten)]
    pub policy: PolicyArgs,

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
    let key_source = args.key.as_deref().map(|path| Source::from_arg(Some(path)));
    let sources: Vec<Source> = args
        .credentials
        .iter()
        .map(|path| Source::from_arg(Some(path)))
        .collect();
    let from_stdin = sources.iter().filter(|s| **s == Source::Stdin).count()
        + usize::from(key_source == Some(Source::Stdin));
    if from_stdin > 1 {
        return Err(CliError::Usage(
            "only one of --key and the CREDENTIALs can be `-` (stdin)".into(),
        ));
    }

    let secret = key_source.as_ref().map(read_secret_key).transpose()?;
    let holder =
        match (&args.holder, args.no_holder, &secret) {
            (_, true, _) => None,
            (Some(holder), false, _) => Some(holder.clone()),
            (None, false, Some(secret)) => Some(presentation::signer_did(secret)),
            (None, false, None) => return Err(CliError::Usage(
                "an unsigned presentation has no key to take its holder from: give --holder DID \
                 or --no-holder"
                    .into(),
            )),
        };
    let mut credentials = Vec::with_capacity(sources.len());
    for source in &sources {
        let bytes = read_document(source, args.max_bytes.limit())?;
        credentials.push(json::parse_with_limits(&bytes, &args.max_bytes.limits())?);
    }
    let proof = match (&secret, &args.challenge, &args.domain) {
        (Some(signer), Some(challenge), Some(domain)) => Some(HolderProof {
            signer,
            challenge,
            domain,
        }),
        // clap requires all three unless --unsigned, which conflicts with each.
        _ => None,
    };
    // Every refusal is the library's, as the verifier's: the CLI adds none of its own.
    let created = presentation::create_with_policy(
        credentials,
        holder.as_deref(),
        proof,
        &args.policy.policy(),
    )?;
    output::signed_document(&created, args.pretty)
}

/// The success output of `presentation verify`.
#[derive(Debug, Serialize)]
struct Verified {
    /// Always `true` (a failure prints an error instead).
    verified: bool,
    /// Whether a trust decision about the issuers was made (`--trust` given) and passed.
    trusted: bool,
    /// Whether the presentation carries a holder proof (bound to the challenge).
    signed: bool,
    /// The holder's URL, `null` when the presentation names none.
    holder: Option<String>,
    /// The exceptions to the default policy the presentation was accepted under.
    exceptions: Vec<PolicyException>,
    /// Each credential, in order, with its schemas and related resources checked and not.
    credentials: Vec<CheckedCredential>,
}

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let source = Source::from_arg(args.file.as_deref());
    if source == Source::Stdin {
        for (reads, flag) in [
            (args.status_lists.reads_stdin(), "--status-list -"),
            (args.schemas.reads_stdin(), "--schema -"),
            (args.related.reads_stdin(), "--related-resource ID=-"),
        ] {
            if reads {
                return Err(CliError::Usage(format!(
                    "`{flag}` reads from stdin, so the presentation must be a FILE"
                )));
            }
        }
    }
    let lists = args.status_lists.load(&args.max_bytes)?;
    let credentials = lists.credential_verifier(args.checks.issuer_verifier(&args.max_bytes));
    // The same schemas, schema policy and related resources for every credential.
    let credentials = args.schemas.apply(credentials, &args.max_bytes)?;
    let credentials = args.related.apply(credentials, &args.max_bytes)?;
    // Holders prove their own keys: trust comes from the credentials naming them.
    let holders = args
        .checks
        .with_time(Verifier::new(DidKeyResolver, TrustList::any()))
        .with_limits(args.max_bytes.limits());
    let verifier = match &args.replay_store {
        Some(path) => {
            let store = crate::commands::stores::open_seen(path, IdentityError::ReplayStore)?;
            PresentationVerifier::new(credentials, holders, store)
        }
        None => PresentationVerifier::new(credentials, holders, MemoryAcceptOnce::new()),
    }
    .with_policy(args.policy.policy());

    let bytes = read_document(&source, args.max_bytes.limit())?;
    let verified = verifier.verify(&bytes, &args.challenge, &args.domain)?;
    let credentials = verified
        .credentials()
        .iter()
        .zip(verified.reports())
        .map(|(c, report)| {
            CheckedCredential::new(c, verifier.credential_verifier(), report.clone())
        })
        .collect::<Result<Vec<_>, _>>()?;
    output::json_line(
        &Verified {
            verified: true,
            trusted: args.checks.trusted(),
            signed: verified.is_signed(),
            holder: verified.holder_id().map(str::to_string),
            exceptions: verified.exceptions().to_vec(),
            credentials,
        },
        args.pretty,
    )
}
