//! `govblocks validate`: check a JSON document against an embedded JSON Schema (2020-12).
//!
//! CONTRACT
//! * `govblocks validate --schema NAME [FILE]`: NAME is a full `$id`
//!   (`https://schemas.govblocks.org/core/v1/key-pair.json`) or a short name the registry
//!   resolves (`core/v1/key-pair`, `key-pair`). FILE (or stdin) goes through the strict parser.
//! * Success: exit 0, stdout `{"valid":true,"schema":"<full $id>"}` and a newline.
//! * Not conforming: exit 1, `{"error":{"code":"schema.invalid","message":…,"violations":[
//!   {"instancePath","schemaPath","message"},…]}}` (every violation, sorted by the registry).
//! * Unknown NAME: exit 1, `schema.unknown`. Malformed JSON: the `json.*` code.
//! * `govblocks validate --list`: exit 0, `{"schemas":["<$id>",…]}` (sorted); FILE with --list is a
//!   usage error.
//! * `--schema` and `--list`: exactly one of them (clap group; otherwise exit 2, `cli.usage`).
//! * `--pretty` indents the success output; `--max-bytes N` raises (or lowers) the 4 MiB size
//!   limit of FILE.

use crate::io::{read_document, MaxBytes, Source};
use crate::output::CliError;
use clap::{ArgGroup, Args};
use govblocks_core::json;
use govblocks_core::schema::SchemaRegistry;
use serde::Serialize;
use std::path::PathBuf;

const VALIDATE_LONG_ABOUT: &str = "\
Check a JSON document against one of the embedded JSON Schemas (2020-12).

The document goes through the strict parser first. --schema takes a full $id or a short name
(core/v1/key-pair, or key-pair when unambiguous); --list prints every embedded $id.

Output on success (exit 0): {\"valid\":true,\"schema\":\"<full $id>\"}
Not conforming (exit 1): {\"error\":{\"code\":\"schema.invalid\",\"message\":\"…\",
  \"violations\":[{\"instancePath\":\"/…\",\"schemaPath\":\"/…\",\"message\":\"…\"}]}}

Examples:
  govblocks validate --schema key-pair me.key.json
  govblocks validate --list";

/// Arguments of `govblocks validate`.
#[derive(Debug, Args)]
#[command(
    about = "Check a JSON document against an embedded JSON Schema",
    long_about = VALIDATE_LONG_ABOUT,
    group(ArgGroup::new("what").required(true).args(["schema", "list"]))
)]
pub struct ValidateArgs {
    /// The schema: a full $id or a short name (e.g. core/v1/key-pair).
    #[arg(long, value_name = "NAME", value_parser = crate::values::non_empty)]
    pub schema: Option<String>,

    /// Print the $id of every embedded schema instead of validating.
    #[arg(long)]
    pub list: bool,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,

    /// The JSON document; stdin when absent or `-`.
    #[arg(value_name = "FILE", conflicts_with = "list")]
    pub file: Option<PathBuf>,

    #[command(flatten)]
    pub max_bytes: MaxBytes,
}

#[derive(Serialize)]
struct Valid<'a> {
    valid: bool,
    schema: &'a str,
}

#[derive(Serialize)]
struct List<'a> {
    schemas: Vec<&'a str>,
}

crate::run_with!(ValidateArgs, run);

/// Runs `validate`.
pub fn run(args: &ValidateArgs) -> Result<Vec<u8>, CliError> {
    let registry = SchemaRegistry::builtin();
    if args.list {
        let list = List {
            schemas: registry.ids().collect(),
        };
        return to_output(&list, args.pretty);
    }
    // The ArgGroup makes --schema present when --list is not.
    let name = args.schema.as_deref().unwrap_or_default();
    let source = Source::from_arg(args.file.as_deref());
    let bytes = read_document(&source, args.max_bytes.limit())?;
    let value = json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    registry.validate(name, &value)?;
    let valid = Valid {
        valid: true,
        schema: registry.resolve(name).unwrap_or(name),
    };
    to_output(&valid, args.pretty)
}

/// `value` as JSON (compact or indented) and a newline.
fn to_output<T: Serialize>(value: &T, pretty: bool) -> Result<Vec<u8>, CliError> {
    let mut out = if pretty {
        serde_json::to_vec_pretty(value)
    } else {
        serde_json::to_vec(value)
    }
    .map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}
