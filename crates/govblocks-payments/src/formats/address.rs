//! Accounts as G2P Connect financial addresses (`id-type:id@provider`), both ways: how a
//! [`G2P Connect`](super::g2p) disbursement names payer and payee, and how a GovStack
//! [sub-batch](super::govstack::SubBatch) writes its `financialAddress`.
//!
//! | [`Account`] | financial address | example |
//! | --- | --- | --- |
//! | a financial address | itself | `token:12345@gtbank` |
//! | an IBAN | `iban:<IBAN>@iban` | `iban:de89370400440532013000@iban` |
//! | a mobile-money account | `mobile:<E.164 digits>@<provider>` | `mobile:254712345678@m-pesa` |
//! | a bank account | `account:<number>@<member>.<system>` (G2P Connect's `account-no@ifsc-code.ifsc.pymt-rail`) | `account:12345@021000021.usaba` |
//!
//! Read back, an address of one of the last three forms is that kind of account again (an IBAN
//! that passes mod-97, a valid MSISDN, a clearing code's parts); any other address stays a
//! financial address. Financial addresses are case-insensitive and held in lower case, so a
//! provider or an account number comes back in lower case and upper case respectively (IBANs,
//! clearing codes and account numbers are read in upper case), and an address written
//! `mobile:…@…` with a valid MSISDN comes back as a mobile-money account. An alias has no
//! financial address (the account mapper resolves it first): `payments.shape_unrepresentable`,
//! as is a provider with a `_` (which financial-address providers cannot hold).
//!
//! ```
//! use govblocks_payments::account::{Account, Iban};
//! use govblocks_payments::formats::address::{account_of, financial_address};
//!
//! let iban = Account::Iban(Iban::parse("DE89370400440532013000")?);
//! let fa = financial_address(&iban)?;
//! assert_eq!(fa.as_str(), "iban:de89370400440532013000@iban");
//! assert_eq!(account_of(fa), iban);
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use crate::account::{
    Account, AccountNumber, BankAccount, ClearingCode, FinancialAddress, Iban, MobileMoneyAccount,
    Msisdn, Provider,
};
use crate::error::{Error, Result};

/// The financial address of `account` (see the [module](self) documentation):
/// `payments.shape_unrepresentable` for a provider or member the address cannot hold.
pub fn financial_address(account: &Account) -> Result<FinancialAddress> {
    let text = match account {
        Account::FinancialAddress(fa) => return Ok(fa.clone()),
        Account::Iban(iban) => format!("iban:{}@iban", iban.as_str()),
        Account::MobileMoney(m) => format!("mobile:{}@{}", m.msisdn.digits(), m.provider.as_str()),
        Account::Bank(b) => format!(
            "account:{}@{}.{}",
            b.number.as_str(),
            b.clearing.member(),
            b.clearing.system()
        ),
    };
    FinancialAddress::parse(&text).map_err(|e| Error::ShapeUnrepresentable {
        shape: "a financial address",
        location: format!("the {} account {text:?}", account.kind()),
        reason: e.to_string(),
    })
}

/// The account a financial address names (see the [module](self) documentation): never fails,
/// an address of none of the mapped forms is a financial address.
pub fn account_of(fa: FinancialAddress) -> Account {
    let mapped = match (fa.id_type(), fa.provider()) {
        (Some("iban"), "iban") => Iban::parse(fa.id()).ok().map(Account::Iban),
        (Some("mobile"), provider) => match (Msisdn::parse(fa.id()), Provider::parse(provider)) {
            (Ok(msisdn), Ok(provider)) if fa.id().bytes().all(|b| b.is_ascii_digit()) => {
                Some(Account::MobileMoney(MobileMoneyAccount {
                    msisdn,
                    provider,
                }))
            }
            _ => None,
        },
        (Some("account"), provider) => provider.split_once('.').and_then(|(member, system)| {
            let number = AccountNumber::parse(&fa.id().to_ascii_uppercase()).ok()?;
            let clearing = ClearingCode::parse(&format!(
                "{}:{}",
                system.to_ascii_uppercase(),
                member.to_ascii_uppercase()
            ))
            .ok()?;
            Some(Account::Bank(BankAccount { number, clearing }))
        }),
        _ => None,
    };
    mapped.unwrap_or(Account::FinancialAddress(fa))
}
