//! The accept-once store: check and remember an id atomically, until an expiry or for ever.
//!
//! A verifier that must refuse a replay — a presentation's challenge (identity), an exchange
//! message id, a payment batch or end-to-end id — asks [`AcceptOnce::accept_once`]: the first
//! time an id is presented it is [`Acceptance::Accepted`] and remembered until the given
//! [`Until`]; every later time before that expiry it is [`Acceptance::AlreadyAccepted`]. Once
//! the expiry has passed the id may be accepted again (a new expiry is then remembered).
//!
//! ```
//! use govblocks_core::clock::Timestamp;
//! use govblocks_store::accept_once::{AcceptOnce, Acceptance, MemoryAcceptOnce, Scope, Until};
//!
//! const CHALLENGE: Scope = Scope::new("example.challenge");
//! let store = MemoryAcceptOnce::new();
//! let now = Timestamp::parse("2026-01-01T00:00:00Z", "now").unwrap();
//! let until = Until::Instant(now.checked_add(time::Duration::minutes(10)).unwrap());
//! assert_eq!(store.accept_once(CHALLENGE, "1f44d55f", now, until).unwrap(), Acceptance::Accepted);
//! assert_eq!(
//!     store.accept_once(CHALLENGE, "1f44d55f", now, until).unwrap(),
//!     Acceptance::AlreadyAccepted
//! );
//! ```
//!
//! ## Guarantees
//!
//! - **Atomic.** Of any number of calls with one scope and id racing — threads sharing a store,
//!   or processes sharing a SQLite file — exactly one is accepted while the id is remembered.
//!   The memory backend holds one lock for the check and the write; the SQLite backend checks
//!   and writes in one statement (`INSERT … ON CONFLICT DO UPDATE … WHERE expired`, accepted
//!   when it changed a row), which holds SQLite's write lock from before it reads to its
//!   commit (alone in autocommit mode, or with a sweep in one `BEGIN IMMEDIATE` transaction).
//! - **All or nothing.** [`AcceptOnce::accept_all_once`] accepts a set of ids (in one or several
//!   scopes) only when every one is new, and then remembers them all; else it remembers none
//!   and names the first one already accepted. The memory backend checks and writes under its
//!   one lock; the SQLite backend runs the upserts in one `BEGIN IMMEDIATE` transaction and
//!   rolls it back at the first id already there.
//! - **Failures are errors.** A storage failure is an [`Error`], never read as
//!   accepted: a caller that cannot remember an id must refuse it.
//! - **Bounded by expiry.** Memory and rows are proportional to the ids remembered within one
//!   expiry window (plus every [`Until::Forever`] id): the memory backend reuses the slot of
//!   an expired id for a new one, removes expired ids with a hand that visits 8 slots of its
//!   table with every id accepted (going round it), and removes them all before its table
//!   would grow (so that expired ids make room rather than a table twice the size); the
//!   SQLite backend, in
//!   every [`SWEEP_EVERY`]th call of a store (its first included) and in every
//!   [`AcceptOnce::accept_all_once`], visits the next 128 rows in key order from where its
//!   last sweep stopped and deletes those expired, so that in a steady flow the file holds at
//!   most 8/7 of the live ids (see [`SqliteAcceptOnce`]); the PostgreSQL backend, in the same
//!   calls, deletes up to [`SWEEP_BATCH`] expired rows (through an index on the expiry).
//! - **The caller's clock.** `now` is passed in, so a store has no clock of its own and tests
//!   set the time. Processes sharing a file should have roughly synchronised clocks: a process
//!   whose clock runs ahead deletes, and accepts again, ids the others still remember.
//!
//! ## Scopes
//!
//! One store (one SQLite file) serves several kinds of ids: each call names a [`Scope`], a
//! static name chosen by the block that owns the kind of id, written `<block>.<kind>`
//! (`identity.presentation_challenge`, next `exchange.message_id`, `payments.end_to_end_id`).
//! The same id in two scopes is two ids: a scope and an id are the key (in SQLite, two columns
//! of the primary key, so no text of an id can reach into another scope). Scopes are names in
//! code, not data: they are `&'static str`, and a block declares each as a constant.
//!
//! ## Times
//!
//! Times are [`Timestamp`]s. Both backends keep whole microseconds since the Unix epoch (an
//! `i64`, a SQLite `INTEGER`, which holds every year 1–9999), rounding an expiry up and `now`
//! down, so an id is never forgotten early. An id is expired
//! at `now` when its expiry is at or before `now`. An id accepted with an expiry already at or
//! before `now` is accepted and forgotten at once.
//!
//! ## Backends
//!
//! | backend | where | shared by |
//! | --- | --- | --- |
//! | [`MemoryAcceptOnce`] | a table in this process (a 16-byte keyed digest of each id and its expiry: 32–77 bytes an id) | the threads of one process |
//! | [`SqliteAcceptOnce`] (feature `sqlite`) | a SQLite file | every process opening the file |
//! | `postgres::PgAcceptOnce` (feature `postgres`) | a schema of a PostgreSQL database | every process, on every machine, connecting to it |
//!
//! Every backend passes one conformance suite (`tests/accept_once/`); a new backend adds one
//! line there.

mod memory;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use memory::MemoryAcceptOnce;
#[cfg(feature = "sqlite")]
pub use sqlite::{SqliteAcceptOnce, APPLICATION_ID as SQLITE_APPLICATION_ID};

use crate::error::{Error, Result};
use govblocks_core::clock::Timestamp;
use std::fmt;

/// The longest id a store accepts, in bytes (longer: `store.id_too_long`). Ids are challenges
/// and message identifiers, far shorter; the bound keeps one call from filling a store.
pub const MAX_ID_BYTES: usize = 1024;

/// How many expired rows the PostgreSQL backend deletes at most in one sweep (one call of
/// every [`SWEEP_EVERY`]; 64 in every call before issue 20's scale work). (The SQLite
/// backend, since its schema 2, visits 128 rows in key order in the same calls instead,
/// deleting those expired: it has no index on the expiry.)
pub const SWEEP_BATCH: usize = 8 * SWEEP_EVERY;

/// The SQLite and PostgreSQL backends sweep expired rows in one call of every `SWEEP_EVERY`
/// (of one open store, its first call included): a sweep in every call would cost more than
/// the check.
pub const SWEEP_EVERY: usize = 16;

/// A kind of id: the namespace an id is unique in (see the [module docs](self#scopes)).
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Scope(&'static str);

impl Scope {
    /// A scope named `name`, by convention `<block>.<kind>`.
    pub const fn new(name: &'static str) -> Self {
        Scope(name)
    }

    /// The scope's name.
    pub const fn name(self) -> &'static str {
        self.0
    }
}

impl fmt::Debug for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.0, f)
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// How long an accepted id is remembered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Until {
    /// Until this instant: at and after it the id may be accepted again.
    Instant(Timestamp),
    /// For ever (a payment's end-to-end id): never accepted again, never swept.
    Forever,
}

impl Until {
    /// Whether an id remembered until `self` is expired at `now`.
    pub fn is_expired_at(self, now: Timestamp) -> bool {
        match self {
            Until::Instant(at) => at <= now,
            Until::Forever => false,
        }
    }
}

impl From<Timestamp> for Until {
    fn from(at: Timestamp) -> Self {
        Until::Instant(at)
    }
}

/// What [`AcceptOnce::accept_once`] decided.
#[must_use = "an id that was already accepted must be refused"]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Acceptance {
    /// First seen (or its last acceptance expired): accepted, and now remembered.
    Accepted,
    /// Already accepted and not expired: refuse it (a replay).
    AlreadyAccepted,
}

impl Acceptance {
    /// Whether the id was accepted.
    pub fn is_accepted(self) -> bool {
        self == Acceptance::Accepted
    }
}

/// What [`AcceptOnce::accept_all_once`] decided for a set of ids: all accepted, or none.
#[must_use = "ids that were already accepted must be refused"]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AcceptanceOfAll {
    /// Every id was new (or expired): all accepted, and now remembered.
    Accepted,
    /// The id at this index of the call's list is remembered and not expired, or appears
    /// earlier in the same list: nothing was accepted, nothing remembered.
    AlreadyAccepted {
        /// The index, in the call's list, of the first id found already accepted.
        index: usize,
    },
}

impl AcceptanceOfAll {
    /// Whether every id was accepted.
    pub fn is_accepted(self) -> bool {
        self == AcceptanceOfAll::Accepted
    }
}

/// Checks and remembers ids atomically (see the [module docs](self)).
pub trait AcceptOnce: Send + Sync {
    /// Accepts `id` in `scope` unless it is remembered and not expired at `now`; an accepted id
    /// is remembered until `until`. Atomic: of calls racing on one scope and id, one at most is
    /// accepted while the id is remembered. An id over [`MAX_ID_BYTES`] is
    /// `store.id_too_long`; a storage failure is an error, never an acceptance.
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance>;

    /// Accepts every `(scope, id)` of `ids` or none: all are accepted and remembered until
    /// `until` when none is remembered and unexpired at `now` (and none appears twice in
    /// `ids`); otherwise nothing is remembered and the answer names the first id found
    /// already accepted. Atomic as one call: of calls racing on overlapping ids, at most one
    /// accepts any given id, and a call that accepts accepts all of its ids (a payment batch's
    /// message id and every end-to-end id). An empty list is accepted. An id over
    /// [`MAX_ID_BYTES`] is `store.id_too_long` (nothing remembered); a storage failure is an
    /// error, never an acceptance.
    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll>;

    /// How many ids the store holds now, in every scope, expired ones not yet swept included:
    /// what the store's memory or rows are proportional to.
    fn remembered(&self) -> Result<u64>;
}

/// Refuses an id longer than [`MAX_ID_BYTES`] (every backend calls this first).
pub(crate) fn check_id(scope: Scope, id: &str) -> Result<()> {
    if id.len() > MAX_ID_BYTES {
        return Err(Error::IdTooLong {
            scope: scope.name(),
            len: id.len(),
        });
    }
    Ok(())
}

impl<S: AcceptOnce + ?Sized> AcceptOnce for &S {
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance> {
        (**self).accept_once(scope, id, now, until)
    }

    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll> {
        (**self).accept_all_once(ids, now, until)
    }

    fn remembered(&self) -> Result<u64> {
        (**self).remembered()
    }
}

impl<S: AcceptOnce + ?Sized> AcceptOnce for Box<S> {
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance> {
        (**self).accept_once(scope, id, now, until)
    }

    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll> {
        (**self).accept_all_once(ids, now, until)
    }

    fn remembered(&self) -> Result<u64> {
        (**self).remembered()
    }
}

impl<S: AcceptOnce + ?Sized> AcceptOnce for std::sync::Arc<S> {
    fn accept_once(
        &self,
        scope: Scope,
        id: &str,
        now: Timestamp,
        until: Until,
    ) -> Result<Acceptance> {
        (**self).accept_once(scope, id, now, until)
    }

    fn accept_all_once(
        &self,
        ids: &[(Scope, &str)],
        now: Timestamp,
        until: Until,
    ) -> Result<AcceptanceOfAll> {
        (**self).accept_all_once(ids, now, until)
    }

    fn remembered(&self) -> Result<u64> {
        (**self).remembered()
    }
}
