//! Injected time.
//!
//! Logic never reads the system clock deep inside: verifiers take a [`Clock`], and every time
//! comparison allows an explicit, configurable skew (default [`DEFAULT_SKEW`]), because the
//! issuer's and the verifier's clocks never agree exactly.
//!
//! ```
//! use govblocks_core::clock::{parse_datetime, Clock, FixedClock};
//! let clock = FixedClock::new(parse_datetime("2024-01-01T00:00:00Z", "now").unwrap());
//! assert_eq!(clock.now().year(), 2024);
//! ```

use crate::error::{clip, Error, Result};
use time::format_description::well_known::Rfc3339;
use time::{Duration, OffsetDateTime};

/// The skew allowed by default between clocks: five minutes.
pub const DEFAULT_SKEW: Duration = Duration::minutes(5);

/// A source of the current time.
pub trait Clock: Send + Sync {
    /// Now.
    fn now(&self) -> OffsetDateTime;
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
    /// A clock that always says `now`.
    pub fn new(now: OffsetDateTime) -> Self {
        FixedClock(now)
    }
}

impl Clock for FixedClock {
    fn now(&self) -> OffsetDateTime {
        self.0
    }
}

/// Parses an RFC 3339 date-time with a mandatory offset (XML Schema `dateTimeStamp`, as Data
/// Integrity requires for `created` and `expires`). `what` names the field in the error.
pub fn parse_datetime(text: &str, what: &'static str) -> Result<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).map_err(|_| Error::DateTimeInvalid {
        what,
        value: clip(text, 64),
    })
}

/// Formats `t` as RFC 3339 in UTC with whole seconds (`2024-01-01T00:00:00Z`), the form the
/// W3C examples use.
pub fn format_datetime(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_formats() {
        let t = parse_datetime("2023-02-24T23:36:38Z", "t").unwrap();
        assert_eq!(format_datetime(t), "2023-02-24T23:36:38Z");
        let t = parse_datetime("2023-02-25T01:36:38+02:00", "t").unwrap();
        assert_eq!(format_datetime(t), "2023-02-24T23:36:38Z");
        for bad in [
            "2023-02-24T23:36:38",
            "2023-02-30T00:00:00Z",
            "yesterday",
            "",
        ] {
            assert_eq!(parse_datetime(bad, "t").unwrap_err().code(), "time.invalid");
        }
    }
}
