//! The GovStack Consent building block's shapes as its **published specification** defines
//! them (`GovStackWorkingGroup/bb-consent`, `api/consent-openapi.yaml`, version 1.1.0-rc1;
//! vendored under `tests/vectors/govstack-bb-consent-spec/`), beside the reference
//! implementation's shapes of the [parent module](super). Choose between them with
//! [`Shape`](super::Shape); [`export`](super::export) writes either.
//!
//! | ours | specification | how |
//! | --- | --- | --- |
//! | [`Agreement`] with n purposes | n × [`DataAgreement`] | one purpose each: `id` is `<agreement id>#<purpose id>`, `purpose` the purpose's description (the text shown to the person), `controller` `{id, name, url}`, `policy` `{id, name, version, url, …}` with the privacy notice's URL as both `id` and `url` (it is the permanent URL of that version), `lifecycle` `{"id": "complete", "name": "Complete"}` (a signed agreement is final), `dpia` empty (see below), `dataUse` `data_source` |
//! | data attributes | [`DataAgreementAttribute`] | one per attribute of each purpose's categories (a category without attributes becomes one attribute of its name); `id` `<data agreement id>/<attribute name>`, `sensitivity` `sensitive` or `not_sensitive`, `dataAgreement` the data agreement |
//! | a record | one [`ConsentRecord`] per purpose | `dataAgreement` the data agreement, `dataAgreementRevisionHash` the agreement's SHA-256 in hex, `individual` `{id: <pseudonym>}`, `optIn` true exactly when consent is in force and covers the purpose, `state` `signed` |
//! | a revision | [`Revision`] | as the reference shape, without `objectData` (not in the specification); `authorizedByOther` the controller |
//! | a proof | [`Signature`] | as the reference shape, with `id` `<revision digest>#proof-<n>` |
//!
//! **Where the specification contradicts itself, or cannot be met, and what is written
//! instead** (also in the consent documentation):
//!
//! * *Foreign keys typed as whole objects.* `ConsentRecord.dataAgreement` and
//!   `DataAgreementAttribute.dataAgreement` are marked `x-fk-model` (a reference to another
//!   object, by key) yet typed `$ref: DataAgreement`, the whole object. An id string would
//!   break the schema, so the whole `DataAgreement` is written (its `id` is the key). Its
//!   `dataAgreementRevision` (a `Revision` of the agreement) is left out: govblocks keeps
//!   agreements as signed documents, not as revisions; `dataAgreementRevisionHash` carries the
//!   agreement's digest.
//! * *`dpia` is required* but govblocks agreements name no Data Protection Impact Assessment:
//!   it is written empty (`""`), which the schema accepts and which says "none named".
//! * *`serializedHash` is SHA-1* in the specification: SHA-256 is written (hex), as in the
//!   reference shape — tamper evidence needs a hash whose collisions cannot be made.
//! * `DataAgreement.version` is described as "the version of this specification to which a
//!   receipt conforms", a copied text: the agreement's version is written, as the member's
//!   name and `Policy.version` say.

use super::{retention_days, ConsentRecord as RefConsentRecord};
use crate::agreement::Agreement;
use crate::record::{ChainEntry, VerifiedRecord};
use serde::{Deserialize, Serialize};

/// The specification's `DataAgreement` (one purpose).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct DataAgreement {
    pub id: String,
    pub version: String,
    pub controller: Controller,
    pub policy: Policy,
    pub purpose: String,
    pub lawful_basis: String,
    pub data_use: String,
    pub dpia: String,
    pub active: bool,
    pub forgettable: bool,
    pub lifecycle: Lifecycle,
}

/// The specification's `Controller`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Controller {
    pub id: String,
    pub name: String,
    pub url: String,
}

/// The specification's `Policy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Policy {
    pub id: String,
    pub name: String,
    pub version: String,
    pub url: String,
    pub jurisdiction: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_retention_period_days: Option<u64>,
    pub storage_location: String,
}

/// The specification's `DataAgreementLifecycle`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Lifecycle {
    pub id: String,
    pub name: String,
}

/// The specification's `DataAgreementAttribute`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct DataAgreementAttribute {
    pub id: String,
    pub data_agreement: DataAgreement,
    pub name: String,
    pub sensitivity: String,
    pub category: String,
}

/// The specification's `Individual`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Individual {
    pub id: String,
}

/// The specification's `ConsentRecord`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct ConsentRecord {
    pub id: String,
    pub data_agreement: DataAgreement,
    pub data_agreement_revision_hash: String,
    pub individual: Individual,
    pub opt_in: bool,
    pub state: String,
}

/// The specification's `Revision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Revision {
    pub id: String,
    pub schema_name: String,
    pub object_id: String,
    pub serialized_snapshot: String,
    pub serialized_hash: String,
    pub timestamp: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authorized_by_other: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub predecessor_hash: Option<String>,
}

/// The specification's `Signature`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(missing_docs)]
#[non_exhaustive]
pub struct Signature {
    pub id: String,
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

/// One `DataAgreement` per purpose of `agreement`.
pub fn data_agreements(agreement: &Agreement) -> Vec<DataAgreement> {
    agreement
        .purposes
        .iter()
        .map(|purpose| DataAgreement {
            id: format!("{}#{}", agreement.id, purpose.id),
            version: agreement.version.clone(),
            controller: Controller {
                id: agreement.controller.id.clone(),
                name: agreement.controller.name.clone(),
                url: agreement.controller.url.clone().unwrap_or_default(),
            },
            policy: Policy {
                id: agreement.privacy_notice.clone(),
                name: format!("{} privacy notice", agreement.controller.name),
                version: agreement.version.clone(),
                url: agreement.privacy_notice.clone(),
                jurisdiction: agreement.jurisdiction.clone(),
                data_retention_period_days: retention_days(&agreement.retention_period),
                storage_location: agreement.storage_location.clone(),
            },
            purpose: purpose.description.clone(),
            lawful_basis: purpose.lawful_basis.as_str().to_owned(),
            data_use: "data_source".to_owned(),
            dpia: String::new(),
            active: true,
            forgettable: false,
            lifecycle: Lifecycle {
                id: "complete".to_owned(),
                name: "Complete".to_owned(),
            },
        })
        .collect()
}

/// The `DataAgreementAttribute`s of every purpose of `agreement`.
pub fn data_agreement_attributes(agreement: &Agreement) -> Vec<DataAgreementAttribute> {
    data_agreements(agreement)
        .into_iter()
        .zip(&agreement.purposes)
        .flat_map(|(data_agreement, purpose)| {
            purpose
                .data_categories
                .iter()
                .flat_map(|category| {
                    let mut of: Vec<(String, bool)> = agreement
                        .data_attributes
                        .iter()
                        .filter(|a| &a.category == category)
                        .map(|a| (a.name.clone(), a.sensitive))
                        .collect();
                    if of.is_empty() {
                        of.push((category.clone(), agreement.is_sensitive(category)));
                    }
                    of.into_iter()
                        .map(|(name, sensitive)| (category.clone(), name, sensitive))
                        .collect::<Vec<_>>()
                })
                .map(|(category, name, sensitive)| DataAgreementAttribute {
                    id: format!("{}/{}", data_agreement.id, name),
                    data_agreement: data_agreement.clone(),
                    name,
                    sensitivity: if sensitive {
                        "sensitive"
                    } else {
                        "not_sensitive"
                    }
                    .to_owned(),
                    category,
                })
                .collect::<Vec<_>>()
        })
        .collect()
}

/// One `ConsentRecord` per purpose of the record's agreement.
pub fn consent_records(record: &VerifiedRecord) -> Vec<ConsentRecord> {
    let agreements = data_agreements(record.agreement().agreement());
    super::consent_records(record)
        .into_iter()
        .zip(agreements)
        .map(|(reference, data_agreement)| {
            let RefConsentRecord {
                id,
                data_agreement_revision_hash,
                individual_id,
                opt_in,
                state,
                ..
            } = reference;
            ConsentRecord {
                id,
                data_agreement,
                data_agreement_revision_hash,
                individual: Individual { id: individual_id },
                opt_in,
                state,
            }
        })
        .collect()
}

/// The record's revisions, oldest first.
pub fn revisions(record: &VerifiedRecord) -> Vec<Revision> {
    super::revisions(record)
        .into_iter()
        .map(|r| Revision {
            id: r.id,
            schema_name: r.schema_name,
            object_id: r.object_id,
            serialized_snapshot: r.serialized_snapshot,
            serialized_hash: r.serialized_hash,
            timestamp: r.timestamp,
            authorized_by_other: r.authorized_by_other_id,
            predecessor_hash: r.predecessor_hash,
        })
        .collect()
}

/// The proofs of one revision, each with its `id`.
pub fn signatures(entry: &ChainEntry) -> Vec<Signature> {
    super::signatures(entry)
        .into_iter()
        .enumerate()
        .map(|(n, s)| Signature {
            id: format!("{}#proof-{n}", s.object_reference),
            payload: s.payload,
            signature: s.signature,
            verification_method: s.verification_method,
            verification_payload: s.verification_payload,
            verification_payload_hash: s.verification_payload_hash,
            verification_signed_by: s.verification_signed_by,
            timestamp: s.timestamp,
            object_type: s.object_type,
            object_reference: s.object_reference,
        })
        .collect()
}
