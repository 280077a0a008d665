//! The properties of `govblocks-consent`: agreements, revisions, record chains (raw and built
//! through the service, maybe tampered with in storage) and consent proofs. One function per fuzz
//! target, by the crate's convention (see the [crate documentation](crate)); inside, the checks
//! return `Err(Violation)` and the target function panics with it.
//!
//! Every verifier here works at fixed instants ([`fixtures::NOW`] and after), knows fixed
//! agreements ([`fixtures::BENEFITS`] versions 1 and 2, where 2 narrows 1; [`fixtures::SURVEY`]
//! versions 1 and 2, where 2 widens 1) signed by a fixed controller key, and the structured
//! properties read their input as a stream of choices ([`Choices`]: each read takes the next bytes,
//! zero once they run out, so a short input still builds a complete, typical case: one consent
//! given and verified).

use crate::Choices;
use govblocks_consent::agreement::{Agreements, DataAttribute, LawfulBasis, Purpose};
use govblocks_consent::consent_proof::ConsentProof;
use govblocks_consent::ledger::MemoryLog;
use govblocks_consent::ledger::{Log, StoredEntry};
use govblocks_consent::lifecycle::{transition, Event, State};
use govblocks_consent::permits::{Decision, DenyReason, Question};
use govblocks_consent::record::{RecordVerifier, VerifiedRecord};
use govblocks_consent::revision::{Revision, REVISION_TYPE};
use govblocks_consent::service::{Change, ConsentService};
use govblocks_consent::Error;
use govblocks_core::clock::{Clock, SettableClock, Timestamp};
use govblocks_core::digest::ContentDigest;
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{add_proof, ProofOptions};
use govblocks_core::{jcs, json};
use serde_json::{json, Value};
use std::fmt;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

pub mod fixtures;
use fixtures::*;

/// A violated property: what went wrong, for the crash report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation(pub String);

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Violation {}

/// What a check inside a property returns: `Ok` unless the property was violated.
pub type Outcome = Result<(), Violation>;

/// Panics with the violation, if any (how a property reports one, by the crate's convention).
fn holds(outcome: Outcome) {
    if let Err(violation) = outcome {
        panic!("{violation}");
    }
}

fn fail<T>(what: impl Into<String>) -> Result<T, Violation> {
    Err(Violation(what.into()))
}

fn ensure(condition: bool, what: impl FnOnce() -> String) -> Outcome {
    if condition {
        Ok(())
    } else {
        fail(what())
    }
}

/// Whether `code` is a pinned code (this crate's [`govblocks_consent::error::CODES`] or core's).
pub fn is_known_code(code: &str) -> bool {
    govblocks_consent::error::CODES.contains(&code)
        || govblocks_consent::permits::DenyReason::CODES.contains(&code)
        || govblocks_core::error::CODES.contains(&code)
}

fn coded(error: &Error, context: &str) -> Outcome {
    let code = error.code();
    ensure(is_known_code(code), || {
        format!("{context}: error without a pinned code: {code} ({error})")
    })?;
    ensure(!error.to_string().is_empty(), || {
        format!("{context}: {code} without a message")
    })
}

// ---- choices ----------------------------------------------------------------------------------

/// A non-empty subset of `agreement`'s purposes, chosen by the next byte (a bit per purpose;
/// the first purpose when no bit is set).
fn chosen_purposes(
    c: &mut Choices<'_>,
    agreement: &govblocks_consent::agreement::Agreement,
) -> Vec<String> {
    let all: Vec<String> = agreement.purposes.iter().map(|p| p.id.clone()).collect();
    let mask = c.u8();
    let purposes: Vec<String> = all
        .iter()
        .enumerate()
        .filter(|(i, _)| mask >> i & 1 == 1)
        .map(|(_, p)| p.clone())
        .collect();
    if purposes.is_empty() {
        all.into_iter().take(1).collect()
    } else {
        purposes
    }
}

// ---- shared checks of what verified -----------------------------------------------------------

const CATEGORIES: [&str; 4] = ["income", "household", "health", "genome"];
const PURPOSES: [&str; 4] = ["eligibility", "research", "census", "marketing"];

/// The instants worth asking about for a record with this validity around `now`.
fn instants(
    now: OffsetDateTime,
    from: Option<Timestamp>,
    until: Option<Timestamp>,
) -> Vec<OffsetDateTime> {
    let mut out = vec![now];
    for t in [from, until].into_iter().flatten() {
        let t = t.to_datetime();
        out.push(t);
        out.extend(t.checked_sub(Duration::SECOND));
        out.extend(t.checked_add(Duration::SECOND));
    }
    out
}

/// A verified record: its head state follows from replaying the chain through the lifecycle
/// table, and `permits` allows only consent in force, within validity, for what the agreement
/// and the head's purposes cover.
fn check_verified_record(record: &VerifiedRecord, now: OffsetDateTime) -> Outcome {
    // Replay the chain through the one table.
    let mut state: Option<State> = None;
    let mut previous: Option<&Revision> = None;
    for (position, entry) in record.chain().iter().enumerate() {
        let revision = entry.revision();
        ensure(revision.sequence == position as u64, || {
            format!(
                "verified chain: revision at {position} has sequence {}",
                revision.sequence
            )
        })?;
        let from = previous.map(|before| {
            let ended = before.valid_until.is_some_and(|u| u < revision.timestamp);
            if before.state.is_given() && ended {
                State::Expired
            } else {
                before.state
            }
        });
        let Some(event) = Event::writing(revision.state) else {
            return fail("verified chain: a revision records expired");
        };
        match transition(from, event) {
            Ok(next) if next == revision.state => {}
            other => {
                return fail(format!(
                    "verified chain: {from:?} --{event}--> {:?} is not what the table gives ({other:?})",
                    revision.state
                ))
            }
        }
        ensure(
            previous.map_or(revision.previous.is_none(), |_| revision.previous.is_some()),
            || "verified chain: previous digest absent or present out of place".into(),
        )?;
        state = Some(revision.state);
        previous = Some(revision);
    }
    ensure(state == Some(record.stored_state()), || {
        format!(
            "verified record: stored state {} but the chain replays to {state:?}",
            record.stored_state()
        )
    })?;
    for window in record.chain().windows(2) {
        if let [a, b] = window {
            ensure(b.revision().previous == Some(a.digest()), || {
                "verified chain: previous is not the digest of the revision before".into()
            })?;
        }
    }

    // permits: only in force, within validity, for what is covered.
    let agreement = record.agreement().agreement();
    let (from, until) = record.validity();
    let controller = record.controller().to_owned();
    for t in instants(now, from, until) {
        let state = record.state_at(t);
        for purpose in PURPOSES {
            for category in CATEGORIES {
                for recipient in [
                    None,
                    Some(TAX_OFFICE),
                    Some(OTHER_RECIPIENT),
                    Some(controller.as_str()),
                ] {
                    let decision = record.permits(Question {
                        purpose,
                        data: category,
                        recipient,
                        at: t,
                    });
                    if let Decision::Deny(reason) = decision {
                        ensure(is_known_code(reason.code()), || {
                            format!("deny reason without a pinned code: {}", reason.code())
                        })?;
                        continue;
                    }
                    let covered = agreement.purpose(purpose);
                    let allowed = state.is_given()
                        && from.is_none_or(|f| f.to_datetime() <= t)
                        && until.is_none_or(|u| t <= u.to_datetime())
                        && record.purposes().iter().any(|p| p == purpose)
                        && covered.is_some_and(|p| p.data_categories.iter().any(|c| c == category))
                        && recipient.is_none_or(|r| {
                            r == controller
                                || covered.is_some_and(|p| p.recipients.iter().any(|x| x == r))
                        });
                    ensure(allowed, || {
                        format!(
                            "permits({purpose}, {category}, {recipient:?}) allowed at {t} in state {state} \
                             (validity {from:?}..{until:?}, purposes {:?})",
                            record.purposes()
                        )
                    })?;
                }
            }
        }
    }
    Ok(())
}

/// Sets the member `name` of the object at `pointer` (a JSON pointer, `""` for the document)
/// of `value`, if there is one: [`Value`]'s indexing would panic on another shape.
fn set(value: &mut Value, pointer: &str, name: &str, new: Value) {
    if let Some(map) = value.pointer_mut(pointer).and_then(Value::as_object_mut) {
        map.insert(name.to_owned(), new);
    }
}

/// What verified writes back, through its typed value, to the canonical bytes of the value
/// that was signed.
fn writes_back<T: serde::Serialize>(typed: &T, value: &Value, what: &str) -> Outcome {
    let again = serde_json::to_value(typed).or_else(|e| fail(format!("{what}: {e}")))?;
    let (a, b) = (jcs::canonicalize(value), jcs::canonicalize(&again));
    ensure(a == b, || {
        format!(
            "verified {what} does not write back to the canonical bytes signed:\n{}\n{}",
            String::from_utf8_lossy(&a),
            String::from_utf8_lossy(&b)
        )
    })
}

// ---- consent_agreement ------------------------------------------------------------------------

/// `consent_agreement`: agreement verification of arbitrary bytes (never panics; every error has
/// a pinned code; what verifies is signed by the controller, writes back to the canonical bytes
/// signed, and is named by the digest of that value), then an agreement built from the input
/// as choices (purposes, duplicate ids, lawful bases, categories, recipients, attributes,
/// retention periods; signed by the controller, a stranger, or the controller under a stranger's
/// name; maybe changed after signing): it verifies exactly when it was well formed, signed by
/// its own controller and not changed.
pub fn consent_agreement(data: &[u8]) {
    holds(agreement_bytes(data).and_then(|()| agreement_structured(&mut Choices::new(data))));
}

fn agreement_bytes(data: &[u8]) -> Outcome {
    let verifier = agreement_verifier(NOW);
    let mut known = Agreements::new();
    match known.add(&verifier, data) {
        Err(e) => coded(&e, "agreement (bytes)"),
        Ok(reference) => {
            let value =
                json::parse(data).or_else(|e| fail(format!("verified but unparsable: {e}")))?;
            ensure(reference.digest == ContentDigest::of_json(&value), || {
                "agreement digest is not the digest of the value verified".into()
            })?;
            let got = known
                .resolve(&reference)
                .or_else(|e| fail(format!("added agreement does not resolve: {e}")))?;
            let agreement = got.agreement();
            ensure(
                agreement.controller.id == controller_key().public_key().did(),
                || "an agreement of an untrusted controller verified".into(),
            )?;
            ensure(!agreement.widens(agreement), || {
                "an agreement widens itself".into()
            })?;
            writes_back(agreement, &value, "agreement")
        }
    }
}

fn agreement_structured(c: &mut Choices) -> Outcome {
    let base = agreement_versions();
    let Some(mut agreement) = base.first().cloned() else {
        return fail("no fixed agreement");
    };
    let mut well_formed = true;
    // Purposes: 1–3, drawn from a pool (two share an id when the input says so).
    let count = 1 + c.below(3);
    let mut purposes = Vec::new();
    for i in 0..count {
        let id = match c.u8() % 8 {
            7 if i > 0 => "p0".to_owned(),
            6 => "ünïcødé-目的".to_owned(),
            _ => format!("p{i}"),
        };
        let basis = c.pick(
            &[
                LawfulBasis::Consent,
                LawfulBasis::LegalObligation,
                LawfulBasis::Contract,
                LawfulBasis::VitalInterest,
                LawfulBasis::PublicTask,
                LawfulBasis::LegitimateInterest,
            ],
            LawfulBasis::Consent,
        );
        let categories: Vec<&str> = CATEGORIES
            .iter()
            .copied()
            .enumerate()
            .filter(|(j, _)| c.u8() >> j & 1 == 1 || *j == 0)
            .map(|(_, x)| x)
            .collect();
        let mut purpose = Purpose::new(id, "what for", basis, categories);
        if c.bool() {
            purpose = purpose.with_recipient(TAX_OFFICE);
        }
        purposes.push(purpose);
    }
    let mut ids: Vec<&str> = purposes.iter().map(|p| p.id.as_str()).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    well_formed &= ids.len() == before;
    agreement.purposes = purposes;
    agreement.retention_period = c
        .pick(&["P2Y", "P90D", "P", "P1DT", "PT1H", "P1Y6M"], "P2Y")
        .to_owned();
    well_formed &= !matches!(agreement.retention_period.as_str(), "P" | "P1DT");
    if c.bool() {
        agreement
            .data_attributes
            .push(DataAttribute::new("x", "genome").sensitive(c.bool()));
    }
    // Who signs.
    let signer = c.u8() % 3;
    let stranger = stranger_key().public_key().did();
    let key = match signer {
        1 => stranger_key(),
        _ => controller_key(),
    };
    if signer == 2 {
        agreement.controller.id = stranger.clone();
    }
    let created = timestamp(NOW)?;
    let options = ProofOptions::assertion().with_created(created);
    // Most agreements are signed typed (`Agreement::sign`); some are written as JSON in a shape
    // the typed writer never produces (an empty list, a member left to its default) and signed
    // as they are, as another implementation might: verification must refuse them or read them
    // back exactly.
    let shape = c.u8() % 8;
    let signed = if (1..=4).contains(&shape) && well_formed {
        let mut value = serde_json::to_value(&agreement).or_else(|e| fail(e.to_string()))?;
        match shape {
            1 => set(&mut value, "", "dataAttributes", json!([])),
            2 => set(&mut value, "/purposes/0", "recipients", json!([])),
            3 => {
                set(
                    &mut value,
                    "",
                    "dataAttributes",
                    json!([{"name": "x", "category": "income"}]),
                );
            }
            _ => {
                if let Some(map) = value["controller"].as_object_mut() {
                    map.remove("url");
                }
            }
        }
        match add_proof(value, key, &options) {
            Ok(signed) => signed,
            Err(e) => return fail(format!("signing an agreement as JSON: {e}")),
        }
    } else {
        match agreement.sign(key, &options) {
            Ok(signed) => signed,
            Err(e) => {
                coded(&e, "agreement sign")?;
                return ensure(
                    !well_formed && e.code() == "consent.agreement_invalid",
                    || format!("a well-formed agreement was not signed: {} ({e})", e.code()),
                );
            }
        }
    };
    ensure(well_formed, || "an ill-formed agreement was signed".into())?;
    // A shape the typed writer does not produce: the schema refuses it (shape 4, no `url`, is
    // one it does produce).
    let odd_shape = (1..=3).contains(&shape);
    // Maybe change one member after signing.
    let mut value = signed;
    let changed = match c.u8() % 6 {
        1 => {
            set(&mut value, "", "version", json!("1-changed"));
            true
        }
        2 => {
            set(
                &mut value,
                "/purposes/0",
                "dataCategories",
                json!(["genome"]),
            );
            true
        }
        3 => {
            set(&mut value, "", "retentionPeriod", json!("P99Y"));
            true
        }
        _ => false,
    };
    let mut known = Agreements::new();
    let result = known.add_value(&agreement_verifier(NOW), value.clone());
    let expect_ok = signer == 0 && !changed && !odd_shape;
    match result {
        Ok(_) if expect_ok => {
            let got = known
                .get(&agreement.id, &agreement.version)
                .or_else(|e| fail(format!("added agreement not found: {e}")))?;
            writes_back(got.agreement(), &value, "agreement")
        }
        Ok(_) => fail(format!(
            "agreement accepted: signer {signer}, changed {changed}"
        )),
        Err(e) if expect_ok => fail(format!(
            "a well-formed agreement signed by its controller was refused: {} ({e})",
            e.code()
        )),
        Err(e) => {
            coded(&e, "agreement")?;
            ensure(odd_shape || e.code() != "schema.invalid", || {
                format!("an agreement written by the typed writer refused by its schema: {e}")
            })?;
            ensure(
                signer != 2
                    || changed
                    || odd_shape
                    || e.code() == "consent.agreement_signature_missing",
                || {
                    format!(
                        "an agreement signed under a stranger's name refused with {}",
                        e.code()
                    )
                },
            )
        }
    }
}

// ---- consent_revision -------------------------------------------------------------------------

/// `consent_revision`: one revision from arbitrary bytes, verified alone (the pipeline of
/// [`Revision`] under the controller's trust) and as a record of one revision (stored under its
/// digest as [`RAW_RECORD`]): never panics, every error has a pinned code, a chain of one
/// verifies only if the revision does, and what verifies writes back to its canonical bytes
/// and satisfies the record checks. Then a first revision built from the input as choices with
/// at most one fault (a state no record starts in, `expired`, no purposes, validity reversed or
/// ending at once, a `previous` or a sequence out of place, an unknown purpose, version or
/// digest, another controller named, a stranger's or no proof, the principal signing without
/// `principalKey`, a member changed after signing): it verifies exactly when there is no fault,
/// and a fault is refused with its own code.
pub fn consent_revision(data: &[u8]) {
    holds(revision_bytes(data).and_then(|()| revision_structured(&mut Choices::new(data))));
}

/// The record a stored document names (`RAW_RECORD` when it names none).
fn record_of(document: &[u8]) -> String {
    json::parse(document)
        .ok()
        .and_then(|v| v.get("record").and_then(Value::as_str).map(str::to_owned))
        .unwrap_or_else(|| RAW_RECORD.to_owned())
}

fn revision_bytes(data: &[u8]) -> Outcome {
    let verifier = record_verifier(RAW_AT)?;
    let record = record_of(data);
    let alone = match json::parse(data) {
        Err(_) => None,
        Ok(value) => {
            let principal = value.get("principalKey").and_then(Value::as_str);
            let result = govblocks_consent::testkit_hook::revision_verifier(&verifier, principal)
                .verify_value_as::<Revision>(value.clone());
            match result {
                Err(e) => {
                    coded(&e, "revision (bytes)")?;
                    Some(false)
                }
                Ok(verified) => {
                    writes_back(verified.value(), &value, "revision")?;
                    Some(true)
                }
            }
        }
    };
    let stored = StoredEntry {
        stream: record.clone(),
        sequence: 0,
        digest: ContentDigest::of_bytes(data),
        predecessor: None,
        document: Some(data.to_vec()),
    };
    match verifier.verify(&record, &[stored]) {
        Err(e) => {
            coded(&e, "record of one revision (bytes)")?;
            ensure(e.revision().is_some(), || {
                format!(
                    "a refusal of a stored revision names no revision: {}",
                    e.code()
                )
            })
        }
        Ok(record) => {
            ensure(alone == Some(true), || {
                "a record of one revision verified, the revision alone did not".into()
            })?;
            check_verified_record(&record, at(RAW_AT))
        }
    }
}

/// The faults a structured revision may carry, and the code each is refused with (`None`: a
/// core code, which one depends on the proof).
const REVISION_FAULTS: &[(&str, Option<&str>)] = &[
    ("none", None),
    ("starts withdrawn", Some("consent.transition_invalid")),
    ("starts renewed", Some("consent.transition_invalid")),
    ("expired written", Some("schema.invalid")),
    ("given to no purpose", Some("schema.invalid")),
    (
        "validUntil before validFrom",
        Some("consent.validity_invalid"),
    ),
    ("validUntil at once", Some("consent.validity_invalid")),
    ("previous in the first", Some("consent.chain_broken")),
    ("sequence 1", Some("consent.sequence_invalid")),
    ("purpose unknown", Some("consent.purpose_unknown")),
    ("version unknown", Some("consent.agreement_unknown")),
    ("digest wrong", Some("consent.agreement_digest_mismatch")),
    (
        "another controller named",
        Some("consent.controller_signature_missing"),
    ),
    ("signed by a stranger", None),
    ("unsigned", None),
    ("principal signs without principalKey", None),
    ("changed after signing", None),
    ("another record", Some("consent.record_mismatch")),
];

fn revision_structured(c: &mut Choices) -> Outcome {
    let agreements = agreements()?;
    let (id, version) = c.pick(
        &[
            (BENEFITS, "1"),
            (BENEFITS, "2"),
            (SURVEY, "1"),
            (SURVEY, "2"),
        ],
        (BENEFITS, "1"),
    );
    let known = agreements
        .get(id, version)
        .or_else(|e| fail(format!("fixed agreement: {e}")))?;
    let first_state = c.pick(
        &[
            State::Given,
            State::Requested,
            State::Deferred,
            State::Refused,
        ],
        State::Given,
    );
    let purposes = chosen_purposes(c, known.agreement());
    let with_principal = c.bool();
    let until_days = i64::from(c.u8() % 4) * 30;
    let fault_index = c.below(REVISION_FAULTS.len() * 2);
    // Half the inputs carry no fault.
    let (fault, expected) = REVISION_FAULTS
        .get(fault_index)
        .copied()
        .unwrap_or(("none", None));

    let ts = timestamp(NOW)?;
    // `Revision` is `#[non_exhaustive]`: built from its JSON shape, then set member by member.
    let mut revision: Revision = serde_json::from_value(json!({
        "type": REVISION_TYPE,
        "record": RAW_RECORD,
        "sequence": 0,
        "principal": "pseudonym-4471",
        "controller": known.agreement().controller.id.clone(),
        "agreement": known.reference(),
        "state": first_state,
        "purposes": purposes,
        "timestamp": ts,
    }))
    .or_else(|e| fail(format!("a fixed revision does not read: {e}")))?;
    revision.principal_key = with_principal.then(|| principal_key().public_key().did());
    revision.valid_from = first_state.is_given().then_some(ts);
    revision.valid_until = if first_state.is_given() && until_days > 0 {
        Some(timestamp(NOW + until_days * 86_400)?)
    } else {
        None
    };
    let given = |r: &mut Revision| {
        r.state = State::Given;
        r.valid_from = Some(ts);
    };
    match fault {
        "starts withdrawn" => revision.state = State::Withdrawn,
        "starts renewed" => {
            given(&mut revision);
            revision.state = State::RenewedGiven;
        }
        "expired written" => revision.state = State::Expired,
        "given to no purpose" => {
            given(&mut revision);
            revision.purposes.clear();
        }
        "validUntil before validFrom" => {
            given(&mut revision);
            revision.valid_until = Some(timestamp(NOW - 60)?);
        }
        "validUntil at once" => {
            given(&mut revision);
            revision.valid_until = Some(ts);
        }
        "previous in the first" => revision.previous = Some(ContentDigest::of_bytes(b"before")),
        "sequence 1" => {
            revision.sequence = 1;
            revision.previous = Some(ContentDigest::of_bytes(b"before"));
        }
        "purpose unknown" => revision.purposes.push("marketing".into()),
        "version unknown" => revision.agreement.version = "9".into(),
        "digest wrong" => revision.agreement.digest = ContentDigest::of_bytes(b"other"),
        "another controller named" => revision.controller = stranger_key().public_key().did(),
        "another record" => revision.record = "urn:uuid:other".into(),
        "principal signs without principalKey" => revision.principal_key = None,
        _ => {}
    }
    let options = ProofOptions::assertion().with_created(ts);
    let mut value = serde_json::to_value(&revision).or_else(|e| fail(e.to_string()))?;
    let sign = |value: Value, key: &SecretKey| add_proof(value, key, &options);
    let signed = (|| -> govblocks_core::Result<Value> {
        let mut v = value.clone();
        if fault == "unsigned" {
            return Ok(v);
        }
        if with_principal || fault == "principal signs without principalKey" {
            v = sign(v, principal_key())?;
        }
        let key = if fault == "signed by a stranger" {
            stranger_key()
        } else {
            controller_key()
        };
        sign(v, key)
    })();
    value = match signed {
        Ok(v) => v,
        Err(e) => return fail(format!("signing a structured revision: {e}")),
    };
    if fault == "changed after signing" {
        set(&mut value, "", "principal", json!("pseudonym-9999"));
    }
    let bytes = jcs::canonicalize(&value);
    let stored = StoredEntry {
        stream: RAW_RECORD.to_owned(),
        sequence: revision.sequence,
        digest: ContentDigest::of_bytes(&bytes),
        predecessor: None,
        document: Some(bytes),
    };
    let result = record_verifier(NOW)?.verify(RAW_RECORD, &[stored]);
    match (fault, result) {
        ("none", Ok(record)) => {
            ensure(record.stored_state() == first_state, || {
                "wrong state".into()
            })?;
            check_verified_record(&record, at(NOW))
        }
        ("none", Err(e)) => fail(format!(
            "a faultless revision was refused: {} ({e})",
            e.code()
        )),
        (_, Ok(_)) => fail(format!("a revision with the fault {fault:?} verified")),
        (_, Err(e)) => {
            coded(&e, fault)?;
            ensure(e.revision().map(|r| r.0) == Some(revision.sequence), || {
                format!("refusal of {fault:?} names revision {:?}", e.revision())
            })?;
            match expected {
                Some(code) => ensure(e.code() == code, || {
                    format!("{fault:?} refused with {} ({e}), expected {code}", e.code())
                }),
                None => ensure(govblocks_core::error::CODES.contains(&e.code()), || {
                    format!(
                        "{fault:?} refused with {} ({e}), expected a core code",
                        e.code()
                    )
                }),
            }
        }
    }
}

// ---- consent_chain ----------------------------------------------------------------------------

/// What the model of a structured chain expects.
#[derive(Debug, Clone)]
struct Model {
    record: Option<String>,
    agreement: &'static str,
    version: String,
    /// The state after each revision written.
    history: Vec<State>,
    valid_until: Option<i64>,
}

impl Model {
    /// The state an event at `now` starts from (expired once `validUntil` passed).
    fn from(&self, now: i64) -> Option<State> {
        let state = *self.history.last()?;
        if state.is_given() && self.valid_until.is_some_and(|u| u < now) {
            Some(State::Expired)
        } else {
            Some(state)
        }
    }
}

/// A record built through [`ConsentService`] over a [`MemoryLog`].
struct Built {
    service: ConsentService<MemoryLog, &'static SecretKey>,
    model: Model,
    /// The clock's time after the last event.
    now: i64,
}

const EVENTS: [Event; 8] = [
    Event::Give,
    Event::Request,
    Event::Defer,
    Event::Refuse,
    Event::Renew,
    Event::Withdraw,
    Event::Revoke,
    Event::Invalidate,
];

/// Builds a record from a sequence of 1–`max_events` lifecycle events chosen by the input,
/// checking each outcome of the service against the lifecycle table.
fn build_chain(c: &mut Choices, max_events: usize) -> Result<Built, Violation> {
    let agreements = agreements()?;
    // Core's settable clock, moved forward between events.
    let clock = SettableClock::at(at(NOW));
    let verifier = RecordVerifier::new(
        Arc::clone(agreements),
        [controller_key().public_key().did()],
    )
    .with_clock(clock.clone());
    // The chains run in a simulated time, far from the machine's: new revisions are checked
    // against the simulated clock (plus skew), not the system's.
    let service = ConsentService::new(
        govblocks_consent::ledger::memory(),
        controller_key(),
        verifier,
    )
    .with_wall_clock(clock.clone());
    let (agreement, first_version) = c.pick(
        &[
            (BENEFITS, "1"),
            (SURVEY, "1"),
            (BENEFITS, "2"),
            (SURVEY, "2"),
        ],
        (BENEFITS, "1"),
    );
    let mut model = Model {
        record: None,
        agreement,
        version: first_version.to_owned(),
        history: Vec::new(),
        valid_until: None,
    };
    let events = 1 + c.below(max_events);
    for _ in 0..events {
        let step = c.pick(&[0_i64, 1, 60, 3_600, 86_400, 30 * 86_400, 400 * 86_400], 0);
        clock.advance(Duration::seconds(step));
        let now = clock.now().unix_timestamp();
        let event = c.pick(&EVENTS, Event::Give);
        let giving = matches!(event, Event::Give | Event::Renew);
        // A new agreement version (give and renew only, unless the input insists).
        let version_choice = c.u8() % 8;
        let new_version = match version_choice {
            1 => Some("1"),
            2 => Some("2"),
            _ => None,
        }
        .filter(|_| model.record.is_some() && (giving || c.u8() % 8 == 0));
        let version = new_version.unwrap_or(model.version.as_str()).to_owned();
        let known = agreements
            .get(agreement, &version)
            .or_else(|e| fail(format!("fixed agreement: {e}")))?;
        let purposes = chosen_purposes(c, known.agreement());
        let until = c.pick(
            &[
                None,
                Some(3_600_i64),
                Some(86_400),
                Some(365 * 86_400),
                Some(0),
                Some(-3_600),
            ],
            None,
        );
        let by_principal = c.bool();

        let mut change = Change::none();
        if giving || model.record.is_none() {
            change = change.purposes(purposes);
        }
        if giving {
            if let Some(offset) = until {
                change = change.valid_until(timestamp(now + offset)?);
            }
        }
        if let Some(v) = new_version {
            change = change.agreement_version(v);
        }
        if matches!(event, Event::Revoke | Event::Invalidate) {
            change = change.reason("fuzz");
        }
        if by_principal {
            change = change.signed_by_principal(principal_key());
        }

        let from = model.from(now);
        let expected = if transition(from, event).is_err() {
            Some("consent.transition_invalid")
        } else if new_version.is_some() && !giving {
            Some("consent.agreement_changed")
        } else if giving && until.is_some_and(|u| u <= 0) {
            Some("consent.validity_invalid")
        } else {
            None
        };
        let result = match &model.record {
            None => service.create(agreement, &model.version, "pseudonym-4471", event, change),
            Some(record) => service.update(record, event, change),
        };
        match (result, expected) {
            (Ok(outcome), None) => {
                ensure(outcome.state == event.target(), || {
                    format!("{event} recorded {}", outcome.state)
                })?;
                ensure(outcome.sequence == model.history.len() as u64, || {
                    format!("{event} appended at {}", outcome.sequence)
                })?;
                model.record = Some(outcome.record);
                model.history.push(outcome.state);
                model.version = version;
                if giving {
                    model.valid_until = until.map(|u| now + u);
                }
            }
            (Ok(_), Some(code)) => {
                return fail(format!(
                    "the service applied {event} from {from:?}; expected {code}"
                ))
            }
            (Err(e), None) => {
                return fail(format!(
                    "the service refused {event} from {from:?}: {} ({e})",
                    e.code()
                ))
            }
            (Err(e), Some(code)) => {
                coded(&e, "service")?;
                ensure(e.code() == code, || {
                    format!(
                        "the service refused {event} from {from:?} with {} ({e}), expected {code}",
                        e.code()
                    )
                })?;
            }
        }
    }
    let now = clock.now().unix_timestamp();
    Ok(Built {
        service,
        model,
        now,
    })
}

/// `consent_chain`: a record's chain from arbitrary bytes (each line one stored revision,
/// under the digest of its bytes) verified as [`RAW_RECORD`]: never panics, every error has a
/// pinned code and names a revision, what verifies replays through the lifecycle table and
/// permits only consent in force. Then a record built through [`ConsentService`] over a
/// [`MemoryLog`] from 1–6 lifecycle events chosen by the input (with a clock moving between
/// them, new agreement versions, validity, the principal co-signing), each outcome of the service
/// checked against the lifecycle table, then maybe tampered with in storage (a byte changed
/// with or without its digest, a revision dropped, two swapped, one duplicated, one re-signed by
/// a stranger, one erased): the untampered chain verifies at any later time with the state the
/// model expects and the coverage it expects; a tampered one is refused naming the revision
/// (dropping the last revision is the one change a chain cannot show: it verifies, with the
/// state before).
pub fn consent_chain(data: &[u8]) {
    holds(chain_bytes(data).and_then(|()| chain_structured(&mut Choices::new(data))));
}

/// The lines of `data` (at most 8) as the stored chain of the record the first names.
fn raw_chain(data: &[u8]) -> (String, Vec<StoredEntry>) {
    let record = record_of(data.split(|b| *b == b'\n').next().unwrap_or_default());
    let mut stored = Vec::new();
    for (i, line) in data.split(|b| *b == b'\n').take(8).enumerate() {
        let sequence = i as u64;
        stored.push(StoredEntry {
            stream: record.clone(),
            sequence,
            digest: ContentDigest::of_bytes(line),
            predecessor: stored.last().map(|s: &StoredEntry| s.digest),
            document: Some(line.to_vec()),
        });
    }
    (record, stored)
}

fn chain_bytes(data: &[u8]) -> Outcome {
    let (record, stored) = raw_chain(data);
    match record_verifier(RAW_AT)?.verify(&record, &stored) {
        Err(e) => {
            coded(&e, "chain (bytes)")?;
            ensure(e.revision().is_some(), || {
                format!("a refused chain names no revision: {} ({e})", e.code())
            })
        }
        Ok(record) => check_verified_record(&record, at(RAW_AT)),
    }
}

/// The state a verified record built by the model is in at `t`.
fn expected_state_at(model: &Model, t: i64) -> Option<State> {
    let state = *model.history.last()?;
    if !state.is_given() {
        return Some(state);
    }
    if model.agreement == SURVEY && model.version == "1" {
        return Some(State::Invalidated);
    }
    if model.valid_until.is_some_and(|u| u < t) {
        return Some(State::Expired);
    }
    Some(state)
}

fn chain_structured(c: &mut Choices) -> Outcome {
    let built = build_chain(c, 6)?;
    let Some(record) = built.model.record.clone() else {
        return Ok(());
    };
    let mut stored = built
        .service
        .ledger()
        .entries(&record)
        .or_else(|e| fail(format!("ledger: {e}")))?;
    let n = stored.len();
    ensure(n == built.model.history.len(), || {
        format!(
            "{n} revisions stored, {} applied",
            built.model.history.len()
        )
    })?;
    let later = c.pick(&[0_i64, 3_600, 86_400, 400 * 86_400, 3_650 * 86_400], 0);
    let end = built.now + later;
    let verifier = record_verifier(end)?;

    let i = c.below(n);
    let tamper = c.u8() % 9;
    // What the tampering should give: Ok(states) (verifies, with these states), or the code and
    // revision (None: any pinned code).
    let mut expect: Result<usize, (Option<&str>, Option<u64>)> = Ok(n);
    let index = i as u64;
    match tamper {
        1 | 2 => {
            if let Some(s) = stored.get_mut(i) {
                if let Some(doc) = s.document.as_mut() {
                    let len = doc.len().max(1);
                    let p = usize::from(c.u16()) % len;
                    let x = c.u8() | 1;
                    if let Some(b) = doc.get_mut(p) {
                        *b ^= x;
                    }
                    if tamper == 2 {
                        s.digest = ContentDigest::of_bytes(doc);
                        expect = Err((None, Some(index)));
                    } else {
                        expect = Err((Some("consent.digest_mismatch"), Some(index)));
                    }
                }
            }
        }
        3 => {
            stored.remove(i);
            expect = if n == 1 {
                Err((Some("consent.record_not_found"), None))
            } else if i == n - 1 {
                Ok(n - 1)
            } else {
                Err((Some("consent.sequence_invalid"), Some(index + 1)))
            };
        }
        4 if i + 1 < n => {
            stored.swap(i, i + 1);
            expect = Err((Some("consent.sequence_invalid"), Some(index + 1)));
        }
        5 => {
            if let Some(copy) = stored.get(i).cloned() {
                stored.insert(i + 1, copy);
                expect = Err((Some("consent.sequence_invalid"), Some(index)));
            }
        }
        6 => {
            let how = c.u8() % 3;
            if let Some(s) = stored.get_mut(i) {
                let doc = s.document.clone().unwrap_or_default();
                let mut value =
                    json::parse(&doc).or_else(|e| fail(format!("stored revision: {e}")))?;
                if let Some(map) = value.as_object_mut() {
                    if how != 1 {
                        map.remove("proof");
                    }
                    if how == 2 {
                        map.insert(
                            "controller".into(),
                            json!(stranger_key().public_key().did()),
                        );
                    }
                }
                let created = timestamp(built.now)?;
                let signed = add_proof(
                    value,
                    stranger_key(),
                    &ProofOptions::assertion().with_created(created),
                )
                .or_else(|e| fail(format!("re-signing by a stranger: {e}")))?;
                let bytes = jcs::canonicalize(&signed);
                s.digest = ContentDigest::of_bytes(&bytes);
                s.document = Some(bytes);
                expect = Err((None, Some(index)));
            }
        }
        7 => {
            if let Some(s) = stored.get_mut(i) {
                s.document = None;
                expect = Err((Some("consent.record_erased"), Some(index)));
            }
        }
        _ => {}
    }

    match (verifier.verify(&record, &stored), expect) {
        (Ok(verified), Ok(len)) => {
            ensure(verified.chain().len() == len, || {
                "verified chain has the wrong length".into()
            })?;
            let expected = built.model.history.get(len.wrapping_sub(1)).copied();
            ensure(Some(verified.stored_state()) == expected, || {
                format!(
                    "verified state {} but the model expects {expected:?} (history {:?})",
                    verified.stored_state(),
                    built.model.history
                )
            })?;
            if len == n {
                let state = verified.state_at(at(end));
                let model_state = expected_state_at(&built.model, end);
                ensure(Some(state) == model_state, || {
                    format!("state at the end is {state}, the model expects {model_state:?}")
                })?;
                ensure(
                    verified.agreement().agreement().version == built.model.version,
                    || "the record's agreement version is not the model's".into(),
                )?;
            }
            check_verified_record(&verified, at(end))
        }
        (Ok(_), Err(_)) => fail(format!(
            "a chain tampered with ({tamper} at {i} of {n}) verified"
        )),
        (Err(e), Ok(_)) => fail(format!(
            "an untampered chain (tamper {tamper} at {i} of {n}) was refused: {} ({e})",
            e.code()
        )),
        (Err(e), Err((code, revision))) => {
            coded(&e, "tampered chain")?;
            if let Some(code) = code {
                ensure(e.code() == code, || {
                    format!(
                        "tamper {tamper} at {i} of {n} refused with {} ({e}), expected {code}",
                        e.code()
                    )
                })?;
            }
            ensure(e.revision().map(|r| r.0) == revision, || {
                format!(
                    "tamper {tamper} at {i} of {n} refused naming {:?}, expected {revision:?} ({e})",
                    e.revision()
                )
            })
        }
    }
}

// ---- consent_proof ----------------------------------------------------------------------------

/// `consent_proof`: consent-proof verification of arbitrary bytes by a verifier trusting the
/// controller at [`NOW`] (never panics; every error has a pinned code; what verifies is for
/// consent in force, writes back to the canonical bytes signed, and permits only within its
/// validity and coverage), then a proof issued from a record built as in `consent_chain`
/// (1–3 events), with a validity chosen by the input (including zero and negative), verified
/// at a time chosen around it (before issue, at issue, after expiry) and maybe changed or
/// re-signed by a stranger: issuing succeeds exactly when the record's consent is in force
/// (otherwise its deny reason's code), verification succeeds exactly within
/// `[issued - skew, expires + skew]` when nothing was changed, and a verified proof answers
/// `permits` as the record does while it has not expired.
pub fn consent_proof(data: &[u8]) {
    holds(proof_bytes(data).and_then(|()| proof_structured(&mut Choices::new(data))));
}

fn check_proof_permits(proof: &ConsentProof, t: OffsetDateTime) -> Outcome {
    for purpose in PURPOSES {
        for category in CATEGORIES {
            for recipient in [None, Some(TAX_OFFICE), Some(OTHER_RECIPIENT)] {
                match proof.permits(Question {
                    purpose,
                    data: category,
                    recipient,
                    at: t,
                }) {
                    Decision::Deny(reason) => ensure(is_known_code(reason.code()), || {
                        format!("deny reason without a pinned code: {}", reason.code())
                    })?,
                    Decision::Allow => {
                        let covered = proof.purposes.iter().find(|p| p.id == purpose);
                        let allowed = proof.state.is_given()
                            && t <= proof.expires.to_datetime()
                            && proof.valid_from.is_none_or(|f| f.to_datetime() <= t)
                            && proof.valid_until.is_none_or(|u| t <= u.to_datetime())
                            && covered
                                .is_some_and(|p| p.data_categories.iter().any(|c| c == category))
                            && recipient.is_none_or(|r| {
                                r == proof.controller
                                    || covered.is_some_and(|p| p.recipients.iter().any(|x| x == r))
                            });
                        ensure(allowed, || {
                            format!("consent proof permits({purpose}, {category}, {recipient:?}) at {t}")
                        })?;
                    }
                }
            }
        }
    }
    Ok(())
}

fn proof_bytes(data: &[u8]) -> Outcome {
    match agreement_verifier(NOW).verify_as::<ConsentProof>(data) {
        Err(e) => coded(&e, "consent proof (bytes)"),
        Ok(verified) => {
            let value =
                json::parse(data).or_else(|e| fail(format!("verified but unparsable: {e}")))?;
            let proof = verified.value();
            ensure(proof.state.is_given(), || {
                "a consent proof not in force verified".into()
            })?;
            ensure(
                verified.proofs().iter().all(|p| {
                    p.controller == proof.controller
                        && p.controller == controller_key().public_key().did()
                }),
                || "a consent proof verified with a proof by someone else".into(),
            )?;
            writes_back(proof, &value, "consent proof")?;
            let mut times = instants(at(NOW), proof.valid_from, proof.valid_until);
            times.extend(instants(at(NOW), Some(proof.issued), Some(proof.expires)));
            for t in times {
                check_proof_permits(proof, t)?;
            }
            Ok(())
        }
    }
}

fn proof_structured(c: &mut Choices) -> Outcome {
    let built = build_chain(c, 3)?;
    let Some(record) = built.model.record.clone() else {
        return Ok(());
    };
    let verifier = record_verifier(built.now)?;
    let verified = verifier
        .load(built.service.ledger(), &record)
        .or_else(|e| {
            fail(format!(
                "a built record does not verify: {} ({e})",
                e.code()
            ))
        })?;
    let now = built.now;
    let validity = c.pick(&[300_i64, 1, 3_600, 0, -60, 10 * 86_400], 300);
    let issued = verified.consent_proof(controller_key(), at(now), Duration::seconds(validity));
    let in_force = verified.state_at(at(now));
    let value = match issued {
        Err(e) => {
            coded(&e, "consent proof issue")?;
            let expected = if validity <= 0 {
                "consent.proof_validity_invalid"
            } else {
                match DenyReason::for_state(in_force) {
                    Some(reason) => reason.code(),
                    None => {
                        return fail(format!(
                            "no consent proof from a record in force: {} ({e})",
                            e.code()
                        ))
                    }
                }
            };
            return ensure(e.code() == expected, || {
                format!(
                    "consent proof refused with {}, expected {expected}",
                    e.code()
                )
            });
        }
        Ok(value) => value,
    };
    ensure(validity > 0 && in_force.is_given(), || {
        format!("a consent proof was issued with validity {validity} s in state {in_force}")
    })?;
    let expires = value
        .get("expires")
        .and_then(Value::as_str)
        .and_then(|t| Timestamp::parse(t, "expires").ok())
        .map(|t| t.to_datetime().unix_timestamp())
        .unwrap_or(i64::MIN);
    ensure(expires >= now && expires <= now + validity, || {
        format!("consent proof expires at {expires}, issued at {now} for {validity} s")
    })?;
    let skew = 300;
    let offset = c.pick(
        &[
            0_i64,
            1,
            -skew - 1,
            -skew,
            expires - now + skew,
            expires - now + skew + 1,
        ],
        0,
    );
    let when = now + offset;
    let mut value = value;
    let change = c.u8() % 5;
    match change {
        1 => set(
            &mut value,
            "/purposes/0",
            "dataCategories",
            json!(["genome"]),
        ),
        2 => set(&mut value, "", "expires", json!("9999-12-31T23:59:59Z")),
        3 | 4 => {
            if let Some(map) = value.as_object_mut() {
                map.remove("proof");
                if change == 4 {
                    map.insert(
                        "controller".into(),
                        json!(stranger_key().public_key().did()),
                    );
                }
            }
            value = add_proof(
                value,
                stranger_key(),
                &ProofOptions::assertion().with_created(timestamp(now)?),
            )
            .or_else(|e| fail(format!("re-signing by a stranger: {e}")))?;
        }
        _ => {}
    }
    let bytes = jcs::canonicalize(&value);
    let result = agreement_verifier(when).verify_as::<ConsentProof>(&bytes);
    let in_window = when >= now - skew && when <= expires + skew;
    match result {
        Ok(proof) if change == 0 && in_window => {
            writes_back(proof.value(), &value, "consent proof")?;
            let proof = proof.value();
            for t in [now, when, expires, expires + 1] {
                for purpose in PURPOSES {
                    for category in CATEGORIES {
                        for recipient in [None, Some(TAX_OFFICE), Some(OTHER_RECIPIENT)] {
                            let p = proof.permits(Question { purpose, data: category, recipient, at: at(t) });
                            let r = verified.permits(Question { purpose, data: category, recipient, at: at(t) });
                            let same = if t <= expires { p == r } else { p == Decision::Deny(DenyReason::Expired) };
                            ensure(same, || {
                                format!("consent proof says {p:?}, the record {r:?} for ({purpose}, {category}, {recipient:?}) at {t}")
                            })?;
                        }
                    }
                }
                check_proof_permits(proof, at(t))?;
            }
            Ok(())
        }
        Ok(_) => fail(format!(
            "consent proof accepted: change {change}, verified at {offset:+} s (expires {} s after issue)",
            expires - now
        )),
        Err(e) if change == 0 && in_window => fail(format!(
            "a consent proof verified at {offset:+} s within its window was refused: {} ({e})",
            e.code()
        )),
        Err(e) => {
            coded(&e, "consent proof")?;
            if change == 0 && when > expires + skew {
                ensure(e.code() == "consent.proof_expired", || {
                    format!("an expired consent proof refused with {}", e.code())
                })?;
            }
            Ok(())
        }
    }
}

// ---- seeds and verdicts -------------------------------------------------------------------------

/// How the raw (JSON) inputs of `target` fare: `Ok` when they verify, the code otherwise;
/// `None` for a target without raw verdicts. The replay test holds `accepted-*` and `refused-*`
/// seeds to it.
pub fn verdict(target: &str, data: &[u8]) -> Option<Result<(), &'static str>> {
    let code = |e: Error| e.code();
    let result = match target {
        "consent_agreement" => Agreements::new()
            .add(&agreement_verifier(NOW), data)
            .map(|_| ())
            .map_err(code),
        "consent_revision" => {
            let record = record_of(data);
            let stored = StoredEntry {
                stream: record.clone(),
                sequence: 0,
                digest: ContentDigest::of_bytes(data),
                predecessor: None,
                document: Some(data.to_vec()),
            };
            match record_verifier(RAW_AT) {
                Ok(v) => v.verify(&record, &[stored]).map(|_| ()).map_err(code),
                Err(_) => Err("fuzzing.fixture"),
            }
        }
        "consent_chain" => {
            let (record, stored) = raw_chain(data);
            match record_verifier(RAW_AT) {
                Ok(v) => v.verify(&record, &stored).map(|_| ()).map_err(code),
                Err(_) => Err("fuzzing.fixture"),
            }
        }
        "consent_proof" => agreement_verifier(NOW)
            .verify_as::<ConsentProof>(data)
            .map(|_| ())
            .map_err(code),
        _ => return None,
    };
    Some(result)
}

/// The fixed agreements, signed by the controller at [`NOW`] (seeds).
pub fn signed_agreements() -> Result<Vec<Value>, Violation> {
    let created = timestamp(NOW)?;
    agreement_versions()
        .iter()
        .map(|a| {
            a.sign(
                controller_key(),
                &ProofOptions::assertion().with_created(created),
            )
            .or_else(|e| fail(format!("signing a fixed agreement: {e}")))
        })
        .collect()
}

/// Signs `value` (without its proofs) again as the service would: by the principal's key when
/// it names one, then by `key`, created at its `timestamp`.
fn resign(mut value: Value, key: &SecretKey) -> Result<Value, Violation> {
    if let Some(map) = value.as_object_mut() {
        map.remove("proof");
    }
    let created = value
        .get("timestamp")
        .and_then(Value::as_str)
        .and_then(|t| Timestamp::parse(t, "timestamp").ok())
        .map_or_else(|| timestamp(NOW), Ok)?;
    let options = ProofOptions::assertion().with_created(created);
    let principal = principal_key().public_key().did();
    if value.get("principalKey").and_then(Value::as_str) == Some(principal.as_str()) {
        value = add_proof(value, principal_key(), &options)
            .or_else(|e| fail(format!("re-signing: {e}")))?;
    }
    add_proof(value, key, &options).or_else(|e| fail(format!("re-signing: {e}")))
}

/// A chain built as the structured `consent_chain` builds one from `choices`, written again
/// under the fixed record id [`RAW_RECORD`] (the service draws random ids), so that it
/// regenerates byte for byte: the canonical documents, oldest first (empty when the choices
/// made no record). Each document is re-signed as the service signed it, and names the digest
/// of the one before.
pub fn seed_chain(choices: &[u8]) -> Result<Vec<Vec<u8>>, Violation> {
    Ok(seed_record(choices)?
        .map(|(docs, _)| docs)
        .unwrap_or_default())
}

/// A seed chain's documents and the time of its last event.
type SeedRecord = (Vec<Vec<u8>>, i64);

fn seed_record(choices: &[u8]) -> Result<Option<SeedRecord>, Violation> {
    let built = build_chain(&mut Choices::new(choices), 6)?;
    let Some(record) = built.model.record.clone() else {
        return Ok(None);
    };
    let stored = built
        .service
        .ledger()
        .entries(&record)
        .or_else(|e| fail(format!("ledger: {e}")))?;
    let mut out: Vec<Vec<u8>> = Vec::new();
    for s in stored {
        let mut value = json::parse(s.document.as_deref().unwrap_or_default())
            .or_else(|e| fail(format!("stored revision: {e}")))?;
        set(&mut value, "", "record", json!(RAW_RECORD));
        if let Some(before) = out.last() {
            set(
                &mut value,
                "",
                "previous",
                json!(ContentDigest::of_bytes(before).to_string()),
            );
        }
        out.push(jcs::canonicalize(&resign(value, controller_key())?));
    }
    Ok(Some((out, built.now)))
}

/// The documents of `chain` as stored lines (the raw `consent_chain` input).
pub fn lines(chain: &[Vec<u8>]) -> Vec<u8> {
    chain.join(&b'\n')
}

/// A consent proof of the seed chain of `choices`, issued at `issued` (unix seconds) for
/// `validity` seconds (`Err` with the code when the record yields none).
pub fn seed_proof(
    choices: &[u8],
    issued: i64,
    validity: i64,
) -> Result<Result<Vec<u8>, &'static str>, Violation> {
    let Some((chain, now)) = seed_record(choices)? else {
        return fail("the choices made no record");
    };
    let (record, stored) = raw_chain(&lines(&chain));
    let verified = match record_verifier(now)?.verify(&record, &stored) {
        Ok(v) => v,
        Err(e) => return fail(format!("a seed chain does not verify: {} ({e})", e.code())),
    };
    Ok(verified
        .consent_proof(controller_key(), at(issued), Duration::seconds(validity))
        .map(|v| jcs::canonicalize(&v))
        .map_err(|e| e.code()))
}

/// `value` with its proofs replaced: by the stranger's key when `stranger`, otherwise by the
/// controller's (and the principal's, when it names `principalKey`), created at its
/// `timestamp` (seeds that change a document and sign it again).
pub fn resigned(value: Value, stranger: bool) -> Result<Value, Violation> {
    resign(
        value,
        if stranger {
            stranger_key()
        } else {
            controller_key()
        },
    )
}
