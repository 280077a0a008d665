//! A pain.001 document (.03 or .09) read into a [`Batch`], every rule checked, every refusal
//! located (see the [module](super)).
//!
//! One pass over the document with the bounded [`XmlReader`]: no DOM, each value parsed into
//! its type where it stands (an amount, an IBAN, a BIC: refused there, with its location), then
//! the batch's [rules](crate::batch::rules) run on the batch read, and their first error located
//! at the block and transfer where they found it.

use super::{Version, ALIAS_SCHEME, FA_SCHEME, INITN, MSISDN_SCHEME, NOT_PROVIDED};
use crate::account::{
    Account, Alias, BankAccount, Bic, FinancialAddress, Iban, MobileMoneyAccount,
};
use crate::batch::model::{
    Batch, CreditTransfer, GroupHeader, PaymentBlock, PaymentMethod, BATCH_TYPE,
};
use crate::batch::rules::{check_at, ControlSum, Spot};
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::iso20022::xml::{Element, Limits, Node, XmlReader};
use crate::money::Money;
use crate::party::{Party, PartyIdentifier, PostalAddress};
use govblocks_core::clock::Timestamp;

/// Names always indexed in a location (`PmtInf[1]`).
const INDEXED: &[&str] = &["PmtInf", "CdtTrfTxInf"];

/// `xml` read as a pain.001 batch, with the default [`Limits`].
pub fn import(xml: &str) -> Result<Batch> {
    import_with(xml, Limits::default()).map(|(batch, _)| batch)
}

/// `xml` read as a pain.001 batch within `limits`; the batch and the version the file is in.
pub fn import_with(xml: &str, limits: Limits) -> Result<(Batch, Version)> {
    let mut r = XmlReader::new(xml, limits)?.indexed(INDEXED);
    let root = match r.next()? {
        Some(Node::Start(e)) => e,
        _ => return Err(r.malformed("no root element")),
    };
    if root.name() != "Document" {
        return Err(unsupported(&r, "the root element is not Document"));
    }
    let version = Version::from_namespace(r.root_namespace().unwrap_or(""))?;
    let mut batch = None;
    children(&mut r, |r, e| match e.name() {
        "CstmrCdtTrfInitn" if batch.is_none() => {
            batch = Some(initiation(r, version)?);
            Ok(())
        }
        "CstmrCdtTrfInitn" => Err(repeated(r)),
        _ => Err(unsupported(r, "not a pain.001 message")),
    })?;
    if r.next()?.is_some() {
        return Err(r.malformed("a second root element"));
    }
    let Some(batch) = batch else {
        return Err(missing("/Document", "CstmrCdtTrfInitn"));
    };
    let mut spot = Spot::default();
    check_at(&batch, &mut spot).map_err(|e| locate_rule(e, spot))?;
    Ok((batch, version))
}

/// Each child of the current element, given to `f` (which must read it whole), up to the
/// current element's end.
fn children<'a>(
    r: &mut XmlReader<'a>,
    mut f: impl FnMut(&mut XmlReader<'a>, Element<'a>) -> Result<()>,
) -> Result<()> {
    loop {
        match r.next()? {
            Some(Node::Start(e)) => f(r, e)?,
            Some(Node::End) => return Ok(()),
            None => return Err(r.malformed("the document ends inside an element")),
        }
    }
}

fn unsupported(r: &XmlReader<'_>, reason: &str) -> Error {
    Error::Pain001ElementUnsupported {
        location: r.location(),
        reason: reason.to_owned(),
    }
}

fn repeated(r: &XmlReader<'_>) -> Error {
    unsupported(r, "repeated (the XSD, or the batch, allows it once)")
}

fn missing(parent: &str, element: &'static str) -> Error {
    Error::Pain001ElementMissing {
        location: parent.to_owned(),
        element,
    }
}

/// A text element read once into `slot` with `parse` (repeated: refused).
fn once<'a, T>(
    r: &mut XmlReader<'a>,
    slot: &mut Option<T>,
    parse: impl FnOnce(&str) -> Result<T>,
) -> Result<()> {
    if slot.is_some() {
        return Err(repeated(r));
    }
    *slot = Some(r.parse_text(parse)?);
    Ok(())
}

fn string(text: &str) -> Result<String> {
    Ok(text.to_owned())
}

/// What a block or the header declares, or `None` when the file leaves it out (computed).
type Declared = Option<String>;

fn initiation(r: &mut XmlReader<'_>, version: Version) -> Result<Batch> {
    let mut header = None;
    let mut blocks = Vec::new();
    children(r, |r, e| match e.name() {
        "GrpHdr" if header.is_none() => {
            header = Some(group_header(r)?);
            Ok(())
        }
        "GrpHdr" => Err(repeated(r)),
        "PmtInf" => {
            let index = blocks.len() + 1;
            blocks.push(payment_block(r, version, index)?);
            Ok(())
        }
        _ => r.skip(),
    })?;
    let Some((message_id, created, count, sum, initiating_party)) = header else {
        return Err(missing(INITN, "GrpHdr"));
    };
    let mut payment_information = Vec::with_capacity(blocks.len());
    for (block, declared_count, declared_sum) in blocks {
        payment_information.push(fill_block(block, declared_count, declared_sum)?);
    }
    let control_sum = match sum {
        Some(sum) => sum,
        None => computed_control_sum(&payment_information)?,
    };
    let batch = Batch {
        kind: BATCH_TYPE.to_owned(),
        group_header: GroupHeader {
            message_id,
            creation_date_time: created,
            number_of_transactions: count,
            control_sum,
            initiating_party,
        },
        payment_information,
        proof: None,
    };
    Ok(batch)
}

/// A block with its figures: declared, or computed from its transfers when left out.
fn fill_block(mut block: PaymentBlock, count: Declared, sum: Declared) -> Result<PaymentBlock> {
    block.number_of_transactions = match count {
        Some(count) => count,
        None => block.credit_transfers.len().to_string(),
    };
    block.control_sum = match sum {
        Some(sum) => sum,
        None => match block.credit_transfers.first() {
            Some(first) => {
                let currency = first.amount.currency();
                // A transfer in another currency is left for the rules to name.
                Money::sum(
                    currency,
                    block
                        .credit_transfers
                        .iter()
                        .map(|t| t.amount)
                        .filter(|m| m.currency() == currency),
                )?
                .fixed()
            }
            None => "0".to_owned(),
        },
    };
    Ok(block)
}

/// The header's control sum when the file leaves it out: the blocks' sums, irrespective of
/// currency, with the largest minor unit among them.
fn computed_control_sum(blocks: &[PaymentBlock]) -> Result<String> {
    let mut sum = ControlSum::default();
    let mut decimals = 0;
    for block in blocks {
        if let Some(first) = block.credit_transfers.first() {
            let currency = first.amount.currency();
            decimals = decimals.max(currency.minor_unit());
            let total = Money::parse(currency, &block.control_sum)?;
            sum = sum.checked_add(ControlSum::of(total))?;
        }
    }
    Ok(sum.fixed(decimals).unwrap_or_else(|| sum.to_string()))
}

type Header = (String, Timestamp, String, Declared, Party);

fn group_header(r: &mut XmlReader<'_>) -> Result<Header> {
    let here = format!("{INITN}/GrpHdr");
    let mut id = None;
    let mut created = None;
    let mut count = None;
    let mut sum = None;
    let mut party = None;
    children(r, |r, e| match e.name() {
        "MsgId" => once(r, &mut id, string),
        "CreDtTm" => once(r, &mut created, date_time),
        "NbOfTxs" => once(r, &mut count, string),
        "CtrlSum" => once(r, &mut sum, string),
        "InitgPty" if party.is_none() => {
            party = Some(read_party(r, "InitgPty")?);
            Ok(())
        }
        "InitgPty" => Err(repeated(r)),
        _ => r.skip(),
    })?;
    Ok((
        id.ok_or_else(|| missing(&here, "MsgId"))?,
        created.ok_or_else(|| missing(&here, "CreDtTm"))?,
        count.ok_or_else(|| missing(&here, "NbOfTxs"))?,
        sum,
        party.ok_or_else(|| missing(&here, "InitgPty"))?,
    ))
}

/// `xs:dateTime` as govblocks' timestamp; without an offset, read as UTC (see the module).
fn date_time(text: &str) -> Result<Timestamp> {
    match Timestamp::parse(text, "CreDtTm") {
        Ok(t) => Ok(t),
        Err(e) => {
            let bytes = text.as_bytes();
            let has_offset = text.ends_with('Z')
                || (bytes.len() > 19 && bytes[19..].iter().any(|b| matches!(b, b'+' | b'-')));
            if has_offset {
                return Err(e.into());
            }
            Ok(Timestamp::parse(&format!("{text}Z"), "CreDtTm")?)
        }
    }
}

/// An account as the file writes it, resolved once the agent (which may come after it) is
/// known.
enum RawAccount {
    Iban(Iban),
    Other {
        id: String,
        scheme: Option<String>,
        issuer: Option<String>,
    },
}

/// An agent: its BIC and clearing code (`system`, `member`).
#[derive(Default)]
struct Agent {
    bic: Option<Bic>,
    clearing: Option<(String, String)>,
}

fn payment_block(
    r: &mut XmlReader<'_>,
    version: Version,
    index: usize,
) -> Result<(PaymentBlock, Declared, Declared)> {
    let here = format!("{INITN}/PmtInf[{index}]");
    let mut id = None;
    let mut method = None;
    let mut count = None;
    let mut sum = None;
    let mut date = None;
    let mut debtor = None;
    let mut account = None;
    let mut agent = None;
    let mut transfers = Vec::new();
    let mut currency = None;
    children(r, |r, e| match e.name() {
        "PmtInfId" => once(r, &mut id, string),
        "PmtMtd" => once(r, &mut method, |t| match t {
            "TRF" => Ok(PaymentMethod::CreditTransfer),
            "CHK" => Ok(PaymentMethod::Cheque),
            "TRA" => Ok(PaymentMethod::TransferAdvice),
            other => Err(Error::BatchInvalid {
                reason: format!("{:?} is not a payment method (TRF, CHK, TRA)", quote(other)),
            }),
        }),
        "NbOfTxs" => once(r, &mut count, string),
        "CtrlSum" => once(r, &mut sum, string),
        "ReqdExctnDt" => {
            if date.is_some() {
                return Err(repeated(r));
            }
            date = Some(execution_date(r, version)?);
            Ok(())
        }
        "Dbtr" if debtor.is_none() => {
            debtor = Some(read_party(r, "Dbtr")?);
            Ok(())
        }
        "DbtrAcct" if account.is_none() => {
            account = Some(read_account(r, "DbtrAcct")?);
            Ok(())
        }
        "DbtrAgt" if agent.is_none() => {
            agent = Some(read_agent(r)?);
            Ok(())
        }
        "Dbtr" | "DbtrAcct" | "DbtrAgt" => Err(repeated(r)),
        "CdtTrfTxInf" => {
            if transfers.capacity() == 0 {
                transfers.reserve(capacity_hint(count.as_deref(), r.remaining()));
            }
            let t = transfers.len() + 1;
            transfers.push(transfer(r, &here, t, &mut currency)?);
            Ok(())
        }
        _ => r.skip(),
    })?;
    let agent = agent.unwrap_or_default();
    let account = account.ok_or_else(|| missing(&here, "DbtrAcct"))?;
    let debtor_account =
        resolve(account, &agent, &|| format!("{here}/DbtrAcct"), false)?.map_err(|_| {
            Error::Pain001ElementUnsupported {
                location: format!("{here}/DbtrAcct"),
                reason: format!("an alias ({ALIAS_SCHEME}) cannot be a debtor account"),
            }
        })?;
    let block = PaymentBlock {
        payment_information_id: id.ok_or_else(|| missing(&here, "PmtInfId"))?,
        payment_method: method.ok_or_else(|| missing(&here, "PmtMtd"))?,
        requested_execution_date: date.ok_or_else(|| missing(&here, "ReqdExctnDt"))?,
        debtor: debtor.ok_or_else(|| missing(&here, "Dbtr"))?,
        debtor_account,
        debtor_agent: agent.bic,
        number_of_transactions: String::new(),
        control_sum: String::new(),
        credit_transfers: transfers,
    };
    Ok((block, count, sum))
}

/// The fewest bytes a `CdtTrfTxInf` that imports can take (its end-to-end id, amount, creditor
/// with name and identifier, and account: about 230 bytes without a byte of white space).
const MIN_TRANSFER_BYTES: usize = 200;

/// The room to make for a block's transfers when its first one starts: the count the block
/// declares (read before its transfers, as the XSD orders them), but never more than the rest
/// of the file can hold, so that a false count cannot make the import reserve more memory than
/// the file's size warrants. The count itself is still checked by the rules.
fn capacity_hint(declared: Option<&str>, remaining: usize) -> usize {
    declared
        .and_then(|count| count.parse::<usize>().ok())
        .unwrap_or(0)
        .min(remaining / MIN_TRANSFER_BYTES)
}

/// `ReqdExctnDt`: a date (.03), or the choice `Dt` (.09; `DtTm` refused).
fn execution_date(r: &mut XmlReader<'_>, version: Version) -> Result<String> {
    if version == Version::V03 {
        return r.parse_text(string);
    }
    let mut date = None;
    children(r, |r, e| match e.name() {
        "Dt" => once(r, &mut date, string),
        _ => Err(unsupported(
            r,
            "only a date (Dt) can be a batch's requested execution date",
        )),
    })?;
    date.ok_or_else(|| missing(&r.location_of("ReqdExctnDt"), "Dt"))
}

/// One `CdtTrfTxInf`. `last` is the currency of the block's previous amount: a `Ccy` that
/// names it again is not looked up again.
fn transfer(
    r: &mut XmlReader<'_>,
    block: &str,
    index: usize,
    last: &mut Option<Currency>,
) -> Result<CreditTransfer> {
    let here = || format!("{block}/CdtTrfTxInf[{index}]");
    let mut instruction = None;
    let mut end_to_end = None;
    let mut amount = None;
    let mut agent = None;
    let mut creditor = None;
    let mut account = None;
    let mut purpose = None;
    let mut remittance = None;
    children(r, |r, e| match e.name() {
        "PmtId" => children(r, |r, e| match e.name() {
            "InstrId" => once(r, &mut instruction, string),
            "EndToEndId" => once(r, &mut end_to_end, string),
            _ => r.skip(),
        }),
        "Amt" => children(r, |r, e| match e.name() {
            "InstdAmt" if amount.is_none() => {
                let currency = match e.attribute("Ccy")? {
                    Some(code) => match *last {
                        Some(currency) if currency.code() == code => currency,
                        _ => {
                            let currency = Currency::parse(&code).map_err(|err| r.locate(err))?;
                            *last = Some(currency);
                            currency
                        }
                    },
                    None => return Err(missing(&r.location(), "Ccy")),
                };
                amount = Some(r.parse_text(|t| Money::parse(currency, t))?);
                Ok(())
            }
            "InstdAmt" => Err(repeated(r)),
            _ => Err(unsupported(
                r,
                "only an instructed amount (InstdAmt) can be paid",
            )),
        }),
        "CdtrAgt" if agent.is_none() => {
            agent = Some(read_agent(r)?);
            Ok(())
        }
        "Cdtr" if creditor.is_none() => {
            creditor = Some(read_party(r, "Cdtr")?);
            Ok(())
        }
        "CdtrAcct" if account.is_none() => {
            account = Some(read_account(r, "CdtrAcct")?);
            Ok(())
        }
        "CdtrAgt" | "Cdtr" | "CdtrAcct" => Err(repeated(r)),
        "Purp" => children(r, |r, e| match e.name() {
            "Cd" => once(r, &mut purpose, string),
            _ => Err(unsupported(r, "only a purpose code (Cd) is kept")),
        }),
        "RmtInf" => children(r, |r, e| match e.name() {
            "Ustrd" => once(r, &mut remittance, string),
            _ => Err(unsupported(
                r,
                "structured remittance information is not kept: refused rather than lost",
            )),
        }),
        _ => r.skip(),
    })?;
    let end_to_end_id =
        end_to_end.ok_or_else(|| missing(&format!("{}/PmtId", here()), "EndToEndId"))?;
    let amount = amount.ok_or_else(|| missing(&format!("{}/Amt", here()), "InstdAmt"))?;
    let creditor = creditor.ok_or_else(|| missing(&here(), "Cdtr"))?;
    let account = account.ok_or_else(|| missing(&here(), "CdtrAcct"))?;
    let (creditor_account, creditor_alias) = match resolve(
        account,
        &agent.unwrap_or_default(),
        &|| format!("{}/CdtrAcct", here()),
        true,
    )? {
        Ok(account) => (Some(account), None),
        Err(alias) => (None, Some(alias)),
    };
    Ok(CreditTransfer {
        instruction_id: instruction,
        end_to_end_id,
        amount,
        creditor,
        creditor_account,
        creditor_alias,
        purpose,
        remittance_information: remittance,
    })
}

/// A party: `Nm`, `PstlAdr`, `Id/OrgId/Othr` or `Id/PrvtId/Othr`.
fn read_party(r: &mut XmlReader<'_>, tag: &str) -> Result<Party> {
    let mut name = None;
    let mut address = None;
    let mut identifier = None;
    children(r, |r, e| match e.name() {
        "Nm" => once(r, &mut name, string),
        "PstlAdr" if address.is_none() => {
            address = Some(read_address(r)?);
            Ok(())
        }
        "Id" if identifier.is_none() => {
            identifier = Some(read_party_id(r)?);
            Ok(())
        }
        "PstlAdr" | "Id" => Err(repeated(r)),
        _ => r.skip(),
    })?;
    // The party has ended: its location is its parent's and its tag (a party is never
    // repeated, so it has no index).
    let here = || r.location_of(tag);
    let name = name.ok_or_else(|| missing(&here(), "Nm"))?;
    let identifier = identifier.ok_or_else(|| missing(&here(), "Id"))?;
    let party = Party::new(name, identifier).map_err(|e| in_xml(&format!("{}/Nm", here()), e))?;
    Ok(match address {
        Some(address) => party.with_address(address),
        None => party,
    })
}

fn in_xml(location: &str, error: Error) -> Error {
    Error::InXml {
        location: location.to_owned(),
        source: Box::new(error),
    }
}

/// `Id`: `OrgId/Othr` or `PrvtId/Othr` (one of them, its first `Othr`).
fn read_party_id(r: &mut XmlReader<'_>) -> Result<PartyIdentifier> {
    let mut found = None;
    children(r, |r, e| match e.name() {
        "OrgId" | "PrvtId" if found.is_none() => {
            let kind = e.name();
            let mut other = None;
            children(r, |r, e| match e.name() {
                "Othr" if other.is_none() => {
                    let mut id = None;
                    let mut scheme = None;
                    children(r, |r, e| match e.name() {
                        "Id" => once(r, &mut id, string),
                        "SchmeNm" => children(r, |r, _| once(r, &mut scheme, string)),
                        _ => r.skip(),
                    })?;
                    let at = || r.location_of("Othr");
                    let id = id.ok_or_else(|| missing(&at(), "Id"))?;
                    let identifier = PartyIdentifier::new(id)
                        .and_then(|p| match scheme {
                            Some(s) => p.with_scheme(s),
                            None => Ok(p),
                        })
                        .map_err(|e| in_xml(&at(), e))?;
                    other = Some(identifier);
                    Ok(())
                }
                "Othr" => Err(unsupported(r, "the batch keeps one identifier a party")),
                _ => r.skip(),
            })?;
            found = Some(other.ok_or_else(|| missing(&r.location_of(kind), "Othr"))?);
            Ok(())
        }
        _ => Err(repeated(r)),
    })?;
    found.ok_or_else(|| missing(&r.location_of("Id"), "OrgId"))
}

fn read_address(r: &mut XmlReader<'_>) -> Result<PostalAddress> {
    let mut street = None;
    let mut building = None;
    let mut post_code = None;
    let mut town = None;
    let mut region = None;
    let mut country = None;
    let mut lines: Vec<String> = Vec::new();
    children(r, |r, e| match e.name() {
        "StrtNm" => once(r, &mut street, string),
        "BldgNb" => once(r, &mut building, string),
        "PstCd" => once(r, &mut post_code, string),
        "TwnNm" => once(r, &mut town, string),
        "CtrySubDvsn" => once(r, &mut region, string),
        "Ctry" => once(r, &mut country, string),
        "AdrLine" => {
            lines.push(r.text()?.into_owned());
            Ok(())
        }
        _ => r.skip(),
    })?;
    let here = r.location_of("PstlAdr");
    let country = country.ok_or_else(|| missing(&here, "Ctry"))?;
    let build = || -> Result<PostalAddress> {
        let mut address = PostalAddress::new(&country)?;
        if let Some(v) = &street {
            address = address.with_street(v)?;
        }
        if let Some(v) = &building {
            address = address.with_building_number(v)?;
        }
        if let Some(v) = &post_code {
            address = address.with_post_code(v)?;
        }
        if let Some(v) = &town {
            address = address.with_town(v)?;
        }
        if let Some(v) = &region {
            address = address.with_sub_division(v)?;
        }
        for line in &lines {
            address = address.with_line(line)?;
        }
        Ok(address)
    };
    build().map_err(|e| in_xml(&here, e))
}

/// An account's `Id`: `IBAN` (parsed there) or `Othr` (`Id`, `SchmeNm`, `Issr`).
fn read_account(r: &mut XmlReader<'_>, tag: &str) -> Result<RawAccount> {
    let mut found = None;
    children(r, |r, e| match e.name() {
        "Id" if found.is_none() => children(r, |r, e| match e.name() {
            "IBAN" if found.is_none() => {
                found = Some(RawAccount::Iban(r.parse_text(Iban::parse)?));
                Ok(())
            }
            "Othr" if found.is_none() => {
                let mut id = None;
                let mut scheme = None;
                let mut issuer = None;
                children(r, |r, e| match e.name() {
                    "Id" => once(r, &mut id, string),
                    "SchmeNm" => children(r, |r, _| once(r, &mut scheme, string)),
                    "Issr" => once(r, &mut issuer, string),
                    _ => r.skip(),
                })?;
                let id = id.ok_or_else(|| missing(&r.location_of("Othr"), "Id"))?;
                found = Some(RawAccount::Other { id, scheme, issuer });
                Ok(())
            }
            _ => Err(repeated(r)),
        }),
        "Id" => Err(repeated(r)),
        _ => r.skip(),
    })?;
    found.ok_or_else(|| missing(&r.location_of(tag), "Id"))
}

/// An agent's `FinInstnId`: `BICFI` (.09) or `BIC` (.03), `ClrSysMmbId`, `Othr/Id`
/// `NOTPROVIDED`.
fn read_agent(r: &mut XmlReader<'_>) -> Result<Agent> {
    let mut agent = Agent::default();
    children(r, |r, e| match e.name() {
        "FinInstnId" => children(r, |r, e| match e.name() {
            "BICFI" | "BIC" => once(r, &mut agent.bic, Bic::parse),
            "ClrSysMmbId" => {
                let here = r.location();
                let mut system = None;
                let mut member = None;
                children(r, |r, e| match e.name() {
                    "ClrSysId" => children(r, |r, e| match e.name() {
                        "Cd" => once(r, &mut system, string),
                        _ => Err(unsupported(r, "only a clearing system code (Cd) is kept")),
                    }),
                    "MmbId" => once(r, &mut member, string),
                    _ => r.skip(),
                })?;
                let system = system.ok_or_else(|| missing(&here, "ClrSysId"))?;
                let member = member.ok_or_else(|| missing(&here, "MmbId"))?;
                if agent.clearing.is_some() {
                    return Err(repeated(r));
                }
                agent.clearing = Some((system, member));
                Ok(())
            }
            "Othr" => children(r, |r, e| match e.name() {
                "Id" => {
                    let text = r.text()?;
                    if text == NOT_PROVIDED {
                        return Ok(());
                    }
                    Err(Error::Pain001ElementUnsupported {
                        location: r.location_of("Id"),
                        reason: format!(
                            "an agent named by {:?}: the batch names agents by BIC",
                            quote(&text)
                        ),
                    })
                }
                _ => r.skip(),
            }),
            _ => r.skip(),
        }),
        _ => r.skip(),
    })?;
    Ok(agent)
}

/// The account a raw account and its agent make; `Err(alias)` for a creditor alias. `at` writes
/// the account element's location, called only for an error.
fn resolve(
    raw: RawAccount,
    agent: &Agent,
    at: &dyn Fn() -> String,
    creditor: bool,
) -> Result<std::result::Result<Account, Alias>> {
    let (id, scheme, issuer) = match raw {
        RawAccount::Iban(iban) => return Ok(Ok(Account::Iban(iban))),
        RawAccount::Other { id, scheme, issuer } => (id, scheme, issuer),
    };
    let other = || format!("{}/Id/Othr", at());
    let account = match scheme.as_deref() {
        Some(MSISDN_SCHEME) => {
            let provider = issuer.ok_or_else(|| missing(&other(), "Issr"))?;
            Account::MobileMoney(
                MobileMoneyAccount::parse(&id, &provider).map_err(|e| in_xml(&other(), e))?,
            )
        }
        Some(FA_SCHEME) => Account::FinancialAddress(
            FinancialAddress::parse(&id).map_err(|e| in_xml(&format!("{}/Id", other()), e))?,
        ),
        Some(ALIAS_SCHEME) if creditor => {
            return Ok(Err(
                Alias::parse(&id).map_err(|e| in_xml(&format!("{}/Id", other()), e))?
            ));
        }
        _ => match &agent.clearing {
            Some((system, member)) => Account::Bank(
                BankAccount::parse(&id, &format!("{system}:{member}"))
                    .map_err(|e| in_xml(&other(), e))?,
            ),
            None => {
                return Err(Error::Pain001ElementUnsupported {
                    location: other(),
                    reason: format!(
                        "an account {:?} that is not an IBAN needs its agent's clearing code \
                         (ClrSysMmbId) or a scheme of {MSISDN_SCHEME}, {FA_SCHEME}, {ALIAS_SCHEME}",
                        quote(&id)
                    ),
                })
            }
        },
    };
    Ok(Ok(account))
}

/// A rule's error, located at the element the [`Spot`] and the error's kind name.
fn locate_rule(error: Error, spot: Spot) -> Error {
    let location = match (spot.block, spot.transfer) {
        (None, _) => {
            let field = match &error {
                Error::CountMismatch { .. } => "/GrpHdr/NbOfTxs",
                Error::BatchInvalid { .. } => "/GrpHdr/MsgId",
                _ => "/GrpHdr/CtrlSum",
            };
            format!("{INITN}{field}")
        }
        (Some(b), None) => {
            let field = match &error {
                Error::CountMismatch { .. } => "/NbOfTxs",
                Error::DuplicatePaymentInformationId { .. } => "/PmtInfId",
                Error::BatchInvalid { .. } => "",
                _ => "/CtrlSum",
            };
            format!("{INITN}/PmtInf[{}]{field}", b + 1)
        }
        (Some(b), Some(t)) => {
            let field = match &error {
                Error::DuplicateEndToEndId { .. } => "/PmtId/EndToEndId",
                Error::DuplicateInstructionId { .. } => "/PmtId/InstrId",
                Error::BlockCurrencyMismatch { .. } | Error::AmountOverflow { .. } => {
                    "/Amt/InstdAmt"
                }
                _ => "",
            };
            format!("{INITN}/PmtInf[{}]/CdtTrfTxInf[{}]{field}", b + 1, t + 1)
        }
    };
    in_xml(&location, error)
}
