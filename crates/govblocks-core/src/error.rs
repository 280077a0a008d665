//! The one error type of `govblocks-core`.
//!
//! Every variant has a stable, dotted, machine-readable [`Error::code`] (for example
//! `json.duplicate_key` or `proof.signature_invalid`). Codes are a contract: the CLI prints them,
//! services in other languages match on them, and they never change meaning once released. The
//! human-readable message ([`std::fmt::Display`]) may be improved at any time.
//!
//! New variants may be added in minor releases (the enum is `#[non_exhaustive]`), so match on
//! [`Error::code`] or keep a wildcard arm.

use std::fmt;

/// Where in a JSON document something went wrong: a JSON Pointer-like path (`/proof/0/type`)
/// when the parser knows it, and the line and column of the input when it does not.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Position {
    /// JSON path of the offending value, as a JSON Pointer (RFC 6901); empty for the root.
    pub path: String,
    /// 1-based line of the input, 0 when unknown.
    pub line: usize,
    /// 1-based column of the input, 0 when unknown.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "/"
        } else {
            &self.path
        };
        if self.line > 0 {
            write!(f, "at {path} (line {}, column {})", self.line, self.column)
        } else {
            write!(f, "at {path}")
        }
    }
}

/// One schema violation: where in the instance, which keyword of the schema, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaViolation {
    /// JSON Pointer into the validated document.
    pub instance_path: String,
    /// JSON Pointer into the schema (the keyword that failed).
    pub schema_path: String,
    /// Human-readable reason.
    pub message: String,
}

/// Everything that can go wrong in `govblocks-core`. See [`Error::code`] for the stable codes.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ---- strict JSON -------------------------------------------------------------------------
    /// The input is not well-formed JSON.
    #[error("malformed JSON {position}: {message}")]
    JsonSyntax {
        /// What the parser expected.
        message: String,
        /// Where.
        position: Position,
    },
    /// Something other than white space follows the JSON value.
    #[error("trailing characters after the JSON value {position}")]
    JsonTrailingCharacters {
        /// Where the trailing characters start.
        position: Position,
    },
    /// `NaN`, `Infinity` or `-Infinity` where a number was expected (JSON has no such numbers).
    #[error("non-finite number token {position}")]
    JsonNonFiniteNumber {
        /// Where.
        position: Position,
    },
    /// A number too large for an IEEE double (for example `1e400`), or a non-zero number too
    /// small for one (`1e-400`, which would silently become zero).
    #[error("number out of range {position}")]
    JsonNumberOutOfRange {
        /// Where.
        position: Position,
    },
    /// An integer beyond ±(2^53 − 1): RFC 8785 signs it as the nearest double, so the value
    /// read would not be the value signed (I-JSON, RFC 7493 §2.2). Send such numbers as strings.
    #[error("integer beyond ±(2^53 − 1) cannot be signed exactly {position}")]
    JsonNumberInexact {
        /// Where.
        position: Position,
    },
    /// The same member name twice in one object.
    #[error("duplicate object key {key:?} {position}")]
    JsonDuplicateKey {
        /// The repeated member name.
        key: String,
        /// The object that holds it.
        position: Position,
    },
    /// A `\uD800`–`\uDFFF` escape that is not part of a surrogate pair.
    #[error("lone surrogate in string escape {position}")]
    JsonLoneSurrogate {
        /// Where.
        position: Position,
    },
    /// The input is larger than [`crate::json::Limits::max_bytes`].
    #[error("input of {size} bytes exceeds the limit of {limit} bytes")]
    JsonTooLarge {
        /// Input size in bytes.
        size: usize,
        /// The configured limit.
        limit: usize,
    },
    /// Arrays and objects nest deeper than [`crate::json::Limits::max_depth`].
    #[error("nesting deeper than {limit} levels {position}")]
    JsonTooDeep {
        /// The configured limit.
        limit: usize,
        /// Where the limit was crossed.
        position: Position,
    },
    /// An array longer than [`crate::json::Limits::max_array_len`].
    #[error("array longer than {limit} elements {position}")]
    JsonArrayTooLong {
        /// The configured limit.
        limit: usize,
        /// Where.
        position: Position,
    },
    /// An object with more members than [`crate::json::Limits::max_object_members`].
    #[error("object with more than {limit} members {position}")]
    JsonTooManyMembers {
        /// The configured limit.
        limit: usize,
        /// Where.
        position: Position,
    },
    /// A string (or member name) longer than [`crate::json::Limits::max_string_bytes`].
    #[error("string longer than {limit} bytes {position}")]
    JsonStringTooLong {
        /// The configured limit.
        limit: usize,
        /// Where.
        position: Position,
    },
    /// The input is not UTF-8.
    #[error("input is not valid UTF-8 {position}")]
    JsonInvalidUtf8 {
        /// Where.
        position: Position,
    },

    // ---- encodings ---------------------------------------------------------------------------
    /// A multibase string does not use the one base this project accepts (base58btc, `z`).
    #[error("unsupported multibase prefix in {what}: only base58btc ('z') is accepted")]
    MultibaseUnsupported {
        /// Which field.
        what: &'static str,
    },
    /// Not valid (or not canonical) base58btc.
    #[error("invalid base58btc in {what}")]
    Base58Invalid {
        /// Which field.
        what: &'static str,
    },
    /// Not valid canonical unpadded base64url.
    #[error("invalid base64url in {what}")]
    Base64Invalid {
        /// Which field.
        what: &'static str,
    },

    // ---- keys and identifiers ----------------------------------------------------------------
    /// Key material of the wrong length or otherwise unusable.
    #[error("invalid key: {reason}")]
    KeyInvalid {
        /// Why.
        reason: String,
    },
    /// A Multikey whose multicodec header is not Ed25519 (0xed01 public, 0x8026 secret).
    #[error("unsupported key type: multicodec header {header}")]
    KeyTypeUnsupported {
        /// The header found, in hex.
        header: String,
    },
    /// A small-order ("weak") Ed25519 public key; such keys let anyone forge signatures.
    #[error("weak (small-order) Ed25519 public key refused")]
    KeyWeak,
    /// A public and a secret key that do not belong together.
    #[error("the public key does not match the secret key")]
    KeyMismatch,
    /// A JWK that is not an Ed25519 OKP key (RFC 8037) or is malformed.
    #[error("invalid JWK: {reason}")]
    JwkInvalid {
        /// Why.
        reason: String,
    },
    /// A malformed DID or DID URL.
    #[error("invalid DID {did:?}: {reason}")]
    DidInvalid {
        /// The DID as given.
        did: String,
        /// Why.
        reason: String,
    },
    /// A DID method no resolver here understands.
    #[error("unsupported DID method in {did:?}")]
    DidMethodUnsupported {
        /// The DID as given.
        did: String,
    },
    /// A verification method that no resolver could turn into a key.
    #[error("cannot resolve verification method {id:?}")]
    KeyUnresolvable {
        /// The verification method id.
        id: String,
    },
    /// The key's controller is not on the trust list (or not trusted for this purpose).
    #[error("controller {controller:?} is not trusted for {purpose}")]
    Untrusted {
        /// The controller of the signing key.
        controller: String,
        /// The proof purpose that was asked for.
        purpose: String,
    },
    /// An external signer (HSM, KMS) failed.
    #[error("signer failed: {reason}")]
    SignerFailed {
        /// Why.
        reason: String,
    },

    // ---- Data Integrity proofs ---------------------------------------------------------------
    /// The document carries no `proof`.
    #[error("document has no proof")]
    ProofMissing,
    /// A `proof` that is not a well-formed Data Integrity proof.
    #[error("malformed proof: {reason}")]
    ProofMalformed {
        /// Why.
        reason: String,
    },
    /// A proof `type` other than `DataIntegrityProof`.
    #[error("unsupported proof type {found:?}")]
    ProofTypeUnsupported {
        /// The type found.
        found: String,
    },
    /// A cryptosuite not on the allow-list (only `eddsa-jcs-2022`).
    #[error("unsupported cryptosuite {found:?}")]
    CryptosuiteUnsupported {
        /// The cryptosuite found.
        found: String,
    },
    /// `proofValue` is not a base58btc multibase 64-byte signature.
    #[error("invalid proofValue: {reason}")]
    ProofValueInvalid {
        /// Why.
        reason: String,
    },
    /// The signature does not verify over this document and proof configuration.
    #[error("signature does not verify")]
    SignatureInvalid,
    /// The proof's `proofPurpose` is not the one the verifier expects.
    #[error("proof purpose {found:?} does not match the expected {expected:?}")]
    ProofPurposeMismatch {
        /// What the verifier expected.
        expected: String,
        /// What the proof says.
        found: String,
    },
    /// The key's controller does not authorise it for the proof's purpose (the verification
    /// method is not listed under that verification relationship).
    #[error("verification method {verification_method:?} is not authorised for {purpose}")]
    ProofPurposeNotAuthorized {
        /// The proof purpose.
        purpose: String,
        /// The verification method of the proof.
        verification_method: String,
    },
    /// The proof's key is not controlled by the party the verifier expected.
    #[error("verification method {verification_method:?} is not controlled by {expected:?}")]
    ProofControllerMismatch {
        /// The expected controller.
        expected: String,
        /// The verification method of the proof.
        verification_method: String,
    },
    /// The proof `challenge` is missing or differs from the expected one.
    #[error("proof challenge does not match")]
    ProofChallengeMismatch,
    /// The proof `domain` is missing or differs from the expected one.
    #[error("proof domain does not match")]
    ProofDomainMismatch,
    /// The document's `@context` is not the one the proof signed.
    #[error("proof @context does not match the document @context: {reason}")]
    ProofContextMismatch {
        /// How they differ.
        reason: &'static str,
    },
    /// The proof is past its `expires` time.
    #[error("proof expired at {expires}")]
    ProofExpired {
        /// The `expires` value.
        expires: String,
    },
    /// The proof's `created` time is in the future (beyond the allowed clock skew).
    #[error("proof created in the future ({created})")]
    ProofNotYetValid {
        /// The `created` value.
        created: String,
    },
    /// More proofs on one document than the verifier accepts
    /// ([`crate::proof::Verifier::with_max_proofs`]).
    #[error("document carries {count} proofs, more than the {limit} accepted")]
    ProofSetTooLarge {
        /// How many proofs the document has.
        count: usize,
        /// The verifier's limit.
        limit: usize,
    },
    /// Two proofs of one document are the same signature, or the same key signing the same
    /// content twice: counted twice, they would fake a second signer.
    #[error("proofs {first} and {second} are the same signature or the same key signing the same content")]
    ProofDuplicate {
        /// Index of the earlier proof in the proof set.
        first: usize,
        /// Index of the later proof.
        second: usize,
    },
    /// A `previousProof` names a proof id that is not in the proof set.
    #[error("previousProof {id:?} not found in the proof set")]
    PreviousProofMissing {
        /// The missing id.
        id: String,
    },
    /// A date-time that is not RFC 3339 / XML Schema `dateTimeStamp`.
    #[error("invalid date-time {value:?} in {what}")]
    DateTimeInvalid {
        /// Which field.
        what: &'static str,
        /// The value found.
        value: String,
    },
    /// A date-time that cannot be written as a `dateTimeStamp` (its year falls outside
    /// 1–9999), or arithmetic on one that would leave that range.
    #[error("{what} is outside the years 1 to 9999")]
    DateTimeOutOfRange {
        /// Which field or operation.
        what: &'static str,
    },
    /// A document that is not a JSON object where one is required.
    #[error("document must be a JSON object")]
    DocumentNotObject,

    // ---- JWS -----------------------------------------------------------------------------------
    /// A JWS that does not have the compact `header.payload.signature` shape or a bad header.
    #[error("malformed JWS: {reason}")]
    JwsMalformed {
        /// Why.
        reason: String,
    },
    /// Any `alg` other than `EdDSA` (including `none`).
    #[error("JWS algorithm {alg:?} is not allowed (only EdDSA)")]
    JwsAlgorithmUnsupported {
        /// The `alg` found.
        alg: String,
    },
    /// A `crit` header entry this implementation does not understand.
    #[error("unsupported critical JWS header {name:?}")]
    JwsCriticalUnsupported {
        /// The unknown critical header.
        name: String,
    },
    /// A detached JWS given without its payload (or an attached one given a second payload).
    #[error("JWS payload {reason}")]
    JwsPayload {
        /// What is wrong with the payload.
        reason: String,
    },
    /// The JWS signature does not verify.
    #[error("JWS signature does not verify")]
    JwsSignatureInvalid,

    // ---- JSON Schema -------------------------------------------------------------------------
    /// No embedded schema has this `$id`.
    #[error("unknown schema {id:?}")]
    SchemaUnknown {
        /// The id asked for.
        id: String,
    },
    /// An embedded schema failed to compile (a bug in the schema, caught by the tests).
    #[error("schema {id:?} does not compile: {reason}")]
    SchemaCompile {
        /// The schema id.
        id: String,
        /// Why.
        reason: String,
    },
    /// The document does not conform to the schema; every violation is listed.
    #[error("document does not conform to schema {schema:?} ({} violation(s), first: {})",
        violations.len(),
        violations.first().map(|v| format!("{} {}", v.instance_path, v.message)).unwrap_or_default())]
    SchemaInvalid {
        /// The schema id.
        schema: String,
        /// Every violation, with its instance path.
        violations: Vec<SchemaViolation>,
    },

    // ---- I/O (CLI and storage helpers) -------------------------------------------------------
    /// Reading or writing failed.
    #[error("I/O error: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    /// Where in the input a JSON error was found (path, line, column); `None` for other errors.
    pub fn position(&self) -> Option<&Position> {
        match self {
            Error::JsonSyntax { position, .. }
            | Error::JsonTrailingCharacters { position }
            | Error::JsonNonFiniteNumber { position }
            | Error::JsonNumberOutOfRange { position }
            | Error::JsonNumberInexact { position }
            | Error::JsonDuplicateKey { position, .. }
            | Error::JsonLoneSurrogate { position }
            | Error::JsonTooDeep { position, .. }
            | Error::JsonArrayTooLong { position, .. }
            | Error::JsonTooManyMembers { position, .. }
            | Error::JsonStringTooLong { position, .. }
            | Error::JsonInvalidUtf8 { position } => Some(position),
            _ => None,
        }
    }

    /// The stable, dotted, machine-readable code of this error.
    pub fn code(&self) -> &'static str {
        match self {
            Error::JsonSyntax { .. } => "json.syntax",
            Error::JsonTrailingCharacters { .. } => "json.trailing_characters",
            Error::JsonNonFiniteNumber { .. } => "json.non_finite_number",
            Error::JsonNumberOutOfRange { .. } => "json.number_out_of_range",
            Error::JsonNumberInexact { .. } => "json.number_inexact",
            Error::JsonDuplicateKey { .. } => "json.duplicate_key",
            Error::JsonLoneSurrogate { .. } => "json.lone_surrogate",
            Error::JsonTooLarge { .. } => "json.too_large",
            Error::JsonTooDeep { .. } => "json.too_deep",
            Error::JsonArrayTooLong { .. } => "json.array_too_long",
            Error::JsonTooManyMembers { .. } => "json.too_many_members",
            Error::JsonStringTooLong { .. } => "json.string_too_long",
            Error::JsonInvalidUtf8 { .. } => "json.invalid_utf8",
            Error::MultibaseUnsupported { .. } => "encoding.multibase_unsupported",
            Error::Base58Invalid { .. } => "encoding.base58_invalid",
            Error::Base64Invalid { .. } => "encoding.base64_invalid",
            Error::KeyInvalid { .. } => "key.invalid",
            Error::KeyTypeUnsupported { .. } => "key.type_unsupported",
            Error::KeyWeak => "key.weak",
            Error::KeyMismatch => "key.mismatch",
            Error::JwkInvalid { .. } => "key.jwk_invalid",
            Error::DidInvalid { .. } => "did.invalid",
            Error::DidMethodUnsupported { .. } => "did.method_unsupported",
            Error::KeyUnresolvable { .. } => "key.unresolvable",
            Error::Untrusted { .. } => "trust.untrusted",
            Error::SignerFailed { .. } => "signer.failed",
            Error::ProofMissing => "proof.missing",
            Error::ProofMalformed { .. } => "proof.malformed",
            Error::ProofTypeUnsupported { .. } => "proof.type_unsupported",
            Error::CryptosuiteUnsupported { .. } => "proof.cryptosuite_unsupported",
            Error::ProofValueInvalid { .. } => "proof.value_invalid",
            Error::SignatureInvalid => "proof.signature_invalid",
            Error::ProofPurposeMismatch { .. } => "proof.purpose_mismatch",
            Error::ProofPurposeNotAuthorized { .. } => "proof.purpose_not_authorized",
            Error::ProofControllerMismatch { .. } => "proof.controller_mismatch",
            Error::ProofChallengeMismatch => "proof.challenge_mismatch",
            Error::ProofDomainMismatch => "proof.domain_mismatch",
            Error::ProofContextMismatch { .. } => "proof.context_mismatch",
            Error::ProofExpired { .. } => "proof.expired",
            Error::ProofNotYetValid { .. } => "proof.not_yet_valid",
            Error::ProofSetTooLarge { .. } => "proof.too_many",
            Error::ProofDuplicate { .. } => "proof.duplicate",
            Error::PreviousProofMissing { .. } => "proof.previous_proof_missing",
            Error::DateTimeInvalid { .. } => "time.invalid",
            Error::DateTimeOutOfRange { .. } => "time.out_of_range",
            Error::DocumentNotObject => "document.not_object",
            Error::JwsMalformed { .. } => "jws.malformed",
            Error::JwsAlgorithmUnsupported { .. } => "jws.algorithm_unsupported",
            Error::JwsCriticalUnsupported { .. } => "jws.crit_unsupported",
            Error::JwsPayload { .. } => "jws.payload",
            Error::JwsSignatureInvalid => "jws.signature_invalid",
            Error::SchemaUnknown { .. } => "schema.unknown",
            Error::SchemaCompile { .. } => "schema.compile",
            Error::SchemaInvalid { .. } => "schema.invalid",
            Error::Io(_) => "io.error",
        }
    }
}

/// Untrusted text quoted in an error message, cut to `max` bytes (at a character boundary, with
/// an ellipsis) so that hostile input cannot make messages and logs arbitrarily large.
pub(crate) fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_string();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clip_cuts_at_a_character_boundary() {
        assert_eq!(clip("short", 10), "short");
        assert_eq!(clip("ééé", 3), "é…");
        assert_eq!(clip(&"x".repeat(500), 4), "xxxx…");
    }

    #[test]
    fn codes_are_dotted_lowercase() {
        let samples = [
            Error::KeyWeak,
            Error::SignatureInvalid,
            Error::ProofMissing,
            Error::JsonTooLarge { size: 2, limit: 1 },
        ];
        for e in samples {
            let code = e.code();
            assert!(code.contains('.'), "{code}");
            assert!(code
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'));
        }
    }
}
