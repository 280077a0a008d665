//! signer (to be written).
