//! The optional status list fetcher (cargo feature `status-http`), against a local server on
//! 127.0.0.1 (`std::net::TcpListener`): no network is needed.
//!
//! Bitstring Status List v1.0 §3.2, Validate Algorithm, step 4: "Dereference the
//! `statusListCredential` URL, and ensure that all proofs verify successfully. If the
//! dereference fails, raise a STATUS_RETRIEVAL_ERROR." The attacks: a server that answers
//! with an endless body, or never answers, must not hold the verifier's memory or thread.

use govblocks_core::clock::{FixedClock, SettableClock, Timestamp};
use govblocks_core::keys::SecretKey;
use govblocks_core::proof::{ProofOptions, ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_identity::credential::{issue, Credential, CredentialVerifier};
use govblocks_identity::one_or_many::OneOrMany;
use govblocks_identity::status_list::{
    HttpStatusResolver, SharedStatusResolver, StatusEntry, StatusList, StatusPurpose,
    StatusResolver,
};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

fn t(s: &str) -> Timestamp {
    Timestamp::parse(s, "t").unwrap()
}

/// What the local server does with each request.
#[derive(Clone)]
enum Answer {
    /// 200 with this body.
    Body(Vec<u8>),
    /// This status line, empty body.
    Status(&'static str),
    /// 200 announcing no length, then bytes without end (until the client hangs up).
    Endless,
    /// Reads the request and says nothing for this long.
    Silent(Duration),
}

/// A server on an ephemeral port of 127.0.0.1 answering every request with `answer(base)`;
/// returns its base URL and the number of requests served so far.
fn serve(answer: impl FnOnce(&str) -> Answer) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let answer = answer(&base);
    let served = Arc::new(AtomicUsize::new(0));
    let count = Arc::clone(&served);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let answer = answer.clone();
            let count = Arc::clone(&count);
            std::thread::spawn(move || {
                let mut reader = BufReader::new(stream.try_clone().unwrap());
                let mut line = String::new();
                // The request line and headers, up to the blank line.
                while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                    if line == "\r\n" {
                        break;
                    }
                    line.clear();
                }
                count.fetch_add(1, Ordering::SeqCst);
                let _ = match answer {
                    Answer::Body(body) => stream
                        .write_all(
                            format!(
                                "HTTP/1.1 200 OK\r\ncontent-type: application/vc+ld+json\r\n\
                                 content-length: {}\r\nconnection: close\r\n\r\n",
                                body.len()
                            )
                            .as_bytes(),
                        )
                        .and_then(|()| stream.write_all(&body)),
                    Answer::Status(status) => stream.write_all(
                        format!(
                            "HTTP/1.1 {status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                        )
                        .as_bytes(),
                    ),
                    Answer::Endless => {
                        let _ = stream.write_all(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n");
                        let chunk = vec![b' '; 64 * 1024];
                        // Until the client hangs up (or a generous cap, so the thread ends).
                        let mut result = Ok(());
                        for _ in 0..4096 {
                            result = stream.write_all(&chunk);
                            if result.is_err() {
                                break;
                            }
                        }
                        result
                    }
                    Answer::Silent(how_long) => {
                        std::thread::sleep(how_long);
                        Ok(())
                    }
                };
            });
        }
    });
    (base, served)
}

fn fetcher() -> HttpStatusResolver {
    HttpStatusResolver::new()
        .allow_plain_http()
        .without_proxy()
        .with_timeout(Duration::from_secs(5))
}

fn registry() -> SecretKey {
    SecretKey::from_seed(&[11; 32])
}

fn signed_list(list: &StatusList, issuer: &SecretKey) -> Vec<u8> {
    let unsigned =
        list.unsigned_credential(&issuer.public_key().did(), Some(t("2024-01-01T00:00:00Z")));
    let typed: Credential = serde_json::from_value(unsigned).unwrap();
    serde_json::to_vec(&issue(&typed, issuer, &ProofOptions::assertion()).unwrap()).unwrap()
}

fn credential(issuer: &SecretKey, url: &str, index: u64) -> Vec<u8> {
    let Value::Object(subject) = json!({"id": "did:example:olena"}) else {
        unreachable!()
    };
    let mut c = Credential::new(issuer.public_key().did(), &[], subject);
    let entry = StatusEntry::new(StatusPurpose::Revocation, url, index).unwrap();
    c.credential_status = Some(OneOrMany::One(
        entry.to_value().as_object().unwrap().clone(),
    ));
    serde_json::to_vec(&issue(&c, issuer, &ProofOptions::assertion()).unwrap()).unwrap()
}

fn office(resolver: impl StatusResolver + 'static) -> CredentialVerifier {
    CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(
                registry().public_key().did(),
                [ProofPurpose::AssertionMethod],
            ),
        )
        .with_clock(FixedClock::new(t("2024-06-01T00:00:00Z"))),
    )
    .with_status_resolver(resolver)
}

/// The list at `<base>/status/1`, with `index` revoked if given, as the server's answer.
fn published_list(index: Option<u64>) -> impl Fn(&str) -> Answer {
    move |base: &str| {
        let mut list = StatusList::new(
            format!("{base}/status/1"),
            StatusPurpose::Revocation,
            131_072,
        )
        .unwrap();
        if let Some(i) = index {
            list.set(i).unwrap();
        }
        Answer::Body(signed_list(&list, &registry()))
    }
}

/// A server publishing the list at `<base>/status/1` (the list's `id` is its own URL).
fn serve_list(index: Option<u64>) -> (String, Arc<AtomicUsize>) {
    serve(published_list(index))
}

#[test]
fn a_list_is_fetched_from_its_url_verified_and_used() {
    let (base, served) = serve_list(Some(42));
    let url = format!("{base}/status/1");
    let verifier = office(fetcher());
    assert_eq!(
        verifier
            .verify(&credential(&registry(), &url, 42))
            .unwrap_err()
            .code(),
        "credential.revoked"
    );
    verifier.verify(&credential(&registry(), &url, 43)).unwrap();
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[test]
fn with_a_cache_a_list_is_fetched_once_per_ttl() {
    // BSL §2.2 `ttl`: "If not present, implementers MUST use a value of `300000` ... A
    // verifier MUST NOT use a cached BitstringStatusListCredential that was cached for more
    // than the `ttl` duration prior to the start of verification operation".
    let (base, served) = serve_list(None);
    let url = format!("{base}/status/1");
    let clock = SettableClock::at(t("2024-06-01T00:00:00Z"));
    let verifier = CredentialVerifier::new(
        Verifier::new(
            DidKeyResolver,
            TrustList::new().trust(
                registry().public_key().did(),
                [ProofPurpose::AssertionMethod],
            ),
        )
        .with_clock(clock.clone()),
    )
    .with_status_resolver(fetcher())
    .with_status_cache(time::Duration::hours(1));
    let vc = credential(&registry(), &url, 7);
    for _ in 0..5 {
        verifier.verify(&vc).unwrap();
    }
    assert_eq!(served.load(Ordering::SeqCst), 1);
    clock.advance(time::Duration::milliseconds(300_001));
    verifier.verify(&vc).unwrap();
    assert_eq!(served.load(Ordering::SeqCst), 2);
}

#[test]
fn a_failed_download_is_status_unavailable_with_the_url_and_the_reason() {
    let (base, _) = serve(|_| Answer::Status("404 Not Found"));
    let url = format!("{base}/status/1");
    let error = fetcher().resolve(&url).unwrap_err();
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains(&url), "{error}");
    assert!(error.to_string().contains("404"), "{error}");
    // Through the verifier too.
    let error = office(fetcher())
        .verify(&credential(&registry(), &url, 1))
        .unwrap_err();
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains("404"), "{error}");
}

#[test]
fn an_endless_body_stops_at_the_size_bound() {
    // The attack: a server that streams without end. The download stops one byte past the
    // bound, with its own message.
    let (base, _) = serve(|_| Answer::Endless);
    let error = fetcher()
        .with_max_bytes(100_000)
        .resolve(&format!("{base}/status/1"))
        .unwrap_err();
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains("100000 bytes"), "{error}");
}

#[test]
fn a_silent_server_stops_at_the_time_bound() {
    // The attack: a server that accepts and never answers would hold the verifier's thread.
    let (base, _) = serve(|_| Answer::Silent(Duration::from_secs(30)));
    let error = fetcher()
        .with_timeout(Duration::from_millis(300))
        .resolve(&format!("{base}/status/1"))
        .unwrap_err();
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains("timed out"), "{error}");
}

#[test]
fn plain_http_is_refused_unless_allowed() {
    // No connection is made: the URL is refused first.
    let error = HttpStatusResolver::new()
        .resolve("http://127.0.0.1:9/status/1")
        .unwrap_err();
    assert_eq!(error.code(), "credential.status_unavailable");
    assert!(error.to_string().contains("https"), "{error}");
}

#[test]
fn a_shared_resolver_fetches_only_what_it_does_not_hold() {
    let (base, served) = serve_list(None);
    let url = format!("{base}/status/1");
    let shared = SharedStatusResolver::new().with_fallback(fetcher());
    shared.resolve(&url).unwrap();
    assert_eq!(served.load(Ordering::SeqCst), 1);
    shared.publish(url.clone(), b"{}".to_vec());
    assert_eq!(shared.resolve(&url).unwrap(), b"{}");
    assert_eq!(served.load(Ordering::SeqCst), 1);
}
