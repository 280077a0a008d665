//! A ledger in memory: for tests and short-lived tools. Nothing survives the process.
//!
//! It behaves like [`super::sqlite::SqliteLedger`] in every respect the [`Ledger`] trait
//! describes (the same storage test suite runs against both), except durability. Erasure drops
//! the documents from the ledger's maps; the allocator may keep the freed bytes in the process's
//! memory until they are reused, so [`ErasureReport::scrubbed`] is `false`.

use super::{
    check_agreement, describe, ChainChecker, CheckReport, ErasureReport, Ledger, NewRevision, Row,
    StoredAgreement, StoredRevision, Tamper,
};
use crate::{Error, Result};
use govblocks_core::digest::ContentDigest;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Mutex, MutexGuard, PoisonError};

/// One record: its principal (gone once erased) and its chain.
#[derive(Debug, Default)]
struct Chain {
    principal: Option<String>,
    erased: bool,
    revisions: Vec<StoredRevision>,
}

/// A [`Ledger`] held in memory.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    records: Mutex<HashMap<String, Chain>>,
    agreements: Mutex<Vec<StoredAgreement>>,
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<String, Chain>> {
        // A poisoned lock only means another thread panicked; every change below is made only
        // after all its checks passed, with no fallible step in between, so the data is good.
        self.records.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn lock_agreements(&self) -> MutexGuard<'_, Vec<StoredAgreement>> {
        // As for the records: an agreement is pushed whole or not at all.
        self.agreements
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }
}

/// The state of one record as an append sees it: what is stored plus what the same call staged.
struct Staged {
    principal: String,
    base: u64,
    last: Option<StoredRevision>,
    new: Vec<StoredRevision>,
}

/// Validates `revision` against the record's current state and stages it.
fn stage(
    records: &HashMap<String, Chain>,
    staged: &mut BTreeMap<String, Staged>,
    revision: NewRevision,
) -> Result<StoredRevision> {
    let (head, principal) = match staged.get(&revision.record) {
        Some(s) => (
            s.new.last().or(s.last.as_ref()).map(|r| r.digest),
            Some(s.principal.as_str()),
        ),
        None => match records.get(&revision.record) {
            Some(chain) => {
                if chain.erased {
                    return Err(Error::LedgerErased {
                        record: revision.record,
                    });
                }
                (
                    chain.revisions.last().map(|r| r.digest),
                    chain.principal.as_deref(),
                )
            }
            None => (None, None),
        },
    };
    if head != revision.predecessor {
        return Err(Error::Conflict {
            record: revision.record,
            expected: describe(revision.predecessor.as_ref()),
            found: describe(head.as_ref()),
        });
    }
    if principal.is_some_and(|p| p != revision.principal) {
        return Err(Error::LedgerPrincipalMismatch {
            record: revision.record,
        });
    }
    let entry = staged.entry(revision.record.clone()).or_insert_with(|| {
        let chain = records.get(&revision.record);
        Staged {
            principal: revision.principal.clone(),
            base: chain.map_or(0, |c| u64::try_from(c.revisions.len()).unwrap_or(u64::MAX)),
            last: chain.and_then(|c| c.revisions.last().cloned()),
            new: Vec::new(),
        }
    });
    let sequence = entry
        .base
        .saturating_add(u64::try_from(entry.new.len()).unwrap_or(u64::MAX));
    let stored = StoredRevision {
        sequence,
        digest: revision.digest(),
        predecessor: revision.predecessor,
        record: revision.record,
        document: Some(revision.document),
    };
    entry.new.push(stored.clone());
    Ok(stored)
}

impl Ledger for MemoryLedger {
    fn append(&self, revision: NewRevision) -> Result<StoredRevision> {
        let mut out = self.append_many(vec![revision])?;
        out.pop().ok_or(Error::LedgerStorage {
            operation: "appending",
            message: "no revision was stored".to_owned(),
        })
    }

    fn append_many(&self, revisions: Vec<NewRevision>) -> Result<Vec<StoredRevision>> {
        let mut records = self.lock();
        let mut staged = BTreeMap::new();
        let mut out = Vec::with_capacity(revisions.len());
        for revision in revisions {
            out.push(stage(&records, &mut staged, revision)?);
        }
        // Every revision passed: apply them all (nothing below can fail).
        for (record, s) in staged {
            let chain = records.entry(record).or_insert_with(|| Chain {
                principal: Some(s.principal),
                erased: false,
                revisions: Vec::new(),
            });
            chain.revisions.extend(s.new);
        }
        Ok(out)
    }

    fn head(&self, record: &str) -> Result<Option<StoredRevision>> {
        Ok(self
            .lock()
            .get(record)
            .and_then(|c| c.revisions.last().cloned()))
    }

    fn revisions(&self, record: &str) -> Result<Vec<StoredRevision>> {
        Ok(self
            .lock()
            .get(record)
            .map(|c| c.revisions.clone())
            .unwrap_or_default())
    }

    fn records(&self) -> Result<Vec<String>> {
        Ok(self.lock().keys().cloned().collect())
    }

    fn records_of(&self, principal: &str) -> Result<Vec<String>> {
        let mut ids: Vec<String> = self
            .lock()
            .iter()
            .filter(|(_, c)| c.principal.as_deref() == Some(principal))
            .map(|(id, _)| id.clone())
            .collect();
        ids.sort();
        Ok(ids)
    }

    fn erase_principal(&self, principal: &str) -> Result<ErasureReport> {
        let mut records = self.lock();
        let mut report = ErasureReport::default();
        for (id, chain) in records.iter_mut() {
            if chain.principal.as_deref() != Some(principal) {
                continue;
            }
            chain.principal = None;
            chain.erased = true;
            for revision in &mut chain.revisions {
                if revision.document.take().is_some() {
                    report.revisions = report.revisions.saturating_add(1);
                }
            }
            report.records.push(id.clone());
        }
        report.records.sort();
        Ok(report)
    }

    fn put_agreement(&self, document: Vec<u8>) -> Result<ContentDigest> {
        let digest = ContentDigest::of_bytes(&document);
        let mut agreements = self.lock_agreements();
        if !agreements.iter().any(|a| a.digest == digest) {
            let position = u64::try_from(agreements.len()).unwrap_or(u64::MAX);
            agreements.push(StoredAgreement {
                position,
                digest,
                document,
            });
        }
        Ok(digest)
    }

    fn agreements(&self) -> Result<Vec<StoredAgreement>> {
        Ok(self.lock_agreements().clone())
    }

    fn check(&self) -> Result<CheckReport> {
        let mut report = CheckReport::default();
        for (expected, a) in self.lock_agreements().iter().enumerate() {
            let expected = u64::try_from(expected).unwrap_or(u64::MAX);
            check_agreement(expected, a.position, &a.digest, &a.document)?;
            report.agreements = report.agreements.saturating_add(1);
        }
        let records = self.lock();
        for (id, chain) in records.iter() {
            let Some(head) = chain.revisions.last() else {
                return Err(ChainChecker::new(id, chain.erased, 0).tampered(0, Tamper::Missing));
            };
            let mut checker = ChainChecker::new(id, chain.erased, head.sequence);
            for r in &chain.revisions {
                checker.row(&Row {
                    sequence: r.sequence,
                    digest: r.digest,
                    predecessor: r.predecessor,
                    document: r.document.as_deref(),
                })?;
            }
            let (revisions, tombstones) = checker.finish(head.digest)?;
            report.records = report.records.saturating_add(1);
            report.revisions = report.revisions.saturating_add(revisions);
            report.tombstones = report.tombstones.saturating_add(tombstones);
        }
        Ok(report)
    }
}
