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
    assert_eq!(policy.required_approvals(sum("1000000")), 1);
    assert_eq!(policy.required_approvals(sum("1000000.0001")), 2);
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
