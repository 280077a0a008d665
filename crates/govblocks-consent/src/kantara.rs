//! Kantara Consent Receipt v1.1 export (to come).
