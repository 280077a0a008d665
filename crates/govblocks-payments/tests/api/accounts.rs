//! BIC, MSISDN, mobile-money and bank accounts, clearing codes, G2P Connect financial
//! addresses, aliases, payment modalities and accounts in JSON.

use govblocks_payments::account::{
    Account, Alias, BankAccount, Bic, ClearingCode, FinancialAddress, MobileMoneyAccount, Msisdn,
    PaymentModality, Provider,
};

fn outcome<T>(r: Result<T, govblocks_payments::Error>) -> &'static str {
    match r {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn bic() {
    for (input, expected) in [
        ("DEUTDEFF", "ok"),
        ("DEUTDEFF500", "ok"),
        ("deutdeff", "ok"),
        ("NEDSZAJJXXX", "ok"),
        ("1234DEFF", "ok"), // ISO 9362:2022 party prefixes may hold digits
        ("DEUTDEF", "payments.bic_invalid"),
        ("DEUTDEFF50", "payments.bic_invalid"),
        ("DEUTDEFF5000", "payments.bic_invalid"),
        ("DEUT1EFF", "payments.bic_invalid"), // the country is two letters
        ("DEUT DEFF", "payments.bic_invalid"),
        ("DEUTDEF-", "payments.bic_invalid"),
        ("", "payments.bic_invalid"),
    ] {
        assert_eq!(outcome(Bic::parse(input)), expected, "{input:?}");
    }
    let bic = Bic::parse("deutdeff500").unwrap();
    assert_eq!(
        (
            bic.as_str(),
            bic.party_prefix(),
            bic.country_code(),
            bic.location(),
            bic.branch()
        ),
        ("DEUTDEFF500", "DEUT", "DE", "FF", Some("500"))
    );
    assert_eq!(Bic::parse("DEUTDEFF").unwrap().branch(), None);
    assert!(Bic::parse("DEUTDE00").unwrap().is_test());
    assert!(!bic.is_test());
    assert_eq!(serde_json::to_string(&bic).unwrap(), "\"DEUTDEFF500\"");
}

#[test]
fn msisdn_and_mobile_money() {
    for (input, expected) in [
        ("+254712345678", "ok"),
        ("254712345678", "ok"),
        ("+6831234", "ok"),         // 7 digits (Niue)
        ("+123456789012345", "ok"), // 15 digits, E.164's most
        ("+1234567890123456", "payments.msisdn_invalid"),
        ("+123456", "payments.msisdn_invalid"),
        ("+0712345678", "payments.msisdn_invalid"),
        ("0712345678", "payments.msisdn_invalid"), // a national number, not E.164
        ("+254 712 345678", "payments.msisdn_invalid"),
        ("+254-712-345678", "payments.msisdn_invalid"),
        ("++254712345678", "payments.msisdn_invalid"),
        ("", "payments.msisdn_invalid"),
        ("+", "payments.msisdn_invalid"),
    ] {
        assert_eq!(outcome(Msisdn::parse(input)), expected, "{input:?}");
    }
    let m = Msisdn::parse("254712345678").unwrap();
    assert_eq!((m.as_str(), m.digits()), ("+254712345678", "254712345678"));
    for (input, expected) in [
        ("m-pesa", "ok"),
        ("mtn_gh.momo", "ok"),
        ("", "payments.provider_invalid"),
        ("m pesa", "payments.provider_invalid"),
        ("m-pesa@ke", "payments.provider_invalid"),
    ] {
        assert_eq!(outcome(Provider::parse(input)), expected, "{input:?}");
    }
    assert_eq!(
        outcome(Provider::parse(&"a".repeat(65))),
        "payments.provider_invalid"
    );
    let account = MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap();
    assert_eq!(
        serde_json::to_string(&account).unwrap(),
        r#"{"msisdn":"+254712345678","provider":"m-pesa"}"#
    );
    assert_eq!(
        outcome(MobileMoneyAccount::parse("0712", "m-pesa")),
        "payments.msisdn_invalid"
    );
}

#[test]
fn bank_accounts_and_clearing_codes() {
    for (input, expected) in [
        ("USABA:021000021", "ok"),
        ("GBDSC:601613", "ok"),
        ("INFSC:HDFC0000001", "ok"),
        ("KEBIC:01", "ok"),
        ("usaba:021000021", "payments.clearing_code_invalid"),
        ("USABAX:021000021", "payments.clearing_code_invalid"),
        (":021000021", "payments.clearing_code_invalid"),
        ("USABA:", "payments.clearing_code_invalid"),
        ("USABA021000021", "payments.clearing_code_invalid"),
        ("USABA:0210-00021", "payments.clearing_code_invalid"),
        ("USABA:021:000", "payments.clearing_code_invalid"),
    ] {
        assert_eq!(outcome(ClearingCode::parse(input)), expected, "{input:?}");
    }
    let code = ClearingCode::parse("INFSC:HDFC0000001").unwrap();
    assert_eq!((code.system(), code.member()), ("INFSC", "HDFC0000001"));
    let account = BankAccount::parse("50100012345678", "INFSC:HDFC0000001").unwrap();
    assert_eq!(account.number.as_str(), "50100012345678");
    for (number, expected) in [
        ("1", "ok"),
        ("0123456789012345678901234567890123", "ok"), // 34
        (
            "01234567890123456789012345678901234",
            "payments.account_number_invalid",
        ),
        ("", "payments.account_number_invalid"),
        ("1234 5678", "payments.account_number_invalid"),
        ("1234-5678", "payments.account_number_invalid"),
    ] {
        assert_eq!(
            outcome(BankAccount::parse(number, "USABA:021000021")),
            expected,
            "{number:?}"
        );
    }
}

#[test]
fn g2p_connect_financial_addresses() {
    // The G2P Connect specification's own examples (its "Normative Addressing" section).
    for (input, kind, id, provider) in [
        ("token:12345@gtbank", Some("token"), "12345", "gtbank"),
        ("token:12345@mosip", Some("token"), "12345", "mosip"),
        ("uid:12345@mosip", Some("uid"), "12345", "mosip"),
        ("vid:12345@PhilID", Some("vid"), "12345", "philid"),
        ("mobile:12345@m-pesa", Some("mobile"), "12345", "m-pesa"),
        ("account:12345@gtbank", Some("account"), "12345", "gtbank"),
        (
            "account:12345@HDFC0000001.ifsc.npci",
            Some("account"),
            "12345",
            "hdfc0000001.ifsc.npci",
        ),
        ("joeuser@gtbank", None, "joeuser", "gtbank"),
        ("token:123456@sbi", Some("token"), "123456", "sbi"),
        (
            "voucher:12345@food.sodexo",
            Some("voucher"),
            "12345",
            "food.sodexo",
        ),
        ("12345@DCash", None, "12345", "dcash"),
    ] {
        let fa = FinancialAddress::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
        assert_eq!(
            (fa.id_type(), fa.id(), fa.provider()),
            (kind, id, provider),
            "{input}"
        );
        assert_eq!(fa.as_str(), input.to_ascii_lowercase());
        // Case insensitive: both spellings are one address.
        assert_eq!(
            FinancialAddress::parse(&input.to_ascii_uppercase()).unwrap(),
            fa
        );
    }
    for input in [
        "",
        "token:12345",
        "@gtbank",
        "token:@gtbank",
        ":12345@gtbank",
        "token:12345@",
        "token:12345@gt bank",
        "token:12345@gt_bank",
        "token:12:345@gtbank",
        "token:12345@gtbank@other",
        "token 12345@gtbank",
        "tökén:12345@gtbank",
    ] {
        assert_eq!(
            outcome(FinancialAddress::parse(input)),
            "payments.financial_address_invalid",
            "{input:?}"
        );
    }
    let long = format!("token:{}@gtbank", "1".repeat(250));
    assert_eq!(
        outcome(FinancialAddress::parse(&long)),
        "payments.financial_address_invalid"
    );
}

#[test]
fn aliases() {
    for (input, expected) in [
        ("94049169714828912115", "ok"), // the GovStack example payeeFunctionalID
        ("NID-4471-2291", "ok"),
        ("token:abc/def=", "ok"),
        ("", "payments.alias_invalid"),
        ("NID 4471", "payments.alias_invalid"),
        ("NID\t4471", "payments.alias_invalid"),
        ("NÏD", "payments.alias_invalid"),
    ] {
        assert_eq!(outcome(Alias::parse(input)), expected, "{input:?}");
    }
    assert_eq!(outcome(Alias::parse(&"x".repeat(64))), "ok");
    assert_eq!(
        outcome(Alias::parse(&"x".repeat(65))),
        "payments.alias_invalid"
    );
}

#[test]
fn payment_modalities_are_the_govstack_codes() {
    let codes: Vec<&str> = PaymentModality::ALL.iter().map(|m| m.as_str()).collect();
    assert_eq!(codes, ["00", "01", "02", "03", "04"]);
    assert_eq!(
        PaymentModality::parse("01").unwrap(),
        PaymentModality::MobileMoney
    );
    assert_eq!(
        PaymentModality::parse("04").unwrap(),
        PaymentModality::Proxy
    );
    for input in ["05", "1", "001", "", "bank"] {
        assert_eq!(
            outcome(PaymentModality::parse(input)),
            "payments.modality_unknown"
        );
    }
    assert_eq!(
        serde_json::to_string(&PaymentModality::Voucher).unwrap(),
        "\"02\""
    );
    let iban = Account::Iban("DE89370400440532013000".parse().unwrap());
    let mobile =
        Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap());
    let bank = Account::Bank(BankAccount::parse("1", "USABA:021000021").unwrap());
    let fa = Account::FinancialAddress("voucher:12345@food.sodexo".parse().unwrap());
    use PaymentModality::{DigitalWallet, MobileMoney, Proxy, Voucher};
    let bank_account = PaymentModality::BankAccount;
    for (modality, account, pays) in [
        (bank_account, &iban, true),
        (bank_account, &bank, true),
        (bank_account, &mobile, false),
        (bank_account, &fa, false),
        (MobileMoney, &mobile, true),
        (MobileMoney, &iban, false),
        (Voucher, &fa, true),
        (DigitalWallet, &fa, true),
        (Proxy, &fa, true),
        (Proxy, &iban, false),
        (DigitalWallet, &mobile, false),
    ] {
        assert_eq!(
            modality.can_pay(account),
            pays,
            "{modality} {}",
            account.kind()
        );
    }
}

#[test]
fn accounts_in_json() {
    for json in [
        r#"{"iban":"DE89370400440532013000"}"#,
        r#"{"bank":{"number":"50100012345678","clearing":"INFSC:HDFC0000001"}}"#,
        r#"{"mobileMoney":{"msisdn":"+254712345678","provider":"m-pesa"}}"#,
        r#"{"financialAddress":"token:12345@gtbank"}"#,
    ] {
        let account: Account = serde_json::from_str(json).unwrap();
        assert_eq!(serde_json::to_string(&account).unwrap(), json);
    }
    for json in [
        r#"{"iban":"DE88370400440532013000"}"#,
        r#"{"iban":"DE89370400440532013000","extra":1}"#,
        r#"{"paypal":"x"}"#,
        r#"{"mobileMoney":{"msisdn":"0712","provider":"m-pesa"}}"#,
        r#"{"bank":{"number":"1","clearing":"USABA:1","x":1}}"#,
    ] {
        assert!(serde_json::from_str::<Account>(json).is_err(), "{json}");
    }
}
