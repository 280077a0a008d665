//! The envelope: a signed JSON document (eddsa-jcs-2022, by its sender) with a header and a
//! payload — a request from an X-Road client to a service, or the service's response bound to
//! that request.
//!
//! | module | what |
//! | --- | --- |
//! | [`model`] | the wire shape, member for member; message ids |
//! | [`rules`] | what makes an envelope valid, in the order the checks run, with their codes |
//! | [`builder`] | building requests and responses, and signing them |
//!
//! The schema is `schemas/exchange/v1/envelope.json`; verifying is [`crate::verify`]'s.

pub mod builder;
pub mod model;
pub mod rules;
