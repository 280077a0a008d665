//! Access control: who may call which service with which action.

use crate::fixtures::*;
use govblocks_exchange::access::AccessList;
use govblocks_exchange::envelope::builder::sign;
use serde_json::json;

#[test]
fn an_access_list_allows_what_it_lists_and_nothing_else() {
    let list = AccessList::new().allow(client(), service(), ["getResidence"]);
    let verifier = verifier().with_access_list(list.clone());
    assert!(verifier.verify(&bytes(&signed_request())).is_ok());
    assert!(list.allows(&client(), &service(), "getResidence"));
    assert!(!list.allows(&client(), &service(), "getIncome"));
    assert!(!list.allows(&OTHER.parse().unwrap(), &service(), "getResidence"));
    let other_service = "EE/GOV/70000002/population/residence/v2".parse().unwrap();
    assert!(!list.allows(&client(), &other_service, "getResidence"));
    // Another action, signed by the right client.
    let e = request_builder()
        .build()
        .map(|mut e| {
            e.header.action = "getIncome".into();
            e
        })
        .unwrap();
    let signed = sign(&e, &client_key()).unwrap();
    let error = verifier.verify(&bytes(&signed)).unwrap_err();
    assert_eq!(error.code(), "exchange.access_denied");
    assert!(error.to_string().contains("getIncome"), "{error}");
    // Another client (in the directory, signing for itself).
    let e = govblocks_exchange::envelope::builder::RequestBuilder::new(
        OTHER.parse().unwrap(),
        service(),
        "getResidence",
        json!({}),
    )
    .timestamp(now())
    .build()
    .unwrap();
    let signed = sign(&e, &other_key()).unwrap();
    assert_eq!(
        code(verifier.verify(&bytes(&signed))),
        "exchange.access_denied"
    );
    // An empty list allows nothing.
    let closed = crate::fixtures::verifier().with_access_list(AccessList::new());
    assert_eq!(
        code(closed.verify(&bytes(&signed_request()))),
        "exchange.access_denied"
    );
    // `*` allows every action.
    let open = crate::fixtures::verifier().with_access_list(AccessList::new().allow(
        client(),
        service(),
        ["*"],
    ));
    let e = request_builder()
        .build()
        .map(|mut e| {
            e.header.action = "anything".into();
            e
        })
        .unwrap();
    assert!(open
        .verify(&bytes(&sign(&e, &client_key()).unwrap()))
        .is_ok());
}

#[test]
fn access_is_checked_after_the_signature_and_the_sender() {
    let verifier = verifier().with_access_list(AccessList::new());
    let mut tampered = signed_request();
    tampered["header"]["action"] = json!("getIncome");
    assert_eq!(
        code(verifier.verify(&bytes(&tampered))),
        "proof.signature_invalid"
    );
    let forged = sign(&request(), &other_key()).unwrap();
    assert_eq!(
        code(verifier.verify(&bytes(&forged))),
        "exchange.sender_mismatch"
    );
}

#[test]
fn an_access_list_reads_from_json() {
    let text = format!(
        r#"[{{"client": "{CLIENT}", "service": "{SERVICE}", "actions": ["getResidence", "getAddress"]}}]"#
    );
    let list = AccessList::from_json(text.as_bytes()).unwrap();
    assert!(list.allows(&client(), &service(), "getAddress"));
    assert!(!list.allows(&client(), &service(), "getIncome"));
    for bad in [
        "{}".to_owned(),
        "[{\"client\": \"EE/GOV\", \"service\": \"a/b/c/d/e\", \"actions\": [\"x\"]}]".to_owned(),
        format!(r#"[{{"client": "{CLIENT}", "service": "{SERVICE}", "actions": []}}]"#),
        format!(r#"[{{"client": "{CLIENT}", "service": "{SERVICE}", "actions": ["a"], "x": 1}}]"#),
        "[".to_owned(),
    ] {
        assert_eq!(
            AccessList::from_json(bad.as_bytes()).unwrap_err().code(),
            "exchange.access_list_invalid",
            "{bad}"
        );
    }
}
