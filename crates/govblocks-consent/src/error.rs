//! The one error type of `govblocks-consent`.
//!
//! Every variant has a stable dotted code ([`Error::code`]); core's errors keep their own codes
//! (`json.*`, `proof.*`, …). Render any of them with
//! [`govblocks_core::error::error_object`], as the CLI does.

use govblocks_core::coded_error;

/// Everything that can go wrong with consent agreements, records, revisions and the ledger.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),

    // ---- agreements --------------------------------------------------------------------------
    /// An agreement that breaks a rule its schema cannot state (two purposes with one id, an
    /// empty ISO 8601 duration).
    #[error("invalid agreement: {reason}")]
    AgreementInvalid {
        /// Why.
        reason: String,
    },
    /// An agreement without an `assertionMethod` proof by its controller, or with a proof by
    /// anyone else.
    #[error("the agreement is not signed by its controller {controller:?}")]
    AgreementNotSignedByController {
        /// The agreement's `controller.id`.
        controller: String,
    },
    /// A record names an agreement id and version the verifier does not know.
    #[error("unknown agreement {id:?} version {version:?}")]
    AgreementUnknown {
        /// The agreement id.
        id: String,
        /// The version.
        version: String,
    },
    /// A record names a known agreement version by a digest other than the agreement's.
    #[error("agreement {id:?} version {version:?} has digest {known}, the record names {named}")]
    AgreementDigestMismatch {
        /// The agreement id.
        id: String,
        /// The version.
        version: String,
        /// The digest of the agreement the verifier holds.
        known: String,
        /// The digest the record names.
        named: String,
    },
    /// A revision changes what no revision may change (the agreement's id), or changes the
    /// agreement version outside a give or a renewal.
    #[error("agreement changed: {reason}")]
    AgreementChanged {
        /// Why.
        reason: String,
    },
    /// An agreement whose id already belongs to another controller: an agreement id is owned
    /// by the controller who first stored (or added) it, and only that controller's versions
    /// supersede each other.
    #[error("agreement id {id:?} belongs to {owner:?}, not to {controller:?}")]
    AgreementIdTaken {
        /// The agreement id.
        id: String,
        /// The controller who holds it.
        owner: String,
        /// The controller of the refused agreement.
        controller: String,
    },
    /// A purpose the agreement does not define.
    #[error("purpose {purpose:?} is not defined by agreement {agreement:?}")]
    PurposeUnknown {
        /// The purpose id.
        purpose: String,
        /// The agreement id and version.
        agreement: String,
    },

    // ---- lifecycle ---------------------------------------------------------------------------
    /// An event the lifecycle table does not allow in the record's state (a withdrawal before
    /// consent was given, a renewal of a refusal).
    #[error("{event} is not allowed when the record is {from}")]
    TransitionInvalid {
        /// The record's state (`none` for a record that does not exist yet).
        from: String,
        /// The event.
        event: String,
    },

    // ---- revisions and chains ------------------------------------------------------------------
    /// Something is wrong with one revision of a record's chain: which one, and what.
    #[error("record {record:?}, revision {sequence} ({digest}): {source}")]
    InRevision {
        /// The record's id.
        record: String,
        /// Its position in the chain (0 for the first).
        sequence: u64,
        /// Its digest (SHA-256 of its canonical form, multibase), as stored.
        digest: String,
        /// What is wrong.
        source: Box<Error>,
    },
    /// A revision that does not name the digest of the revision before it.
    #[error("hash chain broken: expected previous {expected}, found {found}")]
    ChainBroken {
        /// The digest of the revision before it (`none` for the first).
        expected: String,
        /// What the revision names (`none` when it names nothing).
        found: String,
    },
    /// A revision out of place: its `sequence` is not its position in the chain (a revision
    /// removed, reordered or duplicated).
    #[error("revision sequence {found} where {expected} was expected")]
    SequenceInvalid {
        /// Its position in the chain.
        expected: u64,
        /// Its `sequence`.
        found: u64,
    },
    /// The digest stored with a revision is not the digest of its bytes, or its bytes are not
    /// the canonical form of the document they hold.
    #[error("stored digest {stored} does not match the revision's content ({computed})")]
    DigestMismatch {
        /// As stored.
        stored: String,
        /// As computed from the stored document.
        computed: String,
    },
    /// A revision of another record, principal or controller inside a record's chain.
    #[error("revision does not belong to the record: {reason}")]
    RecordMismatch {
        /// Why.
        reason: String,
    },
    /// A revision dated beyond the clock plus its skew, refused before it is appended: a
    /// ledger is append-only, and a revision from the future would fail every verification
    /// until that time comes.
    #[error("revision dated {timestamp}, after the latest time allowed ({latest}: the clock plus its skew)")]
    TimestampInFuture {
        /// The revision's timestamp.
        timestamp: String,
        /// The clock's time plus the skew.
        latest: String,
    },
    /// A revision dated before the revision it follows.
    #[error("timestamp {found} is before the previous revision's {previous}")]
    TimestampBackwards {
        /// The previous revision's timestamp.
        previous: String,
        /// This revision's.
        found: String,
    },
    /// A revision without an `assertionMethod` proof by the record's controller.
    #[error("the revision is not signed by the controller {controller:?}")]
    ControllerSignatureMissing {
        /// The controller.
        controller: String,
    },
    /// A revision proof by someone other than the controller and the data principal's key.
    #[error("unexpected signer {signer:?}")]
    SignerUnexpected {
        /// Who signed.
        signer: String,
    },
    /// A revision that breaks a rule its schema cannot state.
    #[error("invalid revision: {reason}")]
    RevisionInvalid {
        /// Why.
        reason: String,
    },
    /// A validity period that ends before it starts, or a new consent that ends before it is
    /// given.
    #[error("invalid validity period: {reason}")]
    ValidityInvalid {
        /// Why.
        reason: String,
    },
    /// No record with this id.
    #[error("no consent record {record:?}")]
    RecordNotFound {
        /// The record id.
        record: String,
    },
    /// A record whose revisions were erased (only digests remain): it can no longer be shown
    /// to permit anything.
    #[error("consent record {record:?} was erased")]
    RecordErased {
        /// The record id.
        record: String,
    },

    // ---- permits -------------------------------------------------------------------------------
    /// The record does not permit the processing asked about (see [`crate::permits`]).
    #[error("{0}")]
    Denied(crate::permits::DenyReason),

    // ---- consent proofs --------------------------------------------------------------------------
    /// A consent proof past its `expires`.
    #[error("consent proof expired at {expires}")]
    ProofExpired {
        /// Its `expires`.
        expires: String,
    },
    /// A consent proof issued in the future.
    #[error("consent proof issued in the future ({issued})")]
    ProofNotYetValid {
        /// Its `issued`.
        issued: String,
    },
    /// A consent proof that breaks a rule its schema cannot state: not of type `ConsentProof`,
    /// or for a consent not in force.
    #[error("invalid consent proof: {reason}")]
    ProofInvalid {
        /// Why.
        reason: String,
    },
    /// A consent proof validity that is not positive.
    #[error("consent proof validity must be positive")]
    ProofValidityInvalid,

    // ---- interop shapes ----------------------------------------------------------------------------
    /// A Kantara consent receipt asked for a record whose consent was never given.
    #[error("no consent receipt for a record that is {state} and was never given")]
    ReceiptUnavailable {
        /// The record's state.
        state: String,
    },
    /// A GovStack Consent BB object that cannot be read as ours (an unknown lawful basis, a
    /// `serializedHash` that is not the hash of `serializedSnapshot`).
    #[error("invalid GovStack Consent BB object: {reason}")]
    GovStackInvalid {
        /// Why.
        reason: String,
    },

    // ---- ledger ----------------------------------------------------------------------------------
    /// The ledger lost what its records need: a record names an agreement (by digest) that the
    /// ledger no longer holds (a deleted agreement row).
    #[error("the ledger was tampered with: {reason}")]
    LedgerTampered {
        /// What is missing.
        reason: String,
    },
    /// An error of the ledger's store (`store.*`: a lost compare-and-append, a tampered or
    /// foreign file, an erased record, storage); its code is the store's.
    #[error(transparent)]
    Store(#[from] govblocks_store::Error),
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// Core's `signer.unexpected` (from a [`Context`](govblocks_core::document::Context)
    /// signer rule) as consent's `consent.signer_unexpected`; any other error unchanged.
    pub(crate) fn signer_unexpected(error: govblocks_core::Error) -> Error {
        match error {
            govblocks_core::Error::SignerUnexpected { signer, .. } => {
                Error::SignerUnexpected { signer }
            }
            other => Error::Core(other),
        }
    }

    /// For an error found in one revision of a chain: the record's id.
    pub fn record(&self) -> Option<&str> {
        match self {
            Error::InRevision { record, .. } => Some(record),
            _ => None,
        }
    }

    /// For an error found in one revision of a chain: its sequence number and digest.
    pub fn revision(&self) -> Option<(u64, &str)> {
        match self {
            Error::InRevision {
                sequence, digest, ..
            } => Some((*sequence, digest)),
            _ => None,
        }
    }

    /// The error without the [`Error::InRevision`] wrapper, if any: what went wrong.
    pub fn reason(&self) -> &Error {
        match self {
            Error::InRevision { source, .. } => source.reason(),
            other => other,
        }
    }

    /// Attaches the revision this error was found in (once: the innermost place wins).
    pub(crate) fn in_revision(self, record: &str, sequence: u64, digest: impl ToString) -> Error {
        match self {
            already @ Error::InRevision { .. } => already,
            other => Error::InRevision {
                record: record.to_owned(),
                sequence,
                digest: digest.to_string(),
                source: Box::new(other),
            },
        }
    }
}

coded_error! {
    impl Error {
        wraps {
            Error::Core(e) => e,
            Error::Store(e) => e,
            Error::InRevision { source, .. } => source.as_ref(),
        }
        nested {
            Error::Denied(reason) => reason.code(),
        }
        codes {
            Error::AgreementChanged { .. } => "consent.agreement_changed",
            Error::AgreementDigestMismatch { .. } => "consent.agreement_digest_mismatch",
            Error::AgreementIdTaken { .. } => "consent.agreement_id_taken",
            Error::AgreementInvalid { .. } => "consent.agreement_invalid",
            Error::AgreementNotSignedByController { .. } => "consent.agreement_signature_missing",
            Error::AgreementUnknown { .. } => "consent.agreement_unknown",
            Error::ChainBroken { .. } => "consent.chain_broken",
            Error::ControllerSignatureMissing { .. } => "consent.controller_signature_missing",
            Error::DigestMismatch { .. } => "consent.digest_mismatch",
            Error::GovStackInvalid { .. } => "consent.govstack_invalid",
            Error::LedgerTampered { .. } => "consent.ledger_tampered",
            Error::ProofExpired { .. } => "consent.proof_expired",
            Error::ProofInvalid { .. } => "consent.proof_invalid",
            Error::ProofNotYetValid { .. } => "consent.proof_not_yet_valid",
            Error::ProofValidityInvalid => "consent.proof_validity_invalid",
            Error::PurposeUnknown { .. } => "consent.purpose_unknown",
            Error::ReceiptUnavailable { .. } => "consent.receipt_unavailable",
            Error::RecordErased { .. } => "consent.record_erased",
            Error::RecordMismatch { .. } => "consent.record_mismatch",
            Error::RecordNotFound { .. } => "consent.record_not_found",
            Error::RevisionInvalid { .. } => "consent.revision_invalid",
            Error::SequenceInvalid { .. } => "consent.sequence_invalid",
            Error::SignerUnexpected { .. } => "consent.signer_unexpected",
            Error::TimestampBackwards { .. } => "consent.timestamp_backwards",
            Error::TimestampInFuture { .. } => "consent.timestamp_in_future",
            Error::TransitionInvalid { .. } => "consent.transition_invalid",
            Error::ValidityInvalid { .. } => "consent.validity_invalid",
        }
    }
    impl CodedError {}
}

/// Every code of this crate's own variants (core's are [`govblocks_core::error::CODES`]),
/// sorted: [`Error::CODES`], from the one table that makes [`Error::code`]. The `consent.*`
/// deny reasons of [`Error::Denied`] are [`crate::permits::DenyReason::CODES`]; both lists are
/// pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;
