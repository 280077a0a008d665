//! `exchange request`, `exchange respond`, `exchange verify`: a client signs a request, the
//! service signs the response bound to it, and either side verifies what it received.

use crate::commands::args::{or_system, Clock, KeyFile, Now, Trust};
use crate::io::{read_document, MaxBytes, Source};
use crate::output::{self, CliError};
use clap::Args;
use govblocks_core::clock::{FixedClock, Timestamp};
use govblocks_core::proof::{ProofPurpose, Verifier};
use govblocks_core::resolver::{DidKeyResolver, TrustList};
use govblocks_exchange::access::AccessList;
use govblocks_exchange::directory::Directory;
use govblocks_exchange::envelope::builder::{sign, RequestBuilder, ResponseBuilder};
use govblocks_exchange::envelope::model::{ConsentReference, Envelope, MessageId};
use govblocks_exchange::log::{Direction, MessageLog};
use govblocks_exchange::replay::{OpenOptions, ReplayGuard};
use govblocks_exchange::schemas::{ids, registry};
use govblocks_exchange::verify::{EnvelopeVerifier, VerifiedEnvelope};
use govblocks_exchange::xroad::{ClientId, ServiceId};
use govblocks_exchange::Error as ExchangeError;
use serde::Serialize;
use serde_json::Value;
use std::path::PathBuf;

/// The largest directory, access list or consent file read (they are small).
pub(super) const SIDE_FILE_LIMIT: usize = 1 << 20;

const REQUEST_HELP: &str = "\
Builds a request envelope from --client (INSTANCE/CLASS/MEMBER[/SUBSYSTEM]) to --service
(INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]) for --action, carrying the JSON PAYLOAD
(or stdin), signs it with --key (eddsa-jcs-2022) and prints it in canonical form.

The header gets a fresh UUID v4 message id (or --message-id, a v4 or v7), the time (--now or
the system clock), the payload's SHA-256 content digest, and, with --consent FILE, the consent
reference the request relies on: {\"record\",\"revision\",\"purpose\",\"dataCategories\"[,\"proof\"]}
(revision: the content digest of the consent revision, zQm…; proof: the controller's signed
consent proof, e.g. from `govblocks consent proof`, carried as it is).

The key must be one the service's directory lists for the client: the verifier refuses a
request signed by anyone else (exchange.sender_mismatch).

With --encrypt-to PUBLIC (the receiver's X25519 key: see `govblocks exchange to-g2p --help`),
the signed request is written as an SPDCI / G2P Connect body instead, its payload encrypted for
that key (what `exchange to-g2p --encrypt-to` writes).

Example:
  govblocks exchange request --key social.key --client EE/GOV/70000001/social \\
    --service EE/GOV/70000002/population/residence/v1 --action getResidence \\
    --correlation-id case-4471 --consent consent.json query.json > request.json
  govblocks exchange request --key social.key --client EE/GOV/70000001/social \\
    --service EE/GOV/70000002/population/residence/v1 --action getResidence \\
    --encrypt-to population.x25519.json query.json > body.json";

const RESPOND_HELP: &str = "\
Builds the response to the request in --request FILE, carrying the JSON PAYLOAD (or stdin),
signs it with --key and prints it in canonical form. The response names the request's message
id and the content digest of the whole signed request (inReplyTo), and repeats its client,
service, action, correlation id and consent reference.

The request is read (strict JSON, the envelope schema) but not verified: verify it first with
`govblocks exchange verify`. The key must be one the client's directory lists for the
service's provider (its first four parts): the client refuses a response signed by anyone else
(exchange.response_unbound).

Example:
  govblocks exchange respond --key population.key --request request.json answer.json > response.json";

const VERIFY_HELP: &str = "\
Verifies an envelope: strict JSON (size limit: json.too_large), the header (protocol version:
exchange.version_unsupported; the sender: exchange.sender_missing; ids:
exchange.message_id_invalid, exchange.xroad_id_invalid), the schema, the eddsa-jcs-2022 proof
(time with --now and --skew, trust), the payload digest (exchange.payload_digest_mismatch), and
that the signer speaks for the sender by the --directory (exchange.sender_unknown,
exchange.sender_mismatch). With --access FILE, the client must be allowed to call the service
with the action (exchange.access_denied).

Without --request, FILE must be a request. With --request REQUEST, the request is verified the
same way, and FILE must be the response to exactly that request, signed by the service's
provider (exchange.response_unbound otherwise).

FILE (and REQUEST) may also be an SPDCI / G2P Connect body (from `exchange to-g2p` or
`exchange request --encrypt-to`): its JWS is checked first (sender_id one of the directory's
clients, the key one of its DIDs), its message decrypted with --decrypt-key KEYFILE (an X25519
key file from `govblocks keygen --x25519`), and the envelope it carries is verified as above
(exchange.g2p_*, jws.*, jwe.* codes for the body).

DIRECTORY: {\"INSTANCE/CLASS/MEMBER[/SUBSYSTEM]\": [\"did:…\", …], …}, who signs for whom.
ACCESS: [{\"client\",\"service\",\"actions\":[\"getResidence\" | \"*\"]}, …].

TRUST: without --trust, the directory's DIDs are trusted (for assertionMethod proofs); with
--trust DID (repeatable), only those DIDs are.

With --seen DB (an accept-once SQLite file, created when missing; processes may share it), the
message is remembered after every other check passed, keyed by its sender and message id: the
same message again is refused (exchange.replayed), and so is a timestamp older than the 300 s
window (exchange.timestamp_too_old) or more than 30 s ahead of --now or the clock
(exchange.timestamp_in_future). With --request, the request is not remembered: checking a
response does not use up its request. With --log DB (a chained-log SQLite file, created when
missing), the verified message is appended to the message log exactly as signed.

Prints {\"verified\":true,\"type\",\"messageId\",\"timestamp\",\"client\",\"service\",\"action\",
\"correlationId\",\"inReplyTo\",\"consentRecord\",\"sender\",\"signer\",\"digest\",\"payloadDigest\",
\"payload\",\"seen\",\"logged\"} (logged: the log entry's number, or null) and exits 0, or exits 1
with the code.

Example:
  govblocks exchange verify --directory directory.json request.json
  govblocks exchange verify --directory directory.json --request request.json response.json
  govblocks exchange verify --directory directory.json --seen seen.db --log messages.db request.json
  govblocks exchange verify --directory directory.json --decrypt-key population.x25519.json body.json";

/// Arguments of `exchange request`.
#[derive(Debug, Args)]
#[command(about = "Sign a request envelope", long_about = REQUEST_HELP)]
pub struct RequestArgs {
    #[command(flatten)]
    key: KeyFile,

    /// The client that asks: an X-Road client id, INSTANCE/CLASS/MEMBER[/SUBSYSTEM] (written
    /// into the envelope in its canonical form).
    #[arg(long, value_name = "ID", value_parser = client_address)]
    client: ClientId,

    /// The service called: an X-Road service id,
    /// INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION] (written in its canonical form).
    #[arg(long, value_name = "ID", value_parser = service_address)]
    service: ServiceId,

    /// What the client asks the service to do.
    #[arg(long, value_name = "A")]
    action: String,

    /// The consent reference (JSON) the request relies on.
    #[arg(long, value_name = "FILE")]
    consent: Option<PathBuf>,

    /// The conversation's id (a case number).
    #[arg(long, value_name = "ID")]
    correlation_id: Option<String>,

    /// Write the signed request as an SPDCI / G2P Connect body with its payload encrypted for
    /// this X25519 public key (as `exchange to-g2p --encrypt-to`: a Multikey z6LS…, a did:key,
    /// a public JWK, or a file holding one or an X25519 key file).
    #[arg(long, value_name = "PUBLIC")]
    encrypt_to: Option<String>,

    #[command(flatten)]
    common: Common,

    /// The payload (JSON); stdin when absent or -.
    #[arg(value_name = "PAYLOAD")]
    payload: Option<PathBuf>,
}

/// What `request` and `respond` share.
#[derive(Debug, Args)]
struct Common {
    /// The message id (a lower-case UUID v4 or v7) [default: a fresh v4].
    #[arg(long, value_name = "UUID", value_parser = message_id)]
    message_id: Option<MessageId>,

    /// The `$id` of the payload's JSON Schema.
    #[arg(long, value_name = "ID")]
    payload_schema: Option<String>,

    #[command(flatten)]
    now: Now,

    #[command(flatten)]
    max_bytes: MaxBytes,
}

impl Common {
    fn payload(&self, file: Option<&std::path::Path>) -> Result<Value, CliError> {
        let bytes = read_document(&Source::from_arg(file), self.max_bytes.limit())?;
        Ok(govblocks_core::json::parse_with_limits(
            &bytes,
            &self.max_bytes.limits(),
        )?)
    }

    fn timestamp(&self) -> Result<Timestamp, CliError> {
        Ok(Timestamp::from_datetime(or_system(self.now.now))?)
    }
}

fn client_address(text: &str) -> Result<ClientId, String> {
    ClientId::parse(text).map_err(|e| e.to_string())
}

fn service_address(text: &str) -> Result<ServiceId, String> {
    ServiceId::parse(text).map_err(|e| e.to_string())
}

fn message_id(text: &str) -> Result<MessageId, String> {
    MessageId::parse(text).map_err(|e| e.to_string())
}

fn invalid(reason: String) -> CliError {
    ExchangeError::EnvelopeInvalid { reason }.into()
}

fn request(args: &RequestArgs) -> Result<Vec<u8>, CliError> {
    let key = args.key.read()?;
    let payload = args.common.payload(args.payload.as_deref())?;
    let mut builder = RequestBuilder::new(
        args.client.clone(),
        args.service.clone(),
        args.action.clone(),
        payload,
    )
    .timestamp(args.common.timestamp()?);
    if let Some(id) = args.common.message_id {
        builder = builder.message_id(id);
    }
    if let Some(schema) = &args.common.payload_schema {
        builder = builder.payload_schema(schema.clone());
    }
    if let Some(id) = &args.correlation_id {
        builder = builder.correlation_id(id.clone());
    }
    if let Some(path) = &args.consent {
        let bytes = read_document(&Source::File(path.clone()), SIDE_FILE_LIMIT)?;
        let value = govblocks_core::json::parse(&bytes)?;
        let reference: ConsentReference = serde_json::from_value(value)
            .map_err(|e| invalid(format!("the consent reference: {e}")))?;
        builder = builder.consent(reference);
    }
    let signed = sign(&builder.build()?, &key)?;
    match &args.encrypt_to {
        Some(public) => {
            let recipient = super::g2p::read_public(public)?;
            super::g2p::body_bytes(&signed, &key, Some(&recipient))
        }
        None => output::signed_document(&signed, false),
    }
}

crate::run_with!(RequestArgs, request);

/// Arguments of `exchange respond`.
#[derive(Debug, Args)]
#[command(about = "Sign the response to a request", long_about = RESPOND_HELP)]
pub struct RespondArgs {
    #[command(flatten)]
    key: KeyFile,

    /// The signed request answered.
    #[arg(long, value_name = "FILE")]
    request: PathBuf,

    /// Leave the request's consent reference out of the response.
    #[arg(long)]
    without_consent: bool,

    #[command(flatten)]
    common: Common,

    /// The payload (JSON); stdin when absent or -.
    #[arg(value_name = "PAYLOAD")]
    payload: Option<PathBuf>,
}

fn respond(args: &RespondArgs) -> Result<Vec<u8>, CliError> {
    let key = args.key.read()?;
    let bytes = read_document(
        &Source::File(args.request.clone()),
        args.common.max_bytes.limit(),
    )?;
    let value = govblocks_core::json::parse_with_limits(&bytes, &args.common.max_bytes.limits())?;
    govblocks_exchange::envelope::rules::precheck(&value)?;
    registry().validate(ids::ENVELOPE, &value)?;
    let request: Envelope =
        serde_json::from_value(value).map_err(|e| invalid(format!("the request: {e}")))?;
    let payload = args.common.payload(args.payload.as_deref())?;
    let mut builder = ResponseBuilder::new(&request, payload)?.timestamp(args.common.timestamp()?);
    if let Some(id) = args.common.message_id {
        builder = builder.message_id(id);
    }
    if let Some(schema) = &args.common.payload_schema {
        builder = builder.payload_schema(schema.clone());
    }
    if args.without_consent {
        builder = builder.without_consent();
    }
    let signed = sign(&builder.build()?, &key)?;
    output::signed_document(&signed, false)
}

crate::run_with!(RespondArgs, respond);

/// Arguments of `exchange verify`.
#[derive(Debug, Args)]
#[command(about = "Verify a request, or a response bound to its request (exit 0 verified, 1 refused)", long_about = VERIFY_HELP)]
pub struct VerifyArgs {
    /// Who signs for whom: client addresses to DIDs (JSON).
    #[arg(long, value_name = "DIRECTORY")]
    directory: PathBuf,

    /// The request FILE must answer (then FILE is a response).
    #[arg(long, value_name = "FILE")]
    request: Option<PathBuf>,

    /// Who may call which service with which action (JSON).
    #[arg(long, value_name = "ACCESS")]
    access: Option<PathBuf>,

    #[command(flatten)]
    trust: Trust,

    #[command(flatten)]
    clock: Clock,

    #[command(flatten)]
    max_bytes: MaxBytes,

    /// Replay guard: an accept-once SQLite file (created when missing); a message verified
    /// before from the same sender, or dated outside the window, is refused.
    #[arg(long, value_name = "DB")]
    seen: Option<PathBuf>,

    /// Message log: a chained-log SQLite file (created when missing) the verified message is
    /// appended to, exactly as signed.
    #[arg(long, value_name = "DB")]
    log: Option<PathBuf>,

    /// The receiver's X25519 key file (from `govblocks keygen --x25519`): decrypts an SPDCI
    /// body's encrypted message.
    #[arg(long, value_name = "KEYFILE")]
    decrypt_key: Option<PathBuf>,

    /// The envelope, or an SPDCI / G2P Connect body carrying one; stdin when absent or -.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
}

/// What `exchange verify` prints.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct VerifyReport<'a> {
    verified: bool,
    #[serde(rename = "type")]
    kind: &'static str,
    message_id: String,
    timestamp: String,
    client: &'a str,
    service: &'a str,
    action: &'a str,
    correlation_id: Option<&'a str>,
    in_reply_to: Option<String>,
    consent_record: Option<&'a str>,
    sender: String,
    signer: &'a str,
    digest: String,
    payload_digest: String,
    payload: &'a Value,
    /// Whether `--seen` remembered the message (a replay is an error, not `false`).
    seen: bool,
    /// The message log's sequence number of the entry, with `--log`.
    logged: Option<u64>,
}

impl<'a> From<&'a VerifiedEnvelope> for VerifyReport<'a> {
    fn from(v: &'a VerifiedEnvelope) -> Self {
        let h = v.header();
        VerifyReport {
            verified: true,
            kind: v.kind.as_str(),
            message_id: h.message_id.to_string(),
            timestamp: h.timestamp.to_string(),
            client: h.client.as_str(),
            service: h.service.as_str(),
            action: &h.action,
            correlation_id: h.correlation_id.as_deref(),
            in_reply_to: h.in_reply_to.as_ref().map(|r| r.message_id.to_string()),
            consent_record: h.consent.as_ref().map(|c| c.record.as_str()),
            sender: v.sender().to_string(),
            signer: v.signer(),
            digest: v.digest().to_string(),
            payload_digest: h.payload_digest.to_string(),
            payload: v.payload(),
            seen: false,
            logged: None,
        }
    }
}

fn verify(args: &VerifyArgs) -> Result<Vec<u8>, CliError> {
    let directory = Directory::from_json(&read_document(
        &Source::File(args.directory.clone()),
        SIDE_FILE_LIMIT,
    )?)?;
    let trust = trust_list(&directory, &args.trust);
    let core = args
        .clock
        .apply(Verifier::new(DidKeyResolver, trust))
        .with_limits(args.max_bytes.limits());
    let access = match &args.access {
        Some(path) => Some(AccessList::from_json(&read_document(
            &Source::File(path.clone()),
            SIDE_FILE_LIMIT,
        )?)?),
        None => None,
    };
    let read_envelope = |source: &Source| -> Result<Vec<u8>, CliError> {
        let bytes = read_document(source, args.max_bytes.limit())?;
        envelope_bytes(args, &directory, bytes)
    };
    let bytes = read_envelope(&Source::from_arg(args.file.as_deref()))?;
    // The request a response answers is verified without the guard: checking a response
    // must not use up its request's id.
    let request = match &args.request {
        Some(path) => {
            let request_bytes = read_envelope(&Source::File(path.clone()))?;
            let mut plain = EnvelopeVerifier::new(core.clone(), directory.clone());
            if let Some(access) = &access {
                plain = plain.with_access_list(access.clone());
            }
            Some(plain.verify_request(&request_bytes)?)
        }
        None => None,
    };
    let mut verifier = EnvelopeVerifier::new(core, directory);
    if let Some(access) = access {
        verifier = verifier.with_access_list(access);
    }
    // The guard runs after every other check, at the verifier's now (`--now`).
    let clock = FixedClock::new(args.clock.now.or_system());
    if let Some(path) = &args.seen {
        verifier = match crate::commands::stores::location(path) {
            crate::commands::stores::Location::File(path) => {
                verifier.with_step(ReplayGuard::open(path, OpenOptions::default(), clock)?)
            }
            crate::commands::stores::Location::Server(url) => verifier.with_step(ReplayGuard::new(
                crate::commands::stores::server_seen(url)?,
                clock,
            )),
        };
    }
    let verified = match &request {
        None => verifier.verify_request(&bytes)?,
        Some(request) => verifier.verify_response(request, &bytes)?,
    };
    let mut report = VerifyReport::from(&verified);
    report.seen = args.seen.is_some();
    if let Some(path) = &args.log {
        let receipt = match crate::commands::stores::location(path) {
            crate::commands::stores::Location::File(path) => MessageLog::open(
                path,
                OpenOptions::default(),
                clock,
            )?
            .record_verified(Direction::Received, &verified, &bytes)?,
            crate::commands::stores::Location::Server(url) => MessageLog::new(
                crate::commands::stores::server_log(
                    url,
                    crate::commands::stores::LogKind::Exchange,
                    govblocks_store::sqlite_file::Access::Create,
                )?,
                clock,
            )
            .record_verified(Direction::Received, &verified, &bytes)?,
        };
        report.logged = Some(receipt.sequence);
    }
    output::json_line(&report, false)
}

crate::run_with!(VerifyArgs, verify);

/// Whom a verifier of the directory's senders trusts: `--trust`, or the directory's DIDs (for
/// `assertionMethod`).
pub fn trust_list(directory: &Directory, trust: &Trust) -> TrustList {
    if trust.given() {
        trust.trust.iter().fold(TrustList::new(), |list, did| {
            list.trust(did.clone(), [ProofPurpose::AssertionMethod])
        })
    } else {
        directory.trust_list()
    }
}

/// `bytes` as they are, or, when they are an SPDCI body, the envelope it carries (its JWS
/// verified, decrypted with `--decrypt-key`) in canonical form.
fn envelope_bytes(
    args: &VerifyArgs,
    directory: &Directory,
    bytes: Vec<u8>,
) -> Result<Vec<u8>, CliError> {
    // Only a JSON object with a `message` and no `payload` is a body; anything else goes to
    // the envelope verifier as it is, which gives its own answer.
    let Ok(value) = govblocks_core::json::parse_with_limits(&bytes, &args.max_bytes.limits())
    else {
        return Ok(bytes);
    };
    if !super::g2p::is_body(&value) {
        return Ok(bytes);
    }
    let verifier = super::g2p::g2p_verifier(directory, &args.trust, &args.clock, &args.max_bytes);
    let key = args
        .decrypt_key
        .as_deref()
        .map(super::g2p::read_x25519)
        .transpose()?;
    let envelope = super::g2p::envelope_of_body(&verifier, key, &bytes)?;
    Ok(govblocks_core::jcs::canonicalize(&envelope))
}
