//! Writes the generated seeds of every fuzz target:
//! `cargo run -p govblocks-testkit --bin fuzz-seeds -- fuzz/corpus` (see
//! `govblocks_testkit::seeds`). With `--encrypted-g2p` first, writes instead the encrypted
//! SPDCI seeds, which cannot regenerate byte for byte and are kept as first written
//! (`govblocks_testkit::seeds::exchange_g2p`).
#![forbid(unsafe_code)]

fn main() {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let encrypted = args.first().is_some_and(|a| a == "--encrypted-g2p");
    if encrypted {
        args.remove(0);
    }
    let root = args
        .into_iter()
        .next()
        .unwrap_or_else(|| "fuzz/corpus".into());
    let root = std::path::Path::new(&root);
    if encrypted {
        govblocks_testkit::seeds::exchange_g2p::write_encrypted(root);
    } else {
        govblocks_testkit::seeds::write_all(root);
    }
}
