//! The typed verification pipeline (`document::Document`, `Verifier::verify_as` and friends),
//! the signing rules of `add_proof`, JWS under the verifier's trust rules, and the small API
//! guarantees blocks rely on (issue 6).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::clock::{Clock, FixedClock, Timestamp};
use govblocks_core::document::{add_proof_as, Context, Document};
use govblocks_core::error::{error_object, CodedError};
use govblocks_core::json::Limits;
use govblocks_core::jws::{self, JwsOptions};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, StaticResolver, TrustList};
use govblocks_core::schema::{ids, SchemaRegistry};
use govblocks_core::Error;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::{Arc, OnceLock};

const ORDER: &str = "https://test.example/order.json";

/// A block-style document: an order whose payer must have signed, valid until a date.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Order {
    payer: String,
    amount: String,
    valid_until: Timestamp,
    #[serde(default)]
    items: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
enum OrderError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("the payer did not sign")]
    NotSignedByPayer,
    #[error("the order has expired")]
    Expired,
    #[error("refused by the caller's hook")]
    Hook,
}

impl CodedError for OrderError {
    fn code(&self) -> &'static str {
        match self {
            OrderError::Core(e) => e.code(),
            OrderError::NotSignedByPayer => "order.not_signed_by_payer",
            OrderError::Expired => "order.expired",
            OrderError::Hook => "order.hook",
        }
    }
    fn proof(&self) -> Option<govblocks_core::error::ProofLocation<'_>> {
        match self {
            OrderError::Core(e) => e.proof(),
            _ => None,
        }
    }
}

impl Document for Order {
    const SCHEMA: &'static str = ORDER;
    type Error = OrderError;
    fn check(&self, context: &Context<'_>) -> Result<(), OrderError> {
        if !context.signed_by(&self.payer) {
            return Err(OrderError::NotSignedByPayer);
        }
        if context.has_passed(self.valid_until) {
            return Err(OrderError::Expired);
        }
        Ok(())
    }
    fn schemas() -> &'static SchemaRegistry {
        static SCHEMAS: OnceLock<SchemaRegistry> = OnceLock::new();
        SCHEMAS.get_or_init(|| {
            SchemaRegistry::builder()
                .with_core()
                .add_value(order_schema())
                .unwrap()
                .build()
                .unwrap()
        })
    }
}

fn order_schema() -> Value {
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": ORDER,
        "type": "object",
        "required": ["payer", "amount", "validUntil"],
        "properties": {
            "payer": {"type": "string"},
            "amount": {"type": "string", "pattern": "^[0-9]+[.][0-9]{2}$"},
            "validUntil": {"$ref": format!("{}#/$defs/dateTimeStamp", ids::DEFS)},
            "items": {"type": "array", "items": {"type": "string"}}
        }
    })
}

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

fn key(n: u8) -> SecretKey {
    SecretKey::from_seed(&[n; 32])
}

fn order(payer: &SecretKey) -> Order {
    Order {
        payer: payer.public_key().did(),
        amount: "12.50".into(),
        valid_until: t("2025-01-01T00:00:00Z"),
        items: Vec::new(),
    }
}

fn verifier() -> Verifier {
    Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z")))
}

fn signed(payer: &SecretKey) -> Vec<u8> {
    let value = order(payer)
        .sign(payer, &ProofOptions::assertion())
        .unwrap();
    serde_json::to_vec(&value).unwrap()
}

fn code<T: std::fmt::Debug, E: CodedError>(r: Result<T, E>) -> &'static str {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => e.code(),
    }
}

#[test]
fn a_document_goes_through_every_step() {
    let payer = key(1);
    let verified = verifier().verify_as::<Order>(&signed(&payer)).unwrap();
    assert_eq!(verified.amount, "12.50");
    assert_eq!(verified.proofs()[0].controller, payer.public_key().did());
}

#[test]
fn each_step_fails_with_its_own_code() {
    let payer = key(1);
    // Parse (with the verifier's limits).
    assert_eq!(code(verifier().verify_as::<Order>(b"{")), "json.syntax");
    // Schema, before any proof is looked at.
    let mut bad_amount: Value = serde_json::from_slice(&signed(&payer)).unwrap();
    bad_amount["amount"] = json!("12.5");
    let e = verifier()
        .verify_as::<Order>(&serde_json::to_vec(&bad_amount).unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "schema.invalid");
    // Proofs: a changed amount that still passes the schema.
    let mut changed = bad_amount.clone();
    changed["amount"] = json!("99.50");
    let e = verifier()
        .verify_as::<Order>(&serde_json::to_vec(&changed).unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "proof.signature_invalid");
    assert_eq!(e.proof().unwrap().index, 0);
    assert_eq!(
        error_object(&e)["error"]["proof"],
        json!({"index": 0}),
        "the rendered error names the proof"
    );
    // Rules: someone else signed (a valid proof, the wrong signer).
    let other = key(2);
    let forged = order(&payer)
        .sign(&other, &ProofOptions::assertion())
        .unwrap();
    assert_eq!(
        code(verifier().verify_as::<Order>(forged.to_string().as_bytes())),
        "order.not_signed_by_payer"
    );
    // Rules see the verifier's clock.
    let late = Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(t("2026-01-01T00:00:00Z")));
    assert_eq!(
        code(late.verify_as::<Order>(&signed(&payer))),
        "order.expired"
    );
}

#[test]
fn a_typed_shape_the_schema_cannot_express_is_document_invalid() {
    // The schema accepts any string in validUntil's place only via its own rules; a registry
    // override with a looser schema lets a value through that serde refuses.
    let loose = SchemaRegistry::builder()
        .with_core()
        .add_value(json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": ORDER,
            "type": "object"
        }))
        .unwrap()
        .build()
        .unwrap();
    let payer = key(1);
    let mut doc: Value = serde_json::from_slice(&signed(&payer)).unwrap();
    doc["validUntil"] = json!("not a date");
    let e = verifier()
        .with_schemas(Arc::new(loose))
        .verify_as::<Order>(&serde_json::to_vec(&doc).unwrap())
        .unwrap_err();
    assert_eq!(e.code(), "document.invalid");
}

#[test]
fn the_callers_hook_runs_after_the_rules_and_before_success() {
    let payer = key(1);
    let mut ran = false;
    let verified = verifier()
        .verify_as_with::<Order>(&signed(&payer), |order, context| {
            ran = true;
            assert_eq!(context.proofs().len(), 1);
            assert_eq!(order.amount, "12.50");
            Ok(())
        })
        .unwrap();
    assert!(ran);
    assert_eq!(verified.items.len(), 0);
    let e = verifier()
        .verify_as_with::<Order>(&signed(&payer), |_, _| Err(OrderError::Hook))
        .unwrap_err();
    assert_eq!(e.code(), "order.hook");
    // The document's own rule fails first: the hook does not run.
    let other = key(2);
    let forged = order(&payer)
        .sign(&other, &ProofOptions::assertion())
        .unwrap();
    let e = verifier()
        .verify_as_with::<Order>(forged.to_string().as_bytes(), |_, _| {
            panic!("the hook ran after a failed rule")
        })
        .unwrap_err();
    assert_eq!(e.code(), "order.not_signed_by_payer");
}

#[test]
fn limits_are_the_verifiers() {
    let payer = key(1);
    let mut big = order(&payer);
    big.items = vec!["x".repeat(1000); 5000];
    let bytes = serde_json::to_vec(&big.sign(&payer, &ProofOptions::assertion()).unwrap()).unwrap();
    assert!(bytes.len() > 4 * 1024 * 1024);
    assert_eq!(
        code(verifier().verify_as::<Order>(&bytes)),
        "json.too_large"
    );
    let roomy = verifier().with_limits(Limits {
        max_bytes: 8 * 1024 * 1024,
        ..Limits::default()
    });
    assert_eq!(roomy.verify_as::<Order>(&bytes).unwrap().items.len(), 5000);
    assert_eq!(
        code(roomy.verify_bytes(b"[1,2,3,4]")),
        "document.not_object"
    );
}

#[test]
fn a_batch_gives_one_result_per_document_in_order() {
    let payer = key(1);
    let good = signed(&payer);
    let forged = order(&payer)
        .sign(&key(2), &ProofOptions::assertion())
        .unwrap()
        .to_string()
        .into_bytes();
    let mut tampered: Value = serde_json::from_slice(&good).unwrap();
    tampered["amount"] = json!("99.50");
    let tampered = serde_json::to_vec(&tampered).unwrap();
    let inputs: Vec<&[u8]> = vec![&good, b"{", &forged, &tampered, &good];
    let results = verifier().verify_batch_as::<Order>(&inputs);
    let codes: Vec<&str> = results
        .iter()
        .map(|r| r.as_ref().map_or_else(|e| e.code(), |_| "ok"))
        .collect();
    assert_eq!(
        codes,
        [
            "ok",
            "json.syntax",
            "order.not_signed_by_payer",
            "proof.signature_invalid",
            "ok"
        ]
    );
}

#[test]
fn signing_checks_the_block_schema_before_and_after() {
    let payer = key(1);
    let mut bad = order(&payer);
    bad.amount = "12.5".into();
    assert_eq!(
        code(bad.sign(&payer, &ProofOptions::assertion())),
        "schema.invalid"
    );
    // add_proof_as: a second signature on a signed document keeps it an Order.
    let first = order(&payer)
        .sign(&payer, &ProofOptions::assertion())
        .unwrap();
    let both = add_proof_as::<Order>(first, &key(2), &ProofOptions::assertion()).unwrap();
    let verified = verifier()
        .verify_as::<Order>(both.to_string().as_bytes())
        .unwrap();
    assert_eq!(verified.proofs().len(), 2);
    // Something that is not an Order is refused before it is signed.
    assert_eq!(
        code(add_proof_as::<Order>(
            json!({"amount": "1.00"}),
            &payer,
            &ProofOptions::assertion()
        )),
        "schema.invalid"
    );
}

#[test]
fn add_proof_refuses_proofs_nobody_could_verify() {
    let signer = key(1);
    let window = ProofOptions::assertion()
        .with_created(t("2024-01-02T00:00:00Z"))
        .with_expires(t("2024-01-01T00:00:00Z"));
    assert_eq!(
        code(add_proof(json!({"a": 1}), &signer, &window)),
        "proof.expires_before_created"
    );
    let same = ProofOptions::assertion()
        .with_created(t("2024-01-01T00:00:00Z"))
        .with_expires(t("2024-01-01T00:00:00Z"));
    assert_eq!(
        code(add_proof(json!({"a": 1}), &signer, &same)),
        "proof.expires_before_created"
    );
    let other_key = ProofOptions::assertion()
        .with_verification_method(key(2).public_key().verification_method());
    assert_eq!(
        code(add_proof(json!({"a": 1}), &signer, &other_key)),
        "key.mismatch"
    );
    // A verification method outside did:key is the caller's to publish.
    let published =
        ProofOptions::assertion().with_verification_method("https://registry.example/keys#1");
    add_proof(json!({"a": 1}), &signer, &published).unwrap();
}

#[test]
fn jws_goes_through_the_verifiers_trust_rules() {
    let signer = key(3);
    let body = br#"{"amount":"12.50"}"#;
    let with_kid = jws::sign(
        body,
        &signer,
        &JwsOptions::detached_unencoded().with_signer_kid(),
    )
    .unwrap();
    let trusting = Verifier::new(
        DidKeyResolver,
        TrustList::new().trust_all_purposes(signer.public_key().did()),
    );
    let verified = trusting.verify_jws(&with_kid, Some(body)).unwrap();
    assert_eq!(verified.payload(), body);
    assert_eq!(verified.proofs()[0].purpose, ProofPurpose::AssertionMethod);
    assert_eq!(
        verified.proofs()[0].verification_method,
        signer.public_key().verification_method()
    );

    // Nobody trusted.
    let nobody = Verifier::new(DidKeyResolver, TrustList::new());
    assert_eq!(
        code(nobody.verify_jws(&with_kid, Some(body))),
        "trust.untrusted"
    );
    // Trusted, but the key is not authorised for the verifier's purpose.
    let vm = "https://registry.example/keys#auth";
    let mut only_auth = StaticResolver::new();
    only_auth.insert(
        vm,
        "https://registry.example",
        signer.public_key(),
        [ProofPurpose::Authentication],
    );
    let registry_kid = jws::sign(body, &signer, &JwsOptions::attached().with_kid(vm)).unwrap();
    let v = Verifier::new(
        only_auth.clone(),
        TrustList::new().trust_all_purposes("https://registry.example"),
    );
    assert_eq!(
        code(v.verify_jws(&registry_kid, None)),
        "proof.purpose_not_authorized"
    );
    let v = v.expect_purpose(ProofPurpose::Authentication);
    assert_eq!(
        v.verify_jws(&registry_kid, None).unwrap().proofs()[0].controller,
        "https://registry.example"
    );
    // A changed body fails the signature, after the trust decision.
    assert_eq!(
        code(trusting.verify_jws(&with_kid, Some(b"{\"amount\":\"99.50\"}"))),
        "jws.signature_invalid"
    );
    // Without kid: refused here; verified against a key the caller names, as before.
    let no_kid = jws::sign(body, &signer, &JwsOptions::attached()).unwrap();
    assert_eq!(code(trusting.verify_jws(&no_kid, None)), "jws.kid_missing");
    jws::verify(&no_kid, &signer.public_key(), None).unwrap();
}

#[test]
fn verifier_is_debug_and_clocks_compose() {
    let clock = Arc::new(FixedClock::new(t("2024-06-01T00:00:00Z")));
    let by_ref: &dyn Clock = &clock;
    assert_eq!(by_ref.now().year(), 2024);
    let verifier = Verifier::new(DidKeyResolver, TrustList::any()).with_clock(clock.clone());
    let shown = format!("{verifier:?}");
    assert!(
        shown.contains("Verifier") && shown.contains("max_proofs"),
        "{shown}"
    );
    fn takes_clock(c: impl Clock) -> i32 {
        c.now().year()
    }
    assert_eq!(takes_clock(clock.as_ref()), 2024);
}

#[test]
fn prepared_documents_of_several_verifiers_share_one_signature_batch() {
    use govblocks_core::document::SignatureBatch;
    let payer = key(1);
    let good: Value = serde_json::from_slice(&signed(&payer)).unwrap();
    let mut tampered = good.clone();
    tampered["amount"] = json!("99.50");
    // A second verifier with other expectations (here: another clock) joins the same batch.
    let other = Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(t("2024-07-01T00:00:00Z")));
    let a = verifier().prepare_value_as::<Order>(good.clone()).unwrap();
    let b = other.prepare_value_as::<Order>(tampered).unwrap();
    let c = other.prepare_value_as::<Order>(good.clone()).unwrap();
    let mut batch = SignatureBatch::new();
    batch.add(&a);
    batch.add(&b);
    batch.add(&c);
    let outcome = batch.verify();
    assert_eq!(a.finish(&outcome).unwrap().amount, "12.50");
    assert_eq!(code(b.finish(&outcome)), "proof.signature_invalid");
    c.finish(&outcome).unwrap();

    // A document that was not in the batch is checked on its own, whatever the outcome says.
    let empty = SignatureBatch::new().verify();
    let mut forged = good.clone();
    forged["amount"] = json!("1.00");
    let alone = verifier().prepare_value_as::<Order>(forged).unwrap();
    assert_eq!(code(alone.finish(&empty)), "proof.signature_invalid");
    let fine = verifier().prepare_value_as::<Order>(good).unwrap();
    fine.finish(&empty).unwrap();
}

// ---- signer rules on Context (issue 13) ------------------------------------------------------

/// A four-eyes batch: a maker among `MAKERS`, a distinct checker among `CHECKERS`, chained.
#[derive(Debug, Serialize, Deserialize)]
struct Batch {
    total: String,
}

const MAKERS: [u8; 2] = [1, 2];
const CHECKERS: [u8; 2] = [2, 3];

fn dids(seeds: &[u8]) -> Vec<String> {
    seeds.iter().map(|n| key(*n).public_key().did()).collect()
}

impl Document for Batch {
    const SCHEMA: &'static str = ids::SECURED_DOCUMENT;
    type Error = Error;
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        let (makers, checkers) = (dids(&MAKERS), dids(&CHECKERS));
        let makers: Vec<&str> = makers.iter().map(String::as_str).collect();
        let checkers: Vec<&str> = checkers.iter().map(String::as_str).collect();
        let who = context.require_maker_and_checker(
            &makers,
            &checkers,
            &ProofPurpose::AssertionMethod,
        )?;
        assert_ne!(who.maker.controller, who.checker.controller);
        Ok(())
    }
}

/// The batch made by `maker` (proof id `urn:p:maker`), then each `(seed, previous)` proof.
fn batch(maker: u8, then: &[(u8, Option<&str>)]) -> Value {
    let mut doc = add_proof(
        json!({"total": "10.00"}),
        &key(maker),
        &ProofOptions::assertion().with_id("urn:p:maker"),
    )
    .unwrap();
    for (i, (seed, previous)) in then.iter().enumerate() {
        let mut options = ProofOptions::assertion().with_id(format!("urn:p:{i}"));
        if let Some(previous) = previous {
            options = options.with_previous_proof(*previous);
        }
        doc = add_proof(doc, &key(*seed), &options).unwrap();
    }
    doc
}

fn batch_code(doc: Value) -> &'static str {
    let verifier = Verifier::new(DidKeyResolver, TrustList::any());
    match verifier.verify_value_as::<Batch>(doc) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn a_maker_and_a_distinct_checker() {
    let chained = Some("urn:p:maker");
    assert_eq!(batch_code(batch(1, &[(3, chained)])), "ok");
    assert_eq!(batch_code(batch(1, &[(2, chained)])), "ok");
    // The same person twice is not four eyes.
    assert_eq!(batch_code(batch(2, &[(2, chained)])), "signer.not_distinct");
    // No checker, or a checker who did not endorse the maker's signature.
    assert_eq!(batch_code(batch(1, &[])), "signer.missing");
    assert_eq!(batch_code(batch(1, &[(2, None)])), "signer.repeated");
    // A maker who may not make, a checker who may not check, a third signer.
    assert_eq!(batch_code(batch(3, &[(2, chained)])), "signer.unexpected");
    assert_eq!(batch_code(batch(2, &[(1, chained)])), "signer.unexpected");
    assert_eq!(
        batch_code(batch(1, &[(3, chained), (2, chained)])),
        "signer.unexpected"
    );
    assert_eq!(batch_code(batch(1, &[(4, None)])), "signer.unexpected");
}

/// A batch with several approvals: a maker among `MAKERS`, checkers among `[2, 3, 4]`.
#[derive(Debug, Serialize, Deserialize)]
struct ManyChecks {
    total: String,
}

impl Document for ManyChecks {
    const SCHEMA: &'static str = ids::SECURED_DOCUMENT;
    type Error = Error;
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        let (makers, checkers) = (dids(&MAKERS), dids(&[2, 3, 4]));
        let makers: Vec<&str> = makers.iter().map(String::as_str).collect();
        let checkers: Vec<&str> = checkers.iter().map(String::as_str).collect();
        let who = context.require_maker_and_checkers(
            &makers,
            &checkers,
            &ProofPurpose::AssertionMethod,
        )?;
        assert!(!who.checkers.is_empty());
        assert!(who
            .checkers
            .iter()
            .all(|c| c.controller != who.maker.controller));
        Ok(())
    }
}

#[test]
fn a_maker_and_distinct_checkers() {
    let chained = Some("urn:p:maker");
    let code = |doc| batch_code_of::<ManyChecks>(doc);
    // One checker, two, three: each chained to the maker's proof.
    assert_eq!(code(batch(1, &[(3, chained)])), "ok");
    assert_eq!(code(batch(1, &[(3, chained), (2, chained)])), "ok");
    assert_eq!(
        code(batch(1, &[(3, chained), (2, chained), (4, chained)])),
        "ok"
    );
    // None; one checker twice; the maker as a checker; a checker chained elsewhere.
    assert_eq!(code(batch(1, &[])), "signer.missing");
    assert_eq!(
        code(batch(1, &[(3, chained), (3, Some("urn:p:0"))])),
        "signer.unexpected"
    );
    assert_eq!(
        code(batch(2, &[(3, chained), (2, chained)])),
        "signer.not_distinct"
    );
    // A checker not among the checkers, a second maker.
    assert_eq!(code(batch(1, &[(5, chained)])), "signer.unexpected");
    assert_eq!(
        code(batch(1, &[(3, chained), (2, None)])),
        "signer.repeated"
    );
}

/// A document whose rule is whatever `RULE` says, to try the other signer rules.
#[derive(Debug, Serialize, Deserialize)]
struct Ruled {
    rule: String,
}

impl Document for Ruled {
    const SCHEMA: &'static str = ids::SECURED_DOCUMENT;
    type Error = Error;
    fn check(&self, context: &Context<'_>) -> Result<(), Error> {
        let (a, b) = (key(1).public_key().did(), key(2).public_key().did());
        let assertion = ProofPurpose::AssertionMethod;
        match self.rule.as_str() {
            "all_by_1" => context.require_all_by(&a, &assertion),
            "by_1" => context.require_by(&a, &assertion),
            "among_1_2" => context.require_signers_among(&[&a, &b]),
            "once_1_2" => context.require_each_at_most_once(&[&a, &b]),
            _ => unreachable!(),
        }
    }
}

fn ruled(rule: &str, signers: &[u8]) -> &'static str {
    let mut doc = json!({ "rule": rule });
    for (i, seed) in signers.iter().enumerate() {
        // The same key twice signs twice with distinct ids (a chain, so not proof.duplicate).
        let mut options = ProofOptions::assertion().with_id(format!("urn:p:{i}"));
        if i > 0 && signers[..i].contains(seed) {
            options = options.with_previous_proof(format!("urn:p:{}", i - 1));
        }
        doc = add_proof(doc, &key(*seed), &options).unwrap();
    }
    batch_code_of::<Ruled>(doc)
}

fn batch_code_of<D: Document>(doc: Value) -> &'static str {
    let verifier = Verifier::new(DidKeyResolver, TrustList::any());
    match verifier.verify_value_as::<D>(doc) {
        Ok(_) => "ok",
        Err(e) => e.code(),
    }
}

#[test]
fn signer_rules_with_their_codes() {
    assert_eq!(ruled("all_by_1", &[1]), "ok");
    assert_eq!(ruled("all_by_1", &[1, 2]), "signer.unexpected");
    assert_eq!(ruled("all_by_1", &[2]), "signer.unexpected");
    assert_eq!(ruled("by_1", &[2, 1]), "ok");
    assert_eq!(ruled("by_1", &[2]), "signer.missing");
    assert_eq!(ruled("among_1_2", &[2, 1]), "ok");
    assert_eq!(ruled("among_1_2", &[1, 3]), "signer.unexpected");
    assert_eq!(ruled("once_1_2", &[1, 2]), "ok");
    assert_eq!(ruled("once_1_2", &[1, 1]), "signer.repeated");
    assert_eq!(ruled("once_1_2", &[3]), "signer.unexpected");
}

/// An order that names its own error for an untrusted payer.
#[derive(Debug, Serialize, Deserialize)]
struct PayerOrder {
    payer: String,
}

#[derive(Debug, thiserror::Error)]
enum PayerError {
    #[error(transparent)]
    Core(#[from] Error),
    #[error("untrusted payer")]
    UntrustedPayer,
}

govblocks_core::coded_error! {
    impl PayerError {
        wraps { PayerError::Core(e) => e }
        codes { PayerError::UntrustedPayer => "order.untrusted_payer" }
    }
    impl CodedError {}
}

impl Document for PayerOrder {
    const SCHEMA: &'static str = ids::SECURED_DOCUMENT;
    type Error = PayerError;
    fn check(&self, _: &Context<'_>) -> Result<(), PayerError> {
        Ok(())
    }
    fn untrusted_signer(&self, controller: &str) -> Option<PayerError> {
        (controller == self.payer).then_some(PayerError::UntrustedPayer)
    }
}

#[test]
fn a_block_names_its_refined_error_for_an_untrusted_signer() {
    let (payer, other) = (key(1), key(2));
    let nobody = Verifier::new(DidKeyResolver, TrustList::new());
    let bytes = |signer: &SecretKey| {
        let doc = json!({"payer": payer.public_key().did()});
        serde_json::to_vec(&add_proof(doc, signer, &ProofOptions::assertion()).unwrap()).unwrap()
    };
    let by_payer = nobody.verify_as::<PayerOrder>(&bytes(&payer)).unwrap_err();
    assert_eq!(by_payer.code(), "order.untrusted_payer");
    // Someone else untrusted: core's code stands, with its proof location.
    let by_other = nobody.verify_as::<PayerOrder>(&bytes(&other)).unwrap_err();
    assert_eq!(by_other.code(), "trust.untrusted");
    assert_eq!(by_other.proof().unwrap().index, 0);
    // The batch path refines the same way.
    let batch = nobody.verify_batch_as::<PayerOrder>(&[&bytes(&payer)]);
    assert_eq!(
        batch[0].as_ref().unwrap_err().code(),
        "order.untrusted_payer"
    );
}

#[test]
fn a_block_parses_peeks_and_verifies_the_parsed_document() {
    let payer = key(1);
    let bytes = signed(&payer);
    let verifier = verifier();
    // Peek at the parsed document (to choose a verifier, say), then finish the pipeline:
    // the same answer as verify_as on the bytes.
    let parsed = verifier.parse(&bytes).unwrap();
    assert_eq!(parsed.value()["amount"], "12.50");
    let from_parsed = verifier.verify_parsed_as::<Order>(parsed).unwrap();
    let from_bytes = verifier.verify_as::<Order>(&bytes).unwrap();
    assert_eq!(from_parsed.amount, from_bytes.amount);
    assert_eq!(from_parsed.proofs(), from_bytes.proofs());
    // And the same refusals.
    let other = Verifier::new(DidKeyResolver, TrustList::new());
    let parsed = other.parse(&bytes).unwrap();
    assert_eq!(
        code(other.verify_parsed_as::<Order>(parsed)),
        code(other.verify_as::<Order>(&bytes))
    );
}

/// The answer of `verify` for a document, as text: the typed value's debug form and the proof
/// report, or the error's code and message.
fn outcome<D: Document + std::fmt::Debug>(
    r: Result<govblocks_core::verified::Verified<D>, D::Error>,
) -> String
where
    D::Error: std::fmt::Display,
{
    match r {
        Ok(v) => format!("ok {:?} {:?}", *v, v.proofs()),
        Err(e) => format!("{} {e} {:?}", e.code(), e.proof().map(|p| p.index)),
    }
}

/// `bytes` (canonical) verified without a tree and from a tree: the same answer.
fn tape_and_tree_agree<D: Document + std::fmt::Debug>(verifier: &Verifier, value: &Value) -> String
where
    D::Error: std::fmt::Display,
{
    let bytes = govblocks_core::jcs::canonicalize(value);
    let tape = verifier
        .read_tape(&bytes)
        .expect("a canonical document with plain strings and integers reads as a tape");
    let by_tape = outcome(verifier.verify_tape_as_with::<D>(&tape, |_, _| Ok(())));
    let by_tree = outcome(verifier.verify_parsed_as::<D>(verifier.parse(&bytes).unwrap()));
    assert_eq!(by_tape, by_tree, "{value}");
    // And as one of a batch.
    let prepared = verifier.prepare_tape_as::<D>(&tape);
    let mut batch = govblocks_core::document::SignatureBatch::new();
    if let Ok(p) = &prepared {
        batch.add(p);
    }
    let outcome_of_batch = batch.verify();
    assert_eq!(
        outcome(prepared.and_then(|p| p.finish(&outcome_of_batch))),
        by_tree,
        "{value}"
    );
    by_tree
}

#[test]
fn a_canonical_document_read_without_a_tree_gets_the_trees_answers() {
    let payer = key(1);
    let v = verifier();
    let good: Value = serde_json::from_slice(&signed(&payer)).unwrap();
    assert!(tape_and_tree_agree::<Order>(&v, &good).starts_with("ok"));
    type Edit = (&'static str, Box<dyn Fn(&mut Value)>);
    let edits: Vec<Edit> = vec![
        ("schema", Box::new(|d| d["amount"] = json!("12.5"))),
        ("signature", Box::new(|d| d["amount"] = json!("99.50"))),
        ("items", Box::new(|d| d["items"] = json!(["a", "b"]))),
        ("a number", Box::new(|d| d["items"] = json!([1]))),
        (
            "no proof",
            Box::new(|d| drop(d.as_object_mut().unwrap().remove("proof"))),
        ),
        (
            "a proof that is text",
            Box::new(|d| d["proof"] = json!("z1")),
        ),
        (
            "a proof set",
            Box::new(|d| d["proof"] = json!([d["proof"].clone(), d["proof"].clone()])),
        ),
        (
            "a context on the proof",
            Box::new(|d| d["proof"]["@context"] = json!(["https://www.w3.org/ns/credentials/v2"])),
        ),
        (
            "previousProof",
            Box::new(|d| d["proof"]["previousProof"] = json!("urn:p:1")),
        ),
        (
            "a bad proof value",
            Box::new(|d| d["proof"]["proofValue"] = json!("z1")),
        ),
        (
            "an unknown key",
            Box::new(|d| d["proof"]["verificationMethod"] = json!("did:example:1#k")),
        ),
        (
            "a root that is not an object",
            Box::new(|d| *d = json!([1])),
        ),
    ];
    for (what, edit) in &edits {
        let mut doc = good.clone();
        edit(&mut doc);
        let answer = tape_and_tree_agree::<Order>(&v, &doc);
        assert!(
            !answer.starts_with("ok") || *what == "items",
            "{what}: {answer}"
        );
    }
    // The signer's rule, and time.
    let forged = order(&payer)
        .sign(&key(2), &ProofOptions::assertion())
        .unwrap();
    assert!(tape_and_tree_agree::<Order>(&v, &forged).starts_with("order.not_signed_by_payer"));
    let late = Verifier::new(DidKeyResolver, TrustList::any())
        .with_clock(FixedClock::new(t("2026-01-01T00:00:00Z")));
    assert!(tape_and_tree_agree::<Order>(&late, &good).starts_with("order.expired"));
    // A refined error for an untrusted signer.
    let nobody = Verifier::new(DidKeyResolver, TrustList::new());
    let doc = add_proof(
        json!({"payer": payer.public_key().did()}),
        &payer,
        &ProofOptions::assertion(),
    )
    .unwrap();
    assert!(tape_and_tree_agree::<PayerOrder>(&nobody, &doc).starts_with("order.untrusted_payer"));
    // Proof sets and chains (the tree path inside): makers and checkers.
    let chained = Some("urn:p:maker");
    let any = Verifier::new(DidKeyResolver, TrustList::any());
    assert!(tape_and_tree_agree::<Batch>(&any, &batch(1, &[(3, chained)])).starts_with("ok"));
    assert!(
        tape_and_tree_agree::<Batch>(&any, &batch(2, &[(2, chained)]))
            .starts_with("signer.not_distinct")
    );
    // A proof set without the chain: the checker did not endorse the maker.
    tape_and_tree_agree::<Batch>(&any, &batch(1, &[(3, None)]));
}
