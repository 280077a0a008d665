//! The bounded XML reader every ISO 20022 import of this crate stands on (pain.001, pain.002).
//!
//! A pull reader over a whole file in memory, on [`quick_xml`]'s streaming parser: no DOM is
//! built, and the reader holds only the path of open elements. Its guarantees:
//!
//! * **Bounded**: a document longer than [`Limits::max_bytes`] is refused before it is read
//!   (`payments.xml_too_large`), elements nested deeper than [`Limits::max_depth`] are refused
//!   (`payments.xml_too_deep`), one element's text longer than [`Limits::max_text`] is refused
//!   (`payments.xml_too_large`).
//! * **No DTD, no entity expansion**: a `<!DOCTYPE …>` is refused wherever it stands
//!   (`payments.xml_doctype`) — so a billion-laughs file is refused at its first line — and a
//!   reference to any entity but XML's five predefined ones and character references is
//!   refused (`payments.xml_entity`).
//! * **Well-formed UTF-8 only**: end tags must match, one root element, no text where an element
//!   belongs, no encoding declared other than UTF-8, at most [`MAX_CHILD_NAMES`] different
//!   child names under one element (`payments.xml_malformed`).
//! * **Located**: [`XmlReader::location`] is the XPath-like path of the current element,
//!   `/Document/CstmrCdtTrfInitn/PmtInf[2]/CdtTrfTxInf[5]/Amt/InstdAmt`. An element gets its
//!   index among its same-named siblings (from 1) when it is not the first of them, or always
//!   when its name is one of the reader's [`indexed`](XmlReader::indexed) names (the repeated
//!   blocks of a message), so that `PmtInf[1]` names the first block unambiguously.
//!   [`XmlReader::locate`] wraps any error with that location (`Error::InXml`, which keeps the
//!   wrapped error's code). A name longer than [`QUOTE_LIMIT`] is
//!   cut in a location, so that a location is at most about 50 characters a level.
//!
//! Names are local names: a prefix (`<p:Document xmlns:p="…">`) is dropped, and the namespace
//! is read only on the root element ([`XmlReader::root_namespace`]), which is where ISO 20022
//! messages declare it.
//!
//! ```
//! use govblocks_payments::iso20022::xml::{Limits, Node, XmlReader};
//!
//! let doc = "<Document xmlns='urn:x'><A><B>1</B><B>2 &amp; 3</B></A></Document>";
//! let mut reader = XmlReader::new(doc, Limits::default())?.indexed(&["B"]);
//! let mut texts = Vec::new();
//! while let Some(node) = reader.next()? {
//!     if let Node::Start(element) = node {
//!         if element.name() == "B" {
//!             texts.push((reader.location(), reader.text()?.into_owned()));
//!         }
//!     }
//! }
//! assert_eq!(reader.root_namespace(), Some("urn:x"));
//! assert_eq!(texts[1], ("/Document/A/B[2]".to_owned(), "2 & 3".to_owned()));
//!
//! let laughs = "<?xml version='1.0'?><!DOCTYPE lolz [<!ENTITY lol 'lol'>]><lolz>&lol;</lolz>";
//! let mut reader = XmlReader::new(laughs, Limits::default())?;
//! assert_eq!(reader.next().unwrap_err().code(), "payments.xml_doctype");
//! # Ok::<(), govblocks_payments::Error>(())
//! ```

use crate::error::{quote, Error, Result, QUOTE_LIMIT};
use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesDecl, BytesStart, Event};
use std::borrow::Cow;
use std::fmt::Write as _;

/// The default [`Limits::max_bytes`]: 512 MiB (a pain.001 file of a million transfers is
/// about 500 MiB).
pub const DEFAULT_MAX_BYTES: usize = 512 * 1024 * 1024;
/// The default [`Limits::max_depth`]: 32 (ISO 20022 payment messages nest about 12 deep).
pub const DEFAULT_MAX_DEPTH: usize = 32;
/// The default [`Limits::max_text`]: 4,096 bytes (the longest ISO 20022 text is 2,048
/// characters).
pub const DEFAULT_MAX_TEXT: usize = 4096;

/// At most this many different child element names under one element (ISO 20022's largest
/// types have about 30): the sibling counters stay small, so counting is linear in the file.
pub const MAX_CHILD_NAMES: usize = 256;

/// What an [`XmlReader`] accepts at most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// The document's size in bytes.
    pub max_bytes: usize,
    /// How deep elements nest (the root is at depth 1).
    pub max_depth: usize,
    /// The size in bytes of one element's text, after entity and character references.
    pub max_text: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_bytes: DEFAULT_MAX_BYTES,
            max_depth: DEFAULT_MAX_DEPTH,
            max_text: DEFAULT_MAX_TEXT,
        }
    }
}

impl Limits {
    /// With another maximum document size.
    pub fn with_max_bytes(mut self, max_bytes: usize) -> Limits {
        self.max_bytes = max_bytes;
        self
    }

    /// With another maximum depth.
    pub fn with_max_depth(mut self, max_depth: usize) -> Limits {
        self.max_depth = max_depth;
        self
    }

    /// With another maximum text size.
    pub fn with_max_text(mut self, max_text: usize) -> Limits {
        self.max_text = max_text;
        self
    }
}

/// What [`XmlReader::next`] meets: an element's start or end (an empty element `<a/>` is a
/// start and an end).
#[derive(Debug)]
pub enum Node<'a> {
    /// An element starts; the reader's [`location`](XmlReader::location) is now its path.
    Start(Element<'a>),
    /// The current element ends; the location is now its parent's.
    End,
}

/// A start tag: its local name and its attributes.
#[derive(Debug, Clone, Copy)]
pub struct Element<'a> {
    /// The tag's content between `<` and `>` (name and attributes), a slice of the input.
    tag: &'a str,
    /// The length of the tag's qualified name at the start of `tag`.
    name_len: usize,
    name: &'a str,
}

impl<'a> Element<'a> {
    /// The local name (without a namespace prefix).
    #[inline]
    pub fn name(&self) -> &'a str {
        self.name
    }

    /// The value of the attribute with this local name, references resolved; `None` when the
    /// element does not have it (`payments.xml_malformed`, `payments.xml_entity` when it is
    /// not well formed). Every attribute of the tag is read, so a name given twice is refused
    /// (XML 1.0 §3.1, "Unique Att Spec"), and so are two attributes whose local names are the
    /// same under different prefixes (`a:Ccy="EUR" Ccy="USD"`): which one is meant would be a
    /// guess.
    pub fn attribute(&self, name: &str) -> Result<Option<Cow<'_, str>>> {
        let mut found = None;
        // The attributes of the tag, borrowed from the input (as `BytesStart::attributes`
        // reads them: quoted values, a full name given twice refused).
        for attribute in Attributes::new(self.tag, self.name_len) {
            let attribute = attribute.map_err(|e| malformed_at(self.name, e.to_string()))?;
            if attribute.key.local_name().as_ref() != name.as_bytes() {
                continue;
            }
            if found.is_some() {
                return Err(malformed_at(
                    self.name,
                    format!("the attribute {name} given twice"),
                ));
            }
            let raw = match attribute.value {
                Cow::Borrowed(b) => {
                    Cow::Borrowed(std::str::from_utf8(b).map_err(|_| not_utf8(self.name))?)
                }
                Cow::Owned(b) => Cow::Owned(String::from_utf8(b).map_err(|_| not_utf8(self.name))?),
            };
            found = Some(unescape(raw, self.name)?);
        }
        Ok(found)
    }
}

/// One open element: its name (borrowed from the input), its index among same-named
/// siblings, and where its children's counters start.
#[derive(Debug, Clone, Copy)]
struct Frame<'a> {
    name: &'a str,
    index: u32,
    children: usize,
}

/// A bounded, located pull reader over one XML document (see the [module](self)).
#[derive(Debug)]
pub struct XmlReader<'a> {
    reader: quick_xml::Reader<&'a [u8]>,
    input: &'a str,
    limits: Limits,
    indexed: &'static [&'static str],
    /// The open elements, outermost first. Names are slices of the input: nothing is copied
    /// per element, and a location is only written out when it is asked for.
    stack: Vec<Frame<'a>>,
    /// Same-named sibling counters of the open elements' children: (name, count).
    counts: Vec<(&'a str, u32)>,
    root_namespace: Option<String>,
    root_seen: bool,
    done: bool,
}

impl<'a> XmlReader<'a> {
    /// A reader of `input` (`payments.xml_too_large` when it is over the limit). A leading
    /// byte-order mark is skipped.
    pub fn new(input: &'a str, limits: Limits) -> Result<XmlReader<'a>> {
        if input.len() > limits.max_bytes {
            return Err(Error::XmlTooLarge {
                what: "the document".to_owned(),
                size: input.len(),
                limit: limits.max_bytes,
            });
        }
        let input = input.strip_prefix('\u{feff}').unwrap_or(input);
        let mut reader = quick_xml::Reader::from_str(input);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        config.trim_text(false);
        Ok(XmlReader {
            reader,
            input,
            limits,
            indexed: &[],
            stack: Vec::with_capacity(limits.max_depth.min(64)),
            counts: Vec::with_capacity(64),
            root_namespace: None,
            root_seen: false,
            done: false,
        })
    }

    /// A reader of `input` bytes, which must be UTF-8 (`payments.xml_malformed`).
    pub fn from_bytes(input: &'a [u8], limits: Limits) -> Result<XmlReader<'a>> {
        if input.len() > limits.max_bytes {
            return Err(Error::XmlTooLarge {
                what: "the document".to_owned(),
                size: input.len(),
                limit: limits.max_bytes,
            });
        }
        let text = std::str::from_utf8(input).map_err(|e| Error::XmlMalformed {
            location: "/".to_owned(),
            reason: format!("not UTF-8 (at byte {})", e.valid_up_to()),
        })?;
        XmlReader::new(text, limits)
    }

    /// With names that always get their index in a location (`PmtInf[1]`), even the first of
    /// them.
    pub fn indexed(mut self, names: &'static [&'static str]) -> XmlReader<'a> {
        self.indexed = names;
        self
    }

    /// The namespace the root element declares for its own name (`xmlns`, or `xmlns:p` for a
    /// root `p:Document`), once the root has started.
    pub fn root_namespace(&self) -> Option<&str> {
        self.root_namespace.as_deref()
    }

    /// How many elements are open (0 before the root and after it).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The XPath-like path of the current element (`/` outside the root).
    pub fn location(&self) -> String {
        if self.stack.is_empty() {
            return "/".to_owned();
        }
        let mut out = String::with_capacity(64);
        for frame in &self.stack {
            let name = frame.name;
            out.push('/');
            if name.len() > QUOTE_LIMIT {
                out.push_str(&quote(name));
            } else {
                out.push_str(name);
            }
            if frame.index > 1 || self.indexed.contains(&name) {
                let _ = write!(out, "[{}]", frame.index);
            }
        }
        out
    }

    /// The location of the current element's child `name` (not read): the current location
    /// and `/name`, for an element found missing.
    pub fn location_of(&self, child: &str) -> String {
        let mut out = self.location();
        if out != "/" {
            out.push('/');
        }
        out.push_str(child);
        out
    }

    /// `error` at the current element: [`Error::InXml`] with its [`location`](Self::location)
    /// (the wrapped error keeps its code). An error located already is returned as it is.
    pub fn locate(&self, error: Error) -> Error {
        match error {
            Error::InXml { .. }
            | Error::XmlTooLarge { .. }
            | Error::XmlTooDeep { .. }
            | Error::XmlDoctype { .. }
            | Error::XmlEntity { .. }
            | Error::XmlMalformed { .. } => error,
            other => Error::InXml {
                location: self.location(),
                source: Box::new(other),
            },
        }
    }

    /// `payments.xml_malformed` at the current element.
    pub fn malformed(&self, reason: impl Into<String>) -> Error {
        Error::XmlMalformed {
            location: self.location(),
            reason: govblocks_core::error::clip(&reason.into(), MAX_REASON_BYTES),
        }
    }

    /// The next element start or end; `None` once the root element has ended and only
    /// comments, processing instructions and white space follow. Comments, processing
    /// instructions and white space between elements are skipped; other text there is refused.
    #[allow(clippy::should_implement_trait)]
    #[inline]
    pub fn next(&mut self) -> Result<Option<Node<'a>>> {
        if self.done {
            return Ok(None);
        }
        loop {
            // The parser's result matched where it is returned (not moved through `event`):
            // the hot path of every element.
            match self.reader.read_event() {
                Ok(Event::Start(start)) => return self.start(&start).map(|e| Some(Node::Start(e))),
                Ok(Event::End(_)) => {
                    self.end();
                    return Ok(Some(Node::End));
                }
                Ok(Event::Text(text)) => {
                    if !text.iter().all(u8::is_ascii_whitespace) {
                        return Err(self.malformed("text where an element belongs"));
                    }
                }
                Ok(Event::GeneralRef(reference)) => {
                    self.resolve(&reference)?;
                    return Err(self.malformed("text where an element belongs"));
                }
                Ok(Event::CData(_)) => return Err(self.malformed("text where an element belongs")),
                Ok(Event::Eof) => {
                    if !self.stack.is_empty() {
                        return Err(self.malformed("the document ends inside an element"));
                    }
                    if !self.root_seen {
                        return Err(self.malformed("no root element"));
                    }
                    self.done = true;
                    return Ok(None);
                }
                Ok(Event::DocType(_)) => return Err(self.doctype()),
                Ok(Event::Decl(decl)) => {
                    self.declaration(decl)?;
                }
                // `Empty` never comes (empty elements are expanded); comments and PIs are
                // skipped.
                Ok(_) => {}
                Err(e) => return Err(self.parse_error(&e)),
            }
        }
    }

    /// The text of the element that just started, up to its end (which is consumed: the
    /// location is then the parent's). Entity and character references are resolved, CDATA
    /// sections kept, line ends normalized; a child element is refused
    /// (`payments.xml_malformed`), a text over [`Limits::max_text`] too
    /// (`payments.xml_too_large`). Borrowed from the input when it needs no change.
    #[inline]
    pub fn text(&mut self) -> Result<Cow<'a, str>> {
        let text = self.raw_text()?;
        self.end();
        Ok(text)
    }

    /// The text of the element that just started, as [`text`](Self::text) reads it, given to
    /// `parse`; an error of `parse` is [located](Self::locate) at the element. Its end is then
    /// consumed (the location is the parent's).
    #[inline]
    pub fn parse_text<T>(&mut self, parse: impl FnOnce(&str) -> Result<T>) -> Result<T> {
        let text = self.raw_text()?;
        let value = parse(&text).map_err(|e| self.locate(e))?;
        self.end();
        Ok(value)
    }

    /// The text up to the current element's end, which is read but not popped.
    #[inline]
    fn raw_text(&mut self) -> Result<Cow<'a, str>> {
        // The common case, inline: no text, or one piece of the input as it stands, then the
        // end; anything else (references, CDATA, carriage returns, errors) out of line.
        if self.done {
            return self.text_rest(None, Event::Eof);
        }
        match self.reader.read_event() {
            Ok(Event::End(_)) => Ok(Cow::Borrowed("")),
            Ok(Event::Text(text)) => match self.borrowed(&text) {
                Some(piece) if piece.len() <= self.limits.max_text => {
                    match self.reader.read_event() {
                        Ok(Event::End(_)) => Ok(Cow::Borrowed(piece)),
                        Ok(Event::DocType(_)) => Err(self.doctype()),
                        Ok(Event::Decl(decl)) => {
                            let next = self.declaration(decl)?;
                            self.text_rest(Some(Cow::Borrowed(piece)), next)
                        }
                        Ok(next) => self.text_rest(Some(Cow::Borrowed(piece)), next),
                        Err(e) => Err(self.parse_error(&e)),
                    }
                }
                _ => self.text_rest(None, Event::Text(text)),
            },
            Ok(Event::DocType(_)) => Err(self.doctype()),
            Ok(Event::Decl(decl)) => {
                let first = self.declaration(decl)?;
                self.text_rest(None, first)
            }
            Ok(first) => self.text_rest(None, first),
            Err(e) => Err(self.parse_error(&e)),
        }
    }

    /// The rest of a text, from the event `pending` on, after `out`.
    #[inline(never)]
    fn text_rest(
        &mut self,
        mut out: Option<Cow<'a, str>>,
        mut pending: Event<'a>,
    ) -> Result<Cow<'a, str>> {
        loop {
            let piece: Cow<'a, str> = match pending {
                Event::End(_) => return Ok(out.unwrap_or(Cow::Borrowed(""))),
                Event::Text(text) => match self.borrowed(&text) {
                    // A piece of the input without a carriage return needs no change: it is
                    // borrowed as it stands (already UTF-8, a `str`'s slice).
                    Some(piece) => Cow::Borrowed(piece),
                    None => text
                        .xml10_content()
                        .map_err(|e| self.malformed(e.to_string()))?,
                },
                Event::CData(data) => {
                    let decoded = data
                        .xml10_content()
                        .map_err(|e| self.malformed(e.to_string()))?;
                    decoded
                }
                Event::GeneralRef(reference) => Cow::Owned(self.resolve(&reference)?.to_string()),
                Event::Start(_) => return Err(self.malformed("an element inside a text")),
                Event::Eof => return Err(self.malformed("the document ends inside an element")),
                _ => {
                    pending = self.event()?;
                    continue;
                }
            };
            out = Some(match out {
                None => piece,
                Some(before) => {
                    let mut owned = before.into_owned();
                    owned.push_str(&piece);
                    Cow::Owned(owned)
                }
            });
            let size = out.as_ref().map_or(0, |t| t.len());
            if size > self.limits.max_text {
                return Err(Error::XmlTooLarge {
                    what: self.location(),
                    size,
                    limit: self.limits.max_text,
                });
            }
            pending = self.event()?;
        }
    }

    /// Skips the content of the element that just started, up to its end (consumed: the
    /// location is then the parent's), checking it as [`next`](Self::next) and
    /// [`text`](Self::text) would (depth, DOCTYPE, entities, well-formedness).
    pub fn skip(&mut self) -> Result<()> {
        let depth = self.stack.len();
        while self.stack.len() >= depth {
            match self.event()? {
                Event::Start(start) => {
                    self.start(&start)?;
                }
                Event::End(_) => self.end(),
                Event::GeneralRef(reference) => {
                    self.resolve(&reference)?;
                }
                Event::Eof => return Err(self.malformed("the document ends inside an element")),
                _ => {}
            }
        }
        Ok(())
    }

    /// The input from the byte offset reached so far (for a caller that reports positions).
    pub fn position(&self) -> u64 {
        self.reader.buffer_position()
    }

    /// How many bytes of the input are not read yet (a bound for what the rest can hold).
    pub fn remaining(&self) -> usize {
        let read = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        self.input.len().saturating_sub(read)
    }

    /// The character a reference stands for: a character reference or a predefined entity
    /// (`payments.xml_entity` for any other entity).
    fn resolve(&self, reference: &quick_xml::events::BytesRef<'_>) -> Result<char> {
        match reference.resolve_char_ref() {
            Ok(Some(c)) => Ok(c),
            Ok(None) => {
                let name = reference
                    .decode()
                    .map_err(|e| self.malformed(e.to_string()))?;
                predefined(&name).ok_or_else(|| Error::XmlEntity {
                    location: self.location(),
                    name: quote(&name),
                })
            }
            Err(e) => Err(self.malformed(e.to_string())),
        }
    }

    /// A text event's bytes as the slice of the input they are, when that needs no change
    /// (no carriage return to normalize; `None` otherwise, and for bytes not borrowed).
    #[inline]
    fn borrowed(&self, bytes: &[u8]) -> Option<&'a str> {
        if bytes.contains(&b'\r') {
            return None;
        }
        borrow_from(self.input, bytes)
    }

    /// The raw next event, DOCTYPE and foreign encodings refused, parser errors located.
    /// Inlined into its callers (the event is then not moved through a returned value: that
    /// move was a fifth of the reader's own time); the rare cases are out of line.
    #[inline(always)]
    fn event(&mut self) -> Result<Event<'a>> {
        if self.done {
            return Ok(Event::Eof);
        }
        match self.reader.read_event() {
            Ok(Event::DocType(_)) => Err(self.doctype()),
            Ok(Event::Decl(decl)) => self.declaration(decl),
            Ok(event) => Ok(event),
            Err(e) => Err(self.parse_error(&e)),
        }
    }

    #[cold]
    #[inline(never)]
    fn doctype(&self) -> Error {
        Error::XmlDoctype {
            location: self.location(),
        }
    }

    #[cold]
    #[inline(never)]
    fn parse_error(&self, e: &quick_xml::Error) -> Error {
        Error::XmlMalformed {
            location: self.location(),
            // The parser's message may quote the input at length: cut it.
            reason: format!(
                "{} (at byte {})",
                govblocks_core::error::clip(&e.to_string(), MAX_REASON_BYTES),
                self.reader.error_position()
            ),
        }
    }

    /// The XML declaration: an encoding other than UTF-8 refused.
    #[inline(never)]
    fn declaration(&self, decl: BytesDecl<'a>) -> Result<Event<'a>> {
        if let Some(encoding) = decl.encoding() {
            let encoding = encoding.map_err(|e| self.malformed(e.to_string()))?;
            if !encoding.eq_ignore_ascii_case(b"utf-8") {
                return Err(self.malformed(format!(
                    "encoding {:?}: only UTF-8 is read",
                    quote(&String::from_utf8_lossy(&encoding))
                )));
            }
        }
        Ok(Event::Decl(decl))
    }

    /// An element starts: depth checked, its name counted among its siblings, pushed.
    #[inline(always)]
    fn start(&mut self, start: &BytesStart<'a>) -> Result<Element<'a>> {
        if self.stack.is_empty() && self.root_seen {
            return Err(self.malformed("a second root element"));
        }
        let (tag, name_len, name) = tag_of(start, self.input)?;
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.too_deep(name));
        }
        let first_child = self.stack.last().map_or(0, |f| f.children);
        let mut index = 0;
        for entry in &mut self.counts[first_child..] {
            if same_name(entry.0, name) {
                entry.1 += 1;
                index = entry.1;
                break;
            }
        }
        if index == 0 {
            if self.counts.len() - first_child >= MAX_CHILD_NAMES {
                return Err(self.malformed(format!(
                    "more than {MAX_CHILD_NAMES} different child element names"
                )));
            }
            index = 1;
            self.counts.push((name, 1));
        }
        if self.stack.is_empty() {
            self.root_seen = true;
            self.root_namespace = root_namespace(start)?;
        }
        self.stack.push(Frame {
            name,
            index,
            children: self.counts.len(),
        });
        Ok(Element {
            tag,
            name_len,
            name,
        })
    }

    #[cold]
    #[inline(never)]
    fn too_deep(&self, name: &str) -> Error {
        Error::XmlTooDeep {
            location: self.location_of(name),
            limit: self.limits.max_depth,
        }
    }

    /// The current element ends: its children's counters dropped, popped.
    #[inline]
    fn end(&mut self) {
        if let Some(frame) = self.stack.pop() {
            self.counts.truncate(frame.children);
        }
    }
}

/// A start tag's content (name and attributes), the length of its qualified name and its
/// local name (without a prefix), all borrowed from the input.
#[inline(always)]
fn tag_of<'a>(start: &BytesStart<'a>, input: &'a str) -> Result<(&'a str, usize, &'a str)> {
    let name_len = start.name().as_ref().len();
    // The tag is a slice of the input (a `Reader` over a `&str` borrows): found there by its
    // offset, it is a `str` without decoding it again (`str::get` checks that both ends are
    // character boundaries, which is all a slice of a `str` needs to be one).
    let tag = borrow_from(input, start);
    let qname = tag.and_then(|t| t.get(..name_len));
    let (Some(tag), Some(qname)) = (tag, qname) else {
        return Err(Error::XmlMalformed {
            location: "/".to_owned(),
            reason: "an element name outside the document".to_owned(),
        });
    };
    // The local name is what follows the first ':' (as `QName::local_name` reads it); ':' is
    // ASCII, so the cut is on a character boundary.
    let name = match qname.bytes().position(|b| b == b':') {
        Some(colon) => qname.get(colon + 1..).unwrap_or(qname),
        None => qname,
    };
    Ok((tag, name_len, name))
}

/// Two element names equal: their lengths and last bytes first (siblings' names mostly differ
/// there), so that a name is compared whole only with the one it matches.
#[inline(always)]
fn same_name(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.as_bytes().last() == b.as_bytes().last() && a == b
}

/// The bytes `part` as a slice of `input` when they lie inside it, on character boundaries.
#[inline]
fn borrow_from<'a>(input: &'a str, part: &[u8]) -> Option<&'a str> {
    let start = (part.as_ptr() as usize).checked_sub(input.as_ptr() as usize)?;
    let end = start.checked_add(part.len())?;
    input
        .get(start..end)
        .filter(|s| s.as_ptr() == part.as_ptr())
}

/// The root's namespace: `xmlns` for an unprefixed root, `xmlns:p` for `p:Root`.
fn root_namespace(start: &BytesStart<'_>) -> Result<Option<String>> {
    let qname = start.name();
    let prefix = qname.prefix().map(|p| p.as_ref().to_vec());
    for attribute in start.attributes() {
        let attribute = attribute.map_err(|e| {
            malformed_at(
                "/",
                govblocks_core::error::clip(&e.to_string(), MAX_REASON_BYTES),
            )
        })?;
        let key = attribute.key.as_ref();
        let matches = match &prefix {
            None => key == b"xmlns",
            Some(p) => key.strip_prefix(b"xmlns:") == Some(p.as_slice()),
        };
        if matches {
            let value = std::str::from_utf8(&attribute.value).map_err(|_| not_utf8("/"))?;
            return unescape(Cow::Borrowed(value), "/").map(|v| Some(v.into_owned()));
        }
    }
    Ok(None)
}

/// An attribute value with its references resolved (predefined entities and character
/// references only).
fn unescape<'a>(raw: Cow<'a, str>, at: &str) -> Result<Cow<'a, str>> {
    if !raw.contains('&') {
        return Ok(raw);
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest: &str = &raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let Some(semi) = after.find(';') else {
            return Err(malformed_at(at, "an '&' without ';'".to_owned()));
        };
        let name = &after[..semi];
        let c = if let Some(number) = name.strip_prefix('#') {
            let value = match number.strip_prefix('x') {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => number.parse::<u32>().ok(),
            };
            value
                .and_then(char::from_u32)
                .filter(|c| *c != '\0')
                .ok_or_else(|| malformed_at(at, format!("character reference &{};", quote(name))))?
        } else {
            predefined(name).ok_or_else(|| Error::XmlEntity {
                location: at.to_owned(),
                name: quote(name),
            })?
        };
        out.push(c);
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Ok(Cow::Owned(out))
}

/// XML's five predefined entities.
fn predefined(name: &str) -> Option<char> {
    match name {
        "lt" => Some('<'),
        "gt" => Some('>'),
        "amp" => Some('&'),
        "apos" => Some('\''),
        "quot" => Some('"'),
        _ => None,
    }
}

/// The most of a parser's message an error keeps (it may quote the hostile input).
const MAX_REASON_BYTES: usize = 240;

fn malformed_at(at: &str, reason: String) -> Error {
    Error::XmlMalformed {
        location: at.to_owned(),
        reason,
    }
}

fn not_utf8(at: &str) -> Error {
    malformed_at(at, "an attribute that is not UTF-8".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(doc: &str, limits: Limits) -> Result<Vec<String>> {
        let mut reader = XmlReader::new(doc, limits)?.indexed(&["P"]);
        let mut seen = Vec::new();
        while let Some(node) = reader.next()? {
            if let Node::Start(e) = node {
                if e.name() == "T" {
                    let location = reader.location();
                    let text = reader.text()?;
                    seen.push(format!("{location}={text}"));
                } else {
                    seen.push(reader.location());
                }
            }
        }
        Ok(seen)
    }

    #[test]
    fn locations_index_repeated_and_indexed_names() {
        let doc = "<a:D xmlns:a='urn:v'><P><T>1</T><T>2</T></P><Q/><P><X><T><![CDATA[<&>]]>&#65;&lt;</T></X></P></a:D>";
        let seen = all(doc, Limits::default()).unwrap();
        assert_eq!(
            seen,
            [
                "/D",
                "/D/P[1]",
                "/D/P[1]/T=1",
                "/D/P[1]/T[2]=2",
                "/D/Q",
                "/D/P[2]",
                "/D/P[2]/X",
                "/D/P[2]/X/T=<&>A<",
            ]
        );
        let reader = XmlReader::new(doc, Limits::default()).unwrap();
        assert_eq!(reader.location(), "/");
    }

    #[test]
    fn refusals_have_their_codes() {
        let code = |doc: &str, limits: Limits| all(doc, limits).unwrap_err().code();
        let d = Limits::default();
        assert_eq!(code("<!DOCTYPE a><a/>", d), "payments.xml_doctype");
        assert_eq!(code("<a>&lol;</a>", d), "payments.xml_entity");
        assert_eq!(code("<a><T>&lol;</T></a>", d), "payments.xml_entity");
        assert_eq!(code("<a><b></a>", d), "payments.xml_malformed");
        assert_eq!(code("<a>text</a>", d), "payments.xml_malformed");
        assert_eq!(code("<a/><b/>", d), "payments.xml_malformed");
        let wide: String = (0..=MAX_CHILD_NAMES).map(|i| format!("<n{i}/>")).collect();
        assert_eq!(code(&format!("<a>{wide}</a>"), d), "payments.xml_malformed");
        let wide: String = (0..MAX_CHILD_NAMES).map(|i| format!("<n{i}/>")).collect();
        assert!(all(&format!("<a>{wide}</a>"), d).is_ok());
        assert_eq!(code("<a><b>", d), "payments.xml_malformed");
        assert_eq!(code("", d), "payments.xml_malformed");
        assert_eq!(
            code("<?xml version='1.0' encoding='ISO-8859-1'?><a/>", d),
            "payments.xml_malformed"
        );
        assert_eq!(
            code("<a><b><c/></b></a>", d.with_max_depth(2)),
            "payments.xml_too_deep"
        );
        assert_eq!(code("<a/>", d.with_max_bytes(3)), "payments.xml_too_large");
        assert_eq!(
            code("<a><T>12345</T></a>", d.with_max_text(4)),
            "payments.xml_too_large"
        );
        let deep = all("<a><b><c/></b></a>", d.with_max_depth(2)).unwrap_err();
        assert!(deep.to_string().starts_with("/a/b/c:"), "{deep}");
    }

    #[test]
    fn attributes_and_located_errors() {
        let mut reader =
            XmlReader::new("<a><b Ccy='U&amp;S' x='&#x41;'/></a>", Limits::default()).unwrap();
        reader.next().unwrap();
        let Some(Node::Start(b)) = reader.next().unwrap() else {
            panic!("b")
        };
        assert_eq!(b.attribute("Ccy").unwrap().as_deref(), Some("U&S"));
        assert_eq!(b.attribute("x").unwrap().as_deref(), Some("A"));
        assert_eq!(b.attribute("y").unwrap(), None);
        let e = reader.locate(Error::BatchInvalid {
            reason: "x".to_owned(),
        });
        assert_eq!(e.code(), "payments.batch_invalid");
        assert!(e.to_string().starts_with("/a/b: "));
        let mut reader = XmlReader::new("<a><b x='&lol;'/></a>", Limits::default()).unwrap();
        reader.next().unwrap();
        let Some(Node::Start(b)) = reader.next().unwrap() else {
            panic!("b")
        };
        assert_eq!(b.attribute("x").unwrap_err().code(), "payments.xml_entity");
    }

    #[test]
    fn skip_checks_what_it_skips() {
        let mut reader = XmlReader::new("<a><b><c>&lol;</c></b></a>", Limits::default()).unwrap();
        reader.next().unwrap();
        reader.next().unwrap();
        assert_eq!(reader.skip().unwrap_err().code(), "payments.xml_entity");
        let mut reader =
            XmlReader::new("<a><b><c>x</c><d/></b><e/></a>", Limits::default()).unwrap();
        reader.next().unwrap();
        reader.next().unwrap();
        reader.skip().unwrap();
        assert!(matches!(reader.next().unwrap(), Some(Node::Start(e)) if e.name() == "e"));
        assert_eq!(reader.location(), "/a/e");
    }
}
