//! Sessions: auto-commit queries with causal chaining of bookmarks.

use crate::bolt::message::{meta, LAST_QUERY};
use crate::bolt::{Request, Response, TxConfig};
use crate::packstream::{Dialect, Map, Value};
use crate::Error;

use super::{BoltConnection, Pool};

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

/// A sequence of work where each query sees the writes of the ones before (bookmarks chain
/// them), on connections borrowed from the pool for each piece of work.
pub struct Session {
    pool: Pool,
    address: String,
    config: TxConfig,
    fetch_size: i64,
}

impl Session {
    /// A session working against `address` with `config` (database, mode, bookmarks, ...).
    pub fn new(pool: Pool, address: String, config: TxConfig, fetch_size: i64) -> Self {
        Session {
            pool,
            address,
            config,
            fetch_size,
        }
    }

    /// The bookmarks after the last committed work (the ones the session started with before).
    pub fn last_bookmarks(&self) -> &[String] {
        &self.config.bookmarks
    }

    /// Runs `query` in an auto-commit transaction and fetches every record.
    pub async fn run(&mut self, query: &str, parameters: Map) -> Result<QueryOutcome, Error> {
        let connection = self.pool.acquire(&self.address).await?;
        let result = self.run_on(&connection, query, parameters).await;
        match &result {
            Ok(outcome) => {
                if let Some(Value::String(bookmark)) = meta(&outcome.summary, "bookmark") {
                    self.config.bookmarks = vec![bookmark.clone()];
                }
            }
            // The connection then goes back to the pool idle, or is closed if RESET fails too.
            Err(Error::Server(_)) => {
                let _ = reset(&connection).await;
            }
            Err(_) => {}
        }
        result
    }

    async fn run_on(
        &self,
        connection: &BoltConnection,
        query: &str,
        parameters: Map,
    ) -> Result<QueryOutcome, Error> {
        let run = Request::Run {
            query: query.to_string(),
            parameters,
            tx: Some(self.config.clone()),
        };
        let run_id = connection.send(&run)?;
        let pull = Request::Pull {
            n: self.fetch_size,
            qid: LAST_QUERY,
        };
        let mut pull_id = connection.send(&pull)?;
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
}

/// Returns a connection to a clean state after a failure.
async fn reset(connection: &BoltConnection) -> Result<(), Error> {
    let id = connection.send(&Request::Reset)?;
    connection.final_answer(id).await.map(|_| ())
}

fn ignored() -> Error {
    Error::Usage(
        "the server ignored the request because an earlier one in the pipeline failed".into(),
    )
}
