//! Signing and approval: one test per policy rule, each a table of (maker, checkers, batch)
//! and the code the verifier gives.
//!
//! The cast: key 1 is Alice, a maker, whose second key 5 is a checker's; keys 2 and 4 are
//! Bob's, a checker with two keys; key 3 is Chen, a checker; key 6 is Dana, who may make and
//! check; key 7 is a stranger.

use super::fixtures::*;
use govblocks_core::proof::{add_proof, ProofOptions, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_payments::approval::MAKER_PROOF_ID;
use govblocks_payments::prelude::*;
use serde_json::{json, Value};

fn policy_json() -> Value {
    json!({
        "makers": [did(1), did(6)],
        "checkers": [did(2), did(3), did(4), did(5), did(6)],
        "approvals": 1,
        "thresholds": [{"above": "1000000.00", "approvals": 2}],
        "people": {"alice": [did(1), did(5)], "bob": [did(2), did(4)]}
    })
}

fn policy() -> ApprovalPolicy {
    ApprovalPolicy::from_json(policy_json().to_string().as_bytes()).unwrap()
}

/// A verifier that trusts anyone (so that the policy, not trust, decides roles).
fn verifier() -> BatchVerifier {
    BatchVerifier::new(Verifier::new(DidKeyResolver, TrustList::any()), policy())
}

/// `batch` made by `maker` and approved by each of `checkers`, in order.
fn signed(batch: &Batch, maker: u8, checkers: &[u8]) -> Value {
    let mut doc = sign_as_maker(batch, &key(maker)).unwrap();
    for c in checkers {
        doc = approve(doc, &key(*c)).unwrap();
    }
    doc
}

fn verify(doc: &Value) -> &'static str {
    code(verifier().verify(doc.to_string().as_bytes()))
}

fn small() -> Batch {
    usd_batch()
}

fn large() -> Batch {
    batch(&[("USD", &["999999.99", "0.02"])])
}

fn exactly_at_threshold() -> Batch {
    batch(&[("USD", &["999999.99", "0.01"])])
}

#[test]
fn a_maker_and_a_checker_approve() {
    let doc = signed(&small(), 1, &[2]);
    let verified = verifier().verify(doc.to_string().as_bytes()).unwrap();
    assert_eq!(verified.group_header.message_id, "MSG-2026-0001");
    assert_eq!(verified.proofs().len(), 2);
    // The hook sees who approved, and runs before success.
    let mut seen = None;
    verifier()
        .verify_with(doc.to_string().as_bytes(), |_, _, approval| {
            seen = Some(approval.clone());
            Ok(())
        })
        .unwrap();
    let approval = seen.unwrap();
    assert_eq!(approval.maker, did(1));
    assert_eq!(approval.approvers, vec![did(2)]);
    assert_eq!((approval.people, approval.required), (1, 1));
    let refused = verifier().verify_with(doc.to_string().as_bytes(), |_, _, _| {
        Err(govblocks_payments::Error::BatchInvalid {
            reason: "seen before".into(),
        })
    });
    assert_eq!(code(refused), "payments.batch_invalid");
    // A value already parsed.
    assert_eq!(code(verifier().verify_value(doc)), "ok");
}

#[test]
fn roles_come_from_the_policy() {
    for (maker, checkers, expected) in [
        (1, &[2][..], "ok"),
        (6, &[3][..], "ok"),
        (1, &[6][..], "ok"),
        (7, &[2][..], "payments.role_not_allowed"), // a stranger makes
        (1, &[7][..], "payments.role_not_allowed"), // a stranger checks
        (3, &[2][..], "payments.role_not_allowed"), // a checker makes
    ] {
        assert_eq!(
            verify(&signed(&small(), maker, checkers)),
            expected,
            "{maker} {checkers:?}"
        );
    }
}

#[test]
fn nobody_approves_their_own_batch() {
    for (maker, checkers, expected) in [
        (1, &[5][..], "payments.self_approval"), // Alice's other key
        (1, &[2, 5][..], "payments.self_approval"), // among others
        (6, &[6][..], "payments.self_approval"), // Dana, the same key
    ] {
        assert_eq!(
            verify(&signed(&small(), maker, checkers)),
            expected,
            "{maker} {checkers:?}"
        );
    }
}

#[test]
fn a_batch_needs_its_approvals() {
    // Made, not approved.
    assert_eq!(
        verify(&sign_as_maker(&small(), &key(1)).unwrap()),
        "payments.approval_missing"
    );
    // Approved, never made: a checker proof alone cannot be made.
    let unsigned = serde_json::to_value(small()).unwrap();
    assert_eq!(
        code(approve(unsigned.clone(), &key(2))),
        "payments.approval_missing"
    );
    // Unsigned.
    assert_eq!(verify(&unsigned), "proof.missing");
}

#[test]
fn thresholds_raise_the_count_by_people_not_keys() {
    for (batch, checkers, expected) in [
        (large(), &[2][..], "payments.approval_missing"),
        (large(), &[2, 3][..], "ok"),
        (large(), &[2, 4][..], "payments.approval_missing"), // Bob twice is one person
        (large(), &[3, 2, 4][..], "ok"),
        (exactly_at_threshold(), &[2][..], "ok"), // strictly above
        (small(), &[2, 3][..], "ok"),             // more than needed is fine
    ] {
        let label = (batch.group_header.control_sum.clone(), checkers);
        assert_eq!(verify(&signed(&batch, 1, checkers)), expected, "{label:?}");
    }
    let policy = policy();
    let sum = |s| govblocks_payments::batch::rules::ControlSum::parse(s).unwrap();
    // The policy's threshold has no currency (the shape written before thresholds had one):
    // it is compared with the control sum, whatever the totals per currency.
    let none = std::collections::BTreeMap::new();
    assert_eq!(policy.required_approvals(sum("1000000"), &none), 1);
    assert_eq!(policy.required_approvals(sum("1000000.0001"), &none), 2);
}

fn per_currency_verifier() -> BatchVerifier {
    let mut policy = policy_json();
    policy["thresholds"] = json!([
        {"currency": "USD", "above": "1000000.00", "approvals": 2},
        {"currency": "JPY", "above": "100000000", "approvals": 3}
    ]);
    let policy = ApprovalPolicy::from_json(policy.to_string().as_bytes()).unwrap();
    BatchVerifier::new(Verifier::new(DidKeyResolver, TrustList::any()), policy)
}

#[test]
fn thresholds_per_currency_compare_the_total_in_their_currency() {
    let verify = |batch: &Batch, checkers: &[u8]| {
        code(per_currency_verifier().verify(signed(batch, 1, checkers).to_string().as_bytes()))
    };
    // 900,000 USD and 900,000 EUR: a control sum of 1,800,000, but neither total passes the
    // USD threshold, and EUR has none.
    let mixed = batch(&[("USD", &["900000.00"]), ("EUR", &["900000.00"])]);
    assert_eq!(verify(&mixed, &[2]), "ok");
    // Over 1,000,000 USD across two USD blocks: two people.
    let usd = batch(&[("USD", &["600000.00"]), ("USD", &["400000.01"])]);
    assert_eq!(verify(&usd, &[2]), "payments.approval_missing");
    assert_eq!(verify(&usd, &[2, 3]), "ok");
    // Exactly at the threshold: strictly above is needed.
    let at = batch(&[("USD", &["1000000.00"])]);
    assert_eq!(verify(&at, &[2]), "ok");
    // The JPY threshold is in yen: 100,000,001 JPY needs three people.
    let yen = batch(&[("JPY", &["100000001"])]);
    assert_eq!(verify(&yen, &[2, 3]), "payments.approval_missing");
    assert_eq!(verify(&yen, &[2, 3, 6]), "ok");
    let policy = per_currency_verifier();
    let totals = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(c, a)| {
                let money = Money::parse_in(c, a).unwrap();
                (money.currency(), money)
            })
            .collect::<std::collections::BTreeMap<_, _>>()
    };
    let sum = govblocks_payments::batch::rules::ControlSum::parse("99999999999").unwrap();
    assert_eq!(
        policy
            .policy()
            .required_approvals(sum, &totals(&[("EUR", "99999999.00")])),
        1
    );
    assert_eq!(
        policy
            .policy()
            .required_approvals(sum, &totals(&[("USD", "1000000.01")])),
        2
    );
}

#[test]
fn a_threshold_is_an_amount_of_its_currency() {
    for (threshold, why) in [
        (
            json!({"currency": "JPY", "above": "1000.5", "approvals": 2}),
            "decimals JPY has not",
        ),
        (
            json!({"currency": "USD", "above": "1000.001", "approvals": 2}),
            "three decimals in USD",
        ),
        (
            json!({"currency": "XAU", "above": "1", "approvals": 2}),
            "no minor unit",
        ),
        (
            json!({"currency": "ZZZ", "above": "1", "approvals": 2}),
            "not ISO 4217",
        ),
        (
            json!({"currency": "USD", "above": "1", "approvals": 0}),
            "zero approvals",
        ),
    ] {
        let mut policy = policy_json();
        policy["thresholds"] = json!([threshold]);
        let result = ApprovalPolicy::from_json(policy.to_string().as_bytes());
        assert!(
            matches!(
                code(result.map(|_| ())),
                "payments.policy_invalid" | "schema.invalid"
            ),
            "{why}"
        );
    }
}

#[test]
fn aliases_are_resolved_while_verifying() {
    use govblocks_payments::account::{Account, Alias, Iban};
    use std::sync::Arc;
    // Two transfers to aliases: NID-1 is registered, NID-2 is not.
    let ministry = party("Ministry", "MSA");
    let from = Account::Iban(Iban::parse("DE89370400440532013000").unwrap());
    let make = |aliases: &[&str]| {
        let mut block = BlockBuilder::new("PMT-1", ministry.clone(), from.clone(), "2026-12-07");
        for (n, alias) in aliases.iter().enumerate() {
            block = block.transfer(CreditTransfer::to_alias(
                format!("E2E-{}", n + 1),
                Money::parse_in("USD", "10").unwrap(),
                party("Person", alias),
                Alias::parse(alias).unwrap(),
            ));
        }
        BatchBuilder::new(
            "MSG-ALIAS",
            "2026-12-06T09:00:00Z".parse().unwrap(),
            ministry.clone(),
        )
        .block(block)
        .build()
        .unwrap()
    };
    let mapper = Arc::new(MemoryAccountMapper::new());
    let wallet = Account::MobileMoney(
        govblocks_payments::account::MobileMoneyAccount::parse("+254712345678", "m-pesa").unwrap(),
    );
    mapper
        .register(
            Alias::parse("NID-1").unwrap(),
            MappedAccount::new(PaymentModality::MobileMoney, wallet.clone()).unwrap(),
        )
        .unwrap();
    let verifier = verifier().with_mapper(mapper);
    // Known: verified, with the account it resolved to.
    let ok = signed(&make(&["NID-1"]), 1, &[2]).to_string();
    let accepted = verifier.verify_resolved(ok.as_bytes()).unwrap();
    assert_eq!(accepted.resolved["E2E-1"].account(), &wallet);
    assert_eq!(accepted.approval.signatures.len(), 2);
    assert_eq!(accepted.approval.signatures[0].role, SignerRole::Maker);
    assert_eq!(accepted.approval.signatures[1].person, "bob");
    // Unknown: refused, naming the transfer, by every way of verifying.
    let bad = signed(&make(&["NID-1", "NID-2"]), 1, &[2]).to_string();
    let error = verifier.verify(bad.as_bytes()).unwrap_err();
    assert_eq!(error.code(), "payments.alias_unknown");
    assert!(error.to_string().contains("E2E-2"), "{error}");
    assert!(matches!(
        &error,
        govblocks_payments::Error::AliasUnknown { alias, end_to_end_id: Some(e2e) }
            if alias == "NID-2" && e2e == "E2E-2"
    ));
    assert_eq!(
        code(verifier.verify_resolved(bad.as_bytes()).map(|_| ())),
        "payments.alias_unknown"
    );
    let value: serde_json::Value = serde_json::from_str(&bad).unwrap();
    assert_eq!(code(verifier.verify_value(value)), "payments.alias_unknown");
    // Without a mapper, aliases are the caller's: the batch verifies.
    assert_eq!(
        super::approval::verify(&signed(&make(&["NID-2"]), 1, &[2])),
        "ok"
    );
}

#[test]
fn each_checker_signs_once() {
    // The same checker twice, both chained to the maker: core refuses the duplicate proof.
    let doc = signed(&small(), 1, &[2]);
    let twice = add_proof(
        doc,
        &key(2),
        &ProofOptions::assertion()
            .with_previous_proof(MAKER_PROOF_ID)
            .with_id("urn:x:again"),
    )
    .unwrap();
    assert_eq!(verify(&twice), "proof.duplicate");
    // A checker chained to another checker, not to the maker.
    let doc = signed(&small(), 1, &[2]);
    let chained = add_proof(
        add_proof(
            doc,
            &key(3),
            &ProofOptions::assertion()
                .with_previous_proof(MAKER_PROOF_ID)
                .with_id("urn:x:chen"),
        )
        .unwrap(),
        &key(6),
        &ProofOptions::assertion().with_previous_proof("urn:x:chen"),
    )
    .unwrap();
    assert_eq!(verify(&chained), "signer.unexpected");
    // Two makers.
    let doc = sign_as_maker(&small(), &key(1)).unwrap();
    let two = add_proof(
        doc,
        &key(6),
        &ProofOptions::assertion().with_id("urn:x:second"),
    )
    .unwrap();
    assert_eq!(verify(&two), "signer.repeated");
    // A maker who signs an already signed batch.
    let signed_batch: Batch = serde_json::from_value(signed(&small(), 1, &[])).unwrap();
    assert_eq!(
        code(sign_as_maker(&signed_batch, &key(6))),
        "payments.batch_invalid"
    );
}

#[test]
fn trust_and_signatures_come_first() {
    // A verifier that trusts exactly the policy's keys: a stranger is untrusted.
    let policy = policy();
    let strict = BatchVerifier::new(Verifier::new(DidKeyResolver, policy.trust_list()), policy);
    assert_eq!(
        code(strict.verify(signed(&small(), 1, &[2]).to_string().as_bytes())),
        "ok"
    );
    assert_eq!(
        code(strict.verify(signed(&small(), 7, &[2]).to_string().as_bytes())),
        "trust.untrusted"
    );
    // A figure changed after signing.
    let mut doc = signed(&small(), 1, &[2]);
    doc["paymentInformation"][0]["creditTransfers"][0]["amount"]["amount"] = json!("1000.00");
    assert_eq!(verify(&doc), "proof.signature_invalid");
}

#[test]
fn a_maker_never_signs_figures_that_do_not_add_up() {
    let mut value = serde_json::to_value(small()).unwrap();
    value["groupHeader"]["controlSum"] = json!("1.00");
    let batch: Batch = serde_json::from_value(value.clone()).unwrap();
    assert_eq!(
        code(sign_as_maker(&batch, &key(1))),
        "payments.control_sum_mismatch"
    );
    // Signed anyway (outside this crate): refused by the verifier with the rule's code.
    let made = add_proof(
        value,
        &key(1),
        &ProofOptions::assertion().with_id(MAKER_PROOF_ID),
    )
    .unwrap();
    let approved = approve(made, &key(2)).unwrap();
    assert_eq!(verify(&approved), "payments.control_sum_mismatch");
}

#[test]
fn policies_are_checked() {
    let policy_code = |v: Value| code(ApprovalPolicy::from_json(v.to_string().as_bytes()));
    assert_eq!(policy_code(policy_json()), "ok");
    let mut v = policy_json();
    v["thresholds"][0]["approvals"] = json!(1);
    v["approvals"] = json!(2);
    assert_eq!(policy_code(v), "payments.policy_invalid"); // a threshold that lowers the count
    let mut v = policy_json();
    v["people"]["carol"] = json!([did(2)]);
    assert_eq!(policy_code(v), "payments.policy_invalid"); // a key of two people
    for (member, value) in [
        ("makers", json!([])),
        ("approvals", json!(0)),
        ("thresholds", json!([{"above": 1000000, "approvals": 2}])),
        ("thresholds", json!([{"above": "1.00001", "approvals": 2}])),
        ("checkers", json!(["not a did"])),
        ("extra", json!(1)),
    ] {
        let mut v = policy_json();
        v[member] = value;
        assert_ne!(policy_code(v.clone()), "ok", "{member}: {v}");
    }
    assert_eq!(
        code(ApprovalPolicy::from_json(b"{\"makers\":[],\"makers\":[]}")),
        "json.duplicate_key"
    );
}

#[test]
fn a_batch_of_five_thousand_transfers_is_made_approved_and_verified() {
    let amounts: Vec<String> = (1..=5_000).map(|i| format!("{i}.25")).collect();
    let amounts: Vec<&str> = amounts.iter().map(String::as_str).collect();
    let batch = batch(&[("USD", &amounts[..2_500]), ("USD", &amounts[2_500..])]);
    // 1.25 + 2.25 + … + 5000.25 = 5000 × 5001 / 2 + 5000 × 0.25
    assert_eq!(batch.group_header.control_sum, "12503750.00");
    let doc = signed(&batch, 1, &[2, 3]).to_string();
    let started = std::time::Instant::now();
    let verified = verifier().verify(doc.as_bytes()).unwrap();
    println!("{} bytes verified in {:?}", doc.len(), started.elapsed());
    assert_eq!(verified.group_header.number_of_transactions, "5000");
    // Above the threshold: one approval is not enough.
    let once = signed(&batch, 1, &[2]).to_string();
    assert_eq!(
        code(verifier().verify(once.as_bytes())),
        "payments.approval_missing"
    );
}
