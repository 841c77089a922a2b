// The records and summary of one query, read as the application asks for them: awaited whole
// (a Result is a thenable), pushed to a subscriber, or pulled with `for await`. Records come
// from the core in batches of `fetchSize`; the next batch is only asked for when the
// application reaches it, so memory stays flat however large the result.

import { Record, createFieldLookup } from './record.js';
import { ResultSummary } from './result-summary.js';
import { ProtocolVersion } from './protocol-version.js';

/** Swallows a rejection that the application will see through another call. */
const ignore = () => {};

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
  #recordsSeen = 0;
  #summary = null;
  #collected = null;
  /** The batch being fetched, so that concurrent readers share it. */
  #fetching = null;

  /**
   * @param {Promise<object>} stream the core's stream of the query, once the server accepted it
   * @param {string} query
   * @param {object} parameters
   */
  constructor(stream, query, parameters) {
    this.#stream = stream;
    this.#query = query;
    this.#parameters = parameters;
    // The failure is reported to whoever reads the result.
    stream.catch(ignore);
  }

  /**
   * The column names.
   * @returns {Promise<string[]>}
   */
  keys() {
    return this.#stream.then((stream) => stream.keys());
  }

  /**
   * The summary, once the query is done. Records not read yet are discarded.
   * @returns {Promise<ResultSummary>}
   */
  summary() {
    this.#summary ??= this.#stream.then(async (stream) => {
      const pulled = this.#exhausted;
      const { metadata, server } = await stream.consume();
      this.#exhausted = true;
      this.#batch = [];
      this.#next = 0;
      metadata.server = { address: server.address, version: server.agent };
      metadata.stream_summary = {
        have_records_streamed: this.#recordsSeen > 0,
        pulled,
        has_keys: stream.keys().length > 0,
      };
      const version = new ProtocolVersion(server.protocolMajor, server.protocolMinor);
      return new ResultSummary(this.#query, this.#parameters, metadata, version);
    });
    return this.#summary;
  }

  /**
   * Whether the query may still deliver records (its summary is not known yet).
   * @returns {boolean}
   */
  isOpen() {
    return this.#summary === null;
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
        for (let record = await this.#read(); record !== null; record = await this.#read()) {
          observer.onNext?.(record);
        }
        observer.onCompleted?.(await this.summary());
      } catch (error) {
        if (observer.onError) observer.onError(error);
      }
    })();
  }

  /**
   * Iterates the records with `for await`; `peek()` shows the next one without taking it.
   * When done, `next()` resolves with the summary as its value.
   */
  [Symbol.asyncIterator]() {
    return {
      next: async () => {
        const record = await this.#read();
        return record === null ? { done: true, value: await this.summary() } : { done: false, value: record };
      },
      peek: async () => {
        const record = await this.#peek();
        return record === null ? { done: true, value: await this.summary() } : { done: false, value: record };
      },
      return: async () => ({ done: true, value: await this.summary() }),
    };
  }

  get [Symbol.toStringTag]() {
    return 'Result';
  }

  async #collect() {
    const records = [];
    for (let record = await this.#read(); record !== null; record = await this.#read()) {
      records.push(record);
    }
    return { records, summary: await this.summary() };
  }

  /** The next record without taking it, or `null` after the last one. */
  async #peek() {
    while (this.#next === this.#batch.length) {
      if (this.#exhausted) return null;
      this.#fetching ??= this.#fetch().finally(() => { this.#fetching = null; });
      await this.#fetching;
    }
    return this.#batch[this.#next];
  }

  /** Takes the next record, or `null` after the last one. */
  async #read() {
    const record = await this.#peek();
    if (record !== null) {
      this.#next += 1;
      this.#recordsSeen += 1;
    }
    return record;
  }

  async #fetch() {
    const stream = await this.#stream;
    const rows = this.#exhausted ? null : await stream.nextBatch();
    if (rows === null) {
      this.#exhausted = true;
      return;
    }
    this.#keys ??= stream.keys();
    this.#lookup ??= createFieldLookup(this.#keys);
    this.#batch = rows.map((fields) => new Record(this.#keys, fields, this.#lookup));
    this.#next = 0;
  }
}
