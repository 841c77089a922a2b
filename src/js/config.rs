//! Reading the JS arguments of the facade into core types: the driver config of
//! `neo4j.driver(uri, auth, config)`, auth tokens, session configs, transaction configs and
//! query parameters.
//!
//! The driver and session configs arrive as [`Settings`]: lib/config.js reads and checks each
//! key (a new or changed key, and its error message, belong there) and passes the values in a
//! fixed order, which [`DriverSetting`] and [`SessionSetting`] give. Values the driver calls
//! back (an auth token manager, a bookmark manager, a resolver, a logger) are wrapped by the
//! adapters in `host.rs`. `clientCertificate` reaches the Node transport as a function made
//! by lib/client-certificate.js.

use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::host::{self, JsAuthManager, JsBookmarkManager};
use super::values;
use crate::bolt::{AccessMode, AuthToken, NotificationFilter, Parameters, TxConfig};
use crate::driver::{self, DriverConfig, TxOptions};
use crate::packstream::Map;
use crate::runtime::{Security, TlsTrust};
use crate::Error;

/// The value of `key` in `object`, unless it is unset (`undefined` or `null`) or `object` is
/// not an object.
pub(super) fn get(object: &JsValue, key: &str) -> Option<JsValue> {
    if !object.is_object() {
        return None;
    }
    Reflect::get(object, &key.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

/// An auth token object (`{ scheme, principal, credentials, ... }`); nothing means no auth.
pub(super) fn auth_from_js(auth: &JsValue) -> Result<AuthToken, Error> {
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
        let manager = JsAuthManager::new(auth.clone());
        return Ok(driver::Auth::Managed(Rc::new(manager)));
    }
    auth_from_js(auth).map(driver::Auth::Static)
}

/// An array of settings that lib/config.js made from a config object and checked: each item
/// has the type its key takes, or is `undefined` when the key is unset. Read by position,
/// in the order of [`DriverSetting`], [`SessionSetting`] or [`TransactionSetting`].
pub(super) struct Settings(Array);

impl Settings {
    /// The settings in `array`.
    pub(super) fn new(array: Array) -> Self {
        Settings(array)
    }

    /// The item at `at`, unless unset.
    fn get(&self, at: u32) -> Option<JsValue> {
        Some(self.0.get(at)).filter(|v| !v.is_undefined())
    }

    /// A number.
    pub(super) fn number(&self, at: u32) -> Option<f64> {
        self.0.get(at).as_f64()
    }

    /// A whole number of milliseconds.
    pub(super) fn millis(&self, at: u32) -> Option<Duration> {
        self.number(at).map(|ms| Duration::from_millis(ms as u64))
    }

    /// A string.
    fn string(&self, at: u32) -> Option<String> {
        self.0.get(at).as_string()
    }

    /// A list of strings.
    fn strings(&self, at: u32) -> Option<Vec<String>> {
        self.get(at).and_then(|list| values::strings(&list))
    }

    /// A notification filter: its minimum severity at `severity`, its disabled classifications
    /// at `classifications`.
    fn notification_filter(&self, severity: u32, classifications: u32) -> NotificationFilter {
        NotificationFilter {
            minimum_severity: self.string(severity),
            disabled_classifications: self.strings(classifications),
        }
    }

    /// Whether a flag is set.
    fn flag(&self, at: u32) -> bool {
        self.0.get(at).is_truthy()
    }

    /// A function.
    pub(super) fn function(&self, at: u32) -> Option<js_sys::Function> {
        self.get(at).map(JsCast::unchecked_into)
    }
}

/// The items of lib/config.js `driverSettings`, in its order.
#[derive(Clone, Copy)]
pub(super) enum DriverSetting {
    MaxTransactionRetryTime,
    WebSocket,
    IntegerMode,
    UserAgent,
    MaxConnectionPoolSize,
    MaxConnectionLifetime,
    ConnectionLivenessCheckTimeout,
    ConnectionAcquisitionTimeout,
    ConnectionTimeout,
    ReceiveTimeout,
    FetchSize,
    TelemetryDisabled,
    LogLevel,
    Logger,
    UnredactDebugLogs,
    Encrypted,
    /// The index of `trust` in lib/config.js `TRUST`.
    Trust,
    TrustedCertificates,
    MinimumSeverityLevel,
    DisabledClassifications,
    Resolver,
    /// `clientCertificate`, made a function by lib/client-certificate.js.
    ClientCertificate,
}

/// The items of lib/config.js `sessionSettings`, in its order.
#[derive(Clone, Copy)]
enum SessionSetting {
    /// `defaultAccessMode` is READ.
    Read,
    Bookmarks,
    Database,
    ImpersonatedUser,
    MinimumSeverityLevel,
    DisabledClassifications,
    Auth,
    BookmarkManager,
    FetchSize,
}

/// The items of lib/config.js `transactionSettings`, in its order.
#[derive(Clone, Copy)]
enum TransactionSetting {
    /// Whole milliseconds.
    Timeout,
    Metadata,
}

/// The driver settings (unset keys keep the defaults).
pub(super) fn driver_config(auth: &JsValue, settings: &Settings) -> Result<DriverConfig, Error> {
    use DriverSetting as S;
    let millis = |at: S| settings.millis(at as u32);
    let mut c = DriverConfig {
        auth: driver_auth_from_js(auth)?,
        ..DriverConfig::default()
    };
    if let Some(agent) = settings.string(S::UserAgent as u32) {
        c.user_agent = agent;
    }
    if let Some(size) = settings.number(S::MaxConnectionPoolSize as u32) {
        // -1 (no limit) too.
        c.pool.max_size = usize::try_from(size as i64).unwrap_or(usize::MAX);
    }
    c.pool.max_lifetime = millis(S::MaxConnectionLifetime).or(c.pool.max_lifetime);
    c.pool.liveness_check_timeout =
        millis(S::ConnectionLivenessCheckTimeout).or(c.pool.liveness_check_timeout);
    c.acquisition_timeout =
        millis(S::ConnectionAcquisitionTimeout).unwrap_or(c.acquisition_timeout);
    c.connection_timeout = millis(S::ConnectionTimeout).unwrap_or(c.connection_timeout);
    // 0 turns it off, as leaving it out does.
    c.receive_timeout = millis(S::ReceiveTimeout).filter(|ms| !ms.is_zero());
    if let Some(n) = settings.number(S::FetchSize as u32) {
        c.fetch_size = n as i64;
    }
    c.telemetry = !settings.flag(S::TelemetryDisabled as u32);
    if let (Some(level), Some(function)) = (
        settings
            .string(S::LogLevel as u32)
            .and_then(|l| driver::Level::parse(&l)),
        settings.function(S::Logger as u32),
    ) {
        let logger = driver::Logger::new(level, host::log_sink(function));
        c.logger = match settings.flag(S::UnredactDebugLogs as u32) {
            true => logger.unredacted(),
            false => logger,
        };
    }
    let encrypted = settings.get(S::Encrypted as u32).map(|e| e.is_truthy());
    let trust = settings
        .number(S::Trust as u32)
        .map(|trust| match trust as u32 {
            0 => TlsTrust::SystemCas,
            1 => TlsTrust::AnyCertificate,
            _ => TlsTrust::CustomCas(
                settings
                    .strings(S::TrustedCertificates as u32)
                    .unwrap_or_default(),
            ),
        });
    // As neo4j-driver: TLS only with `encrypted` on, trusting the system's CAs unless `trust`
    // says otherwise.
    c.security = match (encrypted, trust) {
        (None, None) => None,
        (Some(true), trust) => Some(Security::Tls(trust.unwrap_or(TlsTrust::SystemCas))),
        _ => Some(Security::Plain),
    };
    c.notification_filter = settings.notification_filter(
        S::MinimumSeverityLevel as u32,
        S::DisabledClassifications as u32,
    );
    c.resolver = settings.function(S::Resolver as u32).map(host::resolver);
    Ok(c)
}

/// The session settings: transaction settings, fetch size, the session's auth and its
/// bookmark manager (`shared_bookmarks` when given, in place of the config's).
pub(super) fn session_config(
    settings: &Settings,
    shared_bookmarks: Option<driver::BookmarkSet>,
) -> Result<driver::SessionConfig, Error> {
    use SessionSetting as S;
    let tx = TxConfig {
        bookmarks: settings.strings(S::Bookmarks as u32).unwrap_or_default(),
        mode: match settings.flag(S::Read as u32) {
            true => AccessMode::Read,
            false => AccessMode::Write,
        },
        database: settings.string(S::Database as u32),
        impersonated_user: settings.string(S::ImpersonatedUser as u32),
        notification_filter: settings.notification_filter(
            S::MinimumSeverityLevel as u32,
            S::DisabledClassifications as u32,
        ),
        ..TxConfig::default()
    };
    let auth = settings
        .get(S::Auth as u32)
        .map(|auth| auth_from_js(&auth))
        .transpose()?;
    let bookmark_manager: Option<Rc<dyn driver::BookmarkManager>> = match shared_bookmarks {
        Some(set) => Some(Rc::new(set)),
        None => settings
            .get(S::BookmarkManager as u32)
            .map(|m| Rc::new(JsBookmarkManager::new(m)) as Rc<dyn driver::BookmarkManager>),
    };
    Ok(driver::SessionConfig {
        tx,
        fetch_size: settings.number(S::FetchSize as u32).map(|n| n as i64),
        auth,
        bookmark_manager,
    })
}

/// The transaction options of a transaction config (`{ timeout, metadata }`, as
/// lib/config.js `transactionSettings` gives it); `mode` is given for managed transactions,
/// `api` is the one the transaction is begun through. Metadata that cannot be sent is an
/// error naming where it sits.
pub(super) fn tx_options(
    settings: Array,
    mode: Option<AccessMode>,
    api: driver::Api,
) -> Result<TxOptions, Error> {
    let settings = Settings::new(settings);
    let metadata = match settings.get(TransactionSetting::Metadata as u32) {
        None => Map::new(),
        Some(m) => values::map_from_js(&m, "metadata").map_err(|e| {
            let message = get(&e, "message").and_then(|m| m.as_string());
            Error::InvalidArgument(
                message
                    .as_deref()
                    .unwrap_or("metadata cannot be sent")
                    .into(),
            )
        })?,
    };
    Ok(TxOptions {
        timeout_ms: settings
            .number(TransactionSetting::Timeout as u32)
            .map(|ms| ms as i64),
        metadata,
        mode,
        api: Some(api),
    })
}

/// Query parameters: a plain object, or nothing. A value that cannot be sent is a `TypeError`
/// naming where it sits.
pub(super) fn parameters_from_js(parameters: &JsValue) -> Result<Parameters, JsValue> {
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
