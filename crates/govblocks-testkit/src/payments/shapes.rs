//! The fuzz property of the GovStack and G2P Connect shapes (`payment_shapes`): the input is
//! read as each of them (a GovStack bulk payment, a GovStack sub-batch, a G2P Connect
//! `DisburseRequest` and `DisburseResponse`).

use govblocks_payments::account::{Account, Iban};
use govblocks_payments::formats::g2p::{DisburseRequest, DisburseResponse};
use govblocks_payments::formats::govstack::{BulkPayment, SubBatch};
use govblocks_payments::formats::Frame;
use govblocks_payments::party::{Party, PartyIdentifier};

/// The frame every batch is read with.
fn frame() -> Frame {
    let ministry = Party::new("Ministry", PartyIdentifier::new("MIN").unwrap()).unwrap();
    Frame::new(
        "MSG-FUZZ",
        "2026-12-06T09:00:00Z".parse().unwrap(),
        ministry,
    )
    .with_execution_date("2026-12-07")
    .with_debtor_account(Account::Iban(
        Iban::parse("DE89370400440532013000").unwrap(),
    ))
}

/// A refusal: a `payments.*`, `json.*` or `time.*` code and a message of bounded length.
fn coded(e: &govblocks_payments::Error) {
    let code = e.code();
    assert!(
        ["payments.", "json."].iter().any(|p| code.starts_with(p)),
        "{code}"
    );
    assert!(e.to_string().len() < 2000, "{e}");
}

/// **Property:** reading the input as each shape never panics and refuses with a coded error
/// (`payments.*`, `json.*`) of bounded length; what is read writes back and reads again to the
/// same value (amounts to the same minor unit: a GovStack amount is written digit for digit and
/// read from its text); what converts to a batch passes every rule of a batch, and that batch
/// written to the same shape reads back to itself (a bulk payment's and a `DisburseRequest`'s:
/// batch → shape → batch is the identity).
///
/// Input: the document's JSON bytes.
pub fn payment_shapes(data: &[u8]) {
    let frame = frame();
    match BulkPayment::parse(data) {
        Ok(bulk) => {
            let again = BulkPayment::parse(bulk.to_json().as_bytes()).unwrap();
            assert_eq!(again, bulk);
            match bulk.to_batch(&frame) {
                Ok(batch) => {
                    batch.check_rules().unwrap();
                    let json = BulkPayment::from_batch(&batch).unwrap().to_json();
                    let back = BulkPayment::parse(json.as_bytes()).unwrap();
                    assert_eq!(back.to_batch(&frame).unwrap(), batch);
                }
                Err(e) => coded(&e),
            }
        }
        Err(e) => coded(&e),
    }
    match SubBatch::parse(data) {
        Ok(sub) => {
            assert_eq!(SubBatch::parse(sub.to_json().as_bytes()).unwrap(), sub);
            match sub.to_batch(&frame) {
                Ok(batch) => {
                    batch.check_rules().unwrap();
                }
                Err(e) => coded(&e),
            }
        }
        Err(e) => coded(&e),
    }
    match DisburseRequest::parse(data) {
        Ok(request) => {
            let text = request.to_value().to_string();
            assert_eq!(DisburseRequest::parse(text.as_bytes()).unwrap(), request);
            match request.to_batch(&frame) {
                Ok(batch) => {
                    batch.check_rules().unwrap();
                    let text = DisburseRequest::from_batch(&batch)
                        .unwrap()
                        .to_value()
                        .to_string();
                    let back = DisburseRequest::parse(text.as_bytes()).unwrap();
                    assert_eq!(back.to_batch(&frame).unwrap(), batch);
                }
                Err(e) => coded(&e),
            }
        }
        Err(e) => coded(&e),
    }
    match DisburseResponse::parse(data) {
        Ok(response) => {
            let text = response.to_value().to_string();
            assert_eq!(DisburseResponse::parse(text.as_bytes()).unwrap(), response);
        }
        Err(e) => coded(&e),
    }
}

/// Whether some shape reads the input into a batch (or, for a `DisburseResponse`, reads it):
/// `Ok`, or the code of the bulk payment's refusal (the G2P request's when the input is an
/// object).
pub fn verdict(data: &[u8]) -> Result<(), &'static str> {
    let frame = frame();
    let bulk = BulkPayment::parse(data).and_then(|b| b.to_batch(&frame));
    let sub = SubBatch::parse(data).and_then(|s| s.to_batch(&frame));
    let request = DisburseRequest::parse(data).and_then(|r| r.to_batch(&frame));
    let response = DisburseResponse::parse(data);
    if bulk.is_ok() || sub.is_ok() || request.is_ok() || response.is_ok() {
        return Ok(());
    }
    let object = data.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    match (object, bulk, request) {
        (true, _, Err(e)) => Err(e.code()),
        (_, Err(e), _) => Err(e.code()),
        _ => Err("payments.unknown"),
    }
}
