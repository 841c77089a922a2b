//! Sessions and transactions: auto-commit queries and explicit transactions, chained by
//! bookmarks (causal consistency), on connections borrowed from the pool.

use std::cell::RefCell;
use std::rc::{Rc, Weak};

use crate::bolt::{
    metadata, AccessMode, AuthToken, Parameters, ProtocolError, RecordBatch, Request, RequestId,
    Response, RunMetadata, TxConfig, Within,
};
use crate::packstream::{Dialect, Map};
use crate::Error;

use super::bookmarks::{BookmarkManager, Bookmarks};
use super::routing::{Provider, Target};
use super::stream::{
    invalid_metadata, reset, Interrupter, RecordStream, SharedStream, StreamConnection,
};
use super::{BoltConnection, PooledConnection};

/// Records fetched per PULL unless configured otherwise (`fetchSize`).
pub const DEFAULT_FETCH_SIZE: i64 = 1000;

/// A completed query: its keys, its records (still encoded, for the caller to decode into its own
/// values) and the metadata of the server's answers, merged.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryOutcome {
    /// Column names.
    pub keys: Vec<String>,
    /// RECORD bodies, in order.
    pub records: RecordBatch,
    /// RUN's and the last PULL's SUCCESS metadata (`t_first`, `t_last`, `type`, `stats`, ...).
    pub summary: Map,
    /// How the records are encoded (the connection's Bolt version decides).
    pub dialect: Dialect,
}

impl QueryOutcome {
    /// Reads a whole stream.
    async fn collect(stream: &mut RecordStream) -> Result<Self, Error> {
        let records = stream.collect_rest().await?;
        let summary = stream.consume().await?;
        Ok(QueryOutcome {
            keys: stream.keys().to_vec(),
            records,
            summary,
            dialect: stream.dialect(),
        })
    }
}

/// Per-transaction settings (`{ timeout, metadata }` in the JS API) and, for managed
/// transactions, the access mode they need.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TxOptions {
    /// Server-side timeout in milliseconds.
    pub timeout_ms: Option<i64>,
    /// Metadata attached to the transaction.
    pub metadata: Map,
    /// Overrides the session's access mode (`executeRead` reads).
    pub mode: Option<AccessMode>,
    /// The API a transaction was begun through, for TELEMETRY (`None`: send none, as when a
    /// managed transaction's earlier attempt reported it already).
    pub api: Option<Api>,
}

/// When a transaction's BEGIN goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BeginSent {
    /// At once: explicit transactions, `executeRead` and `executeWrite`, as neo4j-driver does.
    AtOnce,
    /// In one write with the transaction's first query (or whatever is sent or awaited next):
    /// for `executeQuery`, whose query follows at once, and for which a write less is a tenth
    /// of its cost.
    WithFirstQuery,
}

/// The driver API a piece of work came through, as TELEMETRY reports it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// `executeRead`/`executeWrite`.
    ManagedTransaction = 0,
    /// `beginTransaction`.
    ExplicitTransaction = 1,
    /// `session.run`.
    AutoCommit = 2,
    /// `driver.executeQuery`.
    ExecuteQuery = 3,
}

/// A sequence of work where each query sees the writes of the ones before (bookmarks chain
/// them), on connections borrowed from the pool for each piece of work.
pub struct Session {
    provider: Provider,
    config: TxConfig,
    /// Shared with the session's transactions and streams, which update it when they commit.
    bookmarks: Bookmarks,
    fetch_size: i64,
    /// Whether TELEMETRY may be sent (the driver's `telemetryDisabled` is not set).
    telemetry: bool,
    /// The session's own credentials (`None`: the driver's).
    auth: Option<AuthToken>,
    /// The database a transaction of the session reported it ran on (5.8+), while the
    /// session's own is not known yet.
    reported_database: ReportedDatabase,
}

/// Where a transaction tells its session which database the server says it runs on.
type ReportedDatabase = Rc<RefCell<Option<String>>>;

impl Session {
    /// A session taking connections from `provider`, with `config` (database, mode, the
    /// bookmarks to start from, ...); `telemetry` allows TELEMETRY messages to servers that ask for them;
    /// `auth` makes its work run as another user than the driver's; `bookmark_manager` shares
    /// bookmarks with other sessions.
    pub fn new(
        provider: Provider,
        mut config: TxConfig,
        fetch_size: i64,
        telemetry: bool,
        auth: Option<AuthToken>,
        bookmark_manager: Option<Rc<dyn BookmarkManager>>,
    ) -> Self {
        let bookmarks = Bookmarks::new(std::mem::take(&mut config.bookmarks), bookmark_manager);
        Session {
            provider,
            config,
            bookmarks,
            fetch_size,
            telemetry,
            auth,
            reported_database: ReportedDatabase::default(),
        }
    }

    /// Queues TELEMETRY for `api` if the server asked for it, to go out with the work's first
    /// request; its answer is read with the work's.
    fn telemetry(&self, connection: &PooledConnection, api: Api) -> Result<Vec<RequestId>, Error> {
        if self.telemetry && connection.wants_telemetry() {
            Ok(vec![
                connection.queue(&Request::Telemetry { api: api as i64 })?
            ])
        } else {
            Ok(Vec::new())
        }
    }

    /// The bookmarks after the last committed work (the ones the session started with before).
    pub fn last_bookmarks(&self) -> Vec<String> {
        self.bookmarks.last()
    }

    /// A handle on the session's bookmarks that stays readable while the session is busy.
    pub fn bookmarks(&self) -> Bookmarks {
        self.bookmarks.clone()
    }

    /// What every piece of work starts with, in one place for queries and transactions alike:
    /// the bookmarks to start from, a connection for work in `mode` (the session's if `None`),
    /// and the id of TELEMETRY for `api` if it was queued on it. The first time the session
    /// learns its home database (from the routing table, or from the server, 5.8+), it stays
    /// on it.
    async fn start_work(
        &mut self,
        mode: Option<AccessMode>,
        api: Option<Api>,
    ) -> Result<(PooledConnection, Vec<String>, Vec<RequestId>), Error> {
        let bookmarks = self.bookmarks.for_work().await?;
        if self.config.database.is_none() {
            self.config.database = self.reported_database.borrow_mut().take();
        }
        let target = Target {
            mode: mode.unwrap_or(self.config.mode),
            database: self.config.database.as_deref(),
            impersonated_user: self.config.impersonated_user.as_deref(),
            bookmarks: &bookmarks,
            auth: self.auth.as_ref(),
        };
        let (connection, database) = self.provider.acquire(&target).await?;
        self.config.database = database;
        let telemetry = match api {
            Some(api) => self.telemetry(&connection, api)?,
            None => Vec::new(),
        };
        Ok((connection, bookmarks, telemetry))
    }

    /// The transaction config: the session's, with the bookmarks to start from and `options`.
    fn tx_config(&self, bookmarks: Vec<String>, options: TxOptions) -> TxConfig {
        TxConfig {
            bookmarks,
            timeout_ms: options.timeout_ms,
            metadata: options.metadata,
            mode: options.mode.unwrap_or(self.config.mode),
            ..self.config.clone()
        }
    }

    /// Runs `query` in an auto-commit transaction; its records are read from the stream. The
    /// stream keeps a pooled connection until it ends.
    pub async fn stream(
        &mut self,
        query: &str,
        parameters: impl Into<Parameters>,
        options: TxOptions,
    ) -> Result<RecordStream, Error> {
        let (connection, bookmarks, preceding) =
            self.start_work(options.mode, Some(Api::AutoCommit)).await?;
        let tx = self.tx_config(bookmarks.clone(), options);
        let run = Request::Run {
            query: query.to_string(),
            parameters: parameters.into(),
            within: Within::AutoCommit(tx),
        };
        let connection = StreamConnection::Pooled(Rc::new(RefCell::new(Some(connection))));
        let sink = Some((self.bookmarks.clone(), bookmarks));
        let stream =
            RecordStream::start(connection, &run, self.fetch_size, preceding, sink).await?;
        if self.config.database.is_none() {
            self.config.database = stream.database().map(str::to_owned);
        }
        Ok(stream)
    }

    /// Runs `query` in an auto-commit transaction and reads every record.
    pub async fn run(
        &mut self,
        query: &str,
        parameters: impl Into<Parameters>,
        options: TxOptions,
    ) -> Result<QueryOutcome, Error> {
        let mut stream = self.stream(query, parameters, options).await?;
        QueryOutcome::collect(&mut stream).await
    }

    /// Opens a transaction, BEGIN going out as `sent` says; its answer is read by
    /// [`Transaction::begun`], or with the first query's, so that a query sent before it
    /// arrives shares its round trip.
    pub async fn begin_transaction(
        &mut self,
        options: TxOptions,
        sent: BeginSent,
    ) -> Result<Transaction, Error> {
        let (connection, bookmarks, mut unanswered) =
            self.start_work(options.mode, options.api).await?;
        let sent_telemetry = !unanswered.is_empty();
        let begin = Request::Begin(self.tx_config(bookmarks.clone(), options));
        unanswered.push(match sent {
            BeginSent::AtOnce => connection.send(&begin)?,
            BeginSent::WithFirstQuery => connection.queue(&begin)?,
        });
        let reported_database = self
            .config
            .database
            .is_none()
            .then(|| self.reported_database.clone());
        Ok(Transaction {
            link: Rc::new(TxLink {
                connection: RefCell::new(Some(connection)),
                failure: RefCell::new(None),
            }),
            reported_database,
            database: None,
            sent_telemetry,
            unanswered,
            bookmarks: self.bookmarks.clone(),
            started_from: bookmarks,
            fetch_size: self.fetch_size,
            streams: Vec::new(),
        })
    }
}

/// What an explicit transaction shares with its results: its connection until it ends, and
/// the failure that ended it. Whichever meets a failure ends the transaction at once, as the
/// server has: RESET, and the connection goes back to the pool; nothing else is sent for it.
pub(super) struct TxLink {
    connection: RefCell<Option<PooledConnection>>,
    failure: RefCell<Option<Error>>,
}

impl TxLink {
    /// Ends the transaction after `error` (the first failure is the one kept) and returns
    /// `error`.
    pub(super) async fn fail(&self, error: Error) -> Error {
        if let Some(connection) = self.end_with(error.clone()) {
            reset(&connection).await;
        }
        error
    }

    /// Ends the transaction after `error` as [`TxLink::fail`] does, leaving the RESET to the
    /// caller: keeps `error` unless a failure came first, and returns the connection.
    pub(super) fn end_with(&self, error: Error) -> Option<PooledConnection> {
        self.failure.borrow_mut().get_or_insert(error);
        self.connection.borrow_mut().take()
    }

    /// Ends the transaction with `error` at once, whatever is waiting on it: its connection
    /// goes back to the pool, which ends the work on the server (RESET, rolling it back).
    pub(super) fn abandon(&self, error: Error) {
        if let Some(connection) = self.connection.borrow_mut().take() {
            connection.abandon_answers(&error);
        }
        self.failure.borrow_mut().get_or_insert(error);
    }

    /// Why the transaction failed: a failure one of its requests met, or one the server
    /// reported on its connection that nobody has read yet.
    fn failure(&self) -> Option<Error> {
        let known = self.failure.borrow().clone();
        known.or_else(|| self.connection.borrow().as_ref()?.failure())
    }

    /// The transaction's connection, or why there is none.
    fn connection(&self) -> Result<BoltConnection, Error> {
        if let Some(failure) = self.failure() {
            return Err(failure);
        }
        match &*self.connection.borrow() {
            Some(connection) => Ok((**connection).clone()),
            None => Err(Error::Usage(
                "the transaction is closed: it was committed or rolled back".into(),
            )),
        }
    }
}

/// An explicit transaction: queries on one connection, then COMMIT or ROLLBACK. After a
/// failure, or once committed or rolled back, it is closed and its connection is back in the
/// pool. Dropping an open transaction gives its connection back, which the pool RESETs: the
/// server rolls the transaction back.
pub struct Transaction {
    link: Rc<TxLink>,
    /// Where to tell the session the database BEGIN's answer names, if it does not know its
    /// own yet.
    reported_database: Option<ReportedDatabase>,
    /// The database BEGIN's answer named (Bolt 5.8+), for the summaries of its queries.
    database: Option<String>,
    /// TELEMETRY went out with BEGIN.
    sent_telemetry: bool,
    /// TELEMETRY's and BEGIN's ids until their answers have been read.
    unanswered: Vec<RequestId>,
    bookmarks: Bookmarks,
    /// The bookmarks BEGIN carried, for the bookmark manager.
    started_from: Vec<String>,
    fetch_size: i64,
    /// Results of this transaction that may still be streaming: COMMIT waits for them.
    streams: Vec<Weak<futures::lock::Mutex<RecordStream>>>,
}

impl Transaction {
    /// What ends the transaction from outside, even while a query in it is running.
    pub fn interrupter(&self) -> Interrupter {
        Interrupter::of_transaction(self.link.clone())
    }

    /// Whether the transaction can still run queries and commit: it has not ended, and the
    /// server has reported no failure in it.
    pub fn is_open(&self) -> bool {
        self.link.failure().is_none()
            && self
                .link
                .connection
                .borrow()
                .as_ref()
                .is_some_and(|c| c.is_open())
    }

    /// Whether TELEMETRY went out with this transaction's BEGIN: a managed transaction's
    /// later attempts then send none.
    pub fn sent_telemetry(&self) -> bool {
        self.sent_telemetry
    }

    /// Waits until the server has begun the transaction: BEGIN's answer, read here unless a
    /// query read it already. A BEGIN the server refused, or a connection lost before it was
    /// answered, is this call's error.
    pub async fn begun(&mut self) -> Result<(), Error> {
        let connection = self.link.connection()?;
        for id in std::mem::take(&mut self.unanswered) {
            match connection.final_answer(id).await {
                Ok(Response::Success(metadata)) => self.began_on(&metadata),
                Ok(_) => {}
                Err(e) => return Err(self.link.fail(e).await),
            }
        }
        match self.link.failure() {
            Some(failure) => Err(failure),
            None => Ok(()),
        }
    }

    /// Notes the database BEGIN's answer names (Bolt 5.8+).
    fn began_on(&mut self, metadata: &Map) {
        // A `db` of the wrong type is left for the query's own answer to report.
        if let Ok(RunMetadata { db: Some(db), .. }) = RunMetadata::parse(metadata) {
            if let Some(report) = self.reported_database.take() {
                report.borrow_mut().get_or_insert_with(|| db.clone());
            }
            self.database = Some(db);
        }
    }

    /// Runs `query` in the transaction; its records are read from the returned stream, which
    /// the transaction reads to the end before it commits. A failed transaction runs nothing:
    /// the failure is the answer.
    pub async fn stream(
        &mut self,
        query: &str,
        parameters: impl Into<Parameters>,
    ) -> Result<SharedStream, Error> {
        let run = Request::Run {
            query: query.to_string(),
            parameters: parameters.into(),
            within: Within::Transaction,
        };
        let connection = StreamConnection::Transaction(self.link.connection()?, self.link.clone());
        let preceding = std::mem::take(&mut self.unanswered);
        let mut stream =
            RecordStream::start(connection, &run, self.fetch_size, preceding, None).await?;
        match (stream.database(), &self.database) {
            (Some(db), _) => {
                if let Some(report) = self.reported_database.take() {
                    report.borrow_mut().get_or_insert_with(|| db.to_owned());
                }
            }
            (None, Some(db)) => stream.set_database(db),
            (None, None) => {}
        }
        let stream = Rc::new(futures::lock::Mutex::new(stream));
        self.streams.retain(|s| s.strong_count() > 0);
        self.streams.push(Rc::downgrade(&stream));
        Ok(stream)
    }

    /// Runs `query` in the transaction and reads every record.
    pub async fn run(
        &mut self,
        query: &str,
        parameters: impl Into<Parameters>,
    ) -> Result<QueryOutcome, Error> {
        let stream = self.stream(query, parameters).await?;
        let mut stream = stream.lock().await;
        QueryOutcome::collect(&mut stream).await
    }

    /// Commits; the session's bookmarks move to the one the commit produced. Records of this
    /// transaction's results not read yet are kept in memory for their readers first. A
    /// transaction that failed is not committed: its failure is the answer.
    pub async fn commit(&mut self) -> Result<(), Error> {
        self.end(Request::Commit).await
    }

    /// Rolls back: the transaction's writes are discarded, and so are the records of its
    /// results that had not arrived yet. A transaction that failed has nothing left to roll
    /// back: it only makes sure its connection is back in the pool.
    pub async fn rollback(&mut self) -> Result<(), Error> {
        self.end(Request::Rollback).await
    }

    /// Commits or rolls back (`request` is COMMIT or ROLLBACK): one path for both, so that
    /// the code that waits for the transaction's results and ends a failed one exists once.
    async fn end(&mut self, request: Request) -> Result<(), Error> {
        let commit = matches!(request, Request::Commit);
        for stream in std::mem::take(&mut self.streams)
            .iter()
            .filter_map(Weak::upgrade)
        {
            let mut stream = stream.lock().await;
            match commit {
                true => stream.buffer_rest().await?,
                // The records not read yet are discarded: a failure there changes nothing.
                false => drop(stream.consume().await),
            }
        }
        if let Some(failure) = self.link.failure() {
            let failure = self.link.fail(failure).await;
            return if commit { Err(failure) } else { Ok(()) };
        }
        let answer = self.finish(&request).await?;
        if !commit {
            return Ok(());
        }
        // No earlier request failed (that failure would be the error): a server that ignores
        // COMMIT all the same has not committed, whatever a caller would assume.
        let Response::Success(summary) = answer else {
            return Err(ProtocolError::UnexpectedResponse(
                "the server ignored COMMIT, with no failure before it: the transaction was not \
                 committed",
            )
            .into());
        };
        let bookmark = metadata::bookmark(&summary).map_err(invalid_metadata)?;
        if let Some(bookmark) = bookmark {
            let used = std::mem::take(&mut self.started_from);
            self.bookmarks.committed(used, bookmark).await?;
        }
        Ok(())
    }

    /// Ends the transaction if it has not ended: rolls back an open one, and gives back the
    /// connection of one that failed.
    pub async fn close(&mut self) -> Result<(), Error> {
        if self.link.connection.borrow().is_none() {
            return Ok(());
        }
        self.rollback().await
    }

    /// Sends COMMIT or ROLLBACK and ends the transaction whatever the answer.
    async fn finish(&mut self, request: &Request) -> Result<Response, Error> {
        let preceding = std::mem::take(&mut self.unanswered);
        let connection = self.link.connection()?;
        let result = async {
            let id = connection.send(request)?;
            let answered = async {
                for earlier in preceding {
                    connection.final_answer(earlier).await?;
                }
                connection.final_answer(id).await
            };
            let answer = answered.await;
            match request {
                Request::Commit => answer.map_err(Error::after_commit_sent),
                _ => answer,
            }
        }
        .await;
        match result {
            Ok(response) => {
                self.link.connection.borrow_mut().take();
                Ok(response)
            }
            Err(e) => Err(self.link.fail(e).await),
        }
    }
}
