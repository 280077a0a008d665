//! Status reports back from the bank (ISO 20022 pain.002.001.10): the vendored XSD and code
//! sets, realistic report fixtures valid against the XSD (checked with xmllint), their import
//! into a released batch's life (settled, rejected with a reason, interim, a block's or a
//! group's final status for its unlisted transfers), and every refusal with its code and
//! location — with nothing written to the log.

use super::fixtures::*;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::Document;
use govblocks_core::proof::{ProofOptions, Verifier};
use govblocks_core::resolver::DidKeyResolver;
use govblocks_payments::approval::SignerRole;
use govblocks_payments::iso20022::pain002;
use govblocks_payments::iso20022::xml::Limits;
use govblocks_payments::lifecycle::{
    batch_stream, Event, EventKind, GroupStatus, Log, MemoryLog, NewEntry, PaymentEvent,
    PaymentLog, PaymentStatus, StatusReason, TransferState, GROUP_STATUSES, PAYMENT_STATUSES,
};
use govblocks_payments::prelude::*;
use serde_json::json;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};

const MSG: &str = "MSG-2026-0001";

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests")
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(dir().join("pain002").join(name)).unwrap()
}

fn hub_key() -> govblocks_core::keys::SecretKey {
    key(9)
}

fn at(t: &str) -> Timestamp {
    t.parse().unwrap()
}

fn policy() -> ApprovalPolicy {
    let policy = json!({"makers": [did(1)], "checkers": [did(2)], "approvals": 1});
    ApprovalPolicy::from_json(policy.to_string().as_bytes()).unwrap()
}

/// The usual test batch (PMT-0: E2E-0-0 100.00, E2E-0-1 50.50; PMT-1: E2E-1-0 10.00 USD),
/// verified, logged and — unless `release` is false — released to the bank.
fn life(release: bool) -> PaymentLog<MemoryLog> {
    let life = PaymentLog::for_hub(MemoryLog::new(), hub_key().public_key().did());
    let verifier = BatchVerifier::new(
        Verifier::new(DidKeyResolver, policy().trust_list()),
        policy(),
    );
    let made = sign_as_maker(&usd_batch(), &key(1)).unwrap();
    let bytes = approve(made, &key(2)).unwrap().to_string().into_bytes();
    let accepted = verifier.verify_resolved(&bytes).unwrap();
    life.start(
        &hub_key(),
        &bytes,
        accepted.batch.value(),
        &accepted.approval,
        at("2026-12-06T10:00:00Z"),
    )
    .unwrap();
    if release {
        life.release(&hub_key(), MSG, at("2026-12-06T11:00:00Z"))
            .unwrap();
    }
    life
}

fn entries<L: Log>(life: &PaymentLog<L>) -> usize {
    life.log().entries(&batch_stream(MSG)).unwrap().len()
}

/// Reads `xml` and imports it at `t`: `ok` or the error's code and message.
fn import<L: Log>(
    life: &PaymentLog<L>,
    xml: &str,
    t: &str,
) -> Result<(u64, u64, u64), (String, String)> {
    pain002::read(xml.as_bytes())
        .and_then(|report| life.import_report(&hub_key(), &report, None, at(t)))
        .map(|r| (r.settled, r.rejected, r.interim))
        .map_err(|e| (e.code().to_owned(), e.to_string()))
}

fn state(life: &PaymentLog<MemoryLog>, e2e: &str) -> TransferState {
    life.status(e2e).unwrap().state
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn the_vendored_xsd_and_code_sets_are_as_published() {
    let xsd = std::fs::read(dir().join("vectors/iso20022-pain002/pain.002.001.10.xsd")).unwrap();
    assert_eq!(
        sha256_hex(&xsd),
        "2f9f8d0e9891fa9f31ccf0576397afe501614384d688ae6e43ba694b3d24b0cf"
    );
    for (file, sha, table) in [
        (
            "ExternalPaymentTransactionStatus1Code",
            "a759e075b612ed43c1d46c72be86ff1ded51f563c327bfe9384cc8860d3e57a9",
            PAYMENT_STATUSES,
        ),
        (
            "ExternalPaymentGroupStatus1Code",
            "d94fb94dc5f957eb32cce4c848ba026647c0b15ffa9c86774c3eab116e18f7cf",
            GROUP_STATUSES,
        ),
    ] {
        let bytes =
            std::fs::read(dir().join(format!("vectors/iso20022-payment-status-codes/{file}.json")))
                .unwrap();
        assert_eq!(sha256_hex(&bytes), sha, "{file}");
        let set: serde_json::Value = serde_json::from_slice(&bytes).unwrap();
        let mut codes: Vec<&str> = set[file]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap())
            .collect();
        codes.sort_unstable();
        let ours: Vec<&str> = table.iter().map(|(c, _)| *c).collect();
        assert_eq!(ours, codes, "{file}");
        let description = set[file]["description"].as_str().unwrap();
        for (code, definition) in table {
            let line = format!("*`{code}`-");
            let from = description.find(&line).unwrap() + line.len();
            let text: String = description[from..]
                .lines()
                .next()
                .unwrap()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(&text, definition, "{file} {code}");
        }
    }
}

/// Every fixture (and the reports the tests derive from them) is valid against the official
/// XSD, checked with libxml2's xmllint, an independent validator. `.ci/run` installs it and sets
/// `GOVBLOCKS_REQUIRE_XMLLINT`, which makes a missing xmllint a failure; elsewhere a machine
/// without it skips this check with a notice.
#[test]
fn the_fixtures_are_valid_against_the_xsd() {
    let xsd = dir().join("vectors/iso20022-pain002/pain.002.001.10.xsd");
    if std::process::Command::new("xmllint")
        .arg("--version")
        .output()
        .is_err()
    {
        assert!(
            std::env::var_os("GOVBLOCKS_REQUIRE_XMLLINT").is_none(),
            "xmllint is required (GOVBLOCKS_REQUIRE_XMLLINT) and not installed"
        );
        eprintln!("xmllint not installed: the XSD validation of the pain.002 fixtures is skipped");
        return;
    }
    let out = std::env::temp_dir().join(format!("govblocks-pain002-{}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let mut files: Vec<PathBuf> = ["partial.xml", "settled.xml", "rejected-file.xml"]
        .iter()
        .map(|f| dir().join("pain002").join(f))
        .collect();
    // A report the refusal tests start from stays valid when only a value changes.
    let changed = out.join("unknown-transfer.xml");
    std::fs::write(
        &changed,
        fixture("partial.xml").replace(">E2E-1-0<", ">E2E-9-9<"),
    )
    .unwrap();
    files.push(changed);
    for file in &files {
        let result = std::process::Command::new("xmllint")
            .arg("--noout")
            .arg("--schema")
            .arg(&xsd)
            .arg(file)
            .output()
            .unwrap();
        assert!(
            result.status.success(),
            "{}: {}",
            file.display(),
            String::from_utf8_lossy(&result.stderr)
        );
    }
    // And a file the XSD refuses is refused by xmllint too (the check can fail).
    let broken = out.join("broken.xml");
    std::fs::write(
        &broken,
        fixture("partial.xml")
            .replace("<MsgId>", "<MsgID>")
            .replace("</MsgId>", "</MsgID>"),
    )
    .unwrap();
    let result = std::process::Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&xsd)
        .arg(&broken)
        .output()
        .unwrap();
    assert!(!result.status.success());
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_report_is_read_as_written() {
    let xml = fixture("partial.xml");
    let report = pain002::read(xml.as_bytes()).unwrap();
    assert_eq!(report.message_id, "STS-20261207-0001");
    assert_eq!(report.created, "2026-12-07T16:45:12.250+01:00");
    assert_eq!(report.digest, ContentDigest::of_bytes(xml.as_bytes()));
    assert_eq!(report.original_message_id, MSG);
    assert_eq!(report.original_message_name, "pain.001.001.09");
    assert_eq!(report.original_transactions.as_deref(), Some("3"));
    assert_eq!(report.original_control_sum.as_deref(), Some("160.50"));
    assert_eq!(report.group_status.as_ref().unwrap().status.code(), "PART");
    assert_eq!(report.blocks.len(), 2);
    let block = &report.blocks[0];
    assert_eq!(block.payment_information_id, "PMT-0");
    assert_eq!(
        block.location,
        "/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]"
    );
    let rejected = &block.transactions[1];
    assert_eq!(rejected.end_to_end_id, "E2E-0-1");
    assert_eq!(rejected.status.status.code(), "RJCT");
    assert_eq!(rejected.status.reason.unwrap().code(), "AC04");
    assert_eq!(
        rejected.status.location,
        "/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]/TxInfAndSts[2]"
    );
}

#[test]
fn a_partial_report_settles_rejects_and_notes() {
    let life = life(true);
    let before = entries(&life);
    assert_eq!(
        import(&life, &fixture("partial.xml"), "2026-12-07T17:00:00Z"),
        Ok((1, 1, 1))
    );
    // One reported event and three statuses, all signed by the hub.
    assert_eq!(entries(&life), before + 4);
    assert_eq!(state(&life, "E2E-0-0"), TransferState::Settled);
    assert_eq!(
        state(&life, "E2E-0-1"),
        TransferState::Rejected(StatusReason::parse("AC04").unwrap())
    );
    assert_eq!(
        state(&life, "E2E-1-0"),
        TransferState::Reported(PaymentStatus::lookup("ACSP").unwrap())
    );
    // The auditor's replay verifies every signature, the new events included.
    let history = life.history(MSG).unwrap();
    let kinds: Vec<EventKind> = history.events.iter().map(|e| e.event.kind()).collect();
    assert_eq!(
        &kinds[kinds.len() - 4..],
        &[
            EventKind::Reported,
            EventKind::Status,
            EventKind::Status,
            EventKind::Status
        ]
    );
    let Event::Reported {
        report_id,
        report_digest,
        group_status,
        block_statuses,
        ..
    } = &history.events[kinds.len() - 4].event
    else {
        panic!("not reported")
    };
    assert_eq!(report_id, "STS-20261207-0001");
    assert_eq!(
        *report_digest,
        ContentDigest::of_bytes(fixture("partial.xml").as_bytes())
    );
    assert_eq!(group_status.unwrap().code(), "PART");
    assert_eq!(block_statuses["PMT-1"].code(), "ACSP");
    assert!(history
        .events
        .iter()
        .all(|e| e.signer == hub_key().public_key().did()));
    // A transfer's own history holds its status.
    let events = life.status("E2E-0-1").unwrap().events;
    assert!(matches!(
        events.last().unwrap().event,
        Event::Status { ref end_to_end_id, .. } if end_to_end_id == "E2E-0-1"
    ));

    // The same report again: refused, nothing written.
    let now = entries(&life);
    assert_eq!(
        import(&life, &fixture("partial.xml"), "2026-12-07T18:00:00Z")
            .unwrap_err()
            .0,
        "payments.report_repeated"
    );
    assert_eq!(entries(&life), now);

    // The second report settles block PMT-1 as a whole: its one open transfer.
    assert_eq!(
        import(&life, &fixture("settled.xml"), "2026-12-08T09:00:00Z"),
        Ok((1, 0, 0))
    );
    assert_eq!(state(&life, "E2E-1-0"), TransferState::Settled);
    assert_eq!(entries(&life), now + 2);
}

#[test]
fn a_rejected_file_rejects_every_transfer() {
    let life = life(true);
    assert_eq!(
        import(&life, &fixture("rejected-file.xml"), "2026-12-07T11:10:00Z"),
        Ok((0, 3, 0))
    );
    for e2e in ["E2E-0-0", "E2E-0-1", "E2E-1-0"] {
        assert_eq!(
            state(&life, e2e),
            TransferState::Rejected(StatusReason::parse("AM10").unwrap())
        );
    }
}

#[test]
fn a_final_group_status_leaves_transfers_with_an_outcome_alone() {
    let life = life(true);
    life.settle(&hub_key(), "E2E-0-0", at("2026-12-07T09:00:00Z"))
        .unwrap();
    assert_eq!(
        import(&life, &fixture("rejected-file.xml"), "2026-12-07T11:10:00Z"),
        Ok((0, 2, 0))
    );
    assert_eq!(state(&life, "E2E-0-0"), TransferState::Settled);
}

/// `partial.xml` with one change, imported into a released batch: the code, where, and the
/// log left as it was.
#[track_caller]
fn refused(from: &str, to: &str, code: &str, location: &str) {
    let xml = fixture("partial.xml");
    assert!(xml.contains(from), "{from}");
    let life = life(true);
    let before = entries(&life);
    let (got, message) =
        import(&life, &xml.replacen(from, to, 1), "2026-12-07T17:00:00Z").expect_err(from);
    assert_eq!(got, code, "{from} -> {to}: {message}");
    assert!(
        message.starts_with(location),
        "{from} -> {to}: {message} (expected at {location})"
    );
    assert_eq!(entries(&life), before, "{from}: something was written");
}

const GROUP: &str = "/Document/CstmrPmtStsRpt/OrgnlGrpInfAndSts";
const BLOCK1: &str = "/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[1]";
const BLOCK2: &str = "/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[2]";

#[test]
fn a_report_for_another_batch_or_transfer_is_refused() {
    refused(
        "<OrgnlMsgId>MSG-2026-0001<",
        "<OrgnlMsgId>MSG-2026-0002<",
        "payments.report_batch_unknown",
        &format!("{GROUP}/OrgnlMsgId"),
    );
    refused(
        "<OrgnlPmtInfId>PMT-1<",
        "<OrgnlPmtInfId>PMT-9<",
        "payments.report_block_unknown",
        &format!("{BLOCK2}/OrgnlPmtInfId"),
    );
    refused(
        ">E2E-1-0<",
        ">E2E-9-9<",
        "payments.report_transfer_unknown",
        &format!("{BLOCK2}/TxInfAndSts[1]/OrgnlEndToEndId"),
    );
    // A transfer of the batch, reported under the other block.
    refused(
        ">E2E-1-0<",
        ">E2E-0-0<",
        "payments.report_transfer_unknown",
        &format!("{BLOCK2}/TxInfAndSts[1]/OrgnlEndToEndId"),
    );
    refused(
        ">E2E-0-1<",
        ">E2E-0-0<",
        "payments.report_transfer_repeated",
        &format!("{BLOCK1}/TxInfAndSts[2]/OrgnlEndToEndId"),
    );
    // The batch asked for is not the report's.
    let life = life(true);
    let report = pain002::read(fixture("partial.xml").as_bytes()).unwrap();
    let e = life
        .import_report(
            &hub_key(),
            &report,
            Some("MSG-OTHER"),
            at("2026-12-07T17:00:00Z"),
        )
        .unwrap_err();
    assert_eq!(e.code(), "payments.report_batch_unknown");
}

#[test]
fn figures_that_are_not_the_batchs_are_refused() {
    refused(
        "<OrgnlNbOfTxs>3<",
        "<OrgnlNbOfTxs>4<",
        "payments.report_batch_mismatch",
        &format!("{GROUP}/OrgnlNbOfTxs"),
    );
    refused(
        "<OrgnlCtrlSum>160.50<",
        "<OrgnlCtrlSum>160.51<",
        "payments.report_batch_mismatch",
        &format!("{GROUP}/OrgnlCtrlSum"),
    );
    refused(
        "<OrgnlNbOfTxs>2<",
        "<OrgnlNbOfTxs>3<",
        "payments.report_batch_mismatch",
        &format!("{BLOCK1}/OrgnlNbOfTxs"),
    );
    refused(
        "<OrgnlCtrlSum>10.00<",
        "<OrgnlCtrlSum>10.01<",
        "payments.report_batch_mismatch",
        &format!("{BLOCK2}/OrgnlCtrlSum"),
    );
    refused(
        "<OrgnlMsgNmId>pain.001.001.09<",
        "<OrgnlMsgNmId>pacs.008.001.08<",
        "payments.report_batch_mismatch",
        &format!("{GROUP}/OrgnlMsgNmId"),
    );
    // Equal by value: 160.5 is the batch's 160.50.
    let life = life(true);
    let xml = fixture("partial.xml").replace("<OrgnlCtrlSum>160.50<", "<OrgnlCtrlSum>160.5<");
    assert!(import(&life, &xml, "2026-12-07T17:00:00Z").is_ok());
}

#[test]
fn codes_outside_their_set_and_rejections_without_reasons_are_refused() {
    refused(
        "<TxSts>ACSP<",
        "<TxSts>DONE<",
        "payments.report_status_unknown",
        &format!("{BLOCK2}/TxInfAndSts[1]/TxSts"),
    );
    refused(
        "<GrpSts>PART<",
        "<GrpSts>ACFC<", // a transaction status, not a group status
        "payments.report_status_unknown",
        &format!("{GROUP}/GrpSts"),
    );
    refused(
        "<PmtInfSts>ACSP<",
        "<PmtInfSts>acsp<",
        "payments.report_status_unknown",
        &format!("{BLOCK2}/PmtInfSts"),
    );
    refused(
        "<Cd>AC04<",
        "<Cd>ZZ99<",
        "payments.report_status_unknown",
        &format!("{BLOCK1}/TxInfAndSts[2]/StsRsnInf[1]/Rsn/Cd"),
    );
    refused(
        "<Rsn>\n            <Cd>AC04</Cd>\n          </Rsn>",
        "<Rsn><Prtry>CLOSED</Prtry></Rsn>",
        "payments.report_reason_missing",
        &format!("{BLOCK1}/TxInfAndSts[2]/TxSts"),
    );
    refused(
        "<TxSts>ACSC<",
        "<TxSts>CANC<",
        "payments.report_reason_missing",
        &format!("{BLOCK1}/TxInfAndSts[1]/TxSts"),
    );
    refused(
        "<GrpSts>PART<",
        "<GrpSts>RJCT<",
        "payments.report_reason_missing",
        &format!("{GROUP}/GrpSts"),
    );
}

#[test]
fn a_status_against_its_groups_final_status_is_refused() {
    let xml = fixture("partial.xml").replacen(
        "<PmtInfSts>PART</PmtInfSts>",
        "<PmtInfSts>RJCT</PmtInfSts><StsRsnInf><Rsn><Cd>AM04</Cd></Rsn></StsRsnInf>",
        1,
    );
    let life = life(true);
    let (code, message) = import(&life, &xml, "2026-12-07T17:00:00Z").unwrap_err();
    assert_eq!(code, "payments.report_inconsistent", "{message}");
    assert!(
        message.starts_with(&format!("{BLOCK1}/TxInfAndSts[1]/TxSts")),
        "{message}"
    );
}

#[test]
fn the_batchs_life_decides_when_a_report_may_come() {
    // Not released yet.
    let life = life(false);
    let before = entries(&life);
    assert_eq!(
        import(&life, &fixture("partial.xml"), "2026-12-07T17:00:00Z")
            .unwrap_err()
            .0,
        "payments.event_out_of_order"
    );
    assert_eq!(entries(&life), before);
    // A transfer with an outcome already: the whole report is refused, nothing half-recorded
    // (the statuses before it in the report were fine).
    let life = self::life(true);
    life.settle(&hub_key(), "E2E-1-0", at("2026-12-07T09:00:00Z"))
        .unwrap();
    let before = entries(&life);
    assert_eq!(
        import(&life, &fixture("partial.xml"), "2026-12-07T17:00:00Z")
            .unwrap_err()
            .0,
        "payments.outcome_repeated"
    );
    assert_eq!(entries(&life), before);
    assert_eq!(state(&life, "E2E-0-0"), TransferState::Released);
}

#[test]
fn broken_xml_is_refused_with_its_location() {
    let xml = fixture("partial.xml");
    let read = |xml: &str| {
        let e = pain002::read(xml.as_bytes()).unwrap_err();
        (e.code().to_owned(), e.to_string())
    };
    let cases: &[(&str, &str, &str, &str)] = &[
        (
            "pain.002.001.10\">",
            "pain.002.001.11\">",
            "payments.report_invalid",
            "/Document:",
        ),
        (
            "<MsgId>STS-20261207-0001</MsgId>",
            "",
            "payments.report_invalid",
            "/Document/CstmrPmtStsRpt/GrpHdr/MsgId",
        ),
        (
            "<MsgId>STS-20261207-0001</MsgId>",
            "<MsgId>STS-20261207-0001-AND-A-VERY-LONG-TAIL-X</MsgId>",
            "payments.report_invalid",
            "/Document/CstmrPmtStsRpt/GrpHdr/MsgId",
        ),
        (
            "<CreDtTm>2026-12-07T16:45:12.250+01:00</CreDtTm>",
            "<CreDtTm>2026-02-30T16:45:12</CreDtTm>",
            "payments.report_invalid",
            "/Document/CstmrPmtStsRpt/GrpHdr/CreDtTm",
        ),
        (
            "<OrgnlNbOfTxs>3</OrgnlNbOfTxs>",
            "<OrgnlNbOfTxs>3a</OrgnlNbOfTxs>",
            "payments.report_invalid",
            &format!("{GROUP}/OrgnlNbOfTxs"),
        ),
        (
            "<OrgnlCtrlSum>160.50</OrgnlCtrlSum>",
            "<OrgnlCtrlSum>1e2</OrgnlCtrlSum>",
            "payments.report_invalid",
            &format!("{GROUP}/OrgnlCtrlSum"),
        ),
        (
            // Out of the XSD's order: GrpSts before the figures.
            "<OrgnlNbOfTxs>3</OrgnlNbOfTxs>",
            "<GrpSts>PART</GrpSts><OrgnlNbOfTxs>3</OrgnlNbOfTxs>",
            "payments.report_invalid",
            &format!("{GROUP}/OrgnlNbOfTxs"),
        ),
        (
            "<OrgnlEndToEndId>E2E-1-0</OrgnlEndToEndId>",
            "",
            "payments.report_invalid",
            &format!("{BLOCK2}/TxInfAndSts[1]/OrgnlEndToEndId"),
        ),
        (
            "<TxSts>ACSP</TxSts>",
            "",
            "payments.report_invalid",
            &format!("{BLOCK2}/TxInfAndSts[1]/TxSts"),
        ),
        (
            "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId>",
            "<OrgnlMsgNmId>pain.001.001.09</OrgnlMsgNmId><OrgnlMsgNmId>x</OrgnlMsgNmId>",
            "payments.report_invalid",
            &format!("{GROUP}/OrgnlMsgNmId[2]"),
        ),
        (
            "<AcctSvcrRef>",
            "<Foo>x</Foo><AcctSvcrRef>",
            "payments.report_invalid",
            &format!("{BLOCK1}/TxInfAndSts[1]/Foo"),
        ),
        (
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\"?><!DOCTYPE Document [<!ENTITY a \"a\">]>",
            "payments.xml_doctype",
            "/",
        ),
        (
            "<AcctSvcrRef>DB-7781-2291</AcctSvcrRef>",
            "<AcctSvcrRef>&lol;</AcctSvcrRef>",
            "payments.xml_entity",
            &format!("{BLOCK1}/TxInfAndSts[1]/AcctSvcrRef"),
        ),
        (
            "</CstmrPmtStsRpt>",
            "</CstmrPmtStsRp>",
            "payments.xml_malformed",
            "/Document/CstmrPmtStsRpt",
        ),
    ];
    for (from, to, code, location) in cases {
        assert!(xml.contains(from), "{from}");
        let (got, message) = read(&xml.replacen(from, to, 1));
        assert_eq!(&got, code, "{from} -> {to}: {message}");
        assert!(message.starts_with(location), "{from} -> {to}: {message}");
    }
    // An unknown element's long name is cut in the location.
    let long = format!("<{0}>x</{0}><AcctSvcrRef>", "N".repeat(5000));
    let (got, message) = read(&xml.replacen("<AcctSvcrRef>", &long, 1));
    assert_eq!(got, "payments.report_invalid");
    assert!(message.len() < 1000, "{}", message.len());
    let (got, _) = read("<Document/>");
    assert_eq!(got, "payments.report_invalid");
    let (got, _) =
        read("<CstmrPmtStsRpt xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.002.001.10\"/>");
    assert_eq!(got, "payments.report_invalid");
    // Bounded: the size and the depth.
    let e = pain002::read_with(xml.as_bytes(), Limits::default().with_max_bytes(1000)).unwrap_err();
    assert_eq!(e.code(), "payments.xml_too_large");
    let deep = format!(
        "<Document xmlns=\"{}\"><CstmrPmtStsRpt><SplmtryData>{}{}</SplmtryData></CstmrPmtStsRpt></Document>",
        pain002::NAMESPACE,
        "<a>".repeat(100),
        "</a>".repeat(100)
    );
    assert_eq!(
        pain002::read(deep.as_bytes()).unwrap_err().code(),
        "payments.xml_too_deep"
    );
}

/// A log written before issue 18 — its `verified` event lists no blocks — keeps opening, and
/// a report on it is matched by end-to-end id (its payment information ids cannot be checked;
/// a block's final status cannot be applied to transfers it cannot name).
#[test]
fn a_log_written_before_blocks_were_recorded_takes_reports() {
    let hub = hub_key();
    let log = MemoryLog::new();
    let ids: Vec<String> = ["E2E-0-0", "E2E-0-1", "E2E-1-0"].map(String::from).to_vec();
    let events = vec![
        Event::Received {
            batch_digest: ContentDigest::of_bytes(b"batch"),
        },
        Event::Verified {
            transactions: 3,
            control_sum: "160.50".into(),
            totals: [("USD".to_owned(), "160.50".to_owned())].into(),
            end_to_end_ids: ids,
            blocks: vec![],
        },
        Event::Approved {
            signer: did(1),
            role: SignerRole::Maker,
            person: did(1),
            signed_at: None,
        },
        Event::Approved {
            signer: did(2),
            role: SignerRole::Checker,
            person: did(2),
            signed_at: None,
        },
        Event::Released,
    ];
    let mut previous = None;
    for event in events {
        let wire = PaymentEvent::new(MSG, at("2026-12-06T10:00:00Z"), previous, event);
        let value = wire.sign(&hub, &ProofOptions::assertion()).unwrap();
        assert!(value.get("blocks").is_none());
        let entry = NewEntry::new(
            batch_stream(MSG),
            previous,
            govblocks_core::jcs::canonicalize(&value),
        );
        previous = Some(entry.digest());
        log.append(entry).unwrap();
    }
    let life = PaymentLog::for_hub(log, hub.public_key().did());
    assert!(life.history(MSG).unwrap().life.blocks().is_empty());
    assert_eq!(
        import(&life, &fixture("partial.xml"), "2026-12-07T17:00:00Z"),
        Ok((1, 1, 1))
    );
    let history = life.history(MSG).unwrap();
    assert_eq!(history.life.settled(), 1);
    let (code, _) = import(&life, &fixture("settled.xml"), "2026-12-08T09:00:00Z").unwrap_err();
    assert_eq!(code, "payments.report_batch_mismatch");
}

#[test]
fn group_and_payment_statuses_know_their_kinds() {
    assert_eq!(GroupStatus::lookup("PART").unwrap().for_transfers(), None);
    assert_eq!(
        GroupStatus::lookup("ACCC").unwrap().for_transfers(),
        PaymentStatus::lookup("ACCC")
    );
    assert!(PaymentStatus::lookup("CPUC").is_some());
    assert!(GroupStatus::lookup("CPUC").is_none());
}
