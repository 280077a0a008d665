//! The chained log: append-only storage of canonical signed documents, one hash chain per
//! stream.
//!
//! A **stream** (identified by a string id) is an ordered chain of **entries**; each entry is
//! the exact canonical bytes of a signed document (RFC 8785 form, proofs included) together
//! with its [`ContentDigest`] (SHA-256 of those bytes), the digest of the entry before it (its
//! **predecessor**) and its **sequence** number (0, 1, 2, … in the stream). A stream may be
//! indexed by a **subject** (a person's pseudonymous id), read out of the documents by a hook
//! the block supplies ([`SubjectOf`]), so that erasure can find a person's streams. A
//! content-addressed **side table** keeps documents many streams cite ([`Log::put_cited`]). The
//! log knows nothing else about what a document says: the rules (signatures, lifecycle) belong
//! to the block's verifier above it.
//!
//! Consent's ledger is a log whose streams are consent records, whose entries are signed
//! revisions, whose subject is the data principal and whose side table holds the agreements.
//! A payment batch's life (`govblocks-payments`' `lifecycle`) is a log whose streams are
//! batches and whose entries are hub-signed events, with an index stream per transfer; an
//! exchange message log is next.
//!
//! # What the log guarantees
//!
//! * **Append-only**: the API has no update and no delete. Erasure ([`Log::erase_subject`]) is
//!   the one exception, and it leaves the chain of digests behind.
//! * **Compare-and-append**: [`Log::append`] names the head it builds on
//!   ([`NewEntry::predecessor`]); if another writer got there first the append fails with
//!   `store.conflict` and nothing is written. This holds between threads sharing a log and,
//!   for [`sqlite::SqliteLog`], between processes sharing a file.
//! * **One subject per stream, the one signed**: the subject is read from each document by the
//!   block's hook (never taken from the caller), and every entry of a stream names the same
//!   subject (`store.subject_mismatch` otherwise).
//! * **Durable and atomic** ([`sqlite::SqliteLog`] with its default options): an acknowledged
//!   append survives a crash of the process or of the machine; an append that was not
//!   acknowledged is either wholly there or wholly absent, never half-written.
//!   [`Log::append_many`] commits a group of entries all together or not at all.
//! * **Cited documents are kept with the streams**: [`Log::put_cited`] stores canonical bytes
//!   under their digest (idempotent, append-only, in the order they were first stored).
//!   Erasure never touches them: they are a controller's texts, not personal data.
//! * **Tamper evidence**: [`Log::check`] (run when a SQLite log is opened) recomputes every
//!   stored digest, follows every chain from its first entry to the recorded head, and reads
//!   the subject out of every document to compare it with the stream's index; a row changed,
//!   removed, inserted or reordered behind the log's back, or an index pointing a stream at
//!   another subject, is reported as `store.tampered` naming the stream, the entry and what is
//!   wrong ([`Tamper`]).
//! * **Paged listing**: [`Log::streams`] lists stream ids in order, a page at a time after a
//!   cursor, so that a store of tens of millions of streams is walked without holding them all.
//!
//! # What the log does not guarantee
//!
//! * It checks **digests, not signatures or meaning**. Whether an entry is signed by the right
//!   keys, and whether the block's rules allow it, is the business of the verifier above the
//!   log, which should be run on what the log returns. (The subject hook reads a document; it
//!   does not verify it.)
//! * A **writer with full access to the storage** can rewrite a chain consistently: replace an
//!   entry's bytes *and* its digest *and* every later predecessor and the head, or cut a chain
//!   short and move the head back. The digests detect accidental and partial changes; a
//!   consistent rewrite of content is caught by the signatures (checked above the log), and a
//!   consistent truncation only by someone who remembers a later digest. Protect the file like
//!   any store of personal data.
//! * Only [`sqlite::SqliteLog`] is durable; [`memory::MemoryLog`] loses everything when the
//!   process ends.
//!
//! # Erasure (right to be forgotten)
//!
//! [`Log::erase_subject`] turns every stream of a subject into a **tombstone**: each entry's
//! document is removed and the subject is removed from the stream. The streams are found **from
//! what was signed** — the subject read out of each live stream's head document — not from the
//! index alone, so an index changed behind the log's back can neither hide a person's streams
//! from erasure nor hand another person's streams to it. What remains, exactly: the stream id
//! (stream ids should be random, never derived from the person), each entry's sequence number,
//! digest and predecessor digest, and the fact that the stream was erased; in the SQLite file,
//! SQLite's row ids also keep the order in which entries were appended across streams. The log
//! stores no timestamps and no document sizes. A tombstone still passes [`Log::check`] (the
//! digest links are followed; there are no bytes left to hash), and it cannot be revived:
//! appending to an erased stream fails with `store.erased`.
//!
//! # Implementations
//!
//! * [`sqlite::SqliteLog`]: the embedded default, a SQLite file (WAL, durable commits, safe
//!   between processes; feature `sqlite`);
//! * `postgres::PgLog` (feature `postgres`): a schema of a PostgreSQL database shared by many
//!   processes on many machines (the conditional `UPDATE` of a stream's head is its
//!   compare-and-append);
//! * [`memory::MemoryLog`]: tests and short-lived tools.
//!
//! All pass one conformance suite (`tests/store/suite.rs`), written against this trait and
//! instantiated once per backend (the PostgreSQL one when `GOVBLOCKS_TEST_POSTGRES` names a
//! server); a `Box<dyn Log>` or an `Arc` of a log is a log too.

pub mod memory;
#[cfg(feature = "sqlite")]
pub mod sqlite;

pub use crate::error::Tamper;
use crate::error::{Error, Result};
use govblocks_core::digest::ContentDigest;
use std::fmt;
use std::sync::Arc;

/// A block's hook that reads the subject a document names (consent: the principal id of a
/// signed revision).
///
/// Returns `None` for a document that names no subject. It must be a pure function of the
/// bytes: the log calls it on append, on every check and on erasure, and compares.
pub trait SubjectOf: Send + Sync {
    /// The subject `document` names, if any.
    fn subject_of(&self, document: &[u8]) -> Option<String>;
}

impl<F> SubjectOf for F
where
    F: Fn(&[u8]) -> Option<String> + Send + Sync,
{
    fn subject_of(&self, document: &[u8]) -> Option<String> {
        self(document)
    }
}

/// What a block tells the log about its documents: how to read a document's subject, and what
/// to call the side table in messages.
#[derive(Clone)]
pub struct Profile {
    subject: Option<Arc<dyn SubjectOf>>,
    cited_name: &'static str,
}

impl Default for Profile {
    fn default() -> Self {
        Self {
            subject: None,
            cited_name: CITED_STREAM,
        }
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Profile")
            .field("subject", &self.subject.as_ref().map(|_| "hook"))
            .field("cited_name", &self.cited_name)
            .finish()
    }
}

impl Profile {
    /// Streams without subjects, the side table called [`CITED_STREAM`].
    pub fn new() -> Self {
        Self::default()
    }

    /// Streams indexed by the subject `hook` reads out of each document; a document that
    /// names none is refused (`store.subject_mismatch`).
    #[must_use]
    pub fn with_subject(mut self, hook: impl SubjectOf + 'static) -> Self {
        self.subject = Some(Arc::new(hook));
        self
    }

    /// The pseudo-stream name `store.tampered` gives for a wrong side-table document
    /// (consent: `(agreements)`).
    #[must_use]
    pub fn with_cited_name(mut self, name: &'static str) -> Self {
        self.cited_name = name;
        self
    }

    /// The side table's name in messages.
    pub fn cited_name(&self) -> &'static str {
        self.cited_name
    }

    /// Whether streams are indexed by a subject.
    pub fn has_subjects(&self) -> bool {
        self.subject.is_some()
    }

    /// The subject of a document about to be appended to `stream`: `""` when streams have no
    /// subjects; `store.subject_mismatch` when the hook finds none.
    pub fn subject_for_append(&self, stream: &str, document: &[u8]) -> Result<String> {
        match &self.subject {
            None => Ok(String::new()),
            Some(hook) => hook
                .subject_of(document)
                .ok_or_else(|| Error::SubjectMismatch {
                    stream: stream.to_owned(),
                    reason: "the document names no subject".to_owned(),
                }),
        }
    }

    /// Whether a stored document agrees with the stream's indexed subject (always, when streams
    /// have no subjects).
    pub fn subject_matches(&self, document: &[u8], indexed: Option<&str>) -> bool {
        match &self.subject {
            None => true,
            Some(hook) => hook.subject_of(document).as_deref() == indexed,
        }
    }

    /// The subject a stored document names (`None` without a hook).
    pub fn subject_of(&self, document: &[u8]) -> Option<String> {
        self.subject.as_ref().and_then(|h| h.subject_of(document))
    }
}

/// An entry to append: the canonical bytes of a signed document and where it goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEntry {
    /// The stream's id.
    pub stream: String,
    /// The head this entry builds on: `None` for a stream's first entry, otherwise the digest
    /// of the stream's current last entry.
    pub predecessor: Option<ContentDigest>,
    /// The RFC 8785 canonical bytes of the signed document.
    pub document: Vec<u8>,
}

impl NewEntry {
    /// An entry of `stream` after `predecessor`.
    pub fn new(
        stream: impl Into<String>,
        predecessor: Option<ContentDigest>,
        document: Vec<u8>,
    ) -> Self {
        Self {
            stream: stream.into(),
            predecessor,
            document,
        }
    }

    /// The digest the log stores for this entry: SHA-256 of `document`.
    pub fn digest(&self) -> ContentDigest {
        ContentDigest::of_bytes(&self.document)
    }
}

/// An entry as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredEntry {
    /// The stream's id.
    pub stream: String,
    /// Its position in the stream's chain: 0 for the first entry.
    pub sequence: u64,
    /// SHA-256 of the canonical document bytes.
    pub digest: ContentDigest,
    /// The digest of the entry before it (`None` for the first).
    pub predecessor: Option<ContentDigest>,
    /// The canonical bytes of the signed document, or `None` once the subject's data was
    /// erased (a tombstone: only the digests remain).
    pub document: Option<Vec<u8>>,
}

/// A document of the side table, as stored by [`Log::put_cited`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CitedDocument {
    /// Its place in the order documents were first stored: 0, 1, 2, … without gaps.
    pub position: u64,
    /// SHA-256 of `document`.
    pub digest: ContentDigest,
    /// The bytes as given.
    pub document: Vec<u8>,
}

/// The default name of the side table in `store.tampered` (its `sequence` is then the
/// document's [`CitedDocument::position`]); see [`Profile::with_cited_name`].
pub const CITED_STREAM: &str = "(cited)";

/// What [`Log::erase_subject`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ErasureReport {
    /// The streams turned into tombstones, sorted (empty when the subject had none left).
    pub streams: Vec<String>,
    /// How many entry documents were removed.
    pub entries: u64,
    /// Whether the backend has confirmed that no copy of the removed bytes is left in its own
    /// storage (for SQLite: the freed pages were zeroed and the write-ahead log was checkpointed
    /// and truncated). `false` means a copy may linger until [`sqlite::SqliteLog::scrub`]
    /// succeeds (another process was reading the log at the time).
    pub scrubbed: bool,
}

impl ErasureReport {
    /// A report (for backends outside this crate).
    pub fn new(streams: Vec<String>, entries: u64, scrubbed: bool) -> Self {
        Self {
            streams,
            entries,
            scrubbed,
        }
    }
}

/// What [`Log::check`] went over.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckReport {
    /// Streams checked.
    pub streams: u64,
    /// Entries checked (tombstones included).
    pub entries: u64,
    /// Entries whose document was erased (their digests could only be followed, not
    /// recomputed).
    pub tombstones: u64,
    /// Side-table documents checked.
    pub cited: u64,
}

impl CheckReport {
    /// A report (for backends outside this crate).
    pub fn new(streams: u64, entries: u64, tombstones: u64, cited: u64) -> Self {
        Self {
            streams,
            entries,
            tombstones,
            cited,
        }
    }
}

/// One page of stream ids ([`Log::streams`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Page {
    /// Stream ids, in ascending byte order, all after the cursor asked for.
    pub streams: Vec<String>,
    /// The cursor for the next page (the last id of this one), or `None` when this page is the
    /// last.
    pub next: Option<String>,
}

impl Page {
    /// A page of `limit` asked for, holding `streams`: the cursor is the last id when the page
    /// is full.
    pub fn new(streams: Vec<String>, limit: usize) -> Self {
        let next = if streams.len() >= limit && limit > 0 {
            streams.last().cloned()
        } else {
            None
        };
        Self { streams, next }
    }
}

/// Append-only storage of entry chains (see the [module documentation](self)).
///
/// Every method takes `&self`: implementations synchronize internally, and a SQLite log is safe
/// to share between threads and processes.
pub trait Log: Send + Sync {
    /// Appends `entry` as the next entry of its stream, if the stream's head is still
    /// `entry.predecessor`; returns the stored entry (its sequence and digest).
    ///
    /// Errors: `store.conflict` when the head moved (or the stream already exists and
    /// `predecessor` is `None`); `store.erased` when the stream was erased;
    /// `store.subject_mismatch` when the document names another subject than the stream's (or
    /// none); `store.read_only`; storage errors (`store.busy`, `store.storage`).
    fn append(&self, entry: NewEntry) -> Result<StoredEntry>;

    /// Appends several entries in order, all together or none (one transaction, one durable
    /// commit: group commit). An entry may build on one earlier in the same call.
    ///
    /// Errors: those of [`append`](Self::append), for the first entry that fails; then nothing
    /// of the call is stored.
    fn append_many(&self, entries: Vec<NewEntry>) -> Result<Vec<StoredEntry>>;

    /// The last entry of `stream`, or `None` when the stream does not exist.
    ///
    /// Errors: `store.tampered` when the stored head entry does not match its digest, the
    /// recorded head or the stream's subject; storage errors.
    fn head(&self, stream: &str) -> Result<Option<StoredEntry>>;

    /// Every entry of `stream`, oldest first (empty when the stream does not exist).
    ///
    /// Errors: `store.tampered` when the chain read is not intact (a persistent backend checks
    /// what it returns, as [`check`](Self::check) does for one stream); storage errors.
    fn entries(&self, stream: &str) -> Result<Vec<StoredEntry>>;

    /// At most `limit` stream ids (erased ones included) greater than `after` (from the first
    /// when `None`), in ascending byte order. Walk a whole log by passing each page's
    /// [`Page::next`] back until it is `None`.
    fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page>;

    /// The ids of the streams of `subject` that were not erased, sorted.
    ///
    /// Errors: `store.tampered` when a stream the index names for `subject` has a head
    /// document that names another subject; storage errors.
    fn streams_of(&self, subject: &str) -> Result<Vec<String>>;

    /// Erases every stream whose signed documents name `subject`: removes each entry's document
    /// and the stream's subject, keeping stream ids, sequence numbers and digests (a tombstone;
    /// see the [module documentation](self#erasure-right-to-be-forgotten)). Erasing a subject
    /// with no streams left does nothing and succeeds; so does erasing `""`.
    ///
    /// Errors: `store.read_only`; storage errors.
    fn erase_subject(&self, subject: &str) -> Result<ErasureReport>;

    /// Stores `document` in the side table under its digest (SHA-256 of the bytes) and
    /// returns the digest. Storing bytes already stored changes nothing and returns the same
    /// digest (idempotent). Side-table documents are never changed, removed or erased.
    ///
    /// The log does not read the bytes: verifying them is the caller's business, before
    /// storing and again after reading back. Pass the RFC 8785 canonical form, so that the
    /// digest is the one citing documents name.
    ///
    /// Errors: `store.read_only`; storage errors.
    fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest>;

    /// Every side-table document, in the order they were first stored (oldest first).
    ///
    /// Errors: `store.tampered` (the profile's side-table name) when a stored document does not
    /// match its digest or the positions have a gap; storage errors.
    fn cited(&self) -> Result<Vec<CitedDocument>>;

    /// Checks every chain: each stored digest is the SHA-256 of its document (where the
    /// document was not erased), each document names the stream's indexed subject, each
    /// predecessor is the digest of the entry before it, sequence numbers run from 0 without
    /// gaps, and the recorded head is the last entry. Every side-table document is re-hashed.
    ///
    /// Errors: `store.tampered` naming the first stream and entry found wrong; storage errors.
    fn check(&self) -> Result<CheckReport>;
}

macro_rules! forward_log {
    ($($pointer:ident)::+) => {
        impl<L: Log + ?Sized> Log for $($pointer)::+<L> {
            fn append(&self, entry: NewEntry) -> Result<StoredEntry> {
                (**self).append(entry)
            }
            fn append_many(&self, entries: Vec<NewEntry>) -> Result<Vec<StoredEntry>> {
                (**self).append_many(entries)
            }
            fn head(&self, stream: &str) -> Result<Option<StoredEntry>> {
                (**self).head(stream)
            }
            fn entries(&self, stream: &str) -> Result<Vec<StoredEntry>> {
                (**self).entries(stream)
            }
            fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page> {
                (**self).streams(after, limit)
            }
            fn streams_of(&self, subject: &str) -> Result<Vec<String>> {
                (**self).streams_of(subject)
            }
            fn erase_subject(&self, subject: &str) -> Result<ErasureReport> {
                (**self).erase_subject(subject)
            }
            fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest> {
                (**self).put_cited(document)
            }
            fn cited(&self) -> Result<Vec<CitedDocument>> {
                (**self).cited()
            }
            fn check(&self) -> Result<CheckReport> {
                (**self).check()
            }
        }
    };
}

// A log behind a `Box` or an `Arc` (a `Box<dyn Log>` chosen at run time: a file or a server) is
// a log.
forward_log!(Box);
forward_log!(std::sync::Arc);

/// Checks one stream's chain, entry by entry, in order of sequence; shared by the backends so
/// that they judge a chain the same way.
#[derive(Debug)]
pub struct ChainChecker<'a> {
    stream: &'a str,
    profile: &'a Profile,
    subject: Option<&'a str>,
    erased: bool,
    head_sequence: u64,
    next: u64,
    last: Option<ContentDigest>,
    tombstones: u64,
}

/// One stored entry as the [`ChainChecker`] sees it.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// Its sequence number.
    pub sequence: u64,
    /// Its stored digest.
    pub digest: ContentDigest,
    /// Its stored predecessor.
    pub predecessor: Option<ContentDigest>,
    /// Its stored document, if not erased.
    pub document: Option<&'a [u8]>,
}

impl<'a> ChainChecker<'a> {
    /// A checker of `stream`, indexed by `subject` (`None` once erased), whose recorded head is
    /// at `head_sequence`.
    pub fn new(
        stream: &'a str,
        profile: &'a Profile,
        subject: Option<&'a str>,
        erased: bool,
        head_sequence: u64,
    ) -> Self {
        Self {
            stream,
            profile,
            subject,
            erased,
            head_sequence,
            next: 0,
            last: None,
            tombstones: 0,
        }
    }

    /// A `store.tampered` error for this stream.
    pub fn tampered(&self, sequence: u64, tamper: Tamper) -> Error {
        tampered(self.stream, sequence, tamper)
    }

    /// Takes the next row (rows must come in order of sequence number).
    ///
    /// Errors: `store.tampered`.
    pub fn row(&mut self, row: &Row<'_>) -> Result<()> {
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
                if !self.profile.subject_matches(bytes, self.subject) {
                    return Err(self.tampered(row.sequence, Tamper::SubjectMismatch));
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

    /// Ends the chain against the recorded head digest; returns (entries, tombstones).
    ///
    /// Errors: `store.tampered`.
    pub fn finish(self, head: ContentDigest) -> Result<(u64, u64)> {
        if self.next <= self.head_sequence {
            return Err(self.tampered(self.next, Tamper::Missing));
        }
        if self.last != Some(head) {
            return Err(self.tampered(self.head_sequence, Tamper::HeadMismatch));
        }
        Ok((self.next, self.tombstones))
    }
}

/// Checks a stream's head entry on its own (the heads check, and [`Log::head`]): its digest,
/// its document's presence, its subject, and that it is the recorded head.
///
/// Errors: `store.tampered`.
pub fn check_head(
    stream: &str,
    profile: &Profile,
    subject: Option<&str>,
    erased: bool,
    head: ContentDigest,
    row: &Row<'_>,
) -> Result<()> {
    let wrong = |tamper| tampered(stream, row.sequence, tamper);
    match (row.document, erased) {
        (Some(bytes), false) => {
            if ContentDigest::of_bytes(bytes) != row.digest {
                return Err(wrong(Tamper::DigestMismatch));
            }
            if !profile.subject_matches(bytes, subject) {
                return Err(wrong(Tamper::SubjectMismatch));
            }
        }
        (None, false) => return Err(wrong(Tamper::DocumentMissing)),
        (Some(_), true) => return Err(wrong(Tamper::DocumentPresent)),
        (None, true) => {}
    }
    if row.digest != head {
        return Err(wrong(Tamper::HeadMismatch));
    }
    Ok(())
}

/// Checks one side-table document, expected at `expected` in the order of storage; shared by
/// the backends.
///
/// Errors: `store.tampered` naming the profile's side table.
pub fn check_cited(
    profile: &Profile,
    expected: u64,
    position: u64,
    digest: &ContentDigest,
    document: &[u8],
) -> Result<()> {
    if position != expected {
        return Err(tampered(profile.cited_name, expected, Tamper::Missing));
    }
    if ContentDigest::of_bytes(document) != *digest {
        return Err(tampered(
            profile.cited_name,
            position,
            Tamper::DigestMismatch,
        ));
    }
    Ok(())
}

/// A `store.tampered` error.
pub(crate) fn tampered(stream: &str, sequence: u64, tamper: Tamper) -> Error {
    Error::Tampered {
        stream: stream.to_owned(),
        sequence,
        tamper,
    }
}

/// How a head is shown in a `store.conflict` message.
pub(crate) fn describe(digest: Option<&ContentDigest>) -> String {
    digest.map_or_else(|| "none".to_owned(), ToString::to_string)
}

/// A `store.conflict` error.
pub(crate) fn conflict(
    stream: String,
    expected: Option<&ContentDigest>,
    found: Option<&ContentDigest>,
) -> Error {
    Error::Conflict {
        stream,
        expected: describe(expected),
        found: describe(found),
    }
}
