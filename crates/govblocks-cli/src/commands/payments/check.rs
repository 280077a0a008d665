//! `payments check-iban` and `payments check-amount`: one value checked, its normal forms
//! printed (exit 0), or the reason's code (exit 1).

use crate::output::{self, CliError};
use clap::Args;
use govblocks_payments::account::Iban;
use govblocks_payments::currency::Currency;
use govblocks_payments::money::Money;
use serde::Serialize;

const IBAN_HELP: &str = "\
Checks an IBAN (ISO 13616): its country is in the SWIFT IBAN registry, its length and BBAN
structure are the registry's for that country, and its check digits are right (mod 97). Lower
case and the print format (groups of four separated by spaces) are accepted; the words of an
unquoted print format are joined with spaces.

Prints {\"valid\":true,\"iban\":…,\"print\":…,\"country\":…,\"checkDigits\":…,\"bban\":…,
\"bankIdentifier\":…,\"branchIdentifier\":…} and exits 0, or exits 1 with the reason:
payments.iban_format, payments.iban_checksum, payments.iban_country, payments.iban_structure.

Example:
  govblocks payments check-iban DE89 3704 0044 0532 0130 00";

/// Arguments of `payments check-iban`.
#[derive(Debug, Args)]
#[command(about = "Check an IBAN (exit 0 valid, 1 invalid with the reason's code)", long_about = IBAN_HELP)]
pub struct CheckIbanArgs {
    /// The IBAN, electronic or print format (several words are joined with spaces).
    #[arg(value_name = "IBAN", required = true, num_args = 1.., allow_hyphen_values = true)]
    iban: Vec<String>,
}

/// What `check-iban` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct IbanReport<'a> {
    valid: bool,
    iban: &'a str,
    print: String,
    country: &'a str,
    check_digits: String,
    bban: &'a str,
    bank_identifier: Option<&'a str>,
    branch_identifier: Option<&'a str>,
}

fn check_iban(args: &CheckIbanArgs) -> Result<Vec<u8>, CliError> {
    let iban = Iban::parse(&args.iban.join(" "))?;
    output::json_line(
        &IbanReport {
            valid: true,
            iban: iban.as_str(),
            print: iban.print_format(),
            country: iban.country_code(),
            check_digits: format!("{:02}", iban.check_digits()),
            bban: iban.bban(),
            bank_identifier: iban.bank_identifier(),
            branch_identifier: iban.branch_identifier(),
        },
        false,
    )
}

crate::run_with!(CheckIbanArgs, check_iban);

const AMOUNT_HELP: &str = "\
Checks an amount in an ISO 4217 currency: a plain decimal with at most as many decimals as the
currency's minor unit (JPY 0, USD 2, KWD 3, CLF 4), at most 18 significant digits, never
negative, no exponent, no leading '+' or zeros. Currencies without a minor unit (XAU, XDR, XTS,
XXX, …) are refused.

Prints {\"valid\":true,\"currency\":…,\"minorUnit\":…,\"fixed\":…,\"minimal\":…,\"minorUnits\":…}
(fixed: every decimal, as ISO 20022 writes it; minimal: no trailing zeros, as Mojaloop writes
it; minorUnits: the amount in cents, fils, …, as a string) and exits 0, or exits 1 with the
reason: payments.currency_unknown, payments.currency_no_minor_unit, payments.amount_invalid,
payments.amount_negative, payments.amount_exponent, payments.amount_too_many_decimals,
payments.amount_too_many_digits.

Example:
  govblocks payments check-amount --currency USD 12.5";

/// Arguments of `payments check-amount`.
#[derive(Debug, Args)]
#[command(about = "Check an amount in a currency (exit 0 valid, 1 invalid with the reason's code)", long_about = AMOUNT_HELP)]
pub struct CheckAmountArgs {
    /// The ISO 4217 alphabetic code (USD, JPY, KWD, …).
    #[arg(long, value_name = "C")]
    currency: String,

    /// The amount (a negative one is read, and refused with its code).
    #[arg(value_name = "AMOUNT", allow_hyphen_values = true)]
    amount: String,
}

/// What `check-amount` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct AmountReport {
    valid: bool,
    currency: &'static str,
    minor_unit: u8,
    fixed: String,
    minimal: String,
    minor_units: String,
}

fn check_amount(args: &CheckAmountArgs) -> Result<Vec<u8>, CliError> {
    let money = Money::parse(Currency::parse(&args.currency)?, &args.amount)?;
    output::json_line(
        &AmountReport {
            valid: true,
            currency: money.currency().code(),
            minor_unit: money.currency().minor_unit(),
            fixed: money.fixed(),
            minimal: money.minimal(),
            minor_units: money.minor_units().to_string(),
        },
        false,
    )
}

crate::run_with!(CheckAmountArgs, check_amount);
