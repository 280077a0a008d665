//! NOT COMPILED (no `mod cmd_pending;` anywhere): the `validate` and `jws` subcommands, ready to
//! wire in once `schema.rs` and `jws.rs` are merged into govblocks-core.
//!
//! # Wiring (a few minutes)
//!
//! 1. Move the body of `mod validate` below to `src/cmd_validate.rs` and the body of `mod jws`
//!    to `src/cmd_jws.rs` (each is self-contained, `use` lines included); add
//!    `mod cmd_validate;` and `mod cmd_jws;` to `main.rs`; delete this file.
//! 2. In `main.rs`, add the variants `Validate(cmd_validate::ValidateArgs)` and
//!    `Jws(cmd_jws::JwsArgs)` to `Command`, and the dispatch arms
//!    `Command::Validate(a) => cmd_validate::run(a).and_then(|out| output::write_stdout(&out))`
//!    (same for `Jws` once its `run` is written).
//! 3. In `main.rs`, add them to the module table of the crate docs.
//! 4. `cmd_validate::run` below is written against the `SchemaRegistry` API of the schema branch
//!    as read on the day (`SchemaRegistry::builtin()`, `validate(name, &value) -> Result<()>`,
//!    `resolve(name) -> Option<&str>`, `ids()`); `cmd_jws::run` is a numbered specification:
//!    write its body against the merged `jws` API (which this file does not guess).
//!    The validate section was checked by dropping it into main.rs on a scratch copy of this
//!    worktree with the schema branch's (uncommitted, in-progress) schema.rs, build.rs and
//!    schemas/: it built clippy-clean and `--list`, a valid key file, `schema.invalid` with
//!    violations, `schema.unknown`, and a missing `--schema` (exit 2) behaved as specified; the
//!    CLI's own error JSON validated against `core/v1/error.json`.
//! 5. Tests to add to `tests/cli.rs`: listed at the end of each section.
//!
//! Both follow the common contract of [`crate::output`]: result on stdout, or one line of
//! `{"error":{"code","message"}}` (plus `violations` for `schema.invalid`, already emitted by
//! `output.rs`); exit 0 / 1 / 2 (usage, `cli.usage`). Input is read with
//! [`crate::io::read_document`] (4 MiB cap, `json.too_large`).

/// `govblocks validate` (becomes src/cmd_validate.rs).
pub mod validate {
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
    //! * `--pretty` indents the success output.

    use crate::io::{read_document, Source};
    use crate::output::CliError;
    use clap::{ArgGroup, Args};
    use govblocks_core::json;
    use govblocks_core::schema::SchemaRegistry;
    use govblocks_core::Error;
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
        let value = json::parse(&read_document(&Source::from_arg(args.file.as_deref()))?)?;
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
        .map_err(|e| CliError::Core(Error::Io(e.into())))?;
        out.push(b'\n');
        Ok(out)
    }

    // Tests for tests/cli.rs (validate):
    // * `keygen --seed …` output validates against `key-pair` (exit 0, `"valid":true`, full $id);
    // * the W3C keyPair.json validates against `key-pair`; signedJCS.json against
    //   `secured-document`;
    // * a key file with an extra member, or `{}` → exit 1 `schema.invalid` with a non-empty
    //   `violations` array whose entries have instancePath/schemaPath/message;
    // * `--schema no-such-schema` → exit 1 `schema.unknown`;
    // * `--list` → exit 0, `schemas` contains the key-pair $id;
    // * neither or both of --schema/--list, or --list with FILE → exit 2 `cli.usage`;
    // * an error JSON printed by the CLI validates against `error` (the error contract is a schema).
}
