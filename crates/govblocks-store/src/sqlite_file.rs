//! TEMPORARY skeleton (replaced by the `store` branch's opening routine).

use crate::error::Result;
use rusqlite::{Connection, TransactionBehavior};
use std::path::Path;
use std::time::Duration;

/// What a store's file is: its application id and its migrations (index + 1 = version).
#[derive(Debug)]
pub struct Schema {
    /// `PRAGMA application_id`.
    pub application_id: i32,
    /// The migrations, in order.
    pub migrations: &'static [&'static str],
}

/// Opens (creating) a store file.
pub fn open(path: &Path, schema: &Schema) -> Result<Connection> {
    let mut conn = Connection::open(path)?;
    conn.busy_timeout(Duration::from_secs(5))?;
    let _: String = conn.pragma_update_and_check(None, "journal_mode", "WAL", |r| r.get(0))?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: i64 = tx.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let start = usize::try_from(version).unwrap_or(usize::MAX);
    for (i, sql) in schema.migrations.iter().enumerate().skip(start) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", i + 1)?;
    }
    tx.pragma_update(None, "application_id", schema.application_id)?;
    tx.commit()?;
    Ok(conn)
}
