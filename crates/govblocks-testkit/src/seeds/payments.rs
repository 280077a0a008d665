//! The seeds of the payments fuzz targets: amounts in each minor unit, at the boundaries and
//! refused for each reason (`CUR amount`, see [`crate::payments::money_input`]); IBANs from the
//! SWIFT IBAN registry's examples in both formats and each refusal; batches built by the
//! builder (one currency, several) and each rule broken once; pain.001 files exported from
//! built batches (.09, .03), each broken-file case, hostile XML and the real-world samples of
//! `govblocks-payments/tests/vectors/iso20022-real-world`.

use std::path::Path;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the payments seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    for (name, input) in [
        ("accepted-usd", "USD 12.50"),
        ("accepted-usd-minimal", "USD 12.5"),
        ("accepted-usd-default", "1250.75"),
        ("accepted-zero", "USD 0"),
        ("accepted-smallest-usd", "USD 0.01"),
        ("accepted-jpy", "JPY 1500"),
        ("accepted-kwd", "KWD 1.250"),
        ("accepted-clf", "CLF 0.0001"),
        ("accepted-max-usd", "USD 9999999999999999.99"),
        ("accepted-max-jpy", "JPY 999999999999999999"),
        ("refused-negative", "USD -5"),
        ("refused-plus", "USD +5"),
        ("refused-exponent", "USD 1e3"),
        ("refused-leading-zero", "USD 05.00"),
        ("refused-decimals-usd", "USD 12.345"),
        ("refused-decimals-jpy", "JPY 1.0"),
        ("refused-digits", "USD 10000000000000000"),
        ("refused-no-minor-unit", "XAU 1"),
        ("refused-unknown-currency", "ABC 1"),
        ("refused-empty", "USD "),
        ("refused-comma", "EUR 1,50"),
        ("refused-point-only", "USD ."),
    ] {
        write(out, "money_parse", name, input.as_bytes());
    }
    for (name, input) in [
        ("accepted-de", "DE89370400440532013000"),
        ("accepted-de-print-lower", "de89 3704 0044 0532 0130 00"),
        ("accepted-gb", "GB29NWBK60161331926819"),
        ("accepted-fr", "FR1420041010050500013M02606"),
        ("accepted-no-shortest", "NO9386011117947"),
        ("accepted-lc-longest", "LC55HEMM000100010012001200023015"),
        ("accepted-mt", "MT84MALT011000012345MTLCAST001S"),
        ("accepted-sa", "SA0380000000608010167519"),
        ("accepted-ua", "UA213223130000026007233566001"),
        ("accepted-kw", "KW81CBKU0000000000001234560101"),
        ("accepted-br", "BR1800360305000010009795493C1"),
        ("refused-checksum", "DE88370400440532013000"),
        ("refused-check-digits-00", "DE00370400440532013000"),
        ("refused-country", "US64SVBKUS6S3300958879"),
        ("refused-structure-length", "DE5137040044053201300"),
        ("refused-format-dash", "DE89-3704-0044-0532-0130-00"),
        ("refused-format-tab", "DE89\t370400440532013000"),
        ("refused-empty", ""),
    ] {
        write(out, "iban_parse", name, input.as_bytes());
    }
    batches(out);
    pain001(out);
}

/// A batch built by the builder: one block per `(currency, amounts)`.
fn built(blocks: &[(&str, &[&str])]) -> serde_json::Value {
    use govblocks_payments::prelude::*;
    let party = |n: &str| Party::new(n, PartyIdentifier::new("P-1").unwrap()).unwrap();
    let mut builder = BatchBuilder::new(
        "MSG-1",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        party("Ministry"),
    );
    for (b, (currency, amounts)) in blocks.iter().enumerate() {
        let account = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
        let mut block =
            BlockBuilder::new(format!("PMT-{b}"), party("Ministry"), account, "2026-12-07");
        for (t, amount) in amounts.iter().enumerate() {
            block = block.transfer(CreditTransfer::to_alias(
                format!("E2E-{b}-{t}"),
                Money::parse_in(currency, amount).unwrap(),
                party("Person"),
                Alias::parse(&format!("NID-{b}-{t}")).unwrap(),
            ));
        }
        builder = builder.block(block);
    }
    serde_json::to_value(builder.build().unwrap()).unwrap()
}

fn batches(out: &Path) {
    use serde_json::json;
    let one = built(&[("USD", &["100.00", "50.50"]), ("USD", &["10"])]);
    let many = built(&[("USD", &["100.50"]), ("JPY", &["3"]), ("KWD", &["1.005"])]);
    type Change = fn(&mut serde_json::Value);
    let cases: [(&str, &serde_json::Value, Change); 10] = [
        ("accepted-one-currency", &one, |_| {}),
        ("accepted-three-currencies", &many, |_| {}),
        ("refused-block-count", &one, |b| {
            b["paymentInformation"][0]["numberOfTransactions"] = json!("3")
        }),
        ("refused-header-count", &one, |b| {
            b["groupHeader"]["numberOfTransactions"] = json!("4")
        }),
        ("refused-block-sum", &one, |b| {
            b["paymentInformation"][0]["controlSum"] = json!("150.51")
        }),
        ("refused-header-sum", &many, |b| {
            b["groupHeader"]["controlSum"] = json!("104.504")
        }),
        ("refused-duplicate-end-to-end-id", &one, |b| {
            b["paymentInformation"][1]["creditTransfers"][0]["endToEndId"] = json!("E2E-0-0")
        }),
        ("refused-block-currency", &one, |b| {
            b["paymentInformation"][0]["creditTransfers"][1]["amount"]["currency"] = json!("EUR")
        }),
        ("refused-amount-number", &one, |b| {
            b["paymentInformation"][0]["creditTransfers"][0]["amount"]["amount"] = json!(100)
        }),
        ("refused-duplicate-key", &one, |_| {}),
    ];
    for (name, base, change) in cases {
        let mut value = base.clone();
        change(&mut value);
        let mut bytes = serde_json::to_vec(&value).unwrap();
        if name == "refused-duplicate-key" {
            bytes.splice(1..1, b"\"type\":\"PaymentBatch\",".iter().copied());
        }
        write(out, "batch_json", name, &bytes);
    }
}

/// The pain.001 seeds.
fn pain001(out: &Path) {
    use govblocks_payments::batch::model::Batch;
    use govblocks_payments::iso20022::pain001::{export, Version};
    let batch: Batch =
        serde_json::from_value(built(&[("USD", &["100.00", "50.50"]), ("JPY", &["10"])])).unwrap();
    let v09 = export(&batch, Version::V09).unwrap();
    let v03 = export(&batch, Version::V03).unwrap();
    let laughs = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.09\"><CstmrCdtTrfInitn><GrpHdr><MsgId>&lol2;</MsgId></GrpHdr></CstmrCdtTrfInitn></Document>";
    let deep = v09.replace(
        "<PmtMtd>",
        &format!("{}{}<PmtMtd>", "<X>".repeat(40), "</X>".repeat(40)),
    );
    let cases: Vec<(&str, String)> = vec![
        ("accepted-v09", v09.clone()),
        ("accepted-v03", v03.clone()),
        (
            "refused-header-count",
            v09.replace("<NbOfTxs>3</NbOfTxs>", "<NbOfTxs>4</NbOfTxs>"),
        ),
        (
            "refused-block-count",
            v09.replace("<NbOfTxs>2</NbOfTxs>", "<NbOfTxs>1</NbOfTxs>"),
        ),
        (
            "refused-block-sum",
            v03.replace("<CtrlSum>150.50</CtrlSum>", "<CtrlSum>150.51</CtrlSum>"),
        ),
        ("refused-decimals", v09.replace(">50.50<", ">50.505<")),
        (
            "refused-iban-checksum",
            v09.replace("DE89370400440532013000", "DE88370400440532013000"),
        ),
        (
            "refused-duplicate-end-to-end-id",
            v09.replace("<EndToEndId>E2E-1-0<", "<EndToEndId>E2E-0-0<"),
        ),
        (
            "refused-version",
            v09.replace("pain.001.001.09", "pain.001.001.10"),
        ),
        ("refused-billion-laughs", laughs.to_owned()),
        ("refused-deep", deep),
        ("refused-entity", v09.replace("MSG-1", "&lol;")),
        ("refused-truncated", v09[..v09.len() / 2].to_owned()),
    ];
    for (name, xml) in cases {
        write(out, "pain001_import", name, xml.as_bytes());
    }
    let vectors = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../govblocks-payments/tests/vectors/iso20022-real-world");
    for (name, file) in [
        (
            "refused-swiss-sps-sample",
            "musterfile_pain.001_Nov2020.xml",
        ),
        (
            "refused-lithuanian-sepa-sample",
            "sepa_payment_naujas_1.xml",
        ),
    ] {
        write(
            out,
            "pain001_import",
            name,
            &std::fs::read(vectors.join(file)).unwrap(),
        );
    }
}
