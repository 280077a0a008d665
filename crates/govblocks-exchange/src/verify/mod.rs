//! Verifying envelopes: core's one pipeline, then the exchange's checks, in a fixed order, and
//! a [`VerifiedEnvelope`] only this module makes.
//!
//! ```text
//! bytes ─► strict parse ─► header precheck ─► schema ─► typed ─► proof ─► rules ─► sender ─►
//!          (core Limits:  (version, sender,    (envelope   (by     (eddsa-  (kind,   (directory)
//!           size, depth)   ids: own codes)      .json)     move)   jcs-2022, payload
//!                                                                   trust)   digest,
//!                                                                            created)
//!       ─► binding ─► access ─► consent ─► payload schema ─► steps ─► caller's hook ─► VerifiedEnvelope
//!          (responses) (ACL)    (if required) (if known)      (replay guard, log)
//! ```
//!
//! | check | code |
//! | --- | --- |
//! | input over the core verifier's [`Limits`](govblocks_core::json::Limits) (4 MiB by default: set `max_bytes` with [`Verifier::with_limits`]) | `json.too_large` (and the other `json.*`) |
//! | the header rules before the schema ([`rules::precheck`](crate::envelope::rules::precheck)) | `exchange.version_unsupported`, `exchange.sender_missing`, `exchange.xroad_id_invalid`, `exchange.message_id_invalid` |
//! | the schema | `schema.invalid` |
//! | the proof: shape, time (`created` not in the future beyond the skew), key, trust, signature | core's `proof.*`, `trust.untrusted` |
//! | the rules ([`rules`](crate::envelope::rules)) | `exchange.envelope_invalid`, `exchange.payload_digest_mismatch` |
//! | the sender is in the [directory](crate::directory) | `exchange.sender_unknown` |
//! | the one proof is an `assertionMethod` proof by a DID the directory lists for the sender | `exchange.sender_mismatch` |
//! | [`EnvelopeVerifier::verify_response`]: the response answers this request (type, message id, digest of the whole signed request, client, service, action, correlation id) and is signed by the service's provider | `exchange.response_unbound` |
//! | the [access list](crate::access), if set | `exchange.access_denied` |
//! | a consent reference, if required, and the application's [`ConsentCheck`] | `exchange.consent_missing`, `exchange.consent_denied` |
//! | the payload against `payloadSchema`, when the verifier's payload registry knows it | `exchange.payload_invalid` |
//! | each [`Step`], in order | the step's |
//! | the caller's hook ([`EnvelopeVerifier::verify_with`]) | the hook's |
//!
//! # What canonical input saves
//!
//! An envelope as signed is canonical (RFC 8785), and a member of canonical JSON is the
//! canonical form of its value: the verifier then takes the envelope's digest and the proof's
//! hash of the unsecured envelope straight from the bytes, in one pass over everything before
//! the proof ([`Parsed::canonical_sha256`](govblocks_core::json::Parsed::canonical_sha256)),
//! and the payload's digest and the proof configuration's hash from their own bytes: nothing is
//! canonicalized. Other input (white space, another member order) is canonicalized as needed,
//! with the same answers.
//!
//! It saves memory too: the verified envelope keeps its payload and its proof as their
//! canonical text ([`LazyValue`](govblocks_core::json::LazyValue), taken from the bytes by
//! [`Document::from_canonical`]), and their parsed trees are dropped as soon as the envelope is
//! read, while they are still in the cache. A caller frees two strings per envelope for them,
//! not one per member name and value; the payload becomes a tree on first use
//! ([`VerifiedEnvelope::payload`]), or is read straight from its text
//! ([`VerifiedEnvelope::payload_canonical`]).
//!
//! # Steps: the replay guard and the message log
//!
//! State that must change only for a message that passed every other check — the replay
//! guard's check-and-remember of the message id, the message log's append — plugs in as a
//! [`Step`] ([`EnvelopeVerifier::with_step`]): steps run in the order they were added, after
//! every check above and before the caller's hook, and the first that fails is the error.
//! Add the replay guard before the log, so a replay is refused before it is logged. A caller
//! that prefers to run them itself calls them on the [`VerifiedEnvelope`] afterwards, in the
//! same order.

use crate::access::AccessList;
use crate::consent::{ConsentCheck, ConsentQuestion};
use crate::directory::Directory;
use crate::envelope::model::{Envelope, Header, Kind};
use crate::envelope::rules::precheck;
use crate::error::{quote, Error, Result};
use crate::xroad::id::ClientId;
use govblocks_core::digest::ContentDigest;
use govblocks_core::document::{Context, Document, Prepared, SignatureBatch};
use govblocks_core::json::{canonical_member_value, CanonicalDocument, Parsed, Tape, TapeValue};
use govblocks_core::proof::{ProofPurpose, VerifiedProof, Verifier};
use govblocks_core::schema::SchemaRegistry;
use govblocks_core::verified::Verified;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};

/// A check with state of its own that runs after every other check of the verifier, before
/// success (see the [module documentation](self#steps-the-replay-guard-and-the-message-log)).
pub trait Step: Send + Sync {
    /// Checks (and records) `envelope`, which passed every other check.
    fn run(&self, envelope: &Envelope, context: &StepContext<'_>) -> Result<()>;
}

impl<F> Step for F
where
    F: Fn(&Envelope, &StepContext<'_>) -> Result<()> + Send + Sync,
{
    fn run(&self, envelope: &Envelope, context: &StepContext<'_>) -> Result<()> {
        self(envelope, context)
    }
}

/// What a [`Step`] sees besides the envelope: who signed, the verified proof, the verifier's
/// time.
#[derive(Debug, Clone, Copy)]
pub struct StepContext<'a> {
    signer: &'a str,
    digest: ContentDigest,
    context: &'a Context<'a>,
}

impl StepContext<'_> {
    /// The DID that signed for the sender.
    pub fn signer(&self) -> &str {
        self.signer
    }

    /// The [`ContentDigest`] of the whole signed envelope.
    pub fn digest(&self) -> ContentDigest {
        self.digest
    }

    /// The verified proof(s).
    pub fn proofs(&self) -> &[VerifiedProof] {
        self.context.proofs()
    }

    /// The verifier's now (read once per verification).
    pub fn now(&self) -> OffsetDateTime {
        self.context.now()
    }

    /// The verifier's clock skew.
    pub fn skew(&self) -> Duration {
        self.context.skew()
    }
}

/// An envelope that passed every check of an [`EnvelopeVerifier`]; only the verifier makes one
/// (its fields are private, it has no public constructor). Derefs to the [`Envelope`].
#[derive(Debug, Clone)]
pub struct VerifiedEnvelope {
    /// Boxed, as the verifier read it: the pipeline and a batch's vectors move a pointer, not
    /// the envelope's some 700 bytes, from stage to stage.
    envelope: Box<Envelope>,
    /// One proof, by the DID that signed for the sender (the verifier checked so).
    proofs: Vec<VerifiedProof>,
    digest: ContentDigest,
}

impl VerifiedEnvelope {
    /// From core's verified value (of the verifier's [`Incoming`] reading of the envelope,
    /// whose one proof [`EnvelopeVerifier::check_sender`] found by a DID of the sender's).
    fn new(verified: Verified<Incoming>, digest: ContentDigest) -> Self {
        let (Incoming(envelope), proofs) = verified.into_parts();
        VerifiedEnvelope {
            envelope,
            proofs,
            digest,
        }
    }

    /// The envelope.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// The header.
    pub fn header(&self) -> &Header {
        &self.envelope.header
    }

    /// The payload, released (parsed into a tree on first use: see
    /// [`payload_canonical`](Self::payload_canonical) for its text).
    pub fn payload(&self) -> &Value {
        self.envelope.payload.value()
    }

    /// The payload's canonical (RFC 8785) text: what `payloadDigest` covers, and what a typed
    /// reader can deserialize straight from, without a tree.
    pub fn payload_canonical(&self) -> &str {
        self.envelope.payload.canonical()
    }

    /// The DID that signed for the sender.
    pub fn signer(&self) -> &str {
        // The one proof's controller: the verifier made this value only after
        // `check_sender` found exactly one proof, by a DID of the sender's.
        self.proofs.first().map_or("", |p| p.controller.as_str())
    }

    /// The [`ContentDigest`] of the whole signed envelope (RFC 8785 form, proof included): what
    /// a response to it names in `inReplyTo.digest`, and what a message log records.
    pub fn digest(&self) -> ContentDigest {
        self.digest
    }

    /// The verified proof(s).
    pub fn proofs(&self) -> &[VerifiedProof] {
        &self.proofs
    }

    /// The envelope and the report of its verified proof(s), taken apart (the proof that
    /// they were verified goes with the `VerifiedEnvelope`: pass it along instead where the
    /// callee should know).
    pub fn into_parts(self) -> (Envelope, Vec<VerifiedProof>) {
        (*self.envelope, self.proofs)
    }
}

impl std::ops::Deref for VerifiedEnvelope {
    type Target = Envelope;
    fn deref(&self) -> &Envelope {
        &self.envelope
    }
}

/// The envelope as the verifier's pipeline reads it: the [`Envelope`]'s schema, reader and
/// rules ([`Document for Envelope`](Envelope#impl-Document-for-Envelope)) but for the payload
/// digest and the proof's time, which the verifier checks first thing after these rules
/// ([`EnvelopeVerifier::read`] took the payload's digest from its own bytes when the input was
/// canonical, instead of canonicalizing the payload a second time): the same checks, in the
/// same order. Boxed: read once into its place on the heap, then moved as a pointer through
/// the pipeline (in a batch, a thousand prepared envelopes were a megabyte of moves and of
/// cache).
#[derive(Serialize, Deserialize)]
#[serde(transparent)]
struct Incoming(Box<Envelope>);

impl Document for Incoming {
    const SCHEMA: &'static str = <Envelope as Document>::SCHEMA;
    type Error = Error;

    fn from_value(value: Value) -> std::result::Result<Self, serde_json::Error> {
        <Envelope as Document>::from_value(value).map(|envelope| Incoming(Box::new(envelope)))
    }

    fn from_canonical(
        value: Value,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        <Envelope as Document>::from_canonical(value, canonical)
            .map(|envelope| Incoming(Box::new(envelope)))
    }

    fn from_tape(
        tape: TapeValue<'_>,
        canonical: CanonicalDocument<'_>,
    ) -> std::result::Result<Self, serde_json::Error> {
        <Envelope as Document>::from_tape(tape, canonical)
            .map(|envelope| Incoming(Box::new(envelope)))
    }

    fn check(&self, _context: &Context<'_>) -> Result<()> {
        self.0.check_header_rules()
    }

    fn schemas() -> &'static SchemaRegistry {
        <Envelope as Document>::schemas()
    }
}

/// An envelope as [`EnvelopeVerifier::read`] read it: without a tree when canonical.
enum Input<'b> {
    Tape(Tape<'b>),
    Parsed(Parsed<'b>),
}

/// What [`EnvelopeVerifier::read`] took from the bytes: the digest of the whole envelope, and
/// the digest of the payload when the bytes were canonical.
#[derive(Clone, Copy)]
struct Digests {
    envelope: ContentDigest,
    payload: Option<ContentDigest>,
}

/// Verifies envelopes (see the [module documentation](self)): core's [`Verifier`] (key
/// resolution, trust list, clock, skew, size limits) and a [`Directory`], plus, optionally, an
/// access list, a consent check, payload schemas and steps.
#[derive(Clone)]
pub struct EnvelopeVerifier {
    verifier: Verifier,
    directory: Arc<Directory>,
    access: Option<Arc<AccessList>>,
    consent: Option<Arc<dyn ConsentCheck>>,
    payload_schemas: Option<Arc<SchemaRegistry>>,
    steps: Vec<Arc<dyn Step>>,
}

impl std::fmt::Debug for EnvelopeVerifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("EnvelopeVerifier")
            .field("verifier", &self.verifier)
            .field("directory", &self.directory)
            .field("access", &self.access)
            .field("consent_required", &self.consent.is_some())
            .field("payload_schemas", &self.payload_schemas.is_some())
            .field("steps", &self.steps.len())
            .finish()
    }
}

/// What the envelope must be, and for a response, the request it must answer.
#[derive(Clone, Copy)]
enum Expect<'a> {
    Any,
    Request,
    ResponseTo(&'a VerifiedEnvelope),
}

impl EnvelopeVerifier {
    /// A verifier: `verifier` resolves keys, decides trust (see [`Directory::trust_list`]),
    /// reads the clock and sets the parser's limits; `directory` says who speaks for whom. No
    /// access list, no consent required, no payload schemas, no steps.
    pub fn new(verifier: Verifier, directory: Directory) -> Self {
        EnvelopeVerifier {
            verifier,
            directory: Arc::new(directory),
            access: None,
            consent: None,
            payload_schemas: None,
            steps: Vec::new(),
        }
    }

    /// The core verifier.
    pub fn verifier(&self) -> &Verifier {
        &self.verifier
    }

    /// The directory.
    pub fn directory(&self) -> &Directory {
        &self.directory
    }

    /// Checks every envelope against `access` (`exchange.access_denied`).
    pub fn with_access_list(mut self, access: AccessList) -> Self {
        self.access = Some(Arc::new(access));
        self
    }

    /// Requires a consent reference (`exchange.consent_missing`) and asks `check` about it
    /// (`exchange.consent_denied`).
    pub fn require_consent(mut self, check: impl ConsentCheck + 'static) -> Self {
        self.consent = Some(Arc::new(check));
        self
    }

    /// Validates payloads whose `payloadSchema` `schemas` knows (`exchange.payload_invalid`).
    pub fn with_payload_schemas(mut self, schemas: Arc<SchemaRegistry>) -> Self {
        self.payload_schemas = Some(schemas);
        self
    }

    /// Adds a step, run after every other check (see the
    /// [module documentation](self#steps-the-replay-guard-and-the-message-log)).
    pub fn with_step(mut self, step: impl Step + 'static) -> Self {
        self.steps.push(Arc::new(step));
        self
    }

    /// Adds a shared step.
    pub fn with_shared_step(mut self, step: Arc<dyn Step>) -> Self {
        self.steps.push(step);
        self
    }

    /// A request or a response, verified on its own (a response's binding to its request is
    /// [`EnvelopeVerifier::verify_response`]'s).
    pub fn verify(&self, bytes: &[u8]) -> Result<VerifiedEnvelope> {
        self.run(bytes, Expect::Any, |_, _| Ok(()))
    }

    /// [`EnvelopeVerifier::verify`], then `hook`, before success.
    pub fn verify_with(
        &self,
        bytes: &[u8],
        hook: impl FnOnce(&Envelope, &Context<'_>) -> Result<()>,
    ) -> Result<VerifiedEnvelope> {
        self.run(bytes, Expect::Any, hook)
    }

    /// A request (a response is `exchange.envelope_invalid`): what a service verifies.
    pub fn verify_request(&self, bytes: &[u8]) -> Result<VerifiedEnvelope> {
        self.run(bytes, Expect::Request, |_, _| Ok(()))
    }

    /// The response to `request` (see the [module documentation](self)): any response to
    /// another request, to an altered request, with other addresses, or signed by anyone but
    /// the provider of the request's service is `exchange.response_unbound`.
    pub fn verify_response(
        &self,
        request: &VerifiedEnvelope,
        bytes: &[u8],
    ) -> Result<VerifiedEnvelope> {
        self.run(bytes, Expect::ResponseTo(request), |_, _| Ok(()))
            .map_err(|e| match e {
                Error::SenderMismatch { sender, signer } => Error::ResponseUnbound {
                    reason: format!(
                        "signed by {signer}, not by the provider {sender} of the service"
                    ),
                },
                Error::SenderUnknown { sender } => Error::ResponseUnbound {
                    reason: format!("the directory knows no key for the provider {sender}"),
                },
                Error::Core(core) if core.code() == "trust.untrusted" => Error::ResponseUnbound {
                    reason: format!("not signed by the service's provider: {core}"),
                },
                other => other,
            })
    }

    /// Many envelopes (requests or responses, each verified on its own as
    /// [`EnvelopeVerifier::verify`] does) with one batch signature verification for all their
    /// proofs; one result per input, in order. Steps run for each envelope that passed
    /// everything else, in input order.
    pub fn verify_batch(&self, inputs: &[&[u8]]) -> Vec<Result<VerifiedEnvelope>> {
        let prepared: Vec<Result<(Prepared<Incoming>, Digests)>> = inputs
            .iter()
            .map(|bytes| {
                let (input, digests) = self.read(bytes)?;
                Ok((self.prepare(input)?, digests))
            })
            .collect();
        let mut batch = SignatureBatch::new();
        for (p, _) in prepared.iter().flatten() {
            batch.add(p);
        }
        let outcome = batch.verify();
        prepared
            .into_iter()
            .map(|item| {
                let (prepared, digests) = item?;
                let verified = prepared.finish_with(&outcome, |Incoming(envelope), context| {
                    self.checks(envelope, context, Expect::Any, digests)
                })?;
                Ok(VerifiedEnvelope::new(verified, digests.envelope))
            })
            .collect()
    }

    /// The envelope read — without a tree when it is canonical ([`Tape`]), else strictly
    /// parsed with the core verifier's limits — then the header precheck; and the envelope's
    /// digest, of the value as read (not as re-serialized from the typed envelope), taken
    /// straight from the bytes when they are canonical, as is the payload's (a member of
    /// canonical JSON is the canonical form of its value).
    fn read<'b>(&self, bytes: &'b [u8]) -> Result<(Input<'b>, Digests)> {
        // Trailing white space (a newline after a signed document) changes nothing of the
        // value; without it, canonical input is digested straight from its bytes.
        let bytes = bytes.trim_ascii_end();
        if let Some(tape) = self.verifier.read_tape(bytes) {
            let root = tape.root();
            precheck(root)?;
            // The envelope's digest and the proof's hash of the unsecured envelope in one pass
            // over the bytes before the proof. (A root that is not an object: its digest is
            // the bytes', and the schema refuses it next.)
            let envelope = tape
                .canonical_sha256()
                .map_or_else(|| ContentDigest::of_bytes(bytes), ContentDigest::from_bytes);
            let payload = root
                .get("payload")
                .map(|p| ContentDigest::of_bytes(p.raw().as_bytes()));
            return Ok((Input::Tape(tape), Digests { envelope, payload }));
        }
        let parsed = self.verifier.parse(bytes)?;
        precheck(parsed.value())?;
        // Canonical as the parser read it: the envelope's digest and the proof's hash of the
        // unsecured envelope in one pass over the bytes before the proof.
        let digests = if let Some(sha256) = parsed.canonical_sha256() {
            Digests {
                envelope: ContentDigest::from_bytes(sha256),
                payload: parsed
                    .canonical_member("payload")
                    .map(ContentDigest::of_bytes),
            }
        } else if parsed.is_canonical() {
            Digests {
                envelope: ContentDigest::of_bytes(bytes),
                // Canonical once its numbers were judged: the parser offers its spans only for
                // input it found canonical on its own, so the payload is found by a scan.
                payload: canonical_member_value(bytes, b"payload").map(ContentDigest::of_bytes),
            }
        } else {
            Digests {
                envelope: ContentDigest::of_json(parsed.value()),
                payload: None,
            }
        };
        Ok((Input::Parsed(parsed), digests))
    }

    /// Every check of the envelope read, but its signature.
    fn prepare(&self, input: Input<'_>) -> Result<Prepared<Incoming>> {
        match input {
            Input::Tape(tape) => self.verifier.prepare_tape_as::<Incoming>(&tape),
            Input::Parsed(parsed) => self.verifier.prepare_parsed_as::<Incoming>(parsed),
        }
    }

    fn run(
        &self,
        bytes: &[u8],
        expect: Expect<'_>,
        hook: impl FnOnce(&Envelope, &Context<'_>) -> Result<()>,
    ) -> Result<VerifiedEnvelope> {
        let (input, digests) = self.read(bytes)?;
        let checks = |Incoming(envelope): &Incoming, context: &Context<'_>| {
            self.checks(envelope, context, expect, digests)?;
            hook(envelope, context)
        };
        let verified = match input {
            Input::Tape(tape) => self
                .verifier
                .verify_tape_as_with::<Incoming>(&tape, checks)?,
            Input::Parsed(parsed) => self
                .verifier
                .verify_parsed_as_with::<Incoming>(parsed, checks)?,
        };
        Ok(VerifiedEnvelope::new(verified, digests.envelope))
    }

    /// Every check after the envelope's header rules, in order (see the
    /// [module documentation](self)): the rest of the envelope's own rules (the payload digest,
    /// the proof's time), then the verifier's.
    fn checks(
        &self,
        envelope: &Envelope,
        context: &Context<'_>,
        expect: Expect<'_>,
        digests: Digests,
    ) -> Result<()> {
        let payload_digest = match digests.payload {
            Some(digest) => {
                debug_assert_eq!(
                    digest,
                    ContentDigest::of_bytes(envelope.payload.canonical().as_bytes())
                );
                digest
            }
            None => ContentDigest::of_bytes(envelope.payload.canonical().as_bytes()),
        };
        envelope.check_payload_digest(payload_digest)?;
        envelope.check_proof_time(context)?;
        let digest = digests.envelope;
        let signer = self.check_sender(envelope, context)?;
        match expect {
            Expect::Any => {}
            Expect::Request => {
                if envelope.kind != Kind::Request {
                    return Err(Error::EnvelopeInvalid {
                        reason: "a request was expected, this is a response".to_owned(),
                    });
                }
            }
            Expect::ResponseTo(request) => check_binding(request, envelope)?,
        }
        if let Some(access) = &self.access {
            let h = &envelope.header;
            access.check(&h.client, &h.service, &h.action)?;
        }
        self.check_consent(envelope, context)?;
        if let Some(schemas) = &self.payload_schemas {
            envelope.check_payload(schemas)?;
        }
        let step_context = StepContext {
            signer,
            digest,
            context,
        };
        for step in &self.steps {
            step.run(envelope, &step_context)?;
        }
        Ok(())
    }

    /// The sender is in the directory, and the envelope's one proof is an `assertionMethod`
    /// proof by one of its DIDs: that DID.
    fn check_sender<'c>(&self, envelope: &Envelope, context: &Context<'c>) -> Result<&'c str> {
        let sender = envelope.sender();
        let Some(dids) = self.directory.dids(sender) else {
            return Err(Error::SenderUnknown {
                sender: sender.to_string(),
            });
        };
        let signers = || {
            context
                .proofs()
                .iter()
                .map(|p| p.controller.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        match context.proofs() {
            [proof]
                if proof.purpose == ProofPurpose::AssertionMethod
                    && dids.contains(&proof.controller) =>
            {
                Ok(proof.controller.as_str())
            }
            _ => Err(Error::SenderMismatch {
                sender: sender.to_string(),
                signer: quote(&signers()),
            }),
        }
    }

    /// The consent reference and the application's check, when the verifier requires them.
    fn check_consent(&self, envelope: &Envelope, context: &Context<'_>) -> Result<()> {
        let Some(check) = &self.consent else {
            return Ok(());
        };
        let Some(reference) = &envelope.header.consent else {
            return Err(Error::ConsentMissing);
        };
        let recipient: &ClientId = &envelope.header.client;
        let question = ConsentQuestion {
            reference,
            purpose: &reference.purpose,
            data_categories: &reference.data_categories,
            recipient,
            recipient_dids: self.directory.dids(recipient).unwrap_or(&[]),
            envelope,
            at: context.now(),
        };
        check
            .check(&question)
            .map_err(|reason| Error::ConsentDenied {
                record: quote(&reference.record),
                reason: quote_long(&reason),
            })
    }
}

/// A reason from the application, cut to 512 characters.
fn quote_long(text: &str) -> String {
    match text.char_indices().nth(512) {
        None => text.to_owned(),
        Some((at, _)) => format!("{}…", &text[..at]),
    }
}

/// The response answers `request`: its kind, message id and digest, addresses, action and
/// correlation id (`exchange.response_unbound`).
fn check_binding(request: &VerifiedEnvelope, response: &Envelope) -> Result<()> {
    let unbound = |reason: &str| Error::ResponseUnbound {
        reason: reason.to_owned(),
    };
    let (q, r) = (request.header(), &response.header);
    if request.kind != Kind::Request {
        return Err(unbound("what it would answer is not a request"));
    }
    let Some(in_reply_to) = (response.kind == Kind::Response)
        .then_some(r.in_reply_to.as_ref())
        .flatten()
    else {
        return Err(unbound("it is not a response"));
    };
    if in_reply_to.message_id != q.message_id {
        return Err(unbound("it answers another message id"));
    }
    if in_reply_to.digest != request.digest() {
        return Err(unbound(
            "it names another request's digest (another or an altered request)",
        ));
    }
    if r.client != q.client || r.service != q.service {
        return Err(unbound("its client or service is not the request's"));
    }
    if r.action != q.action {
        return Err(unbound("its action is not the request's"));
    }
    if r.correlation_id != q.correlation_id {
        return Err(unbound("its correlation id is not the request's"));
    }
    Ok(())
}
