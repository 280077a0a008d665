//! What the payments types write validates against their schemas; what the schemas refuse,
//! the parsers refuse too (the parsers refuse more: minor units, the IBAN registry, mod 97).

use govblocks_payments::account::{Account, BankAccount, MobileMoneyAccount, PaymentModality};
use govblocks_payments::currency::Currency;
use govblocks_payments::mapper::MappedAccount;
use govblocks_payments::money::Money;
use govblocks_payments::party::{Party, PartyIdentifier, PostalAddress};
use govblocks_payments::schemas::{ids, registry};
use serde_json::{json, Value};

fn valid(schema: &str, value: &Value) {
    registry()
        .validate(schema, value)
        .unwrap_or_else(|e| panic!("{value}: {e} {:?}", e.violations()));
}

fn invalid(schema: &str, value: &Value) {
    let e = registry().validate(schema, value).unwrap_err();
    assert_eq!(e.code(), "schema.invalid", "{value}");
}

#[test]
fn money_written_is_valid_and_the_schema_refuses_what_the_parser_refuses() {
    for c in Currency::all() {
        for minor in [0, 1, 999_999_999_999_999_999] {
            let m = Money::from_minor_units(c, minor).unwrap();
            valid(ids::MONEY, &serde_json::to_value(m).unwrap());
        }
    }
    for amount in [
        "-1", "+1", "1e3", "01", ".5", "5.", "1.23456", "1 000", "1,5", "",
    ] {
        let v = json!({"amount": amount, "currency": "USD"});
        invalid(ids::MONEY, &v);
        assert!(serde_json::from_value::<Money>(v).is_err(), "{amount}");
    }
    invalid(ids::MONEY, &json!({"amount": 12.5, "currency": "USD"}));
    invalid(ids::MONEY, &json!({"amount": "1", "currency": "usd"}));
    invalid(
        ids::MONEY,
        &json!({"amount": "1", "currency": "USD", "x": 1}),
    );
    invalid(ids::MONEY, &json!({"amount": "1"}));
}

#[test]
fn accounts_written_are_valid() {
    let accounts = [
        Account::Iban("de89 3704 0044 0532 0130 00".parse().unwrap()),
        Account::Bank(BankAccount::parse("50100012345678", "INFSC:HDFC0000001").unwrap()),
        Account::MobileMoney(MobileMoneyAccount::parse("254712345678", "m-pesa").unwrap()),
        Account::FinancialAddress("Account:12345@HDFC0000001.ifsc.npci".parse().unwrap()),
    ];
    for account in &accounts {
        valid(ids::ACCOUNT, &serde_json::to_value(account).unwrap());
    }
    let mapped = MappedAccount::new(PaymentModality::Proxy, accounts[3].clone()).unwrap();
    valid(ids::MAPPED_ACCOUNT, &serde_json::to_value(&mapped).unwrap());
    for bad in [
        json!({"iban": "de89370400440532013000"}),
        json!({"iban": "DE89 3704 0044 0532 0130 00"}),
        json!({"iban": "DE89370400440532013000", "bank": {"number": "1", "clearing": "USABA:1"}}),
        json!({"mobileMoney": {"msisdn": "0712345678", "provider": "m-pesa"}}),
        json!({"financialAddress": "token:12345"}),
        json!({"bank": {"number": "1-2", "clearing": "USABA:1"}}),
        json!({}),
    ] {
        invalid(ids::ACCOUNT, &bad);
        assert!(
            serde_json::from_value::<Account>(bad.clone()).is_err() || bad["iban"].is_string(),
            "{bad}"
        );
    }
    invalid(
        ids::MAPPED_ACCOUNT,
        &json!({"account": {"iban": "DE89370400440532013000"}, "paymentModality": "05"}),
    );
}

#[test]
fn parties_written_are_valid() {
    let id = PartyIdentifier::new("19850412-4471")
        .unwrap()
        .with_scheme("NIDN")
        .unwrap();
    let address = PostalAddress::new("UA")
        .unwrap()
        .with_town("Kyiv")
        .unwrap()
        .with_line("vul. Khreshchatyk 1")
        .unwrap();
    let party = Party::new("Олена Коваль", id)
        .unwrap()
        .with_address(address);
    valid(ids::PARTY, &serde_json::to_value(&party).unwrap());
    for bad in [
        json!({"name": "", "identifier": {"id": "1"}}),
        json!({"name": "A", "identifier": {"id": "1", "scheme": "nidn"}}),
        json!({"name": "A", "identifier": {"id": "1"}, "postalAddress": {"townName": "Kyiv"}}),
        json!({"name": "A", "identifier": {"id": "1"}, "postalAddress": {"country": "XX"}}),
        json!({"name": "A".repeat(141), "identifier": {"id": "1"}}),
        json!({"name": "A", "identifier": {"id": "1"}, "iban": "x"}),
    ] {
        invalid(ids::PARTY, &bad);
        assert!(
            serde_json::from_value::<Party>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[test]
fn events_written_are_valid_and_the_schema_refuses_a_kind_without_its_members() {
    use govblocks_core::digest::ContentDigest;
    use govblocks_payments::approval::SignerRole;
    use govblocks_payments::lifecycle::{
        BlockSummary, Event, GroupStatus, PaymentEvent, PaymentStatus, StatusReason,
    };
    let at = "2026-12-06T10:00:00Z".parse().unwrap();
    let previous = Some(ContentDigest::of_bytes(b"before"));
    for (event, previous) in [
        (
            Event::Received {
                batch_digest: ContentDigest::of_bytes(b"batch"),
            },
            None,
        ),
        (
            Event::Verified {
                transactions: 2,
                control_sum: "30.5".into(),
                totals: [("USD".to_owned(), "30.50".to_owned())].into(),
                end_to_end_ids: vec!["E1".into(), "E2".into()],
                blocks: vec![],
            },
            previous,
        ),
        (
            Event::Verified {
                transactions: 2,
                control_sum: "30.5".into(),
                totals: [("USD".to_owned(), "30.50".to_owned())].into(),
                end_to_end_ids: vec!["E1".into(), "E2".into()],
                blocks: vec![BlockSummary::new("PMT-1", 2, "30.50")],
            },
            previous,
        ),
        (
            Event::Approved {
                signer: "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK".into(),
                role: SignerRole::Checker,
                person: "bob".into(),
                signed_at: Some(at),
            },
            previous,
        ),
        (Event::Released, previous),
        (
            Event::Settled {
                end_to_end_id: "E1".into(),
            },
            previous,
        ),
        (
            Event::Rejected {
                end_to_end_id: "E2".into(),
                reason: StatusReason::parse("AC04").unwrap(),
            },
            previous,
        ),
        (
            Event::Reported {
                report_id: "RPT-1".into(),
                report_digest: ContentDigest::of_bytes(b"report"),
                group_status: GroupStatus::lookup("PART"),
                block_statuses: [("PMT-1".to_owned(), GroupStatus::lookup("ACSP").unwrap())].into(),
                reason: None,
            },
            previous,
        ),
        (
            Event::Reported {
                report_id: "RPT-2".into(),
                report_digest: ContentDigest::of_bytes(b"report"),
                group_status: None,
                block_statuses: Default::default(),
                reason: None,
            },
            previous,
        ),
        (
            Event::Status {
                end_to_end_id: "E1".into(),
                status: PaymentStatus::lookup("ACSP").unwrap(),
                reason: None,
            },
            previous,
        ),
        (
            Event::Status {
                end_to_end_id: "E2".into(),
                status: PaymentStatus::lookup("RJCT").unwrap(),
                reason: Some(StatusReason::parse("AM04").unwrap()),
            },
            previous,
        ),
    ] {
        let wire = PaymentEvent::new("MSG-1", at, previous, event.clone());
        let value = serde_json::to_value(&wire).unwrap();
        valid(ids::EVENT, &value);
        let back: PaymentEvent = serde_json::from_value(value).unwrap();
        assert_eq!(back.event().unwrap(), event);
    }
    let base = json!({"type": "PaymentEvent", "messageId": "M", "at": "2026-12-06T10:00:00Z"});
    for (extra, why) in [
        (json!({"event": "received"}), "no batchDigest"),
        (
            json!({"event": "reported", "reportId": "R"}),
            "no reportDigest",
        ),
        (json!({"event": "status", "endToEndId": "E"}), "no status"),
        (
            json!({"event": "status", "endToEndId": "E", "status": "acsc"}),
            "a status not shaped like a code",
        ),
        (json!({"event": "rejected", "endToEndId": "E"}), "no reason"),
        (
            json!({"event": "rejected", "endToEndId": "E", "reason": "ac04"}),
            "a reason not shaped like a code",
        ),
        (
            json!({"event": "approved", "signer": "x", "role": "maker", "person": "p"}),
            "not a DID",
        ),
        (json!({"event": "paid"}), "no such event"),
        (
            json!({"event": "released", "amount": "1"}),
            "an unknown member",
        ),
        (
            json!({"event": "verified", "transactions": 1, "controlSum": "1", "totals": {"USD": 1}, "endToEndIds": ["E"]}),
            "a total as a number",
        ),
    ] {
        let mut value = base.clone();
        for (k, v) in extra.as_object().unwrap() {
            value[k] = v.clone();
        }
        let e = registry().validate(ids::EVENT, &value).unwrap_err();
        assert_eq!(e.code(), "schema.invalid", "{why}");
    }
}
