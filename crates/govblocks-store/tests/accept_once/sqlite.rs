//! The SQLite backend beyond the conformance suite.
