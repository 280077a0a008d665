//! Properties of pain.001 export and import: the export of any batch is valid against the
//! official XSD (.09 and .03, checked by xmllint in one batched run), import gives back the
//! batch exported (the round trip is the identity), and each kind of broken file — a count, a
//! control sum, an amount's decimals, an IBAN's check digits, a duplicate end-to-end id — is
//! refused with its code at the exact block and transfer.

#[path = "../common/xsd.rs"]
mod xsd;

use govblocks_payments::iso20022::pain001::{export, import, Version};
use govblocks_payments::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// Valid IBANs and, for each, a copy with wrong check digits.
const IBANS: &[(&str, &str)] = &[
    ("DE89370400440532013000", "DE88370400440532013000"),
    ("GB82WEST12345698765432", "GB83WEST12345698765432"),
    ("FR1420041010050500013M02606", "FR1520041010050500013M02606"),
    ("CH9300762011623852957", "CH9400762011623852957"),
    ("NL91ABNA0417164300", "NL92ABNA0417164300"),
];

/// Currencies of 0, 2, 3 and 4 decimals.
const CURRENCIES: &[&str] = &["USD", "EUR", "JPY", "KWD", "CLF", "CHF"];

/// Text with XML's special characters and non-ASCII letters.
fn text(max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Za-z0-9&<>\"' éü/.-]{{0,{max}}}"))
        .unwrap()
        .prop_map(|s| format!("X{}", s.trim()))
}

fn party() -> impl Strategy<Value = Party> {
    (
        text(40),
        "[A-Z0-9-]{1,20}",
        proptest::option::of("[A-Z]{1,4}"),
        proptest::option::of((
            "(DE|KE|CH|US)",
            proptest::option::of(text(30)),
            proptest::option::of("[0-9]{1,5}"),
            proptest::option::of(text(20)),
            proptest::collection::vec(text(30), 0..3),
        )),
    )
        .prop_map(|(name, id, scheme, address)| {
            let mut identifier = PartyIdentifier::new(id).unwrap();
            if let Some(s) = scheme {
                identifier = identifier.with_scheme(s).unwrap();
            }
            let party = Party::new(name, identifier).unwrap();
            match address {
                None => party,
                Some((country, street, post, town, lines)) => {
                    let mut a = PostalAddress::new(&country).unwrap();
                    if let Some(s) = street {
                        a = a.with_street(&s).unwrap();
                    }
                    if let Some(p) = post {
                        a = a.with_post_code(&p).unwrap();
                    }
                    if let Some(t) = town {
                        a = a.with_town(&t).unwrap();
                    }
                    for l in lines {
                        a = a.with_line(&l).unwrap();
                    }
                    party.with_address(a)
                }
            }
        })
}

/// An account (`Ok`) or an alias (`Err`): IBAN, bank account, mobile money, financial
/// address, alias.
fn account() -> impl Strategy<Value = Result<Account, Alias>> {
    prop_oneof![
        (0..IBANS.len()).prop_map(|i| Ok(Account::Iban(Iban::parse(IBANS[i].0).unwrap()))),
        ("[0-9A-Z]{1,20}", "[A-Z]{2,5}", "[0-9A-Z]{1,12}").prop_map(|(n, s, m)| Ok(Account::Bank(
            BankAccount::parse(&n, &format!("{s}:{m}")).unwrap()
        ))),
        ("\\+2547[0-9]{8}", "[a-z][a-z0-9-]{0,20}").prop_map(|(n, p)| Ok(Account::MobileMoney(
            MobileMoneyAccount::parse(&n, &p).unwrap()
        ))),
        ("[a-z]{1,8}:[0-9]{1,8}@[a-z]{1,10}").prop_map(|fa| Ok(Account::FinancialAddress(
            FinancialAddress::parse(&fa).unwrap()
        ))),
        "NID-[0-9]{1,10}".prop_map(|a| Err(Alias::parse(&a).unwrap())),
    ]
}

type TransferSpec = (
    u64,
    Result<Account, Alias>,
    Party,
    bool,
    Option<String>,
    Option<String>,
);

fn transfer() -> impl Strategy<Value = TransferSpec> {
    (
        1u64..100_000_000_000,
        account(),
        party(),
        any::<bool>(),
        proptest::option::of("(GOVT|BENE|SSBE|SALA)"),
        proptest::option::of(text(100)),
    )
}

type BlockSpec = (
    usize,
    Option<Account>,
    Option<usize>,
    Vec<TransferSpec>,
    Party,
    u8,
);

fn block() -> impl Strategy<Value = BlockSpec> {
    (
        0..CURRENCIES.len(),
        account().prop_map(Result::ok),
        proptest::option::of(0..2usize),
        proptest::collection::vec(transfer(), 1..5),
        party(),
        1u8..28,
    )
}

fn batch() -> impl Strategy<Value = Batch> {
    (
        proptest::collection::vec(block(), 1..4),
        party(),
        "[A-Za-z0-9/-]{1,35}",
    )
        .prop_map(|(blocks, initiator, message_id)| {
            let created = "2026-12-06T09:00:00.25+01:00".parse().unwrap();
            let mut builder = BatchBuilder::new(message_id, created, initiator);
            for (b, (c, account, bic, transfers, debtor, day)) in blocks.into_iter().enumerate() {
                let currency = Currency::parse(CURRENCIES[c]).unwrap();
                let account =
                    account.unwrap_or_else(|| Account::Iban(Iban::parse(IBANS[0].0).unwrap()));
                let mut block = BlockBuilder::new(
                    format!("PMT-{b}"),
                    debtor,
                    account,
                    format!("2026-12-{day:02}"),
                );
                if let Some(i) = bic {
                    block = block.debtor_agent(Bic::parse(["DEUTDEFF", "POFICHBEXXX"][i]).unwrap());
                }
                for (t, (minor, account, creditor, instr, purpose, info)) in
                    transfers.into_iter().enumerate()
                {
                    let amount = Money::from_minor_units(currency, minor).unwrap();
                    let e2e = format!("E2E-{b}-{t}");
                    let mut transfer = match account {
                        Ok(a) => CreditTransfer::to_account(e2e, amount, creditor, a),
                        Err(alias) => CreditTransfer::to_alias(e2e, amount, creditor, alias),
                    };
                    if instr {
                        transfer = transfer.with_instruction_id(format!("INS-{b}-{t}"));
                    }
                    if let Some(p) = purpose {
                        transfer = transfer.with_purpose(p);
                    }
                    if let Some(i) = info {
                        transfer = transfer.with_remittance_information(i);
                    }
                    block = block.transfer(transfer);
                }
                builder = builder.block(block);
            }
            builder.build().unwrap()
        })
}

/// The export of random batches in both versions: XSD-valid (one xmllint run a version), and
/// read back as the batch exported.
#[test]
fn exports_are_xsd_valid_and_round_trip() {
    let dir = xsd::scratch("pain001-exports");
    let mut runner = TestRunner::new(Config::with_cases(192));
    let files = std::cell::RefCell::new((Vec::new(), Vec::new()));
    let n = std::cell::Cell::new(0);
    runner
        .run(&batch(), |batch| {
            for version in [Version::V09, Version::V03] {
                let xml = export(&batch, version).unwrap();
                prop_assert_eq!(&import(&xml).unwrap(), &batch);
                let path = dir.join(format!("{}-{}.xml", n.get(), version.as_str()));
                std::fs::write(&path, &xml).unwrap();
                let mut files = files.borrow_mut();
                match version {
                    Version::V09 => files.0.push(path),
                    _ => files.1.push(path),
                }
                n.set(n.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    let files = files.into_inner();
    assert!(files.0.len() >= 192);
    xsd::validate("09", &files.0);
    xsd::validate("03", &files.1);
}

/// The `n`-th (from 0) occurrence of `what` in `xml` after byte `from`, as a byte offset.
fn nth(xml: &str, what: &str, n: usize, from: usize) -> usize {
    let mut at = from;
    for _ in 0..=n {
        at = xml[at..].find(what).unwrap() + at + what.len();
    }
    at - what.len()
}

/// `xml` with the text of the first `<tag>` after byte `from` replaced by `f(text)`.
fn edit(xml: &str, tag: &str, from: usize, f: impl FnOnce(&str) -> String) -> String {
    let open = format!("<{tag}");
    let start = nth(xml, &open, 0, from);
    let text_start = xml[start..].find('>').unwrap() + start + 1;
    let text_end = xml[text_start..].find('<').unwrap() + text_start;
    format!(
        "{}{}{}",
        &xml[..text_start],
        f(&xml[text_start..text_end]),
        &xml[text_end..]
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    /// Each kind of broken file is refused with its code at the exact element.
    #[test]
    fn broken_files_are_refused_at_their_location(
        batch in batch(),
        kind in 0..5usize,
        pick in any::<prop::sample::Index>(),
        v in prop_oneof![Just(Version::V09), Just(Version::V03)],
    ) {
        let xml = export(&batch, v).unwrap();
        let blocks = &batch.payment_information;
        let b = pick.index(blocks.len());
        let block_at = nth(&xml, "<PmtInf>", b, 0);
        let transfers = &blocks[b].credit_transfers;
        let t = pick.index(transfers.len());
        let transfer_at = nth(&xml, "<CdtTrfTxInf>", t, block_at);
        let initn = "/Document/CstmrCdtTrfInitn";
        let here = format!("{initn}/PmtInf[{}]/CdtTrfTxInf[{}]", b + 1, t + 1);
        let (broken, code, location) = match kind {
            0 => (
                edit(&xml, "NbOfTxs", block_at, |n| (n.parse::<u64>().unwrap() + 1).to_string()),
                "payments.count_mismatch",
                format!("{initn}/PmtInf[{}]/NbOfTxs", b + 1),
            ),
            1 => (
                edit(&xml, "CtrlSum", 0, |s| format!("1{s}")),
                "payments.control_sum_mismatch",
                format!("{initn}/GrpHdr/CtrlSum"),
            ),
            2 => (
                edit(&xml, "InstdAmt", transfer_at, |a| {
                    if a.contains('.') { format!("{a}1") } else { format!("{a}.5") }
                }),
                "payments.amount_too_many_decimals",
                format!("{here}/Amt/InstdAmt"),
            ),
            3 => {
                let Some(Account::Iban(iban)) = &transfers[t].creditor_account else {
                    return Ok(());
                };
                let wrong = IBANS.iter().find(|(ok, _)| *ok == iban.as_str()).unwrap().1;
                (
                    edit(&xml, "IBAN", nth(&xml, "<CdtrAcct>", 0, transfer_at), |_| wrong.to_owned()),
                    "payments.iban_checksum",
                    format!("{here}/CdtrAcct/Id/IBAN"),
                )
            }
            _ => {
                if b == 0 && t == 0 {
                    return Ok(());
                }
                (
                    edit(&xml, "EndToEndId", transfer_at, |_| "E2E-0-0".to_owned()),
                    "payments.duplicate_end_to_end_id",
                    format!("{here}/PmtId/EndToEndId"),
                )
            }
        };
        let error = import(&broken).unwrap_err();
        prop_assert_eq!(error.code(), code, "{}", error);
        prop_assert!(
            error.to_string().starts_with(&format!("{location}: ")),
            "{} is not at {}", error, location
        );
    }
}
