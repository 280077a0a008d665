//! The SPDCI / G2P Connect schemas converted from the published specifications
//! (`schemas/g2p/`): the published samples give the outcomes listed here, hand-made messages
//! that follow the specifications validate, and what the specifications forbid is refused.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use govblocks_exchange::schemas::{g2p, registry, texts};
use serde_json::{json, Value};

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The published SPDCI samples, verbatim (`tests/vectors/spdci/example_files/`).
fn samples_dir() -> PathBuf {
    crate_dir().join("tests/vectors/spdci/example_files")
}

/// The instance paths of the violations, sorted and deduplicated; empty when valid.
fn violations(schema: &str, value: &Value) -> Vec<String> {
    match registry().validate(schema, value) {
        Ok(()) => Vec::new(),
        Err(e) => {
            assert_eq!(e.code(), "schema.invalid", "{schema}: {e}");
            let paths: BTreeSet<String> = e
                .violations()
                .iter()
                .map(|v| v.instance_path.clone())
                .collect();
            paths.into_iter().collect()
        }
    }
}

fn valid(schema: &str, value: &Value) {
    if let Err(e) = registry().validate(schema, value) {
        panic!("{schema}: {value}: {e} {:?}", e.violations());
    }
}

fn invalid(schema: &str, value: &Value, path: &str) {
    let found = violations(schema, value);
    assert!(
        found.iter().any(|p| p == path),
        "{schema}: expected a violation at {path:?}, found {found:?} for {value}"
    );
}

// ---- the published samples ---------------------------------------------------------------------

/// What each published sample is checked against: `(file, part, schema)`, where `part` is a JSON
/// Pointer into the sample (`""`: the whole body). Parts are chosen by content: a `header` with
/// `status` is a callback header, any other `header` a request header; a `message` with
/// `search_request` a SearchRequest; a `message` with `ack_status` makes the body an
/// acknowledgement.
const HEADER: &str = g2p::SPDCI_MSG_HEADER;
const CALLBACK: &str = g2p::SPDCI_MSG_CALLBACK_HEADER;
const SEARCH: &str = g2p::SPDCI_SEARCH_REQUEST;
const BODY: &str = g2p::SPDCI_SEARCH_REQUEST_BODY;
const ACK: &str = g2p::SPDCI_ACK_RESPONSE;

/// The expected outcome of every check of every published sample: the instance paths of its
/// violations (none: valid). Not one published sample is valid as published; every violation
/// is explained in [`WHY`] (all are errors of the samples, none of the converted schemas).
#[rustfmt::skip]
const EXPECTED: &[(&str, &str, &str, &[&str])] = &[
    ("crvs/processflow1req copy.json", "/header", HEADER, &["/total_count"]),
    ("crvs/processflow1req copy.json", "/message", SEARCH, &["/search_request"]),
    ("crvs/processflow1req copy.json", "", BODY, &["/header/total_count", "/message"]),
    ("crvs/processflow1req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow1req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("crvs/processflow1req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow1res copy.json", "/header", HEADER, &["/total_count"]),
    ("crvs/processflow1res copy.json", "/message", SEARCH, &["/search_request/0", "/search_request/0/locale"]),
    ("crvs/processflow1res copy.json", "", BODY, &["/header/total_count", "/message"]),
    ("crvs/processflow1res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("crvs/processflow2req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow2req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent", "/search_request/0/search_criteria/query"]),
    ("crvs/processflow2req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("crvs/processflow3req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow3req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("crvs/processflow3req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow3res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("crvs/processflow4req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow4req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent", "/search_request/0/search_criteria/query"]),
    ("crvs/processflow4req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow4res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("crvs/processflow5req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow5req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("crvs/processflow5req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow5res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("crvs/processflow6req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("crvs/processflow6req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent", "/search_request/0/search_criteria/query"]),
    ("crvs/processflow6req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("crvs/processflow6res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("dr/processflow1req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("dr/processflow1req.json", "/message", SEARCH, &["/search_request"]),
    ("dr/processflow1req.json", "", BODY, &["/header/action", "/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("dr/processflow1res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status", "/status_reason_code", "/total_count"]),
    ("dr/processflow2req.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status", "/status_reason_code", "/total_count"]),
    ("dr/processflow2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status", "/status_reason_code", "/total_count"]),
    ("dr/processflow3req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("dr/processflow3req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("dr/processflow3req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("dr/processflow3res.json", "/header", CALLBACK, &["/status", "/status_reason_code", "/total_count"]),
    ("dr/processflow4req.json", "/header", HEADER, &["/sender_uri"]),
    ("dr/processflow4res.json", "/header", CALLBACK, &["/completed_count", "/status", "/status_reason_code", "/total_count"]),
    ("dr/processflow4res.json", "", ACK, &["/message/error/code"]),
    ("fr/processflow1req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("fr/processflow1req.json", "/message", SEARCH, &["/search_request"]),
    ("fr/processflow1req.json", "", BODY, &["/header/action", "/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("fr/processflow1res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status", "/status_reason_code", "/total_count"]),
    ("fr/processflow2req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("fr/processflow2req.json", "/message", SEARCH, &["/search_request"]),
    ("fr/processflow2req.json", "", BODY, &["/header/action", "/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("fr/processflow2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status", "/status_reason_code", "/total_count"]),
    ("fr/processflow3req.json", "/header", HEADER, &["/sender_uri"]),
    ("fr/processflow3res.json", "/header", CALLBACK, &["/completed_count", "/status", "/status_reason_code", "/total_count"]),
    ("fr/processflow3res.json", "", ACK, &["/message/error/code"]),
    ("ibr/processflow1req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("ibr/processflow1res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("ibr/processflow2req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("ibr/processflow2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("ibr/processflow3areq.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("ibr/processflow3areq.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("ibr/processflow3areq.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("ibr/processflow3ares.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("ibr/processflow4req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("ibr/processflow4req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("ibr/processflow4req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("ibr/processflow4res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow1-1req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow1-1req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("social/processflow1-1req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow1-1res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow1-2req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow1-2req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("social/processflow1-2req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow1-2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow1-3req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow1-3req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("social/processflow1-3req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow1-3res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow2req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow2req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent", "/search_request/0/search_criteria/query"]),
    ("social/processflow2req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow2res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow3areq.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow3areq.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("social/processflow3areq.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow3ares.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
    ("social/processflow4req.json", "/header", HEADER, &["/meta", "/sender_uri", "/total_count"]),
    ("social/processflow4req.json", "/message", SEARCH, &["/search_request/0/locale", "/search_request/0/search_criteria/authorize", "/search_request/0/search_criteria/consent"]),
    ("social/processflow4req.json", "", BODY, &["/header/meta", "/header/sender_uri", "/header/total_count", "/message"]),
    ("social/processflow4res.json", "/header", CALLBACK, &["/completed_count", "/meta", "/status_reason_code", "/total_count"]),
];

/// Why a sample member is refused, by the last segments of its instance path (the sample's
/// error; the specification says otherwise).
const WHY: &[(&str, &str)] = &[
    ("/total_count", "a string (\"1\", \"3\"); MsgHeader says integer"),
    ("/completed_count", "a string (\"\", \"1\"); MsgCallbackHeader says integer"),
    ("/meta", "\"\"; Meta is an object (leave it out when there is none)"),
    ("/sender_uri", "\"\", or a URI template with {namespace} (the specification's own example), which is not a URI; format uri"),
    ("/status", "ack, success, acknowledged, request: RequestStatus is rcvd, pdng, succ or rjct"),
    ("/status_reason_code", "\"\" or \"200\": not a MsgHeaderStatusReasonCode"),
    ("/locale", "\"\", \"EN/GB\" or an object: LanguageCode is three lower-case letters (ISO 639-3)"),
    ("/consent", "\"\": Consent is an object (leave it out when there is none)"),
    ("/authorize", "\"\": Authorize is an object (leave it out when there is none)"),
    ("/query", "predicate members seq_num, condition and expression2 as \"\": a number, an ExpCondition, an ExpPredicate"),
    ("/search_request", "an object (a single request, or the pre-1.0 {version, data} layout of the 'copy' files); SearchRequest says an array"),
    ("/search_request/0", "the pre-1.0 layout ('copy' file): no search_criteria, query and person beside it"),
    ("/header/action", "verify: the /registry/search body's action is search"),
    ("/message", "the body's message is then neither a SearchRequest nor an EncryptedMessage (oneOf)"),
    ("/message/error/code", "\"\" in an ACK: not an error code (leave error out of an ACK)"),
];

/// Published files that are not messages of a converted schema, and why.
const NOT_CHECKED: &[(&str, &str)] = &[
    (
        "crvs/usecaselist.json",
        "the sample viewer's index of process flows, not a message",
    ),
    (
        "dr/usecaselist.json",
        "the sample viewer's index of process flows, not a message",
    ),
    (
        "fr/usecaselist.json",
        "the sample viewer's index of process flows, not a message",
    ),
    (
        "ibr/usecaselist.json",
        "the sample viewer's index of process flows, not a message",
    ),
    (
        "social/usecaselist.json",
        "the sample viewer's index of process flows, not a message",
    ),
    (
        "ibr/processflow3breq.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3bres.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3creq.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3cres.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3dreq.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3dres.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3req.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow3res.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow5req.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
    (
        "ibr/processflow5res.json",
        "a placeholder: signature, headers and message are \"\"",
    ),
];

fn sample_files() -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let mut stack = vec![samples_dir()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(samples_dir()).unwrap();
                let relative: Vec<&str> = relative
                    .components()
                    .map(|c| c.as_os_str().to_str().unwrap())
                    .collect();
                found.insert(relative.join("/"));
            }
        }
    }
    found
}

fn read_sample(file: &str) -> Value {
    let text = std::fs::read(samples_dir().join(file)).unwrap();
    serde_json::from_slice(&text).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The checks a sample gets, from its content (see [`EXPECTED`]).
fn checks(sample: &Value) -> Vec<(&'static str, &'static str)> {
    let mut checks = Vec::new();
    if let Some(header) = sample.get("header").filter(|h| h.is_object()) {
        checks.push((
            "/header",
            if header.get("status").is_some() {
                CALLBACK
            } else {
                HEADER
            },
        ));
    }
    if let Some(message) = sample.get("message").filter(|m| m.is_object()) {
        if message.get("search_request").is_some() {
            checks.push(("/message", SEARCH));
            checks.push(("", BODY));
        }
        if message.get("ack_status").is_some() {
            checks.push(("", ACK));
        }
    }
    checks
}

fn short(schema: &str) -> &str {
    schema.rsplit('/').next().unwrap()
}

#[test]
fn every_published_sample_gives_its_listed_outcome() {
    let mut actual = Vec::new();
    let mut unchecked = BTreeSet::new();
    for file in sample_files() {
        let sample = read_sample(&file);
        let checks = checks(&sample);
        if checks.is_empty() {
            unchecked.insert(file.clone());
        }
        for (part, schema) in checks {
            let found = violations(schema, sample.pointer(part).unwrap());
            actual.push((file.clone(), part, schema, found));
        }
    }
    let listed: BTreeSet<String> = NOT_CHECKED.iter().map(|(f, _)| (*f).to_owned()).collect();
    assert_eq!(unchecked, listed, "files without a check");

    let expected: Vec<(String, &str, &str, Vec<String>)> = EXPECTED
        .iter()
        .map(|(file, part, schema, paths)| {
            let paths = paths.iter().map(|p| (*p).to_owned()).collect();
            ((*file).to_owned(), *part, *schema, paths)
        })
        .collect();
    if actual != expected {
        let table: String = actual
            .iter()
            .map(|(file, part, schema, paths)| {
                format!("    ({file:?}, {part:?}, {}, &{paths:?}),\n", short(schema))
            })
            .collect();
        panic!("the samples' outcomes differ from EXPECTED; actual:\n{table}");
    }
    // Every violation is explained.
    for (file, _, _, paths) in &actual {
        for path in paths {
            assert!(
                WHY.iter().any(|(suffix, _)| path.ends_with(suffix)),
                "{file}: no reason listed for a violation at {path}"
            );
        }
    }
}

/// A published request sample corrected where it departs from the specification (the members
/// [`WHY`] lists), with a real consent and authorization: every part validates.
#[test]
fn a_corrected_published_search_request_is_valid() {
    let mut sample = read_sample("crvs/processflow1req.json");
    let header = &mut sample["header"];
    header["total_count"] = json!(1);
    header["sender_uri"] = json!("https://spp.example.org/callback/on-search");
    header["meta"] = json!({});
    let request = &mut sample["message"]["search_request"][0];
    request["locale"] = json!("eng");
    request["search_criteria"]["consent"] = consent();
    request["search_criteria"]["authorize"] = json!({
        "@context": "https://standards.spdci.org/schemas/Authorize",
        "@type": "Authorize",
        "ts": "2023-07-19T12:15:04Z",
        "purpose": {"text": "old age allowance", "code": "OAA-1", "ref_uri": "https://spp.example.org/purposes"}
    });
    valid(HEADER, &sample["header"]);
    valid(SEARCH, &sample["message"]);
    valid(BODY, &sample);
}

fn consent() -> Value {
    json!({
        "@context": "https://standards.spdci.org/schemas//Consent",
        "@type": "Consent",
        "ts": "2023-07-19T12:15:04Z",
        "purpose": {"text": "eligibility check", "code": "SP-ELIG", "ref_uri": "https://spp.example.org/consent-codes"}
    })
}

// ---- hand-made messages ------------------------------------------------------------------------

fn header() -> Value {
    json!({
        "version": "1.0.0",
        "message_id": "123",
        "message_ts": "2022-12-04T17:20:07-04:00",
        "action": "search",
        "sender_id": "spp.example.org",
        "sender_uri": "https://spp.example.org/namespace/callback/on-search",
        "receiver_id": "civilregistry.example.org",
        "total_count": 21800,
        "is_msg_encrypted": false,
        "meta": {}
    })
}

fn callback_header() -> Value {
    json!({
        "version": "1.0.0",
        "message_id": "789",
        "message_ts": "2022-12-04T17:20:07-04:00",
        "action": "on-search",
        "status": "succ",
        "status_reason_code": "rjct.errors.too_many",
        "status_reason_message": "",
        "total_count": 21800,
        "completed_count": 50,
        "sender_id": "civilregistry.example.org",
        "receiver_id": "registry.example.org",
        "is_msg_encrypted": false
    })
}

fn search_request() -> Value {
    json!({
        "transaction_id": "0123456789",
        "search_request": [
            {
                "reference_id": "12345678901234567890",
                "timestamp": "2022-12-04T17:20:07-04:00",
                "search_criteria": {
                    "version": "1.0.0",
                    "reg_type": "ns:org:RegistryType:Civil",
                    "reg_event_type": "spdci-common:RegistryEventType:LiveBirth",
                    "query_type": "idtype-value",
                    "query": {"type": "UIN", "value": "12314567890"},
                    "sort": [{"attribute_name": "poverty_score", "sort_order": "asc"}],
                    "pagination": {"page_size": 2000, "page_number": 5},
                    "consent": consent(),
                    "authorize": {"@type": "Authorize", "ts": "2022-12-04T17:20:07-04:00"}
                },
                "locale": "eng"
            },
            {
                "reference_id": "12345678901234567891",
                "timestamp": "2022-12-04T17:20:07Z",
                "search_criteria": {
                    "query_type": "expression",
                    "query": {
                        "type": "ns:org:QueryType:GraphQl",
                        "value": {"expression": "query { person(UIN: \"1\") { BRN } }"}
                    }
                }
            },
            {
                "reference_id": "12345678901234567892",
                "timestamp": "2022-12-04T17:20:07Z",
                "search_criteria": {
                    "query_type": "predicate",
                    "query": [
                        {
                            "seq_num": 1,
                            "expression1": {"attribute_name": "YOB", "operator": "gt", "attribute_value": 1980},
                            "condition": "and",
                            "expression2": {"attribute_name": "area-code", "operator": "eq", "attribute_value": "504"}
                        }
                    ]
                }
            }
        ]
    })
}

fn disburse_request() -> Value {
    json!({
        "transaction_id": "0123456789",
        "disbursements": [
            {
                "reference_id": "12345678901234567890",
                "payer_fa": "account:12345@national-bank",
                "payee_fa": "token:12345@gtbank",
                "amount": "1500.00",
                "scheduled_timestamp": "2023-12-04T17:20:07-04:00",
                "payer_name": "Farmer draught relief scheme 2023",
                "payee_name": "Joe John",
                "note": "relief",
                "purpose": "Farmer Relief 2023",
                "instruction": "",
                "meta": {},
                "currency_code": "SLL",
                "locale": "eng"
            },
            {
                "reference_id": "12345678901234567891",
                "payer_fa": "joeuser@national-bank",
                "payee_fa": "mobile:12345@mobile-pymt",
                "amount": "12.5"
            }
        ]
    })
}

/// A `DisburseResponse` (the `message` of `on-disburse`) for [`disburse_request`].
fn disburse_response() -> Value {
    json!({
        "transaction_id": "0123456789",
        "disbursements_status": [
            {"reference_id": "12345678901234567890", "timestamp": "2022-12-04T17:20:07-04:00", "status": "succ"},
            {
                "reference_id": "12345678901234567891",
                "timestamp": "2022-12-04T17:20:07-04:00",
                "status": "rjct",
                "status_reason_code": "rjct.payee_fa.invalid",
                "status_reason_message": "no such account"
            }
        ]
    })
}

fn encrypted_message() -> Value {
    json!({
        "header": {"alg": "RSA-OAEP-256", "enc": "A256GCM", "kid": "spp.example.org|k1|rsa"},
        "ciphertext": "5eym8TW_c8SuK0ltJ3rpYIzOeDQz7TALvtu6UG9oMo4vpzs9tX_EFShS8iB7j6ji",
        "encrypted_key": "OKOawDo13gRp2ojaHV7LFpZcgV7T6DVZKTyKOMTYUmKoTCVJRgckCL9kiMT03JGe",
        "tag": "Mz-VPPyU4RlcuYv1IwIvzw",
        "iv": "48V1_ALb6US04U3b"
    })
}

#[test]
fn hand_made_messages_that_follow_the_specifications_are_valid() {
    valid(HEADER, &header());
    valid(CALLBACK, &callback_header());
    for status in ["rcvd", "pdng", "succ", "rjct"] {
        let mut h = callback_header();
        h["status"] = json!(status);
        valid(CALLBACK, &h);
    }
    valid(SEARCH, &search_request());
    valid(g2p::SPDCI_ENCRYPTED_MESSAGE, &encrypted_message());
    let body = json!({"signature": "Signature: namespace=\"spdci\"", "header": header(), "message": search_request()});
    valid(BODY, &body);
    let encrypted = json!({"header": header(), "message": encrypted_message()});
    valid(BODY, &encrypted);
    for ack_status in ["ACK", "NACK", "ERR"] {
        let ack = json!({"message": {
            "ack_status": ack_status,
            "timestamp": "2022-12-04T17:20:07-04:00",
            "correlation_id": "9876543210",
            "error": {"code": "err.request.bad", "message": "bad"}
        }});
        valid(ACK, &ack);
    }
    valid(g2p::G2P_DISBURSE_REQUEST, &disburse_request());
    let mut disburse_header = header();
    disburse_header["action"] = json!("disburse");
    let body = json!({"header": disburse_header, "message": disburse_request()});
    valid(g2p::G2P_DISBURSE_REQUEST_BODY, &body);
    valid(g2p::G2P_DISBURSE_RESPONSE, &disburse_response());
}

#[test]
fn what_the_specifications_forbid_is_refused() {
    // Headers.
    let mut h = header();
    h.as_object_mut().unwrap().remove("message_id");
    invalid(HEADER, &h, "");
    let mut h = header();
    h["total_count"] = json!("1");
    invalid(HEADER, &h, "/total_count");
    let mut h = header();
    h["message_ts"] = json!("2022-12-04 17:20:07");
    invalid(HEADER, &h, "/message_ts");
    let mut h = callback_header();
    h["status"] = json!("done");
    invalid(CALLBACK, &h, "/status");
    let mut h = callback_header();
    h["status_reason_code"] = json!("rjct.reference_id.invalid"); // a search code, not a header one
    invalid(CALLBACK, &h, "/status_reason_code");
    let mut h = callback_header();
    h.as_object_mut().unwrap().remove("status");
    invalid(CALLBACK, &h, "");
    // The acknowledgement.
    let ack = |status: &str| json!({"message": {"ack_status": status, "timestamp": "2022-12-04T17:20:07Z", "correlation_id": "1"}});
    valid(ACK, &ack("ACK"));
    invalid(ACK, &ack("OK"), "/message/ack_status");
    invalid(ACK, &ack("ack"), "/message/ack_status");
    invalid(ACK, &json!({}), ""); // D9: `message` is required
    let mut a = ack("ERR");
    a["message"]["error"] = json!({"code": "err.unknown"});
    invalid(ACK, &a, "/message/error/code");
    // The search request.
    let mut s = search_request();
    s.as_object_mut().unwrap().remove("transaction_id");
    invalid(SEARCH, &s, "");
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]
        .as_object_mut()
        .unwrap()
        .remove("query_type");
    invalid(SEARCH, &s, "/search_request/0/search_criteria");
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]["query_type"] = json!("sql");
    invalid(SEARCH, &s, "/search_request/0/search_criteria/query_type");
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]["consent"]["ts"] = json!("yesterday"); // D1
    invalid(SEARCH, &s, "/search_request/0/search_criteria/consent/ts");
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]["consent"]["purpose"]["ref_uri"] = json!("not a uri");
    invalid(
        SEARCH,
        &s,
        "/search_request/0/search_criteria/consent/purpose/ref_uri",
    );
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]["consent"] = json!("");
    invalid(SEARCH, &s, "/search_request/0/search_criteria/consent");
    let mut s = search_request();
    s["search_request"][0]["locale"] = json!("en");
    invalid(SEARCH, &s, "/search_request/0/locale");
    let mut s = search_request();
    s["search_request"][0]["search_criteria"]["pagination"]["page_size"] = json!(2.5); // D5
    invalid(
        SEARCH,
        &s,
        "/search_request/0/search_criteria/pagination/page_size",
    );
    // The whole search body: the action is `search`, the message one of the two.
    let mut h = header();
    h["action"] = json!("subscribe");
    invalid(
        BODY,
        &json!({"header": h, "message": search_request()}),
        "/header/action",
    );
    invalid(BODY, &json!({"header": header()}), "");
    invalid(
        BODY,
        &json!({"header": header(), "message": {}}),
        "/message",
    );
    let mut e = encrypted_message();
    e.as_object_mut().unwrap().remove("iv");
    invalid(g2p::SPDCI_ENCRYPTED_MESSAGE, &e, "");
    // The disbursement.
    for field in ["transaction_id", "disbursements"] {
        let mut d = disburse_request();
        d.as_object_mut().unwrap().remove(field); // D6: `disbursements`, not `disburemsents`
        invalid(g2p::G2P_DISBURSE_REQUEST, &d, "");
    }
    for field in ["reference_id", "payer_fa", "payee_fa", "amount"] {
        let mut d = disburse_request();
        d["disbursements"][0].as_object_mut().unwrap().remove(field);
        invalid(g2p::G2P_DISBURSE_REQUEST, &d, "/disbursements/0");
    }
    for (field, value) in [
        ("amount", json!(1500)),
        ("amount", json!("1500.00005")), // D8: at most four decimals
        ("amount", json!("01500")),      // D8: no leading zero
        ("amount", json!("١٥٠٠.٠٠")),    // D8: Arabic-Indic digits are not 0-9
        ("payee_fa", json!("12345")),    // D7: no provider
        ("payee_fa", json!("token 12345@gtbank")),
        ("currency_code", json!("sll")),
        ("note", json!("x".repeat(100))),
        ("scheduled_timestamp", json!("2023-02-30T00:00:00Z")),
    ] {
        let mut d = disburse_request();
        d["disbursements"][0][field] = value;
        invalid(
            g2p::G2P_DISBURSE_REQUEST,
            &d,
            &format!("/disbursements/0/{field}"),
        );
    }
    // The disbursement's response.
    let mut r = disburse_response();
    r.as_object_mut().unwrap().remove("disbursements_status");
    invalid(g2p::G2P_DISBURSE_RESPONSE, &r, "");
    for (field, value) in [
        ("status", json!("done")),
        ("status_reason_code", json!("rjct.unknown")),
        ("timestamp", json!("yesterday")),
    ] {
        let mut r = disburse_response();
        r["disbursements_status"][1][field] = value;
        invalid(
            g2p::G2P_DISBURSE_RESPONSE,
            &r,
            &format!("/disbursements_status/1/{field}"),
        );
    }
    let mut h = header();
    h["action"] = json!("search");
    invalid(
        g2p::G2P_DISBURSE_REQUEST_BODY,
        &json!({"header": h, "message": disburse_request()}),
        "/header/action",
    );
}

/// D7, D8: the amounts and financial addresses the payments block writes (the currency's
/// fixed form: no decimals for JPY, three for KWD, two for USD; `type:id@provider`) are what the
/// converted `DisburseRequest` accepts, and what is not a plain decimal is refused.
#[test]
fn disbursement_amounts_in_every_currency_and_typed_financial_addresses_validate() {
    let disbursement = |amount: &str, currency: &str| {
        json!({"transaction_id": "T-1", "disbursements": [{
            "reference_id": "R-1",
            "payer_fa": "iban:de89370400440532013000@iban",
            "payee_fa": "token:12345@gtbank",
            "amount": amount,
            "currency_code": currency
        }]})
    };
    for (amount, currency) in [("15000", "JPY"), ("1.000", "KWD"), ("12.50", "USD")] {
        valid(g2p::G2P_DISBURSE_REQUEST, &disbursement(amount, currency));
    }
    for amount in ["12.5.0", "-1", "1e3"] {
        invalid(
            g2p::G2P_DISBURSE_REQUEST,
            &disbursement(amount, "USD"),
            "/disbursements/0/amount",
        );
    }
}

// ---- the converter's output is what is registered ----------------------------------------------

#[test]
fn the_converted_files_are_exactly_the_registered_g2p_schemas() {
    let dir = crate_dir().join("schemas/g2p/v1");
    let mut on_disk = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        assert_eq!(
            path.extension().and_then(|e| e.to_str()),
            Some("json"),
            "{path:?}"
        );
        on_disk.insert(std::fs::read_to_string(&path).unwrap());
    }
    let base = "https://schemas.govblocks.org/exchange/g2p/";
    let embedded: BTreeSet<String> = texts()
        .iter()
        .filter(|t| id_of(t).starts_with(base))
        .map(|t| (*t).to_owned())
        .collect();
    assert_eq!(
        embedded, on_disk,
        "the embedded texts are the files of {dir:?}"
    );
    let ids: BTreeSet<String> = on_disk.iter().map(|t| id_of(t)).collect();
    let constants: BTreeSet<String> = g2p::ALL.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(ids, constants);
    let registered: BTreeSet<String> = registry()
        .ids()
        .filter(|id| id.starts_with(base))
        .map(str::to_owned)
        .collect();
    assert_eq!(registered, constants);
    // Each file's `$id` is its own name, and every schema names its source.
    for text in &on_disk {
        let schema: Value = serde_json::from_str(text).unwrap();
        let id = id_of(text);
        let name = id.rsplit('/').next().unwrap();
        assert!(dir.join(name).is_file(), "{id}");
        assert!(schema["$comment"].as_str().unwrap().contains("convert.py"));
        assert!(schema["title"].is_string() && schema["description"].is_string());
        // In the converter's layout (two spaces, `$schema` first, a final newline); byte for
        // byte: `python3 schemas/g2p/convert.py --check`.
        assert!(
            text.starts_with("{\n  \"$schema\": ") && text.ends_with("}\n"),
            "{id}"
        );
    }
}

fn id_of(text: &str) -> String {
    let schema: Value = serde_json::from_str(text).unwrap();
    schema["$id"].as_str().unwrap().to_owned()
}

/// The published bundles the schemas come from are kept unchanged beside their SOURCE.md.
#[test]
fn the_published_sources_are_kept_with_their_origin() {
    for (dir, file, origin) in [
        (
            "spdci",
            "registry_core_api_v1.0.0.yaml",
            "https://github.com/spdci/standards",
        ),
        (
            "g2p-connect",
            "disburse_core_api_v1.0.0.yaml",
            "https://github.com/G2P-Connect/specs",
        ),
    ] {
        let dir = crate_dir().join("tests/vectors").join(dir);
        let source = std::fs::read_to_string(dir.join("SOURCE.md")).unwrap();
        assert!(source.contains(origin) && source.contains(file), "{dir:?}");
        assert!(Path::new(&dir.join("LICENSE.md")).is_file());
        let yaml = std::fs::read_to_string(dir.join(file)).unwrap();
        assert!(yaml.starts_with("openapi: 3.0.3\n"), "{file}");
    }
}
