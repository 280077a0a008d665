//! The seeds of `payment_shapes`: a GovStack bulk payment and sub-batch, a G2P Connect
//! `DisburseRequest` and `DisburseResponse` that are accepted, and each broken once the way the
//! published shapes are most often got wrong (an amount with too many decimals, as a string or
//! with an exponent; an unknown key; the `disburemsents` typo; a free-text purpose).

use std::path::Path;

const BULK: &str = r#"[{"requestId":"E2E-1","creditParty":[{"key":"msisdn","value":"+254712345678"},{"key":"serviceprovider","value":"m-pesa"},{"key":"bankaccounttitle","value":"Amina"}],"debitParty":[{"key":"iban","value":"DE89370400440532013000"},{"key":"bankaccounttitle","value":"Ministry"},{"key":"swiftbic","value":"DEUTDEFF"}],"paymentMode":"01","amount":0.10,"currency":"USD","descriptionText":"December relief"},{"requestId":"E2E-2","creditParty":[{"key":"identityalias","value":"NID-4471-2291"}],"debitParty":[{"key":"iban","value":"DE89370400440532013000"}],"paymentMode":"04","amount":15000,"currency":"JPY"},{"requestId":"E2E-3","creditParty":[{"key":"bankaccountno","value":"12345"},{"key":"sortcode","value":"USABA:021000021"}],"debitParty":[{"key":"accountid","value":"token:1@gtbank"}],"paymentMode":"00","amount":1.250,"currency":"KWD"}]"#;

const SUB: &str = r#"{"batchId":"MSG-1-m-pesa","destinationDFSPID":"m-pesa","creditInstructions":[{"instructionID":"E2E-1","financialAddress":"mobile:254712345678@m-pesa","amount":0.10,"currency":"USD","narration":"December relief"},{"instructionID":"E2E-2","financialAddress":"iban:gb82west12345698765432@iban","amount":7,"currency":"USD"}]}"#;

const REQUEST: &str = r#"{"transaction_id":"MSG-1","disbursements":[{"reference_id":"E2E-1","payer_fa":"iban:de89370400440532013000@iban","payee_fa":"token:12345@gtbank","amount":"12.50","currency_code":"USD","scheduled_timestamp":"2026-12-07T00:00:00Z","payer_name":"Ministry","payee_name":"Amina","note":"December relief","purpose":"GOVT","instruction":"INSTR-1","locale":"eng"},{"reference_id":"E2E-2","payer_fa":"token:1@gtbank","payee_fa":"account:12345@021000021.usaba","amount":"100","currency_code":"JPY"}]}"#;

const RESPONSE: &str = r#"{"transaction_id":"MSG-1","disbursements_status":[{"reference_id":"E2E-1","timestamp":"2026-12-07T10:00:00+01:00","status":"rjct","status_reason_code":"rjct.payee_fa.invalid","status_reason_message":"no such account"},{"reference_id":"E2E-2","timestamp":"2026-12-07T10:00:00Z","status":"succ","amount":"100","currency_code":"JPY"}]}"#;

/// Writes the `payment_shapes` seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    let dir = out.join("payment_shapes");
    std::fs::create_dir_all(&dir).unwrap();
    for (name, text) in [
        ("accepted-govstack-bulk", BULK.to_owned()),
        ("accepted-govstack-sub-batch", SUB.to_owned()),
        ("accepted-g2p-request", REQUEST.to_owned()),
        ("accepted-g2p-response", RESPONSE.to_owned()),
        (
            "refused-govstack-amount-decimals",
            BULK.replacen("0.10", "0.105", 1),
        ),
        (
            "refused-govstack-amount-string",
            BULK.replacen("0.10", "\"0.10\"", 1),
        ),
        (
            "refused-govstack-amount-exponent",
            BULK.replacen("15000", "1.5e4", 1),
        ),
        (
            "refused-govstack-unknown-key",
            BULK.replacen("serviceprovider", "provider", 1),
        ),
        (
            "refused-g2p-amount-number",
            REQUEST.replacen("\"12.50\"", "12.5", 1),
        ),
        (
            "refused-g2p-no-currency",
            REQUEST.replacen(",\"currency_code\":\"JPY\"", "", 1),
        ),
        (
            "refused-g2p-disburemsents",
            REQUEST.replacen("disbursements", "disburemsents", 1),
        ),
        (
            "refused-g2p-purpose-text",
            REQUEST.replacen("\"GOVT\"", "\"Farmer Relief 2023\"", 1),
        ),
        (
            "refused-g2p-status",
            RESPONSE.replacen("\"succ\"", "\"paid\"", 1),
        ),
    ] {
        std::fs::write(dir.join(name), text.as_bytes()).unwrap();
    }
}
