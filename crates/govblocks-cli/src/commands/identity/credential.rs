//! `govblocks credential`: issue and verify W3C Verifiable Credentials 2.0
//! ([`govblocks_identity::credential`]).
//!
//! `credential issue` builds the unsigned credential from FILE and the flags, refuses what a
//! verifier would refuse (the data model's rules, shape, issuer, the subject schemas it holds),
//! and signs it with the key file's key (an `assertionMethod` proof, `created` now).
//! `credential verify` runs
//! [`CredentialVerifier`](govblocks_identity::credential::CredentialVerifier) with the options
//! shared with `presentation verify` in [`super::checks`] (time, trust, status lists, schema
//! files and schema policy, related resources' bytes), and prints a summary with the schemas
//! and related resources checked and not checked.

use super::checks::{
    read_schema_file, schema_registry, CheckedCredential, RelatedResourceFiles, SchemaChecks,
    SchemaPolicyArg, StatusListFiles, TimeAndTrust,
};
use crate::commands::args::KeyFile;
use crate::io::{read_document, read_secret_key, MaxBytes, Source};
use crate::output::{self, CliError};
use crate::values::{self, ListPurpose};
use clap::{Args, Subcommand};
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
use govblocks_core::proof::ProofOptions;
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::{json, Error};
use govblocks_identity::credential::rules::check_data_model;
use govblocks_identity::credential::{
    self, Credential, UncheckedReason, CREDENTIALS_V2, VERIFIABLE_CREDENTIAL,
};
use govblocks_identity::schemas::{ids, registry};
use govblocks_identity::status_list::{StatusEntry, DEFAULT_MAX_BITS};
use govblocks_identity::Error as IdentityError;
use serde::Serialize;
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};

const LONG_ABOUT: &str = "\
Issue or verify W3C Verifiable Credentials 2.0 secured with eddsa-jcs-2022.

Examples:
  govblocks credential issue --key registry.key.json --type ResidenceCredential subject.json > vc.json
  govblocks credential verify --trust did:key:z6Mk… --status-list list.json vc.json";

const ISSUE_LONG_ABOUT: &str = "\
Issue a credential: build it from FILE and the flags, check it, sign it with the key file's
key (an assertionMethod proof, created now) and print it.

FILE holds either an unsigned credential (an object with @context) or only the
credentialSubject object; from a subject alone the credential is
{\"@context\":[\"https://www.w3.org/ns/credentials/v2\"],\"type\":[\"VerifiableCredential\",…],
\"issuer\":…,\"credentialSubject\":FILE}. A FILE that already has a proof is a usage error (use
`govblocks sign` to add a proof to a proof set).

Flags fill in the credential: --issuer, --id, --valid-from and --valid-until set those members
(a FILE that already has a different value is a usage error: the two must not disagree
silently); --type adds a type; each --status-list URL --status-index N --status-purpose P
triple (given the same number of times, in order) adds a BitstringStatusListEntry to
credentialStatus; --schema (repeatable) adds a credentialSchema of type JsonSchema.

RULES. The credential must follow the VC Data Model 2.0 rules the verifier enforces, each
with its code: typed objects (credentialStatus, credentialSchema, termsOfUse, evidence,
refreshService) have a type (credential.type_missing); name and description are strings or
language value objects (credential.language_value_invalid); no subject is {}
(credential.subject_empty); every id is one URL (credential.id_invalid); relatedResource
entries have a unique URL id and a well-formed digestSRI or digestMultibase
(credential.related_resource_invalid).

The issuer defaults to the key's did:key. The proof is always made with the key's did:key, so
an issuer other than the key's DID could never verify: it is refused
(credential.issuer_mismatch). A --status-index no list can hold (2^27 entries or more, the
verifier's decoding limit) is status_list.index_out_of_range; whether it lies within the list
is checked when verifying.

SCHEMAS. --schema SCHEMA is an embedded schema's $id or short name
(identity/v1/foundational-id) or a JSON Schema FILE (with an $id); either way a
credentialSchema reference to it is added (once) and every subject is checked against it
before signing (credential.schema_invalid). A SCHEMA that is neither is
credential.schema_unknown. A credentialSchema that FILE already names and govblocks does not
hold is issued as written (the specification lets an issuer name any schema), unless
--schema-policy refuse, which refuses it (credential.schema_unknown). At most 16 distinct
credentialSchema references (credential.schema_limit).

Output: the signed credential in RFC 8785 canonical form and a newline (--pretty indents it).

Examples:
  govblocks credential issue --key registry.key.json --type ResidenceCredential \\
    --valid-until 2030-01-01T00:00:00Z subject.json > vc.json
  govblocks credential issue --key registry.key.json \\
    --status-list https://registry.example.gov/status/1 --status-index 4711 \\
    --status-purpose revocation subject.json > vc.json
  govblocks credential issue --key school.key.json --schema pupil.schema.json pupil.json > vc.json";

const VERIFY_LONG_ABOUT: &str = "\
Verify a credential: strict parse, the VC Data Model 2.0 rules, the credential schema, the
proof (eddsa-jcs-2022, assertionMethod, a key the issuer controls), trust, the validity window
(validFrom, validUntil against --now with --skew), each credentialSchema, each
relatedResource whose bytes are given, and each credentialStatus entry.

TRUST. --trust DID (repeatable) trusts credentials issued by that DID; any other issuer is
credential.untrusted_issuer. Without --trust the signature is fully checked but NO trust
decision is made: anyone can issue a credential with a key of their own, so the output then
says \"trusted\": false and the caller must judge the issuer itself.

STATUS. --status-list FILE (repeatable) gives a signed status list credential, held under its
id (the URL that credentialStatus entries name). A list is verified like the credential (same
trust, clock and skew) and must be issued by the credential's issuer
(status_list.issuer_mismatch). A list expired, not yet valid, tampered or not a status list
credential fails as the list's problem, naming it (status_list.expired,
status_list.not_yet_valid, status_list.proof_invalid, status_list.invalid). A credential with
a credentialStatus entry whose list is not given fails with credential.status_unavailable; a
set revocation bit is credential.revoked, a set suspension bit credential.suspended. Each list
is decoded once, however many entries name it. Nothing is fetched from the network.

RULES. The credential must follow the VC Data Model 2.0 rules `credential issue` enforces
(see its help), each refused with its code before the schema and the proof are checked.

SCHEMAS. Each credentialSchema of type JsonSchema whose schema govblocks embeds or a
--schema FILE (repeatable, a JSON Schema with an $id) holds is checked: every subject must
conform (credential.schema_invalid). Any other reference (a schema not held, nothing is
fetched; a type other than JsonSchema) cannot be checked: --schema-policy refuse (the default)
refuses the credential (credential.schema_unknown) — the issuer asserted that its subjects
conform, and an unchecked assertion is not accepted silently; --schema-policy report accepts
it and lists it under \"schemas\".\"unchecked\". More than 16 distinct references is
credential.schema_limit.

RELATED RESOURCES. --related-resource ID=FILE (repeatable) gives the bytes of the
relatedResource ID (ID is everything before the last `=`, so a URL with a query works): its
digestSRI and digestMultibase values are checked against FILE (SHA-2 256, 384, 512);
credential.related_resource_mismatch when one differs, and
credential.related_resource_unverifiable when none is of an algorithm govblocks computes.
A resource whose bytes are not given is listed as not checked (nothing is fetched); bytes of
an ID the credential does not name check nothing. FILE is read within --max-bytes.

Output on success (exit 0), one line:
  {\"verified\":true,\"trusted\":true,\"issuer\":\"did:key:z6Mk…\",\"subjects\":[\"did:key:z6Mk…\"],
   \"validFrom\":null,\"validUntil\":\"2030-01-01T00:00:00Z\",\"status\":[{\"list\":\"https://…\",
   \"index\":4711,\"purpose\":\"revocation\",\"set\":false,\"message\":\"unset\"}],
   \"schemas\":{\"checked\":[\"https://…\"],\"unchecked\":[{\"id\":\"https://…\",\"type\":\"JsonSchema\",
   \"reason\":\"notHeld\"}]},\"relatedResources\":{\"checked\":[],\"unchecked\":[\"https://…\"]}}
subjects lists each subject's id (null for a subject without one); status each
credentialStatus entry as read from its list; schemas the credentialSchema references checked
and not checked (reason notHeld or unsupportedType); relatedResources the relatedResource ids
whose digests matched a --related-resource FILE (checked) and those whose bytes were not
given (unchecked).
On failure (exit 1): {\"error\":{\"code\":\"credential.expired\",\"message\":\"…\"}}

Examples:
  govblocks credential verify --trust did:key:z6Mk… vc.json
  govblocks credential verify --trust did:key:z6Mk… --status-list list.json vc.json
  govblocks credential verify --trust did:key:z6Mk… --schema pupil.schema.json vc.json
  govblocks credential verify --schema-policy report vc.json
  govblocks credential verify --trust did:key:z6Mk… \
    --related-resource https://registry.example.gov/photos/4711=photo.jpg vc.json
  govblocks credential verify --now 2031-01-01T00:00:00Z vc.json";

/// Arguments of `govblocks credential`.
#[derive(Debug, Args)]
#[command(about = "Issue or verify a Verifiable Credential", long_about = LONG_ABOUT)]
pub struct CredentialArgs {
    /// `issue` or `verify`.
    #[command(subcommand)]
    pub command: CredentialCommand,
}

/// `credential issue` and `credential verify`.
#[derive(Debug, Subcommand)]
pub enum CredentialCommand {
    /// Sign a credential (from an unsigned credential or a subject); print it.
    #[command(long_about = ISSUE_LONG_ABOUT)]
    Issue(IssueArgs),
    /// Verify a credential: proof, issuer, trust, validity, schema, status; print a summary.
    #[command(long_about = VERIFY_LONG_ABOUT)]
    Verify(VerifyArgs),
}

/// Arguments of `govblocks credential issue`.
#[derive(Debug, Args)]
pub struct IssueArgs {
    #[command(flatten)]
    pub key: KeyFile,

    /// The issuer [default: the key's did:key]; must be the key's DID.
    #[arg(long, value_name = "DID", value_parser = values::controller)]
    pub issuer: Option<String>,

    /// The credential's `id` (a URI).
    #[arg(long, value_name = "URI", value_parser = values::non_empty)]
    pub id: Option<String>,

    /// A type to add after VerifiableCredential; repeatable.
    #[arg(long = "type", value_name = "TYPE", value_parser = values::non_empty)]
    pub types: Vec<String>,

    /// `validFrom`.
    #[arg(long = "valid-from", value_name = "RFC3339", value_parser = values::datetime)]
    pub valid_from: Option<Timestamp>,

    /// `validUntil`.
    #[arg(long = "valid-until", value_name = "RFC3339", value_parser = values::datetime)]
    pub valid_until: Option<Timestamp>,

    /// The URL of a status list (its credential's id) to add an entry for; repeatable, each
    /// with --status-index and --status-purpose.
    #[arg(long = "status-list", value_name = "URL", value_parser = values::non_empty)]
    pub status_list: Vec<String>,

    /// The credential's index in the --status-list of the same position.
    #[arg(long = "status-index", value_name = "N")]
    pub status_index: Vec<u64>,

    /// The purpose of the --status-list of the same position.
    #[arg(long = "status-purpose", value_name = "PURPOSE", value_enum)]
    pub status_purpose: Vec<ListPurpose>,

    /// A JSON Schema every subject conforms to, added as credentialSchema: an embedded
    /// schema's $id or short name, or a JSON Schema file; repeatable.
    #[arg(long, value_name = "SCHEMA", value_parser = values::non_empty)]
    pub schema: Vec<String>,

    /// What to do with a credentialSchema govblocks does not hold: issue it as written
    /// (report), or refuse it (refuse).
    #[arg(long = "schema-policy", value_name = "POLICY", value_enum, default_value_t = SchemaPolicyArg::Report)]
    pub schema_policy: SchemaPolicyArg,

    /// Indent the output instead of printing the canonical form.
    #[arg(long)]
    pub pretty: bool,

    /// The unsigned credential, or only its credentialSubject; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

/// Arguments of `govblocks credential verify`.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub checks: TimeAndTrust,

    #[command(flatten)]
    pub status_lists: StatusListFiles,

    #[command(flatten)]
    pub schemas: SchemaChecks,

    #[command(flatten)]
    pub related: RelatedResourceFiles,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,

    /// The signed credential; stdin when absent or `-`.
    #[arg(value_name = "FILE")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

crate::run_with!(CredentialArgs, run);

/// Runs `credential issue` or `credential verify`.
pub fn run(args: &CredentialArgs) -> Result<Vec<u8>, CliError> {
    match &args.command {
        CredentialCommand::Issue(args) => issue(args),
        CredentialCommand::Verify(args) => verify(args),
    }
}

/// The success output of `credential verify`.
#[derive(Debug, Serialize)]
struct Verified {
    /// Always `true` (a failure prints an error instead).
    verified: bool,
    /// Whether a trust decision was made (`--trust` given) and passed.
    trusted: bool,
    /// The credential's summary, and the `credentialSchema` references and related resources
    /// checked and not checked.
    #[serde(flatten)]
    credential: CheckedCredential,
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
                    "`{flag}` reads from stdin, so the credential must be a FILE"
                )));
            }
        }
    }
    let lists = args.status_lists.load(&args.max_bytes)?;
    let verifier = lists.credential_verifier(args.checks.issuer_verifier(&args.max_bytes));
    let verifier = args.schemas.apply(verifier, &args.max_bytes)?;
    let verifier = args.related.apply(verifier, &args.max_bytes)?;
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let (verified, report) = verifier.verify_with_report(&bytes)?;
    output::json_line(
        &Verified {
            verified: true,
            trusted: args.checks.trusted(),
            credential: CheckedCredential::new(&verified, &verifier, report)?,
        },
        args.pretty,
    )
}

fn issue(args: &IssueArgs) -> Result<Vec<u8>, CliError> {
    let key_source = args.key.source();
    let doc_source = Source::from_arg(args.file.as_deref());
    if key_source == Source::Stdin && doc_source == Source::Stdin {
        return Err(CliError::Usage(
            "`--key -` reads the key from stdin, so the credential must be given as a FILE".into(),
        ));
    }
    if doc_source == Source::Stdin && args.schema.iter().any(|s| s == "-") {
        return Err(CliError::Usage(
            "`--schema -` reads a schema from stdin, so the credential must be given as a FILE"
                .into(),
        ));
    }
    let entries = status_entries(args)?;
    // Each --schema: an embedded schema's full $id, or a file's schema (its $id and text).
    let mut files = Vec::new();
    let mut schema_ids = Vec::new();
    for name in &args.schema {
        match registry().resolve(name) {
            Some(id) => schema_ids.push(id.to_string()),
            None if Path::new(name).is_file() || name == "-" => {
                let file = read_schema_file(Path::new(name), &args.max_bytes)?;
                schema_ids.push(file.id.clone());
                files.push(file);
            }
            None => {
                return Err(IdentityError::SchemaUnknown {
                    id: name.clone(),
                    reason: UncheckedReason::NotHeld,
                }
                .into())
            }
        }
    }
    let own = if files.is_empty() {
        None
    } else {
        Some(schema_registry(&files)?)
    };

    let secret = read_secret_key(&key_source)?;
    let key_did = secret.public_key().did();
    let bytes = read_document(&doc_source, args.max_bytes.limit())?;
    let Value::Object(file) = json::parse_with_limits(&bytes, &args.max_bytes.limits())? else {
        return Err(Error::DocumentNotObject.into());
    };
    let mut unsigned = if file.contains_key("@context") {
        if file.contains_key("proof") {
            return Err(CliError::Usage(
                "FILE already has a proof: `credential issue` signs unsigned credentials (use \
                 `govblocks sign` to add a proof to a proof set)"
                    .into(),
            ));
        }
        file
    } else {
        from_subject(file)
    };

    let issuer = args.issuer.clone().unwrap_or_else(|| key_did.clone());
    if !unsigned.contains_key("issuer") || args.issuer.is_some() {
        fill(&mut unsigned, "issuer", "--issuer", Value::String(issuer))?;
    }
    if let Some(id) = &args.id {
        fill(&mut unsigned, "id", "--id", Value::String(id.clone()))?;
    }
    if let Some(from) = args.valid_from {
        fill(
            &mut unsigned,
            "validFrom",
            "--valid-from",
            from.to_string().into(),
        )?;
    }
    if let Some(until) = args.valid_until {
        fill(
            &mut unsigned,
            "validUntil",
            "--valid-until",
            until.to_string().into(),
        )?;
    }
    add_types(&mut unsigned, &args.types);
    append(&mut unsigned, "credentialStatus", entries);
    let references: Vec<Value> = schema_ids
        .iter()
        .filter(|id| !names_schema(&unsigned, id))
        .map(|id| serde_json::json!({"id": id, "type": "JsonSchema"}))
        .collect();
    append(&mut unsigned, "credentialSchema", references);

    // The data model's rules first, each with its code, then the schema, so that a malformed
    // credential is reported with its paths.
    check_data_model(&unsigned)?;
    let unsigned = Value::Object(unsigned);
    registry().validate(ids::CREDENTIAL, &unsigned)?;
    let credential: Credential =
        serde_json::from_value(unsigned).map_err(|e| Error::DocumentInvalid {
            reason: e.to_string(),
        })?;
    if credential.issuer.id() != key_did {
        return Err(IdentityError::IssuerMismatch {
            issuer: credential.issuer.id().to_string(),
        }
        .into());
    }
    let options = ProofOptions::assertion().with_created(created_now()?);
    let registries: Vec<&SchemaRegistry> = own.iter().collect();
    let issued = credential::issue_with_schemas(&credential, &secret, &options, &registries)?;
    if args.schema_policy == SchemaPolicyArg::Refuse {
        if let Some(unchecked) = issued.schemas.unchecked.first() {
            return Err(IdentityError::SchemaUnknown {
                id: unchecked.id.clone(),
                reason: unchecked.reason,
            }
            .into());
        }
    }
    output::signed_document(&issued.credential, args.pretty)
}

/// The unsigned credential around a lone subject.
fn from_subject(subject: Map<String, Value>) -> Map<String, Value> {
    let mut credential = Map::new();
    credential.insert("@context".into(), serde_json::json!([CREDENTIALS_V2]));
    credential.insert("type".into(), serde_json::json!([VERIFIABLE_CREDENTIAL]));
    credential.insert("credentialSubject".into(), Value::Object(subject));
    credential
}

/// Sets `member` to `value` unless FILE already has another value there: a flag and the file
/// that disagree are a usage error, not a silent overwrite.
fn fill(
    credential: &mut Map<String, Value>,
    member: &str,
    flag: &str,
    value: Value,
) -> Result<(), CliError> {
    match credential.get(member) {
        None => {
            credential.insert(member.into(), value);
            Ok(())
        }
        Some(existing) if *existing == value => Ok(()),
        // An issuer object names its URL in `id`.
        Some(Value::Object(object)) if member == "issuer" && object.get("id") == Some(&value) => {
            Ok(())
        }
        Some(_) => Err(CliError::Usage(format!(
            "{flag} disagrees with the {member} FILE already has"
        ))),
    }
}

/// Adds each `--type` the credential does not have yet, after the ones it has.
fn add_types(credential: &mut Map<String, Value>, types: &[String]) {
    if types.is_empty() {
        return;
    }
    let mut all = match credential.remove("type") {
        Some(Value::Array(all)) => all,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    for t in types {
        if !all.iter().any(|existing| existing.as_str() == Some(t)) {
            all.push(Value::String(t.clone()));
        }
    }
    credential.insert("type".into(), Value::Array(all));
}

/// Appends `items` to `member` (one value or an array), making it an array when there are
/// several.
fn append(credential: &mut Map<String, Value>, member: &str, items: Vec<Value>) {
    if items.is_empty() {
        return;
    }
    let mut all = match credential.remove(member) {
        Some(Value::Array(all)) => all,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    all.extend(items);
    let value = match <[Value; 1]>::try_from(all) {
        Ok([one]) => one,
        Err(all) => Value::Array(all),
    };
    credential.insert(member.into(), value);
}

/// The status entries of the `--status-list`/`--status-index`/`--status-purpose` triples.
fn status_entries(args: &IssueArgs) -> Result<Vec<Value>, CliError> {
    let n = args.status_list.len();
    if args.status_index.len() != n || args.status_purpose.len() != n {
        return Err(CliError::Usage(format!(
            "give --status-list, --status-index and --status-purpose the same number of times \
             (one triple per status entry; got {n}, {} and {})",
            args.status_index.len(),
            args.status_purpose.len()
        )));
    }
    args.status_list
        .iter()
        .zip(&args.status_index)
        .zip(&args.status_purpose)
        .map(|((url, &index), &purpose)| {
            // No list a verifier decodes holds this entry: refuse it now rather than issue a
            // credential that can never be checked.
            if index >= DEFAULT_MAX_BITS {
                return Err(IdentityError::StatusIndexOutOfRange {
                    index,
                    len: DEFAULT_MAX_BITS,
                }
                .into());
            }
            Ok(StatusEntry::new(purpose.into(), url.as_str(), index)?.to_value())
        })
        .collect()
}

/// Whether the credential already has a `credentialSchema` reference to `id`.
fn names_schema(credential: &Map<String, Value>, id: &str) -> bool {
    match credential.get("credentialSchema") {
        Some(Value::Array(all)) => all
            .iter()
            .any(|r| r.get("id").and_then(Value::as_str) == Some(id)),
        Some(one) => one.get("id").and_then(Value::as_str) == Some(id),
        None => false,
    }
}

/// A proof's `created`: now, UTC, whole seconds (as `sign` writes it).
pub fn created_now() -> Result<Timestamp, CliError> {
    let now = SystemClock.now();
    Ok(Timestamp::from_datetime(
        now.replace_nanosecond(0).unwrap_or(now),
    )?)
}
