//! X-Road identifiers: [`ClientId`], [`ServiceId`], [`RepresentedParty`] and their
//! [`ObjectType`], parsed and printed as the X-Road Message Protocol for REST (PR-REST 1.0.4)
//! defines them.
//!
//! ## The rules (each with its source)
//!
//! - **Characters** (PR-REST §4.8, PR-MESS §2.7, and X-Road's `StrictIdentifierValidator`):
//!   every part (instance, member class, member code, subsystem code, service code, service
//!   version) is made only of `A-Z`, `a-z`, `0-9` and `'()+,-.=?`. Everything else is refused,
//!   naming the character: in particular `:` `;` `/` `\` `%` `_` `~` `@` `&`, spaces, control
//!   characters and any non-ASCII letter (`ä`, `列`).
//! - **Parts**: never empty; at most [`MAX_PART_LEN`] bytes (a bound of this crate: X-Road's
//!   database columns are 255 characters).
//! - **Slash form** (the `X-Road-Client` header, the `{serviceId}` of the request URL):
//!   the parts joined with `/`, each percent-encoded on its own (PR-REST §4.2). Printing
//!   encodes the one allowed character that a URI path segment cannot hold raw, `?`, as `%3F`;
//!   reading decodes `%XX` escapes (either case of hex digit) and accepts raw the characters
//!   X-Road's `UriUtils.uriSegmentPercentDecode` accepts (a raw `?` is refused, as there), then
//!   holds the *decoded* part to the character rule. So `BAR%2FSERVICE` — PR-REST §4.2's
//!   example of a service code containing `/`, written before §4.8 forbade the character — is
//!   refused, and `%41` reads as `A` (printed back as `A`: printing is canonical).
//! - **Client id**: `INSTANCE/CLASS/MEMBER[/SUBSYSTEM]` (PR-REST §4.1 and §4.3: "Including
//!   the subsystem code is OPTIONAL"): a member or a subsystem.
//! - **Service id**: `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`. The subsystem is
//!   **required**: PR-REST §4.1 calls it optional, but X-Road's own reader of REST requests
//!   (`RestRequest.decodeIdentifiers`, `RestMessage.decodeServiceId`) takes exactly five parts,
//!   and with the request's `[path]` following the service code a four-part id could not be
//!   told from a five-part one. The version is the SOAP protocol's `serviceVersion` (PR-MESS);
//!   the REST request URL has no place for it (see [`crate::xroad::request`]).
//! - **Object-type textual form** (X-Road's `XRoadId.toString`): the type, `:`, then the raw
//!   parts joined with `/`, no percent-encoding: `MEMBER:EE/GOV/70000001`,
//!   `SUBSYSTEM:EE/GOV/70000001/social`, `SERVICE:EE/GOV/70000001/social/getPerson/v1`. The
//!   type must match the number of parts (a `MEMBER:` with a subsystem is refused).
//! - **Represented party** (`X-Road-Represented-Party`, PR-REST §4.3): `[CLASS/]CODE`, the
//!   class optional.
//!
//! ## Guarantees
//!
//! A value of these types is valid by construction (made only by its parsers and checked
//! constructors), so `parse(print(x)) == x` for every value, in both the slash and the textual
//! form, and printing is canonical. Every refusal is [`Error::XRoadIdInvalid`]
//! (`exchange.xroad_id_invalid`) saying which identifier, the input (cut short) and what is
//! wrong. The types serialize as their slash form (a JSON string) and deserialize by parsing it.

use crate::error::{quote, Error, Result};
use std::fmt;
use std::str::FromStr;

/// The longest part of an identifier accepted, in bytes (decoded).
pub const MAX_PART_LEN: usize = 255;

/// The symbols X-Road identifiers may contain besides ASCII letters and digits (PR-REST §4.8).
pub const ALLOWED_SYMBOLS: &str = "'()+,-.=?";

/// Whether `c` may appear in a part of an X-Road identifier (PR-REST §4.8).
pub fn is_allowed(c: char) -> bool {
    // A table rather than a search of `ALLOWED_SYMBOLS`: asked for every character of both
    // ids of every envelope verified.
    u8::try_from(c).is_ok_and(|b| ALLOWED_BYTES[usize::from(b)])
}

/// [`is_allowed`] by byte: `true` for `A-Z`, `a-z`, `0-9` and [`ALLOWED_SYMBOLS`].
static ALLOWED_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    let symbols = ALLOWED_SYMBOLS.as_bytes();
    let mut i = 0;
    while i < symbols.len() {
        table[symbols[i] as usize] = true;
        i += 1;
    }
    table
};

/// A part of an identifier's canonical slash form ([`is_canonical_slash_form`] said so),
/// decoded: its one escape is `%3F` (`?`).
fn decode_canonical_part(part: &str) -> String {
    if part.contains('%') {
        part.replace("%3F", "?")
    } else {
        part.to_owned()
    }
}

/// The characters X-Road's URI segment decoder accepts unescaped (RFC 3986 `pchar` without
/// `%`): what may appear raw in a part of the slash form before the character rule applies.
fn raw_segment_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@".contains(&b)
}

/// The type of object an identifier names (X-Road's `XRoadObjectType`), the prefix of its
/// textual form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ObjectType {
    /// A member: `INSTANCE/CLASS/MEMBER`.
    Member,
    /// A subsystem of a member: `INSTANCE/CLASS/MEMBER/SUBSYSTEM`.
    Subsystem,
    /// A service of a subsystem: `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`.
    Service,
}

impl ObjectType {
    /// `MEMBER`, `SUBSYSTEM` or `SERVICE`.
    pub fn as_str(self) -> &'static str {
        match self {
            ObjectType::Member => "MEMBER",
            ObjectType::Subsystem => "SUBSYSTEM",
            ObjectType::Service => "SERVICE",
        }
    }

    fn from_prefix(s: &str) -> Option<Self> {
        match s {
            "MEMBER" => Some(ObjectType::Member),
            "SUBSYSTEM" => Some(ObjectType::Subsystem),
            "SERVICE" => Some(ObjectType::Service),
            _ => None,
        }
    }
}

impl fmt::Display for ObjectType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The names of the parts, in order, for messages.
const PART_NAMES: [&str; 6] = [
    "X-Road instance",
    "member class",
    "member code",
    "subsystem code",
    "service code",
    "service version",
];

fn invalid(kind: &'static str, input: &str, reason: impl Into<String>) -> Error {
    Error::XRoadIdInvalid {
        kind,
        input: quote(input),
        reason: reason.into(),
    }
}

/// The refusal of an identifier that parses but is not written in its canonical form.
fn not_canonical(kind: &'static str, input: &str, canonical: &str) -> Error {
    invalid(
        kind,
        input,
        format!(
            "not in the canonical form {} (percent-encode only '?', as %3F)",
            quote(canonical)
        ),
    )
}

/// Describes a refused character for a message: `':' (U+003A)`.
fn describe(c: char) -> String {
    if c.is_control() || c == ' ' {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("'{c}' (U+{:04X})", u32::from(c))
    }
}

/// Checks a decoded part against the character and length rules.
fn check_part(name: &str, part: &str) -> std::result::Result<(), String> {
    if part.is_empty() {
        return Err(format!("the {name} is empty"));
    }
    if part.len() > MAX_PART_LEN {
        return Err(format!(
            "the {name} is {} bytes long, over the limit of {MAX_PART_LEN}",
            part.len()
        ));
    }
    if let Some(c) = part.chars().find(|c| !is_allowed(*c)) {
        return Err(format!(
            "the {name} contains {}: X-Road identifiers allow only A-Z, a-z, 0-9 and {ALLOWED_SYMBOLS} (PR-REST 4.8)",
            describe(c)
        ));
    }
    Ok(())
}

/// Decodes one part of the slash form (percent escapes, X-Road's raw characters) and checks it.
fn decode_part(name: &str, raw: &str) -> std::result::Result<String, String> {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            let hex = |at: usize| bytes.get(at).and_then(|h| (*h as char).to_digit(16));
            match (hex(i + 1), hex(i + 2)) {
                (Some(hi), Some(lo)) => {
                    // Both digits are < 16: the value fits a byte.
                    out.push(u8::try_from(hi * 16 + lo).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    return Err(format!(
                        "the {name} has a bad percent escape at byte {i} (expected %XX with two hex digits)"
                    ))
                }
            }
        } else if raw_segment_char(b) {
            out.push(b);
            i += 1;
        } else {
            let c = raw[i..].chars().next().unwrap_or('\u{FFFD}');
            return Err(if c == '?' {
                format!("the {name} contains a raw '?': percent-encode it as %3F (PR-REST 4.2)")
            } else {
                format!(
                    "the {name} contains {}, which X-Road identifiers do not allow",
                    describe(c)
                )
            });
        }
    }
    let text = String::from_utf8(out)
        .map_err(|_| format!("the {name} decodes to bytes that are not UTF-8"))?;
    check_part(name, &text)?;
    Ok(text)
}

/// Writes a part of the slash form: the part with `?` as `%3F` (every other allowed character
/// is a valid URI path-segment character).
fn encode_part(part: &str, out: &mut String) {
    for c in part.chars() {
        if c == '?' {
            out.push_str("%3F");
        } else {
            out.push(c);
        }
    }
}

/// Whether `input` is, with one of `counts` parts, the canonical slash form of an identifier:
/// every part non-empty, of X-Road's characters written raw but `?` (written `%3F`), at most
/// [`MAX_PART_LEN`] bytes decoded. Allocates nothing: the verifier's precheck asks this first
/// and runs the full parser (which says what is wrong) only when it answers `false`. It
/// answers `true` exactly when `parse_canonical` would accept (the tests hold it to that).
pub(crate) fn is_canonical_slash_form(input: &str, counts: &[usize]) -> bool {
    scan_canonical(input, counts).is_some()
}

/// What one pass over a canonical slash form finds (see [`scan_canonical`]).
#[derive(Clone, Copy)]
struct Scan {
    /// The offset just past each of the first six parts.
    ends: [usize; 6],
    /// How many parts.
    count: usize,
    /// Whether a part holds `%3F`.
    escaped: bool,
}

/// [`is_canonical_slash_form`], and where its parts end, in one pass over the bytes, allocating
/// nothing: `None` exactly when it answers `false`.
fn scan_canonical(input: &str, counts: &[usize]) -> Option<Scan> {
    let bytes = input.as_bytes();
    let mut scan = Scan {
        ends: [0; 6],
        count: 0,
        escaped: false,
    };
    let (mut i, mut decoded) = (0usize, 0usize);
    loop {
        let b = bytes.get(i).copied();
        if b.is_none() || b == Some(b'/') {
            if decoded == 0 || decoded > MAX_PART_LEN {
                return None;
            }
            if let Some(end) = scan.ends.get_mut(scan.count) {
                *end = i;
            }
            scan.count += 1;
            if b.is_none() {
                break;
            }
            decoded = 0;
            i += 1;
            continue;
        }
        match b {
            Some(b'%') => {
                if bytes.get(i + 1..i + 3) != Some(b"3F".as_slice()) {
                    return None;
                }
                scan.escaped = true;
                i += 3;
            }
            Some(b) if b != b'?' && ALLOWED_BYTES[usize::from(b)] => i += 1,
            _ => return None,
        }
        decoded += 1;
    }
    counts.contains(&scan.count).then_some(scan)
}

/// The numbers of parts of a client id.
const CLIENT_PARTS: &[usize] = &[3, 4];

/// The numbers of parts of a service id.
const SERVICE_PARTS: &[usize] = &[5, 6];

/// [`is_canonical_slash_form`] for a client id.
pub(crate) fn is_canonical_client(input: &str) -> bool {
    is_canonical_slash_form(input, CLIENT_PARTS)
}

/// [`is_canonical_slash_form`] for a service id.
pub(crate) fn is_canonical_service(input: &str) -> bool {
    is_canonical_slash_form(input, SERVICE_PARTS)
}

/// Splits the slash form into decoded, checked parts; `counts` are the numbers of parts
/// accepted.
fn split_slash(kind: &'static str, input: &str, counts: &[usize]) -> Result<Vec<String>> {
    if input.is_empty() {
        return Err(invalid(kind, input, "the identifier is empty"));
    }
    let raw: Vec<&str> = input.split('/').collect();
    if !counts.contains(&raw.len()) {
        return Err(invalid(kind, input, expected_parts(counts, raw.len())));
    }
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            decode_part(part_name(kind, raw.len(), i), r).map_err(|why| invalid(kind, input, why))
        })
        .collect()
}

/// Splits the raw parts of the textual form (no percent-decoding) and checks them.
fn split_raw(kind: &'static str, input: &str, rest: &str, counts: &[usize]) -> Result<Vec<String>> {
    if rest.is_empty() {
        return Err(invalid(kind, input, "the identifier is empty"));
    }
    let raw: Vec<&str> = rest.split('/').collect();
    if !counts.contains(&raw.len()) {
        return Err(invalid(kind, input, expected_parts(counts, raw.len())));
    }
    raw.iter()
        .enumerate()
        .map(|(i, r)| {
            check_part(part_name(kind, raw.len(), i), r)
                .map(|()| (*r).to_owned())
                .map_err(|why| invalid(kind, input, why))
        })
        .collect()
}

fn part_name(kind: &str, count: usize, i: usize) -> &'static str {
    if kind == KIND_PARTY {
        if count == 1 || i > 0 {
            "member code"
        } else {
            "member class"
        }
    } else {
        PART_NAMES[i.min(5)]
    }
}

fn expected_parts(counts: &[usize], found: usize) -> String {
    let want = match counts {
        [one] => one.to_string(),
        [a, b] => format!("{a} or {b}"),
        _ => format!("{counts:?}"),
    };
    format!("expected {want} parts separated by '/', found {found}")
}

/// Splits `TYPE:rest` of the textual form.
fn split_type<'a>(kind: &'static str, input: &'a str) -> Result<(ObjectType, &'a str)> {
    let Some((prefix, rest)) = input.split_once(':') else {
        return Err(invalid(
            kind,
            input,
            "no object type: expected MEMBER:, SUBSYSTEM: or SERVICE: before the parts",
        ));
    };
    let Some(ty) = ObjectType::from_prefix(prefix) else {
        return Err(invalid(
            kind,
            input,
            // The type is where the quoted input starts: not quoted a second time, so the
            // message stays small whatever the input holds.
            "unknown object type before ':': expected MEMBER, SUBSYSTEM or SERVICE",
        ));
    };
    Ok((ty, rest))
}

const KIND_CLIENT: &str = "client id";
const KIND_SERVICE: &str = "service id";
const KIND_PARTY: &str = "represented party";

/// Implements the string traits shared by the identifier types: `Display` (slash form),
/// `FromStr`, `AsRef<str>`, serde as a string, `Debug` as the slash form.
macro_rules! string_traits {
    ($ty:ident) => {
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }

        impl fmt::Debug for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}({:?})", stringify!($ty), self.text)
            }
        }

        impl FromStr for $ty {
            type Err = Error;
            fn from_str(s: &str) -> Result<Self> {
                $ty::parse(s)
            }
        }

        impl AsRef<str> for $ty {
            fn as_ref(&self) -> &str {
                &self.text
            }
        }

        impl serde::Serialize for $ty {
            fn serialize<S: serde::Serializer>(
                &self,
                serializer: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.text)
            }
        }

        impl<'de> serde::Deserialize<'de> for $ty {
            fn deserialize<D: serde::Deserializer<'de>>(
                deserializer: D,
            ) -> std::result::Result<Self, D::Error> {
                let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
                $ty::parse(&text).map_err(serde::de::Error::custom)
            }
        }
    };
}

/// A service client: a member (`INSTANCE/CLASS/MEMBER`) or one of its subsystems
/// (`INSTANCE/CLASS/MEMBER/SUBSYSTEM`), as in the `X-Road-Client` header.
///
/// ```
/// use govblocks_exchange::xroad::{ClientId, ObjectType};
/// let id: ClientId = "EE/GOV/70000001/social".parse()?;
/// assert_eq!(id.object_type(), ObjectType::Subsystem);
/// assert_eq!(id.subsystem_code(), Some("social"));
/// assert_eq!(id.to_object_string(), "SUBSYSTEM:EE/GOV/70000001/social");
/// assert_eq!(ClientId::parse_object("SUBSYSTEM:EE/GOV/70000001/social")?, id);
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ClientId {
    /// The canonical slash form (kept so that [`ClientId::as_str`] borrows).
    text: String,
    /// The parts, as slices of `text` (decoded only when one holds `%3F`).
    parts: Parts,
}

string_traits!(ClientId);

/// The parts of a slash form, found in its text: an id holds its text and where each part
/// ends in it, rather than a string per part (an envelope's two ids were thirteen allocations,
/// now three). The text is the parts encoded (`?` written `%3F`, nothing else), so a part is
/// its slice of the text unless it holds a `%`; then every part is kept decoded.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Parts {
    /// The offset just past each part (the `/` after it, or the end of the text).
    ends: [usize; 6],
    /// How many parts (at most six).
    count: usize,
    /// Every part decoded, when the text holds a `%`.
    decoded: Option<Box<[String]>>,
}

impl Parts {
    /// The parts of `text`, a slash form of at most six parts (more are not kept: the callers
    /// checked the count).
    fn of(text: &str) -> Self {
        let mut ends = [0usize; 6];
        let mut count = 0;
        for (at, _) in text.match_indices('/').chain([(text.len(), "")]) {
            if let Some(end) = ends.get_mut(count) {
                *end = at;
                count += 1;
            }
        }
        let decoded = text
            .contains('%')
            .then(|| text.split('/').take(6).map(decode_canonical_part).collect());
        Parts {
            ends,
            count,
            decoded,
        }
    }

    /// The parts of `text`, which [`scan_canonical`] found to be `scan` (no second pass over
    /// it unless a part holds `%3F`).
    fn from_scan(text: &str, scan: &Scan) -> Self {
        if scan.escaped {
            return Self::of(text);
        }
        Parts {
            ends: scan.ends,
            count: scan.count,
            decoded: None,
        }
    }

    /// Part `i` of `text` (the text these parts were found in), decoded.
    fn get<'a>(&'a self, text: &'a str, i: usize) -> Option<&'a str> {
        if i >= self.count {
            return None;
        }
        if let Some(decoded) = &self.decoded {
            return decoded.get(i).map(String::as_str);
        }
        let start = match i.checked_sub(1) {
            Some(previous) => self.ends.get(previous)? + 1,
            None => 0,
        };
        text.get(start..*self.ends.get(i)?)
    }
}

impl ClientId {
    /// Reads the slash form `INSTANCE/CLASS/MEMBER[/SUBSYSTEM]`, each part percent-encoded.
    pub fn parse(input: &str) -> Result<Self> {
        let parts = split_slash(KIND_CLIENT, input, &[3, 4])?;
        Ok(Self::from_parts(parts))
    }

    /// Reads the slash form only when it is already canonical (`parse(s)?.as_str() == s`):
    /// what an envelope's `client` holds, so that the typed envelope writes back the very bytes
    /// that were signed. `EE/GOV/%41` is a client id but not a canonical one (`EE/GOV/A`).
    pub fn parse_canonical(input: &str) -> Result<Self> {
        // Canonical input (every envelope's) is split as it stands, without decoding it into
        // parts and printing them back; anything else goes through the parser, which says
        // what is wrong.
        if let Some(scan) = scan_canonical(input, CLIENT_PARTS) {
            return Ok(Self::from_scan(input.to_owned(), &scan));
        }
        let id = Self::parse(input)?;
        if id.text != input {
            return Err(not_canonical(KIND_CLIENT, input, &id.text));
        }
        Ok(id)
    }

    /// [`ClientId::parse_canonical`] of text the caller owns (a header member read by move):
    /// kept as the id's text, not copied.
    pub(crate) fn parse_canonical_owned(input: String) -> Result<Self> {
        if let Some(scan) = scan_canonical(&input, CLIENT_PARTS) {
            return Ok(Self::from_scan(input, &scan));
        }
        Self::parse_canonical(&input)
    }

    /// From the canonical slash form `input`, which [`scan_canonical`] found to be `scan`.
    fn from_scan(input: String, scan: &Scan) -> Self {
        ClientId {
            parts: Parts::from_scan(&input, scan),
            text: input,
        }
    }

    /// From the canonical slash form (3 or 4 parts: [`is_canonical_client`] said so).
    fn from_canonical(input: &str) -> Self {
        Self::from_canonical_owned(input.to_owned())
    }

    /// [`ClientId::from_canonical`], keeping `input` as the text.
    fn from_canonical_owned(input: String) -> Self {
        ClientId {
            parts: Parts::of(&input),
            text: input,
        }
    }

    /// Reads the textual form `MEMBER:INSTANCE/CLASS/MEMBER` or
    /// `SUBSYSTEM:INSTANCE/CLASS/MEMBER/SUBSYSTEM` (raw parts).
    pub fn parse_object(input: &str) -> Result<Self> {
        let (ty, rest) = split_type(KIND_CLIENT, input)?;
        let count = match ty {
            ObjectType::Member => 3,
            ObjectType::Subsystem => 4,
            ObjectType::Service => {
                return Err(invalid(
                    KIND_CLIENT,
                    input,
                    "a client is a MEMBER or a SUBSYSTEM, not a SERVICE",
                ))
            }
        };
        let parts = split_raw(KIND_CLIENT, input, rest, &[count])?;
        Ok(Self::from_parts(parts))
    }

    /// A member, from its decoded parts.
    pub fn member(instance: &str, member_class: &str, member_code: &str) -> Result<Self> {
        Self::checked(&[instance, member_class, member_code])
    }

    /// A subsystem, from its decoded parts.
    pub fn subsystem(
        instance: &str,
        member_class: &str,
        member_code: &str,
        subsystem_code: &str,
    ) -> Result<Self> {
        Self::checked(&[instance, member_class, member_code, subsystem_code])
    }

    fn checked(parts: &[&str]) -> Result<Self> {
        let joined = parts.join("/");
        for (i, p) in parts.iter().enumerate() {
            check_part(PART_NAMES[i], p).map_err(|why| invalid(KIND_CLIENT, &joined, why))?;
        }
        Ok(Self::from_parts(
            parts.iter().map(|p| (*p).to_owned()).collect(),
        ))
    }

    /// From 3 or 4 checked parts.
    fn from_parts(parts: Vec<String>) -> Self {
        let mut text = String::new();
        for p in parts.iter().take(4) {
            if !text.is_empty() {
                text.push('/');
            }
            encode_part(p, &mut text);
        }
        Self::from_canonical_owned(text)
    }

    /// The slash form, percent-encoded (what [`Display`](fmt::Display) prints).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The textual form with its object type: `MEMBER:…` or `SUBSYSTEM:…` (raw parts).
    pub fn to_object_string(&self) -> String {
        let mut s = format!(
            "{}:{}/{}/{}",
            self.object_type(),
            self.instance(),
            self.member_class(),
            self.member_code()
        );
        if let Some(sub) = self.subsystem_code() {
            s.push('/');
            s.push_str(sub);
        }
        s
    }

    /// [`ObjectType::Member`] or [`ObjectType::Subsystem`].
    pub fn object_type(&self) -> ObjectType {
        if self.subsystem_code().is_some() {
            ObjectType::Subsystem
        } else {
            ObjectType::Member
        }
    }

    /// The X-Road instance (`EE`).
    pub fn instance(&self) -> &str {
        self.parts.get(&self.text, 0).unwrap_or_default()
    }

    /// The member class (`GOV`, `COM`, …: each instance defines its own).
    pub fn member_class(&self) -> &str {
        self.parts.get(&self.text, 1).unwrap_or_default()
    }

    /// The member code (`70000001`).
    pub fn member_code(&self) -> &str {
        self.parts.get(&self.text, 2).unwrap_or_default()
    }

    /// The subsystem code, for a subsystem.
    pub fn subsystem_code(&self) -> Option<&str> {
        self.parts.get(&self.text, 3)
    }

    /// The member this client is or belongs to (the subsystem dropped).
    pub fn member_id(&self) -> ClientId {
        Self::from_parts(vec![
            self.instance().to_owned(),
            self.member_class().to_owned(),
            self.member_code().to_owned(),
        ])
    }
}

/// A service of a subsystem: `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`, as in the
/// `{serviceId}` of the request URL (without a version there) and the `X-Road-Service` header.
///
/// ```
/// use govblocks_exchange::xroad::ServiceId;
/// let id: ServiceId = "EE/GOV/70000002/population/residence".parse()?;
/// assert_eq!(id.service_code(), "residence");
/// assert_eq!(id.provider().as_str(), "EE/GOV/70000002/population");
/// assert_eq!(id.to_object_string(), "SERVICE:EE/GOV/70000002/population/residence");
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ServiceId {
    text: String,
    provider: ClientId,
    /// The parts of `text` (the service code is the fifth, the version the sixth).
    parts: Parts,
}

string_traits!(ServiceId);

impl ServiceId {
    /// Reads the slash form `INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]`, each part
    /// percent-encoded.
    pub fn parse(input: &str) -> Result<Self> {
        let parts = split_slash(KIND_SERVICE, input, &[5, 6])?;
        Ok(Self::from_parts(parts))
    }

    /// Reads the slash form only when it is already canonical (`parse(s)?.as_str() == s`), as
    /// [`ClientId::parse_canonical`]: what an envelope's `service` holds.
    pub fn parse_canonical(input: &str) -> Result<Self> {
        // As `ClientId::parse_canonical`: canonical input is split as it stands.
        if let Some(scan) = scan_canonical(input, SERVICE_PARTS) {
            return Ok(Self::from_scan(input.to_owned(), &scan));
        }
        let id = Self::parse(input)?;
        if id.text != input {
            return Err(not_canonical(KIND_SERVICE, input, &id.text));
        }
        Ok(id)
    }

    /// [`ServiceId::parse_canonical`] of text the caller owns (a header member read by move):
    /// kept as the id's text, not copied.
    pub(crate) fn parse_canonical_owned(input: String) -> Result<Self> {
        if let Some(scan) = scan_canonical(&input, SERVICE_PARTS) {
            return Ok(Self::from_scan(input, &scan));
        }
        Self::parse_canonical(&input)
    }

    /// From the canonical slash form `input`, which [`scan_canonical`] found to be `scan`: the
    /// provider is its first four parts, found in the same pass.
    fn from_scan(input: String, scan: &Scan) -> Self {
        if scan.escaped {
            return Self::from_canonical_owned(input);
        }
        let provider_end = scan.ends[3];
        let mut provider_ends = [0; 6];
        provider_ends[..4].copy_from_slice(&scan.ends[..4]);
        let provider = ClientId {
            text: input[..provider_end].to_owned(),
            parts: Parts {
                ends: provider_ends,
                count: 4,
                decoded: None,
            },
        };
        ServiceId {
            parts: Parts::from_scan(&input, scan),
            text: input,
            provider,
        }
    }

    /// From the canonical slash form `input` (5 or 6 parts: [`is_canonical_service`] said
    /// so), a part of which holds `%3F`.
    fn from_canonical_owned(input: String) -> Self {
        // The provider is the first four parts, the text up to the fourth slash.
        let provider_end = input
            .match_indices('/')
            .nth(3)
            .map_or(input.len(), |(at, _)| at);
        let provider = ClientId::from_canonical(&input[..provider_end]);
        ServiceId {
            parts: Parts::of(&input),
            text: input,
            provider,
        }
    }

    /// Reads the textual form `SERVICE:INSTANCE/CLASS/MEMBER/SUBSYSTEM/SERVICE[/VERSION]` (raw
    /// parts).
    pub fn parse_object(input: &str) -> Result<Self> {
        let (ty, rest) = split_type(KIND_SERVICE, input)?;
        if ty != ObjectType::Service {
            return Err(invalid(
                KIND_SERVICE,
                input,
                format!("a service id is of type SERVICE, not {ty}"),
            ));
        }
        let parts = split_raw(KIND_SERVICE, input, rest, &[5, 6])?;
        Ok(Self::from_parts(parts))
    }

    /// The service `service_code` (and `version`) of the subsystem `provider`.
    pub fn new(provider: &ClientId, service_code: &str, version: Option<&str>) -> Result<Self> {
        let context = format!(
            "{}/{service_code}{}",
            provider.as_str(),
            version.map(|v| format!("/{v}")).unwrap_or_default()
        );
        if provider.subsystem_code().is_none() {
            return Err(invalid(
                KIND_SERVICE,
                &context,
                "the provider must be a subsystem (INSTANCE/CLASS/MEMBER/SUBSYSTEM)",
            ));
        }
        check_part(PART_NAMES[4], service_code)
            .map_err(|why| invalid(KIND_SERVICE, &context, why))?;
        if let Some(v) = version {
            check_part(PART_NAMES[5], v).map_err(|why| invalid(KIND_SERVICE, &context, why))?;
        }
        Ok(Self::build(
            provider.clone(),
            service_code.to_owned(),
            version.map(str::to_owned),
        ))
    }

    fn from_parts(mut parts: Vec<String>) -> Self {
        let version = if parts.len() == 6 { parts.pop() } else { None };
        let service_code = parts.pop().unwrap_or_default();
        Self::build(ClientId::from_parts(parts), service_code, version)
    }

    fn build(provider: ClientId, service_code: String, version: Option<String>) -> Self {
        let mut text = provider.text.clone();
        text.push('/');
        encode_part(&service_code, &mut text);
        if let Some(v) = &version {
            text.push('/');
            encode_part(v, &mut text);
        }
        ServiceId {
            parts: Parts::of(&text),
            text,
            provider,
        }
    }

    /// The slash form, percent-encoded (what [`Display`](fmt::Display) prints).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The textual form `SERVICE:…` (raw parts).
    pub fn to_object_string(&self) -> String {
        let mut s = format!(
            "SERVICE:{}/{}/{}/{}/{}",
            self.instance(),
            self.member_class(),
            self.member_code(),
            self.subsystem_code(),
            self.service_code()
        );
        if let Some(v) = self.version() {
            s.push('/');
            s.push_str(v);
        }
        s
    }

    /// Always [`ObjectType::Service`].
    pub fn object_type(&self) -> ObjectType {
        ObjectType::Service
    }

    /// The subsystem providing the service.
    pub fn provider(&self) -> &ClientId {
        &self.provider
    }

    /// The X-Road instance of the provider.
    pub fn instance(&self) -> &str {
        self.provider.instance()
    }

    /// The provider's member class.
    pub fn member_class(&self) -> &str {
        self.provider.member_class()
    }

    /// The provider's member code.
    pub fn member_code(&self) -> &str {
        self.provider.member_code()
    }

    /// The provider's subsystem code.
    pub fn subsystem_code(&self) -> &str {
        self.provider.subsystem_code().unwrap_or_default()
    }

    /// The service code.
    pub fn service_code(&self) -> &str {
        self.parts.get(&self.text, 4).unwrap_or_default()
    }

    /// The service version, if any (SOAP services; a REST request carries none).
    pub fn version(&self) -> Option<&str> {
        self.parts.get(&self.text, 5)
    }

    /// The same service without its version (X-Road's access rights ignore versions).
    pub fn without_version(&self) -> ServiceId {
        Self::build(self.provider.clone(), self.service_code().to_owned(), None)
    }
}

/// The party a client represents (`X-Road-Represented-Party`, PR-REST §4.3):
/// `[MEMBER CLASS/]MEMBER CODE`.
///
/// ```
/// use govblocks_exchange::xroad::RepresentedParty;
/// let p: RepresentedParty = "COM/12345678".parse()?;
/// assert_eq!((p.member_class(), p.member_code()), (Some("COM"), "12345678"));
/// # Ok::<(), govblocks_exchange::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RepresentedParty {
    text: String,
    member_class: Option<String>,
    member_code: String,
}

string_traits!(RepresentedParty);

impl RepresentedParty {
    /// Reads `[CLASS/]CODE`, each part percent-encoded.
    pub fn parse(input: &str) -> Result<Self> {
        let mut parts = split_slash(KIND_PARTY, input, &[1, 2])?;
        let member_code = parts.pop().unwrap_or_default();
        Ok(Self::build(parts.pop(), member_code))
    }

    /// A party from its decoded parts.
    pub fn new(member_class: Option<&str>, member_code: &str) -> Result<Self> {
        let context = match member_class {
            Some(c) => format!("{c}/{member_code}"),
            None => member_code.to_owned(),
        };
        if let Some(c) = member_class {
            check_part("member class", c).map_err(|why| invalid(KIND_PARTY, &context, why))?;
        }
        check_part("member code", member_code).map_err(|why| invalid(KIND_PARTY, &context, why))?;
        Ok(Self::build(
            member_class.map(str::to_owned),
            member_code.to_owned(),
        ))
    }

    fn build(member_class: Option<String>, member_code: String) -> Self {
        let mut text = String::new();
        if let Some(c) = &member_class {
            encode_part(c, &mut text);
            text.push('/');
        }
        encode_part(&member_code, &mut text);
        RepresentedParty {
            text,
            member_class,
            member_code,
        }
    }

    /// The slash form, percent-encoded.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The member class, if given.
    pub fn member_class(&self) -> Option<&str> {
        self.member_class.as_deref()
    }

    /// The member code.
    pub fn member_code(&self) -> &str {
        &self.member_code
    }
}

#[cfg(test)]
mod canonical_check_tests {
    use super::*;

    #[test]
    fn the_allocation_free_canonical_check_agrees_with_the_parsers() {
        let long = "a".repeat(MAX_PART_LEN);
        let too_long = "a".repeat(MAX_PART_LEN + 1);
        let questions = "?".repeat(MAX_PART_LEN);
        let question_escapes = "%3F".repeat(MAX_PART_LEN);
        let mut cases: Vec<String> = [
            "EE/GOV/70000001",
            "EE/GOV/70000001/social",
            "EE/GOV/70000001/social/getPerson",
            "EE/GOV/70000001/social/getPerson/v1",
            "EE/GOV/70000001/social/getPerson/v1/x",
            "EE/GOV/70000001/social/get%3FPerson/v%3F1",
            "EE/GOV/70000001/so%3Fcial/getPerson",
            "EE/GOV",
            "",
            "/",
            "EE//70000001",
            "EE/GOV/70000001/",
            "EE/GOV/7000%3F0001/so'cial(+),-.=",
            "EE/GOV/7000%3f0001",
            "EE/GOV/7000?0001",
            "EE/GOV/%41",
            "EE/GOV/%3",
            "EE/GOV/%",
            "EE/GOV/a_b",
            "EE/GOV/a b",
            "EE/GOV/a~b",
            "EE/GOV/a%2Fb",
            "EE/GOV/ä",
            "EE/GOV/a:b",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        for part in [&long, &too_long, &questions, &question_escapes] {
            cases.push(format!("EE/GOV/{part}"));
            cases.push(format!("EE/GOV/1/{part}/s"));
        }
        for case in &cases {
            // The check against the full parser (parse, then print back the same text), and
            // `parse_canonical`'s split of canonical text against the parser's value, part for
            // part (the derived `Eq` compares every field).
            let client = ClientId::parse(case).ok().filter(|id| id.as_str() == case);
            assert_eq!(
                is_canonical_client(case),
                client.is_some(),
                "client {case:?}"
            );
            assert_eq!(
                ClientId::parse_canonical(case).ok(),
                client,
                "client {case:?}"
            );
            let service = ServiceId::parse(case).ok().filter(|id| id.as_str() == case);
            assert_eq!(
                is_canonical_service(case),
                service.is_some(),
                "service {case:?}"
            );
            assert_eq!(
                ServiceId::parse_canonical(case).ok(),
                service,
                "service {case:?}"
            );
            // The readers by move (an envelope's header) agree too, the service's provider
            // included (found in the same pass).
            assert_eq!(
                ClientId::parse_canonical_owned(case.clone()).ok(),
                client,
                "client {case:?}"
            );
            let owned = ServiceId::parse_canonical_owned(case.clone()).ok();
            assert_eq!(
                owned.as_ref().map(|s| s.provider().clone()),
                service.as_ref().map(|s| s.provider().clone()),
                "provider {case:?}"
            );
            assert_eq!(owned, service, "service {case:?}");
        }
    }
}
