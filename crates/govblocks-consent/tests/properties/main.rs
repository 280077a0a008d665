//! Property tests of consent: the lifecycle against a reference model, kept apart from the
//! example-based tests (`api`). The helpers shared with `api` live in `tests/common/`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "../common/mod.rs"]
mod common;

mod lifecycle_props;
