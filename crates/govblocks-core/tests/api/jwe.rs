//! Compact JWE (ECDH-ES + X25519 + A256GCM): round trips, the SPDCI header form, every rule of
//! the validation policy with its error code (an edge-case table), tampering with each part,
//! another recipient, and a property test that no input panics.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::encoding::{base64url_decode, base64url_encode};
use govblocks_core::jwe::{self, Jwe, JweOptions, ALG_ECDH_ES, ENC_A256GCM, MAX_HEADER_LEN};
use govblocks_core::keys::{SecretKey, X25519PublicKey, X25519SecretKey};
use proptest::prelude::*;
use serde_json::{json, Value};

fn key() -> X25519SecretKey {
    X25519SecretKey::from_bytes(&[21u8; 32])
}

fn other_key() -> X25519SecretKey {
    X25519SecretKey::from_bytes(&[22u8; 32])
}

fn sample() -> Jwe {
    jwe::encrypt(
        br#"{"beneficiaries":["a","b"]}"#,
        &key().public_key(),
        &JweOptions::new(),
    )
    .unwrap()
}

/// The five parts of a compact JWE.
fn parts(jwe: &Jwe) -> [String; 5] {
    [
        jwe.protected().to_string(),
        jwe.encrypted_key().to_string(),
        jwe.iv().to_string(),
        jwe.ciphertext().to_string(),
        jwe.tag().to_string(),
    ]
}

fn join(parts: &[String; 5]) -> String {
    parts.join(".")
}

/// `sample()` with its protected header replaced by `header` (as JSON text): the other parts
/// stay, so the header either fails a rule or the tag.
fn with_header_text(text: &str) -> String {
    let mut p = parts(&sample());
    p[0] = base64url_encode(text.as_bytes());
    join(&p)
}

/// `sample()`'s header with `edit` applied, as compact JWE text.
fn with_header(edit: impl FnOnce(&mut serde_json::Map<String, Value>)) -> String {
    let jwe = sample();
    let mut header = jwe.header().to_value().clone();
    edit(header.as_object_mut().unwrap());
    with_header_text(&serde_json::to_string(&header).unwrap())
}

fn code(compact: &str) -> &'static str {
    jwe::decrypt(compact, &key()).unwrap_err().code()
}

/// Changes one byte of a base64url part (decoded, flipped, encoded again).
fn flip(part: &str, index: usize) -> String {
    let mut bytes = base64url_decode(part, "t").unwrap();
    bytes[index] ^= 0x01;
    base64url_encode(&bytes)
}

// ---- round trips -------------------------------------------------------------------------------

#[test]
fn round_trips_for_many_sizes_and_options() {
    let recipient = key().public_key();
    for len in [0usize, 1, 15, 16, 17, 1024, 65_536 + 3] {
        let plaintext: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        for options in [
            JweOptions::new(),
            JweOptions::new().with_recipient_kid(),
            JweOptions::new().with_kid("registry-key-1"),
            JweOptions::new().with_apu(b"Alice").with_apv(b"Bob"),
            JweOptions::new().with_apu(b""),
        ] {
            let jwe = jwe::encrypt(&plaintext, &recipient, &options).unwrap();
            let compact = jwe.to_compact();
            assert_eq!(&jwe::decrypt(&compact, &key()).unwrap()[..], &plaintext[..]);
            assert_eq!(&jwe.decrypt(&key()).unwrap()[..], &plaintext[..]);
            let parsed = Jwe::parse_compact(&compact).unwrap();
            assert_eq!(parsed.to_compact(), compact);
            assert_eq!(parsed.header(), jwe.header());
        }
    }
}

#[test]
fn the_header_is_jcs_and_names_what_was_asked() {
    let recipient = key().public_key();
    let jwe = jwe::encrypt(b"x", &recipient, &JweOptions::new().with_recipient_kid()).unwrap();
    let header = jwe.header();
    assert_eq!(header.alg(), ALG_ECDH_ES);
    assert_eq!(header.enc(), ENC_A256GCM);
    assert_eq!(header.kid(), Some(recipient.key_id().as_str()));
    assert!(header.kid().unwrap().starts_with("did:key:z6LS"));
    assert_ne!(header.epk(), &recipient);
    // The SPDCI EncryptedMessage form: BASE64URL(JCS(header)) is the protected part.
    let value = header.to_value();
    assert_eq!(
        jwe.protected(),
        base64url_encode(&govblocks_core::jcs::canonicalize(value))
    );
    let text = String::from_utf8(base64url_decode(jwe.protected(), "h").unwrap()).unwrap();
    let x = header.epk().to_jwk().to_value()["x"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        text,
        format!(
            r#"{{"alg":"ECDH-ES","enc":"A256GCM","epk":{{"crv":"X25519","kty":"OKP","x":"{x}"}},"kid":"{}"}}"#,
            recipient.key_id()
        )
    );
    assert_eq!(jwe.encrypted_key(), "");
    assert_eq!(jwe.iv().len(), 16);
    assert_eq!(jwe.tag().len(), 22);
    // No kid unless asked; apu/apv written when asked.
    let plain = jwe::encrypt(b"x", &recipient, &JweOptions::new()).unwrap();
    assert_eq!(plain.header().kid(), None);
    let named = jwe::encrypt(
        b"x",
        &recipient,
        &JweOptions::new().with_apu(b"Alice").with_apv(b"Bob"),
    )
    .unwrap();
    assert_eq!(named.header().get("apu"), Some(&json!("QWxpY2U")));
    assert_eq!(named.header().apv(), Some(&b"Bob"[..]));
}

#[test]
fn from_parts_takes_the_spdci_members() {
    let jwe = sample();
    // A reader of an EncryptedMessage rebuilds the protected part from the header object.
    let protected = base64url_encode(&govblocks_core::jcs::canonicalize(jwe.header().to_value()));
    let rebuilt = Jwe::from_parts(
        &protected,
        jwe.encrypted_key(),
        jwe.iv(),
        jwe.ciphertext(),
        jwe.tag(),
    )
    .unwrap();
    assert_eq!(
        &rebuilt.decrypt(&key()).unwrap()[..],
        br#"{"beneficiaries":["a","b"]}"#
    );
}

#[test]
fn fresh_ephemeral_key_and_iv_every_time() {
    let recipient = key().public_key();
    let a = jwe::encrypt(b"same", &recipient, &JweOptions::new()).unwrap();
    let b = jwe::encrypt(b"same", &recipient, &JweOptions::new()).unwrap();
    assert_ne!(a.header().epk(), b.header().epk());
    assert_ne!(a.iv(), b.iv());
    assert_ne!(a.ciphertext(), b.ciphertext());
}

// ---- decryption failures: one code -------------------------------------------------------------

#[test]
fn another_recipient_cannot_decrypt() {
    let compact = sample().to_compact();
    assert_eq!(
        jwe::decrypt(&compact, &other_key()).unwrap_err().code(),
        "jwe.decryption_failed"
    );
}

#[test]
fn every_tampered_part_is_refused() {
    let jwe = sample();
    let good = parts(&jwe);
    let other_epk = other_key().public_key().to_jwk().to_value();
    let mut cases: Vec<(&str, String, &str)> = vec![
        // The protected header, changed but still valid: the AAD no longer matches.
        (
            "header with one more member",
            with_header(|h| {
                h.insert("typ".into(), json!("JWE"));
            }),
            "jwe.decryption_failed",
        ),
        (
            "header with another epk",
            with_header(|h| {
                h.insert("epk".into(), other_epk.clone());
            }),
            "jwe.decryption_failed",
        ),
        (
            "the same header in another member order (not its JCS form)",
            with_header_text(&format!(
                r#"{{"enc":"A256GCM","alg":"ECDH-ES","epk":{}}}"#,
                serde_json::to_string(jwe.header().get("epk").unwrap()).unwrap()
            )),
            "jwe.decryption_failed",
        ),
        (
            "header with apu added (the key derivation changes)",
            with_header(|h| {
                h.insert("apu".into(), json!("QWxpY2U"));
            }),
            "jwe.decryption_failed",
        ),
    ];
    let mut edit = |name: &'static str, index: usize, value: String, code: &'static str| {
        let mut p = good.clone();
        p[index] = value;
        cases.push((name, join(&p), code));
    };
    edit("encrypted key not empty", 1, "AAAA".into(), "jwe.malformed");
    edit("IV changed", 2, flip(&good[2], 0), "jwe.decryption_failed");
    edit(
        "IV last byte changed",
        2,
        flip(&good[2], 11),
        "jwe.decryption_failed",
    );
    edit(
        "ciphertext changed",
        3,
        flip(&good[3], 5),
        "jwe.decryption_failed",
    );
    edit(
        "ciphertext truncated",
        3,
        base64url_encode(&base64url_decode(&good[3], "c").unwrap()[1..]),
        "jwe.decryption_failed",
    );
    edit(
        "ciphertext empty",
        3,
        String::new(),
        "jwe.decryption_failed",
    );
    edit(
        "tag changed",
        4,
        flip(&good[4], 15),
        "jwe.decryption_failed",
    );
    edit(
        "tag zero",
        4,
        base64url_encode(&[0u8; 16]),
        "jwe.decryption_failed",
    );
    for (name, compact, expected) in cases {
        assert_eq!(code(&compact), expected, "{name}");
    }
    assert!(jwe::decrypt(&join(&good), &key()).is_ok());
}

// ---- the validation policy, rule by rule: an edge-case table ------------------------------------

#[test]
fn edge_cases_with_their_codes() {
    let good = parts(&sample());
    let epk = sample().header().get("epk").unwrap().clone();
    let header = |members: Value| with_header_text(&members.to_string());
    let with_epk = |epk: Value| header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "epk": epk}));
    let with_part = |index: usize, value: &str| {
        let mut p = good.clone();
        p[index] = value.to_string();
        join(&p)
    };
    let ed25519 = SecretKey::from_seed(&[1; 32])
        .public_key()
        .to_jwk()
        .to_value();
    let x = |bytes: [u8; 32]| json!({"kty": "OKP", "crv": "X25519", "x": base64url_encode(&bytes)});
    let mut top_bit = key().public_key().to_bytes();
    top_bit[31] |= 0x80;
    let mut one = [0u8; 32];
    one[0] = 1;
    let private_epk = {
        let mut v = other_key().to_jwk().to_value();
        v.as_object_mut().unwrap().remove("kid");
        v
    };
    let table: Vec<(&str, String, &str)> = vec![
        // Rule 1: five parts.
        ("empty text", String::new(), "jwe.malformed"),
        ("four parts", good[..4].join("."), "jwe.malformed"),
        ("six parts", format!("{}.", join(&good)), "jwe.malformed"),
        (
            "a JWS",
            "eyJhbGciOiJFZERTQSJ9.e30.AAAA".into(),
            "jwe.malformed",
        ),
        // Rule 2: header part size.
        ("empty header part", with_part(0, ""), "jwe.malformed"),
        (
            "header part too long",
            with_part(0, &"A".repeat(MAX_HEADER_LEN + 1)),
            "jwe.malformed",
        ),
        // Rule 3: canonical base64url.
        (
            "padded header",
            with_part(0, &format!("{}=", good[0])),
            "encoding.base64_invalid",
        ),
        (
            "standard base64 header",
            with_part(0, "eyJ+"),
            "encoding.base64_invalid",
        ),
        (
            "header with a space",
            with_part(0, &format!(" {}", good[0])),
            "encoding.base64_invalid",
        ),
        // Rule 4: strict JSON.
        (
            "header not JSON",
            with_header_text("not json"),
            "json.syntax",
        ),
        (
            "two alg members",
            with_header_text(r#"{"alg":"ECDH-ES","alg":"ECDH-ES","enc":"A256GCM"}"#),
            "json.duplicate_key",
        ),
        (
            "header with a lone surrogate",
            with_header_text(r#"{"kid":"\ud800"}"#),
            "json.lone_surrogate",
        ),
        // Rule 5: an object.
        ("header an array", with_header_text("[]"), "jwe.malformed"),
        (
            "header a string",
            with_header_text(r#""ECDH-ES""#),
            "jwe.malformed",
        ),
        // Rule 6: alg.
        (
            "no alg",
            header(json!({"enc": "A256GCM", "epk": epk})),
            "jwe.algorithm_unsupported",
        ),
        (
            "alg number",
            header(json!({"alg": 1, "enc": "A256GCM", "epk": epk})),
            "jwe.algorithm_unsupported",
        ),
        // Rule 7: enc.
        (
            "no enc",
            header(json!({"alg": "ECDH-ES", "epk": epk})),
            "jwe.encryption_unsupported",
        ),
        (
            "enc null",
            header(json!({"alg": "ECDH-ES", "enc": null, "epk": epk})),
            "jwe.encryption_unsupported",
        ),
        // Rule 8: zip.
        (
            "zip DEF",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "zip": "DEF", "epk": epk})),
            "jwe.encryption_unsupported",
        ),
        // Rule 9: crit.
        (
            "crit exp",
            header(
                json!({"alg": "ECDH-ES", "enc": "A256GCM", "crit": ["exp"], "exp": 1, "epk": epk}),
            ),
            "jwe.crit_unsupported",
        ),
        (
            "crit empty",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "crit": [], "epk": epk})),
            "jwe.crit_unsupported",
        ),
        (
            "crit not a list",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "crit": "b64", "epk": epk})),
            "jwe.crit_unsupported",
        ),
        // Rule 10: strings.
        (
            "kid a number",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "kid": 7, "epk": epk})),
            "jwe.malformed",
        ),
        (
            "typ an object",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "typ": {}, "epk": epk})),
            "jwe.malformed",
        ),
        // Rule 11: apu, apv.
        (
            "apu padded",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "apu": "QWxpY2U=", "epk": epk})),
            "encoding.base64_invalid",
        ),
        (
            "apv not canonical",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "apv": "QWxpY2V", "epk": epk})),
            "encoding.base64_invalid",
        ),
        (
            "apu a number",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM", "apu": 1, "epk": epk})),
            "jwe.malformed",
        ),
        // Rule 12: epk.
        (
            "no epk",
            header(json!({"alg": "ECDH-ES", "enc": "A256GCM"})),
            "jwe.malformed",
        ),
        ("epk a string", with_epk(json!("z6LS")), "key.jwk_invalid"),
        (
            "epk P-256",
            with_epk(
                json!({"kty": "EC", "crv": "P-256", "x": "gI0GAILBdu7T53akrFmMyGcsF3n5dO7MmwNBHKW5SV0", "y": "SLW_xSffzlPWrHEVI30DHM_4egVwt3NQqeUD7nMFpps"}),
            ),
            "key.jwk_invalid",
        ),
        (
            "epk X448",
            with_epk(json!({"kty": "OKP", "crv": "X448", "x": "AA"})),
            "key.jwk_invalid",
        ),
        ("epk Ed25519", with_epk(ed25519), "key.type_unsupported"),
        ("epk with d", with_epk(private_epk), "jwe.malformed"),
        (
            "epk without x",
            with_epk(json!({"kty": "OKP", "crv": "X25519"})),
            "key.jwk_invalid",
        ),
        (
            "epk x short",
            with_epk(json!({"kty": "OKP", "crv": "X25519", "x": "AAAA"})),
            "encoding.base64_invalid",
        ),
        ("epk zero (small order)", with_epk(x([0; 32])), "key.weak"),
        ("epk one (small order)", with_epk(x(one)), "key.weak"),
        ("epk top bit set", with_epk(x(top_bit)), "key.invalid"),
        // Rule 13: encrypted key.
        (
            "encrypted key present",
            with_part(1, "AQID"),
            "jwe.malformed",
        ),
        // Rule 14: IV.
        ("IV empty", with_part(2, ""), "jwe.malformed"),
        (
            "IV 8 bytes",
            with_part(2, &base64url_encode(&[0; 8])),
            "jwe.malformed",
        ),
        (
            "IV 16 bytes",
            with_part(2, &base64url_encode(&[0; 16])),
            "jwe.malformed",
        ),
        (
            "IV not base64url",
            with_part(2, "AAAAAAAAAAAAAAA+"),
            "encoding.base64_invalid",
        ),
        // Rule 15: tag and ciphertext.
        ("tag empty", with_part(4, ""), "jwe.malformed"),
        (
            "tag 12 bytes",
            with_part(4, &base64url_encode(&[0; 12])),
            "jwe.malformed",
        ),
        (
            "tag with a trailing newline",
            format!("{}\n", join(&good)),
            "jwe.malformed",
        ),
        (
            "tag with non-zero trailing bits",
            with_part(4, &format!("{}B", &base64url_encode(&[0; 16])[..21])),
            "encoding.base64_invalid",
        ),
        (
            "ciphertext padded",
            with_part(3, &format!("{}=", good[3])),
            "encoding.base64_invalid",
        ),
        (
            "ciphertext with a dot-free space",
            with_part(3, "AA AA"),
            "encoding.base64_invalid",
        ),
        (
            "ciphertext one character",
            with_part(3, "A"),
            "encoding.base64_invalid",
        ),
    ];
    for (name, compact, expected) in &table {
        assert_eq!(code(compact), *expected, "{name}");
        // parse_compact stops at the same place for every rule it applies.
        assert_eq!(
            Jwe::parse_compact(compact).unwrap_err().code(),
            *expected,
            "{name} (parse)"
        );
    }
}

#[test]
fn algorithms_outside_the_allow_list_are_refused() {
    let epk = sample().header().get("epk").unwrap().clone();
    for alg in [
        "dir",
        "RSA1_5",
        "RSA-OAEP",
        "RSA-OAEP-256",
        "A256KW",
        "A128KW",
        "A256GCMKW",
        "ECDH-ES+A128KW",
        "ECDH-ES+A256KW",
        "PBES2-HS256+A128KW",
        "none",
        "ecdh-es",
        "ECDH-ES ",
        "",
    ] {
        let text = with_header_text(&json!({"alg": alg, "enc": "A256GCM", "epk": epk}).to_string());
        assert_eq!(code(&text), "jwe.algorithm_unsupported", "{alg}");
    }
    for enc in [
        "A128CBC-HS256",
        "A192CBC-HS384",
        "A256CBC-HS512",
        "A128GCM",
        "A192GCM",
        "a256gcm",
        "A256GCM ",
        "",
    ] {
        let text = with_header_text(&json!({"alg": "ECDH-ES", "enc": enc, "epk": epk}).to_string());
        assert_eq!(code(&text), "jwe.encryption_unsupported", "{enc}");
    }
}

#[test]
fn errors_in_the_header_json_say_so_and_point_into_it() {
    let e = jwe::decrypt(
        &with_header_text(r#"{"alg":"ECDH-ES","kid":"a","kid":"b"}"#),
        &key(),
    )
    .unwrap_err();
    assert_eq!(e.code(), "json.duplicate_key");
    assert!(e.to_string().starts_with("JWE header:"), "{e}");
    assert!(e.position().is_some());
}

#[test]
fn unknown_members_are_kept_unread() {
    // A header with members this module does not interpret still parses (the tag then fails,
    // the header having changed).
    let text = with_header(|h| {
        h.insert("x5c".into(), json!(["MIIB"]));
        h.insert("jku".into(), json!("https://example.org/keys"));
    });
    let parsed = Jwe::parse_compact(&text).unwrap();
    assert_eq!(parsed.header().get("x5c"), Some(&json!(["MIIB"])));
    assert_eq!(code(&text), "jwe.decryption_failed");
}

#[test]
fn a_long_ciphertext_costs_linear_time() {
    // 4 MiB of plaintext: parse and decrypt, once; a quadratic step would take minutes here.
    let plaintext = vec![0x5au8; 4 << 20];
    let jwe = jwe::encrypt(&plaintext, &key().public_key(), &JweOptions::new()).unwrap();
    let start = std::time::Instant::now();
    let back = jwe::decrypt(&jwe.to_compact(), &key()).unwrap();
    assert_eq!(back.len(), plaintext.len());
    assert!(start.elapsed() < std::time::Duration::from_secs(30));
}

#[test]
fn recipient_keys_parse_from_every_form() {
    let public = key().public_key();
    for text in [
        public.to_multikey(),
        public.did(),
        public.key_id(),
        public.to_jwk().to_value().to_string(),
    ] {
        assert_eq!(X25519PublicKey::parse_any(&text).unwrap(), public, "{text}");
    }
    for (text, expected) in [
        ("", "encoding.multibase_unsupported"),
        ("did:web:example.org", "did.method_unsupported"),
        ("{", "json.syntax"),
        (
            r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#,
            "key.type_unsupported",
        ),
        (
            "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2",
            "key.type_unsupported",
        ),
    ] {
        assert_eq!(
            X25519PublicKey::parse_any(text).unwrap_err().code(),
            expected,
            "{text}"
        );
    }
}

// ---- properties ---------------------------------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text, and arbitrary bytes in each part of a valid JWE, never panic.
    #[test]
    fn arbitrary_input_never_panics(text in ".{0,200}", part in 0usize..5, bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
        let _ = jwe::decrypt(&text, &key());
        let mut p = parts(&sample());
        p[part] = String::from_utf8_lossy(&bytes).into_owned();
        let _ = jwe::decrypt(&join(&p), &key());
        p[part] = base64url_encode(&bytes);
        let _ = jwe::decrypt(&join(&p), &key());
    }

    /// Every single-byte change to the ciphertext, IV or tag is `jwe.decryption_failed`.
    #[test]
    fn any_changed_byte_fails_authentication(part in 2usize..5, index in 0usize..12, bit in 0u8..8) {
        let jwe = sample();
        let mut p = parts(&jwe);
        let mut bytes = base64url_decode(&p[part], "t").unwrap();
        let index = index % bytes.len();
        bytes[index] ^= 1 << bit;
        p[part] = base64url_encode(&bytes);
        prop_assert_eq!(code(&join(&p)), "jwe.decryption_failed");
    }

    /// Encrypt then decrypt gives the plaintext back, whatever it is.
    #[test]
    fn round_trip(plaintext in proptest::collection::vec(any::<u8>(), 0..300), kid in proptest::option::of("[ -~]{0,20}")) {
        let mut options = JweOptions::new();
        if let Some(kid) = kid {
            options = options.with_kid(kid);
        }
        let jwe = jwe::encrypt(&plaintext, &key().public_key(), &options).unwrap();
        prop_assert_eq!(&jwe::decrypt(&jwe.to_compact(), &key()).unwrap()[..], &plaintext[..]);
    }
}
