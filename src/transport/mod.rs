//! What the driver needs from a JS runtime: transports that carry Bolt bytes (WebSocket in
//! browsers, and in Node with a global `WebSocket`) and the clock.

use std::time::Duration;

use crate::driver::Clock;

pub mod websocket;

/// The JS runtime's wall clock (`Date.now()`).
pub struct JsClock;

impl Clock for JsClock {
    fn now(&self) -> Duration {
        Duration::from_secs_f64(js_sys::Date::now() / 1000.0)
    }
}
