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

/// Writes a coded error type's codes once: one table makes its `code()`, its sorted list of
/// codes (`CODES`, checked sorted and distinct when the crate compiles) and, with an
/// `impl CodedError` section, its [`CodedError`] implementation, which takes position,
/// violations and proof location from the wrapped error by default (a block's
/// `Error::Core(govblocks_core::Error)` gets them from core without a match of its own). The
/// `impl CodedError` section holds overrides (may be empty); a type with no wrapped error and
/// no `CodedError` (a reason carried by an error) writes only `impl T { codes { … } }`.
///
/// * `wraps`: variants that wrap another coded error (core's, or a located one): their code,
///   position, violations and proof are the wrapped error's;
/// * `nested` (optional): variants whose code comes from a value with a code table of its own
///   (its `CODES` is pinned with this crate's: see [`assert_codes_pinned`]);
/// * `codes`: every other variant and its code, sorted by code.
///
/// The `match` it makes has no wildcard, so a new variant does not compile until it has a
/// code; the crate's `tests/error_codes.txt` then pins the list ([`assert_codes_pinned`]).
///
/// ```
/// #[derive(Debug, thiserror::Error)]
/// enum PaymentError {
///     #[error(transparent)]
///     Core(#[from] govblocks_core::Error),
///     #[error("the batch total is wrong")]
///     TotalMismatch,
/// }
///
/// govblocks_core::coded_error! {
///     impl PaymentError {
///         wraps { PaymentError::Core(e) => e }
///         codes { PaymentError::TotalMismatch => "payments.total_mismatch" }
///     }
///     impl CodedError {}
/// }
///
/// use govblocks_core::error::CodedError;
/// assert_eq!(PaymentError::CODES, ["payments.total_mismatch"]);
/// let core = PaymentError::from(govblocks_core::json::parse(b"[1,]").unwrap_err());
/// assert_eq!(core.code(), "json.syntax");
/// assert!(CodedError::position(&core).is_some());
/// ```
#[macro_export]
macro_rules! coded_error {
    (
        impl $ty:ty {
            wraps { $( $wpat:pat => $wexpr:expr ),* $(,)? }
            $( nested { $( $npat:pat => $nexpr:expr ),* $(,)? } )?
            codes { $( $pat:pat => $code:literal ),* $(,)? }
        }
        impl CodedError { $( $extra:item )* }
    ) => {
        impl $ty {
            /// Every code of this type's own variants, sorted (the codes of wrapped errors are
            /// their own type's `CODES`).
            pub const CODES: &'static [&'static str] = &[$( $code ),*];

            /// The stable, dotted, machine-readable code of this error.
            #[allow(unreachable_patterns)]
            pub fn code(&self) -> &'static str {
                match self {
                    $( $wpat => $crate::error::CodedError::code($wexpr), )*
                    $( $( $npat => $nexpr, )* )?
                    $( $pat => $code, )*
                }
            }
        }

        const _: () = assert!(
            $crate::error::codes_sorted(<$ty>::CODES),
            "the codes table must be sorted by code, each code once"
        );

        impl $crate::error::CodedError for $ty {
                fn code(&self) -> &'static str {
                    <$ty>::code(self)
                }
                #[allow(unreachable_patterns)]
                fn wrapped(&self) -> ::core::option::Option<&dyn $crate::error::CodedError> {
                    match self {
                        $( $wpat => ::core::option::Option::Some($wexpr as &dyn $crate::error::CodedError), )*
                        _ => ::core::option::Option::None,
                    }
                }
                $( $extra )*
            }
    };
    (
        impl $ty:ty {
            codes { $( $pat:pat => $code:literal ),* $(,)? }
        }
    ) => {
        impl $ty {
            /// Every code, sorted.
            pub const CODES: &'static [&'static str] = &[$( $code ),*];

            /// The stable, dotted, machine-readable code.
            pub fn code(&self) -> &'static str {
                match self {
                    $( $pat => $code, )*
                }
            }
        }

        const _: () = assert!(
            $crate::error::codes_sorted(<$ty>::CODES),
            "the codes table must be sorted by code, each code once"
        );
    };
}

/// Whether `codes` is sorted and has no code twice (a `const fn`, for [`coded_error!`]).
#[doc(hidden)]
pub const fn codes_sorted(codes: &[&str]) -> bool {
    let mut i = 1;
    while i < codes.len() {
        if !str_less(codes[i - 1], codes[i]) {
            return false;
        }
        i += 1;
    }
    true
}

/// `a < b`, byte-wise, in a `const fn`.
const fn str_less(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let mut i = 0;
    while i < a.len() && i < b.len() {
        if a[i] != b[i] {
            return a[i] < b[i];
        }
        i += 1;
    }
    a.len() < b.len()
}

/// The test every crate runs on its codes: `pinned` (the text of its `tests/error_codes.txt`,
/// one code a line) is exactly the union of `tables` (its types' `CODES`, each made by
/// [`coded_error!`] from the one match that gives every variant its code), sorted and
/// distinct; every code starts with one of `prefixes`; and a block's codes never collide with
/// core's (pass `core: true` only for core itself). Panics with the difference otherwise.
#[doc(hidden)]
#[allow(clippy::panic)]
pub fn assert_codes_pinned(pinned: &str, tables: &[&[&str]], prefixes: &[&str], core: bool) {
    let pinned: Vec<&str> = pinned.lines().filter(|l| !l.is_empty()).collect();
    let mut codes: Vec<&str> = tables.iter().flat_map(|t| t.iter().copied()).collect();
    codes.sort_unstable();
    let count = codes.len();
    codes.dedup();
    assert_eq!(count, codes.len(), "a code appears in two tables");
    let missing: Vec<&&str> = codes.iter().filter(|c| !pinned.contains(c)).collect();
    let unknown: Vec<&&str> = pinned.iter().filter(|c| !codes.contains(c)).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "the error codes changed: update tests/error_codes.txt in the same change, on purpose \
         (not pinned: {missing:?}; pinned but gone: {unknown:?})"
    );
    assert_eq!(
        pinned, codes,
        "tests/error_codes.txt must be sorted, one code a line"
    );
    for code in &codes {
        assert!(
            prefixes.iter().any(|p| code.starts_with(p)),
            "{code} does not start with one of {prefixes:?}"
        );
        assert!(
            code.contains('.')
                && code
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '_'),
            "{code} is not dotted lower case"
        );
        if !core {
            assert!(!CODES.contains(code), "{code} is also a core code");
        }
    }
}

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
    /// A digest that is not a 32-byte sha2-256 multihash.
    #[error("invalid digest in {what}: expected a sha2-256 multihash")]
    DigestInvalid {
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
    /// A key of another type than the one asked for: a Multikey whose multicodec header is not
    /// the expected one (Ed25519: 0xed01 public, 0x8026 secret; X25519: 0xec01 public, 0x8226
    /// secret), or a JWK of the other curve (an X25519 JWK where an Ed25519 key is expected, or
    /// the other way round).
    #[error("unsupported key type: {header}")]
    KeyTypeUnsupported {
        /// What was found: `multicodec header <hex>`, or `JWK crv "<crv>"`.
        header: String,
    },
    /// A small-order ("weak") public key: an Ed25519 key with which anyone can forge
    /// signatures, or an X25519 key whose shared secret is known to everyone (all zero).
    #[error("weak (small-order) public key refused")]
    KeyWeak,
    /// A public and a secret key that do not belong together.
    #[error("the public key does not match the secret key")]
    KeyMismatch,
    /// A JWK that is not an Ed25519 or X25519 OKP key (RFC 8037) or is malformed.
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
    /// A JWS without a `kid` given to a verifier that must find the key by it (verify it
    /// against a key you name with [`crate::jws::verify`] instead).
    #[error("JWS header has no kid to find the signer's key by")]
    JwsKidMissing,
    /// The JWS signature does not verify.
    #[error("JWS signature does not verify")]
    JwsSignatureInvalid,

    // ---- JWE -----------------------------------------------------------------------------------
    /// A JWE that does not have the compact five-part shape, or a part or header member of the
    /// wrong shape or size.
    #[error("malformed JWE: {reason}")]
    JweMalformed {
        /// Why.
        reason: String,
    },
    /// Any `alg` other than `ECDH-ES` (`dir`, `RSA1_5`, `RSA-OAEP`, `ECDH-ES+A256KW`, `none`, …).
    #[error("JWE algorithm {alg:?} is not allowed (only ECDH-ES)")]
    JweAlgorithmUnsupported {
        /// The `alg` found.
        alg: String,
    },
    /// Any `enc` other than `A256GCM` (`A128CBC-HS256`, `A128GCM`, …), or compressed content
    /// (`zip`).
    #[error("JWE content encryption {enc:?} is not allowed (only A256GCM, uncompressed)")]
    JweEncryptionUnsupported {
        /// The `enc` found (or the `zip` value).
        enc: String,
    },
    /// A `crit` header: no JWE extension is understood here, so any is refused.
    #[error("unsupported critical JWE header {name:?}")]
    JweCriticalUnsupported {
        /// The first name listed (or the value, when it is not a list of names).
        name: String,
    },
    /// The content does not decrypt: the wrong recipient key, or a changed header, IV,
    /// ciphertext or tag. One error for all of them, so that nothing tells which.
    #[error("JWE does not decrypt (wrong key, or the message was changed)")]
    JweDecryptionFailed,

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

    // ---- where it happened -------------------------------------------------------------------
    /// An error of one proof of a proof set: which proof (its index in the set, and its `id`),
    /// and what is wrong with it. [`Error::code`] is the code of `source`.
    #[error("proof {index}{}: {source}", id.as_deref().map(|id| format!(" ({id})")).unwrap_or_default())]
    InProof {
        /// Index of the proof in the document's proof set (0 for a single proof object).
        index: usize,
        /// The proof's `id`, if it has one.
        id: Option<String>,
        /// What is wrong with it.
        source: Box<Error>,
    },
    /// A `json.*` error found in the protected header of a JWS: [`Error::code`] and
    /// [`Error::position`] (a JSON Pointer into the header) are those of `source`; the message
    /// says that it is the header, not the payload or a document, that is not strict JSON.
    #[error("JWS header: {source}")]
    InJwsHeader {
        /// The strict parser's error.
        source: Box<Error>,
    },
    /// A `json.*` error found in the protected header of a JWE: [`Error::code`] and
    /// [`Error::position`] are those of `source`, as for [`Error::InJwsHeader`].
    #[error("JWE header: {source}")]
    InJweHeader {
        /// The strict parser's error.
        source: Box<Error>,
    },

    // ---- typed documents ---------------------------------------------------------------------
    /// A document that passed its schema but does not fit the block's typed shape (a defect of
    /// the schema or the type, or a rule the schema cannot express).
    #[error("document does not fit its type: {reason}")]
    DocumentInvalid {
        /// Why.
        reason: String,
    },
    // ---- signer rules (`document::Context`) ----------------------------------------------------
    /// A document without the proof its rules require: by this controller (or role), for this
    /// purpose.
    #[error("no {purpose} proof by {expected}")]
    SignerMissing {
        /// Who must have signed (a controller, or a role such as "a checker").
        expected: String,
        /// The proof purpose required.
        purpose: String,
    },
    /// A proof by a controller (or for a purpose) the document's rules do not allow.
    #[error("unexpected signer {signer:?} ({purpose} proof)")]
    SignerUnexpected {
        /// The controller of the proof.
        signer: String,
        /// Its proof purpose.
        purpose: String,
    },
    /// A controller who signed twice where each may sign once.
    #[error("{signer:?} signed more than once")]
    SignerRepeated {
        /// The controller.
        signer: String,
    },
    /// A maker and a checker who are the same controller: four eyes need two people.
    #[error("the checker {signer:?} is the maker")]
    SignerNotDistinct {
        /// The controller who signed as both.
        signer: String,
    },
    /// A proof whose `expires` is not later than its `created`: nobody could ever verify it.
    #[error("proof expires ({expires}) is not later than created ({created})")]
    ProofExpiresBeforeCreated {
        /// `created`.
        created: String,
        /// `expires`.
        expires: String,
    },
}

impl Error {
    /// Where in the input a JSON error was found (path, line, column); `None` for other errors.
    pub fn position(&self) -> Option<&Position> {
        match self {
            Error::InProof { source, .. }
            | Error::InJwsHeader { source }
            | Error::InJweHeader { source } => source.position(),
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
}

impl Error {
    /// Every schema violation, for [`Error::SchemaInvalid`] (also inside [`Error::InProof`]).
    pub fn violations(&self) -> &[SchemaViolation] {
        match self {
            Error::SchemaInvalid { violations, .. } => violations,
            Error::InProof { source, .. }
            | Error::InJwsHeader { source }
            | Error::InJweHeader { source } => source.violations(),
            _ => &[],
        }
    }

    /// Which proof of a proof set failed, for an error found in one proof.
    pub fn proof(&self) -> Option<ProofLocation<'_>> {
        match self {
            Error::InProof { index, id, .. } => Some(ProofLocation {
                index: *index,
                id: id.as_deref(),
            }),
            _ => None,
        }
    }

    /// The error without the [`Error::InProof`] and [`Error::InJwsHeader`] wrappers, if any:
    /// what went wrong.
    pub fn reason(&self) -> &Error {
        match self {
            Error::InProof { source, .. }
            | Error::InJwsHeader { source }
            | Error::InJweHeader { source } => source.reason(),
            other => other,
        }
    }

    /// Attaches the location of the proof this error was found in.
    pub(crate) fn in_proof(self, index: usize, id: Option<&str>) -> Error {
        match self {
            already @ Error::InProof { .. } => already,
            other => Error::InProof {
                index,
                id: id.map(str::to_string),
                source: Box::new(other),
            },
        }
    }
}

/// Which proof of a proof set an error was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProofLocation<'a> {
    /// The proof's index in the set (0 for a single proof object).
    pub index: usize,
    /// The proof's `id`, if it has one.
    pub id: Option<&'a str>,
}

/// An error with a stable, dotted, machine-readable code: implemented by [`Error`] and by the
/// error type of every govblocks block, so that one function ([`error_object`]) renders any of
/// them as the `core/v1/error.json` object, for the CLI and for any service built on the crates.
///
/// A block's error wraps core's (`Error::Core(govblocks_core::Error)`) and names it in
/// [`CodedError::wrapped`]; position, violations and proof location then come from core by
/// default. [`coded_error!`] writes the whole implementation from one table of codes.
pub trait CodedError: std::error::Error {
    /// The stable code (`json.duplicate_key`, `credential.revoked`, …).
    fn code(&self) -> &'static str;
    /// The coded error this one wraps, if it is a wrapper (core's error inside a block's, an
    /// error located in one proof or revision): its details are this error's details.
    fn wrapped(&self) -> Option<&dyn CodedError> {
        None
    }
    /// Where in the input, for errors found while parsing. Default: the wrapped error's.
    fn position(&self) -> Option<&Position> {
        self.wrapped().and_then(CodedError::position)
    }
    /// Every schema violation, for `schema.invalid`. Default: the wrapped error's.
    fn violations(&self) -> &[SchemaViolation] {
        self.wrapped().map_or(&[], CodedError::violations)
    }
    /// Which proof of a proof set failed, for errors found in one proof. Default: the wrapped
    /// error's.
    fn proof(&self) -> Option<ProofLocation<'_>> {
        self.wrapped().and_then(CodedError::proof)
    }
}

coded_error! {
    impl Error {
        wraps {
            Error::InProof { source, .. } => source.as_ref(),
            Error::InJwsHeader { source } => source.as_ref(),
            Error::InJweHeader { source } => source.as_ref(),
        }
        codes {
            Error::DidInvalid { .. } => "did.invalid",
            Error::DidMethodUnsupported { .. } => "did.method_unsupported",
            Error::DocumentInvalid { .. } => "document.invalid",
            Error::DocumentNotObject => "document.not_object",
            Error::Base58Invalid { .. } => "encoding.base58_invalid",
            Error::Base64Invalid { .. } => "encoding.base64_invalid",
            Error::DigestInvalid { .. } => "encoding.digest_invalid",
            Error::MultibaseUnsupported { .. } => "encoding.multibase_unsupported",
            Error::JsonArrayTooLong { .. } => "json.array_too_long",
            Error::JsonDuplicateKey { .. } => "json.duplicate_key",
            Error::JsonInvalidUtf8 { .. } => "json.invalid_utf8",
            Error::JsonLoneSurrogate { .. } => "json.lone_surrogate",
            Error::JsonNonFiniteNumber { .. } => "json.non_finite_number",
            Error::JsonNumberInexact { .. } => "json.number_inexact",
            Error::JsonNumberOutOfRange { .. } => "json.number_out_of_range",
            Error::JsonStringTooLong { .. } => "json.string_too_long",
            Error::JsonSyntax { .. } => "json.syntax",
            Error::JsonTooDeep { .. } => "json.too_deep",
            Error::JsonTooLarge { .. } => "json.too_large",
            Error::JsonTooManyMembers { .. } => "json.too_many_members",
            Error::JsonTrailingCharacters { .. } => "json.trailing_characters",
            Error::JweAlgorithmUnsupported { .. } => "jwe.algorithm_unsupported",
            Error::JweCriticalUnsupported { .. } => "jwe.crit_unsupported",
            Error::JweDecryptionFailed => "jwe.decryption_failed",
            Error::JweEncryptionUnsupported { .. } => "jwe.encryption_unsupported",
            Error::JweMalformed { .. } => "jwe.malformed",
            Error::JwsAlgorithmUnsupported { .. } => "jws.algorithm_unsupported",
            Error::JwsCriticalUnsupported { .. } => "jws.crit_unsupported",
            Error::JwsKidMissing => "jws.kid_missing",
            Error::JwsMalformed { .. } => "jws.malformed",
            Error::JwsPayload { .. } => "jws.payload",
            Error::JwsSignatureInvalid => "jws.signature_invalid",
            Error::KeyInvalid { .. } => "key.invalid",
            Error::JwkInvalid { .. } => "key.jwk_invalid",
            Error::KeyMismatch => "key.mismatch",
            Error::KeyTypeUnsupported { .. } => "key.type_unsupported",
            Error::KeyUnresolvable { .. } => "key.unresolvable",
            Error::KeyWeak => "key.weak",
            Error::ProofChallengeMismatch => "proof.challenge_mismatch",
            Error::ProofContextMismatch { .. } => "proof.context_mismatch",
            Error::ProofControllerMismatch { .. } => "proof.controller_mismatch",
            Error::CryptosuiteUnsupported { .. } => "proof.cryptosuite_unsupported",
            Error::ProofDomainMismatch => "proof.domain_mismatch",
            Error::ProofDuplicate { .. } => "proof.duplicate",
            Error::ProofExpired { .. } => "proof.expired",
            Error::ProofExpiresBeforeCreated { .. } => "proof.expires_before_created",
            Error::ProofMalformed { .. } => "proof.malformed",
            Error::ProofMissing => "proof.missing",
            Error::ProofNotYetValid { .. } => "proof.not_yet_valid",
            Error::PreviousProofMissing { .. } => "proof.previous_proof_missing",
            Error::ProofPurposeMismatch { .. } => "proof.purpose_mismatch",
            Error::ProofPurposeNotAuthorized { .. } => "proof.purpose_not_authorized",
            Error::SignatureInvalid => "proof.signature_invalid",
            Error::ProofSetTooLarge { .. } => "proof.too_many",
            Error::ProofTypeUnsupported { .. } => "proof.type_unsupported",
            Error::ProofValueInvalid { .. } => "proof.value_invalid",
            Error::SchemaCompile { .. } => "schema.compile",
            Error::SchemaInvalid { .. } => "schema.invalid",
            Error::SchemaUnknown { .. } => "schema.unknown",
            Error::SignerFailed { .. } => "signer.failed",
            Error::SignerMissing { .. } => "signer.missing",
            Error::SignerNotDistinct { .. } => "signer.not_distinct",
            Error::SignerRepeated { .. } => "signer.repeated",
            Error::SignerUnexpected { .. } => "signer.unexpected",
            Error::DateTimeInvalid { .. } => "time.invalid",
            Error::DateTimeOutOfRange { .. } => "time.out_of_range",
            Error::Untrusted { .. } => "trust.untrusted",
        }
    }
    impl CodedError {
        fn position(&self) -> Option<&Position> {
            Error::position(self)
        }
        fn violations(&self) -> &[SchemaViolation] {
            Error::violations(self)
        }
        fn proof(&self) -> Option<ProofLocation<'_>> {
            Error::proof(self)
        }
    }
}

/// The `core/v1/error.json` object for `error`: `{"error":{"code","message",…}}` with `path`
/// (a JSON Pointer, for errors at a known place other than the root), `proof` (`index`, and
/// `id` when the proof has one) and `violations` (for `schema.invalid`) when they apply.
///
/// ```
/// let e = govblocks_core::json::parse(br#"{"a":1,"a":2}"#).unwrap_err();
/// let object = govblocks_core::error::error_object(&e);
/// assert_eq!(object["error"]["code"], "json.duplicate_key");
/// govblocks_core::schema::SchemaRegistry::builtin()
///     .validate(govblocks_core::schema::ids::ERROR, &object)
///     .unwrap();
/// ```
pub fn error_object(error: &dyn CodedError) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    let mut object = Map::new();
    object.insert("code".into(), error.code().into());
    let mut message = error.to_string();
    if message.is_empty() {
        message = error.code().to_string();
    }
    object.insert("message".into(), message.into());
    if let Some(position) = error.position().filter(|p| !p.path.is_empty()) {
        object.insert("path".into(), position.path.clone().into());
    }
    if let Some(proof) = error.proof() {
        let mut location = Map::new();
        location.insert("index".into(), proof.index.into());
        if let Some(id) = proof.id {
            location.insert("id".into(), id.into());
        }
        object.insert("proof".into(), Value::Object(location));
    }
    let violations = error.violations();
    if !violations.is_empty() {
        let list = violations
            .iter()
            .map(|v| {
                json!({
                    "instancePath": v.instance_path,
                    "schemaPath": v.schema_path,
                    "message": v.message,
                })
            })
            .collect();
        object.insert("violations".into(), Value::Array(list));
    }
    json!({ "error": object })
}

/// Every code [`Error::code`] can return, sorted: [`Error::CODES`], written once, in the
/// table that also makes [`Error::code`]. The contract with other languages:
/// `tests/error_codes.txt` pins this list, so any change is a visible diff.
pub const CODES: &[&str] = Error::CODES;

/// Untrusted text quoted in an error message, cut to `max` bytes (at a character boundary, with
/// an ellipsis) so that hostile input cannot make messages and logs arbitrarily large. Every
/// block quotes untrusted text through this one function.
///
/// ```
/// assert_eq!(govblocks_core::error::clip("ééé", 3), "é…");
/// ```
pub fn clip(text: &str, max: usize) -> String {
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

    /// One of each variant. The match in `witness` has no wildcard, so a new variant does not
    /// compile until it is added here, and then its code must be in [`CODES`].
    fn one_of_each() -> Vec<Error> {
        let p = Position::default;
        let s = String::new;
        let all = vec![
            Error::JsonSyntax {
                message: s(),
                position: p(),
            },
            Error::JsonTrailingCharacters { position: p() },
            Error::JsonNonFiniteNumber { position: p() },
            Error::JsonNumberOutOfRange { position: p() },
            Error::JsonNumberInexact { position: p() },
            Error::JsonDuplicateKey {
                key: s(),
                position: p(),
            },
            Error::JsonLoneSurrogate { position: p() },
            Error::JsonTooLarge { size: 2, limit: 1 },
            Error::JsonTooDeep {
                limit: 1,
                position: p(),
            },
            Error::JsonArrayTooLong {
                limit: 1,
                position: p(),
            },
            Error::JsonTooManyMembers {
                limit: 1,
                position: p(),
            },
            Error::JsonStringTooLong {
                limit: 1,
                position: p(),
            },
            Error::JsonInvalidUtf8 { position: p() },
            Error::MultibaseUnsupported { what: "x" },
            Error::Base58Invalid { what: "x" },
            Error::DigestInvalid { what: "x" },
            Error::Base64Invalid { what: "x" },
            Error::KeyInvalid { reason: s() },
            Error::KeyTypeUnsupported { header: s() },
            Error::KeyWeak,
            Error::KeyMismatch,
            Error::JwkInvalid { reason: s() },
            Error::DidInvalid {
                did: s(),
                reason: s(),
            },
            Error::DidMethodUnsupported { did: s() },
            Error::KeyUnresolvable { id: s() },
            Error::Untrusted {
                controller: s(),
                purpose: s(),
            },
            Error::SignerFailed { reason: s() },
            Error::SignerMissing {
                expected: s(),
                purpose: s(),
            },
            Error::SignerUnexpected {
                signer: s(),
                purpose: s(),
            },
            Error::SignerRepeated { signer: s() },
            Error::SignerNotDistinct { signer: s() },
            Error::ProofMissing,
            Error::ProofMalformed { reason: s() },
            Error::ProofTypeUnsupported { found: s() },
            Error::CryptosuiteUnsupported { found: s() },
            Error::ProofValueInvalid { reason: s() },
            Error::SignatureInvalid,
            Error::ProofPurposeMismatch {
                expected: s(),
                found: s(),
            },
            Error::ProofPurposeNotAuthorized {
                purpose: s(),
                verification_method: s(),
            },
            Error::ProofControllerMismatch {
                expected: s(),
                verification_method: s(),
            },
            Error::ProofChallengeMismatch,
            Error::ProofDomainMismatch,
            Error::ProofContextMismatch { reason: "x" },
            Error::ProofExpired { expires: s() },
            Error::ProofNotYetValid { created: s() },
            Error::ProofSetTooLarge { count: 2, limit: 1 },
            Error::ProofDuplicate {
                first: 0,
                second: 1,
            },
            Error::PreviousProofMissing { id: s() },
            Error::DateTimeInvalid {
                what: "x",
                value: s(),
            },
            Error::DateTimeOutOfRange { what: "x" },
            Error::DocumentNotObject,
            Error::JwsMalformed { reason: s() },
            Error::JwsAlgorithmUnsupported { alg: s() },
            Error::JwsCriticalUnsupported { name: s() },
            Error::JwsPayload { reason: s() },
            Error::JwsKidMissing,
            Error::JwsSignatureInvalid,
            Error::JweMalformed { reason: s() },
            Error::JweAlgorithmUnsupported { alg: s() },
            Error::JweEncryptionUnsupported { enc: s() },
            Error::JweCriticalUnsupported { name: s() },
            Error::JweDecryptionFailed,
            Error::SchemaUnknown { id: s() },
            Error::SchemaCompile {
                id: s(),
                reason: s(),
            },
            Error::SchemaInvalid {
                schema: s(),
                violations: Vec::new(),
            },
            Error::DocumentInvalid { reason: s() },
            Error::ProofExpiresBeforeCreated {
                created: s(),
                expires: s(),
            },
        ];
        fn witness(e: &Error) {
            match e {
                Error::JsonSyntax { .. }
                | Error::JsonTrailingCharacters { .. }
                | Error::JsonNonFiniteNumber { .. }
                | Error::JsonNumberOutOfRange { .. }
                | Error::JsonNumberInexact { .. }
                | Error::JsonDuplicateKey { .. }
                | Error::JsonLoneSurrogate { .. }
                | Error::JsonTooLarge { .. }
                | Error::JsonTooDeep { .. }
                | Error::JsonArrayTooLong { .. }
                | Error::JsonTooManyMembers { .. }
                | Error::JsonStringTooLong { .. }
                | Error::JsonInvalidUtf8 { .. }
                | Error::MultibaseUnsupported { .. }
                | Error::Base58Invalid { .. }
                | Error::DigestInvalid { .. }
                | Error::Base64Invalid { .. }
                | Error::KeyInvalid { .. }
                | Error::KeyTypeUnsupported { .. }
                | Error::KeyWeak
                | Error::KeyMismatch
                | Error::JwkInvalid { .. }
                | Error::DidInvalid { .. }
                | Error::DidMethodUnsupported { .. }
                | Error::KeyUnresolvable { .. }
                | Error::Untrusted { .. }
                | Error::SignerFailed { .. }
                | Error::SignerMissing { .. }
                | Error::SignerUnexpected { .. }
                | Error::SignerRepeated { .. }
                | Error::SignerNotDistinct { .. }
                | Error::ProofMissing
                | Error::ProofMalformed { .. }
                | Error::ProofTypeUnsupported { .. }
                | Error::CryptosuiteUnsupported { .. }
                | Error::ProofValueInvalid { .. }
                | Error::SignatureInvalid
                | Error::ProofPurposeMismatch { .. }
                | Error::ProofPurposeNotAuthorized { .. }
                | Error::ProofControllerMismatch { .. }
                | Error::ProofChallengeMismatch
                | Error::ProofDomainMismatch
                | Error::ProofContextMismatch { .. }
                | Error::ProofExpired { .. }
                | Error::ProofNotYetValid { .. }
                | Error::ProofSetTooLarge { .. }
                | Error::ProofDuplicate { .. }
                | Error::PreviousProofMissing { .. }
                | Error::DateTimeInvalid { .. }
                | Error::DateTimeOutOfRange { .. }
                | Error::DocumentNotObject
                | Error::JwsMalformed { .. }
                | Error::JwsAlgorithmUnsupported { .. }
                | Error::JwsCriticalUnsupported { .. }
                | Error::JwsPayload { .. }
                | Error::JwsKidMissing
                | Error::JwsSignatureInvalid
                | Error::JweMalformed { .. }
                | Error::JweAlgorithmUnsupported { .. }
                | Error::JweEncryptionUnsupported { .. }
                | Error::JweCriticalUnsupported { .. }
                | Error::JweDecryptionFailed
                | Error::SchemaUnknown { .. }
                | Error::SchemaCompile { .. }
                | Error::SchemaInvalid { .. }
                | Error::DocumentInvalid { .. }
                | Error::ProofExpiresBeforeCreated { .. }
                // Wrappers: their code is their source's.
                | Error::InProof { .. }
                | Error::InJwsHeader { .. }
                | Error::InJweHeader { .. } => {}
            }
        }
        all.iter().for_each(witness);
        all
    }

    #[test]
    fn codes_lists_every_code_once() {
        let mut seen: Vec<&str> = one_of_each().iter().map(Error::code).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen, CODES, "CODES and the variants disagree");
        let mut sorted = CODES.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, CODES, "CODES must stay sorted");
    }

    #[test]
    fn in_proof_keeps_the_code_and_names_the_proof() {
        let e = Error::SignatureInvalid.in_proof(2, Some("urn:p"));
        assert_eq!(e.code(), "proof.signature_invalid");
        assert_eq!(e.to_string(), "proof 2 (urn:p): signature does not verify");
        let object = error_object(&e);
        assert_eq!(
            object["error"]["proof"],
            serde_json::json!({"index": 2, "id": "urn:p"})
        );
        // Wrapping twice keeps the innermost location.
        assert_eq!(e.in_proof(0, None).proof().unwrap().index, 2);
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
