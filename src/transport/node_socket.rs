//! Bolt over TCP or TLS in Node: `node:net` and `node:tls` sockets through `node_socket.js`,
//! Nagle's algorithm off; what arrives is handed over as `Uint8Array`s and copied once.

use std::cell::RefCell;
use std::rc::Rc;

use futures::channel::{mpsc, oneshot};
use js_sys::{Array, Function, Promise, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use super::{js_error_message, Opening};
use crate::routing::host_and_port;
use crate::runtime::{Security, TlsTrust, Transport, TransportEvent};
use crate::Error;

#[wasm_bindgen(module = "/src/transport/node_socket.js")]
extern "C" {
    /// Whether this runtime has Node's `node:net` and `node:tls` (through
    /// `process.getBuiltinModule`).
    #[wasm_bindgen(js_name = nodeSocketsAvailable)]
    pub fn available() -> bool;

    #[wasm_bindgen(js_name = readTextFiles, catch)]
    fn read_text_files(paths: &Array) -> Result<Array, JsValue>;

    #[wasm_bindgen(js_name = clientCertificateOptions, catch)]
    fn client_certificate_options(certificate: &JsValue) -> Result<JsValue, JsValue>;

    type NodeSocket;

    #[wasm_bindgen(constructor, catch)]
    fn new(
        host: &str,
        port: u16,
        tls: bool,
        verify: bool,
        ca: &Array,
        identity: &JsValue,
        on_connect: &Closure<dyn FnMut()>,
        on_data: &Closure<dyn FnMut(Uint8Array)>,
        on_close: &Closure<dyn FnMut(String, bool)>,
    ) -> Result<NodeSocket, JsValue>;

    #[wasm_bindgen(method)]
    fn write(this: &NodeSocket, bytes: &[u8]) -> bool;

    #[wasm_bindgen(method)]
    fn end(this: &NodeSocket);

    #[wasm_bindgen(method)]
    fn release(this: &NodeSocket);
}

/// An open Node socket carrying Bolt; owns its callbacks.
pub struct NodeSocketTransport {
    socket: NodeSocket,
    _on_data: Closure<dyn FnMut(Uint8Array)>,
    _on_close: Closure<dyn FnMut(String, bool)>,
}

impl Transport for NodeSocketTransport {
    fn send(&mut self, bytes: &[u8]) -> Result<(), String> {
        if self.socket.write(bytes) {
            Ok(())
        } else {
            Err("the socket is closed".into())
        }
    }

    fn close(&mut self) {
        self.socket.end();
    }
}

impl Drop for NodeSocketTransport {
    fn drop(&mut self) {
        self.socket.release();
    }
}

/// The TLS options presenting the certificate that `source` (from lib/client-certificate.js)
/// gives for a new connection, its files read now. Errors name the files, never their contents
/// or the key's password.
async fn client_identity(source: &Function) -> Result<JsValue, Error> {
    let provider_failed = |e: JsValue| {
        let why = js_error_message(&e);
        Error::InvalidArgument(format!("the client certificate provider failed: {why}").into())
    };
    let certificate = source.call0(&JsValue::NULL).map_err(provider_failed)?;
    let certificate = JsFuture::from(Promise::resolve(&certificate))
        .await
        .map_err(provider_failed)?;
    client_certificate_options(&certificate)
        .map_err(|e| Error::InvalidArgument(js_error_message(&e).into()))
}

/// Connects to `address` (`host:port`, IPv6 hosts in brackets) as `security` says, over TLS
/// presenting the certificate of `client_certificate` if given, and waits until the socket is
/// open (after the TLS handshake) or has failed; dropping the future closes the socket.
pub async fn connect(
    address: &str,
    security: &Security,
    client_certificate: Option<&Function>,
) -> Result<(NodeSocketTransport, mpsc::UnboundedReceiver<TransportEvent>), Error> {
    let (host, port) = host_and_port(address)
        .ok_or_else(|| Error::InvalidArgument(format!("'{address}' is not host:port").into()))?;
    let host = host
        .strip_prefix('[')
        .and_then(|h| h.strip_suffix(']'))
        .unwrap_or(host);
    let (tls, verify, ca) = match security {
        Security::Plain => (false, false, Array::new()),
        Security::Tls(TlsTrust::SystemCas) => (true, true, Array::new()),
        Security::Tls(TlsTrust::AnyCertificate) => (true, false, Array::new()),
        Security::Tls(TlsTrust::CustomCas(paths)) => {
            let paths: Array = paths.iter().map(|p| JsValue::from_str(p)).collect();
            let ca = read_text_files(&paths).map_err(|e| {
                Error::InvalidArgument(
                    format!(
                        "cannot read the trustedCertificates: {}",
                        js_error_message(&e)
                    )
                    .into(),
                )
            })?;
            (true, true, ca)
        }
    };
    let identity = match client_certificate {
        Some(source) if tls => client_identity(source).await?,
        _ => JsValue::UNDEFINED,
    };
    let unavailable = |why: &str| {
        Error::ServiceUnavailable(
            format!(
            "could not connect to {address} over {}: {why}. Check that the server is running and \
             that the port is its Bolt port (usually 7687) and reachable from here{}",
            if tls { "TLS" } else { "TCP" },
            if tls { ", with TLS enabled" } else { "" }
        )
            .into(),
        )
    };
    let untrusted = |why: &str| {
        Error::ServiceUnavailable(
            format!(
            "could not connect to {address} over TLS: the server's certificate is not trusted: \
             {why}. The certificate must be issued for the host in the URI and signed by a CA the \
             driver trusts: the system's, or with trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES', \
             those in trustedCertificates; bolt+ssc:// accepts any certificate (encryption without \
             checking the server's identity)"
        )
            .into(),
        )
    };

    let (events_tx, events_rx) = mpsc::unbounded();
    let (open_tx, open_rx) = oneshot::channel::<Opening>();
    let open_tx = Rc::new(RefCell::new(Some(open_tx)));
    let on_connect = {
        let open_tx = open_tx.clone();
        Closure::<dyn FnMut()>::new(move || {
            if let Some(tx) = open_tx.borrow_mut().take() {
                let _ = tx.send(Ok(()));
            }
        })
    };
    let on_data = {
        let tx = events_tx.clone();
        Closure::<dyn FnMut(Uint8Array)>::new(move |bytes: Uint8Array| {
            let _ = tx.unbounded_send(TransportEvent::Data(bytes.to_vec()));
        })
    };
    let on_close = Closure::<dyn FnMut(String, bool)>::new(move |why: String, refused: bool| {
        match open_tx.borrow_mut().take() {
            Some(open) => {
                let _ = open.send(Err((why, refused)));
            }
            None => {
                let _ = events_tx.unbounded_send(TransportEvent::Closed(why));
            }
        }
    });
    let socket = NodeSocket::new(
        host,
        port,
        tls,
        verify,
        &ca,
        &identity,
        &on_connect,
        &on_data,
        &on_close,
    )
    .map_err(|e| unavailable(&js_error_message(&e)))?;
    // Declared after `on_connect`, so dropped (and released) before it on every path.
    let transport = NodeSocketTransport {
        socket,
        _on_data: on_data,
        _on_close: on_close,
    };
    match open_rx.await {
        Ok(Ok(())) => Ok((transport, events_rx)),
        Ok(Err((why, true))) => Err(untrusted(&why)),
        Ok(Err((why, false))) => Err(unavailable(&why)),
        Err(_) => Err(unavailable("the connection attempt was abandoned")),
    }
}
