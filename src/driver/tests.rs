//! The async layer on a fake runtime: time moves only when a test says so, connections go to
//! an in-memory server that answers the handshake and every request with SUCCESS.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use futures::executor::LocalPool;
use futures::task::LocalSpawnExt;

use super::*;
use crate::bolt::message::signature::{FAILURE, LOGOFF, LOGON, RESET, ROUTE, RUN, SUCCESS};
use crate::bolt::{AuthToken, Hello, Request, RequestId, Within};
use crate::packstream::Value;
use crate::pool::PoolConfig;
use crate::runtime::{LocalFuture, Security};
use crate::test_support::fake_runtime::{FakeRuntime, Reply, ServerBehaviour};
use crate::Error;

fn setup(config: PoolConfig, acquisition_timeout: Duration) -> (LocalPool, Rc<FakeRuntime>, Pool) {
    setup_with_auth(config, acquisition_timeout, Auth::default())
}

fn setup_with_auth(
    config: PoolConfig,
    acquisition_timeout: Duration,
    auth: Auth,
) -> (LocalPool, Rc<FakeRuntime>, Pool) {
    let open = OpenConfig {
        hello: Hello::default(),
        auth,
        security: Security::Plain,
        connection_timeout: Duration::from_secs(30),
        receive_timeout: None,
    };
    setup_with_open(config, acquisition_timeout, open)
}

fn setup_with_open(
    config: PoolConfig,
    acquisition_timeout: Duration,
    open: OpenConfig,
) -> (LocalPool, Rc<FakeRuntime>, Pool) {
    let executor = LocalPool::new();
    let runtime = Rc::new(FakeRuntime::new(executor.spawner()));
    let pool = Pool::new(
        runtime.clone(),
        config,
        open,
        acquisition_timeout,
        Logger::default(),
    );
    (executor, runtime, pool)
}

const A: &str = "db:7687";
/// Another server.
const OTHER: &str = "other:7687";

/// Runs `RETURN 1` auto-commit on `connection` and returns RUN's answer.
async fn run_return_one(connection: &BoltConnection) -> Result<crate::bolt::Response, Error> {
    let run = Request::Run {
        query: "RETURN 1".into(),
        parameters: Vec::new().into(),
        within: Within::AutoCommit(crate::bolt::TxConfig::default()),
    };
    let id = connection.send(&run)?;
    connection.final_answer(id).await
}

/// A pool of at most one connection, with a 5 s acquisition timeout.
fn pool_of_one() -> (LocalPool, Rc<FakeRuntime>, Pool) {
    setup(
        PoolConfig {
            max_size: 1,
            ..PoolConfig::default()
        },
        Duration::from_secs(5),
    )
}

/// Runs `future` in the background; its output appears in the returned cell once it is done.
fn watch<T: 'static>(
    executor: &LocalPool,
    future: impl std::future::Future<Output = T> + 'static,
) -> Rc<RefCell<Option<T>>> {
    let cell = Rc::new(RefCell::new(None));
    let out = cell.clone();
    executor
        .spawner()
        .spawn_local(async move { *out.borrow_mut() = Some(future.await) })
        .expect("spawn");
    cell
}

#[test]
fn released_connections_are_reused() {
    let (mut executor, runtime, pool) = setup(PoolConfig::default(), Duration::from_secs(60));
    executor.run_until(async {
        let first = pool.acquire(A, None).await.unwrap();
        assert_eq!(first.version().map(|v| v.to_string()), Some("5.4".into()));
        drop(first);
        let _again = pool.acquire(A, None).await.unwrap();
        let _second = pool.acquire(A, None).await.unwrap();
    });
    assert_eq!(runtime.opened.get(), 2);
    assert_eq!(pool.size(A), 2);
}

#[test]
fn a_full_pool_times_out_with_a_message_naming_the_limits() {
    let (mut executor, runtime, pool) = pool_of_one();
    let held = executor.run_until(pool.acquire(A, None)).unwrap();
    let p = pool.clone();
    let outcome = watch(
        &executor,
        async move { p.acquire(A, None).await.map(|_| ()) },
    );
    executor.run_until_stalled();
    assert!(outcome.borrow().is_none(), "still waiting");
    runtime.advance(Duration::from_secs(4));
    executor.run_until_stalled();
    assert!(outcome.borrow().is_none(), "still waiting after 4 s");
    runtime.advance(Duration::from_secs(1));
    executor.run_until_stalled();
    let err = outcome.borrow_mut().take().unwrap().unwrap_err();
    assert!(
        err.to_string()
            .contains("within 5000 ms (connectionAcquisitionTimeout)"),
        "{err}"
    );
    assert!(err.to_string().contains("all 1 connections"), "{err}");
    assert_eq!(
        err.code(),
        "N/A",
        "a busy pool is not an unavailable server"
    );
    assert!(!err.is_retryable());
    drop(held);
}

#[test]
fn a_waiter_gets_the_connection_released_by_another() {
    let (mut executor, runtime, pool) = pool_of_one();
    let held = executor.run_until(pool.acquire(A, None)).unwrap();
    let p = pool.clone();
    let got = watch(&executor, async move { p.acquire(A, None).await.is_ok() });
    executor.run_until_stalled();
    assert_eq!(*got.borrow(), None);
    drop(held);
    executor.run_until_stalled();
    assert_eq!(*got.borrow(), Some(true));
    assert_eq!(runtime.opened.get(), 1);
}

/// An acquisition from `pool` to A in the background, and its outcome once done; aborting the
/// handle drops it where it is, as when the application aborts the work it was for.
fn given_up_later(
    executor: &LocalPool,
    pool: &Pool,
) -> (futures::future::AbortHandle, Rc<RefCell<Option<bool>>>) {
    let p = pool.clone();
    let (acquisition, handle) =
        futures::future::abortable(async move { p.acquire(A, None).await.is_ok() });
    let outcome = watch(executor, async move { acquisition.await.unwrap_or(false) });
    (handle, outcome)
}

#[test]
fn waiters_that_give_up_leave_the_queue_however_many() {
    let (mut executor, runtime, pool) = pool_of_one();
    let held = executor.run_until(pool.acquire(A, None)).unwrap();
    // Thousands of acquisitions wait, then give up (their work was aborted): each future is
    // dropped while it waits.
    let waiters: Vec<_> = (0..20_000)
        .map(|_| given_up_later(&executor, &pool))
        .collect();
    executor.run_until_stalled();
    for (waiter, outcome) in waiters {
        assert!(outcome.borrow().is_none(), "waits for the one connection");
        waiter.abort();
    }
    executor.run_until_stalled();
    drop(held);
    executor.run_until_stalled();
    // The connection went back to the idle ones, not to a waiter that is gone.
    let again = executor.run_until(pool.acquire(A, None)).unwrap();
    assert!(again.is_idle());
    assert_eq!(runtime.opened.get(), 1);
}

#[test]
fn a_connection_opened_for_work_given_up_joins_the_pool() {
    let (mut executor, runtime, pool) = pool_of_one();
    let p = pool.clone();
    executor.run_until(async move {
        let mut acquisition = Box::pin(p.acquire(A, None));
        assert!(futures::poll!(acquisition.as_mut()).is_pending(), "opening");
        // Dropped here: the work it was for was aborted.
    });
    executor.run_until_stalled();
    let again = executor.run_until(pool.acquire(A, None)).unwrap();
    assert!(again.is_idle());
    assert_eq!((runtime.opened.get(), runtime.closed.get()), (1, 0));
}

#[test]
fn a_connection_opened_for_work_given_up_that_never_logs_in_frees_its_place() {
    let (mut executor, runtime, pool) = pool_of_one();
    // The handshake is answered, HELLO is not.
    runtime.server.set(ServerBehaviour {
        answers: Some(0),
        ..ServerBehaviour::default()
    });
    let (opening, outcome) = given_up_later(&executor, &pool);
    executor.run_until_stalled();
    assert!(outcome.borrow().is_none(), "HELLO is not answered");
    opening.abort();
    executor.run_until_stalled();
    assert_eq!(pool.size(A), 1, "opening goes on");
    runtime.advance(Duration::from_secs(30));
    executor.run_until_stalled();
    assert_eq!(
        runtime.closed.get(),
        1,
        "closed after connectionTimeout (30 s)"
    );
    assert_eq!(pool.size(A), 0, "its place is free");
    runtime.server.set(ServerBehaviour::default());
    assert!(executor.run_until(pool.acquire(A, None)).is_ok());
}

#[test]
fn an_acquisition_given_up_while_its_idle_connection_is_checked_closes_it() {
    let config = PoolConfig {
        max_size: 1,
        liveness_check_timeout: Some(Duration::ZERO),
        ..PoolConfig::default()
    };
    let (mut executor, runtime, pool) = setup(config, Duration::from_secs(5));
    // HELLO and LOGON are answered; the liveness check's RESET is not.
    runtime.server.set(ServerBehaviour {
        answers: Some(2),
        ..ServerBehaviour::default()
    });
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    let (checking, outcome) = given_up_later(&executor, &pool);
    executor.run_until_stalled();
    assert!(outcome.borrow().is_none(), "RESET is not answered");
    checking.abort();
    executor.run_until_stalled();
    assert_eq!((runtime.closed.get(), pool.size(A)), (1, 0));
    assert!(executor.run_until(pool.acquire(A, None)).is_ok());
}

#[test]
fn a_refused_connection_is_service_unavailable_and_frees_its_place() {
    let (mut executor, runtime, pool) = pool_of_one();
    *runtime.refuse.borrow_mut() = vec![A.into()];
    let err = executor.run_until(pool.acquire(A, None)).err().unwrap();
    assert_eq!(err.code(), "ServiceUnavailable");
    assert_eq!(pool.size(A), 0);
    runtime.refuse.borrow_mut().clear();
    assert!(executor.run_until(pool.acquire(A, None)).is_ok());
}

#[test]
fn old_connections_are_replaced_and_idle_ones_pinged() {
    let config = PoolConfig {
        max_lifetime: Some(Duration::from_secs(3600)),
        liveness_check_timeout: Some(Duration::from_secs(60)),
        ..PoolConfig::default()
    };
    let (mut executor, runtime, pool) = setup(config, Duration::from_secs(5));
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    runtime.advance(Duration::from_secs(120));
    // Idle past the liveness timeout: pinged with RESET (the server answers), then reused.
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(runtime.opened.get(), 1);
    runtime.advance(Duration::from_secs(3600));
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(
        runtime.opened.get(),
        2,
        "past maxConnectionLifetime: a new connection"
    );
}

#[test]
fn a_closed_pool_closes_every_connection_refuses_and_fails_its_waiters() {
    let (mut executor, _runtime, pool) = pool_of_one();
    let held = executor.run_until(pool.acquire(A, None)).unwrap();
    let p = pool.clone();
    let outcome = watch(
        &executor,
        async move { p.acquire(A, None).await.map(|_| ()) },
    );
    executor.run_until_stalled();
    pool.close();
    executor.run_until_stalled();
    assert!(outcome
        .borrow_mut()
        .take()
        .unwrap()
        .unwrap_err()
        .to_string()
        .contains("closed"));
    assert!(
        !held.is_open(),
        "closing the driver closes lent connections too"
    );
    drop(held);
    assert_eq!(pool.size(A), 0);
    assert!(executor.run_until(pool.acquire(A, None)).is_err());
}

#[test]
fn a_server_gone_silent_fails_the_request_after_the_receive_timeout_hint() {
    let (mut executor, runtime, pool) = setup(PoolConfig::default(), Duration::from_secs(5));
    // HELLO, LOGON and a first RESET are answered (HELLO with a 30 s hint); then silence.
    runtime.server.set(ServerBehaviour {
        recv_timeout_hint: Some(30),
        answers: Some(3),
        ..ServerBehaviour::default()
    });
    let connection = executor.run_until(pool.acquire(A, None)).unwrap();
    let reset = |c: BoltConnection| async move {
        let id = c.send(&crate::bolt::Request::Reset)?;
        c.final_answer(id).await.map(|_| ())
    };
    executor.run_until(reset((*connection).clone())).unwrap();
    // Idle for 20 s: no deadline runs while nothing is awaited.
    runtime.advance(Duration::from_secs(20));
    executor.run_until_stalled();
    let outcome = watch(&executor, reset((*connection).clone()));
    executor.run_until_stalled();
    runtime.advance(Duration::from_secs(29));
    executor.run_until_stalled();
    assert!(
        outcome.borrow().is_none(),
        "30 s count from the second RESET, not from the start"
    );
    assert!(connection.is_open());
    runtime.advance(Duration::from_secs(1));
    executor.run_until_stalled();
    let err = outcome
        .borrow_mut()
        .take()
        .expect("failed 30 s after the second RESET")
        .unwrap_err();
    assert!(err.to_string().contains("within 30 s"), "{err}");
    assert!(!connection.is_open());
}

#[test]
fn a_server_gone_silent_fails_the_request_after_the_receive_timeout_config() {
    let open = OpenConfig {
        hello: Hello::default(),
        auth: Auth::default(),
        security: Security::Plain,
        connection_timeout: Duration::from_secs(30),
        receive_timeout: Some(Duration::from_secs(10)),
    };
    let (mut executor, runtime, pool) =
        setup_with_open(PoolConfig::default(), Duration::from_secs(5), open);
    // HELLO and LOGON are answered; then silence.
    runtime.server.set(ServerBehaviour {
        answers: Some(2),
        ..ServerBehaviour::default()
    });
    let connection = executor.run_until(pool.acquire(A, None)).unwrap();
    let reset = (*connection).clone();
    let outcome = watch(&executor, async move {
        let id = reset.send(&crate::bolt::Request::Reset)?;
        reset.final_answer(id).await.map(|_| ())
    });
    executor.run_until_stalled();
    runtime.advance(Duration::from_millis(9999));
    executor.run_until_stalled();
    assert!(outcome.borrow().is_none(), "still within the 10 s");
    runtime.advance(Duration::from_millis(1));
    executor.run_until_stalled();
    let err = outcome
        .borrow_mut()
        .take()
        .expect("failed 10 s after the RESET")
        .unwrap_err();
    assert_eq!(err.code(), crate::error::SERVICE_UNAVAILABLE);
    assert!(
        err.to_string()
            .contains("within 10 s (the receiveTimeout config)"),
        "{err}"
    );
    assert!(!connection.is_open());
}

/// Sends RUN and PULL for everything on `connection` and waits for RUN's answer: the query
/// then runs on the server. Returns the PULL.
async fn start_query(connection: &BoltConnection) -> Result<RequestId, Error> {
    let run = connection.queue(&Request::Run {
        query: "UNWIND range(1, 100000000) AS i RETURN i".into(),
        parameters: crate::packstream::Map::new().into(),
        within: Within::AutoCommit(Default::default()),
    })?;
    let pull = connection.send(&Request::Pull {
        n: crate::bolt::message::ALL,
        qid: crate::bolt::message::LAST_QUERY,
    })?;
    connection.final_answer(run).await?;
    Ok(pull)
}

#[test]
fn a_connection_given_back_in_the_middle_of_a_query_is_reset_and_pooled_again() {
    let (mut executor, runtime, pool) = pool_of_one();
    runtime.server.set(ServerBehaviour {
        pull_runs_until_reset: true,
        ..ServerBehaviour::default()
    });
    let connection = executor.run_until(pool.acquire(A, None)).unwrap();
    let pull = executor.run_until(start_query(&connection)).unwrap();
    let c = (*connection).clone();
    let read = watch(&executor, async move { c.next_answer(pull).await });
    executor.run_until_stalled();
    assert!(read.borrow().is_none(), "the query runs on");
    // The query is aborted: its reader fails at once, and the pool, given the connection
    // back, interrupts the query with RESET.
    connection.abandon_answers(&Error::Usage("aborted".into()));
    drop(connection);
    executor.run_until_stalled();
    let failed = read
        .borrow_mut()
        .take()
        .expect("failed at once")
        .unwrap_err();
    assert_eq!(failed.to_string(), "aborted");
    assert_eq!(runtime.received.borrow().last(), Some(&RESET));
    let again = executor.run_until(pool.acquire(A, None)).unwrap();
    assert!(again.is_idle());
    assert_eq!(runtime.opened.get(), 1, "the same connection, reused");
}

#[test]
fn a_connection_whose_reset_goes_unanswered_is_closed_after_the_connection_timeout() {
    let (mut executor, runtime, pool) = pool_of_one();
    // HELLO, LOGON and RUN are answered; nothing after.
    runtime.server.set(ServerBehaviour {
        answers: Some(3),
        ..ServerBehaviour::default()
    });
    let connection = executor.run_until(pool.acquire(A, None)).unwrap();
    executor.run_until(start_query(&connection)).unwrap();
    drop(connection);
    executor.run_until_stalled();
    assert_eq!(pool.size(A), 1, "still lent while RESET is unanswered");
    runtime.advance(Duration::from_secs(30));
    executor.run_until_stalled();
    assert_eq!(pool.size(A), 0, "closed after connectionTimeout (30 s)");
}

#[test]
fn retries_back_off_until_success_or_the_time_limit() {
    let (mut executor, runtime, _pool) = pool_of_one();
    let policy = crate::retry::RetryPolicy {
        max_retry_time: Duration::from_secs(3),
        ..Default::default()
    };
    // Always retryable: tries at 0 s, 1 s (after 1 s) and 3 s (after 2 s); then the limit ends it.
    let tries = Rc::new(Cell::new(0));
    let logged = Rc::new(RefCell::new(Vec::new()));
    let l = logged.clone();
    let logger = Logger::new(
        Level::Info,
        Rc::new(move |_, m: &str| l.borrow_mut().push(m.to_string())),
    );
    let (t, r) = (tries.clone(), runtime.clone());
    let outcome = watch(&executor, async move {
        let attempt = async || -> Result<(), &str> {
            t.set(t.get() + 1);
            Err("transient")
        };
        with_retries(&*r, &policy, &logger, || 0.5, attempt, |_| true).await
    });
    executor.run_until_stalled();
    assert_eq!(tries.get(), 1);
    runtime.advance(Duration::from_millis(999));
    executor.run_until_stalled();
    assert_eq!(tries.get(), 1, "the first delay is 1 s");
    runtime.advance(Duration::from_millis(1));
    executor.run_until_stalled();
    assert_eq!(tries.get(), 2);
    runtime.advance(Duration::from_secs(2));
    executor.run_until_stalled();
    assert_eq!(tries.get(), 3);
    assert_eq!(
        *outcome.borrow(),
        Some(Err("transient")),
        "3 s spent: no more tries"
    );
}

#[test]
fn a_retry_that_succeeds_returns_its_value_and_permanent_errors_are_not_retried() {
    let (mut executor, runtime, _pool) = pool_of_one();
    let policy = crate::retry::RetryPolicy::default();
    let tries = Rc::new(Cell::new(0));
    let (t, r) = (tries.clone(), runtime.clone());
    let outcome = watch(&executor, async move {
        let attempt = async || {
            t.set(t.get() + 1);
            if t.get() < 2 {
                Err("transient")
            } else {
                Ok(42)
            }
        };
        with_retries(
            &*r,
            &policy,
            &Logger::default(),
            || 0.0,
            attempt,
            |e| *e == "transient",
        )
        .await
    });
    executor.run_until_stalled();
    runtime.advance(Duration::from_millis(800)); // 1 s minus the full 20 % jitter
    executor.run_until_stalled();
    assert_eq!(*outcome.borrow(), Some(Ok(42)));
    assert_eq!(tries.get(), 2);

    let tries = Rc::new(Cell::new(0));
    let t = tries.clone();
    let permanent = executor.run_until(with_retries(
        &*runtime,
        &policy,
        &Logger::default(),
        || 0.5,
        async || -> Result<(), &str> {
            t.set(t.get() + 1);
            Err("syntax error")
        },
        |e| *e == "transient",
    ));
    assert_eq!((permanent, tries.get()), (Err("syntax error"), 1));
}

#[test]
fn encryption_comes_from_the_uri_or_the_config_not_both() {
    let (_executor, runtime, _pool) = pool_of_one();
    let security_of = |uri: &str, security: Option<Security>| {
        let uri = ConnectionUri::parse(uri).expect("a valid URI");
        let config = DriverConfig {
            security,
            ..DriverConfig::default()
        };
        Driver::new(runtime.clone(), &uri, config).map(|d| d.security().clone())
    };
    let tls = |trust| Ok(Security::Tls(trust));
    assert_eq!(security_of("bolt://h", None), Ok(Security::Plain));
    assert_eq!(security_of("bolt+s://h", None), tls(TlsTrust::SystemCas));
    assert_eq!(
        security_of("neo4j+ssc://h", None),
        tls(TlsTrust::AnyCertificate)
    );
    let custom = Security::Tls(TlsTrust::CustomCas(vec!["ca.pem".into()]));
    assert_eq!(security_of("bolt://h", Some(custom.clone())), Ok(custom));
    for both in ["bolt+s://h", "bolt+ssc://h"] {
        let err = security_of(both, Some(Security::Plain)).unwrap_err();
        assert!(err.to_string().contains("not both"), "{err}");
    }
}

#[test]
fn connections_are_reauthenticated_only_when_the_wanted_token_differs() {
    let (mut executor, runtime, pool) = pool_of_one();
    let alice = AuthToken::basic("alice", "a-secret", None);
    let logons = |runtime: &FakeRuntime| {
        let received = runtime.received.borrow();
        let count = |tag| received.iter().filter(|&&t| t == tag).count();
        (count(LOGOFF), count(LOGON))
    };
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(logons(&runtime), (0, 1), "opened with the driver's token");
    drop(executor.run_until(pool.acquire(A, Some(&alice))).unwrap());
    assert_eq!(logons(&runtime), (1, 2), "switched to the session's token");
    let same = AuthToken::custom_fields(alice.fields().iter().rev().cloned().collect());
    drop(executor.run_until(pool.acquire(A, Some(&same))).unwrap());
    assert_eq!(
        logons(&runtime),
        (1, 2),
        "equal tokens in another order: no switch"
    );
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(logons(&runtime), (2, 3), "back to the driver's token");
    assert_eq!(runtime.opened.get(), 1);
}

/// A manager handing out `token-1`, `token-2`, ... : the next one once told of an error.
struct CountingManager {
    asked: Cell<usize>,
    generation: Cell<usize>,
    told: RefCell<Vec<(String, String)>>,
}

impl CountingManager {
    fn current(&self) -> AuthToken {
        AuthToken::bearer(&format!("token-{}", self.generation.get()))
    }
}

impl AuthManager for Rc<CountingManager> {
    fn token(&self) -> LocalFuture<'static, Result<AuthToken, Error>> {
        self.asked.set(self.asked.get() + 1);
        let token = self.current();
        Box::pin(async move { Ok(token) })
    }

    fn handle_security_error(&self, token: &AuthToken, code: &str) -> bool {
        let credentials = token
            .fields()
            .iter()
            .find_map(|(k, v)| match (k.as_str(), v) {
                ("credentials", Value::String(c)) => Some(c.clone()),
                _ => None,
            });
        self.told
            .borrow_mut()
            .push((credentials.unwrap_or_default(), code.to_string()));
        self.generation.set(self.generation.get() + 1);
        true
    }
}

fn counting_manager() -> Rc<CountingManager> {
    Rc::new(CountingManager {
        asked: Cell::new(0),
        generation: Cell::new(1),
        told: RefCell::new(Vec::new()),
    })
}

#[test]
fn before_bolt_5_1_a_new_token_replaces_the_connection_and_session_auth_is_refused() {
    let manager = counting_manager();
    let auth = Auth::Managed(Rc::new(manager.clone()));
    let (mut executor, runtime, pool) =
        setup_with_auth(PoolConfig::default(), Duration::from_secs(5), auth);
    let behaviour = runtime.server.get();
    runtime.server.set(ServerBehaviour {
        minor: 0,
        ..behaviour
    });
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(runtime.opened.get(), 1, "same token: reused");
    manager.generation.set(2);
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(runtime.opened.get(), 2, "new token: a new connection");
    assert_eq!(pool.size(A), 1, "the old one was closed");
    assert!(!runtime.received.borrow().contains(&LOGOFF));
    let alice = AuthToken::basic("alice", "a-secret", None);
    let err = executor
        .run_until(pool.acquire(A, Some(&alice)))
        .err()
        .unwrap();
    assert!(err.to_string().contains("needs Bolt 5.1 or later"), "{err}");
    assert!(!err.to_string().contains("a-secret"));
}

#[test]
fn a_security_failure_goes_to_the_manager_whose_new_token_the_next_acquisition_uses() {
    let manager = counting_manager();
    let auth = Auth::Managed(Rc::new(manager.clone()));
    let (mut executor, runtime, pool) = setup_with_auth(
        PoolConfig {
            max_size: 1,
            ..PoolConfig::default()
        },
        Duration::from_secs(5),
        auth,
    );
    let behaviour = runtime.server.get();
    runtime.server.set(ServerBehaviour {
        fail_run_with: Some("Neo.ClientError.Security.TokenExpired"),
        ..behaviour
    });
    let connection = executor.run_until(pool.acquire(A, None)).unwrap();
    let err = executor.run_until(run_return_one(&connection)).unwrap_err();
    assert_eq!(err.code(), "Neo.ClientError.Security.TokenExpired", "{err}");
    assert!(
        matches!(err, Error::AuthRenewed(_)) && err.is_retryable(),
        "the manager renewed the token: {err:?}"
    );
    assert_eq!(
        *manager.told.borrow(),
        vec![(
            "token-1".to_string(),
            "Neo.ClientError.Security.TokenExpired".to_string()
        )]
    );
    drop(connection);
    runtime.server.set(behaviour);
    let asked = manager.asked.get();
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(manager.asked.get(), asked + 1, "asked for the token again");
    // The failed connection was closed: a new one, opened with token-2 (HELLO + LOGON).
    assert_eq!(runtime.opened.get(), 2);
    // Now idle with token-2: a session-free acquisition keeps it as it is.
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    let logoffs = runtime
        .received
        .borrow()
        .iter()
        .filter(|&&t| t == LOGOFF)
        .count();
    assert_eq!(logoffs, 0);
}

#[test]
fn expired_authorization_closes_its_connection_and_the_others_to_that_server_authenticate_again() {
    let (mut executor, runtime, pool) = setup(PoolConfig::default(), Duration::from_secs(5));
    // The servers of both connections answer RUN with AuthorizationExpired; only one runs.
    let behaviour = runtime.server.get();
    runtime.server.set(ServerBehaviour {
        fail_run_with: Some(crate::error::AUTHORIZATION_EXPIRED),
        ..behaviour
    });
    let first = executor.run_until(pool.acquire(A, None)).unwrap();
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    // A connection to another server, idle meanwhile.
    drop(executor.run_until(pool.acquire(OTHER, None)).unwrap());
    assert_eq!(runtime.opened.get(), 3);
    let err = executor.run_until(run_return_one(&first)).unwrap_err();
    assert!(
        err.is_retryable(),
        "AuthorizationExpired may be retried: {err}"
    );
    // RESET before it goes back, as a session would do.
    executor.run_until(async {
        let id = first.send(&Request::Reset).unwrap();
        first.final_answer(id).await.unwrap();
    });
    drop(first);
    let logoffs = || {
        runtime
            .received
            .borrow()
            .iter()
            .filter(|&&t| t == LOGOFF)
            .count()
    };
    assert_eq!(logoffs(), 0);
    assert_eq!(pool.size(A), 1, "the connection that was told is closed");
    drop(executor.run_until(pool.acquire(A, None)).unwrap());
    assert_eq!(logoffs(), 1, "the idle connection authenticated again");
    assert_eq!(
        runtime.opened.get(),
        3,
        "re-authenticated, not replaced (Bolt 5.1+)"
    );
    drop(executor.run_until(pool.acquire(OTHER, None)).unwrap());
    assert_eq!(logoffs(), 1, "the other server's connection did not");
}

// ------------------------------------------------------------------ routing

/// The address the routing driver starts from.
const SEED: &str = "cluster:7687";

/// ROUTE's answer: a table for database `neo4j` valid for `ttl` seconds.
fn routing_table(
    ttl: i64,
    routers: &[&str],
    readers: &[&str],
    writers: &[&str],
) -> Vec<(String, Value)> {
    let role = |name: &str, addresses: &[&str]| {
        Value::Map(vec![
            ("role".into(), Value::String(name.into())),
            (
                "addresses".into(),
                Value::List(
                    addresses
                        .iter()
                        .map(|a| Value::String(a.to_string()))
                        .collect(),
                ),
            ),
        ])
    };
    let rt = vec![
        ("ttl".into(), Value::Integer(ttl)),
        ("db".into(), Value::String("neo4j".into())),
        (
            "servers".into(),
            Value::List(vec![
                role("ROUTE", routers),
                role("READ", readers),
                role("WRITE", writers),
            ]),
        ),
    ];
    vec![("rt".into(), Value::Map(rt))]
}

/// Servers that answer ROUTE with `answer` and everything else with SUCCESS.
fn answering_route(answer: Reply) -> impl Fn(&str, u8) -> Option<Reply> {
    move |_, signature| (signature == ROUTE).then(|| answer.clone())
}

/// A FAILURE's metadata.
fn failure(code: &str) -> Vec<(String, Value)> {
    vec![
        ("code".into(), Value::String(code.into())),
        ("message".into(), Value::String("scripted failure".into())),
    ]
}

/// A routing driver on a fake runtime, and what the tests look at.
struct Cluster {
    executor: LocalPool,
    runtime: Rc<FakeRuntime>,
    provider: Provider,
    pool: Pool,
    /// The address of every ROUTE request, in order.
    routes: Rc<RefCell<Vec<String>>>,
}

/// A routing driver's provider over a fresh fake runtime whose servers answer as `answer` says;
/// every ROUTE request is logged, by the address it went to.
fn cluster(
    answer: impl Fn(&str, u8) -> Option<Reply> + 'static,
    resolver: Option<Resolver>,
) -> Cluster {
    let (executor, runtime, pool) = setup(PoolConfig::default(), Duration::from_secs(5));
    let routes = Rc::new(RefCell::new(Vec::new()));
    let log = routes.clone();
    *runtime.answer.borrow_mut() = Some(Rc::new(move |address: &str, signature: u8| {
        if signature == ROUTE {
            log.borrow_mut().push(address.to_owned());
        }
        answer(address, signature)
    }));
    let router = Router::new(
        pool.clone(),
        SEED.into(),
        Map::new(),
        resolver,
        runtime.clone(),
        Logger::default(),
    );
    Cluster {
        executor,
        runtime,
        provider: Provider::Routing(router),
        pool,
        routes,
    }
}

fn work(mode: AccessMode) -> Target<'static> {
    Target {
        mode,
        database: None,
        impersonated_user: None,
        bookmarks: &[],
        auth: None,
    }
}

/// The address of the server a connection for `mode` goes to.
async fn server_for(provider: &Provider, mode: AccessMode) -> Result<String, Error> {
    let (connection, _) = provider.acquire(&work(mode)).await?;
    Ok(connection.server_info().address)
}

#[test]
fn reads_spread_over_readers_writes_reach_the_writer_and_one_route_serves_both() {
    let Cluster {
        mut executor,
        provider,
        routes,
        ..
    } = cluster(
        answering_route((
            SUCCESS,
            routing_table(300, &[SEED], &["r1:7687", "r2:7687"], &["w1:7687"]),
        )),
        None,
    );
    executor.run_until(async {
        let (first, database) = provider.acquire(&work(AccessMode::Read)).await.unwrap();
        // The home database the cluster named is the one the session's work will name.
        assert_eq!(database.as_deref(), Some("neo4j"));
        let (second, _) = provider.acquire(&work(AccessMode::Read)).await.unwrap();
        let mut readers = [first.server_info().address, second.server_info().address];
        readers.sort();
        assert_eq!(
            readers,
            ["r1:7687", "r2:7687"],
            "the less busy reader is chosen"
        );
        assert_eq!(
            server_for(&provider, AccessMode::Write).await.unwrap(),
            "w1:7687"
        );
    });
    assert_eq!(
        *routes.borrow(),
        [SEED],
        "the table is fetched once and reused"
    );
}

#[test]
fn work_arriving_during_a_routing_table_fetch_waits_for_it() {
    let Cluster {
        mut executor,
        provider,
        routes,
        ..
    } = cluster(
        answering_route((
            SUCCESS,
            routing_table(300, &[SEED], &["r1:7687", "r2:7687"], &["w1:7687"]),
        )),
        None,
    );
    let servers = executor.run_until(futures::future::join_all(
        (0..4).map(|_| server_for(&provider, AccessMode::Read)),
    ));
    assert!(servers.iter().all(Result::is_ok), "{servers:?}");
    assert_eq!(*routes.borrow(), [SEED], "one fetch served all four");
}

#[test]
fn a_writer_that_stopped_leading_is_dropped_and_the_next_write_finds_the_new_leader() {
    let tables = Cell::new(0);
    let Cluster {
        mut executor,
        provider,
        routes,
        ..
    } = cluster(
        move |address, signature| match (address, signature) {
            (_, ROUTE) => {
                tables.set(tables.get() + 1);
                let leader = if tables.get() == 1 {
                    "w1:7687"
                } else {
                    "w2:7687"
                };
                Some((
                    SUCCESS,
                    routing_table(300, &[SEED], &["r1:7687"], &[leader]),
                ))
            }
            ("w1:7687", RUN) => Some((FAILURE, failure("Neo.ClientError.Cluster.NotALeader"))),
            _ => None,
        },
        None,
    );
    executor.run_until(async {
        let (connection, _) = provider.acquire(&work(AccessMode::Write)).await.unwrap();
        let error = run_return_one(&connection).await.unwrap_err();
        assert!(error.is_retryable(), "{error}");
        assert_eq!(error.code(), crate::error::SESSION_EXPIRED);
        let Error::SessionExpired(expiry) = &error else {
            panic!("not session-expired: {error:?}");
        };
        let (message, cause) = (&expiry.message, &expiry.cause);
        assert_eq!(
            message,
            "w1:7687 can no longer write to database 'neo4j': scripted failure"
        );
        assert_eq!(cause.code, "Neo.ClientError.Cluster.NotALeader");
        drop(connection);
        // Reads still use the table; writes need a new one.
        assert_eq!(
            server_for(&provider, AccessMode::Read).await.unwrap(),
            "r1:7687"
        );
        assert_eq!(routes.borrow().len(), 1);
        assert_eq!(
            server_for(&provider, AccessMode::Write).await.unwrap(),
            "w2:7687"
        );
        assert_eq!(routes.borrow().len(), 2);
    });
}

#[test]
fn an_unreachable_reader_leaves_the_table_and_work_goes_to_the_others() {
    let Cluster {
        mut executor,
        runtime,
        provider,
        ..
    } = cluster(
        answering_route((
            SUCCESS,
            routing_table(300, &[SEED], &["r1:7687", "r2:7687"], &["w1:7687"]),
        )),
        None,
    );
    *runtime.refuse.borrow_mut() = vec!["r1:7687".into()];
    executor.run_until(async {
        for _ in 0..3 {
            assert_eq!(
                server_for(&provider, AccessMode::Read).await.unwrap(),
                "r2:7687"
            );
        }
    });
}

#[test]
fn an_expired_table_is_fetched_again() {
    let Cluster {
        mut executor,
        runtime,
        provider,
        routes,
        ..
    } = cluster(
        answering_route((
            SUCCESS,
            routing_table(10, &[SEED, "r2:7687"], &["r1:7687"], &["w1:7687"]),
        )),
        None,
    );
    executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    runtime.advance(Duration::from_secs(9));
    executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    assert_eq!(routes.borrow().len(), 1, "still fresh after 9 of 10 s");
    runtime.advance(Duration::from_secs(2));
    executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    assert_eq!(
        *routes.borrow(),
        [SEED, SEED],
        "the first known router is asked again"
    );
}

#[test]
fn when_every_router_is_gone_the_resolver_takes_over_and_failures_name_each_router() {
    let resolved = Rc::new(RefCell::new(vec!["backup:7687".to_string()]));
    let addresses = resolved.clone();
    let resolver: Resolver = Rc::new(move |address: &str| {
        assert_eq!(address, SEED);
        let addresses = addresses.borrow().clone();
        Box::pin(async move { Ok(addresses) })
    });
    let Cluster {
        mut executor,
        runtime,
        provider,
        pool,
        routes,
    } = cluster(
        |address, signature| {
            (signature == ROUTE).then(|| {
                let routers: &[&str] = if address == "backup:7687" {
                    &["backup:7687"]
                } else {
                    &["x1:7687", "x2:7687"]
                };
                (
                    SUCCESS,
                    routing_table(1, routers, &["r1:7687"], &["w1:7687"]),
                )
            })
        },
        Some(resolver),
    );
    executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    assert_eq!(
        *routes.borrow(),
        ["backup:7687"],
        "the resolver's address is the first router"
    );
    *resolved.borrow_mut() = vec!["y:7687".to_string()];
    runtime.advance(Duration::from_secs(2));
    // Both routers are gone: their idle connections close, new ones are refused.
    pool.purge("backup:7687");
    *runtime.refuse.borrow_mut() = vec!["backup:7687".into(), "y:7687".into()];
    let error = executor
        .run_until(async { server_for(&provider, AccessMode::Read).await })
        .unwrap_err();
    assert!(error.is_retryable());
    let message = error.to_string();
    for router in ["backup:7687", "y:7687"] {
        assert!(
            message.contains(&format!("{router} (refused: {router})")),
            "{message}"
        );
    }
}

#[test]
fn a_database_the_cluster_does_not_know_is_a_client_error_without_asking_other_routers() {
    let Cluster {
        mut executor,
        provider,
        routes,
        ..
    } = cluster(
        answering_route((
            FAILURE,
            failure("Neo.ClientError.Database.DatabaseNotFound"),
        )),
        None,
    );
    let error = executor
        .run_until(async {
            let target = Target {
                database: Some("nope"),
                ..work(AccessMode::Read)
            };
            provider.acquire(&target).await.map(|_| ())
        })
        .unwrap_err();
    assert_eq!(error.code(), "Neo.ClientError.Database.DatabaseNotFound");
    assert!(!error.is_retryable());
    assert_eq!(routes.borrow().len(), 1);
}

#[test]
fn a_router_whose_database_is_unavailable_is_dropped_and_the_next_one_asked() {
    let Cluster {
        mut executor,
        runtime,
        provider,
        routes,
        ..
    } = cluster(
        |address, signature| {
            (signature == ROUTE).then(|| match address {
                "x1:7687" => (
                    FAILURE,
                    failure("Neo.TransientError.General.DatabaseUnavailable"),
                ),
                _ => (
                    SUCCESS,
                    routing_table(1, &["x1:7687", "x2:7687"], &["r1:7687"], &["w1:7687"]),
                ),
            })
        },
        None,
    );
    executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    runtime.advance(Duration::from_secs(2));
    let reader =
        executor.run_until(async { server_for(&provider, AccessMode::Read).await.unwrap() });
    assert_eq!(reader, "r1:7687");
    assert_eq!(*routes.borrow(), [SEED, "x1:7687", "x2:7687"]);
}

#[test]
fn a_server_whose_database_is_unavailable_leaves_the_readers_and_writers() {
    let Cluster {
        mut executor,
        provider,
        ..
    } = cluster(
        |address, signature| match signature {
            ROUTE => Some((
                SUCCESS,
                routing_table(300, &[SEED], &["r1:7687", "r2:7687"], &["w1:7687"]),
            )),
            RUN if address == "r1:7687" => Some((
                FAILURE,
                failure("Neo.TransientError.General.DatabaseUnavailable"),
            )),
            _ => None,
        },
        None,
    );
    let readers = executor.run_until(async {
        let mut readers = Vec::new();
        for _ in 0..4 {
            let (connection, _) = provider.acquire(&work(AccessMode::Read)).await.unwrap();
            readers.push(connection.server_info().address);
            if let Err(error) = run_return_one(&connection).await {
                assert_eq!(
                    error.code(),
                    "Neo.TransientError.General.DatabaseUnavailable",
                    "the error is reported as it is"
                );
            }
        }
        readers
    });
    assert_eq!(readers[0], "r1:7687");
    assert!(
        readers[1..].iter().all(|r| r == "r2:7687"),
        "r1 was forgotten: {readers:?}"
    );
}

#[test]
fn a_busy_pool_is_not_a_lost_server() {
    let (executor, runtime, pool) = setup(
        PoolConfig {
            max_size: 1,
            ..PoolConfig::default()
        },
        Duration::from_secs(5),
    );
    *runtime.answer.borrow_mut() = Some(Rc::new(answering_route((
        SUCCESS,
        routing_table(300, &[SEED], &["r1:7687"], &["w1:7687"]),
    ))));
    let provider = Provider::Routing(Router::new(
        pool,
        SEED.into(),
        Map::new(),
        None,
        runtime.clone(),
        Logger::default(),
    ));
    let mut executor = executor;
    let held = executor
        .run_until(provider.acquire(&work(AccessMode::Read)))
        .unwrap();
    let waiting = provider.clone();
    let outcome = watch(&executor, async move {
        server_for(&waiting, AccessMode::Read).await
    });
    executor.run_until_stalled();
    runtime.advance(Duration::from_secs(5));
    executor.run_until_stalled();
    let error = outcome.borrow_mut().take().unwrap().unwrap_err();
    assert!(
        error.to_string().contains("connectionAcquisitionTimeout"),
        "{error}"
    );
    drop(held);
    // The reader is still in the table: the next read goes to it without a new ROUTE.
    let address = executor
        .run_until(server_for(&provider, AccessMode::Read))
        .unwrap();
    assert_eq!(address, "r1:7687");
    let routes = runtime
        .received
        .borrow()
        .iter()
        .filter(|&&s| s == ROUTE)
        .count();
    assert_eq!(routes, 1);
}
