//! The one error type of `govblocks-identity`.
//!
//! Every variant has a stable dotted code ([`Error::code`]); core's errors keep their own codes
//! (`json.*`, `proof.*`, …). Render any of them with
//! [`govblocks_core::error::error_object`], as the CLI does. The codes are pinned by
//! `tests/api/error_codes.rs`.

use govblocks_core::coded_error;
use govblocks_core::error::SchemaViolation;

/// Everything that can go wrong with credentials, presentations, status lists and
/// foundational ID credentials.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An error of `govblocks-core`: JSON, schema, keys, proofs, trust.
    #[error(transparent)]
    Core(#[from] govblocks_core::Error),

    // ---- credentials ---------------------------------------------------------------------------
    /// `@context` does not start with `https://www.w3.org/ns/credentials/v2`.
    #[error("invalid @context: {reason}")]
    ContextInvalid {
        /// Why.
        reason: String,
    },
    /// `type` does not contain `VerifiableCredential` (or `VerifiablePresentation`).
    #[error("invalid type: {reason}")]
    TypeInvalid {
        /// Why.
        reason: String,
    },
    /// `validUntil` is before `validFrom`.
    #[error("validUntil ({valid_until}) is before validFrom ({valid_from})")]
    ValidityInvalid {
        /// `validFrom`.
        valid_from: String,
        /// `validUntil`.
        valid_until: String,
    },
    /// The credential's `validUntil` has passed.
    #[error("credential expired at {valid_until}")]
    Expired {
        /// `validUntil`.
        valid_until: String,
    },
    /// The credential's `validFrom` is still to come.
    #[error("credential not valid before {valid_from}")]
    NotYetValid {
        /// `validFrom`.
        valid_from: String,
    },
    /// The credential's proof was not made with a key its `issuer` controls.
    #[error("the credential is not signed by its issuer {issuer:?}")]
    IssuerMismatch {
        /// The `issuer`.
        issuer: String,
    },
    /// The issuer is not on the verifier's trust list.
    #[error("issuer {issuer:?} is not trusted")]
    UntrustedIssuer {
        /// The `issuer`.
        issuer: String,
    },
    /// The credential subject does not conform to the schema its `credentialSchema` names.
    #[error("credential subject does not conform to {schema:?} ({} violation(s))", violations.len())]
    SchemaInvalid {
        /// The schema id.
        schema: String,
        /// Every violation.
        violations: Vec<SchemaViolation>,
    },
    /// A `credentialSchema` that cannot be checked — no JSON Schema with that `id` is held by
    /// govblocks or the caller, or its `type` is not `JsonSchema` — refused under
    /// [`SchemaPolicy::Refuse`](crate::credential::SchemaPolicy::Refuse) (the verifier's
    /// default); also a CLI `--schema` that names neither an embedded schema nor a file.
    #[error("credentialSchema {id:?} cannot be checked: {reason}")]
    SchemaUnknown {
        /// The schema id.
        id: String,
        /// Why: no schema with that id is held, or its `type` is not `JsonSchema`.
        reason: crate::credential::UncheckedReason,
    },
    /// The credential's status entry says it is revoked.
    #[error("credential revoked (status list {list:?}, index {index})")]
    Revoked {
        /// The status list credential's URL.
        list: String,
        /// The index in it.
        index: u64,
    },
    /// The credential's status entry says it is suspended.
    #[error("credential suspended (status list {list:?}, index {index})")]
    Suspended {
        /// The status list credential's URL.
        list: String,
        /// The index in it.
        index: u64,
    },
    /// A `credentialStatus` entry whose status list the verifier cannot get (Bitstring Status
    /// List v1.0 §3.2: the dereference failed, `STATUS_RETRIEVAL_ERROR`).
    #[error("status list {list:?} is not available: {reason}")]
    StatusUnavailable {
        /// The status list credential's URL.
        list: String,
        /// Why: no resolver was supplied to the verifier, the resolver holds no list at that
        /// URL, the download failed, …
        reason: String,
    },
    /// A malformed `credentialStatus` entry.
    #[error("invalid credentialStatus: {reason}")]
    StatusInvalid {
        /// Why.
        reason: String,
    },

    // ---- VC Data Model 2.0 rules the issuer and the verifier enforce (issue 14) ------------------
    /// A `termsOfUse`, `evidence`, `refreshService`, `credentialSchema` or `credentialStatus`
    /// object without a `type` (VC DM 2.0 §4.5).
    #[error("{member} has no type: every {member} object must say its type")]
    TypeMissing {
        /// The member, with the object's position when it is one of several (`evidence[1]`).
        member: String,
    },
    /// A `name` or `description` (of the credential or its `issuer`) that is neither a string
    /// nor language value objects (VC DM 2.0 §4.6, §11.1).
    #[error("invalid {member}: {reason}")]
    LanguageValueInvalid {
        /// The member (`name`, `issuer.description`, …).
        member: String,
        /// Why.
        reason: String,
    },
    /// A `credentialSubject` object that makes no claim (`{}`) (VC DM 2.0 §4.8).
    #[error("credentialSubject[{index}] makes no claim: each subject must be the subject of one or more claims")]
    SubjectEmpty {
        /// The subject's position (0 for a lone subject).
        index: usize,
    },
    /// An `id` that is not one URL: an array, a number, or a string that is not a URL
    /// (VC DM 2.0 §4.4).
    #[error("invalid identifier {member}.id: {reason}")]
    IdInvalid {
        /// Whose `id` (`credential`, `credentialStatus[0]`, `evidence`, …).
        member: String,
        /// Why.
        reason: String,
    },
    /// A malformed `relatedResource` (VC DM 2.0 §5.3): not objects, an `id` that is not a URL or
    /// is repeated, no `digestSRI` nor `digestMultibase`, or a digest that is not well formed.
    #[error("invalid relatedResource: {reason}")]
    RelatedResourceInvalid {
        /// Why.
        reason: String,
    },
    /// The bytes the caller supplied for a related resource do not match its digest.
    #[error("related resource {id:?} does not match its {digest}")]
    RelatedResourceMismatch {
        /// The resource's `id`.
        id: String,
        /// Which digest failed (`digestSRI sha384`, `digestMultibase sha2-256`).
        digest: String,
    },
    /// The caller supplied a related resource's bytes, but none of its digests uses an algorithm
    /// govblocks computes (SHA-2 256/384/512), so it cannot be checked.
    #[error("related resource {id:?} cannot be checked: {reason}")]
    RelatedResourceUnverifiable {
        /// The resource's `id`.
        id: String,
        /// Why.
        reason: String,
    },
    /// More distinct `credentialSchema` references than the verifier (or issuer) accepts: each
    /// costs a validation of every subject, so their number is bounded.
    #[error("{found} distinct credentialSchema references, more than the {max} accepted")]
    SchemaReferencesExceeded {
        /// Distinct references found (counting stops just past the limit).
        found: usize,
        /// The limit.
        max: usize,
    },
    /// [`issue`](crate::credential::issue()) was asked for a proof whose purpose is not
    /// `assertionMethod`, the only purpose of an issuer's proof.
    #[error("a credential is issued with an assertionMethod proof, not {found}")]
    ProofPurposeInvalid {
        /// The purpose asked for.
        found: String,
    },

    // ---- presentations ---------------------------------------------------------------------------
    // One refusal, one code (issue 14): who signed, who holds, who the credentials are about,
    // whether the presentation is signed at all, and what it wraps. The policy that decides the
    // last three is `presentation::PresentationPolicy`.
    /// A proof of the presentation is not by its `holder` (the holder named one thing, someone
    /// else signed): refused whatever the policy.
    #[error("the presentation is not signed by its holder {holder:?}: a proof is by {signer:?}")]
    HolderMismatch {
        /// The presentation's holder.
        holder: String,
        /// Who signed instead.
        signer: String,
    },
    /// The presentation names no `holder`, and the policy requires one (VC Data Model 2.0
    /// §4.13 makes `holder` optional; the safe default does not).
    #[error("the presentation names no holder, and the policy requires one")]
    HolderMissing,
    /// A credential subject is not the holder, and the policy accepts no relation of the
    /// holder to it (no allowed relation claim names the holder, the caller's hook did not
    /// accept it, and subjects other than the holder are not allowed).
    #[error("{}", subject_not_holder(*credential, subject.as_deref(), holder.as_deref(), relations))]
    SubjectNotHolder {
        /// The credential's position in `verifiableCredential` (from 0).
        credential: usize,
        /// The subject's `id` (`None` when it has none).
        subject: Option<String>,
        /// The presentation's holder (`None` when it names none).
        holder: Option<String>,
        /// The relation claims the policy allows (empty: none).
        relations: Vec<String>,
    },
    /// The presentation has no proof, and the policy requires a holder proof (bound to the
    /// verifier's challenge and domain).
    #[error("the presentation has no proof, and the policy requires a holder proof bound to the challenge")]
    Unsigned,
    /// An enveloped credential or presentation (VC Data Model 2.0 §4.13.1, §4.13.2: secured by
    /// an enveloping mechanism such as JOSE or COSE, carried in a `data:` URL): govblocks
    /// verifies embedded Data Integrity proofs only.
    #[error("{what} is enveloped (VC Data Model 2.0 §4.13.1-2): only embedded Data Integrity proofs are supported")]
    EnvelopedUnsupported {
        /// What: `credential N` (its position) or `the presentation`.
        what: String,
    },
    /// The presentation's challenge was already accepted once.
    #[error("challenge already used: the presentation is a replay")]
    Replayed,
    /// The store of accepted challenges failed (or refused the challenge, e.g. too long), so
    /// the presentation cannot be accepted: a challenge that cannot be remembered is refused.
    #[error("the store of accepted challenges failed: {0}")]
    ReplayStore(#[source] govblocks_store::Error),

    // ---- status lists ----------------------------------------------------------------------------
    /// `encodedList` is not multibase base64url (no padding) of a GZIP stream.
    #[error("invalid encodedList: {reason}")]
    StatusListEncoding {
        /// Why.
        reason: String,
    },
    /// The decompressed list is larger than allowed (a GZIP bomb is refused before it inflates
    /// past the limit), or smaller than the minimum of 131,072 entries.
    #[error("status list of {bits} bits is outside {min}..={max}")]
    StatusListSize {
        /// Size found (or the limit crossed).
        bits: u64,
        /// The minimum.
        min: u64,
        /// The maximum.
        max: u64,
    },
    /// A status index beyond the list.
    #[error("status index {index} is beyond the list of {len} entries")]
    StatusIndexOutOfRange {
        /// The index.
        index: u64,
        /// Entries in the list.
        len: u64,
    },
    /// The status list credential is for another purpose than the status entry.
    #[error("status list is for {found:?}, the entry for {expected:?}")]
    StatusPurposeMismatch {
        /// The entry's `statusPurpose`.
        expected: String,
        /// The list's `statusPurpose`.
        found: String,
    },
    /// The status list credential is issued by someone other than the credential's issuer.
    #[error("status list issued by {found:?}, not by the credential's issuer {expected:?}")]
    StatusListIssuerMismatch {
        /// The credential's issuer.
        expected: String,
        /// The list's issuer.
        found: String,
    },

    // ---- status lists: the list credential itself (issue 14) ------------------------------------
    /// The status list credential's `validUntil` has passed: the list's problem, not the
    /// credential's (`credential.expired` is about the credential being verified).
    #[error("status list {list:?} expired at {valid_until}")]
    StatusListExpired {
        /// The status list credential's URL.
        list: String,
        /// The list's `validUntil`.
        valid_until: String,
    },
    /// The status list credential's `validFrom` is still to come.
    #[error("status list {list:?} is not valid before {valid_from}")]
    StatusListNotYetValid {
        /// The status list credential's URL.
        list: String,
        /// The list's `validFrom`.
        valid_from: String,
    },
    /// The status list credential's proof does not verify: tampered, signed by a key its
    /// issuer does not control or the verifier does not trust for it, malformed or missing
    /// (Bitstring Status List v1.0 §3.2: `STATUS_VERIFICATION_ERROR`). The proof error is the
    /// source.
    #[error("status list {list:?}: its proof does not verify: {source}")]
    StatusListProofInvalid {
        /// The status list credential's URL.
        list: String,
        /// What the proof check said (`proof.signature_invalid`, …).
        #[source]
        source: Box<Error>,
    },
    /// The status list credential cannot be used for another reason than its proof or validity
    /// period: not JSON, too large, not a `BitstringStatusListCredential`, a malformed
    /// `credentialSubject`. The cause is the source.
    #[error("status list {list:?} is not a usable status list credential: {source}")]
    StatusListInvalid {
        /// The status list credential's URL.
        list: String,
        /// Why (`json.syntax`, `credential.type_invalid`, …).
        #[source]
        source: Box<Error>,
    },

    // ---- SD-JWT (RFC 9901, issue 17) -------------------------------------------------------------
    /// The `~`-separated form is not an SD-JWT (or SD-JWT+KB): no `~`, an empty disclosure, a
    /// part that is not base64url, a payload that is not a JSON object, a disclosure or key
    /// binding where the context allows none.
    #[error("malformed SD-JWT: {reason}")]
    SdJwtMalformed {
        /// Why.
        reason: String,
    },
    /// Over a bound of [`sd_jwt::Limits`](crate::sd_jwt::Limits): total length, number of
    /// disclosures, nesting depth.
    #[error("SD-JWT over a limit: {reason}")]
    SdJwtLimit {
        /// Which limit.
        reason: String,
    },
    /// A disclosure that is not a JSON array `[salt, name, value]` or `[salt, value]` (strict
    /// JSON, a string salt and name), or one of the wrong kind for where its digest is (a
    /// name/value disclosure for an array element, an element disclosure for an `_sd` digest).
    #[error("invalid disclosure {index}: {reason}")]
    DisclosureInvalid {
        /// Its position among the disclosures (from 0).
        index: usize,
        /// Why.
        reason: String,
    },
    /// A disclosure whose digest is nowhere in the payload, directly or through other
    /// disclosures (RFC 9901 §7.1 step 5).
    #[error("disclosure {index} is not referenced by any digest of the SD-JWT")]
    DisclosureUnreferenced {
        /// Its position among the disclosures (from 0).
        index: usize,
    },
    /// The same disclosure given twice (RFC 9901 §4).
    #[error("disclosure {index} is given twice")]
    DisclosureDuplicate {
        /// The position of its second copy (from 0).
        index: usize,
    },
    /// A digest that appears more than once in the payload, directly or through disclosures
    /// (RFC 9901 §7.1 step 4).
    #[error("digest {digest:?} appears more than once")]
    DigestDuplicate {
        /// The digest.
        digest: String,
    },
    /// A disclosed claim name that already exists in its object (RFC 9901 §7.1 step 3.3.2.3).
    #[error("disclosed claim {name:?} collides with a claim already at {at:?}")]
    ClaimCollision {
        /// The claim name.
        name: String,
        /// The JSON Pointer of the object.
        at: String,
    },
    /// `_sd` or `...` used as a claim name in a disclosure (RFC 9901 §4.2.1), or in the claims
    /// given to the issuer.
    #[error("{name:?} is reserved by SD-JWT and cannot be a claim name")]
    ReservedClaimName {
        /// The name.
        name: String,
    },
    /// An `_sd_alg` other than `sha-256` (or not a string).
    #[error("_sd_alg {found:?} is not supported: only sha-256")]
    HashAlgorithmUnsupported {
        /// What the payload says.
        found: String,
    },
    /// A payload whose SD-JWT members are malformed: `_sd` not an array of strings, `_sd_alg`
    /// below the top level, a digest that is not the base64url of 32 bytes.
    #[error("invalid SD-JWT payload: {reason}")]
    SdJwtPayloadInvalid {
        /// Why.
        reason: String,
    },
    /// The SD-JWT's `exp` has passed.
    #[error("SD-JWT expired at {exp} (seconds since the epoch)")]
    SdJwtExpired {
        /// `exp`.
        exp: i64,
    },
    /// The SD-JWT's `nbf` is still to come.
    #[error("SD-JWT not valid before {nbf} (seconds since the epoch)")]
    SdJwtNotYetValid {
        /// `nbf`.
        nbf: i64,
    },
    /// The holder's key (`cnf.jwk`) is missing or not a public Ed25519 JWK, and a key binding
    /// needs it (or the issuer was given a holder key it cannot write).
    #[error("invalid cnf: {reason}")]
    ConfirmationKeyInvalid {
        /// Why.
        reason: String,
    },
    /// The verifier requires a key binding and the presentation has none (RFC 9901 §7.3 step 2).
    #[error("the verifier requires a key binding JWT and the presentation has none")]
    KeyBindingMissing,
    /// A key-binding JWT that is not one: `typ` not `kb+jwt`, `iat`, `aud`, `nonce` or `sd_hash`
    /// missing or of the wrong type, a payload that is not a JSON object.
    #[error("invalid key binding JWT: {reason}")]
    KeyBindingInvalid {
        /// Why.
        reason: String,
    },
    /// The key-binding JWT is not signed by the holder's key of `cnf`.
    #[error("the key binding JWT is not signed by the holder's key (cnf)")]
    KeyBindingSignature,
    /// The key-binding JWT is for another audience.
    #[error("the key binding JWT is for the audience {found:?}, not {expected:?}")]
    KeyBindingAudience {
        /// The verifier's audience.
        expected: String,
        /// The JWT's `aud`.
        found: String,
    },
    /// The key-binding JWT carries another nonce.
    #[error("the key binding JWT's nonce is not the verifier's")]
    KeyBindingNonce,
    /// The key-binding JWT's `sd_hash` is not the digest of the SD-JWT presented with it.
    #[error("the key binding JWT's sd_hash does not match the presented SD-JWT")]
    KeyBindingSdHash,
    /// The key-binding JWT's `iat` is outside the verifier's window (its maximum age, and the
    /// clock skew either side).
    #[error("the key binding JWT was issued at {iat} (seconds since the epoch), outside the accepted window")]
    KeyBindingTime {
        /// `iat`.
        iat: i64,
    },
    /// A JSON Pointer given to the issuer or the holder that does not name a claim that can be
    /// made (or is) selectively disclosable.
    #[error("invalid pointer {pointer:?}: {reason}")]
    PointerInvalid {
        /// The pointer.
        pointer: String,
        /// Why.
        reason: String,
    },
    /// The operating system's random number generator failed (salts, decoys).
    #[error("the random number generator failed: {reason}")]
    RandomFailed {
        /// Why.
        reason: String,
    },

    // ---- SD-JWT: Token Status List (draft-ietf-oauth-status-list-20, issue 17 point 5) --------
    // The referenced token's side (`status.status_list` of the SD-JWT) and the status list
    // token's (a `statuslist+jwt`); see `sd_jwt::status`.
    /// The verifier checks status, and the SD-JWT has no `status.status_list` to check (no
    /// `status` claim, or only another status mechanism).
    #[error("the SD-JWT has no status to check: {reason}")]
    TokenStatusMissing {
        /// Why.
        reason: String,
    },
    /// The SD-JWT's `status` claim is malformed (`status_list` not an object, `idx` not a
    /// non-negative integer, `uri` not a URI), or it, or a part of it, was selectively disclosed.
    #[error("invalid status claim: {reason}")]
    TokenStatusInvalid {
        /// Why.
        reason: String,
    },
    /// The status list says the SD-JWT is revoked (status INVALID, 0x01).
    #[error("the SD-JWT is revoked: status list {uri:?}, index {index}")]
    TokenRevoked {
        /// The status list token's URI.
        uri: String,
        /// The index in it.
        index: u64,
    },
    /// The status list says the SD-JWT is suspended (status SUSPENDED, 0x02).
    #[error("the SD-JWT is suspended: status list {uri:?}, index {index}")]
    TokenSuspended {
        /// The status list token's URI.
        uri: String,
        /// The index in it.
        index: u64,
    },
    /// The status is an application-specific (0x03, 0x0C to 0x0F) or reserved value that the
    /// verifier does not accept (only VALID is).
    #[error(
        "status {value:#04x} ({kind}) at index {index} of status list {uri:?} is not accepted"
    )]
    TokenStatusUnrecognized {
        /// The status list token's URI.
        uri: String,
        /// The index in it.
        index: u64,
        /// The status value.
        value: u8,
        /// `application-specific` or `reserved`.
        kind: &'static str,
    },
    /// The index is beyond the status list (draft §8.3 step 6: the token must then be rejected).
    #[error("status index {index} is beyond the status list of {len} entries")]
    TokenStatusIndexOutOfRange {
        /// The index.
        index: u64,
        /// Entries in the list.
        len: u64,
    },
    /// The status list token's `typ` is not `statuslist+jwt`.
    #[error("the status list token's typ is {found:?}, not \"statuslist+jwt\"")]
    StatusListTokenTyp {
        /// The `typ` found (`None`: absent).
        found: Option<String>,
    },
    /// The status list token's `sub` is not the `uri` the SD-JWT names (a token for another list).
    #[error("the status list token is for {found:?}, not {expected:?}")]
    StatusListTokenUriMismatch {
        /// The SD-JWT's `status.status_list.uri`.
        expected: String,
        /// The token's `sub`.
        found: String,
    },
    /// The status list token's `exp` has passed.
    #[error("status list token {uri:?} expired at {exp} (seconds since the epoch)")]
    StatusListTokenExpired {
        /// The token's URI.
        uri: String,
        /// `exp`.
        exp: i64,
    },
    /// The status list token's `nbf` is still to come.
    #[error("status list token {uri:?} is not valid before {nbf} (seconds since the epoch)")]
    StatusListTokenNotYetValid {
        /// The token's URI.
        uri: String,
        /// `nbf`.
        nbf: i64,
    },
    /// The status list token's signature does not verify: tampered, its `kid` not resolved, not
    /// authorised or not trusted, or signed by another key than the pinned one. The JWS error is
    /// the source.
    #[error("status list token {uri:?}: its signature does not verify: {source}")]
    StatusListTokenSignature {
        /// The token's URI.
        uri: String,
        /// What the JWS check said (`jws.signature_invalid`, `trust.*`, …).
        #[source]
        source: Box<Error>,
    },
    /// The status list token is signed by someone other than the SD-JWT's issuer.
    #[error("status list token signed by {found:?}, not by the SD-JWT's issuer {expected:?}")]
    StatusListTokenIssuerMismatch {
        /// The SD-JWT's issuer.
        expected: String,
        /// Who signed the status list token.
        found: String,
    },
    /// The status list token is not one: not a compact JWS with an attached JSON payload, a
    /// required claim (`sub`, `iat`, `status_list`) missing or of the wrong type, `bits` not 1,
    /// 2, 4 or 8, `ttl` not a positive number, a token larger than the limits allow.
    #[error("invalid status list token: {reason}")]
    StatusListTokenInvalid {
        /// Why.
        reason: String,
    },
    /// `lst` is not base64url (no padding) of one ZLIB stream (RFC 1950), or is longer than the
    /// limits allow.
    #[error("invalid lst: {reason}")]
    StatusListTokenEncoding {
        /// Why.
        reason: String,
    },
    /// `lst` inflates past the limit (a ZLIB bomb is refused before it inflates past it).
    #[error("the status list inflates past {max_bytes} bytes")]
    StatusListTokenSize {
        /// The limit, in bytes of the byte array.
        max_bytes: u64,
    },

    // ---- foundational ID -----------------------------------------------------------------------
    /// A unique identification number whose check digit (Verhoeff) is wrong, or that is not
    /// digits of the expected length.
    #[error("invalid identification number: {reason}")]
    IdNumberInvalid {
        /// Why.
        reason: String,
    },
    /// A birth date that is not a calendar date written `YYYY-MM-DD`, or a day that does not
    /// exist (`2023-02-29`).
    #[error("invalid birth date: {reason}")]
    BirthDateInvalid {
        /// Why.
        reason: String,
    },
    /// A country that is not an ISO 3166-1 alpha-2 code (two upper-case letters, assigned).
    #[error("invalid country code: {reason}")]
    CountryInvalid {
        /// Why.
        reason: String,
    },
    /// A photo digest that is not multibase base58btc of a SHA-256 multihash.
    #[error("invalid photo digest: {reason}")]
    PhotoDigestInvalid {
        /// Why.
        reason: String,
    },

    // ---- SD-JWT VC (draft-ietf-oauth-sd-jwt-vc-18, issue 17 point 4) ----------------------------
    // The profile's own rules, on top of the SD-JWT rules above (`sd_jwt::vc`).
    /// The issuer-signed JWT's `typ` is not `dc+sd-jwt` (nor the older `vc+sd-jwt`, accepted on
    /// input), or is missing (draft §2.2.1); or an issuer was asked for another `typ`.
    #[error("an SD-JWT VC is typed dc+sd-jwt (or vc+sd-jwt), not {found:?}")]
    VcTypInvalid {
        /// The `typ` found (`None`: no `typ`).
        found: Option<String>,
    },
    /// No `vct` claim (draft §2.2.2.3: REQUIRED).
    #[error("an SD-JWT VC must carry its type, vct")]
    VctMissing,
    /// A `vct` that is not a non-empty string naming a collision-resistant URI (draft §2.2.2.1),
    /// or a `vct#integrity` that is not W3C SRI integrity metadata (draft §5).
    #[error("invalid vct: {reason}")]
    VctInvalid {
        /// Why.
        reason: String,
    },
    /// No `iss` claim: govblocks finds the issuer's key through `iss`'s DID, so it is required.
    #[error("an SD-JWT VC must name its issuer, iss")]
    VcIssuerMissing,
    /// An `iss` that is not a non-empty string.
    #[error("invalid iss: {reason}")]
    VcIssuerInvalid {
        /// Why.
        reason: String,
    },
    /// The issuer-signed JWT is not signed by a key `iss` controls (draft §2.4: the signing key
    /// belongs to the issuer), or an issuer was asked to sign for another `iss`.
    #[error("the SD-JWT VC names the issuer {iss:?} but is signed by a key of {signer:?}")]
    VcIssuerMismatch {
        /// The `iss` claim.
        iss: String,
        /// The controller of the signing key.
        signer: String,
    },
    /// A claim the profile never lets be selectively disclosable (`iss`, `nbf`, `exp`, `cnf`,
    /// `vct`, `vct#integrity`, `aka_vcts`, `status`, draft §2.2.2.3) in a disclosure, or given to
    /// the issuer as one to make disclosable.
    #[error("{claim:?} cannot be selectively disclosed in an SD-JWT VC")]
    VcClaimNotDisclosable {
        /// The claim's JSON Pointer.
        claim: String,
    },
    /// The verifier requires a key binding and the SD-JWT VC names no holder key (`cnf`,
    /// draft §2.2.2.3: REQUIRED for key binding).
    #[error("the verifier requires a key binding, and the SD-JWT VC has no cnf")]
    VcConfirmationMissing,
    /// An `iat`, `nbf` or `exp` that is not a NumericDate (RFC 7519 §2), or an `exp` before the
    /// `nbf` (never valid).
    #[error("invalid {claim}: {reason}")]
    VcDateInvalid {
        /// The claim.
        claim: String,
        /// Why.
        reason: String,
    },
    /// An `iat` later than the verifier's clock (plus the skew): issued in the future.
    #[error("the SD-JWT VC was issued at {iat} (seconds since the epoch), in the future")]
    VcIssuedInFuture {
        /// `iat`.
        iat: i64,
    },
    /// A `sub` that is not a string (RFC 7519 §4.1.2: a StringOrURI).
    #[error("invalid sub: {reason}")]
    VcSubjectInvalid {
        /// Why.
        reason: String,
    },
}

coded_error! {
    impl Error {
        wraps {
            Error::Core(e) => e,
        }
        codes {
            Error::ContextInvalid { .. } => "credential.context_invalid",
            Error::Expired { .. } => "credential.expired",
            Error::IdInvalid { .. } => "credential.id_invalid",
            Error::IssuerMismatch { .. } => "credential.issuer_mismatch",
            Error::LanguageValueInvalid { .. } => "credential.language_value_invalid",
            Error::NotYetValid { .. } => "credential.not_yet_valid",
            Error::ProofPurposeInvalid { .. } => "credential.proof_purpose_invalid",
            Error::RelatedResourceInvalid { .. } => "credential.related_resource_invalid",
            Error::RelatedResourceMismatch { .. } => "credential.related_resource_mismatch",
            Error::RelatedResourceUnverifiable { .. } => "credential.related_resource_unverifiable",
            Error::Revoked { .. } => "credential.revoked",
            Error::SchemaInvalid { .. } => "credential.schema_invalid",
            Error::SchemaReferencesExceeded { .. } => "credential.schema_limit",
            Error::SchemaUnknown { .. } => "credential.schema_unknown",
            Error::StatusInvalid { .. } => "credential.status_invalid",
            Error::StatusUnavailable { .. } => "credential.status_unavailable",
            Error::SubjectEmpty { .. } => "credential.subject_empty",
            Error::Suspended { .. } => "credential.suspended",
            Error::TypeInvalid { .. } => "credential.type_invalid",
            Error::TypeMissing { .. } => "credential.type_missing",
            Error::UntrustedIssuer { .. } => "credential.untrusted_issuer",
            Error::ValidityInvalid { .. } => "credential.validity_invalid",
            Error::BirthDateInvalid { .. } => "foundational_id.birth_date_invalid",
            Error::CountryInvalid { .. } => "foundational_id.country_invalid",
            Error::IdNumberInvalid { .. } => "foundational_id.number_invalid",
            Error::PhotoDigestInvalid { .. } => "foundational_id.photo_digest_invalid",
            Error::EnvelopedUnsupported { .. } => "presentation.enveloped_unsupported",
            Error::HolderMismatch { .. } => "presentation.holder_mismatch",
            Error::HolderMissing => "presentation.holder_missing",
            Error::ReplayStore(_) => "presentation.replay_store",
            Error::Replayed => "presentation.replayed",
            Error::SubjectNotHolder { .. } => "presentation.subject_not_holder",
            Error::Unsigned => "presentation.unsigned",
            Error::ClaimCollision { .. } => "sdjwt.claim_collision",
            Error::ConfirmationKeyInvalid { .. } => "sdjwt.cnf_invalid",
            Error::DigestDuplicate { .. } => "sdjwt.digest_duplicate",
            Error::DisclosureDuplicate { .. } => "sdjwt.disclosure_duplicate",
            Error::DisclosureInvalid { .. } => "sdjwt.disclosure_invalid",
            Error::DisclosureUnreferenced { .. } => "sdjwt.disclosure_unreferenced",
            Error::SdJwtExpired { .. } => "sdjwt.expired",
            Error::KeyBindingAudience { .. } => "sdjwt.kb_audience",
            Error::KeyBindingInvalid { .. } => "sdjwt.kb_invalid",
            Error::KeyBindingMissing => "sdjwt.kb_missing",
            Error::KeyBindingNonce => "sdjwt.kb_nonce",
            Error::KeyBindingSdHash => "sdjwt.kb_sd_hash",
            Error::KeyBindingSignature => "sdjwt.kb_signature",
            Error::KeyBindingTime { .. } => "sdjwt.kb_time",
            Error::SdJwtLimit { .. } => "sdjwt.limit",
            Error::SdJwtMalformed { .. } => "sdjwt.malformed",
            Error::SdJwtNotYetValid { .. } => "sdjwt.not_yet_valid",
            Error::SdJwtPayloadInvalid { .. } => "sdjwt.payload_invalid",
            Error::PointerInvalid { .. } => "sdjwt.pointer_invalid",
            Error::RandomFailed { .. } => "sdjwt.random_failed",
            Error::ReservedClaimName { .. } => "sdjwt.reserved_name",
            Error::HashAlgorithmUnsupported { .. } => "sdjwt.sd_alg_unsupported",
            Error::TokenStatusIndexOutOfRange { .. } => "sdjwt.status_index_out_of_range",
            Error::TokenStatusInvalid { .. } => "sdjwt.status_invalid",
            Error::StatusListTokenEncoding { .. } => "sdjwt.status_list_encoding",
            Error::StatusListTokenExpired { .. } => "sdjwt.status_list_expired",
            Error::StatusListTokenInvalid { .. } => "sdjwt.status_list_invalid",
            Error::StatusListTokenIssuerMismatch { .. } => "sdjwt.status_list_issuer_mismatch",
            Error::StatusListTokenNotYetValid { .. } => "sdjwt.status_list_not_yet_valid",
            Error::StatusListTokenSignature { .. } => "sdjwt.status_list_signature",
            Error::StatusListTokenSize { .. } => "sdjwt.status_list_size",
            Error::StatusListTokenTyp { .. } => "sdjwt.status_list_typ",
            Error::StatusListTokenUriMismatch { .. } => "sdjwt.status_list_uri_mismatch",
            Error::TokenStatusMissing { .. } => "sdjwt.status_missing",
            Error::TokenRevoked { .. } => "sdjwt.status_revoked",
            Error::TokenSuspended { .. } => "sdjwt.status_suspended",
            Error::TokenStatusUnrecognized { .. } => "sdjwt.status_unrecognized",
            // SD-JWT VC: its own block (sorted after every sdjwt.* code).
            Error::VcConfirmationMissing => "sdjwtvc.cnf_missing",
            Error::VcDateInvalid { .. } => "sdjwtvc.date_invalid",
            Error::VcIssuerInvalid { .. } => "sdjwtvc.iss_invalid",
            Error::VcIssuerMissing => "sdjwtvc.iss_missing",
            Error::VcIssuedInFuture { .. } => "sdjwtvc.issued_in_future",
            Error::VcIssuerMismatch { .. } => "sdjwtvc.issuer_mismatch",
            Error::VcClaimNotDisclosable { .. } => "sdjwtvc.not_disclosable",
            Error::VcSubjectInvalid { .. } => "sdjwtvc.sub_invalid",
            Error::VcTypInvalid { .. } => "sdjwtvc.typ_invalid",
            Error::VctInvalid { .. } => "sdjwtvc.vct_invalid",
            Error::VctMissing => "sdjwtvc.vct_missing",
            Error::StatusListEncoding { .. } => "status_list.encoding_invalid",
            Error::StatusListExpired { .. } => "status_list.expired",
            Error::StatusIndexOutOfRange { .. } => "status_list.index_out_of_range",
            Error::StatusListInvalid { .. } => "status_list.invalid",
            Error::StatusListIssuerMismatch { .. } => "status_list.issuer_mismatch",
            Error::StatusListNotYetValid { .. } => "status_list.not_yet_valid",
            Error::StatusListProofInvalid { .. } => "status_list.proof_invalid",
            Error::StatusPurposeMismatch { .. } => "status_list.purpose_mismatch",
            Error::StatusListSize { .. } => "status_list.size_invalid",
        }
    }
    impl CodedError {
        fn violations(&self) -> &[SchemaViolation] {
            match self {
                Error::Core(e) => e.violations(),
                Error::SchemaInvalid { violations, .. } => violations,
                _ => &[],
            }
        }
    }
}

/// Every code of this crate's own variants (core's are [`govblocks_core::error::CODES`]),
/// sorted: [`Error::CODES`], from the one table that makes [`Error::code`]; pinned by
/// `tests/api/error_codes.rs`.
pub const CODES: &[&str] = Error::CODES;

/// The message of [`Error::SubjectNotHolder`]: which credential, whose subject, why.
fn subject_not_holder(
    credential: usize,
    subject: Option<&str>,
    holder: Option<&str>,
    relations: &[String],
) -> String {
    let who = match subject {
        Some(id) => format!("credential {credential}: its subject {id:?}"),
        None => format!("credential {credential}: its subject (which has no id)"),
    };
    let why = match holder {
        Some(holder) => format!("is not the holder {holder:?}"),
        None => "cannot be the holder: the presentation names none".to_string(),
    };
    let relations = if relations.is_empty() {
        String::new()
    } else if holder.is_some() {
        format!(
            ", nor names it in an allowed relation ({})",
            relations.join(", ")
        )
    } else {
        String::new()
    };
    format!("{who} {why}{relations}")
}

/// `Result` with [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
