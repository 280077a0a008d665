//! ISO 20022 pain.001 (CustomerCreditTransferInitiation) files.
