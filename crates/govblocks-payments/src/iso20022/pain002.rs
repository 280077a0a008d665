//! ISO 20022 pain.002.001.10 (`CustomerPaymentStatusReport`) files: a bank's status report on
//! a batch it was sent, read into a [`StatusReport`] on the bounded [`xml`](super::xml) reader,
//! then taken into the batch's life by
//! [`PaymentLog::import_report`](crate::lifecycle::PaymentLog::import_report) (how, and what is
//! checked against the batch there, is in [`lifecycle::report`](crate::lifecycle::report)).
//!
//! What is read, in the order the XSD (`tests/vectors/iso20022-pain002/pain.002.001.10.xsd`)
//! has it:
//!
//! | element | becomes |
//! | --- | --- |
//! | `GrpHdr/MsgId`, `CreDtTm` | the report's id, its creation time |
//! | `OrgnlGrpInfAndSts/OrgnlMsgId`, `OrgnlMsgNmId`, `OrgnlNbOfTxs`, `OrgnlCtrlSum` | which batch (its message id), of which message, its figures |
//! | `OrgnlGrpInfAndSts/GrpSts`, `StsRsnInf/Rsn/Cd` | the group status (`ExternalPaymentGroupStatus1Code`) and its reason |
//! | `OrgnlPmtInfAndSts/OrgnlPmtInfId`, `OrgnlNbOfTxs`, `OrgnlCtrlSum`, `PmtInfSts`, `StsRsnInf` | each block's id, figures, status and reason |
//! | `TxInfAndSts/OrgnlEndToEndId`, `TxSts`, `StsRsnInf/Rsn/Cd` | each transfer's end-to-end id, status (`ExternalPaymentTransactionStatus1Code`) and reason (`ExternalStatusReason1Code`) |
//!
//! Every other element the XSD allows (parties, agents, `NbOfTxsPerSts`, charges, the original
//! transaction reference, supplementary data, …) is read past, its XML still checked by the
//! reader. The elements read are checked against their XSD types (lengths, dates, counts,
//! decimals), order and occurrences. Refused, each with its code and the XPath-like location
//! of the element (`/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]/TxInfAndSts[2]/TxSts`):
//!
//! | what | code |
//! | --- | --- |
//! | over the size, depth or text limits; a DOCTYPE; an undeclared entity; not well-formed | `payments.xml_too_large`, `xml_too_deep`, `xml_doctype`, `xml_entity`, `xml_malformed` |
//! | another message or version (the root's namespace), an element missing, out of order, repeated or unknown, a value breaking its XSD type; a transaction status without `OrgnlEndToEndId` or `TxSts` (statuses are matched by end-to-end id) | `payments.report_invalid` |
//! | a status or reason code outside its ISO 20022 code set | `payments.report_status_unknown` |
//! | a rejecting status (`RJCT`, `CANC`; of a transfer, block or group) without an ISO reason code (none, or only `Prtry`) | `payments.report_reason_missing` |
//!
//! A reason is the first `StsRsnInf` with `Rsn/Cd`; a proprietary reason (`Rsn/Prtry`) and the
//! additional information are read past.
//!
//! ```
//! use govblocks_payments::iso20022::pain002;
//!
//! let xml = r#"<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.10"><CstmrPmtStsRpt>
//!   <GrpHdr><MsgId>RPT-1</MsgId><CreDtTm>2026-12-08T09:00:00Z</CreDtTm></GrpHdr>
//!   <OrgnlGrpInfAndSts><OrgnlMsgId>MSG-1</OrgnlMsgId><OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>
//!     <GrpSts>PART</GrpSts></OrgnlGrpInfAndSts>
//!   <OrgnlPmtInfAndSts><OrgnlPmtInfId>PMT-1</OrgnlPmtInfId>
//!     <TxInfAndSts><OrgnlEndToEndId>E2E-1</OrgnlEndToEndId><TxSts>ACSC</TxSts></TxInfAndSts>
//!     <TxInfAndSts><OrgnlEndToEndId>E2E-2</OrgnlEndToEndId><TxSts>RJCT</TxSts>
//!       <StsRsnInf><Rsn><Cd>AC04</Cd></Rsn></StsRsnInf></TxInfAndSts>
//!   </OrgnlPmtInfAndSts></CstmrPmtStsRpt></Document>"#;
//! let report = pain002::read(xml.as_bytes())?;
//! assert_eq!(report.original_message_id, "MSG-1");
//! let rejected = &report.blocks[0].transactions[1];
//! assert_eq!(rejected.status.reason.map(|r| r.code()), Some("AC04"));
//!
//! let wrong = xml.replace("<TxSts>ACSC", "<TxSts>DONE");
//! let e = pain002::read(wrong.as_bytes()).unwrap_err();
//! assert_eq!(e.code(), "payments.report_status_unknown");
//! assert!(e.to_string().starts_with("/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]/TxInfAndSts[1]/TxSts"));
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use super::xml::{Limits, Node, XmlReader};
use crate::batch::rules::valid_date;
use crate::error::{quote, Error, Result};
use crate::lifecycle::report::{BlockStatus, Reported, StatusReport, TransactionStatus};
use crate::lifecycle::status::{GroupStatus, PaymentStatus, StatusKind};
use crate::lifecycle::StatusReason;
use govblocks_core::digest::ContentDigest;

/// The namespace of pain.002.001.10 documents.
pub const NAMESPACE: &str = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.10";

/// The repeated blocks, always indexed in locations (`OrgnlPmtInfAndSts[1]`).
const INDEXED: &[&str] = &["OrgnlPmtInfAndSts", "TxInfAndSts", "StsRsnInf"];

/// Reads a pain.002.001.10 status report with the reader's default limits (see the
/// [module](self) documentation for what is read and refused).
pub fn read(bytes: &[u8]) -> Result<StatusReport> {
    read_with(bytes, Limits::default())
}

/// [`read`] with other limits.
pub fn read_with(bytes: &[u8], limits: Limits) -> Result<StatusReport> {
    let mut r = XmlReader::from_bytes(bytes, limits)?.indexed(INDEXED);
    let Some(Node::Start(root)) = r.next()? else {
        return Err(invalid("/", "no root element"));
    };
    if root.name() != "Document" {
        return Err(invalid(
            &r.location(),
            format!("the root element is {:?}, not Document", quote(root.name())),
        ));
    }
    let namespace = r.root_namespace().unwrap_or("");
    if namespace != NAMESPACE {
        return Err(invalid(
            &r.location(),
            format!(
                "the namespace {:?} is not pain.002.001.10's ({NAMESPACE})",
                quote(namespace)
            ),
        ));
    }
    let here = r.location();
    let mut report = None;
    let mut seq = Seq::new(&[("CstmrPmtStsRpt", ONE)]);
    while let Some(Node::Start(element)) = r.next()? {
        seq.accept(&r, element.name())?;
        report = Some(read_report(&mut r)?);
    }
    seq.finish(&here)?;
    // `next` gave the root's end: only comments and white space may follow.
    if r.next()?.is_some() {
        return Err(invalid("/", "content after the root element"));
    }
    let mut report = report.ok_or_else(|| invalid(&here, "CstmrPmtStsRpt is missing"))?;
    report.digest = ContentDigest::of_bytes(bytes);
    Ok(report)
}

/// At most this many bytes of a location are kept in an error (an unknown element's name comes
/// from the input and may be long).
const LOCATION_LIMIT: usize = 512;

fn invalid(location: &str, reason: impl Into<String>) -> Error {
    let location = match location.char_indices().nth(LOCATION_LIMIT) {
        None => location.to_owned(),
        Some((at, _)) => format!("{}…", &location[..at]),
    };
    Error::ReportInvalid {
        location,
        reason: reason.into(),
    }
}

/// Occurrences: at most once (`false`) or repeated (`true`), and whether required.
#[derive(Clone, Copy)]
struct Occurs {
    repeated: bool,
    required: bool,
}

const ONE: Occurs = Occurs {
    repeated: false,
    required: true,
};
const OPT: Occurs = Occurs {
    repeated: false,
    required: false,
};
const MANY: Occurs = Occurs {
    repeated: true,
    required: false,
};

/// An XSD sequence being read: each child must come in order, as often as it may.
struct Seq {
    spec: &'static [(&'static str, Occurs)],
    /// The position reached, and how many children were seen at each.
    at: usize,
    seen: Vec<u32>,
}

impl Seq {
    fn new(spec: &'static [(&'static str, Occurs)]) -> Seq {
        Seq {
            spec,
            at: 0,
            seen: vec![0; spec.len()],
        }
    }

    /// Takes child `name` (just started: the reader's location is its own), giving its
    /// position in the sequence.
    fn accept(&mut self, r: &XmlReader<'_>, name: &str) -> Result<&'static str> {
        let Some(position) = self.spec.iter().position(|(n, _)| *n == name) else {
            return Err(invalid(
                &r.location(),
                "an element the XSD does not allow here",
            ));
        };
        if position < self.at {
            return Err(invalid(
                &r.location(),
                format!("{name} after {}", self.spec[self.at].0),
            ));
        }
        let (spec_name, occurs) = self.spec[position];
        if self.seen[position] > 0 && !occurs.repeated {
            return Err(invalid(&r.location(), format!("{name} repeated")));
        }
        self.at = position;
        self.seen[position] += 1;
        Ok(spec_name)
    }

    /// Every required child seen (`here` is the parent's location).
    fn finish(&self, here: &str) -> Result<()> {
        for ((name, occurs), seen) in self.spec.iter().zip(&self.seen) {
            if occurs.required && *seen == 0 {
                return Err(invalid(
                    &format!("{here}/{name}"),
                    format!("{name} is missing"),
                ));
            }
        }
        Ok(())
    }
}

/// The text of the element just started, at most `max` characters and at least one
/// (`MaxNText`).
fn max_text(r: &mut XmlReader<'_>, max: usize) -> Result<String> {
    let at = r.location();
    let text = r.text()?;
    let n = text.chars().count();
    if n == 0 || n > max {
        return Err(invalid(
            &at,
            format!("{:?} is not 1 to {max} characters", quote(&text)),
        ));
    }
    Ok(text.into_owned())
}

/// `ISODateTime` (`xs:dateTime`): `YYYY-MM-DDThh:mm:ss`, optional fraction, optional zone.
fn date_time(r: &mut XmlReader<'_>) -> Result<String> {
    let at = r.location();
    let text = r.text()?;
    let value = text.trim();
    // ASCII first: every index and slice below is then on a character boundary.
    let ok = value.len() >= 19 && value.as_bytes()[..19].is_ascii() && {
        let (head, rest) = value.split_at(19);
        let b = head.as_bytes();
        let two = |i: usize, max: u8| {
            b[i].is_ascii_digit()
                && b[i + 1].is_ascii_digit()
                && (b[i] - b'0') * 10 + (b[i + 1] - b'0') <= max
        };
        let rest = match rest.strip_prefix('.') {
            Some(fraction) => {
                let digits = fraction.bytes().take_while(u8::is_ascii_digit).count();
                (digits > 0).then(|| &fraction[digits..])
            }
            None => Some(rest),
        };
        let zone_ok = rest.is_some_and(|zone| {
            zone.is_empty()
                || zone == "Z"
                || (zone.len() == 6
                    && zone.is_ascii()
                    && (zone.starts_with('+') || zone.starts_with('-'))
                    && zone.as_bytes()[3] == b':'
                    && zone[1..3].bytes().all(|c| c.is_ascii_digit())
                    && zone[4..].bytes().all(|c| c.is_ascii_digit()))
        });
        valid_date(&head[..10])
            && b[10] == b'T'
            && b[13] == b':'
            && b[16] == b':'
            && two(11, 23)
            && two(14, 59)
            && two(17, 59)
            && zone_ok
    };
    if !ok {
        return Err(invalid(
            &at,
            format!("{:?} is not an ISO date and time", quote(&text)),
        ));
    }
    Ok(value.to_owned())
}

/// `Max15NumericText`: 1 to 15 digits.
fn numeric(r: &mut XmlReader<'_>) -> Result<String> {
    let at = r.location();
    let text = r.text()?;
    if text.is_empty() || text.len() > 15 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            &at,
            format!("{:?} is not 1 to 15 digits", quote(&text)),
        ));
    }
    Ok(text.into_owned())
}

/// `DecimalNumber`: a non-negative decimal of at most 18 digits, 17 after the point.
fn decimal(r: &mut XmlReader<'_>) -> Result<String> {
    let at = r.location();
    let text = r.text()?;
    let value = text.trim();
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let ok = !int.is_empty()
        && digits(int)
        && digits(frac)
        && (!value.contains('.') || !frac.is_empty())
        && frac.len() <= 17
        && int.trim_start_matches('0').len() + frac.len() <= 18;
    if !ok {
        return Err(invalid(
            &at,
            format!("{:?} is not a decimal of at most 18 digits", quote(&text)),
        ));
    }
    Ok(value.to_owned())
}

/// A status code of a code set (`payments.report_status_unknown` outside it).
fn code<T>(r: &mut XmlReader<'_>, lookup: fn(&str) -> Option<T>, set: &'static str) -> Result<T> {
    let at = r.location();
    let text = r.text()?;
    lookup(&text).ok_or_else(|| Error::ReportStatusUnknown {
        location: at,
        input: quote(&text),
        set,
    })
}

/// `StsRsnInf`: its ISO reason code when it has one.
fn reason_info(r: &mut XmlReader<'_>) -> Result<Option<StatusReason>> {
    let here = r.location();
    let mut seq = Seq::new(&[("Orgtr", OPT), ("Rsn", OPT), ("AddtlInf", MANY)]);
    let mut reason = None;
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "Rsn" => {
                let mut choice = Seq::new(&[("Cd", OPT), ("Prtry", OPT)]);
                let mut chosen = 0;
                while let Some(Node::Start(element)) = r.next()? {
                    let name = choice.accept(r, element.name())?;
                    chosen += 1;
                    if chosen > 1 {
                        return Err(invalid(&r.location(), "Rsn holds one of Cd and Prtry"));
                    }
                    if name == "Cd" {
                        let at = r.location();
                        let text = r.text()?;
                        reason = Some(StatusReason::parse(&text).map_err(|_| {
                            Error::ReportStatusUnknown {
                                location: at,
                                input: quote(&text),
                                set: "ExternalStatusReason1Code",
                            }
                        })?);
                    } else {
                        max_text(r, 35)?;
                    }
                }
                if chosen == 0 {
                    return Err(invalid(
                        &format!("{here}/Rsn"),
                        "Rsn holds one of Cd and Prtry",
                    ));
                }
            }
            "AddtlInf" => {
                max_text(r, 105)?;
            }
            _ => r.skip()?,
        }
    }
    seq.finish(&here)?;
    Ok(reason)
}

/// The first ISO reason of the `StsRsnInf` read so far, or this one.
fn first(reason: &mut Option<StatusReason>, this: Option<StatusReason>) {
    if reason.is_none() {
        *reason = this;
    }
}

/// A status with its reason: a rejecting one needs an ISO reason code.
fn reported<S: Copy>(
    status: Option<(S, String)>,
    reason: Option<StatusReason>,
    kind: fn(&S) -> StatusKind,
    code: fn(&S) -> &'static str,
) -> Result<Option<Reported<S>>> {
    let Some((status, location)) = status else {
        return Ok(None);
    };
    if kind(&status) == StatusKind::Rejected && reason.is_none() {
        return Err(Error::ReportReasonMissing {
            location,
            status: code(&status).to_owned(),
        });
    }
    Ok(Some(Reported::new(status, reason, location)))
}

fn read_report(r: &mut XmlReader<'_>) -> Result<StatusReport> {
    let here = r.location();
    let mut seq = Seq::new(&[
        ("GrpHdr", ONE),
        ("OrgnlGrpInfAndSts", ONE),
        ("OrgnlPmtInfAndSts", MANY),
        ("SplmtryData", MANY),
    ]);
    let mut report = StatusReport {
        message_id: String::new(),
        created: String::new(),
        digest: ContentDigest::of_bytes(b""),
        original_message_id: String::new(),
        original_message_name: String::new(),
        original_transactions: None,
        original_control_sum: None,
        group_status: None,
        blocks: Vec::new(),
        location: format!("{here}/OrgnlGrpInfAndSts"),
    };
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "GrpHdr" => read_header(r, &mut report)?,
            "OrgnlGrpInfAndSts" => read_group(r, &mut report)?,
            "OrgnlPmtInfAndSts" => report.blocks.push(read_block(r)?),
            _ => r.skip()?,
        }
    }
    seq.finish(&here)?;
    Ok(report)
}

fn read_header(r: &mut XmlReader<'_>, report: &mut StatusReport) -> Result<()> {
    let here = r.location();
    let mut seq = Seq::new(&[
        ("MsgId", ONE),
        ("CreDtTm", ONE),
        ("InitgPty", OPT),
        ("FwdgAgt", OPT),
        ("DbtrAgt", OPT),
        ("CdtrAgt", OPT),
    ]);
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "MsgId" => report.message_id = max_text(r, 35)?,
            "CreDtTm" => report.created = date_time(r)?,
            _ => r.skip()?,
        }
    }
    seq.finish(&here)
}

fn read_group(r: &mut XmlReader<'_>, report: &mut StatusReport) -> Result<()> {
    let here = r.location();
    report.location = here.clone();
    let mut seq = Seq::new(&[
        ("OrgnlMsgId", ONE),
        ("OrgnlMsgNmId", ONE),
        ("OrgnlCreDtTm", OPT),
        ("OrgnlNbOfTxs", OPT),
        ("OrgnlCtrlSum", OPT),
        ("GrpSts", OPT),
        ("StsRsnInf", MANY),
        ("NbOfTxsPerSts", MANY),
    ]);
    let mut status = None;
    let mut reason = None;
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "OrgnlMsgId" => report.original_message_id = max_text(r, 35)?,
            "OrgnlMsgNmId" => report.original_message_name = max_text(r, 35)?,
            "OrgnlCreDtTm" => {
                date_time(r)?;
            }
            "OrgnlNbOfTxs" => report.original_transactions = Some(numeric(r)?),
            "OrgnlCtrlSum" => report.original_control_sum = Some(decimal(r)?),
            "GrpSts" => {
                let at = r.location();
                status = Some((code(r, GroupStatus::lookup, GroupStatus::SET)?, at));
            }
            "StsRsnInf" => first(&mut reason, reason_info(r)?),
            _ => r.skip()?,
        }
    }
    seq.finish(&here)?;
    report.group_status = reported(status, reason, GroupStatus::kind, GroupStatus::code)?;
    Ok(())
}

fn read_block(r: &mut XmlReader<'_>) -> Result<BlockStatus> {
    let here = r.location();
    let mut seq = Seq::new(&[
        ("OrgnlPmtInfId", ONE),
        ("OrgnlNbOfTxs", OPT),
        ("OrgnlCtrlSum", OPT),
        ("PmtInfSts", OPT),
        ("StsRsnInf", MANY),
        ("NbOfTxsPerSts", MANY),
        ("TxInfAndSts", MANY),
    ]);
    let mut block = BlockStatus {
        location: here.clone(),
        ..BlockStatus::default()
    };
    let mut status = None;
    let mut reason = None;
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "OrgnlPmtInfId" => block.payment_information_id = max_text(r, 35)?,
            "OrgnlNbOfTxs" => block.original_transactions = Some(numeric(r)?),
            "OrgnlCtrlSum" => block.original_control_sum = Some(decimal(r)?),
            "PmtInfSts" => {
                let at = r.location();
                status = Some((code(r, GroupStatus::lookup, GroupStatus::SET)?, at));
            }
            "StsRsnInf" => first(&mut reason, reason_info(r)?),
            "TxInfAndSts" => block.transactions.push(read_transaction(r)?),
            _ => r.skip()?,
        }
    }
    seq.finish(&here)?;
    block.status = reported(status, reason, GroupStatus::kind, GroupStatus::code)?;
    Ok(block)
}

fn read_transaction(r: &mut XmlReader<'_>) -> Result<TransactionStatus> {
    let here = r.location();
    let mut seq = Seq::new(&[
        ("StsId", OPT),
        ("OrgnlInstrId", OPT),
        ("OrgnlEndToEndId", OPT),
        ("OrgnlUETR", OPT),
        ("TxSts", OPT),
        ("StsRsnInf", MANY),
        ("ChrgsInf", MANY),
        ("TrckrData", OPT),
        ("AccptncDtTm", OPT),
        ("AcctSvcrRef", OPT),
        ("ClrSysRef", OPT),
        ("OrgnlTxRef", OPT),
        ("SplmtryData", MANY),
    ]);
    let mut end_to_end_id = None;
    let mut status = None;
    let mut reason = None;
    while let Some(Node::Start(element)) = r.next()? {
        match seq.accept(r, element.name())? {
            "StsId" | "OrgnlInstrId" | "AcctSvcrRef" | "ClrSysRef" => {
                max_text(r, 35)?;
            }
            "OrgnlEndToEndId" => end_to_end_id = Some(max_text(r, 35)?),
            "TxSts" => {
                let at = r.location();
                status = Some((code(r, PaymentStatus::lookup, PaymentStatus::SET)?, at));
            }
            "StsRsnInf" => first(&mut reason, reason_info(r)?),
            "AccptncDtTm" => {
                date_time(r)?;
            }
            _ => r.skip()?,
        }
    }
    seq.finish(&here)?;
    let Some(end_to_end_id) = end_to_end_id else {
        return Err(invalid(
            &format!("{here}/OrgnlEndToEndId"),
            "OrgnlEndToEndId is missing: statuses are matched to transfers by end-to-end id",
        ));
    };
    let Some(status) = reported(status, reason, PaymentStatus::kind, PaymentStatus::code)? else {
        return Err(invalid(&format!("{here}/TxSts"), "TxSts is missing"));
    };
    // The status's location is the transaction's (its children are named from there).
    let status = Reported::new(status.status, status.reason, here);
    Ok(TransactionStatus::new(end_to_end_id, status))
}
