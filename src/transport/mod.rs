//! The driver's runtime in a JS host: WebSocket transports (browsers, and Node with a global
//! `WebSocket`), `Date.now()`, `setTimeout` and the microtask queue.

use std::time::Duration;

use crate::runtime::{Clock, LocalFuture, Opened, Runtime};
use crate::Error;

pub mod websocket;

/// The JS host as a [`Runtime`].
pub struct JsRuntime;

impl Clock for JsRuntime {
    fn now(&self) -> Duration {
        Duration::from_secs_f64(js_sys::Date::now() / 1000.0)
    }
}

impl Runtime for JsRuntime {
    fn sleep(&self, duration: Duration) -> LocalFuture<'static, ()> {
        let ms = u32::try_from(duration.as_millis()).unwrap_or(u32::MAX);
        Box::pin(gloo_timers::future::TimeoutFuture::new(ms))
    }

    fn spawn(&self, task: LocalFuture<'static, ()>) {
        wasm_bindgen_futures::spawn_local(task);
    }

    fn connect(
        &self,
        address: &str,
        encrypted: bool,
    ) -> LocalFuture<'static, Result<Opened, Error>> {
        // Pages served over https may only open wss:// sockets.
        let scheme = if encrypted || page_is_https() {
            "wss"
        } else {
            "ws"
        };
        let url = format!("{scheme}://{address}");
        Box::pin(async move {
            let (transport, events) = websocket::connect(&url).await?;
            Ok((
                Box::new(transport) as Box<dyn crate::runtime::Transport>,
                events,
            ))
        })
    }
}

/// Whether the code runs in a page served over https (`location.protocol`).
fn page_is_https() -> bool {
    let global = js_sys::global();
    js_sys::Reflect::get(&global, &"location".into())
        .ok()
        .filter(|l| l.is_object())
        .and_then(|l| js_sys::Reflect::get(&l, &"protocol".into()).ok())
        .and_then(|p| p.as_string())
        .is_some_and(|p| p == "https:")
}
