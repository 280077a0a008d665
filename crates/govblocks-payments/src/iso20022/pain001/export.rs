//! A batch written as a pain.001 document (see the [module](super) for the mapping).
//!
//! The batch's rules are checked first ([`Batch::check_rules`]): only a batch whose counts and
//! control sums are right is written. The writer streams into one `String` (no DOM), escaping
//! text and attribute values; proofs are not written (a pain.001 file has no place for them).

use super::{Version, ALIAS_SCHEME, FA_SCHEME, MSISDN_SCHEME, NOT_PROVIDED};
use crate::account::{Account, Bic};
use crate::batch::model::{Batch, CreditTransfer, PaymentBlock, PaymentMethod};
use crate::error::{quote, Error, Result};
use crate::party::Party;

/// The longest `Othr/Id` of an account (`Max34Text`) and `Issr` (`Max35Text`).
const MAX_OTHER_ID: usize = 34;
const MAX_ISSUER: usize = 35;

/// `batch` as a pain.001 document of `version`, UTF-8, with its XML declaration.
///
/// Refused: a batch that breaks a [rule](crate::batch::rules) (its own codes), an account that
/// pain.001 cannot carry (a provider, financial address or alias longer than its element
/// allows: `payments.pain001_element_unsupported`, naming the element of the document).
pub fn export(batch: &Batch, version: Version) -> Result<String> {
    batch.check_rules()?;
    let transfers: usize = batch
        .payment_information
        .iter()
        .map(|b| b.credit_transfers.len())
        .sum();
    let mut w = Writer {
        out: String::with_capacity(1024 + transfers * 640),
        version,
    };
    w.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document xmlns=\"");
    w.out.push_str(version.namespace());
    w.out.push_str("\">\n<CstmrCdtTrfInitn>\n<GrpHdr>");
    let header = &batch.group_header;
    w.leaf("MsgId", &header.message_id);
    w.open("CreDtTm");
    {
        use std::fmt::Write as _;
        let _ = write!(w.out, "{}", header.creation_date_time);
    }
    w.close("CreDtTm");
    w.leaf("NbOfTxs", &header.number_of_transactions);
    w.leaf("CtrlSum", &header.control_sum);
    w.party("InitgPty", &header.initiating_party, false);
    w.out.push_str("</GrpHdr>\n");
    for (b, block) in batch.payment_information.iter().enumerate() {
        w.block(block, b + 1)?;
    }
    w.out.push_str("</CstmrCdtTrfInitn>\n</Document>\n");
    Ok(w.out)
}

struct Writer {
    out: String,
    version: Version,
}

impl Writer {
    fn open(&mut self, tag: &str) {
        self.out.push('<');
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn close(&mut self, tag: &str) {
        self.out.push_str("</");
        self.out.push_str(tag);
        self.out.push('>');
    }

    fn leaf(&mut self, tag: &str, text: &str) {
        self.open(tag);
        escape(&mut self.out, text);
        self.close(tag);
    }

    fn block(&mut self, block: &PaymentBlock, index: usize) -> Result<()> {
        self.out.push_str("<PmtInf>");
        self.leaf("PmtInfId", &block.payment_information_id);
        self.leaf(
            "PmtMtd",
            match block.payment_method {
                PaymentMethod::CreditTransfer => "TRF",
                PaymentMethod::Cheque => "CHK",
                PaymentMethod::TransferAdvice => "TRA",
            },
        );
        self.leaf("NbOfTxs", &block.number_of_transactions);
        self.leaf("CtrlSum", &block.control_sum);
        match self.version {
            Version::V03 => self.leaf("ReqdExctnDt", &block.requested_execution_date),
            Version::V09 => {
                self.open("ReqdExctnDt");
                self.leaf("Dt", &block.requested_execution_date);
                self.close("ReqdExctnDt");
            }
        }
        self.party("Dbtr", &block.debtor, false);
        let at = || format!("{}/PmtInf[{index}]/DbtrAcct", super::INITN);
        self.account("DbtrAcct", &block.debtor_account, &at)?;
        self.agent(
            "DbtrAgt",
            block.debtor_agent.as_ref(),
            &block.debtor_account,
        );
        self.out.push('\n');
        for (t, transfer) in block.credit_transfers.iter().enumerate() {
            self.transfer(transfer, index, t + 1)?;
        }
        self.out.push_str("</PmtInf>\n");
        Ok(())
    }

    fn transfer(&mut self, transfer: &CreditTransfer, block: usize, index: usize) -> Result<()> {
        self.out.push_str("<CdtTrfTxInf><PmtId>");
        if let Some(id) = &transfer.instruction_id {
            self.leaf("InstrId", id);
        }
        self.leaf("EndToEndId", &transfer.end_to_end_id);
        self.out.push_str("</PmtId><Amt><InstdAmt Ccy=\"");
        self.out.push_str(transfer.amount.currency().code());
        self.out.push_str("\">");
        self.out.push_str(&transfer.amount.fixed());
        self.out.push_str("</InstdAmt></Amt>");
        if let Some(Account::Bank(bank)) = &transfer.creditor_account {
            self.out.push_str("<CdtrAgt><FinInstnId>");
            self.clearing(bank.clearing.system(), bank.clearing.member());
            self.out.push_str("</FinInstnId></CdtrAgt>");
        }
        self.party("Cdtr", &transfer.creditor, true);
        let at = || {
            format!(
                "{}/PmtInf[{block}]/CdtTrfTxInf[{index}]/CdtrAcct",
                super::INITN
            )
        };
        match (&transfer.creditor_account, &transfer.creditor_alias) {
            (Some(account), _) => self.account("CdtrAcct", account, &at)?,
            (None, Some(alias)) => {
                self.out.push_str("<CdtrAcct><Id><Othr>");
                self.other_id(alias.as_str(), &at)?;
                self.out.push_str("<SchmeNm><Prtry>");
                self.out.push_str(ALIAS_SCHEME);
                self.out
                    .push_str("</Prtry></SchmeNm></Othr></Id></CdtrAcct>");
            }
            // The rules refuse a transfer with neither.
            (None, None) => {}
        }
        if let Some(purpose) = &transfer.purpose {
            self.out.push_str("<Purp>");
            self.leaf("Cd", purpose);
            self.out.push_str("</Purp>");
        }
        if let Some(info) = &transfer.remittance_information {
            self.out.push_str("<RmtInf>");
            self.leaf("Ustrd", info);
            self.out.push_str("</RmtInf>");
        }
        self.out.push_str("</CdtTrfTxInf>\n");
        Ok(())
    }

    /// A party: `Nm`, `PstlAdr`, `Id/OrgId/Othr` (or `Id/PrvtId/Othr` for a person).
    fn party(&mut self, tag: &str, party: &Party, person: bool) {
        self.open(tag);
        self.leaf("Nm", party.name());
        if let Some(address) = party.postal_address() {
            self.out.push_str("<PstlAdr>");
            let parts = [
                ("StrtNm", address.street()),
                ("BldgNb", address.building_number()),
                ("PstCd", address.post_code()),
                ("TwnNm", address.town()),
                ("CtrySubDvsn", address.sub_division()),
            ];
            for (tag, value) in parts {
                if let Some(value) = value {
                    self.leaf(tag, value);
                }
            }
            self.leaf("Ctry", address.country());
            for line in address.lines() {
                self.leaf("AdrLine", line);
            }
            self.out.push_str("</PstlAdr>");
        }
        let kind = if person { "PrvtId" } else { "OrgId" };
        self.out.push_str("<Id>");
        self.open(kind);
        self.out.push_str("<Othr>");
        let id = party.identifier();
        self.leaf("Id", id.id());
        if let Some(scheme) = id.scheme() {
            self.out.push_str("<SchmeNm>");
            self.leaf("Cd", scheme);
            self.out.push_str("</SchmeNm>");
        }
        self.out.push_str("</Othr>");
        self.close(kind);
        self.out.push_str("</Id>");
        self.close(tag);
    }

    /// An account: `Id/IBAN`, or `Id/Othr` (a bank account's number; a mobile-money number
    /// with its provider as issuer; a financial address), each with its scheme.
    fn account(&mut self, tag: &str, account: &Account, at: &dyn Fn() -> String) -> Result<()> {
        self.open(tag);
        self.out.push_str("<Id>");
        match account {
            Account::Iban(iban) => self.leaf("IBAN", iban.as_str()),
            Account::Bank(bank) => {
                self.out.push_str("<Othr>");
                self.other_id(bank.number.as_str(), at)?;
                self.out.push_str("</Othr>");
            }
            Account::MobileMoney(mobile) => {
                self.out.push_str("<Othr>");
                self.other_id(mobile.msisdn.as_str(), at)?;
                self.out.push_str("<SchmeNm><Prtry>");
                self.out.push_str(MSISDN_SCHEME);
                self.out.push_str("</Prtry></SchmeNm>");
                let provider = mobile.provider.as_str();
                if provider.chars().count() > MAX_ISSUER {
                    return Err(Error::Pain001ElementUnsupported {
                        location: format!("{}/Id/Othr/Issr", at()),
                        reason: format!(
                            "provider {:?} is longer than {MAX_ISSUER} characters (Max35Text)",
                            quote(provider)
                        ),
                    });
                }
                self.leaf("Issr", provider);
                self.out.push_str("</Othr>");
            }
            Account::FinancialAddress(address) => {
                self.out.push_str("<Othr>");
                self.other_id(address.as_str(), at)?;
                self.out.push_str("<SchmeNm><Prtry>");
                self.out.push_str(FA_SCHEME);
                self.out.push_str("</Prtry></SchmeNm></Othr>");
            }
        }
        self.out.push_str("</Id>");
        self.close(tag);
        Ok(())
    }

    /// `Othr/Id`: at most 34 characters.
    fn other_id(&mut self, id: &str, at: &dyn Fn() -> String) -> Result<()> {
        if id.chars().count() > MAX_OTHER_ID {
            return Err(Error::Pain001ElementUnsupported {
                location: format!("{}/Id/Othr/Id", at()),
                reason: format!(
                    "{:?} is longer than {MAX_OTHER_ID} characters (Max34Text)",
                    quote(id)
                ),
            });
        }
        self.leaf("Id", id);
        Ok(())
    }

    /// The debtor's agent (required by the XSD): its BIC, its clearing code for a bank
    /// account, or `Othr/Id` `NOTPROVIDED` when the batch names neither.
    fn agent(&mut self, tag: &str, bic: Option<&Bic>, account: &Account) {
        self.open(tag);
        self.out.push_str("<FinInstnId>");
        let clearing = match account {
            Account::Bank(bank) => Some(&bank.clearing),
            _ => None,
        };
        if let Some(bic) = bic {
            let element = match self.version {
                Version::V03 => "BIC",
                Version::V09 => "BICFI",
            };
            self.leaf(element, bic.as_str());
        }
        if let Some(clearing) = clearing {
            self.clearing(clearing.system(), clearing.member());
        }
        if bic.is_none() && clearing.is_none() {
            self.out.push_str("<Othr>");
            self.leaf("Id", NOT_PROVIDED);
            self.out.push_str("</Othr>");
        }
        self.out.push_str("</FinInstnId>");
        self.close(tag);
    }

    fn clearing(&mut self, system: &str, member: &str) {
        self.out.push_str("<ClrSysMmbId><ClrSysId>");
        self.leaf("Cd", system);
        self.out.push_str("</ClrSysId>");
        self.leaf("MmbId", member);
        self.out.push_str("</ClrSysMmbId>");
    }
}

/// `text` escaped for element content and double-quoted attribute values.
fn escape(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(['&', '<', '>', '"']) {
        out.push_str(&rest[..at]);
        out.push_str(match rest.as_bytes()[at] {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            _ => "&quot;",
        });
        rest = &rest[at + 1..];
    }
    out.push_str(rest);
}
