//! The seeds of the exchange fuzz targets: X-Road identifiers from the X-Road Message Protocol
//! for REST (PR-REST 1.0.4) and X-Road's own tests, each refusal once; X-Road REST requests, the
//! protocol's example first, and each refusal once; two responses (named `response-*`: the
//! verdict reads requests), one an X-Road error.

use std::path::Path;

fn write(dir: &Path, target: &str, name: &str, bytes: &[u8]) {
    let dir = dir.join(target);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Writes the exchange seeds under `out` (a `fuzz/corpus`).
pub fn write_all(out: &Path) {
    for (name, input) in [
        (
            "accepted-pr-rest-client",
            "INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1",
        ),
        (
            "accepted-pr-rest-service",
            "INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE",
        ),
        ("accepted-petstore", "DEV/COM/222/TESTSERVICE/petstore"),
        ("accepted-member", "EE/GOV/70000001"),
        (
            "accepted-versioned-service",
            "EE/GOV/70000002/population/residence/v1",
        ),
        ("accepted-symbols", "EE/GOV/'()+,-.=/a%3Fb"),
        ("accepted-escaped-letters", "%45E/gov/%41%62"),
        (
            "accepted-object-subsystem",
            "SUBSYSTEM:EE/GOV/70000001/social",
        ),
        ("accepted-object-member", "MEMBER:EE/GOV/70000001"),
        (
            "accepted-object-service",
            "SERVICE:EE/GOV/70000001/social/getPerson/v1",
        ),
        (
            "refused-encoded-separators",
            "INSTANCE%2FCLASS%2FMEMBER%2FSUBSYSTEM%2FBARSERVICE",
        ),
        (
            "refused-slash-in-code",
            "INSTANCE/CLASS/MEMBER/SUBSYSTEM/BAR%2FSERVICE",
        ),
        ("refused-colon", "EE/GOV/1:2"),
        ("refused-umlaut", "EE/GOV/ä"),
        ("refused-raw-question-mark", "EE/GOV/a?b"),
        ("refused-bad-escape", "EE/GOV/1%G0"),
        ("refused-empty-part", "EE//1"),
        ("refused-too-many-parts", "EE/GOV/1/s/x/v1/extra"),
        ("refused-object-type", "SERVER:EE/GOV/1/ss1"),
        ("refused-empty", ""),
    ] {
        write(out, "xroad_id_parse", name, input.as_bytes());
    }
    let envelope = br#"{"header":{"client":"EE/GOV/70000001/social","service":"EE/GOV/70000002/population/residence/v1","messageId":"m-1"},"payload":{}}"#;
    let mut addressed = format!(
        "POST /r1/EE/GOV/70000002/population/residence/v1 HTTP/1.1\r\nX-Road-Client: EE/GOV/70000001/social\r\nX-Road-Id: m-1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        envelope.len()
    )
    .into_bytes();
    addressed.extend_from_slice(envelope);
    let requests: Vec<(&str, Vec<u8>)> = vec![
        ("accepted-pr-rest-example", b"GET /r1/INSTANCE/CLASS2/MEMBER2/SUBSYSTEM2/BARSERVICE/v1/bar/zyggy?quu=1 HTTP/1.1\r\nX-Road-Client: INSTANCE/CLASS1/MEMBER1/SUBSYSTEM1\r\n\r\n".to_vec()),
        ("accepted-envelope", addressed),
        ("accepted-all-headers", b"POST /r1/INSTANCE/CLASS/MEMBER/SUBSYSTEM/PETSTORE HTTP/1.1\r\nX-Road-Client: INSTANCE/CLASS/MEMBER/SUBSYSTEM\r\nX-Road-Id: fa2e18a5-c2cb-4d09-b994-f57727f7c3fb\r\nX-Road-UserId: EE12345678901\r\nX-Road-Issue: MT324223MSD\r\nX-Road-Represented-Party: MEMBERCLASS/MEMBERCODE\r\nContent-Length: 2\r\n\r\n{}".to_vec()),
        ("accepted-govstack-last-wins", b"GET /r1/EE/GOV/2/p/r HTTP/1.1\nx-road-client: EE/GOV/1/a\nX-GovStack-Client: EE/GOV/1/b\nInformation-Mediator-Client: EE/GOV/1/c\n\n".to_vec()),
        ("refused-no-client", b"GET /r1/EE/GOV/2/p/r HTTP/1.1\r\n\r\n".to_vec()),
        ("refused-version", b"GET /r2/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\n\r\n".to_vec()),
        ("refused-short-target", b"GET /r1/EE/GOV/2/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\n\r\n".to_vec()),
        ("refused-dot-segment", b"GET /r1/EE/GOV/2/p/r/%2e%2e/admin HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\n\r\n".to_vec()),
        ("refused-chunked", b"POST /r1/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n".to_vec()),
        ("refused-short-body", b"POST /r1/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\nContent-Length: 9\r\n\r\n{}".to_vec()),
        ("refused-two-lengths", b"POST /r1/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\nContent-Length: 2\r\nContent-Length: 2\r\n\r\n{}".to_vec()),
        ("refused-http10", b"GET /r1/EE/GOV/2/p/r HTTP/1.0\r\nX-Road-Client: EE/GOV/1\r\n\r\n".to_vec()),
        ("refused-method", b"BREW /r1/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1\r\n\r\n".to_vec()),
        ("refused-bad-client", b"GET /r1/EE/GOV/2/p/r HTTP/1.1\r\nX-Road-Client: EE/GOV/1:2\r\n\r\n".to_vec()),
    ];
    let response = br#"{"type":"ExchangeResponse","header":{"client":"EE/GOV/70000001/social","service":"EE/GOV/70000002/population/residence/v1","messageId":"m-2","inReplyTo":{"messageId":"m-1"}},"payload":{}}"#;
    let mut passed = format!(
        "HTTP/1.1 200 OK\r\nx-road-id: m-1\r\nx-road-client: EE/GOV/70000001/social\r\nx-road-service: EE/GOV/70000002/population/residence\r\nx-road-request-hash: abc=\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        response.len()
    )
    .into_bytes();
    passed.extend_from_slice(response);
    let responses: Vec<(&str, Vec<u8>)> = vec![
        ("response-envelope", passed),
        ("response-pr-rest-x-road-error", b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json;charset=utf-8\r\nX-Road-Error: Server.ServerProxy.NetworkError\r\nContent-Length: 2\r\n\r\n{}".to_vec()),
    ];
    for (name, bytes) in requests.into_iter().chain(responses) {
        write(out, "http_request_parse", name, &bytes);
    }
}
