//! Signing and approving batches: a maker signs, checkers co-sign the maker's proof (a proof
//! chain, `previousProof`), and an [`ApprovalPolicy`] says who may sign in which role and how
//! many distinct people must approve.
//!
//! A [`Batch`] is a [`Document`] of core's one pipeline: eddsa-jcs-2022 proofs, the schema
//! `schemas/payments/v1/batch.json`, the [batch rules](crate::batch::rules) as its
//! [`Document::check`]. [`BatchVerifier::verify`] runs that pipeline and then the policy as the
//! hook (the policy is the caller's state, not the document's), then the caller's own hook:
//! a [`Verified<Batch>`] comes out only when every proof verified, every figure added up and
//! the policy is met.
//!
//! # The proof chain
//!
//! [`sign_as_maker`] adds the maker's proof, with the id [`MAKER_PROOF_ID`] and no
//! `previousProof`; [`approve`] adds a checker's proof whose `previousProof` is the maker's id
//! (VC Data Integrity §2.1.2: the checker endorses what the maker signed — the batch and the
//! maker's proof). Any number of checkers may approve, each chained to the maker's proof. The
//! shape is core's rule, [`Context::require_maker_and_checkers`].
//!
//! # The policy
//!
//! ```json
//! {"makers": ["did:key:…"], "checkers": ["did:key:…", "did:key:…"], "approvals": 1,
//!  "thresholds": [{"currency": "USD", "above": "1000000.00", "approvals": 2},
//!                 {"currency": "JPY", "above": "150000000", "approvals": 2}],
//!  "people": {"officer-7": ["did:key:…", "did:key:…"]}}
//! ```
//!
//! # Thresholds, per currency
//!
//! A threshold names a `currency` and is compared with the batch's **total in that currency**
//! (the sum of the amounts of its blocks in that currency, exact): a batch of 900,000 USD and
//! 900,000 EUR passes neither a 1,000,000 USD nor a 1,000,000 EUR threshold, and a threshold in
//! JPY is written in yen (`above` is read as an amount of its currency: `payments.policy_invalid`
//! for decimals the currency does not have). A threshold **without** `currency` is the shape of
//! policy files written before thresholds had one: it is still read, and compared with the
//! batch's control sum — pain.001's sum of every amount *irrespective of currency* — which is
//! only meaningful for batches in one currency; write new policies with a currency.
//!
//! | rule | code |
//! | --- | --- |
//! | the maker's proof is by one of `makers`, each checker's by one of `checkers` | `payments.role_not_allowed` |
//! | no checker is the maker — the same key, or another key of the same person (`people` maps keys to people; a key it does not list is a person of its own) | `payments.self_approval` |
//! | at least `approvals` distinct people approved, more when the batch's total in a threshold's currency is strictly above it (the largest count of every threshold passed; compared exactly) | `payments.approval_missing` |
//! | no maker proof, no checker proof | `payments.approval_missing` |
//! | one maker proof, each checker once, each checker chained to the maker's proof | core's `signer.repeated`, `signer.unexpected` |
//! | every figure of the batch | the [rules](crate::batch::rules)' codes |
//!
//! A policy is refused (`payments.policy_invalid`) without makers or checkers, with zero
//! approvals, a threshold that is not a decimal (or not an amount of its currency), asks fewer
//! approvals than `approvals` or names a currency that is not ISO 4217's, or a key that belongs
//! to two people.
//!
//! # Aliases
//!
//! A transfer may name its creditor by an alias (a national-ID token) instead of an account. A
//! verifier given an [`AccountMapper`] ([`BatchVerifier::with_mapper`]) resolves every alias
//! while it verifies, after the policy: an alias the mapper does not know refuses the batch
//! with `payments.alias_unknown` naming the transfer, and [`BatchVerifier::verify_resolved`]
//! hands back the account each alias resolved to. A verifier without a mapper leaves aliases to
//! the caller.

use crate::account::Alias;
use crate::batch::model::{Batch, CreditTransfer};
use crate::batch::rules::ControlSum;
use crate::currency::Currency;
use crate::error::{quote, Error, Result};
use crate::mapper::{AccountMapper, MappedAccount};
use crate::money::Money;
use crate::schemas::{ids, registry};
use govblocks_core::clock::Timestamp;
use govblocks_core::document::{add_proof_as, Context, Document};
use govblocks_core::json::{self, Limits, Step};
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::TrustList;
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::signer::Signer;
use govblocks_core::verified::Verified;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

/// The `id` of the maker's proof, which every checker's `previousProof` names.
pub const MAKER_PROOF_ID: &str = "urn:govblocks:payments:maker";

impl Document for Batch {
    const SCHEMA: &'static str = ids::BATCH;
    type Error = Error;

    /// The [batch rules](crate::batch::rules): every count and control sum recomputed, ids
    /// unique, one currency per block. Who signed is the [`ApprovalPolicy`]'s, through
    /// [`BatchVerifier`].
    fn check(&self, _context: &Context<'_>) -> Result<()> {
        self.check_rules().map(|_| ())
    }

    fn schemas() -> &'static SchemaRegistry {
        registry()
    }
}

/// The batch signed by its maker: the [rules](crate::batch::rules) first (a maker never signs a
/// batch whose figures do not add up), then an `assertionMethod` proof with the id
/// [`MAKER_PROOF_ID`]. A batch that holds a proof already is `payments.batch_invalid`.
pub fn sign_as_maker(batch: &Batch, maker: &dyn Signer) -> Result<Value> {
    if batch.proof.is_some() {
        return Err(Error::BatchInvalid {
            reason: "the batch is signed already: a maker signs an unsigned batch".to_owned(),
        });
    }
    batch.check_rules()?;
    batch.sign(maker, &ProofOptions::assertion().with_id(MAKER_PROOF_ID))
}

/// `signed` (a batch signed by its maker) approved by `checker`: an `assertionMethod` proof
/// chained to the maker's proof. `payments.approval_missing` when the batch has no maker proof.
pub fn approve(signed: Value, checker: &dyn Signer) -> Result<Value> {
    let has_maker = match signed.get("proof") {
        Some(Value::Array(proofs)) => proofs.iter().any(is_maker_proof),
        Some(proof) => is_maker_proof(proof),
        None => false,
    };
    if !has_maker {
        return Err(Error::ApprovalMissing {
            required: 1,
            found: 0,
        });
    }
    add_proof_as::<Batch>(
        signed,
        checker,
        &ProofOptions::assertion().with_previous_proof(MAKER_PROOF_ID),
    )
}

fn is_maker_proof(proof: &Value) -> bool {
    proof.get("id").and_then(Value::as_str) == Some(MAKER_PROOF_ID)
        && proof.get("previousProof").is_none()
}

/// Where a batch's transfers are: the arrays the verifier reads element by element.
const TRANSFERS: [Step<'static>; 3] = [
    Step::Member("paymentInformation"),
    Step::Element,
    Step::Member("creditTransfers"),
];

/// The transfers core's parser hands over (every one but the first of each block), each
/// checked against the credit transfer schema and typed as it arrives. The first error of
/// each kind is kept and reported at its step of the pipeline: a schema error before the
/// proofs are looked at, a typing error with the typed batch (as core's pipeline would).
#[derive(Default)]
struct TransferReader {
    /// By block: its transfers from the second on.
    blocks: Vec<Vec<CreditTransfer>>,
    schema_error: Option<Error>,
    typed_error: Option<Error>,
}

impl TransferReader {
    fn read(&mut self, at: &[usize], value: Value) {
        if self.schema_error.is_some() {
            return;
        }
        let (Some(&block), Some(&index)) = (at.first(), at.get(1)) else {
            return;
        };
        if let Err(error) = registry().validate(ids::CREDIT_TRANSFER, &value) {
            self.schema_error = Some(Error::Core(in_transfer(error, block, index)));
            return;
        }
        if self.typed_error.is_some() {
            return;
        }
        match CreditTransfer::deserialize(value) {
            Ok(transfer) => {
                if self.blocks.len() <= block {
                    // A new block: the previous one is complete, its spare capacity given back.
                    if let Some(last) = self.blocks.last_mut() {
                        last.shrink_to_fit();
                    }
                    self.blocks.resize_with(block + 1, Vec::new);
                }
                if let Some(transfers) = self.blocks.get_mut(block) {
                    transfers.push(transfer);
                }
            }
            Err(e) => {
                self.typed_error = Some(Error::Core(govblocks_core::Error::DocumentInvalid {
                    reason: e.to_string(),
                }))
            }
        }
    }

    /// The batch read without its handed-over transfers, given them back in order.
    fn complete(self, batch: &mut Batch) -> Result<()> {
        if let Some(error) = self.typed_error {
            return Err(error);
        }
        for (block, mut rest) in batch.payment_information.iter_mut().zip(self.blocks) {
            // The first transfer goes in front of the rest (moved within their allocation,
            // rather than the rest copied into a new one behind it).
            if rest.is_empty() {
                continue;
            }
            rest.splice(0..0, std::mem::take(&mut block.credit_transfers));
            rest.shrink_to_fit();
            block.credit_transfers = rest;
        }
        Ok(())
    }
}

/// A schema error of transfer `index` of block `block` as the batch's schema would report it:
/// its paths from the batch's root.
fn in_transfer(error: govblocks_core::Error, block: usize, index: usize) -> govblocks_core::Error {
    match error {
        govblocks_core::Error::SchemaInvalid { mut violations, .. } => {
            let prefix = format!("/paymentInformation/{block}/creditTransfers/{index}");
            for v in &mut violations {
                v.instance_path.insert_str(0, &prefix);
            }
            govblocks_core::Error::SchemaInvalid {
                schema: ids::BATCH.to_owned(),
                violations,
            }
        }
        other => other,
    }
}

/// A threshold: above this total, this many approvals.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Threshold {
    /// What is compared: the batch's total in one currency, or (policies written before
    /// thresholds had a currency) its control sum.
    pub above: Above,
    /// The approvals it then needs.
    pub approvals: u32,
}

/// What a [`Threshold`] compares a batch with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Above {
    /// The batch's total in this amount's currency must be strictly above the amount.
    Total(Money),
    /// The batch's control sum (the sum of every amount irrespective of currency) must be
    /// strictly above it: the shape of policies written before thresholds had a currency.
    ControlSum(ControlSum),
}

impl Threshold {
    /// Above `amount` in its currency, `approvals` approvals.
    pub fn per_currency(amount: Money, approvals: u32) -> Threshold {
        Threshold {
            above: Above::Total(amount),
            approvals,
        }
    }

    /// Above the control sum `sum`, irrespective of currency, `approvals` approvals (the shape
    /// of policies written before thresholds had a currency).
    pub fn control_sum(sum: ControlSum, approvals: u32) -> Threshold {
        Threshold {
            above: Above::ControlSum(sum),
            approvals,
        }
    }

    /// Whether a batch with this control sum and these totals per currency passes it.
    fn passed(&self, control_sum: ControlSum, totals: &BTreeMap<Currency, Money>) -> bool {
        match self.above {
            Above::ControlSum(sum) => control_sum > sum,
            Above::Total(amount) => totals
                .get(&amount.currency())
                .is_some_and(|total| total.minor_units() > amount.minor_units()),
        }
    }
}

impl std::fmt::Display for Above {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Above::Total(amount) => write!(f, "{} {}", amount.fixed(), amount.currency().code()),
            Above::ControlSum(sum) => write!(f, "{sum} (control sum)"),
        }
    }
}

/// Who may sign a batch in which role, and how many people must approve it (see the
/// [module](self) documentation). Made only by [`ApprovalPolicy::from_json`] and
/// [`ApprovalPolicy::new`], which check it.
#[derive(Debug, Clone)]
pub struct ApprovalPolicy {
    makers: Vec<String>,
    checkers: Vec<String>,
    approvals: u32,
    thresholds: Vec<Threshold>,
    /// Key → person.
    person_of: HashMap<String, String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PolicyWire {
    makers: Vec<String>,
    checkers: Vec<String>,
    approvals: u32,
    #[serde(default)]
    thresholds: Vec<ThresholdWire>,
    #[serde(default)]
    people: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdWire {
    above: String,
    #[serde(default)]
    currency: Option<String>,
    approvals: u32,
}

fn policy_invalid(reason: impl Into<String>) -> Error {
    Error::PolicyInvalid {
        reason: reason.into(),
    }
}

impl ApprovalPolicy {
    /// Reads a policy: strict JSON, the schema `schemas/payments/v1/approval-policy.json`, then
    /// the rules of the [module](self) documentation (`payments.policy_invalid`).
    pub fn from_json(bytes: &[u8]) -> Result<ApprovalPolicy> {
        let value = govblocks_core::json::parse(bytes)?;
        registry().validate(ids::APPROVAL_POLICY, &value)?;
        let wire: PolicyWire =
            serde_json::from_value(value).map_err(|e| policy_invalid(e.to_string()))?;
        let thresholds = wire
            .thresholds
            .into_iter()
            .map(|t| {
                let above = match &t.currency {
                    Some(code) => Above::Total(
                        Currency::parse(code)
                            .and_then(|currency| Money::parse(currency, &t.above))
                            .map_err(|e| policy_invalid(format!("threshold {e}")))?,
                    ),
                    None => Above::ControlSum(
                        ControlSum::parse(&t.above)
                            .map_err(|e| policy_invalid(format!("threshold {e}")))?,
                    ),
                };
                Ok(Threshold {
                    above,
                    approvals: t.approvals,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        ApprovalPolicy::new(
            wire.makers,
            wire.checkers,
            wire.approvals,
            thresholds,
            wire.people,
        )
    }

    /// A policy from its parts (`payments.policy_invalid` when it breaks a rule).
    pub fn new(
        makers: Vec<String>,
        checkers: Vec<String>,
        approvals: u32,
        thresholds: Vec<Threshold>,
        people: BTreeMap<String, Vec<String>>,
    ) -> Result<ApprovalPolicy> {
        if makers.is_empty() || checkers.is_empty() {
            return Err(policy_invalid(
                "a policy names at least one maker and one checker",
            ));
        }
        if approvals == 0 {
            return Err(policy_invalid("a batch needs at least one approval"));
        }
        if let Some(t) = thresholds.iter().find(|t| t.approvals < approvals) {
            return Err(policy_invalid(format!(
                "the threshold above {} asks fewer approvals than the policy's {approvals}",
                t.above
            )));
        }
        let mut person_of = HashMap::new();
        for (person, keys) in people {
            for key in keys {
                if let Some(other) = person_of.insert(key.clone(), person.clone()) {
                    if other != person {
                        return Err(policy_invalid(format!(
                            "the key {key} belongs to two people, {other} and {person}"
                        )));
                    }
                }
            }
        }
        Ok(ApprovalPolicy {
            makers,
            checkers,
            approvals,
            thresholds,
            person_of,
        })
    }

    /// The keys that may make a batch.
    pub fn makers(&self) -> &[String] {
        &self.makers
    }

    /// The keys that may approve a batch.
    pub fn checkers(&self) -> &[String] {
        &self.checkers
    }

    /// The person a key belongs to: the policy's name for them, or the key itself.
    pub fn person<'a>(&'a self, key: &'a str) -> &'a str {
        self.person_of.get(key).map_or(key, String::as_str)
    }

    /// The thresholds.
    pub fn thresholds(&self) -> &[Threshold] {
        &self.thresholds
    }

    /// The approvals a batch with this control sum and these totals per currency needs: the
    /// policy's count, raised by every threshold passed (see the [module](self)
    /// documentation).
    pub fn required_approvals(
        &self,
        control_sum: ControlSum,
        totals: &BTreeMap<Currency, Money>,
    ) -> u32 {
        self.thresholds
            .iter()
            .filter(|t| t.passed(control_sum, totals))
            .map(|t| t.approvals)
            .fold(self.approvals, u32::max)
    }

    /// A trust list that trusts every maker and checker for `assertionMethod` proofs (for a
    /// verifier that trusts exactly the policy's keys).
    pub fn trust_list(&self) -> TrustList {
        self.makers
            .iter()
            .chain(&self.checkers)
            .fold(TrustList::new(), |list, key| {
                list.trust(key.clone(), [ProofPurpose::AssertionMethod])
            })
    }

    /// The policy's rules on `batch` with its verified proofs in `context`. The batch's control
    /// sum is read as declared: run it after the [batch rules](crate::batch::rules) (as
    /// [`BatchVerifier`] does), which check it is the exact sum.
    pub fn evaluate(&self, batch: &Batch, context: &Context<'_>) -> Result<Approval> {
        let makers: Vec<&str> = self.makers.iter().map(String::as_str).collect();
        let checkers: Vec<&str> = self.checkers.iter().map(String::as_str).collect();
        let assertion = ProofPurpose::AssertionMethod;
        let found = context
            .require_maker_and_checkers(&makers, &checkers, &assertion)
            .map_err(|e| self.refine(e, context))?;
        let maker = found.maker.controller.as_str();
        let maker_person = self.person(maker);
        let mut people: HashSet<&str> = HashSet::with_capacity(found.checkers.len());
        let mut approvers = Vec::with_capacity(found.checkers.len());
        let mut signatures = Vec::with_capacity(found.checkers.len().saturating_add(1));
        signatures.push(Signature {
            signer: maker.to_owned(),
            role: SignerRole::Maker,
            person: maker_person.to_owned(),
            created: found.maker.created,
        });
        for checker in &found.checkers {
            let key = checker.controller.as_str();
            let person = self.person(key);
            if person == maker_person {
                return Err(Error::SelfApproval {
                    signer: key.to_owned(),
                    person: maker_person.to_owned(),
                });
            }
            people.insert(person);
            approvers.push(key.to_owned());
            signatures.push(Signature {
                signer: key.to_owned(),
                role: SignerRole::Checker,
                person: person.to_owned(),
                created: checker.created,
            });
        }
        let control_sum = ControlSum::parse(&batch.group_header.control_sum)?;
        let required = self.required_approvals(control_sum, &totals_by_currency(batch)?);
        let distinct = u32::try_from(people.len()).unwrap_or(u32::MAX);
        if distinct < required {
            return Err(Error::ApprovalMissing {
                required,
                found: distinct,
            });
        }
        Ok(Approval {
            maker: maker.to_owned(),
            approvers,
            people: distinct,
            required,
            signatures,
        })
    }

    /// Core's signer error as the policy's code: a proof by a key outside its role is
    /// `payments.role_not_allowed`, a missing maker or checker `payments.approval_missing`, a
    /// checker who is the maker `payments.self_approval`; the rest stays core's.
    fn refine(&self, error: govblocks_core::Error, context: &Context<'_>) -> Error {
        let required = self.approvals;
        match &error {
            govblocks_core::Error::SignerUnexpected { signer, .. } => {
                let role_of = |p: &&govblocks_core::proof::VerifiedProof| {
                    if p.previous_proof.is_empty() {
                        (!self.makers.contains(&p.controller)).then_some("maker")
                    } else {
                        (!self.checkers.contains(&p.controller)).then_some("checker")
                    }
                };
                match context
                    .proofs()
                    .iter()
                    .filter(|p| &p.controller == signer)
                    .find_map(|p| role_of(&p))
                {
                    Some(role) => Error::RoleNotAllowed {
                        signer: signer.clone(),
                        role,
                    },
                    None => Error::Core(error),
                }
            }
            govblocks_core::Error::SignerMissing { .. } => {
                Error::ApprovalMissing { required, found: 0 }
            }
            govblocks_core::Error::SignerNotDistinct { signer } => Error::SelfApproval {
                signer: signer.clone(),
                person: self.person(signer).to_owned(),
            },
            _ => Error::Core(error),
        }
    }
}

/// The batch's total in each currency, from its blocks' declared control sums (each block's
/// currency is its first transfer's). Linear in the blocks; run after the
/// [batch rules](crate::batch::rules), which check each block's sum.
fn totals_by_currency(batch: &Batch) -> Result<BTreeMap<Currency, Money>> {
    let mut totals: BTreeMap<Currency, Money> = BTreeMap::new();
    for block in &batch.payment_information {
        let Some(first) = block.credit_transfers.first() else {
            continue;
        };
        let currency = first.amount.currency();
        let sum = Money::parse(currency, &block.control_sum)?;
        let total = totals
            .entry(currency)
            .or_insert_with(|| Money::zero(currency));
        *total = total.checked_add(sum)?;
    }
    Ok(totals)
}

/// Who made and who approved a batch, as the policy counted them.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Approval {
    /// The maker's key.
    pub maker: String,
    /// The checkers' keys, in document order.
    pub approvers: Vec<String>,
    /// How many distinct people approved.
    pub people: u32,
    /// How many the policy asked for this batch.
    pub required: u32,
    /// Every signature the policy counted: the maker's first, then each checker's in document
    /// order, with the person the policy maps the key to and the proof's `created`.
    pub signatures: Vec<Signature>,
}

/// The role a batch was signed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignerRole {
    /// The maker: signed the batch first.
    Maker,
    /// A checker: approved the maker's proof.
    Checker,
}

impl SignerRole {
    /// `maker` or `checker`.
    pub fn as_str(self) -> &'static str {
        match self {
            SignerRole::Maker => "maker",
            SignerRole::Checker => "checker",
        }
    }
}

/// One signature of a batch, as the policy counted it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signature {
    /// The signer's key (DID).
    pub signer: String,
    /// The role it signed in.
    pub role: SignerRole,
    /// The person the policy maps the key to (the key itself when it names none).
    pub person: String,
    /// The proof's `created`, when it has one.
    pub created: Option<Timestamp>,
}

/// The accounts a verified batch's aliases resolved to, by end-to-end id
/// ([`BatchVerifier::verify_resolved`]).
pub type Resolved = BTreeMap<String, MappedAccount>;

/// A batch verified, with who approved it and the accounts its aliases resolved to.
#[derive(Debug)]
#[non_exhaustive]
pub struct Accepted {
    /// The batch.
    pub batch: Verified<Batch>,
    /// Who made and approved it.
    pub approval: Approval,
    /// The account each alias resolved to, by end-to-end id (empty without a mapper).
    pub resolved: Resolved,
}

/// Resolves every alias of `batch` through `mapper`: `payments.alias_unknown` naming the first
/// transfer whose alias the mapper does not know.
pub fn resolve_aliases(batch: &Batch, mapper: &dyn AccountMapper) -> Result<Resolved> {
    let mut resolved = Resolved::new();
    for block in &batch.payment_information {
        for transfer in &block.credit_transfers {
            if let Some(alias) = &transfer.creditor_alias {
                let account = resolve_one(mapper, alias, &transfer.end_to_end_id)?;
                resolved.insert(transfer.end_to_end_id.clone(), account);
            }
        }
    }
    Ok(resolved)
}

fn resolve_one(mapper: &dyn AccountMapper, alias: &Alias, e2e: &str) -> Result<MappedAccount> {
    mapper.resolve(alias).map_err(|e| match e {
        Error::AliasUnknown { alias, .. } => Error::AliasUnknown {
            alias,
            end_to_end_id: Some(quote(e2e)),
        },
        other => other,
    })
}

/// Verifies batches under an approval policy: core's pipeline (strict parse, schema, proofs,
/// the batch rules), then the policy, then the caller's hook (see the [module](self)
/// documentation).
///
/// # Limits
///
/// A batch is read by core's strict parser under [`BatchVerifier::limits`], which
/// [`BatchVerifier::new`] sets to [`BatchVerifier::default_limits`], sized for a batch of
/// 100,000 transfers (a national programme's monthly payroll) with room to spare:
///
/// | limit | default | refused with |
/// | --- | --- | --- |
/// | bytes | 64 MiB ([`DEFAULT_MAX_BATCH_BYTES`]): 100,000 transfers take 28 to 40 MB | `json.too_large`, before anything is parsed |
/// | transfers in one block (the longest array) | 200,000 ([`DEFAULT_MAX_BLOCK_TRANSFERS`]) | `json.array_too_long` |
/// | depth, members of one object, bytes of one string | core's defaults (64, 10,000, 1 MiB): a batch nests 6 deep, its objects have at most 9 members, its strings at most 140 characters | `json.too_deep`, `json.too_many_members`, `json.string_too_long` |
///
/// Core's own defaults (4 MiB, 100,000 array elements) would hold only 10,000 to 20,000
/// transfers. [`BatchVerifier::with_limits`] sets others (a hub that takes smaller batches
/// should lower them: they bound the memory a hostile batch can claim before its signatures
/// are looked at).
///
/// # Memory
///
/// A JSON tree (`serde_json::Value`) takes about 13 times the bytes of a batch (each small
/// object is a B-tree node of some 600 bytes), so [`BatchVerifier::verify`] never builds one
/// of the whole batch: core's parser hands the transfers over one by one
/// ([`json::parse_streaming`]), each is checked against the credit transfer schema
/// (`credit-transfer.json`, the batch schema's own definition) and typed as it arrives, and
/// the rest of the batch (its header, its blocks with their first transfer, its proofs) goes
/// through core's pipeline, which hashes the document from its canonical bytes and hands the
/// typed batch back for its transfers before the signatures and the rules. Every check is the
/// one a whole tree would get, with the same codes. Input that is not canonical JSON (what
/// govblocks writes is) cannot be hashed from its bytes: it is parsed again, whole, and then
/// takes the tree's memory.
pub struct BatchVerifier {
    verifier: Verifier,
    policy: ApprovalPolicy,
    mapper: Option<Arc<dyn AccountMapper>>,
}

impl std::fmt::Debug for BatchVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("BatchVerifier")
            .field("verifier", &self.verifier)
            .field("policy", &self.policy)
            .field("mapper", &self.mapper.as_ref().map(|_| "AccountMapper"))
            .finish()
    }
}

/// The largest batch [`BatchVerifier::default_limits`] accepts: 64 MiB.
pub const DEFAULT_MAX_BATCH_BYTES: usize = 64 * 1024 * 1024;

/// The most transfers in one payment block [`BatchVerifier::default_limits`] accepts (the
/// longest JSON array of a batch): 200,000.
pub const DEFAULT_MAX_BLOCK_TRANSFERS: usize = 200_000;

impl BatchVerifier {
    /// A verifier of batches: `verifier` resolves keys and decides trust (see
    /// [`ApprovalPolicy::trust_list`]), `policy` decides who may sign what. The parser's limits
    /// are set to [`BatchVerifier::default_limits`] (whatever `verifier` had): see
    /// [`BatchVerifier::with_limits`].
    pub fn new(verifier: Verifier, policy: ApprovalPolicy) -> BatchVerifier {
        BatchVerifier {
            verifier: verifier.with_limits(BatchVerifier::default_limits()),
            policy,
            mapper: None,
        }
    }

    /// The limits [`BatchVerifier::new`] sets, sized for batches of 100,000 transfers (see
    /// [Limits](BatchVerifier#limits)): [`DEFAULT_MAX_BATCH_BYTES`] and
    /// [`DEFAULT_MAX_BLOCK_TRANSFERS`], core's defaults for the rest.
    pub fn default_limits() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BATCH_BYTES,
            max_array_len: DEFAULT_MAX_BLOCK_TRANSFERS,
            ..Limits::default()
        }
    }

    /// With these parser limits instead: input beyond them is refused with core's code
    /// (`json.too_large`, `json.array_too_long`, …) before any signature is looked at.
    pub fn with_limits(self, limits: Limits) -> BatchVerifier {
        BatchVerifier {
            verifier: self.verifier.with_limits(limits),
            ..self
        }
    }

    /// The parser's limits.
    pub fn limits(&self) -> &Limits {
        self.verifier.limits()
    }

    /// With an account mapper: every alias of a batch is resolved while it is verified, and an
    /// alias the mapper does not know refuses the batch (`payments.alias_unknown`, naming the
    /// transfer).
    #[must_use]
    pub fn with_mapper(mut self, mapper: Arc<dyn AccountMapper>) -> BatchVerifier {
        self.mapper = Some(mapper);
        self
    }

    /// The account mapper, if any.
    pub fn mapper(&self) -> Option<&dyn AccountMapper> {
        self.mapper.as_deref()
    }

    /// The core verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The policy.
    pub fn policy(&self) -> &ApprovalPolicy {
        &self.policy
    }

    /// The batch in `bytes`, verified and approved.
    pub fn verify(&self, bytes: &[u8]) -> Result<Verified<Batch>> {
        self.verify_with(bytes, |_, _, _| Ok(()))
    }

    /// [`BatchVerifier::verify`], then `hook` (a rule of the caller's: a duplicate check, a
    /// limit of its own), which sees the batch, its proofs and the approval and runs before
    /// success. With a [mapper](BatchVerifier::with_mapper), every alias is resolved before the
    /// hook.
    pub fn verify_with(
        &self,
        bytes: &[u8],
        hook: impl FnOnce(&Batch, &Context<'_>, &Approval) -> Result<()>,
    ) -> Result<Verified<Batch>> {
        let evaluate = |batch: &Batch, context: &Context<'_>| {
            let approval = self.policy.evaluate(batch, context)?;
            if let Some(mapper) = &self.mapper {
                resolve_aliases(batch, mapper.as_ref())?;
            }
            hook(batch, context, &approval)
        };
        // Transfer by transfer: each is checked against its schema and typed as soon as it is
        // read, so the batch is never held as a JSON tree (see "Memory" above).
        let mut reader = TransferReader::default();
        let parsed = json::parse_streaming(bytes, self.limits(), &TRANSFERS, &mut |at, value| {
            reader.read(at, value)
        })?;
        if parsed.is_partial() && !parsed.is_canonical() {
            // The hashes of bytes that are not canonical need the whole tree: parsed again,
            // whole, as core's pipeline reads any document.
            drop(parsed);
            drop(reader);
            return self.verifier.verify_as_with::<Batch>(bytes, evaluate);
        }
        if let Some(error) = reader.schema_error.take() {
            return Err(error);
        }
        self.verifier.verify_parsed_as_completed_with::<Batch>(
            parsed,
            |batch| reader.complete(batch),
            evaluate,
        )
    }

    /// [`BatchVerifier::verify`], handing back who approved the batch and the account each
    /// alias resolved to (none without a [mapper](BatchVerifier::with_mapper)).
    pub fn verify_resolved(&self, bytes: &[u8]) -> Result<Accepted> {
        let mut found: Option<(Approval, Resolved)> = None;
        let batch = self
            .verifier
            .verify_as_with::<Batch>(bytes, |batch, context| {
                let approval = self.policy.evaluate(batch, context)?;
                let resolved = match &self.mapper {
                    Some(mapper) => resolve_aliases(batch, mapper.as_ref())?,
                    None => Resolved::new(),
                };
                found = Some((approval, resolved));
                Ok(())
            })?;
        let (approval, resolved) = found.ok_or_else(|| Error::BatchInvalid {
            reason: "the policy was not evaluated".to_owned(),
        })?;
        Ok(Accepted {
            batch,
            approval,
            resolved,
        })
    }

    /// [`BatchVerifier::verify`] on a value already parsed (strictly).
    pub fn verify_value(&self, value: Value) -> Result<Verified<Batch>> {
        self.verifier
            .verify_value_as_with::<Batch>(value, |batch, context| {
                self.policy.evaluate(batch, context)?;
                if let Some(mapper) = &self.mapper {
                    resolve_aliases(batch, mapper.as_ref())?;
                }
                Ok(())
            })
    }
}
