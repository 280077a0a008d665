//! clock (to be written).
