//! Serving one connection its script section: send what the script says, check what the
//! client sends, and report the first difference.

use std::collections::VecDeque;
use std::io;

use neo4j_wasm::bolt::chunk::{write_message, Dechunker};
use neo4j_wasm::bolt::handshake::MANIFEST_V1;
use neo4j_wasm::bolt::{Proposal, Version};
use neo4j_wasm::packstream::{Dialect, Encoder};
use serde_json::Value as Json;

use crate::script::{
    client_message, server_message_name, Action, Answer, ClientMessage, Section, Step,
};
use crate::transport::{hex, Conn};
use crate::values::{decode_message, from_json, pattern, Show, Wire};

/// What an HTTP port answers a Bolt handshake with.
const HTTP_RESPONSE: &[u8] =
    b"HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
/// How many transcript lines a report shows, and how long each may be.
const TRANSCRIPT_TAIL: usize = 12;
const MAX_LINE: usize = 400;
/// The SUCCESS message's signature.
const SUCCESS: u8 = 0x70;
/// The longest varint the manifest handshake allows.
const MAX_VARINT_LEN: usize = 10;

/// Where a connection is, for the timeout report.
pub trait Progress {
    /// Records what the connection does or waits for now.
    fn at(&self, what: String);
}

/// A client message as received.
struct Received {
    signature: u8,
    fields: Vec<Wire>,
}

/// The state of one served connection.
struct Served<'a> {
    conn: Conn,
    /// The script file's name, for `file:line` in reports.
    file: &'a str,
    /// Bytes received but not yet consumed, before the message phase.
    raw: Vec<u8>,
    /// The line of the section's last step, for reports after it.
    last_line: usize,
    /// Whether the handshake is over and all further bytes are chunked messages.
    messaging: bool,
    dechunker: Dechunker,
    /// A message an optional line did not match, for the next line.
    held: Option<Received>,
    /// Ranges of a manifest answer whose pick the client has not sent yet.
    manifest: Option<Vec<Proposal>>,
    version: Option<Version>,
    dialect: Dialect,
    /// The client closed the connection.
    closed: bool,
    /// The last lines exchanged, for reports.
    transcript: VecDeque<String>,
}

/// Serves `section` on `conn`; `Err` is the report of the first difference from the script.
pub async fn serve(
    conn: Conn,
    section: &Section,
    file: &str,
    progress: &impl Progress,
) -> Result<(), String> {
    let mut served = Served {
        conn,
        file,
        raw: Vec::new(),
        last_line: section.steps.last().map_or(0, |s| s.line),
        messaging: false,
        dechunker: Dechunker::new(),
        held: None,
        manifest: None,
        version: None,
        // Until a handshake answer says otherwise (after a raw answer, say).
        dialect: Dialect::BOLT_5,
        closed: false,
        transcript: VecDeque::new(),
    };
    let outcome = served.run(&section.steps, progress).await;
    served.conn.close().await;
    outcome
}

/// The index of the first line after `i` that is not a server line: where an optional client
/// line continues when it is skipped, together with its replies.
fn skip_replies(steps: &[Step], i: usize) -> usize {
    let replies = steps[i + 1..]
        .iter()
        .take_while(|s| !matches!(s.action, Action::Expect { .. } | Action::Choose(_)))
        .count();
    i + 1 + replies
}

/// The client hello as `60 60 B0 17 (manifest v1, 5.8–5.6, 5.4–5.0, 4.4–4.2)`.
fn describe_hello(hello: &[u8]) -> String {
    let slots: Vec<String> = hello
        .chunks_exact(4)
        .skip(1)
        .filter_map(|slot| match *slot {
            [0, 0, 0, 0] => None,
            _ if slot == MANIFEST_V1 => Some("manifest v1".into()),
            [0, range, minor, major] => {
                Some(Proposal::range(Version::new(major, minor), range).to_string())
            }
            _ => Some(hex(slot)),
        })
        .collect();
    format!(
        "{} ({})",
        hex(&hello[..hello.len().min(4)]),
        slots.join(", ")
    )
}

/// Appends `value` as a manifest varint (7-bit groups, low first, high bit = more follow).
fn write_varint(out: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        out.push((value & 0x7F) as u8 | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// Whether a HELLO SUCCESS's fields acknowledge the `utc` patch (`"patch_bolt": ["utc"]`).
fn acknowledges_utc(fields: &[Wire]) -> bool {
    let utc = Wire::String("utc".into());
    matches!(fields, [Wire::Map(meta)] if meta.iter().any(|(k, v)| {
        k == "patch_bolt" && matches!(v, Wire::List(items) if items.contains(&utc))
    }))
}

impl Served<'_> {
    /// Runs the steps, then waits for the client to close.
    async fn run(&mut self, steps: &[Step], progress: &impl Progress) -> Result<(), String> {
        progress.at(format!("{}: reading the client's handshake", self.file));
        // The magic and four version proposals.
        match self.read_raw(20).await {
            Some(hello) => self.log(format!("C: {}", describe_hello(&hello))),
            None => {
                return Err(self.report(
                    steps.first(),
                    "but the client closed the connection during its handshake".into(),
                ))
            }
        }
        let mut i = 0;
        while let Some(step) = steps.get(i) {
            progress.at(format!("{}:{}: {}", self.file, step.line, step.text));
            let optional = matches!(step.action, Action::Expect { optional: true, .. });
            if self.closed && !optional {
                return Err(self.report(
                    Some(step),
                    "but the client had already closed the connection".into(),
                ));
            }
            match &step.action {
                Action::Answer(answer) => {
                    self.answer(step, answer).await?;
                    if matches!(answer, Answer::Http) {
                        return Ok(());
                    }
                }
                Action::Choose(want) => match self.pick(Some(step)).await? {
                    Some(got) if got == *want => {}
                    Some(got) => {
                        return Err(
                            self.report(Some(step), format!("but the client picked Bolt {got}"))
                        )
                    }
                    None => {
                        return Err(self.report(
                            Some(step),
                            "but the client closed the connection instead of picking a version"
                                .into(),
                        ))
                    }
                },
                Action::Expect {
                    message,
                    fields,
                    optional,
                } => {
                    let got = self.next_message(Some(step)).await?;
                    let mismatch = match &got {
                        Some(got) => self.check(message, fields.as_deref(), got).err(),
                        None => Some("but the client closed the connection".into()),
                    };
                    match mismatch {
                        None => {}
                        Some(_) if *optional => {
                            self.held = got;
                            i = skip_replies(steps, i);
                            continue;
                        }
                        Some(why) => return Err(self.report(Some(step), why)),
                    }
                }
                Action::Send { signature, fields } => {
                    self.send_message(step, *signature, fields).await?
                }
                Action::Raw(bytes) => {
                    self.log(format!("S: <RAW> {}", hex(bytes)));
                    self.send(step, bytes).await?;
                }
                Action::Noop => {
                    self.log("S: <NOOP>".into());
                    self.send(step, &[0, 0]).await?;
                }
                Action::Sleep(duration) => tokio::time::sleep(*duration).await,
                Action::Exit => {
                    self.log("S: <EXIT>".into());
                    return Ok(());
                }
            }
            i += 1;
        }
        progress.at(format!(
            "{}:{}: the script has ended, waiting for the client to close",
            self.file, self.last_line
        ));
        match self.next_message(None).await? {
            None => Ok(()),
            Some(extra) => Err(self.report(
                None,
                format!(
                    "the client sent {} (a C?: line at the end would allow it)",
                    self.show(&extra)
                ),
            )),
        }
    }

    /// Sends a handshake answer.
    async fn answer(&mut self, step: &Step, answer: &Answer) -> Result<(), String> {
        match answer {
            Answer::Version(v) => {
                self.log(format!("S: BOLT {v}"));
                self.send(step, &[0, 0, v.minor, v.major]).await?;
                if v.major > 0 {
                    self.version = Some(*v);
                    self.dialect = v.dialect(false);
                }
            }
            Answer::Manifest {
                ranges,
                capabilities,
            } => {
                let mut bytes = MANIFEST_V1.to_vec();
                write_varint(&mut bytes, ranges.len() as u64);
                for range in ranges {
                    bytes.extend_from_slice(&range.to_bytes());
                }
                write_varint(&mut bytes, *capabilities);
                self.log(step.text.clone());
                self.send(step, &bytes).await?;
                self.manifest = Some(ranges.clone());
            }
            Answer::Http => {
                self.log("S: HTTP".into());
                self.send(step, HTTP_RESPONSE).await?;
            }
        }
        Ok(())
    }

    /// Reads the client's pick after a manifest answer (if one is pending) and checks that the
    /// manifest listed it. `None` if the client closed first.
    async fn pick(&mut self, step: Option<&Step>) -> Result<Option<Version>, String> {
        let Some(ranges) = self.manifest.take() else {
            return Ok(self.version);
        };
        let Some(bytes) = self.read_raw(4).await else {
            return Ok(None);
        };
        let [0, 0, minor, major] = bytes[..] else {
            return Err(self.report(
                step,
                format!(
                    "but the client answered the manifest with {}, not 00 00 minor major",
                    hex(&bytes)
                ),
            ));
        };
        let mut capabilities = Vec::new();
        loop {
            let Some(byte) = self.read_raw(1).await else {
                return Ok(None);
            };
            capabilities.extend_from_slice(&byte);
            if byte[0] & 0x80 == 0 {
                break;
            }
            if capabilities.len() == MAX_VARINT_LEN {
                return Err(self.report(
                    step,
                    format!(
                        "but the client's capabilities varint {} is too long",
                        hex(&capabilities)
                    ),
                ));
            }
        }
        let version = Version::new(major, minor);
        self.log(format!(
            "C: BOLT {version} (capabilities {})",
            hex(&capabilities)
        ));
        if !ranges.iter().any(|r| r.contains(version)) {
            return Err(self.report(
                step,
                format!("but the client picked Bolt {version}, which the manifest does not list"),
            ));
        }
        self.version = Some(version);
        self.dialect = Version::new(major, minor).dialect(false);
        Ok(Some(version))
    }

    /// The first `n` bytes of the stream (before the message phase); `None` if it closed first.
    async fn read_raw(&mut self, n: usize) -> Option<Vec<u8>> {
        while self.raw.len() < n {
            match self.conn.recv().await {
                Ok(Some(bytes)) => self.raw.extend_from_slice(&bytes),
                Ok(None) | Err(_) => {
                    self.closed = true;
                    return None;
                }
            }
        }
        Some(self.raw.drain(..n).collect())
    }

    /// The next client message; `None` when the client closed the connection.
    async fn next_message(&mut self, step: Option<&Step>) -> Result<Option<Received>, String> {
        if let Some(held) = self.held.take() {
            return Ok(Some(held));
        }
        if self.closed || (self.manifest.is_some() && self.pick(step).await?.is_none()) {
            return Ok(None);
        }
        if !self.messaging {
            self.messaging = true;
            let raw = std::mem::take(&mut self.raw);
            self.dechunker.push(&raw);
        }
        loop {
            match self.dechunker.next_message() {
                Some(Ok(body)) => {
                    let (signature, fields) = decode_message(&body).map_err(|e| {
                        let shown = hex(&body[..body.len().min(64)]);
                        self.report(step, format!("but the client sent a message that is not valid PackStream ({e}): {shown}"))
                    })?;
                    let got = Received { signature, fields };
                    self.log(self.show(&got));
                    return Ok(Some(got));
                }
                Some(Err(e)) => {
                    return Err(
                        self.report(step, format!("but the client's message stream failed: {e}"))
                    )
                }
                None => {}
            }
            match self.conn.recv().await {
                Ok(Some(bytes)) => self.dechunker.push(&bytes),
                Err(e) if e.kind() == io::ErrorKind::InvalidData => {
                    return Err(self.report(step, format!("but the client sent {e}")))
                }
                Ok(None) | Err(_) => {
                    self.closed = true;
                    if self.dechunker.has_partial() {
                        return Err(self.report(
                            step,
                            "but the client closed the connection in the middle of a message"
                                .into(),
                        ));
                    }
                    return Ok(None);
                }
            }
        }
    }

    /// Checks a received message against an expected one; `Err` says how it differs.
    fn check(
        &self,
        want: &ClientMessage,
        fields: Option<&[Json]>,
        got: &Received,
    ) -> Result<(), String> {
        let shown = self.show(got);
        if got.signature != want.signature {
            return Err(format!("got {shown}"));
        }
        let Some(fields) = fields else {
            return Ok(());
        };
        if fields.len() != got.fields.len() {
            return Err(format!(
                "got {shown}\n  ({} fields instead of {})",
                got.fields.len(),
                fields.len()
            ));
        }
        for ((json, value), name) in fields.iter().zip(&got.fields).zip(want.fields) {
            pattern(json, self.dialect)
                .and_then(|p| p.check(value, name, self.dialect))
                .map_err(|why| format!("got {shown}\n  {why}"))?;
        }
        Ok(())
    }

    /// Encodes and sends a server message.
    async fn send_message(
        &mut self,
        step: &Step,
        signature: u8,
        fields: &[Json],
    ) -> Result<(), String> {
        let dialect = self.dialect;
        let values = fields
            .iter()
            .map(|f| from_json(f, dialect))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| {
                self.report(
                    Some(step),
                    format!(
                        "but the line cannot be sent in Bolt {}: {e}",
                        self.version_text()
                    ),
                )
            })?;
        let mut body = Vec::new();
        let mut enc = Encoder::new(&mut body);
        enc.write_struct_header(signature, values.len())
            .and_then(|()| values.iter().try_for_each(|v| v.encode(&mut enc)))
            .map_err(|e| self.report(Some(step), format!("but the line cannot be encoded: {e}")))?;
        let mut out = Vec::new();
        write_message(&mut out, &body);
        let shown: Vec<String> = values
            .iter()
            .map(|v| Show(v, dialect).to_string())
            .collect();
        self.log(format!(
            "S: {} {}",
            server_message_name(signature),
            shown.join(" ")
        ));
        self.send(step, &out).await?;
        if let Some(v) = self.version {
            if signature == SUCCESS && v.utc_patch_available() && acknowledges_utc(&values) {
                self.dialect = v.dialect(true);
            }
        }
        Ok(())
    }

    async fn send(&mut self, step: &Step, bytes: &[u8]) -> Result<(), String> {
        self.conn.send(bytes).await.map_err(|e| {
            self.closed = true;
            self.report(
                Some(step),
                format!("but sending it failed: the client has closed the connection ({e})"),
            )
        })
    }

    fn version_text(&self) -> String {
        self.version
            .map_or_else(|| "(none negotiated)".into(), |v| v.to_string())
    }

    /// A client message in script notation.
    fn show(&self, got: &Received) -> String {
        let name = client_message(got.signature).map_or_else(
            || format!("<unknown message 0x{:02X}>", got.signature),
            |m| m.name.to_string(),
        );
        let mut text = format!("C: {name}");
        for field in &got.fields {
            text.push_str(&format!(" {}", Show(field, self.dialect)));
        }
        text
    }

    fn log(&mut self, line: String) {
        if self.transcript.len() == TRANSCRIPT_TAIL {
            self.transcript.pop_front();
        }
        let mut line = line;
        if line.chars().count() > MAX_LINE {
            line = line.chars().take(MAX_LINE).chain("...".chars()).collect();
        }
        self.transcript.push_back(line);
    }

    /// A report: where in the script (or after its end), why, and the last lines exchanged.
    fn report(&self, step: Option<&Step>, why: String) -> String {
        let at = match step {
            Some(step) => format!("{}:{}: expected {}", self.file, step.line, step.text),
            None => format!(
                "{}:{}: the connection's script ended here, so only a close was expected",
                self.file, self.last_line
            ),
        };
        let mut text = format!(
            "{at}\n  {why}\n  the connection so far (Bolt {}):",
            self.version_text()
        );
        for line in &self.transcript {
            text.push_str(&format!("\n    {line}"));
        }
        text
    }
}
