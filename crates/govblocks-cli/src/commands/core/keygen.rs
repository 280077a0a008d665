//! `govblocks keygen`: a new Ed25519 key pair, as a key file; with `--x25519`, an X25519
//! key-agreement key pair (for receiving JWE-encrypted messages).
//!
//! Prints `{"publicKeyMultibase","privateKeyMultibase","did","verificationMethod",
//! "publicKeyJwk"}` ([`KeyFile`]), the format `govblocks sign --key` reads (the W3C test vector
//! `keyPair.json` layout plus informative members), or with `--x25519`
//! `{"publicKeyMultibase","privateKeyMultibase","did","keyId","publicKeyJwk"}`
//! ([`X25519KeyFile`]). The secret comes from the operating system's random number generator,
//! or from `--seed` (64 hex digits: the RFC 8032 secret seed, or the X25519 secret key) for
//! reproducible tests.

use crate::output::CliError;
use clap::Args;
use govblocks_core::keys::{KeyFile, SecretKey, X25519KeyFile, X25519SecretKey};
use zeroize::Zeroizing;

const LONG_ABOUT: &str = "\
Generate an Ed25519 key pair (or, with --x25519, an X25519 key pair) and print it as a key
file (JSON).

The key file holds publicKeyMultibase and privateKeyMultibase (the W3C keyPair.json format),
plus the key's did:key DID, its verification method id and its public JWK (informative,
ignored on input). Save it and pass it to `govblocks sign --key`. It contains the secret
key: keep it private (e.g. `umask 077`).

--x25519 makes a key-agreement key instead: the key of a receiver of encrypted messages (JWE,
ECDH-ES with A256GCM), never a signing key. Its key file has publicKeyMultibase (z6LS...) and
privateKeyMultibase, plus did, keyId (did:key:z6LS...#z6LS..., the kid a sender writes) and
publicKeyJwk ({\"kty\":\"OKP\",\"crv\":\"X25519\",...}). Give a sender the public Multikey,
the did:key or the public JWK.

Without --seed the key comes from the operating system's random number generator. --seed
makes the key deterministic (tests, reproducible examples): the Ed25519 secret seed, or with
--x25519 the 32-byte X25519 secret key. A seed on the command line is visible to other users
of the machine (ps, shell history), so never use one for a real key.

Output: the key file as compact JSON and a newline (--pretty: indented).

Example:
  umask 077; govblocks keygen > issuer.key.json
  umask 077; govblocks keygen --x25519 > registry.x25519.key.json
  govblocks keygen --seed 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

/// Arguments of `govblocks keygen`.
#[derive(Debug, Args)]
#[command(
    about = "Generate an Ed25519 (or --x25519: X25519) key pair (key file JSON)",
    long_about = LONG_ABOUT
)]
pub struct KeygenArgs {
    /// Derive the key from this 32-byte secret seed, as exactly 64 hex digits (tests only).
    #[arg(long, value_name = "HEX32", value_parser = parse_seed)]
    pub seed: Option<Seed>,

    /// Make an X25519 key-agreement key (for receiving encrypted messages) instead of an
    /// Ed25519 signing key.
    #[arg(long)]
    pub x25519: bool,

    /// Indent the output.
    #[arg(long)]
    pub pretty: bool,
}

/// A 32-byte secret seed, wiped when dropped.
pub type Seed = Zeroizing<[u8; 32]>;

/// Parses exactly 64 hex digits (either case) into a seed.
fn parse_seed(text: &str) -> Result<Seed, String> {
    let bytes = text.as_bytes();
    if bytes.len() != 64 {
        return Err(format!(
            "a seed is exactly 64 hex digits (32 bytes); got {} characters",
            text.chars().count()
        ));
    }
    let mut seed = Zeroizing::new([0u8; 32]);
    for (out, pair) in seed.iter_mut().zip(bytes.chunks_exact(2)) {
        match (hex_digit(pair[0]), hex_digit(pair[1])) {
            (Some(hi), Some(lo)) => *out = hi << 4 | lo,
            _ => return Err("a seed is exactly 64 hex digits (0-9, a-f)".into()),
        }
    }
    Ok(seed)
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

crate::run_with!(KeygenArgs, run);

/// Runs `keygen`: the key file bytes (secret, hence wiped after use).
pub fn run(args: &KeygenArgs) -> Result<Zeroizing<Vec<u8>>, CliError> {
    if args.x25519 {
        let secret = match &args.seed {
            Some(seed) => X25519SecretKey::from_bytes(seed),
            None => X25519SecretKey::generate(),
        };
        return write(&X25519KeyFile::new(&secret), args.pretty);
    }
    let secret = match &args.seed {
        Some(seed) => SecretKey::from_seed(seed),
        None => SecretKey::generate(),
    };
    write(&KeyFile::new(&secret), args.pretty)
}

/// A key file as JSON and a newline, in a buffer wiped when dropped.
fn write(file: &impl serde::Serialize, pretty: bool) -> Result<Zeroizing<Vec<u8>>, CliError> {
    let mut out = Zeroizing::new(Vec::with_capacity(1024));
    let written = if pretty {
        serde_json::to_writer_pretty(&mut *out, file)
    } else {
        serde_json::to_writer(&mut *out, file)
    };
    written.map_err(CliError::output)?;
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seeds_are_exactly_64_hex_digits() {
        let ok = parse_seed(&"0A".repeat(32)).ok().map(|s| *s);
        assert_eq!(ok, Some([0x0a; 32]));
        assert!(parse_seed(&"0".repeat(63)).is_err());
        assert!(parse_seed(&"0".repeat(65)).is_err());
        assert!(parse_seed(&format!("{}g", "0".repeat(63))).is_err());
        assert!(parse_seed(&format!("{}é", "0".repeat(62))).is_err());
        assert!(parse_seed(&format!("+{}", "0".repeat(63))).is_err());
    }
}
