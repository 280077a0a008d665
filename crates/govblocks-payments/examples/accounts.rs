//! Money and accounts for a disbursement list: amounts read exactly and totalled, each payee's
//! account read (an IBAN, a mobile-money number, an alias the account mapper resolves), and
//! the lines that are refused, with their codes.
//!
//! `cargo run -p govblocks-payments --example accounts`
#![allow(clippy::unwrap_used, clippy::expect_used)]

use govblocks_payments::prelude::*;

fn main() -> Result<(), govblocks_payments::Error> {
    let uah = Currency::parse("UAH")?;

    // The ministry's mapper knows national-ID tokens of people paid by mobile money.
    let mapper = MemoryAccountMapper::new();
    let wallet = Account::MobileMoney(MobileMoneyAccount::parse("+380501234567", "monobank")?);
    mapper.register(
        Alias::parse("NID-4471-2291")?,
        MappedAccount::new(PaymentModality::MobileMoney, wallet)?,
    )?;

    // name, account (an IBAN, an MSISDN@provider, or an alias), amount
    let lines = [
        (
            "Olena Koval",
            "UA21 3223 1300 0002 6007 2335 6600 1",
            "6500",
        ),
        ("Taras Bondar", "NID-4471-2291", "6500.00"),
        (
            "Iryna Melnyk",
            "UA21 3223 1300 0002 6007 2335 6600 2",
            "6500",
        ), // a typo
        (
            "Petro Shevchenko",
            "UA213223130000026007233566001",
            "6500.005",
        ), // half a kopiyka
        ("Oksana Lysenko", "NID-0000-0000", "6500"), // not registered
    ];
    let mut accepted = Vec::new();
    for (name, account, amount) in lines {
        let result = Money::parse(uah, amount).and_then(|money| {
            // Two letters and two digits: an IBAN (and its refusal says why); else an alias.
            let b = account.as_bytes();
            let iban_like = b.len() > 4
                && b[..2].iter().all(u8::is_ascii_alphabetic)
                && b[2..4].iter().all(u8::is_ascii_digit);
            let account = if iban_like {
                let iban = Iban::parse(account)?;
                MappedAccount::new(PaymentModality::BankAccount, Account::Iban(iban))?
            } else {
                mapper.resolve(&Alias::parse(account)?)?
            };
            Ok((money, account))
        });
        match result {
            Ok((money, account)) => {
                println!(
                    "{name:18} {money}  {} via {}",
                    account.account().kind(),
                    account.modality()
                );
                accepted.push(money);
            }
            Err(e) => println!("{name:18} refused: {} ({e})", e.code()),
        }
    }
    let total = Money::sum(uah, accepted.iter().copied())?;
    println!(
        "total {} ({} payments; minimal form {})",
        total,
        accepted.len(),
        total.minimal()
    );
    assert_eq!(total.fixed(), "13000.00");
    Ok(())
}
