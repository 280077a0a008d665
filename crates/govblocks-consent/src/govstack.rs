//! GovStack Consent BB shapes (to come).
