//! A ledger in memory: for tests and short-lived tools. Nothing survives the process.

use super::{Ledger, NewRevision, StoredRevision};
use crate::{Error, Result};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// A [`Ledger`] held in memory.
#[derive(Debug, Default)]
pub struct MemoryLedger {
    records: Mutex<HashMap<String, Vec<StoredRevision>>>,
}

impl MemoryLedger {
    /// An empty ledger.
    pub fn new() -> Self {
        Self::default()
    }
}

fn describe(digest: Option<&govblocks_core::digest::ContentDigest>) -> String {
    digest.map_or_else(|| "none".to_owned(), ToString::to_string)
}

impl Ledger for MemoryLedger {
    fn append(&self, revision: NewRevision) -> Result<StoredRevision> {
        // A poisoned lock only means another thread panicked between statements that leave the
        // map consistent (each append is one push), so the data is still good.
        let mut records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        let chain = records.entry(revision.record.clone()).or_default();
        let head = chain.last().map(|r| r.digest);
        if head != revision.predecessor {
            return Err(Error::Conflict {
                record: revision.record,
                expected: describe(revision.predecessor.as_ref()),
                found: describe(head.as_ref()),
            });
        }
        let stored = StoredRevision {
            sequence: u64::try_from(chain.len()).unwrap_or(u64::MAX),
            digest: revision.digest(),
            predecessor: revision.predecessor,
            record: revision.record,
            document: Some(revision.document),
        };
        chain.push(stored.clone());
        Ok(stored)
    }

    fn head(&self, record: &str) -> Result<Option<StoredRevision>> {
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(records.get(record).and_then(|c| c.last().cloned()))
    }

    fn revisions(&self, record: &str) -> Result<Vec<StoredRevision>> {
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(records.get(record).cloned().unwrap_or_default())
    }

    fn records(&self) -> Result<Vec<String>> {
        let records = self.records.lock().unwrap_or_else(PoisonError::into_inner);
        Ok(records.keys().cloned().collect())
    }
}
