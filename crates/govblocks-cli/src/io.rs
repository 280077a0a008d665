//! Reading input: a file or stdin, never more than a size cap.
//!
//! Untrusted input is read with a cap of `limit + 1` bytes, where `limit` is the strict
//! parser's [`Limits::max_bytes`] (4 MiB by default, `--max-bytes N` on the command line): an
//! input that reaches the extra byte is refused as `json.too_large`, and at most the cap is
//! ever held in memory.
//!
//! The refusal names the input's real size. A regular file's size is its length on disk. A
//! stream (stdin, a pipe or device named as FILE) is read on to its end to count it — in
//! [`COUNT_CHUNK`]-byte chunks, each discarded, so counting costs no memory — but never past
//! [`COUNT_LIMIT`] bytes (1 GiB): an endless or enormous stream is reported as "more than
//! 1073741824 bytes" once that much has been read, rather than read forever.

use crate::output::CliError;
use govblocks_core::json::Limits;
use govblocks_core::keys::{KeyFile, SecretKey};
use govblocks_core::Error;
use std::fs::File;
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

/// The largest key file accepted, in bytes (a key file is about 400 bytes).
pub const KEY_FILE_LIMIT: usize = 64 * 1024;

/// Where input comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// Standard input.
    Stdin,
    /// A file.
    File(PathBuf),
}

impl Source {
    /// The source a `[FILE]` argument names: stdin when absent or `-`.
    pub fn from_arg(arg: Option<&Path>) -> Self {
        match arg {
            None => Source::Stdin,
            Some(p) if p.as_os_str() == "-" => Source::Stdin,
            Some(p) => Source::File(p.to_path_buf()),
        }
    }
}

/// `--max-bytes N`, flattened into every subcommand that reads a document: the strict
/// parser's [`Limits::max_bytes`] and the reading cap (every other limit stays the default).
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct MaxBytes {
    /// Refuse input larger than N bytes (json.too_large) [default: 4194304, i.e. 4 MiB]
    #[arg(long = "max-bytes", value_name = "N", value_parser = crate::values::max_bytes)]
    pub max_bytes: Option<usize>,
}

impl MaxBytes {
    /// The byte cap: N, or the strict parser's default.
    pub fn limit(&self) -> usize {
        self.limits().max_bytes
    }

    /// The strict parser's limits with this byte cap.
    pub fn limits(&self) -> Limits {
        document_limits(self.max_bytes)
    }
}

/// The most bytes of an over-limit stream that are read (and discarded) to report its size:
/// 1 GiB. A stream that goes on past it is reported as larger than this.
pub const COUNT_LIMIT: u64 = 1 << 30;

/// The size of the chunks an over-limit stream is counted in (each is discarded).
pub const COUNT_CHUNK: usize = 64 * 1024;

/// The strict parser's limits for a document of at most `max_bytes` bytes (`None`: the
/// default 4 MiB); every other limit stays the default.
pub fn document_limits(max_bytes: Option<usize>) -> Limits {
    let mut limits = Limits::default();
    if let Some(max_bytes) = max_bytes {
        limits.max_bytes = max_bytes;
    }
    limits
}

/// Reads a whole document from `source`, refusing more than `limit` bytes.
pub fn read_document(source: &Source, limit: usize) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    read_capped(source, limit, &mut buf)?;
    Ok(buf)
}

/// Appends at most `limit` bytes of `source` to `buf`; more is `json.too_large`, with the
/// input's size (see the [module docs](self)). Reading an interactive terminal is a usage
/// error (the command would wait for input forever).
///
/// Callers that read secrets pass a `buf` with capacity `limit + 1`, so it never reallocates
/// and leaves no copy of the secret behind in freed memory.
pub fn read_capped(source: &Source, limit: usize, buf: &mut Vec<u8>) -> Result<(), CliError> {
    match source {
        Source::Stdin => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(CliError::Usage(
                    "no input: give a FILE argument or pipe the document into stdin".into(),
                ));
            }
            read_from(&mut stdin.lock(), None, limit, buf, "stdin")
        }
        Source::File(path) => {
            let shown = path.display().to_string();
            let mut file = File::open(path).map_err(|e| io_error(e, &shown))?;
            // Only a regular file's length is its size (a pipe or device says 0).
            let size = file
                .metadata()
                .ok()
                .filter(std::fs::Metadata::is_file)
                .map(|m| m.len());
            read_from(&mut file, size, limit, buf, &shown)
        }
    }
}

/// [`read_capped`] on an open reader; `known_size` is a regular file's length.
fn read_from(
    reader: &mut dyn Read,
    known_size: Option<u64>,
    limit: usize,
    buf: &mut Vec<u8>,
    shown: &str,
) -> Result<(), CliError> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let start = buf.len();
    reader
        .take(cap)
        .read_to_end(buf)
        .map_err(|e| io_error(e, shown))?;
    let read = u64::try_from(buf.len() - start).unwrap_or(u64::MAX);
    if read < cap {
        return Ok(());
    }
    let size = match known_size {
        // A file that grew while it was read is at least as large as what was read.
        Some(size) => Some(size.max(read)),
        None => count_rest(reader, read).map_err(|e| io_error(e, shown))?,
    };
    Err(match size.and_then(|s| usize::try_from(s).ok()) {
        Some(size) => CliError::from(Error::JsonTooLarge { size, limit }),
        None => CliError::TooLarge {
            more_than: COUNT_LIMIT,
            limit,
        },
    })
}

/// Reads the rest of `reader` in [`COUNT_CHUNK`]-byte chunks, discarding them, and returns the
/// total size (`read` bytes were already read), or `None` when it exceeds [`COUNT_LIMIT`].
fn count_rest(reader: &mut dyn Read, read: u64) -> std::io::Result<Option<u64>> {
    let mut chunk = vec![0u8; COUNT_CHUNK];
    let mut total = read;
    loop {
        if total > COUNT_LIMIT {
            return Ok(None);
        }
        match reader.read(&mut chunk) {
            Ok(0) => return Ok(Some(total)),
            Ok(n) => total = total.saturating_add(u64::try_from(n).unwrap_or(u64::MAX)),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
}

/// An I/O error that names what was being read.
fn io_error(e: std::io::Error, what: &str) -> CliError {
    CliError::Io(std::io::Error::new(e.kind(), format!("{what}: {e}")))
}

/// Reads and checks the key file `source` names (see [`KeyFile`]). The bytes are read into a
/// buffer sized for the whole cap, so it never reallocates, and wiped when done: no stray copy
/// of the secret is left in freed memory.
pub fn read_secret_key(source: &Source) -> Result<SecretKey, CliError> {
    let mut key_bytes = Zeroizing::new(Vec::with_capacity(KEY_FILE_LIMIT + 1));
    read_capped(source, KEY_FILE_LIMIT, &mut key_bytes)?;
    Ok(KeyFile::parse(&key_bytes)?)
}
