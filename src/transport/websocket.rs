//! Bolt over a WebSocket made with a given constructor (the browser's, Node 22's, npm `ws`'s):
//! binary frames, writes allowed once open, and listeners removed when the transport is dropped.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::{mpsc, oneshot};
use js_sys::{Array, ArrayBuffer, Function, Uint8Array};
use wasm_bindgen::prelude::*;
use web_sys::{BinaryType, CloseEvent, MessageEvent, WebSocket};

use super::{js_error_message, Opening};
use crate::runtime::{Transport, TransportEvent};
use crate::Error;

/// An open WebSocket carrying Bolt; owns its event listeners.
pub struct WebSocketTransport {
    socket: WebSocket,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_close: Closure<dyn FnMut(CloseEvent)>,
    _on_error: Closure<dyn FnMut(JsValue)>,
}

impl Transport for WebSocketTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        // A copy: some WebSocket implementations keep the view while the frame is queued.
        let copy = Uint8Array::from(bytes);
        self.socket.send_with_js_u8_array(&copy).map_err(|e| {
            e.as_string()
                .unwrap_or_else(|| "the WebSocket refused the write".into())
        })
    }

    fn close(&mut self) {
        let _ = self.socket.close();
    }
}

impl Drop for WebSocketTransport {
    fn drop(&mut self) {
        self.socket.set_onmessage(None);
        self.socket.set_onclose(None);
        self.socket.set_onerror(None);
        self.socket.set_onopen(None);
        let _ = self.socket.close();
    }
}

/// Opens a WebSocket to `url` with `constructor` and waits until it is open or has failed (the
/// caller bounds the wait: dropping the future closes the socket).
pub async fn connect(
    constructor: &Function,
    url: &str,
) -> Result<(WebSocketTransport, mpsc::UnboundedReceiver<TransportEvent>), Error> {
    let unavailable = |why: &str| {
        Error::ServiceUnavailable(format!(
            "could not open a WebSocket to {url}: {why}. Check that the server is running, that the \
             port is its Bolt port (usually 7687; 7474 is HTTP) and reachable from here, and that the \
             scheme fits the server's TLS setting (a page served over https needs bolt+s/neo4j+s)"
        ).into())
    };
    let socket: WebSocket = js_sys::Reflect::construct(constructor, &Array::of1(&url.into()))
        .map_err(|e| unavailable(&js_error_message(&e)))?
        .unchecked_into();
    socket.set_binary_type(BinaryType::Arraybuffer);

    let (events_tx, events_rx) = mpsc::unbounded();
    let (open_tx, open_rx) = oneshot::channel::<Opening>();
    let open_tx = Rc::new(RefCell::new(Some(open_tx)));

    let on_open = {
        let open_tx = open_tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = open_tx.borrow_mut().take() {
                let _ = tx.send(Ok(()));
            }
        })
    };
    let on_message = {
        let tx = events_tx.clone();
        Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            if let Ok(buffer) = event.data().dyn_into::<ArrayBuffer>() {
                let _ = tx.unbounded_send(TransportEvent::Data(Uint8Array::new(&buffer).to_vec()));
            }
        })
    };
    let on_close = {
        let tx = events_tx.clone();
        let open_tx = open_tx.clone();
        Closure::<dyn FnMut(CloseEvent)>::new(move |event: CloseEvent| {
            let why = format!(
                "WebSocket closed (code {}{}{})",
                event.code(),
                if event.reason().is_empty() { "" } else { ": " },
                event.reason()
            );
            if let Some(open) = open_tx.borrow_mut().take() {
                let _ = open.send(Err((why.clone(), false)));
            }
            let _ = tx.unbounded_send(TransportEvent::Closed(why));
        })
    };
    let on_error = {
        let open_tx = open_tx.clone();
        Closure::<dyn FnMut(JsValue)>::new(move |_event: JsValue| {
            if let Some(open) = open_tx.borrow_mut().take() {
                let _ = open.send(Err(("the connection failed".into(), false)));
            }
        })
    };
    socket.set_onopen(Some(on_open.as_ref().unchecked_ref()));
    socket.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    socket.set_onclose(Some(on_close.as_ref().unchecked_ref()));
    socket.set_onerror(Some(on_error.as_ref().unchecked_ref()));

    let transport = WebSocketTransport {
        socket,
        _on_message: on_message,
        _on_close: on_close,
        _on_error: on_error,
    };
    let opened = open_rx.await;
    transport.socket.set_onopen(None);
    drop(on_open);
    match opened {
        Ok(Ok(())) => Ok((transport, events_rx)),
        Ok(Err((why, _))) => Err(unavailable(&why)),
        Err(_) => Err(unavailable("the connection attempt was abandoned")),
    }
}
