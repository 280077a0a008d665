//! Consent agreements: what a controller asks a person to agree to, signed by the controller.
//!
//! The wire shape follows the header, processing and parties of ISO/IEC TS 27560:2023 as the
//! W3C DPV consent guide describes them, with the GovStack Consent building block's concepts:
//! purposes each with a lawful basis, the personal-data categories each purpose uses, the
//! recipients (third parties) each purpose shares with, storage location, retention period,
//! jurisdiction, language, privacy notice and how to withdraw. Schema:
//! `https://schemas.govblocks.org/consent/v1/agreement.json`.
//!
//! ```json
//! {
//!   "id": "urn:agreement:benefits-eligibility",
//!   "version": "2",
//!   "controller": {"id": "did:key:z6Mk…", "name": "Ministry of Social Protection", "url": "https://msp.example.gov"},
//!   "purposes": [{
//!     "id": "eligibility", "description": "Check eligibility for the child benefit",
//!     "lawfulBasis": "consent", "dataCategories": ["income", "household"],
//!     "recipients": ["did:web:tax.example.gov"]
//!   }],
//!   "dataAttributes": [{"name": "monthlyIncome", "category": "income", "sensitive": true}],
//!   "storageLocation": "KE", "retentionPeriod": "P2Y", "jurisdiction": "KE", "language": "en",
//!   "privacyNotice": "https://msp.example.gov/privacy/v2", "withdrawalMethod": "https://msp.example.gov/consent",
//!   "proof": {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", …}
//! }
//! ```
//!
//! Records name an agreement by id, version and [`ContentDigest`] (of the signed agreement,
//! proof included), so the text a person agreed to cannot be swapped afterwards. Verifiers hold
//! the versions they know in [`Agreements`], which also says whether a later version *widens*
//! an earlier one ([`Agreement::widens`]): more purposes, data categories or recipients. A
//! record given under a widened version no longer permits anything until the person consents
//! again; a narrowing changes nothing for it.
//!
//! Two rules every front end (the CLI, an HTTP service) applies before a give:
//! [`Agreement::purposes_to_give`] (a purpose given must be one of the agreement's,
//! `consent.purpose_unknown`) and [`store_agreement`] (a version stored in a ledger never
//! changes, `consent.agreement_digest_mismatch`).

use crate::schemas::{ids, registry};
use crate::{Error, Result};
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document};
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::schema::SchemaRegistry;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A consent agreement (see the [module documentation](self)).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Agreement {
    /// The agreement's id (a URI), the same for all its versions.
    pub id: String,
    /// This version's name (any string; versions are ordered by when a verifier learns them).
    pub version: String,
    /// Who decides on the processing, and signs.
    pub controller: Controller,
    /// The purposes, each with its lawful basis, data categories and recipients.
    pub purposes: Vec<Purpose>,
    /// The personal-data attributes collected, each in a category, with its sensitivity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub data_attributes: Vec<DataAttribute>,
    /// Where the data is stored (a country code or a description).
    pub storage_location: String,
    /// How long the data is kept, as an ISO 8601 duration (`P2Y`, `P90D`).
    pub retention_period: String,
    /// The jurisdiction whose law applies.
    pub jurisdiction: String,
    /// The language of the agreement's texts (BCP 47).
    pub language: String,
    /// The URL of the privacy notice of this version.
    pub privacy_notice: String,
    /// How the person withdraws consent (a URL or a description).
    pub withdrawal_method: String,
    /// The controller's proof, once signed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub proof: Option<Value>,
}

/// The data controller.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Controller {
    /// The controller's DID: agreements, revisions and consent proofs must be signed by a key
    /// it controls.
    pub id: String,
    /// Its name.
    pub name: String,
    /// Its website.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// One purpose of processing.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Purpose {
    /// Unique within the agreement.
    pub id: String,
    /// What the data is used for, in the agreement's language.
    pub description: String,
    /// The legal ground of the processing.
    pub lawful_basis: LawfulBasis,
    /// The personal-data categories this purpose uses.
    pub data_categories: Vec<String>,
    /// Who else receives the data for this purpose (URIs, typically DIDs); empty when nobody.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recipients: Vec<String>,
}

/// A lawful basis, as the GovStack Consent building block lists them (GDPR art. 6(1)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LawfulBasis {
    /// Art. 6(1)(a).
    Consent,
    /// Art. 6(1)(c).
    LegalObligation,
    /// Art. 6(1)(b).
    Contract,
    /// Art. 6(1)(d).
    VitalInterest,
    /// Art. 6(1)(e).
    PublicTask,
    /// Art. 6(1)(f).
    LegitimateInterest,
}

impl LawfulBasis {
    /// The wire name (`consent`, `legal_obligation`, …), the same as GovStack's.
    pub fn as_str(self) -> &'static str {
        match self {
            LawfulBasis::Consent => "consent",
            LawfulBasis::LegalObligation => "legal_obligation",
            LawfulBasis::Contract => "contract",
            LawfulBasis::VitalInterest => "vital_interest",
            LawfulBasis::PublicTask => "public_task",
            LawfulBasis::LegitimateInterest => "legitimate_interest",
        }
    }

    /// Reads a wire name.
    pub fn parse(name: &str) -> Option<Self> {
        [
            LawfulBasis::Consent,
            LawfulBasis::LegalObligation,
            LawfulBasis::Contract,
            LawfulBasis::VitalInterest,
            LawfulBasis::PublicTask,
            LawfulBasis::LegitimateInterest,
        ]
        .into_iter()
        .find(|b| b.as_str() == name)
    }
}

/// One personal-data attribute (GovStack's `DataAgreementAttribute`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DataAttribute {
    /// Its name (`monthlyIncome`).
    pub name: String,
    /// The data category it belongs to (as named in purposes' `dataCategories`).
    pub category: String,
    /// What it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Whether it is sensitive (special-category) data.
    #[serde(default)]
    pub sensitive: bool,
}

impl DataAttribute {
    /// An attribute of `category`, not sensitive.
    pub fn new(name: impl Into<String>, category: impl Into<String>) -> Self {
        DataAttribute {
            name: name.into(),
            category: category.into(),
            description: None,
            sensitive: false,
        }
    }

    /// Marks it sensitive (or not).
    pub fn sensitive(mut self, sensitive: bool) -> Self {
        self.sensitive = sensitive;
        self
    }
}

impl Purpose {
    /// A purpose without recipients.
    pub fn new(
        id: impl Into<String>,
        description: impl Into<String>,
        lawful_basis: LawfulBasis,
        data_categories: impl IntoIterator<Item = impl Into<String>>,
    ) -> Self {
        Purpose {
            id: id.into(),
            description: description.into(),
            lawful_basis,
            data_categories: data_categories.into_iter().map(Into::into).collect(),
            recipients: Vec::new(),
        }
    }

    /// Adds a recipient.
    pub fn with_recipient(mut self, recipient: impl Into<String>) -> Self {
        self.recipients.push(recipient.into());
        self
    }
}

impl Controller {
    /// A controller with a DID and a name.
    pub fn new(id: impl Into<String>, name: impl Into<String>) -> Self {
        Controller {
            id: id.into(),
            name: name.into(),
            url: None,
        }
    }

    /// Sets the website.
    pub fn with_url(mut self, url: impl Into<String>) -> Self {
        self.url = Some(url.into());
        self
    }
}

/// The members of an agreement that describe its place and terms, for [`Agreement::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Terms {
    /// `storageLocation`.
    pub storage_location: String,
    /// `retentionPeriod` (ISO 8601 duration).
    pub retention_period: String,
    /// `jurisdiction`.
    pub jurisdiction: String,
    /// `language` (BCP 47).
    pub language: String,
    /// `privacyNotice` (URL).
    pub privacy_notice: String,
    /// `withdrawalMethod`.
    pub withdrawal_method: String,
}

impl Terms {
    /// The terms, in the order of the wire shape.
    pub fn new(
        storage_location: impl Into<String>,
        retention_period: impl Into<String>,
        jurisdiction: impl Into<String>,
        language: impl Into<String>,
        privacy_notice: impl Into<String>,
        withdrawal_method: impl Into<String>,
    ) -> Self {
        Terms {
            storage_location: storage_location.into(),
            retention_period: retention_period.into(),
            jurisdiction: jurisdiction.into(),
            language: language.into(),
            privacy_notice: privacy_notice.into(),
            withdrawal_method: withdrawal_method.into(),
        }
    }
}

impl Agreement {
    /// An unsigned agreement.
    pub fn new(
        id: impl Into<String>,
        version: impl Into<String>,
        controller: Controller,
        purposes: Vec<Purpose>,
        terms: Terms,
    ) -> Self {
        Agreement {
            id: id.into(),
            version: version.into(),
            controller,
            purposes,
            data_attributes: Vec::new(),
            storage_location: terms.storage_location,
            retention_period: terms.retention_period,
            jurisdiction: terms.jurisdiction,
            language: terms.language,
            privacy_notice: terms.privacy_notice,
            withdrawal_method: terms.withdrawal_method,
            proof: None,
        }
    }

    /// The purpose with this id.
    pub fn purpose(&self, id: &str) -> Option<&Purpose> {
        self.purposes.iter().find(|p| p.id == id)
    }

    /// The purposes a consent given under this agreement covers: each of `requested`, which
    /// must all be purposes of this agreement (`consent.purpose_unknown`, naming the first
    /// that is not), or every purpose of the agreement when none is requested. Check this
    /// before storing or signing anything, so that a mistyped purpose leaves no trace.
    pub fn purposes_to_give<'a>(&'a self, requested: &'a [String]) -> Result<Vec<&'a str>> {
        if requested.is_empty() {
            return Ok(self.purposes.iter().map(|p| p.id.as_str()).collect());
        }
        for purpose in requested {
            if self.purpose(purpose).is_none() {
                return Err(Error::PurposeUnknown {
                    purpose: purpose.clone(),
                    agreement: format!("{} version {}", self.id, self.version),
                });
            }
        }
        Ok(requested.iter().map(String::as_str).collect())
    }

    /// Whether a data category holds sensitive attributes.
    pub fn is_sensitive(&self, category: &str) -> bool {
        self.data_attributes
            .iter()
            .any(|a| a.sensitive && a.category == category)
    }

    /// Whether this version asks for more than `earlier`: a purpose `earlier` does not have, or,
    /// for a purpose both have, a data category or a recipient `earlier` does not name. Then
    /// consent given under `earlier` does not cover this version.
    pub fn widens(&self, earlier: &Agreement) -> bool {
        self.purposes.iter().any(|purpose| {
            let Some(before) = earlier.purpose(&purpose.id) else {
                return true;
            };
            let wider = |now: &[String], then: &[String]| now.iter().any(|x| !then.contains(x));
            wider(&purpose.data_categories, &before.data_categories)
                || wider(&purpose.recipients, &before.recipients)
        })
    }

    /// The rules the schema cannot state (`consent.agreement_invalid`): purpose ids unique,
    /// `retentionPeriod` a non-empty ISO 8601 duration (`P` alone, or ending in `T`, is not).
    pub fn check_structure(&self) -> Result<()> {
        let mut seen = HashSet::new();
        for purpose in &self.purposes {
            if !seen.insert(purpose.id.as_str()) {
                return Err(Error::AgreementInvalid {
                    reason: format!("two purposes with the id {:?}", purpose.id),
                });
            }
        }
        let period = self.retention_period.as_str();
        if period == "P" || period.ends_with('T') {
            return Err(Error::AgreementInvalid {
                reason: "retentionPeriod names no duration".into(),
            });
        }
        Ok(())
    }

    /// Signs this agreement with the controller's key: schema before and after, structure
    /// rules first.
    pub fn sign(
        &self,
        signer: &dyn govblocks_core::signer::Signer,
        options: &govblocks_core::proof::ProofOptions,
    ) -> Result<Value> {
        self.check_structure()?;
        Document::sign(self, signer, options)
    }
}

impl Document for Agreement {
    const SCHEMA: &'static str = ids::AGREEMENT;
    type Error = Error;

    /// [`Agreement::check_structure`], and every proof an `assertionMethod` proof by the
    /// controller (`consent.agreement_signature_missing`).
    fn check(&self, context: &Context<'_>) -> Result<()> {
        self.check_structure()?;
        context
            .require_all_by(&self.controller.id, &ProofPurpose::AssertionMethod)
            .map_err(|_| Error::AgreementNotSignedByController {
                controller: self.controller.id.clone(),
            })
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}

/// How a record names an agreement: id, version and digest of the signed agreement.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AgreementRef {
    /// The agreement's id.
    pub id: String,
    /// Its version.
    pub version: String,
    /// [`ContentDigest`] of the signed agreement (proof included).
    pub digest: ContentDigest,
}

/// A verified agreement version and its digest.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownAgreement {
    agreement: Agreement,
    digest: ContentDigest,
    canonical: Box<[u8]>,
}

impl KnownAgreement {
    /// The agreement.
    pub fn agreement(&self) -> &Agreement {
        &self.agreement
    }

    /// The digest of the signed agreement.
    pub fn digest(&self) -> ContentDigest {
        self.digest
    }

    /// The signed agreement in its RFC 8785 canonical form, whose SHA-256 is
    /// [`KnownAgreement::digest`]: what a ledger stores ([`store_known`]).
    pub fn canonical(&self) -> &[u8] {
        &self.canonical
    }

    /// How a record names it.
    pub fn reference(&self) -> AgreementRef {
        AgreementRef {
            id: self.agreement.id.clone(),
            version: self.agreement.version.clone(),
            digest: self.digest,
        }
    }
}

/// The agreement versions a verifier or a service knows, each verified when added. Versions
/// of one agreement are ordered by when they were added: add them in the order they were
/// issued; the last one added is the *current* version.
///
/// **An agreement id belongs to one controller**: the controller of the first version added.
/// A version of the same id by another controller is refused (`consent.agreement_id_taken`),
/// so that nobody but the controller can supersede (or invalidate) the records given under
/// its agreement.
#[derive(Debug, Clone, Default)]
pub struct Agreements {
    versions: HashMap<(String, String), Arc<KnownAgreement>>,
    current: HashMap<String, Arc<KnownAgreement>>,
}

impl Agreements {
    /// None known.
    pub fn new() -> Self {
        Self::default()
    }

    /// Verifies a signed agreement (strict parse, schema, the controller's proof through
    /// `verifier`, whose trust list must trust the controller) and adds it as the current
    /// version of its id. Returns what records must name it by.
    ///
    /// Errors: those of the verification; `consent.agreement_id_taken` when a version of the
    /// same id by another controller was added first.
    pub fn add(&mut self, verifier: &Verifier, bytes: &[u8]) -> Result<AgreementRef> {
        let parsed = verifier.parse(bytes)?;
        // Canonical bytes are their own JCS form: their digest needs no second serialization.
        let digest = if parsed.is_canonical() {
            ContentDigest::of_bytes(bytes)
        } else {
            ContentDigest::of_json(parsed.value())
        };
        let canonical: Box<[u8]> = if parsed.is_canonical() {
            bytes.into()
        } else {
            govblocks_core::jcs::canonicalize(parsed.value()).into()
        };
        let agreement = verifier.verify_parsed_as::<Agreement>(parsed)?.into_value();
        self.insert(agreement, digest, canonical)
    }

    /// [`Agreements::add`] for a value already parsed.
    pub fn add_value(&mut self, verifier: &Verifier, value: Value) -> Result<AgreementRef> {
        let canonical: Box<[u8]> = govblocks_core::jcs::canonicalize(&value).into();
        let digest = ContentDigest::of_bytes(&canonical);
        let agreement = verifier.verify_value_as::<Agreement>(value)?.into_value();
        self.insert(agreement, digest, canonical)
    }

    /// The controller who owns agreement `id` here (the controller of its first version
    /// added), if any version of it is known.
    pub fn owner(&self, id: &str) -> Option<&str> {
        self.current
            .get(id)
            .map(|known| known.agreement.controller.id.as_str())
    }

    /// Adds a verified agreement as the current version of its id, unless the id belongs to
    /// another controller (`consent.agreement_id_taken`).
    fn insert(
        &mut self,
        agreement: Agreement,
        digest: ContentDigest,
        canonical: Box<[u8]>,
    ) -> Result<AgreementRef> {
        if let Some(owner) = self.owner(&agreement.id) {
            if owner != agreement.controller.id {
                return Err(Error::AgreementIdTaken {
                    id: agreement.id.clone(),
                    owner: owner.to_owned(),
                    controller: agreement.controller.id.clone(),
                });
            }
        }
        let known = Arc::new(KnownAgreement {
            agreement,
            digest,
            canonical,
        });
        let reference = known.reference();
        self.versions.insert(
            (reference.id.clone(), reference.version.clone()),
            Arc::clone(&known),
        );
        self.current.insert(reference.id.clone(), known);
        Ok(reference)
    }

    /// The version `version` of agreement `id`, or `consent.agreement_unknown`.
    pub fn get(&self, id: &str, version: &str) -> Result<&Arc<KnownAgreement>> {
        self.versions
            .get(&(id.to_owned(), version.to_owned()))
            .ok_or_else(|| Error::AgreementUnknown {
                id: id.to_owned(),
                version: version.to_owned(),
            })
    }

    /// The version a record names, checked against its digest
    /// (`consent.agreement_unknown`, `consent.agreement_digest_mismatch`).
    pub fn resolve(&self, reference: &AgreementRef) -> Result<&Arc<KnownAgreement>> {
        let known = self.get(&reference.id, &reference.version)?;
        if known.digest != reference.digest {
            return Err(Error::AgreementDigestMismatch {
                id: reference.id.clone(),
                version: reference.version.clone(),
                known: known.digest.to_string(),
                named: reference.digest.to_string(),
            });
        }
        Ok(known)
    }

    /// The current (last added) version of agreement `id`.
    pub fn current(&self, id: &str) -> Option<&Arc<KnownAgreement>> {
        self.current.get(id)
    }

    /// Whether consent given under `reference` no longer covers the current version of its
    /// agreement (a later version widens it).
    pub fn superseded(&self, reference: &AgreementRef) -> bool {
        match (
            self.current(&reference.id),
            self.get(&reference.id, &reference.version),
        ) {
            (Some(current), Ok(given)) => {
                current.agreement.version != given.agreement.version
                    && current.agreement.widens(&given.agreement)
            }
            _ => false,
        }
    }
}

/// Stores a verified agreement version in `ledger` (its RFC 8785 canonical bytes, under their
/// digest), refusing to change a version the ledger already holds: records name a version by
/// its digest, so a re-signed or changed text under the same id and version would make every
/// record given under the stored one fail. Another stored agreement with `known`'s id and
/// version (of any controller) is `consent.agreement_digest_mismatch`; a changed agreement
/// needs a new version. An agreement id belongs to the controller whose agreement of that id
/// was stored first: another controller's is `consent.agreement_id_taken` (else it could
/// supersede, and so invalidate, the owner's records). Storing the same agreement again changes
/// nothing (idempotent).
///
/// `known` is what [`Agreements::add_value`] returned for `signed` (verified: schema, rules,
/// its controller's signature); a `signed` whose digest is not `known`'s is
/// `consent.agreement_invalid`. Returns the digest. Every front end that stores agreements
/// (the CLI's `consent give`, an HTTP service) goes through this.
pub fn store_agreement(
    ledger: &(impl crate::ledger::Log + ?Sized),
    known: &KnownAgreement,
    signed: &Value,
) -> Result<ContentDigest> {
    let digest = ContentDigest::of_json(signed);
    if digest != known.digest {
        return Err(Error::AgreementInvalid {
            reason: format!(
                "the agreement to store has digest {digest}, the verified one {}",
                known.digest
            ),
        });
    }
    store_known(ledger, known)
}

/// [`store_agreement`] for a verified agreement alone: stores [`KnownAgreement::canonical`]
/// under the same rules (`consent.agreement_digest_mismatch`, `consent.agreement_id_taken`).
/// What [`ConsentService`](crate::service::ConsentService) calls before its first revision
/// under an agreement version, so that a ledger it writes holds every agreement its records
/// name. Returns the digest.
pub fn store_known(
    ledger: &(impl crate::ledger::Log + ?Sized),
    known: &KnownAgreement,
) -> Result<ContentDigest> {
    let digest = known.digest;
    let (id, version) = (&known.agreement.id, &known.agreement.version);
    let controller = &known.agreement.controller.id;
    for stored in ledger.cited()? {
        if stored.digest == digest {
            // Stored already (and checked when it was).
            return Ok(digest);
        }
        let value = govblocks_core::json::parse(&stored.document)?;
        let field = |name: &str| value.get(name).and_then(Value::as_str);
        if field("id") != Some(id.as_str()) {
            continue;
        }
        match controller_of(&value) {
            Some(owner) if owner != controller => {
                return Err(Error::AgreementIdTaken {
                    id: id.clone(),
                    owner: owner.to_owned(),
                    controller: controller.clone(),
                })
            }
            _ => {}
        }
        if field("version") == Some(version.as_str()) {
            return Err(Error::AgreementDigestMismatch {
                id: id.clone(),
                version: version.clone(),
                known: stored.digest.to_string(),
                named: digest.to_string(),
            });
        }
    }
    Ok(ledger.put_cited(known.canonical.to_vec())?)
}

/// The `controller.id` of a parsed agreement document, if it has one (before verification:
/// to choose whom to trust, never to act on).
fn controller_of(agreement: &Value) -> Option<&str> {
    agreement
        .get("controller")
        .and_then(|c| c.get("id"))
        .and_then(Value::as_str)
}

/// The controllers of the agreements stored in `ledger`, each once, in the order first seen
/// (read, not verified: whom a front end trusts by default for a ledger that is the operator's
/// own; [`load_stored`] still verifies each agreement against its controller's key).
///
/// Errors: storage errors; `json.*` for a stored document that is not strict JSON.
pub fn stored_controllers(ledger: &(impl crate::ledger::Log + ?Sized)) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for stored in ledger.cited()? {
        let value = govblocks_core::json::parse(&stored.document)?;
        if let Some(id) = controller_of(&value) {
            if !out.iter().any(|c| c == id) {
                out.push(id.to_owned());
            }
        }
    }
    Ok(out)
}

/// The agreements stored in `ledger` ([`store_agreement`]) whose controller is one of
/// `trusted`, each verified again from its stored bytes through `verifier` (strict parse,
/// schema, the controller's signature, trust: `verifier` must trust `trusted` for
/// `assertionMethod`), added in the order they were stored, so that the last stored version of
/// an id is its current one. A stored agreement of a controller not in `trusted` is left out
/// (records under it fail anyway: their revisions are signed by an untrusted key), and so is
/// one whose id belongs to another controller (whose agreement of that id was stored first,
/// trusted or not): only the owner's versions of an id count (see [`store_agreement`]), and
/// records under another controller's then fail with `consent.agreement_unknown`.
///
/// Errors: those of [`Agreements::add`] for a stored agreement of a trusted controller that
/// does not verify; `consent.agreement_invalid` for one not stored in RFC 8785 canonical form
/// (its digest would not be the one records name); storage errors.
pub fn load_stored(
    ledger: &(impl crate::ledger::Log + ?Sized),
    verifier: &Verifier,
    trusted: &[String],
) -> Result<Agreements> {
    let mut agreements = Agreements::new();
    // The owner of each id: the controller of its first stored agreement.
    let mut owners: HashMap<String, String> = HashMap::new();
    for stored in ledger.cited()? {
        let parsed = verifier.parse(&stored.document)?;
        let id = parsed.value().get("id").and_then(Value::as_str);
        let controller = controller_of(parsed.value());
        if let (Some(id), Some(controller)) = (id, controller) {
            let owner = owners
                .entry(id.to_owned())
                .or_insert_with(|| controller.to_owned());
            if owner != controller {
                continue;
            }
        }
        if !controller.is_some_and(|c| trusted.iter().any(|t| t == c)) {
            continue;
        }
        if !parsed.is_canonical() {
            return Err(Error::AgreementInvalid {
                reason: format!(
                    "the stored agreement {} is not in canonical form",
                    stored.digest
                ),
            });
        }
        // Canonical bytes: the stored digest (checked by the log) is the one records name.
        let agreement = verifier.verify_parsed_as::<Agreement>(parsed)?.into_value();
        agreements.insert(agreement, stored.digest, stored.document.into())?;
    }
    Ok(agreements)
}

/// Checks that `ledger` holds every agreement version the revisions `stored` of `record` name
/// (by digest): a ledger written by `consent give` or [`ConsentService`](crate::service::ConsentService)
/// stores an agreement before the first revision under it, so one missing was removed from
/// the file (`consent.ledger_tampered`, naming the record, the revision and the agreement).
/// Erased revisions (no document) name nothing. Front ends call it when a record fails to
/// verify, to report a deleted agreement row as what it is rather than as its consequence
/// (`consent.agreement_unknown`, or `trust.untrusted` when no agreement of the controller is
/// left).
///
/// Errors: `consent.ledger_tampered`; storage errors.
pub fn require_stored(
    ledger: &(impl crate::ledger::Log + ?Sized),
    record: &str,
    stored: &[crate::ledger::StoredEntry],
) -> Result<()> {
    #[derive(Deserialize)]
    struct Names {
        agreement: AgreementRef,
    }
    let held: HashSet<ContentDigest> = ledger.cited()?.into_iter().map(|c| c.digest).collect();
    for entry in stored {
        let Some(document) = entry.document.as_deref() else {
            continue;
        };
        // A revision that does not even name an agreement fails verification on its own.
        let Ok(Names { agreement }) = serde_json::from_slice::<Names>(document) else {
            continue;
        };
        if !held.contains(&agreement.digest) {
            return Err(Error::LedgerTampered {
                reason: format!(
                    "record {record:?} revision {} names agreement {:?} version {:?} ({}), which \
                     the ledger does not hold: a stored agreement was removed",
                    entry.sequence, agreement.id, agreement.version, agreement.digest
                ),
            });
        }
    }
    Ok(())
}
