//! ISO 20022 XML files: the bounded [`xml`] reader every import stands on, and
//! [`pain001`] — customer credit transfer initiation, a [`Batch`](crate::batch::model::Batch)
//! written as pain.001.001.09 (or .03) and read back from .03 and .09 with every rule of the
//! batch checked and every refusal located in the file.

pub mod pain001;
pub mod xml;
