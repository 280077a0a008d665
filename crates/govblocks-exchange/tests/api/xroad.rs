//! X-Road addressing (module `xroad`): identifiers, HTTP/1.1 requests and the PR-REST mapping.
//!
//! The vectors of `tests/vectors/xroad/` (the protocol document and X-Road's own tests, see
//! their `SOURCE.md`) are read as they are; then every rule has a table of edge cases
//! (input → outcome), and proptest checks the round trips.

use govblocks_exchange::xroad::http::HttpLimits;
use govblocks_exchange::xroad::id::{is_allowed, ALLOWED_SYMBOLS, MAX_PART_LEN};
use govblocks_exchange::xroad::{
    ClientId, HttpRequest, ObjectType, RepresentedParty, ServiceId, XRoadRequest,
};
use govblocks_exchange::Error;
use proptest::prelude::*;

const DOC: &str = include_str!("../vectors/xroad/pr-rest_x-road_message_protocol_for_rest.md");
const STRICT_TEST: &str = include_str!("../vectors/xroad/StrictIdentifierValidatorTest.java");
const REST_REQUEST_TEST: &str = include_str!("../vectors/xroad/RestRequestTest.java");
const URI_UTILS_TEST: &str = include_str!("../vectors/xroad/UriUtilsTest.java");

/// The text between `start` and the next `end` after it, for each occurrence.
fn between<'a>(text: &'a str, start: &str, end: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find(start) {
        let after = &rest[at + start.len()..];
        let Some(stop) = after.find(end) else { break };
        out.push(&after[..stop]);
        rest = &after[stop..];
    }
    out
}

fn code<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    r.unwrap_err().code()
}

fn message<T: std::fmt::Debug>(r: Result<T, Error>) -> String {
    r.unwrap_err().to_string()
}

// ---- the protocol document ---------------------------------------------------------------------

#[test]
fn pr_rest_4_1_example_request_breaks_down_as_the_document_says() {
    let line = between(DOC, "```http\nGET ", "\n```")
        .into_iter()
        .next()
        .unwrap();
    assert_eq!(
        line,
        "/r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE/v1/bar/zyggy?quu=1"
    );
    let client = between(DOC, "```http\nX-Road-Client: ", "\n```");
    assert_eq!(client[1], "INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1");
    let text = format!(
        "GET {line} HTTP/1.1\r\nX-Road-Client: {}\r\n\r\n",
        client[1]
    );
    let r = XRoadRequest::parse(text.as_bytes()).unwrap();
    // "Breakdown of the request URI"
    assert!(DOC.contains("- **{http-request-method}**: `GET`"));
    assert_eq!(r.method, "GET");
    assert!(DOC.contains("- **{client}**: `INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1`"));
    assert_eq!(r.client.as_str(), "INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1");
    assert!(DOC.contains("- **{serviceId}**: `/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE`"));
    assert_eq!(
        r.service.as_str(),
        "INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE"
    );
    assert_eq!(r.service.service_code(), "BARSERVICE");
    assert!(DOC.contains("- **\\[path\\]**: `/v1/bar/zyggy`"));
    assert!(DOC.contains("- **\\[query-parameters\\]**: `?quu=1`"));
    assert_eq!(r.path, "/v1/bar/zyggy?quu=1");
    // and it writes back byte for byte
    assert_eq!(r.to_bytes().unwrap(), text.as_bytes());
}

#[test]
fn pr_rest_4_2_examples() {
    let section = between(DOC, "### 4.2 URI Sanitation", "### 4.3")[0];
    let invalid = between(section, "Invalid:\n\n```\n", "\n```")[0];
    assert_eq!(
        invalid,
        "INSTANCE%2FCLASS%2FMEMBER%2FSUBSYSTEM%2FBARSERVICE"
    );
    // The separators must not be encoded: one part, not five.
    let e = message(ServiceId::parse(invalid));
    assert!(e.contains("expected 5 or 6 parts"), "{e}");
    let valid = between(section, "Valid:\n\n```\n", "  (where")[0];
    assert_eq!(valid, "INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR%2FSERVICE");
    // Five parts, rightly encoded; but §4.8 (1.0.3) no longer allows '/' in a service code.
    let e = ServiceId::parse(valid).unwrap_err();
    assert_eq!(e.code(), "exchange.xroad_id_invalid");
    assert!(e.to_string().contains("service code contains '/'"), "{e}");
    // The same with an allowed character percent-encoded reads, and prints canonically.
    let id = ServiceId::parse("INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR%2DSERVICE").unwrap();
    assert_eq!(id.service_code(), "BAR-SERVICE");
    assert_eq!(id.as_str(), "INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR-SERVICE");
}

#[test]
fn pr_rest_4_8_the_allowed_characters_are_the_documents() {
    let section = between(DOC, "### 4.8 Identifier Character Restrictions", "## 5")[0];
    assert!(section.contains("- Letters `A...Z` and `a...z`"));
    assert!(section.contains("- Numbers `0...9`"));
    let symbols = between(section, "- Symbols `", "`")[0];
    assert_eq!(symbols, ALLOWED_SYMBOLS);
    for c in (0u32..0x3000).filter_map(char::from_u32) {
        let expected = c.is_ascii_alphanumeric() || symbols.contains(c);
        assert_eq!(is_allowed(c), expected, "{c:?}");
        let made = ClientId::member("EE", "GOV", &format!("a{c}b"));
        assert_eq!(made.is_ok(), expected, "{c:?}");
    }
}

#[test]
fn pr_rest_header_examples_read() {
    // Every client and service id in the document's header examples (§4.3, §4.6, §6).
    let mut clients = 0;
    let mut services = 0;
    for line in DOC.lines() {
        let line = line.trim();
        if let Some((name, value)) = line.split_once(": ") {
            if value.contains('{') {
                continue;
            }
            if name.eq_ignore_ascii_case("X-Road-Client") {
                let id = ClientId::parse(value).unwrap();
                assert_eq!(id.as_str(), value);
                clients += 1;
            } else if name.eq_ignore_ascii_case("X-Road-Service") {
                let id = ServiceId::parse(value).unwrap();
                assert_eq!(id.as_str(), value);
                services += 1;
            } else if name == "X-Road-Represented-Party" {
                let p = RepresentedParty::parse(value).unwrap();
                assert_eq!(value, "MEMBERCLASS/MEMBERCODE");
                assert_eq!(p.member_class(), Some("MEMBERCLASS"));
            }
        }
    }
    assert!(clients >= 6 && services >= 5, "{clients} {services}");
    let petstore = ServiceId::parse("DEV/COM/222/TESTSERVICE/petstore").unwrap();
    assert_eq!(petstore.subsystem_code(), "TESTSERVICE");
    assert_eq!(petstore.service_code(), "petstore");
}

#[test]
fn pr_rest_4_3_optional_headers() {
    let block = between(DOC, "  ```http\n  X-Road-Id: ", "```")[0];
    let headers: Vec<(&str, &str)> = format!("X-Road-Id: {block}")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split_once(": ").unwrap())
        .map(|(n, v)| (n.trim(), v.trim()))
        .collect::<Vec<_>>()
        .iter()
        .map(|(n, v)| (leak(n), leak(v)))
        .collect();
    assert_eq!(
        headers,
        vec![
            ("X-Road-Id", "fa2e18a5-c2cb-4d09-b994-f57727f7c3fb"),
            ("X-Road-UserId", "EE12345678901"),
            ("X-Road-Issue", "MT324223MSD"),
        ]
    );
    let mut text = String::from(
        "POST /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/PETSTORE HTTP/1.1\r\nX-Road-Client: INSTANCE/CLASS/MEMBER/SUBSYSTEM\r\n",
    );
    for (n, v) in &headers {
        text.push_str(&format!("{n}: {v}\r\n"));
    }
    text.push_str("X-Road-Represented-Party: MEMBERCLASS/MEMBERCODE\r\n\r\n");
    let r = XRoadRequest::parse(text.as_bytes()).unwrap();
    assert_eq!(
        r.message_id.as_deref(),
        Some("fa2e18a5-c2cb-4d09-b994-f57727f7c3fb")
    );
    assert_eq!(r.user_id.as_deref(), Some("EE12345678901"));
    assert_eq!(r.issue.as_deref(), Some("MT324223MSD"));
    assert_eq!(
        r.represented_party.as_ref().map(|p| p.as_str()),
        Some("MEMBERCLASS/MEMBERCODE")
    );
    assert!(r.headers.is_empty());
    assert_eq!(r.to_bytes().unwrap(), text.as_bytes());
}

fn leak(s: &str) -> &'static str {
    Box::leak(s.to_owned().into_boxed_str())
}

#[test]
fn pr_rest_4_3_header_names_are_case_insensitive_and_the_last_client_wins() {
    let section = between(DOC, "### 4.3 Use of HTTP Headers", "### 4.4")[0];
    assert!(section.contains("`X-Road-Client` and `x-road-client` are both valid header names"));
    assert!(section.contains("the Security Server SHOULD use the last defined header"));
    let base = "POST /r1/EE/GOV/2/population/residence HTTP/1.1\r\n";
    let read = |headers: &str| XRoadRequest::parse(format!("{base}{headers}\r\n").as_bytes());
    for spelling in [
        "X-Road-Client",
        "x-road-client",
        "X-ROAD-CLIENT",
        "x-RoAd-ClIeNt",
    ] {
        let r = read(&format!("{spelling}: EE/GOV/1/social\r\n")).unwrap();
        assert_eq!(r.client.as_str(), "EE/GOV/1/social");
    }
    let r = read("X-Road-Client: EE/GOV/1/first\r\nx-road-client: EE/GOV/1/last\r\n").unwrap();
    assert_eq!(r.client.as_str(), "EE/GOV/1/last");
}

// ---- X-Road's own tests ------------------------------------------------------------------------

#[test]
fn strict_identifier_validator_test_cases() {
    let valid = between(STRICT_TEST, "assertValid(\"", "\");");
    let invalid = between(STRICT_TEST, "assertInvalid(\"", "\");");
    assert_eq!(valid.len(), 4, "{valid:?}");
    assert_eq!(invalid, vec![":", "/", "ä", "列"]);
    for v in valid {
        // Java escapes: only \' would matter, and the file has none.
        assert!(!v.contains('\\'));
        let id = ClientId::subsystem("EE", "GOV", "1", v).unwrap();
        assert_eq!(id.subsystem_code(), Some(v));
        assert_eq!(ClientId::parse(id.as_str()).unwrap(), id);
        assert_eq!(ClientId::parse_object(&id.to_object_string()).unwrap(), id);
    }
    for v in invalid {
        let e = ClientId::subsystem("EE", "GOV", "1", v).unwrap_err();
        assert_eq!(e.code(), "exchange.xroad_id_invalid");
        assert!(e.to_string().contains(&format!("'{v}'")), "{e}");
        let encoded: String = v.bytes().map(|b| format!("%{b:02X}")).collect();
        assert_eq!(
            code(ClientId::parse(&format!("EE/GOV/1/{encoded}"))),
            "exchange.xroad_id_invalid"
        );
    }
}

#[test]
fn rest_request_test_cases() {
    let paths = between(
        REST_REQUEST_TEST,
        "String.format(\"",
        "\", RestMessage.PROTOCOL_VERSION",
    );
    assert!(paths.len() >= 5);
    let headers = "X-Road-Client: Instance/Class/Member/SubSystem\r\nX-Road-Id: 42\r\nX-Road-ServerId: Instance/Class/Member/ServerCode\r\n";
    for p in &paths {
        assert_eq!(*p, "/r%d/Instance/Class/Member/SubSystem/ServiceCode");
        // shouldParseRequest
        let text = format!(
            "GET {}?foo=bar HTTP/1.1\r\n{headers}\r\n",
            p.replace("%d", "1")
        );
        let r = XRoadRequest::parse(text.as_bytes()).unwrap();
        assert_eq!(
            r.service.as_str(),
            "Instance/Class/Member/SubSystem/ServiceCode"
        );
        assert_eq!(r.client.as_str(), "Instance/Class/Member/SubSystem");
        assert_eq!(r.message_id.as_deref(), Some("42"));
        assert_eq!(r.path, "?foo=bar");
        assert_eq!(
            r.headers,
            vec![(
                "X-Road-ServerId".to_owned(),
                "Instance/Class/Member/ServerCode".to_owned()
            )]
        );
        assert_eq!(r.to_bytes().unwrap(), text.as_bytes());
        // shouldRejectWrongProtocolVersion (PROTOCOL_VERSION + 1)
        let text = format!("GET {} HTTP/1.1\r\n{headers}\r\n", p.replace("%d", "2"));
        assert_eq!(
            code(XRoadRequest::parse(text.as_bytes())),
            "exchange.xroad_version_unsupported"
        );
    }
    // shouldRejectInvalidURL
    assert!(REST_REQUEST_TEST.contains("\"https://invalid.uri/\""));
    let absolute = HttpRequest {
        method: "GET".into(),
        target: "https://invalid.uri/".into(),
        headers: vec![("X-Road-Client".into(), "Instance/Class/Member".into())],
        body: vec![],
    };
    assert_eq!(
        code(XRoadRequest::from_http(&absolute)),
        "exchange.xroad_request_invalid"
    );
    assert_eq!(
        code(HttpRequest::parse(
            b"GET https://invalid.uri/ HTTP/1.1\r\n\r\n"
        )),
        "exchange.http_invalid"
    );
    // shouldRejectInvalidVerb
    assert!(REST_REQUEST_TEST.contains("\"INVALID\""));
    let text = format!(
        "INVALID /r1/Instance/Class/Member/SubSystem/ServiceCode HTTP/1.1\r\n{headers}\r\n"
    );
    assert_eq!(
        code(XRoadRequest::parse(text.as_bytes())),
        "exchange.xroad_request_invalid"
    );
    // the represented party: "Member", "Class/Member", refused "Instance/Class/Member"
    let parties = between(
        REST_REQUEST_TEST,
        "new BasicHeader(\"X-Road-Represented-Party\", \"",
        "\")",
    );
    assert_eq!(
        parties,
        vec!["Member", "Class/Member", "Instance/Class/Member"]
    );
    let with = |party: &str| {
        let text = format!(
            "GET /r1/Instance/Class/Member/SubSystem/ServiceCode?foo=bar HTTP/1.1\r\n{headers}X-Road-Represented-Party: {party}\r\n\r\n"
        );
        XRoadRequest::parse(text.as_bytes())
    };
    let p = with(parties[0]).unwrap().represented_party.unwrap();
    assert_eq!((p.member_class(), p.member_code()), (None, "Member"));
    let p = with(parties[1]).unwrap().represented_party.unwrap();
    assert_eq!(
        (p.member_class(), p.member_code()),
        (Some("Class"), "Member")
    );
    assert_eq!(code(with(parties[2])), "exchange.xroad_id_invalid");
}

#[test]
fn uri_utils_test_cases() {
    let safe = between(URI_UTILS_TEST, "String safeChars = \"", "\";")[0];
    assert!(safe.starts_with("!$&'()*+,;=:@-._~0123456789"));
    for c in safe.chars() {
        let r = ClientId::parse(&format!("EE/GOV/{c}"));
        if is_allowed(c) {
            assert_eq!(r.unwrap().member_code(), c.to_string());
        } else {
            // X-Road's decoder takes it raw; X-Road's identifier rule then refuses it.
            let e = message(r);
            assert!(e.contains("allow only"), "{c}: {e}");
        }
    }
    for bad in between(URI_UTILS_TEST, "uriSegmentPercentDecode(\"", "\")") {
        if bad == safe || bad.is_empty() {
            continue;
        }
        let e = ClientId::parse(&format!("EE/GOV/{bad}")).unwrap_err();
        assert_eq!(e.code(), "exchange.xroad_id_invalid", "{bad}");
    }
    assert!(message(ClientId::parse("EE/GOV/%XY")).contains("bad percent escape"));
    assert!(message(ClientId::parse("EE/GOV/Test%")).contains("bad percent escape"));
}

// ---- identifiers: edge tables ------------------------------------------------------------------

/// `Ok(canonical)` or `Err(fragment of the reason)`.
type Expect = Result<&'static str, &'static str>;

#[test]
fn client_id_table() {
    let long = "a".repeat(MAX_PART_LEN);
    let too_long = format!("EE/GOV/{}", "a".repeat(MAX_PART_LEN + 1));
    let at_limit = format!("EE/GOV/{long}");
    let cases: Vec<(&str, Expect)> = vec![
        ("EE/GOV/70000001", Ok("EE/GOV/70000001")),
        ("EE/GOV/70000001/social", Ok("EE/GOV/70000001/social")),
        ("ee/gov/70000001/Social", Ok("ee/gov/70000001/Social")),
        ("EE/GOV/'()+,-.=", Ok("EE/GOV/'()+,-.=")),
        ("EE/GOV/a%3Fb", Ok("EE/GOV/a%3Fb")),
        ("EE/GOV/a%3fb", Ok("EE/GOV/a%3Fb")),
        ("EE/GOV/%41%42", Ok("EE/GOV/AB")),
        ("%45E/GOV/1", Ok("EE/GOV/1")),
        (&at_limit, Ok("")),
        ("EE/GOV/a?b", Err("raw '?'")),
        ("EE/GOV", Err("expected 3 or 4 parts")),
        ("EE", Err("expected 3 or 4 parts")),
        ("", Err("the identifier is empty")),
        ("EE/GOV/1/sub/x", Err("expected 3 or 4 parts")),
        ("EE//1", Err("the member class is empty")),
        ("EE/GOV/1/", Err("the subsystem code is empty")),
        ("/EE/GOV/1", Err("the X-Road instance is empty")),
        ("EE/GOV/1:2", Err("':' (U+003A)")),
        ("EE/GOV/1;2", Err("';' (U+003B)")),
        ("EE/GOV/1\\2", Err("'\\' (U+005C)")),
        ("EE/GOV/1%252", Err("'%' (U+0025)")),
        ("EE/GOV/1%2F2", Err("'/' (U+002F)")),
        ("EE/GOV/1_2", Err("'_' (U+005F)")),
        ("EE/GOV/1~2", Err("'~' (U+007E)")),
        ("EE/GOV/1@2", Err("'@' (U+0040)")),
        ("EE/GOV/1 2", Err("U+0020")),
        ("EE/GOV/1%202", Err("U+0020")),
        ("EE/GOV/1%002", Err("U+0000")),
        ("EE/GOV/1%0A2", Err("U+000A")),
        ("EE/GOV/1\t2", Err("U+0009")),
        ("EE/GOV/1\u{7f}2", Err("U+007F")),
        ("EE/GOV/ä", Err("'ä'")),
        ("EE/GOV/%C3%A4", Err("'ä' (U+00E4)")),
        ("EE/GOV/%C3", Err("not UTF-8")),
        ("EE/GOV/%FF", Err("not UTF-8")),
        ("EE/GOV/1%", Err("bad percent escape")),
        ("EE/GOV/1%4", Err("bad percent escape")),
        ("EE/GOV/1%G0", Err("bad percent escape")),
        ("EE/GOV/1%+1", Err("bad percent escape")),
        (&too_long, Err("over the limit of 255")),
        ("SUBSYSTEM:EE/GOV/1/x", Err("':'")),
    ];
    for (input, expect) in cases {
        let got = ClientId::parse(input);
        match expect {
            Ok(canonical) => {
                let id = got.unwrap_or_else(|e| panic!("{input:?}: {e}"));
                if !canonical.is_empty() {
                    assert_eq!(id.as_str(), canonical, "{input:?}");
                    assert_eq!(id.to_string(), canonical);
                }
                assert_eq!(ClientId::parse(id.as_str()).unwrap(), id);
            }
            Err(fragment) => {
                let e = got.unwrap_err();
                assert_eq!(e.code(), "exchange.xroad_id_invalid", "{input:?}");
                assert!(e.to_string().contains(fragment), "{input:?}: {e}");
                assert!(e.to_string().contains("client id"), "{e}");
                assert!(e.to_string().len() < 400, "{e}");
            }
        }
    }
}

#[test]
fn service_id_table() {
    let cases: Vec<(&str, Expect)> = vec![
        (
            "EE/GOV/70000002/population/residence",
            Ok("EE/GOV/70000002/population/residence"),
        ),
        (
            "EE/GOV/70000002/population/residence/v1",
            Ok("EE/GOV/70000002/population/residence/v1"),
        ),
        ("EE/GOV/1/s/x%3F", Ok("EE/GOV/1/s/x%3F")),
        ("EE/GOV/70000002/residence", Err("expected 5 or 6 parts")),
        ("EE/GOV/1/s/x/v1/extra", Err("expected 5 or 6 parts")),
        ("EE/GOV/1/s/", Err("the service code is empty")),
        ("EE/GOV/1/s/x/", Err("the service version is empty")),
        ("EE/GOV/1/s/x/v:1", Err("the service version contains ':'")),
        ("EE/GOV/1//x", Err("the subsystem code is empty")),
    ];
    for (input, expect) in cases {
        let got = ServiceId::parse(input);
        match expect {
            Ok(canonical) => {
                let id = got.unwrap_or_else(|e| panic!("{input:?}: {e}"));
                assert_eq!(id.as_str(), canonical);
                assert_eq!(ServiceId::parse(id.as_str()).unwrap(), id);
                assert_eq!(ServiceId::parse_object(&id.to_object_string()).unwrap(), id);
            }
            Err(fragment) => {
                let e = got.unwrap_err();
                assert_eq!(e.code(), "exchange.xroad_id_invalid", "{input:?}");
                assert!(e.to_string().contains(fragment), "{input:?}: {e}");
            }
        }
    }
    let id = ServiceId::parse("EE/GOV/70000002/population/residence/v1").unwrap();
    assert_eq!(id.version(), Some("v1"));
    assert_eq!(id.provider().as_str(), "EE/GOV/70000002/population");
    assert_eq!(id.provider().object_type(), ObjectType::Subsystem);
    assert_eq!(
        id.without_version().as_str(),
        "EE/GOV/70000002/population/residence"
    );
    assert_eq!(
        (id.instance(), id.member_class(), id.member_code()),
        ("EE", "GOV", "70000002")
    );
    let provider = ClientId::parse("EE/GOV/70000002/population").unwrap();
    assert_eq!(
        ServiceId::new(&provider, "residence", Some("v1")).unwrap(),
        id
    );
    let member = provider.member_id();
    assert_eq!(member.as_str(), "EE/GOV/70000002");
    assert!(message(ServiceId::new(&member, "residence", None)).contains("must be a subsystem"));
    assert!(message(ServiceId::new(&provider, "a/b", None)).contains("'/'"));
    assert!(message(ServiceId::new(&provider, "x", Some(""))).contains("version is empty"));
}

#[test]
fn object_type_textual_form_table() {
    let cases: Vec<(&str, Result<ObjectType, &str>)> = vec![
        ("MEMBER:EE/GOV/70000001", Ok(ObjectType::Member)),
        (
            "SUBSYSTEM:EE/GOV/70000001/social",
            Ok(ObjectType::Subsystem),
        ),
        ("SUBSYSTEM:EE/GOV/1/a?b", Ok(ObjectType::Subsystem)),
        ("MEMBER:EE/GOV/70000001/social", Err("expected 3 parts")),
        ("SUBSYSTEM:EE/GOV/70000001", Err("expected 4 parts")),
        ("SERVICE:EE/GOV/1/s/x", Err("not a SERVICE")),
        ("member:EE/GOV/1", Err("unknown object type")),
        ("SERVER:EE/GOV/1/ss1", Err("unknown object type")),
        ("EE/GOV/1", Err("no object type")),
        ("SUBSYSTEM:EE/GOV/1/a%3Fb", Err("'%'")),
        ("SUBSYSTEM:EE/GOV/1/a:b", Err("':'")),
        ("MEMBER:", Err("the identifier is empty")),
    ];
    for (input, expect) in cases {
        match (ClientId::parse_object(input), expect) {
            (Ok(id), Ok(ty)) => {
                assert_eq!(id.object_type(), ty);
                assert_eq!(id.to_object_string(), input);
            }
            (Err(e), Err(fragment)) => {
                assert_eq!(e.code(), "exchange.xroad_id_invalid");
                assert!(e.to_string().contains(fragment), "{input:?}: {e}");
            }
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
    // '?' is raw in the textual form, encoded in the slash form
    let id = ClientId::parse_object("SUBSYSTEM:EE/GOV/1/a?b").unwrap();
    assert_eq!(id.as_str(), "EE/GOV/1/a%3Fb");
    for (input, ok) in [
        ("SERVICE:EE/GOV/70000001/social/getPerson", true),
        ("SERVICE:EE/GOV/70000001/social/getPerson/v1", true),
        ("SERVICE:EE/GOV/70000001/getPerson", false),
        ("SUBSYSTEM:EE/GOV/70000001/social/getPerson", false),
        ("MEMBER:EE/GOV/1/s/x", false),
    ] {
        let got = ServiceId::parse_object(input);
        assert_eq!(got.is_ok(), ok, "{input}: {got:?}");
        if let Ok(id) = got {
            assert_eq!(id.to_object_string(), input);
            assert_eq!(id.object_type(), ObjectType::Service);
        }
    }
    assert_eq!(ObjectType::Subsystem.to_string(), "SUBSYSTEM");
}

#[test]
fn represented_party_table() {
    let cases: Vec<(&str, Expect)> = vec![
        ("COM/12345678", Ok("COM/12345678")),
        ("12345678", Ok("12345678")),
        ("COM/a%3F", Ok("COM/a%3F")),
        ("EE/COM/1", Err("expected 1 or 2 parts")),
        ("", Err("the identifier is empty")),
        ("/1", Err("the member class is empty")),
        ("COM/", Err("the member code is empty")),
        ("COM/1:2", Err("':'")),
    ];
    for (input, expect) in cases {
        match (RepresentedParty::parse(input), expect) {
            (Ok(p), Ok(canonical)) => {
                assert_eq!(p.as_str(), canonical);
                assert_eq!(RepresentedParty::parse(p.as_str()).unwrap(), p);
            }
            (Err(e), Err(fragment)) => {
                assert_eq!(e.code(), "exchange.xroad_id_invalid");
                assert!(e.to_string().contains("represented party"), "{e}");
                assert!(e.to_string().contains(fragment), "{input:?}: {e}");
            }
            (got, want) => panic!("{input:?}: got {got:?}, want {want:?}"),
        }
    }
    assert_eq!(
        RepresentedParty::new(Some("COM"), "1").unwrap().as_str(),
        "COM/1"
    );
    assert!(RepresentedParty::new(None, "a/b").is_err());
    assert!(RepresentedParty::new(Some(""), "1").is_err());
}

#[test]
fn identifiers_are_json_strings() {
    let id = ClientId::parse("EE/GOV/1/a%3Fb").unwrap();
    let json = serde_json::to_string(&id).unwrap();
    assert_eq!(json, "\"EE/GOV/1/a%3Fb\"");
    assert_eq!(serde_json::from_str::<ClientId>(&json).unwrap(), id);
    let e = serde_json::from_str::<ClientId>("\"EE/GOV\"").unwrap_err();
    assert!(e.to_string().contains("expected 3 or 4 parts"), "{e}");
    assert!(serde_json::from_str::<ClientId>("42").is_err());
    let s = ServiceId::parse("EE/GOV/2/population/residence").unwrap();
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json, serde_json::json!("EE/GOV/2/population/residence"));
    assert_eq!(serde_json::from_value::<ServiceId>(json).unwrap(), s);
    let p = RepresentedParty::parse("COM/1").unwrap();
    assert_eq!(serde_json::to_string(&p).unwrap(), "\"COM/1\"");
    // an escaped JSON string (not borrowable) reads too
    assert_eq!(
        serde_json::from_str::<ClientId>("\"EE\\/GOV\\/1\"").unwrap(),
        ClientId::member("EE", "GOV", "1").unwrap()
    );
    assert_eq!(format!("{id:?}"), "ClientId(\"EE/GOV/1/a%3Fb\")");
    assert_eq!(id.as_ref() as &str, "EE/GOV/1/a%3Fb");
}

// ---- HTTP/1.1 ----------------------------------------------------------------------------------

#[test]
fn http_request_table() {
    let ok = |text: &[u8]| HttpRequest::parse(text).unwrap_or_else(|e| panic!("{e}"));
    let r = ok(b"POST /x?y HTTP/1.1\r\nA: 1\r\nContent-Length: 3\r\nb: two words\r\n\r\nabc");
    assert_eq!(r.method, "POST");
    assert_eq!(r.target, "/x?y");
    assert_eq!(
        r.headers,
        vec![("A".into(), "1".into()), ("b".into(), "two words".into())]
    );
    assert_eq!(r.body, b"abc");
    assert_eq!(r.header("a"), Some("1"));
    assert_eq!(r.header("content-length"), None);
    // bare LF line ends are read (httparse), written back with CRLF
    let lf = ok(b"GET / HTTP/1.1\nA: 1\n\n");
    assert_eq!(lf.to_bytes().unwrap(), b"GET / HTTP/1.1\r\nA: 1\r\n\r\n");
    // Content-Length: 0 is no body
    assert!(ok(b"GET / HTTP/1.1\r\nContent-Length: 0\r\n\r\n")
        .body
        .is_empty());

    let cases: Vec<(&[u8], &str, &str)> = vec![
        (b"", "exchange.http_invalid", "incomplete"),
        (b"GET / HTTP/1.1\r\n", "exchange.http_invalid", "incomplete"),
        (
            b"GET / HTTP/1.0\r\n\r\n",
            "exchange.http_invalid",
            "HTTP/1.1",
        ),
        (
            b"GET / HTTP/2\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
        (
            b"GET  / HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
        (
            b"G(T / HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
        (
            b"GET / HTTP/1.1\r\nA B: 1\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
        (
            b"GET / HTTP/1.1\r\n folded\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
        (
            b"GET / HTTP/1.1\r\nA: \xff\r\n\r\n",
            "exchange.http_invalid",
            "printable",
        ),
        (
            b"GET / HTTP/1.1\r\nA: caf\xc3\xa9\r\n\r\n",
            "exchange.http_invalid",
            "printable",
        ),
        (
            b"GET * HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "starting with '/'",
        ),
        (
            b"GET /a#b HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "fragment",
        ),
        (
            b"GET http://h/ HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "starting with '/'",
        ),
        (
            b"POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
            "exchange.http_invalid",
            "Transfer-Encoding",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\na",
            "exchange.http_invalid",
            "more than one",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: +1\r\n\r\na",
            "exchange.http_invalid",
            "decimal",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 0x1\r\n\r\na",
            "exchange.http_invalid",
            "decimal",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: \r\n\r\n",
            "exchange.http_invalid",
            "decimal",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabc",
            "exchange.http_invalid",
            "has 3 bytes",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nabc",
            "exchange.http_invalid",
            "1 bytes after the body",
        ),
        (
            b"POST / HTTP/1.1\r\n\r\nabc",
            "exchange.http_invalid",
            "without a Content-Length",
        ),
        (
            b"GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "without a Content-Length",
        ),
        (
            b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n",
            "exchange.http_too_large",
            "body",
        ),
    ];
    for (text, want, fragment) in cases {
        let e = HttpRequest::parse(text).unwrap_err();
        assert_eq!(e.code(), want, "{:?}: {e}", String::from_utf8_lossy(text));
        assert!(
            e.to_string().contains(fragment),
            "{:?}: {e}",
            String::from_utf8_lossy(text)
        );
    }
}

#[test]
fn http_limits_are_enforced() {
    let limits = HttpLimits::default();
    assert_eq!(
        (
            limits.max_headers,
            limits.max_head_bytes,
            limits.max_target_bytes,
            limits.max_body_bytes
        ),
        (64, 16 * 1024, 2000, 4 * 1024 * 1024)
    );
    let with_headers = |n: usize| {
        let mut t = String::from("GET / HTTP/1.1\r\n");
        for i in 0..n {
            t.push_str(&format!("H{i}: v\r\n"));
        }
        t.push_str("\r\n");
        t
    };
    assert!(HttpRequest::parse(with_headers(64).as_bytes()).is_ok());
    let e = HttpRequest::parse(with_headers(65).as_bytes()).unwrap_err();
    assert_eq!(e.code(), "exchange.http_too_large");
    assert!(e.to_string().contains("number of headers"), "{e}");
    let target = |n: usize| format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(n - 1));
    assert!(HttpRequest::parse(target(2000).as_bytes()).is_ok());
    let e = HttpRequest::parse(target(2001).as_bytes()).unwrap_err();
    assert!(e.to_string().contains("request target"), "{e}");
    let big = format!("GET / HTTP/1.1\r\nA: {}\r\n\r\n", "a".repeat(16 * 1024));
    let e = HttpRequest::parse(big.as_bytes()).unwrap_err();
    assert_eq!(e.code(), "exchange.http_too_large");
    assert!(e.to_string().contains("request head"), "{e}");
    // an endless head is refused as too large, not read to its end
    let endless = format!("GET / HTTP/1.1\r\nA: {}", "a".repeat(100_000));
    assert_eq!(
        code(HttpRequest::parse(endless.as_bytes())),
        "exchange.http_too_large"
    );
    let small = HttpLimits {
        max_body_bytes: 3,
        ..HttpLimits::default()
    };
    assert!(
        HttpRequest::parse_with(b"POST / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc", &small).is_ok()
    );
    let e = HttpRequest::parse_with(b"POST / HTTP/1.1\r\nContent-Length: 4\r\n\r\nabcd", &small)
        .unwrap_err();
    assert_eq!(e.code(), "exchange.http_too_large");
    assert!(
        e.to_string().contains("the body exceeds the limit of 3"),
        "{e}"
    );
}

#[test]
fn http_writing_refuses_what_would_not_read_back() {
    let base = HttpRequest {
        method: "POST".into(),
        target: "/r1/a".into(),
        headers: vec![("A".into(), "1".into())],
        body: b"{}".to_vec(),
    };
    let text = base.to_bytes().unwrap();
    assert_eq!(
        text,
        b"POST /r1/a HTTP/1.1\r\nA: 1\r\nContent-Length: 2\r\n\r\n{}"
    );
    assert_eq!(HttpRequest::parse(&text).unwrap(), base);
    let broken: Vec<(HttpRequest, &str)> = vec![
        (
            HttpRequest {
                method: "PO ST".into(),
                ..base.clone()
            },
            "method",
        ),
        (
            HttpRequest {
                method: "".into(),
                ..base.clone()
            },
            "method",
        ),
        (
            HttpRequest {
                target: "/a b".into(),
                ..base.clone()
            },
            "target",
        ),
        (
            HttpRequest {
                target: "a".into(),
                ..base.clone()
            },
            "target",
        ),
        (
            HttpRequest {
                target: "/a#f".into(),
                ..base.clone()
            },
            "target",
        ),
        (
            HttpRequest {
                target: "/a\r\nX: 1".into(),
                ..base.clone()
            },
            "target",
        ),
        (
            HttpRequest {
                headers: vec![("A:".into(), "1".into())],
                ..base.clone()
            },
            "header name",
        ),
        (
            HttpRequest {
                headers: vec![("".into(), "1".into())],
                ..base.clone()
            },
            "header name",
        ),
        (
            HttpRequest {
                headers: vec![("A".into(), "1\r\nB: 2".into())],
                ..base.clone()
            },
            "value",
        ),
        (
            HttpRequest {
                headers: vec![("A".into(), " 1".into())],
                ..base.clone()
            },
            "value",
        ),
        (
            HttpRequest {
                headers: vec![("A".into(), "é".into())],
                ..base.clone()
            },
            "value",
        ),
        (
            HttpRequest {
                headers: vec![("content-length".into(), "2".into())],
                ..base.clone()
            },
            "written from the body",
        ),
        (
            HttpRequest {
                headers: vec![("Transfer-Encoding".into(), "chunked".into())],
                ..base.clone()
            },
            "written from the body",
        ),
    ];
    for (r, fragment) in broken {
        let e = r.to_bytes().unwrap_err();
        assert_eq!(e.code(), "exchange.http_invalid");
        assert!(e.to_string().contains(fragment), "{r:?}: {e}");
    }
}

// ---- the X-Road mapping ------------------------------------------------------------------------

fn sample() -> XRoadRequest {
    let mut r = XRoadRequest::new(
        ClientId::parse("EE/GOV/70000001/social").unwrap(),
        ServiceId::parse("EE/GOV/70000002/population/residence").unwrap(),
        br#"{"person":"EE38001085718"}"#.to_vec(),
    );
    r.message_id = Some("0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c".into());
    r.user_id = Some("EE38001085718".into());
    r.represented_party = Some(RepresentedParty::parse("COM/12345678").unwrap());
    r.issue = Some("CASE-2026-17".into());
    r.headers = vec![("Content-Type".into(), "application/json".into())];
    r
}

#[test]
fn an_xroad_request_writes_as_the_protocol_says() {
    let text = String::from_utf8(sample().to_bytes().unwrap()).unwrap();
    assert_eq!(
        text,
        "POST /r1/EE/GOV/70000002/population/residence HTTP/1.1\r\n\
         X-Road-Client: EE/GOV/70000001/social\r\n\
         X-Road-Id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c\r\n\
         X-Road-UserId: EE38001085718\r\n\
         X-Road-Issue: CASE-2026-17\r\n\
         X-Road-Represented-Party: COM/12345678\r\n\
         Content-Type: application/json\r\n\
         Content-Length: 26\r\n\
         \r\n\
         {\"person\":\"EE38001085718\"}"
    );
    assert_eq!(XRoadRequest::parse(text.as_bytes()).unwrap(), sample());
    // a path and a query follow the service id unchanged
    let mut r = sample();
    r.method = "GET".into();
    r.path = "/v1/people/EE38001085718?fields=residence".into();
    r.body.clear();
    let http = r.to_http().unwrap();
    assert_eq!(
        http.target,
        "/r1/EE/GOV/70000002/population/residence/v1/people/EE38001085718?fields=residence"
    );
    assert_eq!(XRoadRequest::from_http(&http).unwrap(), r);
    // parts with '?' are encoded in the request line and the header
    let mut r = sample();
    r.client = ClientId::parse_object("SUBSYSTEM:EE/GOV/1/what?").unwrap();
    r.service = ServiceId::parse_object("SERVICE:EE/GOV/2/s/who?").unwrap();
    r.path = "?q=1".into();
    let http = r.to_http().unwrap();
    assert_eq!(http.target, "/r1/EE/GOV/2/s/who%3F?q=1");
    assert_eq!(http.header("x-road-client"), Some("EE/GOV/1/what%3F"));
    assert_eq!(XRoadRequest::from_http(&http).unwrap(), r);
}

#[test]
fn govstack_spellings_are_read_and_the_last_of_all_spellings_wins() {
    let read = |headers: &str| {
        XRoadRequest::parse(
            format!("POST /r1/EE/GOV/2/population/residence HTTP/1.1\r\n{headers}\r\n").as_bytes(),
        )
    };
    for name in [
        "X-GovStack-Client",
        "x-govstack-client",
        "Information-Mediator-Client",
        "INFORMATION-MEDIATOR-CLIENT",
    ] {
        let r = read(&format!("{name}: EE/GOV/1/social\r\n")).unwrap();
        assert_eq!(r.client.as_str(), "EE/GOV/1/social", "{name}");
        assert!(r.headers.is_empty());
        // written back with X-Road's spelling
        assert_eq!(r.to_http().unwrap().headers[0].0, "X-Road-Client");
    }
    let r = read(
        "X-GovStack-Id: g1\r\nX-GovStack-UserId: EE1\r\nX-GovStack-Issue: I-1\r\nX-Road-Client: EE/GOV/1/s\r\n",
    )
    .unwrap();
    assert_eq!(
        (
            r.message_id.as_deref(),
            r.user_id.as_deref(),
            r.issue.as_deref()
        ),
        (Some("g1"), Some("EE1"), Some("I-1"))
    );
    let cases: Vec<(&str, &str)> = vec![
        ("X-Road-Client: EE/GOV/1/a\r\nX-GovStack-Client: EE/GOV/1/b\r\n", "EE/GOV/1/b"),
        ("X-GovStack-Client: EE/GOV/1/b\r\nX-Road-Client: EE/GOV/1/a\r\n", "EE/GOV/1/a"),
        ("Information-Mediator-Client: EE/GOV/1/c\r\nX-Road-Client: EE/GOV/1/a\r\nX-GovStack-Client: EE/GOV/1/b\r\n", "EE/GOV/1/b"),
        ("X-Road-Client: EE/GOV/1/a\r\nX-Road-Client: EE/GOV/1/a\r\nx-road-client: EE/GOV/9\r\n", "EE/GOV/9"),
        // an earlier, broken value is dropped, not checked
        ("X-Road-Client: not:valid\r\nX-Road-Client: EE/GOV/1/a\r\n", "EE/GOV/1/a"),
    ];
    for (headers, client) in cases {
        let r = read(headers).unwrap_or_else(|e| panic!("{headers:?}: {e}"));
        assert_eq!(r.client.as_str(), client, "{headers:?}");
    }
    // the last one is checked
    assert_eq!(
        code(read(
            "X-Road-Client: EE/GOV/1/a\r\nX-Road-Client: not:valid\r\n"
        )),
        "exchange.xroad_id_invalid"
    );
    let r = read("X-Road-Client: EE/GOV/1\r\nX-Road-Id: first\r\nX-GovStack-Id: second\r\nX-Road-UserId: u1\r\nx-road-userid: u2\r\n").unwrap();
    assert_eq!(r.message_id.as_deref(), Some("second"));
    assert_eq!(r.user_id.as_deref(), Some("u2"));
}

#[test]
fn xroad_request_refusals() {
    let head = |target: &str, headers: &str| {
        XRoadRequest::parse(format!("POST {target} HTTP/1.1\r\n{headers}\r\n").as_bytes())
    };
    let client = "X-Road-Client: EE/GOV/1/social\r\n";
    let service = "/r1/EE/GOV/2/population/residence";
    let cases: Vec<(String, String, &str, &str)> = vec![
        (
            service.into(),
            "".into(),
            "exchange.xroad_header_missing",
            "X-Road-Client",
        ),
        (
            service.into(),
            "X-Road-Service: EE/GOV/1/s/x\r\n".into(),
            "exchange.xroad_header_missing",
            "X-Road-Client",
        ),
        (
            service.into(),
            "X-Road-Client: EE/GOV\r\n".into(),
            "exchange.xroad_id_invalid",
            "client id",
        ),
        (
            service.into(),
            "X-Road-Client: \r\n".into(),
            "exchange.xroad_id_invalid",
            "empty",
        ),
        (
            service.into(),
            format!("{client}X-Road-Id: \r\n"),
            "exchange.xroad_request_invalid",
            "X-Road-Id header is empty",
        ),
        (
            service.into(),
            format!("{client}X-Road-UserId:\r\n"),
            "exchange.xroad_request_invalid",
            "X-Road-UserId header is empty",
        ),
        (
            service.into(),
            format!("{client}X-Road-Represented-Party: A/B/C\r\n"),
            "exchange.xroad_id_invalid",
            "represented party",
        ),
        (
            "/r2/EE/GOV/2/population/residence".into(),
            client.into(),
            "exchange.xroad_version_unsupported",
            "\"r2\"",
        ),
        (
            "/r10/EE/GOV/2/population/residence".into(),
            client.into(),
            "exchange.xroad_version_unsupported",
            "\"r10\"",
        ),
        (
            "/v1/EE/GOV/2/population/residence".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "must start with /r1/",
        ),
        (
            "/r/EE/GOV/2/population/residence".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "must start with /r1/",
        ),
        (
            "/rest/r1/EE/GOV/2/population/residence".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "must start with /r1/",
        ),
        (
            "/".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "must start with /r1/",
        ),
        (
            "/r1".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "no full service id",
        ),
        (
            "/r1/".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "no full service id",
        ),
        (
            "/r1/EE/GOV/2/residence".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "no full service id",
        ),
        (
            "/r1/EE/GOV/2/population?x=/a/b".into(),
            client.into(),
            "exchange.xroad_request_invalid",
            "no full service id",
        ),
        (
            "/r1/EE/GOV/2/population/".into(),
            client.into(),
            "exchange.xroad_id_invalid",
            "service code is empty",
        ),
        (
            "/r1/EE/GOV//population/residence".into(),
            client.into(),
            "exchange.xroad_id_invalid",
            "member code is empty",
        ),
        (
            "/r1/EE/GOV/2/population/res%2Fidence".into(),
            client.into(),
            "exchange.xroad_id_invalid",
            "'/'",
        ),
        (
            "/r1/EE/GOV/2/population/res:idence".into(),
            client.into(),
            "exchange.xroad_id_invalid",
            "':'",
        ),
        (
            format!("{service}/.."),
            client.into(),
            "exchange.xroad_request_invalid",
            "'..' segment",
        ),
        (
            format!("{service}/a/../../b"),
            client.into(),
            "exchange.xroad_request_invalid",
            "'..' segment",
        ),
        (
            format!("{service}/%2e%2E/b"),
            client.into(),
            "exchange.xroad_request_invalid",
            "'..' segment",
        ),
        (
            format!("{service}/./b"),
            client.into(),
            "exchange.xroad_request_invalid",
            "'..' segment",
        ),
        (
            format!("{service}/.%2e"),
            client.into(),
            "exchange.xroad_request_invalid",
            "'..' segment",
        ),
    ];
    for (target, headers, want, fragment) in cases {
        let e = head(&target, &headers).unwrap_err();
        assert_eq!(e.code(), want, "{target} {headers:?}: {e}");
        assert!(
            e.to_string().contains(fragment),
            "{target} {headers:?}: {e}"
        );
    }
    // what is not a dot segment passes
    for path in ["/...", "/.a", "/a..", "?x=/../", "/%2e%2e%2e"] {
        let r = head(&format!("{service}{path}"), client).unwrap();
        assert_eq!(r.path, path);
    }
    let r = head(&format!("{service}/"), client).unwrap();
    assert_eq!(r.path, "/");
}

#[test]
fn an_xroad_request_that_cannot_be_written_is_refused() {
    let cases: Vec<(XRoadRequest, &str)> = vec![
        (
            XRoadRequest {
                method: "FETCH".into(),
                ..sample()
            },
            "not one of",
        ),
        (
            XRoadRequest {
                method: "post".into(),
                ..sample()
            },
            "not one of",
        ),
        (
            XRoadRequest {
                service: ServiceId::parse("EE/GOV/2/population/residence/v1").unwrap(),
                ..sample()
            },
            "has a version",
        ),
        (
            XRoadRequest {
                path: "v1".into(),
                ..sample()
            },
            "must be empty or start with",
        ),
        (
            XRoadRequest {
                path: "/a b".into(),
                ..sample()
            },
            "must be empty or start with",
        ),
        (
            XRoadRequest {
                path: "/a#x".into(),
                ..sample()
            },
            "must be empty or start with",
        ),
        (
            XRoadRequest {
                path: "/../admin".into(),
                ..sample()
            },
            "'..' segment",
        ),
        (
            XRoadRequest {
                message_id: Some("".into()),
                ..sample()
            },
            "X-Road-Id header is empty",
        ),
        (
            XRoadRequest {
                user_id: Some("a\r\nX: y".into()),
                ..sample()
            },
            "X-Road-UserId header",
        ),
        (
            XRoadRequest {
                issue: Some(" x".into()),
                ..sample()
            },
            "X-Road-Issue header",
        ),
        (
            XRoadRequest {
                headers: vec![("x-road-client".into(), "EE/GOV/9".into())],
                ..sample()
            },
            "written from its field",
        ),
        (
            XRoadRequest {
                headers: vec![("Information-Mediator-Client".into(), "EE/GOV/9".into())],
                ..sample()
            },
            "written from its field",
        ),
    ];
    for (r, fragment) in cases {
        let e = r.to_http().unwrap_err();
        assert_eq!(e.code(), "exchange.xroad_request_invalid", "{r:?}");
        assert!(e.to_string().contains(fragment), "{e}");
    }
    // a header that HTTP cannot carry is refused when writing the text
    let r = XRoadRequest {
        headers: vec![("Bad Name".into(), "1".into())],
        ..sample()
    };
    assert_eq!(code(r.to_bytes()), "exchange.http_invalid");
}

#[test]
fn every_method_of_xroad_is_mapped() {
    for m in govblocks_exchange::xroad::request::METHODS {
        let r = XRoadRequest {
            method: m.to_owned(),
            ..sample()
        };
        assert_eq!(XRoadRequest::parse(&r.to_bytes().unwrap()).unwrap(), r);
    }
}

// ---- round trips -------------------------------------------------------------------------------

fn part() -> impl Strategy<Value = String> {
    "[A-Za-z0-9'()+,\\-.=?]{1,12}"
}

fn client_id() -> impl Strategy<Value = ClientId> {
    (part(), part(), part(), proptest::option::of(part())).prop_map(|(i, c, m, s)| match s {
        Some(s) => ClientId::subsystem(&i, &c, &m, &s).unwrap(),
        None => ClientId::member(&i, &c, &m).unwrap(),
    })
}

fn service_id() -> impl Strategy<Value = ServiceId> {
    (
        part(),
        part(),
        part(),
        part(),
        part(),
        proptest::option::of(part()),
    )
        .prop_map(|(i, c, m, s, code, v)| {
            let provider = ClientId::subsystem(&i, &c, &m, &s).unwrap();
            ServiceId::new(&provider, &code, v.as_deref()).unwrap()
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn identifiers_round_trip(client in client_id(), service in service_id()) {
        prop_assert_eq!(&ClientId::parse(client.as_str()).unwrap(), &client);
        prop_assert_eq!(&ClientId::parse_object(&client.to_object_string()).unwrap(), &client);
        prop_assert_eq!(&ServiceId::parse(service.as_str()).unwrap(), &service);
        prop_assert_eq!(&ServiceId::parse_object(&service.to_object_string()).unwrap(), &service);
        let json = serde_json::to_string(&service).unwrap();
        prop_assert_eq!(&serde_json::from_str::<ServiceId>(&json).unwrap(), &service);
        // the slash form is the parts, '?' encoded
        let joined = [client.instance(), client.member_class(), client.member_code()]
            .into_iter()
            .chain(client.subsystem_code())
            .collect::<Vec<_>>()
            .join("/")
            .replace('?', "%3F");
        prop_assert_eq!(client.as_str(), joined);
    }

    #[test]
    fn any_percent_encoding_reads_the_same(client in client_id(), mask in any::<u64>()) {
        // encode some characters of each part (in upper or lower hex): the same id, printed
        // canonically
        let parts = [client.instance(), client.member_class(), client.member_code()]
            .into_iter()
            .chain(client.subsystem_code());
        let mut i = 0;
        let text = parts
            .map(|part| {
                part.chars()
                    .map(|c| {
                        i += 1;
                        if mask >> (i % 64) & 1 == 1 {
                            if i % 2 == 0 { format!("%{:02X}", c as u32) } else { format!("%{:02x}", c as u32) }
                        } else if c == '?' {
                            "%3F".to_owned()
                        } else {
                            c.to_string()
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("/");
        prop_assert_eq!(ClientId::parse(&text).unwrap(), client);
    }

    #[test]
    fn requests_round_trip(
        client in client_id(),
        service in service_id(),
        method in proptest::sample::select(govblocks_exchange::xroad::request::METHODS.to_vec()),
        path in "(/[a-z0-9]{1,5}){0,3}(\\?[a-z]=[0-9]{1,3})?",
        message_id in proptest::option::of("[a-f0-9-]{1,36}"),
        user_id in proptest::option::of("[A-Z]{2}[0-9]{1,11}"),
        issue in proptest::option::of("[ -~]{0,20}[!-~]"),
        party in proptest::option::of((proptest::option::of(part()), part())),
        extra in proptest::collection::vec(("[A-Za-z][A-Za-z0-9-]{0,10}", "[!-~]([ -~]{0,10}[!-~])?"), 0..3),
        body in proptest::collection::vec(any::<u8>(), 0..64),
    ) {
        let extra: Vec<(String, String)> = extra
            .into_iter()
            .filter(|(n, _)| {
                let n = n.to_ascii_lowercase();
                !(n.starts_with("x-road-") || n.starts_with("x-govstack-") || n == "information-mediator-client" || n == "content-length" || n == "transfer-encoding")
            })
            .collect();
        let r = XRoadRequest {
            method: method.to_owned(),
            client,
            service: service.without_version(),
            path,
            message_id,
            user_id,
            represented_party: party.map(|(c, m)| RepresentedParty::new(c.as_deref(), &m).unwrap()),
            issue: issue.map(|s| s.trim_start().to_owned()).filter(|s| !s.is_empty()),
            headers: extra,
            body,
        };
        let bytes = r.to_bytes().unwrap();
        prop_assert_eq!(&XRoadRequest::parse(&bytes).unwrap(), &r);
        let http = HttpRequest::parse(&bytes).unwrap();
        prop_assert_eq!(http.to_bytes().unwrap(), bytes);
    }

    #[test]
    fn parsing_never_panics_and_refuses_with_a_code(text in "[ -~]{0,40}") {
        for r in [
            ClientId::parse(&text).err(),
            ServiceId::parse(&text).err(),
            ClientId::parse_object(&text).err(),
            ServiceId::parse_object(&text).err(),
            RepresentedParty::parse(&text).err(),
        ].into_iter().flatten() {
            prop_assert_eq!(r.code(), "exchange.xroad_id_invalid");
        }
    }
}

// ---- a document that names its own addressing (the envelope's header) --------------------------

fn envelope_like(service: &str) -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "type": "ExchangeRequest",
        "header": {
            "protocolVersion": "1",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c",
            "client": "EE/GOV/70000001/social",
            "service": service,
            "action": "residence"
        },
        "payload": {"person": "EE38001085718"}
    }))
    .unwrap()
}

#[test]
fn a_document_travels_addressed_as_it_says() {
    use govblocks_exchange::xroad::{check_document, request_for_document};
    let body = envelope_like("EE/GOV/70000002/population/residence/v1");
    let r = request_for_document(body.clone()).unwrap();
    let text = String::from_utf8(r.to_bytes().unwrap()).unwrap();
    let head = format!(
        "POST /r1/EE/GOV/70000002/population/residence/v1 HTTP/1.1\r\n\
         X-Road-Client: EE/GOV/70000001/social\r\n\
         X-Road-Id: 0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c\r\n\
         Content-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n",
        body.len()
    );
    assert_eq!(
        text,
        format!("{head}{}", String::from_utf8(body.clone()).unwrap())
    );
    let back = XRoadRequest::parse(text.as_bytes()).unwrap();
    assert_eq!(back.body, body);
    let addressing = check_document(&back).unwrap();
    assert_eq!(addressing.service.version(), Some("v1"));
    // without a version, no path
    let r = request_for_document(envelope_like("EE/GOV/70000002/population/residence")).unwrap();
    assert_eq!(r.path, "");
    check_document(&r).unwrap();
    // an absent X-Road-Id is accepted
    let mut r = request_for_document(body.clone()).unwrap();
    r.message_id = None;
    check_document(&r).unwrap();
}

type Change = Box<dyn Fn(&mut XRoadRequest)>;

#[test]
fn transport_addressing_that_differs_from_the_document_is_refused() {
    use govblocks_exchange::xroad::{check_document, request_for_document};
    let good =
        request_for_document(envelope_like("EE/GOV/70000002/population/residence/v1")).unwrap();
    let changes: Vec<(&str, Change)> = vec![
        (
            "the client",
            Box::new(|r| r.client = ClientId::parse("EE/GOV/70000001/other").unwrap()),
        ),
        ("the client", Box::new(|r| r.client = r.client.member_id())),
        (
            "the service",
            Box::new(|r| r.service = ServiceId::parse("EE/GOV/70000002/population/other").unwrap()),
        ),
        ("the service", Box::new(|r| r.path = "/v2".into())),
        ("the service", Box::new(|r| r.path = "".into())),
        ("the service", Box::new(|r| r.path = "/v1/extra".into())),
        ("the service", Box::new(|r| r.path = "/v1?x=1".into())),
        (
            "the message id",
            Box::new(|r| r.message_id = Some("0190f7a4-7c1e-7d2a-9b3c-000000000000".into())),
        ),
    ];
    for (what, change) in changes {
        let mut r = good.clone();
        change(&mut r);
        // through the wire, as a receiver sees it
        let r = XRoadRequest::parse(&r.to_bytes().unwrap()).unwrap();
        let e = check_document(&r).unwrap_err();
        assert_eq!(
            e.code(),
            "exchange.xroad_addressing_mismatch",
            "{what}: {e}"
        );
        assert!(e.to_string().contains(what), "{e}");
    }
    // percent-encoding differences are no mismatch: the ids are compared decoded
    let mut r = good.clone();
    r.client = ClientId::parse("%45E/GOV/70000001/social").unwrap();
    check_document(&r).unwrap();
}

#[test]
fn a_body_that_is_no_addressed_document_is_refused() {
    use govblocks_exchange::xroad::request_for_document;
    let cases: Vec<(&[u8], &str)> = vec![
        (b"not json", "json."),
        (b"{\"a\":1,\"a\":2}", "json.duplicate_key"),
        (b"[]", "exchange.xroad_request_invalid"),
        (b"{}", "exchange.xroad_request_invalid"),
        (b"{\"header\":[]}", "exchange.xroad_request_invalid"),
        (
            b"{\"header\":{\"service\":\"EE/GOV/2/p/r\"}}",
            "exchange.xroad_request_invalid",
        ),
        (
            b"{\"header\":{\"client\":\"EE/GOV/1\"}}",
            "exchange.xroad_request_invalid",
        ),
        (
            b"{\"header\":{\"client\":1,\"service\":\"EE/GOV/2/p/r\"}}",
            "exchange.xroad_request_invalid",
        ),
        (
            b"{\"header\":{\"client\":\"EE/GOV/1\",\"service\":\"EE/GOV/2/p/r\",\"messageId\":7}}",
            "exchange.xroad_request_invalid",
        ),
        (
            b"{\"header\":{\"client\":\"EE/GOV/1:x\",\"service\":\"EE/GOV/2/p/r\"}}",
            "exchange.xroad_id_invalid",
        ),
        (
            b"{\"header\":{\"client\":\"EE/GOV/1\",\"service\":\"EE/GOV/2/r\"}}",
            "exchange.xroad_id_invalid",
        ),
    ];
    for (body, want) in cases {
        let e = request_for_document(body.to_vec()).unwrap_err();
        assert!(
            e.code().starts_with(want),
            "{:?}: {} {e}",
            String::from_utf8_lossy(body),
            e.code()
        );
    }
}

// ---- responses ---------------------------------------------------------------------------------

/// The examples of PR-REST §4.6: `(status, headers as in the document, body)`.
/// `(status, headers, body)` of an example response.
type Example = (u16, Vec<(String, String)>, String);

fn error_handling_examples() -> Vec<Example> {
    let section = between(DOC, "### 4.6 Error handling", "### 4.7")[0];
    section
        .split("#### Example ")
        .skip(1)
        .filter_map(|example| {
            let status = between(example, "HTTP status code:\n\n```\n", "\n```")
                .first()?
                .parse()
                .unwrap();
            let body = between(example, "Response body:\n\n```json\n", "\n```")[0].to_owned();
            let headers = between(example, "HTTP headers:\n\n```http\n", "\n```")[0]
                .lines()
                .map(|l| {
                    let (n, v) = l.split_once(": ").unwrap();
                    (n.to_owned(), v.to_owned())
                })
                .collect();
            Some((status, headers, body))
        })
        .collect()
}

fn response_text(status: u16, headers: &[(String, String)], body: &str) -> String {
    let mut text = format!("HTTP/1.1 {status} Status\r\n");
    for (n, v) in headers {
        // The document's Content-Length counts its bodies before they were pretty-printed.
        if !n.eq_ignore_ascii_case("content-length") {
            text.push_str(&format!("{n}: {v}\r\n"));
        }
    }
    text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    text
}

#[test]
fn pr_rest_4_6_responses_read() {
    use govblocks_exchange::xroad::{check_response_document, XRoadResponse};
    let examples = error_handling_examples();
    assert_eq!(
        examples.iter().map(|e| e.0).collect::<Vec<_>>(),
        vec![405, 500, 400, 500]
    );
    // Example 1: the provider's own error, passed as is, with the headers its security server set
    let (status, headers, body) = &examples[0];
    let r = XRoadResponse::parse(response_text(*status, headers, body).as_bytes()).unwrap();
    assert_eq!(r.status, 405);
    assert_eq!(
        r.client.as_ref().unwrap().as_str(),
        "DEV/COM/222/TESTCLIENT"
    );
    assert_eq!(
        r.service.as_ref().unwrap().as_str(),
        "DEV/COM/222/TESTSERVICE/petstore"
    );
    assert_eq!(
        r.message_id.as_deref(),
        Some("5ea48ae9-15c1-465a-be15-9b6ef2c7ef4a")
    );
    assert_eq!(
        r.request_hash.as_deref(),
        Some("yFOLGuJ0zmLhZSgwp3ooSBQbR9ejSvTc6p6FvBmcSEB2tDD6bxpjiv8sHORxqz4MMgEADH7IcARNprLfEwudNw==")
    );
    assert_eq!(r.error, None);
    let others: Vec<&str> = r.headers.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(others, vec!["Content-Type", "Date", "x-road-request-id"]);
    assert_eq!(r.body, body.as_bytes());
    assert_eq!(XRoadResponse::parse(&r.to_bytes().unwrap()).unwrap(), r);
    // its body is no envelope
    assert_eq!(
        code(check_response_document(&r)),
        "exchange.xroad_request_invalid"
    );
    // Examples 2 to 4: X-Road's own errors, flagged with X-Road-Error
    for (status, headers, body) in &examples[1..] {
        let r = XRoadResponse::parse(response_text(*status, headers, body).as_bytes()).unwrap();
        let flagged = headers.iter().find(|(n, _)| n == "X-Road-Error").unwrap();
        assert_eq!(r.error.as_deref(), Some(flagged.1.as_str()));
        assert!(body.contains(&format!("\"type\": \"{}\"", flagged.1)));
        let e = check_response_document(&r).unwrap_err();
        assert_eq!(e.code(), "exchange.xroad_error");
        assert!(e.to_string().contains(&flagged.1), "{e}");
    }
}

fn response_envelope() -> Vec<u8> {
    serde_json::to_vec(&serde_json::json!({
        "type": "ExchangeResponse",
        "header": {
            "protocolVersion": "1",
            "messageId": "0190f7a4-7c1e-7d2a-9b3c-aaaaaaaaaaaa",
            "client": "EE/GOV/70000001/social",
            "service": "EE/GOV/70000002/population/residence/v1",
            "action": "residence",
            "inReplyTo": {"messageId": "0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c", "digest": "x"}
        },
        "payload": {"residence": "Tallinn"}
    }))
    .unwrap()
}

#[test]
fn a_response_document_travels_as_the_providers_response() {
    use govblocks_exchange::xroad::{
        carrier_for_document, check_document, check_response_document, request_for_document,
        response_for_document, Carrier, XRoadResponse,
    };
    let body = response_envelope();
    let r = response_for_document(body.clone()).unwrap();
    assert_eq!(
        String::from_utf8(r.to_bytes().unwrap()).unwrap(),
        format!(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{}",
            body.len(),
            String::from_utf8(body.clone()).unwrap()
        )
    );
    assert_eq!(
        carrier_for_document(body.clone()).unwrap(),
        Carrier::Response(r.clone())
    );
    assert!(matches!(
        carrier_for_document(envelope_like("EE/GOV/2/p/r")).unwrap(),
        Carrier::Request(_)
    ));
    // as the provider wrote it, and as its security server passed it on
    check_response_document(&r).unwrap();
    let mut passed = r.clone();
    passed.client = Some(ClientId::parse("EE/GOV/70000001/social").unwrap());
    passed.service = Some(ServiceId::parse("EE/GOV/70000002/population/residence").unwrap());
    passed.message_id = Some("0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c".into());
    passed.request_hash = Some("abc=".into());
    let passed = XRoadResponse::parse(&passed.to_bytes().unwrap()).unwrap();
    let addressing = check_response_document(&passed).unwrap();
    assert_eq!(
        addressing.in_reply_to.as_deref(),
        Some("0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0c")
    );
    assert!(addressing.is_response);
    // readdressed on the way
    type ResponseChange = Box<dyn Fn(&mut XRoadResponse)>;
    let changes: Vec<(&str, ResponseChange)> = vec![
        (
            "the client",
            Box::new(|r| r.client = Some(ClientId::parse("EE/GOV/70000009/social").unwrap())),
        ),
        (
            "the service",
            Box::new(|r| {
                r.service = Some(ServiceId::parse("EE/GOV/70000002/population/other").unwrap())
            }),
        ),
        (
            "the request's message id",
            Box::new(|r| r.message_id = Some("0190f7a4-7c1e-7d2a-9b3c-5d6e7f8a9b0d".into())),
        ),
    ];
    for (what, change) in changes {
        let mut r = passed.clone();
        change(&mut r);
        let e = check_response_document(&r).unwrap_err();
        assert_eq!(e.code(), "exchange.xroad_addressing_mismatch");
        assert!(e.to_string().contains(what), "{e}");
    }
    // a response document is no request, and a request document no response
    assert_eq!(
        code(request_for_document(body.clone())),
        "exchange.xroad_request_invalid"
    );
    let request = request_for_document(envelope_like("EE/GOV/2/p/r")).unwrap();
    assert_eq!(
        code(response_for_document(request.body.clone())),
        "exchange.xroad_request_invalid"
    );
    let mut smuggled = request.clone();
    smuggled.body = body;
    assert_eq!(
        code(check_document(&smuggled)),
        "exchange.xroad_request_invalid"
    );
    let mut smuggled = r;
    smuggled.body = request.body;
    assert_eq!(
        code(check_response_document(&smuggled)),
        "exchange.xroad_request_invalid"
    );
}

#[test]
fn http_response_table() {
    use govblocks_exchange::xroad::{HttpResponse, XRoadResponse};
    let ok = HttpResponse::parse(b"HTTP/1.1 204 No Content\r\nA: 1\r\n\r\n").unwrap();
    assert_eq!((ok.status, ok.reason.as_str()), (204, "No Content"));
    assert_eq!(ok.header("a"), Some("1"));
    let bare = HttpResponse::parse(b"HTTP/1.1 200 \r\n\r\n").unwrap();
    assert_eq!(bare.reason, "");
    assert_eq!(
        HttpResponse::parse(&bare.to_bytes().unwrap()).unwrap(),
        bare
    );
    let cases: Vec<(&[u8], &str, &str)> = vec![
        (
            b"HTTP/1.1 100 Continue\r\n\r\n",
            "exchange.http_invalid",
            "not a final response",
        ),
        (
            b"HTTP/1.1 600 Odd\r\n\r\n",
            "exchange.http_invalid",
            "not a final response",
        ),
        (
            b"HTTP/1.0 200 OK\r\n\r\n",
            "exchange.http_invalid",
            "HTTP/1.1",
        ),
        (
            b"HTTP/1.1 200 OK\r\n",
            "exchange.http_invalid",
            "incomplete",
        ),
        (
            b"HTTP/1.1 2000 OK\r\n\r\n",
            "exchange.http_invalid",
            "malformed response head",
        ),
        (
            b"HTTP/1.1 200 OK\r\n\r\nbody",
            "exchange.http_invalid",
            "without a Content-Length",
        ),
        (
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n",
            "exchange.http_invalid",
            "Transfer-Encoding",
        ),
        (
            b"GET / HTTP/1.1\r\n\r\n",
            "exchange.http_invalid",
            "malformed",
        ),
    ];
    for (text, want, fragment) in cases {
        let e = HttpResponse::parse(text).unwrap_err();
        assert_eq!(e.code(), want, "{:?}: {e}", String::from_utf8_lossy(text));
        assert!(
            e.to_string().contains(fragment),
            "{:?}: {e}",
            String::from_utf8_lossy(text)
        );
    }
    let bad = |headers: &str| {
        XRoadResponse::parse(format!("HTTP/1.1 200 OK\r\n{headers}\r\n").as_bytes())
    };
    assert_eq!(
        code(bad("X-Road-Client: EE/GOV\r\n")),
        "exchange.xroad_id_invalid"
    );
    assert_eq!(
        code(bad("X-Road-Service: EE/GOV/1/s/x/v1\r\n")),
        "exchange.xroad_request_invalid"
    );
    assert_eq!(
        code(bad("X-Road-Id:\r\n")),
        "exchange.xroad_request_invalid"
    );
    let r = bad("X-GovStack-Service: EE/GOV/1/s/a\r\nx-road-service: EE/GOV/1/s/b\r\nX-GovStack-Error: E1\r\n").unwrap();
    assert_eq!(r.service.unwrap().service_code(), "b");
    assert_eq!(r.error.as_deref(), Some("E1"));
    // what cannot be written
    let mut r = XRoadResponse::new(vec![]);
    r.status = 99;
    assert_eq!(code(r.to_bytes()), "exchange.http_invalid");
    let mut r = XRoadResponse::new(vec![]);
    r.service = Some(ServiceId::parse("EE/GOV/1/s/x/v1").unwrap());
    assert_eq!(code(r.to_http()), "exchange.xroad_request_invalid");
    let mut r = XRoadResponse::new(vec![]);
    r.headers = vec![("X-Road-Request-Hash".into(), "x".into())];
    assert_eq!(code(r.to_http()), "exchange.xroad_request_invalid");
}

// ---- the envelope through X-Road (module transport) --------------------------------------------

#[test]
fn a_signed_envelope_crosses_x_road_and_verifies() {
    use super::fixtures;
    use govblocks_exchange::envelope::model::Envelope;
    use govblocks_exchange::xroad::transport::{from_http, signed_to_http, to_http};
    use govblocks_exchange::xroad::Carrier;
    // the request: a POST to the service, its version as the first path segment
    let signed = fixtures::signed_request();
    let carrier = signed_to_http(&signed).unwrap();
    let Carrier::Request(request) = &carrier else {
        panic!("{carrier:?}")
    };
    assert_eq!(request.client.as_str(), fixtures::CLIENT);
    assert_eq!(
        request.service.as_str(),
        "EE/GOV/70000002/population/residence"
    );
    assert_eq!(request.path, "/v1");
    assert_eq!(request.message_id.as_deref(), Some(fixtures::REQUEST_ID));
    let text = carrier.to_bytes().unwrap();
    assert!(text.starts_with(b"POST /r1/EE/GOV/70000002/population/residence/v1 HTTP/1.1\r\n"));
    // through the security servers and back: the same bytes, which verify
    let body = from_http(&text).unwrap();
    assert_eq!(body, fixtures::bytes(&signed));
    let verified = fixtures::verifier().verify_request(&body).unwrap();
    // the typed envelope writes the same
    let envelope: Envelope = serde_json::from_value(signed.clone()).unwrap();
    assert_eq!(to_http(&envelope).unwrap(), carrier);
    assert_eq!(to_http(verified.envelope()).unwrap(), carrier);
    // the response: the provider's 200, checked against the X-Road headers on the way back
    let response = fixtures::signed_response(&verified);
    let carrier = signed_to_http(&response).unwrap();
    let Carrier::Response(r) = &carrier else {
        panic!("{carrier:?}")
    };
    assert_eq!(r.status, 200);
    let mut passed = r.clone();
    passed.client = Some(ClientId::parse(fixtures::CLIENT).unwrap());
    passed.service = Some(ServiceId::parse("EE/GOV/70000002/population/residence").unwrap());
    passed.message_id = Some(fixtures::REQUEST_ID.to_owned());
    let body = from_http(&passed.to_bytes().unwrap()).unwrap();
    fixtures::verifier()
        .verify_response(&verified, &body)
        .unwrap();
    // readdressed on the way: refused before the verifier sees it
    let moved = String::from_utf8(text.clone()).unwrap().replace(
        "X-Road-Client: EE/GOV/70000001/social",
        "X-Road-Client: EE/GOV/70000003/tax",
    );
    assert_eq!(
        code(from_http(moved.as_bytes())),
        "exchange.xroad_addressing_mismatch"
    );
    passed.message_id = Some(fixtures::RESPONSE_ID.to_owned());
    assert_eq!(
        code(from_http(&passed.to_bytes().unwrap())),
        "exchange.xroad_addressing_mismatch"
    );
}

#[test]
fn an_envelope_holds_x_road_ids_in_their_canonical_form_only() {
    // what X-Road refuses, the envelope refuses; what X-Road reads but would print otherwise
    // (a needless escape, a lower-case hex digit), the envelope refuses too, so that a typed
    // envelope always writes back the bytes that were signed
    assert_eq!(
        ClientId::parse_canonical("EE/GOV/70000001/social")
            .unwrap()
            .as_str(),
        "EE/GOV/70000001/social"
    );
    assert_eq!(
        ServiceId::parse_canonical("EE/GOV/2/population/what%3F/v1")
            .unwrap()
            .service_code(),
        "what?"
    );
    for loose in ["EE/GOV/7000_0001", "EE/GOV/%41", "EE/GOV/a%3f/x"] {
        let error = ClientId::parse_canonical(loose).unwrap_err();
        assert_eq!(error.code(), "exchange.xroad_id_invalid", "{loose}");
        if ClientId::parse(loose).is_ok() {
            assert!(error.to_string().contains("canonical"), "{error}");
        }
    }
    assert_eq!(ClientId::parse("EE/GOV/%41").unwrap().as_str(), "EE/GOV/A");
    for loose in [
        "EE/GOV/2/population/res:idence",
        "EE/GOV/2/population/%72esidence",
    ] {
        assert_eq!(
            code(ServiceId::parse_canonical(loose)),
            "exchange.xroad_id_invalid",
            "{loose}"
        );
    }
}
