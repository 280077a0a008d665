//! ISO 20022 XML files: the bounded [`xml`] reader every import stands on, and
//! [`pain001`] — customer credit transfer initiation, a [`Batch`](crate::batch::model::Batch)
//! written as pain.001.001.09 (or .03) and read back from .03 and .09 with every rule of the
//! batch checked and every refusal located in the file; [`pain002`] — a bank's status report
//! (pain.002.001.10) read into a [`StatusReport`](crate::lifecycle::StatusReport) for the
//! batch's life.

pub mod pain001;
pub mod pain002;
pub mod xml;
