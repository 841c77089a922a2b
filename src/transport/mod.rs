//! Transports that carry Bolt bytes: WebSocket (browsers, and Node with a global `WebSocket`).

pub mod websocket;
