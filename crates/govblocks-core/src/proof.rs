//! proof (to be written).
