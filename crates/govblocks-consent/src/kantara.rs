//! Kantara Initiative Consent Receipt Specification v1.1 (`KI-CR-v1.1.0`) export.
//!
//! A receipt tells the person what they consented to: it is made from a verified record whose
//! consent was given at some point (given or renewed; withdrawn, revoked, expired and
//! invalidated records keep the receipt of the consent they ended). A record that was only
//! requested, deferred or refused has no consent to show: `consent.receipt_unavailable`.
//!
//! | receipt member | from |
//! | --- | --- |
//! | `consentTimestamp` | when consent was last given or renewed, in whole seconds since 1970 |
//! | `consentReceiptID` | the record id |
//! | `publicKey` | the controller's DID (its keys sign the record) |
//! | `piiPrincipalId` | the principal's pseudonym |
//! | `piiControllers` | the agreement's controller; contact, address, e-mail and phone from [`ReceiptOptions`] (the agreement does not carry them) |
//! | `policyUrl` | the privacy notice |
//! | `services` | one service (the agreement), one purpose per purpose consented to: its description, `consentType` `EXPLICIT`, `purposeCategory` its id and lawful basis, `piiCategory` its data categories, `termination` the consent's end or the retention period, `thirdPartyDisclosure` and `thirdPartyName` its recipients |
//! | `sensitive`, `spiCat` | whether a covered category holds sensitive attributes, and which |

use crate::record::VerifiedRecord;
use crate::{Error, Result};
use serde_json::{json, Map, Value};

/// The receipt's `version`.
pub const VERSION: &str = "KI-CR-v1.1.0";

/// What a receipt needs that an agreement does not hold.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct ReceiptOptions {
    /// `collectionMethod` (`web form`, `in person at the office`).
    pub collection_method: String,
    /// The controller's contact person or office.
    pub contact: String,
    /// Its postal address (a free-form object).
    pub address: Map<String, Value>,
    /// Its e-mail.
    pub email: String,
    /// Its phone.
    pub phone: String,
}

impl ReceiptOptions {
    /// Options with these contact details.
    pub fn new(
        collection_method: impl Into<String>,
        contact: impl Into<String>,
        email: impl Into<String>,
        phone: impl Into<String>,
    ) -> Self {
        ReceiptOptions {
            collection_method: collection_method.into(),
            contact: contact.into(),
            address: Map::new(),
            email: email.into(),
            phone: phone.into(),
        }
    }
}

/// The Kantara v1.1 receipt of `record` (see the [module documentation](self)).
pub fn receipt(record: &VerifiedRecord, options: &ReceiptOptions) -> Result<Value> {
    let given_at = record.given_at().ok_or_else(|| Error::ReceiptUnavailable {
        state: record.stored_state().to_string(),
    })?;
    let seconds = given_at.to_datetime().unix_timestamp().max(0);
    let agreement = record.agreement().agreement();
    let (_, valid_until) = record.validity();
    let termination = valid_until.map_or_else(
        || format!("retention period {}", agreement.retention_period),
        |u| u.to_utc().to_string(),
    );
    let mut sensitive_categories: Vec<String> = Vec::new();
    let purposes: Vec<Value> = record
        .purposes()
        .iter()
        .enumerate()
        .filter_map(|(i, id)| {
            let purpose = agreement.purpose(id)?;
            for category in &purpose.data_categories {
                if agreement.is_sensitive(category) && !sensitive_categories.contains(category) {
                    sensitive_categories.push(category.clone());
                }
            }
            let mut p = json!({
                "purpose": purpose.description,
                "consentType": "EXPLICIT",
                "purposeCategory": [purpose.id, purpose.lawful_basis.as_str()],
                "piiCategory": purpose.data_categories,
                "primaryPurpose": i == 0,
                "termination": termination,
                "thirdPartyDisclosure": !purpose.recipients.is_empty(),
            });
            if !purpose.recipients.is_empty() {
                p["thirdPartyName"] = Value::from(purpose.recipients.join(", "));
            }
            Some(p)
        })
        .collect();
    let mut controller = json!({
        "piiController": agreement.controller.name,
        "contact": options.contact,
        "address": options.address,
        "email": options.email,
        "phone": options.phone,
    });
    if let Some(url) = &agreement.controller.url {
        controller["piiControllerUrl"] = Value::from(url.clone());
    }
    Ok(json!({
        "version": VERSION,
        "jurisdiction": agreement.jurisdiction,
        "consentTimestamp": seconds,
        "collectionMethod": options.collection_method,
        "consentReceiptID": record.id(),
        "publicKey": record.controller(),
        "language": agreement.language,
        "piiPrincipalId": record.principal(),
        "piiControllers": [controller],
        "policyUrl": agreement.privacy_notice,
        "services": [{"service": agreement.id, "purposes": purposes}],
        "sensitive": !sensitive_categories.is_empty(),
        "spiCat": sensitive_categories,
    }))
}
