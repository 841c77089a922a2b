//! Adapters through which the core calls back into the application's JS objects: the auth
//! token manager, the bookmark manager, the resolver and the logger. Each wraps a JS object or
//! function (already checked by `config.rs`, which reads it from the config) in the core's
//! trait or closure type. A change in how the driver calls these objects, or in what it makes
//! of their answers, belongs here.

use std::rc::Rc;

use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::config::{auth_from_js, get};
use super::values::{strings, strings_from_js, strings_to_js, Hydrator, IntegerMode};
use crate::bolt::AuthToken;
use crate::driver;
use crate::routing::{host_and_port, DEFAULT_PORT};
use crate::runtime::LocalFuture;
use crate::Error;

/// neo4j-driver's `AuthTokenManager` interface, implemented in JS: `getToken()` returns a
/// token or a promise of one; `handleSecurityException(token, code)` returns whether it
/// handled the server's security error (then the work is retried).
pub(super) struct JsAuthManager {
    manager: JsValue,
}

impl JsAuthManager {
    /// The adapter of `manager`, an object with a `getToken()` method.
    pub(super) fn new(manager: JsValue) -> Self {
        JsAuthManager { manager }
    }
}

impl driver::AuthManager for JsAuthManager {
    fn token(&self) -> LocalFuture<'static, Result<AuthToken, Error>> {
        let manager = self.manager.clone();
        Box::pin(async move {
            let failed = |e: JsValue| {
                let why = e
                    .dyn_ref::<js_sys::Error>()
                    .and_then(|e| e.message().as_string())
                    .or_else(|| e.as_string())
                    .unwrap_or_default();
                Error::Usage(format!("the auth token manager's getToken() failed: {why}").into())
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
        let Some(token) = Hydrator::new(IntegerMode::Number)
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

/// A bookmark manager object from JS (`getBookmarks()` and `updateBookmarks(previous, new)`,
/// each returning a value or a promise).
pub(super) struct JsBookmarkManager {
    object: JsValue,
    get_bookmarks: js_sys::Function,
    update_bookmarks: js_sys::Function,
}

impl JsBookmarkManager {
    /// The adapter of `object`, whose two methods lib/config.js has checked.
    pub(super) fn new(object: JsValue) -> Self {
        let method = |name: &str| get(&object, name).unwrap_or_default().unchecked_into();
        JsBookmarkManager {
            get_bookmarks: method("getBookmarks"),
            update_bookmarks: method("updateBookmarks"),
            object,
        }
    }
}

impl driver::BookmarkManager for JsBookmarkManager {
    fn get_bookmarks(&self) -> LocalFuture<'static, Result<Vec<String>, Error>> {
        let called = self.get_bookmarks.call0(&self.object);
        Box::pin(async move {
            let value = settle(called, "the bookmark manager's getBookmarks()").await?;
            strings_from_js(&value, "the bookmarks getBookmarks() gives")
        })
    }

    fn update_bookmarks(
        &self,
        previous: Vec<String>,
        new: Vec<String>,
    ) -> LocalFuture<'static, Result<(), Error>> {
        let called = self.update_bookmarks.call2(
            &self.object,
            &strings_to_js(previous),
            &strings_to_js(new),
        );
        Box::pin(async move {
            settle(called, "the bookmark manager's updateBookmarks()")
                .await
                .map(|_| ())
        })
    }
}

/// The resolver of the `resolver` config function, `address => addresses` or a promise of
/// them; addresses without a port get the default one.
pub(super) fn resolver(function: js_sys::Function) -> driver::Resolver {
    Rc::new(move |address: &str| {
        let called = function.call1(&JsValue::NULL, &address.into());
        Box::pin(async move {
            let value = settle(called, "the resolver").await?;
            let mut addresses = Array::is_array(&value)
                .then(|| strings(&value))
                .flatten()
                .ok_or_else(|| {
                    Error::Usage("the resolver must give an array of addresses".into())
                })?;
            for address in &mut addresses {
                if host_and_port(address).is_none() {
                    *address = format!("{address}:{DEFAULT_PORT}");
                }
            }
            Ok(addresses)
        })
    })
}

/// The log sink of the `logging` config's `logger(level, message)` function.
pub(super) fn log_sink(function: js_sys::Function) -> driver::LogSink {
    Rc::new(move |level: driver::Level, message: &str| {
        // A throwing logger must not break the driver.
        let _ = function.call2(&JsValue::NULL, &level.name().into(), &message.into());
    })
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
        Error::Usage(format!("{what} failed: {message}").into())
    })
}
