//! `bolt-stub --cluster CONFIG`: a simulated causal cluster for routing tests. Every member
//! listens on its own loopback port (TCP and WebSocket, as the scripted stub), answers ROUTE
//! with the routing table the configuration gives for the database, and runs any query as a
//! member of that table would: a write on a member that is not a writer of the database fails
//! with `NotALeader`. Tests change the tables and stop members while drivers work.
//!
//! The configuration is JSON:
//!
//! ```json
//! {
//!   "version": "5.8",
//!   "members": ["a", "b", "c", "d", "e"],
//!   "databases": {
//!     "neo4j": {"routers": ["a", "b", "c"], "writers": ["a"], "readers": ["d", "e"], "ttl": 300}
//!   },
//!   "home": {"*": "neo4j", "alice": "sales"}
//! }
//! ```
//!
//! `version` (default 5.8) is the one Bolt version every member speaks; `home` gives each
//! user's home database (`*`: everyone else), for work and ROUTE that name no database.
//!
//! Output, one line each: `member NAME 127.0.0.1:PORT` per member, then `ready`; then
//! `event {"member": .., "connection": .., "message": "RUN", "fields": [..]}` for every message
//! a member receives (fields in the script notation), and `done N` or `error N: why` for the
//! N-th command. Commands come on stdin, one JSON object per line:
//!
//! - `{"table": "neo4j", "routers": [..], "writers": [..], "readers": [..], "ttl": 300}` sets the
//!   routing table of a database (a new database, or new members and TTL of a known one);
//! - `{"stop": "d"}` stops a member: its port closes and so do its connections;
//! - `{"sync": true}` does nothing: its `done` line comes after the `event` line of every
//!   message received before it, so a client that waits for it has seen them all.
//!
//! Every query returns one record `[member, database, query]` under the keys `server`,
//! `database` and `query`, except the routing procedure of Bolt 4.2 and earlier, which
//! returns the table (`ttl`, `servers`). The server runs until stdin closes, it is stopped, or `--timeout`
//! passes.

use std::collections::BTreeMap;
use std::io;
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use neo4j_wasm::bolt::Version;
use serde_json::Value as Json;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::TcpListener;
use tokio::task::{AbortHandle, JoinSet};

use crate::reply::{
    answer_messages, entry, handshake, map, string, strings, Answerer, Replies, BEGIN, COMMIT,
    DISCARD, GOODBYE, HELLO, IGNORED, LOGOFF, LOGON, PULL, RECORD, RESET, ROLLBACK, ROUTE, RUN,
    TELEMETRY,
};
use crate::script::client_message;
use crate::transport::{self, Conn, Opened};
use crate::values::{Show, Wire};

/// The query that asks for a routing table before Bolt 4.3, which has no ROUTE.
const ROUTING_PROCEDURE: &str = "CALL dbms.routing.getRoutingTable($context, $database)";

/// The version members speak unless the configuration says otherwise.
const DEFAULT_VERSION: Version = Version::V5_8;

/// The routing table of one database, by member name.
#[derive(Debug, Clone, PartialEq)]
struct Table {
    routers: Vec<String>,
    writers: Vec<String>,
    readers: Vec<String>,
    ttl: i64,
}

/// The parsed configuration.
#[derive(Debug)]
pub struct Config {
    version: Version,
    members: Vec<String>,
    databases: BTreeMap<String, Table>,
    home: BTreeMap<String, String>,
}

/// What every member and connection shares: the current tables and where members listen.
struct State {
    addresses: BTreeMap<String, String>,
    databases: BTreeMap<String, Table>,
    home: BTreeMap<String, String>,
}

impl State {
    /// The home database of `user` (`None`: not logged in as anyone).
    fn home_of(&self, user: Option<&str>) -> Option<String> {
        user.and_then(|u| self.home.get(u))
            .or_else(|| self.home.get("*"))
            .cloned()
    }

    /// The addresses of `members`.
    fn addresses_of(&self, members: &[String]) -> Vec<String> {
        members
            .iter()
            .filter_map(|m| self.addresses.get(m).cloned())
            .collect()
    }
}

fn names(json: Option<&Json>, what: &str, members: &[String]) -> Result<Vec<String>, String> {
    let list = json
        .and_then(Json::as_array)
        .ok_or_else(|| format!("{what} must be a list of member names"))?;
    list.iter()
        .map(|name| match name.as_str() {
            Some(name) if members.iter().any(|m| m == name) => Ok(name.to_owned()),
            _ => Err(format!("{what}: {name} is not a member")),
        })
        .collect()
}

/// Reads a table (`routers`, `writers`, `readers`, `ttl`) from a JSON object.
fn table(json: &Json, what: &str, members: &[String]) -> Result<Table, String> {
    Ok(Table {
        routers: names(json.get("routers"), &format!("{what}.routers"), members)?,
        writers: names(json.get("writers"), &format!("{what}.writers"), members)?,
        readers: names(json.get("readers"), &format!("{what}.readers"), members)?,
        ttl: json
            .get("ttl")
            .and_then(Json::as_i64)
            .ok_or_else(|| format!("{what}.ttl must be an integer number of seconds"))?,
    })
}

impl Config {
    /// Parses the configuration; errors name the offending key.
    pub fn parse(text: &str) -> Result<Config, String> {
        let json: Json = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
        let version = match json.get("version") {
            None => DEFAULT_VERSION,
            Some(Json::String(v)) => {
                let (major, minor) = v
                    .split_once('.')
                    .and_then(|(a, b)| Some((a.parse().ok()?, b.parse().ok()?)))
                    .ok_or_else(|| format!("version {v:?} is not MAJOR.MINOR"))?;
                Version::new(major, minor)
            }
            Some(other) => return Err(format!("version must be a string, not {other}")),
        };
        let members: Vec<String> = json
            .get("members")
            .and_then(Json::as_array)
            .and_then(|list| list.iter().map(|m| m.as_str().map(str::to_owned)).collect())
            .ok_or("members must be a list of names")?;
        let databases = json
            .get("databases")
            .and_then(Json::as_object)
            .ok_or("databases must be an object of routing tables")?
            .iter()
            .map(|(db, t)| Ok((db.clone(), table(t, &format!("databases.{db}"), &members)?)))
            .collect::<Result<_, String>>()?;
        let home = match json.get("home") {
            None => BTreeMap::new(),
            Some(Json::Object(home)) => home
                .iter()
                .map(|(user, db)| match db.as_str() {
                    Some(db) => Ok((user.clone(), db.to_owned())),
                    None => Err(format!("home.{user} must be a database name")),
                })
                .collect::<Result<_, String>>()?,
            Some(_) => return Err("home must be an object of user: database".into()),
        };
        Ok(Config {
            version,
            members,
            databases,
            home,
        })
    }
}

/// Runs the cluster until stdin closes or `timeout` passes.
pub async fn run(config: Config, timeout: Option<Duration>) -> ExitCode {
    let mut listeners = Vec::new();
    let mut addresses = BTreeMap::new();
    for member in &config.members {
        let listener = match TcpListener::bind(("127.0.0.1", 0)).await {
            Ok(listener) => listener,
            Err(e) => {
                eprintln!("bolt-stub: member {member} cannot listen: {e}");
                return ExitCode::from(3);
            }
        };
        let address = match listener.local_addr() {
            Ok(address) => address.to_string(),
            Err(e) => {
                eprintln!("bolt-stub: member {member} has no address: {e}");
                return ExitCode::from(3);
            }
        };
        println!("member {member} {address}");
        addresses.insert(member.clone(), address);
        listeners.push((member.clone(), listener));
    }
    let state = Arc::new(Mutex::new(State {
        addresses,
        databases: config.databases,
        home: config.home,
    }));
    let mut members = BTreeMap::new();
    let mut tasks = JoinSet::new();
    for (member, listener) in listeners {
        let handle = tasks.spawn(serve_member(
            member.clone(),
            listener,
            config.version,
            state.clone(),
        ));
        members.insert(member, handle);
    }
    println!("ready");
    let commands = async {
        let mut lines = BufReader::new(tokio::io::stdin()).lines();
        let mut count = 0;
        while let Ok(Some(line)) = lines.next_line().await {
            if line.trim().is_empty() {
                continue;
            }
            count += 1;
            match command(&line, &state, &members) {
                Ok(()) => println!("done {count}"),
                Err(why) => println!("error {count}: {why}"),
            }
        }
    };
    match timeout {
        Some(limit) => _ = tokio::time::timeout(limit, commands).await,
        None => commands.await,
    }
    tasks.abort_all();
    ExitCode::SUCCESS
}

/// Carries out one command line.
fn command(
    line: &str,
    state: &Mutex<State>,
    members: &BTreeMap<String, AbortHandle>,
) -> Result<(), String> {
    let json: Json = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    if let Some(db) = json.get("table").and_then(Json::as_str) {
        let names: Vec<String> = members.keys().cloned().collect();
        let table = table(&json, "table", &names)?;
        lock(state).databases.insert(db.to_owned(), table);
        Ok(())
    } else if let Some(member) = json.get("stop").and_then(Json::as_str) {
        let handle = members
            .get(member)
            .ok_or_else(|| format!("{member} is not a member"))?;
        handle.abort();
        Ok(())
    } else if json.get("sync").is_some() {
        Ok(())
    } else {
        Err(format!("unknown command {line} (known: table, stop, sync)"))
    }
}

fn lock(state: &Mutex<State>) -> std::sync::MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Accepts and serves connections to one member; aborting it closes them all.
async fn serve_member(
    member: String,
    listener: TcpListener,
    version: Version,
    state: Arc<Mutex<State>>,
) {
    let mut connections = JoinSet::new();
    let mut count = 0;
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else { continue };
                count += 1;
                let (member, state) = (member.clone(), state.clone());
                connections.spawn(async move {
                    if let Opened::Bolt(conn) = transport::accept(stream).await {
                        let id = format!("{member}-{count}");
                        if let Err(e) = serve(conn, member, id.clone(), version, state).await {
                            eprintln!("bolt-stub: connection {id}: {e}");
                        }
                    }
                });
            }
            // Reaps finished connections; never ends the loop.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
    }
}

/// The database and access mode of a piece of work.
#[derive(Debug, Clone)]
struct Work {
    database: String,
    write: bool,
}

/// One connection to a member.
struct Served {
    conn: Conn,
    replies: Replies,
    member: String,
    id: String,
    version: Version,
    state: Arc<Mutex<State>>,
    /// The user it logged on as.
    user: Option<String>,
    /// The open explicit transaction.
    transaction: Option<Work>,
    /// The result RUN opened, with its one record, until PULL or DISCARD.
    open: Option<(Work, Vec<Wire>)>,
    /// A request failed: everything but RESET is IGNORED.
    failed: bool,
    commits: u64,
}

/// Serves one connection until GOODBYE or the client closes.
async fn serve(
    mut conn: Conn,
    member: String,
    id: String,
    version: Version,
    state: Arc<Mutex<State>>,
) -> io::Result<()> {
    let Some(rest) = handshake(&mut conn, version).await? else {
        conn.close().await;
        return Ok(());
    };
    let mut served = Served {
        conn,
        replies: Replies::default(),
        member,
        id,
        version,
        state,
        user: None,
        transaction: None,
        open: None,
        failed: false,
        commits: 0,
    };
    answer_messages(&mut served, &rest).await?;
    served.conn.close().await;
    Ok(())
}

/// A string field of a map value.
fn text<'a>(value: Option<&'a Wire>, key: &str) -> Option<&'a str> {
    match entry(value, key) {
        Some(Wire::String(s)) => Some(s),
        _ => None,
    }
}

impl Answerer for Served {
    fn parts(&mut self) -> (&mut Conn, &mut Replies) {
        (&mut self.conn, &mut self.replies)
    }

    async fn answer(&mut self, signature: u8, fields: &[Wire]) -> io::Result<()> {
        self.report(signature, fields);
        if signature != GOODBYE {
            self.handle(signature, fields);
        }
        Ok(())
    }
}

impl Served {
    /// Prints the `event` line of a received message.
    fn report(&self, signature: u8, fields: &[Wire]) {
        let dialect = self.version.dialect(false);
        let name = client_message(signature).map_or("?", |m| m.name);
        let shown: Vec<String> = fields
            .iter()
            .map(|f| Show(f, dialect).to_string())
            .collect();
        println!(
            r#"event {{"member": {}, "connection": {}, "message": "{name}", "fields": [{}]}}"#,
            Json::String(self.member.clone()),
            Json::String(self.id.clone()),
            shown.join(", ")
        );
    }

    fn handle(&mut self, signature: u8, fields: &[Wire]) {
        if self.failed && signature != RESET {
            self.replies.message(IGNORED, vec![]);
            return;
        }
        match signature {
            HELLO => {
                self.user = text(fields.first(), "principal").map(str::to_owned);
                self.replies.success(vec![
                    ("server", string("Neo4j/5.26.0")),
                    ("connection_id", string(&self.id)),
                    ("hints", map(vec![])),
                ]);
            }
            LOGON => {
                self.user = text(fields.first(), "principal").map(str::to_owned);
                self.replies.success(vec![]);
            }
            LOGOFF => {
                self.user = None;
                self.replies.success(vec![]);
            }
            TELEMETRY => self.replies.success(vec![]),
            RESET => {
                self.transaction = None;
                self.open = None;
                self.failed = false;
                self.replies.success(vec![]);
            }
            ROUTE => self.route(fields),
            BEGIN => {
                if let Some(work) = self.work(fields.first()) {
                    let meta = self.database_meta(&work);
                    self.transaction = Some(work);
                    self.replies.success(meta);
                }
            }
            RUN => self.run(fields),
            PULL | DISCARD => match self.open.take() {
                Some((work, record)) => {
                    if signature == PULL {
                        self.replies.message(RECORD, vec![Wire::List(record)]);
                    }
                    let kind = if work.write { "w" } else { "r" };
                    let mut meta = vec![
                        ("type", string(kind)),
                        ("t_last", Wire::Int(0)),
                        ("db", string(&work.database)),
                    ];
                    if self.transaction.is_none() {
                        meta.push(("bookmark", string(&self.bookmark())));
                    }
                    self.replies.success(meta);
                }
                None => self.fail("Neo.ClientError.Request.Invalid", "no open result"),
            },
            COMMIT => {
                self.transaction = None;
                let bookmark = self.bookmark();
                self.replies.success(vec![("bookmark", string(&bookmark))]);
            }
            ROLLBACK => {
                self.transaction = None;
                self.replies.success(vec![]);
            }
            other => self.fail(
                "Neo.ClientError.Request.Invalid",
                &format!("the cluster does not answer message {other:#04x}"),
            ),
        }
    }

    /// Answers ROUTE (4.4+: `db` and `imp_user` in its third field; 4.3: the database).
    fn route(&mut self, fields: &[Wire]) {
        let (requested, user) = match fields.get(2) {
            Some(Wire::String(db)) => (Some(db.as_str()), None),
            extra => (text(extra, "db"), text(extra, "imp_user")),
        };
        if let Some((ttl, servers, database)) = self.routing_table(requested, user) {
            // The database's name came with 4.4.
            let rt = if self.version >= Version::V4_4 {
                map(vec![
                    ("ttl", ttl),
                    ("db", string(&database)),
                    ("servers", servers),
                ])
            } else {
                map(vec![("ttl", ttl), ("servers", servers)])
            };
            self.replies.success(vec![("rt", rt)]);
        }
    }

    /// The routing table of `requested`, else of `user`'s home database: its `ttl`, its
    /// `servers` as ROUTE lists them, and the database's name. When the cluster does not
    /// have the database, answers FAILURE and gives `None`.
    fn routing_table(
        &mut self,
        requested: Option<&str>,
        user: Option<&str>,
    ) -> Option<(Wire, Wire, String)> {
        let state = lock(&self.state);
        let database = requested
            .map(str::to_owned)
            .or_else(|| state.home_of(user.or(self.user.as_deref())));
        let Some(table) = database.as_ref().and_then(|db| state.databases.get(db)) else {
            drop(state);
            self.not_found(database.as_deref());
            return None;
        };
        let role = |members: &[String], role: &str| {
            map(vec![
                ("addresses", strings(&state.addresses_of(members))),
                ("role", string(role)),
            ])
        };
        let servers = Wire::List(vec![
            role(&table.routers, "ROUTE"),
            role(&table.readers, "READ"),
            role(&table.writers, "WRITE"),
        ]);
        Some((Wire::Int(table.ttl), servers, database?))
    }

    /// Answers the routing procedure of servers before Bolt 4.3: one record, `ttl` and
    /// `servers`, for the database in the parameters.
    fn routing_procedure(&mut self, parameters: Option<&Wire>) {
        let requested = text(parameters, "database").map(str::to_owned);
        if let Some((ttl, servers, _)) = self.routing_table(requested.as_deref(), None) {
            let work = Work {
                database: "system".into(),
                write: false,
            };
            self.open = Some((work, vec![ttl, servers]));
            self.replies.success(vec![
                ("fields", strings(&["ttl".into(), "servers".into()])),
                ("t_first", Wire::Int(0)),
            ]);
        }
    }

    /// Runs a query: in the open transaction, or on its own with the settings of its `extra`.
    fn run(&mut self, fields: &[Wire]) {
        if matches!(fields.first(), Some(Wire::String(q)) if q == ROUTING_PROCEDURE) {
            return self.routing_procedure(fields.get(1));
        }
        let work = match &self.transaction {
            Some(work) => work.clone(),
            None => match self.work(fields.get(2)) {
                Some(work) => work,
                None => return,
            },
        };
        let query = match fields.first() {
            Some(Wire::String(query)) => query.clone(),
            _ => String::new(),
        };
        let mut meta = vec![
            (
                "fields",
                strings(&["server".into(), "database".into(), "query".into()]),
            ),
            ("t_first", Wire::Int(0)),
        ];
        if self.transaction.is_some() {
            meta.push(("qid", Wire::Int(0)));
        } else {
            meta.extend(self.database_meta(&work));
        }
        let record = vec![
            string(&self.member),
            string(&work.database),
            Wire::String(query),
        ];
        self.open = Some((work, record));
        self.replies.success(meta);
    }

    /// The work that BEGIN's or RUN's `extra` describes, if this member can do it; otherwise
    /// answers FAILURE and gives `None`.
    fn work(&mut self, extra: Option<&Wire>) -> Option<Work> {
        let state = lock(&self.state);
        let database = text(extra, "db")
            .map(str::to_owned)
            .or_else(|| state.home_of(text(extra, "imp_user").or(self.user.as_deref())));
        let write = text(extra, "mode") != Some("r");
        let leads = database
            .as_ref()
            .and_then(|db| state.databases.get(db))
            .map(|table| table.writers.contains(&self.member));
        drop(state);
        match (database, leads) {
            (Some(database), Some(leads)) if leads || !write => Some(Work { database, write }),
            (Some(database), Some(_)) => {
                self.fail(
                    "Neo.ClientError.Cluster.NotALeader",
                    &format!(
                        "{} is not the leader of database '{database}': no writes here",
                        self.member
                    ),
                );
                None
            }
            (database, _) => {
                self.not_found(database.as_deref());
                None
            }
        }
    }

    /// The `db` BEGIN's and RUN's SUCCESS report from Bolt 5.8 on.
    fn database_meta(&self, work: &Work) -> Vec<(&'static str, Wire)> {
        if self.version >= Version::V5_8 {
            vec![("db", string(&work.database))]
        } else {
            Vec::new()
        }
    }

    fn not_found(&mut self, database: Option<&str>) {
        let why = match database {
            Some(db) => format!("Database does not exist. Database name: '{db}'."),
            None => "no home database is configured for this user".into(),
        };
        self.fail("Neo.ClientError.Database.DatabaseNotFound", &why);
    }

    fn bookmark(&mut self) -> String {
        self.commits += 1;
        format!("{}:{}", self.id, self.commits)
    }

    fn fail(&mut self, code: &str, why: &str) {
        self.failed = true;
        self.replies.failure(self.version, code, why);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configurations_are_checked_and_name_the_offending_key() {
        let config = Config::parse(
            r#"{"members": ["a", "b"], "home": {"*": "neo4j"},
                "databases": {"neo4j": {"routers": ["a"], "writers": ["a"], "readers": ["b"], "ttl": 0}}}"#,
        )
        .unwrap();
        assert_eq!(config.version, DEFAULT_VERSION);
        assert_eq!(config.databases["neo4j"].readers, ["b"]);
        for (bad, says) in [
            (
                r#"{"members": ["a"], "databases": {"x": {"routers": ["z"], "writers": [], "readers": [], "ttl": 1}}}"#,
                "databases.x.routers: \"z\" is not a member",
            ),
            (
                r#"{"members": ["a"], "databases": {"x": {"routers": [], "writers": [], "readers": []}}}"#,
                "databases.x.ttl must be an integer",
            ),
            (
                r#"{"version": "five", "members": [], "databases": {}}"#,
                "version \"five\" is not MAJOR.MINOR",
            ),
            (
                r#"{"members": [], "databases": {}, "home": {"u": 1}}"#,
                "home.u must be a database name",
            ),
        ] {
            let error = Config::parse(bad).unwrap_err();
            assert!(error.contains(says), "{error}");
        }
    }
}
