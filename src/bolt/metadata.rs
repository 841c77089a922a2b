//! Typed readers for the metadata of SUCCESS answers.
//!
//! The server sends metadata as a PackStream map; each type here picks out the keys one kind of
//! answer defines:
//!
//! | answer to | type |
//! |---|---|
//! | HELLO | [`HelloMetadata`] (with the connection [`Hints`]) |
//! | RUN, BEGIN | [`RunMetadata`] |
//! | PULL, DISCARD, COMMIT | [`SummaryMetadata`] |
//! | ROUTE | [`RouteAnswer`] |
//!
//! Reading is lenient about what is missing: an absent key (or `null`) takes the default its
//! field documents, and unknown keys are ignored. A key that is present with the wrong type is a
//! [`MetadataError`] naming the key's path (`rt.servers[1].role`), never a panic. The one
//! exception are the connection hints, which the specification lets drivers ignore: a hint of
//! the wrong type is skipped. Likewise, routing-table servers whose role is a string this
//! driver does not know are skipped, as the official drivers do.

use std::fmt;
use std::time::Duration;

use crate::packstream::{Map, Value};

/// A metadata key holds a value of the wrong type (or a required key is missing).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MetadataError {
    /// Where the value is, e.g. `rt.servers[1].role`.
    pub path: String,
    /// What the key should hold, e.g. `an integer`.
    pub expected: &'static str,
    /// What it holds (`nothing` when a required key is missing).
    pub found: &'static str,
}

impl fmt::Display for MetadataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the server's metadata has {} at `{}` where {} was expected",
            self.found, self.path, self.expected
        )
    }
}

impl std::error::Error for MetadataError {}

/// What HELLO's SUCCESS says about the server and the connection.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct HelloMetadata {
    /// The server agent, e.g. `Neo4j/5.26.0` (`server`); `None` if not sent.
    pub server: Option<String>,
    /// The server's id for the connection, e.g. `bolt-61` (`connection_id`).
    pub connection_id: Option<String>,
    /// The protocol patches the server accepted (`patch_bolt`, 4.3 and 4.4 only); empty if none.
    pub patch_bolt: Vec<String>,
    /// Configuration hints (`hints`, 4.3+).
    pub hints: Hints,
}

impl HelloMetadata {
    /// Reads HELLO's SUCCESS metadata.
    pub fn parse(metadata: &Map) -> Result<Self, MetadataError> {
        let m = Fields::top(metadata);
        Ok(HelloMetadata {
            server: m.string("server")?,
            connection_id: m.string("connection_id")?,
            patch_bolt: m.strings("patch_bolt")?,
            hints: m.get("hints").map(Hints::parse).unwrap_or_default(),
        })
    }
}

/// The connection hints of HELLO's SUCCESS. Each has the default the specification gives it
/// when absent, and a hint of the wrong type counts as absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Hints {
    /// `connection.recv_timeout_seconds` (4.3+): how long the server may stay silent while an
    /// answer is due before the connection counts as broken; `None` if absent or not positive.
    pub recv_timeout: Option<Duration>,
    /// `telemetry.enabled` (5.4+): whether the server wants TELEMETRY messages (default false).
    pub telemetry_enabled: bool,
    /// `ssr.enabled` (5.8+): whether server-side routing is enabled (default false).
    pub ssr_enabled: bool,
}

impl Hints {
    fn parse(hints: &Value) -> Hints {
        let Value::Map(hints) = hints else {
            return Hints::default();
        };
        let lookup = |key: &str| hints.iter().find(|(k, _)| k == key).map(|(_, v)| v);
        let flag = |key: &str| matches!(lookup(key), Some(Value::Boolean(true)));
        Hints {
            recv_timeout: match lookup("connection.recv_timeout_seconds") {
                Some(Value::Integer(secs)) => u64::try_from(*secs)
                    .ok()
                    .filter(|s| *s > 0)
                    .map(Duration::from_secs),
                _ => None,
            },
            telemetry_enabled: flag("telemetry.enabled"),
            ssr_enabled: flag("ssr.enabled"),
        }
    }
}

/// What RUN's SUCCESS (and, for `db`, BEGIN's) says about the result about to stream.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RunMetadata {
    /// Column names (`fields`); empty if absent.
    pub fields: Vec<String>,
    /// Milliseconds until the first record was available (`t_first`).
    pub t_first: Option<i64>,
    /// The query's id inside an explicit transaction, for PULL/DISCARD (`qid`, 4.0+).
    pub qid: Option<i64>,
    /// The home database the server resolved when none was named (`db`, 5.8+).
    pub db: Option<String>,
}

impl RunMetadata {
    /// Reads RUN's or BEGIN's SUCCESS metadata.
    pub fn parse(metadata: &Map) -> Result<Self, MetadataError> {
        let m = Fields::top(metadata);
        Ok(RunMetadata {
            fields: m.strings("fields")?,
            t_first: m.int("t_first")?,
            qid: m.int("qid")?,
            db: m.string("db")?,
        })
    }
}

/// Whether a PULL or DISCARD answer says the result has more records (`has_more`, default
/// false). The connection reads only this key, to track the server state.
pub fn has_more(metadata: &Map) -> Result<bool, MetadataError> {
    Ok(Fields::top(metadata).boolean("has_more")?.unwrap_or(false))
}

/// What kind of work a result's query did (`type` of the SUCCESS ending its last PULL or
/// DISCARD); `None` when not said. A `type` that is none of the four is the server's error.
pub fn query_type(metadata: &Map) -> Result<Option<QueryType>, MetadataError> {
    Fields::top(metadata).query_type("type")
}

/// The bookmark a SUCCESS hands on (`bookmark`: that of an auto-commit query's last PULL or
/// DISCARD, or of COMMIT).
pub fn bookmark(metadata: &Map) -> Result<Option<String>, MetadataError> {
    Fields::top(metadata).string("bookmark")
}

/// What kind of work a query did (`type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryType {
    /// Read only (`"r"`).
    Read,
    /// Write only (`"w"`).
    Write,
    /// Read and write (`"rw"`).
    ReadWrite,
    /// Schema changes only (`"s"`).
    Schema,
}

/// What ROUTE answers (its SUCCESS's `rt`): the raw routing table, which
/// [`crate::routing::RoutingTable`] checks and keeps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteAnswer {
    /// Seconds the table stays valid (`ttl`).
    pub ttl: i64,
    /// The database it is for (`db`, 4.4+).
    pub db: Option<String>,
    /// The servers by role (`servers`; empty if absent). An entry whose role is a string
    /// other than `ROUTE`, `READ` or `WRITE` is left out, as the official drivers do, before
    /// its other keys are read.
    pub servers: Vec<RoutingServers>,
}

impl RouteAnswer {
    /// Reads ROUTE's SUCCESS metadata. Unlike other keys, `rt` and its `ttl` are required: a
    /// table without them cannot be used.
    pub fn parse(metadata: &Map) -> Result<Self, MetadataError> {
        let top = Fields::top(metadata);
        let rt = top
            .nested("rt")?
            .ok_or_else(|| top.missing("rt", "a map"))?;
        let ttl = rt
            .int("ttl")?
            .ok_or_else(|| rt.missing("ttl", "an integer"))?;
        let db = rt.string("db")?;
        let mut servers = Vec::new();
        for s in rt.maps("servers")? {
            if let Some(role) = s.role("role")? {
                let addresses = s.strings("addresses")?;
                servers.push(RoutingServers { role, addresses });
            }
        }
        Ok(RouteAnswer { ttl, db, servers })
    }
}

/// The servers of one role in a [`RouteAnswer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingServers {
    /// What they do (`role`; required, and a string).
    pub role: Role,
    /// `host:port` addresses (`addresses`; empty if absent).
    pub addresses: Vec<String>,
}

/// The role of servers in a routing table. Servers of any other role are skipped when the
/// table is read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Answer ROUTE (`"ROUTE"`).
    Route,
    /// Take read work (`"READ"`).
    Read,
    /// Take write work (`"WRITE"`).
    Write,
}

/// The entries of one metadata map, with the path that leads to it for error messages.
struct Fields<'m> {
    map: &'m Map,
    path: String,
}

impl<'m> Fields<'m> {
    fn top(map: &'m Map) -> Self {
        Fields {
            map,
            path: String::new(),
        }
    }

    fn path_of(&self, key: &str) -> String {
        if self.path.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    /// The value of `key`; `null` counts as absent.
    fn get(&self, key: &str) -> Option<&'m Value> {
        self.map
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
            .filter(|v| !matches!(v, Value::Null))
    }

    fn wrong(&self, key: &str, expected: &'static str, found: &Value) -> MetadataError {
        MetadataError {
            path: self.path_of(key),
            expected,
            found: kind_of(found),
        }
    }

    fn missing(&self, key: &str, expected: &'static str) -> MetadataError {
        MetadataError {
            path: self.path_of(key),
            expected,
            found: "nothing",
        }
    }

    fn unknown(&self, key: &str, expected: &'static str) -> MetadataError {
        MetadataError {
            path: self.path_of(key),
            expected,
            found: "an unknown string",
        }
    }

    fn string(&self, key: &str) -> Result<Option<String>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(other) => Err(self.wrong(key, "a string", other)),
        }
    }

    fn int(&self, key: &str) -> Result<Option<i64>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Integer(i)) => Ok(Some(*i)),
            Some(other) => Err(self.wrong(key, "an integer", other)),
        }
    }

    fn boolean(&self, key: &str) -> Result<Option<bool>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Boolean(b)) => Ok(Some(*b)),
            Some(other) => Err(self.wrong(key, "a boolean", other)),
        }
    }

    /// A list of strings; empty if absent.
    fn strings(&self, key: &str) -> Result<Vec<String>, MetadataError> {
        let list = match self.get(key) {
            None => return Ok(Vec::new()),
            Some(Value::List(list)) => list,
            Some(other) => return Err(self.wrong(key, "a list of strings", other)),
        };
        let mut strings = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            match v {
                Value::String(s) => strings.push(s.clone()),
                other => return Err(self.wrong(&format!("{key}[{i}]"), "a string", other)),
            }
        }
        Ok(strings)
    }

    /// A nested map.
    fn nested(&self, key: &str) -> Result<Option<Fields<'m>>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Map(map)) => Ok(Some(Fields {
                map,
                path: self.path_of(key),
            })),
            Some(other) => Err(self.wrong(key, "a map", other)),
        }
    }

    /// A list of maps; empty if absent.
    fn maps(&self, key: &str) -> Result<Vec<Fields<'m>>, MetadataError> {
        let list = match self.get(key) {
            None => return Ok(Vec::new()),
            Some(Value::List(list)) => list,
            Some(other) => return Err(self.wrong(key, "a list of maps", other)),
        };
        let mut maps = Vec::with_capacity(list.len());
        for (i, v) in list.iter().enumerate() {
            let key = format!("{key}[{i}]");
            match v {
                Value::Map(map) => maps.push(Fields {
                    map,
                    path: self.path_of(&key),
                }),
                other => return Err(self.wrong(&key, "a map", other)),
            }
        }
        Ok(maps)
    }

    fn query_type(&self, key: &str) -> Result<Option<QueryType>, MetadataError> {
        const EXPECTED: &str = "\"r\", \"w\", \"rw\" or \"s\"";
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => match s.as_str() {
                "r" => Ok(Some(QueryType::Read)),
                "w" => Ok(Some(QueryType::Write)),
                "rw" => Ok(Some(QueryType::ReadWrite)),
                "s" => Ok(Some(QueryType::Schema)),
                _ => Err(self.unknown(key, EXPECTED)),
            },
            Some(other) => Err(self.wrong(key, EXPECTED, other)),
        }
    }

    /// A server role; `None` for a string naming a role this driver does not know.
    fn role(&self, key: &str) -> Result<Option<Role>, MetadataError> {
        const EXPECTED: &str = "\"ROUTE\", \"READ\" or \"WRITE\"";
        match self.get(key) {
            None => Err(self.missing(key, EXPECTED)),
            Some(Value::String(s)) => match s.as_str() {
                "ROUTE" => Ok(Some(Role::Route)),
                "READ" => Ok(Some(Role::Read)),
                "WRITE" => Ok(Some(Role::Write)),
                _ => Ok(None),
            },
            Some(other) => Err(self.wrong(key, EXPECTED, other)),
        }
    }
}

/// How a value's type reads in an error message.
fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Boolean(_) => "a boolean",
        Value::Integer(_) => "an integer",
        Value::Float(_) => "a float",
        Value::Bytes(_) => "bytes",
        Value::String(_) => "a string",
        Value::List(_) => "a list",
        Value::Map(_) => "a map",
        _ => "a structure",
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::test_support::{map, s};

    fn i(n: i64) -> Value {
        Value::Integer(n)
    }

    fn top(entries: &[(&str, Value)]) -> Map {
        match map(entries) {
            Value::Map(m) => m,
            _ => unreachable!(),
        }
    }

    #[test]
    fn missing_and_null_keys_take_their_defaults() {
        assert_eq!(bookmark(&top(&[("bookmark", Value::Null)])), Ok(None));
        assert_eq!(
            RunMetadata::parse(&Map::new()).unwrap(),
            RunMetadata::default()
        );
        assert_eq!(
            HelloMetadata::parse(&Map::new()).unwrap(),
            HelloMetadata::default()
        );
        assert_eq!(has_more(&Map::new()), Ok(false));
    }

    #[test]
    fn wrong_types_name_their_path() {
        let wrong = |path: &str, expected, found| MetadataError {
            path: path.into(),
            expected,
            found,
        };
        assert_eq!(
            has_more(&top(&[("has_more", s("yes"))])),
            Err(wrong("has_more", "a boolean", "a string"))
        );
        assert_eq!(
            query_type(&top(&[("type", s("x"))])),
            Err(wrong(
                "type",
                "\"r\", \"w\", \"rw\" or \"s\"",
                "an unknown string"
            ))
        );
        assert_eq!(
            bookmark(&top(&[("bookmark", i(1))])),
            Err(wrong("bookmark", "a string", "an integer"))
        );
        let err = RunMetadata::parse(&top(&[("fields", Value::List(vec![s("a"), Value::Null]))]))
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "the server's metadata has null at `fields[1]` where a string was expected"
        );
        let err = HelloMetadata::parse(&top(&[("server", i(5))])).unwrap_err();
        assert_eq!(err.path, "server");
    }

    #[test]
    fn hints_of_the_wrong_type_are_ignored() {
        let hello = |hints: Value| {
            HelloMetadata::parse(&top(&[("hints", hints)]))
                .unwrap()
                .hints
        };
        assert_eq!(hello(s("nonsense")), Hints::default());
        let hints = hello(map(&[
            ("connection.recv_timeout_seconds", s("30")),
            ("telemetry.enabled", s("true")),
            ("ssr.enabled", Value::Boolean(true)),
        ]));
        assert_eq!(
            hints,
            Hints {
                recv_timeout: None,
                telemetry_enabled: false,
                ssr_enabled: true,
            }
        );
        let hints = hello(map(&[("connection.recv_timeout_seconds", i(-5))]));
        assert_eq!(hints.recv_timeout, None);
    }

    #[test]
    fn routing_tables_need_rt_and_ttl() {
        let err = RouteAnswer::parse(&Map::new()).unwrap_err();
        assert_eq!((err.path.as_str(), err.found), ("rt", "nothing"));
        let err = RouteAnswer::parse(&top(&[("rt", map(&[]))])).unwrap_err();
        assert_eq!((err.path.as_str(), err.expected), ("rt.ttl", "an integer"));
        let with_servers = |servers: Vec<Value>| {
            top(&[(
                "rt",
                map(&[("ttl", i(10)), ("servers", Value::List(servers))]),
            )])
        };
        // An unknown role drops its entry, even when the entry's other keys are malformed.
        let unknown_role = with_servers(vec![
            map(&[("role", s("LEADER")), ("addresses", s("not a list"))]),
            map(&[
                ("role", s("READ")),
                ("addresses", Value::List(vec![s("a:1")])),
            ]),
        ]);
        assert_eq!(
            RouteAnswer::parse(&unknown_role).unwrap().servers,
            vec![RoutingServers {
                role: Role::Read,
                addresses: vec!["a:1".into()],
            }]
        );
        // A role that is not a string, or none at all, is still an error.
        let err = RouteAnswer::parse(&with_servers(vec![map(&[("role", i(1))])])).unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.found),
            ("rt.servers[0].role", "an integer")
        );
        let err = RouteAnswer::parse(&with_servers(vec![map(&[])])).unwrap_err();
        assert_eq!(
            (err.path.as_str(), err.found),
            ("rt.servers[0].role", "nothing")
        );
        let minimal = RouteAnswer::parse(&top(&[("rt", map(&[("ttl", i(10))]))])).unwrap();
        assert_eq!(
            (minimal.ttl, minimal.db, minimal.servers),
            (10, None, vec![])
        );
    }

    #[test]
    fn run_metadata() {
        let run = RunMetadata::parse(&top(&[
            ("fields", Value::List(vec![s("a"), s("b")])),
            ("t_first", i(1)),
            ("qid", i(7)),
            ("db", s("home")),
        ]))
        .unwrap();
        assert_eq!(
            run,
            RunMetadata {
                fields: vec!["a".into(), "b".into()],
                t_first: Some(1),
                qid: Some(7),
                db: Some("home".into()),
            }
        );
        assert!(has_more(&top(&[("has_more", Value::Boolean(true))])).unwrap());
    }
}
