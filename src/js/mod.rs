//! The wasm-bindgen facade: the only module that talks to JavaScript. It turns JS arguments
//! into core values, runs the driver's futures as promises, and core results into JS values.

mod values;

use values::{Hydrator, IntegerMode, Records};

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

/// A promise of `future`'s outcome. Boxed, so that one instance of `future_to_promise` (the
/// task machinery) serves every async method of the facade instead of one each.
fn promise(
    future: impl std::future::Future<Output = Result<JsValue, JsValue>> + 'static,
) -> Promise {
    let future: LocalFuture<'static, Result<JsValue, JsValue>> = Box::pin(future);
    future_to_promise(future)
}

use crate::bolt::{AccessMode, AuthToken, NotificationFilter, Parameters, ServerError, TxConfig};
use crate::driver::{self, DriverConfig, TxOptions};
use crate::packstream::Map;
use crate::retry::RetryPolicy;
use crate::routing::ConnectionUri;
use crate::runtime::{LocalFuture, Security, TlsTrust};
use crate::transport::JsRuntime;
use crate::Error;

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

/// The JS error for a driver error: a `Neo4jError` built by the JS layer (`code`,
/// `retriable`, `classification`, and for server errors `gqlStatus`, `gqlStatusDescription`,
/// `diagnosticRecord` and `cause`), or a plain `Error` for invalid arguments, as neo4j-driver
/// throws for a bad URI or config.
fn to_js_error(error: Error) -> JsValue {
    let js = match &error {
        Error::InvalidArgument(message) => return js_sys::Error::new(message).into(),
        Error::Server(e) | Error::AuthRenewed(e) => server_error(e),
        Error::SessionExpired { message, cause } => values::make_error(
            message,
            Some(error.code()),
            None,
            None,
            JsValue::UNDEFINED,
            server_error(cause),
        ),
        other => values::make_error(
            &other.to_string(),
            Some(other.code()),
            None,
            None,
            JsValue::UNDEFINED,
            JsValue::UNDEFINED,
        ),
    };
    // The driver knows more than the code tells (a renewed token makes Unauthorized worth
    // retrying).
    for spelling in ["retriable", "retryable"] {
        let _ = Reflect::set(&js, &spelling.into(), &error.is_retryable().into());
    }
    js
}

/// A `Neo4jError` for a server FAILURE, with its chain of causes (`GQLError`s, which have no
/// code of their own).
fn server_error(e: &ServerError) -> JsValue {
    gql_error(e, Some(&e.code))
}

/// The error of `e` and its causes: a `Neo4jError` with `code`, a `GQLError` without.
fn gql_error(e: &ServerError, code: Option<&str>) -> JsValue {
    let record = e
        .diagnostic_record
        .as_ref()
        .and_then(|r| {
            values::Hydrator::new(IntegerMode::Lossless)
                .ok()?
                .map(r)
                .ok()
        })
        .unwrap_or(JsValue::UNDEFINED);
    let cause = e
        .cause
        .as_deref()
        .map(|cause| gql_error(cause, None))
        .unwrap_or(JsValue::UNDEFINED);
    values::make_error(
        &e.message,
        code,
        e.gql_status.as_deref(),
        e.description.as_deref(),
        record,
        cause,
    )
}

fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// A whole number of milliseconds from the config, if set.
fn config_ms(config: &JsValue, key: &str) -> Result<Option<Duration>, Error> {
    match get(config, key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e15)
            .map(|n| Some(Duration::from_millis(n as u64)))
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "config {key} must be a non-negative whole number of milliseconds"
                ))
            }),
    }
}

/// A positive whole number from the config, if set.
fn config_count(config: &JsValue, key: &str) -> Result<Option<i64>, Error> {
    match get(config, key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && (*n >= 1.0 || *n == -1.0) && *n <= 1e15)
            .map(|n| Some(n as i64))
            .ok_or_else(|| {
                Error::InvalidArgument(format!("config {key} must be a positive whole number"))
            }),
    }
}

/// An auth token object (`{ scheme, principal, credentials, ... }`); nothing means no auth.
fn auth_from_js(auth: &JsValue) -> Result<AuthToken, Error> {
    if auth.is_undefined() || auth.is_null() {
        return Ok(AuthToken::none());
    }
    let object = auth.dyn_ref::<Object>().ok_or_else(|| {
        Error::InvalidArgument(
            "auth must be an object such as neo4j.auth.basic(user, password)".into(),
        )
    })?;
    let fields = values::map_from_js(object, "auth")
        .map_err(|_| Error::InvalidArgument("auth contains a value that cannot be sent".into()))?;
    Ok(AuthToken::custom_fields(fields))
}

/// The driver's `auth`: an `AuthTokenManager` (an object with `getToken()`), or a token.
fn driver_auth_from_js(auth: &JsValue) -> Result<driver::Auth, Error> {
    if get(auth, "getToken").is_some_and(|f| f.is_function()) {
        let manager = JsAuthManager {
            manager: auth.clone(),
        };
        return Ok(driver::Auth::Managed(Rc::new(manager)));
    }
    auth_from_js(auth).map(driver::Auth::Static)
}

/// neo4j-driver's `AuthTokenManager` interface, implemented in JS: `getToken()` returns a
/// token or a promise of one; `handleSecurityException(token, code)` returns whether it
/// handled the server's security error (then the work is retried).
struct JsAuthManager {
    manager: JsValue,
}

impl driver::AuthManager for JsAuthManager {
    fn token(&self) -> LocalFuture<'static, Result<AuthToken, Error>> {
        let manager = self.manager.clone();
        Box::pin(async move {
            let failed = |e: JsValue| {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .map(|e| String::from(e.message()))
                    .or_else(|| e.as_string())
                    .unwrap_or_default();
                Error::Usage(format!("the auth token manager's getToken() failed: {why}"))
            };
            let get_token = get(&manager, "getToken")
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
                .ok_or_else(|| failed(JsValue::from_str("getToken is not a function")))?;
            let value = get_token.call0(&manager).map_err(failed)?;
            let token = wasm_bindgen_futures::JsFuture::from(Promise::resolve(&value))
                .await
                .map_err(failed)?;
            if !token.is_object() {
                return Err(failed(JsValue::from_str(
                    "it must return an auth token such as { scheme: 'basic', principal, credentials }",
                )));
            }
            auth_from_js(&token)
        })
    }

    fn handle_security_error(&self, token: &AuthToken, code: &str) -> bool {
        let Some(handle) = get(&self.manager, "handleSecurityException")
            .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        else {
            return false;
        };
        let Some(token) = values::Hydrator::new(IntegerMode::Number)
            .ok()
            .and_then(|h| h.map(token.fields()).ok())
        else {
            return false;
        };
        // A throwing manager did not handle the error.
        handle
            .call2(&self.manager, &token, &code.into())
            .is_ok_and(|handled| handled.as_bool() == Some(true))
    }
}

/// `{ level, logger }` of the `logging` config: `logger(level, message)` is called for messages
/// at `level` (`error`, `warn`, `info`, `debug`) and above.
fn logger_from_js(logging: &JsValue) -> Result<driver::Logger, Error> {
    let invalid = || {
        Error::InvalidArgument(
        "config logging must be { level: 'error' | 'warn' | 'info' | 'debug', logger: (level, message) => ... }, for example neo4j.logging.console('debug')".into(),
    )
    };
    let level = get(logging, "level")
        .and_then(|l| l.as_string())
        .and_then(|l| driver::Level::parse(&l))
        .ok_or_else(invalid)?;
    let function = get(logging, "logger")
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .ok_or_else(invalid)?;
    let sink: driver::LogSink = Rc::new(move |level: driver::Level, message: &str| {
        // A throwing logger must not break the driver.
        let _ = function.call2(&JsValue::NULL, &level.name().into(), &message.into());
    });
    Ok(driver::Logger::new(level, sink))
}

/// The driver settings from the JS config object (unset keys keep the defaults).
fn driver_config(auth: &JsValue, config: &JsValue) -> Result<DriverConfig, Error> {
    let mut c = DriverConfig {
        auth: driver_auth_from_js(auth)?,
        ..DriverConfig::default()
    };
    if let Some(agent) = get(config, "userAgent") {
        c.user_agent = agent
            .as_string()
            .ok_or_else(|| Error::InvalidArgument("config userAgent must be a string".into()))?;
    }
    if let Some(size) = config_count(config, "maxConnectionPoolSize")? {
        c.pool.max_size = usize::try_from(size).unwrap_or(usize::MAX);
    }
    if let Some(ms) = config_ms(config, "maxConnectionLifetime")? {
        c.pool.max_lifetime = Some(ms);
    }
    if let Some(ms) = config_ms(config, "connectionLivenessCheckTimeout")? {
        c.pool.liveness_check_timeout = Some(ms);
    }
    if let Some(ms) = config_ms(config, "connectionAcquisitionTimeout")? {
        c.acquisition_timeout = ms;
    }
    if let Some(ms) = config_ms(config, "connectionTimeout")? {
        c.connection_timeout = ms;
    }
    if let Some(n) = config_count(config, "fetchSize")? {
        c.fetch_size = n;
    }
    if let Some(disabled) = get(config, "telemetryDisabled") {
        c.telemetry = !disabled.as_bool().ok_or_else(|| {
            Error::InvalidArgument("config telemetryDisabled must be a boolean".into())
        })?;
    }
    if let Some(logging) = get(config, "logging") {
        c.logger = logger_from_js(&logging)?;
    }
    c.security = config_security(config)?;
    c.notification_filter = notification_filter(config)?;
    c.resolver = get(config, "resolver").map(resolver_from_js).transpose()?;
    Ok(c)
}

/// The `resolver` config: `address => addresses`, or a promise of them; addresses without a
/// port get the default one.
fn resolver_from_js(resolver: JsValue) -> Result<driver::Resolver, Error> {
    let function = resolver.dyn_into::<js_sys::Function>().map_err(|_| {
        Error::InvalidArgument(
            "config resolver must be a function from an address to the addresses to try \
             (or a promise of them), such as address => ['a.example.com:7687']"
                .into(),
        )
    })?;
    Ok(Rc::new(move |address: &str| {
        let called = function.call1(&JsValue::NULL, &address.into());
        Box::pin(async move {
            let value = settle(called, "the resolver").await?;
            let addresses: Vec<String> = Array::is_array(&value)
                .then(|| Array::from(&value).iter().map(|a| a.as_string()).collect())
                .flatten()
                .ok_or_else(|| {
                    Error::Usage("the resolver must give an array of addresses".into())
                })?;
            Ok(addresses
                .into_iter()
                .map(|a: String| match a.rsplit_once(':') {
                    Some((_, port)) if port.parse::<u16>().is_ok() => a,
                    _ => format!("{a}:{}", crate::routing::DEFAULT_PORT),
                })
                .collect())
        })
    }))
}

/// `notificationFilter` of a driver or session config: `{ minimumSeverityLevel,
/// disabledCategories }` or `{ minimumSeverityLevel, disabledClassifications }`.
fn notification_filter(config: &JsValue) -> Result<NotificationFilter, Error> {
    let Some(filter) = get(config, "notificationFilter") else {
        return Ok(NotificationFilter::default());
    };
    let invalid = |what: &str| Error::InvalidArgument(format!("config notificationFilter.{what}"));
    let minimum_severity = match get(&filter, "minimumSeverityLevel") {
        None => None,
        Some(level) => match level.as_string().as_deref() {
            Some(level @ ("OFF" | "WARNING" | "INFORMATION")) => Some(level.to_owned()),
            _ => {
                return Err(invalid(
                    "minimumSeverityLevel must be 'OFF', 'WARNING' or 'INFORMATION' \
                     (neo4j.notificationFilterMinimumSeverityLevel)",
                ))
            }
        },
    };
    let list = |key: &str| -> Result<Option<Vec<String>>, Error> {
        get(&filter, key)
            .map(|v| {
                Array::is_array(&v)
                    .then(|| Array::from(&v).iter().map(|c| c.as_string()).collect())
                    .flatten()
                    .ok_or_else(|| invalid(&format!("{key} must be an array of strings")))
            })
            .transpose()
    };
    let categories = list("disabledCategories")?;
    let classifications = list("disabledClassifications")?;
    if categories.is_some() && classifications.is_some() {
        return Err(Error::InvalidArgument(
            "config notificationFilter can have disabledCategories or disabledClassifications, \
             not both"
                .into(),
        ));
    }
    Ok(NotificationFilter {
        minimum_severity,
        disabled_classifications: classifications.or(categories),
    })
}

/// `encrypted`, `trust` and `trustedCertificates` as neo4j-driver reads them: TLS only with
/// `encrypted` on, trusting the system's CAs unless `trust` says otherwise. `None` when neither
/// `encrypted` nor `trust` is set.
fn config_security(config: &JsValue) -> Result<Option<Security>, Error> {
    let encrypted = match get(config, "encrypted") {
        None => None,
        Some(e) => Some(match (e.as_bool(), e.as_string().as_deref()) {
            (Some(on), _) => on,
            (_, Some("ENCRYPTION_ON")) => true,
            (_, Some("ENCRYPTION_OFF")) => false,
            _ => {
                return Err(Error::InvalidArgument(
                    "config encrypted must be true, false, 'ENCRYPTION_ON' or 'ENCRYPTION_OFF'"
                        .into(),
                ))
            }
        }),
    };
    let trust = match get(config, "trust") {
        None => None,
        Some(t) => Some(match t.as_string().as_deref() {
            Some("TRUST_SYSTEM_CA_SIGNED_CERTIFICATES") => TlsTrust::SystemCas,
            Some("TRUST_ALL_CERTIFICATES") => TlsTrust::AnyCertificate,
            Some("TRUST_CUSTOM_CA_SIGNED_CERTIFICATES") => {
                TlsTrust::CustomCas(trusted_certificates(config)?)
            }
            _ => {
                return Err(Error::InvalidArgument(
                    "config trust must be 'TRUST_SYSTEM_CA_SIGNED_CERTIFICATES', \
                     'TRUST_ALL_CERTIFICATES' or 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES'"
                        .into(),
                ))
            }
        }),
    };
    Ok(match (encrypted, trust) {
        (None, None) => None,
        (Some(true), trust) => Some(Security::Tls(trust.unwrap_or(TlsTrust::SystemCas))),
        _ => Some(Security::Plain),
    })
}

/// The paths in config `trustedCertificates`: an array of one or more strings.
fn trusted_certificates(config: &JsValue) -> Result<Vec<String>, Error> {
    get(config, "trustedCertificates")
        .filter(Array::is_array)
        .and_then(|a| {
            Array::from(&a)
                .iter()
                .map(|f| f.as_string())
                .collect::<Option<Vec<_>>>()
        })
        .filter(|paths| !paths.is_empty())
        .ok_or_else(|| {
            Error::InvalidArgument(
                "trust 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES' needs config trustedCertificates: an \
                 array with the paths of one or more PEM files of trusted CAs"
                    .into(),
            )
        })
}

/// A driver for one URI: a connection pool shared by its sessions.
#[wasm_bindgen]
pub struct Driver {
    inner: Rc<driver::Driver>,
    retry: RetryPolicy,
    hydrator: Hydrator,
}

/// Creates a driver (`neo4j.driver(uri, auth, config)`); no connection is opened yet.
#[wasm_bindgen]
pub fn driver(uri: &str, auth: JsValue, config: JsValue) -> Result<Driver, JsValue> {
    let uri = ConnectionUri::parse(uri).map_err(|e| to_js_error(e.into()))?;
    let retry = RetryPolicy {
        max_retry_time: config_ms(&config, "maxTransactionRetryTime")
            .map_err(to_js_error)?
            .unwrap_or(Duration::from_secs(30)),
        ..RetryPolicy::default()
    };
    let web_socket = get(&config, "webSocket")
        .map(|w| w.dyn_into::<js_sys::Function>())
        .transpose()
        .map_err(|_| {
            to_js_error(Error::InvalidArgument(
                "config webSocket must be a WebSocket constructor, such as globalThis.WebSocket or \
                 require('ws')"
                    .into(),
            ))
        })?;
    let hydrator = Hydrator::new(integer_mode(&config)).map_err(to_js_error)?;
    let config = driver_config(&auth, &config).map_err(to_js_error)?;
    let runtime = JsRuntime { web_socket };
    let inner = driver::Driver::new(Rc::new(runtime.clone()), &uri, config).map_err(to_js_error)?;
    runtime.check(inner.security()).map_err(to_js_error)?;
    Ok(Driver {
        inner: Rc::new(inner),
        retry,
        hydrator,
    })
}

/// How integers reach the application: `useBigInt` wins over `disableLosslessIntegers`, as in
/// neo4j-driver.
fn integer_mode(config: &JsValue) -> IntegerMode {
    let on = |key: &str| get(config, key).is_some_and(|v| v.is_truthy());
    if on("useBigInt") {
        IntegerMode::BigInt
    } else if on("disableLosslessIntegers") {
        IntegerMode::Number
    } else {
        IntegerMode::Lossless
    }
}

#[wasm_bindgen]
impl Driver {
    /// Whether connections are encrypted (TLS).
    #[wasm_bindgen(js_name = isEncrypted)]
    pub fn is_encrypted(&self) -> bool {
        matches!(self.inner.security(), Security::Tls(_))
    }

    /// A new session (`driver.session({ database, defaultAccessMode, bookmarks,
    /// impersonatedUser, fetchSize, auth, bookmarkManager })`); it borrows a connection from
    /// the pool for each piece of work. With `auth`, its work runs as that user (Bolt 5.1+).
    pub fn session(&self, config: JsValue) -> Result<Session, JsValue> {
        let session = self
            .inner
            .session(session_config(&config).map_err(to_js_error)?);
        Ok(Session {
            bookmarks: session.bookmarks(),
            inner: Rc::new(futures::lock::Mutex::new(Some(session))),
            driver: self.inner.clone(),
            retry: self.retry,
            hydrator: self.hydrator.clone(),
        })
    }

    /// Resolves with `{ address, agent, protocolMajor, protocolMinor }` of the server.
    #[wasm_bindgen(js_name = getServerInfo)]
    pub fn get_server_info(&self) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let info = driver.server_info().await.map_err(to_js_error)?;
            Ok(server_info_to_js(&info))
        })
    }

    /// Resolves with `{ protocolMajor, protocolMinor }`: the Bolt version the server in the URI
    /// agrees on, from a handshake without logging in.
    #[wasm_bindgen(js_name = negotiatedProtocolVersion)]
    pub fn negotiated_protocol_version(&self) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let version = driver.negotiated_version().await.map_err(to_js_error)?;
            let object = Object::new();
            let _ = Reflect::set(&object, &"protocolMajor".into(), &version.major.into());
            let _ = Reflect::set(&object, &"protocolMinor".into(), &version.minor.into());
            Ok(object.into())
        })
    }

    /// Resolves with whether the server can select databases per session.
    #[wasm_bindgen(js_name = supportsMultiDb)]
    pub fn supports_multi_db(&self) -> Promise {
        self.capability(|c| c.multi_db)
    }

    /// Resolves with whether transactions can take a timeout and metadata.
    #[wasm_bindgen(js_name = supportsTransactionConfig)]
    pub fn supports_transaction_config(&self) -> Promise {
        self.capability(|c| c.transaction_config)
    }

    /// Resolves with whether sessions can impersonate another user.
    #[wasm_bindgen(js_name = supportsUserImpersonation)]
    pub fn supports_user_impersonation(&self) -> Promise {
        self.capability(|c| c.user_impersonation)
    }

    /// Resolves with whether sessions can authenticate as someone else than the driver.
    #[wasm_bindgen(js_name = supportsSessionAuth)]
    pub fn supports_session_auth(&self) -> Promise {
        self.capability(|c| c.session_auth)
    }

    /// Resolves once a connection can be opened and authenticated.
    #[wasm_bindgen(js_name = verifyConnectivity)]
    pub fn verify_connectivity(&self) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            driver.verify_connectivity().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Resolves with whether the server accepts `auth` (`{ auth, database }`; the driver's
    /// own credentials when left out): `false` when it refuses them; rejects on other errors.
    #[wasm_bindgen(js_name = verifyAuthentication)]
    pub fn verify_authentication(&self, config: JsValue) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let auth = get(&config, "auth")
                .map(|auth| auth_from_js(&auth))
                .transpose()
                .map_err(to_js_error)?;
            let database = match get(&config, "database") {
                None => None,
                Some(name) => Some(name.as_string().ok_or_else(|| {
                    to_js_error(Error::InvalidArgument(
                        "verifyAuthentication's database must be a string".into(),
                    ))
                })?),
            };
            let accepted = driver
                .verify_authentication(auth, database.as_deref())
                .await
                .map_err(to_js_error)?;
            Ok(JsValue::from_bool(accepted))
        })
    }

    /// Closes every connection of the pool (connections in use when they are returned).
    pub fn close(&self) -> Promise {
        self.inner.close();
        promise(async { Ok(JsValue::UNDEFINED) })
    }
}

impl Driver {
    fn capability(&self, pick: fn(&driver::Capabilities) -> bool) -> Promise {
        let driver = self.inner.clone();
        promise(async move {
            let capabilities = driver.capabilities().await.map_err(to_js_error)?;
            Ok(JsValue::from_bool(pick(&capabilities)))
        })
    }
}

/// `{ address, agent, protocolMajor, protocolMinor }`, from which the JS layer builds its
/// `ServerInfo`.
fn server_info_to_js(info: &driver::ServerInfo) -> JsValue {
    let object = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&object, &k.into(), &v);
    };
    set("address", info.address.as_str().into());
    set("agent", info.agent.as_str().into());
    set("protocolMajor", info.protocol_version.major.into());
    set("protocolMinor", info.protocol_version.minor.into());
    object.into()
}

/// A session: work runs one piece after another, each seeing the ones before.
#[wasm_bindgen]
pub struct Session {
    inner: Rc<futures::lock::Mutex<Option<driver::Session>>>,
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
    /// metadata }`) and resolves, once the server accepted it, with a `ResultStream` whose
    /// records are fetched batch by batch as they are read.
    pub fn stream(&self, query: String, parameters: JsValue, tx_config: JsValue) -> Promise {
        let inner = self.inner.clone();
        let hydrator = self.hydrator.clone();
        promise(async move {
            let parameters = parameters_from_js(&parameters)?;
            let options =
                tx_options(&tx_config, None, driver::Api::AutoCommit).map_err(to_js_error)?;
            let mut guard = inner.lock().await;
            let session = guard
                .as_mut()
                .ok_or_else(|| to_js_error(session_closed()))?;
            let stream = session
                .stream(&query, parameters, options)
                .await
                .map_err(to_js_error)?;
            Ok(ResultStream::new(Rc::new(futures::lock::Mutex::new(stream)), hydrator).into())
        })
    }

    /// Opens an explicit transaction (`txConfig`: `{ timeout, metadata }`); resolves with a
    /// `Transaction`. The session runs nothing else until it ends.
    #[wasm_bindgen(js_name = beginTransaction)]
    pub fn begin_transaction(&self, tx_config: JsValue) -> Promise {
        let inner = self.inner.clone();
        let hydrator = self.hydrator.clone();
        promise(async move {
            let options = tx_options(&tx_config, None, driver::Api::ExplicitTransaction)
                .map_err(to_js_error)?;
            let mut guard = inner.lock().await;
            let session = guard
                .as_mut()
                .ok_or_else(|| to_js_error(session_closed()))?;
            let tx = session
                .begin_transaction(options)
                .await
                .map_err(to_js_error)?;
            Ok(Transaction {
                inner: Rc::new(futures::lock::Mutex::new(tx)),
                hydrator,
            }
            .into())
        })
    }

    /// Runs `work(tx)` in a read transaction and commits, retrying retryable failures with
    /// backoff until `maxTransactionRetryTime`; resolves with what `work` returned.
    /// `executeQuery` is set when `driver.executeQuery` runs the work, for TELEMETRY.
    #[wasm_bindgen(js_name = executeRead)]
    pub fn execute_read(
        &self,
        work: js_sys::Function,
        tx_config: JsValue,
        execute_query: Option<bool>,
    ) -> Promise {
        self.execute(work, tx_config, AccessMode::Read, execute_query)
    }

    /// Like `executeRead`, for work that writes.
    #[wasm_bindgen(js_name = executeWrite)]
    pub fn execute_write(
        &self,
        work: js_sys::Function,
        tx_config: JsValue,
        execute_query: Option<bool>,
    ) -> Promise {
        self.execute(work, tx_config, AccessMode::Write, execute_query)
    }

    /// Bookmarks of the last committed work.
    #[wasm_bindgen(js_name = lastBookmarks)]
    pub fn last_bookmarks(&self) -> Array {
        self.bookmarks
            .last()
            .into_iter()
            .map(JsValue::from)
            .collect()
    }

    /// Ends the session once running work is done; later calls fail.
    pub fn close(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner.lock().await.take();
            Ok(JsValue::UNDEFINED)
        })
    }
}

impl Session {
    fn execute(
        &self,
        work: js_sys::Function,
        tx_config: JsValue,
        mode: AccessMode,
        execute_query: Option<bool>,
    ) -> Promise {
        let inner = self.inner.clone();
        let owner = self.driver.clone();
        let retry = self.retry;
        let hydrator = self.hydrator.clone();
        promise(async move {
            let execute_query = execute_query == Some(true);
            let api = if execute_query {
                driver::Api::ExecuteQuery
            } else {
                driver::Api::ManagedTransaction
            };
            let options = tx_options(&tx_config, Some(mode), api).map_err(to_js_error)?;
            // TELEMETRY goes out with the first attempt that sends it, not with each retry.
            let options = RefCell::new(options);
            let mut guard = inner.lock().await;
            let session = guard
                .as_mut()
                .ok_or_else(|| to_js_error(session_closed()))?;
            let retryable =
                |error: &JsValue| get(error, "retriable").and_then(|r| r.as_bool()) == Some(true);
            driver::with_retries(
                owner.runtime(),
                &retry,
                owner.logger(),
                js_sys::Math::random,
                async || attempt(session, &work, &options, &hydrator, execute_query).await,
                retryable,
            )
            .await
        })
    }
}

/// One try of a managed transaction: BEGIN, `work(tx)`, COMMIT; ROLLBACK if `work` fails.
/// `pipeline_begin`: the work's first query goes out with BEGIN instead of after its answer.
async fn attempt(
    session: &mut driver::Session,
    work: &js_sys::Function,
    options: &RefCell<TxOptions>,
    hydrator: &Hydrator,
    pipeline_begin: bool,
) -> Result<JsValue, JsValue> {
    let options_now = options.borrow().clone();
    let mut tx = session
        .begin_transaction(options_now)
        .await
        .map_err(to_js_error)?;
    if tx.sent_telemetry() {
        options.borrow_mut().api = None;
    }
    // As neo4j-driver: executeQuery's query goes out with BEGIN; executeRead and executeWrite
    // run their work once BEGIN is answered.
    if !pipeline_begin {
        tx.begun().await.map_err(to_js_error)?;
    }
    let tx = Rc::new(futures::lock::Mutex::new(tx));
    let managed = Transaction {
        inner: tx.clone(),
        hydrator: hydrator.clone(),
    };
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
            tx.commit().await.map_err(to_js_error)?;
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
    hydrator: Hydrator,
}

#[wasm_bindgen]
impl Transaction {
    /// Runs `query` in the transaction; resolves like `session.stream`. Records not read when
    /// the transaction commits stay readable.
    pub fn stream(&self, query: String, parameters: JsValue) -> Promise {
        let tx = self.inner.clone();
        let hydrator = self.hydrator.clone();
        promise(async move {
            let parameters = parameters_from_js(&parameters)?;
            let stream = tx
                .lock()
                .await
                .stream(&query, parameters)
                .await
                .map_err(to_js_error)?;
            Ok(ResultStream::new(stream, hydrator).into())
        })
    }

    /// Commits the transaction.
    pub fn commit(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner.lock().await.commit().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Rolls the transaction back.
    pub fn rollback(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner.lock().await.rollback().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Ends the transaction if it has not ended: rolls back an open one, and gives back the
    /// connection of one that failed.
    pub fn close(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner.lock().await.close().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Resolves once the server has begun the transaction (BEGIN's answer); rejects with
    /// BEGIN's failure.
    pub fn begun(&self) -> Promise {
        let inner = self.inner.clone();
        promise(async move {
            inner.lock().await.begun().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
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
    hydrator: Hydrator,
    records: Rc<RefCell<Records>>,
    /// Known once the query started, and readable while a batch is being fetched.
    keys: Array,
}

impl ResultStream {
    fn new(inner: driver::SharedStream, hydrator: Hydrator) -> Self {
        // Nobody else holds the stream yet, so the lock is free.
        let keys = inner
            .try_lock()
            .map(|s| s.keys().iter().map(|k| JsValue::from_str(k)).collect())
            .unwrap_or_default();
        ResultStream {
            inner,
            records: Rc::new(RefCell::new(Records::new(hydrator.clone()))),
            hydrator,
            keys,
        }
    }
}

#[wasm_bindgen]
impl ResultStream {
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
            match stream.next_batch().await.map_err(to_js_error)? {
                Some(batch) => records.borrow_mut().rows(&batch, stream.dialect()),
                None => Ok(JsValue::NULL),
            }
        })
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
            let metadata = stream.consume().await.map_err(to_js_error)?;
            let summary = Object::new();
            let _ = Reflect::set(&summary, &"metadata".into(), &hydrator.map(&metadata)?);
            let server = server_info_to_js(stream.server());
            let _ = Reflect::set(&summary, &"server".into(), &server);
            let received = JsValue::from_f64(stream.records_received() as f64);
            let _ = Reflect::set(&summary, &"recordsReceived".into(), &received);
            Ok(summary.into())
        })
    }
}

fn session_closed() -> Error {
    Error::Usage("the session is closed".into())
}

/// Query parameters: a plain object, or nothing. A value that cannot be sent is a `TypeError`
/// naming where it sits.
fn parameters_from_js(parameters: &JsValue) -> Result<Parameters, JsValue> {
    if parameters.is_undefined() || parameters.is_null() {
        return Ok(Parameters::Map(Map::new()));
    }
    if !parameters.is_object() || Array::is_array(parameters) {
        return Err(js_sys::TypeError::new(
            "query parameters must be a plain object such as { name: 'Ada' }",
        )
        .into());
    }
    values::taped_map_from_js(parameters, "").map(Parameters::Taped)
}

/// `{ timeout, metadata }` of a transaction config; `mode` is given for managed transactions,
/// `api` is the one the transaction is begun through.
fn tx_options(
    config: &JsValue,
    mode: Option<AccessMode>,
    api: driver::Api,
) -> Result<TxOptions, Error> {
    let timeout_ms =
        config_ms(config, "timeout")?.map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let metadata = match get(config, "metadata") {
        None => Map::new(),
        Some(m) => match m.dyn_ref::<Object>() {
            Some(object) => values::map_from_js(object, "metadata").map_err(|e| {
                let message = get(&e, "message").and_then(|m| m.as_string());
                Error::InvalidArgument(message.unwrap_or_else(|| "metadata cannot be sent".into()))
            })?,
            None => {
                return Err(Error::InvalidArgument(
                    "transaction config metadata must be an object".into(),
                ))
            }
        },
    };
    Ok(TxOptions {
        timeout_ms,
        metadata,
        mode,
        api: Some(api),
    })
}

/// The session config object: transaction settings, fetch size, and the session's auth.
fn session_config(config: &JsValue) -> Result<driver::SessionConfig, Error> {
    let string = |key: &str| -> Result<Option<String>, Error> {
        get(config, key)
            .map(|v| {
                v.as_string().ok_or_else(|| {
                    Error::InvalidArgument(format!("session config {key} must be a string"))
                })
            })
            .transpose()
    };
    let mode = match string("defaultAccessMode")?.as_deref() {
        None | Some("WRITE") => AccessMode::Write,
        Some("READ") => AccessMode::Read,
        Some(other) => {
            return Err(Error::InvalidArgument(format!(
                "session config defaultAccessMode must be neo4j.session.READ or neo4j.session.WRITE, not '{other}'"
            )))
        }
    };
    let bookmarks = match get(config, "bookmarks") {
        None => Vec::new(),
        Some(b) if b.is_string() => b.as_string().into_iter().collect(),
        Some(b) if Array::is_array(&b) => Array::from(&b)
            .iter()
            .map(|v| {
                v.as_string().ok_or_else(|| {
                    Error::InvalidArgument("session config bookmarks must be strings".into())
                })
            })
            .collect::<Result<_, _>>()?,
        Some(_) => {
            return Err(Error::InvalidArgument(
                "session config bookmarks must be a string or an array of strings".into(),
            ))
        }
    };
    let tx = TxConfig {
        bookmarks,
        mode,
        database: string("database")?.filter(|d| !d.is_empty()),
        impersonated_user: string("impersonatedUser")?,
        notification_filter: notification_filter(config)?,
        ..TxConfig::default()
    };
    let auth = get(config, "auth")
        .map(|auth| match auth.is_object() {
            true => auth_from_js(&auth),
            false => Err(Error::InvalidArgument(
                "session config auth must be an auth token such as { scheme: 'basic', principal, credentials }"
                    .into(),
            )),
        })
        .transpose()?;
    let bookmark_manager = get(config, "bookmarkManager")
        .map(|m| JsBookmarkManager::new(m).map(|m| Rc::new(m) as Rc<dyn driver::BookmarkManager>))
        .transpose()?;
    Ok(driver::SessionConfig {
        tx,
        fetch_size: config_count(config, "fetchSize")?,
        auth,
        bookmark_manager,
    })
}

/// A bookmark manager object from JS (`getBookmarks()` and `updateBookmarks(previous, new)`,
/// each returning a value or a promise).
struct JsBookmarkManager {
    object: JsValue,
    get_bookmarks: js_sys::Function,
    update_bookmarks: js_sys::Function,
}

impl JsBookmarkManager {
    fn new(object: JsValue) -> Result<Self, Error> {
        let method =
            |name: &str| get(&object, name).and_then(|f| f.dyn_into::<js_sys::Function>().ok());
        match (method("getBookmarks"), method("updateBookmarks")) {
            (Some(get_bookmarks), Some(update_bookmarks)) => Ok(JsBookmarkManager { object, get_bookmarks, update_bookmarks }),
            _ => Err(Error::InvalidArgument(
                "session config bookmarkManager must have getBookmarks() and updateBookmarks(previous, new) methods, \
                 such as neo4j.bookmarkManager() returns"
                    .into(),
            )),
        }
    }
}

/// The value of `result`, awaited if it is a promise; a JS exception becomes a driver error.
async fn settle(result: Result<JsValue, JsValue>, what: &str) -> Result<JsValue, Error> {
    let value = match result {
        Ok(v) => match v.dyn_into::<Promise>() {
            Ok(promise) => wasm_bindgen_futures::JsFuture::from(promise).await,
            Err(v) => Ok(v),
        },
        Err(e) => Err(e),
    };
    value.map_err(|e| {
        let message = get(&e, "message")
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| "it threw".into());
        Error::Usage(format!("{what} failed: {message}"))
    })
}

impl driver::BookmarkManager for JsBookmarkManager {
    fn get_bookmarks(&self) -> crate::runtime::LocalFuture<'static, Result<Vec<String>, Error>> {
        let called = self.get_bookmarks.call0(&self.object);
        Box::pin(async move {
            let value = settle(called, "the bookmark manager's getBookmarks()").await?;
            // Any iterable of strings (an array, a Set, ...).
            let items = Array::from(&value);
            items
                .iter()
                .map(|b| {
                    b.as_string().ok_or_else(|| {
                        Error::InvalidArgument("getBookmarks() must give strings".into())
                    })
                })
                .collect()
        })
    }

    fn update_bookmarks(
        &self,
        previous: Vec<String>,
        new: Vec<String>,
    ) -> crate::runtime::LocalFuture<'static, Result<(), Error>> {
        let to_js = |list: Vec<String>| list.into_iter().map(JsValue::from).collect::<Array>();
        let called = self
            .update_bookmarks
            .call2(&self.object, &to_js(previous), &to_js(new));
        Box::pin(async move {
            settle(called, "the bookmark manager's updateBookmarks()")
                .await
                .map(|_| ())
        })
    }
}
