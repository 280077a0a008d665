//! The seeds of the consent fuzz targets.
//!
//! Everything is built with the fixed keys, agreements and instants of
//! [`crate::consent::fixtures`], and chains are written under a fixed record id, so the files
//! regenerate byte for byte. `accepted-*` seeds verify as raw input of their target,
//! `refused-*` seeds do not (the replay checks both); the `.bin`
//! seeds are choices for the structured half of each property (see the module for how each
//! byte is read).

use crate::consent::fixtures::{self, NOW};
use crate::consent::{self as fuzzing};
use govblocks_core::jcs;
use govblocks_core::proof::{add_proof, ProofOptions};
use serde_json::{json, Value};
use std::path::Path;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

fn parse(bytes: &[u8]) -> Value {
    govblocks_core::json::parse(bytes).unwrap()
}

fn canonical(value: &Value) -> Vec<u8> {
    jcs::canonicalize(value)
}

// The choices of one lifecycle event in a structured chain, in the order the builder reads
// them: the clock step (0: none, 1: 1 s, 2: 1 min, 3: 1 h, 4: 1 day, 5: 30 days, 6: 400 days),
// the event (0 give, 1 request, 2 defer, 3 refuse, 4 renew, 5 withdraw, 6 revoke,
// 7 invalidate), a new agreement version for a give or renewal (0: none, 1 or 2), the purposes
// (a bit mask over the version's purposes; none set: the first), `validUntil` (0: none, 1: 1 h,
// 2: 1 day, 3: 365 days, 4: at once, 5: an hour ago), whether the principal co-signs.
fn event(step: u8, event: u8, version: u8, mask: u8, until: u8, principal: u8) -> [u8; 6] {
    [step, event, version, mask, until, principal]
}

/// Choices for a chain: the agreement (0: benefits 1, 1: survey 1, 2: benefits 2, 3: survey 2),
/// the number of events less one, then the events.
fn chain(agreement: u8, events: &[[u8; 6]]) -> Vec<u8> {
    let mut out = vec![agreement, (events.len() - 1) as u8];
    for e in events {
        out.extend_from_slice(e);
    }
    out
}

/// Writes the consent seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    // Every structured property reads an empty input as its default case (one consent given).
    for target in [
        "consent_agreement",
        "consent_revision",
        "consent_chain",
        "consent_proof",
    ] {
        write(out, target, "empty.bin", b"");
    }

    // ---- consent_agreement ----------------------------------------------------------------
    let signed = fuzzing::signed_agreements().unwrap();
    for (value, name) in signed.iter().zip([
        "accepted-benefits-1.json",
        "accepted-benefits-2-narrower.json",
        "accepted-survey-1.json",
        "accepted-survey-2-wider.json",
    ]) {
        write(out, "consent_agreement", name, &canonical(value));
    }
    let base = signed[0].clone();
    let mut tampered = base.clone();
    tampered["purposes"][0]["dataCategories"] = json!(["income", "household", "genome"]);
    write(
        out,
        "consent_agreement",
        "refused-tampered.json",
        &canonical(&tampered),
    );
    let mut unsigned = base.clone();
    unsigned.as_object_mut().unwrap().remove("proof");
    write(
        out,
        "consent_agreement",
        "refused-unsigned.json",
        &canonical(&unsigned),
    );
    let created = govblocks_core::clock::Timestamp::parse("2025-03-01T10:00:00Z", "t").unwrap();
    let options = ProofOptions::assertion().with_created(created);
    let by_stranger = add_proof(unsigned.clone(), fixtures::stranger_key(), &options).unwrap();
    write(
        out,
        "consent_agreement",
        "refused-stranger.json",
        &canonical(&by_stranger),
    );
    let mut duplicate = unsigned.clone();
    let first = duplicate["purposes"][0].clone();
    duplicate["purposes"].as_array_mut().unwrap().push(first);
    let duplicate = add_proof(duplicate, fixtures::controller_key(), &options).unwrap();
    write(
        out,
        "consent_agreement",
        "refused-duplicate-purpose.json",
        &canonical(&duplicate),
    );
    let mut no_period = unsigned.clone();
    no_period["retentionPeriod"] = json!("P");
    let no_period = add_proof(no_period, fixtures::controller_key(), &options).unwrap();
    write(
        out,
        "consent_agreement",
        "refused-empty-retention.json",
        &canonical(&no_period),
    );
    let mut extra = unsigned;
    extra["marketing"] = json!(true);
    let extra = add_proof(extra, fixtures::controller_key(), &options).unwrap();
    write(
        out,
        "consent_agreement",
        "refused-unknown-member.json",
        &canonical(&extra),
    );
    // Shapes the typed writer never produces, signed as JSON: the schema refuses them (a
    // verified agreement must read back exactly as signed; these did not before the schema
    // required `sensitive` and non-empty `dataAttributes` and `recipients`).
    let mut shape = base.clone();
    shape.as_object_mut().unwrap().remove("proof");
    let mut no_sensitive = shape.clone();
    no_sensitive["dataAttributes"][0]
        .as_object_mut()
        .unwrap()
        .remove("sensitive");
    let mut no_attributes = shape.clone();
    no_attributes["dataAttributes"] = json!([]);
    let mut no_recipients = shape;
    no_recipients["purposes"][1]["recipients"] = json!([]);
    for (value, name) in [
        (no_sensitive, "refused-sensitive-absent.json"),
        (no_attributes, "refused-empty-data-attributes.json"),
        (no_recipients, "refused-empty-recipients.json"),
    ] {
        let signed = add_proof(value, fixtures::controller_key(), &options).unwrap();
        write(out, "consent_agreement", name, &canonical(&signed));
    }
    // Structured choices, read in this order: the number of purposes less one; for each, its
    // id (6: a non-ASCII one, 7: the first one's), lawful basis, four bytes whose bits pick
    // categories, a recipient; the retention period (2: `P`, 3: `P1DT`), an attribute; the
    // signer (1: a stranger, 2: the controller under the stranger's name); the shape (1-4:
    // written as JSON with an empty `dataAttributes`, empty `recipients`, no `sensitive`, no
    // `url`); a change after signing.
    for (name, choices) in [
        (
            "choices-three-purposes.bin",
            vec![
                2, 7, 1, 0x0f, 1, 6, 3, 0x03, 1, 6, 3, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0,
            ],
        ),
        (
            "choices-duplicate-purpose.bin",
            vec![1, 0, 0, 0, 0, 0, 0, 0, 7],
        ),
        (
            "choices-empty-retention.bin",
            vec![0, 0, 0, 0, 0, 0, 0, 0, 2],
        ),
        (
            "choices-signed-by-stranger.bin",
            vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
        ),
        (
            "choices-under-stranger-name.bin",
            vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
        ),
        (
            "choices-changed.bin",
            vec![0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
        ),
        (
            "choices-empty-recipients-as-json.bin",
            vec![0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2, 0],
        ),
    ] {
        write(out, "consent_agreement", name, &choices);
    }

    // ---- chains (consent_chain, consent_revision) -----------------------------------------
    // give; withdraw an hour later; give again a day later for a year, co-signed.
    let given_withdrawn = chain(
        0,
        &[
            event(0, 0, 0, 1, 0, 0),
            event(3, 5, 0, 0, 0, 0),
            event(4, 0, 0, 3, 3, 1),
        ],
    );
    // request; defer; give to both purposes; renew under version 2; revoke.
    let full = chain(
        0,
        &[
            event(0, 1, 0, 3, 0, 0),
            event(2, 2, 0, 0, 0, 0),
            event(3, 0, 0, 3, 2, 0),
            event(3, 4, 2, 1, 3, 1),
            event(4, 6, 0, 0, 0, 0),
        ],
    );
    // given under survey 1, which version 2 widens: verifies, permits nothing.
    let superseded = chain(1, &[event(0, 0, 0, 1, 0, 0)]);
    // given for an hour; a day later renewed from expired.
    let renewed = chain(2, &[event(0, 0, 0, 1, 1, 0), event(4, 4, 0, 1, 2, 0)]);
    let chains = [
        ("given-withdrawn-given", &given_withdrawn),
        ("requested-deferred-given-renewed-revoked", &full),
        ("superseded-agreement", &superseded),
        ("expired-renewed", &renewed),
    ];
    let mut built = Vec::new();
    for (name, choices) in chains {
        let docs = fuzzing::seed_chain(choices).unwrap();
        assert!(!docs.is_empty(), "{name}: no record");
        write(
            out,
            "consent_chain",
            &format!("accepted-{name}.jsonl"),
            &fuzzing::lines(&docs),
        );
        write(
            out,
            "consent_chain",
            &format!("choices-{name}.bin"),
            choices,
        );
        built.push(docs);
    }
    let full_docs = &built[1];
    let line = fuzzing::lines;
    let mut dropped = full_docs.clone();
    dropped.remove(2);
    write(
        out,
        "consent_chain",
        "refused-revision-dropped.jsonl",
        &line(&dropped),
    );
    let mut swapped = full_docs.clone();
    swapped.swap(1, 2);
    write(
        out,
        "consent_chain",
        "refused-revisions-swapped.jsonl",
        &line(&swapped),
    );
    let mut duplicated = full_docs.clone();
    duplicated.insert(2, full_docs[1].clone());
    write(
        out,
        "consent_chain",
        "refused-revision-duplicated.jsonl",
        &line(&duplicated),
    );
    let mut changed = full_docs.clone();
    let text = String::from_utf8(changed[2].clone()).unwrap();
    changed[2] = text
        .replace("pseudonym-4471", "pseudonym-4472")
        .into_bytes();
    write(
        out,
        "consent_chain",
        "refused-revision-changed.jsonl",
        &line(&changed),
    );
    let mut stranger = full_docs.clone();
    stranger[4] = canonical(&fuzzing::resigned(parse(&full_docs[4]), true).unwrap());
    write(
        out,
        "consent_chain",
        "refused-resigned-by-stranger.jsonl",
        &line(&stranger),
    );
    // Signed by the controller, but against the rules: withdrawn twice, time going backwards.
    let gw = &built[0];
    let mut twice = parse(&gw[2]);
    twice["state"] = json!("withdrawn");
    twice.as_object_mut().unwrap().remove("validUntil");
    let mut rules = gw.clone();
    rules[2] = canonical(&fuzzing::resigned(twice, false).unwrap());
    write(
        out,
        "consent_chain",
        "refused-withdrawn-twice.jsonl",
        &line(&rules),
    );
    let mut back = parse(&gw[2]);
    back["timestamp"] = json!("2025-03-01T09:00:00Z");
    back["validFrom"] = json!("2025-03-01T09:00:00Z");
    let mut backwards = gw.clone();
    backwards[2] = canonical(&fuzzing::resigned(back, false).unwrap());
    write(
        out,
        "consent_chain",
        "refused-timestamp-backwards.jsonl",
        &line(&backwards),
    );
    // Structured tampering after the five-event chain: later, index, tamper kind.
    for (name, tail) in [
        ("choices-byte-changed.bin", vec![1, 2, 1, 0x10, 0, 0x20]),
        (
            "choices-byte-changed-digest-kept.bin",
            vec![0, 1, 1, 0x40, 0, 0x08],
        ),
        ("choices-last-dropped.bin", vec![3, 4, 3]),
        ("choices-swapped.bin", vec![0, 0, 4]),
        ("choices-duplicated.bin", vec![0, 3, 5]),
        ("choices-resigned-by-stranger.bin", vec![0, 2, 6, 2]),
        ("choices-erased.bin", vec![0, 1, 7]),
    ] {
        let mut choices = full.clone();
        choices.extend(tail);
        write(out, "consent_chain", name, &choices);
    }

    // ---- consent_revision ------------------------------------------------------------------
    write(out, "consent_revision", "accepted-given.json", &gw[0]);
    write(
        out,
        "consent_revision",
        "accepted-requested.json",
        &full_docs[0],
    );
    write(
        out,
        "consent_revision",
        "refused-second-revision-alone.json",
        &gw[1],
    );
    let mut no_proof = parse(&gw[0]);
    no_proof.as_object_mut().unwrap().remove("proof");
    write(
        out,
        "consent_revision",
        "refused-unsigned.json",
        &canonical(&no_proof),
    );
    write(
        out,
        "consent_revision",
        "refused-signed-by-stranger.json",
        &canonical(&fuzzing::resigned(parse(&gw[0]), true).unwrap()),
    );
    let mut withdrawn = parse(&gw[0]);
    withdrawn["state"] = json!("withdrawn");
    write(
        out,
        "consent_revision",
        "refused-starts-withdrawn.json",
        &canonical(&fuzzing::resigned(withdrawn, false).unwrap()),
    );
    let mut unknown = parse(&gw[0]);
    unknown["purposes"] = json!(["eligibility", "marketing"]);
    write(
        out,
        "consent_revision",
        "refused-purpose-unknown.json",
        &canonical(&fuzzing::resigned(unknown, false).unwrap()),
    );
    write(out, "consent_revision", "refused-not-canonical.json", &{
        let mut pretty = serde_json::to_vec_pretty(&parse(&gw[0])).unwrap();
        pretty.push(b'\n');
        pretty
    });
    // Structured: agreement, first state, purposes, principal, validity, fault.
    for (name, choices) in [
        ("choices-given-cosigned.bin", vec![0, 0, 3, 1, 2, 0]),
        ("choices-refused-survey.bin", vec![2, 3, 1, 0, 0, 0]),
        ("choices-fault-starts-withdrawn.bin", vec![0, 0, 1, 0, 0, 1]),
        ("choices-fault-digest-wrong.bin", vec![1, 0, 1, 0, 0, 11]),
        (
            "choices-fault-signed-by-stranger.bin",
            vec![0, 0, 1, 0, 0, 13],
        ),
    ] {
        write(out, "consent_revision", name, &choices);
    }

    // ---- consent_proof ---------------------------------------------------------------------
    let proof =
        |issued: i64, validity: i64| fuzzing::seed_proof(&[], issued, validity).unwrap().unwrap();
    let fresh = proof(NOW, 300);
    write(out, "consent_proof", "accepted-fresh.json", &fresh);
    // A proof issued the day before (a record yields no proof before its consent is in force,
    // issue 14 finding 13): the fresh proof moved back a day and signed again, the bytes
    // `consent_proof` wrote for it before.
    let expired = {
        let issued = govblocks_core::clock::Timestamp::from_datetime(
            time::OffsetDateTime::from_unix_timestamp(NOW - 86_400).unwrap(),
        )
        .unwrap();
        let expires = issued.checked_add(time::Duration::seconds(300)).unwrap();
        let mut v = parse(&fresh);
        v.as_object_mut().unwrap().remove("proof");
        v["issued"] = json!(issued.to_string());
        v["expires"] = json!(expires.to_string());
        let options = ProofOptions::assertion().with_created(issued);
        canonical(&add_proof(v, fixtures::controller_key(), &options).unwrap())
    };
    write(out, "consent_proof", "refused-expired.json", &expired);
    write(
        out,
        "consent_proof",
        "refused-issued-tomorrow.json",
        &proof(NOW + 86_400, 300),
    );
    write(
        out,
        "consent_proof",
        "refused-signed-by-stranger.json",
        &canonical(&{
            let mut v = parse(&fresh);
            v.as_object_mut().unwrap().remove("proof");
            add_proof(v, fixtures::stranger_key(), &options).unwrap()
        }),
    );
    let mut wider = parse(&fresh);
    wider["purposes"][0]["dataCategories"] = json!(["income", "household", "genome"]);
    write(
        out,
        "consent_proof",
        "refused-widened.json",
        &canonical(&wider),
    );
    let mut withdrawn = parse(&fresh);
    withdrawn["state"] = json!("withdrawn");
    withdrawn.as_object_mut().unwrap().remove("proof");
    let withdrawn = add_proof(withdrawn, fixtures::controller_key(), &options).unwrap();
    write(
        out,
        "consent_proof",
        "refused-not-in-force.json",
        &canonical(&withdrawn),
    );
    // Structured: a chain (as consent_chain), then validity, verification time, change.
    for (name, choices) in [
        (
            "choices-withdrawn.bin",
            chain(0, &[event(0, 0, 0, 1, 0, 0), event(3, 5, 0, 0, 0, 0)]),
        ),
        ("choices-expired-at-verification.bin", {
            let mut c = chain(0, &[event(0, 0, 0, 3, 3, 1)]);
            c.extend([0, 5]);
            c
        }),
        ("choices-zero-validity.bin", {
            let mut c = chain(0, &[event(0, 0, 0, 1, 0, 0)]);
            c.extend([3]);
            c
        }),
        ("choices-resigned-by-stranger.bin", {
            let mut c = chain(2, &[event(0, 0, 0, 1, 2, 0)]);
            c.extend([2, 1, 4]);
            c
        }),
    ] {
        write(out, "consent_proof", name, &choices);
    }
}
