//! resolver (to be written).
