//! What the command prints, and how it fails.
//!
//! The output contract, the same for every subcommand:
//!
//! * **stdout** carries machine-readable output only: the command's result on success, or
//!   exactly one line `{"error":{"code":"…","message":"…"}}` on failure (the shape of the
//!   `core/v1/error.json` schema). `code` is the stable [`govblocks_core::Error::code`] (or
//!   `cli.usage` for bad usage); `message` is for humans and may change. `schema.invalid` errors
//!   also carry `violations` (`instancePath`, `schemaPath`, `message` each), and JSON errors
//!   whose location the parser knows carry `path` (a JSON Pointer).
//! * **stderr** carries hints for humans only (clap's usage text after a usage error).
//! * **exit status**: 0 success, 1 failure (the input is bad, does not verify, a file is
//!   missing, …), 2 bad usage (unknown flag, missing or malformed argument). Both 1 and 2
//!   print the error JSON on stdout.
//!
//! When stdout itself fails (a full disk, a closed pipe), the output is an `io.error`: exit
//! status 1, the error line is still attempted on stdout, and since it most likely cannot be
//! written either, one line for humans goes to stderr:
//! `govblocks: io.error: I/O error: stdout: No space left on device (os error 28) (the error
//! JSON could not be written to stdout)`. Nothing here panics.

use govblocks_core::error::{error_object, CodedError, Position, ProofLocation, SchemaViolation};
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// The stable code of usage errors (bad flags, missing or malformed arguments).
pub const USAGE_CODE: &str = "cli.usage";

/// The code of a failed read or write (a missing file, a full disk, a closed stdout).
pub const IO_CODE: &str = "io.error";

/// The code of input over the size limit (core's [`govblocks_core::Error::JsonTooLarge`]).
pub const TOO_LARGE_CODE: &str = "json.too_large";

/// Why a subcommand failed.
///
/// Any error with a stable code ([`CodedError`]: core's, every block's, a store's) converts
/// into [`CliError::Coded`] with `?`, so a new block adds no variant here.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// An error with a stable code (bad input, failed verification, a deny reason of
    /// `consent check`, …): exit status 1.
    Coded(Box<dyn CodedError>),
    /// Reading or writing failed: exit status 1, code `io.error`.
    Io(std::io::Error),
    /// The command was used wrongly in a way clap cannot see: exit status 2, code `cli.usage`.
    Usage(String),
    /// A stream over the size limit whose size was not counted to the end (it goes on past
    /// `more_than` bytes; see [`crate::io`]): exit status 1, code `json.too_large`, like core's
    /// [`govblocks_core::Error::JsonTooLarge`] for an input whose size is known.
    TooLarge {
        /// How far the stream was counted.
        more_than: u64,
        /// The size limit.
        limit: usize,
    },
}

impl<E: CodedError + 'static> From<E> for CliError {
    /// A block's error that wraps a core error renders as the core error does: each block's
    /// [`CodedError`] implementation delegates to the wrapped error.
    fn from(e: E) -> Self {
        CliError::Coded(Box::new(e))
    }
}

impl CliError {
    /// Serializing our own output failed (which only happens when writing fails).
    pub fn output(e: serde_json::Error) -> Self {
        CliError::Io(e.into())
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Coded(e) => e.fmt(f),
            CliError::Io(e) => write!(f, "I/O error: {e}"),
            CliError::Usage(message) => f.write_str(message),
            CliError::TooLarge { more_than, limit } => write!(
                f,
                "input of more than {more_than} bytes exceeds the limit of {limit} bytes"
            ),
        }
    }
}

impl std::error::Error for CliError {}

/// A [`CliError`] seen as a [`CodedError`], for core's renderer. (`CliError` itself does not
/// implement `CodedError`, so that every `CodedError` can convert into it.)
#[derive(Debug)]
struct Coded<'a>(&'a CliError);

impl std::fmt::Display for Coded<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::error::Error for Coded<'_> {}

impl CodedError for Coded<'_> {
    fn code(&self) -> &'static str {
        self.0.code()
    }
    fn position(&self) -> Option<&Position> {
        match self.0 {
            CliError::Coded(e) => e.position(),
            _ => None,
        }
    }
    fn violations(&self) -> &[SchemaViolation] {
        match self.0 {
            CliError::Coded(e) => e.violations(),
            _ => &[],
        }
    }
    fn proof(&self) -> Option<ProofLocation<'_>> {
        match self.0 {
            CliError::Coded(e) => e.proof(),
            _ => None,
        }
    }
}

impl CliError {
    /// The stable code.
    pub fn code(&self) -> &'static str {
        match self {
            CliError::Coded(e) => e.code(),
            CliError::Io(_) => IO_CODE,
            CliError::Usage(_) => USAGE_CODE,
            CliError::TooLarge { .. } => TOO_LARGE_CODE,
        }
    }

    /// The exit status: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Usage(_) => ExitCode::from(2),
            CliError::Coded(_) | CliError::Io(_) | CliError::TooLarge { .. } => ExitCode::from(1),
        }
    }

    /// The `{"error":{…}}` object, rendered by core's one renderer.
    pub fn to_json(&self) -> Value {
        error_object(&Coded(self))
    }
}

/// Writes `bytes` to stdout and flushes. A closed or failing stdout is reported as `io.error`.
pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(|e| CliError::Io(std::io::Error::new(e.kind(), format!("stdout: {e}"))))
}

/// `value` as one line of JSON (indented with `pretty`) and a newline: a command's summary.
pub fn json_line<T: serde::Serialize>(value: &T, pretty: bool) -> Result<Vec<u8>, CliError> {
    let mut out = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}

/// A signed document as `sign` prints it: RFC 8785 canonical form and a newline, or indented
/// with `pretty` (either form verifies the same).
pub fn signed_document(document: &Value, pretty: bool) -> Result<Vec<u8>, CliError> {
    if pretty {
        return json_line(document, true);
    }
    let mut out = govblocks_core::jcs::canonicalize(document);
    out.push(b'\n');
    Ok(out)
}

/// Reports a subcommand's failure: the error JSON on stdout (see [`fail`]) and, for a usage
/// error, a hint for humans on stderr (as clap does for the usage errors it finds).
pub fn report(error: &CliError) -> ExitCode {
    if let CliError::Usage(message) = error {
        let hint = format!("error: {message}\n\nFor more information, try '--help'.\n");
        let _ = std::io::stderr().write_all(hint.as_bytes());
    }
    fail(error)
}

/// Prints `error` as one line of JSON on stdout and returns its exit status. If that line
/// cannot be written (stdout is full or closed), says so in one line on stderr instead.
pub fn fail(error: &CliError) -> ExitCode {
    let mut line = error.to_json().to_string();
    line.push('\n');
    if write_stdout(line.as_bytes()).is_err() {
        let _ = std::io::stderr().write_all(stderr_line(error).as_bytes());
    }
    error.exit_code()
}

/// The one line for stderr when the error JSON cannot be written to stdout.
fn stderr_line(error: &CliError) -> String {
    let message = error.to_string().replace(['\n', '\r'], " ");
    format!(
        "govblocks: {}: {message} (the error JSON could not be written to stdout)\n",
        error.code()
    )
}

/// Handles a clap parse failure: `--help` and `--version` print to stdout and succeed; every
/// other kind prints clap's explanation on stderr and the `cli.usage` error JSON on stdout, and
/// exits with status 2.
pub fn clap_failure(err: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = err.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = err.print();
            fail(&CliError::Usage(
                "a subcommand is required; see `govblocks --help`".into(),
            ))
        }
        _ => {
            let _ = err.print();
            fail(&CliError::Usage(clap_message(&err)))
        }
    }
}

/// The first paragraph of clap's explanation (no `error:` prefix, tip, usage block or `--help`
/// hint), on one line.
fn clap_message(err: &clap::Error) -> String {
    let rendered = err.render().to_string();
    let first = rendered.trim().split("\n\n").next().unwrap_or_default();
    let first = first.strip_prefix("error:").unwrap_or(first);
    let one_line = first.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        "invalid usage; see `govblocks --help`".into()
    } else {
        one_line
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use govblocks_core::Error;

    #[test]
    fn error_json_has_code_message_and_details() {
        let e = CliError::from(Error::JsonDuplicateKey {
            key: "a".into(),
            position: govblocks_core::error::Position {
                path: "/x".into(),
                line: 1,
                column: 9,
            },
        });
        let v = e.to_json();
        assert_eq!(v["error"]["code"], "json.duplicate_key");
        assert_eq!(v["error"]["path"], "/x");
        assert!(v["error"]["message"]
            .as_str()
            .is_some_and(|m| !m.is_empty()));

        let e = CliError::from(Error::SchemaInvalid {
            schema: "s".into(),
            violations: vec![govblocks_core::error::SchemaViolation {
                instance_path: "/a".into(),
                schema_path: "/properties/a/type".into(),
                message: "not a string".into(),
            }],
        });
        let v = e.to_json();
        assert_eq!(v["error"]["violations"][0]["instancePath"], "/a");

        let e = CliError::Usage("bad".into());
        assert_eq!(
            e.to_json().to_string(),
            r#"{"error":{"code":"cli.usage","message":"bad"}}"#
        );

        let e = CliError::TooLarge {
            more_than: 1 << 30,
            limit: 10,
        };
        assert_eq!(
            e.to_json().to_string(),
            r#"{"error":{"code":"json.too_large","message":"input of more than 1073741824 bytes exceeds the limit of 10 bytes"}}"#
        );
        // Any coded error converts with `?`; a block's error wrapping a core error renders as
        // the core error does, and a block's own error with its code.
        let core = || Error::JsonDuplicateKey {
            key: "a".into(),
            position: govblocks_core::error::Position {
                path: "/x".into(),
                line: 1,
                column: 9,
            },
        };
        let direct = CliError::from(core()).to_json();
        assert_eq!(direct["error"]["path"], "/x");
        let wrapped = CliError::from(govblocks_identity::Error::Core(core())).to_json();
        assert_eq!(wrapped, direct);
        assert_eq!(
            CliError::from(govblocks_consent::Error::Core(core())).to_json(),
            direct
        );
        let own = CliError::from(govblocks_consent::Error::PurposeUnknown {
            purpose: "p".into(),
            agreement: "a version 1".into(),
        });
        assert_eq!(own.to_json()["error"]["code"], "consent.purpose_unknown");
        assert_eq!(own.code(), "consent.purpose_unknown");
        assert_eq!(own.exit_code(), ExitCode::from(1));
        assert_eq!(CliError::Usage("u".into()).exit_code(), ExitCode::from(2));
        assert_eq!(
            stderr_line(&CliError::Usage("a\nb".into())),
            "govblocks: cli.usage: a b (the error JSON could not be written to stdout)\n"
        );
    }
}
