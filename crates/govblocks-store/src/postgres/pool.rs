//! The stores' small connection pool: at most `pool_size` connections, opened on demand, a
//! dead one dropped, and a transaction runner that retries deadlocks and serialization
//! failures.

use super::{storage_error, PgOptions};
use crate::error::{Error, Result};
use ::postgres::{Client, Config, GenericClient, IsolationLevel, NoTls, Statement, Transaction};
use std::collections::HashMap;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The operation named by a `store.busy` that a new attempt may clear: a deadlock or a
/// serialization failure aborted the transaction (nothing of it was kept).
pub(crate) const RETRYABLE: &str = "a transaction aborted by a deadlock or a serialization \
                                    failure (retried 5 times)";

/// How many times a transaction is run at most.
const ATTEMPTS: u32 = 5;

/// How a transaction ends when its body succeeded.
pub(crate) enum End<T> {
    /// Commit, then return the value.
    Commit(T),
    /// Roll back (nothing of it is kept), then return the value.
    Rollback(T),
}

/// A connection's prepared statements, by their text (prepared on first use, kept while the
/// connection lives: a statement is parsed and planned once per connection, not once a call).
#[derive(Default)]
pub(crate) struct Statements(HashMap<&'static str, Statement>);

impl Statements {
    /// The statement `sql`, prepared on this connection.
    pub(crate) fn get(
        &mut self,
        tx: &mut impl GenericClient,
        sql: &'static str,
        operation: &'static str,
    ) -> Result<Statement> {
        if let Some(statement) = self.0.get(sql) {
            return Ok(statement.clone());
        }
        let statement = tx.prepare(sql).map_err(|e| storage_error(&e, operation))?;
        self.0.insert(sql, statement.clone());
        Ok(statement)
    }
}

/// An open connection and its statements.
struct Pooled {
    client: Client,
    statements: Statements,
}

#[derive(Default)]
struct State {
    idle: Vec<Pooled>,
    open: usize,
}

/// The pool.
pub(crate) struct Pool {
    config: Config,
    setup: String,
    size: usize,
    wait: Duration,
    state: Mutex<State>,
    freed: Condvar,
}

impl std::fmt::Debug for Pool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The configuration holds the password: never printed.
        f.debug_struct("Pool")
            .field("size", &self.size)
            .finish_non_exhaustive()
    }
}

/// A connection taken from the pool; given back (or dropped, when dead) on drop.
pub(crate) struct Conn<'a> {
    pool: &'a Pool,
    inner: Option<Pooled>,
    broken: bool,
}

impl Conn<'_> {
    fn pooled(&mut self) -> Result<&mut Pooled> {
        // `inner` is only taken in `drop`.
        self.inner.as_mut().ok_or(Error::Storage {
            operation: "using a connection",
            message: "the connection was given back".to_owned(),
        })
    }

    /// The connection.
    pub(crate) fn client(&mut self) -> Result<&mut Client> {
        Ok(&mut self.pooled()?.client)
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        let Some(pooled) = self.inner.take() else {
            return;
        };
        let mut state = self.pool.lock();
        if self.broken || pooled.client.is_closed() {
            state.open = state.open.saturating_sub(1);
        } else {
            state.idle.push(pooled);
        }
        drop(state);
        self.pool.freed.notify_one();
    }
}

impl Pool {
    /// A pool for `options`, whose sessions use `schema` and run `session` (more `SET`s) after
    /// connecting; opens no connection yet.
    pub(crate) fn new(options: &PgOptions, schema: &str, session: &str) -> Result<Self> {
        let mut config: Config = options.url.parse().map_err(|e| Error::Storage {
            operation: "reading the connection string",
            message: format!("{e}"),
        })?;
        config.connect_timeout(options.connect_timeout);
        config.application_name(&format!("govblocks-store {schema}"));
        let lock_ms = options.busy_timeout.as_millis().max(1);
        let mut setup = format!("SET search_path TO {schema}; SET lock_timeout = {lock_ms};");
        if options.read_only {
            setup.push_str(" SET default_transaction_read_only = on;");
        }
        setup.push_str(session);
        Ok(Self {
            config,
            setup,
            size: options.pool_size.max(1),
            wait: options.busy_timeout,
            state: Mutex::new(State::default()),
            freed: Condvar::new(),
        })
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // The state is two plain fields changed together under the lock: always consistent.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A connection: an idle one, a new one when fewer than the pool's size are open, or the
    /// first one given back within the busy timeout (`store.busy` after it).
    pub(crate) fn get(&self) -> Result<Conn<'_>> {
        let deadline = Instant::now() + self.wait;
        let mut state = self.lock();
        loop {
            if let Some(pooled) = state.idle.pop() {
                if pooled.client.is_closed() {
                    state.open = state.open.saturating_sub(1);
                    continue;
                }
                return Ok(Conn {
                    pool: self,
                    inner: Some(pooled),
                    broken: false,
                });
            }
            if state.open < self.size {
                state.open += 1;
                drop(state);
                return match self.connect() {
                    Ok(client) => Ok(Conn {
                        pool: self,
                        inner: Some(Pooled {
                            client,
                            statements: Statements::default(),
                        }),
                        broken: false,
                    }),
                    Err(e) => {
                        let mut state = self.lock();
                        state.open = state.open.saturating_sub(1);
                        drop(state);
                        self.freed.notify_one();
                        Err(e)
                    }
                };
            }
            let now = Instant::now();
            if now >= deadline {
                return Err(Error::Busy {
                    operation: "waiting for a connection of the pool",
                });
            }
            state = self
                .freed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// Drops every idle connection.
    fn discard_idle(&self) {
        let mut state = self.lock();
        let dropped = state.idle.len();
        state.idle.clear();
        state.open = state.open.saturating_sub(dropped);
    }

    fn connect(&self) -> Result<Client> {
        const OP: &str = "connecting to PostgreSQL";
        let mut client = self
            .config
            .connect(NoTls)
            .map_err(|e| storage_error(&e, OP))?;
        client
            .batch_execute(&self.setup)
            .map_err(|e| storage_error(&e, OP))?;
        Ok(client)
    }

    /// Runs `body`'s one statement in autocommit (no `BEGIN`, no `COMMIT`: one round trip). A
    /// call that finds its connection dead (the server restarted or failed over) runs once
    /// more on a new connection: the statement was not executed, or if it was, executing it
    /// again must be harmless (an upsert then finds its own row, a refusal: the safe side; a
    /// compare-and-append finds its own entry as the head, `store.conflict`: never a second
    /// entry). A deadlock is retried as in [`Pool::transaction`].
    pub(crate) fn autocommit<T>(
        &self,
        mut body: impl FnMut(&mut Client, &mut Statements) -> Result<T>,
    ) -> Result<T> {
        let mut attempt = 0u32;
        let mut replaced = false;
        loop {
            attempt += 1;
            let mut conn = self.get()?;
            let outcome = {
                let Pooled { client, statements } = conn.pooled()?;
                body(client, statements)
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(e) => {
                    let client = conn.client()?;
                    if client.is_closed() || client.is_valid(Duration::from_secs(2)).is_err() {
                        conn.broken = true;
                        self.discard_idle();
                        if !replaced {
                            replaced = true;
                            attempt -= 1;
                            continue;
                        }
                    }
                    let retry = matches!(e, Error::Busy { operation } if operation == RETRYABLE);
                    if retry && attempt < ATTEMPTS {
                        drop(conn);
                        std::thread::sleep(Duration::from_millis(u64::from(attempt) * 5));
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }

    /// Runs `body` in one transaction at `isolation` (`read_only` or not) and commits it when
    /// `body` says so. A transaction aborted by a deadlock or a serialization failure is run
    /// again (up to 5 times in all); a connection found dead at `BEGIN` (before anything was
    /// sent) is replaced once. Any other error rolls the transaction back and is returned.
    pub(crate) fn transaction<T>(
        &self,
        isolation: IsolationLevel,
        read_only: bool,
        operation: &'static str,
        mut body: impl FnMut(&mut Transaction<'_>, &mut Statements) -> Result<End<T>>,
    ) -> Result<T> {
        let mut attempt = 0u32;
        let mut replaced = false;
        loop {
            attempt += 1;
            let mut conn = self.get()?;
            let step = {
                let Pooled { client, statements } = conn.pooled()?;
                match client
                    .build_transaction()
                    .isolation_level(isolation)
                    .read_only(read_only)
                    .start()
                {
                    Err(e) => Err(e),
                    Ok(mut tx) => Ok(match body(&mut tx, statements) {
                        Ok(End::Commit(value)) => tx
                            .commit()
                            .map(|()| value)
                            .map_err(|e| storage_error(&e, operation)),
                        Ok(End::Rollback(value)) => tx
                            .rollback()
                            .map(|()| value)
                            .map_err(|e| storage_error(&e, operation)),
                        Err(e) => {
                            // Dropping the transaction rolls it back.
                            drop(tx);
                            Err(e)
                        }
                    }),
                }
            };
            let outcome = match step {
                Ok(outcome) => outcome,
                Err(e) => {
                    // BEGIN failed: nothing was sent but BEGIN.
                    let dead = e.as_db_error().is_none() || e.is_closed();
                    if dead {
                        conn.broken = true;
                        // The server went away (a restart, a failover): the idle connections
                        // went with it. Drop them all, and try once more on a new one.
                        self.discard_idle();
                        if !replaced {
                            replaced = true;
                            attempt -= 1;
                            continue;
                        }
                    }
                    return Err(storage_error(&e, operation));
                }
            };
            match outcome {
                Ok(value) => return Ok(value),
                Err(e) => {
                    // Whether the connection outlived the error (one round trip, on errors
                    // only); a dead one is dropped rather than given back.
                    let client = conn.client()?;
                    if client.is_closed() || client.is_valid(Duration::from_secs(2)).is_err() {
                        conn.broken = true;
                    }
                    let retry = matches!(e, Error::Busy { operation } if operation == RETRYABLE);
                    if retry && attempt < ATTEMPTS {
                        drop(conn);
                        std::thread::sleep(Duration::from_millis(u64::from(attempt) * 5));
                        continue;
                    }
                    return Err(e);
                }
            }
        }
    }
}
