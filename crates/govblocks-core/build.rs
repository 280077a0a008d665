//! Embeds the core JSON Schemas.
//!
//! The schemas' one source of truth is the repository's top-level `schemas/core/`. The crate sees
//! it through `schemas/core`, a symbolic link to `../../../schemas/core`; `cargo package` stores
//! the files behind the link by content, so the published crate carries real files at the same
//! place. On a checkout where git did not create the link (Windows without `core.symlinks`) the
//! link is a small text file, and this script falls back to `../../schemas/core` directly.
//!
//! The script lists every `*.json` file below that directory and writes
//! `$OUT_DIR/core_schemas.rs`: a slice of `(relative path, include_str!(absolute path))` pairs, so
//! a schema added to `schemas/core/` is embedded without touching the code.

use std::error::Error;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::{env, fs};

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo:rerun-if-changed=build.rs");
    let manifest_dir = PathBuf::from(env::var("CARGO_MANIFEST_DIR")?);
    let candidates = [
        manifest_dir.join("schemas").join("core"),
        manifest_dir
            .join("..")
            .join("..")
            .join("schemas")
            .join("core"),
    ];
    let root = candidates
        .iter()
        .find(|dir| dir.join("v1").join("defs.json").is_file())
        .ok_or_else(|| {
            format!(
                "govblocks-core: the core JSON Schemas were not found in {} nor in {}",
                candidates[0].display(),
                candidates[1].display()
            )
        })?
        .canonicalize()?;
    println!("cargo:rerun-if-changed={}", root.display());

    let mut files = Vec::new();
    collect_json(&root, &mut files)?;
    let mut entries = Vec::with_capacity(files.len());
    for file in &files {
        let relative = file
            .strip_prefix(&root)?
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/");
        entries.push((format!("core/{relative}"), file.display().to_string()));
    }
    entries.sort();

    let mut code = String::from(
        "/// Every file under `schemas/core/`: its path relative to `schemas/`, and its text.\n\
         pub(crate) static CORE_SCHEMA_FILES: &[(&str, &str)] = &[\n",
    );
    for (relative, absolute) in &entries {
        writeln!(code, "    ({relative:?}, include_str!({absolute:?})),")?;
    }
    code.push_str("];\n");
    let out = PathBuf::from(env::var("OUT_DIR")?).join("core_schemas.rs");
    fs::write(out, code)?;
    Ok(())
}

/// Every `*.json` file below `dir`, recursively.
fn collect_json(dir: &Path, files: &mut Vec<PathBuf>) -> Result<(), Box<dyn Error>> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_json(&path, files)?;
        } else if path.extension().is_some_and(|ext| ext == "json") {
            files.push(path);
        }
    }
    Ok(())
}
