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
use govblocks_core::proof::Verifier;
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::verified::Verified;
use serde_json::Value;
use std::sync::Arc;

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
    /// (`credential.status_unavailable`): its status cannot be known.
    pub fn with_status_resolver(mut self, resolver: impl StatusResolver + 'static) -> Self {
        self.status = Some(Arc::new(resolver));
        self
    }

    /// Reuses each status list that verified for at most `max_age` (less if the list states a
    /// shorter `ttl`, or its `validUntil` comes first) instead of fetching, verifying and
    /// decoding it for every credential: a revocation is then seen at most `max_age` late. See
    /// [`StatusListCache`].
    pub fn with_status_cache(mut self, max_age: time::Duration) -> Self {
        self.status_cache = Some(StatusListCache::new(max_age));
        self
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
        self.verify_with_report(bytes).map(|(verified, _)| verified)
    }

    /// [`CredentialVerifier::verify`], and which `credentialSchema` references and related
    /// resources were checked and which were not (under [`SchemaPolicy::Report`], or with
    /// related resources whose bytes were not supplied).
    pub fn verify_with_report(
        &self,
        bytes: &[u8],
    ) -> Result<(Verified<Credential>, CredentialReport), Error> {
        let parsed = self.verifier.parse(bytes)?;
        data_model(parsed.value())?;
        let mut report = None;
        let verified = self.verifier.verify_parsed_as_with(parsed, |c, cx| {
            report = Some(self.checks(c, cx)?);
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
        self.verifier
            .verify_value_as_with(value, |c, cx| self.verifier_checks(c, cx))
    }

    /// Verifies many credentials already parsed (those embedded in a presentation), with one
    /// batch signature verification for all their proofs. One result per credential, in order.
    pub fn verify_values(&self, values: Vec<Value>) -> Vec<Result<Verified<Credential>, Error>> {
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
            .verify_batch_values_as_with(valid, |c, cx| self.verifier_checks(c, cx))
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

    /// A prepared credential, verified: its signatures in `outcome`'s batch, the credential's
    /// rules, then this verifier's checks (`credentialSchema`, subject rules, status).
    pub fn finish(
        &self,
        prepared: Prepared<Credential>,
        outcome: &BatchOutcome,
    ) -> Result<Verified<Credential>, Error> {
        prepared.finish_with(outcome, |c, cx| self.verifier_checks(c, cx))
    }

    /// The checks that need this verifier's own state, after the credential's rules.
    fn verifier_checks(&self, credential: &Credential, cx: &Context<'_>) -> Result<(), Error> {
        self.checks(credential, cx).map(|_| ())
    }

    /// [`CredentialVerifier::verifier_checks`], with what they checked.
    fn checks(&self, credential: &Credential, _: &Context<'_>) -> Result<CredentialReport, Error> {
        let schemas = self.check_credential_schemas(credential)?;
        let related_resources = check_related(credential, &self.related)?;
        for rule in &self.subject_rules {
            rule(credential)?;
        }
        self.check_status(credential)?;
        Ok(CredentialReport {
            schemas,
            related_resources,
        })
    }

    /// Each `credentialStatus` entry (Bitstring Status List v1.0 §3.2 "Validate Algorithm"):
    /// the list credential is fetched by the resolver, verified as a credential by this verifier
    /// (its own status is not followed), issued by the credential's issuer, for the entry's
    /// purpose; the index is within the list and its bits are read. A set revocation bit is
    /// `credential.revoked`, a set suspension bit `credential.suspended`.
    fn check_status(&self, credential: &Credential) -> Result<(), Error> {
        let Some(entries) = &credential.credential_status else {
            return Ok(());
        };
        for entry in entries.iter() {
            let entry = StatusEntry::from_value(&Value::Object(entry.clone()))?;
            let resolver = self
                .status
                .as_ref()
                .ok_or_else(|| Error::StatusUnavailable {
                    list: entry.list_url().to_string(),
                })?;
            let list = self.status_list(resolver.as_ref(), &entry, credential.issuer.id())?;
            entry.check(&list)?;
        }
        Ok(())
    }

    /// The status list an entry names, fetched and verified.
    fn status_list(
        &self,
        resolver: &dyn StatusResolver,
        entry: &StatusEntry,
        issuer: &str,
    ) -> Result<Arc<StatusList>, Error> {
        let now = self.verifier.now();
        if let Some(cache) = &self.status_cache {
            if let Some(list) = cache.get(entry.list_url(), issuer, now, self.verifier.skew()) {
                return Ok(list);
            }
        }
        let bytes = resolver.resolve(entry.list_url())?;
        let parsed = self.verifier.parse(&bytes)?;
        // The list's bits are read from the document once it verified.
        let value = parsed.value().clone();
        // The list's own status is not followed: status lists do not carry status.
        let verified = self
            .verifier
            .verify_parsed_as_with::<Credential>(parsed, |c, _| {
                self.check_credential_schemas(c).map(|_| ())
            })?;
        if verified.issuer.id() != issuer {
            return Err(Error::StatusListIssuerMismatch {
                expected: issuer.to_string(),
                found: verified.issuer.id().to_string(),
            });
        }
        let list = Arc::new(StatusList::from_credential(
            entry.list_url(),
            &value,
            &self.status_limits,
        )?);
        if let Some(cache) = &self.status_cache {
            let valid_until = verified.valid_until;
            cache.insert(
                entry.list_url(),
                issuer,
                Arc::clone(&list),
                valid_until,
                now,
            );
        }
        Ok(list)
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
