//! The embedded JSON Schema 2020-12 registry.
//!
//! The repository's top-level `schemas/` directory is the single source of truth for the shape
//! of every govblocks message; services in other languages load the same files by their `$id`.
//! This module embeds the core schemas (`schemas/core/`) in the binary, compiles them once, and
//! validates documents against them, entirely offline.
//!
//! | schema | `$id` | short name |
//! | --- | --- | --- |
//! | shared definitions | [`ids::DEFS`] | `core/v1/defs` |
//! | one Data Integrity proof | [`ids::DATA_INTEGRITY_PROOF`] | `core/v1/data-integrity-proof` |
//! | any document with `proof` | [`ids::SECURED_DOCUMENT`] | `core/v1/secured-document` |
//! | the CLI key file | [`ids::KEY_PAIR`] | `core/v1/key-pair` |
//! | the CLI/API error object | [`ids::ERROR`] | `core/v1/error` |
//!
//! ```
//! use govblocks_core::schema::{ids, SchemaRegistry};
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::builtin();
//! let key_file = json!({
//!     "publicKeyMultibase": "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
//!     "privateKeyMultibase": "z3u2en7t5LR2WtQH5PfFqMqwVHBeXouLzo6haApm8XHqvjxq"
//! });
//! registry.validate(ids::KEY_PAIR, &key_file)?;
//! registry.validate("key-pair", &key_file)?; // the same schema, by its short name
//!
//! let error = registry
//!     .validate("core/v1/key-pair", &json!({"publicKeyMultibase": 42}))
//!     .unwrap_err();
//! assert_eq!(error.code(), "schema.invalid");
//! if let govblocks_core::Error::SchemaInvalid { violations, .. } = error {
//!     // Every violation is listed, with its JSON Pointer into the document.
//!     let paths: Vec<&str> = violations.iter().map(|v| v.instance_path.as_str()).collect();
//!     assert_eq!(paths, ["", "/publicKeyMultibase"]);
//! }
//! # Ok::<(), govblocks_core::Error>(())
//! ```
//!
//! # Naming a schema
//!
//! [`SchemaRegistry::validate`], [`SchemaRegistry::schema`] and [`SchemaRegistry::resolve`]
//! accept, in this order of precedence:
//!
//! 1. the full `$id`, e.g. `https://schemas.govblocks.org/core/v1/data-integrity-proof.json`;
//! 2. for an `$id` under [`SCHEMA_BASE`], its path below the base, with or without `.json`:
//!    `core/v1/data-integrity-proof`;
//! 3. the last segment alone, with or without `.json` (`data-integrity-proof`), but only while
//!    exactly one schema of the registry has it; once a block registers a second schema with the
//!    same file name, the bare name is refused with [`Error::SchemaUnknown`] and the longer name
//!    must be used. Programs should use the full `$id` (the [`ids`] constants); short names are
//!    for people at the command line.
//!
//! # What validation guarantees
//!
//! - Dialect 2020-12 only: every schema must declare
//!   `"$schema": "https://json-schema.org/draft/2020-12/schema"` and an absolute `$id`.
//! - `format` is an assertion (`date-time`, `uri`, …), not an annotation, and a schema naming a
//!   format the validator does not know does not compile (a typo would otherwise silently check
//!   nothing).
//! - `pattern` runs on the linear-time `regex` engine: no catastrophic backtracking on hostile
//!   input, and no lookaround or backreferences in schemas, which keeps them portable.
//! - `$ref` resolves only to schemas registered in the same registry. Nothing is ever fetched from
//!   the network or the file system, whatever features of `jsonschema` another crate of the build
//!   enables: a reference to an unregistered `$id` makes [`SchemaRegistryBuilder::build`] fail.
//! - [`Error::SchemaInvalid`] lists every violation, sorted by instance path, each with its JSON
//!   Pointer into the document, its schema location and a message. Messages never quote values
//!   of the document (they may be personal data or secret keys); the path says where to look.
//! - Validate documents read with [`crate::json`]: its depth and size limits also bound the work
//!   and recursion of validation (`const`, `enum` and `uniqueItems` compare whole values).
//!
//! # Compiled once, eagerly
//!
//! A registry compiles every schema when it is built ([`SchemaRegistry::builtin`] on first use,
//! [`SchemaRegistryBuilder::build`] for a block's registry). Compiling everything up front means
//! a broken schema (unknown `$ref`, bad pattern, unknown format) fails at start-up rather than on
//! the first document of that type in production, and validation afterwards is lock-free
//! read-only access. The core schemas compile in a few milliseconds (release build).
//!
//! # Block schemas
//!
//! A block crate registers its own schemas next to the core ones; they may `$ref` core
//! definitions by absolute `$id`:
//!
//! ```
//! use govblocks_core::schema::SchemaRegistry;
//! use serde_json::json;
//!
//! let registry = SchemaRegistry::builder()
//!     .with_core()
//!     .add_json(r#"{
//!         "$schema": "https://json-schema.org/draft/2020-12/schema",
//!         "$id": "https://schemas.govblocks.org/example/v1/note.json",
//!         "title": "Note",
//!         "description": "A dated note.",
//!         "type": "object",
//!         "required": ["at"],
//!         "properties": {
//!             "at": { "$ref": "https://schemas.govblocks.org/core/v1/defs.json#/$defs/dateTimeStamp" }
//!         }
//!     }"#)?
//!     .build()?;
//! registry.validate("example/v1/note", &json!({"at": "2024-01-01T00:00:00Z"}))?;
//! assert!(registry.validate("note", &json!({"at": "2024-02-30T00:00:00Z"})).is_err());
//! # Ok::<(), govblocks_core::Error>(())
//! ```

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use jsonschema::{Draft, PatternOptions, Registry, Retrieve, Uri, Validator};
use serde_json::Value;

use crate::error::{Error, Result, SchemaViolation};
use crate::json::TapeValue;

mod tape;

// Generated by build.rs: `CORE_SCHEMA_FILES`, every file under `schemas/core/` with its text.
include!(concat!(env!("OUT_DIR"), "/core_schemas.rs"));

/// The URI every govblocks schema `$id` starts with; the rest is `<block>/v<major>/<name>.json`.
pub const SCHEMA_BASE: &str = "https://schemas.govblocks.org/";

/// The only JSON Schema dialect accepted, as it must appear in each schema's `$schema`.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// The `$id`s of the core schemas.
pub mod ids {
    /// Shared `$defs` (date-time stamps, DIDs, multibase, Multikeys, JWKs, `@context`, …).
    pub const DEFS: &str = "https://schemas.govblocks.org/core/v1/defs.json";
    /// One W3C Data Integrity `DataIntegrityProof`.
    pub const DATA_INTEGRITY_PROOF: &str =
        "https://schemas.govblocks.org/core/v1/data-integrity-proof.json";
    /// Any JSON object whose `proof` is one proof or a non-empty array of proofs.
    pub const SECURED_DOCUMENT: &str =
        "https://schemas.govblocks.org/core/v1/secured-document.json";
    /// The CLI key file (`publicKeyMultibase` + `privateKeyMultibase`).
    pub const KEY_PAIR: &str = "https://schemas.govblocks.org/core/v1/key-pair.json";
    /// The CLI/API error object `{"error": {"code", "message", …}}`.
    pub const ERROR: &str = "https://schemas.govblocks.org/core/v1/error.json";
}

/// The embedded core schema files: each file's path below `schemas/` (for example
/// `core/v1/defs.json`) and its text, sorted by path. The `$id` of each is [`SCHEMA_BASE`]
/// followed by the path.
pub fn core_schema_files() -> impl ExactSizeIterator<Item = (&'static str, &'static str)> {
    CORE_SCHEMA_FILES.iter().copied()
}

/// A set of compiled JSON Schemas, looked up by `$id` or short name. See the
/// [module documentation](self).
pub struct SchemaRegistry {
    /// Sorted by `$id`.
    entries: Vec<Entry>,
    /// Full `$id`s and, for `$id`s under [`SCHEMA_BASE`], their paths without `.json`.
    by_name: HashMap<String, usize>,
    /// Last path segments without `.json`; `None` when two schemas share one.
    by_bare_name: HashMap<String, Option<usize>>,
    /// Set only for a built-in registry whose embedded schemas failed to compile (a defect the
    /// tests rule out); every lookup then fails with [`Error::SchemaCompile`] (fail closed).
    failure: Option<String>,
}

struct Entry {
    id: String,
    schema: Value,
    validator: Validator,
    /// The same schema, compiled for canonical documents read as a [`Tape`](crate::json::Tape).
    tape_validator: Validator<tape::TapeJson>,
}

impl fmt::Debug for SchemaRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SchemaRegistry")
            .field(
                "ids",
                &self.entries.iter().map(|e| &e.id).collect::<Vec<_>>(),
            )
            .field("failure", &self.failure)
            .finish()
    }
}

/// A crate's embedded JSON Schemas, compiled once, on first use, on top of the core ones: the
/// one way core ([`SchemaRegistry::builtin`], no texts of its own beyond the core files) and
/// every block embed theirs. A block writes its schema texts once, in a `static`, and returns
/// its registry from each [`Document::schemas`](crate::document::Document::schemas); its test
/// calls [`EmbeddedSchemas::assert_compiles`].
///
/// ```
/// use govblocks_core::schema::{EmbeddedSchemas, SchemaRegistry};
///
/// // In a block, the texts are `include_str!("../schemas/v1/order.json")`.
/// static SCHEMAS: EmbeddedSchemas = EmbeddedSchemas::new(&[r#"{
///     "$schema": "https://json-schema.org/draft/2020-12/schema",
///     "$id": "https://schemas.govblocks.org/payments/v1/order.json",
///     "title": "Order", "description": "A toy order.",
///     "type": "object",
///     "properties": {
///         "date": {"$ref": "https://schemas.govblocks.org/core/v1/defs.json#/$defs/date"}
///     }
/// }"#]);
///
/// /// The registry of the core and payments schemas.
/// pub fn registry() -> &'static SchemaRegistry {
///     SCHEMAS.registry()
/// }
///
/// SCHEMAS.assert_compiles(); // in the block's tests
/// assert!(registry().validate("payments/v1/order", &serde_json::json!({"date": "2024-02-30"})).is_err());
/// ```
#[derive(Debug)]
pub struct EmbeddedSchemas {
    texts: &'static [&'static str],
    compiled: OnceLock<std::result::Result<SchemaRegistry, String>>,
}

impl EmbeddedSchemas {
    /// These schema texts (strict JSON, each with a 2020-12 `$schema` and an `$id`) on top of
    /// the core schemas.
    pub const fn new(texts: &'static [&'static str]) -> Self {
        EmbeddedSchemas {
            texts,
            compiled: OnceLock::new(),
        }
    }

    fn compiled(&self) -> &std::result::Result<SchemaRegistry, String> {
        self.compiled.get_or_init(|| {
            self.texts
                .iter()
                .try_fold(SchemaRegistry::builder().with_core(), |builder, text| {
                    builder.add_json(text)
                })
                .and_then(SchemaRegistryBuilder::build)
                .map_err(|error| error.to_string())
        })
    }

    /// The registry, compiled on first use and shared by the process. It fails closed: if the
    /// embedded schemas do not compile (a defect [`EmbeddedSchemas::assert_compiles`] rules out
    /// in the crate's tests), every lookup fails with [`Error::SchemaCompile`].
    pub fn registry(&self) -> &SchemaRegistry {
        static FAILED: OnceLock<SchemaRegistry> = OnceLock::new();
        match self.compiled() {
            Ok(registry) => registry,
            Err(reason) => FAILED.get_or_init(|| SchemaRegistry::failed(reason.clone())),
        }
    }

    /// The embedded texts (without the core files).
    pub fn texts(&self) -> &'static [&'static str] {
        self.texts
    }

    /// For the crate's tests: panics with the reason unless every text compiled, together with
    /// the core schemas, and each is registered under its `$id`.
    #[allow(clippy::panic)]
    pub fn assert_compiles(&self) {
        let registry = match self.compiled() {
            Ok(registry) => registry,
            Err(reason) => panic!("the embedded schemas do not compile: {reason}"),
        };
        for text in self.texts {
            let id = crate::json::parse(text.as_bytes())
                .ok()
                .and_then(|schema| schema.get("$id").and_then(Value::as_str).map(str::to_owned))
                .unwrap_or_default();
            assert!(registry.schema(&id).is_some(), "{id:?} is not registered");
        }
    }
}

impl SchemaRegistry {
    /// The registry of the core schemas, compiled on first use and shared by the process.
    pub fn builtin() -> &'static SchemaRegistry {
        static BUILTIN: EmbeddedSchemas = EmbeddedSchemas::new(&[]);
        BUILTIN.registry()
    }

    /// A registry of the core schemas plus a block's own embedded schema texts (usually
    /// `include_str!`ed), for a block's [`Document::schemas`](crate::document::Document::schemas):
    /// build it once in a `OnceLock`. Like [`SchemaRegistry::builtin`] it fails closed: if the
    /// embedded schemas do not compile (a defect the block's tests rule out), every lookup fails
    /// with [`Error::SchemaCompile`].
    ///
    /// ```
    /// use govblocks_core::schema::SchemaRegistry;
    /// let registry = SchemaRegistry::with_core_and(&[r#"{
    ///     "$schema": "https://json-schema.org/draft/2020-12/schema",
    ///     "$id": "https://example.org/thing.json",
    ///     "type": "object"
    /// }"#]);
    /// registry.validate("https://example.org/thing.json", &serde_json::json!({})).unwrap();
    /// ```
    pub fn with_core_and(texts: &[&str]) -> SchemaRegistry {
        texts
            .iter()
            .try_fold(SchemaRegistry::builder().with_core(), |builder, text| {
                builder.add_json(text)
            })
            .and_then(SchemaRegistryBuilder::build)
            .unwrap_or_else(|error| SchemaRegistry::failed(error.to_string()))
    }

    /// A builder for a registry of one's own schemas, usually on top of the core ones
    /// ([`SchemaRegistryBuilder::with_core`]).
    pub fn builder() -> SchemaRegistryBuilder {
        SchemaRegistryBuilder::default()
    }

    fn failed(reason: String) -> SchemaRegistry {
        SchemaRegistry {
            entries: Vec::new(),
            by_name: HashMap::new(),
            by_bare_name: HashMap::new(),
            failure: Some(reason),
        }
    }

    /// Checks `instance` against the schema named `schema` (a full `$id` or a short name, see
    /// [Naming a schema](self#naming-a-schema)).
    ///
    /// # Errors
    ///
    /// [`Error::SchemaUnknown`] when no schema has that name; [`Error::SchemaInvalid`] with every
    /// violation when the instance does not conform.
    pub fn validate(&self, schema: &str, instance: &Value) -> Result<()> {
        let entry = self.entry(schema)?;
        // The fast path allocates nothing; errors are collected only for invalid documents.
        if entry.validator.is_valid(instance) {
            return Ok(());
        }
        let mut violations: Vec<SchemaViolation> = entry
            .validator
            .iter_errors(instance)
            .map(|error| SchemaViolation {
                instance_path: error.instance_path().as_str().to_owned(),
                schema_path: error.evaluation_path().as_str().to_owned(),
                message: error.masked().to_string(),
            })
            .collect();
        violations.sort_by(|a, b| {
            (&a.instance_path, &a.schema_path).cmp(&(&b.instance_path, &b.schema_path))
        });
        Err(Error::SchemaInvalid {
            schema: entry.id.clone(),
            violations,
        })
    }

    /// [`SchemaRegistry::validate`] of a canonical document read without a tree
    /// ([`Tape`](crate::json::Tape)): the same validator, compiled for that representation, and
    /// the same answer. An invalid document is reported from its tree, with the same
    /// violations.
    pub fn validate_tape(&self, schema: &str, instance: TapeValue<'_>) -> Result<()> {
        let entry = self.entry(schema)?;
        if entry
            .tape_validator
            .is_valid(tape::TapeNode::Value(instance))
        {
            return Ok(());
        }
        self.validate(schema, &instance.to_value())
    }

    /// The full `$id` that `name` designates, if any.
    pub fn resolve(&self, name: &str) -> Option<&str> {
        self.find(name).map(|entry| entry.id.as_str())
    }

    /// The schema document that `name` designates, if any.
    pub fn schema(&self, name: &str) -> Option<&Value> {
        self.find(name).map(|entry| &entry.schema)
    }

    /// The `$id` of every schema in the registry, sorted.
    pub fn ids(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        self.entries.iter().map(|entry| entry.id.as_str())
    }

    fn entry(&self, name: &str) -> Result<&Entry> {
        match (self.find(name), &self.failure) {
            (Some(entry), _) => Ok(entry),
            (None, Some(reason)) => Err(Error::SchemaCompile {
                id: name.to_owned(),
                reason: format!("the built-in schemas failed to compile: {reason}"),
            }),
            (None, None) => Err(Error::SchemaUnknown {
                id: name.to_owned(),
            }),
        }
    }

    fn find(&self, name: &str) -> Option<&Entry> {
        let index = match self.by_name.get(name) {
            Some(&index) => Some(index),
            None => {
                let name = name.strip_suffix(".json").unwrap_or(name);
                match self.by_name.get(name) {
                    Some(&index) => Some(index),
                    None => self.by_bare_name.get(name).copied().flatten(),
                }
            }
        };
        index.and_then(|index| self.entries.get(index))
    }
}

/// `options` as every registry compiles with: 2020-12, formats asserted (an unknown one is an
/// error), the `regex` engine, nothing fetched, references resolved in `registry` only.
fn configured<'a, F: jsonschema::json::Json>(
    options: jsonschema::ValidationOptions<'a, Arc<dyn Retrieve>, F>,
    registry: &'a Registry,
) -> jsonschema::ValidationOptions<'a, Arc<dyn Retrieve>, F> {
    options
        .with_draft(Draft::Draft202012)
        .should_validate_formats(true)
        .should_ignore_unknown_formats(false)
        .with_pattern_options(PatternOptions::regex())
        .with_retriever(NoRetrieval)
        .with_registry(registry)
}

/// Builds a [`SchemaRegistry`]: add schemas, then [`build`](Self::build) compiles them all.
#[derive(Debug, Default)]
pub struct SchemaRegistryBuilder {
    with_core: bool,
    sources: Vec<Value>,
}

impl SchemaRegistryBuilder {
    /// Includes the embedded core schemas, so that added schemas can `$ref` them.
    #[must_use]
    pub fn with_core(mut self) -> Self {
        self.with_core = true;
        self
    }

    /// Adds one schema document. It is checked and compiled by [`build`](Self::build).
    ///
    /// # Errors
    ///
    /// [`Error::SchemaCompile`] when the document is not an object with a 2020-12 `$schema` and an
    /// absolute `$id` without fragment.
    pub fn add_value(mut self, schema: Value) -> Result<Self> {
        schema_id(&schema)?;
        self.sources.push(schema);
        Ok(self)
    }

    /// Parses one schema document (with the strict parser of [`crate::json`]) and adds it.
    ///
    /// # Errors
    ///
    /// As [`add_value`](Self::add_value), and [`Error::SchemaCompile`] when the text is not strict JSON.
    pub fn add_json(self, text: &str) -> Result<Self> {
        let schema = crate::json::parse(text.as_bytes()).map_err(|error| Error::SchemaCompile {
            id: "(unparsed schema)".to_owned(),
            reason: format!("{error} ({})", error.code()),
        })?;
        self.add_value(schema)
    }

    /// Compiles every schema and returns the registry.
    ///
    /// # Errors
    ///
    /// [`Error::SchemaCompile`], naming the schema, when two schemas share an `$id`, when a schema
    /// is not a valid 2020-12 schema, refers (`$ref`) to a schema that is not registered, or uses
    /// an unknown `format` or an unsupported `pattern`.
    pub fn build(self) -> Result<SchemaRegistry> {
        let mut sources = Vec::with_capacity(CORE_SCHEMA_FILES.len() + self.sources.len());
        if self.with_core {
            for (path, text) in CORE_SCHEMA_FILES {
                let schema =
                    serde_json::from_str::<Value>(text).map_err(|error| Error::SchemaCompile {
                        id: format!("{SCHEMA_BASE}{path}"),
                        reason: error.to_string(),
                    })?;
                sources.push(schema);
            }
        }
        sources.extend(self.sources);

        let mut ids = Vec::with_capacity(sources.len());
        for schema in &sources {
            let id = schema_id(schema)?;
            if ids.contains(&id) {
                return Err(Error::SchemaCompile {
                    id: id.to_owned(),
                    reason: "two schemas have this $id".to_owned(),
                });
            }
            ids.push(id);
        }

        let resources = || ids.iter().copied().zip(sources.iter());
        let registry = prepare(resources()).map_err(|error| blame(&ids, &sources, error))?;

        // The same options for both readings of an instance: a tree, or a tape.
        let options = configured(
            jsonschema::options_for::<jsonschema::json::SerdeJson>(),
            &registry,
        );
        let tape_options = configured(jsonschema::options_for::<tape::TapeJson>(), &registry);
        let compile_error =
            |id: &str, error: jsonschema::ValidationError<'_>| Error::SchemaCompile {
                id: id.to_owned(),
                reason: error.to_string(),
            };
        let mut entries = Vec::with_capacity(sources.len());
        for (id, schema) in resources() {
            let validator = options.build(schema).map_err(|e| compile_error(id, e))?;
            let tape_validator = tape_options
                .build(schema)
                .map_err(|e| compile_error(id, e))?;
            entries.push((id.to_owned(), validator, tape_validator));
        }
        // The registry and the options borrow `sources`, which the entries take over below.
        drop(options);
        drop(tape_options);
        drop(registry);

        let mut entries: Vec<Entry> = entries
            .into_iter()
            .zip(sources)
            .map(|((id, validator, tape_validator), schema)| Entry {
                id,
                schema,
                validator,
                tape_validator,
            })
            .collect();
        entries.sort_by(|a, b| a.id.cmp(&b.id));

        let mut by_name = HashMap::new();
        let mut by_bare_name: HashMap<String, Option<usize>> = HashMap::new();
        for (index, entry) in entries.iter().enumerate() {
            by_name.insert(entry.id.clone(), index);
            if let Some(path) = short_path(&entry.id) {
                by_name.entry(path.to_owned()).or_insert(index);
            }
            let bare = bare_name(&entry.id);
            if !bare.is_empty() {
                by_bare_name
                    .entry(bare.to_owned())
                    .and_modify(|slot| *slot = None)
                    .or_insert(Some(index));
            }
        }
        Ok(SchemaRegistry {
            entries,
            by_name,
            by_bare_name,
            failure: None,
        })
    }
}

/// The `$id` of a schema document, after checking the dialect and the shape of the `$id`.
fn schema_id(schema: &Value) -> Result<&str> {
    let invalid = |id: &str, reason: &str| Error::SchemaCompile {
        id: id.to_owned(),
        reason: reason.to_owned(),
    };
    let object = schema
        .as_object()
        .ok_or_else(|| invalid("(no $id)", "a schema must be a JSON object"))?;
    let id = object
        .get("$id")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("(no $id)", "a schema must have a string $id"))?;
    if object.get("$schema").and_then(Value::as_str) != Some(DIALECT) {
        return Err(invalid(id, &format!("$schema must be {DIALECT}")));
    }
    // `from_str` resolves a relative reference against a placeholder base and normalizes: an
    // `$id` that comes back unchanged is absolute and in normal form, as `$ref`s will name it.
    match jsonschema::uri::from_str(id) {
        Ok(uri) if uri.as_str() == id && uri.fragment().is_none() => Ok(id),
        Ok(_) => Err(invalid(
            id,
            "$id must be an absolute URI in normal form, without fragment",
        )),
        Err(error) => Err(invalid(
            id,
            &format!("$id must be an absolute URI: {error}"),
        )),
    }
}

/// `core/v1/defs` for `https://schemas.govblocks.org/core/v1/defs.json`.
fn short_path(id: &str) -> Option<&str> {
    let path = id.strip_prefix(SCHEMA_BASE)?;
    Some(path.strip_suffix(".json").unwrap_or(path))
}

/// `defs` for `https://schemas.govblocks.org/core/v1/defs.json`.
fn bare_name(id: &str) -> &str {
    let last = id.rsplit('/').next().unwrap_or(id);
    last.strip_suffix(".json").unwrap_or(last)
}

/// A registry of all `resources`, resolving `$ref` among them only.
fn prepare<'a>(
    resources: impl Iterator<Item = (&'a str, &'a Value)>,
) -> std::result::Result<Registry<'a>, jsonschema::ReferencingError> {
    Registry::new()
        .retriever(NoRetrieval)
        .draft(Draft::Draft202012)
        .extend(resources)?
        .prepare()
}

/// Turns a failure to prepare the whole registry into an error naming the schema at fault: the
/// first schema that fails when prepared alone, its references served from the others.
fn blame(ids: &[&str], sources: &[Value], error: jsonschema::ReferencingError) -> Error {
    let known: Arc<HashMap<String, Value>> = Arc::new(
        ids.iter()
            .map(|id| (*id).to_owned())
            .zip(sources.iter().cloned())
            .collect(),
    );
    for (id, schema) in ids.iter().zip(sources) {
        let alone = Registry::new()
            .retriever(Known(Arc::clone(&known)))
            .draft(Draft::Draft202012)
            .add(*id, schema)
            .and_then(|builder| builder.prepare());
        if let Err(error) = alone {
            return Error::SchemaCompile {
                id: (*id).to_owned(),
                reason: error.to_string(),
            };
        }
    }
    Error::SchemaCompile {
        id: ids.join(", "),
        reason: error.to_string(),
    }
}

/// The retriever of every registry: refuses, so that nothing is ever fetched.
struct NoRetrieval;

impl Retrieve for NoRetrieval {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        Err(format!("no schema with $id {uri} is registered (schemas are never fetched)").into())
    }
}

/// Serves registered schemas only; used to find which schema refers to a missing one.
struct Known(Arc<HashMap<String, Value>>);

impl Retrieve for Known {
    fn retrieve(
        &self,
        uri: &Uri<String>,
    ) -> std::result::Result<Value, Box<dyn std::error::Error + Send + Sync>> {
        self.0.get(uri.as_str()).cloned().ok_or_else(|| {
            format!("no schema with $id {uri} is registered (schemas are never fetched)").into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(short_path(ids::DEFS), Some("core/v1/defs"));
        assert_eq!(short_path("https://example.org/x.json"), None);
        assert_eq!(bare_name(ids::KEY_PAIR), "key-pair");
        assert_eq!(bare_name("urn:example:thing"), "urn:example:thing");
    }

    #[test]
    fn registry_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<SchemaRegistry>();
    }

    #[test]
    fn failed_registry_fails_closed() {
        let registry = SchemaRegistry::failed("boom".to_owned());
        let error = registry.validate(ids::KEY_PAIR, &Value::Null).unwrap_err();
        assert_eq!(error.code(), "schema.compile");
        assert_eq!(registry.ids().len(), 0);
    }
}
