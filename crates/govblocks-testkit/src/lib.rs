//! # govblocks-testkit
//!
//! What tests and fuzzers of the govblocks crates share, kept out of the published crates
//! (`publish = false`): the fuzz properties of every block, the one input chooser
//! ([`Choices`]), fixed keys and documents ([`identity::fixtures`], [`consent::fixtures`]),
//! the seed writer (`cargo run -p govblocks-testkit --bin fuzz-seeds -- fuzz/corpus`) and the
//! corpus replay ([`replay`]), which `cargo test -p govblocks-testkit` runs over every target.
//!
//! ## The convention for properties
//!
//! - Each fuzz target `NAME` (a file `fuzz/fuzz_targets/NAME.rs`, a directory
//!   `fuzz/corpus/NAME/`, maybe `fuzz/regressions/NAME/`) is a function
//!   `pub fn NAME(data: &[u8])` in the module of the block it checks: [`core`], [`identity`],
//!   [`consent`], [`payments`], [`exchange`].
//! - The function accepts any bytes and returns normally unless the property is broken; then,
//!   and only then, it panics with a description (what libFuzzer reports as a crash). Input
//!   that is merely invalid is not a violation.
//! - Its documentation states the property (what must hold, for which input) and how the
//!   input is read.
//! - It is listed once in [`replay::TARGETS`], with what a seed's name promises (`accepted-*`
//!   verifies, `refused-*` does not, …). A test fails if a target file, a corpus directory and a
//!   row of that table do not match one to one.
//! - Structure-aware properties read their input through [`Choices`]: every read past the end
//!   returns zero, so a short input still builds a complete, typical case.
//! - What a property needs of a crate's private items goes through that crate's small
//!   `#[doc(hidden)]` hook (`govblocks_core::testkit_hook`), never through a public fixture.
//!
//! ## Adding a target
//!
//! 1. `pub fn NAME(data: &[u8])` in the block's module here;
//! 2. `fuzz/fuzz_targets/NAME.rs` (a copy of another target, calling it) and its `[[bin]]` in
//!    `fuzz/Cargo.toml`;
//! 3. seeds in `fuzz/corpus/NAME/` (hand-made, or written by `src/bin/fuzz-seeds.rs`);
//! 4. one row in [`replay::TARGETS`] and one in `fuzz/README.md`.
#![forbid(unsafe_code)]
// A panic is how a broken property is reported; fixtures are fixed and may not fail.
#![allow(clippy::panic, clippy::unwrap_used, clippy::expect_used)]

mod choices;
pub mod consent;
pub mod core;
pub mod exchange;
pub mod identity;
pub mod interleaved;
pub mod payments;
pub mod replay;
pub mod seeds;

pub use choices::Choices;
