//! Where a session's connections come from: one server (`bolt://`), or the members of a
//! cluster chosen from routing tables (`neo4j://`), which are fetched with ROUTE, refreshed
//! when stale, and corrected as servers fail or stop leading.

use std::cell::RefCell;
use std::future::Future;
use std::rc::{Rc, Weak};

use crate::bolt::message::{decode_record, ALL, LAST_QUERY};
use crate::bolt::{
    AccessMode, AuthToken, Parameters, ProtocolError, Request, Response, RunMetadata, TxConfig,
    Within,
};
use crate::error::{Detail, Source, AUTHORIZATION_EXPIRED, SERVICE_UNAVAILABLE};
use crate::packstream::{Map, Value};
use crate::routing::{rediscovery_order, DiscoveryError, RoutingTable, RoutingTables};
use crate::runtime::{LocalFuture, Runtime};
use crate::vec_map::VecMap;
use crate::{Error, SessionExpiry};

use super::auth::is_security_error;
use super::connection::FailureHook;
use super::stream::invalid_metadata;
use super::{Level, Logger, Pool, PooledConnection};

/// The procedure that gives routing tables before Bolt 4.3 (there is no ROUTE message).
const ROUTING_PROCEDURE: &str = "CALL dbms.routing.getRoutingTable($context, $database)";

/// Turns the address of the URI into the addresses to try (`resolver` in the config); in
/// browsers, with no DNS, the identity.
pub type Resolver = Rc<dyn Fn(&str) -> LocalFuture<'static, Result<Vec<String>, Error>>>;

/// What a piece of work needs a connection for.
pub struct Target<'a> {
    /// Read or write.
    pub mode: AccessMode,
    /// The database; `None` for the user's home database.
    pub database: Option<&'a str>,
    /// The user the work runs as, whose home database is meant.
    pub impersonated_user: Option<&'a str>,
    /// Bookmarks the routing table must reflect.
    pub bookmarks: &'a [String],
    /// The session's own credentials, if any.
    pub auth: Option<&'a AuthToken>,
}

/// The source of connections of a driver.
#[derive(Clone)]
pub enum Provider {
    /// Every connection goes to one server.
    Direct {
        /// The pool.
        pool: Pool,
        /// `host:port` of the server.
        address: String,
    },
    /// Connections go to cluster members picked from routing tables.
    Routing(Rc<Router>),
}

impl Provider {
    /// A connection for `target`, and the database the work must name: for routing drivers
    /// the home database once the cluster has said which it is, so that later work goes there
    /// without asking again.
    pub fn acquire<'a>(
        &'a self,
        target: &'a Target<'a>,
    ) -> impl Future<Output = Result<(PooledConnection, Option<String>), Error>> + 'a {
        self.acquire_with(target, false)
    }

    /// Like [`Provider::acquire`], but a routing driver fetches the target's routing table
    /// first even when it has a fresh one, as neo4j-driver does to verify connectivity.
    pub fn acquire_checked<'a>(
        &'a self,
        target: &'a Target<'a>,
    ) -> impl Future<Output = Result<(PooledConnection, Option<String>), Error>> + 'a {
        self.acquire_with(target, true)
    }

    /// [`Provider::acquire`], or with `refresh` [`Provider::acquire_checked`]: one future for
    /// both, which keeps the module smaller.
    async fn acquire_with(
        &self,
        target: &Target<'_>,
        refresh: bool,
    ) -> Result<(PooledConnection, Option<String>), Error> {
        match self {
            Provider::Direct { pool, address } => {
                let connection = pool.acquire(address, target.auth).await?;
                Ok((connection, target.database.map(str::to_owned)))
            }
            Provider::Routing(router) => router.acquire(target, refresh).await,
        }
    }

    /// The address in the URI: the server, or the first router.
    pub fn address(&self) -> &str {
        match self {
            Provider::Direct { address, .. } => address,
            Provider::Routing(router) => &router.initial,
        }
    }
}

/// Routing tables per database and the pool of connections to the members they name.
pub struct Router {
    pool: Pool,
    /// `host:port` from the URI: the first router, and the fallback when all known ones fail.
    initial: String,
    /// The routing context sent in ROUTE (the URI's query, plus `address`).
    context: Map,
    resolver: Option<Resolver>,
    tables: RefCell<RoutingTables>,
    /// One lock per table key, held while its table is fetched.
    refreshing: RefCell<VecMap<Option<String>, Rc<futures::lock::Mutex<()>>>>,
    runtime: Rc<dyn Runtime>,
    logger: Logger,
    /// Itself, for the failure hooks of the connections it lends.
    this: Weak<Router>,
}

impl Router {
    /// A router starting from `initial`, sending `context` in ROUTE.
    pub fn new(
        pool: Pool,
        initial: String,
        context: Map,
        resolver: Option<Resolver>,
        runtime: Rc<dyn Runtime>,
        logger: Logger,
    ) -> Rc<Self> {
        Rc::new_cyclic(|this| Router {
            pool,
            initial,
            context,
            resolver,
            tables: RefCell::new(RoutingTables::default()),
            refreshing: RefCell::default(),
            runtime,
            logger,
            this: this.clone(),
        })
    }

    /// A connection to a reader or writer of the target database, refreshing its routing
    /// table first when it is stale for the access mode, or with `refresh` in any case (what
    /// `verifyConnectivity` and `getServerInfo` check). Servers that cannot be reached are
    /// dropped from the table and the next one is tried.
    async fn acquire(
        &self,
        target: &Target<'_>,
        refresh: bool,
    ) -> Result<(PooledConnection, Option<String>), Error> {
        let (database, fetched) = self.fresh_table(target, refresh).await?;
        let (connection, database) = self.connect(database, target).await?;
        // Where the server routes (Bolt 5.8 `ssr.enabled`), a home database known from
        // earlier work only picks the server: the work names none, and the server says where
        // it ran (as neo4j-driver). A home database this work's own ROUTE named is named.
        if target.database.is_none() && !fetched && connection.server_side_routing() {
            return Ok((connection, None));
        }
        Ok((connection, database))
    }

    /// A connection to a server for `target` from the routing table stored under `database`.
    async fn connect(
        &self,
        database: Option<String>,
        target: &Target<'_>,
    ) -> Result<(PooledConnection, Option<String>), Error> {
        loop {
            let address = {
                let mut tables = self.tables.borrow_mut();
                let pool = &self.pool;
                tables
                    .get(database.as_deref(), self.runtime.now())
                    .and_then(|t| t.select(target.mode, |a| pool.size(a)).map(str::to_owned))
            };
            let Some(address) = address else {
                return Err(Error::ServiceUnavailable(
                    format!(
                        "no {} server is left in the routing table of {}",
                        match target.mode {
                            AccessMode::Read => "reader",
                            AccessMode::Write => "writer",
                        },
                        describe(database.as_deref()),
                    )
                    .into(),
                ));
            };
            match self.pool.acquire(&address, target.auth).await {
                Ok(connection) => {
                    connection.set_failure_hook(Some(self.watch(&address, database.clone())));
                    return Ok((connection, database));
                }
                Err(e) if e.code() == SERVICE_UNAVAILABLE => self.lost(&address, &e),
                Err(e) => return Err(e),
            }
        }
    }

    /// The key of the target's routing table, fetching the table first unless it is fresh
    /// for the access mode (or in any case with `refresh`), and whether it was fetched. Only
    /// one fetch per database is in flight: work arriving meanwhile waits for it and uses its
    /// table.
    async fn fresh_table(
        &self,
        target: &Target<'_>,
        refresh: bool,
    ) -> Result<(Option<String>, bool), Error> {
        let fresh = |database: Option<&str>| !refresh && self.is_fresh(database, target.mode);
        let database = self.table_key(target);
        if fresh(database.as_deref()) {
            return Ok((database, false));
        }
        let lock = self.refresh_lock(database);
        let _refreshing = lock.lock().await;
        // A fetch that finished meanwhile may have made it fresh, or resolved the home database.
        let database = self.table_key(target);
        if fresh(database.as_deref()) {
            return Ok((database, false));
        }
        Ok((self.refresh(database.as_deref(), target).await?, true))
    }

    /// The lock held while the table under `database` is fetched.
    fn refresh_lock(&self, database: Option<String>) -> Rc<futures::lock::Mutex<()>> {
        self.refreshing
            .borrow_mut()
            .get_or_insert_with(database, Rc::default)
            .clone()
    }

    /// The key of the table `target` uses: its database, else its user's home database when
    /// known, else `None`. Purges tables unused for long first.
    fn table_key(&self, target: &Target<'_>) -> Option<String> {
        let now = self.runtime.now();
        let mut tables = self.tables.borrow_mut();
        for purged in tables.purge(now) {
            self.refreshing.borrow_mut().remove(&purged);
        }
        tables.database_for(target.database, target.impersonated_user, now)
    }

    /// Whether the table under `database` exists and is fresh for `mode`.
    fn is_fresh(&self, database: Option<&str>, mode: AccessMode) -> bool {
        let now = self.runtime.now();
        self.tables
            .borrow_mut()
            .get(database, now)
            .is_some_and(|t| !t.is_stale_for(mode, now))
    }

    /// Fetches the routing table stored under `database` from the routers it names, then from
    /// the resolved initial address; returns the key it is stored under. For the home database
    /// (no database in the target) ROUTE names none, so the cluster says again which it is.
    async fn refresh(
        &self,
        database: Option<&str>,
        target: &Target<'_>,
    ) -> Result<Option<String>, Error> {
        let (known, prefer_initial) = match self.tables.borrow().peek(database) {
            Some(table) => (table.routers().to_vec(), table.prefer_initial_router()),
            None => (Vec::new(), false),
        };
        let initial = match &self.resolver {
            Some(resolve) => resolve(&self.initial).await?,
            None => vec![self.initial.clone()],
        };
        let requested = target.database;
        let mut failures = DiscoveryError::new(requested);
        for router in rediscovery_order(&known, &initial, prefer_initial) {
            match self.route(&router, requested, target).await {
                Ok(table) => return Ok(self.store(&router, target, table)),
                // The cluster answered: the database does not exist, the request is wrong, or
                // the user may not use it. Another router would give the same answer.
                Err(e) if fails_discovery(&e) => return Err(e),
                Err(e) => {
                    self.tables.borrow_mut().forget_router(&router);
                    failures.record(&router, &e);
                }
            }
        }
        Err(failures.into())
    }

    /// Stores the routing table `router` gave for `target`; returns the key it is stored under.
    fn store(&self, router: &str, target: &Target<'_>, table: RoutingTable) -> Option<String> {
        let requested = target.database;
        self.logger.log(Level::Debug, || {
            format!(
                "routing table of {} from {router}: routers {}, readers {}, writers {}",
                describe(table.database().or(requested)),
                table.routers().join(" "),
                table.readers().join(" "),
                table.writers().join(" ")
            )
        });
        let now = self.runtime.now();
        self.tables
            .borrow_mut()
            .insert(requested, target.impersonated_user, table, now)
    }

    /// Asks `router` for the routing table of `database`.
    async fn route(
        &self,
        router: &str,
        database: Option<&str>,
        target: &Target<'_>,
    ) -> Result<RoutingTable, Error> {
        let connection = self.pool.acquire(router, target.auth).await?;
        // Its failures are about routing, not about work on a database.
        connection.set_failure_hook(None);
        let metadata = if connection.server_info().protocol_version.supports_route() {
            let id = connection.send(&Request::Route {
                routing: self.context.clone(),
                bookmarks: target.bookmarks.to_vec(),
                database: database.map(str::to_owned),
                impersonated_user: target.impersonated_user.map(str::to_owned),
            })?;
            match connection.final_answer(id).await? {
                Response::Success(metadata) => metadata,
                // The only other final answer: IGNORED.
                _ => return Err(Error::ServiceUnavailable("it ignored ROUTE".into())),
            }
        } else {
            self.routing_procedure(&connection, database, target)
                .await?
        };
        RoutingTable::parse(&metadata, database, self.runtime.now()).map_err(|e| {
            let message = format!("its routing table is unusable: {e}");
            Error::ServiceUnavailable(Detail::caused_by(message, Source::RoutingTable(e)))
        })
    }

    /// Before Bolt 4.3 there is no ROUTE: the routing procedure, run on the system database,
    /// answers with one record (`ttl`, `servers`), which is what ROUTE's `rt` holds.
    async fn routing_procedure(
        &self,
        connection: &PooledConnection,
        database: Option<&str>,
        target: &Target<'_>,
    ) -> Result<Map, Error> {
        let database = database.map_or(Value::Null, |db| Value::String(db.to_owned()));
        let run = connection.queue(&Request::Run {
            query: ROUTING_PROCEDURE.into(),
            parameters: Parameters::Map(vec![
                ("context".into(), Value::Map(self.context.clone())),
                ("database".into(), database),
            ]),
            within: Within::AutoCommit(TxConfig {
                bookmarks: target.bookmarks.to_vec(),
                mode: AccessMode::Read,
                database: Some("system".into()),
                ..TxConfig::default()
            }),
        })?;
        let pull = connection.send(&Request::Pull {
            n: ALL,
            qid: LAST_QUERY,
        })?;
        let keys = match connection.final_answer(run).await? {
            Response::Success(metadata) => {
                RunMetadata::parse(&metadata)
                    .map_err(invalid_metadata)?
                    .fields
            }
            _ => {
                return Err(Error::ServiceUnavailable(
                    "it ignored the routing procedure".into(),
                ))
            }
        };
        let mut table = None;
        loop {
            match connection.next_answer(pull).await? {
                Response::Records(batch) => {
                    for body in batch.iter() {
                        let record = decode_record(body, connection.dialect());
                        table = Some(record.map_err(|e| Error::from(ProtocolError::Decode(e)))?);
                    }
                }
                Response::Success(_) => break,
                _ => {
                    return Err(Error::ServiceUnavailable(
                        "it ignored the routing procedure".into(),
                    ))
                }
            }
        }
        let values = table.ok_or_else(|| {
            Error::ServiceUnavailable("its routing procedure returned no record".into())
        })?;
        let rt = keys.into_iter().zip(values).collect();
        Ok(vec![("rt".into(), Value::Map(rt))])
    }

    /// A hook that corrects the routing table when work on `address` fails.
    fn watch(&self, address: &str, database: Option<String>) -> FailureHook {
        let router = self.this.clone();
        let address = address.to_owned();
        Rc::new(move |error: Error| match router.upgrade() {
            Some(router) => router.failed(&address, database.as_deref(), error),
            None => error,
        })
    }

    /// Work on `address` failed with `error`, which is returned to report: a lost server, or
    /// one whose database is unavailable, leaves every table; a server that no longer leads leaves the writers of `database`,
    /// and the work fails as a session-expired error, so that a retry finds the new leader.
    fn failed(&self, address: &str, database: Option<&str>, error: Error) -> Error {
        let lost = match &error {
            Error::ServiceUnavailable(_) => true,
            Error::Server(e) => e.code == DATABASE_UNAVAILABLE,
            _ => false,
        };
        if lost {
            self.lost(address, &error);
            return error;
        }
        match error {
            Error::Server(e)
                if e.code == "Neo.ClientError.Cluster.NotALeader"
                    || e.code == "Neo.ClientError.General.ForbiddenOnReadOnlyDatabase" =>
            {
                self.logger.log(Level::Info, || {
                    format!("{address} is no longer a writer of {}", describe(database))
                });
                self.tables.borrow_mut().forget_writer(database, address);
                Error::SessionExpired(Box::new(SessionExpiry {
                    message: format!(
                        "{address} can no longer write to {}: {}",
                        describe(database),
                        e.message
                    ),
                    cause: *e,
                }))
            }
            other => other,
        }
    }

    /// `address` cannot be reached: it leaves the tables and its idle connections close.
    fn lost(&self, address: &str, why: &Error) {
        self.logger.log(Level::Info, || {
            format!("{address} is unreachable ({why}); it leaves the routing tables")
        });
        self.tables.borrow_mut().forget(address);
        self.pool.purge(address);
    }
}

/// A server's answer that the database cannot be used there now: the server leaves the tables.
const DATABASE_UNAVAILABLE: &str = "Neo.TransientError.General.DatabaseUnavailable";

/// Whether a router's failure to give a routing table ends the discovery: the cluster said the
/// database does not exist, the request is invalid, or the credentials are refused (an expired
/// authorization aside). Any other failure, such as a database unavailable on that router,
/// makes the next router be asked.
fn fails_discovery(error: &Error) -> bool {
    const FAIL_FAST: [&str; 6] = [
        "Neo.ClientError.Database.DatabaseNotFound",
        "Neo.ClientError.Transaction.InvalidBookmark",
        "Neo.ClientError.Transaction.InvalidBookmarkMixture",
        "Neo.ClientError.Statement.ArgumentError",
        "Neo.ClientError.Request.Invalid",
        "Neo.ClientError.Statement.TypeError",
    ];
    match error {
        Error::Server(e) | Error::AuthRenewed(e) => {
            FAIL_FAST.contains(&e.code.as_str())
                || (is_security_error(&e.code) && e.code != AUTHORIZATION_EXPIRED)
        }
        _ => false,
    }
}

/// How messages name a database: its name, or the home database.
fn describe(database: Option<&str>) -> String {
    match database {
        Some(name) => format!("database '{name}'"),
        None => "the home database".into(),
    }
}
