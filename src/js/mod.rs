//! The wasm-bindgen facade: the only module that talks to JavaScript. It turns JS arguments
//! into core values, runs the driver's futures as promises, and core results into JS values.

mod values;

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use crate::bolt::message::decode_record;
use crate::bolt::{AuthToken, Hello, TxConfig};
use crate::driver::{self, BoltConnection};
use crate::routing::ConnectionUri;
use crate::transport::{websocket, JsClock};
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

fn config_u32(config: &JsValue, key: &str, default: u32) -> Result<u32, Error> {
    match get(config, key) {
        None => Ok(default),
        Some(v) => v
            .as_f64()
            .filter(|n| n.fract() == 0.0 && *n >= 0.0 && *n <= u32::MAX as f64)
            .map(|n| n as u32)
            .ok_or_else(|| {
                Error::InvalidArgument(format!(
                    "config {key} must be a non-negative whole number of milliseconds"
                ))
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

/// Driver settings taken from the JS config object.
#[derive(Clone)]
struct Settings {
    uri: ConnectionUri,
    auth: AuthToken,
    connection_timeout_ms: u32,
    fetch_size: i64,
    user_agent: String,
}

/// A driver for one URI: sessions open connections to it.
#[wasm_bindgen]
pub struct Driver {
    settings: Rc<Settings>,
}

/// Creates a driver (`neo4j.driver(uri, auth, config)`); no connection is opened yet.
#[wasm_bindgen]
pub fn driver(uri: &str, auth: JsValue, config: JsValue) -> Result<Driver, JsValue> {
    let settings = (|| {
        let uri = ConnectionUri::parse(uri)?;
        Ok::<_, Error>(Settings {
            uri,
            auth: auth_from_js(&auth)?,
            connection_timeout_ms: config_u32(&config, "connectionTimeout", 30_000)?,
            fetch_size: i64::from(config_u32(
                &config,
                "fetchSize",
                driver::DEFAULT_FETCH_SIZE as u32,
            )?),
            user_agent: get(&config, "userAgent")
                .and_then(|v| v.as_string())
                .unwrap_or_else(|| format!("neo4j-wasm/{}", env!("CARGO_PKG_VERSION"))),
        })
    })()
    .map_err(to_js_error)?;
    Ok(Driver {
        settings: Rc::new(settings),
    })
}

/// Whether the code runs in a page served over https (`location.protocol`).
fn page_is_https() -> bool {
    get(&js_sys::global(), "location")
        .and_then(|location| get(&location, "protocol"))
        .and_then(|protocol| protocol.as_string())
        .is_some_and(|protocol| protocol == "https:")
}

/// Opens and authenticates one connection with the driver's settings, all within
/// `connectionTimeout`: the WebSocket opening, the Bolt handshake, HELLO and LOGON.
async fn connect(settings: &Settings) -> Result<BoltConnection, Error> {
    // Pages served over https may only open wss:// sockets.
    let scheme = if settings.uri.encryption.is_some() || page_is_https() {
        "wss"
    } else {
        "ws"
    };
    let url = format!("{scheme}://{}", settings.uri.address());
    let opened: RefCell<Option<BoltConnection>> = RefCell::new(None);
    let establish = async {
        let (transport, events) = websocket::connect(&url).await?;
        let (connection, pump) =
            BoltConnection::start(Box::new(transport), events, Rc::new(JsClock));
        wasm_bindgen_futures::spawn_local(pump);
        *opened.borrow_mut() = Some(connection.clone());
        let hello = Hello {
            user_agent: settings.user_agent.clone(),
            bolt_agent: crate::bolt::message::BoltAgent {
                product: format!("neo4j-wasm/{}", env!("CARGO_PKG_VERSION")),
                language: Some("JavaScript".into()),
                ..Default::default()
            },
            auth: settings.auth.clone(),
            ..Hello::default()
        };
        connection.open(hello).await.map(|()| connection)
    };
    let timeout = gloo_timers::future::TimeoutFuture::new(settings.connection_timeout_ms);
    let outcome = match futures::future::select(Box::pin(establish), timeout).await {
        futures::future::Either::Left((outcome, _)) => outcome,
        futures::future::Either::Right(_) => {
            let stage = if opened.borrow().is_some() {
                "the WebSocket opened, but the server did not complete the Bolt handshake and HELLO"
            } else {
                "the WebSocket did not open"
            };
            Err(Error::ServiceUnavailable(format!(
                "could not connect to {url} within {} ms (connectionTimeout): {stage}",
                settings.connection_timeout_ms
            )))
        }
    };
    if outcome.is_err() {
        if let Some(connection) = opened.borrow_mut().take() {
            connection.close();
        }
    }
    outcome
}

#[wasm_bindgen]
impl Driver {
    /// A new session; it connects on its first query.
    pub fn session(&self) -> Session {
        Session {
            settings: self.settings.clone(),
            inner: Rc::new(futures::lock::Mutex::new(None)),
        }
    }

    /// Connects once and resolves with `{ address, agent, protocolVersion }`.
    #[wasm_bindgen(js_name = getServerInfo)]
    pub fn get_server_info(&self) -> Promise {
        let settings = self.settings.clone();
        future_to_promise(async move {
            let connection = connect(&settings).await.map_err(to_js_error)?;
            let info = Object::new();
            let _ = Reflect::set(&info, &"address".into(), &settings.uri.address().into());
            let _ = Reflect::set(
                &info,
                &"agent".into(),
                &connection.server_agent().unwrap_or_default().into(),
            );
            let version = connection
                .version()
                .map(|v| v.to_string())
                .unwrap_or_default();
            let _ = Reflect::set(
                &info,
                &"protocolVersion".into(),
                &version.parse::<f64>().unwrap_or(0.0).into(),
            );
            connection.close();
            Ok(info.into())
        })
    }

    /// Resolves once a connection can be opened and authenticated.
    #[wasm_bindgen(js_name = verifyConnectivity)]
    pub fn verify_connectivity(&self) -> Promise {
        let settings = self.settings.clone();
        future_to_promise(async move {
            connect(&settings).await.map_err(to_js_error)?.close();
            Ok(JsValue::UNDEFINED)
        })
    }
}

/// A session: queries run one after another on one connection.
#[wasm_bindgen]
pub struct Session {
    settings: Rc<Settings>,
    inner: Rc<futures::lock::Mutex<Option<driver::Session>>>,
}

#[wasm_bindgen]
impl Session {
    /// Runs `query` with `parameters` and resolves with `{ keys, records, summary }`: records
    /// are arrays of values in key order, the summary the server's metadata.
    pub fn run(&self, query: String, parameters: JsValue) -> Promise {
        let settings = self.settings.clone();
        let inner = self.inner.clone();
        future_to_promise(async move {
            let parameters = match parameters.dyn_ref::<Object>() {
                Some(object) if !parameters.is_null() && !parameters.is_undefined() => {
                    values::object_to_map(object, "", 0).map_err(to_js_error)?
                }
                _ => Vec::new(),
            };
            let mut guard = inner.lock().await;
            if !matches!(guard.as_ref(), Some(s) if s.connection().is_open()) {
                let connection = connect(&settings).await.map_err(to_js_error)?;
                let bookmarks = guard
                    .as_ref()
                    .map(|s| s.last_bookmarks().to_vec())
                    .unwrap_or_default();
                *guard = Some(driver::Session::new(
                    connection,
                    TxConfig {
                        bookmarks,
                        ..TxConfig::default()
                    },
                    settings.fetch_size,
                ));
            }
            let session = guard
                .as_mut()
                .ok_or_else(|| to_js_error(Error::Usage("the session is closed".into())))?;
            let outcome = session.run(&query, parameters).await.map_err(to_js_error)?;
            let dialect = session.connection().dialect();
            let records = Array::new();
            for body in &outcome.records {
                let fields = decode_record(body, dialect).map_err(|e| {
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

    /// Closes the session's connection once running work is done.
    pub fn close(&self) -> Promise {
        let inner = self.inner.clone();
        future_to_promise(async move {
            if let Some(session) = inner.lock().await.take() {
                session.close();
            }
            Ok(JsValue::UNDEFINED)
        })
    }
}
