//! ISO 20022 payment statuses, as a bank reports them in a status report (pain.002):
//! `ExternalPaymentTransactionStatus1Code` for one transfer ([`PaymentStatus`]: `ACSC`
//! settled, `RJCT` rejected, `ACSP` accepted for execution, …) and
//! `ExternalPaymentGroupStatus1Code` for a whole batch or one of its payment information blocks
//! ([`GroupStatus`]: the same and `PART`, partly accepted).
//!
//! Both tables are the code sets of the ISO 20022 external code sets publication of 4Q2023
//! (`4Q2023_ExternalCodeSets_v2.json`, the file the reason codes come from too), vendored under
//! `tests/vectors/iso20022-payment-status-codes/` with its `SOURCE.md`; a test checks each table
//! has exactly its set's codes. A code outside the set is refused
//! (`payments.report_status_unknown` when a report carries it).
//!
//! What a status means for a transfer's life ([`StatusKind`]):
//!
//! | status | kind | in the batch's life |
//! | --- | --- | --- |
//! | `ACSC`, `ACCC`, `CPUC` | [`StatusKind::Settled`] | the transfer's final outcome: paid |
//! | `RJCT`, `CANC` | [`StatusKind::Rejected`] | the transfer's final outcome: refused, with its ISO reason code |
//! | every other (`ACTC`, `ACCP`, `ACSP`, `PDNG`, `RCVD`, `ACWC`, `ACWP`, `BLCK`, …) | [`StatusKind::Interim`] | noted; the transfer stays open |
//!
//! A group status is final in the same way (`ACSC`, `ACCC`: every transfer of the group
//! settled; `RJCT`: every transfer rejected) or interim (`PART` and the rest).

use serde::{Deserialize, Serialize};
use std::fmt;

/// Every `ExternalPaymentTransactionStatus1Code`, sorted, with the first line of its ISO
/// definition.
pub const PAYMENT_STATUSES: &[(&str, &str)] = &[
    ("ACCC", "Settlement on the creditor's account has been completed."),
    ("ACCP", "Preceding check of technical validation was successful. Customer profile check was also successful."),
    ("ACFC", "Preceding check of technical validation and customer profile was successful and an automatic funds check was positive."),
    ("ACIS", "Payment instruction to issue a cheque has been accepted, and the cheque has been issued but not yet been deposited or cleared."),
    ("ACPD", "Status of transaction released from the Debtor Agent and accepted by the clearing."),
    ("ACSC", "Settlement completed."),
    ("ACSP", "All preceding checks such as technical validation and customer profile were successful and therefore the payment instruction has been accepted for execution."),
    ("ACTC", "Authentication and syntactical and semantical validation are successful"),
    ("ACWC", "Instruction is accepted but a change will be made, such as date or remittance not sent."),
    ("ACWP", "Payment instruction included in the credit transfer is accepted without being posted to the creditor customer’s account."),
    ("BLCK", "Payment transaction previously reported with status 'ACWP' is blocked, for example, funds will neither be posted to the Creditor's account, nor be returned to the Debtor."),
    ("CANC", "Payment initiation has been successfully cancelled after having received a request for cancellation."),
    ("CPUC", "Cash has been picked up by the Creditor."),
    ("PATC", "Payment initiation needs multiple authentications, where some but not yet all have been performed. Syntactical and semantical validations are successful."),
    ("PDNG", "Payment instruction is pending. Further checks and status update will be performed."),
    ("PRES", "Request for Payment has been presented to the Debtor."),
    ("RCVD", "Payment instruction has been received."),
    ("RJCT", "Payment instruction has been rejected."),
];

/// Every `ExternalPaymentGroupStatus1Code`, sorted, with the first line of its ISO definition.
pub const GROUP_STATUSES: &[(&str, &str)] = &[
    ("ACCC", "Settlement on the creditor's account has been completed."),
    ("ACCP", "Preceding check of technical validation was successful. Customer profile check was also successful."),
    ("ACSC", "Settlement on the debtor's account has been completed."),
    ("ACSP", "All preceding checks such as technical validation and customer profile were successful and therefore the payment initiation has been accepted for execution."),
    ("ACTC", "Authentication and syntactical and semantical validation are successful"),
    ("ACWC", "Instruction is accepted but a change will be made, such as date or remittance not sent."),
    ("PART", "A number of transactions have been accepted, whereas another number of transactions have not yet achieved"),
    ("PDNG", "Payment initiation or individual transaction included in the payment initiation is pending. Further checks and status update will be performed."),
    ("RCVD", "Payment initiation has been received by the receiving agent"),
    ("RJCT", "Payment initiation or individual transaction included in the payment initiation has been rejected."),
];

/// What a status means for a transfer's life (see the [module](self) documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StatusKind {
    /// Final: paid.
    Settled,
    /// Final: refused (a reason code goes with it).
    Rejected,
    /// Not final.
    Interim,
}

fn kind_of(code: &str) -> StatusKind {
    match code {
        "ACSC" | "ACCC" | "CPUC" => StatusKind::Settled,
        "RJCT" | "CANC" => StatusKind::Rejected,
        _ => StatusKind::Interim,
    }
}

fn find(table: &[(&str, &str)], input: &str) -> Option<usize> {
    table.binary_search_by(|(code, _)| (*code).cmp(input)).ok()
}

macro_rules! status_type {
    ($(#[$doc:meta])* $name:ident, $table:ident, $set:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name {
            index: usize,
        }

        impl $name {
            /// The ISO 20022 code set.
            pub const SET: &'static str = $set;

            /// The status with this code, `None` when the set has no such code (codes are
            /// four upper-case letters; nothing else is looked up).
            pub fn lookup(input: &str) -> Option<$name> {
                find($table, input).map(|index| $name { index })
            }

            /// The code (`ACSC`).
            pub fn code(&self) -> &'static str {
                $table.get(self.index).map_or("", |(code, _)| code)
            }

            /// The first line of its ISO definition.
            pub fn definition(&self) -> &'static str {
                $table.get(self.index).map_or("", |(_, d)| d)
            }

            /// What it means for a transfer's life.
            pub fn kind(&self) -> StatusKind {
                kind_of(self.code())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.code())
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({})", stringify!($name), self.code())
            }
        }

        impl TryFrom<String> for $name {
            type Error = crate::Error;
            fn try_from(s: String) -> crate::Result<$name> {
                $name::lookup(&s).ok_or_else(|| crate::Error::ReportStatusUnknown {
                    location: String::new(),
                    input: crate::error::quote(&s),
                    set: $set,
                })
            }
        }

        impl From<$name> for String {
            fn from(s: $name) -> String {
                s.code().to_owned()
            }
        }
    };
}

status_type!(
    /// A transfer's status, an ISO 20022 `ExternalPaymentTransactionStatus1Code` (see the
    /// [module](self) documentation). Made only by [`PaymentStatus::lookup`] (and serde).
    PaymentStatus,
    PAYMENT_STATUSES,
    "ExternalPaymentTransactionStatus1Code"
);

status_type!(
    /// A group's or block's status, an ISO 20022 `ExternalPaymentGroupStatus1Code` (see the
    /// [module](self) documentation). Made only by [`GroupStatus::lookup`] (and serde).
    GroupStatus,
    GROUP_STATUSES,
    "ExternalPaymentGroupStatus1Code"
);

impl GroupStatus {
    /// The transfer status a final group status gives every transfer of its group not reported
    /// on its own (`ACSC`, `ACCC`, `RJCT`); `None` for an interim one (`PART`, `ACTC`, …).
    pub fn for_transfers(&self) -> Option<PaymentStatus> {
        match self.kind() {
            StatusKind::Interim => None,
            _ => PaymentStatus::lookup(self.code()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_kinds_right() {
        for table in [PAYMENT_STATUSES, GROUP_STATUSES] {
            assert!(table.windows(2).all(|w| w[0].0 < w[1].0));
        }
        let kind = |c| PaymentStatus::lookup(c).unwrap().kind();
        assert_eq!(kind("ACSC"), StatusKind::Settled);
        assert_eq!(kind("RJCT"), StatusKind::Rejected);
        assert_eq!(kind("ACSP"), StatusKind::Interim);
        assert!(PaymentStatus::lookup("PART").is_none());
        assert!(PaymentStatus::lookup("acsc").is_none());
        let part = GroupStatus::lookup("PART").unwrap();
        assert_eq!(part.for_transfers(), None);
        let rjct = GroupStatus::lookup("RJCT").unwrap();
        assert_eq!(rjct.for_transfers().unwrap().code(), "RJCT");
    }
}
