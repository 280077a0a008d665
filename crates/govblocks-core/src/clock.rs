//! Injected time, and the one date-time type every document field is read into.
//!
//! Logic never reads the system clock deep inside: verifiers take a [`Clock`], and every time
//! comparison allows an explicit, configurable skew (default [`DEFAULT_SKEW`]), because the
//! issuer's and the verifier's clocks never agree exactly.
//!
//! Every date-time that comes from a document (`created`, `expires`, `validFrom`, …) is parsed
//! into a [`Timestamp`]: exactly the strings the `dateTimeStamp` schema definition
//! (`schemas/core/v1/defs.json`) accepts, no more and no fewer (the grammar is the table on
//! [`Timestamp`]; anything else is `time.invalid`), so the verifier and a schema validator in
//! another language never disagree: `tests/api/hardening.rs` runs one list of strings through
//! both. A `Timestamp` prints exactly as it was written, so typed documents round-trip byte for
//! byte, and converts to UTC on request (keeping its own offset when its UTC instant falls
//! outside years 1–9999; an instant that cannot be written at all is `time.out_of_range`); it
//! compares with any other instant by the instant it names, whatever its offset, with the
//! skew's magnitude and in checked arithmetic: no date, clock or skew can make an operation on
//! one panic.
//!
//! ```
//! use govblocks_core::clock::{Clock, FixedClock, Timestamp};
//! use time::Duration;
//! let now = Timestamp::parse("2024-01-01T00:00:00Z", "now").unwrap();
//! let clock = FixedClock::new(now);
//! assert_eq!(clock.now().year(), 2024);
//! let later = Timestamp::parse("2024-01-01T02:04:00+02:00", "t").unwrap();
//! assert_eq!(later.to_string(), "2024-01-01T02:04:00+02:00"); // as written
//! assert_eq!(later.to_utc().to_string(), "2024-01-01T00:04:00Z");
//! // Four minutes ahead is within the default five minutes of skew.
//! assert!(!later.is_after(clock.now(), Duration::minutes(5)));
//! assert!(later.is_after(clock.now(), Duration::minutes(1)));
//! ```
//!
//! ## Panic freedom
//!
//! The `time` crate panics when an instant is moved to an offset, or added to, past its range
//! (years ±9999); a document can name `9999-12-31T23:59:59-14:00`, whose UTC instant lies in
//! the year 10000. This module therefore never calls the panicking conversions: instants are
//! compared as `i128` nanoseconds since the Unix epoch (which `time` computes without range
//! checks, and which cannot overflow for years ±9999), arithmetic is checked or saturating, and
//! display only converts to UTC through `checked_to_offset`. The lints below hold this module
//! to that.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use crate::error::{clip, Error, Result};
use std::cmp::Ordering;
use std::fmt;
use time::{Date, Duration, Month, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

/// The skew allowed by default between clocks: five minutes.
pub const DEFAULT_SKEW: Duration = Duration::minutes(5);

/// The most digits of a fraction of a second a [`Timestamp`] accepts (nanoseconds).
pub const MAX_FRACTION_DIGITS: usize = 9;

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> OffsetDateTime;
}

impl<C: Clock + ?Sized> Clock for &C {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for Box<C> {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }
}

impl<C: Clock + ?Sized> Clock for std::sync::Arc<C> {
    fn now(&self) -> OffsetDateTime {
        (**self).now()
    }
}

/// The operating system's clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock stopped at one instant (tests, replays, the CLI's `--now`).
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(OffsetDateTime);

impl FixedClock {
    /// A clock that always says `now` (an [`OffsetDateTime`] or a [`Timestamp`]).
    pub fn new(now: impl Into<OffsetDateTime>) -> Self {
        FixedClock(now.into())
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// A clock that tests and examples set and move forward: a consent that expires, a cached
/// status list that ages, a challenge that runs out. Clones share one time, so the clock handed
/// to a verifier is moved from outside it.
///
/// ```
/// use govblocks_core::clock::{Clock, SettableClock, Timestamp};
/// use time::Duration;
///
/// let clock = SettableClock::at("2025-01-01T00:00:00Z".parse::<Timestamp>()?);
/// let verifiers_copy = clock.clone();
/// clock.advance(Duration::days(1));
/// assert_eq!(verifiers_copy.now(), "2025-01-02T00:00:00Z".parse::<Timestamp>()?.to_datetime());
/// clock.set("2030-01-01T00:00:00Z".parse::<Timestamp>()?);
/// assert_eq!(verifiers_copy.now().year(), 2030);
/// # Ok::<(), govblocks_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct SettableClock(std::sync::Arc<std::sync::Mutex<OffsetDateTime>>);

impl SettableClock {
    /// A clock that says `now` (an [`OffsetDateTime`] or a [`Timestamp`]) until it is set or
    /// advanced.
    pub fn at(now: impl Into<OffsetDateTime>) -> Self {
        SettableClock(std::sync::Arc::new(std::sync::Mutex::new(now.into())))
    }

    /// Sets the time (backwards too).
    pub fn set(&self, now: impl Into<OffsetDateTime>) {
        *self.lock() = now.into();
    }

    /// Moves the time by `by` (negative: backwards), saturating at the ends of
    /// [`OffsetDateTime`]'s range.
    pub fn advance(&self, by: Duration) {
        let mut now = self.lock();
        *now = now.saturating_add(by);
    }

    /// The time, whether or not another holder panicked while setting it (a time is always
    /// whole).
    fn lock(&self) -> std::sync::MutexGuard<'_, OffsetDateTime> {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clock for SettableClock {
    fn now(&self) -> OffsetDateTime {
        *self.lock()
    }
}

/// A date-time with a mandatory offset, as the `dateTimeStamp` schema definition accepts it:
/// RFC 3339 and XML Schema 1.1 `dateTimeStamp` at once.
///
/// | part | accepted |
/// | --- | --- |
/// | year | four digits, `0001`–`9999` (year `0000` is refused: RFC 3339 and XML Schema read it differently) |
/// | separators | `-`, upper-case `T`, `:` (lower-case `t` and `z` are refused) |
/// | time | `00:00:00`–`23:59:59`: no leap second `:60`, no `24:00:00` |
/// | fraction | optional, 1 to [`MAX_FRACTION_DIGITS`] digits |
/// | offset | `Z` or `±HH:MM` from `-14:00` to `+14:00` |
/// | date | must exist in the proleptic Gregorian calendar (no 30 February) |
///
/// Two timestamps compare (and hash) by the instant they name, whatever their offsets.
/// [`Display`] (and serde) write a parsed timestamp exactly as it was written — offset, `Z`
/// or `±00:00`, fraction digits and all — so a document read into typed fields and written
/// again canonicalizes to the same bytes; [`Timestamp::to_utc`] gives the UTC form
/// (`2024-01-01T00:00:00Z`). A timestamp made from an instant ([`Timestamp::from_datetime`])
/// is written in UTC, with the fraction only when it is not zero.
///
/// [`Display`]: fmt::Display
#[derive(Clone, Copy)]
pub struct Timestamp {
    /// The instant, in the offset of its text.
    at: OffsetDateTime,
    /// How many fraction digits were written (0–9).
    fraction_digits: u8,
    /// How a zero offset was written.
    zero: ZeroOffset,
}

/// The three spellings of a zero offset: `Z`, `+00:00`, `-00:00` (RFC 3339's "unknown local
/// offset").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ZeroOffset {
    Z,
    Plus,
    Minus,
}

impl Timestamp {
    /// Parses `text`, refusing anything the `dateTimeStamp` schema refuses
    /// ([`Error::DateTimeInvalid`], code `time.invalid`). `what` names the field in the error.
    pub fn parse(text: &str, what: &'static str) -> Result<Self> {
        parse_stamp(text.as_bytes()).ok_or_else(|| Error::DateTimeInvalid {
            what,
            value: clip(text, 64),
        })
    }

    /// Takes an instant from a [`Clock`] or from code. Refused ([`Error::DateTimeOutOfRange`],
    /// code `time.out_of_range`) when it cannot be written as a `dateTimeStamp`: a year
    /// outside 1–9999 in UTC and in its own offset, or an offset with seconds or beyond ±14:00.
    pub fn from_datetime(at: OffsetDateTime) -> Result<Self> {
        let written = |at: OffsetDateTime| Timestamp {
            at,
            fraction_digits: fraction_digits_of(at.nanosecond()),
            zero: ZeroOffset::Z,
        };
        if let Some(utc) = at.checked_to_offset(UtcOffset::UTC) {
            if year_in_range(utc.year()) {
                return Ok(written(utc));
            }
        }
        let offset = at.offset();
        let offset_ok = offset.seconds_past_minute() == 0
            && offset.whole_minutes().unsigned_abs() <= MAX_OFFSET_MINUTES;
        if offset_ok && year_in_range(at.year()) {
            return Ok(written(at));
        }
        Err(Error::DateTimeOutOfRange { what: "date-time" })
    }

    /// The same instant written in UTC (`…Z`), when its UTC form lies within years 1–9999;
    /// otherwise this timestamp as it is (`9999-12-31T23:59:59-14:00` stays so).
    pub fn to_utc(self) -> Self {
        match self.at.checked_to_offset(UtcOffset::UTC) {
            Some(utc) if year_in_range(utc.year()) => Timestamp::from_datetime(utc).unwrap_or(self),
            _ => self,
        }
    }

    /// The instant, in the offset it was written in.
    pub fn to_datetime(self) -> OffsetDateTime {
        self.at
    }

    /// Nanoseconds since 1970-01-01T00:00:00Z (negative before). Never overflows: years ±9999
    /// span about 2^69 nanoseconds.
    pub fn unix_nanos(self) -> i128 {
        self.at.unix_timestamp_nanos()
    }

    /// Whether this instant lies after `now + skew`: a `created` or `validFrom` in the future.
    /// The skew counts by its magnitude; nothing overflows.
    pub fn is_after(self, now: OffsetDateTime, skew: Duration) -> bool {
        self.unix_nanos() > now.unix_timestamp_nanos().saturating_add(skew_nanos(skew))
    }

    /// Whether this instant lies before `now - skew`: an `expires` or `validUntil` that has
    /// passed. The skew counts by its magnitude; nothing overflows.
    pub fn is_before(self, now: OffsetDateTime, skew: Duration) -> bool {
        self.unix_nanos() < now.unix_timestamp_nanos().saturating_sub(skew_nanos(skew))
    }

    /// This instant moved by `duration`, or [`Error::DateTimeOutOfRange`] when the result
    /// cannot be written as a `dateTimeStamp`.
    pub fn checked_add(self, duration: Duration) -> Result<Self> {
        self.at
            .checked_add(duration)
            .ok_or(Error::DateTimeOutOfRange { what: "date-time" })
            .and_then(Self::from_datetime)
    }
}

/// How many digits `nanos` (below 10^9) takes as a fraction of a second without trailing
/// zeros: 0 for 0, 9 for 1, 1 for 500,000,000. Counted, not formatted: a replay guard takes
/// the time on every message.
fn fraction_digits_of(nanos: u32) -> u8 {
    if nanos == 0 {
        return 0;
    }
    let (mut rest, mut digits) = (nanos, 9u8);
    while rest.checked_rem(10) == Some(0) {
        rest = rest.checked_div(10).unwrap_or(0);
        digits = digits.saturating_sub(1);
    }
    digits
}

impl From<Timestamp> for OffsetDateTime {
    fn from(t: Timestamp) -> Self {
        t.at
    }
}

impl TryFrom<OffsetDateTime> for Timestamp {
    type Error = Error;
    fn try_from(at: OffsetDateTime) -> Result<Self> {
        Timestamp::from_datetime(at)
    }
}

impl std::str::FromStr for Timestamp {
    type Err = Error;
    fn from_str(text: &str) -> Result<Self> {
        Timestamp::parse(text, "date-time")
    }
}

impl PartialEq for Timestamp {
    fn eq(&self, other: &Self) -> bool {
        self.unix_nanos() == other.unix_nanos()
    }
}

impl Eq for Timestamp {}

impl PartialOrd for Timestamp {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Timestamp {
    fn cmp(&self, other: &Self) -> Ordering {
        self.unix_nanos().cmp(&other.unix_nanos())
    }
}

impl std::hash::Hash for Timestamp {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.unix_nanos().hash(state);
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = self.at;
        write!(
            f,
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            at.year(),
            u8::from(at.month()),
            at.day(),
            at.hour(),
            at.minute(),
            at.second()
        )?;
        if self.fraction_digits > 0 {
            let digits = format!("{:09}", at.nanosecond());
            let shown = digits
                .get(..usize::from(self.fraction_digits))
                .unwrap_or(&digits);
            write!(f, ".{shown}")?;
        }
        let minutes = at.offset().whole_minutes();
        match (minutes, self.zero) {
            (0, ZeroOffset::Z) => f.write_str("Z"),
            (0, ZeroOffset::Plus) => f.write_str("+00:00"),
            (0, ZeroOffset::Minus) => f.write_str("-00:00"),
            _ => {
                let sign = if minutes < 0 { '-' } else { '+' };
                let minutes = minutes.unsigned_abs();
                write!(f, "{sign}{:02}:{:02}", minutes / 60, minutes % 60)
            }
        }
    }
}

impl fmt::Debug for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Timestamp({self})")
    }
}

impl serde::Serialize for Timestamp {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Timestamp {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        let text = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        Timestamp::parse(&text, "date-time").map_err(serde::de::Error::custom)
    }
}

/// ±14:00, the widest offset in use (and the one XML Schema allows).
const MAX_OFFSET_MINUTES: u16 = 14 * 60;

fn year_in_range(year: i32) -> bool {
    (1..=9999).contains(&year)
}

fn skew_nanos(skew: Duration) -> i128 {
    skew.whole_nanoseconds().saturating_abs()
}

/// The digits of `bytes` as a number, or `None` if any byte is not an ASCII digit.
fn number(bytes: &[u8]) -> Option<u32> {
    bytes.iter().try_fold(0u32, |acc, &b| {
        let digit = char::from(b).to_digit(10)?;
        acc.checked_mul(10)?.checked_add(digit)
    })
}

/// Splits `len` bytes off the front of `rest`.
fn take<'a>(rest: &mut &'a [u8], len: usize) -> Option<&'a [u8]> {
    let (head, tail) = rest.split_at_checked(len)?;
    *rest = tail;
    Some(head)
}

/// Expects the byte `want` at the front of `rest`.
fn expect(rest: &mut &[u8], want: u8) -> Option<()> {
    (take(rest, 1)? == [want]).then_some(())
}

/// The `dateTimeStamp` grammar of the table on [`Timestamp`], and the calendar.
fn parse_stamp(text: &[u8]) -> Option<Timestamp> {
    let mut rest = text;
    let year = number(take(&mut rest, 4)?)?;
    expect(&mut rest, b'-')?;
    let month = number(take(&mut rest, 2)?)?;
    expect(&mut rest, b'-')?;
    let day = number(take(&mut rest, 2)?)?;
    expect(&mut rest, b'T')?;
    let hour = number(take(&mut rest, 2)?)?;
    expect(&mut rest, b':')?;
    let minute = number(take(&mut rest, 2)?)?;
    expect(&mut rest, b':')?;
    let second = number(take(&mut rest, 2)?)?;

    let mut nanos = 0u32;
    let mut fraction_digits = 0u8;
    if rest.first() == Some(&b'.') {
        rest = rest.get(1..)?;
        let len = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        if !(1..=MAX_FRACTION_DIGITS).contains(&len) {
            return None;
        }
        let digits = take(&mut rest, len)?;
        fraction_digits = u8::try_from(len).ok()?;
        // Scale to nine digits: "5" is 500,000,000 ns.
        let scale =
            10u32.checked_pow(u32::try_from(MAX_FRACTION_DIGITS.checked_sub(len)?).ok()?)?;
        nanos = number(digits)?.checked_mul(scale)?;
    }

    let mut zero = ZeroOffset::Z;
    let offset_minutes: i32 = match take(&mut rest, 1)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-')] => {
            zero = if *sign == b'-' {
                ZeroOffset::Minus
            } else {
                ZeroOffset::Plus
            };
            let hours = number(take(&mut rest, 2)?)?;
            expect(&mut rest, b':')?;
            let minutes = number(take(&mut rest, 2)?)?;
            if minutes > 59 {
                return None;
            }
            let total = hours.checked_mul(60)?.checked_add(minutes)?;
            if total > u32::from(MAX_OFFSET_MINUTES) {
                return None;
            }
            let total = i32::try_from(total).ok()?;
            if *sign == b'-' {
                total.checked_neg()?
            } else {
                total
            }
        }
        _ => return None,
    };
    if !rest.is_empty() || year == 0 || second > 59 {
        return None;
    }

    let date = Date::from_calendar_date(
        i32::try_from(year).ok()?,
        Month::try_from(u8::try_from(month).ok()?).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()?;
    let time = Time::from_hms_nano(
        u8::try_from(hour).ok()?,
        u8::try_from(minute).ok()?,
        u8::try_from(second).ok()?,
        nanos,
    )
    .ok()?;
    let offset = UtcOffset::from_whole_seconds(offset_minutes.checked_mul(60)?).ok()?;
    Some(Timestamp {
        at: PrimitiveDateTime::new(date, time).assume_offset(offset),
        fraction_digits,
        zero,
    })
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        Timestamp::parse(s, "t").unwrap()
    }

    #[test]
    fn fraction_digits_are_counted_as_formatting_would() {
        for nanos in [
            0,
            1,
            9,
            10,
            100,
            120,
            1_000,
            500_000_000,
            123_456_789,
            999_999_999,
            100_000_000,
            1_000_000,
            10_000_001,
        ] {
            let formatted = format!("{nanos:09}");
            let expected = formatted.trim_end_matches('0').len();
            assert_eq!(usize::from(fraction_digits_of(nanos)), expected, "{nanos}");
        }
    }

    #[test]
    fn parses_and_prints_as_written_and_in_utc() {
        for written in [
            "2023-02-24T23:36:38Z",
            "2023-02-25T01:36:38+02:00",
            "2023-02-24T23:36:38.50Z",
            "2023-02-24T23:36:38.000Z",
            "2023-02-24T23:36:38.123456789-00:00",
            "2023-02-24T23:36:38+00:00",
            "2023-02-24T18:06:38-05:30",
        ] {
            assert_eq!(ts(written).to_string(), written);
        }
        assert_eq!(
            ts("2023-02-25T01:36:38+02:00").to_utc().to_string(),
            "2023-02-24T23:36:38Z"
        );
        assert_eq!(
            ts("2023-02-24T23:36:38.50Z").to_utc().to_string(),
            "2023-02-24T23:36:38.5Z"
        );
        assert_eq!(
            ts("2023-02-24T23:36:38.123456789-00:00")
                .to_utc()
                .to_string(),
            "2023-02-24T23:36:38.123456789Z"
        );
        // Equal instants are equal, whatever the spelling.
        assert_eq!(
            ts("2023-02-24T23:36:38.000Z"),
            ts("2023-02-25T01:36:38+02:00")
        );
        for bad in [
            "2023-02-24T23:36:38",
            "2023-02-30T00:00:00Z",
            "yesterday",
            "",
            "2023-02-24t23:36:38Z",
            "2023-02-24T23:36:38z",
            "2016-12-31T23:59:60Z",
            "2023-02-24T24:00:00Z",
            "2023-02-24T23:36:38+14:01",
            "2023-02-24T23:36:38+23:59",
            "2023-02-24T23:36:38.1234567890Z",
            "2023-02-24T23:36:38.Z",
            "0000-01-01T00:00:00Z",
            "+2023-02-24T23:36:38Z",
            "2023-02-24T23:36:38Z ",
            "2023-02-24T23:36:38+0200",
            "２０２３-02-24T23:36:38Z",
        ] {
            assert_eq!(
                Timestamp::parse(bad, "t").unwrap_err().code(),
                "time.invalid",
                "{bad}"
            );
        }
    }

    #[test]
    fn edges_of_the_range_print_in_their_own_offset() {
        let late = ts("9999-12-31T23:59:59-14:00");
        assert_eq!(late.to_utc().to_string(), "9999-12-31T23:59:59-14:00");
        let early = ts("0001-01-01T00:00:00+14:00");
        assert_eq!(early.to_utc().to_string(), "0001-01-01T00:00:00+14:00");
        assert!(early < late);
        // Printed forms parse again to the same instant.
        for t in [late, early] {
            assert_eq!(ts(&t.to_string()), t);
        }
    }

    #[test]
    fn comparisons_never_panic_at_the_edges() {
        let late = ts("9999-12-31T23:59:59-14:00");
        let max = OffsetDateTime::new_utc(Date::MAX, Time::MIDNIGHT);
        let min = OffsetDateTime::new_utc(Date::MIN, Time::MIDNIGHT);
        for now in [max, min, OffsetDateTime::UNIX_EPOCH] {
            for skew in [Duration::MAX, Duration::MIN, Duration::ZERO] {
                let _ = late.is_after(now, skew);
                let _ = late.is_before(now, skew);
            }
        }
        assert!(late.is_after(max, Duration::ZERO));
        assert!(!late.is_after(max, Duration::MAX));
        assert!(late.checked_add(Duration::MAX).is_err());
        assert!(late.checked_add(Duration::days(1)).is_err());
        assert_eq!(
            ts("2024-01-01T00:00:00Z")
                .checked_add(Duration::days(1))
                .unwrap()
                .to_string(),
            "2024-01-02T00:00:00Z"
        );
    }

    #[test]
    fn from_datetime_refuses_what_cannot_be_written() {
        for year in [0, -1, i32::from(Date::MIN.year() < -9999) * 10_000] {
            let Ok(date) = Date::from_calendar_date(year, Month::January, 1) else {
                continue;
            };
            assert_eq!(
                Timestamp::from_datetime(OffsetDateTime::new_utc(date, Time::MIDNIGHT))
                    .unwrap_err()
                    .code(),
                "time.out_of_range"
            );
        }
        // The last instant of the range is fine.
        let max = OffsetDateTime::new_utc(Date::MAX, Time::MIDNIGHT);
        assert!(Timestamp::from_datetime(max).is_ok());
        let odd = OffsetDateTime::UNIX_EPOCH.to_offset(UtcOffset::from_hms(1, 0, 30).unwrap());
        // Still writable in UTC.
        assert_eq!(
            Timestamp::from_datetime(odd).unwrap().to_string(),
            "1970-01-01T00:00:00Z"
        );
    }
}
