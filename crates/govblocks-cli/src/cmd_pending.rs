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

/// `govblocks jws` (becomes src/cmd_jws.rs).
pub mod jws {
    //! `govblocks jws`: compact and detached JWS with EdDSA (RFC 7515, 7797, 8037), the second
    //! envelope for peers that expect JOSE (G2P Connect style).
    //!
    //! CONTRACT
    //! * `govblocks jws sign --key KEYFILE [--kid KID] [--detached] [--unencoded] [FILE]`
    //!   - payload: the raw bytes of FILE (or stdin), at most 4 MiB (`json.too_large`), NOT parsed;
    //!   - protected header: `{"alg":"EdDSA","kid":KID}`; KID defaults to the key's did:key
    //!     verification method (like `sign`); with a did:key KID that names another key →
    //!     `key.mismatch` (same check as `cmd_sign`);
    //!   - `--detached`: RFC 7515 Appendix F, the payload part is left empty (`header..signature`);
    //!   - `--unencoded`: RFC 7797 `"b64":false,"crit":["b64"]` (implies `--detached`);
    //!   - `--key -` reads the key from stdin (then FILE is required; else `cli.usage`, exit 2);
    //!   - output: the compact serialization and a newline; exit 0.
    //! * `govblocks jws verify [--payload FILE] [--trust DID]... [--print-payload] [JWS]`
    //!   - JWS: a file holding the compact serialization (surrounding white space trimmed), or
    //!     stdin; `--payload FILE` supplies the payload of a detached JWS (stdin is not allowed for
    //!     both: `cli.usage`);
    //!   - the key comes from `kid`, resolved with `DidKeyResolver` (offline); no `kid`, or a `kid`
    //!     that does not resolve → the resolver's error (`key.unresolvable`, `did.invalid`, …);
    //!   - every rule of the jws module applies: only `alg` EdDSA (`jws.algorithm_unsupported`,
    //!     also for `none`), unknown `crit` → `jws.crit_unsupported`, shape → `jws.malformed`,
    //!     payload given twice or missing → `jws.payload`, signature → `jws.signature_invalid`;
    //!   - trust exactly as `verify`: without `--trust` no trust decision (`TrustList::any()`,
    //!     `"trusted": false`); with `--trust DID` (repeatable, `values::controller`) the kid's
    //!     controller must be one of them (`trust.untrusted`);
    //!   - success: exit 0, stdout
    //!     `{"verified":true,"trusted":bool,"alg":"EdDSA","kid":"…","controller":"…","detached":bool}`
    //!     and a newline; with `--print-payload`, the verified payload bytes instead, nothing else.
    //!
    //! run() for `jws sign`, in order:
    //!   1. key = KeyFile::parse(read_capped(key source, KEY_FILE_LIMIT)) (as cmd_sign does);
    //!   2. payload = read_document(FILE source) (raw bytes, no JSON parse);
    //!   3. kid check as cmd_sign's --verification-method check;
    //!   4. call the jws module's compact signer with (payload, &key, kid, detached, unencoded);
    //!   5. output the compact string + '\n'.
    //!
    //! run() for `jws verify`, in order:
    //!   1. jws text = read_document(JWS source), trimmed of ASCII white space;
    //!   2. payload = --payload file via read_document, if given;
    //!   3. build TrustList as cmd_verify does; resolve with DidKeyResolver;
    //!   4. call the jws module's verifier; map its result to the summary (or the payload bytes).
    //!
    //! Tests for tests/cli.rs (jws): sign → verify round trip (attached, detached, unencoded);
    //! `--print-payload` returns the exact input bytes; a flipped signature byte →
    //! `jws.signature_invalid`; a hand-made `{"alg":"none"}` JWS → `jws.algorithm_unsupported`; a
    //! `crit` of `["exp"]` → `jws.crit_unsupported`; detached without `--payload` → `jws.payload`;
    //! `--trust` another DID → `trust.untrusted`; `--key -` with stdin payload → exit 2; the
    //! RFC 8037 A.4 example (if its key is added to the vectors) verifies.

    // run() will also need: crate::io::{read_capped, read_document, Source, KEY_FILE_LIMIT},
    // crate::output::CliError, govblocks_core::keys::KeyFile, govblocks_core::resolver::*.
    use clap::{Args, Subcommand};
    use std::path::PathBuf;

    const JWS_LONG_ABOUT: &str = "\
    Sign or verify a compact JWS with EdDSA (RFC 7515, RFC 8037), attached or detached (RFC 7515
    Appendix F, RFC 7797 unencoded payload), for peers that expect JOSE.

    The key is named by `kid`: by default the signing key's did:key verification method, which
    `jws verify` resolves offline. Trust works as in `govblocks verify`: without --trust the
    signature is checked but no trust decision is made (\"trusted\": false).

    Examples:
      govblocks jws sign --key me.key.json body.json > body.jws
      govblocks jws verify --trust did:key:z6Mk… body.jws
      govblocks jws sign --key me.key.json --detached body.json > sig.jws
      govblocks jws verify --payload body.json sig.jws";

    /// Arguments of `govblocks jws`.
    #[derive(Debug, Args)]
    #[command(about = "Sign or verify a compact JWS (EdDSA)", long_about = JWS_LONG_ABOUT)]
    pub struct JwsArgs {
        #[command(subcommand)]
        pub command: JwsCommand,
    }

    /// `jws sign` and `jws verify`.
    #[derive(Debug, Subcommand)]
    pub enum JwsCommand {
        /// Sign a payload; print the compact JWS.
        Sign(JwsSignArgs),
        /// Verify a compact JWS; print a summary (or the payload).
        Verify(JwsVerifyArgs),
    }

    /// Arguments of `govblocks jws sign`.
    #[derive(Debug, Args)]
    pub struct JwsSignArgs {
        /// The key file (JSON with publicKeyMultibase and privateKeyMultibase); `-` for stdin.
        #[arg(long, value_name = "KEYFILE")]
        pub key: PathBuf,

        /// The `kid` header [default: the key's did:key verification method].
        #[arg(long, value_name = "KID", value_parser = crate::values::non_empty)]
        pub kid: Option<String>,

        /// Leave the payload out of the output (RFC 7515 Appendix F).
        #[arg(long)]
        pub detached: bool,

        /// Sign the payload unencoded (RFC 7797, b64=false); implies --detached.
        #[arg(long)]
        pub unencoded: bool,

        /// The payload (raw bytes); stdin when absent or `-`.
        #[arg(value_name = "FILE")]
        pub file: Option<PathBuf>,
    }

    /// Arguments of `govblocks jws verify`.
    #[derive(Debug, Args)]
    pub struct JwsVerifyArgs {
        /// The payload of a detached JWS.
        #[arg(long, value_name = "FILE")]
        pub payload: Option<PathBuf>,

        /// Trust keys controlled by this DID; repeatable. Without --trust no trust decision is
        /// made ("trusted": false).
        #[arg(long, value_name = "DID", value_parser = crate::values::controller)]
        pub trust: Vec<String>,

        /// On success print the verified payload bytes instead of the JSON summary.
        #[arg(long = "print-payload")]
        pub print_payload: bool,

        /// Indent the summary.
        #[arg(long, conflicts_with = "print_payload")]
        pub pretty: bool,

        /// The compact JWS; stdin when absent or `-`.
        #[arg(value_name = "JWS")]
        pub file: Option<PathBuf>,
    }
}
