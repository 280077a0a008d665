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
//! Nothing here panics: writes to a closed stdout are ignored (the exit status still tells).

use govblocks_core::error::{error_object, CodedError, Position, ProofLocation, SchemaViolation};
use govblocks_core::Error;
use serde_json::Value;
use std::io::Write;
use std::process::ExitCode;

/// The stable code of usage errors (bad flags, missing or malformed arguments).
pub const USAGE_CODE: &str = "cli.usage";

/// The code of a failed read or write (a missing file, a full disk, a closed stdout).
pub const IO_CODE: &str = "io.error";

/// Why a subcommand failed.
#[derive(Debug)]
pub enum CliError {
    /// An error of `govblocks-core` (bad input, failed verification): exit status 1.
    Core(Error),
    /// Reading or writing failed: exit status 1, code `io.error`.
    Io(std::io::Error),
    /// The command was used wrongly in a way clap cannot see: exit status 2, code `cli.usage`.
    Usage(String),
}

impl From<Error> for CliError {
    fn from(e: Error) -> Self {
        CliError::Core(e)
    }
}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError::Io(e)
    }
}

impl From<serde_json::Error> for CliError {
    /// Serializing our own output only fails when writing fails.
    fn from(e: serde_json::Error) -> Self {
        CliError::Io(e.into())
    }
}

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Core(e) => e.fmt(f),
            CliError::Io(e) => write!(f, "I/O error: {e}"),
            CliError::Usage(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CliError {}

impl CodedError for CliError {
    fn code(&self) -> &'static str {
        match self {
            CliError::Core(e) => e.code(),
            CliError::Io(_) => IO_CODE,
            CliError::Usage(_) => USAGE_CODE,
        }
    }
    fn position(&self) -> Option<&Position> {
        match self {
            CliError::Core(e) => e.position(),
            _ => None,
        }
    }
    fn violations(&self) -> &[SchemaViolation] {
        match self {
            CliError::Core(e) => e.violations(),
            _ => &[],
        }
    }
    fn proof(&self) -> Option<ProofLocation<'_>> {
        match self {
            CliError::Core(e) => e.proof(),
            _ => None,
        }
    }
}

impl CliError {
    /// The exit status: 2 for usage errors, 1 for everything else.
    pub fn exit_code(&self) -> ExitCode {
        match self {
            CliError::Core(_) | CliError::Io(_) => ExitCode::from(1),
            CliError::Usage(_) => ExitCode::from(2),
        }
    }

    /// The `{"error":{…}}` object, rendered by core's one renderer.
    pub fn to_json(&self) -> Value {
        error_object(self)
    }
}

/// Writes `bytes` to stdout and flushes. A closed or failing stdout is reported as `io.error`.
pub fn write_stdout(bytes: &[u8]) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    out.write_all(bytes)
        .and_then(|()| out.flush())
        .map_err(CliError::Io)
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

/// Prints `error` as one line of JSON on stdout and returns its exit status.
pub fn fail(error: &CliError) -> ExitCode {
    let mut line = error.to_json().to_string();
    line.push('\n');
    // If stdout itself is gone there is nobody left to tell; the exit status still says it.
    let _ = write_stdout(line.as_bytes());
    error.exit_code()
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

    #[test]
    fn error_json_has_code_message_and_details() {
        let e = CliError::Core(Error::JsonDuplicateKey {
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

        let e = CliError::Core(Error::SchemaInvalid {
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
    }
}
