//! The wasm-bindgen facade: the only module that talks to JavaScript. It turns JS arguments
//! into core values, runs the driver's futures as promises, and core results into JS values.
//!
//! This file holds what JS sees: the exported classes (`Driver`, `Session`, `Transaction`,
//! `ResultStream`, `BookmarkSet`) and functions (`driver`, `version`, `init`); a new or
//! changed export belongs here. The rest is split by job:
//!
//! - `config`: JS config and option objects (and query parameters) read into core types; a
//!   new config key belongs there.
//! - `host`: the adapters through which the core calls back into the application's JS objects
//!   (auth token manager, bookmark manager, resolver, logger).
//! - `error`: a driver [`Error`] as a JS error (`impl From<Error> for JsValue`, so `?` turns
//!   one into the other).
//! - `values`: driver values to JS values and back, through the JS layer's value classes;
//!   also `registerTypes`, the export through which the JS layer hands over those classes.

mod config;
mod error;
mod host;
mod values;

use std::cell::RefCell;
use std::rc::{Rc, Weak};
use std::time::Duration;

use futures::future::{select, Either};
use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use config::{
    auth_from_js, driver_config, get, parameters_from_js, session_config, tx_options,
    DriverSetting, Settings,
};
use values::{strings_from_js, strings_to_js, Hydrator, IntegerMode, Records};

use crate::bolt::AccessMode;
use crate::driver::{self, TxOptions};
use crate::packstream::Map;
use crate::retry::RetryPolicy;
use crate::routing::ConnectionUri;
use crate::runtime::{LocalFuture, Security};
use crate::transport::JsRuntime;
use crate::Error;

/// A promise of `future`'s outcome. Boxed, so that one instance of `future_to_promise` (the
/// task machinery) serves every async method of the facade instead of one each.
fn promise(
    future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> Promise {
    let future: LocalFuture<'static, Result<JsValue, JsValue>> = Box::pin(future);
    future_to_promise(future)
}

/// Runs `work` unless `aborted` settles first: the JS layer resolves it with the reason when
/// the application's `AbortSignal` fires. `work` is then dropped, which gives back any
/// connection it held (the pool stops the work on the server), and the promise rejects with
/// the reason at once.
async fn unless_aborted(
    aborted: Option<Promise>,
    work: LocalFuture<'_, Result<JsValue, JsValue>>,
) -> Result<JsValue, JsValue> {
    let Some(aborted) = aborted else {
        return work.await;
    };
    match select(work, wasm_bindgen_futures::JsFuture::from(aborted)).await {
        Either::Left((done, _)) => done,
        Either::Right((reason, _)) => Err(reason.unwrap_or_else(|reason| reason)),
    }
}

/// The core's error for work the application aborted (the JS layer reports the signal's
/// reason instead).
fn aborted_work() -> Error {
    Error::Usage("the work was aborted".into())
}

/// Installs the panic hook in debug builds, so a panic shows its message in the console.
#[wasm_bindgen(start)]
pub fn init() {
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
}

/// The package version, for diagnostics.
#[wasm_bindgen(js_name = version)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}

/// A driver for one URI: a connection pool shared by its sessions.
#[wasm_bindgen]
pub struct Driver {
    inner: Rc<driver::Driver>,
    retry: RetryPolicy,
    hydrator: Hydrator,
}

/// Creates a driver (`neo4j.driver(uri, auth, config)`); no connection is opened yet.
/// `settings` is the config as lib/config.js `driverSettings` gives it (see
/// [`DriverSetting`]).
#[wasm_bindgen]
pub fn driver(uri: &str, auth: JsValue, settings: Array) -> Result<Driver, JsValue> {
    use DriverSetting as S;
    let uri = ConnectionUri::parse(uri).map_err(Error::from)?;
    let settings = Settings::new(settings);
    let retry = RetryPolicy {
        max_retry_time: settings
            .millis(S::MaxTransactionRetryTime as u32)
            .unwrap_or(Duration::from_secs(30)),
        ..RetryPolicy::default()
    };
    let mode = IntegerMode::numbered(settings.number(S::IntegerMode as u32).unwrap_or(0.0));
    let hydrator = Hydrator::new(mode)?;
    let config = driver_config(&auth, &settings)?;
    let runtime = JsRuntime {
        web_socket: settings.function(S::WebSocket as u32),
        client_certificate: settings.function(S::ClientCertificate as u32),
    };
    let inner = driver::Driver::new(Rc::new(runtime.clone()), &uri, config)?;
    runtime.check(inner.security())?;
    Ok(Driver {
        inner: Rc::new(inner),
        retry,
        hydrator,
    })
}

#[wasm_bindgen]
impl Driver {
    /// Whether connections are encrypted (TLS).
    #[wasm_bindgen(js_name = isEncrypted)]
    pub fn is_encrypted(&self) -> bool {
        matches!(self.inner.security(), Security::Tls(_))
    }

    /// A new session (`driver.session({ database, defaultAccessMode, bookmarks,
    /// impersonatedUser, fetchSize, auth, bookmarkManager })`, its `settings` as lib/config.js
    /// `sessionSettings` gives them); it borrows a connection from the pool for each piece of
    /// work. With `auth`, its work runs as that user (Bolt 5.1+). `bookmarks`, when given, is
    /// the bookmark manager, in place of the config's.
    pub fn session(
        &self,
        settings: Array,
        bookmarks: Option<BookmarkSet>,
    ) -> Result<Session, JsValue> {
        let config = session_config(&Settings::new(settings), bookmarks.map(|set| set.0))?;
        let session = self.inner.session(config);
        Ok(Session {
            bookmarks: session.bookmarks(),
            inner: Rc::new(futures::lock::Mutex::new(Some(session))),
            results: Rc::default(),
            driver: self.inner.clone(),
            retry: self.retry,
            hydrator: self.hydrator.clone(),
        })
    }

    /// Resolves with `{ address, agent, protocolMajor, protocolMinor }` of the server.
    #[wasm_bindgen(js_name = getServerInfo)]
    pub fn get_server_info(&self) -> Promise {
        self.ask(ServerQuestion::Info)
    }

    /// Resolves with `{ protocolMajor, protocolMinor }`: the Bolt version the server in the URI
    /// agrees on, from a handshake without logging in.
    #[wasm_bindgen(js_name = negotiatedProtocolVersion)]
    pub fn negotiated_protocol_version(&self) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let version = driver.negotiated_version().await?;
            Ok(object(&[
                ("protocolMajor", version.major.into()),
                ("protocolMinor", version.minor.into()),
            ]))
        })
    }

    /// Resolves with whether the server can select databases per session.
    #[wasm_bindgen(js_name = supportsMultiDb)]
    pub fn supports_multi_db(&self) -> Promise {
        self.ask(ServerQuestion::Capability(|c| c.multi_db))
    }

    /// Resolves with whether transactions can take a timeout and metadata.
    #[wasm_bindgen(js_name = supportsTransactionConfig)]
    pub fn supports_transaction_config(&self) -> Promise {
        self.ask(ServerQuestion::Capability(|c| c.transaction_config))
    }

    /// Resolves with whether sessions can impersonate another user.
    #[wasm_bindgen(js_name = supportsUserImpersonation)]
    pub fn supports_user_impersonation(&self) -> Promise {
        self.ask(ServerQuestion::Capability(|c| c.user_impersonation))
    }

    /// Resolves with whether sessions can authenticate as someone else than the driver.
    #[wasm_bindgen(js_name = supportsSessionAuth)]
    pub fn supports_session_auth(&self) -> Promise {
        self.ask(ServerQuestion::Capability(|c| c.session_auth))
    }

    /// Resolves once a connection can be opened and authenticated.
    #[wasm_bindgen(js_name = verifyConnectivity)]
    pub fn verify_connectivity(&self) -> Promise {
        self.ask(ServerQuestion::Connectivity)
    }

    /// Resolves with whether the server accepts `auth` (the driver's own credentials when
    /// `undefined`) on `database`: `false` when it refuses them; rejects on other errors.
    #[wasm_bindgen(js_name = verifyAuthentication)]
    pub fn verify_authentication(&self, auth: JsValue, database: Option<String>) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let auth = match auth.is_undefined() {
                true => None,
                false => Some(auth_from_js(&auth)?),
            };
            let accepted = driver
                .verify_authentication(auth, database.as_deref())
                .await?;
            Ok(JsValue::from_bool(accepted))
        })
    }

    /// Closes every connection of the pool (connections in use when they are returned).
    pub fn close(&self) -> Promise {
        self.inner.close();
        Promise::resolve(&JsValue::UNDEFINED)
    }
}

/// What the driver calls that borrow a connection ask of the server it reached: one future
/// serves them all.
#[derive(Clone, Copy)]
enum ServerQuestion {
    /// `getServerInfo`.
    Info,
    /// `verifyConnectivity`: nothing, once a connection is open.
    Connectivity,
    /// `supportsMultiDb` and friends: the capability picked.
    Capability(fn(&driver::Capabilities) -> bool),
}

impl Driver {
    /// A promise of the server's answer to `question`.
    fn ask(&self, question: ServerQuestion) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let info = driver.server_info().await?;
            Ok(match question {
                ServerQuestion::Info => object(&[
                    ("address", info.address.as_str().into()),
                    ("agent", info.agent.as_str().into()),
                    ("protocolMajor", info.protocol_version.major.into()),
                    ("protocolMinor", info.protocol_version.minor.into()),
                ]),
                ServerQuestion::Connectivity => JsValue::UNDEFINED,
                ServerQuestion::Capability(pick) => {
                    JsValue::from_bool(pick(&driver::Capabilities::of(info.protocol_version)))
                }
            })
        })
    }
}

/// A plain object of `entries` (such as `{ address, agent, protocolMajor, protocolMinor }`, from
/// which the JS layer builds its `ServerInfo`).
fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let object = Object::new();
    for (key, value) in entries {
        let _ = Reflect::set(&object, &(*key).into(), value);
    }
    object.into()
}

/// The bookmarks of a `neo4j.bookmarkManager()` without supplier or consumer, kept in the
/// core: the sessions it is given to read and update them with no call into JS for each
/// transaction, which for small queries costs more than the query.
#[wasm_bindgen]
pub struct BookmarkSet(driver::BookmarkSet);

#[wasm_bindgen]
impl BookmarkSet {
    /// A set holding `initial` (strings), without repeats.
    #[wasm_bindgen(constructor)]
    pub fn new(initial: &JsValue) -> Result<BookmarkSet, JsValue> {
        let initial = strings_from_js(initial, "bookmarks")?;
        Ok(BookmarkSet(driver::BookmarkSet::new(initial)))
    }

    /// The bookmarks held now.
    pub fn bookmarks(&self) -> Array {
        strings_to_js(self.0.bookmarks())
    }

    /// Drops `previous` and adds `next` (strings).
    pub fn replace(&self, previous: &JsValue, next: &JsValue) -> Result<(), JsValue> {
        let previous = strings_from_js(previous, "bookmarks")?;
        self.0
            .replace(&previous, strings_from_js(next, "bookmarks")?);
        Ok(())
    }

    /// Another handle on the same set, for `Driver.session` to take over.
    pub fn share(&self) -> BookmarkSet {
        BookmarkSet(self.0.clone())
    }
}

/// A session: work runs one piece after another, each seeing the ones before.
#[wasm_bindgen]
pub struct Session {
    inner: Rc<futures::lock::Mutex<Option<driver::Session>>>,
    /// The results of `run`, so that closing the session can end those still being read.
    results: Rc<RefCell<Vec<Weak<futures::lock::Mutex<driver::RecordStream>>>>>,
    /// Readable while work holds `inner`, and after the session is closed.
    bookmarks: driver::Bookmarks,
    /// The driver's runtime and logger, for retries.
    driver: Rc<driver::Driver>,
    retry: RetryPolicy,
    hydrator: Hydrator,
}

#[wasm_bindgen]
impl Session {
    /// Runs `query` with `parameters` in an auto-commit transaction (`txConfig`: `{ timeout,
    /// metadata }` as lib/config.js `transactionSettings` gives it) and resolves, once the
    /// server accepted it, with a `ResultStream` whose records are fetched batch by batch as
    /// they are read. Metadata it cannot send throws at once, as with neo4j-driver. Settling
    /// `aborted` first ends the work (see [`unless_aborted`]).
    pub fn stream(
        &self,
        query: String,
        parameters: JsValue,
        tx_config: Array,
        aborted: Option<Promise>,
    ) -> Result<Promise, JsValue> {
        let options = tx_options(tx_config, None, driver::Api::AutoCommit)?;
        let inner = self.inner.clone();
        let results = self.results.clone();
        let hydrator = self.hydrator.clone();
        Ok(promise(unless_aborted(
            aborted,
            Box::pin(async move {
                let parameters = parameters_from_js(&parameters)?;
                let mut guard = inner.lock().await;
                let session = guard.as_mut().ok_or_else(session_closed)?;
                let stream = Rc::new(futures::lock::Mutex::new(
                    session.stream(&query, parameters, options).await?,
                ));
                let mut open = results.borrow_mut();
                // Pruned only when full, so that it costs O(1) a query: JS lets go of results
                // when it collects garbage, and a result read to the end needs no ending.
                if open.len() == open.capacity() {
                    open.retain(|result| {
                        result
                            .upgrade()
                            .is_some_and(|s| s.try_lock().is_none_or(|s| !s.is_done()))
                    });
                }
                open.push(Rc::downgrade(&stream));
                Ok(ResultStream::new(stream, hydrator).into())
            }),
        )))
    }

    /// Opens an explicit transaction (`txConfig` as for `stream`); resolves with a
    /// `Transaction`. The session runs nothing else until it ends. Metadata it cannot send
    /// throws at once. Settling `aborted` before the transaction is open ends the work (see
    /// [`unless_aborted`]); after, `Transaction.abort` does.
    #[wasm_bindgen(js_name = beginTransaction)]
    pub fn begin_transaction(
        &self,
        tx_config: Array,
        aborted: Option<Promise>,
    ) -> Result<Promise, JsValue> {
        let options = tx_options(tx_config, None, driver::Api::ExplicitTransaction)?;
        let inner = self.inner.clone();
        let hydrator = self.hydrator.clone();
        Ok(promise(unless_aborted(
            aborted,
            Box::pin(async move {
                let mut guard = inner.lock().await;
                let session = guard.as_mut().ok_or_else(session_closed)?;
                let tx = session
                    .begin_transaction(options, driver::BeginSent::AtOnce)
                    .await?;
                Ok(Transaction::new(tx, hydrator).into())
            }),
        )))
    }

    /// Runs `work(tx)` in a read transaction and commits, retrying retryable failures with
    /// backoff until `maxTransactionRetryTime`; resolves with what `work` returned.
    /// `executeQuery` is set when `driver.executeQuery` runs the work, for TELEMETRY.
    /// Settling `aborted` first ends the work and its transaction, with no retry.
    #[wasm_bindgen(js_name = executeRead)]
    pub fn execute_read(
        &self,
        work: js_sys::Function,
        tx_config: Array,
        execute_query: Option<bool>,
        aborted: Option<Promise>,
    ) -> Result<Promise, JsValue> {
        self.execute(work, tx_config, AccessMode::Read, execute_query, aborted)
    }

    /// Like `executeRead`, for work that writes.
    #[wasm_bindgen(js_name = executeWrite)]
    pub fn execute_write(
        &self,
        work: js_sys::Function,
        tx_config: Array,
        execute_query: Option<bool>,
        aborted: Option<Promise>,
    ) -> Result<Promise, JsValue> {
        self.execute(work, tx_config, AccessMode::Write, execute_query, aborted)
    }

    /// Bookmarks of the last committed work.
    #[wasm_bindgen(js_name = lastBookmarks)]
    pub fn last_bookmarks(&self) -> Array {
        strings_to_js(self.bookmarks.last())
    }

    /// Ends the session once running work is done; later calls fail. Results still being
    /// read end too, as with neo4j-driver: the records that arrived stay readable, the rest are
    /// discarded on the server rather than fetched.
    pub fn close(&self) -> Promise {
        let inner = self.inner.clone();
        let results = std::mem::take(&mut *self.results.borrow_mut());
        promise(async move {
            for result in results.iter().filter_map(Weak::upgrade) {
                // A result that failed reports its error to its reader, not to close().
                let _ = result.lock().await.consume().await;
            }
            inner.lock().await.take();
            Ok(JsValue::UNDEFINED)
        })
    }
}

impl Session {
    /// `executeRead`/`executeWrite`: managed transactions in `mode`, retried (see
    /// [`attempt`]).
    fn execute(
        &self,
        work: js_sys::Function,
        tx_config: Array,
        mode: AccessMode,
        execute_query: Option<bool>,
        aborted: Option<Promise>,
    ) -> Result<Promise, JsValue> {
        let execute_query = execute_query == Some(true);
        let api = if execute_query {
            driver::Api::ExecuteQuery
        } else {
            driver::Api::ManagedTransaction
        };
        let options = tx_options(tx_config, Some(mode), api)?;
        let inner = self.inner.clone();
        let owner = self.driver.clone();
        let retry = self.retry;
        let hydrator = self.hydrator.clone();
        Ok(promise(async move {
            // The transaction of the attempt under way: the work may still hold it when the
            // attempt is abandoned.
            let open = RefCell::new(None);
            let outcome = unless_aborted(
                aborted,
                Box::pin(async {
                    // TELEMETRY goes out with the first attempt that sends it, not with each retry.
                    let options = RefCell::new(options);
                    let mut guard = inner.lock().await;
                    let session = guard.as_mut().ok_or_else(session_closed)?;
                    let retryable = |error: &JsValue| {
                        get(error, "retriable").and_then(|r| r.as_bool()) == Some(true)
                    };
                    driver::with_retries(
                        owner.runtime(),
                        &retry,
                        owner.logger(),
                        js_sys::Math::random,
                        async || {
                            let tried =
                                attempt(session, &work, &options, &hydrator, execute_query, &open)
                                    .await;
                            open.take();
                            tried
                        },
                        retryable,
                    )
                    .await
                }),
            )
            .await;
            if let Some(tx) = open.take() {
                tx.interrupt(aborted_work());
            }
            outcome
        }))
    }
}

/// One try of a managed transaction: BEGIN, `work(tx)`, COMMIT; ROLLBACK if `work` fails.
/// `pipeline_begin`: the work's first query goes out with BEGIN, in one write, instead of after
/// its answer.
/// `open` holds the transaction's interrupter while the attempt is under way.
async fn attempt(
    session: &mut driver::Session,
    work: &js_sys::Function,
    options: &RefCell<TxOptions>,
    hydrator: &Hydrator,
    pipeline_begin: bool,
    open: &RefCell<Option<driver::Interrupter>>,
) -> Result<JsValue, JsValue> {
    let options_now = options.borrow().clone();
    let sent = match pipeline_begin {
        true => driver::BeginSent::WithFirstQuery,
        false => driver::BeginSent::AtOnce,
    };
    let mut tx = session.begin_transaction(options_now, sent).await?;
    *open.borrow_mut() = Some(tx.interrupter());
    if tx.sent_telemetry() {
        options.borrow_mut().api = None;
    }
    // As neo4j-driver: executeQuery's query goes out with BEGIN (here in the same write);
    // executeRead and executeWrite run their work once BEGIN is answered.
    if !pipeline_begin {
        tx.begun().await?;
    }
    let managed = Transaction::new(tx, hydrator.clone());
    let tx = managed.inner.clone();
    let outcome = match work.call1(&JsValue::NULL, &managed.into()) {
        Ok(value) => match value.dyn_into::<Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
            Err(value) => Ok(value),
        },
        Err(error) => Err(error),
    };
    let mut tx = tx.lock().await;
    match outcome {
        Ok(value) => {
            tx.commit().await?;
            Ok(value)
        }
        Err(error) => {
            let _ = tx.close().await;
            Err(error)
        }
    }
}

/// A transaction: an explicit one from `session.beginTransaction()`, or the one handed to
/// `executeRead`/`executeWrite` work (whose commit the driver does; the JS layer shows only
/// `run` there).
#[wasm_bindgen]
pub struct Transaction {
    inner: Rc<futures::lock::Mutex<driver::Transaction>>,
    /// Ends the transaction while a query in it holds `inner`.
    interrupter: driver::Interrupter,
    hydrator: Hydrator,
}

/// The calls on a transaction that resolve with nothing: one future serves them all.
#[derive(Clone, Copy)]
enum TxCall {
    Commit,
    Rollback,
    Close,
    Begun,
}

impl Transaction {
    /// The facade of `tx`, whose values `hydrator` builds.
    fn new(tx: driver::Transaction, hydrator: Hydrator) -> Self {
        Transaction {
            interrupter: tx.interrupter(),
            inner: Rc::new(futures::lock::Mutex::new(tx)),
            hydrator,
        }
    }

    /// A promise of `call` done on the transaction.
    fn call(&self, call: TxCall) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            let mut tx = inner.lock().await;
            match call {
                TxCall::Commit => tx.commit().await?,
                TxCall::Rollback => tx.rollback().await?,
                TxCall::Close => tx.close().await?,
                TxCall::Begun => tx.begun().await?,
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}

#[wasm_bindgen]
impl Transaction {
    /// Ends the transaction at once (the application aborted it): the server stops its work
    /// and rolls it back, queries waiting in it fail, and later calls fail.
    pub fn abort(&self) {
        self.interrupter.interrupt(aborted_work());
    }

    /// Runs `query` in the transaction; resolves like `session.stream`. Records not read when
    /// the transaction commits stay readable.
    pub fn stream(&self, query: String, parameters: JsValue) -> Promise {
        let tx = self.inner.clone();
        let hydrator = self.hydrator.clone();
        promise(async move {
            let parameters = parameters_from_js(&parameters)?;
            let stream = tx.lock().await.stream(&query, parameters).await?;
            Ok(ResultStream::new(stream, hydrator).into())
        })
    }

    /// Commits the transaction.
    pub fn commit(&self) -> Promise {
        self.call(TxCall::Commit)
    }

    /// Rolls the transaction back.
    pub fn rollback(&self) -> Promise {
        self.call(TxCall::Rollback)
    }

    /// Ends the transaction if it has not ended: rolls back an open one, and gives back the
    /// connection of one that failed.
    pub fn close(&self) -> Promise {
        self.call(TxCall::Close)
    }

    /// Resolves once the server has begun the transaction (BEGIN's answer); rejects with
    /// BEGIN's failure.
    pub fn begun(&self) -> Promise {
        self.call(TxCall::Begun)
    }

    /// Whether the transaction can still run queries and commit.
    #[wasm_bindgen(js_name = isOpen)]
    pub fn is_open(&self) -> bool {
        self.inner.try_lock().is_none_or(|tx| tx.is_open())
    }
}

/// The records of a query as they arrive (`session.stream`, `tx.stream`).
#[wasm_bindgen]
pub struct ResultStream {
    inner: driver::SharedStream,
    /// Ends the query while a read holds `inner`.
    interrupter: Option<driver::Interrupter>,
    hydrator: Hydrator,
    records: Rc<RefCell<Records>>,
    /// Known once the query started, and readable while a batch is being fetched.
    keys: Array,
}

impl ResultStream {
    /// The stream of `inner`, whose values `hydrator` builds.
    fn new(inner: driver::SharedStream, hydrator: Hydrator) -> Self {
        // Nobody else holds the stream yet, so the lock is free.
        let keys = inner
            .try_lock()
            .map(|s| s.keys().iter().map(|k| JsValue::from_str(k)).collect())
            .unwrap_or_default();
        let interrupter = inner.try_lock().map(|s| s.interrupter());
        ResultStream {
            inner,
            interrupter,
            records: Rc::new(RefCell::new(Records::new(hydrator.clone()))),
            hydrator,
            keys,
        }
    }
}

#[wasm_bindgen]
impl ResultStream {
    /// Ends the query at once (the application aborted it): the server stops it, its
    /// connection goes back to the pool, and reads still waiting fail.
    pub fn abort(&self) {
        if let Some(interrupter) = &self.interrupter {
            interrupter.interrupt(aborted_work());
        }
    }

    /// The column names.
    pub fn keys(&self) -> Array {
        // A copy, so that callers cannot change the stream's own list.
        self.keys.slice(0, self.keys.length())
    }

    /// Resolves with the next batch of records (arrays of values in key order), or `null`
    /// once every record has been read. The next batch is fetched while this one is used.
    #[wasm_bindgen(js_name = nextBatch)]
    pub fn next_batch(&self) -> Promise {
        let inner = self.inner.clone();
        let records = self.records.clone();
        promise(async move {
            let mut stream = inner.lock().await;
            let Some(batch) = stream.next_batch().await? else {
                return Ok(JsValue::NULL);
            };
            let rows = records.borrow_mut().rows(&batch, stream.dialect());
            match rows {
                Ok(rows) => Ok(rows),
                // The query ends on the server now. The records before the unreadable one are
                // read first; the error comes with the next read.
                Err(unreadable) => {
                    stream.fail_on_unreadable_record(unreadable.cause);
                    unreadable.before.ok_or(unreadable.error)
                }
            }
        })
    }

    /// Whether `nextBatch` would resolve with `null`: known without a fetch when the summary
    /// came with the last batch, as it does for small results. False while a fetch is under
    /// way.
    pub fn exhausted(&self) -> bool {
        self.inner.try_lock().is_some_and(|s| s.is_exhausted())
    }

    /// Ends the stream early (records that arrived stay readable; the rest are discarded)
    /// and resolves with `{ metadata, server, recordsReceived }`: the server's metadata of the
    /// query (RUN's and the last PULL's or DISCARD's, merged), the server it ran on as
    /// `getServerInfo` gives it, and how many records arrived.
    pub fn consume(&self) -> Promise {
        let inner = self.inner.clone();
        let hydrator = self.hydrator.clone();
        promise(async move {
            let mut stream = inner.lock().await;
            let metadata = stream.consume().await?;
            summary_to_js(&stream, &metadata, &hydrator)
        })
    }

    /// What `consume` resolves with, when the stream is done and that costs no wait;
    /// otherwise `undefined`.
    #[wasm_bindgen(js_name = summaryIfDone)]
    pub fn summary_if_done(&self) -> Result<JsValue, JsValue> {
        match self.inner.try_lock() {
            Some(stream) if stream.is_done() => {
                summary_to_js(&stream, stream.metadata(), &self.hydrator)
            }
            _ => Ok(JsValue::UNDEFINED),
        }
    }
}

/// `{ metadata, server, recordsReceived }` of a stream whose summary is `metadata`, built
/// by the JS reader in one call: one crossing instead of one per property.
fn summary_to_js(
    stream: &driver::RecordStream,
    metadata: &Map,
    hydrator: &Hydrator,
) -> Result<JsValue, JsValue> {
    let server = stream.server();
    hydrator.build(|tape| {
        tape.write_map_header(3);
        tape.write_key("metadata");
        tape.write_map(metadata);
        tape.write_key("server");
        tape.write_map_header(4);
        tape.write_key("address");
        tape.write_string(&server.address);
        tape.write_key("agent");
        tape.write_string(&server.agent);
        tape.write_key("protocolMajor");
        tape.write_float(server.protocol_version.major.into());
        tape.write_key("protocolMinor");
        tape.write_float(server.protocol_version.minor.into());
        tape.write_key("recordsReceived");
        tape.write_float(stream.records_received() as f64);
    })
}

/// The error of work on a session that has been closed.
fn session_closed() -> Error {
    Error::Usage("the session is closed".into())
}
