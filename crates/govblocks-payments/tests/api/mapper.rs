//! The account mapper: register, resolve, update, deregister, each refusal with its code; the
//! modality must be able to pay the account; registrations race atomically.

use govblocks_payments::account::{Account, Alias, MobileMoneyAccount, PaymentModality};
use govblocks_payments::mapper::{AccountMapper, MappedAccount, MemoryAccountMapper};
use std::sync::Arc;

fn alias(s: &str) -> Alias {
    Alias::parse(s).unwrap()
}

fn mobile() -> MappedAccount {
    let account =
        Account::MobileMoney(MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap());
    MappedAccount::new(PaymentModality::MobileMoney, account).unwrap()
}

fn bank() -> MappedAccount {
    let account = Account::Iban("DE89370400440532013000".parse().unwrap());
    MappedAccount::new(PaymentModality::BankAccount, account).unwrap()
}

#[test]
fn register_resolve_update_deregister() {
    let mapper = MemoryAccountMapper::new();
    assert!(mapper.is_empty());
    let a = alias("94049169714828912115");
    assert_eq!(
        mapper.resolve(&a).unwrap_err().code(),
        "payments.alias_unknown"
    );
    mapper.register(a.clone(), mobile()).unwrap();
    assert_eq!(mapper.resolve(&a).unwrap(), mobile());
    // GovStack: "Beneficiary already registered"; the first account stays.
    assert_eq!(
        mapper.register(a.clone(), bank()).unwrap_err().code(),
        "payments.alias_registered"
    );
    assert_eq!(mapper.resolve(&a).unwrap(), mobile());
    assert_eq!(mapper.update(&a, bank()).unwrap(), mobile());
    assert_eq!(
        mapper.resolve(&a).unwrap().modality(),
        PaymentModality::BankAccount
    );
    let other = alias("76032553265657618183");
    assert_eq!(
        mapper.update(&other, bank()).unwrap_err().code(),
        "payments.alias_unknown"
    );
    assert_eq!(
        mapper.deregister(&other).unwrap_err().code(),
        "payments.alias_unknown"
    );
    assert_eq!(mapper.len(), 1);
    assert_eq!(mapper.deregister(&a).unwrap(), bank());
    assert_eq!(
        mapper.resolve(&a).unwrap_err().code(),
        "payments.alias_unknown"
    );
}

#[test]
fn a_modality_that_cannot_pay_the_account_is_refused() {
    let iban = Account::Iban("DE89370400440532013000".parse().unwrap());
    let e = MappedAccount::new(PaymentModality::MobileMoney, iban).unwrap_err();
    assert_eq!(e.code(), "payments.modality_mismatch");
    assert!(e.to_string().contains("01"), "{e}");
}

#[test]
fn mapped_accounts_in_json() {
    let json = r#"{"account":{"mobileMoney":{"msisdn":"+254712345678","provider":"m-pesa"}},"paymentModality":"01"}"#;
    let mapped: MappedAccount = serde_json::from_str(json).unwrap();
    assert_eq!(mapped, mobile());
    assert_eq!(serde_json::to_string(&mapped).unwrap(), json);
    let wrong = r#"{"account":{"iban":"DE89370400440532013000"},"paymentModality":"01"}"#;
    let e = serde_json::from_str::<MappedAccount>(wrong).unwrap_err();
    assert!(e.to_string().contains("cannot pay"), "{e}");
}

#[test]
fn two_threads_registering_one_alias_exactly_one_wins() {
    for _ in 0..20 {
        let mapper = Arc::new(MemoryAccountMapper::new());
        let a = alias("NID-1");
        let handles: Vec<_> = (0..4)
            .map(|i| {
                let (mapper, a) = (Arc::clone(&mapper), a.clone());
                std::thread::spawn(move || {
                    mapper.register(a, if i % 2 == 0 { mobile() } else { bank() })
                })
            })
            .collect();
        let won = handles
            .into_iter()
            .map(|h| h.join().unwrap())
            .filter(Result::is_ok)
            .count();
        assert_eq!(won, 1);
        assert_eq!(mapper.len(), 1);
    }
}

#[test]
fn the_mapper_is_usable_as_a_trait_object() {
    let mapper: Box<dyn AccountMapper> = Box::new(MemoryAccountMapper::new());
    mapper.register(alias("x"), bank()).unwrap();
    assert_eq!(mapper.resolve(&alias("x")).unwrap(), bank());
}
