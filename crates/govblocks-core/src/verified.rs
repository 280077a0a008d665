//! verified (to be written).
