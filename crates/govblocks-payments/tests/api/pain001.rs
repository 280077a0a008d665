//! pain.001 export and import: the exported document's elements, XSD validity of the fixture
//! batches (xmllint), round trips in both versions, real-world files from public repositories
//! (`tests/vectors/iso20022-real-world/`, refused where they break the rules), and every
//! kind of broken file refused with its code and location: counts, control sums, decimals,
//! IBANs, duplicate ids, missing and unsupported elements, DOCTYPE (billion laughs), size and
//! depth.

#[path = "../common/xsd.rs"]
mod xsd;

use super::fixtures;
use govblocks_payments::iso20022::pain001::{export, import, import_with, Version};
use govblocks_payments::iso20022::xml::{Limits, Node, XmlReader};
use govblocks_payments::prelude::*;

const INITN: &str = "/Document/CstmrCdtTrfInitn";

fn vector(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/vectors/iso20022-real-world")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

/// A batch with every kind of account, an address, a debtor agent, purposes and remittance
/// information with XML's special characters.
fn rich_batch() -> Batch {
    let usd = Currency::parse("USD").unwrap();
    let jpy = Currency::parse("JPY").unwrap();
    let ministry = fixtures::party("Ministry of Social Affairs & Labour", "MSA");
    let address = PostalAddress::new("KE")
        .unwrap()
        .with_street("Harambee Avenue")
        .unwrap()
        .with_building_number("12")
        .unwrap()
        .with_town("Nairobi")
        .unwrap()
        .with_line("P.O. Box <30007>")
        .unwrap();
    let person = fixtures::party("Amina \"Mama\" Odhiambo", "P-1").with_address(address);
    let iban = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let first = BlockBuilder::new("PMT-1", ministry.clone(), iban.clone(), "2026-12-07")
        .debtor_agent(Bic::parse("DEUTDEFF").unwrap())
        .transfer(
            CreditTransfer::to_account("E2E-1", Money::parse(usd, "100.5").unwrap(), person, iban)
                .with_instruction_id("INS-1")
                .with_purpose("GOVT")
                .with_remittance_information("Grant 12/2026 <pension> & more"),
        )
        .transfer(CreditTransfer::to_account(
            "E2E-2",
            Money::parse(usd, "0.01").unwrap(),
            fixtures::party("Bola", "P-2"),
            Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap()),
        ))
        .transfer(CreditTransfer::to_account(
            "E2E-3",
            Money::parse(usd, "7").unwrap(),
            fixtures::party("Chen", "P-3"),
            Account::FinancialAddress(FinancialAddress::parse("token:12345@gtbank").unwrap()),
        ));
    let bank = Account::Bank(BankAccount::parse("0012345678", "USABA:021000021").unwrap());
    let second = BlockBuilder::new("PMT-2", ministry.clone(), bank.clone(), "2026-12-08")
        .transfer(CreditTransfer::to_account(
            "E2E-4",
            Money::parse(jpy, "1500").unwrap(),
            fixtures::party("Dai", "P-4"),
            bank,
        ))
        .transfer(CreditTransfer::to_alias(
            "E2E-5",
            Money::parse(jpy, "20").unwrap(),
            fixtures::party("Eko", "P-5"),
            Alias::parse("NID-4471-2291").unwrap(),
        ));
    BatchBuilder::new(
        "MSG-2026-0001",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        ministry,
    )
    .block(first)
    .block(second)
    .build()
    .unwrap()
}

fn refused(xml: &str) -> (String, String) {
    let error = import(xml).unwrap_err();
    let text = error.to_string();
    (error.code().to_owned(), text)
}

fn assert_refused(xml: &str, code: &str, location: &str) {
    let (found, text) = refused(xml);
    assert_eq!(found, code, "{text}");
    assert!(
        text.starts_with(&format!("{location}: ")),
        "{text} is not at {location}"
    );
}

#[test]
fn export_writes_the_v09_elements() {
    let xml = export(&rich_batch(), Version::V09).unwrap();
    for part in [
        "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\">",
        "<GrpHdr><MsgId>MSG-2026-0001</MsgId><CreDtTm>2026-12-06T09:00:00Z</CreDtTm><NbOfTxs>5</NbOfTxs><CtrlSum>1627.51</CtrlSum>",
        "<PmtInfId>PMT-1</PmtInfId><PmtMtd>TRF</PmtMtd><NbOfTxs>3</NbOfTxs><CtrlSum>107.51</CtrlSum><ReqdExctnDt><Dt>2026-12-07</Dt></ReqdExctnDt>",
        "<NbOfTxs>2</NbOfTxs><CtrlSum>1520</CtrlSum>",
        "<InstdAmt Ccy=\"USD\">100.50</InstdAmt>",
        "<InstdAmt Ccy=\"USD\">0.01</InstdAmt>",
        "<InstdAmt Ccy=\"JPY\">1500</InstdAmt>",
        "<DbtrAgt><FinInstnId><BICFI>DEUTDEFF</BICFI></FinInstnId></DbtrAgt>",
        "<CdtrAcct><Id><IBAN>DE89370400440532013000</IBAN></Id></CdtrAcct>",
        "<Othr><Id>+254712345678</Id><SchmeNm><Prtry>MSISDN</Prtry></SchmeNm><Issr>m-pesa</Issr></Othr>",
        "<Othr><Id>token:12345@gtbank</Id><SchmeNm><Prtry>G2PFA</Prtry></SchmeNm></Othr>",
        "<Othr><Id>NID-4471-2291</Id><SchmeNm><Prtry>ALIAS</Prtry></SchmeNm></Othr>",
        "<ClrSysMmbId><ClrSysId><Cd>USABA</Cd></ClrSysId><MmbId>021000021</MmbId></ClrSysMmbId>",
        "<DbtrAcct><Id><Othr><Id>0012345678</Id></Othr></Id></DbtrAcct>",
        "<Purp><Cd>GOVT</Cd></Purp><RmtInf><Ustrd>Grant 12/2026 &lt;pension&gt; &amp; more</Ustrd></RmtInf>",
        "<Nm>Amina &quot;Mama&quot; Odhiambo</Nm><PstlAdr><StrtNm>Harambee Avenue</StrtNm><BldgNb>12</BldgNb><TwnNm>Nairobi</TwnNm><Ctry>KE</Ctry><AdrLine>P.O. Box &lt;30007&gt;</AdrLine></PstlAdr><Id><PrvtId><Othr><Id>P-1</Id></Othr></PrvtId></Id>",
        "<InitgPty><Nm>Ministry of Social Affairs &amp; Labour</Nm><Id><OrgId><Othr><Id>MSA</Id></Othr></OrgId></Id></InitgPty>",
    ] {
        assert!(xml.contains(part), "missing {part}\n{xml}");
    }
    let plain = export(&fixtures::usd_batch(), Version::V09).unwrap();
    assert!(plain
        .contains("<DbtrAgt><FinInstnId><Othr><Id>NOTPROVIDED</Id></Othr></FinInstnId></DbtrAgt>"));
    let v03 = export(&rich_batch(), Version::V03).unwrap();
    assert!(v03.contains("<ReqdExctnDt>2026-12-07</ReqdExctnDt>"));
    assert!(v03.contains("<BIC>DEUTDEFF</BIC>"));
    assert!(v03.contains("pain.001.001.03"));
}

#[test]
fn fixture_exports_are_xsd_valid_and_round_trip() {
    let dir = xsd::scratch("pain001-fixtures");
    for (v, version) in [("09", Version::V09), ("03", Version::V03)] {
        let mut files = Vec::new();
        for (n, batch) in [rich_batch(), fixtures::usd_batch()].iter().enumerate() {
            let xml = export(batch, version).unwrap();
            let (read, read_version) = import_with(&xml, Limits::default()).unwrap();
            assert_eq!(&read, batch);
            assert_eq!(read_version, version);
            let path = dir.join(format!("{n}-{v}.xml"));
            std::fs::write(&path, xml).unwrap();
            files.push(path);
        }
        xsd::validate(v, &files);
    }
}

#[test]
fn a_signed_batch_exports_without_its_proofs() {
    let mut batch = fixtures::usd_batch();
    let unsigned = batch.clone();
    batch.proof = Some(serde_json::json!({"type": "DataIntegrityProof"}));
    let xml = export(&batch, Version::V09).unwrap();
    assert!(!xml.contains("DataIntegrityProof"));
    assert_eq!(import(&xml).unwrap(), unsigned);
}

#[test]
fn export_refuses_a_batch_that_breaks_a_rule_or_does_not_fit() {
    let mut batch = fixtures::usd_batch();
    batch.payment_information[0].number_of_transactions = "3".to_owned();
    assert_eq!(
        export(&batch, Version::V09).unwrap_err().code(),
        "payments.count_mismatch"
    );
    // A provider longer than Issr's 35 characters.
    let usd = Currency::parse("USD").unwrap();
    let long = "p".repeat(40);
    let account = Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", &long).unwrap());
    let block = BlockBuilder::new(
        "PMT-1",
        fixtures::party("M", "M"),
        Account::Iban(Iban::parse("DE89370400440532013000").unwrap()),
        "2026-12-07",
    )
    .transfer(CreditTransfer::to_account(
        "E2E-1",
        Money::parse(usd, "1").unwrap(),
        fixtures::party("P", "P"),
        account,
    ));
    let batch = BatchBuilder::new(
        "MSG-1",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        fixtures::party("M", "M"),
    )
    .block(block)
    .build()
    .unwrap();
    let error = export(&batch, Version::V09).unwrap_err();
    assert_eq!(error.code(), "payments.pain001_element_unsupported");
    assert!(error.to_string().starts_with(&format!(
        "{INITN}/PmtInf[1]/CdtTrfTxInf[1]/CdtrAcct/Id/Othr/Issr: "
    )));
}

/// The Swiss SPS sample of moov-io/iso20022: its header declares 7 transactions, it holds 8;
/// it is refused — first for its parties without an identifier.
#[test]
fn the_swiss_sps_sample_is_refused() {
    let xml = vector("musterfile_pain.001_Nov2020.xml");
    // What it declares and what it holds, read with the bounded reader alone.
    let mut reader = XmlReader::new(&xml, Limits::default()).unwrap();
    let (mut declared, mut held) = (None, 0);
    while let Some(node) = reader.next().unwrap() {
        if let Node::Start(e) = node {
            match e.name() {
                "NbOfTxs" if reader.location() == format!("{INITN}/GrpHdr/NbOfTxs") => {
                    declared = Some(reader.text().unwrap().into_owned());
                }
                "CdtTrfTxInf" => {
                    held += 1;
                    reader.skip().unwrap();
                }
                "Document" | "CstmrCdtTrfInitn" | "GrpHdr" | "PmtInf" => {}
                _ => reader.skip().unwrap(),
            }
        }
    }
    assert_eq!((declared.as_deref(), held), (Some("7"), 8));
    assert_eq!(
        reader.root_namespace(),
        Some("http://www.six-interbank-clearing.com/de/pain.001.001.03.ch.02.xsd")
    );
    assert_refused(
        &xml,
        "payments.pain001_element_missing",
        &format!("{INITN}/GrpHdr/InitgPty"),
    );
    // With an identifier given to every party (in memory), the next refusal is a postal
    // address without a country (optional in .03, required by govblocks' parties).
    let with_ids = xml.replace(
        "</Nm>",
        "</Nm><Id><OrgId><Othr><Id>X</Id></Othr></OrgId></Id>",
    );
    assert_refused(
        &with_ids,
        "payments.pain001_element_missing",
        &format!("{INITN}/PmtInf[1]/CdtTrfTxInf[1]/Cdtr/PstlAdr"),
    );
    // With countries too, structured remittance information (a QR reference), which the
    // batch cannot keep: refused rather than lost.
    let with_countries = with_ids.replace("</TwnNm>", "</TwnNm><Ctry>CH</Ctry>");
    assert_refused(
        &with_countries,
        "payments.pain001_element_unsupported",
        &format!("{INITN}/PmtInf[2]/CdtTrfTxInf[1]/RmtInf/Strd"),
    );
}

/// The Lithuanian SEPA sample of moov-io/iso20022: placeholder IBANs, refused by mod-97.
#[test]
fn the_lithuanian_sepa_sample_is_refused_for_its_iban() {
    let xml = vector("sepa_payment_naujas_1.xml");
    assert!(xml.starts_with('\u{feff}'));
    assert_refused(
        &xml,
        "payments.iban_checksum",
        &format!("{INITN}/PmtInf[1]/DbtrAcct/Id/IBAN"),
    );
    // With valid IBANs (in memory) it is read: a .03 file with a BOM, no CreDtTm offset
    // (read as UTC), an account currency and charge bearer read over.
    let fixed = xml
        .replace("LT007180000000000000", "LT121000011101001000")
        .replace("LT007400000000000000", "LT601010012345678901");
    let (batch, version) = import_with(&fixed, Limits::default()).unwrap();
    assert_eq!(version, Version::V03);
    assert_eq!(
        batch.group_header.creation_date_time.to_string(),
        "2017-08-23T10:00:00Z"
    );
    let transfer = &batch.payment_information[0].credit_transfers[0];
    assert_eq!(transfer.amount.fixed(), "99.99");
    assert_eq!(transfer.end_to_end_id, "EndToEndId0001");
    assert_eq!(
        transfer.remittance_information.as_deref(),
        Some("Apmokama saskaita-faktura Nr. 1")
    );
    assert_eq!(
        batch.payment_information[0]
            .debtor_agent
            .as_ref()
            .map(Bic::as_str),
        Some("CBSBLT26")
    );
    assert_eq!(transfer.creditor.postal_address().unwrap().lines().len(), 2);
}

/// Each check of the payments issue, refused at the exact block and transfer.
#[test]
fn broken_files_are_refused_with_code_and_location() {
    let xml = export(&rich_batch(), Version::V09).unwrap();
    let t = |b: usize, t: usize| format!("{INITN}/PmtInf[{b}]/CdtTrfTxInf[{t}]");
    let cases: Vec<(String, &str, String)> = vec![
        (
            xml.replace("<NbOfTxs>5</NbOfTxs>", "<NbOfTxs>6</NbOfTxs>"),
            "payments.count_mismatch",
            format!("{INITN}/GrpHdr/NbOfTxs"),
        ),
        (
            xml.replace("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>3</NbOfTxs>"),
            "payments.count_mismatch",
            format!("{INITN}/PmtInf[2]/NbOfTxs"),
        ),
        (
            xml.replace("<CtrlSum>107.51</CtrlSum>", "<CtrlSum>107.52</CtrlSum>"),
            "payments.control_sum_mismatch",
            format!("{INITN}/PmtInf[1]/CtrlSum"),
        ),
        (
            xml.replace("<CtrlSum>1627.51</CtrlSum>", "<CtrlSum>1627.5</CtrlSum>"),
            "payments.control_sum_mismatch",
            format!("{INITN}/GrpHdr/CtrlSum"),
        ),
        (
            xml.replace(">0.01<", ">0.011<"),
            "payments.amount_too_many_decimals",
            format!("{}/Amt/InstdAmt", t(1, 2)),
        ),
        (
            xml.replace(">1500<", ">1500.0<"),
            "payments.amount_too_many_decimals",
            format!("{}/Amt/InstdAmt", t(2, 1)),
        ),
        (
            xml.replace("Ccy=\"JPY\">20<", "Ccy=\"XAU\">20<"),
            "payments.currency_no_minor_unit",
            format!("{}/Amt/InstdAmt", t(2, 2)),
        ),
        (
            xml.replace("Ccy=\"JPY\">20<", "Ccy=\"USD\">20<"),
            "payments.block_currency_mismatch",
            format!("{}/Amt/InstdAmt", t(2, 2)),
        ),
        (
            xml.replacen("DE89370400440532013000", "DE88370400440532013000", 2)
                .replacen("DE88370400440532013000", "DE89370400440532013000", 1),
            "payments.iban_checksum",
            format!("{}/CdtrAcct/Id/IBAN", t(1, 1)),
        ),
        (
            xml.replace("<EndToEndId>E2E-4<", "<EndToEndId>E2E-2<"),
            "payments.duplicate_end_to_end_id",
            format!("{}/PmtId/EndToEndId", t(2, 1)),
        ),
        (
            xml.replace("<PmtInfId>PMT-2<", "<PmtInfId>PMT-1<"),
            "payments.duplicate_payment_information_id",
            format!("{INITN}/PmtInf[2]/PmtInfId"),
        ),
        (
            xml.replace("<Dt>2026-12-08</Dt>", "<Dt>2026-02-30</Dt>"),
            "payments.batch_invalid",
            format!("{INITN}/PmtInf[2]"),
        ),
        (
            xml.replace(">7.00<", ">0.00<"),
            "payments.batch_invalid",
            t(1, 3),
        ),
        (
            xml.replace("<BICFI>DEUTDEFF</BICFI>", "<BICFI>DEUT</BICFI>"),
            "payments.bic_invalid",
            format!("{INITN}/PmtInf[1]/DbtrAgt/FinInstnId/BICFI"),
        ),
        (
            xml.replace("<EndToEndId>E2E-3</EndToEndId>", ""),
            "payments.pain001_element_missing",
            format!("{}/PmtId", t(1, 3)),
        ),
        (
            xml.replace(
                "<InstdAmt Ccy=\"USD\">7.00</InstdAmt>",
                "<EqvtAmt><Amt Ccy=\"USD\">7.00</Amt><CcyOfTrf>EUR</CcyOfTrf></EqvtAmt>",
            ),
            "payments.pain001_element_unsupported",
            format!("{}/Amt/EqvtAmt", t(1, 3)),
        ),
        (
            xml.replace("<Dt>2026-12-07</Dt>", "<DtTm>2026-12-07T10:00:00Z</DtTm>"),
            "payments.pain001_element_unsupported",
            format!("{INITN}/PmtInf[1]/ReqdExctnDt/DtTm"),
        ),
        (
            xml.replace(
                "<Ustrd>Grant",
                "<Strd><CdtrRefInf><Ref>RF18</Ref></CdtrRefInf></Strd><Ustrd>Grant",
            ),
            "payments.pain001_element_unsupported",
            format!("{}/RmtInf/Strd", t(1, 1)),
        ),
        (
            xml.replace(
                "<MsgId>MSG-2026-0001</MsgId>",
                "<MsgId>A</MsgId><MsgId>B</MsgId>",
            ),
            "payments.pain001_element_unsupported",
            format!("{INITN}/GrpHdr/MsgId[2]"),
        ),
        (
            xml.replace("pain.001.001.09", "pain.001.001.10"),
            "payments.pain001_version_unsupported",
            String::new(),
        ),
        (
            xml.replace("<CreDtTm>2026-12-06T09:00:00Z<", "<CreDtTm>yesterday<"),
            "time.invalid",
            format!("{INITN}/GrpHdr/CreDtTm"),
        ),
        // XML 1.0 §3.1 (Unique Att Spec): an attribute named twice is not well formed, and
        // the same local name under two prefixes leaves the currency a guess.
        (
            xml.replace("Ccy=\"JPY\">20<", "Ccy=\"JPY\" Ccy=\"USD\">20<"),
            "payments.xml_malformed",
            String::new(),
        ),
        (
            xml.replace("Ccy=\"JPY\">20<", "Ccy=\"USD\" x:Ccy=\"JPY\">20<"),
            "payments.xml_malformed",
            String::new(),
        ),
    ];
    for (broken, code, location) in cases {
        if location.is_empty() {
            assert_eq!(refused(&broken).0, code);
        } else {
            assert_refused(&broken, code, &location);
        }
    }
}

/// The figures a block may leave out are computed; the ones it writes are checked.
#[test]
fn optional_block_figures_are_computed_when_absent() {
    let batch = fixtures::usd_batch();
    let xml = export(&batch, Version::V03).unwrap();
    let stripped = xml
        .replace("<NbOfTxs>2</NbOfTxs><CtrlSum>150.50</CtrlSum>", "")
        .replace("<CtrlSum>160.50</CtrlSum>", "");
    assert_ne!(stripped, xml);
    assert_eq!(import(&stripped).unwrap(), batch);
}

#[test]
fn hostile_xml_is_refused_with_its_code() {
    let laughs = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"><CstmrCdtTrfInitn><GrpHdr><MsgId>&lol9;</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>"#;
    assert_eq!(refused(laughs).0, "payments.xml_doctype");
    // An entity used without a DOCTYPE: undeclared.
    let xml = export(&fixtures::usd_batch(), Version::V09).unwrap();
    assert_refused(
        &xml.replace("<MsgId>MSG-2026-0001<", "<MsgId>&lol9;<"),
        "payments.xml_entity",
        &format!("{INITN}/GrpHdr/MsgId"),
    );
    // Deep nesting inside an element the import reads over.
    let deep = xml.replace(
        "<PmtMtd>",
        &format!("{}{}<PmtMtd>", "<X>".repeat(100), "</X>".repeat(100)),
    );
    assert_eq!(refused(&deep).0, "payments.xml_too_deep");
    let limits = Limits::default().with_max_bytes(1000);
    assert_eq!(
        import_with(&xml, limits).unwrap_err().code(),
        "payments.xml_too_large"
    );
    assert_eq!(refused("<Document").0, "payments.xml_malformed");
    assert_eq!(
        refused(&xml.replace("</GrpHdr>", "</GrpHdrX>")).0,
        "payments.xml_malformed"
    );
    assert_eq!(
        refused(
            &xml.replace("<Document ", "<Other ")
                .replace("</Document>", "</Other>")
        )
        .0,
        "payments.pain001_element_unsupported"
    );
}

#[test]
fn versions_parse_as_a_command_line_writes_them() {
    for (input, version) in [
        ("09", Version::V09),
        ("9", Version::V09),
        ("pain.001.001.09", Version::V09),
        ("03", Version::V03),
        ("001.001.03", Version::V03),
    ] {
        assert_eq!(Version::parse(input).unwrap(), version);
    }
    assert_eq!(
        Version::parse("10").unwrap_err().code(),
        "payments.pain001_version_unsupported"
    );
}
