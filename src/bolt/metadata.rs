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

/// What the SUCCESS ending a PULL or DISCARD says about the result; COMMIT's SUCCESS uses only
/// `bookmark`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SummaryMetadata {
    /// More records can be pulled (`has_more`, default false); the other keys only come with
    /// the last batch.
    pub has_more: bool,
    /// The bookmark after the auto-commit (or committed) transaction (`bookmark`).
    pub bookmark: Option<String>,
    /// The database the query ran in (`db`).
    pub db: Option<String>,
    /// Milliseconds until the first record was available (`t_first`).
    pub t_first: Option<i64>,
    /// Milliseconds until the last record was consumed (`t_last`).
    pub t_last: Option<i64>,
    /// What the query did (`type`).
    pub query_type: Option<QueryType>,
    /// Update counters (`stats`); all zero if absent.
    pub stats: Stats,
    /// The plan, for `EXPLAIN` (`plan`).
    pub plan: Option<Plan>,
    /// The profiled plan, for `PROFILE` (`profile`); every node has [`Plan::profile`].
    pub profile: Option<Plan>,
    /// Notifications (`notifications`, up to 5.4); empty if absent.
    pub notifications: Vec<Notification>,
    /// GQL status objects (`statuses`, 5.6+); empty if absent.
    pub statuses: Vec<GqlStatus>,
}

impl SummaryMetadata {
    /// Reads PULL's, DISCARD's or COMMIT's SUCCESS metadata.
    pub fn parse(metadata: &Map) -> Result<Self, MetadataError> {
        let m = Fields::top(metadata);
        Ok(SummaryMetadata {
            has_more: has_more(metadata)?,
            bookmark: m.string("bookmark")?,
            db: m.string("db")?,
            t_first: m.int("t_first")?,
            t_last: m.int("t_last")?,
            query_type: m.query_type("type")?,
            stats: match m.nested("stats")? {
                Some(stats) => Stats::parse(&stats)?,
                None => Stats::default(),
            },
            plan: m
                .nested("plan")?
                .map(|p| Plan::parse(&p, false))
                .transpose()?,
            profile: m
                .nested("profile")?
                .map(|p| Plan::parse(&p, true))
                .transpose()?,
            notifications: m
                .maps("notifications")?
                .iter()
                .map(Notification::parse)
                .collect::<Result<_, _>>()?,
            statuses: m
                .maps("statuses")?
                .iter()
                .map(GqlStatus::parse)
                .collect::<Result<_, _>>()?,
        })
    }
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

/// The update counters of a query (`stats`); each counter is 0 when absent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Stats {
    /// `nodes-created`.
    pub nodes_created: i64,
    /// `nodes-deleted`.
    pub nodes_deleted: i64,
    /// `relationships-created`.
    pub relationships_created: i64,
    /// `relationships-deleted`.
    pub relationships_deleted: i64,
    /// `properties-set`.
    pub properties_set: i64,
    /// `labels-added`.
    pub labels_added: i64,
    /// `labels-removed`.
    pub labels_removed: i64,
    /// `indexes-added`.
    pub indexes_added: i64,
    /// `indexes-removed`.
    pub indexes_removed: i64,
    /// `constraints-added`.
    pub constraints_added: i64,
    /// `constraints-removed`.
    pub constraints_removed: i64,
    /// `system-updates`.
    pub system_updates: i64,
    /// `contains-updates`; when absent, whether any counter other than `system-updates` is
    /// above zero.
    pub contains_updates: bool,
    /// `contains-system-updates`; when absent, whether `system-updates` is above zero.
    pub contains_system_updates: bool,
}

impl Stats {
    fn parse(m: &Fields<'_>) -> Result<Stats, MetadataError> {
        let count = |key: &str| m.int(key).map(Option::unwrap_or_default);
        let mut stats = Stats {
            nodes_created: count("nodes-created")?,
            nodes_deleted: count("nodes-deleted")?,
            relationships_created: count("relationships-created")?,
            relationships_deleted: count("relationships-deleted")?,
            properties_set: count("properties-set")?,
            labels_added: count("labels-added")?,
            labels_removed: count("labels-removed")?,
            indexes_added: count("indexes-added")?,
            indexes_removed: count("indexes-removed")?,
            constraints_added: count("constraints-added")?,
            constraints_removed: count("constraints-removed")?,
            system_updates: count("system-updates")?,
            contains_updates: false,
            contains_system_updates: false,
        };
        let data = [
            stats.nodes_created,
            stats.nodes_deleted,
            stats.relationships_created,
            stats.relationships_deleted,
            stats.properties_set,
            stats.labels_added,
            stats.labels_removed,
            stats.indexes_added,
            stats.indexes_removed,
            stats.constraints_added,
            stats.constraints_removed,
        ];
        stats.contains_updates = m
            .boolean("contains-updates")?
            .unwrap_or_else(|| data.iter().any(|c| *c > 0));
        stats.contains_system_updates = m
            .boolean("contains-system-updates")?
            .unwrap_or(stats.system_updates > 0);
        Ok(stats)
    }
}

/// One operator of a query plan (`plan`) or profile (`profile`), with its children.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Plan {
    /// The operator, e.g. `ProduceResults@neo4j` (`operatorType`; empty if absent).
    pub operator_type: String,
    /// Operator arguments, as sent (`args`; empty if absent).
    pub arguments: Map,
    /// Variables the operator produces (`identifiers`; empty if absent).
    pub identifiers: Vec<String>,
    /// Input operators (`children`; empty if absent).
    pub children: Vec<Plan>,
    /// What profiling measured; `Some` exactly for nodes of a `profile`.
    pub profile: Option<ProfileStats>,
}

impl Plan {
    /// Reads one plan node and, recursively, its children (the decoder already bounds nesting).
    fn parse(m: &Fields<'_>, profiled: bool) -> Result<Plan, MetadataError> {
        let profile = if profiled {
            let count = |key: &str| m.int(key).map(Option::unwrap_or_default);
            Some(ProfileStats {
                db_hits: count("dbHits")?,
                rows: count("rows")?,
                page_cache_hits: count("pageCacheHits")?,
                page_cache_misses: count("pageCacheMisses")?,
                page_cache_hit_ratio: m.float("pageCacheHitRatio")?.unwrap_or_default(),
                time: count("time")?,
            })
        } else {
            None
        };
        Ok(Plan {
            operator_type: m.string("operatorType")?.unwrap_or_default(),
            arguments: m.nested("args")?.map(|a| a.map.clone()).unwrap_or_default(),
            identifiers: m.strings("identifiers")?,
            children: m
                .maps("children")?
                .iter()
                .map(|child| Plan::parse(child, profiled))
                .collect::<Result<_, _>>()?,
            profile,
        })
    }
}

/// What profiling measured for one operator; each value is 0 when absent.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ProfileStats {
    /// Storage accesses (`dbHits`).
    pub db_hits: i64,
    /// Rows produced (`rows`).
    pub rows: i64,
    /// Page cache hits (`pageCacheHits`).
    pub page_cache_hits: i64,
    /// Page cache misses (`pageCacheMisses`).
    pub page_cache_misses: i64,
    /// Hits over all page cache accesses (`pageCacheHitRatio`; an integer is accepted too).
    pub page_cache_hit_ratio: f64,
    /// Time spent, in milliseconds (`time`).
    pub time: i64,
}

/// Where in the query text something was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    /// Character offset from the start, 0-based (`offset`; 0 if absent).
    pub offset: i64,
    /// Line, 1-based (`line`; 0 if absent).
    pub line: i64,
    /// Column, 1-based (`column`; 0 if absent).
    pub column: i64,
}

impl Position {
    fn parse(m: &Fields<'_>) -> Result<Position, MetadataError> {
        let at = |key: &str| m.int(key).map(Option::unwrap_or_default);
        Ok(Position {
            offset: at("offset")?,
            line: at("line")?,
            column: at("column")?,
        })
    }
}

/// A notification about a query (`notifications` entries, up to Bolt 5.4).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Notification {
    /// E.g. `Neo.ClientNotification.Statement.UnknownLabelWarning` (`code`; empty if absent).
    pub code: String,
    /// Short summary (`title`; empty if absent).
    pub title: String,
    /// Longer explanation (`description`; empty if absent).
    pub description: String,
    /// `WARNING` or `INFORMATION`, as sent (`severity`).
    pub severity: Option<String>,
    /// E.g. `UNRECOGNIZED`, as sent (`category`).
    pub category: Option<String>,
    /// Where in the query it applies (`position`).
    pub position: Option<Position>,
}

impl Notification {
    fn parse(m: &Fields<'_>) -> Result<Notification, MetadataError> {
        Ok(Notification {
            code: m.string("code")?.unwrap_or_default(),
            title: m.string("title")?.unwrap_or_default(),
            description: m.string("description")?.unwrap_or_default(),
            severity: m.string("severity")?,
            category: m.string("category")?,
            position: m
                .nested("position")?
                .map(|p| Position::parse(&p))
                .transpose()?,
        })
    }
}

/// A GQL status object about a query (`statuses` entries, Bolt 5.6+).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GqlStatus {
    /// The GQLSTATUS code, e.g. `01N50` (`gql_status`; empty if absent).
    pub gql_status: String,
    /// What the code means here (`status_description`; empty if absent).
    pub status_description: String,
    /// The matching Neo4j notification code, for statuses that are notifications
    /// (`neo4j_code`).
    pub neo4j_code: Option<String>,
    /// Short summary, for notifications (`title`).
    pub title: Option<String>,
    /// The notification's description (`description`).
    pub description: Option<String>,
    /// Details (`diagnostic_record`; empty if absent).
    pub diagnostic_record: DiagnosticRecord,
}

impl GqlStatus {
    fn parse(m: &Fields<'_>) -> Result<GqlStatus, MetadataError> {
        Ok(GqlStatus {
            gql_status: m.string("gql_status")?.unwrap_or_default(),
            status_description: m.string("status_description")?.unwrap_or_default(),
            neo4j_code: m.string("neo4j_code")?,
            title: m.string("title")?,
            description: m.string("description")?,
            diagnostic_record: match m.nested("diagnostic_record")? {
                Some(record) => DiagnosticRecord::parse(&record)?,
                None => DiagnosticRecord::default(),
            },
        })
    }
}

/// The diagnostic record of a [`GqlStatus`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiagnosticRecord {
    /// `WARNING` or `INFORMATION`, as sent (`_severity`).
    pub severity: Option<String>,
    /// E.g. `DEPRECATION`, as sent (`_classification`).
    pub classification: Option<String>,
    /// Where in the query it applies (`_position`).
    pub position: Option<Position>,
    /// Every other entry, as sent (`OPERATION`, `CURRENT_SCHEMA`, `_status_parameters`, ...).
    pub others: Map,
}

impl DiagnosticRecord {
    fn parse(m: &Fields<'_>) -> Result<DiagnosticRecord, MetadataError> {
        Ok(DiagnosticRecord {
            severity: m.string("_severity")?,
            classification: m.string("_classification")?,
            position: m
                .nested("_position")?
                .map(|p| Position::parse(&p))
                .transpose()?,
            others: m
                .map
                .iter()
                .filter(|(k, _)| {
                    !matches!(k.as_str(), "_severity" | "_classification" | "_position")
                })
                .cloned()
                .collect(),
        })
    }
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
        Ok(RouteAnswer {
            ttl: rt
                .int("ttl")?
                .ok_or_else(|| rt.missing("ttl", "an integer"))?,
            db: rt.string("db")?,
            servers: rt
                .maps("servers")?
                .iter()
                .filter_map(|s| {
                    let role = match s.role("role") {
                        Ok(Some(role)) => role,
                        Ok(None) => return None,
                        Err(e) => return Some(Err(e)),
                    };
                    Some(
                        s.strings("addresses")
                            .map(|addresses| RoutingServers { role, addresses }),
                    )
                })
                .collect::<Result<_, _>>()?,
        })
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

    fn float(&self, key: &str) -> Result<Option<f64>, MetadataError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::Float(f)) => Ok(Some(*f)),
            Some(Value::Integer(i)) => Ok(Some(*i as f64)),
            Some(other) => Err(self.wrong(key, "a float", other)),
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
        list.iter()
            .enumerate()
            .map(|(i, v)| match v {
                Value::String(s) => Ok(s.clone()),
                other => Err(self.wrong(&format!("{key}[{i}]"), "a string", other)),
            })
            .collect()
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
        list.iter()
            .enumerate()
            .map(|(i, v)| {
                let key = format!("{key}[{i}]");
                match v {
                    Value::Map(map) => Ok(Fields {
                        map,
                        path: self.path_of(&key),
                    }),
                    other => Err(self.wrong(&key, "a map", other)),
                }
            })
            .collect()
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

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    fn i(n: i64) -> Value {
        Value::Integer(n)
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn top(entries: &[(&str, Value)]) -> Map {
        match map(entries) {
            Value::Map(m) => m,
            _ => unreachable!(),
        }
    }

    fn position(offset: i64, line: i64, column: i64) -> Value {
        map(&[
            ("offset", i(offset)),
            ("line", i(line)),
            ("column", i(column)),
        ])
    }

    #[test]
    fn a_full_summary() {
        let leaf = map(&[
            ("operatorType", s("AllNodesScan@neo4j")),
            ("args", map(&[("EstimatedRows", Value::Float(10.0))])),
            ("identifiers", Value::List(vec![s("n")])),
            ("dbHits", i(11)),
            ("rows", i(10)),
            ("pageCacheHits", i(3)),
            ("pageCacheMisses", i(1)),
            ("pageCacheHitRatio", Value::Float(0.75)),
            ("time", i(2)),
        ]);
        let root = map(&[
            ("operatorType", s("ProduceResults@neo4j")),
            ("identifiers", Value::List(vec![s("n")])),
            ("children", Value::List(vec![leaf])),
            ("dbHits", i(0)),
            ("rows", i(10)),
            ("pageCacheHitRatio", i(1)),
        ]);
        let metadata = top(&[
            ("bookmark", s("bm:9")),
            ("db", s("neo4j")),
            ("t_last", i(4)),
            ("type", s("rw")),
            (
                "stats",
                map(&[("nodes-created", i(2)), ("properties-set", i(3))]),
            ),
            ("profile", root),
            (
                "notifications",
                Value::List(vec![map(&[
                    (
                        "code",
                        s("Neo.ClientNotification.Statement.UnknownLabelWarning"),
                    ),
                    ("title", s("unknown label")),
                    ("description", s("no such label")),
                    ("severity", s("WARNING")),
                    ("category", s("UNRECOGNIZED")),
                    ("position", position(9, 1, 10)),
                ])]),
            ),
            (
                "statuses",
                Value::List(vec![map(&[
                    ("gql_status", s("01N50")),
                    ("status_description", s("warn: label does not exist")),
                    (
                        "neo4j_code",
                        s("Neo.ClientNotification.Statement.UnknownLabelWarning"),
                    ),
                    ("title", s("unknown label")),
                    (
                        "diagnostic_record",
                        map(&[
                            ("_severity", s("WARNING")),
                            ("_classification", s("UNRECOGNIZED")),
                            ("_position", position(9, 1, 10)),
                            ("OPERATION", s("")),
                        ]),
                    ),
                ])]),
            ),
        ]);
        let summary = SummaryMetadata::parse(&metadata).unwrap();
        assert!(!summary.has_more);
        assert_eq!(summary.bookmark.as_deref(), Some("bm:9"));
        assert_eq!(summary.db.as_deref(), Some("neo4j"));
        assert_eq!((summary.t_first, summary.t_last), (None, Some(4)));
        assert_eq!(summary.query_type, Some(QueryType::ReadWrite));
        assert_eq!(summary.stats.nodes_created, 2);
        assert_eq!(summary.stats.properties_set, 3);
        assert!(summary.stats.contains_updates, "derived from the counters");
        assert!(!summary.stats.contains_system_updates);
        assert_eq!(summary.plan, None);
        let profile = summary.profile.unwrap();
        assert_eq!(profile.operator_type, "ProduceResults@neo4j");
        assert_eq!(profile.profile.unwrap().page_cache_hit_ratio, 1.0);
        let scan = &profile.children[0];
        assert_eq!(
            scan.arguments,
            vec![("EstimatedRows".into(), Value::Float(10.0))]
        );
        assert_eq!(
            scan.profile,
            Some(ProfileStats {
                db_hits: 11,
                rows: 10,
                page_cache_hits: 3,
                page_cache_misses: 1,
                page_cache_hit_ratio: 0.75,
                time: 2,
            })
        );
        let at = Some(Position {
            offset: 9,
            line: 1,
            column: 10,
        });
        let notification = &summary.notifications[0];
        assert_eq!(notification.severity.as_deref(), Some("WARNING"));
        assert_eq!(notification.category.as_deref(), Some("UNRECOGNIZED"));
        assert_eq!(notification.position, at);
        let status = &summary.statuses[0];
        assert_eq!(status.gql_status, "01N50");
        assert_eq!(status.title.as_deref(), Some("unknown label"));
        assert_eq!(status.description, None);
        assert_eq!(
            status.diagnostic_record.severity.as_deref(),
            Some("WARNING")
        );
        assert_eq!(
            status.diagnostic_record.classification.as_deref(),
            Some("UNRECOGNIZED")
        );
        assert_eq!(status.diagnostic_record.position, at);
        assert_eq!(
            status.diagnostic_record.others,
            vec![("OPERATION".into(), s(""))]
        );
    }

    #[test]
    fn missing_and_null_keys_take_their_defaults() {
        let summary = SummaryMetadata::parse(&top(&[("bookmark", Value::Null)])).unwrap();
        assert_eq!(summary, SummaryMetadata::default());
        assert_eq!(
            RunMetadata::parse(&Map::new()).unwrap(),
            RunMetadata::default()
        );
        assert_eq!(
            HelloMetadata::parse(&Map::new()).unwrap(),
            HelloMetadata::default()
        );
        let plan = top(&[("plan", map(&[]))]);
        let plan = SummaryMetadata::parse(&plan).unwrap().plan.unwrap();
        assert_eq!((plan.operator_type.as_str(), plan.profile), ("", None));
    }

    #[test]
    fn server_flags_win_over_the_counters() {
        let stats = |entries: &[(&str, Value)]| {
            SummaryMetadata::parse(&top(&[("stats", map(entries))]))
                .unwrap()
                .stats
        };
        let flagged = stats(&[
            ("nodes-created", i(1)),
            ("contains-updates", Value::Boolean(false)),
        ]);
        assert!(!flagged.contains_updates);
        let system = stats(&[("system-updates", i(2))]);
        assert!(system.contains_system_updates && !system.contains_updates);
        let system = stats(&[("contains-system-updates", Value::Boolean(true))]);
        assert!(system.contains_system_updates);
    }

    #[test]
    fn wrong_types_name_their_path() {
        let cases = [
            (
                top(&[("has_more", s("yes"))]),
                "has_more",
                "a boolean",
                "a string",
            ),
            (
                top(&[("stats", map(&[("nodes-created", s("1"))]))]),
                "stats.nodes-created",
                "an integer",
                "a string",
            ),
            (
                top(&[("type", s("x"))]),
                "type",
                "\"r\", \"w\", \"rw\" or \"s\"",
                "an unknown string",
            ),
            (
                top(&[(
                    "profile",
                    map(&[(
                        "children",
                        Value::List(vec![map(&[("dbHits", Value::Boolean(true))])]),
                    )]),
                )]),
                "profile.children[0].dbHits",
                "an integer",
                "a boolean",
            ),
            (
                top(&[(
                    "notifications",
                    Value::List(vec![
                        map(&[]),
                        map(&[("position", map(&[("line", s("1"))]))]),
                    ]),
                )]),
                "notifications[1].position.line",
                "an integer",
                "a string",
            ),
            (
                top(&[("statuses", Value::List(vec![i(1)]))]),
                "statuses[0]",
                "a map",
                "an integer",
            ),
            (
                top(&[(
                    "plan",
                    map(&[("identifiers", Value::List(vec![s("n"), i(2)]))]),
                )]),
                "plan.identifiers[1]",
                "a string",
                "an integer",
            ),
        ];
        for (metadata, path, expected, found) in cases {
            let err = SummaryMetadata::parse(&metadata).unwrap_err();
            assert_eq!(
                err,
                MetadataError {
                    path: path.into(),
                    expected,
                    found
                }
            );
        }
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
