//! Reading input: a file or stdin, never more than a size cap.
//!
//! Untrusted input is read with a cap of [`Limits::default().max_bytes`](Limits) + 1 bytes: an
//! input that reaches the extra byte is refused as `json.too_large` without reading the rest,
//! so a huge (or endless) stdin costs at most the cap in memory and time.

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

/// The byte cap for untrusted documents: the strict parser's default size limit.
pub fn document_limit() -> usize {
    Limits::default().max_bytes
}

/// Reads a whole document from `source`, refusing more than [`document_limit`] bytes.
pub fn read_document(source: &Source) -> Result<Vec<u8>, CliError> {
    let mut buf = Vec::new();
    read_capped(source, document_limit(), &mut buf)?;
    Ok(buf)
}

/// Appends at most `limit` bytes of `source` to `buf`; more is [`Error::JsonTooLarge`]. Reading
/// an interactive terminal is a usage error (the command would wait for input forever).
///
/// Callers that read secrets pass a `buf` with capacity `limit + 1`, so it never reallocates
/// and leaves no copy of the secret behind in freed memory.
pub fn read_capped(source: &Source, limit: usize, buf: &mut Vec<u8>) -> Result<(), CliError> {
    let cap = u64::try_from(limit).unwrap_or(u64::MAX).saturating_add(1);
    let start = buf.len();
    let known_size = match source {
        Source::Stdin => {
            let stdin = std::io::stdin();
            if stdin.is_terminal() {
                return Err(CliError::Usage(
                    "no input: give a FILE argument or pipe the document into stdin".into(),
                ));
            }
            stdin
                .lock()
                .take(cap)
                .read_to_end(buf)
                .map_err(|e| io_error(e, "stdin"))?;
            None
        }
        Source::File(path) => {
            let shown = path.display().to_string();
            let file = File::open(path).map_err(|e| io_error(e, &shown))?;
            let size = file.metadata().ok().map(|m| m.len());
            file.take(cap)
                .read_to_end(buf)
                .map_err(|e| io_error(e, &shown))?;
            size
        }
    };
    let read = buf.len() - start;
    if read > limit {
        // The real size is known for regular files; for a stream only that it is over the cap.
        let size = known_size
            .and_then(|s| usize::try_from(s).ok())
            .map_or(read, |s| s.max(read));
        return Err(CliError::Core(Error::JsonTooLarge { size, limit }));
    }
    Ok(())
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
