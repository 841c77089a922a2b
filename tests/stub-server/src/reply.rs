//! What the servers that answer by themselves (`--bench`, `--cluster`) share: the handshake
//! for one fixed version, and server messages gathered into one write.

use std::io;

use neo4j_wasm::bolt::chunk::{write_message, Dechunker};
use neo4j_wasm::bolt::handshake::MANIFEST_V1;
use neo4j_wasm::bolt::{Proposal, Version};
use neo4j_wasm::packstream::Encoder;

use crate::transport::Conn;
use crate::values::{decode_message, Wire};

pub use neo4j_wasm::bolt::message::signature::{
    BEGIN, COMMIT, DISCARD, FAILURE, GOODBYE, HELLO, IGNORED, LOGOFF, LOGON, PULL, RECORD, RESET,
    ROLLBACK, ROUTE, RUN, SUCCESS, TELEMETRY,
};

/// Whether a client hello (magic and four slots) offers `version`.
pub fn offers_version(hello: &[u8], version: Version) -> bool {
    hello.chunks_exact(4).skip(1).any(|slot| {
        slot[0] == 0
            && slot != MANIFEST_V1
            && Proposal::range(Version::new(slot[3], slot[2]), slot[1]).contains(version)
    })
}

/// Reads the client's hello and answers `version`; returns the bytes that followed the hello,
/// or `None` when the client closed first or did not offer the version (then told so).
pub async fn handshake(conn: &mut Conn, version: Version) -> io::Result<Option<Vec<u8>>> {
    let mut hello = Vec::new();
    while hello.len() < 20 {
        match conn.recv().await? {
            Some(bytes) => hello.extend_from_slice(&bytes),
            None => return Ok(None),
        }
    }
    if !offers_version(&hello[..20], version) {
        conn.send(&[0, 0, 0, 0]).await?;
        return Ok(None);
    }
    conn.send(&[0, 0, version.minor, version.major]).await?;
    Ok(Some(hello.split_off(20)))
}

/// A string value.
pub fn string(s: &str) -> Wire {
    Wire::String(s.to_owned())
}

/// A list of strings.
pub fn strings(items: &[String]) -> Wire {
    Wire::List(items.iter().map(|s| string(s)).collect())
}

/// A map, its entries in the order given.
pub fn map(entries: Vec<(&str, Wire)>) -> Wire {
    Wire::Map(
        entries
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect(),
    )
}

/// The entry `key` of a map value.
pub fn entry<'a>(value: Option<&'a Wire>, key: &str) -> Option<&'a Wire> {
    match value {
        Some(Wire::Map(entries)) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
        _ => None,
    }
}

/// Server messages waiting to be written.
#[derive(Default)]
pub struct Replies {
    /// Chunked messages (and anything else) not written yet.
    pub out: Vec<u8>,
}

impl Replies {
    /// Appends a message.
    pub fn message(&mut self, signature: u8, fields: Vec<Wire>) {
        let mut body = Vec::new();
        Wire::Struct(signature, fields)
            .encode(&mut Encoder::new(&mut body))
            .expect("server messages are encodable");
        write_message(&mut self.out, &body);
    }

    /// Appends SUCCESS with this metadata.
    pub fn success(&mut self, meta: Vec<(&str, Wire)>) {
        self.message(SUCCESS, vec![map(meta)]);
    }

    /// Appends FAILURE with this code and message, in the form of `version`: from 5.7 on
    /// the code is `neo4j_code`, beside a GQL status (the general one) and its description.
    pub fn failure(&mut self, version: Version, code: &str, why: &str) {
        let meta = if version >= Version::V5_7 {
            vec![
                ("neo4j_code", string(code)),
                ("message", string(why)),
                ("gql_status", string("50N42")),
                (
                    "description",
                    string(&format!(
                        "error: general processing exception - unexpected error. {why}"
                    )),
                ),
            ]
        } else {
            vec![("code", string(code)), ("message", string(why))]
        };
        self.message(FAILURE, vec![map(meta)]);
    }

    /// Writes everything appended so far.
    pub async fn flush(&mut self, conn: &mut Conn) -> io::Result<()> {
        if !self.out.is_empty() {
            conn.send(&self.out).await?;
            self.out.clear();
        }
        Ok(())
    }
}

/// A connection of a server that answers each client message by itself.
pub trait Answerer {
    /// Answers one client message (GOODBYE included: the last one).
    async fn answer(&mut self, signature: u8, fields: &[Wire]) -> io::Result<()>;
    /// The connection, and the answers not written to it yet.
    fn parts(&mut self) -> (&mut Conn, &mut Replies);
    /// A message body's signature and fields.
    fn decode(&self, body: &[u8]) -> Result<(u8, Vec<Wire>), String> {
        decode_message(body)
    }
}

/// Has `server` answer the messages that follow the handshake (`rest`: the bytes received with
/// the hello) until the client says GOODBYE or closes, writing its answers whenever the client
/// has nothing more to read.
pub async fn answer_messages(server: &mut impl Answerer, rest: &[u8]) -> io::Result<()> {
    let invalid = |e: String| io::Error::new(io::ErrorKind::InvalidData, e);
    let mut dechunker = Dechunker::new();
    dechunker.push(rest);
    'serve: loop {
        while let Some(message) = dechunker.next_message() {
            let body = message.map_err(|e| invalid(e.to_string()))?;
            let (signature, fields) = server.decode(&body).map_err(invalid)?;
            server.answer(signature, &fields).await?;
            if signature == GOODBYE {
                break 'serve;
            }
        }
        let (conn, replies) = server.parts();
        replies.flush(conn).await?;
        match conn.recv().await? {
            Some(bytes) => dechunker.push(&bytes),
            None => break,
        }
    }
    let (conn, replies) = server.parts();
    replies.flush(conn).await
}
