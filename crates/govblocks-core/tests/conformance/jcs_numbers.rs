//! Number formatting (RFC 8785 §3.2.2.3, ECMAScript `Number::toString`) across the double range.
//!
//! 1. RFC 8785 Appendix B samples, each written out below with the RFC's expected string.
//! 2. The ES6 number corpus of the RFC author's repository (cyberphone/json-canonicalization,
//!    `testdata/README.md` and `testdata/numgen.go`): 100,000,000 lines `hex-ieee-bits,expected\n`
//!    from a deterministic generator (168 fixed edge values, then 2,000 consecutive doubles from
//!    the smallest normal 0x0010000000000000, then doubles read 8 bytes at a time, little-endian,
//!    from a chain of SHA-256 blocks starting from 32 zero bytes, skipping zeros, NaNs and
//!    infinities). The README publishes the SHA-256 of the first 10^3 .. 10^8 lines. We rebuild
//!    the lines with OUR formatter for the expected column, so a matching hash proves every one
//!    of those lines byte-exact.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use govblocks_core::jcs;
use sha2::{Digest, Sha256};

/// `testdata/README.md`, "The following table records the expected hashes".
const CHECKPOINTS: [(u64, &str); 6] = [
    (
        1_000,
        "be18b62b6f69cdab33a7e0dae0d9cfa869fda80ddc712221570f9f40a5878687",
    ),
    (
        10_000,
        "b9f7a8e75ef22a835685a52ccba7f7d6bdc99e34b010992cbc5864cd12be6892",
    ),
    (
        100_000,
        "22776e6d4b49fa294a0d0f349268e5c28808fe7e0cb2bcbe28f63894e494d4c7",
    ),
    (
        1_000_000,
        "49415fee2c56c77864931bd3624faad425c3c577d6d74e89a83bc725506dad16",
    ),
    (
        10_000_000,
        "b9f8a44a91d46813b21b9602e72f112613c91408db0b8341fb94603d9db135e0",
    ),
    (
        100_000_000,
        "0f7dda6b0837dde083c5d6b896f7d62340c8a2415b0c7121d83145e08a755272",
    ),
];

/// The 168 fixed values that open the corpus (`numgen.go`, `static`).
const STATIC: [u64; 168] = [
    0x0000000000000000,
    0x8000000000000000,
    0x0000000000000001,
    0x8000000000000001,
    0xc46696695dbd1cc3,
    0xc43211ede4974a35,
    0xc3fce97ca0f21056,
    0xc3c7213080c1a6ac,
    0xc39280f39a348556,
    0xc35d9b1f5d20d557,
    0xc327af4c4a80aaac,
    0xc2f2f2a36ecd5556,
    0xc2be51057e155558,
    0xc28840d131aaaaac,
    0xc253670dc1555557,
    0xc21f0b4935555557,
    0xc1e8d5d42aaaaaac,
    0xc1b3de4355555556,
    0xc17fca0555555556,
    0xc1496e6aaaaaaaab,
    0xc114585555555555,
    0xc0e046aaaaaaaaab,
    0xc0aa0aaaaaaaaaaa,
    0xc074d55555555555,
    0xc040aaaaaaaaaaab,
    0xc00aaaaaaaaaaaab,
    0xbfd5555555555555,
    0xbfa1111111111111,
    0xbf6b4e81b4e81b4f,
    0xbf35d867c3ece2a5,
    0xbf0179ec9cbd821e,
    0xbecbf647612f3696,
    0xbe965e9f80f29212,
    0xbe61e54c672874db,
    0xbe2ca213d840baf8,
    0xbdf6e80fe033c8c6,
    0xbdc2533fe68fd3d2,
    0xbd8d51ffd74c861c,
    0xbd5774ccac3d3817,
    0xbd22c3d6f030f9ac,
    0xbcee0624b3818f79,
    0xbcb804ea293472c7,
    0xbc833721ba905bd3,
    0xbc4ebe9c5db3c61e,
    0xbc18987d17c304e5,
    0xbbe3ad30dfcf371d,
    0xbbaf7b816618582f,
    0xbb792f9ab81379bf,
    0xbb442615600f9499,
    0xbb101e77800c76e1,
    0xbad9ca58cce0be35,
    0xbaa4a1e0a3e6fe90,
    0xba708180831f320d,
    0xba3a68cd9e985016,
    0x446696695dbd1cc3,
    0x443211ede4974a35,
    0x43fce97ca0f21056,
    0x43c7213080c1a6ac,
    0x439280f39a348556,
    0x435d9b1f5d20d557,
    0x4327af4c4a80aaac,
    0x42f2f2a36ecd5556,
    0x42be51057e155558,
    0x428840d131aaaaac,
    0x4253670dc1555557,
    0x421f0b4935555557,
    0x41e8d5d42aaaaaac,
    0x41b3de4355555556,
    0x417fca0555555556,
    0x41496e6aaaaaaaab,
    0x4114585555555555,
    0x40e046aaaaaaaaab,
    0x40aa0aaaaaaaaaaa,
    0x4074d55555555555,
    0x4040aaaaaaaaaaab,
    0x400aaaaaaaaaaaab,
    0x3fd5555555555555,
    0x3fa1111111111111,
    0x3f6b4e81b4e81b4f,
    0x3f35d867c3ece2a5,
    0x3f0179ec9cbd821e,
    0x3ecbf647612f3696,
    0x3e965e9f80f29212,
    0x3e61e54c672874db,
    0x3e2ca213d840baf8,
    0x3df6e80fe033c8c6,
    0x3dc2533fe68fd3d2,
    0x3d8d51ffd74c861c,
    0x3d5774ccac3d3817,
    0x3d22c3d6f030f9ac,
    0x3cee0624b3818f79,
    0x3cb804ea293472c7,
    0x3c833721ba905bd3,
    0x3c4ebe9c5db3c61e,
    0x3c18987d17c304e5,
    0x3be3ad30dfcf371d,
    0x3baf7b816618582f,
    0x3b792f9ab81379bf,
    0x3b442615600f9499,
    0x3b101e77800c76e1,
    0x3ad9ca58cce0be35,
    0x3aa4a1e0a3e6fe90,
    0x3a708180831f320d,
    0x3a3a68cd9e985016,
    0x4024000000000000,
    0x4014000000000000,
    0x3fe0000000000000,
    0x3fa999999999999a,
    0x3f747ae147ae147b,
    0x3f40624dd2f1a9fc,
    0x3f0a36e2eb1c432d,
    0x3ed4f8b588e368f1,
    0x3ea0c6f7a0b5ed8d,
    0x3e6ad7f29abcaf48,
    0x3e35798ee2308c3a,
    0x3ed539223589fa95,
    0x3ed4ff26cd5a7781,
    0x3ed4f95a762283ff,
    0x3ed4f8c60703520c,
    0x3ed4f8b72f19cd0d,
    0x3ed4f8b5b31c0c8d,
    0x3ed4f8b58d1c461a,
    0x3ed4f8b5894f7f0e,
    0x3ed4f8b588ee37f3,
    0x3ed4f8b588e47da4,
    0x3ed4f8b588e3849c,
    0x3ed4f8b588e36bb5,
    0x3ed4f8b588e36937,
    0x3ed4f8b588e368f8,
    0x3ed4f8b588e368f1,
    0x3ff0000000000000,
    0xbff0000000000000,
    0xbfeffffffffffffa,
    0xbfeffffffffffffb,
    0x3feffffffffffffa,
    0x3feffffffffffffb,
    0x3feffffffffffffc,
    0x3feffffffffffffe,
    0xbfefffffffffffff,
    0xbfefffffffffffff,
    0x3fefffffffffffff,
    0x3fefffffffffffff,
    0x3fd3333333333332,
    0x3fd3333333333333,
    0x3fd3333333333334,
    0x0010000000000000,
    0x000ffffffffffffd,
    0x000fffffffffffff,
    0x7fefffffffffffff,
    0xffefffffffffffff,
    0x4340000000000000,
    0xc340000000000000,
    0x4430000000000000,
    0x44b52d02c7e14af5,
    0x44b52d02c7e14af6,
    0x44b52d02c7e14af7,
    0x444b1ae4d6e2ef4e,
    0x444b1ae4d6e2ef4f,
    0x444b1ae4d6e2ef50,
    0x3eb0c6f7a0b5ed8c,
    0x3eb0c6f7a0b5ed8d,
    0x41b3de4355555553,
    0x41b3de4355555554,
    0x41b3de4355555555,
    0x41b3de4355555556,
    0x41b3de4355555557,
    0xbecbf647612f3696,
    0x43143ff3c1cb0959,
];

const NUM_SERIAL: usize = 2_000;

/// The corpus generator of `numgen.go` / `numgen.js`, yielding IEEE-754 bit patterns.
struct Corpus {
    idx: usize,
    block: [u8; 32],
    /// Unread bytes of `block` start here (32 = exhausted).
    used: usize,
}

impl Corpus {
    fn new() -> Self {
        Corpus {
            idx: 0,
            block: [0; 32],
            used: 32,
        }
    }
}

impl Iterator for Corpus {
    type Item = u64;
    fn next(&mut self) -> Option<u64> {
        let bits = if self.idx < STATIC.len() {
            STATIC[self.idx]
        } else if self.idx < STATIC.len() + NUM_SERIAL {
            0x0010_0000_0000_0000 + (self.idx - STATIC.len()) as u64
        } else {
            loop {
                if self.used == 32 {
                    self.block = Sha256::digest(self.block).into();
                    self.used = 0;
                }
                let word: [u8; 8] = self.block[self.used..self.used + 8].try_into().unwrap();
                self.used += 8;
                let bits = u64::from_le_bytes(word);
                let f = f64::from_bits(bits);
                if f != 0.0 && f.is_finite() {
                    break bits;
                }
            }
        };
        self.idx += 1;
        Some(bits)
    }
}

/// Formats `lines` corpus lines with `jcs::write_number` and checks every published checkpoint
/// up to that count. Lines are hashed in chunks to keep memory flat.
fn check_corpus(lines: u64) {
    let mut hasher = Sha256::new();
    let mut buf = Vec::with_capacity(1 << 20);
    let mut size = 0u64;
    let mut checked = 0;
    for (n, bits) in (1..=lines).zip(Corpus::new()) {
        buf.extend_from_slice(format!("{bits:x},").as_bytes());
        jcs::write_number(f64::from_bits(bits), &mut buf);
        buf.push(b'\n');
        if buf.len() >= (1 << 20) - 64 || CHECKPOINTS.iter().any(|c| c.0 == n) {
            size += buf.len() as u64;
            hasher.update(&buf);
            buf.clear();
        }
        if let Some((_, want)) = CHECKPOINTS.iter().find(|c| c.0 == n) {
            let got = hex::encode(hasher.clone().finalize());
            assert_eq!(&got, want, "SHA-256 of the first {n} lines ({size} bytes)");
            checked += 1;
        }
    }
    let expected = CHECKPOINTS.iter().filter(|c| c.0 <= lines).count();
    assert_eq!(checked, expected, "checkpoints verified");
}

/// The first 1,000,000 lines (the 1,000 / 10,000 / 100,000 / 1,000,000 checkpoints): about 4 s
/// in a debug build on the project machine, so it runs with every `cargo test`.
#[test]
fn es6_corpus_first_1m_lines_match_published_sha256() {
    check_corpus(1_000_000);
}

/// 10,000,000 lines: about 40 s in a debug build, a few seconds in release.
/// `cargo test -p govblocks-core --release --test conformance -- --ignored jcs_numbers::`
#[test]
#[ignore = "10M lines: run with --release -- --ignored"]
fn es6_corpus_first_10m_lines_match_published_sha256() {
    check_corpus(10_000_000);
}

/// The whole 100,000,000-line corpus (4 GB of text hashed): about a minute in release.
#[test]
#[ignore = "100M lines: run with --release -- --ignored"]
fn es6_corpus_all_100m_lines_match_published_sha256() {
    check_corpus(100_000_000);
}

/// The first lines as the README prints them, so a generator bug shows up readably.
#[test]
fn es6_corpus_generator_shape() {
    let head: Vec<u64> = Corpus::new().take(STATIC.len() + NUM_SERIAL + 3).collect();
    assert_eq!(head[0], 0);
    assert_eq!(head[1], 0x8000_0000_0000_0000);
    assert_eq!(head[STATIC.len()], 0x0010_0000_0000_0000);
    assert_eq!(head[STATIC.len() + NUM_SERIAL - 1], 0x0010_0000_0000_07cf);
    // The random tail never yields zero or non-finite values.
    for &bits in &head[STATIC.len() + NUM_SERIAL..] {
        let f = f64::from_bits(bits);
        assert!(f != 0.0 && f.is_finite());
    }
}

fn fmt(f: f64) -> String {
    let mut out = Vec::new();
    jcs::write_number(f, &mut out);
    String::from_utf8(out).unwrap()
}

/// RFC 8785 Appendix B, "Number Serialization Samples" (IEEE-754 bits -> JSON text). The two
/// non-finite rows (NaN 7fffffffffffffff, Infinity 7ff0000000000000) have no JSON form; a
/// `serde_json::Value` cannot hold them.
#[test]
fn rfc8785_appendix_b() {
    let samples: [(u64, &str); 24] = [
        (0x0000000000000000, "0"),
        (0x8000000000000000, "0"),      // minus zero
        (0x0000000000000001, "5e-324"), // min pos number
        (0x8000000000000001, "-5e-324"),
        (0x7fefffffffffffff, "1.7976931348623157e+308"), // max pos number
        (0xffefffffffffffff, "-1.7976931348623157e+308"),
        (0x4340000000000000, "9007199254740992"), // max pos int
        (0xc340000000000000, "-9007199254740992"),
        (0x4430000000000000, "295147905179352830000"), // ~2**68
        (0x44b52d02c7e14af5, "9.999999999999997e+22"),
        (0x44b52d02c7e14af6, "1e+23"),
        (0x44b52d02c7e14af7, "1.0000000000000001e+23"),
        (0x444b1ae4d6e2ef4e, "999999999999999700000"),
        (0x444b1ae4d6e2ef4f, "999999999999999900000"),
        (0x444b1ae4d6e2ef50, "1e+21"),
        (0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"),
        (0x3eb0c6f7a0b5ed8d, "0.000001"),
        (0x41b3de4355555553, "333333333.3333332"),
        (0x41b3de4355555554, "333333333.33333325"),
        (0x41b3de4355555555, "333333333.3333333"),
        (0x41b3de4355555556, "333333333.3333334"),
        (0x41b3de4355555557, "333333333.33333343"),
        (0xbecbf647612f3696, "-0.0000033333333333333333"),
        (0x43143ff3c1cb0959, "1424953923781206.2"), // round to even
    ];
    for (bits, want) in samples {
        assert_eq!(fmt(f64::from_bits(bits)), want, "bits {bits:016x}");
    }
}

/// Hand-picked edges, each parsed from JSON text so the `Value` path (u64/i64/f64) is covered.
#[test]
fn edge_cases_through_json_text() {
    let cases = [
        ("0", "0"),
        ("-0", "0"),
        ("-0.0", "0"),
        ("0.0", "0"),
        ("5e-324", "5e-324"),
        ("-5e-324", "-5e-324"),
        ("1.7976931348623157e308", "1.7976931348623157e+308"),
        ("1e21", "1e+21"),
        ("1e20", "100000000000000000000"),
        ("999999999999999999999", "1e+21"),
        ("1e-7", "1e-7"),
        ("1e-6", "0.000001"),
        ("0.0000015", "0.0000015"),
        ("1.5e-7", "1.5e-7"),
        ("56.0", "56"),
        ("4.50", "4.5"),
        ("2e-3", "0.002"),
        ("1E30", "1e+30"),
        ("0.000000000000000000000000001", "1e-27"),
        ("333333333.33333329", "333333333.3333333"),
        ("9007199254740992", "9007199254740992"),
        ("9007199254740993", "9007199254740992"), // 2^53+1 is no double: ties to even
        ("-9007199254740993", "-9007199254740992"),
        ("9007199254740995", "9007199254740996"),
        ("18446744073709551615", "18446744073709552000"), // u64::MAX
        ("18446744073709551616", "18446744073709552000"), // u64::MAX + 1, parsed as f64
        ("-9223372036854775808", "-9223372036854776000"), // i64::MIN
        ("295147905179352825856", "295147905179352830000"), // 2^68
        ("123456789012345678901234567890", "1.2345678901234568e+29"),
        ("0.1", "0.1"),
        ("-1.5", "-1.5"),
        ("100", "100"),
    ];
    for (text, want) in cases {
        let v: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(jcs::canonicalize_to_string(&v), want, "input {text}");
    }
}

/// Every double `write_number` prints reads back as the same double.
#[test]
fn output_round_trips_for_corpus_head() {
    for bits in Corpus::new().take(20_000) {
        let f = f64::from_bits(bits);
        let s = fmt(f);
        let back: f64 = s.parse().unwrap();
        let expect = if f == 0.0 { 0.0 } else { f };
        assert_eq!(back.to_bits(), expect.to_bits(), "{bits:x} -> {s}");
    }
}
