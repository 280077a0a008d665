//! `payments export-pain001` and `payments import-pain001`: a batch written as an ISO 20022
//! pain.001 file, and a pain.001 file read back into a batch, by
//! [`govblocks_payments::iso20022::pain001`] (which checks every rule of the batch and names
//! the block and transfer of a refusal).

use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_payments::batch::model::Batch;
use govblocks_payments::iso20022::pain001::{export, import_with, Version};
use govblocks_payments::iso20022::xml::Limits;
use govblocks_payments::Error as PaymentsError;
use std::path::PathBuf;

const EXPORT_HELP: &str = "\
Writes a batch (the JSON of payments batch build, sign or verify) as an ISO 20022 pain.001
customer credit transfer initiation, UTF-8 XML on stdout: pain.001.001.09 (--version 09, the
default) or pain.001.001.03 (--version 03). The batch's rules are checked first (every count
and control sum recomputed, unique ids, one currency a block); proofs are not written (pain.001
has no place for them) and are not verified here: verify a signed batch with payments verify
first. Amounts are written with every decimal of their currency and Ccy; NbOfTxs and CtrlSum in
the group header and in each PmtInf; ReqdExctnDt as Dt (.09); IBANs as IBAN, other accounts as
Othr with their scheme (MSISDN, G2PFA, ALIAS; bank accounts with the agent's clearing code).

Exits 0, or 1 with the code (payments.count_mismatch, payments.control_sum_mismatch,
payments.pain001_element_unsupported for a value pain.001 cannot carry, …).

Example:
  govblocks payments export-pain001 --version 09 batch.json > batch.xml";

const IMPORT_HELP: &str = "\
Reads an ISO 20022 pain.001 file (pain.001.001.03, its Swiss SPS variant, or pain.001.001.09)
into a batch and prints its JSON (unsigned: sign it with payments sign). Every rule of a batch is
checked: a declared NbOfTxs or CtrlSum that differs from the transfers, an amount with more
decimals than its currency allows, an IBAN failing mod-97, a duplicate end-to-end id, … The
XML is read as a bounded stream: no DOCTYPE (refused: no entity is ever expanded), at most
--max-bytes bytes, 32 levels deep.

Exits 0, or 1 with the code and a message naming the element, as an XPath-like location:
  /Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[5]/Amt/InstdAmt: \"12.345\" has 3 decimals, USD allows 2
(payments.amount_too_many_decimals, payments.count_mismatch, payments.control_sum_mismatch,
payments.iban_checksum, payments.duplicate_end_to_end_id, payments.xml_doctype,
payments.xml_too_large, payments.pain001_element_missing, …).

Example:
  govblocks payments import-pain001 --max-bytes 104857600 bank-file.xml > batch.json";

/// Arguments of `payments export-pain001`.
#[derive(Debug, Args)]
#[command(about = "Write a batch as an ISO 20022 pain.001 file (XML on stdout)", long_about = EXPORT_HELP)]
pub struct ExportArgs {
    /// The pain.001 version: 09 (pain.001.001.09) or 03 (pain.001.001.03).
    #[arg(long, value_name = "V", default_value = "09")]
    version: String,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The batch (JSON); stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn export_pain001(args: &ExportArgs) -> Result<Vec<u8>, CliError> {
    let version = Version::parse(&args.version)?;
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let value = govblocks_core::json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    let batch: Batch = serde_json::from_value(value).map_err(|e| {
        CliError::from(PaymentsError::BatchInvalid {
            reason: format!("not a batch: {e}"),
        })
    })?;
    Ok(export(&batch, version)?.into_bytes())
}

crate::run_with!(ExportArgs, export_pain001);

/// Arguments of `payments import-pain001`.
#[derive(Debug, Args)]
#[command(about = "Read an ISO 20022 pain.001 file into a batch (JSON on stdout)", long_about = IMPORT_HELP)]
pub struct ImportArgs {
    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The pain.001 file (XML); stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn import_pain001(args: &ImportArgs) -> Result<Vec<u8>, CliError> {
    let limit = args.max_bytes.limit();
    let bytes = read_document(&Source::from_arg(args.file.as_deref()), limit)?;
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        CliError::from(PaymentsError::XmlMalformed {
            location: "/".to_owned(),
            reason: format!("not UTF-8 (at byte {})", e.valid_up_to()),
        })
    })?;
    let (batch, _) = import_with(text, Limits::default().with_max_bytes(limit))?;
    output::json_line(&batch, false)
}

crate::run_with!(ImportArgs, import_pain001);
