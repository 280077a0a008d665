//! JWS (to be written).
