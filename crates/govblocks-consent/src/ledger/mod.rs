//! The consent ledger: append-only storage of signed revisions, one hash chain per record.
//!
//! The ledger stores each revision as the exact RFC 8785 canonical bytes of the signed revision
//! document (proofs included) together with its [`ContentDigest`] (SHA-256 of those bytes), the
//! digest of the revision before it, its position in the chain, and the data principal's
//! pseudonymous id (so that erasure can find a person's records). It knows nothing about what a
//! revision says: the rules (lifecycle, signatures) belong to the record's verifier.
//!
//! # What the ledger guarantees
//!
//! * **Append-only**: the API has no update and no delete. Erasure ([`Ledger::erase_principal`])
//!   is the one exception, and it leaves the chain of digests behind.
//! * **Compare-and-append**: [`Ledger::append`] names the head it builds on
//!   ([`NewRevision::predecessor`]); if another writer got there first the append fails with
//!   `consent.conflict` and nothing is written. This holds between threads sharing a ledger and,
//!   for [`sqlite::SqliteLedger`], between processes sharing a file.
//! * **One principal per record**: every revision of a record names the same principal
//!   (`consent.ledger_principal_mismatch` otherwise), so erasure finds all of them.
//! * **Durable and atomic** ([`sqlite::SqliteLedger`] with its default options): an acknowledged
//!   append survives a crash of the process or of the machine; an append that was not
//!   acknowledged is either wholly there or wholly absent, never half-written.
//!   [`Ledger::append_many`] commits a group of revisions all together or not at all.
//! * **Agreements are kept with the records**: [`Ledger::put_agreement`] stores the canonical
//!   bytes of a signed agreement under their digest (idempotent, append-only, in the order they
//!   were first stored), so whoever holds the ledger can verify its records against the exact
//!   agreement versions they name ([`Ledger::agreements`]). Erasure never touches them: an
//!   agreement is the controller's text, not personal data.
//! * **Tamper evidence**: [`Ledger::check`] (run when a SQLite ledger is opened) recomputes every
//!   stored digest and follows every chain from its first revision to the recorded head; a row
//!   changed, removed, inserted or reordered behind the ledger's back is reported as
//!   `consent.ledger_tampered` naming the record, the revision and what is wrong ([`Tamper`]).
//!
//! # What the ledger does not guarantee
//!
//! * It checks **digests, not signatures or meaning**. Whether a revision is signed by the right
//!   keys, whether its predecessor is the revision it claims to follow *in its own content*,
//!   and whether the lifecycle allows it (e.g. nothing after a withdrawal) is the business of
//!   the record verifier above the ledger, which should be run on what the ledger returns.
//! * A **writer with full access to the storage** can rewrite a chain consistently: replace a
//!   revision's bytes *and* its digest *and* every later predecessor and the head, or cut a
//!   chain short and move the head back. The digests detect accidental and partial changes;
//!   a consistent rewrite of content is caught by the signatures (checked above the ledger),
//!   and a consistent truncation only by someone who remembers a later digest (a receipt, an
//!   exchange envelope that cites the record by digest). Protect the file like any store of
//!   personal data.
//! * Only the [`sqlite::SqliteLedger`] is durable; [`memory::MemoryLedger`] loses everything when
//!   the process ends.
//!
//! # Erasure (right to be forgotten)
//!
//! [`Ledger::erase_principal`] turns every record of a principal into a **tombstone**: each
//! revision's document is removed and the principal's id is removed from the record. What
//! remains, exactly: the record id (record ids should be random, never derived from the
//! person), each revision's sequence number, digest and predecessor digest, and the fact that
//! the record was erased; in the SQLite file, SQLite's row ids also keep the order in which
//! revisions were appended across records. The ledger stores no timestamps and no document
//! sizes. A tombstone still passes
//! [`Ledger::check`] (the digest links are followed; there are no bytes left to hash), and it
//! cannot be revived: appending to an erased record fails with `consent.ledger_erased`.
//! Someone who kept a copy of a document can still confirm, from its digest, that it was in the
//! ledger; no one can recover a document from a digest. See [`sqlite`] for how the SQLite files
//! are scrubbed.
//!
//! # Implementations
//!
//! * [`sqlite::SqliteLedger`]: the embedded default, a SQLite file (WAL, durable commits,
//!   safe between processes);
//! * [`memory::MemoryLedger`]: tests and short-lived tools.
//!
//! Both pass one storage test suite (`tests/ledger_suite/`), written against this trait so that
//! any further backend (PostgreSQL) runs it too.

pub mod memory;
pub mod sqlite;

use crate::Result;
use govblocks_core::digest::ContentDigest;
use std::fmt;

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

/// A signed agreement as stored by [`Ledger::put_agreement`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAgreement {
    /// Its place in the order agreements were first stored: 0, 1, 2, … without gaps.
    pub position: u64,
    /// SHA-256 of `document`.
    pub digest: ContentDigest,
    /// The bytes as given (the RFC 8785 canonical form of the signed agreement).
    pub document: Vec<u8>,
}

/// The `record` that `consent.ledger_tampered` names when a stored agreement is wrong (its
/// `sequence` is then the agreement's [`StoredAgreement::position`]).
pub const AGREEMENTS_RECORD: &str = "(agreements)";

/// What [`Ledger::erase_principal`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErasureReport {
    /// The records turned into tombstones, sorted (empty when the principal had none left).
    pub records: Vec<String>,
    /// How many revision documents were removed.
    pub revisions: u64,
    /// Whether the backend has confirmed that no copy of the removed bytes is left in its own
    /// storage (for SQLite: the freed pages were zeroed and the write-ahead log was checkpointed
    /// and truncated). `false` means a copy may linger until [`sqlite::SqliteLedger::scrub`]
    /// succeeds (another process was reading the ledger at the time).
    pub scrubbed: bool,
}

impl ErasureReport {
    /// A report (for backends outside this crate).
    pub fn new(records: Vec<String>, revisions: u64, scrubbed: bool) -> Self {
        Self {
            records,
            revisions,
            scrubbed,
        }
    }
}

/// What [`Ledger::check`] went over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckReport {
    /// Records checked.
    pub records: u64,
    /// Revisions checked (tombstones included).
    pub revisions: u64,
    /// Revisions whose document was erased (their digests could only be followed, not
    /// recomputed).
    pub tombstones: u64,
    /// Stored agreements checked.
    pub agreements: u64,
}

/// What is wrong with a stored revision (see `consent.ledger_tampered`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Tamper {
    /// The stored digest is not the SHA-256 of the stored document bytes.
    DigestMismatch,
    /// The stored predecessor is not the digest of the revision before it (or the first
    /// revision names a predecessor).
    PredecessorMismatch,
    /// There is no revision at this position although the chain goes on or the head is later.
    Missing,
    /// Two revisions occupy this position.
    Duplicate,
    /// A revision lies after the record's recorded head.
    BeyondHead,
    /// The record's recorded head is not the digest of its last revision.
    HeadMismatch,
    /// The document is gone although the record was not erased.
    DocumentMissing,
    /// The record was erased but this revision still has a document.
    DocumentPresent,
    /// A revision whose record is unknown to the ledger.
    Orphan,
    /// A stored value has an impossible type or size (a digest that is not 32 bytes, a
    /// negative sequence number, text where bytes belong).
    Malformed,
}

impl CheckReport {
    /// A report (for backends outside this crate).
    pub fn new(records: u64, revisions: u64, tombstones: u64) -> Self {
        Self {
            records,
            revisions,
            tombstones,
            agreements: 0,
        }
    }
}

impl fmt::Display for Tamper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Tamper::DigestMismatch => "the stored digest is not the SHA-256 of the stored document",
            Tamper::PredecessorMismatch => {
                "the predecessor is not the digest of the revision before it"
            }
            Tamper::Missing => "the revision is missing",
            Tamper::Duplicate => "two revisions have this sequence number",
            Tamper::BeyondHead => "a revision lies after the record's head",
            Tamper::HeadMismatch => "the record's head is not its last revision",
            Tamper::DocumentMissing => "the document is missing but the record was not erased",
            Tamper::DocumentPresent => "the record was erased but the document is still there",
            Tamper::Orphan => "the revision belongs to no known record",
            Tamper::Malformed => "a stored value has an impossible type or size",
        })
    }
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
    /// `predecessor` is `None`); `consent.ledger_erased` when the record was erased;
    /// `consent.ledger_principal_mismatch` when the record belongs to another principal;
    /// storage errors (`consent.ledger_busy`, `consent.ledger_storage`).
    fn append(&self, revision: NewRevision) -> Result<StoredRevision>;

    /// Appends several revisions in order, all together or none (one transaction, one durable
    /// commit: group commit). A revision may build on one earlier in the same call.
    ///
    /// Errors: those of [`append`](Self::append), for the first revision that fails; then
    /// nothing of the call is stored.
    fn append_many(&self, revisions: Vec<NewRevision>) -> Result<Vec<StoredRevision>>;

    /// The last revision of `record`, or `None` when the record does not exist.
    ///
    /// Errors: `consent.ledger_tampered` when the stored head revision does not match its digest
    /// or the recorded head; storage errors.
    fn head(&self, record: &str) -> Result<Option<StoredRevision>>;

    /// Every revision of `record`, oldest first (empty when the record does not exist).
    ///
    /// Errors: `consent.ledger_tampered` when the chain read is not intact (a persistent backend
    /// checks what it returns, as [`check`](Self::check) does for one record); storage errors.
    fn revisions(&self, record: &str) -> Result<Vec<StoredRevision>>;

    /// The ids of every record (erased ones included), in no particular order.
    fn records(&self) -> Result<Vec<String>>;

    /// The ids of the records of `principal` that were not erased, sorted.
    fn records_of(&self, principal: &str) -> Result<Vec<String>>;

    /// Erases every record of `principal`: removes each revision's document and the principal's
    /// id, keeping record ids, sequence numbers and digests (a tombstone; see the [module
    /// documentation](self#erasure-right-to-be-forgotten)). Erasing a principal with no records
    /// left does nothing and succeeds.
    fn erase_principal(&self, principal: &str) -> Result<ErasureReport>;

    /// Stores the canonical bytes of a signed agreement under their digest (SHA-256 of
    /// `document`) and returns the digest. Storing bytes already stored changes nothing and
    /// returns the same digest (idempotent). Agreements are never changed, removed or erased.
    ///
    /// The ledger does not read the bytes: verifying the agreement (its schema, its
    /// controller's signature) is the caller's business, before storing it and again after
    /// reading it back. Pass the RFC 8785 canonical form, so that the digest is the one
    /// records name (`ContentDigest::of_json` of the signed agreement).
    ///
    /// Errors: storage errors.
    fn put_agreement(&self, document: Vec<u8>) -> Result<ContentDigest>;

    /// Every stored agreement, in the order they were first stored (oldest first: the order
    /// in which to add them to an [`Agreements`](crate::agreement::Agreements) set, whose last
    /// added version of an id is the current one).
    ///
    /// Errors: `consent.ledger_tampered` (record [`AGREEMENTS_RECORD`]) when a stored agreement
    /// does not match its digest or the positions have a gap; storage errors.
    fn agreements(&self) -> Result<Vec<StoredAgreement>>;

    /// Checks every chain: each stored digest is the SHA-256 of its document (where the document
    /// was not erased), each predecessor is the digest of the revision before it, sequence
    /// numbers run from 0 without gaps, and the recorded head is the last revision.
    ///
    /// Every stored agreement is re-hashed as well (a wrong one is reported with the record
    /// [`AGREEMENTS_RECORD`] and its position).
    ///
    /// Errors: `consent.ledger_tampered` naming the first record and revision found wrong;
    /// storage errors.
    fn check(&self) -> Result<CheckReport>;
}

/// Checks one record's chain, revision by revision, in order of sequence; shared by the
/// backends so that they judge a chain the same way.
#[derive(Debug)]
pub(crate) struct ChainChecker<'a> {
    record: &'a str,
    erased: bool,
    head_sequence: u64,
    next: u64,
    last: Option<ContentDigest>,
    tombstones: u64,
}

/// One stored row as the checker sees it.
pub(crate) struct Row<'a> {
    pub(crate) sequence: u64,
    pub(crate) digest: ContentDigest,
    pub(crate) predecessor: Option<ContentDigest>,
    pub(crate) document: Option<&'a [u8]>,
}

impl<'a> ChainChecker<'a> {
    /// A checker of `record`, whose recorded head is at `head_sequence`.
    pub(crate) fn new(record: &'a str, erased: bool, head_sequence: u64) -> Self {
        Self {
            record,
            erased,
            head_sequence,
            next: 0,
            last: None,
            tombstones: 0,
        }
    }

    pub(crate) fn tampered(&self, sequence: u64, tamper: Tamper) -> crate::Error {
        crate::Error::LedgerTampered {
            record: self.record.to_owned(),
            sequence,
            tamper,
        }
    }

    /// Takes the next row (rows must come in order of sequence number).
    pub(crate) fn row(&mut self, row: &Row<'_>) -> Result<()> {
        if row.sequence != self.next {
            return Err(if row.sequence < self.next {
                self.tampered(row.sequence, Tamper::Duplicate)
            } else {
                self.tampered(self.next, Tamper::Missing)
            });
        }
        if row.sequence > self.head_sequence {
            return Err(self.tampered(row.sequence, Tamper::BeyondHead));
        }
        match (row.document, self.erased) {
            (Some(bytes), false) => {
                if ContentDigest::of_bytes(bytes) != row.digest {
                    return Err(self.tampered(row.sequence, Tamper::DigestMismatch));
                }
            }
            (None, true) => self.tombstones += 1,
            (None, false) => return Err(self.tampered(row.sequence, Tamper::DocumentMissing)),
            (Some(_), true) => return Err(self.tampered(row.sequence, Tamper::DocumentPresent)),
        }
        if row.predecessor != self.last {
            return Err(self.tampered(row.sequence, Tamper::PredecessorMismatch));
        }
        self.last = Some(row.digest);
        self.next = self.next.saturating_add(1);
        Ok(())
    }

    /// Ends the chain against the recorded head digest; returns (revisions, tombstones).
    pub(crate) fn finish(self, head: ContentDigest) -> Result<(u64, u64)> {
        if self.next <= self.head_sequence {
            return Err(self.tampered(self.next, Tamper::Missing));
        }
        if self.last != Some(head) {
            return Err(self.tampered(self.head_sequence, Tamper::HeadMismatch));
        }
        Ok((self.next, self.tombstones))
    }
}

/// Checks one stored agreement, expected at `expected` in the order of storage; shared by the
/// backends.
pub(crate) fn check_agreement(
    expected: u64,
    position: u64,
    digest: &ContentDigest,
    document: &[u8],
) -> Result<()> {
    let tampered = |sequence, tamper| crate::Error::LedgerTampered {
        record: AGREEMENTS_RECORD.to_owned(),
        sequence,
        tamper,
    };
    if position != expected {
        return Err(tampered(expected, Tamper::Missing));
    }
    if ContentDigest::of_bytes(document) != *digest {
        return Err(tampered(position, Tamper::DigestMismatch));
    }
    Ok(())
}

/// How a head is shown in a `consent.conflict` message.
pub(crate) fn describe(digest: Option<&ContentDigest>) -> String {
    digest.map_or_else(|| "none".to_owned(), ToString::to_string)
}
