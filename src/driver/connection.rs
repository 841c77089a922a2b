//! An open Bolt connection for async code: the sans-IO [`bolt::Connection`] plus a transport,
//! driven by one pump task that feeds received bytes in and hands answers to their waiters.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::future::{poll_fn, Future};
use std::pin::Pin;
use std::rc::{Rc, Weak};
use std::sync::atomic::{AtomicU32, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use futures::channel::mpsc::UnboundedReceiver;
use futures::StreamExt;

use super::auth::{is_security_error, same_token};
use super::log::{Level, Logger};
use crate::bolt::{self, AuthToken, Event, Hello, Request, RequestId, Response, Version};
use crate::error::AUTHORIZATION_EXPIRED;
use crate::packstream::Dialect;
use crate::runtime::{Clock, LocalFuture, Runtime, Transport, TransportEvent};
use crate::Error;

/// Answers waiting for the request they belong to.
#[derive(Default)]
struct Slot {
    answers: VecDeque<Response>,
    waker: Option<Waker>,
    /// Why the request's reader gets no more answers (its work was abandoned).
    abandoned: Option<Error>,
}

/// The requests whose answers are still expected, with their answers so far. Only a few are
/// in flight at once, so a short list searched in order is faster than hashing (this is on the
/// path of every record).
#[derive(Default)]
struct Slots(Vec<(RequestId, Slot)>);

impl Slots {
    fn get_mut(&mut self, id: RequestId) -> Option<&mut Slot> {
        self.0
            .iter_mut()
            .find(|(i, _)| *i == id)
            .map(|(_, slot)| slot)
    }

    /// The slot of `id`, made empty if there is none.
    fn entry(&mut self, id: RequestId) -> &mut Slot {
        let at = match self.0.iter().position(|(i, _)| *i == id) {
            Some(at) => at,
            None => {
                self.0.push((id, Slot::default()));
                self.0.len() - 1
            }
        };
        &mut self.0[at].1
    }

    fn remove(&mut self, id: RequestId) {
        self.0.retain(|(i, _)| *i != id);
    }

    fn iter_mut(&mut self) -> impl Iterator<Item = &mut Slot> {
        self.0.iter_mut().map(|(_, slot)| slot)
    }
}

struct Shared {
    /// `host:port` of the server.
    address: String,
    /// Where the messages sent and received go, when debug logging traces them; with the
    /// connection's name in the log, as `[#3 localhost:7687]`.
    trace: Option<(Logger, String)>,
    core: bolt::Connection,
    transport: Box<dyn Transport>,
    clock: Rc<dyn Clock>,
    slots: Slots,
    /// Who waits for the handshake to finish.
    negotiation_waker: Option<Waker>,
    broken: Option<Error>,
    outgoing: Vec<u8>,
    created_at: Duration,
    /// Wakes the pump, when a request sent moves the receive-timeout deadline.
    pump_waker: Option<Waker>,
    /// The token the connection is authenticated with, once it is.
    auth: Option<AuthToken>,
    /// The server said the authorization of this connection's credentials expired.
    authorization_expired: bool,
    /// The pool closes the connection when it comes back (its server was lost).
    retired: bool,
    /// The last request sent logged on (LOGON, or HELLO with credentials before 5.1).
    logged_on_last: bool,
    /// The FAILURE the server is in since, until a SUCCESS (RESET's) ends it: the requests it
    /// ignores meanwhile failed for this reason.
    failure: Option<Box<bolt::ServerError>>,
    /// Told the code of every security error the server answers.
    security_hook: Option<SecurityHook>,
    /// Told about every failure of work on this connection.
    failure_hook: Option<FailureHook>,
}

/// Called with the code of a security error (`Neo.ClientError.Security.*`) the server answered;
/// returns whether the credentials were renewed, making the failed work worth retrying.
pub type SecurityHook = Rc<dyn Fn(&str) -> bool>;

/// Called with every failure of work on a connection (the server's FAILURE, or the connection
/// breaking), so that a routing driver can drop servers that left or stopped leading; returns
/// the error to report (a routing driver turns `NotALeader` into a session-expired error).
pub type FailureHook = Rc<dyn Fn(Error) -> Error>;

impl Shared {
    fn flush(&mut self) -> Result<(), Error> {
        self.core.poll_transmit(&mut self.outgoing);
        if self.outgoing.is_empty() {
            return Ok(());
        }
        let sent = self.transport.send(&self.outgoing);
        self.outgoing.clear();
        sent.map_err(|why| {
            self.break_with(Error::ServiceUnavailable(
                format!("cannot send to the server: {why}").into(),
            ))
        })
    }

    /// Marks the connection broken and wakes every waiter, returning the error.
    fn break_with(&mut self, error: Error) -> Error {
        let error = self.broken.get_or_insert(error).clone();
        self.core.fail(bolt::ProtocolError::Closed);
        if let Some(w) = self.negotiation_waker.take() {
            w.wake();
        }
        for slot in self.slots.iter_mut() {
            if let Some(w) = slot.waker.take() {
                w.wake();
            }
        }
        error
    }

    fn dispatch_events(&mut self) {
        while let Some(event) = self.core.poll_event() {
            let waker = match event {
                Event::Negotiated(_) => self.negotiation_waker.take(),
                Event::Response { id, response, .. } => {
                    match &response {
                        Response::Failure(e) => self.failure = Some(e.clone()),
                        Response::Success(_) => self.failure = None,
                        _ => {}
                    }
                    let slot = self.slots.entry(id);
                    // Records not read yet join those that arrived with them.
                    match (slot.answers.back_mut(), response) {
                        (Some(Response::Records(unread)), Response::Records(more)) => {
                            unread.append(more)
                        }
                        (_, response) => slot.answers.push_back(response),
                    }
                    slot.waker.take()
                }
            };
            if let Some(w) = waker {
                w.wake();
            }
        }
    }

    /// Logs the messages the core described since the last call, if it traces them.
    fn log_trace(&mut self) {
        if let Some((logger, name)) = &self.trace {
            while let Some(line) = self.core.poll_trace() {
                logger.log(Level::Debug, || format!("{name} {line}"));
            }
        }
    }

    /// Feeds bytes from the server to the core, then hands the answers on to their waiters
    /// and sends what the core has to say back (the handshake's manifest answer).
    fn take_input(&mut self, bytes: &[u8]) {
        let now = self.clock.now();
        let handled = self.core.handle_input(bytes, now);
        self.log_trace();
        self.dispatch_events();
        match handled {
            Ok(()) => {
                let _ = self.flush();
            }
            Err(e) => {
                self.break_with(e.into());
            }
        }
    }
}

/// The task that drives one connection, from [`BoltConnection::start`]: each time it is woken
/// it reads what the transport received, then fires the receive timeout if it is due. It ends
/// when the transport closes or the server goes silent for too long; the connection is broken
/// from then on.
pub struct Pump {
    shared: Rc<RefCell<Shared>>,
    events: UnboundedReceiver<TransportEvent>,
    runtime: Rc<dyn Runtime>,
    /// The sleep until the core's receive-timeout deadline, and that deadline.
    timer: Option<(Duration, LocalFuture<'static, ()>)>,
}

impl Future for Pump {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let pump = self.get_mut();
        pump.remember_waker(cx);
        let ended = pump.read_input(cx).or_else(|| pump.fire_timer(cx));
        match ended {
            Some(error) => {
                pump.shared.borrow_mut().break_with(error);
                Poll::Ready(())
            }
            None => Poll::Pending,
        }
    }
}

impl Pump {
    /// Keeps the waker that [`BoltConnection::queue`] wakes when it moves the deadline.
    fn remember_waker(&self, cx: &Context<'_>) {
        let mut shared = self.shared.borrow_mut();
        if !shared
            .pump_waker
            .as_ref()
            .is_some_and(|w| w.will_wake(cx.waker()))
        {
            shared.pump_waker = Some(cx.waker().clone());
        }
    }

    /// Handles every transport event that is ready. `Some` with the reason when the transport
    /// closed.
    fn read_input(&mut self, cx: &mut Context<'_>) -> Option<Error> {
        loop {
            match self.events.poll_next_unpin(cx) {
                Poll::Ready(Some(TransportEvent::Data(bytes))) => {
                    self.shared.borrow_mut().take_input(&bytes);
                }
                Poll::Ready(Some(TransportEvent::Closed(why))) => {
                    return Some(Error::ServiceUnavailable(
                        format!("the connection to the server closed: {why}").into(),
                    ));
                }
                Poll::Ready(None) => {
                    return Some(Error::ServiceUnavailable(
                        "the connection to the server closed".into(),
                    ));
                }
                Poll::Pending => return None,
            }
        }
    }

    /// Sleeps until the core's receive-timeout deadline, set anew whenever it moves, and
    /// tells the core when it is reached. `Some` with the error when the server has been
    /// silent too long (the transport is then closed).
    fn fire_timer(&mut self, cx: &mut Context<'_>) -> Option<Error> {
        loop {
            let Some(deadline) = self.shared.borrow().core.poll_timeout() else {
                self.timer = None;
                return None;
            };
            let sleep = match &mut self.timer {
                Some((at, sleep)) if *at == deadline => sleep,
                timer => {
                    let sleep = self
                        .runtime
                        .sleep(deadline.saturating_sub(self.runtime.now()));
                    &mut timer.insert((deadline, sleep)).1
                }
            };
            if sleep.as_mut().poll(cx).is_pending() {
                return None;
            }
            self.timer = None;
            let mut shared = self.shared.borrow_mut();
            if let Err(e) = shared.core.handle_timeout(self.runtime.now()) {
                shared.transport.close();
                return Some(e.into());
            }
        }
    }
}

/// What `getServerInfo` reports: the server a connection reached, as its handshake and HELLO
/// answer tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerInfo {
    /// `host:port` the driver connected to.
    pub address: String,
    /// The server's agent string, e.g. `Neo4j/5.26.0`.
    pub agent: String,
    /// The negotiated Bolt version.
    pub protocol_version: Version,
}

/// A Bolt connection shared by the code that uses it and its pump task.
#[derive(Clone)]
pub struct BoltConnection {
    shared: Rc<RefCell<Shared>>,
}

/// A reference to a connection that does not keep it alive (the pool's list of lent ones).
pub struct WeakConnection(Weak<RefCell<Shared>>);

impl WeakConnection {
    /// Whether this refers to `connection`.
    pub fn refers_to(&self, connection: &BoltConnection) -> bool {
        std::ptr::eq(self.0.as_ptr(), Rc::as_ptr(&connection.shared))
    }

    /// The connection, if it still exists.
    pub fn upgrade(&self) -> Option<BoltConnection> {
        self.0.upgrade().map(|shared| BoltConnection { shared })
    }
}

impl BoltConnection {
    /// Starts the handshake over `transport`; returns the connection and the pump future the
    /// caller must spawn (it ends when the transport closes). With `logger` at debug level,
    /// every message sent and received is logged. `receive_timeout`: see
    /// [`bolt::ConnectionConfig::receive_timeout`].
    pub fn start(
        address: &str,
        receive_timeout: Option<Duration>,
        transport: Box<dyn Transport>,
        events: UnboundedReceiver<TransportEvent>,
        runtime: Rc<dyn Runtime>,
        logger: &Logger,
    ) -> (Self, Pump) {
        let mut core = bolt::Connection::new(bolt::ConnectionConfig {
            receive_timeout,
            ..bolt::ConnectionConfig::default()
        });
        let trace = logger.enabled(Level::Debug).then(|| {
            core.trace_messages(logger.shows_user_data());
            // Numbered, so that the lines of connections to one server can be told apart.
            static OPENED: AtomicU32 = AtomicU32::new(0);
            let number = OPENED.fetch_add(1, Ordering::Relaxed) + 1;
            (logger.clone(), format!("[#{number} {address}]"))
        });
        let shared = Rc::new(RefCell::new(Shared {
            address: address.to_owned(),
            trace,
            core,
            transport,
            clock: runtime.clone(),
            slots: Slots::default(),
            negotiation_waker: None,
            broken: None,
            outgoing: Vec::new(),
            created_at: runtime.now(),
            pump_waker: None,
            auth: None,
            authorization_expired: false,
            retired: false,
            logged_on_last: false,
            failure: None,
            security_hook: None,
            failure_hook: None,
        }));
        let pump = Pump {
            shared: shared.clone(),
            events,
            runtime,
            timer: None,
        };
        (BoltConnection { shared }, pump)
    }

    /// Waits for the handshake to agree on a version.
    pub async fn negotiate(&self) -> Result<Version, Error> {
        self.shared.borrow_mut().flush()?;
        poll_fn(|cx| {
            let mut shared = self.shared.borrow_mut();
            if let Some(e) = &shared.broken {
                return Poll::Ready(Err(e.clone()));
            }
            if let Some(version) = shared.core.version() {
                return Poll::Ready(Ok(version));
            }
            shared.negotiation_waker = Some(cx.waker().clone());
            Poll::Pending
        })
        .await
    }

    /// Authenticates once the handshake agreed on `version` ([`BoltConnection::negotiate`]):
    /// HELLO, then LOGON on Bolt 5.1+ (pipelined).
    pub async fn open(&self, hello: Hello, version: Version) -> Result<(), Error> {
        let logon = version.supports_logon();
        let auth = hello.auth.clone();
        let hello = Request::Hello(hello);
        let (hello_id, logon_id) = if logon {
            let hello_id = self.queue(&hello)?;
            (hello_id, Some(self.send(&Request::Logon(auth.clone()))?))
        } else {
            (self.send(&hello)?, None)
        };
        self.final_answer(hello_id).await?;
        if let Some(id) = logon_id {
            self.final_answer(id).await?;
        }
        self.shared.borrow_mut().auth = Some(auth);
        Ok(())
    }

    /// Re-authenticates an open connection (Bolt 5.1+): LOGOFF then LOGON.
    pub async fn reauthenticate(&self, auth: AuthToken) -> Result<(), Error> {
        self.shared.borrow_mut().auth = None;
        let logoff = self.queue(&Request::Logoff)?;
        let logon = self.send(&Request::Logon(auth.clone()))?;
        self.final_answer(logoff).await?;
        self.final_answer(logon).await?;
        self.shared.borrow_mut().auth = Some(auth);
        Ok(())
    }

    /// Makes the connection authenticate again before its next use (its credentials'
    /// authorization expired somewhere).
    pub fn forget_auth(&self) {
        self.shared.borrow_mut().auth = None;
    }

    /// Whether the server said this connection's authorization expired (asked once: the flag
    /// clears).
    pub fn take_authorization_expired(&self) -> bool {
        std::mem::take(&mut self.shared.borrow_mut().authorization_expired)
    }

    /// Whether the connection is authenticated with `token` (compared by value).
    pub fn is_authenticated_as(&self, token: &AuthToken) -> bool {
        self.shared
            .borrow()
            .auth
            .as_ref()
            .is_some_and(|auth| same_token(auth, token))
    }

    /// Sets who is told about the security errors the server answers from now on.
    pub fn set_security_hook(&self, hook: Option<SecurityHook>) {
        self.shared.borrow_mut().security_hook = hook;
    }

    /// Sets (or removes) the hook told about failures of the work on this connection.
    pub fn set_failure_hook(&self, hook: Option<FailureHook>) {
        self.shared.borrow_mut().failure_hook = hook;
    }

    /// The negotiated version (after [`BoltConnection::open`]).
    pub fn version(&self) -> Option<Version> {
        self.shared.borrow().core.version()
    }

    /// How values are written on this connection.
    pub fn dialect(&self) -> Dialect {
        self.shared.borrow().core.dialect()
    }

    /// Which server this is: its address, agent string and the negotiated Bolt version.
    pub fn server_info(&self) -> ServerInfo {
        let shared = self.shared.borrow();
        ServerInfo {
            address: shared.address.clone(),
            agent: shared.core.server_agent().unwrap_or_default().to_owned(),
            protocol_version: shared.core.version().unwrap_or(Version::new(0, 0)),
        }
    }

    /// A reference that does not keep the connection alive.
    pub fn downgrade(&self) -> WeakConnection {
        WeakConnection(Rc::downgrade(&self.shared))
    }

    /// Whether this is a connection to `address` (`host:port`).
    pub fn is_to(&self, address: &str) -> bool {
        self.shared.borrow().address == address
    }

    /// Whether the server routes work itself (its `ssr.enabled` hint, Bolt 5.8).
    pub fn server_side_routing(&self) -> bool {
        self.shared.borrow().core.hints().ssr_enabled
    }

    /// Whether the server asked for TELEMETRY messages (its `telemetry.enabled` hint).
    pub fn wants_telemetry(&self) -> bool {
        self.shared.borrow().core.hints().telemetry_enabled
    }

    /// Whether the connection can still be used.
    pub fn is_open(&self) -> bool {
        self.shared.borrow().broken.is_none()
    }

    /// Marks the connection to be closed instead of pooled when it is given back.
    pub fn retire(&self) {
        self.shared.borrow_mut().retired = true;
    }

    /// Whether the connection is to be closed when it is given back.
    pub fn is_retired(&self) -> bool {
        self.shared.borrow().retired
    }

    /// Whether the last request sent on the connection logged on, so that its answer says
    /// whether the credentials are accepted now.
    pub fn logged_on_last(&self) -> bool {
        self.shared.borrow().logged_on_last
    }

    /// The failure the server reported on this connection and is still in (until RESET).
    pub fn failure(&self) -> Option<Error> {
        self.shared.borrow().failure.clone().map(Error::Server)
    }

    /// Whether the server is idle on this connection: no transaction, no open result, no
    /// request waiting for an answer. Only idle connections go back to the pool as they are.
    pub fn is_idle(&self) -> bool {
        let shared = self.shared.borrow();
        shared.core.state() == bolt::ServerState::Ready && !shared.core.has_pending()
    }

    /// When the connection was opened, on the driver's clock (for `maxConnectionLifetime`).
    pub fn created_at(&self) -> Duration {
        self.shared.borrow().created_at
    }

    /// Sends a request, with any queued before it; its answers are read with
    /// [`BoltConnection::next_answer`].
    pub fn send(&self, request: &Request) -> Result<RequestId, Error> {
        let id = self.queue(request)?;
        self.shared.borrow_mut().flush()?;
        Ok(id)
    }

    /// Queues a request for the next [`BoltConnection::send`], which sends both in one write:
    /// requests that go out together (HELLO and LOGON, TELEMETRY, RUN and its PULL, BEGIN and
    /// `executeQuery`'s RUN) then cost one WebSocket frame or socket write. Awaiting an answer
    /// sends what is still queued.
    pub fn queue(&self, request: &Request) -> Result<RequestId, Error> {
        let mut shared = self.shared.borrow_mut();
        if let Some(e) = &shared.broken {
            return Err(e.clone());
        }
        let now = shared.clock.now();
        let deadline = shared.core.poll_timeout();
        let id = shared.core.send(request, now)?;
        shared.log_trace();
        shared.logged_on_last = matches!(request, Request::Logon(_) | Request::Hello(_));
        if shared.core.poll_timeout() != deadline {
            if let Some(pump) = &shared.pump_waker {
                pump.wake_by_ref();
            }
        }
        shared.slots.entry(id);
        Ok(id)
    }

    /// Whether request `id`'s final answer (SUCCESS, FAILURE or IGNORED) has arrived and is the
    /// next one [`BoltConnection::next_answer`] gives, so that reading it does not wait.
    pub fn final_answer_is_next(&self, id: RequestId) -> bool {
        let mut shared = self.shared.borrow_mut();
        shared.slots.get_mut(id).is_some_and(|slot| {
            slot.answers
                .front()
                .is_some_and(|answer| !matches!(answer, Response::Records(_)))
        })
    }

    /// The next answer to request `id`: the records that arrived since the last call, in one
    /// batch, until the final SUCCESS, FAILURE or IGNORED. A FAILURE becomes `Err`.
    pub async fn next_answer(&self, id: RequestId) -> Result<Response, Error> {
        let answer = self.answer(id).await;
        answer.map_err(|e| {
            // Not borrowed while the hook runs: it may call into the pool.
            let hook = self.shared.borrow().failure_hook.clone();
            match hook {
                Some(hook) => hook(e),
                None => e,
            }
        })
    }

    /// [`BoltConnection::next_answer`], without telling the failure hook.
    async fn answer(&self, id: RequestId) -> Result<Response, Error> {
        self.shared.borrow_mut().flush()?;
        let response = poll_fn(|cx| {
            let mut guard = self.shared.borrow_mut();
            let shared = &mut *guard;
            let Some(slot) = shared.slots.get_mut(id) else {
                return Poll::Ready(Err(Error::Usage(
                    format!("no answers are expected for request {id}").into(),
                )));
            };
            if let Some(e) = slot.abandoned.take() {
                shared.slots.remove(id);
                return Poll::Ready(Err(e));
            }
            if let Some(answer) = slot.answers.pop_front() {
                if !matches!(answer, Response::Records(_)) {
                    shared.slots.remove(id);
                }
                return Poll::Ready(Ok(answer));
            }
            if let Some(e) = &shared.broken {
                let e = e.clone();
                shared.slots.remove(id);
                return Poll::Ready(Err(e));
            }
            slot.waker = Some(cx.waker().clone());
            Poll::Pending
        })
        .await?;
        match response {
            Response::Failure(e) => {
                if e.code == AUTHORIZATION_EXPIRED {
                    self.shared.borrow_mut().authorization_expired = true;
                }
                if is_security_error(&e.code) {
                    // As neo4j-driver: a connection whose credentials the server refused is
                    // not used again.
                    self.retire();
                    // Not borrowed while the hook runs: it may call into the host.
                    let hook = self.shared.borrow().security_hook.clone();
                    if hook.is_some_and(|hook| hook(&e.code)) {
                        return Err(Error::AuthRenewed(e));
                    }
                }
                Err(Error::Server(e))
            }
            // Ignored because an earlier request failed: that failure is the reason.
            Response::Ignored => match self.shared.borrow().failure.clone() {
                Some(failure) => Err(Error::Server(failure)),
                None => Ok(Response::Ignored),
            },
            other => Ok(other),
        }
    }

    /// Fails the reads of every request sent so far with `error`, at once, whatever is still
    /// to arrive for them: the work they belong to was abandoned (aborted by the application).
    pub fn abandon_answers(&self, error: &Error) {
        for slot in self.shared.borrow_mut().slots.iter_mut() {
            slot.abandoned = Some(error.clone());
            if let Some(w) = slot.waker.take() {
                w.wake();
            }
        }
    }

    /// Drops the answers nobody will read any more, of requests whose readers gave up (the
    /// records of an aborted result), and wakes any reader still registered.
    pub fn forget_answers(&self) {
        let slots = std::mem::take(&mut self.shared.borrow_mut().slots);
        for mut slot in slots.0 {
            if let Some(w) = slot.1.waker.take() {
                w.wake();
            }
        }
    }

    /// Waits for the final answer of a request that has no records.
    pub async fn final_answer(&self, id: RequestId) -> Result<Response, Error> {
        loop {
            match self.next_answer(id).await? {
                Response::Records(_) => continue,
                other => return Ok(other),
            }
        }
    }

    /// Sends GOODBYE and closes the transport.
    pub fn close(&self) {
        let mut shared = self.shared.borrow_mut();
        shared.core.close();
        shared.log_trace();
        let _ = shared.flush();
        shared.transport.close();
        shared.break_with(Error::ServiceUnavailable(
            "the connection was closed by the driver".into(),
        ));
    }
}
