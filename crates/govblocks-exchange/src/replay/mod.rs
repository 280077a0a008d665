//! The replay guard: a message is accepted once, within a window of time.
//!
//! A receiver (a population registry answering requests, a client reading responses) hands
//! every verified message to [`ReplayGuard::check`] with the message's sender, id and
//! timestamp. The guard refuses:
//!
//! | the message | code |
//! | --- | --- |
//! | its timestamp lies after `now + skew` (in the future beyond the clock skew) | `exchange.timestamp_in_future` |
//! | its timestamp is at or before `now - window` (too old) | `exchange.timestamp_too_old` |
//! | its id was already accepted from the same sender, and is still remembered | `exchange.replayed` |
//!
//! and otherwise accepts it and remembers its id until `timestamp + window + skew`. The store is
//! `govblocks-store`'s [accept-once store](govblocks_store::accept_once), in scope
//! [`MESSAGE_ID`]: in memory ([`MemoryAcceptOnce`], one process) or in a SQLite file
//! ([`SqliteAcceptOnce`], safe across restarts and shared by every process that opens it).
//!
//! ```
//! use govblocks_core::clock::{FixedClock, Timestamp};
//! use govblocks_exchange::replay::ReplayGuard;
//!
//! let now = Timestamp::parse("2026-12-06T10:00:00Z", "now")?;
//! let guard = ReplayGuard::in_memory(FixedClock::new(now));
//! let sender = "SUBSYSTEM:EE/GOV/70000001/social";
//! let id = "0193a1b2-7c3d-7e4f-8a5b-6c7d8e9f0a1b";
//! let sent = Timestamp::parse("2026-12-06T09:59:58Z", "timestamp")?;
//! guard.check(sender, id, sent)?;
//! assert_eq!(guard.check(sender, id, sent).unwrap_err().code(), "exchange.replayed");
//! # Ok::<(), govblocks_exchange::Error>(())
//! ```
//!
//! # Guarantees
//!
//! * **Atomic check-and-remember.** The time checks read nothing; the id is then checked and
//!   remembered in one call of [`AcceptOnce::accept_once`], atomic between threads sharing a
//!   guard and, with SQLite, between processes sharing a file: of any number of checks of one
//!   message racing, exactly one is accepted.
//! * **Nothing accepted is forgotten while it could pass again.** A message passes the time
//!   checks at `now` only when `now - window < timestamp ≤ now + skew`, that is while
//!   `now < timestamp + window`; its id is remembered until `timestamp + window + skew` (the
//!   store rounds an expiry up and `now` down), so a replay is refused for as long as the
//!   original would pass the time checks, and is then refused as too old.
//! * **Clocks that disagree by up to the skew.** A store forgets (sweeps) ids by the `now` of
//!   whoever calls it. The skew added to each expiry means that a process whose clock runs up to
//!   `skew` ahead of another's, sharing a SQLite file, or one clock stepped back by up to
//!   `skew`, never sweeps an id that a slower clock would still find within its window. A clock
//!   further behind than the skew may accept a replay of a message near the end of its window
//!   (the store's own caveat, see [`govblocks_store::accept_once`]): keep the processes sharing
//!   a guard NTP-synchronised.
//! * **Bounded.** Every id is remembered at most `window + 2 × skew` after the guard accepted
//!   it; the memory store sweeps expired ids as new ones arrive, the SQLite store visits 128
//!   rows in key order in every 16th call and deletes those expired (in a steady flow the file
//!   holds at most 8/7 of the live ids), so the store holds about the ids of
//!   `window + 2 × skew` of traffic. In
//!   memory an id costs 32–77 bytes (a 16-byte keyed digest of it and its expiry;
//!   [`MemoryAcceptOnce::with_capacity`] sizes the table for the expected traffic).
//! * **A refused message is not remembered**: one refused for its time may arrive again
//!   (with its own timestamp, it will be refused again, or accepted if the clock says so).
//! * **A store that fails is an error** (`exchange.store`), never an acceptance.
//!
//! # Sender and message id
//!
//! X-Road makes the message id (`X-Road-Id`) unique per client, not globally: the guard keys
//! each id by its sender (the client id for a request, the service id for a response, in the
//! textual form the envelope's verifier checked against the signer). A sender cannot use up
//! another sender's ids (a message id it learnt or guessed is its own, keyed by its name),
//! and two clients that happen to choose one id do not refuse each other. The key is
//! `<bytes of sender>:<sender><message id>`, which no two different pairs share; with the
//! scope it is what the store keeps (in memory a digest of it). Together they may be at most
//! [`MAX_ID_BYTES`] bytes (`exchange.replay_id_too_long`).
//!
//! # Defaults: a 300-second window, 30 seconds of skew
//!
//! * **Window, [`DEFAULT_WINDOW`] = 300 s.** A message may arrive up to five minutes after it
//!   was signed: enough for two security servers, a queue and a client's retries with back-off,
//!   and the span most message-authentication schemes use (Kerberos' five-minute limit, the
//!   replay caches built on it). Every id is remembered for as long, so the window sets the
//!   guard's size: at 1,000 messages a second, about 330,000 ids (11–25 MB in memory, as many
//!   rows in SQLite, each swept once expired). A longer window accepts more delayed messages
//!   and costs proportionally more memory.
//! * **Skew, [`DEFAULT_SKEW`] = 30 s.** Servers behind an X-Road security server are
//!   NTP-synchronised to within milliseconds; 30 s tolerates a badly synchronised clock, while a
//!   message cannot be dated further ahead to stay valid longer than its window plus 30 s. It is
//!   narrower than core's five minutes for documents ([`govblocks_core::clock::DEFAULT_SKEW`]):
//!   a message is in transit for seconds, a credential is kept for years.
//!
//! Both are set with [`ReplayPolicy::new`]; a window must be positive and the skew not
//! negative, both at most [`MAX_WINDOW`] (`exchange.replay_policy_invalid`).

use crate::error::{quote, Error, Result};
use govblocks_core::clock::{Clock, SystemClock, Timestamp};
#[cfg(feature = "sqlite")]
pub use govblocks_store::accept_once::SqliteAcceptOnce;
pub use govblocks_store::accept_once::{AcceptOnce, MemoryAcceptOnce, MAX_ID_BYTES};
use govblocks_store::accept_once::{Acceptance, Scope, Until};
#[cfg(feature = "sqlite")]
pub use govblocks_store::sqlite_file::{OpenOptions, Synchronous};
use std::borrow::Cow;
use time::Duration;

/// The scope of message ids in the accept-once store (one SQLite file may hold other blocks'
/// ids beside them: presentation challenges, payment ids).
pub const MESSAGE_ID: Scope = Scope::new("exchange.message_id");

/// The default replay window: a message is accepted up to 300 seconds after its timestamp
/// (see the [module docs](self#defaults-a-300-second-window-30-seconds-of-skew)).
pub const DEFAULT_WINDOW: Duration = Duration::seconds(300);

/// The default clock skew: a message dated up to 30 seconds ahead of the guard's clock is
/// accepted.
pub const DEFAULT_SKEW: Duration = Duration::seconds(30);

/// The longest window (and skew) a policy takes: one day.
pub const MAX_WINDOW: Duration = Duration::days(1);

/// How long after its timestamp a message is accepted, and how far ahead of the guard's clock
/// (see the [module docs](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ReplayPolicy {
    window: Duration,
    skew: Duration,
}

impl Default for ReplayPolicy {
    /// [`DEFAULT_WINDOW`] and [`DEFAULT_SKEW`].
    fn default() -> Self {
        ReplayPolicy {
            window: DEFAULT_WINDOW,
            skew: DEFAULT_SKEW,
        }
    }
}

impl ReplayPolicy {
    /// A policy accepting a message while `now - window < timestamp ≤ now + skew`.
    ///
    /// Errors: `exchange.replay_policy_invalid` for a window that is not positive, a negative
    /// skew, or either longer than [`MAX_WINDOW`].
    pub fn new(window: Duration, skew: Duration) -> Result<Self> {
        let invalid = |reason: String| Err(Error::ReplayPolicyInvalid { reason });
        if !window.is_positive() {
            return invalid(format!("the window must be positive, not {window}"));
        }
        if skew.is_negative() {
            return invalid(format!("the skew must not be negative, not {skew}"));
        }
        if window > MAX_WINDOW || skew > MAX_WINDOW {
            return invalid(format!(
                "window {window} and skew {skew} must each be at most {MAX_WINDOW}"
            ));
        }
        Ok(ReplayPolicy { window, skew })
    }

    /// How long after its timestamp a message is accepted (and its id remembered).
    pub fn window(&self) -> Duration {
        self.window
    }

    /// How far ahead of the guard's clock a timestamp may be.
    pub fn skew(&self) -> Duration {
        self.skew
    }
}

/// Refuses replayed, stale and future-dated messages (see the [module docs](self)).
///
/// `S` is the accept-once store ([`MemoryAcceptOnce`], [`SqliteAcceptOnce`], or a reference,
/// `Box` or `Arc` of one), `C` the clock.
#[derive(Debug)]
pub struct ReplayGuard<S = MemoryAcceptOnce, C = SystemClock> {
    store: S,
    clock: C,
    policy: ReplayPolicy,
}

impl<C: Clock> ReplayGuard<MemoryAcceptOnce, C> {
    /// A guard in memory, for one process, with the default policy.
    pub fn in_memory(clock: C) -> Self {
        ReplayGuard::new(MemoryAcceptOnce::new(), clock)
    }
}

#[cfg(feature = "sqlite")]
impl<C: Clock> ReplayGuard<SqliteAcceptOnce, C> {
    /// A guard on the accept-once SQLite file at `path` (created when missing), with the
    /// default policy: restart-safe, and shared by every process opening the file. `options`
    /// set the durability: [`OpenOptions::default`] is `synchronous = FULL` (an accepted id
    /// survives a power cut); `Synchronous::Normal` is several times faster, and a power cut
    /// or a crash of the operating system (not a crash of the process) may forget the ids
    /// accepted since the last checkpoint — the file stays consistent, but a message among
    /// those may then be accepted again within its window: a replay is possible for the
    /// messages of the moments before a power cut. A file written by an older version of the
    /// store is migrated when opened (see [`SqliteAcceptOnce`]).
    ///
    /// Errors: `exchange.store` (a file that is not an accept-once store, of a newer version,
    /// or that cannot be opened), left untouched.
    pub fn open(path: impl AsRef<std::path::Path>, options: OpenOptions, clock: C) -> Result<Self> {
        let store = SqliteAcceptOnce::open_with(path, options).map_err(Error::Store)?;
        Ok(ReplayGuard::new(store, clock))
    }
}

#[cfg(feature = "postgres")]
impl<C: Clock> ReplayGuard<govblocks_store::postgres::PgAcceptOnce, C> {
    /// A guard on the accept-once store in the PostgreSQL database `options` names (schema
    /// `govblocks_accept_once` unless another is named; created when missing), with the default
    /// policy: shared by every process on every machine that opens it (feature `postgres`).
    ///
    /// Errors: `exchange.store` (a schema that is not an accept-once store, of a newer version,
    /// or a server that cannot be reached), left untouched.
    pub fn open_postgres(options: &govblocks_store::postgres::PgOptions, clock: C) -> Result<Self> {
        let store = govblocks_store::postgres::PgAcceptOnce::open(options).map_err(Error::Store)?;
        Ok(ReplayGuard::new(store, clock))
    }
}

impl<S: AcceptOnce, C: Clock> ReplayGuard<S, C> {
    /// A guard on `store`, reading the time from `clock`, with the default policy.
    pub fn new(store: S, clock: C) -> Self {
        ReplayGuard {
            store,
            clock,
            policy: ReplayPolicy::default(),
        }
    }

    /// The same guard with `policy`.
    #[must_use]
    pub fn with_policy(mut self, policy: ReplayPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The policy.
    pub fn policy(&self) -> &ReplayPolicy {
        &self.policy
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// How many message ids the store holds now (expired ones not yet swept included; in a
    /// shared SQLite file, every scope's).
    ///
    /// Errors: `exchange.store`.
    pub fn remembered(&self) -> Result<u64> {
        self.store.remembered().map_err(Error::Store)
    }

    /// Accepts the message `message_id` from `sender`, dated `timestamp`, once: refused when
    /// its timestamp is outside the window (`exchange.timestamp_too_old`,
    /// `exchange.timestamp_in_future`) or its id was already accepted from `sender`
    /// (`exchange.replayed`); otherwise remembered until `timestamp + window + skew`. Call it after
    /// the message's signature verified (so that `sender`, id and timestamp are the signer's),
    /// before its payload is used.
    ///
    /// Errors: those above; `exchange.replay_id_too_long`; `exchange.store` when the store
    /// fails (nothing is accepted); `time.out_of_range` when the clock is outside years
    /// 1–9999.
    pub fn check(&self, sender: &str, message_id: &str, timestamp: Timestamp) -> Result<()> {
        let now = Timestamp::from_datetime(self.clock.now())?;
        self.check_at(sender, message_id, timestamp, now)
    }

    fn check_at(
        &self,
        sender: &str,
        message_id: &str,
        timestamp: Timestamp,
        now: Timestamp,
    ) -> Result<()> {
        let ReplayPolicy { window, skew } = self.policy;
        let (at, now_nanos) = (timestamp.unix_nanos(), now.unix_nanos());
        if at > now_nanos.saturating_add(skew.whole_nanoseconds()) {
            return Err(Error::TimestampInFuture {
                timestamp: timestamp.to_string(),
                now: now.to_string(),
                skew_seconds: skew.whole_seconds(),
            });
        }
        if at <= now_nanos.saturating_sub(window.whole_nanoseconds()) {
            return Err(Error::TimestampTooOld {
                timestamp: timestamp.to_string(),
                now: now.to_string(),
                window_seconds: window.whole_seconds(),
            });
        }
        let mut buffer = [0u8; KEY_ON_STACK];
        let key = replay_key(sender, message_id, &mut buffer)?;
        // Past year 9999 (a timestamp can be no later than the clock plus a day): never forget.
        let until = timestamp
            .checked_add(window.saturating_add(skew))
            .map_or(Until::Forever, Until::Instant);
        match self
            .store
            .accept_once(MESSAGE_ID, &key, now, until)
            .map_err(Error::Store)?
        {
            Acceptance::Accepted => Ok(()),
            Acceptance::AlreadyAccepted => Err(Error::Replayed {
                sender: quote(sender),
                message_id: quote(message_id),
            }),
        }
    }
}

/// The guard as a step of the [`EnvelopeVerifier`](crate::verify::EnvelopeVerifier)
/// ([`with_step`](crate::verify::EnvelopeVerifier::with_step)): the envelope's sender (the
/// client of a request, the service's provider for a response, in its textual form), message
/// id and timestamp, checked at the verifier's now (so `--now` and the verifier's clock hold
/// for the guard too), after every other check.
impl<S: AcceptOnce, C: Clock> crate::verify::Step for ReplayGuard<S, C> {
    fn run(
        &self,
        envelope: &crate::envelope::model::Envelope,
        context: &crate::verify::StepContext<'_>,
    ) -> Result<()> {
        let header = &envelope.header;
        let sender = header.sender(envelope.kind).to_string();
        let now = Timestamp::from_datetime(context.now())?;
        self.check_at(
            &sender,
            &header.message_id.to_string(),
            header.timestamp,
            now,
        )
    }
}

/// The longest key [`replay_key`] writes on the stack (a longer one, up to [`MAX_ID_BYTES`],
/// is allocated).
const KEY_ON_STACK: usize = 256;

/// The id the store keeps for `message_id` from `sender`: `<len>:<sender><message_id>`
/// (injective: the length says where the sender ends), written into `buffer` when it fits (no
/// allocation and no formatting: a guard checks every message).
fn replay_key<'b>(
    sender: &str,
    message_id: &str,
    buffer: &'b mut [u8; KEY_ON_STACK],
) -> Result<Cow<'b, str>> {
    // The sender's length in decimal, written backwards from the end of `digits`.
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    let mut n = sender.len();
    loop {
        start -= 1;
        // `n % 10` is below 10: the cast cannot truncate.
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    let digits = &digits[start..];
    let len = digits.len() + 1 + sender.len() + message_id.len();
    if len > MAX_ID_BYTES {
        return Err(Error::ReplayIdTooLong {
            len,
            max: MAX_ID_BYTES,
        });
    }
    let owned = || {
        let mut key = String::with_capacity(len);
        key.extend(digits.iter().map(|&d| char::from(d)));
        key.push(':');
        key.push_str(sender);
        key.push_str(message_id);
        Cow::Owned(key)
    };
    let Some(out) = buffer.get_mut(..len) else {
        return Ok(owned());
    };
    let (head, rest) = out.split_at_mut(digits.len());
    head.copy_from_slice(digits);
    let (colon, rest) = rest.split_at_mut(1);
    colon[0] = b':';
    let (sender_part, id_part) = rest.split_at_mut(sender.len());
    sender_part.copy_from_slice(sender.as_bytes());
    id_part.copy_from_slice(message_id.as_bytes());
    // ASCII digits, a colon and two strings: valid UTF-8 (the other arm is never taken).
    match std::str::from_utf8(out) {
        Ok(key) => Ok(Cow::Borrowed(key)),
        Err(_) => Ok(owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_of_different_pairs_differ() {
        let pairs = [
            ("a", "b:c"),
            ("a:b", "c"),
            ("", "1:ab"),
            ("1:a", "b"),
            ("ab", ""),
        ];
        let keys: std::collections::HashSet<String> = pairs
            .iter()
            .map(|(s, m)| {
                let mut buffer = [0u8; KEY_ON_STACK];
                replay_key(s, m, &mut buffer).unwrap().into_owned()
            })
            .collect();
        assert_eq!(keys.len(), pairs.len(), "{keys:?}");
    }

    #[test]
    fn keys_are_the_length_of_the_sender_then_both() {
        let mut buffer = [0u8; KEY_ON_STACK];
        assert_eq!(replay_key("", "x", &mut buffer).unwrap(), "0:x");
        assert!(matches!(
            replay_key("", "x", &mut buffer).unwrap(),
            Cow::Borrowed(_)
        ));
        let sender = "s".repeat(1234 % 1000);
        let key = replay_key(&sender, "id", &mut buffer).unwrap().into_owned();
        assert_eq!(key, format!("234:{sender}id"));
        // Longer than the stack buffer: allocated, the same key.
        let sender = "s".repeat(300);
        let key = replay_key(&sender, "id", &mut buffer).unwrap();
        assert!(matches!(key, Cow::Owned(_)));
        assert_eq!(key, format!("300:{sender}id"));
        // The stack buffer's length exactly, and one byte more.
        let id = "i".repeat(KEY_ON_STACK - 2);
        assert_eq!(replay_key("", &id, &mut buffer).unwrap(), format!("0:{id}"));
        let id = "i".repeat(KEY_ON_STACK - 1);
        assert_eq!(replay_key("", &id, &mut buffer).unwrap(), format!("0:{id}"));
        // At the limit and one byte over it.
        let id = "i".repeat(MAX_ID_BYTES - 2);
        assert_eq!(
            replay_key("", &id, &mut buffer).unwrap().len(),
            MAX_ID_BYTES
        );
        let id = "i".repeat(MAX_ID_BYTES - 1);
        assert_eq!(
            replay_key("", &id, &mut buffer).unwrap_err().code(),
            "exchange.replay_id_too_long"
        );
    }
}
