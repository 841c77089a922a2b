//! The wasm-bindgen facade: the only module that talks to JavaScript. It turns JS arguments
//! into core values, runs the driver's futures as promises, and core results into JS values.

mod values;

use std::rc::Rc;
use std::time::Duration;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use crate::bolt::message::decode_record;
use crate::bolt::{AuthToken, TxConfig};
use crate::driver::{self, DriverConfig};
use crate::routing::ConnectionUri;
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

/// A JS `Error` shaped like neo4j-driver's `Neo4jError`: `name`, `code`, `retriable`,
/// `classification`, and for server errors `gqlStatus` and `gqlStatusDescription`.
fn to_js_error(error: Error) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    js.set_name("Neo4jError");
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&js, &k.into(), &v);
    };
    set("code", error.code().into());
    set("retriable", error.is_retryable().into());
    set("classification", error.classification().into());
    if let Error::Server(e) = &error {
        set(
            "gqlStatus",
            e.gql_status
                .as_deref()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED),
        );
        set(
            "gqlStatusDescription",
            e.description
                .as_deref()
                .map(JsValue::from)
                .unwrap_or(JsValue::UNDEFINED),
        );
    }
    js.into()
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

fn auth_from_js(auth: &JsValue) -> Result<AuthToken, Error> {
    if auth.is_undefined() || auth.is_null() {
        return Ok(AuthToken::none());
    }
    let object = auth.dyn_ref::<Object>().ok_or_else(|| {
        Error::InvalidArgument(
            "auth must be an object such as neo4j.auth.basic(user, password)".into(),
        )
    })?;
    let fields = values::object_to_map(object, "auth", 0)
        .map_err(|_| Error::InvalidArgument("auth contains a value that cannot be sent".into()))?;
    Ok(AuthToken::custom_fields(fields))
}

/// The driver settings from the JS config object (unset keys keep the defaults).
fn driver_config(auth: &JsValue, config: &JsValue) -> Result<DriverConfig, Error> {
    let mut c = DriverConfig {
        auth: auth_from_js(auth)?,
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
    Ok(c)
}

/// A driver for one URI: a connection pool shared by its sessions.
#[wasm_bindgen]
pub struct Driver {
    inner: Rc<driver::Driver>,
}

/// Creates a driver (`neo4j.driver(uri, auth, config)`); no connection is opened yet.
#[wasm_bindgen]
pub fn driver(uri: &str, auth: JsValue, config: JsValue) -> Result<Driver, JsValue> {
    let uri = ConnectionUri::parse(uri).map_err(|e| to_js_error(e.into()))?;
    let config = driver_config(&auth, &config).map_err(to_js_error)?;
    Ok(Driver {
        inner: Rc::new(driver::Driver::new(Rc::new(JsRuntime), &uri, config)),
    })
}

#[wasm_bindgen]
impl Driver {
    /// A new session; it borrows a connection from the pool for each query.
    pub fn session(&self) -> Session {
        let session = self.inner.session(TxConfig::default());
        Session {
            inner: Rc::new(futures::lock::Mutex::new(Some(session))),
        }
    }

    /// Resolves with `{ address, agent, protocolVersion }` of the server.
    #[wasm_bindgen(js_name = getServerInfo)]
    pub fn get_server_info(&self) -> Promise {
        let driver = self.inner.clone();
        future_to_promise(async move {
            let info = driver.server_info().await.map_err(to_js_error)?;
            let object = Object::new();
            let _ = Reflect::set(&object, &"address".into(), &info.address.into());
            let _ = Reflect::set(&object, &"agent".into(), &info.agent.into());
            let version = info.protocol_version;
            let number = f64::from(version.major) + f64::from(version.minor) / 10.0;
            let _ = Reflect::set(&object, &"protocolVersion".into(), &number.into());
            Ok(object.into())
        })
    }

    /// Resolves once a connection can be opened and authenticated.
    #[wasm_bindgen(js_name = verifyConnectivity)]
    pub fn verify_connectivity(&self) -> Promise {
        let driver = self.inner.clone();
        future_to_promise(async move {
            driver.verify_connectivity().await.map_err(to_js_error)?;
            Ok(JsValue::UNDEFINED)
        })
    }

    /// Closes every connection of the pool (connections in use when they are returned).
    pub fn close(&self) -> Promise {
        self.inner.close();
        future_to_promise(async { Ok(JsValue::UNDEFINED) })
    }
}

/// A session: queries run one after another, each seeing the ones before.
#[wasm_bindgen]
pub struct Session {
    inner: Rc<futures::lock::Mutex<Option<driver::Session>>>,
}

#[wasm_bindgen]
impl Session {
    /// Runs `query` with `parameters` and resolves with `{ keys, records, summary }`: records
    /// are arrays of values in key order, the summary the server's metadata.
    pub fn run(&self, query: String, parameters: JsValue) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            let parameters = match parameters.dyn_ref::<Object>() {
                Some(object) => values::object_to_map(object, "", 0).map_err(to_js_error)?,
                None => Vec::new(),
            };
            let mut guard = inner.lock().await;
            let session = guard
                .as_mut()
                .ok_or_else(|| to_js_error(Error::Usage("the session is closed".into())))?;
            let outcome = session.run(&query, parameters).await.map_err(to_js_error)?;
            let records = Array::new();
            for body in &outcome.records {
                let fields = decode_record(body, outcome.dialect).map_err(|e| {
                    to_js_error(Error::Protocol(crate::bolt::ProtocolError::Decode(e)))
                })?;
                records.push(&fields.iter().map(values::to_js).collect::<Array>());
            }
            let result = Object::new();
            let keys: Array = outcome.keys.iter().map(|k| JsValue::from_str(k)).collect();
            let _ = Reflect::set(&result, &"keys".into(), &keys);
            let _ = Reflect::set(&result, &"records".into(), &records);
            let _ = Reflect::set(
                &result,
                &"summary".into(),
                &values::map_to_js(&outcome.summary),
            );
            Ok(result.into())
        })
    }

    /// Bookmarks of the last committed work.
    #[wasm_bindgen(js_name = lastBookmarks)]
    pub fn last_bookmarks(&self) -> Array {
        match self.inner.try_lock() {
            Some(guard) => guard
                .iter()
                .flat_map(|s| s.last_bookmarks())
                .map(|b| JsValue::from_str(b))
                .collect(),
            None => Array::new(),
        }
    }

    /// Ends the session once running work is done; later calls fail.
    pub fn close(&self) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            inner.lock().await.take();
            Ok(JsValue::UNDEFINED)
        })
    }
}
