//! The GovStack Consent building block's shapes (the camelCase OpenAPI of its reference
//! implementation, `v2023.11.1`; the definitions are vendored under
//! `tests/vectors/govstack-consent-bb/`), so that a service built against that API reads ours.
//!
//! | ours | GovStack | how |
//! | --- | --- | --- |
//! | [`Agreement`] with n purposes | n × [`DataAgreement`] | GovStack has one purpose per agreement: `id` is `<agreement id>#<purpose id>`; `policy.url` is the privacy notice, `dataRetentionPeriodDays` the retention period in days (years 365, months 30 days), `thirdPartyDataSharing` whether the purpose has recipients; the data attributes are those of the purpose's categories (a category without attributes becomes one attribute of its name) |
//! | recipients | — | GovStack has no recipients: reading GovStack agreements back yields purposes without recipients |
//! | a record | one [`ConsentRecord`] per purpose | `optIn` is true exactly when consent is in force (given or renewed) and covers the purpose; `state` is GovStack's signature state, always `signed` (every revision is signed by the controller) |
//! | DPV states | `optIn` | requested, deferred, refused, withdrawn, revoked, expired, invalidated are all `optIn: false`: GovStack has no withdrawn (or other) state; the DPV state travels in the revision's snapshot |
//! | a revision | [`Revision`] | `serializedSnapshot` (and `objectData`) is the RFC 8785 canonical form of our signed revision; `serializedHash` its SHA-256 in hex (GovStack asks for SHA-1 of a non-canonical serialization: we follow its intent, tamper evidence, with a hash that still resists collisions); `predecessorHash` the previous revision's `serializedHash` |
//! | a proof | [`Signature`] | `payload` is the canonical proof configuration (the proof without `proofValue`), `signature` the `proofValue`, `verificationMethod` the cryptosuite `eddsa-jcs-2022`, `verificationSignedBy` the key's verification method id, `verificationPayload` the canonical revision without its proofs and `verificationPayloadHash` its SHA-256 in hex |
//!
//! **Two shapes.** The GovStack specification's own OpenAPI (`GovStackWorkingGroup/bb-consent`,
//! `api/consent-openapi.yaml`, 1.1.0-rc1) defines the same objects differently: a
//! `DataAgreement` with a required `dpia`, a `policy` with a required `id`, a `lifecycle`
//! object `{id, name}`, a `controller` object; a `Signature` with an `id`; attributes as
//! `DataAgreementAttribute`s of their own. [`spec`] writes that shape. [`export`] writes
//! either, chosen by [`Shape`]; **the default is the reference implementation's**
//! ([`Shape::ReferenceImplementation`]), because it is the API that running GovStack Consent
//! BB services speak (the candidate implementation the specification is tested against), and
//! the specification's OpenAPI is a release candidate that contradicts itself in places (see
//! [`spec`]). Both are tested against their published schemas, every exported object
//! (`tests/api/govstack.rs`, the schemas converted by `tests/govstack-schemas/convert.py`).
//!
//! Deviations from the published definitions: `Revision.yaml` requires `serizalizedSnapshot`
//! (a typo; the reference implementation writes `serializedSnapshot`, and so do we), and
//! `ConsentRecord.yaml` requires `agreementRevisionHash` while defining
//! `dataAgreementRevisionHash`: we write both, with the same value (the agreement's SHA-256 in
//! hex).

#[path = "govstack_spec.rs"]
pub mod spec;

use crate::agreement::{Agreement, Controller, DataAttribute, LawfulBasis, Purpose, Terms};
use crate::ledger::StoredEntry;
use crate::record::{ChainEntry, VerifiedRecord};
use crate::{Error, Result};
use govblocks_core::digest::ContentDigest;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// GovStack `DataAgreement`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct DataAgreement {
    pub id: String,
    pub version: String,
    pub controller_id: String,
    pub controller_url: String,
    pub controller_name: String,
    pub policy: Policy,
    pub data_attributes: Vec<DataAgreementAttribute>,
    pub purpose: String,
    pub purpose_description: String,
    pub lawful_basis: String,
    pub method_of_use: String,
    pub active: bool,
    pub forgettable: bool,
    pub lifecycle: String,
}

/// GovStack `Policy`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Policy {
    pub name: String,
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub jurisdiction: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_period_days: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage_location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub third_party_data_sharing: Option<bool>,
}

/// GovStack `DataAgreementAttribute` (`DataAttribute`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct DataAgreementAttribute {
    pub name: String,
    pub description: String,
    pub sensitivity: bool,
    pub category: String,
}

/// GovStack `ConsentRecord`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct ConsentRecord {
    pub id: String,
    pub data_agreement_id: String,
    pub agreement_revision_hash: String,
    pub data_agreement_revision_hash: String,
    pub individual_id: String,
    pub opt_in: bool,
    pub state: String,
}

/// GovStack `Revision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Revision {
    pub id: String,
    pub schema_name: String,
    pub object_id: String,
    pub object_data: String,
    pub serialized_snapshot: String,
    pub serialized_hash: String,
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_by_other_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor_hash: Option<String>,
}

/// GovStack `Signature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Signature {
    pub payload: String,
    pub signature: String,
    pub verification_method: String,
    pub verification_payload: String,
    pub verification_payload_hash: String,
    pub verification_signed_by: String,
    pub timestamp: String,
    pub object_type: String,
    pub object_reference: String,
}

/// One GovStack `DataAgreement` per purpose of `agreement`.
pub fn data_agreements(agreement: &Agreement) -> Vec<DataAgreement> {
    agreement
        .purposes
        .iter()
        .map(|purpose| {
            let data_attributes = purpose
                .data_categories
                .iter()
                .flat_map(|category| {
                    let mut of: Vec<DataAgreementAttribute> = agreement
                        .data_attributes
                        .iter()
                        .filter(|a| &a.category == category)
                        .map(|a| DataAgreementAttribute {
                            name: a.name.clone(),
                            description: a.description.clone().unwrap_or_default(),
                            sensitivity: a.sensitive,
                            category: category.clone(),
                        })
                        .collect();
                    if of.is_empty() {
                        of.push(DataAgreementAttribute {
                            name: category.clone(),
                            description: String::new(),
                            sensitivity: false,
                            category: category.clone(),
                        });
                    }
                    of
                })
                .collect();
            DataAgreement {
                id: format!("{}#{}", agreement.id, purpose.id),
                version: agreement.version.clone(),
                controller_id: agreement.controller.id.clone(),
                controller_url: agreement.controller.url.clone().unwrap_or_default(),
                controller_name: agreement.controller.name.clone(),
                policy: Policy {
                    name: format!("{} privacy notice", agreement.controller.name),
                    url: agreement.privacy_notice.clone(),
                    version: Some(agreement.version.clone()),
                    jurisdiction: Some(agreement.jurisdiction.clone()),
                    data_retention_period_days: retention_days(&agreement.retention_period),
                    storage_location: Some(agreement.storage_location.clone()),
                    third_party_data_sharing: Some(!purpose.recipients.is_empty()),
                },
                data_attributes,
                purpose: purpose.id.clone(),
                purpose_description: purpose.description.clone(),
                lawful_basis: purpose.lawful_basis.as_str().to_owned(),
                method_of_use: "data_source".to_owned(),
                active: true,
                forgettable: false,
                lifecycle: "complete".to_owned(),
            }
        })
        .collect()
}

/// An ISO 8601 duration in whole days (years 365, months 30, weeks 7), when it has no time
/// part; `None` otherwise.
fn retention_days(period: &str) -> Option<u64> {
    let mut days = 0u64;
    let mut number = 0u64;
    for c in period.strip_prefix('P')?.chars() {
        if let Some(d) = c.to_digit(10) {
            number = number.checked_mul(10)?.checked_add(u64::from(d))?;
            continue;
        }
        let unit = match c {
            'Y' => 365,
            'M' => 30,
            'W' => 7,
            'D' => 1,
            _ => return None,
        };
        days = days.checked_add(number.checked_mul(unit)?)?;
        number = 0;
    }
    Some(days)
}

/// Our agreement from the GovStack `DataAgreement`s of its purposes (all of one controller and
/// version, ids `<agreement id>#<purpose id>`). GovStack has no language, withdrawal method or
/// recipients: the language and withdrawal method are the caller's, and purposes come back
/// without recipients. `consent.govstack_invalid` for an unknown lawful basis, mixed versions
/// or controllers, or no agreement at all.
pub fn agreement_from(
    data_agreements: &[DataAgreement],
    language: &str,
    withdrawal_method: &str,
) -> Result<Agreement> {
    let invalid = |reason: String| Error::GovStackInvalid { reason };
    let first = data_agreements
        .first()
        .ok_or_else(|| invalid("no DataAgreement".into()))?;
    let base = first
        .id
        .split_once('#')
        .map_or(first.id.as_str(), |(base, _)| base);
    let mut purposes = Vec::new();
    let mut attributes: Vec<DataAttribute> = Vec::new();
    for da in data_agreements {
        if da.version != first.version || da.controller_id != first.controller_id {
            return Err(invalid(
                "DataAgreements of different versions or controllers".into(),
            ));
        }
        let lawful_basis = LawfulBasis::parse(&da.lawful_basis)
            .ok_or_else(|| invalid(format!("unknown lawful basis {:?}", da.lawful_basis)))?;
        let mut categories: Vec<String> = Vec::new();
        for a in &da.data_attributes {
            if !categories.contains(&a.category) {
                categories.push(a.category.clone());
            }
            if a.name != a.category && !attributes.iter().any(|x| x.name == a.name) {
                let mut attribute =
                    DataAttribute::new(a.name.clone(), a.category.clone()).sensitive(a.sensitivity);
                if !a.description.is_empty() {
                    attribute.description = Some(a.description.clone());
                }
                attributes.push(attribute);
            }
        }
        purposes.push(Purpose::new(
            da.purpose.clone(),
            da.purpose_description.clone(),
            lawful_basis,
            categories,
        ));
    }
    let policy = &first.policy;
    let mut controller =
        Controller::new(first.controller_id.clone(), first.controller_name.clone());
    if !first.controller_url.is_empty() {
        controller = controller.with_url(first.controller_url.clone());
    }
    let mut agreement = Agreement::new(
        base,
        first.version.clone(),
        controller,
        purposes,
        Terms::new(
            policy.storage_location.clone().unwrap_or_default(),
            format!("P{}D", policy.data_retention_period_days.unwrap_or(0)),
            policy.jurisdiction.clone().unwrap_or_default(),
            language,
            policy.url.clone(),
            withdrawal_method,
        ),
    );
    agreement.data_attributes = attributes;
    agreement.check_structure()?;
    Ok(agreement)
}

/// One GovStack `ConsentRecord` per purpose of the record's agreement.
pub fn consent_records(record: &VerifiedRecord) -> Vec<ConsentRecord> {
    let agreement = record.agreement();
    let hash = agreement.digest().to_hex();
    let in_force = record.stored_state().is_given();
    agreement
        .agreement()
        .purposes
        .iter()
        .map(|purpose| ConsentRecord {
            id: format!("{}#{}", record.id(), purpose.id),
            data_agreement_id: format!("{}#{}", agreement.agreement().id, purpose.id),
            agreement_revision_hash: hash.clone(),
            data_agreement_revision_hash: hash.clone(),
            individual_id: record.principal().to_owned(),
            opt_in: in_force && record.purposes().contains(&purpose.id),
            state: "signed".to_owned(),
        })
        .collect()
}

/// The record's revisions as GovStack `Revision`s, oldest first.
pub fn revisions(record: &VerifiedRecord) -> Vec<Revision> {
    record
        .chain()
        .iter()
        .map(|entry| {
            // Canonical JSON is UTF-8 (it passed the strict parser): nothing is lost here.
            let snapshot = String::from_utf8_lossy(entry.canonical()).into_owned();
            let revision = entry.revision();
            Revision {
                id: entry.digest().to_string(),
                schema_name: "dataAgreementRecord".to_owned(),
                object_id: revision.record.clone(),
                object_data: snapshot.clone(),
                serialized_snapshot: snapshot,
                serialized_hash: entry.digest().to_hex(),
                timestamp: revision.timestamp.to_utc().to_string(),
                authorized_by_other_id: Some(revision.controller.clone()),
                predecessor_hash: revision.previous.map(|d| d.to_hex()),
            }
        })
        .collect()
}

/// GovStack `Revision`s (oldest first) back to the stored revisions the record verifier reads.
/// Each `serializedHash` must be the SHA-256 of its `serializedSnapshot`, and each
/// `predecessorHash` the one before's (`consent.govstack_invalid`); everything else is the
/// verifier's to check.
pub fn stored_revisions(revisions: &[Revision]) -> Result<Vec<StoredEntry>> {
    let mut out: Vec<StoredEntry> = Vec::with_capacity(revisions.len());
    for (position, revision) in revisions.iter().enumerate() {
        let document = revision.serialized_snapshot.as_bytes().to_vec();
        let digest = ContentDigest::of_bytes(&document);
        if digest.to_hex() != revision.serialized_hash {
            return Err(Error::GovStackInvalid {
                reason: format!(
                    "revision {position}: serializedHash is not the SHA-256 of serializedSnapshot"
                ),
            });
        }
        let predecessor = out.last().map(|s| s.digest);
        if predecessor.map(|d| d.to_hex()) != revision.predecessor_hash {
            return Err(Error::GovStackInvalid {
                reason: format!(
                    "revision {position}: predecessorHash is not the previous serializedHash"
                ),
            });
        }
        out.push(StoredEntry {
            stream: revision.object_id.clone(),
            sequence: u64::try_from(position).unwrap_or(u64::MAX),
            digest,
            predecessor,
            document: Some(document),
        });
    }
    Ok(out)
}

/// The proofs of one revision as GovStack `Signature`s.
pub fn signatures(entry: &ChainEntry) -> Vec<Signature> {
    let mut unsecured = entry.document();
    let proofs = match unsecured.as_object_mut().and_then(|o| o.remove("proof")) {
        Some(Value::Array(list)) => list,
        Some(one) => vec![one],
        None => Vec::new(),
    };
    let payload = govblocks_core::jcs::canonicalize_to_string(&unsecured);
    let payload_hash = ContentDigest::of_bytes(payload.as_bytes()).to_hex();
    proofs
        .into_iter()
        .map(|mut proof| {
            let value = proof
                .as_object_mut()
                .and_then(|o| o.remove("proofValue"))
                .and_then(|v| v.as_str().map(str::to_owned))
                .unwrap_or_default();
            let field = |name: &str| {
                proof
                    .get(name)
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned()
            };
            Signature {
                verification_method: field("cryptosuite"),
                verification_signed_by: field("verificationMethod"),
                timestamp: field("created"),
                payload: govblocks_core::jcs::canonicalize_to_string(&proof),
                signature: value,
                verification_payload: payload.clone(),
                verification_payload_hash: payload_hash.clone(),
                object_type: "revision".to_owned(),
                object_reference: entry.digest().to_string(),
            }
        })
        .collect()
}

/// A GovStack `Signature` made by [`signatures`] back to its Data Integrity proof.
pub fn proof_from_signature(signature: &Signature) -> Result<Value> {
    let mut proof = govblocks_core::json::parse(signature.payload.as_bytes())?;
    let object = proof
        .as_object_mut()
        .ok_or_else(|| Error::GovStackInvalid {
            reason: "the signature payload is not a proof configuration".into(),
        })?;
    object.insert(
        "proofValue".into(),
        Value::from(signature.signature.clone()),
    );
    Ok(proof)
}

/// Which of the GovStack Consent BB's published shapes to write (see the
/// [module documentation](self)).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Shape {
    /// The reference implementation's OpenAPI (v2023.11.1): what running services speak. The
    /// default.
    #[default]
    ReferenceImplementation,
    /// The GovStack specification's own OpenAPI (`api/consent-openapi.yaml`, 1.1.0-rc1).
    Specification,
}

/// A verified record in the GovStack shapes, as one JSON object: `dataAgreements` (one per
/// purpose of the record's agreement version), `consentRecords` (one per purpose),
/// `revisions` (every revision, oldest first) and `signatures` (every proof of every revision);
/// in [`Shape::Specification`] also `dataAgreementAttributes` (the specification keeps
/// attributes apart from their agreement). What `govblocks consent export` prints.
pub fn export(record: &VerifiedRecord, shape: Shape) -> Value {
    let agreement = record.agreement().agreement();
    let to_value = |v: &dyn erased::ToValue| v.to_value();
    match shape {
        Shape::ReferenceImplementation => {
            let signatures: Vec<Signature> = record.chain().iter().flat_map(signatures).collect();
            serde_json::json!({
                "dataAgreements": to_value(&data_agreements(agreement)),
                "consentRecords": to_value(&consent_records(record)),
                "revisions": to_value(&revisions(record)),
                "signatures": to_value(&signatures),
            })
        }
        Shape::Specification => {
            let signatures: Vec<spec::Signature> =
                record.chain().iter().flat_map(spec::signatures).collect();
            serde_json::json!({
                "dataAgreements": to_value(&spec::data_agreements(agreement)),
                "dataAgreementAttributes": to_value(&spec::data_agreement_attributes(agreement)),
                "consentRecords": to_value(&spec::consent_records(record)),
                "revisions": to_value(&spec::revisions(record)),
                "signatures": to_value(&signatures),
            })
        }
    }
}

/// Serializing the shapes: plain structs of strings, booleans and numbers, which serialize
/// without fail (a failure would be `null`, never a panic).
mod erased {
    use serde::Serialize;
    use serde_json::Value;

    pub(super) trait ToValue {
        fn to_value(&self) -> Value;
    }

    impl<T: Serialize> ToValue for T {
        fn to_value(&self) -> Value {
            serde_json::to_value(self).unwrap_or(Value::Null)
        }
    }
}
