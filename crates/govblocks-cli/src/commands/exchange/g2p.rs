//! `exchange to-g2p` and `exchange from-g2p`: an envelope as an SPDCI / G2P Connect body
//! (`{signature, header, message}`, the message optionally encrypted for the receiver) and back
//! ([`govblocks_exchange::g2p`]); and what `request --encrypt-to` and `verify --decrypt-key`
//! share with them.

use crate::commands::args::{Clock, KeyFile, Trust};
use crate::io::{read_capped, read_document, MaxBytes, Source, KEY_FILE_LIMIT};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_core::keys::{X25519KeyFile, X25519PublicKey, X25519SecretKey};
use govblocks_core::proof::Verifier;
use govblocks_core::resolver::DidKeyResolver;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::g2p::{from_g2p, to_g2p, G2pVerifier, Senders};
use serde_json::Value;
use std::path::{Path, PathBuf};
use zeroize::Zeroizing;

use super::envelope::SIDE_FILE_LIMIT;

const TO_G2P_HELP: &str = "\
Writes a signed envelope FILE (or stdin) as an SPDCI / G2P Connect body,
{\"signature\", \"header\", \"message\"}:

  header     version 1.0.0, message_id (the envelope's messageId), message_ts (its timestamp),
             action, sender_id (the sender's X-Road id), receiver_id (the other party),
             total_count 1 (a response: a callback header, status succ, completed_count 1),
             is_msg_encrypted, meta.govblocks (the envelope's type, header and proof)
  message    the payload
  signature  a detached compact JWS (EdDSA, kid: the key's verification method) over the
             RFC 8785 form of {\"header\": header, \"message\": message}

--key signs the body: the envelope's sender's key. With --encrypt-to, the payload is
encrypted for the receiver's X25519 key (ECDH-ES, A256GCM; the SPDCI EncryptedMessage form)
and meta.govblocks is sealed for it too, then the body is signed (encrypt-then-sign).

PUBLIC is the receiver's X25519 public key: a Multikey (z6LS…), a did:key, a public JWK
({\"kty\":\"OKP\",\"crv\":\"X25519\",\"x\":…}) or a file holding one of them or an X25519 key
file (from `govblocks keygen --x25519`).

Example:
  govblocks exchange to-g2p --key social.key request.json > body.json
  govblocks exchange to-g2p --key social.key --encrypt-to registry.x25519.json request.json";

const FROM_G2P_HELP: &str = "\
Reads an SPDCI / G2P Connect body (from `exchange to-g2p` or `exchange request --encrypt-to`),
checks its JWS (kid resolved, trusted, one of the DIDs --directory lists for sender_id),
decrypts it with --decrypt-key when it is encrypted, and prints the envelope it carries with
its Data Integrity proof intact, in canonical form: `govblocks exchange verify` accepts it.

Exits 1 with the code: exchange.g2p_invalid, exchange.g2p_signature_missing, jws.*,
trust.untrusted, exchange.sender_unknown, exchange.sender_mismatch,
exchange.g2p_encryption_mismatch, exchange.g2p_decrypt_key_missing,
exchange.g2p_recipient_mismatch, jwe.*, exchange.g2p_envelope_mismatch, schema.invalid.

Example:
  govblocks exchange from-g2p --directory directory.json body.json > request.json
  govblocks exchange from-g2p --directory directory.json --decrypt-key registry.x25519.json body.json";

/// Arguments of `exchange to-g2p`.
#[derive(Debug, Args)]
#[command(about = "Write a signed envelope as an SPDCI / G2P Connect body", long_about = TO_G2P_HELP)]
pub struct ToG2pArgs {
    #[command(flatten)]
    key: KeyFile,

    /// Encrypt the payload for this X25519 public key (see PUBLIC in --help).
    #[arg(long, value_name = "PUBLIC")]
    encrypt_to: Option<String>,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The signed envelope; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn to_g2p_command(args: &ToG2pArgs) -> Result<Vec<u8>, CliError> {
    let key = args.key.read()?;
    let recipient = args.encrypt_to.as_deref().map(read_public).transpose()?;
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let envelope = govblocks_core::json::parse_with_limits(&bytes, &args.max_bytes.limits())?;
    body_bytes(&envelope, &key, recipient.as_ref())
}

crate::run_with!(ToG2pArgs, to_g2p_command);

/// A signed envelope as a body, signed by `key`, printed as one canonical line.
pub fn body_bytes(
    envelope: &Value,
    key: &govblocks_core::keys::SecretKey,
    recipient: Option<&X25519PublicKey>,
) -> Result<Vec<u8>, CliError> {
    let body = to_g2p(envelope, key, recipient)?;
    output::signed_document(&body.to_value(), false)
}

/// Arguments of `exchange from-g2p`.
#[derive(Debug, Args)]
#[command(about = "Read the envelope an SPDCI / G2P Connect body carries (its JWS checked)", long_about = FROM_G2P_HELP)]
pub struct FromG2pArgs {
    /// Who signs for whom: client addresses to DIDs (JSON); sender_id is one of its clients.
    #[arg(long, value_name = "DIRECTORY")]
    directory: PathBuf,

    /// The receiver's X25519 key file (from `govblocks keygen --x25519`), to decrypt.
    #[arg(long, value_name = "KEYFILE")]
    decrypt_key: Option<PathBuf>,

    #[command(flatten)]
    trust: Trust,

    #[command(flatten)]
    clock: Clock,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// The body; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

fn from_g2p_command(args: &FromG2pArgs) -> Result<Vec<u8>, CliError> {
    let directory = Directory::from_json(&read_document(
        &Source::File(args.directory.clone()),
        SIDE_FILE_LIMIT,
    )?)?;
    let key = args.decrypt_key.as_deref().map(read_x25519).transpose()?;
    let verifier = g2p_verifier(&directory, &args.trust, &args.clock, &args.max_bytes);
    let bytes = read_document(
        &Source::from_arg(args.file.as_deref()),
        args.max_bytes.limit(),
    )?;
    let envelope = envelope_of_body(&verifier, key, &bytes)?;
    output::signed_document(&envelope, false)
}

crate::run_with!(FromG2pArgs, from_g2p_command);

/// The verifier of bodies from the directory's clients, trusting `--trust` or the directory.
pub fn g2p_verifier(
    directory: &Directory,
    trust: &Trust,
    clock: &Clock,
    max_bytes: &MaxBytes,
) -> G2pVerifier {
    let trust = super::envelope::trust_list(directory, trust);
    let core = clock
        .apply(Verifier::new(DidKeyResolver, trust))
        .with_limits(max_bytes.limits());
    G2pVerifier::new(core, Senders::from_directory(directory))
}

/// The envelope a body carries: its JWS verified, decrypted with `key` if encrypted.
pub fn envelope_of_body(
    verifier: &G2pVerifier,
    key: Option<X25519SecretKey>,
    bytes: &[u8],
) -> Result<Value, CliError> {
    let verifier = match key {
        Some(key) => verifier.clone().with_decrypt_key(key),
        None => verifier.clone(),
    };
    let verified = verifier.verify(bytes)?;
    Ok(from_g2p(&verified, verifier.decrypt_key())?)
}

/// Whether `value` is an SPDCI body (it has a `message`, not a `payload`).
pub fn is_body(value: &Value) -> bool {
    value.get("message").is_some() && value.get("payload").is_none()
}

/// Reads an X25519 key file.
pub fn read_x25519(path: &Path) -> Result<X25519SecretKey, CliError> {
    let mut bytes = Zeroizing::new(Vec::with_capacity(KEY_FILE_LIMIT + 1));
    read_capped(&Source::from_arg(Some(path)), KEY_FILE_LIMIT, &mut bytes)?;
    Ok(X25519KeyFile::parse(&bytes)?)
}

/// Reads `--encrypt-to`: a key given inline, or a file holding one (or an X25519 key file, of
/// which only the public half is used).
pub fn read_public(text: &str) -> Result<X25519PublicKey, CliError> {
    let path = Path::new(text);
    if !path.is_file() {
        return Ok(X25519PublicKey::parse_any(text)?);
    }
    let mut bytes = Zeroizing::new(Vec::with_capacity(KEY_FILE_LIMIT + 1));
    read_capped(
        &Source::File(path.to_path_buf()),
        KEY_FILE_LIMIT,
        &mut bytes,
    )?;
    // A key file: only its public half is used (read as a key file, so its secret is wiped).
    if bytes.windows(19).any(|w| w == b"privateKeyMultibase") {
        return Ok(X25519KeyFile::parse(&bytes)?.public_key());
    }
    let text = std::str::from_utf8(&bytes).map_err(|_| {
        CliError::from(govblocks_core::Error::KeyInvalid {
            reason: "the --encrypt-to file is not UTF-8".to_owned(),
        })
    })?;
    Ok(X25519PublicKey::parse_any(text)?)
}
