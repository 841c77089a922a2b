// The records and summary of one query, read as the application asks for them: awaited whole
// (a Result is a thenable), pushed to a subscriber, or pulled with `for await`. Records come
// from the core in batches of `fetchSize`; the next batch is only asked for when the
// application reaches it, so memory stays flat however large the result.

import { Record, createFieldLookup } from './record.js';
import { ResultSummary, withDefaultDiagnosticRecords } from './result-summary.js';
import { ProtocolVersion } from './protocol-version.js';
import { newError } from './error.js';
import { whenAborted } from './abort.js';

/**
 * The result of `run`: a promise-like of `{ records, summary }` that can also be streamed.
 */
export class Result {
  #stream;
  #query;
  #parameters;
  /** The column names and their positions, shared by every record. */
  #keys = null;
  #lookup = null;
  /** The batch being read, and the position of the next record in it. */
  #batch = [];
  #next = 0;
  /** No more batches: every record has been read, or the rest were discarded. */
  #exhausted = false;
  #summary = null;
  /** The summary has arrived: the result is no longer open. */
  #finished = false;
  /** Why the result failed, once it did: every later read gives this error again. */
  #error = null;
  #collected = null;
  /** The batch being fetched, so that concurrent readers share it. */
  #fetching = null;
  /** Stops listening to the signal that aborts the query, once the result has ended. */
  #stopListening;
  /** The signal aborted the query: no record is handed out any more. */
  #aborted = false;
  /** What each record becomes once `as` was called, or null. */
  #mapper = null;
  /** The core's stream was freed: nothing more can come from it. */
  #released = false;
  /** The iteration was ended early: records not read yet are dropped, not kept. */
  #dropRest = false;

  /**
   * @param {Promise<object>} stream the core's stream of the query, once the server accepted it
   * @param {string} query
   * @param {object} parameters
   * @param {AbortSignal|null} [signal] aborting it fails the result with its reason at once,
   *   and ends the query
   */
  constructor(stream, query, parameters, signal = null) {
    this.#stream = stream;
    this.#query = query;
    this.#parameters = parameters;
    this[Symbol.toStringTag] = 'Result';
    this.#stopListening = whenAborted(signal, (reason) => {
      this.#aborted = true;
      this.#failed(reason);
      stream.then((core) => core.abort(), () => {});
    });
    // The failure is reported to whoever reads the result.
    stream.catch((error) => { this.#failed(error); });
  }

  /** Remembers the result's first failure, and returns it. */
  #failed(error) {
    this.#error ??= error;
    this.#stopListening();
    return this.#error;
  }

  /**
   * The column names.
   * @returns {Promise<string[]>}
   */
  keys() {
    if (this.#error !== null) return Promise.reject(this.#error);
    return this.#stream.then((stream) => [...(this.#keys ??= stream.keys())]);
  }

  /**
   * The summary, once the query is done. Records that already arrived (or were on their way)
   * stay readable, as with neo4j-driver; the rest are discarded.
   * @returns {Promise<ResultSummary>}
   */
  summary() {
    if (this.#error !== null) return Promise.reject(this.#error);
    this.#summary ??= this.#stream.then(async (stream) => {
      const pulled = this.#exhausted;
      // Known without a round into the core once the stream is done.
      const { metadata, server, recordsReceived } = stream.summaryIfDone() ?? await stream.consume();
      metadata.server = { address: server.address, version: server.agent };
      metadata.statuses = withDefaultDiagnosticRecords(metadata.statuses);
      metadata.stream_summary = {
        have_records_streamed: recordsReceived > 0,
        pulled,
        has_keys: (this.#keys ??= stream.keys()).length > 0,
      };
      const version = new ProtocolVersion(server.protocolMajor, server.protocolMinor);
      this.#finished = true;
      this.#stopListening();
      // The records that stay readable move out of the core, so that its memory can be freed.
      if (!this.#dropRest) {
        while (!this.#exhausted && this.#error === null) await this.#fetchOnce().catch(() => {});
      }
      this.#releaseIfDone(stream);
      return new ResultSummary(this.#query, this.#parameters, metadata, version);
    }).catch((error) => { throw this.#failed(error); });
    return this.#summary;
  }

  /**
   * Maps the records to objects, as `record.as(constructorOrRules, rules)` does, for every way
   * of reading the result; call it before reading. A record that does not map fails the result
   * there, like a query error: the records before it can still be read.
   * @param {Function|Object} constructorOrRules a class callable without arguments, or rules
   * @param {Object} [rules]
   * @returns {Result} this result
   * @throws {Neo4jError} once the result is being read whole
   */
  as(constructorOrRules, rules) {
    if (this.#collected !== null) throw newError('Cannot call .as() on a Result that is being consumed');
    this.#mapper = (record) => record.as(constructorOrRules, rules);
    return this;
  }

  /**
   * Whether the result is still open: neither its summary nor an error has arrived.
   * @returns {boolean}
   */
  isOpen() {
    return !this.#finished && this.#error === null;
  }

  /**
   * Reads the whole result.
   * @returns {Promise<{records: Record[], summary: ResultSummary}>}
   */
  then(onFulfilled, onRejected) {
    this.#collected ??= this.#collect();
    return this.#collected.then(onFulfilled, onRejected);
  }

  /** Like a promise's `catch`. */
  catch(onRejected) {
    return this.then(null, onRejected);
  }

  /** Like a promise's `finally`. */
  finally(onFinally) {
    return this.then().finally(onFinally);
  }

  /**
   * Pushes the result to `observer`: `onKeys(keys)`, `onNext(record)` per record,
   * `onCompleted(summary)`, or `onError(error)` once anything fails. Each callback is optional.
   * @param {{onKeys?: Function, onNext?: Function, onCompleted?: Function, onError?: Function}} observer
   */
  subscribe(observer) {
    (async () => {
      try {
        const keys = await this.keys();
        observer.onKeys?.(keys);
        // The records of a batch at hand are pushed without waiting in between.
        for (;;) {
          while (this.#next < this.#batch.length && !this.#aborted) {
            observer.onNext?.(this.#batch[this.#next++]);
          }
          if (this.#exhausted) break;
          await this.#fetchOnce();
        }
        observer.onCompleted?.(await this.summary());
      } catch (error) {
        if (observer.onError) observer.onError(error);
      }
    })();
  }

  /**
   * Iterates the records with `for await`; `peek()` shows the next one without taking it.
   * When done, `next()` resolves with the summary as its value. A result that failed gives
   * its error again, also to a new iterator.
   */
  [Symbol.asyncIterator]() {
    if (!this.isOpen()) {
      const ended = () => Promise.reject(this.#error ?? newError('Result is already consumed'));
      return { next: ended, peek: ended, return: ended };
    }
    const next = async () => {
      const record = await this.#read();
      return record === null ? { done: true, value: await this.summary() } : { done: false, value: record };
    };
    return {
      // A record of the batch at hand needs no await of its own (none once it was aborted).
      next: () => (this.#next < this.#batch.length && !this.#aborted
        ? Promise.resolve({ done: false, value: this.#batch[this.#next++] })
        : next()),
      peek: async () => {
        const record = await this.#peek();
        return record === null ? { done: true, value: await this.summary() } : { done: false, value: record };
      },
      // As with neo4j-driver, whose iterator drains them, records not read when the
      // iteration ends are dropped: the core's memory for them is given back at once.
      return: async () => {
        this.#dropRest = true;
        const summary = await this.summary();
        await this.#fetching?.catch(() => {});
        this.#batch = [];
        this.#next = 0;
        this.#exhausted = true;
        this.#releaseIfDone(await this.#stream);
        return { done: true, value: summary };
      },
    };
  }

  async #collect() {
    const records = [];
    for (;;) {
      while (this.#next < this.#batch.length) records.push(this.#batch[this.#next++]);
      if (this.#exhausted) break;
      await this.#fetchOnce();
    }
    return { records, summary: await this.summary() };
  }

  /** The next record without taking it, or `null` after the last one. */
  async #peek() {
    if (this.#aborted) throw this.#error;
    while (this.#next === this.#batch.length) {
      if (this.#exhausted) return null;
      await this.#fetchOnce();
    }
    return this.#batch[this.#next];
  }

  /** Takes the next record, or `null` after the last one. */
  async #read() {
    const record = await this.#peek();
    if (record !== null) this.#next += 1;
    return record;
  }

  /** Fetches the next batch; concurrent callers share one fetch. */
  #fetchOnce() {
    if (this.#error !== null) return Promise.reject(this.#error);
    this.#fetching ??= this.#fetch()
      .catch((error) => { throw this.#failed(error); })
      .finally(() => { this.#fetching = null; });
    return this.#fetching;
  }

  async #fetch() {
    const stream = await this.#stream;
    const rows = await stream.nextBatch();
    // Aborted meanwhile: the records that still came are not handed out.
    if (this.#aborted) throw this.#error;
    if (rows === null) {
      this.#exhausted = true;
      this.#releaseIfDone(stream);
      return;
    }
    this.#keys ??= stream.keys();
    this.#lookup ??= createFieldLookup(this.#keys);
    const records = this.#mapped(rows.map((fields) => new Record(this.#keys, fields, this.#lookup)));
    // Records not read yet stay first (`summary()` fetches the rest while some are unread).
    this.#batch = this.#next < this.#batch.length ? this.#batch.slice(this.#next).concat(records) : records;
    this.#next = 0;
    // The summary came with this batch (a small result): no fetch only to learn the end.
    this.#exhausted = stream.exhausted();
    this.#releaseIfDone(stream);
  }

  /**
   * Frees the core's stream once nothing more can be read from it (its summary is in, and no
   * batch is left or it failed), rather than when the garbage collector finalises it: the
   * core's memory is not the garbage collector's to see, and thousands of finished results
   * waiting for it would each hold their last batch there.
   */
  #releaseIfDone(stream) {
    if (this.#released || !this.#finished || (!this.#exhausted && this.#error === null)) return;
    this.#released = true;
    stream.free();
  }

  /**
   * The records as the application reads them: mapped, once `as` was called. When one does
   * not map, the result fails with that error after the records before it, and the rest of
   * the stream is discarded.
   */
  #mapped(records) {
    if (this.#mapper === null) return records;
    const mapped = [];
    try {
      for (const record of records) mapped.push(this.#mapper(record));
    } catch (error) {
      // Readers get the error after the mapped records: the summary, and any further fetch, fail with it.
      this.#failed(error);
      this.#stream.then((stream) => stream.consume()).catch(() => {});
    }
    return mapped;
  }
}
