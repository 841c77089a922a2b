//! The driver's runtime in a JS host: Bolt over `node:net`/`node:tls` sockets in Node and over
//! WebSockets in browsers (or wherever a WebSocket constructor is given), `Date.now()`,
//! `setTimeout` and the microtask queue. Builds without the `node-sockets` feature (the module
//! for browsers) have the WebSocket transport only.

use std::time::Duration;

use js_sys::Function;
use wasm_bindgen::{JsCast, JsValue};

use crate::runtime::{Clock, LocalFuture, Opened, Runtime, Security, TlsTrust, Transport};
use crate::Error;

#[cfg(feature = "node-sockets")]
pub mod node_socket;
pub mod websocket;

/// The JS host as a [`Runtime`].
#[derive(Clone, Default)]
pub struct JsRuntime {
    /// The WebSocket constructor to connect with (config `webSocket`); without one, Node's
    /// sockets in Node and the global `WebSocket` elsewhere.
    pub web_socket: Option<Function>,
    /// Where TLS connections in Node get the client certificate they present (config
    /// `clientCertificate`, made a function by lib/client-certificate.js): asked while each
    /// connection opens, so that its time counts toward opening it.
    pub client_certificate: Option<Function>,
}

/// How opening a socket ends, as its callbacks report it: opened, or why not and whether the
/// server's certificate was refused (which only Node's TLS sockets tell). One type for both
/// transports, so that the channel code exists once.
type Opening = Result<(), (String, bool)>;

/// Whether this build has the Node transport and this runtime has Node's sockets.
fn node_sockets() -> bool {
    #[cfg(feature = "node-sockets")]
    return node_socket::available();
    #[cfg(not(feature = "node-sockets"))]
    false
}

/// What to say when a runtime has no way to a server.
#[cfg(feature = "node-sockets")]
const NO_TRANSPORT: &str = "this JavaScript runtime has neither Node's sockets (node:net through \
     process.getBuiltinModule, Node 20.16+) nor a global WebSocket: pass a WebSocket constructor in \
     the driver config, for example { webSocket: require('ws') }";
#[cfg(not(feature = "node-sockets"))]
const NO_TRANSPORT: &str =
    "this JavaScript runtime has no global WebSocket, and this build of the \
     driver (the one for browsers) has no TCP: pass a WebSocket constructor in the driver config, \
     for example { webSocket: require('ws') }, or, in Node, import the package's Node entry, which \
     connects over TCP";

/// How a [`JsRuntime`] reaches servers.
enum Via {
    #[cfg(feature = "node-sockets")]
    NodeSocket,
    WebSocket(Function),
}

impl JsRuntime {
    fn via(&self) -> Result<Via, Error> {
        if let Some(constructor) = &self.web_socket {
            return Ok(Via::WebSocket(constructor.clone()));
        }
        #[cfg(feature = "node-sockets")]
        if node_socket::available() {
            return Ok(Via::NodeSocket);
        }
        js_sys::Reflect::get(&js_sys::global(), &"WebSocket".into())
            .ok()
            .and_then(|w| w.dyn_into::<Function>().ok())
            .map(Via::WebSocket)
            .ok_or_else(|| Error::Usage(NO_TRANSPORT.into()))
    }

    /// Fails if this runtime cannot connect at all, or cannot secure connections as `security`
    /// says: a WebSocket (so always in a browser) trusts only its own CA store, and presents
    /// only the client certificates the browser picks.
    pub fn check(&self, security: &Security) -> Result<(), Error> {
        #[cfg(feature = "node-sockets")]
        if let Via::NodeSocket = self.via()? {
            return Ok(());
        }
        #[cfg(not(feature = "node-sockets"))]
        self.via()?;
        if self.client_certificate.is_some() {
            return Err(client_certificate_refused());
        }
        let wanted = match security {
            Security::Tls(TlsTrust::AnyCertificate) => {
                "accepting any certificate (bolt+ssc://, neo4j+ssc:// or trust: 'TRUST_ALL_CERTIFICATES')"
            }
            Security::Tls(TlsTrust::CustomCas(_)) => {
                "trusting the CAs in trustedCertificates (trust: 'TRUST_CUSTOM_CA_SIGNED_CERTIFICATES')"
            }
            Security::Plain | Security::Tls(TlsTrust::SystemCas) => return Ok(()),
        };
        let message = if node_sockets() {
            format!(
                "{wanted} is not possible over a WebSocket (config webSocket), which trusts only its \
                 own CA store; leave webSocket out to connect over TCP, where trust and \
                 trustedCertificates work"
            )
        } else {
            format!(
                "{wanted} is not possible in a browser: a browser trusts only the certificates of its \
                 own CA store, and a page cannot change that. Give the server a certificate the \
                 browser trusts (from a public CA), or import its CA (or its self-signed \
                 certificate) into the operating system's or the browser's trust store; then \
                 connect with bolt+s:// or neo4j+s://"
            )
        };
        Err(Error::InvalidArgument(message.into()))
    }
}

/// Why config `clientCertificate` cannot be used over a WebSocket, and what to do instead.
fn client_certificate_refused() -> Error {
    let message = if node_sockets() {
        "config clientCertificate is not possible over a WebSocket (config webSocket): a \
         WebSocket takes no client certificate from the driver (in a browser, the browser picks \
         one from its certificate store). Leave webSocket out to connect over TCP, where \
         clientCertificate works"
    } else {
        "config clientCertificate is not possible in a browser: the browser itself picks the \
         client certificate of a WebSocket's TLS connection, from the operating system's or its \
         own certificate store, when the server asks for one; a page cannot hand one over. Leave \
         clientCertificate out, and install the certificate with its key in the operating \
         system's or the browser's certificate store"
    };
    Error::InvalidArgument(message.into())
}

impl Clock for JsRuntime {
    fn now(&self) -> Duration {
        // `Date.now()` counts whole milliseconds.
        Duration::from_millis(js_sys::Date::now() as u64)
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
        security: &Security,
    ) -> LocalFuture<'static, Result<Opened, Error>> {
        let via = self.via();
        let address = address.to_string();
        let security = security.clone();
        #[cfg(feature = "node-sockets")]
        let client_certificate = self.client_certificate.clone();
        Box::pin(async move {
            match via? {
                #[cfg(feature = "node-sockets")]
                Via::NodeSocket => {
                    let (transport, events) =
                        node_socket::connect(&address, &security, client_certificate.as_ref())
                            .await?;
                    Ok((Box::new(transport) as Box<dyn Transport>, events))
                }
                Via::WebSocket(constructor) => {
                    // Pages served over https may only open wss:// sockets.
                    let tls = security != Security::Plain;
                    let scheme = if tls || page_is_https() { "wss" } else { "ws" };
                    let url = format!("{scheme}://{address}");
                    let (transport, events) = websocket::connect(&constructor, &url).await?;
                    Ok((Box::new(transport) as Box<dyn Transport>, events))
                }
            }
        })
    }
}

/// The `message` of a thrown JS value, or the value as text.
fn js_error_message(error: &JsValue) -> String {
    js_sys::Reflect::get(error, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| error.as_string())
        .unwrap_or_else(|| "unknown error".into())
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
