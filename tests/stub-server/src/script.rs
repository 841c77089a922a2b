//! Parsing a script (the format is described in `main.rs`). Everything that does not depend on
//! the connection is checked here, so a typo fails at start-up with its line number.

use std::time::Duration;

use neo4j_wasm::bolt::{Proposal, Version};
use neo4j_wasm::packstream::Dialect;
use serde_json::Value as Json;

use crate::values::{from_json, parse_hex, pattern};

/// A client message the script can expect: name, signature, field names (for reports).
#[derive(Debug)]
pub struct ClientMessage {
    pub name: &'static str,
    pub signature: u8,
    pub fields: &'static [&'static str],
}

/// Every request message of Bolt 4.4 to 6.0.
pub const CLIENT_MESSAGES: [ClientMessage; 13] = [
    msg("HELLO", 0x01, &["extra"]),
    msg("GOODBYE", 0x02, &[]),
    msg("RESET", 0x0F, &[]),
    msg("RUN", 0x10, &["query", "parameters", "extra"]),
    msg("BEGIN", 0x11, &["extra"]),
    msg("COMMIT", 0x12, &[]),
    msg("ROLLBACK", 0x13, &[]),
    msg("DISCARD", 0x2F, &["extra"]),
    msg("PULL", 0x3F, &["extra"]),
    msg("TELEMETRY", 0x54, &["extra"]),
    msg("ROUTE", 0x66, &["routing", "bookmarks", "db"]),
    msg("LOGON", 0x6A, &["auth"]),
    msg("LOGOFF", 0x6B, &[]),
];

const fn msg(name: &'static str, signature: u8, fields: &'static [&'static str]) -> ClientMessage {
    ClientMessage {
        name,
        signature,
        fields,
    }
}

/// The server messages: name, signature, and the one field's kind (`None`: no field).
const SERVER_MESSAGES: [(&str, u8, Option<&str>); 4] = [
    ("SUCCESS", 0x70, Some("map")),
    ("RECORD", 0x71, Some("list")),
    ("IGNORED", 0x7E, None),
    ("FAILURE", 0x7F, Some("map")),
];

/// The name of a client message signature, if it is one.
pub fn client_message(signature: u8) -> Option<&'static ClientMessage> {
    CLIENT_MESSAGES.iter().find(|m| m.signature == signature)
}

/// The name of a server message signature (for the transcript).
pub fn server_message_name(signature: u8) -> &'static str {
    SERVER_MESSAGES
        .iter()
        .find(|(_, s, _)| *s == signature)
        .map_or("?", |(name, ..)| name)
}

/// One connection's script, served `repeat` times (to that many connections).
#[derive(Debug)]
pub struct Section {
    pub repeat: usize,
    pub steps: Vec<Step>,
}

/// One script line.
#[derive(Debug)]
pub struct Step {
    /// 1-based line number in the script file.
    pub line: usize,
    /// The line as written, with its `C:`/`S:` prefix, for reports.
    pub text: String,
    pub action: Action,
}

/// What a line makes the stub do.
#[derive(Debug)]
pub enum Action {
    /// Answer the client's handshake.
    Answer(Answer),
    /// The client must pick this version from the manifest answered before.
    Choose(Version),
    /// Read one client message; it must match. An optional one that does not match (or finds
    /// the connection closed) is skipped together with the server lines right after it.
    Expect {
        message: &'static ClientMessage,
        /// `None`: any fields.
        fields: Option<Vec<Json>>,
        optional: bool,
    },
    /// Send a server message.
    Send { signature: u8, fields: Vec<Json> },
    /// Send these bytes as they are.
    Raw(Vec<u8>),
    /// Send a NOOP chunk (`00 00`).
    Noop,
    /// Wait.
    Sleep(Duration),
    /// Close the connection.
    Exit,
}

/// A handshake answer.
#[derive(Debug)]
pub enum Answer {
    /// A classic answer: this version (`0.0`: no common version).
    Version(Version),
    /// Manifest v1: these version ranges and capability bits; the client then picks one.
    Manifest {
        ranges: Vec<Proposal>,
        capabilities: u64,
    },
    /// An HTTP error response, then the connection is closed (what an HTTP port does).
    Http,
}

/// The dialects values are checked against at parse time (their shapes differ by version).
const CHECK_DIALECTS: [Dialect; 2] = [Dialect::BOLT_4, Dialect::BOLT_6];

/// Parses a whole script into its connections' sections. Errors read `line N: why`.
pub fn parse(text: &str) -> Result<Vec<Section>, String> {
    let mut sections = Vec::new();
    let mut current = Section {
        repeat: 1,
        steps: Vec::new(),
    };
    let mut repeat_line = None;
    // The prefix an indented line continues.
    let mut last_prefix: Option<&str> = None;
    for (index, raw) in text.lines().enumerate() {
        let line = index + 1;
        let at = |why: String| format!("line {line}: {why}");
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed == "---" {
            finish(&mut sections, &mut current, repeat_line)?;
            repeat_line = None;
            last_prefix = None;
            continue;
        }
        let (prefix, body) = if raw.starts_with(char::is_whitespace) {
            let prefix = last_prefix.ok_or_else(|| {
                at("an indented line continues the C:/S: line above it, but there is none".into())
            })?;
            (prefix, trimmed)
        } else {
            let (prefix, body) = trimmed
                .split_once(':')
                .ok_or_else(|| at(format!("expected C:, C?:, S: or !:, got {trimmed:?}")))?;
            (prefix, body.trim())
        };
        let action = match prefix {
            "!" => {
                let count = body
                    .strip_prefix("REPEAT")
                    .and_then(|n| n.trim().parse::<usize>().ok())
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| at(format!("unknown directive {body:?} (known: REPEAT N)")))?;
                if repeat_line.replace(line).is_some() {
                    return Err(at("REPEAT given twice for one connection".into()));
                }
                current.repeat = count;
                continue;
            }
            "C" => client(body, false),
            "C?" => client(body, true),
            "S" => server(body),
            other => Err(format!(
                "unknown prefix {other:?}: (expected C:, C?:, S: or !:)"
            )),
        }
        .map_err(at)?;
        last_prefix = Some(match prefix {
            "C" => "C",
            "C?" => "C?",
            _ => "S",
        });
        current.steps.push(Step {
            line,
            text: format!("{prefix}: {body}"),
            action,
        });
    }
    finish(&mut sections, &mut current, repeat_line)?;
    if sections.is_empty() {
        return Err("the script has no lines (it needs at least S: BOLT ...)".into());
    }
    Ok(sections)
}

/// Checks the section just read and starts the next one. Errors read `line N: why`.
fn finish(
    sections: &mut Vec<Section>,
    current: &mut Section,
    repeat_line: Option<usize>,
) -> Result<(), String> {
    let section = std::mem::replace(
        current,
        Section {
            repeat: 1,
            steps: Vec::new(),
        },
    );
    if section.steps.is_empty() {
        return match repeat_line {
            Some(line) => Err(format!(
                "line {line}: REPEAT for a connection without lines"
            )),
            None => Ok(()),
        };
    }
    let mut manifest_at: Option<usize> = None;
    for (i, step) in section.steps.iter().enumerate() {
        let at = |why: String| format!("line {}: {why}", step.line);
        if let Some(last) = i.checked_sub(1).and_then(|j| section.steps.get(j)) {
            if matches!(last.action, Action::Exit | Action::Answer(Answer::Http)) {
                return Err(at(format!(
                    "nothing can follow line {}, which closes the connection",
                    last.line
                )));
            }
        }
        match &step.action {
            Action::Answer(Answer::Manifest { .. }) => manifest_at = Some(i),
            Action::Choose(_) => {
                let after_manifest = manifest_at.is_some_and(|m| {
                    section.steps[m + 1..i]
                        .iter()
                        .all(|s| !matches!(s.action, Action::Expect { .. } | Action::Choose(_)))
                });
                if !after_manifest {
                    return Err(at(
                        "C: BOLT x.y (the client's pick) must follow S: BOLT MANIFEST, before any client message".into(),
                    ));
                }
            }
            _ => {}
        }
    }
    sections.push(section);
    Ok(())
}

/// `5.4` as a version.
fn version(text: &str) -> Result<Version, String> {
    let (major, minor) = text
        .split_once('.')
        .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
        .ok_or_else(|| format!("{text:?} is not a version such as 5.4"))?;
    Ok(Version::new(major, minor))
}

/// `5.8-5.6` or `6.0` as a manifest range.
fn range(text: &str) -> Result<Proposal, String> {
    let (top, low) = match text.split_once('-') {
        Some((top, low)) => (version(top)?, version(low)?),
        None => (version(text)?, version(text)?),
    };
    if top.major != low.major || top.minor < low.minor {
        return Err(format!(
            "{text:?} is not a range such as 5.8-5.6 (same major, highest first)"
        ));
    }
    Ok(Proposal::range(top, top.minor - low.minor))
}

/// Parses the JSON values after a message name.
fn json_fields(text: &str) -> Result<Vec<Json>, String> {
    serde_json::Deserializer::from_str(text)
        .into_iter::<Json>()
        .collect::<Result<_, _>>()
        .map_err(|e| format!("bad JSON in {text:?}: {e}"))
}

/// Parses what follows `C:` or `C?:`.
fn client(body: &str, optional: bool) -> Result<Action, String> {
    let (name, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    if name == "BOLT" {
        if optional {
            return Err("the client's pick of a version cannot be optional".into());
        }
        return version(rest.trim()).map(Action::Choose);
    }
    let message = CLIENT_MESSAGES
        .iter()
        .find(|m| m.name == name)
        .ok_or_else(|| {
            let known: Vec<&str> = CLIENT_MESSAGES.iter().map(|m| m.name).collect();
            format!(
                "unknown client message {name:?} (known: BOLT {})",
                known.join(" ")
            )
        })?;
    let fields = if rest.trim().is_empty() {
        None
    } else {
        let fields = json_fields(rest)?;
        if fields.len() != message.fields.len() {
            return Err(format!(
                "{name} has {} fields ({}), the line gives {}",
                message.fields.len(),
                message.fields.join(", "),
                fields.len()
            ));
        }
        for dialect in CHECK_DIALECTS {
            for field in &fields {
                pattern(field, dialect)?;
            }
        }
        Some(fields)
    };
    Ok(Action::Expect {
        message,
        fields,
        optional,
    })
}

/// Parses what follows `S:`.
fn server(body: &str) -> Result<Action, String> {
    if let Some(rest) = body.strip_prefix('<') {
        let (inner, after) = rest
            .split_once('>')
            .ok_or_else(|| format!("{body:?} lacks the closing >"))?;
        let (word, arg) = inner.split_once(' ').unwrap_or((inner, ""));
        let after = after.trim();
        return match (word, arg.trim(), after) {
            ("RAW", "", hex) if !hex.is_empty() => parse_hex(hex).map(Action::Raw),
            ("NOOP", "", "") => Ok(Action::Noop),
            ("EXIT", "", "") => Ok(Action::Exit),
            ("SLEEP", ms, "") => ms
                .parse()
                .map(|ms| Action::Sleep(Duration::from_millis(ms)))
                .map_err(|_| format!("<SLEEP {ms}>: not a number of milliseconds")),
            _ => Err(format!(
                "unknown {body:?} (known: <RAW> hex bytes, <NOOP>, <SLEEP ms>, <EXIT>)"
            )),
        };
    }
    let (name, rest) = body.split_once(char::is_whitespace).unwrap_or((body, ""));
    let rest = rest.trim();
    match name {
        "HTTP" if rest.is_empty() => return Ok(Action::Answer(Answer::Http)),
        "BOLT" => return bolt_answer(rest).map(Action::Answer),
        _ => {}
    }
    let &(_, signature, kind) = SERVER_MESSAGES
        .iter()
        .find(|(n, ..)| *n == name)
        .ok_or_else(|| {
            format!("unknown server line {name:?} (known: BOLT HTTP SUCCESS RECORD FAILURE IGNORED <RAW> <NOOP> <SLEEP ms> <EXIT>)")
        })?;
    let mut fields = json_fields(rest)?;
    if name == "SUCCESS" && fields.is_empty() {
        fields.push(Json::Object(Default::default()));
    }
    let shape_ok = matches!(
        (kind, fields.as_slice()),
        (None, []) | (Some("map"), [Json::Object(_)]) | (Some("list"), [Json::Array(_)])
    );
    if !shape_ok {
        return Err(match kind {
            None => format!("{name} has no fields"),
            Some(kind) => format!("{name} takes one {kind}"),
        });
    }
    for dialect in CHECK_DIALECTS {
        for field in &fields {
            from_json(field, dialect)?;
        }
    }
    Ok(Action::Send { signature, fields })
}

/// Parses what follows `S: BOLT`.
fn bolt_answer(rest: &str) -> Result<Answer, String> {
    let mut words = rest.split_whitespace();
    match words.next() {
        Some("NONE") if words.next().is_none() => Ok(Answer::Version(Version::new(0, 0))),
        Some("MANIFEST") => {
            let mut ranges = Vec::new();
            let mut capabilities = 0;
            while let Some(word) = words.next() {
                if word == "CAPS" {
                    capabilities = words
                        .next()
                        .and_then(|c| c.parse().ok())
                        .ok_or("CAPS needs a number")?;
                    if words.next().is_some() {
                        return Err("nothing can follow CAPS n".into());
                    }
                } else {
                    ranges.push(range(word)?);
                }
            }
            Ok(Answer::Manifest {
                ranges,
                capabilities,
            })
        }
        Some(v) if words.next().is_none() => version(v).map(Answer::Version),
        _ => Err(format!(
            "BOLT takes a version (5.4), NONE, or MANIFEST ranges [CAPS n]; got {rest:?}"
        )),
    }
}
