//! Verifying credentials: the data model's rules on the parsed JSON, the core pipeline with the
//! credential's rules, then the verifier's own checks — `credentialSchema` under the caller's
//! [`SchemaPolicy`], related resources whose bytes the caller supplied, subject rules, status —
//! in a hook that runs before success.

use super::model::Credential;
use super::related::{check_related, RelatedReport, RelatedResources};
use super::rules::check_data_model;
use super::schema_check::{
    check_schemas, SchemaPolicy, SchemaReport, SchemaSources, DEFAULT_MAX_SCHEMA_REFERENCES,
};
use crate::status_list::{DecodeLimits, StatusEntry, StatusList, StatusListCache, StatusResolver};
use crate::Error;
use govblocks_core::document::{BatchOutcome, Context, Prepared};
use govblocks_core::json::{Element, TapeValue};
use govblocks_core::proof::Verifier;
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::verified::Verified;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// Verifies credentials: a [`Verifier`] (key resolution, trust list, clock, skew, limits) plus
/// the registry that `credentialSchema` entries are looked up in.
///
/// A `Verified<Credential>` comes out only after: strict parse; the data model's rules
/// ([`super::rules`], each with its code); the credential schema; every proof (eddsa-jcs-2022,
/// purpose `assertionMethod`, key resolved, issuer trusted — refused as
/// `credential.untrusted_issuer`); the structural rules and the issuer controlling every proof
/// key; the validity window against the verifier's clock with its skew; each
/// `credentialSchema` ([`super::schema_check`]: every subject validated against each distinct
/// schema govblocks or the caller holds; one that cannot be checked is
/// `credential.schema_unknown` under the default [`SchemaPolicy::Refuse`], reported under
/// [`SchemaPolicy::Report`]); each related resource whose bytes the caller supplied
/// ([`super::related`]); the subject rules; and the status.
/// [`CredentialVerifier::verify_with_report`] also says which schemas and related resources
/// were checked.
///
/// ```
/// use govblocks_core::keys::SecretKey;
/// use govblocks_core::proof::{ProofOptions, Verifier};
/// use govblocks_core::resolver::{DidKeyResolver, TrustList};
/// use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
///
/// let registry = SecretKey::from_seed(&[1; 32]);
/// let credential = Credential::builder(registry.public_key().did())
///     .subject(serde_json::json!({"id": "did:example:olena", "city": "Kyiv"}))
///     .build()?;
/// let signed = issue(&credential, &registry, &ProofOptions::assertion())?;
///
/// let office = CredentialVerifier::new(Verifier::new(
///     DidKeyResolver,
///     TrustList::new().trust_all_purposes(registry.public_key().did()),
/// ));
/// let verified = office.verify(signed.to_string().as_bytes())?;
/// assert_eq!(verified.subject_ids().collect::<Vec<_>>(), ["did:example:olena"]);
/// # Ok::<(), govblocks_identity::Error>(())
/// ```
pub struct CredentialVerifier {
    verifier: Verifier,
    subject_schemas: Option<Arc<SchemaRegistry>>,
    status: Option<Arc<dyn StatusResolver>>,
    status_cache: Option<StatusListCache>,
    status_limits: DecodeLimits,
    subject_rules: Vec<SubjectRule>,
    status_counters: StatusCounters,
    schema_policy: SchemaPolicy,
    max_schema_references: usize,
    related: RelatedResources,
}

/// What [`CredentialVerifier::verify_with_report`] checked beyond the signatures and rules:
/// which `credentialSchema` references and related resources were checked, and which were not.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct CredentialReport {
    /// The `credentialSchema` references.
    pub schemas: SchemaReport,
    /// The related resources.
    pub related_resources: RelatedReport,
}

/// The status-list work a [`CredentialVerifier`] has done since it was built (a service's
/// metrics; the tests' proof that a list is decoded once).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatusStats {
    /// List credentials asked of the resolver.
    pub fetched: u64,
    /// List credentials whose proof was verified and whose `encodedList` was decoded (each
    /// fetched list that got that far; never more than `fetched`).
    pub decoded: u64,
    /// Status entries answered from a list already decoded in the same verification
    /// ([`StatusScope`]).
    pub scope_hits: u64,
    /// Status entries answered from the verifier's [`StatusListCache`].
    pub cache_hits: u64,
}

#[derive(Debug, Default)]
struct StatusCounters {
    fetched: AtomicU64,
    decoded: AtomicU64,
    scope_hits: AtomicU64,
    cache_hits: AtomicU64,
}

impl StatusCounters {
    fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The status lists one verification has fetched, verified and decoded, so that no list is
/// decoded twice in it: a credential with 100 entries on one list, a presentation of 1,000
/// copies of one credential, a batch of credentials from one registry each decode it once
/// (the hostile finding of issue 14: a list decoded again for every entry).
///
/// [`CredentialVerifier::verify`], [`verify_value`](CredentialVerifier::verify_value) and
/// [`finish`](CredentialVerifier::finish) make one for the call;
/// [`verify_values`](CredentialVerifier::verify_values) one for the batch. A caller verifying
/// several things as one (a presentation's credentials) makes one and passes it to
/// [`CredentialVerifier::finish_in`] or [`CredentialVerifier::verify_in`]; afterwards it holds
/// every list that was used, for a report ([`StatusScope::list`]).
///
/// Lists are kept by URL with their issuer: a credential of another issuer naming the same URL
/// is refused (`status_list.issuer_mismatch`) without fetching the list again.
///
/// A list that could not be had (`credential.status_unavailable`: a download that timed out,
/// say) or decoded (`status_list.encoding_invalid`, `status_list.size_invalid`: a GZIP bomb),
/// or that is outside its validity period, fails every later credential of the scope that
/// names it with the same error, without being fetched or inflated again. Other failures
/// (a list's proof) are checked again for each credential; each costs one signature check.
#[derive(Debug, Default)]
pub struct StatusScope {
    lists: Mutex<HashMap<String, (String, Arc<StatusList>)>>,
    /// Failures worth remembering, by list URL and credential issuer.
    failures: Mutex<HashMap<(String, String), Error>>,
}

impl StatusScope {
    /// An empty scope.
    pub fn new() -> Self {
        StatusScope::default()
    }

    /// The verified, decoded list at `url`, if this scope used it.
    pub fn list(&self, url: &str) -> Option<Arc<StatusList>> {
        self.lock().get(url).map(|(_, list)| Arc::clone(list))
    }

    /// How many lists this scope holds.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, (String, Arc<StatusList>)>> {
        // Each change is one insert: a panic elsewhere cannot leave the map half-changed.
        self.lists.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The failure this scope remembers for `url` and `issuer`, as a new error.
    fn failure(&self, url: &str, issuer: &str) -> Option<Error> {
        let failures = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        failures
            .get(&(url.to_string(), issuer.to_string()))
            .and_then(replay)
    }

    /// Remembers `error` for `url` and `issuer` if it is worth it (see the type's docs).
    fn remember(&self, url: &str, issuer: &str, error: &Error) {
        if let Some(copy) = replay(error) {
            self.failures
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert((url.to_string(), issuer.to_string()), copy);
        }
    }
}

/// A copy of a list failure that is costly to reach again (a download, an inflation) or is a
/// property of the list alone; `None` for the others.
fn replay(error: &Error) -> Option<Error> {
    Some(match error {
        Error::StatusUnavailable { list, reason } => Error::StatusUnavailable {
            list: list.clone(),
            reason: reason.clone(),
        },
        Error::StatusListEncoding { reason } => Error::StatusListEncoding {
            reason: reason.clone(),
        },
        Error::StatusListSize { bits, min, max } => Error::StatusListSize {
            bits: *bits,
            min: *min,
            max: *max,
        },
        Error::StatusListExpired { list, valid_until } => Error::StatusListExpired {
            list: list.clone(),
            valid_until: valid_until.clone(),
        },
        Error::StatusListNotYetValid { list, valid_from } => Error::StatusListNotYetValid {
            list: list.clone(),
            valid_from: valid_from.clone(),
        },
        _ => return None,
    })
}

/// A rule about a credential's subjects that its schema cannot state (a check digit, a code
/// list), run by [`CredentialVerifier::with_subject_rule`].
pub type SubjectRule = Arc<dyn Fn(&Credential) -> Result<(), Error> + Send + Sync>;

impl std::fmt::Debug for CredentialVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CredentialVerifier")
            .field("verifier", &self.verifier)
            .field("subject_schemas", &self.subject_schemas.is_some())
            .field("status", &self.status.is_some())
            .field("status_cache", &self.status_cache)
            .field("status_limits", &self.status_limits)
            .field("subject_rules", &self.subject_rules.len())
            .field("status_stats", &self.status_stats())
            .field("schema_policy", &self.schema_policy)
            .field("max_schema_references", &self.max_schema_references)
            .field("related", &self.related)
            .finish()
    }
}

impl CredentialVerifier {
    /// A credential verifier on top of `verifier`, whose trust list says which issuers are
    /// trusted. `credentialSchema` ids are looked up in the registry of
    /// [`CredentialVerifier::with_subject_schemas`], then in the identity registry
    /// ([`crate::schemas::registry`]); one found in neither is refused
    /// ([`SchemaPolicy::Refuse`], see [`CredentialVerifier::with_schema_policy`]).
    pub fn new(verifier: Verifier) -> Self {
        CredentialVerifier {
            verifier,
            subject_schemas: None,
            status: None,
            status_cache: None,
            status_limits: DecodeLimits::default(),
            subject_rules: Vec::new(),
            status_counters: StatusCounters::default(),
            schema_policy: SchemaPolicy::default(),
            max_schema_references: DEFAULT_MAX_SCHEMA_REFERENCES,
            related: RelatedResources::default(),
        }
    }

    /// What to do with a `credentialSchema` reference that cannot be checked (a schema neither
    /// govblocks nor the caller holds, or a type other than `JsonSchema`):
    /// [`SchemaPolicy::Refuse`] (the default, `credential.schema_unknown`) or
    /// [`SchemaPolicy::Report`] (accepted, listed by [`CredentialVerifier::verify_with_report`]).
    pub fn with_schema_policy(mut self, policy: SchemaPolicy) -> Self {
        self.schema_policy = policy;
        self
    }

    /// Accepts at most `max` distinct `credentialSchema` references per credential
    /// ([`DEFAULT_MAX_SCHEMA_REFERENCES`] by default; more is `credential.schema_limit`).
    pub fn with_max_schema_references(mut self, max: usize) -> Self {
        self.max_schema_references = max;
        self
    }

    /// Checks the digests of each related resource (`relatedResource`) whose bytes are in
    /// `resources` (`credential.related_resource_mismatch` when they differ). Nothing is
    /// fetched: a resource not supplied is reported as not checked.
    pub fn with_related_resources(mut self, resources: RelatedResources) -> Self {
        self.related = resources;
        self
    }

    /// Runs `rule` on every credential, after its `credentialSchema` check and before its
    /// status: for what a subject schema cannot say, such as
    /// [`crate::foundational_id::check_credential`] (the UIN's Verhoeff check digit).
    pub fn with_subject_rule(
        mut self,
        rule: impl Fn(&Credential) -> Result<(), Error> + Send + Sync + 'static,
    ) -> Self {
        self.subject_rules.push(Arc::new(rule));
        self
    }

    /// Checks `credentialStatus` entries with the status list credentials `resolver` returns.
    /// Without a resolver, a credential that has a status entry is refused
    /// (`credential.status_unavailable`, saying that no resolver was supplied): its status
    /// cannot be known.
    ///
    /// A service whose lists change while it runs hands over an `Arc` of a
    /// [`SharedStatusResolver`](crate::status_list::SharedStatusResolver) and keeps the other
    /// `Arc` to publish new lists: the verifier is never rebuilt.
    pub fn with_status_resolver(mut self, resolver: impl StatusResolver + 'static) -> Self {
        self.status = Some(Arc::new(resolver));
        self
    }

    /// Reuses each status list that verified, across verifications, for at most `max_age`
    /// (less if the list's `ttl` — five minutes when it states none — or its `validUntil`
    /// comes first, and no longer once the resolver has a new version of it) instead of
    /// fetching, verifying and decoding it for every verification: a revocation is then seen
    /// at most that late. See [`StatusListCache`].
    pub fn with_status_cache(mut self, max_age: time::Duration) -> Self {
        self.status_cache = Some(StatusListCache::new(max_age));
        self
    }

    /// The status-list work done so far (lists fetched, decoded, reused).
    pub fn status_stats(&self) -> StatusStats {
        let c = &self.status_counters;
        StatusStats {
            fetched: c.fetched.load(Ordering::Relaxed),
            decoded: c.decoded.load(Ordering::Relaxed),
            scope_hits: c.scope_hits.load(Ordering::Relaxed),
            cache_hits: c.cache_hits.load(Ordering::Relaxed),
        }
    }

    /// The verified, decoded list at `url` issued by `issuer`, if this verifier's
    /// [cache](CredentialVerifier::with_status_cache) holds it fresh now (for a report after a
    /// verification; `None` without a cache).
    pub fn cached_status_list(&self, url: &str, issuer: &str) -> Option<Arc<StatusList>> {
        let cache = self.status_cache.as_ref()?;
        let version = self.status.as_ref().and_then(|r| r.version(url));
        cache.get(
            url,
            issuer,
            self.verifier.now(),
            self.verifier.skew(),
            version,
        )
    }

    /// Decodes status lists within these limits ([`DecodeLimits::default`] otherwise).
    pub fn with_status_limits(mut self, limits: DecodeLimits) -> Self {
        self.status_limits = limits;
        self
    }

    /// Looks `credentialSchema` ids up in `registry` (a deployment's own credential schemas,
    /// built from schema files with [`SchemaRegistry::builder`]) before the identity registry.
    pub fn with_subject_schemas(mut self, registry: Arc<SchemaRegistry>) -> Self {
        self.subject_schemas = Some(registry);
        self
    }

    /// The core verifier underneath.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// Verifies a credential from its bytes (see the type's docs for every check).
    pub fn verify(&self, bytes: &[u8]) -> Result<Verified<Credential>, Error> {
        self.verify_in(bytes, &StatusScope::new())
    }

    /// [`CredentialVerifier::verify`] within `scope`: status lists already in it are not
    /// fetched or decoded again, and those this verification uses are left in it.
    pub fn verify_in(
        &self,
        bytes: &[u8],
        scope: &StatusScope,
    ) -> Result<Verified<Credential>, Error> {
        self.verify_with_report_in(bytes, scope)
            .map(|(verified, _)| verified)
    }

    /// [`CredentialVerifier::verify`], and which `credentialSchema` references and related
    /// resources were checked and which were not (under [`SchemaPolicy::Report`], or with
    /// related resources whose bytes were not supplied).
    pub fn verify_with_report(
        &self,
        bytes: &[u8],
    ) -> Result<(Verified<Credential>, CredentialReport), Error> {
        self.verify_with_report_in(bytes, &StatusScope::new())
    }

    /// [`CredentialVerifier::verify_with_report`] within `scope` (see
    /// [`CredentialVerifier::verify_in`]).
    pub fn verify_with_report_in(
        &self,
        bytes: &[u8],
        scope: &StatusScope,
    ) -> Result<(Verified<Credential>, CredentialReport), Error> {
        let parsed = self.verifier.parse(bytes)?;
        data_model(parsed.value())?;
        let mut report = None;
        let verified = self.verifier.verify_parsed_as_with(parsed, |c, cx| {
            report = Some(self.checks(c, cx, scope)?);
            Ok(())
        })?;
        Ok((verified, report.unwrap_or_default()))
    }

    /// What [`CredentialVerifier::verify_with_report`] reports, for a credential verified
    /// otherwise (one of a presentation): which schemas and related resources this verifier
    /// checks and which it does not. Fails as verification would.
    pub fn report(&self, credential: &Credential) -> Result<CredentialReport, Error> {
        Ok(CredentialReport {
            schemas: self.check_credential_schemas(credential)?,
            related_resources: check_related(credential, &self.related)?,
        })
    }

    /// Verifies a credential already parsed (strictly), such as one embedded in a presentation.
    pub fn verify_value(&self, value: Value) -> Result<Verified<Credential>, Error> {
        data_model(&value)?;
        let scope = StatusScope::new();
        self.verifier
            .verify_value_as_with(value, |c, cx| self.verifier_checks(c, cx, &scope))
    }

    /// Verifies many credentials already parsed (those embedded in a presentation), with one
    /// batch signature verification for all their proofs, and each status list decoded once
    /// for all of them. One result per credential, in order.
    pub fn verify_values(&self, values: Vec<Value>) -> Vec<Result<Verified<Credential>, Error>> {
        let scope = StatusScope::new();
        // A credential that breaks the data model's rules holds its place as its error.
        let mut early: Vec<Option<Error>> = Vec::with_capacity(values.len());
        let mut valid = Vec::with_capacity(values.len());
        for value in values {
            match data_model(&value) {
                Ok(()) => {
                    early.push(None);
                    valid.push(Ok(value));
                }
                Err(e) => early.push(Some(e)),
            }
        }
        let mut verified = self
            .verifier
            .verify_batch_values_as_with(valid, |c, cx| self.verifier_checks(c, cx, &scope))
            .into_iter();
        early
            .into_iter()
            .map(|e| match e {
                Some(e) => Err(e),
                None => verified.next().unwrap_or_else(|| {
                    Err(Error::Core(govblocks_core::Error::DocumentInvalid {
                        reason: "a credential's result is missing".into(),
                    }))
                }),
            })
            .collect()
    }

    /// Every check of a credential but its signatures, which wait for a
    /// [`SignatureBatch`](govblocks_core::document::SignatureBatch) shared with other documents
    /// (a presentation's holder proof). Finish with [`CredentialVerifier::finish`].
    pub fn prepare_value(&self, value: Value) -> Result<Prepared<Credential>, Error> {
        data_model(&value)?;
        self.verifier.prepare_value_as::<Credential>(value)
    }

    /// [`CredentialVerifier::prepare_value`] on a credential embedded in a parsed document
    /// ([`Parsed::element`](govblocks_core::json::Parsed::element)): the same checks, the
    /// credential hashed from its own bytes when the document's are canonical.
    pub fn prepare_element(&self, element: Element<'_>) -> Result<Prepared<Credential>, Error> {
        data_model(element.value())?;
        self.verifier.prepare_element_as::<Credential>(element)
    }

    /// [`CredentialVerifier::prepare_element`] on a credential embedded in a canonical
    /// document read without a tree ([`Tape`](govblocks_core::json::Tape): a presentation's
    /// `verifiableCredential` element): the same checks in the same order, with the same
    /// answers and errors, the credential read from the tape and hashed from its own bytes.
    pub fn prepare_tape_value(&self, value: TapeValue<'_>) -> Result<Prepared<Credential>, Error> {
        super::rules::check_data_model_tape(value)?;
        self.verifier.prepare_tape_value_as::<Credential>(value)
    }

    /// A prepared credential, verified: its signatures in `outcome`'s batch, the credential's
    /// rules, then this verifier's checks (`credentialSchema`, subject rules, status).
    pub fn finish(
        &self,
        prepared: Prepared<Credential>,
        outcome: &BatchOutcome,
    ) -> Result<Verified<Credential>, Error> {
        self.finish_in(prepared, outcome, &StatusScope::new())
    }

    /// [`CredentialVerifier::finish`] within `scope`, shared by the credentials verified as one
    /// (a presentation's): each status list is fetched, verified and decoded once for all.
    pub fn finish_in(
        &self,
        prepared: Prepared<Credential>,
        outcome: &BatchOutcome,
        scope: &StatusScope,
    ) -> Result<Verified<Credential>, Error> {
        prepared.finish_with(outcome, |c, cx| self.verifier_checks(c, cx, scope))
    }

    /// [`CredentialVerifier::finish_in`], and which `credentialSchema` references and related
    /// resources were checked and which were not (as
    /// [`CredentialVerifier::verify_with_report`] says).
    pub fn finish_with_report_in(
        &self,
        prepared: Prepared<Credential>,
        outcome: &BatchOutcome,
        scope: &StatusScope,
    ) -> Result<(Verified<Credential>, CredentialReport), Error> {
        let mut report = None;
        let verified = prepared.finish_with(outcome, |c, cx| {
            report = Some(self.checks(c, cx, scope)?);
            Ok(())
        })?;
        Ok((verified, report.unwrap_or_default()))
    }

    /// The checks that need this verifier's own state, after the credential's rules.
    fn verifier_checks(
        &self,
        credential: &Credential,
        cx: &Context<'_>,
        scope: &StatusScope,
    ) -> Result<(), Error> {
        self.checks(credential, cx, scope).map(|_| ())
    }

    /// [`CredentialVerifier::verifier_checks`], with what they checked.
    fn checks(
        &self,
        credential: &Credential,
        _: &Context<'_>,
        scope: &StatusScope,
    ) -> Result<CredentialReport, Error> {
        let schemas = self.check_credential_schemas(credential)?;
        let related_resources = check_related(credential, &self.related)?;
        for rule in &self.subject_rules {
            rule(credential)?;
        }
        self.check_status(credential, scope)?;
        Ok(CredentialReport {
            schemas,
            related_resources,
        })
    }

    /// Each `credentialStatus` entry (Bitstring Status List v1.0 §3.2 "Validate Algorithm"):
    /// the list credential is fetched by the resolver, verified as a credential by this verifier
    /// (its own status is not followed), issued by the credential's issuer, for the entry's
    /// purpose; the index is within the list and its bits are read. A set revocation bit is
    /// `credential.revoked`, a set suspension bit `credential.suspended`. Each list is fetched,
    /// verified and decoded once per `scope` (and once per `ttl` with a cache).
    fn check_status(&self, credential: &Credential, scope: &StatusScope) -> Result<(), Error> {
        let Some(entries) = &credential.credential_status else {
            return Ok(());
        };
        for entry in entries.iter() {
            let entry = StatusEntry::from_object(entry)?;
            let list = self.status_list(&entry, credential.issuer.id(), scope)?;
            entry.check(&list)?;
        }
        Ok(())
    }

    /// The status list an entry names: from the scope, else the cache, else fetched, verified
    /// and decoded (then kept in both).
    fn status_list(
        &self,
        entry: &StatusEntry,
        issuer: &str,
        scope: &StatusScope,
    ) -> Result<Arc<StatusList>, Error> {
        let url = entry.list_url();
        if let Some((list_issuer, list)) = scope.lock().get(url) {
            StatusCounters::bump(&self.status_counters.scope_hits);
            if list_issuer != issuer {
                return Err(Error::StatusListIssuerMismatch {
                    expected: issuer.to_string(),
                    found: list_issuer.clone(),
                });
            }
            return Ok(Arc::clone(list));
        }
        if let Some(error) = scope.failure(url, issuer) {
            StatusCounters::bump(&self.status_counters.scope_hits);
            return Err(error);
        }
        let Some(resolver) = self.status.as_ref() else {
            return Err(Error::StatusUnavailable {
                list: url.to_string(),
                reason: "no status resolver was supplied to the verifier".into(),
            });
        };
        let now = self.verifier.now();
        let version = resolver.version(url);
        let cached = self
            .status_cache
            .as_ref()
            .and_then(|cache| cache.get(url, issuer, now, self.verifier.skew(), version));
        let list = match cached {
            Some(list) => {
                StatusCounters::bump(&self.status_counters.cache_hits);
                list
            }
            None => {
                StatusCounters::bump(&self.status_counters.fetched);
                let (list, valid_until) = resolver
                    .resolve(url)
                    .and_then(|bytes| self.read_list(url, issuer, &bytes))
                    .inspect_err(|e| scope.remember(url, issuer, e))?;
                if let Some(cache) = &self.status_cache {
                    cache.insert(url, issuer, Arc::clone(&list), valid_until, now, version);
                }
                list
            }
        };
        scope
            .lock()
            .insert(url.to_string(), (issuer.to_string(), Arc::clone(&list)));
        Ok(list)
    }

    /// Verifies the list credential at `url` (its bytes) as issued by `issuer`, then decodes
    /// its list. Every failure is the list's, with the list's URL: `status_list.expired`,
    /// `status_list.not_yet_valid`, `status_list.proof_invalid`, `status_list.invalid`,
    /// `status_list.issuer_mismatch`, and the decoder's `status_list.encoding_invalid` and
    /// `status_list.size_invalid` — never the credential's own `credential.expired` or
    /// `proof.signature_invalid`.
    fn read_list(
        &self,
        url: &str,
        issuer: &str,
        bytes: &[u8],
    ) -> Result<(Arc<StatusList>, Option<govblocks_core::clock::Timestamp>), Error> {
        let invalid = |source: Error| Error::StatusListInvalid {
            list: url.to_string(),
            source: Box::new(source),
        };
        let parsed = self.verifier.parse(bytes).map_err(|e| invalid(e.into()))?;
        // The issuer is compared before any signature is checked: a list of another issuer is
        // refused as such (and costs no verification).
        let stated_issuer = match parsed.value().get("issuer") {
            Some(Value::String(id)) => Some(id.as_str()),
            Some(Value::Object(object)) => object.get("id").and_then(Value::as_str),
            _ => None,
        };
        if let Some(found) = stated_issuer {
            if found != issuer {
                return Err(Error::StatusListIssuerMismatch {
                    expected: issuer.to_string(),
                    found: found.to_string(),
                });
            }
        }
        // The list's bits are read from the document once it verified.
        let value = parsed.value().clone();
        // The list's own status is not followed: status lists do not carry status.
        let verified = self
            .verifier
            .verify_parsed_as_with::<Credential>(parsed, |c, _| {
                self.check_credential_schemas(c).map(|_| ())
            })
            .map_err(|e| list_error(url, e))?;
        if verified.issuer.id() != issuer {
            return Err(Error::StatusListIssuerMismatch {
                expected: issuer.to_string(),
                found: verified.issuer.id().to_string(),
            });
        }
        StatusCounters::bump(&self.status_counters.decoded);
        let list = StatusList::from_credential(url, &value, &self.status_limits).map_err(|e| {
            match e {
                // The decoder's own codes are already the list's; the URL goes in the reason.
                Error::StatusListEncoding { reason } => Error::StatusListEncoding {
                    reason: format!("status list {url:?}: {reason}"),
                },
                Error::StatusListSize { .. } => e,
                other => invalid(other),
            }
        })?;
        Ok((Arc::new(list), verified.valid_until))
    }

    /// Each `credentialSchema` reference ([`super::schema_check`]), under this verifier's
    /// policy and limit.
    fn check_credential_schemas(&self, credential: &Credential) -> Result<SchemaReport, Error> {
        let mut registries = Vec::with_capacity(2);
        if let Some(own) = &self.subject_schemas {
            registries.push(own.as_ref());
        }
        registries.push(crate::schemas::registry());
        check_schemas(
            credential,
            &SchemaSources {
                registries,
                max_references: self.max_schema_references,
            },
            self.schema_policy,
        )
    }
}

/// The data model's rules on a credential's JSON before the pipeline (a value that is not an
/// object is left to the schema).
fn data_model(value: &Value) -> Result<(), Error> {
    match value {
        Value::Object(json) => check_data_model(json),
        _ => Ok(()),
    }
}

/// A list credential's verification error, as the list's own: its validity period
/// (`status_list.expired`, `status_list.not_yet_valid`), its proof
/// (`status_list.proof_invalid`), anything else (`status_list.invalid`), each with the list's
/// URL and the original error as the source.
fn list_error(url: &str, error: Error) -> Error {
    let list = url.to_string();
    match error {
        Error::Expired { valid_until } => Error::StatusListExpired { list, valid_until },
        Error::NotYetValid { valid_from } => Error::StatusListNotYetValid { list, valid_from },
        // The proof was not made with a key the issuer controls: the list's proof is no good.
        Error::IssuerMismatch { .. } => Error::StatusListProofInvalid {
            list,
            source: Box::new(error),
        },
        other => {
            let code = other.code();
            // A proof by a key the verifier does not trust for the list's issuer (who is the
            // credential's issuer, trusted for it) is the list's proof failing too.
            let proof = ["proof.", "key.", "did.", "encoding.", "trust."]
                .iter()
                .any(|prefix| code.starts_with(prefix))
                || code == "credential.untrusted_issuer";
            if proof {
                Error::StatusListProofInvalid {
                    list,
                    source: Box::new(other),
                }
            } else {
                Error::StatusListInvalid {
                    list,
                    source: Box::new(other),
                }
            }
        }
    }
}
