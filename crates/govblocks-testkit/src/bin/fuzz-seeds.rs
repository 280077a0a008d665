//! Writes the generated seeds of every fuzz target:
//! `cargo run -p govblocks-testkit --bin fuzz-seeds -- fuzz/corpus` (see
//! `govblocks_testkit::seeds`).
#![forbid(unsafe_code)]

fn main() {
    let root = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fuzz/corpus".into());
    govblocks_testkit::seeds::write_all(std::path::Path::new(&root));
}
