//! Reading the JS arguments of the facade into core types: the driver config of
//! `neo4j.driver(uri, auth, config)`, auth tokens, session configs, transaction configs and
//! query parameters. A new or changed config key, and its error message, belong here.
//!
//! Keys whose value is a JS object the driver calls back (an auth token manager, a bookmark
//! manager, a resolver, a logger) are checked here and wrapped by the adapters in `host.rs`.
//! `clientCertificate` is the exception: lib/client-certificate.js checks it and hands the
//! facade's `driver` a function instead, which the Node transport calls.

use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::host::{self, JsAuthManager, JsBookmarkManager};
use super::values::{self, strings_from_js, IntegerMode};
use crate::bolt::{AccessMode, AuthToken, NotificationFilter, Parameters, TxConfig};
use crate::driver::{self, DriverConfig, TxOptions};
use crate::packstream::Map;
use crate::retry::RetryPolicy;
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

/// A whole number of milliseconds from the config, if set.
fn config_ms(config: &JsValue, key: &str) -> Result<Option<Duration>, Error> {
    match get(config, key) {
        None => Ok(None),
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= 1e15)
            .map(|n| Some(Duration::from_millis(n as u64)))
            .ok_or_else(|| {
                Error::InvalidArgument(
                    format!("config {key} must be a non-negative whole number of milliseconds")
                        .into(),
                )
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
                Error::InvalidArgument(
                    format!("config {key} must be a positive whole number").into(),
                )
            }),
    }
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

/// `{ level, logger, unredactDebugLogs }` of the `logging` config: `logger(level, message)` is
/// called for messages at `level` (`error`, `warn`, `info`, `debug`) and above. At `debug`,
/// every Bolt message is logged, with query parameters and records only if
/// `unredactDebugLogs` is true.
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
    let logger = driver::Logger::new(level, host::log_sink(function));
    match get(logging, "unredactDebugLogs").and_then(|u| u.as_bool()) {
        Some(true) => Ok(logger.unredacted()),
        _ => Ok(logger),
    }
}

/// The retry policy of managed transactions: `maxTransactionRetryTime` (30 seconds unless set).
pub(super) fn retry_policy(config: &JsValue) -> Result<RetryPolicy, Error> {
    Ok(RetryPolicy {
        max_retry_time: config_ms(config, "maxTransactionRetryTime")?
            .unwrap_or(Duration::from_secs(30)),
        ..RetryPolicy::default()
    })
}

/// The `webSocket` config: the WebSocket constructor to use instead of the global one.
pub(super) fn web_socket(config: &JsValue) -> Result<Option<js_sys::Function>, Error> {
    get(config, "webSocket")
        .map(|w| w.dyn_into::<js_sys::Function>())
        .transpose()
        .map_err(|_| {
            Error::InvalidArgument(
                "config webSocket must be a WebSocket constructor, such as globalThis.WebSocket or \
                 require('ws')"
                    .into(),
            )
        })
}

/// The driver settings from the JS config object (unset keys keep the defaults).
pub(super) fn driver_config(auth: &JsValue, config: &JsValue) -> Result<DriverConfig, Error> {
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
    // 0 turns it off, as leaving it out does.
    c.receive_timeout = config_ms(config, "receiveTimeout")?.filter(|ms| !ms.is_zero());
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

/// The `resolver` config: `address => addresses`, or a promise of them (see
/// [`host::resolver`]). lib/driver.js refuses anything else first, with a `TypeError` that
/// says what a resolver is; this is the core's own guard.
fn resolver_from_js(resolver: JsValue) -> Result<driver::Resolver, Error> {
    let function = resolver
        .dyn_into::<js_sys::Function>()
        .map_err(|_| Error::InvalidArgument("config resolver must be a function".into()))?;
    Ok(host::resolver(function))
}

/// `notificationFilter` of a driver or session config: `{ minimumSeverityLevel,
/// disabledCategories }` or `{ minimumSeverityLevel, disabledClassifications }`.
fn notification_filter(config: &JsValue) -> Result<NotificationFilter, Error> {
    let Some(filter) = get(config, "notificationFilter") else {
        return Ok(NotificationFilter::default());
    };
    let invalid =
        |what: &str| Error::InvalidArgument(format!("config notificationFilter.{what}").into());
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

/// How integers reach the application: `useBigInt` wins over `disableLosslessIntegers`, as in
/// neo4j-driver.
pub(super) fn integer_mode(config: &JsValue) -> IntegerMode {
    let on = |key: &str| get(config, key).is_some_and(|v| v.is_truthy());
    if on("useBigInt") {
        IntegerMode::BigInt
    } else if on("disableLosslessIntegers") {
        IntegerMode::Number
    } else {
        IntegerMode::Lossless
    }
}

/// `{ auth, database }` of `driver.verifyAuthentication`: the token to try (the driver's own
/// when left out) and the database to try it on.
pub(super) fn verify_authentication_config(
    config: &JsValue,
) -> Result<(Option<AuthToken>, Option<String>), Error> {
    let auth = get(config, "auth")
        .map(|auth| auth_from_js(&auth))
        .transpose()?;
    let database = match get(config, "database") {
        None => None,
        Some(name) => Some(name.as_string().ok_or_else(|| {
            Error::InvalidArgument("verifyAuthentication's database must be a string".into())
        })?),
    };
    Ok((auth, database))
}

/// The session config object: transaction settings, fetch size, the session's auth and its
/// bookmark manager (`shared_bookmarks` when given, in place of the config's).
pub(super) fn session_config(
    config: &JsValue,
    shared_bookmarks: Option<driver::BookmarkSet>,
) -> Result<driver::SessionConfig, Error> {
    let string = |key: &str| -> Result<Option<String>, Error> {
        get(config, key)
            .map(|v| {
                v.as_string().ok_or_else(|| {
                    Error::InvalidArgument(format!("session config {key} must be a string").into())
                })
            })
            .transpose()
    };
    let mode = match string("defaultAccessMode")?.as_deref() {
        None | Some("WRITE") => AccessMode::Write,
        Some("READ") => AccessMode::Read,
        // A Neo4jError, as neo4j-driver throws it.
        Some(other) => {
            return Err(Error::Usage(format!(
                "session config defaultAccessMode must be neo4j.session.READ or neo4j.session.WRITE, not '{other}'"
            ).into()))
        }
    };
    let bookmarks = match get(config, "bookmarks") {
        None => Vec::new(),
        Some(b) if b.is_string() => b.as_string().into_iter().collect(),
        Some(b) if Array::is_array(&b) => strings_from_js(&b, "session config bookmarks")?,
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
    let bookmark_manager = match shared_bookmarks {
        Some(set) => Some(Rc::new(set) as Rc<dyn driver::BookmarkManager>),
        None => get(config, "bookmarkManager")
            .map(|m| {
                JsBookmarkManager::new(m).map(|m| Rc::new(m) as Rc<dyn driver::BookmarkManager>)
            })
            .transpose()?,
    };
    Ok(driver::SessionConfig {
        tx,
        fetch_size: config_count(config, "fetchSize")?,
        auth,
        bookmark_manager,
    })
}

/// `{ timeout, metadata }` of a transaction config; `mode` is given for managed transactions,
/// `api` is the one the transaction is begun through.
pub(super) fn tx_options(
    config: &JsValue,
    mode: Option<AccessMode>,
    api: driver::Api,
) -> Result<TxOptions, Error> {
    // A negative timeout is a Neo4jError, as neo4j-driver throws it.
    if get(config, "timeout")
        .and_then(|t| t.as_f64())
        .is_some_and(|t| t < 0.0)
    {
        return Err(Error::Usage(
            "transaction config timeout must not be negative".into(),
        ));
    }
    let timeout_ms =
        config_ms(config, "timeout")?.map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let metadata = match get(config, "metadata") {
        None => Map::new(),
        Some(m) => match m.dyn_ref::<Object>() {
            Some(object) => values::map_from_js(object, "metadata").map_err(|e| {
                let message = get(&e, "message").and_then(|m| m.as_string());
                Error::InvalidArgument(
                    message
                        .as_deref()
                        .unwrap_or("metadata cannot be sent")
                        .into(),
                )
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
