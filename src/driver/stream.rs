//! A query's records, pulled from the server in batches as the consumer asks for them.
//!
//! RUN goes out with the first PULL. When a batch ends with `has_more`, the next PULL is sent
//! at once, so one batch is in flight while the consumer works on the previous one: memory
//! stays at about two batches whatever the result's size. `consume` discards the rest with
//! DISCARD.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use crate::bolt::message::{meta, ALL, LAST_QUERY};
use crate::bolt::{
    metadata, MetadataError, ProtocolError, RecordBatch, Request, RequestId, Response, RunMetadata,
};
use crate::packstream::{Dialect, Map, Value};
use crate::Error;

use super::bookmarks::Bookmarks;
use super::session::TxLink;
use super::{BoltConnection, PooledConnection, ServerInfo, DEFAULT_FETCH_SIZE};

/// An auto-commit query's own connection while the query runs: shared with the query's
/// [`Interrupter`], which may take it away.
pub(super) type Lease = Rc<RefCell<Option<PooledConnection>>>;

/// The connection a stream reads from.
pub(super) enum StreamConnection {
    /// An auto-commit query's own connection, back to the pool once the stream ends.
    Pooled(Lease),
    /// The connection of the transaction the query runs in, and the transaction, which a
    /// failure of the query ends.
    Transaction(BoltConnection, Rc<TxLink>),
}

/// The records of one query, read batch by batch.
pub struct RecordStream {
    connection: StreamConnection,
    keys: Vec<String>,
    dialect: Dialect,
    /// The server the query runs on, for the summary.
    server: ServerInfo,
    fetch_size: i64,
    /// The query's id in its transaction (RUN's `qid`), for the PULLs and DISCARD after the
    /// first: another query of the same transaction may have run since.
    qid: i64,
    /// The PULL (or DISCARD) whose answers come next; `None` once the stream has ended.
    pending: Option<RequestId>,
    /// RUN's metadata, then the final summary merged into it.
    metadata: Map,
    /// Auto-commit streams: where the bookmark of the committed query goes, and the bookmarks
    /// the query started from.
    bookmarks: Option<(Bookmarks, Vec<String>)>,
    /// A failure ends the stream; later calls report it again.
    failed: Option<Error>,
    /// Batches read ahead of the consumer (see [`RecordStream::buffer_rest`]).
    buffered: VecDeque<RecordBatch>,
    /// Records that arrived so far.
    received: u64,
}

/// A stream shared by its consumer and its transaction, which buffers it before COMMIT.
pub type SharedStream = Rc<futures::lock::Mutex<RecordStream>>;

impl RecordStream {
    /// Sends `run` with the first PULL and waits for RUN's answer, after the answers of the
    /// `preceding` requests sent before it (an unanswered TELEMETRY or BEGIN).
    pub(super) async fn start(
        connection: StreamConnection,
        run: &Request,
        fetch_size: i64,
        preceding: Vec<RequestId>,
        bookmarks: Option<(Bookmarks, Vec<String>)>,
    ) -> Result<Self, Error> {
        let conn = match &connection {
            StreamConnection::Pooled(lease) => match &*lease.borrow() {
                Some(c) => (**c).clone(),
                None => return Err(Error::Usage("the stream has no connection".into())),
            },
            StreamConnection::Transaction(c, _) => c.clone(),
        };
        let run_id = conn.queue(run)?;
        let pull = conn.send(&Request::Pull {
            n: fetch_size,
            qid: LAST_QUERY,
        })?;
        let mut stream = RecordStream {
            connection,
            keys: Vec::new(),
            dialect: conn.dialect(),
            server: conn.server_info(),
            fetch_size,
            qid: LAST_QUERY,
            pending: Some(pull),
            metadata: Map::new(),
            bookmarks,
            failed: None,
            buffered: VecDeque::new(),
            received: 0,
        };
        // BEGIN's answer names the database from Bolt 5.8 on.
        let mut begun_on = None;
        let answered = async {
            for id in preceding {
                if let Response::Success(metadata) = conn.final_answer(id).await? {
                    begun_on = RunMetadata::parse(&metadata).map_err(invalid_metadata)?.db;
                }
            }
            conn.final_answer(run_id).await
        }
        .await;
        let started = match answered {
            Ok(Response::Success(metadata)) => RunMetadata::parse(&metadata)
                .map_err(invalid_metadata)
                .map(|run| (run, metadata)),
            Ok(_) => Err(ignored()),
            Err(e) => Err(e),
        };
        // One way out for every failure, so that ending the stream is written once.
        let (run, metadata) = match started {
            Ok(started) => started,
            Err(e) => return Err(stream.fail(e).await),
        };
        stream.keys = run.fields;
        if let Some(qid) = run.qid {
            stream.qid = qid;
        }
        stream.metadata = metadata;
        if let Some(db) = begun_on {
            stream.set_database(&db);
        }
        Ok(stream)
    }

    /// The database the query runs on, when the server said so before the records: in RUN's
    /// or BEGIN's answer, from Bolt 5.8 on.
    pub fn database(&self) -> Option<&str> {
        match meta(&self.metadata, "db") {
            Some(Value::String(db)) => Some(db),
            _ => None,
        }
    }

    /// Names `db` as the database the query runs on, unless the server named one itself.
    pub(super) fn set_database(&mut self, db: &str) {
        if self.database().is_none() {
            self.metadata
                .push(("db".into(), Value::String(db.to_owned())));
        }
    }

    /// The column names.
    pub fn keys(&self) -> &[String] {
        &self.keys
    }

    /// How the records are encoded.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// The server the query runs on.
    pub fn server(&self) -> &ServerInfo {
        &self.server
    }

    /// Whether every record has been read (or discarded) and the summary is known.
    pub fn is_done(&self) -> bool {
        self.pending.is_none() && self.failed.is_none()
    }

    /// The query's metadata: RUN's, merged with the final PULL's or DISCARD's once done (what
    /// [`RecordStream::consume`] returns).
    pub fn metadata(&self) -> &Map {
        &self.metadata
    }

    /// Whether [`RecordStream::next_batch`] has nothing more to give: the stream is done and
    /// no batch it read ahead is left.
    pub fn is_exhausted(&self) -> bool {
        self.is_done() && self.buffered.is_empty()
    }

    fn connection(&self) -> Option<BoltConnection> {
        match &self.connection {
            StreamConnection::Pooled(lease) => lease.borrow().as_deref().cloned(),
            StreamConnection::Transaction(c, _) => Some(c.clone()),
        }
    }

    /// The request whose answers come next, and its connection; `None` once the stream has
    /// ended. An error once an [`Interrupter`] took the connection away.
    fn live(&self) -> Result<Option<(RequestId, BoltConnection)>, Error> {
        let Some(pending) = self.pending else {
            return Ok(None);
        };
        match self.connection() {
            Some(conn) => Ok(Some((pending, conn))),
            None => Err(Error::Usage(
                "the query was interrupted: its connection was given back".into(),
            )),
        }
    }

    /// What ends the query from outside, even while a read is waiting for its records.
    pub fn interrupter(&self) -> Interrupter {
        match &self.connection {
            StreamConnection::Pooled(lease) => Interrupter(Interrupted::Stream(lease.clone())),
            StreamConnection::Transaction(_, tx) => Interrupter::of_transaction(tx.clone()),
        }
    }

    /// The next batch of RECORD bodies (still encoded), or `None` once all have been read.
    pub async fn next_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        if let Some(batch) = self.buffered.pop_front() {
            return Ok(Some(batch));
        }
        self.read_batch().await
    }

    /// Reads the next batch from the connection.
    async fn read_batch(&mut self) -> Result<Option<RecordBatch>, Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        let mut records = RecordBatch::default();
        // What ends the stream, if anything does: one way out, so that ending it is written
        // once.
        let failure = 'read: {
            let (mut pull, conn) = match self.live() {
                Ok(Some(live)) => live,
                Ok(None) => return Ok(None),
                Err(e) => break 'read e,
            };
            loop {
                match conn.next_answer(pull).await {
                    Ok(Response::Records(batch)) => {
                        records.append(batch);
                        // Records are handed on as soon as no more are here: the consumer
                        // (which checks them as it reads) never waits for records that
                        // arrived, and a malformed one fails the query in the turn it came
                        // in, summary or not. The batch is everything received meanwhile, so
                        // a consumer slower than the network gets big batches. A batch's
                        // SUCCESS that is already here is read with it, so that the next PULL
                        // goes out before the consumer works through this batch.
                        if !conn.final_answer_is_next(pull) {
                            self.received += records.len() as u64;
                            return Ok(Some(records));
                        }
                    }
                    Ok(Response::Success(metadata)) => {
                        self.received += records.len() as u64;
                        self.after_batch(&conn, metadata).await?;
                        match (records.is_empty(), self.pending) {
                            // A SUCCESS alone: the records the consumer asked for are the next
                            // PULL's, just sent.
                            (true, Some(next)) => pull = next,
                            (true, None) => return Ok(None),
                            (false, _) => return Ok(Some(records)),
                        }
                    }
                    Ok(_) => break 'read ignored(),
                    Err(e) => break 'read e,
                }
            }
        };
        // Records that arrived before the failure are read first; the failure comes with the
        // next call.
        self.fail_after(records, failure).await
    }

    /// Ends the stream with `error`, after `records` that arrived before it, if any: the
    /// consumer reads them first, and gets the error with its next read.
    async fn fail_after(
        &mut self,
        records: RecordBatch,
        error: Error,
    ) -> Result<Option<RecordBatch>, Error> {
        let error = self.fail(error).await;
        if records.is_empty() {
            return Err(error);
        }
        self.received += records.len() as u64;
        Ok(Some(records))
    }

    /// Ends the stream because one of its records (handed out by
    /// [`RecordStream::next_batch`]) cannot be read: the records after it, if any were
    /// buffered, are dropped, and every later read gives `error`. The work ends on the server
    /// as when the application aborts it: the connection goes back to the pool, which RESETs
    /// it (or closes it if the server stays silent), so a server that broke the protocol and
    /// then went quiet cannot hold the reader up.
    pub fn fail_on_unreadable_record(&mut self, error: Error) {
        self.buffered.clear();
        self.pending = None;
        self.failed = Some(error.clone());
        self.interrupter().interrupt(error);
    }

    /// Reads the rest of the records and returns them all.
    pub async fn collect_rest(&mut self) -> Result<RecordBatch, Error> {
        let mut all = RecordBatch::default();
        while let Some(batch) = self.next_batch().await? {
            all.append(batch);
        }
        Ok(all)
    }

    /// Reads the records the consumer has not asked for yet into memory, where
    /// [`RecordStream::next_batch`] still finds them: the connection is then free for the
    /// transaction to commit.
    pub async fn buffer_rest(&mut self) -> Result<(), Error> {
        while let Some(batch) = self.read_batch().await? {
            self.buffered.push_back(batch);
        }
        Ok(())
    }

    /// Ends the stream early and returns the summary: RUN's metadata merged with the final
    /// PULL's or DISCARD's (`bookmark`, `stats`, `type`, `t_last`, ...). Records that already
    /// arrived, or were on their way in the batch in flight (up to the default batch size),
    /// stay readable through [`RecordStream::next_batch`]; the rest are discarded.
    pub async fn consume(&mut self) -> Result<Map, Error> {
        if let Some(e) = &self.failed {
            return Err(e.clone());
        }
        'batches: loop {
            // What ends the stream, if anything does: one way out, so that ending it is
            // written once.
            let failure = 'read: {
                let (pending, conn) = match self.live() {
                    Ok(Some(live)) => live,
                    Ok(None) => return Ok(self.metadata.clone()),
                    Err(e) => break 'read e,
                };
                let mut records = RecordBatch::default();
                let answer = loop {
                    match conn.next_answer(pending).await {
                        Ok(Response::Records(batch)) => {
                            self.received += batch.len() as u64;
                            // About a batch of the default size is kept: a PULL for everything
                            // (fetchSize -1) may still be bringing millions of records.
                            if records.len() < DEFAULT_FETCH_SIZE as usize {
                                records.append(batch);
                            }
                        }
                        other => break other,
                    }
                };
                if !records.is_empty() {
                    self.buffered.push_back(records);
                }
                match answer {
                    Ok(Response::Success(metadata)) => {
                        if metadata::has_more(&metadata) == Ok(true) {
                            // Nothing was asked for beyond this batch yet: discard the rest.
                            self.pending = Some(conn.send(&Request::Discard {
                                n: ALL,
                                qid: self.qid,
                            })?);
                        } else {
                            self.finish(metadata).await?;
                        }
                        continue 'batches;
                    }
                    Ok(_) => ignored(),
                    Err(e) => e,
                }
            };
            return Err(self.fail(failure).await);
        }
    }

    /// How many records have arrived from the server, read or not.
    pub fn records_received(&self) -> u64 {
        self.received
    }

    /// Handles the SUCCESS that ends a batch: asks for the next one, or finishes.
    async fn after_batch(&mut self, conn: &BoltConnection, metadata: Map) -> Result<(), Error> {
        // The connection checked `has_more` already: it fails on one of the wrong type.
        if metadata::has_more(&metadata) == Ok(true) {
            self.pending = Some(conn.send(&Request::Pull {
                n: self.fetch_size,
                qid: self.qid,
            })?);
        } else {
            self.finish(metadata).await?;
        }
        Ok(())
    }

    /// The stream has ended: keep the summary, free the connection, pass the bookmark on. A
    /// summary naming a query type that does not exist is the server's protocol error.
    async fn finish(&mut self, metadata: Map) -> Result<(), Error> {
        let bookmark = metadata::bookmark(&metadata);
        let invalid = metadata::query_type(&metadata)
            .err()
            .or(bookmark.clone().err());
        self.pending = None;
        let bookmark = bookmark.ok().flatten();
        self.metadata.extend(metadata);
        if let StreamConnection::Pooled(lease) = &self.connection {
            lease.borrow_mut().take();
        }
        if let (Some((bookmarks, used)), Some(bookmark)) = (self.bookmarks.take(), bookmark) {
            bookmarks.committed(used, bookmark).await?;
        }
        match invalid {
            Some(e) => {
                let error = invalid_metadata(e);
                self.failed = Some(error.clone());
                Err(error)
            }
            None => Ok(()),
        }
    }

    /// Ends the stream with `error`. An auto-commit stream's connection is RESET before it
    /// goes back to the pool; a transaction's query ends its transaction.
    async fn fail(&mut self, error: Error) -> Error {
        self.pending = None;
        self.failed = Some(error.clone());
        let connection = match &self.connection {
            StreamConnection::Pooled(lease) => lease.borrow_mut().take(),
            StreamConnection::Transaction(_, tx) => tx.end_with(error.clone()),
        };
        if let Some(connection) = connection {
            reset(&connection).await;
        }
        error
    }
}

/// Ends a query's or a transaction's work from outside (when the application aborts it): takes
/// its connection away, so that the pool ends the work on the server (RESET) and takes the
/// connection back, while any read still waiting on it fails.
#[derive(Clone)]
pub struct Interrupter(Interrupted);

/// What an [`Interrupter`] ends.
#[derive(Clone)]
enum Interrupted {
    /// An auto-commit query, through its connection.
    Stream(Lease),
    /// A transaction, which fails with the error given.
    Transaction(Rc<TxLink>),
}

impl Interrupter {
    /// The interrupter of a transaction.
    pub(super) fn of_transaction(tx: Rc<TxLink>) -> Self {
        Interrupter(Interrupted::Transaction(tx))
    }

    /// Ends the work; a transaction fails with `error`.
    pub fn interrupt(&self, error: Error) {
        match &self.0 {
            Interrupted::Stream(lease) => {
                if let Some(connection) = lease.borrow_mut().take() {
                    connection.abandon_answers(&error);
                }
            }
            Interrupted::Transaction(tx) => tx.abandon(error),
        }
    }
}

/// Returns a connection to a clean state after a failure; if even that fails, the connection
/// is broken and the pool closes it.
pub(super) async fn reset(connection: &BoltConnection) {
    if let Ok(id) = connection.send(&Request::Reset) {
        let _ = connection.final_answer(id).await;
    }
}

pub(super) fn ignored() -> Error {
    Error::Usage(
        "the server ignored the request because an earlier one in the pipeline failed".into(),
    )
}

/// The error of metadata the server sent that breaks the protocol (a key of the wrong type).
pub(super) fn invalid_metadata(e: MetadataError) -> Error {
    ProtocolError::InvalidMetadata(e).into()
}
