//! One port for raw Bolt and Bolt over WebSocket: the first bytes of a connection decide.
//!
//! `60 60 B0 17` is Bolt over TCP; `GET ` is an HTTP request, upgraded to a WebSocket whose
//! binary frames then carry the Bolt bytes; anything else is closed.

use std::io;
use std::time::Duration;

use base64::Engine;
use neo4j_wasm::bolt::handshake::MAGIC;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The GUID RFC 6455 appends to the client's key to compute `Sec-WebSocket-Accept`.
const WEBSOCKET_GUID: &str = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
/// Largest HTTP upgrade request accepted.
const MAX_REQUEST: usize = 16 * 1024;
/// Largest WebSocket frame payload accepted.
const MAX_FRAME: u64 = 64 * 1024 * 1024;
/// How long a closing connection is drained for the peer's own close.
const LINGER: Duration = Duration::from_secs(2);

const OP_CONTINUATION: u8 = 0x0;
const OP_TEXT: u8 = 0x1;
const OP_BINARY: u8 = 0x2;
const OP_CLOSE: u8 = 0x8;
const OP_PING: u8 = 0x9;
const OP_PONG: u8 = 0xA;

/// How a new connection turned out.
pub enum Opened {
    /// A Bolt client (over TCP or WebSocket); its first bytes (the magic) are still to be read.
    Bolt(Conn),
    /// Closed before it sent anything, or a WebSocket before the Bolt magic (a port probe,
    /// say); what it did, for a note.
    Silent(&'static str),
    /// Not Bolt: closed, and why.
    Rejected(String),
}

/// Bytes received from the client: the payload of a WebSocket frame, or what one read gave.
pub struct Conn {
    stream: TcpStream,
    /// Bytes already read that the caller has not received yet.
    pending: Vec<u8>,
    /// WebSocket state; `None` for raw Bolt.
    ws: Option<WebSocket>,
}

struct WebSocket {
    /// Raw bytes not yet parsed into frames.
    buf: Vec<u8>,
    /// A close frame was sent.
    close_sent: bool,
}

/// Sniffs a new connection; upgrades it if it is a WebSocket; checks that it starts with Bolt.
pub async fn accept(mut stream: TcpStream) -> Opened {
    // Each script line goes out when its turn comes, not when Nagle's algorithm lets it.
    let _ = stream.set_nodelay(true);
    let mut first = Vec::new();
    while first.len() < 4 {
        let mut byte = [0u8; 64];
        let want = 4 - first.len();
        match stream.read(&mut byte[..want]).await {
            Ok(0) | Err(_) if first.is_empty() => {
                return Opened::Silent("a connection closed before it sent anything")
            }
            Ok(0) | Err(_) => {
                return Opened::Rejected(format!("it sent only {} and closed", hex(&first)))
            }
            Ok(n) => first.extend_from_slice(&byte[..n]),
        }
    }
    if first == MAGIC {
        return Opened::Bolt(Conn {
            stream,
            pending: first,
            ws: None,
        });
    }
    if first != b"GET " {
        let _ = stream.shutdown().await;
        return Opened::Rejected(format!(
            "its first bytes {} are neither the Bolt magic (60 60 B0 17) nor an HTTP GET",
            hex(&first)
        ));
    }
    let leftover = match upgrade(&mut stream, first).await {
        Ok(leftover) => leftover,
        Err(why) => return Opened::Rejected(why),
    };
    let mut conn = Conn {
        stream,
        pending: Vec::new(),
        ws: Some(WebSocket {
            buf: leftover,
            close_sent: false,
        }),
    };
    // The Bolt magic must be the first thing inside the WebSocket.
    let mut start = Vec::new();
    while start.len() < 4 {
        match conn.recv().await {
            Ok(Some(bytes)) => start.extend_from_slice(&bytes),
            Ok(None) | Err(_) if start.is_empty() => {
                conn.close().await;
                return Opened::Silent("a WebSocket closed before it sent the Bolt magic");
            }
            Ok(None) | Err(_) => {
                conn.close().await;
                return Opened::Rejected(format!(
                    "over WebSocket it sent only {} and closed",
                    hex(&start)
                ));
            }
        }
    }
    if start[..4] != MAGIC {
        conn.close().await;
        return Opened::Rejected(format!(
            "over WebSocket its first bytes {} are not the Bolt magic (60 60 B0 17)",
            hex(&start[..4])
        ));
    }
    conn.pending = start;
    Opened::Bolt(conn)
}

/// Reads the rest of the HTTP request and answers the WebSocket upgrade; returns the bytes
/// read after the request (the start of the first frames).
async fn upgrade(stream: &mut TcpStream, mut request: Vec<u8>) -> Result<Vec<u8>, String> {
    let end = loop {
        if let Some(at) = request.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        if request.len() > MAX_REQUEST {
            return Err(format!("its HTTP request is over {MAX_REQUEST} bytes"));
        }
        let mut buf = [0u8; 4096];
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return Err("it closed in the middle of an HTTP request".into()),
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    };
    let head = String::from_utf8_lossy(&request[..end]).into_owned();
    let header = |name: &str| {
        head.lines().skip(1).find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.trim()
                .eq_ignore_ascii_case(name)
                .then(|| value.trim().to_owned())
        })
    };
    let Some(key) = header("Sec-WebSocket-Key") else {
        let _ = stream
            .write_all(
                b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            )
            .await;
        let _ = stream.shutdown().await;
        let first_line = head.lines().next().unwrap_or_default();
        return Err(format!(
            "its HTTP request {first_line:?} is not a WebSocket upgrade (answered 400)"
        ));
    };
    let accept = base64::engine::general_purpose::STANDARD.encode(
        sha1_smol::Sha1::from(format!("{key}{WEBSOCKET_GUID}"))
            .digest()
            .bytes(),
    );
    let mut response = format!(
        "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
         Sec-WebSocket-Accept: {accept}\r\n"
    );
    // Browsers fail the upgrade if they asked for subprotocols and get none back.
    if let Some(protocol) = header("Sec-WebSocket-Protocol")
        .and_then(|p| p.split(',').next().map(|p| p.trim().to_owned()))
    {
        response.push_str(&format!("Sec-WebSocket-Protocol: {protocol}\r\n"));
    }
    response.push_str("\r\n");
    stream
        .write_all(response.as_bytes())
        .await
        .map_err(|e| format!("writing the WebSocket upgrade failed: {e}"))?;
    Ok(request.split_off(end))
}

/// Hex bytes for reports: `47 45 54`.
pub fn hex(bytes: &[u8]) -> String {
    let parts: Vec<String> = bytes.iter().map(|b| format!("{b:02X}")).collect();
    parts.join(" ")
}

/// A WebSocket frame from the server: final, unmasked.
fn frame(opcode: u8, payload: &[u8]) -> Vec<u8> {
    let mut out = vec![0x80 | opcode];
    match payload.len() {
        n @ 0..=125 => out.push(n as u8),
        n @ 126..=0xFFFF => {
            out.push(126);
            out.extend_from_slice(&(n as u16).to_be_bytes());
        }
        n => {
            out.push(127);
            out.extend_from_slice(&(n as u64).to_be_bytes());
        }
    }
    out.extend_from_slice(payload);
    out
}

/// Takes one complete frame (opcode, unmasked payload) off the front of `buf`, if there is one.
fn take_frame(buf: &mut Vec<u8>) -> io::Result<Option<(u8, Vec<u8>)>> {
    let (Some(&b0), Some(&b1)) = (buf.first(), buf.get(1)) else {
        return Ok(None);
    };
    let masked = b1 & 0x80 != 0;
    let (len, mut at) = match b1 & 0x7F {
        126 => match buf.get(2..4) {
            Some(b) => (u64::from(u16::from_be_bytes([b[0], b[1]])), 4),
            None => return Ok(None),
        },
        127 => match buf.get(2..10).and_then(|b| <[u8; 8]>::try_from(b).ok()) {
            Some(b) => (u64::from_be_bytes(b), 10),
            None => return Ok(None),
        },
        n => (u64::from(n), 2),
    };
    if len > MAX_FRAME {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a WebSocket frame of {len} bytes (limit {MAX_FRAME})"),
        ));
    }
    let mask = if masked {
        let Some(key) = buf
            .get(at..at + 4)
            .and_then(|k| <[u8; 4]>::try_from(k).ok())
        else {
            return Ok(None);
        };
        at += 4;
        Some(key)
    } else {
        None
    };
    let end = at + len as usize; // len <= MAX_FRAME, so this fits
    if buf.len() < end {
        return Ok(None);
    }
    let mut payload = buf[at..end].to_vec();
    buf.drain(..end);
    if let Some(key) = mask {
        for (i, byte) in payload.iter_mut().enumerate() {
            *byte ^= key[i % 4];
        }
    }
    Ok(Some((b0 & 0x0F, payload)))
}

impl Conn {
    /// The next bytes from the client; `None` once it closed (a WebSocket close, or EOF).
    pub async fn recv(&mut self) -> io::Result<Option<Vec<u8>>> {
        if !self.pending.is_empty() {
            return Ok(Some(std::mem::take(&mut self.pending)));
        }
        let Some(ws) = &mut self.ws else {
            let mut buf = vec![0u8; 16 * 1024];
            let n = self.stream.read(&mut buf).await?;
            buf.truncate(n);
            return Ok((n > 0).then_some(buf));
        };
        loop {
            while let Some((opcode, payload)) = take_frame(&mut ws.buf)? {
                match opcode {
                    OP_CONTINUATION | OP_TEXT | OP_BINARY if !payload.is_empty() => {
                        return Ok(Some(payload))
                    }
                    OP_CONTINUATION | OP_TEXT | OP_BINARY | OP_PONG => {}
                    OP_PING => self.stream.write_all(&frame(OP_PONG, &payload)).await?,
                    OP_CLOSE => {
                        if !ws.close_sent {
                            ws.close_sent = true;
                            let code = payload.get(..2).unwrap_or_default();
                            self.stream.write_all(&frame(OP_CLOSE, code)).await?;
                        }
                        return Ok(None);
                    }
                    other => {
                        return Err(io::Error::new(
                            io::ErrorKind::InvalidData,
                            format!("a WebSocket frame with the unknown opcode {other:#x}"),
                        ))
                    }
                }
            }
            let mut buf = [0u8; 16 * 1024];
            let n = self.stream.read(&mut buf).await?;
            if n == 0 {
                return Ok(None);
            }
            ws.buf.extend_from_slice(&buf[..n]);
        }
    }

    /// Sends bytes: as they are over TCP, as one binary frame over WebSocket.
    pub async fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        match &self.ws {
            Some(_) => self.stream.write_all(&frame(OP_BINARY, bytes)).await,
            None => self.stream.write_all(bytes).await,
        }
    }

    /// Closes the connection (a WebSocket close frame first), then reads until the client
    /// closes too or [`LINGER`] passes, so that nothing sent is lost to a reset.
    pub async fn close(mut self) {
        if let Some(ws) = &mut self.ws {
            if !ws.close_sent {
                ws.close_sent = true;
                let _ = self
                    .stream
                    .write_all(&frame(OP_CLOSE, &1000u16.to_be_bytes()))
                    .await;
            }
        }
        let _ = self.stream.shutdown().await;
        let _ = tokio::time::timeout(LINGER, async {
            let mut buf = [0u8; 4096];
            while let Ok(n) = self.stream.read(&mut buf).await {
                if n == 0 {
                    break;
                }
            }
        })
        .await;
    }
}
