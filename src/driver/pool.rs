//! The async connection pool: [`crate::pool::PoolState`] decides, this module opens, waits,
//! times out and closes.

use std::cell::RefCell;
use std::ops::Deref;
use std::pin::pin;
use std::rc::Rc;
use std::time::Duration;

use futures::channel::oneshot;
use futures::future::{select, Either};

use super::auth::Auth;
use super::connection::{SecurityHook, WeakConnection};
use super::log::{Level, Logger};
use super::BoltConnection;
use crate::bolt::{AuthToken, Hello, Request, Version};
use crate::pool::{Acquire, Handover, PoolConfig, PoolState, WaiterId};
use crate::runtime::{whole_millis, Runtime, Security};
use crate::vec_map::VecMap;
use crate::Error;

/// A waiter and what the pool hands it.
type Served = (WaiterId, Handover<BoltConnection>);

/// What comes through a channel to an acquirer: a waiter's handover, or the outcome of opening
/// a connection for it (never [`Handover::Open`]). One type for both, so that the module holds
/// one set of channel code.
type Handed = Result<Handover<BoltConnection>, Error>;

/// How the pool opens connections.
#[derive(Clone)]
pub struct OpenConfig {
    /// The HELLO (user agent, routing context) every connection starts with; its `auth` is
    /// replaced by the token the connection is opened for.
    pub hello: Hello,
    /// The driver's credentials.
    pub auth: Auth,
    /// Plain or TLS, and which certificates TLS trusts.
    pub security: Security,
    /// Limit for opening the transport, the handshake and authentication together
    /// (`connectionTimeout`).
    pub connection_timeout: Duration,
    /// How long a server may stay silent while an answer is due (`receiveTimeout`).
    pub receive_timeout: Option<Duration>,
}

struct Inner {
    runtime: Rc<dyn Runtime>,
    open: OpenConfig,
    acquisition_timeout: Duration,
    logger: Logger,
    state: RefCell<PoolState<BoltConnection>>,
    waiters: RefCell<VecMap<WaiterId, oneshot::Sender<Handed>>>,
    /// Connections lent out, so that closing the pool can close them too.
    lent: RefCell<Vec<WeakConnection>>,
}

/// Connections to every address the driver talks to, shared by its sessions.
#[derive(Clone)]
pub struct Pool {
    inner: Rc<Inner>,
}

/// A connection lent by the pool; it goes back when dropped (closed instead if broken or
/// not idle on the server).
pub struct PooledConnection {
    pool: Rc<Inner>,
    address: String,
    connection: BoltConnection,
}

impl Deref for PooledConnection {
    type Target = BoltConnection;

    fn deref(&self) -> &BoltConnection {
        &self.connection
    }
}

impl Drop for PooledConnection {
    fn drop(&mut self) {
        // A handle is a reference count: the pool keeps the connection, this handle goes.
        self.pool.release(&self.address, self.connection.clone());
    }
}

/// How to log a new connection in.
struct Login<'a> {
    token: &'a AuthToken,
    /// Told about security errors the server answers.
    hook: Option<SecurityHook>,
    /// The session's own credentials: servers before 5.1 cannot take them, so they are
    /// refused before HELLO.
    session_auth: bool,
}

impl Inner {
    fn release(self: &Rc<Self>, address: &str, connection: BoltConnection) {
        if connection.take_authorization_expired() {
            // The other connections to the server may carry the expired authorization: each
            // authenticates again before its next use (LOGOFF/LOGON, or a new connection
            // before Bolt 5.1), as with neo4j-driver. The one that was told is closed.
            self.logger.log(Level::Info, || {
                format!("authorization expired: the connections to {address} authenticate again")
            });
            for idle in self.state.borrow().idle().filter(|c| c.is_to(address)) {
                idle.forget_auth();
            }
            for lent in self
                .lent
                .borrow()
                .iter()
                .filter_map(WeakConnection::upgrade)
                .filter(|c| c.is_to(address))
            {
                lent.forget_auth();
            }
        }
        if connection.is_open() && !connection.is_idle() && !connection.is_retired() {
            // Given back in the middle of work, whose caller stopped waiting (it was aborted):
            // the work ends on the server first. The connection stays lent meanwhile.
            let recovery = self.clone().recover(address.to_owned(), connection);
            self.runtime.spawn(Box::pin(recovery));
            return;
        }
        let next = self.put_back(address, connection);
        self.hand_over(address, next);
    }

    /// Puts a connection no work uses any more back in the pool state: idle, handed to the
    /// first waiter (returned, to hand over), or closed if broken, expired or the pool closed.
    fn put_back(&self, address: &str, connection: BoltConnection) -> Option<Served> {
        self.lent
            .borrow_mut()
            .retain(|lent| !lent.refers_to(&connection));
        let healthy = connection.is_open() && connection.is_idle() && !connection.is_retired();
        let mut to_close = Vec::new();
        let created = connection.created_at();
        let now = self.runtime.now();
        let next = self.state.borrow_mut().release(
            address,
            connection,
            created,
            healthy,
            now,
            &mut to_close,
        );
        for c in to_close {
            self.logger.log(Level::Debug, || {
                format!("closing a connection to {address} (broken, expired or pool closed)")
            });
            c.close();
        }
        next
    }

    /// Takes back what a waiter that gave up was to get: a connection goes back (to the next
    /// waiter, if any, returned), a reserved place is freed.
    fn take_back(&self, address: &str, handover: Handover<BoltConnection>) -> Option<Served> {
        match handover {
            Handover::Connection(c) => self.put_back(address, c),
            Handover::Open => self.state.borrow_mut().open_failed(address),
        }
    }

    /// Ends the work still running on `connection` with RESET, then releases it again: back
    /// to the idle ones once the server has answered, within `connectionTimeout`; closed if it
    /// does not.
    async fn recover(self: Rc<Self>, address: String, connection: BoltConnection) {
        let answered = matches!(
            select(
                pin!(ping(&connection)),
                self.runtime.sleep(self.open.connection_timeout)
            )
            .await,
            Either::Left((Ok(()), _))
        );
        if answered && connection.is_idle() {
            connection.forget_answers();
        } else {
            connection.close();
        }
        self.release(&address, connection);
    }

    /// [`Inner::open`] as a task of its own, whose outcome comes through the returned channel.
    /// Opening goes on if the acquirer gives up (its work was aborted): the connection then
    /// joins the pool instead of being wasted.
    fn open_in_background(
        self: &Rc<Self>,
        address: &str,
        token: &AuthToken,
        hook: Option<SecurityHook>,
        session_auth: bool,
        acquisition_deadline: Duration,
    ) -> oneshot::Receiver<Handed> {
        let (opened, outcome) = oneshot::channel();
        let opening = self.clone().open(
            address.to_owned(),
            token.clone(),
            hook,
            session_auth,
            acquisition_deadline,
            opened,
        );
        self.runtime.spawn(Box::pin(opening));
        outcome
    }

    /// Gives a waiter what was freed; if it has given up meanwhile, the next one gets it. A
    /// loop, not a recursion: thousands of waiters may have given up (aborted work).
    fn hand_over(&self, address: &str, mut next: Option<Served>) {
        while let Some((waiter, handover)) = next {
            let sender = self.waiters.borrow_mut().remove(&waiter);
            let refused = match sender {
                Some(sender) => sender.send(Ok(handover)).err().and_then(Result::ok),
                None => Some(handover),
            };
            next = refused.and_then(|handover| self.take_back(address, handover));
        }
    }

    /// Tells the driver's auth manager about security errors on a connection authenticated
    /// with its `token`; the answer says whether it renewed the credentials.
    fn security_hook(self: &Rc<Self>, token: AuthToken) -> SecurityHook {
        let pool = Rc::downgrade(self);
        Rc::new(move |code: &str| {
            pool.upgrade()
                .is_some_and(|pool| pool.open.auth.handle_security_error(&token, code))
        })
    }

    /// Opens a connection within `connectionTimeout` and, given a `login`, authenticates it.
    async fn connect(
        &self,
        address: &str,
        login: Option<Login<'_>>,
        acquisition_deadline: Option<Duration>,
    ) -> Result<BoltConnection, Error> {
        // Set once the transport is open, so that a timeout, a failure or the acquirer giving
        // up closes it.
        let started = CloseUnlessKept(RefCell::new(None));
        let opening = async {
            let (transport, events) = self.runtime.connect(address, &self.open.security).await?;
            let (connection, pump) = BoltConnection::start(
                address,
                self.open.receive_timeout,
                transport,
                events,
                self.runtime.clone(),
                &self.logger,
            );
            self.runtime.spawn(Box::pin(pump));
            *started.0.borrow_mut() = Some(connection.clone());
            let version = connection.negotiate().await?;
            let Some(login) = login else {
                return Ok(connection);
            };
            connection.set_security_hook(login.hook);
            if login.session_auth && !version.supports_logon() {
                return Err(session_auth_unsupported(address, version));
            }
            let hello = Hello {
                auth: login.token.clone(),
                ..self.open.hello.clone()
            };
            connection.open(hello, version).await.map(|()| connection)
        };
        // Opening is bounded by connectionTimeout, and by what is left of the acquisition's
        // connectionAcquisitionTimeout when that ends first.
        let left = acquisition_deadline.map(|d| d.saturating_sub(self.runtime.now()));
        let acquisition_ends_first = left.is_some_and(|left| left < self.open.connection_timeout);
        let limit = match left {
            Some(left) if acquisition_ends_first => left,
            _ => self.open.connection_timeout,
        };
        let outcome = match select(pin!(opening), self.runtime.sleep(limit)).await {
            Either::Left((outcome, _)) => outcome,
            Either::Right(_) if acquisition_ends_first => Err(Error::Usage(format!(
                "could not acquire a connection to {address} within {} ms \
                 (connectionAcquisitionTimeout): opening it took longer",
                whole_millis(self.acquisition_timeout)
            ).into())),
            Either::Right(_) => Err(Error::ServiceUnavailable(format!(
                "could not connect to {address} within {} ms (connectionTimeout): {}",
                whole_millis(self.open.connection_timeout),
                if started.0.borrow().is_some() {
                    "the connection opened, but the server did not complete the Bolt handshake and authentication"
                } else {
                    "the connection did not open"
                }
            ).into())),
        };
        if outcome.is_ok() {
            started.0.borrow_mut().take();
        }
        outcome
    }

    /// Opens a connection for the pool (see [`Inner::connect`]) and sends the outcome through
    /// `opened`: a failure frees its place, and a connection whose acquirer gave up joins the
    /// pool.
    async fn open(
        self: Rc<Self>,
        address: String,
        token: AuthToken,
        hook: Option<SecurityHook>,
        session_auth: bool,
        acquisition_deadline: Duration,
        opened: oneshot::Sender<Handed>,
    ) {
        let address = address.as_str();
        let login = Login {
            token: &token,
            hook,
            session_auth,
        };
        let outcome = self
            .connect(address, Some(login), Some(acquisition_deadline))
            .await;
        match &outcome {
            Ok(c) => self.logger.log(Level::Debug, || {
                let server = c.server_info();
                format!(
                    "opened a connection to {address}: Bolt {}, server {}",
                    server.protocol_version, server.agent
                )
            }),
            Err(e) => self.logger.log(Level::Info, || {
                format!("could not open a connection to {address}: {e}")
            }),
        }
        if outcome.is_err() {
            let next = self.state.borrow_mut().open_failed(address);
            self.hand_over(address, next);
        }
        if let Err(Ok(Handover::Connection(connection))) =
            opened.send(outcome.map(Handover::Connection))
        {
            self.release(address, connection);
        }
    }

    /// Makes an idle connection authenticated with `token`: as it is, or with LOGOFF and LOGON
    /// (5.1+). `Ok(false)`: the server cannot change auth and the driver's token changed, so
    /// the connection must be replaced. A failed LOGON closes the connection.
    async fn authenticate(
        &self,
        address: &str,
        connection: &BoltConnection,
        token: &AuthToken,
        hook: Option<SecurityHook>,
        session_auth: bool,
    ) -> Result<bool, Error> {
        let version = connection.version().unwrap_or(Version::new(0, 0));
        if session_auth && !version.supports_logon() {
            return Err(session_auth_unsupported(address, version));
        }
        connection.set_security_hook(hook);
        if connection.is_authenticated_as(token) {
            return Ok(true);
        }
        if !version.supports_logon() {
            return Ok(false);
        }
        self.logger.log(Level::Debug, || {
            format!("re-authenticating a connection to {address} (LOGOFF, LOGON)")
        });
        if let Err(e) = connection.reauthenticate(token.clone()).await {
            connection.close();
            return Err(e);
        }
        Ok(true)
    }
}

/// Session auth on a server whose Bolt version cannot change a connection's auth.
fn session_auth_unsupported(address: &str, version: Version) -> Error {
    Error::Usage(
        format!(
            "session auth needs Bolt 5.1 or later, but the server at {address} speaks Bolt \
         {version}, which does not support it (supportsSessionAuth() is false)"
        )
        .into(),
    )
}

/// A connection being opened, closed when this is dropped unless taken out first: opening
/// failed, timed out, or its acquirer gave up.
struct CloseUnlessKept(RefCell<Option<BoltConnection>>);

impl Drop for CloseUnlessKept {
    fn drop(&mut self) {
        if let Some(connection) = self.0.get_mut().take() {
            connection.close();
        }
    }
}

/// What an acquisition holds from the pool while it is under way. When the acquirer stops
/// waiting (its work was aborted, so its future is dropped) before it lends a connection,
/// dropping the claim gives back what it held, so that no place in the pool is lost.
struct Claim<'a> {
    pool: &'a Rc<Inner>,
    address: &'a str,
    held: Held,
    /// The end of the channel a waiter's handover comes through.
    handed: Option<oneshot::Receiver<Handed>>,
}

/// What a [`Claim`] holds.
enum Held {
    Nothing,
    /// A place in the queue of waiters.
    Waiting(WaiterId),
    /// A connection being checked (RESET) or authenticated before it is lent.
    Checking(BoltConnection),
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        let (pool, address) = (self.pool, self.address);
        match std::mem::replace(&mut self.held, Held::Nothing) {
            Held::Nothing => {}
            Held::Waiting(waiter) => {
                pool.state.borrow_mut().cancel_wait(address, waiter);
                pool.waiters.borrow_mut().remove(&waiter);
                // Handed over already, but not yet taken.
                let handover = self
                    .handed
                    .as_mut()
                    .and_then(|h| h.try_recv().ok().flatten()?.ok());
                if let Some(handover) = handover {
                    let next = pool.take_back(address, handover);
                    pool.hand_over(address, next);
                }
            }
            // Its state on the server is unknown: closed, which frees its place.
            Held::Checking(connection) => {
                connection.close();
                pool.release(address, connection);
            }
        }
    }
}

impl Pool {
    /// A pool opening connections with `open` on `runtime`.
    pub fn new(
        runtime: Rc<dyn Runtime>,
        config: PoolConfig,
        open: OpenConfig,
        acquisition_timeout: Duration,
        logger: Logger,
    ) -> Self {
        Pool {
            inner: Rc::new(Inner {
                runtime,
                open,
                acquisition_timeout,
                logger,
                state: RefCell::new(PoolState::new(config)),
                waiters: RefCell::new(VecMap::new()),
                lent: RefCell::new(Vec::new()),
            }),
        }
    }

    /// Lends a connection to `address`: an idle one (checked with RESET if it sat idle long),
    /// a new one, or, when the pool is full, the first one released within
    /// `connectionAcquisitionTimeout`. It is authenticated with `session_auth`, or else with
    /// the driver's current token, re-authenticating (5.1+) or replacing it if need be.
    pub async fn acquire(
        &self,
        address: &str,
        session_auth: Option<&AuthToken>,
    ) -> Result<PooledConnection, Error> {
        let inner = &self.inner;
        let started = inner.runtime.now();
        let token = match session_auth {
            Some(token) => token.clone(),
            None => inner.open.auth.token().await?,
        };
        let hook = session_auth
            .is_none()
            .then(|| inner.security_hook(token.clone()));
        let session_auth = session_auth.is_some();
        loop {
            if inner.state.borrow().is_closed() {
                return Err(Error::Usage("the driver is closed".into()));
            }
            let mut to_close = Vec::new();
            let decision =
                inner
                    .state
                    .borrow_mut()
                    .acquire(address, inner.runtime.now(), &mut to_close);
            for c in to_close {
                c.close();
            }
            // Given back if this future is dropped before it lends a connection.
            let mut claim = Claim {
                pool: inner,
                address,
                held: Held::Nothing,
                handed: None,
            };
            let handover = match decision {
                Acquire::Reuse {
                    connection,
                    check_liveness,
                } => Handover::Connection((connection, check_liveness)),
                Acquire::Open => Handover::Open,
                Acquire::Wait(waiter) => {
                    let (tx, rx) = oneshot::channel();
                    inner.waiters.borrow_mut().insert(waiter, tx);
                    claim.held = Held::Waiting(waiter);
                    let rx = claim.handed.insert(rx);
                    let left = inner
                        .acquisition_timeout
                        .saturating_sub(inner.runtime.now().saturating_sub(started));
                    let handed = match select(rx, inner.runtime.sleep(left)).await {
                        Either::Left((handed, _)) => Some(handed),
                        Either::Right(_) => None,
                    };
                    let Some(handed) = handed else {
                        // Dropping the claim takes this waiter out of the queue.
                        drop(claim);
                        let size = inner.state.borrow().config().max_size;
                        // The server is fine, the pool is busy: not a lost server (a routing
                        // driver keeps it) and not worth an automatic retry, as neo4j-driver
                        // treats it too.
                        return Err(Error::Usage(
                            format!(
                                "no connection to {address} became free within {} ms \
                             (connectionAcquisitionTimeout); all {size} connections of the pool \
                             (maxConnectionPoolSize) are in use",
                                whole_millis(inner.acquisition_timeout)
                            )
                            .into(),
                        ));
                    };
                    claim.held = Held::Nothing;
                    match received(handed)? {
                        Handover::Connection(c) => Handover::Connection((c, false)),
                        Handover::Open => Handover::Open,
                    }
                }
            };
            let connection = match handover {
                Handover::Open => {
                    let deadline = started.saturating_add(inner.acquisition_timeout);
                    let opened = inner
                        .open_in_background(address, &token, hook.clone(), session_auth, deadline)
                        .await;
                    match received(opened)? {
                        Handover::Connection(c) => c,
                        Handover::Open => unreachable!("opening sends a connection or an error"),
                    }
                }
                Handover::Connection((connection, check_liveness)) => {
                    claim.held = Held::Checking(connection.clone());
                    if check_liveness && ping(&connection).await.is_err() {
                        claim.held = Held::Nothing;
                        inner.release(address, connection);
                        continue;
                    }
                    let authenticated = inner
                        .authenticate(address, &connection, &token, hook.clone(), session_auth)
                        .await;
                    claim.held = Held::Nothing;
                    match authenticated {
                        Ok(true) => connection,
                        Ok(false) => {
                            connection.close();
                            inner.release(address, connection);
                            continue;
                        }
                        Err(e) => {
                            inner.release(address, connection);
                            return Err(e);
                        }
                    }
                }
            };
            let mut lent = inner.lent.borrow_mut();
            lent.retain(|c| c.upgrade().is_some_and(|c| c.is_open()));
            lent.push(connection.downgrade());
            drop(lent);
            return Ok(PooledConnection {
                pool: inner.clone(),
                address: address.to_string(),
                connection,
            });
        }
    }

    /// Closes every connection, idle or lent (the server rolls back open transactions, and
    /// unread results end with an error); waiters fail.
    pub fn close(&self) {
        let mut to_close = Vec::new();
        let waiters = self.inner.state.borrow_mut().close(&mut to_close);
        let lent = std::mem::take(&mut *self.inner.lent.borrow_mut());
        self.inner.logger.log(Level::Info, || {
            format!(
                "closing the connection pool: {} idle connections, {} lent",
                to_close.len(),
                lent.len()
            )
        });
        for c in to_close {
            c.close();
        }
        for c in lent.iter().filter_map(WeakConnection::upgrade) {
            c.close();
        }
        for waiter in waiters {
            // Dropping the sender fails the waiter with "the driver is closed".
            self.inner.waiters.borrow_mut().remove(&waiter);
        }
    }

    /// The driver's current credentials.
    pub async fn driver_token(&self) -> Result<AuthToken, Error> {
        self.inner.open.auth.token().await
    }

    /// The Bolt version the server at `address` agrees on: a handshake on a connection of its
    /// own, without logging in, closed afterwards.
    pub async fn negotiate(&self, address: &str) -> Result<Version, Error> {
        let connection = self.inner.connect(address, None, None).await?;
        let version = connection.server_info().protocol_version;
        connection.close();
        Ok(version)
    }

    /// Closes the idle connections to `address` (a routing driver lost that server), and the
    /// ones in use when they come back.
    pub fn purge(&self, address: &str) {
        let mut to_close = Vec::new();
        self.inner.state.borrow_mut().purge(address, &mut to_close);
        for c in to_close {
            c.close();
        }
        for lent in self
            .inner
            .lent
            .borrow()
            .iter()
            .filter_map(WeakConnection::upgrade)
            .filter(|c| c.is_to(address))
        {
            lent.retire();
        }
    }

    /// Connections to `address` that exist now.
    pub fn size(&self, address: &str) -> usize {
        self.inner.state.borrow().size(address)
    }
}

/// What an acquirer got through its channel; a sender dropped unsent means the pool closed.
fn received(handed: Result<Handed, oneshot::Canceled>) -> Handed {
    handed.unwrap_or_else(|_| Err(Error::Usage("the driver is closed".into())))
}

/// Checks that an idle connection still answers (RESET).
async fn ping(connection: &BoltConnection) -> Result<(), Error> {
    let id = connection.send(&Request::Reset)?;
    connection.final_answer(id).await.map(|_| ())
}
