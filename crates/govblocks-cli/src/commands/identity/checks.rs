//! What the identity subcommands that verify share: the verifier's time and trust
//! (`--now`, `--skew`, `--trust`), the status lists given as files (`--status-list`), the
//! schemas and schema policy (`--schema`, `--schema-policy`), the related resources' bytes
//! (`--related-resource`), and the summary of a verified credential.
//!
//! | struct | flags | used by |
//! | --- | --- | --- |
//! | [`TimeAndTrust`] | `--now`, `--skew`, `--trust` | `credential verify`, `presentation verify` |
//! | [`StatusListFiles`] | `--status-list FILE` | both |
//! | [`SchemaChecks`] | `--schema FILE`, `--schema-policy refuse\|report` | both |
//! | [`RelatedResourceFiles`] | `--related-resource ID=FILE` | both |
//!
//! `--schema FILE` and `--schema-policy` apply to every credential checked (each credential of
//! a presentation): a `credentialSchema` whose schema govblocks embeds or a FILE holds is
//! checked; any other cannot be, and is refused (`credential.schema_unknown`, the default) or
//! reported as not checked. `--related-resource ID=FILE` supplies the bytes of the related
//! resource `ID`: every credential naming `ID` in `relatedResource` has its digests checked
//! against them (`credential.related_resource_mismatch` when they differ); a resource whose
//! bytes are not supplied is reported as not checked (nothing is fetched).
//!
//! Time and skew work as in `govblocks verify`. Trust is about **issuers**: `--trust DID` trusts
//! credentials (and status lists) issued by that DID, for `assertionMethod` proofs; without any
//! `--trust` every signature is still checked but no trust decision is made, and the summary
//! says `"trusted": false`.
//!
//! `--status-list FILE` hands the verifier a signed `BitstringStatusListCredential` in place of
//! fetching it: each file is held in memory under its `id` (the URL credentials name in
//! `statusListCredential`), and is verified like any status list when a credential names it —
//! signature, validity window, its issuer being the credential's issuer. A file no credential
//! names is never looked at beyond its `id`.
//!
//! Each list is verified and decoded **once per run**, however many entries and credentials
//! name it: the verifier keeps the lists it decoded (its status cache), and the summary reads
//! the entries from those same decoded lists instead of decoding them again (issue 14, hostile
//! finding 8: a credential with 100 entries on a 2^27-entry list, a presentation of 1,000
//! copies of one credential).

use crate::commands::args::{Clock, Trust};
use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use clap::Args;
use govblocks_core::clock::FixedClock;
use govblocks_core::json;
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_core::schema::SchemaRegistry;
use govblocks_identity::credential::{
    Credential, CredentialReport, CredentialVerifier, RelatedResources, SchemaPolicy,
};
use govblocks_identity::status_list::{InMemoryStatusResolver, StatusEntry};
use govblocks_identity::Error as IdentityError;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `--now`, `--skew`, `--trust`: the verifier's clock and whom it trusts.
#[derive(Debug, Clone, Args)]
pub struct TimeAndTrust {
    #[command(flatten)]
    pub clock: Clock,

    // Credentials and status lists issued by a --trust DID are trusted.
    #[command(flatten)]
    pub trust: Trust,
}

impl TimeAndTrust {
    /// Whether a trust decision is made (some `--trust` given).
    pub fn trusted(&self) -> bool {
        self.trust.given()
    }

    /// A core verifier for issuers' proofs: did:key resolution, the trust list (each `--trust`
    /// DID for `assertionMethod`, or no decision), the clock, the skew, the input limits.
    pub fn issuer_verifier(&self, max_bytes: &MaxBytes) -> Verifier {
        let trust = if !self.trust.given() {
            TrustList::any()
        } else {
            self.trust.trust.iter().fold(TrustList::new(), |list, did| {
                list.trust(did.clone(), [ProofPurpose::AssertionMethod])
            })
        };
        self.with_time(Verifier::new(DidKeyResolver, trust))
            .with_limits(max_bytes.limits())
    }

    /// `verifier` with this clock and skew. Without `--now`, the system clock is read once
    /// and that instant used for the whole run, so that what was valid while verifying is
    /// still valid while the summary is written (the status lists verified for a credential
    /// are read again for its summary, within their `ttl` at that instant).
    pub fn with_time(&self, verifier: Verifier) -> Verifier {
        let verifier = self.clock.apply(verifier);
        if self.clock.now.now.is_some() {
            return verifier;
        }
        let now = verifier.now();
        verifier.with_clock(FixedClock::new(now))
    }
}

/// `--schema FILE` (repeatable) and `--schema-policy`: the schemas a verifier holds besides
/// govblocks' own, and what it does with a `credentialSchema` it cannot check.
#[derive(Debug, Clone, Args)]
pub struct SchemaChecks {
    /// A JSON Schema file (with an $id) that credentialSchema references may name; repeatable.
    #[arg(long = "schema", value_name = "FILE")]
    pub schemas: Vec<PathBuf>,

    /// What to do with a credentialSchema that cannot be checked: refuse the credential
    /// (credential.schema_unknown), or accept it and list it in the output.
    #[arg(long = "schema-policy", value_name = "POLICY", value_enum, default_value_t = SchemaPolicyArg::Refuse)]
    pub schema_policy: SchemaPolicyArg,
}

impl SchemaChecks {
    /// `verifier` with this policy and, when some `--schema` FILE is given, a registry of the
    /// core schemas and those files (each read within `--max-bytes` and compiled once).
    pub fn apply(
        &self,
        verifier: CredentialVerifier,
        max_bytes: &MaxBytes,
    ) -> Result<CredentialVerifier, CliError> {
        let verifier = verifier.with_schema_policy(self.schema_policy.into());
        if self.schemas.is_empty() {
            return Ok(verifier);
        }
        let files = self
            .schemas
            .iter()
            .map(|path| read_schema_file(path, max_bytes))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(verifier.with_subject_schemas(Arc::new(schema_registry(&files)?)))
    }

    /// Whether one of the files is stdin (`-`), so the document must come from a FILE.
    pub fn reads_stdin(&self) -> bool {
        reads_stdin(&self.schemas)
    }
}

/// `--schema-policy`: what to do with a `credentialSchema` that cannot be checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaPolicyArg {
    /// Refuse the credential (credential.schema_unknown).
    Refuse,
    /// Accept it, and list it as not checked.
    Report,
}

impl From<SchemaPolicyArg> for SchemaPolicy {
    fn from(policy: SchemaPolicyArg) -> Self {
        match policy {
            SchemaPolicyArg::Refuse => SchemaPolicy::Refuse,
            SchemaPolicyArg::Report => SchemaPolicy::Report,
        }
    }
}

/// A JSON Schema read from a file: its `$id` and its text.
pub struct SchemaFile {
    /// The schema's `$id`.
    pub id: String,
    /// The file's text.
    pub text: String,
}

/// Reads a JSON Schema file (strict JSON, an object with an `$id`; a file without one is a
/// usage error).
pub fn read_schema_file(path: &Path, max_bytes: &MaxBytes) -> Result<SchemaFile, CliError> {
    let bytes = read_document(&Source::from_arg(Some(path)), max_bytes.limit())?;
    let schema = json::parse_with_limits(&bytes, &max_bytes.limits())?;
    let Some(id) = schema.get("$id").and_then(Value::as_str) else {
        return Err(CliError::Usage(format!(
            "--schema {}: a JSON Schema file needs an $id (the URL credentialSchema names)",
            path.display()
        )));
    };
    Ok(SchemaFile {
        id: id.to_string(),
        text: String::from_utf8_lossy(&bytes).into_owned(),
    })
}

/// The registry of the core schemas and the caller's schema files (each compiled once).
pub fn schema_registry(files: &[SchemaFile]) -> Result<SchemaRegistry, CliError> {
    let builder = files
        .iter()
        .try_fold(SchemaRegistry::builder().with_core(), |builder, file| {
            builder.add_json(&file.text)
        })?;
    Ok(builder.build()?)
}

/// `--related-resource ID=FILE`, repeatable: the bytes of related resources the caller holds.
#[derive(Debug, Clone, Args)]
pub struct RelatedResourceFiles {
    /// The bytes of the relatedResource ID (everything before the last `=`) are FILE's: every
    /// credential naming ID has its digests checked against them
    /// (credential.related_resource_mismatch); repeatable, one FILE per ID.
    #[arg(long = "related-resource", value_name = "ID=FILE", value_parser = related_resource)]
    pub resources: Vec<(String, PathBuf)>,
}

impl RelatedResourceFiles {
    /// Reads every FILE (each within `--max-bytes`, as bytes: nothing is parsed) under its ID.
    /// Two files for one ID are a usage error (which one would count?).
    pub fn load(&self, max_bytes: &MaxBytes) -> Result<RelatedResources, CliError> {
        let mut resources = RelatedResources::new();
        for (id, path) in &self.resources {
            if resources.get(id).is_some() {
                return Err(CliError::Usage(format!(
                    "two --related-resource files hold the resource {id:?}"
                )));
            }
            let bytes = read_document(&Source::from_arg(Some(path)), max_bytes.limit())?;
            resources.insert(id.clone(), bytes);
        }
        Ok(resources)
    }

    /// `verifier` checking related resources against these files (unchanged when none given).
    pub fn apply(
        &self,
        verifier: CredentialVerifier,
        max_bytes: &MaxBytes,
    ) -> Result<CredentialVerifier, CliError> {
        if self.resources.is_empty() {
            return Ok(verifier);
        }
        Ok(verifier.with_related_resources(self.load(max_bytes)?))
    }

    /// Whether one of the files is stdin (`-`), so the document must come from a FILE.
    pub fn reads_stdin(&self) -> bool {
        self.resources
            .iter()
            .any(|(_, path)| Source::from_arg(Some(path)) == Source::Stdin)
    }
}

/// `ID=FILE`, split at the last `=` (an ID is a URL, which may hold `=` in its query; a file
/// name rarely does); neither part may be empty.
fn related_resource(text: &str) -> Result<(String, PathBuf), String> {
    match text.rsplit_once('=') {
        Some((id, file)) if !id.is_empty() && !file.is_empty() => {
            Ok((id.to_string(), PathBuf::from(file)))
        }
        _ => Err(
            "expected ID=FILE: the relatedResource id, `=`, and the file holding its bytes".into(),
        ),
    }
}

/// Whether one of `paths` is stdin (`-`).
fn reads_stdin(paths: &[PathBuf]) -> bool {
    paths
        .iter()
        .any(|path| Source::from_arg(Some(path)) == Source::Stdin)
}

/// A verified credential as the verifying commands print it: its summary, and which of its
/// `credentialSchema` references and related resources were checked and which were not.
#[derive(Debug, Serialize)]
pub struct CheckedCredential {
    #[serde(flatten)]
    credential: CredentialSummary,
    #[serde(flatten)]
    report: CredentialReport,
}

impl CheckedCredential {
    /// `credential`, verified by `verifier` (see [`CredentialSummary::new`]), with `report`.
    pub fn new(
        credential: &Credential,
        verifier: &CredentialVerifier,
        report: CredentialReport,
    ) -> Result<Self, CliError> {
        Ok(CheckedCredential {
            credential: CredentialSummary::new(credential, verifier)?,
            report,
        })
    }
}

/// `--status-list FILE`, repeatable: signed status list credentials given as files.
#[derive(Debug, Clone, Args)]
pub struct StatusListFiles {
    /// A signed status list credential to check credentialStatus entries against, held under
    /// its `id`; repeatable. A credential whose status list is not given fails
    /// (credential.status_unavailable).
    #[arg(long = "status-list", value_name = "FILE")]
    pub files: Vec<PathBuf>,
}

/// The status list credentials of `--status-list`, by `id` (not yet verified).
#[derive(Debug, Default)]
pub struct StatusLists {
    by_id: BTreeMap<String, Vec<u8>>,
}

impl StatusListFiles {
    /// Reads every file (each within `--max-bytes`, strictly parsed) and keys it by its `id`.
    /// A file without a string `id` is `credential.status_invalid`; two files with one `id` is a
    /// usage error (which one would count?). A file is read from stdin only when named `-`.
    pub fn load(&self, max_bytes: &MaxBytes) -> Result<StatusLists, CliError> {
        let mut lists = StatusLists::default();
        for path in &self.files {
            let bytes = read_document(&Source::from_arg(Some(path)), max_bytes.limit())?;
            let value = json::parse_with_limits(&bytes, &max_bytes.limits())?;
            let Some(id) = value.get("id").and_then(Value::as_str).map(str::to_string) else {
                return Err(IdentityError::StatusInvalid {
                    reason: format!(
                        "the status list credential in {} has no id (the URL credentials name)",
                        path.display()
                    ),
                }
                .into());
            };
            if lists.by_id.contains_key(&id) {
                return Err(CliError::Usage(format!(
                    "two --status-list files hold the status list {id:?}"
                )));
            }
            lists.by_id.insert(id, bytes);
        }
        Ok(lists)
    }

    /// Whether one of the files is stdin (`-`), so the document must come from a FILE.
    pub fn reads_stdin(&self) -> bool {
        reads_stdin(&self.files)
    }
}

impl StatusLists {
    /// A resolver that hands out these lists by `id`.
    pub fn resolver(&self) -> InMemoryStatusResolver {
        let mut resolver = InMemoryStatusResolver::new();
        for (id, bytes) in &self.by_id {
            resolver.insert(id.clone(), bytes.clone());
        }
        resolver
    }

    /// A credential verifier on `verifier` that checks `credentialStatus` against these lists,
    /// keeping each list it verified and decoded for the rest of the run (its status cache:
    /// the files do not change during a run), so that no list is decoded twice.
    pub fn credential_verifier(&self, verifier: Verifier) -> CredentialVerifier {
        CredentialVerifier::new(verifier)
            .with_status_resolver(self.resolver())
            .with_status_cache(RUN_LENGTH)
    }
}

/// How long a list verified during a run is reused: the whole run (the list's own `ttl`, five
/// minutes when it states none, still applies to a run that lasts longer).
const RUN_LENGTH: time::Duration = time::Duration::days(1);

/// What each `credentialStatus` entry of `credential` says, read from the lists `verifier`
/// verified and decoded when it verified `credential` (never decoded again here).
fn report(
    credential: &Credential,
    verifier: &CredentialVerifier,
) -> Result<Vec<StatusReport>, CliError> {
    let Some(entries) = &credential.credential_status else {
        return Ok(Vec::new());
    };
    let mut report = Vec::new();
    for entry in entries.iter() {
        let entry = StatusEntry::from_value(&Value::Object(entry.clone()))?;
        let list = verifier
            .cached_status_list(entry.list_url(), credential.issuer.id())
            .ok_or_else(|| IdentityError::StatusUnavailable {
                list: entry.list_url().to_string(),
                reason: "the list was not verified with the credential".into(),
            })?;
        let outcome = entry.evaluate(&list)?;
        report.push(StatusReport {
            list: entry.list_url().to_string(),
            index: entry.index(),
            purpose: outcome.purpose.as_str(),
            set: !outcome.valid,
            message: outcome.message,
        });
    }
    Ok(report)
}

/// What a verified credential says, in the order it is printed.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialSummary {
    /// The issuer's URL.
    issuer: String,
    /// Each subject's `id`, `null` for a subject without one, in order.
    subjects: Vec<Option<String>>,
    /// `validFrom` as written, or `null`.
    valid_from: Option<String>,
    /// `validUntil` as written, or `null`.
    valid_until: Option<String>,
    /// Each `credentialStatus` entry, as read from its list.
    status: Vec<StatusReport>,
}

/// One `credentialStatus` entry of a verified credential. The index is a JSON number: it lies
/// within a list the verifier decoded, so below 2^27, exact as a double.
#[derive(Debug, Serialize)]
pub struct StatusReport {
    /// The status list's URL (`statusListCredential`).
    list: String,
    /// `statusListIndex`.
    index: u64,
    /// `statusPurpose`.
    purpose: &'static str,
    /// Whether the entry is set: never for revocation and suspension (a set one fails
    /// verification), possibly for `refresh` and `message`.
    set: bool,
    /// What the value means: `unset`, `set`, or the list's status message.
    message: String,
}

impl CredentialSummary {
    /// The summary of a credential that verified with `verifier` (made by
    /// [`StatusLists::credential_verifier`]).
    pub fn new(credential: &Credential, verifier: &CredentialVerifier) -> Result<Self, CliError> {
        Ok(CredentialSummary {
            issuer: credential.issuer.id().to_string(),
            subjects: credential
                .credential_subject
                .iter()
                .map(|s| s.get("id").and_then(Value::as_str).map(str::to_string))
                .collect(),
            valid_from: credential.valid_from.map(|t| t.to_string()),
            valid_until: credential.valid_until.map(|t| t.to_string()),
            status: report(credential, verifier)?,
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    //! Hostile finding 8 of issue 14, as the CLI met it: "The CLI resolver does not cache, and
    //! the summary decodes once more: a credential with 100 entries on a maximum-size list
    //! (2^27 entries, made by `status-list create --size 134217728`) takes 0.81 s against
    //! 0.01 s on a default list; a presentation holding 1,000 copies of one credential, 7.9 s."
    //! Counted, not timed: the verifier's status statistics say how many times the list was
    //! decoded, and the summary has no decoder of its own.

    use super::*;
    use govblocks_core::clock::{FixedClock, Timestamp};
    use govblocks_core::keys::SecretKey;
    use govblocks_core::proof::ProofOptions;
    use govblocks_identity::credential::issue;
    use govblocks_identity::one_or_many::OneOrMany;
    use govblocks_identity::presentation::{create, MemoryAcceptOnce, PresentationVerifier};
    use govblocks_identity::status_list::{StatusList, StatusPurpose, DEFAULT_MAX_BITS};
    use serde_json::json;

    const LIST: &str = "https://registry.example.gov/status/1";

    fn t(s: &str) -> Timestamp {
        Timestamp::parse(s, "t").unwrap()
    }

    /// `--status-list` holding the registry's maximum-size list, and the registry's key.
    fn lists() -> (StatusLists, SecretKey) {
        let registry = SecretKey::from_seed(&[3; 32]);
        let list = StatusList::new(LIST, StatusPurpose::Revocation, DEFAULT_MAX_BITS).unwrap();
        let unsigned = list.unsigned_credential(&registry.public_key().did(), None);
        let typed: Credential = serde_json::from_value(unsigned).unwrap();
        let signed = issue(&typed, &registry, &ProofOptions::assertion()).unwrap();
        let mut lists = StatusLists::default();
        lists
            .by_id
            .insert(LIST.into(), serde_json::to_vec(&signed).unwrap());
        (lists, registry)
    }

    fn credential(registry: &SecretKey, holder: &str, entries: u64) -> Value {
        let Value::Object(subject) = json!({"id": holder}) else {
            unreachable!()
        };
        let mut c = Credential::new(registry.public_key().did(), &[], subject);
        c.credential_status = Some(OneOrMany::Many(
            (0..entries)
                .map(|i| {
                    let entry =
                        StatusEntry::new(StatusPurpose::Revocation, LIST, i * 1_000_003).unwrap();
                    entry.to_value().as_object().unwrap().clone()
                })
                .collect(),
        ));
        issue(&c, registry, &ProofOptions::assertion()).unwrap()
    }

    fn issuers(registry: &SecretKey) -> Verifier {
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(registry.public_key().did(), [ProofPurpose::AssertionMethod]),
        )
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z")))
    }

    #[test]
    fn a_hundred_entries_on_a_maximum_size_list_are_decoded_once_with_the_summary() {
        let (lists, registry) = lists();
        let verifier = lists.credential_verifier(issuers(&registry));
        let bytes = serde_json::to_vec(&credential(&registry, "did:example:olena", 100)).unwrap();
        let verified = verifier.verify(&bytes).unwrap();
        let summary = CredentialSummary::new(&verified, &verifier).unwrap();
        assert_eq!(summary.status.len(), 100);
        assert!(summary.status.iter().all(|s| !s.set));
        let stats = verifier.status_stats();
        assert_eq!((stats.fetched, stats.decoded), (1, 1), "{stats:?}");
    }

    #[test]
    fn a_presentation_of_a_thousand_copies_is_decoded_once_with_the_summaries() {
        let (lists, registry) = lists();
        let holder = SecretKey::from_seed(&[4; 32]);
        let vc = credential(&registry, &holder.public_key().did(), 1);
        let vp = create(vec![vc; 1000], &holder, None, "c", "d").unwrap();
        let desk = PresentationVerifier::new(
            lists.credential_verifier(issuers(&registry)),
            Verifier::new(DidKeyResolver, TrustList::any())
                .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
            MemoryAcceptOnce::new(),
        );
        let verified = desk
            .verify(&serde_json::to_vec(&vp).unwrap(), "c", "d")
            .unwrap();
        let summaries = verified
            .credentials()
            .iter()
            .map(|c| CredentialSummary::new(c, desk.credential_verifier()))
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(summaries.len(), 1000);
        let stats = desk.credential_verifier().status_stats();
        assert_eq!((stats.fetched, stats.decoded), (1, 1), "{stats:?}");
    }
}
