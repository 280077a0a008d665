//! The vectors in `tests/vectors/` are copies of the project's `../shared/vectors` folders. When
//! that folder sits beside the checkout, every file in it must be in the repository copy with the
//! same bytes; a `SOURCE.md` must begin with the original text (this repository only appends a
//! "Provenance added in this repository" section). A plain clone or the packaged crate has no
//! `../shared`: the test then says so and passes. This is the only test that names `../shared`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

/// The vendored folders, by name in both places.
const FOLDERS: [&str; 2] = ["rfc8785-jcs", "w3c-vc-di-eddsa"];

const REPO_VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors");
const SHARED_VECTORS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/vectors");

/// The heading under which this repository's copy of a `SOURCE.md` adds its provenance.
const PROVENANCE_HEADING: &str = "\n## Provenance added in this repository\n";

/// Every file below `dir`, as paths relative to `dir`, sorted.
fn files(dir: &Path) -> Vec<PathBuf> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(root, &path, out);
            } else {
                out.push(path.strip_prefix(root).unwrap().to_path_buf());
            }
        }
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out);
    out.sort();
    out
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn vendored_vectors_equal_the_shared_copy() {
    let shared_root = Path::new(SHARED_VECTORS);
    if !shared_root.is_dir() {
        eprintln!(
            "note: {} is absent (a plain clone or the packaged crate); nothing to compare, the \
             tests use the copies in {REPO_VECTORS}",
            shared_root.display()
        );
        return;
    }
    let mut compared = 0;
    for folder in FOLDERS {
        let shared = shared_root.join(folder);
        let repo = Path::new(REPO_VECTORS).join(folder);
        if !shared.is_dir() {
            eprintln!("note: {} is absent; skipped", shared.display());
            continue;
        }
        let shared_files = files(&shared);
        assert!(
            !shared_files.is_empty(),
            "{} holds no files",
            shared.display()
        );
        for rel in shared_files {
            let original = read(&shared.join(&rel));
            let copy_path = repo.join(&rel);
            assert!(
                copy_path.is_file(),
                "{} is in ../shared/vectors but not in the repository ({})",
                rel.display(),
                copy_path.display()
            );
            let copy = read(&copy_path);
            if rel == Path::new("SOURCE.md") {
                assert!(
                    copy.starts_with(&original),
                    "{}: the repository copy no longer begins with the original SOURCE.md",
                    copy_path.display()
                );
                let added = &copy[original.len()..];
                assert!(
                    added.is_empty() || added.starts_with(PROVENANCE_HEADING.as_bytes()),
                    "{}: text after the original must start with the heading {PROVENANCE_HEADING:?}",
                    copy_path.display()
                );
            } else {
                assert!(
                    copy == original,
                    "{} differs from {}",
                    copy_path.display(),
                    shared.join(&rel).display()
                );
            }
            compared += 1;
        }
    }
    eprintln!("compared {compared} vendored vector files with {SHARED_VECTORS}");
}

/// Each vendored folder has a `SOURCE.md` naming a licence, whether or not `../shared` is there.
#[test]
fn every_vendored_folder_states_its_source_and_licence() {
    for folder in FOLDERS {
        let path = Path::new(REPO_VECTORS).join(folder).join("SOURCE.md");
        let text = String::from_utf8(read(&path)).unwrap();
        assert!(text.contains("commit "), "{}: no commit", path.display());
        assert!(text.contains("Licence"), "{}: no licence", path.display());
        assert!(
            text.contains(PROVENANCE_HEADING),
            "{}: no provenance section",
            path.display()
        );
    }
}
