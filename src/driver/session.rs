//! Sessions: auto-commit queries with causal chaining of bookmarks.

use crate::bolt::message::{meta, LAST_QUERY};
use crate::bolt::{Request, Response, TxConfig};
use crate::packstream::{Map, Value};
use crate::Error;

use super::BoltConnection;

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
}

/// A sequence of work on one connection, where each query sees the writes of the ones before.
pub struct Session {
    connection: BoltConnection,
    config: TxConfig,
    fetch_size: i64,
}

impl Session {
    /// A session doing its work on `connection` with `config` (database, mode, bookmarks, ...).
    pub fn new(connection: BoltConnection, config: TxConfig, fetch_size: i64) -> Self {
        Session {
            connection,
            config,
            fetch_size,
        }
    }

    /// The bookmarks after the last committed work (the ones the session started with before).
    pub fn last_bookmarks(&self) -> &[String] {
        &self.config.bookmarks
    }

    /// The connection the session works on.
    pub fn connection(&self) -> &BoltConnection {
        &self.connection
    }

    /// Runs `query` in an auto-commit transaction and fetches every record.
    pub async fn run(&mut self, query: &str, parameters: Map) -> Result<QueryOutcome, Error> {
        let run = Request::Run {
            query: query.to_string(),
            parameters,
            tx: Some(self.config.clone()),
        };
        let run_id = self.connection.send(&run)?;
        let pull = Request::Pull {
            n: self.fetch_size,
            qid: LAST_QUERY,
        };
        let mut pull_id = self.connection.send(&pull)?;
        let result = async {
            let mut summary = match self.connection.final_answer(run_id).await? {
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
                match self.connection.next_answer(pull_id).await? {
                    Response::Record(body) => records.push(body),
                    Response::Success(pull_meta) => {
                        if matches!(meta(&pull_meta, "has_more"), Some(Value::Boolean(true))) {
                            pull_id = self.connection.send(&pull)?;
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
            })
        }
        .await;
        match &result {
            Ok(outcome) => {
                if let Some(Value::String(bookmark)) = meta(&outcome.summary, "bookmark") {
                    self.config.bookmarks = vec![bookmark.clone()];
                }
            }
            Err(Error::Server(_)) => self.reset().await?,
            Err(_) => {}
        }
        result
    }

    /// Returns the connection to a clean state after a failure.
    async fn reset(&self) -> Result<(), Error> {
        let id = self.connection.send(&Request::Reset)?;
        self.connection.final_answer(id).await.map(|_| ())
    }

    /// Ends the session and closes its connection.
    pub fn close(self) {
        self.connection.close();
    }
}

fn ignored() -> Error {
    Error::Usage(
        "the server ignored the request because an earlier one in the pipeline failed".into(),
    )
}
