//! The one routine that opens a SQLite file for every store (feature `sqlite`).
//!
//! A store describes its file with a [`FileKind`] — a name for messages, the `application_id`
//! that marks its files, the tables any version of it has, and its migrations — and opens it
//! with [`open`] and [`OpenOptions`]. Whatever the store, opening behaves the same:
//!
//! * **Identify before writing.** The file's `application_id`, `user_version` and schema are
//!   read in **one read transaction** (one consistent snapshot, even while another process is
//!   creating the same file). A file that is not SQLite, SQLite of another application, a
//!   store whose tables are missing ([`Error::Invalid`], `store.invalid`) or a store of a newer
//!   schema version ([`Error::Version`], `store.version`) is refused, and **nothing is written
//!   to it**.
//! * **Create and migrate in one `BEGIN IMMEDIATE` transaction that identifies again**: of
//!   several processes creating the same missing file at once, one creates it and the others
//!   find it created; none sees a half-made file. Migrations run in order, each taking
//!   `user_version` from `n` to `n + 1`, all in that one transaction.
//! * **WAL** (write-ahead log: `<file>-wal` and `<file>-shm` beside the file; keep the three
//!   together), **`synchronous = FULL`** by default (each commit is `fsync`ed before it is
//!   acknowledged; [`Synchronous::Normal`] trades the latest commits on a machine crash for
//!   speed), and a **busy timeout** (5 s by default) so that a second writer waits instead of
//!   failing at once (`store.busy` after it).
//! * **Three kinds of access** ([`Access`]): [`Access::Create`] creates a missing file (or
//!   makes an empty one a store); [`Access::ReadWrite`] writes to an existing store only (a
//!   missing file is `store.not_found`, an empty one `store.invalid`); [`Access::ReadOnly`]
//!   **never creates, migrates or writes**: the file is opened with `SQLITE_OPEN_READONLY`
//!   and `PRAGMA query_only`, a missing file is `store.not_found`, an empty or foreign file is
//!   refused, and a store of an older schema version is read as it is (the caller reads the
//!   version from [`SqliteFile::version`]).
//!
//! # Reading a store in a read-only directory
//!
//! SQLite's WAL mode needs the `-shm` (and `-wal`) files beside the database even to read. When
//! they exist, a read-only connection uses them; when they do not and cannot be created (a
//! directory the reader may not write to, a read-only mount), SQLite refuses to read. Only
//! then does [`Access::ReadOnly`] open the file a second time as **immutable** (the URI
//! parameter `immutable=1`): SQLite reads the main file without any lock and without the
//! write-ahead log. The trade-off, which [`SqliteFile::is_immutable`] reports: nothing
//! protects that reader from a writer changing the file meanwhile (a writer would need to
//! create the `-wal` file in that same directory, which is why this is reasonable there, but a
//! privileged writer could), and commits still held only in a `-wal` file left by a crashed
//! writer are not seen (with no `-wal` file there are none). A store that must be read while
//! it is written belongs in a directory its readers may write to.
//!
//! In a directory the reader *may* write to, SQLite itself may create the `-wal` and `-shm`
//! files of WAL mode while reading and leave them (as any reader of a WAL database does, the
//! `sqlite3` tool included); the database file is never written. A reader running as another
//! user than the writer leaves them owned by that user: run readers as the store's owner (or
//! root, whose files SQLite gives to the database's owner), or from a directory they cannot
//! write to.

use crate::error::{Error, Result};
use rusqlite::{Connection, ErrorCode, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How a store's files are recognised and built.
#[derive(Clone, Copy, Debug)]
pub struct FileKind {
    /// What the store is called in messages (`consent ledger`).
    pub name: &'static str,
    /// The `PRAGMA application_id` that marks the store's files (a 32-bit value; by convention
    /// four ASCII letters, `0x4742434C` = `"GBCL"`).
    pub application_id: i32,
    /// The tables every schema version has: a file of the right `application_id` without them
    /// is refused.
    pub tables: &'static [&'static str],
    /// The migrations: `migrations[n]` takes schema version `n` to `n + 1` (`migrations[0]`
    /// builds the first schema in an empty file). The newest version is `migrations.len()`.
    pub migrations: &'static [&'static str],
}

impl FileKind {
    /// The newest schema version (`migrations.len()`).
    pub fn version(&self) -> i64 {
        i64::try_from(self.migrations.len()).unwrap_or(i64::MAX)
    }

    fn invalid(&self, path: &Path, reason: impl Into<String>) -> Error {
        Error::Invalid {
            kind: self.name,
            path: path.display().to_string(),
            reason: reason.into(),
        }
    }
}

/// What [`open`] may do to the file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Access {
    /// Read only: never create, migrate or write (see the [module documentation](self)).
    ReadOnly,
    /// Read and write an existing store (migrating an older one); never create one.
    ReadWrite,
    /// Read and write, creating the store when the file is missing or empty.
    #[default]
    Create,
}

/// How hard SQLite pushes each commit to the disk (`PRAGMA synchronous`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Synchronous {
    /// `FULL`: every commit is synced before it is acknowledged; survives power loss.
    #[default]
    Full,
    /// `NORMAL`: commits are synced at checkpoints only; survives a process crash, but a power
    /// loss or OS crash may lose the latest acknowledged commits, those since the last
    /// checkpoint (in WAL mode the file stays consistent: it holds every commit up to some
    /// point, never part of one). What was lost is as if never written: an id accepted once
    /// in those last moments may be accepted again.
    Normal,
}

/// Options of [`open`]; the [`Default`] creates, with `synchronous = FULL` and a 5 s busy
/// timeout.
#[derive(Clone, Copy, Debug)]
pub struct OpenOptions {
    access: Access,
    synchronous: Synchronous,
    busy_timeout: Duration,
}

impl Default for OpenOptions {
    fn default() -> Self {
        Self {
            access: Access::Create,
            synchronous: Synchronous::Full,
            busy_timeout: Duration::from_secs(5),
        }
    }
}

impl OpenOptions {
    /// What opening may do to the file (default [`Access::Create`]).
    #[must_use]
    pub fn with_access(mut self, access: Access) -> Self {
        self.access = access;
        self
    }

    /// The durability of each commit (default [`Synchronous::Full`]).
    #[must_use]
    pub fn with_synchronous(mut self, synchronous: Synchronous) -> Self {
        self.synchronous = synchronous;
        self
    }

    /// How long a connection waits for another's lock before failing with `store.busy`
    /// (default 5 s).
    #[must_use]
    pub fn with_busy_timeout(mut self, timeout: Duration) -> Self {
        self.busy_timeout = timeout;
        self
    }

    /// The access asked for.
    pub fn access(&self) -> Access {
        self.access
    }

    /// The durability asked for.
    pub fn synchronous(&self) -> Synchronous {
        self.synchronous
    }

    /// The busy timeout asked for.
    pub fn busy_timeout(&self) -> Duration {
        self.busy_timeout
    }
}

/// An open store file: the connection and what opening found.
#[derive(Debug)]
pub struct SqliteFile {
    /// The connection, set up as the [module documentation](self) says.
    pub connection: Connection,
    path: PathBuf,
    version: i64,
    access: Access,
    immutable: bool,
}

impl SqliteFile {
    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The file's schema version (after migration, unless opened read-only: then the version
    /// found, which may be older than [`FileKind::version`]).
    pub fn version(&self) -> i64 {
        self.version
    }

    /// The access it was opened with.
    pub fn access(&self) -> Access {
        self.access
    }

    /// Whether it is read-only ([`Access::ReadOnly`]).
    pub fn is_read_only(&self) -> bool {
        self.access == Access::ReadOnly
    }

    /// Whether the read-only fallback for a directory without `-shm` was taken (see the
    /// [module documentation](self#reading-a-store-in-a-read-only-directory)).
    pub fn is_immutable(&self) -> bool {
        self.immutable
    }
}

/// Maps a SQLite error to `store.busy` or `store.storage`, naming what was being done.
pub fn storage_error(e: &rusqlite::Error, operation: &'static str) -> Error {
    match e.sqlite_error_code() {
        Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Error::Busy { operation },
        _ => Error::Storage {
            operation,
            message: e.to_string(),
        },
    }
}

/// `rusqlite::Result` to this crate's, naming what was being done.
pub trait OrStorage<T> {
    /// Maps the error with [`storage_error`].
    fn or_storage(self, operation: &'static str) -> Result<T>;
}

impl<T> OrStorage<T> for rusqlite::Result<T> {
    fn or_storage(self, operation: &'static str) -> Result<T> {
        self.map_err(|e| storage_error(&e, operation))
    }
}

/// What the file holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Found {
    /// An empty database (a missing or 0-byte file, or SQLite with nothing in it).
    Empty,
    /// A store of this kind at this schema version.
    Version(i64),
}

/// Opens the store file at `path` (see the [module documentation](self)).
///
/// Errors: `store.not_found`, `store.invalid`, `store.version`, `store.busy`, `store.storage`.
pub fn open(path: impl AsRef<Path>, kind: &FileKind, options: OpenOptions) -> Result<SqliteFile> {
    let path = path.as_ref().to_path_buf();
    match std::fs::metadata(&path) {
        Ok(meta) if !meta.is_file() => {
            return Err(kind.invalid(&path, "not a regular file"));
        }
        Ok(_) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if options.access != Access::Create {
                return Err(Error::NotFound {
                    kind: kind.name,
                    path: path.display().to_string(),
                });
            }
        }
        Err(e) => {
            return Err(Error::Storage {
                operation: "opening the file",
                message: format!("{}: {e}", path.display()),
            })
        }
    }
    match options.access {
        Access::ReadOnly => open_read_only(path, kind, options),
        Access::ReadWrite | Access::Create => open_read_write(path, kind, options),
    }
}

fn open_read_only(path: PathBuf, kind: &FileKind, options: OpenOptions) -> Result<SqliteFile> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(&path, flags).or_storage("opening the file")?;
    conn.busy_timeout(options.busy_timeout)
        .or_storage("setting the busy timeout")?;
    let (conn, found, immutable) = match identify(&conn, &path, kind) {
        Ok(found) => (conn, found, false),
        Err(Error::Storage { .. }) if cannot_open_wal(&conn) => {
            drop(conn);
            let conn = Connection::open_with_flags(
                immutable_uri(&path)?,
                flags | OpenFlags::SQLITE_OPEN_URI,
            )
            .or_storage("opening the file")?;
            let found = identify(&conn, &path, kind)?;
            (conn, found, true)
        }
        Err(e) => return Err(e),
    };
    let version = match found {
        Found::Empty => return Err(kind.invalid(&path, "an empty file")),
        Found::Version(v) => v,
    };
    conn.pragma_update(None, "query_only", "ON")
        .or_storage("opening read-only")?;
    Ok(SqliteFile {
        connection: conn,
        path,
        version,
        access: Access::ReadOnly,
        immutable,
    })
}

/// Whether a read-only connection failed because WAL's `-shm`/`-wal` cannot be made.
fn cannot_open_wal(conn: &Connection) -> bool {
    // The error is SQLITE_CANTOPEN or SQLITE_READONLY_* on the first read; ask again to see
    // which (the first error was mapped to `store.storage`).
    match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| {
        r.get::<_, i64>(0)
    }) {
        Ok(_) => false,
        Err(e) => matches!(
            e.sqlite_error_code(),
            Some(ErrorCode::CannotOpen | ErrorCode::ReadOnly)
        ),
    }
}

/// `file:<absolute path, percent-encoded>?immutable=1`.
fn immutable_uri(path: &Path) -> Result<String> {
    let absolute = std::path::absolute(path).map_err(|e| Error::Storage {
        operation: "opening the file",
        message: format!("{}: {e}", path.display()),
    })?;
    let text = absolute.to_str().ok_or_else(|| Error::Storage {
        operation: "opening the file",
        message: format!("{}: not a UTF-8 path", path.display()),
    })?;
    let mut uri = String::from("file:");
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            uri.push(char::from(b));
        } else {
            uri.push_str(&format!("%{b:02X}"));
        }
    }
    uri.push_str("?immutable=1");
    Ok(uri)
}

fn open_read_write(path: PathBuf, kind: &FileKind, options: OpenOptions) -> Result<SqliteFile> {
    let mut flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    if options.access == Access::Create {
        flags |= OpenFlags::SQLITE_OPEN_CREATE;
    }
    let mut conn = Connection::open_with_flags(&path, flags).or_storage("opening the file")?;
    conn.busy_timeout(options.busy_timeout)
        .or_storage("setting the busy timeout")?;
    let found = identify(&conn, &path, kind)?;
    if found == Found::Empty && options.access != Access::Create {
        return Err(kind.invalid(&path, "an empty file"));
    }
    // Only now that the file is known to be ours (or empty) may anything be written to it.
    switch_to_wal(&conn, options.busy_timeout)?;
    let synchronous = match options.synchronous {
        Synchronous::Full => "FULL",
        Synchronous::Normal => "NORMAL",
    };
    conn.pragma_update(None, "synchronous", synchronous)
        .or_storage("setting synchronous")?;
    let version = match found {
        Found::Version(v) if v == kind.version() => v,
        _ => migrate(&mut conn, &path, kind)?,
    };
    Ok(SqliteFile {
        connection: conn,
        path,
        version,
        access: options.access,
        immutable: false,
    })
}

/// Puts the file in WAL mode (a no-op when it already is). Changing the journal mode takes an
/// exclusive lock without SQLite's busy handler, so while other processes hold the file (many
/// opening a new file at once) it is retried until the busy timeout.
fn switch_to_wal(conn: &Connection, timeout: Duration) -> Result<()> {
    const OP: &str = "switching to WAL";
    let deadline = std::time::Instant::now() + timeout;
    let mut pause = Duration::from_millis(1);
    loop {
        let outcome = conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0));
        let retry = match outcome {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => Error::Storage {
                operation: OP,
                message: format!("SQLite kept journal mode {mode:?}"),
            },
            Err(e) => match storage_error(&e, OP) {
                busy @ Error::Busy { .. } => busy,
                other => return Err(other),
            },
        };
        if std::time::Instant::now() >= deadline {
            return Err(retry);
        }
        std::thread::sleep(pause);
        pause = (pause * 2).min(Duration::from_millis(20));
    }
}

/// Creates or migrates the schema in one `BEGIN IMMEDIATE` transaction that identifies the
/// file again (another process may have created or migrated it meanwhile).
fn migrate(conn: &mut Connection, path: &Path, kind: &FileKind) -> Result<i64> {
    const OP: &str = "creating or migrating the store";
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .or_storage(OP)?;
    let from = match identify(&tx, path, kind)? {
        Found::Empty => 0,
        Found::Version(v) => v,
    };
    let start = usize::try_from(from).unwrap_or(usize::MAX);
    for migration in kind.migrations.iter().skip(start) {
        tx.execute_batch(migration).or_storage(OP)?;
    }
    if from < kind.version() {
        tx.pragma_update(None, "application_id", kind.application_id)
            .or_storage(OP)?;
        tx.pragma_update(None, "user_version", kind.version())
            .or_storage(OP)?;
    }
    tx.commit().or_storage(OP)?;
    Ok(kind.version())
}

/// Reads the file's identity in one read transaction, writing nothing.
fn identify(conn: &Connection, path: &Path, kind: &FileKind) -> Result<Found> {
    const OP: &str = "reading the file header";
    let nested = !conn.is_autocommit();
    if !nested {
        conn.execute_batch("BEGIN DEFERRED").or_storage(OP)?;
    }
    let found = identify_in(conn, path, kind);
    if !nested {
        // A read transaction: ending it cannot lose anything.
        let _ = conn.execute_batch("COMMIT");
    }
    found
}

fn identify_in(conn: &Connection, path: &Path, kind: &FileKind) -> Result<Found> {
    const OP: &str = "reading the file header";
    // The first read takes the read lock (and, in WAL mode, the snapshot); the pragmas below
    // read the header of that same snapshot.
    let objects: i64 = match conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))
    {
        Ok(n) => n,
        Err(e) if e.sqlite_error_code() == Some(ErrorCode::NotADatabase) => {
            return Err(kind.invalid(path, "not a SQLite database"));
        }
        Err(e) => return Err(storage_error(&e, OP)),
    };
    let application_id: i64 = conn
        .query_row("PRAGMA application_id", [], |r| r.get(0))
        .or_storage(OP)?;
    let version: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .or_storage(OP)?;
    if application_id == 0 && version == 0 && objects == 0 {
        return Ok(Found::Empty);
    }
    if application_id != i64::from(kind.application_id) {
        return Err(kind.invalid(
            path,
            format!(
                "a SQLite database of another application (application_id {application_id:#x})"
            ),
        ));
    }
    if version > kind.version() {
        return Err(Error::Version {
            kind: kind.name,
            found: version,
            supported: kind.version(),
        });
    }
    if version < 1 {
        return Err(kind.invalid(path, "a store without a schema version"));
    }
    let mut present = 0usize;
    for table in kind.tables {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?1",
                [table],
                |r| r.get(0),
            )
            .or_storage(OP)?;
        if n == 1 {
            present += 1;
        }
    }
    if present != kind.tables.len() {
        return Err(kind.invalid(path, "the store's tables are missing"));
    }
    Ok(Found::Version(version))
}
