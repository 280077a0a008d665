//! encoding (to be written).
