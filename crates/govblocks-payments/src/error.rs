//! The one error type of `govblocks-payments`.
//!
//! Every variant has a stable dotted code ([`Error::code`], all of them in [`CODES`] and pinned
//! in `tests/error_codes.txt`); core's errors keep their own codes (`json.*`, `proof.*`, …).
//! Render any of them with [`govblocks_core::error::error_object`], as the CLI does.
//!
//! Messages quote the refused input, cut to [`QUOTE_LIMIT`] characters, so that an error built
//! from a hostile megabyte stays small.

use govblocks_core::coded_error;

/// How many characters of a refused input an error message quotes (the rest is elided).
pub const QUOTE_LIMIT: usize = 48;

/// Everything that can go wrong with money, accounts, aliases, parties, batches and approval.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),

    // ---- currencies ----------------------------------------------------------------------------
    /// Not an alphabetic code of ISO 4217 list one (three upper-case letters of a current
    /// currency).
    #[error("{input:?} is not an ISO 4217 currency code")]
    CurrencyUnknown {
        /// The input, quoted.
        input: String,
    },
    /// An ISO 4217 code whose minor unit is "N.A." (gold, SDR, the testing and "no currency"
    /// codes, …): not a currency a payment can be made in.
    #[error("{code} has no minor unit in ISO 4217 and cannot be used for payments")]
    CurrencyNoMinorUnit {
        /// The currency code.
        code: String,
    },
    /// Two amounts in different currencies added, subtracted or compared.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch {
        /// The first amount's currency.
        left: String,
        /// The second amount's currency.
        right: String,
    },

    // ---- amounts -------------------------------------------------------------------------------
    /// Not a decimal amount: empty, a character other than digits and one `.`, a leading `+`,
    /// leading zeros, a `.` without digits on both sides, white space.
    #[error("{input:?} is not an amount: {reason}")]
    AmountInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A negative amount (a leading `-`, even on zero).
    #[error("{input:?} is negative: amounts are never negative")]
    AmountNegative {
        /// The input, quoted.
        input: String,
    },
    /// An amount written with an exponent (`1e3`, `1.5E+2`).
    #[error("{input:?} has an exponent: amounts are plain decimals")]
    AmountExponent {
        /// The input, quoted.
        input: String,
    },
    /// More decimals than the currency's minor unit allows (`12.345` USD, `1.0` JPY), trailing
    /// zeros included.
    #[error("{input:?} has {decimals} decimals, {currency} allows {allowed}")]
    AmountTooManyDecimals {
        /// The input, quoted.
        input: String,
        /// The decimals it has.
        decimals: usize,
        /// The currency.
        currency: String,
        /// The currency's minor unit.
        allowed: u8,
    },
    /// More than [`MAX_DIGITS`](crate::money::MAX_DIGITS) significant digits (counted in the
    /// fixed form, in minor units: `ISO 20022`'s `totalDigits` of an amount).
    #[error("{input:?} has more than 18 significant digits")]
    AmountTooManyDigits {
        /// The input, quoted.
        input: String,
    },
    /// Arithmetic whose result has more than 18 significant digits, or is below zero.
    #[error("{operation} overflows: the result would {reason}")]
    AmountOverflow {
        /// The operation (`add`, `sub`, `mul`, `sum`).
        operation: &'static str,
        /// `exceed 18 significant digits` or `be negative`.
        reason: &'static str,
    },

    // ---- accounts ------------------------------------------------------------------------------
    /// Not shaped like an IBAN (ISO 13616): two letters, two check digits, up to 30 letters and
    /// digits, optionally in groups separated by spaces (lower case is accepted).
    #[error("{input:?} is not an IBAN: {reason}")]
    IbanFormat {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// The IBAN's check digits are wrong (ISO 7064 mod 97-10), or are `00` or `01`, which no
    /// IBAN has.
    #[error("{input:?}: the IBAN check digits are wrong")]
    IbanChecksum {
        /// The IBAN, quoted.
        input: String,
    },
    /// The IBAN's country is not in the SWIFT IBAN registry.
    #[error("{input:?}: {country} does not issue IBANs (not in the IBAN registry)")]
    IbanCountry {
        /// The IBAN, quoted.
        input: String,
        /// Its first two letters.
        country: String,
    },
    /// The IBAN's length or BBAN structure is not the one the IBAN registry gives its country
    /// (a German IBAN of 21 characters, letters where the registry has digits).
    #[error("{input:?}: not the length and structure the IBAN registry gives {country}")]
    IbanStructure {
        /// The IBAN, quoted.
        input: String,
        /// Its country.
        country: String,
    },
    /// Not a BIC (ISO 9362): 4 letters or digits (the party prefix), 2 letters (the country),
    /// 2 letters or digits (the location), then optionally 3 (the branch): 8 or 11 in all.
    #[error("{input:?} is not a BIC: {reason}")]
    BicInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not an E.164 number (an optional `+`, then 7 to 15 digits, the first not `0`).
    #[error("{input:?} is not an E.164 MSISDN: {reason}")]
    MsisdnInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not a provider identifier (1 to 64 of `A-Z a-z 0-9 . - _`).
    #[error("{input:?} is not a provider identifier: {reason}")]
    ProviderInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not a bank account number (1 to 34 letters and digits, ISO 20022's `Max34Text` of an
    /// account's other identification, without spaces).
    #[error("{input:?} is not a bank account number: {reason}")]
    AccountNumberInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not a clearing code: a clearing system (1 to 5 upper-case letters or digits, ISO 20022's
    /// `ExternalClearingSystemIdentification1Code`) and a member id (1 to 35 letters and
    /// digits), written `SYSTEM:MEMBER`.
    #[error("{input:?} is not a clearing code: {reason}")]
    ClearingCodeInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not a G2P Connect financial address (`id-type:id@provider` or `id@provider`).
    #[error("{input:?} is not a financial address: {reason}")]
    FinancialAddressInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not an alias (a functional id such as a national-ID token: 1 to 64 printable ASCII
    /// characters, no white space).
    #[error("{input:?} is not an alias: {reason}")]
    AliasInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A payment modality code other than the GovStack Payments BB's `00` to `04`.
    #[error("{input:?} is not a payment modality (00 bank account, 01 mobile money, 02 voucher, 03 digital wallet, 04 proxy)")]
    ModalityUnknown {
        /// The input, quoted.
        input: String,
    },
    /// An account that the modality cannot pay (a mobile-money account under `00`, an IBAN
    /// under `01`).
    #[error("modality {modality} cannot pay a {account} account")]
    ModalityMismatch {
        /// The modality's code.
        modality: &'static str,
        /// The kind of account.
        account: &'static str,
    },

    // ---- the account mapper --------------------------------------------------------------------
    /// The account mapper knows no account for this alias (of this transfer, when a batch
    /// was being verified).
    #[error(
        "no account is registered for alias {alias:?}{}",
        transfer_of(end_to_end_id)
    )]
    AliasUnknown {
        /// The alias.
        alias: String,
        /// The end-to-end id of the transfer that names it, quoted, when the alias was
        /// resolved while verifying a batch.
        end_to_end_id: Option<String>,
    },
    /// The alias is registered already (GovStack: "Beneficiary already registered"); update it
    /// instead.
    #[error("alias {alias:?} is registered already")]
    AliasRegistered {
        /// The alias.
        alias: String,
    },
    /// The account mapper could not answer (a remote mapper unreachable, a poisoned lock).
    #[error("the account mapper failed: {reason}")]
    MapperFailed {
        /// Why.
        reason: String,
    },

    // ---- parties -------------------------------------------------------------------------------
    /// A party that breaks a rule of its shape (an empty name, a name over 140 characters, an
    /// identifier over 35).
    #[error("invalid party: {reason}")]
    PartyInvalid {
        /// What is wrong.
        reason: String,
    },
    /// A postal address that breaks a rule of its shape (no country, a country that is not ISO
    /// 3166-1 alpha-2, more than 7 address lines, a line over 70 characters).
    #[error("invalid postal address: {reason}")]
    AddressInvalid {
        /// What is wrong.
        reason: String,
    },

    // ---- batches -------------------------------------------------------------------------------
    /// A batch that breaks a rule of its shape the schema cannot state, or that the builder
    /// refuses: an identifier that is not 1 to 35 characters of text, a block without
    /// transfers, a zero amount, a transfer with both or neither of a creditor account and
    /// alias, a date that does not exist, a batch without blocks, a batch signed already.
    #[error("invalid batch: {reason}")]
    BatchInvalid {
        /// What is wrong (naming the block or transfer).
        reason: String,
    },
    /// A declared number of transactions that is not the count of the transfers (of a block,
    /// named, or of the whole batch when `block` is `None`).
    #[error(
        "{}: numberOfTransactions is {declared:?}, the transfers number {computed}",
        where_(block)
    )]
    CountMismatch {
        /// The block's `paymentInformationId`, or `None` for the group header.
        block: Option<String>,
        /// The declared count, quoted.
        declared: String,
        /// The count of the transfers.
        computed: u64,
    },
    /// A declared control sum that is not the exact sum of the amounts (of a block, named, or
    /// of the whole batch when `block` is `None`).
    #[error(
        "{}: controlSum is {declared:?}, the amounts add up to {computed}",
        where_(block)
    )]
    ControlSumMismatch {
        /// The block's `paymentInformationId`, or `None` for the group header.
        block: Option<String>,
        /// The declared control sum, quoted.
        declared: String,
        /// The exact sum, in the fixed form.
        computed: String,
    },
    /// A transfer whose currency is not its block's (a block's transfers share one currency:
    /// the currency of its first transfer).
    #[error(
        "block {block:?}: transfer {end_to_end_id:?} is in {found}, the block is in {expected}"
    )]
    BlockCurrencyMismatch {
        /// The block's `paymentInformationId`.
        block: String,
        /// The transfer's end-to-end id.
        end_to_end_id: String,
        /// The block's currency.
        expected: String,
        /// The transfer's currency.
        found: String,
    },
    /// An end-to-end id used by two transfers of one batch.
    #[error("end-to-end id {id:?} is used twice in the batch")]
    DuplicateEndToEndId {
        /// The id, quoted.
        id: String,
    },
    /// An instruction id used by two transfers of one batch.
    #[error("instruction id {id:?} is used twice in the batch")]
    DuplicateInstructionId {
        /// The id, quoted.
        id: String,
    },
    /// A payment information id used by two blocks of one batch.
    #[error("payment information id {id:?} is used twice in the batch")]
    DuplicatePaymentInformationId {
        /// The id, quoted.
        id: String,
    },

    // ---- approval ------------------------------------------------------------------------------
    /// An approval policy that breaks a rule of its shape: no maker or checker, zero approvals,
    /// a threshold that is not a decimal, a key that belongs to two people.
    #[error("invalid approval policy: {reason}")]
    PolicyInvalid {
        /// What is wrong.
        reason: String,
    },
    /// Fewer distinct approvers (people, not keys) than the policy asks for this batch (its
    /// count, raised by the thresholds the control sum passes), or no approver at all.
    #[error("the batch needs {required} approval(s) by distinct people, it has {found}")]
    ApprovalMissing {
        /// The approvals the policy asks for this batch.
        required: u32,
        /// The distinct people who approved.
        found: u32,
    },
    /// A checker who is the maker: the same key, or another key of the same person.
    #[error("{signer} approves a batch that {person:?} made")]
    SelfApproval {
        /// The checker's key (DID).
        signer: String,
        /// The person, as the policy names them (or the maker's DID when the policy does not).
        person: String,
    },
    /// A signer who signed in a role the policy does not give them (a maker who is not among
    /// the makers, a checker who is not among the checkers).
    #[error("{signer} may not sign a batch as {role}")]
    RoleNotAllowed {
        /// The signer (DID).
        signer: String,
        /// `maker` or `checker`.
        role: &'static str,
    },

    // ---- the hub -------------------------------------------------------------------------------
    /// A batch whose message id the hub accepted before (a replay, or a resubmission).
    #[error("batch {message_id:?} was accepted before")]
    BatchReplayed {
        /// The batch's message id, quoted.
        message_id: String,
    },
    /// A batch holding a transfer whose end-to-end id the hub accepted before (in an earlier
    /// batch, or earlier in this one).
    #[error("transfer {end_to_end_id:?} of batch {message_id:?} was accepted before")]
    TransferReplayed {
        /// The transfer's end-to-end id, quoted.
        end_to_end_id: String,
        /// The batch's message id, quoted.
        message_id: String,
    },
    /// The store of accepted ids failed (or refused an id, e.g. too long): the batch is
    /// refused, never accepted unremembered.
    #[error("the store of accepted batches failed: {0}")]
    ReplayStore(#[source] govblocks_store::Error),

    // ---- the batch's life ----------------------------------------------------------------------
    /// An error of the payment log's store (`store.*`: a lost compare-and-append, a tampered or
    /// foreign file, storage); its code is the store's (`store.tampered` for an entry changed,
    /// removed or reordered behind the log's back).
    #[error(transparent)]
    Store(#[from] govblocks_store::Error),
    /// A logged event that is not what its kind requires (a `rejected` event without a reason,
    /// a member of another kind), that names another batch than its stream, or whose
    /// `previous` is not the digest of the entry before it.
    #[error("invalid payment event: {reason}")]
    EventInvalid {
        /// What is wrong (naming the batch and the entry).
        reason: String,
    },
    /// An event the batch's life does not allow at this point: anything before `received`, a
    /// second `received` or `verified`, `approved` before `verified` or after `released`,
    /// `released` before a checker's approval or twice, an outcome before `released`, an event
    /// dated before the one it follows.
    #[error("batch {message_id:?}: {event} {reason}")]
    EventOutOfOrder {
        /// The batch's message id, quoted.
        message_id: String,
        /// The event refused.
        event: &'static str,
        /// Why (`before verified`, `after released`, …).
        reason: String,
    },
    /// An outcome for a transfer the batch does not hold.
    #[error("batch {message_id:?} holds no transfer {end_to_end_id:?}")]
    TransferNotInBatch {
        /// The transfer's end-to-end id, quoted.
        end_to_end_id: String,
        /// The batch's message id, quoted.
        message_id: String,
    },
    /// A second final outcome for one transfer (settled then rejected, or settled twice).
    #[error("transfer {end_to_end_id:?} is {outcome} already")]
    OutcomeRepeated {
        /// The transfer's end-to-end id, quoted.
        end_to_end_id: String,
        /// Its outcome so far (`settled`, `rejected`).
        outcome: &'static str,
    },
    /// A reason code that is not one of ISO 20022's `ExternalStatusReason1Code` (four
    /// upper-case letters or digits, in the vendored code set).
    #[error("{input:?} is not an ISO 20022 status reason code (ExternalStatusReason1Code)")]
    ReasonCodeUnknown {
        /// The input, quoted.
        input: String,
    },
    /// No batch with this message id has a life in the payment log.
    #[error("the payment log holds no batch {message_id:?}")]
    BatchUnknown {
        /// The message id, quoted.
        message_id: String,
    },
    /// No transfer with this end-to-end id is in the payment log.
    #[error("the payment log holds no transfer {end_to_end_id:?}")]
    TransferUnknown {
        /// The end-to-end id, quoted.
        end_to_end_id: String,
    },

    // ---- ISO 20022 XML files (crate::iso20022): the bounded reader, then pain.001 -------------
    /// An XML file, or one text of it, larger than the reader's limit
    /// ([`Limits`](crate::iso20022::xml::Limits)).
    #[error("{what} is {size} bytes, more than the limit of {limit}")]
    XmlTooLarge {
        /// `the document`, or the location of the element whose text is too long.
        what: String,
        /// Its size in bytes (for a text, at least this).
        size: usize,
        /// The limit.
        limit: usize,
    },
    /// Elements nested deeper than the reader's limit.
    #[error("{location}: elements nested deeper than {limit}")]
    XmlTooDeep {
        /// The XPath-like location of the element that passes the limit.
        location: String,
        /// The limit.
        limit: usize,
    },
    /// A document type declaration (`<!DOCTYPE …>`): never processed, so no entity is ever
    /// declared or expanded (a billion-laughs file stops here).
    #[error("{location}: a document type declaration (DOCTYPE) is refused")]
    XmlDoctype {
        /// Where it was found.
        location: String,
    },
    /// A reference to an entity other than XML's five predefined ones (`&lt;` `&gt;` `&amp;`
    /// `&apos;` `&quot;`) and character references: nothing declares it (DOCTYPE is refused).
    #[error("{location}: undeclared entity &{name};")]
    XmlEntity {
        /// The element whose text or attribute holds it.
        location: String,
        /// The entity's name, quoted.
        name: String,
    },
    /// Not well-formed XML (or not UTF-8, or text where an element belongs).
    #[error("{location}: malformed XML: {reason}")]
    XmlMalformed {
        /// The location of the innermost open element (`/` before the root).
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// An error found in one element of an XML file: its code, position and details are the
    /// wrapped error's, the location names the element (`/Document/CstmrCdtTrfInitn/PmtInf[2]/
    /// CdtTrfTxInf[5]/Amt/InstdAmt`).
    #[error("{location}: {source}")]
    InXml {
        /// The XPath-like location of the element.
        location: String,
        /// What is wrong there.
        source: Box<Error>,
    },
    /// A pain.001 document whose root namespace is not one this crate reads (pain.001.001.03,
    /// its Swiss variant, or pain.001.001.09).
    #[error("{namespace:?} is not a supported pain.001 version (pain.001.001.03 or .09)")]
    Pain001VersionUnsupported {
        /// The root element's namespace, quoted (empty when it has none).
        namespace: String,
    },
    /// A pain.001 element that the XSD requires (or the batch model needs) is absent.
    #[error("{location}: {element} is missing")]
    Pain001ElementMissing {
        /// The location of the element that should hold it.
        location: String,
        /// The missing element's name.
        element: &'static str,
    },
    /// A pain.001 element the batch cannot hold as written: repeated where the XSD allows it
    /// once, a choice the batch model has no member for (an equivalent amount, an execution
    /// date and time), a root element other than `Document/CstmrCdtTrfInitn`.
    #[error("{location}: {reason}")]
    Pain001ElementUnsupported {
        /// The element's location.
        location: String,
        /// Why.
        reason: String,
    },

    // ==== issue 18, points 5 and 6 (helper i18-pain002): Mojaloop conditions (`mojaloop`) and
    // ==== ISO 20022 pain.002 status reports (`iso20022::pain002`, `lifecycle`) ===============
    /// An amount that is not in Mojaloop's minimal form (`5.50`, `5.0`): Mojaloop's `Amount`
    /// pattern allows no trailing zero and no bare point.
    #[error("{input:?} is not in Mojaloop's minimal form (write {minimal:?})")]
    AmountNotMinimal {
        /// The input, quoted.
        input: String,
        /// The same amount in the minimal form.
        minimal: String,
    },
    /// Not a Mojaloop (ILP) condition: 43 characters of canonical base64url without padding
    /// (32 bytes).
    #[error("{input:?} is not an ILP condition: {reason}")]
    ConditionInvalid {
        /// The input, quoted.
        input: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// Not a Mojaloop (ILP) fulfilment: 43 characters of canonical base64url without padding
    /// (32 bytes).
    #[error("the input is not an ILP fulfilment: {reason}")]
    FulfilmentInvalid {
        /// What is wrong (the input is not kept: a padded or re-spelled fulfilment is still
        /// the payee's secret).
        reason: &'static str,
    },
    /// A fulfilment whose SHA-256 is not the transfer's condition.
    #[error("the fulfilment does not fulfil condition {condition}")]
    ConditionNotFulfilled {
        /// The condition, base64url.
        condition: String,
    },
    /// A fulfilment shown after the conditional transfer's expiration.
    #[error("conditional transfer {end_to_end_id:?} expired at {expiration}")]
    TransferExpired {
        /// The transfer's end-to-end id, quoted.
        end_to_end_id: String,
        /// When it expired.
        expiration: String,
    },
    /// A status report (pain.002.001.10) that is not one: not well-formed or bounded XML, another
    /// message or version, a required element missing, an element out of place, a value that
    /// breaks its XSD type (a text over its length, a date, a count).
    #[error("{location}: {reason}")]
    ReportInvalid {
        /// Where (XPath-like: `/Document/CstmrPmtStsRpt/OrgnlPmtInfAndSts[2]/TxInfAndSts[1]`).
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// A status that is not an ISO 20022 code of its set: `ExternalPaymentTransactionStatus1Code`
    /// for a transaction, `ExternalPaymentGroupStatus1Code` for a group or payment information
    /// block.
    #[error("{location}: {input:?} is not an ISO 20022 {set}")]
    ReportStatusUnknown {
        /// Where.
        location: String,
        /// The status, quoted.
        input: String,
        /// The code set.
        set: &'static str,
    },
    /// A rejection (`RJCT`, `CANC`) without an ISO 20022 reason code (`StsRsnInf/Rsn/Cd`): none,
    /// or only a proprietary one.
    #[error("{location}: a {status} status without an ISO 20022 reason code (StsRsnInf/Rsn/Cd)")]
    ReportReasonMissing {
        /// Where.
        location: String,
        /// The status.
        status: String,
    },
    /// A report whose `OrgnlMsgId` names no batch of the payment log (or not the batch it is
    /// imported for).
    #[error("{location}: the report is about batch {message_id:?}, {reason}")]
    ReportBatchUnknown {
        /// Where (`…/OrgnlGrpInfAndSts/OrgnlMsgId`).
        location: String,
        /// The `OrgnlMsgId`, quoted.
        message_id: String,
        /// Why (`the payment log holds no such batch`, `not batch "MSG-1"`).
        reason: String,
    },
    /// A report that names an original message other than a pain.001, or whose original
    /// figures (`OrgnlNbOfTxs`, `OrgnlCtrlSum`, of the group or of a block) are not the batch's.
    #[error("{location}: {reason}")]
    ReportBatchMismatch {
        /// Where.
        location: String,
        /// What differs.
        reason: String,
    },
    /// An `OrgnlPmtInfId` that is not a payment information block of the batch.
    #[error("{location}: batch {message_id:?} has no payment information block {payment_information_id:?}")]
    ReportBlockUnknown {
        /// Where.
        location: String,
        /// The `OrgnlPmtInfId`, quoted.
        payment_information_id: String,
        /// The batch's message id, quoted.
        message_id: String,
    },
    /// An `OrgnlEndToEndId` that is not a transfer of the batch (or of the block it is reported
    /// under), or a transaction status without one.
    #[error(
        "{location}: batch {message_id:?} holds no transfer {end_to_end_id:?}{}",
        block_of(block)
    )]
    ReportTransferUnknown {
        /// Where.
        location: String,
        /// The `OrgnlEndToEndId`, quoted (empty when missing).
        end_to_end_id: String,
        /// The batch's message id, quoted.
        message_id: String,
        /// The block it was reported under, when the batch holds the transfer in another one.
        block: Option<String>,
    },
    /// One end-to-end id given two statuses in one report.
    #[error("{location}: transfer {end_to_end_id:?} is reported twice")]
    ReportTransferRepeated {
        /// Where (the second one).
        location: String,
        /// The end-to-end id, quoted.
        end_to_end_id: String,
    },
    /// A report (by its `GrpHdr/MsgId`) the batch's life holds already.
    #[error("report {report_id:?} of batch {message_id:?} is recorded already")]
    ReportRepeated {
        /// The report's message id, quoted.
        report_id: String,
        /// The batch's message id, quoted.
        message_id: String,
    },
    /// A transaction status that contradicts the final status of its group or block (`ACSC`
    /// under a rejected group).
    #[error("{location}: {reason}")]
    ReportInconsistent {
        /// Where.
        location: String,
        /// What contradicts what.
        reason: String,
    },

    // ---- payment formats: GovStack bulk payment, G2P Connect disbursement ----------------------
    // (`crate::formats`; kept apart from the other blocks of this enum.)
    /// A GovStack Payments BB document (the bulk-payment request, a per-bank sub-batch of
    /// credit instructions) that is not its published shape: a member missing, of the wrong
    /// type or too long, an unknown or repeated key of a `creditParty`/`debitParty` list, an
    /// amount that is not a JSON number.
    #[error("GovStack bulk payment, {location}: {reason}")]
    GovStackInvalid {
        /// Where, as a JSON Pointer into the document (`/3/creditParty/0/key`).
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// A G2P Connect (SPDCI) disbursement document (`DisburseRequest`, `DisburseResponse`)
    /// that is not its published shape (with the corrections `docs/DESIGN.md` lists): a member
    /// missing, of the wrong type or too long, an unknown status or reason code, a
    /// `scheduled_timestamp` that is not a date-time.
    #[error("G2P Connect disbursement, {location}: {reason}")]
    G2pInvalid {
        /// Where, as a JSON Pointer into the document (`/disbursements/0/payee_fa`).
        location: String,
        /// What is wrong.
        reason: String,
    },
    /// A batch holding something the target shape cannot carry without changing it: an id
    /// longer than the shape allows, a text over its limit, an alias where the shape needs an
    /// account, blocks the shape would merge.
    #[error("{shape} cannot carry {location}: {reason}")]
    ShapeUnrepresentable {
        /// The target shape (`GovStack bulk payment`, `G2P Connect DisburseRequest`, …).
        shape: &'static str,
        /// What in the batch (`transfer "E2E-1" endToEndId`).
        location: String,
        /// Why.
        reason: String,
    },
}

/// `Result` with this crate's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

/// ", transfer X" or nothing, for a message.
fn transfer_of(end_to_end_id: &Option<String>) -> String {
    match end_to_end_id {
        Some(id) => format!(" (transfer {id:?})"),
        None => String::new(),
    }
}

/// " (reported under block X)" or nothing, for a message.
fn block_of(block: &Option<String>) -> String {
    match block {
        Some(id) => format!(" under block {id:?}"),
        None => String::new(),
    }
}

/// "block X" or "the batch", for a message.
fn where_(block: &Option<String>) -> String {
    match block {
        Some(id) => format!("block {id:?}"),
        None => "the batch".to_owned(),
    }
}

/// `input`, cut to [`QUOTE_LIMIT`] characters (`…` marks the cut), for a message.
pub(crate) fn quote(input: &str) -> String {
    match input.char_indices().nth(QUOTE_LIMIT) {
        None => input.to_owned(),
        Some((at, _)) => format!("{}…", &input[..at]),
    }
}

coded_error! {
    impl Error {
        wraps {
            Error::Core(e) => e,
            Error::Store(e) => e,
            Error::InXml { source, .. } => source.as_ref(),
        }
        codes {
            Error::AccountNumberInvalid { .. } => "payments.account_number_invalid",
            Error::AddressInvalid { .. } => "payments.address_invalid",
            Error::AliasInvalid { .. } => "payments.alias_invalid",
            Error::AliasRegistered { .. } => "payments.alias_registered",
            Error::AliasUnknown { .. } => "payments.alias_unknown",
            Error::AmountExponent { .. } => "payments.amount_exponent",
            Error::AmountInvalid { .. } => "payments.amount_invalid",
            Error::AmountNegative { .. } => "payments.amount_negative",
            Error::AmountNotMinimal { .. } => "payments.amount_not_minimal",
            Error::AmountOverflow { .. } => "payments.amount_overflow",
            Error::AmountTooManyDecimals { .. } => "payments.amount_too_many_decimals",
            Error::AmountTooManyDigits { .. } => "payments.amount_too_many_digits",
            Error::ApprovalMissing { .. } => "payments.approval_missing",
            Error::BatchInvalid { .. } => "payments.batch_invalid",
            Error::BatchReplayed { .. } => "payments.batch_replayed",
            Error::BatchUnknown { .. } => "payments.batch_unknown",
            Error::BicInvalid { .. } => "payments.bic_invalid",
            Error::BlockCurrencyMismatch { .. } => "payments.block_currency_mismatch",
            Error::ClearingCodeInvalid { .. } => "payments.clearing_code_invalid",
            Error::ConditionInvalid { .. } => "payments.condition_invalid",
            Error::ConditionNotFulfilled { .. } => "payments.condition_not_fulfilled",
            Error::ControlSumMismatch { .. } => "payments.control_sum_mismatch",
            Error::CountMismatch { .. } => "payments.count_mismatch",
            Error::CurrencyMismatch { .. } => "payments.currency_mismatch",
            Error::CurrencyNoMinorUnit { .. } => "payments.currency_no_minor_unit",
            Error::CurrencyUnknown { .. } => "payments.currency_unknown",
            Error::DuplicateEndToEndId { .. } => "payments.duplicate_end_to_end_id",
            Error::DuplicateInstructionId { .. } => "payments.duplicate_instruction_id",
            Error::DuplicatePaymentInformationId { .. } => "payments.duplicate_payment_information_id",
            Error::EventInvalid { .. } => "payments.event_invalid",
            Error::EventOutOfOrder { .. } => "payments.event_out_of_order",
            Error::FinancialAddressInvalid { .. } => "payments.financial_address_invalid",
            Error::FulfilmentInvalid { .. } => "payments.fulfilment_invalid",
            Error::G2pInvalid { .. } => "payments.g2p_invalid",
            Error::GovStackInvalid { .. } => "payments.govstack_invalid",
            Error::IbanChecksum { .. } => "payments.iban_checksum",
            Error::IbanCountry { .. } => "payments.iban_country",
            Error::IbanFormat { .. } => "payments.iban_format",
            Error::IbanStructure { .. } => "payments.iban_structure",
            Error::MapperFailed { .. } => "payments.mapper_failed",
            Error::ModalityMismatch { .. } => "payments.modality_mismatch",
            Error::ModalityUnknown { .. } => "payments.modality_unknown",
            Error::MsisdnInvalid { .. } => "payments.msisdn_invalid",
            Error::OutcomeRepeated { .. } => "payments.outcome_repeated",
            Error::Pain001ElementMissing { .. } => "payments.pain001_element_missing",
            Error::Pain001ElementUnsupported { .. } => "payments.pain001_element_unsupported",
            Error::Pain001VersionUnsupported { .. } => "payments.pain001_version_unsupported",
            Error::PartyInvalid { .. } => "payments.party_invalid",
            Error::PolicyInvalid { .. } => "payments.policy_invalid",
            Error::ProviderInvalid { .. } => "payments.provider_invalid",
            Error::ReasonCodeUnknown { .. } => "payments.reason_code_unknown",
            Error::ReplayStore(_) => "payments.replay_store",
            Error::ReportBatchMismatch { .. } => "payments.report_batch_mismatch",
            Error::ReportBatchUnknown { .. } => "payments.report_batch_unknown",
            Error::ReportBlockUnknown { .. } => "payments.report_block_unknown",
            Error::ReportInconsistent { .. } => "payments.report_inconsistent",
            Error::ReportInvalid { .. } => "payments.report_invalid",
            Error::ReportReasonMissing { .. } => "payments.report_reason_missing",
            Error::ReportRepeated { .. } => "payments.report_repeated",
            Error::ReportStatusUnknown { .. } => "payments.report_status_unknown",
            Error::ReportTransferRepeated { .. } => "payments.report_transfer_repeated",
            Error::ReportTransferUnknown { .. } => "payments.report_transfer_unknown",
            Error::RoleNotAllowed { .. } => "payments.role_not_allowed",
            Error::SelfApproval { .. } => "payments.self_approval",
            Error::ShapeUnrepresentable { .. } => "payments.shape_unrepresentable",
            Error::TransferExpired { .. } => "payments.transfer_expired",
            Error::TransferNotInBatch { .. } => "payments.transfer_not_in_batch",
            Error::TransferReplayed { .. } => "payments.transfer_replayed",
            Error::TransferUnknown { .. } => "payments.transfer_unknown",
            Error::XmlDoctype { .. } => "payments.xml_doctype",
            Error::XmlEntity { .. } => "payments.xml_entity",
            Error::XmlMalformed { .. } => "payments.xml_malformed",
            Error::XmlTooDeep { .. } => "payments.xml_too_deep",
            Error::XmlTooLarge { .. } => "payments.xml_too_large",
        }
    }
    impl CodedError {}
}

/// Every code of this crate's own variants, sorted: [`Error::CODES`], from the one table that
/// makes [`Error::code`]; pinned by `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;
