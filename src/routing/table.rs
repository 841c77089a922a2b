//! Routing tables for `neo4j://` URIs, sans-IO: what a ROUTE answer says, when a table must be
//! refreshed, which server gets the next piece of work, and which routers to ask next.
//!
//! The async layer sends ROUTE and opens connections; every decision here takes the current
//! time as `now`, a [`Duration`] since an arbitrary origin (as [`crate::pool`] does).
//!
//! - [`RoutingTable`]: one database's routers, readers and writers, parsed from ROUTE's
//!   SUCCESS, with its expiry and failover bookkeeping.
//! - [`RoutingTables`]: the tables of every database, purged once unused and expired, and the
//!   home database each user resolved to.
//! - [`least_connected`]: picks the server with the fewest connections in use.
//! - [`rediscovery_order`] and [`DiscoveryError`]: which routers to ask for a new table, and
//!   why each of them failed.

use std::collections::BTreeSet;
use std::fmt;
use std::time::Duration;

use crate::bolt::metadata::Role;
use crate::bolt::{AccessMode, MetadataError};
use crate::packstream::Map;
use crate::vec_map::VecMap;

/// How long a table may stay expired and unused before [`RoutingTables::purge`] drops it
/// (`routingTablePurgeDelay`, 30 s by default in the official drivers).
pub const DEFAULT_PURGE_DELAY: Duration = Duration::from_secs(30);

/// How many users' home databases are remembered; past that, the least recently used entry
/// makes room (the official drivers keep 1000).
pub const DEFAULT_HOME_DATABASE_CACHE_SIZE: usize = 1000;

/// Why a ROUTE answer gave no usable routing table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// A key is missing or holds the wrong type (`rt`, `rt.ttl`, `rt.servers[0].role`, ...).
    Malformed(MetadataError),
    /// The table names no server that answers ROUTE, so it could never be refreshed.
    NoRouters,
    /// The table names no server that takes reads.
    NoReaders,
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TableError::Malformed(e) => write!(f, "invalid routing table: {e}"),
            TableError::NoRouters => f.write_str("the routing table lists no routers"),
            TableError::NoReaders => f.write_str("the routing table lists no readers"),
        }
    }
}

impl std::error::Error for TableError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            TableError::Malformed(e) => Some(e),
            _ => None,
        }
    }
}

/// One database's routing table: who answers ROUTE, who takes reads, who takes writes, and
/// until when the server vouches for it.
#[derive(Debug, Clone)]
pub struct RoutingTable {
    database: Option<String>,
    routers: Vec<String>,
    readers: Vec<String>,
    writers: Vec<String>,
    expires_at: Duration,
    prefer_initial_router: bool,
    next_reader: usize,
    next_writer: usize,
}

impl RoutingTable {
    /// Reads ROUTE's SUCCESS metadata (`rt: {ttl, db?, servers: [{addresses, role}]}`), received
    /// at `now` in answer to a request for `requested` (`None`: the home database).
    ///
    /// Both the 4.3 shape (no `db`) and the 4.4+ shape are accepted. Servers of an unknown role
    /// are skipped, as the official drivers do; an address listed twice for a role counts
    /// once. A negative `ttl` means already expired, a huge one saturates.
    pub fn parse(
        metadata: &Map,
        requested: Option<&str>,
        now: Duration,
    ) -> Result<Self, TableError> {
        let rt = crate::bolt::RouteAnswer::parse(metadata).map_err(TableError::Malformed)?;
        let (mut routers, mut readers, mut writers) = (Vec::new(), Vec::new(), Vec::new());
        for servers in rt.servers {
            let into: &mut Vec<String> = match servers.role {
                Role::Route => &mut routers,
                Role::Read => &mut readers,
                Role::Write => &mut writers,
            };
            for address in servers.addresses {
                if !into.contains(&address) {
                    into.push(address);
                }
            }
        }
        if routers.is_empty() {
            return Err(TableError::NoRouters);
        }
        if readers.is_empty() {
            return Err(TableError::NoReaders);
        }
        let ttl = Duration::from_secs(u64::try_from(rt.ttl).unwrap_or(0));
        Ok(RoutingTable {
            database: rt.db.or_else(|| requested.map(str::to_string)),
            prefer_initial_router: writers.is_empty(),
            routers,
            readers,
            writers,
            expires_at: now.saturating_add(ttl),
            next_reader: 0,
            next_writer: 0,
        })
    }

    /// The database the table is for: the name the server reported (`db`, 4.4+), else the one
    /// asked for; `None` for a home-database table from a 4.3 server.
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// Servers that answer ROUTE, in server order.
    pub fn routers(&self) -> &[String] {
        &self.routers
    }

    /// Servers that take reads, in server order.
    pub fn readers(&self) -> &[String] {
        &self.readers
    }

    /// Servers that take writes, in server order (empty while the cluster has no leader).
    pub fn writers(&self) -> &[String] {
        &self.writers
    }

    /// The instant (same origin as `now`) from which the table is expired.
    pub fn expires_at(&self) -> Duration {
        self.expires_at
    }

    /// Whether the server's `ttl` has run out at `now`.
    pub fn is_expired(&self, now: Duration) -> bool {
        now >= self.expires_at
    }

    /// Whether the table must be refreshed before work in `mode` is routed with it: it has
    /// expired, lists no routers, or lists no server for the mode. A table without writers
    /// stays fresh for reads.
    pub fn is_stale_for(&self, mode: AccessMode, now: Duration) -> bool {
        let servers = match mode {
            AccessMode::Read => &self.readers,
            AccessMode::Write => &self.writers,
        };
        self.is_expired(now) || self.routers.is_empty() || servers.is_empty()
    }

    /// Whether the next rediscovery should ask the initial router before the table's routers:
    /// the server answered without writers (for example during a leader election), and the
    /// routers it named may be cut off from the rest of the cluster.
    pub fn prefer_initial_router(&self) -> bool {
        self.prefer_initial_router
    }

    /// A connection to `address` failed: it no longer takes reads or writes. It stays a
    /// router, so that the table can still be refreshed through it if nothing else answers.
    pub fn forget(&mut self, address: &str) {
        self.readers.retain(|a| a != address);
        self.writers.retain(|a| a != address);
    }

    /// `address` refused a write (`NotALeader`, `ForbiddenOnReadOnlyDatabase`): it is no
    /// longer a writer, but may still take reads.
    pub fn forget_writer(&mut self, address: &str) {
        self.writers.retain(|a| a != address);
    }

    /// `address` could not answer ROUTE during rediscovery: it is no longer a router.
    pub fn forget_router(&mut self, address: &str) {
        self.routers.retain(|a| a != address);
    }

    /// Every address the table names, in any role.
    pub fn servers(&self) -> impl Iterator<Item = &str> {
        self.routers
            .iter()
            .chain(&self.readers)
            .chain(&self.writers)
            .map(String::as_str)
    }

    /// Picks the reader (or writer) for work in `mode`: the one with the fewest connections
    /// `in_use`; among equally loaded ones, a rotating start spreads work across them.
    /// `None` when the table has no server for the mode.
    pub fn select(&mut self, mode: AccessMode, in_use: impl Fn(&str) -> usize) -> Option<&str> {
        let (servers, next) = match mode {
            AccessMode::Read => (&self.readers, &mut self.next_reader),
            AccessMode::Write => (&self.writers, &mut self.next_writer),
        };
        let start = *next;
        *next = next.wrapping_add(1);
        least_connected(servers, in_use, start)
    }
}

/// The candidate with the fewest connections `in_use`. The scan starts at `start` (modulo the
/// number of candidates) and wraps around, and the first of equally loaded candidates wins,
/// so a start that advances with each call spreads equal loads round-robin. `None` when there
/// is no candidate.
pub fn least_connected(
    candidates: &[String],
    in_use: impl Fn(&str) -> usize,
    start: usize,
) -> Option<&str> {
    let len = candidates.len();
    let mut fewest: Option<(&str, usize)> = None;
    for step in 0..len {
        let candidate = &candidates[(start % len + step) % len];
        let load = in_use(candidate);
        if fewest.is_none_or(|(_, least)| load < least) {
            fewest = Some((candidate, load));
        }
    }
    fewest.map(|(address, _)| address)
}

/// The routers to ask for a new table, in order and each once: the table's `known` routers,
/// then the `initial` ones (the URI's address, or what it resolved to). With
/// `prefer_initial` (see [`RoutingTable::prefer_initial_router`]) the initial ones come first.
pub fn rediscovery_order(
    known: &[String],
    initial: &[String],
    prefer_initial: bool,
) -> Vec<String> {
    let (first, second) = if prefer_initial {
        (initial, known)
    } else {
        (known, initial)
    };
    let mut order: Vec<String> = Vec::with_capacity(first.len() + second.len());
    for router in first.iter().chain(second) {
        if !order.contains(router) {
            order.push(router.clone());
        }
    }
    order
}

/// One router asked during rediscovery, and why it gave no table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouterAttempt {
    /// The router's address.
    pub router: String,
    /// Why it failed (connection refused, a server error, a [`TableError`], ...).
    pub reason: String,
}

/// No router gave a usable table: says which routers were tried and why each failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiscoveryError {
    database: Option<String>,
    attempts: Vec<RouterAttempt>,
}

impl DiscoveryError {
    /// An error for rediscovery of `database` (`None`: the home database), with no attempt
    /// recorded yet.
    pub fn new(database: Option<&str>) -> Self {
        DiscoveryError {
            database: database.map(str::to_string),
            attempts: Vec::new(),
        }
    }

    /// Records that `router` failed, and why.
    pub fn record(&mut self, router: &str, reason: impl fmt::Display) {
        self.attempts.push(RouterAttempt {
            router: router.to_string(),
            reason: reason.to_string(),
        });
    }

    /// The database whose table was wanted (`None`: the home database).
    pub fn database(&self) -> Option<&str> {
        self.database.as_deref()
    }

    /// The routers tried, in order, with their failures.
    pub fn attempts(&self) -> &[RouterAttempt] {
        &self.attempts
    }
}

impl fmt::Display for DiscoveryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("could not discover a routing table for ")?;
        match &self.database {
            Some(db) => write!(f, "database '{db}'")?,
            None => f.write_str("the home database")?,
        }
        if self.attempts.is_empty() {
            return f.write_str(": no router to try");
        }
        f.write_str(": tried ")?;
        for (i, attempt) in self.attempts.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{} ({})", attempt.router, attempt.reason)?;
        }
        Ok(())
    }
}

impl std::error::Error for DiscoveryError {}

#[derive(Debug)]
struct TableEntry {
    table: RoutingTable,
    last_used: Duration,
}

#[derive(Debug)]
struct HomeEntry {
    database: String,
    last_used: Duration,
}

/// The routing tables of every database a driver talks to, and the home database each user
/// resolved to.
///
/// Tables are keyed by database name; `None` is the home database while its name is unknown
/// (4.3 servers do not report it). A table is purged once it has been expired for longer
/// than the purge delay and has not been used during that delay either (a table in use is
/// being refreshed, and its routers are the best place to start).
#[derive(Debug)]
pub struct RoutingTables {
    purge_delay: Duration,
    tables: VecMap<Option<String>, TableEntry>,
    home: VecMap<Option<String>, HomeEntry>,
    home_limit: usize,
}

impl Default for RoutingTables {
    fn default() -> Self {
        RoutingTables::new(DEFAULT_PURGE_DELAY)
    }
}

impl RoutingTables {
    /// No tables yet; expired tables unused for `purge_delay` are purged.
    pub fn new(purge_delay: Duration) -> Self {
        RoutingTables {
            purge_delay,
            tables: VecMap::new(),
            home: VecMap::new(),
            home_limit: DEFAULT_HOME_DATABASE_CACHE_SIZE,
        }
    }

    /// How long an expired, unused table is kept.
    pub fn purge_delay(&self) -> Duration {
        self.purge_delay
    }

    /// The key of the table a session should use: the database it names, else the home
    /// database cached for `user` (the impersonated user, `None` for the driver's own), else
    /// `None` (the home database, name unknown: ROUTE will tell).
    pub fn database_for(
        &mut self,
        requested: Option<&str>,
        user: Option<&str>,
        now: Duration,
    ) -> Option<String> {
        match requested {
            Some(db) => Some(db.to_string()),
            None => self.home_database(user, now).map(str::to_string),
        }
    }

    /// The table of `database` (`None`: home database of unknown name), marked used at `now`.
    pub fn get(&mut self, database: Option<&str>, now: Duration) -> Option<&mut RoutingTable> {
        let entry = self.tables.get_mut(&database.map(str::to_string))?;
        entry.last_used = now;
        Some(&mut entry.table)
    }

    /// The table of `database`, without marking it used.
    pub fn peek(&self, database: Option<&str>) -> Option<&RoutingTable> {
        self.tables
            .get(&database.map(str::to_string))
            .map(|entry| &entry.table)
    }

    /// Stores a fresh table received at `now` for a session that asked for `requested` as
    /// `user`, replacing the old one, and returns the key it is stored under: `requested`,
    /// else the database the server reported (then remembered as `user`'s home database),
    /// else `None`.
    pub fn insert(
        &mut self,
        requested: Option<&str>,
        user: Option<&str>,
        table: RoutingTable,
        now: Duration,
    ) -> Option<String> {
        let key = match (requested, table.database()) {
            (Some(db), _) => Some(db.to_string()),
            (None, Some(home)) => {
                let home = home.to_string();
                self.record_home_database(user, &home, now);
                Some(home)
            }
            (None, None) => None,
        };
        self.tables.insert(
            key.clone(),
            TableEntry {
                table,
                last_used: now,
            },
        );
        key
    }

    /// Drops the table of `database` (for example when the server says it does not exist).
    pub fn remove(&mut self, database: Option<&str>) -> Option<RoutingTable> {
        self.tables
            .remove(&database.map(str::to_string))
            .map(|entry| entry.table)
    }

    /// A connection to `address` failed: no table routes reads or writes to it any more.
    pub fn forget(&mut self, address: &str) {
        for entry in self.tables.values_mut() {
            entry.table.forget(address);
        }
    }

    /// `address` is no longer a writer for `database` (it answered `NotALeader` or
    /// `ForbiddenOnReadOnlyDatabase`); other databases may still have their leader there.
    pub fn forget_writer(&mut self, database: Option<&str>, address: &str) {
        if let Some(entry) = self.tables.get_mut(&database.map(str::to_string)) {
            entry.table.forget_writer(address);
        }
    }

    /// `address` could not answer ROUTE: no table lists it as a router any more.
    pub fn forget_router(&mut self, address: &str) {
        for entry in self.tables.values_mut() {
            entry.table.forget_router(address);
        }
    }

    /// Drops every table that has been expired for longer than the purge delay and was not
    /// used during it, and returns their keys (sorted).
    pub fn purge(&mut self, now: Duration) -> Vec<Option<String>> {
        let delay = self.purge_delay;
        let aged = |entry: &TableEntry| {
            now > entry.table.expires_at.saturating_add(delay)
                && now > entry.last_used.saturating_add(delay)
        };
        let mut purged: Vec<Option<String>> = self
            .tables
            .iter()
            .filter(|(_, entry)| aged(entry))
            .map(|(key, _)| key.clone())
            .collect();
        purged.sort_unstable();
        for key in &purged {
            self.tables.remove(key);
        }
        purged
    }

    /// Every address any table names, so the pool can close connections to the others.
    pub fn servers(&self) -> BTreeSet<&str> {
        self.tables
            .values()
            .flat_map(|entry| entry.table.servers())
            .collect()
    }

    /// The home database last resolved for `user` (the impersonated user, `None` for the
    /// driver's own credentials), marked used at `now`.
    ///
    /// Sending work to a guessed home database is only safe where a wrong guess is routed on
    /// by the server: the official drivers consult this cache only while every connection
    /// reports server-side routing (`ssr.enabled`).
    pub fn home_database(&mut self, user: Option<&str>, now: Duration) -> Option<&str> {
        let entry = self.home.get_mut(&user.map(str::to_string))?;
        entry.last_used = now;
        Some(&entry.database)
    }

    /// Remembers that `user`'s home database is `database`: from a ROUTE answer, or from the
    /// `db` of BEGIN's or RUN's SUCCESS (5.8+). When the cache is full, the least recently
    /// used user makes room.
    pub fn record_home_database(&mut self, user: Option<&str>, database: &str, now: Duration) {
        let key = user.map(str::to_string);
        if !self.home.contains_key(&key) && self.home.len() >= self.home_limit {
            let oldest = self
                .home
                .iter()
                .min_by_key(|(_, entry)| entry.last_used)
                .map(|(key, _)| key.clone());
            if let Some(oldest) = oldest {
                self.home.remove(&oldest);
            }
        }
        self.home.insert(
            key,
            HomeEntry {
                database: database.to_string(),
                last_used: now,
            },
        );
    }

    /// Forgets `user`'s home database (for example after its credentials changed).
    pub fn forget_home_database(&mut self, user: Option<&str>) {
        self.home.remove(&user.map(str::to_string));
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use super::*;
    use crate::packstream::Value;
    use crate::test_support::{map, s, secs};

    fn role(role: &str, addresses: &[&str]) -> Value {
        map(&[
            (
                "addresses",
                Value::List(addresses.iter().map(|a| s(a)).collect()),
            ),
            ("role", s(role)),
        ])
    }

    /// ROUTE SUCCESS metadata: `{rt: {ttl, db?, servers}}`.
    fn answer(ttl: i64, db: Option<&str>, servers: Vec<Value>) -> Map {
        let mut rt = vec![("ttl", Value::Integer(ttl))];
        if let Some(db) = db {
            rt.push(("db", s(db)));
        }
        rt.push(("servers", Value::List(servers)));
        vec![("rt".to_string(), map(&rt))]
    }

    /// A three-server cluster: every server routes, `a` writes, `b` and `c` read.
    fn cluster(ttl: i64, db: Option<&str>) -> Map {
        answer(
            ttl,
            db,
            vec![
                role("ROUTE", &["a:7687", "b:7687", "c:7687"]),
                role("WRITE", &["a:7687"]),
                role("READ", &["b:7687", "c:7687"]),
            ],
        )
    }

    fn table(ttl: i64, db: Option<&str>, requested: Option<&str>, now: Duration) -> RoutingTable {
        RoutingTable::parse(&cluster(ttl, db), requested, now).unwrap()
    }

    fn strings(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    fn malformed_path(metadata: &Map) -> (String, &'static str, &'static str) {
        match RoutingTable::parse(metadata, None, secs(0)) {
            Err(TableError::Malformed(e)) => (e.path, e.expected, e.found),
            other => panic!("expected a malformed table, got {other:?}"),
        }
    }

    #[test]
    fn parses_the_4_4_shape_with_the_reported_database() {
        let t = table(300, Some("neo4j"), None, secs(100));
        assert_eq!(t.database(), Some("neo4j"));
        assert_eq!(t.routers(), strings(&["a:7687", "b:7687", "c:7687"]));
        assert_eq!(t.readers(), strings(&["b:7687", "c:7687"]));
        assert_eq!(t.writers(), strings(&["a:7687"]));
        assert_eq!(t.expires_at(), secs(400));
        assert!(!t.prefer_initial_router());
        // The server's name wins over the one asked for (an alias, say).
        let t = table(300, Some("movies-v2"), Some("movies"), secs(0));
        assert_eq!(t.database(), Some("movies-v2"));
    }

    #[test]
    fn parses_the_4_3_shape_without_db() {
        let t = table(10, None, Some("movies"), secs(5));
        assert_eq!((t.database(), t.expires_at()), (Some("movies"), secs(15)));
        let t = table(10, None, None, secs(5));
        assert_eq!(t.database(), None);
        // `db: null` reads as absent.
        let mut metadata = cluster(10, None);
        if let Some((_, Value::Map(rt))) = metadata.first_mut() {
            rt.push(("db".into(), Value::Null));
        }
        let t = RoutingTable::parse(&metadata, Some("x"), secs(0)).unwrap();
        assert_eq!(t.database(), Some("x"));
    }

    #[test]
    fn unknown_roles_are_skipped_and_repeated_addresses_count_once() {
        let metadata = answer(
            60,
            Some("neo4j"),
            vec![
                role("ROUTE", &["a:1"]),
                // An unknown role is skipped even when its entry has another shape.
                map(&[("role", s("ARBITER")), ("addresses", s("not a list"))]),
                role("READ", &["b:1", "c:1", "b:1"]),
                role("READ", &["c:1", "d:1"]),
            ],
        );
        let t = RoutingTable::parse(&metadata, None, secs(0)).unwrap();
        assert_eq!(t.routers(), strings(&["a:1"]));
        assert_eq!(t.readers(), strings(&["b:1", "c:1", "d:1"]));
        assert!(t.writers().is_empty());
        assert!(
            t.prefer_initial_router(),
            "no writers: ask the initial router first"
        );
    }

    #[test]
    fn malformed_answers_name_the_offending_key() {
        assert_eq!(
            malformed_path(&Map::new()),
            ("rt".into(), "a map", "nothing")
        );
        assert_eq!(
            malformed_path(&vec![("rt".into(), s("x"))]),
            ("rt".into(), "a map", "a string")
        );
        assert_eq!(
            malformed_path(&vec![("rt".into(), map(&[]))]),
            ("rt.ttl".into(), "an integer", "nothing")
        );
        assert_eq!(
            malformed_path(&vec![("rt".into(), map(&[("ttl", Value::Float(1.5))]))]),
            ("rt.ttl".into(), "an integer", "a float")
        );
        assert_eq!(
            malformed_path(&vec![(
                "rt".into(),
                map(&[("ttl", Value::Integer(1)), ("db", Value::Integer(3))])
            )]),
            ("rt.db".into(), "a string", "an integer")
        );
        assert_eq!(
            malformed_path(&vec![(
                "rt".into(),
                map(&[("ttl", Value::Integer(1)), ("servers", map(&[]))])
            )]),
            ("rt.servers".into(), "a list of maps", "a map")
        );
        let servers = |servers: Vec<Value>| answer(1, None, servers);
        assert_eq!(
            malformed_path(&servers(vec![role("ROUTE", &["a:1"]), s("READ")])),
            ("rt.servers[1]".into(), "a map", "a string")
        );
        assert_eq!(
            malformed_path(&servers(vec![map(&[("addresses", Value::List(vec![]))])])),
            (
                "rt.servers[0].role".into(),
                "\"ROUTE\", \"READ\" or \"WRITE\"",
                "nothing"
            )
        );
        assert_eq!(
            malformed_path(&servers(vec![map(&[("role", Value::Integer(1))])])),
            (
                "rt.servers[0].role".into(),
                "\"ROUTE\", \"READ\" or \"WRITE\"",
                "an integer"
            )
        );
        assert_eq!(
            malformed_path(&servers(vec![map(&[
                ("role", s("READ")),
                ("addresses", s("a:1"))
            ])])),
            (
                "rt.servers[0].addresses".into(),
                "a list of strings",
                "a string"
            )
        );
        assert_eq!(
            malformed_path(&servers(vec![map(&[
                ("role", s("ROUTE")),
                (
                    "addresses",
                    Value::List(vec![s("a:1"), Value::Integer(7687)])
                )
            ])])),
            (
                "rt.servers[0].addresses[1]".into(),
                "a string",
                "an integer"
            )
        );
        // A missing or empty server list is well-formed, but unusable.
        assert_eq!(
            RoutingTable::parse(&servers(vec![]), None, secs(0)).unwrap_err(),
            TableError::NoRouters
        );
        let e = RoutingTable::parse(&vec![("rt".into(), map(&[]))], None, secs(0)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid routing table: the server's metadata has nothing at `rt.ttl` where an \
             integer was expected"
        );
    }

    #[test]
    fn tables_without_routers_or_readers_are_rejected() {
        let no_routers = answer(
            60,
            None,
            vec![role("READ", &["a:1"]), role("WRITE", &["a:1"])],
        );
        let e = RoutingTable::parse(&no_routers, None, secs(0)).unwrap_err();
        assert_eq!(e, TableError::NoRouters);
        assert_eq!(e.to_string(), "the routing table lists no routers");
        let no_readers = answer(
            60,
            None,
            vec![role("ROUTE", &["a:1"]), role("WRITE", &["a:1"])],
        );
        let e = RoutingTable::parse(&no_readers, None, secs(0)).unwrap_err();
        assert_eq!(e, TableError::NoReaders);
        let empty_lists = answer(60, None, vec![role("ROUTE", &[]), role("READ", &["a:1"])]);
        assert_eq!(
            RoutingTable::parse(&empty_lists, None, secs(0)).unwrap_err(),
            TableError::NoRouters
        );
    }

    #[test]
    fn negative_and_huge_ttls_saturate() {
        let t = table(-5, None, None, secs(100));
        assert_eq!(t.expires_at(), secs(100));
        assert!(t.is_stale_for(AccessMode::Read, secs(100)));
        let t = table(i64::MAX, None, None, secs(100));
        assert!(!t.is_stale_for(AccessMode::Write, secs(u64::MAX / 2)));
        let t = table(i64::MAX, None, None, Duration::MAX);
        assert_eq!(t.expires_at(), Duration::MAX);
        // Purging adds the delay to the expiry: it must saturate too.
        let mut tables = RoutingTables::default();
        tables.insert(Some("db"), None, t, Duration::MAX);
        assert!(tables.purge(Duration::MAX).is_empty());
    }

    #[test]
    fn staleness_depends_on_expiry_and_on_servers_for_the_mode() {
        let mut t = table(10, None, None, secs(0));
        let just_before = secs(10) - Duration::from_nanos(1);
        for mode in [AccessMode::Read, AccessMode::Write] {
            assert!(!t.is_stale_for(mode, just_before), "{mode:?}");
            assert!(t.is_stale_for(mode, secs(10)), "{mode:?}");
        }
        // Without writers, the table still serves reads.
        t.forget_writer("a:7687");
        assert!(!t.is_stale_for(AccessMode::Read, secs(1)));
        assert!(t.is_stale_for(AccessMode::Write, secs(1)));
        // Without readers, it serves nothing more.
        t.forget("b:7687");
        t.forget("c:7687");
        assert!(t.is_stale_for(AccessMode::Read, secs(1)));
        // Without routers, it could not be refreshed: stale for every mode.
        let mut t = table(10, None, None, secs(0));
        for router in ["a:7687", "b:7687", "c:7687"] {
            t.forget_router(router);
        }
        assert!(t.is_stale_for(AccessMode::Read, secs(1)));
        assert!(t.is_stale_for(AccessMode::Write, secs(1)));
    }

    #[test]
    fn forgetting_removes_servers_from_the_right_roles() {
        let mut t = table(10, None, None, secs(0));
        t.forget("a:7687");
        assert_eq!(t.writers(), Vec::<String>::new());
        assert_eq!(t.routers(), strings(&["a:7687", "b:7687", "c:7687"]));
        t.forget("b:7687");
        assert_eq!(t.readers(), strings(&["c:7687"]));
        assert_eq!(t.routers().len(), 3, "routers are kept for rediscovery");

        let mut t = table(10, None, None, secs(0));
        t.forget_writer("a:7687");
        t.forget_writer("b:7687");
        assert!(t.writers().is_empty());
        assert_eq!(t.readers(), strings(&["b:7687", "c:7687"]));
        assert_eq!(t.routers().len(), 3);

        t.forget_router("b:7687");
        assert_eq!(t.routers(), strings(&["a:7687", "c:7687"]));
        assert_eq!(t.readers(), strings(&["b:7687", "c:7687"]));
        assert!(
            !t.prefer_initial_router(),
            "set by the server's answer only"
        );
    }

    #[test]
    fn least_connected_prefers_the_idlest_and_rotates_among_ties() {
        let servers = strings(&["a", "b", "c"]);
        let load = |a: &str| match a {
            "a" => 2,
            "b" => 1,
            _ => 1,
        };
        // Whatever the start, the busier server is never chosen; ties go to the first
        // candidate from the start.
        let picks: Vec<_> = (0..6)
            .map(|start| least_connected(&servers, load, start).unwrap())
            .collect();
        assert_eq!(picks, ["b", "b", "c", "b", "b", "c"]);
        let picks: Vec<_> = (0..4)
            .map(|start| least_connected(&servers, |_| 0, start).unwrap())
            .collect();
        assert_eq!(picks, ["a", "b", "c", "a"]);
        assert_eq!(least_connected(&servers, |_| 0, usize::MAX), Some("a"));
        assert_eq!(least_connected(&[], |_| 0, 3), None);
    }

    #[test]
    fn selection_keeps_a_rotating_start_per_role() {
        let mut t = table(10, None, None, secs(0));
        let reads: Vec<_> = (0..4)
            .map(|_| t.select(AccessMode::Read, |_| 0).unwrap().to_string())
            .collect();
        assert_eq!(reads, ["b:7687", "c:7687", "b:7687", "c:7687"]);
        // The writers' rotation is independent of the readers'.
        assert_eq!(t.select(AccessMode::Write, |_| 0), Some("a:7687"));
        assert_eq!(
            t.select(AccessMode::Read, |a| usize::from(a == "b:7687")),
            Some("c:7687")
        );
        t.forget_writer("a:7687");
        assert_eq!(t.select(AccessMode::Write, |_| 0), None);
    }

    #[test]
    fn rediscovery_tries_known_routers_then_initial_ones_once_each() {
        let known = strings(&["a:7687", "b:7687"]);
        let initial = strings(&["seed:7687", "b:7687", "10.0.0.9:7687"]);
        assert_eq!(
            rediscovery_order(&known, &initial, false),
            strings(&["a:7687", "b:7687", "seed:7687", "10.0.0.9:7687"])
        );
        assert_eq!(
            rediscovery_order(&known, &initial, true),
            strings(&["seed:7687", "b:7687", "10.0.0.9:7687", "a:7687"])
        );
        assert_eq!(
            rediscovery_order(&[], &strings(&["seed:7687", "seed:7687"]), false),
            strings(&["seed:7687"])
        );
    }

    #[test]
    fn discovery_errors_say_which_routers_failed_and_why() {
        let mut e = DiscoveryError::new(Some("x"));
        assert_eq!(
            e.to_string(),
            "could not discover a routing table for database 'x': no router to try"
        );
        e.record("a:7687", "connection refused");
        e.record("b:7687", TableError::NoReaders);
        assert_eq!(
            e.to_string(),
            "could not discover a routing table for database 'x': tried a:7687 (connection \
             refused), b:7687 (the routing table lists no readers)"
        );
        assert_eq!(e.attempts()[1].router, "b:7687");
        let mut e = DiscoveryError::new(None);
        e.record("seed:7687", "timed out");
        assert_eq!(
            e.to_string(),
            "could not discover a routing table for the home database: tried seed:7687 (timed out)"
        );
    }

    #[test]
    fn expired_tables_are_purged_after_the_delay_unless_used() {
        let mut tables = RoutingTables::new(secs(30));
        tables.insert(
            Some("a"),
            None,
            table(10, Some("a"), Some("a"), secs(0)),
            secs(0),
        );
        tables.insert(
            Some("b"),
            None,
            table(100, Some("b"), Some("b"), secs(0)),
            secs(0),
        );
        // Expired at 10: kept up to 10 + 30.
        assert!(tables.purge(secs(40)).is_empty());
        assert_eq!(tables.purge(secs(41)), vec![Some("a".to_string())]);
        assert!(tables.peek(Some("a")).is_none());
        assert!(tables.peek(Some("b")).is_some());
        // A table used while expired (its refresh is under way) is kept for the delay.
        assert!(tables.get(Some("b"), secs(120)).is_some());
        assert!(tables.purge(secs(140)).is_empty());
        assert!(tables.purge(secs(150)).is_empty(), "used at 120");
        assert_eq!(tables.purge(secs(151)), vec![Some("b".to_string())]);
        // Peeking does not count as use.
        tables.insert(None, None, table(10, None, None, secs(0)), secs(0));
        assert!(tables.peek(None).is_some());
        assert_eq!(tables.purge(secs(41)), vec![None]);
    }

    #[test]
    fn tables_are_stored_per_database_and_forgotten_servers_leave_every_table() {
        let mut tables = RoutingTables::default();
        let key = tables.insert(
            Some("movies"),
            None,
            table(60, Some("movies"), Some("movies"), secs(0)),
            secs(0),
        );
        assert_eq!(key.as_deref(), Some("movies"));
        tables.insert(
            Some("books"),
            None,
            table(60, None, Some("books"), secs(0)),
            secs(0),
        );
        assert_eq!(
            tables.servers().into_iter().collect::<Vec<_>>(),
            ["a:7687", "b:7687", "c:7687"]
        );
        tables.forget("c:7687");
        tables.forget_writer(Some("movies"), "a:7687");
        for db in ["movies", "books"] {
            assert_eq!(
                tables.peek(Some(db)).unwrap().readers(),
                strings(&["b:7687"]),
                "{db}"
            );
        }
        assert!(tables.peek(Some("movies")).unwrap().writers().is_empty());
        assert_eq!(
            tables.peek(Some("books")).unwrap().writers(),
            strings(&["a:7687"])
        );
        tables.forget_router("a:7687");
        assert_eq!(
            tables.peek(Some("books")).unwrap().routers(),
            strings(&["b:7687", "c:7687"])
        );
        assert!(tables.remove(Some("books")).is_some());
        assert!(tables.get(Some("books"), secs(1)).is_none());
    }

    #[test]
    fn home_databases_are_cached_per_user() {
        let mut tables = RoutingTables::default();
        assert_eq!(tables.database_for(None, None, secs(0)), None);
        // A home-database ROUTE answered with `db`: stored under that name and remembered.
        let key = tables.insert(None, None, table(60, Some("neo4j"), None, secs(0)), secs(0));
        assert_eq!(key.as_deref(), Some("neo4j"));
        assert_eq!(
            tables.database_for(None, None, secs(1)).as_deref(),
            Some("neo4j")
        );
        assert!(tables.peek(Some("neo4j")).is_some());
        // Per impersonated user.
        assert_eq!(tables.database_for(None, Some("alice"), secs(1)), None);
        tables.insert(
            None,
            Some("alice"),
            table(60, Some("sales"), None, secs(0)),
            secs(1),
        );
        assert_eq!(tables.home_database(Some("alice"), secs(2)), Some("sales"));
        assert_eq!(tables.home_database(None, secs(2)), Some("neo4j"));
        // A named database is used as is, whatever the cache says.
        assert_eq!(
            tables
                .database_for(Some("x"), Some("alice"), secs(2))
                .as_deref(),
            Some("x")
        );
        // BEGIN/RUN SUCCESS (5.8+) may report a new home database.
        tables.record_home_database(Some("alice"), "marketing", secs(3));
        assert_eq!(
            tables.home_database(Some("alice"), secs(3)),
            Some("marketing")
        );
        tables.forget_home_database(Some("alice"));
        assert_eq!(tables.home_database(Some("alice"), secs(3)), None);
        // A 4.3 server does not name the home database: the table is kept under `None`.
        let mut tables = RoutingTables::default();
        assert_eq!(
            tables.insert(None, None, table(60, None, None, secs(0)), secs(0)),
            None
        );
        assert!(tables.peek(None).is_some());
        assert_eq!(tables.home_database(None, secs(0)), None);
    }

    #[test]
    fn the_home_database_cache_evicts_the_least_recently_used_user() {
        let mut tables = RoutingTables {
            home_limit: 2,
            ..RoutingTables::default()
        };
        tables.record_home_database(Some("u1"), "d1", secs(1));
        tables.record_home_database(Some("u2"), "d2", secs(2));
        // u1 is used after u2: u2 is now the least recently used.
        assert_eq!(tables.home_database(Some("u1"), secs(3)), Some("d1"));
        // Updating a present user never evicts.
        tables.record_home_database(Some("u1"), "d1b", secs(4));
        assert_eq!(tables.home.len(), 2);
        tables.record_home_database(None, "d0", secs(5));
        assert_eq!(tables.home_database(Some("u2"), secs(6)), None);
        assert_eq!(tables.home_database(Some("u1"), secs(6)), Some("d1b"));
        assert_eq!(tables.home_database(None, secs(6)), Some("d0"));
    }
}
