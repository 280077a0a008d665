//! TEMPORARY skeleton (replaced by the `store` branch's).
#![forbid(unsafe_code)]

pub mod accept_once;
pub mod error;
#[cfg(feature = "sqlite")]
pub mod sqlite_file;

pub use error::{Error, Result};
