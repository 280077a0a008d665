//! Property tests of credentials and SD-JWT, and the scale run: the slow tests of identity, kept apart
//! from the example-based ones (`api`). The million-presentation run is `#[ignore]`d (see
//! `scale.rs`):
//!
//! ```text
//! cargo test --release -p govblocks-identity --test properties -- --ignored --nocapture scale::
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod credential_props;
mod scale;
mod scale_world;
mod sd_jwt_props;
mod sd_jwt_status_props;
