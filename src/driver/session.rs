//! Sessions and transactions: auto-commit queries and explicit transactions, chained by
//! bookmarks (causal consistency), on connections borrowed from the pool.

use std::cell::RefCell;
use std::rc::Rc;

use crate::bolt::message::{meta, LAST_QUERY};
use crate::bolt::{AccessMode, Request, RequestId, Response, TxConfig};
use crate::packstream::{Dialect, Map, Value};
use crate::Error;

use super::{BoltConnection, Pool, PooledConnection};

/// Records fetched per PULL unless configured otherwise (`fetchSize`).
pub const DEFAULT_FETCH_SIZE: i64 = 1000;

/// A completed query: its keys, its records (still encoded, for the caller to decode into its own
/// values) and the metadata of the server's answers, merged.
#[derive(Debug, Clone, PartialEq)]
pub struct QueryOutcome {
    /// Column names.
    pub keys: Vec<String>,
    /// RECORD bodies, in order.
    pub records: Vec<Vec<u8>>,
    /// RUN's and the last PULL's SUCCESS metadata (`t_first`, `t_last`, `type`, `stats`, ...).
    pub summary: Map,
    /// How the records are encoded (the connection's Bolt version decides).
    pub dialect: Dialect,
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
}

/// A sequence of work where each query sees the writes of the ones before (bookmarks chain
/// them), on connections borrowed from the pool for each piece of work.
pub struct Session {
    pool: Pool,
    address: String,
    config: TxConfig,
    /// Shared with the session's transactions, which update it when they commit.
    bookmarks: Rc<RefCell<Vec<String>>>,
    fetch_size: i64,
}

impl Session {
    /// A session working against `address` with `config` (database, mode, the bookmarks to
    /// start from, ...).
    pub fn new(pool: Pool, address: String, mut config: TxConfig, fetch_size: i64) -> Self {
        let bookmarks = Rc::new(RefCell::new(std::mem::take(&mut config.bookmarks)));
        Session {
            pool,
            address,
            config,
            bookmarks,
            fetch_size,
        }
    }

    /// The bookmarks after the last committed work (the ones the session started with before).
    pub fn last_bookmarks(&self) -> Vec<String> {
        self.bookmarks.borrow().clone()
    }

    /// The transaction config: the session's, with its current bookmarks and `options`.
    fn tx_config(&self, options: TxOptions) -> TxConfig {
        TxConfig {
            bookmarks: self.last_bookmarks(),
            timeout_ms: options.timeout_ms,
            metadata: options.metadata,
            mode: options.mode.unwrap_or(self.config.mode),
            ..self.config.clone()
        }
    }

    /// Runs `query` in an auto-commit transaction and fetches every record.
    pub async fn run(
        &mut self,
        query: &str,
        parameters: Map,
        options: TxOptions,
    ) -> Result<QueryOutcome, Error> {
        let connection = self.pool.acquire(&self.address).await?;
        let run = Request::Run {
            query: query.to_string(),
            parameters,
            tx: Some(self.tx_config(options)),
        };
        let result = execute(&connection, &run, self.fetch_size, None).await;
        match &result {
            Ok(outcome) => self.remember_bookmark(&outcome.summary),
            Err(Error::Server(_)) => reset(&connection).await,
            Err(_) => {}
        }
        result
    }

    /// Opens an explicit transaction. BEGIN goes out at once; its answer is read together
    /// with the first query's, saving a round trip.
    pub async fn begin_transaction(&mut self, options: TxOptions) -> Result<Transaction, Error> {
        let connection = self.pool.acquire(&self.address).await?;
        let begin = connection.send(&Request::Begin(self.tx_config(options)))?;
        Ok(Transaction {
            connection: Some(connection),
            begin: Some(begin),
            bookmarks: self.bookmarks.clone(),
            fetch_size: self.fetch_size,
        })
    }

    fn remember_bookmark(&self, summary: &Map) {
        if let Some(Value::String(bookmark)) = meta(summary, "bookmark") {
            *self.bookmarks.borrow_mut() = vec![bookmark.clone()];
        }
    }
}

/// An explicit transaction: queries on one connection, then COMMIT or ROLLBACK. After a
/// failure, or once committed or rolled back, it is closed and its connection is back in the
/// pool. Dropping an open transaction closes its connection, which rolls it back on the server.
pub struct Transaction {
    connection: Option<PooledConnection>,
    /// BEGIN's id until its answer has been read.
    begin: Option<RequestId>,
    bookmarks: Rc<RefCell<Vec<String>>>,
    fetch_size: i64,
}

impl Transaction {
    /// Whether the transaction can still run queries and commit.
    pub fn is_open(&self) -> bool {
        self.connection.as_ref().is_some_and(|c| c.is_open())
    }

    fn connection(&self) -> Result<&PooledConnection, Error> {
        self.connection.as_ref().ok_or_else(|| {
            Error::Usage(
                "the transaction is closed: it was committed, rolled back, or failed".into(),
            )
        })
    }

    /// Runs `query` in the transaction and fetches every record.
    pub async fn run(&mut self, query: &str, parameters: Map) -> Result<QueryOutcome, Error> {
        let run = Request::Run {
            query: query.to_string(),
            parameters,
            tx: None,
        };
        let begin = self.begin.take();
        let result = execute(self.connection()?, &run, self.fetch_size, begin).await;
        if result.is_err() {
            self.end_after_failure().await;
        }
        result
    }

    /// Commits; the session's bookmarks move to the one the commit produced.
    pub async fn commit(&mut self) -> Result<(), Error> {
        let result = self.finish(&Request::Commit).await;
        if let Ok(Response::Success(summary)) = &result {
            if let Some(Value::String(bookmark)) = meta(summary, "bookmark") {
                *self.bookmarks.borrow_mut() = vec![bookmark.clone()];
            }
        }
        result.map(|_| ())
    }

    /// Rolls back: the transaction's writes are discarded.
    pub async fn rollback(&mut self) -> Result<(), Error> {
        self.finish(&Request::Rollback).await.map(|_| ())
    }

    /// Sends COMMIT or ROLLBACK and closes the transaction whatever the answer.
    async fn finish(&mut self, request: &Request) -> Result<Response, Error> {
        let begin = self.begin.take();
        let connection = self.connection()?;
        let id = connection.send(request)?;
        let result = async {
            if let Some(begin) = begin {
                connection.final_answer(begin).await?;
            }
            connection.final_answer(id).await
        }
        .await;
        if result.is_err() {
            self.end_after_failure().await;
        }
        self.connection = None;
        result
    }

    /// A failed transaction is over: RESET rolls it back on the server and readies the
    /// connection for the pool.
    async fn end_after_failure(&mut self) {
        if let Some(connection) = self.connection.take() {
            reset(&connection).await;
        }
    }
}

/// Sends `run` and a PULL, then reads RUN's answer and every record, asking for more while
/// the server has more. `begin`, if given, is an unanswered BEGIN to check first.
async fn execute(
    connection: &BoltConnection,
    run: &Request,
    fetch_size: i64,
    begin: Option<RequestId>,
) -> Result<QueryOutcome, Error> {
    let run_id = connection.send(run)?;
    let pull = Request::Pull {
        n: fetch_size,
        qid: LAST_QUERY,
    };
    let mut pull_id = connection.send(&pull)?;
    if let Some(begin) = begin {
        connection.final_answer(begin).await?;
    }
    let mut summary = match connection.final_answer(run_id).await? {
        Response::Success(meta) => meta,
        _ => return Err(ignored()),
    };
    let keys = match meta(&summary, "fields") {
        Some(Value::List(fields)) => fields
            .iter()
            .filter_map(|f| {
                if let Value::String(s) = f {
                    Some(s.clone())
                } else {
                    None
                }
            })
            .collect(),
        _ => Vec::new(),
    };
    let mut records = Vec::new();
    loop {
        match connection.next_answer(pull_id).await? {
            Response::Record(body) => records.push(body),
            Response::Success(pull_meta) => {
                if matches!(meta(&pull_meta, "has_more"), Some(Value::Boolean(true))) {
                    pull_id = connection.send(&pull)?;
                    continue;
                }
                summary.extend(pull_meta);
                break;
            }
            _ => return Err(ignored()),
        }
    }
    Ok(QueryOutcome {
        keys,
        records,
        summary,
        dialect: connection.dialect(),
    })
}

/// Returns a connection to a clean state after a failure; if even that fails, the connection
/// is broken and the pool closes it.
async fn reset(connection: &BoltConnection) {
    if let Ok(id) = connection.send(&Request::Reset) {
        let _ = connection.final_answer(id).await;
    }
}

fn ignored() -> Error {
    Error::Usage(
        "the server ignored the request because an earlier one in the pipeline failed".into(),
    )
}
