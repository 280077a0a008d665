//! The consent ledger: append-only storage of signed revisions, one hash chain per record.
//!
//! The ledger stores each revision as the exact RFC 8785 canonical bytes of the signed revision
//! document (proofs included) together with its [`ContentDigest`] (SHA-256 of those bytes), the
//! digest of the revision before it, its position in the chain, and the data principal's
//! pseudonymous id (so that erasure can find a person's records). It knows nothing about what a
//! revision says: the rules (lifecycle, signatures) belong to the record's verifier. What the
//! ledger guarantees is storage:
//!
//! * **append-only**: the API has no update and no delete (erasure, below, is the one exception
//!   and leaves digests behind);
//! * **compare-and-append**: [`Ledger::append`] names the head it builds on; if another writer
//!   got there first the append fails with `consent.conflict` and nothing is written;
//! * **durable and atomic**: an acknowledged append survives a crash; an unacknowledged one is
//!   either wholly there or wholly absent.
//!
//! Implementations: [`memory::MemoryLedger`] (tests, short-lived tools).

pub mod memory;

use crate::Result;
use govblocks_core::digest::ContentDigest;

/// A revision to append: the canonical bytes of a signed revision document and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewRevision {
    /// The record's id.
    pub record: String,
    /// The data principal's pseudonymous id (the same for every revision of a record).
    pub principal: String,
    /// The head this revision builds on: `None` for a record's first revision, otherwise the
    /// digest of the record's current last revision.
    pub predecessor: Option<ContentDigest>,
    /// The RFC 8785 canonical bytes of the signed revision document.
    pub document: Vec<u8>,
}

impl NewRevision {
    /// The digest the ledger stores for this revision: SHA-256 of `document`.
    pub fn digest(&self) -> ContentDigest {
        ContentDigest::of_bytes(&self.document)
    }
}

/// A revision as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredRevision {
    /// The record's id.
    pub record: String,
    /// Its position in the record's chain: 0 for the first revision.
    pub sequence: u64,
    /// SHA-256 of the canonical document bytes.
    pub digest: ContentDigest,
    /// The digest of the revision before it (`None` for the first).
    pub predecessor: Option<ContentDigest>,
    /// The canonical bytes of the signed revision document, or `None` once the principal's
    /// data was erased (a tombstone: only the digests remain).
    pub document: Option<Vec<u8>>,
}

/// Append-only storage of revision chains (see the [module documentation](self)).
///
/// Every method takes `&self`: implementations synchronize internally, and a SQLite ledger is
/// safe to share between threads and processes.
pub trait Ledger: Send + Sync {
    /// Appends `revision` as the next revision of its record, if the record's head is still
    /// `revision.predecessor`; returns the stored revision (its sequence and digest).
    ///
    /// Errors: `consent.conflict` when the head moved (or the record already exists and
    /// `predecessor` is `None`); storage errors.
    fn append(&self, revision: NewRevision) -> Result<StoredRevision>;

    /// The last revision of `record`, or `None` when the record does not exist.
    fn head(&self, record: &str) -> Result<Option<StoredRevision>>;

    /// Every revision of `record`, oldest first (empty when the record does not exist).
    fn revisions(&self, record: &str) -> Result<Vec<StoredRevision>>;

    /// The ids of every record, in no particular order.
    fn records(&self) -> Result<Vec<String>>;
}
