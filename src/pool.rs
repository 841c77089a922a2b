//! Connection pool bookkeeping, sans-IO: which connection to hand out, when to open a new one,
//! who waits, and which connections are too old. The async layer owns the connections'
//! futures and timers; every decision here takes the current time.
//!
//! Per address, at most `max_size` connections exist at once (idle, in use or being opened).
//! Waiters are served in arrival order.

use std::collections::VecDeque;
use std::time::Duration;

use crate::vec_map::VecMap;

/// Pool limits (the driver config's names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PoolConfig {
    /// Connections per address (`maxConnectionPoolSize`, default 100).
    pub max_size: usize,
    /// Connections older than this are closed instead of reused (`maxConnectionLifetime`,
    /// default 1 hour; `None` for no limit).
    pub max_lifetime: Option<Duration>,
    /// Connections idle longer than this are checked with a RESET before reuse
    /// (`connectionLivenessCheckTimeout`; `None` never checks).
    pub liveness_check_timeout: Option<Duration>,
}

impl Default for PoolConfig {
    fn default() -> Self {
        PoolConfig {
            max_size: 100,
            max_lifetime: Some(Duration::from_secs(3600)),
            liveness_check_timeout: None,
        }
    }
}

/// Identifies one caller waiting for a connection.
pub type WaiterId = u64;

/// What [`PoolState::acquire`] decided.
#[derive(Debug, PartialEq)]
pub enum Acquire<C> {
    /// Use this idle connection; if `check_liveness`, ping it (RESET) first and
    /// [`PoolState::release`] it as broken if that fails.
    Reuse {
        /// The connection.
        connection: C,
        /// Whether it sat idle longer than the liveness check timeout.
        check_liveness: bool,
    },
    /// Open a new connection; [`PoolState::release`] it when done, or report
    /// [`PoolState::open_failed`].
    Open,
    /// The pool is full: wait to be handed a connection (or told to open one).
    Wait(WaiterId),
}

/// What a waiter is handed when capacity frees up.
#[derive(Debug, PartialEq)]
pub enum Handover<C> {
    /// A connection released by someone else.
    Connection(C),
    /// Room for one more connection: the waiter opens it.
    Open,
}

#[derive(Debug)]
struct Idle<C> {
    connection: C,
    created: Duration,
    idle_since: Duration,
}

#[derive(Debug)]
struct AddressPool<C> {
    idle: VecDeque<Idle<C>>,
    /// Connections handed out or being opened.
    busy: usize,
    waiters: VecDeque<WaiterId>,
}

impl<C> Default for AddressPool<C> {
    fn default() -> Self {
        AddressPool {
            idle: VecDeque::new(),
            busy: 0,
            waiters: VecDeque::new(),
        }
    }
}

impl<C> AddressPool<C> {
    /// Moves every idle connection to `to_close` (a plain loop: `extend` over a drain costs
    /// the module over a kilobyte more).
    fn close_idle(&mut self, to_close: &mut ToClose<C>) {
        while let Some(idle) = self.idle.pop_front() {
            to_close.push(idle.connection);
        }
    }
}

/// The pool's state across addresses, generic over the connection handle.
#[derive(Debug)]
pub struct PoolState<C> {
    config: PoolConfig,
    addresses: VecMap<String, AddressPool<C>>,
    next_waiter: WaiterId,
    closed: bool,
}

/// A connection the pool gives back to be closed (expired, or the pool is closing).
pub type ToClose<C> = Vec<C>;

impl<C> PoolState<C> {
    /// An empty pool.
    pub fn new(config: PoolConfig) -> Self {
        PoolState {
            config,
            addresses: VecMap::new(),
            next_waiter: 0,
            closed: false,
        }
    }

    /// The configured limits.
    pub fn config(&self) -> &PoolConfig {
        &self.config
    }

    /// Whether [`PoolState::close`] was called.
    pub fn is_closed(&self) -> bool {
        self.closed
    }

    /// Decides how the caller gets a connection to `address` at time `now`. Idle connections
    /// past their lifetime are returned in `to_close`.
    pub fn acquire(
        &mut self,
        address: &str,
        now: Duration,
        to_close: &mut ToClose<C>,
    ) -> Acquire<C> {
        let max_size = self.config.max_size;
        let (lifetime, liveness) = (self.config.max_lifetime, self.config.liveness_check_timeout);
        let pool = self
            .addresses
            .get_or_insert_with(address.to_string(), AddressPool::default);
        // Most recently used first: it is the most likely to be alive.
        while let Some(idle) = pool.idle.pop_back() {
            if lifetime.is_some_and(|max| now.saturating_sub(idle.created) >= max) {
                to_close.push(idle.connection);
                continue;
            }
            pool.busy += 1;
            // A timeout of 0 checks every reuse, as with neo4j-driver.
            let check_liveness =
                liveness.is_some_and(|t| t.is_zero() || now.saturating_sub(idle.idle_since) > t);
            return Acquire::Reuse {
                connection: idle.connection,
                check_liveness,
            };
        }
        if pool.busy < max_size {
            pool.busy += 1;
            return Acquire::Open;
        }
        let id = self.next_waiter;
        self.next_waiter += 1;
        pool.waiters.push_back(id);
        Acquire::Wait(id)
    }

    /// Opening failed: the reserved place is freed, and the first waiter (if any) may open.
    pub fn open_failed(&mut self, address: &str) -> Option<(WaiterId, Handover<C>)> {
        let pool = self.addresses.get_mut(address)?;
        pool.busy = pool.busy.saturating_sub(1);
        Self::offer_room(pool)
    }

    /// Gives a connection back at `now`. A broken one (or any, once the pool is closed) is
    /// returned in `to_close`; a healthy one goes to the first waiter, else to the idle list.
    pub fn release(
        &mut self,
        address: &str,
        connection: C,
        created: Duration,
        healthy: bool,
        now: Duration,
        to_close: &mut ToClose<C>,
    ) -> Option<(WaiterId, Handover<C>)> {
        let expired = self
            .config
            .max_lifetime
            .is_some_and(|max| now.saturating_sub(created) >= max);
        let closed = self.closed;
        let Some(pool) = self.addresses.get_mut(address) else {
            to_close.push(connection);
            return None;
        };
        if !healthy || expired || closed {
            to_close.push(connection);
            pool.busy = pool.busy.saturating_sub(1);
            return if closed { None } else { Self::offer_room(pool) };
        }
        if let Some(waiter) = pool.waiters.pop_front() {
            return Some((waiter, Handover::Connection(connection)));
        }
        pool.busy = pool.busy.saturating_sub(1);
        pool.idle.push_back(Idle {
            connection,
            created,
            idle_since: now,
        });
        None
    }

    /// A waiter gave up (acquisition timeout): it no longer gets a handover.
    pub fn cancel_wait(&mut self, address: &str, waiter: WaiterId) {
        if let Some(pool) = self.addresses.get_mut(address) {
            pool.waiters.retain(|w| *w != waiter);
        }
    }

    /// Closes the pool: every idle connection is returned to be closed, and connections
    /// released later are closed too. Returns the waiters, which must be failed.
    pub fn close(&mut self, to_close: &mut ToClose<C>) -> Vec<WaiterId> {
        self.closed = true;
        let mut waiters = Vec::new();
        for pool in self.addresses.values_mut() {
            pool.close_idle(to_close);
            waiters.extend(pool.waiters.drain(..));
        }
        waiters
    }

    /// Gives back every idle connection to `address` to be closed: the server left the
    /// cluster or stopped answering, so they are of no more use.
    pub fn purge(&mut self, address: &str, to_close: &mut ToClose<C>) {
        if let Some(pool) = self.addresses.get_mut(address) {
            pool.close_idle(to_close);
        }
    }

    /// Every idle connection, to any address.
    pub fn idle(&self) -> impl Iterator<Item = &C> {
        self.addresses
            .values()
            .flat_map(|p| p.idle.iter().map(|idle| &idle.connection))
    }

    /// Connections to `address` that exist now (idle, in use or being opened).
    pub fn size(&self, address: &str) -> usize {
        self.addresses
            .get(address)
            .map_or(0, |p| p.busy + p.idle.len())
    }

    /// Idle connections to `address`.
    pub fn idle_count(&self, address: &str) -> usize {
        self.addresses.get(address).map_or(0, |p| p.idle.len())
    }

    fn offer_room(pool: &mut AddressPool<C>) -> Option<(WaiterId, Handover<C>)> {
        let waiter = pool.waiters.pop_front()?;
        pool.busy += 1;
        Some((waiter, Handover::Open))
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::test_support::secs;

    const A: &str = "db:7687";

    fn pool(max_size: usize) -> PoolState<&'static str> {
        PoolState::new(PoolConfig {
            max_size,
            ..PoolConfig::default()
        })
    }

    #[test]
    fn opens_up_to_the_limit_then_queues_waiters_in_order() {
        let mut p = pool(2);
        let mut close = Vec::new();
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Open);
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Open);
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Wait(0));
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Wait(1));
        assert_eq!(p.size(A), 2);
        // Released connections go to the waiters first, oldest waiter first.
        assert_eq!(
            p.release(A, "c1", secs(0), true, secs(1), &mut close),
            Some((0, Handover::Connection("c1")))
        );
        // A broken connection frees room: the next waiter opens a new one.
        assert_eq!(
            p.release(A, "c2", secs(0), false, secs(1), &mut close),
            Some((1, Handover::Open))
        );
        assert_eq!(close, vec!["c2"]);
        assert_eq!(p.size(A), 2);
    }

    #[test]
    fn purging_an_address_closes_its_idle_connections_only() {
        let mut p = pool(5);
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        p.acquire(A, secs(0), &mut close);
        p.acquire("other:7687", secs(0), &mut close);
        p.release(A, "idle", secs(0), true, secs(1), &mut close);
        p.release(
            "other:7687",
            "elsewhere",
            secs(0),
            true,
            secs(1),
            &mut close,
        );
        p.purge(A, &mut close);
        assert_eq!(close, vec!["idle"]);
        // The connection still lent out is counted until it comes back.
        assert_eq!(p.size(A), 1);
        assert_eq!(p.idle_count("other:7687"), 1);
    }

    #[test]
    fn idle_connections_are_reused_most_recent_first() {
        let mut p = pool(5);
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        p.acquire(A, secs(0), &mut close);
        assert_eq!(
            p.release(A, "old", secs(0), true, secs(1), &mut close),
            None
        );
        assert_eq!(
            p.release(A, "new", secs(0), true, secs(2), &mut close),
            None
        );
        assert_eq!(p.idle_count(A), 2);
        assert_eq!(
            p.acquire(A, secs(3), &mut close),
            Acquire::Reuse {
                connection: "new",
                check_liveness: false
            }
        );
    }

    #[test]
    fn expired_connections_are_closed_not_reused() {
        let mut p = PoolState::new(PoolConfig {
            max_lifetime: Some(secs(60)),
            ..PoolConfig::default()
        });
        let mut close = Vec::new();
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Open);
        p.release(A, "c", secs(0), true, secs(30), &mut close);
        assert_eq!(p.acquire(A, secs(60), &mut close), Acquire::Open);
        assert_eq!(close, vec!["c"]);
        // Released after its lifetime: closed at once.
        p.release(A, "d", secs(0), true, secs(61), &mut close);
        assert_eq!(close, vec!["c", "d"]);
        assert_eq!(p.idle_count(A), 0);
    }

    #[test]
    fn long_idle_connections_get_a_liveness_check() {
        let mut p = PoolState::new(PoolConfig {
            liveness_check_timeout: Some(secs(10)),
            ..PoolConfig::default()
        });
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        p.release(A, "c", secs(0), true, secs(5), &mut close);
        assert_eq!(
            p.acquire(A, secs(15), &mut close),
            Acquire::Reuse {
                connection: "c",
                check_liveness: false
            }
        );
        p.release(A, "c", secs(0), true, secs(15), &mut close);
        assert_eq!(
            p.acquire(A, secs(26), &mut close),
            Acquire::Reuse {
                connection: "c",
                check_liveness: true
            }
        );
    }

    #[test]
    fn a_liveness_check_timeout_of_zero_checks_every_reuse() {
        let mut p = PoolState::new(PoolConfig {
            liveness_check_timeout: Some(secs(0)),
            ..PoolConfig::default()
        });
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        p.release(A, "c", secs(0), true, secs(5), &mut close);
        assert_eq!(
            p.acquire(A, secs(5), &mut close),
            Acquire::Reuse {
                connection: "c",
                check_liveness: true
            }
        );
    }

    #[test]
    fn a_failed_open_frees_its_place_for_a_waiter() {
        let mut p = pool(1);
        let mut close = Vec::new();
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Open);
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Wait(0));
        assert_eq!(p.open_failed(A), Some((0, Handover::Open)));
        assert_eq!(p.size(A), 1);
    }

    #[test]
    fn a_cancelled_waiter_is_skipped() {
        let mut p = pool(1);
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Wait(0));
        assert_eq!(p.acquire(A, secs(0), &mut close), Acquire::Wait(1));
        p.cancel_wait(A, 0);
        assert_eq!(
            p.release(A, "c", secs(0), true, secs(1), &mut close),
            Some((1, Handover::Connection("c")))
        );
    }

    #[test]
    fn closing_returns_idle_connections_and_waiters_and_closes_later_releases() {
        let mut p = pool(1);
        let mut close = Vec::new();
        p.acquire(A, secs(0), &mut close);
        p.acquire(A, secs(0), &mut close);
        p.release(A, "idle", secs(0), true, secs(1), &mut close);
        assert_eq!(close, Vec::<&str>::new());
        // "idle" went to waiter 1; nothing is idle. Give one back to idle, then close.
        p.release(A, "idle", secs(0), true, secs(1), &mut close);
        assert_eq!(p.close(&mut close), Vec::<WaiterId>::new());
        assert_eq!(close, vec!["idle"]);
        assert!(p.is_closed());
        p.release(A, "late", secs(0), true, secs(2), &mut close);
        assert_eq!(close, vec!["idle", "late"]);
    }
}
