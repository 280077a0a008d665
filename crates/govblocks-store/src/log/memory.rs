//! A log in memory: for tests and short-lived tools. Nothing survives the process.
//!
//! It behaves like [`super::sqlite::SqliteLog`] in every respect the [`Log`] trait describes
//! (the same conformance suite runs against both), except durability. Erasure drops the
//! documents from the log's maps; the allocator may keep the freed bytes in the process's
//! memory until they are reused, so [`ErasureReport::scrubbed`] is `false`.

use super::{
    check_cited, conflict, ChainChecker, CheckReport, CitedDocument, ErasureReport, Log, NewEntry,
    Page, Profile, Row, StoredEntry, Tamper,
};
use crate::error::{Error, Result};
use govblocks_core::digest::ContentDigest;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One stream: its subject (gone once erased) and its chain.
#[derive(Debug, Default)]
struct Chain {
    subject: Option<String>,
    erased: bool,
    entries: Vec<StoredEntry>,
}

/// A [`Log`] held in memory.
#[derive(Debug, Default)]
pub struct MemoryLog {
    profile: Profile,
    streams: Mutex<BTreeMap<String, Chain>>,
    cited: Mutex<Vec<CitedDocument>>,
}

impl MemoryLog {
    /// An empty log whose streams have no subjects.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log with a block's [`Profile`] (its subject hook).
    pub fn with_profile(profile: Profile) -> Self {
        Self {
            profile,
            ..Self::default()
        }
    }

    /// The block's profile.
    pub fn profile(&self) -> &Profile {
        &self.profile
    }

    fn lock(&self) -> MutexGuard<'_, BTreeMap<String, Chain>> {
        // A poisoned lock only means another thread panicked; every change below is made only
        // after all its checks passed, with no fallible step in between, so the data is good.
        self.streams.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_cited(&self) -> MutexGuard<'_, Vec<CitedDocument>> {
        // As for the streams: a document is pushed whole or not at all.
        self.cited.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The state of one stream as an append sees it: what is stored plus what the same call
/// staged.
struct Staged {
    subject: String,
    base: u64,
    last: Option<ContentDigest>,
    new: Vec<StoredEntry>,
}

/// Validates `entry` against the stream's current state and stages it.
fn stage(
    profile: &Profile,
    streams: &BTreeMap<String, Chain>,
    staged: &mut BTreeMap<String, Staged>,
    entry: NewEntry,
) -> Result<StoredEntry> {
    let (head, subject) = match staged.get(&entry.stream) {
        Some(s) => (
            s.new.last().map(|r| r.digest).or(s.last),
            Some(s.subject.as_str()),
        ),
        None => match streams.get(&entry.stream) {
            Some(chain) => {
                if chain.erased {
                    return Err(Error::Erased {
                        stream: entry.stream,
                    });
                }
                (
                    chain.entries.last().map(|r| r.digest),
                    chain.subject.as_deref(),
                )
            }
            None => (None, None),
        },
    };
    if head != entry.predecessor {
        return Err(conflict(
            entry.stream,
            entry.predecessor.as_ref(),
            head.as_ref(),
        ));
    }
    let named = profile.subject_for_append(&entry.stream, &entry.document)?;
    if subject.is_some_and(|s| s != named) {
        return Err(Error::SubjectMismatch {
            stream: entry.stream,
            reason: "the document names another subject than the stream's".to_owned(),
        });
    }
    let slot = staged.entry(entry.stream.clone()).or_insert_with(|| {
        let chain = streams.get(&entry.stream);
        Staged {
            subject: named,
            base: chain.map_or(0, |c| u64::try_from(c.entries.len()).unwrap_or(u64::MAX)),
            last: chain.and_then(|c| c.entries.last().map(|r| r.digest)),
            new: Vec::new(),
        }
    });
    let sequence = slot
        .base
        .saturating_add(u64::try_from(slot.new.len()).unwrap_or(u64::MAX));
    let stored = StoredEntry {
        sequence,
        digest: entry.digest(),
        predecessor: entry.predecessor,
        stream: entry.stream,
        document: Some(entry.document),
    };
    slot.new.push(stored.clone());
    Ok(stored)
}

impl Log for MemoryLog {
    fn append(&self, entry: NewEntry) -> Result<StoredEntry> {
        let mut out = self.append_many(vec![entry])?;
        out.pop().ok_or(Error::Storage {
            operation: "appending",
            message: "no entry was stored".to_owned(),
        })
    }

    fn append_many(&self, entries: Vec<NewEntry>) -> Result<Vec<StoredEntry>> {
        let mut streams = self.lock();
        let mut staged = BTreeMap::new();
        let mut out = Vec::with_capacity(entries.len());
        for entry in entries {
            out.push(stage(&self.profile, &streams, &mut staged, entry)?);
        }
        // Every entry passed: apply them all (nothing below can fail).
        for (stream, s) in staged {
            let chain = streams.entry(stream).or_insert_with(|| Chain {
                subject: Some(s.subject),
                erased: false,
                entries: Vec::new(),
            });
            chain.entries.extend(s.new);
        }
        Ok(out)
    }

    fn head(&self, stream: &str) -> Result<Option<StoredEntry>> {
        Ok(self
            .lock()
            .get(stream)
            .and_then(|c| c.entries.last().cloned()))
    }

    fn entries(&self, stream: &str) -> Result<Vec<StoredEntry>> {
        Ok(self
            .lock()
            .get(stream)
            .map(|c| c.entries.clone())
            .unwrap_or_default())
    }

    fn streams(&self, after: Option<&str>, limit: usize) -> Result<Page> {
        let streams = self.lock();
        let lower = after.map_or(Bound::Unbounded, Bound::Excluded);
        let ids: Vec<String> = streams
            .range::<str, _>((lower, Bound::Unbounded))
            .take(limit)
            .map(|(id, _)| id.clone())
            .collect();
        Ok(Page::new(ids, limit))
    }

    fn streams_of(&self, subject: &str) -> Result<Vec<String>> {
        Ok(self
            .lock()
            .iter()
            .filter(|(_, c)| !c.erased && c.subject.as_deref() == Some(subject))
            .map(|(id, _)| id.clone())
            .collect())
    }

    fn erase_subject(&self, subject: &str) -> Result<ErasureReport> {
        let mut streams = self.lock();
        let mut report = ErasureReport::default();
        if subject.is_empty() {
            return Ok(report);
        }
        for (id, chain) in streams.iter_mut() {
            if chain.erased {
                continue;
            }
            // Found from what was signed: the head document's subject.
            let signed = chain
                .entries
                .last()
                .and_then(|e| e.document.as_deref())
                .and_then(|d| self.profile.subject_of(d));
            if signed.as_deref() != Some(subject) {
                continue;
            }
            chain.subject = None;
            chain.erased = true;
            for entry in &mut chain.entries {
                if entry.document.take().is_some() {
                    report.entries = report.entries.saturating_add(1);
                }
            }
            report.streams.push(id.clone());
        }
        Ok(report)
    }

    fn put_cited(&self, document: Vec<u8>) -> Result<ContentDigest> {
        let digest = ContentDigest::of_bytes(&document);
        let mut cited = self.lock_cited();
        if !cited.iter().any(|a| a.digest == digest) {
            let position = u64::try_from(cited.len()).unwrap_or(u64::MAX);
            cited.push(CitedDocument {
                position,
                digest,
                document,
            });
        }
        Ok(digest)
    }

    fn cited(&self) -> Result<Vec<CitedDocument>> {
        Ok(self.lock_cited().clone())
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        for (expected, a) in self.lock_cited().iter().enumerate() {
            let expected = u64::try_from(expected).unwrap_or(u64::MAX);
            check_cited(&self.profile, expected, a.position, &a.digest, &a.document)?;
            report.cited = report.cited.saturating_add(1);
        }
        let streams = self.lock();
        for (id, chain) in streams.iter() {
            let subject = chain.subject.as_deref();
            let Some(head) = chain.entries.last() else {
                return Err(
                    ChainChecker::new(id, &self.profile, subject, chain.erased, 0)
                        .tampered(0, Tamper::Missing),
                );
            };
            let mut checker =
                ChainChecker::new(id, &self.profile, subject, chain.erased, head.sequence);
            for r in &chain.entries {
                checker.row(&Row {
                    sequence: r.sequence,
                    digest: r.digest,
                    predecessor: r.predecessor,
                    document: r.document.as_deref(),
                })?;
            }
            let (entries, tombstones) = checker.finish(head.digest)?;
            report.streams = report.streams.saturating_add(1);
            report.entries = report.entries.saturating_add(entries);
            report.tombstones = report.tombstones.saturating_add(tombstones);
        }
        Ok(report)
    }
}
